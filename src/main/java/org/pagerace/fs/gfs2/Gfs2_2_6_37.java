package org.pagerace.fs.gfs2;

import static org.pagerace.fs.gfs2.Gfs2InodeInfo.GFS2_I;
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
import org.pagerace.mm.PageSize;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.Truncate;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * gfs2 as Linux 2.6.37 has it, on one node. {@code gfs2_page_mkwrite} ({@code fs/gfs2/file.c}) takes the inode
 * glock exclusive; if {@code gfs2_write_alloc_required} says the page's blocks are all allocated it returns 0 at
 * once, having locked and checked nothing; otherwise it reserves, takes the page lock, answers a page beyond
 * {@code i_size >> PAGE_CACHE_SHIFT} with -EINVAL (SIGBUS), returns 0 for a page that is not uptodate or whose
 * mapping changed (the VM's own mapping check then retries the fault), and otherwise allocates the page's blocks
 * ({@code gfs2_allocate_page_backing}), unlocks the page and returns 0: the VM dirties it. -ENOMEM becomes
 * {@code VM_FAULT_OOM}, every other error SIGBUS. A local size change ({@code gfs2_setattr},
 * {@code fs/gfs2/ops_inode.c}) holds the same glock exclusive across {@code gfs2_setattr_size}
 * ({@code fs/gfs2/bmap.c}: {@code do_shrink} writes i_size, {@code truncate_pagecache}, then frees the blocks), so
 * it cannot land inside the handler. There is no hole punch: {@code gfs2_fallocate} supports only
 * {@code FALLOC_FL_KEEP_SIZE} preallocation.
 *
 * <p>Deviations: the glock is a local rwsem (no cluster, no demotion); no transaction, quota or reservation
 * ({@code gfs2_inplace_reserve}) before the page lock, and no stuffed (inline) inodes; the block allocation of
 * {@code gfs2_allocate_page_backing} is the block map's reservation with the page's metadata attached
 * ({@link BlockMap#reserve}, which is also where an injected -ENOMEM comes from: the kernel's comes from
 * {@code gfs2_alloc_get} before the page lock, with the same result); "blocks allocated" for
 * {@code gfs2_write_alloc_required} is a block map entry other than none. {@code notify_change}'s
 * {@code i_alloc_sem}, which gfs2's handler does not take, is left out.
 */
@Version(fs = "gfs2", id = "2.6.37", release = "2.6.37", era = Era.LINUX_2_6_37,
        title = "inode glock exclusive against a local truncate; past i_size -EINVAL (SIGBUS), changed mapping 0 "
                + "(retry); success 0 unlocked",
        mirrors = "Linux 2.6.37 fs/gfs2/file.c gfs2_page_mkwrite, gfs2_allocate_page_backing, gfs2_fallocate; "
                + "fs/gfs2/ops_inode.c gfs2_setattr; fs/gfs2/bmap.c gfs2_setattr_size, do_shrink, do_grow, "
                + "gfs2_write_alloc_required")
public class Gfs2_2_6_37 extends FileSystem {
    @Override
    protected InodeInfo alloc_inode(int maxPages) {
        return new Gfs2InodeInfo(maxPages);
    }

    /**
     * {@code gfs2_vm_ops} ({@code .fault} is {@code filemap_fault}), {@code gfs2_file_iops.setattr},
     * {@code gfs2_file_fops.fallocate}.
     */
    @Override
    protected final Operations operations() {
        return Operations.GENERIC.fault(Filemap::filemap_fault).page_mkwrite(this::gfs2_page_mkwrite)
                .setattr(this::gfs2_setattr).fallocate(this::gfs2_fallocate);
    }

    /**
     * {@code ->set_page_dirty} ({@code __set_page_dirty_buffers}). A page whose block is allocated needs nothing
     * from page_mkwrite: {@code gfs2_writepage} makes and maps its buffers at writeback with
     * {@code gfs2_get_block_noalloc}. Deviation: the block map counts a page dirtied without its metadata as
     * unbacked, so for a page with an allocated block the metadata is attached here, standing for those buffers.
     */
    @Override
    public final boolean dirty_folio(AddressSpace mapping, Folio folio) {
        if (!folio_has_private(folio) && BlockMap.of(mapping.host).state(folio.index) == BlockMap.ALLOCATED) {
            folio_attach_private(folio, BlockMap.METADATA);
        }
        return super.dirty_folio(mapping, folio);
    }

    @Override
    public boolean supportsFallocate(int mode) {
        return false;
    }

    /** 2.6.37 {@code gfs2_page_mkwrite} (see the class comment). */
    protected int gfs2_page_mkwrite(VmFault vmf) {
        Folio page = vmf.page;
        Inode inode = vmf.inode();
        Gfs2InodeInfo ip = GFS2_I(inode);
        long pos = (long) page.index << PageSize.PAGE_SHIFT;
        int ret;
        RwSemaphore.down_write(ip.i_gl); /* gfs2_glock_nq(LM_ST_EXCLUSIVE) */
        try {
            if (!gfs2_write_alloc_required(inode, pos, PageSize.PAGE_SIZE)) {
                BlockMap.prepared(page); /* the filesystem was asked, and its blocks are there */
                return 0; /* goto out_unlock */
            }
            folio_lock(page);
            try {
                long last_index = Inode.i_size_read(inode) >> PageSize.PAGE_SHIFT;
                if (page.index > last_index) {
                    return VM_FAULT_SIGBUS; /* -EINVAL */
                }
                if (!folio_test_uptodate(page) || page.mapping != inode.i_mapping) {
                    return 0; /* ret = 0; goto out_unlock_page */
                }
                Points.at(Point.MKWRITE_CHECKED);
                ret = gfs2_allocate_page_backing(page);
            } finally {
                folio_unlock(page);
            }
        } finally {
            RwSemaphore.up_write(ip.i_gl); /* gfs2_glock_dq */
        }
        if (ret == -Errno.ENOMEM) {
            return VM_FAULT_OOM;
        }
        return ret != 0 ? VM_FAULT_SIGBUS : 0;
    }

    /**
     * {@code gfs2_write_alloc_required(ip, offset, len)}: 1 if the range reaches past the last block of i_size or
     * any of its blocks is unmapped; 0 if every block is allocated.
     */
    protected static boolean gfs2_write_alloc_required(Inode inode, long offset, int len) {
        long end_of_file = PageSize.pages(Inode.i_size_read(inode));
        long lblock = offset >>> PageSize.PAGE_SHIFT;
        long lblock_stop = PageSize.pages(offset + len);
        if (lblock_stop > end_of_file) {
            return true;
        }
        for (long b = lblock; b < lblock_stop; b++) {
            if (BlockMap.of(inode).state(b) == BlockMap.NONE) {
                return true;
            }
        }
        return false;
    }

    /** {@code gfs2_allocate_page_backing}: map every block of the locked page with create=1. Return: 0 or -errno. */
    protected static int gfs2_allocate_page_backing(Folio page) {
        return BlockMap.of(page.mapping.host).reserve(page);
    }

    /** 2.6.37 {@code gfs2_setattr(ATTR_SIZE)}: under i_mutex ({@code notify_change}) and the glock exclusive. */
    protected void gfs2_setattr(Inode inode, long size) {
        RwSemaphore.down_write(inode.i_rwsem);
        RwSemaphore.down_write(GFS2_I(inode).i_gl);
        try {
            gfs2_setattr_size(inode, size);
        } finally {
            RwSemaphore.up_write(GFS2_I(inode).i_gl);
            RwSemaphore.up_write(inode.i_rwsem);
        }
    }

    /** 2.6.37 {@code gfs2_setattr_size}: {@code do_grow} or {@code do_shrink}. */
    protected void gfs2_setattr_size(Inode inode, long newsize) {
        long oldsize = Inode.i_size_read(inode);
        if (newsize >= oldsize) {
            do_grow(inode, newsize);
        } else {
            do_shrink(inode, oldsize, newsize);
        }
    }

    /**
     * 2.6.37 {@code do_shrink}: {@code trunc_start} writes i_size and calls {@code truncate_pagecache(inode, oldsize,
     * newsize)}; then {@code trunc_dealloc} frees the blocks beyond it.
     */
    protected void do_shrink(Inode inode, long oldsize, long newsize) {
        Inode.i_size_write(inode, newsize);
        Points.at(Point.TRUNCATE_SIZE_WRITTEN);
        Truncate.truncate_pagecache(inode, newsize);
        freeBlocksFrom(inode, newsize); /* trunc_dealloc */
    }

    /** 2.6.37 {@code do_grow}: write the new i_size (the real file is extended first, see {@link FileSystem}). */
    protected void do_grow(Inode inode, long size) {
        inode.backing().truncate(size);
        Inode.i_size_write(inode, size);
    }

    /** 2.6.37 {@code gfs2_fallocate}: "We only support the FALLOC_FL_KEEP_SIZE mode". */
    protected int gfs2_fallocate(Inode inode, int mode, long off, long len) {
        return -Errno.EOPNOTSUPP;
    }

    @Override
    protected void expectations(Expectations e) {
        e.notApplicable("collapse-range", "gfs2_fallocate has no FALLOC_FL_COLLAPSE_RANGE in any release");
        e.notApplicable("insert-range", "gfs2_fallocate has no FALLOC_FL_INSERT_RANGE in any release");
        e.notApplicable("zero-range", "gfs2_fallocate has no FALLOC_FL_ZERO_RANGE in any release");
        e.notApplicable("dedupe", "gfs2 has no ->remap_file_range");
        e.believedCorrect("the inode glock, exclusive in gfs2_page_mkwrite and in gfs2_setattr, keeps a local size "
                + "change out of the handler; a page dropped or changed under it is answered 0 and the VM's mapping "
                + "check retries the fault (2.6.37 fs/gfs2/file.c, fs/gfs2/ops_inode.c)");
        String unlocked = "gfs2_page_mkwrite returns 0 with the page unlocked (on its fast path it never locks it): "
                + "writeback can write-protect the dirty page, the handler run and return, and writeback then clean the "
                + "page before the VM's lock_page and dirty pte (the window b827e496c893 \"mm: close page_mkwrite "
                + "races\" left to handlers that do not return VM_FAULT_LOCKED). The block stays allocated, so gfs2's "
                + "own data is safe, but the filesystem is not told of the dirtying";
        e.known("writeback", unlocked, "UNNOTIFIED_DIRTY");
        e.known("odirect-read", unlocked + " (the O_DIRECT read's flush in generic_file_aio_read is that writeback; "
                + "gfs2_direct_IO's shared glock, not modelled, is taken after it)", "UNNOTIFIED_DIRTY");
        e.known("odirect-write", unlocked + " (generic_file_direct_write's flush is that writeback)",
                "UNNOTIFIED_DIRTY");
        e.known("invalidate", unlocked + " (invalidate_inode_pages2_range writes the page back first)",
                "UNNOTIFIED_DIRTY");
        e.notApplicable("punch-hole", "2.6.37 gfs2_fallocate supports only FALLOC_FL_KEEP_SIZE; "
                + "FALLOC_FL_PUNCH_HOLE came in 2.6.38 (79124f18b335) and to gfs2 later");
        e.known("writeback-in-flight", "2.6.37 gfs2_page_mkwrite never waits for writeback: a page whose write is in flight is made writable and changes under the I/O: no handler waited for writeback before the stable-page series of 2011 (3.0); and its 0-unlocked return leaves the b827e496c893 window, in which the writeback cleans the page (dirty from the write(2)) between page_mkwrite and the VM's dirty pte", "UNNOTIFIED_DIRTY", "UNSTABLE_WRITE");
    }
}
