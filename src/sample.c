/*
 * Monte Carlo over a compiled program: xoshiro256** draws, quantiles of the
 * distributions, blocks of samples run through the tape lane by lane, and
 * exact percentiles found without sorting every column.
 *
 * Percentiles: a subsample of 2,048 values brackets each wanted rank with a
 * margin (its values at ranks three standard deviations either side, found
 * by selection); one pass counts the values below each bracket, another
 * keeps those inside; the kept are counted into buckets, and a selection in
 * the one bucket that holds the rank gives the exact order statistic. When
 * a bracket misses (a few times in a thousand), a selection over the whole
 * column gives it instead. Either way the answer is exact.
 *
 * Most columns need none of that: one that moves with another, sample for
 * sample, has its order statistics where that one has them (it follows, or
 * mirrors, a leader); and a leader that moves with its range's own uniform
 * numbers finds where they have theirs by counting them into buckets, then
 * checks the guess against its own values in one pass. When the samples are
 * not kept after (the command line), such a follower needs no column at
 * all: its mean is summed block by block, and the six samples it is read at
 * are run through the tape again from their draws.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "boe/sample.h"
#include "boe/util.h"

/* ---- the generator ---- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

void mc_seed(McRng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t mc_next(McRng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

double mc_unit(McRng *r)
{
	return ((double)(mc_next(r) >> 11) + 0.5) * 0x1.0p-53;
}

/* ---- distributions ---- */

/*
 * e^x, for the draws: the same operations in one lane and in two, so a
 * draw is the same number whichever path made it, and the same on every
 * platform (no libm in it). x = (64k + j) ln2/64 + r with |r| <= ln2/128
 * (Cody and Waite: ln 2 in two parts, so n ln2_hi/64 is exact), then
 * e^x = 2^k · 2^(j/64) · e^r, with 2^(j/64) from a table (each entry the
 * double nearest it) and e^r - 1 by its Taylor series to r^6 (the rest is
 * below 3e-20). Within an ulp of the true value (test_sample checks it
 * against long double); beyond |x| = 708, where 2^k leaves the normal
 * doubles, libm's exp.
 */
#define EXP_N_LN2 92.332482616893656877 /* 64 / ln 2 */
#define EXP_LN2HI (6.93147180369123816490e-01 / 64)
#define EXP_LN2LO (1.90821492927058770002e-10 / 64)
#define EXP_SHIFT 6755399441055744.0 /* 1.5 * 2^52: adding it rounds to a whole number */
#define EXP_LIMIT 708.0
#define EXP_POLY(r) ((r) * (1 + (r) * (1.0 / 2 + (r) * (1.0 / 6 + (r) * (1.0 / 24 + (r) * (1.0 / 120 + (r) * (1.0 / 720)))))))

static const double exp_table[64] = {
	0x1.0000000000000p+0, 0x1.02c9a3e778061p+0, 0x1.059b0d3158574p+0, 0x1.0874518759bc8p+0,
	0x1.0b5586cf9890fp+0, 0x1.0e3ec32d3d1a2p+0, 0x1.11301d0125b51p+0, 0x1.1429aaea92de0p+0,
	0x1.172b83c7d517bp+0, 0x1.1a35beb6fcb75p+0, 0x1.1d4873168b9aap+0, 0x1.2063b88628cd6p+0,
	0x1.2387a6e756238p+0, 0x1.26b4565e27cddp+0, 0x1.29e9df51fdee1p+0, 0x1.2d285a6e4030bp+0,
	0x1.306fe0a31b715p+0, 0x1.33c08b26416ffp+0, 0x1.371a7373aa9cbp+0, 0x1.3a7db34e59ff7p+0,
	0x1.3dea64c123422p+0, 0x1.4160a21f72e2ap+0, 0x1.44e086061892dp+0, 0x1.486a2b5c13cd0p+0,
	0x1.4bfdad5362a27p+0, 0x1.4f9b2769d2ca7p+0, 0x1.5342b569d4f82p+0, 0x1.56f4736b527dap+0,
	0x1.5ab07dd485429p+0, 0x1.5e76f15ad2148p+0, 0x1.6247eb03a5585p+0, 0x1.6623882552225p+0,
	0x1.6a09e667f3bcdp+0, 0x1.6dfb23c651a2fp+0, 0x1.71f75e8ec5f74p+0, 0x1.75feb564267c9p+0,
	0x1.7a11473eb0187p+0, 0x1.7e2f336cf4e62p+0, 0x1.82589994cce13p+0, 0x1.868d99b4492edp+0,
	0x1.8ace5422aa0dbp+0, 0x1.8f1ae99157736p+0, 0x1.93737b0cdc5e5p+0, 0x1.97d829fde4e50p+0,
	0x1.9c49182a3f090p+0, 0x1.a0c667b5de565p+0, 0x1.a5503b23e255dp+0, 0x1.a9e6b5579fdbfp+0,
	0x1.ae89f995ad3adp+0, 0x1.b33a2b84f15fbp+0, 0x1.b7f76f2fb5e47p+0, 0x1.bcc1e904bc1d2p+0,
	0x1.c199bdd85529cp+0, 0x1.c67f12e57d14bp+0, 0x1.cb720dcef9069p+0, 0x1.d072d4a07897cp+0,
	0x1.d5818dcfba487p+0, 0x1.da9e603db3285p+0, 0x1.dfc97337b9b5fp+0, 0x1.e502ee78b3ff6p+0,
	0x1.ea4afa2a490dap+0, 0x1.efa1bee615a27p+0, 0x1.f50765b6e4540p+0, 0x1.fa7c1819e90d8p+0,
};

double mc_exp(double x)
{
	if (!(fabs(x) <= EXP_LIMIT))
		return exp(x);
	double nd = (x * EXP_N_LN2 + EXP_SHIFT) - EXP_SHIFT;
	double r = (x - nd * EXP_LN2HI) - nd * EXP_LN2LO;
	int64_t n = (int64_t)nd, j = n & 63, k = (n - j) / 64;
	uint64_t bits = (uint64_t)(k + 1023) << 52;
	double scale, t = exp_table[j];
	memcpy(&scale, &bits, sizeof scale);
	return (t + t * EXP_POLY(r)) * scale;
}

typedef double V2 __attribute__((vector_size(16)));
typedef long long M2 __attribute__((vector_size(16)));

/*
 * mc_exp in W lanes, operation for operation (EXP), and from_z on them
 * (FROM_Z, once from_z is there): two lanes in any vector unit, four in
 * AVX2 (ATTR its target).
 */
#define LANE_EXP(V, M, W, ATTR, EXP)                                                         \
	ATTR static inline V EXP(V x)                                                        \
	{                                                                                    \
		M out = (M)(x > EXP_LIMIT) | (M)(x < -EXP_LIMIT) | (M)(x != x);             \
		long long any = 0;                                                           \
		for (int k_ = 0; k_ < (W); k_++)                                             \
			any |= out[k_];                                                      \
		if (__builtin_expect(any, 0)) {                                              \
			for (int k_ = 0; k_ < (W); k_++)                                     \
				x[k_] = mc_exp(x[k_]);                                       \
			return x;                                                            \
		}                                                                            \
		V nd = (x * EXP_N_LN2 + EXP_SHIFT) - EXP_SHIFT;                              \
		V r = (x - nd * EXP_LN2HI) - nd * EXP_LN2LO;                                 \
		/* n from the bits of nd + shift, whose low bits hold it */                  \
		M n = (M)(nd + EXP_SHIFT) - (M)((V){0} + EXP_SHIFT);                         \
		M j = n & 63, k = (n - j) >> 6;                                              \
		V scale = (V)((k + 1023) << 52), t = {0};                                    \
		for (int k_ = 0; k_ < (W); k_++)                                             \
			t[k_] = exp_table[j[k_]];                                            \
		return (t + t * EXP_POLY(r)) * scale;                                        \
	}

#define LANE_FROM_Z(V, ATTR, EXP, FROM_Z)                                                    \
	ATTR static inline V FROM_Z(const Dist *d, V z)                                      \
	{                                                                                    \
		V v = d->a + d->b * z;                                                       \
		if (d->kind == DIST_LOGNORMAL)                                               \
			v = EXP(v);                                                          \
		else if (d->kind == DIST_LOGITNORMAL)                                        \
			v = 1 / (1 + EXP(-v));                                               \
		return v;                                                                    \
	}

LANE_EXP(V2, M2, 2, , draw_exp2)

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define WIDE_DRAWS 1
typedef double V4 __attribute__((vector_size(32)));
typedef long long M4 __attribute__((vector_size(32)));
LANE_EXP(V4, M4, 4, __attribute__((target("avx2"))), draw_exp4)
#endif

static inline double quantile_z(double p)
{
	/* P. J. Acklam's algorithm: rational functions in the centre and the tails */
	static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
				   1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
	static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
				   6.680131188771972e+01, -1.328068155288572e+01};
	static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
				   -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
	static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
				   3.754408661907416e+00};
	const double lo = 0.02425, hi = 1 - lo;
	if (p <= 0)
		return -INFINITY;
	if (p >= 1)
		return INFINITY;
	if (p < lo || p > hi) {
		double q = sqrt(-2 * log(p < lo ? p : 1 - p));
		double x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
			   ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
		return p < lo ? x : -x;
	}
	double q = p - 0.5, r = q * q;
	return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
	       (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

double normal_quantile(double p)
{
	return quantile_z(p);
}

/* quantile_z in two lanes: the centre's rational function as quantile_z works it, the tails one lane at a time. */
static V2 quantile_z2(V2 p)
{
	static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
				   1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
	static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
				   6.680131188771972e+01, -1.328068155288572e+01};
	const double lo = 0.02425, hi = 1 - lo;
	M2 tail = (M2)(p < lo) | (M2)(p > hi) | (M2)(p != p);
	if (tail[0] | tail[1])
		return (V2){quantile_z(p[0]), quantile_z(p[1])};
	V2 q = p - 0.5, r = q * q;
	return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
	       (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/* The distributions drawn as a + b z, z standard normal: exp of it for lognormal, the logistic for logit-normal. */
static bool normal_family(const Dist *d)
{
	return d->kind == DIST_NORMAL || d->kind == DIST_LOGNORMAL || d->kind == DIST_LOGITNORMAL;
}

/* The draw of a normal-family d at the standard normal value z: a + b z, then exp or the logistic. */
static double from_z(const Dist *d, double z)
{
	double v = d->a + d->b * z;
	return d->kind == DIST_LOGNORMAL ? mc_exp(v) : d->kind == DIST_LOGITNORMAL ? 1 / (1 + mc_exp(-v)) : v;
}

/* from_z two lanes at a time, and four */
LANE_FROM_Z(V2, , draw_exp2, from_z2)
#ifdef WIDE_DRAWS
LANE_FROM_Z(V4, __attribute__((target("avx2"))), draw_exp4, from_z4)
#endif

/* Fills out[0..n-1] with d's quantiles at u[0..n-1]: dist_quantile, the kind decided once. */
static void dist_fill(const Dist *d, const double *u, double *out, size_t n)
{
	size_t j = 0;
	for (; normal_family(d) && j + 1 < n; j += 2) {
		V2 p, v;
		memcpy(&p, u + j, sizeof p);
		v = from_z2(d, quantile_z2(p));
		memcpy(out + j, &v, sizeof v);
	}
	for (; j < n; j++)
		out[j] = dist_quantile(d, u[j]);
}

/* z[0..n-1] = the standard normal quantiles at u[0..n-1], n even: quantile_z2 pair by pair. */
static void z_fill(const double *u, double *z, size_t n)
{
	for (size_t j = 0; j < n; j += 2) {
		V2 p, v;
		memcpy(&p, u + j, sizeof p);
		v = quantile_z2(p);
		memcpy(z + j, &v, sizeof v);
	}
}

#ifdef WIDE_DRAWS
/* dist_fill_z four lanes at a time, where the tape runs four (program_lanes_wide) */
__attribute__((target("avx2"))) static void dist_fill_z4(const Dist *d, const double *z, double *out, size_t n)
{
	size_t j = 0;
	for (; j + 3 < n; j += 4) {
		V4 v;
		memcpy(&v, z + j, sizeof v);
		v = from_z4(d, v);
		memcpy(out + j, &v, sizeof v);
	}
	for (; j < n; j++)
		out[j] = from_z(d, z[j]);
}
#endif

/*
 * out[0..n-1] = a normal-family d's draws at the standard normal values z:
 * what dist_fill makes of the uniform numbers z came from, lane for lane
 * (a lane's quantile_z2 is quantile_z's, and draw_exp2 is mc_exp in two).
 */
static void dist_fill_z(const Dist *d, const double *z, double *out, size_t n)
{
#ifdef WIDE_DRAWS
	if (program_lanes_wide()) {
		dist_fill_z4(d, z, out, n);
		return;
	}
#endif
	size_t j = 0;
	for (; j + 1 < n; j += 2) {
		V2 v;
		memcpy(&v, z + j, sizeof v);
		v = from_z2(d, v);
		memcpy(out + j, &v, sizeof v);
	}
	if (j < n)
		out[j] = from_z(d, z[j]);
}

double dist_quantile(const Dist *d, double p)
{
	switch (d->kind) {
	case DIST_UNIFORM:
		return d->a + (d->b - d->a) * p;
	case DIST_TRIANGULAR: {
		double lo = d->a, hi = d->b, mode = d->c, w = hi - lo;
		double f = (mode - lo) / w;
		return p < f ? lo + sqrt(p * w * (mode - lo)) : hi - sqrt((1 - p) * w * (hi - mode));
	}
	default: /* normal, lognormal, logit-normal */
		return from_z(d, quantile_z(p));
	}
}

/* ---- percentiles ---- */

/*
 * Moves the k-th smallest of x[0..n-1] to x[k] (smaller before, larger
 * after) and returns it. Quickselect with a median-of-three pivot and a
 * partition without branches on the data (a value below the pivot is
 * swapped forward by conditional moves), so random values cost no
 * mispredictions. A second pass gathers the values equal to the pivot, so
 * that ties (the steps of a ceil) end the search instead of stalling it.
 */
static double select_kth(double *x, size_t n, size_t k)
{
	size_t lo = 0, hi = n; /* the k-th lies in x[lo..hi-1] */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		double a = x[lo], b = x[mid], c = x[hi - 1];
		double piv = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
		size_t i = lo;
		for (size_t j = lo; j < hi; j++) {
			double pair[2] = {x[i], x[j]}; /* indexed, so no branch: a swap or not */
			int below = pair[1] < piv;
			x[i] = pair[below];
			x[j] = pair[1 - below];
			i += (size_t)below;
		}
		if (k < i) {
			hi = i;
			continue;
		}
		/* x[i..hi-1] >= piv, the pivot among them: bring those equal to it forward */
		size_t e = i;
		for (size_t j = i; j < hi; j++) {
			double pair[2] = {x[e], x[j]};
			int same = pair[1] == piv;
			x[e] = pair[same];
			x[j] = pair[1 - same];
			e += (size_t)same;
		}
		if (k < e)
			return x[k]; /* within the run of values equal to the pivot */
		lo = e;
	}
	return x[k];
}

/* The smallest of x[0..n-1]. */
static double min_of(const double *x, size_t n)
{
	double m = x[0];
	for (size_t i = 1; i < n; i++)
		m = x[i] < m ? x[i] : m;
	return m;
}

/* Order statistics k and k+1 of x (reorders x). */
static void two_stats(double *x, size_t n, size_t k, double *a, double *b)
{
	*a = select_kth(x, n, k);
	*b = k + 1 < n ? min_of(x + k + 1, n - k - 1) : *a;
}

/*
 * two_stats for the values of a bracket, all within [lo, hi]: counted into
 * 256 equal buckets first (a bucket's number rises with the value, so every
 * value of a lower bucket is below every value of a higher one), then only
 * the bucket that holds rank k is selected in. The next order statistic is
 * in that bucket too, or the least of those above it.
 */
static void bracket_stats(double *x, size_t n, size_t k, double lo, double hi, double *a, double *b)
{
	enum { NB = 256 };
	double scale = NB / (hi - lo);
	if (n < 4 * NB || !isfinite(lo) || !isfinite(hi) || !(scale > 0) || !isfinite(scale)) {
		two_stats(x, n, k, a, b);
		return;
	}
	size_t count[NB] = {0};
	for (size_t i = 0; i < n; i++) {
		long at = (long)((x[i] - lo) * scale);
		count[at < 0 ? 0 : at > NB - 1 ? NB - 1 : at]++;
	}
	size_t below = 0;
	int bk = 0;
	while (below + count[bk] <= k)
		below += count[bk++];
	/* the bucket's values to the front; the least above it on the way */
	size_t c = 0;
	double above = INFINITY;
	for (size_t i = 0; i < n; i++) {
		double v = x[i];
		long at = (long)((v - lo) * scale);
		at = at < 0 ? 0 : at > NB - 1 ? NB - 1 : at;
		x[c] = v;
		c += at == bk;
		above = at > bk && v < above ? v : above;
	}
	two_stats(x, c, k - below, a, b);
	if (k - below + 1 >= c)
		*b = above;
}

#define SUB 2048

static const double pcts[3] = {0.05, 0.5, 0.95};

/* The percentile between order statistics a (rank k) and b (rank k + 1) as p·(n-1) falls. */
static double between(double a, double b, size_t n, int t)
{
	double h = pcts[t] * (double)(n - 1);
	return a + (b - a) * (h - (double)(size_t)h);
}

/* Adds samples [from, to) of x (whole quads of four) to the mean's four running sums. */
static void add_sums(double *sums, const double *x, size_t from, size_t to)
{
	V2 s01 = {sums[0], sums[1]}, s23 = {sums[2], sums[3]};
	for (size_t i = from; i + 3 < to; i += 4) {
		V2 v, w;
		memcpy(&v, x + i, sizeof v);
		memcpy(&w, x + i + 2, sizeof w);
		s01 += v;
		s23 += w;
	}
	sums[0] = s01[0], sums[1] = s01[1], sums[2] = s23[0], sums[3] = s23[1];
}

/* The mean from the four sums and tail, the last n % 4 samples, added one by one. */
static double sums_tail_mean(const double *sums, const double *tail, size_t n)
{
	double s = (sums[0] + sums[1]) + (sums[2] + sums[3]);
	for (size_t i = 0; i < n % 4; i++)
		s += tail[i];
	return s / (double)n;
}

/* The mean from the four sums of column x. */
static double sums_mean(const double *sums, const double *x, size_t n)
{
	return sums_tail_mean(sums, x + n / 4 * 4, n);
}

/*
 * The mean of x[0..n-1] as every summary adds it up: in order for a short
 * column, else four running sums (places 4i, 4i+1, 4i+2, 4i+3), so that no
 * add waits on the one before, the same sums the sampler keeps as it goes.
 */
static double mean_of(const double *x, size_t n)
{
	if (n < 2000) {
		double s = 0;
		for (size_t i = 0; i < n; i++)
			s += x[i];
		return s / (double)n;
	}
	double sums[4] = {0, 0, 0, 0};
	add_sums(sums, x, 0, n);
	return sums_mean(sums, x, n);
}

/*
 * Brackets around the three wanted ranks of a column: counts of the values
 * below each, and the values inside any, kept. They come from a subsample
 * (its values three standard deviations of rank, and two more, either side
 * of each wanted rank) and are then taken over the column, in one piece or
 * block by block.
 */
typedef struct Brackets {
	double lo[3], hi[3];
	size_t below[3];
	size_t kept;	/* values kept so far */
	bool after;	/* the kept outgrew their room: summarise the column whole instead */
} Brackets;

/* Sets b from the subsample sub[0..m-1] (reordered: the six ranks are selected in order). */
static void brackets_set(Brackets *b, double *sub, size_t m)
{
	long end[6];
	for (int t = 0; t < 3; t++) {
		double pos = pcts[t] * (double)(m - 1), sd = sqrt((double)m * pcts[t] * (1 - pcts[t]));
		end[2 * t] = (long)floor(pos - 3 * sd - 2);
		end[2 * t + 1] = (long)ceil(pos + 3 * sd + 2);
	}
	double at[6];
	size_t from = 0;
	for (int e = 0; e < 6; e++) { /* each rank within what the last left above it */
		long rank = end[e] < 0 ? 0 : end[e] > (long)m - 1 ? (long)m - 1 : end[e];
		if ((size_t)rank < from) /* ranks that meet: the same place again */
			rank = (long)from;
		at[e] = select_kth(sub + from, m - from, (size_t)rank - from);
		from = (size_t)rank;
	}
	for (int t = 0; t < 3; t++) {
		b->lo[t] = end[2 * t] <= 0 ? -INFINITY : at[2 * t];
		b->hi[t] = end[2 * t + 1] >= (long)m - 1 ? INFINITY : at[2 * t + 1];
		b->below[t] = 0;
	}
	b->kept = 0;
	b->after = false;
}

/*
 * Takes x[0..m-1] (samples first, first + 1, ...): counts those below each
 * bracket and keeps those inside any, two at a time in vector registers
 * (GCC and Clang vectors: SSE2 on x86-64, NEON on arm64, plain code
 * elsewhere) and without branches: of two values the one inside goes first,
 * both are stored and the count moves on by those inside. Their sample
 * numbers too, when at is not NULL. Past cap kept values, b->after.
 */
static void brackets_take(Brackets *b, const double *x, size_t m, size_t first, double *kept, double *at, size_t cap)
{
	if (b->after)
		return;
	if (b->kept + m > cap) {
		b->after = true;
		return;
	}
	V2 L0 = {b->lo[0], b->lo[0]}, L1 = {b->lo[1], b->lo[1]}, L2 = {b->lo[2], b->lo[2]};
	V2 H0 = {b->hi[0], b->hi[0]}, H1 = {b->hi[1], b->hi[1]}, H2 = {b->hi[2], b->hi[2]};
	M2 m0 = {0, 0}, m1 = {0, 0}, m2 = {0, 0};
	size_t c = b->kept, i = 0;
	for (; i + 1 < m; i += 2) {
		V2 v;
		memcpy(&v, x + i, sizeof v);
		/* a vector comparison gives -1 where it holds: subtracting counts */
		m0 -= (M2)(v < L0);
		m1 -= (M2)(v < L1);
		m2 -= (M2)(v < L2);
		M2 in = ((v >= L0) & (v <= H0)) | ((v >= L1) & (v <= H1)) | ((v >= L2) & (v <= H2));
		M2 second_only = (M2){in[1] & ~in[0], in[1] & ~in[0]};
		V2 sw = {v[1], v[0]};
		V2 o = (V2)(((M2)sw & second_only) | ((M2)v & ~second_only));
		memcpy(kept + c, &o, sizeof o);
		if (at) {
			V2 j = {(double)(first + i), (double)(first + i + 1)}, js = {j[1], j[0]};
			V2 oj = (V2)(((M2)js & second_only) | ((M2)j & ~second_only));
			memcpy(at + c, &oj, sizeof oj);
		}
		c += (size_t)(-(in[0] + in[1]));
	}
	b->below[0] += (size_t)(m0[0] + m0[1]);
	b->below[1] += (size_t)(m1[0] + m1[1]);
	b->below[2] += (size_t)(m2[0] + m2[1]);
	for (; i < m; i++) {
		double v = x[i];
		b->below[0] += v < b->lo[0];
		b->below[1] += v < b->lo[1];
		b->below[2] += v < b->lo[2];
		kept[c] = v;
		if (at)
			at[c] = (double)(first + i);
		c += ((v >= b->lo[0]) & (v <= b->hi[0])) | ((v >= b->lo[1]) & (v <= b->hi[1])) |
		     ((v >= b->lo[2]) & (v <= b->hi[2]));
	}
	b->kept = c;
}

/*
 * The kept values of each bracket into buf[t] (cnt[t] of them; brackets may
 * meet, where a step result has few values). buf[0] may be kept itself: it
 * is written no faster than read.
 */
static void brackets_split(const Brackets *b, const double *kept, double *const buf[3], size_t cnt[3])
{
	size_t c0 = 0, c1 = 0, c2 = 0;
	for (size_t i = 0; i < b->kept; i++) {
		double v = kept[i];
		buf[0][c0] = v;
		c0 += (v >= b->lo[0]) & (v <= b->hi[0]);
		buf[1][c1] = v;
		c1 += (v >= b->lo[1]) & (v <= b->hi[1]);
		buf[2][c2] = v;
		c2 += (v >= b->lo[2]) & (v <= b->hi[2]);
	}
	cnt[0] = c0, cnt[1] = c1, cnt[2] = c2;
}

/*
 * stat[t]: the order statistics percentile t of x[0..n-1] lies between,
 * selected among the kept of its bracket, or over the whole column (copied
 * to buf[0]) when the bracket missed, which it does a few times in a thousand.
 */
static void brackets_select(const Brackets *b, const double *x, size_t n, double *const buf[3], const size_t cnt[3],
			    double stat[3][2])
{
	for (int t = 0; t < 3; t++) {
		size_t k = (size_t)(pcts[t] * (double)(n - 1));
		if (b->below[t] <= k && k + 1 < b->below[t] + cnt[t]) {
			if (b->lo[t] == b->hi[t]) /* the whole bracket is one value (a step result): both are it */
				stat[t][0] = stat[t][1] = b->lo[t];
			else
				bracket_stats(buf[t], cnt[t], k - b->below[t], b->lo[t], b->hi[t], &stat[t][0], &stat[t][1]);
		} else {
			memcpy(buf[0], x, n * sizeof *x);
			two_stats(buf[0], n, k, &stat[t][0], &stat[t][1]);
		}
	}
}

/* The summary from the order statistics and the mean. */
static Summary summary_of(const double stat[3][2], size_t n, double mean)
{
	return (Summary){between(stat[0][0], stat[0][1], n, 0), between(stat[1][0], stat[1][1], n, 1),
			 between(stat[2][0], stat[2][1], n, 2), mean};
}

/* Like sample_summarize; stat[t] gets the two order statistics percentile t lies between. */
static void summarize(const double *x, size_t n, double *scratch, Summary *out, double stat[3][2])
{
	if (n == 0) {
		*out = (Summary){NAN, NAN, NAN, NAN};
		return;
	}
	double *buf[3] = {scratch, scratch + n, scratch + 2 * n};
	if (n < 2000) {
		memcpy(scratch, x, n * sizeof *x);
		for (int t = 0; t < 3; t++)
			two_stats(scratch, n, (size_t)(pcts[t] * (double)(n - 1)), &stat[t][0], &stat[t][1]);
	} else {
		/* the samples are independent: every (n/m)-th one is a fair subsample */
		double sub[SUB];
		size_t m = n / 8 < SUB ? n / 8 : SUB, cnt[3];
		for (size_t i = 0; i < m; i++)
			sub[i] = x[i * (n / m)];
		Brackets b;
		brackets_set(&b, sub, m);
		brackets_take(&b, x, n, 0, buf[0], NULL, n);
		brackets_split(&b, buf[0], buf, cnt);
		brackets_select(&b, x, n, buf, cnt, stat);
	}
	*out = summary_of(stat, n, mean_of(x, n));
}

void sample_summarize(const double *x, size_t n, double *scratch, Summary *out)
{
	double stat[3][2];
	summarize(x, n, scratch, out, stat);
}

/*
 * Where the six values of stat lie among v[0..nv-1]: the sample numbers
 * (at[i] for v[i], or i when at is NULL). False unless each is held by one
 * sample alone: a value two samples share (a tie) leaves the order open.
 */
static bool locate_ranks(const double *v, const double *at, size_t nv, size_t n, const double stat[3][2],
			 SampleRanks *rk)
{
	for (int t = 0; t < 3; t++)
		if (stat[t][0] == stat[t][1]) /* two samples of one value, known without looking */
			return false;
	size_t seen[3][2] = {{0}};
	V2 w[6];
	for (int e = 0; e < 6; e++)
		w[e] = (V2){stat[e / 2][e % 2], stat[e / 2][e % 2]};
	for (size_t i = 0; i < nv; i += 2) {
		V2 x;
		if (i + 1 < nv)
			memcpy(&x, v + i, sizeof x);
		else
			x = (V2){v[i], v[i]};
		M2 hit = (x == w[0]) | (x == w[1]) | (x == w[2]) | (x == w[3]) | (x == w[4]) | (x == w[5]);
		if (__builtin_expect(!(hit[0] | hit[1]), 1))
			continue;
		for (size_t j = i; j < i + 2 && j < nv; j++)
			for (int t = 0; t < 3; t++)
				for (int e = 0; e < 2; e++)
					if (v[j] == stat[t][e]) {
						rk->at[t][e] = at ? (size_t)at[j] : j;
						if (seen[t][e]++)
							return false;
					}
	}
	rk->n = n;
	for (int t = 0; t < 3; t++)
		for (int e = 0; e < 2; e++)
			if (seen[t][e] != 1)
				return false;
	return true;
}

bool sample_summarize_ranks(const double *x, size_t n, double *scratch, Summary *out, SampleRanks *rk)
{
	double stat[3][2];
	summarize(x, n, scratch, out, stat);
	return n > 0 && locate_ranks(x, NULL, n, n, stat, rk);
}

enum { GUIDE_BUCKETS = 4096, GUIDE_MAX = 512 };

/*
 * Where guided_stats guesses y's six at, from u alone: the guess depends on
 * the uniform numbers, the count and the direction only, so a leader of
 * another scenario drawn from the same numbers can take it as it is
 * (GuideGuess, kept by the thread for those draws). Like any guess it is
 * checked against y before a figure is read there. ok false: no guess.
 */
typedef struct GuideGuess {
	size_t n;		/* 0: none made */
	bool ok;
	size_t at[6];
} GuideGuess;

static void guide_guess(const double *u, size_t n, int dir, GuideGuess *g)
{
	g->n = n;
	g->ok = false;
	if (n < 64)
		return;
	/* the ranks of u wanted, ascending: j-th of y's six is u's urank[j] */
	size_t urank[6];
	for (int t = 0; t < 3; t++) {
		size_t want = (size_t)(pcts[t] * (double)(n - 1));
		for (int e = 0; e < 2; e++)
			urank[2 * t + e] = dir > 0 ? want + (size_t)e : n - 1 - want - (size_t)e;
	}
	/* u's count in each bucket, then the bucket of each wanted rank and the count below it */
	unsigned count[GUIDE_BUCKETS] = {0};
	for (size_t i = 0; i < n; i++)
		count[(size_t)(u[i] * GUIDE_BUCKETS)]++;
	size_t bucket[6], below[6], b = 0, seen = 0;
	unsigned char in[GUIDE_BUCKETS] = {0};
	for (int m = 0; m < 6; m++) {
		int j = dir > 0 ? m : 5 - m; /* in ascending order of urank */
		while (seen + count[b] <= urank[j])
			seen += count[b++];
		bucket[j] = b, below[j] = seen;
		in[b] = 1;
	}
	/* the samples in those buckets, by u */
	double gu[GUIDE_MAX];
	size_t gi[GUIDE_MAX], ng = 0;
	for (size_t i = 0; i < n; i++) {
		if (__builtin_expect(!in[(size_t)(u[i] * GUIDE_BUCKETS)], 1))
			continue;
		if (ng == GUIDE_MAX)
			return;
		size_t k = ng++;
		for (; k > 0 && gu[k - 1] > u[i]; k--)
			gu[k] = gu[k - 1], gi[k] = gi[k - 1];
		gu[k] = u[i], gi[k] = i;
	}
	/* rank urank[j] of u is the (urank - below)-th of its bucket's, which come in order among the gathered */
	for (int j = 0; j < 6; j++) {
		size_t first = 0;
		while ((size_t)(gu[first] * GUIDE_BUCKETS) < bucket[j])
			first++;
		g->at[j] = gi[first + urank[j] - below[j]];
	}
	g->ok = true;
}

/*
 * stat and rk for y at once, when y moves with the uniform numbers u its
 * range was drawn from, rising (dir 1) or falling (-1), as every column of
 * one range does: u is uniform, so counted into 4,096 equal buckets it has a
 * few values in each, and the buckets that hold the wanted ranks point at
 * the samples that should hold y's order statistics. That is only a guess
 * (u may tie, and a draw's rounding need not keep its order): y is then
 * counted against the six values. For each percentile's two, a below b,
 * just k values below a and k + 2 at or below b say that both are held by
 * one sample each with nothing between. False when that does not hold, or
 * for fewer than 64 samples: then y is selected in. The guess is memo's
 * when it was made for n, else made there (memo NULL: none is kept).
 */
static bool guided_stats(const double *y, const double *u, size_t n, int dir, GuideGuess *memo, double stat[3][2],
			 SampleRanks *rk)
{
	GuideGuess fresh, *g = memo ? memo : &fresh;
	if (!memo || memo->n != n)
		guide_guess(u, n, dir, g);
	if (!g->ok)
		return false;
	size_t want[3];
	for (int t = 0; t < 3; t++)
		want[t] = (size_t)(pcts[t] * (double)(n - 1));
	double v[6];
	for (int j = 0; j < 6; j++) {
		v[j] = y[g->at[j]];
		rk->at[j / 2][j % 2] = g->at[j];
		if (j > 0 && !(v[j - 1] < v[j]))
			return false; /* a tie, or the guess is out of order */
	}
	/* the check, two lanes at a time */
	V2 a0 = {v[0], v[0]}, b0 = {v[1], v[1]}, a1 = {v[2], v[2]}, b1 = {v[3], v[3]}, a2 = {v[4], v[4]},
	   b2 = {v[5], v[5]};
	M2 lt0 = {0, 0}, le0 = {0, 0}, lt1 = {0, 0}, le1 = {0, 0}, lt2 = {0, 0}, le2 = {0, 0};
	size_t i = 0;
	for (; i + 1 < n; i += 2) {
		V2 x;
		memcpy(&x, y + i, sizeof x);
		lt0 -= (M2)(x < a0), le0 -= (M2)(x <= b0);
		lt1 -= (M2)(x < a1), le1 -= (M2)(x <= b1);
		lt2 -= (M2)(x < a2), le2 -= (M2)(x <= b2);
	}
	size_t lt[3] = {(size_t)(lt0[0] + lt0[1]), (size_t)(lt1[0] + lt1[1]), (size_t)(lt2[0] + lt2[1])};
	size_t le[3] = {(size_t)(le0[0] + le0[1]), (size_t)(le1[0] + le1[1]), (size_t)(le2[0] + le2[1])};
	for (int t = 0; t < 3; t++) {
		if (i < n) {
			lt[t] += y[i] < v[2 * t];
			le[t] += y[i] <= v[2 * t + 1];
		}
		if (lt[t] != want[t] || le[t] != want[t] + 2)
			return false;
		stat[t][0] = v[2 * t], stat[t][1] = v[2 * t + 1];
	}
	rk->n = n;
	return true;
}

/*
 * y's summary read at rk, with its mean given; mirror: y falls as the
 * column of rk rises, so its order statistic r is read where that column
 * has its n - 1 - r, which rk holds when the six are their own reversal.
 */
static Summary follow(const double *y, const SampleRanks *rk, double mean, bool mirror)
{
	double stat[3][2];
	for (int t = 0; t < 3; t++)
		for (int e = 0; e < 2; e++)
			stat[t][e] = mirror ? y[rk->at[2 - t][1 - e]] : y[rk->at[t][e]];
	return summary_of(stat, rk->n, mean);
}

void sample_follow(const double *y, const SampleRanks *rk, Summary *out)
{
	*out = follow(y, rk, mean_of(y, rk->n), false);
}

/* ---- the sampler ---- */

#define LANES 128
/*
 * From this many samples on, the summaries are made as the samples come:
 * the first PILOT of each column set its brackets, and every later block is
 * counted and its bracketed values kept while it is still in the cache; the
 * pilot's own are taken at the end. Below it the columns are small enough
 * to summarise afterwards. Both ways give the same figures.
 */
#define PILOT 2048
#define STREAM_MIN 16384

/* a mirror follows a leader it falls as that rises with: its order statistics are the leader's reversed */
enum { ROLE_PLAIN, ROLE_LEAD, ROLE_FOLLOW, ROLE_MIRROR };

static bool follows(int role)
{
	return role == ROLE_FOLLOW || role == ROLE_MIRROR;
}

struct Sampler {
	double *lanes;		/* a row of LANES for each slot the tape touches in a sample (lay_out_lanes) */
	size_t cap_lanes;
	int *row;		/* each slot's row in lanes, or -1 */
	size_t cap_row;
	double *cols;		/* watched × stride: each column padded to whole blocks of lanes */
	size_t cap_cols, stride;
	double **ptr;		/* where each slot's lanes are: in lanes, or for a watched slot in its column */
	size_t cap_ptr;
	double *scratch;	/* 3n */
	size_t cap_scratch;
	double *draws;		/* sources × 2 LANES: a block's uniform numbers and normal quantiles, past the draw table */
	size_t cap_draws;
	double *sums;		/* watched × 4 running sums of the mean (mean_of's four) */
	size_t cap_sums;
	double *kept;		/* capk values inside a bracket for each column that selects, when streaming */
	size_t cap_kept, capk;
	double *kept_at;	/* their sample numbers (as doubles: exact below 2^53), for each leader */
	size_t cap_kept_at;
	int *kpos, *apos;	/* watched: the column's place in kept and in kept_at, or -1 */
	Summary *sum;		/* watched */
	SampleRanks *ranks;	/* watched: a leader's */
	Brackets *st;		/* watched */
	int *role, *lead;	/* watched: what each column's summary comes from */
	int *guide;		/* watched: for a leader whose anchor is a source, that source's place in ucol and guess; else -1 */
	signed char *gdir;	/* watched: a guided leader's direction */
	double *ucols;		/* guiding sources × stride: the uniform numbers each was drawn at, when the draw table holds fewer */
	size_t cap_ucols;
	const double **ucol;	/* during a run, each guiding source's: in the thread's draw table when it holds them all, else in ucols */
	GuideGuess **guess;	/* during a run, each guiding source's two guesses (falling, rising) in the draw table, or NULL */
	int *cpos;		/* watched: the column's place in cols, or -1 for one not kept (thin) */
	double *thin;		/* a block of lanes for each column not kept, and its last n % 4 samples */
	size_t cap_thin;
	bool *ranked;		/* watched: a leader whose ranks hold */
	size_t cap_watch;
	size_t n;
	int nwatch;
};

Sampler *sampler_new(void)
{
	return xcalloc(1, sizeof(Sampler));
}

void sampler_free(Sampler *sm)
{
	if (!sm)
		return;
	free(sm->lanes);
	free(sm->row);
	free(sm->cols);
	free(sm->ptr);
	free(sm->scratch);
	free(sm->draws);
	free(sm->sums);
	free(sm->kept);
	free(sm->kept_at);
	free(sm->sum);
	free(sm->ranks);
	free(sm->st);
	free(sm->role);
	free(sm->lead);
	free(sm->guide);
	free(sm->gdir);
	free(sm->ucols);
	free(sm->cpos);
	free(sm->thin);
	free(sm->ranked);
	free(sm->kpos);
	free(sm->apos);
	free(sm);
}

/*
 * The big buffers, by what they hold. Those sampler_release gives up are
 * kept by the thread for the next sampler that runs on it, the largest of
 * each kind: a command that samples one scenario after another on each
 * thread reuses the same memory, where freed blocks would be split by what
 * comes between and each new one touch new pages.
 */
enum { BIG_LANES, BIG_COLS, BIG_SCRATCH, BIG_DRAWS, BIG_KEPT, BIG_KEPT_AT, BIG_UCOLS, BIG_THIN, NBIG };
static _Thread_local struct Spare {
	double *p;
	size_t cap;
} spare[NBIG];

static void thread_cache_held(void);

static double **big_of(Sampler *sm, int kind, size_t **cap)
{
	switch (kind) {
	case BIG_LANES: *cap = &sm->cap_lanes; return &sm->lanes;
	case BIG_COLS: *cap = &sm->cap_cols; return &sm->cols;
	case BIG_SCRATCH: *cap = &sm->cap_scratch; return &sm->scratch;
	case BIG_DRAWS: *cap = &sm->cap_draws; return &sm->draws;
	case BIG_KEPT: *cap = &sm->cap_kept; return &sm->kept;
	case BIG_KEPT_AT: *cap = &sm->cap_kept_at; return &sm->kept_at;
	case BIG_UCOLS: *cap = &sm->cap_ucols; return &sm->ucols;
	default: *cap = &sm->cap_thin; return &sm->thin;
	}
}

void sampler_release(Sampler *sm)
{
	for (int k = 0; k < NBIG; k++) {
		size_t *cap;
		double **p = big_of(sm, k, &cap);
		if (*cap > spare[k].cap) {
			free(spare[k].p);
			spare[k] = (struct Spare){*p, *cap};
			thread_cache_held();
		} else {
			free(*p);
		}
		*p = NULL;
		*cap = 0;
	}
	free(sm->ptr);
	sm->ptr = NULL;
	sm->cap_ptr = 0;
}

static void reserve(double **p, size_t *cap, size_t want)
{
	if (*cap >= want)
		return;
	free(*p);
	*p = xmalloc(want * sizeof **p);
	*cap = want;
}

/* reserve for a big buffer of sm: the thread's spare of its kind when that has room */
static void reserve_big(Sampler *sm, int kind, size_t want)
{
	size_t *cap;
	double **p = big_of(sm, kind, &cap);
	if (*cap < want && spare[kind].cap >= want) {
		free(*p);
		*p = spare[kind].p;
		*cap = spare[kind].cap;
		spare[kind] = (struct Spare){NULL, 0};
	}
	reserve(p, cap, want);
}

static void reserve_watch(Sampler *sm, int nwatch)
{
	size_t w = (size_t)(nwatch ? nwatch : 1);
	if (sm->cap_watch >= w)
		return;
	sm->sum = xrealloc(sm->sum, w * sizeof *sm->sum);
	sm->ranks = xrealloc(sm->ranks, w * sizeof *sm->ranks);
	sm->st = xrealloc(sm->st, w * sizeof *sm->st);
	sm->role = xrealloc(sm->role, w * sizeof *sm->role);
	sm->lead = xrealloc(sm->lead, w * sizeof *sm->lead);
	sm->guide = xrealloc(sm->guide, w * sizeof *sm->guide);
	sm->cpos = xrealloc(sm->cpos, w * sizeof *sm->cpos);
	sm->gdir = xrealloc(sm->gdir, w * sizeof *sm->gdir);
	sm->ranked = xrealloc(sm->ranked, w * sizeof *sm->ranked);
	sm->kpos = xrealloc(sm->kpos, w * sizeof *sm->kpos);
	sm->apos = xrealloc(sm->apos, w * sizeof *sm->apos);
	sm->cap_watch = w;
}

/* Column k's kept values and their sample numbers (NULL when it keeps none). */
static double *kept_of(const Sampler *sm, int k)
{
	return sm->kpos[k] < 0 ? NULL : sm->kept + (size_t)sm->kpos[k] * sm->capk;
}

static double *kept_at_of(const Sampler *sm, int k)
{
	return sm->apos[k] < 0 ? NULL : sm->kept_at + (size_t)sm->apos[k] * sm->capk;
}

/*
 * Who summarises how: a column that is a monotone function of an anchor
 * (program_anchors) follows the first such column of that anchor, its
 * leader, or mirrors it when one falls as the other rises; the rest are
 * summarised on their own. A mirror needs the leader's six order statistics
 * to be their own reversal (rank r and n - 1 - r both among them), which
 * depends only on n: an even count that 20 does not divide less one. A
 * leader whose anchor is a source (slot[i]) is guided by its draws, found
 * at ucol[upos[i]] during the run.
 */
static void assign_roles(Sampler *sm, const Program *p, const double *base, const int *watch, int nwatch, size_t n,
			 const int *slot, int *upos, int *nguides)
{
	int nsrc = program_nsources(p);
	*nguides = 0;
	for (int i = 0; i < nsrc; i++)
		upos[i] = -1;
	int nslots = program_nslots(p);
	int *anchor = xmalloc((size_t)nslots * sizeof *anchor), *first = xmalloc((size_t)nslots * sizeof *first);
	signed char *dir = xmalloc((size_t)nslots);
	program_anchors(p, base, anchor, dir);
	bool mirrors = n >= 2;
	for (int t = 0; t < 3; t++)
		mirrors = mirrors && (size_t)(pcts[t] * (double)(n - 1)) + (size_t)(pcts[2 - t] * (double)(n - 1)) == n - 2;
	for (int i = 0; i < nslots; i++)
		first[i] = -1;
	for (int k = 0; k < nwatch; k++) {
		int a = anchor[watch[k]];
		sm->role[k] = ROLE_PLAIN;
		sm->lead[k] = -1;
		sm->guide[k] = -1;
		if (a < 0)
			continue;
		if (first[a] < 0) {
			first[a] = k;
			sm->role[k] = ROLE_LEAD;
			for (int i = 0; i < nsrc; i++)
				if (slot[i] == a) {
					if (upos[i] < 0)
						upos[i] = (*nguides)++;
					sm->guide[k] = upos[i];
					sm->gdir[k] = dir[watch[k]];
				}
			continue;
		}
		bool same = dir[watch[k]] == dir[watch[first[a]]];
		if (same || mirrors) {
			sm->role[k] = same ? ROLE_FOLLOW : ROLE_MIRROR;
			sm->lead[k] = first[a];
		}
	}
	free(anchor);
	free(first);
	free(dir);
}

/*
 * A streamed column's summary from its counts and kept values (the pilot's
 * own taken now); for a leader, where its order statistics lie, from the
 * kept sample numbers (or the column, for one outside its bracket). False
 * when the kept outgrew their room.
 */
static bool finish_stream(Sampler *sm, int k, const double *x)
{
	Brackets *b = &sm->st[k];
	size_t n = sm->n, capk = sm->capk;
	double *kept = kept_of(sm, k), *at = kept_at_of(sm, k);
	brackets_take(b, x, PILOT, 0, kept, at, capk);
	if (b->after)
		return false;
	double *buf[3] = {sm->scratch, sm->scratch + n, sm->scratch + 2 * n}, stat[3][2];
	size_t cnt[3];
	brackets_split(b, kept, buf, cnt);
	brackets_select(b, x, n, buf, cnt, stat);
	sm->sum[k] = summary_of(stat, n, sums_mean(sm->sums + 4 * (size_t)k, x, n));
	if (!at)
		return true;
	bool inside = true; /* then every sample holding one of the six is among the kept */
	for (int t = 0; t < 3; t++)
		for (int e = 0; e < 2; e++)
			inside = inside && stat[t][e] >= b->lo[t] && stat[t][e] <= b->hi[t];
	sm->ranked[k] = inside ? locate_ranks(kept, at, b->kept, n, stat, &sm->ranks[k])
			       : locate_ranks(x, NULL, n, n, stat, &sm->ranks[k]);
	return true;
}

/* A kept column's mean: from the sums kept as its blocks came when streamed, else added up now (the same sums). */
static double kept_mean(const Sampler *sm, int k, const double *x, bool streamed)
{
	return streamed ? sums_mean(sm->sums + 4 * (size_t)k, x, sm->n) : mean_of(x, sm->n);
}

/*
 * Every watched column's summary, once the samples are in: leaders and the
 * plain (pass 0), then those that follow (pass 1), but for a column not
 * kept, which thin_follow does.
 */
static void summarize_pass(Sampler *sm, bool streamed, int pass)
{
	double stat[3][2];
	for (int k = 0; k < sm->nwatch; k++) {
		const double *x = sampler_column(sm, k);
		int role = sm->role[k];
		if (follows(role) != (pass == 1) || !x)
			continue;
		if (follows(role) && sm->ranked[sm->lead[k]]) {
			sm->sum[k] = follow(x, &sm->ranks[sm->lead[k]], kept_mean(sm, k, x, streamed), role == ROLE_MIRROR);
		} else if (sm->guide[k] >= 0 &&
			   guided_stats(x, sm->ucol[sm->guide[k]], sm->n, sm->gdir[k],
					sm->guess[sm->guide[k]] ? sm->guess[sm->guide[k]] + (sm->gdir[k] > 0) : NULL, stat,
					&sm->ranks[k])) {
			sm->sum[k] = summary_of(stat, sm->n, kept_mean(sm, k, x, streamed));
			sm->ranked[k] = true;
		} else if (sm->kpos[k] >= 0 && !sm->st[k].after && finish_stream(sm, k, x)) {
			continue;
		} else if (role == ROLE_LEAD) {
			sm->ranked[k] = sample_summarize_ranks(x, sm->n, sm->scratch, &sm->sum[k], &sm->ranks[k]);
		} else {
			sample_summarize(x, sm->n, sm->scratch, &sm->sum[k]);
		}
	}
}

/* A column not kept: its block of lanes, then its last n % 4 samples. */
#define THIN_W (LANES + 4)

static double *thin_of(const Sampler *sm, int k)
{
	return sm->thin + (size_t)(-1 - sm->cpos[k]) * THIN_W;
}

/*
 * Where each slot's lanes are: a row of sm->lanes for each slot the tape
 * reads or writes in a sample (the ranged ones and its inputs), in slot
 * order, and none for the others, which it never touches. A preset's 200
 * slots have a few dozen such: fewer pages to touch, and the rows in cache.
 * ptr[k] is the row of slot k (NULL for one without).
 */
static void lay_out_lanes(Sampler *sm, const Program *p)
{
	size_t nslots = (size_t)program_nslots(p), nrows = 0;
	if (sm->cap_row < nslots + 1) {
		free(sm->row);
		sm->row = xmalloc((nslots + 1) * sizeof *sm->row);
		sm->cap_row = nslots + 1;
	}
	int ninputs;
	const int *inputs = program_inputs(p, &ninputs);
	for (size_t k = 0; k < nslots; k++)
		sm->row[k] = program_slot_ranged(p, (int)k) ? 0 : -1;
	for (int i = 0; i < ninputs; i++)
		sm->row[inputs[i]] = 0;
	for (size_t k = 0; k < nslots; k++)
		if (sm->row[k] >= 0)
			sm->row[k] = (int)nrows++;
	reserve_big(sm, BIG_LANES, nrows * LANES + 1);
	for (size_t k = 0; k < nslots; k++)
		sm->ptr[k] = sm->row[k] >= 0 ? sm->lanes + (size_t)sm->row[k] * LANES : NULL;
}

/* Slot k's row of lanes (one the tape touches) */
static double *lane_row(const Sampler *sm, int k)
{
	return sm->lanes + (size_t)sm->row[k] * LANES;
}

/*
 * The summaries of the followers whose columns were not kept: the six
 * samples that hold their leader's order statistics are run through the
 * tape again, from their kept draws (a draw is the same number in any lane),
 * and each follower is read there; its mean is from the sums it kept as the
 * blocks came. False when a leader's ranks are open (a tie): then the
 * columns are needed after all.
 */
typedef struct Again {
	const Program *p;
	const double *base;
	const int *watch, *slot, *upos;
	const Dist *dist;
	int nsrc;
} Again;

static bool thin_follow(Sampler *sm, const Again *g)
{
	size_t n = sm->n;
	for (int lead = 0; lead < sm->nwatch; lead++) {
		bool any = false;
		for (int k = 0; k < sm->nwatch && !any; k++)
			any = sm->cpos[k] < 0 && sm->lead[k] == lead;
		if (!any)
			continue;
		if (!sm->ranked[lead])
			return false;
		const SampleRanks *rk = &sm->ranks[lead];
		lay_out_lanes(sm, g->p);
		for (int i = 0; i < g->nsrc; i++) {
			double u[6], *lanes = lane_row(sm, g->slot[i]);
			for (int j = 0; j < 6; j++)
				u[j] = sm->ucol[g->upos[i]][rk->at[j / 2][j % 2]];
			dist_fill(&g->dist[i], u, lanes, 6);
			for (int j = 6; j < LANES; j++)
				lanes[j] = g->base[g->slot[i]];
		}
		Fault f;
		int bad;
		(void)program_run_lanes(g->p, sm->ptr, LANES, &f, &bad); /* these samples ran without a fault before */
		SampleRanks six = {{{0, 1}, {2, 3}, {4, 5}}, n};
		for (int k = 0; k < sm->nwatch; k++) {
			if (sm->cpos[k] >= 0 || sm->lead[k] != lead)
				continue;
			double mean = sums_tail_mean(sm->sums + 4 * (size_t)k, thin_of(sm, k) + LANES, n);
			sm->sum[k] = follow(lane_row(sm, g->watch[k]), &six, mean, sm->role[k] == ROLE_MIRROR);
		}
	}
	return true;
}

/*
 * The draws of a seed and a count of sources, kept from one run to the
 * next and shared by the threads: every source's uniform numbers in sample
 * order, and for a source drawn from a normal-family distribution their
 * standard normal quantiles, which cost most of a draw. A run with the same
 * seed and as many sources draws the same numbers (a draw does not depend
 * on the count of samples, nor on the distribution): it reads them here. So
 * the presets of --all, each ranged on one input, share one table whatever
 * thread computes them, and the interface's edits, which sample again with
 * the same seed, draw nothing. Up to DRAWS_MAX numbers of each kind are
 * kept; the blocks past them are drawn as they come, as when nothing is.
 *
 * A run takes the table (draws_take) and gives it back at its end
 * (draws_give). Taken, the table holds all its samples, with the quantiles
 * of every source the run draws from a normal-family distribution, and
 * nothing changes what the run reads: another run may add the quantiles of
 * a column no taker reads them in, and one that wants more samples, or
 * other draws, while the table is taken makes a new one; the old is freed
 * when its last taker gives it back.
 */
#define DRAWS_MAX ((size_t)1 << 17)

typedef struct Draws {
	uint64_t seed;
	int nsrc;		/* 0: holds nothing */
	size_t cap;		/* samples held in each column, all drawn: whole blocks of LANES */
	size_t room, zroom;	/* what u and z, and zhave, have room for */
	McRng rng;		/* the generator after them */
	double *u;		/* nsrc columns of cap uniform numbers */
	double *z;		/* nsrc columns: column i holds quantile_z of its u when zhave[i] is cap */
	size_t *zhave;
	int takers;		/* runs reading it now */
} Draws;

static pthread_mutex_t draws_lock = PTHREAD_MUTEX_INITIALIZER;
static Draws *draws_now; /* the table a run takes (NULL: none yet) */

static void draws_free(Draws *t)
{
	free(t->u);
	free(t->z);
	free(t->zhave);
	free(t);
}

/*
 * The guesses of where a falling and a rising leader of each source has its
 * six (nsrc × 2), for the draws of a seed and a count of sources: kept by
 * each thread, since a run writes them as it makes them.
 */
static _Thread_local struct Guesses {
	uint64_t seed;
	int nsrc;
	size_t room;
	GuideGuess *g;
} guesses;

/*
 * What a thread keeps (its spares, its guesses) is freed when it exits: a
 * helper thread that retires (parallel_last) leaves nothing behind. The
 * process's end frees the rest.
 */
static pthread_key_t cache_key;
static bool cache_key_made; /* (none to be had: a retiring thread's cache is left to the process's end) */
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static _Thread_local bool cache_noted;

static void drop_thread_cache(void *unused)
{
	(void)unused;
	for (int k = 0; k < NBIG; k++) {
		free(spare[k].p);
		spare[k] = (struct Spare){NULL, 0};
	}
	free(guesses.g);
	guesses = (struct Guesses){0};
}

static void make_cache_key(void)
{
	cache_key_made = pthread_key_create(&cache_key, drop_thread_cache) == 0;
}

static void thread_cache_held(void)
{
	if (cache_noted)
		return;
	cache_noted = true;
	pthread_once(&cache_once, make_cache_key);
	if (cache_key_made)
		pthread_setspecific(cache_key, &guesses); /* (any pointer but NULL: the destructor runs) */
}

/* This thread's guesses for the draws of seed and nsrc sources: empty when they were for others. */
static GuideGuess *guesses_for(uint64_t seed, int nsrc)
{
	struct Guesses *g = &guesses;
	size_t want = 2 * (size_t)nsrc;
	if (g->g && g->seed == seed && g->nsrc == nsrc)
		return g->g;
	if (g->room < want) {
		free(g->g);
		g->g = xmalloc(want * sizeof *g->g);
		g->room = want;
		thread_cache_held();
	}
	memset(g->g, 0, want * sizeof *g->g);
	g->seed = seed;
	g->nsrc = nsrc;
	return g->g;
}

/* LANES samples' uniform numbers from r, in sample order: source i's at out[i * ld ..]. */
static void draw_block(McRng *r, int nsrc, double *out, size_t ld)
{
	for (size_t j = 0; j < LANES; j++)
		for (int i = 0; i < nsrc; i++)
			out[(size_t)i * ld + j] = mc_unit(r);
}

/*
 * The table for n samples of the nsrc sources dist from seed, taken: the
 * one there when it is theirs and holds them (its quantiles added where
 * dist wants them), else made. draws_give gives it back.
 */
static Draws *draws_take(uint64_t seed, int nsrc, size_t n, const Dist *dist)
{
	size_t limit = DRAWS_MAX / (size_t)nsrc / LANES * LANES;
	size_t want = (n + LANES - 1) / LANES * LANES;
	want = want < limit ? want : limit;
	pthread_mutex_lock(&draws_lock);
	Draws *t = draws_now;
	bool same = t && t->nsrc == nsrc && t->seed == seed;
	if (!same || t->cap < want) {
		size_t have = same ? t->cap : 0;
		if (t && !t->takers && !same && (size_t)nsrc * want <= t->room && (size_t)nsrc <= t->zroom) {
			/* another seed or count of sources, and no run reads the table: the same room, emptied */
			memset(t->zhave, 0, (size_t)nsrc * sizeof *t->zhave);
		} else {
			/* more room: the columns laid out again in a new table, with what they hold (or none, for other draws) */
			Draws *nt = xcalloc(1, sizeof *nt);
			nt->u = xmalloc((size_t)nsrc * want * sizeof *nt->u);
			nt->z = xmalloc((size_t)nsrc * want * sizeof *nt->z);
			nt->zhave = xcalloc((size_t)nsrc, sizeof *nt->zhave);
			nt->room = (size_t)nsrc * want;
			nt->zroom = (size_t)nsrc;
			if (same) {
				for (int i = 0; i < nsrc; i++) {
					memcpy(nt->u + (size_t)i * want, t->u + (size_t)i * t->cap, have * sizeof *nt->u);
					memcpy(nt->z + (size_t)i * want, t->z + (size_t)i * t->cap, t->zhave[i] * sizeof *nt->z);
					nt->zhave[i] = t->zhave[i];
				}
				nt->rng = t->rng;
			}
			if (t && !t->takers)
				draws_free(t);
			/* (else its last taker frees it: it is no longer draws_now) */
			t = draws_now = nt;
		}
		if (!same)
			mc_seed(&t->rng, seed);
		t->seed = seed;
		t->nsrc = nsrc;
		t->cap = want;
		for (size_t start = have; start < want; start += LANES)
			draw_block(&t->rng, nsrc, t->u + start, want);
	}
	for (int i = 0; i < nsrc; i++)
		if (normal_family(&dist[i]) && t->zhave[i] < t->cap) {
			size_t from = t->zhave[i];
			z_fill(t->u + (size_t)i * t->cap + from, t->z + (size_t)i * t->cap + from, t->cap - from);
			t->zhave[i] = t->cap;
		}
	t->takers++;
	pthread_mutex_unlock(&draws_lock);
	return t;
}

static void draws_give(Draws *t)
{
	pthread_mutex_lock(&draws_lock);
	if (--t->takers == 0 && t != draws_now)
		draws_free(t);
	pthread_mutex_unlock(&draws_lock);
}

/*
 * The draws of the block of samples from start (a multiple of LANES, the
 * blocks asked in order): source i's uniform numbers at u[i] and, for a
 * normal-family one, their standard normal quantiles at z[i]. From the
 * table while it holds them; past it from *rng (the table's generator when
 * the first block past it comes), into scratch (nsrc × 2 LANES).
 */
static void block_draws(const Draws *t, size_t start, const Dist *dist, double *scratch, McRng *rng,
			const double **u, const double **z)
{
	int nsrc = t->nsrc;
	if (start < t->cap) {
		for (int i = 0; i < nsrc; i++) {
			u[i] = t->u + (size_t)i * t->cap + start;
			z[i] = t->z + (size_t)i * t->cap + start; /* (read for a normal-family source only: draws_take filled it) */
		}
		return;
	}
	if (start == t->cap)
		*rng = t->rng;
	draw_block(rng, nsrc, scratch, 2 * LANES);
	for (int i = 0; i < nsrc; i++) {
		double *uc = scratch + (size_t)i * 2 * LANES;
		u[i] = uc;
		if (normal_family(&dist[i])) {
			z_fill(uc, uc + LANES, LANES);
			z[i] = uc + LANES;
		}
	}
}

static bool run(Sampler *sm, const Program *p, const double *base, const int *watch, int nwatch, size_t n,
		uint64_t seed, const bool *keep, Fault *f, size_t *sample, bool *again)
{
	size_t nslots = (size_t)program_nslots(p);
	int nsrc = program_nsources(p);
	bool streamed = n >= STREAM_MIN;
	size_t stride = (n + LANES - 1) / LANES * LANES;
	reserve_big(sm, BIG_SCRATCH, 3 * n + 1);
	reserve_big(sm, BIG_DRAWS, (size_t)(nsrc ? nsrc : 1) * 2 * LANES);
	reserve(&sm->sums, &sm->cap_sums, 4 * (size_t)(nwatch ? nwatch : 1));
	reserve_watch(sm, nwatch);
	/* the sources' slots and distributions, in order (before the loop: it allocates nothing) */
	Dist *dist = xmalloc((size_t)(nsrc ? nsrc : 1) * sizeof *dist);
	int *slot = xmalloc((size_t)(nsrc ? nsrc : 1) * sizeof *slot);
	const double **ublock = xmalloc((size_t)(nsrc ? nsrc : 1) * 2 * sizeof *ublock), **zblock = ublock + nsrc;
	for (int i = 0; i < nsrc; i++)
		slot[i] = program_source(p, i, &dist[i], NULL);
	int *upos = xmalloc((size_t)(nsrc ? nsrc : 1) * sizeof *upos), nguides;
	assign_roles(sm, p, base, watch, nwatch, n, slot, upos, &nguides);
	/*
	 * which columns are kept: all, unless keep says which must be; then a
	 * follower's of a guided leader is not (from 2,000 samples, where a mean
	 * is four running sums: a block's share can be added as it comes), and
	 * every source's draws are kept instead, to run its six samples again
	 */
	int nkeep = 0, nthin = 0;
	for (int k = 0; k < nwatch; k++) {
		/* (a guided leader is its range's own function: its ranks hold unless it steps) */
		bool thin = keep && !keep[k] && n >= 2000 && follows(sm->role[k]) && sm->guide[sm->lead[k]] >= 0;
		sm->cpos[k] = thin ? -1 - nthin++ : nkeep++;
	}
	for (int i = 0; nthin && i < nsrc; i++)
		if (upos[i] < 0)
			upos[i] = nguides++;
	reserve_big(sm, BIG_COLS, (size_t)nkeep * stride + 1);
	reserve_big(sm, BIG_THIN, (size_t)nthin * THIN_W + 1);
	/* the guides' uniform numbers: read in the draw table when it will hold all n, else copied as they come */
	Draws *table = nsrc ? draws_take(seed, nsrc, n, dist) : NULL;
	bool in_table = table && n <= table->cap;
	GuideGuess *guess = in_table ? guesses_for(seed, nsrc) : NULL;
	reserve_big(sm, BIG_UCOLS, in_table ? 1 : (size_t)nguides * stride + 1);
	sm->ucol = xmalloc(((size_t)nguides + 1) * sizeof *sm->ucol);
	sm->guess = xmalloc(((size_t)nguides + 1) * sizeof *sm->guess);
	for (int i = 0; i < nsrc; i++)
		if (upos[i] >= 0) {
			sm->ucol[upos[i]] = in_table ? table->u + (size_t)i * table->cap : sm->ucols + (size_t)upos[i] * stride;
			sm->guess[upos[i]] = in_table ? guess + 2 * (size_t)i : NULL;
		}
	/*
	 * room for a fifth of the samples inside the brackets (the pilot expects
	 * about an eighth), for each column that selects; sample numbers too for
	 * a leader; a follower keeps nothing, nor does a guided leader
	 */
	int nkept = 0, nlead = 0;
	for (int k = 0; k < nwatch; k++) {
		bool brackets = streamed && !follows(sm->role[k]) && sm->guide[k] < 0;
		sm->kpos[k] = brackets ? nkept++ : -1;
		sm->apos[k] = brackets && sm->role[k] == ROLE_LEAD ? nlead++ : -1;
	}
	sm->capk = streamed ? n / 5 + LANES : 0;
	reserve_big(sm, BIG_KEPT, (size_t)nkept * sm->capk + 1);
	reserve_big(sm, BIG_KEPT_AT, (size_t)nlead * sm->capk + 1);
	if (sm->cap_ptr < nslots + 1) {
		free(sm->ptr);
		sm->ptr = xmalloc((nslots + 1) * sizeof *sm->ptr);
		sm->cap_ptr = nslots + 1;
	}
	sm->n = n;
	sm->stride = stride;
	sm->nwatch = nwatch;
	memset(sm->sums, 0, 4 * (size_t)nwatch * sizeof *sm->sums);
	for (int k = 0; k < nwatch; k++)
		sm->ranked[k] = false;
	double **ptr = sm->ptr;
	lay_out_lanes(sm, p);
	/* the tape reads these as they are in every sample; the other slots it writes, or the draws fill */
	int ninputs;
	const int *inputs = program_inputs(p, &ninputs);
	for (int i = 0; i < ninputs; i++)
		for (int j = 0; j < LANES; j++)
			lane_row(sm, inputs[i])[j] = base[inputs[i]];
	McRng rng = {{0}}; /* past the table */
	bool ok = true;
	for (size_t start = 0; start < n && ok; start += LANES) {
		size_t lanes = n - start < LANES ? n - start : LANES;
		/* a kept column's lanes are its next block: the tape writes the samples in place */
		for (int k = 0; k < nwatch; k++)
			ptr[watch[k]] = sm->cpos[k] >= 0 ? sm->cols + (size_t)sm->cpos[k] * stride + start : thin_of(sm, k);
		/* the uniform numbers, then each source's quantiles at them */
		if (nsrc)
			block_draws(table, start, dist, sm->draws, &rng, ublock, zblock);
		for (int i = 0; i < nsrc; i++) {
			if (upos[i] >= 0 && !in_table)
				memcpy(sm->ucols + (size_t)upos[i] * stride + start, ublock[i], lanes * sizeof **ublock);
			if (normal_family(&dist[i]))
				dist_fill_z(&dist[i], zblock[i], ptr[slot[i]], lanes);
			else
				dist_fill(&dist[i], ublock[i], ptr[slot[i]], lanes);
			for (size_t j = lanes; j < LANES; j++) /* past n, in the last block: the point value (the tape runs every lane) */
				ptr[slot[i]][j] = base[slot[i]];
		}
		int bad = 0;
		if (!program_run_lanes(p, ptr, LANES, f, &bad)) {
			if (sample)
				*sample = start + (size_t)bad;
			ok = false;
			break;
		}
		/* a column not kept: its share of the mean, and the last samples sums_mean adds one by one */
		for (int k = 0; k < nwatch; k++) {
			if (sm->cpos[k] >= 0)
				continue;
			double *b = thin_of(sm, k);
			add_sums(sm->sums + 4 * (size_t)k, b, 0, lanes);
			if (start + lanes == n)
				memcpy(b + LANES, b + lanes / 4 * 4, (lanes % 4) * sizeof *b);
		}
		if (!streamed)
			continue;
		/* the block is in the cache: its share of each summary now */
		for (int k = 0; k < nwatch; k++) {
			const double *col = sampler_column(sm, k);
			if (!col)
				continue;
			add_sums(sm->sums + 4 * (size_t)k, col, start, start + lanes);
			if (sm->kpos[k] < 0)
				continue;
			if (start + lanes == PILOT) { /* the pilot is in: its values set the brackets */
				memcpy(sm->scratch, col, PILOT * sizeof *col);
				brackets_set(&sm->st[k], sm->scratch, PILOT);
			} else if (start >= PILOT) {
				brackets_take(&sm->st[k], col + start, lanes, start, kept_of(sm, k), kept_at_of(sm, k),
					      sm->capk);
			}
		}
	}
	if (ok) {
		summarize_pass(sm, streamed, 0);
		Again g = {p, base, watch, slot, upos, dist, nsrc};
		*again = nthin && !thin_follow(sm, &g);
		if (!*again)
			summarize_pass(sm, streamed, 1);
	}
	free(dist);
	free(slot);
	free(upos);
	free(ublock);
	free(sm->ucol);
	free(sm->guess);
	sm->ucol = NULL;
	sm->guess = NULL;
	if (table)
		draws_give(table);
	return ok;
}

bool sampler_run(Sampler *sm, const Program *p, const double *base, const int *watch, int nwatch,
		 size_t n, uint64_t seed, const bool *keep, Fault *f, size_t *sample)
{
	bool again = false;
	if (!run(sm, p, base, watch, nwatch, n, seed, keep, f, sample, &again))
		return false;
	/* a leader's ranks were open: its followers need their columns, so the same samples again, every column kept */
	return !again || run(sm, p, base, watch, nwatch, n, seed, NULL, f, sample, &again);
}

size_t sampler_count(const Sampler *sm)
{
	return sm->n;
}

const double *sampler_column(const Sampler *sm, int k)
{
	return sm->cols && sm->cpos[k] >= 0 ? sm->cols + (size_t)sm->cpos[k] * sm->stride : NULL;
}

const Summary *sampler_summary(const Sampler *sm, int k)
{
	return &sm->sum[k];
}
