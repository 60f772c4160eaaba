package org.pagerace.check;

import org.pagerace.fs.BlockMap;
import org.pagerace.fs.Falloc;
import org.pagerace.fs.FileSystem;
import org.pagerace.mm.Vmscan;
import org.pagerace.sys.Errno;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Filemap;
import org.pagerace.mm.Folio;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.PageWriteback;
import org.pagerace.mm.Truncate;
import org.pagerace.mm.StoreResult;
import org.pagerace.mm.UserAccess;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sched.Spin;

/**
 * The race partners: what the second actor does to the page the first actor stores into (page
 * {@link Sample#PAGE} of a {@link Sample#PAGES}-page file), whether that may legitimately discard the store, and,
 * for a race of three actors ({@link #actors()}), what the third does.
 */
public enum Race {
    TRUNCATE_DOWN("truncate-down", true, "shrink the file below the page (ftruncate to the page's start)") {
        @Override
        void run(Sample s) {
            s.fs.setattr_size(s.inode, Sample.PAGE_OFFSET);
            BlockMap.of(s.inode).discardReturned(s.inode);
        }
    },
    TRUNCATE_DOWN_UP("truncate-down-up", true, "shrink below the page, then extend back to the original size") {
        @Override
        void run(Sample s) {
            s.fs.setattr_size(s.inode, Sample.PAGE_OFFSET);
            BlockMap.of(s.inode).discardReturned(s.inode);
            s.fs.setattr_size(s.inode, Sample.SIZE);
        }
    },
    PUNCH_HOLE("punch-hole", true, "fallocate(PUNCH_HOLE|KEEP_SIZE) on the page; i_size unchanged") {
        @Override
        boolean appliesTo(FileSystem fs) {
            return fs.supportsFallocate(PUNCH);
        }

        /** Notes the folio cached at the page before the punch begins: the oracle requires it gone afterwards. */
        @Override
        void run(Sample s) {
            Folio cached = s.inode.i_mapping.peek(Sample.PAGE);
            s.cachedWhenPunchBegan = cached != null ? java.util.List.of(cached) : java.util.List.of();
            int err = s.fs.fallocate(s.inode, PUNCH, Sample.PAGE_OFFSET, PageSize.PAGE_SIZE);
            if (err < 0) {
                throw new IllegalStateException(s.fs.id() + " has no hole punch (" + Errno.name(-err) + ")");
            }
            BlockMap.of(s.inode).discardReturned(s.inode);
        }
    },
    PUNCH_HOLE_READ("punch-hole-read", true, "the page holds data from an earlier write(2), written back; the fault "
            + "actor LOADS from it (a read fault, ->fault alone, once the punch has unmapped it) while "
            + "fallocate(PUNCH_HOLE|KEEP_SIZE) removes it; a load after the punch returned must read zeros") {
        /** Only where the model keeps a page read in before its storage was zeroed ({@link FileSystem#mirrorsStaleReads}). */
        @Override
        boolean appliesTo(FileSystem fs) {
            return fs.supportsFallocate(PUNCH) && fs.mirrorsStaleReads();
        }

        @Override
        public Access access() {
            return Access.LOAD;
        }

        /** The data the punch removes: {@link Sample#VALUE} in the page, its block allocated, the page clean. */
        @Override
        void setUp(Sample s) {
            if (!s.inode.backing().store(Sample.PAGE_OFFSET, Sample.VALUE)) {
                throw new IllegalStateException("the set-up write into page " + Sample.PAGE + " did not land");
            }
            BlockMap.of(s.inode).allocate(Sample.PAGE, Sample.PAGE);
        }

        @Override
        void run(Sample s) {
            PUNCH_HOLE.run(s);
        }
    },
    INVALIDATE("invalidate", false, "write back and drop the page from the page cache "
            + "(invalidate_inode_pages2_range: direct I/O, cluster downconvert, the seed's pagecache flush)") {
        @Override
        void run(Sample s) {
            AddressSpace mapping = s.inode.i_mapping;
            PageWriteback.filemap_write_and_wait_range(mapping, Sample.PAGE, Sample.PAGE);
            Truncate.invalidate_inode_pages2_range(mapping, Sample.PAGE, Sample.PAGE);
        }
    },
    WRITEBACK("writeback", false, "write the page back if dirty: clean it and write-protect its ptes (msync)") {
        @Override
        void run(Sample s) {
            PageWriteback.filemap_write_and_wait_range(s.inode.i_mapping, Sample.PAGE, Sample.PAGE);
        }
    },
    WRITEBACK_IN_FLIGHT("writeback-in-flight", false, "the page, dirty from a write(2), has its writeback started "
            + "without waiting for it "
            + "(sync_file_range(SYNC_FILE_RANGE_WRITE): PG_writeback set, page cleaned and write-protected, write "
            + "submitted); a third actor, the disk, completes the write later (folio_end_writeback)") {
        @Override
        public int actors() {
            return 3;
        }

        @Override
        public Race reduction() {
            return WRITEBACK;
        }

        @Override
        public String thirdRole() {
            return "the disk: completes the write (folio_end_writeback)";
        }

        /**
         * The device completes writes when the third actor says, and the page is dirty from an earlier write(2)
         * (its block reserved and the page dirtied, as write_begin / write_end leave it), still mapped read-only:
         * the writeback has something to write while the store faults.
         */
        @Override
        void setUp(Sample s) {
            s.inode.s_bdev.completeLater();
            dirtyAsWriteLeavesIt(s);
        }

        @Override
        void run(Sample s) {
            PageWriteback.filemap_fdatawrite_range(s.inode.i_mapping, Sample.PAGE, Sample.PAGE);
        }

        @Override
        void runThird(Sample s) {
            s.inode.s_bdev.completeWhenSubmitted(s::partnerDone);
        }
    },
    RELEASE_METADATA("release-metadata", false, "memory pressure reclaims the clean page: unmap it, free its "
            + "metadata, remove it unless someone holds a reference (shrink_folio_list)") {
        @Override
        void run(Sample s) {
            Folio folio = Filemap.filemap_get_folio(s.inode.i_mapping, Sample.PAGE);
            if (folio == null) {
                return;
            }
            Vmscan.shrink_folio_list(folio);
            Folio.folio_put(folio);
        }
    },
    MKWRITE("mkwrite", false, "a second write fault on the same page, storing 8 bytes further on") {
        @Override
        void run(Sample s) {
            s.partnerStore = UserAccess.store(s.vma, Sample.PAGE_OFFSET + Long.BYTES, Sample.PARTNER_VALUE,
                    s::partnerAlone);
        }
    },
    TRUNCATE_UP("truncate-up", false, "the file ends 1 KiB into the page, which a store at its start made writable "
            + "(page_mkwrite prepared the blocks up to EOF only); extend it to the original size; the store goes to the "
            + "page's last 8 bytes") {
        @Override
        void setUp(Sample s) {
            shortenIntoThePage(s);
        }

        @Override
        long storeOffset() {
            return LAST_WORD;
        }

        @Override
        void run(Sample s) {
            extendBack(s);
        }
    },
    PARTIAL_PAGE("partial-page", true, "ftruncate to 100 bytes into the page, then back to the original size; the "
            + "store goes to the page's middle (byte 2048), which is the EOF page's tail beyond i_size between the two "
            + "(pagerace-racer's race of the same name)") {
        @Override
        long storeOffset() {
            return PARTIAL_STORE;
        }

        /**
         * What the tail reads after the extension is the filesystem's choice, correct either way; the race is there
         * for the truth comparison of the versions a current kernel runs, and on the file backing the host's own
         * extension decides the tail, not the model's.
         */
        @Override
        public boolean narrowStressMatrix() {
            return true;
        }

        /**
         * The shrink (it zeroes the EOF page's tail), the gap ({@link #PARTIAL_GAP}: the store may land in the tail),
         * the extension; the sample notes the ticks around the gap, and the extension's return, for the oracle.
         */
        @Override
        void run(Sample s) {
            s.fs.setattr_size(s.inode, PARTIAL_SIZE);
            BlockMap.of(s.inode).discardReturned(s.inode);
            s.shrinkReturned = s.inode.tick();
            Points.at(PARTIAL_GAP);
            Spin.nanos(PARTIAL_GAP_NANOS);
            s.extensionStarted = s.inode.tick();
            extendBack(s);
        }
    },
    EXTEND_MMAP_WRITE("extend-mmap-write", false, "the file ends 1 KiB into the page, which a store at its start "
            + "made writable and dirty; the fault actor extends the file to its original size (ftruncate), then stores "
            + "into the page's last 8 bytes through the mapping; the partner writes the page back (msync), zeroing the "
            + "page beyond the i_size it samples (generic/438); run against filesystems with their own ->writepages") {
        @Override
        boolean appliesTo(FileSystem fs) {
            return fs.hasOwnWritepages();
        }

        @Override
        void setUp(Sample s) {
            shortenIntoThePage(s);
        }

        @Override
        long storeOffset() {
            return LAST_WORD;
        }

        /** The fault actor's first step: the extension, a named point after it returns, then the store. */
        @Override
        void beforeStore(Sample s) {
            extendBack(s);
            Points.at(ExtendPoints.EXTENDED);
        }

        @Override
        void run(Sample s) {
            PageWriteback.filemap_write_and_wait_range(s.inode.i_mapping, Sample.PAGE, Sample.PAGE);
        }
    },
    ZERO_RANGE("zero-range", true, "fallocate(ZERO_RANGE|KEEP_SIZE) on the page: it reads back as zeros; i_size "
            + "unchanged") {
        @Override
        boolean appliesTo(FileSystem fs) {
            return fs.supportsFallocate(ZERO);
        }

        @Override
        void run(Sample s) {
            fallocate(s, ZERO, Sample.PAGE_OFFSET, PageSize.PAGE_SIZE);
            BlockMap.of(s.inode).discardReturned(s.inode);
        }
    },
    COLLAPSE_RANGE("collapse-range", false, "fallocate(COLLAPSE_RANGE) of page 0: the store's page and those after "
            + "it move down a page, i_size shrinks by a page; the store's data must move with its page") {
        @Override
        boolean appliesTo(FileSystem fs) {
            return fs.supportsFallocate(Falloc.FALLOC_FL_COLLAPSE_RANGE);
        }

        @Override
        void run(Sample s) {
            fallocate(s, Falloc.FALLOC_FL_COLLAPSE_RANGE, 0, PageSize.PAGE_SIZE);
        }

        @Override
        boolean movesData() {
            return true;
        }

        @Override
        long moved(long pos) {
            return pos >= PageSize.PAGE_SIZE ? pos - PageSize.PAGE_SIZE : pos;
        }
    },
    INSERT_RANGE("insert-range", false, "fallocate(INSERT_RANGE) of a page at the store's page of a 3-page file: "
            + "the page and those after it move up a page, i_size grows by a page; the store's data must move with it") {
        @Override
        boolean appliesTo(FileSystem fs) {
            return fs.supportsFallocate(Falloc.FALLOC_FL_INSERT_RANGE);
        }

        @Override
        void setUp(Sample s) {
            s.fs.setattr_size(s.inode, Sample.SIZE - PageSize.PAGE_SIZE); /* room for the inserted page */
        }

        @Override
        void run(Sample s) {
            fallocate(s, Falloc.FALLOC_FL_INSERT_RANGE, Sample.PAGE_OFFSET, PageSize.PAGE_SIZE);
        }

        @Override
        boolean movesData() {
            return true;
        }

        @Override
        long moved(long pos) {
            return pos >= Sample.PAGE_OFFSET ? pos + PageSize.PAGE_SIZE : pos;
        }
    },
    ODIRECT_READ("odirect-read", false, "an O_DIRECT read of the page: write it back, invalidate it (where the "
            + "filesystem does), look its block up and read it") {
        @Override
        void run(Sample s) {
            s.fs.direct_read(s.inode, Sample.PAGE_OFFSET, PageSize.PAGE_SIZE); /* its -EIO is the reader's */
        }
    },
    ODIRECT_WRITE("odirect-write", false, "an O_DIRECT write of the page: write it back, invalidate it, write its "
            + "block, invalidate again") {
        @Override
        void run(Sample s) {
            s.fs.direct_write(s.inode, Sample.PAGE_OFFSET, PageSize.PAGE_SIZE);
        }
    },
    DEDUPE("dedupe", false, "FIDEDUPERANGE of the last page onto the store's page (both zeros at the start): "
            + "flush, compare, then share the extent; the store's page must keep the store") {
        @Override
        boolean appliesTo(FileSystem fs) {
            return fs.supportsDedupe();
        }

        @Override
        void run(Sample s) {
            long r = s.fs.dedupe_file_range(s.inode, Sample.SIZE - PageSize.PAGE_SIZE, Sample.PAGE_OFFSET,
                    PageSize.PAGE_SIZE);
            if (r < 0) {
                throw new IllegalStateException(s.fs.id() + ": dedupe failed (" + Errno.name((int) -r) + ")");
            }
        }
    },
    ENOMEM("enomem", false, "memory pressure: the next metadata reservation fails with -ENOMEM, once") {
        @Override
        void run(Sample s) {
            BlockMap.of(s.inode).armEnomem();
        }
    },
    ENOSPC("enospc", false, "a full filesystem: the file is NOCOW (chattr +C) and its page already has its extent "
            + "(written and synced); the partner fills the data space, so the next data reservation fails with "
            + "-ENOSPC, once; an overwrite in place needs none (copy-on-write filesystems only)") {
        @Override
        String operation() {
            return "NOCOW files (chattr +C): only a copy-on-write filesystem has them, and only there does an overwrite need new data space";
        }

        @Override
        boolean appliesTo(FileSystem fs) {
            return fs.supportsNocow();
        }

        /** {@code chattr +C}, then the page written (dirtied as write(2) leaves it) and synced: its extent exists. */
        @Override
        void setUp(Sample s) {
            int err = s.fs.fileattr_set_nocow(s.inode);
            if (err < 0) {
                throw new IllegalStateException(s.fs.id() + ": chattr +C failed (" + Errno.name(-err) + ")");
            }
            Folio folio = s.initialFolio;
            Folio.folio_lock(folio);
            try {
                if (BlockMap.of(s.inode).reserve(folio) == 0) {
                    PageWriteback.folio_mark_dirty(folio);
                }
            } finally {
                Folio.folio_unlock(folio);
            }
            PageWriteback.filemap_write_and_wait_range(s.inode.i_mapping, Sample.PAGE, Sample.PAGE);
            if (BlockMap.of(s.inode).state(Sample.PAGE) != BlockMap.ALLOCATED) {
                throw new IllegalStateException(s.fs.id() + ": the synced page has no extent");
            }
        }

        @Override
        void run(Sample s) {
            BlockMap.of(s.inode).armEnospc();
        }
    },
    FREEZE("freeze", false, "FIFREEZE: freeze_super's steps (block new writers, sync_filesystem's writeback, block page "
            + "faults where the kernel does); a third actor thaws the filesystem (FITHAW) once the freeze has returned, "
            + "so that a fault waiting for the thaw can finish; no page may be dirty while the filesystem is frozen") {
        @Override
        boolean appliesTo(FileSystem fs) {
            return fs.supportsFreeze();
        }

        @Override
        public int actors() {
            return 3;
        }

        @Override
        public String thirdRole() {
            return "thaw: once freeze_super has returned (thaw_super)";
        }

        @Override
        void run(Sample s) {
            int err = s.fs.freeze_super(s.inode);
            if (err < 0) {
                throw new IllegalStateException(s.fs.id() + ": freeze_super failed (" + Errno.name(-err) + ")");
            }
        }

        /**
         * Waits until the freeze has returned, records whether any page is dirty (in the page cache or through a
         * dirty pte) at that moment, the end of the frozen period, then thaws.
         */
        @Override
        void runThird(Sample s) {
            Points.waitUntil(FileSystem.WAIT_FROZEN, s::partnerDone, s::partnerDone);
            s.frozenDirty = anyPageDirty(s);
            int err = s.fs.thaw_super(s.inode);
            if (err < 0) {
                throw new IllegalStateException(s.fs.id() + ": thaw_super failed (" + Errno.name(-err) + ")");
            }
        }
    },
    FSYNC("fsync", false, "the page's data was written and synced earlier and the page evicted, so the fault actor's "
            + "read fault reads it back from storage (as after a remount or drop_caches); the partner calls the "
            + "filesystem's own ->fsync on the file (fsync(2), msync(MS_SYNC)): a store that completed before the call "
            + "began must be on storage when it returns; only against filesystems whose ->fsync is a path of their own") {
        @Override
        boolean appliesTo(FileSystem fs) {
            return fs.hasOwnFsync();
        }

        @Override
        String operation() {
            return "->fsync of its own (its sync is the generic writeback the writeback race runs)";
        }

        /**
         * The page's block on storage (written and synced earlier: a write reached the disk), the page reclaimed, and
         * read back by a read fault: a fresh page read from storage, mapped read-only.
         */
        @Override
        void setUp(Sample s) {
            BlockMap.of(s.inode).allocate(Sample.PAGE, Sample.PAGE);
            Folio folio = Filemap.filemap_get_folio(s.inode.i_mapping, Sample.PAGE);
            boolean evicted = folio != null && Vmscan.shrink_folio_list(folio);
            if (folio != null) {
                Folio.folio_put(folio);
            }
            if (!evicted) {
                throw new IllegalStateException("the set-up could not evict page " + Sample.PAGE);
            }
            if (UserAccess.load(s.vma, Sample.PAGE_OFFSET) != 0) {
                throw new IllegalStateException("the read fault reading page " + Sample.PAGE + " back gave SIGBUS");
            }
        }

        /** fsync(2) of the whole file; what storage holds of the page is noted as the call returns. */
        @Override
        void run(Sample s) {
            s.syncBegan = s.inode.tick();
            if (s.fs.fsync(s.inode, 0, Long.MAX_VALUE, false) == 0) { /* an -errno tells the caller: not judged */
                s.syncedAt = s.inode.s_bdev.writtenAt(Sample.PAGE);
            }
        }
    },
    SHUTDOWN("shutdown", false, "the page is dirty from a write(2) and mapped read-only; the partner shuts the "
            + "filesystem down (xfs_io -c shutdown), then fsyncs the file, whose writeback fails with -EIO "
            + "(generic/623's steps); on a shut-down filesystem SIGBUS and lost data are correct, a warning is not") {
        @Override
        boolean appliesTo(FileSystem fs) {
            return fs.supportsShutdown();
        }

        @Override
        String operation() {
            return "modelled shutdown (FileSystem.supportsShutdown)";
        }

        /** The page dirtied as write(2) leaves it: its blocks reserved, the folio dirty, the pte still read-only. */
        @Override
        void setUp(Sample s) {
            dirtyAsWriteLeavesIt(s);
        }

        /** The shutdown, a named point, then the fsync's writeback (its -EIO is the caller's, not a kernel bug). */
        @Override
        void run(Sample s) {
            int err = s.fs.shutdown(s.inode);
            if (err < 0) {
                throw new IllegalStateException(s.fs.id() + ": shutdown failed (" + Errno.name(-err) + ")");
            }
            Points.at(SHUTDOWN_FORCED);
            PageWriteback.filemap_write_and_wait_range(s.inode.i_mapping, Sample.PAGE, Sample.PAGE);
        }
    };

    /** {@code shutdown}'s step: the filesystem is shut down; the fsync's writeback has not begun. */
    public static final Point SHUTDOWN_FORCED = Point.declare("SHUTDOWN_FORCED",
            "shutdown: the filesystem is shut down (the ioctl returned); the fsync's writeback has not begun");

    /**
     * The sample's page dirtied as write(2) leaves it (write_begin / write_end): its blocks reserved and the folio
     * dirty, under the folio lock; its pte stays read-only.
     */
    private static void dirtyAsWriteLeavesIt(Sample s) {
        Folio folio = s.initialFolio;
        Folio.folio_lock(folio);
        try {
            if (BlockMap.of(s.inode).reserve(folio) == 0) {
                PageWriteback.folio_mark_dirty(folio);
            }
        } finally {
            Folio.folio_unlock(folio);
        }
    }

    /** Whether a page of the sample's file is dirty, in the page cache or through a dirty pte. */
    private static boolean anyPageDirty(Sample s) {
        AddressSpace mapping = s.inode.i_mapping;
        for (int i = 0; i < mapping.maxPages(); i++) {
            Folio f = mapping.peek(i);
            if (f != null && Folio.folio_test_dirty(f)) {
                return true;
            }
        }
        for (int i = 0; i < s.vma.pages(); i++) {
            org.pagerace.mm.Pte pte = s.vma.ptep_get(i);
            if (pte != null && pte.dirty()) {
                return true;
            }
        }
        return false;
    }

    private final String id;
    private final boolean destructive;
    private final String summary;

    Race(String id, boolean destructive, String summary) {
        this.id = id;
        this.destructive = destructive;
        this.summary = summary;
    }

    public String id() {
        return id;
    }

    public String summary() {
        return summary;
    }

    /** Whether the partner may discard the store's data (truncate, punch): a vanished store is then correct. */
    public boolean destructive() {
        return destructive;
    }

    private static final int PUNCH = Falloc.FALLOC_FL_PUNCH_HOLE | Falloc.FALLOC_FL_KEEP_SIZE;

    /** Where the EOF page ends for the races that extend the file: 1 KiB into page {@link Sample#PAGE}. */
    static final long SHORT_SIZE = Sample.PAGE_OFFSET + 1024;
    /** The last 8 bytes of page {@link Sample#PAGE}: beyond {@link #SHORT_SIZE}, in the page's last block. */
    static final long LAST_WORD = Sample.PAGE_OFFSET + PageSize.PAGE_SIZE - Long.BYTES;

    /** Where {@code partial-page} shrinks the file to: 100 bytes into page {@link Sample#PAGE} (as the racer does). */
    static final long PARTIAL_SIZE = Sample.PAGE_OFFSET + 100;
    /** Where the {@code partial-page} store goes: the middle of page {@link Sample#PAGE}, beyond {@link #PARTIAL_SIZE}. */
    static final long PARTIAL_STORE = Sample.PAGE_OFFSET + 2048;
    /**
     * How long {@code partial-page}'s partner waits in the gap, as the racer does ({@code PARTIAL_GAP_NS} in
     * native/truth/racer.c): free-running samples then land a store in the gap as the real ones do. The wait ends
     * early once the store has returned ({@link Spin}): no store is left to land anywhere.
     */
    static final long PARTIAL_GAP_NANOS = 20_000;

    /** {@code partial-page}'s gap: the shrink has returned, the extension has not begun. */
    public static final Point PARTIAL_GAP = Point.declare("PARTIAL_GAP",
            "partial-page: the file ends 100 bytes into the store's page (the shrink returned); the extension back to "
                    + "the original size has not begun");

    /**
     * The set-up of the extending races: the file shrunk to {@link #SHORT_SIZE} and the EOF page made writable by a
     * store at its start, as in 90a8020278c1's example ({@code pwrite} 1 KiB, {@code map[0] = 'a'}, then extend).
     */
    private static void shortenIntoThePage(Sample s) {
        s.fs.setattr_size(s.inode, SHORT_SIZE);
        StoreResult r = UserAccess.store(s.vma, Sample.PAGE_OFFSET, Sample.PARTNER_VALUE);
        if (r.status != StoreResult.Status.STORED) {
            throw new IllegalStateException("the set-up store into the EOF page ended " + r);
        }
    }

    /** The extension of the extending races: {@code ftruncate} back to {@link Sample#SIZE}, then its return. */
    private static void extendBack(Sample s) {
        s.fs.setattr_size(s.inode, Sample.SIZE);
        BlockMap.of(s.inode).extensionReturned(s.inode);
    }

    /** Where actor 1 stores: the start of page {@link Sample#PAGE}, unless the race says otherwise. */
    long storeOffset() {
        return Sample.PAGE_OFFSET;
    }

    private static final int ZERO = Falloc.FALLOC_FL_ZERO_RANGE | Falloc.FALLOC_FL_KEEP_SIZE;

    /** Runs {@code fallocate(mode)}; a refusal is the model's error (the race applies only where it exists). */
    private static void fallocate(Sample s, int mode, long off, long len) {
        int err = s.fs.fallocate(s.inode, mode, off, len);
        if (err < 0) {
            throw new IllegalStateException(s.fs.id() + ": fallocate(" + mode + ") failed (" + Errno.name(-err) + ")");
        }
    }

    /**
     * Whether this partner moves or replaces the data of the store's page (collapse, insert, dedupe): a store whose
     * page it dropped while still dirty is lost (the kernel never wrote it), and one written back first is looked
     * for where the partner moved it ({@link #moved}).
     */
    boolean movesData() {
        return false;
    }

    /** Where the data at {@code pos} is once this partner has moved it (collapse: a page down). */
    long moved(long pos) {
        return pos;
    }

    /**
     * Whether the JCStress suite's default matrix runs this race only on the newest version of each filesystem (on
     * no seed handler), and on the model backing only, instead of on every version and backing, to spare the
     * matrix's time. {@code explore} and {@code ExpectationsAreReproducibleTest} still run it on every version.
     */
    public boolean narrowStressMatrix() {
        return false;
    }

    /** Whether this partner's operation exists in {@code fs} (hole punch does not everywhere). */
    boolean appliesTo(FileSystem fs) {
        return true;
    }

    /** Whether this race can be run against {@code model}: the operation exists and the model does not say otherwise. */
    public boolean appliesTo(org.pagerace.fs.Model model) {
        FileSystem fs = model.create();
        return appliesTo(fs) && fs.expectations().claim(id).applies();
    }

    /** What the fault actor does to the page: a store (a write fault, page_mkwrite) or a load (a read fault). */
    public enum Access {
        STORE, LOAD
    }

    /** The fault actor's access: {@link Access#STORE} unless the race says otherwise. */
    public Access access() {
        return Access.STORE;
    }

    /**
     * Why this race cannot be run against {@code model} (null if it can): the model's own not-applicable claim, or
     * else the operation the filesystem lacks.
     */
    public String whyNotApplicable(org.pagerace.fs.Model model) {
        FileSystem fs = model.create();
        if (!fs.expectations().claim(id).applies()) {
            return fs.expectations().claim(id).why();
        }
        return appliesTo(fs) ? null : fs.id() + " has no " + operation();
    }

    /** The operation this race needs of a filesystem, in words, for {@link #whyNotApplicable}. */
    String operation() {
        return "operation the " + id + " race needs";
    }

    /**
     * How many actors the race has: 2 (the store and the partner), or 3 (and {@link #runThird}). The JCStress suite
     * runs two-actor races only; {@code explore} and {@code run --repeat} run all.
     */
    public int actors() {
        return 2;
    }

    /**
     * The two-actor race the JCStress suite runs in place of this three-actor one (the same partner with the third
     * actor folded in), or null if there is none; a two-actor race is its own.
     */
    public Race reduction() {
        return actors() == 2 ? this : null;
    }

    /** What the JCStress suite does with this three-actor race, in words: the reduction it runs, or that it skips it. */
    public String suiteRuns() {
        Race r = reduction();
        return r == null ? "the JCStress suite skips it (no two-actor reduction)"
                : "the JCStress suite runs " + r.id() + " instead";
    }

    /** What the third actor does, as a trace lane's name (null in a two-actor race). */
    public String thirdRole() {
        return null;
    }

    /** The names of this race's actors in traces and schedules: {@code fault}, {@code partner}[, {@code third}]. */
    public java.util.List<String> actorNames() {
        return actors() > 2 ? java.util.List.of(Sample.FAULT, Sample.PARTNER, Sample.THIRD)
                : java.util.List.of(Sample.FAULT, Sample.PARTNER);
    }

    /** The lane names of a timeline of this race, one per actor: {@code store}, this race's id, the third's role. */
    public java.util.List<String> lanes(String store) {
        return actors() > 2 ? java.util.List.of(store, id, thirdRole()) : java.util.List.of(store, id);
    }

    /** The third actor of a three-actor race. */
    void runThird(Sample s) {
        throw new IllegalStateException(id + " has no third actor");
    }

    /** The named steps of the races whose fault actor does more than store ({@link #beforeStore}). */
    static final class ExtendPoints {
        /** {@code extend-mmap-write}: the fault actor's extension returned; its store has not begun. */
        static final Point EXTENDED = Point.declare("EXTEND_RETURNED", "extend-mmap-write: the fault actor's "
                + "ftruncate extending the file returned; its store through the mapping has not begun.");

        private ExtendPoints() {
        }
    }

    /**
     * What the fault actor does before its store, in a race that changes the fault actor's access (default:
     * nothing; {@code extend-mmap-write}: extend the file first).
     */
    void beforeStore(Sample s) {
    }

    /** Extra preparation of a fresh sample, before the actors start. */
    void setUp(Sample s) {
    }

    /** The second actor. */
    abstract void run(Sample s);

    /** The race with id {@code id}; throws {@link IllegalArgumentException} listing the valid ids. */
    public static Race byId(String id) {
        for (Race r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        StringBuilder valid = new StringBuilder();
        for (Race r : values()) {
            valid.append(valid.length() == 0 ? "" : ", ").append(r.id);
        }
        throw new IllegalArgumentException("unknown race '" + id + "' (valid: " + valid + ")");
    }
}
