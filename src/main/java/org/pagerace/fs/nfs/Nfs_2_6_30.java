package org.pagerace.fs.nfs;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.Era;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * The NFS client from Linux 2.6.30, after "NFS: Close page_mkwrite() races" (Trond Myklebust, 24 April 2009, the
 * follow-up to b827e496c893 "mm: close page_mkwrite races"; posted to linux-mm as f0258852dcb4 of his tree, its
 * mainline hash not confirmed): {@code nfs_vm_page_mkwrite} returns {@code VM_FAULT_LOCKED} with the page still
 * locked whenever {@code ret} is 0, and {@code VM_FAULT_SIGBUS} otherwise. It locks the page, and a page whose
 * mapping changed (truncated or invalidated) is -EINVAL, so SIGBUS; a page past EOF ({@code nfs_page_length} 0)
 * leaves {@code ret} at 0 and so returns LOCKED without a request; otherwise {@code nfs_flush_incompatible} and
 * {@code nfs_updatepage} (the request, the page dirtied) and LOCKED. No wait for writeback (that came later, with
 * stable pages), and no {@code ->fallocate} in {@code nfs_file_operations}.
 *
 * <p>Extends its neighbour after it, {@link Nfs_6_12}: a size change ({@code nfs_setattr}: write back all dirty
 * data, the SETATTR RPC, then {@code vmtruncate}: i_size, unmap, {@code truncate_inode_pages}) has the same order
 * as 6.12's {@code nfs_setattr} and {@code nfs_vmtruncate}, and {@code nfs_page_length} is 6.12's
 * {@code nfs_folio_length} for a page. Runs under the 2.6.37 caller ({@code __do_fault}, {@code do_wp_page} as
 * b827e496c893 left them, the same in 2.6.30). Deviations: as {@link Nfs_6_12}, and no fscache
 * ({@code nfs_fscache_wait_on_page_write}).
 */
@Version(fs = "nfs", id = "2.6.30", release = "2.6.30", era = Era.LINUX_2_6_37,
        title = "NFS: Close page_mkwrite() races",
        changes = {"nfs_vm_page_mkwrite", "nfs42_fallocate"},
        mirrors = "Linux 2.6.30 fs/nfs/file.c nfs_vm_page_mkwrite; fs/nfs/internal.h nfs_page_length; fs/nfs/inode.c "
                + "nfs_setattr, nfs_setattr_update_inode; mm/memory.c vmtruncate")
public class Nfs_2_6_30 extends Nfs_6_12 {
    /** 2.6.30 {@code nfs_vm_page_mkwrite} (see the class comment). */
    @Override
    protected int nfs_vm_page_mkwrite(VmFault vmf) {
        if (lockCheckAndUpdate(vmf) == 0) { /* out_unlock: */
            return VM_FAULT_LOCKED;
        }
        folio_unlock(vmf.page);
        return VM_FAULT_SIGBUS;
    }

    /**
     * The body 2.6.29 and 2.6.30 share, up to their {@code out_unlock:} label: lock the page; if its mapping is
     * still the file's, write-request its bytes inside i_size ({@code nfs_updatepage}). Return: 0 or -errno, the
     * page locked either way.
     */
    protected final int lockCheckAndUpdate(VmFault vmf) {
        Folio page = vmf.page;
        Inode inode = vmf.inode();
        int ret = -Errno.EINVAL;
        folio_lock(page);
        if (page.mapping == inode.i_mapping) {
            Points.at(Point.MKWRITE_CHECKED);
            ret = 0;
            long pagelen = nfs_folio_length(page, inode);
            if (pagelen != 0) {
                ret = nfs_update_folio(page, 0, pagelen); /* nfs_flush_incompatible() == 0, nfs_updatepage() */
            }
        }
        return ret;
    }

    /** No {@code ->fallocate} in 2.6.30's {@code nfs_file_operations}: {@code sys_fallocate} is -EOPNOTSUPP. */
    @Override
    protected int nfs42_fallocate(Inode inode, int mode, long offset, long len) {
        return -Errno.EOPNOTSUPP;
    }

    @Override
    public boolean supportsFallocate(int mode) {
        return false;
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.believedCorrect("nfs_vm_page_mkwrite holds the page lock from the mapping check through nfs_updatepage "
                + "(the write request, the page dirtied) and returns VM_FAULT_LOCKED, so writeback, which needs "
                + "the page lock, cannot clean the page before the VM has made the pte writable and dirty "
                + "(2.6.30 fs/nfs/file.c, \"NFS: Close page_mkwrite() races\")");
        e.known("writeback-in-flight", "2.6.30 nfs_vm_page_mkwrite does not wait for the page's writeback (no "
                + "wait_on_page_writeback before it returns the page LOCKED): a store lands while the WRITE of the "
                + "page is in flight (2.6.30 fs/nfs/file.c)", "UNSTABLE_WRITE");
        String pastEof = "a page found past EOF (nfs_page_length 0) leaves ret at 0 and so is returned "
                + "VM_FAULT_LOCKED with no write request; the VM makes it writable and dirty, a dirty page NFS holds "
                + "no request for, until truncate drops it (2.6.30 fs/nfs/file.c; later kernels return NOPAGE there)";
        String truncated = "a page whose mapping changed is -EINVAL, VM_FAULT_SIGBUS, without a look at i_size: a "
                + "page truncated or invalidated while still inside i_size kills the task (2.6.30 fs/nfs/file.c)";
        e.known("truncate-down", pastEof, "UNBACKED_DIRTY", "UNNOTIFIED_DIRTY");
        e.known("truncate-down-up", pastEof + "; and " + truncated, "UNBACKED_DIRTY", "UNNOTIFIED_DIRTY",
                "SPURIOUS_SIGBUS");
        e.known("invalidate", truncated + "; NFS invalidates its page cache on revalidation "
                + "(invalidate_inode_pages2)", "SPURIOUS_SIGBUS");
        e.known("odirect-write", truncated + "; the O_DIRECT write invalidates the range it wrote "
                + "(invalidate_inode_pages2_range)", "SPURIOUS_SIGBUS");
        e.notApplicable("punch-hole", "nfs_file_operations has no ->fallocate in 2.6.30: hole punching came to the "
                + "NFS client with NFSv4.2 DEALLOCATE (nfs42_fallocate), years later");
    }
}
