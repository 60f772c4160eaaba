package org.pagerace.fs.ext4;

import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.Buffer;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.Version;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Inode;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.VmFault;

/**
 * ext4 as Linux 6.12 has it: {@code i_mmap_sem} became the mapping's {@code invalidate_lock} (d4f5258eae7b "ext4:
 * Convert to use mapping->invalidate_lock", 5.15), which {@code filemap_fault} itself takes shared when it must
 * create a page, so {@code ext4_file_vm_ops.fault} is plain {@code filemap_fault}; {@code ext4_page_mkwrite} runs
 * under {@code filemap_invalidate_lock_shared}, its delalloc path is {@code block_page_mkwrite} with the
 * {@code >=} EOF test of 243145bc4336 "fs: Fix page_mkwrite off-by-one errors" (5.6), errors through
 * {@code vmf_fs_error}; {@code ext4_setattr}, {@code ext4_punch_hole}, {@code ext4_collapse_range} and
 * {@code ext4_insert_range} take {@code invalidate_lock} exclusive (the last two write back under it, as
 * 32ebffd3bbb4 did under {@code i_mmap_sem}).
 * Deviations: no journal, no {@code sb_start_pagefault}, no ENOSPC retry loop, no inline data or DAX.
 */
@Version(fs = "ext4", id = "6.12", release = "6.12", commit = "d4f5258eae7b",
        title = "ext4: Convert to use mapping->invalidate_lock (5.15); fs: Fix page_mkwrite off-by-one errors (5.6)",
        changes = {"ext4_filemap_fault", "ext4_page_mkwrite", "ext4_setattr", "ext4_punch_hole", "ext4_collapse_range",
            "ext4_insert_range"},
        mirrors = "Linux 6.12 fs/ext4/file.c ext4_file_vm_ops; fs/ext4/inode.c ext4_page_mkwrite, ext4_setattr, "
                + "ext4_punch_hole; fs/ext4/extents.c ext4_collapse_range, ext4_insert_range; fs/buffer.c "
                + "block_page_mkwrite")
public class Ext4_6_12 extends Ext4_a056bdaa {
    @Override
    protected int ext4_filemap_fault(VmFault vmf) {
        return Filemap.filemap_fault(vmf);
    }

    @Override
    protected int ext4_page_mkwrite(VmFault vmf) {
        AddressSpace mapping = vmf.mapping();
        AddressSpace.filemap_invalidate_lock_shared(mapping);
        try {
            return vmf_fs_error(Buffer.block_page_mkwrite(vmf));
        } finally {
            AddressSpace.filemap_invalidate_unlock_shared(mapping);
        }
    }

    /** Under {@code i_rwsem} and {@code invalidate_lock}: i_size, the page cache, then the blocks. */
    @Override
    protected void ext4_setattr(Inode inode, long size) {
        RwSemaphore.down_write(inode.i_rwsem);
        AddressSpace.filemap_invalidate_lock(inode.i_mapping);
        try {
            truncate_size_locked(inode, size);
        } finally {
            AddressSpace.filemap_invalidate_unlock(inode.i_mapping);
            RwSemaphore.up_write(inode.i_rwsem);
        }
    }

    /** Write back, then under {@code invalidate_lock} drop the page cache of the hole and free its blocks. */
    @Override
    protected void ext4_punch_hole(Inode inode, long off, long len) {
        write_back_then_punch(inode, off, len, (i, o, l) -> {
            AddressSpace.filemap_invalidate_lock(i.i_mapping);
            try {
                punch_hole_locked(i, o, l);
            } finally {
                AddressSpace.filemap_invalidate_unlock(i.i_mapping);
            }
        });
    }

    /** {@code ext4_collapse_range}: inode_lock, -EINVAL at EOF, invalidate_lock, flush, drop, shift. */
    @Override
    protected int ext4_collapse_range(Inode inode, long off, long len) {
        return underShiftLocks(inode, inode.i_mapping.invalidate_lock, off + len >= Inode.i_size_read(inode),
                () -> collapseFlushDropAndShift(inode, off, len));
    }

    /** {@code ext4_insert_range}: inode_lock, -EINVAL at or beyond EOF, invalidate_lock, flush, drop, shift. */
    @Override
    protected int ext4_insert_range(Inode inode, long off, long len) {
        return underShiftLocks(inode, inode.i_mapping.invalidate_lock, off >= Inode.i_size_read(inode),
                () -> insertFlushDropAndShift(inode, off, len));
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.correct("punch-hole", "invalidate_lock shared in the fault (filemap_fault, ext4_page_mkwrite) and exclusive "
                + "in ext4_punch_hole: no page comes back into the hole (5.15, \"fs: Hole punch vs page cache filling "
                + "races\")");
        e.correct("collapse-range", "invalidate_lock exclusive across the flush, truncate_pagecache and the shift "
                + "(the 5.15 conversion of 32ebffd3bbb4's i_mmap_sem)");
        e.correct("insert-range", "invalidate_lock exclusive across the flush, truncate_pagecache and the shift "
                + "(the 5.15 conversion of 32ebffd3bbb4's i_mmap_sem)");
    }
}
