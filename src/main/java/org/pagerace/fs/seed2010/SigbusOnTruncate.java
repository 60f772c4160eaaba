package org.pagerace.fs.seed2010;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * The 2010-era handler that answers a truncated page with SIGBUS: {@code block_page_mkwrite} as it was before
 * 56a76f (Linux 2.6.28 {@code fs/buffer.c}), which gfs2 and others followed: lock the page; if its mapping changed
 * or it lies beyond i_size ({@code page_offset > size}), {@code -EINVAL}, made SIGBUS by the caller; otherwise
 * prepare it, unlock it and return 0.
 */
public final class SigbusOnTruncate implements Convention {
    @Override
    public String id() {
        return "sigbus";
    }

    @Override
    public String summary() {
        return "pre-56a76f block_page_mkwrite / gfs2: a truncated page is SIGBUS; success 0 unlocked";
    }

    @Override
    public String modelledOn() {
        return "Linux 2.6.28 fs/buffer.c block_page_mkwrite (before 56a76f), 2.6.37 fs/gfs2/file.c";
    }

    @Override
    public int page_mkwrite(VmFault vmf) {
        Folio page = vmf.page;
        Inode inode = vmf.inode();
        folio_lock(page);
        long size = Inode.i_size_read(inode);
        if (page.mapping != inode.i_mapping || folio_pos(page) > size) {
            folio_unlock(page); /* page got truncated out from underneath us */
            return VM_FAULT_SIGBUS;
        }
        Points.at(Point.MKWRITE_CHECKED);
        int err = BlockMap.of(vmf).reserve(page);
        folio_unlock(page);
        return err == 0 ? 0 : VM_FAULT_SIGBUS;
    }

    @Override
    public void expectations(Expectations e) {
        e.known("truncate-down-up", "a page truncated and brought back within i_size is answered with SIGBUS (pre-56a76f block_page_mkwrite)", "SPURIOUS_SIGBUS");
        e.known("punch-hole", "a page dropped inside i_size is SIGBUS (56a76f: \"SIGBUS is wrong for a page truncated within i_size\"); and no invalidate_lock in this filesystem's punch: a fault re-creates the page after truncate_inode_pages_range and before the blocks are freed, and writes into data the punch then discards (the race ext4 closed in ea3d7209ca01, and the kernel for all in 5.15); the handler's convention cannot close it", "SPURIOUS_SIGBUS", "LOST_WRITE");
        e.known("invalidate", "an invalidated page is SIGBUS though it lies within i_size (56a76f)", "SPURIOUS_SIGBUS");
        e.correct("release-metadata", "reclaim (shrink_folio_list) unmaps the page before it releases the metadata, so the pte the fault started from is gone and finish_mkwrite_fault returns NOPAGE: the fault retries and prepares the page again (the unlocked return's window stays open against writeback where the handler dirties: b827e496c893)");
        e.known("enomem", "-ENOMEM from block allocation becomes SIGBUS, not OOM (56a76f)", "SPURIOUS_SIGBUS");
        e.known("writeback-in-flight", "the 2010 handlers ran before stable pages: a page whose write is in flight is made writable and changes under the I/O: no handler waited for writeback before the stable-page series of 2011 (3.0); and its 0-unlocked return leaves the b827e496c893 window, in which the writeback cleans the page (dirty from the write(2)) between page_mkwrite and the VM's dirty pte", "UNNOTIFIED_DIRTY", "UNSTABLE_WRITE");
    }
}
