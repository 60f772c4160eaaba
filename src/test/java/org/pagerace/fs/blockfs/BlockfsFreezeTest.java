package org.pagerace.fs.blockfs;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.StepScheduler;

/**
 * block_page_mkwrite against a freeze (three actors: the store, freeze_super, the thaw once the freeze has
 * returned). 3.1's scheme (ea13a86463fd) checks {@code vfs_check_frozen} before the page lock and {@code s_frozen}
 * after {@code set_page_dirty}: a fault past the first check when the freeze runs to its end dirties the page on the
 * frozen filesystem. 3.6's {@code sb_start_pagefault} (14da9200140f) makes the freeze wait for that fault and write
 * its page back before it returns; 3.6 without it dirties the page on the frozen filesystem again.
 */
class BlockfsFreezeTest {
    /**
     * The store stops past the freeze check, before the page lock; the freeze runs as far as it can; the store runs
     * as far as it can; the thaw.
     */
    private static final String FAULT_PAST_THE_CHECK = "fault:MKWRITE_TIME_UPDATED,partner,fault,third";
    /** The freeze runs to its end first; then the store faults; then the thaw. */
    private static final String FREEZE_FIRST = "partner,fault,third";

    private static Outcome race(FileSystem fs, String schedule) {
        Sample s = Sample.create(fs, Race.FREEZE, new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            s.actors().forEach(sched::actor);
            sched.run(schedule);
        }
        return s.judge();
    }

    @Test
    void onlyTheVersionsThatModelFreezingRaceIt() {
        assertTrue(Race.FREEZE.appliesTo(Filesystems.resolve("blockfs@3.1")));
        assertFalse(Race.FREEZE.appliesTo(Filesystems.resolve("ext4@6.12")), "ext4's models do not opt in");
    }

    /** 3.1: past vfs_check_frozen when the freeze syncs and returns: set_page_dirty on the frozen filesystem. */
    @Test
    void aFaultPastTheRacyCheckDirtiesThePageOnTheFrozenFilesystem() {
        assertEquals(Outcome.FROZEN_DIRTY, race(Filesystems.resolve("blockfs@3.1").create(), FAULT_PAST_THE_CHECK));
    }

    /** 3.1: a fault that comes after the freeze waits in vfs_check_frozen until the thaw, then stores. */
    @Test
    void aFaultAfterTheFreezeWaitsForTheThaw() {
        Outcome o = race(Filesystems.resolve("blockfs@3.1").create(), FREEZE_FIRST);
        assertFalse(o.isBug(), o.id());
    }

    /** 3.6: the freeze waits in sb_wait_write for the fault inside sb_start_pagefault, then writes its page back. */
    @Test
    void theFreezeWaitsForAFaultInsideSbStartPagefault() {
        Outcome o = race(Filesystems.resolve("blockfs@3.6").create(), FAULT_PAST_THE_CHECK);
        assertFalse(o.isBug(), o.id());
    }

    /** 3.6 with sb_start_pagefault taken out (the fault unprotected): the page is dirtied on the frozen fs again. */
    @Test
    void withoutSbStartPagefaultTheBugComesBack() {
        FileSystem unprotected = new Blockfs_3_6() {
            @Override
            protected int block_page_mkwrite(VmFault vmf) {
                org.pagerace.sched.Points.at(MKWRITE_FREEZE_CHECKED);
                org.pagerace.sched.Points.at(MKWRITE_TIME_UPDATED);
                return org.pagerace.mm.VmFaultReason.vmf_fs_error(__block_page_mkwrite(vmf));
            }
        };
        assertEquals(Outcome.FROZEN_DIRTY, race(unprotected, FAULT_PAST_THE_CHECK));
    }
}
