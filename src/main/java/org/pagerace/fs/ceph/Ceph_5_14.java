package org.pagerace.fs.ceph;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.Falloc;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.InodeInfo;
import org.pagerace.fs.Version;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.Truncate;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * The ceph client as Linux 5.14 has it, local page-cache side only ({@code fs/ceph/addr.c}, {@code fs/ceph/file.c}),
 * before 057ba5b24532 "ceph: Fix race between hole punch and page fault" (5.15).
 * {@code ceph_filemap_fault} gets the read caps and calls {@code filemap_fault}; {@code ceph_page_mkwrite} gets the
 * write caps, locks the page, returns NOPAGE if {@code page_mkwrite_check_truncate} fails (the page was truncated or
 * lies past EOF), waits for its writeback ({@code ceph_find_incompatible}: {@code wait_on_page_writeback}), dirties
 * it and returns LOCKED. {@code ceph_fallocate} supports {@code PUNCH_HOLE|KEEP_SIZE} only and, under
 * {@code inode_lock} alone, drops the page cache of the range ({@code ceph_zero_pagecache_range}:
 * {@code truncate_pagecache_range} for the whole pages) and then has the OSDs zero the objects
 * ({@code ceph_zero_objects}). Nothing keeps a fault out between the two: a read fault there reads the page back
 * from the objects not yet zeroed, and the page stays cached with the data the punch removed (the race the fix's
 * message draws).
 *
 * <p>The OSDs are the model's backing. Deviations: the caps are always granted, there is no inline data (the
 * inline-data branch of {@code ceph_filemap_fault}, which the fix also changed, is not mirrored), no snap contexts
 * ({@code ceph_find_incompatible} always finds the page writable in the head context), no fscache, no
 * {@code sb_start_pagefault}; a size change is the generic one under {@code i_rwsem} (ceph's goes through the MDS
 * and {@code __ceph_do_pending_vmtruncate}); the read of a page is synchronous ({@link #ceph_readpage}). The
 * model's {@code filemap_fault} takes {@code invalidate_lock} shared around a page's creation, as 5.15's does; 5.14
 * had no such lock, and nothing in this version takes it exclusively, so it changes nothing here. The backing holds
 * one copy of the data, the page cache's view of it: the OSDs' zero leaves a page read in before it (and still
 * cached) as it is, which is what a load reads ({@link #ceph_zero_objects}); the objects' zeros show once the page is
 * dropped, and the page's writeback puts its data back.
 */
@Version(fs = "ceph", id = "5.14", release = "5.14",
        title = "ceph_fallocate drops the page cache, then zeroes the objects, with no lock against a fault between",
        mirrors = "Linux 5.14 fs/ceph/addr.c ceph_filemap_fault, ceph_page_mkwrite, ceph_readpage; fs/ceph/file.c "
                + "ceph_fallocate, ceph_zero_pagecache_range, ceph_zero_objects")
public class Ceph_5_14 extends FileSystem {
    private static final int PUNCH = Falloc.FALLOC_FL_PUNCH_HOLE | Falloc.FALLOC_FL_KEEP_SIZE;

    /** {@code ceph_vmops}, {@code ceph_fallocate}; the size change is the generic one (see the class comment). */
    @Override
    protected final Operations operations() {
        return Operations.GENERIC.fault(this::ceph_filemap_fault).page_mkwrite(this::ceph_page_mkwrite)
                .fallocate(this::ceph_fallocate);
    }

    @Override
    protected final InodeInfo alloc_inode(int maxPages) {
        return new CephInodeInfo(maxPages);
    }

    /** Ceph allocates nothing for a dirty page: the OSDs store what writeback sends at its offset. */
    @Override
    public final boolean needsMetadata() {
        return false;
    }

    @Override
    public final boolean supportsFallocate(int mode) {
        return mode == PUNCH;
    }

    /** {@link #ceph_zero_objects} leaves a page read in before the zero as it is (see the class comment). */
    @Override
    public final boolean mirrorsStaleReads() {
        return true;
    }

    /** {@code ->readpage}: {@link #ceph_readpage}. */
    @Override
    public final int read_folio(Folio folio) {
        return ceph_readpage(folio);
    }

    /**
     * {@code ceph_readpage} ({@code netfs_readpage} in 5.14): read the page from the objects and mark it uptodate.
     * The read is one op on the object, ordered against a zero op on it ({@link CephInodeInfo#osdObject}); the page
     * then holds what the object held at that moment. Context: folio locked. Return: 0, folio still locked.
     */
    protected int ceph_readpage(Folio folio) {
        synchronized (CephInodeInfo.ceph(folio.mapping.host).osdObject) {
            folio_mark_uptodate(folio);
        }
        return 0;
    }

    /** 5.14 {@code ceph_filemap_fault}: the read caps (always granted here), then {@code filemap_fault}. */
    protected int ceph_filemap_fault(VmFault vmf) {
        return Filemap.filemap_fault(vmf);
    }

    /** 5.14 {@code ceph_page_mkwrite} (see the class comment). */
    protected int ceph_page_mkwrite(VmFault vmf) {
        Folio folio = vmf.page;
        Inode inode = vmf.inode();
        folio_lock(folio);
        if (Filemap.folio_mkwrite_check_truncate(folio, inode) < 0) { /* page_mkwrite_check_truncate */
            folio_unlock(folio);
            return VM_FAULT_NOPAGE;
        }
        Points.at(Point.MKWRITE_CHECKED);
        folio_wait_writeback(folio); /* ceph_find_incompatible: wait_on_page_writeback */
        PageWriteback.folio_mark_dirty(folio); /* set_page_dirty: ceph_set_page_dirty takes the snap context */
        BlockMap.prepared(folio); /* the filesystem was told: LOCKED keeps the page locked until the pte is dirty */
        return VM_FAULT_LOCKED;
    }

    /** 5.14 {@code ceph_fallocate}: {@link #punchUnderInodeLock} with the page cache's drop, then the objects' zero. */
    protected int ceph_fallocate(Inode inode, int mode, long offset, long length) {
        return punchUnderInodeLock(inode, mode, offset, length, this::zeroPagecacheThenObjects);
    }

    /**
     * The frame of {@code ceph_fallocate} that the fix keeps: {@code PUNCH_HOLE|KEEP_SIZE} only; under
     * {@code inode_lock}, nothing beyond EOF, the range clipped to EOF, the write caps (granted here), then
     * {@code zero}. Return: 0 or -EOPNOTSUPP.
     */
    protected final int punchUnderInodeLock(Inode inode, int mode, long offset, long length, Punch zero) {
        if (mode != PUNCH) {
            return -Errno.EOPNOTSUPP;
        }
        checkRange(inode, offset, length);
        RwSemaphore.down_write(inode.i_rwsem);
        try {
            long size = Inode.i_size_read(inode);
            if (offset < size) { /* else: punching a hole beyond EOF */
                zero.punch(inode, offset, Math.min(length, size - offset));
            }
        } finally {
            RwSemaphore.up_write(inode.i_rwsem);
        }
        return 0;
    }

    /** {@link #ceph_zero_pagecache_range}, then {@link #ceph_zero_objects}: the two steps of the punch. */
    protected final void zeroPagecacheThenObjects(Inode inode, long offset, long length) {
        ceph_zero_pagecache_range(inode, offset, length);
        ceph_zero_objects(inode, offset, length);
    }

    /**
     * {@code ceph_zero_pagecache_range}: {@code truncate_pagecache_range} over the whole pages of the range (the
     * partial pages at its ends are zeroed in place by {@code ceph_zero_partial_page}: the races punch whole
     * pages, so the model has none).
     */
    protected final void ceph_zero_pagecache_range(Inode inode, long offset, long length) {
        Truncate.truncate_pagecache_range(inode, offset, offset + length - 1, era());
    }

    /**
     * {@code ceph_zero_objects}: the OSDs zero the range of the file's objects. Per page, one op on the object
     * ({@link CephInodeInfo#osdObject}); a page read in before it and still cached keeps its data (the backing is
     * the page cache's view: see the class comment), every other page's data is zeroed.
     */
    protected final void ceph_zero_objects(Inode inode, long offset, long length) {
        for (long pos = offset; pos < offset + length; pos += PageSize.PAGE_SIZE) {
            synchronized (CephInodeInfo.ceph(inode).osdObject) {
                Folio cached = inode.i_mapping.peek(pos >>> PageSize.PAGE_SHIFT);
                if (cached == null || !folio_test_uptodate(cached)) {
                    freeBlocks(inode, pos, Math.min(PageSize.PAGE_SIZE, offset + length - pos));
                }
            }
        }
    }

    @Override
    protected void expectations(Expectations e) {
        e.notApplicable("collapse-range", "ceph_fallocate returns -EOPNOTSUPP for any mode but "
                + "FALLOC_FL_KEEP_SIZE|FALLOC_FL_PUNCH_HOLE (Linux 5.14 fs/ceph/file.c)");
        e.notApplicable("insert-range", "ceph_fallocate accepts FALLOC_FL_KEEP_SIZE|FALLOC_FL_PUNCH_HOLE only "
                + "(Linux 5.14 fs/ceph/file.c)");
        e.notApplicable("zero-range", "ceph_fallocate accepts FALLOC_FL_KEEP_SIZE|FALLOC_FL_PUNCH_HOLE only "
                + "(Linux 5.14 fs/ceph/file.c)");
        e.notApplicable("dedupe", "ceph has no ->remap_file_range in 5.14 (ceph_file_fops): FIDEDUPERANGE fails");
        e.believedCorrect("ceph_page_mkwrite locks the page, returns NOPAGE when page_mkwrite_check_truncate fails "
                + "(truncated, or past EOF), waits for writeback and returns LOCKED with the page dirty (Linux 5.14 "
                + "fs/ceph/addr.c); the page cache is dropped under the page lock by truncate_pagecache");
        e.known("punch-hole-read", "ceph_fallocate runs ceph_zero_pagecache_range, then ceph_zero_objects, with no "
                + "lock a fault takes: a read fault between them reads the page back from the objects not yet "
                + "zeroed, and it stays cached with the data the punch removed (057ba5b24532's message: \"now we "
                + "have a page in punched range with invalid data\")", "STALE_DATA");
    }
}
