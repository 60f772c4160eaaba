package org.pagerace.fs.ext4;

import static org.junit.jupiter.api.Assertions.*;
import static org.pagerace.fs.ext4.Ext4InodeInfo.EXT4_I;
import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

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
import org.pagerace.fs.Model;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.ModelBacking;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.StepScheduler;

/**
 * ext4 3.0's stable-page wait, against a writeback whose write is in flight (three actors: the store, the writeback
 * that submits the page, the disk that completes it): 2.6.37 makes the page writable while its write is in flight
 * and the store changes it under the I/O; 3.0 waits in {@code ext4_page_mkwrite} until the disk has completed it;
 * 3.0 with the wait taken out changes the page under the I/O again.
 */
class Ext4StablePagesTest {
    /** The writeback submits the page's write and stops; the store faults; then the disk completes the write. */
    private static final String STORE_WHILE_IN_FLIGHT = "partner:WRITEBACK_WRITTEN,fault,third";

    private static Explorer explorer;

    @BeforeAll
    static void start() {
        explorer = new Explorer(2);
    }

    @AfterAll
    static void stop() {
        explorer.close();
    }

    private static Outcome race(FileSystem fs, String schedule) {
        Sample s = Sample.create(fs, Race.WRITEBACK_IN_FLIGHT, new ModelBacking(Sample.SIZE, Sample.SIZE));
        try (StepScheduler sched = new StepScheduler()) {
            s.actors().forEach(sched::actor);
            sched.run(schedule);
        }
        return s.judge();
    }

    private static boolean reaches(FileSystem fs, Outcome bug) {
        Model m = Filesystems.model(fs.getClass(), fs.getClass().getName());
        return explorer.explore(m, Race.WRITEBACK_IN_FLIGHT, fs.era()).bugIds().contains(bug.id());
    }

    @Test
    void before_the_stable_page_wait_aStoreChangesThePageUnderIo() {
        assertEquals(Outcome.UNSTABLE_WRITE, race(new Ext4_2_6_37(), STORE_WHILE_IN_FLIGHT));
    }

    /** (That no schedule of ext4@3.0 reaches UNSTABLE_WRITE is ExpectationsAreReproducibleTest's: it declares none.) */
    @Test
    void ext4_3_0_waitsForTheWriteBeforeMakingThePageWritable() {
        assertEquals(Outcome.OK, race(new Ext4_3_0(), STORE_WHILE_IN_FLIGHT));
    }

    @Test
    void withoutTheWaitThePageChangesUnderIoAgain() {
        assertEquals(Outcome.UNSTABLE_WRITE, race(new WithoutStablePageWait(), STORE_WHILE_IN_FLIGHT));
        assertTrue(reaches(new WithoutStablePageWait(), Outcome.UNSTABLE_WRITE));
    }

    /** ext4 3.0 whose handler does not wait for writeback: the page it returns LOCKED may be under I/O. */
    public static final class WithoutStablePageWait extends Ext4_3_0 {
        /** {@link Ext4_3_0#ext4_page_mkwrite} without its two {@code wait_on_page_writeback} calls. */
        @Override
        protected int ext4_page_mkwrite(VmFault vmf) {
            Folio page = vmf.page;
            Inode inode = vmf.inode();
            AddressSpace mapping = inode.i_mapping;
            RwSemaphore.down_read(EXT4_I(inode).i_alloc_sem);
            try {
                long size = Inode.i_size_read(inode);
                if (page.mapping != mapping || size <= folio_pos(page) || !folio_test_uptodate(page)) {
                    return VM_FAULT_SIGBUS;
                }
                folio_lock(page);
                if (folio_has_private(page) && BlockMap.of(inode).state(page.index) == BlockMap.ALLOCATED) {
                    BlockMap.prepared(page);
                    return VM_FAULT_LOCKED;
                }
                folio_unlock(page);
                if (write_begin_end(mapping, page.index, PageSize.PAGE_SIZE) != 0) {
                    return VM_FAULT_SIGBUS;
                }
                folio_lock(page);
                BlockMap.prepared(page);
                return VM_FAULT_LOCKED;
            } finally {
                RwSemaphore.up_read(EXT4_I(inode).i_alloc_sem);
            }
        }

        @Override
        public String id() {
            return getClass().getName();
        }
    }
}
