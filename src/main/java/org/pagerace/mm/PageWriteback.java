package org.pagerace.mm;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.SpinLock.*;

import org.pagerace.sched.Event;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * Dirtying and cleaning: {@code mm/page-writeback.c} ({@code folio_mark_dirty}, {@code filemap_dirty_folio},
 * {@code folio_clear_dirty_for_io}, the writeback loop of {@code write_cache_pages}) and {@code folio_mkclean} of
 * {@code mm/rmap.c}. Deviations: no dirty accounting, no writeback control; the write I/O completes when the
 * {@link BlockDevice} ends it: as it is submitted, unless the device was told to complete later (I/O in flight).
 */
public final class PageWriteback {
    private PageWriteback() {
    }

    /**
     * {@code folio_mark_dirty} (2.6.37 {@code set_page_dirty}): {@code ->dirty_folio} if the folio still has a
     * mapping, else {@code noop_dirty_folio}. Return: whether it newly dirtied the folio.
     */
    public static boolean folio_mark_dirty(Folio folio) {
        AddressSpace mapping = folio.mapping;
        if (mapping != null) {
            return mapping.a_ops.dirty_folio(mapping, folio);
        }
        return !folio_test_set_dirty(folio);
    }

    /** {@code filemap_dirty_folio}: the generic {@code ->dirty_folio}. */
    public static boolean filemap_dirty_folio(AddressSpace mapping, Folio folio) {
        return !folio_test_set_dirty(folio);
    }

    /**
     * {@code folio_mkclean} (mm/rmap.c): write-protect and clean every pte that maps the folio, so the next store
     * faults and calls {@code ->page_mkwrite} again. Return: the number of ptes cleaned.
     */
    public static int folio_mkclean(Folio folio) {
        AddressSpace mapping = folio.mapping;
        if (mapping == null) {
            return 0;
        }
        int cleaned = 0;
        AddressSpace.i_mmap_lock_read(mapping);
        try {
            for (VmAreaStruct vma : mapping.i_mmap) {
                if (folio.index >= vma.pages()) {
                    continue;
                }
                spin_lock(vma.ptl);
                Pte pte = vma.ptep_get(folio.index);
                if (pte != null && pte.folio() == folio && (pte.write() || pte.dirty())) {
                    vma.set_pte_at(folio.index, pte.wrprotectClean());
                    Points.event(Event.PTE_READONLY, folio.index);
                    cleaned++;
                }
                spin_unlock(vma.ptl);
            }
        } finally {
            AddressSpace.i_mmap_unlock_read(mapping);
        }
        return cleaned;
    }

    /**
     * {@code folio_clear_dirty_for_io}: move dirty bits from the ptes to the folio ({@code folio_mkclean}), then
     * clear the folio's. Fault handlers hold the folio lock while they dirty, and so does the caller here, which is
     * what keeps a racing fault from installing a dirty pte after the clean. Context: folio locked.
     * Return: whether the folio was dirty.
     */
    public static boolean folio_clear_dirty_for_io(Folio folio) {
        Memory.VM_BUG_ON(!folio_test_locked(folio), "folio_clear_dirty_for_io of an unlocked folio");
        if (folio_mkclean(folio) > 0) {
            folio_mark_dirty(folio);
        }
        Points.at(Point.WRITEBACK_PTES_PROTECTED);
        boolean was = folio_test_clear_dirty(folio);
        if (was && folio.mapping != null) {
            folio.cleanSeq = folio.mapping.host.tick();
            Points.event(Event.FOLIO_CLEANED, folio.index);
        }
        return was;
    }

    /**
     * {@code filemap_write_and_wait_range} for the pages [{@code first}, {@code last}]: {@link #filemap_fdatawrite_range}
     * then {@link #filemap_fdatawait_range}; nothing for a mapping that cannot write back
     * ({@code filemap_fdatawrite_wbc}: {@code !mapping_can_writeback} returns 0; tmpfs's msync is a no-op).
     * Return: 0 or the first -errno of {@code ->writepage}.
     */
    public static int filemap_write_and_wait_range(AddressSpace mapping, long first, long last) {
        if (!AddressSpace.mapping_can_writeback(mapping)) {
            return 0;
        }
        int ret = filemap_fdatawrite_range(mapping, first, last);
        filemap_fdatawait_range(mapping, first, last);
        return ret;
    }

    /**
     * {@code filemap_fdatawrite_range} for the pages [{@code first}, {@code last}] ({@code sync_file_range(
     * SYNC_FILE_RANGE_WRITE)}): the mapping's {@code ->writepages} ({@code do_writepages}) in {@code WB_SYNC_ALL}
     * mode, submitting the writes without waiting for them to complete; nothing for a mapping that cannot write
     * back. Return: 0 or the first -errno of {@code ->writepages}.
     */
    public static int filemap_fdatawrite_range(AddressSpace mapping, long first, long last) {
        if (!AddressSpace.mapping_can_writeback(mapping)) {
            return 0;
        }
        return mapping.a_ops.writepages(mapping, first, last);
    }

    /**
     * {@code write_cache_pages} with {@code ->writepage} for the pages [{@code first}, {@code last}] (the generic
     * {@code ->writepages}): per folio, lock, skip if truncated or clean, wait for writeback, clear dirty for I/O,
     * {@code ->writepage}. Return: 0 or the first -errno of {@code ->writepage}.
     */
    public static int write_cache_pages(AddressSpace mapping, long first, long last) {
        int ret = 0;
        for (long index = first; index <= last && index < mapping.maxPages(); index++) {
            Folio folio = lock_dirty_folio(mapping, index);
            if (folio == null) {
                continue;
            }
            if (!folio_clear_dirty_for_io(folio)) {
                folio_unlock(folio);
                folio_put(folio);
                continue;
            }
            Points.at(Point.WRITEBACK_CLEANED);
            int err = mapping.a_ops.writepage(folio); /* unlocks the folio */
            if (err < 0 && ret == 0) {
                ret = err;
            }
            folio_put(folio);
            Points.at(Point.WRITEBACK_WRITTEN);
        }
        return ret;
    }

    /**
     * The start of a writeback loop's turn at page {@code index}: the folio looked up and locked, skipped (null) if
     * it is gone, truncated or clean, and its writeback waited for. Return: the folio, locked, with a reference the
     * caller puts; or null.
     */
    public static Folio lock_dirty_folio(AddressSpace mapping, long index) {
        Folio folio = Filemap.filemap_get_folio(mapping, index);
        if (folio == null) {
            return null;
        }
        folio_lock(folio);
        if (folio.mapping != mapping || !folio_test_dirty(folio)) {
            folio_unlock(folio);
            folio_put(folio);
            return null;
        }
        folio_wait_writeback(folio);
        return folio;
    }

    /**
     * {@code filemap_fdatawait_range} for the pages [{@code first}, {@code last}]: wait for the writeback of each
     * folio to end ({@code __filemap_fdatawait_range}). Nothing to wait for where the device completed the write as
     * it was submitted.
     */
    public static void filemap_fdatawait_range(AddressSpace mapping, long first, long last) {
        for (long index = first; index <= last && index < mapping.maxPages(); index++) {
            Folio folio = Filemap.filemap_get_folio(mapping, index);
            if (folio == null) {
                continue;
            }
            folio_wait_writeback(folio);
            folio_put(folio);
        }
    }
}
