/*
 * Description: page_state follows a page through its life: fresh (not resident, not cached), after a
 * store (resident, cached, and dirty where the filesystem tracks it: not tmpfs), after msync(MS_SYNC)
 * (clean), after madvise_dontneed of a dirtied page (still cached and dirty: the pte's dirty bit moves
 * to the folio), after msync + fadvise_dontneed of that clean unmapped page (gone; not on tmpfs), and after
 * truncation (gone). Parts the kernel or filesystem cannot show (no cachestat, tmpfs) are skipped with
 * a note; the test as a whole passes.
 */
#include "helpers.h"

static int cs, tmpfs;

/* Checks the bits in `care` of the state of page `page`; CACHED/DIRTY only where cachestat answered. */
static void expect_state(int fd, int64_t addr, int64_t off, int want, int care, const char *what)
{
	int st = (int)OK(pagerace_page_state(fd, addr, off));

	if (cs && !(st & PAGERACE_PS_CACHESTAT))
		FAIL("%s: PAGERACE_PS_CACHESTAT flipped off (state %#x)", what, st);
	if (!cs)
		care &= PAGERACE_PS_RESIDENT;
	if (tmpfs)
		care &= ~PAGERACE_PS_DIRTY;	/* shmem: cachestat never counts dirty pages */
	if ((st & care) != (want & care))
		FAIL("%s: state %#x, want %#x in mask %#x", what, st, want, care);
	NOTE("%-28s state %#x", what, st);
}

int main(void)
{
	const int ps = page_size();
	const int R = PAGERACE_PS_RESIDENT, C = PAGERACE_PS_CACHED, D = PAGERACE_PS_DIRTY;
	const int ALL = R | C | D;
	int64_t addr, off;
	int fd, st;

	no_signals();
	tmpfs = is_tmpfs(test_dir());
	fd = tmp_file(4 * (int64_t)ps);
	addr = OK(pagerace_map(fd, 4 * (int64_t)ps));
	off = ps + 100;		/* any byte of page 1 names page 1 */

	st = (int)OK(pagerace_page_state(fd, addr, off));
	cs = !!(st & PAGERACE_PS_CACHESTAT);
	if (!cs)
		NOTE("no cachestat(2) on this kernel: checking RESIDENT only");
	if (tmpfs)
		NOTE("%s is tmpfs: DIRTY is never reported there, not checked", test_dir());

	expect_state(fd, addr, off, 0, ALL, "fresh");

	EXPECT(pagerace_store64(addr, ps + 8, 1), 0);
	expect_state(fd, addr, off, R | C | D, ALL, "after store");
	/* Not checked: on a disk filesystem the fault's read-around may have brought page 0 in too. */
	NOTE("%-28s state %#x", "neighbour page 0", (int)OK(pagerace_page_state(fd, addr, 0)));

	EXPECT(pagerace_msync(addr, ps, ps, PAGERACE_MS_SYNC), 0);
	expect_state(fd, addr, off, R | C, ALL, "after msync");

	EXPECT(pagerace_store64(addr, ps + 8, 2), 0);
	EXPECT(pagerace_madvise_dontneed(addr, ps, ps), 0);
	expect_state(fd, addr, off, R | C | D, ALL, "after store + DONTNEED");

	EXPECT(pagerace_msync(addr, 0, 4 * (int64_t)ps, PAGERACE_MS_SYNC), 0);
	if (!tmpfs) {
		/* msync(MS_SYNC) wrote the whole file range back (vfs_fsync_range), mapped or not. */
		EXPECT(pagerace_fadvise_dontneed(fd, 0, 0), 0);
		expect_state(fd, addr, off, 0, ALL, "after msync + FADV_DONTNEED");
	} else {
		NOTE("tmpfs: FADV_DONTNEED cannot drop shmem pages, not checked");
	}

	EXPECT(pagerace_store64(addr, ps + 8, 3), 0);
	expect_state(fd, addr, off, R | C, R | C, "re-faulted");
	EXPECT(pagerace_ftruncate(fd, 0), 0);
	expect_state(fd, addr, off, 0, ALL, "after truncate to 0");
	EXPECT(pagerace_ftruncate(fd, 4 * (int64_t)ps), 0);
	expect_state(fd, addr, off, 0, ALL, "after re-extension");

	EXPECT(pagerace_unmap(addr), 0);
	EXPECT(pagerace_close(fd), 0);
	return T_EXIT_PASS;
}
