package org.pagerace.fs.ext4;

import static org.junit.jupiter.api.Assertions.*;
import static org.pagerace.fs.PartnerSteps.*;
import static org.pagerace.fs.ext4.Ext4InodeInfo.EXT4_I;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Sample;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.RwSemaphore;

/**
 * Collapse and insert range on ext4, step by step: the order of their steps in each version, the window
 * 32ebffd3bbb4 closed (a write fault between the flush and {@code truncate_pagecache}), what {@code i_mmap_sem} and
 * {@code invalidate_lock} exclude once the flush is inside them, and the lost write back when 6.12's lock is taken
 * out. A store is judged where the shift put its page.
 */
class Ext4ShiftRangeTest {
    @Test
    void before_32ebffd3_theCollapseFlushesBeforeItTakesItsLocks() {
        assertEquals(List.of("SHIFT_FLUSHED", "TRUNCATE_UNMAPPED", "TRUNCATE_REMOVED", "SHIFT_DROPPED"),
                partnerPoints(new Ext4_ea3d7209(), "collapse-range"));
        assertEquals(List.of("SHIFT_FLUSHED", "TRUNCATE_UNMAPPED", "TRUNCATE_REMOVED", "SHIFT_DROPPED"),
                partnerPoints(new Ext4_ea3d7209(), "insert-range"));
    }

    @Test
    void before_32ebffd3_aFaultAfterTheFlushDirtiesAPageTheCollapseThenDrops() {
        assertEquals(Outcome.LOST_WRITE, race(new Ext4_ea3d7209(), "collapse-range", "B:SHIFT_FLUSHED,A,B"));
        assertEquals(Outcome.LOST_WRITE, race(new Ext4_ea3d7209(), "insert-range", "B:SHIFT_FLUSHED,A,B"));
    }

    @Test
    void aStoreBeforeTheShiftIsWrittenBackAndMovesWithItsPage() {
        Sample collapsed = run(sample(new Ext4_ea3d7209(), "collapse-range"), "A,B");
        assertFalse(collapsed.judge().isBug());
        assertEquals(Sample.VALUE, collapsed.inode().backing().read(Sample.PAGE_OFFSET - PageSize.PAGE_SIZE),
                "collapse of page 0 moves page 1 to page 0");
        Sample inserted = run(sample(new Ext4_ea3d7209(), "insert-range"), "A,B");
        assertFalse(inserted.judge().isBug());
        assertEquals(Sample.VALUE, inserted.inode().backing().read(Sample.PAGE_OFFSET + PageSize.PAGE_SIZE),
                "insert at page 1 moves page 1 to page 2");
        assertEquals(Sample.SIZE, Inode.i_size_read(inserted.inode()), "3 pages and one inserted");
    }

    @Test
    void aStoreAfterTheShiftLandsInThePageNowAtItsIndex() {
        Sample s = run(sample(new Ext4_ea3d7209(), "collapse-range"), "B,A");
        assertFalse(s.judge().isBug());
        assertEquals(Sample.VALUE, s.inode().backing().read(Sample.PAGE_OFFSET));
        assertEquals(Sample.SIZE - PageSize.PAGE_SIZE, Inode.i_size_read(s.inode()));
    }

    @Test
    void from_32ebffd3_theFlushIsInsideTheLocksAndTheFaultWaitsForThem() {
        Sample s = sample(new Ext4_32ebffd3(), "collapse-range");
        try (org.pagerace.sched.StepScheduler sched = new org.pagerace.sched.StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.runUntil("B", Ext4_32ebffd3.SHIFT_FLUSHED);
            assertTrue(RwSemaphore.rwsem_is_locked(EXT4_I(s.inode()).i_mmap_sem), "i_mmap_sem held at the flush");
            sched.runWhileEnabled("A");
            assertTrue(sched.isBlocked("A"), "the write fault waits for i_mmap_sem");
            sched.finishAll();
        }
        assertFalse(s.judge().isBug(), s.judge().id());
        assertFalse(race(new Ext4_32ebffd3(), "insert-range", "B:SHIFT_FLUSHED,A,B").isBug());
        assertFalse(race(new Ext4_6_12(), "collapse-range", "B:SHIFT_FLUSHED,A,B").isBug());
        assertFalse(race(new Ext4_6_12(), "insert-range", "B:SHIFT_FLUSHED,A,B").isBug());
    }

    /** 6.12 with ext4_collapse_range's invalidate_lock taken out: the fault dirties the page between flush and drop. */
    static final class CollapseWithoutInvalidateLock extends Ext4_6_12 {
        @Override
        protected int ext4_collapse_range(Inode inode, long off, long len) {
            RwSemaphore.down_write(inode.i_rwsem);
            try {
                collapseFlushDropAndShift(inode, off, len);
            } finally {
                RwSemaphore.up_write(inode.i_rwsem);
            }
            return 0;
        }
    }

    @Test
    void without6_12sInvalidateLockTheLostWriteIsBack() {
        assertEquals(Outcome.LOST_WRITE, race(new CollapseWithoutInvalidateLock(), "collapse-range",
                "B:SHIFT_FLUSHED,A,B"));
    }
}
