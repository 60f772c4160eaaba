package org.pagerace.fs.nilfs2;

import static org.pagerace.mm.Folio.*;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Era;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;

/**
 * nilfs2 from 56d7acc792c0 "nilfs2: fix data loss with mmap()" (Andreas Rohner, September 2014; in 3.18):
 * {@code nilfs_set_page_dirty} now also queues the file when it newly dirties a page that has no buffers
 * ({@code else if (ret)}: {@code nilfs_set_file_dirty} with the page's blocks), so a store into a page read from
 * storage ({@code PG_mappedtodisk}, no buffers) is written by the next segment construction and by fsync.
 * Everything else as 3.17.
 */
@Version(fs = "nilfs2", id = "56d7acc7", release = "3.18", commit = "56d7acc792c0", era = Era.LINUX_2_6_37,
        title = "nilfs2: fix data loss with mmap()", changes = {"nilfs_set_page_dirty"},
        mirrors = "Linux 3.18 fs/nilfs2/inode.c nilfs_set_page_dirty (56d7acc792c0); the rest as 3.17")
public class Nilfs2_56d7acc7 extends Nilfs2_3_17 {
    /** {@code nilfs_set_page_dirty} with 56d7acc792c0's {@code else if (ret)} branch. */
    @Override
    protected boolean nilfs_set_page_dirty(AddressSpace mapping, Folio page) {
        boolean hadBuffers = folio_has_private(page);
        boolean ret = super.nilfs_set_page_dirty(mapping, page);
        if (!hadBuffers && ret) {
            Inode inode = mapping.host;
            nilfs_set_file_dirty(inode, 1 << (PageSize.PAGE_SHIFT - inode.i_blkbits));
        }
        return ret;
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.correct("fsync", "nilfs_set_page_dirty queues the file (nilfs_set_file_dirty) when it newly dirties a page "
                + "without buffers, before the VM's store lands; nilfs_sync_file's dsync segment then collects the "
                + "page, creates its buffers and writes it, and fsync returns after the write (56d7acc792c0)");
    }
}
