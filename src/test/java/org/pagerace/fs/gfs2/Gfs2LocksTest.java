package org.pagerace.fs.gfs2;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.BlockMap;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.VmFault;
import org.pagerace.mm.VmFaultReason;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sched.StepScheduler;

/**
 * What gfs2 2.6.37's inode glock excludes, and the handler's answers as its source has them (issue 13): a local
 * truncate waits outside the handler; a changed mapping is 0, which the VM retries, not SIGBUS; a page whose blocks
 * are allocated is answered at once.
 */
class Gfs2LocksTest {
    /** gfs2 2.6.37 with the glock taken out of {@code gfs2_page_mkwrite}: the same body, unlocked. */
    public static final class WithoutGlock extends Gfs2_2_6_37 {
        @Override
        protected int gfs2_page_mkwrite(VmFault vmf) {
            Folio page = vmf.page;
            Inode inode = vmf.inode();
            if (!gfs2_write_alloc_required(inode, Folio.folio_pos(page), PageSize.PAGE_SIZE)) {
                return 0;
            }
            Folio.folio_lock(page);
            try {
                if (page.index > Inode.i_size_read(inode) >> PageSize.PAGE_SHIFT) {
                    return VmFaultReason.VM_FAULT_SIGBUS;
                }
                if (!Folio.folio_test_uptodate(page) || page.mapping != inode.i_mapping) {
                    return 0;
                }
                Points.at(Point.MKWRITE_CHECKED);
                return gfs2_allocate_page_backing(page) == 0 ? 0 : VmFaultReason.VM_FAULT_SIGBUS;
            } finally {
                Folio.folio_unlock(page);
            }
        }
    }

    private static Sample sample(FileSystem fs, String race) {
        return Sample.create(fs, Race.byId(race), new ModelBacking(Sample.SIZE, Sample.SIZE));
    }

    private static Outcome run(FileSystem fs, String race, String schedule) {
        Sample s = sample(fs, race);
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run(schedule);
        }
        return s.judge();
    }

    private static FileSystem gfs2() {
        return Filesystems.resolve("gfs2@2.6.37").create();
    }

    /** Steps A into the handler, then B as far as it gets; returns whether B waits, and i_size at that moment. */
    private static long[] truncateAgainstTheHandler(FileSystem fs) {
        Sample s = sample(fs, "truncate-down");
        long size;
        boolean blocked;
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.runUntil("A", Point.MKWRITE_CHECKED);
            sched.runWhileEnabled("B");
            blocked = sched.isBlocked("B");
            size = Inode.i_size_read(s.inode());
            sched.finishAll();
        }
        return new long[] {blocked ? 1 : 0, size};
    }

    @Test
    void aLocalTruncateWaitsForTheGlockOutsideTheHandler() {
        long[] r = truncateAgainstTheHandler(gfs2());
        assertEquals(1, r[0], "the truncate waits");
        assertEquals(Sample.SIZE, r[1], "and has not written i_size: the glock shuts it out of the handler");
    }

    @Test
    void withoutTheGlockTheTruncateRunsInsideTheHandler() {
        long[] r = truncateAgainstTheHandler(new WithoutGlock());
        assertEquals(Sample.PAGE_OFFSET, r[1], "i_size is written while the handler holds the page");
    }

    @Test
    void aChangedMappingIsAnsweredWithZeroAndTheFaultRetries() {
        assertEquals(Outcome.OK_RETRIED, run(gfs2(), "invalidate", "A:WP_PTE_UNLOCKED,B"),
                "not the SPURIOUS_SIGBUS of the 2.6.28 block_page_mkwrite the seed's 'sigbus' handler mirrors");
    }

    @Test
    void aPageWhoseBlocksAreAllocatedIsAnsweredAtOnce() {
        Sample s = sample(gfs2(), "writeback");
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run("A,B");
        }
        assertEquals(BlockMap.ALLOCATED, BlockMap.of(s.inode()).state(Sample.PAGE), "written back: a block");
        assertFalse(Gfs2_2_6_37.gfs2_write_alloc_required(s.inode(), Sample.PAGE_OFFSET, 4096));
        assertTrue(Gfs2_2_6_37.gfs2_write_alloc_required(s.inode(), Sample.SIZE - 4096 + 1, 4096),
                "a range reaching past i_size needs allocation");
        assertEquals(Outcome.OK, s.judge());
    }
}
