/*
 * The scenario model: the standard quantities (one table, read by the engine,
 * the listings, the docs and the interface), scenario files, overrides,
 * dependency order, compilation to one program, evaluation, explanations,
 * expectations, availability tiers and the latency budget.
 *
 * The Scenario struct is visible so the report writers and the interface can
 * read it; only functions of this module change it.
 */
#ifndef BOE_SCENARIO_H
#define BOE_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include "boe/expr.h"
#include "boe/sample.h"
#include "boe/units.h"
#include "boe/util.h"

#define BOE_SCHEMA_VERSION 1
#define BOE_MAX_FILE (1024 * 1024)

typedef enum Section {
	SEC_TRAFFIC, SEC_USERS, SEC_STORAGE, SEC_BANDWIDTH, SEC_COMPUTE,
	SEC_CACHE_DB, SEC_AVAILABILITY, SEC_COST, SEC_DEFINED, SEC_COUNT
} Section;

/* "Traffic", "Users", ..., "Cache & database", ..., "Defined". */
const char *section_name(Section s);

/* One row of the standard table. */
typedef struct StdQuantity {
	const char *name;
	const char *unit;	/* count, factor, fraction, 1/time, time, data, data/time, money, ... */
	Section section;
	const char *def;	/* default: a value or a formula in the units language */
	const char *meaning;
	const char *display;	/* display hint: "%", "/day", "B/day", "$/month", "$/GB", "$/GB/month" or NULL */
	const char *bounds;	/* for a default of the form max(a, b, ...) [+ ...]: what each argument
				   bounds, "|"-separated ("throughput|in flight"); the explanation says
				   which one decides. NULL otherwise */
} StdQuantity;

const StdQuantity *std_quantities(size_t *n);
const StdQuantity *std_find(const char *name);
/* Display settings for a hint string of the table ("%", "B/day", ...). */
Display display_from_hint(const char *hint);

typedef enum Origin { ORIGIN_DEFAULT, ORIGIN_SET, ORIGIN_DEFINE, ORIGIN_OVERRIDE } Origin;
const char *origin_name(Origin o);

typedef struct Quantity {
	char *name;
	const StdQuantity *std;	/* NULL for defines and internal quantities */
	const char *unit;	/* declared unit ("fraction", "count", "time", ...): the table's for
				   standard quantities, the role's for internal ones, NULL for defines */
	Section section;
	Origin origin;
	bool input;		/* its expression uses no other quantity: an assumption */
	bool hidden;		/* internal (tiers, hops): not listed with the quantities */
	bool table_name;	/* name is the standard table's own string (not freed) */
	bool block;		/* a result of the availability or latency block */
	bool unused;		/* nothing reads it any more because something downstream was set */
	char *text;		/* the expression as written */
	char *note;		/* the file's note for it, or NULL */
	/* for the interview drill, as the file wrote them, or NULL */
	char *ask;		/* the question an interviewer asks for it */
	char *skill;		/* the skill it drills: "traffic", ..., "cost" or another word */
	char *told;		/* how the interviewer states an input ("100M new URLs a month") */
	Node *expr;
	bool shared_expr;	/* expr is the table's default tree, shared by every scenario: never freed */
	Dim dim;
	Display disp;
	double value;
	char shown[64];		/* value as displayed with default preferences, after compute */
	char *explain;		/* "peak_qps = avg_qps × peak_factor = 11.6K/s × 3 = 34.7K/s" */
	char *formula;		/* "avg_qps × peak_factor" */
	char *substituted;	/* "11.6K/s × 3" (the three held in the scenario's explanations) */
	char *decides;		/* for a bounded default (servers, shards): "decided by throughput: ...", or NULL */
	char *file;		/* where text was written, or NULL for defaults */
	int line, col;		/* of the value's first character */
	int col_shift;		/* columns between an expression offset and the file column */
	/* what the file said, for reset */
	char *file_text;
	Origin file_origin;
	int file_line, file_col, file_col_shift;
	/* dependency edges, filled by scenario_compute (in the scenario's edges) */
	int *deps, ndeps;
	int *users, nusers;
} Quantity;

typedef struct Check {
	char *name;
	int q;			/* quantity index */
	char *text;		/* expected value as written */
	double expected, tolerance, actual;
	bool ok;
	/* a percentage of 90% or more is compared by what is missing (100% - value):
	   99.99% ±10% means 0.009%–0.011% down, not anything above 90% */
	bool on_shortfall;
	char *note;
	int line, col;
	/* `inside: 90%`: the figure must lie inside the 90% interval of a ranged result */
	bool inside;
	double lo, hi;		/* that interval, after compute */
} Check;

typedef struct Tier {
	char *name;
	int q_avail, q_replicas;	/* hidden quantities */
	double availability, replicas, effective;	/* after compute */
	double downtime_per_year;	/* this tier's share, alone */
} Tier;

typedef struct Hop {
	char *name;
	int q_time;
	double time;
} Hop;

/* The shape of a day's traffic (`traffic: { shape: ... }`): how the curve is drawn. */
typedef enum TrafficShape { SHAPE_DIURNAL, SHAPE_SPIKE, SHAPE_FLAT, SHAPE_COUNT } TrafficShape;
/* "diurnal", "spike", "flat". */
const char *traffic_shape_name(TrafficShape t);

/* A define scenario_remove_define took out, whole, and where it stood. */
typedef struct RemovedDefine {
	Quantity q;
	int at;
} RemovedDefine;

typedef struct Scenario {
	char *path;		/* file it came from, or NULL */
	char *src_text;		/* the file's text as read (for error excerpts), or NULL */
	size_t src_len;
	char *name, *title, *difficulty, *source, *summary, *notes;
	Quantity *q;
	size_t nq, capq;
	Check *checks;
	size_t nchecks;
	Tier *tiers;
	size_t ntiers;
	int q_composite, q_comp_down_year, q_comp_down_month;	/* -1 when no tiers */
	Hop *hops;
	size_t nhops;
	int q_target, q_total, q_margin;	/* -1 when no latency budget */
	bool meets_sla, fits_budget;
	TrafficShape shape;	/* the file's traffic: { shape: }, diurnal by default */
	bool shape_set;		/* written in the file (kept by a save) */
	/* the file's `drill: { skip: [...] }`: quantities the drill does not ask */
	char **drill_skip;
	size_t ndrill_skip;
	/* evaluation */
	ExprArena trees;	/* the formulas' trees, parsed at each compute (reset_compiled lets them go) */
	struct ScenStrings *strs; /* the file's names, texts and path, in blocks freed with it (scenario.c) */
	const char *strs_file;	/* the path last put there, which each quantity from the file names */
	bool loading;		/* the file is being read: its strings go to strs (an edit's, to the heap) */
	Program *prog;
	double *slots;
	int *order;		/* quantity indices in evaluation order */
	int *edges;		/* every quantity's deps, then every quantity's users: what their pointers point into */
	bool computed;
	bool dirty;		/* changed since loaded or saved */
	/* the defines scenario_remove_define took out, the latest last, for scenario_restore_define */
	RemovedDefine *removed;
	size_t nremoved, capremoved;
	/* warnings about the expressions as written (file:line:col), from the last compute */
	BoeError *warnings;
	size_t nwarnings;
	/* how many quantities are unused although the file or a --set gave them a value (after compute) */
	size_t nunused_given;
	/* name index (open addressing), rebuilt when quantities are added */
	int *index;
	size_t index_cap, index_nq;
	/* Monte Carlo (spec §7): what the faces asked for, and what it came to (read it
	   through the accessors below) */
	size_t want_samples;	/* 0: SAMPLE_DEFAULT_COUNT */
	uint64_t want_seed;
	struct Ranges *ranges;	/* NULL when nothing is uncertain */
	/* explanations (formula, substituted, explain, decides): skipped by compute when a
	   face asked for none (scenario_want_explanations), built later by scenario_explain */
	bool skip_explain, explained;
	char *explanations;	/* every quantity's three lines, one block (NULL: none made) */
	/* sampling skipped (scenario_want_ranges): a face that shows point values only */
	bool skip_ranges;
	/* the samples dropped once summarised (scenario_keep_samples) */
	bool drop_samples;
	/* the names a formula's error may suggest (a buffer of the scenario's own) */
	const char **names;
	size_t names_cap;
} Scenario;

/* The difficulties a scenario may state (`difficulty:`), easiest first. */
#define SCENARIO_DIFFICULTIES 3
extern const char *const scenario_difficulty_names[SCENARIO_DIFFICULTIES];
/* Whether s is one of them. */
bool scenario_difficulty_known(const char *s);

/* The default scenario: every standard quantity at its default. */
Scenario *scenario_new_default(void);
/* Loads a scenario file; path "-" reads stdin. NULL with err filled on failure. */
Scenario *scenario_load_file(const char *path, BoeError *err);

/* A file's header fields, read without loading the rest (listing presets). */
typedef struct ScenarioHeader {
	char *name;		/* as written, or the file's stem as a slug */
	char *title;		/* as written, or the name */
	char *difficulty, *source, *summary;	/* as written, or "" */
} ScenarioHeader;
/* Reads path's header; false with err when the file cannot be read. Free with scenario_header_free. */
bool scenario_read_header(const char *path, ScenarioHeader *h, BoeError *err);
void scenario_header_free(ScenarioHeader *h);
/*
 * Makes the tables every scenario reads (the units, the standard chain's
 * default formulas), which are otherwise made on first use by whatever
 * thread comes first, the others waiting: a thread that would wait anyway
 * makes them in advance.
 */
void scenario_prepare_tables(void);
/* Loads from memory; filename is used in messages. */
Scenario *scenario_load_string(const char *text, size_t n, const char *filename, BoeError *err);
void scenario_free(Scenario *s);

/* Index of a quantity by name, or -1. */
int scenario_find(const Scenario *s, const char *name);
/*
 * Replaces the expression of a standard or defined quantity (a --set or an
 * edit in the interface) and recomputes. On any error nothing changes and err
 * says why (file is "--set" unless where is given).
 */
bool scenario_override(Scenario *s, const char *name, const char *text, const char *where,
		       BoeError *err);
/* "name=expr" as given to --set. */
bool scenario_override_arg(Scenario *s, const char *arg, BoeError *err);
/* Puts a quantity back to what the file (or the default) said, and recomputes. */
bool scenario_reset(Scenario *s, const char *name, BoeError *err);

/* Binds, orders, compiles and evaluates; fills values, explanations and checks. */
bool scenario_compute(Scenario *s, BoeError *err);
/* Re-runs the compiled program after slots were changed in place (Monte Carlo). */
bool scenario_rerun(Scenario *s, BoeError *err);

/* Whether the file's drill block says to skip the quantity named name. */
bool scenario_drill_skips(const Scenario *s, const char *name);
/* The skill words a file's `skill:` may name without being taken for a typo. */
extern const char *const scenario_skill_words[];
#define SCENARIO_SKILL_WORDS 8

/* Whether q is shown among the quantities (not a tier's or hop's value, not a block result). */
bool quantity_listed(const Quantity *q);
/*
 * The listed quantities in the order every face shows them: by section
 * (Traffic ... Cost, then the scenario's defines), table order within one.
 * Writes up to s->nq indices into order and returns how many.
 */
size_t scenario_display_order(const Scenario *s, int *order);

/* Number of checks that failed (after compute). */
size_t scenario_failed_checks(const Scenario *s);
/* q's formula with the numbers put in, as `substituted` but shown with prefs (NULL: defaults). */
void scenario_substitute(const Scenario *s, int q, const DisplayPrefs *prefs, Buf *out);
/* Formats q's value with its display settings. */
void scenario_format_value(const Scenario *s, int q, const DisplayPrefs *prefs, char *out, size_t n);

/*
 * Traffic over a day for a scenario's shape: n samples whose mean is avg and
 * whose largest is peak (a peak at or below the average gives a flat line at
 * avg). Sample i covers hour (i + 0.5) * 24 / n; the peak falls at the same
 * hour whatever n is.
 */
void traffic_day_curve(TrafficShape shape, double avg, double peak, double *out, int n);
/* The hour of the day (0..24) when the shape peaks. */
double traffic_peak_hour(TrafficShape shape);

/* Whether q is a standard quantity whose default formula the scenario (or an edit) replaced. */
bool scenario_formula_replaced(const Scenario *s, int q);

/*
 * Why the value of q is implausible (a peak factor below 1, a utilisation
 * above 90%...), written into out; false when nothing looks wrong.
 */
bool scenario_implausible(const Scenario *s, int q, char *out, size_t n);

/*
 * Changing the scenario's structure (the interface's workbench). Each
 * recomputes; on any error nothing changes and err says why. Indices of
 * quantities may move: callers look quantities up again by name.
 */
/* Adds a quantity of the user's own, name = text (a define). */
bool scenario_add_define(Scenario *s, const char *name, const char *text, BoeError *err);
/* Removes a define; refused while anything reads it. */
bool scenario_remove_define(Scenario *s, const char *name, BoeError *err);
/*
 * Puts back the define of that name scenario_remove_define took out last,
 * where it stood, as it was (its place in the file, its note and question):
 * the inverse of the removal, for undo. False when none was removed.
 */
bool scenario_restore_define(Scenario *s, const char *name, BoeError *err);
/*
 * The most tiers, and the most hops, a scenario holds: the composite
 * availability is their product and the latency total their sum, one
 * expression each, within EXPR_MAX_DEPTH.
 */
#define SCENARIO_MAX_BLOCK 500
/* Inserts a tier at pos (0..ntiers; larger appends). replicas NULL means 1. */
bool scenario_add_tier(Scenario *s, size_t pos, const char *name, const char *availability,
		       const char *replicas, BoeError *err);
bool scenario_remove_tier(Scenario *s, size_t i, BoeError *err);
/* Inserts a hop at pos; the first hop of a scenario without a budget also sets a 200 ms target. */
bool scenario_add_hop(Scenario *s, size_t pos, const char *name, const char *time, BoeError *err);
/* Removes a hop; the last one removes the latency budget. */
bool scenario_remove_hop(Scenario *s, size_t i, BoeError *err);
/* Renames tier i or hop i (a name of one line, not empty). */
bool scenario_rename_block(Scenario *s, bool hop, size_t i, const char *name, BoeError *err);
/* Changes a block input: a tier's availability or replicas, a hop's time, the latency target. */
bool scenario_set_block_input(Scenario *s, int q, const char *text, BoeError *err);
/*
 * What a quantity came to, for every face. A ranged quantity's value is its
 * point value (every range at its median); its distribution is a Summary.
 */
double scenario_value(const Scenario *s, int q);
/*
 * Whether the next computes build the explanations (the default) or leave
 * formula, substituted, explain and decides as they are: boe check and boe
 * eval show none. scenario_explain builds them for the last compute.
 */
void scenario_want_explanations(Scenario *s, bool want);
void scenario_explain(Scenario *s);
/*
 * Whether the next computes sample the ranges (the default). A face that
 * shows point values only (boe check without `inside:` checks) says false:
 * the point values are the same, and scenario_has_ranges is then false.
 */
void scenario_want_ranges(Scenario *s, bool want);
/* The value as displayed with default preferences ("34.7K/s"); "" when explanations were skipped. */
const char *scenario_shown(const Scenario *s, int q);
/* "peak_qps = avg_qps × peak_factor = 11.6K/s × 3 = 34.7K/s". */
const char *scenario_explanation(const Scenario *s, int q);

/* Sets the Monte Carlo sample count (0: the default) and seed for the next compute. */
void scenario_set_sampling(Scenario *s, size_t samples, uint64_t seed);
/* Whether the last compute sampled anything: some value was a range. */
bool scenario_has_ranges(const Scenario *s);
/* Whether some value of the last compute was a range, sampled or not (scenario_want_ranges). */
bool scenario_has_range_sources(const Scenario *s);
size_t scenario_sample_count(const Scenario *s);
uint64_t scenario_seed(const Scenario *s);
/* q's percentiles and mean, or NULL when q depends on no range. */
const Summary *scenario_range(const Scenario *s, int q);
/*
 * Whether the next computes keep every sample (the default: the interface
 * draws them) or only their summaries, P(meets SLA) and P(fits), freeing the
 * rest: a face that prints figures keeps less memory, and the next scenario
 * reuses it. scenario_samples is then NULL.
 */
void scenario_keep_samples(Scenario *s, bool keep);
/* q's samples (scenario_sample_count of them, in sample order), or NULL when q is not ranged
   or the samples were not kept. */
const double *scenario_samples(const Scenario *s, int q);
/*
 * q's 90% interval as displayed, "21K–58K" (a unit the value shows too is left
 * to the value), or "" when q depends on no range or does not vary.
 */
void scenario_format_interval(const Scenario *s, int q, const DisplayPrefs *prefs, char *out, size_t n);
/* "34.7K/s (90%: 21K–58K)", or the value alone when it has no interval. */
void scenario_format_ranged(const Scenario *s, int q, const DisplayPrefs *prefs, char *out, size_t n);
/* Probability of meeting the SLA, of fitting the latency budget; NaN when not sampled. */
double scenario_p_meets_sla(const Scenario *s);
double scenario_p_fits_budget(const Scenario *s);

/* One bar of a tornado: how much one ranged input moves a result. */
typedef struct SensRow {
	char label[112];	/* the input: "peak_factor", "tier 'api': availability" */
	int q;			/* the quantity the range was written in */
	double in_lo, in_hi;	/* that quantity with the range at its 5th and 95th percentiles */
	double out_lo, out_hi;	/* the result there, every other range at its median */
	double swing;		/* |out_hi - out_lo| */
	double share;		/* share of the result's variance (0-1): the variance this input
				   causes alone, over the sum of all of them */
} SensRow;
/*
 * The tornado of q: one row per ranged input, largest swing first (an input
 * that does not move q has 0). Returns the number of rows; *rows is the
 * caller's to free. 0 when the scenario has no ranges.
 */
size_t scenario_sensitivity(const Scenario *s, int q, SensRow **rows);
/* The headline results the markdown report shows a tornado for (spec §7), NULL-terminated. */
extern const char *const scenario_headline[];

#endif
