package org.pagerace.fs.f2fs;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.BlockMap;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.Inode;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.StepScheduler;

/**
 * f2fs's write fault against a truncate below the page, either side of 39a869582451 "f2fs: refactor
 * ->page_mkwrite() flow": before it the block is reserved before the page lock, after it under i_mmap_sem and the
 * page lock, after the checks. Actor A is the store into page 1, B the truncate.
 */
class F2fsPageMkwriteFlowTest {
    /** The fault has dropped the pte lock and not yet called page_mkwrite; the truncate runs whole; then the fault. */
    private static final String TRUNCATE_BEFORE_MKWRITE = "A:WP_PTE_UNLOCKED,B,A";

    private static Sample race(FileSystem fs, String schedule) {
        Sample s = Sample.create(fs, Race.TRUNCATE_DOWN, new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run(schedule);
        }
        return s;
    }

    /** f2fs@39a86958 with the fix reverted: the block reserved first, outside i_mmap_sem and the page lock. */
    static final class ReservedFirst extends F2fs_39a86958 {
        @Override
        protected int f2fs_vm_page_mkwrite(VmFault vmf) {
            BlockMap.of(vmf.inode()).reserveBlock(vmf.page.index);
            return super.f2fs_vm_page_mkwrite(vmf);
        }
    }

    @Test
    void beforeTheRefactorABlockIsReservedForThePageTruncateRemoved() {
        Sample s = race(Filesystems.resolve("f2fs@5a3a2d83").create(), TRUNCATE_BEFORE_MKWRITE);
        assertEquals(Outcome.BLOCK_BEYOND_EOF, s.judge());
        assertEquals(BlockMap.RESERVED, BlockMap.of(s.inode()).state(Sample.PAGE));
    }

    @Test
    void afterTheRefactorTheFaultFindsThePageTruncatedBeforeItReservesAnything() {
        Sample s = race(Filesystems.resolve("f2fs@39a86958").create(), TRUNCATE_BEFORE_MKWRITE);
        assertEquals(Outcome.SIGBUS, s.judge());
        assertEquals(BlockMap.NONE, BlockMap.of(s.inode()).state(Sample.PAGE));
    }

    @Test
    void withTheRefactorRevertedTheLeakedBlockComesBack() {
        assertEquals(Outcome.BLOCK_BEYOND_EOF, race(new ReservedFirst(), TRUNCATE_BEFORE_MKWRITE).judge());
    }

    /** After the refactor the handler holds i_mmap_sem shared with the block reserved: the truncate waits for it. */
    @Test
    void afterTheRefactorTruncateWaitsForTheHandlersIMmapSem() {
        Sample s = Sample.create(Filesystems.resolve("f2fs@39a86958").create(), Race.TRUNCATE_DOWN,
                new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.runUntil("A", Point.MKWRITE_CHECKED);
            sched.runWhileEnabled("B");
            assertTrue(sched.isBlocked("B"), "f2fs_setattr waits for i_mmap_sem");
            assertEquals(Sample.SIZE, Inode.i_size_read(s.inode()), "i_size not yet written");
            sched.finishAll();
        }
        assertEquals(Outcome.DISCARDED, s.judge());
    }

    /** Before the refactor the reservation is made before i_mmap_sem: the truncate is not held off by it. */
    @Test
    void beforeTheRefactorTheReservationIsOutsideIMmapSem() {
        Sample s = Sample.create(Filesystems.resolve("f2fs@5a3a2d83").create(), Race.TRUNCATE_DOWN,
                new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.runUntil("A", F2fs_4_11.F2FS_BLOCK_RESERVED);
            sched.runWhileEnabled("B");
            assertFalse(sched.isBlocked("B"), "the truncate ran to its end");
            sched.finishAll();
        }
        assertEquals(Outcome.SIGBUS, s.judge(), "the truncate freed the block reserved before it; the fault finds the page gone");
    }
}
