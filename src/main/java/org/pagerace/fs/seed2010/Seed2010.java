package org.pagerace.fs.seed2010;

import org.pagerace.fs.Expectations;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Version;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Era;
import org.pagerace.mm.Inode;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.VmFault;
import org.pagerace.sys.Errno;

/**
 * The generic local filesystem the 2010 thread argued about, with one of its page_mkwrite conventions as the
 * handler: {@code filemap_fault}, block-mapped {@code a_ops}, a size change as 2.6.37's {@code vmtruncate}
 * (i_size first, then {@code truncate_pagecache}, then the blocks) under {@code i_rwsem} (2.6.37's
 * {@code i_mutex}), and {@code invalidate_lock} exclusive around it when the convention serialises. Its hole punch
 * is the {@code FALLOC_FL_PUNCH_HOLE} that came in 2.6.38 (79124f18b335), kept so the thread's handlers meet the
 * partner that shows a dropped page inside i_size; 2.6.37 had only {@code vmtruncate_range} (MADV_REMOVE, tmpfs).
 * The handlers that did not exist in 2010 ({@code filemap}, {@code invalidate-lock}, {@code vmf-fs-error}) say so
 * in their summaries. The caller is either era's ({@code --era}): the modern one by default.
 */
@Version(fs = "seed2010", id = "2010", release = "2.6.37",
        mirrors = "Linux 2.6.37 mm/truncate.c vmtruncate, mm/memory.c; the handlers of the 2010 thread (seed/)")
public final class Seed2010 extends FileSystem {
    private final Convention handler;
    private final Era era;

    /** The seed filesystem with {@code handler}, under {@code era} (null: the modern caller). */
    public Seed2010(Convention handler, Era era) {
        this.handler = handler;
        this.era = era != null ? era : Era.MODERN;
    }

    /** The convention this instance runs. */
    public Convention handler() {
        return handler;
    }

    @Override
    public String id() {
        return "seed2010/" + handler.id();
    }

    @Override
    public String summary() {
        return handler.summary();
    }

    @Override
    public Era era() {
        return era;
    }

    @Override
    protected void expectations(Expectations e) {
        handler.expectations(e);
        e.notApplicable("collapse-range", "the generic filesystem of 2010 has no FALLOC_FL_COLLAPSE_RANGE (ext4 and "
                + "xfs brought it in 3.15)");
        e.notApplicable("insert-range", "the generic filesystem of 2010 has no FALLOC_FL_INSERT_RANGE (4.1, 4.2)");
        e.notApplicable("zero-range", "the generic filesystem of 2010 has no FALLOC_FL_ZERO_RANGE (3.15)");
        e.notApplicable("dedupe", "the generic filesystem of 2010 has no extent sharing (FIDEDUPERANGE is 4.5)");
        Expectations.Claim wb = e.claim("writeback");
        Expectations.Claim inv = e.claim("invalidate");
        if (!e.explicit().containsKey("odirect-read")) {
            declare(e, "odirect-read", "2.6.37 generic_file_aio_read writes an O_DIRECT read's range back with "
                    + "filemap_write_and_wait_range before ->direct_IO, the writeback partner's path: " + wb.why(),
                    wb.bugs());
        }
        if (!e.explicit().containsKey("odirect-write")) {
            java.util.Set<String> both = new java.util.LinkedHashSet<>(wb.bugs());
            both.addAll(inv.bugs());
            declare(e, "odirect-write", "2.6.37 generic_file_direct_write writes the range back, then "
                    + "invalidate_inode_pages2_range: the writeback partner's path (" + wb.why()
                    + ") and the invalidate partner's (" + inv.why() + ")", both);
        }
    }

    private static void declare(Expectations e, String race, String why, java.util.Set<String> bugs) {
        if (bugs.isEmpty()) {
            e.correct(race, why);
        } else {
            e.known(race, why, bugs.toArray(new String[0]));
        }
    }

    @Override
    public boolean needsMetadata() {
        return handler.needsMetadata();
    }

    @Override
    public int page_mkwrite(VmFault vmf) {
        return handler.page_mkwrite(vmf);
    }

    /** {@code vmtruncate} under {@code i_mutex}, and {@code invalidate_lock} if the convention serialises. */
    @Override
    public void setattr_size(Inode inode, long size) {
        checkSize(inode, size);
        lock(inode);
        try {
            truncate_size_locked(inode, size);
        } finally {
            unlock(inode);
        }
    }

    /** The 2.6.38 hole punch, under the same locks as a size change. */
    @Override
    public int fallocate(Inode inode, int mode, long off, long len) {
        if (mode != (org.pagerace.fs.Falloc.FALLOC_FL_PUNCH_HOLE | org.pagerace.fs.Falloc.FALLOC_FL_KEEP_SIZE)) {
            return -Errno.EOPNOTSUPP;
        }
        checkRange(inode, off, len);
        lock(inode);
        try {
            punch_hole_locked(inode, off, len);
        } finally {
            unlock(inode);
        }
        return 0;
    }

    private void lock(Inode inode) {
        RwSemaphore.down_write(inode.i_rwsem);
        if (handler.serialisesTruncate()) {
            AddressSpace.filemap_invalidate_lock(inode.i_mapping);
        }
    }

    private void unlock(Inode inode) {
        if (handler.serialisesTruncate()) {
            AddressSpace.filemap_invalidate_unlock(inode.i_mapping);
        }
        RwSemaphore.up_write(inode.i_rwsem);
    }
}
