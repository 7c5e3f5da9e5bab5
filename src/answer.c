/*
 * Reading a drill answer. An answer goes through three steps:
 *
 *   1. spoken forms are rewritten into the units language: "about"/"~"/"≈"
 *      dropped, count words glued ("4 thousand" -> "4K", "12 K/s" -> "12K/s",
 *      "4.2 million" -> "4.2M"), "m" after a number read as minutes for a
 *      time and as million otherwise, and run-on durations summed
 *      ("1m30s" -> "1 min + 30s");
 *   2. the result is parsed with no names allowed; without a calculator the
 *      tree may hold only a number and its unit (no operators, no functions);
 *   3. traps are looked for: bits where a memory size was asked (read as
 *      bits, and said), a "B" glued to a number where data was asked (a
 *      billion, so refused with the spelling that means bytes).
 *
 * A bare number (no unit word) is read in the question's unit.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "boe/answer.h"
#include "boe/expr.h"
#include "boe/util.h"

/* ---- step 1: spoken forms ---- */

static bool word_is(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && strncasecmp(w, *list, n) == 0)
			return true;
	return false;
}

/* Skips "~", "≈", "about", "around", "roughly", "approximately" and the like. */
static const char *skip_approx(const char *s)
{
	static const char *const words[] = {"about", "around", "roughly", "approx", "approx.",
					    "approximately", "circa", "ca.", "nearly", "almost", NULL};
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '~') {
			s += s[1] == '=' ? 2 : 1;
			continue;
		}
		if (strncmp(s, "\xE2\x89\x88", 3) == 0) {	/* ≈ */
			s += 3;
			continue;
		}
		size_t n = 0;
		while (s[n] && s[n] != ' ' && s[n] != '\t')
			n++;
		if (n && s[n] && word_is(s, n, words)) {
			s += n;
			continue;
		}
		return s;
	}
}

static bool is_time_unit(const char *w, size_t n)
{
	const Unit *u = unit_lookup(w, n);
	return u && dim_eq(u->dim, DIM_TIME);
}

typedef struct Rewrite {
	Buf out;
	bool sum;		/* a run-on duration was turned into a sum */
	bool million_m;		/* "m" read as million */
} Rewrite;

/* Copies the number at s (digits, separators, fraction, exponent); returns its length. */
static size_t copy_number(const char *s, Buf *out)
{
	size_t n = 0;
	while (isdigit((unsigned char)s[n]) || s[n] == ',' || s[n] == '.')
		n++;
	if ((s[n] == 'e' || s[n] == 'E') &&
	    (isdigit((unsigned char)s[n + 1]) ||
	     ((s[n + 1] == '-' || s[n + 1] == '+') && isdigit((unsigned char)s[n + 2])))) {
		n += 2;
		while (isdigit((unsigned char)s[n]))
			n++;
	}
	buf_addn(out, s, n);
	return n;
}

static void rewrite(const char *s, bool want_time, Rewrite *rw)
{
	static const char *const thousand[] = {"thousand", "thousands", "k", "grand", NULL};
	static const char *const million[] = {"million", "millions", "mn", "mil", "M", NULL};
	static const char *const billion[] = {"billion", "billions", "bn", NULL};
	static const char *const trillion[] = {"trillion", "trillions", "tn", "T", NULL};
	const char *p = s;
	while (*p) {
		bool num_start = isdigit((unsigned char)*p) ||
				 (*p == '.' && isdigit((unsigned char)p[1]));
		bool prev_ident = p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '_');
		if (!num_start || prev_ident) {
			buf_addc(&rw->out, *p++);
			continue;
		}
		p += copy_number(p, &rw->out);
		/* the word after the number, glued or after spaces */
		const char *w = p;
		while (*w == ' ')
			w++;
		size_t n = 0;
		while (isalpha((unsigned char)w[n]))
			n++;
		bool glued = w == p;
		if (n == 0)
			continue;
		const char *rep = NULL;
		if (n == 1 && w[0] == 'm') {
			rep = want_time ? " min" : "M";
			rw->million_m = !want_time;
		} else if (word_is(w, n, thousand) && !(glued && n == 1)) {
			rep = "K";
		} else if (word_is(w, n, million) && (!glued || n > 1)) {
			rep = "M";
		} else if (word_is(w, n, billion)) {
			rep = "B";
		} else if (word_is(w, n, trillion) && (!glued || n > 1)) {
			rep = "T";
		}
		bool time_word = rep ? want_time && w[0] == 'm' && n == 1 : is_time_unit(w, n);
		if (rep) {
			buf_add(&rw->out, rep);
			p = w + n;
		}
		/* "1m30s", "1h 30m", "2 min 30 s": a time, then another number, is a sum */
		if (want_time && time_word) {
			if (!rep) {
				buf_addn(&rw->out, p, (size_t)(w + n - p));
				p = w + n;
			}
			const char *q = p;
			while (*q == ' ')
				q++;
			if (isdigit((unsigned char)*q)) {
				buf_add(&rw->out, " + ");
				rw->sum = true;
				p = q;
			}
		}
	}
	if (!rw->out.s)
		buf_add(&rw->out, "");
}

/* ---- step 2: mental maths only ---- */

static bool has_number(const Node *n)
{
	if (!n)
		return false;
	if (n->kind == N_NUM)
		return true;
	for (int i = 0; i < 3; i++)
		if (has_number(n->kid[i]))
			return true;
	for (int i = 0; i < n->nargs; i++)
		if (has_number(n->args[i]))
			return true;
	return false;
}

/*
 * Whether the tree is a number with its unit, and nothing worked out: no
 * function, no arithmetic between numbers. sum allows the "+" of a run-on
 * duration.
 */
static bool plain_answer(const Node *n, bool sum)
{
	if (!n)
		return true;
	switch (n->kind) {
	case N_NUM:
	case N_UNIT:
		return true;
	case N_PCT:
	case N_CONVERT:
		return plain_answer(n->kid[0], sum);
	case N_NEG:
		return plain_answer(n->kid[0], sum);
	case N_MUL:
		/* "5 year", "12K req", "$5": a number and its unit side by side */
		if (!(n->flags & (NF_JUXT | NF_DOLLAR)) && has_number(n->kid[0]) && has_number(n->kid[1]))
			return false;
		if (!(n->flags & (NF_JUXT | NF_DOLLAR)) && !(n->kid[1] && n->kid[1]->kind == N_UNIT) &&
		    !(n->kid[0] && n->kid[0]->kind == N_UNIT))
			return false;
		return plain_answer(n->kid[0], sum) && plain_answer(n->kid[1], sum);
	case N_DIV:
	case N_POW:
		/* "12K/s", "GB/day", "s^2": units under the line, never a number */
		return !has_number(n->kid[1]) && plain_answer(n->kid[0], sum) && plain_answer(n->kid[1], sum);
	case N_ADD:
		return sum && plain_answer(n->kid[0], sum) && plain_answer(n->kid[1], sum);
	default:
		return false;
	}
}

static bool has_unit_word(const Node *n)
{
	if (!n)
		return false;
	if (n->kind == N_UNIT || n->kind == N_PCT || n->kind == N_CONVERT || (n->flags & NF_DOLLAR))
		return true;
	for (int i = 0; i < 3; i++)
		if (has_unit_word(n->kid[i]))
			return true;
	for (int i = 0; i < n->nargs; i++)
		if (has_unit_word(n->args[i]))
			return true;
	return false;
}

/* ---- step 3: traps ---- */

/* The first bit unit in the tree ("Gb", "Mbit"), or NULL. */
static const Node *bit_unit(const Node *n)
{
	if (!n)
		return NULL;
	if (n->kind == N_UNIT && n->unit && (n->unit->flags & UNIT_BITS))
		return n;
	for (int i = 0; i < 3; i++) {
		const Node *b = bit_unit(n->kid[i]);
		if (b)
			return b;
	}
	return NULL;
}

static const char *bit_prefix_word(const char *unit)
{
	switch (unit[0]) {
	case 'K': case 'k': return "kilobits";
	case 'M': return "megabits";
	case 'G': return "gigabits";
	case 'T': return "terabits";
	case 'P': return "petabits";
	case 'E': return "exabits";
	default: return "bits";
	}
}

/* A "B" glued to a number ("600B", "2B/day"): the count suffix for a billion. */
static bool glued_billion(const char *s)
{
	for (const char *p = s; *p; p++)
		if (*p == 'B' && p > s && isdigit((unsigned char)p[-1]) && !isalpha((unsigned char)p[1]))
			return true;
	return false;
}

/* ---- reading ---- */

static void trimmed(const char *text, char *out, size_t n)
{
	while (*text == ' ' || *text == '\t')
		text++;
	size_t l = strlen(text);
	while (l > 0 && strchr(" \t\r\n", text[l - 1]))
		l--;
	if (l >= n)
		l = n - 1;
	memcpy(out, text, l);
	out[l] = '\0';
}

static void example(const char *unit, char *out, size_t n)
{
	const char *sep = unit[0] && unit[0] != '/' && unit[0] != '%' ? " " : "";
	if (unit[0])
		snprintf(out, n, "a number and a unit, e.g. '12%s%s', or a bare number", sep, unit);
	else
		snprintf(out, n, "a number, e.g. '12K'");
}

bool answer_read(const char *text, Dim want, const char *unit, double unit_factor, bool calc,
		 AnswerRead *out, char *msg, size_t msgn)
{
	char t[256], ex[96];
	trimmed(text, t, sizeof t);
	example(unit ? unit : "", ex, sizeof ex);
	const char *body = skip_approx(t);
	if (!body[0]) {
		snprintf(msg, msgn, "type an estimate such as '12K/s' or '3 TB', '?' for a hint, or 'skip'");
		return false;
	}
	bool want_time = dim_eq(want, DIM_TIME);
	Rewrite rw = {0};
	rewrite(body, want_time, &rw);
	ExprError e;
	Node *n = expr_parse(rw.out.s, &e);
	if (!n || !expr_bind(n, NULL, &e)) {
		char *clean = text_sanitize(e.msg, 0);
		if (strcmp(rw.out.s, body) == 0)
			snprintf(msg, msgn, "cannot read '%s' (at column %d: %s); answer with %s", t,
				 e.pos + 1 + (int)(body - t), clean, ex);
		else
			snprintf(msg, msgn, "cannot read '%s' (%s); answer with %s", t, clean, ex);
		free(clean);
		expr_free(n);
		buf_free(&rw.out);
		return false;
	}
	if (!calc && !plain_answer(n, rw.sum)) {
		snprintf(msg, msgn, "cannot read '%s': the drill is mental maths, so answer with %s "
			 "(operators and functions need --calc)", t, ex);
		expr_free(n);
		buf_free(&rw.out);
		return false;
	}
	double v;
	Fault f;
	if (!expr_eval_const(n, NULL, &v, &f) || !isfinite(v)) {
		snprintf(msg, msgn, "cannot read '%s': %s", t, f.what ? f.what : "not a finite number");
		expr_free(n);
		buf_free(&rw.out);
		return false;
	}
	bool bare = dim_none(n->dim) && !has_unit_word(n);
	if (want.d != 0 && n->dim.d == 0 && glued_billion(body)) {
		snprintf(msg, msgn, "cannot read '%s' as data: a B glued to a number is a billion; "
			 "bytes are written apart ('600 B'), a billion bytes is '600 GB'", t);
		expr_free(n);
		buf_free(&rw.out);
		return false;
	}
	memset(out, 0, sizeof *out);
	out->disp = expr_display(n);
	out->bare = bare;
	out->dim = bare ? want : n->dim;
	out->value = bare ? v * unit_factor : v;
	snprintf(out->canonical, sizeof out->canonical, "%s", rw.out.s);
	const Node *bits = dim_eq(want, DIM_DATA) ? bit_unit(n) : NULL;
	if (bits && dim_eq(n->dim, DIM_DATA)) {
		char as_bytes[64], bytes_unit[16];
		units_format(v, DIM_DATA, NULL, NULL, as_bytes, sizeof as_bytes);
		size_t pl = strcspn(bits->text, "b");
		snprintf(bytes_unit, sizeof bytes_unit, "%.*sB", pl < 3 ? (int)pl : 2, bits->text);
		snprintf(out->note, sizeof out->note, "'%s' read as %s (%s): bytes are %s",
			 bits->text, bit_prefix_word(bits->text), as_bytes, bytes_unit);
	} else if (rw.million_m) {
		snprintf(out->note, sizeof out->note, "'m' read as million");
	}
	expr_free(n);
	buf_free(&rw.out);
	return true;
}

bool answer_unit_value(const char *unit, double *f, Dim *dim)
{
	if (!unit[0]) {
		*f = 1;
		*dim = DIM_NONE;
		return true;
	}
	char *src = unit[0] == '/' || unit[0] == '%' ? xasprintf("1%s", unit) : xasprintf("1 %s", unit);
	ExprError e;
	Fault fault;
	Node *n = expr_parse(src, &e);
	bool ok = n && expr_bind(n, NULL, &e) && expr_eval_const(n, NULL, f, &fault);
	if (ok)
		*dim = n->dim;
	expr_free(n);
	free(src);
	return ok;
}

char *answer_unit_phrase(const char *unit)
{
	static const struct { const char *unit, *phrase; } per[] = {
		{"/s", "per second"}, {"/min", "per minute"}, {"/h", "per hour"},
		{"/day", "per day"}, {"/month", "per month"}, {"/year", "per year"},
	};
	if (!unit[0])
		return xstrdup("a number");
	for (size_t i = 0; i < ARRAY_LEN(per); i++)
		if (strcmp(unit, per[i].unit) == 0)
			return xstrdup(per[i].phrase);
	return xasprintf("in %s", unit);
}
