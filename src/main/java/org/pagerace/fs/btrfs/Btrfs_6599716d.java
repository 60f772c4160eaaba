package org.pagerace.fs.btrfs;

import static org.pagerace.fs.btrfs.BtrfsInodeInfo.BTRFS_I;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.Inode;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.VmFault;

/**
 * btrfs from 6599716de2d6 "btrfs: fix -ENOSPC mmap write failure on NOCOW files/extents" (Filipe Manana, 2025,
 * Linux 6.17; backported to 6.16-stable): {@code btrfs_page_mkwrite} ({@code fs/btrfs/file.c}) reserves the data
 * space with {@code btrfs_check_data_free_space} alone, and when that fails asks {@code btrfs_check_nocow_lock}
 * whether the range can be written in place (a NOCOW file or a prealloc extent, no reflink or snapshot sharing it);
 * if it can, it goes on with only the metadata reserved ({@code only_release_metadata}, {@code EXTENT_NORESERVE} on
 * the range) and releases the nocow lock ({@code btrfs_check_nocow_unlock}) before returning, as the buffered write
 * and direct I/O paths already did. A range that cannot be written in place still fails with -ENOSPC (SIGBUS).
 *
 * <p>Read from the commit's patch (the 6.16-stable AUTOSEL posting of upstream 6599716de2d68ab7b3c0). Deviations
 * as {@link Btrfs_5_12}; {@code btrfs_check_nocow_lock} is {@code BTRFS_INODE_NODATACOW} and an allocated extent
 * under the page ({@link BlockMap#ALLOCATED}): the model has no prealloc extents and no snapshots, and the
 * {@code enospc} race shares no extent, so {@code can_nocow_extent}'s shared-extent check is not modelled; the
 * nocow lock ({@code btrfs_drew_try_write_lock} on the root's {@code snapshot_lock}) is not modelled, as no
 * snapshot is taken.
 */
@Version(fs = "btrfs", id = "6599716d", release = "6.17", commit = "6599716de2d6",
        title = "btrfs: fix -ENOSPC mmap write failure on NOCOW files/extents",
        changes = {"btrfs_page_mkwrite"},
        mirrors = "Linux 6.17 fs/btrfs/file.c btrfs_page_mkwrite")
public class Btrfs_6599716d extends Btrfs_6_12 {
    /** As 6.12, but a data-space failure falls back to a NOCOW write where the range allows one. */
    @Override
    protected int btrfs_page_mkwrite(VmFault vmf) {
        Inode inode = vmf.inode();
        int ret = btrfs_check_data_free_space(inode);
        if (ret < 0 && btrfs_check_nocow_lock(inode, vmf.page.index) <= 0) {
            return vmf_error(ret); /* out_noreserve */
        }
        /* ret < 0 here: only_release_metadata, the whole page can be written in place (EXTENT_NORESERVE) */
        RwSemaphore.down_read(BTRFS_I(inode).i_mmap_lock);
        try {
            return lockedPageMkwrite(vmf);
        } finally {
            RwSemaphore.up_read(BTRFS_I(inode).i_mmap_lock);
            /* btrfs_check_nocow_unlock where only_release_metadata: the snapshot lock is not modelled */
        }
    }

    /** {@code btrfs_check_data_free_space}: the data half of {@link #btrfs_delalloc_reserve_space}. */
    static int btrfs_check_data_free_space(Inode inode) {
        return BlockMap.of(inode).reserveDataSpace();
    }

    /**
     * {@code btrfs_check_nocow_lock} for the page at {@code index}: 1 if the inode is NOCOW and the page's extent
     * exists (so it can be overwritten in place), else 0 (see the class comment for what is not modelled).
     */
    static int btrfs_check_nocow_lock(Inode inode, long index) {
        return BTRFS_I(inode).nodatacow && BlockMap.of(inode).state(index) == BlockMap.ALLOCATED ? 1 : 0;
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.correct("enospc", "a failed data reservation falls back to btrfs_check_nocow_lock; the NOCOW file's page "
                + "already has its extent, so the fault goes on with only metadata reserved and returns LOCKED "
                + "(6599716de2d6)");
    }
}
