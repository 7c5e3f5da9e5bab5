/*
 * What solve, sweep and compare share: a private copy of a scenario, a probe
 * that runs its compiled program with one input changed (no allocation per
 * run), which results depend on an input and which of them move in steps,
 * and the numbers they write for people and for machines.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boe/numeric.h"
#include "boe/report.h"
#include "whatif_impl.h"

bool whatif_format_parse(const char *s, WhatifFormat *out)
{
	static const struct { const char *name; WhatifFormat f; } names[] = {
		{"text", WF_TEXT}, {"markdown", WF_MARKDOWN}, {"md", WF_MARKDOWN},
		{"json", WF_JSON}, {"csv", WF_CSV},
	};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strcmp(s, names[i].name) == 0) {
			*out = names[i].f;
			return true;
		}
	return false;
}

Scenario *whatif_copy(const Scenario *s, BoeError *err)
{
	/*
	 * the scenario as it stands, written out as a file (what the interface's
	 * save writes, and every preset reads back the same): every value changed
	 * since it was loaded, and every tier, hop and quantity added, removed
	 * or edited, come along
	 */
	Buf b = {0};
	report_scenario_file(s, &b);
	Scenario *c = scenario_load_string(b.s ? b.s : "", b.len, s->path ? s->path : "<scenario>", err);
	buf_free(&b);
	if (!c)
		return NULL;
	scenario_set_sampling(c, s->want_samples, s->want_seed);
	scenario_want_ranges(c, false); /* solve and sweep run point values through the tape */
	if (!scenario_compute(c, err)) {
		scenario_free(c);
		return NULL;
	}
	return c;
}

/* ---- dependencies ---- */

/* Marks qi and everything it reads (down) or everything that reads it (up). */
static void reach(const Scenario *s, int qi, bool up, bool *mark)
{
	int *stack = xmalloc(s->nq * sizeof *stack);
	int top = 0;
	stack[top++] = qi;
	mark[qi] = true;
	while (top) {
		const Quantity *q = &s->q[stack[--top]];
		int n = up ? q->nusers : q->ndeps;
		const int *next = up ? q->users : q->deps;
		for (int k = 0; k < n; k++)
			if (!mark[next[k]]) {
				mark[next[k]] = true;
				stack[top++] = next[k];
			}
	}
	free(stack);
}

bool *whatif_path(const Scenario *s, int result, int input)
{
	bool *down = xcalloc(s->nq, sizeof *down);
	bool *up = xcalloc(s->nq, sizeof *up);
	reach(s, result, false, down);
	reach(s, input, true, up);
	bool any = down[input];
	for (size_t i = 0; i < s->nq; i++)
		down[i] = down[i] && up[i];
	free(up);
	if (!any) {
		free(down);
		return NULL;
	}
	return down;
}

bool whatif_depends(const Scenario *s, int result, int input)
{
	bool *p = whatif_path(s, result, input);
	free(p);
	return p != NULL;
}

static bool step_node(const Node *n)
{
	static const char *const steps[] = {"ceil", "floor", "round", "pow2ceil", "bloom_bits",
					    "bloom_hashes"};
	if (n->kind >= N_LT && n->kind <= N_NE)
		return true;
	if (n->kind != N_CALL)
		return false;
	size_t nf;
	const ExprFunc *f = expr_functions(&nf);
	if (n->fn < 0 || (size_t)n->fn >= nf)
		return false;
	for (size_t i = 0; i < ARRAY_LEN(steps); i++)
		if (strcmp(f[n->fn].name, steps[i]) == 0)
			return true;
	return false;
}

static bool reads_marked(const Node *n, const bool *mark, size_t nq)
{
	if (!n)
		return false;
	if (n->kind == N_VAR)
		return n->slot >= 0 && (size_t)n->slot < nq && mark[n->slot];
	for (int i = 0; i < 3; i++)
		if (reads_marked(n->kid[i], mark, nq))
			return true;
	for (int i = 0; i < n->nargs; i++)
		if (reads_marked(n->args[i], mark, nq))
			return true;
	return false;
}

static bool has_step(const Node *n, const bool *mark, size_t nq)
{
	if (!n)
		return false;
	if (step_node(n) && reads_marked(n, mark, nq))
		return true;
	for (int i = 0; i < 3; i++)
		if (has_step(n->kid[i], mark, nq))
			return true;
	for (int i = 0; i < n->nargs; i++)
		if (has_step(n->args[i], mark, nq))
			return true;
	return false;
}

bool whatif_is_step(const Scenario *s, int result, int input)
{
	bool *p = whatif_path(s, result, input);
	if (!p)
		return false;
	bool step = false;
	for (size_t i = 0; i < s->nq && !step; i++)
		step = p[i] && (int)i != input && has_step(s->q[i].expr, p, s->nq);
	free(p);
	return step;
}

/* ---- probing ---- */

int probe_find(const Probe *p, const char *name, const char *what, BoeError *err)
{
	const Scenario *s = p->c;
	int qi = scenario_find(s, name);
	if (qi >= 0 && quantity_listed(&s->q[qi]))
		return qi;
	const char **names = xmalloc(s->nq * sizeof *names);
	for (size_t i = 0; i < s->nq; i++)
		names[i] = quantity_listed(&s->q[i]) ? s->q[i].name : NULL;
	const char *sugg = suggest_name(name, names, s->nq);
	if (sugg)
		boe_error_set(err, "", 0, 0, "%s: unknown quantity '%s' (did you mean '%s'?)", what, name, sugg);
	else
		boe_error_set(err, "", 0, 0, "%s: unknown quantity '%s' (see 'boe quantities')", what, name);
	free(names);
	return -1;
}

bool probe_open(Probe *p, const Scenario *s, const char *input, BoeError *err)
{
	memset(p, 0, sizeof *p);
	p->c = whatif_copy(s, err);
	if (!p->c)
		return false;
	p->in = probe_find(p, input, "input", err);
	if (p->in < 0) {
		probe_close(p);
		return false;
	}
	Quantity *q = &p->c->q[p->in];
	p->x0 = q->value;
	if (!q->input) {
		/* a derived input becomes its own value: everything upstream of it stops mattering */
		char lit[96];
		whatif_literal(q->value, q->dim, 17, lit, sizeof lit);
		if (!scenario_override(p->c, input, lit, "--for", err)) {
			probe_close(p);
			return false;
		}
	}
	return true;
}

void probe_close(Probe *p)
{
	scenario_free(p->c);
	p->c = NULL;
}

bool probe_run(Probe *p, double x, const char **why)
{
	Fault f;
	p->c->slots[p->in] = x;
	if (program_run(p->c->prog, p->c->slots, &f))
		return true;
	if (why)
		*why = f.what;
	return false;
}

double whatif_midpoint(double a, double b)
{
	if (a > 0 && b > 0)
		return exp((log(a) + log(b)) / 2);
	if (a < 0 && b < 0)
		return -exp((log(-a) + log(-b)) / 2);
	return a / 2 + b / 2;
}

/* ---- expressions and numbers ---- */

typedef struct EvalCtx {
	const Scenario *s;
	const char **names;
} EvalCtx;

static int eval_lookup(void *ctx, const char *name, Dim *dim)
{
	const EvalCtx *e = ctx;
	int qi = scenario_find(e->s, name);
	if (qi < 0 || !quantity_listed(&e->s->q[qi]))
		return -1;
	*dim = e->s->q[qi].dim;
	return qi;
}

static const char *const *eval_names(void *ctx, size_t *n)
{
	EvalCtx *e = ctx;
	if (!e->names) {
		e->names = xmalloc(e->s->nq * sizeof *e->names);
		for (size_t i = 0; i < e->s->nq; i++)
			e->names[i] = e->s->q[i].name;
	}
	*n = e->s->nq;
	return e->names;
}

bool whatif_eval(const Scenario *s, const char *text, const char *what, double *v, Dim *d, BoeError *err)
{
	ExprError e;
	Node *n = expr_parse(text, &e);
	EvalCtx ctx = {s, NULL};
	ExprEnv env = {eval_lookup, eval_names, &ctx};
	bool ok = n && expr_bind(n, &env, &e);
	free(ctx.names);
	if (!ok) {
		boe_error_set(err, what, 1, e.pos + 1, "%s", e.msg);
		expr_free(n);
		return false;
	}
	double *vals = xmalloc((s->nq + 1) * sizeof *vals);
	for (size_t i = 0; i < s->nq; i++)
		vals[i] = s->q[i].value;
	Fault f;
	ok = expr_eval_const(n, vals, v, &f);
	free(vals);
	if (!ok)
		boe_error_set(err, what, 1, f.pos + 1, "%s", f.what);
	else
		*d = n->dim;
	expr_free(n);
	return ok;
}

void whatif_literal(double v, Dim d, int sig, char *out, size_t n)
{
	char unit[48], num[40];
	dim_base_unit(d, unit, sizeof unit);
	snprintf(num, sizeof num, "%.*g", sig, v);
	if (!unit[0])
		snprintf(out, n, "%s", num);
	else if (strncmp(unit, "1/", 2) == 0)
		snprintf(out, n, "%s%s", num, unit + 1);
	else
		snprintf(out, n, "%s %s", num, unit);
}

bool whatif_display_literal(const Scenario *s, double v, const Quantity *q, int sig, char *out, size_t n)
{
	char num[64], unit[64], one[80], lit[128];
	units_format_parts(v, q->dim, &q->disp, NULL, num, sizeof num, unit, sizeof unit);
	bool glue = unit[0] == '/' || unit[0] == '%';
	double scale = 1, back;
	Dim d;
	BoeError ignored;
	if (unit[0]) {
		snprintf(one, sizeof one, "%s1%s%s", num[0] == '$' ? "$" : "", glue ? "" : " ", unit);
		if (!whatif_eval(s, one, "unit", &scale, &d, &ignored) || !dim_eq(d, q->dim) || !(scale > 0))
			return false;
	}
	snprintf(lit, sizeof lit, "%s%.*g%s%s", num[0] == '$' ? "$" : "", sig, v / scale,
		 glue || !unit[0] ? "" : " ", unit);
	if (!whatif_eval(s, lit, "answer", &back, &d, &ignored) || !dim_eq(d, q->dim) ||
	    fabs(back - v) > 1e-9 * fabs(v))
		return false;
	snprintf(out, n, "%s", lit);
	return true;
}

void whatif_json_num(double v, Buf *out)
{
	if (!isfinite(v)) {
		buf_add(out, "null");
		return;
	}
	char b[40];
	snprintf(b, sizeof b, "%.15g", v);
	if (strtod(b, NULL) != v)
		snprintf(b, sizeof b, "%.17g", v);
	buf_add(out, b);
}
