/*
 * boe solve: the value of an input at which a result reaches a target. The
 * compiled program is run on a grid of input values (4 a decade, a trillionth
 * to a trillion times the input's value; 0 to 100% in steps of 1% for a
 * fraction) to check that the result moves one way only and to bracket the
 * target, then bisected, in log space for positive values. A step result (a
 * count rounded up) takes the last input that keeps it at or under the target.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boe/numeric.h"
#include "boe/report.h"
#include "whatif_impl.h"

#define DECADES 12
#define PER_DECADE 4
#define MAX_GRID (2 * DECADES * PER_DECADE + 2)

typedef struct Solver {
	Probe p;
	int out;		/* NAME's index in the copy */
	double target;
	bool step, rising;
	const char *name, *input;
	BoeError *err;
} Solver;

static bool f_at(Solver *sv, double x, double *y)
{
	if (!probe_run(&sv->p, x, NULL))
		return false;
	*y = sv->p.c->slots[sv->out];
	return isfinite(*y);
}

static void fmt_out(const Solver *sv, double v, char *buf, size_t n)
{
	const Quantity *q = &sv->p.c->q[sv->out];
	units_format(v, q->dim, &q->disp, NULL, buf, n);
}

static void fmt_in(const Solver *sv, double v, char *buf, size_t n)
{
	const Quantity *q = &sv->p.c->q[sv->p.in];
	units_format(v, q->dim, &q->disp, NULL, buf, n);
}

/* The input values tried: x0 is one of them, and none has the wrong sign. */
static int make_grid(const Quantity *in, double x0, double *g)
{
	int n = 0;
	if (in->unit && strcmp(in->unit, "fraction") == 0) {
		for (int k = 0; k <= 100; k++)
			g[n++] = k / 100.0;
		return n;
	}
	double base = x0 != 0 ? fabs(x0) : 1, sign = x0 < 0 ? -1 : 1;
	if (x0 == 0)
		g[n++] = 0;
	for (int k = -DECADES * PER_DECADE; k <= DECADES * PER_DECADE; k++)
		g[n++] = sign * base * pow(10, (double)k / PER_DECADE);
	if (x0 < 0) /* in increasing order */
		for (int i = 0, j = n - 1; i < j; i++, j--) {
			double t = g[i];
			g[i] = g[j];
			g[j] = t;
		}
	return n;
}

/* Whether x lies on the low-input side of the answer. */
static bool before_answer(const Solver *sv, double y)
{
	if (sv->rising)
		return sv->step ? num_cmp(y, sv->target) <= 0 : y < sv->target;
	return sv->step ? num_cmp(y, sv->target) > 0 : y > sv->target;
}

/* Narrows [*a, *b] (a before the answer, b not) to adjacent doubles or a fault. */
static void bisect(Solver *sv, double *a, double *b)
{
	for (int it = 0; it < 400; it++) {
		double m = whatif_midpoint(*a, *b), y;
		if (m == *a || m == *b || !f_at(sv, m, &y))
			return;
		if (before_answer(sv, y))
			*a = m;
		else
			*b = m;
	}
}

static bool fail(Solver *sv, const char *fmt, ...) BOE_PRINTF(2, 3);
static bool fail(Solver *sv, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	Buf b = {0};
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	boe_error_set(sv->err, "", 0, 0, "%s", b.s);
	buf_free(&b);
	return false;
}

/* Whether the standard default of name reads want, directly or through other defaults. */
static bool default_reads(const char *name, const char *want, int depth)
{
	const StdQuantity *sq = std_find(name);
	if (!sq || depth > 64)
		return false;
	ExprError e;
	Node *n = expr_parse(sq->def, &e);
	if (!n)
		return false;
	/* the names in the formula, without binding: walk the tree */
	bool found = false;
	const Node *stack[256];
	int top = 0;
	stack[top++] = n;
	while (top && !found) {
		const Node *x = stack[--top];
		if (x->kind == N_VAR && x->text)
			found = strcmp(x->text, want) == 0 || default_reads(x->text, want, depth + 1);
		for (int i = 0; i < 3 && top < 250; i++)
			if (x->kid[i])
				stack[top++] = x->kid[i];
		for (int i = 0; i < x->nargs && top < 250; i++)
			stack[top++] = x->args[i];
	}
	expr_free(n);
	return found;
}

/* NAME does not read INPUT: say which set value cut them apart, when one did. */
static bool no_dependency(Solver *sv)
{
	const Scenario *c = sv->p.c;
	bool *down = xcalloc(c->nq, sizeof *down);
	int *stack = xmalloc(c->nq * sizeof *stack), top = 0;
	stack[top++] = sv->out;
	down[sv->out] = true;
	while (top) {
		const Quantity *q = &c->q[stack[--top]];
		for (int k = 0; k < q->ndeps; k++)
			if (!down[q->deps[k]]) {
				down[q->deps[k]] = true;
				stack[top++] = q->deps[k];
			}
	}
	free(stack);
	Buf cut = {0};
	int ncut = 0;
	for (size_t k = 0; k < c->nq; k++) {
		int i = c->order[k];
		const Quantity *q = &c->q[i];
		if (!down[i] || i == sv->p.in || q->origin == ORIGIN_DEFAULT || !q->std ||
		    !default_reads(q->name, sv->input, 0))
			continue;
		if (ncut++ < 3) {
			char *t = text_sanitize(q->text, 0);
			buf_printf(&cut, "%s%s is set (%s)", ncut > 1 ? ", " : "", q->name, t);
			free(t);
		}
	}
	free(down);
	bool r;
	if (ncut)
		r = fail(sv, "%s does not depend on %s: %s, so %s no longer matters", sv->name, sv->input,
			 cut.s, sv->input);
	else
		r = fail(sv, "%s does not depend on %s: nothing in its formula reads %s ('boe calc' shows each formula)",
			 sv->name, sv->input, sv->input);
	buf_free(&cut);
	return r;
}

/* The result moves one way only over the grid; false (err filled) when not. */
static bool monotone(Solver *sv, const double *g, const double *y, int lo, int hi)
{
	int first = 0, at = -1;
	for (int k = lo; k < hi; k++) {
		int d = num_cmp(y[k + 1], y[k]);
		if (d == 0)
			continue;
		if (!first) {
			first = d;
			at = k;
		} else if (d != first) {
			char a[64], b[64], c[64], xa[64], xb[64], xc[64];
			int end = k + 1;
			while (end < hi && num_cmp(y[end + 1], y[end]) == d)
				end++;
			fmt_out(sv, y[at], a, sizeof a);
			fmt_out(sv, y[k], b, sizeof b);
			fmt_out(sv, y[end], c, sizeof c);
			fmt_in(sv, g[at], xa, sizeof xa);
			fmt_in(sv, g[k], xb, sizeof xb);
			fmt_in(sv, g[end], xc, sizeof xc);
			return fail(sv, "%s is not monotone in %s over the searched range: it %s from %s at %s=%s to %s at %s=%s, then %s to %s at %s=%s, so more than one %s may give %s",
				    sv->name, sv->input, first > 0 ? "rises" : "falls", a, sv->input, xa, b,
				    sv->input, xb, d > 0 ? "rises" : "falls", c, sv->input, xc, sv->input,
				    sv->name);
		}
	}
	if (!first) {
		char v[64], xa[64], xb[64];
		fmt_out(sv, y[lo], v, sizeof v);
		fmt_in(sv, g[lo], xa, sizeof xa);
		fmt_in(sv, g[hi], xb, sizeof xb);
		return fail(sv, "%s stays at %s for any %s from %s to %s: %s does not move it", sv->name, v,
			    sv->input, xa, xb, sv->input);
	}
	sv->rising = first > 0;
	return true;
}

/* TARGET out of reach: the most a person can be told about why. */
static bool unreachable(Solver *sv, const double *g, const double *y, int lo, int hi)
{
	char v[64], x[64], t[64];
	fmt_out(sv, sv->target, t, sizeof t);
	if (sv->step) {
		/* at or under: too low a target, or never above it */
		bool never_over = sv->rising ? num_cmp(y[hi], sv->target) <= 0 : num_cmp(y[lo], sv->target) <= 0;
		if (never_over) {
			fmt_in(sv, g[sv->rising ? hi : lo], x, sizeof x);
			return fail(sv, "%s stays at or under %s for any %s %s %s (the searched range): no %s is the limit",
				    sv->name, t, sv->input, sv->rising ? "up to" : "down to", x, sv->input);
		}
		fmt_out(sv, y[sv->rising ? lo : hi], v, sizeof v);
		return fail(sv, "%s cannot be at or under %s: %s is at least %s for any %s", sv->name, t,
			    sv->name, v, sv->input);
	}
	bool too_low = sv->target < fmin(y[lo], y[hi]);
	int e = too_low == sv->rising ? lo : hi;
	fmt_out(sv, y[e], v, sizeof v);
	fmt_in(sv, g[e], x, sizeof x);
	return fail(sv, "%s cannot reach %s: %s is at %s %s for any %s (%s at %s=%s, the %s end of the searched range)",
		    sv->name, t, sv->name, too_low ? "least" : "most", v, sv->input, v, sv->input, x,
		    e == lo ? "low" : "high");
}

/* Whether x keeps the step result where the exact answer has it (so x can stand for it). */
static bool same_plateau(Solver *sv, double x, double want)
{
	double y;
	return f_at(sv, x, &y) && num_cmp(y, want) == 0;
}

/* Reads a shown value back, as a person would type it. */
static bool read_back(const Scenario *c, const char *text, double *v)
{
	Dim d;
	BoeError ignored;
	return whatif_eval(c, text, "answer", v, &d, &ignored);
}

/* The answer as set_text and shown: a short figure when one stands for it, else every digit. */
static void answer_text(Solver *sv, SolveResult *r, double x)
{
	const Quantity *q = &sv->p.c->q[sv->p.in];
	fmt_in(sv, x, r->shown, sizeof r->shown);
	if (!whatif_display_literal(sv->p.c, x, q, 12, r->set_text, sizeof r->set_text))
		whatif_literal(x, q->dim, 12, r->set_text, sizeof r->set_text);
	if (!sv->step)
		return;
	double want;
	if (!f_at(sv, x, &want))
		return;
	/* a rounded figure on the safe side of the limit, with the same result */
	for (int k = 0; k <= 40; k++) {
		double f = sv->rising ? 1 - k * 0.0005 : 1 + k * 0.0005;
		char shown[64];
		double v;
		fmt_in(sv, x * f, shown, sizeof shown);
		if (read_back(sv->p.c, shown, &v) && (sv->rising ? v <= x : v >= x) && same_plateau(sv, v, want)) {
			snprintf(r->shown, sizeof r->shown, "%s", shown);
			snprintf(r->set_text, sizeof r->set_text, "%s", shown);
			return;
		}
	}
	/* every digit it takes to stay on the right side of the limit */
	for (int sig = 12; sig <= 17; sig++) {
		char lit[96];
		double v;
		if (!whatif_display_literal(sv->p.c, x, q, sig, lit, sizeof lit))
			whatif_literal(x, q->dim, sig, lit, sizeof lit);
		if (read_back(sv->p.c, lit, &v) && same_plateau(sv, v, want)) {
			snprintf(r->set_text, sizeof r->set_text, "%s", lit);
			return;
		}
	}
}

static bool finish(Solver *sv, SolveResult *r, double x)
{
	answer_text(sv, r, x);
	r->answer = x;
	if (!read_back(sv->p.c, r->set_text, &r->answer))
		r->answer = x;
	Scenario *c = sv->p.c;
	/* the whole chain at the answer, with its checks and explanations */
	BoeError e;
	if (!scenario_override(c, sv->input, r->set_text, "--for", &e)) {
		char why[600];
		boe_error_format(&e, why, sizeof why);
		return fail(sv, "at %s = %s: %s", sv->input, r->shown, why);
	}
	r->reached = c->q[sv->out].value;
	fmt_out(sv, r->reached, r->reached_shown, sizeof r->reached_shown);
	bool *p = whatif_path(c, sv->out, sv->p.in);
	for (size_t k = 0; p && k < c->nq; k++) {
		int i = c->order[k];
		if (!p[i] || i == sv->p.in || !quantity_listed(&c->q[i]))
			continue;
		r->steps = xrealloc(r->steps, (r->nsteps + 1) * sizeof *r->steps);
		r->steps[r->nsteps++] = (SolveStep){xstrdup(c->q[i].name), xstrdup(c->q[i].explain),
						    c->q[i].decides ? xstrdup(c->q[i].decides) : NULL};
	}
	free(p);
	return true;
}

bool whatif_solve(const Scenario *s, const char *name, const char *target, const char *input,
		  SolveResult *r, BoeError *err)
{
	memset(r, 0, sizeof *r);
	Solver sv = {.name = name, .input = input, .err = err};
	if (!probe_open(&sv.p, s, input, err))
		return false;
	bool ok = false;
	Scenario *c = sv.p.c;
	sv.out = probe_find(&sv.p, name, "solve", err);
	if (sv.out < 0)
		goto done;
	const Quantity *q = &c->q[sv.out], *in = &c->q[sv.p.in];
	if (sv.out == sv.p.in) {
		fail(&sv, "solve %s for itself: set it instead (--set %s=%s)", name, name, target);
		goto done;
	}
	Dim td;
	if (!whatif_eval(s, target, "target", &sv.target, &td, err))
		goto done;
	if (!dim_eq(td, q->dim)) {
		char a[48], b[48];
		dim_name(td, a, sizeof a);
		dim_name(q->dim, b, sizeof b);
		fail(&sv, "target '%s' is %s, but %s is %s", target, a, name, b);
		goto done;
	}
	if (!whatif_depends(c, sv.out, sv.p.in)) {
		no_dependency(&sv);
		goto done;
	}
	sv.step = whatif_is_step(c, sv.out, sv.p.in);
	double g[MAX_GRID + 101], y[MAX_GRID + 101];
	bool valid[MAX_GRID + 101];
	int n = make_grid(in, sv.p.x0, g), k0 = 0;
	for (int k = 0; k < n; k++) {
		valid[k] = f_at(&sv, g[k], &y[k]);
		if (fabs(g[k] - sv.p.x0) < fabs(g[k0] - sv.p.x0))
			k0 = k;
	}
	/* the run of computable values around the input's own value */
	while (!valid[k0] && k0 + 1 < n)
		k0++;
	int lo = k0, hi = k0;
	while (lo > 0 && valid[lo - 1])
		lo--;
	while (hi + 1 < n && valid[hi + 1])
		hi++;
	if (!valid[k0] || lo == hi) {
		fail(&sv, "%s cannot be computed as %s changes", name, input);
		goto done;
	}
	if (!monotone(&sv, g, y, lo, hi))
		goto done;
	r->name = xstrdup(name);
	r->input = xstrdup(input);
	r->scenario = xstrdup(c->name);
	r->target = sv.target;
	r->step = sv.step;
	r->rising = sv.rising;
	r->input_before = sv.p.x0;
	fmt_out(&sv, sv.target, r->target_shown, sizeof r->target_shown);
	fmt_in(&sv, sv.p.x0, r->before_shown, sizeof r->before_shown);
	/* bracket: the last grid value before the answer and the first after it */
	if (!sv.step)
		for (int k = lo; k <= hi; k++)
			if (num_cmp(y[k], sv.target) == 0) {
				ok = finish(&sv, r, g[k]);
				goto done;
			}
	int a = lo - 1;
	for (int k = lo; k <= hi; k++)
		if (before_answer(&sv, y[k]))
			a = k;
	if (a < lo || a >= hi) {
		unreachable(&sv, g, y, lo, hi);
		goto done;
	}
	double xa = g[a], xb = g[a + 1];
	bisect(&sv, &xa, &xb);
	double answer = sv.step ? (sv.rising ? xa : xb) : whatif_midpoint(xa, xb);
	if (sv.step) {
		double past = sv.rising ? xb : xa, yb;
		if (f_at(&sv, past, &yb)) {
			r->beyond = yb;
			r->beyond_at = past;
			fmt_out(&sv, yb, r->beyond_shown, sizeof r->beyond_shown);
			fmt_in(&sv, past, r->beyond_at_shown, sizeof r->beyond_at_shown);
		}
	}
	ok = finish(&sv, r, answer);
done:
	probe_close(&sv.p);
	if (!ok)
		solve_result_free(r);
	return ok;
}

void solve_result_free(SolveResult *r)
{
	free(r->name);
	free(r->input);
	free(r->scenario);
	for (size_t i = 0; i < r->nsteps; i++) {
		free(r->steps[i].name);
		free(r->steps[i].explain);
		free(r->steps[i].decides);
	}
	free(r->steps);
	memset(r, 0, sizeof *r);
}

/* ---- writing ---- */

static void solve_text(const SolveResult *r, Buf *out)
{
	char *scen = text_sanitize(r->scenario, 0);
	if (r->step) {
		buf_printf(out, "%s %s %s\n", r->input, strcmp(r->shown, r->set_text) == 0 ? "=" : "≈", r->shown);
		buf_printf(out, "  the %s %s that keeps %s at or under %s (%s moves in whole steps)\n",
			   r->rising ? "largest" : "smallest", r->input, r->name, r->target_shown, r->name);
		buf_printf(out, "  there %s = %s", r->name, r->reached_shown);
		if (r->beyond_shown[0])
			buf_printf(out, "; just %s it, at %s ≈ %s, %s = %s", r->rising ? "above" : "below",
				   r->input, r->beyond_at_shown, r->name, r->beyond_shown);
		buf_add(out, "\n");
	} else {
		buf_printf(out, "%s ≈ %s\n", r->input, r->shown);
		buf_printf(out, "  gives %s = %s\n", r->name, r->reached_shown);
	}
	buf_printf(out, "  %s is %s in %s as given\n", r->input, r->before_shown, scen);
	buf_printf(out, "  apply it: --set %s=%s\n", r->input, r->set_text);
	buf_printf(out, "\nderivation at %s = %s\n", r->input, r->shown);
	for (size_t i = 0; i < r->nsteps; i++) {
		char *t = text_sanitize(r->steps[i].explain, 0);
		buf_printf(out, "  %s\n", t);
		free(t);
	}
	free(scen);
}

static void solve_json(const SolveResult *r, Buf *out)
{
	buf_add(out, "{\"boe\": 1, \"solve\": {\"scenario\": ");
	json_string(r->scenario, out);
	buf_add(out, ", \"name\": ");
	json_string(r->name, out);
	buf_add(out, ", \"target\": ");
	whatif_json_num(r->target, out);
	buf_add(out, ", \"target_display\": ");
	json_string(r->target_shown, out);
	buf_add(out, ",\n  \"input\": ");
	json_string(r->input, out);
	buf_add(out, ", \"value\": ");
	whatif_json_num(r->answer, out);
	buf_add(out, ", \"display\": ");
	json_string(r->shown, out);
	buf_add(out, ", \"set\": ");
	json_string(r->set_text, out);
	buf_printf(out, ", \"step\": %s, \"rising\": %s", r->step ? "true" : "false",
		   r->rising ? "true" : "false");
	buf_add(out, ",\n  \"reached\": ");
	whatif_json_num(r->reached, out);
	buf_add(out, ", \"reached_display\": ");
	json_string(r->reached_shown, out);
	buf_add(out, ", \"before\": ");
	whatif_json_num(r->input_before, out);
	if (r->step && r->beyond_shown[0]) {
		buf_add(out, ",\n  \"beyond\": {\"input\": ");
		whatif_json_num(r->beyond_at, out);
		buf_add(out, ", \"value\": ");
		whatif_json_num(r->beyond, out);
		buf_add(out, ", \"display\": ");
		json_string(r->beyond_shown, out);
		buf_add(out, "}");
	}
	buf_add(out, ",\n  \"derivation\": [");
	for (size_t i = 0; i < r->nsteps; i++) {
		buf_add(out, i ? ",\n    " : "\n    ");
		json_string(r->steps[i].explain, out);
	}
	buf_add(out, r->nsteps ? "\n  ]}}\n" : "]}}\n");
}

void solve_write(const SolveResult *r, WhatifFormat f, Buf *out)
{
	if (f == WF_JSON)
		solve_json(r, out);
	else
		solve_text(r, out);
}
