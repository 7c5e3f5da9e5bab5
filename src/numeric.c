/*
 * Rounding and comparison that tell float noise from real differences (see
 * include/boe/numeric.h). The rounding functions of the units language, the
 * comparisons and the faces that count whole things (shards in a chart) all
 * go through here, so they agree with each other.
 */
#include <math.h>

#include "boe/numeric.h"

double num_ulp(double x)
{
	double a = fabs(x);
	if (!isfinite(a))
		return a;
	double next = nextafter(a, INFINITY);
	return isfinite(next) ? next - a : a - nextafter(a, 0);
}

/*
 * How far from a whole number (or a half) x may be and still count as it:
 * NUM_SNAP_ULPS ulps, but never more than an eighth, so that above 2^48,
 * where four ulps reach a quarter, a written 1e15 + 0.5 keeps its half.
 */
static double snap_window(double x)
{
	return fmin(NUM_SNAP_ULPS * num_ulp(x), 0.125);
}

double num_snap(double x)
{
	double r = round(x), d = fabs(x - r);
	if (d == 0 || d > 0.125) /* whole already, or beyond any window: no ulp to work out */
		return d == 0 ? r : x;
	return d <= snap_window(x) ? r : x;
}

double num_ceil(double x)
{
	return ceil(num_snap(x));
}

double num_floor(double x)
{
	return floor(num_snap(x));
}

double num_round(double x)
{
	double a = fabs(x);
	if (!isfinite(a) || a >= 4503599627370496.0) /* 2^52: every double is whole */
		return x;
	double half = floor(a) + 0.5;
	double r = fabs(a - half) <= snap_window(a) ? floor(a) + 1 : round(a);
	return x < 0 ? -r : r;
}

double num_pow2ceil(double x)
{
	if (!(x > 1))
		return 1;
	if (!isfinite(x))
		return x;
	int e;
	frexp(x, &e); /* x = m * 2^e with 0.5 <= m < 1 */
	double below = ldexp(1, e - 1);
	return x - below <= snap_window(x) ? below : ldexp(1, e);
}

int num_cmp(double a, double b)
{
	if (fabs(a - b) <= NUM_CMP_REL * fmax(fabs(a), fabs(b)))
		return 0;
	return a < b ? -1 : 1;
}
