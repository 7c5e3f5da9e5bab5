/*
 * The subset reader (src/yamlfast.c) against libyaml: on every preset, every
 * fixture and the fuzz seeds, on hand-written cases at the subset's edges,
 * and on thousands of mutations of the presets, whatever it accepts must be
 * libyaml's tree exactly (kinds, values, styles, lines, columns), and it must
 * decline whatever libyaml refuses. Every shipped preset must be inside the
 * subset, or loading them all would quietly fall back to the slow reader.
 */
#include <dirent.h>
#include <sys/stat.h>

#include "testutil.h"
#include "yamltree.h"

#define PRESETS FIXTURESDIR "/../../presets"
#define FUZZ_SEEDS FIXTURESDIR "/../../fuzz/corpus/scenario"

/* What two differing nodes are, for a failure's message. */
static void describe(const YNode *a, const YNode *b, char *why, size_t n)
{
	snprintf(why, n, "%s at %d:%d \"%s\" quoted %d plain %d kids %zu vs %s at %d:%d \"%s\" quoted %d plain %d kids %zu",
		 ytree_kind_name(a->kind), a->line, a->col, a->value ? a->value : "", a->quoted, a->plain, a->nkids,
		 ytree_kind_name(b->kind), b->line, b->col, b->value ? b->value : "", b->quoted, b->plain, b->nkids);
}

/* The keys a preset's header is read to (scenario_read_header's). */
static const char *const header_keys[] = {"boe", "name", "title", "difficulty", "source", "summary"};

/*
 * What the subset reader made of text (took, fast) against libyaml (slow, or
 * NULL with err): wherever the subset took the text, libyaml must have taken
 * it too, with the same tree. what names the text and reading the reader,
 * for a failure's message. Frees both trees; returns took.
 */
static bool judge(bool took, YNode *fast, YNode *slow, const BoeError *err, const char *text, size_t len,
		  const char *what, const char *reading)
{
	int shown = len > 3000 ? 3000 : (int)len;
	if (took && !slow) {
		print_error("%s: the subset's %s took text libyaml refuses (%s):\n%.*s\n", what, reading, err->msg,
			    shown, text);
		fail();
	}
	char why[1200];
	const YNode *da, *db;
	if (took && !ytree_same(fast, slow, &da, &db)) {
		describe(da, db, why, sizeof why);
		print_error("%s: the %s trees differ: subset %s:\n%.*s\n", what, reading, why, shown, text);
		fail();
	}
	assert_true(took || fast == NULL);
	ytree_free(fast);
	ytree_free(slow);
	return took;
}

/* Compares the header readers on text (libyaml's tree cut where it stops); returns whether the subset took it. */
static bool check_header_pair(const char *text, size_t len, const char *what)
{
	YNode *fast = NULL;
	bool took = ytree_header_subset(text, len, header_keys, ARRAY_LEN(header_keys), &fast);
	BoeError err;
	YNode *slow = ytree_header_libyaml(text, len, "t.yaml", header_keys, ARRAY_LEN(header_keys), &err);
	return judge(took, fast, slow, &err, text, len, what, "header");
}

/* Compares the readers on text, the whole and the header; returns whether the subset took the whole. */
static bool check_same(const char *text, size_t len, const char *what)
{
	(void)check_header_pair(text, len, what);
	YNode *fast = NULL;
	bool took = ytree_parse_subset(text, len, &fast);
	BoeError err;
	YNode *slow = ytree_parse_libyaml(text, len, "t.yaml", &err);
	return judge(took, fast, slow, &err, text, len, what, "whole-file");
}

typedef struct Files {
	char **path;
	size_t n;
} Files;

static void collect(const char *dir, bool any_name, Files *f)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char *p = xasprintf("%s/%s", dir, de->d_name);
		struct stat st;
		size_t l = strlen(de->d_name);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			collect(p, any_name, f);
			free(p);
		} else if (any_name || (l > 5 && strcmp(de->d_name + l - 5, ".yaml") == 0)) {
			f->path = xrealloc(f->path, (f->n + 1) * sizeof *f->path);
			f->path[f->n++] = p;
		} else {
			free(p);
		}
	}
	closedir(d);
}

static char *slurp(const char *path, size_t *len)
{
	BoeError err;
	char *text = file_read(path, 4u << 20, "", len, &err);
	assert_non_null(text);
	return text;
}

static void free_files(Files *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->path[i]);
	free(f->path);
}

static void test_every_preset_is_inside_the_subset(void **state)
{
	(void)state;
	Files f = {0};
	collect(PRESETS, false, &f);
	assert_true(f.n >= 33);
	for (size_t i = 0; i < f.n; i++) {
		size_t len;
		char *text = slurp(f.path[i], &len);
		if (!check_same(text, len, f.path[i])) {
			print_error("%s: outside the subset: it loads through libyaml\n", f.path[i]);
			fail();
		}
		/* and boe list reads its header with the subset, stopping there */
		YNode *head = NULL;
		if (!ytree_header_subset(text, len, header_keys, ARRAY_LEN(header_keys), &head)) {
			print_error("%s: its header is outside the subset: listing reads it through libyaml\n",
				    f.path[i]);
			fail();
		}
		YNode *whole = NULL;
		assert_true(ytree_parse_subset(text, len, &whole));
		assert_true(head->nkids < whole->nkids); /* it stopped: the defines were not read */
		ytree_free(head);
		ytree_free(whole);
		free(text);
	}
	free_files(&f);
}

static void test_fixtures_and_fuzz_seeds(void **state)
{
	(void)state;
	Files f = {0};
	collect(FIXTURESDIR, false, &f);
	collect(FUZZ_SEEDS, true, &f);
	size_t took = 0;
	for (size_t i = 0; i < f.n; i++) {
		size_t len;
		char *text = slurp(f.path[i], &len);
		took += check_same(text, len, f.path[i]);
		free(text);
	}
	/* the good fixtures at least are inside it; the bad ones mostly are not */
	assert_true(took >= 10);
	free_files(&f);
}

/* Cases at the subset's edges: taken (1) or declined (0), and libyaml's tree when taken. */
static void test_edges(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int taken;
	} cases[] = {
		{"a: 1\n", 1},
		{"a: 1", 1},
		{"a:   spaced value   \nb: x # comment\nc: x#y\n", 1},
		{"# head\n\na: 1\n  # indented comment\n\nb: 2\n# tail\n", 1},
		{"a:\n  b: 1\n  c:\n    d: x\ne: 2\n", 1},
		{"a:\n- 1\n- two\nb: 3\n", 1},
		{"a:\n  - 1\n  - {x: 1, y: [a, b]}\n", 1},
		{"a:\n  - name: x\n    v: 1\n  - name: y\n", 1},
		{"a: {b: {c: d}, e: [f, {g: h}]}\n", 1},
		{"a: []\nb: {}\nc: [ ]\n", 1},
		{"a: 'it''s'\nb: \"q: #x\"\nc: ''\nd: \"\"\n", 1},
		/* columns count characters: multi-byte ones before a node, in runs longer and shorter than 8 bytes */
		{"a: {µ: 1, b: 2}\nc: [ééééé, x, 'é''é', \"µµµµµµµµ\", y]\nd: {naïve café: ü, z: ×}\n", 1},
		{"a: 'one ''two'' three'\nb: 'x'''\nc: '''y'\n", 1},
		{"a: { k: 'x, y', l: \"[z]\" }\n", 1},
		{"a: http://x.y/z\nb: 10:30\nc: -5%\nd: -x\n", 1},
		{"naïve: é\nb: { ké: vé }\n", 1},
		{"notes: |\n  one\n  two\n", 1},
		{"notes: |\n  one\n\n  two\n\n\nb: 1\n", 1},
		{"notes: |-\n  one\n  two\n\nb: 1\n", 1},
		{"notes: |+\n  one\n\n\nb: 1\n", 1},
		{"notes: |2\n    indented\n  not\n", 1},
		{"notes: |2-\n  x\n", 1},
		{"notes: |\n  # not a comment\n  {x}: y\n", 1},
		{"notes: |\n  no final break", 1},
		{"notes: |+\n  kept\n\n ", 1},
		{"notes: |+\n  kept\n ", 1},
		{"notes: |\n    deeper\n  back\n", 0},
		{"m:\n  notes: |\n    x\n    y\n  k: v\n", 1},
		{"a: 1\nb: 2\na: 3\n", 1},
		/* declined: left to libyaml */
		{"", 0},
		{"# only a comment\n", 0},
		{"- a\n- b\n", 0},
		{"just text\n", 0},
		{"---\na: 1\n", 0},
		{"a: 1\n...\n", 0},
		{"%YAML 1.1\n---\na: 1\n", 0},
		{"a:\tb\n", 0},
		{"a: 1\r\nb: 2\r\n", 0},
		{"\xEF\xBB\xBF" "a: 1\n", 0},
		{"a: \"esc\\n\"\n", 0},
		{"a: 'two\n  lines'\n", 0},
		{"a: plain\n  continued\n", 0},
		{"a: [1,\n  2]\n", 0},
		{"a: [1, 2,]\n", 0},
		{"a: {b}\n", 0},
		{"a: {b:c}\n", 0},
		{"a: &x 1\nb: *x\n", 0},
		{"a: !tag 1\n", 0},
		{"a: >\n  folded\n", 0},
		{"a:\nb: 1\n", 0},
		{"a: b: c\n", 0},
		{"a: 1\n  b: 2\n", 0},
		{"a:\n  b: 1\n c: 2\n", 0},
		{"a:\n- 1\n - 2\n", 0},
		{"a:\n  - - 1\n", 0},
		{"\"q\": 1\n", 0},
		{"a: @x\n", 0},
		{"a: `x\n", 0},
		{"a: |\n\n  leading blank\n", 0},
		{"a: |\n  x\n   \n", 0},
		{"a: \xC3\n", 0},
		{"a: \xC2\x85x\n", 0},
		{"a: x\xE2\x80\xA8y\n", 0},
		{"a: \xC2\x9F\n", 0},
		{"a: x\x7F\n", 0},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char what[64];
		snprintf(what, sizeof what, "case %zu", i);
		bool took = check_same(cases[i].text, strlen(cases[i].text), what);
		if (took != (cases[i].taken == 1)) {
			print_error("case %zu (%s): the subset %s it\n", i, cases[i].text, took ? "took" : "declined");
			fail();
		}
	}
}

/* xorshift: the same mutations on every run */
static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* One edit of b at a random place before span (b->len at most): a few bytes cut, or one of the pieces put in. */
static void mutate(Buf *b, size_t span, const char (*pieces)[6], size_t npieces, uint64_t *seed)
{
	size_t at = (size_t)(next_rand(seed) % span);
	uint64_t how = next_rand(seed) % 3;
	if (how == 0) { /* delete a few bytes */
		size_t cut = 1 + (size_t)(next_rand(seed) % 3);
		if (cut > b->len - at)
			cut = b->len - at;
		memmove(b->s + at, b->s + at + cut, b->len - at - cut + 1);
		b->len -= cut;
	} else { /* insert a piece */
		const char *pc = pieces[next_rand(seed) % npieces];
		Buf c = {0};
		buf_addn(&c, b->s, at);
		buf_add(&c, pc);
		buf_addn(&c, b->s + at, b->len - at);
		buf_free(b);
		*b = c;
	}
}

/*
 * n variants of each preset, each with 1 to max_edits edits (mutate) before
 * span bytes (0: anywhere), through check; *took counts those it took and
 * *total all of them. label names a variant in a failure's message.
 */
static void mutate_presets(const char (*pieces)[6], size_t npieces, uint64_t seed, int n, int max_edits,
			   size_t span, bool (*check)(const char *, size_t, const char *), const char *label,
			   size_t *took, size_t *total)
{
	Files f = {0};
	collect(PRESETS, false, &f);
	for (size_t i = 0; i < f.n; i++) {
		size_t len;
		char *text = slurp(f.path[i], &len);
		for (int m = 0; m < n; m++) {
			Buf b = {0};
			buf_addn(&b, text, len);
			int edits = max_edits > 1 ? 1 + (int)(next_rand(&seed) % (uint64_t)max_edits) : 1;
			for (int e = 0; e < edits && b.len; e++)
				mutate(&b, span && span < len ? span : b.len, pieces, npieces, &seed);
			char what[600];
			snprintf(what, sizeof what, "%s, %s %d", f.path[i], label, m);
			*took += check(b.s ? b.s : "", b.len, what);
			(*total)++;
			buf_free(&b);
		}
		free(text);
	}
	free_files(&f);
}

/*
 * Each preset cut, spliced and re-indented at random: 400 variants of each.
 * Whatever the subset still takes must read as libyaml reads it.
 */
static void test_mutations(void **state)
{
	(void)state;
	static const char pieces[][6] = {" ", "  ", "\n", ":", ": ", "- ", "#", " #", "'", "\"", "{", "}",
					 "[", "]", ",", "|", "|-", "|+", "|2", "\t", "-", "é", "\xC2\x85",
					 "&a ", "*a", "!", "%", "\n  ", "\n- ", "\n\n", "---\n", "\\", ">"};
	size_t took = 0, total = 0;
	mutate_presets(pieces, ARRAY_LEN(pieces), 0x9E3779B97F4A7C15u, 400, 3, 0, check_same, "variant", &took, &total);
	/* both sides were exercised: many variants stay inside the subset, many do not */
	assert_true(took > total / 10);
	assert_true(took < total);
}

/*
 * The header readers on texts made to end their reading in odd places:
 * keys missing or out of order, a header key again after the rest, and
 * each kind of line that can follow the header's last value (what libyaml
 * scans before it stops). Then each preset's first 600 bytes mutated, 300
 * variants of each, where the header and the lines after it are.
 */
static void test_header_readers_agree(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"boe: 1\nname: a\ntitle: T\ndifficulty: easy\nsource: S\nsummary: x\ndefine:\n  a: 1\n",
		"boe: 1\nname: a\ntitle: T\ndifficulty: easy\nsource: S\nsummary: x\n",
		"boe: 1\nname: a\ntitle: T\ndifficulty: easy\nsource: S\nsummary: x",
		"summary: x\nboe: 1\nname: a\nset:\n  dau: 5\ntitle: T\ndifficulty: easy\nsource: S\nnotes: n\n",
		"boe: 1\nname: a\ntitle: T\nsource: S\nsummary: x\ndefine:\n  a: 1\n",
		"boe: 1\nname: a\ntitle: T\ndifficulty: easy\nsource: S\nsummary: x\n\t\n",
		"boe: 1\nname: a\ntitle: T\ndifficulty: easy\nsource: S\nsummary: x\n\tdefine: 1\n",
		"boe: 1\nname: a\ntitle: T\ndifficulty: easy\nsource: S\nsummary: x\n  more of it\n",
		"boe: 1\nname: a\ntitle: T\ndifficulty: easy\nsource: S\nsummary: x\n# a comment\n\ndefine: {a: 1}\n",
		"boe: 1\nname: a\ntitle: T\ndifficulty: easy\nsource: S\nsummary: x\n\"define\": 1\n",
		"boe: 1\nname: a\ntitle: T\ndifficulty: easy\nsource: S\nsummary: x\n- a\n",
		"boe: 1\nname: a\ntitle: T\ndifficulty: easy\nsource: S\nsummary: x\n---\nboe: 1\n",
		"boe: 1\nname: a\ntitle: T\ndifficulty: easy\nsource: S\nsummary: x\ndefine: [a\n",
		"boe: 1\nname: a\ntitle: T\ndifficulty: easy\nsource: S\nsummary: x\ndefine:\n a: 1\n  b: 2\n",
		"boe: 1\nname: a\ntitle: T\ndifficulty: easy\nsource: S\nsummary:\n  - x\n  - y\nset: 1\n",
		"boe: 1\nname: a\ntitle: T\ndifficulty: easy\nsource: S\nsummary:\n  k: v\n",
		"boe: 1\nname: a\ntitle: T\ndifficulty: easy\nsource: S\nsummary: |\n  line\ndefine: 1\n",
		"boe: 1\nname: a\ntitle: T\ndifficulty: easy\nsource: S\nsummary: 'q'\n? complex\n",
		"boe: 1\nname: a\ntitle: T\ndifficulty: easy\nsource: S\nsummary: x\n&anchor define: 1\n",
		"boe: 1\nname: a\ntitle: T\ndifficulty: easy\nsource: S\nsummary: x\n*alias : 1\n",
		"boe: 1\nname: a\nname: b\ntitle: T\ndifficulty: easy\nsource: S\nsummary: x\nboe: 2\n",
	};
	size_t took = 0;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char what[40];
		snprintf(what, sizeof what, "header case %zu", i);
		took += check_header_pair(cases[i], strlen(cases[i]), what);
	}
	assert_true(took >= 5 && took < ARRAY_LEN(cases));

	static const char pieces[][6] = {" ", "  ", "\n", ":", ": ", "- ", "#", " #", "'", "\"", "{", "[",
					 "|", "\t", "-", "\n  ", "\n- ", "---\n", "&a ", "*a", "?", "é"};
	size_t htook = 0, total = 0;
	mutate_presets(pieces, ARRAY_LEN(pieces), 0x2545F4914F6CDD1Du, 300, 1, 600, check_header_pair, "header variant",
		       &htook, &total);
	assert_true(htook > total / 10);
	assert_true(htook < total);
}

/*
 * What the YAML reader refuses is said where it is: libyaml decodes ahead
 * and put every such refusal at 1:1. Each case through the full reader (the
 * subset declines it), libyaml's and the header reader, with its line and
 * column; and what YAML allows (NEL, U+00A0, U+FFFD, a BOM) still reads.
 */
static void test_reader_refusals_say_where(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int line, col;
		const char *says;
		size_t len;	/* 0: up to the text's NUL */
	} bad[] = {
		{"boe: 1\nname: x\nset:\n  dau: 5M\nnotes: \"a\x01" "b\"\n", 5, 10, "control character U+0001", 0},
		{"boe: 1\nnotes: |\n  line\n  a\x1b[31m\n", 4, 4, "control character U+001B", 0},
		{"boe: 1\n# a comment with DEL \x7f\n", 2, 22, "control character U+007F", 0},
		{"boe: 1\ntitle: \"C1 \xC2\x9B here\"\n", 2, 12, "control character U+009B", 0},
		{"boe: 1\ntitle: \"\xC3\xA9t\xC3\xA9 \xC2\x80\"\n", 2, 13, "control character U+0080", 0},
		{"boe: 1\nsummary: no \xEF\xBF\xBE\n", 2, 13, "U+FFFE is not a character", 0},
		{"boe: 1\nsummary: x\nnotes: ok\n  \xEF\xBF\xBF\n", 4, 3, "U+FFFF", 0},
		{"boe: 1\ntitle: caf\xC3\n", 2, 11, "invalid UTF-8 (byte 0xC3)", 0},
		{"boe: 1\n\x00\n", 2, 1, "control character U+0000", 9},
	};
	static const char *const keys[] = {"boe", "name", "title", "difficulty", "summary"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		size_t len = bad[i].len ? bad[i].len : strlen(bad[i].text);
		for (int how = 0; how < 3; how++) {
			BoeError err;
			memset(&err, 0, sizeof err);
			YNode *t = how == 0   ? ytree_parse(bad[i].text, len, "t.yaml", &err)
				   : how == 1 ? ytree_parse_libyaml(bad[i].text, len, "t.yaml", &err)
					      : ytree_header(bad[i].text, len, "t.yaml", keys, ARRAY_LEN(keys), &err);
			if (t || err.line != bad[i].line || err.col != bad[i].col || !strstr(err.msg, bad[i].says)) {
				print_error("case %zu, reader %d: %s at %d:%d, expected \"%s\" at %d:%d\n", i, how,
					    t ? "read" : err.msg, err.line, err.col, bad[i].says, bad[i].line, bad[i].col);
				fail();
			}
		}
	}
	static const char *const good[] = {
		"boe: 1\ntitle: \"NEL \xC2\x85 here\"\n",
		"boe: 1\ntitle: no\xC2\xA0" "break\n",
		"boe: 1\ntitle: \xEF\xBF\xBD replacement\n",
		"\xEF\xBB\xBF" "boe: 1\ntitle: after a BOM\n",
		"boe: 1\ntitle: \"tab\there\"\r\nsummary: crlf\r\n",
	};
	for (size_t i = 0; i < ARRAY_LEN(good); i++) {
		BoeError err;
		YNode *t = ytree_parse_libyaml(good[i], strlen(good[i]), "t.yaml", &err);
		if (!t) {
			print_error("good case %zu refused: %s\n", i, err.msg);
			fail();
		}
		ytree_free(t);
	}
}

/*
 * The header reader, which gives libyaml the text a piece at a time, reads
 * every preset's header as the full reader does: the same nodes for each
 * header key, whatever follows (each preset again with 40 KB of notes before
 * its header's last key, and after it).
 */
static void check_header_same(const char *text, size_t len, const char *what)
{
	static const char *const keys[] = {"boe", "name", "title", "difficulty", "summary"};
	BoeError err;
	YNode *full = ytree_parse_libyaml(text, len, "t.yaml", &err);
	assert_non_null(full);
	YNode *head = ytree_header(text, len, "t.yaml", keys, ARRAY_LEN(keys), &err);
	if (!head) {
		print_error("%s: the header reader refused it: %s\n", what, err.msg);
		fail();
	}
	for (size_t k = 0; k < ARRAY_LEN(keys); k++) {
		const YNode *a = ytree_get(full, keys[k]), *b = ytree_get(head, keys[k]);
		const YNode *da, *db;
		if ((a == NULL) != (b == NULL) || (a && !ytree_same(a, b, &da, &db))) {
			print_error("%s: the header's %s differs\n", what, keys[k]);
			fail();
		}
	}
	ytree_free(full);
	ytree_free(head);
}

static void test_header_reader_reads_as_the_full_one(void **state)
{
	(void)state;
	Files f = {0};
	collect(PRESETS, false, &f);
	assert_true(f.n >= 33);
	Buf notes = {0};
	buf_add(&notes, "notes: |\n");
	while (notes.len < 40000)
		buf_add(&notes, "  a long line of notes, \xC3\xA9t\xC3\xA9 and caf\xC3\xA9, that the header reader need not read\n");
	for (size_t i = 0; i < f.n; i++) {
		size_t len;
		char *text = slurp(f.path[i], &len);
		check_header_same(text, len, f.path[i]);
		/* the notes at the end, and between boe: and the rest */
		Buf b = {0};
		buf_addn(&b, text, len);
		buf_addn(&b, notes.s, notes.len);
		check_header_same(b.s, b.len, f.path[i]);
		const char *rest = strchr(text, '\n');
		assert_non_null(rest);
		Buf c = {0};
		buf_addn(&c, text, (size_t)(rest + 1 - text));
		buf_addn(&c, notes.s, notes.len);
		buf_add(&c, rest + 1);
		char what[600];
		snprintf(what, sizeof what, "%s with notes after 'boe:'", f.path[i]);
		check_header_same(c.s, c.len, what);
		buf_free(&b);
		buf_free(&c);
		free(text);
	}
	buf_free(&notes);
	free_files(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_preset_is_inside_the_subset),
		cmocka_unit_test(test_fixtures_and_fuzz_seeds),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_reader_refusals_say_where),
		cmocka_unit_test(test_header_reader_reads_as_the_full_one),
		cmocka_unit_test(test_header_readers_agree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
