package org.pagerace.fs;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * The convention Nick Piggin asked every filesystem to adopt: {@code block_page_mkwrite} after 56a76f (Linux 6.x
 * {@code fs/buffer.c}, also btrfs's shape): lock the page; if its mapping changed or it is wholly beyond i_size,
 * unlock and return NOPAGE (the fault restarts and finds out); otherwise prepare it, dirty it, and return LOCKED
 * with the page still locked. -ENOMEM becomes OOM. Uses the 6.x test {@code folio_pos >= size}; 2.6.37 had
 * {@code >}, which let a page starting exactly at EOF through.
 */
public final class NopageLocked implements Convention {
    @Override
    public String id() {
        return "nopage-locked";
    }

    @Override
    public String summary() {
        return "block_page_mkwrite after 56a76f: lock, recheck mapping and i_size, NOPAGE; success LOCKED";
    }

    @Override
    public String modelledOn() {
        return "Linux 6.12 fs/buffer.c block_page_mkwrite (2.6.37 shape since 56a76f), fs/btrfs/inode.c";
    }

    @Override
    public int page_mkwrite(VmFault vmf) {
        return block_page_mkwrite(vmf);
    }

    /**
     * {@code block_page_mkwrite} with its errors mapped by {@code block_page_mkwrite_return} / {@code vmf_fs_error}:
     * also the inner part of ext4's handler ({@link InvalidateLock}).
     */
    static int block_page_mkwrite(VmFault vmf) {
        Folio folio = vmf.page;
        Inode inode = vmf.inode();
        folio_lock(folio);
        long size = Inode.i_size_read(inode);
        if (folio.mapping != inode.i_mapping || folio_pos(folio) >= size) {
            folio_unlock(folio);
            return vmf_fs_error(-14); /* -EFAULT: "we overload EFAULT to mean page got truncated" */
        }
        Points.at(Point.MKWRITE_CHECKED);
        int err = BlockMap.of(vmf).reserve(folio);
        if (err < 0) {
            folio_unlock(folio);
            return vmf_fs_error(err);
        }
        PageWriteback.folio_mark_dirty(folio);
        folio_wait_writeback(folio);
        return VM_FAULT_LOCKED;
    }
}
