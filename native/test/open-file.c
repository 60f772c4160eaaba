/*
 * Description: pagerace_open creates a named file with mode 0600 and close-on-exec, truncates it to
 * size when size >= 0 and leaves the size alone when size < 0. pagerace_create_tmp gives an unnamed
 * close-on-exec file of the given size, and leaves no entry in the directory.
 */
#include "helpers.h"
#include <dirent.h>
#include <fcntl.h>

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	CHECK(d != NULL);
	while ((e = readdir(d)))
		n++;
	closedir(d);
	return n;
}

int main(void)
{
	const char *dir = test_dir();
	char path[4096];
	struct stat st;
	int fd, fd2, before;

	no_signals();
	umask(022);
	snprintf(path, sizeof path, "%s/pagerace-open-test.%d", dir, (int)getpid());
	unlink(path);

	fd = (int)OK(pagerace_open(path, 12345));
	CHECK(fstat(fd, &st) == 0);
	CHECK((st.st_mode & 07777) == 0600);
	CHECK(S_ISREG(st.st_mode));
	CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
	EXPECT(pagerace_file_size(fd), 12345);

	fd2 = (int)OK(pagerace_open(path, -1));		/* existing file, size kept */
	EXPECT(pagerace_file_size(fd2), 12345);
	EXPECT(pagerace_close(fd2), 0);
	fd2 = (int)OK(pagerace_open(path, 100));
	EXPECT(pagerace_file_size(fd), 100);
	EXPECT(pagerace_close(fd2), 0);
	EXPECT(pagerace_close(fd), 0);
	CHECK(unlink(path) == 0);

	/* A failed open: a directory cannot be opened read-write. */
	EXPECT(pagerace_open(dir, -1), -EISDIR);

	before = count_entries(dir);
	for (int i = 0; i < 10; i++) {
		fd = (int)OK(pagerace_create_tmp(dir, 3 * (int64_t)page_size() + 5));
		CHECK(fstat(fd, &st) == 0);
		CHECK(S_ISREG(st.st_mode));
		CHECK(st.st_nlink == 0);
		CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC);
		EXPECT(pagerace_file_size(fd), 3 * (int64_t)page_size() + 5);
		EXPECT(pagerace_close(fd), 0);
	}
	/* Other processes may use the directory too: allow for their churn, but not for ten of ours. */
	if (count_entries(dir) >= before + 10)
		FAIL("create_tmp left entries in %s", dir);
	return T_EXIT_PASS;
}
