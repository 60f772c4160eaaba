package org.pagerace.fs.ocfs2;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pagerace.check.Outcome;
import org.pagerace.check.Race;
import org.pagerace.check.Sample;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Filesystems;
import org.pagerace.mm.Inode;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.StepScheduler;

/**
 * What ocfs2's {@code ip_alloc_sem} excludes at 2.6.37 and what 5cffff9e2986 changed (issue 13, item 7): a local
 * truncate cannot land inside the handler; an invalidation, which takes no {@code ip_alloc_sem}, can, and then the
 * late -EINVAL is a SIGBUS for a page within i_size; without the lock a truncate lands inside too.
 */
class Ocfs2LocksTest {
    /** ocfs2 2.6.37 with {@code ip_alloc_sem} taken out of {@code ocfs2_page_mkwrite}. */
    public static final class WithoutAllocSem extends Ocfs2_2_6_37 {
        @Override
        protected int ocfs2_page_mkwrite(VmFault vmf) {
            return __ocfs2_page_mkwrite(vmf.inode(), vmf.page) != 0 ? org.pagerace.mm.VmFaultReason.VM_FAULT_SIGBUS : 0;
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

    private static FileSystem ocfs2(String version) {
        return Filesystems.resolve("ocfs2@" + version).create();
    }

    @Test
    void aLocalTruncateWaitsOutsideTheHandler() {
        Sample s = sample(ocfs2("2.6.37"), "truncate-down");
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", s::runStore).actor("B", s::runPartner);
            sched.runUntil("A", Point.MKWRITE_CHECKED);
            sched.runWhileEnabled("B");
            assertTrue(sched.isBlocked("B"), "the truncate waits for ip_alloc_sem while the handler runs");
            assertEquals(Sample.SIZE, Inode.i_size_read(s.inode()), "nothing of the truncate has happened yet");
            assertTrue(RwSemaphore.rwsem_is_locked(Ocfs2InodeInfo.OCFS2_I(s.inode()).ip_alloc_sem));
            sched.finishAll();
        }
        assertEquals(Outcome.DISCARDED, s.judge(), "the store landed, then the truncate discarded it");
    }

    @Test
    void anInvalidationInsideTheHandlerMakesTheLateEinvalASpuriousSigbus() {
        assertEquals(Outcome.SPURIOUS_SIGBUS, run(ocfs2("2.6.37"), "invalidate", "A:MKWRITE_CHECKED,B"));
    }

    @Test
    void withoutIpAllocSemATruncateLandsInsideTheHandlerAndTheLateEinvalIsASpuriousSigbus() {
        assertEquals(Outcome.DISCARDED, run(ocfs2("2.6.37"), "truncate-down-up", "A:MKWRITE_CHECKED,B"),
                "with the lock the truncate waits and then discards the landed store");
        assertEquals(Outcome.SPURIOUS_SIGBUS, run(new WithoutAllocSem(), "truncate-down-up", "A:MKWRITE_CHECKED,B"),
                "without it the page is dropped and brought back within i_size before the late mapping check");
    }

    @Test
    void theTruncateDropsThePagesBeforeItWritesISize() {
        Sample s = sample(ocfs2("2.6.37"), "truncate-down");
        try (StepScheduler sched = new StepScheduler()) {
            sched.actor("A", () -> { }).actor("B", s::runPartner);
            sched.runUntil("B", Ocfs2_2_6_37.OCFS2_PAGES_DROPPED);
            assertNull(s.inode().i_mapping.peek(Sample.PAGE), "the page is gone");
            assertEquals(Sample.SIZE, Inode.i_size_read(s.inode()), "i_size is not written yet");
            sched.finishAll();
        }
        assertEquals(Sample.PAGE_OFFSET, Inode.i_size_read(s.inode()));
    }

    @Test
    void after5cffff9eAnInvalidatedPageIsRetriedNotSigbus() {
        assertEquals(Outcome.OK_RETRIED, run(ocfs2("5cffff9e"), "invalidate", "A:MKWRITE_CHECKED,B"));
    }

    @Test
    void after5cffff9eThePageStaysLockedToTheDirtyPteSoWritebackCannotCleanItInBetween() {
        assertEquals(Outcome.UNNOTIFIED_DIRTY, run(ocfs2("2.6.37"), "writeback", "A:MKWRITE_RETURNED,B"));
        assertEquals(Outcome.OK, run(ocfs2("5cffff9e"), "writeback", "A:MKWRITE_RETURNED,B"));
    }

    @Test
    void after5cffff9eEnomemIsOomNotSigbus() {
        assertEquals(Outcome.SPURIOUS_SIGBUS, run(ocfs2("2.6.37"), "enomem", "B,A"));
        assertEquals(Outcome.OOM, run(ocfs2("5cffff9e"), "enomem", "B,A"));
    }
}
