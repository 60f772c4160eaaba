package org.pagerace.fs.xfs;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Inode;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.VmFault;
import org.pagerace.sys.Errno;

/**
 * XFS from Linux 4.0, when Dave Chinner's series "xfs: introduce mmap/truncate lock" (653c60b633a9, with "xfs: use
 * i_mmaplock on read faults", "xfs: use i_mmaplock on write faults" and "xfs: take i_mmap_lock on extent
 * manipulation operations"; HISTORY.md H11 also names 075a924d45cc and e8e9ad42c1f1) added {@code XFS_MMAPLOCK}: {@code xfs_filemap_fault} takes it shared
 * around {@code filemap_fault}, {@code xfs_filemap_page_mkwrite} (the renamed {@code xfs_vm_page_mkwrite}) shared
 * around {@code block_page_mkwrite}, {@code xfs_vn_setattr} exclusive (after {@code XFS_IOLOCK_EXCL}) around
 * {@code xfs_setattr_size}, and {@code xfs_file_fallocate} exclusive around the extent manipulation
 * ({@code xfs_free_file_space}). A fault can no longer bring a page back into a hole being punched. Read from the
 * RFC series on linux-mm (January 2015) and 4.x {@code xfs_filemap_page_mkwrite}; none of the three hashes was
 * found in the stored history (the titles were), hence {@code hashConfirmed = false}.
 */
@Version(fs = "xfs", id = "653c60b6", release = "4.0", commit = "653c60b633a9", hashConfirmed = false,
        title = "xfs: introduce mmap/truncate lock",
        changes = {"xfs_filemap_fault", "xfs_filemap_page_mkwrite", "xfs_vn_setattr", "xfs_setattr_size",
            "xfs_file_fallocate"},
        mirrors = "Linux 4.0 fs/xfs/xfs_file.c xfs_filemap_fault, xfs_filemap_page_mkwrite, xfs_file_fallocate; "
                + "fs/xfs/xfs_iops.c xfs_vn_setattr")
public class Xfs_653c60b6 extends Xfs_3_19 {
    /** {@code xfs_filemap_fault}: {@code XFS_MMAPLOCK_SHARED} around {@code filemap_fault}. */
    @Override
    protected int xfs_filemap_fault(VmFault vmf) {
        Inode inode = vmf.inode();
        xfs_ilock(inode, XFS_MMAPLOCK_SHARED);
        try {
            return Filemap.filemap_fault(vmf);
        } finally {
            xfs_iunlock(inode, XFS_MMAPLOCK_SHARED);
        }
    }

    /** {@code xfs_filemap_page_mkwrite}: {@code XFS_MMAPLOCK_SHARED} around {@code block_page_mkwrite}. */
    @Override
    protected int xfs_filemap_page_mkwrite(VmFault vmf) {
        Inode inode = vmf.inode();
        xfs_ilock(inode, XFS_MMAPLOCK_SHARED);
        try {
            return block_page_mkwrite(vmf);
        } finally {
            xfs_iunlock(inode, XFS_MMAPLOCK_SHARED);
        }
    }

    /** {@code xfs_vn_setattr(ATTR_SIZE)}: {@code i_mutex}, {@code XFS_IOLOCK_EXCL}, {@code XFS_MMAPLOCK_EXCL}. */
    @Override
    protected void xfs_vn_setattr(Inode inode, long size) {
        RwSemaphore.down_write(inode.i_rwsem);
        xfs_ilock(inode, XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL);
        try {
            xfs_setattr_size(inode, size);
        } finally {
            xfs_iunlock(inode, XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL);
            RwSemaphore.up_write(inode.i_rwsem);
        }
    }

    /**
     * {@code xfs_setattr_size} without 2ebff7bbd785's flush of the old EOF page: "Now that truncate locks out new
     * page faults, we no longer need to do special writeback hacks in truncate" ("xfs: xfs_setattr_size no longer
     * races with page faults", the series' fifth patch, linux-mm, January 2015); {@code truncate_setsize}'s
     * {@code pagecache_isize_extended} (3.18) write-protects the old EOF page instead. Context: i_mutex,
     * XFS_IOLOCK_EXCL and XFS_MMAPLOCK_EXCL held. The rest is 2.6.37's: {@code xfs_zero_eof}, then the generic order.
     */
    @Override
    protected void xfs_setattr_size(Inode inode, long size) {
        long oldsize = Inode.i_size_read(inode);
        if (size > oldsize) {
            xfs_zero_eof(inode, oldsize, size);
        }
        truncate_size_locked(inode, size);
    }

    /** {@code xfs_file_fallocate}: {@code XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL} around {@code xfs_free_file_space}. */
    @Override
    protected int xfs_file_fallocate(Inode inode, int mode, long off, long len) {
        if (!supportsFallocate(mode)) {
            return -Errno.EOPNOTSUPP;
        }
        checkRange(inode, off, len);
        xfs_ilock(inode, XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL);
        try {
            xfs_free_file_space(inode, off, len);
        } finally {
            xfs_iunlock(inode, XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL);
        }
        return 0;
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.notApplicable("insert-range", "FALLOC_FL_INSERT_RANGE came to xfs in 4.1, after this version (4.0)");
        e.correct("punch-hole", "XFS_MMAPLOCK is held shared by every fault (xfs_filemap_fault, "
                + "xfs_filemap_page_mkwrite) and exclusive across xfs_free_file_space's page-cache drop and extent "
                + "removal: no page comes back into the hole (653c60b633a9 and its series, 4.0)");
    }
}
