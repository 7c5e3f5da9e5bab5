/*
 * The interview drill: grading boundaries, answers in the units language and
 * as bare numbers, hints, skips, the time limit, the question chain and the
 * givens, the history line read back, stats over time and spaced repetition.
 */
#include <ctype.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "boe/cards.h"
#include "boe/drill.h"
#include "boe/mock.h"
#include "boe/preset.h"
#include "boe/progress.h"

/* reads_a_day = 900/s (77.76M/day), avg_qps 1000/s, peak_qps 2000/s, downtime 43.2 min a month. */
static const char *const YAML =
	"boe: 1\n"
	"name: t-drill\n"
	"title: Test drill\n"
	"summary: a small service\n"
	"set:\n"
	"  dau: 8.64M\n"
	"  requests_per_user: 10 / day\n"
	"  reads_per_write: 9\n"
	"  peak_factor: 2\n"
	"define:\n"
	"  reads_a_day: { value: avg_read_qps, display: /day, ask: How many reads a day? }\n"
	"  double_peak: { value: peak_qps * 2, ask: What is twice the peak? }\n"
	"  pct_share: { value: 25% }\n"
	"  ratio_pct: { value: peak_write_qps / peak_qps, display: \"%\", ask: What share of the peak are writes? }\n";

/* A clock the test moves by hand. */
static double fake_now;
static double fake_clock(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static Drill *new_drill(const Scenario *s, double limit)
{
	DrillOptions o = {.seed = 1, .time_limit = limit, .clock = fake_clock};
	BoeError err;
	Drill *d = drill_new(s, &o, &err);
	assert_non_null(d);
	return d;
}

/* Index of the question on name, or -1. */
static long find_question(const Drill *d, const char *name)
{
	for (size_t i = 0; i < drill_count(d); i++)
		if (strcmp(drill_question(d, i)->name, name) == 0)
			return (long)i;
	return -1;
}

/* Skips until the question on name is current. */
static void skip_to(Drill *d, const char *name)
{
	long k = find_question(d, name);
	assert_true(k >= 0);
	while (drill_current(d) < (size_t)k)
		drill_skip(d, NULL);
	assert_string_equal(drill_ask(d)->name, name);
}

/* Answers the question on name with text; returns the grade (or -1 when unreadable). */
static int grade_of(const Scenario *s, const char *name, const char *text)
{
	Drill *d = new_drill(s, 0);
	skip_to(d, name);
	DrillResult r;
	char msg[512];
	int g = drill_answer(d, text, &r, msg, sizeof msg) ? (int)r.grade : -1;
	drill_free(d);
	return g;
}

/* ---- grading by value ---- */

static void test_grade_boundaries(void **state)
{
	(void)state;
	assert_int_equal(drill_grade_value(100, 100), GRADE_EXACT);
	assert_int_equal(drill_grade_value(110, 100), GRADE_EXACT);	/* exactly 10 % */
	assert_int_equal(drill_grade_value(90, 100), GRADE_EXACT);
	assert_int_equal(drill_grade_value(110.01, 100), GRADE_CLOSE);
	assert_int_equal(drill_grade_value(89.99, 100), GRADE_CLOSE);
	assert_int_equal(drill_grade_value(200, 100), GRADE_CLOSE);	/* exactly a factor of 2 */
	assert_int_equal(drill_grade_value(50, 100), GRADE_CLOSE);
	assert_int_equal(drill_grade_value(200.01, 100), GRADE_OFF);
	assert_int_equal(drill_grade_value(49.99, 100), GRADE_OFF);
	assert_int_equal(drill_grade_value(1e6, 100), GRADE_OFF);
	/* rounding of decimal inputs does not tip a boundary */
	assert_int_equal(drill_grade_value(1.1e12, 1e12), GRADE_EXACT);
	assert_int_equal(drill_grade_value(0.9 * 43.2 * 60, 43.2 * 60), GRADE_EXACT);
	assert_int_equal(drill_grade_value(2 * 0.3, 0.3), GRADE_CLOSE);
}

static void test_grade_zero_negative(void **state)
{
	(void)state;
	assert_int_equal(drill_grade_value(0, 0), GRADE_EXACT);
	assert_int_equal(drill_grade_value(1, 0), GRADE_OFF);
	assert_int_equal(drill_grade_value(0, 100), GRADE_OFF);
	assert_int_equal(drill_grade_value(-100, 100), GRADE_OFF);
	assert_int_equal(drill_grade_value(100, -100), GRADE_OFF);
	assert_int_equal(drill_grade_value(-105, -100), GRADE_EXACT);
	assert_int_equal(drill_grade_value(-180, -100), GRADE_CLOSE);
	assert_int_equal(drill_grade_value(-250, -100), GRADE_OFF);
	assert_int_equal(drill_grade_value(NAN, 100), GRADE_OFF);
	assert_int_equal(drill_grade_value(INFINITY, 100), GRADE_OFF);
}

static void test_names_and_points(void **state)
{
	(void)state;
	assert_string_equal(grade_name(GRADE_EXACT), "exact");
	assert_string_equal(grade_name(GRADE_CLOSE), "close");
	assert_string_equal(grade_name(GRADE_OFF), "off");
	assert_string_equal(grade_name(GRADE_WRONG_UNIT), "wrong-unit");
	assert_string_equal(grade_name(GRADE_SKIPPED), "skipped");
	assert_string_equal(grade_name(GRADE_UNANSWERED), "unanswered");
	Grade g;
	assert_true(grade_parse("wrong-unit", &g));
	assert_int_equal(g, GRADE_WRONG_UNIT);
	assert_false(grade_parse("wrong unit", &g));
	assert_true(grade_points(GRADE_EXACT) == 2);
	assert_true(grade_points(GRADE_CLOSE) == 1);
	assert_true(grade_points(GRADE_OFF) == 0);
	assert_true(grade_points(GRADE_WRONG_UNIT) == 0);
	Skill s;
	for (int i = 0; i < SKILL_COUNT; i++) {
		assert_true(skill_parse(skill_name((Skill)i), &s));
		assert_int_equal(s, i);
	}
	assert_true(skill_parse("latency", &s) && s == SKILL_LATENCY);
	assert_true(skill_parse("cost", &s) && s == SKILL_COST);
	assert_false(skill_parse("memory", &s));
}

/* ---- the question chain ---- */

static void test_questions(void **state)
{
	(void)state;
	Scenario *s = tu_load(YAML);
	Drill *d = new_drill(s, 0);
	assert_string_equal(drill_preset(d), "t-drill");
	assert_string_equal(drill_title(d), "Test drill");
	assert_string_equal(drill_summary(d), "a small service");
	/* by dependency, in the chain's order: a define as soon as what it needs is known */
	static const char *const want[] = {
		"reads_a_day", "avg_qps", "peak_qps", "double_peak", "ratio_pct", "storage_per_day",
		"storage_total", "egress_peak", "concurrency", "pool_size", "servers", "cache_memory", "db_qps",
		"downtime_per_month",
	};
	assert_int_equal(drill_count(d), ARRAY_LEN(want));
	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		const DrillQuestion *q = drill_question(d, i);
		assert_string_equal(q->name, want[i]);
		assert_int_equal(q->n, (int)i + 1);
		char prefix[64];
		snprintf(prefix, sizeof prefix, "Q%zu [%s] ", i + 1, want[i]);
		assert_true(strncmp(q->line, prefix, strlen(prefix)) == 0);
	}
	assert_null(drill_question(d, ARRAY_LEN(want)));
	const DrillQuestion *q = drill_question(d, 0);
	assert_string_equal(q->wording, "How many reads a day?");
	assert_string_equal(q->unit, "/day");
	assert_string_equal(q->unit_phrase, "per day");
	assert_near(q->unit_factor, 1 / TU_DAY, 1e-12);
	assert_near(q->value, 900, 1e-12);
	assert_string_equal(q->value_text, "77.8M/day");
	assert_contains(q->line, "(answer per day)");
	assert_int_equal(q->skill, SKILL_TRAFFIC);
	q = drill_question(d, (size_t)find_question(d, "downtime_per_month"));
	assert_string_equal(q->unit, "min");
	assert_int_equal(q->skill, SKILL_AVAILABILITY);
	assert_int_equal(drill_question(d, (size_t)find_question(d, "storage_total"))->skill, SKILL_STORAGE);
	assert_int_equal(drill_question(d, (size_t)find_question(d, "egress_peak"))->skill, SKILL_BANDWIDTH);
	assert_int_equal(drill_question(d, (size_t)find_question(d, "servers"))->skill, SKILL_CONCURRENCY);
	assert_int_equal(drill_question(d, (size_t)find_question(d, "cache_memory"))->skill, SKILL_CACHING);
	assert_int_equal(drill_question(d, (size_t)find_question(d, "double_peak"))->skill, SKILL_TRAFFIC);
	q = drill_question(d, (size_t)find_question(d, "servers"));
	assert_string_equal(q->unit, "");
	assert_string_equal(q->unit_phrase, "a number");
	assert_contains(drill_question(d, 1)->explain, "avg_qps = avg_read_qps + avg_write_qps");
	drill_free(d);
	scenario_free(s);
}

static void test_givens(void **state)
{
	(void)state;
	Scenario *s = tu_load(YAML);
	Drill *d = new_drill(s, 0);
	size_t n;
	const DrillGiven *g = drill_givens(d, &n);
	bool dau = false, rpu = false, retention = false, pct = false;
	bool assumed_seen = false;
	for (size_t i = 0; i < n; i++) {
		/* set givens come first, then the assumed defaults */
		if (g[i].assumed)
			assumed_seen = true;
		else
			assert_false(assumed_seen);
		assert_true(s->q[scenario_find(s, g[i].name)].input);
		if (strcmp(g[i].name, "dau") == 0) {
			dau = true;
			assert_false(g[i].assumed);
			assert_string_equal(g[i].text, "8.64M");
		}
		if (strcmp(g[i].name, "requests_per_user") == 0)
			rpu = !g[i].assumed;
		if (strcmp(g[i].name, "retention") == 0)
			retention = g[i].assumed;
		if (strcmp(g[i].name, "pct_share") == 0)
			pct = !g[i].assumed;
		/* derived numbers are never told */
		assert_true(strcmp(g[i].name, "avg_qps") != 0 && strcmp(g[i].name, "peak_qps") != 0);
		/* unused defaults are not told either */
		assert_true(strcmp(g[i].name, "shard_storage") != 0);
	}
	assert_true(dau && rpu && retention && pct);
	drill_free(d);
	scenario_free(s);
}

/* ---- answers ---- */

static void test_answers_units_and_bare(void **state)
{
	(void)state;
	Scenario *s = tu_load(YAML);
	/* reads_a_day asks per day: 77.76M/day = 900/s */
	assert_int_equal(grade_of(s, "reads_a_day", "77.76M/day"), GRADE_EXACT);
	assert_int_equal(grade_of(s, "reads_a_day", "77.76M"), GRADE_EXACT);	/* bare: per day */
	assert_int_equal(grade_of(s, "reads_a_day", "7.776e7"), GRADE_EXACT);
	assert_int_equal(grade_of(s, "reads_a_day", "77,760,000"), GRADE_EXACT);
	assert_int_equal(grade_of(s, "reads_a_day", "900/s"), GRADE_EXACT);
	assert_int_equal(grade_of(s, "reads_a_day", "0.9K per s"), GRADE_EXACT);
	assert_int_equal(grade_of(s, "reads_a_day", "900"), GRADE_OFF);	/* 900/day */
	assert_int_equal(grade_of(s, "reads_a_day", "50M"), GRADE_CLOSE);
	assert_int_equal(grade_of(s, "reads_a_day", "10 GB"), GRADE_WRONG_UNIT);
	assert_int_equal(grade_of(s, "reads_a_day", "3 TB/day"), GRADE_WRONG_UNIT);
	assert_int_equal(grade_of(s, "reads_a_day", "5 min"), GRADE_WRONG_UNIT);
	/* avg_qps asks per second: 1000/s; 10 % either way is still exact */
	assert_int_equal(grade_of(s, "avg_qps", "1.1K/s"), GRADE_EXACT);
	assert_int_equal(grade_of(s, "avg_qps", "900"), GRADE_EXACT);
	assert_int_equal(grade_of(s, "avg_qps", "1101"), GRADE_CLOSE);
	assert_int_equal(grade_of(s, "avg_qps", "2000/s"), GRADE_CLOSE);
	assert_int_equal(grade_of(s, "avg_qps", "2001/s"), GRADE_OFF);
	assert_int_equal(grade_of(s, "avg_qps", "500/s"), GRADE_CLOSE);
	assert_int_equal(grade_of(s, "avg_qps", "0"), GRADE_OFF);
	assert_int_equal(grade_of(s, "avg_qps", "-1000/s"), GRADE_OFF);
	assert_int_equal(grade_of(s, "avg_qps", "86.4M/day"), GRADE_EXACT);
	assert_int_equal(grade_of(s, "avg_qps", "1000 * 1"), -1);	/* mental maths: no operators */
	/* a count noun keeps it a count: requests are not requests per second */
	assert_int_equal(grade_of(s, "avg_qps", "1000 requests"), GRADE_WRONG_UNIT);
	/* downtime asks in minutes: 43.2 min */
	assert_int_equal(grade_of(s, "downtime_per_month", "43"), GRADE_EXACT);
	assert_int_equal(grade_of(s, "downtime_per_month", "43.2 min"), GRADE_EXACT);
	assert_int_equal(grade_of(s, "downtime_per_month", "0.72 h"), GRADE_EXACT);
	assert_int_equal(grade_of(s, "downtime_per_month", "1 h"), GRADE_CLOSE);
	assert_int_equal(grade_of(s, "downtime_per_month", "43.2"), GRADE_EXACT);
	assert_int_equal(grade_of(s, "downtime_per_month", "43.2 s"), GRADE_OFF);
	assert_int_equal(grade_of(s, "downtime_per_month", "99.9%"), GRADE_WRONG_UNIT);
	/* a percentage question reads a bare number as percent */
	assert_int_equal(grade_of(s, "ratio_pct", "10%"), GRADE_EXACT);
	assert_int_equal(grade_of(s, "ratio_pct", "10"), GRADE_EXACT);
	assert_int_equal(grade_of(s, "ratio_pct", "0.1"), GRADE_OFF);	/* 0.1 % */
	scenario_free(s);
}

static void test_unreadable_answers(void **state)
{
	(void)state;
	Scenario *s = tu_load(YAML);
	Drill *d = new_drill(s, 0);
	DrillResult r;
	char msg[512];
	const char *bad[] = {"", "   ", "abc", "12 MBs", "peak_qps", "1/0", "(12", "12K/s +"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		msg[0] = '\0';
		assert_false(drill_answer(d, bad[i], &r, msg, sizeof msg));
		assert_true(msg[0] != '\0');
		assert_int_equal(drill_current(d), 0);
	}
	assert_true(drill_answer(d, " 77.76M/day \n", &r, msg, sizeof msg));
	assert_int_equal(r.grade, GRADE_EXACT);
	assert_string_equal(drill_question(d, 0)->answer, "77.76M/day");
	assert_int_equal(drill_current(d), 1);
	drill_free(d);
	scenario_free(s);
}

static void test_result_fields(void **state)
{
	(void)state;
	Scenario *s = tu_load(YAML);
	Drill *d = new_drill(s, 0);
	skip_to(d, "avg_qps");
	DrillResult r;
	char msg[256];
	assert_true(drill_answer(d, "1.05K", &r, msg, sizeof msg));
	assert_int_equal(r.grade, GRADE_EXACT);
	assert_near(r.answer_value, 1050, 1e-12);
	assert_near(r.ratio, 1.05, 1e-12);
	assert_string_equal(r.answer_text, "1.05K/s");
	assert_true(r.points == 2);
	assert_string_equal(r.q->name, "avg_qps");
	assert_true(drill_answer(d, "2 GB/s", &r, msg, sizeof msg));
	assert_int_equal(r.grade, GRADE_WRONG_UNIT);
	assert_true(dim_eq(r.answer_dim, DIM_DATA_RATE));
	assert_true(r.points == 0);
	drill_free(d);
	scenario_free(s);
}

/* ---- hints, skips, time ---- */

static void test_hints(void **state)
{
	(void)state;
	Scenario *s = tu_load(YAML);
	Drill *d = new_drill(s, 0);
	skip_to(d, "peak_qps");
	/* three rungs: the idea, the formula with its names explained, the first step with numbers */
	const char *h = drill_hint(d);
	assert_string_equal(h, "hint 1/3: Peak is the average times the peak factor (reads and writes together).");
	assert_int_equal(drill_ask(d)->hints, 1);
	h = drill_hint(d);
	assert_string_equal(h, "hint 2/3: peak_qps = peak_read_qps + peak_write_qps, where peak_read_qps is "
			       "reads per second at peak; peak_write_qps is writes per second at peak");
	h = drill_hint(d);
	assert_string_equal(h, "hint 3/3: peak_qps = 1.8K/s + 200/s");
	assert_null(strstr(h, "2K/s"));		/* the numbers, not the result */
	h = drill_hint(d);
	assert_string_equal(h, "hint 3/3: peak_qps = 1.8K/s + 200/s");
	assert_int_equal(drill_ask(d)->hints, 3);
	DrillResult r;
	char msg[256];
	assert_true(drill_answer(d, "2K/s", &r, msg, sizeof msg));
	assert_int_equal(r.grade, GRADE_EXACT);
	assert_true(r.points == 0.5);		/* three rungs keep a quarter */
	drill_free(d);

	/* each rung costs more: 2 points become 1.5, then 1 */
	d = new_drill(s, 0);
	skip_to(d, "peak_qps");
	drill_hint(d);
	assert_true(drill_answer(d, "2K/s", &r, msg, sizeof msg));
	assert_true(r.points == 1.5);
	drill_hint(d);
	drill_hint(d);
	assert_true(drill_answer(d, "2.4M/s", &r, msg, sizeof msg) || true);
	drill_free(d);

	d = new_drill(s, 0);
	skip_to(d, "avg_qps");
	drill_hint(d);
	drill_hint(d);
	assert_true(drill_answer(d, "600/s", &r, msg, sizeof msg));
	assert_int_equal(r.grade, GRADE_CLOSE);
	assert_true(r.points == 0.5);		/* 1 point, two rungs: half */
	double p, m;
	drill_score(d, &p, &m);
	assert_true(p == 0.5);
	assert_true(m == 2.0 * (double)drill_count(d));
	drill_free(d);
	scenario_free(s);
}

static void test_skip_finish_score(void **state)
{
	(void)state;
	Scenario *s = tu_load(YAML);
	Drill *d = new_drill(s, 0);
	DrillResult r;
	char msg[256];
	assert_true(drill_answer(d, "77.76M", &r, msg, sizeof msg));	/* exact: 2 */
	assert_true(drill_answer(d, "1.5K/s", &r, msg, sizeof msg));	/* close: 1 */
	drill_skip(d, &r);
	assert_int_equal(r.grade, GRADE_SKIPPED);
	assert_true(r.points == 0);
	assert_string_equal(r.q->name, "peak_qps");
	assert_int_equal(drill_current(d), 3);
	assert_false(drill_done(d));
	drill_finish(d);
	assert_true(drill_done(d));
	assert_null(drill_ask(d));
	assert_null(drill_hint(d));
	assert_false(drill_answer(d, "1", &r, msg, sizeof msg));
	for (size_t i = 3; i < drill_count(d); i++)
		assert_int_equal(drill_question(d, i)->grade, GRADE_UNANSWERED);
	double p, m;
	drill_score(d, &p, &m);
	assert_true(p == 3);
	assert_true(m == 2.0 * (double)drill_count(d));
	drill_free(d);
	scenario_free(s);
}

static void test_time_limit(void **state)
{
	(void)state;
	Scenario *s = tu_load(YAML);
	fake_now = 100;
	Drill *d = new_drill(s, 10);
	DrillResult r;
	char msg[256];
	drill_ask(d);
	fake_now = 105;
	assert_near(drill_question_elapsed(d), 5, 1e-12);
	assert_true(drill_answer(d, "77.76M", &r, msg, sizeof msg));
	assert_false(r.late);
	assert_true(r.points == 2);
	assert_near(r.q->time_s, 5, 1e-12);
	drill_ask(d);
	fake_now = 116;		/* 11 s on the second question */
	assert_true(drill_answer(d, "1K/s", &r, msg, sizeof msg));
	assert_int_equal(r.grade, GRADE_EXACT);
	assert_true(r.late);
	assert_true(r.points == 0);
	drill_ask(d);
	fake_now = 126;		/* exactly at the limit is in time */
	assert_true(drill_answer(d, "2K/s", &r, msg, sizeof msg));
	assert_false(r.late);
	assert_true(r.points == 2);
	drill_ask(d);
	fake_now = 200;
	drill_finish(d);
	assert_near(drill_elapsed(d), 100, 1e-12);
	double p;
	drill_score(d, &p, NULL);
	assert_true(p == 4);
	drill_free(d);
	scenario_free(s);
}

/* ---- history ---- */

static void test_record_round_trip(void **state)
{
	(void)state;
	Scenario *s = tu_load(YAML);
	fake_now = 0;
	Drill *d = new_drill(s, 0);
	DrillResult r;
	char msg[256];
	drill_ask(d);
	fake_now = 2.5;
	assert_true(drill_answer(d, "77.76M", &r, msg, sizeof msg));
	drill_hint(d);
	assert_false(drill_answer(d, "1.5K \"quoted\"", &r, msg, sizeof msg));
	drill_finish(d);
	char *line = drill_record_json(d);
	assert_null(strchr(line, '\n'));
	DrillHistory *h = drill_history_parse(line, strlen(line));
	assert_int_equal(h->nrecords, 1);
	assert_int_equal(h->bad_lines, 0);
	const DrillRecord *rec = &h->records[0];
	assert_string_equal(rec->preset, "t-drill");
	assert_true(rec->when > 1600000000);
	assert_int_equal(strlen(rec->date), 20);
	assert_int_equal(rec->nanswers, drill_count(d));
	assert_string_equal(rec->answers[0].quantity, "reads_a_day");
	assert_string_equal(rec->answers[0].answer, "77.76M");
	assert_int_equal(rec->answers[0].grade, GRADE_EXACT);
	assert_int_equal(rec->answers[0].skill, SKILL_TRAFFIC);
	assert_true(rec->answers[0].points == 2);
	assert_near(rec->answers[0].time_s, 2.5, 1e-9);
	assert_int_equal(rec->answers[1].hints, 1);
	assert_int_equal(rec->answers[2].grade, GRADE_UNANSWERED);
	double p, m;
	drill_score(d, &p, &m);
	assert_true(rec->points == p && rec->max == m);
	free(line);
	drill_history_free(h);
	drill_free(d);
	scenario_free(s);
}

/*
 * A drill of a file records the file as an absolute path (a relative one
 * given at the command line too), and reading the history gives it back; a
 * scenario from text has none, and a relative path in a record is dropped.
 */
static void test_record_keeps_the_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/boe-drill-XXXXXX", cwd[4096], real[4096], path[4200];
	assert_non_null(mkdtemp(dir));
	assert_non_null(getcwd(cwd, sizeof cwd));
	snprintf(path, sizeof path, "%s/shop.yaml", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(YAML, f);
	fclose(f);
	assert_int_equal(chdir(dir), 0);
	BoeError err;
	Scenario *s = scenario_load_file("shop.yaml", &err); /* as given: relative */
	assert_non_null(s);
	assert_true(scenario_compute(s, &err));
	Drill *d = new_drill(s, 0);
	assert_int_equal(chdir(cwd), 0);
	drill_finish(d);
	char *line = drill_record_json(d);
	DrillHistory *h = drill_history_parse(line, strlen(line));
	assert_int_equal(h->nrecords, 1);
	assert_non_null(realpath(path, real));
	assert_string_equal(h->records[0].file, real);
	free(line);
	drill_history_free(h);
	drill_free(d);
	scenario_free(s);
	s = tu_load(YAML);
	d = new_drill(s, 0);
	drill_finish(d);
	line = drill_record_json(d);
	assert_null(strstr(line, "\"file\""));
	free(line);
	drill_free(d);
	scenario_free(s);
	const char *rel = "{\"preset\":\"a\",\"file\":\"shop.yaml\",\"questions\":[]}";
	h = drill_history_parse(rel, strlen(rel));
	assert_int_equal(h->nrecords, 1);
	assert_null(h->records[0].file);
	drill_history_free(h);
	unlink(path);
	rmdir(dir);
}

static void test_history_parse_tolerant(void **state)
{
	(void)state;
	const char *text =
		"{\"date\":\"2024-05-01T10:00:00Z\",\"preset\":\"a\",\"questions\":[{\"quantity\":\"avg_qps\",\"skill\":\"traffic\",\"grade\":\"exact\",\"points\":2,\"max\":2,\"answer\":\"\\u00b5s \\\"x\\\"\"}]}\n"
		"not json\n"
		"\n"
		"{\"date\":\"2024-05-02T10:00:00Z\",\"preset\":\"b\"}\n"
		"[1,2,3]\n"
		"{\"date\":\"2024-05-03\",\"preset\":\"c\",\"questions\":[{\"quantity\":\"x\",\"skill\":\"nope\",\"grade\":\"exact\"},"
		"{\"quantity\":\"servers\",\"skill\":\"concurrency\",\"grade\":\"off\",\"points\":9,\"max\":2}]}\n"
		"{\"preset\":\"d\",\"questions\":[]} trailing\n"
		"{\"preset\":\"e\",\"questions\":[]}";
	DrillHistory *h = drill_history_parse(text, strlen(text));
	assert_int_equal(h->nrecords, 3);
	assert_int_equal(h->bad_lines, 4);
	assert_string_equal(h->records[0].answers[0].answer, "µs \"x\"");
	assert_int_equal(h->records[0].when, 1714557600);
	assert_int_equal(h->records[1].nanswers, 1);	/* the unreadable answer is dropped */
	assert_true(h->records[1].answers[0].points == 2);	/* clamped to max */
	assert_int_equal(h->records[1].when, 1714694400);
	assert_string_equal(h->records[2].preset, "e");
	assert_int_equal(h->records[2].when, 0);
	drill_history_free(h);
}

static void test_save_history(void **state)
{
	(void)state;
	char dir[] = "/tmp/boe-drill-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof path, "%s/state/boe/history.jsonl", dir);
	Scenario *s = tu_load(YAML);
	BoeError err;
	for (int k = 0; k < 2; k++) {
		Drill *d = new_drill(s, 0);
		DrillResult r;
		char msg[256];
		assert_true(drill_answer(d, k ? "1" : "77.76M", &r, msg, sizeof msg));
		drill_finish(d);
		assert_true(drill_save_history(d, path, &err));
		drill_free(d);
	}
	DrillHistory *h = drill_history_load(path, &err);
	assert_non_null(h);
	assert_int_equal(h->nrecords, 2);
	assert_int_equal(h->records[0].answers[0].grade, GRADE_EXACT);
	assert_int_equal(h->records[1].answers[0].grade, GRADE_OFF);
	drill_history_free(h);
	/* a missing file is an empty history */
	char missing[300];
	snprintf(missing, sizeof missing, "%s/none.jsonl", dir);
	h = drill_history_load(missing, &err);
	assert_non_null(h);
	assert_int_equal(h->nrecords, 0);
	drill_history_free(h);
	/* the default path follows XDG_STATE_HOME */
	char *old = getenv("XDG_STATE_HOME") ? xstrdup(getenv("XDG_STATE_HOME")) : NULL;
	setenv("XDG_STATE_HOME", dir, 1);
	char *p = drill_history_path(&err);
	char want[300];
	snprintf(want, sizeof want, "%s/boe/history.jsonl", dir);
	assert_string_equal(p, want);
	free(p);
	setenv("XDG_STATE_HOME", "relative/ignored", 1);
	p = drill_history_path(&err);
	assert_contains(p, "/.local/state/boe/history.jsonl");
	free(p);
	if (old)
		setenv("XDG_STATE_HOME", old, 1);
	else
		unsetenv("XDG_STATE_HOME");
	free(old);
	unlink(path);
	snprintf(want, sizeof want, "%s.lock", path);
	unlink(want);
	snprintf(want, sizeof want, "%s/state/boe", dir);
	rmdir(want);
	snprintf(want, sizeof want, "%s/state", dir);
	rmdir(want);
	rmdir(dir);
	scenario_free(s);
}

/* ---- spaced repetition and stats ---- */

/* One history line: every chain quantity answered with grade g_other, downtime with g_down. */
static void add_line(Buf *b, const char *date, const char *preset, const char *g_other,
		     const char *g_down)
{
	static const struct { const char *q, *skill; } qs[] = {
		{"request_rate", "traffic"}, {"avg_qps", "traffic"}, {"peak_qps", "traffic"},
		{"storage_per_day", "storage"}, {"storage_total", "storage"},
		{"egress_peak", "bandwidth"}, {"concurrency", "concurrency"},
		{"servers", "concurrency"}, {"cache_memory", "caching"}, {"db_qps", "caching"},
		{"double_peak", "traffic"}, {"ratio_pct", "traffic"},
	};
	buf_printf(b, "{\"date\":\"%s\",\"preset\":\"%s\",\"questions\":[", date, preset);
	for (size_t i = 0; i < ARRAY_LEN(qs); i++) {
		Grade g;
		assert_true(grade_parse(g_other, &g));
		buf_printf(b, "{\"quantity\":\"%s\",\"skill\":\"%s\",\"grade\":\"%s\",\"points\":%g,\"max\":2},",
			   qs[i].q, qs[i].skill, g_other, grade_points(g));
	}
	Grade g;
	assert_true(grade_parse(g_down, &g));
	buf_printf(b, "{\"quantity\":\"downtime_per_month\",\"skill\":\"availability\",\"grade\":\"%s\",\"points\":%g,\"max\":2}]}\n",
		   g_down, grade_points(g));
}

static void test_weakness(void **state)
{
	(void)state;
	Buf b = {0};
	add_line(&b, "2024-05-01T10:00:00Z", "t-drill", "off", "exact");
	add_line(&b, "2024-05-02T10:00:00Z", "t-drill", "exact", "off");
	add_line(&b, "2024-05-03T10:00:00Z", "t-drill", "exact", "off");
	DrillHistory *h = drill_history_parse(b.s, b.len);
	assert_int_equal(h->nrecords, 3);
	assert_true(drill_weakness_skill(h, SKILL_AVAILABILITY) > 0.7);
	assert_true(drill_weakness_skill(h, SKILL_TRAFFIC) < 0.3);
	assert_near(drill_weakness_quantity(h, "downtime_per_month"), 1 - 0.49 / 2.19, 1e-9);
	assert_true(drill_weakness_quantity(h, "never_seen") < 0);
	assert_true(drill_weakness_quantity(NULL, "avg_qps") < 0);
	/* the newest answers weigh most: traffic improved, availability fell */
	assert_true(drill_weakness_skill(h, SKILL_TRAFFIC) < drill_weakness_skill(h, SKILL_AVAILABILITY));

	/* one question of N, on a seed drawn without one: the weak one comes up most of the time */
	Scenario *s = tu_load(YAML);
	int down = 0, runs = 60;
	for (int seed = 0; seed < runs; seed++) {
		unsigned long long picked = drill_pick_seed(NULL, 0, s, 1, h, (unsigned long long)seed);
		DrillOptions o = {.seed = picked, .max_questions = 1, .history = h};
		BoeError err;
		Drill *d = drill_new(s, &o, &err);
		assert_non_null(d);
		assert_int_equal(drill_count(d), 1);
		assert_int_equal(drill_question(d, 0)->n, 1);
		assert_true(strncmp(drill_question(d, 0)->line, "Q1 [", 4) == 0);
		if (strcmp(drill_question(d, 0)->name, "downtime_per_month") == 0)
			down++;
		drill_free(d);
	}
	print_message("downtime drawn %d of %d\n", down, runs);
	assert_true(down > runs / 2);
	/* a seed replays its drill exactly, whatever the history holds (none, or this one) */
	DrillOptions o = {.seed = 7, .max_questions = 5, .history = h};
	DrillOptions bare = {.seed = 7, .max_questions = 5};
	BoeError err;
	Drill *d1 = drill_new(s, &o, &err), *d2 = drill_new(s, &bare, &err);
	assert_int_equal(drill_count(d1), 5);
	assert_int_equal(drill_seed(d1), 7);
	long prev = -1;
	Drill *full = new_drill(s, 0);
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(drill_question(d1, i)->name, drill_question(d2, i)->name);
		long k = find_question(full, drill_question(d1, i)->name);
		assert_true(k > prev);
		prev = k;
	}
	drill_free(full);
	drill_free(d1);
	drill_free(d2);
	drill_history_free(h);
	scenario_free(s);
	buf_free(&b);
}

static void test_stats(void **state)
{
	(void)state;
	Buf b = {0};
	add_line(&b, "2024-05-01T10:00:00Z", "t-drill", "off", "exact");
	add_line(&b, "2024-05-01T18:00:00Z", "t-drill", "close", "exact");
	add_line(&b, "2024-05-04T10:00:00Z", "t-drill", "exact", "off");
	add_line(&b, "2024-05-05T23:59:59Z", "t-drill", "exact", "skipped");
	DrillHistory *h = drill_history_parse(b.s, b.len);
	DrillStats st;
	drill_stats(h, &st);
	assert_int_equal(st.drills, 4);
	assert_int_equal(st.answers, 4 * 13);
	assert_int_equal(st.bucket_days, 1);
	assert_int_equal(st.nbuckets, 5);	/* May 1 to May 5 */
	assert_int_equal(st.bucket_start[0], 1714521600);	/* 2024-05-01T00:00:00Z */
	assert_int_equal(st.weakest, SKILL_AVAILABILITY);
	const DrillSkillStats *t = &st.skill[SKILL_TRAFFIC];
	assert_int_equal(t->answers, 4 * 5);
	assert_near(t->bucket[0], 0.25, 1e-12);	/* off then close: 1 of 4 points */
	assert_true(t->bucket[1] < 0 && t->bucket[2] < 0);
	assert_near(t->bucket[3], 1, 1e-12);
	assert_near(t->bucket[4], 1, 1e-12);
	assert_near(t->first, 0.25, 1e-12);
	assert_true(t->recent > 0.8);
	const DrillSkillStats *a = &st.skill[SKILL_AVAILABILITY];
	assert_near(a->first, 1, 1e-12);
	assert_true(a->recent < 0.5);
	assert_near(a->points, 4, 1e-12);
	assert_near(a->max, 8, 1e-12);
	drill_history_free(h);

	/* weeks when the history is longer */
	buf_clear(&b);
	add_line(&b, "2024-01-01T10:00:00Z", "t-drill", "off", "off");
	add_line(&b, "2024-03-01T10:00:00Z", "t-drill", "exact", "exact");
	h = drill_history_parse(b.s, b.len);
	drill_stats(h, &st);
	assert_int_equal(st.bucket_days, 7);
	assert_int_equal(st.nbuckets, 9);	/* 60 days: 9 weeks */
	assert_near(st.skill[SKILL_STORAGE].bucket[0], 0, 1e-12);
	assert_near(st.skill[SKILL_STORAGE].bucket[8], 1, 1e-12);
	for (int k = 1; k < 8; k++)
		assert_true(st.skill[SKILL_STORAGE].bucket[k] < 0);
	drill_history_free(h);

	/* at most DRILL_STAT_BUCKETS periods: older answers fall outside the chart */
	buf_clear(&b);
	add_line(&b, "2023-01-01T10:00:00Z", "t-drill", "off", "off");
	add_line(&b, "2024-03-01T10:00:00Z", "t-drill", "exact", "exact");
	h = drill_history_parse(b.s, b.len);
	drill_stats(h, &st);
	assert_int_equal(st.nbuckets, DRILL_STAT_BUCKETS);
	assert_near(st.skill[SKILL_STORAGE].bucket[DRILL_STAT_BUCKETS - 1], 1, 1e-12);
	assert_true(st.skill[SKILL_STORAGE].bucket[0] < 0);
	assert_near(st.skill[SKILL_STORAGE].first, 0, 1e-12);
	drill_history_free(h);

	/* empty */
	h = drill_history_parse("", 0);
	drill_stats(h, &st);
	assert_int_equal(st.drills, 0);
	assert_int_equal(st.weakest, -1);
	assert_true(st.skill[0].recent < 0);
	drill_history_free(h);
	buf_free(&b);
}

static char *write_temp(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_choose_preset(void **state)
{
	(void)state;
	char dir[] = "/tmp/boe-drill-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *good = write_temp(dir, "t-drill.yaml", YAML);
	char *other = write_temp(dir, "other.yaml",
				 "boe: 1\nname: other\ntitle: Other\nset:\n  sla: 99.99%\n");
	char *broken = write_temp(dir, "broken.yaml", "boe: 1\nname: broken\nset:\n  nope: 1\n");
	PresetInfo list[3] = {
		{.name = "broken", .path = broken}, {.name = "other", .path = other},
		{.name = "t-drill", .path = good},
	};
	int count[3] = {0};
	for (unsigned long long seed = 0; seed < 40; seed++) {
		long k = drill_choose_preset(list, 3, seed);
		assert_true(k == 1 || k == 2);
		assert_int_equal(k, drill_choose_preset(list, 3, seed));
		count[k]++;
	}
	assert_int_equal(count[0], 0);
	assert_true(count[1] > 0 && count[2] > 0);
	/* the problem drilled last comes up less */
	Buf b = {0};
	add_line(&b, "2024-05-01T10:00:00Z", "t-drill", "exact", "exact");
	DrillHistory *h = drill_history_parse(b.s, b.len);
	int again = 0;
	for (unsigned long long seed = 0; seed < 40; seed++)
		again += drill_choose_preset(list, 3, drill_pick_seed(list, 3, NULL, 0, h, seed)) == 2;
	assert_true(again < 20);
	assert_int_equal(drill_choose_preset(list, 1, 1), -1);
	drill_history_free(h);

	/* a preset whose own define is answered worst comes up most */
	buf_clear(&b);
	for (int k = 0; k < 3; k++) {
		buf_add(&b, "{\"date\":\"2024-05-01T10:00:00Z\",\"preset\":\"elsewhere\",\"questions\":[");
		static const char *const chain_q[][2] = {
			{"request_rate", "traffic"}, {"avg_qps", "traffic"}, {"peak_qps", "traffic"},
			{"storage_per_day", "storage"}, {"storage_total", "storage"},
			{"egress_peak", "bandwidth"}, {"concurrency", "concurrency"},
			{"servers", "concurrency"}, {"cache_memory", "caching"}, {"db_qps", "caching"},
			{"downtime_per_month", "availability"},
		};
		for (size_t i = 0; i < ARRAY_LEN(chain_q); i++)
			buf_printf(&b, "{\"quantity\":\"%s\",\"skill\":\"%s\",\"grade\":\"exact\",\"points\":2,\"max\":2},",
				   chain_q[i][0], chain_q[i][1]);
		buf_add(&b, "{\"quantity\":\"double_peak\",\"skill\":\"traffic\",\"grade\":\"off\",\"points\":0,\"max\":2},"
			    "{\"quantity\":\"ratio_pct\",\"skill\":\"traffic\",\"grade\":\"off\",\"points\":0,\"max\":2}]}\n");
	}
	h = drill_history_parse(b.s, b.len);
	assert_int_equal(h->nrecords, 3);
	int weak = 0;
	for (unsigned long long seed = 0; seed < 40; seed++) {
		unsigned long long picked = drill_pick_seed(list, 3, NULL, 0, h, seed);
		weak += drill_choose_preset(list, 3, picked) == 2;
		/* the picked seed replays: the same seed picks the same, history aside */
		assert_int_equal(drill_choose_preset(list, 3, picked), drill_choose_preset(list, 3, picked));
	}
	assert_true(weak >= 30);
	drill_history_free(h);
	buf_free(&b);
	unlink(good);
	unlink(other);
	unlink(broken);
	rmdir(dir);
	free(good);
	free(other);
	free(broken);
}

static void test_no_questions(void **state)
{
	(void)state;
	Scenario *s = tu_load(YAML);
	/* an uncomputed scenario is refused */
	Scenario *raw = scenario_new_default();
	BoeError err;
	assert_null(drill_new(raw, NULL, &err));
	scenario_free(raw);
	/* more questions than the chain asks everything */
	DrillOptions o = {.max_questions = 1000};
	Drill *d = drill_new(s, &o, &err);
	Drill *all = drill_new(s, NULL, &err);
	assert_int_equal(drill_count(d), drill_count(all));
	drill_free(d);
	drill_free(all);
	scenario_free(s);
}

/* ---- every preset's drill, walked ---- */

typedef struct Walk {
	int questions, names, unworded, duplicates, leaks, unstated, missing;
} Walk;

/* Whether text holds a snake_case word (letters or digits joined by '_'). */
static const char *snake_word(const char *text)
{
	for (const char *p = text; *p; p++) {
		if (*p != '_' || p == text)
			continue;
		const char *a = p - 1, *b = p + 1;
		bool left = (*a >= 'a' && *a <= 'z') || (*a >= '0' && *a <= '9');
		bool right = (*b >= 'a' && *b <= 'z') || (*b >= '0' && *b <= '9');
		if (left && right)
			return p;
	}
	return NULL;
}

/* The test's own "same figure": same dimension, within 1%; small whole counts never. */
static bool same_figure(Dim da, double a, Dim db, double b)
{
	if (!dim_eq(da, db))
		return false;
	if (dim_none(da) && a == floor(a) && b == floor(b) && fabs(a) < 100)
		return false;
	return fabs(a - b) <= 0.01 * fmax(fabs(a), fabs(b));
}

/* Whether the wording, or the given line of one of the inputs q is computed from, holds word. */
static bool stated_somewhere(const Scenario *s, const Drill *d, const Quantity *q, const char *wording,
			     const char *word)
{
	if (strstr(wording, word))
		return true;
	size_t ng;
	const DrillGiven *g = drill_givens(d, &ng);
	for (int k = 0; k < q->ndeps; k++)
		for (size_t i = 0; i < ng; i++)
			if (strcmp(g[i].name, s->q[q->deps[k]].name) == 0 && strstr(g[i].line, word))
				return true;
	return false;
}

/*
 * Figures written into a formula that the wording does not state: number
 * literals other than 0, 1 and 2, and a rate made by dividing by a period
 * ("x * 1 / min": once a minute) that neither the wording nor a given names.
 */
static int unstated_literals(const Scenario *s, const Drill *d, const Quantity *q, const Node *n,
			     const char *src, const char *wording)
{
	if (!n)
		return 0;
	int bad = 0;
	if (n->kind == N_DIV && n->kid[1] && n->kid[1]->kind == N_UNIT && src && dim_eq(n->kid[1]->dim, DIM_TIME)) {
		char unit[32];
		snprintf(unit, sizeof unit, "%.*s", n->kid[1]->end - n->kid[1]->pos, src + n->kid[1]->pos);
		if (!stated_somewhere(s, d, q, wording, unit)) {
			print_message("    a rate per '%s' is neither asked nor given: \"%s\"\n", unit, wording);
			bad++;
		}
	}
	if (n->kind == N_NUM && n->num != 0 && n->num != 1 && n->num != 2 && src &&
	    n->end > n->pos) {
		char lit[64];
		snprintf(lit, sizeof lit, "%.*s", n->end - n->pos, src + n->pos);
		if (!strstr(wording, lit)) {
			print_message("    literal '%s' is not in \"%s\"\n", lit, wording);
			bad++;
		}
	}
	for (int i = 0; i < 3; i++)
		bad += unstated_literals(s, d, q, n->kid[i], src, wording);
	for (int i = 0; i < n->nargs; i++)
		bad += unstated_literals(s, d, q, n->args[i], src, wording);
	return bad;
}

/*
 * Walks what question k is computed from, down to earlier questions and
 * inputs: each input must be given, and each literal figure on the way stated.
 */
static int walk_inputs(const Scenario *s, const Drill *d, size_t k, int qi, bool *seen)
{
	if (seen[qi])
		return 0;
	seen[qi] = true;
	const Quantity *q = &s->q[qi];
	const DrillQuestion *dq = drill_question(d, k);
	for (size_t j = 0; j < k; j++)
		if (drill_question(d, j)->q == qi)
			return 0;
	if (q->input) {
		if (drill_gives(d, q->name))
			return 0;
		print_message("  %s: Q%zu [%s] needs %s, never given\n", s->name, k + 1, dq->name, q->name);
		return 1;
	}
	int bad = q->std && q->origin == ORIGIN_DEFAULT ? 0 : unstated_literals(s, d, q, q->expr, q->text, dq->wording);
	for (int i = 0; i < q->ndeps; i++)
		bad += walk_inputs(s, d, k, q->deps[i], seen);
	return bad;
}

static void walk_drill(const Scenario *s, const Drill *d, Walk *w)
{
	size_t ng;
	const DrillGiven *g = drill_givens(d, &ng);
	bool *seen = xcalloc(s->nq, sizeof *seen);
	for (size_t k = 0; k < drill_count(d); k++) {
		const DrillQuestion *q = drill_question(d, k);
		w->questions++;
		const char *sn = snake_word(q->wording);
		if (sn) {
			print_message("  %s: Q%zu [%s] names a variable: \"%s\"\n", s->name, k + 1, q->name, q->wording);
			w->names++;
		}
		/* a preset's own quantity is asked in the preset's words */
		const Quantity *sq = &s->q[q->q];
		if (!sq->std && !sq->block && !sq->ask) {
			print_message("  %s: Q%zu [%s] has no ask: \"%s\"\n", s->name, k + 1, q->name, q->wording);
			w->unworded++;
		}
		for (size_t j = 0; j < k; j++)
			if (same_figure(drill_question(d, j)->dim, drill_question(d, j)->value, q->dim, q->value)) {
				print_message("  %s: Q%zu [%s] repeats Q%zu [%s]: %s\n", s->name, k + 1, q->name, j + 1,
					      drill_question(d, j)->name, q->value_text);
				w->duplicates++;
				break;
			}
		for (size_t i = 0; i < ng; i++)
			if (!g[i].standard && same_figure(g[i].dim, g[i].num, q->dim, q->value)) {
				print_message("  %s: Q%zu [%s] was given: %s\n", s->name, k + 1, q->name, g[i].line);
				w->leaks++;
				break;
			}
		memset(seen, 0, s->nq * sizeof *seen);
		w->missing += walk_inputs(s, d, k, q->q, seen);
	}
	for (size_t i = 0; i < ng; i++) {
		const char *sn = snake_word(g[i].line);
		if (sn) {
			print_message("  %s: a given names a variable: \"%s\"\n", s->name, g[i].line);
			w->names++;
		}
		/* a figure written as an expression ("100M / month") is told as stated, never as 38.6/s */
		if (!g[i].standard && drill_given_shows_value(&g[i])) {
			if (strstr(g[i].line, g[i].value)) {
				print_message("  %s: a given shows its derived value: \"%s\"\n", s->name, g[i].line);
				w->leaks++;
			}
			/* "50 KB + 2 MB", "100M * 20", "100M / month": a computation, not a figure as stated */
			bool computed = strpbrk(g[i].text, "*+") || (strchr(g[i].text, '/') && !dim_none(g[i].dim));
			if (computed && !g[i].told && !g[i].assumed) {
				print_message("  %s: a given is a formula, not as the interviewer says it: \"%s\"\n",
					      s->name, g[i].line);
				w->unstated++;
			}
		}
	}
	free(seen);
}

static void test_all_presets(void **state)
{
	(void)state;
	const char *dirpath = FIXTURESDIR "/../../presets";
	DIR *dir = opendir(dirpath);
	assert_non_null(dir);
	Walk w = {0};
	int presets = 0;
	struct dirent *e;
	while ((e = readdir(dir))) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".yaml") != 0)
			continue;
		char *path = xasprintf("%s/%s", dirpath, e->d_name);
		BoeError err;
		Scenario *s = scenario_load_file(path, &err);
		if (!s)
			print_error("%s:%d:%d: %s\n", err.file, err.line, err.col, err.msg);
		assert_non_null(s);
		assert_true(scenario_compute(s, &err));
		DrillOptions o = {.seed = 1};
		Drill *d = drill_new(s, &o, &err);
		assert_non_null(d);
		walk_drill(s, d, &w);
		presets++;
		drill_free(d);
		scenario_free(s);
		free(path);
	}
	closedir(dir);
	print_message("%d presets, %d questions: %d naming a variable, %d without ask:, %d duplicates, "
		      "%d leaked, %d givens not as stated, %d figures never given\n",
		      presets, w.questions, w.names, w.unworded, w.duplicates, w.leaks, w.unstated, w.missing);
	assert_true(presets >= 33);
	assert_int_equal(w.names, 0);
	assert_int_equal(w.unworded, 0);
	assert_int_equal(w.unstated, 0);
	assert_int_equal(w.duplicates, 0);
	assert_int_equal(w.leaks, 0);
	assert_int_equal(w.missing, 0);
}

/* every state file follows one rule: $XDG_STATE_HOME/boe when absolute, else ~/.local/state/boe, else none */
static char *restore_env(const char *name)
{
	return getenv(name) ? xstrdup(getenv(name)) : NULL;
}

static void put_env(const char *name, char *old)
{
	if (old)
		setenv(name, old, 1);
	else
		unsetenv(name);
	free(old);
}

static void test_state_files(void **state)
{
	(void)state;
	char *old_state = restore_env("XDG_STATE_HOME"), *old_home = restore_env("HOME");
	struct {
		const char *file;
		char *(*path)(BoeError *err);
		const char *says;
	} kinds[] = {
		{"history.jsonl", drill_history_path, "practice history"},
		{"cards.jsonl", cards_schedule_path, "card schedule"},
		{"mock.jsonl", mock_sheets_path, "mock sheets"},
		{"eval_history", NULL, NULL},
	};
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
		BoeError err = {0};
		char want[300];
		setenv("XDG_STATE_HOME", "/st", 1);
		setenv("HOME", "/hm", 1);
		char *p = kinds[k].path ? kinds[k].path(&err) : state_user_file(kinds[k].file);
		snprintf(want, sizeof want, "/st/boe/%s", kinds[k].file);
		assert_string_equal(p, want);
		free(p);
		/* a relative XDG_STATE_HOME is ignored, as is an empty one */
		const char *ignored[] = {"relative/st", ""};
		for (size_t i = 0; i < 2; i++) {
			setenv("XDG_STATE_HOME", ignored[i], 1);
			p = kinds[k].path ? kinds[k].path(&err) : state_user_file(kinds[k].file);
			snprintf(want, sizeof want, "/hm/.local/state/boe/%s", kinds[k].file);
			assert_string_equal(p, want);
			free(p);
		}
		/* neither: no place, and the reason */
		unsetenv("XDG_STATE_HOME");
		setenv("HOME", "", 1);
		p = kinds[k].path ? kinds[k].path(&err) : state_user_file(kinds[k].file);
		assert_null(p);
		if (kinds[k].says) {
			assert_contains(err.msg, kinds[k].says);
			assert_contains(err.msg, "XDG_STATE_HOME or HOME");
		}
	}
	put_env("XDG_STATE_HOME", old_state);
	put_env("HOME", old_home);
}

/*
 * A question whose answer the table already holds is not asked: a figure
 * the file states, or an earlier question's, of the same dimension within
 * 1% (drill_same_figure) -- and only such, however many quantities there are.
 */
static void test_known_figures_dropped(void **state)
{
	(void)state;
	Scenario *s = tu_load("boe: 1\n"
			      "set:\n"
			      "  reads_per_write: 250\n"
			      "define:\n"
			      "  fig_a: reads_per_write * 1.0096\n"     /* 252.4: within 1% of the stated 250 */
			      "  fig_b: reads_per_write * 1.0104\n"     /* 252.6: not */
			      "  fig_c: reads_per_write * 1.0108\n"     /* 252.7: within 1% of b, asked before */
			      "  fig_d: reads_per_write * 0 + 3\n"      /* small whole counts never pair */
			      "  fig_e: reads_per_write * 0 + 3\n"
			      "  fig_f: reads_per_write * -1\n"         /* -250: the other sign */
			      "  fig_g: reads_per_write * 1 KB\n"       /* 250 KB: another dimension */
			      "  fig_h: reads_per_write * 0.02 MB\n"    /* 5 MB, and again: the second pairs */
			      "  fig_i: reads_per_write * 20 KB\n"
			      "  fig_j: reads_per_write * 0.98\n");     /* 245: 2% off */
	Drill *d = new_drill(s, 0);
	const char *asked[] = {"fig_b", "fig_d", "fig_e", "fig_f", "fig_g", "fig_h", "fig_j"},
		   *dropped[] = {"fig_a", "fig_c", "fig_i"};
	for (size_t i = 0; i < ARRAY_LEN(asked); i++)
		assert_true(find_question(d, asked[i]) >= 0);
	for (size_t i = 0; i < ARRAY_LEN(dropped); i++)
		assert_true(find_question(d, dropped[i]) < 0);
	drill_free(d);
	scenario_free(s);
	/*
	 * 10,000 figures, each 1.5% above the one before, each written twice: the
	 * second of each is not asked (and the drill is made in time linear in
	 * them: 20,000 candidates took seconds when each was compared with all)
	 */
	Buf b = {0};
	buf_add(&b, "boe: 1\ndefine:\n  x: 1\n");
	for (int i = 0; i < 10000; i++)
		buf_printf(&b, "  p%d: x * %.17g\n  q%d: x * %.17g\n", i, pow(1.015, i) * 1000, i,
			   pow(1.015, i) * 1000);
	BoeError err;
	s = scenario_load_string(b.s, b.len, "many.yaml", &err);
	assert_non_null(s);
	assert_true(scenario_compute(s, &err));
	DrillOptions o = {.seed = 1};
	d = drill_new(s, &o, &err);
	assert_non_null(d);
	size_t ps = 0, qs = 0;
	for (size_t i = 0; i < drill_count(d); i++) {
		const char *nm = drill_question(d, i)->name;
		if (nm[0] == 'p' && isdigit((unsigned char)nm[1]))
			ps++;
		else if (nm[0] == 'q' && isdigit((unsigned char)nm[1]))
			qs++;
	}
	assert_int_equal(qs, 0);
	assert_true(ps > 0);
	drill_free(d);
	scenario_free(s);
	buf_free(&b);
}

/*
 * Progress over a long history: every quantity and preset gathered once,
 * with its own counts and points, sorted weakest first and by name.
 */
static void test_progress_many(void **state)
{
	(void)state;
	Buf b = {0};
	/* record i: preset p(i % 7), quantities q(3i % 2000) .. q(3i + 2 % 2000), 1 point of 2 each when i is even */
	for (int i = 0; i < 3000; i++) {
		buf_printf(&b, "{\"boe\":1,\"date\":\"2026-11-%02dT10:00:00Z\",\"preset\":\"p%d\",\"seed\":1,"
			   "\"points\":%d,\"max\":6,\"time_s\":3,\"time_limit_s\":0,\"questions\":[",
			   1 + i % 28, i % 7, i % 2 ? 0 : 3);
		for (int j = 0; j < 3; j++)
			buf_printf(&b, "%s{\"quantity\":\"q%d\",\"skill\":\"traffic\",\"answer\":\"1\",\"grade\":\"%s\","
				   "\"hints\":0,\"late\":false,\"points\":%d,\"max\":2,\"time_s\":1,\"correct\":1,"
				   "\"correct_display\":\"1\"}",
				   j ? "," : "", (3 * i + j) % 2000, i % 2 ? "off" : "close", i % 2 ? 0 : 1);
		buf_add(&b, "]}\n");
	}
	DrillHistory *h = drill_history_parse(b.s, b.len);
	assert_int_equal(h->nrecords, 3000);
	Progress pr;
	progress_compute(h, &pr);
	assert_int_equal(pr.np, 7);
	assert_int_equal(pr.nq, 2000);
	assert_int_equal(pr.answers, 9000);
	for (size_t i = 0; i < pr.np; i++) {
		char want[32];
		snprintf(want, sizeof want, "p%zu", i);
		assert_string_equal(pr.p[i].name, want);
		assert_int_equal(pr.p[i].drills, i < 3000 % 7 ? 3000 / 7 + 1 : 3000 / 7);
	}
	/* by hand: q(k) is answered 4 or 5 times (9,000 answers over 2,000), by records of both parities */
	size_t total = 0;
	for (size_t i = 0; i < pr.nq; i++) {
		int k = atoi(pr.q[i].name + 1), answers = 0;
		double points = 0;
		for (int r = 0; r < 3000; r++)
			for (int j = 0; j < 3; j++)
				if ((3 * r + j) % 2000 == k) {
					answers++;
					points += r % 2 ? 0 : 1;
				}
		assert_int_equal(pr.q[i].answers, answers);
		assert_true(pr.q[i].points == points);
		assert_true(pr.q[i].max == 2.0 * answers);
		total += pr.q[i].answers;
		if (i) { /* weakest first, then by name */
			const QuantityProgress *a = &pr.q[i - 1], *c = &pr.q[i];
			double sa = a->points / a->max, sc = c->points / c->max;
			assert_true(sa < sc || (sa == sc && strcmp(a->name, c->name) < 0));
		}
	}
	assert_int_equal(total, 9000);
	progress_free(&pr);
	drill_history_free(h);
	buf_free(&b);
}

/* Time limits: a time or a bare number of the given unit, above 0 and at most a day; durations shown whole at any size. */
static void test_limits_and_durations(void **state)
{
	(void)state;
	double v = -1;
	assert_true(drill_parse_limit("8 min", 1, &v));
	assert_true(v == 480);
	assert_true(drill_parse_limit("8", 60, &v));
	assert_true(v == 480);
	assert_true(drill_parse_limit("90", 1, &v));
	assert_true(v == 90);
	assert_true(drill_parse_limit("24 h", 1, &v));
	assert_true(v == DRILL_MAX_LIMIT);
	assert_true(drill_parse_limit("1440", 60, &v));
	const char *bad[] = {"24 h + 1 s", "1441", "1e300", "1e300 s", "0", "-5 min", "0 s", "5 MB", "x", "", "1/0"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		v = -1;
		bool ok = drill_parse_limit(bad[i], 60, &v);
		if (ok)
			print_error("'%s' was taken as %g s\n", bad[i], v);
		assert_false(ok);
		assert_true(v == -1); /* untouched */
	}
	char out[64];
	drill_format_duration(3.14, out, sizeof out);
	assert_string_equal(out, "3.1 s");
	drill_format_duration(125, out, sizeof out);
	assert_string_equal(out, "2 min 5 s");
	drill_format_duration(DRILL_MAX_LIMIT, out, sizeof out);
	assert_string_equal(out, "24 h 0 min");
	drill_format_duration(1e300, out, sizeof out);
	assert_string_equal(out, "2.78e+296 h");
	drill_format_duration(-3, out, sizeof out);
	assert_string_equal(out, "0.0 s");
	drill_format_duration(NAN, out, sizeof out);
	assert_string_equal(out, "0.0 s");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grade_boundaries),
		cmocka_unit_test(test_grade_zero_negative),
		cmocka_unit_test(test_names_and_points),
		cmocka_unit_test(test_questions),
		cmocka_unit_test(test_givens),
		cmocka_unit_test(test_answers_units_and_bare),
		cmocka_unit_test(test_unreadable_answers),
		cmocka_unit_test(test_result_fields),
		cmocka_unit_test(test_hints),
		cmocka_unit_test(test_skip_finish_score),
		cmocka_unit_test(test_time_limit),
		cmocka_unit_test(test_record_round_trip),
		cmocka_unit_test(test_record_keeps_the_file),
		cmocka_unit_test(test_history_parse_tolerant),
		cmocka_unit_test(test_save_history),
		cmocka_unit_test(test_weakness),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_choose_preset),
		cmocka_unit_test(test_no_questions),
		cmocka_unit_test(test_all_presets),
		cmocka_unit_test(test_state_files),
		cmocka_unit_test(test_known_figures_dropped),
		cmocka_unit_test(test_progress_many),
		cmocka_unit_test(test_limits_and_durations),
	};
	return cmocka_run_group_tests_name("drill", tests, NULL, NULL);
}
