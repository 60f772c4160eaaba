package org.pagerace.fs.xfs;

import static org.pagerace.fs.xfs.XfsInodeInfo.XFS_I;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.sys.Errno;

/**
 * XFS from e4826691cc7e "xfs: restore shutdown check in mapped write fault path" (Brian Foster, 5.12; backported to
 * 5.10.y): {@code xfs_buffered_write_iomap_begin} begins again with {@code if (XFS_FORCED_SHUTDOWN(mp)) return
 * -EIO;}, so a write fault on a shut-down filesystem fails in {@code iomap_apply} with -EIO, which
 * {@code block_page_mkwrite_return} turns into SIGBUS ("The explicit error return historically translated to a
 * SIGBUS"), before {@code iomap_page_mkwrite_actor} can see a page that writeback left !PageUptodate. The only
 * function the commit changes (its diff: three lines in {@code fs/xfs/xfs_iomap.c}). Deviations: those of
 * {@link Xfs_f150b423}.
 */
@Version(fs = "xfs", id = "e4826691", release = "5.12", commit = "e4826691cc7e",
        title = "xfs: restore shutdown check in mapped write fault path",
        changes = {"xfs_buffered_write_iomap_begin"},
        mirrors = "Linux 5.12 fs/xfs/xfs_iomap.c xfs_buffered_write_iomap_begin")
public class Xfs_e4826691 extends Xfs_f150b423 {
    /** {@code xfs_buffered_write_iomap_begin}: -EIO on a shut-down filesystem, else as before. */
    @Override
    protected int xfs_buffered_write_iomap_begin(Inode inode, Folio folio, int length) {
        if (XFS_I(inode).m_shutdown) {
            return -Errno.EIO;
        }
        return super.xfs_buffered_write_iomap_begin(inode, folio, length);
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.correct("shutdown", "xfs_buffered_write_iomap_begin returns -EIO once XFS_FORCED_SHUTDOWN(mp), so a write "
                + "fault after the shutdown gets SIGBUS before iomap_page_mkwrite_actor looks at the page, and a store "
                + "that landed before it is lost with the failed writeback, as a shut-down filesystem loses all "
                + "unwritten data (e4826691cc7e)");
    }
}
