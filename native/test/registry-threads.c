/*
 * Description: the mapping registry is thread safe. Two threads each map, store, load, check and unmap
 * their own mappings in a loop, while a third keeps loading from (and asking the length of) addresses
 * that the other two have mapped, possibly unmapped since: every answer must be a success or -EINVAL,
 * never a crash or another error. Run under ASan too (make asan-test).
 */
#include "helpers.h"
#include <pthread.h>
#include <stdatomic.h>

#define ITERS 3000
#define SLOTS 64

static _Atomic int64_t seen[SLOTS];	/* recently mapped addresses, for the reader */
static atomic_int done;
static int ps;

static void *worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	int fd = tmp_file(4 * (int64_t)ps);

	for (int i = 0; i < ITERS; i++) {
		int64_t len = (1 + i % 4) * (int64_t)ps, v = -1;
		int64_t a = OK(pagerace_map(fd, len));
		int64_t off = (i % 4) * (int64_t)ps + 8 * id;
		int64_t val = ((int64_t)id << 32) | i;

		atomic_store(&seen[(i * 2 + id) % SLOTS], a);
		EXPECT(pagerace_map_length(a), len);
		EXPECT(pagerace_store64(a, off, val), 0);
		EXPECT(pagerace_load64(a, off, &v), 0);
		if (v != val)
			FAIL("thread %d: read %" PRIx64 " want %" PRIx64, id, v, val);
		EXPECT(pagerace_store64(a, len, val), -EINVAL);
		if (i % 16 == 0)
			EXPECT(pagerace_msync(a, 0, len, PAGERACE_MS_ASYNC), 0);
		EXPECT(pagerace_unmap(a), 0);
	}
	EXPECT(pagerace_close(fd), 0);
	atomic_fetch_add(&done, 1);
	return NULL;
}

static void *reader(void *arg)
{
	long ok = 0, inval = 0;

	(void)arg;
	while (atomic_load(&done) < 2) {
		for (int s = 0; s < SLOTS; s++) {
			int64_t a = atomic_load(&seen[s]), v, r;

			if (!a)
				continue;
			r = pagerace_load64(a, 0, &v);
			if (r == 0)
				ok++;
			else if (r == -EINVAL)
				inval++;
			else
				FAIL("load64 of a stale address: %" PRId64, r);
			r = pagerace_map_length(a);
			if (r != -EINVAL && (r <= 0 || r > 4 * ps))
				FAIL("map_length of a stale address: %" PRId64, r);
		}
	}
	NOTE("reader: %ld loads hit a live mapping, %ld got -EINVAL", ok, inval);
	return NULL;
}

int main(void)
{
	pthread_t t[3];

	no_signals();
	ps = page_size();
	CHECK(pthread_create(&t[0], NULL, worker, (void *)0) == 0);
	CHECK(pthread_create(&t[1], NULL, worker, (void *)1) == 0);
	CHECK(pthread_create(&t[2], NULL, reader, NULL) == 0);
	for (int i = 0; i < 3; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	return T_EXIT_PASS;
}
