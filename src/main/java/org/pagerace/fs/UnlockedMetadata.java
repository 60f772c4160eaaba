package org.pagerace.fs;

import static org.pagerace.mm.Folio.*;

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
}
