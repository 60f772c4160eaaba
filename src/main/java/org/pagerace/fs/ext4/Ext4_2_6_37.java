package org.pagerace.fs.ext4;

import static org.pagerace.fs.ext4.Ext4InodeInfo.EXT4_I;
import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.InodeInfo;
import org.pagerace.fs.Version;
import org.pagerace.mm.AddressSpace;
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
 * ext4 as Linux 2.6.37 has it ({@code fs/ext4/inode.c}), delalloc mount. {@code ext4_page_mkwrite} takes
 * {@code i_alloc_sem} shared "to stop truncates messing with the inode" (a size change takes it exclusive in
 * {@code notify_change}); a page whose mapping changed, that lies at or beyond EOF, or that is not uptodate gives
 * -EINVAL, which becomes SIGBUS; a page already mapped to disk (or whose buffers are all mapped) returns 0 with the
 * page unlocked, as the hunks of the 2011 stable-page patch show the code before it; otherwise the handler unlocks it
 * and calls {@code write_begin}/{@code write_end} (which look the page up again by index, reserve its blocks, dirty
 * it and unlock it) and returns 0 with the page unlocked. There is no hole punch: {@code FALLOC_FL_PUNCH_HOLE}
 * came to ext4 in 3.0 (a4bb6b64e39a). Deviations: no journal, no {@code sb_start_pagefault} (freeze came in 3.x),
 * no {@code file_update_time}; {@code write_begin} is {@code grab_cache_page_write_begin} plus the block map's
 * reservation.
 */
@Version(fs = "ext4", id = "2.6.37", release = "2.6.37", era = Era.LINUX_2_6_37,
        title = "i_alloc_sem against truncate; a dropped page is -EINVAL (SIGBUS); success returns 0 unlocked",
        mirrors = "Linux 2.6.37 fs/ext4/inode.c ext4_page_mkwrite, ext4_setattr; fs/attr.c notify_change")
public class Ext4_2_6_37 extends FileSystem {
    @Override
    protected InodeInfo alloc_inode(int maxPages) {
        return new Ext4InodeInfo(maxPages);
    }

    /** {@code ext4_file_vm_ops}, {@code ext4_file_inode_operations.setattr}, {@code ext4_file_operations.fallocate}. */
    @Override
    protected final Operations operations() {
        return Operations.GENERIC.fault(this::ext4_filemap_fault).page_mkwrite(this::ext4_page_mkwrite)
                .setattr(this::ext4_setattr).fallocate(this::ext4_fallocate);
    }

    @Override
    public final int writepage(Folio folio) {
        return ext4_writepage(folio);
    }

    /**
     * ext4's write-out of one page ({@code mpage_submit_page} / {@code ext4_bio_write_page}, 3.x to 6.x): the tail
     * beyond i_size zeroed, and a hole block inside EOF skipped with its dirty bit cleared ("A hole? We can safely
     * clear the dirty bit"): data stored over it through a mapping that page_mkwrite did not prepare is dropped.
     * Deviation: 2.6.37's {@code ext4_da_writepage} redirtied such a page instead; the later behaviour is used for
     * every version, and only blocks smaller than a page can leave a hole inside a dirty page.
     */
    protected int ext4_writepage(Folio folio) {
        return block_write_full_folio(folio, true);
    }

    /** {@code ext4_da_aops.writepages}: ext4's own writeback loop ({@link #ext4_writepages}). */
    @Override
    public final int writepages(AddressSpace mapping, long first, long last) {
        return ext4_writepages(mapping, first, last);
    }

    /** ext4 has its own {@code ->writepages}: the {@code extend-mmap-write} race is run against it. */
    @Override
    public final boolean hasOwnWritepages() {
        return true;
    }

    /**
     * Between the i_size sample of ext4's page submission and {@code clear_page_dirty_for_io} (before a056bdaae7a1;
     * the folio is locked, its ptes still writable).
     */
    static final Point EXT4_SUBMIT_SIZE_SAMPLED = Point.declare("EXT4_SUBMIT_SIZE_SAMPLED", "ext4 writeback: the "
            + "page's length was taken from i_size before clear_page_dirty_for_io (ext4 before a056bdaae7a1); the "
            + "folio is locked, its ptes not yet write-protected.");

    /**
     * {@code ext4_writepages} in {@code WB_SYNC_ALL} mode for the pages [{@code first}, {@code last}], reduced to
     * one page at a time: {@code mpage_prepare_extent_to_map} locks each page, skips one truncated or clean, waits
     * for its writeback, and {@code mpage_submit_page} writes it. Deviations: no extent mapping
     * ({@code mpage_map_and_submit_extent}: the block map's writeback allocates), no journal, no {@code wbc}; 2.6.37
     * to 3.10 did the same in {@code write_cache_pages_da} and {@code mpage_da_submit_io}. Return: 0 or the first
     * -errno.
     */
    protected int ext4_writepages(AddressSpace mapping, long first, long last) {
        int ret = 0;
        for (long index = first; index <= last && index < mapping.maxPages(); index++) {
            Folio folio = PageWriteback.lock_dirty_folio(mapping, index);
            if (folio == null) {
                continue;
            }
            int err = mpage_submit_page(folio); /* unlocks the folio */
            if (err < 0 && ret == 0) {
                ret = err;
            }
            folio_put(folio);
            Points.at(Point.WRITEBACK_WRITTEN);
        }
        return ret;
    }

    /**
     * {@code mpage_submit_page} as it was until a056bdaae7a1 "ext4: fix data corruption for mmap writes" (4.13;
     * 2.6.37's {@code mpage_da_submit_io} read i_size once at its top, the same order): i_size is sampled for the
     * page's length, then {@code clear_page_dirty_for_io} write-protects the page and cleans it, and
     * {@code ext4_bio_write_page} zeroes the page beyond that length and writes it. Nothing keeps i_size from
     * growing, and a store from landing through the still-writable pte, between the sample and the write-protect:
     * the zeroing then erases data inside the new i_size. Context: folio locked and dirty; unlocks it. Return: 0.
     */
    protected int mpage_submit_page(Folio folio) {
        long size = Inode.i_size_read(folio.mapping.host);
        Points.at(EXT4_SUBMIT_SIZE_SAMPLED);
        PageWriteback.folio_clear_dirty_for_io(folio);
        Points.at(Point.WRITEBACK_CLEANED);
        return ext4_bio_write_page(folio, size);
    }

    /**
     * {@code ext4_bio_write_page(io, page, len)} with {@code len} from {@code size} as {@code mpage_submit_page}
     * computes it ({@code size & ~PAGE_MASK} for the page holding i_size): {@link #ext4_writepage}'s write-out with
     * the sampled size. Context: folio locked, cleaned for I/O; unlocks it. Return: 0.
     */
    protected final int ext4_bio_write_page(Folio folio, long size) {
        return block_write_full_folio(folio, true, size);
    }

    @Override
    public boolean supportsFallocate(int mode) {
        return false;
    }

    /** {@code ext4_file_vm_ops.fault}: {@code filemap_fault} itself in 2.6.37. */
    protected int ext4_filemap_fault(VmFault vmf) {
        return Filemap.filemap_fault(vmf);
    }

    /** 2.6.37 {@code ext4_page_mkwrite} (see the class comment). */
    protected int ext4_page_mkwrite(VmFault vmf) {
        Folio page = vmf.page;
        Inode inode = vmf.inode();
        AddressSpace mapping = inode.i_mapping;
        int ret;
        RwSemaphore.down_read(EXT4_I(inode).i_alloc_sem);
        try {
            long size = Inode.i_size_read(inode);
            if (page.mapping != mapping || size <= folio_pos(page) || !folio_test_uptodate(page)) {
                return VM_FAULT_SIGBUS; /* -EINVAL: "page got truncated from under us?" */
            }
            Points.at(Point.MKWRITE_CHECKED);
            folio_lock(page);
            if (folio_has_private(page) && BlockMap.of(inode).state(page.index) == BlockMap.ALLOCATED) {
                /* PageMappedToDisk, or every buffer mapped: nothing to set up; "goto out_unlock" with ret 0 */
                BlockMap.prepared(page);
                folio_unlock(page);
                return 0;
            }
            folio_unlock(page);
            /* "if (page->index == size >> PAGE_CACHE_SHIFT) len = size & ~PAGE_CACHE_MASK" */
            int len = page.index == size >>> PageSize.PAGE_SHIFT ? (int) (size & (PageSize.PAGE_SIZE - 1))
                    : PageSize.PAGE_SIZE;
            ret = write_begin_end(mapping, page.index, len);
        } finally {
            RwSemaphore.up_read(EXT4_I(inode).i_alloc_sem);
        }
        return ret == 0 ? 0 : VM_FAULT_SIGBUS;
    }

    /**
     * {@code mapping->a_ops->write_begin} then {@code write_end} over the first {@code len} bytes of the page at
     * {@code index}: the page is looked up again ({@code grab_cache_page_write_begin}: it may be a new one if the old
     * was truncated), the blocks of those bytes reserved, then dirtied and unlocked. Return: 0 or -errno.
     */
    static int write_begin_end(AddressSpace mapping, long index, int len) {
        Folio page = Filemap.find_or_create_page(mapping, index);
        if (page == null) {
            return -Errno.ENOMEM;
        }
        if (!folio_test_uptodate(page)) {
            folio_mark_uptodate(page);
        }
        int err = BlockMap.of(mapping.host).reserve(page, len);
        if (err == 0) {
            Points.at(Point.MKWRITE_PREPARED);
            PageWriteback.folio_mark_dirty(page); /* block_write_end */
        }
        folio_unlock(page);
        folio_put(page);
        return err;
    }

    /** 2.6.37 {@code ext4_setattr(ATTR_SIZE)} under {@code notify_change}'s {@code i_alloc_sem} and i_mutex. */
    protected void ext4_setattr(Inode inode, long size) {
        RwSemaphore.down_write(inode.i_rwsem);
        RwSemaphore.down_write(EXT4_I(inode).i_alloc_sem);
        try {
            truncate_size_locked(inode, size);
        } finally {
            RwSemaphore.up_write(EXT4_I(inode).i_alloc_sem);
            RwSemaphore.up_write(inode.i_rwsem);
        }
    }

    /** 2.6.37 {@code ext4_fallocate}: preallocation only; no punch. */
    protected int ext4_fallocate(Inode inode, int mode, long off, long len) {
        return -Errno.EOPNOTSUPP;
    }

    /**
     * Why ext4 before a056bdaae7a1 loses the store of {@code extend-mmap-write}: its writeback's i_size sample comes
     * before the write-protect.
     */
    static final String SIZE_SAMPLED_EARLY = "ext4's writeback samples i_size for the page's length before "
            + "clear_page_dirty_for_io write-protects the page (2.6.37's mpage_da_submit_io reads it once at its top, "
            + "mpage_submit_page until a056bdaae7a1 \"ext4: fix data corruption for mmap writes\", 4.13): a size grown "
            + "and a store landed through the still-writable pte in between are zeroed by ext4_bio_write_page as the "
            + "tail beyond the old size (generic/438)";

    /** The {@code extend-mmap-write} claims of ext4 before d6320cbfc929 (no {@code pagecache_isize_extended}). */
    static void extendMmapWriteBeforeD6320cbf(Expectations e) {
        e.known("extend-mmap-write", SIZE_SAMPLED_EARLY, "LOST_WRITE");
        e.belowPage().known("extend-mmap-write", SIZE_SAMPLED_EARLY + "; and with blocks below a page ext4_setattr "
                + "grows the file with a bare i_size_write (pagecache_isize_extended came with d6320cbfc929), so the "
                + "store also lands over a hole block, which ext4_bio_write_page skips (\"A hole? We can safely clear "
                + "the dirty bit\")", "LOST_WRITE");
    }

    @Override
    protected void expectations(Expectations e) {
        e.notApplicable("collapse-range", "FALLOC_FL_COLLAPSE_RANGE came to ext4 in 3.15 (\"ext4: Add support "
                + "FALLOC_FL_COLLAPSE_RANGE for fallocate\"); 2.6.37 ext4_fallocate preallocates only");
        e.notApplicable("insert-range", "FALLOC_FL_INSERT_RANGE came to ext4 in 4.2 (\"ext4: Add support "
                + "FALLOC_FL_INSERT_RANGE for fallocate\")");
        e.notApplicable("zero-range", "FALLOC_FL_ZERO_RANGE came to ext4 in 3.15 (\"ext4: Introduce "
                + "FALLOC_FL_ZERO_RANGE flag for fallocate\")");
        e.notApplicable("dedupe", "ext4 has no ->remap_file_range (no reflink) in any release");
        e.known("odirect-read", "generic_file_aio_read's O_DIRECT path writes the range back with "
                + "filemap_write_and_wait_range, the msync path: it cleans the page between write_end and the VM's "
                + "dirty pte as writeback does (b827e496c893's window; 9ea7df534ed2 returns LOCKED)", "UNNOTIFIED_DIRTY");
        e.known("odirect-write", "generic_file_direct_write writes the range back and invalidates it "
                + "(invalidate_inode_pages2_range): the writeback window, and an invalidated page inside i_size fails "
                + "the handler's mapping check with -EINVAL, SIGBUS (9ea7df534ed2 fixed both)",
                "UNNOTIFIED_DIRTY", "SPURIOUS_SIGBUS");
        e.believedCorrect("i_alloc_sem shared in ext4_page_mkwrite and exclusive in notify_change keeps a local size "
                + "change out of the handler (2.6.37 fs/ext4/inode.c)");
        e.notApplicable("punch-hole", "FALLOC_FL_PUNCH_HOLE came to ext4 in 3.0 (a4bb6b64e39a)");
        e.known("truncate-down-up", "a page truncated and brought back within i_size fails the mapping check: -EINVAL, "
                + "SIGBUS, though the file is long again (9ea7df534ed2 replaced it with NOPAGE)", "SPURIOUS_SIGBUS");
        e.known("invalidate", "a page the page cache dropped inside i_size fails the mapping check: -EINVAL, SIGBUS "
                + "(9ea7df534ed2 replaced it with NOPAGE); and invalidation writes the page back before it drops it, "
                + "which cleans it in the window between write_end and the VM's dirty pte (b827e496c893)",
                "SPURIOUS_SIGBUS", "UNNOTIFIED_DIRTY");
        e.known("writeback", "write_end dirties and unlocks the page and the handler returns 0: writeback can clean it "
                + "before the VM's dirty pte (the b827e496c893 window; 9ea7df534ed2 returns LOCKED)", "UNNOTIFIED_DIRTY");
        e.known("writeback-in-flight", "ext4_page_mkwrite never waits for writeback: a page whose write is in flight "
                + "is made writable and changes under the I/O (stable pages came with \"ext4: Wait for writeback to "
                + "complete while making pages writable\", 2011); and its 0-unlocked return leaves the b827e496c893 "
                + "window, in which the writeback cleans the page before the VM's dirty pte", "UNNOTIFIED_DIRTY",
                "UNSTABLE_WRITE");
        e.known("enomem", "every error of write_begin, -ENOMEM included, becomes VM_FAULT_SIGBUS", "SPURIOUS_SIGBUS");
        extendMmapWriteBeforeD6320cbf(e);
        e.belowPage().known("truncate-up", "ext4_page_mkwrite prepares the EOF page's blocks up to i_size only (len = "
                + "size & ~PAGE_CACHE_MASK) and ext4_setattr grows the file with a bare i_size_write: the page stays "
                + "writably mapped, so a store into its new blocks is never prepared (90a8020278c1, d6320cbfc929)",
                "UNBACKED_DIRTY");
        e.belowPage().known("partial-page", "as against truncate-up: a fault while the file ends 100 bytes into the "
                + "page prepares its blocks up to i_size only, and the extension back is a bare i_size_write that "
                + "leaves the page writably mapped, so the store lands in a hole block inside the new size that was "
                + "never prepared (90a8020278c1, d6320cbfc929)", "UNBACKED_DIRTY");
    }
}
