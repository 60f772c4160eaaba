package org.pagerace.mm;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.pagerace.sched.Event;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * {@code struct folio} ({@code include/linux/mm_types.h}), one page in size, with the helpers of
 * {@code include/linux/page-flags.h} and {@code include/linux/pagemap.h} as static methods, so that mirrored code
 * reads {@code folio_lock(folio)} as in the kernel. 2.6.37 names the same object {@code struct page}.
 *
 * <p>Deviations: the flags are separate atomic fields, not bits of one word (each test-and-set or test-and-clear
 * is one atomic operation, as the kernel's bit operations are); {@code PG_locked} is a CAS'd flag whose
 * waiters spin (or yield to the scheduler) at {@link Point#WAIT_FOLIO_LOCK} rather than sleep on a wait queue;
 * {@code private} is {@link #priv} ({@code private} is a Java keyword). The page data is not here: it lives in the
 * inode's {@link Backing} at {@code index * PAGE_SIZE}. The {@code *Seq} fields are pagerace bookkeeping for the
 * oracle, not kernel state.
 */
public final class Folio {
    /** {@code folio->mapping}: the owning address_space; NULL once removed from the page cache. */
    public volatile AddressSpace mapping;
    /** {@code folio->index}: the page offset in the file; kept when the folio is removed, as in the kernel. */
    public final long index;
    /** {@code folio->private}: the filesystem's per-page metadata (buffer heads, iomap_folio_state), or null. */
    public volatile Object priv;

    final AtomicInteger _refcount = new AtomicInteger(1);
    final AtomicInteger _mapcount = new AtomicInteger(0);
    private final AtomicBoolean locked = new AtomicBoolean();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private volatile boolean uptodate;
    private volatile boolean writeback;

    /**
     * pagerace: the inode tick at which a page_mkwrite handler last prepared this folio for dirtying (set up its
     * metadata, under the folio lock): the moment the filesystem was told.
     */
    public volatile long mkwriteSeq;
    /** pagerace: the inode tick at which writeback last cleaned this folio and write-protected its ptes. */
    public volatile long cleanSeq;

    /**
     * pagerace: this folio's ptes, one per (write, dirty) pair, made on first use ({@link Pte#of}). Plain fields: two
     * threads may each make one, which is harmless since ptes are immutable values compared by value.
     */
    private Pte pteReadonlyClean;
    private Pte pteReadonlyDirty;
    private Pte pteWritableClean;
    private Pte pteWritableDirty;

    /** A new folio for {@code index}, not yet in any page cache, with the allocation's reference. */
    public Folio(long index) {
        this.index = index;
    }

    /** The pte mapping this folio with bits {@code write} and {@code dirty}: see {@link Pte#of}. */
    Pte pte(boolean write, boolean dirty) {
        Pte pte = write ? (dirty ? pteWritableDirty : pteWritableClean) : (dirty ? pteReadonlyDirty : pteReadonlyClean);
        if (pte == null) {
            pte = new Pte(this, write, dirty);
            if (write) {
                if (dirty) {
                    pteWritableDirty = pte;
                } else {
                    pteWritableClean = pte;
                }
            } else if (dirty) {
                pteReadonlyDirty = pte;
            } else {
                pteReadonlyClean = pte;
            }
        }
        return pte;
    }

    // ---- page-flags.h ----

    public static boolean folio_test_locked(Folio folio) {
        return folio.locked.get();
    }

    public static boolean folio_test_dirty(Folio folio) {
        return folio.dirty.get();
    }

    public static boolean folio_test_uptodate(Folio folio) {
        return folio.uptodate;
    }

    public static void folio_mark_uptodate(Folio folio) {
        folio.uptodate = true;
    }

    /** {@code folio_clear_uptodate} ({@code ClearPageUptodate} before 5.16): the page's data is not to be trusted. */
    public static void folio_clear_uptodate(Folio folio) {
        folio.uptodate = false;
    }

    public static boolean folio_test_writeback(Folio folio) {
        return folio.writeback;
    }

    /** Sets PG_dirty atomically ({@code test_and_set_bit}); returns whether it was already set. */
    public static boolean folio_test_set_dirty(Folio folio) {
        boolean was = folio.dirty.getAndSet(true);
        if (!was) {
            Points.event(Event.FOLIO_DIRTIED, folio.index);
        }
        return was;
    }

    /** Clears PG_dirty atomically ({@code test_and_clear_bit}); returns whether it was set. */
    public static boolean folio_test_clear_dirty(Folio folio) {
        return folio.dirty.getAndSet(false);
    }

    /** {@code folio_cancel_dirty} (mm/page-writeback.c, simplified: no accounting). */
    public static void folio_cancel_dirty(Folio folio) {
        folio.dirty.set(false);
    }

    public static void folio_start_writeback(Folio folio) {
        if (folio.writeback) {
            throw new KernelBug("folio " + folio.index + " already under writeback");
        }
        folio.writeback = true;
    }

    /** {@code folio_end_writeback} (mm/filemap.c). */
    public static void folio_end_writeback(Folio folio) {
        folio.writeback = false;
    }

    /**
     * {@code folio_wait_writeback} (mm/page-writeback.c): {@code while (folio_test_writeback(folio))
     * folio_wait_bit(folio, PG_writeback)}. The test comes first, as there, so a folio not under writeback costs
     * one read and no wait (nor the wait's two closures).
     */
    public static void folio_wait_writeback(Folio folio) {
        if (folio_test_writeback(folio)) {
            Points.waitUntil(Point.WAIT_WRITEBACK, () -> !folio.writeback, () -> !folio.writeback);
        }
    }

    public static boolean folio_has_private(Folio folio) {
        return folio.priv != null;
    }

    public static void folio_attach_private(Folio folio, Object data) {
        folio.priv = data;
    }

    public static Object folio_detach_private(Folio folio) {
        Object data = folio.priv;
        folio.priv = null;
        return data;
    }

    // ---- pagemap.h: the folio lock ----

    public static boolean folio_trylock(Folio folio) {
        boolean ok = folio.locked.compareAndSet(false, true);
        if (ok) {
            Points.event(Event.FOLIO_LOCKED, folio.index);
        }
        return ok;
    }

    /** {@code folio_lock}: takes PG_locked, waiting at {@link Point#WAIT_FOLIO_LOCK}. Context: may sleep. */
    public static void folio_lock(Folio folio) {
        if (!folio_trylock(folio)) {
            Points.waitUntil(Point.WAIT_FOLIO_LOCK, () -> !folio.locked.get(), () -> folio_trylock(folio));
        }
    }

    /** {@code folio_unlock}: VM_BUG_ON if not locked. Any thread may unlock, as in the kernel. */
    public static void folio_unlock(Folio folio) {
        if (!folio.locked.compareAndSet(true, false)) {
            throw new KernelBug("folio_unlock of unlocked folio " + folio.index);
        }
        Points.event(Event.FOLIO_UNLOCKED, folio.index);
    }

    // ---- mm.h: references and mappings ----

    public static void folio_get(Folio folio) {
        folio._refcount.incrementAndGet();
    }

    public static void folio_put(Folio folio) {
        if (folio._refcount.decrementAndGet() < 0) {
            throw new KernelBug("folio " + folio.index + " refcount underflow");
        }
    }

    public static int folio_ref_count(Folio folio) {
        return folio._refcount.get();
    }

    /** Whether any pte maps the folio ({@code folio_mapped}). */
    public static boolean folio_mapped(Folio folio) {
        return folio._mapcount.get() > 0;
    }

    public static int folio_mapcount(Folio folio) {
        return folio._mapcount.get();
    }

    /** {@code folio_pos}: the byte offset of the folio in its file. */
    public static long folio_pos(Folio folio) {
        return folio.index << PageSize.PAGE_SHIFT;
    }

    @Override
    public String toString() {
        return "folio[" + index + (mapping == null ? ", removed" : "") + (locked.get() ? ", locked" : "")
                + (dirty.get() ? ", dirty" : "") + (writeback ? ", writeback" : "") + (priv != null ? ", private" : "")
                + ", ref=" + _refcount.get() + ", map=" + _mapcount.get() + "]";
    }
}
