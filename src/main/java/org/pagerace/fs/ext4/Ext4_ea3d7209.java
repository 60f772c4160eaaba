package org.pagerace.fs.ext4;

import static org.pagerace.fs.ext4.Ext4InodeInfo.EXT4_I;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Inode;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.Truncate;
import org.pagerace.mm.VmFault;

/**
 * ext4 from Linux 4.5, when ea3d7209ca01 "ext4: fix races between page faults and hole punching" added
 * {@code EXT4_I(inode)->i_mmap_sem}: taken shared around {@code filemap_fault} ({@code ext4_filemap_fault}) and
 * around the whole of {@code ext4_page_mkwrite}, exclusive in {@code ext4_setattr} around
 * {@code truncate_pagecache} and the block truncation, and in {@code ext4_punch_hole} around
 * {@code truncate_pagecache_range} and the block removal. A fault can no longer bring a page back into a hole
 * being punched. The caller is the modern {@code do_shared_fault}/{@code wp_page_shared} shape (4.x).
 */
@Version(fs = "ext4", id = "ea3d7209", release = "4.5", commit = "ea3d7209ca01",
        title = "ext4: fix races between page faults and hole punching",
        changes = {"ext4_filemap_fault", "ext4_page_mkwrite", "ext4_setattr", "ext4_punch_hole"},
        mirrors = "Linux 4.5 fs/ext4/file.c ext4_filemap_fault; fs/ext4/inode.c ext4_page_mkwrite, ext4_setattr, "
                + "ext4_punch_hole")
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
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.correct("punch-hole", "i_mmap_sem shared in the fault and exclusive across truncate_pagecache_range and the "
                + "block removal: no page comes back into the hole (ea3d7209ca01)");
    }
}
