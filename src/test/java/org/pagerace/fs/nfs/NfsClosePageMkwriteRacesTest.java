package org.pagerace.fs.nfs;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.ModelBacking;
import org.pagerace.sched.StepScheduler;

/**
 * nfs@2.6.29 and nfs@2.6.30, either side of "NFS: Close page_mkwrite() races" (2009), one interleaving per test.
 * Actor A is the store into page 1 (mapped read-only), B the race partner; both run under the 2.6.37 caller.
 * nfs@2.6.29 extends nfs@2.6.30 and changes only its {@code out_unlock:}, so it is the fix reverted: the pair is
 * the fix's test and its control (no third class reverts it again).
 */
class NfsClosePageMkwriteRacesTest {
    private static Sample race(FileSystem fs, String race, String schedule) {
        Sample s = Sample.create(fs, Race.byId(race), new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run(schedule);
        }
        return s;
    }

    private static FileSystem nfs(String version) {
        return Filesystems.resolve("nfs@" + version).create();
    }

    /** 2.6.29: the handler has unlocked the page (A stopped there); writeback cleans it; the store dirties it unnotified. */
    @Test
    void before2009WritebackCleansThePageBetweenTheHandlersUnlockAndTheDirtyPte() {
        Sample s = race(nfs("2.6.29"), "writeback", "A:MKWRITE_UNLOCKED,B");
        assertEquals(Outcome.UNNOTIFIED_DIRTY, s.judge());
    }

    /** 2.6.30: the handler returns LOCKED; writeback waits for the page lock until the pte is writable and dirty. */
    @Test
    void after2009WritebackWaitsForThePageLockTheHandlerKeeps() {
        Sample s = race(nfs("2.6.30"), "writeback", "A:MKWRITE_RETURNED,B");
        assertFalse(s.judge().isBug(), "gave " + s.judge());
    }

    /** i_size written first (B stopped there): nfs_page_length is 0, ret stays 0, LOCKED with no request: unbacked. */
    @Test
    void after2009APagePastEofIsReturnedLockedWithoutARequest() {
        Sample s = race(nfs("2.6.30"), "truncate-down", "B:TRUNCATE_SIZE_WRITTEN,A");
        assertEquals(Outcome.UNBACKED_DIRTY, s.judge());
    }

    /** The page truncated and the size restored before the handler locks it: -EINVAL, SIGBUS inside i_size. */
    @Test
    void aTruncatedPageIsASigbusEvenInsideISize() {
        Sample s = race(nfs("2.6.30"), "truncate-down-up", "A:WP_PTE_UNLOCKED,B");
        assertEquals(Outcome.SPURIOUS_SIGBUS, s.judge());
    }

    @Test
    void theNfsClientOf2009HasNoHolePunch() {
        assertFalse(Race.PUNCH_HOLE.appliesTo(Filesystems.resolve("nfs@2.6.30")));
        assertFalse(Race.PUNCH_HOLE.appliesTo(Filesystems.resolve("nfs@2.6.29")));
    }
}
