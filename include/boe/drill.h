/*
 * Interview practice: a drill built from a computed scenario. It asks for the
 * estimation chain one quantity at a time, grades each answer typed in the
 * units language, gives hints, keeps points and time, and reads and appends
 * the practice history that drives spaced repetition and the per-skill stats.
 *
 * Core module: no printing, no exit, no terminal. The line-oriented CLI
 * (boe practice) and the interface's drill screen are two faces of it:
 *
 *	Drill *d = drill_new(scenario, &opts);
 *	while (!drill_done(d)) {
 *		const DrillQuestion *q = drill_ask(d);	  // starts its clock
 *		... show q->line, read text ...
 *		DrillResult r;
 *		if (is "?"/"hint")  show drill_hint(d);
 *		else if (is "skip") drill_skip(d, &r);
 *		else if (!drill_answer(d, text, &r, msg, sizeof msg))
 *			show msg, ask again (a terminal) or drill_unreadable (a pipe);
 *		show r (grade word, correct value, derivation)
 *	}
 *	drill_finish(d);		// the rest (if any) count as unanswered
 *	drill_score(d, &p, &m);
 *	drill_save_history(d, NULL, &err);
 *	drill_free(d);
 */
#ifndef BOE_DRILL_H
#define BOE_DRILL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "boe/preset.h"
#include "boe/scenario.h"
#include "boe/util.h"

/* ---- skills and grades ---- */

typedef enum Skill {
	SKILL_TRAFFIC, SKILL_STORAGE, SKILL_BANDWIDTH, SKILL_CONCURRENCY,
	SKILL_CACHING, SKILL_AVAILABILITY, SKILL_LATENCY, SKILL_COST, SKILL_COUNT
} Skill;

/* "traffic", "storage", "bandwidth", "concurrency", "caching", "availability",
 * "latency", "cost". */
const char *skill_name(Skill s);
/* Parses a skill name; false when unknown. */
bool skill_parse(const char *s, Skill *out);

typedef enum Grade {
	GRADE_UNANSWERED,	/* never answered (input ended, drill quit) */
	GRADE_EXACT,		/* within 10 % (inclusive) */
	GRADE_CLOSE,		/* within a factor of 2 (inclusive) */
	GRADE_OFF,		/* beyond a factor of 2, or of the wrong sign */
	GRADE_WRONG_UNIT,	/* the answer's dimension differs from the question's */
	GRADE_SKIPPED,		/* "skip" */
	GRADE_CONSISTENT,	/* wrong, but right from the candidate's own earlier (wrong) answers */
	GRADE_UNREADABLE,	/* a line that is not an answer, where asking again is not possible */
	GRADE_COUNT
} Grade;

/* The grade as printed first on a grade line: "unanswered", "exact", "close",
 * "off", "wrong-unit", "skipped", "consistent", "unreadable". */
const char *grade_name(Grade g);
bool grade_parse(const char *s, Grade *out);
/* Points before hints and time limit: exact 2, close and consistent 1, otherwise 0. */
double grade_points(Grade g);

#define DRILL_MAX_POINTS 2.0
#define DRILL_EXACT_TOL 0.10	/* relative */
#define DRILL_CLOSE_FACTOR 2.0
#define DRILL_STRICT_SHARE 0.70	/* boe practice --strict: the share of the points to reach */

/*
 * Grades answer value v (base units) against the correct value c of the same
 * dimension: exact when |v - c| <= 10 % of |c|, close when v / c lies in
 * [1/2, 2], otherwise off. A correct value of zero is exact only for an answer
 * of zero. Boundaries are inclusive (with a relative slack of 1e-9 for
 * rounding).
 */
Grade drill_grade_value(double v, double c);

/* ---- history ---- */

typedef struct DrillRecordAnswer {
	char *quantity;
	Skill skill;
	char *answer;		/* as typed, or "" */
	Grade grade;
	int hints;
	bool late;		/* answered after the time limit */
	double points, max;
	double time_s;		/* time to answer, seconds */
	int slip;		/* the SlipKind diagnosed (boe/grade.h), 0 none */
} DrillRecordAnswer;

typedef struct DrillRecord {
	char *date;		/* ISO 8601 UTC, "2024-05-01T12:00:00Z" */
	time_t when;		/* date as seconds since the epoch, 0 when unreadable */
	char *preset;		/* preset name (or the file's name) */
	char *file;		/* the file drilled, as an absolute path, or NULL (an older record, stdin) */
	char *mode;		/* "drill", or "mock" for a mock's estimates */
	double points, max;
	double time_s;		/* whole drill */
	DrillRecordAnswer *answers;
	size_t nanswers;
} DrillRecord;

typedef struct DrillHistory {
	DrillRecord *records;	/* oldest first, as in the file */
	size_t nrecords;
	size_t bad_lines;	/* lines that were not a drill record (skipped) */
} DrillHistory;

/* $XDG_STATE_HOME/boe/history.jsonl (default ~/.local/state/boe/history.jsonl).
 * NULL with err filled when neither XDG_STATE_HOME nor HOME is usable. Caller frees. */
char *drill_history_path(BoeError *err);
/*
 * Reads a history file (path NULL: the default). A missing file is an empty
 * history. Unreadable lines are skipped and counted. NULL with err filled when
 * the file exists but cannot be read. Free with drill_history_free.
 */
DrillHistory *drill_history_load(const char *path, BoeError *err);
/* Parses history text (JSON lines). Never NULL. */
DrillHistory *drill_history_parse(const char *text, size_t n);
void drill_history_free(DrillHistory *h);

/*
 * How weak the candidate is on a quantity (by name) or a skill, from 0 (always
 * exact lately) to 1 (always off or skipped lately): one minus the recency-
 * weighted share of points, the most recent answer weighing most. Unanswered
 * questions are ignored. -1 when the history has no answer for it.
 */
double drill_weakness_quantity(const DrillHistory *h, const char *quantity);
double drill_weakness_skill(const DrillHistory *h, Skill s);

/* ---- stats over time ---- */

#define DRILL_STAT_BUCKETS 12

typedef struct DrillSkillStats {
	size_t answers;		/* graded answers (unanswered ones are not counted) */
	double points, max;
	double first;		/* share of points in the oldest half of its answers, -1 none */
	double recent;		/* recency-weighted share (1 - weakness), -1 none */
	double bucket[DRILL_STAT_BUCKETS];	/* share of points per period, -1 none */
} DrillSkillStats;

typedef struct DrillStats {
	size_t drills, answers;
	time_t first, last;	/* dates of the oldest and newest drill */
	int nbuckets;		/* periods used, oldest first, the last ending at `last` */
	int bucket_days;	/* length of one period: 1 (days) or 7 (weeks) */
	time_t bucket_start[DRILL_STAT_BUCKETS];
	DrillSkillStats skill[SKILL_COUNT];
	int weakest;		/* the Skill with the lowest recent share, -1 when none answered */
} DrillStats;

/* Per-skill progress over the history's time span. */
void drill_stats(const DrillHistory *h, DrillStats *out);

/* ---- the drill ---- */

typedef struct DrillOptions {
	unsigned long long seed;	/* alone decides which questions (see drill_pick_seed) */
	size_t max_questions;		/* 0: the whole chain */
	double time_limit;		/* seconds per question (--time-each); 0: none */
	double total_limit;		/* seconds for the whole drill (--time); 0: none */
	bool calc;			/* answers may be worked out with operators and functions */
	const DrillHistory *history;	/* may be NULL; never changes which questions */
	double (*clock)(void *ctx);	/* seconds, monotonic; NULL: now_seconds() */
	void *clock_ctx;
	/* which questions (after the chain is built, before max_questions draws) */
	bool skill_only;		/* only questions of skill (--skill) */
	Skill skill;
	const char *const *only;	/* only these quantities (--retry), when nonly > 0 */
	size_t nonly;
	bool estimates_only;		/* the standard chain's headline estimates only: no define, no
					   availability or latency block result (a mock) */
	/* the history line */
	const char *mode;		/* "mock", or NULL for a drill */
	time_t date;			/* the date written, 0: now */
} DrillOptions;

/* One thing the candidate is told, or states as an assumption, before the questions. */
typedef struct DrillGiven {
	char *name;		/* the quantity (an internal one for a tier or a hop) */
	char *text;		/* as written: "100M / month" */
	char *value;		/* formatted: "38.6/s" */
	char *meaning;		/* the standard meaning, or the file's note, or NULL */
	bool assumed;		/* stated by the candidate: a default, or an assumption the preset
				   made (peak factor, replication...) that the interviewer did not tell */
	bool standard;		/* boe's default: the scenario does not set it */
	bool told;		/* the file says how the interviewer states it (told:) */
	char *line;		/* what to show, without internal names or derived values:
				   "100M new URLs a month", "peak factor: 3 (assumption; the guide says 2–5×)",
				   "load balancer: 99.99% available, 2 in parallel" */
	char *also;		/* a second quantity the line states (a tier's replicas), or NULL */
	Dim dim;
	double num;		/* its value, base units */
} DrillGiven;

typedef struct DrillQuestion {
	int n;			/* 1-based number */
	int q;			/* quantity index in the scenario */
	char *name;		/* quantity name */
	Skill skill;
	char *wording;		/* "What is the peak request rate?" */
	char *unit;		/* the unit the question names, in the units language: "/s", "GB/day", "" for a count */
	char *unit_phrase;	/* how the question says it: "per second", "GB/day", "a number" */
	char *line;		/* "Q3 [peak_qps] What is the peak request rate? (answer per second)" */
	Dim dim;
	Display disp;		/* how the question shows values (its unit) */
	double unit_factor;	/* value of one `unit` in base units (1 for a count) */
	double value;		/* the correct value, base units */
	char *value_text;	/* "34.7K/s" */
	char *explain;		/* "peak_qps = peak_read_qps + peak_write_qps = 34.4K/s + 344/s = 34.7K/s" */
	char *formula;		/* first hint */
	char *substituted;	/* second hint */
	/* state */
	Grade grade;
	int hints;		/* hints shown (0 to 3) */
	bool late;
	double points;
	double time_s;		/* from drill_ask to the answer (or skip) */
	char *answer;		/* as typed, or NULL */
	double answer_value;	/* base units, when graded by value */
	int slip;		/* the SlipKind diagnosed, 0 none */
	bool block;		/* a result of the availability or latency block */
} DrillQuestion;

/* What one answer or skip came to. Pointers refer into the drill. */
typedef struct DrillResult {
	const DrillQuestion *q;
	Grade grade;
	bool late;		/* after the time limit: 0 points */
	double points;		/* after hints and the time limit */
	double answer_value;	/* the answer in base units (exact/close/off) */
	double ratio;		/* answer / correct (exact/close/off), 0 otherwise */
	char answer_text[64];	/* the answer formatted like the correct value, or "" */
	Dim answer_dim;		/* the answer's dimension (wrong-unit) */
	int slip;		/* the SlipKind that explains the answer (boe/grade.h), 0 none */
	double from;		/* consistent: the value right from the earlier answers */
	int from_q[8];		/* consistent: the numbers (1-based) of the questions it follows from */
	int nfrom;
	char note[240];		/* the slip, the trap or the earlier answers, in words; "" none */
} DrillResult;

typedef struct Drill Drill;

/*
 * A drill on computed scenario s: the givens and the questions. The questions
 * are the estimation chain (requests per day, average and peak QPS, storage
 * per day and over the retention, peak egress before any CDN and, with a CDN,
 * at the origin, concurrency, servers, cache memory, database QPS, downtime
 * per month, the availability tiers' downtime and the latency budget's total
 * and margin) and the scenario's own defines (worded by their ask:), keeping
 * those that are derived, used and non-zero and that the file's drill block
 * does not skip. They are ordered by dependency, ties broken by the chain's
 * order, so a define comes as soon as what it needs is known; one whose answer
 * is a given or an earlier answer (drill_same_figure) is not asked. With
 * max_questions, that many are drawn by the seed alone (the history never
 * changes a drill: drill_pick_seed leans a fresh seed towards weak spots) and
 * asked in order. The drill copies what it needs; s may be freed afterwards.
 * NULL with err filled when the scenario yields no question. Free with
 * drill_free.
 */
Drill *drill_new(const Scenario *s, const DrillOptions *opts, BoeError *err);
void drill_free(Drill *d);

/* The scenario's name, title and summary (the scope an interviewer states). */
const char *drill_preset(const Drill *d);
const char *drill_title(const Drill *d);
const char *drill_summary(const Drill *d);
/* The seed the drill was built with (drill_new with it builds the same drill). */
unsigned long long drill_seed(const Drill *d);
/* Whether quantity name is among the givens (a tier's replicas count with its line). */
bool drill_gives(const Drill *d, const char *name);

/* Relative distance under which two figures are the same (1%). */
#define DRILL_SAME_TOL 0.01
/*
 * Whether two values are the same figure: same dimension and within 1% of the
 * larger. Small whole counts (under 100) never are: 3 servers and 3 replicas
 * coincide without one telling the other. The drill asks no question whose
 * answer is the same figure as an earlier answer or a figure the scenario
 * states (boe's standard defaults aside).
 */
bool drill_same_figure(Dim da, double a, Dim db, double b);
/* The givens, inputs set by the preset first, then assumed defaults. */
const DrillGiven *drill_givens(const Drill *d, size_t *n);

size_t drill_count(const Drill *d);
const DrillQuestion *drill_question(const Drill *d, size_t i);
/* Index of the question being asked; drill_count(d) when every one is done. */
size_t drill_current(const Drill *d);
bool drill_done(const Drill *d);

/* The current question (NULL when done); starts its clock the first time. */
const DrillQuestion *drill_ask(Drill *d);
/* Seconds spent on the current question so far (0 before drill_ask). */
double drill_question_elapsed(const Drill *d);

/*
 * Grades text as the answer to the current question and moves on. The text is
 * a number with an optional unit, as said aloud ("12K/s", "~4K", "4 thousand",
 * "3 TB/day", "1m30s"; see boe/answer.h); with the calc option any expression
 * of the units language without names. A bare number is read in the
 * question's unit. A wrong answer that matches a known slip says which (in
 * res->note); one right from the candidate's own earlier wrong answers is
 * graded consistent. Returns false, with msg filled and nothing changed, when
 * the text cannot be read (the caller asks again, or calls drill_unreadable).
 */
bool drill_answer(Drill *d, const char *text, DrillResult *res, char *msg, size_t msgn);
/*
 * Grades the current question unreadable (0 points) with text as its answer
 * and moves on: for input that cannot be asked again (a pipe), so that one bad
 * line never shifts the answers after it. why (drill_answer's message) goes in res->note.
 */
void drill_unreadable(Drill *d, const char *text, const char *why, DrillResult *res);
/* Skips the current question (0 points) and moves on. */
void drill_skip(Drill *d, DrillResult *res);
/*
 * The next hint for the current question, in three rungs: the idea in words,
 * the formula with every name explained, the first step with the numbers
 * ("hint 2/3: ..."); asking again repeats the last. Each rung costs more: the
 * points keep 3/4, 1/2, 1/4 (boe/hint.h). NULL when done. The string belongs
 * to the drill.
 */
const char *drill_hint(Drill *d);
/* Ends the drill: every question not answered yet counts as unanswered. */
void drill_finish(Drill *d);

/* Points scored and the maximum (2 per question). */
void drill_score(const Drill *d, double *points, double *max);
/* Seconds since the first drill_ask (until drill_finish or the last answer). */
double drill_elapsed(const Drill *d);
/* Seconds left of the whole drill's limit (0 when it is over), or -1 with no limit. */
double drill_time_left(const Drill *d);
/* Whether the whole drill's limit ran out (the drill then ended). */
bool drill_time_up(const Drill *d);
/* "time left: 7 min 40 s of 8 min 0 s", "time is up (the 8 min 0 s limit)", or "" with no limit. Appends to out. */
void drill_clock_text(const Drill *d, Buf *out);
/* Whether any question got an answer (a grade other than unanswered). */
bool drill_answered_any(const Drill *d);

/*
 * The drill as one history line (JSON, no newline) dated now. Caller frees.
 */
char *drill_record_json(const Drill *d);
/*
 * Appends the drill to the history (path NULL: the default, its directory
 * created): reads the file, adds the line, writes a temporary file, fsyncs
 * and renames it over the old one. A drill with no answer is not written
 * (true, nothing done): see drill_answered_any.
 */
bool drill_save_history(const Drill *d, const char *path, BoeError *err);

/* ---- the words both faces print ---- */

/* "3.1 s", "2 min 5 s", "1 h 2 min". */
void drill_format_duration(double s, char *out, size_t n);
/* The longest time limit a drill, a mock or a card session takes: a day. */
#define DRILL_MAX_LIMIT (24 * 3600.0)
/*
 * A time limit in the units language ("8 min", "90 s") in seconds; a bare
 * number counts bare_unit seconds each (1: seconds, 60: minutes). False
 * unless it is a time or a number, above zero and at most DRILL_MAX_LIMIT.
 */
bool drill_parse_limit(const char *text, double bare_unit, double *out);
/*
 * The grade line without the derivation, grade word first:
 * "exact +2.6% (you said 34.7K/s) | 2 points | 3.1 s"; a slip, a trap or the
 * earlier answers it follows from are said after the detail
 * ("off 3x too low (you said 667/s): the average instead of the peak: ...");
 * limit (seconds, 0 for none) is named when the answer came too late. Appends to out.
 */
void drill_result_text(const DrillResult *r, double limit, Buf *out);
/* Whether a given's value says more than its text ("100M / month" is 38.6/s; "20/day" is not news). */
bool drill_given_shows_value(const DrillGiven *g);
/* Whether line is the command word w, spaces aside ("skip", " hint "). */
bool drill_is_command(const char *line, const char *w);

/* The words for a standard input: its label ("peak factor") and the guide's range ("2–5×"); NULL when none. */
const char *drill_input_label(const char *name);
const char *drill_input_range(const char *name);

/* ---- choosing what to practise ---- */

/*
 * The preset a seed drills among list[0..n) (each is loaded and computed; ones
 * that fail are never picked): the seed alone decides, whatever the history
 * holds. Returns an index, or -1 when none loads.
 */
long drill_choose_preset(const PresetInfo *list, size_t n, unsigned long long seed);
/*
 * A seed for a drill the user gave no seed for, drawn from fresh: among a few
 * dozen candidate seeds, one is picked weighted towards those whose drill
 * (the preset drill_choose_preset gives, or s when s is not NULL, and the
 * max_questions drill_new draws) hits the quantities and skills weakest in h,
 * and away from the preset drilled last. Printing it lets the user replay the
 * drill exactly with --seed, history or not.
 */
unsigned long long drill_pick_seed(const PresetInfo *list, size_t n, const Scenario *s,
				   size_t max_questions, const DrillHistory *h,
				   unsigned long long fresh);

#endif
