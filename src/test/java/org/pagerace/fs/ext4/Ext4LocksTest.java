package org.pagerace.fs.ext4;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.explore.Explorer;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Model;
import org.pagerace.mm.Inode;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.sched.StepScheduler;

/**
 * What each ext4 version's locks exclude, as single interleavings, and what comes back when a version's own lock
 * is taken out: 2.6.37's {@code i_alloc_sem} keeps a truncate out of the handler; 3.1 (before ea3d7209) loses the
 * store a fault makes between the punch's page-cache drop and its block removal; 4.5's {@code i_mmap_sem} and
 * 6.12's {@code invalidate_lock} make that fault wait, and without them the lost write is back.
 */
class Ext4LocksTest {
    private static Explorer explorer;

    @BeforeAll
    static void start() {
        explorer = new Explorer(2);
    }

    @AfterAll
    static void stop() {
        explorer.close();
    }

    private static Outcome race(FileSystem fs, String race, String schedule) {
        Sample s = Sample.create(fs, Race.byId(race), new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run(schedule);
        }
        return s.judge();
    }

    private static boolean reaches(FileSystem fs, String race, Outcome bug) {
        Model m = org.pagerace.fs.Filesystems.model(fs.getClass(), fs.getClass().getName());
        return explorer.explore(m, Race.byId(race), fs.era()).bugIds().contains(bug.id());
    }

    @Test
    void before_ea3d7209_aFaultBetweenThePageCacheDropAndTheBlockRemovalLosesItsStore() {
        assertEquals(Outcome.LOST_WRITE, race(new Ext4_9ea7df53(), "punch-hole", "B:TRUNCATE_REMOVED,A"));
    }

    @Test
    void i_mmap_semAndInvalidate_lockMakeThatFaultWait() {
        assertEquals(Outcome.OK, race(new Ext4_ea3d7209(), "punch-hole", "B:TRUNCATE_REMOVED,A"));
        assertEquals(Outcome.OK, race(new Ext4_6_12(), "punch-hole", "B:TRUNCATE_REMOVED,A"));
    }

    /** (ext4@6.12 itself reaches no bug against the punch: ExpectationsAreReproducibleTest, from its claims.) */
    @Test
    void withoutThePunchsInvalidate_lockTheLostWriteComesBack() {
        assertTrue(reaches(new PunchWithoutInvalidateLock(), "punch-hole", Outcome.LOST_WRITE));
    }

    /**
     * (That no schedule of ext4@2.6.37 × truncate-down reaches a bug it does not declare is
     * ExpectationsAreReproducibleTest's.)
     */
    @Test
    void i_alloc_semKeepsATruncateOutOfThe2637Handler() {
        assertEquals(Outcome.DISCARDED, race(new Ext4_2_6_37(), "truncate-down", "A:MKWRITE_CHECKED,B,A"));
    }

    /** ext4 6.12 with {@code ext4_punch_hole} reverted to 3.1's locking (i_rwsem alone). */
    public static final class PunchWithoutInvalidateLock extends Ext4_6_12 {
        @Override
        protected void ext4_punch_hole(Inode inode, long off, long len) {
            RwSemaphore.down_write(inode.i_rwsem);
            try {
                PageWriteback.filemap_write_and_wait_range(inode.i_mapping, off >>> PageSize.PAGE_SHIFT,
                        (off + len - 1) >>> PageSize.PAGE_SHIFT);
                punch_hole_locked(inode, off, len);
            } finally {
                RwSemaphore.up_write(inode.i_rwsem);
            }
        }

        @Override
        public String id() {
            return getClass().getName();
        }
    }
}
