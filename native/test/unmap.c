/*
 * Description: after pagerace_unmap, every call naming that address returns -EINVAL (store64, load64,
 * msync, madvise_dontneed, page_state, map_length, fault_loop, unmap again); a second mapping of the
 * same file is unaffected.
 */
#include "helpers.h"

int main(void)
{
	const int ps = page_size();
	int64_t a, b, v;
	int fd;

	no_signals();
	fd = tmp_file(2 * (int64_t)ps);
	a = OK(pagerace_map(fd, 2 * (int64_t)ps));
	b = OK(pagerace_map(fd, 2 * (int64_t)ps));
	CHECK(a != b);
	EXPECT(pagerace_store64(a, 8, 5), 0);

	EXPECT(pagerace_unmap(a), 0);
	EXPECT(pagerace_store64(a, 8, 6), -EINVAL);
	EXPECT(pagerace_load64(a, 8, &v), -EINVAL);
	EXPECT(pagerace_msync(a, 0, ps, PAGERACE_MS_SYNC), -EINVAL);
	EXPECT(pagerace_madvise_dontneed(a, 0, ps), -EINVAL);
	EXPECT(pagerace_page_state(fd, a, 0), -EINVAL);
	EXPECT(pagerace_map_length(a), -EINVAL);
	EXPECT(pagerace_fault_loop(fd, a, 8, 1, PAGERACE_FAULT_DONTNEED), -EINVAL);
	EXPECT(pagerace_unmap(a), -EINVAL);

	/* The other mapping of the same file still works and sees the data. */
	EXPECT(pagerace_load64(b, 8, &v), 0);
	CHECK(v == 5);
	EXPECT(pagerace_store64(b, ps, 7), 0);
	EXPECT(pagerace_unmap(b), 0);
	EXPECT(pagerace_store64(b, ps, 7), -EINVAL);

	/* The fd outlives its mappings. */
	EXPECT(pagerace_pread(fd, &v, 8, ps), 8);
	CHECK(v == 7);
	EXPECT(pagerace_close(fd), 0);
	return T_EXIT_PASS;
}
