/*
 * The scenario's structure changed in place, as the interface's workbench
 * does: tiers, hops and defines added and removed, block inputs set, each
 * refused change leaving everything as it was, and every change written by a
 * save reading back the same. Also the traffic shapes (their curve keeps the
 * mean and the peak, and the peak's hour does not move with the width), the
 * `traffic:` key, and the plausibility flags.
 */
#include "testutil.h"
#include "boe/whatif.h"

/* absolute tolerance */
#define assert_double_equal(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) <= (eps))

static const char *two_tiers =
	"boe: 1\n"
	"availability:\n"
	"  tiers:\n"
	"    - { name: lb, availability: 99.99% }\n"
	"    - { name: app, availability: 99.9%, replicas: 2 }\n"
	"latency_budget:\n"
	"  target: 100 ms\n"
	"  hops:\n"
	"    - { name: edge, time: 10 ms }\n"
	"    - { name: db, time: 30 ms }\n";

static double val(const Scenario *s, const char *name)
{
	int i = scenario_find(s, name);
	assert_true(i >= 0);
	return s->q[i].value;
}

static void test_tiers_added_and_removed(void **state)
{
	(void)state;
	Scenario *s = tu_load(two_tiers);
	BoeError err;
	double two = 0.9999 * (1 - 0.001 * 0.001);
	assert_double_equal(val(s, "composite_availability"), two, 1e-12);
	assert_true(scenario_add_tier(s, 1, "cache", "99%", "1", &err));
	assert_int_equal(s->ntiers, 3);
	assert_string_equal(s->tiers[1].name, "cache");
	assert_double_equal(val(s, "composite_availability"), two * 0.99, 1e-12);
	assert_double_equal(val(s, "composite_downtime_per_year"), (1 - two * 0.99) * 31536000, 1e-3);
	/* a refused tier changes nothing */
	assert_false(scenario_add_tier(s, 0, "bad", "20 ms", NULL, &err));
	assert_contains(err.msg, "percentage");
	assert_int_equal(s->ntiers, 3);
	assert_double_equal(val(s, "composite_availability"), two * 0.99, 1e-12);
	assert_false(scenario_add_tier(s, 0, "", "99%", NULL, &err));
	/* removing the first keeps the others' values */
	assert_true(scenario_remove_tier(s, 0, &err));
	assert_int_equal(s->ntiers, 2);
	assert_string_equal(s->tiers[0].name, "cache");
	assert_double_equal(val(s, "composite_availability"), 0.99 * (1 - 1e-6), 1e-12);
	/* a new tier after removals gets a fresh internal name */
	assert_true(scenario_add_tier(s, 9, "disk", "99.5%", NULL, &err));
	assert_int_equal(s->ntiers, 3);
	assert_double_equal(s->tiers[2].replicas, 1, 0);
	/* every tier gone: no composite; one back: a composite again */
	for (int i = 0; i < 3; i++)
		assert_true(scenario_remove_tier(s, 0, &err));
	assert_int_equal(s->q_composite, -1);
	assert_int_equal(scenario_find(s, "composite_availability"), -1);
	assert_false(scenario_remove_tier(s, 0, &err));
	assert_true(scenario_add_tier(s, 0, "only", "99.9%", "3", &err));
	assert_double_equal(val(s, "composite_availability"), 1 - 1e-9, 1e-15);
	assert_true(s->meets_sla);
	scenario_free(s);
}

static void test_removing_what_a_define_reads_is_refused(void **state)
{
	(void)state;
	Scenario *s = tu_load("boe: 1\n"
			      "availability:\n  tiers:\n    - { name: lb, availability: 99.9% }\n"
			      "define:\n  nines: -log10(1 - composite_availability)\n");
	BoeError err;
	assert_false(scenario_remove_tier(s, 0, &err));
	assert_contains(err.msg, "composite_availability");
	assert_int_equal(s->ntiers, 1);
	assert_string_equal(s->tiers[0].name, "lb");
	assert_double_equal(val(s, "nines"), 3, 1e-9);
	scenario_free(s);
}

static void test_block_inputs(void **state)
{
	(void)state;
	Scenario *s = tu_load(two_tiers);
	BoeError err;
	assert_true(scenario_set_block_input(s, s->tiers[1].q_replicas, "3", &err));
	assert_double_equal(s->tiers[1].replicas, 3, 0);
	assert_double_equal(val(s, "composite_availability"), 0.9999 * (1 - 1e-9), 1e-12);
	assert_false(scenario_set_block_input(s, s->tiers[1].q_avail, "150%", &err));
	assert_contains(err.msg, "between 0% and 100%");
	assert_double_equal(s->tiers[1].availability, 0.999, 1e-12);
	assert_true(scenario_set_block_input(s, s->q_target, "35 ms", &err));
	assert_false(s->fits_budget);
	assert_double_equal(val(s, "latency_margin"), -0.005, 1e-12);
	assert_false(scenario_set_block_input(s, scenario_find(s, "dau"), "5", &err));
	assert_true(scenario_rename_block(s, true, 1, "postgres", &err));
	assert_string_equal(s->hops[1].name, "postgres");
	assert_false(scenario_rename_block(s, false, 0, "two\nlines", &err));
	scenario_free(s);
}

static void test_hops_added_and_removed(void **state)
{
	(void)state;
	Scenario *s = tu_load(two_tiers);
	BoeError err;
	assert_true(scenario_add_hop(s, 1, "cache", "5 ms", &err));
	assert_int_equal(s->nhops, 3);
	assert_string_equal(s->hops[1].name, "cache");
	assert_double_equal(val(s, "latency_total"), 0.045, 1e-12);
	assert_double_equal(val(s, "latency_margin"), 0.055, 1e-12);
	assert_false(scenario_add_hop(s, 0, "bad", "99%", &err));
	assert_int_equal(s->nhops, 3);
	for (int i = 0; i < 3; i++)
		assert_true(scenario_remove_hop(s, 2 - i, &err));
	assert_int_equal(s->q_target, -1);
	assert_int_equal(scenario_find(s, "latency_total"), -1);
	/* the first hop of a scenario without a budget brings a target */
	assert_true(scenario_add_hop(s, 0, "api", "50 ms", &err));
	assert_double_equal(s->q[s->q_target].value, 0.2, 1e-12);
	assert_true(s->fits_budget);
	/* tiers survived the hops' quantities moving */
	assert_int_equal(s->ntiers, 2);
	assert_double_equal(s->tiers[1].replicas, 2, 0);
	scenario_free(s);
}

static void test_defines_added_and_removed(void **state)
{
	(void)state;
	Scenario *s = tu_default();
	BoeError err;
	size_t nq = s->nq;
	assert_true(scenario_add_define(s, "per_server", "peak_qps / servers", &err));
	assert_int_equal(s->nq, nq + 1);
	int q = scenario_find(s, "per_server");
	assert_true(q >= 0);
	assert_true(quantity_listed(&s->q[q]));
	assert_double_equal(s->q[q].value, val(s, "peak_qps") / val(s, "servers"), 1e-9);
	assert_false(scenario_add_define(s, "per_server", "1", &err));
	assert_contains(err.msg, "exists");
	assert_false(scenario_add_define(s, "2x", "1", &err));
	assert_false(scenario_add_define(s, "broken", "peak_qps +", &err));
	assert_false(scenario_add_define(s, "wrong", "1 ms + 1 GB", &err));
	assert_int_equal(s->nq, nq + 1);
	assert_int_equal(scenario_find(s, "broken"), -1);
	assert_true(scenario_add_define(s, "twice", "per_server * 2", &err));
	assert_false(scenario_remove_define(s, "per_server", &err));
	assert_contains(err.msg, "used by twice");
	assert_false(scenario_remove_define(s, "dau", &err));
	assert_true(scenario_remove_define(s, "twice", &err));
	assert_true(scenario_remove_define(s, "per_server", &err));
	assert_int_equal(s->nq, nq);
	assert_int_equal(scenario_find(s, "per_server"), -1);
	scenario_free(s);
}

/*
 * A removed define comes back where it stood and as the file had it: its
 * place among the others, its note, question and line, the checks and
 * blocks after it still pointing at theirs. Removing two and putting them
 * back in the reverse order writes the same file as before; a name never
 * removed, or taken again meanwhile, is refused.
 */
static void test_a_removed_define_comes_back_where_it_stood(void **state)
{
	(void)state;
	Scenario *s = tu_load("boe: 1\n"
			      "name: back\n"
			      "define:\n"
			      "  first: 2 * dau\n"
			      "  middle: { value: 3 KB, note: \"a note\", ask: \"How big is one?\" }\n"
			      "  last: first + 1\n"
			      "  spare: 5\n"
			      "expect:\n"
			      "  last: 20M\n"
			      "availability:\n"
			      "  tiers:\n"
			      "    - { name: app, availability: 99.9%, replicas: 2 }\n");
	BoeError err;
	Buf before = {0}, after = {0};
	report_scenario_file(s, &before);
	int middle = scenario_find(s, "middle"), line = s->q[middle].line;
	double composite = val(s, "composite_availability");
	assert_true(scenario_remove_define(s, "middle", &err));
	assert_int_equal(scenario_find(s, "middle"), -1);
	assert_true(scenario_remove_define(s, "first", &err) == false); /* last reads it */
	assert_true(scenario_restore_define(s, "middle", &err));
	int q = scenario_find(s, "middle");
	assert_int_equal(q, middle);
	assert_string_equal(s->q[q].note, "a note");
	assert_string_equal(s->q[q].ask, "How big is one?");
	assert_int_equal(s->q[q].line, line);
	assert_int_equal(s->q[q].origin, ORIGIN_DEFINE);
	assert_string_equal(s->q[q].text, s->q[q].file_text);
	assert_int_equal(scenario_find(s, "first") + 1, q);
	assert_int_equal(scenario_find(s, "last") - 1, q);
	assert_true(s->checks[0].ok);
	assert_int_equal(s->checks[0].q, scenario_find(s, "last"));
	assert_double_equal(val(s, "composite_availability"), composite, 0);
	report_scenario_file(s, &after);
	assert_string_equal(after.s, before.s);
	/* two out, then back in the reverse order: the same file */
	assert_true(scenario_remove_define(s, "middle", &err));
	assert_true(scenario_remove_define(s, "spare", &err));
	assert_false(scenario_remove_define(s, "last", &err)); /* it has an expectation */
	buf_free(&after);
	assert_true(scenario_restore_define(s, "spare", &err));
	assert_true(scenario_restore_define(s, "middle", &err));
	report_scenario_file(s, &after);
	assert_string_equal(after.s, before.s);
	/* never removed, or its name taken again */
	assert_false(scenario_restore_define(s, "middle", &err));
	assert_contains(err.msg, "no quantity 'middle' was removed");
	assert_true(scenario_remove_define(s, "middle", &err));
	assert_true(scenario_add_define(s, "middle", "7", &err));
	assert_false(scenario_restore_define(s, "middle", &err));
	assert_contains(err.msg, "exists already");
	buf_free(&before);
	buf_free(&after);
	scenario_free(s);
}

static void test_changes_read_back_after_a_save(void **state)
{
	(void)state;
	Scenario *s = tu_load(two_tiers);
	BoeError err;
	assert_true(scenario_add_tier(s, 0, "dns", "99.95%", "2", &err));
	assert_true(scenario_remove_tier(s, 1, &err));
	assert_true(scenario_add_hop(s, 2, "render", "25 ms", &err));
	assert_true(scenario_remove_hop(s, 0, &err));
	assert_true(scenario_set_block_input(s, s->q_target, "60 ms", &err));
	assert_true(scenario_add_define(s, "rps_per_tier", "peak_qps / 2", &err));
	assert_true(scenario_override(s, "dau", "20M", NULL, &err));
	Buf b = {0};
	report_scenario_file(s, &b);
	Scenario *r = tu_load(b.s);
	buf_free(&b);
	assert_int_equal(r->ntiers, 2);
	assert_string_equal(r->tiers[0].name, "dns");
	assert_string_equal(r->tiers[1].name, "app");
	assert_int_equal(r->nhops, 2);
	assert_string_equal(r->hops[1].name, "render");
	const char *names[] = {"composite_availability", "latency_total", "latency_margin", "rps_per_tier",
			       "peak_qps", "storage_total"};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		assert_double_equal(val(r, names[i]), val(s, names[i]), 1e-9 * fabs(val(s, names[i])));
	scenario_free(r);
	scenario_free(s);
}

static void test_traffic_shapes(void **state)
{
	(void)state;
	for (int sh = 0; sh < SHAPE_COUNT; sh++) {
		int peak_at = -1;
		for (int n = 24; n <= 192; n *= 2) {
			double *v = malloc((size_t)n * sizeof *v);
			traffic_day_curve((TrafficShape)sh, 100, 300, v, n);
			double sum = 0, mx = 0;
			int im = 0;
			for (int i = 0; i < n; i++) {
				sum += v[i];
				if (v[i] > mx) {
					mx = v[i];
					im = i;
				}
			}
			assert_double_equal(mx, 300, 1e-6);
			assert_double_equal(sum / n, 100, 2);
			/* the same hour at every width */
			int hour = (int)((im + 0.5) * 24 / n);
			if (peak_at < 0)
				peak_at = hour;
			assert_int_equal(hour, peak_at);
			assert_int_equal(hour, (int)traffic_peak_hour((TrafficShape)sh));
			free(v);
		}
	}
	/* a peak below the average draws flat at the average, never under it */
	double v[48];
	traffic_day_curve(SHAPE_DIURNAL, 100, 50, v, 48);
	for (int i = 0; i < 48; i++)
		assert_double_equal(v[i], 100, 0);
	/* the spike is a spike: most of the day far below the peak */
	traffic_day_curve(SHAPE_SPIKE, 10, 1000, v, 48);
	int low = 0;
	for (int i = 0; i < 48; i++)
		low += v[i] < 100;
	assert_true(low > 40);
	/* flat stays within a factor of 2 */
	traffic_day_curve(SHAPE_FLAT, 100, 130, v, 48);
	for (int i = 0; i < 48; i++)
		assert_true(v[i] > 65);
}

static void test_traffic_key(void **state)
{
	(void)state;
	Scenario *s = tu_load("boe: 1\ntraffic:\n  shape: spike\n");
	assert_int_equal(s->shape, SHAPE_SPIKE);
	assert_true(s->shape_set);
	Buf b = {0};
	report_scenario_file(s, &b);
	assert_contains(b.s, "traffic:\n  shape: spike\n");
	Scenario *r = tu_load(b.s);
	assert_int_equal(r->shape, SHAPE_SPIKE);
	buf_free(&b);
	scenario_free(r);
	scenario_free(s);
	s = tu_default();
	assert_int_equal(s->shape, SHAPE_DIURNAL);
	assert_false(s->shape_set);
	scenario_free(s);
	char msg[1024];
	const char *y = "boe: 1\ntraffic:\n  shape: flt\n";
	tu_load_error(y, strlen(y), "e.yaml", msg);
	assert_contains(msg, "e.yaml:3:10");
	assert_contains(msg, "did you mean 'flat'");
	y = "boe: 1\ntraffic:\n  shap: flat\n";
	tu_load_error(y, strlen(y), "e.yaml", msg);
	assert_contains(msg, "did you mean 'shape'");
	y = "boe: 1\ntraffic: {}\n";
	tu_load_error(y, strlen(y), "e.yaml", msg);
	assert_contains(msg, "needs 'shape:'");
}

static void test_implausible(void **state)
{
	(void)state;
	Scenario *s = tu_default();
	BoeError err;
	char why[200];
	for (size_t i = 0; i < s->nq; i++)
		assert_false(scenario_implausible(s, (int)i, why, sizeof why));
	assert_true(scenario_override(s, "peak_factor", "0.5", NULL, &err));
	assert_true(scenario_implausible(s, scenario_find(s, "peak_factor"), why, sizeof why));
	assert_contains(why, "below 1");
	assert_true(scenario_override(s, "target_utilization", "97%", NULL, &err));
	assert_true(scenario_implausible(s, scenario_find(s, "target_utilization"), why, sizeof why));
	assert_contains(why, "90%");
	scenario_free(s);
}

static void test_one_system_of_prefixes_per_line(void **state)
{
	(void)state;
	/* object_size written in KiB: the storage line that reads it does not mix KiB with GB */
	Scenario *s = tu_load("boe: 1\nset:\n  object_size: 512 KiB\n");
	int q = scenario_find(s, "raw_storage_per_day");
	assert_not_contains(s->q[q].substituted, "KiB");
	assert_contains(s->q[q].substituted, "KB");
	int o = scenario_find(s, "object_size");
	assert_contains(s->q[o].shown, "KiB");
	scenario_free(s);
}

static void test_compare_short_text(void **state)
{
	(void)state;
	char t[32];
	compare_short_text(100, 100, t, sizeof t);
	assert_string_equal(t, "=");
	compare_short_text(100, 120, t, sizeof t);
	assert_string_equal(t, "+20%");
	compare_short_text(100, 65, t, sizeof t);
	assert_string_equal(t, "-35%");
	compare_short_text(100, 320, t, sizeof t);
	assert_string_equal(t, "\u00d73.2");
	compare_short_text(100, 25, t, sizeof t);
	assert_string_equal(t, "\u00f74");
	compare_short_text(NAN, 1, t, sizeof t);
	assert_string_equal(t, "new");
	/* equal as boe compares: within 1e-9 relative, the same rule as compare_values */
	compare_short_text(0.3, 0.1 * 3, t, sizeof t);
	assert_string_equal(t, "=");
	compare_short_text(0, 5, t, sizeof t);
	assert_string_equal(t, "up");
	compare_short_text(5, -5, t, sizeof t);
	assert_string_equal(t, "down");
	Scenario *s = tu_default(), *b = tu_default();
	BoeError err;
	assert_true(scenario_override(s, "dau", "20M", NULL, &err));
	Buf out = {0};
	report_markdown_baseline(s, b, &out);
	assert_contains(out.s, "| `dau` | 10M | 20M | \u00d72 |");
	assert_not_contains(out.s, "`object_size`");
	buf_free(&out);
	scenario_free(s);
	scenario_free(b);
}

/* A scenario of n tiers and n hops, each tier 99.99% and each hop 1 ms. */
static char *blocks_yaml(int n)
{
	Buf b = {0};
	buf_add(&b, "boe: 1\navailability:\n  tiers:\n");
	for (int i = 0; i < n; i++)
		buf_printf(&b, "    - { name: t%d, availability: 99.99%% }\n", i);
	buf_add(&b, "latency_budget:\n  target: 10 s\n  hops:\n");
	for (int i = 0; i < n; i++)
		buf_printf(&b, "    - { name: h%d, time: 1 ms }\n", i);
	return b.s;
}

/*
 * SCENARIO_MAX_BLOCK tiers and hops load and compute; one more is refused
 * where it is written, by the loader and by the workbench, and not as an
 * error in an expression the file never wrote.
 */
static void test_block_limits(void **state)
{
	(void)state;
	int n = SCENARIO_MAX_BLOCK;
	char *text = blocks_yaml(n);
	Scenario *s = tu_load(text);
	assert_int_equal(s->ntiers, n);
	assert_int_equal(s->nhops, n);
	assert_double_equal(val(s, "composite_availability"), pow(0.9999, n), 1e-12);
	assert_double_equal(val(s, "latency_total"), n * 1e-3, 1e-9);
	BoeError err;
	assert_false(scenario_add_tier(s, 0, "one more", "99%", NULL, &err));
	assert_contains(err.msg, "at most 500 availability tiers");
	assert_false(scenario_add_hop(s, 0, "one more", "1 ms", &err));
	assert_contains(err.msg, "at most 500 hops");
	assert_int_equal(s->ntiers, n);
	assert_int_equal(s->nhops, n);
	scenario_free(s);
	free(text);
	/* one tier more: the error names its line (3 lines before the tiers: the 501st on line 504) */
	text = blocks_yaml(n + 1);
	s = scenario_load_string(text, strlen(text), "many.yaml", &err);
	assert_null(s);
	assert_int_equal(err.line, 3 + n + 1);
	assert_int_equal(err.col, 7);
	assert_contains(err.msg, "tier 501: a scenario has at most 500 availability tiers");
	free(text);
	/* and one hop more (4 lines before the hops) */
	Buf b = {0};
	buf_add(&b, "boe: 1\nlatency_budget:\n  target: 10 s\n  hops:\n");
	for (int i = 0; i <= n; i++)
		buf_printf(&b, "    - { name: h%d, time: 1 ms }\n", i);
	s = scenario_load_string(b.s, b.len, "many.yaml", &err);
	assert_null(s);
	assert_int_equal(err.line, 4 + n + 1);
	assert_contains(err.msg, "hop 501: a latency budget has at most 500 hops");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tiers_added_and_removed),
		cmocka_unit_test(test_removing_what_a_define_reads_is_refused),
		cmocka_unit_test(test_block_inputs),
		cmocka_unit_test(test_hops_added_and_removed),
		cmocka_unit_test(test_block_limits),
		cmocka_unit_test(test_defines_added_and_removed),
		cmocka_unit_test(test_a_removed_define_comes_back_where_it_stood),
		cmocka_unit_test(test_changes_read_back_after_a_save),
		cmocka_unit_test(test_traffic_shapes),
		cmocka_unit_test(test_traffic_key),
		cmocka_unit_test(test_implausible),
		cmocka_unit_test(test_one_system_of_prefixes_per_line),
		cmocka_unit_test(test_compare_short_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
