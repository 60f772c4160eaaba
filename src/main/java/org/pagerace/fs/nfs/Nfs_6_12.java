package org.pagerace.fs.nfs;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.Falloc;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Version;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.Truncate;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * The NFS client as Linux 6.12 has it, local page-cache side only ({@code fs/nfs/file.c}, {@code fs/nfs/inode.c},
 * {@code fs/nfs/nfs42proc.c}, {@code fs/nfs/nfs4file.c}), an NFSv4.2 mount whose server supports DEALLOCATE.
 * {@code nfs_vm_page_mkwrite} locks the folio, returns NOPAGE if its mapping changed or {@code nfs_folio_length}
 * is 0 (the folio lies wholly past EOF), waits for writeback, and creates the write request and dirties the folio
 * ({@code nfs_update_folio}), returning LOCKED, or SIGBUS if that fails. A size change ({@code nfs_setattr}) writes
 * back all dirty data ({@code nfs_sync_inode}) under {@code i_rwsem}, has the server truncate, then
 * {@code nfs_vmtruncate}: i_size, then {@code truncate_pagecache}. A hole punch ({@code nfs42_proc_deallocate})
 * writes back, has the server deallocate, then {@code truncate_pagecache_range}, under {@code i_rwsem} alone.
 *
 * <p>The server is the model's backing; the write request ({@code struct nfs_page}, {@code folio->private}) is the
 * block map's reservation and per-folio metadata ({@link BlockMap#reserve}), and writeback (WRITE, then COMMIT)
 * turns it into an allocated block. Deviations: no {@code sb_start_pagefault}; no fscache
 * ({@code folio_wait_private_2_killable}) and no {@code NFS_INO_INVALIDATING} wait (set only by NFS's own
 * revalidation, which no race partner here runs); {@code nfs_flush_incompatible} always finds the request
 * compatible (one open context); no delegations, attribute cache or {@code launder_folio} ({@code nfs_wb_folio}:
 * the generic default is kept, so invalidation leaves a dirty folio cached instead of writing it); the server's
 * truncate runs after the page cache is dropped (the backing also holds the page cache's data, so it cannot shrink
 * under cached pages), where the kernel's RPC comes first.
 */
@Version(fs = "nfs", id = "6.12", release = "6.12",
        title = "nfs_vm_page_mkwrite: folio lock, mapping and length recheck (NOPAGE), wait for writeback, LOCKED; "
                + "any request error is SIGBUS",
        mirrors = "Linux 6.12 fs/nfs/file.c nfs_vm_page_mkwrite; fs/nfs/internal.h nfs_folio_length; fs/nfs/write.c "
                + "nfs_update_folio; fs/nfs/inode.c nfs_setattr, nfs_vmtruncate; fs/nfs/nfs4file.c nfs42_fallocate; "
                + "fs/nfs/nfs42proc.c nfs42_proc_deallocate")
public class Nfs_6_12 extends FileSystem {

    /** {@code nfs_file_vm_ops} ({@code .fault} is {@code filemap_fault}), {@code nfs_setattr}, {@code nfs42_fallocate}. */
    @Override
    protected final Operations operations() {
        return Operations.GENERIC.page_mkwrite(this::nfs_vm_page_mkwrite).setattr(this::nfs_setattr)
                .fallocate(this::nfs42_fallocate);
    }
    private static final int PUNCH = Falloc.FALLOC_FL_PUNCH_HOLE | Falloc.FALLOC_FL_KEEP_SIZE;

    @Override
    public boolean supportsFallocate(int mode) {
        return mode == PUNCH;
    }

    /** 6.12 {@code nfs_vm_page_mkwrite} (see the class comment). */
    protected int nfs_vm_page_mkwrite(VmFault vmf) {
        Folio folio = vmf.page;
        Inode inode = vmf.inode();
        int ret = VM_FAULT_NOPAGE;
        folio_lock(folio);
        if (folio.mapping != inode.i_mapping) {
            folio_unlock(folio); /* out_unlock */
            return ret;
        }
        Points.at(Point.MKWRITE_CHECKED);
        folio_wait_writeback(folio);
        long pagelen = nfs_folio_length(folio, inode);
        if (pagelen == 0) {
            folio_unlock(folio);
            return ret;
        }
        ret = VM_FAULT_LOCKED;
        if (nfs_update_folio(folio, 0, pagelen) == 0) { /* nfs_flush_incompatible() == 0 && ... */
            return ret;
        }
        ret = VM_FAULT_SIGBUS;
        folio_unlock(folio);
        return ret;
    }

    /**
     * 6.12 {@code nfs_folio_length} ({@code fs/nfs/internal.h}): the bytes of the folio inside i_size: the whole
     * folio before the EOF folio, up to EOF in it, 0 past it (or for an empty file).
     */
    protected long nfs_folio_length(Folio folio, Inode inode) {
        long i_size = Inode.i_size_read(inode);
        if (i_size > 0) {
            long index = folio.index;
            long end_index = (i_size - 1) >>> PageSize.PAGE_SHIFT;
            if (index < end_index) {
                return PageSize.PAGE_SIZE;
            }
            if (index == end_index) {
                return ((i_size - 1) & (PageSize.PAGE_SIZE - 1)) + 1;
            }
        }
        return 0;
    }

    /**
     * {@code nfs_update_folio(file, folio, offset, count)} ({@code fs/nfs/write.c}): {@code nfs_writepage_setup}
     * creates or extends the folio's write request ({@code nfs_create_request}: -ENOMEM when memory is short) and
     * {@code nfs_mark_request_dirty} dirties the folio. Context: folio locked. Return: 0 or -errno.
     */
    protected int nfs_update_folio(Folio folio, long offset, long count) {
        int err = BlockMap.of(folio.mapping.host).reserve(folio);
        if (err != 0) {
            return err;
        }
        Points.at(Point.MKWRITE_PREPARED);
        PageWriteback.folio_mark_dirty(folio);
        return 0;
    }

    /**
     * 6.12 {@code nfs_setattr(ATTR_SIZE)} under {@code do_truncate}'s {@code i_rwsem}: no RPC if the size does not
     * change; otherwise write back every dirty folio ({@code nfs_sync_inode}: "Write all dirty data"), have the
     * server set the size ({@code NFS_PROTO(inode)->setattr}), and on success {@code nfs_setattr_update_inode}
     * calls {@link #nfs_vmtruncate}.
     */
    protected void nfs_setattr(Inode inode, long size) {
        RwSemaphore.down_write(inode.i_rwsem);
        try {
            if (size == Inode.i_size_read(inode)) {
                return; /* attr->ia_valid &= ~ATTR_SIZE: nothing to RPC */
            }
            nfs_sync_inode(inode);
            nfs_vmtruncate(inode, size);
        } finally {
            RwSemaphore.up_write(inode.i_rwsem);
        }
    }

    /**
     * {@code nfs_vmtruncate}: {@code i_size_write}, then {@code truncate_pagecache}; here followed by the server's
     * truncate of the backing (see the class comment), or preceded by its extension when growing.
     */
    protected void nfs_vmtruncate(Inode inode, long offset) {
        truncate_size_locked(inode, offset);
    }

    /** {@code nfs_sync_inode} → {@code nfs_wb_all}: write back and commit every dirty folio of the file. */
    protected void nfs_sync_inode(Inode inode) {
        PageWriteback.filemap_write_and_wait_range(inode.i_mapping, 0, inode.i_mapping.maxPages() - 1L);
    }

    /**
     * {@code nfs42_fallocate}: only mode 0 (preallocation, not modelled: -EOPNOTSUPP here) and
     * {@code PUNCH_HOLE|KEEP_SIZE}, which is {@link #nfs42_proc_deallocate}. Return: 0 or -errno.
     */
    protected int nfs42_fallocate(Inode inode, int mode, long offset, long len) {
        if (mode != PUNCH) {
            return -Errno.EOPNOTSUPP;
        }
        checkRange(inode, offset, len);
        return nfs42_proc_deallocate(inode, offset, len);
    }

    /**
     * {@code nfs42_proc_deallocate} under {@code i_rwsem}: write back every dirty folio ({@code nfs_sync_inode}),
     * have the server deallocate the range (the backing's punch), then {@code truncate_pagecache_range}. No
     * {@code invalidate_lock}: a fault may bring a page back in after the range's unmap; it reads what the server
     * holds, the hole.
     */
    protected int nfs42_proc_deallocate(Inode inode, long offset, long len) {
        RwSemaphore.down_write(inode.i_rwsem);
        try {
            nfs_sync_inode(inode);
            freeBlocks(inode, offset, len); /* nfs42_proc_fallocate: the server's DEALLOCATE */
            Truncate.truncate_pagecache_range(inode, offset, offset + len - 1, era());
        } finally {
            RwSemaphore.up_write(inode.i_rwsem);
        }
        return 0;
    }

    @Override
    protected void expectations(Expectations e) {
        e.notApplicable("collapse-range", "nfs42_fallocate (fs/nfs/nfs4file.c) accepts FALLOC_FL_KEEP_SIZE and "
                + "FALLOC_FL_PUNCH_HOLE only in 6.12");
        e.notApplicable("insert-range", "nfs42_fallocate accepts FALLOC_FL_KEEP_SIZE and FALLOC_FL_PUNCH_HOLE only "
                + "in 6.12");
        e.notApplicable("zero-range", "nfs42_fallocate accepts FALLOC_FL_KEEP_SIZE and FALLOC_FL_PUNCH_HOLE only in "
                + "6.12");
        e.notApplicable("dedupe", "nfs42_remap_file_range refuses REMAP_FILE_DEDUP (-EINVAL): NFSv4.2 has CLONE, "
                + "not dedupe");
        e.correct("odirect-read", "nfs_file_direct_read starts with nfs_start_io_direct, whose nfs_sync_mapping "
                + "unmaps the file and writes everything back (e231c6879cfd); nfs_vm_page_mkwrite returns LOCKED. "
                + "Deviation: the model runs the generic flush without the unmap");
        e.correct("odirect-write", "as odirect-read, and the invalidated folio fails nfs_vm_page_mkwrite's locked "
                + "mapping recheck: NOPAGE. Deviation: the model runs the generic path");
        e.believedCorrect("nfs_vm_page_mkwrite rechecks folio->mapping and nfs_folio_length under the folio lock "
                + "(NOPAGE if truncated or past EOF), waits for writeback and returns LOCKED with the request made "
                + "and the folio dirty; nfs_vmtruncate writes i_size before truncate_pagecache removes the folios "
                + "under their lock (Linux 6.12 fs/nfs/file.c, fs/nfs/inode.c)");
        e.known("enomem", "every failure of nfs_flush_incompatible or nfs_update_folio, -ENOMEM from "
                + "nfs_create_request included, makes nfs_vm_page_mkwrite return VM_FAULT_SIGBUS (Linux 6.12 "
                + "fs/nfs/file.c)", "SPURIOUS_SIGBUS");
    }
}
