package org.pagerace.fs.gfs2;

import static org.pagerace.fs.gfs2.Gfs2InodeInfo.GFS2_I;
import static org.pagerace.mm.Folio.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.Falloc;
import org.pagerace.fs.Version;
import org.pagerace.mm.Era;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.Truncate;
import org.pagerace.mm.VmFault;
import org.pagerace.mm.VmFaultReason;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * gfs2 as Linux 5.3 has it, on one node: the version before "gfs2: Improve mmap write vs. truncate consistency"
 * (5.4; H9). {@code gfs2_page_mkwrite} ({@code fs/gfs2/file.c}) takes the inode glock exclusive. If
 * {@code gfs2_write_alloc_required(ip, pos, PAGE_SIZE)} says every block of the page is allocated, it locks the page
 * and answers a page that is not uptodate or whose mapping changed with -EAGAIN (NOPAGE: the fault retries), else
 * goes on with the page locked. Otherwise it reserves, locks the page, answers {@code size == 0 || page->index >
 * (size - 1) >> PAGE_SHIFT} with -EINVAL (SIGBUS) and a truncated page with -EAGAIN, and allocates the page's blocks
 * with {@code gfs2_allocate_page_backing(page)}: the whole page, PAGE_SIZE bytes, even the blocks of the EOF page
 * that lie wholly beyond i_size (until 184b4e60853d "gfs2: Fix end-of-file handling in gfs2_page_mkwrite", 5.5).
 * On success it dirties the page ({@code set_page_dirty}), waits for it to be stable and returns 0 with the page
 * locked ({@code block_page_mkwrite_return}: VM_FAULT_LOCKED). A size change ({@code gfs2_setattr},
 * {@code fs/gfs2/inode.c}) holds the same glock across {@code gfs2_setattr_size} ({@code fs/gfs2/bmap.c}): a
 * growing one is {@code do_grow}, which writes the new size with a bare {@code i_size_write} (no
 * {@code truncate_setsize}, so no {@code pagecache_isize_extended}); a shrinking one, {@code do_shrink}, writes
 * i_size, truncates the page cache ({@code truncate_pagecache}, which leaves the page straddling the new EOF mapped)
 * and frees the blocks beyond. {@code gfs2_fallocate} punches holes (from 4.16) under {@code inode_lock} and the
 * glock: {@code __gfs2_punch_hole} zeroes the partial blocks at the hole's ends, truncates the page cache of the
 * range and frees its blocks.
 *
 * <p>With blocks smaller than a page this is H9's truncate bug (generic/029, generic/030): a page made writable by
 * page_mkwrite (all its blocks allocated) keeps its writable pte when the file is shrunk into it, which frees the
 * blocks beyond the new EOF, and when it is grown back by the bare {@code i_size_write}; a store into those blocks
 * then never faults, so nothing reallocates them, and {@code gfs2_writepage} finds no block for the data.
 *
 * <p>Deviations: those of {@link Gfs2_2_6_37} (a local rwsem for the glock; no transaction, quota or
 * {@code gfs2_inplace_reserve}; no stuffed inodes, so no {@code gfs2_unstuff_dinode}; the allocation is the block
 * map's reservation with the page's metadata); {@code wait_for_stable_page} always waits (the kernel's waits only
 * where the device needs stable pages), as every model's stable wait here; {@code sb_start_pagefault} is left out
 * (freezing is not modelled for gfs2); the partial-block zeroing of {@code trunc_start} and
 * {@code __gfs2_punch_hole} ({@code gfs2_block_zero_range}) is the backing's truncate or hole punch, which zeroes
 * the page's data there; preallocation ({@code __gfs2_fallocate}) is not modelled (-EOPNOTSUPP).
 */
@Version(fs = "gfs2", id = "5.3", release = "5.3", era = Era.MODERN,
        title = "inode glock exclusive; page_mkwrite allocates the whole page and returns it locked; do_grow is a "
                + "bare i_size_write; hole punch",
        changes = {"gfs2_page_mkwrite", "gfs2_fallocate", "__gfs2_punch_hole"},
        mirrors = "Linux 5.3 fs/gfs2/file.c gfs2_page_mkwrite, gfs2_allocate_page_backing, gfs2_fallocate; "
                + "fs/gfs2/inode.c gfs2_setattr; fs/gfs2/bmap.c gfs2_setattr_size, do_shrink, do_grow, "
                + "__gfs2_punch_hole, gfs2_write_alloc_required")
public class Gfs2_5_3 extends Gfs2_2_6_37 {
    private static final int PUNCH = Falloc.FALLOC_FL_PUNCH_HOLE | Falloc.FALLOC_FL_KEEP_SIZE;

    /** 5.3 {@code gfs2_page_mkwrite} (see the class comment). */
    @Override
    protected int gfs2_page_mkwrite(VmFault vmf) {
        Folio page = vmf.page;
        int ret;
        RwSemaphore.down_write(GFS2_I(vmf.inode()).i_gl); /* gfs2_glock_nq(LM_ST_EXCLUSIVE) */
        try {
            ret = lockAndAllocate(vmf.inode(), page);
        } finally {
            RwSemaphore.up_write(GFS2_I(vmf.inode()).i_gl); /* gfs2_glock_dq */
        }
        if (ret == 0) {
            PageWriteback.folio_mark_dirty(page); /* set_page_dirty */
            folio_wait_writeback(page); /* wait_for_stable_page */
        }
        return VmFaultReason.vmf_fs_error(ret); /* block_page_mkwrite_return */
    }

    /**
     * The body of 5.3's {@code gfs2_page_mkwrite} under the glock: if every block is allocated, lock the page and
     * check its mapping (-EAGAIN); otherwise lock it, check i_size ({@code size == 0 || page->index > last_index}:
     * -EINVAL) and the mapping (-EAGAIN: "If truncated, we must retry the operation"), and allocate the whole page.
     * Return: 0 with the page locked, or -errno with it unlocked ({@code out_trans_end}).
     */
    private static int lockAndAllocate(Inode inode, Folio page) {
        boolean allocated = !gfs2_write_alloc_required(inode, folio_pos(page), PageSize.PAGE_SIZE);
        folio_lock(page);
        long size = Inode.i_size_read(inode);
        int ret;
        if (!allocated && (size == 0 || page.index > (size - 1) >> PageSize.PAGE_SHIFT)) {
            ret = -Errno.EINVAL;
        } else if (!folio_test_uptodate(page) || page.mapping != inode.i_mapping) {
            ret = -Errno.EAGAIN;
        } else if (allocated) {
            BlockMap.prepared(page); /* the filesystem was asked, and its blocks are there */
            ret = 0;
        } else {
            Points.at(Point.MKWRITE_CHECKED);
            ret = gfs2_allocate_page_backing(page); /* PAGE_SIZE: every block of the page */
        }
        if (ret != 0) {
            folio_unlock(page);
        }
        return ret;
    }

    /**
     * {@code gfs2_write_alloc_required(ip, offset, len)} in blocks, as the kernel counts: 1 if the range's last block
     * lies beyond the last block of i_size ({@code end_of_file}, i_size rounded up to a block), or any block of it is
     * unmapped; 0 if every block is allocated. (It hides {@link Gfs2_2_6_37}'s, which counts a block as a page.)
     */
    protected static boolean gfs2_write_alloc_required(Inode inode, long offset, int len) {
        BlockMap blocks = BlockMap.of(inode);
        int bsize = blocks.blockSize();
        long end_of_file = (Inode.i_size_read(inode) + bsize - 1) / bsize;
        long lblock = offset / bsize;
        long lblock_stop = (offset + len + bsize - 1) / bsize;
        if (lblock_stop > end_of_file) {
            return true;
        }
        for (long b = lblock; b < lblock_stop; b++) {
            if (blocks.blockStateAt(b * bsize) == BlockMap.NONE) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean supportsFallocate(int mode) {
        return mode == PUNCH;
    }

    /**
     * 5.3 {@code gfs2_fallocate}: modes other than {@code FALLOC_FL_PUNCH_HOLE|FALLOC_FL_KEEP_SIZE} are refused
     * (preallocation, which the kernel has, is not modelled); the punch runs under {@code inode_lock} and the glock
     * exclusive.
     */
    @Override
    protected int gfs2_fallocate(Inode inode, int mode, long off, long len) {
        return punch_only(inode, mode, off, len, (i, o, l) -> {
            RwSemaphore.down_write(GFS2_I(i).i_gl);
            try {
                __gfs2_punch_hole(i, o, l);
            } finally {
                RwSemaphore.up_write(GFS2_I(i).i_gl);
            }
        });
    }

    /**
     * 5.3 {@code __gfs2_punch_hole}: zero the partial blocks at the hole's ends ({@code gfs2_block_zero_range}: the
     * backing's hole punch does it here), {@code truncate_pagecache_range}, then {@code punch_hole} frees the blocks.
     * Context: inode_lock and the glock held.
     */
    protected void __gfs2_punch_hole(Inode inode, long offset, long length) {
        Truncate.truncate_pagecache_range(inode, offset, offset + length - 1, era());
        freeBlocks(inode, offset, length); /* punch_hole(ip, offset, length) */
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.believedCorrect("the inode glock, exclusive in gfs2_page_mkwrite, gfs2_setattr and gfs2_fallocate, keeps a "
                + "size change and a punch out of the handler; under the page lock the handler answers a truncated page "
                + "-EAGAIN (the fault retries) and one beyond i_size -EINVAL, and on success dirties the page and "
                + "returns it locked (5.3 fs/gfs2/file.c, fs/gfs2/inode.c, fs/gfs2/bmap.c)");
        String locked = "5.3 gfs2_page_mkwrite dirties the page (set_page_dirty) and waits for it to be stable under "
                + "the page lock and returns 0 with it locked (block_page_mkwrite_return: VM_FAULT_LOCKED), so a "
                + "writeback cannot clean the page between the handler and the dirty pte, and a page under write I/O "
                + "is not made writable until the write completes (the 2.6.37 handler's 0-unlocked window is closed)";
        e.correct("writeback", locked);
        e.correct("odirect-read", locked + "; the O_DIRECT read's flush is that writeback");
        e.correct("odirect-write", locked + "; generic_file_direct_write's flush is that writeback, and a page it "
                + "invalidated is found truncated under the page lock (-EAGAIN: the fault retries)");
        e.correct("invalidate", locked + "; invalidate_inode_pages2_range writes the page back first and a page it "
                + "removed is found truncated under the page lock (-EAGAIN)");
        e.correct("writeback-in-flight", locked);
        e.correct("punch-hole", "5.3 gfs2_fallocate punches (__gfs2_punch_hole: truncate_pagecache_range, then "
                + "punch_hole frees the blocks) under inode_lock and the glock exclusive, which gfs2_page_mkwrite "
                + "takes too: a fault waits for the whole punch, and a page the punch removed is found truncated under "
                + "the page lock (-EAGAIN: the fault retries on a new page, which page_mkwrite allocates again)");
        e.belowPage().known("partial-page", "gfs2_page_mkwrite allocates all the page's blocks (PAGE_SIZE) and its pte "
                + "is made writable; the shrink to 100 bytes into the page (do_shrink: truncate_pagecache leaves the page "
                + "straddling the new EOF mapped) frees the blocks beyond the new EOF block, and do_grow extends the file "
                + "back with a bare i_size_write, so the page stays writably mapped: a store then never calls "
                + "page_mkwrite, lands over a freed block and gfs2_writepage finds no block for it (\"gfs2: Improve mmap "
                + "write vs. truncate consistency\", 5.4: generic/029, generic/030)", "UNBACKED_DIRTY");
    }
}
