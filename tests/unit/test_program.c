/*
 * Compiled programs: the tape computes what direct evaluation of the tree
 * computes, for any values put in the slots, and a fault names the failing
 * operation (kind, words, owner tag and the operation's span in the source).
 */
#include "testutil.h"
#include "boe/numeric.h"
#include "boe/sample.h"

enum { VA, VB, VC, VX, NVARS };

static const char *var_names[NVARS] = {"a", "b", "c", "x"};

static int prog_lookup(void *ctx, const char *name, Dim *dim)
{
	(void)ctx;
	for (int i = 0; i < NVARS; i++)
		if (strcmp(var_names[i], name) == 0) {
			*dim = DIM_NONE;
			return i;
		}
	return -1;
}

static const char *const *prog_names(void *ctx, size_t *n)
{
	(void)ctx;
	*n = NVARS;
	return var_names;
}

static const ExprEnv env = {prog_lookup, prog_names, NULL};

/* Parses and binds src against a, b, c, x (slots 0..3). */
static Node *bound(const char *src)
{
	ExprError err;
	Node *n = expr_parse(src, &err);
	if (!n || !expr_bind(n, &env, &err)) {
		print_error("'%s' did not bind: %s (at %d)\n", src, err.msg, err.pos);
		expr_free(n);
		fail();
	}
	return n;
}

static const char *exprs[] = {
	"a + b * c",
	"(a + b) * c",
	"a / b - c",
	"-a ^ 2",
	"a ^ b",
	"max(a, b, c) - min(a, b)",
	"ceil(a / b) + floor(c)",
	"round(a * 3.3) + abs(b - c)",
	"sqrt(a * b)",
	"ln(a) + log10(b) + log2(c)",
	"pow2ceil(a * 100)",
	"parallel(x, 3)",
	"nines(x)",
	"downtime(x, month) / 1 s",
	"erlang_c(a, 10)",
	"bloom_bits(a * 1000, (1 - x) / 2)",
	"bloom_hashes(c, 1 - x)",
	"quorum_overlap(c, a, b)",
	"(a < b) + (a >= b) * 10 + (a == a) * 100 + (a != b) * 1000",
	"50% * a + 1,500 + 2K",
	"a * (2 * 3 + 1) / (4 - 2)",
	"exp(x) * c",
	"a per b",
};

static const double value_sets[][NVARS] = {
	{3.7, 1.9, 5, 0.99},
	{1.1, 8.25, 3, 0.5},
	{7, 7, 12, 0.999},
	{0.3, 2, 1, 0.1},
};

static void test_tape_equals_direct_evaluation(void **state)
{
	(void)state;
	for (size_t e = 0; e < ARRAY_LEN(exprs); e++) {
		Node *n = bound(exprs[e]);
		Program *p = program_new();
		for (int i = 0; i < NVARS; i++)
			assert_int_equal(program_slot(p, 0), i);
		int dst = program_slot(p, 0);
		ExprError err;
		if (!expr_compile(p, n, dst, 42, &err)) {
			print_error("'%s' did not compile: %s\n", exprs[e], err.msg);
			fail();
		}
		int ns = program_nslots(p);
		double *slots = xmalloc((size_t)ns * sizeof *slots);
		/* one program, run again and again with new inputs (as Monte Carlo will) */
		for (size_t k = 0; k < ARRAY_LEN(value_sets); k++) {
			memcpy(slots, program_init(p), (size_t)ns * sizeof *slots);
			memcpy(slots, value_sets[k], sizeof value_sets[k]);
			Fault f = {0};
			bool ran = program_run(p, slots, &f);
			double direct;
			Fault g = {0};
			bool evaluated = expr_eval_const(n, value_sets[k], &direct, &g);
			if (ran != evaluated) {
				print_error("'%s' with set %zu: tape %s, direct %s (%s / %s)\n", exprs[e], k,
					    ran ? "ran" : "faulted", evaluated ? "evaluated" : "faulted",
					    ran ? "" : f.what, evaluated ? "" : g.what);
				fail();
			}
			if (ran && !(slots[dst] == direct || fabs(slots[dst] - direct) <= 1e-12 * fabs(direct))) {
				print_error("'%s' with set %zu: tape %.17g, direct %.17g\n", exprs[e], k,
					    slots[dst], direct);
				fail();
			}
			/* inputs are never overwritten */
			for (int i = 0; i < NVARS; i++)
				assert_true(slots[i] == value_sets[k][i]);
		}
		free(slots);
		program_free(p);
		expr_free(n);
	}
}

static void test_hand_values_through_the_tape(void **state)
{
	(void)state;
	/* a few results worked by hand with a = 3.7, b = 1.9, c = 5 */
	const struct { const char *src; double want; } c[] = {
		{"a + b * c", 3.7 + 1.9 * 5},
		{"(a + b) * c", (3.7 + 1.9) * 5},
		{"-a ^ 2", -(3.7 * 3.7)},
		{"ceil(a / b) + floor(c)", 2 + 5},
		{"max(a, b, c) - min(a, b)", 5 - 1.9},
		{"quorum_overlap(c, a, b)", 3.7 + 1.9 - 5},
		{"a * (2 * 3 + 1) / (4 - 2)", 3.7 * 7 / 2},
	};
	for (size_t i = 0; i < ARRAY_LEN(c); i++) {
		Node *n = bound(c[i].src);
		Program *p = program_new();
		for (int k = 0; k < NVARS; k++)
			program_slot(p, value_sets[0][k]);
		int dst = program_slot(p, -1);
		assert_true(expr_compile(p, n, dst, 0, NULL));
		int ns = program_nslots(p);
		double *slots = xmalloc((size_t)ns * sizeof *slots);
		memcpy(slots, program_init(p), (size_t)ns * sizeof *slots);
		Fault f;
		assert_true(program_run(p, slots, &f));
		if (fabs(slots[dst] - c[i].want) > 1e-12 * fabs(c[i].want)) {
			print_error("'%s' = %.17g, expected %.17g\n", c[i].src, slots[dst], c[i].want);
			fail();
		}
		free(slots);
		program_free(p);
		expr_free(n);
	}
}

static void test_constants_folded(void **state)
{
	(void)state;
	/* constant subtrees are computed once at compile time, not on every run */
	Node *n = bound("a * (2 * 3 + 1) * (1 GB / 1 MB)");
	Program *p = program_new();
	for (int k = 0; k < NVARS; k++)
		program_slot(p, 2);
	int dst = program_slot(p, 0);
	assert_true(expr_compile(p, n, dst, 0, NULL));
	/* a * 7 * 1000: at most two multiplications */
	assert_true(program_nops(p) <= 2);
	double *slots = xmalloc((size_t)program_nslots(p) * sizeof *slots);
	memcpy(slots, program_init(p), (size_t)program_nslots(p) * sizeof *slots);
	Fault f;
	assert_true(program_run(p, slots, &f));
	assert_exact(slots[dst], 2 * 7 * 1000);
	free(slots);
	program_free(p);
	expr_free(n);
	/* a constant expression compiles to no arithmetic at all */
	n = bound("(1 + 2) * 3");
	p = program_new();
	dst = program_slot(p, 0);
	assert_true(expr_compile(p, n, dst, 0, NULL));
	assert_true(program_nops(p) <= 1);
	slots = xmalloc((size_t)program_nslots(p) * sizeof *slots);
	memcpy(slots, program_init(p), (size_t)program_nslots(p) * sizeof *slots);
	assert_true(program_run(p, slots, &f));
	assert_exact(slots[dst], 9);
	free(slots);
	program_free(p);
	expr_free(n);
}

/* Compiles src with owner tag 7, runs it with vals and returns the fault (asserting one happens). */
static Fault run_fault(const char *src, const double vals[NVARS])
{
	Node *n = bound(src);
	Program *p = program_new();
	for (int k = 0; k < NVARS; k++)
		program_slot(p, vals[k]);
	int dst = program_slot(p, 0);
	assert_true(expr_compile(p, n, dst, 7, NULL));
	double *slots = xmalloc((size_t)program_nslots(p) * sizeof *slots);
	memcpy(slots, program_init(p), (size_t)program_nslots(p) * sizeof *slots);
	Fault f = {0};
	bool ran = program_run(p, slots, &f);
	free(slots);
	program_free(p);
	expr_free(n);
	if (ran) {
		print_error("'%s' ran without a fault\n", src);
		fail();
	}
	return f;
}

static void assert_span(const char *src, Fault f, const char *text)
{
	if (f.pos < 0 || f.end > (int)strlen(src) || f.end <= f.pos ||
	    strncmp(src + f.pos, text, strlen(text)) != 0 || f.end - f.pos != (int)strlen(text)) {
		print_error("fault in '%s' spans [%d, %d) \"%.*s\", expected \"%s\"\n", src, f.pos, f.end,
			    f.end > f.pos ? f.end - f.pos : 0, src + (f.pos >= 0 ? f.pos : 0), text);
		fail();
	}
}

static void test_division_by_zero_fault(void **state)
{
	(void)state;
	const double vals[NVARS] = {1, 0, 2, 0.5};
	const char *src = "c + a / b";
	Fault f = run_fault(src, vals);
	assert_int_equal(f.kind, FAULT_DIV_ZERO);
	assert_non_null(f.what);
	assert_contains(f.what, "division by zero");
	assert_int_equal(f.owner, 7);
	assert_span(src, f, "a / b");
	/* the same through direct evaluation */
	Node *n = bound(src);
	double v;
	Fault g = {0};
	assert_false(expr_eval_const(n, vals, &v, &g));
	assert_int_equal(g.kind, FAULT_DIV_ZERO);
	assert_span(src, g, "a / b");
	expr_free(n);
	/* per is a division too */
	f = run_fault("a per b", vals);
	assert_int_equal(f.kind, FAULT_DIV_ZERO);
}

static void test_overflow_fault(void **state)
{
	(void)state;
	const double vals[NVARS] = {1e200, 1e200, 1, 0.5};
	const char *src = "c + a * b";
	Fault f = run_fault(src, vals);
	assert_int_equal(f.kind, FAULT_NONFINITE);
	assert_contains(f.what, "overflow");
	assert_int_equal(f.owner, 7);
	assert_span(src, f, "a * b");
	const double v2[NVARS] = {10, 400, 1, 0.5};
	f = run_fault("a ^ b - c", v2);
	assert_int_equal(f.kind, FAULT_NONFINITE);
	assert_span("a ^ b - c", f, "a ^ b");
	/* a constant overflow is caught when evaluated directly */
	TuResult r = tu_eval("10^400");
	assert_false(r.ok);
	assert_int_equal(r.fault, FAULT_NONFINITE);
	assert_contains(r.msg, "overflow");
	r = tu_eval("1e308 * 10");
	assert_false(r.ok);
	assert_int_equal(r.fault, FAULT_NONFINITE);
}

static void test_domain_fault_on_tape(void **state)
{
	(void)state;
	const double vals[NVARS] = {-4, 1, 1, 0.5};
	const char *src = "b + sqrt(a)";
	Fault f = run_fault(src, vals);
	assert_int_equal(f.kind, FAULT_DOMAIN);
	assert_contains(f.what, "square root");
	assert_span(src, f, "sqrt(a)");
	const double v2[NVARS] = {1, 1, 1, 1};
	f = run_fault("nines(x)", v2);
	assert_int_equal(f.kind, FAULT_DOMAIN);
	/* the first fault stops the run: here the division comes first */
	const double v3[NVARS] = {-1, 0, 1, 1};
	f = run_fault("sqrt(a) + c / b", v3);
	assert_int_equal(f.kind, FAULT_DOMAIN);
}

static void test_slots_and_init(void **state)
{
	(void)state;
	Program *p = program_new();
	assert_int_equal(program_nslots(p), 0);
	assert_int_equal(program_nops(p), 0);
	assert_int_equal(program_slot(p, 1.5), 0);
	assert_int_equal(program_slot(p, 2.5), 1);
	assert_int_equal(program_nslots(p), 2);
	assert_true(program_init(p)[1] == 2.5);
	program_set_init(p, 1, 9);
	assert_true(program_init(p)[1] == 9);
	/* many slots grow the arrays */
	for (int i = 0; i < 1000; i++)
		program_slot(p, i);
	assert_int_equal(program_nslots(p), 1002);
	assert_true(program_init(p)[1001] == 999);
	/* an empty program runs */
	double s[1002];
	memcpy(s, program_init(p), sizeof s);
	Fault f;
	assert_true(program_run(p, s, &f));
	program_free(p);
	program_free(NULL);
}

static void test_scenario_tape_matches_trees(void **state)
{
	(void)state;
	/* every quantity of the default scenario: the tape's value equals its tree's */
	Scenario *s = tu_default();
	for (size_t i = 0; i < s->nq; i++) {
		double v;
		Fault f;
		if (!expr_eval_const(s->q[i].expr, s->slots, &v, &f)) {
			print_error("%s did not evaluate directly: %s\n", s->q[i].name, f.what);
			fail();
		}
		if (!(fabs(v - s->q[i].value) <= 1e-12 * fabs(v))) {
			print_error("%s: tape %.17g, tree %.17g\n", s->q[i].name, s->q[i].value, v);
			fail();
		}
	}
	scenario_free(s);
}

static void test_scenario_rerun(void **state)
{
	(void)state;
	/* Monte Carlo: change an input slot in place and rerun the compiled chain */
	Scenario *s = tu_default();
	int dau = tu_q(s, "dau");
	double rr = tu_val(s, "request_rate");
	assert_near(rr, 10e6 * 20 / TU_DAY, 1e-12);
	s->slots[dau] = 20e6;
	BoeError err;
	assert_true(scenario_rerun(s, &err));
	assert_near(tu_val(s, "request_rate"), 20e6 * 20 / TU_DAY, 1e-12);
	assert_near(tu_val(s, "peak_qps"), 20e6 * 20 / TU_DAY * 3, 1e-12);
	/* a fault during a rerun names the quantity and the operation */
	int sc = tu_q(s, "server_concurrency");
	s->slots[sc] = 0;
	assert_false(scenario_rerun(s, &err));
	assert_contains(err.msg, "servers");
	assert_contains(err.msg, "division by zero");
	scenario_free(s);
}

/*
 * ceil and floor over lanes (two at a time, in vector registers) give
 * num_ceil's and num_floor's bits in every lane: whole numbers, the float
 * noise either side of them within and beyond the snap window, halves, the
 * eighth that caps the window above 2^48, 2^52 and beyond, zeros of both
 * signs, the tiny and the subnormal, and 400,000 near-whole numbers of
 * every size and sign, each paired with each kind of neighbour.
 */
static double nudged(double x, int ulps)
{
	for (; ulps > 0; ulps--)
		x = nextafter(x, INFINITY);
	for (; ulps < 0; ulps++)
		x = nextafter(x, -INFINITY);
	return x;
}

/* n compiled into *dst after the variables' slots (a starting at a_init), its ranges' ops marked to run over lanes */
static Program *compiled_ranged(const Node *n, double a_init, int *dst)
{
	Program *p = program_new();
	for (int i = 0; i < NVARS; i++)
		program_slot(p, i == VA ? a_init : 0);
	*dst = program_slot(p, 0);
	ExprError err;
	assert_true(expr_compile(p, n, *dst, 0, &err));
	program_mark_ranged(p);
	assert_true(program_slot_ranged(p, *dst));
	return p;
}

/* ceil and floor over the lanes, two or four at a time as program_wide_lanes has them: the bits num_ceil and num_floor give */
static void rounding_over_lanes(void)
{
	enum { LN = 128 };
	static const double special[] = {
		0.0, -0.0, 1, -1, 2, 3, -3, 0.5, -0.5, 0.3, -0.3, 0.125, 1e6, 1e15 + 0.5, 1e15 + 0.125,
		4503599627370495.5, 4503599627370496.0, 9007199254740992.0, 1e300, -1e300,
		4.9e-324, 1e-310, 0x1p-970, 0x1p-969, -0x1p-969, 0x1p-1000, 2.2250738585072014e-308,
		2251799813685247.5, 0x1p48 + 0.125, 0x1p48 - 0.125, 12345.999999999998, 7.0000000000000009,
	};
	size_t nspecial = ARRAY_LEN(special), total = nspecial * 13 + 400000;
	double *xs = xmalloc(total * sizeof *xs);
	size_t nx = 0;
	for (size_t i = 0; i < nspecial; i++)
		for (int u = -6; u <= 6; u++)
			xs[nx++] = nudged(special[i], u);
	McRng r;
	mc_seed(&r, 77);
	while (nx < total) {
		double mag = ldexp(1, (int)(mc_unit(&r) * 130) - 70);
		double whole = floor(mag * (1 + mc_unit(&r)));
		double v = mc_unit(&r) < 0.5 ? whole : mag * mc_unit(&r) * 7;
		v = nudged(v, (int)(mc_unit(&r) * 13) - 6);
		xs[nx++] = mc_unit(&r) < 0.5 ? -v : v;
	}
	for (int fl = 0; fl < 2; fl++) {
		Node *n = bound(fl ? "floor(1..2 * a)" : "ceil(1..2 * a)");
		int dst;
		Program *p = compiled_ranged(n, 1, &dst);
		int ns = program_nslots(p);
		double *base = xmalloc((size_t)ns * sizeof *base), *lanes = xmalloc((size_t)ns * LN * sizeof *lanes);
		double **ptr = xmalloc((size_t)ns * sizeof *ptr);
		memcpy(base, program_init(p), (size_t)ns * sizeof *base);
		Fault f = {0};
		assert_true(program_run(p, base, &f));
		Dist d;
		int owner, src = program_source(p, 0, &d, &owner);
		for (size_t start = 0; start < nx; start += LN) {
			for (int k = 0; k < ns; k++) {
				ptr[k] = lanes + (size_t)k * LN;
				for (int j = 0; j < LN; j++)
					ptr[k][j] = base[k];
			}
			/* the pairs: each value beside the one after it, and beside the next block's */
			for (int j = 0; j < LN; j++)
				ptr[src][j] = xs[(start + (size_t)(j % 2 ? j / 2 + LN / 2 : j / 2)) % nx];
			int bad = -1;
			assert_true(program_run_lanes(p, ptr, LN, &f, &bad));
			for (int j = 0; j < LN; j++) {
				double x = ptr[src][j], want = fl ? num_floor(x) : num_ceil(x), got = ptr[dst][j];
				if (memcmp(&got, &want, sizeof got) != 0)
					fail_msg("%s(%a): %a over lanes, %a alone", fl ? "floor" : "ceil", x, got, want);
			}
		}
		free(base);
		free(lanes);
		free(ptr);
		program_free(p);
		expr_free(n);
	}
	free(xs);
}

/* Runs check with two lanes at a time, then four where the processor can (saying so when it cannot). */
static void at_each_width(void (*check)(void))
{
	program_wide_lanes(0);
	check();
	if (program_wide_lanes(1))
		check();
	else
		print_message("(this processor has no AVX2: lanes run two at a time only)\n");
	program_wide_lanes(-1);
}

static void test_rounding_over_lanes(void **state)
{
	(void)state;
	at_each_width(rounding_over_lanes);
}

/*
 * The arithmetic over 1 to 131 lanes (a whole group, a part one and the odd
 * lanes after), two at a time against one by one through program_run: the
 * same bits in every lane, and where a lane faults, the same first lane and
 * the same fault.
 */
static void arithmetic_over_lanes(void)
{
	/* each range a source whose slot takes the lanes' values */
	static const char *srcs[] = {"(1..2) + (3..4)", "(1..2) - (3..4) * (5..6)", "(1..2) / (3..4)",
				     "max(1..2, 3..4) - min(5..6, 7..8)", "((1..2) + (3..4)) * (5..6) / (7..8) - (9..10)",
				     "ceil((1..2) / (3..4)) + floor((5..6) * (7..8))", "(1..2) / ((3..4) - (5..6))"};
	static const double pool[] = {0.0, -0.0, 1, -1, 0.5, 3, 7e300, -7e300, 1e-310, 2.5, 1e15 + 0.5, 123.456};
	McRng r;
	mc_seed(&r, 4242);
	for (size_t e = 0; e < ARRAY_LEN(srcs); e++) {
		Node *n = bound(srcs[e]);
		int dst;
		Program *p = compiled_ranged(n, 0, &dst);
		int ns = program_nslots(p);
		for (int lanes = 1; lanes <= 131; lanes += lanes < 9 ? 1 : 13) {
			double *cols = xmalloc((size_t)ns * (size_t)lanes * sizeof *cols);
			double **ptr = xmalloc((size_t)ns * sizeof *ptr);
			for (int k = 0; k < ns; k++) {
				ptr[k] = cols + (size_t)k * (size_t)lanes;
				for (int j = 0; j < lanes; j++)
					ptr[k][j] = program_init(p)[k];
			}
			for (int k = 0; k < program_nsources(p); k++)
				for (int j = 0; j < lanes; j++) {
					Dist dist;
					int owner, v = program_source(p, k, &dist, &owner);
					double u = mc_unit(&r);
					ptr[v][j] = u < 0.3 ? pool[(size_t)(mc_unit(&r) * ARRAY_LEN(pool))]
							    : (mc_unit(&r) - 0.5) * ldexp(1, (int)(u * 80) - 30);
				}
			/* lane by lane first: the slots the tape reads keep their values */
			double *want = xmalloc((size_t)lanes * sizeof *want), *base = xmalloc((size_t)ns * sizeof *base);
			Fault *fw = xcalloc((size_t)lanes, sizeof *fw);
			bool *failed = xcalloc((size_t)lanes, sizeof *failed);
			bool any = false;
			for (int j = 0; j < lanes; j++) {
				for (int k = 0; k < ns; k++)
					base[k] = ptr[k][j];
				failed[j] = !program_run(p, base, &fw[j]);
				any |= failed[j];
				want[j] = base[dst];
			}
			Fault f = {0};
			int bad = -1;
			bool ok = program_run_lanes(p, ptr, lanes, &f, &bad);
			assert_int_equal(ok, !any);
			if (!ok) {
				/* the first operation that fails in some lane, at the first lane it fails in: that lane's own fault */
				assert_true(bad >= 0 && bad < lanes && failed[bad]);
				assert_int_equal(f.kind, fw[bad].kind);
				assert_int_equal(f.pos, fw[bad].pos);
			} else {
				for (int j = 0; j < lanes; j++)
					if (memcmp(&ptr[dst][j], &want[j], sizeof want[j]) != 0)
						fail_msg("%s, lane %d of %d: %a over lanes, %a alone", srcs[e], j, lanes,
							 ptr[dst][j], want[j]);
			}
			free(want);
			free(base);
			free(fw);
			free(failed);
			free(cols);
			free(ptr);
		}
		program_free(p);
		expr_free(n);
	}
}

static void test_arithmetic_over_lanes(void **state)
{
	(void)state;
	at_each_width(arithmetic_over_lanes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tape_equals_direct_evaluation),
		cmocka_unit_test(test_hand_values_through_the_tape),
		cmocka_unit_test(test_constants_folded),
		cmocka_unit_test(test_division_by_zero_fault),
		cmocka_unit_test(test_overflow_fault),
		cmocka_unit_test(test_domain_fault_on_tape),
		cmocka_unit_test(test_slots_and_init),
		cmocka_unit_test(test_scenario_tape_matches_trees),
		cmocka_unit_test(test_scenario_rerun),
		cmocka_unit_test(test_rounding_over_lanes),
		cmocka_unit_test(test_arithmetic_over_lanes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
