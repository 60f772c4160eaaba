package org.pagerace.fs.seed2010;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * Wengang Wang's proposal in the 2010 thread: keep ocfs2's cursory mapping check at the top, then ignore the page
 * passed in and {@code find_or_create_page} the page at {@code vmf->pgoff} "at the place we're ready to consider
 * it stable", prepare that one, and return 0 as ocfs2's {@code write_end} leaves it (unlocked). Neither i_size nor
 * the passed page is checked at that point.
 */
public final class FindOrCreate implements Convention {
    @Override
    public String id() {
        return "find-or-create";
    }

    @Override
    public String summary() {
        return "the thread's proposal: ignore vmf->page, find_or_create_page at the stable point, prepare it, return 0";
    }

    @Override
    public String modelledOn() {
        return "the 2010 linux-fsdevel thread (Joel Becker / Wengang Wang) on Linux 2.6.37 fs/ocfs2/mmap.c";
    }

    @Override
    public int page_mkwrite(VmFault vmf) {
        Inode inode = vmf.inode();
        if (vmf.page.mapping != inode.i_mapping) {
            return 0; /* the cursory check */
        }
        Points.at(Point.MKWRITE_CHECKED);
        Folio page = Filemap.find_or_create_page(inode.i_mapping, vmf.pgoff);
        if (page == null) {
            return VM_FAULT_OOM;
        }
        if (!folio_test_uptodate(page)) {
            folio_mark_uptodate(page); /* write_begin reads it */
        }
        int err = BlockMap.of(vmf).reserve(page);
        Points.at(Point.MKWRITE_PREPARED);
        folio_unlock(page); /* write_end */
        folio_put(page);
        return err == 0 ? 0 : vmf_fs_error(err);
    }

    @Override
    public void expectations(Expectations e) {
        e.known("truncate-down", "find_or_create_page has no i_size check: after truncate it creates a page beyond EOF that nobody removes (Documentation/filesystems/Locking: \"should not look up a new page like the ->fault() handler\")", "PAGE_BEYOND_EOF");
        e.known("punch-hole", "no invalidate_lock in this filesystem's punch: a fault re-creates the page after truncate_inode_pages_range and before the blocks are freed, and writes into data the punch then discards (the race ext4 closed in ea3d7209ca01, and the kernel for all in 5.15); the handler's convention cannot close it", "LOST_WRITE");
        e.correct("release-metadata", "reclaim (shrink_folio_list) unmaps the page before it releases the metadata, so the pte the fault started from is gone and finish_mkwrite_fault returns NOPAGE: the fault retries and prepares the page again (the unlocked return's window stays open against writeback where the handler dirties: b827e496c893)");
        e.known("writeback-in-flight", "the 2010 handlers ran before stable pages: a page whose write is in flight is made writable and changes under the I/O: no handler waited for writeback before the stable-page series of 2011 (3.0); and its 0-unlocked return leaves the b827e496c893 window, in which the writeback cleans the page (dirty from the write(2)) between page_mkwrite and the VM's dirty pte", "UNNOTIFIED_DIRTY", "UNSTABLE_WRITE");
    }
}
