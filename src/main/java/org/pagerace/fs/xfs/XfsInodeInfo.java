package org.pagerace.fs.xfs;

import org.pagerace.fs.InodeInfo;
import org.pagerace.mm.Inode;
import org.pagerace.mm.RwSemaphore;

/**
 * {@code struct xfs_inode} ({@code fs/xfs/xfs_inode.h}), reduced to the two inode locks that order a write fault
 * against truncate and punch in some release: {@code i_iolock} ({@code XFS_IOLOCK_*}, an mrlock until 4.7, when
 * "xfs: remove i_iolock and use i_rwsem in the VFS inode instead" made it the VFS inode's {@code i_rwsem}, hash
 * not checked) and {@code i_mmaplock} ({@code XFS_MMAPLOCK_*}, added by
 * 653c60b633a9 in 4.0, replaced by the mapping's {@code invalidate_lock} in 5.15). Which object a version's
 * {@code xfs_ilock} takes is up to the version ({@link Xfs_6_12} takes the VFS ones).
 */
public final class XfsInodeInfo extends InodeInfo {
    /** 2.6.37–4.6 {@code ip->i_iolock}. */
    public final RwSemaphore i_iolock = lock();
    /** 4.0–5.14 {@code ip->i_mmaplock}. */
    public final RwSemaphore i_mmaplock = lock();
    /**
     * {@code mp->m_flags & XFS_MOUNT_FS_SHUTDOWN} ({@code XFS_FORCED_SHUTDOWN(mp)}; {@code xfs_is_shutdown} from
     * 5.16): the mount's state, kept here as the model mounts one file per filesystem. Set once, never cleared.
     */
    volatile boolean m_shutdown;

    XfsInodeInfo(int maxPages) {
        super(maxPages);
    }

    /** {@code XFS_I(inode)}. */
    static XfsInodeInfo XFS_I(Inode inode) {
        return (XfsInodeInfo) inode.i_private;
    }
}
