package org.pagerace.mm;

/** {@code struct vm_operations_struct} ({@code include/linux/mm.h}): the fault and page_mkwrite callbacks. */
public interface VmOperations {
    /** {@code ->fault}: find the page for {@code vmf.pgoff}; usually {@link Filemap#filemap_fault}. */
    int fault(VmFault vmf);

    /**
     * {@code ->page_mkwrite}: the page {@code vmf.page} is about to become writable. Called with the page
     * unlocked; may return it locked ({@code VM_FAULT_LOCKED}), or 0, or {@code VM_FAULT_NOPAGE} / an error.
     */
    int page_mkwrite(VmFault vmf);

    /**
     * Whether {@code vm_ops->page_mkwrite} is non-NULL. A table without it (shmem's {@code shmem_vm_ops}) is never
     * asked: the VM installs the pte at once ({@code do_shared_fault}) or reuses the page ({@code wp_page_shared}),
     * and the mapping is write-notified only if its backing can write back ({@code vma_wants_writenotify}).
     */
    default boolean has_page_mkwrite() {
        return true;
    }
}
