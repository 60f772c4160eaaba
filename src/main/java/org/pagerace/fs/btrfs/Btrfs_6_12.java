package org.pagerace.fs.btrfs;

import static org.pagerace.fs.btrfs.BtrfsInodeInfo.BTRFS_I;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.Inode;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.VmFault;

/**
 * btrfs as Linux 6.12 has it ({@code btrfs_page_mkwrite} now in {@code fs/btrfs/file.c}, on folios): since
 * 8318ba79eeeb "btrfs: add a i_mmap_lock to our inode" and 8d9b4a162a37 "btrfs: exclude mmap from happening during
 * all fallocate operations" (5.13), {@code btrfs_page_mkwrite} takes {@code i_mmap_lock} for read before the folio
 * lock (dropping it while it waits for an ordered extent) and {@code btrfs_punch_hole} takes it for write with the
 * inode lock ({@code btrfs_inode_lock(inode, BTRFS_ILOCK_MMAP)}). The rest is as in {@link Btrfs_5_12}: the
 * extent lock and the lock-range recheck still order a re-created page against the extent removal, so for hole
 * punch {@code i_mmap_lock} is a second guard, not the only one. {@code btrfs_setsize} takes no
 * {@code i_mmap_lock}. {@code btrfs_remap_file_range} takes {@code btrfs_inode_lock(inode, BTRFS_ILOCK_MMAP)}
 * (8c99516a8cdd "btrfs: exclude mmaps while doing remap", 5.13), so no write fault runs between a dedupe's
 * compare and its extent lock. Same deviations as {@link Btrfs_5_12}; the 6.12 text of {@code btrfs_page_mkwrite} was read
 * from the 6.x folio conversion patches.
 */
@Version(fs = "btrfs", id = "6.12", release = "6.12", commit = "8318ba79eeeb",
        title = "btrfs: add a i_mmap_lock to our inode; btrfs: exclude mmap from happening during all fallocate operations",
        changes = {"btrfs_page_mkwrite", "btrfs_punch_hole", "btrfs_remap_file_range"},
        mirrors = "Linux 6.12 fs/btrfs/file.c btrfs_page_mkwrite, btrfs_fallocate, btrfs_punch_hole, "
                + "btrfs_punch_hole_lock_range; fs/btrfs/inode.c btrfs_setsize, btrfs_inode_lock; fs/btrfs/reflink.c "
                + "btrfs_remap_file_range")
public class Btrfs_6_12 extends Btrfs_5_12 {
    /**
     * The data space reserved first, as in 5.12 (-ENOSPC: {@code out_noreserve}, SIGBUS), then {@code i_mmap_lock}
     * for read around the locked part (taken before the folio lock, released before return).
     */
    @Override
    protected int btrfs_page_mkwrite(VmFault vmf) {
        Inode inode = vmf.inode();
        int ret = btrfs_delalloc_reserve_space(inode);
        if (ret < 0) {
            return vmf_error(ret); /* out_noreserve */
        }
        RwSemaphore.down_read(BTRFS_I(inode).i_mmap_lock);
        try {
            return lockedPageMkwrite(vmf);
        } finally {
            RwSemaphore.up_read(BTRFS_I(inode).i_mmap_lock);
        }
    }

    /** {@code btrfs_punch_hole} under {@code btrfs_inode_lock(inode, BTRFS_ILOCK_MMAP)}. */
    @Override
    protected void btrfs_punch_hole(Inode inode, long off, long len) {
        btrfs_inode_lock(inode, BTRFS_ILOCK_MMAP);
        try {
            punch_hole_body(inode, off, len);
        } finally {
            btrfs_inode_unlock(inode, BTRFS_ILOCK_MMAP);
        }
    }

    /** {@code btrfs_remap_file_range} under {@code btrfs_inode_lock(inode, BTRFS_ILOCK_MMAP)} (8c99516a8cdd). */
    @Override
    protected long btrfs_remap_file_range(Inode inode, long off, long destoff, long len) {
        btrfs_inode_lock(inode, BTRFS_ILOCK_MMAP);
        try {
            return remap_dedupe_body(inode, off, destoff, len);
        } finally {
            btrfs_inode_unlock(inode, BTRFS_ILOCK_MMAP);
        }
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.correct("punch-hole", "as in 5.12 (extent lock and lock-range recheck), and i_mmap_lock, shared in "
                + "btrfs_page_mkwrite and exclusive across btrfs_punch_hole, keeps a write fault out of the whole "
                + "punch (8318ba79eeeb, 8d9b4a162a37)");
        e.correct("dedupe", "i_mmap_lock exclusive across the whole remap (8c99516a8cdd): no write fault between "
                + "the compare and the extent sharing");
    }
}
