/*
 * Units of the units language and the display of values.
 *
 * Unit words are held in one table built on first use: fixed words (time,
 * money, rates, count nouns) plus every data unit with its SI or IEC prefix,
 * in bytes and bits, with the "ps" (per second) suffix.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boe/units.h"
#include "boe/util.h"

Dim dim_mul(Dim a, Dim b)
{
	return (Dim){(signed char)(a.t + b.t), (signed char)(a.d + b.d), (signed char)(a.m + b.m)};
}

Dim dim_div(Dim a, Dim b)
{
	return (Dim){(signed char)(a.t - b.t), (signed char)(a.d - b.d), (signed char)(a.m - b.m)};
}

Dim dim_pow(Dim a, int n)
{
	return (Dim){(signed char)(a.t * n), (signed char)(a.d * n), (signed char)(a.m * n)};
}

/* Writes the parts of d in the order money, data, time as "num/den/den". */
static void put(char *out, size_t n, size_t *k, const char *s)
{
	while (*s && *k + 1 < n)
		out[(*k)++] = *s++;
	out[*k] = '\0';
}

static void put_exp(char *out, size_t n, size_t *k, int e)
{
	if (e <= 1)
		return; /* a plain power: nothing to write */
	char t[16];
	snprintf(t, sizeof t, "^%d", e);
	put(out, n, k, t);
}

/* Writes the parts of d in the order money, data, time as "num/den/den". */
static void dim_compose(Dim d, const char *names[3], const char *one, const char *none,
			char *out, size_t n)
{
	int exps[3] = {d.m, d.d, d.t};
	size_t k = 0;
	int nnum = 0, nden = 0;
	out[0] = '\0';
	for (int i = 0; i < 3; i++) {
		if (exps[i] <= 0)
			continue;
		if (nnum++)
			put(out, n, &k, "*");
		put(out, n, &k, names[i]);
		put_exp(out, n, &k, exps[i]);
	}
	for (int i = 0; i < 3; i++) {
		if (exps[i] >= 0)
			continue;
		if (nnum == 0 && nden == 0)
			put(out, n, &k, one);
		nden++;
		put(out, n, &k, "/");
		put(out, n, &k, names[i]);
		put_exp(out, n, &k, -exps[i]);
	}
	if (nnum == 0 && nden == 0)
		put(out, n, &k, none);
}

void dim_name(Dim d, char *out, size_t n)
{
	static const char *names[3] = {"money", "data", "time"};
	dim_compose(d, names, "1", "count", out, n);
}

void dim_base_unit(Dim d, char *out, size_t n)
{
	static const char *names[3] = {"$", "B", "s"};
	dim_compose(d, names, "1", "", out, n);
}

bool dim_parse(const char *s, Dim *out)
{
	static const struct { const char *name; Dim dim; } known[] = {
		{"count", {0, 0, 0}}, {"factor", {0, 0, 0}}, {"fraction", {0, 0, 0}},
		{"time", {1, 0, 0}}, {"1/time", {-1, 0, 0}}, {"data", {0, 1, 0}},
		{"data/time", {-1, 1, 0}}, {"money", {0, 0, 1}}, {"money/time", {-1, 0, 1}},
		{"money/data", {0, -1, 1}}, {"money/data/time", {-1, -1, 1}},
	};
	for (size_t i = 0; i < ARRAY_LEN(known); i++)
		if (s[0] == known[i].name[0] && strcmp(s, known[i].name) == 0) {
			*out = known[i].dim;
			return true;
		}
	return false;
}

/* ---- the unit table ---- */

#define T(n, f) {n, f, {1, 0, 0}, 0}
#define N(n) {n, 1, {0, 0, 0}, UNIT_NOUN}
static const Unit fixed_units[] = {
	T("ns", 1e-9), T("us", 1e-6), T("µs", 1e-6), T("μs", 1e-6), T("ms", 1e-3),
	T("s", 1), T("sec", 1), T("secs", 1), T("second", 1), T("seconds", 1),
	T("min", 60), T("mins", 60), T("minute", 60), T("minutes", 60),
	T("h", 3600), T("hr", 3600), T("hrs", 3600), T("hour", 3600), T("hours", 3600),
	T("day", 86400), T("days", 86400),
	T("week", 604800), T("weeks", 604800), T("wk", 604800),
	T("month", 2592000), T("months", 2592000), T("mo", 2592000),
	T("year", 31536000), T("years", 31536000), T("yr", 31536000), T("yrs", 31536000),
	{"$", 1, {0, 0, 1}, 0}, {"USD", 1, {0, 0, 1}, 0}, {"usd", 1, {0, 0, 1}, 0},
	{"dollar", 1, {0, 0, 1}, 0}, {"dollars", 1, {0, 0, 1}, 0},
	{"cent", 0.01, {0, 0, 1}, 0}, {"cents", 0.01, {0, 0, 1}, 0},
	{"ps", 1, {-1, 0, 0}, 0}, {"qps", 1, {-1, 0, 0}, 0}, {"QPS", 1, {-1, 0, 0}, 0},
	{"rps", 1, {-1, 0, 0}, 0}, {"RPS", 1, {-1, 0, 0}, 0}, {"tps", 1, {-1, 0, 0}, 0},
	{"TPS", 1, {-1, 0, 0}, 0},
	{"percent", 0.01, {0, 0, 0}, UNIT_PERCENT},
	{"kilobyte", 1e3, {0, 1, 0}, 0}, {"kilobytes", 1e3, {0, 1, 0}, 0},
	{"megabyte", 1e6, {0, 1, 0}, 0}, {"megabytes", 1e6, {0, 1, 0}, 0},
	{"gigabyte", 1e9, {0, 1, 0}, 0}, {"gigabytes", 1e9, {0, 1, 0}, 0},
	{"terabyte", 1e12, {0, 1, 0}, 0}, {"terabytes", 1e12, {0, 1, 0}, 0},
	{"petabyte", 1e15, {0, 1, 0}, 0}, {"petabytes", 1e15, {0, 1, 0}, 0},
	/* count nouns, as the sources write "1B messages/day" */
	N("user"), N("users"), N("request"), N("requests"), N("req"), N("reqs"),
	N("message"), N("messages"), N("msg"), N("msgs"), N("view"), N("views"),
	N("pageview"), N("pageviews"), N("event"), N("events"), N("click"), N("clicks"),
	N("tweet"), N("tweets"), N("post"), N("posts"), N("photo"), N("photos"),
	N("image"), N("images"), N("video"), N("videos"), N("item"), N("items"),
	N("write"), N("writes"), N("read"), N("reads"), N("query"), N("queries"),
	N("op"), N("ops"), N("operation"), N("operations"), N("notification"),
	N("notifications"), N("page"), N("pages"), N("url"), N("urls"), N("URL"), N("URLs"),
	N("file"), N("files"), N("order"), N("orders"), N("connection"), N("connections"),
	N("conn"), N("conns"), N("point"), N("points"), N("transaction"), N("transactions"),
	N("txn"), N("txns"), N("upload"), N("uploads"), N("download"), N("downloads"),
	N("login"), N("logins"), N("search"), N("searches"), N("session"), N("sessions"),
	N("record"), N("records"), N("row"), N("rows"), N("doc"), N("docs"),
	N("document"), N("documents"), N("object"), N("objects"), N("ride"), N("rides"),
	N("trip"), N("trips"), N("booking"), N("bookings"), N("ticket"), N("tickets"),
	N("payment"), N("payments"), N("metric"), N("metrics"), N("sample"), N("samples"),
	N("key"), N("keys"), N("server"), N("servers"), N("node"), N("nodes"),
	N("replica"), N("replicas"), N("shard"), N("shards"), N("thread"), N("threads"),
	N("worker"), N("workers"), N("device"), N("devices"), N("driver"), N("drivers"),
	N("rider"), N("riders"), N("host"), N("hosts"), N("update"), N("updates"),
	N("like"), N("likes"), N("comment"), N("comments"), N("chunk"), N("chunks"),
	N("ad"), N("ads"), N("impression"), N("impressions"), N("job"), N("jobs"),
	N("task"), N("tasks"), N("frame"), N("frames"), N("packet"), N("packets"),
	N("call"), N("calls"), N("paste"), N("pastes"), N("link"), N("links"),
	N("token"), N("tokens"), N("product"), N("products"), N("review"), N("reviews"),
	N("question"), N("questions"), N("answer"), N("answers"), N("vote"), N("votes"),
	N("edit"), N("edits"), N("meeting"), N("meetings"), N("participant"),
	N("participants"), N("stream"), N("streams"), N("location"), N("locations"),
	N("tag"), N("tags"), N("counter"), N("counters"), N("entry"), N("entries"),
	N("hit"), N("hits"), N("lookup"), N("lookups"), N("purchase"), N("purchases"),
	N("seat"), N("seats"), N("room"), N("rooms"), N("listing"), N("listings"),
	N("business"), N("businesses"), N("place"), N("places"), N("character"),
	N("characters"), N("char"), N("chars"), N("word"), N("words"),
	N("visit"), N("visits"), N("action"), N("actions"), N("person"), N("people"),
	N("follower"), N("followers"), N("crawl"), N("crawls"), N("cake"), N("cakes"),
};
#undef T
#undef N

static Unit *all_units;
static unsigned char *unit_lens;
static size_t n_all_units;
static char names_pool[16384];

static int *unit_index;	/* hash of the names: an index into all_units, or -1 */
static size_t unit_slots;

static void add_unit(size_t *cap, const char *name, double f, Dim d, unsigned flags)
{
	if (n_all_units == *cap) {
		*cap *= 2;
		all_units = xrealloc(all_units, *cap * sizeof *all_units);
	}
	all_units[n_all_units++] = (Unit){name, f, d, flags};
}

static pthread_once_t units_once = PTHREAD_ONCE_INIT;

static void make_units(void)
{
	size_t cap = 512;
	all_units = xmalloc(cap * sizeof *all_units);
	unit_lens = NULL;
	for (size_t i = 0; i < ARRAY_LEN(fixed_units); i++)
		add_unit(&cap, fixed_units[i].name, fixed_units[i].factor, fixed_units[i].dim,
			 fixed_units[i].flags);
	static const struct { const char *p; double f; unsigned flags; } prefixes[] = {
		{"", 1, 0}, {"K", 1e3, 0}, {"k", 1e3, 0}, {"M", 1e6, 0}, {"G", 1e9, 0},
		{"T", 1e12, 0}, {"P", 1e15, 0}, {"E", 1e18, 0},
		{"Ki", 1024.0, UNIT_IEC}, {"Mi", 1048576.0, UNIT_IEC},
		{"Gi", 1073741824.0, UNIT_IEC}, {"Ti", 1099511627776.0, UNIT_IEC},
		{"Pi", 1125899906842624.0, UNIT_IEC}, {"Ei", 1152921504606846976.0, UNIT_IEC},
	};
	static const struct { const char *b; double f; unsigned flags; } bases[] = {
		{"B", 1, 0}, {"byte", 1, 0}, {"bytes", 1, 0},
		{"b", 0.125, UNIT_BITS}, {"bit", 0.125, UNIT_BITS}, {"bits", 0.125, UNIT_BITS},
	};
	size_t used = 0;
	for (size_t p = 0; p < ARRAY_LEN(prefixes); p++) {
		for (size_t b = 0; b < ARRAY_LEN(bases); b++) {
			/* prefixed words only for the short forms and "bit(s)" ("Kbit", not "Kbyte") */
			if (prefixes[p].p[0] && (strcmp(bases[b].b, "byte") == 0 ||
						 strcmp(bases[b].b, "bytes") == 0))
				continue;
			for (int ps = 0; ps < 2; ps++) {
				/* "ps" only on the short forms: Gbps, MBps, bps */
				if (ps && strlen(bases[b].b) > 1)
					continue;
				char *name = names_pool + used;
				str_join(name, sizeof names_pool - used, prefixes[p].p, bases[b].b, ps ? "ps" : "", NULL);
				used += strlen(name) + 1;
				Dim d = ps ? DIM_DATA_RATE : DIM_DATA;
				add_unit(&cap, name, prefixes[p].f * bases[b].f, d,
					 prefixes[p].flags | bases[b].flags);
			}
		}
	}
	unit_lens = xmalloc(n_all_units);
	for (size_t i = 0; i < n_all_units; i++)
		unit_lens[i] = (unsigned char)strlen(all_units[i].name);
	/* the names hashed, open addressing at most half full; the first of a name wins, as in a scan */
	for (unit_slots = 64; unit_slots < 2 * n_all_units; unit_slots *= 2)
		;
	unit_index = xmalloc(unit_slots * sizeof *unit_index);
	for (size_t i = 0; i < unit_slots; i++)
		unit_index[i] = -1;
	for (size_t i = 0; i < n_all_units; i++) {
		size_t h = str_hash_n(all_units[i].name, unit_lens[i]) & (unit_slots - 1);
		bool dup = false;
		while (unit_index[h] >= 0 && !dup) {
			int k = unit_index[h];
			dup = unit_lens[k] == unit_lens[i] && memcmp(all_units[k].name, all_units[i].name, unit_lens[i]) == 0;
			h = (h + 1) & (unit_slots - 1);
		}
		if (!dup)
			unit_index[h] = (int)i;
	}
}

/* The table is built on first use, once for every thread. */
static void build_units(void)
{
	pthread_once(&units_once, make_units);
}

const Unit *unit_table(size_t *n)
{
	build_units();
	*n = n_all_units;
	return all_units;
}

const Unit *unit_lookup(const char *s, size_t n)
{
	build_units();
	for (size_t h = str_hash_n(s, n) & (unit_slots - 1); unit_index[h] >= 0; h = (h + 1) & (unit_slots - 1)) {
		int k = unit_index[h];
		if (unit_lens[k] == n && memcmp(all_units[k].name, s, n) == 0)
			return &all_units[k];
	}
	return NULL;
}

const char *unit_suggest(const char *s, size_t n)
{
	static _Thread_local char out[48];
	char word[48];
	if (n >= sizeof word)
		return NULL;
	memcpy(word, s, n);
	word[n] = '\0';
	/* "MBs" meant "MB/s"; "Gbs" meant "Gb/s" */
	if (n >= 2 && word[n - 1] == 's') {
		const Unit *u = unit_lookup(word, n - 1);
		if (u && dim_eq(u->dim, DIM_DATA)) {
			snprintf(out, sizeof out, "%.*s/s", (int)(n - 1), word);
			return out;
		}
	}
	/* "mb" meant "MB": a lowercase prefix other than k */
	if (n >= 2 && word[0] >= 'a' && word[0] <= 'z' && word[0] != 'k') {
		char up[48];
		memcpy(up, word, n + 1);
		up[0] = (char)(up[0] - 'a' + 'A');
		/* network rates are in bits ("gbps" is Gbps); sizes in bytes ("mb" is MB) */
		if (!strstr(up, "ps"))
			for (size_t i = 1; i < n; i++)
				if (up[i] == 'b')
					up[i] = 'B';
		if (unit_lookup(up, n)) {
			str_join(out, sizeof out, up, NULL);
			return out;
		}
	}
	build_units();
	const char **cands = xmalloc(n_all_units * sizeof *cands);
	for (size_t i = 0; i < n_all_units; i++)
		cands[i] = all_units[i].name;
	const char *best = suggest_name(word, cands, n_all_units);
	if (best)
		str_join(out, sizeof out, best, NULL);
	free(cands);
	return best ? out : NULL;
}

/* ---- formatting ---- */

/* "2e+15" -> "2e15", "1e-05" -> "1e-5" */
static void tidy_exponent(char *s)
{
	char *e = strchr(s, 'e');
	if (!e)
		return;
	char *src = e + 1, *dst = e + 1;
	if (*src == '+')
		src++;
	else if (*src == '-')
		*dst++ = *src++;
	while (*src == '0' && src[1])
		src++;
	memmove(dst, src, strlen(src) + 1);
}

static void strip_zeros(char *s)
{
	char *dot = strchr(s, '.');
	if (!dot)
		return;
	char *e = s + strlen(s) - 1;
	while (e > dot && *e == '0')
		*e-- = '\0';
	if (e == dot)
		*e = '\0';
}

/* 10^-22 to 10^22: from 10^0 on each exactly a double, below it the nearest one */
static const double pow10_tab[] = {
	1e-22, 1e-21, 1e-20, 1e-19, 1e-18, 1e-17, 1e-16, 1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8,
	1e-7,  1e-6,  1e-5,  1e-4,  1e-3,  1e-2,  1e-1,	1,     1e1,   1e2,   1e3,   1e4,   1e5,   1e6,  1e7,
	1e8,   1e9,   1e10,  1e11,  1e12,  1e13,  1e14,	1e15,  1e16,  1e17,  1e18,  1e19,  1e20,  1e21, 1e22,
};
#define POW10(k) pow10_tab[(k) + 22]

double units_pow10(int k)
{
	return k >= 0 && k <= 22 ? POW10(k) : pow(10, k);
}

int units_floor_log10(double a)
{
	if (!(a >= 1e-21 && a < 1e21))
		return (int)floor(log10(a));
	/*
	 * from the binary exponent e (2^e <= a < 2^(e+1)): e·log10(2) rounded
	 * down is the answer or one less, and e·1233/4096 that or one less
	 * again; a step against the table mends one, and what is still off,
	 * or within 1e-13 of a power of ten (where log10's rounding may cross
	 * the whole number), is left to log10
	 */
	uint64_t bits;
	memcpy(&bits, &a, sizeof bits);
	int e = (int)((bits >> 52) & 0x7FF) - 1023;
	int m = (e * 1233 + 4096 * 32) / 4096 - 32; /* floor(e·log10(2)) or one off, for |e| < 100 */
	if (a < POW10(m))
		m--;
	else if (a >= POW10(m + 1))
		m++;
	if (a < POW10(m) * (1 + 1e-13) || a > POW10(m + 1) * (1 - 1e-13))
		return (int)floor(log10(a));
	return m;
}

/* "00" to "99": two digits for each division by 100 */
static const char digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

void units_format_scaled(unsigned long long m, int dec, bool neg, char *out)
{
	/* the fraction's trailing zeros are not shown: they go first, and with them a point left bare */
	while (dec > 0 && m % 10 == 0)
		m /= 10, dec--;
	/* then the digits from the last, two at a time: the dec after the point, then at least one before it */
	char tmp[48], *p = tmp + sizeof tmp;
	*--p = '\0';
	int i = 0;
	for (; dec - i >= 2; i += 2, m /= 100)
		memcpy(p -= 2, digit_pairs + 2 * (m % 100), 2);
	if (i < dec) {
		*--p = (char)('0' + m % 10);
		m /= 10;
	}
	if (dec > 0)
		*--p = '.';
	for (; m >= 100; m /= 100)
		memcpy(p -= 2, digit_pairs + 2 * (m % 100), 2);
	if (m >= 10)
		memcpy(p -= 2, digit_pairs + 2 * m, 2);
	else
		*--p = (char)('0' + m);
	if (neg)
		*--p = '-';
	memcpy(out, p, (size_t)(tmp + sizeof tmp - p));
}

bool units_digits17(double a, unsigned long long *m, int *dec)
{
#ifdef __SIZEOF_INT128__
	__extension__ typedef unsigned __int128 U128;
	if (!(a >= 1e-4 && a < 1e16))
		return false;
	/* a = f 2^e exactly, f a whole number below 2^53 */
	int e;
	double frac = frexp(a, &e);
	uint64_t f = (uint64_t)ldexp(frac, 53);
	e -= 53;
	int mag = (int)floor(log10(a)); /* may be one off near a power of ten: the count of digits below tells */
	int d = 16 - mag;
	if (e >= 0 || d < 0 || d > 20)
		return false;
	/* a 10^d = f 10^d / 2^-e: below 2^120, then rounded half to even as printf rounds */
	U128 p = f;
	for (int i = 0; i < d; i++)
		p *= 10;
	int s = -e;
	if (s >= 127)
		return false;
	U128 q = p >> s, r = p - (q << s), half = (U128)1 << (s - 1);
	if (r > half || (r == half && (q & 1)))
		q++;
	if (q < 10000000000000000ull || q >= 100000000000000000ull)
		return false;
	*m = (unsigned long long)q;
	*dec = d;
	return true;
#else
	(void)a, (void)m, (void)dec;
	return false;
#endif
}

/* x >= 0 in fixed notation with sig significant digits (at most 20 decimals). */
static void fmt_fixed(double x, int sig, char *out, size_t n)
{
	if (x == 0) {
		str_join(out, n, "0", NULL);
		return;
	}
	int mag = units_floor_log10(x);
	int dec = sig - 1 - mag;
	if (dec < 0)
		dec = 0;
	if (dec > 20)
		dec = 20;
	double scaled = x * units_pow10(dec);
	if (scaled < 9e15 && n >= 32) {
		units_format_scaled((unsigned long long)llround(scaled), dec, false, out);
	} else {
		snprintf(out, n, "%.*f", dec, x);
		strip_zeros(out);
	}
}

/*
 * x >= 0 with sig significant digits. Below 0.001 of its unit it switches to
 * an exponent, as counts do ("1e-12" TB, "3.17e-17" year), so that nothing
 * non-zero is ever shown as 0; so does a huge number ("1e150" %).
 */
static void fmt_sig(double x, int sig, char *out, size_t n)
{
	if ((x != 0 && x < 1e-3) || x >= 1e15) {
		snprintf(out, n, "%.*g", sig, x);
		tidy_exponent(out);
		return;
	}
	fmt_fixed(x, sig, out, n);
}

/* Inserts thousands separators into the integer part of a plain number. */
static void group_thousands(char *s, size_t n)
{
	char *start = s + (*s == '-');
	char *dot = strchr(start, '.');
	size_t ilen = dot ? (size_t)(dot - start) : strlen(start);
	if (ilen <= 4)
		return;
	char tmp[64];
	size_t k = 0;
	for (size_t i = 0; i < ilen && k + 2 < sizeof tmp; i++) {
		if (i && (ilen - i) % 3 == 0)
			tmp[k++] = ',';
		tmp[k++] = start[i];
	}
	str_join(tmp + k, sizeof tmp - k, start + ilen, NULL);
	str_join(start, n - (size_t)(start - s), tmp, NULL);
}

void units_format_plain(double v, int sig, char *out, size_t n)
{
	double a = fabs(v);
	if (a != 0 && (a >= 1e15 || a < 1e-6)) {
		snprintf(out, n, "%.*g", sig, v);
		tidy_exponent(out);
		return;
	}
	char tmp[64];
	int mag = a > 0 ? units_floor_log10(a) : 0;
	if (mag >= sig) {
		/* beyond sig digits, round and keep the zeros: 976,562 -> 977,000 */
		double p = pow(10, mag - sig + 1);
		snprintf(tmp, sizeof tmp, "%.0f", round(a / p) * p);
	} else {
		fmt_fixed(a, sig, tmp, sizeof tmp);
	}
	str_join(out, n, v < 0 ? "-" : "", tmp, NULL);
	group_thousands(out, n);
}

void units_format_count(double v, char *out, size_t n)
{
	static const struct { double f; const char *s; } tiers[] = {
		{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "K"},
	};
	double a = fabs(v);
	const char *sign = v < 0 ? "-" : "";
	char tmp[64];
	if (a != 0 && (a >= 999.5e12 || a < 1e-3)) {
		snprintf(tmp, sizeof tmp, "%.3g", a);
		tidy_exponent(tmp);
		str_join(out, n, sign, tmp, NULL);
		return;
	}
	for (size_t i = 0; i < ARRAY_LEN(tiers); i++) {
		/* 999.6K rounds to 1M, so compare against the rounding edge */
		if (a >= tiers[i].f * 0.9995) {
			fmt_sig(a / tiers[i].f, 3, tmp, sizeof tmp);
			str_join(out, n, sign, tmp, tiers[i].s, NULL);
			return;
		}
	}
	fmt_sig(a, 3, tmp, sizeof tmp);
	str_join(out, n, sign, tmp, NULL);
}

static void fmt_percent(double v, char *num, size_t n)
{
	double pct = v * 100;
	double c = 100 - pct;
	if (v < 1 && v >= 0.99 && c > 0) {
		/* three significant digits of what is missing: 99.9899%, not 99.99% */
		int dec = (int)floor(-log10(c)) + 3;
		if (dec < 1)
			dec = 1;
		if (dec > 12) {
			/* beyond what a double can tell from 100%: say how close instead */
			snprintf(num, n, ">99.999999999");
			return;
		}
		/*
		 * what "%.*f" and strip_zeros write, without printf: pct·10^dec
		 * is within one rounding of the exact product, so when no half
		 * lies that close, both round it to the same whole number
		 */
		double scaled = pct * units_pow10(dec), frac = scaled - floor(scaled);
		if (n >= 32 && scaled < 9e15 && fabs(frac - 0.5) > scaled * 4e-16) {
			units_format_scaled((unsigned long long)llround(scaled), dec, false, num);
			return;
		}
		snprintf(num, n, "%.*f", dec, pct);
		strip_zeros(num);
	} else {
		char tmp[64];
		fmt_sig(fabs(pct), 3, tmp, sizeof tmp);
		str_join(num, n, pct < 0 ? "-" : "", tmp, NULL);
	}
}

typedef struct Scale { double f; const char *name; } Scale;

static const Scale time_scales[] = {
	{31536000, "years"}, {86400, "days"}, {3600, "h"}, {60, "min"}, {1, "s"},
	{1e-3, "ms"}, {1e-6, "µs"}, {1e-9, "ns"},
};

static void pick_time(double a, double *f, const char **name)
{
	for (size_t i = 0; i < ARRAY_LEN(time_scales); i++)
		if (a >= time_scales[i].f * 0.9995 || i + 1 == ARRAY_LEN(time_scales)) {
			*f = time_scales[i].f;
			*name = time_scales[i].name;
			return;
		}
}

static const char *singular(const char *name, const char *num)
{
	if (strcmp(num, "1") != 0)
		return name;
	if (strcmp(name, "years") == 0)
		return "year";
	if (strcmp(name, "days") == 0)
		return "day";
	return name;
}

/* Data amount: number and unit ("70", "MB"); per-second adds "/s" or "ps". */
static void fmt_data(double bytes, bool bits, bool iec, char *num, size_t nn, char *unit,
		     size_t nu)
{
	static const char *si[] = {"", "K", "M", "G", "T", "P", "E"};
	static const char *bin[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
	/* 1000^p and 1024^p, each exactly a double (as pow gives them) */
	static const double si_pow[] = {1, 1e3, 1e6, 1e9, 1e12, 1e15, 1e18};
	static const double bin_pow[] = {1, 0x1p10, 0x1p20, 0x1p30, 0x1p40, 0x1p50, 0x1p60};
	const double *pw = iec ? bin_pow : si_pow;
	double x = bits ? bytes * 8 : bytes;
	double a = fabs(x);
	int p = 0;
	while (p < 6 && a >= pw[p + 1] * 0.9995)
		p++;
	char tmp[64];
	if (a / pw[p] >= 999.5)
		units_format_count(a / pw[p], tmp, sizeof tmp); /* beyond exabytes */
	else
		fmt_sig(a / pw[p], 3, tmp, sizeof tmp);
	str_join(num, nn, x < 0 ? "-" : "", tmp, NULL);
	str_join(unit, nu, iec ? bin[p] : si[p], bits ? "b" : "B", NULL);
}

static double rate_denominator(double per_s, double *f, const char **name)
{
	static const Scale dens[] = {
		{1, "s"}, {60, "min"}, {3600, "h"}, {86400, "day"}, {2592000, "month"},
		{31536000, "year"},
	};
	double a = fabs(per_s);
	for (size_t i = 0; i < ARRAY_LEN(dens); i++)
		if (a * dens[i].f >= 0.9995 || i + 1 == ARRAY_LEN(dens) || a == 0) {
			*f = dens[i].f;
			*name = dens[i].name;
			return a * dens[i].f;
		}
	return a;
}

void units_format_parts(double v, Dim d, const Display *disp, const DisplayPrefs *prefs,
			char *num, size_t nnum, char *unit, size_t nunit)
{
	static const Display none;
	if (!disp)
		disp = &none;
	bool iec = disp->iec || (prefs && prefs->iec);
	num[0] = unit[0] = '\0';
	if (disp->fixed_name[0]) {
		double x = v / disp->fixed_scale;
		if (strcmp(disp->fixed_name, "%") == 0) {
			fmt_percent(v, num, nnum);
			str_join(unit, nunit, "%", NULL);
		} else if (disp->fixed_name[0] == '/') {
			units_format_count(x, num, nnum);
			str_join(unit, nunit, disp->fixed_name, NULL);
		} else if (disp->fixed_name[0] == '$') {
			/* money reads "$82.2K/month", the sign before the number */
			char tmp[64];
			if (fabs(x) < 1 && x != 0)
				fmt_sig(fabs(x), 3, tmp, sizeof tmp);
			else
				units_format_count(fabs(x), tmp, sizeof tmp);
			str_join(num, nnum, x < 0 ? "-" : "", "$", tmp, NULL);
			str_join(unit, nunit, disp->fixed_name + 1, NULL);
		} else {
			/* a whole number that fits in six digits is shown whole: 1 KiB -> B is 1024 B */
			/* (a display choice, not a result: nothing below 0.5 is whole, so 1 B -> TB is 1e-12) */
			if (fabs(x) < 1e6 && fabs(x) >= 0.5 && fabs(x - round(x)) <= 1e-9 * fabs(x))
				units_format_plain(round(x), 6, num, nnum);
			else
				units_format_plain(x, 3, num, nnum);
			str_join(unit, nunit, disp->fixed_name, NULL);
		}
		return;
	}
	if (dim_none(d)) {
		if (disp->percent) {
			fmt_percent(v, num, nnum);
			str_join(unit, nunit, "%", NULL);
		} else {
			units_format_count(v, num, nnum);
		}
		return;
	}
	if (dim_eq(d, DIM_TIME)) {
		double f;
		const char *name;
		pick_time(fabs(v), &f, &name);
		if (fabs(v / f) >= 999.5)
			units_format_count(fabs(v / f), num, nnum); /* 3.17K years */
		else
			fmt_sig(fabs(v / f), 3, num, nnum);
		str_join(unit, nunit, singular(name, num), NULL);
		if (v < 0) {
			char tmp[64];
			str_join(tmp, sizeof tmp, "-", num, NULL);
			str_join(num, nnum, tmp, NULL);
		}
		return;
	}
	if (dim_eq(d, DIM_RATE)) {
		double f = 1;
		const char *name = "s";
		if (disp->per_time > 0)
			f = disp->per_time, name = disp->per_time_name;
		else
			rate_denominator(v, &f, &name);
		units_format_count(v * f, num, nnum);
		str_join(unit, nunit, "/", name, NULL);
		return;
	}
	if (dim_eq(d, DIM_DATA)) {
		fmt_data(v, disp->bits, iec, num, nnum, unit, nunit);
		if (disp->bits) {
			size_t l = strlen(unit);
			str_join(unit + l - 1, nunit - l + 1, "bit", NULL);
		}
		return;
	}
	if (dim_eq(d, DIM_DATA_RATE)) {
		double per = disp->per_time > 0 ? disp->per_time : 1;
		bool bits = disp->per_time > 0 ? disp->bits : (disp->bits || (prefs && prefs->bits_rates));
		char u[32];
		fmt_data(v * per, bits, iec, num, nnum, u, sizeof u);
		if (disp->per_time > 0)
			str_join(unit, nunit, u, "/", disp->per_time_name, NULL);
		else if (bits)
			str_join(unit, nunit, u, "ps", NULL);
		else
			str_join(unit, nunit, u, "/s", NULL);
		return;
	}
	if (d.m == 1 && d.d <= 0 && d.d >= -1 && d.t <= 0 && d.t >= -1) {
		/* money, money per time, money per data, money per data per time */
		double x = v;
		const char *per_d = NULL, *per_t = NULL;
		if (d.d == -1) {
			double f = disp->per_data > 0 ? disp->per_data : 1e9;
			per_d = disp->per_data > 0 ? disp->per_data_name : "GB";
			x *= f;
		}
		if (d.t == -1) {
			double f = disp->per_time > 0 ? disp->per_time : 2592000;
			per_t = disp->per_time > 0 ? disp->per_time_name : "month";
			x *= f;
		}
		char tmp[64];
		if (fabs(x) < 1 && x != 0)
			fmt_sig(fabs(x), 3, tmp, sizeof tmp);
		else
			units_format_count(fabs(x), tmp, sizeof tmp);
		str_join(num, nnum, x < 0 ? "-" : "", "$", tmp, NULL);
		str_join(unit, nunit, per_d ? "/" : "", per_d ? per_d : "", per_t ? "/" : "", per_t ? per_t : "", NULL);
		return;
	}
	/* an unusual dimension: the plain number in base units ("5,000,000 B/s^2") */
	units_format_plain(v, 3, num, nnum);
	dim_base_unit(d, unit, nunit);
}

void units_format(double v, Dim d, const Display *disp, const DisplayPrefs *prefs, char *out,
		  size_t n)
{
	char num[64], unit[64];
	units_format_parts(v, d, disp, prefs, num, sizeof num, unit, sizeof unit);
	size_t k = 0;
	put(out, n, &k, num);
	if (unit[0] && unit[0] != '/' && unit[0] != '%')
		put(out, n, &k, " ");
	put(out, n, &k, unit);
}
