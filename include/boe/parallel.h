/*
 * Work spread over the machine's cores: boe calc --all loads, computes and
 * writes each preset on its own, so the presets can go two (or more) at a
 * time. The results are the same bytes in the same order whatever the count.
 */
#ifndef BOE_PARALLEL_H
#define BOE_PARALLEL_H

#include <stddef.h>

/*
 * How many threads parallel_for uses at most: the cores the process may run
 * on (its affinity), at most 8;
 * $BOE_THREADS (1 to 64) sets it, and 1 runs everything on the caller's thread.
 */
int parallel_threads(void);
/*
 * Calls fn(ctx, i) once for every i below n, on up to parallel_threads()
 * threads (the caller's among them), and returns when every call has. The
 * calls may run in any order and at once: fn touches only what belongs to i,
 * or what is read-only while they run. If a thread cannot be started the
 * others take its share.
 */
void parallel_for(size_t n, void (*fn)(void *ctx, size_t i), void *ctx);
/*
 * Starts the threads a parallel_for of n calls would use, and returns at
 * once: a caller that knows work is coming lets them start while it
 * prepares it. warm, when not NULL, runs on the first new helper before it
 * waits for work: what every job would make first (tables made once), made
 * while the caller is still preparing.
 */
void parallel_start(size_t n, void (*warm)(void));
/*
 * The next parallel_for is the last the caller will run: its helper threads
 * exit as soon as it has nothing more to hand them, while the caller still
 * works. A process that ends with helpers waiting ends later: the system
 * wakes each to stop it. A parallel_for after that starts helpers again.
 */
void parallel_last(void);

#endif
