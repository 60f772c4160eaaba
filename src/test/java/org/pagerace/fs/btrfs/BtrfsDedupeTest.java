package org.pagerace.fs.btrfs;

import static org.junit.jupiter.api.Assertions.*;
import static org.pagerace.fs.PartnerSteps.*;
import static org.pagerace.fs.btrfs.BtrfsInodeInfo.BTRFS_I;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Sample;
import org.pagerace.fs.BlockMap;
import org.pagerace.fs.FileSystem;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.sched.StepScheduler;

/**
 * btrfs dedupe against a write fault (the remap half of H19): the dedupe's one window (after the compare, before
 * the extent lock), the fault that runs in it in 5.12 and keeps its delalloc and data, the fault that waits for
 * {@code i_mmap_lock} in 6.12 (8c99516a8cdd), and a store before the dedupe, which makes the ranges differ so that
 * nothing is shared.
 */
class BtrfsDedupeTest {
    @Test
    void theDedupeComparesThenSharesTheExtent() {
        assertEquals(List.of("REMAP_COMPARED"), partnerPoints(new Btrfs_5_12(), "dedupe"));
    }

    @Test
    void in5_12AFaultBetweenTheCompareAndTheExtentLockKeepsItsDelallocAndItsData() {
        Sample s = run(sample(new Btrfs_5_12(), "dedupe"), "B:REMAP_COMPARED,A,B");
        assertFalse(s.judge().isBug(), s.judge().id());
        assertEquals(BlockMap.RESERVED, BlockMap.of(s.inode()).state(Sample.PAGE), "delalloc survives the sharing");
        assertEquals(Sample.VALUE, s.inode().backing().read(Sample.PAGE_OFFSET));
    }

    @Test
    void in6_12TheFaultWaitsForI_mmap_lockUntilTheRemapIsDone() {
        Sample s = sample(new Btrfs_6_12(), "dedupe");
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.runUntil("B", FileSystem.REMAP_COMPARED);
            assertTrue(RwSemaphore.rwsem_is_locked(BTRFS_I(s.inode()).i_mmap_lock));
            sched.runWhileEnabled("A");
            assertTrue(sched.isBlocked("A"), "btrfs_page_mkwrite waits for i_mmap_lock");
            sched.finishAll();
        }
        assertFalse(s.judge().isBug());
    }

    @Test
    void aStoreBeforeTheCompareMakesTheRangesDifferAndNothingIsShared() {
        Sample s = sample(new Btrfs_5_12(), "dedupe");
        long[] deduped = new long[1];
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", () -> deduped[0] = s.fs().dedupe_file_range(s.inode(),
                    Sample.SIZE - 4096, Sample.PAGE_OFFSET, 4096));
            sched.run("A,B");
        }
        assertEquals(0, deduped[0]);
        assertEquals(Outcome.OK, s.judge());
    }
}
