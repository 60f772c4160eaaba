package org.pagerace.fs.ubifs;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Version;
import org.pagerace.mm.Era;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * ubifs as Linux 3.7 has it ({@code fs/ubifs/file.c}): {@code ubifs_vm_page_mkwrite} budgets for a new page, locks
 * it, and gives -EINVAL, then {@code VM_FAULT_SIGBUS}, if its mapping changed or {@code page_offset > i_size}
 * ("page got truncated out from underneath us"); otherwise it marks the page private (budgeted) and dirty, unlocks
 * it and returns 0. A budget failure is {@code VM_FAULT_SIGBUS} too. Truncate is the generic order under
 * {@code i_mutex} ({@code ubifs_setattr}, {@code do_truncation}: {@code truncate_setsize}, then the data nodes).
 * ubifs has no {@code ->fallocate}. The caller is the 2.6.37-shaped {@code __do_fault} of 3.7. Deviations: the
 * budget is taken under the page lock, after the checks (3.7 takes it first, unlocked: "budgeting may cause
 * write-back which would cause deadlock"); no mtime update, no {@code ro_error} check.
 */
@Version(fs = "ubifs", id = "3.7", release = "3.7", era = Era.LINUX_2_6_37,
        title = "a dropped page is -EINVAL (SIGBUS); success dirties the page and returns 0 unlocked",
        mirrors = "Linux 3.7 fs/ubifs/file.c ubifs_vm_page_mkwrite, ubifs_setattr")
public class Ubifs_3_7 extends FileSystem {
    /** {@code ubifs_file_vm_ops} ({@code .fault} is {@code filemap_fault}). */
    @Override
    protected final Operations operations() {
        return Operations.GENERIC.page_mkwrite(this::ubifs_vm_page_mkwrite);
    }

    @Override
    public final boolean supportsFallocate(int mode) {
        return false;
    }

    @Override
    public final int fallocate(Inode inode, int mode, long off, long len) {
        return -org.pagerace.sys.Errno.EOPNOTSUPP;
    }

    /** 3.7 {@code ubifs_vm_page_mkwrite} (see the class comment). */
    protected int ubifs_vm_page_mkwrite(VmFault vmf) {
        int ret = budget_and_dirty(vmf);
        if (ret != 0) {
            return ret;
        }
        Points.at(Point.MKWRITE_PREPARED);
        folio_unlock(vmf.page);
        return 0;
    }

    /**
     * The part of {@code ubifs_vm_page_mkwrite} both versions share: the page lock, the truncated-page check
     * (-EINVAL: "page got truncated out from underneath us"), {@code ubifs_budget_space}, the page dirtied
     * ({@code __set_page_dirty_nobuffers}). Return: 0 with the page locked, or {@code VM_FAULT_SIGBUS} with it
     * unlocked.
     */
    static int budget_and_dirty(VmFault vmf) {
        Folio page = vmf.page;
        Inode inode = vmf.inode();
        folio_lock(page);
        if (page.mapping != inode.i_mapping || folio_pos(page) > Inode.i_size_read(inode)) {
            folio_unlock(page);
            return VM_FAULT_SIGBUS;
        }
        Points.at(Point.MKWRITE_CHECKED);
        if (BlockMap.of(inode).reserve(page) < 0) {
            folio_unlock(page);
            return VM_FAULT_SIGBUS;
        }
        PageWriteback.folio_mark_dirty(page);
        return 0;
    }

    @Override
    protected void expectations(Expectations e) {
        e.notApplicable("odirect-read", "ubifs_file_address_operations has no ->direct_IO in 3.7 or 3.8, so "
                + "open(O_DIRECT) fails with -EINVAL (fs/open.c)");
        e.notApplicable("odirect-write", "ubifs_file_address_operations has no ->direct_IO in 3.7 or 3.8, so "
                + "open(O_DIRECT) fails with -EINVAL (fs/open.c)");
        e.notApplicable("collapse-range", "ubifs has no ->fallocate");
        e.notApplicable("insert-range", "ubifs has no ->fallocate");
        e.notApplicable("zero-range", "ubifs has no ->fallocate");
        e.notApplicable("dedupe", "ubifs has no ->remap_file_range");
        e.believedCorrect("ubifs_vm_page_mkwrite checks mapping and i_size under the page lock (3.7 fs/ubifs/file.c)");
        e.notApplicable("punch-hole", "ubifs has no ->fallocate");
        e.known("truncate-down-up", "a page truncated and brought back within i_size fails the mapping check: -EINVAL, "
                + "VM_FAULT_SIGBUS (3.7 ubifs_vm_page_mkwrite; still SIGBUS in 6.12)", "SPURIOUS_SIGBUS");
        e.known("invalidate", "a page the page cache dropped inside i_size fails the mapping check: SIGBUS; and the "
                + "page returned unlocked can be written back and cleaned before the VM's dirty pte (b827e496c893)",
                "SPURIOUS_SIGBUS", "UNNOTIFIED_DIRTY");
        e.known("writeback", "success unlocks the page and returns 0: writeback can clean it before the VM's dirty "
                + "pte (the window b827e496c893 describes; ubifs returned LOCKED from \"fs: Fix remaining filesystems "
                + "to wait for stable page writeback\", 3.8)", "UNNOTIFIED_DIRTY");
        e.known("writeback-in-flight", "ubifs_vm_page_mkwrite (3.7) never waits for writeback: a page whose write is "
                + "in flight is made writable and changes under the I/O (wait_for_stable_page came with \"fs: Fix "
                + "remaining filesystems to wait for stable page writeback\", 3.8); and its 0-unlocked return leaves the b827e496c893 window, in which the writeback cleans the page (dirty from the write(2)) between page_mkwrite and the VM's dirty pte",
                "UNNOTIFIED_DIRTY", "UNSTABLE_WRITE");
        e.known("enomem", "every budgeting failure becomes VM_FAULT_SIGBUS (3.7 ubifs_vm_page_mkwrite)",
                "SPURIOUS_SIGBUS");
    }
}
