/*
 * The units language from text to tree: numbers and their notations, glued
 * count suffixes and glued units, operators and their precedence, conversion,
 * and every parse error with the byte offset it reports.
 */
#include "testutil.h"

/* The fully parenthesised reading of src (the line of expr_explain after "read as"). */
static char *reading(const char *src)
{
	ExprError err;
	Node *n = expr_parse(src, &err);
	if (!n) {
		print_error("'%s' did not parse: %s (at %d)\n", src, err.msg, err.pos);
		fail();
	}
	Buf b = {0};
	expr_explain(n, &b);
	expr_free(n);
	const char *p = strstr(b.s, "read as");
	assert_non_null(p);
	p += strlen("read as");
	while (*p == ':' || *p == ' ')
		p++;
	char *line = xstrndup(p, strcspn(p, "\n"));
	buf_free(&b);
	return line;
}

#define assert_reading(src, expected)                                                       \
	do {                                                                                \
		char *r_ = reading(src);                                                    \
		if (strcmp(r_, expected) != 0) {                                            \
			print_error("'%s' read as \"%s\", expected \"%s\"\n", src, r_, expected); \
			free(r_);                                                           \
			fail();                                                             \
		}                                                                           \
		free(r_);                                                                   \
	} while (0)

/* ---- numbers ---- */

static void test_plain_numbers(void **state)
{
	(void)state;
	assert_expr("1500", 1500, 1e-12, 0, 0, 0);
	assert_expr("0", 0, 1e-12, 0, 0, 0);
	assert_expr("3.25", 3.25, 1e-12, 0, 0, 0);
	assert_expr(".5", 0.5, 1e-12, 0, 0, 0);
	assert_expr("1.5e3", 1500, 1e-12, 0, 0, 0);
	assert_expr("1.5E3", 1500, 1e-12, 0, 0, 0);
	assert_expr("2e-3", 0.002, 1e-12, 0, 0, 0);
	assert_expr("2e+2", 200, 1e-12, 0, 0, 0);
	assert_expr("86400", 86400, 1e-12, 0, 0, 0);
}

static void test_thousands_separators(void **state)
{
	(void)state;
	assert_expr("1,500", 1500, 1e-12, 0, 0, 0);
	assert_expr("1,500,000", 1500000, 1e-12, 0, 0, 0);
	assert_expr("86,400", 86400, 1e-12, 0, 0, 0);
	assert_expr("1,000.5", 1000.5, 1e-12, 0, 0, 0);
	assert_expr("11,600 / 2", 5800, 1e-12, 0, 0, 0);
	/* a comma between arguments is not a separator when a space follows */
	assert_expr("max(1, 500)", 500, 1e-12, 0, 0, 0);
	assert_expr("min(1, 500)", 1, 1e-12, 0, 0, 0);
	/* the flag is kept for explanations */
	ExprError err;
	Node *n = expr_parse("1,500", &err);
	assert_non_null(n);
	assert_int_equal(n->kind, N_NUM);
	assert_true(n->flags & NF_SEP);
	expr_free(n);
}

static void test_glued_count_suffixes(void **state)
{
	(void)state;
	assert_expr("100M", 100e6, 1e-12, 0, 0, 0);
	assert_expr("1.5B", 1.5e9, 1e-12, 0, 0, 0);
	assert_expr("10k", 10e3, 1e-12, 0, 0, 0);
	assert_expr("10K", 10e3, 1e-12, 0, 0, 0);
	assert_expr("2T", 2e12, 1e-12, 0, 0, 0);
	assert_expr("50M * 20", 1e9, 1e-12, 0, 0, 0);
	assert_expr("1.5e3K", 1.5e6, 1e-12, 0, 0, 0);
	ExprError err;
	Node *n = expr_parse("100M", &err);
	assert_non_null(n);
	assert_int_equal(n->kind, N_NUM);
	assert_true(n->flags & NF_GLUED);
	assert_string_equal(n->text, "100M");
	expr_free(n);
	/* a separated suffix letter is not a count: "M" alone is no unit */
	assert_expr_error("100 M", TU_BIND, 4, "'M'");
}

static void test_glued_units(void **state)
{
	(void)state;
	assert_expr("2KB", 2000, 1e-12, 0, 1, 0);
	assert_expr("2 KB", 2000, 1e-12, 0, 1, 0);
	assert_expr("10Gbps", 10e9 / 8, 1e-12, -1, 1, 0);
	assert_expr("10 Gbps", 10e9 / 8, 1e-12, -1, 1, 0);
	assert_expr("5ms", 0.005, 1e-12, 1, 0, 0);
	assert_expr("5 ms", 0.005, 1e-12, 1, 0, 0);
	assert_expr("3h", 3 * 3600.0, 1e-12, 1, 0, 0);
	assert_expr("2MiB", 2 * 1048576.0, 1e-12, 0, 1, 0);
}

static void test_bytes_versus_billions(void **state)
{
	(void)state;
	/* a unit is a separate word; a letter glued to the number is a count suffix */
	assert_expr("500 B", 500, 1e-12, 0, 1, 0);
	assert_expr("500 bytes", 500, 1e-12, 0, 1, 0);
	assert_expr("1 byte", 1, 1e-12, 0, 1, 0);
	assert_expr("1B", 1e9, 1e-12, 0, 0, 0);
	assert_expr("500B", 500e9, 1e-12, 0, 0, 0);
	/* "1B messages/day" is how the sources write a billion a day */
	assert_expr("1B messages/day", 1e9 / 86400, 1e-12, -1, 0, 0);
	/* and "1B B" is a billion bytes */
	assert_expr("1B B", 1e9, 1e-12, 0, 1, 0);
	/* bits: lowercase b */
	assert_expr("8 b", 1, 1e-12, 0, 1, 0);
	assert_expr("8 bits", 1, 1e-12, 0, 1, 0);
}

/* ---- operators ---- */

static void test_unary_minus(void **state)
{
	(void)state;
	assert_expr("-3", -3, 1e-12, 0, 0, 0);
	assert_expr("-(2 + 3)", -5, 1e-12, 0, 0, 0);
	assert_expr("2 * -3", -6, 1e-12, 0, 0, 0);
	assert_expr("--3", 3, 1e-12, 0, 0, 0);
	assert_expr("-5 s", -5, 1e-12, 1, 0, 0);
	assert_expr("10 - -2", 12, 1e-12, 0, 0, 0);
	assert_expr("+4", 4, 1e-12, 0, 0, 0);
	assert_reading("-3 + 1", "((-3) + 1)");
}

static void test_parentheses(void **state)
{
	(void)state;
	assert_expr("(2 + 3) * 4", 20, 1e-12, 0, 0, 0);
	assert_expr("2 + 3 * 4", 14, 1e-12, 0, 0, 0);
	assert_expr("((1))", 1, 1e-12, 0, 0, 0);
	assert_expr("100 / (1 + 4)", 20, 1e-12, 0, 0, 0);
	assert_expr("100 / 1 + 4", 104, 1e-12, 0, 0, 0);
	ExprError err;
	Node *n = expr_parse("(1 + 2)", &err);
	assert_non_null(n);
	assert_true(n->flags & NF_PAREN);
	assert_int_equal(n->pos, 0);
	assert_int_equal(n->end, 7);
	expr_free(n);
}

static void test_precedence(void **state)
{
	(void)state;
	/* ^ binds tighter than unary minus: -2^2 is -(2^2) */
	assert_expr("-2^2", -4, 1e-12, 0, 0, 0);
	assert_reading("-2^2", "(-(2^2))");
	assert_expr("(-2)^2", 4, 1e-12, 0, 0, 0);
	/* ^ is right-associative */
	assert_expr("2^3^2", 512, 1e-12, 0, 0, 0);
	assert_reading("2^3^2", "(2^(3^2))");
	assert_expr("2^-1", 0.5, 1e-12, 0, 0, 0);
	/* * and / are left-associative, above + and - */
	assert_expr("10 - 2 - 3", 5, 1e-12, 0, 0, 0);
	assert_expr("100 / 10 / 2", 5, 1e-12, 0, 0, 0);
	assert_reading("100 / 10 / 2", "((100 / 10) / 2)");
	assert_reading("2 * 3 + 4", "((2 × 3) + 4)");
	assert_reading("2 + 3 * 4", "(2 + (3 × 4))");
	assert_expr("2 * 3 ^ 2", 18, 1e-12, 0, 0, 0);
	/* a number and its unit bind tighter than division: "1 / 2 s" is a rate */
	assert_expr("1 / 2 s", 0.5, 1e-12, -1, 0, 0);
	assert_expr("20 / day", 20 / 86400.0, 1e-12, -1, 0, 0);
	/* comparisons are loosest */
	assert_expr("1 + 1 < 3", 1, 1e-12, 0, 0, 0);
	assert_expr("2 * 2 > 5", 0, 1e-12, 0, 0, 0);
	assert_expr("1 s <= 1000 ms", 1, 1e-12, 0, 0, 0);
	assert_expr("1 KB == 1000 B", 1, 1e-12, 0, 0, 0);
	assert_expr("1 KiB != 1 KB", 1, 1e-12, 0, 0, 0);
}

static void test_tight_units(void **state)
{
	(void)state;
	/* docs/units.md: a unit written tight after its number with a slash is one unit */
	assert_expr("1 TB / 100 MB/s", 1e4, 1e-12, 1, 0, 0);
	assert_expr("20 GB / 2 GB/day", 10 * 86400.0, 1e-12, 1, 0, 0);
	assert_expr("1 TB / 100 MB / s", 1e4, 1e-12, -1, 0, 0);
	/* multiplication reads the same either way */
	assert_expr("50M * 20/day", 50e6 * 20 / 86400.0, 1e-12, -1, 0, 0);
	assert_expr("2 KB * 35K/s", 70e6, 1e-12, -1, 1, 0);
	/* a rate written tight the way the spec writes one (35K/s, 200/s) binds the same way:
	 * 10M requests at 5K/s take 2,000 s, as 1M at "5K qps" take 200 s */
	assert_expr("1M / 5K qps", 200, 1e-12, 1, 0, 0);
	assert_expr("10M / (5K/s)", 2000, 1e-12, 1, 0, 0);
	assert_expr("10M / 5K/s", 2000, 1e-12, 1, 0, 0);
	assert_expr("100 / 200/s", 0.5, 1e-12, 1, 0, 0);
}

static void test_percent(void **state)
{
	(void)state;
	assert_expr("50%", 0.5, 1e-12, 0, 0, 0);
	assert_expr("99.9%", 0.999, 1e-12, 0, 0, 0);
	assert_expr("50% * 200", 100, 1e-12, 0, 0, 0);
	assert_expr("200 * 20%", 40, 1e-12, 0, 0, 0);
	assert_expr("1 - 80%", 0.2, 1e-12, 0, 0, 0);
	assert_expr("5 percent", 0.05, 1e-12, 0, 0, 0);
	/* % binds tighter than ^ and unary minus */
	assert_expr("-50%", -0.5, 1e-12, 0, 0, 0);
	assert_reading("50%", "(50 / 100)");
	/* % of a quantity with a unit is an error */
	assert_expr_error("5 s %", TU_BIND, 4, "plain numbers");
}

static void test_per_and_ps(void **state)
{
	(void)state;
	assert_expr("20 per day", 20 / 86400.0, 1e-12, -1, 0, 0);
	assert_expr("100 requests per second", 100, 1e-12, -1, 0, 0);
	assert_expr("1B messages per day", 1e9 / 86400, 1e-12, -1, 0, 0);
	assert_expr("5 ps", 5, 1e-12, -1, 0, 0);
	assert_expr("10 MBps", 10e6, 1e-12, -1, 1, 0);
	assert_expr("10 Mbps", 10e6 / 8, 1e-12, -1, 1, 0);
	assert_expr("1 Kbps", 125, 1e-12, -1, 1, 0);
	assert_expr("1 bps", 0.125, 1e-12, -1, 1, 0);
	assert_expr("1 Tbps", 1e12 / 8, 1e-12, -1, 1, 0);
	assert_expr("40 qps", 40, 1e-12, -1, 0, 0);
	assert_expr("100M/mo", 100e6 / (30 * 86400.0), 1e-12, -1, 0, 0);
	ExprError err;
	Node *n = expr_parse("20 per day", &err);
	assert_non_null(n);
	assert_int_equal(n->kind, N_DIV);
	assert_true(n->flags & NF_PER);
	assert_int_equal(n->oppos, 3);
	expr_free(n);
}

static void test_conversion(void **state)
{
	(void)state;
	/* -> and to change how a value is shown, never its value */
	assert_expr("1 GB/s -> Gbps", 1e9, 1e-12, -1, 1, 0);
	assert_shown("1 GB/s -> Gbps", "8 Gbps");
	assert_shown("1 GB/s to Gbps", "8 Gbps");
	assert_shown("5 min to s", "300 s");
	assert_shown("0.5 -> %", "50%");
	assert_shown("35K/s * 2 KB -> Mbps", "560 Mbps");
	assert_shown("1B / day -> /min", "694K/min");
	ExprError err;
	Node *n = expr_parse("1 GB/s -> Gbps", &err);
	assert_non_null(n);
	assert_int_equal(n->kind, N_CONVERT);
	assert_int_equal(n->oppos, 7);
	assert_string_equal(n->disp->fixed_name, "Gbps");
	expr_free(n);
	/* converting to another dimension names both */
	assert_expr_error("1 GB -> s", TU_BIND, 8, "cannot convert data to time");
	assert_expr_error("1 s -> %", TU_BIND, -1, "percentage");
	/* -> only once, at the end */
	assert_expr_error("1 -> 2 -> 3", TU_PARSE, 7, "'->' may appear once");
}

static void test_unicode_operators(void **state)
{
	(void)state;
	assert_expr("6 × 7", 42, 1e-12, 0, 0, 0);
	assert_expr("84 ÷ 2", 42, 1e-12, 0, 0, 0);
	assert_expr("2 × 3 + 4 ÷ 2", 8, 1e-12, 0, 0, 0);
	assert_expr("3 µs", 3e-6, 1e-12, 1, 0, 0);
	assert_expr("3 us", 3e-6, 1e-12, 1, 0, 0);
	/* the explanations' own output reads back */
	assert_expr("11.6K/s × 3", 34.8e3, 1e-12, -1, 0, 0);
}

static void test_money(void **state)
{
	(void)state;
	assert_expr("$0.09/GB", 0.09 / 1e9, 1e-12, 0, -1, 1);
	assert_expr("$5", 5, 1e-12, 0, 0, 1);
	assert_expr("5 $", 5, 1e-12, 0, 0, 1);
	assert_expr("5 USD", 5, 1e-12, 0, 0, 1);
	assert_expr("$5 * 3", 15, 1e-12, 0, 0, 1);
	assert_expr("$100/month", 100 / (30 * 86400.0), 1e-12, -1, 0, 1);
	assert_expr("$0.023/GB/month", 0.023 / 1e9 / (30 * 86400.0), 1e-12, -1, -1, 1);
	assert_expr("1,000 $/month", 1000 / (30 * 86400.0), 1e-12, -1, 0, 1);
	ExprError err;
	Node *n = expr_parse("$0.09/GB", &err);
	assert_non_null(n);
	assert_int_equal(n->kind, N_DIV);
	assert_true(n->kid[0]->flags & NF_DOLLAR);
	expr_free(n);
}

static void test_functions_parse(void **state)
{
	(void)state;
	assert_expr("max(1, 2, 3)", 3, 1e-12, 0, 0, 0);
	assert_expr("ceil(7 / 2) + 1", 5, 1e-12, 0, 0, 0);
	ExprError err;
	Node *n = expr_parse("max(1, 2, 3)", &err);
	assert_non_null(n);
	assert_int_equal(n->kind, N_CALL);
	assert_int_equal(n->nargs, 3);
	assert_string_equal(n->text, "max");
	expr_free(n);
	/* a name followed by a space and '(' is not a call: that is a juxtaposition error */
	assert_expr_error("ceil (2)", TU_PARSE, 5, "expected an operator");
}

static void test_rendering(void **state)
{
	(void)state;
	const char *cases[][2] = {
		{"dau * requests_per_user", "dau × requests_per_user"},
		{"request_rate / (1 + reads_per_write)", "request_rate / (1 + reads_per_write)"},
		{"5 year", "5 year"},
		{"20 per day", "20 per day"},
		{"ceil(concurrency / target_utilization)", "ceil(concurrency / target_utilization)"},
		{"99.9%", "99.9%"},
		{"-x", "-x"},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		ExprError err;
		Node *n = expr_parse(cases[i][0], &err);
		assert_non_null(n);
		Buf b = {0};
		expr_render(n, &b);
		if (strcmp(b.s, cases[i][1]) != 0) {
			print_error("'%s' rendered \"%s\", expected \"%s\"\n", cases[i][0], b.s, cases[i][1]);
			buf_free(&b);
			expr_free(n);
			fail();
		}
		buf_free(&b);
		expr_free(n);
	}
}

static void test_explain_notes(void **state)
{
	(void)state;
	ExprError err;
	Node *n = expr_parse("1B messages/day + 500 B / s", &err);
	assert_non_null(n);
	Buf b = {0};
	expr_explain(n, &b);
	/* ambiguous tokens are explained: B glued is a billion, B apart is bytes */
	assert_contains(b.s, "billion");
	assert_contains(b.s, "bytes");
	buf_free(&b);
	expr_free(n);
}

/* ---- errors ---- */

static void test_parse_errors(void **state)
{
	(void)state;
	assert_expr_error("", TU_PARSE, 0, "empty expression");
	assert_expr_error("   ", TU_PARSE, -1, "empty expression");
	assert_expr_error("1 +", TU_PARSE, 3, "expected a number, a name or '('");
	assert_expr_error("1 + * 2", TU_PARSE, 4, "expected a number, a name or '(' before '*'");
	assert_expr_error("(1 + 2", TU_PARSE, 6, "expected ')'");
	assert_expr_error("1 + 2)", TU_PARSE, 5, "unmatched ')'");
	assert_expr_error("2 3", TU_PARSE, 2, "expected an operator before '3'");
	assert_expr_error("1 @ 2", TU_PARSE, 2, "unexpected character '@'");
	assert_expr_error("1 € 2", TU_PARSE, 2, "unexpected character '€'");
	assert_expr_error("1,50", TU_PARSE, 1, "','");
	assert_expr_error("1.", TU_PARSE, 1, "'.'");
	assert_expr_error("foo(1)", TU_PARSE, 0, "unknown function 'foo'");
	assert_expr_error("ceol(1.5)", TU_PARSE, 0, "did you mean 'ceil'");
	assert_expr_error("2 * sqrtt(4)", TU_PARSE, 4, "did you mean 'sqrt'");
	assert_expr_error("ceil(1, 2)", TU_PARSE, 0, "ceil takes 1 argument");
	assert_expr_error("ceil()", TU_PARSE, 0, "ceil takes 1 argument");
	assert_expr_error("downtime(99.9%)", TU_PARSE, 0, "downtime takes 2 arguments");
	assert_expr_error("quorum_overlap(3, 2)", TU_PARSE, 0, "quorum_overlap takes 3 arguments");
	assert_expr_error("max(1, 2", TU_PARSE, 8, "expected ')' or ','");
	assert_expr_error("max(1 2)", TU_PARSE, 6, "expected ')' or ','");
	assert_expr_error("()", TU_PARSE, 1, "before ')'");
}

static void test_bind_errors(void **state)
{
	(void)state;
	/* positions point at the offending word or operator */
	assert_expr_error("5 MBs", TU_BIND, 2, "unknown unit 'MBs' (did you mean 'MB/s'?)");
	assert_expr_error("5 mb", TU_BIND, 2, "unknown unit 'mb' (did you mean 'MB'?)");
	assert_expr_error("1 GB + 5 s", TU_BIND, 5, "cannot add data and time");
	assert_expr_error("1 GB - 5 s", TU_BIND, 5, "cannot subtract data and time");
	assert_expr_error("1 GB < 5 s", TU_BIND, 5, "cannot compare data and time");
	assert_expr_error("10 + 1 s", TU_BIND, 3, "cannot add count and time");
	assert_expr_error("dau * 2", TU_BIND, 0, "unknown name 'dau'");
	assert_expr_error("2 ^ (1 s)", TU_BIND, 4, "exponent must be a plain number");
	assert_expr_error("(2 s) ^ 1.5", TU_BIND, 8, "small whole number");
	/* a known quantity written after a number is not a unit */
	TuVar vars[] = {{"dau", 10e6, DIM_NONE}, {"peak_factor", 3, DIM_NONE}};
	TuResult r = tu_eval_env("5 dau", vars, 2);
	assert_false(r.ok);
	assert_int_equal(r.stage, TU_BIND);
	assert_int_equal(r.errpos, 2);
	assert_contains(r.msg, "not a unit");
	/* and a name suggestion for a misspelt one */
	r = tu_eval_env("peek_factor * 2", vars, 2);
	assert_false(r.ok);
	assert_int_equal(r.errpos, 0);
	assert_contains(r.msg, "did you mean 'peak_factor'");
}

/* text made of n copies of unit, then mid, then n copies of tail. Caller frees. */
static char *repeated(const char *unit, size_t n, const char *mid, const char *tail)
{
	Buf b = {0};
	for (size_t i = 0; i < n; i++)
		buf_add(&b, unit);
	buf_add(&b, mid);
	for (size_t i = 0; i < n; i++)
		buf_add(&b, tail);
	return b.s;
}

/* src parses, and evaluates to want */
static void assert_deep_ok(char *src, double want)
{
	TuResult r = tu_eval(src);
	if (!r.ok)
		print_error("%.40s... (%zu bytes): %s\n", src, strlen(src), r.msg);
	assert_true(r.ok);
	assert_true(fabs(r.value - want) <= 1e-9 * fabs(want));
	free(src);
}

/* src fails to parse with the depth message at byte pos */
static void assert_too_deep(char *src, int pos)
{
	ExprError err;
	Node *n = expr_parse(src, &err);
	assert_null(n);
	assert_string_equal(err.msg, "expression nested too deeply (limit 1000)");
	if (err.pos != pos)
		print_error("%.40s...: error at %d, expected %d\n", src, err.pos, pos);
	assert_int_equal(err.pos, pos);
	free(src);
}

static void test_depth_limit(void **state)
{
	(void)state;
	assert_int_equal(EXPR_MAX_DEPTH, 1000);
	/* up to the limit everything reads; past it, the error points at what is one level too deep */
	assert_deep_ok(repeated("(", 999, "7", ")"), 7);
	assert_too_deep(repeated("(", 1000, "7", ")"), 1000);
	assert_deep_ok(repeated("-", 999, "7", ""), -7);
	assert_too_deep(repeated("-", 1000, "7", ""), 1000);
	assert_too_deep(repeated("+", 35000, "7", ""), 1000);
	assert_deep_ok(repeated("abs(", 999, "7", ")"), 7);
	assert_too_deep(repeated("abs(", 1000, "7", ")"), 4000);
	/* a flat sum is a left spine as deep as it is long: 1000 terms, not 1001 */
	assert_deep_ok(repeated("1+", 999, "1", ""), 1000);
	assert_too_deep(repeated("1+", 1000, "1", ""), 1999);
	assert_too_deep(repeated("1+", 100000, "1", ""), 1999);
	assert_too_deep(repeated("2*", 40000, "1", ""), 1999);
	assert_too_deep(repeated("1^", 40000, "1", ""), 2000);
	assert_too_deep(repeated("", 40000, "1", " KB"), 2999);
	assert_too_deep(repeated("", 1000, "1", "%"), 1000);
	/* the same through parentheses nested inside a long sum */
	assert_too_deep(repeated("(1+", 1000, "1", ")"), 2998);
}

static void test_node_positions(void **state)
{
	(void)state;
	ExprError err;
	Node *n = expr_parse("a + bb * 3", &err);
	assert_non_null(n);
	assert_int_equal(n->kind, N_ADD);
	assert_int_equal(n->oppos, 2);
	assert_int_equal(n->pos, 0);
	assert_int_equal(n->end, 10);
	Node *m = n->kid[1];
	assert_int_equal(m->kind, N_MUL);
	assert_int_equal(m->oppos, 7);
	assert_int_equal(m->kid[0]->kind, N_VAR);
	assert_string_equal(m->kid[0]->text, "bb");
	assert_int_equal(m->kid[0]->pos, 4);
	assert_int_equal(m->kid[0]->end, 6);
	expr_free(n);
}

/*
 * A literal is the double strtod makes of it, bit for bit: the lexer's short
 * way (an exact integer times or over an exact power of ten) and strtod
 * must agree on every literal, near the edges of the short way and beyond;
 * and a literal percent is the decimal a hundredth of it, as strtod reads
 * the literal with "e-2".
 */
static void test_literals_read_as_strtod_does(void **state)
{
	(void)state;
	uint64_t x = 88172645463325252u;
	char lit[96];
	for (int k = 0; k < 300000; k++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int intd = (int)(x % 19), fracd = (int)((x >> 8) % 19), e = (int)((x >> 16) % 61) - 30;
		bool has_e = (x >> 24) % 3 == 0, has_frac = fracd > 0 && (x >> 26) % 2;
		size_t n = 0;
		uint64_t y = x * 6364136223846793005u + 1442695040888963407u;
		if (intd == 0 && !has_frac)
			intd = 1;
		for (int d = 0; d < intd; d++, y = y * 6364136223846793005u + 1)
			lit[n++] = (char)('0' + (d == 0 && intd > 1 ? 1 + (y >> 60) % 9 : (y >> 59) % 10));
		if (intd == 0)
			lit[n++] = '0';
		if (has_frac) {
			lit[n++] = '.';
			for (int d = 0; d < fracd; d++, y = y * 6364136223846793005u + 1)
				lit[n++] = (char)('0' + (y >> 59) % 10);
		}
		if (has_e)
			n += (size_t)snprintf(lit + n, sizeof lit - n, "e%d", e);
		lit[n] = '\0';
		ExprError err;
		Node *node = expr_parse(lit, &err);
		double want = strtod(lit, NULL);
		if (!isfinite(want)) {
			expr_free(node);
			continue;
		}
		assert_non_null(node);
		if (node->kind != N_NUM || memcmp(&node->num, &want, sizeof want) != 0) {
			print_error("%s: read as %.17g, strtod gives %.17g\n", lit, node->num, want);
			fail();
		}
		expr_free(node);
		/* and as a percent, the decimal lit·10^-2 ("99.99%" is 0.9999) */
		if (has_e)
			continue;
		char pct[100], shifted[100];
		snprintf(pct, sizeof pct, "%s%%", lit);
		snprintf(shifted, sizeof shifted, "%se-2", lit);
		double wantp = strtod(shifted, NULL);
		node = expr_parse(pct, &err);
		assert_non_null(node);
		if (node->kind != N_PCT || memcmp(&node->num, &wantp, sizeof wantp) != 0) {
			print_error("%s: read as %.17g, strtod gives %.17g for %s\n", pct, node->num, wantp, shifted);
			fail();
		}
		expr_free(node);
	}
}

/* ---- trees parsed into an arena ---- */

/* expr_explain's account of a tree: its whole structure, with what every node holds */
static char *explained(const Node *n)
{
	Buf b = {0};
	expr_explain(n, &b);
	return buf_take(&b);
}

static bool all_in_arena(const Node *n)
{
	if (!(n->flags & NF_ARENA))
		return false;
	for (int i = 0; i < 3; i++)
		if (n->kid[i] && !all_in_arena(n->kid[i]))
			return false;
	for (int i = 0; i < n->nargs; i++)
		if (!all_in_arena(n->args[i]))
			return false;
	return true;
}

/*
 * A tree parsed into an arena reads as the same tree parsed alone, fails with
 * the same message at the same place, and is left alone by expr_free (under
 * the sanitizers, freeing a node of it would be caught); clearing lets the
 * trees go and the arena serves again.
 */
static void test_arena_trees(void **state)
{
	(void)state;
	const char *cases[] = {
		"dau * requests_per_user", "max(1, 2, 3) + min(4, 5)", "ceil(x / 2K/s)", "1 GB/s -> Gbps",
		"5 MB -> %", "120 -> /min", "20 per day", "$0.09/GB * 3 TB", "1..4 KB", "lognormal(1, 10)",
		"triangular(1, 2, 9) * 3", "99.9%", "-(x ^ 2)", "100M / day", "1,500 + 2", "log2(1M)",
		/* failures: the same error either way, and nothing kept that leaks */
		"max(1, ", "1 +", "unknown_fn(3)", "normal(1)", "(1 + 2", "1 -> ", "5 KB + ",
	};
	ExprArena a = {0};
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
			ExprError e1, e2;
			Node *alone = expr_parse(cases[i], &e1);
			Node *in = expr_parse_in(&a, cases[i], &e2);
			assert_int_equal(alone != NULL, in != NULL);
			if (!alone) {
				assert_string_equal(e1.msg, e2.msg);
				assert_int_equal(e1.pos, e2.pos);
				continue;
			}
			char *x1 = explained(alone), *x2 = explained(in);
			if (strcmp(x1, x2) != 0) {
				print_error("'%s' alone:\n%s\nin an arena:\n%s\n", cases[i], x1, x2);
				fail();
			}
			assert_true(all_in_arena(in));
			assert_false(alone->flags & NF_ARENA);
			free(x1);
			free(x2);
			expr_free(alone);
			expr_free(in); /* nothing: the arena holds it */
		}
		expr_arena_clear(&a);
	}
	/* a tree larger than the arena's blocks: 900 terms and their 899 operators (within the depth limit) */
	char *sum = repeated("1 + ", 899, "1", "");
	ExprError e;
	Node *n = expr_parse_in(&a, sum, &e);
	assert_non_null(n);
	double v;
	Fault f;
	assert_true(expr_bind(n, NULL, &e));
	assert_true(expr_eval_const(n, NULL, &v, &f));
	assert_true(v == 900);
	size_t held = expr_arena_size(&a);
	assert_true(held > 64 << 10); /* more than one block of the most */
	expr_arena_clear(&a);
	assert_true(expr_arena_size(&a) > 0 && expr_arena_size(&a) < held); /* one is kept */
	assert_non_null(expr_parse_in(&a, "1 + 2", &e));
	free(sum);
	expr_arena_free(&a);
	assert_int_equal(expr_arena_size(&a), 0);
	expr_arena_free(&a); /* twice is harmless */
}

/* ---- display units ---- */

static bool same_display(const Display *a, const Display *b)
{
	return a->percent == b->percent && a->bits == b->bits && a->iec == b->iec && a->per_time == b->per_time &&
	       a->per_time_name == b->per_time_name && a->per_data == b->per_data &&
	       a->per_data_name == b->per_data_name && strcmp(a->fixed_name, b->fixed_name) == 0 &&
	       a->fixed_scale == b->fixed_scale;
}

/*
 * A display unit reads the same the first time and every time after (a thread
 * keeps the last few it read), more of them than it keeps, and one that is
 * not a unit fails with its reason each time.
 */
static void test_display_units_read_again(void **state)
{
	(void)state;
	const char *units[] = {"GB", "GB/day", "Mbps", "%", "1/s", "ms", "TB", "KiB", "/min", "$/month", "req/s",
			       "MB/s", "Gbps", "year", "hour", "PB", "GiB/s", "us", "day", "$/GB", "min"};
	enum { N = ARRAY_LEN(units) };
	Display first[N];
	Dim dim[N];
	ExprError e;
	for (size_t i = 0; i < N; i++) {
		if (!expr_parse_display(units[i], &first[i], &dim[i], &e)) {
			print_error("'%s' is not read as a unit: %s\n", units[i], e.msg);
			fail();
		}
	}
	for (int round = 0; round < 3; round++)
		for (size_t k = 0; k < N; k++) {
			size_t i = round == 1 ? N - 1 - k : (k * 7) % N; /* in order, backwards, jumping */
			Display d;
			Dim m;
			assert_true(expr_parse_display(units[i], &d, &m, &e));
			assert_true(same_display(&d, &first[i]));
			assert_true(dim_eq(m, dim[i]));
			assert_int_equal(e.nwarn, 0);
			assert_string_equal(e.msg, "");
			Display bad;
			Dim bd;
			assert_false(expr_parse_display("dau", &bad, &bd, &e));
			assert_non_null(strstr(e.msg, "unknown name 'dau'"));
		}
	/* a name too long to label a value with: refused each time, for that reason */
	const char *longer = "GB/day/day/day/day/day/day/day/day";
	for (int i = 0; i < 2; i++) {
		Display d;
		Dim m;
		assert_false(expr_parse_display(longer, &d, &m, &e));
		assert_non_null(strstr(e.msg, "too long"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_numbers),
		cmocka_unit_test(test_thousands_separators),
		cmocka_unit_test(test_glued_count_suffixes),
		cmocka_unit_test(test_glued_units),
		cmocka_unit_test(test_bytes_versus_billions),
		cmocka_unit_test(test_unary_minus),
		cmocka_unit_test(test_parentheses),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_tight_units),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_per_and_ps),
		cmocka_unit_test(test_conversion),
		cmocka_unit_test(test_unicode_operators),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_functions_parse),
		cmocka_unit_test(test_rendering),
		cmocka_unit_test(test_explain_notes),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_bind_errors),
		cmocka_unit_test(test_node_positions),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_literals_read_as_strtod_does),
		cmocka_unit_test(test_arena_trees),
		cmocka_unit_test(test_display_units_read_again),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
