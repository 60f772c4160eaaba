package org.pagerace.fs.gfs2;

import org.pagerace.fs.InodeInfo;
import org.pagerace.mm.Inode;
import org.pagerace.mm.RwSemaphore;

/**
 * {@code struct gfs2_inode} ({@code fs/gfs2/incore.h}), reduced to the inode glock {@code ip->i_gl}. A glock is a
 * cluster lock, but on one node its holders queue like an rwsem: an {@code LM_ST_EXCLUSIVE} holder excludes every
 * other local holder until {@code gfs2_glock_dq}. Modelled as a local rwsem; only exclusive holds occur here
 * ({@code gfs2_page_mkwrite}, {@code gfs2_setattr}).
 */
public final class Gfs2InodeInfo extends InodeInfo {
    /** The inode glock, {@code ip->i_gl}. */
    public final RwSemaphore i_gl = lock();

    Gfs2InodeInfo(int maxPages) {
        super(maxPages);
    }

    /** {@code GFS2_I(inode)}. */
    static Gfs2InodeInfo GFS2_I(Inode inode) {
        return (Gfs2InodeInfo) inode.i_private;
    }
}
