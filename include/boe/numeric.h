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

/* The distance from |x| to the next larger double (the unit in the last place). */
double num_ulp(double x);
/* round(x) when x is within NUM_SNAP_ULPS ulps of it, else x. */
double num_snap(double x);
/* ceil and floor of num_snap(x): exact, except that float noise does not cross a whole number. */
double num_ceil(double x);
double num_floor(double x);
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
