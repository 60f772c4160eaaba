package org.pagerace.fs.btrfs;

import static org.pagerace.fs.btrfs.BtrfsInodeInfo.BTRFS_I;
import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.Falloc;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.InodeInfo;
import org.pagerace.fs.Version;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.Truncate;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * btrfs before 8318ba79eeeb "btrfs: add a i_mmap_lock to our inode" (the 5.12 shape). {@code btrfs_page_mkwrite}
 * ({@code fs/btrfs/inode.c}) reserves delalloc space, locks the page, returns NOPAGE if
 * {@code page->mapping != inode->i_mapping || page_start >= size}, waits for writeback, then locks the page's
 * extent range in {@code io_tree}, marks it delalloc, dirties the page, unlocks the range and returns LOCKED.
 * {@code btrfs_punch_hole} ({@code fs/btrfs/file.c}) runs under the inode lock alone: it waits for ordered
 * extents (writeback), then {@code btrfs_punch_hole_lock_range} loops: {@code truncate_pagecache_range}, lock the
 * extent range, and if a page came back into the range meanwhile ({@code filemap_range_has_page}), unlock and go
 * round again; then it drops the extents and unlocks. A fault that re-creates the page after the check can only
 * make it writable once {@code btrfs_page_mkwrite} gets the extent lock, after the extents are gone; one before the
 * check is caught by it. So btrfs lost no store to a punch even without {@code i_mmap_lock}, which came for
 * dedupe/clone and for a deadlock under low metadata space (H19). {@code btrfs_setsize} (truncate) takes no
 * btrfs lock a fault takes: {@code truncate_setsize} under the VFS's {@code i_rwsem}, then {@code btrfs_truncate}.
 *
 * <p>Read from: 5.x {@code btrfs_page_mkwrite} (the 8318ba79eeeb patch's context and the 5.x source), 6.x
 * {@code btrfs_punch_hole} and {@code btrfs_punch_hole_lock_range} (whose lock-range loop predates
 * 8318ba79eeeb; its ordered-extent recheck is left out), {@code btrfs_setsize} hunks of 5.x/6.x. Deviations:
 * the extent lock is one lock for the file ({@link BtrfsInodeInfo}); ordered extents are not modelled (writeback
 * completes synchronously); of the delalloc reservation ({@code btrfs_delalloc_reserve_space}, taken before any
 * lock) the data space is a flag that the {@code enospc} race empties ({@link BlockMap#reserveDataSpace}), and the
 * metadata half and the marking ({@code btrfs_set_extent_delalloc}) are one {@link BlockMap#reserve} under the
 * extent lock, whose -ENOMEM is {@code vmf_error}'s OOM as the kernel's early failure is; no
 * {@code btrfs_truncate_block} on a shrink (the backing's truncate zeroes the new EOF block's tail), no
 * {@code sb_start_pagefault}, no transactions; only {@code FALLOC_FL_PUNCH_HOLE|KEEP_SIZE} is modelled
 * of {@code btrfs_fallocate}; no {@code btrfs_sync_file}, which takes {@code i_mmap_lock} exclusive (5.13 on), as
 * {@code btrfs_page_mkwrite} takes it shared: a real msync on btrfs is serialised with the fault, the writeback
 * partner here is not.
 */
@Version(fs = "btrfs", id = "5.12", release = "5.12",
        title = "page lock then extent lock in page_mkwrite; punch rechecks the range for pages under the extent lock",
        mirrors = "Linux 5.12 fs/btrfs/inode.c btrfs_page_mkwrite, btrfs_setsize, btrfs_cont_expand, "
                + "btrfs_truncate_block; fs/btrfs/file.c btrfs_fallocate, "
                + "btrfs_punch_hole, btrfs_punch_hole_lock_range")
public class Btrfs_5_12 extends FileSystem {
    /** {@code BTRFS_ILOCK_MMAP} (5.13 on): {@code btrfs_inode_lock} also takes {@code i_mmap_lock} for write. */
    protected static final int BTRFS_ILOCK_MMAP = 1 << 2;
    private static final int PUNCH = Falloc.FALLOC_FL_PUNCH_HOLE | Falloc.FALLOC_FL_KEEP_SIZE;
    /** The window between the lock-range check and the extent removal, where a fault can re-create the page. */
    public static final Point BTRFS_RANGE_LOCKED = Point.declare("BTRFS_RANGE_LOCKED",
            "btrfs_punch_hole_lock_range: the extent range is locked and was found free of pages; extents not yet dropped.");

    @Override
    protected InodeInfo alloc_inode(int maxPages) {
        return new BtrfsInodeInfo(maxPages);
    }

    /**
     * {@code btrfs_file_vm_ops} ({@code .fault} is {@code filemap_fault}), {@code btrfs_setattr(ATTR_SIZE)} under
     * the VFS's {@code i_rwsem}, {@code btrfs_file_operations.fallocate}.
     */
    @Override
    protected final Operations operations() {
        return Operations.GENERIC.page_mkwrite(this::btrfs_page_mkwrite).setattr(do_truncate(this::btrfs_setsize))
                .fallocate(this::btrfs_fallocate);
    }

    @Override
    public final boolean supportsFallocate(int mode) {
        return mode == PUNCH;
    }

    /** {@code btrfs_inode_lock}: {@code i_rwsem} for write, then {@code i_mmap_lock} for write if asked. */
    protected static void btrfs_inode_lock(Inode inode, int ilock_flags) {
        RwSemaphore.down_write(inode.i_rwsem);
        if ((ilock_flags & BTRFS_ILOCK_MMAP) != 0) {
            RwSemaphore.down_write(BTRFS_I(inode).i_mmap_lock);
        }
    }

    /** {@code btrfs_inode_unlock}: the reverse of {@link #btrfs_inode_lock}. */
    protected static void btrfs_inode_unlock(Inode inode, int ilock_flags) {
        if ((ilock_flags & BTRFS_ILOCK_MMAP) != 0) {
            RwSemaphore.up_write(BTRFS_I(inode).i_mmap_lock);
        }
        RwSemaphore.up_write(inode.i_rwsem);
    }

    /** {@code lock_extent(&BTRFS_I(inode)->io_tree, start, end)} (one lock for the file, see the class comment). */
    protected static void lock_extent(Inode inode) {
        RwSemaphore.down_write(BTRFS_I(inode).io_tree);
    }

    /** {@code unlock_extent}. */
    protected static void unlock_extent(Inode inode) {
        RwSemaphore.up_write(BTRFS_I(inode).io_tree);
    }

    /** {@code vmf_error} (include/linux/mm.h): -ENOMEM → OOM, anything else → SIGBUS. */
    static int vmf_error(int err) {
        return err == -Errno.ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
    }

    /**
     * {@code btrfs_page_mkwrite} (see the class comment): the data space first, before any lock (its failure,
     * -ENOSPC on a full filesystem, is {@code goto out_noreserve}: {@code vmf_error}, SIGBUS), then
     * {@link #lockedPageMkwrite}.
     */
    protected int btrfs_page_mkwrite(VmFault vmf) {
        int ret = btrfs_delalloc_reserve_space(vmf.inode());
        if (ret < 0) {
            return vmf_error(ret); /* out_noreserve */
        }
        return lockedPageMkwrite(vmf);
    }

    /**
     * {@code btrfs_delalloc_reserve_space}: data space ({@code btrfs_check_data_free_space}), then metadata. The
     * model keeps the data half here ({@link BlockMap#reserveDataSpace}: -ENOSPC when the {@code enospc} race
     * filled the filesystem); the metadata half and the delalloc marking are the {@link BlockMap#reserve} under the
     * extent lock in {@link #lockedPageMkwrite}. Every page needs new data space on a copy-on-write filesystem,
     * whether or not it already has an extent.
     */
    protected static int btrfs_delalloc_reserve_space(Inode inode) {
        return BlockMap.of(inode).reserveDataSpace();
    }

    /**
     * The part of {@code btrfs_page_mkwrite} after the reservation ({@code again:}): lock the page, recheck it,
     * wait for its writeback, lock the extent range, mark it delalloc, dirty the page; LOCKED, or NOPAGE for a page
     * truncated meanwhile.
     */
    protected final int lockedPageMkwrite(VmFault vmf) {
        Folio page = vmf.page;
        Inode inode = vmf.inode();
        folio_lock(page);
        long size = Inode.i_size_read(inode);
        long page_start = folio_pos(page);
        if (page.mapping != inode.i_mapping || page_start >= size) {
            folio_unlock(page); /* page got truncated out from underneath us */
            return VM_FAULT_NOPAGE;
        }
        Points.at(Point.MKWRITE_CHECKED);
        folio_wait_writeback(page);
        lock_extent(inode);
        int err = BlockMap.of(inode).reserve(page); /* btrfs_delalloc_reserve_space, btrfs_set_extent_delalloc */
        if (err < 0) {
            unlock_extent(inode);
            folio_unlock(page);
            return vmf_error(err);
        }
        PageWriteback.folio_mark_dirty(page);
        unlock_extent(inode);
        return VM_FAULT_LOCKED;
    }

    /**
     * {@code btrfs_setsize}: growing, {@link #btrfs_cont_expand} before i_size is written, then i_size and
     * {@code pagecache_isize_extended}; shrinking, {@code truncate_setsize} then {@code btrfs_truncate}.
     */
    protected void btrfs_setsize(Inode inode, long newsize) {
        long oldsize = Inode.i_size_read(inode);
        if (newsize > oldsize) {
            btrfs_cont_expand(inode, oldsize, newsize);
        }
        truncate_size_locked(inode, newsize);
    }

    /**
     * {@code btrfs_cont_expand}: "If our size started in the middle of a block we need to zero out the rest of the
     * block before we expand the i_size, otherwise we could expose stale data": {@link #btrfs_truncate_block} at the
     * old size (the hole extents it then inserts beyond the old EOF block are not modelled).
     */
    protected void btrfs_cont_expand(Inode inode, long oldsize, long newsize) {
        inode.backing().truncate(newsize); /* the file's data beyond the old size is addressable only once it grew */
        btrfs_truncate_block(inode, oldsize);
    }

    /**
     * {@code btrfs_truncate_block(inode, from, 0, 0)}: if {@code from} is inside a block, lock the block's folio
     * (read in or created), lock its extent range, zero the block from {@code from} to its end and dirty it.
     * Deviations: the delalloc reservation it makes for the block is not modelled, and the zeroing is done on the
     * file's data without dirtying the folio, after the model's file has grown ({@link #btrfs_cont_expand}).
     */
    protected void btrfs_truncate_block(Inode inode, long from) {
        int bsize = Inode.i_blocksize(inode);
        if ((from & (bsize - 1)) == 0) {
            return;
        }
        long len = (from + bsize - 1) / bsize * bsize - from;
        Folio folio = Filemap.filemap_get_folio(inode.i_mapping, from >>> PageSize.PAGE_SHIFT);
        if (folio == null) {
            inode.backing().punchHole(from, len);
            return;
        }
        folio_lock(folio);
        lock_extent(inode);
        try {
            inode.backing().punchHole(from, len);
        } finally {
            unlock_extent(inode);
            folio_unlock(folio);
            folio_put(folio);
        }
    }

    /** {@code btrfs_fallocate}: a punch goes to {@link #btrfs_punch_hole}; nothing else is modelled. */
    protected int btrfs_fallocate(Inode inode, int mode, long off, long len) {
        if (mode != PUNCH) {
            return -Errno.EOPNOTSUPP;
        }
        checkRange(inode, off, len);
        btrfs_punch_hole(inode, off, len);
        return 0;
    }

    /** {@code btrfs_punch_hole} under the inode lock (see the class comment). */
    protected void btrfs_punch_hole(Inode inode, long off, long len) {
        btrfs_inode_lock(inode, 0);
        try {
            punch_hole_body(inode, off, len);
        } finally {
            btrfs_inode_unlock(inode, 0);
        }
    }

    /**
     * The part of {@code btrfs_punch_hole} between its inode lock and unlock: {@code btrfs_wait_ordered_range},
     * then the whole pages of the hole dropped under the extent lock ({@link #btrfs_punch_hole_lock_range}), the
     * extents dropped ({@code btrfs_replace_file_extents}), the extent lock released.
     */
    protected final void punch_hole_body(Inode inode, long off, long len) {
        PageWriteback.filemap_write_and_wait_range(inode.i_mapping, off >>> PageSize.PAGE_SHIFT,
                (off + len - 1) >>> PageSize.PAGE_SHIFT);
        long lockstart = PageSize.roundUp(off);
        long lockend = ((off + len) & ~(long) (PageSize.PAGE_SIZE - 1)) - 1;
        if (lockend < lockstart) {
            return;
        }
        btrfs_punch_hole_lock_range(inode, lockstart, lockend);
        try {
            freeBlocks(inode, off, len);
        } finally {
            unlock_extent(inode);
        }
    }

    /**
     * {@code btrfs_punch_hole_lock_range}: drop the page cache of the range, lock its extents, and go round again
     * while a page came back into the range meanwhile. Return: with the extent range locked and no page in it.
     */
    protected void btrfs_punch_hole_lock_range(Inode inode, long lockstart, long lockend) {
        for (;;) {
            Truncate.truncate_pagecache_range(inode, lockstart, lockend, era());
            lock_extent(inode);
            if (!filemap_range_has_page(inode.i_mapping, lockstart, lockend)) {
                Points.at(BTRFS_RANGE_LOCKED);
                break;
            }
            unlock_extent(inode);
        }
    }

    /** {@code filemap_range_has_page} (mm/filemap.c): whether any page of [{@code start}, {@code end}] is cached. */
    static boolean filemap_range_has_page(AddressSpace mapping, long start, long end) {
        for (long i = start >>> PageSize.PAGE_SHIFT; i <= end >>> PageSize.PAGE_SHIFT; i++) {
            if (mapping.peek(i) != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public final long dedupe_file_range(Inode inode, long srcOff, long dstOff, long len) {
        checkRange(inode, srcOff, len);
        checkRange(inode, dstOff, len);
        return btrfs_remap_file_range(inode, srcOff, dstOff, len);
    }

    @Override
    public final boolean supportsDedupe() {
        return true;
    }

    /** {@code btrfs_fileattr_set} with {@code FS_NOCOW_FL}: {@code BTRFS_INODE_NODATACOW} (the file is empty or unwritten). */
    @Override
    public final int fileattr_set_nocow(Inode inode) {
        BTRFS_I(inode).nodatacow = true;
        return 0;
    }

    @Override
    public final boolean supportsNocow() {
        return true;
    }

    /**
     * 5.12 {@code btrfs_remap_file_range} ({@code fs/btrfs/reflink.c}) with {@code REMAP_FILE_DEDUP}, one inode:
     * {@code btrfs_inode_lock(inode, 0)} (the VFS's {@code i_rwsem} only), then the shared body.
     */
    protected long btrfs_remap_file_range(Inode inode, long off, long destoff, long len) {
        btrfs_inode_lock(inode, 0);
        try {
            return remap_dedupe_body(inode, off, destoff, len);
        } finally {
            btrfs_inode_unlock(inode, 0);
        }
    }

    /**
     * {@code btrfs_remap_file_range_prep} (write back both ranges and wait for their ordered extents;
     * {@code generic_remap_file_range_prep}: write back again and compare the pages,
     * {@code vfs_dedupe_file_range_compare}), then {@code btrfs_extent_same_range}: lock the extent range,
     * {@code btrfs_clone} (the destination's file extent items now point at the source's extent), unlock. A write
     * fault takes neither {@code i_rwsem} nor, until 8c99516a8cdd, any lock the remap holds between the compare and
     * the extent lock. Return: {@code len}, or 0 if the data differs.
     */
    protected final long remap_dedupe_body(Inode inode, long off, long destoff, long len) {
        AddressSpace mapping = inode.i_mapping;
        PageWriteback.filemap_write_and_wait_range(mapping, off >>> PageSize.PAGE_SHIFT,
                (off + len - 1) >>> PageSize.PAGE_SHIFT);
        PageWriteback.filemap_write_and_wait_range(mapping, destoff >>> PageSize.PAGE_SHIFT,
                (destoff + len - 1) >>> PageSize.PAGE_SHIFT);
        for (long p = 0; p < len; p += Long.BYTES) {
            if (inode.backing().read(off + p) != inode.backing().read(destoff + p)) {
                return 0; /* -EBADE from the compare: vfs_dedupe_file_range_one reports 0 bytes deduped */
            }
        }
        Points.at(REMAP_COMPARED);
        lock_extent(inode);
        try {
            shareExtents(inode, off, destoff, len);
        } finally {
            unlock_extent(inode);
        }
        return len;
    }

    @Override
    protected void expectations(Expectations e) {
        e.believedCorrect("btrfs_page_mkwrite rechecks page->mapping and page_start >= i_size under the page lock, "
                + "which truncate needs to remove the page (fs/btrfs/inode.c); success returns LOCKED");
        e.notApplicable("collapse-range", "btrfs_fallocate has no FALLOC_FL_COLLAPSE_RANGE in any release");
        e.notApplicable("insert-range", "btrfs_fallocate has no FALLOC_FL_INSERT_RANGE in any release");
        e.notApplicable("zero-range", "not modelled: btrfs_zero_range (FALLOC_FL_ZERO_RANGE, 4.15) is not mirrored, "
                + "so the race is not run");
        e.correct("odirect-read", "the O_DIRECT read's flush (btrfs_direct_IO / iomap_dio_rw) meets a page "
                + "btrfs_page_mkwrite returns LOCKED with its delalloc set (fs/btrfs/inode.c)");
        e.correct("odirect-write", "an invalidated page fails btrfs_page_mkwrite's locked mapping recheck: NOPAGE, "
                + "and the fault retries (fs/btrfs/inode.c)");
        e.correct("dedupe", "no store is lost: a write fault between the compare and the extent lock dirties the "
                + "page with its delalloc in io_tree, which replacing the file extent items leaves alone, and "
                + "writeback puts it in a new extent (copy on write). What 8c99516a8cdd \"btrfs: exclude mmaps while "
                + "doing remap\" closed is that window: extents shared though the data no longer matched (corrected "
                + "by that copy-on-write) and a deadlock under low metadata space, neither an outcome here (H19)");
        e.known("enospc", "btrfs_page_mkwrite reserves data space (btrfs_delalloc_reserve_space) for every write "
                + "fault and turns its -ENOSPC into VM_FAULT_SIGBUS, even for a NOCOW file whose extent can be "
                + "overwritten in place with no new data space; the buffered write and direct I/O paths fall back to "
                + "btrfs_check_nocow_lock, the fault did not until 6599716de2d6 \"btrfs: fix -ENOSPC mmap write "
                + "failure on NOCOW files/extents\" (6.17; generic/211)", "SPURIOUS_SIGBUS");
        e.correct("punch-hole", "btrfs_punch_hole_lock_range rechecks the range for pages under the extent lock "
                + "after truncate_pagecache_range and retries, and btrfs_page_mkwrite takes that extent lock before "
                + "it marks the page delalloc: a re-created page is either dropped again or made writable only "
                + "after the extents are gone (fs/btrfs/file.c)");
    }
}
