package org.pagerace.mm;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code struct vm_area_struct}: a shared writable mapping of a whole file from offset 0 (so {@code pgoff} is the
 * page's index in the VMA), with its page table and pte lock. Deviation: one pte lock for the VMA (the kernel's
 * split lock covers one page-table page, 512 ptes, so one lock per small file is what it does too).
 */
@SuppressWarnings({"checkstyle:MemberName", "checkstyle:ConstantName"})
public final class VmAreaStruct {
    public static final int VM_READ = 0x1;
    public static final int VM_WRITE = 0x2;
    public static final int VM_SHARED = 0x8;
    public static final int VM_MAYSHARE = 0x80;

    public final MmStruct vm_mm;
    public final AddressSpace vm_file;
    public final int vm_flags = VM_READ | VM_WRITE | VM_SHARED | VM_MAYSHARE;
    public final VmOperations vm_ops;
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
        this.ptes = new AtomicReferenceArray<>(pages);
        mapping.i_mmap.add(this);
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
