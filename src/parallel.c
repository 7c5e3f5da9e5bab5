/*
 * parallel_for: a shared counter hands out the indices; the caller works
 * too. The helper threads are started by parallel_start or the first
 * parallel_for that wants them, and then wait for the next job (a command
 * runs two or three, and a thread's start costs more than a wake-up). They
 * exit after the job parallel_last names, else the process's end stops them.
 */
#define _GNU_SOURCE /* sched_getaffinity, pthread_attr_setaffinity_np: where a helper starts */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "boe/parallel.h"

#define MAX_THREADS 64

static int thread_count;
static pthread_once_t count_once = PTHREAD_ONCE_INIT;

/*
 * $BOE_THREADS, else the cores this process may run on (its affinity, as
 * taskset or a container's cpuset leave it; the cores online when that
 * cannot be read): once
 */
static void count_threads(void)
{
	const char *env = getenv("BOE_THREADS");
	if (env && *env) {
		char *end;
		long v = strtol(env, &end, 10);
		if (!*end && v >= 1 && v <= MAX_THREADS) {
			thread_count = (int)v;
			return;
		}
	}
	cpu_set_t allowed;
	long cores = sched_getaffinity(0, sizeof allowed, &allowed) == 0 ? CPU_COUNT(&allowed)
									 : sysconf(_SC_NPROCESSORS_ONLN);
	thread_count = cores < 1 ? 1 : cores > 8 ? 8 : (int)cores;
}

int parallel_threads(void)
{
	pthread_once(&count_once, count_threads);
	return thread_count;
}

typedef struct Work {
	atomic_size_t next;
	size_t n;
	bool last; /* the helpers exit after it */
	void (*fn)(void *ctx, size_t i);
	void *ctx;
} Work;

static void work(Work *w)
{
	for (;;) {
		size_t i = atomic_fetch_add(&w->next, 1);
		if (i >= w->n)
			break;
		w->fn(w->ctx, i);
	}
}

/* the pool: one job at a time, handed over under the lock */
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_go = PTHREAD_COND_INITIALIZER, pool_done = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t caller_lock = PTHREAD_MUTEX_INITIALIZER; /* one parallel_for at a time */
static Work *pool_job;
static unsigned long pool_gen; /* counts the jobs handed out */
static int pool_size, pool_busy;
static bool pool_last; /* parallel_last was called: the next job is the helpers' last */
static void (*pool_warm)(void); /* what the next helper started runs first (parallel_start) */
static _Thread_local bool in_pool; /* a helper (or a caller inside parallel_for): nested calls run here */

/* arg: the count of jobs handed out before it started (it takes the next) */
static void *helper(void *arg)
{
	unsigned long seen = (unsigned long)(uintptr_t)arg;
	in_pool = true;
	void *volatile heap = malloc(1); /* (volatile: else the compiler drops the pair) */
	free(heap); /* the thread's own heap is made now, not in its first job */
	pthread_mutex_lock(&pool_lock);
	void (*warm)(void) = pool_warm;
	pool_warm = NULL;
	if (warm) {
		pthread_mutex_unlock(&pool_lock);
		warm();
		pthread_mutex_lock(&pool_lock);
	}
	for (;;) {
		while (pool_gen == seen)
			pthread_cond_wait(&pool_go, &pool_lock);
		seen = pool_gen;
		Work *w = pool_job;
		pthread_mutex_unlock(&pool_lock);
		work(w);
		pthread_mutex_lock(&pool_lock);
		bool last = w->last; /* (read before the caller may return: w is its) */
		if (last)
			pool_size--;
		if (--pool_busy == 0)
			pthread_cond_signal(&pool_done);
		if (last)
			break;
	}
	pthread_mutex_unlock(&pool_lock);
	return NULL;
}

/*
 * Helper k starts on a core of its own: a new thread is put on its parent's
 * core, and the scheduler takes milliseconds to move it, longer than the
 * whole job. The caller's core is left to the caller; with no other core
 * allowed, the helper goes where the scheduler puts it.
 */
static int pool_home = -1; /* the caller's core when the helpers were placed: theirs are the others */

static void place_helper(pthread_attr_t *attr, int k)
{
	cpu_set_t allowed, one;
	if (sched_getaffinity(0, sizeof allowed, &allowed) != 0)
		return;
	if (pool_home < 0)
		pool_home = sched_getcpu();
	int self = pool_home, seen = 0;
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &allowed) || cpu == self)
			continue;
		if (seen++ == k) {
			CPU_ZERO(&one);
			CPU_SET(cpu, &one);
			pthread_attr_setaffinity_np(attr, sizeof one, &one);
			return;
		}
	}
}

/* Starts helpers until there are want of them (or no more can be); pool_lock held. */
static void start_helpers(size_t want)
{
	if ((size_t)pool_size >= want)
		return;
	/* signals stay with the caller's thread (the interface's resize, ^C): helpers block them all */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	while ((size_t)pool_size < want) {
		pthread_t t;
		pthread_attr_t attr;
		pthread_attr_init(&attr);
		place_helper(&attr, pool_size);
		int rc = pthread_create(&t, &attr, helper, (void *)(uintptr_t)pool_gen);
		pthread_attr_destroy(&attr);
		if (rc != 0)
			break; /* the threads there are take its share */
		pthread_detach(t);
		pool_size++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* How many helpers n calls want: none when one thread is asked for, or inside a job already. */
static size_t helpers_for(size_t n)
{
	size_t threads = (size_t)parallel_threads();
	if (in_pool || threads <= 1 || n <= 1)
		return 0;
	return (threads < n ? threads : n) - 1;
}

void parallel_start(size_t n, void (*warm)(void))
{
	size_t helpers = helpers_for(n);
	if (!helpers)
		return;
	pthread_mutex_lock(&pool_lock);
	pool_warm = warm;
	start_helpers(helpers);
	pthread_mutex_unlock(&pool_lock);
}

void parallel_last(void)
{
	pthread_mutex_lock(&pool_lock);
	pool_last = true;
	pthread_mutex_unlock(&pool_lock);
}

/* Whether helpers wait and the next job is their last: it goes to them, however small, so that they exit. */
static bool retiring(void)
{
	pthread_mutex_lock(&pool_lock);
	bool r = pool_last && pool_size > 0;
	pthread_mutex_unlock(&pool_lock);
	return r;
}

void parallel_for(size_t n, void (*fn)(void *ctx, size_t i), void *ctx)
{
	Work w = {.n = n, .fn = fn, .ctx = ctx};
	atomic_init(&w.next, 0);
	size_t helpers = helpers_for(n);
	if (!helpers && (in_pool || !retiring())) {
		work(&w);
		return;
	}
	pthread_mutex_lock(&caller_lock);
	in_pool = true;
	pthread_mutex_lock(&pool_lock);
	start_helpers(helpers);
	w.last = pool_last;
	pool_last = false;
	pool_job = &w;
	pool_gen++;
	pool_busy = pool_size;
	int home_cpu = pool_size > 0 ? pool_home : -1; /* (helpers that retire change pool_size) */
	pthread_cond_broadcast(&pool_go);
	pthread_mutex_unlock(&pool_lock);
	/*
	 * The caller stays on the core the helpers were not put on while they
	 * work: left to itself the scheduler moves it onto a helper's, and the
	 * two then take turns on one core (its affinity is as it was after).
	 */
	cpu_set_t before, home;
	bool pinned = false;
	if (home_cpu >= 0 && sched_getaffinity(0, sizeof before, &before) == 0 && CPU_ISSET(home_cpu, &before)) {
		CPU_ZERO(&home);
		CPU_SET(home_cpu, &home);
		pinned = sched_setaffinity(0, sizeof home, &home) == 0;
	}
	work(&w);
	if (pinned)
		sched_setaffinity(0, sizeof before, &before);
	pthread_mutex_lock(&pool_lock);
	while (pool_busy > 0)
		pthread_cond_wait(&pool_done, &pool_lock);
	pthread_mutex_unlock(&pool_lock);
	in_pool = false;
	pthread_mutex_unlock(&caller_lock);
}
