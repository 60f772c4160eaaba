package org.pagerace.mm;

import static org.pagerace.mm.Folio.*;

import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import org.pagerace.sched.Event;
import org.pagerace.sched.Point;
import org.pagerace.sched.Points;

/**
 * The device under a filesystem as writeback sees it ({@code inode->i_sb->s_bdev}, one per inode here): a write
 * bio per folio, submitted by {@code ->writepage} with {@code PG_writeback} set, and ended by
 * {@link #bio_endio} ({@code end_page_writeback}, {@code folio_end_writeback}: the disk's completion interrupt).
 *
 * <p>By default the device completes a bio as it is submitted, which is what the rest of the mirror assumed before
 * I/O in flight existed. {@link #completeLater()} turns that off: bios then stay in flight until someone calls
 * {@link #bio_endio} (the {@code writeback-in-flight} race's third actor, the disk). The device is one that
 * requires stable pages (integrity checksums, RAID parity computed at submission: {@code BDI_CAP_STABLE_WRITES}),
 * so a page that changes between submission and completion is recorded ({@link #unstableWrites()}): the data the
 * disk writes is torn or fails its checksum.
 *
 * <p>Deviations: no bio structure, no request queue; one bio per folio; the check of the data is a hash of the
 * page's words at submission against the same at completion (pagerace bookkeeping, not kernel state).
 */
public final class BlockDevice {
    /** A write in flight: the folio and the hash of its data at submission. */
    private record InFlight(Inode host, Folio folio, long hash) {
    }

    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    /** Per page index: the host's tick at which the last write of that page reached the disk. */
    private final java.util.concurrent.ConcurrentHashMap<Long, Long> written = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean completeLater;
    private volatile int unstable;
    private volatile int submitted;

    /** From now on, bios stay in flight until {@link #bio_endio} ends them. */
    public void completeLater() {
        completeLater = true;
    }

    /**
     * {@code submit_bio(REQ_OP_WRITE)} of {@code folio}, whose writeback has started ({@code PG_writeback}): ended
     * at once by a device that completes as it is submitted, else left in flight.
     */
    public static void submit_bio(Folio folio) {
        BlockDevice bdev = folio.mapping.host.s_bdev;
        bdev.submitted++;
        if (!bdev.completeLater) {
            end(folio.mapping.host, folio);
            return;
        }
        InFlight io = new InFlight(folio.mapping.host, folio, hash(folio.mapping.host, folio.index));
        synchronized (bdev) {
            bdev.inFlight.add(io);
        }
        Points.event(Event.IO_SUBMITTED, folio.index);
    }

    /**
     * The disk's completion of every write in flight ({@code bio_endio} → {@code end_page_writeback}): writes the
     * page's data as it is now, records it if it is not the data submitted, clears {@code PG_writeback}.
     * Return: how many writes it ended.
     */
    public int bio_endio() {
        int n = 0;
        for (;;) {
            InFlight io;
            synchronized (this) {
                io = inFlight.poll();
            }
            if (io == null) {
                return n;
            }
            if (hash(io.host, io.folio.index) != io.hash) {
                unstable++;
                Points.event(Event.IO_TORN, io.folio.index);
            }
            end(io.host, io.folio);
            Points.event(Event.IO_ENDED, io.folio.index);
            n++;
        }
    }

    /**
     * The disk: waits at {@link Point#WAIT_IO} until a write is in flight or {@code nothingMore} says none will be
     * submitted, then ends what is in flight. Return: how many writes it ended.
     */
    public int completeWhenSubmitted(BooleanSupplier nothingMore) {
        BooleanSupplier ready = () -> pending() > 0 || nothingMore.getAsBoolean();
        Points.waitUntil(Point.WAIT_IO, ready, ready);
        return bio_endio();
    }

    private static void end(Inode host, Folio folio) {
        host.backing().writeback(folio.index);
        host.s_bdev.written.put(folio.index, host.tick());
        folio_end_writeback(folio);
    }

    /**
     * pagerace: what storage holds of page {@code index}: the tick (of the host's logical clock) at which its last
     * write reached the disk, with the page's data as it was then; 0 if none did. A store dated before it is on
     * storage; one dated after it is only in the page cache.
     */
    public long writtenAt(long index) {
        return written.getOrDefault(index, 0L);
    }

    /** Writes in flight now. */
    public synchronized int pending() {
        return inFlight.size();
    }

    /** pagerace: writes whose page changed between submission and completion. */
    public int unstableWrites() {
        return unstable;
    }

    /** pagerace: writes submitted so far. */
    public int submitted() {
        return submitted;
    }

    /** A hash of the page's data as the backing holds it (the page cache's copy: what the disk would DMA). */
    private static long hash(Inode host, long index) {
        long h = 1;
        long pos = index << PageSize.PAGE_SHIFT;
        long end = Math.min(pos + PageSize.PAGE_SIZE, host.backing().size());
        for (; pos + Long.BYTES <= end; pos += Long.BYTES) {
            h = h * 31 + host.backing().read(pos);
        }
        return h;
    }
}
