package org.pagerace.fs.ubifs;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.Folio;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.StepScheduler;

/**
 * ubifs's page_mkwrite against writeback: the store stopped right after the handler unlocked the page
 * ({@code A:MKWRITE_UNLOCKED}), then the writeback, then the rest of the store.
 */
class UbifsWritebackTest {
    private static Outcome race(FileSystem fs, String schedule) {
        Sample s = Sample.create(fs, Race.WRITEBACK, new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run(schedule);
        }
        return s.judge();
    }

    /** 3.7 returns 0 with the page unlocked: writeback cleans it before the VM's dirty pte. */
    @Test
    void anUnlockedReturnLetsWritebackCleanThePage() {
        assertEquals(Outcome.UNNOTIFIED_DIRTY, race(Filesystems.resolve("ubifs@3.7").create(), "A:MKWRITE_UNLOCKED,B"));
    }

    /** 3.8 returns LOCKED: writeback waits for the page lock, which the VM drops after the dirty pte. */
    @Test
    void aLockedReturnKeepsWritebackOut() {
        Outcome o = race(Filesystems.resolve("ubifs@3.8").create(), "A:MKWRITE_CHECKED,B");
        assertFalse(o.isBug(), o.id());
    }

    /** 3.8 with the fix reverted (unlock, return 0): the bug comes back. */
    @Test
    void revertingTheLockedReturnBringsTheBugBack() {
        FileSystem reverted = new Ubifs_3_8() {
            @Override
            protected int ubifs_vm_page_mkwrite(VmFault vmf) {
                int ret = super.ubifs_vm_page_mkwrite(vmf);
                if (ret == org.pagerace.mm.VmFaultReason.VM_FAULT_LOCKED) {
                    Folio.folio_unlock(vmf.page);
                    return 0;
                }
                return ret;
            }
        };
        assertEquals(Outcome.UNNOTIFIED_DIRTY, race(reverted, "A:MKWRITE_UNLOCKED,B"));
    }
}
