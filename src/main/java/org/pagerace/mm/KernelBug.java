package org.pagerace.mm;

/** A {@code BUG_ON}/{@code VM_BUG_ON} fired: the kernel would oops. The oracle reports it as an outcome. */
public final class KernelBug extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KernelBug(String what) {
        super("BUG: " + what);
    }
}
