package org.pagerace.mm;

import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code struct inode} ({@code include/linux/fs.h}): {@code i_size}, {@code i_mapping}, {@code i_rwsem} and
 * {@code i_private} (the filesystem's per-inode data, here its block map).
 *
 * <p>pagerace bookkeeping beside the kernel fields: the {@link Backing} that holds the file's data, a logical
 * clock ({@link #tick()}) that orders the events the oracle compares, and the history of i_size writes, so that
 * the oracle can tell which sizes a fault could have seen. {@link #release()} ends the inode's life: any later
 * fault, truncate or size change is a usage error.
 */
@SuppressWarnings({"checkstyle:MethodName", "checkstyle:MemberName"})
public final class Inode {
    private static final int HISTORY = 16;

    public final AddressSpace i_mapping;
    public final RwSemaphore i_rwsem = new RwSemaphore();
    /** The filesystem's per-inode data. */
    public volatile Object i_private;

    private volatile long i_size;
    private final Backing backing;
    private final AtomicLong clock = new AtomicLong(1);
    private final long[] sizeTicks = new long[HISTORY];
    private final long[] sizeValues = new long[HISTORY];
    private volatile int sizeWrites;
    private volatile boolean released;

    /** An inode of {@code size} bytes whose data lives in {@code backing}, with room for {@code maxPages} pages. */
    public Inode(long size, Backing backing, int maxPages) {
        if (size < 0) {
            throw new IllegalArgumentException("negative i_size " + size);
        }
        this.backing = backing;
        this.i_mapping = new AddressSpace(this, maxPages);
        this.i_size = size;
        sizeTicks[0] = 0;
        sizeValues[0] = size;
        sizeWrites = 1;
    }

    /** {@code i_size_read} (include/linux/fs.h). */
    public static long i_size_read(Inode inode) {
        return inode.i_size;
    }

    /**
     * {@code i_size_write} (include/linux/fs.h). Context: the caller holds {@code i_rwsem} exclusive (or the fs's
     * equivalent), so writers are serialised.
     */
    public static void i_size_write(Inode inode, long size) {
        inode.checkLive();
        if (size < 0) {
            throw new IllegalArgumentException("negative i_size " + size);
        }
        synchronized (inode.sizeTicks) {
            int n = inode.sizeWrites;
            if (n < HISTORY) {
                inode.sizeTicks[n] = inode.tick();
                inode.sizeValues[n] = size;
                inode.sizeWrites = n + 1;
            }
        }
        inode.i_size = size;
        Points.event(Event.ISIZE_CHANGED, size);
    }

    /** The data of this file. */
    public Backing backing() {
        return backing;
    }

    /** The next tick of this inode's logical clock: orders stores, cleans, discards and size changes. */
    public long tick() {
        return clock.incrementAndGet();
    }

    /**
     * The smallest i_size a reader could have seen between ticks {@code from} and {@code to}: the size in force at
     * {@code from} and every size written up to {@code to}.
     */
    public long minSizeBetween(long from, long to) {
        synchronized (sizeTicks) {
            long min = Long.MAX_VALUE;
            long atFrom = sizeValues[0];
            for (int i = 0; i < sizeWrites; i++) {
                if (sizeTicks[i] <= from) {
                    atFrom = sizeValues[i];
                } else if (sizeTicks[i] <= to) {
                    min = Math.min(min, sizeValues[i]);
                }
            }
            return Math.min(min, atFrom);
        }
    }

    /** Ends the inode's life; later operations on it throw {@link IllegalStateException}. */
    public void release() {
        released = true;
    }

    /** Throws if the inode was released. */
    public void checkLive() {
        if (released) {
            throw new IllegalStateException("operation on a released inode");
        }
    }
}
