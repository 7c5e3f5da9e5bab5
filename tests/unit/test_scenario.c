/*
 * The scenario model: the standard quantities of spec §3 against values
 * worked out here from their formulas (a reference model written from the
 * spec, not from boe), set values and --set overrides, reset, dependency
 * order, cycles, unused quantities, dimension and range checks, availability
 * tiers, the latency budget and expect checks.
 */
#include "testutil.h"

/* ---- the spec's table, transcribed ---- */

static const struct { const char *name, *unit, *def; } spec_table[] = {
	{"dau", "count", "10M"},
	{"requests_per_user", "1/time", "20 / day"},
	{"reads_per_write", "factor", "100"},
	{"peak_factor", "factor", "3"},
	{"request_rate", "1/time", "dau * requests_per_user"},
	{"avg_write_qps", "1/time", "request_rate / (1 + reads_per_write)"},
	{"avg_read_qps", "1/time", "avg_write_qps * reads_per_write"},
	{"avg_qps", "1/time", "avg_read_qps + avg_write_qps"},
	{"peak_read_qps", "1/time", "avg_read_qps * peak_factor"},
	{"peak_write_qps", "1/time", "avg_write_qps * peak_factor"},
	{"peak_qps", "1/time", "peak_read_qps + peak_write_qps"},
	{"session_length", "time", "10 min"},
	{"concurrent_users", "count", "dau * session_length / day * peak_factor"},
	{"object_size", "data", "1 KB"},
	{"replication", "factor", "3"},
	{"storage_overhead", "factor", "1"},
	{"retention", "time", "5 year"},
	{"raw_storage_per_day", "data/time", "avg_write_qps * object_size"},
	{"storage_per_day", "data/time", "raw_storage_per_day * replication * storage_overhead"},
	{"storage_per_year", "data", "storage_per_day * year"},
	{"storage_total", "data", "storage_per_day * retention"},
	{"response_size", "data", "object_size"},
	{"egress_avg", "data/time", "avg_read_qps * response_size"},
	{"egress_peak", "data/time", "peak_read_qps * response_size"},
	{"ingress_avg", "data/time", "avg_write_qps * object_size"},
	{"ingress_peak", "data/time", "peak_write_qps * object_size"},
	{"cdn_hit_ratio", "fraction", "0"},
	{"origin_egress_peak", "data/time", "egress_peak * (1 - cdn_hit_ratio)"},
	{"origin_read_qps", "1/time", "peak_read_qps * (1 - cdn_hit_ratio)"},
	{"origin_qps", "1/time", "origin_read_qps + peak_write_qps"},
	{"service_time", "time", "20 ms"},
	{"concurrency", "count", "origin_qps * service_time"},
	{"target_utilization", "fraction", "70%"},
	{"pool_size", "count", "ceil(concurrency / target_utilization)"},
	{"server_rps", "1/time", "1000/s"},
	{"server_concurrency", "count", "200"},
	{"spare_servers", "count", "1"},
	{"servers", "count", "max(ceil(origin_qps / server_rps), ceil(pool_size / server_concurrency)) + spare_servers"},
	{"db_pool_per_server", "count", "10"},
	{"db_connections", "count", "servers * db_pool_per_server"},
	{"cache_hit_ratio", "fraction", "80%"},
	{"hot_fraction", "fraction", "20%"},
	{"cache_memory", "data", "avg_read_qps * day * response_size * hot_fraction"},
	{"db_read_qps", "1/time", "origin_read_qps * (1 - cache_hit_ratio)"},
	{"db_write_qps", "1/time", "peak_write_qps"},
	{"db_qps", "1/time", "db_read_qps + db_write_qps"},
	{"shard_storage", "data", "1 TB"},
	{"shard_write_qps", "1/time", "5000/s"},
	{"shards", "count", "max(ceil(storage_total / shard_storage), ceil(db_write_qps / shard_write_qps), 1)"},
	{"sla", "fraction", "99.9%"},
	{"downtime_per_year", "time", "(1 - sla) * year"},
	{"downtime_per_month", "time", "(1 - sla) * month"},
	{"downtime_per_week", "time", "(1 - sla) * week"},
	{"downtime_per_day", "time", "(1 - sla) * day"},
	{"error_budget_requests", "count", "(1 - sla) * avg_qps * month"},
	{"server_cost", "money/time", "0 $/month"},
	{"egress_price", "money/data", "0 $/GB"},
	{"storage_price", "money/data/time", "0 $/GB/month"},
	{"monthly_cost", "money", "servers * server_cost * month + egress_avg * month * egress_price + storage_total * storage_price * month"},
};

static bool same_ignoring_spaces(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a != *b)
			return false;
		if (!*a)
			return true;
		a++, b++;
	}
}

static void test_standard_table_matches_spec(void **state)
{
	(void)state;
	size_t n;
	const StdQuantity *t = std_quantities(&n);
	assert_int_equal(n, ARRAY_LEN(spec_table));
	for (size_t i = 0; i < ARRAY_LEN(spec_table); i++) {
		const StdQuantity *q = std_find(spec_table[i].name);
		if (!q) {
			print_error("standard quantity %s is missing\n", spec_table[i].name);
			fail();
		}
		if (strcmp(q->unit, spec_table[i].unit) != 0) {
			print_error("%s has unit %s, spec says %s\n", q->name, q->unit, spec_table[i].unit);
			fail();
		}
		if (!same_ignoring_spaces(q->def, spec_table[i].def)) {
			print_error("%s defaults to '%s', spec says '%s'\n", q->name, q->def, spec_table[i].def);
			fail();
		}
		assert_non_null(q->meaning);
		assert_true(q->meaning[0] != '\0');
	}
	assert_null(std_find("no_such_quantity"));
	assert_string_equal(section_name(SEC_TRAFFIC), "Traffic");
	assert_string_equal(section_name(SEC_CACHE_DB), "Cache & database");
	assert_string_equal(section_name(SEC_COST), "Cost");
	assert_string_equal(origin_name(ORIGIN_DEFAULT), "default");
	assert_string_equal(origin_name(ORIGIN_SET), "set");
	assert_string_equal(origin_name(ORIGIN_DEFINE), "define");
	assert_string_equal(origin_name(ORIGIN_OVERRIDE), "override");
	(void)t;
}

/* ---- a reference model of spec §3, worked in plain C ---- */

typedef struct Inputs {
	double dau, rpu, rpw, pf, session, object, response, repl, overhead, retention, cdn,
		service, util, server_rps, server_conc, spare, dbpool, cache_hit, hot, shard_storage, shard_wqps,
		sla, server_cost, egress_price, storage_price;
} Inputs;

static Inputs default_inputs(void)
{
	return (Inputs){
		.dau = 10e6, .rpu = 20 / TU_DAY, .rpw = 100, .pf = 3, .session = 600,
		.object = 1000, .response = 1000, .repl = 3, .overhead = 1, .retention = 5 * TU_YEAR,
		.cdn = 0, .service = 0.020, .util = 0.70, .server_rps = 1000, .server_conc = 200, .spare = 1,
		.dbpool = 10, .cache_hit = 0.80, .hot = 0.20, .shard_storage = 1e12,
		.shard_wqps = 5000, .sla = 0.999, .server_cost = 0, .egress_price = 0,
		.storage_price = 0,
	};
}

typedef struct Expected {
	const char *name;
	double value;
} Expected;

/* Fills out[] with every standard quantity computed from in; returns the count. */
static size_t reference(const Inputs *in, Expected *out)
{
	size_t k = 0;
#define PUT(n, v) (out[k++] = (Expected){n, (v)})
	double rr = in->dau * in->rpu;
	double w = rr / (1 + in->rpw);
	double r = w * in->rpw;
	double pr = r * in->pf, pw = w * in->pf;
	PUT("dau", in->dau);
	PUT("requests_per_user", in->rpu);
	PUT("reads_per_write", in->rpw);
	PUT("peak_factor", in->pf);
	PUT("request_rate", rr);
	PUT("avg_write_qps", w);
	PUT("avg_read_qps", r);
	PUT("avg_qps", r + w);
	PUT("peak_read_qps", pr);
	PUT("peak_write_qps", pw);
	PUT("peak_qps", pr + pw);
	PUT("session_length", in->session);
	PUT("concurrent_users", in->dau * in->session / TU_DAY * in->pf);
	PUT("object_size", in->object);
	PUT("replication", in->repl);
	PUT("storage_overhead", in->overhead);
	PUT("retention", in->retention);
	double raw = w * in->object, spd = raw * in->repl * in->overhead;
	PUT("raw_storage_per_day", raw);
	PUT("storage_per_day", spd);
	PUT("storage_per_year", spd * TU_YEAR);
	double total = spd * in->retention;
	PUT("storage_total", total);
	PUT("response_size", in->response);
	PUT("egress_avg", r * in->response);
	PUT("egress_peak", pr * in->response);
	PUT("ingress_avg", w * in->object);
	PUT("ingress_peak", pw * in->object);
	PUT("cdn_hit_ratio", in->cdn);
	PUT("origin_egress_peak", pr * in->response * (1 - in->cdn));
	double orq = pr * (1 - in->cdn), oq = orq + pw;
	PUT("origin_read_qps", orq);
	PUT("origin_qps", oq);
	PUT("service_time", in->service);
	double conc = oq * in->service;
	PUT("concurrency", conc);
	PUT("target_utilization", in->util);
	double pool = ceil(conc / in->util);
	PUT("pool_size", pool);
	PUT("server_rps", in->server_rps);
	PUT("server_concurrency", in->server_conc);
	PUT("spare_servers", in->spare);
	double servers = fmax(ceil(oq / in->server_rps), ceil(pool / in->server_conc)) + in->spare;
	PUT("servers", servers);
	PUT("db_pool_per_server", in->dbpool);
	PUT("db_connections", servers * in->dbpool);
	PUT("cache_hit_ratio", in->cache_hit);
	PUT("hot_fraction", in->hot);
	PUT("cache_memory", r * TU_DAY * in->response * in->hot);
	double dbr = orq * (1 - in->cache_hit);
	PUT("db_read_qps", dbr);
	PUT("db_write_qps", pw);
	PUT("db_qps", dbr + pw);
	PUT("shard_storage", in->shard_storage);
	PUT("shard_write_qps", in->shard_wqps);
	double s1 = ceil(total / in->shard_storage), s2 = ceil(pw / in->shard_wqps);
	PUT("shards", fmax(fmax(s1, s2), 1));
	PUT("sla", in->sla);
	PUT("downtime_per_year", (1 - in->sla) * TU_YEAR);
	PUT("downtime_per_month", (1 - in->sla) * TU_MONTH);
	PUT("downtime_per_week", (1 - in->sla) * TU_WEEK);
	PUT("downtime_per_day", (1 - in->sla) * TU_DAY);
	PUT("error_budget_requests", (1 - in->sla) * (r + w) * TU_MONTH);
	PUT("server_cost", in->server_cost);
	PUT("egress_price", in->egress_price);
	PUT("storage_price", in->storage_price);
	PUT("monthly_cost", servers * in->server_cost * TU_MONTH + r * in->response * TU_MONTH * in->egress_price +
				    total * in->storage_price * TU_MONTH);
#undef PUT
	return k;
}

static void check_against_reference(const Scenario *s, const Inputs *in)
{
	Expected e[80];
	size_t n = reference(in, e);
	size_t nstd;
	std_quantities(&nstd);
	assert_int_equal(n, nstd);
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		int qi = scenario_find(s, e[i].name);
		if (qi < 0) {
			print_error("no quantity %s\n", e[i].name);
			bad++;
			continue;
		}
		double v = s->q[qi].value;
		double tol = e[i].value == 0 ? 1e-12 : 1e-9 * fabs(e[i].value);
		if (!(fabs(v - e[i].value) <= tol)) {
			print_error("%s = %.12g, expected %.12g\n", e[i].name, v, e[i].value);
			bad++;
		}
	}
	if (bad)
		fail();
}

static void test_default_scenario_values(void **state)
{
	(void)state;
	Scenario *s = tu_default();
	Inputs in = default_inputs();
	check_against_reference(s, &in);
	/* a few by hand, to check the reference model itself */
	assert_near(tu_val(s, "request_rate"), 2314.8148148148, 1e-9);
	assert_near(tu_val(s, "avg_write_qps"), 22.9189585625, 1e-9);
	assert_exact(tu_val(s, "pool_size"), 199);
	/* 2,315 requests/s x 3 at peak = 6,944/s; / 1,000 per server -> 7, plus one spare
	   (the in-flight bound, ceil(199 / 200) = 1, does not decide) */
	assert_exact(tu_val(s, "servers"), 8);
	assert_exact(tu_val(s, "db_connections"), 80);
	assert_exact(tu_val(s, "shards"), 11);
	assert_near(tu_val(s, "error_budget_requests"), 6e6, 1e-9);
	assert_near(tu_val(s, "concurrent_users"), 208333.333333, 1e-9);
	assert_near(tu_val(s, "downtime_per_month"), 2592, 1e-9);
	assert_exact(tu_val(s, "monthly_cost"), 0);
	/* shown with the table's display hints */
	assert_string_equal(tu_shown(s, "requests_per_user"), "20/day");
	assert_string_equal(tu_shown(s, "peak_qps"), "6.94K/s");
	assert_string_equal(tu_shown(s, "raw_storage_per_day"), "1.98 GB/day");
	assert_string_equal(tu_shown(s, "storage_total"), "10.8 TB");
	assert_string_equal(tu_shown(s, "target_utilization"), "70%");
	assert_string_equal(tu_shown(s, "cdn_hit_ratio"), "0%");
	assert_string_equal(tu_shown(s, "sla"), "99.9%");
	assert_string_equal(tu_shown(s, "downtime_per_year"), "8.76 h");
	assert_string_equal(tu_shown(s, "downtime_per_month"), "43.2 min");
	assert_string_equal(tu_shown(s, "egress_price"), "$0/GB");
	assert_string_equal(tu_shown(s, "storage_price"), "$0/GB/month");
	assert_string_equal(tu_shown(s, "server_cost"), "$0/month");
	scenario_free(s);
}

static const char modified_yaml[] =
	"boe: 1\n"
	"name: modified\n"
	"set:\n"
	"  dau: 50M\n"
	"  requests_per_user: 30 / day\n"
	"  reads_per_write: 20\n"
	"  peak_factor: 4\n"
	"  session_length: 25 min\n"
	"  object_size: 2 KB\n"
	"  response_size: 8 KB\n"
	"  replication: 2\n"
	"  storage_overhead: 1.5\n"
	"  retention: 3 year\n"
	"  cdn_hit_ratio: 60%\n"
	"  service_time: 35 ms\n"
	"  target_utilization: 60%\n"
	"  server_rps: 1500/s\n"
	"  server_concurrency: 150\n"
	"  spare_servers: 2\n"
	"  db_pool_per_server: 20\n"
	"  cache_hit_ratio: 90%\n"
	"  hot_fraction: 10%\n"
	"  shard_storage: 2 TB\n"
	"  shard_write_qps: 1000/s\n"
	"  sla: 99.95%\n"
	"  server_cost: $500/month\n"
	"  egress_price: $0.05/GB\n"
	"  storage_price: $0.023/GB/month\n";

static void test_modified_scenario_values(void **state)
{
	(void)state;
	Scenario *s = tu_load(modified_yaml);
	Inputs in = {
		.dau = 50e6, .rpu = 30 / TU_DAY, .rpw = 20, .pf = 4, .session = 25 * 60.0,
		.object = 2000, .response = 8000, .repl = 2, .overhead = 1.5, .retention = 3 * TU_YEAR,
		.cdn = 0.60, .service = 0.035, .util = 0.60, .server_rps = 1500, .server_conc = 150, .spare = 2,
		.dbpool = 20, .cache_hit = 0.90, .hot = 0.10, .shard_storage = 2e12,
		.shard_wqps = 1000, .sla = 0.9995, .server_cost = 500 / TU_MONTH,
		.egress_price = 0.05 / 1e9, .storage_price = 0.023 / 1e9 / TU_MONTH,
	};
	check_against_reference(s, &in);
	double pw = 50e6 * 30 / TU_DAY / 21 * 4;
	assert_near(tu_val(s, "peak_write_qps"), pw, 1e-9);
	assert_true(tu_val(s, "monthly_cost") > 0);
	assert_int_equal(s->q[tu_q(s, "dau")].origin, ORIGIN_SET);
	assert_int_equal(s->q[tu_q(s, "avg_qps")].origin, ORIGIN_DEFAULT);
	scenario_free(s);
}

static void test_response_size_follows_object_size(void **state)
{
	(void)state;
	Scenario *s = tu_load("boe: 1\nset:\n  object_size: 4 KB\n");
	Inputs in = default_inputs();
	in.object = in.response = 4000;
	check_against_reference(s, &in);
	scenario_free(s);
}

static void test_shards_storage_bound(void **state)
{
	(void)state;
	/* 100 TB stored at 1 TB a shard: 100 shards from storage */
	Scenario *s = tu_load("boe: 1\nset:\n  storage_total: 100 TB\n");
	assert_exact(tu_val(s, "shards"), 100);
	scenario_free(s);
	/* a tiny scenario still has one shard */
	s = tu_load("boe: 1\nset:\n  dau: 10\n");
	assert_exact(tu_val(s, "shards"), 1);
	scenario_free(s);
}

/* ---- defines, set expressions and ordering ---- */

static void test_defines_and_order(void **state)
{
	(void)state;
	/* a define may use a later define and any standard quantity; set may use a define */
	Scenario *s = tu_load("boe: 1\n"
			      "set:\n"
			      "  dau: my_users * 2\n"
			      "define:\n"
			      "  doubled_peak: peak_qps * two\n"
			      "  two: 2\n"
			      "  my_users: 25M\n");
	assert_exact(tu_val(s, "dau"), 50e6);
	double peak = 50e6 * 20 / TU_DAY;
	assert_near(tu_val(s, "peak_qps"), peak * 3, 1e-9);
	assert_near(tu_val(s, "doubled_peak"), peak * 6, 1e-9);
	Quantity *d = &s->q[tu_q(s, "doubled_peak")];
	assert_int_equal(d->origin, ORIGIN_DEFINE);
	assert_int_equal(d->section, SEC_DEFINED);
	assert_dim(d->dim, -1, 0, 0);
	/* every quantity comes after all it depends on */
	int *pos = xcalloc(s->nq, sizeof *pos);
	for (size_t k = 0; k < s->nq; k++)
		pos[s->order[k]] = (int)k;
	for (size_t i = 0; i < s->nq; i++)
		for (int j = 0; j < s->q[i].ndeps; j++)
			if (pos[s->q[i].deps[j]] >= pos[i]) {
				print_error("%s is evaluated before its dependency %s\n", s->q[i].name,
					    s->q[s->q[i].deps[j]].name);
				fail();
			}
	/* the defines keep their file order */
	int a = tu_q(s, "doubled_peak"), b = tu_q(s, "two"), c = tu_q(s, "my_users");
	assert_true(a < b && b < c);
	free(pos);
	scenario_free(s);
}

static void test_dependency_edges(void **state)
{
	(void)state;
	Scenario *s = tu_default();
	Quantity *q = &s->q[tu_q(s, "peak_qps")];
	assert_int_equal(q->ndeps, 2);
	int pr = tu_q(s, "peak_read_qps"), pw = tu_q(s, "peak_write_qps");
	assert_true((q->deps[0] == pr && q->deps[1] == pw) || (q->deps[0] == pw && q->deps[1] == pr));
	assert_false(q->input);
	assert_true(s->q[tu_q(s, "dau")].input);
	assert_int_equal(s->q[tu_q(s, "dau")].ndeps, 0);
	/* dau is read by request_rate and concurrent_users */
	Quantity *dau = &s->q[tu_q(s, "dau")];
	assert_int_equal(dau->nusers, 2);
	scenario_free(s);
}

static void test_explanations(void **state)
{
	(void)state;
	Scenario *s = tu_default();
	Quantity *q = &s->q[tu_q(s, "peak_read_qps")];
	assert_string_equal(q->formula, "avg_read_qps × peak_factor");
	assert_string_equal(q->substituted, "2.29K/s × 3");
	assert_string_equal(q->explain, "peak_read_qps = avg_read_qps × peak_factor = 2.29K/s × 3 = 6.88K/s");
	q = &s->q[tu_q(s, "servers")];
	assert_string_equal(q->explain,
			    "servers = max(ceil(origin_qps / server_rps), ceil(pool_size / server_concurrency)) + spare_servers"
			    " = max(ceil(6.94K/s / 1K/s), ceil(199 / 200)) + 1 = 8"
			    " (decided by throughput: ceil(6.94K/s / 1K/s) = 7; in flight: ceil(199 / 200) = 1)");
	assert_string_equal(q->decides, "decided by throughput: ceil(6.94K/s / 1K/s) = 7; in flight: ceil(199 / 200) = 1");
	/* a formula set by the scenario is explained as written, with no bound named */
	tu_set(s, "servers", "max(ceil(origin_qps / server_rps), 3)");
	q = &s->q[tu_q(s, "servers")];
	assert_null(q->decides);
	assert_string_equal(q->explain, "servers = max(ceil(origin_qps / server_rps), 3) = max(ceil(6.94K/s / 1K/s), 3) = 7");
	scenario_free(s);
	/* the spec's example line */
	s = tu_load("boe: 1\nset:\n  dau: 50M\n  peak_qps: avg_qps * peak_factor\n");
	q = &s->q[tu_q(s, "peak_qps")];
	assert_string_equal(q->explain, "peak_qps = avg_qps × peak_factor = 11.6K/s × 3 = 34.7K/s");
	scenario_free(s);
}

/* ---- overrides and reset ---- */

static void test_override_and_reset(void **state)
{
	(void)state;
	Scenario *s = tu_load("boe: 1\nset:\n  dau: 20M\n");
	assert_exact(tu_val(s, "dau"), 20e6);
	tu_set(s, "dau", "50M");
	assert_exact(tu_val(s, "dau"), 50e6);
	assert_int_equal(s->q[tu_q(s, "dau")].origin, ORIGIN_OVERRIDE);
	assert_near(tu_val(s, "request_rate"), 50e6 * 20 / TU_DAY, 1e-12);
	assert_true(s->dirty);
	/* reset puts back what the file said */
	BoeError err;
	assert_true(scenario_reset(s, "dau", &err));
	assert_exact(tu_val(s, "dau"), 20e6);
	assert_int_equal(s->q[tu_q(s, "dau")].origin, ORIGIN_SET);
	assert_near(tu_val(s, "request_rate"), 20e6 * 20 / TU_DAY, 1e-12);
	/* and for a quantity the file did not set, the default */
	tu_set(s, "peak_factor", "5");
	assert_exact(tu_val(s, "peak_factor"), 5);
	assert_true(scenario_reset(s, "peak_factor", &err));
	assert_exact(tu_val(s, "peak_factor"), 3);
	assert_int_equal(s->q[tu_q(s, "peak_factor")].origin, ORIGIN_DEFAULT);
	/* a derived quantity can be overridden and reset too */
	tu_set(s, "avg_write_qps", "100M / month");
	assert_near(tu_val(s, "avg_read_qps"), 100e6 / TU_MONTH * 100, 1e-12);
	assert_true(scenario_reset(s, "avg_write_qps", &err));
	assert_near(tu_val(s, "avg_write_qps"), 20e6 * 20 / TU_DAY / 101, 1e-12);
	assert_false(scenario_reset(s, "nope", &err));
	scenario_free(s);
	/* a define can be overridden and reset too */
	s = tu_load("boe: 1\ndefine:\n  per_user: 2 KB\n  total: per_user * dau\n");
	assert_exact(tu_val(s, "total"), 2000 * 10e6);
	tu_set(s, "per_user", "3 KB");
	assert_exact(tu_val(s, "total"), 3000 * 10e6);
	assert_int_equal(s->q[tu_q(s, "per_user")].origin, ORIGIN_OVERRIDE);
	assert_true(scenario_reset(s, "per_user", &err));
	assert_exact(tu_val(s, "total"), 2000 * 10e6);
	assert_int_equal(s->q[tu_q(s, "per_user")].origin, ORIGIN_DEFINE);
	scenario_free(s);
}

static void test_override_arg(void **state)
{
	(void)state;
	Scenario *s = tu_default();
	BoeError err;
	assert_true(scenario_override_arg(s, "dau=20M", &err));
	assert_true(scenario_override_arg(s, "peak_factor=5", &err));
	assert_exact(tu_val(s, "dau"), 20e6);
	assert_near(tu_val(s, "peak_qps"), 20e6 * 20 / TU_DAY * 5, 1e-12);
	assert_false(scenario_override_arg(s, "dau", &err));
	assert_contains(err.msg, "NAME=EXPR");
	assert_false(scenario_override_arg(s, "=5", &err));
	scenario_free(s);
}

static void test_override_errors_change_nothing(void **state)
{
	(void)state;
	Scenario *s = tu_default();
	BoeError err;
	/* unknown names get a suggestion */
	assert_false(scenario_override(s, "peak_factr", "5", NULL, &err));
	assert_contains(err.msg, "unknown quantity 'peak_factr'");
	assert_contains(err.msg, "did you mean 'peak_factor'");
	/* a wrong dimension names both */
	memset(&err, 0, sizeof err);
	assert_false(scenario_override(s, "dau", "5 s", NULL, &err));
	assert_contains(err.msg, "count");
	assert_contains(err.msg, "time");
	assert_string_equal(err.file, "--set");
	/* nothing changed, and the scenario is still computed */
	assert_exact(tu_val(s, "dau"), 10e6);
	assert_int_equal(s->q[tu_q(s, "dau")].origin, ORIGIN_DEFAULT);
	assert_true(s->computed);
	assert_near(tu_val(s, "request_rate"), 10e6 * 20 / TU_DAY, 1e-12);
	/* a bad expression: the error points into it */
	memset(&err, 0, sizeof err);
	assert_false(scenario_override_arg(s, "object_size=5 MBs", &err));
	assert_contains(err.msg, "unknown unit 'MBs'");
	assert_int_equal(err.col, 15); /* the 'M' of MBs in "object_size=5 MBs" */
	/* a fraction out of range */
	assert_false(scenario_override(s, "cdn_hit_ratio", "120%", NULL, &err));
	assert_contains(err.msg, "between 0% and 100%");
	assert_exact(tu_val(s, "cdn_hit_ratio"), 0);
	/* division by zero */
	assert_false(scenario_override(s, "server_concurrency", "0", NULL, &err));
	assert_contains(err.msg, "division by zero");
	assert_exact(tu_val(s, "server_concurrency"), 200);
	scenario_free(s);
}

/* ---- cycles ---- */

static void test_cycle_in_defines(void **state)
{
	(void)state;
	const char *y = "boe: 1\n"
			"define:\n"
			"  alpha: beta * 2\n"
			"  beta: gamma + 1\n"
			"  gamma: alpha / 3\n";
	char msg[1024];
	tu_load_error(y, strlen(y), "cyc.yaml", msg);
	assert_contains(msg, "cycle");
	assert_contains(msg, "alpha -> beta -> gamma -> alpha");
	assert_true(strncmp(msg, "cyc.yaml:3:10:", 14) == 0);
}

static void test_cycle_through_standard_chain(void **state)
{
	(void)state;
	/* dau from peak_qps, which comes from dau */
	const char *y = "boe: 1\n"
			"set:\n"
			"  dau: peak_qps * 1 day\n";
	char msg[1024];
	tu_load_error(y, strlen(y), "cyc2.yaml", msg);
	assert_contains(msg, "cycle");
	assert_contains(msg, "dau");
	assert_contains(msg, "request_rate");
	assert_contains(msg, "peak_qps");
	assert_true(strncmp(msg, "cyc2.yaml:3:8:", 14) == 0);
}

static void test_self_reference(void **state)
{
	(void)state;
	const char *y = "boe: 1\ndefine:\n  x: x + 1\n";
	char msg[1024];
	tu_load_error(y, strlen(y), "self.yaml", msg);
	assert_contains(msg, "cycle: x -> x");
	/* an override that closes a cycle is refused and changes nothing */
	Scenario *s = tu_default();
	BoeError err;
	assert_false(scenario_override(s, "dau", "concurrent_users * 2", NULL, &err));
	assert_contains(err.msg, "cycle");
	assert_exact(tu_val(s, "dau"), 10e6);
	scenario_free(s);
}

/* ---- unused ---- */

static bool is_unused(const Scenario *s, const char *name)
{
	return s->q[scenario_find(s, name)].unused;
}

static void test_unused_detection(void **state)
{
	(void)state;
	Scenario *s = tu_default();
	for (size_t i = 0; i < s->nq; i++)
		if (s->q[i].unused) {
			print_error("%s is unused in the default scenario\n", s->q[i].name);
			fail();
		}
	scenario_free(s);
	/* set the write rate: what only fed it is unused now */
	s = tu_load("boe: 1\nset:\n  avg_write_qps: 100M / month\n");
	assert_true(is_unused(s, "requests_per_user"));
	assert_true(is_unused(s, "request_rate"));
	/* dau still feeds concurrent_users */
	assert_false(is_unused(s, "dau"));
	assert_false(is_unused(s, "reads_per_write"));
	assert_false(is_unused(s, "avg_write_qps"));
	scenario_free(s);
	/* set concurrent_users too: dau is now unused, and so is session_length */
	s = tu_load("boe: 1\nset:\n  avg_write_qps: 100M / month\n  concurrent_users: 1M\n");
	assert_true(is_unused(s, "dau"));
	assert_true(is_unused(s, "session_length"));
	assert_false(is_unused(s, "peak_factor"));
	scenario_free(s);
	/* an override does the same; reset undoes it */
	s = tu_default();
	tu_set(s, "response_size", "5 KB");
	assert_false(is_unused(s, "object_size"));	/* still stored */
	tu_set(s, "cache_memory", "64 GB");
	assert_true(is_unused(s, "hot_fraction"));
	BoeError err;
	assert_true(scenario_reset(s, "cache_memory", &err));
	assert_false(is_unused(s, "hot_fraction"));
	scenario_free(s);
	/* an expected quantity is never unused */
	s = tu_load("boe: 1\nset:\n  avg_write_qps: 40/s\nexpect:\n  request_rate: 4000/s\n");
	assert_false(is_unused(s, "request_rate"));
	assert_false(is_unused(s, "requests_per_user"));
	scenario_free(s);
}

/* ---- dimensions and ranges of set values ---- */

static void test_set_dimension_checks(void **state)
{
	(void)state;
	char msg[1024];
	const char *y = "boe: 1\nset:\n  dau: 5 s\n";
	tu_load_error(y, strlen(y), "d.yaml", msg);
	assert_true(strncmp(msg, "d.yaml:3:8:", 11) == 0);
	assert_contains(msg, "dau");
	assert_contains(msg, "count");
	assert_contains(msg, "time");
	y = "boe: 1\nset:\n  object_size: 100\n";
	tu_load_error(y, strlen(y), "d.yaml", msg);
	assert_true(strncmp(msg, "d.yaml:3:16:", 12) == 0);
	assert_contains(msg, "data");
	assert_contains(msg, "count");
	y = "boe: 1\nset:\n  avg_write_qps: 100M\n";
	tu_load_error(y, strlen(y), "d.yaml", msg);
	assert_contains(msg, "1/time");
	y = "boe: 1\nset:\n  egress_price: $0.09\n";
	tu_load_error(y, strlen(y), "d.yaml", msg);
	assert_contains(msg, "money/data");
	/* the right dimension in other units is fine */
	Scenario *s = tu_load("boe: 1\nset:\n  avg_write_qps: 3.6M / h\n  object_size: 4 KiB\n"
			      "  retention: 90 days\n  egress_price: 9 cents / GB\n");
	assert_near(tu_val(s, "avg_write_qps"), 1000, 1e-12);
	assert_exact(tu_val(s, "object_size"), 4096);
	assert_exact(tu_val(s, "retention"), 90 * TU_DAY);
	assert_near(tu_val(s, "egress_price"), 0.09 / 1e9, 1e-12);
	scenario_free(s);
}

static void test_fraction_and_factor_ranges(void **state)
{
	(void)state;
	char msg[1024];
	const char *bad[] = {
		"boe: 1\nset:\n  cdn_hit_ratio: 150%\n",
		"boe: 1\nset:\n  cache_hit_ratio: -5%\n",
		"boe: 1\nset:\n  sla: 1.5\n",
		"boe: 1\nset:\n  target_utilization: 101%\n",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		tu_load_error(bad[i], strlen(bad[i]), "f.yaml", msg);
		assert_contains(msg, "f.yaml:3:");
		assert_contains(msg, "between 0% and 100%");
	}
	tu_load_error(bad[0], strlen(bad[0]), "f.yaml", msg);
	assert_contains(msg, "cdn_hit_ratio");
	assert_contains(msg, "150%");
	/* the edges are allowed */
	Scenario *s = tu_load("boe: 1\nset:\n  cdn_hit_ratio: 100%\n  cache_hit_ratio: 0\n");
	assert_exact(tu_val(s, "origin_read_qps"), 0);
	scenario_free(s);
	/* a negative factor or count input is an error */
	const char *neg = "boe: 1\nset:\n  peak_factor: -2\n";
	tu_load_error(neg, strlen(neg), "n.yaml", msg);
	assert_contains(msg, "peak_factor");
	assert_contains(msg, "negative");
	neg = "boe: 1\nset:\n  dau: -5M\n";
	tu_load_error(neg, strlen(neg), "n.yaml", msg);
	assert_contains(msg, "negative");
}

/* ---- availability and latency ---- */

static void test_availability_composition(void **state)
{
	(void)state;
	Scenario *s = tu_load("boe: 1\n"
			      "availability:\n"
			      "  tiers:\n"
			      "    - { name: load balancer, availability: 99.99%, replicas: 2 }\n"
			      "    - { name: api, availability: 99.9%, replicas: 3 }\n"
			      "    - { name: database, availability: 99.95%, replicas: 2 }\n");
	/* Π (1 - (1 - a)^r) */
	double lb = 1 - pow(1e-4, 2), api = 1 - pow(1e-3, 3), db = 1 - pow(5e-4, 2);
	double comp = lb * api * db;
	assert_int_equal(s->ntiers, 3);
	assert_near(s->tiers[0].effective, lb, 1e-12);
	assert_near(s->tiers[1].effective, api, 1e-12);
	assert_near(s->tiers[2].effective, db, 1e-12);
	assert_exact(s->tiers[1].replicas, 3);
	assert_near(s->tiers[2].availability, 0.9995, 1e-12);
	assert_string_equal(s->tiers[0].name, "load balancer");
	assert_true(s->q_composite >= 0);
	assert_near(s->q[s->q_composite].value, comp, 1e-12);
	assert_near(s->q[s->q_comp_down_year].value, (1 - comp) * TU_YEAR, 1e-6);
	assert_near(s->q[s->q_comp_down_month].value, (1 - comp) * TU_MONTH, 1e-6);
	assert_true(s->meets_sla);
	scenario_free(s);
	/* two 99.9% in series, one copy each: 99.8%, below a 99.9% SLA */
	s = tu_load("boe: 1\n"
		    "availability:\n"
		    "  tiers:\n"
		    "    - { name: a, availability: 99.9% }\n"
		    "    - { name: b, availability: 99.9% }\n");
	assert_near(s->q[s->q_composite].value, 0.999 * 0.999, 1e-12);
	assert_exact(s->tiers[0].replicas, 1);
	assert_false(s->meets_sla);
	scenario_free(s);
	/* and against a lower SLA it meets it */
	s = tu_load("boe: 1\nset:\n  sla: 99.5%\n"
		    "availability:\n"
		    "  tiers:\n"
		    "    - { name: a, availability: 99.9% }\n"
		    "    - { name: b, availability: 99.9% }\n");
	assert_true(s->meets_sla);
	scenario_free(s);
	/* exactly at the SLA meets it; just below misses it */
	s = tu_load("boe: 1\navailability:\n  tiers:\n    - { name: a, availability: 99.9% }\n");
	assert_true(s->meets_sla);
	scenario_free(s);
	s = tu_load("boe: 1\navailability:\n  tiers:\n    - { name: a, availability: 99.89% }\n");
	assert_false(s->meets_sla);
	scenario_free(s);
	/* no tiers, no composite */
	s = tu_default();
	assert_int_equal(s->q_composite, -1);
	assert_int_equal(s->ntiers, 0);
	scenario_free(s);
}

static void test_tier_errors(void **state)
{
	(void)state;
	char msg[1024];
	const char *y = "boe: 1\navailability:\n  tiers:\n    - { name: a, availability: 120% }\n";
	tu_load_error(y, strlen(y), "t.yaml", msg);
	assert_contains(msg, "t.yaml:4:");
	assert_contains(msg, "between 0% and 100%");
	y = "boe: 1\navailability:\n  tiers:\n    - { name: a, availability: 5 s }\n";
	tu_load_error(y, strlen(y), "t.yaml", msg);
	assert_contains(msg, "t.yaml:4:");
	assert_contains(msg, "time");
	y = "boe: 1\navailability:\n  tiers:\n    - { name: a }\n";
	tu_load_error(y, strlen(y), "t.yaml", msg);
	assert_contains(msg, "t.yaml:4:");
	assert_contains(msg, "availability");
	y = "boe: 1\navailability:\n  tiers: []\n";
	tu_load_error(y, strlen(y), "t.yaml", msg);
	assert_contains(msg, "empty");
	/* a negative replica count points at the tier, not at internal names */
	y = "boe: 1\navailability:\n  tiers:\n    - { name: a, availability: 99%, replicas: -1 }\n";
	tu_load_error(y, strlen(y), "t.yaml", msg);
	assert_contains(msg, "t.yaml:4:");
	assert_not_contains(msg, "_tier");
}

static void test_latency_budget(void **state)
{
	(void)state;
	const char *fits = "boe: 1\n"
			   "latency_budget:\n"
			   "  target: 200 ms\n"
			   "  hops:\n"
			   "    - { name: CDN, time: 20 ms }\n"
			   "    - { name: load balancer, time: 5 ms }\n"
			   "    - { name: app, time: 30 ms }\n"
			   "    - { name: cache, time: 2 ms }\n"
			   "    - { name: database, time: 80 ms }\n"
			   "    - { name: serialization, time: 10 ms }\n";
	Scenario *s = tu_load(fits);
	assert_int_equal(s->nhops, 6);
	assert_near(s->hops[4].time, 0.080, 1e-12);
	assert_near(s->q[s->q_target].value, 0.200, 1e-12);
	assert_near(s->q[s->q_total].value, 0.147, 1e-9);
	assert_near(s->q[s->q_margin].value, 0.053, 1e-9);
	assert_true(s->fits_budget);
	scenario_free(s);
	s = tu_load("boe: 1\n"
		    "latency_budget:\n"
		    "  target: 100 ms\n"
		    "  hops:\n"
		    "    - { name: cross-region, time: 0.12 s }\n"
		    "    - { name: db, time: 5 ms }\n");
	assert_near(s->q[s->q_total].value, 0.125, 1e-9);
	assert_near(s->q[s->q_margin].value, -0.025, 1e-9);
	assert_false(s->fits_budget);
	scenario_free(s);
	char msg[1024];
	const char *y = "boe: 1\nlatency_budget:\n  target: 200 ms\n  hops:\n    - { name: a, time: 5 KB }\n";
	tu_load_error(y, strlen(y), "l.yaml", msg);
	assert_contains(msg, "l.yaml:5:");
	assert_contains(msg, "data");
	y = "boe: 1\nlatency_budget:\n  target: 200\n  hops:\n    - { name: a, time: 5 ms }\n";
	tu_load_error(y, strlen(y), "l.yaml", msg);
	assert_contains(msg, "l.yaml:3:11:");
	y = "boe: 1\nlatency_budget:\n  hops:\n    - { name: a, time: 5 ms }\n";
	tu_load_error(y, strlen(y), "l.yaml", msg);
	assert_contains(msg, "target");
}

/* ---- expect ---- */

static void test_expect_checks(void **state)
{
	(void)state;
	/* avg_write_qps = 100M / month = 38.58/s */
	Scenario *s = tu_load("boe: 1\n"
			      "set:\n"
			      "  avg_write_qps: 100M / month\n"
			      "expect:\n"
			      "  avg_write_qps: 40/s\n"
			      "  avg_read_qps: { value: 4000/s, tolerance: 15% }\n"
			      "  peak_qps: { value: 10K/s, tolerance: 5% }\n"
			      "  reads_per_write: 100\n"
			      "  cdn_hit_ratio: 0\n"
			      "  storage_total: { value: 5 TB, tolerance: 1% }\n");
	assert_int_equal(s->nchecks, 6);
	double w = 100e6 / TU_MONTH;
	/* 38.58 vs 40: 3.5% off, within the default 10% */
	assert_string_equal(s->checks[0].name, "avg_write_qps");
	assert_near(s->checks[0].expected, 40, 1e-12);
	assert_near(s->checks[0].actual, w, 1e-12);
	assert_near(s->checks[0].tolerance, 0.10, 1e-12);
	assert_true(s->checks[0].ok);
	/* 3858 vs 4000: 3.5% off, within 15% */
	assert_near(s->checks[1].tolerance, 0.15, 1e-12);
	assert_true(s->checks[1].ok);
	/* peak 11.69K vs 10K: 17% off, outside 5% */
	assert_near(s->checks[2].actual, w * 101 * 3, 1e-12);
	assert_false(s->checks[2].ok);
	assert_true(s->checks[3].ok);
	/* an expected 0 compares exactly */
	assert_true(s->checks[4].ok);
	/* 38.58 * 3 * 1 KB * 5 y = 18.25 TB, far from 5 TB */
	assert_near(s->checks[5].actual, w * 1000 * 3 * 5 * TU_YEAR, 1e-9);
	assert_false(s->checks[5].ok);
	assert_int_equal(scenario_failed_checks(s), 2);
	scenario_free(s);
}

static void test_expect_tolerance_edges(void **state)
{
	(void)state;
	/* 10% exactly at the edge is ok; just outside is not */
	Scenario *s = tu_load("boe: 1\nset:\n  dau: 110\n"
			      "expect:\n  dau: 100\n  reads_per_write: { value: 90, tolerance: 12% }\n"
			      "  peak_factor: { value: 2.7, tolerance: 10% }\n");
	assert_true(s->checks[0].ok);
	assert_true(s->checks[1].ok);
	/* 3 vs 2.7 is 11.1% off */
	assert_false(s->checks[2].ok);
	scenario_free(s);
}

static void test_expect_errors(void **state)
{
	(void)state;
	char msg[1024];
	const char *y = "boe: 1\nexpect:\n  peak_qsp: 10K/s\n";
	tu_load_error(y, strlen(y), "e.yaml", msg);
	assert_contains(msg, "e.yaml:3:");
	assert_contains(msg, "peak_qsp");
	assert_contains(msg, "did you mean 'peak_qps'");
	y = "boe: 1\nexpect:\n  peak_qps: 10 GB\n";
	tu_load_error(y, strlen(y), "e.yaml", msg);
	assert_contains(msg, "e.yaml:3:13:");
	assert_contains(msg, "data");
	assert_contains(msg, "1/time");
	y = "boe: 1\nexpect:\n  peak_qps: { value: 10K/s, tolerance: lots }\n";
	tu_load_error(y, strlen(y), "e.yaml", msg);
	assert_contains(msg, "e.yaml:3:");
	assert_contains(msg, "tolerance");
}

/* ---- the drill's words: ask, told, skill, drill: skip ---- */

static void test_drill_words(void **state)
{
	(void)state;
	const char *y =
		"boe: 1\n"
		"set:\n"
		"  avg_write_qps: { value: 100M / month, told: 100M new URLs a month }\n"
		"  reads_per_write: { value: 10, ask: How many reads per write?, skill: throughput }\n"
		"define:\n"
		"  urls_5y: { value: avg_write_qps * 5 year, ask: How many URLs in five years?, skill: storage }\n"
		"  probe: { value: 2 KB, told: two kilobytes }\n"
		"drill:\n"
		"  skip: [storage_total, urls_5y]\n";
	Scenario *s = tu_load(y);
	const Quantity *w = &s->q[scenario_find(s, "avg_write_qps")];
	assert_string_equal(w->told, "100M new URLs a month");
	assert_null(w->ask);
	const Quantity *u = &s->q[scenario_find(s, "urls_5y")];
	assert_string_equal(u->ask, "How many URLs in five years?");
	assert_string_equal(u->skill, "storage");
	assert_string_equal(s->q[scenario_find(s, "reads_per_write")].skill, "throughput");
	assert_string_equal(s->q[scenario_find(s, "probe")].told, "two kilobytes");
	assert_true(scenario_drill_skips(s, "storage_total"));
	assert_true(scenario_drill_skips(s, "urls_5y"));
	assert_false(scenario_drill_skips(s, "storage_per_day"));
	/* a save keeps them */
	Buf b = {0};
	report_scenario_file(s, &b);
	assert_contains(b.s, "told: \"100M new URLs a month\"");
	assert_contains(b.s, "ask: \"How many URLs in five years?\"");
	assert_contains(b.s, "skill: \"storage\"");
	assert_contains(b.s, "drill:\n  skip: [storage_total, urls_5y]\n");
	Scenario *again = tu_load(b.s);
	assert_string_equal(again->q[scenario_find(again, "avg_write_qps")].told, "100M new URLs a month");
	assert_true(scenario_drill_skips(again, "urls_5y"));
	scenario_free(again);
	buf_free(&b);
	scenario_free(s);

	char msg[1024];
	/* a typo of a known skill is caught; another word is a skill of its own */
	y = "boe: 1\ndefine:\n  x: { value: 2 * dau, skill: latncy }\n";
	tu_load_error(y, strlen(y), "e.yaml", msg);
	assert_contains(msg, "e.yaml:3:");
	assert_contains(msg, "did you mean 'latency'");
	y = "boe: 1\nset:\n  dau: { value: 1M, tell: one million }\n";
	tu_load_error(y, strlen(y), "e.yaml", msg);
	assert_contains(msg, "did you mean 'told'");
	y = "boe: 1\ndrill:\n  skip: [storage_totl]\n";
	tu_load_error(y, strlen(y), "e.yaml", msg);
	assert_contains(msg, "e.yaml:3:10:");
	assert_contains(msg, "did you mean 'storage_total'");
	y = "boe: 1\ndrill:\n  skips: [storage_total]\n";
	tu_load_error(y, strlen(y), "e.yaml", msg);
	assert_contains(msg, "did you mean 'skip'");
	y = "boe: 1\ndefine:\n  x: { value: 2 * dau, ask: \"\" }\n";
	tu_load_error(y, strlen(y), "e.yaml", msg);
	assert_contains(msg, "'ask' of 'x' is empty");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_standard_table_matches_spec),
		cmocka_unit_test(test_default_scenario_values),
		cmocka_unit_test(test_modified_scenario_values),
		cmocka_unit_test(test_response_size_follows_object_size),
		cmocka_unit_test(test_shards_storage_bound),
		cmocka_unit_test(test_defines_and_order),
		cmocka_unit_test(test_dependency_edges),
		cmocka_unit_test(test_explanations),
		cmocka_unit_test(test_override_and_reset),
		cmocka_unit_test(test_override_arg),
		cmocka_unit_test(test_override_errors_change_nothing),
		cmocka_unit_test(test_cycle_in_defines),
		cmocka_unit_test(test_cycle_through_standard_chain),
		cmocka_unit_test(test_self_reference),
		cmocka_unit_test(test_unused_detection),
		cmocka_unit_test(test_set_dimension_checks),
		cmocka_unit_test(test_fraction_and_factor_ranges),
		cmocka_unit_test(test_availability_composition),
		cmocka_unit_test(test_tier_errors),
		cmocka_unit_test(test_latency_budget),
		cmocka_unit_test(test_expect_checks),
		cmocka_unit_test(test_expect_tolerance_edges),
		cmocka_unit_test(test_expect_errors),
		cmocka_unit_test(test_drill_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
