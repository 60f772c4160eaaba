package org.pagerace.fs.xfs;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Era;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;

/**
 * XFS from 2ebff7bbd785 "xfs: flush entire last page of old EOF on truncate up" (Dave Chinner, 2014; fstests
 * generic/029 was written for it): on a filesystem whose blocks are smaller than a page, a file shrunk into a page
 * that a mapping had dirtied and grown back leaves that page writably mapped over the hole blocks the extension
 * brought into it, so "we'll never get a .page_mkwrite callout after we extend the file and the application writes
 * data into the hole on the page. Hence when we come to writing that region of the page, it has no blocks and no
 * delayed allocation reservation and hence we toss the data away". The fix: after {@code truncate_setsize} a growing
 * {@code xfs_setattr_size} of a mapped file writes back and waits for the page holding the old EOF
 * ({@code filemap_write_and_wait_range(round_down(oldsize), round_up(oldsize) - 1)}), which cleans and
 * write-protects its ptes, so the next store faults and {@code block_page_mkwrite} prepares the new blocks. The
 * commit says it is "really just a best effort": a store between the i_size update and the flush still lands over
 * the hole, which the harness grades as a store into the tail before the extension returned. Read from the commit
 * message and from the hunk that "xfs: xfs_setattr_size no longer races with page faults" (4.0; linux-mm, January
 * 2015) removed, which quotes the flush whole; the hash was confirmed on kernel trees' commit pages (gitiles), not
 * in the stored torvalds/linux history.
 *
 * <p>The release, 3.17, is not confirmed (the commit is of 2014 and 4.0 removed it; 3.18 is possible). Deviations:
 * this version is 2.6.37's XFS with the commit applied. It runs under the 2.6.37 era, whose {@code truncate_setsize}
 * has no {@code pagecache_isize_extended} (90a8020278c1 added it in 3.18), so the flush alone write-protects the
 * page, though 3.17's fault path is {@code do_shared_fault}; and it has no hole punch, which XFS had from 2.6.38 and
 * which the chain's next version, {@link Xfs_3_19}, brings.
 */
@Version(fs = "xfs", id = "2ebff7bb", release = "3.17", era = Era.LINUX_2_6_37, commit = "2ebff7bbd785",
        title = "xfs: flush entire last page of old EOF on truncate up",
        changes = {"xfs_setattr_size"},
        mirrors = "Linux 3.17 fs/xfs/xfs_iops.c xfs_setattr_size (2ebff7bbd785's hunk, as 4.0 removed it)")
public class Xfs_2ebff7bb extends Xfs_2_6_37 {
    /**
     * As before, then, growing a mapped file, {@code filemap_write_and_wait_range} over the page straddling the old
     * EOF ("the partial page at the old EOF is always cleaned after we do any zeroing and move the EOF upwards").
     */
    @Override
    protected void xfs_setattr_size(Inode inode, long size) {
        long oldsize = Inode.i_size_read(inode);
        super.xfs_setattr_size(inode, size);
        if (size > oldsize && mapping_mapped(inode.i_mapping)) {
            long start = oldsize & ~(long) (PageSize.PAGE_SIZE - 1); /* round_down(oldsize, PAGE_CACHE_SIZE) */
            long end = PageSize.roundUp(oldsize) - 1; /* round_up(oldsize, PAGE_CACHE_SIZE) - 1 */
            if (end >= start) { /* an old EOF on a page boundary leaves no partial page: nothing to write */
                PageWriteback.filemap_write_and_wait_range(inode.i_mapping, start >>> PageSize.PAGE_SHIFT,
                        end >>> PageSize.PAGE_SHIFT);
            }
        }
    }

    /** {@code mapping_mapped}: whether any VMA maps the file. */
    private static boolean mapping_mapped(AddressSpace mapping) {
        return !mapping.i_mmap.isEmpty();
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.notApplicable("punch-hole", "not modelled at this version: xfs_free_file_space (2.6.38) comes with xfs@3.19 "
                + "in this chain, so the race is not run");
        e.belowPage().correct("partial-page", "as against truncate-up: the growing xfs_setattr_size writes back the "
                + "page straddling the old EOF after i_size is written, which write-protects it, so a store into the "
                + "blocks the extension brought back faults and block_page_mkwrite prepares them (2ebff7bbd785)");
        e.belowPage().correct("truncate-up", "a growing xfs_setattr_size writes back the page straddling the old EOF "
                + "after i_size is written, which write-protects it: a store into the new blocks faults and "
                + "block_page_mkwrite prepares them (2ebff7bbd785); a store that lands before the flush is into the "
                + "tail before the extension returned");
    }
}
