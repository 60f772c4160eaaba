/*
 * helpers.h - shared by the tests in native/test. Each test is one program (liburing style): exit 0
 * pass, 1 fail, 77 skip. The directory to work in comes from PAGERACE_TEST_DIR (default /tmp).
 */
#ifndef PAGERACE_TEST_HELPERS_H
#define PAGERACE_TEST_HELPERS_H

#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <linux/magic.h>

#include "pagerace.h"

#define T_EXIT_PASS 0
#define T_EXIT_FAIL 1
#define T_EXIT_SKIP 77

static inline const char *test_dir(void)
{
	const char *d = getenv("PAGERACE_TEST_DIR");

	return (d && *d) ? d : "/tmp";
}

static inline int is_tmpfs(const char *dir)
{
	struct statfs sf;

	return statfs(dir, &sf) == 0 && (unsigned long)sf.f_type == (unsigned long)TMPFS_MAGIC;
}

/* "-22 (EINVAL)" style rendering of a pagerace return value. */
static inline const char *rstr(int64_t r, char *buf, size_t len)
{
	if (r < 0 && r > -4096)
		snprintf(buf, len, "%" PRId64 " (%s)", r, strerrorname_np((int)-r) ?: "?");
	else
		snprintf(buf, len, "%" PRId64, r);
	return buf;
}

#define FAIL(...)                                                                 \
	do {                                                                      \
		fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);              \
		fprintf(stderr, __VA_ARGS__);                                     \
		fputc('\n', stderr);                                              \
		exit(T_EXIT_FAIL);                                                \
	} while (0)

#define SKIP(...)                                                                 \
	do {                                                                      \
		fprintf(stderr, "SKIP: ");                                        \
		fprintf(stderr, __VA_ARGS__);                                     \
		fputc('\n', stderr);                                              \
		exit(T_EXIT_SKIP);                                                \
	} while (0)

#define NOTE(...)                                                                 \
	do {                                                                      \
		fprintf(stderr, "note: ");                                        \
		fprintf(stderr, __VA_ARGS__);                                     \
		fputc('\n', stderr);                                              \
	} while (0)

#define CHECK(cond)                                                               \
	do {                                                                      \
		if (!(cond))                                                      \
			FAIL("%s", #cond);                                        \
	} while (0)

/* Checks that a pagerace call returned exactly want; prints both, with errno names. */
#define EXPECT(call, want)                                                        \
	do {                                                                      \
		int64_t got_ = (int64_t)(call), want_ = (int64_t)(want);          \
		char g_[64], w_[64];                                              \
		if (got_ != want_)                                                \
			FAIL("%s = %s, want %s", #call, rstr(got_, g_, sizeof g_),  \
			     rstr(want_, w_, sizeof w_));                         \
	} while (0)

/* Checks that a pagerace call succeeded (>= 0) and yields its value. */
#define OK(call)                                                                  \
	({                                                                        \
		int64_t r_ = (int64_t)(call);                                     \
		char b_[64];                                                      \
		if (r_ < 0)                                                       \
			FAIL("%s = %s", #call, rstr(r_, b_, sizeof b_));          \
		r_;                                                               \
	})

/* Any signal that pagerace must never raise is a test failure, reported as such rather than a crash. */
static inline void fatal_signal(int sig)
{
	char msg[64];
	int n = snprintf(msg, sizeof msg, "FAIL: got signal %d (%s)\n", sig, sigabbrev_np(sig));

	if (write(2, msg, (size_t)n) < 0)
		_exit(T_EXIT_FAIL);
	_exit(T_EXIT_FAIL);
}

static inline void no_signals(void)
{
	struct sigaction sa = { .sa_handler = fatal_signal };

	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
}

static inline int page_size(void) { return pagerace_page_size(); }

/* A fresh unnamed file of size bytes in the test directory. */
static inline int tmp_file(int64_t size)
{
	return (int)OK(pagerace_create_tmp(test_dir(), size));
}

/*
 * Page faults taken by this thread and by the children it has waited for: pagerace_fault_loop() makes
 * its stores in a child task, which is reaped before the call returns.
 */
static inline long minflt(void)
{
	struct rusage ru, ch;

	getrusage(RUSAGE_THREAD, &ru);
	getrusage(RUSAGE_CHILDREN, &ch);
	return ru.ru_minflt + ru.ru_majflt + ch.ru_minflt + ch.ru_majflt;
}

#endif
