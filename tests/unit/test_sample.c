/*
 * Ranges and Monte Carlo (spec §7) against closed forms: lognormal LO..HI,
 * products of lognormals, uniform means, logit-normal fractions, P(meets
 * SLA); exact percentiles; seeds that replay; tornados; stale-free reruns.
 * Tolerances are four standard errors of the estimate at the sample count.
 */
#include "testutil.h"
#include "boe/preset.h"
#include "boe/sample.h"

#define Z95 1.6448536269514722
#define N 100000

static double phi(double z) { return exp(-z * z / 2) / sqrt(2 * M_PI); }
static double Phi(double z) { return 0.5 * erfc(-z / sqrt(2)); }

/* Four standard errors of the p-quantile of a normal of sd sigma, from n samples. */
static double q_tol(double p, double sigma, double n)
{
	return 4 * sqrt(p * (1 - p) / n) / phi(normal_quantile(p)) * sigma;
}

static Scenario *load_n(const char *yaml, size_t n)
{
	BoeError err = {0};
	Scenario *s = scenario_load_string(yaml, strlen(yaml), "test.yaml", &err);
	assert_non_null(s);
	scenario_set_sampling(s, n, SAMPLE_DEFAULT_SEED);
	if (!scenario_compute(s, &err))
		fail_msg("%s", err.msg);
	return s;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void test_generator_is_fixed(void **state)
{
	(void)state;
	McRng a, b;
	mc_seed(&a, 1);
	mc_seed(&b, 1);
	uint64_t first = mc_next(&a);
	assert_int_equal(first, mc_next(&b));
	/* the stream itself is part of the contract: the same seed, the same numbers everywhere */
	assert_true(first == 0xb3f2af6d0fc710c5ull);
	mc_seed(&b, 2);
	assert_true(mc_next(&b) != mc_next(&a));
	for (int i = 0; i < 1000; i++) {
		double u = mc_unit(&a);
		assert_true(u > 0 && u < 1);
	}
}

static void test_normal_quantile(void **state)
{
	(void)state;
	assert_true(fabs(normal_quantile(0.95) - Z95) < 1e-8);
	assert_true(fabs(normal_quantile(0.5)) < 1e-12);
	for (double p = 0.001; p < 1; p += 0.0123)
		assert_true(fabs(Phi(normal_quantile(p)) - p) < 1e-8 * (p < 0.5 ? 1 : 1) + 1e-9);
}

static void test_percentiles_are_exact(void **state)
{
	(void)state;
	size_t n = 50001;
	double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *scr = malloc(3 * n * sizeof *scr);
	McRng r;
	mc_seed(&r, 9);
	for (size_t i = 0; i < n; i++)
		x[i] = exp(3 * normal_quantile(mc_unit(&r)));
	/* a column with many ties too: whole numbers, as ceil() makes */
	for (int pass = 0; pass < 2; pass++) {
		if (pass)
			for (size_t i = 0; i < n; i++)
				x[i] = ceil(x[i] / 10);
		Summary sm;
		sample_summarize(x, n, scr, &sm);
		memcpy(y, x, n * sizeof *y);
		qsort(y, n, sizeof *y, cmp);
		const double ps[3] = {0.05, 0.5, 0.95}, got[3] = {sm.p5, sm.p50, sm.p95};
		for (int t = 0; t < 3; t++) {
			double h = ps[t] * (double)(n - 1);
			size_t k = (size_t)h;
			double want = y[k] + (y[k + 1] - y[k]) * (h - (double)k);
			assert_true(got[t] == want);
		}
	}
	free(x);
	free(y);
	free(scr);
}

/* The percentiles of x by sorting a copy: the reference every summary must meet exactly. */
static void reference(const double *x, size_t n, double want[3], double *mean)
{
	double *y = malloc(n * sizeof *y), sum = 0;
	memcpy(y, x, n * sizeof *y);
	qsort(y, n, sizeof *y, cmp);
	const double ps[3] = {0.05, 0.5, 0.95};
	for (int t = 0; t < 3; t++) {
		double h = ps[t] * (double)(n - 1);
		size_t k = (size_t)h;
		double b = k + 1 < n ? y[k + 1] : y[k];
		want[t] = y[k] + (b - y[k]) * (h - (double)k);
	}
	for (size_t i = 0; i < n; i++)
		sum += x[i];
	*mean = sum / (double)n;
	free(y);
}

static void assert_summary_exact(const Summary *sm, const double *x, size_t n, const char *what)
{
	double want[3], mean;
	reference(x, n, want, &mean);
	const double got[3] = {sm->p5, sm->p50, sm->p95};
	for (int t = 0; t < 3; t++)
		if (!(got[t] == want[t])) {
			print_error("%s (n = %zu): percentile %d is %.17g, the sorted samples give %.17g\n", what,
				    n, t, got[t], want[t]);
			fail();
		}
	assert_near(sm->mean, mean, 1e-12);
}

/*
 * Every shape the summaries meet, at every size around their thresholds:
 * smooth, ties of whole numbers, one value, two values, sorted either way,
 * brackets that meet; and columns that follow another (a rising function of
 * it) read at its order statistics give the same figures as a selection.
 */
static void test_summaries_are_exact_for_every_shape(void **state)
{
	(void)state;
	const size_t sizes[] = {1, 2, 3, 7, 1999, 2000, 2001, 2048, 4097, 16385, 100000};
	McRng r;
	mc_seed(&r, 42);
	for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
		size_t n = sizes[si];
		double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *scr = malloc(3 * n * sizeof *scr);
		for (int shape = 0; shape < 8; shape++) {
			for (size_t i = 0; i < n; i++) {
				double z = normal_quantile(mc_unit(&r));
				switch (shape) {
				case 0: x[i] = exp(z); break;
				case 1: x[i] = ceil(exp(z) * 3); break;	   /* whole numbers: ties */
				case 2: x[i] = 7; break;			   /* one value */
				case 3: x[i] = z < 0 ? 1 : 2; break;		   /* two values: brackets meet */
				case 4: x[i] = (double)i; break;		   /* sorted */
				case 5: x[i] = (double)(n - i); break;	   /* sorted the other way */
				case 6: x[i] = z < 1.2 ? z : 50 + z; break;   /* a far tail */
				default: x[i] = round(z * 2) / 2; break;	   /* few values, both signs */
				}
			}
			Summary sm;
			char what[64];
			snprintf(what, sizeof what, "shape %d", shape);
			sample_summarize(x, n, scr, &sm);
			assert_summary_exact(&sm, x, n, what);
			SampleRanks rk;
			if (!sample_summarize_ranks(x, n, scr, &sm, &rk))
				continue; /* a tie: nothing follows it (checked below for ties) */
			assert_summary_exact(&sm, x, n, what);
			/* rising functions of x, steps included: read where x has its order statistics */
			for (int f = 0; f < 3; f++) {
				for (size_t i = 0; i < n; i++)
					y[i] = f == 0 ? 3 * x[i] + 1 : f == 1 ? ceil(x[i] / 4) : exp(x[i] / 1e3);
				Summary fs;
				sample_follow(y, &rk, &fs);
				snprintf(what, sizeof what, "shape %d, follower %d", shape, f);
				assert_summary_exact(&fs, y, n, what);
			}
		}
		/* ties leave the order open: no ranks to follow */
		if (n >= 3) {
			for (size_t i = 0; i < n; i++)
				x[i] = (double)(i % 2);
			Summary sm;
			SampleRanks rk;
			assert_false(sample_summarize_ranks(x, n, scr, &sm, &rk));
			assert_summary_exact(&sm, x, n, "ties");
		}
		free(x);
		free(y);
		free(scr);
	}
}

/*
 * End to end: every quantity of every preset that has ranges, and of the
 * url-shortener with five, summarised as the reports show it, equals what
 * sorting its samples gives.
 */
static void assert_scenario_summaries_exact(Scenario *s, const char *name)
{
	size_t n = scenario_sample_count(s), checked = 0;
	for (size_t q = 0; q < s->nq; q++) {
		const Summary *sm = scenario_range(s, (int)q);
		if (!sm)
			continue;
		char what[160];
		snprintf(what, sizeof what, "%s: %s", name, s->q[q].name);
		assert_summary_exact(sm, scenario_samples(s, (int)q), n, what);
		checked++;
	}
	assert_true(checked > 0);
}

static void test_every_ranged_preset_summarised_exactly(void **state)
{
	(void)state;
	size_t np, ranged = 0;
	PresetInfo *list = preset_list(&np);
	assert_true(np >= 33);
	for (size_t i = 0; i < np; i++) {
		BoeError err = {0};
		Scenario *s = scenario_load_file(list[i].path, &err);
		assert_non_null(s);
		if (!scenario_compute(s, &err))
			fail_msg("%s: %s", list[i].path, err.msg);
		if (scenario_has_ranges(s)) {
			assert_scenario_summaries_exact(s, list[i].name);
			/* and as the samples come (from 16,384 on), an odd count with a last short block */
			scenario_set_sampling(s, 40001, 7);
			assert_true(scenario_compute(s, &err));
			assert_scenario_summaries_exact(s, list[i].name);
			ranged++;
		}
		scenario_free(s);
	}
	preset_list_free(list, np);
	assert_true(ranged >= 5);
	static const char *sets[] = {
		"peak_factor=2..5", "object_size=300B..1KB", "server_rps=500..2000/s",
		"reads_per_write=50..200", "cache_hit_ratio=70%..95%",
	};
	BoeError err = {0};
	Scenario *s = scenario_load_file("presets/url-shortener.yaml", &err);
	assert_non_null(s);
	scenario_set_sampling(s, 20000, 3);
	assert_true(scenario_compute(s, &err));
	for (size_t i = 0; i < sizeof sets / sizeof *sets; i++)
		assert_true(scenario_override_arg(s, sets[i], &err));
	assert_scenario_summaries_exact(s, "url-shortener with five ranges");
	scenario_free(s);
}

/* A preset loaded and computed (as the reports show it), or the test fails saying why. */
static Scenario *preset_loaded(const PresetInfo *p)
{
	BoeError err = {0};
	Scenario *s = scenario_load_file(p->path, &err);
	if (!s || !scenario_compute(s, &err))
		fail_msg("%s: %s", p->path, err.msg);
	return s;
}

/*
 * The draws and the tape four lanes at a time (AVX2) give every summary the
 * same bits as two at a time: every ranged preset, at the default count and
 * at an odd one whose last block is short, and ranges of the three normal
 * kinds (lognormal, normal, logit-normal for a fraction) and the others.
 */
static Summary *summaries_at_width(Scenario *s, bool wide, double *p_sla, double *p_fits)
{
	program_wide_lanes(wide);
	BoeError err = {0};
	if (!scenario_compute(s, &err))
		fail_msg("%s", err.msg);
	Summary *out = xcalloc(s->nq + 1, sizeof *out);
	for (size_t q = 0; q < s->nq; q++)
		if (scenario_range(s, (int)q))
			out[q] = *scenario_range(s, (int)q);
	*p_sla = scenario_p_meets_sla(s);
	*p_fits = scenario_p_fits_budget(s);
	return out;
}

static void assert_same_at_both_widths(Scenario *s, const char *name)
{
	double sla2, fits2, sla4, fits4;
	Summary *two = summaries_at_width(s, false, &sla2, &fits2);
	if (!program_wide_lanes(1)) {
		print_message("(this processor has no AVX2: %s runs two lanes at a time only)\n", name);
		free(two);
		return;
	}
	Summary *four = summaries_at_width(s, true, &sla4, &fits4);
	for (size_t q = 0; q < s->nq; q++)
		if (memcmp(&two[q], &four[q], sizeof two[q]) != 0)
			fail_msg("%s: %s has p50 %a in two lanes, %a in four", name, s->q[q].name, two[q].p50, four[q].p50);
	assert_memory_equal(&sla2, &sla4, sizeof sla2);
	assert_memory_equal(&fits2, &fits4, sizeof fits2);
	free(two);
	free(four);
}

static void test_same_figures_two_or_four_lanes_at_a_time(void **state)
{
	(void)state;
	size_t np, ranged = 0;
	PresetInfo *list = preset_list(&np);
	for (size_t i = 0; i < np; i++) {
		Scenario *s = preset_loaded(&list[i]);
		if (scenario_has_ranges(s)) {
			assert_same_at_both_widths(s, list[i].name);
			scenario_set_sampling(s, 40001, 7);
			assert_same_at_both_widths(s, list[i].name);
			ranged++;
		}
		scenario_free(s);
	}
	preset_list_free(list, np);
	assert_true(ranged >= 5);
	Scenario *s = tu_load("boe: 1\nname: t\ntitle: t\nset:\n  dau: 5M..50M\n  peak_factor: normal(3, 0.5)\n"
			      "  cache_hit_ratio: 70%..99%\n  object_size: uniform(1 KB, 9 KB)\n"
			      "  server_rps: triangular(500/s, 1000/s, 2000/s)\n  sla: 99.9%..99.99%\n");
	scenario_set_sampling(s, 10007, 11);
	assert_same_at_both_widths(s, "five kinds of range");
	scenario_free(s);
	program_wide_lanes(-1);
}

/*
 * Chains that rise, fall and turn: multiples of either sign, a constant
 * minus a range, a constant over one, abs, min and max with a constant,
 * steps, two ranges that move together or apart. Each summary is what
 * sorting that column's samples gives.
 */
static void test_chains_summarised_exactly(void **state)
{
	(void)state;
	Scenario *s = load_n("boe: 1\nname: t\ntitle: t\ndefine:\n"
			     "  xa: 2..5\n  xb: 10..20\n  xf: 70%..95%\n  xn: normal(0, 3)\n"
			     "  neg: xa * -2\n  back: 0 - neg\n  minus: 100 - xa\n  over: 10 / xa\n"
			     "  miss: 1 - xf\n  load: 1000 * miss\n  mag: abs(xn)\n  mag2: mag * 2\n"
			     "  low: min(xa, 3)\n  high: max(xa * 2, 7)\n  steps: ceil(xa * 10 / 3)\n"
			     "  more: steps * 4\n  both: xa + xa * 3\n  apart: xa - xa / 2\n"
			     "  mixed: xa * xb\n  mixed2: mixed / 7\n  turn: xb - xa\n  turn2: turn * 3\n"
			     "  sq: sqrt(xb)\n  lg: ln(xb) * -1\n  e: exp(xa / 10)\n",
			     30001);
	assert_scenario_summaries_exact(s, "chains");
	scenario_free(s);
}

/*
 * Columns that fall as their range rises (a constant over it, steps of one,
 * the reciprocal of a product) mirror the column that leads them: at sizes
 * where the leader's order statistics are their own reversal (an even count
 * that 20 does not divide less one) and where they are not, below and above
 * the size the sampler streams from, each summary is what sorting gives.
 * So are divisors that cross zero or that the sampler cannot tell stay
 * above it (which nothing follows).
 */
static void test_falling_chains_summarised_exactly(void **state)
{
	(void)state;
	static const char yaml[] =
		"boe: 1\nname: t\ntitle: t\ndefine:\n"
		"  xa: 2..5\n  xu: uniform(1, 4)\n  xt: triangular(-1, 0, 2)\n  xn: normal(0, 3)\n  xf: 70%..95%\n"
		"  over: 10 / xa\n  under: -10 / xa\n  over3: over * 3 + 1\n  steps: ceil(100 / xa)\n"
		"  sq: xa * xa\n  inv_sq: 1 / (xa * xa)\n  ou: 5 / xu\n  ou2: ou - 7\n"
		"  shifted: 5 / (xt + 3)\n  wild: 10 / (xn + 0.1)\n  miss: 1 - xf\n  per_miss: 1 / miss\n"
		"  turn: over + xa\n  capped: max(over, 3)\n  ln_over: ln(over)\n  e_over: exp(over / 10)\n";
	const size_t sizes[] = {2, 3, 1999, 2000, 2001, 10000, 10001, 16384, 20000, 20001, 30000};
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		Scenario *s = load_n(yaml, sizes[i]);
		char what[64];
		snprintf(what, sizeof what, "falling chains, %zu samples", sizes[i]);
		assert_scenario_summaries_exact(s, what);
		scenario_free(s);
	}
}

/*
 * A face that drops the samples (the command line) has its followers
 * summarised without their columns: from six samples run again and sums
 * kept as the blocks came. Every summary, p_meets_sla and p_fits must be
 * the same bits as with every column kept: every ranged preset, the chains
 * that rise and fall, and the url-shortener with five ranges (several
 * sources), at sizes on both sides of 2,000, of the mirror condition and of
 * streaming.
 */
static void assert_same_summaries(const char *yaml, const char *path, const char *const *sets, size_t nsets,
				  size_t n, const char *what)
{
	Scenario *sc[2];
	for (int drop = 0; drop < 2; drop++) {
		BoeError err = {0};
		sc[drop] = yaml ? scenario_load_string(yaml, strlen(yaml), "t.yaml", &err) : scenario_load_file(path, &err);
		assert_non_null(sc[drop]);
		scenario_keep_samples(sc[drop], !drop);
		scenario_set_sampling(sc[drop], n, 11);
		if (!scenario_compute(sc[drop], &err))
			fail_msg("%s: %s", what, err.msg);
		for (size_t i = 0; i < nsets; i++)
			assert_true(scenario_override_arg(sc[drop], sets[i], &err));
	}
	assert_true(scenario_has_ranges(sc[0]) && scenario_has_ranges(sc[1]));
	for (size_t q = 0; q < sc[0]->nq; q++) {
		const Summary *a = scenario_range(sc[0], (int)q), *b = scenario_range(sc[1], (int)q);
		assert_true((a == NULL) == (b == NULL));
		if (a && memcmp(a, b, sizeof *a) != 0)
			fail_msg("%s, %zu samples: %s differs without its column (p50 %.17g, kept %.17g; mean %.17g, kept %.17g)",
				 what, n, sc[0]->q[q].name, b->p50, a->p50, b->mean, a->mean);
	}
	double pa = scenario_p_meets_sla(sc[0]), pb = scenario_p_meets_sla(sc[1]);
	assert_true((isnan(pa) && isnan(pb)) || pa == pb);
	pa = scenario_p_fits_budget(sc[0]), pb = scenario_p_fits_budget(sc[1]);
	assert_true((isnan(pa) && isnan(pb)) || pa == pb);
	scenario_free(sc[0]);
	scenario_free(sc[1]);
}

static void test_summaries_the_same_without_the_columns(void **state)
{
	(void)state;
	const size_t sizes[] = {1999, 2000, 2001, 10000, 10001, 16385, 20000};
	size_t np, ranged = 0;
	PresetInfo *list = preset_list(&np);
	for (size_t i = 0; i < np; i++) {
		Scenario *s = preset_loaded(&list[i]);
		bool has = scenario_has_ranges(s);
		scenario_free(s);
		if (!has)
			continue;
		ranged++;
		for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++)
			assert_same_summaries(NULL, list[i].path, NULL, 0, sizes[k], list[i].name);
	}
	preset_list_free(list, np);
	assert_true(ranged >= 5);
	static const char *five[] = {"peak_factor=2..5", "object_size=300B..1KB", "server_rps=500..2000/s",
				     "reads_per_write=50..200", "cache_hit_ratio=70%..95%"};
	static const char chains[] =
		"boe: 1\nname: t\ntitle: t\ndefine:\n"
		"  xa: 2..5\n  xu: uniform(1, 4)\n  over: 10 / xa\n  under: -10 / xa\n  over3: over * 3 + 1\n"
		"  steps: ceil(100 / xa)\n  sq: xa * xa\n  ou: 5 / xu\n  both: xa + xa * 3\n  mixed: xa * xu\n"
		"availability:\n  tiers:\n    - { name: app, availability: 99%..99.9%, replicas: 2 }\n"
		"latency_budget:\n  target: 100 ms\n  hops:\n    - { name: db, time: 20..90 ms }\n";
	/* a step first: the leader of its range has ties, so its followers need their columns after all */
	static const char steps_first[] =
		"boe: 1\nname: t\ntitle: t\ndefine:\n  whole: ceil(xa)\n  xa: 2..5\n  twice: xa * 2\n  over: 10 / xa\n";
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		assert_same_summaries(NULL, "presets/url-shortener.yaml", five, 5, sizes[k], "url-shortener with five ranges");
		assert_same_summaries(chains, NULL, NULL, 0, sizes[k], "chains with blocks");
		assert_same_summaries(steps_first, NULL, NULL, 0, sizes[k], "a step leading");
	}
}

/* mc_exp within an ulp of e^x (long double as the reference) wherever the draws use it. */
static void test_exp_within_an_ulp(void **state)
{
	(void)state;
	McRng r;
	mc_seed(&r, 5);
	double worst = 0;
	for (long i = 0; i < 2000000; i++) {
		double x = i < 1000 ? (double)(i - 500) / 64 : (mc_unit(&r) * 2 - 1) * (i % 2 ? 708 : 3);
		double want = (double)expl((long double)x), got = mc_exp(x);
		double ulps = fabs(got - want) / (nextafter(want, INFINITY) - want);
		worst = ulps > worst ? ulps : worst;
	}
	assert_true(worst <= 1);
	assert_true(mc_exp(0) == 1);
	assert_true(mc_exp(1000) == INFINITY);
	assert_true(mc_exp(-1000) == 0);
	assert_true(isnan(mc_exp(NAN)));
	assert_true(mc_exp(-720) > 0 && mc_exp(-720) < 1e-300); /* libm's, in the subnormals */
}

/*
 * A draw is the quantile of its distribution at the next uniform number,
 * whichever path made it (two lanes at a time or one): every sample of
 * every kind of range, bit for bit, against dist_quantile replayed from the seed.
 */
static void test_draws_are_the_quantiles_replayed(void **state)
{
	(void)state;
	size_t n = 1001; /* an odd count: the last lane of every block is worked alone */
	Scenario *s = load_n("boe: 1\nname: t\ntitle: t\ndefine:\n  xa: 2..5\n  xf: 70%..95%\n"
			     "  xn: normal(10, 3)\n  xu: uniform(1, 4)\n  xt: triangular(1, 2, 6)\n"
			     "  xw: -3..4\n  xl: lognormal(0.001, 900)\n",
			     n);
	Program *p = s->prog;
	int nsrc = program_nsources(p);
	assert_int_equal(nsrc, 7);
	McRng r;
	mc_seed(&r, SAMPLE_DEFAULT_SEED);
	const char *names[] = {"xa", "xf", "xn", "xu", "xt", "xw", "xl"};
	for (size_t j = 0; j < n; j++)
		for (int i = 0; i < nsrc; i++) {
			Dist d;
			int owner;
			program_source(p, i, &d, &owner);
			double want = dist_quantile(&d, mc_unit(&r));
			const double *col = scenario_samples(s, scenario_find(s, names[i]));
			assert_non_null(col);
			if (memcmp(&col[j], &want, sizeof want) != 0)
				fail_msg("%s, sample %zu: %a, the quantile gives %a", names[i], j, col[j], want);
		}
	scenario_free(s);
}

/* Every sample of the sources named, bit for bit, against dist_quantile replayed from seed. */
static void assert_draws_replayed(const Scenario *s, const char *const *names, size_t n, uint64_t seed,
				  const char *what)
{
	Program *p = s->prog;
	int nsrc = program_nsources(p);
	const double **col = calloc((size_t)nsrc, sizeof *col);
	Dist *d = calloc((size_t)nsrc, sizeof *d);
	for (int i = 0; i < nsrc; i++) {
		int owner;
		program_source(p, i, &d[i], &owner);
		col[i] = scenario_samples(s, scenario_find(s, names[i]));
		assert_non_null(col[i]);
	}
	McRng r;
	mc_seed(&r, seed);
	for (size_t j = 0; j < n; j++)
		for (int i = 0; i < nsrc; i++) {
			double want = dist_quantile(&d[i], mc_unit(&r));
			if (memcmp(&col[i][j], &want, sizeof want) != 0)
				fail_msg("%s: %s, sample %zu: %a, the quantile gives %a", what, names[i], j, col[i][j], want);
		}
	free(col);
	free(d);
}

/*
 * The draws a thread keeps from one run to the next (the same seed and
 * count of sources: the same numbers) are the numbers a run makes afresh:
 * runs one after the other that grow the table, change a source's kind
 * (its normal quantiles made for the blocks that lack them), go past the
 * numbers kept (two sources of 70,001 samples), come back to them, and
 * change the seed. Each run's every draw is checked against the replay.
 */
static void test_draws_kept_between_runs(void **state)
{
	(void)state;
	static const struct {
		const char *define;
		const char *names[2];
		size_t n;
		uint64_t seed;
	} runs[] = {
		{"  xa: 2..5\n", {"xa"}, 3000, 1},
		{"  xu: uniform(1, 4)\n", {"xu"}, 10000, 1},
		{"  xn: normal(10, 3)\n", {"xn"}, 10001, 1},
		{"  xa: 2..5\n", {"xa"}, 20000, 1},
		{"  xa: 2..5\n  xf: 70%..95%\n", {"xa", "xf"}, 70001, 1},
		{"  xt: triangular(1, 2, 6)\n  xl: lognormal(0.001, 900)\n", {"xt", "xl"}, 70001, 1},
		{"  xa: 2..5\n  xf: 70%..95%\n", {"xa", "xf"}, 257, 1},
		{"  xa: 2..5\n", {"xa"}, 5000, 3},
		{"  xa: 2..5\n", {"xa"}, 3000, 1},
	};
	for (size_t k = 0; k < sizeof runs / sizeof *runs; k++) {
		char yaml[256], what[64];
		snprintf(yaml, sizeof yaml, "boe: 1\nname: t\ntitle: t\ndefine:\n%s  twice: xa_or * 2\n", runs[k].define);
		/* (a follower, so that the tape runs after the draws) */
		char *at = strstr(yaml, "xa_or");
		memcpy(at, runs[k].names[0], strlen(runs[k].names[0]));
		memmove(at + strlen(runs[k].names[0]), at + 5, strlen(at + 5) + 1);
		BoeError err = {0};
		Scenario *s = scenario_load_string(yaml, strlen(yaml), "t.yaml", &err);
		assert_non_null(s);
		scenario_set_sampling(s, runs[k].n, runs[k].seed);
		if (!scenario_compute(s, &err))
			fail_msg("%s", err.msg);
		snprintf(what, sizeof what, "run %zu", k + 1);
		assert_draws_replayed(s, runs[k].names, runs[k].n, runs[k].seed, what);
		scenario_free(s);
	}
}

static void test_lognormal_range(void **state)
{
	(void)state;
	Scenario *s = load_n("boe: 1\nname: t\ntitle: t\nset:\n  peak_factor: 2..5\n", N);
	int q = scenario_find(s, "peak_factor");
	const Summary *r = scenario_range(s, q);
	assert_non_null(r);
	double sigma = log(2.5) / (2 * Z95);
	assert_true(fabs(log(r->p5 / 2)) < q_tol(0.05, sigma, N));
	assert_true(fabs(log(r->p95 / 5)) < q_tol(0.95, sigma, N));
	assert_true(fabs(log(r->p50 / sqrt(10))) < q_tol(0.5, sigma, N));
	/* the point value is the median exactly */
	assert_true(fabs(scenario_value(s, q) - sqrt(10)) < 1e-12);
	/* the mean of a lognormal: exp(mu + sigma^2 / 2) */
	double mean = sqrt(10) * exp(sigma * sigma / 2);
	double sd = mean * sqrt(exp(sigma * sigma) - 1);
	assert_true(fabs(r->mean - mean) < 4 * sd / sqrt(N));
	/* dependants vary too; inputs that do not depend on it do not */
	assert_non_null(scenario_range(s, scenario_find(s, "peak_qps")));
	assert_null(scenario_range(s, scenario_find(s, "avg_qps")));
	assert_null(scenario_range(s, scenario_find(s, "storage_total")));
	scenario_free(s);
}

static void test_product_of_lognormals(void **state)
{
	(void)state;
	Scenario *s = load_n("boe: 1\nname: t\ntitle: t\ndefine:\n  xa: 2..5\n  xb: 10..20 KB\n  ab: xa * xb\n", N);
	const Summary *r = scenario_range(s, scenario_find(s, "ab"));
	assert_non_null(r);
	double sa = log(2.5) / (2 * Z95), sb = log(2.0) / (2 * Z95);
	double mu = log(sqrt(10.0)) + log(sqrt(200.0) * 1000), sigma = sqrt(sa * sa + sb * sb);
	assert_true(fabs(log(r->p5) - (mu - Z95 * sigma)) < q_tol(0.05, sigma, N));
	assert_true(fabs(log(r->p95) - (mu + Z95 * sigma)) < q_tol(0.95, sigma, N));
	assert_true(fabs(log(r->p50) - mu) < q_tol(0.5, sigma, N));
	/* a bare LO took HI's unit: 10..20 KB is 10 KB..20 KB */
	const Summary *rb = scenario_range(s, scenario_find(s, "xb"));
	assert_true(rb->p5 > 9000 && rb->p95 < 21000);
	scenario_free(s);
}

static void test_uniform_and_triangular(void **state)
{
	(void)state;
	Scenario *s = load_n("boe: 1\nname: t\ntitle: t\ndefine:\n  u: uniform(10, 20)\n"
			     "  t: triangular(0, 1, 4)\n  n: normal(100, 15)\n", N);
	const Summary *u = scenario_range(s, scenario_find(s, "u"));
	assert_true(fabs(u->mean - 15) < 4 * (10 / sqrt(12)) / sqrt(N));
	assert_true(fabs(u->p5 - 10.5) < 4 * sqrt(0.05 * 0.95 / N) * 10);
	const Summary *t = scenario_range(s, scenario_find(s, "t"));
	assert_true(fabs(t->mean - 5.0 / 3) < 4 * sqrt((0 + 1 + 16 - 0 - 0 - 4) / 18.0) / sqrt(N));
	const Summary *n = scenario_range(s, scenario_find(s, "n"));
	assert_true(fabs(n->mean - 100) < 4 * 15 / sqrt(N));
	assert_true(fabs(n->p95 - (100 + Z95 * 15)) < q_tol(0.95, 15, N));
	scenario_free(s);
}

static void test_fraction_stays_inside(void **state)
{
	(void)state;
	Scenario *s = load_n("boe: 1\nname: t\ntitle: t\nset:\n  cache_hit_ratio: 50%..99%\n", N);
	int q = scenario_find(s, "cache_hit_ratio");
	const double *x = scenario_samples(s, q);
	assert_non_null(x);
	for (size_t i = 0; i < scenario_sample_count(s); i++)
		assert_true(x[i] > 0 && x[i] < 1);
	const Summary *r = scenario_range(s, q);
	double a = 0, b = log(0.99 / 0.01), sigma = (b - a) / (2 * Z95);
	assert_true(fabs(log(r->p5 / (1 - r->p5)) - a) < q_tol(0.05, sigma, N));
	assert_true(fabs(log(r->p95 / (1 - r->p95)) - b) < q_tol(0.95, sigma, N));
	scenario_free(s);
}

static const char tiers_yaml[] =
	"boe: 1\nname: t\ntitle: t\nset:\n  sla: 99.9%\n"
	"availability:\n  tiers:\n    - { name: api, availability: 99.5%..99.99%, replicas: 1 }\n"
	"latency_budget:\n  target: 100 ms\n  hops:\n    - { name: db, time: 40..120 ms }\n";

static void test_p_meets_sla_and_fits(void **state)
{
	(void)state;
	Scenario *s = load_n(tiers_yaml, N);
	/* logit-normal availability: P(a >= sla) = 1 - Phi((logit(sla) - mu) / sigma) */
	double lo = log(0.995 / 0.005), hi = log(0.9999 / 0.0001);
	double mu = (lo + hi) / 2, sigma = (hi - lo) / (2 * Z95);
	double want = 1 - Phi((log(0.999 / 0.001) - mu) / sigma);
	double got = scenario_p_meets_sla(s);
	assert_true(fabs(got - want) < 4 * sqrt(want * (1 - want) / N));
	/* lognormal hop: P(t <= 100 ms) */
	double ml = (log(0.04) + log(0.12)) / 2, sl = (log(0.12) - log(0.04)) / (2 * Z95);
	double wf = Phi((log(0.1) - ml) / sl);
	assert_true(fabs(scenario_p_fits_budget(s) - wf) < 4 * sqrt(wf * (1 - wf) / N));
	scenario_free(s);
}

static void test_same_seed_same_figures(void **state)
{
	(void)state;
	Scenario *a = load_n(tiers_yaml, 5000), *b = load_n(tiers_yaml, 5000);
	Buf x = {0}, y = {0};
	report_write(&a, 1, REPORT_JSON, NULL, &x);
	report_write(&b, 1, REPORT_JSON, NULL, &y);
	assert_string_equal(x.s, y.s);
	scenario_set_sampling(b, 5000, 2);
	BoeError err;
	assert_true(scenario_compute(b, &err));
	buf_clear(&y);
	report_write(&b, 1, REPORT_JSON, NULL, &y);
	assert_true(strcmp(x.s, y.s) != 0);
	assert_non_null(strstr(x.s, "\"seed\": 1"));
	assert_non_null(strstr(y.s, "\"seed\": 2"));
	buf_free(&x);
	buf_free(&y);
	scenario_free(a);
	scenario_free(b);
}

static void test_tornado(void **state)
{
	(void)state;
	Scenario *s = load_n("boe: 1\nname: t\ntitle: t\nset:\n  peak_factor: 2..5\n  object_size: 1..4 KB\n"
			     "  server_rps: 900..1100/s\n", 5000);
	SensRow *rows;
	size_t n = scenario_sensitivity(s, scenario_find(s, "peak_qps"), &rows);
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].label, "peak_factor");
	assert_true(rows[0].share > 0.999);
	/* inputs that do not move peak_qps: 0 */
	assert_true(rows[1].swing == 0 && rows[1].share == 0);
	assert_true(rows[2].swing == 0 && rows[2].share == 0);
	/* the swing is the result at the input's 5th and 95th percentiles */
	double avg = scenario_value(s, scenario_find(s, "avg_qps"));
	assert_true(fabs(rows[0].out_lo - avg * 2) < 1e-6 * avg);
	assert_true(fabs(rows[0].out_hi - avg * 5) < 1e-6 * avg);
	free(rows);
	n = scenario_sensitivity(s, scenario_find(s, "storage_total"), &rows);
	assert_string_equal(rows[0].label, "object_size");
	for (size_t i = 1; i + 1 < n; i++)
		assert_true(rows[i].swing >= rows[i + 1].swing);
	free(rows);
	scenario_free(s);
}

/* Whether two tornadoes are the same rows, bit for bit. */
static bool same_rows(const SensRow *a, size_t na, const SensRow *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i].label, b[i].label) != 0 || a[i].q != b[i].q || a[i].in_lo != b[i].in_lo ||
		    a[i].in_hi != b[i].in_hi || a[i].out_lo != b[i].out_lo || a[i].out_hi != b[i].out_hi ||
		    a[i].swing != b[i].swing || a[i].share != b[i].share)
			return false;
	return true;
}

/*
 * The tornado runs are made once for every result: asking for one result
 * after another gives what asking for it first does, and a compute after a
 * change makes them again.
 */
static void test_tornado_runs_kept_until_compute(void **state)
{
	(void)state;
	static const char yaml[] = "boe: 1\nname: t\ntitle: t\nset:\n  peak_factor: 2..5\n  object_size: 1..4 KB\n"
				   "  dau: 5M..20M\n";
	static const char *const names[] = {"peak_qps", "storage_total", "servers", "egress_peak"};
	Scenario *s = load_n(yaml, 5000);
	for (size_t k = 0; k < ARRAY_LEN(names); k++) {
		Scenario *fresh = load_n(yaml, 5000);
		SensRow *a, *b;
		size_t na = scenario_sensitivity(s, scenario_find(s, names[k]), &a);
		size_t nb = scenario_sensitivity(fresh, scenario_find(fresh, names[k]), &b);
		assert_int_equal(na, 3);
		assert_true(same_rows(a, na, b, nb));
		free(a);
		free(b);
		scenario_free(fresh);
	}
	SensRow *before, *after, *fresh_rows;
	size_t nbefore = scenario_sensitivity(s, scenario_find(s, "peak_qps"), &before);
	BoeError err;
	assert_true(scenario_override_arg(s, "dau=50M..80M", &err));
	assert_true(scenario_compute(s, &err));
	size_t nafter = scenario_sensitivity(s, scenario_find(s, "peak_qps"), &after);
	assert_false(same_rows(before, nbefore, after, nafter));
	Scenario *fresh = load_n(yaml, 5000);
	assert_true(scenario_override_arg(fresh, "dau=50M..80M", &err));
	assert_true(scenario_compute(fresh, &err));
	size_t nfresh = scenario_sensitivity(fresh, scenario_find(fresh, "peak_qps"), &fresh_rows);
	assert_true(same_rows(after, nafter, fresh_rows, nfresh));
	free(before);
	free(after);
	free(fresh_rows);
	scenario_free(fresh);
	scenario_free(s);
}

static void test_rerun_refreshes_blocks_and_checks(void **state)
{
	(void)state;
	Scenario *s = tu_load("boe: 1\nname: t\ntitle: t\nset:\n  sla: 99.9%\n"
			      "availability:\n  tiers:\n    - { name: api, availability: 99.99% }\n"
			      "expect:\n  composite_availability: 99.99%\n");
	assert_true(s->meets_sla);
	assert_true(s->checks[0].ok);
	int a = s->tiers[0].q_avail;
	s->slots[a] = 0.99;
	BoeError err;
	assert_true(scenario_rerun(s, &err));
	assert_false(s->meets_sla);
	assert_true(fabs(s->tiers[0].availability - 0.99) < 1e-12);
	assert_false(s->checks[0].ok);
	scenario_free(s);
}

static void test_expect_inside(void **state)
{
	(void)state;
	Scenario *s = load_n("boe: 1\nname: t\ntitle: t\nset:\n  peak_factor: 2..5\n"
			     "expect:\n  peak_factor: { value: 4.5, inside: 90% }\n"
			     "  peak_qps: { value: 100K/s, inside: 90% }\n", 5000);
	assert_true(s->checks[0].ok);
	assert_false(s->checks[1].ok);
	assert_int_equal(scenario_failed_checks(s), 1);
	scenario_free(s);
}

static void test_range_errors(void **state)
{
	(void)state;
	char msg[512];
	tu_load_error("boe: 1\nname: t\ntitle: t\nset:\n  peak_factor: 5..2\n", strlen("boe: 1\nname: t\ntitle: t\nset:\n  peak_factor: 5..2\n"), "x", msg);
	assert_non_null(strstr(msg, "LO below HI"));
	tu_load_error("boe: 1\nname: t\ntitle: t\nset:\n  object_size: 1 s..2 KB\n", strlen("boe: 1\nname: t\ntitle: t\nset:\n  object_size: 1 s..2 KB\n"), "x", msg);
	assert_non_null(strstr(msg, "one dimension"));
	tu_load_error("boe: 1\nname: t\ntitle: t\nset:\n  peak_factor: 2..dau\n", strlen("boe: 1\nname: t\ntitle: t\nset:\n  peak_factor: 2..dau\n"), "x", msg);
	assert_non_null(strstr(msg, "must be numbers"));
	tu_load_error("boe: 1\nname: t\ntitle: t\nset:\n  cache_hit_ratio: 0%..50%\n", strlen("boe: 1\nname: t\ntitle: t\nset:\n  cache_hit_ratio: 0%..50%\n"), "x", msg);
	assert_non_null(strstr(msg, "strictly inside"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generator_is_fixed),
		cmocka_unit_test(test_normal_quantile),
		cmocka_unit_test(test_percentiles_are_exact),
		cmocka_unit_test(test_lognormal_range),
		cmocka_unit_test(test_product_of_lognormals),
		cmocka_unit_test(test_uniform_and_triangular),
		cmocka_unit_test(test_fraction_stays_inside),
		cmocka_unit_test(test_p_meets_sla_and_fits),
		cmocka_unit_test(test_same_seed_same_figures),
		cmocka_unit_test(test_tornado),
		cmocka_unit_test(test_tornado_runs_kept_until_compute),
		cmocka_unit_test(test_rerun_refreshes_blocks_and_checks),
		cmocka_unit_test(test_expect_inside),
		cmocka_unit_test(test_range_errors),
		cmocka_unit_test(test_summaries_are_exact_for_every_shape),
		cmocka_unit_test(test_every_ranged_preset_summarised_exactly),
		cmocka_unit_test(test_same_figures_two_or_four_lanes_at_a_time),
		cmocka_unit_test(test_chains_summarised_exactly),
		cmocka_unit_test(test_falling_chains_summarised_exactly),
		cmocka_unit_test(test_summaries_the_same_without_the_columns),
		cmocka_unit_test(test_exp_within_an_ulp),
		cmocka_unit_test(test_draws_are_the_quantiles_replayed),
		cmocka_unit_test(test_draws_kept_between_runs),
	};
	return cmocka_run_group_tests_name("sample", tests, NULL, NULL);
}
