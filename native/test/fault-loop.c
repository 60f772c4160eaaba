/*
 * Description: pagerace_fault_loop with each method (MSYNC, DONTNEED, UFFD_WP) returns a positive
 * number of nanoseconds (UFFD_WP may instead return -EOPNOTSUPP), leaves the stored value as it was,
 * and each timed store really faulted (rusage minflt grows by at least n; not for MSYNC on tmpfs, where
 * msync does nothing and the store does not fault). On a disk filesystem the faults went through
 * page_mkwrite, seen as mtime moving after it was set to 0. Running UFFD_WP twice in a row works
 * (the uffd was unregistered), and the mapping is normal afterwards.
 */
#include "helpers.h"
#include <fcntl.h>
#include <sys/stat.h>

#define N 200

static const char *const names[] = { "", "MSYNC", "DONTNEED", "UFFD_WP" };

static void run(int method, int tmpfs)
{
	const int ps = page_size();
	const int64_t off = ps + 64, val = 0x5a5a5a5a12345678LL;
	struct timespec zero[2] = { { 0, 0 }, { 0, 0 } };
	struct stat st;
	int64_t addr, r, v = 0;
	long f0, faults;
	int fd;

	fd = tmp_file(4 * (int64_t)ps);
	addr = OK(pagerace_map(fd, 4 * (int64_t)ps));
	EXPECT(pagerace_store64(addr, off, val), 0);
	CHECK(futimens(fd, zero) == 0);

	for (int round = 0; round < 2; round++) {
		f0 = minflt();
		r = pagerace_fault_loop(fd, addr, off, N, method);
		faults = minflt() - f0;
		if (r == -EOPNOTSUPP && method == PAGERACE_FAULT_UFFD_WP) {
			NOTE("%s %s: -EOPNOTSUPP (no userfaultfd WP_ASYNC here)", test_dir(), names[method]);
			goto out;
		}
		if (r <= 0) {
			char b[64];

			FAIL("%s %s: fault_loop = %s", test_dir(), names[method], rstr(r, b, sizeof b));
		}
		NOTE("%s %-8s round %d: %7.0f ns/store (mean of %d), %ld faults", test_dir(), names[method],
		     round, (double)r / N, N, faults);
		if (!(method == PAGERACE_FAULT_MSYNC && tmpfs) && faults < N)
			FAIL("%s: only %ld faults for %d timed stores", names[method], faults, N);
	}

	EXPECT(pagerace_load64(addr, off, &v), 0);
	CHECK(v == val);
	CHECK(fstat(fd, &st) == 0);
	if (!tmpfs && st.st_mtime == 0)
		FAIL("%s: mtime not updated: the stores did not go through page_mkwrite", names[method]);

	/* The mapping is an ordinary one again. */
	EXPECT(pagerace_store64(addr, off, val + 1), 0);
	CHECK(pagerace_fault_loop(fd, addr, off, 10, PAGERACE_FAULT_DONTNEED) > 0);
	EXPECT(pagerace_load64(addr, off, &v), 0);
	CHECK(v == val + 1);
out:
	EXPECT(pagerace_unmap(addr), 0);
	EXPECT(pagerace_close(fd), 0);
}

int main(void)
{
	int tmpfs = is_tmpfs(test_dir());

	no_signals();
	for (int m = PAGERACE_FAULT_MSYNC; m <= PAGERACE_FAULT_UFFD_WP; m++)
		run(m, tmpfs);
	return T_EXIT_PASS;
}
