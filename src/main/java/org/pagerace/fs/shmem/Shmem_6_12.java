package org.pagerace.fs.shmem;

import static org.pagerace.fs.shmem.ShmemInodeInfo.SHMEM_I;
import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Falloc;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.InodeInfo;
import org.pagerace.fs.Version;
import org.pagerace.fs.shmem.ShmemInodeInfo.ShmemFalloc;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.KernelBug;
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
 * tmpfs as Linux 6.12 has it ({@code mm/shmem.c}). {@code shmem_vm_ops} has {@code fault} ({@code shmem_fault}) and
 * {@code map_pages}, and no {@code page_mkwrite}; tmpfs's bdi cannot write back, so a shared mapping is not
 * write-notified ({@code vma_wants_writenotify}): a read fault maps the page writable, a store to a mapped page
 * takes no fault, and a write fault on a none pte installs the pte at once ({@code do_shared_fault}). The page cache
 * is tmpfs's only storage: a page removed by truncate or punch takes its data with it, and a page faulted in later
 * is a new, zeroed one. {@code shmem_fault} waits while a hole punch covers its page ({@code shmem_falloc_wait});
 * {@code shmem_get_folio_gfp} (SGP_CACHE) checks i_size before the lookup and again after allocating (SIGBUS
 * beyond EOF). {@code shmem_setattr} writes i_size, unmaps, {@code shmem_truncate_range}s and unmaps again;
 * {@code shmem_fallocate(PUNCH_HOLE)} publishes its {@code shmem_falloc} in {@code i_private}, unmaps and
 * {@code shmem_truncate_range}s, all under {@code i_rwsem}, and no {@code invalidate_lock} anywhere.
 *
 * <p>Deviations: order-0 folios only (no THP, no large-folio split in {@code shmem_undo_range}); no swap (a clean
 * folio reclaim takes keeps its data in the backing, which stands for the swap slot), no userfaultfd, no seals, no
 * quota or {@code shmem_reacct_size}; {@code fault_around}/{@code map_pages} is not modelled (the model has no
 * fault-around); the page's data lives in the model's backing, which {@link #truncate_inode_folio} punches under
 * the folio lock as the folio leaves the page cache (the kernel frees the page itself); a new page's data is what
 * the backing holds there (zero after a punch or truncate), where the kernel clears it ({@code clear_highpage});
 * fallocate's preallocation is not modelled ({@code -EOPNOTSUPP}); {@code shmem_falloc_wait} returns NOPAGE where
 * the kernel, having dropped the mmap lock, returns RETRY (both re-execute the access); the extra
 * {@code alloced} test is approximated by the folio's uptodate flag ({@link #shmem_get_folio_gfp}).
 */
@Version(fs = "shmem", id = "6.12", release = "6.12",
        title = "no page_mkwrite, not write-notified; shmem_fault waits out a punch over its page; the page cache is "
                + "the only storage",
        mirrors = "Linux 6.12 mm/shmem.c shmem_fault, shmem_falloc_wait, shmem_get_folio_gfp, shmem_setattr, "
                + "shmem_fallocate, shmem_truncate_range, shmem_undo_range; mm/truncate.c truncate_inode_folio")
public class Shmem_6_12 extends FileSystem {
    /** shmem_fault has read {@code inode->i_private} (no punch over its page) and not yet looked the folio up. */
    public static final Point SHMEM_FALLOC_CHECKED = Point.declare("SHMEM_FALLOC_CHECKED",
            "shmem_fault: inode->i_private read (no hole punch covering the page), folio not yet looked up");
    /** A fault sleeps on the punch's wait queue ({@code shmem_falloc_waitq}) until the punch wakes it. */
    public static final Point SHMEM_FALLOC_WAIT = Point.declare("SHMEM_FALLOC_WAIT",
            "shmem_falloc_wait: a fault into a hole being punched sleeps until the punch ends");
    /** shmem_get_folio_gfp has checked i_size (SGP_CACHE) and not yet looked the folio up. */
    public static final Point SHMEM_SIZE_CHECKED = Point.declare("SHMEM_SIZE_CHECKED",
            "shmem_get_folio_gfp: i_size checked, folio not yet looked up or allocated");

    private static final int PUNCH = Falloc.FALLOC_FL_PUNCH_HOLE | Falloc.FALLOC_FL_KEEP_SIZE;

    @Override
    protected InodeInfo alloc_inode(int maxPages) {
        return new ShmemInodeInfo(maxPages);
    }

    /**
     * {@code shmem_vm_ops} (no {@code .page_mkwrite}: see {@link #has_page_mkwrite}),
     * {@code shmem_inode_operations.setattr}, {@code shmem_file_operations.fallocate}.
     */
    @Override
    protected final Operations operations() {
        return Operations.GENERIC.fault(this::shmem_fault).setattr(this::shmem_setattr)
                .fallocate(this::shmem_fallocate);
    }

    /** tmpfs keeps no block metadata: a dirty page is its own storage. */
    @Override
    public final boolean needsMetadata() {
        return false;
    }

    // ---- shmem_vm_ops ----

    /** {@code shmem_vm_ops.page_mkwrite} is NULL. */
    @Override
    public final boolean has_page_mkwrite() {
        return false;
    }

    /** Never called: {@code shmem_vm_ops} has no {@code page_mkwrite} ({@link #has_page_mkwrite}). */
    @Override
    public final int page_mkwrite(VmFault vmf) {
        throw new KernelBug("->page_mkwrite called on shmem_vm_ops, which has none");
    }

    // ---- shmem_aops and the bdi ----

    /** {@code shmem_aops.dirty_folio} is {@code noop_dirty_folio}: set PG_dirty, no accounting. */
    @Override
    public final boolean dirty_folio(AddressSpace mapping, Folio folio) {
        return PageWriteback.filemap_dirty_folio(mapping, folio);
    }

    /** tmpfs's bdi ({@code noop_backing_dev_info}) has no {@code BDI_CAP_WRITEBACK}. */
    @Override
    public final boolean bdi_cap_writeback() {
        return false;
    }

    // ---- shmem_inode_operations, shmem_file_operations ----

    @Override
    public final boolean supportsFallocate(int mode) {
        return mode == PUNCH;
    }

    /**
     * {@code shmem_fault}: if a punch is noted in {@code i_private}, {@link #shmem_falloc_wait} (NOPAGE after the
     * wait); then {@link #shmem_get_folio_gfp} with SGP_CACHE; an error is {@code vmf_error}: -ENOMEM is OOM,
     * anything else (-EINVAL beyond EOF) SIGBUS. Return: {@code VM_FAULT_LOCKED} with {@code vmf.page} locked.
     */
    protected int shmem_fault(VmFault vmf) {
        Inode inode = vmf.inode();
        int ret = 0;
        if (SHMEM_I(inode).i_private != null) {
            ret = shmem_falloc_wait(vmf, inode);
            if (ret != 0) {
                return ret;
            }
        }
        Points.at(SHMEM_FALLOC_CHECKED);
        Folio[] folio = new Folio[1];
        int[] fault_type = {ret};
        int err = shmem_get_folio_gfp(inode, vmf.pgoff, folio, fault_type);
        if (err != 0) {
            return vmf_error(err);
        }
        vmf.page = folio[0];
        return fault_type[0] | VM_FAULT_LOCKED;
    }

    /**
     * {@code shmem_falloc_wait}: if the punch in {@code i_private} has a wait queue and covers {@code vmf->pgoff},
     * sleep until it wakes us ({@code wake_up_all} after it clears {@code i_private}) and return NOPAGE: the access
     * is re-executed and faults again. "It does not matter if we sometimes reach this check just before the
     * hole-punch begins": a fault past the check races with the punch under the folio lock alone.
     */
    protected int shmem_falloc_wait(VmFault vmf, Inode inode) {
        ShmemInodeInfo info = SHMEM_I(inode);
        ShmemFalloc shmem_falloc = info.i_private;
        if (shmem_falloc != null && shmem_falloc.waitq() && vmf.pgoff >= shmem_falloc.start()
                && vmf.pgoff < shmem_falloc.next()) {
            Points.waitUntil(SHMEM_FALLOC_WAIT, () -> info.i_private != shmem_falloc,
                    () -> info.i_private != shmem_falloc);
            return VM_FAULT_NOPAGE;
        }
        return 0;
    }

    /**
     * {@code shmem_get_folio_gfp(inode, index, 0, &folio, SGP_CACHE, gfp, vmf, &fault_type)} for an order-0 page
     * without swap or userfaultfd: {@code repeat:} -EINVAL if {@code index} is at or beyond EOF; find the folio
     * and lock it, looking again if it was truncated meanwhile; or allocate and add a new one (-ENOMEM where the
     * allocation fails, {@link Point#INJECT_ALLOC}); a new folio is cleared and marked uptodate, and i_size is
     * checked again ("Perhaps the file has been truncated since we checked"): beyond EOF the new folio is removed
     * and -EINVAL returned. Return: 0 with {@code foliop[0]} locked and referenced, or -errno.
     * Deviation: the kernel's allocate-and-add ({@code shmem_alloc_and_add_folio}, -EEXIST → repeat) is
     * {@code find_or_create_page}, which returns a folio another fault added meanwhile; a folio counts as
     * allocated here when it is not uptodate (every folio already in the page cache is).
     */
    protected int shmem_get_folio_gfp(Inode inode, long index, Folio[] foliop, int[] fault_type) {
        AddressSpace mapping = inode.i_mapping;
        for (;;) { /* repeat: */
            if (sgp_cache_beyond_eof(inode, index)) {
                return -Errno.EINVAL;
            }
            Points.at(SHMEM_SIZE_CHECKED);
            Folio folio = Filemap.filemap_get_folio(mapping, index);
            if (folio != null) {
                folio_lock(folio);
                if (folio.mapping != mapping) { /* Has the folio been truncated or swapped out? */
                    folio_unlock(folio);
                    folio_put(folio);
                    continue;
                }
                if (folio_test_uptodate(folio)) {
                    foliop[0] = folio; /* goto out */
                    return 0;
                }
            } else {
                folio = Filemap.find_or_create_page(mapping, index); /* shmem_alloc_and_add_folio */
                if (folio == null) {
                    return -Errno.ENOMEM;
                }
                if (folio_test_uptodate(folio)) { /* another fault added it: the kernel's -EEXIST, repeat */
                    folio_unlock(folio);
                    folio_put(folio);
                    continue;
                }
                fault_type[0] |= VM_FAULT_MAJOR;
            }
            boolean alloced = !folio_test_uptodate(folio);
            if (!folio_test_uptodate(folio)) { /* clear: clear_highpage, flush_dcache_folio */
                folio_mark_uptodate(folio);
            }
            if (sgp_cache_beyond_eof(inode, index)) { /* Perhaps the file has been truncated since we checked */
                if (alloced) {
                    Filemap.filemap_remove_folio(folio);
                }
                folio_unlock(folio);
                folio_put(folio);
                return -Errno.EINVAL;
            }
            foliop[0] = folio;
            return 0;
        }
    }

    /**
     * The i_size test {@link #shmem_get_folio_gfp} makes before the lookup and again after allocating:
     * {@code sgp <= SGP_CACHE && ((loff_t)index << PAGE_SHIFT) >= i_size_read(inode)}. One method, so that a test
     * can take it out.
     */
    protected boolean sgp_cache_beyond_eof(Inode inode, long index) {
        return (index << PageSize.PAGE_SHIFT) >= Inode.i_size_read(inode);
    }

    /**
     * {@code shmem_setattr(ATTR_SIZE)} under {@code notify_change}'s {@code i_rwsem}: write i_size; when shrinking,
     * unmap from the rounded-up new size, {@code shmem_truncate_range(newsize, -1)}, and unmap again. Growing only
     * writes i_size: nothing zeroes the old EOF page's tail (REALKERNEL.md §2: tmpfs keeps it). Deviation: growing
     * first extends the model's backing, so that pages faulted in inside the new size have room for their data;
     * shrinking truncates it last, which zeroes a partial page's tail as {@code truncate_inode_partial_folio} does.
     */
    protected void shmem_setattr(Inode inode, long newsize) {
        AddressSpace mapping = inode.i_mapping;
        RwSemaphore.down_write(inode.i_rwsem);
        try {
            long oldsize = Inode.i_size_read(inode);
            if (newsize != oldsize) {
                if (newsize > oldsize) {
                    inode.backing().truncate(newsize);
                }
                Inode.i_size_write(inode, newsize);
                Points.at(Point.TRUNCATE_SIZE_WRITTEN);
            }
            if (newsize <= oldsize) {
                long holebegin = PageSize.roundUp(newsize);
                if (oldsize > holebegin) {
                    Memory.unmap_mapping_range(mapping, holebegin, 0, true);
                }
                Points.at(Point.TRUNCATE_UNMAPPED);
                shmem_truncate_range(inode, newsize, -1);
                Points.at(Point.TRUNCATE_REMOVED);
                if (oldsize > holebegin) { /* unmap again to remove racily COWed private pages */
                    Memory.unmap_mapping_range(mapping, holebegin, 0, true);
                }
                freeBlocksFrom(inode, newsize);
            }
        } finally {
            RwSemaphore.up_write(inode.i_rwsem);
        }
    }

    /**
     * {@code shmem_fallocate(FALLOC_FL_PUNCH_HOLE|FALLOC_FL_KEEP_SIZE)} under {@code i_rwsem}: publish the punch's
     * {@code shmem_falloc} (its whole pages, with a wait queue) in {@code i_private}, unmap the whole pages,
     * {@code shmem_truncate_range}, then clear {@code i_private} and wake the faults that waited ("No need to unmap
     * again: hole-punching leaves COWed pages"). Return: 0, or -EOPNOTSUPP for any other mode (preallocation is
     * not modelled).
     */
    protected int shmem_fallocate(Inode inode, int mode, long offset, long len) {
        if (mode != PUNCH) {
            return -Errno.EOPNOTSUPP;
        }
        checkRange(inode, offset, len);
        ShmemInodeInfo info = SHMEM_I(inode);
        RwSemaphore.down_write(inode.i_rwsem);
        try {
            long unmap_start = PageSize.roundUp(offset);
            long unmap_end = ((offset + len) & ~(long) (PageSize.PAGE_SIZE - 1)) - 1;
            info.i_private = new ShmemFalloc(unmap_start >>> PageSize.PAGE_SHIFT,
                    (unmap_end + 1) >>> PageSize.PAGE_SHIFT, true);
            try {
                if (unmap_end > unmap_start) {
                    Memory.unmap_mapping_range(inode.i_mapping, unmap_start, 1 + unmap_end - unmap_start, false);
                }
                Points.at(Point.TRUNCATE_UNMAPPED);
                shmem_truncate_range(inode, offset, offset + len - 1);
                Points.at(Point.TRUNCATE_REMOVED);
            } finally {
                info.i_private = null; /* wake_up_all(&shmem_falloc_waitq) */
            }
        } finally {
            RwSemaphore.up_write(inode.i_rwsem);
        }
        return 0;
    }

    /** {@code shmem_truncate_range}: {@link #shmem_undo_range}{@code (inode, lstart, lend, false)}. */
    protected void shmem_truncate_range(Inode inode, long lstart, long lend) {
        shmem_undo_range(inode, lstart, lend);
    }

    /**
     * {@code shmem_undo_range(inode, lstart, lend, false)} for order-0 folios without swap: pass 1
     * ({@code find_lock_entries}) trylocks each folio of the whole pages and truncates it, skipping busy ones; the
     * partial folios at either end are locked and kept (their tails are zeroed by the backing's truncate); then
     * {@code whole_folios:} locks every folio left and truncates it, re-scanning from a folio found truncated
     * meanwhile ("Page was replaced by swap: retry"); a truncation ({@code lend == -1}) restarts from
     * {@code start} until a scan finds nothing ("But if truncating, restart to make sure all gone"), a hole punch
     * stops after one scan.
     */
    protected void shmem_undo_range(Inode inode, long lstart, long lend) {
        AddressSpace mapping = inode.i_mapping;
        boolean truncating = lend == -1;
        long start = (lstart + PageSize.PAGE_SIZE - 1) >>> PageSize.PAGE_SHIFT;
        long end = truncating ? mapping.maxPages() : Math.min(mapping.maxPages(), (lend + 1) >>> PageSize.PAGE_SHIFT);
        Truncate.delete_from_page_cache_batch(mapping, Filemap.find_lock_entries(mapping, start, end),
                this::truncate_inode_folio);
        if ((lstart & (PageSize.PAGE_SIZE - 1)) != 0) {
            lockPartialFolio(mapping, lstart >>> PageSize.PAGE_SHIFT);
        }
        if (!truncating && ((lend + 1) & (PageSize.PAGE_SIZE - 1)) != 0
                && (lend >>> PageSize.PAGE_SHIFT) != (lstart >>> PageSize.PAGE_SHIFT)) {
            lockPartialFolio(mapping, lend >>> PageSize.PAGE_SHIFT);
        }
        long index = start; /* whole_folios: */
        for (;;) {
            if (!truncating && index >= end) {
                break;
            }
            long found = -1;
            long retry = -1;
            for (long i = index; i < end; i++) {
                Folio folio = Filemap.filemap_get_folio(mapping, i);
                if (folio == null) {
                    continue;
                }
                found = i;
                folio_lock(folio);
                if (folio.mapping != mapping) { /* Page was replaced by swap: retry */
                    folio_unlock(folio);
                    folio_put(folio);
                    retry = i;
                    break;
                }
                truncate_inode_folio(mapping, folio);
                folio_unlock(folio);
                folio_put(folio);
            }
            if (retry >= 0) {
                index = retry;
                continue;
            }
            if (found < 0) {
                if (index == start || !truncating) { /* If all gone or hole-punch or unfalloc, we're done */
                    break;
                }
                index = start; /* But if truncating, restart to make sure all gone */
                continue;
            }
            index = found + 1;
        }
    }

    /** {@code shmem_get_partial_folio} then {@code truncate_inode_partial_folio}: lock it, and keep it. */
    private static void lockPartialFolio(AddressSpace mapping, long index) {
        Folio folio = Filemap.filemap_get_folio(mapping, index);
        if (folio == null) {
            return;
        }
        folio_lock(folio);
        folio_unlock(folio);
        folio_put(folio);
    }

    /**
     * {@code truncate_inode_folio} ({@code mm/truncate.c}): {@code truncate_cleanup_folio} (zap the folio's ptes if
     * it is mapped, cancel dirty), then {@code filemap_remove_folio}; and, for tmpfs, the page's data goes with
     * it: the model's backing is punched here, under the folio lock. Context: folio locked.
     */
    protected void truncate_inode_folio(AddressSpace mapping, Folio folio) {
        if (folio_mapped(folio)) {
            Memory.unmap_mapping_folio(folio);
        }
        folio_cancel_dirty(folio);
        long index = folio.index;
        Filemap.filemap_remove_folio(folio);
        freeBlocks(mapping.host, index << PageSize.PAGE_SHIFT, PageSize.PAGE_SIZE);
    }

    /** {@code vmf_error} ({@code include/linux/mm.h}): -ENOMEM is {@code VM_FAULT_OOM}, anything else SIGBUS. */
    static int vmf_error(int err) {
        return err == -Errno.ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
    }

    @Override
    protected void expectations(Expectations e) {
        e.notApplicable("collapse-range", "shmem_fallocate accepts FALLOC_FL_KEEP_SIZE and FALLOC_FL_PUNCH_HOLE only "
                + "(6.12 mm/shmem.c)");
        e.notApplicable("insert-range", "shmem_fallocate accepts FALLOC_FL_KEEP_SIZE and FALLOC_FL_PUNCH_HOLE only");
        e.notApplicable("zero-range", "shmem_fallocate accepts FALLOC_FL_KEEP_SIZE and FALLOC_FL_PUNCH_HOLE only");
        e.notApplicable("dedupe", "shmem has no ->remap_file_range");
        e.correct("odirect-read", "tmpfs takes O_DIRECT since 6.6 (\"tmpfs: trivial support for direct IO\"): "
                + "noop_direct_IO, so the read is buffered; its flush is a no-op on a bdi that cannot write back");
        e.correct("odirect-write", "noop_direct_IO: the write falls back to buffered I/O and its flush does nothing; "
                + "nothing is dropped that a fault needs");
        e.believedCorrect("shmem_vm_ops has no page_mkwrite and tmpfs cannot write back, so a shared tmpfs mapping is "
                + "not write-notified: a store to a mapped page takes no fault, and one whose pte truncate or punch "
                + "zapped faults through shmem_fault, whose shmem_get_folio_gfp checks i_size before the lookup and "
                + "again after allocating (SIGBUS beyond EOF); the page cache is tmpfs's only storage "
                + "(Linux 6.12 mm/shmem.c)");
        e.correct("punch-hole", "shmem_fallocate publishes its shmem_falloc in i_private before it unmaps, and "
                + "shmem_fault waits (shmem_falloc_wait) while the punch covers its page; a fault past that check "
                + "before the punch began races under the folio lock alone, and a page it brings in after the "
                + "removal is a new, zeroed page that no later step frees (REALKERNEL.md §2: tmpfs × punch 913 "
                + "persisted / 1087 lost, 0 SIGBUS)");
        e.correct("writeback", "tmpfs's bdi has no BDI_CAP_WRITEBACK: filemap_fdatawrite_wbc returns at once, so "
                + "writeback neither cleans nor write-protects (REALKERNEL.md §2: msync on tmpfs takes no fault)");
        e.notApplicable("invalidate", "nothing invalidates a tmpfs page-cache range: O_DIRECT on tmpfs is buffered "
                + "I/O (e88e0d366f9c \"tmpfs: trivial support for direct IO\", 6.6), and tmpfs has no cluster lock "
                + "and no launder_folio");
        e.correct("enomem", "shmem reserves no metadata at fault time; a failed allocation in shmem_get_folio_gfp is "
                + "vmf_error(-ENOMEM), VM_FAULT_OOM, and the fault is retried");
    }
}
