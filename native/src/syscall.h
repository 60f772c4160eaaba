/*
 * syscall.h - thin wrappers that turn the libc "-1 and errno" convention into the kernel's own
 * "-errno" convention, which is what every pagerace_* entry point returns.
 *
 * Each wrapper is one call: (ret < 0) ? -errno : ret. Only calls that the pagerace shim makes are here.
 * Definitions that Debian 12's 6.1 uapi headers lack (cachestat, userfaultfd WP_ASYNC, ...) are given by
 * hand under #ifndef, with the values of the upstream uapi headers; what the running kernel supports is
 * found out at run time, never assumed from these numbers.
 */
#ifndef PAGERACE_SYSCALL_H
#define PAGERACE_SYSCALL_H

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/userfaultfd.h>

/* ---- cachestat(2), Linux 6.5; x86_64 and the generic table both use 451. ---- */

#ifndef __NR_cachestat
#define __NR_cachestat 451
#endif

/* include/uapi/linux/mman.h (6.5+). Defined here under our own names so newer headers cannot clash. */
struct pr_cachestat_range {
	uint64_t off;
	uint64_t len;			/* 0 means "to the end of the file" */
};

struct pr_cachestat {
	uint64_t nr_cache;
	uint64_t nr_dirty;
	uint64_t nr_writeback;
	uint64_t nr_evicted;
	uint64_t nr_recently_evicted;
};

/* ---- userfaultfd bits newer than the 6.1 uapi header (include/uapi/linux/userfaultfd.h). ---- */

#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1				/* 5.11 */
#endif
#ifndef USERFAULTFD_IOC_NEW
#define USERFAULTFD_IOC 0xAA				/* /dev/userfaultfd, 6.1 */
#define USERFAULTFD_IOC_NEW _IO(USERFAULTFD_IOC, 0x00)
#endif
#ifndef UFFD_FEATURE_WP_UNPOPULATED
#define UFFD_FEATURE_WP_UNPOPULATED (1 << 13)		/* 6.4 */
#endif
#ifndef UFFD_FEATURE_WP_ASYNC
#define UFFD_FEATURE_WP_ASYNC (1 << 15)			/* 6.7; bit 14 is UFFD_FEATURE_POISON */
#endif

/* ---- the wrappers ---- */

#define PR_RET(expr) do { long ret_ = (long)(expr); return (ret_ < 0) ? -errno : ret_; } while (0)

static inline int sys_open(const char *path, int flags, mode_t mode) { PR_RET(open(path, flags, mode)); }
static inline int sys_close(int fd) { PR_RET(close(fd)); }
static inline int sys_fstat(int fd, struct stat *st) { PR_RET(fstat(fd, st)); }
static inline int sys_fstatfs(int fd, struct statfs *sf) { PR_RET(fstatfs(fd, sf)); }
static inline int sys_dupfd_cloexec(int fd) { PR_RET(fcntl(fd, F_DUPFD_CLOEXEC, 0)); }
static inline pid_t sys_waitpid(pid_t pid, int *status, int flags) { PR_RET(waitpid(pid, status, flags)); }
static inline int sys_statx(int fd, const char *path, int flags, unsigned int mask, struct statx *stx)
{
	PR_RET(statx(fd, path, flags, mask, stx));
}
static inline int sys_ftruncate(int fd, off_t len) { PR_RET(ftruncate(fd, len)); }
static inline int sys_unlink(const char *path) { PR_RET(unlink(path)); }
static inline int sys_mkostemp(char *tmpl, int flags) { PR_RET(mkostemp(tmpl, flags)); }
static inline int sys_ioctl(int fd, unsigned long req, void *arg) { PR_RET(ioctl(fd, req, arg)); }

static inline int sys_fallocate(int fd, int mode, off_t off, off_t len)
{
	PR_RET(fallocate(fd, mode, off, len));
}

/* posix_fadvise() returns the error number itself and leaves errno alone. */
static inline int sys_fadvise(int fd, off_t off, off_t len, int advice)
{
	int err = posix_fadvise(fd, off, len, advice);

	return err ? -err : 0;
}

static inline ssize_t sys_pread(int fd, void *buf, size_t len, off_t off) { PR_RET(pread(fd, buf, len, off)); }
static inline ssize_t sys_pwrite(int fd, const void *buf, size_t len, off_t off)
{
	PR_RET(pwrite(fd, buf, len, off));
}

/* mmap() signals failure with MAP_FAILED, not a negative number: keep the address as an integer. */
static inline intptr_t sys_mmap(size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = mmap(NULL, len, prot, flags, fd, off);

	return (p == MAP_FAILED) ? -errno : (intptr_t)p;
}

static inline int sys_munmap(void *addr, size_t len) { PR_RET(munmap(addr, len)); }
static inline int sys_msync(void *addr, size_t len, int flags) { PR_RET(msync(addr, len, flags)); }
static inline int sys_madvise(void *addr, size_t len, int advice) { PR_RET(madvise(addr, len, advice)); }
static inline int sys_mincore(void *addr, size_t len, unsigned char *vec) { PR_RET(mincore(addr, len, vec)); }

static inline ssize_t sys_process_vm_readv(pid_t pid, const struct iovec *local, unsigned long nlocal,
					   const struct iovec *remote, unsigned long nremote)
{
	PR_RET(process_vm_readv(pid, local, nlocal, remote, nremote, 0));
}

static inline ssize_t sys_process_vm_writev(pid_t pid, const struct iovec *local, unsigned long nlocal,
					    const struct iovec *remote, unsigned long nremote)
{
	PR_RET(process_vm_writev(pid, local, nlocal, remote, nremote, 0));
}

static inline int sys_cachestat(int fd, struct pr_cachestat_range *range, struct pr_cachestat *cs)
{
	PR_RET(syscall(__NR_cachestat, fd, range, cs, 0U));
}

static inline int sys_userfaultfd(int flags) { PR_RET(syscall(__NR_userfaultfd, flags)); }

static inline int sys_sched_setaffinity(pid_t tid, size_t size, const cpu_set_t *set)
{
	PR_RET(sched_setaffinity(tid, size, set));
}

#endif
