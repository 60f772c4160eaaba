package org.pagerace.fs.iomap;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.KernelWarn;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * The write-fault helper of {@code fs/iomap/buffered-io.c}, Linux 6.12: {@code iomap_page_mkwrite}, shared by
 * the filesystems that use iomap for buffered I/O (xfs, zonefs, gfs2, erofs…). The caller holds its own
 * serialisation against truncate and punch (xfs: {@code XFS_MMAPLOCK_SHARED}, that is the mapping's
 * {@code invalidate_lock}). Deviations: one {@code iomap_iter} step covers the folio (a block is a page); the
 * filesystem's {@code ->iomap_begin} (xfs: {@code xfs_buffered_write_iomap_begin}, a delalloc reservation) is
 * {@link BlockMap#reserve} unless the caller names its own ({@link IomapBegin}); no buffer-head path ({@code iomap_folio_mkwrite_iter} calls
 * {@code __block_write_begin_int} only for filesystems with buffer heads, which xfs has not).
 */
public final class BufferedIo {
    private BufferedIo() {
    }

    /**
     * A filesystem's {@code iomap_ops.iomap_begin} for a write fault ({@code IOMAP_WRITE | IOMAP_FAULT}) over the
     * first {@code length} bytes of {@code folio}: map them for writing (xfs: {@code xfs_buffered_write_iomap_begin},
     * a delalloc reservation). Context: folio locked. Return: 0 or -errno (which fails the fault).
     */
    @FunctionalInterface
    public interface IomapBegin {
        int iomap_begin(Inode inode, Folio folio, int length);
    }

    /** The default {@link IomapBegin}: a delalloc reservation of the blocks of the bytes inside EOF. */
    private static int reserve_delalloc(Inode inode, Folio folio, int length) {
        return BlockMap.of(inode).reserve(folio, length);
    }

    /**
     * {@code iomap_page_mkwrite(vmf, ops)}: lock the folio; {@code folio_mkwrite_check_truncate} (-EFAULT if it was
     * removed from the page cache or lies wholly past EOF); map it for writing and dirty it
     * ({@code iomap_folio_mkwrite_iter}); wait until it is stable. Errors through {@code vmf_fs_error}: a
     * truncated folio is NOPAGE, -ENOMEM is OOM.
     * Return: {@code VM_FAULT_LOCKED} with the folio locked, or an error with it unlocked.
     */
    public static int iomap_page_mkwrite(VmFault vmf) {
        return iomap_page_mkwrite(vmf, BufferedIo::reserve_delalloc);
    }

    /** {@link #iomap_page_mkwrite(VmFault)} with the filesystem's {@code ->iomap_begin}, {@code ops}. */
    public static int iomap_page_mkwrite(VmFault vmf, IomapBegin ops) {
        Folio folio = vmf.page;
        Inode inode = vmf.inode();
        folio_lock(folio);
        int ret = Filemap.folio_mkwrite_check_truncate(folio, inode);
        if (ret < 0) {
            folio_unlock(folio);
            return vmf_fs_error(ret);
        }
        Points.at(Point.MKWRITE_CHECKED);
        ret = iomap_folio_mkwrite_iter(inode, folio, ret, ops);
        if (ret < 0) {
            folio_unlock(folio);
            return vmf_fs_error(ret);
        }
        folio_wait_writeback(folio); /* folio_wait_stable */
        return VM_FAULT_LOCKED;
    }

    /**
     * One step of {@code while ((ret = iomap_iter(&iter, ops)) > 0) iomap_folio_mkwrite_iter(...)}: the
     * filesystem's {@code ->iomap_begin} maps the range for writing (its error fails the fault), then
     * {@code iomap_folio_mkwrite_iter} (5.5–5.15 {@code iomap_page_mkwrite_actor}) warns if the folio is not
     * uptodate ({@code WARN_ON_ONCE(!folio_test_uptodate(folio))}, read in 5.5's
     * {@code iomap_page_mkwrite_actor} and 6.12's {@code iomap_folio_mkwrite_iter}: a write fault must find a page
     * whose data is valid) and marks it dirty, whatever the warning.
     * Context: folio locked. Return: 0 or -errno.
     */
    static int iomap_folio_mkwrite_iter(Inode inode, Folio folio, int length, IomapBegin ops) {
        int err = ops.iomap_begin(inode, folio, length);
        if (err < 0) {
            return err;
        }
        KernelWarn.WARN_ON_ONCE(inode, !folio_test_uptodate(folio),
                "!folio_test_uptodate(folio) in iomap_folio_mkwrite_iter (a write fault on a page whose data is not valid)");
        PageWriteback.folio_mark_dirty(folio);
        return 0;
    }
}
