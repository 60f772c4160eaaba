/*
 * Description: on a full filesystem (a 64 KiB tmpfs, filled), no entry point raises a signal:
 * pagerace_fault_loop() with each method returns -ENOSPC (it backs the page with pwrite before its
 * first store), the safe store and load into a hole return -ENOSPC rather than -EFAULT (which would read
 * as "beyond EOF"), and beyond EOF they still return -EFAULT. Then a page that loses its backing in the
 * middle of a fault loop (another thread truncates it away) ends the loop with -EFAULT, not SIGBUS.
 * Needs root (mount); skipped otherwise. The filesystem is mounted over /tmp in a mount namespace of
 * the test's own, so it disappears with the process however it ends, and the host never sees it. PAGERACE_TEST_DIR is not used (the test makes its own filesystem).
 */
#include "helpers.h"
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mount.h>
#include <time.h>

static const char mnt[] = "/tmp";	/* in our own mount namespace */

/* Writes pages into a new file in the mount until the filesystem is full; returns that file's fd. */
static int fill(const char *name)
{
	char path[128], page[4096];
	int fd;

	memset(page, 0x11, sizeof(page));
	snprintf(path, sizeof(path), "%s/%s", mnt, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	CHECK(fd >= 0);
	for (off_t off = 0;; off += (off_t)sizeof(page)) {
		ssize_t n = pwrite(fd, page, sizeof(page), off);

		if (n < 0) {
			CHECK(errno == ENOSPC);
			return fd;
		}
		CHECK(n == (ssize_t)sizeof(page));
	}
}

struct unbacker {
	int fd;			/* the loop's file */
};

/* Waits until the loop runs, then truncates its page away: every store after that faults beyond EOF. */
static void *unback(void *arg)
{
	struct unbacker *u = arg;
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	nanosleep(&ts, NULL);
	EXPECT(pagerace_ftruncate(u->fd, 0), 0);
	return NULL;
}

int main(void)
{
	const int ps = page_size();
	int64_t addr, v = 0, r;
	int fd, full;
	char b[64];

	no_signals();
	if (geteuid() != 0)
		SKIP("needs root to mount a tmpfs");
	if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		SKIP("no private mount namespace: %s", strerror(errno));
	if (mount("tmpfs", mnt, "tmpfs", 0, "size=64k") != 0)
		SKIP("mount tmpfs: %s", strerror(errno));

	/* A two-page file, holes only, then no space left for its pages. */
	fd = (int)OK(pagerace_create_tmp(mnt, 2 * (int64_t)ps));
	addr = OK(pagerace_map(fd, 2 * (int64_t)ps));
	full = fill("filler");

	for (int m = PAGERACE_FAULT_MSYNC; m <= PAGERACE_FAULT_UFFD_WP; m++) {
		r = pagerace_fault_loop(fd, addr, 8, 10, m);
		if (r != -ENOSPC)
			FAIL("fault_loop method %d on a full fs = %s, want -ENOSPC", m, rstr(r, b, sizeof b));
	}
	EXPECT(pagerace_store64(addr, 8, 1), -ENOSPC);
	EXPECT(pagerace_load64(addr, 8, &v), -ENOSPC);
	EXPECT(pagerace_ftruncate(fd, ps), 0);
	EXPECT(pagerace_store64(addr, ps + 8, 1), -EFAULT);	/* beyond EOF: still EFAULT */
	EXPECT(pagerace_ftruncate(fd, 2 * (int64_t)ps), 0);

	/*
	 * A page that loses its backing while the loop runs: truncated away by another thread (which the
	 * contract forbids, and which a store cannot undo, unlike a punched hole it would fill again). The
	 * loop's next store faults beyond EOF: SIGBUS in the loop's child, -EFAULT to the caller.
	 */
	close(full);
	CHECK(unlink(strcat(strcpy(b, mnt), "/filler")) == 0);
	EXPECT(pagerace_store64(addr, 8, 42), 0);
	{
		struct unbacker u = { .fd = fd };
		pthread_t t;

		CHECK(pthread_create(&t, NULL, unback, &u) == 0);
		r = pagerace_fault_loop(fd, addr, 8, 100 * 1000 * 1000, PAGERACE_FAULT_DONTNEED);
		CHECK(pthread_join(t, NULL) == 0);
		if (r != -EFAULT)
			FAIL("fault_loop whose page was truncated away = %s, want -EFAULT", rstr(r, b, sizeof b));
	}

	EXPECT(pagerace_unmap(addr), 0);
	EXPECT(pagerace_close(fd), 0);
	return T_EXIT_PASS;
}
