/*
 * Dimensions, units and how values are shown.
 *
 * A value is a double in base units (seconds, bytes, dollars, per second) and a
 * Dim: integer exponents of time, data and money. Counts, factors and
 * fractions are dimensionless. Bits are bytes / 8.
 */
#ifndef BOE_UNITS_H
#define BOE_UNITS_H

#include <stddef.h>
#include <stdbool.h>

typedef struct Dim {
	signed char t, d, m;	/* time, data, money exponents */
} Dim;

/* The largest exponent a Dim holds either way; the units language refuses more. */
#define DIM_MAX_EXP 127

#define DIM_NONE ((Dim){0, 0, 0})
#define DIM_TIME ((Dim){1, 0, 0})
#define DIM_RATE ((Dim){-1, 0, 0})
#define DIM_DATA ((Dim){0, 1, 0})
#define DIM_DATA_RATE ((Dim){-1, 1, 0})
#define DIM_MONEY ((Dim){0, 0, 1})

static inline bool dim_eq(Dim a, Dim b) { return a.t == b.t && a.d == b.d && a.m == b.m; }
static inline bool dim_none(Dim a) { return a.t == 0 && a.d == 0 && a.m == 0; }
Dim dim_mul(Dim a, Dim b);
Dim dim_div(Dim a, Dim b);
Dim dim_pow(Dim a, int n);
/* Human name of a dimension: "count", "time", "data", "1/time", "data/time", "money/data/time". */
void dim_name(Dim d, char *out, size_t n);
/* Base unit as in the JSON output: "", "s", "B", "1/s", "B/s", "$", "$/B/s". */
void dim_base_unit(Dim d, char *out, size_t n);
/* Parses a dimension name as dim_name writes it ("count", "fraction", "factor" mean none). */
bool dim_parse(const char *s, Dim *out);

/* A unit word of the units language. */
typedef struct Unit {
	const char *name;
	double factor;		/* value of 1 unit in base units */
	Dim dim;
	unsigned flags;
} Unit;

enum {
	UNIT_BITS = 1u << 0,	/* a bit unit (display in bits) */
	UNIT_NOUN = 1u << 1,	/* a count noun such as "messages": worth 1 */
	UNIT_IEC = 1u << 2,	/* binary prefix */
	UNIT_PERCENT = 1u << 3,
};

/* The unit named exactly s[0..n), or NULL. Handles SI/IEC prefixes and the "ps" suffix. */
const Unit *unit_lookup(const char *s, size_t n);
/* A unit name close to s (for "did you mean"), or NULL. Returned string is static. */
const char *unit_suggest(const char *s, size_t n);
/* Every fixed unit word, for listings and suggestions. */
const Unit *unit_table(size_t *n);

/*
 * How to show a value. Zero means "natural": counts with K/M/B/T, decimal SI
 * bytes, per second rates, the largest natural time unit.
 */
typedef struct Display {
	bool percent;		/* fraction shown as % */
	bool bits;		/* data in bits (560 Mbps) */
	bool iec;		/* data with binary prefixes (KiB) */
	double per_time;	/* rate denominator in seconds (86400 = /day); 0 = natural */
	const char *per_time_name;
	double per_data;	/* money per data denominator in bytes (1e9 = /GB) */
	const char *per_data_name;
	/* An explicit target unit (from "-> Mbps"): value / fixed_scale, then fixed_name. */
	char fixed_name[32];
	double fixed_scale;
} Display;

/* Global display preferences (the TUI's `u` key). */
typedef struct DisplayPrefs {
	bool iec;		/* binary prefixes for data */
	bool bits_rates;	/* data rates in bits per second */
} DisplayPrefs;

/*
 * Formats v (base units, dimension d) with three significant digits, writing
 * the number and the unit separately ("11.6K" and "/s"; "70" and "MB/s").
 */
void units_format_parts(double v, Dim d, const Display *disp, const DisplayPrefs *prefs,
			char *num, size_t nnum, char *unit, size_t nunit);
/* Number and unit joined as a person writes them: "11.6K/s", "70 MB/s", "43.2 min", "$1.2K". */
void units_format(double v, Dim d, const Display *disp, const DisplayPrefs *prefs,
		  char *out, size_t n);
/* A plain number with three significant digits and count suffixes ("11.6K", "0.25", "1.2e-5"). */
void units_format_count(double v, char *out, size_t n);
/* 10^k for 0 <= k <= 22, exactly (every such power is a double). */
double units_pow10(int k);
/* floor(log10(a)) for a > 0: what the C library's log10 gives, without it but next to a power of ten. */
int units_floor_log10(double a);
/*
 * Writes m / 10^dec (m a whole number below 2^64, dec >= 0) with the point put
 * back and trailing zeros dropped: the fast path that avoids printf. out needs 32 bytes.
 */
void units_format_scaled(unsigned long long m, int dec, bool neg, char *out);
/*
 * a (a positive double from 1e-4 up to 1e16) to 17 significant digits, as
 * printf's "%.17g" gives them: *m / 10^*dec, exact from a's binary value.
 * False when this cannot tell (no 128-bit integers on the platform, a
 * outside that span, or digits that carry into an 18th): then printf.
 */
bool units_digits17(double a, unsigned long long *m, int *dec);
/* A number with up to sig significant digits, no suffixes, trailing zeros dropped. */
void units_format_plain(double v, int sig, char *out, size_t n);


#endif
