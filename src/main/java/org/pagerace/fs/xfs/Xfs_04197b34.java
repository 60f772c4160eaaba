package org.pagerace.fs.xfs;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.Inode;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * XFS from 04197b341f23 "xfs: don't BUG() on mixed direct and mapped I/O" (4.10, in 4.9.3): a direct read whose
 * block lookup ({@code __xfs_get_blocks}) finds a delalloc extent, which a write fault put into a hole after the
 * read's flush and invalidation ("the lack of exclusion between the direct I/O and write fault paths"), fails the
 * I/O with -EIO and a {@code WARN_ON_ONCE} instead of the {@code BUG_ON}; a direct write within EOF likewise. Mixing
 * direct and mapped I/O to the same range stays unsupported; the system no longer crashes. Read from the commit's
 * diff of {@code fs/xfs/xfs_aops.c}. Deviations: those of {@link Xfs_653c60b6}.
 */
@Version(fs = "xfs", id = "04197b34", release = "4.10", commit = "04197b341f23",
        title = "xfs: don't BUG() on mixed direct and mapped I/O",
        changes = {"__xfs_get_blocks"},
        mirrors = "Linux 4.10 fs/xfs/xfs_aops.c __xfs_get_blocks")
public class Xfs_04197b34 extends Xfs_653c60b6 {
    /** {@code __xfs_get_blocks}: a delalloc extent under a direct read is -EIO ({@code WARN_ON_ONCE}), not a BUG. */
    @Override
    protected int __xfs_get_blocks(Inode inode, long off, long len, boolean create) {
        Points.at(ODIRECT_LOOKUP);
        if (!create && delalloc(inode, off, len)) {
            return -Errno.EIO; /* WARN_ON_ONCE(1) */
        }
        return allocateIfCreate(inode, off, len, create);
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.correct("odirect-read", "a delalloc extent found by the direct read's lookup fails the read with -EIO and "
                + "a WARN_ON_ONCE; the store is unaffected (04197b341f23)");
    }
}
