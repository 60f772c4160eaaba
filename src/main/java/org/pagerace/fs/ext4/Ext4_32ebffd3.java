package org.pagerace.fs.ext4;

import static org.pagerace.fs.ext4.Ext4InodeInfo.EXT4_I;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * ext4 from 32ebffd3bbb4 "ext4: fix races between buffered IO and collapse / insert range" (4.5, the commit after
 * ea3d7209ca01 in Jan Kara's series): {@code ext4_collapse_range} and {@code ext4_insert_range} write the range back
 * inside {@code i_mutex} and {@code i_mmap_sem} ("We are also protected from pages becoming dirty by i_mmap_sem"),
 * so no write fault can dirty a page between the flush and {@code truncate_pagecache}. Collapse writes back the
 * tail of the page before the range ({@code ioffset} to {@code offset}) and the data to be shifted
 * ({@code offset + len} to EOF); insert writes back from {@code ioffset} to EOF. Read from the patch as backported to
 * 3.16.83 and from 4.5 {@code fs/ext4/extents.c}. Deviations: those of {@link Ext4_ea3d7209}.
 */
@Version(fs = "ext4", id = "32ebffd3", release = "4.5", commit = "32ebffd3bbb4",
        title = "ext4: fix races between buffered IO and collapse / insert range",
        changes = {"ext4_collapse_range", "ext4_insert_range"},
        mirrors = "Linux 4.5 fs/ext4/extents.c ext4_collapse_range, ext4_insert_range")
public class Ext4_32ebffd3 extends Ext4_ea3d7209 {
    /** {@code ext4_collapse_range}: i_mutex, -EINVAL at EOF, i_mmap_sem, then the two flushes, drop and shift. */
    @Override
    protected int ext4_collapse_range(Inode inode, long off, long len) {
        return underShiftLocks(inode, EXT4_I(inode).i_mmap_sem, off + len >= Inode.i_size_read(inode),
                () -> collapseFlushDropAndShift(inode, off, len));
    }

    /** {@code ext4_insert_range}: i_mutex, -EINVAL at or beyond EOF, i_mmap_sem, then the flush, drop and shift. */
    @Override
    protected int ext4_insert_range(Inode inode, long off, long len) {
        return underShiftLocks(inode, EXT4_I(inode).i_mmap_sem, off >= Inode.i_size_read(inode),
                () -> insertFlushDropAndShift(inode, off, len));
    }

    /**
     * The frame both functions share from 32ebffd3bbb4 on: {@code i_rwsem}; -EINVAL if the range is {@code invalid}
     * (read under it in the kernel; the harness's ranges never are); then {@code mmapLock} exclusive around
     * {@code body} ({@code i_mmap_sem}, from 5.15 {@code invalidate_lock}).
     */
    protected static int underShiftLocks(Inode inode, RwSemaphore mmapLock, boolean invalid, Runnable body) {
        RwSemaphore.down_write(inode.i_rwsem);
        try {
            if (invalid) {
                return -Errno.EINVAL;
            }
            RwSemaphore.down_write(mmapLock);
            try {
                body.run();
            } finally {
                RwSemaphore.up_write(mmapLock);
            }
        } finally {
            RwSemaphore.up_write(inode.i_rwsem);
        }
        return 0;
    }

    /** The body both locks protect: write back [ioffset, offset] and [offset+len, EOF), drop, shift. */
    protected final void collapseFlushDropAndShift(Inode inode, long off, long len) {
        long ioffset = off & ~(long) (PageSize.PAGE_SIZE - 1);
        PageWriteback.filemap_write_and_wait_range(inode.i_mapping, ioffset >>> PageSize.PAGE_SHIFT,
                off >>> PageSize.PAGE_SHIFT);
        PageWriteback.filemap_write_and_wait_range(inode.i_mapping, (off + len) >>> PageSize.PAGE_SHIFT,
                Long.MAX_VALUE);
        Points.at(SHIFT_FLUSHED);
        collapseDropAndShift(inode, off, len);
    }

    /** The body both locks protect: write back [ioffset, EOF), drop, shift. */
    protected final void insertFlushDropAndShift(Inode inode, long off, long len) {
        PageWriteback.filemap_write_and_wait_range(inode.i_mapping, off >>> PageSize.PAGE_SHIFT, Long.MAX_VALUE);
        Points.at(SHIFT_FLUSHED);
        insertDropAndShift(inode, off, len);
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        String why = "the range is written back under i_mutex and i_mmap_sem, which a write fault needs shared: no "
                + "page is dirtied between the flush and truncate_pagecache (32ebffd3bbb4)";
        e.correct("collapse-range", why);
        e.correct("insert-range", why);
    }
}
