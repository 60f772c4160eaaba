/*
 * Description: every entry point validates its arguments before touching anything: a bad fd (-1, or
 * a closed one) gives -EBADF; a NULL pointer, a negative offset/length/count, an offset or length
 * outside the mapping (including int64 overflow), an address that is not one pagerace_map() returned
 * (unknown, inside a mapping, negative), an fd that is not the mapped file, a bad msync flag or fault
 * method gives -EINVAL. No call raises a signal, and the valid mapping still works afterwards.
 */
#include "helpers.h"
#include <limits.h>
#include <sched.h>

int main(void)
{
	const int ps = page_size();
	const int64_t flen = 2 * (int64_t)ps;		/* file */
	const int64_t mlen = 3 * (int64_t)ps;		/* mapping: one page beyond EOF */
	const int64_t BIG = INT64_MAX;
	int64_t addr, v = 0, local = 0;
	int64_t bogus[] = { 0, -1, -4096, INT64_MIN, 4096, 0 /* &local */, 0 /* addr + ps */ };
	int fd, other, closed;
	char buf[16] = { 0 };

	no_signals();
	fd = tmp_file(flen);
	other = tmp_file(flen);
	addr = OK(pagerace_map(fd, mlen));
	closed = tmp_file(0);		/* after the map, whose own dup of fd would take this number */
	EXPECT(pagerace_close(closed), 0);
	bogus[5] = (int64_t)(uintptr_t)&local;
	bogus[6] = addr + ps;

	/* ---- files ---- */
	EXPECT(pagerace_open(NULL, 0), -EINVAL);
	EXPECT(pagerace_open(NULL, -1), -EINVAL);
	EXPECT(pagerace_create_tmp(NULL, 0), -EINVAL);
	EXPECT(pagerace_create_tmp(test_dir(), -1), -EINVAL);
	EXPECT(pagerace_create_tmp("/nonexistent-pagerace-dir", 0), -ENOENT);

	const int badfds[] = { -1, closed, INT_MAX };
	for (size_t i = 0; i < sizeof(badfds) / sizeof(badfds[0]); i++) {
		int b = badfds[i];

		EXPECT(pagerace_close(b), -EBADF);
		EXPECT(pagerace_map(b, ps), -EBADF);
		EXPECT(pagerace_ftruncate(b, 0), -EBADF);
		EXPECT(pagerace_punch_hole(b, 0, ps), -EBADF);
		EXPECT(pagerace_fadvise_dontneed(b, 0, 0), -EBADF);
		EXPECT(pagerace_file_size(b), -EBADF);
		EXPECT(pagerace_pread(b, buf, 8, 0), -EBADF);
		EXPECT(pagerace_pwrite(b, buf, 8, 0), -EBADF);
		EXPECT(pagerace_page_state(b, addr, 0), -EBADF);
		EXPECT(pagerace_fault_loop(b, addr, 0, 1, PAGERACE_FAULT_MSYNC), -EBADF);
	}

	EXPECT(pagerace_map(fd, 0), -EINVAL);
	EXPECT(pagerace_map(fd, -1), -EINVAL);
	EXPECT(pagerace_map(fd, INT64_MIN), -EINVAL);
	EXPECT(pagerace_ftruncate(fd, -1), -EINVAL);
	EXPECT(pagerace_punch_hole(fd, -1, ps), -EINVAL);
	EXPECT(pagerace_punch_hole(fd, 0, -1), -EINVAL);
	EXPECT(pagerace_punch_hole(fd, 0, 0), -EINVAL);
	EXPECT(pagerace_fadvise_dontneed(fd, -1, 0), -EINVAL);
	EXPECT(pagerace_fadvise_dontneed(fd, 0, -1), -EINVAL);
	EXPECT(pagerace_pread(fd, NULL, 8, 0), -EINVAL);
	EXPECT(pagerace_pread(fd, buf, -1, 0), -EINVAL);
	EXPECT(pagerace_pread(fd, buf, 8, -1), -EINVAL);
	EXPECT(pagerace_pwrite(fd, NULL, 8, 0), -EINVAL);
	EXPECT(pagerace_pwrite(fd, buf, -1, 0), -EINVAL);
	EXPECT(pagerace_pwrite(fd, buf, 8, -1), -EINVAL);

	/* ---- addresses that are not mappings of ours ---- */
	for (size_t i = 0; i < sizeof(bogus) / sizeof(bogus[0]); i++) {
		int64_t a = bogus[i];

		EXPECT(pagerace_unmap(a), -EINVAL);
		EXPECT(pagerace_map_length(a), -EINVAL);
		EXPECT(pagerace_msync(a, 0, 8, PAGERACE_MS_SYNC), -EINVAL);
		EXPECT(pagerace_madvise_dontneed(a, 0, 8), -EINVAL);
		EXPECT(pagerace_store64(a, 0, 1), -EINVAL);
		EXPECT(pagerace_load64(a, 0, &v), -EINVAL);
		EXPECT(pagerace_page_state(fd, a, 0), -EINVAL);
		EXPECT(pagerace_fault_loop(fd, a, 0, 1, PAGERACE_FAULT_MSYNC), -EINVAL);
	}

	/* ---- offsets and lengths against the mapping (mlen bytes) ---- */
	const int64_t badrange[][2] = {
		{ -1, 8 }, { 0, -1 }, { mlen, 1 }, { mlen - 4, 8 }, { 0, mlen + 1 }, { mlen + 1, 0 },
		{ BIG, 8 }, { 8, BIG }, { BIG, BIG }, { INT64_MIN, 8 }, { 8, INT64_MIN },
	};
	for (size_t i = 0; i < sizeof(badrange) / sizeof(badrange[0]); i++) {
		int64_t o = badrange[i][0], l = badrange[i][1];

		EXPECT(pagerace_msync(addr, o, l, PAGERACE_MS_SYNC), -EINVAL);
		EXPECT(pagerace_madvise_dontneed(addr, o, l), -EINVAL);
	}
	const int64_t badoff[] = { -1, -8, mlen, mlen - 7, mlen - 1, BIG, BIG - 7, INT64_MIN };
	for (size_t i = 0; i < sizeof(badoff) / sizeof(badoff[0]); i++) {
		int64_t o = badoff[i];

		EXPECT(pagerace_store64(addr, o, 1), -EINVAL);
		EXPECT(pagerace_load64(addr, o, &v), -EINVAL);
		EXPECT(pagerace_fault_loop(fd, addr, o, 1, PAGERACE_FAULT_MSYNC), -EINVAL);
		if (o < 0 || o >= mlen)
			EXPECT(pagerace_page_state(fd, addr, o), -EINVAL);
	}
	/* The edges themselves are fine. */
	EXPECT(pagerace_msync(addr, 0, mlen, PAGERACE_MS_SYNC), 0);
	EXPECT(pagerace_msync(addr, mlen, 0, PAGERACE_MS_SYNC), 0);
	EXPECT(pagerace_madvise_dontneed(addr, mlen - 1, 1), 0);
	EXPECT(pagerace_store64(addr, flen - 8, 1), 0);
	EXPECT(pagerace_store64(addr, mlen - 8, 1), -EFAULT);	/* in the mapping, beyond EOF */
	CHECK(pagerace_page_state(fd, addr, mlen - 1) >= 0);

	/* ---- other arguments ---- */
	EXPECT(pagerace_load64(addr, 0, NULL), -EINVAL);
	const int badflags[] = { 0, -1, 8, 16, PAGERACE_MS_ASYNC | PAGERACE_MS_SYNC,
				 PAGERACE_MS_ASYNC | PAGERACE_MS_SYNC | PAGERACE_MS_INVALIDATE };
	for (size_t i = 0; i < sizeof(badflags) / sizeof(badflags[0]); i++)
		EXPECT(pagerace_msync(addr, 0, ps, badflags[i]), -EINVAL);
	EXPECT(pagerace_msync(addr, 0, ps, PAGERACE_MS_ASYNC), 0);
	EXPECT(pagerace_msync(addr, 0, ps, PAGERACE_MS_INVALIDATE), 0);
	EXPECT(pagerace_msync(addr, 0, ps, PAGERACE_MS_ASYNC | PAGERACE_MS_INVALIDATE), 0);
	EXPECT(pagerace_msync(addr, 0, ps, PAGERACE_MS_SYNC | PAGERACE_MS_INVALIDATE), 0);

	/* page_state and fault_loop want the fd of the mapped file. */
	EXPECT(pagerace_page_state(other, addr, 0), -EINVAL);
	EXPECT(pagerace_fault_loop(other, addr, 0, 1, PAGERACE_FAULT_MSYNC), -EINVAL);

	/* fault_loop: count, method, the 8 bytes inside the file and inside one page. */
	EXPECT(pagerace_fault_loop(fd, addr, 0, 0, PAGERACE_FAULT_MSYNC), -EINVAL);
	EXPECT(pagerace_fault_loop(fd, addr, 0, -1, PAGERACE_FAULT_MSYNC), -EINVAL);
	EXPECT(pagerace_fault_loop(fd, addr, 0, INT64_MIN, PAGERACE_FAULT_MSYNC), -EINVAL);
	EXPECT(pagerace_fault_loop(fd, addr, 0, 1, 0), -EINVAL);
	EXPECT(pagerace_fault_loop(fd, addr, 0, 1, 4), -EINVAL);
	EXPECT(pagerace_fault_loop(fd, addr, 0, 1, -1), -EINVAL);
	EXPECT(pagerace_fault_loop(fd, addr, flen, 1, PAGERACE_FAULT_MSYNC), -EINVAL);	/* beyond EOF */
	EXPECT(pagerace_fault_loop(fd, addr, flen - 4, 1, PAGERACE_FAULT_MSYNC), -EINVAL); /* straddles EOF */
	EXPECT(pagerace_fault_loop(fd, addr, ps - 4, 1, PAGERACE_FAULT_MSYNC), -EINVAL);	/* two pages */
	EXPECT(pagerace_ftruncate(fd, ps + 4), 0);
	EXPECT(pagerace_fault_loop(fd, addr, ps, 1, PAGERACE_FAULT_DONTNEED), -EINVAL); /* 8 > 4 left */
	EXPECT(pagerace_ftruncate(fd, flen), 0);
	/* valgrind cannot run the loop's CLONE_VM child (it supports clone only as a thread or a fork). */
	if (getenv("PAGERACE_TEST_UNDER_VALGRIND"))
		NOTE("under valgrind: the valid fault loop call is left to the plain and ASan runs");
	else
		CHECK(pagerace_fault_loop(fd, addr, flen - 8, 1, PAGERACE_FAULT_DONTNEED) > 0);

	/* pin_cpu */
	EXPECT(pagerace_pin_cpu(-1), -EINVAL);
	EXPECT(pagerace_pin_cpu(CPU_SETSIZE), -EINVAL);
	EXPECT(pagerace_pin_cpu(INT_MAX), -EINVAL);
	EXPECT(pagerace_pin_cpu(CPU_SETSIZE - 1), -EINVAL);	/* no such CPU: the kernel's EINVAL */
	EXPECT(pagerace_pin_cpu(sched_getcpu()), 0);

	/* Nothing above disturbed the real mapping. */
	EXPECT(pagerace_map_length(addr), mlen);
	EXPECT(pagerace_store64(addr, 16, 99), 0);
	EXPECT(pagerace_load64(addr, 16, &v), 0);
	CHECK(v == 99);
	EXPECT(pagerace_unmap(addr), 0);
	EXPECT(pagerace_close(fd), 0);
	EXPECT(pagerace_close(other), 0);
	return T_EXIT_PASS;
}
