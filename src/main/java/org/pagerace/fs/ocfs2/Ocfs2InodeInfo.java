package org.pagerace.fs.ocfs2;

import org.pagerace.fs.InodeInfo;
import org.pagerace.mm.Inode;
import org.pagerace.mm.RwSemaphore;

/**
 * {@code struct ocfs2_inode_info} ({@code fs/ocfs2/inode.h}), reduced to {@code ip_alloc_sem}, the rwsem that
 * {@code ocfs2_page_mkwrite} holds for write around {@code __ocfs2_page_mkwrite} and {@code ocfs2_truncate_file}
 * holds across dropping the pages and changing the size. The cluster locks ({@code ocfs2_inode_lock},
 * {@code ocfs2_rw_lock}) are left out: on one node their local holders share the node's level, so they do not
 * exclude each other (ocfs2's handler comment: "The alloc sem should be enough to serialize with
 * ocfs2_truncate_file()").
 */
public final class Ocfs2InodeInfo extends InodeInfo {
    /** {@code OCFS2_I(inode)->ip_alloc_sem}. */
    public final RwSemaphore ip_alloc_sem = lock();

    Ocfs2InodeInfo(int maxPages) {
        super(maxPages);
    }

    /** {@code OCFS2_I(inode)}. */
    static Ocfs2InodeInfo OCFS2_I(Inode inode) {
        return (Ocfs2InodeInfo) inode.i_private;
    }
}
