/*
 * Units and dimensions: every unit word and prefix, dimension arithmetic and
 * names, and how values are shown (three significant digits, count suffixes,
 * natural units, bits on request, percentages, tiny and huge numbers).
 */
#include "testutil.h"

/* ---- unit words ---- */

typedef struct UnitCase {
	const char *name;
	double factor;
	Dim dim;
} UnitCase;

static void check_units(const UnitCase *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const Unit *u = unit_lookup(c[i].name, strlen(c[i].name));
		if (!u) {
			print_error("unit '%s' is unknown\n", c[i].name);
			fail();
		}
		if (fabs(u->factor - c[i].factor) > 1e-12 * fabs(c[i].factor)) {
			print_error("unit '%s' is worth %.15g, expected %.15g\n", c[i].name, u->factor,
				    c[i].factor);
			fail();
		}
		if (!dim_eq(u->dim, c[i].dim)) {
			print_error("unit '%s' has the wrong dimension\n", c[i].name);
			fail();
		}
	}
}

static void test_time_units(void **state)
{
	(void)state;
	const UnitCase c[] = {
		{"ns", 1e-9, DIM_TIME}, {"us", 1e-6, DIM_TIME}, {"µs", 1e-6, DIM_TIME},
		{"ms", 1e-3, DIM_TIME}, {"s", 1, DIM_TIME}, {"sec", 1, DIM_TIME},
		{"second", 1, DIM_TIME}, {"seconds", 1, DIM_TIME}, {"min", 60, DIM_TIME},
		{"minute", 60, DIM_TIME}, {"minutes", 60, DIM_TIME}, {"h", 3600, DIM_TIME},
		{"hour", 3600, DIM_TIME}, {"hours", 3600, DIM_TIME}, {"day", 86400, DIM_TIME},
		{"days", 86400, DIM_TIME}, {"week", 7 * 86400.0, DIM_TIME},
		/* spec §3: a month is 30 days, a year 365 days */
		{"month", 30 * 86400.0, DIM_TIME}, {"months", 30 * 86400.0, DIM_TIME},
		{"mo", 30 * 86400.0, DIM_TIME}, {"year", 365 * 86400.0, DIM_TIME},
		{"years", 365 * 86400.0, DIM_TIME},
	};
	check_units(c, ARRAY_LEN(c));
	assert_expr("1 month", 2592000, 1e-12, 1, 0, 0);
	assert_expr("1 year", 31536000, 1e-12, 1, 0, 0);
	assert_expr("1 year / 1 day", 365, 1e-12, 0, 0, 0);
	assert_expr("12 month / 1 year", 360.0 / 365, 1e-12, 0, 0, 0);
}

static void test_data_units_si(void **state)
{
	(void)state;
	const UnitCase c[] = {
		{"B", 1, DIM_DATA}, {"byte", 1, DIM_DATA}, {"bytes", 1, DIM_DATA},
		{"KB", 1e3, DIM_DATA}, {"kB", 1e3, DIM_DATA}, {"MB", 1e6, DIM_DATA},
		{"GB", 1e9, DIM_DATA}, {"TB", 1e12, DIM_DATA}, {"PB", 1e15, DIM_DATA},
		{"EB", 1e18, DIM_DATA},
		/* bits are an eighth of a byte */
		{"b", 0.125, DIM_DATA}, {"bit", 0.125, DIM_DATA}, {"bits", 0.125, DIM_DATA},
		{"Kb", 125, DIM_DATA}, {"Mb", 125e3, DIM_DATA}, {"Gb", 125e6, DIM_DATA},
		{"Tb", 125e9, DIM_DATA}, {"Pb", 125e12, DIM_DATA}, {"Eb", 125e15, DIM_DATA},
	};
	check_units(c, ARRAY_LEN(c));
	const Unit *u = unit_lookup("KB", 2);
	assert_false(u->flags & UNIT_IEC);
	assert_false(u->flags & UNIT_BITS);
	u = unit_lookup("Mb", 2);
	assert_true(u->flags & UNIT_BITS);
}

static void test_data_units_iec(void **state)
{
	(void)state;
	const UnitCase c[] = {
		{"KiB", 1024, DIM_DATA}, {"MiB", 1048576, DIM_DATA},
		{"GiB", 1073741824.0, DIM_DATA}, {"TiB", 1099511627776.0, DIM_DATA},
		{"PiB", 1125899906842624.0, DIM_DATA},
		{"Kib", 128, DIM_DATA}, {"Mib", 131072, DIM_DATA}, {"Gib", 134217728, DIM_DATA},
	};
	check_units(c, ARRAY_LEN(c));
	const Unit *u = unit_lookup("GiB", 3);
	assert_true(u->flags & UNIT_IEC);
	assert_expr("1 GiB / 1 GB", 1.073741824, 1e-12, 0, 0, 0);
}

static void test_rate_units(void **state)
{
	(void)state;
	const UnitCase c[] = {
		{"bps", 0.125, DIM_DATA_RATE}, {"Kbps", 125, DIM_DATA_RATE},
		{"Mbps", 125e3, DIM_DATA_RATE}, {"Gbps", 125e6, DIM_DATA_RATE},
		{"Tbps", 125e9, DIM_DATA_RATE}, {"MBps", 1e6, DIM_DATA_RATE},
		{"GBps", 1e9, DIM_DATA_RATE}, {"ps", 1, DIM_RATE}, {"qps", 1, DIM_RATE},
	};
	check_units(c, ARRAY_LEN(c));
	/* 1 Gbps is 125 MB/s (the guide's rule of thumb) */
	assert_expr("1 Gbps / (1 MB/s)", 125, 1e-12, 0, 0, 0);
}

static void test_money_and_nouns(void **state)
{
	(void)state;
	const UnitCase c[] = {
		{"$", 1, DIM_MONEY}, {"USD", 1, DIM_MONEY}, {"cent", 0.01, DIM_MONEY},
		{"users", 1, DIM_NONE}, {"requests", 1, DIM_NONE}, {"messages", 1, DIM_NONE},
		{"views", 1, DIM_NONE}, {"photos", 1, DIM_NONE}, {"tweets", 1, DIM_NONE},
	};
	check_units(c, ARRAY_LEN(c));
	const Unit *u = unit_lookup("messages", 8);
	assert_true(u->flags & UNIT_NOUN);
	/* count nouns are worth 1 and carry no dimension */
	assert_expr("20 requests / day * 50M users", 20 * 50e6 / 86400.0, 1e-12, -1, 0, 0);
}

static void test_lookup_edges(void **state)
{
	(void)state;
	/* lookup uses exactly n bytes */
	const Unit *u = unit_lookup("MBxyz", 2);
	assert_non_null(u);
	assert_string_equal(u->name, "MB");
	assert_null(unit_lookup("MBs", 3));
	assert_null(unit_lookup("foo", 3));
	assert_null(unit_lookup("", 0));
	/* case matters: M is mega, m is no prefix here */
	assert_null(unit_lookup("mB", 2));
	size_t n;
	const Unit *t = unit_table(&n);
	assert_non_null(t);
	assert_true(n > 100);
}

static void test_unit_suggestions(void **state)
{
	(void)state;
	const char *s = unit_suggest("MBs", 3);
	assert_non_null(s);
	assert_string_equal(s, "MB/s");
	s = unit_suggest("mb", 2);
	assert_non_null(s);
	assert_string_equal(s, "MB");
	s = unit_suggest("hourz", 5);
	assert_non_null(s);
	assert_true(strncmp(s, "hour", 4) == 0);
	assert_null(unit_suggest("xyzzyq", 6));
	/* lowercase b is bits: "gbps" means gigabits, and GBps would be 8x off */
	s = unit_suggest("gbps", 4);
	assert_non_null(s);
	assert_string_equal(s, "Gbps");
}

/* ---- dimensions ---- */

static void test_dim_arithmetic(void **state)
{
	(void)state;
	assert_dim(dim_mul(DIM_RATE, DIM_DATA), -1, 1, 0);
	assert_dim(dim_mul(DIM_RATE, DIM_TIME), 0, 0, 0);
	assert_dim(dim_div(DIM_MONEY, DIM_DATA), 0, -1, 1);
	assert_dim(dim_div(dim_div(DIM_MONEY, DIM_DATA), DIM_TIME), -1, -1, 1);
	assert_dim(dim_pow(DIM_TIME, 2), 2, 0, 0);
	assert_dim(dim_pow(DIM_DATA_RATE, -1), 1, -1, 0);
	assert_dim(dim_pow(DIM_DATA, 0), 0, 0, 0);
	assert_true(dim_eq(DIM_RATE, dim_div(DIM_NONE, DIM_TIME)));
	assert_false(dim_eq(DIM_RATE, DIM_TIME));
	assert_true(dim_none(DIM_NONE));
	assert_false(dim_none(DIM_MONEY));
	/* through expressions */
	assert_expr("35K/s * 2 KB", 70e6, 1e-12, -1, 1, 0);
	assert_expr("200/s * 250 ms", 50, 1e-12, 0, 0, 0);
	assert_expr("1 TB / (100 MB/s)", 1e4, 1e-12, 1, 0, 0);
	assert_expr("$0.09/GB * 500 TB", 45000, 1e-12, 0, 0, 1);
}

static void test_dim_names(void **state)
{
	(void)state;
	const struct { Dim d; const char *name, *base; } c[] = {
		{{0, 0, 0}, "count", ""},
		{{1, 0, 0}, "time", "s"},
		{{-1, 0, 0}, "1/time", "1/s"},
		{{0, 1, 0}, "data", "B"},
		{{-1, 1, 0}, "data/time", "B/s"},
		{{0, 0, 1}, "money", "$"},
		{{-1, 0, 1}, "money/time", "$/s"},
		{{0, -1, 1}, "money/data", "$/B"},
		{{-1, -1, 1}, "money/data/time", "$/B/s"},
		{{2, 0, 0}, "time^2", "s^2"},
		{{0, -1, 0}, "1/data", "1/B"},
	};
	for (size_t i = 0; i < ARRAY_LEN(c); i++) {
		char name[64], base[64];
		dim_name(c[i].d, name, sizeof name);
		dim_base_unit(c[i].d, base, sizeof base);
		if (strcmp(name, c[i].name) != 0 || strcmp(base, c[i].base) != 0) {
			print_error("dimension %zu named \"%s\" / \"%s\", expected \"%s\" / \"%s\"\n", i,
				    name, base, c[i].name, c[i].base);
			fail();
		}
	}
}

static void test_dim_parse(void **state)
{
	(void)state;
	Dim d;
	const char *none[] = {"count", "factor", "fraction"};
	for (size_t i = 0; i < ARRAY_LEN(none); i++) {
		d = DIM_TIME;
		assert_true(dim_parse(none[i], &d));
		assert_true(dim_none(d));
	}
	assert_true(dim_parse("1/time", &d));
	assert_dim(d, -1, 0, 0);
	assert_true(dim_parse("data/time", &d));
	assert_dim(d, -1, 1, 0);
	assert_true(dim_parse("money/data/time", &d));
	assert_dim(d, -1, -1, 1);
	assert_true(dim_parse("money/time", &d));
	assert_dim(d, -1, 0, 1);
	assert_false(dim_parse("furlongs", &d));
	/* every unit of the standard table parses */
	size_t n;
	const StdQuantity *t = std_quantities(&n);
	for (size_t i = 0; i < n; i++)
		if (!dim_parse(t[i].unit, &d)) {
			print_error("unit '%s' of %s does not parse\n", t[i].unit, t[i].name);
			fail();
		}
}

/* ---- formatting ---- */

#define assert_fmt(v, dim, disp, text)                                                      \
	do {                                                                                \
		char o_[128];                                                               \
		units_format(v, dim, disp, NULL, o_, sizeof o_);                            \
		if (strcmp(o_, text) != 0) {                                                \
			print_error("%s formatted \"%s\", expected \"%s\"\n", #v, o_, text); \
			fail();                                                             \
		}                                                                           \
	} while (0)

#define assert_count(v, text)                                                               \
	do {                                                                                \
		char o_[64];                                                                \
		units_format_count(v, o_, sizeof o_);                                       \
		if (strcmp(o_, text) != 0) {                                                \
			print_error("count %s formatted \"%s\", expected \"%s\"\n", #v, o_, text); \
			fail();                                                             \
		}                                                                           \
	} while (0)

static void test_count_format(void **state)
{
	(void)state;
	assert_count(0.0, "0");
	assert_count(1.0, "1");
	assert_count(12.345, "12.3");
	assert_count(100.0, "100");
	assert_count(999.0, "999");
	assert_count(1234.0, "1.23K");
	assert_count(11574.074, "11.6K");
	assert_count(34722.2, "34.7K");
	assert_count(1e6, "1M");
	assert_count(2.5e9, "2.5B");
	assert_count(3e12, "3T");
	assert_count(0.25, "0.25");
	assert_count(0.00123, "0.00123");
	assert_count(-1500.0, "-1.5K");
	assert_count(208333.33, "208K");
	/* rounding edges: three significant digits never show 1000K */
	assert_count(999.6, "1K");
	assert_count(999.4, "999");
	assert_count(999.6e3, "1M");
	assert_count(999.4e3, "999K");
	assert_count(999.7e6, "1B");
	assert_count(9.996, "10");
	assert_count(99.96, "100");
	/* tiny and huge */
	assert_count(1.2e-5, "1.2e-5");
	assert_count(2e15, "2e15");
	assert_count(-3e-7, "-3e-7");
}

static void test_rate_format(void **state)
{
	(void)state;
	/* spec §4: 11.6K/s and 34.7K/s */
	assert_fmt(50e6 * 20 / 86400.0, DIM_RATE, NULL, "11.6K/s");
	assert_fmt(50e6 * 20 / 86400.0 * 3, DIM_RATE, NULL, "34.7K/s");
	assert_fmt(100e6 / 2592000.0, DIM_RATE, NULL, "38.6/s");
	/* slow rates pick a natural denominator */
	assert_fmt(20 / 86400.0, DIM_RATE, NULL, "20/day");
	assert_fmt(0.5, DIM_RATE, NULL, "30/min");
	assert_fmt(2 / 3600.0, DIM_RATE, NULL, "2/h");
	assert_fmt(0.0, DIM_RATE, NULL, "0/s");
	/* a fixed denominator from a display hint */
	Display perday = {.per_time = 86400, .per_time_name = "day"};
	assert_fmt(1000 / 86400.0, DIM_RATE, &perday, "1K/day");
}

static void test_data_format(void **state)
{
	(void)state;
	assert_fmt(500.0, DIM_DATA, NULL, "500 B");
	assert_fmt(2000.0, DIM_DATA, NULL, "2 KB");
	assert_fmt(1e12, DIM_DATA, NULL, "1 TB");
	assert_fmt(10.8e12, DIM_DATA, NULL, "10.8 TB");
	assert_fmt(999.6, DIM_DATA, NULL, "1 KB");
	assert_fmt(1.5e18, DIM_DATA, NULL, "1.5 EB");
	/* data rates: decimal SI bytes unless bits are asked for */
	assert_fmt(70e6, DIM_DATA_RATE, NULL, "70 MB/s");
	Display bits = {.bits = true};
	assert_fmt(70e6, DIM_DATA_RATE, &bits, "560 Mbps");
	assert_fmt(100e3 * 1e3, DIM_DATA_RATE, &bits, "800 Mbps");
	assert_fmt(100e3 * 10e3, DIM_DATA_RATE, &bits, "8 Gbps");
	assert_fmt(125000.0, DIM_DATA, &bits, "1 Mbit");
	/* IEC on request */
	Display iec = {.iec = true};
	assert_fmt(1536.0, DIM_DATA, &iec, "1.5 KiB");
	assert_fmt(1073741824.0, DIM_DATA, &iec, "1 GiB");
	/* the global preferences */
	char out[64];
	DisplayPrefs p = {.bits_rates = true};
	units_format(70e6, DIM_DATA_RATE, NULL, &p, out, sizeof out);
	assert_string_equal(out, "560 Mbps");
	DisplayPrefs q = {.iec = true};
	units_format(2048.0, DIM_DATA, NULL, &q, out, sizeof out);
	assert_string_equal(out, "2 KiB");
	/* a per-day hint for storage growth */
	Display perday = {.per_time = 86400, .per_time_name = "day"};
	assert_fmt(1.98e9 / 86400, DIM_DATA_RATE, &perday, "1.98 GB/day");
}

static void test_time_format(void **state)
{
	(void)state;
	/* the availability table of the guide, worked by hand: (1 - a) * period */
	assert_fmt(0.001 * 30 * 86400, DIM_TIME, NULL, "43.2 min");
	assert_fmt(0.001 * 365 * 86400, DIM_TIME, NULL, "8.76 h");
	assert_fmt(0.01 * 365 * 86400, DIM_TIME, NULL, "3.65 days");
	assert_fmt(0.0001 * 365 * 86400, DIM_TIME, NULL, "52.6 min");
	assert_fmt(0.00001 * 365 * 86400, DIM_TIME, NULL, "5.26 min");
	assert_fmt(0.02, DIM_TIME, NULL, "20 ms");
	assert_fmt(3e-6, DIM_TIME, NULL, "3 µs");
	assert_fmt(5e-9, DIM_TIME, NULL, "5 ns");
	assert_fmt(1.0, DIM_TIME, NULL, "1 s");
	assert_fmt(600.0, DIM_TIME, NULL, "10 min");
	assert_fmt(86400.0, DIM_TIME, NULL, "1 day");
	assert_fmt(2 * 86400.0, DIM_TIME, NULL, "2 days");
	assert_fmt(365 * 86400.0, DIM_TIME, NULL, "1 year");
	assert_fmt(5 * 365 * 86400.0, DIM_TIME, NULL, "5 years");
	assert_fmt(59.99, DIM_TIME, NULL, "1 min");
	assert_fmt(-90.0, DIM_TIME, NULL, "-1.5 min");
	/* beyond the largest unit, still three significant digits */
	char big[64];
	units_format(1e11, DIM_TIME, NULL, NULL, big, sizeof big);
	if (strcmp(big, "3.17K years") != 0 && strcmp(big, "3170 years") != 0) {
		print_error("1e11 s formatted \"%s\", expected \"3.17K years\" or \"3170 years\"\n", big);
		fail();
	}
}

static void test_percent_format(void **state)
{
	(void)state;
	Display pct = {.percent = true};
	assert_fmt(0.999, DIM_NONE, &pct, "99.9%");
	assert_fmt(0.9999, DIM_NONE, &pct, "99.99%");
	assert_fmt(0.99989, DIM_NONE, &pct, "99.989%");
	assert_fmt(0.99999, DIM_NONE, &pct, "99.999%");
	/* two 99.9% in series: 0.998001 */
	assert_fmt(0.999 * 0.999, DIM_NONE, &pct, "99.8%");
	assert_fmt(0.5, DIM_NONE, &pct, "50%");
	assert_fmt(0.7, DIM_NONE, &pct, "70%");
	assert_fmt(0.0, DIM_NONE, &pct, "0%");
	assert_fmt(1.0, DIM_NONE, &pct, "100%");
	assert_fmt(0.123456, DIM_NONE, &pct, "12.3%");
	/* a value below 1 never shows as 100% */
	char out[64];
	units_format(0.9999999, DIM_NONE, &pct, NULL, out, sizeof out);
	assert_string_not_equal(out, "100%");
	assert_true(strncmp(out, "99.99999", 8) == 0);
	/* nor does one too close to 1 for ten decimals (five 99.9% copies in parallel) */
	units_format(1 - 1e-15, DIM_NONE, &pct, NULL, out, sizeof out);
	assert_string_not_equal(out, "100%");
	assert_contains(out, "99.9999999");
	/* percentages in expressions show as percentages */
	assert_shown("99.9%", "99.9%");
	assert_shown("99.9% * 99.9%", "99.8%");
	assert_shown("parallel(99%, 2)", "99.99%");
}

static void test_money_format(void **state)
{
	(void)state;
	assert_fmt(1200.0, DIM_MONEY, NULL, "$1.2K");
	assert_fmt(5.0, DIM_MONEY, NULL, "$5");
	assert_fmt(0.25, DIM_MONEY, NULL, "$0.25");
	assert_fmt(45000.0, DIM_MONEY, NULL, "$45K");
	Dim per_data = {0, -1, 1};
	assert_fmt(0.09 / 1e9, per_data, NULL, "$0.09/GB");
	Dim per_month = {-1, 0, 1};
	assert_fmt(100 / 2592000.0, per_month, NULL, "$100/month");
	Dim per_data_month = {-1, -1, 1};
	assert_fmt(0.023 / 1e9 / 2592000.0, per_data_month, NULL, "$0.023/GB/month");
}

static void test_format_parts_and_plain(void **state)
{
	(void)state;
	char num[64], unit[64];
	units_format_parts(11574.07, DIM_RATE, NULL, NULL, num, sizeof num, unit, sizeof unit);
	assert_string_equal(num, "11.6K");
	assert_string_equal(unit, "/s");
	units_format_parts(70e6, DIM_DATA_RATE, NULL, NULL, num, sizeof num, unit, sizeof unit);
	assert_string_equal(num, "70");
	assert_string_equal(unit, "MB/s");
	units_format_parts(2592.0, DIM_TIME, NULL, NULL, num, sizeof num, unit, sizeof unit);
	assert_string_equal(num, "43.2");
	assert_string_equal(unit, "min");
	char out[64];
	units_format_plain(0.5, 3, out, sizeof out);
	assert_string_equal(out, "0.5");
	units_format_plain(3.14159, 3, out, sizeof out);
	assert_string_equal(out, "3.14");
	units_format_plain(1500, 3, out, sizeof out);
	assert_string_equal(out, "1500");
	units_format_plain(86400, 15, out, sizeof out);
	assert_string_equal(out, "86,400");
	units_format_plain(1e-7, 3, out, sizeof out);
	assert_string_equal(out, "1e-7");
	units_format_plain(-2.5, 3, out, sizeof out);
	assert_string_equal(out, "-2.5");
}

static void test_eval_display(void **state)
{
	(void)state;
	/* how boe eval shows results: the issue's examples */
	assert_shown("50M * 20 / day", "11.6K/s");
	assert_shown("35K/s * 2 KB -> Mbps", "560 Mbps");
	assert_shown("35K/s * 2 KB", "70 MB/s");
	assert_shown("downtime(99.9%, month)", "43.2 min");
	assert_shown("70 MB/s -> Gbps", "0.56 Gbps");
	/* a value written in bits shows in bits */
	assert_shown("10 Gbps", "10 Gbps");
	assert_shown("2KB", "2 KB");
	assert_shown("500 B", "500 B");
	assert_shown("1B", "1B");
}

/*
 * units_format_scaled against the plain way: m's digits, zeros in front up
 * to dec + 1 of them, the point dec from the end, then the fraction's
 * trailing zeros and a bare point dropped. Random and edge m at every dec.
 */
static void scaled_the_plain_way(unsigned long long m, int dec, bool neg, char *out)
{
	char d[64];
	snprintf(d, sizeof d, "%0*llu", dec + 1, m); /* at least dec + 1 digits */
	int n = (int)strlen(d), ipart = n - dec, flen = dec;
	while (flen > 0 && d[ipart + flen - 1] == '0')
		flen--;
	snprintf(out, 64, "%s%.*s%s%.*s", neg ? "-" : "", ipart, d, flen ? "." : "", flen, d + ipart);
}

static void test_format_scaled(void **state)
{
	(void)state;
	static const unsigned long long edges[] = {0, 1, 5, 9, 10, 100, 12345, 1000000, 99999999999999999ull,
						   18446744073709551615ull, 10000000000000000000ull};
	uint64_t x = 0x2545F4914F6CDD1Du;
	char mine[48], want[64];
	for (int k = 0; k < 200000; k++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		unsigned long long m = k < 11 * 23 ? edges[k / 23] : x >> (x % 64);
		int dec = k < 11 * 23 ? k % 23 : (int)((x >> 8) % 23);
		bool neg = (x >> 20) & 1;
		if (k % 3 == 0)
			m -= m % 1000; /* trailing zeros */
		units_format_scaled(m, dec, neg, mine);
		scaled_the_plain_way(m, dec, neg, want);
		if (strcmp(mine, want) != 0) {
			print_error("%llu at %d%s: %s, the plain way %s\n", m, dec, neg ? " negative" : "", mine, want);
			fail();
		}
	}
	units_format_scaled(5, 3, false, mine);
	assert_string_equal(mine, "0.005");
	units_format_scaled(123450, 2, true, mine);
	assert_string_equal(mine, "-1234.5");
	units_format_scaled(7000, 3, false, mine);
	assert_string_equal(mine, "7");
}

/*
 * units_floor_log10 is floor(log10(a)) as the C library gives it: random
 * doubles of every exponent from 2^-80 to 2^80 (beyond the table too), each
 * power of ten and the doubles around it, and the ends of the binary
 * exponents, where its estimate is one off.
 */
static void assert_floor_log10(double a)
{
	int want = (int)floor(log10(a)), got = units_floor_log10(a);
	if (got != want) {
		print_error("%a (%.17g): %d, floor(log10) gives %d\n", a, a, got, want);
		fail();
	}
}

static void test_floor_log10_as_log10(void **state)
{
	(void)state;
	uint64_t x = 0x853C49E6748FEA9Bu;
	for (int k = 0; k < 400000; k++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		assert_floor_log10(ldexp((double)(x >> 11) / 9007199254740992.0 + 0.5, (int)((x >> 3) % 161) - 80));
	}
	for (int p = -25; p <= 25; p++) {
		double t = pow(10, p), near[] = {t, nextafter(t, 0), nextafter(t, INFINITY), t * (1 + 1e-13),
						 t * (1 - 1e-13), t * (1 + 3e-13), t * (1 - 3e-13)};
		for (size_t i = 0; i < sizeof near / sizeof *near; i++)
			assert_floor_log10(near[i]);
	}
	for (int e = -80; e <= 80; e++) {
		assert_floor_log10(ldexp(1, e));
		assert_floor_log10(nextafter(ldexp(1, e), 0));
	}
}

/*
 * A share just under 100% shows three significant digits of what is missing
 * (99.9899%), as "%.*f" and trailing zeros dropped write it, which the
 * formatter does without printf when no tie is near: random shares from
 * 99% up, shares one decimal step either side of a half, and 1 less powers
 * of ten.
 */
static void percent_the_plain_way(double v, char *out, size_t n)
{
	double pct = v * 100, c = 100 - pct;
	int dec = (int)floor(-log10(c)) + 3;
	if (dec < 1)
		dec = 1;
	snprintf(out, n, "%.*f", dec, pct);
	char *dot = strchr(out, '.'), *e = out + strlen(out) - 1;
	while (dot && e > dot && *e == '0')
		*e-- = '\0';
	if (dot && e == dot)
		*e = '\0';
}

static void assert_percent(const Display *d, Dim dim, double v, size_t *checked)
{
	if (!(v < 1 && v >= 0.99 && 100 - v * 100 > 0) || floor(-log10(100 - v * 100)) + 3 > 12)
		return;
	char num[64], unit[32], want[64];
	units_format_parts(v, dim, d, NULL, num, sizeof num, unit, sizeof unit);
	percent_the_plain_way(v, want, sizeof want);
	if (strcmp(num, want) != 0) {
		print_error("%a (%.17g): %s%%, printf gives %s%%\n", v, v, num, want);
		fail();
	}
	(*checked)++;
}

static void test_percent_near_100_as_printf(void **state)
{
	(void)state;
	Display d;
	Dim dim;
	assert_true(expr_parse_display("%", &d, &dim, NULL));
	size_t checked = 0;
	uint64_t x = 0xD1B54A32D192ED03u;
	for (int k = 0; k < 300000; k++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		/* what is missing, from 1% down to 1e-12 %, at any mantissa */
		double missing = ldexp((double)(x >> 11) / 9007199254740992.0 + 1, -7 - (int)((x >> 3) % 40));
		assert_percent(&d, dim, 1 - missing, &checked);
	}
	/* k + 0.5 at the last digit shown, and the doubles either side */
	for (int dec = 3; dec <= 12; dec++)
		for (int k = 0; k < 200; k++) {
			double pct = 100 - (k * 7 + 3.5) * pow(10, -dec), v = pct / 100;
			double near[] = {nextafter(v, 0), v, nextafter(v, 1)};
			for (int i = 0; i < 3; i++)
				assert_percent(&d, dim, near[i], &checked);
		}
	for (int p = 2; p <= 14; p++)
		assert_percent(&d, dim, 1 - pow(10, -p), &checked);
	assert_true(checked > 250000);
}

/*
 * units_digits17 against printf's %.17g: random doubles of every magnitude
 * it takes (any bits), exact ties of the 18th digit, the ends of its span
 * and neighbours of powers of ten. It must agree whenever it answers, and
 * answer for nearly all of them.
 */
static void assert_digits17(double a, size_t *answered)
{
	unsigned long long m;
	int dec;
	if (!units_digits17(a, &m, &dec))
		return;
	char mine[40], want[40];
	units_format_scaled(m, dec, false, mine);
	snprintf(want, sizeof want, "%.17g", a);
	if (strcmp(mine, want) != 0) {
		print_error("%a: %s, printf gives %s\n", a, mine, want);
		fail();
	}
	(*answered)++;
}

static void test_digits17_as_printf(void **state)
{
	(void)state;
	size_t answered = 0, tried = 0;
	uint64_t x = 0x9E3779B97F4A7C15u;
	for (int k = 0; k < 400000; k++, tried++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		/* a random mantissa at a random exponent from 1e-4 to 1e16 */
		double a = ldexp((double)(x >> 11) / 18014398509481984.0 + 0.5, (int)((x >> 3) % 65) - 12);
		assert_digits17(a, &answered);
	}
	/* 123456789012345.625 is 12345678901234562.5 at 17 digits: a tie, to even; and the next one up */
	static const double edges[] = {123456789012345.625, 123456789012345.875, 1e-4, 0.1, 0.3, 1.0 / 3, 2.0 / 3,
				       1e15 + 0.5, 9007199254740991.0 / 2, 99999.999999999985, 0.00010000000000000002};
	for (size_t i = 0; i < sizeof edges / sizeof *edges; i++, tried++)
		assert_digits17(edges[i], &answered);
	for (int p = -4; p <= 15; p++) {
		double t = pow(10, p);
		double near[] = {nextafter(t, 0), t, nextafter(t, INFINITY), t * 0.99999999999999989, t * 1.0000000000000002};
		for (size_t i = 0; i < sizeof near / sizeof *near; i++, tried++)
			assert_digits17(near[i], &answered);
	}
	/* outside its span it declines */
	unsigned long long m;
	int dec;
	assert_false(units_digits17(9.9e-5, &m, &dec));
	assert_false(units_digits17(1e16, &m, &dec));
	assert_false(units_digits17(0, &m, &dec));
#ifdef __SIZEOF_INT128__
	assert_true(answered > tried * 99 / 100);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_units),
		cmocka_unit_test(test_data_units_si),
		cmocka_unit_test(test_data_units_iec),
		cmocka_unit_test(test_rate_units),
		cmocka_unit_test(test_money_and_nouns),
		cmocka_unit_test(test_lookup_edges),
		cmocka_unit_test(test_unit_suggestions),
		cmocka_unit_test(test_dim_arithmetic),
		cmocka_unit_test(test_dim_names),
		cmocka_unit_test(test_dim_parse),
		cmocka_unit_test(test_count_format),
		cmocka_unit_test(test_rate_format),
		cmocka_unit_test(test_data_format),
		cmocka_unit_test(test_time_format),
		cmocka_unit_test(test_percent_format),
		cmocka_unit_test(test_money_format),
		cmocka_unit_test(test_format_parts_and_plain),
		cmocka_unit_test(test_eval_display),
		cmocka_unit_test(test_format_scaled),
		cmocka_unit_test(test_digits17_as_printf),
		cmocka_unit_test(test_percent_near_100_as_printf),
		cmocka_unit_test(test_floor_log10_as_log10),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
