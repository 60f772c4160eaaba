package org.pagerace.history;

import static org.pagerace.check.Outcome.*;
import static org.pagerace.check.Race.*;

import java.util.List;

/**
 * The one home of the replayed history: every bug of {@code HISTORY.md} that a pair of models replays, and every
 * one that none does yet with what the model would need. {@code pagerace history}, {@code history.json}, the
 * README's table and the JUnit pair tests are all made from these two lists.
 */
public final class HistoryTable {
    private HistoryTable() {
    }

    /** The replayed bugs, in HISTORY.md's order. */
    public static final List<Bug> BUGS = List.of(
            new Bug("H1a", "core", "56a76f", "fs: fix page_mkwrite error cases in core code and btrfs", false,
                    TRUNCATE_DOWN_UP, SPURIOUS_SIGBUS, "seed2010/sigbus", "seed2010/nopage-locked"),
            new Bug("H1b", "core", "b827e496c893", "mm: close page_mkwrite races", true,
                    WRITEBACK, UNNOTIFIED_DIRTY, "seed2010/zero-unlocked", "seed2010/nopage-locked"),
            new Bug("H2", "nfs", "", "NFS: Close page_mkwrite() races", false,
                    WRITEBACK, UNNOTIFIED_DIRTY, "nfs@2.6.29", "nfs@2.6.30"),
            new Bug("H3", "ocfs2", "5cffff9e2986", "ocfs2: Fix ocfs2_page_mkwrite()", true,
                    INVALIDATE, SPURIOUS_SIGBUS, "ocfs2@2.6.37", "ocfs2@5cffff9e"),
            new Bug("H4", "ext4", "9ea7df534ed2", "ext4: Rewrite ext4_page_mkwrite() to use generic helpers", true,
                    TRUNCATE_DOWN_UP, SPURIOUS_SIGBUS, "ext4@2.6.37", "ext4@9ea7df53"),
            new Bug("H5a", "ext4", "", "ext4: Wait for writeback to complete while making pages writable", false,
                    WRITEBACK_IN_FLIGHT, UNSTABLE_WRITE, "ext4@2.6.37", "ext4@3.0"),
            new Bug("H5b", "ubifs", "", "fs: Fix remaining filesystems to wait for stable page writeback", false,
                    WRITEBACK_IN_FLIGHT, UNSTABLE_WRITE, "ubifs@3.7", "ubifs@3.8"),
            new Bug("H8", "vfs", "90a8020278c1", "vfs: fix data corruption when blocksize < pagesize for mmaped data",
                    false, TRUNCATE_UP, UNBACKED_DIRTY, "ext4@9ea7df53", "ext4@d6320cbf", 1024),
            new Bug("H10", "ext4", "ea3d7209ca01", "ext4: fix races between page faults and hole punching", true,
                    PUNCH_HOLE, LOST_WRITE, "ext4@9ea7df53", "ext4@ea3d7209"),
            new Bug("H11", "xfs", "653c60b633a9", "xfs: introduce mmap/truncate lock", false,
                    PUNCH_HOLE, LOST_WRITE, "xfs@pre-653c60b6", "xfs@653c60b6"),
            new Bug("H12a", "ext4", "32ebffd3bbb4", "ext4: fix races between buffered IO and collapse / insert range",
                    true, COLLAPSE_RANGE, LOST_WRITE, "ext4@ea3d7209", "ext4@32ebffd3"),
            new Bug("H12b", "ext4", "32ebffd3bbb4", "ext4: fix races between buffered IO and collapse / insert range",
                    true, INSERT_RANGE, LOST_WRITE, "ext4@ea3d7209", "ext4@32ebffd3"),
            new Bug("H13", "f2fs", "5a3a2d83cda8", "f2fs: dax: fix races between page faults and truncating pages",
                    true, PUNCH_HOLE, LOST_WRITE, "f2fs@4.11", "f2fs@5a3a2d83"),
            new Bug("H15", "xfs", "04197b341f23", "xfs: don't BUG() on mixed direct and mapped I/O", true,
                    ODIRECT_READ, KERNEL_BUG, "xfs@653c60b6", "xfs@04197b34"),
            new Bug("H14", "f2fs", "39a869582451", "f2fs: refactor ->page_mkwrite() flow", true,
                    TRUNCATE_DOWN, BLOCK_BEYOND_EOF, "f2fs@5a3a2d83", "f2fs@39a86958"),
            new Bug("H16", "ext4", "a056bdaae7a1", "ext4: fix data corruption for mmap writes", false,
                    EXTEND_MMAP_WRITE, LOST_WRITE, "ext4@32ebffd3", "ext4@a056bdaa"));

    /** A bug of HISTORY.md no pair replays yet, and what a model would need to. */
    public record NotReplayed(String id, String fs, String needs) {
    }

    /** The bugs not replayed, in HISTORY.md's order. */
    public static final List<NotReplayed> NOT_REPLAYED = List.of(
            new NotReplayed("H6", "vfs", "a `freeze` partner (freeze_super's steps: SB_FREEZE_WRITE, sync_filesystem's "
                    + "writeback, SB_FREEZE_PAGEFAULT) with a thaw as the third actor, an outcome for a page dirtied on a "
                    + "frozen filesystem, and ext4 with and without sb_start_pagefault (three actors exist now)"),
            new NotReplayed("H7", "xfs", "xfs at 3.18 (before 2ebff7bbd785) with its xfs_setattr_size growing path and "
                    + "iomap-less writeback over 1 KiB blocks: the sub-page blocks, truncate-up and the EOF tail exist "
                    + "now (H8); the xfs models mirror 2.6.37, 3.19, 4.0 and 6.12"),
            new NotReplayed("H9", "gfs2", "39c3a948ecf6 (__gfs2_punch_hole first writes back the block-rounded "
                    + "range, write-protecting the partial pages at the hole's ends, so that the next store calls "
                    + "gfs2_page_mkwrite, which reallocates the punched blocks) and \"gfs2: Improve mmap write vs. "
                    + "truncate consistency\" (hash not found in the stored history; do_grow calls truncate_setsize, "
                    + "so pagecache_isize_extended). Needs gfs2 at 5.3: gfs2_page_mkwrite under the inode glock "
                    + "exclusive, allocating the whole page (PAGE_SIZE) until \"gfs2: Fix end-of-file handling in "
                    + "gfs2_page_mkwrite\" (November 2019), __gfs2_punch_hole, do_grow; a race punching part of the "
                    + "store's page (its second half: the page stays cached and writably mapped) with the store after "
                    + "the punch returned, or one truncating to mid-page and back up (truncate-up does not reach it at "
                    + "5.3: its set-up store has page_mkwrite allocate the whole page); and a block map that forgets a "
                    + "page's preparation of the blocks a punch or truncate frees (BlockMap's prepared prefix is never "
                    + "lowered). Either race is in every punch-capable (or every) model's matrix, each needing its "
                    + "claims"),
            new NotReplayed("H17", "iomap, ext4, f2fs, ceph, ubifs, btrfs", "243145bc4336 (iomap and "
                    + "page_mkwrite_check_truncate; the other filesystems were converted by later commits): a page "
                    + "starting exactly at EOF passes `>`, the handler prepares 0 bytes and returns LOCKED, and the "
                    + "truncate waiting for that page lock removes it afterwards: the store ends DISCARDED under `>` "
                    + "and SIGBUS under `>=`, both correct; needs an oracle notion of a store accepted into a page "
                    + "that the fault which let it through saw wholly beyond EOF (StoreResult keeps only the "
                    + "smallest i_size any fault read)"),
            new NotReplayed("H18", "ubifs", "a version of ubifs after the fix: ubifs_vm_page_mkwrite still answers a "
                    + "page truncated inside i_size with SIGBUS in the releases read (3.7, 3.8), so no pair exists; "
                    + "ubifs@3.7 reaches SPURIOUS_SIGBUS (truncate-down-up, invalidate)"),
            new NotReplayed("H19", "btrfs", "the dedupe partner runs against btrfs@5.12 and btrfs@6.12 and both are "
                    + "clean, as the kernel is for data: a page a write fault dirties between 5.12's compare and its "
                    + "extent lock keeps its delalloc and is written to a new extent. What 8c99516a8cdd closed is a "
                    + "dedupe sharing extents whose cached data no longer matched, and a deadlock under low metadata "
                    + "space (reclaim flushing delalloc in a range the remap holds locked): it needs a model of "
                    + "metadata-space reservation and a reclaim worker as a third actor"),
            new NotReplayed("H20", "btrfs", "an `fsync` partner that logs the inode's extents while its writeback is "
                    + "in flight, a log-tree model and an outcome for a log that does not match the data, more than one "
                    + "page (three actors and I/O in flight exist now)"),
            new NotReplayed("H21", "btrfs", "6599716de2d6: a full data space and a NOCOW file whose page "
                    + "already has its extent (a per-file attribute and an allocated block the sample does not set "
                    + "up), an `enospc` partner failing the next data reservation with -ENOSPC, and btrfs before "
                    + "and after the btrfs_check_nocow_lock fallback in btrfs_page_mkwrite"),
            new NotReplayed("H22", "xfs", "e4826691cc7e: a page whose writeback failed after a shutdown loses "
                    + "PageUptodate and a later write fault on it WARNs in iomap; needs a `shutdown` partner that "
                    + "dirties the page, shuts the filesystem down and fails its writeback before the store's fault, "
                    + "an outcome for a WARN (not a BUG_ON), and xfs on either side of the 5.12 fix"),
            new NotReplayed("H23", "fuse", "a fuse model (fs/fuse: fuse_page_mkwrite, fuse_writepage's queued "
                    + "writeback, fuse_file_fallocate) racing punch-hole against a writeback in flight; three actors "
                    + "and I/O in flight exist now (writeback-in-flight), the fuse package does not"),
            new NotReplayed("H24", "ceph, cifs", "a read-fault race partner and ceph/cifs models"),
            new NotReplayed("H25", "f2fs", "an `atomic-write-start` partner (f2fs_ioc_start_atomic_write, "
                    + "FI_ATOMIC_FILE), two faults and a truncate (three actors exist now), and f2fs around 5.15"),
            new NotReplayed("H26", "nfs", "the O_DIRECT partners exist (odirect-read, odirect-write); nfs needs its "
                    + "own O_DIRECT path (nfs_start_io_direct, nfs_sync_mapping) before and after e231c6879cfd (hash "
                    + "not found in the stored history), and the commit read, to say how dirty mapped data escaped "
                    + "nfs_wb_all without the unmap: the model write-protects a page when writeback cleans it"),
            new NotReplayed("H27", "nilfs2", "56d7acc792c0: the write is lost only on disk (the page stays "
                    + "dirty, the segment constructor never writes it); the model's backing holds the page cache's "
                    + "data, so it needs an oracle notion of what writeback wrote by the time msync returned, and a "
                    + "nilfs2 model (mpage-read pages without buffers, nilfs_set_page_dirty, the segment "
                    + "constructor)"),
            new NotReplayed("H28", "shmem", "f00cdc6df7d7 (reverted and redone in 2014 as 8e205f779d14 and "
                    + "b1a366500bd5): the punch livelocks only while a faulter keeps re-touching the hole (Trinity's "
                    + "loop); the store lands once, after which 3.15's restarting shmem_undo_range finds the hole "
                    + "empty and returns; needs a partner that faults in a loop until the punch returns, and shmem "
                    + "at 3.15"),
            new NotReplayed("H29", "hugetlbfs", "4aae8d1c051e (dated January 2016): a page faulted in between "
                    + "the punch's unmap and remove_inode_hugepages stays in the hole, which its commit says user "
                    + "space cannot tell from a page faulted in after the punch; needs a hugetlbfs model and an "
                    + "oracle that checks the hole when the removal pass passes the page"));

    /** The bug with {@code id}; throws {@link IllegalArgumentException} listing the ids. */
    public static Bug byId(String id) {
        for (Bug b : BUGS) {
            if (b.id().equalsIgnoreCase(id)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown history bug '" + id + "' (replayed: "
                + String.join(", ", BUGS.stream().map(Bug::id).toList()) + ")");
    }

    /**
     * The README's table: one row per replayed bug (id, filesystem, fix, partner, expected bug, before, after), then
     * one line per bug not replayed. {@code HistoryReadmeTest} holds README.md to it.
     */
    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| bug | fs | fix | partner | before the fix reaches | before | after (clean) |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (Bug b : BUGS) {
            sb.append("| ").append(b.id()).append(" | ").append(b.fs()).append(" | ").append(b.fix()).append(" | ")
                    .append(b.partner().id()).append(b.subPage() ? " (" + b.blockSize() + "-byte blocks)" : "")
                    .append(" | ").append(b.expected().id()).append(" | `")
                    .append(b.before()).append("` | `").append(b.after()).append("` |\n");
        }
        sb.append("\nNot replayed yet, and what the model would need:\n\n");
        for (NotReplayed n : NOT_REPLAYED) {
            sb.append("- ").append(n.id()).append(" (").append(n.fs()).append("): ").append(n.needs()).append('\n');
        }
        return sb.toString();
    }
}
