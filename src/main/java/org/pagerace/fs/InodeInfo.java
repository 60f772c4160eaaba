package org.pagerace.fs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.pagerace.mm.Inode;
import org.pagerace.mm.RwSemaphore;

/**
 * A filesystem's per-inode data, kept in {@code inode->i_private} (the kernel embeds the VFS inode in
 * {@code struct ext4_inode_info}, {@code struct xfs_inode}, {@code struct btrfs_inode}, …; here the relation is
 * reversed). Every filesystem has its {@link BlockMap}; a filesystem with locks of its own (ext4's
 * {@code i_mmap_sem}, btrfs's {@code i_mmap_lock}, ocfs2's {@code ip_alloc_sem}, gfs2's glock) subclasses this and
 * makes each with {@link #lock()}, so that {@link #locks()} lists them and the oracle can tell a lock leaked by a
 * race.
 */
public class InodeInfo {
    /** The per-page block state and metadata. */
    public final BlockMap blocks;
    private final List<RwSemaphore> locks = new ArrayList<>();

    public InodeInfo(int maxPages) {
        this.blocks = new BlockMap(maxPages);
    }

    /** A new filesystem-private lock of this inode, listed by {@link #locks()} (for a field's initializer). */
    protected final RwSemaphore lock() {
        RwSemaphore sem = new RwSemaphore();
        locks.add(sem);
        return sem;
    }

    /** The filesystem-private locks of this inode, in the order they were made; none by default. */
    public List<RwSemaphore> locks() {
        return Collections.unmodifiableList(locks);
    }

    /** The info of {@code inode}. */
    public static InodeInfo of(Inode inode) {
        return (InodeInfo) inode.i_private;
    }
}
