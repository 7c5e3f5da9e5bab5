/*
 * Numbers that forgive float noise and nothing more. A result computed in
 * binary floating point may miss the whole number (or the half) it stands for
 * by a few units in the last place: 0.1 * 3 * 10 is 3.0000000000000004. Such a
 * result counts as the whole number; anything farther away, however close in
 * relative terms (5e9 - 1, 10,000,000.005), is taken exactly as it is.
 *
 * Comparisons of the units language are looser on purpose: two values within
 * NUM_CMP_REL of each other (relative) are equal, so 1 - 99% == 1% holds.
 */
#ifndef BOE_NUMERIC_H
#define BOE_NUMERIC_H

#include <stdbool.h>

/*
 * How many units in the last place a result may be off a whole number (or a
 * half) and still count as it; never more than 1/8 (that is, above about 2.8e14).
 */
#define NUM_SNAP_ULPS 4
/* Relative tolerance of ==, !=, <, <=, >, >= in the units language. */
#define NUM_CMP_REL 1e-9

#include <math.h>
#include <stdint.h>
#include <string.h>

/* The distance from |x| to the next larger double (the unit in the last place). */
static inline double num_ulp(double x)
{
	/* from the bits: a finite double's ulp is 2^(exponent - 52), a subnormal's 2^-1074 */
	uint64_t bits;
	memcpy(&bits, &x, sizeof bits);
	unsigned e = (unsigned)(bits >> 52) & 0x7ff;
	if (e == 0x7ff) /* infinity or NaN */
		return fabs(x);
	if (e == 0x7fe && (bits & 0xfffffffffffffull) == 0xfffffffffffffull)
		return ldexp(1, 971); /* the largest double: the step below it */
	if (e <= 52) /* the ulp itself is subnormal: 2^(e - 1075), at least 2^-1074 */
		bits = (uint64_t)1 << (e ? e - 1 : 0);
	else
		bits = (uint64_t)(e - 52) << 52;
	double u;
	memcpy(&u, &bits, sizeof u);
	return u;
}

/*
 * How far from a whole number (or a half) x may be and still count as it:
 * NUM_SNAP_ULPS ulps, but never more than an eighth, so that above 2^48,
 * where four ulps reach a quarter, a written 1e15 + 0.5 keeps its half.
 */
static inline double num_snap_window(double x)
{
	double w = NUM_SNAP_ULPS * num_ulp(x);
	return w < 0.125 ? w : 0.125;
}

/* round(x) when x is within NUM_SNAP_ULPS ulps of it, else x. */
static inline double num_snap(double x)
{
	double r = round(x), d = fabs(x - r);
	if (d == 0 || d > 0.125) /* whole already, or beyond any window: no ulp to work out */
		return d == 0 ? r : x;
	return d <= num_snap_window(x) ? r : x;
}

/*
 * ceil and floor of num_snap(x): exact, except that float noise does not
 * cross a whole number. Worked out without calls (they run per sample): the
 * whole part by conversion, then a step back when x is only noise past it.
 */
static inline double num_ceil(double x)
{
	if (!(fabs(x) < 4503599627370496.0)) /* 2^52 and beyond (and NaN): already whole */
		return x;
	double t = (double)(long long)x, c = t < x ? t + 1 : t;
	double past = x - (c - 1); /* how far x lies above the whole number below c: exact */
	if (past <= 0.125 && past <= num_snap_window(x))
		c -= 1;
	return c == 0 ? copysign(0.0, x) : c;
}

static inline double num_floor(double x)
{
	if (!(fabs(x) < 4503599627370496.0))
		return x;
	double t = (double)(long long)x, f = t > x ? t - 1 : t;
	double short_of = (f + 1) - x; /* how far x lies below the whole number above f */
	if (short_of <= 0.125 && short_of <= num_snap_window(x))
		f += 1;
	return f == 0 ? copysign(0.0, x) : f;
}

/* Nearest whole number, halves away from zero; within a few ulps of a half counts as the half. */
double num_round(double x);
/* The least power of two at or above x (1 for x <= 1); float noise above a power is that power. */
double num_pow2ceil(double x);
/*
 * Compares a and b with the relative tolerance NUM_CMP_REL:
 * -1 when a < b, 0 when |a - b| <= NUM_CMP_REL * max(|a|, |b|), 1 when a > b.
 */
int num_cmp(double a, double b);

#endif
