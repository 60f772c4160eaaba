package org.pagerace.fs.blockfs;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Buffer;
import org.pagerace.fs.Expectations;
import org.pagerace.fs.FileSystem;
import org.pagerace.fs.Version;
import org.pagerace.mm.Era;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * A block filesystem of Linux 3.1 whose {@code ->page_mkwrite} is {@code fs/buffer.c}'s {@code block_page_mkwrite}
 * (as nilfs2's and xfs's of that time call it), its other operations the generic ones ({@link FileSystem}): the
 * filesystem that ea13a86463fd "vfs: Block mmapped writes while the fs is frozen" (2011; hash unconfirmed) changed.
 * That commit split {@code __block_page_mkwrite} out of {@code block_page_mkwrite} and added the 2011 freeze
 * protection: {@code block_page_mkwrite} first waits in {@code vfs_check_frozen(sb, SB_FREEZE_WRITE)} ("This check
 * is racy but catches the common case. The check in __block_page_mkwrite() is reliable."), and
 * {@code __block_page_mkwrite}, with the page locked and after {@code set_page_dirty}, returns {@code -EAGAIN}
 * (NOPAGE: the fault retries and waits in {@code vfs_check_frozen}) if {@code s_frozen != SB_UNFROZEN}. The
 * freeze of 3.1 ({@code freeze_super}) sets {@code SB_FREEZE_WRITE}, runs {@code sync_filesystem}, then sets
 * {@code SB_FREEZE_TRANS}; {@code thaw_super} sets {@code SB_UNFROZEN}.
 *
 * <p>What that leaves: a fault that passed {@code vfs_check_frozen} before the freeze began, and locks the page only
 * after the freeze has synced and returned, dirties the page before it sees {@code s_frozen}: the page is dirty
 * (though unmodified and write-protected) on a frozen filesystem. 5accdf82ba25 "fs: Improve filesystem freezing
 * handling" (3.6) describes exactly this ("an unpleasant artefact of leaving dirty (although unmodified and
 * writeprotected) pages on frozen filesystem resulting in similar problems with flusher thread as the first
 * problem"), and 14da9200140f (3.6) replaced the scheme with {@code sb_start_pagefault} ({@link Blockfs_3_6}).
 *
 * <p>Also in 3.1 {@code __block_page_mkwrite}: Darrick J. Wong's "fs: block_page_mkwrite should wait for writeback
 * to finish" (posted to linux-mm on 27 May 2011; hash unconfirmed: {@code wait_on_page_writeback} before returning
 * the page locked), and the EOF test {@code page_offset(page) > size}. No {@code ->fallocate}. Deviations:
 * {@code file_update_time} is a named point only (no timestamps); {@code sync_filesystem}'s two passes
 * (WB_SYNC_NONE, then WB_SYNC_ALL) are one {@code filemap_write_and_wait_range} of the file; {@code freeze_fs} and
 * {@code sync_blockdev} do nothing here (no journal, no metadata).
 */
@Version(fs = "blockfs", id = "3.1", release = "3.1", era = Era.LINUX_2_6_37,
        title = "block_page_mkwrite with vfs_check_frozen and the check of s_frozen under the page lock "
                + "(ea13a86463fd \"vfs: Block mmapped writes while the fs is frozen\")",
        mirrors = "Linux 3.1 fs/buffer.c block_page_mkwrite, __block_page_mkwrite; fs/super.c freeze_super, "
                + "thaw_super; include/linux/fs.h vfs_check_frozen")
public class Blockfs_3_1 extends FileSystem {
    /** The fault is past the freeze check ({@code vfs_check_frozen}, or {@code sb_start_pagefault} from 3.6). */
    public static final Point MKWRITE_FREEZE_CHECKED = Point.declare("MKWRITE_FREEZE_CHECKED",
            "block_page_mkwrite: past the freeze check (vfs_check_frozen in 3.1, sb_start_pagefault from 3.6); the "
                    + "page not yet locked.");
    /** {@code file_update_time} is done; the page is not yet locked. */
    public static final Point MKWRITE_TIME_UPDATED = Point.declare("MKWRITE_TIME_UPDATED",
            "page_mkwrite: file_update_time (the mtime update before the page lock) is done; the page not yet locked.");
    /** {@code freeze_super} took {@code s_umount}; nothing is blocked yet. */
    public static final Point FREEZE_STARTED = Point.declare("FREEZE_STARTED",
            "freeze_super: s_umount is taken; s_frozen not yet set (writers and faults still pass).");
    /** {@code freeze_super} blocked new writers and has not synced yet. */
    public static final Point FREEZE_WRITE_BLOCKED = Point.declare("FREEZE_WRITE_BLOCKED",
            "freeze_super: new writers are blocked (SB_FREEZE_WRITE); nothing synced yet.");
    /** {@code freeze_super} synced the filesystem and has not yet completed the freeze. */
    public static final Point FREEZE_SYNCED = Point.declare("FREEZE_SYNCED",
            "freeze_super: sync_filesystem wrote the dirty pages back and waited for them; the freeze is not yet "
                    + "complete.");

    /** The superblock's freeze state (one filesystem instance per sample: its superblock). */
    protected final SuperBlock sb = new SuperBlock();

    @Override
    protected final Operations operations() {
        return Operations.GENERIC.page_mkwrite(this::block_page_mkwrite);
    }

    /**
     * {@code block_page_mkwrite} (3.1): wait while the filesystem is frozen or freezing ({@code vfs_check_frozen}),
     * then {@link #__block_page_mkwrite}, its error mapped by {@code block_page_mkwrite_return}.
     */
    protected int block_page_mkwrite(VmFault vmf) {
        SuperBlock.vfs_check_frozen(sb, SuperBlock.SB_FREEZE_WRITE);
        Points.at(MKWRITE_FREEZE_CHECKED);
        return vmf_fs_error(__block_page_mkwrite(vmf));
    }

    /**
     * {@code __block_page_mkwrite} (3.1): update the file's times ("Update file times before taking page lock");
     * lock the page; if its mapping changed or it starts beyond EOF, unlock and
     * return -EFAULT; prepare its buffers up to EOF; {@code set_page_dirty}; if a freeze has begun, unlock and
     * return -EAGAIN; wait for its writeback. Return: 0 with the page locked, or -errno with it unlocked.
     */
    protected int __block_page_mkwrite(VmFault vmf) {
        Points.at(MKWRITE_TIME_UPDATED); /* file_update_time(vma->vm_file) */
        int err = Buffer.lockAndPrepareBlocks(vmf, false); /* lock, recheck, prepare the buffers, set_page_dirty */
        if (err < 0) {
            return err;
        }
        if (sb.s_frozen != SuperBlock.SB_UNFROZEN) {
            folio_unlock(vmf.page);
            return -Errno.EAGAIN;
        }
        folio_wait_writeback(vmf.page);
        return 0;
    }

    @Override
    public boolean supportsFreeze() {
        return true;
    }

    /** No {@code ->fallocate} in this filesystem. */
    @Override
    public boolean supportsFallocate(int mode) {
        return false;
    }

    /**
     * {@code freeze_super} (3.1): -EBUSY if already frozen; {@code s_frozen = SB_FREEZE_WRITE}; {@code
     * sync_filesystem}; {@code s_frozen = SB_FREEZE_TRANS}.
     */
    @Override
    public int freeze_super(Inode inode) {
        Points.at(FREEZE_STARTED); /* down_write(&sb->s_umount) */
        if (sb.s_frozen != SuperBlock.SB_UNFROZEN) {
            return -Errno.EBUSY;
        }
        sb.s_frozen = SuperBlock.SB_FREEZE_WRITE;
        Points.at(FREEZE_WRITE_BLOCKED);
        sync_filesystem(inode);
        Points.at(FREEZE_SYNCED);
        sb.s_frozen = SuperBlock.SB_FREEZE_TRANS;
        return 0;
    }

    /** {@code thaw_super}: -EINVAL if not frozen; {@code s_frozen = SB_UNFROZEN}, waking the waiters. */
    @Override
    public int thaw_super(Inode inode) {
        if (sb.s_frozen == SuperBlock.SB_UNFROZEN) {
            return -Errno.EINVAL;
        }
        sb.s_frozen = SuperBlock.SB_UNFROZEN;
        return 0;
    }

    /** {@code sync_filesystem} of the one file: write every dirty page back and wait for it. */
    protected static void sync_filesystem(Inode inode) {
        PageWriteback.filemap_write_and_wait_range(inode.i_mapping, 0, inode.i_mapping.maxPages() - 1);
    }

    @Override
    protected void expectations(Expectations e) {
        e.believedCorrect("__block_page_mkwrite rechecks mapping and EOF under the page lock, NOPAGE if truncated, "
                + "LOCKED on success, and waits for writeback (ea13a86463fd, and \"fs: block_page_mkwrite should wait "
                + "for writeback to finish\")");
        e.known("freeze", "a fault that passed vfs_check_frozen before the freeze began and locks the page after "
                + "freeze_super returned dirties the page (set_page_dirty) before it checks s_frozen: a dirty page on "
                + "a frozen filesystem, which 5accdf82ba25 names (\"leaving dirty (although unmodified and "
                + "writeprotected) pages on frozen filesystem\") and 14da9200140f closes", "FROZEN_DIRTY");
    }
}
