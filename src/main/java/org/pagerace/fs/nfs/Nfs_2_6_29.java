package org.pagerace.fs.nfs;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.Era;
import org.pagerace.mm.VmFault;

/**
 * The NFS client as Linux 2.6.29 has it, before "NFS: Close page_mkwrite() races": {@code nfs_vm_page_mkwrite}
 * locks the page, and a page whose mapping changed is -EINVAL; a page past EOF ({@code nfs_page_length} 0) is 0;
 * otherwise {@code nfs_flush_incompatible} and {@code nfs_updatepage} create the write request and dirty the page;
 * then {@code out_unlock:} unlocks the page in every case and returns 0 on success, {@code VM_FAULT_SIGBUS} on any
 * error. Between that unlock and the VM's making the pte writable and dirty, writeback can write the request and
 * clean the page: the store then dirties a page NFS holds no request for, and NFS's writeback writes nothing for it
 * ({@code nfs_writepage_locked} finds no request): the write is lost, msync or not.
 *
 * <p>Extends its neighbour after it, {@link Nfs_2_6_30}, whose fix changed only the {@code out_unlock:} label.
 * Deviation: runs under the 2.6.37 caller, whose {@code do_wp_page}, for a 0 return, locks the page and checks its
 * mapping before it re-checks the pte (b827e496c893, 2.6.30); 2.6.29's {@code do_wp_page} re-checked only the pte.
 * The window this bug is about, from the handler's unlock to the VM's dirty pte, is open under both callers.
 */
@Version(fs = "nfs", id = "2.6.29", release = "2.6.29", era = Era.LINUX_2_6_37,
        title = "nfs_vm_page_mkwrite unlocks the page and returns 0 on success: writeback may clean it before the "
                + "dirty pte",
        changes = {"nfs_vm_page_mkwrite"},
        mirrors = "Linux 2.6.29 fs/nfs/file.c nfs_vm_page_mkwrite; fs/nfs/internal.h nfs_page_length; fs/nfs/inode.c "
                + "nfs_setattr; mm/memory.c vmtruncate")
public class Nfs_2_6_29 extends Nfs_2_6_30 {
    /** 2.6.29 {@code nfs_vm_page_mkwrite} (see the class comment). */
    @Override
    protected int nfs_vm_page_mkwrite(VmFault vmf) {
        int ret = lockCheckAndUpdate(vmf);
        folio_unlock(vmf.page); /* out_unlock: */
        return ret != 0 ? VM_FAULT_SIGBUS : 0;
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.known("writeback", "nfs_vm_page_mkwrite unlocks the page after nfs_updatepage and returns 0; writeback "
                + "can then write the request and clean the page before the VM maps it writable and dirty, and the "
                + "store dirties a page NFS holds no request for: lost despite msync (fixed by \"NFS: Close "
                + "page_mkwrite() races\", 2.6.30, which returns VM_FAULT_LOCKED)", "UNNOTIFIED_DIRTY");
        e.known("writeback-in-flight", "as against writeback, the page returned unlocked can be cleaned and "
                + "submitted before the VM's dirty pte; and there is no wait for the page's writeback (2.6.29 "
                + "fs/nfs/file.c)", "UNNOTIFIED_DIRTY", "UNSTABLE_WRITE");
        e.known("odirect-read", "the O_DIRECT read flushes the range first (writeback), which can clean the page "
                + "between nfs_vm_page_mkwrite's unlock and the dirty pte, as in the writeback race", "UNNOTIFIED_DIRTY");
        e.known("odirect-write", "the O_DIRECT write flushes and invalidates the range: the writeback window, and "
                + "a page whose mapping changed is -EINVAL, VM_FAULT_SIGBUS, though still inside i_size (2.6.29 "
                + "fs/nfs/file.c)", "UNNOTIFIED_DIRTY", "SPURIOUS_SIGBUS");
        e.known("partial-page", "nfs_setattr writes all dirty data back before it changes the size (\"Write all "
                + "dirty data\": nfs_wb_all, 2.6.29 fs/nfs/inode.c), which can clean the page between "
                + "nfs_vm_page_mkwrite's unlock and the dirty pte, as in the writeback race; the shrink leaves the page "
                + "inside the file, so the store dirties a page NFS holds no request for", "UNNOTIFIED_DIRTY");
        e.known("invalidate", "the invalidation writes the page back first (filemap_write_and_wait_range), which "
                + "can clean it between nfs_vm_page_mkwrite's unlock and the dirty pte, as in the writeback race; "
                + "and a page whose mapping changed is -EINVAL, VM_FAULT_SIGBUS, though still inside i_size "
                + "(2.6.29 fs/nfs/file.c)", "UNNOTIFIED_DIRTY", "SPURIOUS_SIGBUS");
    }
}
