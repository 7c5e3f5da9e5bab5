/*
 * Helpers shared by the unit tests: evaluating an expression to a value and a
 * dimension, formatting it the way `boe eval` does, loading a scenario from a
 * string and reading a quantity's value, and tolerant comparisons of doubles.
 *
 * Everything here is static inline so each test binary takes only what it
 * uses (no unused-function warnings under -Werror).
 */
#ifndef BOE_TESTUTIL_H
#define BOE_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boe/expr.h"
#include "boe/fileio.h"
#include "boe/report.h"
#include "boe/scenario.h"
#include "boe/units.h"
#include "boe/util.h"

#ifndef FIXTURESDIR
#define FIXTURESDIR "tests/fixtures"
#endif

/* Time constants worked out by hand, as the spec fixes them. */
#define TU_MIN 60.0
#define TU_HOUR 3600.0
#define TU_DAY 86400.0
#define TU_WEEK (7 * 86400.0)
#define TU_MONTH (30 * 86400.0)
#define TU_YEAR (365 * 86400.0)

/* |actual - expected| <= rel * |expected| (absolute 1e-12 when expected is 0). */
#define assert_near(actual, expected, rel)                                                  \
	do {                                                                                \
		double a_ = (double)(actual), e_ = (double)(expected);                      \
		double tol_ = e_ == 0 ? 1e-12 : (rel) * fabs(e_);                           \
		if (!(fabs(a_ - e_) <= tol_)) {                                             \
			print_error("%s = %.12g, expected %.12g (within %g%%)\n", #actual, a_, \
				    e_, (double)(rel) * 100);                               \
			fail();                                                             \
		}                                                                           \
	} while (0)

/* Exact to double rounding noise. */
#define assert_exact(actual, expected) assert_near(actual, expected, 1e-9)

#define assert_dim(dimv, T, D, M)                                                           \
	do {                                                                                \
		Dim d_ = (dimv);                                                               \
		if (d_.t != (T) || d_.d != (D) || d_.m != (M)) {                            \
			print_error("%s has dimension t%d d%d m%d, expected t%d d%d m%d\n", #dimv, \
				    d_.t, d_.d, d_.m, (T), (D), (M));                       \
			fail();                                                             \
		}                                                                           \
	} while (0)

#define assert_contains(hay, needle)                                                        \
	do {                                                                                \
		const char *h_ = (hay), *n_ = (needle);                                     \
		if (!h_ || !strstr(h_, n_)) {                                               \
			print_error("\"%s\" does not contain \"%s\"\n", h_ ? h_ : "(null)", n_); \
			fail();                                                             \
		}                                                                           \
	} while (0)

#define assert_not_contains(hay, needle)                                                    \
	do {                                                                                \
		const char *h_ = (hay), *n_ = (needle);                                     \
		if (h_ && strstr(h_, n_)) {                                                 \
			print_error("\"%s\" should not contain \"%s\"\n", h_, n_);          \
			fail();                                                             \
		}                                                                           \
	} while (0)

/* ---- expressions ---- */

/* A tiny name environment for binding: names with fixed values and dimensions. */
typedef struct TuVar {
	const char *name;
	double value;
	Dim dim;
} TuVar;

typedef struct TuEnv {
	const TuVar *vars;
	size_t n;
	const char *names[64];
	double vals[64];
} TuEnv;

static inline int tu_env_lookup(void *ctx, const char *name, Dim *dim)
{
	TuEnv *e = ctx;
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->vars[i].name, name) == 0) {
			*dim = e->vars[i].dim;
			return (int)i;
		}
	return -1;
}

static inline const char *const *tu_env_names(void *ctx, size_t *n)
{
	TuEnv *e = ctx;
	for (size_t i = 0; i < e->n && i < 64; i++)
		e->names[i] = e->vars[i].name;
	*n = e->n;
	return e->names;
}

static inline void tu_env_init(TuEnv *e, const TuVar *vars, size_t n)
{
	memset(e, 0, sizeof *e);
	e->vars = vars;
	e->n = n;
	for (size_t i = 0; i < n && i < 64; i++)
		e->vals[i] = vars[i].value;
}

/* What evaluating one expression gave: a value and dimension, or an error and its offset. */
typedef struct TuResult {
	bool ok;
	double value;
	Dim dim;
	Display disp;
	int errpos;		/* byte offset of the error in the expression */
	char msg[512];
	char shown[128];	/* formatted as boe eval prints it */
	enum { TU_OK, TU_PARSE, TU_BIND, TU_FAULT } stage;
	FaultKind fault;
} TuResult;

/* Parses, binds (with vars, may be NULL) and evaluates src. Frees everything. */
static inline TuResult tu_eval_env(const char *src, const TuVar *vars, size_t nvars)
{
	TuResult r;
	memset(&r, 0, sizeof r);
	ExprError err = {0};
	Node *n = expr_parse(src, &err);
	if (!n) {
		r.stage = TU_PARSE;
		r.errpos = err.pos;
		snprintf(r.msg, sizeof r.msg, "%s", err.msg);
		return r;
	}
	TuEnv env;
	tu_env_init(&env, vars, nvars);
	ExprEnv ee = {tu_env_lookup, tu_env_names, &env};
	if (!expr_bind(n, &ee, &err)) {
		r.stage = TU_BIND;
		r.errpos = err.pos;
		snprintf(r.msg, sizeof r.msg, "%s", err.msg);
		expr_free(n);
		return r;
	}
	Fault f = {0};
	double v;
	if (!expr_eval_const(n, env.vals, &v, &f)) {
		r.stage = TU_FAULT;
		r.errpos = f.pos;
		r.fault = f.kind;
		snprintf(r.msg, sizeof r.msg, "%s", f.what ? f.what : "");
		expr_free(n);
		return r;
	}
	r.ok = true;
	r.stage = TU_OK;
	r.value = v;
	r.dim = n->dim;
	r.disp = expr_display(n);
	units_format(v, n->dim, &r.disp, NULL, r.shown, sizeof r.shown);
	expr_free(n);
	return r;
}

static inline TuResult tu_eval(const char *src)
{
	return tu_eval_env(src, NULL, 0);
}

/* Evaluates src, failing the test when it does not evaluate; returns the value. */
#define tu_value_of(src, dimp) tu_value_of_at(src, dimp, __FILE__, __LINE__)
static inline double tu_value_of_at(const char *src, Dim *dim, const char *file, int line)
{
	TuResult r = tu_eval(src);
	if (!r.ok) {
		print_error("%s:%d: '%s' did not evaluate: %s (at %d)\n", file, line, src, r.msg,
			    r.errpos);
		_fail(file, line);
	}
	if (dim)
		*dim = r.dim;
	return r.value;
}

/* Asserts that src evaluates to expected (relative tolerance rel) with dimension (t, d, m). */
#define assert_expr(src, expected, rel, T, D, M)                                           \
	do {                                                                                \
		Dim dd_;                                                                    \
		double v_ = tu_value_of(src, &dd_), x_ = (double)(expected);               \
		if (!(fabs(v_ - x_) <= (x_ == 0 ? 1e-12 : (rel) * fabs(x_)))) {            \
			print_error("'%s' = %.12g, expected %.12g\n", src, v_, x_);        \
			fail();                                                             \
		}                                                                           \
		assert_dim(dd_, T, D, M);                                                   \
	} while (0)

/* Asserts that src is shown as text, the way `boe eval` prints it. */
#define assert_shown(src, text)                                                             \
	do {                                                                                \
		TuResult r_ = tu_eval(src);                                                 \
		if (!r_.ok) {                                                               \
			print_error("'%s' did not evaluate: %s\n", src, r_.msg);            \
			fail();                                                             \
		}                                                                           \
		if (strcmp(r_.shown, text) != 0) {                                          \
			print_error("'%s' shown as \"%s\", expected \"%s\"\n", src, r_.shown, text); \
			fail();                                                             \
		}                                                                           \
	} while (0)

/* Asserts that src fails at stage with the error at byte offset pos and msg containing part. */
#define assert_expr_error(src, stg, pos, part)                                              \
	do {                                                                                \
		TuResult r_ = tu_eval(src);                                                 \
		if (r_.ok) {                                                                \
			print_error("'%s' evaluated to %s, expected an error\n", src, r_.shown); \
			fail();                                                             \
		}                                                                           \
		if ((int)r_.stage != (int)(stg)) {                                          \
			print_error("'%s': error at stage %d, expected %d (%s)\n", src,     \
				    (int)r_.stage, (int)(stg), r_.msg);                     \
			fail();                                                             \
		}                                                                           \
		if ((pos) >= 0 && r_.errpos != (pos)) {                                     \
			print_error("'%s': error at offset %d, expected %d (%s)\n", src,    \
				    r_.errpos, (int)(pos), r_.msg);                         \
			fail();                                                             \
		}                                                                           \
		assert_contains(r_.msg, part);                                              \
	} while (0)

/* Formats v of dimension d with display settings (NULL: natural). */
static inline const char *tu_fmt(double v, Dim d, const Display *disp, char *out, size_t n)
{
	units_format(v, d, disp, NULL, out, n);
	return out;
}

/* ---- scenarios ---- */

/* Loads and computes a scenario from YAML text; fails the test on any error. Caller frees. */
#define tu_load(yaml) tu_load_at(yaml, __FILE__, __LINE__)
static inline Scenario *tu_load_at(const char *yaml, const char *file, int line)
{
	BoeError err = {0};
	Scenario *s = scenario_load_string(yaml, strlen(yaml), "test.yaml", &err);
	if (!s || !scenario_compute(s, &err)) {
		char msg[1024];
		boe_error_format(&err, msg, sizeof msg);
		print_error("%s:%d: scenario did not load: %s\n", file, line, msg);
		scenario_free(s);
		_fail(file, line);
		return NULL;
	}
	return s;
}

/* The default scenario, computed. Caller frees. */
static inline Scenario *tu_default(void)
{
	BoeError err = {0};
	Scenario *s = scenario_new_default();
	if (!scenario_compute(s, &err)) {
		char msg[1024];
		boe_error_format(&err, msg, sizeof msg);
		print_error("default scenario did not compute: %s\n", msg);
		scenario_free(s);
		fail();
	}
	return s;
}

/*
 * Loads (and computes) YAML text that should fail; returns the formatted error
 * "file:line:col: msg" in out. Fails the test when it loads.
 */
#define tu_load_error(yaml, len, name, out) tu_load_error_at(yaml, len, name, out, sizeof(out), __FILE__, __LINE__)
static inline const char *tu_load_error_at(const char *yaml, size_t len, const char *name, char *out,
					   size_t n, const char *file, int line)
{
	BoeError err;
	memset(&err, 0, sizeof err);
	Scenario *s = scenario_load_string(yaml, len, name, &err);
	bool ok = s != NULL;
	if (s)
		ok = scenario_compute(s, &err);
	scenario_free(s);
	if (ok) {
		print_error("%s:%d: expected '%s' to fail, but it loaded\n", file, line, name);
		_fail(file, line);
	}
	boe_error_format(&err, out, n);
	return out;
}

/* Same for a file path. */
#define tu_load_file_error(path, out) tu_load_file_error_at(path, out, sizeof(out), __FILE__, __LINE__)
static inline const char *tu_load_file_error_at(const char *path, char *out, size_t n,
						const char *file, int line)
{
	BoeError err;
	memset(&err, 0, sizeof err);
	Scenario *s = scenario_load_file(path, &err);
	bool ok = s != NULL;
	if (s)
		ok = scenario_compute(s, &err);
	scenario_free(s);
	if (ok) {
		print_error("%s:%d: expected '%s' to fail, but it loaded\n", file, line, path);
		_fail(file, line);
	}
	boe_error_format(&err, out, n);
	return out;
}

/* The index of name in s, failing the test when there is none. */
#define tu_q(s, name) tu_q_at(s, name, __FILE__, __LINE__)
static inline int tu_q_at(const Scenario *s, const char *name, const char *file, int line)
{
	int qi = scenario_find(s, name);
	if (qi < 0) {
		print_error("%s:%d: no quantity '%s'\n", file, line, name);
		_fail(file, line);
	}
	return qi;
}

/* The value of a quantity, in base units. */
#define tu_val(s, name) (s)->q[tu_q(s, name)].value

/* The value of a quantity as the reports show it ("11.6K/s"), into a static buffer. */
static inline const char *tu_shown(const Scenario *s, const char *name)
{
	static char buf[4][128];
	static int k;
	int qi = scenario_find(s, name);
	if (qi < 0)
		return "(no such quantity)";
	k = (k + 1) % 4;
	scenario_format_value(s, qi, NULL, buf[k], sizeof buf[k]);
	return buf[k];
}

/* Overrides name with text (as --set does); fails the test on error. */
#define tu_set(s, name, text) tu_set_at(s, name, text, __FILE__, __LINE__)
static inline void tu_set_at(Scenario *s, const char *name, const char *text, const char *file,
			     int line)
{
	BoeError err = {0};
	if (!scenario_override(s, name, text, NULL, &err)) {
		char msg[1024];
		boe_error_format(&err, msg, sizeof msg);
		print_error("%s:%d: --set %s=%s failed: %s\n", file, line, name, text, msg);
		_fail(file, line);
	}
}

/* Reads a whole fixture file into a malloc'd string (NULL when missing). */
static inline char *tu_read_fixture(const char *rel, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", FIXTURESDIR, rel);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	Buf b = {0};
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_addn(&b, chunk, got);
	fclose(f);
	if (len)
		*len = b.len;
	if (!b.s)
		return xstrdup("");
	return buf_take(&b);
}

#endif
