package org.pagerace.fs.seed2010;

import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.Buffer;
import org.pagerace.fs.Expectations;
import org.pagerace.mm.VmFault;

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
        return vmf_fs_error(Buffer.block_page_mkwrite(vmf));
    }

    @Override
    public void expectations(Expectations e) {
        e.believedCorrect("locks the page, rechecks mapping and i_size, NOPAGE if truncated, LOCKED on success: the convention Nick Piggin asked for (56a76f, b827e496c893)");
        e.known("punch-hole", "no invalidate_lock in this filesystem's punch: a fault re-creates the page after truncate_inode_pages_range and before the blocks are freed, and writes into data the punch then discards (the race ext4 closed in ea3d7209ca01, and the kernel for all in 5.15); the handler's convention cannot close it", "LOST_WRITE");
    }
}
