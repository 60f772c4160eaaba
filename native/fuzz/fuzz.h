/*
 * fuzz.h - the world every fuzz target of the shim runs in, and the interpreter of its inputs.
 *
 * Each input is a program: a sequence of operations, each one byte choosing the entry point (from the
 * target's family) followed by its arguments. An argument is one byte choosing a value from a pool of
 * interesting ones (real fds and mappings this input made, closed fds, addresses inside, beyond and
 * outside them, page-size boundaries, INT64_MIN/MAX), or, for the byte 0xff, 8 raw bytes.
 *
 * Every input starts from a fresh world (two unnamed files in a private directory, two mappings of
 * them, one reaching a page beyond EOF) and ends by closing and unmapping everything it made; then the
 * process must hold exactly the fds and the mappings it held before the input, else the harness aborts
 * (a leak in the shim is a finding too). No entry point may raise a signal: ASan reports SIGSEGV and
 * SIGBUS as crashes, and so does the replay main.
 *
 * Lengths of caller buffers are not fuzzed past their arrays: in C the caller owns that contract, and
 * the Java binding (LibPagerace) checks it before the call; the fuzzer passes NULL or a buffer of at
 * least the length.
 */
#ifndef PAGERACE_FUZZ_H
#define PAGERACE_FUZZ_H

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pagerace.h"

/* The operations, grouped into families: one fuzz target per family. */
enum op {
	/* files */
	OP_OPEN, OP_CREATE_TMP, OP_CLOSE, OP_FTRUNCATE, OP_PUNCH, OP_FADVISE, OP_FILE_SIZE, OP_PIN_CPU, OP_MISC,
	/* map */
	OP_MAP, OP_UNMAP, OP_MAP_LENGTH,
	/* access */
	OP_STORE64, OP_LOAD64,
	/* io */
	OP_PREAD, OP_PWRITE,
	/* range */
	OP_MSYNC, OP_MADVISE, OP_PAGE_STATE,
	/* fault loop */
	OP_FAULT_LOOP,
	OP_COUNT
};

#define MAX_FDS  16
#define MAX_MAPS 16
#define BUF_LEN  (64 * 1024)

struct input {
	const uint8_t *d;
	size_t n;
};

static uint8_t take_u8(struct input *in)
{
	uint8_t b = 0;

	if (in->n) {
		b = *in->d++;
		in->n--;
	}
	return b;
}

static int64_t take_raw64(struct input *in)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = (v << 8) | take_u8(in);
	return (int64_t)v;
}

static struct {
	char dir[64];		/* private directory, made once per process */
	char longpath[PATH_MAX + 64];
	long ps;
	/* this input's world */
	int fds[MAX_FDS];	/* every fd number this input made */
	int open[MAX_FDS];	/* ... and whether this input still owns it */
	int nfds;
	int64_t maps[MAX_MAPS];	/* every address a map returned */
	int nmaps;
	int closed_fd;		/* an fd number nobody owns */
	int64_t unmapped;	/* an address that was a mapping of ours */
	uint8_t buf[BUF_LEN];
	int64_t local;		/* a stack-like address that is not a mapping */
} w;

/* Open fds of files in the private directory (named or unnamed): 0 between inputs, or the shim leaks. */
static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	char link[300], target[PATH_MAX];
	int n = 0;

	if (!d)
		abort();
	while ((e = readdir(d))) {
		ssize_t len;

		if (e->d_name[0] == '.')
			continue;
		snprintf(link, sizeof(link), "/proc/self/fd/%s", e->d_name);
		len = readlink(link, target, sizeof(target) - 1);
		if (len > 0) {
			target[len] = 0;
			n += strncmp(target, w.dir, strlen(w.dir)) == 0;
		}
	}
	closedir(d);
	return n;
}

static void remove_dir(void)
{
	rmdir(w.dir);	/* empty: world_end() unlinks the named files, the others are unnamed */
}

static void fuzz_init(void)
{
	const char *base = getenv("PAGERACE_FUZZ_DIR");

	if (w.ps)
		return;
	w.ps = pagerace_page_size();
	snprintf(w.dir, sizeof(w.dir), "%s/pagerace-fuzz-XXXXXX", base && *base ? base : "/dev/shm");
	if (!mkdtemp(w.dir)) {
		snprintf(w.dir, sizeof(w.dir), "/tmp/pagerace-fuzz-XXXXXX");
		if (!mkdtemp(w.dir))
			abort();
	}
	atexit(remove_dir);
	memset(w.longpath, 'a', sizeof(w.longpath) - 1);
	w.longpath[0] = '/';
	/* A number far above what the inputs open (at most MAX_FDS + MAX_MAPS fds each), and closed. */
	w.closed_fd = 900;
	if (fcntl(w.closed_fd, F_GETFD) != -1)
		abort();
}

static void note_fd(int fd)
{
	if (fd < 0)
		return;
	if (w.nfds == MAX_FDS) {
		close(fd);		/* no room to track it: do not leak it */
		return;
	}
	w.open[w.nfds] = 1;
	w.fds[w.nfds++] = fd;
}

/*
 * Closes an fd this input owns. Only those: a number it closed before may now be the shim's own dup
 * of a mapped file (pagerace_map keeps one), and closing that is the caller's bug, not the shim's.
 */
static void close_owned(uint8_t b)
{
	int i;

	if (!w.nfds)
		return;
	i = b % w.nfds;
	if (w.open[i] && pagerace_close(w.fds[i]) == 0)
		w.open[i] = 0;
}

static void note_map(int64_t a)
{
	if (a < 0)
		return;
	if (w.nmaps == MAX_MAPS)
		pagerace_unmap(a);	/* no room to track it: do not leak it */
	else
		w.maps[w.nmaps++] = a;
}

/* An fd: mostly ours (open or closed), sometimes invalid. Never 0-2 or the fuzzer's own. */
static int pick_fd(struct input *in)
{
	uint8_t b = take_u8(in);

	switch (b % 8) {
	case 0: return -1;
	case 1: return INT_MAX;
	case 2: return w.closed_fd;
	case 3: return INT_MIN;
	default: return w.nfds ? w.fds[b / 8 % w.nfds] : -1;
	}
}

/* An int64: an offset, length, size or count, from the interesting values, or raw. */
static int64_t pick_num(struct input *in)
{
	const int64_t ps = w.ps;
	const int64_t v[] = {
		0, 1, 7, 8, 9, ps - 8, ps - 7, ps - 1, ps, ps + 8, 2 * ps - 8, 2 * ps, 3 * ps - 8, 3 * ps,
		4 * ps, -1, -8, -ps, INT64_MAX, INT64_MIN, INT64_MAX - 7, (int64_t)1 << 32, (int64_t)1 << 40,
		(int64_t)1 << 62, 64, 100,
	};
	uint8_t b = take_u8(in);

	if (b == 0xff)
		return take_raw64(in);
	return v[b % (sizeof(v) / sizeof(v[0]))];
}

/* An address: a mapping of ours, inside or around one, a former one, or none at all. */
static int64_t pick_addr(struct input *in)
{
	uint8_t b = take_u8(in);
	int64_t m = w.nmaps ? w.maps[b / 8 % w.nmaps] : 0;

	switch (b % 8) {
	case 0: return 0;
	case 1: return -1;
	case 2: return m + w.ps;		/* inside a mapping */
	case 3: return m - w.ps;
	case 4: return w.unmapped;
	case 5: return (int64_t)(uintptr_t)&w.local;
	case 6: return b == 0xfe ? take_raw64(in) : INT64_MIN;
	default: return m;
	}
}

/* A path: in the private directory, missing, too long, empty, or NULL. */
static const char *pick_path(struct input *in, char *tmp, size_t len, int want_dir)
{
	uint8_t b = take_u8(in);

	switch (b % 6) {
	case 0: return NULL;
	case 1: return "";
	case 2: return w.longpath;
	case 3: return "/nonexistent-pagerace-fuzz/x";
	case 4: return want_dir ? "/proc/self" : "/proc/self/status";
	default:
		if (want_dir)
			return w.dir;
		snprintf(tmp, len, "%s/f%d", w.dir, b / 6 % 4);
		return tmp;
	}
}

static void world_begin(void)
{
	int a, b;

	fuzz_init();
	w.nfds = w.nmaps = 0;
	a = pagerace_create_tmp(w.dir, 2 * w.ps);
	b = pagerace_create_tmp(w.dir, 3 * w.ps);
	if (a < 0 || b < 0)
		abort();
	note_fd(a);
	note_fd(b);
	note_map(pagerace_map(a, 3 * w.ps));	/* one page beyond EOF */
	note_map(pagerace_map(b, 3 * w.ps));
	if (w.nmaps != 2)
		abort();
	w.unmapped = pagerace_map(b, w.ps);
	pagerace_unmap(w.unmapped);
}

static void world_end(void)
{
	char name[96];

	for (int i = 0; i < w.nmaps; i++)
		pagerace_unmap(w.maps[i]);
	for (int i = 0; i < w.nfds; i++)
		if (w.open[i])
			close(w.fds[i]);
	for (int i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "%s/f%d", w.dir, i);
		unlink(name);
	}
	if (count_fds() != 0) {
		fprintf(stderr, "fuzz: %d fds of the input's files open after it: the shim leaks fds\n", count_fds());
		abort();
	}
}

/* Runs one operation of the family [first, last]. */
static void run_op(struct input *in, int first, int last)
{
	char path[96];
	int op = first + take_u8(in) % (last - first + 1);
	int fd;
	int64_t a, off, len, out = 0;

	switch (op) {
	case OP_OPEN:
		fd = pagerace_open(pick_path(in, path, sizeof(path), 0), pick_num(in));
		note_fd(fd);
		break;
	case OP_CREATE_TMP:
		fd = pagerace_create_tmp(pick_path(in, path, sizeof(path), 1), pick_num(in));
		note_fd(fd);
		break;
	case OP_CLOSE:
		if (take_u8(in) & 1)
			close_owned(take_u8(in));
		else
			pagerace_close(take_u8(in) & 1 ? w.closed_fd : -1 - take_u8(in));
		break;
	case OP_FTRUNCATE:
		fd = pick_fd(in);
		pagerace_ftruncate(fd, pick_num(in));
		break;
	case OP_PUNCH:
		fd = pick_fd(in);
		off = pick_num(in);
		pagerace_punch_hole(fd, off, pick_num(in));
		break;
	case OP_FADVISE:
		fd = pick_fd(in);
		off = pick_num(in);
		pagerace_fadvise_dontneed(fd, off, pick_num(in));
		break;
	case OP_FILE_SIZE:
		pagerace_file_size(pick_fd(in));
		break;
	case OP_PIN_CPU:
		pagerace_pin_cpu((int)pick_num(in));
		break;
	case OP_MISC:
		if (pagerace_abi_version() != PAGERACE_ABI_VERSION || pagerace_page_size() != w.ps ||
		    pagerace_now_ns() <= 0)
			abort();
		break;
	case OP_MAP:
		fd = pick_fd(in);
		len = pick_num(in);
		if (len > ((int64_t)1 << 40))
			len = (int64_t)1 << 40;	/* address space, not memory: keep ASan's shadow happy */
		note_map(pagerace_map(fd, len));
		break;
	case OP_UNMAP:
		a = pick_addr(in);
		if (pagerace_unmap(a) == 0)
			w.unmapped = a;
		break;
	case OP_MAP_LENGTH:
		pagerace_map_length(pick_addr(in));
		break;
	case OP_STORE64:
		a = pick_addr(in);
		off = pick_num(in);
		pagerace_store64(a, off, pick_num(in));
		break;
	case OP_LOAD64:
		a = pick_addr(in);
		off = pick_num(in);
		pagerace_load64(a, off, take_u8(in) == 0 ? NULL : &out);
		break;
	case OP_PREAD:
	case OP_PWRITE:
		fd = pick_fd(in);
		len = pick_num(in);
		off = pick_num(in);
		if (len > BUF_LEN && take_u8(in) & 1)
			len %= BUF_LEN;
		/* The caller's contract: the buffer holds len bytes; else pass NULL (the shim says EINVAL). */
		if (op == OP_PREAD)
			pagerace_pread(fd, len >= 0 && len <= BUF_LEN ? w.buf : NULL, len, off);
		else
			pagerace_pwrite(fd, len >= 0 && len <= BUF_LEN ? w.buf : NULL, len, off);
		break;
	case OP_MSYNC:
		a = pick_addr(in);
		off = pick_num(in);
		len = pick_num(in);
		pagerace_msync(a, off, len, (int)(take_u8(in) % 9) - 1);
		break;
	case OP_MADVISE:
		a = pick_addr(in);
		off = pick_num(in);
		pagerace_madvise_dontneed(a, off, pick_num(in));
		break;
	case OP_PAGE_STATE:
		fd = pick_fd(in);
		a = pick_addr(in);
		pagerace_page_state(fd, a, pick_num(in));
		break;
	case OP_FAULT_LOOP: {
		int method;

		fd = pick_fd(in);
		a = pick_addr(in);
		off = pick_num(in);
		len = pick_num(in);		/* n: at most 8 real faults, so an input stays fast */
		if (len > 8)
			len = len % 9;
		method = (int)(take_u8(in) % 6) - 1;
		pagerace_fault_loop(fd, a, off, len, method);
		break;
	}
	default:
		abort();
	}
}

/* One input: a fresh world, the operations of the family [first, last] the input spells, the clean-up. */
static int fuzz_one(const uint8_t *data, size_t size, int first, int last)
{
	struct input in = { data, size };

	world_begin();
	for (int steps = 0; in.n && steps < 64; steps++) {
		/* Between operations of any family, sometimes change the file under the mappings. */
		if (first != OP_OPEN && in.n && in.d[0] == 0xfd) {
			take_u8(&in);
			pagerace_ftruncate(w.fds[take_u8(&in) & 1], pick_num(&in));
			continue;
		}
		run_op(&in, first, last);
	}
	world_end();
	return 0;
}

#define FUZZ_TARGET(first, last)                                                        \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);                 \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                  \
	{                                                                             \
		return fuzz_one(data, size, first, last);                             \
	}

#endif
