package org.pagerace.fs.ext4;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Inode;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.Truncate;

/**
 * ext4 from Linux 6.13: 52aecaee1c26 "mm: zero range of eof folio exposed by inode size extension" made
 * {@code pagecache_isize_extended} zero the old EOF folio from the old size to the new one (to the folio's end) when
 * the folio is dirty after it is write-protected ("The post-eof range of the folio must be zeroed before it is
 * exposed to the file. Writeback normally does this, but since i_size has been increased we handle it here"), and
 * its companion c7fc0366c656 "ext4: partial zero eof block on unaligned inode size extension" (462a214e71f3 in the
 * ext4 tree) made a growing {@code ext4_setattr} zero the rest of the EOF block when the old size is not
 * block-aligned. Data a mapping stored beyond EOF before the extension no longer shows up in the file. Deviations
 * as {@link Ext4_6_12}; {@code ext4_block_truncate_page}'s zeroing is done on the file's data without dirtying
 * the folio (the model's buffered write is the fault path only); the order, block zeroing after
 * {@code i_size_write} and {@code pagecache_isize_extended} last, is the 6.13 source's.
 */
@Version(fs = "ext4", id = "52aecaee", release = "6.13", commit = "52aecaee1c26",
        title = "mm: zero range of eof folio exposed by inode size extension (with ext4: partial zero eof block on "
                + "unaligned inode size extension, c7fc0366c656)",
        changes = {"ext4_setattr", "pagecache_isize_extended"},
        mirrors = "Linux 6.13 fs/ext4/inode.c ext4_setattr; mm/truncate.c pagecache_isize_extended")
public class Ext4_52aecaee extends Ext4_6_12 {
    /**
     * Under {@code i_rwsem} and {@code invalidate_lock}: shrinking as before; growing writes i_size, zeroes the rest
     * of the old EOF block if the old size is not block-aligned, then {@link #pagecache_isize_extended}.
     */
    @Override
    protected void ext4_setattr(Inode inode, long size) {
        RwSemaphore.down_write(inode.i_rwsem);
        AddressSpace.filemap_invalidate_lock(inode.i_mapping);
        try {
            long oldsize = Inode.i_size_read(inode);
            if (size <= oldsize) {
                truncate_size_locked(inode, size);
                return;
            }
            inode.backing().truncate(size);
            Inode.i_size_write(inode, size);
            int bsize = Inode.i_blocksize(inode);
            if ((oldsize & (bsize - 1)) != 0) { /* ext4_block_truncate_page(handle, mapping, oldsize) */
                long blockEnd = (oldsize + bsize - 1) / bsize * bsize;
                inode.backing().punchHole(oldsize, Math.min(blockEnd, size) - oldsize);
            }
            Truncate.truncate_pagecache(inode, size);
            pagecache_isize_extended(inode, oldsize, size);
        } finally {
            AddressSpace.filemap_invalidate_unlock(inode.i_mapping);
            RwSemaphore.up_write(inode.i_rwsem);
        }
    }

    /** {@code pagecache_isize_extended} as 6.13 has it: {@link Truncate#pagecache_isize_extended} zeroing the exposed tail. */
    protected void pagecache_isize_extended(Inode inode, long from, long to) {
        Truncate.pagecache_isize_extended(inode, from, to, true);
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.correct("truncate-up", "the EOF page is write-protected after i_size grows, under i_rwsem and "
                + "invalidate_lock (90a8020278c1), and what a mapping stored beyond the old EOF is zeroed before the "
                + "new size exposes it (52aecaee1c26, c7fc0366c656)");
    }
}
