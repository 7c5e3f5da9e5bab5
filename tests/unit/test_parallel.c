/*
 * The thread pool (parallel.h) and what its threads share: every index of a
 * job is run once, however many threads and however small the job; a
 * helper runs parallel_start's warm-up before its first work; helpers
 * retire after the job parallel_last names and come back for a job after
 * it; and the sampler's draw table, which every thread takes, gives each
 * ranged preset the bits it has when computed alone, whatever runs beside
 * it (other seeds, other counts of samples and of sources).
 *
 * main sets BOE_THREADS=3 first: two helpers, on any machine. make
 * check-threads runs it under ThreadSanitizer too.
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "testutil.h"

#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdatomic.h>
#include <time.h>

#include "boe/parallel.h"
#include "boe/preset.h"
#include "boe/sample.h"

/* The threads of this process now, as /proc lists them. */
static int threads_now(void)
{
	DIR *d = opendir("/proc/self/task");
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* Waits up to 5 s for the process to have want threads; how many it has then. */
static int threads_become(int want)
{
	int n = threads_now();
	for (int i = 0; i < 5000 && n != want; i++) {
		nanosleep(&(struct timespec){0, 1000000}, NULL);
		n = threads_now();
	}
	return n;
}

typedef struct Counts {
	atomic_int *seen;
	atomic_int nested;
	size_t n;
} Counts;

static void count_one(void *ctx, size_t i)
{
	Counts *c = ctx;
	atomic_fetch_add(&c->seen[i], 1);
}

/* each index of a job run once; a job inside a job runs on the thread that asks it */
static void count_with_nested(void *ctx, size_t i)
{
	Counts *c = ctx;
	atomic_fetch_add(&c->seen[i], 1);
	Counts inner = {xcalloc(4, sizeof *inner.seen), 0, 4};
	parallel_for(4, count_one, &inner);
	for (int k = 0; k < 4; k++)
		if (atomic_load(&inner.seen[k]) == 1)
			atomic_fetch_add(&c->nested, 1);
	free(inner.seen);
}

static void assert_each_once(size_t n, void (*fn)(void *, size_t))
{
	Counts c = {xcalloc(n + 1, sizeof *c.seen), 0, n};
	parallel_for(n, fn, &c);
	for (size_t i = 0; i < n; i++)
		if (atomic_load(&c.seen[i]) != 1)
			fail_msg("job of %zu: index %zu ran %d times", n, i, atomic_load(&c.seen[i]));
	if (fn == count_with_nested)
		assert_int_equal(atomic_load(&c.nested), (int)(4 * n));
	free(c.seen);
}

static void test_every_index_once(void **state)
{
	(void)state;
	assert_int_equal(parallel_threads(), 3);
	static const size_t sizes[] = {0, 1, 2, 3, 4, 7, 100, 5000};
	for (int round = 0; round < 20; round++)
		for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++)
			assert_each_once(sizes[k], count_one);
	assert_each_once(64, count_with_nested);
}

static atomic_int warmed;
static pthread_t warmed_on;

static void warm(void)
{
	warmed_on = pthread_self();
	atomic_store(&warmed, 1);
}

static void test_helpers_retire_after_the_last_job(void **state)
{
	(void)state;
	/* the two helpers the test before started wait for work (ThreadSanitizer may have a thread of its own) */
	parallel_start(SIZE_MAX, NULL);
	int with = threads_now(), without = with - 2;
	assert_true(without >= 1);
	parallel_last();
	assert_each_once(1000, count_one);
	assert_int_equal(threads_become(without), without);
	/* a job after the last starts them again, and the warm-up runs on one of them before its work */
	atomic_store(&warmed, 0);
	parallel_start(SIZE_MAX, warm);
	assert_each_once(1000, count_one);
	assert_int_equal(atomic_load(&warmed), 1);
	assert_false(pthread_equal(warmed_on, pthread_self()));
	assert_int_equal(threads_become(with), with);
	/* a last job of one index, which the caller would run alone, still retires them */
	parallel_last();
	assert_each_once(1, count_one);
	assert_int_equal(threads_become(without), without);
	/* and a last job when none wait changes nothing after */
	parallel_last();
	assert_each_once(3, count_one);
	assert_int_equal(threads_become(without), without);
	assert_each_once(500, count_one);
}

/* One sampled compute: the scenario's summaries, P(meets SLA) and P(fits), as bits. */
typedef struct Figures {
	Summary *sum;
	size_t nq;
	double p_sla, p_fits;
} Figures;

static Figures figures_of(Scenario *s)
{
	Figures f = {xcalloc(s->nq + 1, sizeof *f.sum), s->nq, scenario_p_meets_sla(s), scenario_p_fits_budget(s)};
	for (size_t q = 0; q < s->nq; q++)
		if (scenario_range(s, (int)q))
			f.sum[q] = *scenario_range(s, (int)q);
	return f;
}

/* a job: scenario text, samples and seed */
typedef struct Job {
	const char *path;	/* a preset's file, or NULL: yaml */
	const char *yaml;
	size_t n;
	uint64_t seed;
	Figures want, got;
	bool failed;
} Job;

static Figures compute_job(const Job *j, bool *failed)
{
	BoeError err = {0};
	Scenario *s = j->path ? scenario_load_file(j->path, &err)
			      : scenario_load_string(j->yaml, strlen(j->yaml), "t.yaml", &err);
	Figures f = {0};
	*failed = !s;
	if (!s)
		return f;
	scenario_set_sampling(s, j->n, j->seed);
	*failed = !scenario_compute(s, &err);
	if (!*failed)
		f = figures_of(s);
	scenario_free(s);
	return f;
}

static void run_job(void *ctx, size_t i)
{
	Job *j = (Job *)ctx + i;
	j->got = compute_job(j, &j->failed);
}

static void test_draws_shared_by_threads(void **state)
{
	(void)state;
	static const char *const kinds =
		"boe: 1\nname: t\ntitle: t\nset:\n  dau: 5M..50M\n  peak_factor: normal(3, 0.5)\n"
		"  cache_hit_ratio: 70%..99%\n  object_size: uniform(1 KB, 9 KB)\n"
		"  server_rps: triangular(500/s, 1000/s, 2000/s)\n  sla: 99.9%..99.99%\n";
	static const struct { size_t n; uint64_t seed; } runs[] = {
		{10000, SAMPLE_DEFAULT_SEED}, {3001, SAMPLE_DEFAULT_SEED}, {40001, SAMPLE_DEFAULT_SEED}, {10000, 7},
		{257, 7}, {20000, 3},
	};
	size_t np;
	PresetInfo *list = preset_list(&np);
	size_t cap = (np + 1) * (sizeof runs / sizeof *runs), nj = 0;
	Job *jobs = xcalloc(cap, sizeof *jobs);
	/* the ranged presets and five kinds of range, each at several counts and seeds, interleaved */
	for (size_t r = 0; r < sizeof runs / sizeof *runs; r++) {
		for (size_t i = 0; i <= np; i++) {
			Job j = {i < np ? list[i].path : NULL, kinds, runs[(r + i) % 6].n, runs[(r + i) % 6].seed, {0}, {0}, 0};
			if (i < np) {
				BoeError err = {0};
				Scenario *s = scenario_load_file(list[i].path, &err);
				assert_non_null(s);
				assert_true(scenario_compute(s, &err));
				bool ranged = scenario_has_ranges(s);
				scenario_free(s);
				if (!ranged)
					continue;
			}
			jobs[nj++] = j;
		}
	}
	assert_true(nj >= 6 * 6);
	/* alone, one after another, on this thread */
	for (size_t k = 0; k < nj; k++) {
		bool failed;
		jobs[k].want = compute_job(&jobs[k], &failed);
		assert_false(failed);
	}
	/* then all at once, three at a time, six times (each after the first finds the table the one before left) */
	for (int round = 0; round < 6; round++) {
		parallel_for(nj, run_job, jobs);
		for (size_t k = 0; k < nj; k++) {
			Job *j = &jobs[k];
			assert_false(j->failed);
			for (size_t q = 0; q < j->want.nq; q++)
				if (memcmp(&j->want.sum[q], &j->got.sum[q], sizeof j->want.sum[q]) != 0)
					fail_msg("%s at %zu samples, seed %llu: quantity %zu has p50 %a alone, %a beside others",
						 j->path ? j->path : "five kinds", j->n, (unsigned long long)j->seed, q,
						 j->want.sum[q].p50, j->got.sum[q].p50);
			assert_memory_equal(&j->want.p_sla, &j->got.p_sla, sizeof j->want.p_sla);
			assert_memory_equal(&j->want.p_fits, &j->got.p_fits, sizeof j->want.p_fits);
			free(j->got.sum);
		}
	}
	for (size_t k = 0; k < nj; k++)
		free(jobs[k].want.sum);
	free(jobs);
	preset_list_free(list, np);
}

/*
 * Without $BOE_THREADS the count is the cores the process may run on: one
 * when taskset leaves it one, else as many as its affinity holds (at most
 * 8). Each is read in a child, since the count is taken once (and this
 * test runs before this process takes it).
 */
static int threads_in_child(bool one_core)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		unsetenv("BOE_THREADS");
		cpu_set_t mask;
		if (one_core) {
			if (sched_getaffinity(0, sizeof mask, &mask) != 0)
				_exit(100);
			int first = 0;
			while (!CPU_ISSET(first, &mask))
				first++;
			CPU_ZERO(&mask);
			CPU_SET(first, &mask);
			if (sched_setaffinity(0, sizeof mask, &mask) != 0)
				_exit(100);
		}
		_exit(parallel_threads());
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void test_threads_follow_the_affinity(void **state)
{
	(void)state;
	cpu_set_t mask;
	assert_int_equal(sched_getaffinity(0, sizeof mask, &mask), 0);
	int cores = CPU_COUNT(&mask);
	assert_int_equal(threads_in_child(false), cores > 8 ? 8 : cores);
	assert_int_equal(threads_in_child(true), 1);
}

int main(void)
{
	setenv("BOE_THREADS", "3", 1);
	const struct CMUnitTest tests[] = {
		/* first: a child takes its count afresh only while this process has taken none */
		cmocka_unit_test(test_threads_follow_the_affinity),
		cmocka_unit_test(test_every_index_once),
		cmocka_unit_test(test_helpers_retire_after_the_last_job),
		cmocka_unit_test(test_draws_shared_by_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
