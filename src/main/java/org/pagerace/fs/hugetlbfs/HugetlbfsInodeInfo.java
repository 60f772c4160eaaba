package org.pagerace.fs.hugetlbfs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.pagerace.fs.InodeInfo;
import org.pagerace.mm.Inode;
import org.pagerace.mm.RwSemaphore;

/**
 * {@code struct hugetlbfs_inode_info} reduced to what orders a fault against a hole punch: the hugetlb fault mutexes
 * of the inode's pages. The kernel keeps one global table, {@code hugetlb_fault_mutex_table}, indexed by
 * {@code hugetlb_fault_mutex_hash(h, mm, vma, mapping, idx, address)}, which for a shared mapping hashes the
 * {@code mapping} and the page index. Deviation: one mutex per page index of this inode (no hash collisions between
 * pages; a collision only serialises unrelated faults further), each a {@link RwSemaphore} taken for writing only,
 * made with {@link #lock()} so that the oracle checks none is left held.
 */
public final class HugetlbfsInodeInfo extends InodeInfo {
    private final List<RwSemaphore> faultMutexes;

    HugetlbfsInodeInfo(int maxPages) {
        super(maxPages);
        List<RwSemaphore> m = new ArrayList<>(maxPages);
        for (int i = 0; i < maxPages; i++) {
            m.add(lock());
        }
        this.faultMutexes = Collections.unmodifiableList(m);
    }

    /** {@code &hugetlb_fault_mutex_table[hugetlb_fault_mutex_hash(..., mapping, idx, ...)]} for page {@code idx}. */
    RwSemaphore hugetlb_fault_mutex(long idx) {
        return faultMutexes.get((int) idx);
    }

    /** {@code HUGETLBFS_I(inode)}. */
    static HugetlbfsInodeInfo HUGETLBFS_I(Inode inode) {
        return (HugetlbfsInodeInfo) inode.i_private;
    }
}
