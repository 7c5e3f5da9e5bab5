/*
 * What-if questions about a computed scenario (spec §8): solve for the input
 * that makes a result reach a target, compare scenarios side by side, sweep
 * an input across a range. Each runs the scenario's compiled program over and
 * over with one input changed; none changes the scenario it is given (solve
 * and sweep work on a private copy).
 *
 * The writers fill a Buf in text, markdown, JSON or CSV; the faces print it.
 */
#ifndef BOE_WHATIF_H
#define BOE_WHATIF_H

#include <stdbool.h>
#include <stddef.h>
#include "boe/scenario.h"

typedef enum WhatifFormat { WF_TEXT, WF_MARKDOWN, WF_JSON, WF_CSV } WhatifFormat;

/* Parses "text", "markdown" (or "md"), "json", "csv". */
bool whatif_format_parse(const char *s, WhatifFormat *out);

/*
 * A copy of a computed scenario: the same file, with every value changed
 * since it was loaded (--set, edits) changed the same way, computed. NULL with
 * err filled when it cannot be rebuilt. Caller frees with scenario_free.
 */
Scenario *whatif_copy(const Scenario *s, BoeError *err);

/* Whether result (by index) changes in whole steps as input does: a ceil,
 * floor, round, pow2ceil, Bloom size or comparison lies between them. */
bool whatif_is_step(const Scenario *s, int result, int input);
/* Whether result reads input, directly or through other quantities. */
bool whatif_depends(const Scenario *s, int result, int input);

/* ---- solve ---- */

/* One line of the derivation at the answer: a quantity between INPUT and NAME. */
typedef struct SolveStep {
	char *name;
	char *explain;		/* "peak_qps = ... = 34.7K/s" */
	char *decides;		/* which bound of a max() decides, or NULL */
} SolveStep;

typedef struct SolveResult {
	char *name, *input;	/* NAME and INPUT */
	char *scenario;		/* the scenario's name */
	double target;		/* TARGET in base units */
	char target_shown[64];
	double answer;		/* INPUT in base units */
	char shown[64];		/* the answer as boe shows it ("23.4M") */
	char set_text[96];	/* the answer in the units language, for --set: gives the result */
	bool step;		/* NAME is a step result: the answer is the last INPUT at or under TARGET */
	bool rising;		/* NAME grows with INPUT */
	double reached;		/* NAME at set_text */
	char reached_shown[64];
	/* step results: NAME just past the answer (above it when rising, below when falling) */
	double beyond, beyond_at;
	char beyond_shown[64], beyond_at_shown[64];
	double input_before;	/* INPUT in the scenario as given */
	char before_shown[64];
	SolveStep *steps;	/* INPUT's users up to NAME, in evaluation order, at the answer */
	size_t nsteps;
} SolveResult;

/*
 * Finds the value of input at which name reaches target (an expression in the
 * units language with name's dimension; it may refer to the scenario's
 * quantities). A step result gets the largest input that keeps it at or under
 * target (the smallest when it falls as input grows). Brackets on a grid from
 * a trillionth to a trillion times input's value (0 to 100% for a fraction),
 * then bisects, in log space for positive values. False with err saying why a
 * person cannot have an answer: unknown names, name does not depend on input,
 * target out of reach, not monotone. Free r with solve_result_free.
 */
bool whatif_solve(const Scenario *s, const char *name, const char *target, const char *input,
		  SolveResult *r, BoeError *err);
void solve_result_free(SolveResult *r);
/* The answer with its derivation (text, markdown or JSON). */
void solve_write(const SolveResult *r, WhatifFormat f, Buf *out);

/* ---- compare ---- */

/* How a value compares with the one it is compared to (the baseline). */
typedef struct ValueDiff {
	bool differs;		/* not equal within NUM_CMP_REL, or of another dimension */
	bool has_ratio;		/* both of one dimension and the baseline not 0 */
	double ratio;		/* value / baseline */
} ValueDiff;

ValueDiff compare_values(double base, Dim base_dim, double v, Dim dim);
/* The ratio as shown: "×5", "×0.4", "×1"; "new" when the baseline is 0; "" without one. */
void compare_ratio_text(const ValueDiff *d, char *out, size_t n);
/*
 * The change for a column beside the value (the interface's baseline, the
 * markdown export's "Against the file"): "=" when equal as compare_values
 * decides, "+12%" within a factor of two, "×3" or "÷2" beyond, "up" or "down"
 * across zero, "new" when base is NaN (the file has no such quantity).
 */
void compare_short_text(double base, double now, char *out, size_t n);
/* A change from base to now for one line ("×5, was 10M"); "" when equal. */
void compare_change_text(double base, double now, Dim d, const Display *disp,
			 const DisplayPrefs *prefs, char *out, size_t n);

typedef struct CompareRow {
	const char *name;	/* points into the first scenario that has the quantity, or at own */
	char *own;		/* the name of a row of the blocks ("tier CDN", "hop load balancer") */
	const char *group;	/* the heading the row goes under: its section's, or "Latency budget" */
	Section section;
	int *q;			/* per column: the quantity's index, or -1 when that scenario has none */
	ValueDiff *diff;	/* per column, against the first (diff[0] is equal) */
	bool differs;		/* some column differs from the first */
} CompareRow;

typedef struct Comparison {
	Scenario *const *cols;	/* not owned */
	char **labels;		/* column titles */
	size_t ncols;
	CompareRow *rows;	/* by section, each scenario's display order, first column first */
	size_t nrows;
} Comparison;

/*
 * Lines up n computed scenarios (labels: column titles, NULL for their names).
 * The scenarios must outlive the comparison. Free with compare_free.
 */
Comparison *compare_new(Scenario *const *list, const char *const *labels, size_t n);
void compare_free(Comparison *c);
/* Text, markdown (a GitHub table) or JSON; changed_only hides the rows that do not differ. */
void compare_write(const Comparison *c, WhatifFormat f, bool changed_only, const DisplayPrefs *prefs,
		   Buf *out);

/* ---- sweep ---- */

/* A step result changing between two rows, found by bisection. */
typedef struct SweepChange {
	int col, row;		/* the shown result, and the row where the new value is first seen */
	double from, to;	/* the values of the rows on either side */
	double at;		/* INPUT where it first leaves from */
	double last_at;		/* INPUT where it last changes before reaching to (== at for one step) */
	bool single;		/* one step from..to */
} SweepChange;

typedef struct Sweep {
	char *scenario, *input;
	Dim in_dim;
	Display in_disp;
	bool log;		/* log-spaced (both ends positive) */
	double lo, hi;
	int nrows, ncols;
	double *x;		/* INPUT per row */
	char **names;		/* the shown results */
	Dim *dims;
	Display *disps;
	bool *step, *depends;	/* per column */
	double *v;		/* nrows × ncols, NAN where a row failed */
	char **row_error;	/* per row: NULL, or why it could not be computed */
	SweepChange *changes;
	int nchanges;
	/* the chart: the first shown result at npoints values of INPUT */
	int npoints;
	double *px, *py;
} Sweep;

/* The headline results a sweep shows by default. */
extern const char *const sweep_default_show[];
#define SWEEP_DEFAULT_SHOW 7

/*
 * Evaluates s at steps values of input from LO to HI (range "LO..HI" in the
 * units language; a unit after a bare HI applies to a bare LO), log-spaced
 * when both ends are positive, showing the results named in show (NULL: the
 * default ones). Marks where each step result changes, and samples the first
 * shown result at chart_points values for a chart (0: none). Free w with sweep_free.
 */
bool whatif_sweep(const Scenario *s, const char *input, const char *range, int steps,
		  const char *const *show, size_t nshow, int chart_points, Sweep *w, BoeError *err);
/* The same between two values in base units (the interface's Sweep view). */
bool whatif_sweep_between(const Scenario *s, const char *input, double lo, double hi, int steps,
			  const char *const *show, size_t nshow, int chart_points, Sweep *w, BoeError *err);
void sweep_free(Sweep *w);
/* A row per step; the text form ends with a chart of the first shown result. */
void sweep_write(const Sweep *w, WhatifFormat f, Buf *out);
/* "shards 1 → 2 at dau ≈ 180M" (or "between dau ≈ A and ≈ B" for several steps). */
void sweep_change_text(const Sweep *w, const SweepChange *c, char *out, size_t n);

#endif
