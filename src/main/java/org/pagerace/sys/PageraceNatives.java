package org.pagerace.sys;

import com.sun.jna.Native;

/**
 * The raw JNA direct mapping of {@code native/include/pagerace.h}, one {@code static native} method per C function
 * with the C name. Package-private: a native that takes a buffer and its length trusts the length, so only
 * {@link LibPagerace}, which checks every length against its array, may call these.
 */
final class PageraceNatives {
    static {
        Native.register(PageraceNatives.class, NativeLoader.library());
    }

    private PageraceNatives() {
    }

    static native int pagerace_abi_version();

    static native int pagerace_page_size();

    static native int pagerace_open(String path, long size);

    static native int pagerace_create_tmp(String dir, long size);

    static native int pagerace_close(int fd);

    static native long pagerace_map(int fd, long length);

    static native int pagerace_unmap(long addr);

    static native long pagerace_map_length(long addr);

    static native int pagerace_ftruncate(int fd, long size);

    static native int pagerace_punch_hole(int fd, long off, long len);

    static native int pagerace_fadvise_dontneed(int fd, long off, long len);

    static native long pagerace_file_size(int fd);

    static native int pagerace_msync(long addr, long off, long len, int flags);

    static native int pagerace_madvise_dontneed(long addr, long off, long len);

    static native long pagerace_pread(int fd, byte[] buf, long len, long off);

    static native long pagerace_pwrite(int fd, byte[] buf, long len, long off);

    static native int pagerace_store64(long addr, long off, long value);

    static native int pagerace_load64(long addr, long off, long[] out);

    static native int pagerace_page_state(int fd, long addr, long off);

    static native long pagerace_fault_loop(int fd, long addr, long off, long n, int method);

    static native int pagerace_pin_cpu(int cpu);

    static native long pagerace_now_ns();
}
