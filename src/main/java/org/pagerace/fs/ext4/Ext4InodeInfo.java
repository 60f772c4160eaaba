package org.pagerace.fs.ext4;

import org.pagerace.fs.InodeInfo;
import org.pagerace.mm.RwSemaphore;

/**
 * {@code struct ext4_inode_info} ({@code fs/ext4/ext4.h}), reduced to the locks that order a write fault against
 * truncate and punch in some release: {@code i_mmap_sem} (4.5 to 5.14, then replaced by the mapping's
 * {@code invalidate_lock}), and {@code i_alloc_sem}, which in 2.6.37 is a field of the VFS {@code struct inode}
 * (taken for write by {@code notify_change} on a size change, removed in 3.1): kept here because only ext4's model
 * of that release uses it.
 */
public final class Ext4InodeInfo extends InodeInfo {
    /** 2.6.37 {@code inode->i_alloc_sem}. */
    public final RwSemaphore i_alloc_sem = lock();
    /** 4.5–5.14 {@code EXT4_I(inode)->i_mmap_sem}. */
    public final RwSemaphore i_mmap_sem = lock();

    Ext4InodeInfo(int maxPages) {
        super(maxPages);
    }

    /** {@code EXT4_I(inode)}. */
    static Ext4InodeInfo EXT4_I(org.pagerace.mm.Inode inode) {
        return (Ext4InodeInfo) inode.i_private;
    }
}
