/*
 * pagerace.c - the native shim under pagerace's Java emulation; the contract is include/pagerace.h.
 *
 * Rules every entry point follows:
 *  - it returns >= 0 or -errno, and it never lets a signal reach the caller (a JVM, where a SIGBUS in
 *    native code is fatal). Memory of a mapping is only ever touched through the kernel
 *    (process_vm_readv/writev, which turn a fault beyond EOF into EFAULT), except in
 *    pagerace_fault_loop(), whose whole point is a direct store and which checks the file size first;
 *  - it validates its arguments before it touches anything: a NULL pointer, a negative length or
 *    offset, or an offset/length outside the mapping gives -EINVAL; a bad fd gives -EBADF (from the
 *    kernel, or from statx() where the fd is checked up front);
 *  - a mapping is named by the address pagerace_map() returned, and is looked up in a registry.
 *
 * The registry is a sorted array of the live mappings under a rwlock. Every access to a mapping holds
 * the read lock for the whole operation, and pagerace_unmap() takes the write lock around munmap(), so
 * an access can never land in memory that was unmapped (or, worse, re-mapped by someone else) between
 * the check and the access. The price: pagerace_fault_loop() holds the read lock for all its n
 * iterations, and since the lock prefers writers, an unmap issued meanwhile waits for the loop, and
 * every other call that names a mapping waits behind that unmap.
 */
#define _GNU_SOURCE
#include "pagerace.h"
#include "syscall.h"

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <time.h>

#define EXPORT __attribute__((visibility("default")))

/* ---------------------------------------------------------------------------------------------- */
/* Small helpers                                                                                  */
/* ---------------------------------------------------------------------------------------------- */

static size_t page_size_cached;		/* set by the constructor */

static size_t page_size(void)
{
	return page_size_cached;
}

static uintptr_t page_down(uintptr_t a) { return a & ~(uintptr_t)(page_size() - 1); }
static uintptr_t page_up(uintptr_t a) { return page_down(a + page_size() - 1); }

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * Our own pid for process_vm_{read,write}v. glibc no longer caches getpid(), which would add a
 * syscall to every safe store; the cache is reset in a fork child.
 */
static pid_t self_pid;

static void reset_pid(void) { self_pid = getpid(); }

__attribute__((constructor)) static void pagerace_init(void)
{
	page_size_cached = (size_t)sysconf(_SC_PAGESIZE);
	reset_pid();
	pthread_atfork(NULL, NULL, reset_pid);
}

/* ---------------------------------------------------------------------------------------------- */
/* The mapping registry                                                                           */
/* ---------------------------------------------------------------------------------------------- */

struct mapping {
	uintptr_t addr;
	size_t len;		/* as the caller asked; accesses are checked against this, not the page-rounded length */
	dev_t dev;		/* identity of the mapped file, so that calls taking an fd and an addr can check */
	ino_t ino;		/* that the two belong together */
	int fd;			/* our own dup of the mapped file's fd (closed by unmap): to tell why a fault failed */
};

static struct {
	pthread_rwlock_t lock;
	struct mapping *v;	/* sorted by addr */
	size_t n, cap;
} reg = {
	/*
	 * Writer-preferring, so that a stream of loads and stores from several threads cannot starve an
	 * unmap. The lock is never taken recursively, which is what NONRECURSIVE requires.
	 */
	.lock = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP,
};

/* Index of the first entry with addr >= a. Lock held. */
static size_t reg_lower_bound(uintptr_t a)
{
	size_t lo = 0, hi = reg.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (reg.v[mid].addr < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Index of the mapping that starts at a, or -1. Lock held. */
static ssize_t reg_find(uintptr_t a)
{
	size_t i = reg_lower_bound(a);

	return (i < reg.n && reg.v[i].addr == a) ? (ssize_t)i : -1;
}

/* Write lock held. */
static int reg_insert(const struct mapping *m)
{
	size_t i;

	if (reg.n == reg.cap) {
		size_t cap = reg.cap ? 2 * reg.cap : 16;
		struct mapping *v = realloc(reg.v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		reg.v = v;
		reg.cap = cap;
	}
	i = reg_lower_bound(m->addr);
	memmove(&reg.v[i + 1], &reg.v[i], (reg.n - i) * sizeof(*reg.v));
	reg.v[i] = *m;
	reg.n++;
	return 0;
}

/* Write lock held. */
static void reg_remove(size_t i)
{
	memmove(&reg.v[i], &reg.v[i + 1], (reg.n - i - 1) * sizeof(*reg.v));
	reg.n--;
}

/*
 * Takes the read lock and copies the mapping that starts at addr into *m. On success the caller must
 * call reg_put(); on failure (-EINVAL: not a mapping of ours) the lock is already dropped.
 */
static int reg_get(int64_t addr, struct mapping *m)
{
	ssize_t i;

	pthread_rwlock_rdlock(&reg.lock);
	i = (addr > 0) ? reg_find((uintptr_t)addr) : -1;
	if (i < 0) {
		pthread_rwlock_unlock(&reg.lock);
		return -EINVAL;
	}
	*m = reg.v[i];
	return 0;
}

static void reg_put(void) { pthread_rwlock_unlock(&reg.lock); }

/* Does [off, off+len) lie inside the mapping? Overflow-safe; off and len must be non-negative. */
static bool in_mapping(const struct mapping *m, int64_t off, int64_t len)
{
	return off >= 0 && len >= 0 && (uint64_t)off <= m->len && (uint64_t)len <= m->len - (uint64_t)off;
}

/*
 * What the shim needs to know about an fd: identity, type and size.
 *
 * Deliberately statx() with a mask that leaves out STATX_CTIME and STATX_MTIME, not fstat(). Since
 * Linux 6.13, filesystems with multigrain timestamps (ext4, xfs, btrfs, tmpfs) remember that someone
 * read ctime/mtime (I_CTIME_QUERIED), and the next file_update_time(), e.g. in page_mkwrite, must then
 * take a fine-grained timestamp and dirty the inode. An fstat() before every fault would therefore make
 * each fault pay a timestamp update that the code under study would not pay: measured here, it made
 * an ext4 page_mkwrite fault ~1 us slower. Asking only for type, ino and size leaves that state alone.
 */
struct fileinfo {
	dev_t dev;
	ino_t ino;
	mode_t mode;
	int64_t size;
};

static int file_info(int fd, struct fileinfo *fi)
{
	struct statx stx;
	struct stat st;
	int ret;

	if (fd < 0)
		return -EBADF;
	ret = sys_statx(fd, "", AT_EMPTY_PATH, STATX_TYPE | STATX_INO | STATX_SIZE, &stx);
	if (ret == 0) {
		*fi = (struct fileinfo){ .dev = makedev(stx.stx_dev_major, stx.stx_dev_minor),
					 .ino = stx.stx_ino, .mode = stx.stx_mode, .size = (int64_t)stx.stx_size };
		return 0;
	}
	if (ret != -ENOSYS)
		return ret;
	ret = sys_fstat(fd, &st);	/* kernel before 4.11 */
	if (ret == 0)
		*fi = (struct fileinfo){ .dev = st.st_dev, .ino = st.st_ino, .mode = st.st_mode, .size = st.st_size };
	return ret;
}

/* Is the file described by fi the one that m maps? */
static bool same_file(const struct mapping *m, const struct fileinfo *fi)
{
	return fi->dev == m->dev && fi->ino == m->ino;
}

/*
 * Below this much free space (statfs f_bavail), a fault that failed inside EOF is put down to a full
 * filesystem. ext4's statfs already subtracts the clusters that delayed allocation has promised, and
 * btrfs and tmpfs report 0 when they refuse, so a failing page_mkwrite sees well under this.
 */
#define LOW_SPACE_BYTES (1024 * 1024)

/*
 * Why did a fault on the 8 bytes at file offset off of m fail (EFAULT from process_vm_writev, SIGBUS for a
 * direct store)? The kernel turns every page_mkwrite or ->fault error but ENOMEM into VM_FAULT_SIGBUS,
 * so the errno is gone and this can only look at the file and the filesystem now:
 *  - the bytes reach beyond the current EOF: -EFAULT, the answer the caller expects;
 *  - inside EOF on a filesystem with less than LOW_SPACE_BYTES free: -ENOSPC (a full filesystem
 *    would otherwise read as a page beyond EOF, i.e. as a SIGBUS outcome of the race under test);
 *  - anything else: -EFAULT. That includes a truncate that shrank the file for the fault and
 *    extended it again before this look (a race the caller may be studying), and an I/O error.
 * Read lock held (m->fd stays open).
 */
static int fault_errno(const struct mapping *m, int64_t off)
{
	struct fileinfo fi;
	struct statfs sf;

	if (file_info(m->fd, &fi) < 0 || (int64_t)page_down((uintptr_t)off + 7) >= fi.size)
		return -EFAULT;
	if (sys_fstatfs(m->fd, &sf) == 0 && sf.f_bsize > 0 &&
	    (uint64_t)sf.f_bavail < LOW_SPACE_BYTES / (uint64_t)sf.f_bsize)
		return -ENOSPC;
	return -EFAULT;
}

/* ---------------------------------------------------------------------------------------------- */
/* Files                                                                                          */
/* ---------------------------------------------------------------------------------------------- */

EXPORT int pagerace_abi_version(void) { return PAGERACE_ABI_VERSION; }

EXPORT int pagerace_page_size(void) { return (int)page_size(); }

EXPORT int pagerace_open(const char *path, int64_t size)
{
	int fd, ret;

	if (!path)
		return -EINVAL;
	fd = sys_open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || size < 0)
		return fd;
	ret = sys_ftruncate(fd, size);
	if (ret < 0) {
		close(fd);
		return ret;
	}
	return fd;
}

EXPORT int pagerace_create_tmp(const char *dir, int64_t size)
{
	int fd, ret;

	if (!dir || size < 0)
		return -EINVAL;

	fd = sys_open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	/*
	 * No O_TMPFILE: the filesystem says EOPNOTSUPP; a kernel older than 3.11 ignores the unknown bit
	 * and, seeing O_DIRECTORY|O_RDWR, says EISDIR; EINVAL is listed by open(2) as well. Then make
	 * a named file and unlink it at once: the name lives for a few microseconds, the file does not
	 * outlive the fd.
	 */
	if (fd == -EOPNOTSUPP || fd == -EISDIR || fd == -EINVAL) {
		char name[PATH_MAX];

		if ((size_t)snprintf(name, sizeof(name), "%s/.pagerace-XXXXXX", dir) >= sizeof(name))
			return -ENAMETOOLONG;
		fd = sys_mkostemp(name, O_CLOEXEC);
		if (fd < 0)
			return fd;
		ret = sys_unlink(name);
		if (ret < 0) {
			close(fd);
			return ret;
		}
	}
	if (fd < 0)
		return fd;

	ret = sys_ftruncate(fd, size);
	if (ret < 0) {
		close(fd);
		return ret;
	}
	return fd;
}

EXPORT int pagerace_close(int fd)
{
	if (fd < 0)
		return -EBADF;
	return sys_close(fd);
}

EXPORT int pagerace_ftruncate(int fd, int64_t size)
{
	if (fd < 0)
		return -EBADF;
	if (size < 0)
		return -EINVAL;
	return sys_ftruncate(fd, size);
}

EXPORT int pagerace_punch_hole(int fd, int64_t off, int64_t len)
{
	if (fd < 0)
		return -EBADF;
	if (off < 0 || len <= 0)
		return -EINVAL;
	return sys_fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len);
}

EXPORT int pagerace_fadvise_dontneed(int fd, int64_t off, int64_t len)
{
	if (fd < 0)
		return -EBADF;
	if (off < 0 || len < 0)		/* len 0 means "to the end of the file", as in posix_fadvise() */
		return -EINVAL;
	return sys_fadvise(fd, off, len, POSIX_FADV_DONTNEED);
}

/* st_size as fstat() would give it, without marking the timestamps as queried (see file_info()). */
EXPORT int64_t pagerace_file_size(int fd)
{
	struct fileinfo fi;
	int ret = file_info(fd, &fi);

	return ret < 0 ? ret : fi.size;
}

EXPORT int64_t pagerace_pread(int fd, void *buf, int64_t len, int64_t off)
{
	if (fd < 0)
		return -EBADF;
	if (!buf || len < 0 || off < 0)
		return -EINVAL;
	return sys_pread(fd, buf, (size_t)len, off);
}

EXPORT int64_t pagerace_pwrite(int fd, const void *buf, int64_t len, int64_t off)
{
	if (fd < 0)
		return -EBADF;
	if (!buf || len < 0 || off < 0)
		return -EINVAL;
	return sys_pwrite(fd, buf, (size_t)len, off);
}

/* ---------------------------------------------------------------------------------------------- */
/* Mappings                                                                                       */
/* ---------------------------------------------------------------------------------------------- */

EXPORT int64_t pagerace_map(int fd, int64_t length)
{
	struct mapping m;
	struct fileinfo fi;
	intptr_t a;
	int ret, dfd;

	if (fd < 0)
		return -EBADF;
	if (length <= 0)
		return -EINVAL;
	ret = file_info(fd, &fi);
	if (ret < 0)
		return ret;

	dfd = sys_dupfd_cloexec(fd);
	if (dfd < 0)
		return dfd;
	a = sys_mmap((size_t)length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (a < 0) {
		close(dfd);
		return a;
	}

	m = (struct mapping){ .addr = (uintptr_t)a, .len = (size_t)length, .dev = fi.dev, .ino = fi.ino,
			      .fd = dfd };
	pthread_rwlock_wrlock(&reg.lock);
	ret = reg_insert(&m);
	pthread_rwlock_unlock(&reg.lock);
	if (ret < 0) {
		munmap((void *)a, (size_t)length);
		close(dfd);
		return ret;
	}
	return (int64_t)a;
}

EXPORT int pagerace_unmap(int64_t addr)
{
	ssize_t i;
	int ret;

	pthread_rwlock_wrlock(&reg.lock);
	i = (addr > 0) ? reg_find((uintptr_t)addr) : -1;
	if (i < 0) {
		ret = -EINVAL;
	} else {
		ret = sys_munmap((void *)reg.v[i].addr, reg.v[i].len);
		if (ret == 0) {
			close(reg.v[i].fd);
			reg_remove((size_t)i);
		}
	}
	pthread_rwlock_unlock(&reg.lock);
	return ret;
}

EXPORT int64_t pagerace_map_length(int64_t addr)
{
	struct mapping m;
	int ret = reg_get(addr, &m);

	if (ret < 0)
		return ret;
	reg_put();
	return (int64_t)m.len;
}

/*
 * Validates [off, off+len) against the mapping at addr and rounds it out to whole pages. Returns 0 with
 * the read lock held (caller does reg_put()), or -EINVAL with it dropped.
 */
static int get_page_range(int64_t addr, int64_t off, int64_t len, void **start, size_t *plen)
{
	struct mapping m;
	uintptr_t s, e;
	int ret = reg_get(addr, &m);

	if (ret < 0)
		return ret;
	if (!in_mapping(&m, off, len)) {
		reg_put();
		return -EINVAL;
	}
	s = page_down(m.addr + (uintptr_t)off);
	e = len ? page_up(m.addr + (uintptr_t)off + (uintptr_t)len) : s;	/* len 0: nothing */
	*start = (void *)s;
	*plen = e - s;
	return 0;
}

EXPORT int pagerace_msync(int64_t addr, int64_t off, int64_t len, int flags)
{
	void *start;
	size_t plen;
	int ret;

	/* One of the MS_* values; MS_INVALIDATE may be or'ed to one of the others, as msync(2) allows. */
	if (flags <= 0 || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
	    (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC))
		return -EINVAL;
	ret = get_page_range(addr, off, len, &start, &plen);
	if (ret < 0)
		return ret;
	ret = plen ? sys_msync(start, plen, flags) : 0;
	reg_put();
	return ret;
}

EXPORT int pagerace_madvise_dontneed(int64_t addr, int64_t off, int64_t len)
{
	void *start;
	size_t plen;
	int ret = get_page_range(addr, off, len, &start, &plen);

	if (ret < 0)
		return ret;
	ret = plen ? sys_madvise(start, plen, MADV_DONTNEED) : 0;
	reg_put();
	return ret;
}

/* ---------------------------------------------------------------------------------------------- */
/* Safe loads and stores                                                                          */
/* ---------------------------------------------------------------------------------------------- */

/*
 * Copies 8 bytes between the caller's buffer and the mapping through process_vm_{read,write}v on our
 * own pid. The kernel then does the access with a GUP fault (handle_mm_fault, page_mkwrite for a
 * write), and where the fault would have raised SIGBUS (a page beyond EOF) the call fails with EFAULT
 * instead. A short copy, which happens when the 8 bytes straddle a page boundary and only the second
 * page is beyond EOF, is reported as -EFAULT too.
 */
static int copy_self(int64_t addr, int64_t off, void *buf, bool write)
{
	struct mapping m;
	struct iovec local = { .iov_base = buf, .iov_len = 8 };
	struct iovec remote;
	ssize_t n;
	int ret = reg_get(addr, &m);

	if (ret < 0)
		return ret;
	if (!in_mapping(&m, off, 8)) {
		reg_put();
		return -EINVAL;
	}
	remote = (struct iovec){ .iov_base = (void *)(m.addr + (uintptr_t)off), .iov_len = 8 };
	n = write ? sys_process_vm_writev(self_pid, &local, 1, &remote, 1)
		  : sys_process_vm_readv(self_pid, &local, 1, &remote, 1);
	if ((n >= 0 && n != 8) || n == -EFAULT)
		n = fault_errno(&m, off);
	reg_put();
	if (n < 0)
		return (int)n;
	return 0;
}

EXPORT int pagerace_store64(int64_t addr, int64_t off, int64_t value)
{
	return copy_self(addr, off, &value, true);
}

EXPORT int pagerace_load64(int64_t addr, int64_t off, int64_t *out)
{
	int64_t v;
	int ret;

	if (!out)
		return -EINVAL;
	ret = copy_self(addr, off, &v, false);
	if (ret == 0)
		*out = v;
	return ret;
}

/* ---------------------------------------------------------------------------------------------- */
/* Page state                                                                                     */
/* ---------------------------------------------------------------------------------------------- */

EXPORT int pagerace_page_state(int fd, int64_t addr, int64_t off)
{
	struct pr_cachestat_range range;
	struct pr_cachestat cs;
	struct mapping m;
	struct fileinfo fi;
	unsigned char vec = 0;
	uintptr_t page;
	int ret, mask = 0;

	ret = file_info(fd, &fi);
	if (ret < 0)
		return ret;
	ret = reg_get(addr, &m);
	if (ret < 0)
		return ret;
	if (!in_mapping(&m, off, 1) || !same_file(&m, &fi)) {
		ret = -EINVAL;
		goto out;
	}
	page = page_down(m.addr + (uintptr_t)off);

	/* mincore(): for a file mapping this is "in the page cache", whether or not a pte maps it. */
	ret = sys_mincore((void *)page, page_size(), &vec);
	if (ret < 0)
		goto out;
	if (vec & 1)
		mask |= PAGERACE_PS_RESIDENT;

	/*
	 * cachestat(2) (6.5+) on the same page, by file offset: our mappings start at file offset 0. On
	 * tmpfs it counts cached pages but never dirty ones (shmem keeps no dirty tag in the page cache).
	 * ENOSYS (old kernel) or EOPNOTSUPP (hugetlbfs) leave PAGERACE_PS_CACHESTAT clear.
	 */
	range = (struct pr_cachestat_range){ .off = page - m.addr, .len = page_size() };
	ret = sys_cachestat(fd, &range, &cs);
	if (ret == 0) {
		mask |= PAGERACE_PS_CACHESTAT;
		if (cs.nr_cache)
			mask |= PAGERACE_PS_CACHED;
		if (cs.nr_dirty)
			mask |= PAGERACE_PS_DIRTY;
	} else if (ret != -ENOSYS && ret != -EOPNOTSUPP) {
		goto out;
	}
	ret = mask;
out:
	reg_put();
	return ret;
}

/* ---------------------------------------------------------------------------------------------- */
/* The fault loop                                                                                 */
/* ---------------------------------------------------------------------------------------------- */

/*
 * userfaultfd in write-protect-async mode. With UFFD_FEATURE_WP_ASYNC (6.7+) the kernel resolves a
 * write-protect fault by itself (no handler thread, no message), and WP registration is then allowed on
 * any file mapping, not only shmem/hugetlbfs: ext4, xfs and btrfs included. UFFDIO_WRITEPROTECT clears
 * the pte's write bit; the next store takes a write fault which, after the uffd-wp bit is dropped,
 * goes down the ordinary do_wp_page -> wp_page_shared -> page_mkwrite path of the filesystem.
 */

static int uffd_open(void)
{
	int fd, dev;

	/* UFFD_USER_MODE_ONLY needs no privilege even with vm.unprivileged_userfaultfd=0 (5.11+). */
	fd = sys_userfaultfd(O_CLOEXEC | UFFD_USER_MODE_ONLY);
	if (fd == -EINVAL)					/* before 5.11 */
		fd = sys_userfaultfd(O_CLOEXEC);
	if (fd != -ENOSYS && fd != -EPERM)
		return fd;

	/* The syscall is missing or forbidden (seccomp, sysctl): try /dev/userfaultfd (6.1+). */
	dev = sys_open("/dev/userfaultfd", O_RDWR | O_CLOEXEC, 0);
	if (dev < 0)
		return fd;
	fd = ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC | UFFD_USER_MODE_ONLY);
	if (fd < 0)
		fd = -errno;
	close(dev);
	return fd;
}

/*
 * The features this kernel's userfaultfd offers, or -errno if there is none. UFFDIO_API with
 * features = 0 reports them all; it can be done once per uffd, so the probe uses a throwaway one.
 * Cached: the answer does not change while the process runs.
 */
static int64_t uffd_features(void)
{
	static int64_t cached;		/* 0: not probed yet */
	struct uffdio_api api = { .api = UFFD_API, .features = 0 };
	int64_t f = __atomic_load_n(&cached, __ATOMIC_RELAXED);
	int fd, ret;

	if (f)
		return f;
	fd = uffd_open();
	if (fd < 0)
		return fd;
	ret = sys_ioctl(fd, UFFDIO_API, &api);
	close(fd);
	if (ret < 0)
		return ret;
	f = (int64_t)(api.features & INT64_MAX) | ((int64_t)1 << 62);	/* never 0 once probed */
	__atomic_store_n(&cached, f, __ATOMIC_RELAXED);
	return f;
}

/*
 * Opens a uffd in WP_ASYNC mode and registers [page, page + page_size) for write protection. Returns the
 * uffd, -EOPNOTSUPP where this kernel or this mapping cannot do it, or -errno.
 */
static int uffd_wp_setup(uintptr_t page)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg_arg = {
		.range = { .start = page, .len = page_size() },
		.mode = UFFDIO_REGISTER_MODE_WP,
	};
	int64_t feat = uffd_features();
	int fd, ret;

	if (feat < 0 || !(feat & UFFD_FEATURE_WP_ASYNC))
		return -EOPNOTSUPP;
	/* WP_ASYNC implies WP_UNPOPULATED (the kernel adds it); ask for it explicitly all the same. */
	api.features = UFFD_FEATURE_WP_ASYNC | (feat & UFFD_FEATURE_WP_UNPOPULATED);

	fd = uffd_open();
	if (fd < 0)
		return -EOPNOTSUPP;
	ret = sys_ioctl(fd, UFFDIO_API, &api);
	if (ret == 0)
		ret = sys_ioctl(fd, UFFDIO_REGISTER, &reg_arg);
	/*
	 * Our arguments are valid (one whole page of a mapping we own), so EINVAL from REGISTER means the
	 * vma cannot take WP here (e.g. a kernel whose WP_ASYNC does not extend to this filesystem).
	 * EBUSY: another uffd (a concurrent fault loop on the same mapping) has registered the vma.
	 */
	if (ret == -EINVAL)
		ret = -EOPNOTSUPP;
	if (ret < 0) {
		close(fd);
		return ret;
	}
	return fd;
}

static int uffd_wp_page(int fd, uintptr_t page)
{
	struct uffdio_writeprotect wp = {
		.range = { .start = page, .len = page_size() },
		.mode = UFFDIO_WRITEPROTECT_MODE_WP,
	};
	int ret, tries = 0;

	/* EAGAIN: the mm is changing under us (a concurrent fork, mremap...); try again a few times. */
	do
		ret = sys_ioctl(fd, UFFDIO_WRITEPROTECT, &wp);
	while (ret == -EAGAIN && ++tries < 100);
	return ret;
}

static void uffd_wp_teardown(int fd, uintptr_t page)
{
	struct uffdio_range range = { .start = page, .len = page_size() };

	/* close() would unregister too; be explicit, so the vma is back to normal before we return. */
	ioctl(fd, UFFDIO_UNREGISTER, &range);
	close(fd);
}

/*
 * Backs the page at file offset page_off of fd: reads what the file holds there (up to EOF) and writes it
 * back with pwrite, so that the filesystem allocates (or reserves) its blocks now, through a call that
 * returns an errno, instead of in a write fault, which can only raise SIGBUS. Returns 0 or -errno
 * (-ENOSPC on a full filesystem; -EFAULT if the page is beyond EOF).
 */
static int back_page(int fd, int64_t page_off)
{
	char *buf = malloc(page_size());
	struct fileinfo fi;
	ssize_t n;
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = file_info(fd, &fi);
	if (ret == 0 && page_off >= fi.size)
		ret = -EFAULT;
	if (ret == 0) {
		n = sys_pread(fd, buf, page_size(), page_off);
		if (n > 0)
			n = sys_pwrite(fd, buf, (size_t)n, page_off);
		ret = n < 0 ? (int)n : 0;
	}
	free(buf);
	return ret;
}

/*
 * The direct stores of the fault loop run in a child task that shares our memory (clone CLONE_VM |
 * CLONE_VFORK: the calling thread waits for it; the JVM's other threads run on). A store whose fault
 * fails, because the filesystem filled up, a hole was punched or the file was truncated under the
 * loop, raises SIGBUS in the child, whose own handler ends it with CHILD_SIGBUS; the JVM's signal
 * handlers are neither used nor touched. The child is a process of its own (no CLONE_THREAD, no
 * CLONE_SIGHAND), so nothing sent to the JVM reaches it, and a fatal signal in it is caught rather than
 * left to the default action, whose core dump would take every task sharing the mm down with it on
 * kernels before 5.16.
 *
 * Why not a SIGBUS handler with sigsetjmp in the calling thread: the handler is process-wide and the
 * JVM's own (it turns SIGBUS from a truncated MappedByteBuffer into an InternalError, on any thread);
 * swapping it for the loop's duration, and chaining every other SIGBUS to it, is what libjsig exists
 * for, and cannot be made safe against another thread doing the same. Why not the safe store: it
 * takes the fault through GUP, not the hardware fault path this loop exists to time.
 *
 * The price is one clone and one wait per call (tens of microseconds, outside the timed stores).
 */
struct loop_job {
	volatile int64_t *p;
	uintptr_t page;
	int64_t n;
	int method;
	int uffd;
	int64_t total;		/* out: nanoseconds of the timed stores */
	int err;		/* out: -errno of a failed re-arm */
	volatile int done;	/* out: the child got to the end of the loop (no signal) */
};

#define CHILD_SIGBUS 101	/* exit status of a child that got SIGBUS */
#define CHILD_SIGSEGV 102	/* ... or SIGSEGV (cannot happen: the address was checked) */

static void child_fatal_signal(int sig)
{
	_exit(sig == SIGBUS ? CHILD_SIGBUS : CHILD_SIGSEGV);
}

__attribute__((no_sanitize_address)) static int fault_child(void *arg)
{
	struct loop_job *job = arg;
	struct sigaction sa = { .sa_handler = child_fatal_signal };
	int64_t total = 0, v;
	sigset_t all;
	int ret = 0;

	/* Our copy of the handler table (no CLONE_SIGHAND): this changes nothing in the JVM. */
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	sigfillset(&all);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGSEGV);
	sigprocmask(SIG_SETMASK, &all, NULL);

	/*
	 * Fault the page in and dirty it (untimed), so that the first timed store is like the others.
	 * The loop stores back the value that is there, so it leaves the file's contents as they were.
	 */
	v = *job->p;
	*job->p = v;

	for (int64_t i = 0; i < job->n; i++) {
		int64_t t0, t1;

		switch (job->method) {
		case PAGERACE_FAULT_MSYNC:
			/* Writeback cleans the folio and write-protects its ptes (folio_mkclean). On tmpfs
			 * msync is a no-op and the store below does not fault. */
			ret = sys_msync((void *)job->page, page_size(), MS_SYNC);
			break;
		case PAGERACE_FAULT_DONTNEED:
			/* Zaps the pte; the folio stays in the page cache. The store then takes
			 * do_shared_fault: ->fault finds the folio, ->page_mkwrite, map it writable. */
			ret = sys_madvise((void *)job->page, page_size(), MADV_DONTNEED);
			break;
		default:
			ret = uffd_wp_page(job->uffd, job->page);
			break;
		}
		if (ret < 0)
			break;

		t0 = now_ns();
		__asm__ __volatile__("" ::: "memory");
		*job->p = v;
		__asm__ __volatile__("" ::: "memory");
		t1 = now_ns();
		total += t1 - t0;
	}
	job->total = total;
	job->err = ret;
	job->done = 1;
	return 0;
}

/*
 * Runs job in a child task (see struct loop_job) and waits for it. Returns 0, -errno of a re-arm, or
 * CHILD_SIGBUS/SIGSEGV. The child shares our memory, fd table and cwd (CLONE_VM | CLONE_FILES |
 * CLONE_FS: nothing to copy, so the clone costs tens of microseconds where a vfork() measured up to a
 * millisecond on these VMs), runs on its own stack, and sends no SIGCHLD (exit signal 0, waited for with
 * __WALL, never auto-reaped). Its stack and its copy of the job share one MAP_SHARED anonymous region; its
 * done flag says how it ended even if its exit status were lost.
 */
#define CHILD_STACK (64 * 1024)

static int run_fault_child(struct loop_job *job)
{
	size_t len = page_size() + CHILD_STACK;
	char *region = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct loop_job *shared = (struct loop_job *)(void *)region;
	int status = 0, ret;
	pid_t pid;

	if (region == MAP_FAILED)
		return -errno;
	*shared = *job;
	pid = clone(fault_child, region + len, CLONE_VM | CLONE_VFORK | CLONE_FILES | CLONE_FS, shared);
	if (pid < 0) {
		ret = -errno;
	} else {
		do
			ret = sys_waitpid(pid, &status, __WALL);
		while (ret == -EINTR);
		if (shared->done)
			ret = shared->err;
		else if (ret >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == CHILD_SIGSEGV)
			ret = CHILD_SIGSEGV;
		else
			ret = CHILD_SIGBUS;
		job->total = shared->total;
	}
	munmap(region, len);
	return ret;
}

EXPORT int64_t pagerace_fault_loop(int fd, int64_t addr, int64_t off, int64_t n, int method)
{
	struct loop_job job = { .n = n, .method = method, .uffd = -1 };
	struct mapping m;
	struct fileinfo fi;
	int64_t ret;

	if (fd < 0)
		return -EBADF;
	if (n <= 0 || (method != PAGERACE_FAULT_MSYNC && method != PAGERACE_FAULT_DONTNEED &&
		       method != PAGERACE_FAULT_UFFD_WP))
		return -EINVAL;
	ret = file_info(fd, &fi);
	if (ret < 0)
		return ret;
	ret = reg_get(addr, &m);
	if (ret < 0)
		return ret;

	/*
	 * The 8 bytes must lie in the mapping, in the file, and in one page (so that each timed store is
	 * exactly one fault on the one page that was prepared).
	 */
	job.page = page_down(m.addr + (uintptr_t)off);
	if (!in_mapping(&m, off, 8) || !same_file(&m, &fi) || !S_ISREG(fi.mode) ||
	    off > fi.size - 8 || page_down(m.addr + (uintptr_t)off + 7) != job.page) {
		ret = -EINVAL;
		goto out;
	}
	job.p = (volatile int64_t *)(m.addr + (uintptr_t)off);

	/* A full filesystem says so here, as an errno, rather than as SIGBUS at the first store. */
	ret = back_page(fd, (int64_t)(job.page - m.addr));
	if (ret < 0)
		goto out;

	if (method == PAGERACE_FAULT_UFFD_WP) {
		job.uffd = uffd_wp_setup(job.page);
		if (job.uffd < 0) {
			ret = job.uffd;
			goto out;
		}
	}

	ret = run_fault_child(&job);
	if (ret == CHILD_SIGBUS) {
		/* The page could not be faulted in after all (e.g. a copy-on-write filesystem that needs
		 * new blocks at every page_mkwrite): ask the filesystem for the errno it had in mind. */
		ret = back_page(fd, (int64_t)(job.page - m.addr));
		if (ret == 0)
			ret = fault_errno(&m, off);
	} else if (ret == CHILD_SIGSEGV) {
		ret = -EFAULT;
	} else if (ret == 0) {
		ret = job.total;
	}
out:
	if (job.uffd >= 0)
		uffd_wp_teardown(job.uffd, job.page);
	reg_put();
	return ret;
}

/* ---------------------------------------------------------------------------------------------- */
/* Threads and time                                                                               */
/* ---------------------------------------------------------------------------------------------- */

EXPORT int pagerace_pin_cpu(int cpu)
{
	cpu_set_t set;

	if (cpu < 0 || cpu >= CPU_SETSIZE)
		return -EINVAL;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sys_sched_setaffinity(0, sizeof(set), &set);	/* tid 0: the calling thread */
}

EXPORT int64_t pagerace_now_ns(void) { return now_ns(); }
