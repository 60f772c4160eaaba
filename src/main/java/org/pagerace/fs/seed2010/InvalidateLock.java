package org.pagerace.fs.seed2010;

import org.pagerace.fs.Buffer;
import org.pagerace.fs.Expectations;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.VmFault;
import org.pagerace.mm.VmFaultReason;

/**
 * ext4 since 5.15 ({@code ext4_page_mkwrite}, Linux 6.12 {@code fs/ext4/inode.c}, delalloc path): the whole
 * handler runs under {@code invalidate_lock} shared, and ext4's truncate and punch take it exclusive, so the
 * handler never sees a page truncate is removing; within it, ext4's delalloc path is {@code block_page_mkwrite}
 * ({@link Buffer#block_page_mkwrite}): NOPAGE if truncated, LOCKED on success. XFS's {@code XFS_MMAPLOCK_SHARED} is the same lock.
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
            return VmFaultReason.vmf_fs_error(Buffer.block_page_mkwrite(vmf));
        } finally {
            AddressSpace.filemap_invalidate_unlock_shared(mapping);
        }
    }

    @Override
    public void expectations(Expectations e) {
        e.believedCorrect("invalidate_lock shared in the handler and exclusive in truncate and punch (5.15, \"fs: Hole punch vs page cache filling races\"); block_page_mkwrite inside");
    }
}
