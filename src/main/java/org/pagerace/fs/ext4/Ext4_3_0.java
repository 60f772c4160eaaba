package org.pagerace.fs.ext4;

import static org.pagerace.fs.ext4.Ext4InodeInfo.EXT4_I;
import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Era;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * ext4 from Linux 3.0, with Darrick J. Wong's "ext4: Wait for writeback to complete while making pages writable"
 * (patch 5/7 of the stable-page series, posted to linux-ext4 and linux-mm on 9 May 2011, "Added to the ext4 tree"
 * by Ted Ts'o on 18 May 2011, the eve of the 3.0 merge window; its hash was not found, so it is unconfirmed).
 * {@code ext4_page_mkwrite} now locks the page and waits for its writeback before the mapped-to-disk and
 * all-buffers-mapped checks and returns {@code VM_FAULT_LOCKED} from them; after {@code write_begin}/{@code write_end}
 * it locks the page again, waits for writeback ("someone could wander in and start the IO") and returns LOCKED.
 * So a page under writeback I/O is not made writable until the I/O has completed (stable pages), and the page stays
 * locked from the handler's return to the VM's dirty pte. Unchanged from 2.6.37: {@code i_alloc_sem}, the -EINVAL
 * (SIGBUS) answer to a dropped page or one beyond EOF, and no recheck of {@code page->mapping} after the second
 * {@code lock_page} (3.1's 9ea7df534ed2 rewrote the handler on {@code __block_page_mkwrite}, which rechecks).
 * Deviations: as 2.6.37.
 */
@Version(fs = "ext4", id = "3.0", release = "3.0", era = Era.LINUX_2_6_37,
        title = "ext4: Wait for writeback to complete while making pages writable", hashConfirmed = false,
        changes = {"ext4_page_mkwrite"},
        mirrors = "Linux 3.0 fs/ext4/inode.c ext4_page_mkwrite (the 2.6.39 handler with the May 2011 stable-page "
                + "patch applied)")
public class Ext4_3_0 extends Ext4_2_6_37 {
    /** {@code ext4_page_mkwrite} with the stable-page waits (see the class comment). */
    @Override
    protected int ext4_page_mkwrite(VmFault vmf) {
        Folio page = vmf.page;
        Inode inode = vmf.inode();
        AddressSpace mapping = inode.i_mapping;
        RwSemaphore.down_read(EXT4_I(inode).i_alloc_sem);
        try {
            long size = Inode.i_size_read(inode);
            if (page.mapping != mapping || size <= folio_pos(page) || !folio_test_uptodate(page)) {
                return VM_FAULT_SIGBUS; /* -EINVAL: "page got truncated from under us?" */
            }
            Points.at(Point.MKWRITE_CHECKED);
            folio_lock(page);
            folio_wait_writeback(page);
            if (folio_has_private(page) && BlockMap.of(inode).state(page.index) == BlockMap.ALLOCATED) {
                BlockMap.prepared(page); /* PageMappedToDisk, or every buffer mapped */
                return VM_FAULT_LOCKED;
            }
            folio_unlock(page);
            int len = page.index == size >>> PageSize.PAGE_SHIFT ? (int) (size & (PageSize.PAGE_SIZE - 1))
                    : PageSize.PAGE_SIZE;
            if (write_begin_end(mapping, page.index, len) != 0) {
                return VM_FAULT_SIGBUS;
            }
            folio_lock(page);
            folio_wait_writeback(page);
            BlockMap.prepared(page); /* returned LOCKED: the page stays locked until the VM has dirtied it */
            return VM_FAULT_LOCKED;
        } finally {
            RwSemaphore.up_read(EXT4_I(inode).i_alloc_sem);
        }
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.known("invalidate", "a page the page cache dropped inside i_size still fails the mapping check: -EINVAL, "
                + "SIGBUS (unchanged until 9ea7df534ed2); the window in which invalidation's writeback cleaned the "
                + "page between write_end and the VM's dirty pte is closed: the handler locks the page again and "
                + "returns LOCKED (the stable-page patch, 2011); and write_begin hands back the page it finds or "
                + "creates (&page), so for an invalidated page the handler locks and returns a new one while the VM "
                + "maps the old: the store lands in a page no longer in the cache (9ea7df534ed2 fixed that too)",
                "SPURIOUS_SIGBUS", "STALE_WRITE");
        e.correct("writeback", "the handler locks the page after write_end, waits for its writeback and returns "
                + "VM_FAULT_LOCKED, so writeback cannot clean it before the VM's dirty pte (the stable-page patch, "
                + "2011)");
        e.correct("odirect-read", "the O_DIRECT read's flush is filemap_write_and_wait_range, and the handler now "
                + "returns the page LOCKED until the VM has dirtied the pte (the stable-page patch, 2011)");
        e.known("odirect-write", "generic_file_direct_write writes the range back and invalidates it after the "
                + "handler's mapping check, which runs before lock_page: a page dropped in between is returned "
                + "VM_FAULT_LOCKED by the mapped-to-disk path and the store lands in a page no longer in the cache; one "
                + "dropped before the check is -EINVAL, SIGBUS (9ea7df534ed2 rechecks under the page lock)",
                "STALE_WRITE", "SPURIOUS_SIGBUS");
        e.correct("writeback-in-flight", "ext4_page_mkwrite waits for the page's writeback (wait_on_page_writeback "
                + "under the page lock) before it returns it writable: a store never lands while the write is in "
                + "flight (\"ext4: Wait for writeback to complete while making pages writable\", 2011)");
    }
}
