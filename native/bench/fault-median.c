/*
 * fault-median DIR [ITERS] - per-fault cost of pagerace_fault_loop() in DIR, for comparison with
 * REALKERNEL.md section 4. For each method it calls fault_loop(n=1) ITERS times (default 2000) on a
 * fresh 4-page file, and prints the median, 10th and 90th percentile and minimum of the one timed store
 * per call, plus the mean of one fault_loop(n=ITERS). Times include one clock_gettime (vDSO, ~20-30 ns).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pagerace.h"

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "", "MSYNC", "DONTNEED", "UFFD_WP" };
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	int64_t iters = argc > 2 ? strtoll(argv[2], NULL, 10) : 2000;
	int64_t ps = pagerace_page_size(), *t;

	if (iters <= 0 || !(t = calloc((size_t)iters, sizeof(*t))))
		return 1;
	pagerace_pin_cpu(sched_getcpu());
	printf("%-9s %-9s %8s %8s %8s %8s %10s   (ns per timed store, %" PRId64 " faults)\n", "dir", "method",
	       "median", "p10", "p90", "min", "mean(n=N)", iters);
	for (int m = PAGERACE_FAULT_MSYNC; m <= PAGERACE_FAULT_UFFD_WP; m++) {
		int fd = pagerace_create_tmp(dir, 4 * ps);
		int64_t addr, total;

		if (fd < 0) {
			fprintf(stderr, "%s: create_tmp: %s\n", dir, strerror((int)-fd));
			return 1;
		}
		addr = pagerace_map(fd, 4 * ps);
		if (addr < 0 || pagerace_store64(addr, ps + 64, 1) < 0)
			return 1;
		for (int64_t i = 0; i < iters; i++) {
			t[i] = pagerace_fault_loop(fd, addr, ps + 64, 1, m);
			if (t[i] < 0)
				break;
		}
		if (t[0] < 0) {
			printf("%-9s %-9s %s\n", dir, names[m], strerrorname_np((int)-t[0]));
		} else {
			total = pagerace_fault_loop(fd, addr, ps + 64, iters, m);
			qsort(t, (size_t)iters, sizeof(*t), cmp64);
			printf("%-9s %-9s %8" PRId64 " %8" PRId64 " %8" PRId64 " %8" PRId64 " %10.0f\n", dir, names[m],
			       t[iters / 2], t[iters / 10], t[iters * 9 / 10], t[0], (double)total / (double)iters);
		}
		pagerace_unmap(addr);
		pagerace_close(fd);
	}
	free(t);
	return 0;
}
