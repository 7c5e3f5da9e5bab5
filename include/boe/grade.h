/*
 * The drill as a coach: what a wrong answer says about how it was worked out.
 *
 * A GradeModel is a copy of a computed scenario's formulas (parsed again from
 * their text, bound to the same indices) that can recompute one quantity with
 * other values put in: the scenario's inputs changed (peak factor 1: the
 * average instead of the peak) or the candidate's own earlier answers
 * substituted (an answer right from a wrong earlier one). The slips are a
 * table; each is decided by the question's dependency chain (is peak_factor
 * upstream? does the chain convert days to seconds?), never by its name.
 *
 * Core module: no printing.
 */
#ifndef BOE_GRADE_H
#define BOE_GRADE_H

#include <stdbool.h>
#include <stddef.h>
#include "boe/scenario.h"
#include "boe/units.h"

typedef struct GradeModel GradeModel;

/* A copy of computed scenario s's formulas and values; s may be freed afterwards. Free with grade_model_free. */
GradeModel *grade_model_new(const Scenario *s);
void grade_model_free(GradeModel *m);
/* Index of a quantity by name (the scenario's index), or -1. */
int grade_model_find(const GradeModel *m, const char *name);
/* Whether q is computed from `of`, directly or through others. */
bool grade_model_upstream(const GradeModel *m, int q, int of);

typedef struct GradeOverride {
	int q;			/* quantity index */
	double value;		/* base units */
} GradeOverride;

/*
 * Recomputes quantity q with the n overrides put in place of those
 * quantities' values (every quantity in between recomputed from them).
 * False when q cannot be recomputed (a fault, or a formula the copy could
 * not read).
 */
bool grade_model_recompute(const GradeModel *m, int q, const GradeOverride *o, size_t n, double *out);

typedef enum SlipKind {
	SLIP_NONE,
	SLIP_DAY_100K,		/* 86,400 s a day taken as 100K: accepted */
	SLIP_PEAK,		/* the average instead of the peak */
	SLIP_REPLICATION,	/* one copy instead of every replica */
	SLIP_CONCURRENT_USERS,	/* the users online instead of the requests in flight */
	SLIP_BITS,		/* bits and bytes mixed up: 8x */
	SLIP_PERIOD,		/* per year instead of per month, per month instead of per day, ... */
	SLIP_PREFIX,		/* a prefix off by 1000 (or 1024) */
	SLIP_COUNT
} SlipKind;

/* "day-100k", "peak", "replication", "concurrent-users", "bits", "period", "prefix"; "" for none. */
const char *slip_name(SlipKind k);
/* The kind slip_name names; SLIP_NONE for "" or an unknown name. */
SlipKind slip_parse(const char *s);
/* In words, for progress reports: "the average instead of the peak", "bits for bytes (8×)", ... */
const char *slip_words(SlipKind k);

typedef struct Slip {
	SlipKind kind;
	bool accepted;		/* the answer stands as exact; the note says why */
	char note[200];		/* "the average instead of the peak: × peak_factor (3) left out" */
} Slip;

/*
 * Looks for a known slip that explains answer v (base units) to quantity q,
 * whose correct value is c, asked in dimension dim shown with disp. The table
 * is tried in order; the first match is written to out. False (out->kind
 * SLIP_NONE) when none explains it.
 */
bool grade_diagnose(const GradeModel *m, int q, double v, double c, Dim dim, const Display *disp,
		    Slip *out);

/*
 * Whether answer v to q is right from the candidate's earlier answers: q
 * recomputed with earlier[i] put in (only those upstream of q count) is
 * within the exact tolerance of v, and differs from the correct value c. An
 * earlier answer beside q in the chain (the average, then the peak computed
 * from the per-user figures) counts through an input both are computed
 * from, scaled to give the candidate's value.
 * used[i] says which earlier answers q depends on; *from gets the recomputed
 * value.
 */
bool grade_consistent(const GradeModel *m, int q, double v, double c, const GradeOverride *earlier,
		      size_t n, bool *used, double *from);

#endif
