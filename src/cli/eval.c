/*
 * boe eval: expressions of the units language on the command line. Names are
 * looked up first among --set values and "name = expr" arguments given
 * earlier, then among the standard quantities of the default scenario (with
 * any --set of a standard name applied), so `boe eval peak_qps --set dau=50M`
 * works as well as `boe eval '50M * 20 / day'`. The default scenario is
 * computed only when something names one of its quantities: `boe eval 1+2`
 * costs no more than parsing it.
 *
 * With no expression, they come from stdin, one a line, or, on a terminal,
 * from the calculator prompt (src/cli/repl.c).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boe/expr.h"
#include "boe/sample.h"
#include "cli.h"
#include "evalenv.h"

typedef struct Local {
	char *name;
	double value;
	Dim dim;
	Display disp;
} Local;

struct EvalEnv {
	Scenario *s;		/* the default scenario, once a name needs it */
	bool want_s;		/* a name of it was met before it existed */
	bool want_ans;		/* ans was met before there was a result */
	Local *locals;
	size_t nlocals, cap_locals;
	NameIndex local_index;	/* the locals by name */
	/* what an expression reads: the scenario's vals_nq quantities, then the locals
	   (the first vals_locals of them copied in): kept as they change, so a long
	   stream of lines costs each line its own work, not the count of names before */
	double *vals;
	size_t cap_vals, vals_nq, vals_locals;
	const char **names;
	const char **words;	/* for Tab: eval_words */
	/* what the results look like */
	bool json, explain;
	bool printed;		/* a result was shown (--explain separates them) */
	size_t samples;
	uint64_t seed;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static size_t nq(const EvalEnv *e)
{
	return e->s ? e->s->nq : 0;
}

/* The default scenario, computed (without explanations) on first need. */
static bool need_scenario(EvalEnv *e)
{
	if (e->s)
		return true;
	BoeError err;
	e->s = scenario_new_default();
	scenario_want_explanations(e->s, false);
	if (!scenario_compute(e->s, &err)) {
		cli_error(&err);
		return false;
	}
	return true;
}

static const char *local_name(const void *ctx, int i)
{
	return ((const EvalEnv *)ctx)->locals[i].name;
}

/* The local named name, or -1. */
static int find_local(const EvalEnv *e, const char *name)
{
	return name_index_find(&e->local_index, name);
}

static void add_local(EvalEnv *e, Local l)
{
	e->locals = xgrow(e->locals, e->nlocals, &e->cap_locals, sizeof *e->locals, 16);
	if (!e->local_index.name_of)
		name_index_init(&e->local_index, local_name, e);
	e->locals[e->nlocals] = l;
	name_index_add(&e->local_index, (int)e->nlocals++);
}

static int lookup(void *ctx, const char *name, Dim *dim)
{
	EvalEnv *e = ctx;
	int li = find_local(e, name);
	if (li >= 0) {
		*dim = e->locals[li].dim;
		return (int)nq(e) + li;
	}
	if (strcmp(name, "ans") == 0)
		e->want_ans = true;
	if (!e->s) {
		/* a standard name: bind again once the scenario is there */
		if (std_find(name))
			e->want_s = true;
		return -1;
	}
	int qi = scenario_find(e->s, name);
	if (qi < 0 || e->s->q[qi].hidden)
		return -1;
	*dim = e->s->q[qi].dim;
	return qi;
}

/* The names an expression may use (for "did you mean" and Tab): quantities, then locals. */
static const char *const *names(void *ctx, size_t *n)
{
	EvalEnv *e = ctx;
	size_t nstd;
	const StdQuantity *t = std_quantities(&nstd);
	size_t k = e->s ? e->s->nq : nstd;
	e->names = xrealloc(e->names, (k + e->nlocals + 1) * sizeof *e->names);
	for (size_t i = 0; i < k; i++)
		e->names[i] = e->s ? e->s->q[i].name : t[i].name;
	for (size_t i = 0; i < e->nlocals; i++)
		e->names[k + i] = e->locals[i].name;
	e->names[k + e->nlocals] = NULL;
	*n = k + e->nlocals;
	return e->names;
}

/* vals as an expression bound now reads them: the scenario's (a hundred or so) copied each time, the locals' once each */
static void refresh_vals(EvalEnv *e)
{
	size_t q = nq(e);
	if (q != e->vals_nq || q + e->nlocals + 1 > e->cap_vals) { /* laid out again, with room for the locals to double */
		e->cap_vals = q + 2 * e->nlocals + 16;
		e->vals = xrealloc(e->vals, e->cap_vals * sizeof *e->vals);
		e->vals_nq = q;
		e->vals_locals = 0;
	}
	for (size_t i = 0; i < q; i++)
		e->vals[i] = e->s->q[i].value;
	for (size_t i = e->vals_locals; i < e->nlocals; i++)
		e->vals[q + i] = e->locals[i].value;
	e->vals_locals = e->nlocals;
}

/* Where an expression came from, for its messages: "expression 2" or "stdin" line 3. */
typedef struct Where {
	const char *label;
	int line;
} Where;

static void where_error(Where w, const char *src, int pos, const char *msg, int shift)
{
	cli_expr_error_at(w.label, w.line, src, pos, msg, shift);
}

/* Evaluates src; prints an error (with label and shift for positions) on failure. */
static Node *evaluate(EvalEnv *e, const char *src, Where w, int shift, double *out)
{
	ExprError err;
	Node *n = expr_parse(src, &err);
	if (n)
		cli_expr_warnings_at(w.label, w.line, &err, shift);
	ExprEnv env = {lookup, names, e};
	e->want_s = e->want_ans = false;
	bool bound = n && expr_bind(n, &env, &err);
	if (n && !bound && e->want_s && !e->s) {
		/* it names a standard quantity: bind it again with the scenario */
		if (!need_scenario(e)) {
			expr_free(n);
			return NULL;
		}
		expr_free(n);
		n = expr_parse(src, &err);
		bound = n && expr_bind(n, &env, &err);
	}
	if (!bound) {
		/* (ans is a name only once there is a result: before, "did you mean 'ns'?" would mislead) */
		if (e->want_ans)
			snprintf(err.msg, sizeof err.msg, "ans is the last result, and there is none yet");
		where_error(w, src, err.pos, err.msg, shift);
		expr_free(n);
		return NULL;
	}
	refresh_vals(e);
	Fault f;
	if (!expr_eval_const(n, e->vals, out, &f)) {
		where_error(w, src, f.pos, f.what, shift);
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
	size_t nv = nq(e) + e->nlocals;
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
		ok = sampler_run(sm, p, slots, &dst, 1, count, seed, NULL, &f, &bad);
		if (ok)
			*out = *sampler_summary(sm, 0);
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

/* Defines (or redefines) a local name; takes name. */
static void set_local(EvalEnv *e, char *name, double v, Dim dim, Display disp)
{
	int i = find_local(e, name);
	if (i < 0) {
		add_local(e, (Local){name, v, dim, disp});
		return;
	}
	free(name);
	e->locals[i] = (Local){e->locals[i].name, v, dim, disp};
	if ((size_t)i < e->vals_locals)
		e->vals[e->vals_nq + (size_t)i] = v;
}

static bool assign(EvalEnv *e, const char *arg, Where w)
{
	size_t nl;
	const char *label = w.label;
	if (!is_assignment(arg, &nl)) {
		cli_fail("%s: expected NAME=EXPR, got '%s'", label, arg);
		return false;
	}
	char *name = xstrndup(arg, nl);
	const char *eq = strchr(arg, '=');
	if (std_find(name) && !need_scenario(e)) {
		free(name);
		return false;
	}
	int qi = e->s ? scenario_find(e->s, name) : -1;
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
	Node *n = evaluate(e, eq + 1, w, (int)(eq - arg) + 1, &v);
	if (!n) {
		free(name);
		return false;
	}
	set_local(e, name, v, n->dim, expr_display(n));
	expr_free(n);
	return true;
}

/*
 * One line: "NAME = EXPR" defines, anything else is evaluated and its result
 * appended to out (text or a JSON object, a line each). `ans` is the last
 * result. False after printing an error.
 */
bool eval_line(EvalEnv *e, const char *src, const char *label, int line, Buf *out)
{
	Where w = {label, line};
	size_t nl;
	if (is_assignment(src, &nl))
		return assign(e, src, w);
	double v;
	Node *n = evaluate(e, src, w, 0, &v);
	if (!n)
		return false;
	Display d = expr_display(n);
	char shown[320];
	units_format(v, n->dim, &d, NULL, shown, sizeof shown);
	Summary r = {0, 0, 0, 0};
	bool ranged = expr_has_range(n);
	if (ranged && !sample_expr(e, n, e->samples, e->seed, label, src, &r)) {
		expr_free(n);
		return false;
	}
	if (e->json) {
		char base[48], num[64];
		dim_base_unit(n->dim, base, sizeof base);
		buf_printf(out, "{\"expression\": ");
		json_string(src, out);
		snprintf(num, sizeof num, "%.17g", v);
		buf_printf(out, ", \"value\": %s, \"unit\": ", num);
		json_string(base, out);
		buf_add(out, ", \"display\": ");
		json_string(shown, out);
		if (ranged) {
			const double rv[4] = {r.p5, r.p50, r.p95, r.mean};
			const char *rk[4] = {"p5", "p50", "p95", "mean"};
			buf_add(out, ", \"range\": {");
			for (int k = 0; k < 4; k++) {
				snprintf(num, sizeof num, "%.17g", rv[k]);
				buf_printf(out, "%s\"%s\": %s", k ? ", " : "", rk[k], num);
			}
			buf_printf(out, "}, \"samples\": %zu, \"seed\": %llu", e->samples,
				   (unsigned long long)e->seed);
		}
		buf_add(out, "}\n");
	} else {
		if (ranged)
			format_ranged(v, &r, n->dim, &d, shown, sizeof shown);
		if (e->explain) {
			Buf b = {0};
			char base[48], exact[64], dname[48];
			expr_explain(n, &b);
			dim_base_unit(n->dim, base, sizeof base);
			units_format_plain(v, 15, exact, sizeof exact);
			dim_name(n->dim, dname, sizeof dname);
			buf_printf(out, "%s%s\n%s", e->printed ? "\n" : "", src, b.s);
			buf_printf(out, "  value      %s%s%s (%s)\n", exact, base[0] ? " " : "", base, dname);
			buf_printf(out, "  shown as   %s\n", shown);
			buf_free(&b);
		} else {
			buf_printf(out, "%s\n", shown);
		}
	}
	e->printed = true;
	set_local(e, xstrdup("ans"), v, n->dim, d);
	expr_free(n);
	return true;
}

const char *const *eval_words(EvalEnv *e)
{
	/* quantities and names defined so far, then functions and units, sorted */
	size_t nn, nf, nu;
	const char *const *qn = names(e, &nn);
	const ExprFunc *fn = expr_functions(&nf);
	const Unit *un = unit_table(&nu);
	free(e->words);
	e->words = xmalloc((nn + nf + nu + 2) * sizeof *e->words);
	size_t k = 0;
	for (size_t i = 0; i < nn; i++)
		e->words[k++] = qn[i];
	for (size_t i = 0; i < nf; i++)
		e->words[k++] = fn[i].name;
	for (size_t i = 0; i < nu; i++)
		if (!(un[i].flags & UNIT_NOUN) && isalpha((unsigned char)un[i].name[0]))
			e->words[k++] = un[i].name;
	qsort(e->words, k, sizeof *e->words, cmp_str);
	size_t u = 0;
	for (size_t i = 0; i < k; i++)
		if (!u || strcmp(e->words[u - 1], e->words[i]) != 0)
			e->words[u++] = e->words[i];
	e->words[u] = NULL;
	return e->words;
}

static void usage(FILE *f)
{
	fputs("usage: boe eval [EXPR...|-] [--set NAME=EXPR]... [--explain] [--format text|json]\n"
	      "                [--samples N] [--seed S]\n"
	      "\n"
	      "Evaluates expressions in the units language and prints each result.\n"
	      "  boe eval '50M * 20 / day'            11.6K/s\n"
	      "  boe eval '35K/s * 2 KB -> Mbps'      560 Mbps\n"
	      "  boe eval 'downtime(99.9%, month)'    43.2 min\n"
	      "  boe eval peak_qps --set dau=50M      a standard quantity, recomputed\n"
	      "  boe eval 'x = 5M' 'x * 3'            NAME = EXPR defines a name for later ones\n"
	      "  echo '5 KB * 3' | boe eval           with no expression (or -): one a line from stdin\n"
	      "  boe eval                             on a terminal: the calculator prompt, with\n"
	      "                                       history, Tab completion and ans (the last result)\n"
	      "\n"
	      "  --set NAME=EXPR  set a standard quantity or define a name\n"
	      "  --explain        show how each expression was read\n"
	      "  --format json    one JSON object a line: value (base units), unit, display,\n"
	      "                   and range {p5, p50, p95, mean} for a range\n"
	      "  --samples N      Monte Carlo samples for ranges (default 10000); --seed S (default 1)\n"
	      "  boe eval '2..5'                      3.16 (90%: 2–5): a range\n"
	      "The units language and ranges are described in boe(1), and in units.md and\n"
	      "ranges.md in " BOE_DOCDIR ".\n", f);
}

/*
 * Expressions from stdin, one a line (blank lines and # comments skipped):
 * each result is printed as it comes; the first error stops, naming its line.
 */
static int eval_stream(EvalEnv *e, FILE *in)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0, rc = EXIT_OK;
	while (rc == EXIT_OK && (n = getline(&line, &cap, in)) >= 0) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		const char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			continue;
		Buf out = {0};
		if (!eval_line(e, line, "stdin", lineno, &out))
			rc = EXIT_USAGE;
		else if (out.len) /* a definition prints nothing */
			cli_out(out.s, out.len);
		buf_free(&out);
	}
	free(line);
	return rc;
}

int cmd_eval(int argc, char **argv)
{
	bool bad = false, from_stdin = false;
	EvalEnv e = {0};
	e.samples = SAMPLE_DEFAULT_COUNT;
	e.seed = SAMPLE_DEFAULT_SEED;
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
			e.explain = true;
		} else if (strcmp(argv[i], "-") == 0) {
			from_stdin = true;
		} else if (cli_opt_value(argc, argv, &i, "--set", &v, &bad)) {
			if (!bad)
				sets[nset++] = v;
		} else if (cli_opt_value(argc, argv, &i, "--format", &v, &bad)) {
			if (!bad && strcmp(v, "json") != 0 && strcmp(v, "text") != 0) {
				cli_fail("eval: unknown format '%s' (text or json)", v);
				bad = true;
			}
			e.json = !bad && strcmp(v, "json") == 0;
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
				e.seed = x;
			else
				e.samples = (size_t)x;
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
	if (!bad && from_stdin && nexpr > 0) {
		cli_fail("eval: give expressions or - (stdin), not both");
		bad = true;
	}
	int rc = bad ? EXIT_USAGE : EXIT_OK;
	for (size_t i = 0; rc == EXIT_OK && i < nset; i++)
		if (!assign(&e, sets[i], (Where){"--set", 1}))
			rc = EXIT_USAGE;
	if (rc == EXIT_OK && e.s)
		cli_warnings(e.s); /* about --set values of standard quantities */
	if (rc == EXIT_OK && nexpr == 0) {
		/* no expression: a prompt on a terminal, else the lines of stdin */
		if (!from_stdin && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
			rc = eval_repl(&e);
		else
			rc = eval_stream(&e, stdin);
	}
	/* results are printed only when every expression succeeded */
	Buf results = {0};
	for (size_t i = 0; rc == EXIT_OK && i < nexpr; i++) {
		char label[32];
		snprintf(label, sizeof label, nexpr > 1 ? "expression %zu" : "expression", i + 1);
		if (!eval_line(&e, exprs[i], label, 1, &results))
			rc = EXIT_USAGE;
	}
	if (rc == EXIT_OK && results.s)
		cli_out(results.s, results.len);
	buf_free(&results);
	if (CLI_FREE_AT_EXIT) {
		for (size_t i = 0; i < e.nlocals; i++)
			free(e.locals[i].name);
		free(e.locals);
		name_index_free(&e.local_index);
		free(e.vals);
		free(e.names);
		free(e.words);
		scenario_free(e.s);
	}
	free(exprs);
	free(sets);
	return rc;
}
