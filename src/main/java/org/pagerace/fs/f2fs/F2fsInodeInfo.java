package org.pagerace.fs.f2fs;

import org.pagerace.fs.InodeInfo;
import org.pagerace.mm.Inode;
import org.pagerace.mm.RwSemaphore;

/**
 * {@code struct f2fs_inode_info} ({@code fs/f2fs/f2fs.h}), reduced to {@code i_mmap_sem}: added by 5a3a2d83cda8
 * (4.12), taken shared by the fault and page_mkwrite and exclusive by truncate and hole punch (later renamed
 * {@code i_mmap_rwsem}, then replaced by the mapping's {@code invalidate_lock}).
 */
public final class F2fsInodeInfo extends InodeInfo {
    /** 4.12 on: {@code F2FS_I(inode)->i_mmap_sem}. */
    public final RwSemaphore i_mmap_sem = lock();

    F2fsInodeInfo(int maxPages) {
        super(maxPages);
    }

    /** {@code F2FS_I(inode)}. */
    static F2fsInodeInfo F2FS_I(Inode inode) {
        return (F2fsInodeInfo) inode.i_private;
    }
}
