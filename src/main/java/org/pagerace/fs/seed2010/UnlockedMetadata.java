package org.pagerace.fs.seed2010;

import static org.pagerace.mm.Folio.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * Any handler that sets up per-page metadata and returns 0 with the page unlocked, trusting the VM's own recheck
 * for truncation: the pattern b827e496 ("mm: close page_mkwrite races", 2009) was written against. Between its
 * unlock and the VM's lock, writeback or metadata release can free what it set up, and the VM then dirties a page
 * that has none.
 */
public final class UnlockedMetadata implements Convention {
    @Override
    public String id() {
        return "unlocked-metadata";
    }

    @Override
    public String summary() {
        return "sets up per-page metadata under the page lock, then returns 0 unlocked (the b827e496 window)";
    }

    @Override
    public String modelledOn() {
        return "the pre-b827e496 pattern (ceph, NFS; Linux 2.6.29 commit message), block_page_mkwrite minus the lock";
    }

    @Override
    public int page_mkwrite(VmFault vmf) {
        Folio page = vmf.page;
        Inode inode = vmf.inode();
        folio_lock(page);
        if (page.mapping != inode.i_mapping || folio_pos(page) >= Inode.i_size_read(inode)) {
            folio_unlock(page);
            return 0; /* the VM rechecks page->mapping */
        }
        int err = BlockMap.of(vmf).reserve(page);
        Points.at(Point.MKWRITE_PREPARED);
        folio_unlock(page);
        return err == 0 ? 0 : org.pagerace.mm.VmFaultReason.vmf_fs_error(err);
    }

    @Override
    public void expectations(Expectations e) {
        e.known("truncate-down", "returns 0 without preparing a page it saw beyond i_size; the VM rechecks only mapping == NULL, so it dirties a page nobody prepared (b827e496c893; Nick Piggin in the thread: only NOPAGE makes the VM retry)", "UNBACKED_DIRTY");
        e.known("truncate-down-up", "as truncate-down: 0 is a minor fault, and the VM dirties the unprepared page", "UNBACKED_DIRTY");
        e.known("punch-hole", "no invalidate_lock in this filesystem's punch: a fault re-creates the page after truncate_inode_pages_range and before the blocks are freed, and writes into data the punch then discards (the race ext4 closed in ea3d7209ca01, and the kernel for all in 5.15); the handler's convention cannot close it", "LOST_WRITE");
        e.correct("release-metadata", "reclaim (shrink_folio_list) unmaps the page before it releases the metadata, so the pte the fault started from is gone and finish_mkwrite_fault returns NOPAGE: the fault retries and prepares the page again (the unlocked return's window stays open against writeback where the handler dirties: b827e496c893)");
        e.known("writeback-in-flight", "the 2010 handlers ran before stable pages: a page whose write is in flight is made writable and changes under the I/O: no handler waited for writeback before the stable-page series of 2011 (3.0); and its 0-unlocked return leaves the b827e496c893 window, in which the writeback cleans the page (dirty from the write(2)) between page_mkwrite and the VM's dirty pte", "UNNOTIFIED_DIRTY", "UNSTABLE_WRITE");
    }
}
