package org.pagerace.fs.xfs;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.BlockMap;
import org.pagerace.fs.FileSystem;
import org.pagerace.mm.Inode;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.sched.StepScheduler;

/**
 * XFS with 1 KiB blocks against {@code truncate-up} (the file ends 1 KiB into the page, whose first block a store
 * prepared; the file grows back; the store goes to the page's last 8 bytes), around 2ebff7bbd785 "xfs: flush entire
 * last page of old EOF on truncate up": before it the page stays writable across the extension and the store lands
 * over a hole, which xfs_vm_writepage then throws away; the fix's flush write-protects the page so the store faults;
 * without the flush the bug is back; a store between the i_size update and the flush still lands over the hole, as
 * the commit says ("really just a best effort"); and 4.0 drops the flush because truncate_setsize's
 * pagecache_isize_extended (3.18) does the write-protection.
 */
class XfsTruncateUpTest {
    private static final long LAST_WORD = Sample.PAGE_OFFSET + PageSize.PAGE_SIZE - Long.BYTES;

    private static Sample race(FileSystem fs, int blockSize, String schedule) {
        Sample s = Sample.create(fs.withBlockSize(blockSize), Race.TRUNCATE_UP,
                new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run(schedule);
        }
        return s;
    }

    @Test
    void before_2ebff7bb_aStoreAfterTheExtensionLandsOverAHoleWithoutAFault() {
        Sample s = race(new Xfs_2_6_37(), 1024, "B,A");
        assertEquals(Outcome.UNBACKED_DIRTY, s.judge());
        assertEquals(0, s.store().faults, "the page stayed writable across the extension");
        assertEquals(Outcome.OK, race(new Xfs_2_6_37(), PageSize.PAGE_SIZE, "B,A").judge(),
                "with 4 KiB blocks page_mkwrite prepared the one block of the page");
    }

    @Test
    void before_2ebff7bb_writebackThrowsTheStoreOverTheHoleAway() {
        Sample s = race(new Xfs_2_6_37(), 1024, "B,A");
        PageWriteback.filemap_write_and_wait_range(s.inode().i_mapping, Sample.PAGE, Sample.PAGE);
        assertTrue(BlockMap.of(s.inode()).holeDiscardedAt(LAST_WORD) > 0, "xfs_vm_writepage skipped the hole");
        assertEquals(BlockMap.NONE, BlockMap.of(s.inode()).blockStateAt(LAST_WORD), "no block was allocated for it");
        assertEquals(Outcome.LOST_WRITE, s.judge());
    }

    @Test
    void xfs_2ebff7bb_flushesTheOldEofPageSoTheStoreFaultsAndIsPrepared() {
        Sample s = race(new Xfs_2ebff7bb(), 1024, "B,A");
        assertEquals(Outcome.OK, s.judge());
        assertEquals(1, s.store().faults, "the store faulted: page_mkwrite ran after the extension");
        assertNotEquals(BlockMap.NONE, BlockMap.of(s.inode()).blockStateAt(LAST_WORD), "its block was prepared");
    }

    /** 2ebff7bb with its one change reverted: a growing size change does not flush the old EOF page. */
    static final class WithoutTheFlush extends Xfs_2ebff7bb {
        @Override
        protected void xfs_setattr_size(Inode inode, long size) {
            truncate_size_locked(inode, size);
        }
    }

    @Test
    void withoutTheFlushTheBugIsBack() {
        assertEquals(Outcome.UNBACKED_DIRTY, race(new WithoutTheFlush(), 1024, "B,A").judge());
    }

    /**
     * The window 2ebff7bbd785 leaves open ("We can't actually serialise the page writeback and truncate against page
     * faults"): a store after i_size is written and before the flush lands without a fault, and the flush writes the
     * page with its new size and skips the hole. It raced the extension, so it may be ordered before it (the tail
     * beyond the old EOF, which need not be kept): correct, but the data is gone.
     */
    @Test
    void xfs_2ebff7bb_aStoreBeforeTheFlushIsStillThrownAway() {
        Sample s = race(new Xfs_2ebff7bb(), 1024, "B:TRUNCATE_SIZE_WRITTEN,A,B");
        assertEquals(0, s.store().faults, "the store landed through the still-writable pte");
        assertTrue(BlockMap.of(s.inode()).holeDiscardedAt(LAST_WORD) > 0, "the flush skipped the hole");
        assertEquals(Outcome.OK, s.judge(), "a store racing the extension may be dropped");
    }

    @Test
    void xfs_653c60b6_dropsTheFlushAndTruncateSetsizeWriteProtectsThePageInstead() {
        Sample s = race(new Xfs_653c60b6(), 1024, "B,A");
        assertEquals(Outcome.OK, s.judge());
        assertEquals(1, s.store().faults, "pagecache_isize_extended write-protected the page");
        assertEquals(Outcome.OK, race(new Xfs_6_12(), 1024, "B,A").judge());
    }
}
