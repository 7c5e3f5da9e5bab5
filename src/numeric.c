/*
 * Rounding and comparison that tell float noise from real differences (see
 * include/boe/numeric.h). The rounding functions of the units language, the
 * comparisons and the faces that count whole things (shards in a chart) all
 * go through here, so they agree with each other.
 */
#include <math.h>

#include "boe/numeric.h"

/* num_ulp, num_snap, num_ceil and num_floor are inline, in the header: the Monte Carlo loops call them per sample. */

double num_round(double x)
{
	double a = fabs(x);
	if (!isfinite(a) || a >= 4503599627370496.0) /* 2^52: every double is whole */
		return x;
	double half = floor(a) + 0.5;
	double r = fabs(a - half) <= num_snap_window(a) ? floor(a) + 1 : round(a);
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
	return x - below <= num_snap_window(x) ? below : ldexp(1, e);
}

int num_cmp(double a, double b)
{
	if (fabs(a - b) <= NUM_CMP_REL * fmax(fabs(a), fabs(b)))
		return 0;
	return a < b ? -1 : 1;
}
