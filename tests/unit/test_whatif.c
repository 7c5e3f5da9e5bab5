/*
 * The what-if module: solve answers fed back through a full compute give
 * their target (on the default scenario, with figures worked out by hand, and
 * on every preset for a few result/input pairs), each error a person can get,
 * comparisons in every format, sweeps with the change points of step results.
 */
#include <dirent.h>

#include "testutil.h"
#include "boe/numeric.h"
#include "boe/whatif.h"

/* name's value once input is set to text, by a full compute of a fresh copy. */
static double fed_back(const Scenario *s, const char *name, const char *input, const char *text)
{
	BoeError err;
	Scenario *c = whatif_copy(s, &err);
	assert_non_null(c);
	if (!scenario_override(c, input, text, "--set", &err)) {
		print_error("--set %s=%s: %s\n", input, text, err.msg);
		fail();
	}
	double v = tu_val(c, name);
	scenario_free(c);
	return v;
}

static void solve_ok(const Scenario *s, const char *name, const char *target, const char *input,
		     SolveResult *r)
{
	BoeError err;
	if (!whatif_solve(s, name, target, input, r, &err)) {
		print_error("solve %s=%s --for %s: %s\n", name, target, input, err.msg);
		fail();
	}
}

static void solve_error(const Scenario *s, const char *name, const char *target, const char *input,
			const char *part)
{
	BoeError err;
	SolveResult r;
	if (whatif_solve(s, name, target, input, &r, &err)) {
		print_error("solve %s=%s --for %s should fail, gave %s\n", name, target, input, r.shown);
		solve_result_free(&r);
		fail();
	}
	assert_contains(err.msg, part);
}

/* peak_qps = dau × 20/day × 3: 20K/s needs 20000 × 86400 / 60 = 28.8M users. */
/*
 * The private copy solve and sweep work on is the scenario as it stands:
 * after a --set, an added quantity, a tier's availability changed, a tier
 * and a hop added, a hop's time and the target changed, every value of the
 * copy is the original's, and solving for the added quantity works.
 */
static void test_copy_carries_every_edit(void **state)
{
	(void)state;
	BoeError err;
	Scenario *s = scenario_load_file("presets/cake-shop-2.yaml", &err);
	assert_non_null(s);
	assert_true(scenario_compute(s, &err));
	assert_true(s->ntiers > 0);
	assert_true(scenario_override(s, "dau", "3M", "--set", &err));
	assert_true(scenario_add_define(s, "orders_kept", "avg_write_qps * 30 day", &err));
	assert_true(scenario_set_block_input(s, s->tiers[0].q_avail, "99.5%", &err));
	assert_true(scenario_add_tier(s, 99, "extra", "99.9%", "2", &err));
	assert_true(scenario_add_hop(s, 99, "edge", "30 ms", &err));
	assert_true(scenario_set_block_input(s, s->hops[0].q_time, "12 ms", &err));
	assert_true(scenario_set_block_input(s, s->q_target, "250 ms", &err));
	assert_true(scenario_compute(s, &err));
	Scenario *c = whatif_copy(s, &err);
	if (!c)
		fail_msg("copy: %s", err.msg);
	assert_int_equal(c->ntiers, s->ntiers);
	assert_int_equal(c->nhops, s->nhops);
	size_t listed = 0;
	for (size_t i = 0; i < s->nq; i++) {
		if (s->q[i].hidden)
			continue;
		int k = scenario_find(c, s->q[i].name);
		if (k < 0)
			fail_msg("the copy has no %s", s->q[i].name);
		if (!(c->q[k].value == s->q[i].value))
			fail_msg("%s: the copy has %.17g, the scenario %.17g", s->q[i].name, c->q[k].value,
				 s->q[i].value);
		listed++;
	}
	assert_true(listed > 40);
	assert_true(c->q[c->q_composite].value == s->q[s->q_composite].value);
	assert_true(c->q[c->q_total].value == s->q[s->q_total].value);
	scenario_free(c);
	/* solving for the added quantity: as many daily users as give it twice its value */
	double kept = tu_val(s, "orders_kept");
	char target[64];
	snprintf(target, sizeof target, "%.17g", 2 * kept);
	SolveResult r;
	solve_ok(s, "orders_kept", target, "dau", &r);
	assert_near(r.answer, 6e6, 1e-6);
	solve_result_free(&r);
	scenario_free(s);
}

static void test_solve_continuous(void **state)
{
	(void)state;
	Scenario *s = tu_default();
	SolveResult r;
	solve_ok(s, "peak_qps", "20K/s", "dau", &r);
	assert_false(r.step);
	assert_true(r.rising);
	assert_near(r.answer, 28.8e6, 1e-9);
	assert_string_equal(r.shown, "28.8M");
	assert_near(fed_back(s, "peak_qps", "dau", r.set_text), 20000, 1e-9);
	/* the derivation runs from dau's first user to peak_qps */
	assert_true(r.nsteps >= 4);
	assert_string_equal(r.steps[0].name, "request_rate");
	assert_string_equal(r.steps[r.nsteps - 1].name, "peak_qps");
	solve_result_free(&r);
	/* the scenario given is left as it was */
	assert_near(tu_val(s, "dau"), 10e6, 1e-12);
	/* a target may name quantities: twice today's storage needs twice the retention */
	solve_ok(s, "storage_total", "2 * storage_total", "retention", &r);
	assert_near(r.answer, 10 * TU_YEAR, 1e-9);
	solve_result_free(&r);
	/* falling: the share of reads a CDN must serve to bring origin egress to 1 MB/s */
	solve_ok(s, "origin_egress_peak", "1 MB/s", "cdn_hit_ratio", &r);
	assert_false(r.rising);
	/* egress_peak = 10M × 20/86400 × 100/101 × 3 × 1 KB = 6.875 MB/s */
	double egress = 10e6 * 20 / TU_DAY * 100 / 101 * 3 * 1000;
	assert_near(r.answer, 1 - 1e6 / egress, 1e-9);
	assert_near(fed_back(s, "origin_egress_peak", "cdn_hit_ratio", r.set_text), 1e6, 1e-9);
	solve_result_free(&r);
	/* a derived input is replaced by a value: peak_qps = 3 × avg_read_qps + 3 × avg_write_qps */
	solve_ok(s, "peak_qps", "9K/s", "avg_read_qps", &r);
	assert_near(r.answer, 3000 - 10e6 * 20 / TU_DAY / 101, 1e-9);
	solve_result_free(&r);
	scenario_free(s);
}

/* servers = ceil(origin_qps / 1K/s) + 1 at this load: 10 servers carry origin_qps up to 9K/s,
   that is dau up to 9000 × 86400 / 60 = 12.96M. */
static void test_solve_step(void **state)
{
	(void)state;
	Scenario *s = tu_default();
	SolveResult r;
	solve_ok(s, "servers", "10", "dau", &r);
	assert_true(r.step);
	assert_true(r.rising);
	assert_true(r.answer <= 12.96e6);
	assert_true(r.answer >= 12.9e6);
	assert_string_equal(r.set_text, "12.9M");
	assert_near(r.reached, 10, 0);
	assert_near(fed_back(s, "servers", "dau", r.set_text), 10, 0);
	/* just above the limit, one more server */
	assert_near(r.beyond, 11, 0);
	assert_true(r.beyond_at > 12.96e6 * (1 - 1e-12) && r.beyond_at < 12.96e6 * (1 + 1e-9));
	char text[64];
	snprintf(text, sizeof text, "%.17g", 12.96e6 * (1 + 1e-9));
	assert_near(fed_back(s, "servers", "dau", text), 11, 0);
	solve_result_free(&r);
	/* falling: the slowest servers that still fit in 10: 6944.4/s / 9 = 771.6/s */
	solve_ok(s, "servers", "10", "server_rps", &r);
	assert_true(r.step);
	assert_false(r.rising);
	double need = 10e6 * 20 / TU_DAY * 3 / 9;
	assert_true(r.answer >= need);
	assert_true(r.answer < need * 1.001);
	assert_near(fed_back(s, "servers", "server_rps", r.set_text), 10, 0);
	assert_near(r.beyond, 11, 0);
	solve_result_free(&r);
	/* shards: one shard holds 1 TB, which dau = 1e12 / (20/86400 / 101 × 1 KB × 3 × 5 years) fills */
	solve_ok(s, "shards", "1", "dau", &r);
	double limit = 1e12 / (20 / TU_DAY / 101 * 1000 * 3 * 5 * TU_YEAR);
	assert_true(r.answer <= limit);
	assert_true(r.answer > limit * 0.995);
	assert_near(fed_back(s, "shards", "dau", r.set_text), 1, 0);
	assert_near(r.beyond, 2, 0);
	solve_result_free(&r);
	scenario_free(s);
}

static void test_solve_errors(void **state)
{
	(void)state;
	Scenario *s = tu_default();
	/* below the spare server */
	solve_error(s, "servers", "1", "dau", "servers is at least 2 for any dau");
	/* more than a trillion times the users */
	solve_error(s, "peak_qps", "1e30/s", "dau", "cannot reach");
	solve_error(s, "peak_qps", "1e30/s", "dau", "at most");
	/* the whole day's reads cached cannot make 1 TB */
	solve_error(s, "cache_memory", "1 TB", "hot_fraction", "at most");
	solve_error(s, "peak_qps", "10 GB", "dau", "target '10 GB' is data, but peak_qps is 1/time");
	solve_error(s, "peak_qsp", "10/s", "dau", "did you mean 'peak_qps'");
	solve_error(s, "peak_qps", "10/s", "daus", "did you mean 'dau'");
	solve_error(s, "sla", "99%", "dau", "sla does not depend on dau");
	solve_error(s, "peak_qps", "10 +", "dau", "");
	solve_error(s, "dau", "10", "dau", "for itself");
	scenario_free(s);
	/* the URL shortener sets avg_write_qps: dau no longer reaches servers */
	Scenario *u = tu_load("boe: 1\nname: u\nset:\n  avg_write_qps: 100M / month\n");
	solve_error(u, "servers", "10", "dau",
		    "servers does not depend on dau: avg_write_qps is set (100M / month), so dau no longer matters");
	scenario_free(u);
	/* cost is lowest at load 5: two loads give each cost */
	Scenario *v = tu_load("boe: 1\nname: v\ndefine:\n  load: 2\n  cost: (load - 5) * (load - 5) + 1\n");
	solve_error(v, "cost", "10", "load", "cost is not monotone in load");
	scenario_free(v);
	/* a step result that never goes over its target in the searched range */
	Scenario *w = tu_load("boe: 1\nname: w\ndefine:\n  load: 2\n  bins: min(ceil(load), 3)\n");
	solve_error(w, "bins", "5", "load", "stays at or under 5");
	scenario_free(w);
}

/* Every preset, a few (result, input) pairs: an answer always gives its target when fed back. */
static void test_solve_presets(void **state)
{
	(void)state;
	static const struct { const char *name, *input; bool step; } pairs[] = {
		{"peak_qps", "dau", false}, {"storage_total", "retention", false},
		{"egress_peak", "response_size", false}, {"servers", "dau", true},
		{"shards", "dau", true}, {"servers", "server_rps", true},
		{"cache_memory", "hot_fraction", false},
	};
	const char *dirpath = FIXTURESDIR "/../../presets";
	DIR *dir = opendir(dirpath);
	assert_non_null(dir);
	int presets = 0, answers = 0, refused = 0;
	struct dirent *e;
	while ((e = readdir(dir))) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".yaml") != 0)
			continue;
		char *path = xasprintf("%s/%s", dirpath, e->d_name);
		BoeError err;
		Scenario *s = scenario_load_file(path, &err);
		assert_non_null(s);
		assert_true(scenario_compute(s, &err));
		presets++;
		for (size_t k = 0; k < ARRAY_LEN(pairs); k++) {
			int qn = scenario_find(s, pairs[k].name), qi = scenario_find(s, pairs[k].input);
			double now = s->q[qn].value;
			/* a target away from today's value: twice it, or three more */
			char target[64];
			if (pairs[k].step)
				snprintf(target, sizeof target, "%.17g", now + 3);
			else
				snprintf(target, sizeof target, "2 * %s", pairs[k].name);
			double want = pairs[k].step ? now + 3 : 2 * now;
			SolveResult r;
			if (!whatif_solve(s, pairs[k].name, target, pairs[k].input, &r, &err)) {
				/* only for a reason a person is told */
				bool known = strstr(err.msg, "does not depend") || strstr(err.msg, "cannot") ||
					     strstr(err.msg, "not monotone") || strstr(err.msg, "stays at");
				if (!known)
					print_error("%s: solve %s --for %s: %s\n", e->d_name, pairs[k].name,
						    pairs[k].input, err.msg);
				assert_true(known);
				if (strstr(err.msg, "does not depend"))
					assert_false(whatif_depends(s, qn, qi));
				refused++;
				continue;
			}
			answers++;
			double got = fed_back(s, pairs[k].name, pairs[k].input, r.set_text);
			if (num_cmp(got, r.reached) != 0 || (r.step && num_cmp(got, want) > 0))
				print_error("%s: solve %s=%s --for %s gave %s=%s: %s = %.17g, reached %.17g\n", e->d_name,
					    pairs[k].name, target, pairs[k].input, pairs[k].input, r.set_text,
					    pairs[k].name, got, r.reached);
			if (r.step) {
				/* at or under the target, and over it just past the answer */
				assert_true(num_cmp(got, want) <= 0);
				assert_near(got, r.reached, 0);
				assert_true(r.beyond > want);
			} else {
				assert_near(got, want, 1e-6);
			}
			assert_int_equal(r.step, pairs[k].step);
			solve_result_free(&r);
		}
		scenario_free(s);
		free(path);
	}
	closedir(dir);
	print_message("%d presets: %d answers fed back, %d refused with a reason\n", presets, answers, refused);
	assert_true(presets >= 33);
	/* most pairs have an answer: the test cannot pass by refusing everything */
	assert_true(answers > presets * 3);
}

static void test_compare(void **state)
{
	(void)state;
	Scenario *list[2] = {tu_default(), tu_default()};
	tu_set(list[1], "dau", "50M");
	const char *labels[2] = {"default", "default --set dau=50M"};
	Comparison *c = compare_new(list, labels, 2);
	int peak = -1, sla = -1;
	for (size_t i = 0; i < c->nrows; i++) {
		if (strcmp(c->rows[i].name, "peak_qps") == 0)
			peak = (int)i;
		if (strcmp(c->rows[i].name, "sla") == 0)
			sla = (int)i;
	}
	assert_true(peak >= 0 && sla >= 0);
	assert_true(c->rows[peak].differs);
	assert_true(c->rows[peak].diff[1].has_ratio);
	assert_near(c->rows[peak].diff[1].ratio, 5, 1e-12);
	assert_false(c->rows[sla].differs);
	/* every listed quantity once, by section */
	int order[512];
	assert_int_equal(c->nrows, scenario_display_order(list[0], order));
	for (size_t i = 1; i < c->nrows; i++)
		assert_true(c->rows[i].section >= c->rows[i - 1].section);
	Buf b = {0};
	compare_write(c, WF_TEXT, false, NULL, &b);
	assert_contains(b.s, "default --set dau=50M");
	assert_contains(b.s, "* peak_qps");
	assert_contains(b.s, "×5");
	assert_contains(b.s, "  sla ");
	buf_clear(&b);
	compare_write(c, WF_TEXT, true, NULL, &b);
	assert_contains(b.s, "* peak_qps");
	assert_not_contains(b.s, " sla ");
	buf_clear(&b);
	compare_write(c, WF_MARKDOWN, true, NULL, &b);
	assert_contains(b.s, "| quantity | default | default --set dau=50M | ratio |");
	assert_contains(b.s, "| **peak\\_qps** | 6.94K/s | 34.7K/s | ×5 |");
	assert_not_contains(b.s, "sla");
	buf_clear(&b);
	compare_write(c, WF_JSON, false, NULL, &b);
	assert_contains(b.s, "{\"name\": \"dau\", \"section\": \"Traffic\", \"unit\": \"\", \"differs\": true,\n     \"values\": [10000000, 50000000], \"display\": [\"10M\", \"50M\"], \"ratios\": [1, 5]}");
	assert_contains(b.s, "\"name\": \"sla\", \"section\": \"Availability\", \"unit\": \"\", \"differs\": false");
	buf_free(&b);
	compare_free(c);
	scenario_free(list[0]);
	scenario_free(list[1]);
	/* the value comparison the interface's baseline uses */
	ValueDiff d = compare_values(0, DIM_NONE, 3, DIM_NONE);
	assert_true(d.differs);
	assert_false(d.has_ratio);
	char t[64];
	compare_ratio_text(&d, t, sizeof t);
	assert_string_equal(t, "new");
	d = compare_values(2, DIM_TIME, 2 * (1 + 1e-12), DIM_TIME);
	assert_false(d.differs);
	d = compare_values(2, DIM_TIME, 2, DIM_DATA);
	assert_true(d.differs);
	assert_false(d.has_ratio);
	compare_change_text(10e6, 50e6, DIM_NONE, NULL, NULL, t, sizeof t);
	assert_string_equal(t, "×5, was 10M");
	compare_change_text(10e6, 10e6, DIM_NONE, NULL, NULL, t, sizeof t);
	assert_string_equal(t, "");
}

static void test_compare_defines(void **state)
{
	(void)state;
	Scenario *list[2] = {tu_default(), tu_load("boe: 1\nname: b\ndefine:\n  extra: 5 GB\n")};
	Comparison *c = compare_new(list, NULL, 2);
	const CompareRow *r = &c->rows[c->nrows - 1];
	assert_string_equal(r->name, "extra");
	assert_int_equal(r->q[0], -1);
	assert_true(r->differs);
	Buf b = {0};
	compare_write(c, WF_JSON, true, NULL, &b);
	assert_contains(b.s, "\"values\": [null, 5000000000], \"display\": [null, \"5 GB\"], \"ratios\": [null, null]");
	buf_free(&b);
	compare_free(c);
	scenario_free(list[0]);
	scenario_free(list[1]);
}

static void test_sweep(void **state)
{
	(void)state;
	Scenario *s = tu_default();
	Sweep w;
	BoeError err;
	assert_true(whatif_sweep(s, "dau", "1M..1B", 10, NULL, 0, 60, &w, &err));
	assert_true(w.log);
	assert_int_equal(w.nrows, 10);
	assert_int_equal(w.ncols, SWEEP_DEFAULT_SHOW);
	assert_string_equal(w.names[0], "peak_qps");
	assert_near(w.x[0], 1e6, 1e-15);
	assert_near(w.x[9], 1e9, 1e-15);
	assert_near(w.x[1], 1e6 * pow(1000, 1.0 / 9), 1e-12);
	/* peak_qps = dau × 20/86400 × 3 */
	assert_near(w.v[0], 1e6 * 60 / TU_DAY, 1e-12);
	assert_near(w.v[9 * w.ncols], 1e9 * 60 / TU_DAY, 1e-12);
	assert_true(w.step[3]);		/* servers */
	assert_false(w.step[0]);
	assert_near(w.v[6], 0, 0); /* monthly_cost: no prices, $0 */
	assert_int_equal(w.npoints, 60);
	Buf b = {0};
	sweep_write(&w, WF_TEXT, &b);
	assert_contains(b.s, "dau from 1M to 1B in 10 steps (log-spaced), default");
	assert_contains(b.s, "peak_qps against dau");
	assert_contains(b.s, "servers 2 → 3 at dau ≈ 1.44M");
	buf_free(&b);
	sweep_free(&w);
	scenario_free(s);
}

/* shards 1 → 2 where 1 TB fills: dau = 1e12 / (20/86400 / 101 × 1 KB × 3 × 5 years) = 922,374 */
static void test_sweep_changes(void **state)
{
	(void)state;
	Scenario *s = tu_default();
	Sweep w;
	BoeError err;
	const char *show[] = {"shards", "storage_total"};
	assert_true(whatif_sweep(s, "dau", "100K..1M", 4, show, 2, 0, &w, &err));
	assert_int_equal(w.npoints, 0);
	double limit = 1e12 / (20 / TU_DAY / 101 * 1000 * 3 * 5 * TU_YEAR);
	assert_int_equal(w.nchanges, 1);
	const SweepChange *c = &w.changes[0];
	assert_int_equal(c->col, 0);
	assert_near(c->from, 1, 0);
	assert_near(c->to, 2, 0);
	assert_true(c->single);
	assert_near(c->at, limit, 1e-9);
	assert_int_equal(c->row, 3);
	char t[128];
	sweep_change_text(&w, c, t, sizeof t);
	assert_string_equal(t, "shards 1 → 2 at dau ≈ 922K");
	Buf b = {0};
	sweep_write(&w, WF_CSV, &b);
	assert_contains(b.s, "dau,shards,storage_total,changes\n100000,1,");
	assert_contains(b.s, "1000000,2,");
	assert_contains(b.s, ",shards 1 → 2 at dau ≈ 922K\n");
	buf_clear(&b);
	sweep_write(&w, WF_JSON, &b);
	assert_contains(b.s, "\"changes\": [\n    {\"name\": \"shards\", \"row\": 3, \"from\": 1, \"to\": 2, \"at\": 922374");
	buf_clear(&b);
	sweep_write(&w, WF_MARKDOWN, &b);
	assert_contains(b.s, "| dau | shards | storage\\_total |\n|---:|---:|---:|\n| 100K | 1 |");
	assert_contains(b.s, "| **1M** | 2 |");
	assert_contains(b.s, "- shards 1 → 2 at dau ≈ 922K");
	buf_free(&b);
	sweep_free(&w);
	/* several steps between two rows: the first and the last change */
	const char *one[] = {"servers"};
	assert_true(whatif_sweep(s, "dau", "10M..20M", 2, one, 1, 0, &w, &err));
	assert_int_equal(w.nchanges, 1);
	assert_false(w.changes[0].single);
	/* servers = ceil(dau × 60/86400 / 1000) + 1: 8 → 9 past 10.08M users, 14 → 15 past 20.16M... */
	assert_near(w.changes[0].from, 8, 0);
	assert_near(w.changes[0].to, 15, 0);
	assert_near(w.changes[0].at, 7000 * TU_DAY / 60, 1e-9);
	assert_near(w.changes[0].last_at, 13000 * TU_DAY / 60, 1e-9);
	sweep_free(&w);
	/* linear when an end is not positive; a unit after HI applies to a bare LO */
	assert_true(whatif_sweep(s, "object_size", "0..2 KB", 3, one, 1, 0, &w, &err));
	assert_false(w.log);
	assert_near(w.x[1], 1000, 1e-12);
	sweep_free(&w);
	scenario_free(s);
}

static void test_sweep_errors(void **state)
{
	(void)state;
	Scenario *s = tu_default();
	Sweep w;
	BoeError err;
	assert_false(whatif_sweep(s, "dau", "1M", 10, NULL, 0, 0, &w, &err));
	assert_contains(err.msg, "expected INPUT=LO..HI");
	assert_false(whatif_sweep(s, "dau", "1M..1 GB", 10, NULL, 0, 0, &w, &err));
	assert_contains(err.msg, "is data, but dau is count");
	assert_false(whatif_sweep(s, "cdn_hit_ratio", "0..150%", 10, NULL, 0, 0, &w, &err));
	assert_contains(err.msg, "fraction");
	assert_false(whatif_sweep(s, "dau", "1M..1M", 10, NULL, 0, 0, &w, &err));
	assert_contains(err.msg, "one value");
	assert_false(whatif_sweep(s, "dau", "1M..1B", 1, NULL, 0, 0, &w, &err));
	assert_contains(err.msg, "--steps");
	const char *bad[] = {"servres"};
	assert_false(whatif_sweep(s, "dau", "1M..1B", 10, bad, 1, 0, &w, &err));
	assert_contains(err.msg, "did you mean 'servers'");
	scenario_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy_carries_every_edit),
		cmocka_unit_test(test_solve_continuous),
		cmocka_unit_test(test_solve_step),
		cmocka_unit_test(test_solve_errors),
		cmocka_unit_test(test_solve_presets),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_compare_defines),
		cmocka_unit_test(test_sweep),
		cmocka_unit_test(test_sweep_changes),
		cmocka_unit_test(test_sweep_errors),
	};
	return cmocka_run_group_tests_name("whatif", tests, NULL, NULL);
}
