/*
 * A reader for the YAML that scenario files are written in: block mappings
 * and sequences, flow collections on one line, plain and quoted scalars on
 * one line, literal block scalars, comments. It builds the same YNode tree
 * libyaml's events would (values, styles, lines and columns) several times
 * faster, since loading every preset is most of `boe calc --all`. It takes
 * no chances: anything outside that subset, and every error, is declined,
 * and ytree_parse hands the text to libyaml, which decides and says why.
 * tests/unit/test_yamltree.c compares the two on every preset and fixture.
 * A part that fails returns NULL and leaves what it made in the arena, which
 * goes with the rest when the text is declined.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "yamltree.h"

#define MAX_DEPTH 60

typedef struct Line {
	const char *s;	/* its first byte */
	size_t len;	/* without the line break */
	int indent;	/* leading spaces */
	bool blank;	/* only spaces, or a comment */
} Line;

typedef struct Reader {
	Line *lines;
	size_t nlines;
	size_t at;	/* the line being read */
	int depth;
	const char *end;	/* of the text */
	YArena *arena;	/* every node and string of the tree */
	YNode **kids;	/* the open collections' items, innermost last */
	size_t nkids, capkids;
	size_t col_line;	/* column_of's last: line + 1 (0: none), place, column */
	const char *col_p;
	int col;
	const char *const *stop;	/* ytree_header_subset: the header's keys, and those read */
	size_t nstop;
	uint64_t seen;
	bool stopped;	/* the root mapping ended early, its header read */
} Reader;

/* Room for n bytes in the tree's arena, 8-aligned. */
static void *grab(Reader *r, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	YArena *a = r->arena;
	if (!a || a->used + n > a->size) {
		size_t size = n > 16384 ? n : 16384;
		YArena *b = xmalloc(sizeof *b + size);
		b->next = a;
		b->size = size;
		b->used = 0;
		r->arena = a = b;
	}
	void *p = a->data + a->used;
	a->used += n;
	return p;
}

static char *grab_string(Reader *r, const char *s, size_t n)
{
	char *p = grab(r, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/*
 * libyaml counts columns in characters: the bytes that start one. Nodes come
 * left to right, so the count goes on from the last node of the line.
 */
static int column_of(Reader *r, const char *p)
{
	const Line *l = &r->lines[r->at];
	const char *q = l->s;
	int col = 1;
	if (r->col_line == r->at + 1 && r->col_p <= p) {
		q = r->col_p;
		col = r->col;
	}
	/* a character starts at every byte but 10xxxxxx: eight bytes at a time, less their continuation bytes */
	const uint64_t ones = 0x0101010101010101u;
	for (; p - q >= 8; q += 8) {
		uint64_t w;
		memcpy(&w, q, 8);
		uint64_t cont = (w >> 7) & ~(w >> 6) & ones; /* 1 in each byte that continues a character */
		col += 8 - (int)((cont * ones) >> 56);
	}
	for (; q < p; q++)
		col += ((unsigned char)*q & 0xC0) != 0x80;
	r->col_line = r->at + 1;
	r->col_p = p;
	r->col = col;
	return col;
}

static YNode *node_at(Reader *r, YKind kind, const char *p)
{
	YNode *n = grab(r, sizeof *n);
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->line = (int)r->at + 1;
	n->col = column_of(r, p);
	return n;
}

/* A collection's items are stacked while it is read, then moved into the arena (close). */
static void add(Reader *r, YNode *k)
{
	if (r->nkids == r->capkids) {
		r->capkids = r->capkids ? r->capkids * 2 : 64;
		r->kids = xrealloc(r->kids, r->capkids * sizeof *r->kids);
	}
	r->kids[r->nkids++] = k;
}

static YNode *close_node(Reader *r, YNode *n, size_t base)
{
	n->nkids = n->capkids = r->nkids - base;
	if (n->nkids) {
		n->kids = grab(r, n->nkids * sizeof *n->kids);
		memcpy(n->kids, r->kids + base, n->nkids * sizeof *n->kids);
	}
	r->nkids = base;
	return n;
}

/*
 * Whether the text holds only what libyaml reads as printable, in well-formed
 * UTF-8, with no tab, carriage return or byte-order mark: the rest is left
 * to libyaml's own messages.
 */
static bool plain_text(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	while (p < end) {
		/* eight printable ASCII bytes at a time: no high bit, none below 0x20, no 0x7F */
		while (end - p >= 8) {
			uint64_t w, del;
			memcpy(&w, p, 8);
			del = w ^ (0x7F * ones);
			if ((w & highs) | ((w - 0x20 * ones) & ~w & highs) | ((del - ones) & ~del & highs))
				break; /* a byte to look at (or a false alarm after one) */
			p += 8;
		}
		if (p >= end)
			break;
		unsigned c = *p;
		if (c < 0x80) {
			if ((c < 0x20 && c != '\n') || c == 0x7F)
				return false;
			p++;
			continue;
		}
		int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
		if (!len || c > 0xF4 || end - p < len)
			return false;
		unsigned cp = c & (0x7F >> len);
		for (int i = 1; i < len; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (p[i] & 0x3F);
		}
		static const unsigned least[5] = {0, 0, 0x80, 0x800, 0x10000};
		if (cp < least[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			return false;
		/* libyaml's printable (0xA0-0xD7FF, 0xE000-0xFFFD but not the BOM, 0x10000 on), but
		   not its other line breaks: NEL, LS and PS */
		if (!((cp >= 0xA0 && cp <= 0xD7FF && cp != 0x2028 && cp != 0x2029) ||
		      (cp >= 0xE000 && cp <= 0xFFFD && cp != 0xFEFF) || cp >= 0x10000))
			return false;
		p += len;
	}
	return true;
}

static bool is_space_or_end(const char *p, const char *end)
{
	return p >= end || *p == ' ';
}

/* A comment from p: a '#' after a space (or at the line's start) to the end. */
static bool rest_is_empty(const char *p, const char *end, bool after_space)
{
	while (p < end && *p == ' ') {
		p++;
		after_space = true;
	}
	return p == end || (*p == '#' && after_space);
}

/*
 * YAML's indicators (IND), the flow ones no block key may hold (FLOW), and
 * ':' and '#', which may end a plain scalar (COLON_HASH); NUL counts as IND and FLOW
 */
enum { IND = 1, FLOW = 2, COLON_HASH = 4 };
static const unsigned char char_class[256] = {
	[0] = IND | FLOW, ['-'] = IND, ['?'] = IND, [':'] = IND | COLON_HASH, [','] = IND | FLOW,
	['['] = IND | FLOW, [']'] = IND | FLOW, ['{'] = IND | FLOW, ['}'] = IND | FLOW, ['#'] = IND | COLON_HASH,
	['&'] = IND, ['*'] = IND,
	['!'] = IND, ['|'] = IND, ['>'] = IND, ['\''] = IND, ['"'] = IND, ['%'] = IND, ['@'] = IND, ['`'] = IND,
};

static bool indicator(char c)
{
	return char_class[(unsigned char)c] & IND;
}

static bool plain_start(const char *p, const char *end)
{
	if (p >= end)
		return false;
	if (!indicator(*p))
		return true;
	/* "-5", "-x": a dash glued to a word or number */
	unsigned char c = p + 1 < end ? (unsigned char)p[1] : ' ';
	return *p == '-' && ((c >= '0' && c <= '9') || c == '.' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'));
}

/* The plain scalar from start to stop, its trailing spaces dropped. */
static YNode *plain_scalar(Reader *r, const char *start, const char *stop)
{
	while (stop > start && stop[-1] == ' ')
		stop--;
	YNode *n = node_at(r, Y_SCALAR, start);
	n->value = grab_string(r, start, (size_t)(stop - start));
	n->plain = true;
	return n;
}

/* Whether the line has a sequence entry's dash at column col: "- " or a final "-". */
static bool dash_at(const Line *l, int col)
{
	const char *p = l->s + col, *end = l->s + l->len;
	return p < end && *p == '-' && is_space_or_end(p + 1, end);
}

/*
 * A quoted scalar on one line from *pp (at its quote); *pp after the closing
 * quote. NULL when it is not that simple (a line break inside, a backslash).
 */
static YNode *quoted(Reader *r, const char **pp, const char *end)
{
	const char *p = *pp, q = *p;
	/* the closing quote, found a quote at a time: in single quotes '' is one quote and goes on */
	const char *close = p + 1;
	size_t doubled = 0;
	for (;;) {
		close = memchr(close, q, (size_t)(end - close));
		if (!close)
			return NULL;
		if (q == '\'' && close + 1 < end && close[1] == '\'') {
			close += 2;
			doubled++;
			continue;
		}
		break;
	}
	if (q == '"' && memchr(p + 1, '\\', (size_t)(close - p - 1)))
		return NULL;
	size_t len = (size_t)(close - p - 1) - doubled;
	YNode *n = node_at(r, Y_SCALAR, p);
	char *v = n->value = grab(r, len + 1);
	if (!doubled) {
		memcpy(v, p + 1, len);
		v += len;
	} else {
		for (const char *c = p + 1; c < close; c++) {
			*v++ = *c;
			if (*c == '\'')
				c++; /* '' is one quote */
		}
	}
	*v = '\0';
	n->quoted = true;
	*pp = close + 1;
	return n;
}

static YNode *flow(Reader *r, const char **pp, const char *end);

/* A plain scalar inside a flow collection: up to , ] } or ": ". */
static YNode *flow_plain(Reader *r, const char **pp, const char *end)
{
	const char *p = *pp, *start = p;
	if (!plain_start(p, end))
		return NULL;
	for (; p < end; p++) {
		if (!(char_class[(unsigned char)*p] & (FLOW | COLON_HASH)))
			continue; /* most characters */
		if (char_class[(unsigned char)*p] & FLOW)
			break;
		if (*p == ':') {
			if (p + 1 < end && p[1] == ' ')
				break;
			return NULL; /* ':' glued to what follows: versions of libyaml differ */
		}
		if (p[-1] == ' ') /* '#' after a space: a comment inside the collection */
			return NULL;
	}
	if (p >= end)
		return NULL; /* the collection goes on to another line */
	*pp = p;
	return plain_scalar(r, start, p);
}

static const char *skip_spaces(const char *p, const char *end)
{
	while (p < end && *p == ' ')
		p++;
	return p;
}

/* A flow node from *pp: a collection, a quoted or a plain scalar. */
static YNode *flow(Reader *r, const char **pp, const char *end)
{
	const char *p = skip_spaces(*pp, end);
	if (p >= end)
		return NULL;
	if (*p == '"' || *p == '\'') {
		YNode *n = quoted(r, &p, end);
		*pp = p;
		return n;
	}
	if (*p != '{' && *p != '[') {
		YNode *n = flow_plain(r, &p, end);
		*pp = p;
		return n;
	}
	if (++r->depth > MAX_DEPTH)
		return NULL;
	bool map = *p == '{';
	char close = map ? '}' : ']';
	YNode *n = node_at(r, map ? Y_MAP : Y_SEQ, p);
	size_t base = r->nkids;
	p = skip_spaces(p + 1, end);
	if (p < end && *p == close) {
		*pp = p + 1;
		r->depth--;
		return n;
	}
	for (;;) {
		YNode *k = flow(r, &p, end);
		if (!k)
			return NULL;
		add(r, k);
		p = skip_spaces(p, end);
		if (map) {
			if (k->kind != Y_SCALAR || p + 1 >= end || *p != ':' || p[1] != ' ')
				return NULL;
			p += 2;
			YNode *v = flow(r, &p, end);
			if (!v)
				return NULL;
			add(r, v);
			p = skip_spaces(p, end);
		}
		if (p >= end)
			return NULL;
		if (*p == close)
			break;
		if (*p != ',')
			return NULL;
		p = skip_spaces(p + 1, end);
		if (p < end && *p == close)
			return NULL; /* a trailing comma */
	}
	*pp = p + 1;
	r->depth--;
	return close_node(r, n, base);
}

/* The next line that is not blank (or a comment) from r->at on, or nlines. */
static size_t next_content(const Reader *r, size_t i)
{
	while (i < r->nlines && r->lines[i].blank)
		i++;
	return i;
}

/*
 * A literal block scalar whose indicator ('|') is at p on the current line,
 * in a collection indented by parent. r->at moves to the line after it.
 */
static YNode *literal(Reader *r, const char *p, const char *end, int parent)
{
	const char *bar = p;
	int chomp = 0, explicit_indent = 0; /* chomp: -1 strip, 0 clip, 1 keep */
	for (p++; p < end && *p != ' '; p++) {
		if ((*p == '-' || *p == '+') && !chomp)
			chomp = *p == '-' ? -1 : 1;
		else if (*p >= '1' && *p <= '9' && !explicit_indent)
			explicit_indent = *p - '0';
		else
			return NULL;
	}
	if (!rest_is_empty(p, end, false))
		return NULL;
	YNode *n = node_at(r, Y_SCALAR, bar);
	n->quoted = true;
	size_t i = r->at + 1;
	int indent = explicit_indent ? parent + explicit_indent : 0;
	if (!indent) {
		/* the first line with text sets it; blank lines before it are left to libyaml */
		if (i >= r->nlines || r->lines[i].indent == (int)r->lines[i].len || r->lines[i].indent <= parent)
			return NULL;
		indent = r->lines[i].indent;
	}
	Buf b = {0};
	size_t breaks = 0; /* blank lines not yet written */
	bool any = false;
	for (; i < r->nlines; i++) {
		const Line *l = &r->lines[i];
		if (l->indent == (int)l->len) { /* only spaces */
			if (l->indent > indent)
				goto fail; /* spaces that would be text: left to libyaml */
			if (l->s + l->len < r->end)
				breaks++; /* spaces at the very end, with no line break after them, are none */
			continue;
		}
		if (l->indent < indent)
			break;
		for (size_t k = 0; k < breaks; k++)
			buf_addc(&b, '\n');
		breaks = 0;
		buf_addn(&b, l->s + indent, l->len - (size_t)indent);
		if (l->s + l->len < r->end) /* a line break after it */
			buf_addc(&b, '\n');
		any = true;
	}
	/* no text, or a line less indented than the text but inside the collection */
	if (!any || (i < r->nlines && r->lines[i].indent > parent))
		goto fail;
	if (chomp < 0) {
		while (b.len && b.s[b.len - 1] == '\n')
			b.s[--b.len] = '\0';
	} else if (chomp > 0) {
		for (size_t k = 0; k < breaks; k++)
			buf_addc(&b, '\n');
	}
	n->value = grab_string(r, b.s ? b.s : "", b.len);
	buf_free(&b);
	r->at = i;
	return n;
fail:
	buf_free(&b);
	return NULL;
}

static YNode *block(Reader *r, int indent);

/*
 * A value after "key:" or "- " at p on the current line, in a collection
 * indented by parent (the key's or the dash's column). r->at moves past it.
 */
static YNode *value(Reader *r, const char *p, const char *end, int parent, bool in_seq)
{
	p = skip_spaces(p, end);
	if (rest_is_empty(p, end, true)) {
		/* the value is a collection on the lines below */
		size_t i = next_content(r, r->at + 1);
		if (i >= r->nlines)
			return NULL;
		const Line *l = &r->lines[i];
		if (l->indent <= parent && !(l->indent == parent && dash_at(l, l->indent) && !in_seq))
			return NULL; /* an empty value */
		r->at = i;
		return block(r, l->indent);
	}
	YNode *n = NULL;
	if (*p == '|') {
		if (in_seq)
			return NULL;
		return literal(r, p, end, parent);
	}
	if (*p == '{' || *p == '[') {
		n = flow(r, &p, end);
	} else if (*p == '"' || *p == '\'') {
		n = quoted(r, &p, end);
	} else if (plain_start(p, end)) {
		const char *start = p;
		while (p < end && !(*p == '#' && p[-1] == ' ')) {
			if (*p == ':' && is_space_or_end(p + 1, end))
				return NULL; /* a mapping after all */
			p++;
		}
		n = plain_scalar(r, start, p);
	}
	if (!n)
		return NULL;
	if (!rest_is_empty(p, end, p[-1] == ' '))
		return NULL;
	r->at++;
	return n;
}

/*
 * After a collection's item, r->at moves to the next line with text. 1: the
 * collection (indented by indent) ends there, or the text does; 0: it goes
 * on at that line; -1: the line is indented more, which is not this subset.
 */
static int next_item(Reader *r, int indent)
{
	r->at = next_content(r, r->at);
	if (r->at >= r->nlines || r->lines[r->at].indent < indent)
		return 1;
	return r->lines[r->at].indent > indent ? -1 : 0;
}

/* Adds v, a collection's item (NULL: it failed), and moves on as next_item does: -1 for a failure too. */
static int took_item(Reader *r, YNode *v, int indent)
{
	if (!v)
		return -1;
	add(r, v);
	return next_item(r, indent);
}

static bool starts_entry(const char *p, const char *end);

/* Marks key, a key of the root mapping, if it is one of the header's: whether that makes them all. */
static bool header_key(Reader *r, const char *key)
{
	for (size_t i = 0; i < r->nstop; i++)
		if (strcmp(key, r->stop[i]) == 0)
			r->seen |= (uint64_t)1 << i;
	return r->seen == ((uint64_t)1 << r->nstop) - 1;
}

/* A block mapping whose keys are at column indent (0-based); its first key is at p on the current line. */
static YNode *mapping(Reader *r, int indent, const char *p)
{
	YNode *m = node_at(r, Y_MAP, p);
	size_t base = r->nkids;
	for (;;) {
		const Line *l = &r->lines[r->at];
		const char *end = l->s + l->len;
		if (!plain_start(p, end) || *p == '-')
			return NULL;
		const char *k = p;
		while (p < end && !(*p == ':' && is_space_or_end(p + 1, end))) {
			if ((*p == '#' && p[-1] == ' ') || (char_class[(unsigned char)*p] & FLOW))
				return NULL;
			p++;
		}
		if (p >= end)
			return NULL;
		YNode *key = plain_scalar(r, k, p);
		add(r, key);
		bool header_read = r->nstop && r->depth == 1 && header_key(r, key->value);
		int next = took_item(r, value(r, p + 1, end, indent, false), indent);
		if (next < 0)
			return NULL;
		if (next > 0)
			return close_node(r, m, base);
		if (header_read) {
			/*
			 * libyaml ends here too, having read on to the next line's
			 * first character (a tab before it is its error): taken
			 * when that line starts a plain key, else left to libyaml
			 */
			const Line *n = &r->lines[r->at];
			if (!starts_entry(n->s, n->s + n->len))
				return NULL;
			r->stopped = true;
			return close_node(r, m, base);
		}
		if (dash_at(&r->lines[r->at], indent))
			return NULL; /* a dash at the keys' column: the sequence ended (or it is an error) */
		p = r->lines[r->at].s + indent;
	}
}

/* Whether the text from p to end starts a mapping entry: a key, then ": " or a final ':'. */
static bool starts_entry(const char *p, const char *end)
{
	if (!plain_start(p, end))
		return false;
	for (; p < end; p++) {
		if (*p == ':' && is_space_or_end(p + 1, end))
			return true;
		if (*p == '#' && p[-1] == ' ')
			return false;
	}
	return false;
}

/* A block sequence whose dashes are at column indent, from the current line. */
static YNode *sequence(Reader *r, int indent)
{
	YNode *s = node_at(r, Y_SEQ, r->lines[r->at].s + indent);
	size_t base = r->nkids;
	for (;;) {
		const Line *l = &r->lines[r->at];
		const char *end = l->s + l->len, *p = l->s + indent + 1;
		const char *item = skip_spaces(p, end);
		YNode *v;
		if (item < end && *item != '#' && starts_entry(item, end)) {
			if (++r->depth > MAX_DEPTH)
				return NULL;
			v = mapping(r, (int)(item - l->s), item);
			r->depth--;
		} else if (item < end && *item == '-') {
			return NULL; /* "- - x" */
		} else {
			v = value(r, p, end, indent, true);
		}
		int next = took_item(r, v, indent);
		if (next < 0)
			return NULL;
		if (next > 0)
			return close_node(r, s, base);
		if (!dash_at(&r->lines[r->at], indent))
			return close_node(r, s, base); /* a sequence at its mapping's column ends at the next key */
	}
}

/* The block collection whose first line is the current one, indented by indent. */
static YNode *block(Reader *r, int indent)
{
	if (++r->depth > MAX_DEPTH)
		return NULL;
	const Line *l = &r->lines[r->at];
	const char *p = l->s + indent;
	YNode *n;
	if (dash_at(l, indent))
		n = sequence(r, indent);
	else
		n = starts_entry(p, l->s + l->len) ? mapping(r, indent, p) : NULL;
	r->depth--;
	return n;
}

/* The text's lines into r; false at a document marker or a directive, which are libyaml's. */
static bool split_lines(Reader *r, const char *text, size_t n)
{
	size_t cap = 64;
	r->lines = xmalloc(cap * sizeof(Line));
	for (const char *p = text, *end = text + n; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (r->nlines == cap) {
			cap *= 2;
			r->lines = xrealloc(r->lines, cap * sizeof(Line));
		}
		Line *l = &r->lines[r->nlines++];
		l->s = p;
		l->len = (size_t)((nl ? nl : end) - p);
		l->indent = 0;
		while (l->indent < (int)l->len && p[l->indent] == ' ')
			l->indent++;
		l->blank = l->indent == (int)l->len || p[l->indent] == '#';
		if (l->len && (*p == '%' || (l->len >= 3 && (memcmp(p, "---", 3) == 0 || memcmp(p, "...", 3) == 0))))
			return false;
		p = nl ? nl + 1 : end;
	}
	return true;
}

static bool parse_subset(const char *text, size_t n, const char *const *stop, size_t nstop, YNode **out)
{
	*out = NULL;
	if (!plain_text(text, n))
		return false;
	Reader r = {.end = text + n, .stop = stop, .nstop = nstop};
	if (!split_lines(&r, text, n)) {
		free(r.lines);
		return false;
	}
	YNode *root = NULL;
	r.at = next_content(&r, 0);
	if (r.at < r.nlines && r.lines[r.at].indent == 0) {
		root = block(&r, 0);
		if (root && (root->kind != Y_MAP || (!r.stopped && next_content(&r, r.at) < r.nlines)))
			root = NULL;
	}
	free(r.lines);
	free(r.kids);
	if (root)
		root->arena = r.arena; /* ytree_free(root) frees the lot */
	else
		ytree_free_arena(r.arena);
	*out = root;
	return root != NULL;
}

bool ytree_parse_subset(const char *text, size_t n, YNode **out)
{
	return parse_subset(text, n, NULL, 0, out);
}

bool ytree_header_subset(const char *text, size_t n, const char *const *keys, size_t nkeys, YNode **out)
{
	if (nkeys == 0 || nkeys > 32)
		return false;
	return parse_subset(text, n, keys, nkeys, out);
}
