/*
 * Diagnosis of drill answers. The model keeps each quantity's name, value,
 * dimension and formula (parsed again from the text the scenario holds, bound
 * to the scenario's indices), the evaluation order and each quantity's
 * inputs. Which others a quantity is computed from is worked out for the
 * quantities a drill asks about, when first needed (as a table of every pair,
 * a scenario of 30,000 quantities took 900 MB). Recomputing one quantity
 * evaluates the formulas in order with some values replaced -- the same
 * arithmetic as the scenario's compiled program, on a private copy of the
 * values.
 *
 * The slips are one table: a test on the question's chain and the ratio of
 * the answer to the right value (or to the value recomputed with an input
 * changed), and the words that say it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boe/expr.h"
#include "boe/grade.h"
#include "boe/util.h"

#define SLIP_TOL 0.10		/* an answer within 10 % of what a slip gives is that slip */
#define RATIO_TOL 0.05		/* for fixed ratios (12, 30, 365, 1000) */
#define DAY_TOL 0.025		/* 86,400 vs 100K: 13.6 % apart, so tighter */

struct GradeModel {
	size_t nq;
	char **names;
	Dim *dims;
	double *values;
	bool *input;
	Node **nodes;		/* the formula of a derived quantity, NULL for inputs or when unreadable */
	int *order;		/* evaluation order */
	int *deps, *dep_at;	/* q's inputs: deps[dep_at[q] .. dep_at[q + 1]) */
	bool **up;		/* up[q][i]: q is computed from i; a row made when first asked (a cache) */
	NameIndex index;	/* the names */
	bool *period;		/* an amount over a day, month or year (its formula, or an input it reads, says so) */
	bool *day;		/* the chain goes through a day (86,400 s) */
};

/* ---- the copy ---- */

static const char *model_name(const void *ctx, int i)
{
	return ((const GradeModel *)ctx)->names[i];
}

static int model_lookup(void *ctx, const char *name, Dim *dim)
{
	const GradeModel *m = ctx;
	int i = grade_model_find(m, name);
	if (i >= 0)
		*dim = m->dims[i];
	return i;
}

static const char *const *model_names(void *ctx, size_t *n)
{
	const GradeModel *m = ctx;
	*n = m->nq;
	return (const char *const *)m->names;
}

/* Whether the tree holds a time unit of at least seconds_at_least (day: 86400). */
static bool has_time_unit(const Node *n, double at_least)
{
	if (!n)
		return false;
	if (n->kind == N_UNIT && n->unit && dim_eq(n->unit->dim, DIM_TIME) && n->num >= at_least * 0.999)
		return true;
	for (int i = 0; i < 3; i++)
		if (has_time_unit(n->kid[i], at_least))
			return true;
	for (int i = 0; i < n->nargs; i++)
		if (has_time_unit(n->args[i], at_least))
			return true;
	return false;
}

/* A day exactly (86,400 s), not a month or a year that merely count in days. */
static bool has_day_unit(const Node *n)
{
	if (!n)
		return false;
	if (n->kind == N_UNIT && n->unit && dim_eq(n->unit->dim, DIM_TIME) && fabs(n->num - 86400) < 1)
		return true;
	for (int i = 0; i < 3; i++)
		if (has_day_unit(n->kid[i]))
			return true;
	for (int i = 0; i < n->nargs; i++)
		if (has_day_unit(n->args[i]))
			return true;
	return false;
}

GradeModel *grade_model_new(const Scenario *s)
{
	GradeModel *m = xcalloc(1, sizeof *m);
	size_t nq = s->nq;
	m->nq = nq;
	m->names = xcalloc(nq + 1, sizeof *m->names);
	m->dims = xcalloc(nq + 1, sizeof *m->dims);
	m->values = xcalloc(nq + 1, sizeof *m->values);
	m->input = xcalloc(nq + 1, sizeof *m->input);
	m->nodes = xcalloc(nq + 1, sizeof *m->nodes);
	m->order = xcalloc(nq + 1, sizeof *m->order);
	m->up = xcalloc(nq + 1, sizeof *m->up);
	m->period = xcalloc(nq + 1, sizeof *m->period);
	m->day = xcalloc(nq + 1, sizeof *m->day);
	for (size_t i = 0; i < nq; i++) {
		m->names[i] = xstrdup(s->q[i].name);
		m->dims[i] = s->q[i].dim;
		m->values[i] = s->q[i].value;
		m->input[i] = s->q[i].input;
		m->order[i] = s->order ? s->order[i] : (int)i;
	}
	name_index_init(&m->index, model_name, m);
	for (size_t i = 0; i < nq; i++)
		name_index_add(&m->index, (int)i);
	m->dep_at = xcalloc(nq + 2, sizeof *m->dep_at);
	for (size_t i = 0; i < nq; i++)
		for (int k = 0; k < s->q[i].ndeps; k++)
			if (s->q[i].deps[k] >= 0 && (size_t)s->q[i].deps[k] < nq)
				m->dep_at[i + 1]++;
	for (size_t i = 0; i < nq; i++)
		m->dep_at[i + 1] += m->dep_at[i];
	m->deps = xmalloc(((size_t)m->dep_at[nq] + 1) * sizeof *m->deps);
	for (size_t i = 0, e = 0; i < nq; i++)
		for (int k = 0; k < s->q[i].ndeps; k++)
			if (s->q[i].deps[k] >= 0 && (size_t)s->q[i].deps[k] < nq)
				m->deps[e++] = s->q[i].deps[k];
	bool *own_period = xcalloc(nq + 1, sizeof *own_period);
	bool *own_day = xcalloc(nq + 1, sizeof *own_day);
	ExprEnv env = {model_lookup, model_names, m};
	for (size_t i = 0; i < nq; i++) {
		const char *text = s->q[i].text ? s->q[i].text : "";
		ExprError e;
		Node *n = expr_parse(text, &e);
		if (n && !expr_bind(n, &env, &e)) {
			expr_free(n);
			n = NULL;
		}
		own_period[i] = n && has_time_unit(n, 86400);
		own_day[i] = n && has_day_unit(n);
		if (n && !m->input[i])
			m->nodes[i] = n;
		else
			expr_free(n);
	}
	for (size_t k = 0; k < nq; k++) { /* in evaluation order: inputs first */
		size_t q = (size_t)m->order[k];
		/* a per-period amount: its own formula, or an input it reads directly, counts days, months or years */
		m->period[q] = own_period[q];
		/* the chain goes through a day: its own formula, or any it is computed from */
		m->day[q] = own_day[q];
		for (int e = m->dep_at[q]; e < m->dep_at[q + 1]; e++) {
			int d = m->deps[e];
			if (m->input[d] && own_period[d])
				m->period[q] = true;
			if (m->day[d])
				m->day[q] = true;
		}
	}
	free(own_period);
	free(own_day);
	return m;
}

void grade_model_free(GradeModel *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nq; i++) {
		free(m->names[i]);
		expr_free(m->nodes[i]);
	}
	free(m->names);
	free(m->dims);
	free(m->values);
	free(m->input);
	free(m->nodes);
	free(m->order);
	for (size_t i = 0; i < m->nq; i++)
		free(m->up[i]);
	free(m->up);
	name_index_free(&m->index);
	free(m->deps);
	free(m->dep_at);
	free(m->period);
	free(m->day);
	free(m);
}

int grade_model_find(const GradeModel *m, const char *name)
{
	return name_index_find(&m->index, name);
}

/* What q is computed from, directly or not: row q of the cache, walked over the inputs when first asked. */
static const bool *upstream_of(const GradeModel *cm, int q)
{
	GradeModel *m = (GradeModel *)cm; /* the rows are a cache: making one changes nothing a caller sees */
	if (m->up[q])
		return m->up[q];
	bool *up = xcalloc(m->nq + 1, sizeof *up);
	int *stack = xmalloc((m->nq + 1) * sizeof *stack);
	size_t top = 0;
	stack[top++] = q;
	while (top > 0) {
		int c = stack[--top];
		for (int e = m->dep_at[c]; e < m->dep_at[c + 1]; e++)
			if (!up[m->deps[e]]) {
				up[m->deps[e]] = true;
				stack[top++] = m->deps[e];
			}
	}
	free(stack);
	return m->up[q] = up;
}

bool grade_model_upstream(const GradeModel *m, int q, int of)
{
	if (q < 0 || of < 0 || (size_t)q >= m->nq || (size_t)of >= m->nq)
		return false;
	return upstream_of(m, q)[of];
}

bool grade_model_recompute(const GradeModel *m, int q, const GradeOverride *o, size_t n, double *out)
{
	if (q < 0 || (size_t)q >= m->nq)
		return false;
	double *vals = xmalloc((m->nq + 1) * sizeof *vals);
	memcpy(vals, m->values, m->nq * sizeof *vals);
	bool *fixed = xcalloc(m->nq + 1, sizeof *fixed);
	for (size_t k = 0; k < n; k++)
		if (o[k].q >= 0 && (size_t)o[k].q < m->nq) {
			vals[o[k].q] = o[k].value;
			fixed[o[k].q] = true;
		}
	const bool *up = upstream_of(m, q);
	bool ok = true;
	for (size_t k = 0; k < m->nq && ok; k++) {
		int i = m->order[k];
		if (fixed[i] || m->input[i] || !(up[i] || i == q))
			continue;
		Fault f;
		if (!m->nodes[i] || !expr_eval_const(m->nodes[i], vals, &vals[i], &f) || !isfinite(vals[i]))
			ok = false;
	}
	if (ok)
		*out = vals[q];
	free(vals);
	free(fixed);
	return ok;
}

/* ---- slips ---- */

static const char *const slip_names[SLIP_COUNT] = {
	"", "day-100k", "peak", "replication", "concurrent-users", "bits", "period", "prefix",
};

const char *slip_name(SlipKind k)
{
	return (unsigned)k < SLIP_COUNT ? slip_names[k] : "";
}

const char *slip_words(SlipKind k)
{
	static const char *const words[SLIP_COUNT] = {
		"", "86,400 s a day taken as 100K (accepted)", "forgot the peak (the average instead)",
		"forgot the replicas (one copy instead of every one)",
		"the users online instead of the requests in flight", "bits for bytes (×8)",
		"the wrong period (per year for per month, ...)", "a prefix off by 1000",
	};
	return (unsigned)k < SLIP_COUNT ? words[k] : "";
}

SlipKind slip_parse(const char *s)
{
	for (int k = 1; s && s[0] && k < SLIP_COUNT; k++)
		if (strcmp(s, slip_names[k]) == 0)
			return (SlipKind)k;
	return SLIP_NONE;
}

static bool near(double a, double b, double tol)
{
	return isfinite(a) && isfinite(b) && fabs(a - b) <= tol * fabs(b) * (1 + 1e-9);
}

typedef struct SlipCtx {
	const GradeModel *m;
	int q;
	double v, c;
	Dim dim;
	const Display *disp;
} SlipCtx;

/* The answer matches q recomputed with input `name` set to `to` (and that differs from c). */
static bool input_left_out(const SlipCtx *x, const char *name, double to, double *was)
{
	int i = grade_model_find(x->m, name);
	if (i < 0 || !grade_model_upstream(x->m, x->q, i) || x->m->values[i] == to)
		return false;
	GradeOverride o = {i, to};
	double a;
	if (!grade_model_recompute(x->m, x->q, &o, 1, &a) || near(a, x->c, SLIP_TOL))
		return false;
	*was = x->m->values[i];
	return near(x->v, a, SLIP_TOL);
}

static bool slip_day(const SlipCtx *x, Slip *s)
{
	/* the chain divides by a day (or multiplies by one) and the question is not per day */
	if (!x->m->day[x->q] || (x->disp && x->disp->per_time == 86400))
		return false;
	if (!near(x->v, x->c * 86400 / 1e5, DAY_TOL) && !near(x->v, x->c * 1e5 / 86400, DAY_TOL))
		return false;
	s->accepted = true;
	snprintf(s->note, sizeof s->note, "86,400 s a day rounded to 100K: accepted");
	return true;
}

static bool slip_peak(const SlipCtx *x, Slip *s)
{
	double was;
	if (!input_left_out(x, "peak_factor", 1, &was))
		return false;
	snprintf(s->note, sizeof s->note, "the average instead of the peak: × peak_factor (%g) left out", was);
	return true;
}

static bool slip_replication(const SlipCtx *x, Slip *s)
{
	double was;
	if (!input_left_out(x, "replication", 1, &was))
		return false;
	snprintf(s->note, sizeof s->note, "one copy instead of every replica: × replication (%g) left out", was);
	return true;
}

static bool slip_concurrent(const SlipCtx *x, Slip *s)
{
	/* asked for requests in flight (the chain holds the time in system), answered the users online */
	int w = grade_model_find(x->m, "service_time");
	int cu = grade_model_find(x->m, "concurrent_users");
	if (w < 0 || cu < 0 || cu == x->q || !grade_model_upstream(x->m, x->q, w) ||
	    grade_model_upstream(x->m, x->q, cu) || !dim_eq(x->dim, DIM_NONE))
		return false;
	double u = x->m->values[cu];
	if (!near(x->v, u, SLIP_TOL) || near(u, x->c, SLIP_TOL))
		return false;
	char us[48];
	units_format(u, DIM_NONE, NULL, NULL, us, sizeof us);
	snprintf(s->note, sizeof s->note,
		 "the users online (concurrent_users, %s) instead of the requests in flight: "
		 "in flight = rate × time in system", us);
	return true;
}

static bool slip_bits(const SlipCtx *x, Slip *s)
{
	if (x->dim.d == 0)
		return false;
	if (near(x->v, x->c * 8, SLIP_TOL))
		snprintf(s->note, sizeof s->note, "8x: bits where bytes were asked (1 byte = 8 bits)");
	else if (near(x->v, x->c / 8, SLIP_TOL))
		snprintf(s->note, sizeof s->note, "8x too low: divided by 8 once too often (1 byte = 8 bits)");
	else
		return false;
	return true;
}

static bool slip_period(const SlipCtx *x, Slip *s)
{
	static const struct { double ratio; const char *words; } per[] = {
		{12, "a year's worth instead of a month's"},
		{365.0 / 30, "a year's worth instead of a month's"},
		{1 / 12.0, "a month's worth instead of a year's"},
		{30, "a month's worth instead of a day's"},
		{1 / 30.0, "a day's worth instead of a month's"},
		{365, "a year's worth instead of a day's"},
		{1 / 365.0, "a day's worth instead of a year's"},
	};
	bool per_period = x->m->period[x->q] || (x->disp && x->disp->per_time >= 86400);
	if (!per_period || x->c == 0)
		return false;
	double r = x->v / x->c;
	for (size_t i = 0; i < ARRAY_LEN(per); i++)
		if (near(r, per[i].ratio, RATIO_TOL)) {
			snprintf(s->note, sizeof s->note, "%s", per[i].words);
			return true;
		}
	return false;
}

static bool slip_prefix(const SlipCtx *x, Slip *s)
{
	if (x->c == 0)
		return false;
	double r = x->v / x->c;
	/* 1000 and 1024 lie within the tolerance of each other: one test covers both */
	if (near(r, 1012, 0.12) || near(1 / r, 1012, 0.12)) {
		snprintf(s->note, sizeof s->note, "a prefix off by 1000 (K for M, GB for TB), %s",
			 r > 1 ? "too high" : "too low");
		return true;
	}
	return false;
}

/* In order: the first that explains the answer is the one said. */
static const struct SlipRow {
	SlipKind kind;
	bool (*test)(const SlipCtx *x, Slip *s);
} slips[] = {
	{SLIP_DAY_100K, slip_day},
	{SLIP_PEAK, slip_peak},
	{SLIP_REPLICATION, slip_replication},
	{SLIP_CONCURRENT_USERS, slip_concurrent},
	{SLIP_BITS, slip_bits},
	{SLIP_PERIOD, slip_period},
	{SLIP_PREFIX, slip_prefix},
};

bool grade_diagnose(const GradeModel *m, int q, double v, double c, Dim dim, const Display *disp,
		    Slip *out)
{
	memset(out, 0, sizeof *out);
	if (!m || q < 0 || (size_t)q >= m->nq || !isfinite(v) || !isfinite(c) || c == 0 || v == 0)
		return false;
	SlipCtx x = {m, q, v, c, dim, disp};
	for (size_t i = 0; i < ARRAY_LEN(slips); i++) {
		Slip s = {0};
		if (slips[i].test(&x, &s)) {
			s.kind = slips[i].kind;
			*out = s;
			return true;
		}
	}
	return false;
}

/*
 * An earlier answer to e, k times the right value, read as a scaled input: an
 * input x that both e and q are computed from, scaled so that e comes to the
 * candidate's value (e linear in x). Recomputes q from it into *out.
 */
static bool through_shared_input(const GradeModel *m, int q, const GradeOverride *e, double *out)
{
	double et = m->values[e->q];
	if (et == 0 || !isfinite(e->value))
		return false;
	double k = e->value / et;
	for (size_t x = 0; x < m->nq; x++) {
		if (!m->input[x] || m->values[x] == 0 || !grade_model_upstream(m, q, (int)x) ||
		    !grade_model_upstream(m, e->q, (int)x))
			continue;
		GradeOverride o = {(int)x, m->values[x] * k};
		double ev;
		if (!grade_model_recompute(m, e->q, &o, 1, &ev) || !near(ev, e->value, 0.01))
			continue;	/* e is not linear in x */
		return grade_model_recompute(m, q, &o, 1, out);
	}
	return false;
}

bool grade_consistent(const GradeModel *m, int q, double v, double c, const GradeOverride *earlier,
		      size_t n, bool *used, double *from)
{
	if (!m || n == 0)
		return false;
	/* the earlier answers q is computed from, put in its formula */
	GradeOverride *o = xmalloc(n * sizeof *o);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		used[i] = grade_model_upstream(m, q, earlier[i].q);
		if (used[i])
			o[k++] = earlier[i];
	}
	double a;
	bool ok = k > 0 && grade_model_recompute(m, q, o, k, &a) && !near(a, c, SLIP_TOL) &&
		  near(v, a, SLIP_TOL);
	free(o);
	if (ok) {
		*from = a;
		return true;
	}
	/* an earlier answer beside q in the chain (average, then peak): through what both are computed from */
	for (size_t i = n; i-- > 0;) {
		if (!through_shared_input(m, q, &earlier[i], &a) || near(a, c, SLIP_TOL) || !near(v, a, SLIP_TOL))
			continue;
		for (size_t j = 0; j < n; j++)
			used[j] = j == i;
		*from = a;
		return true;
	}
	return false;
}
