package org.pagerace.fs.hugetlbfs;

import static org.pagerace.mm.Folio.*;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.Inode;
import org.pagerace.mm.KernelBug;

/**
 * hugetlbfs from 4aae8d1c051e "mm/hugetlbfs: unmap pages if page fault raced with hole punch" (Mike Kravetz,
 * January 2016; Linux 4.5): {@code remove_inode_hugepages}, holding the page's hugetlb fault mutex, unmaps a page it
 * finds mapped ({@code hugetlb_vmdelete_list} of that one page under {@code i_mmap_lock_write}; {@code BUG_ON} in a
 * truncation) and then removes it like any other: "The mutex will prevent faults until we finish removing the
 * page." The commit also moves {@code hugetlb_vmdelete_list}, unmodified, ahead of {@code remove_inode_hugepages};
 * that is why {@code changes} lists {@code remove_inode_hugepages} alone.
 */
@Version(fs = "hugetlbfs", id = "4aae8d1c", release = "4.5", commit = "4aae8d1c051e",
        title = "mm/hugetlbfs: unmap pages if page fault raced with hole punch", changes = {"remove_inode_hugepages"},
        mirrors = "Linux 4.5 fs/hugetlbfs/inode.c remove_inode_hugepages (4aae8d1c051e)")
public class Hugetlbfs_4aae8d1c extends Hugetlbfs_4_4 {
    /**
     * As 4.4, except that a mapped page, "faulted in after being unmapped in caller", is unmapped again under its
     * fault mutex and then locked and removed ({@code BUG_ON(truncate_op)}: "This race can only happen in the hole
     * punch case").
     */
    @Override
    protected void remove_inode_hugepages(Inode inode, long lstart, long lend) {
        boolean truncate_op = lend == LLONG_MAX;
        forEachPageUnderFaultMutex(inode, lstart, lend, page -> {
            if (folio_mapped(page)) {
                if (truncate_op) {
                    throw new KernelBug("BUG_ON(truncate_op): remove_inode_hugepages found page " + page.index
                            + " mapped during a truncation");
                }
                hugetlb_vmdelete_list(page.mapping, page.index, page.index + 1); /* under i_mmap_lock_write */
            }
            folio_lock(page);
            remove_huge_page(page);
            folio_unlock(page);
        });
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.correct("punch-hole", "remove_inode_hugepages unmaps a page it finds mapped while it holds the page's "
                + "hugetlb fault mutex, which every fault on the page takes, and then removes it (4aae8d1c051e): a "
                + "fault after the punch's unmap either maps the page before the removal pass takes the mutex, and "
                + "is undone, or comes after it and finds the hole");
    }
}
