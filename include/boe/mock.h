/*
 * A mock interview's estimation phase (the guide's minute 0–8), then the
 * Part 33 self-score sheet and its weekly trend.
 *
 * The mock gives only the scope, as an interviewer would. The candidate first
 * states every input the estimation chain needs (each checked for
 * plausibility against the preset's figure and the guide's range), then
 * answers the headline estimates in chain order. The estimates are graded
 * against the chain computed from the candidate's own assumptions, by a drill
 * (boe/drill.h) built on a copy of the scenario with those assumptions put
 * in. One clock (8 minutes by default) runs over both phases.
 *
 *	Mock *m = mock_new(scenario, &opts, &err);
 *	while ((in = mock_next_input(m)))		 // the assumptions
 *		mock_state(m, text, &res, msg, n)  or  mock_range(m)  for "?"
 *	Drill *d = mock_estimates(m, &err);		 // the estimates: drive it as a drill
 *	...
 *	mock_score(m, &score);				 // 1–5 with its evidence
 *
 * Core module: no printing, no exit.
 */
#ifndef BOE_MOCK_H
#define BOE_MOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "boe/drill.h"
#include "boe/scenario.h"
#include "boe/units.h"
#include "boe/util.h"

#define MOCK_DEFAULT_LIMIT (8 * 60.0)	/* the guide's minute 0–8 */

typedef enum MockVerdict {
	MOCK_UNSTATED,		/* left to boe's (the preset's) figure */
	MOCK_PLAUSIBLE,
	MOCK_IMPLAUSIBLE,
} MockVerdict;

typedef struct MockInput {
	char *name;		/* the quantity */
	char *label;		/* "peak factor", "writes" */
	char *unit;		/* the unit a bare number is read in ("", "/month", "B") */
	char *unit_phrase;	/* "a number", "per month", "in B" */
	double unit_factor;
	Dim dim;
	Display disp;
	double preset_value;	/* the preset's figure, base units */
	char *preset_text;	/* "3", "100M / month" */
	char *told;		/* how the interviewer states it, when the scope holds it, else NULL */
	char *range;		/* the guide's usual range in words ("2–5×"), or NULL */
	double lo, hi;		/* that range as numbers (base units); lo > hi when none */
	/* what the candidate said */
	MockVerdict verdict;
	char *answer;		/* as typed, or NULL */
	double value;		/* base units (the preset's when unstated) */
	char note[240];		/* "peak factor 50×: the guide's range is 2–5×" */
} MockInput;

typedef struct MockOptions {
	double limit;		/* seconds for both phases; 0: MOCK_DEFAULT_LIMIT */
	bool skill_only;	/* estimates of one skill only */
	Skill skill;
	time_t date;		/* written in the history, 0: now */
	double (*clock)(void *ctx);	/* seconds, monotonic; NULL: now_seconds() */
	void *clock_ctx;
} MockOptions;

typedef struct Mock Mock;

/* A mock on computed scenario s (copied). NULL with err filled when it has nothing to estimate. */
Mock *mock_new(const Scenario *s, const MockOptions *o, BoeError *err);
void mock_free(Mock *m);

const char *mock_preset(const Mock *m);
const char *mock_title(const Mock *m);
/* The scope as the interviewer states it (the preset's summary). */
const char *mock_scope(const Mock *m);
double mock_limit(const Mock *m);

size_t mock_ninputs(const Mock *m);
const MockInput *mock_input(const Mock *m, size_t i);
/* The input to state next (starts the clock), or NULL when every one is stated or the time is up. */
const MockInput *mock_next_input(Mock *m);
/* The usual range for the current input, in words ("the guide's range: 2–5×; the preset says 3"). Caller frees. */
char *mock_range(const Mock *m);
/*
 * States text as the current input ("" keeps the preset's figure, unstated)
 * and moves on; the verdict and note are in the input. False with msg filled
 * when text is not a figure of the input's unit or the scenario refuses it
 * (a fraction over 100%): nothing changes (ask again).
 */
bool mock_state(Mock *m, const char *text, char *msg, size_t msgn);
/* Leaves the current input to the preset's figure (unstated) and moves on. */
void mock_unstated(Mock *m);
/* "peak factor: 50 — implausible: the guide's range is 2–5×". Appends to out. */
void mock_input_text(const MockInput *in, Buf *out);

/*
 * The estimates: a drill on the scenario with the candidate's assumptions
 * put in, asked in chain order (no availability or latency block results),
 * timed by what is left of the limit. The mock owns it. NULL with err filled
 * when the assumptions do not compute.
 */
Drill *mock_estimates(Mock *m, BoeError *err);
/* Seconds left of the limit (0 when over). */
double mock_time_left(const Mock *m);
/* Seconds since the first input was asked. */
double mock_elapsed(const Mock *m);

typedef struct MockCheck {
	const char *what;	/* "assumptions stated", "chain complete", "steps consistent",
				   "peak applied", "replication", "bits and bytes", "time" */
	int state;		/* 1 passed, 0 failed, -1 does not apply */
	char detail[240];
} MockCheck;

#define MOCK_NCHECKS 7

typedef struct MockScore {
	int score;		/* 1–5: 5 less one per failed check, at least 1; no estimate at all is 1 */
	MockCheck checks[MOCK_NCHECKS];
	char meaning[80];	/* the guide's words for the score: "Full BOE chain with stated assumptions" */
} MockScore;

/* The Part 33 estimation score, with its evidence. Call after the estimates drill is finished. */
void mock_score(const Mock *m, MockScore *out);

/* ---- the Part 33 self-score sheet ---- */

#define RUBRIC_DIMS 12
#define RUBRIC_BOE 1		/* "Back-of-envelope": the mock's own score is offered */

typedef struct RubricDim {
	const char *name;	/* "Requirements & scope" */
	const char *part;	/* "Part 2" */
	const char *study;	/* what that part covers */
} RubricDim;

const RubricDim *rubric_dims(void);
/* "Interview-ready for most senior loops" (48–60), "Targeted study on the lowest 3 dimensions" (36–47),
   "Repeat the framework (Part 2); more mocks before real interviews" (under 36). */
const char *rubric_band(int total);
/* "48–60", "36–47", "under 36". */
const char *rubric_band_range(int total);

typedef struct MockSheet {
	char *date;		/* ISO 8601 */
	time_t when;
	char *preset;
	int estimation;		/* the mock's estimation score, 0 none */
	int scores[RUBRIC_DIMS];
	int total;
} MockSheet;

typedef struct MockSheets {
	MockSheet *s;
	size_t n;
	size_t bad_lines;
} MockSheets;

/* $XDG_STATE_HOME/boe/mock.jsonl. Caller frees. NULL with err when no place. */
char *mock_sheets_path(BoeError *err);
MockSheets *mock_sheets_load(const char *path, BoeError *err);
MockSheets *mock_sheets_parse(const char *text, size_t n);
void mock_sheets_free(MockSheets *ms);
/* Appends a sheet (scores 1–5 each) atomically. */
bool mock_sheet_save(const char *path, time_t when, const char *preset, int estimation,
		     const int scores[RUBRIC_DIMS], BoeError *err);
/* The lowest dimensions, lowest first (ties in sheet order): writes up to n indices, returns how many. */
size_t rubric_lowest(const int scores[RUBRIC_DIMS], size_t *out, size_t n);

#define MOCK_TREND_WEEKS 12

typedef struct MockTrend {
	int nweeks;			/* weeks shown, oldest first, up to the newest sheet's */
	long week[MOCK_TREND_WEEKS];	/* the Monday of each (a day number) */
	double mean[MOCK_TREND_WEEKS];	/* mean total, -1 no mock that week */
	int count[MOCK_TREND_WEEKS];
	bool plateau;			/* the last three weeks with mocks within 2 points of each other */
	double first, last;		/* the first and last weeks' means */
} MockTrend;

void mock_trend(const MockSheets *ms, MockTrend *out);

#endif
