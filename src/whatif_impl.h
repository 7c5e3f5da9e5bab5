/* Shared by solve, sweep and compare: probing a scenario copy at other input values. */
#ifndef BOE_WHATIF_IMPL_H
#define BOE_WHATIF_IMPL_H

#include "boe/whatif.h"

/*
 * A private copy of a scenario whose input is a plain value (a derived input
 * is replaced by its value first), so the compiled program can be run again
 * with only that slot changed.
 */
typedef struct Probe {
	Scenario *c;
	int in;
	double x0;		/* the input's value in the scenario as given */
} Probe;

/* Sets up p for input (a name); err names an unknown or unsettable input. */
bool probe_open(Probe *p, const Scenario *s, const char *input, BoeError *err);
void probe_close(Probe *p);
/* Runs the program with the input at x; false (why filled when given) on a fault. */
bool probe_run(Probe *p, double x, const char **why);
/* The middle of a and b: geometric when both have one sign, else arithmetic. */
double whatif_midpoint(double a, double b);
/* Index of a listed quantity by name in the copy; -1 with err (did you mean) when unknown. */
int probe_find(const Probe *p, const char *name, const char *what, BoeError *err);

/* The quantities between input and result, both included (s->nq flags, caller frees);
   NULL when result does not read input. */
bool *whatif_path(const Scenario *s, int result, int input);

/* Evaluates text (units language, may name s's quantities) into *v and *d. */
bool whatif_eval(const Scenario *s, const char *text, const char *what, double *v, Dim *d, BoeError *err);
/* v as a units-language literal in base units that reads back as v ("23456789", "1500 B", "38.58/s"). */
void whatif_literal(double v, Dim d, int sig, char *out, size_t n);
/* v in q's display unit with sig digits ("547.945205479 years", "20/day"), when that reads back as v. */
bool whatif_display_literal(const Scenario *s, double v, const Quantity *q, int sig, char *out, size_t n);
/* A number for JSON (reads back as v; null for NaN and infinities). */
void whatif_json_num(double v, Buf *out);

#endif
