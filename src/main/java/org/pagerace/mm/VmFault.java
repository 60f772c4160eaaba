package org.pagerace.mm;

/**
 * {@code struct vm_fault} ({@code include/linux/mm.h}); 2.6.37 passed {@code vma} separately and had no
 * {@code orig_pte} in it. {@code page} is the folio ({@code vmf->page} is a page of it, and every folio is one page
 * here).
 */
public final class VmFault {
    public final VmAreaStruct vma;
    public final long pgoff;
    public int flags;
    public Pte orig_pte;
    public Folio page;

    public VmFault(VmAreaStruct vma, long pgoff, int flags) {
        this.vma = vma;
        this.pgoff = pgoff;
        this.flags = flags;
    }

    /** {@code file_inode(vmf->vma->vm_file)}. */
    public Inode inode() {
        return vma.vm_file.host;
    }

    /** {@code vmf->vma->vm_file->f_mapping}. */
    public AddressSpace mapping() {
        return vma.vm_file;
    }
}
