package org.pagerace.fs.ext4;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.Era;
import org.pagerace.mm.Inode;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.Truncate;

/**
 * ext4 from Linux 3.18, when d6320cbfc929 "ext4: fix mmap data corruption when blocksize &lt; pagesize" made
 * {@code ext4_setattr} call {@code pagecache_isize_extended(inode, oldsize, inode->i_size)} after the
 * {@code i_size_write} of a growing size change: the helper 90a8020278c1 "vfs: fix data corruption when blocksize
 * &lt; pagesize for mmaped data" added to {@code mm/truncate.c} (and to {@code truncate_setsize} and
 * {@code generic_write_end}), which write-protects the page straddling the old EOF when the extension brings hole
 * blocks into it, so that the next store through a mapping calls {@code ->page_mkwrite} again. Only blocks smaller
 * than a page are affected. Deviations as {@link Ext4_9ea7df53}.
 */
@Version(fs = "ext4", id = "d6320cbf", release = "3.18", era = Era.LINUX_2_6_37, commit = "d6320cbfc929",
        title = "ext4: fix mmap data corruption when blocksize < pagesize",
        changes = {"ext4_setattr"},
        mirrors = "Linux 3.18 fs/ext4/inode.c ext4_setattr; mm/truncate.c pagecache_isize_extended (90a8020278c1)")
public class Ext4_d6320cbf extends Ext4_9ea7df53 {
    /** As before, and a growing size change calls {@code pagecache_isize_extended} after writing i_size. */
    @Override
    protected void ext4_setattr(Inode inode, long size) {
        RwSemaphore.down_write(inode.i_rwsem);
        try {
            long oldsize = Inode.i_size_read(inode);
            if (size > oldsize) {
                inode.backing().truncate(size);
                Inode.i_size_write(inode, size);
                Truncate.pagecache_isize_extended(inode, oldsize, size);
            } else {
                truncate_size_locked(inode, size);
            }
        } finally {
            RwSemaphore.up_write(inode.i_rwsem);
        }
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.belowPage().correct("truncate-up", "pagecache_isize_extended write-protects the EOF page after i_size grows "
                + "(under i_mutex), so a store into its new blocks faults and __block_page_mkwrite prepares them "
                + "(90a8020278c1, d6320cbfc929)");
        e.belowPage().correct("extend-mmap-write", "with blocks below a page pagecache_isize_extended locks the EOF "
                + "page (find_lock_page) after i_size_write to write-protect it: an extension that starts after the "
                + "writeback locked the page waits until the write-out unlocks it, so the thread that extends cannot "
                + "store inside the window mpage_submit_page leaves between its i_size sample and "
                + "clear_page_dirty_for_io; a store from another thread can (three actors: a056bdaae7a1's window "
                + "stays open until 4.13, but not in this two-actor race)");
        e.belowPage().correct("partial-page", "as against truncate-up: the extension back from 100 bytes into the page "
                + "write-protects it (pagecache_isize_extended, 90a8020278c1, d6320cbfc929), so a store after it faults "
                + "and __block_page_mkwrite prepares the blocks the new size brought into the page");
    }
}
