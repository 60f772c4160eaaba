package org.pagerace.fs.btrfs;

import org.pagerace.fs.InodeInfo;
import org.pagerace.mm.Inode;
import org.pagerace.mm.RwSemaphore;

/**
 * {@code struct btrfs_inode} ({@code fs/btrfs/btrfs_inode.h}), reduced to what orders a write fault against hole
 * punch: {@code i_mmap_lock} (8318ba79eeeb "btrfs: add a i_mmap_lock to our inode", 5.13) and the extent range
 * lock of {@code io_tree} ({@code lock_extent}/{@code unlock_extent}, every release). Deviation: the extent lock
 * is one exclusive lock over the whole file, not a lock of byte ranges; every race here concerns one page, whose
 * range both sides lock, so the two only differ for ranges that do not overlap.
 */
public final class BtrfsInodeInfo extends InodeInfo {
    /** 5.13+ {@code BTRFS_I(inode)->i_mmap_lock}. */
    public final RwSemaphore i_mmap_lock = lock();
    /** The extent range lock of {@code BTRFS_I(inode)->io_tree}, held exclusive. */
    public final RwSemaphore io_tree = lock();
    /** {@code BTRFS_I(inode)->flags & BTRFS_INODE_NODATACOW}: set by {@code chattr +C} (FS_NOCOW_FL). */
    public volatile boolean nodatacow;

    BtrfsInodeInfo(int maxPages) {
        super(maxPages);
    }

    /** {@code BTRFS_I(inode)}. */
    static BtrfsInodeInfo BTRFS_I(Inode inode) {
        return (BtrfsInodeInfo) inode.i_private;
    }
}
