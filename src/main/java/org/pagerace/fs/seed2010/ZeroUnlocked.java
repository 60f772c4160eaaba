package org.pagerace.fs.seed2010;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * ocfs2's handler as the 2010 thread found it: {@code ocfs2_page_mkwrite} / {@code __ocfs2_page_mkwrite} of Linux
 * 2.6.37 {@code fs/ocfs2/mmap.c}. An early i_size check ({@code -EINVAL}), an early cursory mapping check (return
 * 0, "try again"), then {@code ocfs2_write_begin_nolock} locks the page and re-checks the mapping ({@code -EINVAL}
 * when a page-cache flush dropped it meanwhile), allocates, and {@code write_end} dirties and unlocks the page; any
 * error becomes {@code VM_FAULT_SIGBUS}; success returns 0 with the page unlocked.
 * Deviation: the cluster lock and {@code ip_alloc_sem} are left out: they do not exclude the local page-cache drops
 * raced here.
 */
public final class ZeroUnlocked implements Convention {
    @Override
    public String id() {
        return "zero-unlocked";
    }

    @Override
    public String summary() {
        return "ocfs2 2.6.37: early checks return 0 or -EINVAL, late mapping check -EINVAL; success 0 unlocked";
    }

    @Override
    public String modelledOn() {
        return "Linux 2.6.37 fs/ocfs2/mmap.c __ocfs2_page_mkwrite, fs/ocfs2/aops.c ocfs2_grab_pages_for_write";
    }

    @Override
    public int page_mkwrite(VmFault vmf) {
        int ret = __ocfs2_page_mkwrite(vmf);
        return ret != 0 ? VM_FAULT_SIGBUS : 0;
    }

    private static int __ocfs2_page_mkwrite(VmFault vmf) {
        Folio page = vmf.page;
        Inode inode = vmf.inode();
        long size = Inode.i_size_read(inode);
        long last_index = (size - 1) >> PageSize.PAGE_SHIFT;
        if (size == 0 || page.index > last_index) {
            return -Errno.EINVAL; /* another node truncated while we waited on cluster locks */
        }
        if (!folio_test_uptodate(page) || page.mapping != inode.i_mapping) {
            return 0; /* "try again" */
        }
        Points.at(Point.MKWRITE_CHECKED);
        folio_lock(page); /* ocfs2_write_begin_nolock → ocfs2_grab_pages_for_write */
        if (page.mapping != inode.i_mapping) {
            folio_unlock(page);
            return -Errno.EINVAL; /* "clearly wrong" (Joel Becker) */
        }
        int err = BlockMap.of(vmf).reserve(page);
        if (err != 0) {
            folio_unlock(page);
            return err;
        }
        Points.at(Point.MKWRITE_PREPARED);
        org.pagerace.mm.PageWriteback.folio_mark_dirty(page); /* ocfs2_write_end_nolock: block_commit_write */
        folio_unlock(page);
        return 0;
    }

    @Override
    public void expectations(Expectations e) {
        e.known("truncate-down-up", "the early i_size check returns -EINVAL (SIGBUS) for a page truncate dropped and extension brought back within i_size (2.6.37 __ocfs2_page_mkwrite)", "SPURIOUS_SIGBUS");
        e.known("punch-hole", "the late mapping check turns a page dropped inside i_size into -EINVAL, SIGBUS (Joel Becker: \"clearly wrong\"); and no invalidate_lock in this filesystem's punch: a fault re-creates the page after truncate_inode_pages_range and before the blocks are freed, and writes into data the punch then discards (the race ext4 closed in ea3d7209ca01, and the kernel for all in 5.15); the handler's convention cannot close it", "SPURIOUS_SIGBUS", "LOST_WRITE");
        e.known("invalidate", "the late mapping check gives SIGBUS for an invalidated page; and the page returned unlocked can be cleaned before the dirty pte (b827e496c893)", "SPURIOUS_SIGBUS", "UNNOTIFIED_DIRTY");
        e.known("writeback", "success returns 0 unlocked: writeback can clean the page between page_mkwrite and the dirty pte (b827e496c893 \"mm: close page_mkwrite races\")", "UNNOTIFIED_DIRTY");
        e.known("enomem", "any error of write_begin, -ENOMEM included, becomes VM_FAULT_SIGBUS (2.6.37 ocfs2_page_mkwrite)", "SPURIOUS_SIGBUS");
        e.known("writeback-in-flight", "the 2010 handlers ran before stable pages: a page whose write is in flight is made writable and changes under the I/O: no handler waited for writeback before the stable-page series of 2011 (3.0); and its 0-unlocked return leaves the b827e496c893 window, in which the writeback cleans the page (dirty from the write(2)) between page_mkwrite and the VM's dirty pte", "UNNOTIFIED_DIRTY", "UNSTABLE_WRITE");
    }
}
