/*
 * A small YAML tree built from libyaml's events, keeping every node's line and
 * column. Anchors and aliases are refused: a scenario file says each thing once.
 */
#ifndef BOE_YAMLTREE_H
#define BOE_YAMLTREE_H

#include <stdbool.h>
#include <stddef.h>
#include "boe/util.h"

typedef enum YKind { Y_SCALAR, Y_MAP, Y_SEQ } YKind;

/* Where the subset reader puts a tree: blocks freed together. */
typedef struct YArena {
	struct YArena *next;
	size_t size, used;
	_Alignas(8) char data[];
} YArena;

typedef struct YNode {
	YKind kind;
	int line, col;		/* 1-based, of the node's first character */
	char *value;		/* scalar text */
	bool quoted;		/* scalar written in quotes (or a block scalar) */
	bool plain;		/* plain scalar: on one line as written */
	struct YNode **kids;	/* map: key, value, key, value...; seq: items */
	size_t nkids, capkids;
	YArena *arena;		/* the root of a tree the subset reader made: it holds every node */
} YNode;

/* Parses text; NULL with err (file:line:col) on failure. An empty document gives NULL with "file is empty". */
YNode *ytree_parse(const char *text, size_t n, const char *file, BoeError *err);
/* Frees a tree, given its root. */
void ytree_free(YNode *n);
void ytree_free_arena(YArena *a);
/*
 * The two readers behind ytree_parse. The subset reader (yamlfast.c) takes
 * the YAML scenario files are written in and gives libyaml's tree, faster;
 * false (*out NULL) leaves anything else, and every error, to libyaml.
 */
bool ytree_parse_subset(const char *text, size_t n, YNode **out);
YNode *ytree_parse_libyaml(const char *text, size_t n, const char *file, BoeError *err);
/* The same two behind ytree_header: the subset reader stops where libyaml's reading would. */
bool ytree_header_subset(const char *text, size_t n, const char *const *keys, size_t nkeys, YNode **out);
YNode *ytree_header_libyaml(const char *text, size_t n, const char *file, const char *const *keys, size_t nkeys,
			    BoeError *err);
/*
 * Whether two trees are the same node for node (kind, value, style, line,
 * column). When not, *da and *db (unless NULL) are the first pair that differ.
 */
bool ytree_same(const YNode *a, const YNode *b, const YNode **da, const YNode **db);
/* Value of key in a mapping, or NULL. */
YNode *ytree_get(const YNode *map, const char *key);
/*
 * The document only as far as its header: read until each of keys (at most
 * 32) has been a key of the root mapping with its value, or to the end. A
 * preset's header comes first, so listing presets reads a few lines of
 * each. NULL with err as ytree_parse, for what is read.
 */
YNode *ytree_header(const char *text, size_t n, const char *file, const char *const *keys, size_t nkeys,
		    BoeError *err);
/* "mapping", "sequence" or "scalar". */
const char *ytree_kind_name(YKind k);

#endif
