/*
 * The seeds' worked examples, with the numbers the sources state:
 * Part 3 of 004_6bf88f5764de1c5e.txt (DAU to QPS, the news site, the
 * bandwidth table, the availability table, the latency budget) and
 * 003_2df232a1f78ca370.txt (the product catalog chain and the payment drill).
 * "~" and "≈" in the sources are checked within 1-2%; exact figures exactly.
 */
#include "testutil.h"

/* A quantity is within rel of the figure the source states. */
#define assert_source(s, name, figure, rel) assert_near(tu_val(s, name), figure, rel)

/* ---- 004, Part 3: From DAU to QPS ---- */

static void test_timeline_50m_dau(void **state)
{
	(void)state;
	/* "50M DAU, 10 timeline loads/day -> 500M reads/day -> ~5,800 average QPS -> ~29K peak at 5x" */
	Scenario *s = tu_load("boe: 1\n"
			      "set:\n"
			      "  dau: 50M\n"
			      "  requests_per_user: 10 / day\n"
			      "  peak_factor: 5\n"
			      "define:\n"
			      "  loads_per_day: request_rate * day\n");
	assert_source(s, "loads_per_day", 500e6, 1e-12);
	assert_source(s, "avg_qps", 5800, 0.01);
	assert_source(s, "peak_qps", 29e3, 0.01);
	assert_string_equal(tu_shown(s, "avg_qps"), "5.79K/s");
	assert_string_equal(tu_shown(s, "peak_qps"), "28.9K/s");
	scenario_free(s);
	assert_expr("50M * 10 / day", 5800, 0.01, -1, 0, 0);
	assert_expr("50M * 10 / day * 5", 29e3, 0.01, -1, 0, 0);
	assert_expr("500M / 86,400 s", 5787.037, 1e-6, -1, 0, 0);
}

/* ---- 004, Part 3: Worked Example: News Site BOE ---- */

static const char news_yaml[] =
	"boe: 1\n"
	"name: news-site\n"
	"set:\n"
	"  dau: 20M\n"
	"  requests_per_user: 50 / day\n"
	"  reads_per_write: 1M\n"		/* article views: reads only */
	"  peak_factor: 5\n"
	"  object_size: 500 KB\n"
	"  cdn_hit_ratio: 80%\n"
	"define:\n"
	"  views_per_day: request_rate * day\n"
	"  egress_per_day_without_cdn: egress_avg * day\n";

static void test_news_site(void **state)
{
	(void)state;
	Scenario *s = tu_load(news_yaml);
	/* "Views/day = 20M x 50 = 1B" */
	assert_source(s, "views_per_day", 1e9, 1e-12);
	/* "Avg QPS = 1B/86400 ≈ 11,600" */
	assert_source(s, "avg_qps", 11600, 0.01);
	/* "Peak 5x ≈ 58,000 read QPS" */
	assert_source(s, "peak_read_qps", 58000, 0.01);
	/* "Origin QPS = 58K x 20% = 11,600 if CDN handles 80%" */
	assert_source(s, "origin_read_qps", 11600, 0.01);
	/* "Egress without CDN: 1B x 500KB = 500 TB/day" */
	assert_source(s, "egress_per_day_without_cdn", 500e12, 1e-5);
	assert_string_equal(tu_shown(s, "egress_per_day_without_cdn"), "500 TB");
	/* and with the CDN the origin serves a fifth of the peak */
	assert_near(tu_val(s, "origin_egress_peak"), tu_val(s, "egress_peak") * 0.2, 1e-12);
	scenario_free(s);
	assert_expr("20M * 50", 1e9, 1e-12, 0, 0, 0);
	assert_shown("1B / day", "11.6K/s");
	assert_expr("1B / day * 5", 58000, 0.01, -1, 0, 0);
	assert_expr("58K/s * 20%", 11600, 1e-12, -1, 0, 0);
	assert_expr("1B * 500 KB", 500e12, 1e-12, 0, 1, 0);
	assert_shown("1B * 500 KB", "500 TB");
	assert_shown("1B views/day * 500 KB -> TB/day", "500 TB/day");
}

/* ---- 004, Part 3: Bandwidth Worked Numbers ---- */

static void test_bandwidth_table(void **state)
{
	(void)state;
	/* | Payload | QPS | Egress Gbps |: bits are bytes x 8 */
	const struct { const char *expr; double gbps; const char *shown; } rows[] = {
		{"1 KB * 100K/s", 0.8, "0.8 Gbps"},
		{"10 KB * 100K/s", 8, "8 Gbps"},
		{"100 KB * 100K/s", 80, "80 Gbps"},
		{"1 MB * 10K/s", 80, "80 Gbps"},
		/* "A 500 KB JSON API at 10K QPS needs roughly 40 Gbps egress" */
		{"500 KB * 10K/s", 40, "40 Gbps"},
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		/* value in bytes per second */
		assert_expr(rows[i].expr, rows[i].gbps * 1e9 / 8, 1e-12, -1, 1, 0);
		char conv[96];
		snprintf(conv, sizeof conv, "%s -> Gbps", rows[i].expr);
		assert_shown(conv, rows[i].shown);
	}
	/* "1 Gbps ≈ 125 MB/s theoretical maximum" */
	assert_shown("1 Gbps -> MB/s", "125 MB/s");
	/* the same through the scenario: egress_peak = peak_read_qps * response_size */
	Scenario *s = tu_load("boe: 1\nset:\n  peak_read_qps: 100K/s\n  response_size: 10 KB\n");
	assert_near(tu_val(s, "egress_peak"), 8e9 / 8, 1e-12);
	char v[64];
	DisplayPrefs bits = {.bits_rates = true};
	scenario_format_value(s, tu_q(s, "egress_peak"), &bits, v, sizeof v);
	assert_string_equal(v, "8 Gbps");
	scenario_free(s);
}

/* ---- 004, Part 3: Availability Math ---- */

static void test_availability_table(void **state)
{
	(void)state;
	/* | Nines | Downtime/year |, and "99.9% monthly ≈ 43 minutes" */
	const struct { const char *sla; const char *year; } rows[] = {
		{"99%", "3.65 days"},
		{"99.9%", "8.76 h"},
		{"99.99%", "52.6 min"},
		{"99.999%", "5.26 min"},
	};
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		char y[128];
		snprintf(y, sizeof y, "boe: 1\nset:\n  sla: %s\n", rows[i].sla);
		Scenario *s = tu_load(y);
		if (strcmp(tu_shown(s, "downtime_per_year"), rows[i].year) != 0) {
			print_error("sla %s: %s per year, the guide says %s\n", rows[i].sla,
				    tu_shown(s, "downtime_per_year"), rows[i].year);
			fail();
		}
		scenario_free(s);
		char e[64];
		snprintf(e, sizeof e, "downtime(%s, year)", rows[i].sla);
		assert_shown(e, rows[i].year);
	}
	Scenario *s = tu_default();
	assert_string_equal(tu_shown(s, "downtime_per_year"), "8.76 h");
	assert_string_equal(tu_shown(s, "downtime_per_month"), "43.2 min");
	assert_source(s, "downtime_per_month", 43 * 60, 0.01);
	scenario_free(s);
	assert_shown("downtime(99.9%, month)", "43.2 min");
}

static void test_components_in_series(void **state)
{
	(void)state;
	/* "if A is 99.9% and B is 99.9%, combined ≈ 99.8%" */
	Scenario *s = tu_load("boe: 1\n"
			      "availability:\n"
			      "  tiers:\n"
			      "    - { name: A, availability: 99.9% }\n"
			      "    - { name: B, availability: 99.9% }\n");
	assert_near(s->q[s->q_composite].value, 0.998, 0.0001);
	char v[64];
	scenario_format_value(s, s->q_composite, NULL, v, sizeof v);
	assert_string_equal(v, "99.8%");
	scenario_free(s);
	assert_shown("99.9% * 99.9%", "99.8%");
	/* "Parallel redundancy improves availability: 1 - (1-p)^n" */
	assert_expr("parallel(99.9%, 2)", 1 - 0.001 * 0.001, 1e-12, 0, 0, 0);
	assert_expr("1 - (1 - 99.9%)^2", 1 - 0.001 * 0.001, 1e-12, 0, 0, 0);
}

/* ---- 004, Part 3: Latency Budget Example ---- */

static void test_latency_budget_example(void **state)
{
	(void)state;
	/* "CDN 20ms + LB 5ms + app 30ms + cache 2ms + DB 80ms + serialization 10ms + margin 53ms" of 200 ms */
	Scenario *s = tu_load("boe: 1\n"
			      "latency_budget:\n"
			      "  target: 200 ms\n"
			      "  hops:\n"
			      "    - { name: CDN, time: 20 ms }\n"
			      "    - { name: LB, time: 5 ms }\n"
			      "    - { name: app, time: 30 ms }\n"
			      "    - { name: cache, time: 2 ms }\n"
			      "    - { name: DB, time: 80 ms }\n"
			      "    - { name: serialization, time: 10 ms }\n");
	assert_near(s->q[s->q_margin].value, 0.053, 1e-9);
	assert_near(s->q[s->q_total].value, 0.147, 1e-9);
	assert_true(s->fits_budget);
	scenario_free(s);
}

/* ---- 004, Part 3: storage and servers ---- */

static void test_storage_and_connections(void **state)
{
	(void)state;
	/* "10M new photos/day x 500 KB average x 3x replication ≈ 15 TB/day" */
	assert_expr("10M/day * 500 KB * 3", 15e12 / 86400, 1e-12, -1, 1, 0);
	assert_shown("10M/day * 500 KB * 3 -> TB/day", "15 TB/day");
	/* "500 app servers x 10 connections each = 5,000 connections" */
	Scenario *s = tu_load("boe: 1\nset:\n  servers: 500\n");
	assert_source(s, "db_connections", 5000, 1e-12);
	scenario_free(s);
	/* "a 32-bit user ID space has 4B values; at 1 KB per cached profile ... 4 TB" */
	assert_shown("2^32 * 1 KB", "4.29 TB");
}

/* ---- 004, Part 3: rough capacity of an app server ---- */

static void test_servers_rule_of_thumb(void **state)
{
	(void)state;
	/* "one modern app server might handle 500-2,000 RPS for light JSON ... 100K QPS
	   divided by 1K per server ≈ 100 servers before cache": the default server_rps */
	Scenario *s = tu_load("boe: 1\nset:\n  origin_qps: 100K/s\n  spare_servers: 0\n");
	assert_exact(tu_val(s, "server_rps"), 1000);
	assert_exact(tu_val(s, "servers"), 100);
	assert_string_equal(s->q[tu_q(s, "servers")].decides,
			    "decided by throughput: ceil(100K/s / 1K/s) = 100; in flight: ceil(2.86K / 200) = 15");
	scenario_free(s);
	/* "then apply cache hit ratio: 90% hit rate cuts origin load by 10x" (a CDN or edge
	   cache in front of the servers): 10 servers */
	s = tu_load("boe: 1\nset:\n  peak_read_qps: 100K/s\n  peak_write_qps: 0/s\n"
		    "  cdn_hit_ratio: 90%\n  spare_servers: 0\n");
	assert_exact(tu_val(s, "servers"), 10);
	scenario_free(s);
	/* the in-flight bound decides when requests are slow: 1K/s x 1 s / 70% = 1,429 in
	   flight, 200 per server -> 8 servers, against 1 by throughput */
	s = tu_load("boe: 1\nset:\n  origin_qps: 1K/s\n  service_time: 1 s\n  spare_servers: 0\n");
	assert_exact(tu_val(s, "servers"), 8);
	assert_string_equal(s->q[tu_q(s, "servers")].decides,
			    "decided by in flight: ceil(1.43K / 200) = 8; throughput: ceil(1K/s / 1K/s) = 1");
	scenario_free(s);
	/* news site Q&A: "How many servers for 58K QPS? If 2K RPS/instance -> ~30 origin app
	   servers before DB/cache" */
	s = tu_load(news_yaml);
	tu_set(s, "server_rps", "2K/s");
	tu_set(s, "cdn_hit_ratio", "0");
	tu_set(s, "spare_servers", "0");
	assert_source(s, "servers", 30, 0.05);
	assert_exact(tu_val(s, "servers"), 29);
	/* and behind its 80% CDN the origin needs a fifth: 11.6K/s / 2K/s -> 6, plus a spare */
	tu_set(s, "cdn_hit_ratio", "80%");
	tu_set(s, "spare_servers", "1");
	assert_exact(tu_val(s, "servers"), 7);
	scenario_free(s);
}

/* ---- 003: the product catalog chain ---- */

static const char catalog_yaml[] =
	"boe: 1\n"
	"name: product-catalog\n"
	"set:\n"
	"  dau: 50M\n"
	"  requests_per_user: 20 / day\n"
	"  reads_per_write: 1M\n"		/* "1B reads/day": reads only */
	"  peak_factor: 3\n"
	"  response_size: 2 KB\n"
	"  service_time: 20 ms\n"
	"  server_concurrency: 200\n"
	"  server_rps: server_concurrency / service_time\n"	/* the source sizes by in-flight requests */
	"define:\n"
	"  reads_per_day: avg_read_qps * day\n"
	"  compute_servers: ceil(concurrency / server_concurrency)\n";

static void test_product_catalog(void **state)
{
	(void)state;
	Scenario *s = tu_load(catalog_yaml);
	/* "50M x 20 = 1B reads/day" */
	assert_source(s, "reads_per_day", 1e9, 1e-5);
	/* "÷ 86,400s ≈ ~11,600 QPS average" */
	assert_source(s, "avg_qps", 11600, 0.01);
	/* "a peak factor of ~3x ... → ~35,000 QPS peak" */
	assert_source(s, "peak_qps", 35000, 0.01);
	/* "each response is ~2 KB, 35,000 x 2 KB ≈ 70 MB/s ≈ 560 Mbps egress at peak" */
	assert_source(s, "egress_peak", 70e6, 0.01);
	assert_near(tu_val(s, "egress_peak") * 8, 560e6, 0.01);
	/* "At 35,000 QPS with 20ms service time → L = 35,000 x 0.02 = ~700 in-flight requests" */
	assert_source(s, "concurrency", 700, 0.01);
	/* "If one server handles ~200 concurrent requests comfortably, you need ~4 servers" */
	assert_exact(tu_val(s, "compute_servers"), 4);
	/* "then round UP to 6-8 for failure tolerance + headroom": 70% utilisation and N+1 give 6 */
	assert_exact(tu_val(s, "servers"), 6);
	assert_string_equal(s->q[tu_q(s, "servers")].decides,
			    "decided by in flight: ceil(993 / 200) = 5; throughput: ceil(34.7K/s / 10K/s) = 4");
	scenario_free(s);
	/* the eval examples */
	assert_shown("50M * 20 / day", "11.6K/s");
	assert_shown("50M * 20 / day * 3", "34.7K/s");
	assert_shown("35K/s * 2 KB", "70 MB/s");
	assert_shown("35K/s * 2 KB -> Mbps", "560 Mbps");
	assert_expr("35,000/s * 0.02 s", 700, 1e-12, 0, 0, 0);
	assert_expr("35,000/s * 20 ms", 700, 1e-12, 0, 0, 0);
	assert_expr("ceil(700 / 200)", 4, 1e-12, 0, 0, 0);
}

/* ---- 003: the payment drill (Little's Law) ---- */

static void test_payment_drill(void **state)
{
	(void)state;
	/* "L = λ x W = 200 x 0.25 = 50 requests in flight" */
	assert_expr("200/s * 0.25 s", 50, 1e-12, 0, 0, 0);
	assert_expr("200/s * 250 ms", 50, 1e-12, 0, 0, 0);
	/* "50 x 3 / 0.7 ≈ 214 threads" */
	assert_expr("50 * 3 / 0.7", 214, 0.005, 0, 0, 0);
	assert_expr("200/s * 250 ms * 3 / 70%", 214, 0.005, 0, 0, 0);
	/* through the standard chain: origin_qps x service_time, then / target_utilization */
	Scenario *s = tu_load("boe: 1\n"
			      "set:\n"
			      "  origin_qps: 200/s\n"
			      "  service_time: 250 ms\n"
			      "define:\n"
			      "  threads_at_peak: concurrency * 3 / target_utilization\n");
	assert_source(s, "concurrency", 50, 1e-12);
	assert_source(s, "threads_at_peak", 214, 0.005);
	/* pool_size rounds the unpeaked pool up: ceil(50 / 0.7) = 72 */
	assert_exact(tu_val(s, "pool_size"), 72);
	scenario_free(s);
	s = tu_load("boe: 1\nset:\n  origin_qps: 200/s * 3\n  service_time: 250 ms\n");
	/* ceil(214.3) */
	assert_exact(tu_val(s, "pool_size"), 215);
	scenario_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timeline_50m_dau),
		cmocka_unit_test(test_news_site),
		cmocka_unit_test(test_bandwidth_table),
		cmocka_unit_test(test_availability_table),
		cmocka_unit_test(test_components_in_series),
		cmocka_unit_test(test_latency_budget_example),
		cmocka_unit_test(test_storage_and_connections),
		cmocka_unit_test(test_servers_rule_of_thumb),
		cmocka_unit_test(test_product_catalog),
		cmocka_unit_test(test_payment_drill),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
