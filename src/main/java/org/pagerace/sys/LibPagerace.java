package org.pagerace.sys;

import com.sun.jna.Native;

/**
 * The JNA direct-mapped binding of {@code native/include/pagerace.h}: one {@code static native} method per C
 * function, with the C name. Every function returns a value {@code >= 0} or {@code -errno} (see {@link Errno});
 * none raises a signal, so a store beyond EOF through {@link #pagerace_store64} is an error code, not a crash.
 *
 * <p>The library is extracted from the jar by {@link NativeLoader} and registered by absolute path, so it loads
 * in every JVM, JCStress forks included (they run with {@code jna.noclasspath=true}).
 */
@SuppressWarnings("checkstyle:MethodName")
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

    static {
        Native.register(LibPagerace.class, NativeLoader.library());
    }

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
    public static native int pagerace_abi_version();

    /** {@code int pagerace_page_size(void)} */
    public static native int pagerace_page_size();

    /** {@code int pagerace_open(const char *path, int64_t size)}: returns the fd or -errno. */
    public static native int pagerace_open(String path, long size);

    /** {@code int pagerace_create_tmp(const char *dir, int64_t size)}: an unnamed file in dir; fd or -errno. */
    public static native int pagerace_create_tmp(String dir, long size);

    /** {@code int pagerace_close(int fd)} */
    public static native int pagerace_close(int fd);

    /** {@code int64_t pagerace_map(int fd, int64_t length)}: the address of a MAP_SHARED mapping, or -errno. */
    public static native long pagerace_map(int fd, long length);

    /** {@code int pagerace_unmap(int64_t addr)} */
    public static native int pagerace_unmap(long addr);

    /** {@code int64_t pagerace_map_length(int64_t addr)} */
    public static native long pagerace_map_length(long addr);

    /** {@code int pagerace_ftruncate(int fd, int64_t size)} */
    public static native int pagerace_ftruncate(int fd, long size);

    /** {@code int pagerace_punch_hole(int fd, int64_t off, int64_t len)}: FALLOC_FL_PUNCH_HOLE|KEEP_SIZE. */
    public static native int pagerace_punch_hole(int fd, long off, long len);

    /** {@code int pagerace_fadvise_dontneed(int fd, int64_t off, int64_t len)} */
    public static native int pagerace_fadvise_dontneed(int fd, long off, long len);

    /** {@code int64_t pagerace_file_size(int fd)} */
    public static native long pagerace_file_size(int fd);

    /** {@code int pagerace_msync(int64_t addr, int64_t off, int64_t len, int flags)} */
    public static native int pagerace_msync(long addr, long off, long len, int flags);

    /** {@code int pagerace_madvise_dontneed(int64_t addr, int64_t off, int64_t len)} */
    public static native int pagerace_madvise_dontneed(long addr, long off, long len);

    /** {@code int64_t pagerace_pread(int fd, void *buf, int64_t len, int64_t off)} */
    public static native long pagerace_pread(int fd, byte[] buf, long len, long off);

    /** {@code int64_t pagerace_pwrite(int fd, const void *buf, int64_t len, int64_t off)} */
    public static native long pagerace_pwrite(int fd, byte[] buf, long len, long off);

    /** {@code int pagerace_store64(int64_t addr, int64_t off, int64_t value)}: -EFAULT beyond EOF, never SIGBUS. */
    public static native int pagerace_store64(long addr, long off, long value);

    /** {@code int pagerace_load64(int64_t addr, int64_t off, int64_t *out)}: -EFAULT beyond EOF, never SIGBUS. */
    public static native int pagerace_load64(long addr, long off, long[] out);

    /** {@code int pagerace_page_state(int fd, int64_t addr, int64_t off)}: a PAGERACE_PS_* mask or -errno. */
    public static native int pagerace_page_state(int fd, long addr, long off);

    /** {@code int64_t pagerace_fault_loop(int fd, int64_t addr, int64_t off, int64_t n, int method)}: total ns. */
    public static native long pagerace_fault_loop(int fd, long addr, long off, long n, int method);

    /** {@code int pagerace_pin_cpu(int cpu)} */
    public static native int pagerace_pin_cpu(int cpu);

    /** {@code int64_t pagerace_now_ns(void)} */
    public static native long pagerace_now_ns();
}
