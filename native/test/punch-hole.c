/*
 * Description: punch_hole (PUNCH_HOLE|KEEP_SIZE) of page 1 under a mapping zeroes that page, leaves its
 * neighbours and the file size alone, and the page can be written again afterwards. Skips (77) where
 * the filesystem has no hole punching (EOPNOTSUPP).
 */
#include "helpers.h"

int main(void)
{
	const int ps = page_size();
	const int64_t len = 4 * (int64_t)ps;
	int64_t addr, v;
	int fd, r;

	no_signals();
	fd = tmp_file(len);
	addr = OK(pagerace_map(fd, len));
	for (int p = 0; p < 4; p++) {
		EXPECT(pagerace_store64(addr, p * (int64_t)ps, 100 + p), 0);
		EXPECT(pagerace_store64(addr, p * (int64_t)ps + ps - 8, 200 + p), 0);
	}

	r = pagerace_punch_hole(fd, ps, ps);
	if (r == -EOPNOTSUPP)
		SKIP("%s: no hole punching", test_dir());
	EXPECT(r, 0);

	EXPECT(pagerace_file_size(fd), len);
	for (int p = 0; p < 4; p++) {
		int64_t want = (p == 1) ? 0 : 100 + p;

		EXPECT(pagerace_load64(addr, p * (int64_t)ps, &v), 0);
		if (v != want)
			FAIL("page %d: load64 %" PRId64 ", want %" PRId64, p, v, want);
		EXPECT(pagerace_pread(fd, &v, 8, p * (int64_t)ps + ps - 8), 8);
		want = (p == 1) ? 0 : 200 + p;
		if (v != want)
			FAIL("page %d: pread %" PRId64 ", want %" PRId64, p, v, want);
	}

	/* The punched page takes a store again (a fresh fault allocates it). */
	EXPECT(pagerace_store64(addr, ps + 16, 77), 0);
	EXPECT(pagerace_pread(fd, &v, 8, ps + 16), 8);
	CHECK(v == 77);

	/* Punching a range that is not page aligned zeroes just those bytes. */
	EXPECT(pagerace_punch_hole(fd, 2 * (int64_t)ps, 8), 0);
	EXPECT(pagerace_load64(addr, 2 * (int64_t)ps, &v), 0);
	CHECK(v == 0);
	EXPECT(pagerace_load64(addr, 2 * (int64_t)ps + ps - 8, &v), 0);
	CHECK(v == 202);

	EXPECT(pagerace_unmap(addr), 0);
	EXPECT(pagerace_close(fd), 0);
	return T_EXIT_PASS;
}
