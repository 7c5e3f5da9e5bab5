/*
 * Monte Carlo sampling of a compiled program (spec §7): the random
 * generator, the distributions' quantiles, the sample buffers and their
 * summaries (percentiles and mean).
 *
 * The generator is xoshiro256** (Blackman and Vigna, 2018), seeded through
 * splitmix64: the same seed gives the same integers on every platform. Each
 * draw is a quantile of its distribution at one uniform number, so a draw
 * and the distribution's percentiles come from the same function.
 */
#ifndef BOE_SAMPLE_H
#define BOE_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "boe/expr.h"

#define SAMPLE_DEFAULT_COUNT 10000
#define SAMPLE_DEFAULT_SEED 1
#define SAMPLE_MAX_COUNT 10000000

typedef struct McRng {
	uint64_t s[4];
} McRng;

void mc_seed(McRng *r, uint64_t seed);
uint64_t mc_next(McRng *r);
/* A uniform number strictly between 0 and 1 (53 random bits). */
double mc_unit(McRng *r);

/* The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
double normal_quantile(double p);
/*
 * e^x as the draws work it out, within an ulp, with no libm for |x| <= 708:
 * the same figures on every platform.
 */
double mc_exp(double x);
/* The value of d at cumulative probability p (0 < p < 1). */
double dist_quantile(const Dist *d, double p);

/* What a sampled quantity came to. */
typedef struct Summary {
	double p5, p50, p95, mean;
} Summary;

/*
 * Exact percentiles (order statistics, interpolated between neighbours as
 * p·(n-1) falls) and the mean of x[0..n-1], which is left as it was.
 * scratch holds 3n doubles.
 */
void sample_summarize(const double *x, size_t n, double *scratch, Summary *out);
/*
 * Where the order statistics behind the three percentiles lie: the samples
 * that hold them. A column that moves with x sample for sample (a monotone
 * function of it, program_anchors) has its order statistics at the same
 * samples, so its percentiles are read there, with no selection.
 */
typedef struct SampleRanks {
	size_t at[3][2]; /* percentile t lies between samples at[t][0] and at[t][1] */
	size_t n;
} SampleRanks;
/*
 * sample_summarize, and the samples that hold x's order statistics in *rk.
 * False when a tie leaves them open (two samples hold one of the values):
 * then nothing can follow x.
 */
bool sample_summarize_ranks(const double *x, size_t n, double *scratch, Summary *out, SampleRanks *rk);
/* The summary of y, a column that rises with the one rk came from: exact, in one pass (the mean). */
void sample_follow(const double *y, const SampleRanks *rk, Summary *out);

typedef struct Sampler Sampler;

/* An empty sampler; its buffers grow on the first run and are kept. Free with sampler_free. */
Sampler *sampler_new(void);
void sampler_free(Sampler *sm);
/*
 * Runs n samples of p from seed: each sample draws every source of p, runs
 * the ranged operations (in blocks of lanes) and summarises the slots in
 * watch. base holds every slot after one program_run at the point values.
 * keep: NULL keeps every watched column (sampler_column); else only those
 * it marks are sure to be kept, and a column that follows another may be
 * summarised without being kept (the same summary). Nothing is allocated
 * when the buffers are big enough already. False with *f filled (and
 * *sample, the failing sample's number) on a fault.
 */
bool sampler_run(Sampler *sm, const Program *p, const double *base, const int *watch, int nwatch,
		 size_t n, uint64_t seed, const bool *keep, Fault *f, size_t *sample);
/*
 * Frees the samples and every buffer of the last run, keeping its summaries
 * (sampler_summary) and count: a face that shows no samples keeps little.
 * The next run allocates again.
 */
void sampler_release(Sampler *sm);
size_t sampler_count(const Sampler *sm);
/* Watched slot k's values, one per sample in sample order (sampler_count of them); NULL once released or not kept. */
const double *sampler_column(const Sampler *sm, int k);
/*
 * Summary of watched slot k, made by sampler_run: exact percentiles and the
 * mean, read at a leader's order statistics for a column that rises with it
 * or (at most counts) falls as it rises (program_anchors), else selected.
 */
const Summary *sampler_summary(const Sampler *sm, int k);

#endif
