package org.pagerace.mm;

import java.util.concurrent.atomic.AtomicLong;
import org.pagerace.sched.Event;
import org.pagerace.sched.Points;

/**
 * {@code struct inode} ({@code include/linux/fs.h}): {@code i_size}, {@code i_mapping}, {@code i_rwsem} and
 * {@code i_private} (the filesystem's per-inode data, here its block map).
 *
 * <p>pagerace bookkeeping beside the kernel fields: the {@link Backing} that holds the file's data, and a logical
 * clock ({@link #tick()}) that orders the events the oracle compares. {@link #release()} ends the inode's life: any later
 * fault, truncate or size change is a usage error.
 */
public final class Inode {
    public final AddressSpace i_mapping;
    public final RwSemaphore i_rwsem = new RwSemaphore();
    /** {@code inode->i_sb->s_bdev}: the device writeback submits to (one per inode here). */
    public final BlockDevice s_bdev = new BlockDevice();
    /** The filesystem's per-inode data. */
    public volatile Object i_private;
    /** log2 of the filesystem's block size ({@code i_blkbits}): the page shift unless the filesystem was made with smaller blocks. */
    public volatile int i_blkbits = PageSize.PAGE_SHIFT;

    private volatile long i_size;
    private final Backing backing;
    private final AtomicLong clock = new AtomicLong(1);
    private volatile boolean released;
    /** pagerace: the first {@code WARN_ON_ONCE} that fired on a path of this inode ({@link KernelWarn}), or null. */
    private volatile String warning;

    /** An inode of {@code size} bytes whose data lives in {@code backing}, with room for {@code maxPages} pages. */
    public Inode(long size, Backing backing, int maxPages) {
        if (size < 0) {
            throw new IllegalArgumentException("negative i_size " + size);
        }
        this.backing = backing;
        this.i_mapping = new AddressSpace(this, maxPages);
        this.i_size = size;
    }

    /**
     * {@code i_size_read} (include/linux/fs.h). pagerace: a read made while a user store faults is recorded (see
     * {@link UserAccess}), so the oracle knows which sizes the fault actually looked at.
     */
    public static long i_size_read(Inode inode) {
        long size = inode.i_size;
        UserAccess.sawSize(size);
        return size;
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
        inode.i_size = size;
        Points.event(Event.ISIZE_CHANGED, size);
    }

    /** {@code i_blocksize} (include/linux/fs.h): the filesystem's block size in bytes. */
    public static int i_blocksize(Inode inode) {
        return 1 << inode.i_blkbits;
    }

    /** The data of this file. */
    public Backing backing() {
        return backing;
    }

    /** The next tick of this inode's logical clock: orders stores, cleans, discards and size changes. */
    public long tick() {
        return clock.incrementAndGet();
    }

    /** The first kernel warning that fired on a path of this inode ({@link KernelWarn#WARN_ON_ONCE}), or null. */
    public String warning() {
        return warning;
    }

    /** Records {@code what} as this inode's warning unless one fired before (once, as WARN_ON_ONCE prints). */
    synchronized void warn(String what) {
        if (warning == null) {
            warning = what;
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
