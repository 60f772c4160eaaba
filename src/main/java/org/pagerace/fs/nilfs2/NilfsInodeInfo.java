package org.pagerace.fs.nilfs2;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.pagerace.fs.InodeInfo;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.RwSemaphore;

/**
 * {@code struct nilfs_inode_info} and the parts of {@code struct the_nilfs} one file's races touch (one inode per
 * filesystem here): {@code ns_segctor_sem}, which a transaction takes shared ({@code nilfs_transaction_begin}) and
 * the segment constructor exclusive ({@code nilfs_transaction_lock}); whether the file is on
 * {@code ns_dirty_files} with {@code NILFS_I_DIRTY} set ({@code nilfs_set_file_dirty}), which is what the segment
 * constructor and {@code nilfs_inode_dirty} look at; and the pages with {@code PG_mappedtodisk}. Deviations:
 * {@code ns_inode_lock} is this object's monitor; {@code PG_mappedtodisk} is kept here, per folio, instead of in
 * {@code page->flags} (a page removed from the page cache is a new folio when it comes back, so its flag goes with
 * it, as {@code truncate_complete_page}'s {@code ClearPageMappedToDisk} has it).
 */
final class NilfsInodeInfo extends InodeInfo {
    /** {@code the_nilfs->ns_segctor_sem}. */
    final RwSemaphore ns_segctor_sem = new RwSemaphore();
    /** {@code NILFS_I_DIRTY} set and the inode queued on {@code ns_dirty_files} (guarded by this object). */
    private boolean dirty;
    /** The folios with {@code PG_mappedtodisk} (guarded by this object). */
    private final Set<Folio> mappedToDisk = Collections.newSetFromMap(new IdentityHashMap<>());

    NilfsInodeInfo(int maxPages) {
        super(maxPages);
    }

    @Override
    public List<RwSemaphore> locks() {
        return List.of(ns_segctor_sem);
    }

    /** {@code NILFS_I(inode)}. */
    static NilfsInodeInfo NILFS_I(Inode inode) {
        return (NilfsInodeInfo) inode.i_private;
    }

    /** Sets {@code NILFS_I_DIRTY} and queues the inode on {@code ns_dirty_files}. */
    synchronized void markDirty() {
        dirty = true;
    }

    /** {@code nilfs_inode_dirty}: whether {@code NILFS_I_DIRTY} is set (the inode is on a dirty list). */
    synchronized boolean isDirty() {
        return dirty;
    }

    /**
     * The segment constructor takes the inode off {@code ns_dirty_files} to collect it
     * ({@code nilfs_segctor_collect_dirty_files}) and clears {@code NILFS_I_DIRTY} as it scans it. Return: whether
     * it was queued.
     */
    synchronized boolean takeDirty() {
        boolean was = dirty;
        dirty = false;
        return was;
    }

    /** {@code PageMappedToDisk(page)}. */
    synchronized boolean PageMappedToDisk(Folio page) {
        return mappedToDisk.contains(page);
    }

    /** {@code SetPageMappedToDisk(page)}. */
    synchronized void SetPageMappedToDisk(Folio page) {
        mappedToDisk.add(page);
    }
}
