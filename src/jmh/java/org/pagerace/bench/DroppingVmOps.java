package org.pagerace.bench;

import org.pagerace.fs.FileSystem;
import org.pagerace.mm.Truncate;
import org.pagerace.mm.VmFault;
import org.pagerace.mm.VmOperations;

/**
 * A filesystem's {@code vm_operations} wrapped so that, once {@link #arm() armed}, the next {@code ->page_mkwrite}
 * call first drops the faulting page from the page cache, as a page-cache flush ({@code invalidate_inode_pages2_range})
 * on another CPU would in the window between the VM reading the pte and the handler running. The filesystem's
 * handler then runs its own code on a page that is gone and answers as it answers a real race: NOPAGE, or 0 so that
 * the VM's own {@code page->mapping} re-check restarts the fault, or SIGBUS where it has no retry path. i_size is not
 * changed, so the restarted fault finds the page within the file and creates it anew.
 *
 * <p>Unarmed, the wrapper only reads a field before delegating; benchmarks use it on every path so that the locked
 * and retry paths run the same code around the handler. Not thread-safe: arm it from the faulting thread.
 */
final class DroppingVmOps implements VmOperations {
    private final FileSystem inner;
    private boolean armed;

    DroppingVmOps(FileSystem inner) {
        this.inner = inner;
    }

    /** The next page_mkwrite call drops its page first. */
    void arm() {
        armed = true;
    }

    @Override
    public int fault(VmFault vmf) {
        return inner.fault(vmf);
    }

    @Override
    public int page_mkwrite(VmFault vmf) {
        if (armed) {
            armed = false;
            Truncate.invalidate_inode_pages2_range(vmf.mapping(), vmf.pgoff, vmf.pgoff);
        }
        return inner.page_mkwrite(vmf);
    }
}
