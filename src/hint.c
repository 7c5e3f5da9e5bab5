/*
 * The hint ladder. The first rung is the idea behind a standard quantity,
 * from a table (the words a coach says, not the formula); a quantity the
 * table does not know (a preset's define) gets the names it is computed
 * from. The second rung is the formula with each name's meaning, from the
 * standard table or the file's note, or for a derived name its own formula.
 * The third is the formula with the numbers put in, as the explanation
 * shows it, stopping before the result.
 */
#include <stdlib.h>
#include <string.h>

#include "boe/hint.h"
#include "boe/util.h"

static const struct Idea {
	const char *name;
	const char *idea;
} ideas[] = {
	{"request_rate", "Requests a day: every user times the requests each makes a day."},
	{"avg_write_qps", "Writes are one part in (1 + R) of an R:1 read:write mix."},
	{"avg_read_qps", "Reads are R times the writes in an R:1 read:write mix."},
	{"avg_qps", "A day has 86,400 s (call it 100K): a daily count over it is a rate per second; reads plus writes."},
	{"peak_read_qps", "Peak is the average times the peak factor."},
	{"peak_write_qps", "Peak is the average times the peak factor."},
	{"peak_qps", "Peak is the average times the peak factor (reads and writes together)."},
	{"concurrent_users", "Users online at once: the share of the day each is connected, times the users, at peak."},
	{"raw_storage_per_day", "New data a day: writes a day times the bytes each one stores."},
	{"storage_per_day", "New data a day: writes a day times the bytes each stores, times every copy kept (and overhead)."},
	{"storage_per_year", "A year is 365 days of new data."},
	{"storage_total", "Storage grows by one day's worth every day, for as long as data is kept."},
	{"egress_avg", "Bandwidth out: reads a second times the bytes each response carries."},
	{"egress_peak", "Bandwidth out at peak: reads a second at peak times the bytes each response carries."},
	{"ingress_avg", "Bandwidth in: writes a second times the bytes each write carries."},
	{"ingress_peak", "Bandwidth in at peak: writes a second at peak times the bytes each carries."},
	{"origin_egress_peak", "Only what the CDN misses leaves the origin."},
	{"origin_read_qps", "Only the reads the CDN misses reach the servers."},
	{"origin_qps", "What reaches the servers: the reads the CDN misses, and every write."},
	{"concurrency", "Little's Law: in flight = rate × time in system."},
	{"pool_size", "Provision for the requests in flight with headroom: divide by the target utilisation."},
	{"servers", "Enough servers for both the request rate and the requests in flight (whichever needs more), plus spares."},
	{"db_connections", "Every server opens its own pool of database connections."},
	{"cache_memory", "80/20: cache the hot share of one day's read volume."},
	{"db_read_qps", "Only cache misses reach the database."},
	{"db_write_qps", "Every write reaches the database."},
	{"db_qps", "The database sees the cache misses plus every write."},
	{"shards", "Enough shards for both the data and the write rate, whichever needs more."},
	{"downtime_per_year", "Downtime allowed: the share of time not up (1 − SLA) times the period."},
	{"downtime_per_month", "Downtime allowed: the share of time not up (1 − SLA) times the period."},
	{"downtime_per_week", "Downtime allowed: the share of time not up (1 − SLA) times the period."},
	{"downtime_per_day", "Downtime allowed: the share of time not up (1 − SLA) times the period."},
	{"error_budget_requests", "The error budget: the share allowed to fail (1 − SLA) times a month's requests."},
	{"monthly_cost", "Add up a month of servers, of data sent and of data stored."},
};

double hint_factor(int h)
{
	static const double f[] = {1, 0.75, 0.5, 0.25};
	return h <= 0 ? 1 : h >= HINT_RUNGS ? f[HINT_RUNGS] : f[h];
}

/* What a name means, in a few words. */
static void meaning(const Scenario *s, int i, Buf *out)
{
	const Quantity *q = &s->q[i];
	if (q->std && q->std->meaning && q->std->meaning[0])
		buf_add(out, q->std->meaning);
	else if (q->note && q->note[0])
		buf_add(out, q->note);
	else if (!q->input && q->formula && q->formula[0])
		buf_printf(out, "%s", q->formula);
	else
		buf_add(out, "given");
}

/* The names q is computed from, in the order they are read, each once. */
static int direct_deps(const Quantity *q, int *out, int max)
{
	int n = 0;
	for (int k = 0; k < q->ndeps && n < max; k++) {
		bool dup = false;
		for (int j = 0; j < n; j++)
			dup = dup || out[j] == q->deps[k];
		if (!dup)
			out[n++] = q->deps[k];
	}
	return n;
}

void hint_rungs(const Scenario *s, int qi, char *out[HINT_RUNGS])
{
	const Quantity *q = &s->q[qi];
	const char *formula = q->formula && q->formula[0] ? q->formula : "";
	int deps[32];
	int nd = direct_deps(q, deps, (int)ARRAY_LEN(deps));
	Buf b = {0};

	/* 1: the idea */
	const char *idea = NULL;
	for (size_t i = 0; i < ARRAY_LEN(ideas) && q->std; i++)
		if (strcmp(ideas[i].name, q->name) == 0)
			idea = ideas[i].idea;
	if (idea) {
		buf_add(&b, idea);
	} else {
		buf_add(&b, "Work it out from ");
		for (int k = 0; k < nd; k++)
			buf_printf(&b, "%s%s", k == 0 ? "" : k == nd - 1 ? " and " : ", ", s->q[deps[k]].name);
		if (nd == 0)
			buf_add(&b, "the givens");
		buf_addc(&b, '.');
	}
	out[0] = text_sanitize(b.s, 0);
	buf_clear(&b);

	/* 2: the formula, every name explained */
	buf_printf(&b, "%s = %s", q->name, formula);
	for (int k = 0; k < nd; k++) {
		buf_add(&b, k == 0 ? ", where " : "; ");
		buf_printf(&b, "%s is ", s->q[deps[k]].name);
		meaning(s, deps[k], &b);
	}
	out[1] = text_sanitize(b.s, 0);
	buf_clear(&b);

	/* 3: the first step with the numbers */
	buf_printf(&b, "%s = %s", q->name, q->substituted && q->substituted[0] ? q->substituted : formula);
	out[2] = text_sanitize(b.s, 0);
	buf_free(&b);
}
