package org.pagerace.fs.xfs;

import static org.pagerace.fs.xfs.XfsInodeInfo.XFS_I;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Buffer;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.InodeInfo;
import org.pagerace.fs.Version;
import org.pagerace.mm.Era;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.KernelBug;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.Truncate;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * XFS as Linux 2.6.37 has it. {@code xfs_file_vm_ops} ({@code fs/xfs/linux-2.6/xfs_file.c}): {@code .fault} is
 * {@code filemap_fault}; {@code .page_mkwrite} is {@code xfs_vm_page_mkwrite}, which is plain
 * {@code block_page_mkwrite(vma, vmf, xfs_get_blocks)} with no lock of its own: under the page lock, a page whose
 * mapping changed or that starts beyond EOF ({@code page_offset(page) > size}) is NOPAGE, else its buffers are
 * prepared and committed and it is returned LOCKED (-ENOMEM → OOM, other errors SIGBUS). A size change
 * ({@code xfs_setattr}, {@code fs/xfs/xfs_vnodeops.c}) runs under the VFS's {@code i_mutex} and
 * {@code XFS_IOLOCK_EXCL}; it writes i_size and drops the page cache with {@code truncate_setsize}, then frees the
 * extents ({@code xfs_itruncate_finish}): the page lock and the i_size test are what order it with a fault. There
 * is no hole punch: 2.6.37's {@code xfs_vn_fallocate} (an inode operation) preallocates only, and the VFS refuses
 * any mode but {@code FALLOC_FL_KEEP_SIZE}; {@code FALLOC_FL_PUNCH_HOLE} came in 2.6.38 (79124f18b335).
 *
 * A growing size change first zeroes what lies beyond the old EOF in its last block ({@code xfs_zero_eof}: "Do the
 * first part of growing a file: zero any data in the last block that is beyond the old EOF"), so a store a mapping
 * left in the EOF page's tail never becomes file data.
 *
 * <p>Deviations: no transactions, no {@code block_truncate_page} (the backing's truncate zeroes the tail), no
 * {@code XFS_ILOCK}; {@link Buffer#__block_page_mkwrite} waits for writeback before it returns, which 2.6.37's
 * {@code block_page_mkwrite} did not (stable pages came in 3.0). The ops-table methods are named after the
 * functions that fill the slots from 4.0 on ({@code xfs_filemap_fault}, {@code xfs_filemap_page_mkwrite}: 2.6.37's
 * {@code filemap_fault} and {@code xfs_vm_page_mkwrite}), so that later versions override them by name.
 */
@Version(fs = "xfs", id = "2.6.37", release = "2.6.37", era = Era.LINUX_2_6_37,
        title = "plain block_page_mkwrite, no lock of its own; truncate under i_mutex and XFS_IOLOCK_EXCL; no punch",
        mirrors = "Linux 2.6.37 fs/xfs/linux-2.6/xfs_file.c xfs_vm_page_mkwrite; fs/xfs/xfs_vnodeops.c xfs_setattr; "
                + "fs/buffer.c block_page_mkwrite")
public class Xfs_2_6_37 extends FileSystem {
    /** {@code XFS_IOLOCK_EXCL} (fs/xfs/xfs_inode.h). */
    protected static final int XFS_IOLOCK_EXCL = 1 << 0;
    /** {@code XFS_IOLOCK_SHARED}. */
    protected static final int XFS_IOLOCK_SHARED = 1 << 1;
    /** {@code XFS_MMAPLOCK_EXCL} (4.0 on). */
    protected static final int XFS_MMAPLOCK_EXCL = 1 << 4;
    /** {@code XFS_MMAPLOCK_SHARED} (4.0 on). */
    protected static final int XFS_MMAPLOCK_SHARED = 1 << 5;

    @Override
    protected InodeInfo alloc_inode(int maxPages) {
        return new XfsInodeInfo(maxPages);
    }

    /** {@code xfs_file_vm_ops}, {@code xfs_inode_operations.setattr}, {@code xfs_file_operations.fallocate}. */
    @Override
    protected final Operations operations() {
        return Operations.GENERIC.fault(this::xfs_filemap_fault).page_mkwrite(this::xfs_filemap_page_mkwrite)
                .setattr(this::xfs_vn_setattr).fallocate(this::xfs_file_fallocate);
    }

    @Override
    public boolean supportsFallocate(int mode) {
        return false;
    }

    @Override
    public final int direct_read(Inode inode, long off, long len) {
        checkRange(inode, off, len);
        return xfs_file_read_iter(inode, off, len);
    }

    @Override
    protected final int direct_IO_blocks(Inode inode, long off, long len, boolean write) {
        return __xfs_get_blocks(inode, off, len, write);
    }

    /**
     * The O_DIRECT branch of {@code xfs_file_read_iter} (4.0; {@code xfs_file_aio_read} before): under
     * {@code XFS_IOLOCK}, if the mapping has pages, write the range back and invalidate it
     * ({@code invalidate_inode_pages2_range}, "this should never happen on XFS. Warn if it does fail"), then
     * {@code generic_file_read_iter} → {@code ->direct_IO} → {@code xfs_get_blocks_direct}. A write fault takes no
     * IOLOCK. Deviation: the IOLOCK is taken exclusive throughout (the kernel demotes it to shared before the I/O),
     * which nothing in the race can tell apart.
     */
    protected int xfs_file_read_iter(Inode inode, long off, long len) {
        long first = off >>> PageSize.PAGE_SHIFT;
        long last = (off + len - 1) >>> PageSize.PAGE_SHIFT;
        xfs_ilock(inode, XFS_IOLOCK_EXCL);
        try {
            int err = PageWriteback.filemap_write_and_wait_range(inode.i_mapping, first, last);
            Points.at(ODIRECT_FLUSHED);
            if (err != 0) {
                return err;
            }
            Truncate.invalidate_inode_pages2_range(inode.i_mapping, first, last); /* WARN_ON_ONCE(ret) */
            Points.at(ODIRECT_INVALIDATED);
            return __xfs_get_blocks(inode, off, len, false);
        } finally {
            xfs_iunlock(inode, XFS_IOLOCK_EXCL);
        }
    }

    /**
     * {@code __xfs_get_blocks} with {@code direct} set: a write allocates over a hole or a delalloc extent
     * ({@code xfs_iomap_write_direct}); a read that finds a delalloc extent, which only a write fault racing the
     * read after its flush can have put there, hits {@code BUG_ON(direct && imap.br_startblock == DELAYSTARTBLOCK)}
     * (read in the 4.9 source that 04197b341f23 changed; assumed, not read, for the releases before).
     */
    protected int __xfs_get_blocks(Inode inode, long off, long len, boolean create) {
        Points.at(ODIRECT_LOOKUP);
        if (!create && delalloc(inode, off, len)) {
            throw new KernelBug("BUG_ON(direct && imap.br_startblock == DELAYSTARTBLOCK) in __xfs_get_blocks");
        }
        return allocateIfCreate(inode, off, len, create);
    }

    /** A direct write allocates over a hole or delalloc ({@code xfs_iomap_write_direct}); a read maps what is there. */
    protected static int allocateIfCreate(Inode inode, long off, long len, boolean create) {
        if (create) {
            BlockMap.of(inode).allocate(off >>> PageSize.PAGE_SHIFT, (off + len - 1) >>> PageSize.PAGE_SHIFT);
        }
        return 0;
    }

    /** Whether [{@code off}, {@code off+len}) holds a delalloc extent ({@code DELAYSTARTBLOCK}: reserved, no block). */
    protected static boolean delalloc(Inode inode, long off, long len) {
        for (long i = off >>> PageSize.PAGE_SHIFT; i <= (off + len - 1) >>> PageSize.PAGE_SHIFT; i++) {
            if (BlockMap.of(inode).state(i) == BlockMap.RESERVED) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code xfs_ilock(ip, lock_flags)}: the IOLOCK before the MMAPLOCK, as the kernel orders them. Until 4.7 the
     * locks are the inode's own ({@link XfsInodeInfo}); {@link Xfs_6_12} overrides this with the VFS ones.
     */
    protected void xfs_ilock(Inode inode, int lock_flags) {
        XfsInodeInfo ip = XFS_I(inode);
        if ((lock_flags & XFS_IOLOCK_EXCL) != 0) {
            RwSemaphore.down_write(ip.i_iolock);
        } else if ((lock_flags & XFS_IOLOCK_SHARED) != 0) {
            RwSemaphore.down_read(ip.i_iolock);
        }
        if ((lock_flags & XFS_MMAPLOCK_EXCL) != 0) {
            RwSemaphore.down_write(ip.i_mmaplock);
        } else if ((lock_flags & XFS_MMAPLOCK_SHARED) != 0) {
            RwSemaphore.down_read(ip.i_mmaplock);
        }
    }

    /** {@code xfs_iunlock(ip, lock_flags)}: the reverse of {@link #xfs_ilock}. */
    protected void xfs_iunlock(Inode inode, int lock_flags) {
        XfsInodeInfo ip = XFS_I(inode);
        if ((lock_flags & XFS_MMAPLOCK_EXCL) != 0) {
            RwSemaphore.up_write(ip.i_mmaplock);
        } else if ((lock_flags & XFS_MMAPLOCK_SHARED) != 0) {
            RwSemaphore.up_read(ip.i_mmaplock);
        }
        if ((lock_flags & XFS_IOLOCK_EXCL) != 0) {
            RwSemaphore.up_write(ip.i_iolock);
        } else if ((lock_flags & XFS_IOLOCK_SHARED) != 0) {
            RwSemaphore.up_read(ip.i_iolock);
        }
    }

    /** {@code xfs_file_vm_ops.fault}: {@code filemap_fault} itself in 2.6.37. */
    protected int xfs_filemap_fault(VmFault vmf) {
        return Filemap.filemap_fault(vmf);
    }

    /** 2.6.37 {@code xfs_vm_page_mkwrite}: {@code block_page_mkwrite(vma, vmf, xfs_get_blocks)}. */
    protected int xfs_filemap_page_mkwrite(VmFault vmf) {
        return block_page_mkwrite(vmf);
    }

    /**
     * 2.6.37 {@code block_page_mkwrite} ({@code fs/buffer.c}), which returned {@code VM_FAULT_*} itself: NOPAGE for
     * a truncated page, OOM for -ENOMEM, SIGBUS for other errors, LOCKED on success; the same mapping as
     * {@code vmf_fs_error} over {@code __block_page_mkwrite}'s -errno.
     */
    static int block_page_mkwrite(VmFault vmf) {
        return vmf_fs_error(Buffer.__block_page_mkwrite(vmf));
    }

    /** 2.6.37 {@code xfs_vn_setattr} → {@code xfs_setattr(ATTR_SIZE)}: {@code i_mutex} (VFS) and XFS_IOLOCK_EXCL. */
    protected void xfs_vn_setattr(Inode inode, long size) {
        RwSemaphore.down_write(inode.i_rwsem);
        xfs_ilock(inode, XFS_IOLOCK_EXCL);
        try {
            xfs_setattr_size(inode, size);
        } finally {
            xfs_iunlock(inode, XFS_IOLOCK_EXCL);
            RwSemaphore.up_write(inode.i_rwsem);
        }
    }

    /**
     * The size change of 2.6.37's {@code xfs_setattr(ATTR_SIZE)} (later split out as {@code xfs_setattr_size} in
     * {@code fs/xfs/xfs_iops.c}, the same in substance until 3.17): a growing size zeroes the old EOF block's tail ({@code xfs_zero_eof},
     * which skips holes) and flushes [{@code di_size}, new size) where the in-core and on-disk sizes differ, then
     * {@code truncate_setsize} writes i_size and drops the page cache beyond it (no {@code pagecache_isize_extended}
     * before 3.18), and the transaction frees the extents beyond a smaller size. Nothing touches the page straddling
     * the old EOF when the file grows: a page made writable while the EOF was inside it stays writable over the hole
     * blocks the extension brings in. Deviation: no di_size flush (the model keeps no on-disk size). Context: i_mutex and XFS_IOLOCK_EXCL
     * held (and XFS_MMAPLOCK_EXCL from 4.0).
     */
    protected void xfs_setattr_size(Inode inode, long size) {
        long oldsize = Inode.i_size_read(inode);
        if (size > oldsize) {
            xfs_zero_eof(inode, oldsize, size);
        }
        truncate_size_locked(inode, size);
    }

    /**
     * {@code xfs_vm_writepage} ({@code fs/xfs/linux-2.6/xfs_aops.c}; {@code xfs_writepage_map} in 4.x; iomap's
     * {@code IOMAP_HOLE} in 6.x): the tail beyond i_size zeroed, and a buffer covering a hole skipped ("The dirty
     * state however is entirely meaningless for holes (!mapped &amp;&amp; uptodate), so skip buffers covering holes
     * here"): data a mapping stored over a block page_mkwrite never prepared is not written.
     */
    @Override
    public final int writepage(Folio folio) {
        return xfs_vm_writepage(folio);
    }

    /** {@code xfs_vm_writepage}: see {@link #writepage}. */
    protected int xfs_vm_writepage(Folio folio) {
        return block_write_full_folio(folio, true);
    }

    /**
     * {@code xfs_zero_eof} → {@code xfs_zero_last_block} (2.6.37; from 4.x {@code iomap_zero_range(oldsize, newsize -
     * oldsize)}, through {@code xfs_zero_range} in 6.x): zero the old EOF block from the old size to its end (or the
     * new size), through the page cache under the folio lock, unless the block is a hole ({@code HOLESTARTBLOCK};
     * iomap skips holes too), which reads as zeros already. A delalloc block, which a write fault's
     * {@code page_mkwrite} reserves, is zeroed. Deviation: the zeroing is done on the file's data without dirtying the
     * folio (as {@code ext4@52aecaee}'s block zeroing), after the model's file has grown to the new size (its data
     * beyond the old size cannot be reached before), which the kernel does with i_size after the zeroing.
     */
    protected void xfs_zero_eof(Inode inode, long oldsize, long newsize) {
        int bsize = Inode.i_blocksize(inode);
        if ((oldsize & (bsize - 1)) == 0 || BlockMap.of(inode).blockStateAt(oldsize) == BlockMap.NONE) {
            return;
        }
        long end = Math.min((oldsize + bsize - 1) / bsize * bsize, newsize);
        inode.backing().truncate(newsize); /* the file's data beyond the old size is addressable only once it grew */
        Folio folio = Filemap.filemap_get_folio(inode.i_mapping, oldsize >>> PageSize.PAGE_SHIFT);
        if (folio == null) {
            inode.backing().punchHole(oldsize, end - oldsize);
            return;
        }
        Folio.folio_lock(folio);
        try {
            inode.backing().punchHole(oldsize, end - oldsize); /* folio_zero_range of the block's tail */
        } finally {
            Folio.folio_unlock(folio);
            Folio.folio_put(folio);
        }
    }

    /** 2.6.37 {@code xfs_vn_fallocate}: preallocation only; the VFS rejects every other mode with -EOPNOTSUPP. */
    protected int xfs_file_fallocate(Inode inode, int mode, long off, long len) {
        return -Errno.EOPNOTSUPP;
    }

    @Override
    protected void expectations(Expectations e) {
        e.notApplicable("collapse-range", "FALLOC_FL_COLLAPSE_RANGE came to xfs in 3.15 (\"xfs: Add support "
                + "FALLOC_FL_COLLAPSE_RANGE for fallocate\")");
        e.notApplicable("insert-range", "FALLOC_FL_INSERT_RANGE came to xfs in 4.1 (\"xfs: Add support "
                + "FALLOC_FL_INSERT_RANGE for fallocate\")");
        e.notApplicable("zero-range", "FALLOC_FL_ZERO_RANGE came to xfs in 3.15 (\"xfs: Add support "
                + "FALLOC_FL_ZERO_RANGE for fallocate\")");
        e.notApplicable("dedupe", "xfs shares extents (reflink, FIDEDUPERANGE) from 4.9");
        e.correct("odirect-write", "a direct write allocates over a hole or a delalloc extent "
                + "(xfs_iomap_write_direct in __xfs_get_blocks) and the invalidated page is NOPAGE in "
                + "block_page_mkwrite: no bug, though mixing the two is unsupported");
        e.believedCorrect("block_page_mkwrite rechecks page->mapping and page_offset > i_size under the page lock, "
                + "and truncate_setsize writes i_size before it removes pages under that lock (2.6.37 fs/buffer.c, "
                + "mm/truncate.c); success returns LOCKED, a truncated page NOPAGE, -ENOMEM OOM");
        e.notApplicable("punch-hole", "FALLOC_FL_PUNCH_HOLE came in 2.6.38 (79124f18b335); 2.6.37 xfs_vn_fallocate "
                + "preallocates only");
        e.belowPage().known("truncate-up", "block_page_mkwrite prepares the EOF page's buffers up to i_size only and "
                + "a growing xfs_setattr_size leaves the page straddling the old EOF writably mapped (truncate_setsize "
                + "has no pagecache_isize_extended before 3.18): a store into the blocks the extension brought into "
                + "it never faults, lies dirty over a hole, and xfs_vm_writepage skips buffers covering holes, so the "
                + "data is thrown away (2ebff7bbd785 \"xfs: flush entire last page of old EOF on truncate up\"; "
                + "generic/029)", "UNBACKED_DIRTY");
        e.belowPage().known("partial-page", "as against truncate-up: block_page_mkwrite, called while the file ends "
                + "100 bytes into the page, prepares its buffers up to i_size only, and the growing xfs_setattr_size "
                + "leaves the page writably mapped (no pagecache_isize_extended before 3.18), so a store lands in a "
                + "hole block inside the new size that was never prepared (2ebff7bbd785)", "UNBACKED_DIRTY");
        e.known("odirect-read", "nothing excludes a write fault from a direct read: after the read's flush it puts "
                + "delalloc into the hole, and the read's lookup hits BUG_ON(direct && imap.br_startblock == "
                + "DELAYSTARTBLOCK) in __xfs_get_blocks (removed by 04197b341f23; generic/095 and generic/446)",
                "KERNEL_BUG");
    }
}
