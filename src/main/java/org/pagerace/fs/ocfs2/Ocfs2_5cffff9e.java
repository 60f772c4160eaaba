package org.pagerace.fs.ocfs2;

import static org.pagerace.fs.ocfs2.Ocfs2InodeInfo.OCFS2_I;
import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * ocfs2 after 5cffff9e2986 "ocfs2: Fix ocfs2_page_mkwrite()" (Wengang Wang): {@code __ocfs2_page_mkwrite} returns
 * a {@code VM_FAULT_*} code itself. A page whose mapping changed, that is not uptodate, or that starts at or beyond
 * i_size ({@code page_offset(page) >= size}) is {@code VM_FAULT_NOPAGE} ("Let VM retry with these cases"); the late
 * mapping check in {@code ocfs2_grab_pages_for_write} returns -EAGAIN ("Exit and let the caller retry"), which
 * {@code ocfs2_write_begin_nolock} turns into success with no locked page, and the handler into NOPAGE; -ENOMEM is
 * {@code VM_FAULT_OOM}, any other error SIGBUS; success keeps the page locked through {@code write_end} and returns
 * {@code VM_FAULT_LOCKED}. {@code ip_alloc_sem} and the truncate side are unchanged.
 *
 * <p>The hash is confirmed by the {@code Fixes:} tag of a 2021 patch to {@code ocfs2_write_begin_nolock}; the
 * release (3.3) is inferred from the ocfs2 changes listed beside it in a vendor changelog, not read from the
 * kernel's history. The shape mirrored is that of {@code fs/ocfs2/mmap.c} and {@code fs/ocfs2/aops.c} after the
 * commit as later releases carry it ({@code w_target_locked}). The caller stays the 2.6.37 shape (the modern fault
 * path came in 3.x/4.x), as for {@code ext4@9ea7df53}. Hole punch: not modelled here (see
 * {@link #expectations(Expectations)}).
 */
@Version(fs = "ocfs2", id = "5cffff9e", release = "3.3", commit = "5cffff9e2986", era = org.pagerace.mm.Era.LINUX_2_6_37,
        title = "ocfs2: Fix ocfs2_page_mkwrite()",
        changes = {"__ocfs2_page_mkwrite", "ocfs2_page_mkwrite", "ocfs2_grab_pages_for_write",
            "ocfs2_write_begin_nolock", "ocfs2_write_end_nolock"},
        mirrors = "fs/ocfs2/mmap.c __ocfs2_page_mkwrite, ocfs2_page_mkwrite; fs/ocfs2/aops.c "
                + "ocfs2_grab_pages_for_write, ocfs2_write_begin_nolock, ocfs2_write_end_nolock, after 5cffff9e2986")
public class Ocfs2_5cffff9e extends Ocfs2_2_6_37 {
    /** {@code ocfs2_page_mkwrite}: the VM_FAULT code of {@code __ocfs2_page_mkwrite}, under {@code ip_alloc_sem}. */
    @Override
    protected int ocfs2_page_mkwrite(VmFault vmf) {
        Inode inode = vmf.inode();
        RwSemaphore.down_write(OCFS2_I(inode).ip_alloc_sem);
        try {
            return __ocfs2_page_mkwrite(inode, vmf.page);
        } finally {
            RwSemaphore.up_write(OCFS2_I(inode).ip_alloc_sem);
        }
    }

    /** After 5cffff9e2986. Return: a {@code VM_FAULT_*} code; LOCKED with the page locked. */
    @Override
    protected int __ocfs2_page_mkwrite(Inode inode, Folio page) {
        AddressSpace mapping = inode.i_mapping;
        long size = Inode.i_size_read(inode);
        if (page.mapping != mapping || !folio_test_uptodate(page) || folio_pos(page) >= size) {
            return VM_FAULT_NOPAGE; /* "Let VM retry with these cases" */
        }
        Points.at(Point.MKWRITE_CHECKED);
        int err = ocfs2_write_begin_nolock(mapping, page);
        if (err < 0) {
            return err == -Errno.ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
        }
        if (err == NO_LOCKED_PAGE) {
            return VM_FAULT_NOPAGE; /* "if (!locked_page)": ocfs2_grab_pages_for_write said -EAGAIN */
        }
        ocfs2_write_end_nolock(page);
        return VM_FAULT_LOCKED;
    }

    /**
     * {@code ocfs2_write_begin_nolock}'s success with {@code *pagep == NULL} (no page locked): returned instead of 0
     * where the kernel returns 0 and leaves {@code locked_page} NULL.
     */
    static final int NO_LOCKED_PAGE = 1;

    /**
     * {@code ocfs2_write_begin_nolock}: -EAGAIN from grabbing the page becomes success with no target page
     * ({@link #NO_LOCKED_PAGE}). Return: 0 with the page locked, {@link #NO_LOCKED_PAGE}, or -errno.
     */
    @Override
    protected int ocfs2_write_begin_nolock(AddressSpace mapping, Folio mmap_page) {
        int ret = super.ocfs2_write_begin_nolock(mapping, mmap_page);
        return ret == -Errno.EAGAIN ? NO_LOCKED_PAGE : ret;
    }

    /** After 5cffff9e2986: a changed mapping is -EAGAIN ("Exit and let the caller retry"). */
    @Override
    protected int ocfs2_grab_pages_for_write(AddressSpace mapping, Folio mmap_page) {
        folio_lock(mmap_page);
        if (mmap_page.mapping != mapping) {
            folio_unlock(mmap_page);
            return -Errno.EAGAIN;
        }
        return 0;
    }

    /** {@code ocfs2_write_end_nolock}: dirties the target page and leaves it locked for the VM. */
    @Override
    protected void ocfs2_write_end_nolock(Folio page) {
        PageWriteback.folio_mark_dirty(page);
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.correct("odirect-read", "the page stays locked from the handler's dirtying to the VM's dirty pte, so the "
                + "O_DIRECT read's flush cannot clean it in between (5cffff9e2986)");
        e.correct("odirect-write", "an invalidated page fails the late mapping check with -EAGAIN and the handler "
                + "returns NOPAGE; the flush waits for the locked page (5cffff9e2986)");
        e.correct("invalidate", "a page invalidated after the checks fails the late mapping check with -EAGAIN, and "
                + "the handler returns NOPAGE; one it prepared stays locked to the dirty pte (5cffff9e2986)");
        e.correct("writeback", "the page is returned LOCKED, so writeback cannot clean it before the dirty pte "
                + "(5cffff9e2986)");
        e.correct("enomem", "-ENOMEM is VM_FAULT_OOM (5cffff9e2986)");
        e.known("writeback-in-flight", "the page is returned LOCKED but ocfs2_page_mkwrite does not wait for its "
                + "writeback: a page whose write is in flight changes under the I/O (ocfs2 is among the filesystems "
                + "\"fs: Fix remaining filesystems to wait for stable page writeback\" fixed, 3.8)", "UNSTABLE_WRITE");
        e.notApplicable("punch-hole", "not modelled: ocfs2 has FALLOC_FL_PUNCH_HOLE from 2.6.38 "
                + "(ocfs2_remove_inode_range, which frees the clusters before ocfs2_truncate_cluster_pages drops the "
                + "pages; whether ip_alloc_sem covers it was not read), and this model leaves it out");
    }
}
