/*
 * The standard quantities of spec §3: one table that the engine, `boe
 * quantities`, the documentation and the interface all read. Order is the
 * order of the derivation chain; section decides where a quantity is shown.
 */
#include <string.h>

#include "boe/scenario.h"

static const StdQuantity table[] = {
	/* Traffic */
	{"dau", "count", SEC_TRAFFIC, "10M", "daily active users", NULL},
	{"requests_per_user", "1/time", SEC_TRAFFIC, "20 / day", "requests one user makes per day", "/day"},
	{"reads_per_write", "factor", SEC_TRAFFIC, "100", "R in an R:1 read:write mix", NULL},
	{"peak_factor", "factor", SEC_TRAFFIC, "3", "peak over average traffic", NULL},
	{"request_rate", "1/time", SEC_TRAFFIC, "dau * requests_per_user", "all requests, from users", NULL},
	{"avg_write_qps", "1/time", SEC_TRAFFIC, "request_rate / (1 + reads_per_write)", "writes per second, on average", NULL},
	{"avg_read_qps", "1/time", SEC_TRAFFIC, "avg_write_qps * reads_per_write", "reads per second, on average", NULL},
	{"avg_qps", "1/time", SEC_TRAFFIC, "avg_read_qps + avg_write_qps", "requests per second, on average", NULL},
	{"peak_read_qps", "1/time", SEC_TRAFFIC, "avg_read_qps * peak_factor", "reads per second at peak", NULL},
	{"peak_write_qps", "1/time", SEC_TRAFFIC, "avg_write_qps * peak_factor", "writes per second at peak", NULL},
	{"peak_qps", "1/time", SEC_TRAFFIC, "peak_read_qps + peak_write_qps", "requests per second at peak", NULL},
	/* Users */
	{"session_length", "time", SEC_USERS, "10 min", "time a user is connected per day", NULL},
	{"concurrent_users", "count", SEC_USERS, "dau * session_length / day * peak_factor", "users online at peak", NULL},
	/* Storage */
	{"object_size", "data", SEC_STORAGE, "1 KB", "bytes stored per write", NULL},
	{"replication", "factor", SEC_STORAGE, "3", "copies kept", NULL},
	{"storage_overhead", "factor", SEC_STORAGE, "1", "indexes, metadata, backups (1.3–2)", NULL},
	{"retention", "time", SEC_STORAGE, "5 year", "how long data is kept", NULL},
	{"raw_storage_per_day", "data/time", SEC_STORAGE, "avg_write_qps * object_size", "new data per day, one copy", "B/day"},
	{"storage_per_day", "data/time", SEC_STORAGE, "raw_storage_per_day * replication * storage_overhead", "new data per day, all copies and overhead", "B/day"},
	{"storage_per_year", "data", SEC_STORAGE, "storage_per_day * year", "data added in a year", NULL},
	{"storage_total", "data", SEC_STORAGE, "storage_per_day * retention", "stored at steady state", NULL},
	/* Bandwidth */
	{"response_size", "data", SEC_BANDWIDTH, "object_size", "bytes per read response", NULL},
	{"egress_avg", "data/time", SEC_BANDWIDTH, "avg_read_qps * response_size", "data served per second, on average", NULL},
	{"egress_peak", "data/time", SEC_BANDWIDTH, "peak_read_qps * response_size", "data served per second at peak", NULL},
	{"ingress_avg", "data/time", SEC_BANDWIDTH, "avg_write_qps * object_size", "data received per second, on average", NULL},
	{"ingress_peak", "data/time", SEC_BANDWIDTH, "peak_write_qps * object_size", "data received per second at peak", NULL},
	{"cdn_hit_ratio", "fraction", SEC_BANDWIDTH, "0", "share of reads served by the CDN (or another edge cache)", "%"},
	{"origin_egress_peak", "data/time", SEC_BANDWIDTH, "egress_peak * (1 - cdn_hit_ratio)", "data the origin serves per second at peak", NULL},
	/* Compute */
	{"origin_read_qps", "1/time", SEC_COMPUTE, "peak_read_qps * (1 - cdn_hit_ratio)", "reads that reach the servers at peak", NULL},
	{"origin_qps", "1/time", SEC_COMPUTE, "origin_read_qps + peak_write_qps", "requests that reach the servers at peak", NULL},
	{"service_time", "time", SEC_COMPUTE, "20 ms", "time a request holds a server (W)", NULL},
	{"concurrency", "count", SEC_COMPUTE, "origin_qps * service_time", "Little's Law L = λW, in flight at peak", NULL},
	{"target_utilization", "fraction", SEC_COMPUTE, "70%", "share of capacity to plan on using", "%"},
	{"pool_size", "count", SEC_COMPUTE, "ceil(concurrency / target_utilization)", "threads / connections to provision", NULL},
	{"server_concurrency", "count", SEC_COMPUTE, "200", "requests one server holds comfortably", NULL},
	{"spare_servers", "count", SEC_COMPUTE, "1", "spares for failures (N+1)", NULL},
	{"servers", "count", SEC_COMPUTE, "ceil(pool_size / server_concurrency) + spare_servers", "application servers", NULL},
	/* Cache & database */
	{"db_pool_per_server", "count", SEC_CACHE_DB, "10", "database connections each server opens", NULL},
	{"db_connections", "count", SEC_CACHE_DB, "servers * db_pool_per_server", "database connections in all", NULL},
	{"cache_hit_ratio", "fraction", SEC_CACHE_DB, "80%", "share of origin reads served by the cache", "%"},
	{"hot_fraction", "fraction", SEC_CACHE_DB, "20%", "share of a day's reads worth caching", "%"},
	{"cache_memory", "data", SEC_CACHE_DB, "avg_read_qps * day * response_size * hot_fraction", "memory to cache the hot set", NULL},
	{"db_read_qps", "1/time", SEC_CACHE_DB, "origin_read_qps * (1 - cache_hit_ratio)", "reads reaching the database at peak", NULL},
	{"db_write_qps", "1/time", SEC_CACHE_DB, "peak_write_qps", "writes reaching the database at peak", NULL},
	{"db_qps", "1/time", SEC_CACHE_DB, "db_read_qps + db_write_qps", "queries reaching the database at peak", NULL},
	{"shard_storage", "data", SEC_CACHE_DB, "1 TB", "data one shard holds", NULL},
	{"shard_write_qps", "1/time", SEC_CACHE_DB, "5000/s", "writes one shard takes", NULL},
	{"shards", "count", SEC_CACHE_DB, "max(ceil(storage_total / shard_storage), ceil(db_write_qps / shard_write_qps), 1)", "database shards", NULL},
	/* Availability */
	{"sla", "fraction", SEC_AVAILABILITY, "99.9%", "availability target", "%"},
	{"downtime_per_year", "time", SEC_AVAILABILITY, "(1 - sla) * year", "downtime the target allows per year", NULL},
	{"downtime_per_month", "time", SEC_AVAILABILITY, "(1 - sla) * month", "downtime the target allows per month", NULL},
	{"downtime_per_week", "time", SEC_AVAILABILITY, "(1 - sla) * week", "downtime the target allows per week", NULL},
	{"downtime_per_day", "time", SEC_AVAILABILITY, "(1 - sla) * day", "downtime the target allows per day", NULL},
	{"error_budget_requests", "count", SEC_AVAILABILITY, "(1 - sla) * avg_qps * month", "failed requests allowed per month", NULL},
	/* Cost */
	{"server_cost", "money/time", SEC_COST, "0 $/month", "cost of one server", "$/month"},
	{"egress_price", "money/data", SEC_COST, "0 $/GB", "price of data served", "$/GB"},
	{"storage_price", "money/data/time", SEC_COST, "0 $/GB/month", "price of data stored", "$/GB/month"},
	{"monthly_cost", "money", SEC_COST, "servers * server_cost * month + egress_avg * month * egress_price + storage_total * storage_price * month", "servers, egress and storage for a month", NULL},
};

const StdQuantity *std_quantities(size_t *n)
{
	*n = ARRAY_LEN(table);
	return table;
}

const StdQuantity *std_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(table); i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

const char *section_name(Section s)
{
	static const char *names[SEC_COUNT] = {
		"Traffic", "Users", "Storage", "Bandwidth", "Compute", "Cache & database",
		"Availability", "Cost", "Defined",
	};
	return s < SEC_COUNT ? names[s] : "?";
}

const char *origin_name(Origin o)
{
	static const char *names[] = {"default", "set", "define", "override"};
	return names[o];
}

Display display_from_hint(const char *hint)
{
	Display d = {0};
	if (!hint)
		return d;
	if (strcmp(hint, "%") == 0)
		d.percent = true;
	if (strstr(hint, "/day")) {
		d.per_time = 86400;
		d.per_time_name = "day";
	}
	if (strstr(hint, "/month")) {
		d.per_time = 2592000;
		d.per_time_name = "month";
	}
	if (strstr(hint, "/GB")) {
		d.per_data = 1e9;
		d.per_data_name = "GB";
	}
	return d;
}
