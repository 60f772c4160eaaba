package org.pagerace.check;

import static org.pagerace.mm.Folio.*;

import java.util.LinkedHashSet;
import java.util.Set;
import org.pagerace.fs.BlockMap;
import org.pagerace.fs.InodeInfo;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.Pte;
import org.pagerace.mm.RwSemaphore;
import org.pagerace.mm.SpinLock;
import org.pagerace.mm.StoreResult;

/**
 * The invariants checked after a race, and the outcome the sample is classified as ({@link Outcome}: the most
 * severe violation, else how the store ended). The invariants:
 * <ul>
 *   <li>no leaked lock or reference: no page, pte or rwsem lock held; every page's refcount is its page-cache
 *       reference plus one per pte;</li>
 *   <li>no stale write: every store went into a page that was in the page cache, and whose real page was inside
 *       the real file;</li>
 *   <li>backed: no page dirtied or written back without metadata, none dirty without it at the end (for
 *       conventions that need metadata);</li>
 *   <li>notified: no store went through a pte into a page cleaned after its last preparation by page_mkwrite;</li>
 *   <li>no lost write: a store whose page is still cached and inside EOF is in the file and still tracked dirty
 *       if it came after the last clean; one whose page a non-destructive partner removed is in the file; one
 *       whose page a partner that moves data (collapse, insert, dedupe) dropped was written back before, and is
 *       where the partner moved it;</li>
 *   <li>no spurious SIGBUS: SIGBUS only if one of the store's faults read an i_size that put the page beyond
 *       EOF;</li>
 *   <li>stable pages: no page changed while its write I/O was in flight;</li>
 *   <li>synced: a store that completed before an fsync began is on storage when the fsync returns (the page's last
 *       write to reach the disk came after the store);</li>
 *   <li>freezing: no page dirty while the filesystem is frozen (checked when the thaw begins);</li>
 *   <li>no kernel warning ({@code WARN_ON_ONCE}) fired on the inode's paths;</li>
 *   <li>on a filesystem that was shut down, SIGBUS and a store lost at the failed writeback are correct
 *       (SIGBUS, DISCARDED): the shutdown fails every I/O with -EIO;</li>
 *   <li>in a race whose fault actor loads: after the punch returned, a load reads zeros, not the data the punch
 *       removed (STALE_DATA);</li>
 *   <li>after a hole punch returned, no page that was cached inside the punched range when it began is still
 *       cached (HOLE_NOT_EMPTY);</li>
 *   <li>no page beyond EOF left in the page cache, and no block reserved or allocated beyond it; bounded retries
 *       (LIVELOCK otherwise).</li>
 * </ul>
 */
final class Oracle {
    private Oracle() {
    }

    static Outcome judge(Sample s) {
        if (s.bug != null) {
            return Outcome.KERNEL_BUG;
        }
        if (s.handlerError != null) {
            return Outcome.HANDLER_ERROR;
        }
        Outcome worst = null;
        worst = worse(worst, leaks(s));
        worst = worse(worst, s.inode.warning() != null ? Outcome.KERNEL_WARN : null);
        if (s.race.access() == Race.Access.LOAD) {
            worst = worse(worst, judgeLoad(s));
        } else {
            worst = worse(worst, judgeStore(s, s.store, s.storePos, Sample.VALUE));
        }
        if (s.partnerStore != null) {
            worst = worse(worst, judgeStore(s, s.partnerStore, Sample.PAGE_OFFSET + Long.BYTES, Sample.PARTNER_VALUE));
        }
        worst = worse(worst, backed(s));
        worst = worse(worst, synced(s));
        worst = worse(worst, stable(s));
        worst = worse(worst, s.frozenDirty ? Outcome.FROZEN_DIRTY : null);
        worst = worse(worst, beyondEof(s));
        worst = worse(worst, blockBeyondEof(s));
        worst = worse(worst, holeNotEmpty(s));
        return worst;
    }

    /**
     * HOLE_NOT_EMPTY: a folio the page cache held inside the punched range when the punch began is still there (the
     * oracle runs once every actor has returned, so after the punch returned). Any punch of a whole page removes the
     * page it found cached; a page a fault brings in after the removal pass passed its index is a new folio, which a
     * correct punch may leave (user space cannot tell it from a fault after the punch: 4aae8d1c051e), and is not
     * judged here. Nothing but the race's own record of the page cache and the page cache at the end is read.
     */
    private static Outcome holeNotEmpty(Sample s) {
        if (s.cachedWhenPunchBegan == null) {
            return null;
        }
        for (Folio f : s.cachedWhenPunchBegan) {
            if (s.inode.i_mapping.peek(f.index) == f) {
                return Outcome.HOLE_NOT_EMPTY;
            }
        }
        return null;
    }

    /** The more severe of two outcomes (declaration order of {@link Outcome}); null is no outcome. */
    static Outcome worse(Outcome a, Outcome b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    private static Outcome leaks(Sample s) {
        AddressSpace mapping = s.inode.i_mapping;
        if (RwSemaphore.rwsem_is_locked(mapping.invalidate_lock) || RwSemaphore.rwsem_is_locked(mapping.i_mmap_rwsem)
                || RwSemaphore.rwsem_is_locked(s.inode.i_rwsem) || SpinLock.spin_is_locked(s.vma.ptl)) {
            return Outcome.LEAKED_LOCK;
        }
        for (RwSemaphore lock : InodeInfo.of(s.inode).locks()) {
            if (RwSemaphore.rwsem_is_locked(lock)) {
                return Outcome.LEAKED_LOCK;
            }
        }
        Set<Folio> folios = new LinkedHashSet<>();
        for (int i = 0; i < mapping.maxPages(); i++) {
            Folio f = mapping.peek(i);
            if (f != null) {
                folios.add(f);
            }
        }
        folios.add(s.initialFolio);
        if (s.store != null && s.store.folio != null) {
            folios.add(s.store.folio);
        }
        if (s.partnerStore != null && s.partnerStore.folio != null) {
            folios.add(s.partnerStore.folio);
        }
        for (Folio f : folios) {
            if (folio_test_locked(f)) {
                return Outcome.LEAKED_LOCK;
            }
        }
        for (Folio f : folios) {
            int expected = (f.mapping != null ? 1 : 0) + ptesMapping(s, f);
            if (folio_ref_count(f) != expected || folio_mapcount(f) != ptesMapping(s, f)) {
                return Outcome.LEAKED_REF;
            }
        }
        return null;
    }

    private static int ptesMapping(Sample s, Folio f) {
        int n = 0;
        for (int i = 0; i < s.vma.pages(); i++) {
            Pte pte = s.vma.ptep_get(i);
            if (pte != null && pte.folio() == f) {
                n++;
            }
        }
        return n;
    }

    private static Outcome judgeStore(Sample s, StoreResult r, long pos, long value) {
        switch (r.status) {
            case LIVELOCK:
                return Outcome.LIVELOCK;
            case SIGBUS:
                if (s.fs.isShutdown(s.inode)) {
                    return Outcome.SIGBUS; /* the shutdown fails the fault's block mapping with -EIO */
                }
                boolean beyondEof = (pos >>> PageSize.PAGE_SHIFT) >= PageSize.pages(r.minSizeSeen);
                return beyondEof ? Outcome.SIGBUS : Outcome.SPURIOUS_SIGBUS;
            default:
                break;
        }
        if (r.stale || !r.landed) {
            return Outcome.STALE_WRITE;
        }
        if (r.unnotified) {
            return Outcome.UNNOTIFIED_DIRTY;
        }
        Outcome data = data(s, r, pos, value);
        if (data == Outcome.LOST_WRITE && s.fs.isShutdown(s.inode)) {
            return Outcome.DISCARDED; /* the shut-down filesystem failed the writeback that would have kept it */
        }
        if (data != null) {
            return data;
        }
        if (r.ooms > 0) {
            return Outcome.OOM;
        }
        return r.retries() > 0 ? Outcome.OK_RETRIED : Outcome.OK;
    }

    /**
     * A race whose fault actor loads ({@link Race.Access#LOAD}): the page held {@link Sample#VALUE} before the punch
     * and i_size never changes. A SIGBUS is spurious; after the punch returned (every actor has), a load reads what
     * the backing holds at the position (the cached page's data, or the storage's where no page is cached): the old
     * data there is STALE_DATA, zeros are OK.
     */
    private static Outcome judgeLoad(Sample s) {
        if (s.loadSigbus) {
            return Outcome.SPURIOUS_SIGBUS;
        }
        return s.inode.backing().read(s.storePos) == Sample.VALUE ? Outcome.STALE_DATA : Outcome.OK;
    }

    /** LOST_WRITE or DISCARDED, or null if the data is where it must be. */
    private static Outcome data(Sample s, StoreResult r, long pos, long value) {
        Folio f = r.folio;
        long inFile = s.inode.backing().read(pos);
        BlockMap blocks = BlockMap.of(s.inode);
        long extended = blocks.extensionReturned();
        if (s.race == Race.PARTIAL_PAGE && pos == s.storePos && (extended == 0 || r.tick < extended)) {
            return partialPage(s, r, inFile == value);
        }
        if (pos >= s.tailFrom && (extended == 0 || r.tick < extended)) {
            return null; /* into the EOF page's tail before the extension returned: not (yet) part of the file */
        }
        long eofPages = PageSize.pages(Inode.i_size_read(s.inode));
        if (f.mapping != null && f.index < eofPages) {
            if (inFile != value || blocks.holeDiscardedAt(pos) > r.tick) {
                return Outcome.LOST_WRITE;
            }
            if (overHole(s, f, pos)) {
                return Outcome.UNBACKED_DIRTY;
            }
            boolean storedAfterClean = r.tick > f.cleanSeq;
            Pte pte = s.vma.ptep_get(f.index);
            boolean tracked = folio_test_dirty(f) || (pte != null && pte.folio() == f && pte.dirty());
            return storedAfterClean && !tracked ? Outcome.LOST_WRITE : null;
        }
        if (s.race.movesData() && f.mapping == null) {
            if (r.tick > f.cleanSeq) {
                return Outcome.LOST_WRITE; /* dropped while dirty: the data never reached the blocks that moved */
            }
            return s.inode.backing().read(s.race.moved(pos)) == value ? null : Outcome.LOST_WRITE;
        }
        boolean discardedAfter = BlockMap.of(s.inode).lastDiscard() > r.tick;
        if (s.race.destructive() && discardedAfter) {
            return inFile == value ? null : Outcome.DISCARDED;
        }
        return inFile == value ? null : Outcome.LOST_WRITE;
    }

    /**
     * {@code partial-page}, a store that landed before the extension returned (one after it is inside the file and
     * judged as any other): in the gap between the shrink's return and the extension's start it was in the EOF
     * page's tail beyond i_size, and whether the extension (or a writeback before it) zeroed it or kept it is the
     * filesystem's choice, both correct ({@link Outcome#TAIL_ZEROED}, {@link Outcome#TAIL_KEPT}); one that landed
     * while the shrink or the extension ran may be zeroed by it ({@link Outcome#DISCARDED}) or not (null: in the
     * file), as the racer classifies a store that overlaps an operation.
     */
    private static Outcome partialPage(Sample s, StoreResult r, boolean kept) {
        boolean inGap = s.shrinkReturned != 0 && r.tick > s.shrinkReturned
                && (s.extensionStarted == 0 || r.tick < s.extensionStarted);
        if (inGap) {
            return kept ? Outcome.TAIL_KEPT : Outcome.TAIL_ZEROED;
        }
        return kept ? null : Outcome.DISCARDED;
    }

    /**
     * With blocks smaller than a page: whether the store's data lies dirty in a hole block beyond what page_mkwrite
     * last prepared of its page (it saw EOF before that block): the next writeback allocates it unreserved, or, on
     * ext4, discards it. At the page size a page's preparation is its metadata, checked in {@link #backed}.
     */
    private static boolean overHole(Sample s, Folio f, long pos) {
        BlockMap blocks = BlockMap.of(s.inode);
        if (blocks.blocksPerPage() == 1 || !s.fs.needsMetadata() || !blocks.unpreparedHoleAt(pos)) {
            return false;
        }
        Pte pte = s.vma.ptep_get(f.index);
        return folio_test_dirty(f) || (pte != null && pte.folio() == f && pte.dirty());
    }

    private static Outcome backed(Sample s) {
        BlockMap blocks = BlockMap.of(s.inode);
        if (blocks.unbackedDirty() > 0 || blocks.unbackedWrites() > 0) {
            return Outcome.UNBACKED_DIRTY;
        }
        if (s.fs.needsMetadata()) {
            AddressSpace mapping = s.inode.i_mapping;
            for (int i = 0; i < mapping.maxPages(); i++) {
                Folio f = mapping.peek(i);
                if (f != null && folio_test_dirty(f) && !folio_has_private(f)) {
                    return Outcome.UNBACKED_DIRTY;
                }
            }
        }
        return null;
    }

    /** A block reserved or allocated for a page wholly beyond i_size at the end (truncate freed them all). */
    private static Outcome blockBeyondEof(Sample s) {
        BlockMap blocks = BlockMap.of(s.inode);
        long eofPages = PageSize.pages(Inode.i_size_read(s.inode));
        for (long i = eofPages; i < s.inode.i_mapping.maxPages(); i++) {
            if (blocks.state(i) != BlockMap.NONE) {
                return Outcome.BLOCK_BEYOND_EOF;
            }
        }
        return null;
    }

    /**
     * UNSYNCED_WRITE if the store completed before the partner's sync call began and storage did not hold it when the
     * call returned: no write of the store's page reached the disk after the store ({@link Sample#syncedAt}, what the
     * {@link org.pagerace.mm.BlockDevice} had written when the call returned). A store that landed after the call
     * began is the caller's race, not judged.
     */
    private static Outcome synced(Sample s) {
        StoreResult r = s.store;
        if (s.syncedAt < 0 || r == null || r.status != StoreResult.Status.STORED || !r.landed
                || r.tick >= s.syncBegan) {
            return null;
        }
        return s.syncedAt > r.tick ? null : Outcome.UNSYNCED_WRITE;
    }

    /** UNSTABLE_WRITE if a page changed while its write was in flight ({@link org.pagerace.mm.BlockDevice}). */
    private static Outcome stable(Sample s) {
        return s.inode.s_bdev.unstableWrites() > 0 ? Outcome.UNSTABLE_WRITE : null;
    }

    private static Outcome beyondEof(Sample s) {
        AddressSpace mapping = s.inode.i_mapping;
        long eofPages = PageSize.pages(Inode.i_size_read(s.inode));
        for (long i = eofPages; i < mapping.maxPages(); i++) {
            if (mapping.peek(i) != null) {
                return Outcome.PAGE_BEYOND_EOF;
            }
        }
        return null;
    }
}
