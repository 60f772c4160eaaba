package org.pagerace.fs.ext4;

import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.Buffer;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.Falloc;
import org.pagerace.fs.Version;
import org.pagerace.mm.Era;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.VmFault;
import org.pagerace.sys.Errno;

/**
 * ext4 from Linux 3.1, when 9ea7df534ed2 "ext4: Rewrite ext4_page_mkwrite() to use generic helpers" made the
 * delalloc handler {@code __block_page_mkwrite}: lock, recheck mapping and EOF, NOPAGE if truncated, LOCKED on
 * success, {@code -ENOMEM} → OOM. The same release range also has the hole punch (a4bb6b64e39a "ext4: enable
 * 'punch hole' functionality", 3.0), which under {@code i_mutex} alone drops the page cache of the hole with
 * {@code truncate_inode_pages_range} and then frees the blocks, and no {@code i_alloc_sem} any more (bd5fe6c5eb9c
 * "fs: kill i_alloc_sem", 3.1): this is ext4 before ea3d7209ca01. The caller is still 2.6.37's {@code __do_fault}
 * shape. Deviations: no journal, no {@code sb_start_pagefault}, no ENOSPC retry loop.
 */
@Version(fs = "ext4", id = "9ea7df53", release = "3.1", era = Era.LINUX_2_6_37, commit = "9ea7df534ed2",
        title = "ext4: Rewrite ext4_page_mkwrite() to use generic helpers",
        changes = {"ext4_page_mkwrite", "ext4_setattr", "ext4_fallocate", "ext4_punch_hole"},
        mirrors = "Linux 3.1 fs/ext4/inode.c ext4_page_mkwrite, ext4_setattr; fs/ext4/extents.c ext4_fallocate, "
                + "fs/ext4/inode.c ext4_punch_hole (3.0)")
public class Ext4_9ea7df53 extends Ext4_3_0 {
    @Override
    protected int ext4_page_mkwrite(VmFault vmf) {
        return vmf_fs_error(Buffer.__block_page_mkwrite(vmf)); /* block_page_mkwrite_return, renamed in 6.x */
    }

    /**
     * {@code ext4_setattr(ATTR_SIZE)} under i_mutex alone: shrinking writes i_size, drops the page cache and frees
     * the blocks; growing is a bare {@code i_size_write} ("} else i_size_write(inode, attr->ia_size);" until
     * d6320cbfc929), so the EOF page keeps its writable ptes.
     */
    @Override
    protected void ext4_setattr(Inode inode, long size) {
        RwSemaphore.down_write(inode.i_rwsem);
        try {
            if (size > Inode.i_size_read(inode)) {
                inode.backing().truncate(size);
                Inode.i_size_write(inode, size);
            } else {
                truncate_size_locked(inode, size);
            }
        } finally {
            RwSemaphore.up_write(inode.i_rwsem);
        }
    }

    @Override
    public boolean supportsFallocate(int mode) {
        return mode == (Falloc.FALLOC_FL_PUNCH_HOLE | Falloc.FALLOC_FL_KEEP_SIZE);
    }

    /** {@code ext4_fallocate}: a punch goes to {@link #ext4_punch_hole}. */
    @Override
    protected int ext4_fallocate(Inode inode, int mode, long off, long len) {
        if (!supportsFallocate(mode)) {
            return -Errno.EOPNOTSUPP;
        }
        checkRange(inode, off, len);
        ext4_punch_hole(inode, off, len);
        return 0;
    }

    /**
     * {@code ext4_punch_hole} (3.0): under i_mutex, write back the range, drop its whole pages from the page cache
     * ({@code truncate_inode_pages_range}, which unmaps each mapped page as it goes), then free the blocks. Nothing
     * stops a fault from bringing a page back between the two.
     */
    protected void ext4_punch_hole(Inode inode, long off, long len) {
        write_back_then_punch(inode, off, len, this::truncate_pages_then_free);
    }

    /**
     * What {@code ext4_punch_hole} does in every version: under {@code i_rwsem}, write the range back, then
     * {@code punch} it: drop the page cache of the hole and free its blocks, under the lock (if any) the version
     * keeps faults out with.
     */
    static void write_back_then_punch(Inode inode, long off, long len, Punch punch) {
        RwSemaphore.down_write(inode.i_rwsem);
        try {
            PageWriteback.filemap_write_and_wait_range(inode.i_mapping, off >>> PageSize.PAGE_SHIFT,
                    (off + len - 1) >>> PageSize.PAGE_SHIFT);
            punch.punch(inode, off, len);
        } finally {
            RwSemaphore.up_write(inode.i_rwsem);
        }
    }

    @Override
    protected void expectations(Expectations e) {
        extendMmapWriteBeforeD6320cbf(e);
        e.notApplicable("collapse-range", "FALLOC_FL_COLLAPSE_RANGE came to ext4 in 3.15 (\"ext4: Add support "
                + "FALLOC_FL_COLLAPSE_RANGE for fallocate\"); 3.1 ext4_fallocate has punch and preallocation only");
        e.notApplicable("insert-range", "FALLOC_FL_INSERT_RANGE came to ext4 in 4.2 (\"ext4: Add support "
                + "FALLOC_FL_INSERT_RANGE for fallocate\")");
        e.notApplicable("zero-range", "FALLOC_FL_ZERO_RANGE came to ext4 in 3.15 (\"ext4: Introduce "
                + "FALLOC_FL_ZERO_RANGE flag for fallocate\")");
        e.notApplicable("dedupe", "ext4 has no ->remap_file_range (no reflink) in any release");
        e.correct("odirect-read", "the O_DIRECT read's flush is filemap_write_and_wait_range, which locks the page "
                + "that __block_page_mkwrite returns LOCKED until the VM has dirtied the pte (9ea7df534ed2)");
        e.correct("odirect-write", "an invalidated page is NOPAGE and the fault retries; the flush waits for the "
                + "page lock held from the handler to the dirty pte (9ea7df534ed2)");
        e.believedCorrect("__block_page_mkwrite rechecks mapping and EOF under the page lock, which truncate needs to "
                + "remove the page (9ea7df534ed2)");
        e.known("punch-hole", "ext4_punch_hole drops the page cache and then frees the blocks with only i_mutex held: "
                + "a fault re-creates the page in between and its store is discarded (fixed by ea3d7209ca01 \"ext4: fix "
                + "races between page faults and hole punching\")", "LOST_WRITE");
        e.belowPage().known("truncate-up", "__block_page_mkwrite prepares the EOF page's buffers up to i_size only "
                + "(end = size & ~PAGE_CACHE_MASK) and ext4_setattr grows the file with a bare i_size_write: the page "
                + "stays writably mapped, and a store into the blocks the extension brought into it is never prepared "
                + "for (90a8020278c1 and d6320cbfc929 write-protect it)", "UNBACKED_DIRTY");
        e.belowPage().known("partial-page", "as against truncate-up: __block_page_mkwrite, called while the file ends "
                + "100 bytes into the page, prepares its buffers up to i_size only, and the extension back is a bare "
                + "i_size_write that leaves the page writably mapped: the store lands in a hole block inside the new "
                + "size that was never prepared (90a8020278c1 and d6320cbfc929 write-protect it)", "UNBACKED_DIRTY");
    }
}
