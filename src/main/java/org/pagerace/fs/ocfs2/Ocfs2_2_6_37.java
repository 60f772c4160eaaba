package org.pagerace.fs.ocfs2;

import static org.pagerace.fs.ocfs2.Ocfs2InodeInfo.OCFS2_I;
import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.InodeInfo;
import org.pagerace.fs.Version;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Era;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.Memory;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.Truncate;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * ocfs2 as Linux 2.6.37 has it, on one node. {@code ocfs2_page_mkwrite} ({@code fs/ocfs2/mmap.c}) holds
 * {@code ip_alloc_sem} for write around {@code __ocfs2_page_mkwrite}, which answers a page past
 * {@code i_size >> PAGE_CACHE_SHIFT} with -EINVAL, a page that is not uptodate or whose mapping changed with 0
 * ("let VFS retry"), and otherwise calls {@code ocfs2_write_begin_nolock}: {@code ocfs2_grab_pages_for_write}
 * ({@code fs/ocfs2/aops.c}) locks the passed page and answers a changed mapping with -EINVAL ("the locking in
 * ocfs2_pagemkwrite() should ensure that this code doesn't trigger"); the clusters are allocated, and
 * {@code ocfs2_write_end_nolock} commits the buffers, dirties and unlocks the page. Any error becomes
 * {@code VM_FAULT_SIGBUS}; success returns 0 with the page unlocked.
 *
 * <p>{@code ocfs2_truncate_file} ({@code fs/ocfs2/file.c}) takes {@code ip_alloc_sem} for write, unmaps and drops
 * the pages beyond the new size ({@code unmap_mapping_range}, {@code truncate_inode_pages}), and only then writes
 * i_size ({@code ocfs2_orphan_for_truncate}) and frees the clusters ({@code ocfs2_commit_truncate}): the window
 * between is {@link #OCFS2_PAGES_DROPPED}. A local truncate therefore cannot land inside the handler; an
 * invalidation ({@code invalidate_inode_pages2_range} after O_DIRECT, or a downconvert), which takes no
 * {@code ip_alloc_sem}, can, and then the late -EINVAL is a SIGBUS for a page within i_size. There is no hole
 * punch: {@code FALLOC_FL_PUNCH_HOLE} came in 2.6.38 (ocfs2 had only its {@code OCFS2_IOC_UNRESVSP} ioctl).
 *
 * <p>Deviations: no cluster locks (see {@link Ocfs2InodeInfo}), journal, orphan dir, inline data, refcount trees
 * or clusters larger than a page; the allocation of {@code ocfs2_write_begin_nolock} is the block map's
 * reservation ({@link BlockMap#reserve}); a size increase ({@code ocfs2_extend_file}, not read for this model)
 * writes i_size under i_mutex alone; {@code notify_change}'s {@code i_alloc_sem}, which ocfs2's handler does not
 * take, is left out.
 */
@Version(fs = "ocfs2", id = "2.6.37", release = "2.6.37", era = Era.LINUX_2_6_37,
        title = "ip_alloc_sem against a local truncate; past EOF -EINVAL, changed mapping 0 (retry), late mapping "
                + "check -EINVAL (SIGBUS); success 0 unlocked",
        mirrors = "Linux 2.6.37 fs/ocfs2/mmap.c ocfs2_fault, ocfs2_page_mkwrite, __ocfs2_page_mkwrite; fs/ocfs2/aops.c "
                + "ocfs2_write_begin_nolock, ocfs2_grab_pages_for_write, ocfs2_write_end_nolock; fs/ocfs2/file.c "
                + "ocfs2_setattr, ocfs2_truncate_file, ocfs2_fallocate; fs/ocfs2/aops.c ocfs2_readpage")
public class Ocfs2_2_6_37 extends FileSystem {
    /** {@code ocfs2_truncate_file} has dropped the pages beyond the new size and not yet written i_size. */
    public static final Point OCFS2_PAGES_DROPPED = Point.declare("OCFS2_PAGES_DROPPED",
            "ocfs2_truncate_file has dropped the pages beyond the new size, under ip_alloc_sem, and not yet written "
                    + "i_size");

    @Override
    protected InodeInfo alloc_inode(int maxPages) {
        return new Ocfs2InodeInfo(maxPages);
    }

    /** {@code ocfs2_file_vm_ops}, {@code ocfs2_file_iops.setattr}, {@code ocfs2_fops.fallocate}. */
    @Override
    protected final Operations operations() {
        return Operations.GENERIC.fault(this::ocfs2_fault).page_mkwrite(this::ocfs2_page_mkwrite)
                .setattr(this::ocfs2_setattr).fallocate(this::ocfs2_fallocate);
    }

    @Override
    public boolean supportsFallocate(int mode) {
        return false;
    }

    /** 2.6.37 {@code ocfs2_fault}: {@code filemap_fault} with signals blocked. */
    protected int ocfs2_fault(VmFault vmf) {
        return Filemap.filemap_fault(vmf);
    }

    @Override
    public final int read_folio(Folio page) {
        return ocfs2_readpage(page);
    }

    /**
     * 2.6.37 {@code ocfs2_readpage} ({@code fs/ocfs2/aops.c}): {@code down_read_trylock(&oi->ip_alloc_sem)}; while a
     * truncate holds it the page is unlocked and {@code AOP_TRUNCATED_PAGE} returned, so that {@code filemap_fault}
     * looks the page up again. A page at or past i_size is zeroed and marked uptodate ("Callers ... are clever
     * enough to check i_size and notice that the page they just read isn't needed"): the fault's i_size recheck
     * gives SIGBUS and leaves that zeroed page in the cache. Deviation: the kernel's fault spins on the trylock
     * through its retry; here the retry first waits for the semaphore (the same outcomes, no busy loop). The
     * zeroing is implicit: the page's data lives in the backing, which the truncate has cut.
     */
    protected int ocfs2_readpage(Folio page) {
        RwSemaphore ip_alloc_sem = OCFS2_I(page.mapping.host).ip_alloc_sem;
        if (!RwSemaphore.down_read_trylock(ip_alloc_sem)) {
            folio_unlock(page);
            RwSemaphore.down_read(ip_alloc_sem); /* deviation: wait rather than spin */
            RwSemaphore.up_read(ip_alloc_sem);
            return Filemap.AOP_TRUNCATED_PAGE;
        }
        try {
            folio_mark_uptodate(page);
            return 0;
        } finally {
            RwSemaphore.up_read(ip_alloc_sem);
        }
    }

    /** 2.6.37 {@code ocfs2_page_mkwrite}: {@code __ocfs2_page_mkwrite} under {@code ip_alloc_sem}; any error SIGBUS. */
    protected int ocfs2_page_mkwrite(VmFault vmf) {
        Inode inode = vmf.inode();
        int ret;
        RwSemaphore.down_write(OCFS2_I(inode).ip_alloc_sem);
        try {
            ret = __ocfs2_page_mkwrite(inode, vmf.page);
        } finally {
            RwSemaphore.up_write(OCFS2_I(inode).ip_alloc_sem);
        }
        return ret != 0 ? VM_FAULT_SIGBUS : 0;
    }

    /** 2.6.37 {@code __ocfs2_page_mkwrite}. Return: 0 or -errno. */
    protected int __ocfs2_page_mkwrite(Inode inode, Folio page) {
        AddressSpace mapping = inode.i_mapping;
        long size = Inode.i_size_read(inode);
        long last_index = size >> PageSize.PAGE_SHIFT;
        if (page.index > last_index) {
            return -Errno.EINVAL; /* "Another node might have truncated while we were waiting on cluster locks" */
        }
        if (!folio_test_uptodate(page) || page.mapping != mapping) {
            return 0; /* "the page has been umapped in ocfs2_data_downconvert_worker. So return 0 here and let VFS retry" */
        }
        Points.at(Point.MKWRITE_CHECKED);
        int ret = ocfs2_write_begin_nolock(mapping, page);
        if (ret != 0) {
            return ret;
        }
        ocfs2_write_end_nolock(page);
        return 0;
    }

    /**
     * {@code ocfs2_write_begin_nolock} for the page of a write fault: {@code ocfs2_grab_pages_for_write} locks it,
     * then its cluster is allocated. Return: 0 with the page locked, or -errno with it unlocked.
     */
    protected int ocfs2_write_begin_nolock(AddressSpace mapping, Folio mmap_page) {
        int ret = ocfs2_grab_pages_for_write(mapping, mmap_page);
        if (ret != 0) {
            return ret;
        }
        ret = BlockMap.of(mapping.host).reserve(mmap_page);
        if (ret != 0) {
            folio_unlock(mmap_page);
            return ret;
        }
        Points.at(Point.MKWRITE_PREPARED);
        return 0;
    }

    /** 2.6.37 {@code ocfs2_grab_pages_for_write}, the mmap page: lock it; a changed mapping is -EINVAL. */
    protected int ocfs2_grab_pages_for_write(AddressSpace mapping, Folio mmap_page) {
        folio_lock(mmap_page);
        if (mmap_page.mapping != mapping) {
            folio_unlock(mmap_page);
            return -Errno.EINVAL; /* "Sanity check - the locking in ocfs2_pagemkwrite() should ensure ..." */
        }
        return 0;
    }

    /** 2.6.37 {@code ocfs2_write_end_nolock}: {@code block_commit_write} dirties the page, which is then unlocked. */
    protected void ocfs2_write_end_nolock(Folio page) {
        PageWriteback.folio_mark_dirty(page);
        folio_unlock(page);
    }

    /** {@code ocfs2_setattr(ATTR_SIZE)} under i_mutex: a shrink is {@link #ocfs2_truncate_file}. */
    protected void ocfs2_setattr(Inode inode, long size) {
        RwSemaphore.down_write(inode.i_rwsem);
        try {
            if (size < Inode.i_size_read(inode)) {
                ocfs2_truncate_file(inode, size);
            } else {
                inode.backing().truncate(size); /* ocfs2_extend_file */
                Inode.i_size_write(inode, size);
            }
        } finally {
            RwSemaphore.up_write(inode.i_rwsem);
        }
    }

    /**
     * 2.6.37 {@code ocfs2_truncate_file}: under {@code ip_alloc_sem}, unmap and drop the pages beyond the new size,
     * then write i_size ({@code ocfs2_orphan_for_truncate}) and free the clusters ({@code ocfs2_commit_truncate}).
     */
    protected void ocfs2_truncate_file(Inode inode, long new_i_size) {
        AddressSpace mapping = inode.i_mapping;
        RwSemaphore.down_write(OCFS2_I(inode).ip_alloc_sem);
        try {
            Memory.unmap_mapping_range(mapping, new_i_size + PageSize.PAGE_SIZE - 1, 0, true);
            Points.at(Point.TRUNCATE_UNMAPPED);
            Truncate.truncate_inode_pages_range(mapping, new_i_size, -1); /* truncate_inode_pages */
            Points.at(OCFS2_PAGES_DROPPED);
            Inode.i_size_write(inode, new_i_size); /* ocfs2_orphan_for_truncate */
            Points.at(Point.TRUNCATE_SIZE_WRITTEN);
            freeBlocksFrom(inode, new_i_size); /* ocfs2_commit_truncate */
        } finally {
            RwSemaphore.up_write(OCFS2_I(inode).ip_alloc_sem);
        }
    }

    /** 2.6.37 {@code ocfs2_fallocate}: preallocation ({@code OCFS2_IOC_RESVSP}) only; no punch mode yet. */
    protected int ocfs2_fallocate(Inode inode, int mode, long off, long len) {
        return -Errno.EOPNOTSUPP;
    }

    @Override
    protected void expectations(Expectations e) {
        e.notApplicable("collapse-range", "ocfs2_fallocate has no FALLOC_FL_COLLAPSE_RANGE in any release");
        e.notApplicable("insert-range", "ocfs2_fallocate has no FALLOC_FL_INSERT_RANGE in any release");
        e.notApplicable("zero-range", "ocfs2_fallocate has no FALLOC_FL_ZERO_RANGE in any release");
        e.notApplicable("dedupe", "FIDEDUPERANGE reaches ocfs2 with ->remap_file_range in 4.19; 2.6.37 and 3.3 have "
                + "only the OCFS2_IOC_REFLINK snapshot ioctl, no dedupe");
        e.known("odirect-read", "ocfs2_file_aio_read's O_DIRECT read goes through generic_file_aio_read, which "
                + "writes the range back with filemap_write_and_wait_range: the writeback window between "
                + "ocfs2_write_end_nolock and the VM's dirty pte (5cffff9e2986 returns LOCKED)", "UNNOTIFIED_DIRTY");
        e.known("odirect-write", "generic_file_direct_write writes back and invalidates the range "
                + "(invalidate_inode_pages2_range, with no ip_alloc_sem): the invalidate partner's SIGBUS and the "
                + "writeback window (both fixed by 5cffff9e2986)", "UNNOTIFIED_DIRTY", "SPURIOUS_SIGBUS");
        e.believedCorrect("ip_alloc_sem, held for write by ocfs2_page_mkwrite and by ocfs2_truncate_file across the "
                + "page drop and the size change, keeps a local truncate out of the handler (2.6.37 fs/ocfs2/mmap.c, "
                + "fs/ocfs2/file.c)");
        e.notApplicable("punch-hole", "FALLOC_FL_PUNCH_HOLE came in 2.6.38 (79124f18b335); 2.6.37 ocfs2_fallocate "
                + "only preallocates");
        e.known("truncate-down", "ocfs2_truncate_file unmaps and drops the pages before it writes i_size: a write "
                + "fault on the unmapped page passes filemap_fault's i_size check in that window, finds the page gone "
                + "and reads a new one in once the truncate is done (ocfs2_readpage waits on ip_alloc_sem, then "
                + "zero-fills a page past i_size); filemap_fault's recheck gives SIGBUS but leaves that page in the "
                + "cache beyond EOF (2.6.37 fs/ocfs2/file.c, fs/ocfs2/aops.c, mm/filemap.c); its content is zeros",
                "PAGE_BEYOND_EOF");
        e.known("invalidate", "invalidate_inode_pages2_range takes no ip_alloc_sem: a page dropped after the cursory "
                + "check fails the late mapping check in ocfs2_grab_pages_for_write, -EINVAL, SIGBUS within i_size "
                + "(Joel Becker in the 2010 thread: \"clearly wrong\"; 5cffff9e2986 made it NOPAGE); and the page "
                + "returned unlocked and dirty can be cleaned before the VM's dirty pte (b827e496c893)",
                "SPURIOUS_SIGBUS", "UNNOTIFIED_DIRTY");
        e.known("writeback", "ocfs2_write_end_nolock dirties and unlocks the page and the handler returns 0: "
                + "writeback can clean it before the VM's dirty pte (b827e496c893 \"mm: close page_mkwrite races\")",
                "UNNOTIFIED_DIRTY");
        e.known("writeback-in-flight", "2.6.37 ocfs2_page_mkwrite never waits for writeback: a page whose write is in flight is made writable and changes under the I/O: no handler waited for writeback before the stable-page series of 2011 (3.0); and its 0-unlocked return leaves the b827e496c893 window, in which the writeback cleans the page (dirty from the write(2)) between page_mkwrite and the VM's dirty pte", "UNNOTIFIED_DIRTY", "UNSTABLE_WRITE");
        e.known("enomem", "every error of ocfs2_write_begin_nolock, -ENOMEM included, becomes VM_FAULT_SIGBUS "
                + "(2.6.37 ocfs2_page_mkwrite)", "SPURIOUS_SIGBUS");
    }
}
