package org.pagerace.fs.nilfs2;

import static org.pagerace.fs.nilfs2.NilfsInodeInfo.NILFS_I;
import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import java.util.ArrayList;
import java.util.List;
import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Buffer;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.InodeInfo;
import org.pagerace.fs.Version;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.BlockDevice;
import org.pagerace.mm.Era;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * nilfs2 as Linux 3.17 has it ({@code fs/nilfs2/file.c}, {@code inode.c}, {@code segment.c}), the last release
 * before 56d7acc792c0 "nilfs2: fix data loss with mmap()". nilfs2 is log-structured: no page is written in place;
 * the segment constructor ({@code nilfs_segctor_do_construct}) writes the dirty blocks of the files queued on
 * {@code ns_dirty_files} to a new log. A file gets there through {@code nilfs_set_file_dirty}, which the write paths
 * call when they dirty its blocks.
 *
 * <p>{@code nilfs_page_mkwrite} locks the page and answers a page truncated, beyond EOF or not uptodate with
 * -EFAULT (retry: {@code block_page_mkwrite_return}); a page {@code PageMappedToDisk}, or whose buffers are all
 * mapped, goes straight to {@code mapped:} ({@code wait_for_stable_page}) and is returned {@code VM_FAULT_LOCKED};
 * any other page is unlocked, and {@code __block_page_mkwrite(nilfs_get_block)} fills its holes inside a transaction
 * ({@code ns_segctor_sem} shared), after which the handler calls {@code nilfs_set_file_dirty}. The VM then dirties
 * the page through {@code ->set_page_dirty}, {@code nilfs_set_page_dirty}: {@code __set_page_dirty_nobuffers}, and,
 * if the page has buffers, marks its clean mapped buffers dirty and calls {@code nilfs_set_file_dirty} for them. A
 * page {@code mpage_readpage} read from storage has no buffers and {@code PG_mappedtodisk}: a store into it is
 * dirtied without the file ever being queued (the bug 56d7acc792c0 fixed).
 *
 * <p>{@code nilfs_sync_file} (fsync(2), msync(MS_SYNC)): {@code filemap_write_and_wait_range}, whose
 * {@code ->writepages}, {@code nilfs_writepages}, calls {@code nilfs_construct_dsync_segment}, which writes the file's
 * dirty pages of the range only if the file is queued; then, under {@code i_mutex}, if {@code nilfs_inode_dirty},
 * {@code nilfs_construct_segment}. {@code nilfs_setattr} truncates inside a transaction, so a truncate and the segment
 * constructor exclude each other. nilfs2 has no {@code ->fallocate} and no {@code ->remap_file_range} at 3.17.
 *
 * <p>Deviations: the caller is the 2.6.37-shaped fault path (3.17's {@code do_wp_page} has the same order:
 * {@code ->page_mkwrite}, the dirty pte, then {@code set_page_dirty} under the page lock); buffers are the
 * {@link BlockMap}'s per-page metadata, a buffer is mapped when its block is reserved ({@code nilfs_get_block}
 * enters it in the bmap) or allocated, and dirty when its page is; {@code nilfs_near_disk_full},
 * {@code sb_start_pagefault}, {@code file_update_time}, the inode's own metadata ({@code NILFS_I_INODE_DIRTY}), the
 * checkpoint, the DAT and the super root are not modelled; the segment constructor writes each collected page as a
 * block of the new log ({@link BlockMap#allocate}) through the {@link BlockDevice}, and zeroes nothing beyond
 * i_size, as {@code nilfs_segctor_write} does not; {@code ->writepages} runs in {@code WB_SYNC_ALL} mode only (the
 * flusher's {@code WB_SYNC_NONE} writeback does nothing on nilfs2).
 */
@Version(fs = "nilfs2", id = "3.17", release = "3.17", era = Era.LINUX_2_6_37,
        title = "a page read from storage (no buffers, PG_mappedtodisk) is dirtied without queueing its file",
        mirrors = "Linux 3.17 fs/nilfs2/file.c nilfs_page_mkwrite, nilfs_sync_file; fs/nilfs2/inode.c "
                + "nilfs_set_page_dirty, nilfs_writepages, nilfs_writepage, nilfs_readpage, nilfs_setattr, "
                + "nilfs_set_file_dirty; fs/nilfs2/segment.c nilfs_construct_dsync_segment, "
                + "nilfs_construct_segment, nilfs_lookup_dirty_data_buffers, nilfs_begin_page_io")
public class Nilfs2_3_17 extends FileSystem {
    /** The segment constructor collected the file's dirty pages; none is yet cleaned for its write. */
    public static final Point NILFS_SEGMENT_COLLECTED = Point.declare("NILFS_SEGMENT_COLLECTED",
            "nilfs2 segment constructor: the file's dirty pages were collected (buffers created where a page had "
            + "none); none is cleaned or written yet.");
    /** {@code nilfs_sync_file}'s {@code filemap_write_and_wait_range} returned; {@code nilfs_inode_dirty} not yet asked. */
    public static final Point NILFS_SYNC_FLUSHED = Point.declare("NILFS_SYNC_FLUSHED",
            "nilfs_sync_file: filemap_write_and_wait_range (nilfs_writepages, a dsync segment) returned; "
            + "nilfs_inode_dirty not yet checked.");
    /** {@code nilfs_page_mkwrite} unlocked a page with holes; the transaction and block_page_mkwrite are next. */
    public static final Point NILFS_MKWRITE_UNLOCKED = Point.declare("NILFS_MKWRITE_UNLOCKED",
            "nilfs_page_mkwrite: the page has holes and was unlocked; the transaction and __block_page_mkwrite "
            + "are next.");

    /** {@code nilfs_file_vm_ops} ({@code .fault} is {@code filemap_fault}); {@code nilfs_setattr}. */
    @Override
    protected final Operations operations() {
        return Operations.GENERIC.page_mkwrite(this::nilfs_page_mkwrite).setattr(do_truncate(this::nilfs_setattr));
    }

    @Override
    protected final InodeInfo alloc_inode(int maxPages) {
        return new NilfsInodeInfo(maxPages);
    }

    /**
     * No: a dirty nilfs2 page needs no metadata set up by page_mkwrite unless it has holes; the segment constructor
     * gives a page without buffers its buffers when it collects it ({@code nilfs_lookup_dirty_data_buffers}:
     * {@code create_empty_buffers}), and assigns every block its place in the new log then.
     */
    @Override
    public final boolean needsMetadata() {
        return false;
    }

    @Override
    public final boolean supportsFallocate(int mode) {
        return false;
    }

    @Override
    public final int fallocate(Inode inode, int mode, long off, long len) {
        return -Errno.EOPNOTSUPP;
    }

    // ---- file.c ----

    /** 3.17 {@code nilfs_page_mkwrite} (see the class comment). */
    protected int nilfs_page_mkwrite(VmFault vmf) {
        Folio page = vmf.page;
        Inode inode = vmf.inode();
        NilfsInodeInfo ii = NILFS_I(inode);
        folio_lock(page);
        if (page.mapping != inode.i_mapping || folio_pos(page) >= Inode.i_size_read(inode)
                || !folio_test_uptodate(page)) {
            folio_unlock(page);
            return vmf_fs_error(-Errno.EFAULT); /* "make the VM retry the fault" */
        }
        Points.at(Point.MKWRITE_CHECKED);
        /* "check to see if the page is mapped already (no holes)" */
        boolean mapped = ii.PageMappedToDisk(page);
        if (!mapped && folio_has_private(page) && BlockMap.of(inode).state(page.index) != BlockMap.NONE) {
            ii.SetPageMappedToDisk(page); /* every buffer mapped */
            mapped = true;
        }
        if (!mapped) {
            folio_unlock(page);
            Points.at(NILFS_MKWRITE_UNLOCKED);
            /* fill hole blocks */
            RwSemaphore.down_read(ii.ns_segctor_sem); /* nilfs_transaction_begin */
            try {
                int ret = Buffer.__block_page_mkwrite(vmf); /* nilfs_get_block */
                if (ret != 0) {
                    return vmf_fs_error(ret); /* nilfs_transaction_abort */
                }
                nilfs_set_file_dirty(inode, 1 << (PageSize.PAGE_SHIFT - inode.i_blkbits));
            } finally {
                RwSemaphore.up_read(ii.ns_segctor_sem); /* nilfs_transaction_commit / _abort */
            }
            return VM_FAULT_LOCKED; /* __block_page_mkwrite waited for a stable page */
        }
        BlockMap.prepared(page); /* the page is returned locked; the VM dirties it through ->set_page_dirty */
        folio_wait_writeback(page); /* mapped: wait_for_stable_page */
        return VM_FAULT_LOCKED;
    }

    /** {@code ->fsync}: {@link #nilfs_sync_file}. */
    @Override
    public final boolean hasOwnFsync() {
        return true;
    }

    @Override
    public final int fsync(Inode inode, long start, long end, boolean datasync) {
        inode.checkLive();
        return nilfs_sync_file(inode, start, end, datasync);
    }

    /**
     * 3.17 {@code nilfs_sync_file}: {@code filemap_write_and_wait_range} (its {@code ->writepages} builds a dsync
     * segment of the range), then under {@code i_mutex} a segment of everything if the inode is still dirty.
     * Return: 0 or -errno.
     */
    protected int nilfs_sync_file(Inode inode, long start, long end, boolean datasync) {
        long last = Math.min(end >>> PageSize.PAGE_SHIFT, inode.i_mapping.maxPages() - 1L);
        int err = PageWriteback.filemap_write_and_wait_range(inode.i_mapping, start >>> PageSize.PAGE_SHIFT, last);
        if (err != 0) {
            return err;
        }
        Points.at(NILFS_SYNC_FLUSHED);
        RwSemaphore.down_write(inode.i_rwsem); /* mutex_lock(&inode->i_mutex) */
        try {
            if (NILFS_I(inode).isDirty()) { /* nilfs_inode_dirty */
                return datasync ? nilfs_construct_dsync_segment(inode, 0, inode.i_mapping.maxPages() - 1L)
                        : nilfs_construct_segment(inode);
            }
            return 0;
        } finally {
            RwSemaphore.up_write(inode.i_rwsem);
        }
    }

    // ---- inode.c ----

    /** {@code ->set_page_dirty}: {@link #nilfs_set_page_dirty}. */
    @Override
    public final boolean dirty_folio(AddressSpace mapping, Folio folio) {
        return nilfs_set_page_dirty(mapping, folio);
    }

    /**
     * 3.17 {@code nilfs_set_page_dirty}: {@code __set_page_dirty_nobuffers}; then, for a page with buffers, its
     * clean mapped buffers are marked dirty and counted for {@code nilfs_set_file_dirty} (a page without buffers is
     * not counted at all). Deviation: a page's buffers are clean exactly when the page was (see the class comment).
     * Return: whether the page was newly dirtied.
     */
    protected boolean nilfs_set_page_dirty(AddressSpace mapping, Folio page) {
        boolean ret = PageWriteback.filemap_dirty_folio(mapping, page); /* __set_page_dirty_nobuffers */
        Inode inode = mapping.host;
        if (folio_has_private(page)) {
            int nr_dirty = ret && BlockMap.of(inode).state(page.index) != BlockMap.NONE
                    ? 1 << (PageSize.PAGE_SHIFT - inode.i_blkbits) : 0; /* "Do not mark hole blocks dirty" */
            if (nr_dirty != 0) {
                nilfs_set_file_dirty(inode, nr_dirty);
            }
        }
        return ret;
    }

    /**
     * {@code nilfs_set_file_dirty(inode, nr_dirty)}: sets {@code NILFS_I_DIRTY} and queues the inode on
     * {@code ns_dirty_files} for the segment constructor. Deviation: {@code ns_ndirtyblks} is not counted.
     */
    protected static void nilfs_set_file_dirty(Inode inode, int nr_dirty) {
        NILFS_I(inode).markDirty();
    }

    /** {@code ->readpage}: {@link #nilfs_readpage}. */
    @Override
    public final int read_folio(Folio folio) {
        return nilfs_readpage(folio);
    }

    /**
     * {@code nilfs_readpage}: {@code mpage_readpage(page, nilfs_get_block)}: a page whose blocks are all mapped on
     * storage is read without buffers and gets {@code PG_mappedtodisk} ({@code do_mpage_readpage}); a hole page is
     * zeroed and made uptodate, without either. Context: page locked; it stays locked (see
     * {@link org.pagerace.mm.AddressSpaceOperations#read_folio}). Return: 0.
     */
    protected int nilfs_readpage(Folio page) {
        if (!folio_has_private(page) && BlockMap.of(page.mapping.host).state(page.index) == BlockMap.ALLOCATED) {
            NILFS_I(page.mapping.host).SetPageMappedToDisk(page);
        }
        folio_mark_uptodate(page);
        return 0;
    }

    /** {@code ->writepages}: {@link #nilfs_writepages}. */
    @Override
    public final int writepages(AddressSpace mapping, long first, long last) {
        return nilfs_writepages(mapping, first, last);
    }

    /** nilfs2 has its own {@code ->writepages} (the segment constructor). */
    @Override
    public final boolean hasOwnWritepages() {
        return true;
    }

    /** {@code nilfs_writepages} in {@code WB_SYNC_ALL} mode: a dsync segment of the range. Return: 0 or -errno. */
    protected int nilfs_writepages(AddressSpace mapping, long first, long last) {
        return nilfs_construct_dsync_segment(mapping.host, first, last);
    }

    /** {@code ->writepage}: {@link #nilfs_writepage}. */
    @Override
    public final int writepage(Folio folio) {
        return nilfs_writepage(folio);
    }

    /**
     * {@code nilfs_writepage} in {@code WB_SYNC_ALL} mode: {@code redirty_page_for_writepage}, unlock, and a segment
     * of everything ({@code nilfs_construct_segment}). Context: page locked and cleaned for I/O. Return: 0 or
     * -errno.
     */
    protected int nilfs_writepage(Folio page) {
        Inode inode = page.mapping.host;
        folio_test_set_dirty(page); /* redirty_page_for_writepage: __set_page_dirty_nobuffers */
        folio_unlock(page);
        return nilfs_construct_segment(inode);
    }

    /**
     * {@code nilfs_setattr} for a size change, under {@code i_mutex}: inside a transaction
     * ({@code ns_segctor_sem} shared), {@code truncate_setsize} and {@code nilfs_truncate} (the blocks freed).
     */
    protected void nilfs_setattr(Inode inode, long size) {
        NilfsInodeInfo ii = NILFS_I(inode);
        RwSemaphore.down_read(ii.ns_segctor_sem); /* nilfs_transaction_begin */
        try {
            truncate_size_locked(inode, size);
        } finally {
            RwSemaphore.up_read(ii.ns_segctor_sem); /* nilfs_transaction_commit */
        }
    }

    // ---- segment.c ----

    /**
     * 3.17 {@code nilfs_construct_dsync_segment} for the pages [{@code first}, {@code last}]: under
     * {@code nilfs_transaction_lock} ({@code ns_segctor_sem} exclusive), nothing unless the inode is queued
     * ({@code NILFS_I_QUEUED} or {@code NILFS_I_BUSY}); else a dsync log of the range's dirty pages. The inode stays
     * dirty ({@code NILFS_I_DIRTY} is cleared by a full construction only). Return: 0.
     */
    protected int nilfs_construct_dsync_segment(Inode inode, long first, long last) {
        NilfsInodeInfo ii = NILFS_I(inode);
        RwSemaphore.down_write(ii.ns_segctor_sem);
        try {
            if (!ii.isDirty()) {
                return 0;
            }
            write_log(inode, first, last);
            return 0;
        } finally {
            RwSemaphore.up_write(ii.ns_segctor_sem);
        }
    }

    /**
     * {@code nilfs_construct_segment}: a full construction, under {@code nilfs_transaction_lock}: every queued file
     * is taken off the list, its {@code NILFS_I_DIRTY} cleared, and its dirty pages written. Return: 0.
     */
    protected int nilfs_construct_segment(Inode inode) {
        NilfsInodeInfo ii = NILFS_I(inode);
        RwSemaphore.down_write(ii.ns_segctor_sem);
        try {
            if (ii.takeDirty()) {
                write_log(inode, 0, inode.i_mapping.maxPages() - 1L);
            }
            return 0;
        } finally {
            RwSemaphore.up_write(ii.ns_segctor_sem);
        }
    }

    /**
     * The data part of {@code nilfs_segctor_do_construct} for one file's pages [{@code first}, {@code last}]:
     * {@code nilfs_lookup_dirty_data_buffers} (each page tagged dirty, locked, given buffers if it has none:
     * {@code create_empty_buffers}, dirty as the page is), then {@code nilfs_segctor_prepare_write}
     * ({@code nilfs_begin_page_io}: lock, {@code clear_page_dirty_for_io}, {@code set_page_writeback}, unlock), then
     * the write of each page's blocks to the new log, ended by the device ({@code nilfs_end_page_io}). Context:
     * {@code ns_segctor_sem} held exclusive (so no truncate runs: {@code nilfs_setattr} holds it shared).
     */
    protected final void write_log(Inode inode, long first, long last) {
        AddressSpace mapping = inode.i_mapping;
        List<Folio> collected = new ArrayList<>();
        for (long index = first; index <= last && index < mapping.maxPages(); index++) {
            Folio page = Filemap.filemap_get_folio(mapping, index);
            if (page == null) {
                continue;
            }
            if (!folio_test_dirty(page)) { /* pagevec_lookup_tag(PAGECACHE_TAG_DIRTY) */
                folio_put(page);
                continue;
            }
            folio_lock(page);
            if (!folio_has_private(page)) {
                folio_attach_private(page, BlockMap.METADATA); /* create_empty_buffers */
            }
            folio_unlock(page);
            collected.add(page);
        }
        Points.at(NILFS_SEGMENT_COLLECTED);
        for (Folio page : collected) { /* nilfs_segctor_prepare_write: nilfs_begin_page_io */
            folio_lock(page);
            PageWriteback.folio_clear_dirty_for_io(page);
            folio_start_writeback(page);
            folio_unlock(page);
        }
        for (Folio page : collected) { /* nilfs_segctor_write; nilfs_end_page_io when the device ends it */
            BlockMap.of(inode).allocate(page.index, page.index);
            BlockDevice.submit_bio(page);
            folio_put(page);
        }
    }

    /**
     * {@code nilfs_direct_IO}: a write returns 0 at once ({@code if (rw == WRITE) return 0;}), so that
     * {@code generic_file_write_iter} falls back to a buffered write; a read looks the blocks up
     * ({@code blockdev_direct_IO} with {@code nilfs_get_block}, {@code create == 0}). Deviation: the buffered
     * fallback is not modelled (the race does not model the data an O_DIRECT write carries).
     */
    @Override
    protected final int direct_IO_blocks(Inode inode, long off, long len, boolean write) {
        return nilfs_direct_IO(inode, off, len, write);
    }

    /** 3.17 {@code nilfs_direct_IO} (see {@link #direct_IO_blocks}). Return: 0. */
    protected int nilfs_direct_IO(Inode inode, long off, long len, boolean write) {
        if (write) {
            return 0; /* falls back to a buffered write */
        }
        return super.direct_IO_blocks(inode, off, len, false);
    }

    @Override
    protected void expectations(Expectations e) {
        e.believedCorrect("nilfs_page_mkwrite checks mapping, i_size and PageUptodate under the page lock and returns "
                + "the page locked (3.17 fs/nilfs2/file.c)");
        String retry = "nilfs_page_mkwrite locks the page and answers a page whose mapping changed or that starts at "
                + "or beyond i_size with -EFAULT, which block_page_mkwrite_return makes VM_FAULT_NOPAGE (the fault is "
                + "retried and gets SIGBUS only from filemap_fault's own i_size check); nilfs_setattr truncates inside "
                + "a transaction (3.17 fs/nilfs2/file.c, inode.c)";
        e.correct("truncate-down", retry);
        e.correct("truncate-down-up", retry);
        e.correct("invalidate", "a page the page cache dropped fails nilfs_page_mkwrite's mapping check under the page "
                + "lock: -EFAULT, VM_FAULT_NOPAGE, and the retried fault finds the new page; a page still cached is "
                + "returned VM_FAULT_LOCKED on both paths, so invalidation's writeback cannot clean it before the VM's "
                + "dirty pte (3.17 fs/nilfs2/file.c)");
        e.correct("writeback", "both paths of nilfs_page_mkwrite return the page locked (VM_FAULT_LOCKED), and the "
                + "segment constructor locks each page to clean it (nilfs_begin_page_io: clear_page_dirty_for_io), so "
                + "it cannot clean the page between the handler and the VM's dirty pte; a page with holes is queued by "
                + "the handler's own nilfs_set_file_dirty (3.17 fs/nilfs2/file.c, segment.c)");
        e.correct("writeback-in-flight", "nilfs_page_mkwrite waits for the page's writeback before returning it "
                + "(wait_for_stable_page at mapped:, and in __block_page_mkwrite): a store never lands while the "
                + "segment's write of the page is in flight (3.17 fs/nilfs2/file.c, fs/buffer.c)");
        e.correct("release-metadata", "reclaim frees only a clean page; a fault on a page it removed fails the "
                + "mapping check (-EFAULT, NOPAGE) and is retried on the page read back (3.17 fs/nilfs2/file.c)");
        e.correct("mkwrite", "two write faults on one page serialise on its lock, and each returns it locked "
                + "(3.17 fs/nilfs2/file.c)");
        e.correct("truncate-up", "at the page size the EOF page's one block is the whole page: "
                + "__block_page_mkwrite maps it (nilfs_get_block) and the extension adds no block to the page "
                + "(3.17 fs/buffer.c, fs/nilfs2/inode.c)");
        e.correct("partial-page", "the shrink zeroes the EOF page's tail (truncate_setsize, block_truncate_page in "
                + "nilfs_truncate); a store in the gap is kept or zeroed, both correct (3.17 fs/nilfs2/inode.c)");
        e.correct("extend-mmap-write", "the segment constructor writes whole blocks and zeroes nothing beyond i_size "
                + "(nilfs_segctor_write submits the page's buffers as they are), so no i_size it samples can drop a "
                + "store made after the extension (3.17 fs/nilfs2/segment.c)");
        e.correct("odirect-read", "generic_file_read_iter writes the range back (filemap_write_and_wait_range) before "
                + "nilfs_direct_IO reads it, and invalidates nothing; the handler returns the page locked (3.17 "
                + "mm/filemap.c, fs/nilfs2/inode.c)");
        e.correct("odirect-write", "nilfs_direct_IO returns 0 for a write (a buffered fallback); a page "
                + "generic_file_direct_write's invalidation dropped fails nilfs_page_mkwrite's mapping check under the "
                + "page lock (-EFAULT, NOPAGE) and the fault is retried (3.17 fs/nilfs2/inode.c, file.c)");
        e.correct("enomem", "a failed allocation in __block_page_mkwrite is -ENOMEM, which block_page_mkwrite_return "
                + "makes VM_FAULT_OOM: the page is unlocked and the fault retried (3.17 fs/nilfs2/file.c, fs/buffer.c)");
        String noFallocate = "nilfs_file_operations has no .fallocate at 3.17 (fs/nilfs2/file.c)";
        e.notApplicable("punch-hole", noFallocate);
        e.notApplicable("punch-hole-read", noFallocate);
        e.notApplicable("zero-range", noFallocate);
        e.notApplicable("collapse-range", noFallocate);
        e.notApplicable("insert-range", noFallocate);
        e.notApplicable("dedupe", "nilfs_file_operations has no ->remap_file_range (nor ->dedupe_file_range) at 3.17");
        e.notApplicable("enospc", "nilfs2 has no NOCOW files (no FS_NOCOW_FL) at 3.17");
        e.notApplicable("freeze", "the freeze race is modelled for blockfs only; nilfs2 3.17 has no ->freeze_fs of "
                + "its own");
        e.known("fsync", "a page mpage_readpage read from storage has no buffers and PG_mappedtodisk: "
                + "nilfs_page_mkwrite returns it locked without nilfs_set_file_dirty, and nilfs_set_page_dirty counts "
                + "no buffer for a page without buffers, so the file is never queued on ns_dirty_files; "
                + "nilfs_sync_file's nilfs_writepages (nilfs_construct_dsync_segment) and nilfs_inode_dirty then skip "
                + "it and fsync returns with the store only in the page cache (56d7acc792c0 \"nilfs2: fix data loss "
                + "with mmap()\")", "UNSYNCED_WRITE");
    }
}
