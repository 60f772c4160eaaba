package org.pagerace.fs.f2fs;

import static org.pagerace.fs.f2fs.F2fsInodeInfo.F2FS_I;
import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.VmFault;
import org.pagerace.sys.Errno;

/**
 * f2fs from 39a869582451 "f2fs: refactor ->page_mkwrite() flow" (Chao Yu, 2018, Linux 4.20):
 * {@code f2fs_vm_page_mkwrite} takes {@code i_mmap_sem} shared and the page lock, rechecks mapping, i_size and
 * uptodate, and only then allocates the block ({@code f2fs_get_block} under {@code __do_map_lock}), waits for the
 * page's writeback ("fill the page") and dirties it; {@code f2fs_balance_fs} moved after {@code i_mmap_sem} is
 * released. A truncate can no longer slip between the reservation and the checks: it needs {@code i_mmap_sem}
 * exclusive and the page lock. Deviations as {@link F2fs_4_11}; no {@code f2fs_wait_on_block_writeback} (GC is
 * not modelled).
 */
@Version(fs = "f2fs", id = "39a86958", release = "4.20", commit = "39a869582451",
        title = "f2fs: refactor ->page_mkwrite() flow",
        changes = {"f2fs_vm_page_mkwrite"},
        mirrors = "Linux 4.20 fs/f2fs/file.c f2fs_vm_page_mkwrite")
public class F2fs_39a86958 extends F2fs_5a3a2d83 {
    /** 4.20 {@code f2fs_vm_page_mkwrite} (see the class comment). */
    @Override
    protected int f2fs_vm_page_mkwrite(VmFault vmf) {
        Folio page = vmf.page;
        Inode inode = vmf.inode();
        RwSemaphore.down_read(F2FS_I(inode).i_mmap_sem);
        try {
            if (!lockPageAndCheck(page, inode)) {
                return vmf_fs_error(-Errno.EFAULT); /* goto out_sem */
            }
            int err = BlockMap.of(inode).reserve(page); /* block allocation: f2fs_get_block under __do_map_lock */
            if (err < 0) {
                folio_unlock(page);
                return vmf_fs_error(err);
            }
            folio_wait_writeback(page); /* fill the page: f2fs_wait_on_page_writeback */
            PageWriteback.folio_mark_dirty(page);
            return VM_FAULT_LOCKED;
        } finally {
            RwSemaphore.up_read(F2FS_I(inode).i_mmap_sem); /* out_sem: then f2fs_balance_fs */
        }
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.correct("truncate-down", "f2fs_vm_page_mkwrite allocates the block only after it holds i_mmap_sem and the "
                + "page lock and has rechecked mapping and i_size; f2fs_setattr holds i_mmap_sem exclusive across "
                + "truncate_setsize and f2fs_truncate, so no block is reserved for a page truncate removed "
                + "(39a869582451)");
    }
}
