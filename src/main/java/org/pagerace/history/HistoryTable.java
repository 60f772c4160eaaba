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
            new Bug("H6", "vfs", "14da9200140f", "fs: Protect write paths by sb_start_write - sb_end_write", false,
                    FREEZE, FROZEN_DIRTY, "blockfs@3.1", "blockfs@3.6"),
            new Bug("H7", "xfs", "2ebff7bbd785", "xfs: flush entire last page of old EOF on truncate up", true,
                    TRUNCATE_UP, UNBACKED_DIRTY, "xfs@pre-2ebff7bb", "xfs@2ebff7bb", 1024),
            new Bug("H8", "vfs", "90a8020278c1", "vfs: fix data corruption when blocksize < pagesize for mmaped data",
                    false, TRUNCATE_UP, UNBACKED_DIRTY, "ext4@9ea7df53", "ext4@d6320cbf", 1024),
            new Bug("H9a", "gfs2", "b473bc2dcd5a", "gfs2: Improve mmap write vs. truncate consistency", false,
                    PARTIAL_PAGE, UNBACKED_DIRTY, "gfs2@5.3", "gfs2@b473bc2d", 1024),
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
            new Bug("H14", "f2fs", "39a869582451", "f2fs: refactor ->page_mkwrite() flow", true,
                    TRUNCATE_DOWN, BLOCK_BEYOND_EOF, "f2fs@5a3a2d83", "f2fs@39a86958"),
            new Bug("H15", "xfs", "04197b341f23", "xfs: don't BUG() on mixed direct and mapped I/O", true,
                    ODIRECT_READ, KERNEL_BUG, "xfs@653c60b6", "xfs@04197b34"),
            new Bug("H16", "ext4", "a056bdaae7a1", "ext4: fix data corruption for mmap writes", false,
                    EXTEND_MMAP_WRITE, LOST_WRITE, "ext4@32ebffd3", "ext4@a056bdaa"),
            new Bug("H21", "btrfs", "6599716de2d6", "btrfs: fix -ENOSPC mmap write failure on NOCOW files/extents",
                    true, ENOSPC, SPURIOUS_SIGBUS, "btrfs@6.12", "btrfs@6599716d"),
            new Bug("H22", "xfs", "e4826691cc7e", "xfs: restore shutdown check in mapped write fault path", true,
                    SHUTDOWN, KERNEL_WARN, "xfs@f150b423", "xfs@e4826691"),
            new Bug("H24", "ceph", "057ba5b24532", "ceph: Fix race between hole punch and page fault", true,
                    PUNCH_HOLE_READ, STALE_DATA, "ceph@5.14", "ceph@057ba5b2"),
            new Bug("H27", "nilfs2", "56d7acc792c0", "nilfs2: fix data loss with mmap()", true,
                    FSYNC, UNSYNCED_WRITE, "nilfs2@pre-56d7acc7", "nilfs2@56d7acc7"),
            new Bug("H29", "hugetlbfs", "4aae8d1c051e", "mm/hugetlbfs: unmap pages if page fault raced with hole punch",
                    true, PUNCH_HOLE, HOLE_NOT_EMPTY, "hugetlbfs@4.4", "hugetlbfs@4aae8d1c"));

    /** A bug of HISTORY.md no pair replays yet, and what a model would need to. */
    public record NotReplayed(String id, String fs, String needs) {
    }

    /** The bugs not replayed, in HISTORY.md's order. */
    public static final List<NotReplayed> NOT_REPLAYED = List.of(
            new NotReplayed("H9b", "gfs2", "39c3a948ecf6 \"gfs2: Improve mmap write vs. punch_hole consistency\" "
                    + "(5.5; hash confirmed in its 5.4 stable backport; generic/567 was written for it): "
                    + "__gfs2_punch_hole first writes back and waits for the block-rounded range "
                    + "(filemap_write_and_wait_range), which write-protects the partial pages at the hole's ends, so "
                    + "that the next store calls gfs2_page_mkwrite, which reallocates the punched blocks. Its pair would "
                    + "be gfs2@b473bc2d (H9a's after: 5.4, whose gfs2_page_mkwrite still allocates the whole page of a "
                    + "page inside EOF) and a gfs2@39c3a948 overriding __gfs2_punch_hole; BlockMap now forgets the "
                    + "preparation of the blocks a free takes from a page it covers in part. What is missing is the "
                    + "race: a partial punch of the store's page (its second half) after a set-up store made the page "
                    + "writable, the store going into the punched half after the punch returned (the punch-hole race "
                    + "punches the whole page, which truncate_pagecache_range unmaps and removes). No such race is "
                    + "reserved in the design notes; a new one would be in every punch-capable model's matrix, each "
                    + "needing its claims (ext4 and xfs write back the punched range first too)"),
            new NotReplayed("H17", "iomap, ext4, f2fs, ceph, ubifs, btrfs",
                    "243145bc4336 (hash confirmed: pulled for 5.6 as iomap-5.6-merge-3; the merged commit changes "
                    + "iomap_page_mkwrite and adds page_mkwrite_check_truncate, the conversions of block_page_mkwrite, "
                    + "btrfs, ceph, ext4, f2fs and ubifs in its posted series landed separately): no faithful bug outcome "
                    + "exists. Under `>` a page starting exactly at EOF passes the check only between a truncate's "
                    + "i_size_write and its removal of that page, which waits for the page lock the handler holds; the "
                    + "handler prepares 0 bytes (iomap_apply and __block_write_begin are not called for a zero length, so "
                    + "no block is reserved), returns LOCKED, the VM dirties the page, and the truncate then removes it: "
                    + "the store is DISCARDED, correct, and writeback in between skips a page wholly beyond EOF. Under `>=` "
                    + "the fault retries and gets SIGBUS, also correct. Where a private lock covers truncate_setsize (f2fs "
                    + "from 4.12) the window does not exist, and f2fs 4.11 reaches BLOCK_BEYOND_EOF through H14's early "
                    + "reservation whatever the comparison. A replay would need an outcome for a handler returning LOCKED "
                    + "for a page its own check saw wholly beyond EOF, a protocol slip with no consequence the kernel's "
                    + "history names"),
            new NotReplayed("H18", "ubifs",
                    "no fix exists to pair: ubifs_vm_page_mkwrite answers a page truncated or invalidated inside i_size "
                    + "with VM_FAULT_SIGBUS in every text read (3.7, 3.8, a 3.9+ text, and 243145bc4336's posted series of "
                    + "January 2020, which only replaced its check by page_mkwrite_check_truncate(page, inode) < 0 -> goto "
                    + "sigbus); the 6.x folio text was not read here. ubifs@3.7 and ubifs@3.8 reach SPURIOUS_SIGBUS "
                    + "(truncate-down-up, invalidate) as their declared known bug; a pair needs a ubifs release whose "
                    + "handler returns NOPAGE for a truncated page"),
            new NotReplayed("H19", "btrfs", "the dedupe partner runs against btrfs@5.12 and btrfs@6.12 and both are "
                    + "clean, as the kernel is for data: a page a write fault dirties between 5.12's compare and its "
                    + "extent lock keeps its delalloc and is written to a new extent. What 8c99516a8cdd closed is a "
                    + "dedupe sharing extents whose cached data no longer matched, and a deadlock under low metadata "
                    + "space (reclaim flushing delalloc in a range the remap holds locked): it needs a model of "
                    + "metadata-space reservation and a reclaim worker as a third actor"),
            new NotReplayed("H20", "btrfs", "an `fsync` partner that logs the inode's extents while its writeback is "
                    + "in flight, a log-tree model and an outcome for a log that does not match the data, more than one "
                    + "page (three actors and I/O in flight exist now)"),
            new NotReplayed("H23", "fuse", "fuse at 3.12 and after \"fuse: wait for writeback in "
                    + "fuse_file_fallocate()\" (2013: the title is in a release's changelog, its hash is not in the "
                    + "stored history): fuse_writepage copies the page into a temporary page, ends the page's "
                    + "writeback at once and queues the WRITE (fi->writepages), so the punch's "
                    + "truncate_pagecache_range does not wait for it and the queued WRITE can land the old data in the "
                    + "hole after the server's FALLOCATE; the fix writes back and waits (fuse_sync_writes) first. "
                    + "Needs a fuse package (fuse_page_mkwrite, fuse_writepage and its temporary page, "
                    + "fuse_file_fallocate either side), a request in flight that is not a folio's bio (BlockDevice "
                    + "ends folios' bios only), and a three-actor race: the store, the punch, and a writeback whose "
                    + "submission and the server's completion are two steps. The outcome exists (STALE_DATA) and "
                    + "ceph's storage kept apart from the page cache (mirrorsStaleReads, H24) shows the shape. "
                    + "8b284dc47291 \"fuse: writepages: handle same page rewrites\" (3.13, hash confirmed) is another "
                    + "bug: it keeps two writes of one page from being in flight at once"),
            new NotReplayed("H25", "f2fs",
                    "\"f2fs: fix to keep isolation of atomic write\" (Chao Yu: v2 December 2020, which the maintainer "
                    + "reported hanging in down_write; v3 12 April 2021, in the f2fs dev tree and linux-next under several "
                    + "hashes; no mainline hash found in the stored history). v3's race has two threads: A runs "
                    + "F2FS_IOC_START_ATOMIC_WRITE (writeback of the file, then set_inode_flag(FI_ATOMIC_FILE)) and later "
                    + "F2FS_IOC_COMMIT_ATOMIC_WRITE; B write-faults a page before the flag is set (f2fs_set_data_page_dirty "
                    + "tags it private 0), write-faults it again after (f2fs_register_inmem_page cannot tag it "
                    + "ATOMIC_WRITTEN_PAGE as PagePrivate is set, but lists it on inmem_pages), then truncates "
                    + "(f2fs_invalidate_page clears the private without unlisting it, page->mapping becomes NULL); A's "
                    + "commit (__revoke_inmem_pages, f2fs_put_page) then oopses on the NULL mapping. The fix takes "
                    + "i_mmap_sem in start_atomic_write, f2fs_drop_inmem_pages and f2fs_commit_inmem_pages. A model needs "
                    + "f2fs's set_page_dirty and invalidatepage with page->private values, the inmem_pages list, the two "
                    + "ioctls as a partner with points between them, a fault actor that stores twice with the page "
                    + "write-protected in between and then truncates, and f2fs around 5.12 (the atomic-write machinery was "
                    + "rewritten by 3db1de0e582c \"f2fs: change the current atomic write way\")"),
            new NotReplayed("H26", "nfs", "e231c6879cfd \"NFS: Fix a race between mmap() and O_DIRECT\" (not in "
                    + "the stored torvalds/linux history; its full hash e231c6879cfd44e4fffd384bb6dd7d313249a523, "
                    + "Trond Myklebust, Cc stable v4.8+, found on a mirror's commit page, whose diff was not "
                    + "readable; every stored fs/nfs/io.c read, backports included, has the fixed text) fixes "
                    + "a5864c999de6 \"NFS: Do not serialise O_DIRECT reads and writes\" (4.8): when O_DIRECT "
                    + "switches the file to direct mode (nfs_start_io_direct, nfs_block_buffered setting "
                    + "NFS_INO_ODIRECT under i_rwsem held for writing) it now flushes with nfs_sync_mapping, "
                    + "unmap_mapping_range then nfs_wb_all, \"so that we can flush out the dirty data\". No "
                    + "interleaving was found in which the unmap matters: nfs's mapping is write-notified, so "
                    + "nfs_vm_page_mkwrite (the texts read, 3.x to 6.12, share one shape: page lock, mapping "
                    + "recheck, wait for writeback, the request, LOCKED) dirties a page before any store through "
                    + "its pte lands, and nfs_wb_all's writeback (filemap_write_and_wait, WB_SYNC_ALL) "
                    + "write-protects each page in clear_page_dirty_for_io before it cleans it: a store completed "
                    + "before the flush is written, a later one faults again. The model agrees: nfs@6.12's "
                    + "odirect-read and odirect-write run the generic flush without the unmap and reach no bug "
                    + "outcome within bound 3 (138 and 303 interleavings; NfsDirectFlushWithoutUnmapTest shows the "
                    + "flush leaving the page clean and write-protected). What stays open is no page_mkwrite race "
                    + "and is not what the fix changed: once the flag is set, nfs_start_io_direct returns at once "
                    + "and page faults never clear it, so a store after the first O_DIRECT call is not flushed "
                    + "before the next one reads the server, before and after e231c687. A replay would need a "
                    + "kernel window this reading did not find, a server distinct from the page cache (the backing "
                    + "holds the page cache's data, so an O_DIRECT read's stale result cannot be seen) and an "
                    + "outcome for an O_DIRECT read that misses a completed store (none is reserved)"),
            new NotReplayed("H28", "shmem", "f00cdc6df7d7 (reverted and redone in 2014 as 8e205f779d14 and "
                    + "b1a366500bd5): the punch livelocks only while a faulter keeps re-touching the hole (Trinity's "
                    + "loop); the store lands once, after which 3.15's restarting shmem_undo_range finds the hole "
                    + "empty and returns; needs a partner that faults in a loop until the punch returns, and shmem "
                    + "at 3.15"));

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
