package org.pagerace.fs;

import java.util.List;
import org.pagerace.mm.Inode;
import org.pagerace.mm.RwSemaphore;

/**
 * A filesystem's per-inode data, kept in {@code inode->i_private} (the kernel embeds the VFS inode in
 * {@code struct ext4_inode_info}, {@code struct xfs_inode}, {@code struct btrfs_inode}, …; here the relation is
 * reversed). Every filesystem has its {@link BlockMap}; a filesystem with locks of its own (ext4's
 * {@code i_mmap_sem}, btrfs's {@code i_mmap_lock}, ocfs2's {@code ip_alloc_sem}, gfs2's glock) subclasses this and
 * lists them in {@link #locks()}, so that the oracle can tell a lock leaked by a race.
 */
public class InodeInfo {
    /** The per-page block state and metadata. */
    public final BlockMap blocks;

    public InodeInfo(int maxPages) {
        this.blocks = new BlockMap(maxPages);
    }

    /** The filesystem-private locks of this inode; none by default. */
    public List<RwSemaphore> locks() {
        return List.of();
    }

    /** The info of {@code inode}. */
    public static InodeInfo of(Inode inode) {
        return (InodeInfo) inode.i_private;
    }
}
