package org.pagerace.fs.btrfs;

import static org.junit.jupiter.api.Assertions.*;
import static org.pagerace.fs.btrfs.BtrfsInodeInfo.BTRFS_I;
import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.explore.Explorer;
import org.pagerace.fs.BlockMap;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.Truncate;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.StepScheduler;

/**
 * btrfs against hole punch: what each guard excludes, and that taking the guards out brings a lost write. Before
 * 8318ba79eeeb the extent lock that {@code btrfs_page_mkwrite} takes and the punch's recheck of the range for
 * pages are what keep a re-created page from being written into extents about to be dropped; since then
 * {@code i_mmap_lock} also keeps the write fault out of the whole punch.
 */
class BtrfsPunchTest {
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

    private static Set<Outcome> reachableBugs(Class<? extends FileSystem> type) {
        Set<Outcome> bugs = EnumSet.noneOf(Outcome.class);
        var m = Filesystems.model(type, type.getName());
        explorer.explore(m, Race.byId("punch-hole"), m.create().era()).bugIds()
                .forEach(id -> bugs.add(Outcome.valueOf(id)));
        return bugs;
    }

    /** Runs {@code first} to {@code point}, then {@code second} while it can; returns where second waits, or null. */
    private static Point secondWaitsAt(FileSystem fs, String first, Point point, String second) {
        Sample s = sample(fs);
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.runUntil(first, point);
            sched.runWhileEnabled(second);
            Point at = sched.isBlocked(second) ? sched.at(second) : null;
            sched.finishAll();
            assertFalse(s.judge().isBug(), fs.id() + ": " + s.judge());
            return at;
        }
    }

    @Test
    void aPageRecreatedAfterTheRangeCheckWaitsForTheExtentLock() {
        for (String id : new String[] {"btrfs@5.12", "btrfs@6.12"}) {
            assertEquals(Point.WAIT_RWSEM, secondWaitsAt(Filesystems.resolve(id).create(), "B",
                    Btrfs_5_12.BTRFS_RANGE_LOCKED, "A"), id);
        }
    }

    @Test
    void since8318ba79ThePunchWaitsForTheWriteFaultsMmapLock() {
        assertEquals(Point.WAIT_RWSEM, secondWaitsAt(Filesystems.resolve("btrfs@6.12").create(), "A",
                Point.MKWRITE_CHECKED, "B"), "i_mmap_lock");
        assertEquals(Point.WAIT_FOLIO_LOCK, secondWaitsAt(Filesystems.resolve("btrfs@5.12").create(), "A",
                Point.MKWRITE_CHECKED, "B"), "5.12: only the folio lock");
    }

    /** btrfs_page_mkwrite (5.12) without lock_extent/unlock_extent. */
    static int pageMkwriteWithoutExtentLock(VmFault vmf) {
        Folio page = vmf.page;
        Inode inode = vmf.inode();
        folio_lock(page);
        if (page.mapping != inode.i_mapping || folio_pos(page) >= Inode.i_size_read(inode)) {
            folio_unlock(page);
            return VM_FAULT_NOPAGE;
        }
        folio_wait_writeback(page);
        if (BlockMap.of(inode).reserve(page) < 0) {
            folio_unlock(page);
            return VM_FAULT_OOM;
        }
        PageWriteback.folio_mark_dirty(page);
        return VM_FAULT_LOCKED;
    }

    public static class Btrfs512WithoutMkwriteExtentLock extends Btrfs_5_12 {
        @Override
        protected int btrfs_page_mkwrite(VmFault vmf) {
            return pageMkwriteWithoutExtentLock(vmf);
        }
    }

    public static class Btrfs512WithoutRangeRecheck extends Btrfs_5_12 {
        @Override
        protected void btrfs_punch_hole_lock_range(Inode inode, long lockstart, long lockend) {
            Truncate.truncate_pagecache_range(inode, lockstart, lockend, era());
            lock_extent(inode);
        }
    }

    /** 6.12 whose write fault keeps i_mmap_lock but not the extent lock. */
    public static class Btrfs612WithoutMkwriteExtentLock extends Btrfs_6_12 {
        @Override
        protected int btrfs_page_mkwrite(VmFault vmf) {
            RwSemaphore.down_read(BTRFS_I(vmf.inode()).i_mmap_lock);
            try {
                return pageMkwriteWithoutExtentLock(vmf);
            } finally {
                RwSemaphore.up_read(BTRFS_I(vmf.inode()).i_mmap_lock);
            }
        }
    }

    /** 6.12 whose punch does not take i_mmap_lock (the extent lock and the recheck stay). */
    public static class Btrfs612PunchWithoutMmapLock extends Btrfs_6_12 {
        @Override
        protected void btrfs_punch_hole(Inode inode, long off, long len) {
            btrfs_inode_lock(inode, 0);
            try {
                punch_hole_body(inode, off, len);
            } finally {
                btrfs_inode_unlock(inode, 0);
            }
        }
    }

    /** (btrfs@5.12 and btrfs@6.12 themselves reach no bug: ExpectationsAreReproducibleTest, from their claims.) */
    @Test
    void withoutTheExtentLockOrTheRecheckThe512PunchLosesAStore() {
        assertEquals(Set.of(Outcome.LOST_WRITE), reachableBugs(Btrfs512WithoutMkwriteExtentLock.class));
        assertEquals(Set.of(Outcome.LOST_WRITE), reachableBugs(Btrfs512WithoutRangeRecheck.class));
    }

    @Test
    void in612EitherGuardAloneKeepsThePunchClean() {
        assertEquals(Set.of(), reachableBugs(Btrfs612WithoutMkwriteExtentLock.class), "i_mmap_lock alone");
        assertEquals(Set.of(), reachableBugs(Btrfs612PunchWithoutMmapLock.class), "the extent lock alone");
    }
}
