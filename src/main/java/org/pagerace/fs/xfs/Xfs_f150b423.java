package org.pagerace.fs.xfs;

import static org.pagerace.fs.xfs.XfsInodeInfo.XFS_I;
import static org.pagerace.mm.Folio.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.fs.iomap.BufferedIo;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.VmFault;
import org.pagerace.sys.Errno;

/**
 * XFS from f150b4234397 "xfs: split the iomap ops for buffered vs direct writes" (Christoph Hellwig, xfs for-next
 * of October 2019, released in 5.5), as 5.5 has the write fault and writeback paths. A write fault
 * ({@code xfs_filemap_page_mkwrite} → {@code __xfs_filemap_fault}) takes {@code XFS_MMAPLOCK_SHARED} around
 * {@code iomap_page_mkwrite(vmf, &xfs_buffered_write_iomap_ops)} ({@code fs/xfs/xfs_file.c}); the commit gave
 * buffered writes and write faults their own {@code ->iomap_begin}, {@code xfs_buffered_write_iomap_begin}
 * ({@code fs/xfs/xfs_iomap.c}), which finds or reserves a delalloc extent, and in the split the
 * {@code XFS_FORCED_SHUTDOWN} check of the shared {@code xfs_file_iomap_begin} was lost from that path (e4826691cc7e
 * names it: "the removal of a shutdown check and explicit error return in the ->iomap_begin() path used by the write
 * fault path"). Writeback is iomap's ({@code xfs_vm_writepage} → {@code iomap_writepage} →
 * {@code iomap_writepage_map}, {@code fs/iomap/buffered-io.c}, with {@code xfs_writeback_ops}): after a shutdown
 * {@code xfs_map_blocks} fails every page with -EIO ("filesystem shutdown (which then unconditionally fails page
 * writeback)", e4826691cc7e), and a page nothing of which was submitted ({@code !count}) is given to
 * {@code xfs_discard_page}, which on a shut-down filesystem skips punching the delalloc blocks and invalidates the
 * page ({@code iomap_invalidatepage}: the dirty bit cancelled, the page state released), then has its uptodate bit
 * cleared ({@code ClearPageUptodate}) and is unlocked, still in the page cache and still mapped (read-only, since the
 * writeback cleaned its ptes). The next write fault on it reaches {@code iomap_page_mkwrite_actor}'s
 * {@code WARN_ON_ONCE(!PageUptodate(page))} (generic/623, and generic/019's simulated disk failures).
 *
 * <p>Deviations: those of {@link Xfs_653c60b6}; {@code iomap_page_mkwrite} is {@link BufferedIo}'s 6.12 text, whose
 * truncation check is {@code page_mkwrite_check_truncate}'s {@code >=} (243145bc4336, 5.6) where 5.5 compares
 * {@code page_offset(page) > size} (they differ only for a page starting exactly at EOF, which the shutdown race never
 * has); {@code iomap_writepage_map} is modelled for a page of one block (a block is a page), its success path is the
 * block-mapped writeback of the older versions; no {@code sb_start_pagefault}, {@code file_update_time}, DAX,
 * COW fork or transactions; the shutdown is the mount's flag in {@link XfsInodeInfo} (one file per mount). Versions
 * before this one do not declare the {@code shutdown} race: their shutdown paths are not modelled.
 */
@Version(fs = "xfs", id = "f150b423", release = "5.5", commit = "f150b4234397",
        title = "xfs: split the iomap ops for buffered vs direct writes (the write fault's ->iomap_begin lost its "
                + "shutdown check; iomap writeback clears PageUptodate of a page it failed)",
        changes = {"xfs_filemap_page_mkwrite", "xfs_buffered_write_iomap_begin", "xfs_vm_writepage",
            "xfs_map_blocks", "xfs_discard_page", "xfs_fs_goingdown"},
        mirrors = "Linux 5.5 fs/xfs/xfs_file.c __xfs_filemap_fault; fs/xfs/xfs_iomap.c "
                + "xfs_buffered_write_iomap_begin; fs/xfs/xfs_aops.c xfs_map_blocks, xfs_discard_page; "
                + "fs/xfs/xfs_fsops.c xfs_fs_goingdown; fs/iomap/buffered-io.c iomap_page_mkwrite, "
                + "iomap_page_mkwrite_actor, iomap_writepage_map")
public class Xfs_f150b423 extends Xfs_04197b34 {
    /**
     * {@code xfs_filemap_page_mkwrite} → {@code __xfs_filemap_fault(vmf, PE_SIZE_PTE, true)}:
     * {@code XFS_MMAPLOCK_SHARED} around {@code iomap_page_mkwrite(vmf, &xfs_buffered_write_iomap_ops)}.
     */
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
     * {@code xfs_buffered_write_iomap_begin} for a write fault over the first {@code length} bytes of {@code folio}:
     * under {@code XFS_ILOCK_EXCL}, an extent already in the data fork (the delalloc one a write(2) reserved) is
     * returned as it is, a hole gets a delalloc reservation ({@code xfs_bmapi_reserve_delalloc}). No
     * {@code XFS_FORCED_SHUTDOWN} check: a shut-down filesystem maps the page like any other. Context: folio locked.
     * Return: 0 or -errno.
     */
    protected int xfs_buffered_write_iomap_begin(Inode inode, Folio folio, int length) {
        return BlockMap.of(inode).reserve(folio, length);
    }

    /**
     * {@code xfs_vm_writepage} → {@code iomap_writepage} → {@code iomap_writepage_map} (5.5, the folio locked and
     * cleaned by the writeback loop): map the page's block ({@code wpc->ops->map_blocks}, {@link #xfs_map_blocks});
     * if that fails before anything of the page was added to an ioend, "it won't be affected by I/O completions and
     * we must discard and unlock it right here": {@code discard_page} ({@link #xfs_discard_page}),
     * {@code ClearPageUptodate(page)}, {@code unlock_page(page)}, {@code mapping_set_error}, and the error is
     * returned. Otherwise the page is written as in the older versions.
     */
    @Override
    protected int xfs_vm_writepage(Folio folio) {
        Inode inode = folio.mapping.host;
        int error = xfs_map_blocks(inode, folio_pos(folio));
        if (error != 0) {
            xfs_discard_page(folio);
            folio_clear_uptodate(folio);
            folio_unlock(folio);
            return error;
        }
        return super.xfs_vm_writepage(folio);
    }

    /**
     * {@code xfs_map_blocks} ({@code fs/xfs/xfs_aops.c}): the writeback's block lookup, which on a shut-down
     * filesystem returns -EIO before anything else. Return: 0 or -errno.
     */
    protected int xfs_map_blocks(Inode inode, long offset) {
        if (XFS_I(inode).m_shutdown) {
            return -Errno.EIO;
        }
        return 0;
    }

    /**
     * {@code xfs_discard_page} ({@code fs/xfs/xfs_aops.c}, 5.5): on a shut-down filesystem {@code goto
     * out_invalidate}, skipping {@code xfs_bmap_punch_delalloc_range} (the delalloc extent stays), then
     * {@code iomap_invalidatepage(page, 0, PAGE_SIZE)}: {@code cancel_dirty_page} and {@code iomap_page_release}.
     * Only a shutdown fails {@link #xfs_map_blocks} in the model, so the punch of a live filesystem is not modelled.
     * Context: folio locked.
     */
    protected void xfs_discard_page(Folio folio) {
        folio_cancel_dirty(folio);
        folio_detach_private(folio);
    }

    /** The shutdown ioctl: {@link #xfs_fs_goingdown}. */
    @Override
    public final int shutdown(Inode inode) {
        return xfs_fs_goingdown(inode);
    }

    /**
     * {@code xfs_fs_goingdown(mp, XFS_FSOP_GOING_FLAGS_NOLOGFLUSH)} ({@code XFS_IOC_GOINGDOWN}, {@code xfs_io -c
     * shutdown}): {@code xfs_force_shutdown(mp, SHUTDOWN_FORCE_UMOUNT)}, which sets {@code XFS_MOUNT_FS_SHUTDOWN}.
     * Return: 0.
     */
    protected int xfs_fs_goingdown(Inode inode) {
        XFS_I(inode).m_shutdown = true;
        return 0;
    }

    @Override
    public final boolean isShutdown(Inode inode) {
        return XFS_I(inode).m_shutdown;
    }

    @Override
    public final boolean supportsShutdown() {
        return true;
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.known("shutdown", "after the shutdown xfs_map_blocks fails the fsync's writeback of the page with -EIO and "
                + "iomap_writepage_map, having submitted nothing of it, discards it and clears PageUptodate, leaving it "
                + "cached and mapped; the next write fault's xfs_buffered_write_iomap_begin has no shutdown check (lost "
                + "by f150b4234397) and maps the delalloc extent, so iomap_page_mkwrite_actor hits "
                + "WARN_ON_ONCE(!PageUptodate(page)) instead of failing with -EIO (e4826691cc7e; generic/623)",
                "KERNEL_WARN");
    }
}
