/*
 * The units language: lexer, precedence-climbing parser, name binding with
 * dimension inference, display hints and rendering back to text.
 *
 * Precedence, loosest first: "->"/"to" (whole expression only), comparisons,
 * + -, * / × ÷ per, unary minus, ^ (right), postfix %, then juxtaposition of a
 * number and its unit ("5 year", "2 KB"), which binds tightest. A count suffix
 * glued to a number ("100M", "1B") multiplies it; a unit glued to a number
 * ("2KB", "10Gbps") is a unit.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "boe/expr.h"
#include "expr_impl.h"

typedef enum Tok {
	T_END, T_NUM, T_IDENT, T_DOLLAR, T_PLUS, T_MINUS, T_STAR, T_SLASH, T_CARET,
	T_LPAREN, T_RPAREN, T_COMMA, T_PERCENT, T_ARROW, T_PER,
	T_LT, T_LE, T_GT, T_GE, T_EQ, T_NE, T_DOTDOT, T_BAD
} Tok;

typedef struct Lexer {
	const char *src;
	int pos;		/* start of the current token */
	int end;		/* end of the current token */
	Tok tok;
	double num;
	unsigned numflags;
	bool glued;		/* token touches the previous one (no space) */
	ExprError *err;
	bool failed;
	bool in_args;		/* directly inside the arguments of a call, where ',' separates */
	int nest;		/* parse_unary activations: parentheses, signs, calls, powers */
	ExprArena *arena;	/* where the nodes go; NULL: each its own allocation */
} Lexer;

/* ASCII letters, whatever the locale (a name means the same in every terminal) */
static inline bool ascii_alpha(unsigned char c)
{
	return (unsigned char)((c | 0x20) - 'a') < 26;
}

static bool is_ident_start(const unsigned char *p)
{
	return ascii_alpha(*p) || *p == '_' || (p[0] == 0xC2 && p[1] == 0xB5) ||
	       (p[0] == 0xCE && p[1] == 0xBC);
}

static inline int ident_char_len(const unsigned char *p)
{
	if (ascii_alpha(*p) || (unsigned char)(*p - '0') < 10 || *p == '_')
		return 1;
	if ((p[0] == 0xC2 && p[1] == 0xB5) || (p[0] == 0xCE && p[1] == 0xBC))
		return 2;
	return 0;
}

static void lex_fail(Lexer *lx, int pos, const char *fmt, ...) BOE_PRINTF(3, 4);
static void lex_fail(Lexer *lx, int pos, const char *fmt, ...)
{
	if (lx->failed)
		return;
	lx->failed = true;
	lx->err->pos = pos;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(lx->err->msg, sizeof lx->err->msg, fmt, ap);
	va_end(ap);
}

/*
 * The double nearest the decimal literal s (digits, '.', exponent), as strtod
 * gives it. Most literals take the exact short way: at most 15 significant
 * digits are an exact integer m, 10^k is exact up to 10^22, and one IEEE
 * multiplication or division of exact operands is correctly rounded.
 */
static double decimal_value(const char *s)
{
	uint64_t m = 0;
	int digits = 0, scale = 0; /* value = m * 10^scale */
	const char *p = s;
	for (bool frac = false;; p++) {
		if (*p == '.' && !frac) {
			frac = true;
			continue;
		}
		if (*p < '0' || *p > '9')
			break;
		if (digits || *p != '0')
			digits++;
		if (digits > 15)
			return strtod(s, NULL);
		m = m * 10 + (uint64_t)(*p - '0');
		scale -= frac;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		int sign = *p == '-' ? -1 : 1, e = 0;
		if (*p == '-' || *p == '+')
			p++;
		for (; *p >= '0' && *p <= '9'; p++) {
			e = e * 10 + (*p - '0');
			if (e > 400)
				return strtod(s, NULL);
		}
		scale += sign * e;
	}
	if (*p || scale > 22 || scale < -22)
		return strtod(s, NULL);
	return scale >= 0 ? (double)m * units_pow10(scale) : (double)m / units_pow10(-scale);
}

/* A number's characters as lex_number gathers them: on the stack, unless there are many. */
typedef struct Digits {
	char small[64];
	Buf big;	/* all of them, once they outgrow small */
	size_t len;
} Digits;

static void digits_add(Digits *d, char c)
{
	if (!d->big.s && d->len + 1 < sizeof d->small) {
		d->small[d->len++] = c;
		d->small[d->len] = '\0';
		return;
	}
	if (!d->big.s)
		buf_addn(&d->big, d->small, d->len);
	buf_addc(&d->big, c);
	d->len++;
}

static const char *digits_text(const Digits *d)
{
	return d->big.s ? d->big.s : d->small;
}

/*
 * Reads a number at p: digits with optional ",ddd" groups, fraction, exponent,
 * count suffix. The whole literal, however long, is read (decimal_value, which
 * hands the long ones to strtod): no digit is dropped.
 */
static int lex_number(Lexer *lx, int p)
{
	const char *s = lx->src;
	Digits digits = {.small = ""};
	unsigned flags = 0;
	while (isdigit((unsigned char)s[p]) || (s[p] == ',' && isdigit((unsigned char)s[p + 1]) &&
						   isdigit((unsigned char)s[p + 2]) &&
						   isdigit((unsigned char)s[p + 3]) &&
						   !isdigit((unsigned char)s[p + 4]) && digits.len > 0)) {
		if (s[p] == ',') {
			flags |= NF_SEP;
			p++;
			continue;
		}
		digits_add(&digits, s[p++]);
	}
	if (s[p] == '.' && isdigit((unsigned char)s[p + 1])) {
		digits_add(&digits, s[p++]);
		while (isdigit((unsigned char)s[p]))
			digits_add(&digits, s[p++]);
	} else if (s[p] == '.' && digits.len == 0) {
		lex_fail(lx, p, "expected a digit after '.'");
	}
	if ((s[p] == 'e' || s[p] == 'E') &&
	    (isdigit((unsigned char)s[p + 1]) ||
	     ((s[p + 1] == '-' || s[p + 1] == '+') && isdigit((unsigned char)s[p + 2])))) {
		digits_add(&digits, s[p++]);
		if (s[p] == '-' || s[p] == '+')
			digits_add(&digits, s[p++]);
		while (isdigit((unsigned char)s[p]))
			digits_add(&digits, s[p++]);
	}
	const char *text = digits_text(&digits);
	lx->num = digits.len ? decimal_value(text) : 0;
	if (!isfinite(lx->num)) {
		if (digits.len > 40)
			lex_fail(lx, lx->pos, "number too large: %.20s... (%zu digits)", text, digits.len);
		else
			lex_fail(lx, lx->pos, "number too large: %s", text);
	} else if (lx->num == 0 && strcspn(text, "123456789") < strcspn(text, "eE")) {
		/* a non-zero mantissa that its exponent or its zeros take below the smallest double */
		if (digits.len > 40)
			lex_fail(lx, lx->pos, "number too small: %.20s... (%zu digits) would be 0", text, digits.len);
		else
			lex_fail(lx, lx->pos, "number too small: %s would be 0", text);
	}
	buf_free(&digits.big);
	/* a glued count suffix: exactly one of K k M B T, not followed by a letter */
	char c = s[p];
	if ((c == 'K' || c == 'k' || c == 'M' || c == 'B' || c == 'T') &&
	    !ident_char_len((const unsigned char *)s + p + 1)) {
		static const double mult[] = {['K'] = 1e3, ['k'] = 1e3, ['M'] = 1e6, ['B'] = 1e9,
					      ['T'] = 1e12};
		lx->num *= mult[(unsigned char)c];
		flags |= NF_GLUED;
		p++;
	}
	lx->numflags = flags;
	return p;
}

static void lex_next(Lexer *lx)
{
	const char *s = lx->src;
	int p = lx->end;
	if (lx->failed) {
		/* the first error ends the reading: nothing more is built to be freed */
		lx->tok = T_END;
		lx->pos = p;
		return;
	}
	lx->glued = true;
	while (isspace((unsigned char)s[p])) {
		p++;
		lx->glued = false;
	}
	lx->pos = p;
	lx->numflags = 0;
	const unsigned char *u = (const unsigned char *)s + p;
	if (!*u) {
		lx->tok = T_END;
		lx->end = p;
		return;
	}
	if (isdigit(*u) || (*u == '.' && isdigit(u[1]))) {
		lx->tok = T_NUM;
		lx->end = lex_number(lx, p);
		return;
	}
	if (is_ident_start(u)) {
		int q = p, l;
		while ((l = ident_char_len((const unsigned char *)s + q)) > 0)
			q += l;
		lx->end = q;
		if (q - p == 3 && strncmp(s + p, "per", 3) == 0)
			lx->tok = T_PER;
		else if (q - p == 2 && strncmp(s + p, "to", 2) == 0)
			lx->tok = T_ARROW;
		else
			lx->tok = T_IDENT;
		return;
	}
	/* × (C3 97) and ÷ (C3 B7), as the explanations print them */
	if (u[0] == 0xC3 && (u[1] == 0x97 || u[1] == 0xB7)) {
		lx->tok = u[1] == 0x97 ? T_STAR : T_SLASH;
		lx->end = p + 2;
		return;
	}
	lx->end = p + 1;
	switch (*u) {
	case '+': lx->tok = T_PLUS; return;
	case '-':
		if (u[1] == '>') {
			lx->tok = T_ARROW;
			lx->end = p + 2;
		} else {
			lx->tok = T_MINUS;
		}
		return;
	case '*': lx->tok = T_STAR; return;
	case '/': lx->tok = T_SLASH; return;
	case '^': lx->tok = T_CARET; return;
	case '(': lx->tok = T_LPAREN; return;
	case ')': lx->tok = T_RPAREN; return;
	case ',': lx->tok = T_COMMA; return;
	case '%': lx->tok = T_PERCENT; return;
	case '$': lx->tok = T_DOLLAR; return;
	case '.':
		if (u[1] == '.') { /* LO..HI */
			lx->tok = T_DOTDOT;
			lx->end = p + 2;
			return;
		}
		break;
	case '<':
		lx->tok = u[1] == '=' ? T_LE : T_LT;
		lx->end = p + (u[1] == '=' ? 2 : 1);
		return;
	case '>':
		lx->tok = u[1] == '=' ? T_GE : T_GT;
		lx->end = p + (u[1] == '=' ? 2 : 1);
		return;
	case '=':
		if (u[1] == '=') {
			lx->tok = T_EQ;
			lx->end = p + 2;
			return;
		}
		break;
	case '!':
		if (u[1] == '=') {
			lx->tok = T_NE;
			lx->end = p + 2;
			return;
		}
		break;
	default:
		break;
	}
	lx->tok = T_BAD;
	int len = 1;
	if (*u >= 0xC0) /* show a whole UTF-8 character */
		while (len < 4 && (u[len] & 0xC0) == 0x80)
			len++;
	lx->end = p + len;
	lex_fail(lx, p, "unexpected character '%.*s'", len, s + p);
}

static void lex_warn(Lexer *lx, int pos, const char *fmt, ...) BOE_PRINTF(3, 4);
static void lex_warn(Lexer *lx, int pos, const char *fmt, ...)
{
	if (lx->err->nwarn >= EXPR_MAX_WARNINGS)
		return;
	ExprWarning *w = &lx->err->warn[lx->err->nwarn++];
	w->pos = pos;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->msg, sizeof w->msg, fmt, ap);
	va_end(ap);
}

/* "max(1,500)": the documented reading is one number, but say so, and how to write two. */
static void warn_separator_in_args(Lexer *lx, const char *text, int pos)
{
	Buf plain = {0}, spaced = {0};
	int parts = 1;
	for (const char *c = text; *c; c++) {
		if (*c == ',') {
			parts++;
			buf_add(&spaced, ", ");
			continue;
		}
		buf_addc(&plain, *c);
		buf_addc(&spaced, *c);
	}
	static const char *counts[] = {"", "", "two", "three", "four", "five", "six"};
	char many[16];
	snprintf(many, sizeof many, "%d", parts);
	lex_warn(lx, pos, "'%s' read as one number %s; write '%s' for %s arguments", text, plain.s,
		 spaced.s, parts < (int)ARRAY_LEN(counts) ? counts[parts] : many);
	buf_free(&plain);
	buf_free(&spaced);
}

/* ---- nodes ---- */

typedef struct ArenaBlock {
	struct ArenaBlock *next;
	size_t size;
	max_align_t room[];
} ArenaBlock;

/*
 * Blocks of 16 KB, then 32 and 64 (a preset's trees fill 16-48 KB): under
 * the size the C library maps on its own, so a freed one is reused.
 */
enum { ARENA_FIRST = 16 << 10, ARENA_MOST = 64 << 10 };

/* n zeroed bytes from a, aligned for any object. */
static void *arena_take(ExprArena *a, size_t n)
{
	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	ArenaBlock *b = a->blocks;
	if (!b || b->size - a->used < n) {
		size_t size = b ? (b->size * 2 < ARENA_MOST ? b->size * 2 : ARENA_MOST) : ARENA_FIRST;
		if (size < n)
			size = n;
		ArenaBlock *nb = xmalloc(sizeof *nb + size);
		nb->next = b;
		nb->size = size;
		a->blocks = b = nb;
		a->used = 0;
	}
	void *p = (char *)b->room + a->used;
	a->used += n;
	memset(p, 0, n);
	return p;
}

void expr_arena_clear(ExprArena *a)
{
	if (!a->blocks)
		return;
	ArenaBlock *keep = a->blocks, *b = keep->next;
	while (b) {
		ArenaBlock *next = b->next;
		free(b);
		b = next;
	}
	keep->next = NULL;
	a->used = 0;
}

size_t expr_arena_size(const ExprArena *a)
{
	size_t n = 0;
	for (const ArenaBlock *b = a->blocks; b; b = b->next)
		n += b->size;
	return n;
}

void expr_arena_free(ExprArena *a)
{
	expr_arena_clear(a);
	free(a->blocks);
	*a = (ExprArena){0};
}

/* n zeroed bytes for the tree being parsed: from its arena, or allocated */
static void *node_room(const Lexer *lx, size_t n)
{
	return lx->arena ? arena_take(lx->arena, n) : xcalloc(1, n);
}

/* A node; with text, its n bytes are kept in the same block, after it (expr_free knows). */
static Node *node_alloc(const Lexer *lx, NodeKind k, int pos, int end, const char *text, size_t n_text)
{
	Node *n = node_room(lx, sizeof *n + (text ? n_text + 1 : 0));
	if (text) {
		n->text = (char *)(n + 1);
		memcpy(n->text, text, n_text);
	}
	n->kind = k;
	n->flags = lx->arena ? NF_ARENA : 0;
	n->pos = pos;
	n->end = end;
	n->oppos = pos;
	n->slot = -1;
	n->fn = -1;
	n->height = 1;
	return n;
}

static Node *node_new(const Lexer *lx, NodeKind k, int pos, int end)
{
	return node_alloc(lx, k, pos, end, NULL, 0);
}

/* A node that keeps its source text, src[pos..end). */
static Node *node_with_text(const Lexer *lx, NodeKind k, int pos, int end)
{
	return node_alloc(lx, k, pos, end, lx->src + pos, (size_t)(end - pos));
}

/* A call's arguments as its node keeps them: in the arena, the list parse_args grew is copied there. */
static Node **node_args(const Lexer *lx, Node **args, int n)
{
	if (!lx->arena || !args)
		return args;
	Node **kept = arena_take(lx->arena, (size_t)n * sizeof *kept);
	memcpy(kept, args, (size_t)n * sizeof *kept);
	free(args);
	return kept;
}

static void too_deep(Lexer *lx, int pos)
{
	lex_fail(lx, pos, "expression nested too deeply (limit %d)", EXPR_MAX_DEPTH);
}

/*
 * Sets n's height from its operands, once they are attached. Every walker of
 * the tree recurses, so a tree taller than EXPR_MAX_DEPTH is refused: a flat
 * sum of 40,000 terms is a left spine 40,000 deep.
 */
static Node *grown(Lexer *lx, Node *n)
{
	int h = 0;
	for (int i = 0; i < 3; i++)
		if (n->kid[i] && n->kid[i]->height > h)
			h = n->kid[i]->height;
	for (int i = 0; i < n->nargs; i++)
		if (n->args[i]->height > h)
			h = n->args[i]->height;
	n->height = h + 1;
	if (n->height > EXPR_MAX_DEPTH)
		too_deep(lx, n->oppos);
	return n;
}

static Node *node_bin(Lexer *lx, NodeKind k, Node *a, Node *b, int oppos)
{
	Node *n = node_new(lx, k, a->pos, b->end);
	n->kid[0] = a;
	n->kid[1] = b;
	n->oppos = oppos;
	return grown(lx, n);
}

void expr_free(Node *n)
{
	if (!n || (n->flags & NF_ARENA))
		return;
	for (int i = 0; i < 3; i++)
		expr_free(n->kid[i]);
	for (int i = 0; i < n->nargs; i++)
		expr_free(n->args[i]);
	free(n->args);
	if (n->text != (char *)(n + 1)) /* not kept in the node's own block */
		free(n->text);
	free(n->disp);
	free(n);
}

/* ---- parser ---- */

static Node *parse_cmp(Lexer *lx);

static bool expect(Lexer *lx, Tok t, const char *what)
{
	if (lx->tok == t) {
		lex_next(lx);
		return true;
	}
	if (lx->tok == T_END)
		lex_fail(lx, lx->pos, "expected %s at the end of the expression", what);
	else
		lex_fail(lx, lx->pos, "expected %s before '%.*s'", what, lx->end - lx->pos,
			 lx->src + lx->pos);
	return false;
}

static Node *make_unit(Lexer *lx, int pos, int end)
{
	Node *u = node_with_text(lx, N_UNIT, pos, end);
	u->unit = unit_lookup(u->text, strlen(u->text));
	if (u->unit) {
		u->num = u->unit->factor;
		u->dim = u->unit->dim;
	}
	return u;
}

static Node *parse_range_rest(Lexer *lx, Node *lo);

/* The explicit distributions: name, kind and number of parameters. */
static const struct {
	const char *name;
	DistKind kind;
	int nargs;
	const char *sig;
} dists[] = {
	{"normal", DIST_NORMAL, 2, "normal(MEAN, SD)"},
	{"lognormal", DIST_LOGNORMAL, 2, "lognormal(LO, HI), a 90% interval"},
	{"uniform", DIST_UNIFORM, 2, "uniform(LO, HI)"},
	{"triangular", DIST_TRIANGULAR, 3, "triangular(LO, MODE, HI)"},
};

/*
 * A call's '(' arguments ')', the name already read: each argument appended
 * to *args (*nargs of them, freed by the caller either way), *end where the
 * ')' ends. With missing, an argument left out (f(), f(1,)) is said so in
 * those words; without, f() is an empty list and an argument left out after
 * a comma is the expression's own error.
 */
static bool parse_args(Lexer *lx, Node ***args, int *nargs, const char *missing, int *end)
{
	lex_next(lx); /* ( */
	bool was_in_args = lx->in_args, ok = true;
	lx->in_args = true;
	if (missing || lx->tok != T_RPAREN) {
		for (;;) {
			Node *a = missing && lx->tok == T_RPAREN ? NULL : parse_cmp(lx);
			if (!a) {
				if (!lx->failed && missing)
					lex_fail(lx, lx->pos, "%s", missing);
				ok = false;
				break;
			}
			*args = xrealloc(*args, (size_t)(*nargs + 1) * sizeof **args);
			(*args)[(*nargs)++] = a;
			if (lx->tok != T_COMMA)
				break;
			lex_next(lx);
		}
	}
	lx->in_args = was_in_args;
	*end = lx->end;
	return ok && expect(lx, T_RPAREN, "')' or ','");
}

/* normal(...), lognormal(...), uniform(...), triangular(...): an N_RANGE. */
static Node *parse_dist(Lexer *lx, int pos, int end, int which)
{
	Node *n = node_with_text(lx, N_RANGE, pos, end);
	n->fn = dists[which].kind;
	n->num = 1;
	char arity[160];
	snprintf(arity, sizeof arity, "%s takes %d arguments: %s", dists[which].name, dists[which].nargs,
		 dists[which].sig);
	Node **args = NULL;
	int k = 0;
	bool ok = parse_args(lx, &args, &k, arity, &n->end);
	/* the arguments are the range's kids */
	for (int i = 0; i < k; i++) {
		if (i < 3)
			n->kid[i] = args[i];
		else
			expr_free(args[i]);
	}
	free(args);
	if (ok && k != dists[which].nargs) {
		lex_fail(lx, pos, "%s", arity);
		ok = false;
	}
	if (!ok) {
		expr_free(n);
		return NULL;
	}
	return grown(lx, n);
}

static Node *parse_call(Lexer *lx, int pos, int end)
{
	for (size_t i = 0; i < ARRAY_LEN(dists); i++)
		if ((size_t)(end - pos) == strlen(dists[i].name) &&
		    strncmp(lx->src + pos, dists[i].name, (size_t)(end - pos)) == 0)
			return parse_dist(lx, pos, end, (int)i);
	char *name = xstrndup(lx->src + pos, (size_t)(end - pos));
	int fn = expr_func_index(name);
	if (fn < 0) {
		size_t nf;
		const ExprFunc *fs = expr_functions(&nf);
		const char **cands = xmalloc(nf * sizeof *cands);
		for (size_t i = 0; i < nf; i++)
			cands[i] = fs[i].name;
		const char *best = suggest_name(name, cands, nf);
		if (best)
			lex_fail(lx, pos, "unknown function '%s' (did you mean '%s'?)", name, best);
		else
			lex_fail(lx, pos, "unknown function '%s'", name);
		free(cands);
		free(name);
		return NULL;
	}
	free(name);
	Node *n = node_with_text(lx, N_CALL, pos, end);
	n->fn = fn;
	Node **args = NULL;
	bool ok = parse_args(lx, &args, &n->nargs, NULL, &n->end);
	n->args = node_args(lx, args, n->nargs);
	if (!ok) {
		expr_free(n);
		return NULL;
	}
	const ExprFunc *f = &expr_functions(NULL)[fn];
	if (n->nargs < f->min_args || (f->max_args >= 0 && n->nargs > f->max_args)) {
		lex_fail(lx, pos, "%s takes %s%d argument%s: %s", f->name,
			 f->max_args < 0 ? "at least " : "", f->min_args,
			 f->min_args == 1 ? "" : "s", f->sig);
		expr_free(n);
		return NULL;
	}
	return grown(lx, n);
}

static Node *parse_primary(Lexer *lx)
{
	int pos = lx->pos, end = lx->end;
	switch (lx->tok) {
	case T_NUM: {
		Node *n = node_with_text(lx, N_NUM, pos, end);
		n->num = lx->num;
		n->flags |= lx->numflags;
		if ((n->flags & NF_SEP) && lx->in_args)
			warn_separator_in_args(lx, n->text, pos);
		lex_next(lx);
		return n;
	}
	case T_DOLLAR: {
		lex_next(lx);
		if (lx->tok == T_NUM && lx->glued) {
			Node *num = parse_primary(lx);
			Node *u = make_unit(lx, pos, end);
			Node *m = node_bin(lx, N_MUL, num, u, pos);
			m->pos = pos;
			m->flags |= NF_JUXT | NF_DOLLAR;
			return m;
		}
		return make_unit(lx, pos, end);
	}
	case T_IDENT: {
		lex_next(lx);
		if (lx->tok == T_LPAREN && lx->glued)
			return parse_call(lx, pos, end);
		Node *n = node_with_text(lx, N_VAR, pos, end);
		return n;
	}
	case T_LPAREN: {
		lex_next(lx);
		bool was_in_args = lx->in_args;
		lx->in_args = false; /* "max((1,500))": grouped, a comma cannot separate arguments */
		Node *n = parse_cmp(lx);
		lx->in_args = was_in_args;
		if (!n)
			return NULL;
		int close = lx->end;
		if (!expect(lx, T_RPAREN, "')'")) {
			expr_free(n);
			return NULL;
		}
		n->flags |= NF_PAREN;
		n->pos = pos;
		n->end = close;
		return n;
	}
	case T_END:
		lex_fail(lx, pos, "expected a number, a name or '(' at the end of the expression");
		return NULL;
	case T_BAD:
		return NULL;
	default:
		lex_fail(lx, pos, "expected a number, a name or '(' before '%.*s'", end - pos,
			 lx->src + pos);
		return NULL;
	}
}

/* number followed by unit words: "5 year", "2 KB", "1B messages", "10Gbps" */
/* "s^2" glued: the power belongs to the unit ("2 s^2" is 2 square seconds). NULL on error. */
static Node *unit_power(Lexer *lx, Node *u)
{
	if (lx->tok != T_CARET || !lx->glued)
		return u;
	int op = lx->pos;
	lex_next(lx);
	/* a sign belongs to the exponent: "2 s^-1" is 2 per second, like "2 s ^ -1" */
	int sign = lx->pos;
	bool neg = lx->tok == T_MINUS;
	if (lx->tok == T_MINUS || lx->tok == T_PLUS)
		lex_next(lx);
	Node *e = parse_primary(lx);
	if (!e) {
		expr_free(u);
		return NULL;
	}
	if (neg) {
		Node *m = node_new(lx, N_NEG, sign, e->end);
		m->kid[0] = e;
		e = grown(lx, m);
	}
	return node_bin(lx, N_POW, u, e, op);
}

/*
 * "/unit" glued to what precedes it, as in "100 MB/s", "5K/s", "$0.09/GB":
 * one value, so 1 TB / 100 MB/s is a time and 10M / 5K/s is 2,000 s.
 */
static Node *tight_per(Lexer *lx, Node *n)
{
	while (lx->tok == T_SLASH && lx->glued) {
		Lexer den_tok = *lx;
		lex_next(&den_tok);
		if (den_tok.tok != T_IDENT || !den_tok.glued ||
		    !unit_lookup(lx->src + den_tok.pos, (size_t)(den_tok.end - den_tok.pos)))
			break;
		Lexer after = den_tok;
		lex_next(&after);
		if (after.tok == T_LPAREN && after.glued)
			break;
		int op = lx->pos;
		lex_next(lx);
		Node *den = make_unit(lx, lx->pos, lx->end);
		lex_next(lx);
		den = unit_power(lx, den);
		if (!den) {
			expr_free(n);
			return NULL;
		}
		n = node_bin(lx, N_DIV, n, den, op);
		n->flags |= NF_TIGHT;
	}
	return n;
}

/* number followed by unit words: "5 year", "2 KB", "1B messages", "10Gbps", "5K/s" */
static Node *parse_juxt(Lexer *lx)
{
	bool numeric = lx->tok == T_NUM || lx->tok == T_DOLLAR;
	Node *n = parse_primary(lx);
	/* "(10..20) KB": a range in parentheses takes the unit after it, as a number does */
	if (n && n->kind == N_RANGE && (n->flags & NF_PAREN) && lx->tok == T_IDENT &&
	    unit_lookup(lx->src + lx->pos, (size_t)(lx->end - lx->pos)))
		numeric = true;
	if (!n || !numeric)
		return n;
	n = tight_per(lx, n);
	while (lx->tok == T_IDENT || (lx->tok == T_DOLLAR && !(n->flags & NF_DOLLAR))) {
		int pos = lx->pos, end = lx->end;
		/* a name followed by '(' is a function, not a unit */
		Lexer peek = *lx;
		lex_next(&peek);
		if (peek.tok == T_LPAREN && peek.glued)
			break;
		Node *u = make_unit(lx, pos, end);
		if (!u->unit) {
			/* binding decides: a variable here is an error, an unknown word too */
			u->kind = N_VAR;
		}
		lex_next(lx);
		if (u->unit) {
			u = unit_power(lx, u);
			u = u ? tight_per(lx, u) : NULL;
			if (!u) {
				expr_free(n);
				return NULL;
			}
		}
		Node *m = node_bin(lx, N_MUL, n, u, pos);
		m->flags |= NF_JUXT;
		n = m;
	}
	return n;
}

static Node *parse_postfix(Lexer *lx)
{
	Node *n = parse_juxt(lx);
	while (n && lx->tok == T_PERCENT) {
		Node *p = node_new(lx, N_PCT, n->pos, lx->end);
		if (n->kind == N_NUM && !(n->flags & NF_GLUED) && !strpbrk(n->text, "eE")) {
			/* "99.99%" is the decimal 0.9999, nearer than 99.99 / 100 */
			Buf b = {0};
			for (const char *c = n->text; *c; c++)
				if (*c != ',')
					buf_addc(&b, *c);
			buf_add(&b, "e-2");
			p->num = decimal_value(b.s);
			buf_free(&b);
			p->flags |= NF_PCTLIT;
		}
		p->kid[0] = n;
		p->oppos = lx->pos;
		n = grown(lx, p);
		lex_next(lx);
	}
	return n;
}

static Node *parse_unary(Lexer *lx);

static Node *parse_pow(Lexer *lx)
{
	Node *b = parse_postfix(lx);
	if (!b || lx->tok != T_CARET)
		return b;
	int op = lx->pos;
	lex_next(lx);
	Node *e = parse_unary(lx);
	if (!e) {
		expr_free(b);
		return NULL;
	}
	return node_bin(lx, N_POW, b, e, op);
}

/* LO..HI after its LO: both ends are unary expressions ("-5..5", "1..4 KB"). */
static Node *parse_range_rest(Lexer *lx, Node *lo)
{
	if (!lo || lx->tok != T_DOTDOT)
		return lo;
	int op = lx->pos;
	lex_next(lx);
	Node *hi = parse_unary(lx);
	if (!hi) {
		expr_free(lo);
		return NULL;
	}
	if (lx->tok == T_DOTDOT) {
		lex_fail(lx, lx->pos, "a range has two ends: LO..HI");
		expr_free(lo);
		expr_free(hi);
		return NULL;
	}
	Node *n = node_bin(lx, N_RANGE, lo, hi, op);
	n->fn = DIST_AUTO;
	n->num = 1;
	return n;
}

static Node *parse_range(Lexer *lx)
{
	return parse_range_rest(lx, parse_unary(lx));
}

/* Signs, then a power. Every nesting (parentheses, calls, signs, exponents) passes here. */
static Node *parse_signed(Lexer *lx)
{
	if (lx->tok == T_MINUS || lx->tok == T_PLUS) {
		bool neg = lx->tok == T_MINUS;
		int pos = lx->pos;
		lex_next(lx);
		Node *k = parse_unary(lx);
		if (!k || !neg)
			return k;
		Node *n = node_new(lx, N_NEG, pos, k->end);
		n->kid[0] = k;
		return grown(lx, n);
	}
	return parse_pow(lx);
}

static Node *parse_unary(Lexer *lx)
{
	if (lx->nest >= EXPR_MAX_DEPTH) {
		too_deep(lx, lx->pos);
		return NULL;
	}
	lx->nest++;
	Node *n = parse_signed(lx);
	lx->nest--;
	return n;
}

/* The rest of a product after its first operand a: "* b / c per d". */
static Node *parse_mul_rest(Lexer *lx, Node *a)
{
	while (a && (lx->tok == T_STAR || lx->tok == T_SLASH || lx->tok == T_PER)) {
		Tok t = lx->tok;
		int op = lx->pos;
		lex_next(lx);
		Node *b = parse_range(lx);
		if (!b) {
			expr_free(a);
			return NULL;
		}
		a = node_bin(lx, t == T_STAR ? N_MUL : N_DIV, a, b, op);
		if (t == T_PER)
			a->flags |= NF_PER;
	}
	return a;
}

static Node *parse_mul(Lexer *lx)
{
	return parse_mul_rest(lx, parse_range(lx));
}

static Node *parse_add(Lexer *lx)
{
	Node *a = parse_mul(lx);
	while (a && (lx->tok == T_PLUS || lx->tok == T_MINUS)) {
		Tok t = lx->tok;
		int op = lx->pos;
		lex_next(lx);
		Node *b = parse_mul(lx);
		if (!b) {
			expr_free(a);
			return NULL;
		}
		a = node_bin(lx, t == T_PLUS ? N_ADD : N_SUB, a, b, op);
	}
	return a;
}

static Node *parse_cmp(Lexer *lx)
{
	Node *a = parse_add(lx);
	if (!a)
		return NULL;
	NodeKind k;
	switch (lx->tok) {
	case T_LT: k = N_LT; break;
	case T_LE: k = N_LE; break;
	case T_GT: k = N_GT; break;
	case T_GE: k = N_GE; break;
	case T_EQ: k = N_EQ; break;
	case T_NE: k = N_NE; break;
	default: return a;
	}
	int op = lx->pos;
	lex_next(lx);
	Node *b = parse_add(lx);
	if (!b) {
		expr_free(a);
		return NULL;
	}
	return node_bin(lx, k, a, b, op);
}

/* The target of "->": "%", or a unit expression such as "Mbps", "GB/day", "/min". */
static Node *parse_target(Lexer *lx, Node *value, int arrow)
{
	int start = lx->pos;
	Node *conv = node_new(lx, N_CONVERT, value->pos, value->end);
	conv->disp = node_room(lx, sizeof *conv->disp);
	conv->kid[0] = value;
	conv->oppos = arrow;
	if (lx->tok == T_PERCENT) {
		lex_next(lx);
		snprintf(conv->disp->fixed_name, sizeof conv->disp->fixed_name, "%%");
		conv->disp->fixed_scale = 0.01;
		conv->disp->percent = true;
		conv->end = start + 1;
		return conv;
	}
	Node *t;
	if (lx->tok == T_SLASH || lx->tok == T_PER) {
		/* "/min": a rate with nothing above the line */
		Node *one = node_new(lx, N_NUM, start, start);
		one->num = 1;
		one->text = node_room(lx, 2);
		one->text[0] = '1';
		t = parse_mul_rest(lx, one);
	} else {
		t = parse_mul(lx);
	}
	if (!t) {
		expr_free(conv);
		return NULL;
	}
	int end = lx->pos;
	while (end > start && isspace((unsigned char)lx->src[end - 1]))
		end--;
	if (end - start >= (int)sizeof conv->disp->fixed_name) {
		/* the name is what the result is labelled with: never cut it short */
		lex_fail(lx, start, "the unit after '->' is too long to show (at most %zu characters)",
			 sizeof conv->disp->fixed_name - 1);
		expr_free(conv);
		expr_free(t);
		return NULL;
	}
	snprintf(conv->disp->fixed_name, sizeof conv->disp->fixed_name, "%.*s", end - start,
		 lx->src + start);
	conv->kid[1] = t;
	conv->end = t->end;
	return grown(lx, conv);
}

Node *expr_parse(const char *src, ExprError *err)
{
	return expr_parse_in(NULL, src, err);
}

Node *expr_parse_in(ExprArena *a, const char *src, ExprError *err)
{
	ExprError dummy;
	Lexer lx = {.src = src, .err = err ? err : &dummy, .arena = a};
	lx.err->pos = 0;
	lx.err->msg[0] = '\0';
	lx.err->nwarn = 0;
	lex_next(&lx);
	if (lx.tok == T_END && !lx.failed) {
		lex_fail(&lx, 0, "empty expression");
		return NULL;
	}
	Node *n = parse_cmp(&lx);
	if (n && lx.tok == T_ARROW) {
		int arrow = lx.pos;
		lex_next(&lx);
		n = parse_target(&lx, n, arrow);
	}
	if (n && lx.tok != T_END && !lx.failed) {
		if (lx.tok == T_IDENT || lx.tok == T_NUM || lx.tok == T_LPAREN)
			lex_fail(&lx, lx.pos, "expected an operator before '%.*s' (write '*' to multiply)",
				 lx.end - lx.pos, src + lx.pos);
		else if (lx.tok == T_RPAREN)
			lex_fail(&lx, lx.pos, "unmatched ')'");
		else if (lx.tok == T_ARROW)
			lex_fail(&lx, lx.pos, "'->' may appear once, at the end");
		else
			lex_fail(&lx, lx.pos, "unexpected '%.*s'", lx.end - lx.pos, src + lx.pos);
	}
	if (lx.failed) {
		expr_free(n);
		return NULL;
	}
	return n;
}

/* ---- binding ---- */

static bool bind_fail(ExprError *err, int pos, const char *fmt, ...) BOE_PRINTF(3, 4);
static bool bind_fail(ExprError *err, int pos, const char *fmt, ...)
{
	err->pos = pos;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return false;
}

bool expr_is_const(const Node *n)
{
	if (n->kind == N_VAR || n->kind == N_RANGE)
		return false;
	for (int i = 0; i < 3; i++)
		if (n->kid[i] && !expr_is_const(n->kid[i]))
			return false;
	for (int i = 0; i < n->nargs; i++)
		if (!expr_is_const(n->args[i]))
			return false;
	return true;
}

static void unknown_name(Node *n, const ExprEnv *env, ExprError *err, bool after_number)
{
	const char *sugg = NULL;
	if (after_number) {
		sugg = unit_suggest(n->text, strlen(n->text));
		if (sugg)
			bind_fail(err, n->pos, "unknown unit '%s' (did you mean '%s'?)", n->text, sugg);
		else
			bind_fail(err, n->pos, "unknown unit '%s'", n->text);
		return;
	}
	if (env && env->names) {
		size_t nn;
		const char *const *names = env->names(env->ctx, &nn);
		sugg = suggest_name(n->text, names, nn);
	}
	if (!sugg)
		sugg = unit_suggest(n->text, strlen(n->text));
	if (sugg)
		bind_fail(err, n->pos, "unknown name '%s' (did you mean '%s'?)", n->text, sugg);
	else
		bind_fail(err, n->pos, "unknown name '%s'", n->text);
}

static bool bind_node(Node *n, const ExprEnv *env, ExprError *err, bool after_number);

static bool same_dims(Node *n, const char *verb, ExprError *err)
{
	Dim a = n->kid[0]->dim, b = n->kid[1]->dim;
	if (dim_eq(a, b))
		return true;
	char da[48], db[48];
	dim_name(a, da, sizeof da);
	dim_name(b, db, sizeof db);
	return bind_fail(err, n->oppos, "cannot %s %s and %s", verb, da, db);
}

/*
 * n's dimension from the exponents t, d, m, which must fit a Dim: s^8^8^4 is
 * an error, not a wrap-around to a plain number.
 */
static bool set_dim(Node *n, long t, long d, long m, ExprError *err)
{
	long e[3] = {t, d, m};
	static const char *names[3] = {"time", "data", "money"};
	for (int i = 0; i < 3; i++)
		if (labs(e[i]) > DIM_MAX_EXP)
			return bind_fail(err, n->oppos, "unit exponent out of range: %s^%ld (at most %d either way)",
					 names[i], e[i], DIM_MAX_EXP);
	n->dim = (Dim){(signed char)t, (signed char)d, (signed char)m};
	return true;
}

static bool need_dimless(const Node *arg, const char *fn, const char *what, ExprError *err)
{
	if (dim_none(arg->dim))
		return true;
	char d[48];
	dim_name(arg->dim, d, sizeof d);
	return bind_fail(err, arg->pos, "%s needs %s, not %s", fn, what, d);
}

static bool bind_call(Node *n, ExprError *err)
{
	const ExprFunc *f = &expr_functions(NULL)[n->fn];
	Node **a = n->args;
	char d[48];
	switch (n->fn) {
	case FN_CEIL: case FN_FLOOR: case FN_ROUND: case FN_ABS:
		n->dim = a[0]->dim;
		return true;
	case FN_MIN: case FN_MAX:
		for (int i = 1; i < n->nargs; i++)
			if (!dim_eq(a[i]->dim, a[0]->dim)) {
				char d0[48];
				dim_name(a[0]->dim, d0, sizeof d0);
				dim_name(a[i]->dim, d, sizeof d);
				return bind_fail(err, a[i]->pos, "cannot compare %s and %s in %s", d0, d,
						 f->name);
			}
		n->dim = a[0]->dim;
		return true;
	case FN_SQRT:
		if (a[0]->dim.t % 2 || a[0]->dim.d % 2 || a[0]->dim.m % 2) {
			dim_name(a[0]->dim, d, sizeof d);
			return bind_fail(err, a[0]->pos, "sqrt of %s has no unit", d);
		}
		n->dim = (Dim){(signed char)(a[0]->dim.t / 2), (signed char)(a[0]->dim.d / 2),
			       (signed char)(a[0]->dim.m / 2)};
		return true;
	case FN_DOWNTIME:
		if (!need_dimless(a[0], f->name, "an availability (e.g. 99.9%)", err))
			return false;
		if (!dim_eq(a[1]->dim, DIM_TIME)) {
			dim_name(a[1]->dim, d, sizeof d);
			return bind_fail(err, a[1]->pos, "downtime needs a period of time (e.g. month), not %s", d);
		}
		n->dim = DIM_TIME;
		return true;
	default:
		for (int i = 0; i < n->nargs; i++)
			if (!need_dimless(a[i], f->name, "plain numbers", err))
				return false;
		n->dim = DIM_NONE;
		return true;
	}
}

/*
 * The factor a bare leading number of n is multiplied by: 1024 for "4 KiB",
 * 0.01 for "99%", 1/s for "5K/s"; 0 when n is not a number with a unit.
 */
static double unit_scale(const Node *n)
{
	double u;
	Fault f;
	switch (n->kind) {
	case N_NUM:
		return 1;
	case N_PCT:
		return unit_scale(n->kid[0]) * 0.01;
	case N_MUL:
		if (!(n->flags & NF_JUXT) || !expr_is_const(n->kid[1]) ||
		    !expr_eval_const(n->kid[1], NULL, &u, &f))
			return 0;
		return unit_scale(n->kid[0]) * u;
	case N_DIV:
		if (!(n->flags & NF_TIGHT) || !expr_is_const(n->kid[1]) ||
		    !expr_eval_const(n->kid[1], NULL, &u, &f) || u == 0)
			return 0;
		return unit_scale(n->kid[0]) / u;
	default:
		return 0;
	}
}

/* A range's parameters must be constants of one dimension; a bare LO takes HI's unit. */
static bool bind_range(Node *n, ExprError *err)
{
	int k = n->fn == DIST_TRIANGULAR ? 3 : 2;
	for (int i = 0; i < k; i++)
		if (!expr_is_const(n->kid[i]))
			return bind_fail(err, n->kid[i]->pos,
					 "the ends of a range must be numbers (with units), not quantities or ranges");
	Node *lo = n->kid[0], *hi = n->kid[k - 1];
	n->num = 1;
	if (n->fn == DIST_AUTO && lo->kind == N_NUM && dim_none(lo->dim)) {
		double scale = unit_scale(hi);
		if (scale > 0 && (!dim_none(hi->dim) || hi->kind == N_PCT)) {
			n->num = scale;
			n->flags |= NF_JUXT; /* LO is read in HI's unit */
			/* "300B..1KB": next to bytes, a glued B is bytes, not a billion */
			size_t l = strlen(lo->text);
			if ((lo->flags & NF_GLUED) && l && lo->text[l - 1] == 'B' && dim_eq(hi->dim, DIM_DATA))
				n->num = 1e-9;
		}
	}
	Dim d = hi->dim;
	for (int i = 0; i < k; i++) {
		Dim di = n->kid[i]->dim;
		if (i == 0 && (n->flags & NF_JUXT))
			di = d;
		if (!dim_eq(di, d)) {
			char da[48], db[48];
			dim_name(di, da, sizeof da);
			dim_name(d, db, sizeof db);
			return bind_fail(err, n->kid[i]->pos, "the ends of a range must have one dimension, not %s and %s",
					 da, db);
		}
	}
	n->dim = d;
	Dist dist;
	return expr_range_dist(n, &dist, err);
}

bool expr_has_range(const Node *n)
{
	if (!n)
		return false;
	if (n->kind == N_RANGE)
		return true;
	for (int i = 0; i < 3; i++)
		if (expr_has_range(n->kid[i]))
			return true;
	for (int i = 0; i < n->nargs; i++)
		if (expr_has_range(n->args[i]))
			return true;
	return false;
}

#define Z95 1.6448536269514722	/* the standard normal's 95th percentile */

bool expr_range_dist(const Node *n, Dist *d, ExprError *err)
{
	double v[3] = {0, 0, 0};
	int k = n->fn == DIST_TRIANGULAR ? 3 : 2;
	for (int i = 0; i < k; i++) {
		Fault f;
		if (!expr_eval_const(n->kid[i], NULL, &v[i], &f))
			return bind_fail(err, f.pos, "%s", f.what);
	}
	v[0] *= n->num;
	double lo = v[0], hi = v[k - 1];
	*d = (Dist){(DistKind)n->fn, 0, 0, 0};
	switch (n->fn) {
	case DIST_NORMAL:
		if (v[1] <= 0)
			return bind_fail(err, n->kid[1]->pos, "a standard deviation must be above 0");
		d->a = v[0], d->b = v[1];
		return true;
	case DIST_UNIFORM:
		if (!(lo < hi))
			return bind_fail(err, n->pos, "uniform(LO, HI) needs LO below HI");
		d->a = lo, d->b = hi;
		return true;
	case DIST_TRIANGULAR:
		if (!(lo < hi) || v[1] < lo || v[1] > hi)
			return bind_fail(err, n->pos, "triangular(LO, MODE, HI) needs LO <= MODE <= HI and LO below HI");
		d->a = lo, d->b = hi, d->c = v[1];
		return true;
	default:
		break;
	}
	if (!(lo < hi))
		return bind_fail(err, n->oppos ? n->oppos : n->pos,
				 "a range goes from low to high: LO..HI needs LO below HI");
	bool fraction = (n->flags & NF_FRACTION) ||
			(n->fn == DIST_AUTO && n->kid[0]->kind == N_PCT && n->kid[1]->kind == N_PCT);
	if (n->fn == DIST_LOGNORMAL && lo <= 0)
		return bind_fail(err, n->pos, "lognormal(LO, HI) needs LO above 0");
	if (n->fn == DIST_AUTO && fraction && (lo <= 0 || hi >= 1))
		return bind_fail(err, n->oppos ? n->oppos : n->pos,
				 "a range of a fraction lies strictly inside 0%%..100%% (for an end at 0%% or 100%% write uniform(LO, HI))");
	if (n->fn == DIST_AUTO && fraction) {
		double a = log(lo / (1 - lo)), b = log(hi / (1 - hi));
		*d = (Dist){DIST_LOGITNORMAL, (a + b) / 2, (b - a) / (2 * Z95), 0};
	} else if (n->fn == DIST_LOGNORMAL || (n->fn == DIST_AUTO && lo > 0)) {
		double a = log(lo), b = log(hi);
		*d = (Dist){DIST_LOGNORMAL, (a + b) / 2, (b - a) / (2 * Z95), 0};
	} else {
		*d = (Dist){DIST_NORMAL, (lo + hi) / 2, (hi - lo) / (2 * Z95), 0};
	}
	return true;
}

static bool bind_node(Node *n, const ExprEnv *env, ExprError *err, bool after_number)
{
	switch (n->kind) {
	case N_NUM:
		n->dim = DIM_NONE;
		return true;
	case N_UNIT:
		if (!n->unit) {
			unknown_name(n, env, err, true);
			return false;
		}
		n->dim = n->unit->dim;
		return true;
	case N_VAR: {
		Dim d = DIM_NONE;
		int slot = env && env->lookup ? env->lookup(env->ctx, n->text, &d) : -1;
		if (slot < -1) {
			/* a known name whose own formula failed: never fall back to a unit of the
			   same spelling ("servers" is also a count noun) */
			return bind_fail(err, n->pos, "'%s' cannot be computed: its own formula failed",
					 n->text);
		}
		if (slot >= 0) {
			if (after_number)
				return bind_fail(err, n->pos,
						 "'%s' is a quantity, not a unit: write '* %s' to multiply",
						 n->text, n->text);
			n->slot = slot;
			n->dim = d;
			return true;
		}
		const Unit *u = unit_lookup(n->text, strlen(n->text));
		if (!u) {
			unknown_name(n, env, err, after_number);
			return false;
		}
		n->kind = N_UNIT;
		n->unit = u;
		n->num = u->factor;
		n->dim = u->dim;
		return true;
	}
	default:
		break;
	}
	for (int i = 0; i < 3; i++)
		if (n->kid[i] && !bind_node(n->kid[i], env, err,
					   i == 1 && (n->flags & NF_JUXT) && n->kind == N_MUL))
			return false;
	for (int i = 0; i < n->nargs; i++)
		if (!bind_node(n->args[i], env, err, false))
			return false;
	Dim a = n->kid[0] ? n->kid[0]->dim : DIM_NONE;
	switch (n->kind) {
	case N_PCT:
		if (!dim_none(a)) {
			char d[48];
			dim_name(a, d, sizeof d);
			return bind_fail(err, n->oppos, "%% applies to plain numbers, not %s", d);
		}
		n->dim = DIM_NONE;
		return true;
	case N_NEG:
		n->dim = a;
		return true;
	case N_ADD:
		n->dim = a;
		return same_dims(n, "add", err);
	case N_SUB:
		n->dim = a;
		return same_dims(n, "subtract", err);
	case N_LT: case N_LE: case N_GT: case N_GE: case N_EQ: case N_NE:
		n->dim = DIM_NONE;
		return same_dims(n, "compare", err);
	case N_MUL: {
		Dim b = n->kid[1]->dim;
		return set_dim(n, (long)a.t + b.t, (long)a.d + b.d, (long)a.m + b.m, err);
	}
	case N_DIV: {
		Dim b = n->kid[1]->dim;
		return set_dim(n, (long)a.t - b.t, (long)a.d - b.d, (long)a.m - b.m, err);
	}
	case N_POW: {
		Node *e = n->kid[1];
		if (!dim_none(e->dim)) {
			char d[48];
			dim_name(e->dim, d, sizeof d);
			return bind_fail(err, e->pos, "an exponent must be a plain number, not %s", d);
		}
		if (dim_none(a)) {
			n->dim = DIM_NONE;
			return true;
		}
		double x;
		Fault f;
		if (!expr_is_const(e) || !expr_eval_const(e, NULL, &x, &f) || x != floor(x) ||
		    fabs(x) > 8)
			return bind_fail(err, e->pos,
					 "a quantity with a unit can only be raised to a small whole number");
		return set_dim(n, (long)a.t * (long)x, (long)a.d * (long)x, (long)a.m * (long)x, err);
	}
	case N_CALL:
		return bind_call(n, err);
	case N_RANGE:
		return bind_range(n, err);
	case N_CONVERT: {
		if (!n->kid[1]) { /* "-> %" */
			if (!dim_none(a)) {
				char d[48];
				dim_name(a, d, sizeof d);
				return bind_fail(err, n->oppos, "cannot show %s as a percentage", d);
			}
			n->dim = a;
			return true;
		}
		Node *t = n->kid[1];
		double scale;
		Fault f;
		if (!expr_is_const(t) || !expr_eval_const(t, NULL, &scale, &f) || scale <= 0)
			return bind_fail(err, t->pos, "the target of '->' must be a unit, e.g. Mbps or GB/day");
		if (!dim_eq(a, t->dim)) {
			char da[48], dt[48];
			dim_name(a, da, sizeof da);
			dim_name(t->dim, dt, sizeof dt);
			return bind_fail(err, t->pos, "cannot convert %s to %s", da, dt);
		}
		n->disp->fixed_scale = scale;
		n->dim = a;
		return true;
	}
	default:
		return true;
	}
}

bool expr_bind(Node *n, const ExprEnv *env, ExprError *err)
{
	ExprError dummy;
	return bind_node(n, env, err ? err : &dummy, false);
}

void expr_each_var(const Node *n, void (*fn)(void *ctx, int slot, const Node *var), void *ctx)
{
	if (n->kind == N_VAR && n->slot >= 0)
		fn(ctx, n->slot, n);
	for (int i = 0; i < 3; i++)
		if (n->kid[i])
			expr_each_var(n->kid[i], fn, ctx);
	for (int i = 0; i < n->nargs; i++)
		expr_each_var(n->args[i], fn, ctx);
}

/*
 * The units a thread read last, and what they came to: presets name the same
 * few ("GB", "1/s") again and again, and reading one costs thousands of
 * instructions. Only a clean reading is kept (no error, no warning).
 */
enum { SEEN_UNITS = 16, SEEN_UNIT_LEN = 32 };
typedef struct SeenUnit {
	char unit[SEEN_UNIT_LEN];
	Display d;
	Dim dim;
} SeenUnit;
static _Thread_local SeenUnit seen_units[SEEN_UNITS];
static _Thread_local unsigned seen_next;

static bool parse_display_anew(const char *unit, Display *d, Dim *dim, ExprError *err);

bool expr_parse_display(const char *unit, Display *d, Dim *dim, ExprError *err)
{
	ExprError dummy;
	if (!err)
		err = &dummy;
	size_t len = strlen(unit);
	bool keepable = len > 0 && len < SEEN_UNIT_LEN;
	for (int i = 0; keepable && i < SEEN_UNITS; i++)
		if (strcmp(seen_units[i].unit, unit) == 0) {
			*d = seen_units[i].d;
			*dim = seen_units[i].dim;
			expr_error_clear(err);
			return true;
		}
	if (!parse_display_anew(unit, d, dim, err))
		return false;
	if (keepable && err->nwarn == 0) {
		SeenUnit *u = &seen_units[seen_next++ % SEEN_UNITS];
		memcpy(u->unit, unit, len + 1);
		u->d = *d;
		u->dim = *dim;
	}
	return true;
}

static bool parse_display_anew(const char *unit, Display *d, Dim *dim, ExprError *err)
{
	char *src = xasprintf("1 -> %s", unit);
	Node *n = expr_parse(src, err);
	bool ok = n != NULL;
	if (ok && n->kind != N_CONVERT) {
		ok = bind_fail(err, 0, "'%s' is not a unit", unit);
	} else if (ok && !n->kid[1]) {
		*d = *n->disp; /* "%" */
		*dim = DIM_NONE;
	} else if (ok) {
		Node *t = n->kid[1];
		double scale;
		Fault f;
		ok = bind_node(t, NULL, err, false);
		if (ok && (!expr_is_const(t) || !expr_eval_const(t, NULL, &scale, &f) || scale <= 0))
			ok = bind_fail(err, t->pos, "'%s' is not a unit, e.g. Mbps or GB/day", unit);
		if (ok) {
			*d = *n->disp;
			d->fixed_scale = scale;
			*dim = t->dim;
		}
	}
	if (!ok && err->pos >= 5)
		err->pos -= 5; /* positions within unit, not within "1 -> unit" */
	expr_free(n);
	free(src);
	return ok;
}

/* ---- display hints ---- */

static bool is_percentish(const Node *n)
{
	switch (n->kind) {
	case N_PCT:
		return true;
	case N_UNIT:
		return n->unit && (n->unit->flags & UNIT_PERCENT);
	case N_CALL:
		if (n->fn == FN_PARALLEL || n->fn == FN_ERLANG_C)
			return true;
		if (n->fn == FN_MIN || n->fn == FN_MAX) {
			for (int i = 0; i < n->nargs; i++)
				if (!is_percentish(n->args[i]))
					return false;
			return true;
		}
		return false;
	case N_MUL:
		if ((n->flags & NF_JUXT) && n->kid[1]->kind == N_UNIT)
			return is_percentish(n->kid[1]); /* "10 percent" */
		return is_percentish(n->kid[0]) && is_percentish(n->kid[1]);
	case N_ADD: case N_SUB:
		return is_percentish(n->kid[0]) || is_percentish(n->kid[1]);
	case N_POW: case N_NEG:
		/* (1 - 99.9%)^2 is a percentage as 1 - 99.9% is; so is -(5%) */
		return is_percentish(n->kid[0]);
	case N_RANGE: /* "99%..99.99%", "normal(70%, 5%)" */
		return is_percentish(n->kid[n->fn == DIST_TRIANGULAR ? 2 : n->fn == DIST_NORMAL ? 0 : 1]);
	default:
		return false;
	}
}

static void unit_flags(const Node *n, unsigned *flags)
{
	if (n->kind == N_UNIT && n->unit)
		*flags |= n->unit->flags;
	if (n->kind == N_CONVERT)
		return;
	for (int i = 0; i < 3; i++)
		if (n->kid[i])
			unit_flags(n->kid[i], flags);
	for (int i = 0; i < n->nargs; i++)
		unit_flags(n->args[i], flags);
}

Display expr_display(const Node *n)
{
	Display d = {0};
	if (n->kind == N_CONVERT)
		return *n->disp;
	if (dim_none(n->dim)) {
		d.percent = is_percentish(n);
		return d;
	}
	unsigned flags = 0;
	unit_flags(n, &flags);
	d.bits = (flags & UNIT_BITS) != 0;
	d.iec = (flags & UNIT_IEC) != 0;
	return d;
}

/* ---- rendering ---- */

typedef struct Render {
	Buf *out;
	VarFormatter fmt;
	void *ctx;
} Render;

static void render(const Node *n, Render *r);

static void render_bin(const Node *n, const char *op, Render *r)
{
	render(n->kid[0], r);
	buf_add(r->out, op);
	render(n->kid[1], r);
}

static void render(const Node *n, Render *r)
{
	if (n->flags & NF_PAREN)
		buf_addc(r->out, '(');
	switch (n->kind) {
	case N_NUM:
	case N_UNIT:
		buf_add(r->out, n->text ? n->text : "?");
		break;
	case N_VAR:
		if (r->fmt && n->slot >= 0)
			r->fmt(r->ctx, n->slot, r->out);
		else
			buf_add(r->out, n->text);
		break;
	case N_PCT:
		render(n->kid[0], r);
		buf_addc(r->out, '%');
		break;
	case N_NEG:
		buf_addc(r->out, '-');
		render(n->kid[0], r);
		break;
	case N_ADD: render_bin(n, " + ", r); break;
	case N_SUB: render_bin(n, " - ", r); break;
	case N_MUL:
		if (n->flags & NF_DOLLAR) {
			buf_addc(r->out, '$');
			render(n->kid[0], r);
		} else {
			render_bin(n, (n->flags & NF_JUXT) ? " " : " × ", r);
		}
		break;
	case N_DIV: render_bin(n, (n->flags & NF_PER) ? " per " : (n->flags & NF_TIGHT) ? "/" : " / ", r); break;
	case N_POW: render_bin(n, "^", r); break;
	case N_LT: render_bin(n, " < ", r); break;
	case N_LE: render_bin(n, " <= ", r); break;
	case N_GT: render_bin(n, " > ", r); break;
	case N_GE: render_bin(n, " >= ", r); break;
	case N_EQ: render_bin(n, " == ", r); break;
	case N_NE: render_bin(n, " != ", r); break;
	case N_CALL:
		buf_add(r->out, n->text);
		buf_addc(r->out, '(');
		for (int i = 0; i < n->nargs; i++) {
			if (i)
				buf_add(r->out, ", ");
			render(n->args[i], r);
		}
		buf_addc(r->out, ')');
		break;
	case N_CONVERT:
		render(n->kid[0], r);
		buf_printf(r->out, " -> %s", n->disp->fixed_name);
		break;
	case N_RANGE:
		if (n->fn == DIST_AUTO) {
			render_bin(n, "..", r);
			break;
		}
		buf_add(r->out, n->text);
		buf_addc(r->out, '(');
		for (int i = 0; i < 3 && n->kid[i]; i++) {
			if (i)
				buf_add(r->out, ", ");
			render(n->kid[i], r);
		}
		buf_addc(r->out, ')');
		break;
	}
	if (n->flags & NF_PAREN)
		buf_addc(r->out, ')');
}

void expr_render(const Node *n, Buf *out)
{
	Render r = {out, NULL, NULL};
	render(n, &r);
}

void expr_render_values(const Node *n, Buf *out, VarFormatter fmt, void *ctx)
{
	Render r = {out, fmt, ctx};
	render(n, &r);
}

/* ---- explaining how the input was read ---- */

static void explain_tree(const Node *n, Buf *out)
{
	switch (n->kind) {
	case N_NUM: {
		char v[64];
		units_format_plain(n->num, 15, v, sizeof v);
		buf_add(out, v);
		return;
	}
	case N_UNIT:
	case N_VAR:
		buf_add(out, n->text);
		return;
	case N_PCT:
		buf_add(out, "(");
		explain_tree(n->kid[0], out);
		buf_add(out, " / 100)");
		return;
	case N_NEG:
		buf_add(out, "(-");
		explain_tree(n->kid[0], out);
		buf_add(out, ")");
		return;
	case N_CALL:
		buf_printf(out, "%s(", n->text);
		for (int i = 0; i < n->nargs; i++) {
			if (i)
				buf_add(out, ", ");
			explain_tree(n->args[i], out);
		}
		buf_add(out, ")");
		return;
	case N_CONVERT:
		explain_tree(n->kid[0], out);
		buf_printf(out, " shown in %s", n->disp->fixed_name);
		return;
	case N_RANGE:
		buf_printf(out, "%s(", n->fn == DIST_AUTO ? "range" : n->text);
		for (int i = 0; i < 3 && n->kid[i]; i++) {
			if (i)
				buf_add(out, ", ");
			explain_tree(n->kid[i], out);
			if (i == 0 && (n->flags & NF_JUXT) && n->num != 1) {
				char v[64];
				units_format_plain(n->num, 15, v, sizeof v);
				buf_printf(out, " × %s", v);
			}
		}
		buf_add(out, ")");
		return;
	default:
		break;
	}
	static const char *ops[] = {
		[N_ADD] = " + ", [N_SUB] = " - ", [N_MUL] = " × ", [N_DIV] = " / ", [N_POW] = "^",
		[N_LT] = " < ", [N_LE] = " <= ", [N_GT] = " > ", [N_GE] = " >= ", [N_EQ] = " == ",
		[N_NE] = " != ",
	};
	buf_addc(out, '(');
	explain_tree(n->kid[0], out);
	buf_add(out, ops[n->kind]);
	explain_tree(n->kid[1], out);
	buf_addc(out, ')');
}

static void explain_notes(const Node *n, Buf *out)
{
	if (n->kind == N_NUM && (n->flags & (NF_GLUED | NF_SEP))) {
		char v[64];
		units_format_plain(n->num, 15, v, sizeof v);
		size_t l = strlen(n->text);
		char last = l ? n->text[l - 1] : 0;
		buf_printf(out, "  %-10s %s", n->text, v);
		if (n->flags & NF_GLUED) {
			const char *word = last == 'M' ? "million" : last == 'B' ? "billion"
					 : last == 'T' ? "trillion" : "thousand";
			buf_printf(out, " (count suffix %c = %s", last, word);
			if (last == 'B')
				buf_printf(out, "; for bytes write '%.*s B'", (int)l - 1, n->text);
			buf_add(out, ")");
		}
		if (n->flags & NF_SEP)
			buf_add(out, " (',' separates thousands)");
		buf_addc(out, '\n');
	}
	if (n->kind == N_UNIT && n->unit) {
		const Unit *u = n->unit;
		char v[64];
		buf_printf(out, "  %-10s ", n->text);
		if (u->flags & UNIT_NOUN) {
			buf_add(out, "a count noun, worth 1\n");
		} else if (dim_eq(u->dim, DIM_DATA) || dim_eq(u->dim, DIM_DATA_RATE)) {
			bool bits = u->flags & UNIT_BITS;
			double count = u->factor * (bits ? 8 : 1);
			units_format_plain(count, 15, v, sizeof v);
			const char *what = count == 1 ? (bits ? "bit" : "byte") : (bits ? "bits" : "bytes");
			const char *why = (u->flags & UNIT_IEC) ? "binary prefix, powers of 1024"
					  : count != 1 ? "decimal prefix, powers of 1000" : NULL;
			buf_printf(out, "%s %s%s", v, what, dim_eq(u->dim, DIM_DATA_RATE) ? " per second" : "");
			if (why && bits)
				buf_printf(out, " (%s; b is a bit, B a byte)\n", why);
			else if (why)
				buf_printf(out, " (%s)\n", why);
			else
				buf_add(out, bits ? " (b is a bit, B a byte)\n" : "\n");
		} else {
			char base[32];
			units_format_plain(u->factor, 15, v, sizeof v);
			dim_base_unit(u->dim, base, sizeof base);
			buf_printf(out, "%s %s\n", v, base);
		}
	}
	if (n->kind == N_CALL) {
		const ExprFunc *f = &expr_functions(NULL)[n->fn];
		buf_printf(out, "  %-10s %s\n", f->name, f->meaning);
	}
	for (int i = 0; i < 3; i++)
		if (n->kid[i])
			explain_notes(n->kid[i], out);
	for (int i = 0; i < n->nargs; i++)
		explain_notes(n->args[i], out);
}

void expr_explain(const Node *n, Buf *out)
{
	buf_add(out, "  read as    ");
	explain_tree(n, out);
	buf_addc(out, '\n');
	explain_notes(n, out);
}
