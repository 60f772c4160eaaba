package org.pagerace.fs.xfs;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Falloc;
import org.pagerace.fs.Version;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.Truncate;
import org.pagerace.sys.Errno;

/**
 * XFS with a hole punch and no lock against faults: the shape from 2.6.38 (when {@code fallocate} became a file
 * operation and XFS punched holes through it) to 3.19, the last release before 653c60b633a9 "xfs: introduce
 * mmap/truncate lock". Read at 3.19-era text: {@code xfs_file_fallocate} ({@code fs/xfs/xfs_file.c}) takes
 * {@code XFS_IOLOCK_EXCL} and calls {@code xfs_free_file_space} ({@code fs/xfs/xfs_bmap_util.c}), which waits for
 * direct I/O, writes back and then drops the page cache from the start of the hole to the end of the file
 * ({@code filemap_write_and_wait_range(ioffset, -1)}, {@code truncate_pagecache_range(ioffset, -1)}), and only then
 * unmaps the extents ({@code xfs_bunmapi}). The write fault is still plain {@code block_page_mkwrite} with no XFS
 * lock: a fault that re-creates a page in the hole after {@code truncate_pagecache_range} gets it prepared and
 * dirtied, and the extent removal then discards the store while the page stays cached.
 *
 * <p>{@code xfs_setattr_size} keeps 2ebff7bbd785's flush of the old EOF page ({@link Xfs_2ebff7bb}), and from 3.18
 * {@code truncate_setsize} also write-protects that page ({@code pagecache_isize_extended}, 90a8020278c1).
 *
 * <p>Deviations: the range to the end of the file is the emulated page cache's end; no transactions, no realtime
 * rounding, no {@code xfs_zero_remaining_bytes} (the hole is page-aligned). The caller is the modern fault path
 * ({@code do_shared_fault} is 3.15), whose {@code filemap_fault} also takes {@code invalidate_lock} (5.15), which
 * this version never takes exclusive, so it changes nothing here.
 */
@Version(fs = "xfs", id = "3.19", release = "3.19",
        title = "hole punch drops the page cache and then the extents under XFS_IOLOCK_EXCL alone; faults take no XFS lock",
        changes = {"xfs_file_fallocate", "xfs_free_file_space"},
        mirrors = "Linux 3.19 fs/xfs/xfs_file.c xfs_file_fallocate; fs/xfs/xfs_bmap_util.c xfs_free_file_space")
public class Xfs_3_19 extends Xfs_2ebff7bb {
    private static final int PUNCH = Falloc.FALLOC_FL_PUNCH_HOLE | Falloc.FALLOC_FL_KEEP_SIZE;

    @Override
    public boolean supportsFallocate(int mode) {
        return mode == PUNCH;
    }

    /** {@code xfs_file_fallocate(FALLOC_FL_PUNCH_HOLE)}: {@code XFS_IOLOCK_EXCL}, then {@link #xfs_free_file_space}. */
    @Override
    protected int xfs_file_fallocate(Inode inode, int mode, long off, long len) {
        if (!supportsFallocate(mode)) {
            return -Errno.EOPNOTSUPP;
        }
        checkRange(inode, off, len);
        xfs_ilock(inode, XFS_IOLOCK_EXCL);
        try {
            xfs_free_file_space(inode, off, len);
        } finally {
            xfs_iunlock(inode, XFS_IOLOCK_EXCL);
        }
        return 0;
    }

    /**
     * {@code xfs_free_file_space}: write back and drop the page cache from the page holding {@code off} to the end
     * of the file, then free the extents of the hole. Context: the caller's locks held.
     */
    protected void xfs_free_file_space(Inode inode, long off, long len) {
        long ioffset = off & ~(long) (PageSize.PAGE_SIZE - 1);
        long lastPage = inode.i_mapping.maxPages() - 1L;
        PageWriteback.filemap_write_and_wait_range(inode.i_mapping, ioffset >>> PageSize.PAGE_SHIFT, lastPage);
        Truncate.truncate_pagecache_range(inode, ioffset, ((lastPage + 1) << PageSize.PAGE_SHIFT) - 1, era());
        freeBlocks(inode, off, len); /* xfs_bunmapi */
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.notApplicable("collapse-range", "not modelled: xfs_collapse_file_space (3.15) is not mirrored, so the race "
                + "is not run");
        e.notApplicable("zero-range", "not modelled: xfs_zero_file_space (3.15) is not mirrored, so the race is not "
                + "run");
        e.known("punch-hole", "xfs_free_file_space drops the page cache (truncate_pagecache_range) and then unmaps the "
                + "extents with only XFS_IOLOCK_EXCL held, which no fault takes: a fault re-creates the page in "
                + "between, block_page_mkwrite prepares it, and the extent removal discards the store while the page "
                + "stays cached (closed by 653c60b633a9 \"xfs: introduce mmap/truncate lock\" and its series, 4.0)",
                "LOST_WRITE");
    }
}
