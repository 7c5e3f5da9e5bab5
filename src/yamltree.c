/*
 * Builds a YNode tree from libyaml's event stream. Using events rather than
 * libyaml's document loader lets us refuse anchors and aliases (which the
 * loader would silently resolve) and report positions exactly.
 */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "yamltree.h"

const char *ytree_kind_name(YKind k)
{
	return k == Y_MAP ? "mapping" : k == Y_SEQ ? "sequence" : "scalar";
}

void ytree_free_arena(YArena *a)
{
	while (a) {
		YArena *next = a->next;
		free(a);
		a = next;
	}
}

void ytree_free(YNode *n)
{
	if (!n)
		return;
	if (n->arena) {
		ytree_free_arena(n->arena);
		return;
	}
	for (size_t i = 0; i < n->nkids; i++)
		ytree_free(n->kids[i]);
	free(n->kids);
	free(n->value);
	free(n);
}

bool ytree_same(const YNode *a, const YNode *b, const YNode **da, const YNode **db)
{
	if (a->kind != b->kind || a->line != b->line || a->col != b->col || a->quoted != b->quoted ||
	    a->plain != b->plain || a->nkids != b->nkids || (a->kind == Y_SCALAR && strcmp(a->value, b->value) != 0)) {
		if (da)
			*da = a;
		if (db)
			*db = b;
		return false;
	}
	for (size_t i = 0; i < a->nkids; i++)
		if (!ytree_same(a->kids[i], b->kids[i], da, db))
			return false;
	return true;
}

YNode *ytree_get(const YNode *map, const char *key)
{
	if (!map || map->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->nkids; i += 2) {
		const YNode *k = map->kids[i];
		if (k->kind == Y_SCALAR && k->value[0] == key[0] && strcmp(k->value, key) == 0)
			return map->kids[i + 1];
	}
	return NULL;
}

static void add_kid(YNode *p, YNode *k)
{
	if (p->nkids == p->capkids) {
		p->capkids = p->capkids ? p->capkids * 2 : 8;
		p->kids = xrealloc(p->kids, p->capkids * sizeof *p->kids);
	}
	p->kids[p->nkids++] = k;
}

static void parser_error(yaml_parser_t *p, const char *text, size_t n, const char *file, BoeError *err)
{
	const yaml_mark_t *m = &p->problem_mark;
	int line = (int)m->line + 1, col = (int)m->column + 1;
	const char *problem = p->problem ? p->problem : "invalid YAML";
	/* a tab where indentation is expected is the most common cause: say so (the mark may be the text's end) */
	char here = m->index < n ? text[m->index] : '\0', before = m->index > 0 && m->index <= n ? text[m->index - 1] : '\0';
	if (here == '\t' || (before == '\t' && here != '\n')) {
		boe_error_set(err, file, line, col,
			      "tab character: YAML indents with spaces, not tabs");
		return;
	}
	if (p->context)
		boe_error_set(err, file, line, col, "invalid YAML: %s %s (check indentation)",
			      problem, p->context);
	else
		boe_error_set(err, file, line, col, "invalid YAML: %s", problem);
}

YNode *ytree_parse(const char *text, size_t n, const char *file, BoeError *err)
{
	YNode *root;
	if (ytree_parse_subset(text, n, &root))
		return root;
	return ytree_parse_libyaml(text, n, file, err);
}

/*
 * What libyaml's reader refuses, found first and said where it is: the
 * reader decodes the text ahead of the parser and reports such a character
 * at the text's start (1:1), wherever it lies. Invalid UTF-8, then what YAML
 * does not allow in a stream: the C0 controls but tab, line feed and carriage
 * return, DEL, the C1 controls but NEL, U+FFFE and U+FFFF.
 */
static bool reader_ok(const char *text, size_t n, const char *file, BoeError *err)
{
	if (!text_utf8_ok(text, n, file, err))
		return false;
	const unsigned char *s = (const unsigned char *)text;
	for (size_t i = 0; i < n; i++) {
		unsigned c = s[i], cp;
		if ((c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n' || c == '\r')
			continue;
		/* (valid UTF-8: a lead byte's continuations are there) */
		if (c < 0x80)
			cp = c;
		else if (c == 0xC2 && s[i + 1] <= 0x9F && s[i + 1] != 0x85)
			cp = s[i + 1];
		else if (c == 0xEF && s[i + 1] == 0xBF && s[i + 2] >= 0xBE)
			cp = 0xFFC0 | (s[i + 2] & 0x3F);
		else
			continue;
		int line, col;
		text_line_col(text, i, &line, &col);
		if (cp <= 0x9F)
			boe_error_set(err, file, line, col,
				      "invalid YAML: control character U+%04X is not allowed (in double quotes it can be written \\u%04X)",
				      cp, cp);
		else
			boe_error_set(err, file, line, col, "invalid YAML: U+%04X is not a character YAML allows", cp);
		return false;
	}
	return true;
}

/* The header's keys come first: libyaml reads the text a piece at a time, and decodes no more than it reads. */
typedef struct Pieces {
	const unsigned char *at, *end;
} Pieces;

static int read_piece(void *data, unsigned char *buf, size_t size, size_t *got)
{
	Pieces *p = data;
	size_t k = (size_t)(p->end - p->at);
	if (k > size)
		k = size;
	if (k > 512)
		k = 512;
	memcpy(buf, p->at, k);
	p->at += k;
	*got = k;
	return 1;
}

/*
 * The tree of libyaml's events. With stop keys, reading ends as soon as each
 * of them has been a key of the root mapping and its value is complete: the
 * tree is then the document up to there (ytree_header).
 */
static YNode *parse_events(const char *text, size_t n, const char *file, BoeError *err, const char *const *stop,
			   size_t nstop)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	if (!reader_ok(text, n, file, err))
		return NULL;
	if (!yaml_parser_initialize(&parser)) {
		boe_error_set(err, file, 0, 0, "cannot start the YAML parser");
		return NULL;
	}
	/* from a string libyaml decodes up to 16 KB at once: a header is read from the pieces it needs */
	Pieces pieces = {(const unsigned char *)text, (const unsigned char *)text + n};
	if (nstop)
		yaml_parser_set_input(&parser, read_piece, &pieces);
	else
		yaml_parser_set_input_string(&parser, (const unsigned char *)text, n);
	YNode *stack[64];
	int depth = 0;
	YNode *root = NULL;
	int docs = 0;
	bool ok = true, done = false;
	unsigned long stop_seen = 0, stop_all = nstop ? (1ul << nstop) - 1 : 0;
	while (ok && !done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			parser_error(&parser, text, n, file, err);
			ok = false;
			break;
		}
		int line = (int)ev.start_mark.line + 1, col = (int)ev.start_mark.column + 1;
		YNode *node = NULL;
		const yaml_char_t *anchor = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				boe_error_set(err, file, line, col,
					      "a scenario file holds one YAML document ('---' starts a second)");
				ok = false;
			}
			break;
		case YAML_ALIAS_EVENT:
			boe_error_set(err, file, line, col,
				      "YAML aliases (*%s) are not accepted: write the value out",
				      (const char *)ev.data.alias.anchor);
			ok = false;
			break;
		case YAML_SCALAR_EVENT:
			anchor = ev.data.scalar.anchor;
			node = xcalloc(1, sizeof *node);
			node->kind = Y_SCALAR;
			node->value = xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
			node->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			node->quoted = !node->plain;
			break;
		case YAML_SEQUENCE_START_EVENT:
			anchor = ev.data.sequence_start.anchor;
			node = xcalloc(1, sizeof *node);
			node->kind = Y_SEQ;
			break;
		case YAML_MAPPING_START_EVENT:
			anchor = ev.data.mapping_start.anchor;
			node = xcalloc(1, sizeof *node);
			node->kind = Y_MAP;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			/* a collection that was a value of the root: with the last stop key's, the header is read */
			done = depth == 1 && stop_seen && stop_seen == stop_all && root->kind == Y_MAP &&
			       root->nkids % 2 == 0;
			break;
		default:
			break;
		}
		if (node && nstop && depth == 1 && root->kind == Y_MAP && node->kind == Y_SCALAR) {
			if (root->nkids % 2 == 0) { /* a key of the root */
				for (size_t i = 0; i < nstop; i++)
					if (strcmp(node->value, stop[i]) == 0)
						stop_seen |= 1ul << i;
			} else { /* its value */
				done = stop_seen == stop_all;
			}
		}
		if (node) {
			node->line = line;
			node->col = col;
			if (anchor) {
				boe_error_set(err, file, line, col,
					      "YAML anchors (&%s) are not accepted: write each value out",
					      (const char *)anchor);
				ytree_free(node);
				ok = false;
			} else {
				if (depth > 0)
					add_kid(stack[depth - 1], node);
				else
					root = node;
				if (node->kind != Y_SCALAR) {
					if (depth == (int)ARRAY_LEN(stack)) {
						boe_error_set(err, file, line, col, "nested too deeply");
						ok = false;
					} else {
						stack[depth++] = node;
					}
				}
			}
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (!ok) {
		ytree_free(root);
		return NULL;
	}
	if (!root || (root->kind == Y_SCALAR && root->value[0] == '\0' && !root->quoted)) {
		ytree_free(root);
		boe_error_set(err, file, 1, 1, "file is empty: a scenario starts with 'boe: 1'");
		return NULL;
	}
	return root;
}

YNode *ytree_parse_libyaml(const char *text, size_t n, const char *file, BoeError *err)
{
	return parse_events(text, n, file, err, NULL, 0);
}

YNode *ytree_header_libyaml(const char *text, size_t n, const char *file, const char *const *keys, size_t nkeys,
			    BoeError *err)
{
	return parse_events(text, n, file, err, keys, nkeys);
}

YNode *ytree_header(const char *text, size_t n, const char *file, const char *const *keys, size_t nkeys,
		    BoeError *err)
{
	YNode *root;
	if (ytree_header_subset(text, n, keys, nkeys, &root))
		return root;
	return ytree_header_libyaml(text, n, file, keys, nkeys, err);
}
