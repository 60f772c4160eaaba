package org.pagerace.fs.gfs2;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.Era;
import org.pagerace.mm.Inode;
import org.pagerace.mm.Truncate;

/**
 * gfs2 from "gfs2: Improve mmap write vs. truncate consistency" (Andreas Gruenbacher, 6 September 2019; pulled for
 * 5.4 as part of gfs2-for-5.4): "When such a memory-mapped file is truncated down to size x which is not a multiple
 * of the page size and then back to a larger size, the page straddling size x can end up with a partial block
 * mapping. In that case, make sure to mark that page read-only so that page_mkwrite will be called before the page
 * can be written to the next time." The whole change is one line of {@code do_grow} ({@code fs/gfs2/bmap.c}):
 * {@code i_size_write(inode, size)} became {@code truncate_setsize(inode, size)}, whose
 * {@code pagecache_isize_extended} write-protects the page straddling the old EOF, so the next store calls
 * {@code gfs2_page_mkwrite}, which reallocates the blocks the shrink freed. "Fixes xfstests generic/029,
 * generic/030 on filesystems with a block size smaller than PAGE_SIZE."
 *
 * <p>The hash, b473bc2dcd5a, is that of a {@code git format-patch} header of the commit found by the search tool; the
 * stored kernel history does not hold it, so it is printed as unconfirmed. Deviation: this is {@link Gfs2_5_3} with
 * the commit applied.
 */
@Version(fs = "gfs2", id = "b473bc2d", release = "5.4", era = Era.MODERN, commit = "b473bc2dcd5a",
        title = "gfs2: Improve mmap write vs. truncate consistency", hashConfirmed = false,
        changes = {"do_grow"},
        mirrors = "Linux 5.4 fs/gfs2/bmap.c do_grow (the commit's one-line hunk)")
public class Gfs2_b473bc2d extends Gfs2_5_3 {
    /**
     * {@code do_grow} with {@code truncate_setsize} for the bare {@code i_size_write}: the real file is extended
     * first, as before, then i_size written and the page straddling the old EOF write-protected.
     */
    @Override
    protected void do_grow(Inode inode, long size) {
        inode.backing().truncate(size);
        Truncate.truncate_setsize(inode, size, era());
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.belowPage().correct("partial-page", "do_grow extends the file with truncate_setsize, whose "
                + "pagecache_isize_extended write-protects the page straddling the old EOF when the extension brings "
                + "hole blocks into it: the next store faults and gfs2_page_mkwrite, finding blocks unmapped "
                + "(gfs2_write_alloc_required), allocates the page's blocks again (this commit)");
    }
}
