/*
 * pagerace-racer: the real-kernel races of `pagerace truth`, the one implementation of the measurement, run by
 * the Java truth suite on the host and by scripts/truth inside QEMU guests (linked -static, so that it runs in a
 * busybox initramfs).
 *
 *   pagerace-racer [--iterations N] [--race ID,...] [--seed N] [--barrier-spins N] DIR...
 *   pagerace-racer --list
 *
 * For every DIR and race it writes ONE JSON line to stdout (fields in results/README.md, "racer lines"): the
 * outcome counts, the same split by phase, timing anomalies, iterations, elapsed time, the calibrated delay bound.
 * A race whose real operation fails (EOPNOTSUPP from a filesystem without hole punching, ENOSPC, ...) gives a
 * line with "error" and "errno" instead of outcomes: an environment error, never an outcome.
 *
 * One iteration: a store thread pinned to CPU0 makes ONE safe store (process_vm_writev to our own pid: the real
 * GUP write fault and page_mkwrite, EFAULT where a plain store gets SIGBUS) of 8 bytes into page 1 of a
 * 4-page MAP_SHARED file; a partner thread pinned to CPU1 runs the race's real operations. They meet at a spin
 * barrier, each then spins a random delay in [0, J] (J = twice the partner's median duration, measured first on
 * the same file), so that the store falls before, inside and after the operations. The store thread then reads
 * the value back with pread (after writing back and dropping the page for the races that check storage),
 * classifies the sample, and resets the file: two truncates and a read fault leave page 1 a clean hole, cached
 * and mapped read-only.
 *
 * Exit status: 0 every (DIR, race) ran; 1 some could not (their lines say why); 2 usage error (one line on stderr).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096L
#define PAGES 4
#define SIZE (PAGES * PAGE)
#define PAGE_OFFSET PAGE
#define PARTIAL_GAP_NS 20000L
#define CALIBRATION_RUNS 64
#define ANOMALY_EXAMPLES 5
#define VALUE_TAG 0x5452555400000000ULL

/* ---- outcomes and phases: the names and meanings of truth/RealOutcome.java and truth/Phase.java ---- */

enum outcome { PERSISTED, LOST, EFAULT_OUTCOME, TAIL_KEPT, TAIL_ZEROED, UNEXPECTED_DATA, N_OUTCOMES };
static const char *const outcome_names[N_OUTCOMES] = {
	"PERSISTED", "LOST", "EFAULT", "TAIL_KEPT", "TAIL_ZEROED", "UNEXPECTED_DATA",
};

enum phase { BEFORE, OVERLAP, GAP, AFTER, N_PHASES };
static const char *const phase_names[N_PHASES] = { "before", "overlap", "gap", "after" };

enum race_id { TRUNCATE_DOWN, TRUNCATE_DOWN_UP, PUNCH_HOLE, PARTIAL_PAGE, MSYNC_RACE, INVALIDATE, N_RACES };
static const char *const race_names[N_RACES] = {
	"truncate-down", "truncate-down-up", "punch-hole", "partial-page", "msync", "invalidate",
};

/* The stamps the partner takes around its operations (CLOCK_MONOTONIC ns); one op: first_done = second_start = end. */
struct op_times {
	int64_t start, first_done, second_start, end;
	bool two_ops;
};

/* An operation that failed: what, and errno. */
struct failure {
	const char *op;
	int err;
	char detail[160];	/* a harness fault (not errno) when non-empty */
};

struct barrier {
	atomic_int arrived;
	atomic_int generation;
	atomic_int sleepers;
	atomic_bool aborted;
};

struct run {
	enum race_id race;
	int fd;
	char *map;
	long iterations;
	uint64_t store_rng, partner_rng;
	struct barrier barrier;
	struct op_times op;
	int64_t delay_ns, op_median_ns;
	bool pinned_store, pinned_partner;
	struct failure fail;
	atomic_bool failed;
	long outcomes[N_OUTCOMES];
	long by_phase[N_PHASES][N_OUTCOMES];
	long anomalies, read_from_storage, dropped_by_partner;
	char examples[ANOMALY_EXAMPLES][160];
	int n_examples;
	double seconds;
};

static pid_t self_pid;
/* Spins in the barrier before it sleeps (--barrier-spins). */
static long spins_before_sleep = 1 << 14;

#if defined(__x86_64__) || defined(__i386__)
#define cpu_relax() __builtin_ia32_pause()
#else
#define cpu_relax() atomic_signal_fence(memory_order_seq_cst)
#endif

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void spin_ns(int64_t ns)
{
	int64_t until = now_ns() + ns;

	while (now_ns() < until)
		cpu_relax();
}

/* splitmix64: a seeded stream per thread. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int64_t random_below(uint64_t *state, int64_t bound)
{
	return bound <= 0 ? 0 : (int64_t)(next_random(state) % (uint64_t)bound);
}

/*
 * ---- the barrier: both leave within a few hundred ns; abort makes every wait fail ----
 *
 * It spins, so that the random delays that follow decide the interleaving and not a wake-up latency; after
 * spins_before_sleep spins it sleeps on a futex instead. That matters in a QEMU guest whose vCPUs share the
 * host's cores with other work: a spinning vCPU keeps its host thread busy while the other side's vCPU waits
 * for a core, and a sleeping one (the guest halts it) gives the core back.
 */

static void futex_wait(atomic_int *addr, int val)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 10000000 };	/* 10 ms: abort is polled, never missed */

	syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, &ts, NULL, 0);
}

static bool barrier_await(struct barrier *b)
{
	int gen = atomic_load(&b->generation);
	long spins = 0;

	if (atomic_fetch_add(&b->arrived, 1) + 1 == 2) {
		atomic_store(&b->arrived, 0);
		atomic_store(&b->generation, gen + 1);
		if (atomic_load(&b->sleepers))
			syscall(SYS_futex, &b->generation, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
		return true;
	}
	while (atomic_load(&b->generation) == gen) {
		if (atomic_load(&b->aborted))
			return false;
		if (++spins < spins_before_sleep) {
			cpu_relax();
			continue;
		}
		atomic_fetch_add(&b->sleepers, 1);
		futex_wait(&b->generation, gen);
		atomic_fetch_sub(&b->sleepers, 1);
	}
	return true;
}

/* Records the first failure and aborts the barrier; returns false for `return fail(...)` chains. */
static bool fail_errno(struct run *r, const char *op, int err)
{
	bool expected = false;

	if (atomic_compare_exchange_strong(&r->failed, &expected, true)) {
		r->fail.op = op;
		r->fail.err = err;
	}
	atomic_store(&r->barrier.aborted, true);
	return false;
}

static bool fail_harness(struct run *r, const char *fmt, ...)
{
	bool expected = false;
	va_list ap;

	if (atomic_compare_exchange_strong(&r->failed, &expected, true)) {
		r->fail.op = "reset";
		r->fail.err = 0;
		va_start(ap, fmt);
		vsnprintf(r->fail.detail, sizeof(r->fail.detail), fmt, ap);
		va_end(ap);
	}
	atomic_store(&r->barrier.aborted, true);
	return false;
}

/* ---- the real operations ---- */

static bool op_truncate(struct run *r, off_t size)
{
	return ftruncate(r->fd, size) == 0 || fail_errno(r, "ftruncate", errno);
}

static bool op_punch(struct run *r, off_t off, off_t len)
{
	return fallocate(r->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len) == 0 ||
	       fail_errno(r, "fallocate(PUNCH_HOLE)", errno);
}

static bool op_msync(struct run *r, off_t off, size_t len)
{
	return msync(r->map + off, len, MS_SYNC) == 0 || fail_errno(r, "msync", errno);
}

static bool op_zap(struct run *r, off_t off, size_t len)
{
	return madvise(r->map + off, len, MADV_DONTNEED) == 0 || fail_errno(r, "madvise(DONTNEED)", errno);
}

static bool op_drop(struct run *r, off_t off, off_t len)
{
	int e = posix_fadvise(r->fd, off, len, POSIX_FADV_DONTNEED);	/* returns the error, no errno */

	return e == 0 || fail_errno(r, "fadvise(DONTNEED)", e);
}

/* Whether the page at off is in the page cache (mincore on a file mapping), or -1 on error. */
static int page_cached(struct run *r, off_t off)
{
	unsigned char vec = 0;

	if (mincore(r->map + off, PAGE, &vec) != 0) {
		fail_errno(r, "mincore", errno);
		return -1;
	}
	return vec & 1;
}

/* The safe store: 0 stored, 1 EFAULT (a plain store would get SIGBUS), -1 another error (recorded). */
static int safe_store(struct run *r, off_t off, uint64_t value)
{
	struct iovec local = { .iov_base = &value, .iov_len = 8 };
	struct iovec remote = { .iov_base = r->map + off, .iov_len = 8 };
	ssize_t n = process_vm_writev(self_pid, &local, 1, &remote, 1, 0);

	if (n == 8)
		return 0;
	if (n >= 0 || errno == EFAULT)
		return 1;
	fail_errno(r, "process_vm_writev", errno);
	return -1;
}

/* The safe load (a read fault through GUP): 0 loaded into *out, 1 EFAULT, -1 another error (recorded). */
static int safe_load(struct run *r, off_t off, uint64_t *out)
{
	struct iovec local = { .iov_base = out, .iov_len = 8 };
	struct iovec remote = { .iov_base = r->map + off, .iov_len = 8 };
	ssize_t n = process_vm_readv(self_pid, &local, 1, &remote, 1, 0);

	if (n == 8)
		return 0;
	if (n >= 0 || errno == EFAULT)
		return 1;
	fail_errno(r, "process_vm_readv", errno);
	return -1;
}

static off_t store_offset(enum race_id race)
{
	return race == PARTIAL_PAGE ? PAGE_OFFSET + 2048 : PAGE_OFFSET;
}

static bool checks_storage(enum race_id race)
{
	return race == MSYNC_RACE || race == INVALIDATE;
}

/* The partner's operations, stamped into t (the summaries are in truth/TruthRace.java). */
static bool operate(struct run *r, struct op_times *t)
{
	t->start = now_ns();
	t->two_ops = false;
	switch (r->race) {
	case TRUNCATE_DOWN:
		if (!op_truncate(r, PAGE_OFFSET))
			return false;
		break;
	case TRUNCATE_DOWN_UP:
	case PARTIAL_PAGE:
		if (!op_truncate(r, r->race == PARTIAL_PAGE ? PAGE_OFFSET + 100 : 0))
			return false;
		t->first_done = now_ns();
		if (r->race == PARTIAL_PAGE)
			spin_ns(PARTIAL_GAP_NS);
		t->second_start = now_ns();
		if (!op_truncate(r, SIZE))
			return false;
		t->end = now_ns();
		t->two_ops = true;
		return true;
	case PUNCH_HOLE:
		if (!op_punch(r, PAGE_OFFSET, PAGE))
			return false;
		break;
	case MSYNC_RACE:
		if (!op_msync(r, PAGE_OFFSET, PAGE))
			return false;
		break;
	case INVALIDATE:
		if (!op_msync(r, PAGE_OFFSET, PAGE) || !op_zap(r, PAGE_OFFSET, PAGE) || !op_drop(r, PAGE_OFFSET, PAGE))
			return false;
		break;
	default:
		return false;
	}
	t->end = now_ns();
	t->first_done = t->end;
	t->second_start = t->end;
	return true;
}

/* Page 1 becomes a hole again, cached and mapped read-only by a read fault; i_size is SIZE. */
static bool reset(struct run *r)
{
	off_t off = store_offset(r->race);
	uint64_t v = 1;
	int ret;

	if (!op_truncate(r, PAGE_OFFSET) || !op_truncate(r, SIZE))
		return false;
	ret = safe_load(r, off, &v);
	if (ret < 0)
		return false;
	if (ret > 0 || v != 0)
		return fail_harness(r, "offset %lld reads %s after truncate to 4096 and 16K", (long long)off,
				    ret > 0 ? "EFAULT" : "non-zero data");
	return true;
}

static enum phase phase_of(int64_t s0, int64_t s1, const struct op_times *t)
{
	if (s1 <= t->start)
		return BEFORE;
	if (s0 >= t->end)
		return AFTER;
	if (t->two_ops && s0 >= t->first_done && s1 <= t->second_start)
		return GAP;
	return OVERLAP;
}

static enum outcome classify(enum race_id race, enum phase p, bool stored, uint64_t read_back, uint64_t value)
{
	bool in_tail = race == PARTIAL_PAGE && p == GAP;

	if (!stored)
		return EFAULT_OUTCOME;
	if (read_back == value)
		return in_tail ? TAIL_KEPT : PERSISTED;
	if (read_back == 0)
		return in_tail ? TAIL_ZEROED : LOST;
	return UNEXPECTED_DATA;
}

/* The outcomes the order of events allows in phase p (truth/TruthRace.java#plausible). */
static bool plausible(enum race_id race, enum phase p, enum outcome o)
{
	switch (race) {
	case TRUNCATE_DOWN:
		return p == BEFORE ? o == LOST : p == AFTER ? o == EFAULT_OUTCOME : (o == LOST || o == EFAULT_OUTCOME);
	case TRUNCATE_DOWN_UP:
		switch (p) {
		case BEFORE: return o == LOST;
		case GAP: return o == EFAULT_OUTCOME;
		case AFTER: return o == PERSISTED;
		default: return o == LOST || o == EFAULT_OUTCOME || o == PERSISTED;
		}
	case PUNCH_HOLE:
		return p == BEFORE ? o == LOST : p == AFTER ? o == PERSISTED : (o == LOST || o == PERSISTED);
	case PARTIAL_PAGE:
		switch (p) {
		case BEFORE: return o == LOST;
		case GAP: return o == TAIL_KEPT || o == TAIL_ZEROED;
		case AFTER: return o == PERSISTED;
		default: return o == LOST || o == PERSISTED;
		}
	default:
		return o == PERSISTED;
	}
}

static uint64_t value_for(long i)
{
	return VALUE_TAG | (((uint64_t)i + 1) & 0xFFFFFFFFULL);
}

static bool pin(int cpu)
{
	cpu_set_t set;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return false;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) == 0;
}

static int compare_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Measures the partner's operations after a store (so msync has a dirty page to write); sets J. */
static bool calibrate(struct run *r)
{
	int64_t d[CALIBRATION_RUNS];
	struct op_times t;

	for (int i = -CALIBRATION_RUNS; i < CALIBRATION_RUNS; i++) {
		if (!reset(r) || safe_store(r, store_offset(r->race), value_for(i)) < 0 || !operate(r, &t))
			return false;
		if (i >= 0)
			d[i] = t.end - t.start;
	}
	qsort(d, CALIBRATION_RUNS, sizeof(d[0]), compare_i64);
	r->op_median_ns = d[CALIBRATION_RUNS / 2];
	r->delay_ns = 2 * r->op_median_ns;
	return true;
}

static void *partner_loop(void *arg)
{
	struct run *r = arg;
	off_t off = store_offset(r->race);

	r->pinned_partner = pin(1);
	if (!calibrate(r) || !reset(r) || !barrier_await(&r->barrier))
		return NULL;
	for (long i = 0; i < r->iterations; i++) {
		if (!barrier_await(&r->barrier))
			return NULL;
		spin_ns(random_below(&r->partner_rng, r->delay_ns + 1));
		if (!operate(r, &r->op))
			return NULL;
		if (r->race == INVALIDATE) {
			int c = page_cached(r, off);

			if (c < 0)
				return NULL;
			if (c == 0)
				r->dropped_by_partner++;
		}
		if (!barrier_await(&r->barrier))
			return NULL;
	}
	return NULL;
}

/* The 8 bytes at off; for the races that check storage written back and dropped first. 0 ok, -1 failed. */
static int read_back(struct run *r, off_t off, uint64_t *out)
{
	if (checks_storage(r->race)) {
		int c;

		if (!op_msync(r, 0, SIZE) || !op_zap(r, 0, SIZE) || !op_drop(r, 0, SIZE))
			return -1;
		c = page_cached(r, off);
		if (c < 0)
			return -1;
		if (c == 0)
			r->read_from_storage++;
	}
	/* Beyond EOF (truncate-down) pread reads nothing: the file holds no value there, i.e. zeros. */
	*out = 0;
	if (pread(r->fd, out, 8, off) < 0) {
		fail_errno(r, "pread", errno);
		return -1;
	}
	return 0;
}

static void store_loop(struct run *r)
{
	off_t off = store_offset(r->race);
	int64_t t0;

	r->pinned_store = pin(0);
	if (!barrier_await(&r->barrier))
		return;
	t0 = now_ns();
	for (long i = 0; i < r->iterations; i++) {
		uint64_t value = value_for(i), back = 0;
		int64_t a0, a1;
		enum phase p;
		enum outcome o;
		int stored;

		if (!barrier_await(&r->barrier))
			return;
		spin_ns(random_below(&r->store_rng, r->delay_ns + 1));
		a0 = now_ns();
		stored = safe_store(r, off, value);
		a1 = now_ns();
		if (stored < 0 || !barrier_await(&r->barrier))
			return;
		p = phase_of(a0, a1, &r->op);
		if (read_back(r, off, &back) < 0)
			return;
		o = classify(r->race, p, stored == 0, back, value);
		r->outcomes[o]++;
		r->by_phase[p][o]++;
		if (!plausible(r->race, p, o)) {
			r->anomalies++;
			if (r->n_examples < ANOMALY_EXAMPLES)
				snprintf(r->examples[r->n_examples++], sizeof(r->examples[0]),
					 "iteration %ld: %s in phase %s (store %+" PRId64 "..%+" PRId64
					 " ns, partner 0..%" PRId64 " ns)", i, outcome_names[o], phase_names[p],
					 a0 - r->op.start, a1 - r->op.start, r->op.end - r->op.start);
		}
		if (!reset(r))
			return;
	}
	r->seconds = (double)(now_ns() - t0) / 1e9;
}

/* ---- where: the mount holding a directory, from /proc/self/mounts ---- */

struct mount_info {
	char type[64];
	char desc[2100];	/* "device options" */
};

static void unescape_mount_path(char *s)
{
	char *w = s;

	for (char *p = s; *p; p++) {
		if (p[0] == '\\' && p[1] >= '0' && p[1] <= '7' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' &&
		    p[3] <= '7') {
			*w++ = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
			p += 3;
		} else {
			*w++ = *p;
		}
	}
	*w = 0;
}

static bool path_under(const char *path, const char *mnt)
{
	size_t n = strlen(mnt);

	if (strcmp(mnt, "/") == 0)
		return true;
	return strncmp(path, mnt, n) == 0 && (path[n] == 0 || path[n] == '/');
}

static void find_mount(const char *realdir, struct mount_info *mi)
{
	FILE *f = fopen("/proc/self/mounts", "re");
	char line[4096];
	size_t best = 0;
	bool found = false;

	snprintf(mi->type, sizeof(mi->type), "unknown");
	snprintf(mi->desc, sizeof(mi->desc), "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char dev[1024], mnt[1024], type[64], opts[1024];

		if (sscanf(line, "%1023s %1023s %63s %1023s", dev, mnt, type, opts) != 4)
			continue;
		unescape_mount_path(mnt);
		/* The longest mount point holding the dir; the last one mounted wins a tie (it is on top). */
		if (path_under(realdir, mnt) && (!found || strlen(mnt) >= best)) {
			best = strlen(mnt);
			found = true;
			snprintf(mi->type, sizeof(mi->type), "%s", type);
			snprintf(mi->desc, sizeof(mi->desc), "%s %s", dev, opts);
		}
	}
	fclose(f);
}

/* ---- JSON out ---- */

static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_key(FILE *out, const char *key, bool first)
{
	if (!first)
		fputc(',', out);
	json_string(out, key);
	fputc(':', out);
}

static void json_counts(FILE *out, const long *counts)
{
	bool first = true;

	fputc('{', out);
	for (int o = 0; o < N_OUTCOMES; o++) {
		if (!counts[o])
			continue;
		json_key(out, outcome_names[o], first);
		fprintf(out, "%ld", counts[o]);
		first = false;
	}
	fputc('}', out);
}

static const char *errno_name(int e)
{
	switch (e) {
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ENOSPC: return "ENOSPC";
	case EDQUOT: return "EDQUOT";
	case EIO: return "EIO";
	case EROFS: return "EROFS";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case EINVAL: return "EINVAL";
	case ENOMEM: return "ENOMEM";
	case EFBIG: return "EFBIG";
	case ENOSYS: return "ENOSYS";
	case ENOENT: return "ENOENT";
	case ENOTDIR: return "ENOTDIR";
	case EFAULT: return "EFAULT";
	default: return NULL;
	}
}

static void line_head(FILE *out, const char *kernel, const char *dir, const struct mount_info *mi, enum race_id race)
{
	struct statvfs sv;

	fputc('{', out);
	json_key(out, "kernel", true);
	json_string(out, kernel);
	json_key(out, "fs_type", false);
	json_string(out, mi->type);
	json_key(out, "fs_dir", false);
	json_string(out, dir);
	json_key(out, "fs_mount", false);
	json_string(out, mi->desc);
	json_key(out, "block_size", false);
	fprintf(out, "%lu", statvfs(dir, &sv) == 0 ? (unsigned long)sv.f_bsize : 0UL);
	json_key(out, "race", false);
	json_string(out, race_names[race]);
}

static void print_error(FILE *out, const struct failure *f)
{
	char msg[256];
	const char *name = errno_name(f->err);

	if (f->detail[0])
		snprintf(msg, sizeof(msg), "%s: %s", f->op, f->detail);
	else
		snprintf(msg, sizeof(msg), "%s: %s", f->op, strerror(f->err));
	json_key(out, "error", false);
	json_string(out, msg);
	json_key(out, "errno", false);
	if (f->detail[0]) {
		fputs("null", out);
	} else if (name) {
		json_string(out, name);
	} else {
		char num[32];

		snprintf(num, sizeof(num), "%d", f->err);
		json_string(out, num);
	}
	json_key(out, "harness_fault", false);
	fputs(f->detail[0] ? "true" : "false", out);
}

static void print_result(FILE *out, const struct run *r, long iterations)
{
	bool first = true;

	json_key(out, "iterations", false);
	fprintf(out, "%ld", iterations);
	json_key(out, "outcomes", false);
	json_counts(out, r->outcomes);
	json_key(out, "seconds", false);
	fprintf(out, "%.3f", r->seconds);
	json_key(out, "iterations_per_second", false);
	fprintf(out, "%.0f", r->seconds > 0 ? (double)iterations / r->seconds : 0.0);
	json_key(out, "delay_ns", false);
	fprintf(out, "%" PRId64, r->delay_ns);
	json_key(out, "partner_op_median_ns", false);
	fprintf(out, "%" PRId64, r->op_median_ns);
	json_key(out, "pinned", false);
	fputs(r->pinned_store && r->pinned_partner ? "true" : "false", out);
	json_key(out, "outcomes_by_phase", false);
	fputc('{', out);
	for (int p = 0; p < N_PHASES; p++) {
		long n = 0;

		for (int o = 0; o < N_OUTCOMES; o++)
			n += r->by_phase[p][o];
		if (!n)
			continue;
		json_key(out, phase_names[p], first);
		json_counts(out, r->by_phase[p]);
		first = false;
	}
	fputc('}', out);
	json_key(out, "timing_anomalies", false);
	fprintf(out, "%ld", r->anomalies);
	json_key(out, "timing_anomaly_examples", false);
	fputc('[', out);
	for (int i = 0; i < r->n_examples; i++) {
		if (i)
			fputc(',', out);
		json_string(out, r->examples[i]);
	}
	fputc(']', out);
	if (checks_storage(r->race)) {
		json_key(out, "read_from_storage", false);
		fprintf(out, "%ld", r->read_from_storage);
	}
	if (r->race == INVALIDATE) {
		json_key(out, "dropped_by_partner", false);
		fprintf(out, "%ld", r->dropped_by_partner);
	}
}

/* ---- one (dir, race) ---- */

static int open_temp(const char *dir, struct failure *f)
{
	char name[PATH_MAX];
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	/* No O_TMPFILE (EOPNOTSUPP, or EISDIR/EINVAL from old kernels): a named file, unlinked at once. */
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
		if ((size_t)snprintf(name, sizeof(name), "%s/.pagerace-racer-XXXXXX", dir) >= sizeof(name)) {
			f->op = "mkostemp";
			f->err = ENAMETOOLONG;
			return -1;
		}
		fd = mkostemp(name, O_CLOEXEC);
		if (fd >= 0 && unlink(name) != 0) {
			f->op = "unlink";
			f->err = errno;
			close(fd);
			return -1;
		}
		if (fd < 0) {
			f->op = "mkostemp";
			f->err = errno;
		}
		return fd;
	}
	if (fd < 0) {
		f->op = "open(O_TMPFILE)";
		f->err = errno;
	}
	return fd;
}

/* Runs one race on a fresh file in dir and writes its line; returns whether it ran. */
static bool run_one(FILE *out, const char *kernel, const char *dir, enum race_id race, long iterations, uint64_t seed)
{
	static struct run r;	/* large; one at a time */
	struct mount_info mi;
	char real[PATH_MAX];
	pthread_t partner;
	int e;

	memset(&r, 0, sizeof(r));
	r.race = race;
	r.iterations = iterations;
	r.store_rng = seed * 2 + 1;
	r.partner_rng = seed * 2 + 2;
	r.fd = -1;
	r.map = MAP_FAILED;
	find_mount(realpath(dir, real) ? real : dir, &mi);
	r.fd = open_temp(dir, &r.fail);
	if (r.fd < 0) {
		r.failed = true;
		goto done;
	}
	if (ftruncate(r.fd, SIZE) != 0) {
		fail_errno(&r, "ftruncate", errno);
		goto done;
	}
	r.map = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, r.fd, 0);
	if (r.map == MAP_FAILED) {
		fail_errno(&r, "mmap(MAP_SHARED)", errno);
		goto done;
	}
	e = pthread_create(&partner, NULL, partner_loop, &r);
	if (e) {
		fail_errno(&r, "pthread_create", e);
		goto done;
	}
	store_loop(&r);
	pthread_join(partner, NULL);
done:
	if (r.map != MAP_FAILED)
		munmap(r.map, SIZE);
	if (r.fd >= 0)
		close(r.fd);
	line_head(out, kernel, dir, &mi, race);
	if (r.failed)
		print_error(out, &r.fail);
	else
		print_result(out, &r, iterations);
	fputs("}\n", out);
	fflush(out);
	return !r.failed;
}

/* ---- command line ---- */

static void usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("pagerace-racer: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (usage: pagerace-racer [--iterations N] [--race ID,...] [--seed N] [--barrier-spins N] DIR...)\n", stderr);
	exit(2);
}

static long parse_long(const char *opt, const char *s, long min)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min)
		usage_error("%s: '%s' is not a number >= %ld", opt, s, min);
	return v;
}

static int parse_races(const char *list, bool *chosen)
{
	char buf[256], *save = NULL;
	int n = 0;

	if (snprintf(buf, sizeof(buf), "%s", list) >= (int)sizeof(buf))
		usage_error("--race: list too long");
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int i;

		for (i = 0; i < N_RACES && strcmp(tok, race_names[i]); i++)
			;
		if (i == N_RACES)
			usage_error("--race: unknown race '%s' (valid: truncate-down, truncate-down-up, punch-hole, "
				    "partial-page, msync, invalidate)", tok);
		chosen[i] = true;
		n++;
	}
	return n;
}

int main(int argc, char **argv)
{
	bool chosen[N_RACES] = { false };
	long iterations = 2000;
	uint64_t seed = 1;
	bool any_race = false, all_ran = true;
	struct utsname u;
	int first_dir = argc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--list") == 0) {
			for (int k = 0; k < N_RACES; k++)
				puts(race_names[k]);
			return 0;
		} else if (strcmp(a, "--iterations") == 0 && i + 1 < argc) {
			iterations = parse_long(a, argv[++i], 1);
		} else if (strcmp(a, "--seed") == 0 && i + 1 < argc) {
			seed = (uint64_t)parse_long(a, argv[++i], 0);
		} else if (strcmp(a, "--barrier-spins") == 0 && i + 1 < argc) {
			spins_before_sleep = parse_long(a, argv[++i], 0);
		} else if (strcmp(a, "--race") == 0 && i + 1 < argc) {
			any_race |= parse_races(argv[++i], chosen) > 0;
		} else if (strncmp(a, "--", 2) == 0) {
			usage_error("unknown or incomplete option '%s'", a);
		} else {
			first_dir = i;
			break;
		}
	}
	if (first_dir >= argc)
		usage_error("no directory given");
	for (int i = first_dir; i < argc; i++) {
		char real[PATH_MAX];

		if (!realpath(argv[i], real) || access(real, W_OK) != 0)
			usage_error("%s: not a writable directory (%s)", argv[i], strerror(errno ? errno : EACCES));
	}
	if (sysconf(_SC_PAGESIZE) != PAGE)
		usage_error("the races need 4096-byte pages, this machine has %ld", sysconf(_SC_PAGESIZE));
	if (uname(&u) != 0)
		snprintf(u.release, sizeof(u.release), "unknown");
	self_pid = getpid();
	for (int i = first_dir; i < argc; i++)
		for (int k = 0; k < N_RACES; k++)
			if (!any_race || chosen[k])
				all_ran &= run_one(stdout, u.release, argv[i], (enum race_id)k, iterations, seed);
	return all_ran ? 0 : 1;
}
