/*
 * Small helpers shared by every module: allocation that never returns NULL,
 * a growable string buffer, error reports, name suggestions and text hygiene.
 */
#ifndef BOE_UTIL_H
#define BOE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__)
#define BOE_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define BOE_PRINTF(a, b)
#endif

/* Allocation failure is fatal here and nowhere else. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) BOE_PRINTF(1, 2);
/*
 * v, an array of n elements of size bytes, with room for one more: *cap
 * doubles (from first) when it is full. For arrays built an element at a time.
 */
void *xgrow(void *v, size_t n, size_t *cap, size_t size, size_t first);

/* FNV-1a of the n bytes at s, or of the string s: what the name tables hash with. */
static inline uint32_t str_hash_n(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static inline uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

#if defined(__GNUC__)
#define BOE_SENTINEL __attribute__((sentinel))
#else
#define BOE_SENTINEL
#endif

/*
 * The strings up to a NULL one after another in out, cut to fit n with the
 * NUL as snprintf cuts: formatting runs often, and this reads no format.
 */
void str_join(char *out, size_t n, ...) BOE_SENTINEL;

/* A growable NUL-terminated string. Zero-initialise, then append; buf_free releases. */
typedef struct Buf {
	char *s;
	size_t len, cap;
} Buf;

/* Room for extra more bytes and the NUL (buf_addn and buf_addc's slow path). */
void buf_grow(Buf *b, size_t extra);

/* Appending is inline: reports append a byte or a key at a time, hundreds of thousands of times. */
static inline void buf_addn(Buf *b, const char *s, size_t n)
{
	if (b->cap - b->len <= n) /* len + n + 1 > cap, which cannot wrap (len < cap once there is room) */
		buf_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static inline void buf_add(Buf *b, const char *s)
{
	buf_addn(b, s, strlen(s));
}

static inline void buf_addc(Buf *b, char c)
{
	if (b->cap - b->len <= 1)
		buf_grow(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}
void buf_printf(Buf *b, const char *fmt, ...) BOE_PRINTF(2, 3);
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
void buf_pad(Buf *b, size_t width, size_t have);	/* spaces up to width */
void buf_clear(Buf *b);
void buf_free(Buf *b);
/* Hands over the string (never NULL); the buffer is left empty. Caller frees. */
char *buf_take(Buf *b);

/*
 * An error found by a core module: where (file may be empty; line/col 0 when
 * unknown) and what. Core code fills one of these and returns failure; only the
 * CLI and the TUI show it.
 */
typedef struct BoeError {
	char file[256];
	int line, col;
	char msg[512];
	char excerpt[256];	/* the source line the error points at, when known, else "" */
} BoeError;

void boe_error_set(BoeError *e, const char *file, int line, int col, const char *fmt, ...)
	BOE_PRINTF(5, 6);
/* Fills e->excerpt with line e->line of text[0..n), so the error can show it
   without reading the file again. */
void boe_error_excerpt(BoeError *e, const char *text, size_t n);
/* "file:line:col: msg" (parts omitted when unknown) into out. */
void boe_error_format(const BoeError *e, char *out, size_t n);

/* The candidate closest to word by edit distance, or NULL when none is close. */
const char *suggest_name(const char *word, const char *const *cands, size_t n);

/* Offset of the first invalid UTF-8 byte, or -1 when s[0..n) is valid. */
long utf8_invalid_at(const char *s, size_t n);
/* The line and column (from 1, a column per code point) of byte at of text. */
void text_line_col(const char *text, size_t at, int *line, int *col);
/* Whether text[0..n) is valid UTF-8; else err says where (file:line:col) and to save it as UTF-8. */
bool text_utf8_ok(const char *text, size_t n, const char *file, BoeError *err);
/* Number of display columns of a UTF-8 string (one per code point; no wide chars here). */
size_t utf8_width(const char *s);
/*
 * Copies s with control characters (C0, DEL, C1, ESC sequences) replaced by
 * '?', keeping newlines when keep_nl. Caller frees.
 */
char *text_sanitize(const char *s, int keep_nl);

/*
 * An index of names held elsewhere, by open addressing: entry i's name is
 * name_of(ctx, i). Finding is one hash and a probe or two, however many
 * there are (a linear scan made long inputs quadratic). Zero-initialise;
 * free with name_index_free.
 */
typedef const char *(*NameOf)(const void *ctx, int i);
typedef struct NameIndex {
	int *slot;		/* entry indices, -1 empty; cap a power of two, at most half full */
	size_t cap, n;
	NameOf name_of;
	const void *ctx;
} NameIndex;
void name_index_init(NameIndex *x, NameOf name_of, const void *ctx);
/* The entry named name, or -1. */
int name_index_find(const NameIndex *x, const char *name);
/* Adds entry i under its name; a name already there keeps its first entry. */
void name_index_add(NameIndex *x, int i);
void name_index_free(NameIndex *x);

/* Monotonic clock in seconds. */
double now_seconds(void);

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
