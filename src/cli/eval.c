/*
 * boe eval: expressions of the units language on the command line. Names are
 * looked up first among --set values and "name = expr" arguments given
 * earlier, then among the standard quantities of the default scenario (with
 * any --set of a standard name applied), so `boe eval peak_qps --set dau=50M`
 * works as well as `boe eval '50M * 20 / day'`.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "boe/expr.h"
#include "boe/sample.h"
#include "cli.h"

typedef struct Local {
	char *name;
	double value;
	Dim dim;
	Display disp;
} Local;

typedef struct EvalEnv {
	Scenario *s;
	Local *locals;
	size_t nlocals;
	double *vals;		/* scenario quantities, then locals */
	const char **names;
} EvalEnv;

static int lookup(void *ctx, const char *name, Dim *dim)
{
	EvalEnv *e = ctx;
	for (size_t i = e->nlocals; i-- > 0;)
		if (strcmp(e->locals[i].name, name) == 0) {
			*dim = e->locals[i].dim;
			return (int)(e->s->nq + i);
		}
	int qi = scenario_find(e->s, name);
	if (qi < 0 || e->s->q[qi].hidden)
		return -1;
	*dim = e->s->q[qi].dim;
	return qi;
}

static const char *const *names(void *ctx, size_t *n)
{
	EvalEnv *e = ctx;
	e->names = xrealloc(e->names, (e->s->nq + e->nlocals) * sizeof *e->names);
	for (size_t i = 0; i < e->s->nq; i++)
		e->names[i] = e->s->q[i].name;
	for (size_t i = 0; i < e->nlocals; i++)
		e->names[e->s->nq + i] = e->locals[i].name;
	*n = e->s->nq + e->nlocals;
	return e->names;
}

static void refresh_vals(EvalEnv *e)
{
	e->vals = xrealloc(e->vals, (e->s->nq + e->nlocals + 1) * sizeof *e->vals);
	for (size_t i = 0; i < e->s->nq; i++)
		e->vals[i] = e->s->q[i].value;
	for (size_t i = 0; i < e->nlocals; i++)
		e->vals[e->s->nq + i] = e->locals[i].value;
}

/* Evaluates src; prints an error (with label and shift for positions) on failure. */
static Node *evaluate(EvalEnv *e, const char *src, const char *label, int shift, double *out)
{
	ExprError err;
	Node *n = expr_parse(src, &err);
	if (n)
		cli_expr_warnings(label, &err, shift);
	ExprEnv env = {lookup, names, e};
	if (!n || !expr_bind(n, &env, &err)) {
		cli_expr_error(label, src, err.pos, err.msg, shift);
		expr_free(n);
		return NULL;
	}
	refresh_vals(e);
	Fault f;
	if (!expr_eval_const(n, e->vals, out, &f)) {
		cli_expr_error(label, src, f.pos, f.what, shift);
		expr_free(n);
		return NULL;
	}
	return n;
}

/*
 * The distribution of a tree that holds ranges: compiled over the values
 * (quantities, then locals), sampled n times from seed. False after printing
 * a fault.
 */
static bool sample_expr(EvalEnv *e, const Node *n, size_t count, uint64_t seed, const char *label,
			const char *src, Summary *out)
{
	Program *p = program_new();
	size_t nv = e->s->nq + e->nlocals;
	for (size_t i = 0; i < nv; i++)
		program_slot(p, e->vals[i]);
	int dst = program_slot(p, 0);
	ExprError err;
	bool ok = expr_compile(p, n, dst, -1, &err);
	if (!ok)
		cli_expr_error(label, src, err.pos, err.msg, 0);
	double *slots = NULL;
	Fault f;
	if (ok) {
		slots = xmalloc((size_t)program_nslots(p) * sizeof *slots);
		memcpy(slots, program_init(p), (size_t)program_nslots(p) * sizeof *slots);
		ok = program_run(p, slots, &f);
		if (!ok)
			cli_expr_error(label, src, f.pos, f.what, 0);
	}
	if (ok) {
		program_mark_ranged(p);
		Sampler *sm = sampler_new();
		size_t bad;
		ok = sampler_run(sm, p, slots, &dst, 1, count, seed, &f, &bad);
		if (ok)
			sampler_summary(sm, 0, out);
		else
			cli_fail("%s: %s in sample %zu of %zu (a range reaches values the expression cannot take)",
				 label, f.what, bad + 1, count);
		sampler_free(sm);
	}
	free(slots);
	program_free(p);
	return ok;
}

/* "3.16 (90%: 2–5)": the point value and the interval, a unit they share left to the value. */
static void format_ranged(double v, const Summary *r, Dim dim, const Display *d, char *out, size_t n)
{
	char pv[96], lo[96], hi[96];
	units_format(v, dim, d, NULL, pv, sizeof pv);
	units_format(r->p5, dim, d, NULL, lo, sizeof lo);
	units_format(r->p95, dim, d, NULL, hi, sizeof hi);
	snprintf(out, n, "%s (90%%: %s–%s)", pv, lo, hi);
}

static bool is_assignment(const char *s, size_t *name_len)
{
	const char *p = s;
	while (*p == ' ')
		p++;
	if (!isalpha((unsigned char)*p) && *p != '_')
		return false;
	const char *start = p;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	const char *end = p;
	while (*p == ' ')
		p++;
	if (*p != '=' || p[1] == '=')
		return false;
	*name_len = (size_t)(end - start);
	return start == s;
}

static bool assign(EvalEnv *e, const char *arg, const char *label)
{
	size_t nl;
	if (!is_assignment(arg, &nl)) {
		cli_fail("%s: expected NAME=EXPR, got '%s'", label, arg);
		return false;
	}
	char *name = xstrndup(arg, nl);
	const char *eq = strchr(arg, '=');
	int qi = scenario_find(e->s, name);
	if (qi >= 0 && !e->s->q[qi].hidden) {
		/* a standard quantity: everything downstream follows */
		BoeError err;
		bool ok = scenario_override_arg(e->s, arg, &err);
		if (!ok) {
			if (strcmp(label, "--set") == 0)
				cli_error(&err);
			else
				cli_fail("%s: %s", label, err.msg);
		}
		free(name);
		return ok;
	}
	double v;
	Node *n = evaluate(e, eq + 1, label, (int)(eq - arg) + 1, &v);
	if (!n) {
		free(name);
		return false;
	}
	e->locals = xrealloc(e->locals, (e->nlocals + 1) * sizeof *e->locals);
	e->locals[e->nlocals++] = (Local){name, v, n->dim, expr_display(n)};
	expr_free(n);
	return true;
}

static void usage(FILE *f)
{
	fputs("usage: boe eval EXPR... [--set NAME=EXPR]... [--explain] [--format text|json]\n"
	      "                [--samples N] [--seed S]\n"
	      "\n"
	      "Evaluates expressions in the units language and prints each result.\n"
	      "  boe eval '50M * 20 / day'            11.6K/s\n"
	      "  boe eval '35K/s * 2 KB -> Mbps'      560 Mbps\n"
	      "  boe eval 'downtime(99.9%, month)'    43.2 min\n"
	      "  boe eval peak_qps --set dau=50M      a standard quantity, recomputed\n"
	      "  boe eval 'x = 5M' 'x * 3'            NAME = EXPR defines a name for later ones\n"
	      "\n"
	      "  --set NAME=EXPR  set a standard quantity or define a name\n"
	      "  --explain        show how each expression was read\n"
	      "  --format json    one JSON object a line: value (base units), unit, display,\n"
	      "                   and range {p5, p50, p95, mean} for a range\n"
	      "  --samples N      Monte Carlo samples for ranges (default 10000); --seed S (default 1)\n"
	      "  boe eval '2..5'                      3.16 (90%: 2–5): a range, docs/ranges.md\n"
	      "See docs/units.md for the language.\n", f);
}

int cmd_eval(int argc, char **argv)
{
	bool explain = false, bad = false, json = false;
	size_t samples = SAMPLE_DEFAULT_COUNT;
	uint64_t seed = SAMPLE_DEFAULT_SEED;
	const char **exprs = xcalloc((size_t)argc + 1, sizeof *exprs);
	const char **sets = xcalloc((size_t)argc + 1, sizeof *sets);
	size_t nexpr = 0, nset = 0;
	for (int i = 1; i < argc && !bad; i++) {
		const char *v;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			free(exprs);
			free(sets);
			return EXIT_OK;
		} else if (strcmp(argv[i], "--explain") == 0) {
			explain = true;
		} else if (cli_opt_value(argc, argv, &i, "--set", &v, &bad)) {
			if (!bad)
				sets[nset++] = v;
		} else if (cli_opt_value(argc, argv, &i, "--format", &v, &bad)) {
			if (!bad && strcmp(v, "json") != 0 && strcmp(v, "text") != 0) {
				cli_fail("eval: unknown format '%s' (text or json)", v);
				bad = true;
			}
			json = !bad && strcmp(v, "json") == 0;
		} else if (cli_opt_value(argc, argv, &i, "--samples", &v, &bad) ||
			   cli_opt_value(argc, argv, &i, "--seed", &v, &bad)) {
			char *end;
			bool is_seed = strncmp(argv[i], "--seed", 6) == 0 || strncmp(argv[i - 1], "--seed", 6) == 0;
			unsigned long long x = bad ? 0 : strtoull(v, &end, 10);
			if (!bad && (!*v || *end || v[0] == '-' || (!is_seed && (x < 100 || x > SAMPLE_MAX_COUNT)))) {
				cli_fail("eval: %s takes a whole number%s, not '%s'", is_seed ? "--seed" : "--samples",
					 is_seed ? "" : " from 100 to 10000000", v);
				bad = true;
			}
			if (is_seed)
				seed = x;
			else
				samples = (size_t)x;
		} else if (strcmp(argv[i], "--") == 0) {
			while (++i < argc)
				exprs[nexpr++] = argv[i];
		} else if (argv[i][0] == '-' && argv[i][1] == '-') {
			cli_fail("eval: unknown option '%s'", argv[i]);
			bad = true;
		} else {
			exprs[nexpr++] = argv[i];
		}
	}
	if (!bad && nexpr == 0) {
		usage(stderr);
		bad = true;
	}
	int rc = bad ? EXIT_USAGE : EXIT_OK;
	EvalEnv e = {0};
	if (!bad) {
		BoeError err;
		e.s = scenario_new_default();
		if (!scenario_compute(e.s, &err)) {
			cli_error(&err);
			rc = EXIT_USAGE;
		}
	}
	for (size_t i = 0; rc == EXIT_OK && i < nset; i++)
		if (!assign(&e, sets[i], "--set"))
			rc = EXIT_USAGE;
	if (rc == EXIT_OK)
		cli_warnings(e.s); /* about --set values of standard quantities */
	/* results are printed only when every expression succeeded */
	Buf results = {0};
	for (size_t i = 0; rc == EXIT_OK && i < nexpr; i++) {
		size_t nl;
		char label[32];
		snprintf(label, sizeof label, nexpr > 1 ? "expression %zu" : "expression", i + 1);
		if (is_assignment(exprs[i], &nl)) {
			if (!assign(&e, exprs[i], label))
				rc = EXIT_USAGE;
			continue;
		}
		double v;
		Node *n = evaluate(&e, exprs[i], label, 0, &v);
		if (!n) {
			rc = EXIT_USAGE;
			break;
		}
		Display d = expr_display(n);
		char out[320];
		units_format(v, n->dim, &d, NULL, out, sizeof out);
		Summary r;
		bool ranged = expr_has_range(n);
		if (ranged && !sample_expr(&e, n, samples, seed, label, exprs[i], &r)) {
			expr_free(n);
			rc = EXIT_USAGE;
			break;
		}
		if (ranged)
			format_ranged(v, &r, n->dim, &d, out, sizeof out);
		if (json) {
			char base[48], num[64];
			dim_base_unit(n->dim, base, sizeof base);
			units_format(v, n->dim, &d, NULL, out, sizeof out);
			buf_printf(&results, "{\"expression\": ");
			json_string(exprs[i], &results);
			snprintf(num, sizeof num, "%.17g", v);
			buf_printf(&results, ", \"value\": %s, \"unit\": ", num);
			json_string(base, &results);
			buf_add(&results, ", \"display\": ");
			json_string(out, &results);
			if (ranged) {
				const double rv[4] = {r.p5, r.p50, r.p95, r.mean};
				const char *rk[4] = {"p5", "p50", "p95", "mean"};
				buf_add(&results, ", \"range\": {");
				for (int k = 0; k < 4; k++) {
					snprintf(num, sizeof num, "%.17g", rv[k]);
					buf_printf(&results, "%s\"%s\": %s", k ? ", " : "", rk[k], num);
				}
				buf_printf(&results, "}, \"samples\": %zu, \"seed\": %llu", samples,
					   (unsigned long long)seed);
			}
			buf_add(&results, "}\n");
			expr_free(n);
			continue;
		}
		if (explain) {
			Buf b = {0};
			char base[48], exact[64];
			expr_explain(n, &b);
			dim_base_unit(n->dim, base, sizeof base);
			units_format_plain(v, 15, exact, sizeof exact);
			char dname[48];
			dim_name(n->dim, dname, sizeof dname);
			buf_printf(&results, "%s%s\n%s", results.len ? "\n" : "", exprs[i], b.s);
			buf_printf(&results, "  value      %s%s%s (%s)\n", exact, base[0] ? " " : "", base, dname);
			buf_printf(&results, "  shown as   %s\n", out);
			buf_free(&b);
		} else {
			buf_printf(&results, "%s\n", out);
		}
		expr_free(n);
	}
	if (rc == EXIT_OK && results.s)
		fputs(results.s, stdout);
	buf_free(&results);
	for (size_t i = 0; i < e.nlocals; i++)
		free(e.locals[i].name);
	free(e.locals);
	free(e.vals);
	free(e.names);
	scenario_free(e.s);
	free(exprs);
	free(sets);
	return rc;
}
