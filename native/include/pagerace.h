/*
 * pagerace.h - the native shim under pagerace's Java emulation.
 *
 * Every function returns a value >= 0 on success or -errno on failure, never raises a signal into the
 * calling process (a JVM: a SIGBUS in native code kills it), and validates its arguments before it
 * touches memory: a bad fd gives -EBADF, a NULL pointer, a negative or out-of-range offset or length
 * (against the mapping this library made) gives -EINVAL.
 *
 * Mappings are named by the address pagerace_map() returned; the library keeps a registry of the
 * mappings it made, so that every access can be checked against the mapping's length.
 */
#ifndef PAGERACE_H
#define PAGERACE_H

#include <stdint.h>

#define PAGERACE_ABI_VERSION 1

/* Returns PAGERACE_ABI_VERSION. */
int pagerace_abi_version(void);

/* Returns the page size in bytes. */
int pagerace_page_size(void);

/*
 * Opens (creating if needed, mode 0600) the file at path read-write and close-on-exec; if size >= 0 it
 * is then ftruncate()d to size. Returns the fd, or -errno (a failed ftruncate closes the fd).
 */
int pagerace_open(const char *path, int64_t size);

/*
 * Creates an unnamed regular file of the given size in directory dir (O_TMPFILE; where the filesystem
 * has no O_TMPFILE, a mkstemp() name that is unlinked at once). Nothing is left in dir when the fd is
 * closed or the process dies. Returns the fd or -errno.
 */
int pagerace_create_tmp(const char *dir, int64_t size);

/* Closes fd. Returns 0 or -errno. */
int pagerace_close(int fd);

/*
 * Maps length bytes of fd from offset 0, PROT_READ|PROT_WRITE, MAP_SHARED. Length may exceed the file
 * size (pages beyond EOF fault with SIGBUS on a direct access: use pagerace_store64/load64).
 * Returns the address as a non-negative int64_t, or -errno.
 */
int64_t pagerace_map(int fd, int64_t length);

/* Unmaps a mapping made by pagerace_map(). Returns 0, -EINVAL if addr is not one, or -errno. */
int pagerace_unmap(int64_t addr);

/* Returns the length of the mapping at addr, or -EINVAL if addr is not one this library made. */
int64_t pagerace_map_length(int64_t addr);

/* ftruncate(fd, size). Returns 0 or -errno. */
int pagerace_ftruncate(int fd, int64_t size);

/* fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len). Returns 0 or -errno. */
int pagerace_punch_hole(int fd, int64_t off, int64_t len);

/* posix_fadvise(fd, off, len, POSIX_FADV_DONTNEED): drops clean, unmapped page cache. Returns 0 or -errno. */
int pagerace_fadvise_dontneed(int fd, int64_t off, int64_t len);

/* Returns the file size (fstat st_size) or -errno. */
int64_t pagerace_file_size(int fd);

#define PAGERACE_MS_ASYNC      1   /* MS_ASYNC */
#define PAGERACE_MS_INVALIDATE 2   /* MS_INVALIDATE */
#define PAGERACE_MS_SYNC       4   /* MS_SYNC */

/*
 * msync() of [off, off+len) of the mapping at addr, rounded out to whole pages; flags is one of the
 * PAGERACE_MS_* values (Linux's own MS_* values). Returns 0 or -errno.
 */
int pagerace_msync(int64_t addr, int64_t off, int64_t len, int flags);

/* madvise(MADV_DONTNEED) of [off, off+len) of the mapping at addr, rounded out to pages. Returns 0 or -errno. */
int pagerace_madvise_dontneed(int64_t addr, int64_t off, int64_t len);

/* pread(fd, buf, len, off). Returns the byte count (short at EOF) or -errno. */
int64_t pagerace_pread(int fd, void *buf, int64_t len, int64_t off);

/* pwrite(fd, buf, len, off). Returns the byte count or -errno. */
int64_t pagerace_pwrite(int fd, const void *buf, int64_t len, int64_t off);

/*
 * The safe store: writes the 8 bytes of value (native byte order) at addr+off through the kernel
 * (process_vm_writev to self), so that the write takes the real write fault, page_mkwrite included,
 * but a page beyond EOF gives -EFAULT instead of SIGBUS. off+8 must lie inside the mapping.
 * Returns 0 or -errno: -EFAULT beyond EOF; -ENOSPC where the fault failed inside EOF on a filesystem
 * with less than 1 MiB free (the kernel reports both as the same SIGBUS, so this looks at the file size
 * and the free space after the failure); -EFAULT for any other failure the fault hides.
 */
int pagerace_store64(int64_t addr, int64_t off, int64_t value);

/* The safe load: reads 8 bytes at addr+off into *out (process_vm_readv). Returns 0 or -errno, as store64. */
int pagerace_load64(int64_t addr, int64_t off, int64_t *out);

#define PAGERACE_PS_RESIDENT  1   /* mincore: the page is resident */
#define PAGERACE_PS_CACHED    2   /* cachestat: the page is in the page cache */
#define PAGERACE_PS_DIRTY     4   /* cachestat: the page is dirty */
#define PAGERACE_PS_CACHESTAT 8   /* cachestat(2) answered: CACHED and DIRTY are meaningful */

/*
 * State of the page holding addr+off, mapping of fd: a PAGERACE_PS_* mask. Where the kernel lacks
 * cachestat(2), PAGERACE_PS_CACHESTAT is clear and only PAGERACE_PS_RESIDENT is reported.
 * Returns the mask or -errno.
 */
int pagerace_page_state(int fd, int64_t addr, int64_t off);

#define PAGERACE_FAULT_MSYNC    1  /* msync(MS_SYNC) cleans and write-protects the page; then store */
#define PAGERACE_FAULT_DONTNEED 2  /* madvise(MADV_DONTNEED) zaps the pte; then store (do_shared_fault) */
#define PAGERACE_FAULT_UFFD_WP  3  /* userfaultfd WP_ASYNC write-protects the pte; then store */

/*
 * The physical reference: n times, prepares the page at addr+off with method (not timed) and then
 * stores 8 bytes into it directly (timed with CLOCK_MONOTONIC), so that each timed store is one real
 * write fault through the filesystem's page_mkwrite. The page must lie inside the file (checked with
 * fstat first). Before the first store the page is backed through pwrite (its own contents written
 * back), so a full filesystem gives -ENOSPC; the stores run in a child task sharing the caller's memory
 * (clone CLONE_VM; the calling thread waits), so a page that loses its backing during the
 * loop (truncate, hole punch, a copy-on-write filesystem filling up) ends the loop with -errno
 * (-ENOSPC, or -EFAULT beyond EOF), never a signal in the caller. Returns the total nanoseconds of the
 * timed stores, -EOPNOTSUPP where the method is not available (userfaultfd), or -errno.
 */
int64_t pagerace_fault_loop(int fd, int64_t addr, int64_t off, int64_t n, int method);

/* Pins the calling thread to cpu (sched_setaffinity). Returns 0 or -errno. */
int pagerace_pin_cpu(int cpu);

/* Returns CLOCK_MONOTONIC in nanoseconds. */
int64_t pagerace_now_ns(void);

#endif
