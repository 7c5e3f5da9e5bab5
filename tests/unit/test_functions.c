/*
 * The functions of the units language (spec §4), each with values worked out
 * by hand, their dimension rules and their domain faults.
 */
#include "testutil.h"

static void test_function_table(void **state)
{
	(void)state;
	static const char *required[] = {
		"ceil", "floor", "round", "min", "max", "sqrt", "ln", "log10", "log2", "pow2ceil",
		"nines", "downtime", "parallel", "bloom_bits", "bloom_hashes", "erlang_c",
		"quorum_overlap",
	};
	size_t n;
	const ExprFunc *f = expr_functions(&n);
	for (size_t i = 0; i < ARRAY_LEN(required); i++) {
		bool found = false;
		for (size_t k = 0; k < n; k++)
			if (strcmp(f[k].name, required[i]) == 0) {
				found = true;
				assert_non_null(f[k].sig);
				assert_non_null(f[k].meaning);
				assert_true(strncmp(f[k].sig, f[k].name, strlen(f[k].name)) == 0);
			}
		if (!found) {
			print_error("function %s is missing\n", required[i]);
			fail();
		}
	}
}

static void test_rounding(void **state)
{
	(void)state;
	assert_expr("ceil(2.1)", 3, 1e-12, 0, 0, 0);
	assert_expr("ceil(3)", 3, 1e-12, 0, 0, 0);
	assert_expr("ceil(-2.1)", -2, 1e-12, 0, 0, 0);
	assert_expr("floor(2.9)", 2, 1e-12, 0, 0, 0);
	assert_expr("floor(-2.1)", -3, 1e-12, 0, 0, 0);
	assert_expr("round(2.5)", 3, 1e-12, 0, 0, 0);
	assert_expr("round(2.4)", 2, 1e-12, 0, 0, 0);
	assert_expr("round(2.6)", 3, 1e-12, 0, 0, 0);
	/* rounding keeps the dimension, in base units */
	assert_expr("ceil(1.5 s)", 2, 1e-12, 1, 0, 0);
	assert_expr("ceil(1500 ms)", 2, 1e-12, 1, 0, 0);
	/* the servers formula: 700 in flight / 200 per server */
	assert_expr("ceil(700 / 200)", 4, 1e-12, 0, 0, 0);
	/* 0.7 * 10 is 7.000000000000001 in binary: ceil must still give 7 */
	assert_expr("ceil(0.7 * 10)", 7, 1e-12, 0, 0, 0);
	assert_expr("ceil(139 / 70%)", 199, 1e-12, 0, 0, 0);
}

static void test_min_max(void **state)
{
	(void)state;
	assert_expr("min(3, 1, 2)", 1, 1e-12, 0, 0, 0);
	assert_expr("max(3, 1, 2)", 3, 1e-12, 0, 0, 0);
	assert_expr("min(5)", 5, 1e-12, 0, 0, 0);
	assert_expr("max(-1, -2)", -1, 1e-12, 0, 0, 0);
	assert_expr("min(1 s, 500 ms)", 0.5, 1e-12, 1, 0, 0);
	assert_expr("max(1 s, 2 min)", 120, 1e-12, 1, 0, 0);
	assert_expr("max(1 KB, 1 KiB)", 1024, 1e-12, 0, 1, 0);
	/* the shards formula on the default numbers: max(11, 1, 1) */
	assert_expr("max(ceil(10.8 TB / 1 TB), ceil(68.8/s / (5000/s)), 1)", 11, 1e-12, 0, 0, 0);
}

static void test_sqrt_and_logs(void **state)
{
	(void)state;
	assert_expr("sqrt(16)", 4, 1e-12, 0, 0, 0);
	assert_expr("sqrt(2)", 1.4142135623730951, 1e-12, 0, 0, 0);
	assert_expr("sqrt(0)", 0, 1e-12, 0, 0, 0);
	/* the square root of a square has the unit's dimension */
	assert_expr("sqrt((2 s)^2)", 2, 1e-12, 1, 0, 0);
	assert_expr("sqrt(1 KB * 1 KB)", 1000, 1e-12, 0, 1, 0);
	assert_expr("ln(1)", 0, 1e-12, 0, 0, 0);
	assert_expr("ln(10)", 2.302585092994046, 1e-12, 0, 0, 0);
	assert_expr("log10(1000)", 3, 1e-12, 0, 0, 0);
	assert_expr("log10(0.01)", -2, 1e-12, 0, 0, 0);
	assert_expr("log2(1024)", 10, 1e-12, 0, 0, 0);
	assert_expr("log2(1M)", 19.931568569324174, 1e-12, 0, 0, 0);
	/* a 32-bit ID space: 4B values */
	assert_expr("log2(4294967296)", 32, 1e-12, 0, 0, 0);
}

static void test_pow2ceil(void **state)
{
	(void)state;
	assert_expr("pow2ceil(1000)", 1024, 1e-12, 0, 0, 0);
	assert_expr("pow2ceil(1024)", 1024, 1e-12, 0, 0, 0);
	assert_expr("pow2ceil(1025)", 2048, 1e-12, 0, 0, 0);
	assert_expr("pow2ceil(3)", 4, 1e-12, 0, 0, 0);
	assert_expr("pow2ceil(1)", 1, 1e-12, 0, 0, 0);
	assert_expr("pow2ceil(2)", 2, 1e-12, 0, 0, 0);
	/* 1000 shards round up to a 1024-way ring */
	assert_expr("pow2ceil(1M)", 1048576, 1e-12, 0, 0, 0);
}

static void test_nines(void **state)
{
	(void)state;
	/* -log10(1 - a) */
	assert_expr("nines(99.9%)", 3, 1e-9, 0, 0, 0);
	assert_expr("nines(99.99%)", 4, 1e-9, 0, 0, 0);
	assert_expr("nines(90%)", 1, 1e-9, 0, 0, 0);
	assert_expr("nines(99.95%)", 3.3010299956639813, 1e-9, 0, 0, 0);
	assert_expr("nines(0)", 0, 1e-12, 0, 0, 0);
	assert_expr("nines(0.999)", 3, 1e-9, 0, 0, 0);
}

static void test_downtime(void **state)
{
	(void)state;
	/* (1 - a) * period */
	assert_expr("downtime(99.9%, year)", 0.001 * TU_YEAR, 1e-9, 1, 0, 0);
	assert_expr("downtime(99.9%, month)", 0.001 * TU_MONTH, 1e-9, 1, 0, 0);
	assert_expr("downtime(99.95%, month)", 0.0005 * TU_MONTH, 1e-9, 1, 0, 0);
	assert_expr("downtime(99%, day)", 864, 1e-9, 1, 0, 0);
	assert_expr("downtime(100%, year)", 0, 1e-12, 1, 0, 0);
	assert_shown("downtime(99.9%, year)", "8.76 h");
	assert_shown("downtime(99.9%, month)", "43.2 min");
	assert_shown("downtime(99.95%, month)", "21.6 min");
	assert_shown("downtime(99.99%, year)", "52.6 min");
	assert_shown("downtime(99.999%, year)", "5.26 min");
	assert_shown("downtime(99%, year)", "3.65 days");
}

static void test_parallel(void **state)
{
	(void)state;
	/* 1 - (1 - a)^n */
	assert_expr("parallel(99%, 2)", 0.9999, 1e-12, 0, 0, 0);
	assert_expr("parallel(90%, 1)", 0.9, 1e-12, 0, 0, 0);
	assert_expr("parallel(90%, 3)", 0.999, 1e-12, 0, 0, 0);
	assert_expr("parallel(99.9%, 2)", 1 - 1e-6, 1e-12, 0, 0, 0);
	assert_expr("parallel(50%, 0)", 0, 1e-12, 0, 0, 0);
	assert_shown("parallel(99%, 2)", "99.99%");
	/* series of parallel pairs */
	assert_expr("parallel(99.9%, 2) * parallel(99%, 2)", (1 - 1e-6) * 0.9999, 1e-12, 0, 0, 0);
}

static void test_bloom(void **state)
{
	(void)state;
	/* m = -n ln p / (ln 2)^2 bits (a count): 1M items at 1% is 9,585,059 bits, about 1.2 MB */
	double bits = ceil(-1e6 * log(0.01) / (log(2) * log(2)));
	assert_near(bits, 9585059, 1e-12);
	assert_expr("bloom_bits(1M, 1%)", bits, 1e-9, 0, 0, 0);
	assert_expr("bloom_bits(1M, 1%) * 1 bit", bits / 8, 1e-9, 0, 1, 0);
	assert_shown("bloom_bits(1M, 1%) * 1 bit -> MB", "1.2 MB");
	/* 1B items at 0.1%: 14.38 bits per item */
	double bits2 = -1e9 * log(0.001) / (log(2) * log(2));
	assert_expr("bloom_bits(1B, 0.1%)", bits2, 1e-6, 0, 0, 0);
	assert_expr("bloom_bits(1B, 0.1%) / 1B", 14.377, 1e-4, 0, 0, 0);
	/* k = -log2 p, rounded: 6.64 -> 7, 9.97 -> 10 */
	assert_expr("bloom_hashes(1M, 1%)", 7, 1e-12, 0, 0, 0);
	assert_expr("bloom_hashes(1M, 0.1%)", 10, 1e-12, 0, 0, 0);
	assert_expr("bloom_hashes(1B, 50%)", 1, 1e-12, 0, 0, 0);
	assert_expr("bloom_bits(0, 1%)", 0, 1e-12, 0, 0, 0);
}

/* Erlang C by its textbook formula: (A^c/c! * c/(c-A)) / (sum_{k<c} A^k/k! + A^c/c! * c/(c-A)). */
static double erlang_c_textbook(double a, int c)
{
	double term = 1, sum = 0;
	for (int k = 0; k < c; k++) {
		sum += term;
		term *= a / (k + 1);
	}
	double top = term * c / (c - a);
	return top / (sum + top);
}

static void test_erlang_c(void **state)
{
	(void)state;
	/* A = 2 erlangs, 3 servers: (8/6 * 3) / (1 + 2 + 2 + 4) = 4/9 */
	assert_near(erlang_c_textbook(2, 3), 4.0 / 9, 1e-12);
	assert_expr("erlang_c(2, 3)", 4.0 / 9, 1e-9, 0, 0, 0);
	/* M/M/1: the probability of waiting is the utilisation */
	assert_expr("erlang_c(0.5, 1)", 0.5, 1e-9, 0, 0, 0);
	assert_expr("erlang_c(1, 2)", 1.0 / 3, 1e-9, 0, 0, 0);
	assert_expr("erlang_c(8, 10)", erlang_c_textbook(8, 10), 1e-9, 0, 0, 0);
	assert_expr("erlang_c(140, 150)", erlang_c_textbook(140, 150), 1e-6, 0, 0, 0);
	assert_expr("erlang_c(0, 1)", 0, 1e-12, 0, 0, 0);
	/* overloaded: everyone waits */
	assert_expr("erlang_c(3, 3)", 1, 1e-12, 0, 0, 0);
	assert_expr("erlang_c(5, 3)", 1, 1e-12, 0, 0, 0);
	assert_shown("erlang_c(2, 3)", "44.4%");
}

static void test_quorum_overlap(void **state)
{
	(void)state;
	/* replicas every read and write quorum share: r + w - n, at least 0 */
	assert_expr("quorum_overlap(3, 2, 2)", 1, 1e-12, 0, 0, 0);
	assert_expr("quorum_overlap(3, 1, 2)", 0, 1e-12, 0, 0, 0);
	assert_expr("quorum_overlap(3, 1, 1)", 0, 1e-12, 0, 0, 0);
	assert_expr("quorum_overlap(5, 3, 3)", 1, 1e-12, 0, 0, 0);
	assert_expr("quorum_overlap(5, 3, 2)", 0, 1e-12, 0, 0, 0);
	assert_expr("quorum_overlap(5, 4, 4)", 3, 1e-12, 0, 0, 0);
	/* r + w > n as a comparison */
	assert_expr("quorum_overlap(3, 2, 2) > 0", 1, 1e-12, 0, 0, 0);
}

static void test_dimension_errors(void **state)
{
	(void)state;
	assert_expr_error("max(1 s, 2 KB)", TU_BIND, 9, "cannot compare time and data in max");
	assert_expr_error("min(1, 2 s)", TU_BIND, 7, "cannot compare count and time in min");
	assert_expr_error("sqrt(4 s)", TU_BIND, 5, "sqrt of time");
	assert_expr_error("ln(5 s)", TU_BIND, 3, "ln needs plain numbers, not time");
	assert_expr_error("log10(1 KB)", TU_BIND, 6, "not data");
	assert_expr_error("log2(8 KB)", TU_BIND, 5, "log2 needs plain numbers, not data");
	assert_expr_error("pow2ceil(1 s)", TU_BIND, 9, "not time");
	assert_expr_error("nines(1 s)", TU_BIND, 6, "nines needs");
	assert_expr_error("downtime(1 s, year)", TU_BIND, 9, "availability");
	assert_expr_error("downtime(99.9%, 5)", TU_BIND, 16, "a period of time");
	assert_expr_error("downtime(99.9%, 5 KB)", TU_BIND, 16, "not data");
	assert_expr_error("parallel(1 s, 2)", TU_BIND, 9, "parallel needs plain numbers, not time");
	assert_expr_error("parallel(99%, 2 s)", TU_BIND, 14, "not time");
	assert_expr_error("bloom_bits(1M, 1 s)", TU_BIND, 15, "not time");
	assert_expr_error("bloom_hashes(1 KB, 1%)", TU_BIND, 13, "not data");
	assert_expr_error("erlang_c(2 s, 3)", TU_BIND, 9, "not time");
	assert_expr_error("quorum_overlap(3 s, 2, 2)", TU_BIND, 15, "not time");
}

#define assert_fault(src, kind, part)                                                       \
	do {                                                                                \
		TuResult r_ = tu_eval(src);                                                 \
		if (r_.ok || r_.stage != TU_FAULT) {                                        \
			print_error("'%s' should fault, got %s (%s)\n", src,                \
				    r_.ok ? r_.shown : "an earlier error", r_.msg);         \
			fail();                                                             \
		}                                                                           \
		assert_int_equal(r_.fault, kind);                                           \
		assert_contains(r_.msg, part);                                              \
	} while (0)

static void test_domain_faults(void **state)
{
	(void)state;
	assert_fault("sqrt(-1)", FAULT_DOMAIN, "square root of a negative number");
	assert_fault("ln(0)", FAULT_DOMAIN, "logarithm");
	assert_fault("log10(-5)", FAULT_DOMAIN, "logarithm");
	assert_fault("log2(0)", FAULT_DOMAIN, "logarithm");
	assert_fault("nines(100%)", FAULT_DOMAIN, "nines of 100%");
	assert_fault("nines(1)", FAULT_DOMAIN, "infinite");
	assert_fault("parallel(99%, -1)", FAULT_DOMAIN, "non-negative number of copies");
	assert_fault("bloom_bits(1M, 0)", FAULT_DOMAIN, "false-positive rate");
	assert_fault("bloom_bits(1M, 100%)", FAULT_DOMAIN, "false-positive rate");
	assert_fault("bloom_bits(1M, 150%)", FAULT_DOMAIN, "false-positive rate");
	assert_fault("bloom_bits(-5, 1%)", FAULT_DOMAIN, "non-negative number of items");
	assert_fault("bloom_hashes(1M, 0)", FAULT_DOMAIN, "false-positive rate");
	assert_fault("erlang_c(2, 2.5)", FAULT_DOMAIN, "whole number of servers");
	assert_fault("erlang_c(2, 0)", FAULT_DOMAIN, "whole number of servers");
	assert_fault("erlang_c(-1, 3)", FAULT_DOMAIN, "non-negative load");
	/* the argument of a fault is computed first: a fault inside an argument wins */
	assert_fault("sqrt(1 / 0)", FAULT_DIV_ZERO, "division by zero");
}

static void test_arity_errors(void **state)
{
	(void)state;
	assert_expr_error("sqrt(1, 2)", TU_PARSE, 0, "sqrt takes 1 argument: sqrt(x)");
	assert_expr_error("nines()", TU_PARSE, 0, "nines takes 1 argument");
	assert_expr_error("parallel(99%)", TU_PARSE, 0, "parallel takes 2 arguments: parallel(a, n)");
	assert_expr_error("bloom_bits(1M)", TU_PARSE, 0, "bloom_bits takes 2 arguments");
	assert_expr_error("erlang_c(1, 2, 3)", TU_PARSE, 0, "erlang_c takes 2 arguments");
	assert_expr_error("min()", TU_PARSE, 0, "min takes at least 1 argument");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_function_table),
		cmocka_unit_test(test_rounding),
		cmocka_unit_test(test_min_max),
		cmocka_unit_test(test_sqrt_and_logs),
		cmocka_unit_test(test_pow2ceil),
		cmocka_unit_test(test_nines),
		cmocka_unit_test(test_downtime),
		cmocka_unit_test(test_parallel),
		cmocka_unit_test(test_bloom),
		cmocka_unit_test(test_erlang_c),
		cmocka_unit_test(test_quorum_overlap),
		cmocka_unit_test(test_dimension_errors),
		cmocka_unit_test(test_domain_faults),
		cmocka_unit_test(test_arity_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
