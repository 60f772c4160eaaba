package org.pagerace.fs.xfs;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.explore.Explorer;
import org.pagerace.fs.Falloc;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.Inode;
import org.pagerace.mm.ModelBacking;
import org.pagerace.sched.Point;
import org.pagerace.sched.StepScheduler;
import org.pagerace.sys.Errno;

/**
 * XFS against hole punch, version by version: 3.19 loses a store to a fault between the page-cache drop and the
 * extent removal; XFS_MMAPLOCK (4.0) and its invalidate_lock form (5.15) close that window; taking the punch's
 * exclusive lock out brings the lost write back. The schedules read: {@code B:POINT} runs the punch until POINT,
 * {@code A} runs the store until it ends or waits for a lock.
 */
class XfsPunchTest {
    private static Explorer explorer;

    @BeforeAll
    static void start() {
        explorer = new Explorer(2);
    }

    @AfterAll
    static void stop() {
        explorer.close();
    }

    private static Sample sample(FileSystem fs) {
        return Sample.create(fs, Race.byId("punch-hole"), new ModelBacking(Sample.SIZE, Sample.SIZE));
    }

    /** The store runs in the window after the punch removed the page and before it freed the extents. */
    private static Outcome storeAfterPageCacheDrop(FileSystem fs) {
        Sample s = sample(fs);
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run("B:TRUNCATE_REMOVED,A");
        }
        return s.judge();
    }

    /** Where the store stops when it faults inside that window (null if it ran to its end). */
    private static Point storeStopsInWindow(FileSystem fs) {
        Sample s = sample(fs);
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.runUntil("B", Point.TRUNCATE_REMOVED);
            sched.runWhileEnabled("A");
            Point at = sched.isBlocked("A") ? sched.at("A") : null;
            sched.finishAll();
            assertFalse(s.judge().isBug(), fs.id() + ": " + s.judge());
            return at;
        }
    }

    private static Set<Outcome> reachableBugs(Class<? extends FileSystem> type) {
        Set<Outcome> bugs = EnumSet.noneOf(Outcome.class);
        var m = Filesystems.model(type, type.getName());
        explorer.explore(m, Race.byId("punch-hole"), m.create().era()).bugIds()
                .forEach(id -> bugs.add(Outcome.valueOf(id)));
        return bugs;
    }

    @Test
    void xfs2637HasNoHolePunch() {
        FileSystem fs = Filesystems.resolve("xfs@2.6.37").create();
        int punch = Falloc.FALLOC_FL_PUNCH_HOLE | Falloc.FALLOC_FL_KEEP_SIZE;
        assertFalse(fs.supportsFallocate(punch));
        Inode inode = sample(fs).inode();
        assertEquals(-Errno.EOPNOTSUPP, fs.fallocate(inode, punch, Sample.PAGE_OFFSET, 4096));
    }

    @Test
    void xfs319LosesAStoreMadeBetweenThePageCacheDropAndTheExtentRemoval() {
        assertEquals(Outcome.LOST_WRITE, storeAfterPageCacheDrop(Filesystems.resolve("xfs@3.19").create()));
    }

    @Test
    void theMmapLockMakesTheFaultWaitForThePunch() {
        assertEquals(Point.WAIT_RWSEM, storeStopsInWindow(Filesystems.resolve("xfs@653c60b6").create()));
        assertEquals(Point.WAIT_RWSEM, storeStopsInWindow(Filesystems.resolve("xfs@6.12").create()));
    }

    /** 653c60b6 with the punch's XFS_MMAPLOCK_EXCL taken out: the 3.19 punch under the 4.0 faults. */
    public static class Xfs653c60b6PunchWithoutMmapLock extends Xfs_653c60b6 {
        @Override
        protected int xfs_file_fallocate(Inode inode, int mode, long off, long len) {
            xfs_ilock(inode, XFS_IOLOCK_EXCL);
            try {
                xfs_free_file_space(inode, off, len);
            } finally {
                xfs_iunlock(inode, XFS_IOLOCK_EXCL);
            }
            return 0;
        }
    }

    /** 6.12 with the punch's XFS_MMAPLOCK_EXCL (invalidate_lock) taken out. */
    public static class Xfs612PunchWithoutMmapLock extends Xfs_6_12 {
        @Override
        protected int xfs_file_fallocate(Inode inode, int mode, long off, long len) {
            xfs_ilock(inode, XFS_IOLOCK_EXCL);
            try {
                xfs_free_file_space(inode, off, len);
            } finally {
                xfs_iunlock(inode, XFS_IOLOCK_EXCL);
            }
            return 0;
        }
    }

    /** 6.12 whose write fault skips XFS_MMAPLOCK_SHARED. */
    public static class Xfs612WriteFaultWithoutMmapLock extends Xfs_6_12 {
        @Override
        protected int xfs_filemap_page_mkwrite(org.pagerace.mm.VmFault vmf) {
            return org.pagerace.fs.iomap.BufferedIo.iomap_page_mkwrite(vmf);
        }
    }

    /** (xfs@6.12 itself reaches no bug: ExpectationsAreReproducibleTest, from its claims.) */
    @Test
    void withoutThePunchsMmapLockTheLostWriteComesBack() {
        assertTrue(reachableBugs(Xfs653c60b6PunchWithoutMmapLock.class).contains(Outcome.LOST_WRITE));
        assertTrue(reachableBugs(Xfs612PunchWithoutMmapLock.class).contains(Outcome.LOST_WRITE));
    }

    /**
     * In 6.12 the fault that re-creates a page in the hole is filemap_fault, which takes invalidate_lock shared
     * itself: the write fault's own XFS_MMAPLOCK_SHARED is not what keeps the page out of the hole.
     */
    @Test
    void in612FilemapFaultAloneKeepsThePageOutOfTheHole() {
        assertEquals(Set.of(), reachableBugs(Xfs612WriteFaultWithoutMmapLock.class));
    }
}
