/*
 * Description: create_tmp + map + store64/load64 are coherent with the file: pread sees what store64
 * wrote, load64 sees what pwrite wrote, and a direct read of the mapping agrees. Also checks
 * abi_version, page_size, map_length and file_size.
 */
#include "helpers.h"

int main(void)
{
	const int ps = page_size();
	const int64_t len = 4 * (int64_t)ps;
	const int64_t offs[] = { 0, ps + 8, 2 * (int64_t)ps + 1 /* unaligned */, len - 8 };
	int64_t v, addr;
	int fd;

	no_signals();
	EXPECT(pagerace_abi_version(), PAGERACE_ABI_VERSION);
	EXPECT(pagerace_page_size(), sysconf(_SC_PAGESIZE));

	fd = tmp_file(len);
	EXPECT(pagerace_file_size(fd), len);
	addr = OK(pagerace_map(fd, len));
	CHECK(addr > 0);
	EXPECT(pagerace_map_length(addr), len);

	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		const int64_t val = (int64_t)0x0123456789abcdefLL ^ (int64_t)i;
		int64_t back = 0, direct;

		EXPECT(pagerace_store64(addr, offs[i], val), 0);
		EXPECT(pagerace_load64(addr, offs[i], &back), 0);
		CHECK(back == val);
		memcpy(&direct, (char *)(uintptr_t)addr + offs[i], 8);
		CHECK(direct == val);
		/* The page cache is the mapping: pread sees the store without msync. */
		EXPECT(pagerace_pread(fd, &back, 8, offs[i]), 8);
		CHECK(back == val);
	}

	/* And the other way round: a pwrite shows through the mapping. */
	v = 0x1122334455667788LL;
	EXPECT(pagerace_pwrite(fd, &v, 8, 3 * (int64_t)ps + 16), 8);
	v = 0;
	EXPECT(pagerace_load64(addr, 3 * (int64_t)ps + 16, &v), 0);
	CHECK(v == 0x1122334455667788LL);

	/* Short read at EOF. */
	{
		char buf[16];

		EXPECT(pagerace_pread(fd, buf, 16, len - 8), 8);
		EXPECT(pagerace_pread(fd, buf, 16, len), 0);
	}

	/* A mapping longer than the file is allowed, and remembered with its own length. */
	{
		int64_t a2 = OK(pagerace_map(fd, len + 100));

		CHECK(a2 != addr);
		EXPECT(pagerace_map_length(a2), len + 100);
		EXPECT(pagerace_load64(a2, ps + 8, &v), 0);
		CHECK(v == ((int64_t)0x0123456789abcdefLL ^ 1));
		EXPECT(pagerace_unmap(a2), 0);
	}

	EXPECT(pagerace_unmap(addr), 0);
	EXPECT(pagerace_close(fd), 0);
	return T_EXIT_PASS;
}
