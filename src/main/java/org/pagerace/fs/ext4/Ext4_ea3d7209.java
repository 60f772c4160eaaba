package org.pagerace.fs.ext4;

import static org.pagerace.fs.ext4.Ext4InodeInfo.EXT4_I;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Falloc;
import org.pagerace.fs.Version;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.Truncate;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * ext4 from Linux 4.5, when ea3d7209ca01 "ext4: fix races between page faults and hole punching" added
 * {@code EXT4_I(inode)->i_mmap_sem}: taken shared around {@code filemap_fault} ({@code ext4_filemap_fault}) and
 * around the whole of {@code ext4_page_mkwrite}, exclusive in {@code ext4_setattr} around
 * {@code truncate_pagecache} and the block truncation, and in {@code ext4_punch_hole} around
 * {@code truncate_pagecache_range} and the block removal. A fault can no longer bring a page back into a hole
 * being punched. The caller is the modern {@code do_shared_fault}/{@code wp_page_shared} shape (4.x).
 *
 * <p>Collapse range (9eb79482a971 "ext4: Add support FALLOC_FL_COLLAPSE_RANGE for fallocate", 3.15) and insert range
 * (331573febb6a "ext4: Add support FALLOC_FL_INSERT_RANGE for fallocate", 4.2) came between 3.1 and this version;
 * the model brings them in here, as ea3d7209ca01 left them: {@code i_mmap_sem} exclusive across
 * {@code truncate_pagecache} and the extent shift, but the range written back <em>before</em> {@code i_mutex} and
 * {@code i_mmap_sem} are taken, so a write fault can dirty a page after the flush that {@code truncate_pagecache}
 * then drops (fixed by 32ebffd3bbb4, {@link Ext4_32ebffd3}). Deviations: no journal, no
 * {@code ext4_inode_block_unlocked_dio}/{@code inode_dio_wait}, no extent-status tree; blocks are pages, offsets
 * page-aligned, only extent-mapped files.
 */
@Version(fs = "ext4", id = "ea3d7209", release = "4.5", commit = "ea3d7209ca01",
        title = "ext4: fix races between page faults and hole punching",
        changes = {"ext4_filemap_fault", "ext4_page_mkwrite", "ext4_setattr", "ext4_punch_hole", "ext4_fallocate",
            "ext4_collapse_range", "ext4_insert_range"},
        mirrors = "Linux 4.5 fs/ext4/file.c ext4_filemap_fault; fs/ext4/inode.c ext4_page_mkwrite, ext4_setattr, "
                + "ext4_punch_hole; fs/ext4/extents.c ext4_fallocate, ext4_collapse_range, ext4_insert_range as "
                + "ea3d7209ca01 left them (before 32ebffd3bbb4)")
public class Ext4_ea3d7209 extends Ext4_d6320cbf {
    @Override
    protected int ext4_filemap_fault(VmFault vmf) {
        Inode inode = vmf.inode();
        RwSemaphore.down_read(EXT4_I(inode).i_mmap_sem);
        try {
            return Filemap.filemap_fault(vmf);
        } finally {
            RwSemaphore.up_read(EXT4_I(inode).i_mmap_sem);
        }
    }

    @Override
    protected int ext4_page_mkwrite(VmFault vmf) {
        Inode inode = vmf.inode();
        RwSemaphore.down_read(EXT4_I(inode).i_mmap_sem);
        try {
            return super.ext4_page_mkwrite(vmf);
        } finally {
            RwSemaphore.up_read(EXT4_I(inode).i_mmap_sem);
        }
    }

    /** i_size written under i_mutex, then the page cache and the blocks dropped under {@code i_mmap_sem}. */
    @Override
    protected void ext4_setattr(Inode inode, long size) {
        RwSemaphore.down_write(inode.i_rwsem);
        try {
            boolean shrink = size < Inode.i_size_read(inode);
            long oldsize = Inode.i_size_read(inode);
            if (!shrink) {
                inode.backing().truncate(size);
            }
            Inode.i_size_write(inode, size);
            if (!shrink) {
                Truncate.pagecache_isize_extended(inode, oldsize, size); /* since d6320cbfc929 */
            }
            RwSemaphore.down_write(EXT4_I(inode).i_mmap_sem);
            try {
                Truncate.truncate_pagecache(inode, size);
                if (shrink) {
                    freeBlocksFrom(inode, size);
                }
            } finally {
                RwSemaphore.up_write(EXT4_I(inode).i_mmap_sem);
            }
        } finally {
            RwSemaphore.up_write(inode.i_rwsem);
        }
    }

    /** Write back, then under {@code i_mmap_sem} drop the page cache of the hole and free its blocks. */
    @Override
    protected void ext4_punch_hole(Inode inode, long off, long len) {
        write_back_then_punch(inode, off, len, (i, o, l) -> {
            RwSemaphore.down_write(EXT4_I(i).i_mmap_sem);
            try {
                punch_hole_locked(i, o, l);
            } finally {
                RwSemaphore.up_write(EXT4_I(i).i_mmap_sem);
            }
        });
    }

    @Override
    public boolean supportsFallocate(int mode) {
        return super.supportsFallocate(mode) || mode == Falloc.FALLOC_FL_COLLAPSE_RANGE
                || mode == Falloc.FALLOC_FL_INSERT_RANGE;
    }

    /** 4.5 {@code ext4_fallocate}: punch, collapse and insert each go to their function. */
    @Override
    protected int ext4_fallocate(Inode inode, int mode, long off, long len) {
        if (!supportsFallocate(mode)) {
            return -Errno.EOPNOTSUPP;
        }
        checkRange(inode, off, len);
        if (mode == Falloc.FALLOC_FL_COLLAPSE_RANGE) {
            return ext4_collapse_range(inode, off, len);
        }
        if (mode == Falloc.FALLOC_FL_INSERT_RANGE) {
            return ext4_insert_range(inode, off, len);
        }
        ext4_punch_hole(inode, off, len);
        return 0;
    }

    /**
     * {@code ext4_collapse_range} as ea3d7209ca01 left it: write back from the range to EOF, then take
     * {@code i_mutex} (-EINVAL if the range reaches EOF) and {@code i_mmap_sem}, drop the page cache from the range
     * on and shift the extents down.
     */
    protected int ext4_collapse_range(Inode inode, long off, long len) {
        PageWriteback.filemap_write_and_wait_range(inode.i_mapping, off >>> PageSize.PAGE_SHIFT, Long.MAX_VALUE);
        Points.at(SHIFT_FLUSHED);
        RwSemaphore.down_write(inode.i_rwsem);
        try {
            if (off + len >= Inode.i_size_read(inode)) {
                return -Errno.EINVAL;
            }
            RwSemaphore.down_write(EXT4_I(inode).i_mmap_sem);
            try {
                collapseDropAndShift(inode, off, len);
            } finally {
                RwSemaphore.up_write(EXT4_I(inode).i_mmap_sem);
            }
        } finally {
            RwSemaphore.up_write(inode.i_rwsem);
        }
        return 0;
    }

    /**
     * {@code ext4_insert_range} as ea3d7209ca01 left it: write back from the range to EOF, then take {@code i_mutex}
     * (-EINVAL if the range starts at or beyond EOF) and {@code i_mmap_sem}, drop the page cache from the range on,
     * grow i_size and shift the extents up.
     */
    protected int ext4_insert_range(Inode inode, long off, long len) {
        PageWriteback.filemap_write_and_wait_range(inode.i_mapping, off >>> PageSize.PAGE_SHIFT, Long.MAX_VALUE);
        Points.at(SHIFT_FLUSHED);
        RwSemaphore.down_write(inode.i_rwsem);
        try {
            if (off >= Inode.i_size_read(inode)) {
                return -Errno.EINVAL;
            }
            RwSemaphore.down_write(EXT4_I(inode).i_mmap_sem);
            try {
                insertDropAndShift(inode, off, len);
            } finally {
                RwSemaphore.up_write(EXT4_I(inode).i_mmap_sem);
            }
        } finally {
            RwSemaphore.up_write(inode.i_rwsem);
        }
        return 0;
    }

    /** {@code truncate_pagecache(inode, ioffset)}, then {@code ext4_ext_shift_extents} left and the new i_size. */
    protected final void collapseDropAndShift(Inode inode, long off, long len) {
        Truncate.truncate_pagecache(inode, off & ~(long) (PageSize.PAGE_SIZE - 1));
        Points.at(SHIFT_DROPPED);
        collapseBlocks(inode, off, len);
    }

    /** {@code truncate_pagecache(inode, ioffset)}, then the new i_size and {@code ext4_ext_shift_extents} right. */
    protected final void insertDropAndShift(Inode inode, long off, long len) {
        Truncate.truncate_pagecache(inode, off & ~(long) (PageSize.PAGE_SIZE - 1));
        Points.at(SHIFT_DROPPED);
        insertBlocks(inode, off, len);
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.notApplicable("zero-range", "not modelled: ext4_zero_range (3.15) is not mirrored, so the race is not run");
        e.correct("punch-hole", "i_mmap_sem shared in the fault and exclusive across truncate_pagecache_range and the "
                + "block removal: no page comes back into the hole (ea3d7209ca01)");
        String window = "ext4_collapse_range and ext4_insert_range write the range back before they take i_mutex and "
                + "i_mmap_sem: a write fault dirties a page in between, truncate_pagecache drops it dirty and the "
                + "shift moves the old data (fixed by 32ebffd3bbb4 \"ext4: fix races between buffered IO and "
                + "collapse / insert range\")";
        e.known("collapse-range", window, "LOST_WRITE");
        e.known("insert-range", window, "LOST_WRITE");
    }
}
