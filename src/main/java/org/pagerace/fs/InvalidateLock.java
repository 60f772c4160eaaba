package org.pagerace.fs;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.Point;
import org.pagerace.mm.Points;
import org.pagerace.mm.VmFault;

/**
 * ext4 since 5.15 ({@code ext4_page_mkwrite}, Linux 6.12 {@code fs/ext4/inode.c}, delalloc path): the whole
 * handler runs under {@code invalidate_lock} shared, and ext4's truncate and punch take it exclusive, so the
 * handler never sees a page truncate is removing; within it, {@code block_page_mkwrite}'s checks (NOPAGE) and
 * LOCKED on success. XFS's {@code XFS_MMAPLOCK_SHARED} is the same lock.
 */
public final class InvalidateLock implements Convention {
    @Override
    public String id() {
        return "invalidate-lock";
    }

    @Override
    public String summary() {
        return "ext4/xfs since 5.15: invalidate_lock shared in the fault, exclusive in truncate/punch; LOCKED";
    }

    @Override
    public String modelledOn() {
        return "Linux 6.12 fs/ext4/inode.c ext4_page_mkwrite, fs/ext4/inode.c ext4_setattr, fs/ext4/extents.c punch";
    }

    @Override
    public boolean serialisesTruncate() {
        return true;
    }

    @Override
    public int page_mkwrite(VmFault vmf) {
        AddressSpace mapping = vmf.mapping();
        AddressSpace.filemap_invalidate_lock_shared(mapping);
        try {
            Folio folio = vmf.page;
            Inode inode = vmf.inode();
            folio_lock(folio);
            if (folio.mapping != mapping || folio_pos(folio) >= Inode.i_size_read(inode)) {
                folio_unlock(folio);
                return vmf_fs_error(-14); /* -EFAULT */
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
        } finally {
            AddressSpace.filemap_invalidate_unlock_shared(mapping);
        }
    }
}
