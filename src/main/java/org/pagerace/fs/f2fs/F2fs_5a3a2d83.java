package org.pagerace.fs.f2fs;

import static org.pagerace.fs.f2fs.F2fsInodeInfo.F2FS_I;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Points;

/**
 * f2fs from Linux 4.12, when 5a3a2d83cda8 "f2fs: dax: fix races between page faults and truncating pages" added
 * {@code F2FS_I(inode)->i_mmap_sem}: shared around {@code filemap_fault} (the new {@code f2fs_filemap_fault}) and
 * around the locked part of {@code f2fs_vm_page_mkwrite} (the block is still reserved before it, outside every lock);
 * exclusive in {@code f2fs_setattr} around
 * {@code truncate_setsize} and {@code f2fs_truncate}, and in {@code punch_hole} around
 * {@code truncate_inode_pages_range} and {@code truncate_hole}. Deviations as {@link F2fs_4_11}.
 */
@Version(fs = "f2fs", id = "5a3a2d83", release = "4.12", commit = "5a3a2d83cda8",
        title = "f2fs: dax: fix races between page faults and truncating pages",
        changes = {"f2fs_filemap_fault", "f2fs_vm_page_mkwrite", "f2fs_setattr", "punch_hole"},
        mirrors = "Linux 4.12 fs/f2fs/file.c f2fs_filemap_fault, f2fs_vm_page_mkwrite, f2fs_setattr, punch_hole")
public class F2fs_5a3a2d83 extends F2fs_4_11 {
    @Override
    protected int f2fs_filemap_fault(VmFault vmf) {
        Inode inode = vmf.inode();
        RwSemaphore.down_read(F2FS_I(inode).i_mmap_sem);
        try {
            return super.f2fs_filemap_fault(vmf);
        } finally {
            RwSemaphore.up_read(F2FS_I(inode).i_mmap_sem);
        }
    }

    /**
     * 4.12 {@code f2fs_vm_page_mkwrite}: the block is still reserved first, outside every lock; then
     * {@code i_mmap_sem} shared around the page lock, the checks, the dirtying and the writeback wait.
     */
    @Override
    protected int f2fs_vm_page_mkwrite(VmFault vmf) {
        Folio page = vmf.page;
        Inode inode = vmf.inode();
        int err = BlockMap.of(inode).reserveBlock(page.index); /* f2fs_reserve_block(&dn, page->index) */
        if (err < 0) {
            return vmf_fs_error(err);
        }
        Points.at(F2FS_BLOCK_RESERVED);
        RwSemaphore.down_read(F2FS_I(inode).i_mmap_sem);
        try {
            return lockAndDirty(page, inode); /* a truncated page: goto out_sem */
        } finally {
            RwSemaphore.up_read(F2FS_I(inode).i_mmap_sem); /* out_sem: */
        }
    }

    @Override
    protected void f2fs_setattr(Inode inode, long size) {
        RwSemaphore.down_write(F2FS_I(inode).i_mmap_sem);
        try {
            super.f2fs_setattr(inode, size);
        } finally {
            RwSemaphore.up_write(F2FS_I(inode).i_mmap_sem);
        }
    }

    @Override
    protected void punch_hole(Inode inode, long off, long len) {
        RwSemaphore.down_write(F2FS_I(inode).i_mmap_sem);
        try {
            super.punch_hole(inode, off, len);
        } finally {
            RwSemaphore.up_write(F2FS_I(inode).i_mmap_sem);
        }
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.correct("punch-hole", "i_mmap_sem shared in the fault and page_mkwrite and exclusive across "
                + "truncate_inode_pages_range and truncate_hole: no page comes back into the hole (5a3a2d83cda8)");
    }
}
