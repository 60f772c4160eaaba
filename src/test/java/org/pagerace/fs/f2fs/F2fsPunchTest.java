package org.pagerace.fs.f2fs;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.Inode;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.Truncate;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sched.StepScheduler;

/**
 * f2fs's hole punch against a write fault: the punch stopped after it dropped the page cache and before it freed
 * the blocks ({@code B:TRUNCATE_REMOVED}), then the store, then the rest of the punch.
 */
class F2fsPunchTest {
    private static final String SCHEDULE = "B:TRUNCATE_REMOVED,A,B";

    private static Outcome race(FileSystem fs) {
        Sample s = Sample.create(fs, Race.PUNCH_HOLE, new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run(SCHEDULE);
        }
        return s.judge();
    }

    /** 4.11: the fault brings the page back between the page-cache drop and truncate_hole; the store is lost. */
    @Test
    void beforeTheFixAFaultRefillsTheHole() {
        assertEquals(Outcome.LOST_WRITE, race(Filesystems.resolve("f2fs@4.11").create()));
    }

    /** 5a3a2d83: the fault waits on i_mmap_sem until the punch has freed the blocks; its store lands after it. */
    @Test
    void iMmapSemKeepsTheFaultOutOfThePunch() {
        Outcome o = race(Filesystems.resolve("f2fs@5a3a2d83").create());
        assertFalse(o.isBug(), o.id());
    }

    /** The fixed version with the punch's i_mmap_sem taken out again: the bug comes back. */
    @Test
    void withoutTheLockInPunchHoleTheBugComesBack() {
        assertEquals(Outcome.LOST_WRITE, race(new F2fs_5a3a2d83() {
            @Override
            protected void punch_hole(Inode inode, long off, long len) {
                Truncate.truncate_inode_pages_range(inode.i_mapping, off, off + len - 1);
                Points.at(Point.TRUNCATE_REMOVED);
                freeBlocks(inode, off, len);
            }
        }));
    }
}
