/*
 * Progress over the practice history, for every mode (drills and mocks'
 * estimates): per quantity and per preset, the time per answer and its
 * trend, the hint rate, the slips the drill diagnosed (forgot the peak, ×8,
 * per year for per month...) and a weekly series.
 *
 * Core module: no printing.
 */
#ifndef BOE_PROGRESS_H
#define BOE_PROGRESS_H

#include <stddef.h>
#include "boe/drill.h"
#include "boe/grade.h"

typedef struct QuantityProgress {
	char *name;
	Skill skill;
	size_t answers, hinted;
	double points, max;	/* share = points / max */
	double time_s;		/* total seconds */
} QuantityProgress;

typedef struct PresetProgress {
	char *name;
	size_t drills, mocks;
	double points, max;
	long last;		/* day of the newest (boe/date.h), -1 unknown */
} PresetProgress;

#define PROGRESS_WEEKS 12

typedef struct Progress {
	QuantityProgress *q;	/* weakest first (lowest share), then by name */
	size_t nq;
	PresetProgress *p;	/* by name */
	size_t np;
	size_t answers, hinted;
	size_t slips[SLIP_COUNT];
	double time_first, time_recent;	/* mean seconds per answer: the oldest half, the newest half; -1 none */
	int nweeks;			/* oldest first, the last the newest answer's week */
	long week[PROGRESS_WEEKS];	/* Mondays */
	size_t week_answers[PROGRESS_WEEKS];
	double week_share[PROGRESS_WEEKS];	/* share of points, -1 none */
	double week_time[PROGRESS_WEEKS];	/* mean seconds per answer, -1 none */
} Progress;

/* Fills out from h (graded answers only). Free with progress_free. */
void progress_compute(const DrillHistory *h, Progress *out);
void progress_free(Progress *p);

#endif
