package org.pagerace.sys;

/**
 * The binding of {@code native/include/pagerace.h}: one static method per C function, with the C name (STYLE.md
 * §4b, the JDK's {@code UnixNativeDispatcher} pattern). Each wraps the raw JNA direct-mapped native of the same
 * name in the package-private {@link PageraceNatives}, after checking what C cannot: that a buffer is not null and
 * that a length is within the array it describes, and that a path is not null and has no NUL character (which C
 * would read as the end of a shorter path). Misuse throws {@link IllegalArgumentException}; nothing reaches C that
 * could write outside a Java array or read outside it into a file. Everything else (fds, addresses, offsets) is
 * checked by the shim, which returns a value {@code >= 0} or {@code -errno} (see {@link Errno}); none raises a
 * signal, so a store beyond EOF through {@link #pagerace_store64} is an error code, not a crash.
 *
 * <p>The library is extracted from the jar by {@link NativeLoader} and registered by absolute path, so it loads
 * in every JVM, JCStress forks included (they run with {@code jna.noclasspath=true}).
 */
public final class LibPagerace {
    /** The ABI this binding was written against; {@link NativeLoader} refuses a library with another. */
    public static final int ABI_VERSION = 1;

    public static final int PAGERACE_MS_ASYNC = 1;
    public static final int PAGERACE_MS_INVALIDATE = 2;
    public static final int PAGERACE_MS_SYNC = 4;

    public static final int PAGERACE_PS_RESIDENT = 1;
    public static final int PAGERACE_PS_CACHED = 2;
    public static final int PAGERACE_PS_DIRTY = 4;
    public static final int PAGERACE_PS_CACHESTAT = 8;

    public static final int PAGERACE_FAULT_MSYNC = 1;
    public static final int PAGERACE_FAULT_DONTNEED = 2;
    public static final int PAGERACE_FAULT_UFFD_WP = 3;

    private LibPagerace() {
    }

    /** Makes sure the library is loaded and of the expected ABI; throws {@link NativeLoadException} if not. */
    public static void ensureLoaded() {
        int abi = pagerace_abi_version();
        if (abi != ABI_VERSION) {
            throw new NativeLoadException("libpagerace ABI " + abi + ", expected " + ABI_VERSION);
        }
    }

    /** {@code int pagerace_abi_version(void)} */
    public static int pagerace_abi_version() {
        return PageraceNatives.pagerace_abi_version();
    }

    /** {@code int pagerace_page_size(void)} */
    public static int pagerace_page_size() {
        return PageraceNatives.pagerace_page_size();
    }

    /** {@code int pagerace_open(const char *path, int64_t size)}: returns the fd or -errno. */
    public static int pagerace_open(String path, long size) {
        checkPath(path);
        return PageraceNatives.pagerace_open(path, size);
    }

    /** {@code int pagerace_create_tmp(const char *dir, int64_t size)}: an unnamed file in dir; fd or -errno. */
    public static int pagerace_create_tmp(String dir, long size) {
        checkPath(dir);
        return PageraceNatives.pagerace_create_tmp(dir, size);
    }

    /** {@code int pagerace_close(int fd)} */
    public static int pagerace_close(int fd) {
        return PageraceNatives.pagerace_close(fd);
    }

    /** {@code int64_t pagerace_map(int fd, int64_t length)}: the address of a MAP_SHARED mapping, or -errno. */
    public static long pagerace_map(int fd, long length) {
        return PageraceNatives.pagerace_map(fd, length);
    }

    /** {@code int pagerace_unmap(int64_t addr)} */
    public static int pagerace_unmap(long addr) {
        return PageraceNatives.pagerace_unmap(addr);
    }

    /** {@code int64_t pagerace_map_length(int64_t addr)} */
    public static long pagerace_map_length(long addr) {
        return PageraceNatives.pagerace_map_length(addr);
    }

    /** {@code int pagerace_ftruncate(int fd, int64_t size)} */
    public static int pagerace_ftruncate(int fd, long size) {
        return PageraceNatives.pagerace_ftruncate(fd, size);
    }

    /** {@code int pagerace_punch_hole(int fd, int64_t off, int64_t len)}: FALLOC_FL_PUNCH_HOLE|KEEP_SIZE. */
    public static int pagerace_punch_hole(int fd, long off, long len) {
        return PageraceNatives.pagerace_punch_hole(fd, off, len);
    }

    /** {@code int pagerace_fadvise_dontneed(int fd, int64_t off, int64_t len)} */
    public static int pagerace_fadvise_dontneed(int fd, long off, long len) {
        return PageraceNatives.pagerace_fadvise_dontneed(fd, off, len);
    }

    /** {@code int64_t pagerace_file_size(int fd)} */
    public static long pagerace_file_size(int fd) {
        return PageraceNatives.pagerace_file_size(fd);
    }

    /** {@code int pagerace_msync(int64_t addr, int64_t off, int64_t len, int flags)} */
    public static int pagerace_msync(long addr, long off, long len, int flags) {
        return PageraceNatives.pagerace_msync(addr, off, len, flags);
    }

    /** {@code int pagerace_madvise_dontneed(int64_t addr, int64_t off, int64_t len)} */
    public static int pagerace_madvise_dontneed(long addr, long off, long len) {
        return PageraceNatives.pagerace_madvise_dontneed(addr, off, len);
    }

    /**
     * {@code int64_t pagerace_pread(int fd, void *buf, int64_t len, int64_t off)}: reads into the first {@code len}
     * bytes of {@code buf}; {@link IllegalArgumentException} unless {@code 0 <= len <= buf.length}.
     */
    public static long pagerace_pread(int fd, byte[] buf, long len, long off) {
        checkBuffer(buf, len);
        return PageraceNatives.pagerace_pread(fd, buf, len, off);
    }

    /**
     * {@code int64_t pagerace_pwrite(int fd, const void *buf, int64_t len, int64_t off)}: writes the first
     * {@code len} bytes of {@code buf}; {@link IllegalArgumentException} unless {@code 0 <= len <= buf.length}.
     */
    public static long pagerace_pwrite(int fd, byte[] buf, long len, long off) {
        checkBuffer(buf, len);
        return PageraceNatives.pagerace_pwrite(fd, buf, len, off);
    }

    /**
     * {@code int pagerace_store64(int64_t addr, int64_t off, int64_t value)}: -EFAULT beyond EOF, -ENOSPC where the
     * fault failed inside EOF on a full filesystem; never SIGBUS.
     */
    public static int pagerace_store64(long addr, long off, long value) {
        return PageraceNatives.pagerace_store64(addr, off, value);
    }

    /**
     * {@code int pagerace_load64(int64_t addr, int64_t off, int64_t *out)}: the value in {@code out[0]}; errors as
     * {@link #pagerace_store64}; {@link IllegalArgumentException} if {@code out} is null or empty.
     */
    public static int pagerace_load64(long addr, long off, long[] out) {
        if (out == null || out.length < 1) {
            throw new IllegalArgumentException("pagerace_load64: out must have room for one value, not "
                    + (out == null ? "null" : "length 0"));
        }
        return PageraceNatives.pagerace_load64(addr, off, out);
    }

    /** {@code int pagerace_page_state(int fd, int64_t addr, int64_t off)}: a PAGERACE_PS_* mask or -errno. */
    public static int pagerace_page_state(int fd, long addr, long off) {
        return PageraceNatives.pagerace_page_state(fd, addr, off);
    }

    /**
     * {@code int64_t pagerace_fault_loop(int fd, int64_t addr, int64_t off, int64_t n, int method)}: total ns of
     * the timed stores, or -errno: -ENOSPC on a full filesystem, -EFAULT if the page went beyond EOF meanwhile.
     */
    public static long pagerace_fault_loop(int fd, long addr, long off, long n, int method) {
        return PageraceNatives.pagerace_fault_loop(fd, addr, off, n, method);
    }

    /** {@code int pagerace_pin_cpu(int cpu)} */
    public static int pagerace_pin_cpu(int cpu) {
        return PageraceNatives.pagerace_pin_cpu(cpu);
    }

    /** {@code int64_t pagerace_now_ns(void)} */
    public static long pagerace_now_ns() {
        return PageraceNatives.pagerace_now_ns();
    }

    /** Throws unless {@code path} is a non-null string without a NUL character. */
    private static void checkPath(String path) {
        if (path == null) {
            throw new IllegalArgumentException("path is null");
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path has a NUL character: " + path.replace('\0', '?'));
        }
    }

    /** Throws unless {@code buf} is non-null and {@code 0 <= len <= buf.length}. */
    private static void checkBuffer(byte[] buf, long len) {
        if (buf == null) {
            throw new IllegalArgumentException("buffer is null");
        }
        if (len < 0 || len > buf.length) {
            throw new IllegalArgumentException("length " + len + " is outside the buffer of " + buf.length + " bytes");
        }
    }
}
