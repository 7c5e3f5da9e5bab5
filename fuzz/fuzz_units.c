/*
 * The units language, as `boe eval` and `--set` use it: parse, bind against
 * the default scenario's quantities, compile to a program and run it, evaluate
 * the tree directly, and show the result every way eval does (the display,
 * --explain, the rendering with values, base units). The compiled and the
 * direct evaluation must agree. Then the same text as a --set of a standard
 * quantity and as a display unit after "->".
 */
#include <math.h>

#include "boe/expr.h"
#include "boe/scenario.h"
#include "fuzz.h"

static Scenario *base;

static int lookup(void *ctx, const char *name, Dim *dim)
{
	Scenario *s = ctx;
	int qi = scenario_find(s, name);
	if (qi < 0 || s->q[qi].hidden)
		return -1;
	*dim = s->q[qi].dim;
	return qi;
}

static const char *const *names(void *ctx, size_t *n)
{
	static const char **list;
	static size_t cap;
	Scenario *s = ctx;
	if (cap < s->nq) {
		cap = s->nq;
		list = realloc(list, cap * sizeof *list);
		if (!list)
			abort();
	}
	for (size_t i = 0; i < s->nq; i++)
		list[i] = s->q[i].name;
	*n = s->nq;
	return list;
}

static void fmt_var(void *ctx, int slot, Buf *out)
{
	(void)ctx;
	char v[64];
	units_format(base->q[slot].value, base->q[slot].dim, &base->q[slot].disp, NULL, v, sizeof v);
	buf_add(out, v);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	BoeError err;
	base = scenario_new_default();
	if (!scenario_compute(base, &err))
		abort();
	return 0;
}

/* Shows v of dimension d every way a face does. */
static void show(double v, Dim d, const Display *disp)
{
	char out[128], num[64], unit[64], plain[64], base_unit[48], dname[48];
	static const DisplayPrefs prefs[] = {{false, false}, {true, false}, {false, true}, {true, true}};
	for (size_t i = 0; i < sizeof prefs / sizeof *prefs; i++) {
		units_format(v, d, disp, &prefs[i], out, sizeof out);
		FUZZ_ASSERT(strlen(out) < sizeof out - 1, "display cut short: %s", out);
		units_format_parts(v, d, disp, &prefs[i], num, sizeof num, unit, sizeof unit);
	}
	units_format(v, d, disp, NULL, out, sizeof out);
	units_format_plain(v, 15, plain, sizeof plain);
	units_format_count(v, plain, sizeof plain);
	dim_base_unit(d, base_unit, sizeof base_unit);
	dim_name(d, dname, sizeof dname);
}

static void evaluate(const char *src)
{
	ExprError err;
	Node *n = expr_parse(src, &err);
	if (!n) {
		FUZZ_ASSERT(err.msg[0] != '\0', "a parse error without a message");
		FUZZ_ASSERT(err.pos >= 0 && (size_t)err.pos <= strlen(src), "error at %d of %zu", err.pos,
			    strlen(src));
		return;
	}
	FUZZ_ASSERT(n->height <= EXPR_MAX_DEPTH, "a tree %d deep", n->height);
	Buf b = {0};
	expr_render(n, &b); /* before binding too: the interface renders what it parsed */
	buf_free(&b);
	ExprEnv env = {lookup, names, base};
	if (!expr_bind(n, &env, &err)) {
		FUZZ_ASSERT(err.msg[0] != '\0', "a bind error without a message");
		expr_free(n);
		return;
	}
	double *vals = malloc((base->nq + 1) * sizeof *vals);
	if (!vals)
		abort();
	for (size_t i = 0; i < base->nq; i++)
		vals[i] = base->q[i].value;
	double direct = 0;
	Fault f;
	bool direct_ok = expr_eval_const(n, vals, &direct, &f);

	/* the compiled path: one slot per quantity, then the result */
	Program *p = program_new();
	for (size_t i = 0; i < base->nq; i++)
		program_slot(p, vals[i]);
	int dst = program_slot(p, 0);
	if (expr_compile(p, n, dst, 0, &err)) {
		double *slots = malloc((size_t)program_nslots(p) * sizeof *slots);
		if (!slots)
			abort();
		memcpy(slots, program_init(p), (size_t)program_nslots(p) * sizeof *slots);
		Fault pf;
		bool ran = program_run(p, slots, &pf);
		if (ran && direct_ok)
			FUZZ_ASSERT(slots[dst] == direct || (isnan(slots[dst]) && isnan(direct)) ||
					    fabs(slots[dst] - direct) <= 1e-9 * fabs(direct),
				    "compiled %.17g, direct %.17g", slots[dst], direct);
		free(slots);
	}
	program_free(p);

	if (direct_ok) {
		Display d = expr_display(n);
		show(direct, n->dim, &d);
	}
	expr_explain(n, &b);
	buf_free(&b);
	expr_render_values(n, &b, fmt_var, NULL);
	buf_free(&b);
	free(vals);
	expr_free(n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src = fuzz_string(data, size);
	evaluate(src);

	/* as a --set of a standard quantity, on a scenario of its own */
	Scenario *s = scenario_new_default();
	BoeError err;
	if (scenario_compute(s, &err)) {
		static const char *const targets[] = {"dau", "object_size", "sla", "peak_factor"};
		const char *name = targets[size % (sizeof targets / sizeof *targets)];
		if (scenario_override(s, name, src, NULL, &err)) {
			int qi = scenario_find(s, name);
			FUZZ_ASSERT(qi >= 0, "%s lost", name);
			char v[128];
			scenario_format_value(s, qi, NULL, v, sizeof v);
		}
	}
	scenario_free(s);

	/* as a display unit after "->" */
	Display disp;
	Dim dim;
	ExprError xerr;
	if (strlen(src) < 64 && expr_parse_display(src, &disp, &dim, &xerr))
		show(1234.5, dim, &disp);
	free(src);
	return 0;
}
