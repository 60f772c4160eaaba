package org.pagerace.fs.shmem;

import org.pagerace.fs.InodeInfo;
import org.pagerace.mm.Inode;

/**
 * {@code struct shmem_inode_info} ({@code include/linux/shmem_fs.h}), reduced to what orders a fault against a hole
 * punch: the {@code struct shmem_falloc} a punch publishes in {@code inode->i_private} while it runs. Deviation: the
 * kernel keeps that pointer in the VFS inode's {@code i_private} (under {@code i_lock}); here {@code i_private}
 * holds the per-inode data of every model, so the pointer lives in this field (volatile in place of
 * {@code i_lock}). shmem has no private locks: the oracle has nothing to check for leaks beyond the VFS ones.
 */
public final class ShmemInodeInfo extends InodeInfo {
    /**
     * {@code struct shmem_falloc} of a punch: the page range [{@code start}, {@code next}) it is emptying, and whether
     * it has a wait queue ({@code waitq}: always, for a punch; only fallocate's preallocation has none).
     */
    public record ShmemFalloc(long start, long next, boolean waitq) {
    }

    /** {@code inode->i_private}: the punch in progress, or null. */
    volatile ShmemFalloc i_private;

    ShmemInodeInfo(int maxPages) {
        super(maxPages);
    }

    /** {@code SHMEM_I(inode)}. */
    static ShmemInodeInfo SHMEM_I(Inode inode) {
        return (ShmemInodeInfo) inode.i_private;
    }
}
