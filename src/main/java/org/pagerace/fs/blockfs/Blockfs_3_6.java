package org.pagerace.fs.blockfs;

import static org.pagerace.mm.Folio.*;
import static org.pagerace.mm.VmFaultReason.*;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Buffer;
import org.pagerace.fs.Expectations;
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
 * The block filesystem of {@link Blockfs_3_1} at Linux 3.6, after Jan Kara's freezing series: 14da9200140f "fs:
 * Protect write paths by sb_start_write - sb_end_write" (hash unconfirmed) brackets {@code block_page_mkwrite}'s
 * call of {@code __block_page_mkwrite} with {@code sb_start_pagefault} / {@code sb_end_pagefault} ("a special
 * freeze protection sb_start_pagefault() which ranks below mmap_sem"), and 5accdf82ba25 "fs: Improve filesystem
 * freezing handling" makes {@code freeze_super} block page faults ({@code SB_FREEZE_PAGEFAULT})
 * and wait for those in flight ({@code sb_wait_write}) before it syncs ("All writers are done so after syncing there
 * won't be dirty data"), then {@code SB_FREEZE_FS} and {@code SB_FREEZE_COMPLETE}; the check of {@code s_frozen}
 * under the page lock is gone from {@code __block_page_mkwrite}. A fault is either counted in before the freeze
 * blocks faults (the freeze waits for it, then writes its page back and write-protects it) or waits for the thaw.
 * Deviations: as {@link Blockfs_3_1}; no write(2) writers, so {@code sb_wait_write(sb, SB_FREEZE_WRITE)} has none to
 * wait for.
 */
@Version(fs = "blockfs", id = "3.6", release = "3.6", era = Era.LINUX_2_6_37,
        title = "fs: Protect write paths by sb_start_write - sb_end_write (14da9200140f; freeze_super from "
                + "5accdf82ba25)", hashConfirmed = false,
        changes = {"block_page_mkwrite", "__block_page_mkwrite", "freeze_super"},
        mirrors = "Linux 3.6 fs/buffer.c block_page_mkwrite, __block_page_mkwrite; fs/super.c freeze_super; "
                + "include/linux/fs.h sb_start_pagefault, sb_end_pagefault")
public class Blockfs_3_6 extends Blockfs_3_1 {
    /** {@code freeze_super} blocked page faults and every fault in flight has left; nothing synced yet. */
    public static final Point FREEZE_PAGEFAULTS_BLOCKED = Point.declare("FREEZE_PAGEFAULTS_BLOCKED",
            "freeze_super: page faults are blocked (SB_FREEZE_PAGEFAULT) and those in flight have finished; not "
                    + "yet synced.");

    /**
     * {@code block_page_mkwrite} (3.6): {@code sb_start_pagefault}, {@code file_update_time},
     * {@link #__block_page_mkwrite},
     * {@code sb_end_pagefault}, the error mapped by {@code block_page_mkwrite_return}.
     */
    @Override
    protected int block_page_mkwrite(VmFault vmf) {
        SuperBlock.sb_start_pagefault(sb);
        try {
            Points.at(MKWRITE_FREEZE_CHECKED);
            Points.at(MKWRITE_TIME_UPDATED); /* file_update_time(vma->vm_file), moved here by 14da9200140f */
            return vmf_fs_error(__block_page_mkwrite(vmf));
        } finally {
            SuperBlock.sb_end_pagefault(sb);
        }
    }

    /**
     * {@code __block_page_mkwrite} (3.6): as 3.1 without the check of {@code s_frozen} and the time update before the
     * lock (both moved to {@code block_page_mkwrite} under {@code sb_start_pagefault}): fs/buffer.c's own, which
     * {@link Buffer#__block_page_mkwrite} mirrors.
     */
    @Override
    protected int __block_page_mkwrite(VmFault vmf) {
        return Buffer.__block_page_mkwrite(vmf);
    }

    /**
     * {@code freeze_super} (3.6): -EBUSY if already frozen; block writers; block page faults and wait for those in
     * flight; {@code sync_filesystem}; {@code SB_FREEZE_FS}, then {@code SB_FREEZE_COMPLETE}.
     */
    @Override
    public int freeze_super(Inode inode) {
        Points.at(FREEZE_STARTED); /* down_write(&sb->s_umount) */
        if (sb.s_frozen != SuperBlock.SB_UNFROZEN) {
            return -Errno.EBUSY;
        }
        sb.s_frozen = SuperBlock.SB_FREEZE_WRITE;
        Points.at(FREEZE_WRITE_BLOCKED);
        sb.s_frozen = SuperBlock.SB_FREEZE_PAGEFAULT;
        SuperBlock.sb_wait_pagefaults(sb);
        Points.at(FREEZE_PAGEFAULTS_BLOCKED);
        sync_filesystem(inode);
        Points.at(FREEZE_SYNCED);
        sb.s_frozen = SuperBlock.SB_FREEZE_FS;
        sb.s_frozen = SuperBlock.SB_FREEZE_COMPLETE;
        return 0;
    }

    @Override
    protected void expectations(Expectations e) {
        super.expectations(e);
        e.correct("freeze", "freeze_super blocks page faults and waits for those inside sb_start_pagefault before "
                + "sync_filesystem, so every page a fault dirtied is written back and write-protected before the "
                + "freeze returns, and a later fault waits for the thaw (14da9200140f, 5accdf82ba25)");
    }
}
