package org.pagerace.fs.f2fs;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.Falloc;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.InodeInfo;
import org.pagerace.fs.Version;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * f2fs as Linux 4.11 has it ({@code fs/f2fs/file.c}): {@code f2fs_file_vm_ops.fault} is plain {@code filemap_fault};
 * {@code f2fs_vm_page_mkwrite} reserves the page's block ({@code f2fs_reserve_block} under {@code f2fs_lock_op}),
 * then locks the page, rechecks mapping, {@code page_offset > i_size} and uptodate (-EFAULT, which
 * {@code block_page_mkwrite_return} makes NOPAGE), dirties it, waits for its writeback and returns LOCKED.
 * {@code f2fs_setattr} shrinks with {@code truncate_setsize} then {@code f2fs_truncate} under {@code i_mutex}
 * alone; {@code punch_hole} (under {@code f2fs_fallocate}'s {@code inode_lock}) drops the page cache of the hole with
 * {@code truncate_inode_pages_range} and then frees the blocks with {@code truncate_hole}, so a fault can bring a
 * page back in between. The block is reserved first, outside the page lock, as 4.11 does: a truncate that runs
 * between the reservation and the page lock leaves a block reserved past EOF (the window 39a869582451 closed).
 * Deviations: no checkpoint ({@code f2fs_lock_op}), no {@code f2fs_balance_fs}, no {@code sb_start_pagefault}, no
 * inline data, no partial-page zeroing in {@code punch_hole}, no {@code PageMappedToDisk} shortcut.
 */
@Version(fs = "f2fs", id = "4.11", release = "4.11",
        title = "no serialisation of faults against truncate and punch beyond i_mutex and the page lock",
        mirrors = "Linux 4.11 fs/f2fs/file.c f2fs_vm_page_mkwrite, f2fs_setattr, f2fs_fallocate, punch_hole")
public class F2fs_4_11 extends FileSystem {
    /** f2fs_vm_page_mkwrite has reserved the page's block and not yet locked the page (before 39a869582451). */
    public static final Point F2FS_BLOCK_RESERVED = Point.declare("F2FS_BLOCK_RESERVED",
            "f2fs_vm_page_mkwrite: f2fs_reserve_block done, the page not yet locked or checked");

    @Override
    protected InodeInfo alloc_inode(int maxPages) {
        return new F2fsInodeInfo(maxPages);
    }

    /**
     * {@code f2fs_file_vm_ops}, {@code f2fs_setattr(ATTR_SIZE)} under the VFS's {@code i_rwsem},
     * {@code f2fs_fallocate}.
     */
    @Override
    protected final Operations operations() {
        return Operations.GENERIC.fault(this::f2fs_filemap_fault).page_mkwrite(this::f2fs_vm_page_mkwrite)
                .setattr(do_truncate(this::f2fs_setattr)).fallocate(this::f2fs_fallocate);
    }

    /** {@code f2fs_fallocate}: a punch ({@link #punch_hole}) under {@code inode_lock}; no other mode is modelled. */
    protected int f2fs_fallocate(Inode inode, int mode, long off, long len) {
        return punch_only(inode, mode, off, len, this::punch_hole);
    }

    @Override
    public final boolean supportsFallocate(int mode) {
        return mode == (Falloc.FALLOC_FL_PUNCH_HOLE | Falloc.FALLOC_FL_KEEP_SIZE);
    }

    /** {@code f2fs_file_vm_ops.fault}: {@code filemap_fault} itself in 4.11. */
    protected int f2fs_filemap_fault(VmFault vmf) {
        return Filemap.filemap_fault(vmf);
    }

    /**
     * 4.11 {@code f2fs_vm_page_mkwrite} (see the class comment): the block first, outside the page lock
     * ({@code f2fs_reserve_block} under {@code f2fs_lock_op}), then the page lock and the checks.
     */
    protected int f2fs_vm_page_mkwrite(VmFault vmf) {
        Folio page = vmf.page;
        Inode inode = vmf.inode();
        int err = BlockMap.of(inode).reserveBlock(page.index); /* f2fs_reserve_block(&dn, page->index) */
        if (err < 0) {
            return vmf_fs_error(err);
        }
        Points.at(F2FS_BLOCK_RESERVED);
        return lockAndDirty(page, inode);
    }

    /**
     * The tail of {@code f2fs_vm_page_mkwrite} before 39a869582451, the block already reserved: lock the page; a
     * page truncated, beyond i_size or not uptodate is -EFAULT (NOPAGE); else attach its metadata, dirty it, wait
     * for its writeback and return it locked.
     */
    protected final int lockAndDirty(Folio page, Inode inode) {
        if (!lockPageAndCheck(page, inode)) {
            return vmf_fs_error(-Errno.EFAULT); /* block_page_mkwrite_return(-EFAULT): NOPAGE */
        }
        BlockMap.attach(page); /* the page's block is in its dnode: the model's per-page metadata */
        PageWriteback.folio_mark_dirty(page);
        folio_wait_writeback(page); /* f2fs_wait_on_page_writeback */
        return VM_FAULT_LOCKED;
    }

    /**
     * {@code lock_page} and the checks every version makes under it: true with the page locked if it is still the
     * file's, starts inside i_size ({@code page_offset(page) > i_size_read(inode)} is the truncated case) and is
     * uptodate; false with it unlocked otherwise.
     */
    protected final boolean lockPageAndCheck(Folio page, Inode inode) {
        folio_lock(page);
        if (page.mapping != inode.i_mapping || folio_pos(page) > Inode.i_size_read(inode)
                || !folio_test_uptodate(page)) {
            folio_unlock(page);
            return false;
        }
        Points.at(Point.MKWRITE_CHECKED);
        return true;
    }

    /** {@code f2fs_setattr(ATTR_SIZE)} under {@code i_mutex}: {@code truncate_setsize}, then the blocks. */
    protected void f2fs_setattr(Inode inode, long size) {
        truncate_size_locked(inode, size);
    }

    /**
     * 4.11 {@code punch_hole}: drop the whole pages of the hole from the page cache, then free their blocks
     * ({@code truncate_hole}); nothing keeps a fault out in between.
     */
    protected void punch_hole(Inode inode, long off, long len) {
        truncate_pages_then_free(inode, off, len);
    }

    @Override
    protected void expectations(Expectations e) {
        e.notApplicable("collapse-range", "not modelled: f2fs_collapse_range (FALLOC_FL_COLLAPSE_RANGE, 3.19) is not "
                + "mirrored, so the race is not run");
        e.notApplicable("insert-range", "not modelled: f2fs_insert_range (FALLOC_FL_INSERT_RANGE, 4.2) is not "
                + "mirrored, so the race is not run");
        e.notApplicable("zero-range", "not modelled: f2fs_zero_range (FALLOC_FL_ZERO_RANGE, 3.19) is not mirrored, "
                + "so the race is not run");
        e.notApplicable("dedupe", "f2fs has no ->remap_file_range (no reflink)");
        e.correct("odirect-read", "the O_DIRECT read's flush meets a page f2fs_vm_page_mkwrite returns LOCKED, "
                + "after waiting for writeback (4.11 fs/f2fs/file.c)");
        e.correct("odirect-write", "an invalidated page fails the locked mapping recheck: -EFAULT, NOPAGE, and the "
                + "fault retries (4.11 fs/f2fs/file.c)");
        e.believedCorrect("f2fs_vm_page_mkwrite rechecks mapping and i_size under the page lock, which truncate needs "
                + "to remove the page, and returns -EFAULT (NOPAGE) for a truncated page (4.11 fs/f2fs/file.c)");
        e.known("punch-hole", "punch_hole drops the page cache with truncate_inode_pages_range and then frees the "
                + "blocks with truncate_hole under inode_lock alone: a fault re-creates the page in between and its "
                + "store is discarded (fixed by 5a3a2d83cda8, which takes i_mmap_sem around both)", "LOST_WRITE");
        e.known("truncate-down", "f2fs_vm_page_mkwrite reserves the page's block (f2fs_reserve_block) before it locks "
                + "the page and rechecks mapping and i_size: a truncate that runs in between, i_size, page and "
                + "blocks, leaves the block reserved past EOF, and the fault then finds the page truncated "
                + "(4.11 to 4.19 fs/f2fs/file.c; 39a869582451 \"f2fs: refactor ->page_mkwrite() flow\" moved the "
                + "allocation under the page lock)", "BLOCK_BEYOND_EOF");
    }
}
