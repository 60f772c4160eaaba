package org.pagerace.mm;

import static org.pagerace.mm.Folio.*;

import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * Page reclaim, {@code mm/vmscan.c} (Linux 6.12), for one clean page-cache folio: what memory pressure does to a
 * folio a race partner has picked. Deviations: the folio is taken as if it were on the inactive list and
 * unreferenced ({@code folio_check_references} is left out: a race sample has one page, and reclaim would
 * otherwise just activate it); a dirty folio is kept ({@code pageout} is writeback's race, not this one).
 */
public final class Vmscan {
    private Vmscan() {
    }

    /**
     * {@code shrink_folio_list} for one file folio, with the isolation reference the caller took: trylock it; keep
     * it if under writeback; {@code try_to_unmap} it if mapped (a dirty pte passes its dirty bit to the folio);
     * keep it if dirty; {@code filemap_release_folio} its metadata; {@code __remove_mapping}, which fails while
     * anyone else holds a reference (a fault in progress), leaving the folio cached without its metadata.
     * Return: whether the folio was freed.
     */
    public static boolean shrink_folio_list(Folio folio) {
        if (!folio_trylock(folio)) {
            return false;
        }
        Points.at(Point.RELEASE_LOCKED);
        try {
            AddressSpace mapping = folio.mapping;
            if (mapping == null || folio_test_writeback(folio)) {
                return false;
            }
            if (folio_mapped(folio)) {
                Memory.unmap_mapping_folio(folio); /* try_to_unmap */
                if (folio_mapped(folio)) {
                    return false;
                }
            }
            if (folio_test_dirty(folio)) {
                return false;
            }
            if (folio_has_private(folio) && !Filemap.filemap_release_folio(folio)) {
                return false;
            }
            return __remove_mapping(mapping, folio);
        } finally {
            folio_unlock(folio);
        }
    }

    /**
     * {@code __remove_mapping}: freeze the refcount at the page cache's reference plus the isolation reference
     * ({@code folio_ref_freeze}); if anyone else holds one, or the folio was dirtied meanwhile, give up.
     * Context: folio locked. Return: whether it was removed.
     */
    static boolean __remove_mapping(AddressSpace mapping, Folio folio) {
        if (folio_ref_count(folio) != 2 || folio_test_dirty(folio)) {
            return false;
        }
        Filemap.filemap_remove_folio(folio);
        return true;
    }
}
