package org.pagerace.fs.ext4;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageWriteback;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * ext4 from Linux 4.13, when a056bdaae7a1 "ext4: fix data corruption for mmap writes" moved the i_size sample of
 * {@code mpage_submit_page} ({@code fs/ext4/inode.c}) after {@code clear_page_dirty_for_io}: "only after
 * clear_page_dirty_for_io() we are safe to sample i_size for ext4_bio_write_page() to zero-out tail of the written
 * page", because the write-protect keeps any store out of the page until the page lock is dropped, and a size that
 * grew before the sample is seen. Deviations as {@link Ext4_32ebffd3}; nothing else of 4.6 to 4.13 is mirrored
 * (the fault and truncate paths are 4.5's).
 */
@Version(fs = "ext4", id = "a056bdaa", release = "4.13", commit = "a056bdaae7a1", hashConfirmed = false,
        title = "ext4: fix data corruption for mmap writes",
        changes = {"mpage_submit_page"},
        mirrors = "Linux 4.13 fs/ext4/inode.c mpage_submit_page")
public class Ext4_a056bdaa extends Ext4_32ebffd3 {
    /** As before, with i_size sampled after {@code clear_page_dirty_for_io}. */
    @Override
    protected int mpage_submit_page(Folio folio) {
        PageWriteback.folio_clear_dirty_for_io(folio);
        Points.at(Point.WRITEBACK_CLEANED);
        long size = Inode.i_size_read(folio.mapping.host);
        return ext4_bio_write_page(folio, size);
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.correct("extend-mmap-write", "mpage_submit_page samples i_size after clear_page_dirty_for_io has "
                + "write-protected the locked page: a store that landed before it is inside a size grown before the "
                + "sample, and a later one faults and waits for the page lock until the write-out is done "
                + "(a056bdaae7a1)");
    }
}
