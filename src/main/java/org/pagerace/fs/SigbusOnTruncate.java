package org.pagerace.fs;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * The 2010-era handler that answers a truncated page with SIGBUS: {@code block_page_mkwrite} as it was before
 * 56a76f (Linux 2.6.28 {@code fs/buffer.c}), which gfs2 and others followed: lock the page; if its mapping changed
 * or it lies beyond i_size ({@code page_offset > size}), {@code -EINVAL}, made SIGBUS by the caller; otherwise
 * prepare it, unlock it and return 0.
 */
public final class SigbusOnTruncate implements Convention {
    @Override
    public String id() {
        return "sigbus";
    }

    @Override
    public String summary() {
        return "pre-56a76f block_page_mkwrite / gfs2: a truncated page is SIGBUS; success 0 unlocked";
    }

    @Override
    public String modelledOn() {
        return "Linux 2.6.28 fs/buffer.c block_page_mkwrite (before 56a76f), 2.6.37 fs/gfs2/file.c";
    }

    @Override
    public int page_mkwrite(VmFault vmf) {
        Folio page = vmf.page;
        Inode inode = vmf.inode();
        folio_lock(page);
        long size = Inode.i_size_read(inode);
        if (page.mapping != inode.i_mapping || folio_pos(page) > size) {
            folio_unlock(page); /* page got truncated out from underneath us */
            return VM_FAULT_SIGBUS;
        }
        Points.at(Point.MKWRITE_CHECKED);
        int err = BlockMap.of(vmf).reserve(page);
        folio_unlock(page);
        return err == 0 ? 0 : VM_FAULT_SIGBUS;
    }
}
