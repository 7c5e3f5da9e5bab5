/*
 * The drill as a coach: every spelling an answer may take, the traps, the
 * refusal of worked answers without --calc, every slip of the table (and
 * that each is decided by the question's chain), answers consistent with the
 * candidate's own earlier ones, unreadable lines, the whole-drill timer on an
 * injected clock, and drills with no answer kept out of the history.
 *
 * Expected values are worked out by hand from the test scenario below.
 */
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "boe/answer.h"
#include "boe/drill.h"
#include "boe/grade.h"

/*
 * The drill asks, in order: avg_qps 1000/s; peak_qps 2000/s (peak_factor 2);
 * storage_per_day 25.92 GB/day (8.64 GB a copy, 3 copies); egress_peak 1.8 MB/s;
 * concurrency 40 (2000/s × 20 ms); concurrent_users 120K (8.64M × 600 s / 86400 s × 2);
 * cache_memory 15.552 GB; downtime_per_month 43.2 min.
 */
static const char *const YAML =
	"boe: 1\n"
	"name: t-coach\n"
	"title: Coach test\n"
	"set:\n"
	"  dau: 8.64M\n"
	"  requests_per_user: 10 / day\n"
	"  reads_per_write: 9\n"
	"  peak_factor: 2\n";

static double fake_now;
static double fake_clock(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static Drill *new_drill(const Scenario *s, const DrillOptions *extra)
{
	DrillOptions o = {.seed = 1, .clock = fake_clock};
	if (extra) {
		o.time_limit = extra->time_limit;
		o.total_limit = extra->total_limit;
		o.calc = extra->calc;
	}
	BoeError err;
	Drill *d = drill_new(s, &o, &err);
	assert_non_null(d);
	return d;
}

static void skip_to(Drill *d, const char *name)
{
	while (!drill_done(d) && strcmp(drill_ask(d)->name, name) != 0)
		drill_skip(d, NULL);
	assert_false(drill_done(d));
}

/* Answers the question on name; the result in *r. False when the text is unreadable. */
static bool answer(const Scenario *s, const char *name, const char *text, DrillResult *r)
{
	Drill *d = new_drill(s, NULL);
	skip_to(d, name);
	char msg[512];
	bool ok = drill_answer(d, text, r, msg, sizeof msg);
	/* r->q points into the drill: keep only what the tests read */
	r->q = NULL;
	drill_free(d);
	return ok;
}

/* ---- spellings ---- */

static double read_value(const char *text, Dim want, const char *unit, double factor)
{
	AnswerRead a;
	char msg[512];
	if (!answer_read(text, want, unit, factor, false, &a, msg, sizeof msg)) {
		print_error("'%s' not read: %s\n", text, msg);
		fail();
	}
	return a.value;
}

static void test_spellings(void **state)
{
	(void)state;
	const struct { const char *text; double value; } rate[] = {
		{"4K", 4000}, {"~4K", 4000}, {"\xE2\x89\x88" "4K", 4000}, {"about 4K", 4000},
		{"roughly 4K", 4000}, {"4k", 4000}, {"4 K", 4000}, {"4 thousand", 4000},
		{"4,000", 4000}, {"12 K/s", 12000}, {"12K/s", 12000}, {"4.2 million", 4.2e6},
		{"4.2M", 4.2e6}, {"2 billion", 2e9}, {"35K rps", 35000}, {"35K QPS", 35000},
		{"35k qps", 35000}, {"86.4M/day", 1000}, {"12K per second", 12000}, {"1.2e4", 12000},
	};
	for (size_t i = 0; i < ARRAY_LEN(rate); i++) {
		double v = read_value(rate[i].text, DIM_RATE, "/s", 1);
		if (fabs(v - rate[i].value) > 1e-9 * rate[i].value) {
			print_error("'%s' read as %g, expected %g\n", rate[i].text, v, rate[i].value);
			fail();
		}
	}
	/* 560 Mbps is 70 MB/s */
	assert_near(read_value("560Mbps", DIM_DATA_RATE, "MB/s", 1e6), 70e6, 1e-12);
	/* times: "m" is minutes for a time, run-on durations add up */
	assert_near(read_value("45m", DIM_TIME, "min", 60), 45 * 60, 1e-12);
	assert_near(read_value("45 m", DIM_TIME, "min", 60), 45 * 60, 1e-12);
	assert_near(read_value("1m30s", DIM_TIME, "min", 60), 90, 1e-12);
	assert_near(read_value("1h 30m", DIM_TIME, "min", 60), 5400, 1e-12);
	assert_near(read_value("2 min 30 s", DIM_TIME, "min", 60), 150, 1e-12);
	assert_near(read_value("43", DIM_TIME, "min", 60), 43 * 60, 1e-12);	/* bare: minutes */
	/* elsewhere "m" is a million, and said */
	AnswerRead a;
	char msg[512];
	assert_true(answer_read("45m", DIM_NONE, "", 1, false, &a, msg, sizeof msg));
	assert_near(a.value, 45e6, 1e-12);
	assert_non_null(strstr(a.note, "million"));
	/* a bare number takes the question's unit */
	assert_true(answer_read("6", DIM_DATA_RATE, "MB/s", 1e6, false, &a, msg, sizeof msg));
	assert_true(a.bare);
	assert_near(a.value, 6e6, 1e-12);
	assert_true(dim_eq(a.dim, DIM_DATA_RATE));
}

static void test_mental_maths(void **state)
{
	(void)state;
	const char *worked[] = {"2 * 3", "100M / 86400", "ceil(3)", "1 + 1", "max(1, 2)", "2^10", "10 - 1"};
	AnswerRead a;
	char msg[512];
	for (size_t i = 0; i < ARRAY_LEN(worked); i++) {
		msg[0] = '\0';
		if (answer_read(worked[i], DIM_NONE, "", 1, false, &a, msg, sizeof msg)) {
			print_error("'%s' should be refused without --calc\n", worked[i]);
			fail();
		}
		assert_non_null(strstr(msg, "--calc"));
		assert_true(answer_read(worked[i], DIM_NONE, "", 1, true, &a, msg, sizeof msg));
	}
	assert_true(answer_read("100M / 86400", DIM_NONE, "", 1, true, &a, msg, sizeof msg));
	assert_near(a.value, 1e8 / 86400, 1e-12);
	/* names are never answers, calculator or not */
	assert_false(answer_read("peak_qps", DIM_RATE, "/s", 1, true, &a, msg, sizeof msg));
	assert_non_null(strstr(msg, "cannot read 'peak_qps'"));
}

static void test_traps(void **state)
{
	(void)state;
	AnswerRead a;
	char msg[512];
	/* bits for a memory size: read as bits, and said */
	assert_true(answer_read("40 Gb", DIM_DATA, "GB", 1e9, false, &a, msg, sizeof msg));
	assert_near(a.value, 5e9, 1e-12);
	assert_string_equal(a.note, "'Gb' read as gigabits (5 GB): bytes are GB");
	/* for a bandwidth, bits are natural: no word */
	assert_true(answer_read("33 Gb/s", DIM_DATA_RATE, "GB/s", 1e9, false, &a, msg, sizeof msg));
	assert_string_equal(a.note, "");
	/* a B glued to a number is a billion: refused for data, fine for a count */
	assert_false(answer_read("600B", DIM_DATA, "GB", 1e9, false, &a, msg, sizeof msg));
	assert_non_null(strstr(msg, "a B glued to a number is a billion"));
	assert_false(answer_read("2B/day", DIM_DATA_RATE, "GB/day", 1e9 / 86400, false, &a, msg, sizeof msg));
	assert_true(answer_read("600B", DIM_NONE, "", 1, false, &a, msg, sizeof msg));
	assert_near(a.value, 600e9, 1e-12);
	assert_true(answer_read("600 B", DIM_DATA, "GB", 1e9, false, &a, msg, sizeof msg));
	assert_near(a.value, 600, 1e-12);
}

/* ---- slips ---- */

static void expect_slip(const Scenario *s, const char *name, const char *text, Grade g, SlipKind k,
			const char *words)
{
	DrillResult r;
	assert_true(answer(s, name, text, &r));
	if (r.grade != g || r.slip != (int)k) {
		print_error("%s = '%s': grade %s slip '%s' (%s), expected %s '%s'\n", name, text,
			    grade_name(r.grade), slip_name((SlipKind)r.slip), r.note, grade_name(g),
			    slip_name(k));
		fail();
	}
	if (words && !strstr(r.note, words)) {
		print_error("%s = '%s': note '%s' lacks '%s'\n", name, text, r.note, words);
		fail();
	}
}

static void test_slips(void **state)
{
	(void)state;
	Scenario *s = tu_load(YAML);
	/* the average instead of the peak: peak_factor (2) is upstream of peak_qps */
	expect_slip(s, "peak_qps", "1K/s", GRADE_CLOSE, SLIP_PEAK, "the average instead of the peak");
	/* ... but not of avg_qps: half of it is no peak slip */
	expect_slip(s, "avg_qps", "500/s", GRADE_CLOSE, SLIP_NONE, NULL);
	/* one copy instead of three */
	expect_slip(s, "storage_per_day", "8.64 GB/day", GRADE_OFF, SLIP_REPLICATION, "one copy");
	/* replication is not upstream of egress: a third of it is nothing known */
	expect_slip(s, "egress_peak", "0.6 MB/s", GRADE_OFF, SLIP_NONE, NULL);
	/* the users online instead of the requests in flight */
	expect_slip(s, "concurrency", "120K", GRADE_OFF, SLIP_CONCURRENT_USERS, "users online");
	/* bits for bytes, both ways */
	expect_slip(s, "egress_peak", "14.4 MB/s", GRADE_OFF, SLIP_BITS, "bits where bytes");
	expect_slip(s, "cache_memory", "1.944 GB", GRADE_OFF, SLIP_BITS, "divided by 8");
	/* a year's downtime for a month's (365/30 = 12.17x), a day's (1/30) */
	expect_slip(s, "downtime_per_month", "8.76 h", GRADE_OFF, SLIP_PERIOD, "a year's worth instead of a month's");
	expect_slip(s, "downtime_per_month", "1.44 min", GRADE_OFF, SLIP_PERIOD, "a day's worth instead of a month's");
	/* a month's storage for a day's (the question is per day: 25.92 GB/day × 30) */
	expect_slip(s, "storage_per_day", "777.6 GB/day", GRADE_OFF, SLIP_PERIOD, "a month's worth instead of a day's");
	/* avg_qps is per second: 30x is no period slip there */
	expect_slip(s, "avg_qps", "30K/s", GRADE_OFF, SLIP_NONE, NULL);
	/* 86,400 rounded to 100K: accepted as exact, and said */
	expect_slip(s, "avg_qps", "864/s", GRADE_EXACT, SLIP_DAY_100K, "accepted");
	expect_slip(s, "peak_qps", "1728/s", GRADE_EXACT, SLIP_DAY_100K, "86,400");
	expect_slip(s, "cache_memory", "18 GB", GRADE_EXACT, SLIP_DAY_100K, NULL);	/* × day as 100K */
	/* ... but not where the question is per day: no division by a day was needed
	   (25.92 GB/day × 100K / 86,400 = 30 GB/day is merely close) */
	expect_slip(s, "storage_per_day", "30 GB/day", GRADE_CLOSE, SLIP_NONE, NULL);
	/* a prefix off by 1000 (or 1024) */
	expect_slip(s, "avg_qps", "1M/s", GRADE_OFF, SLIP_PREFIX, "a prefix off by 1000");
	expect_slip(s, "storage_per_day", "25.9 MB/day", GRADE_OFF, SLIP_PREFIX, "too low");
	expect_slip(s, "egress_peak", "1.8 MiB/s", GRADE_EXACT, SLIP_NONE, NULL);
	expect_slip(s, "egress_peak", "1.84 GiB/s", GRADE_OFF, SLIP_PREFIX, NULL);
	/* an answer far off that no slip explains says nothing */
	expect_slip(s, "avg_qps", "17K/s", GRADE_OFF, SLIP_NONE, NULL);
	scenario_free(s);
}

static void test_model_recompute(void **state)
{
	(void)state;
	Scenario *s = tu_load(YAML);
	GradeModel *m = grade_model_new(s);
	/* with nothing put in, every quantity comes back to its value */
	for (size_t i = 0; i < s->nq; i++) {
		double v;
		if (s->q[i].input || !grade_model_recompute(m, (int)i, NULL, 0, &v))
			continue;
		assert_near(v, s->q[i].value, 1e-12);
	}
	int peak = grade_model_find(m, "peak_qps"), pf = grade_model_find(m, "peak_factor");
	int avg = grade_model_find(m, "avg_qps");
	assert_true(grade_model_upstream(m, peak, pf));
	assert_false(grade_model_upstream(m, avg, pf));
	assert_false(grade_model_upstream(m, pf, peak));
	GradeOverride o = {pf, 5};
	double v;
	assert_true(grade_model_recompute(m, peak, &o, 1, &v));
	assert_near(v, 5000, 1e-12);
	grade_model_free(m);
	scenario_free(s);	/* the model outlives nothing it copied */
}

/* ---- consistent with the candidate's own numbers ---- */

static void test_consistent(void **state)
{
	(void)state;
	Scenario *s = tu_load(YAML);
	Drill *d = new_drill(s, NULL);
	DrillResult r;
	char msg[512];
	skip_to(d, "avg_qps");
	assert_true(drill_answer(d, "1.5K/s", &r, msg, sizeof msg));	/* 50 % high */
	assert_int_equal(r.grade, GRADE_CLOSE);
	/* peak from that average: 1.5K/s × 2 */
	assert_true(drill_answer(d, "3K/s", &r, msg, sizeof msg));
	assert_int_equal(r.grade, GRADE_CONSISTENT);
	assert_true(r.points == 1);
	assert_near(r.from, 3000, 1e-9);
	assert_int_equal(r.nfrom, 1);
	assert_int_equal(r.from_q[0], 1);
	assert_string_equal(r.note, "right from your answer to Q1 (1.5K/s), which gives 3K/s: partial credit");
	Buf b = {0};
	drill_result_text(&r, 0, &b);
	assert_non_null(strstr(b.s, "consistent +50.0% (you said 3K/s); right from your answer to Q1"));
	buf_free(&b);
	drill_free(d);

	/* right outright stays exact; wrong in another way stays off */
	d = new_drill(s, NULL);
	skip_to(d, "avg_qps");
	assert_true(drill_answer(d, "1.5K/s", &r, msg, sizeof msg));
	assert_true(drill_answer(d, "2K/s", &r, msg, sizeof msg));
	assert_int_equal(r.grade, GRADE_EXACT);
	drill_free(d);
	d = new_drill(s, NULL);
	skip_to(d, "avg_qps");
	assert_true(drill_answer(d, "1.5K/s", &r, msg, sizeof msg));
	assert_true(drill_answer(d, "9K/s", &r, msg, sizeof msg));
	assert_int_equal(r.grade, GRADE_OFF);
	drill_free(d);

	/* downstream directly: storage_total from a wrong storage_per_day (× 5 years) */
	d = new_drill(s, NULL);
	skip_to(d, "storage_per_day");
	assert_true(drill_answer(d, "10 GB/day", &r, msg, sizeof msg));
	assert_int_equal(r.grade, GRADE_OFF);
	assert_true(drill_answer(d, "18.25 TB", &r, msg, sizeof msg));	/* 10 GB × 1825 days */
	assert_int_equal(r.grade, GRADE_CONSISTENT);
	assert_near(r.from, 18.25e12, 1e-9);
	drill_free(d);
	scenario_free(s);
}

/* ---- unreadable lines, the whole-drill clock, history ---- */

static void test_unreadable(void **state)
{
	(void)state;
	Scenario *s = tu_load(YAML);
	Drill *d = new_drill(s, NULL);
	DrillResult r;
	char msg[512];
	/* as a pipe feeds it: 'garbage' then '4K' */
	assert_false(drill_answer(d, "garbage", &r, msg, sizeof msg));
	assert_int_equal(drill_current(d), 0);
	drill_unreadable(d, "garbage", msg, &r);
	assert_int_equal(r.grade, GRADE_UNREADABLE);
	assert_true(r.points == 0);
	assert_string_equal(drill_question(d, 0)->answer, "garbage");
	assert_int_equal(drill_current(d), 1);
	assert_true(drill_answer(d, "8K", &r, msg, sizeof msg));
	assert_string_equal(r.q->name, "peak_qps");	/* graded on the second question */
	assert_string_equal(r.answer_text, "8K/s");
	assert_int_equal(r.grade, GRADE_OFF);		/* 4x the 2K/s at peak */
	assert_string_equal(grade_name(GRADE_UNREADABLE), "unreadable");
	Grade g;
	assert_true(grade_parse("consistent", &g) && g == GRADE_CONSISTENT);
	assert_true(grade_points(GRADE_CONSISTENT) == 1 && grade_points(GRADE_UNREADABLE) == 0);
	drill_free(d);
	scenario_free(s);
}

static void test_whole_drill_timer(void **state)
{
	(void)state;
	Scenario *s = tu_load(YAML);
	DrillOptions o = {.total_limit = 60};
	fake_now = 1000;
	Drill *d = new_drill(s, &o);
	DrillResult r;
	char msg[256];
	Buf b = {0};
	assert_near(drill_time_left(d), 60, 1e-12);
	drill_ask(d);
	fake_now = 1010;
	assert_near(drill_time_left(d), 50, 1e-12);
	drill_clock_text(d, &b);
	assert_string_equal(b.s, "time left: 50.0 s of 1 min 0 s");
	buf_clear(&b);
	assert_true(drill_answer(d, "1K", &r, msg, sizeof msg));	/* avg_qps */
	assert_false(r.late);
	assert_true(r.points == 2);
	drill_ask(d);
	fake_now = 1059;
	assert_true(drill_answer(d, "2K/s", &r, msg, sizeof msg));	/* peak_qps, 59 s: in time */
	assert_true(r.points == 2);
	assert_false(drill_done(d));
	drill_ask(d);
	fake_now = 1061;		/* the drill's minute is over */
	assert_near(drill_time_left(d), 0, 1e-12);
	assert_true(drill_answer(d, "25.92 GB/day", &r, msg, sizeof msg));	/* storage_per_day */
	assert_int_equal(r.grade, GRADE_EXACT);
	assert_true(r.late);
	assert_true(r.points == 0);
	assert_true(drill_time_up(d));
	assert_true(drill_done(d));
	assert_int_equal(drill_question(d, 3)->grade, GRADE_UNANSWERED);
	drill_result_text(&r, 0, &b);
	assert_non_null(strstr(b.s, "(too late: the drill's time ran out)"));
	buf_clear(&b);
	drill_clock_text(d, &b);
	assert_string_equal(b.s, "time is up: the 1 min 0 s for the whole drill ran out");
	double p, m;
	drill_score(d, &p, &m);
	assert_true(p == 4);
	buf_free(&b);
	drill_free(d);

	/* no limit: no clock */
	d = new_drill(s, NULL);
	assert_true(drill_time_left(d) < 0);
	b = (Buf){0};
	drill_clock_text(d, &b);
	assert_true(b.len == 0);
	buf_free(&b);
	drill_free(d);
	scenario_free(s);
}

static void test_no_answer_not_counted(void **state)
{
	(void)state;
	Scenario *s = tu_load(YAML);
	char dir[] = "/tmp/boe-coach-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = xasprintf("%s/history.jsonl", dir);
	Drill *d = new_drill(s, NULL);
	drill_ask(d);
	drill_finish(d);
	assert_false(drill_answered_any(d));
	BoeError err;
	assert_true(drill_save_history(d, path, &err));
	assert_false(file_exists(path));		/* nothing written */
	drill_free(d);
	/* a history line with no answer (an older boe wrote them) is not a drill for --stats */
	const char *h =
		"{\"boe\":1,\"date\":\"2024-05-01T12:00:00Z\",\"preset\":\"x\",\"questions\":["
		"{\"quantity\":\"avg_qps\",\"skill\":\"traffic\",\"answer\":\"\",\"grade\":\"unanswered\","
		"\"points\":0,\"max\":2}]}\n"
		"{\"boe\":1,\"date\":\"2024-05-02T12:00:00Z\",\"preset\":\"x\",\"questions\":["
		"{\"quantity\":\"avg_qps\",\"skill\":\"traffic\",\"answer\":\"1K\",\"grade\":\"exact\","
		"\"points\":2,\"max\":2}]}\n";
	DrillHistory *hist = drill_history_parse(h, strlen(h));
	DrillStats st;
	drill_stats(hist, &st);
	assert_int_equal(st.drills, 1);
	assert_int_equal(st.answers, 1);
	char first[16];
	struct tm tm;
	gmtime_r(&st.first, &tm);
	strftime(first, sizeof first, "%Y-%m-%d", &tm);
	assert_string_equal(first, "2024-05-02");	/* the empty drill's date is not the first */
	drill_history_free(hist);
	rmdir(dir);
	free(path);
	scenario_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spellings),
		cmocka_unit_test(test_mental_maths),
		cmocka_unit_test(test_traps),
		cmocka_unit_test(test_slips),
		cmocka_unit_test(test_model_recompute),
		cmocka_unit_test(test_consistent),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_whole_drill_timer),
		cmocka_unit_test(test_no_answer_not_counted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
