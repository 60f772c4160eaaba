package org.pagerace.mm;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import java.util.ArrayList;
import java.util.List;
import org.pagerace.sched.Event;
import org.pagerace.sys.Errno;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * The page-cache side of {@code mm/filemap.c}: lookup, insertion and removal, {@code filemap_fault},
 * {@code find_or_create_page}, and {@code filemap_release_folio}. Same shape in 2.6.37 (with pages) except where a
 * method says otherwise. Deviations: no readahead, no large folios; reading a page is marking it uptodate (the data
 * is already in the {@link Backing}).
 */
public final class Filemap {
    /** {@code AOP_TRUNCATED_PAGE} ({@code include/linux/fs.h}): the read gave the page up; look it up again. */
    public static final int AOP_TRUNCATED_PAGE = 0x80001;

    private Filemap() {
    }

    /** {@code filemap_get_folio}: the folio at {@code index} with a reference, or null. */
    public static Folio filemap_get_folio(AddressSpace mapping, long index) {
        if (index < 0 || index >= mapping.i_pages.length()) {
            return null;
        }
        synchronized (mapping.i_pages) {
            Folio folio = mapping.i_pages.get((int) index);
            if (folio != null) {
                folio_get(folio);
            }
            return folio;
        }
    }

    /**
     * {@code find_lock_entries}: the folios of [{@code start}, {@code end}) that can be locked without waiting, each
     * locked and with a reference; a folio already locked, under writeback or no longer in {@code mapping} is
     * skipped. The caller unlocks and puts each.
     */
    public static List<Folio> find_lock_entries(AddressSpace mapping, long start, long end) {
        List<Folio> batch = new ArrayList<>();
        for (long index = start; index < end; index++) {
            Folio folio = filemap_get_folio(mapping, index);
            if (folio == null) {
                continue;
            }
            if (!folio_trylock(folio)) {
                folio_put(folio);
            } else if (folio.mapping != mapping || folio_test_writeback(folio)) {
                folio_unlock(folio);
                folio_put(folio);
            } else {
                batch.add(folio);
            }
        }
        return batch;
    }

    /**
     * {@code filemap_add_folio}: lock the new folio, insert it at {@code index}, set {@code mapping} and
     * {@code index}, take the page cache's reference. Return: 0, or -EEXIST if another folio is there.
     */
    static int filemap_add_folio(AddressSpace mapping, Folio folio) {
        if (folio.index >= mapping.i_pages.length()) {
            throw new IllegalArgumentException("page " + folio.index + " beyond the emulated page cache");
        }
        if (!folio_trylock(folio)) {
            throw new KernelBug("new folio already locked");
        }
        synchronized (mapping.i_pages) {
            if (mapping.i_pages.get((int) folio.index) != null) {
                folio_unlock(folio);
                return -Errno.EEXIST;
            }
            folio.mapping = mapping;
            folio_get(folio);
            mapping.i_pages.set((int) folio.index, folio);
        }
        Points.event(Event.FOLIO_ADDED, folio.index);
        return 0;
    }

    /**
     * {@code filemap_remove_folio}: {@code page_cache_delete} sets {@code folio->mapping = NULL} (keeping
     * {@code index}), then the page cache's reference is dropped. Context: folio locked.
     */
    public static void filemap_remove_folio(Folio folio) {
        Memory.VM_BUG_ON(!folio_test_locked(folio), "filemap_remove_folio of an unlocked folio");
        AddressSpace mapping = folio.mapping;
        synchronized (mapping.i_pages) {
            mapping.i_pages.compareAndSet((int) folio.index, folio, null);
            folio.mapping = null;
        }
        Points.event(Event.MAPPING_CLEARED, folio.index);
        folio_put(folio);
    }

    /**
     * {@code __filemap_get_folio(mapping, index, FGP_LOCK|FGP_ACCESSED|FGP_CREAT, gfp)} as
     * {@code find_or_create_page} calls it: the folio at {@code index}, locked, with a reference, re-looked-up if
     * truncated while we waited for its lock; or a new one (not uptodate) added to the page cache. No i_size check.
     * Return: the folio, or null for -ENOMEM (injected at {@link Point#INJECT_ALLOC}).
     */
    public static Folio find_or_create_page(AddressSpace mapping, long index) {
        for (;;) {
            Folio folio = filemap_get_folio(mapping, index);
            if (folio != null) {
                folio_lock(folio);
                if (folio.mapping != mapping) {
                    folio_unlock(folio);
                    folio_put(folio);
                    continue;
                }
                return folio;
            }
            if (Points.inject(Point.INJECT_ALLOC)) {
                return null;
            }
            folio = new Folio(index);
            if (filemap_add_folio(mapping, folio) == 0) {
                return folio;
            }
            folio_put(folio);
        }
    }

    /**
     * {@code filemap_fault}: SIGBUS if {@code pgoff} is beyond i_size; find the page or create it (6.x: under
     * {@code invalidate_lock} shared, which 2.6.37 did not have); lock it; if truncated meanwhile, look again;
     * re-check i_size under the page lock. Return: {@code VM_FAULT_LOCKED} (plus MAJOR if created) with
     * {@code vmf.page} locked and referenced; SIGBUS; or OOM.
     */
    public static int filemap_fault(VmFault vmf) {
        AddressSpace mapping = vmf.mapping();
        Inode inode = mapping.host;
        long index = vmf.pgoff;
        boolean modern = vmf.vma.vm_mm.era == Era.MODERN;
        int ret = 0;
        if (index >= PageSize.pages(Inode.i_size_read(inode))) {
            return VM_FAULT_SIGBUS;
        }
        Points.at(Point.FILEMAP_SIZE_CHECKED);
        boolean mapping_locked = false;
        Folio folio = filemap_get_folio(mapping, index);
        for (;;) {
            if (folio == null) {
                ret = VM_FAULT_MAJOR;
                if (modern && !mapping_locked) {
                    AddressSpace.filemap_invalidate_lock_shared(mapping);
                    mapping_locked = true;
                }
                folio = findOrCreateUnlocked(mapping, index);
                if (folio == null) {
                    if (mapping_locked) {
                        AddressSpace.filemap_invalidate_unlock_shared(mapping);
                    }
                    return VM_FAULT_OOM;
                }
            }
            folio_lock(folio);
            if (folio.mapping != mapping) { /* Did it get truncated? */
                folio_unlock(folio);
                folio_put(folio);
                folio = null; /* retry_find */
                continue;
            }
            if (!folio_test_uptodate(folio) && mapping.a_ops.read_folio(folio) == AOP_TRUNCATED_PAGE) {
                folio_put(folio); /* page_not_uptodate: ->read_folio unlocked it; retry_find */
                folio = null;
                continue;
            }
            break;
        }
        if (mapping_locked) {
            AddressSpace.filemap_invalidate_unlock_shared(mapping);
        }
        if (index >= PageSize.pages(Inode.i_size_read(inode))) {
            folio_unlock(folio);
            folio_put(folio);
            return VM_FAULT_SIGBUS;
        }
        vmf.page = folio;
        return ret | VM_FAULT_LOCKED;
    }

    /**
     * {@code __filemap_get_folio(mapping, index, FGP_CREAT|FGP_FOR_MMAP, gfp)} as {@code filemap_fault} calls it:
     * the folio found or created, returned unlocked; null on ENOMEM.
     */
    private static Folio findOrCreateUnlocked(AddressSpace mapping, long index) {
        for (;;) {
            Folio folio = filemap_get_folio(mapping, index);
            if (folio != null) {
                return folio;
            }
            if (Points.inject(Point.INJECT_ALLOC)) {
                return null;
            }
            folio = new Folio(index);
            if (filemap_add_folio(mapping, folio) == 0) {
                folio_unlock(folio); /* for mmap we expect an unlocked page */
                return folio;
            }
            folio_put(folio);
        }
    }

    /**
     * {@code filemap_release_folio}: ask the filesystem to free the metadata of a clean folio.
     * Context: folio locked. Return: whether the folio has no metadata left.
     */
    public static boolean filemap_release_folio(Folio folio) {
        Memory.VM_BUG_ON(!folio_test_locked(folio), "filemap_release_folio of an unlocked folio");
        if (!folio_has_private(folio)) {
            return true;
        }
        if (folio_test_writeback(folio)) {
            return false;
        }
        AddressSpace mapping = folio.mapping;
        return mapping != null && mapping.a_ops.release_folio(folio);
    }

    /**
     * {@code filemap_page_mkwrite} (Linux 6.12 {@code mm/filemap.c}), the generic handler of filesystems that
     * allocate at writeback: lock the folio; if its mapping changed, NOPAGE; otherwise dirty it, wait until it is
     * stable and return LOCKED. No i_size check: a page truncate has not yet removed is still in the mapping, and
     * a page it has removed fails the mapping check. Deviation: no {@code sb_start_pagefault}, no
     * {@code file_update_time}.
     */
    public static int filemap_page_mkwrite(VmFault vmf) {
        Folio folio = vmf.page;
        AddressSpace mapping = vmf.mapping();
        folio_lock(folio);
        if (folio.mapping != mapping) {
            folio_unlock(folio);
            return VM_FAULT_NOPAGE;
        }
        PageWriteback.folio_mark_dirty(folio);
        folio_wait_writeback(folio); /* folio_wait_stable */
        return VM_FAULT_LOCKED;
    }

    /**
     * {@code folio_mkwrite_check_truncate} ({@code include/linux/pagemap.h}): the bytes of the folio inside EOF, or
     * -EFAULT if it was removed from the page cache or lies wholly past EOF. Context: folio locked.
     */
    public static int folio_mkwrite_check_truncate(Folio folio, Inode inode) {
        long size = Inode.i_size_read(inode);
        long index = size >>> PageSize.PAGE_SHIFT;
        int offset = (int) (size & (PageSize.PAGE_SIZE - 1));
        if (folio.mapping == null) {
            return -Errno.EFAULT;
        }
        if (folio.index < index) {
            return PageSize.PAGE_SIZE; /* wholly inside EOF */
        }
        if (folio.index > index || offset == 0) {
            return -Errno.EFAULT; /* wholly past EOF */
        }
        return offset;
    }
}
