/*
 * The standard quantities of spec §3: one table that the engine, `boe
 * quantities`, the documentation and the interface all read. Order is the
 * order of the derivation chain; section decides where a quantity is shown.
 */
#include <string.h>

#include "boe/scenario.h"

static const StdQuantity table[] = {
	/* Traffic */
	{"dau", "count", SEC_TRAFFIC, "10M", "daily active users", NULL, NULL},
	{"requests_per_user", "1/time", SEC_TRAFFIC, "20 / day", "requests one user makes per day", "/day", NULL},
	{"reads_per_write", "factor", SEC_TRAFFIC, "100", "R in an R:1 read:write mix", NULL, NULL},
	{"peak_factor", "factor", SEC_TRAFFIC, "3", "peak over average traffic", NULL, NULL},
	{"request_rate", "1/time", SEC_TRAFFIC, "dau * requests_per_user", "all requests, from users", NULL, NULL},
	{"avg_write_qps", "1/time", SEC_TRAFFIC, "request_rate / (1 + reads_per_write)", "writes per second, on average", NULL, NULL},
	{"avg_read_qps", "1/time", SEC_TRAFFIC, "avg_write_qps * reads_per_write", "reads per second, on average", NULL, NULL},
	{"avg_qps", "1/time", SEC_TRAFFIC, "avg_read_qps + avg_write_qps", "requests per second, on average", NULL, NULL},
	{"peak_read_qps", "1/time", SEC_TRAFFIC, "avg_read_qps * peak_factor", "reads per second at peak", NULL, NULL},
	{"peak_write_qps", "1/time", SEC_TRAFFIC, "avg_write_qps * peak_factor", "writes per second at peak", NULL, NULL},
	{"peak_qps", "1/time", SEC_TRAFFIC, "peak_read_qps + peak_write_qps", "requests per second at peak", NULL, NULL},
	/* Users */
	{"session_length", "time", SEC_USERS, "10 min", "time a user is connected per day", NULL, NULL},
	{"concurrent_users", "count", SEC_USERS, "dau * session_length / day * peak_factor", "users online at peak", NULL, NULL},
	/* Storage */
	{"object_size", "data", SEC_STORAGE, "1 KB", "bytes stored per write", NULL, NULL},
	{"replication", "factor", SEC_STORAGE, "3", "copies kept", NULL, NULL},
	{"storage_overhead", "factor", SEC_STORAGE, "1", "multiplier for indexes, metadata and backups: 1 is none; rows often need 1.3–1.5, and 2 with backups", NULL, NULL},
	{"retention", "time", SEC_STORAGE, "5 year", "how long data is kept", NULL, NULL},
	{"raw_storage_per_day", "data/time", SEC_STORAGE, "avg_write_qps * object_size", "new data per day, one copy", "B/day", NULL},
	{"storage_per_day", "data/time", SEC_STORAGE, "raw_storage_per_day * replication * storage_overhead", "new data per day, all copies and overhead", "B/day", NULL},
	{"storage_per_year", "data", SEC_STORAGE, "storage_per_day * year", "data added in a year", NULL, NULL},
	{"storage_total", "data", SEC_STORAGE, "storage_per_day * retention", "stored at steady state", NULL, NULL},
	/* Bandwidth */
	{"response_size", "data", SEC_BANDWIDTH, "object_size", "bytes per read response", NULL, NULL},
	{"egress_avg", "data/time", SEC_BANDWIDTH, "avg_read_qps * response_size", "data served per second, on average", NULL, NULL},
	{"egress_peak", "data/time", SEC_BANDWIDTH, "peak_read_qps * response_size", "data served per second at peak", NULL, NULL},
	{"ingress_avg", "data/time", SEC_BANDWIDTH, "avg_write_qps * object_size", "data received per second, on average", NULL, NULL},
	{"ingress_peak", "data/time", SEC_BANDWIDTH, "peak_write_qps * object_size", "data received per second at peak", NULL, NULL},
	{"cdn_hit_ratio", "fraction", SEC_BANDWIDTH, "0", "share of reads served by the CDN (or another edge cache)", "%", NULL},
	{"origin_egress_peak", "data/time", SEC_BANDWIDTH, "egress_peak * (1 - cdn_hit_ratio)", "data the origin serves per second at peak", NULL, NULL},
	/* Compute */
	{"origin_read_qps", "1/time", SEC_COMPUTE, "peak_read_qps * (1 - cdn_hit_ratio)", "reads that reach the servers at peak", NULL, NULL},
	{"origin_qps", "1/time", SEC_COMPUTE, "origin_read_qps + peak_write_qps", "requests that reach the servers at peak", NULL, NULL},
	{"service_time", "time", SEC_COMPUTE, "20 ms", "time a request holds a server (W)", NULL, NULL},
	{"concurrency", "count", SEC_COMPUTE, "origin_qps * service_time", "Little's Law L = λW, in flight at peak", NULL, NULL},
	{"target_utilization", "fraction", SEC_COMPUTE, "70%", "share of capacity to plan on using", "%", NULL},
	{"pool_size", "count", SEC_COMPUTE, "ceil(concurrency / target_utilization)", "threads / connections to provision", NULL, NULL},
	{"server_rps", "1/time", SEC_COMPUTE, "1000/s", "requests per second one server sustains (rule of thumb: 500–2,000 for light JSON)", NULL, NULL},
	{"server_concurrency", "count", SEC_COMPUTE, "200", "requests one server holds in flight comfortably", NULL, NULL},
	{"spare_servers", "count", SEC_COMPUTE, "1", "spares for failures (N+1)", NULL, NULL},
	{"servers", "count", SEC_COMPUTE, "max(ceil(origin_qps / server_rps), ceil(pool_size / server_concurrency)) + spare_servers",
	 "application servers: the larger of the throughput and the in-flight bound, plus spares", NULL,
	 "throughput|in flight"},
	/* Cache & database */
	{"db_pool_per_server", "count", SEC_CACHE_DB, "10", "database connections each server opens", NULL, NULL},
	{"db_connections", "count", SEC_CACHE_DB, "servers * db_pool_per_server", "database connections in all", NULL, NULL},
	{"cache_hit_ratio", "fraction", SEC_CACHE_DB, "80%", "share of origin reads served by the cache", "%", NULL},
	{"hot_fraction", "fraction", SEC_CACHE_DB, "20%", "share of a day's reads worth caching", "%", NULL},
	{"cache_memory", "data", SEC_CACHE_DB, "avg_read_qps * day * response_size * hot_fraction", "memory for the hot set: the textbook 80/20 rule over a day's read volume; where reads repeat a small hot set, a preset sets it from that working set", NULL, NULL},
	{"db_read_qps", "1/time", SEC_CACHE_DB, "origin_read_qps * (1 - cache_hit_ratio)", "reads reaching the database at peak", NULL, NULL},
	{"db_write_qps", "1/time", SEC_CACHE_DB, "peak_write_qps", "writes reaching the database at peak", NULL, NULL},
	{"db_qps", "1/time", SEC_CACHE_DB, "db_read_qps + db_write_qps", "queries reaching the database at peak", NULL, NULL},
	{"shard_storage", "data", SEC_CACHE_DB, "1 TB", "data one shard holds", NULL, NULL},
	{"shard_write_qps", "1/time", SEC_CACHE_DB, "5000/s", "writes one shard takes", NULL, NULL},
	{"shards", "count", SEC_CACHE_DB, "max(ceil(storage_total / shard_storage), ceil(db_write_qps / shard_write_qps), 1)", "database shards: the larger of the storage and the write bound", NULL,
	 "storage|writes|minimum"},
	/* Availability */
	{"sla", "fraction", SEC_AVAILABILITY, "99.9%", "availability target", "%", NULL},
	{"downtime_per_year", "time", SEC_AVAILABILITY, "(1 - sla) * year", "downtime the target allows per year", NULL, NULL},
	{"downtime_per_month", "time", SEC_AVAILABILITY, "(1 - sla) * month", "downtime the target allows per month", NULL, NULL},
	{"downtime_per_week", "time", SEC_AVAILABILITY, "(1 - sla) * week", "downtime the target allows per week", NULL, NULL},
	{"downtime_per_day", "time", SEC_AVAILABILITY, "(1 - sla) * day", "downtime the target allows per day", NULL, NULL},
	{"error_budget_requests", "count", SEC_AVAILABILITY, "(1 - sla) * avg_qps * month", "failed requests allowed per month", NULL, NULL},
	/* Cost */
	{"server_cost", "money/time", SEC_COST, "0 $/month", "cost of one server", "$/month", NULL},
	{"egress_price", "money/data", SEC_COST, "0 $/GB", "price of data served", "$/GB", NULL},
	{"storage_price", "money/data/time", SEC_COST, "0 $/GB/month", "price of data stored", "$/GB/month", NULL},
	{"monthly_cost", "money", SEC_COST, "servers * server_cost * month + egress_avg * month * egress_price + storage_total * storage_price * month", "servers, egress and storage for a month", NULL, NULL},
};

const StdQuantity *std_quantities(size_t *n)
{
	*n = ARRAY_LEN(table);
	return table;
}

const StdQuantity *std_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(table); i++)
		if (table[i].name[0] == name[0] && strcmp(table[i].name, name) == 0)
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
