package org.pagerace.sys;

import static org.pagerace.sys.LibPagerace.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * One real file and one {@code MAP_SHARED} mapping of it, made and owned by the shim: the data plane of the
 * emulation. Stores and loads go through the shim's safe accessors, so a page beyond the real EOF gives
 * {@code EFAULT} instead of a SIGBUS that would kill the JVM. Every other failure is a {@link NativeException}
 * naming the operation and the path. {@link #close()} unmaps, closes the fd and removes the file if this object
 * created it; it is idempotent. After it, every other method throws {@link IllegalStateException}, rather than act
 * on whatever file or mapping has since been given the same fd number or address.
 *
 * <p>Not thread-safe for {@link #close()} against concurrent use (a call that passed the check when close ran may
 * still reach the reused fd); the accessors themselves may race freely (that is the point), as the shim validates
 * every access against its registry of live mappings.
 */
public final class MappedFile implements AutoCloseable {
    /** The page size of this machine. */
    public static final int PAGE_SIZE;

    static {
        LibPagerace.ensureLoaded();
        PAGE_SIZE = pagerace_page_size();
    }

    private final String path;
    private final boolean deleteOnClose;
    private final int fd;
    private final long address;
    private final long mapLength;
    private volatile boolean closed;

    private MappedFile(String path, boolean deleteOnClose, int fd, long address, long mapLength) {
        this.path = path;
        this.deleteOnClose = deleteOnClose;
        this.fd = fd;
        this.address = address;
        this.mapLength = mapLength;
    }

    /**
     * An unnamed file ({@code O_TMPFILE}) of {@code size} bytes in {@code dir}, mapped for {@code mapLength}
     * bytes: nothing is left in {@code dir} whatever happens to this JVM.
     */
    public static MappedFile createTemp(Path dir, long size, long mapLength) {
        String where = dir.toAbsolutePath().toString();
        int fd = check(pagerace_create_tmp(where, size), "create", where);
        return map(where + "/(unnamed)", false, fd, mapLength);
    }

    /** Creates (or truncates to {@code size}) the file at {@code path}, mapped; the file is removed on close. */
    public static MappedFile create(Path path, long size, long mapLength) {
        String where = path.toAbsolutePath().toString();
        int fd = check(pagerace_open(where, size), "open", where);
        return map(where, true, fd, mapLength);
    }

    private static MappedFile map(String path, boolean deleteOnClose, int fd, long mapLength) {
        long addr = pagerace_map(fd, mapLength);
        if (addr < 0) {
            pagerace_close(fd);
            deleteQuietly(path, deleteOnClose);
            throw new NativeException("mmap", path, (int) -addr);
        }
        return new MappedFile(path, deleteOnClose, fd, addr, mapLength);
    }

    public String path() {
        return path;
    }

    /** The fd of the file; {@link IllegalStateException} once closed. */
    public int fd() {
        ensureOpen();
        return fd;
    }

    /** The address of the mapping, as the shim names it; {@link IllegalStateException} once closed. */
    public long address() {
        ensureOpen();
        return address;
    }

    public boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("use of " + PathLimits.shorten(path) + " after close()");
        }
    }

    public long mapLength() {
        return mapLength;
    }

    /**
     * Stores {@code value} at byte {@code off} of the mapping through the safe store, which takes the real write
     * fault (and the filesystem's real page_mkwrite). Returns {@code false} where the page is beyond the real EOF
     * (EFAULT: where a plain store would have raised SIGBUS); throws {@link NativeException} for any other error,
     * ENOSPC included (the fault failed inside EOF on a full filesystem).
     */
    public boolean tryStore(long off, long value) {
        ensureOpen();
        int r = pagerace_store64(address, off, value);
        if (r == -Errno.EFAULT) {
            return false;
        }
        check(r, "store", path);
        return true;
    }

    /** Loads 8 bytes at {@code off} through the safe load; empty where the page is beyond the real EOF. */
    public OptionalLong tryLoad(long off) {
        ensureOpen();
        long[] out = new long[1];
        int r = pagerace_load64(address, off, out);
        if (r == -Errno.EFAULT) {
            return OptionalLong.empty();
        }
        check(r, "load", path);
        return OptionalLong.of(out[0]);
    }

    /** {@code pread} of 8 bytes at {@code off}: what the file holds there; 0 for a short read beyond EOF. */
    public long readLong(long off) {
        ensureOpen();
        byte[] buf = new byte[Long.BYTES];
        long n = pagerace_pread(fd, buf, buf.length, off);
        check(n, "pread", path);
        return ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder()).getLong();
    }

    /** {@code pwrite} of 8 bytes at {@code off}. */
    public void writeLong(long off, long value) {
        ensureOpen();
        byte[] buf = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder()).putLong(value).array();
        long n = pagerace_pwrite(fd, buf, buf.length, off);
        check(n, "pwrite", path);
    }

    public void truncate(long size) {
        ensureOpen();
        check(pagerace_ftruncate(fd, size), "ftruncate", path);
    }

    /** {@code fallocate(PUNCH_HOLE|KEEP_SIZE)}; throws with EOPNOTSUPP where the filesystem cannot punch. */
    public void punchHole(long off, long len) {
        ensureOpen();
        check(pagerace_punch_hole(fd, off, len), "fallocate(PUNCH_HOLE)", path);
    }

    /** Drops clean, unmapped page cache of the range ({@code POSIX_FADV_DONTNEED}). */
    public void dropCache(long off, long len) {
        ensureOpen();
        check(pagerace_fadvise_dontneed(fd, off, len), "fadvise(DONTNEED)", path);
    }

    /** {@code msync(MS_SYNC)} of the range: writes dirty pages back and write-protects their ptes. */
    public void msync(long off, long len) {
        ensureOpen();
        check(pagerace_msync(address, off, len, PAGERACE_MS_SYNC), "msync", path);
    }

    /** {@code madvise(MADV_DONTNEED)}: zaps the ptes of the range (the page cache keeps the pages). */
    public void zapPtes(long off, long len) {
        ensureOpen();
        check(pagerace_madvise_dontneed(address, off, len), "madvise(DONTNEED)", path);
    }

    public long size() {
        ensureOpen();
        return check(pagerace_file_size(fd), "fstat", path);
    }

    /** The page holding {@code off} as seen by the kernel. */
    public PageState pageState(long off) {
        ensureOpen();
        return new PageState(check(pagerace_page_state(fd, address, off), "page state", path));
    }

    /**
     * {@code pagerace_fault_loop}: {@code n} real write faults on the page holding {@code off}, re-armed by
     * {@code method} (a {@code PAGERACE_FAULT_*} value); returns the nanoseconds of the timed stores. Throws
     * {@link NativeException} with the errno where the method is not available here (EOPNOTSUPP), the filesystem is
     * full (ENOSPC) or the page went beyond EOF meanwhile (EFAULT).
     */
    public long faultLoop(long off, long n, int method) {
        ensureOpen();
        return check(pagerace_fault_loop(fd, address, off, n, method), "fault loop", path);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        int unmapped = pagerace_unmap(address);
        int closedFd = pagerace_close(fd);
        deleteQuietly(path, deleteOnClose);
        check(unmapped, "munmap", path);
        check(closedFd, "close", path);
    }

    private static void deleteQuietly(String path, boolean delete) {
        if (delete) {
            try {
                Files.deleteIfExists(Path.of(path));
            } catch (java.io.IOException ignored) {
                // reported by the caller's own cleanup check, if it matters
            }
        }
    }

    private static int check(int r, String op, String path) {
        if (r < 0) {
            throw new NativeException(op, path, -r);
        }
        return r;
    }

    private static long check(long r, String op, String path) {
        if (r < 0) {
            throw new NativeException(op, path, (int) -r);
        }
        return r;
    }

    /** The kernel's view of one page: resident (mincore), and cached/dirty where cachestat(2) exists. */
    public static final class PageState {
        private final int mask;

        PageState(int mask) {
            this.mask = mask;
        }

        public boolean resident() {
            return (mask & PAGERACE_PS_RESIDENT) != 0;
        }

        /** Whether {@link #cached()} and {@link #dirty()} are known (the kernel has cachestat). */
        public boolean cachestat() {
            return (mask & PAGERACE_PS_CACHESTAT) != 0;
        }

        public boolean cached() {
            return (mask & PAGERACE_PS_CACHED) != 0;
        }

        public boolean dirty() {
            return (mask & PAGERACE_PS_DIRTY) != 0;
        }

        @Override
        public String toString() {
            return "resident=" + resident() + (cachestat() ? " cached=" + cached() + " dirty=" + dirty() : "");
        }
    }
}
