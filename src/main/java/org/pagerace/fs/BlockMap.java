package org.pagerace.fs;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.pagerace.mm.AddressSpace;
import org.pagerace.mm.Folio;
import org.pagerace.mm.Inode;
import org.pagerace.mm.PageSize;
import org.pagerace.mm.VmFault;
import org.pagerace.sched.Event;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;
import org.pagerace.sys.Errno;

/**
 * The emulated filesystem's per-inode block map (kept in {@code inode->i_private}): for each block (a page, or
 * {@code PAGE_SIZE / blocksize} blocks per page when the filesystem was made with smaller blocks: the buffer heads
 * of a page), no block, a reservation (delalloc: made by page_mkwrite, turned into a block by writeback) or an
 * allocated block; plus the
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

    private volatile AtomicIntegerArray state;
    /** log2 of the blocks per page (0: a block is a page). */
    private volatile int blocksPerPageShift;
    /** Per block: the tick at which a writeback skipped it as a hole inside EOF (its dirty data discarded), 0 if none. */
    private volatile AtomicLongArray holeDiscarded;
    /** Per page: the bytes of it the last {@link #reserve(Folio, int)} prepared (its {@code end}). */
    private final AtomicIntegerArray preparedEnd;
    private final AtomicLong extensionReturned = new AtomicLong();
    private final AtomicInteger unbackedDirty = new AtomicInteger();
    private final AtomicInteger unbackedWrites = new AtomicInteger();
    private final AtomicLong lastDiscard = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean enomemArmed = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicBoolean enospcArmed = new java.util.concurrent.atomic.AtomicBoolean();

    public BlockMap(int pages) {
        this.state = new AtomicIntegerArray(pages);
        this.holeDiscarded = new AtomicLongArray(pages);
        this.preparedEnd = new AtomicIntegerArray(pages);
    }

    /**
     * Makes this map one of blocks of {@code 1 << blkbits} bytes (mkfs's block size), every block a hole. Context:
     * a new inode, before any use ({@link FileSystem#createInode}).
     */
    void format(int blkbits) {
        int shift = PageSize.PAGE_SHIFT - blkbits;
        if (shift < 0) {
            throw new IllegalArgumentException("a block larger than a page: " + (1 << blkbits));
        }
        int blocks = state.length() << shift;
        this.blocksPerPageShift = shift;
        this.state = new AtomicIntegerArray(blocks);
        this.holeDiscarded = new AtomicLongArray(blocks);
    }

    /** Blocks per page. */
    public int blocksPerPage() {
        return 1 << blocksPerPageShift;
    }

    /** The block size in bytes. */
    public int blockSize() {
        return PageSize.PAGE_SIZE >>> blocksPerPageShift;
    }

    /** The block map of the inode {@code vmf} faults on. */
    public static BlockMap of(VmFault vmf) {
        return of(vmf.inode());
    }

    public static BlockMap of(Inode inode) {
        return ((InodeInfo) inode.i_private).blocks;
    }

    /** The state of page {@code index}: the least of its blocks' (ALLOCATED only if every block is). */
    public int state(long index) {
        int first = (int) index << blocksPerPageShift;
        int least = ALLOCATED;
        for (int b = first; b < first + blocksPerPage(); b++) {
            least = Math.min(least, state.get(b));
        }
        return least;
    }

    /** The state of the block holding byte {@code pos}. */
    public int blockStateAt(long pos) {
        return state.get(blockOf(pos));
    }

    /**
     * Whether byte {@code pos} lies beyond what the last preparation of its page covered (page_mkwrite saw EOF
     * before it) in a block that is still a hole: data stored there was never prepared for.
     */
    public boolean unpreparedHoleAt(long pos) {
        int inPage = (int) (pos & (PageSize.PAGE_SIZE - 1));
        return inPage >= preparedEnd.get((int) (pos >>> PageSize.PAGE_SHIFT)) && blockStateAt(pos) == NONE;
    }

    /** The tick at which a writeback discarded the block holding {@code pos} as a hole (0: never). */
    public long holeDiscardedAt(long pos) {
        return holeDiscarded.get(blockOf(pos));
    }

    private int blockOf(long pos) {
        return (int) (pos / blockSize());
    }

    /**
     * Sets up the metadata a dirty page needs (a delalloc reservation if the page has no block, and the per-page
     * metadata on the folio), and records the folio as prepared for dirtying. Context: folio locked.
     * Return: 0, or -ENOMEM where a failure is injected at {@link Point#INJECT_RESERVE}.
     */
    public int reserve(Folio folio) {
        return reserve(folio, PageSize.PAGE_SIZE);
    }

    /**
     * {@link #reserve(Folio)} for the blocks of the folio overlapping bytes [0, {@code end}) of it only: what
     * {@code __block_write_begin(folio, 0, end)} prepares, {@code end} being the EOF offset in the EOF page
     * ({@code block_page_mkwrite}); blocks beyond it stay holes.
     */
    public int reserve(Folio folio, int end) {
        int err = reserveBlock(folio.index, end);
        if (err != 0) {
            return err;
        }
        attach(folio);
        return 0;
    }

    /**
     * The block half of {@link #reserve}: a delalloc reservation for the blocks of page {@code index} (the whole
     * page) that have none, made without the folio (a filesystem that reserves before it locks the page, as f2fs
     * before 39a869582451 did). Return: 0, or -ENOMEM where a failure is injected at {@link Point#INJECT_RESERVE}.
     */
    public int reserveBlock(long index) {
        return reserveBlock(index, PageSize.PAGE_SIZE);
    }

    private int reserveBlock(long index, int end) {
        /* each test reads before it writes: the common case (not armed, already reserved, same end) is loads only */
        if ((enomemArmed.get() && enomemArmed.getAndSet(false)) || Points.inject(Point.INJECT_RESERVE)) {
            return -Errno.ENOMEM;
        }
        int first = (int) index << blocksPerPageShift;
        int blocks = (end + blockSize() - 1) / blockSize();
        for (int b = first; b < first + blocks; b++) {
            if (state.get(b) == NONE) {
                state.compareAndSet(b, NONE, RESERVED);
            }
        }
        if (preparedEnd.get((int) index) != end) {
            preparedEnd.set((int) index, end);
        }
        return 0;
    }

    /**
     * The folio half of {@link #reserve}: attaches the per-page metadata and records the folio as prepared for
     * dirtying, once its blocks are reserved ({@link #reserveBlock}). Context: folio locked.
     */
    public static void attach(Folio folio) {
        if (folio.priv != METADATA) { /* folio_create_buffers: create_empty_buffers only if !folio_buffers(folio) */
            Folio.folio_attach_private(folio, METADATA);
        }
        Points.event(Event.METADATA_RESERVED, folio.index);
        prepared(folio);
    }

    /** Makes the next {@link #reserve} fail with -ENOMEM (memory pressure), once. */
    public void armEnomem() {
        enomemArmed.set(true);
    }

    /**
     * Makes the next {@link #reserveDataSpace} fail with -ENOSPC, once: the filesystem's data space is full (the
     * {@code enospc} race). Block reservations ({@link #reserve}) are not affected: a filesystem that reserves data
     * space separately from its per-page metadata (btrfs's {@code btrfs_check_data_free_space}) asks
     * {@link #reserveDataSpace}.
     */
    public void armEnospc() {
        enospcArmed.set(true);
    }

    /**
     * A reservation of data space for a page's worth of new data, as a copy-on-write filesystem makes before it
     * dirties a page ({@code btrfs_check_data_free_space}). Return: 0, or -ENOSPC once after {@link #armEnospc}.
     */
    public int reserveDataSpace() {
        return enospcArmed.getAndSet(false) ? -Errno.ENOSPC : 0;
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
        int first = (int) folio.index << blocksPerPageShift;
        for (int b = first; b < first + blocksPerPage(); b++) {
            state.compareAndSet(b, RESERVED, NONE);
        }
        if (Folio.folio_detach_private(folio) != null) {
            Points.event(Event.METADATA_FREED, folio.index);
        }
    }

    /** Writeback of {@code folio}, every block of it inside EOF allocated ({@link #writeback(Folio, boolean, long, boolean)}). */
    void writeback(Folio folio, boolean needsMetadata) {
        writeback(folio, needsMetadata, Long.MAX_VALUE, false);
    }

    /**
     * Writeback of {@code folio} with i_size {@code isize}: a reservation becomes a block; without metadata, the
     * write is unbacked. A hole block inside EOF is either allocated there and then, with no reservation
     * ({@code block_write_full_page}'s {@code get_block(create=1)} on a dirty unmapped buffer: counted as an unbacked
     * write), or, where {@code discardHoles} (ext4's {@code ext4_bio_write_page}: "A hole? We can safely clear the
     * dirty bit"), skipped and its data discarded (recorded per block for the oracle). Blocks at or beyond EOF are
     * not written.
     */
    void writeback(Folio folio, boolean needsMetadata, long isize, boolean discardHoles) {
        if (needsMetadata && folio.priv == null) {
            unbackedWrites.incrementAndGet();
        }
        int first = (int) folio.index << blocksPerPageShift;
        long pos = folio.index << PageSize.PAGE_SHIFT;
        for (int b = first; b < first + blocksPerPage(); b++, pos += blockSize()) {
            if (pos >= isize) {
                break;
            }
            if (state.get(b) == NONE && needsMetadata && folio.priv != null) {
                if (discardHoles) {
                    holeDiscarded.set(b, folio.mapping.host.tick());
                    continue;
                }
                unbackedWrites.incrementAndGet();
            }
            state.set(b, ALLOCATED);
        }
    }

    /** A folio was dirtied: without metadata where the filesystem needs it, that is an unbacked dirty page. */
    void dirtied(Folio folio, boolean needsMetadata) {
        if (needsMetadata && folio.priv == null) {
            unbackedDirty.incrementAndGet();
        }
    }

    /**
     * Frees the whole blocks inside bytes [{@code from}, {@code to}) (a truncate to {@code from}: the blocks beyond
     * the EOF block; a punch: the blocks it covers) and records the discard tick. A page the free covers only in
     * part (the EOF page of a truncate to mid-page, the end pages of a punch) stays in the page cache and keeps its
     * ptes, as truncate and punch only zero its part: it loses the preparation of its freed blocks (its prepared
     * prefix, {@link #unpreparedHoleAt}, ends at the first of them at the latest), so that a store through a pte made
     * writable before the free, into a block the free turned back into a hole, is a store over an unprepared hole. A
     * page freed whole is removed from the page cache by the partner; one a fault re-creates meanwhile is judged by
     * where its data went.
     */
    void freeBytes(long from, long to, Inode inode) {
        int bs = blockSize();
        for (long b = (from + bs - 1) / bs; b < to / bs && b < state.length(); b++) {
            state.set((int) b, NONE);
            long page = b >>> blocksPerPageShift;
            long pageStart = page << PageSize.PAGE_SHIFT;
            boolean partly = from > pageStart || to < pageStart + PageSize.PAGE_SIZE;
            if (partly) {
                int inPage = (int) (b & (blocksPerPage() - 1)) * bs;
                preparedEnd.accumulateAndGet((int) page, inPage, Math::min);
            }
        }
        lastDiscard.set(inode.tick());
        Points.event(Event.DATA_DISCARDED, from >>> PageSize.PAGE_SHIFT);
    }

    /** Records that a size extension has returned: a store into the old EOF page's tail after it is inside the file. */
    public void extensionReturned(Inode inode) {
        extensionReturned.set(inode.tick());
    }

    /** The tick at which the last size extension returned, 0 if none. */
    public long extensionReturned() {
        return extensionReturned.get();
    }

    /** O_DIRECT write: the blocks of pages [{@code first}, {@code last}] are allocated and written. */
    public void allocate(long first, long last) {
        for (long i = Math.max(0, first); i <= last && i < state.length(); i++) {
            state.set((int) i, ALLOCATED);
        }
    }

    /**
     * A remap: pages [{@code dst}, {@code dst+pages}) now share the blocks of [{@code src}, {@code src+pages}); a
     * destination page with a delalloc reservation keeps it (see {@link FileSystem#shareExtents}).
     */
    void copy(long src, long dst, long pages) {
        for (long i = 0; i < pages && src + i < state.length() && dst + i < state.length(); i++) {
            if (state.get((int) (dst + i)) != RESERVED) {
                state.set((int) (dst + i), state.get((int) (src + i)));
            }
        }
    }

    /** Collapse range: the blocks of [{@code first}, {@code first+pages}) are freed, those after move down. */
    void collapse(long first, long pages, Inode inode) {
        int n = state.length();
        for (long i = first; i < n; i++) {
            long from = i + pages;
            state.set((int) i, from < n ? state.get((int) from) : NONE);
        }
        Points.event(Event.DATA_DISCARDED, first);
    }

    /** Insert range: the blocks from {@code first} on move up by {@code pages}; the gap is a hole. */
    void insert(long first, long pages) {
        int n = state.length();
        for (long i = n - 1; i >= first; i--) {
            long from = i - pages;
            state.set((int) i, from >= first ? state.get((int) from) : NONE);
        }
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
