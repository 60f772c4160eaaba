package org.pagerace.fs;

import static org.pagerace.mm.Folio.*;

import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * The generic write-fault helper of {@code fs/buffer.c}, Linux 6.12: {@code block_page_mkwrite}. Deviation: the
 * buffers are the {@link BlockMap}'s blocks and per-page metadata ({@code __block_write_begin_int(folio, 0, end)}
 * with a delalloc {@code get_block} is {@link BlockMap#reserve(Folio, int)}: with blocks smaller than a page, only
 * those of the EOF page inside i_size get a reservation).
 */
public final class Buffer {
    private Buffer() {
    }

    /**
     * {@code block_page_mkwrite(vma, vmf, get_block)}: lock the folio; if its mapping changed or it starts at or
     * beyond EOF, unlock and return -EFAULT ("we overload EFAULT to mean page got truncated"); else set up its
     * buffers, dirty it, wait until it is stable. Callers map the result with {@code vmf_fs_error}: 0 →
     * {@code VM_FAULT_LOCKED}, -EFAULT → NOPAGE, -ENOMEM → OOM.
     * Return: 0 with the folio locked, or -errno with it unlocked.
     */
    public static int block_page_mkwrite(VmFault vmf) {
        return block_page_mkwrite(vmf, true);
    }

    /**
     * {@code __block_page_mkwrite} as Linux 3.1 to 5.x have it: the same, except that a page starting exactly at
     * EOF counts as inside the file ({@code page_offset(page) > size}); 243145bc4336 "fs: Fix page_mkwrite off-by-one
     * errors" (5.x) made it {@code >=}.
     */
    public static int __block_page_mkwrite(VmFault vmf) {
        return block_page_mkwrite(vmf, false);
    }

    private static int block_page_mkwrite(VmFault vmf, boolean eofPageIsTruncated) {
        int err = lockAndPrepareBlocks(vmf, eofPageIsTruncated);
        if (err < 0) {
            return err;
        }
        folio_wait_writeback(vmf.page); /* folio_wait_stable */
        return 0;
    }

    /**
     * The part of {@code __block_page_mkwrite} every release shares, for the versions that wrap it in their own
     * steps (a freeze check before the stable wait, a time update before the lock): lock the folio, recheck its
     * mapping and EOF ({@code >=} if {@code eofPageIsTruncated}, else {@code >}), prepare its blocks up to EOF, dirty
     * it. Return: 0 with the folio locked, or -errno with it unlocked.
     */
    public static int lockAndPrepareBlocks(VmFault vmf, boolean eofPageIsTruncated) {
        Folio folio = vmf.page;
        Inode inode = vmf.inode();
        folio_lock(folio);
        long size = Inode.i_size_read(inode);
        boolean beyond = eofPageIsTruncated ? folio_pos(folio) >= size : folio_pos(folio) > size;
        if (folio.mapping != inode.i_mapping || beyond) {
            folio_unlock(folio);
            return -Errno.EFAULT;
        }
        Points.at(Point.MKWRITE_CHECKED);
        /* "folio is wholly or partially inside EOF": prepare the blocks up to EOF only */
        long end = Math.min(PageSize.PAGE_SIZE, size - folio_pos(folio));
        int err = BlockMap.of(vmf).reserve(folio, (int) Math.max(0, end));
        if (err < 0) {
            folio_unlock(folio);
            return err;
        }
        PageWriteback.folio_mark_dirty(folio);
        return 0;
    }
}
