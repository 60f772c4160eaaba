package org.pagerace.fs.xfs;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.fs.iomap.BufferedIo;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.Truncate;
import org.pagerace.mm.VmFault;

/**
 * XFS as Linux 6.12 has it. {@code XFS_IOLOCK} is the VFS inode's {@code i_rwsem} (4.7, "xfs: remove i_iolock and
 * use i_rwsem in the VFS inode instead") and {@code XFS_MMAPLOCK} is the mapping's {@code invalidate_lock}
 * (2433480a7e1d "xfs: Convert to use invalidate_lock", 5.15), so {@code xfs_ilock} takes those. A read fault is
 * plain {@code filemap_fault}, which itself takes {@code invalidate_lock} shared when it must create a page; a
 * write fault ({@code xfs_filemap_page_mkwrite} → {@code xfs_write_fault}) takes {@code XFS_MMAPLOCK_SHARED}
 * (exclusive while a reflink remap is in progress) around {@code iomap_page_mkwrite}. {@code xfs_vn_setattr} takes
 * {@code XFS_MMAPLOCK_EXCL} under the VFS's {@code i_rwsem} around {@code xfs_setattr_size}
 * ({@code truncate_setsize}, then {@code xfs_itruncate_extents}); {@code xfs_file_fallocate} takes
 * {@code XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL}, writes back and drops the page cache of the hole
 * ({@code xfs_flush_unmap_range}, rounded to the allocation unit) and frees its extents.
 *
 * <p>An O_DIRECT read is {@code xfs_file_dio_read} → {@code iomap_dio_rw}: it writes the range back
 * ({@code kiocb_write_and_wait}) and maps it with {@code xfs_read_iomap_begin}; a delalloc extent there is
 * {@code IOMAP_DELALLOC}, which {@code iomap_dio_iter} fails with {@code WARN_ON_ONCE} and -EIO, as 04197b341f23's
 * {@code __xfs_get_blocks} did. Deviation: the model keeps the 4.x path (it also invalidates before the lookup).
 *
 * <p>After a shutdown ({@link Xfs_f150b423}) {@code xfs_buffered_write_iomap_begin} still fails a write fault with
 * -EIO ({@code xfs_is_shutdown(mp)}, e4826691cc7e), and since e9c3a8e820ed "iomap: don't invalidate folios after
 * writeback errors" (5.19) a folio whose writeback failed is left uptodate: {@code xfs_discard_folio} returns at
 * once on a shut-down filesystem and {@code iomap_writepage_map} no longer clears the uptodate bit.
 *
 * <p>Deviations: no {@code sb_start_pagefault}, {@code file_update_time}, pre-content fsnotify hook, DAX, reflink
 * ({@code XFS_IREMAPPING}), layouts or transactions; a block is a page.
 */
@Version(fs = "xfs", id = "6.12", release = "6.12", commit = "2433480a7e1d",
        title = "xfs: Convert to use invalidate_lock (5.15); iomap_page_mkwrite under XFS_MMAPLOCK_SHARED",
        changes = {"xfs_ilock", "xfs_iunlock", "xfs_filemap_fault", "xfs_filemap_page_mkwrite", "xfs_vn_setattr",
            "xfs_free_file_space", "xfs_vm_writepage"},
        mirrors = "Linux 6.12 fs/xfs/xfs_file.c xfs_filemap_fault, xfs_write_fault, xfs_file_fallocate; "
                + "fs/xfs/xfs_iops.c xfs_vn_setattr; fs/xfs/xfs_bmap_util.c xfs_flush_unmap_range; "
                + "fs/iomap/buffered-io.c iomap_page_mkwrite, iomap_writepage_map_blocks; fs/xfs/xfs_iomap.c "
                + "xfs_buffered_write_iomap_begin")
public class Xfs_6_12 extends Xfs_e4826691 {
    /** {@code xfs_ilock}: XFS_IOLOCK is {@code i_rwsem}, XFS_MMAPLOCK is {@code mapping->invalidate_lock}. */
    @Override
    protected void xfs_ilock(Inode inode, int lock_flags) {
        if ((lock_flags & XFS_IOLOCK_EXCL) != 0) {
            RwSemaphore.down_write(inode.i_rwsem);
        } else if ((lock_flags & XFS_IOLOCK_SHARED) != 0) {
            RwSemaphore.down_read(inode.i_rwsem);
        }
        if ((lock_flags & XFS_MMAPLOCK_EXCL) != 0) {
            AddressSpace.filemap_invalidate_lock(inode.i_mapping);
        } else if ((lock_flags & XFS_MMAPLOCK_SHARED) != 0) {
            AddressSpace.filemap_invalidate_lock_shared(inode.i_mapping);
        }
    }

    /** {@code xfs_iunlock}: the reverse of {@link #xfs_ilock}. */
    @Override
    protected void xfs_iunlock(Inode inode, int lock_flags) {
        if ((lock_flags & XFS_MMAPLOCK_EXCL) != 0) {
            AddressSpace.filemap_invalidate_unlock(inode.i_mapping);
        } else if ((lock_flags & XFS_MMAPLOCK_SHARED) != 0) {
            AddressSpace.filemap_invalidate_unlock_shared(inode.i_mapping);
        }
        if ((lock_flags & XFS_IOLOCK_EXCL) != 0) {
            RwSemaphore.up_write(inode.i_rwsem);
        } else if ((lock_flags & XFS_IOLOCK_SHARED) != 0) {
            RwSemaphore.up_read(inode.i_rwsem);
        }
    }

    /** {@code __xfs_filemap_fault} for a read fault: {@code filemap_fault}, which takes invalidate_lock itself. */
    @Override
    protected int xfs_filemap_fault(VmFault vmf) {
        return Filemap.filemap_fault(vmf);
    }

    /** {@code xfs_filemap_page_mkwrite} → {@code xfs_write_fault}: XFS_MMAPLOCK_SHARED around iomap_page_mkwrite. */
    @Override
    protected int xfs_filemap_page_mkwrite(VmFault vmf) {
        Inode inode = vmf.inode();
        xfs_ilock(inode, XFS_MMAPLOCK_SHARED);
        try {
            return BufferedIo.iomap_page_mkwrite(vmf, this::xfs_buffered_write_iomap_begin);
        } finally {
            xfs_iunlock(inode, XFS_MMAPLOCK_SHARED);
        }
    }

    /**
     * The writeback of one folio ({@code xfs_vm_writepages} → {@code iomap_writepage_map}, the folio locked and
     * cleaned): a failed {@code xfs_map_blocks} (a shut-down filesystem) leaves the folio clean, uptodate and cached
     * ({@code iomap_writepage_map_blocks} calls {@code xfs_discard_folio}, which returns at once on a shut-down
     * filesystem; no {@code folio_clear_uptodate} since e9c3a8e820ed), and the error is returned. Deviation: the
     * kernel starts and at once ends the folio's writeback around the failed mapping; the model does neither.
     */
    @Override
    protected int xfs_vm_writepage(Folio folio) {
        int error = xfs_map_blocks(folio.mapping.host, Folio.folio_pos(folio));
        if (error != 0) {
            Folio.folio_unlock(folio);
            return error;
        }
        return block_write_full_folio(folio, true);
    }

    /** {@code xfs_vn_setattr(ATTR_SIZE)}: XFS_MMAPLOCK_EXCL under the VFS's i_rwsem (which is XFS_IOLOCK). */
    @Override
    protected void xfs_vn_setattr(Inode inode, long size) {
        RwSemaphore.down_write(inode.i_rwsem);
        xfs_ilock(inode, XFS_MMAPLOCK_EXCL);
        try {
            xfs_setattr_size(inode, size);
        } finally {
            xfs_iunlock(inode, XFS_MMAPLOCK_EXCL);
            RwSemaphore.up_write(inode.i_rwsem);
        }
    }

    /**
     * {@code xfs_flush_unmap_range} over the hole (write back, then {@code truncate_pagecache_range}), then the
     * extent removal of {@code xfs_free_file_space}. Context: XFS_IOLOCK_EXCL and XFS_MMAPLOCK_EXCL held.
     */
    @Override
    protected void xfs_free_file_space(Inode inode, long off, long len) {
        long start = off & ~(long) (PageSize.PAGE_SIZE - 1);
        long end = PageSize.roundUp(off + len) - 1;
        PageWriteback.filemap_write_and_wait_range(inode.i_mapping, start >>> PageSize.PAGE_SHIFT,
                end >>> PageSize.PAGE_SHIFT);
        Truncate.truncate_pagecache_range(inode, start, end, era());
        freeBlocks(inode, off, len);
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.notApplicable("insert-range", "not modelled: xfs_insert_file_space (4.1) is not mirrored, so the race is "
                + "not run");
        e.notApplicable("dedupe", "not modelled: xfs_file_remap_range (reflink, 4.9) is not mirrored, so the race is "
                + "not run");
        e.correct("punch-hole", "invalidate_lock (XFS_MMAPLOCK) is held shared by a fault that creates a page "
                + "(filemap_fault) and by xfs_write_fault, exclusive by xfs_file_fallocate across "
                + "xfs_flush_unmap_range and the extent removal: no page comes back into the hole (5.15 conversion "
                + "of 653c60b633a9's lock)");
        e.correct("shutdown", "xfs_buffered_write_iomap_begin fails a write fault with -EIO once xfs_is_shutdown(mp) "
                + "(e4826691cc7e), and a failed writeback leaves the folio uptodate (e9c3a8e820ed, 5.19): SIGBUS, or a "
                + "store lost with the failed writeback, as on any shut-down filesystem");
    }
}
