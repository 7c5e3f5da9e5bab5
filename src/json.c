/*
 * A small JSON reader: enough for the JSON lines boe writes itself (the
 * history, the card schedule, the mock sheets). Strings are UTF-8 with the
 * usual escapes (\\uXXXX pairs included); nesting deeper than 16 is refused.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "boe/json.h"
#include "boe/util.h"



typedef struct JParser {
	const char *p, *end;
	int depth;
} JParser;

void json_free(JVal *v)
{
	free(v->str);
	for (size_t i = 0; i < v->n; i++) {
		json_free(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	memset(v, 0, sizeof *v);
}

static void jskip(JParser *jp)
{
	while (jp->p < jp->end && (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\r' || *jp->p == '\n'))
		jp->p++;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool jhex4(JParser *jp, unsigned *out)
{
	if (jp->end - jp->p < 4)
		return false;
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		int h = hexval(jp->p[i]);
		if (h < 0)
			return false;
		v = v * 16 + (unsigned)h;
	}
	jp->p += 4;
	*out = v;
	return true;
}

static void add_utf8(Buf *b, unsigned c)
{
	if (c < 0x80) {
		buf_addc(b, (char)c);
	} else if (c < 0x800) {
		buf_addc(b, (char)(0xC0 | (c >> 6)));
		buf_addc(b, (char)(0x80 | (c & 0x3F)));
	} else if (c < 0x10000) {
		buf_addc(b, (char)(0xE0 | (c >> 12)));
		buf_addc(b, (char)(0x80 | ((c >> 6) & 0x3F)));
		buf_addc(b, (char)(0x80 | (c & 0x3F)));
	} else {
		buf_addc(b, (char)(0xF0 | (c >> 18)));
		buf_addc(b, (char)(0x80 | ((c >> 12) & 0x3F)));
		buf_addc(b, (char)(0x80 | ((c >> 6) & 0x3F)));
		buf_addc(b, (char)(0x80 | (c & 0x3F)));
	}
}

static bool jstring(JParser *jp, char **out)
{
	if (jp->p >= jp->end || *jp->p != '"')
		return false;
	jp->p++;
	Buf b = {0};
	buf_add(&b, "");
	while (jp->p < jp->end && *jp->p != '"') {
		char c = *jp->p++;
		if ((unsigned char)c < 0x20)
			goto fail;
		if (c != '\\') {
			buf_addc(&b, c);
			continue;
		}
		if (jp->p >= jp->end)
			goto fail;
		c = *jp->p++;
		switch (c) {
		case '"': case '\\': case '/': buf_addc(&b, c); break;
		case 'b': buf_addc(&b, '\b'); break;
		case 'f': buf_addc(&b, '\f'); break;
		case 'n': buf_addc(&b, '\n'); break;
		case 'r': buf_addc(&b, '\r'); break;
		case 't': buf_addc(&b, '\t'); break;
		case 'u': {
			unsigned u;
			if (!jhex4(jp, &u))
				goto fail;
			if (u >= 0xD800 && u < 0xDC00 && jp->end - jp->p >= 6 && jp->p[0] == '\\' &&
			    jp->p[1] == 'u') {
				jp->p += 2;
				unsigned lo;
				if (!jhex4(jp, &lo) || lo < 0xDC00 || lo > 0xDFFF)
					goto fail;
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
			} else if (u >= 0xD800 && u < 0xE000) {
				u = 0xFFFD;
			}
			if (u == 0)
				u = 0xFFFD;
			add_utf8(&b, u);
			break;
		}
		default:
			goto fail;
		}
	}
	if (jp->p >= jp->end)
		goto fail;
	jp->p++;
	*out = buf_take(&b);
	return true;
fail:
	buf_free(&b);
	return false;
}

static bool jvalue(JParser *jp, JVal *v);

static bool jcontainer(JParser *jp, JVal *v, bool obj)
{
	char close = obj ? '}' : ']';
	size_t cap = 0;
	v->t = obj ? J_OBJ : J_ARR;
	jp->p++;
	jskip(jp);
	if (jp->p < jp->end && *jp->p == close) {
		jp->p++;
		return true;
	}
	for (;;) {
		char *key = NULL;
		if (obj) {
			jskip(jp);
			if (!jstring(jp, &key))
				return false;
			jskip(jp);
			if (jp->p >= jp->end || *jp->p != ':') {
				free(key);
				return false;
			}
			jp->p++;
		}
		if (v->n == cap) {
			cap = cap ? cap * 2 : 8;
			v->items = xrealloc(v->items, cap * sizeof *v->items);
			if (obj)
				v->keys = xrealloc(v->keys, cap * sizeof *v->keys);
		}
		memset(&v->items[v->n], 0, sizeof v->items[v->n]);
		if (obj)
			v->keys[v->n] = key;
		v->n++;
		if (!jvalue(jp, &v->items[v->n - 1]))
			return false;
		jskip(jp);
		if (jp->p < jp->end && *jp->p == ',') {
			jp->p++;
			continue;
		}
		if (jp->p < jp->end && *jp->p == close) {
			jp->p++;
			return true;
		}
		return false;
	}
}

static bool jvalue(JParser *jp, JVal *v)
{
	memset(v, 0, sizeof *v);
	jskip(jp);
	if (jp->p >= jp->end)
		return false;
	char c = *jp->p;
	if (c == '{' || c == '[') {
		if (++jp->depth > 16)
			return false;
		bool ok = jcontainer(jp, v, c == '{');
		jp->depth--;
		return ok;
	}
	if (c == '"') {
		v->t = J_STR;
		return jstring(jp, &v->str);
	}
	static const struct { const char *word; JType t; bool b; } words[] = {
		{"true", J_BOOL, true}, {"false", J_BOOL, false}, {"null", J_NULL, false},
	};
	for (size_t i = 0; i < ARRAY_LEN(words); i++) {
		size_t l = strlen(words[i].word);
		if ((size_t)(jp->end - jp->p) >= l && memcmp(jp->p, words[i].word, l) == 0) {
			jp->p += l;
			v->t = words[i].t;
			v->b = words[i].b;
			return true;
		}
	}
	if (c == '-' || (c >= '0' && c <= '9')) {
		char tmp[64];
		size_t l = 0;
		while (jp->p + l < jp->end && l + 1 < sizeof tmp && strchr("+-0123456789.eE", jp->p[l]))
			l++;
		memcpy(tmp, jp->p, l);
		tmp[l] = '\0';
		char *e;
		errno = 0;
		double d = strtod(tmp, &e);
		if (e == tmp || *e)
			return false;
		jp->p += l;
		v->t = J_NUM;
		v->num = d;
		return true;
	}
	return false;
}

const JVal *json_get(const JVal *o, const char *key)
{
	if (!o || o->t != J_OBJ)
		return NULL;
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->keys[i], key) == 0)
			return &o->items[i];
	return NULL;
}

const char *json_str(const JVal *o, const char *key)
{
	const JVal *v = json_get(o, key);
	return v && v->t == J_STR ? v->str : NULL;
}

double json_num(const JVal *o, const char *key, double def)
{
	const JVal *v = json_get(o, key);
	return v && v->t == J_NUM && isfinite(v->num) ? v->num : def;
}

bool json_bool(const JVal *o, const char *key)
{
	const JVal *v = json_get(o, key);
	return v && v->t == J_BOOL && v->b;
}

bool json_parse(const char *text, size_t n, JVal *out)
{
	JParser jp = {text, text + n, 0};
	bool ok = jvalue(&jp, out);
	if (ok) {
		jskip(&jp);
		ok = jp.p == jp.end;
	}
	if (!ok)
		json_free(out);
	return ok;
}

size_t json_lines(const char *text, size_t n, bool (*each)(const JVal *v, void *ctx), void *ctx)
{
	size_t bad = 0;
	const char *p = text, *end = text + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *q = p;
		while (q < le && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q < le) {
			JVal v;
			bool ok = json_parse(q, (size_t)(le - q), &v);
			if (ok)
				ok = each(&v, ctx);
			json_free(&v);
			bad += !ok;
		}
		p = nl ? nl + 1 : end;
	}
	return bad;
}
