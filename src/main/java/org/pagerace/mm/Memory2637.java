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
 * The write-fault path of Linux 2.6.37 {@code mm/memory.c}, the one the 2010 thread is about: {@code __do_fault}
 * for a none pte and {@code do_wp_page} for a read-only one, each calling {@code ->page_mkwrite} with the page
 * unlocked and, when the handler returns without {@code VM_FAULT_LOCKED}, locking the page itself and retrying
 * the fault if {@code page->mapping} became NULL ("the hack to check page->mapping", as Nick Piggin calls it).
 *
 * <p>Deviations, as in {@link Memory}: no mmap_sem, COW or anonymous pages; {@code set_page_dirty_balance},
 * {@code balance_dirty_pages_ratelimited} and {@code file_update_time} reduce to {@code set_page_dirty}.
 */
public final class Memory2637 {
    private Memory2637() {
    }

    /** {@code handle_mm_fault} → {@code handle_pte_fault} (2.6.37). */
    static int handle_mm_fault(VmAreaStruct vma, long pgoff, int flags) {
        Pte entry = vma.ptep_get(pgoff);
        Points.at(Point.FAULT_PTE_READ);
        if (pte_none(entry)) {
            return __do_fault(vma, pgoff, flags, null); /* do_linear_fault */
        }
        spin_lock(vma.ptl);
        if (!pte_same(vma.ptep_get(pgoff), entry)) {
            spin_unlock(vma.ptl);
            return 0;
        }
        if ((flags & FAULT_FLAG_WRITE) != 0) {
            if (!pte_write(entry)) {
                return do_wp_page(vma, pgoff, entry);
            }
            vma.set_pte_at(pgoff, entry.mkwriteDirty());
        }
        spin_unlock(vma.ptl);
        return 0;
    }

    /**
     * {@code __do_fault(mm, vma, address, pmd, pgoff, flags, orig_pte)}: {@code ->fault}, lock the page, and for a
     * shared write unlock it around {@code ->page_mkwrite}; then install the pte if it is still {@code orig_pte}
     * and dirty the page. The page stays locked from the mapping check to {@code set_page_dirty}.
     */
    static int __do_fault(VmAreaStruct vma, long pgoff, int flags, Pte orig_pte) {
        VmFault vmf = new VmFault(vma, pgoff, flags);
        int ret = vma.vm_ops.fault(vmf);
        if ((ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE)) != 0) {
            return ret;
        }
        if ((ret & VM_FAULT_LOCKED) == 0) {
            folio_lock(vmf.page);
        } else {
            Memory.VM_BUG_ON(!folio_test_locked(vmf.page), "->fault returned LOCKED with the page unlocked");
        }
        Folio page = vmf.page;
        boolean page_mkwrite = false;
        if ((flags & FAULT_FLAG_WRITE) != 0 && vma.vm_ops.has_page_mkwrite()) {
            folio_unlock(page);
            Points.at(Point.FAULT_PAGE_UNLOCKED);
            vmf.flags = FAULT_FLAG_WRITE | FAULT_FLAG_MKWRITE;
            Points.event(Event.PAGE_MKWRITE, page.index);
            int tmp = vma.vm_ops.page_mkwrite(vmf);
            Points.at(Point.MKWRITE_RETURNED);
            if ((tmp & (VM_FAULT_ERROR | VM_FAULT_NOPAGE)) != 0) {
                folio_put(page); /* unwritable_page */
                return tmp;
            }
            if ((tmp & VM_FAULT_LOCKED) == 0) {
                Points.at(Point.MKWRITE_UNLOCKED);
                folio_lock(page);
                if (page.mapping == null) {
                    folio_unlock(page);
                    folio_put(page); /* unwritable_page */
                    return 0; /* retry the fault */
                }
            } else {
                Memory.VM_BUG_ON(!folio_test_locked(page), "->page_mkwrite returned LOCKED with vmf->page unlocked");
            }
            page_mkwrite = true;
        }
        Folio dirty_page = null;
        boolean anon = false;
        spin_lock(vma.ptl);
        if (pte_same(vma.ptep_get(pgoff), orig_pte)) {
            boolean write = (flags & FAULT_FLAG_WRITE) != 0;
            page._mapcount.incrementAndGet(); /* page_add_file_rmap */
            if (write) {
                dirty_page = page;
                folio_get(dirty_page);
            }
            vma.set_pte_at(pgoff, Pte.of(page, write || vma.vm_page_prot_write, write)); /* mk_pte(vm_page_prot) */
            Points.event(write ? Event.PTE_WRITABLE : Event.PTE_INSTALLED, page.index);
        } else {
            anon = true; /* no anon but release faulted_page */
        }
        spin_unlock(vma.ptl);
        if (dirty_page != null) {
            Points.at(Point.PTE_WRITABLE);
            PageWriteback.folio_mark_dirty(dirty_page); /* set_page_dirty */
            folio_unlock(dirty_page);
            folio_put(dirty_page);
        } else {
            folio_unlock(vmf.page);
            if (anon) {
                folio_put(vmf.page);
            }
        }
        return ret;
    }

    /**
     * {@code do_wp_page} for a shared writable mapping with {@code ->page_mkwrite}. Context: pte lock held on
     * entry, released on return. A changed pte after page_mkwrite returns 0: the fault restarts. Without a
     * {@code page_mkwrite}: {@link #do_wp_page_reuse}.
     */
    static int do_wp_page(VmAreaStruct vma, long pgoff, Pte orig_pte) {
        if (!vma.vm_ops.has_page_mkwrite()) {
            return do_wp_page_reuse(vma, pgoff, orig_pte);
        }
        Folio old_page = orig_pte.folio();
        VmFault vmf = new VmFault(vma, old_page.index, FAULT_FLAG_WRITE | FAULT_FLAG_MKWRITE);
        vmf.page = old_page;
        int ret = 0;
        folio_get(old_page); /* page_cache_get */
        spin_unlock(vma.ptl);
        Points.at(Point.WP_PTE_UNLOCKED);
        Points.event(Event.PAGE_MKWRITE, old_page.index);
        int tmp = vma.vm_ops.page_mkwrite(vmf);
        Points.at(Point.MKWRITE_RETURNED);
        if ((tmp & (VM_FAULT_ERROR | VM_FAULT_NOPAGE)) != 0) {
            folio_put(old_page); /* unwritable_page */
            return tmp;
        }
        if ((tmp & VM_FAULT_LOCKED) == 0) {
            Points.at(Point.MKWRITE_UNLOCKED);
            folio_lock(old_page);
            if (old_page.mapping == null) {
                folio_unlock(old_page);
                folio_put(old_page); /* unwritable_page */
                return 0; /* retry the fault */
            }
        } else {
            Memory.VM_BUG_ON(!folio_test_locked(old_page), "->page_mkwrite returned LOCKED with vmf->page unlocked");
        }
        spin_lock(vma.ptl);
        if (!pte_same(vma.ptep_get(pgoff), orig_pte)) {
            folio_unlock(old_page);
            folio_put(old_page);
            spin_unlock(vma.ptl); /* goto unlock */
            return 0;
        }
        Folio dirty_page = old_page;
        folio_get(dirty_page);
        vma.set_pte_at(pgoff, orig_pte.mkwriteDirty()); /* reuse: */
        Points.event(Event.PTE_WRITABLE, old_page.index);
        ret |= VM_FAULT_WRITE;
        spin_unlock(vma.ptl); /* unlock: */
        Points.at(Point.PTE_WRITABLE);
        folio_put(dirty_page); /* put_page(dirty_page) */
        PageWriteback.folio_mark_dirty(dirty_page); /* set_page_dirty */
        folio_unlock(dirty_page);
        folio_put(dirty_page); /* page_cache_release(dirty_page): the page_cache_get before ->page_mkwrite */
        return ret;
    }

    /**
     * 2.6.37 {@code do_wp_page} for a shared writable mapping without {@code ->page_mkwrite} (a write-notified
     * mapping whose {@code vm_ops} is {@code generic_file_vm_ops}, which had none then): {@code reuse:} make the
     * pte writable and dirty under the pte lock, then, unlocked, {@code wait_on_page_locked} ("Yes, Virginia":
     * so that {@code clear_page_dirty_for_io} cannot clean the page between its pte clean and our dirty pte) and
     * {@code set_page_dirty_balance}. Context: pte lock held on entry, released on return.
     */
    static int do_wp_page_reuse(VmAreaStruct vma, long pgoff, Pte orig_pte) {
        Folio dirty_page = orig_pte.folio();
        folio_get(dirty_page); /* get_page(dirty_page) */
        vma.set_pte_at(pgoff, orig_pte.mkwriteDirty()); /* reuse: */
        Points.event(Event.PTE_WRITABLE, dirty_page.index);
        spin_unlock(vma.ptl); /* unlock: */
        Points.at(Point.PTE_WRITABLE);
        Points.waitUntil(Point.WAIT_FOLIO_LOCK, () -> !folio_test_locked(dirty_page),
                () -> !folio_test_locked(dirty_page)); /* wait_on_page_locked */
        PageWriteback.folio_mark_dirty(dirty_page); /* set_page_dirty_balance */
        folio_put(dirty_page);
        return VM_FAULT_WRITE;
    }
}
