package org.pagerace.fs;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Event;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * The emulated filesystem's per-inode block map (kept in {@code inode->i_private}): for each page, no block, a
 * reservation (delalloc: made by page_mkwrite, turned into a block by writeback) or an allocated block; plus the
 * per-page metadata a handler attaches to the folio ({@code folio->private}, the buffer heads or
 * {@code iomap_folio_state} of a real filesystem). It also counts what the oracle must know about: pages dirtied or
 * written back without metadata, and when data was discarded.
 */
public final class BlockMap {
    /** Per-page block state. */
    public static final int NONE = 0;
    public static final int RESERVED = 1;
    public static final int ALLOCATED = 2;

    /** The metadata object attached to a prepared folio. */
    public static final Object METADATA = new Object() {
        @Override
        public String toString() {
            return "metadata";
        }
    };

    private final AtomicIntegerArray state;
    private final AtomicInteger unbackedDirty = new AtomicInteger();
    private final AtomicInteger unbackedWrites = new AtomicInteger();
    private final AtomicLong lastDiscard = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean enomemArmed = new java.util.concurrent.atomic.AtomicBoolean();

    public BlockMap(int pages) {
        this.state = new AtomicIntegerArray(pages);
    }

    /** The block map of the inode {@code vmf} faults on. */
    public static BlockMap of(VmFault vmf) {
        return of(vmf.inode());
    }

    public static BlockMap of(Inode inode) {
        return ((InodeInfo) inode.i_private).blocks;
    }

    public int state(long index) {
        return state.get((int) index);
    }

    /**
     * Sets up the metadata a dirty page needs (a delalloc reservation if the page has no block, and the per-page
     * metadata on the folio), and records the folio as prepared for dirtying. Context: folio locked.
     * Return: 0, or -ENOMEM where a failure is injected at {@link Point#INJECT_RESERVE}.
     */
    public int reserve(Folio folio) {
        if (enomemArmed.getAndSet(false) || Points.inject(Point.INJECT_RESERVE)) {
            return -Errno.ENOMEM;
        }
        state.compareAndSet((int) folio.index, NONE, RESERVED);
        Folio.folio_attach_private(folio, METADATA);
        Points.event(Event.METADATA_RESERVED, folio.index);
        prepared(folio);
        return 0;
    }

    /** Makes the next {@link #reserve} fail with -ENOMEM (memory pressure), once. */
    public void armEnomem() {
        enomemArmed.set(true);
    }

    /** Whether the next {@link #reserve} will fail with -ENOMEM (armed and not yet consumed). */
    public boolean enomemArmed() {
        return enomemArmed.get();
    }

    /** Records that the filesystem has been told of the coming dirtying of {@code folio} (see {@link Folio#mkwriteSeq}). */
    public static void prepared(Folio folio) {
        AddressSpace mapping = folio.mapping; /* read once: a truncate may clear it between two reads */
        if (mapping != null) {
            folio.mkwriteSeq = mapping.host.tick();
        }
    }

    /** Frees the metadata of a clean folio: its per-page metadata, and its reservation if it has no block yet. */
    void release(Folio folio) {
        state.compareAndSet((int) folio.index, RESERVED, NONE);
        if (Folio.folio_detach_private(folio) != null) {
            Points.event(Event.METADATA_FREED, folio.index);
        }
    }

    /** Writeback of {@code folio}: a reservation becomes a block; without metadata, the write is unbacked. */
    void writeback(Folio folio, boolean needsMetadata) {
        if (needsMetadata && (folio.priv == null || state((int) folio.index) == NONE)) {
            unbackedWrites.incrementAndGet();
        }
        state.set((int) folio.index, ALLOCATED);
    }

    /** A folio was dirtied: without metadata where the filesystem needs it, that is an unbacked dirty page. */
    void dirtied(Folio folio, boolean needsMetadata) {
        if (needsMetadata && folio.priv == null) {
            unbackedDirty.incrementAndGet();
        }
    }

    /** Frees the blocks of pages [{@code first}, {@code last}] (truncate, punch) and records the discard tick. */
    void free(long first, long last, Inode inode) {
        for (long i = Math.max(0, first); i <= last && i < state.length(); i++) {
            state.set((int) i, NONE);
        }
        lastDiscard.set(inode.tick());
        Points.event(Event.DATA_DISCARDED, first);
    }

    /** Pages dirtied while they had no metadata. */
    public int unbackedDirty() {
        return unbackedDirty.get();
    }

    /** Pages written back while they had no metadata (the kernel would find no block: lost data or a BUG). */
    public int unbackedWrites() {
        return unbackedWrites.get();
    }

    /**
     * Records that a truncate or punch has returned: a store whose page it removed before then is covered by it,
     * whichever order the filesystem frees the data and drops the page cache in (nfs has the server deallocate
     * first and drops its pages after).
     */
    public void discardReturned(Inode inode) {
        lastDiscard.set(inode.tick());
    }

    /** The tick of the last truncate or punch that discarded data (or returned), 0 if none. */
    public long lastDiscard() {
        return lastDiscard.get();
    }
}
