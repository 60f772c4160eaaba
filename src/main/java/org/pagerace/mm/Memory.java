package org.pagerace.mm;

import static org.pagerace.mm.FaultFlag.*;
import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.Pte.*;
import static org.pagerace.mm.SpinLock.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.sched.Event;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * The write-fault path of {@code mm/memory.c}, Linux 6.12 (folio era), for a shared file mapping, with or without
 * a {@code vm_ops->page_mkwrite} ({@link VmOperations#has_page_mkwrite}); {@link #handle_mm_fault} dispatches to {@link Memory2637} when the mm
 * runs the 2.6.37 era. Also the zap side shared by both eras ({@link #unmap_mapping_range}).
 *
 * <p>Deviations common to every method here: no mmap_lock, per-VMA lock, COW, anonymous memory, huge pages or
 * fault-around; a VMA maps a whole file from offset 0; {@code balance_dirty_pages_ratelimited} and
 * {@code file_update_time} are no-ops; the named {@link Point}s mark the windows between steps.
 */
public final class Memory {
    private Memory() {
    }

    /**
     * {@code handle_mm_fault(vma, address, flags, regs)}: one fault on page {@code pgoff} of {@code vma}.
     * Return: {@code VM_FAULT_*} bits; 0 or NOPAGE mean "re-execute the access" (the fault may simply be retried).
     */
    public static int handle_mm_fault(VmAreaStruct vma, long pgoff, int flags) {
        vma.vm_file.host.checkLive();
        vma.checkIndex(pgoff);
        if (vma.vm_mm.era == Era.LINUX_2_6_37) {
            return Memory2637.handle_mm_fault(vma, pgoff, flags);
        }
        return handle_pte_fault(new VmFault(vma, pgoff, flags));
    }

    /**
     * {@code handle_pte_fault}: a none pte goes to {@link #do_fault}; a present read-only pte and a write go to
     * {@link #do_wp_page} with the pte lock held.
     */
    static int handle_pte_fault(VmFault vmf) {
        VmAreaStruct vma = vmf.vma;
        Pte entry = vma.ptep_get(vmf.pgoff);
        Points.at(Point.FAULT_PTE_READ);
        if (pte_none(entry)) {
            vmf.orig_pte = null;
            return do_fault(vmf);
        }
        vmf.orig_pte = entry;
        vmf.flags |= FAULT_FLAG_ORIG_PTE_VALID;
        spin_lock(vma.ptl);
        if (!pte_same(vma.ptep_get(vmf.pgoff), entry)) {
            spin_unlock(vma.ptl);
            return 0;
        }
        if ((vmf.flags & FAULT_FLAG_WRITE) != 0) {
            if (!pte_write(entry)) {
                return do_wp_page(vmf);
            }
            vma.set_pte_at(vmf.pgoff, entry.mkwriteDirty());
        }
        spin_unlock(vma.ptl);
        return 0;
    }

    /** {@code do_fault}: a write to a none pte of a shared mapping is {@link #do_shared_fault}. */
    static int do_fault(VmFault vmf) {
        if ((vmf.flags & FAULT_FLAG_WRITE) == 0) {
            return do_read_fault(vmf);
        }
        return do_shared_fault(vmf);
    }

    /** {@code do_read_fault}: map the page read-only (a shared mapping with page_mkwrite is write-notified). */
    static int do_read_fault(VmFault vmf) {
        int ret = __do_fault(vmf);
        if ((ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE | VM_FAULT_RETRY)) != 0) {
            return ret;
        }
        Folio folio = vmf.page;
        ret |= finish_fault(vmf);
        folio_unlock(folio);
        if ((ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE | VM_FAULT_RETRY)) != 0) {
            folio_put(folio);
        }
        return ret;
    }

    /** {@code __do_fault}: call {@code ->fault} and make sure the page comes back locked. */
    static int __do_fault(VmFault vmf) {
        int ret = vmf.vma.vm_ops.fault(vmf);
        if ((ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE | VM_FAULT_RETRY | VM_FAULT_DONE_COW)) != 0) {
            return ret;
        }
        if ((ret & VM_FAULT_LOCKED) == 0) {
            folio_lock(vmf.page);
        } else {
            VM_BUG_ON(!folio_test_locked(vmf.page), "->fault returned LOCKED with the page unlocked");
        }
        return ret;
    }

    /**
     * {@code do_shared_fault}: a write fault on a none pte of a shared mapping. If {@code vm_ops} has a
     * {@code page_mkwrite}, the page from {@code ->fault} is unlocked around it and must come back locked (by the
     * handler or by {@link #do_page_mkwrite}); without one (shmem) the page stays locked from {@code ->fault} on.
     * Either way it stays locked until the pte is installed and the page dirtied, which is what keeps truncate
     * out, since {@link #finish_fault} does not re-check {@code folio->mapping}.
     */
    static int do_shared_fault(VmFault vmf) {
        VmAreaStruct vma = vmf.vma;
        int ret = __do_fault(vmf);
        if ((ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE | VM_FAULT_RETRY)) != 0) {
            return ret;
        }
        Folio folio = vmf.page;
        if (vma.vm_ops.has_page_mkwrite()) {
            folio_unlock(folio);
            Points.at(Point.FAULT_PAGE_UNLOCKED);
            int tmp = do_page_mkwrite(vmf, folio);
            if (tmp == 0 || (tmp & (VM_FAULT_ERROR | VM_FAULT_NOPAGE)) != 0) {
                folio_put(folio);
                return tmp;
            }
        }
        ret |= finish_fault(vmf);
        if ((ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE | VM_FAULT_RETRY)) != 0) {
            folio_unlock(folio);
            folio_put(folio);
            return ret;
        }
        Points.at(Point.PTE_WRITABLE);
        ret |= fault_dirty_shared_page(vmf);
        return ret;
    }

    /**
     * {@code do_page_mkwrite(vmf, folio)}: call {@code ->page_mkwrite} with {@code FAULT_FLAG_WRITE|MKWRITE}. An
     * unlocked return is the legacy "minor fault": the VM locks the page itself and, if {@code mapping} is NULL
     * (truncated meanwhile), returns 0 so the caller drops the page and the fault restarts. The VM checks only for
     * NULL: not for another mapping, not i_size.
     * Return: {@code VM_FAULT_LOCKED} (page locked) on success; 0 to retry; NOPAGE or an error from the handler.
     */
    static int do_page_mkwrite(VmFault vmf, Folio folio) {
        int old_flags = vmf.flags;
        vmf.flags = FAULT_FLAG_WRITE | FAULT_FLAG_MKWRITE;
        vmf.page = folio;
        Points.event(Event.PAGE_MKWRITE, folio.index);
        int ret = vmf.vma.vm_ops.page_mkwrite(vmf);
        vmf.flags = old_flags;
        Points.at(Point.MKWRITE_RETURNED);
        if ((ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE)) != 0) {
            return ret;
        }
        if ((ret & VM_FAULT_LOCKED) == 0) {
            Points.at(Point.MKWRITE_UNLOCKED);
            folio_lock(folio);
            if (folio.mapping == null) {
                folio_unlock(folio);
                return 0; /* retry */
            }
            ret |= VM_FAULT_LOCKED;
        } else {
            VM_BUG_ON(!folio_test_locked(folio), "->page_mkwrite returned LOCKED with vmf->page unlocked");
        }
        return ret;
    }

    /**
     * {@code finish_fault}: install the pte for {@code vmf.page} under the pte lock, unless it changed since the
     * fault began ({@code vmf_pte_changed}), then NOPAGE. A write installs it writable and dirty; a read installs
     * it with {@code vm_page_prot} ({@code set_pte_range}), writable and clean if the mapping is not
     * write-notified. Context: page locked.
     */
    static int finish_fault(VmFault vmf) {
        VmAreaStruct vma = vmf.vma;
        Folio folio = vmf.page;
        spin_lock(vma.ptl);
        Pte now = vma.ptep_get(vmf.pgoff);
        boolean changed = (vmf.flags & FAULT_FLAG_ORIG_PTE_VALID) != 0 ? !pte_same(now, vmf.orig_pte) : !pte_none(now);
        int ret;
        if (!changed) {
            boolean write = (vmf.flags & FAULT_FLAG_WRITE) != 0;
            folio._mapcount.incrementAndGet();
            vma.set_pte_at(vmf.pgoff, Pte.of(folio, write || vma.vm_page_prot_write, write));
            Points.event(write ? Event.PTE_WRITABLE : Event.PTE_INSTALLED, folio.index);
            ret = 0;
        } else {
            ret = VM_FAULT_NOPAGE;
        }
        spin_unlock(vma.ptl);
        return ret;
    }

    /**
     * {@code page_dup_rmap(page)} then {@code set_huge_pte_at(mm, haddr, ptep, make_huge_pte(vma, page, writable))}
     * ({@code mm/hugetlb.c}): what {@code hugetlb_no_page} does once it holds the pte lock, re-checked i_size and
     * found the pte none. {@code make_huge_pte} makes a writable pte dirty as well
     * ({@code huge_pte_mkwrite(huge_pte_mkdirty(...))}). For a filesystem whose fault path installs its own pte
     * (hugetlbfs: {@code handle_mm_fault} hands a huge-page VMA to {@code hugetlb_fault}, which maps the page itself
     * under its fault mutex) and then returns {@code VM_FAULT_NOPAGE} to this emulation's caller. The pte takes over
     * the caller's reference to {@code folio}. Context: {@code vma.ptl} held, folio locked, pte none.
     */
    public static void set_huge_pte_at(VmAreaStruct vma, long pgoff, Folio folio, boolean writable) {
        VM_BUG_ON(!spin_is_locked(vma.ptl), "set_huge_pte_at without the pte lock");
        VM_BUG_ON(!pte_none(vma.ptep_get(pgoff)), "set_huge_pte_at over a present pte");
        folio._mapcount.incrementAndGet();
        vma.set_pte_at(pgoff, new Pte(folio, writable, writable));
        Points.event(writable ? Event.PTE_WRITABLE : Event.PTE_INSTALLED, folio.index);
    }

    /**
     * {@code do_wp_page}: a write to a present read-only pte. Context: pte lock held on entry, released on return.
     * A shared mapping reuses the page: {@link #wp_page_shared}.
     */
    static int do_wp_page(VmFault vmf) {
        Folio folio = vmf.orig_pte.folio();
        vmf.page = folio;
        return wp_page_shared(vmf, folio);
    }

    /**
     * {@code wp_page_shared}: with a {@code page_mkwrite}, drop the pte lock, call {@link #do_page_mkwrite}, then
     * make the pte writable if it did not change meanwhile ({@link #finish_mkwrite_fault}); without one,
     * {@link #wp_page_reuse} under the pte lock and then lock the page. Then dirty the page. Deviation: no
     * {@code vmf_can_call_fault} (there is no per-VMA lock here).
     */
    static int wp_page_shared(VmFault vmf, Folio folio) {
        VmAreaStruct vma = vmf.vma;
        int ret = 0;
        folio_get(folio);
        if (vma.vm_ops.has_page_mkwrite()) {
            spin_unlock(vma.ptl);
            Points.at(Point.WP_PTE_UNLOCKED);
            int tmp = do_page_mkwrite(vmf, folio);
            if (tmp == 0 || (tmp & (VM_FAULT_ERROR | VM_FAULT_NOPAGE)) != 0) {
                folio_put(folio);
                return tmp;
            }
            tmp = finish_mkwrite_fault(vmf, folio);
            if ((tmp & (VM_FAULT_ERROR | VM_FAULT_NOPAGE)) != 0) {
                folio_unlock(folio);
                folio_put(folio);
                return tmp;
            }
        } else {
            wp_page_reuse(vmf, folio);
            folio_lock(folio);
        }
        Points.at(Point.PTE_WRITABLE);
        ret |= fault_dirty_shared_page(vmf);
        folio_put(folio);
        return ret;
    }

    /**
     * {@code finish_mkwrite_fault}: re-take the pte lock; if the pte is not the one the fault started from
     * (truncate zapped it, another fault changed it), return NOPAGE; else {@code wp_page_reuse}: make it writable
     * and dirty. Context: page locked.
     */
    static int finish_mkwrite_fault(VmFault vmf, Folio folio) {
        VmAreaStruct vma = vmf.vma;
        spin_lock(vma.ptl);
        if (!pte_same(vma.ptep_get(vmf.pgoff), vmf.orig_pte)) {
            spin_unlock(vma.ptl);
            return VM_FAULT_NOPAGE;
        }
        vma.set_pte_at(vmf.pgoff, vmf.orig_pte.mkwriteDirty());
        Points.event(Event.PTE_WRITABLE, folio.index);
        spin_unlock(vma.ptl);
        return 0;
    }

    /**
     * {@code wp_page_reuse}: make the pte the fault started from writable and dirty, and drop the pte lock.
     * Context: pte lock held on entry (the pte is {@code vmf.orig_pte}, checked by {@link #handle_pte_fault}).
     */
    static void wp_page_reuse(VmFault vmf, Folio folio) {
        VmAreaStruct vma = vmf.vma;
        vma.set_pte_at(vmf.pgoff, vmf.orig_pte.mkwriteDirty());
        Points.event(Event.PTE_WRITABLE, folio.index);
        spin_unlock(vma.ptl);
    }

    /**
     * {@code fault_dirty_shared_page}: dirty the page, then unlock it. Context: page locked on entry, unlocked on
     * return. The kernel copies {@code mapping} before the unlock because truncate may clear it right after.
     */
    static int fault_dirty_shared_page(VmFault vmf) {
        Folio folio = vmf.page;
        PageWriteback.folio_mark_dirty(folio);
        folio_unlock(folio);
        return 0;
    }

    // ---- the zap side: unmap_mapping_range and friends (same shape in 2.6.37) ----

    /**
     * {@code unmap_mapping_range(mapping, holebegin, holelen, even_cows)}: zap the ptes of every VMA mapping the
     * byte range; {@code holelen == 0} means to the end of the file. Context: takes {@code i_mmap_rwsem} shared
     * (2.6.37: the {@code i_mmap_lock} spinlock).
     */
    public static void unmap_mapping_range(AddressSpace mapping, long holebegin, long holelen, boolean even_cows) {
        long first = holebegin >>> PageSize.PAGE_SHIFT;
        long last = holelen == 0 ? Long.MAX_VALUE : first + PageSize.pages(holelen);
        AddressSpace.i_mmap_lock_read(mapping);
        try {
            for (VmAreaStruct vma : mapping.i_mmap) {
                zap_pte_range(vma, first, last, null);
            }
        } finally {
            AddressSpace.i_mmap_unlock_read(mapping);
        }
    }

    /** {@code unmap_mapping_folio}: zap only the ptes that map {@code folio}. Context: folio locked. */
    public static void unmap_mapping_folio(Folio folio) {
        AddressSpace mapping = folio.mapping;
        if (mapping == null) {
            return;
        }
        AddressSpace.i_mmap_lock_read(mapping);
        try {
            for (VmAreaStruct vma : mapping.i_mmap) {
                zap_pte_range(vma, folio.index, folio.index + 1, folio);
            }
        } finally {
            AddressSpace.i_mmap_unlock_read(mapping);
        }
    }

    /**
     * {@code zap_pte_range} over pages [{@code from}, {@code to}) of {@code vma}: clear each pte; a dirty pte
     * passes its dirty bit to the folio ({@code folio_mark_dirty}); the pte's reference is dropped.
     */
    static void zap_pte_range(VmAreaStruct vma, long from, long to, Folio only) {
        long end = Math.min(to, vma.pages());
        spin_lock(vma.ptl);
        try {
            for (long i = Math.max(0, from); i < end; i++) {
                Pte pte = vma.ptep_get(i);
                if (pte == null || (only != null && pte.folio() != only)) {
                    continue;
                }
                vma.set_pte_at(i, null);
                Folio folio = pte.folio();
                if (pte.dirty()) {
                    PageWriteback.folio_mark_dirty(folio);
                }
                folio._mapcount.decrementAndGet();
                folio_put(folio);
                Points.event(Event.PTE_CLEARED, i);
            }
        } finally {
            spin_unlock(vma.ptl);
        }
    }

    /** {@code VM_BUG_ON}: the kernel would oops here. */
    static void VM_BUG_ON(boolean condition, String what) {
        if (condition) {
            throw new KernelBug("VM_BUG_ON: " + what);
        }
    }
}
