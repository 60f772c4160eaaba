package org.pagerace.fs.hugetlbfs;

import static org.pagerace.fs.hugetlbfs.HugetlbfsInodeInfo.HUGETLBFS_I;
import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.SpinLock.*;
import static org.pagerace.mm.VmFaultReason.*;

import java.util.ArrayList;
import java.util.List;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.Falloc;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.InodeInfo;
import org.pagerace.fs.Version;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.KernelBug;
import org.pagerace.mm.Memory;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.Pte;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.VmAreaStruct;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * hugetlbfs as Linux 4.4 has it ({@code fs/hugetlbfs/inode.c}, {@code mm/hugetlb.c}), the state before
 * 4aae8d1c051e "mm/hugetlbfs: unmap pages if page fault raced with hole punch". {@code hugetlb_vm_ops} has no
 * {@code page_mkwrite}, and its {@code fault} is a {@code BUG()} stub: {@code handle_mm_fault} hands a fault on a
 * huge-page VMA to {@code hugetlb_fault}, which takes the hugetlb fault mutex of the page and, for a none pte, runs
 * {@code hugetlb_no_page}: find the page in the page cache and lock it, or (inside i_size) allocate, clear and add a
 * new one; then under the pte lock re-check i_size and install a writable, dirty pte (a shared writable mapping is
 * never write-notified: its bdi, {@code noop_backing_dev_info}, cannot write back). A hole punch
 * ({@code hugetlbfs_punch_hole}, under {@code i_mutex}) unmaps the range ({@code hugetlb_vmdelete_list} under
 * {@code i_mmap_lock_write}), then {@code remove_inode_hugepages} takes each page's fault mutex and page lock and
 * removes it, unless the page is mapped: "If page is mapped, it was faulted in after being unmapped. It indicates a
 * race between hole punch and page fault. Do nothing in this case." That page stays inside the hole (H29).
 * {@code hugetlbfs_setattr} accepts only sizes that are multiples of the huge page size.
 *
 * <p>Deviations: a huge page is one page of the emulation (4 KiB here, 2 MiB or 1 GiB in the kernel), so
 * {@code huge_page_shift} is {@code PAGE_SHIFT} and {@code pages_per_huge_page} is 1. The fault path is this
 * filesystem's {@code ->fault} ({@link #hugetlb_fault}): it installs the pte itself
 * ({@link Memory#set_huge_pte_at}) and returns {@code VM_FAULT_NOPAGE}, where the kernel's {@code hugetlb_fault}
 * returns 0; both re-execute the access, which then finds the pte. A read fault installs the pte writable and, as
 * {@code make_huge_pte} does, dirty. No reservations or subpools ({@code hugetlb_reserve_pages},
 * {@code hugetlb_unreserve_pages}, {@code PagePrivate}), no private (COW) mappings, userfaultfd, hwpoison, migration
 * or pmd sharing; an allocation that fails ({@link Point#INJECT_ALLOC}) is -ENOMEM, {@code VM_FAULT_OOM}.
 * {@code alloc_huge_page} and {@code huge_add_to_page_cache} are {@code find_or_create_page} (a folio found there
 * and uptodate was added by someone else: the kernel's -EEXIST, retry). A page's data lives in the model's backing,
 * which is punched as the page leaves the page cache ({@link #remove_huge_page}: the huge page is freed) and reads
 * zeros for a new page ({@code clear_huge_page}). {@code i_mmap_lock_write} around {@code hugetlb_vmdelete_list}
 * is the emulation's zap taking {@code i_mmap_rwsem} shared ({@link Memory#unmap_mapping_range}): nothing else
 * here takes it. {@code pagevec_lookup} walks the indexes one by one. Preallocation ({@code fallocate} mode 0) is
 * not modelled (-EOPNOTSUPP).
 */
@Version(fs = "hugetlbfs", id = "4.4", release = "4.4",
        title = "no page_mkwrite: hugetlb_fault maps the page itself under the hugetlb fault mutex; a hole punch "
                + "unmaps, then remove_inode_hugepages leaves a page it finds mapped",
        mirrors = "Linux 4.4 fs/hugetlbfs/inode.c hugetlbfs_fallocate, hugetlbfs_punch_hole, remove_inode_hugepages, "
                + "remove_huge_page, hugetlb_vmdelete_list, hugetlbfs_setattr, hugetlb_vmtruncate, "
                + "hugetlbfs_set_page_dirty; mm/hugetlb.c hugetlb_fault, hugetlb_no_page, huge_add_to_page_cache")
public class Hugetlbfs_4_4 extends FileSystem {
    /** hugetlb_no_page holds the fault mutex and the locked page, found or added; the pte not yet installed. */
    public static final Point HUGETLB_PAGE_LOCKED = Point.declare("HUGETLB_PAGE_LOCKED",
            "hugetlb_no_page: the page is found or added to the page cache and locked, under the hugetlb fault "
                    + "mutex; i_size not yet re-checked, the pte not yet installed");
    /** remove_inode_hugepages holds a page's fault mutex and has neither locked nor checked the page yet. */
    public static final Point HUGETLBFS_REMOVE_MUTEX_HELD = Point.declare("HUGETLBFS_REMOVE_MUTEX_HELD",
            "remove_inode_hugepages: the page's hugetlb fault mutex is held; the page not yet locked, checked for "
                    + "a mapping or removed");

    private static final int PUNCH = Falloc.FALLOC_FL_PUNCH_HOLE | Falloc.FALLOC_FL_KEEP_SIZE;
    /** {@code LLONG_MAX}: the end of range that tells {@link #remove_inode_hugepages} it is a truncation. */
    protected static final long LLONG_MAX = Long.MAX_VALUE;
    /** {@code PAGEVEC_SIZE} (4.4): how many pages one {@code pagevec_lookup} returns at most. */
    static final int PAGEVEC_SIZE = 14;

    @Override
    protected InodeInfo alloc_inode(int maxPages) {
        return new HugetlbfsInodeInfo(maxPages);
    }

    /**
     * {@code hugetlb_vm_ops} (no {@code .page_mkwrite}; the fault path, see {@link #hugetlb_fault}),
     * {@code hugetlbfs_inode_operations.setattr}, {@code hugetlbfs_file_operations.fallocate}.
     */
    @Override
    protected final Operations operations() {
        return Operations.GENERIC.fault(this::hugetlb_fault).setattr(this::hugetlbfs_setattr)
                .fallocate(this::hugetlbfs_fallocate);
    }

    /** hugetlbfs keeps no block metadata: a huge page is its own storage. */
    @Override
    public final boolean needsMetadata() {
        return false;
    }

    /** {@code hugetlb_vm_ops.page_mkwrite} is NULL. */
    @Override
    public final boolean has_page_mkwrite() {
        return false;
    }

    /** Never called: {@code hugetlb_vm_ops} has no {@code page_mkwrite} ({@link #has_page_mkwrite}). */
    @Override
    public final int page_mkwrite(VmFault vmf) {
        throw new KernelBug("->page_mkwrite called on hugetlb_vm_ops, which has none");
    }

    /** {@code hugetlbfs_aops.set_page_dirty} = {@code hugetlbfs_set_page_dirty}: {@code SetPageDirty} of the head page. */
    @Override
    public final boolean dirty_folio(AddressSpace mapping, Folio folio) {
        return PageWriteback.filemap_dirty_folio(mapping, folio);
    }

    /** The superblock's bdi is {@code noop_backing_dev_info} ({@code alloc_super}): it cannot write back. */
    @Override
    public final boolean bdi_cap_writeback() {
        return false;
    }

    /** {@code hugetlbfs_fallocate} takes KEEP_SIZE and PUNCH_HOLE; only the punch is modelled. */
    @Override
    public final boolean supportsFallocate(int mode) {
        return mode == PUNCH;
    }

    // ---- mm/hugetlb.c: the fault path ----

    /**
     * {@code hugetlb_fault} for page {@code vmf.pgoff} of a shared mapping: take the page's hugetlb fault mutex
     * ("Serialize hugepage allocation and instantiation"); a none pte goes to {@link #hugetlb_no_page}; a present pte
     * of a shared writable mapping is already writable, so there is nothing to do. Return: {@code VM_FAULT_NOPAGE}
     * when the access may be re-executed (the kernel's 0), else {@code VM_FAULT_SIGBUS} or {@code VM_FAULT_OOM}.
     */
    protected int hugetlb_fault(VmFault vmf) {
        Inode inode = vmf.inode();
        long idx = vmf.pgoff;
        RwSemaphore mutex = HUGETLBFS_I(inode).hugetlb_fault_mutex(idx);
        RwSemaphore.down_write(mutex); /* mutex_lock(&hugetlb_fault_mutex_table[hash]) */
        try {
            int ret = 0;
            if (Pte.pte_none(vmf.vma.ptep_get(idx))) {
                ret = hugetlb_no_page(vmf.vma, vmf.mapping(), idx, vmf.flags);
            }
            return ret == 0 ? VM_FAULT_NOPAGE : ret;
        } finally {
            RwSemaphore.up_write(mutex);
        }
    }

    /**
     * {@code hugetlb_no_page} for a shared mapping, under the fault mutex: find the page and lock it
     * ({@code find_lock_page}: "Use page lock to guard against racing truncation before we get page_table_lock"), or,
     * inside i_size, allocate a cleared page and add it to the page cache locked (-EEXIST: retry); then, under the
     * pte lock, SIGBUS if i_size no longer covers the page, nothing if the pte is no longer none, else map it
     * writable ({@code page_dup_rmap}, {@code make_huge_pte}, {@code set_huge_pte_at}); unlock the page. Return: 0,
     * {@code VM_FAULT_SIGBUS} (beyond EOF) or {@code VM_FAULT_OOM}.
     */
    protected int hugetlb_no_page(VmAreaStruct vma, AddressSpace mapping, long idx, int flags) {
        int ret = VM_FAULT_SIGBUS;
        Folio page;
        for (;;) { /* retry: */
            page = find_lock_page(mapping, idx);
            if (page != null) {
                break;
            }
            if (idx >= (Inode.i_size_read(mapping.host) >>> PageSize.PAGE_SHIFT)) {
                return ret; /* goto out */
            }
            page = Filemap.find_or_create_page(mapping, idx); /* alloc_huge_page, huge_add_to_page_cache */
            if (page == null) {
                return VM_FAULT_OOM; /* alloc_huge_page: -ENOMEM */
            }
            if (!folio_test_uptodate(page)) {
                folio_mark_uptodate(page); /* clear_huge_page (the backing reads zeros here), __SetPageUptodate */
                break;
            }
            folio_unlock(page); /* added by someone else meanwhile: -EEXIST, goto retry */
            folio_put(page);
        }
        Points.at(HUGETLB_PAGE_LOCKED);
        spin_lock(vma.ptl); /* ptl = huge_pte_lockptr(h, mm, ptep); spin_lock(ptl) */
        if (idx >= (Inode.i_size_read(mapping.host) >>> PageSize.PAGE_SHIFT)) {
            return backout(vma, page, ret);
        }
        ret = 0;
        if (!Pte.pte_none(vma.ptep_get(idx))) {
            return backout(vma, page, ret);
        }
        Memory.set_huge_pte_at(vma, idx, page, true); /* VM_WRITE && VM_SHARED */
        spin_unlock(vma.ptl);
        folio_unlock(page);
        return ret;
    }

    /** {@code backout:} of {@code hugetlb_no_page}: drop the pte lock, unlock and put the page. Return: {@code ret}. */
    private static int backout(VmAreaStruct vma, Folio page, int ret) {
        spin_unlock(vma.ptl);
        folio_unlock(page);
        folio_put(page);
        return ret;
    }

    /**
     * {@code find_lock_page}: the page at {@code idx} locked and referenced, looked up again if it was removed while
     * we waited for its lock; null if none.
     */
    static Folio find_lock_page(AddressSpace mapping, long idx) {
        for (;;) {
            Folio page = Filemap.filemap_get_folio(mapping, idx);
            if (page == null) {
                return null;
            }
            folio_lock(page);
            if (page.mapping == mapping) {
                return page;
            }
            folio_unlock(page);
            folio_put(page);
        }
    }

    // ---- fs/hugetlbfs/inode.c ----

    /**
     * {@code hugetlbfs_setattr(ATTR_SIZE)} under {@code notify_change}'s {@code i_mutex}: a size that is not a
     * multiple of the huge page size is -EINVAL (thrown here: the races that need one do not apply); else
     * {@link #hugetlb_vmtruncate}. Deviation: growing first extends the model's backing, so that a page faulted in
     * inside the new size has room for its data; shrinking truncates it last.
     */
    protected void hugetlbfs_setattr(Inode inode, long newsize) {
        if ((newsize & (PageSize.PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("hugetlbfs_setattr: -EINVAL: size " + newsize
                    + " is not a multiple of the huge page size");
        }
        do_truncate((i, size) -> {
            long oldsize = Inode.i_size_read(i);
            if (size > oldsize) {
                i.backing().truncate(size);
            }
            hugetlb_vmtruncate(i, size);
            if (size < oldsize) {
                freeBlocksFrom(i, size);
            }
        }).setattr(inode, newsize);
    }

    /**
     * {@code hugetlb_vmtruncate}: write i_size, unmap from the new size to the end ({@code hugetlb_vmdelete_list}
     * under {@code i_mmap_lock_write}), then {@code remove_inode_hugepages(inode, offset, LLONG_MAX)}.
     */
    protected void hugetlb_vmtruncate(Inode inode, long offset) {
        Inode.i_size_write(inode, offset);
        Points.at(Point.TRUNCATE_SIZE_WRITTEN);
        hugetlb_vmdelete_list(inode.i_mapping, offset >>> PageSize.PAGE_SHIFT, 0);
        Points.at(Point.TRUNCATE_UNMAPPED);
        remove_inode_hugepages(inode, offset, LLONG_MAX);
        Points.at(Point.TRUNCATE_REMOVED);
    }

    /**
     * {@code hugetlbfs_fallocate}: any mode but KEEP_SIZE and PUNCH_HOLE is -EOPNOTSUPP; a punch is
     * {@link #hugetlbfs_punch_hole}. Return: 0 or -EOPNOTSUPP (also for preallocation, not modelled).
     */
    protected int hugetlbfs_fallocate(Inode inode, int mode, long offset, long len) {
        if (mode != PUNCH) {
            return -Errno.EOPNOTSUPP;
        }
        checkRange(inode, offset, len);
        return hugetlbfs_punch_hole(inode, offset, len);
    }

    /**
     * {@code hugetlbfs_punch_hole}: round the hole in to whole huge pages; if any, under {@code i_mutex}, unmap them
     * ({@code hugetlb_vmdelete_list} under {@code i_mmap_lock_write}) and {@link #remove_inode_hugepages}. Return: 0.
     */
    protected int hugetlbfs_punch_hole(Inode inode, long offset, long len) {
        long hole_start = PageSize.roundUp(offset);
        long hole_end = (offset + len) & ~(long) (PageSize.PAGE_SIZE - 1);
        if (hole_end > hole_start) {
            RwSemaphore.down_write(inode.i_rwsem); /* mutex_lock(&inode->i_mutex) */
            try {
                hugetlb_vmdelete_list(inode.i_mapping, hole_start >>> PageSize.PAGE_SHIFT,
                        hole_end >>> PageSize.PAGE_SHIFT);
                Points.at(Point.TRUNCATE_UNMAPPED);
                remove_inode_hugepages(inode, hole_start, hole_end);
                Points.at(Point.TRUNCATE_REMOVED);
            } finally {
                RwSemaphore.up_write(inode.i_rwsem);
            }
        }
        return 0;
    }

    /**
     * {@code hugetlb_vmdelete_list(&mapping->i_mmap, start, end)}: unmap pages [{@code start}, {@code end}) from
     * every VMA ({@code unmap_hugepage_range}); {@code end == 0} means to the end. Context: the kernel's callers hold
     * {@code i_mmap_lock_write} (see the class's deviations).
     */
    protected static void hugetlb_vmdelete_list(AddressSpace mapping, long start, long end) {
        long len = end == 0 ? 0 : (end - start) << PageSize.PAGE_SHIFT;
        Memory.unmap_mapping_range(mapping, start << PageSize.PAGE_SHIFT, len, false);
    }

    /**
     * {@code remove_inode_hugepages} (4.4, after 1817889e3b2c): for each page of the range
     * ({@link #forEachPageUnderFaultMutex}), lock it; a page not mapped is removed ({@link #remove_huge_page}); a
     * mapped one "was faulted in after being unmapped ... Do nothing in this case. Getting here in a truncate
     * operation is a bug" ({@code BUG_ON(truncate_op)}). A truncation is {@code lend == LLONG_MAX}.
     */
    protected void remove_inode_hugepages(Inode inode, long lstart, long lend) {
        boolean truncate_op = lend == LLONG_MAX;
        forEachPageUnderFaultMutex(inode, lstart, lend, page -> {
            folio_lock(page);
            if (!folio_mapped(page)) {
                remove_huge_page(page);
            } else if (truncate_op) {
                throw new KernelBug("BUG_ON(truncate_op): remove_inode_hugepages found page " + page.index
                        + " mapped during a truncation");
            }
            folio_unlock(page);
        });
    }

    /** What {@code remove_inode_hugepages} does to one page of its range, under the page's fault mutex. */
    @FunctionalInterface
    protected interface PageUnderFaultMutex {
        void apply(Folio page);
    }

    /**
     * The walk of {@code remove_inode_hugepages}, the same in 4.4 and after 4aae8d1c051e: from {@code lstart},
     * {@code pagevec_lookup} up to {@code PAGEVEC_SIZE} pages at a time; for each page inside the range, take its
     * hugetlb fault mutex, stop at {@link #HUGETLBFS_REMOVE_MUTEX_HELD}, run {@code body}, drop the mutex; then
     * {@code huge_pagevec_release}. The range ends at {@code lend} (exclusive), or with the page cache for a
     * truncation ({@code LLONG_MAX}).
     */
    protected final void forEachPageUnderFaultMutex(Inode inode, long lstart, long lend, PageUnderFaultMutex body) {
        AddressSpace mapping = inode.i_mapping;
        long start = lstart >>> PageSize.PAGE_SHIFT;
        long end = lend == LLONG_MAX ? mapping.maxPages() : lend >>> PageSize.PAGE_SHIFT;
        long next = start;
        while (next < end) {
            List<Folio> pvec = pagevec_lookup(mapping, next, Math.min(PAGEVEC_SIZE, end - next));
            if (pvec.isEmpty()) {
                break; /* When no more pages are found, we are done. */
            }
            try {
                for (Folio page : pvec) {
                    next = page.index;
                    if (next >= end) {
                        break;
                    }
                    RwSemaphore mutex = HUGETLBFS_I(inode).hugetlb_fault_mutex(next);
                    RwSemaphore.down_write(mutex);
                    try {
                        Points.at(HUGETLBFS_REMOVE_MUTEX_HELD);
                        body.apply(page);
                    } finally {
                        RwSemaphore.up_write(mutex);
                    }
                }
                ++next;
            } finally {
                huge_pagevec_release(pvec);
            }
        }
    }

    /**
     * {@code pagevec_lookup(&pvec, mapping, next, nr_pages)}: up to {@code nr} pages at index {@code next} or after
     * (possibly beyond the range), each with a reference.
     */
    static List<Folio> pagevec_lookup(AddressSpace mapping, long next, long nr) {
        List<Folio> pvec = new ArrayList<>();
        for (long i = next; i < mapping.maxPages() && pvec.size() < nr; i++) {
            Folio page = Filemap.filemap_get_folio(mapping, i);
            if (page != null) {
                pvec.add(page);
            }
        }
        return pvec;
    }

    /** {@code huge_pagevec_release}: put each page's lookup reference. */
    static void huge_pagevec_release(List<Folio> pvec) {
        for (Folio page : pvec) {
            folio_put(page);
        }
    }

    /**
     * {@code remove_huge_page}: {@code ClearPageDirty}, {@code ClearPageUptodate}, {@code delete_from_page_cache};
     * the huge page is freed with its data (the model's backing is punched there). Context: page locked.
     */
    protected void remove_huge_page(Folio page) {
        Inode inode = page.mapping.host;
        long index = page.index;
        folio_cancel_dirty(page);
        Filemap.filemap_remove_folio(page);
        freeBlocks(inode, index << PageSize.PAGE_SHIFT, PageSize.PAGE_SIZE);
    }

    @Override
    protected void expectations(Expectations e) {
        e.known("punch-hole", "hugetlbfs_punch_hole unmaps the hole (hugetlb_vmdelete_list) and only then runs "
                + "remove_inode_hugepages, and nothing keeps a fault out in between: hugetlb_fault maps the page "
                + "again under its fault mutex, and remove_inode_hugepages, finding it mapped, leaves it (\"If page is "
                + "mapped, it was faulted in after being unmapped ... Do nothing in this case\", 4.4 "
                + "fs/hugetlbfs/inode.c): the page stays inside the hole after the punch returned, which 4aae8d1c051e "
                + "fixes", "HOLE_NOT_EMPTY");
        e.correct("truncate-down", "hugetlb_vmtruncate writes i_size before it unmaps, and hugetlb_no_page re-checks "
                + "i_size under the pte lock that the unmap takes (\"Page faults can not race with truncation in this "
                + "routine\", 4.4 remove_inode_hugepages): a fault either maps the page before the unmap, which zaps "
                + "it, or sees the new size and gets SIGBUS");
        e.correct("truncate-down-up", "as truncate-down; a fault after the extension finds the page gone and "
                + "allocates a new, cleared one inside the new size");
        e.correct("mkwrite", "a shared hugetlbfs mapping is not write-notified: the read fault maps the page writable "
                + "(make_huge_pte with VM_WRITE && VM_SHARED) and both stores land through the pte; faults on one page "
                + "are serialised by the hugetlb fault mutex");
        e.correct("enomem", "hugetlbfs reserves no metadata at fault time (its huge pages are reserved at mmap, "
                + "hugetlb_reserve_pages): the failing reservation is never asked for");
        e.notApplicable("truncate-up", "hugetlbfs_setattr returns -EINVAL for a size that is not a multiple of the "
                + "huge page size: a file cannot end 1 KiB into a huge page");
        e.notApplicable("partial-page", "hugetlbfs_setattr returns -EINVAL for a size that is not a multiple of the "
                + "huge page size: a file cannot end 100 bytes into a huge page");
        e.notApplicable("writeback", "hugetlbfs cannot write back: its bdi is noop_backing_dev_info and "
                + "hugetlbfs_aops has no writepage, so msync does nothing and never write-protects a pte");
        e.notApplicable("writeback-in-flight", "hugetlbfs has no writeback, so no write I/O is ever in flight: "
                + "noop_backing_dev_info, no writepage in hugetlbfs_aops");
        e.notApplicable("invalidate", "nothing invalidates a hugetlbfs page-cache range: hugetlbfs_aops has no "
                + "direct_IO (open with O_DIRECT is -EINVAL) and no launder_page, and hugetlbfs has no cluster lock");
        e.notApplicable("odirect-read", "hugetlbfs_aops has no direct_IO: open(O_DIRECT) fails with -EINVAL "
                + "(do_dentry_open, 4.4)");
        e.notApplicable("odirect-write", "hugetlbfs_aops has no direct_IO: open(O_DIRECT) fails with -EINVAL "
                + "(do_dentry_open, 4.4)");
        e.notApplicable("release-metadata", "huge pages are never on the LRU: reclaim does not take a hugetlbfs page "
                + "(only a truncate, a punch or the inode's eviction frees one)");
    }
}
