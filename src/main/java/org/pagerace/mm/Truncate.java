package org.pagerace.mm;

import static org.pagerace.mm.Folio.*;

import java.util.List;
import java.util.function.BiConsumer;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * {@code mm/truncate.c}: dropping pages from the page cache for truncate, hole punch and invalidation. i_size is
 * written before any page is removed, and every removal happens under the folio lock after the folio's ptes are
 * zapped, so a page_mkwrite handler that holds the page lock may trust both {@code page->mapping} and an i_size
 * test. Deviations: single-page folios; the tail of a partial page is zeroed by the real (or model) truncate of the
 * {@link Backing}, which the filesystem calls after these functions, as the kernel frees blocks after them.
 */
public final class Truncate {
    private Truncate() {
    }

    /**
     * {@code truncate_setsize}: write i_size, then, when growing, {@code pagecache_isize_extended} (since 3.18,
     * 90a8020278c1), and drop the page cache beyond the new size. Context: {@code i_rwsem} held exclusive by the
     * caller (and {@code invalidate_lock} if the fs takes it).
     */
    public static void truncate_setsize(Inode inode, long newsize) {
        truncate_setsize(inode, newsize, Era.MODERN);
    }

    /**
     * {@code truncate_setsize} as the kernel of {@code era} has it: in the 2.6.37 era (every version before 3.18
     * here) there is no {@code pagecache_isize_extended}, which matters only for blocks smaller than a page.
     */
    public static void truncate_setsize(Inode inode, long newsize, Era era) {
        long oldsize = Inode.i_size_read(inode);
        Inode.i_size_write(inode, newsize);
        Points.at(Point.TRUNCATE_SIZE_WRITTEN);
        if (newsize > oldsize && era != Era.LINUX_2_6_37) {
            pagecache_isize_extended(inode, oldsize, newsize);
        }
        truncate_pagecache(inode, newsize);
    }

    /**
     * {@code pagecache_isize_extended} (mm/truncate.c, 3.18 to 6.12; 90a8020278c1 "vfs: fix data corruption when
     * blocksize &lt; pagesize for mmaped data"): i_size grew from {@code from} to {@code to}. When a block is smaller
     * than a page and the page straddling {@code from} gets a hole block inside the new size, write-protect that
     * page ({@code folio_mkclean}, keeping it dirty), so that the next store through a mapping calls
     * {@code ->page_mkwrite}, which prepares the blocks the new size brought into the page. Context: after
     * {@code i_size_write}, under {@code i_rwsem}.
     */
    public static void pagecache_isize_extended(Inode inode, long from, long to) {
        pagecache_isize_extended(inode, from, to, false);
    }

    /**
     * {@link #pagecache_isize_extended(Inode, long, long)}, and with {@code zeroExposedTail} as 6.13 has it
     * (52aecaee1c26 "mm: zero range of eof folio exposed by inode size extension"): a dirty folio also gets
     * {@code folio_zero_segment(folio, from - pos, min(to - pos, folio_size))}, so that what a mapping stored beyond
     * the old EOF is not exposed by the new size.
     */
    public static void pagecache_isize_extended(Inode inode, long from, long to, boolean zeroExposedTail) {
        int bsize = Inode.i_blocksize(inode);
        if (from >= to || bsize >= PageSize.PAGE_SIZE) {
            return;
        }
        long rounded_from = (from + bsize - 1) / bsize * bsize;
        if (to <= rounded_from || (rounded_from & (PageSize.PAGE_SIZE - 1)) == 0) {
            return; /* "Page straddling @from will not have any hole block created?" */
        }
        Folio folio = Filemap.filemap_get_folio(inode.i_mapping, from >>> PageSize.PAGE_SHIFT);
        if (folio == null) {
            return; /* "Folio not cached? Nothing to do" */
        }
        folio_lock(folio);
        if (folio.mapping == inode.i_mapping) {
            if (PageWriteback.folio_mkclean(folio) > 0) {
                PageWriteback.folio_mark_dirty(folio);
            }
            if (zeroExposedTail && folio_test_dirty(folio)) {
                long pos = folio_pos(folio);
                long end = Math.min(to - pos, PageSize.PAGE_SIZE);
                inode.backing().punchHole(from, end - (from - pos)); /* folio_zero_segment */
            }
        }
        folio_unlock(folio);
        folio_put(folio);
    }

    /**
     * {@code truncate_pagecache}: unmap beyond the new size, remove the pages, and unmap again to catch ptes a
     * racing fault installed meanwhile (same in 2.6.37).
     */
    public static void truncate_pagecache(Inode inode, long newsize) {
        AddressSpace mapping = inode.i_mapping;
        long holebegin = PageSize.roundUp(newsize);
        Memory.unmap_mapping_range(mapping, holebegin, 0, true);
        Points.at(Point.TRUNCATE_UNMAPPED);
        truncate_inode_pages_range(mapping, newsize, -1);
        Points.at(Point.TRUNCATE_REMOVED);
        Memory.unmap_mapping_range(mapping, holebegin, 0, true);
    }

    /**
     * {@code truncate_pagecache_range} (6.x; hole punch): unmap the whole pages of [{@code lstart}, {@code lend}],
     * then remove them. Only one unmap, before the removal: a fault that re-creates a page in the hole after it is
     * what {@code invalidate_lock} is for. 2.6.37's {@code vmtruncate_range} unmapped again after the removal;
     * that second unmap is done in that era.
     */
    public static void truncate_pagecache_range(Inode inode, long lstart, long lend, Era era) {
        AddressSpace mapping = inode.i_mapping;
        long unmap_start = PageSize.roundUp(lstart);
        long unmap_end = ((1 + lend) & ~(long) (PageSize.PAGE_SIZE - 1)) - 1;
        if (unmap_end > unmap_start) {
            Memory.unmap_mapping_range(mapping, unmap_start, 1 + unmap_end - unmap_start, false);
        }
        Points.at(Point.TRUNCATE_UNMAPPED);
        truncate_inode_pages_range(mapping, lstart, lend);
        Points.at(Point.TRUNCATE_REMOVED);
        if (era == Era.LINUX_2_6_37 && unmap_end > unmap_start) {
            Memory.unmap_mapping_range(mapping, unmap_start, 1 + unmap_end - unmap_start, true);
        }
    }

    /**
     * {@code delete_from_page_cache_batch} over the locked folios of a {@code find_lock_entries} batch, each
     * removed by {@code truncate} ({@link #truncate_inode_folio}, or a filesystem's own), then their unlock and
     * {@code folio_batch_release}: pass 1 of {@code truncate_inode_pages_range} and {@code shmem_undo_range}.
     */
    public static void delete_from_page_cache_batch(AddressSpace mapping, List<Folio> batch,
            BiConsumer<AddressSpace, Folio> truncate) {
        for (Folio folio : batch) {
            truncate.accept(mapping, folio);
            folio_unlock(folio);
            folio_put(folio);
        }
    }

    /**
     * {@code truncate_inode_pages_range}: remove the whole pages of [{@code lstart}, {@code lend}] ({@code lend ==
     * -1}: to the end). Pass 1 trylocks and skips busy pages; the partial pages at either end are locked and kept
     * (their tails are zeroed by the backing's truncate); pass 2 locks every page left, waiting for writeback, and
     * starts again from {@code start} until a lookup finds nothing (a fault may have brought a page back meanwhile).
     */
    public static void truncate_inode_pages_range(AddressSpace mapping, long lstart, long lend) {
        long start = (lstart + PageSize.PAGE_SIZE - 1) >>> PageSize.PAGE_SHIFT;
        long end = lend == -1 ? mapping.maxPages() : Math.min(mapping.maxPages(), (lend + 1) >>> PageSize.PAGE_SHIFT);
        delete_from_page_cache_batch(mapping, Filemap.find_lock_entries(mapping, start, end),
                Truncate::truncate_inode_folio);
        if ((lstart & (PageSize.PAGE_SIZE - 1)) != 0) {
            truncate_inode_partial_folio(mapping, lstart >>> PageSize.PAGE_SHIFT);
        }
        for (;;) {
            boolean found = false;
            for (long index = start; index < end; index++) {
                Folio folio = Filemap.filemap_get_folio(mapping, index);
                if (folio == null) {
                    continue;
                }
                found = true;
                folio_lock(folio);
                folio_wait_writeback(folio);
                truncate_inode_folio(mapping, folio);
                folio_unlock(folio);
                folio_put(folio);
            }
            if (!found) {
                break; /* "If all gone from start onwards, we're done"; otherwise "restart to make sure all gone" */
            }
        }
    }

    /** {@code truncate_inode_partial_folio}: lock, wait for writeback; the tail is zeroed by the backing. */
    private static void truncate_inode_partial_folio(AddressSpace mapping, long index) {
        Folio folio = Filemap.filemap_get_folio(mapping, index);
        if (folio == null) {
            return;
        }
        folio_lock(folio);
        if (folio.mapping == mapping) {
            folio_wait_writeback(folio);
        }
        folio_unlock(folio);
        folio_put(folio);
    }

    /**
     * {@code truncate_inode_folio}: {@code truncate_cleanup_folio} (zap its ptes, {@code ->invalidate_folio} if it
     * has metadata, cancel dirty), then {@code filemap_remove_folio}. Context: folio locked.
     * Return: 0, or -EIO if it was already removed.
     */
    static int truncate_inode_folio(AddressSpace mapping, Folio folio) {
        if (folio.mapping != mapping) {
            return -Errno.EIO;
        }
        if (folio_mapped(folio)) {
            Memory.unmap_mapping_folio(folio);
        }
        if (folio_has_private(folio)) {
            mapping.a_ops.invalidate_folio(folio, 0, PageSize.PAGE_SIZE);
        }
        folio_cancel_dirty(folio);
        Filemap.filemap_remove_folio(folio);
        return 0;
    }

    /**
     * {@code invalidate_inode_pages2_range}: at the first mapped page, zap the ptes of the rest of the range in one
     * hit before taking its lock; then for each page of [{@code start}, {@code end}]: lock it, skip it if
     * truncated, wait for writeback, zap its ptes, {@code ->launder_folio} it if dirty, and remove it unless it is
     * (still, or again) dirty or its metadata cannot be released. The seed's "pagecache flush".
     * Return: 0, or -EBUSY if some page could not be invalidated.
     */
    public static int invalidate_inode_pages2_range(AddressSpace mapping, long start, long end) {
        int ret = 0;
        boolean did_range_unmap = false;
        for (long index = start; index <= end && index < mapping.maxPages(); index++) {
            Folio folio = Filemap.filemap_get_folio(mapping, index);
            if (folio == null) {
                continue;
            }
            if (!did_range_unmap && folio_mapped(folio)) {
                /* "If folio is mapped, before taking its lock, zap the rest of the file in one hit." */
                Memory.unmap_mapping_range(mapping, index << PageSize.PAGE_SHIFT,
                        (1 + end - index) << PageSize.PAGE_SHIFT, false);
                did_range_unmap = true;
            }
            folio_lock(folio);
            if (folio.mapping != mapping) {
                folio_unlock(folio);
                folio_put(folio);
                continue;
            }
            Points.at(Point.INVALIDATE_LOCKED);
            folio_wait_writeback(folio);
            if (folio_mapped(folio)) {
                Memory.unmap_mapping_folio(folio);
            }
            int ret2 = folio_test_dirty(folio) ? mapping.a_ops.launder_folio(folio) : 0;
            if (ret2 == 0 && !invalidate_complete_folio2(mapping, folio)) {
                ret2 = -Errno.EBUSY;
            }
            if (ret2 < 0) {
                ret = ret2;
            }
            folio_unlock(folio);
            folio_put(folio);
        }
        return ret;
    }

    /** {@code invalidate_complete_folio2}: release metadata, and remove the folio unless it is dirty. */
    private static boolean invalidate_complete_folio2(AddressSpace mapping, Folio folio) {
        if (!Filemap.filemap_release_folio(folio)) {
            return false;
        }
        if (folio_test_dirty(folio)) {
            return false;
        }
        Filemap.filemap_remove_folio(folio);
        return true;
    }
}
