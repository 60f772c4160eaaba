package org.pagerace.fs.ceph;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.Inode;
import org.pagerace.mm.ModelBacking;
import org.pagerace.sched.StepScheduler;

/**
 * ceph either side of 057ba5b24532 "ceph: Fix race between hole punch and page fault", one interleaving per test.
 * Actor A loads from page 1 (which holds data from an earlier write, mapped read-only by the set-up's read fault),
 * B punches the page ({@code punch-hole-read}).
 */
class CephPunchHoleReadTest {
    private static Sample race(FileSystem fs, String schedule) {
        Sample s = Sample.create(fs, Race.PUNCH_HOLE_READ, new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.run(schedule);
        }
        return s;
    }

    private static FileSystem ceph(String version) {
        return Filesystems.resolve("ceph@" + version).create();
    }

    /** ceph@057ba5b2 with the commit reverted: ceph_fallocate without invalidate_lock, as in 5.14. */
    static final class WithoutInvalidateLock extends Ceph_057ba5b2 {
        @Override
        protected int ceph_fallocate(Inode inode, int mode, long offset, long length) {
            return punchUnderInodeLock(inode, mode, offset, length, this::zeroPagecacheThenObjects);
        }
    }

    /** 5.14: a read fault between the page cache's drop and the objects' zero caches the data the punch removes. */
    @Test
    void aReadFaultBetweenThePagecacheDropAndTheObjectsZeroLeavesStaleData() {
        Sample s = race(ceph("5.14"), "B:TRUNCATE_REMOVED,A,B");
        assertNotNull(s.inode().i_mapping.peek(Sample.PAGE), "the fault brought the page back into the punched range");
        assertEquals(Outcome.STALE_DATA, s.judge());
    }

    /** 5.14: a load before the punch reads the page through its pte; the punch then drops it: the hole reads zeros. */
    @Test
    void aLoadBeforeThePunchLeavesNothingStale() {
        Sample s = race(ceph("5.14"), "A,B");
        assertNull(s.inode().i_mapping.peek(Sample.PAGE), "the punch dropped the page");
        assertEquals(Outcome.OK, s.judge());
    }

    /** 5.14: a read fault after the objects' zero reads the hole. */
    @Test
    void aReadFaultAfterThePunchReadsTheHole() {
        assertEquals(Outcome.OK, race(ceph("5.14"), "B,A").judge());
    }

    /** 057ba5b2: the fault that would create the page waits for invalidate_lock until the objects are zeroed. */
    @Test
    void theInvalidateLockHoldsTheFaultUntilTheObjectsAreZeroed() {
        Sample s = race(ceph("057ba5b2"), "B:TRUNCATE_REMOVED,A,B");
        assertNotNull(s.inode().i_mapping.peek(Sample.PAGE), "the load faulted the page in after the punch");
        assertEquals(Outcome.OK, s.judge());
    }

    /** The commit reverted: the stale page comes back. */
    @Test
    void withoutTheInvalidateLockTheStalePageComesBack() {
        assertEquals(Outcome.STALE_DATA, race(new WithoutInvalidateLock(), "B:TRUNCATE_REMOVED,A,B").judge());
    }

    /** The read race is in the matrix of models that keep a stale read apart (ceph) and of no other. */
    @Test
    void punchHoleReadIsOnlyInTheMatrixOfModelsThatKeepStaleReadsApart() {
        assertTrue(Race.PUNCH_HOLE_READ.appliesTo(Filesystems.resolve("ceph@5.14")));
        assertFalse(Race.PUNCH_HOLE_READ.appliesTo(Filesystems.resolve("ext4@9ea7df53")));
        assertEquals(Race.Access.LOAD, Race.PUNCH_HOLE_READ.access());
    }
}
