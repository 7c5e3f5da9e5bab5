/*
 * Allocation, string buffers, error reports, suggestions and text hygiene.
 * Allocation failure is the one fatal error of the core: there is nothing
 * sensible to do after it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "boe/util.h"

static void out_of_memory(void)
{
	fputs("boe: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xgrow(void *v, size_t n, size_t *cap, size_t size, size_t first)
{
	if (n < *cap)
		return v;
	*cap = *cap ? 2 * *cap : first;
	return xrealloc(v, *cap * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	Buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_take(&b);
}

void str_join(char *out, size_t n, ...)
{
	if (!n)
		return;
	size_t k = 0;
	va_list ap;
	va_start(ap, n);
	for (const char *p; (p = va_arg(ap, const char *)) != NULL;)
		for (; *p && k + 1 < n; p++)
			out[k++] = *p;
	va_end(ap);
	out[k] = '\0';
}

void buf_grow(Buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

void buf_vprintf(Buf *b, const char *fmt, va_list ap)
{
	buf_grow(b, 64);
	va_list ap2;
	va_copy(ap2, ap);
	/* one pass when it fits, which is nearly always */
	int n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->s[b->len] = '\0';
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void buf_printf(Buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_pad(Buf *b, size_t width, size_t have)
{
	while (have++ < width)
		buf_addc(b, ' ');
}

void buf_clear(Buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void buf_free(Buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

char *buf_take(Buf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void boe_error_set(BoeError *e, const char *file, int line, int col, const char *fmt, ...)
{
	if (!e)
		return;
	snprintf(e->file, sizeof e->file, "%s", file ? file : "");
	e->line = line;
	e->col = col;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	e->excerpt[0] = '\0';
}

void boe_error_excerpt(BoeError *e, const char *text, size_t n)
{
	if (!e || e->line <= 0 || !text)
		return;
	const char *p = text, *end = text + n;
	for (int l = 1; l < e->line && p < end; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return;
		p = nl + 1;
	}
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t len = (size_t)((nl ? nl : end) - p);
	if (len >= sizeof e->excerpt) {
		/* keep whole UTF-8 characters */
		len = sizeof e->excerpt - 1;
		while (len > 0 && ((unsigned char)p[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(e->excerpt, p, len);
	e->excerpt[len] = '\0';
}

void boe_error_format(const BoeError *e, char *out, size_t n)
{
	if (e->file[0] && e->line > 0 && e->col > 0)
		snprintf(out, n, "%s:%d:%d: %s", e->file, e->line, e->col, e->msg);
	else if (e->file[0] && e->line > 0)
		snprintf(out, n, "%s:%d: %s", e->file, e->line, e->msg);
	else if (e->file[0])
		snprintf(out, n, "%s: %s", e->file, e->msg);
	else
		snprintf(out, n, "%s", e->msg);
}

/* Optimal string alignment distance: a swap of two neighbours ("dua" for "dau") costs 1. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 63 || lb > 63)
		return 99;
	size_t d[64][64];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			/* a case slip is free: "mb" is close to "MB" */
			size_t cost = (a[i - 1] | 32) == (b[j - 1] | 32) ? 0 : 1;
			size_t best = d[i - 1][j - 1] + cost;
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

const char *suggest_name(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1, wl = strlen(word);
	for (size_t i = 0; i < n; i++) {
		if (!cands[i])
			continue;
		size_t d = edit_distance(word, cands[i]);
		/* a prefix match ("avg_rea" for "avg_read_qps") counts as close */
		if (wl >= 3 && strncmp(cands[i], word, wl) == 0)
			d = d < 2 ? d : 2;
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	/* short words are too easily "close" to anything: only a case slip counts */
	size_t limit = wl <= 2 ? 0 : wl <= 3 ? 1 : wl <= 6 ? 2 : 3;
	return bestd <= limit ? best : NULL;
}

long utf8_invalid_at(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		/* ASCII eight bytes at a time: most text is */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080u)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		unsigned c = s[i];
		size_t len;
		unsigned min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			len = 2, min = 0x80, c &= 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3, min = 0x800, c &= 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4, min = 0x10000, c &= 0x07;
		} else {
			return (long)i;
		}
		if (i + len > n)
			return (long)i;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return (long)i;
			c = (c << 6) | (s[i + k] & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return (long)i;
		i += len;
	}
	return -1;
}

void text_line_col(const char *text, size_t at, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < at; i++) {
		if (text[i] == '\n')
			++*line, *col = 1;
		else if (((unsigned char)text[i] & 0xC0) != 0x80)
			++*col;
	}
}

bool text_utf8_ok(const char *text, size_t n, const char *file, BoeError *err)
{
	long bad = utf8_invalid_at(text, n);
	if (bad < 0)
		return true;
	int line, col;
	text_line_col(text, (size_t)bad, &line, &col);
	boe_error_set(err, file, line, col, "invalid UTF-8 (byte 0x%02X): save the file as UTF-8",
		      (unsigned char)text[bad]);
	return false;
}

size_t utf8_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

char *text_sanitize(const char *s, int keep_nl)
{
	Buf b = {0};
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		if (c == '\n' && keep_nl) {
			buf_addc(&b, '\n');
			p++;
		} else if (c == '\t') {
			buf_addc(&b, ' ');
			p++;
		} else if (c < 0x20 || c == 0x7F) {
			buf_addc(&b, '?');
			p++;
		} else if (c == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			/* C1 control characters, U+0080..U+009F */
			buf_addc(&b, '?');
			p += 2;
		} else if (c < 0x80) {
			buf_addc(&b, (char)c);
			p++;
		} else {
			/* a whole valid UTF-8 sequence passes; a broken one becomes '?' */
			size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
			size_t avail = strnlen((const char *)p, len);
			if (len > 1 && avail == len && utf8_invalid_at((const char *)p, len) < 0) {
				buf_addn(&b, (const char *)p, len);
				p += len;
			} else {
				buf_addc(&b, '?');
				p++;
			}
		}
	}
	return buf_take(&b);
}

double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- name index ---- */

void name_index_init(NameIndex *x, NameOf name_of, const void *ctx)
{
	*x = (NameIndex){.name_of = name_of, .ctx = ctx};
}

/* The slot of name: the one that holds it, or the empty one it would take. */
static int *name_slot(const NameIndex *x, const char *name)
{
	size_t mask = x->cap - 1;
	for (size_t h = str_hash(name) & mask;; h = (h + 1) & mask)
		if (x->slot[h] < 0 || strcmp(x->name_of(x->ctx, x->slot[h]), name) == 0)
			return &x->slot[h];
}

int name_index_find(const NameIndex *x, const char *name)
{
	return x->cap ? *name_slot(x, name) : -1;
}

void name_index_add(NameIndex *x, int i)
{
	if (2 * (x->n + 1) > x->cap) { /* placed again in twice the slots */
		int *old = x->slot;
		size_t old_cap = x->cap;
		x->cap = x->cap ? 2 * x->cap : 32;
		x->slot = xmalloc(x->cap * sizeof *x->slot);
		for (size_t h = 0; h < x->cap; h++)
			x->slot[h] = -1;
		for (size_t h = 0; h < old_cap; h++)
			if (old[h] >= 0)
				*name_slot(x, x->name_of(x->ctx, old[h])) = old[h];
		free(old);
	}
	int *at = name_slot(x, x->name_of(x->ctx, i));
	if (*at < 0) {
		*at = i;
		x->n++;
	}
}

void name_index_free(NameIndex *x)
{
	free(x->slot);
	x->slot = NULL;
	x->cap = x->n = 0;
}
