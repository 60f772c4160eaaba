package org.pagerace.mm;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code struct vm_area_struct}: a shared writable mapping of a whole file from offset 0 (so {@code pgoff} is the
 * page's index in the VMA), with its page table and pte lock. Deviation: one pte lock for the VMA (the kernel's
 * split lock covers one page-table page, 512 ptes, so one lock per small file is what it does too).
 */
public final class VmAreaStruct {
    public static final int VM_READ = 0x1;
    public static final int VM_WRITE = 0x2;
    public static final int VM_SHARED = 0x8;
    public static final int VM_MAYSHARE = 0x80;

    public final MmStruct vm_mm;
    public final AddressSpace vm_file;
    public final int vm_flags = VM_READ | VM_WRITE | VM_SHARED | VM_MAYSHARE;
    public final VmOperations vm_ops;
    /**
     * Whether {@code vm_page_prot} allows writes: a pte installed by a read fault is writable (and clean; the MMU
     * sets its dirty bit on the first store) unless the mapping is write-notified ({@link #vma_wants_writenotify}),
     * as {@code vma_set_page_prot} sets it at mmap time.
     */
    public final boolean vm_page_prot_write;
    public final SpinLock ptl = new SpinLock();
    final AtomicReferenceArray<Pte> ptes;

    /** Maps {@code pages} pages of {@code mapping} shared and writable, and links the VMA into {@code i_mmap}. */
    public VmAreaStruct(MmStruct mm, AddressSpace mapping, VmOperations ops, int pages) {
        if (pages <= 0 || pages > mapping.maxPages()) {
            throw new IllegalArgumentException("mapping of " + pages + " pages (1.." + mapping.maxPages() + ")");
        }
        this.vm_mm = mm;
        this.vm_file = mapping;
        this.vm_ops = ops;
        this.vm_page_prot_write = !vma_wants_writenotify(this);
        this.ptes = new AtomicReferenceArray<>(pages);
        mapping.i_mmap.add(this);
    }

    /**
     * {@code vma_wants_writenotify} (Linux 6.12 {@code mm/mmap.c}; same test in 2.6.37 with
     * {@code mapping_cap_account_dirty}) for this shared writable mapping: write-notified if {@code vm_ops} has a
     * {@code page_mkwrite}, otherwise only if the mapping can write back ({@code vma_fs_can_writeback}). Soft-dirty
     * and uffd-wp, the other reasons, are not modelled (off: {@code CONFIG_MEM_SOFT_DIRTY} is not set here).
     */
    static boolean vma_wants_writenotify(VmAreaStruct vma) {
        if (vma.vm_ops.has_page_mkwrite()) {
            return true;
        }
        return AddressSpace.mapping_can_writeback(vma.vm_file);
    }

    /** The number of pages mapped. */
    public int pages() {
        return ptes.length();
    }

    /** {@code ptep_get}: reads the pte at {@code pgoff} (no lock needed to read, as {@code orig_pte} is read). */
    public Pte ptep_get(long pgoff) {
        return ptes.get(checkIndex(pgoff));
    }

    /** {@code set_pte_at}. Context: pte lock held. */
    void set_pte_at(long pgoff, Pte pte) {
        ptes.set((int) pgoff, pte);
    }

    /** Unlinks the VMA from {@code i_mmap} and zaps its ptes ({@code munmap}). */
    public void unmap() {
        Memory.zap_pte_range(this, 0, pages(), null);
        vm_file.i_mmap.remove(this);
    }

    int checkIndex(long pgoff) {
        if (pgoff < 0 || pgoff >= ptes.length()) {
            throw new IllegalArgumentException("fault at page " + pgoff + " outside the VMA (0.." + (ptes.length() - 1) + ")");
        }
        return (int) pgoff;
    }
}
