package org.pagerace.fs.seed2010;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Folio;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * {@code iomap_page_mkwrite} (Linux 6.12 {@code fs/iomap/buffered-io.c}) with its errors mapped by
 * {@code vmf_fs_error}: lock the folio, {@code folio_mkwrite_check_truncate} ({@code -EFAULT} if the folio was
 * removed or lies wholly past EOF), set up the blocks ({@code -ENOMEM} possible), return LOCKED; on error unlock
 * and return {@code vmf_fs_error(err)}: NOPAGE for -EFAULT, OOM for -ENOMEM. Taken without XFS's
 * {@code MMAPLOCK}, so that the retry path is exercised (with the lock it is {@code invalidate-lock}).
 */
public final class VmfFsError implements Convention {
    @Override
    public String id() {
        return "vmf-fs-error";
    }

    @Override
    public String summary() {
        return "iomap_page_mkwrite + vmf_fs_error: -EFAULT → NOPAGE, -ENOMEM → OOM; success LOCKED";
    }

    @Override
    public String modelledOn() {
        return "Linux 6.12 fs/iomap/buffered-io.c iomap_page_mkwrite, include/linux/pagemap.h, include/linux/mm.h";
    }

    @Override
    public int page_mkwrite(VmFault vmf) {
        Folio folio = vmf.page;
        folio_lock(folio);
        int ret = Filemap.folio_mkwrite_check_truncate(folio, vmf.inode());
        if (ret < 0) {
            folio_unlock(folio);
            return vmf_fs_error(ret);
        }
        Points.at(Point.MKWRITE_CHECKED);
        ret = BlockMap.of(vmf).reserve(folio);
        if (ret < 0) {
            folio_unlock(folio);
            return vmf_fs_error(ret);
        }
        org.pagerace.mm.PageWriteback.folio_mark_dirty(folio); /* iomap_folio_mkwrite_iter: filemap_dirty_folio */
        folio_wait_writeback(folio); /* folio_wait_stable */
        return VM_FAULT_LOCKED;
    }

    @Override
    public void expectations(Expectations e) {
        e.believedCorrect("iomap_page_mkwrite: locked recheck (folio_mkwrite_check_truncate), LOCKED on success, vmf_fs_error maps -EFAULT to NOPAGE and -ENOMEM to OOM");
        e.known("punch-hole", "no invalidate_lock in this filesystem's punch: a fault re-creates the page after truncate_inode_pages_range and before the blocks are freed, and writes into data the punch then discards (the race ext4 closed in ea3d7209ca01, and the kernel for all in 5.15); the handler's convention cannot close it", "LOST_WRITE");
    }
}
