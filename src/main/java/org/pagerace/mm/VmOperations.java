package org.pagerace.mm;

/** {@code struct vm_operations_struct} ({@code include/linux/mm.h}): the fault and page_mkwrite callbacks. */
@SuppressWarnings("checkstyle:MethodName")
public interface VmOperations {
    /** {@code ->fault}: find the page for {@code vmf.pgoff}; usually {@link Filemap#filemap_fault}. */
    int fault(VmFault vmf);

    /**
     * {@code ->page_mkwrite}: the page {@code vmf.page} is about to become writable. Called with the page
     * unlocked; may return it locked ({@code VM_FAULT_LOCKED}), or 0, or {@code VM_FAULT_NOPAGE} / an error.
     */
    int page_mkwrite(VmFault vmf);
}
