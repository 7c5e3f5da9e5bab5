/*
 * Scenarios: the standard quantities plus a file's set/define/expect and its
 * availability and latency blocks, turned into one program.
 *
 * compute = parse each expression (once), bind names and check dimensions,
 * order by dependencies (naming any cycle), compile every non-constant
 * expression into one tape (constants are evaluated here, once), run the tape,
 * check ranges, then derive explanations, unused quantities and checks.
 */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boe/fileio.h"
#include "boe/scenario.h"
#include "yamltree.h"
#include "expr_impl.h"

/* ---- building ---- */

/*
 * The strings a scenario takes from its file (each quantity's name, text and
 * path) are copied into blocks of its own, not allocated one by one: a
 * preset holds about a hundred, and --all loads 33. They are freed with the
 * scenario, never singly: s_free lets one of them be and frees any other
 * (what an edit put there came from the heap).
 */
typedef struct ScenStrings {
	struct ScenStrings *next;
	size_t size, used;
	char data[];
} ScenStrings;

static char *s_dupn(Scenario *s, const char *t, size_t n)
{
	ScenStrings *b = s->strs;
	if (!b || b->size - b->used < n + 1) {
		size_t size = b ? 2 * b->size : 4096;
		while (size < n + 1)
			size *= 2;
		ScenStrings *nb = xmalloc(sizeof *nb + size);
		*nb = (ScenStrings){b, size, 0};
		s->strs = b = nb;
	}
	char *p = b->data + b->used;
	memcpy(p, t, n);
	p[n] = '\0';
	b->used += n + 1;
	return p;
}

/* t copied: into s's blocks while its file is read, else on the heap */
static char *s_dup(Scenario *s, const char *t)
{
	return s->loading ? s_dupn(s, t, strlen(t)) : xstrdup(t);
}

static bool s_owns(const Scenario *s, const char *p)
{
	for (const ScenStrings *b = s->strs; b; b = b->next)
		if (p >= b->data && p < b->data + b->used)
			return true;
	return false;
}

/* Frees p unless it is in s's blocks (or NULL). */
static void s_free(const Scenario *s, char *p)
{
	if (p && !s_owns(s, p))
		free(p);
}

static void strs_free(Scenario *s)
{
	for (ScenStrings *b = s->strs, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	s->strs = NULL;
	s->strs_file = NULL;
}

/* Room for one more quantity. */
static void grow_quantities(Scenario *s)
{
	if (s->nq == s->capq) {
		s->capq = s->capq ? s->capq * 2 : 96;
		s->q = xrealloc(s->q, s->capq * sizeof *s->q);
	}
}

/*
 * A new quantity, its strings copied; table_name: name and text are a row's
 * of the standard table, which lasts and never changes, and are kept as
 * they are (drop_text knows the row's default).
 */
static int new_quantity(Scenario *s, const char *name, bool table_name, const char *text, Section sec, Origin o)
{
	grow_quantities(s);
	Quantity *q = &s->q[s->nq];
	memset(q, 0, sizeof *q);
	q->table_name = table_name;
	q->name = table_name ? (char *)name : s_dup(s, name);
	q->text = q->file_text = table_name ? (char *)text : s_dup(s, text);
	q->section = sec;
	q->origin = q->file_origin = o;
	return (int)s->nq++;
}

/*
 * Frees t, a text q had, unless it is q's row's default, which the table
 * keeps, or q still has it: text and file_text are one string until the
 * text changes.
 */
static void drop_text(const Scenario *s, const Quantity *q, char *t)
{
	if ((!q->std || t != q->std->def) && t != q->text && t != q->file_text)
		s_free(s, t);
}

/* Frees q's text and file_text (drop_text), leaving it neither. */
static void drop_texts(const Scenario *s, Quantity *q)
{
	char *t = q->text, *ft = q->file_text;
	q->text = q->file_text = NULL;
	drop_text(s, q, t);
	if (ft != t)
		drop_text(s, q, ft);
}

static int add_quantity(Scenario *s, const char *name, const char *text, Section sec, Origin o)
{
	return new_quantity(s, name, false, text, sec, o);
}

/* q's place: file (copied once in s's blocks for all its quantities), line and column */
static void set_location(Scenario *s, Quantity *q, const char *file, int line, int col_shift, int col)
{
	s_free(s, q->file);
	if (!file || !s->loading) {
		q->file = file ? xstrdup(file) : NULL;
	} else {
		if (!s->strs_file || strcmp(s->strs_file, file) != 0)
			s->strs_file = s_dup(s, file);
		q->file = (char *)s->strs_file;
	}
	q->line = line;
	q->col_shift = col_shift;
	q->col = col;
}

const char *const scenario_difficulty_names[SCENARIO_DIFFICULTIES] = {"easy", "medium", "hard"};

bool scenario_difficulty_known(const char *s)
{
	for (size_t k = 0; k < SCENARIO_DIFFICULTIES; k++)
		if (strcmp(s, scenario_difficulty_names[k]) == 0)
			return true;
	return false;
}

static Scenario *scenario_alloc(void)
{
	Scenario *s = xcalloc(1, sizeof *s);
	size_t n;
	const StdQuantity *t = std_quantities(&n);
	for (size_t i = 0; i < n; i++) {
		int k = new_quantity(s, t[i].name, true, t[i].def, t[i].section, ORIGIN_DEFAULT);
		s->q[k].std = &t[i];
		s->q[k].unit = t[i].unit;
		s->q[k].disp = display_from_hint(t[i].display);
	}
	s->q_composite = s->q_comp_down_year = s->q_comp_down_month = -1;
	s->q_target = s->q_total = s->q_margin = -1;
	s->want_seed = SAMPLE_DEFAULT_SEED;
	return s;
}

Scenario *scenario_new_default(void)
{
	Scenario *s = scenario_alloc();
	s->name = xstrdup("default");
	s->title = xstrdup("Default scenario");
	s->summary = xstrdup("every standard quantity at its default");
	return s;
}

static void drop_expr(Quantity *q);
typedef struct Ranges Ranges;
static void ranges_free(Ranges *r);

static void free_quantity(const Scenario *s, Quantity *q)
{
	if (!q->table_name)
		s_free(s, q->name);
	drop_texts(s, q);
	free(q->note);
	free(q->ask);
	free(q->skill);
	free(q->told);
	drop_expr(q);
	free(q->decides); /* explain, formula and substituted are in the scenario's block */
	s_free(s, q->file);
}

void scenario_free(Scenario *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nq; i++)
		free_quantity(s, &s->q[i]);
	free(s->q);
	for (size_t i = 0; i < s->nchecks; i++) {
		free(s->checks[i].name);
		free(s->checks[i].text);
		free(s->checks[i].note);
	}
	free(s->checks);
	for (size_t i = 0; i < s->ntiers; i++)
		free(s->tiers[i].name);
	free(s->tiers);
	for (size_t i = 0; i < s->nhops; i++)
		free(s->hops[i].name);
	free(s->hops);
	program_free(s->prog);
	expr_arena_free(&s->trees);
	free(s->explanations);
	ranges_free(s->ranges);
	free(s->src_text);
	free(s->slots);
	free(s->order);
	free(s->edges);
	for (size_t i = 0; i < s->nremoved; i++)
		free_quantity(s, &s->removed[i].q);
	free(s->removed);
	free(s->warnings);
	free(s->index);
	free(s->names);
	free(s->path);
	free(s->name);
	free(s->title);
	free(s->difficulty);
	free(s->source);
	free(s->summary);
	free(s->notes);
	for (size_t i = 0; i < s->ndrill_skip; i++)
		free(s->drill_skip[i]);
	free(s->drill_skip);
	strs_free(s);
	free(s);
}

static void build_index(Scenario *s)
{
	size_t cap = 16;
	while (cap < s->nq * 2)
		cap *= 2;
	free(s->index);
	s->index = xmalloc(cap * sizeof *s->index);
	for (size_t i = 0; i < cap; i++)
		s->index[i] = -1;
	for (size_t i = 0; i < s->nq; i++) {
		size_t h = str_hash(s->q[i].name) & (cap - 1);
		while (s->index[h] >= 0)
			h = (h + 1) & (cap - 1);
		s->index[h] = (int)i;
	}
	s->index_cap = cap;
	s->index_nq = s->nq;
}

/* Adds quantities index_nq..nq-1 to the index (those added since it was built), when it has room. */
static bool extend_index(Scenario *s)
{
	if (!s->index || s->index_nq > s->nq || s->nq * 2 > s->index_cap)
		return false;
	for (size_t i = s->index_nq; i < s->nq; i++) {
		size_t h = str_hash(s->q[i].name) & (s->index_cap - 1);
		while (s->index[h] >= 0)
			h = (h + 1) & (s->index_cap - 1);
		s->index[h] = (int)i;
	}
	s->index_nq = s->nq;
	return true;
}

int scenario_find(const Scenario *cs, const char *name)
{
	Scenario *s = (Scenario *)cs; /* the index is a cache: finding changes nothing visible */
	/* quantities only ever join at the end between rebuilds (a removal or rename drops the index) */
	if (s->index_nq != s->nq && !extend_index(s))
		build_index(s);
	size_t h = str_hash(name) & (s->index_cap - 1);
	for (int i; (i = s->index[h]) >= 0; h = (h + 1) & (s->index_cap - 1))
		if (strcmp(s->q[i].name, name) == 0)
			return i;
	return -1;
}

/* ---- loading ---- */

typedef struct Loader {
	Scenario *s;
	const char *file;
	BoeError *err;
} Loader;

static bool fail_at(Loader *ld, const YNode *n, const char *fmt, ...) BOE_PRINTF(3, 4);
static bool fail_at(Loader *ld, const YNode *n, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	boe_error_set(ld->err, ld->file, n ? n->line : 0, n ? n->col : 0, "%s", msg);
	return false;
}

static bool want_kind(Loader *ld, const YNode *n, YKind k, const char *what)
{
	if (n->kind == k)
		return true;
	if (k == Y_MAP && n->kind == Y_SCALAR && n->value[0] == '\0')
		return fail_at(ld, n, "%s is empty: expected a mapping of name: value lines", what);
	return fail_at(ld, n, "%s should be a %s, not a %s%s", what, ytree_kind_name(k),
		       ytree_kind_name(n->kind),
		       k == Y_MAP ? " (check indentation: 'key: value' pairs under it)" : "");
}

/* Every key of map must be one of keys; duplicates are errors too. */
static bool check_each_key(Loader *ld, const YNode *map, const char *const *keys, size_t nkeys,
			   const char *where, int *seen, size_t cap);

/*
 * The first earlier key of map equal to kid i, or NULL: an open-addressing
 * table of kid indices (seen, 2 × the keys), so a mapping of n keys is checked
 * in O(n), not O(n²).
 */
static const YNode *earlier_key(const YNode *map, size_t i, int *seen, size_t cap)
{
	const char *v = map->kids[i]->value;
	for (size_t h = str_hash(v) & (cap - 1);; h = (h + 1) & (cap - 1)) {
		if (seen[h] < 0) {
			seen[h] = (int)i;
			return NULL;
		}
		if (strcmp(map->kids[seen[h]]->value, v) == 0)
			return map->kids[seen[h]];
	}
}

static bool check_keys(Loader *ld, const YNode *map, const char *const *keys, size_t nkeys,
		       const char *where)
{
	size_t cap = 8;
	while (cap < map->nkids + 1)
		cap *= 2;
	int local[128]; /* a mapping of up to 63 keys (each has a value) needs no allocation */
	int *seen = cap <= ARRAY_LEN(local) ? local : xmalloc(cap * sizeof *seen);
	for (size_t h = 0; h < cap; h++)
		seen[h] = -1;
	bool ok = check_each_key(ld, map, keys, nkeys, where, seen, cap);
	if (seen != local)
		free(seen);
	return ok;
}

static bool check_each_key(Loader *ld, const YNode *map, const char *const *keys, size_t nkeys,
			   const char *where, int *seen, size_t cap)
{
	for (size_t i = 0; i + 1 < map->nkids; i += 2) {
		const YNode *k = map->kids[i];
		if (k->kind != Y_SCALAR)
			return fail_at(ld, k, "keys must be plain names");
		const YNode *first = earlier_key(map, i, seen, cap);
		if (first)
			return fail_at(ld, k, "duplicate key '%s' (first at line %d)", k->value, first->line);
		if (!keys)
			continue;
		bool known = false;
		for (size_t j = 0; j < nkeys && !known; j++)
			known = keys[j][0] == k->value[0] && strcmp(keys[j], k->value) == 0;
		if (!known) {
			const char *sugg = suggest_name(k->value, keys, nkeys);
			if (sugg)
				return fail_at(ld, k, "unknown key '%s' in %s (did you mean '%s'?)",
					       k->value, where, sugg);
			Buf b = {0};
			for (size_t j = 0; j < nkeys; j++)
				buf_printf(&b, "%s%s", j ? ", " : "", keys[j]);
			fail_at(ld, k, "unknown key '%s' in %s (expected one of: %s)", k->value,
				where, b.s ? b.s : "");
			buf_free(&b);
			return false;
		}
	}
	return true;
}

static bool get_string(Loader *ld, const YNode *map, const char *key, char **out)
{
	const YNode *v = ytree_get(map, key);
	if (!v)
		return true;
	if (v->kind != Y_SCALAR)
		return fail_at(ld, v, "'%s' should be text, not a %s", key, ytree_kind_name(v->kind));
	free(*out);
	*out = xstrdup(v->value);
	return true;
}

/* Columns to add to an expression offset to get the file column. */
static int scalar_shift(const YNode *v)
{
	return v->col - 1 + (v->quoted ? 1 : 0);
}

/* "_<stem><k>_<what>", an internal quantity's name ("_tier2_replicas"). */
static void internal_name(const char *stem, size_t k, const char *what, char *out, size_t n)
{
	char digits[24];
	size_t nd = sizeof digits - 1;
	digits[nd] = '\0';
	do {
		digits[--nd] = (char)('0' + k % 10);
		k /= 10;
	} while (k);
	str_join(out, n, "_", stem, digits + nd, "_", what, NULL);
}

/*
 * A value is a scalar expression or a mapping {value, note[, display][, tolerance]}.
 * Returns the scalar node of the expression.
 */
static const YNode *value_node(Loader *ld, const YNode *v, const char *name,
			       const char *const *keys, size_t nkeys)
{
	if (v->kind == Y_SCALAR) {
		if (v->value[0] == '\0') {
			fail_at(ld, v, "'%s' has no value", name);
			return NULL;
		}
		return v;
	}
	if (v->kind != Y_MAP) {
		fail_at(ld, v, "'%s' should be a value or a mapping with 'value:', not a %s", name,
			ytree_kind_name(v->kind));
		return NULL;
	}
	char where[160];
	str_join(where, sizeof where, "'", name, "'", NULL);
	if (!check_keys(ld, v, keys, nkeys, where))
		return NULL;
	const YNode *val = ytree_get(v, "value");
	if (!val) {
		fail_at(ld, v, "'%s' needs a 'value:'", name);
		return NULL;
	}
	if (val->kind != Y_SCALAR || val->value[0] == '\0') {
		fail_at(ld, val, "the value of '%s' should be an expression", name);
		return NULL;
	}
	for (size_t i = 0; i < nkeys; i++) {
		const YNode *k = ytree_get(v, keys[i]);
		if (k && k->kind != Y_SCALAR) {
			fail_at(ld, k, "'%s' of '%s' should be text", keys[i], name);
			return NULL;
		}
	}
	return val;
}

/* a-z, then a-z, 0-9 and _: ASCII whatever the locale, as the lexer reads names */
static bool valid_ident(const char *s)
{
	if ((unsigned char)(*s - 'a') >= 26)
		return false;
	for (; *s; s++)
		if ((unsigned char)(*s - 'a') >= 26 && (unsigned char)(*s - '0') >= 10 && *s != '_')
			return false;
	return true;
}

static void take_expr(Loader *ld, Quantity *q, const YNode *val, Origin o)
{
	drop_texts(ld->s, q);
	q->text = q->file_text = s_dup(ld->s, val->value);
	q->origin = q->file_origin = o;
	set_location(ld->s, q, ld->file, val->line, scalar_shift(val), val->col);
	q->file_line = val->line;
	q->file_col = val->col;
	q->file_col_shift = scalar_shift(val);
}

static const char *note_of(const YNode *v)
{
	const YNode *n = v->kind == Y_MAP ? ytree_get(v, "note") : NULL;
	return n ? n->value : NULL;
}

const char *const scenario_skill_words[SCENARIO_SKILL_WORDS] = {
	"traffic", "storage", "bandwidth", "concurrency", "caching", "availability", "latency", "cost",
};

/*
 * The drill's words of a value's mapping: ask, told, skill. A skill may be
 * any word, but one a letter or two from a known skill is taken for a typo.
 */
static bool take_drill_words(Loader *ld, Quantity *q, const YNode *v)
{
	if (v->kind != Y_MAP)
		return true;
	static const char *const keys[] = {"ask", "told", "skill"};
	char **dst[] = {&q->ask, &q->told, &q->skill};
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		const YNode *n = ytree_get(v, keys[i]);
		if (!n)
			continue;
		if (!n->value[0])
			return fail_at(ld, n, "'%s' of '%s' is empty", keys[i], q->name);
		free(*dst[i]);
		*dst[i] = xstrdup(n->value);
	}
	const char *sk = q->skill;
	if (!sk)
		return true;
	for (size_t i = 0; i < SCENARIO_SKILL_WORDS; i++)
		if (strcmp(sk, scenario_skill_words[i]) == 0)
			return true;
	const char *sugg = suggest_name(sk, scenario_skill_words, SCENARIO_SKILL_WORDS);
	if (sugg)
		return fail_at(ld, ytree_get(v, "skill"), "unknown skill '%s' for '%s' (did you mean '%s'?)",
			       sk, q->name, sugg);
	return true;
}

static bool load_set(Loader *ld, const YNode *set)
{
	static const char *keys[] = {"value", "note", "ask", "told", "skill"};
	if (!want_kind(ld, set, Y_MAP, "'set'") || !check_keys(ld, set, NULL, 0, "set"))
		return false;
	size_t nstd;
	const StdQuantity *t = std_quantities(&nstd);
	const char **names = xmalloc(nstd * sizeof *names);
	for (size_t i = 0; i < nstd; i++)
		names[i] = t[i].name;
	bool ok = true;
	for (size_t i = 0; ok && i + 1 < set->nkids; i += 2) {
		const YNode *k = set->kids[i], *v = set->kids[i + 1];
		int qi = scenario_find(ld->s, k->value);
		if (qi < 0 || !ld->s->q[qi].std) {
			const char *sugg = suggest_name(k->value, names, nstd);
			if (sugg)
				ok = fail_at(ld, k, "'%s' is not a standard quantity (did you mean '%s'?)",
					     k->value, sugg);
			else
				ok = fail_at(ld, k, "'%s' is not a standard quantity; new quantities go under 'define:'",
					     k->value);
			break;
		}
		const YNode *val = value_node(ld, v, k->value, keys, ARRAY_LEN(keys));
		if (!val) {
			ok = false;
			break;
		}
		Quantity *q = &ld->s->q[qi];
		take_expr(ld, q, val, ORIGIN_SET);
		if (note_of(v))
			q->note = xstrdup(note_of(v));
		if (!take_drill_words(ld, q, v)) {
			ok = false;
			break;
		}
	}
	free(names);
	return ok;
}

static bool parse_display(const char *unit, Display *d, Dim *dim, char *msg, size_t nmsg)
{
	ExprError e;
	if (expr_parse_display(unit, d, dim, &e))
		return true;
	snprintf(msg, nmsg, "%s", e.msg);
	return false;
}

static bool load_define(Loader *ld, const YNode *def)
{
	static const char *keys[] = {"value", "note", "display", "ask", "told", "skill"};
	if (!want_kind(ld, def, Y_MAP, "'define'") || !check_keys(ld, def, NULL, 0, "define"))
		return false;
	for (size_t i = 0; i + 1 < def->nkids; i += 2) {
		const YNode *k = def->kids[i], *v = def->kids[i + 1];
		if (std_find(k->value))
			return fail_at(ld, k, "'%s' is a standard quantity: change it under 'set:', define new names here",
				       k->value);
		if (!valid_ident(k->value))
			return fail_at(ld, k, "'%s' is not a valid name: use lowercase letters, digits and '_', starting with a letter",
				       k->value);
		const Unit *u = unit_lookup(k->value, strlen(k->value));
		if (u && !(u->flags & UNIT_NOUN))
			return fail_at(ld, k, "'%s' is a unit; choose another name", k->value);
		static const char *reserved[] = {
			"composite_availability", "composite_downtime_per_year",
			"composite_downtime_per_month", "latency_total", "latency_margin",
			"per", "to",
		};
		for (size_t r = 0; r < ARRAY_LEN(reserved); r++)
			if (strcmp(k->value, reserved[r]) == 0)
				return fail_at(ld, k, "'%s' is reserved (%s); choose another name", k->value,
					       r >= 5 ? "a word of the units language"
						      : "a result of the availability and latency blocks");
		const YNode *val = value_node(ld, v, k->value, keys, ARRAY_LEN(keys));
		if (!val)
			return false;
		int qi = add_quantity(ld->s, k->value, val->value, SEC_DEFINED, ORIGIN_DEFINE);
		Quantity *q = &ld->s->q[qi];
		take_expr(ld, q, val, ORIGIN_DEFINE);
		if (note_of(v))
			q->note = xstrdup(note_of(v));
		if (!take_drill_words(ld, q, v))
			return false;
		const YNode *disp = v->kind == Y_MAP ? ytree_get(v, "display") : NULL;
		if (disp) {
			char msg[400];
			Dim dd;
			if (!parse_display(disp->value, &q->disp, &dd, msg, sizeof msg))
				return fail_at(ld, disp, "display '%s': %s", disp->value, msg);
			/* the dimension is checked against the value when it is bound */
		}
	}
	return true;
}

static bool same_words(const char *a, const char *b)
{
	while (*a == ' ')
		a++;
	size_t n = strlen(b);
	if (strncmp(a, b, n) != 0)
		return false;
	for (a += n; *a == ' '; a++)
		;
	return *a == '\0';
}

static bool load_expect(Loader *ld, const YNode *exp)
{
	static const char *keys[] = {"value", "tolerance", "note", "inside"};
	if (!want_kind(ld, exp, Y_MAP, "'expect'") || !check_keys(ld, exp, NULL, 0, "expect"))
		return false;
	Scenario *s = ld->s;
	s->checks = xcalloc(exp->nkids / 2 + 1, sizeof *s->checks);
	for (size_t i = 0; i + 1 < exp->nkids; i += 2) {
		const YNode *k = exp->kids[i], *v = exp->kids[i + 1];
		const YNode *val = value_node(ld, v, k->value, keys, ARRAY_LEN(keys));
		if (!val)
			return false;
		Check *c = &s->checks[s->nchecks++];
		c->name = xstrdup(k->value);
		c->q = -1;
		c->text = xstrdup(val->value);
		c->line = val->line;
		c->col = val->col;
		c->tolerance = 0.10;
		if (note_of(v))
			c->note = xstrdup(note_of(v));
		const YNode *tol = v->kind == Y_MAP ? ytree_get(v, "tolerance") : NULL;
		if (tol) {
			ExprError e;
			double x;
			Fault f;
			Node *n = expr_parse(tol->value, &e);
			if (!n || !expr_bind(n, NULL, &e) || !dim_none(n->dim) ||
			    !expr_eval_const(n, NULL, &x, &f) || x < 0) {
				expr_free(n);
				return fail_at(ld, tol, "tolerance should be a percentage such as 10%%");
			}
			expr_free(n);
			c->tolerance = x;
		}
		const YNode *in = v->kind == Y_MAP ? ytree_get(v, "inside") : NULL;
		if (in) {
			if (in->kind != Y_SCALAR || !same_words(in->value, "90%"))
				return fail_at(ld, in, "inside: takes 90%% (the figure must lie inside the 90%% interval)");
			c->inside = true;
		}
	}
	return true;
}

/*
 * An internal quantity (a tier's or a hop's value) declared in unit, written
 * at val, or worth dflt when val is NULL.
 */
static int add_hidden(Loader *ld, const char *name, const char *unit, const YNode *val,
		      const char *dflt)
{
	int qi = add_quantity(ld->s, name, val ? val->value : dflt, SEC_AVAILABILITY, ORIGIN_SET);
	if (val)
		take_expr(ld, &ld->s->q[qi], val, ORIGIN_SET);
	ld->s->q[qi].hidden = true;
	ld->s->q[qi].unit = unit;
	return qi;
}

/* The non-empty list under key in map; NULL (after the error) when missing, not a list or empty. */
static const YNode *want_list(Loader *ld, const YNode *map, const char *key, const char *missing)
{
	const YNode *list = ytree_get(map, key);
	char what[64];
	str_join(what, sizeof what, "'", key, "'", NULL);
	if (!list)
		fail_at(ld, map, "%s", missing);
	else if (!want_kind(ld, list, Y_SEQ, what))
		return NULL;
	else if (list->nkids == 0)
		fail_at(ld, list, "%s is empty", what);
	else
		return list;
	return NULL;
}

static bool load_tiers(Loader *ld, const YNode *av)
{
	static const char *akeys[] = {"tiers"};
	static const char *tkeys[] = {"name", "availability", "replicas"};
	if (!want_kind(ld, av, Y_MAP, "'availability'") ||
	    !check_keys(ld, av, akeys, ARRAY_LEN(akeys), "availability"))
		return false;
	const YNode *tiers = want_list(ld, av, "tiers",
				       "'availability' needs 'tiers:', a list of { name, availability, replicas }");
	if (!tiers)
		return false;
	if (tiers->nkids > SCENARIO_MAX_BLOCK)
		return fail_at(ld, tiers->kids[SCENARIO_MAX_BLOCK], "tier %d: a scenario has at most %d availability tiers",
			       SCENARIO_MAX_BLOCK + 1, SCENARIO_MAX_BLOCK);
	Scenario *s = ld->s;
	s->tiers = xcalloc(tiers->nkids, sizeof *s->tiers);
	Buf composite = {0};
	for (size_t i = 0; i < tiers->nkids; i++) {
		const YNode *t = tiers->kids[i];
		if (!want_kind(ld, t, Y_MAP, "a tier") ||
		    !check_keys(ld, t, tkeys, ARRAY_LEN(tkeys), "a tier")) {
			buf_free(&composite);
			return false;
		}
		const YNode *name = ytree_get(t, "name"), *a = ytree_get(t, "availability"),
			    *r = ytree_get(t, "replicas");
		if (!name || name->kind != Y_SCALAR || !a || a->kind != Y_SCALAR ||
		    (r && r->kind != Y_SCALAR)) {
			buf_free(&composite);
			return fail_at(ld, t, "a tier needs 'name' and 'availability' (and optionally 'replicas')");
		}
		Tier *tier = &s->tiers[s->ntiers++];
		tier->name = xstrdup(name->value);
		char qa[48], qr[48];
		internal_name("tier", i + 1, "availability", qa, sizeof qa);
		tier->q_avail = add_hidden(ld, qa, "fraction", a, NULL);
		s->q[tier->q_avail].disp.percent = true;
		internal_name("tier", i + 1, "replicas", qr, sizeof qr);
		tier->q_replicas = add_hidden(ld, qr, "count", r, "1");
		/* "parallel(_tier1_availability, _tier1_replicas) * ..." */
		if (i)
			buf_add(&composite, " * ");
		buf_add(&composite, "parallel(");
		buf_add(&composite, qa);
		buf_add(&composite, ", ");
		buf_add(&composite, qr);
		buf_addc(&composite, ')');
	}
	s->q_composite = add_quantity(s, "composite_availability", composite.s, SEC_AVAILABILITY,
				      ORIGIN_DEFAULT);
	buf_free(&composite);
	s->q_comp_down_year = add_quantity(s, "composite_downtime_per_year",
					   "(1 - composite_availability) * year", SEC_AVAILABILITY,
					   ORIGIN_DEFAULT);
	s->q_comp_down_month = add_quantity(s, "composite_downtime_per_month",
					    "(1 - composite_availability) * month", SEC_AVAILABILITY,
					    ORIGIN_DEFAULT);
	s->q[s->q_composite].disp.percent = true;
	s->q[s->q_composite].block = s->q[s->q_comp_down_year].block =
		s->q[s->q_comp_down_month].block = true;
	return true;
}

static bool load_latency(Loader *ld, const YNode *lb)
{
	static const char *lkeys[] = {"target", "hops"};
	static const char *hkeys[] = {"name", "time"};
	if (!want_kind(ld, lb, Y_MAP, "'latency_budget'") ||
	    !check_keys(ld, lb, lkeys, ARRAY_LEN(lkeys), "latency_budget"))
		return false;
	const YNode *target = ytree_get(lb, "target");
	if (!target || target->kind != Y_SCALAR)
		return fail_at(ld, lb, "'latency_budget' needs 'target:', e.g. target: 200 ms");
	const YNode *hops = want_list(ld, lb, "hops", "'latency_budget' needs 'hops:', a list of { name, time }");
	if (!hops)
		return false;
	if (hops->nkids > SCENARIO_MAX_BLOCK)
		return fail_at(ld, hops->kids[SCENARIO_MAX_BLOCK], "hop %d: a latency budget has at most %d hops",
			       SCENARIO_MAX_BLOCK + 1, SCENARIO_MAX_BLOCK);
	Scenario *s = ld->s;
	s->q_target = add_hidden(ld, "_latency_target", "time", target, NULL);
	s->hops = xcalloc(hops->nkids, sizeof *s->hops);
	Buf total = {0};
	for (size_t i = 0; i < hops->nkids; i++) {
		const YNode *h = hops->kids[i];
		if (!want_kind(ld, h, Y_MAP, "a hop") ||
		    !check_keys(ld, h, hkeys, ARRAY_LEN(hkeys), "a hop")) {
			buf_free(&total);
			return false;
		}
		const YNode *name = ytree_get(h, "name"), *t = ytree_get(h, "time");
		if (!name || name->kind != Y_SCALAR || !t || t->kind != Y_SCALAR) {
			buf_free(&total);
			return fail_at(ld, h, "a hop needs 'name' and 'time'");
		}
		Hop *hop = &s->hops[s->nhops++];
		hop->name = xstrdup(name->value);
		char qn[48];
		internal_name("hop", i + 1, "time", qn, sizeof qn);
		hop->q_time = add_hidden(ld, qn, "time", t, NULL);
		if (i)
			buf_add(&total, " + ");
		buf_add(&total, qn);
	}
	s->q_total = add_quantity(s, "latency_total", total.s, SEC_AVAILABILITY, ORIGIN_DEFAULT);
	buf_free(&total);
	s->q_margin = add_quantity(s, "latency_margin", "_latency_target - latency_total",
				   SEC_AVAILABILITY, ORIGIN_DEFAULT);
	s->q[s->q_total].block = s->q[s->q_margin].block = true;
	return true;
}

/* `drill: { skip: [names] }`, read after every quantity exists. */
static bool load_drill(Loader *ld, const YNode *dr)
{
	static const char *keys[] = {"skip"};
	if (!want_kind(ld, dr, Y_MAP, "'drill'") || !check_keys(ld, dr, keys, ARRAY_LEN(keys), "drill"))
		return false;
	const YNode *skip = ytree_get(dr, "skip");
	if (!skip)
		return true;
	if (!want_kind(ld, skip, Y_SEQ, "'skip'"))
		return false;
	Scenario *s = ld->s;
	s->drill_skip = xcalloc(skip->nkids + 1, sizeof *s->drill_skip);
	for (size_t i = 0; i < skip->nkids; i++) {
		const YNode *k = skip->kids[i];
		if (k->kind != Y_SCALAR)
			return fail_at(ld, k, "'skip' lists quantity names, not a %s", ytree_kind_name(k->kind));
		int qi = scenario_find(s, k->value);
		if (qi < 0 || s->q[qi].hidden) {
			const char **names = xmalloc(s->nq * sizeof *names);
			for (size_t j = 0; j < s->nq; j++)
				names[j] = s->q[j].hidden ? NULL : s->q[j].name;
			const char *sugg = suggest_name(k->value, names, s->nq);
			bool r = sugg ? fail_at(ld, k, "cannot skip '%s': no such quantity (did you mean '%s'?)",
						 k->value, sugg)
				      : fail_at(ld, k, "cannot skip '%s': no such quantity", k->value);
			free(names);
			return r;
		}
		s->drill_skip[s->ndrill_skip++] = xstrdup(k->value);
	}
	return true;
}

/* `traffic: { shape: diurnal|spike|flat }`: how the day's curve is drawn. */
static bool load_traffic(Loader *ld, const YNode *tr)
{
	static const char *keys[] = {"shape"};
	static const char *shapes[] = {"diurnal", "spike", "flat"};
	if (!want_kind(ld, tr, Y_MAP, "'traffic'") || !check_keys(ld, tr, keys, ARRAY_LEN(keys), "traffic"))
		return false;
	const YNode *sh = ytree_get(tr, "shape");
	if (!sh)
		return fail_at(ld, tr, "'traffic' needs 'shape:', one of diurnal, spike, flat");
	if (sh->kind != Y_SCALAR)
		return fail_at(ld, sh, "'shape' is one word (diurnal, spike or flat), not a %s",
			       ytree_kind_name(sh->kind));
	for (size_t i = 0; i < ARRAY_LEN(shapes); i++)
		if (strcmp(sh->value, shapes[i]) == 0) {
			ld->s->shape = (TrafficShape)i;
			ld->s->shape_set = true;
			return true;
		}
	const char *sugg = suggest_name(sh->value, shapes, ARRAY_LEN(shapes));
	if (sugg)
		return fail_at(ld, sh, "unknown traffic shape '%s' (did you mean '%s'?)", sh->value, sugg);
	return fail_at(ld, sh, "unknown traffic shape '%s' (expected one of: diurnal, spike, flat)", sh->value);
}

bool scenario_drill_skips(const Scenario *s, const char *name)
{
	for (size_t i = 0; i < s->ndrill_skip; i++)
		if (strcmp(s->drill_skip[i], name) == 0)
			return true;
	return false;
}

/* A scenario's top-level keys, and those of them that hold text. */
static const char *const root_keys[] = {
	"boe", "name", "title", "difficulty", "source", "summary", "notes",
	"set", "define", "expect", "availability", "latency_budget", "drill", "traffic",
};
static const char *const text_keys[] = {"name", "title", "difficulty", "source", "summary", "notes"};

/*
 * What makes a file a scenario, checked on the whole file by the loader and
 * on its header alone by the listing (so that what is listed, and offered to
 * a shell's completion, is what loads): a mapping of known keys with
 * 'boe: 1'; text where text goes; a name that is a slug, [a-z0-9-]+
 * (spec §2); a difficulty of easy, medium or hard.
 */
static bool check_header(Loader *ld, const YNode *root)
{
	if (root->kind != Y_MAP)
		return fail_at(ld, root, "a scenario file is a mapping that starts with 'boe: 1', not a %s",
			       ytree_kind_name(root->kind));
	if (!check_keys(ld, root, root_keys, ARRAY_LEN(root_keys), "a scenario"))
		return false;
	const YNode *v = ytree_get(root, "boe");
	if (!v)
		return fail_at(ld, root, "missing 'boe: 1' (the schema version) at the top of the file");
	if (v->kind != Y_SCALAR || strcmp(v->value, "1") != 0)
		return fail_at(ld, v, "unsupported schema version '%s': this boe reads 'boe: 1'",
			       v->kind == Y_SCALAR ? v->value : ytree_kind_name(v->kind));
	for (size_t i = 0; i < ARRAY_LEN(text_keys); i++)
		if ((v = ytree_get(root, text_keys[i])) && v->kind != Y_SCALAR)
			return fail_at(ld, v, "'%s' should be text, not a %s", text_keys[i], ytree_kind_name(v->kind));
	if ((v = ytree_get(root, "name"))) {
		bool ok = v->value[0] != '\0';
		for (const char *p = v->value; *p; p++)
			ok &= islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-';
		if (!ok)
			return fail_at(ld, v, "name '%s' should use lowercase letters, digits and '-' only", v->value);
	}
	if ((v = ytree_get(root, "difficulty")) && !scenario_difficulty_known(v->value))
		return fail_at(ld, v, "difficulty '%s' should be easy, medium or hard", v->value);
	return true;
}

static bool load_tree(Loader *ld, const YNode *root)
{
	Scenario *s = ld->s;
	if (!check_header(ld, root))
		return false;
	char **texts[] = {&s->name, &s->title, &s->difficulty, &s->source, &s->summary, &s->notes};
	for (size_t i = 0; i < ARRAY_LEN(text_keys); i++)
		if (!get_string(ld, root, text_keys[i], texts[i]))
			return false;
	const YNode *v;
	if ((v = ytree_get(root, "set")) && !load_set(ld, v))
		return false;
	if ((v = ytree_get(root, "define")) && !load_define(ld, v))
		return false;
	if ((v = ytree_get(root, "availability")) && !load_tiers(ld, v))
		return false;
	if ((v = ytree_get(root, "latency_budget")) && !load_latency(ld, v))
		return false;
	if ((v = ytree_get(root, "expect")) && !load_expect(ld, v))
		return false;
	if ((v = ytree_get(root, "drill")) && !load_drill(ld, v))
		return false;
	if ((v = ytree_get(root, "traffic")) && !load_traffic(ld, v))
		return false;
	/* expectations name known quantities */
	for (size_t i = 0; i < s->nchecks; i++) {
		Check *c = &s->checks[i];
		int qi = scenario_find(s, c->name);
		if (qi < 0 || s->q[qi].hidden) {
			const char **names = xmalloc(s->nq * sizeof *names);
			for (size_t j = 0; j < s->nq; j++)
				names[j] = s->q[j].hidden ? NULL : s->q[j].name;
			const char *sugg = suggest_name(c->name, names, s->nq);
			boe_error_set(ld->err, ld->file, c->line, c->col, "cannot expect '%s': no such quantity%s%s%s",
				      c->name, sugg ? " (did you mean '" : "", sugg ? sugg : "",
				      sugg ? "'?)" : "");
			/* point at the key, one line up is wrong for flow maps; the value's line is right */
			free(names);
			return false;
		}
		c->q = qi;
	}
	return true;
}

/*
 * The name of a scenario without a `name:`: its file's stem as a slug, the
 * form a `name:` must have ("My Shop.yaml" is my-shop), so a save reads back.
 */
static char *name_from_file(const char *base)
{
	size_t len = strcspn(base, ".");
	if (len == 0)
		len = strlen(base);
	Buf b = {0};
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)base[i];
		if (isalnum(c) && c < 0x80)
			buf_addc(&b, (char)tolower(c));
		else if (b.len && b.s[b.len - 1] != '-')
			buf_addc(&b, '-');
	}
	while (b.len && b.s[b.len - 1] == '-')
		b.s[--b.len] = '\0';
	if (!b.len)
		buf_add(&b, "scenario");
	return buf_take(&b);
}

static Scenario *load_text(const char *text, size_t n, const char *file, BoeError *err);

Scenario *scenario_load_string(const char *text, size_t n, const char *file, BoeError *err)
{
	if (n > BOE_MAX_FILE) {
		boe_error_set(err, file, 0, 0, "file is larger than 1 MiB; scenario files are small");
		return NULL;
	}
	/* a copy that ends in NUL: the caller's buffer need not, and the parser reads to it */
	char *copy = xmalloc(n + 1);
	memcpy(copy, text, n);
	copy[n] = '\0';
	Scenario *s = load_text(copy, n, file, err);
	if (!s) {
		if (err && strcmp(err->file, file) == 0)
			boe_error_excerpt(err, copy, n);
		free(copy);
		return NULL;
	}
	/* kept, so that a later error can show its line without reading the file again */
	s->src_text = copy;
	s->src_len = n;
	return s;
}

/* A scenario file is text: UTF-8, no NUL, not blank (the loader's first checks, and the listing's). */
static bool text_ok(const char *text, size_t n, const char *file, BoeError *err)
{
	if (!text_utf8_ok(text, n, file, err))
		return false;
	if (memchr(text, '\0', n)) {
		boe_error_set(err, file, 0, 0, "the file contains NUL bytes: not a text file");
		return false;
	}
	bool blank = true;
	for (size_t i = 0; i < n && blank; i++)
		blank = isspace((unsigned char)text[i]);
	if (blank) {
		boe_error_set(err, file, 1, 1, "file is empty: a scenario starts with 'boe: 1'");
		return false;
	}
	return true;
}

static Scenario *load_text(const char *text, size_t n, const char *file, BoeError *err)
{
	if (!text_ok(text, n, file, err))
		return NULL;
	YNode *root = ytree_parse(text, n, file, err);
	if (!root)
		return NULL;
	Scenario *s = scenario_alloc();
	s->path = xstrdup(file);
	Loader ld = {s, file, err};
	s->loading = true;
	bool ok = load_tree(&ld, root);
	s->loading = false;
	ytree_free(root);
	if (!ok) {
		scenario_free(s);
		return NULL;
	}
	if (!s->name) {
		/* a file without a name is named after itself */
		const char *base = strrchr(file, '/');
		base = base ? base + 1 : file;
		if (strcmp(base, "<stdin>") == 0)
			base = "stdin";
		s->name = name_from_file(base);
	}
	if (!s->title)
		s->title = xstrdup(s->name);
	return s;
}

bool scenario_read_header(const char *path, ScenarioHeader *h, BoeError *err)
{
	*h = (ScenarioHeader){0};
	size_t n;
	char *text = file_read(path, BOE_MAX_FILE, "scenario files are small", &n, err);
	if (!text)
		return false;
	/* read until these: what is listed must pass the loader's checks of the header */
	static const char *const keys[] = {"boe", "name", "title", "difficulty", "source", "summary"};
	YNode *root = text_ok(text, n, path, err) ? ytree_header(text, n, path, keys, ARRAY_LEN(keys), err) : NULL;
	Loader ld = {NULL, path, err};
	if (!root || !check_header(&ld, root)) {
		boe_error_excerpt(err, text, n);
		ytree_free(root);
		free(text);
		return false;
	}
	free(text);
	const YNode *name = ytree_get(root, "name"), *title = ytree_get(root, "title"),
		    *difficulty = ytree_get(root, "difficulty"), *source = ytree_get(root, "source"),
		    *summary = ytree_get(root, "summary");
	const char *base = strrchr(path, '/');
	h->name = name ? xstrdup(name->value) : name_from_file(base ? base + 1 : path);
	h->title = xstrdup(title ? title->value : h->name);
	h->difficulty = xstrdup(difficulty ? difficulty->value : "");
	h->source = xstrdup(source ? source->value : "");
	h->summary = xstrdup(summary ? summary->value : "");
	ytree_free(root);
	return true;
}

void scenario_header_free(ScenarioHeader *h)
{
	free(h->name);
	free(h->title);
	free(h->difficulty);
	free(h->source);
	free(h->summary);
	*h = (ScenarioHeader){0};
}

Scenario *scenario_load_file(const char *path, BoeError *err)
{
	size_t n;
	char *text = file_read(path, BOE_MAX_FILE, "scenario files are small", &n, err);
	if (!text)
		return NULL;
	Scenario *s = scenario_load_string(text, n, strcmp(path, "-") == 0 ? "<stdin>" : path, err);
	free(text);
	return s;
}

/* ---- computing ---- */

static int env_lookup(void *ctx, const char *name, Dim *dim)
{
	Scenario *s = ctx;
	int i = scenario_find(s, name);
	if (i < 0)
		return -1;
	*dim = s->q[i].dim;
	return i;
}

static const char *const *env_names(void *ctx, size_t *n)
{
	Scenario *s = ctx;
	if (s->names_cap < s->nq) {
		s->names_cap = s->nq;
		s->names = xrealloc(s->names, s->names_cap * sizeof *s->names);
	}
	for (size_t i = 0; i < s->nq; i++)
		s->names[i] = s->q[i].hidden ? NULL : s->q[i].name;
	*n = s->nq;
	return s->names;
}

/* How a quantity is named to a person: internal ones by their tier or hop. */
static void q_label(const Scenario *s, int qi, char *out, size_t n)
{
	for (size_t i = 0; i < s->ntiers; i++) {
		if (qi == s->tiers[i].q_avail || qi == s->tiers[i].q_replicas) {
			snprintf(out, n, "tier '%s': %s", s->tiers[i].name,
				 qi == s->tiers[i].q_avail ? "availability" : "replicas");
			return;
		}
	}
	for (size_t i = 0; i < s->nhops; i++)
		if (qi == s->hops[i].q_time) {
			snprintf(out, n, "hop '%s': time", s->hops[i].name);
			return;
		}
	if (qi == s->q_target) {
		snprintf(out, n, "latency_budget: target");
		return;
	}
	snprintf(out, n, "%s", s->q[qi].name);
}

static bool q_error(Scenario *s, int qi, int pos, BoeError *err, const char *fmt, ...)
	BOE_PRINTF(5, 6);
static bool q_error(Scenario *s, int qi, int pos, BoeError *err, const char *fmt, ...)
{
	Quantity *q = &s->q[qi];
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!msg[0]) /* every error says what is wrong, even one nobody foresaw */
		snprintf(msg, sizeof msg, "%s cannot be computed from '%s'", q->name, q->text);
	if (q->file)
		boe_error_set(err, q->file, q->line, q->col_shift + pos + 1, "%s", msg);
	else
		boe_error_set(err, s->path ? s->path : "", 0, 0, "%s (in the default of %s: %s)", msg,
			      q->name, q->text);
	return false;
}

/* Keeps the parser's warnings about text written at file:line, col + offset. */
static void keep_warnings(Scenario *s, const ExprError *e, const char *file, int line, int col)
{
	for (int i = 0; i < e->nwarn; i++) {
		s->warnings = xrealloc(s->warnings, (s->nwarnings + 1) * sizeof *s->warnings);
		boe_error_set(&s->warnings[s->nwarnings++], file ? file : "", line, col + e->warn[i].pos,
			      "%s", e->warn[i].msg);
	}
}

/* Dimension a quantity must have: its declared unit (none for defines). */
static bool declared_dim(const Scenario *s, int qi, Dim *d)
{
	const Quantity *q = &s->q[qi];
	return q->unit && dim_parse(q->unit, d);
}

static bool is_fraction(const Quantity *q)
{
	return q->unit && strcmp(q->unit, "fraction") == 0;
}

/* Binds q's expression; its dependencies must be bound first, so this recurses along them. */
/* What bind_quantity still has to look at in one quantity on its stack. */
typedef struct BindFrame {
	const struct Node **vars;
	size_t nvars, cap, next;
	bool shared;		/* vars are a shared tree's own (DefaultRow.names): not freed */
} BindFrame;

typedef struct BindState {
	Scenario *s;
	signed char *state;	/* 0 unvisited, 1 in progress, 2 done */
	int *stack;
	BindFrame *frames;	/* one per stack entry */
	int depth;
	int *order;
	int norder;
	BoeError *err;
} BindState;

static bool bind_quantity(BindState *b, int qi);

/*
 * The default formulas of the standard table, parsed, bound and marked once
 * for the whole process and then only read, by every scenario and on any
 * thread. Binding them against the table gives what binding them in a
 * scenario would: standard quantities sit at the same slots in every
 * scenario (the table comes first) and have their declared dimensions, and
 * default formulas name nothing else. A row that fails keeps its error.
 */
typedef struct DefaultRow {
	Node *tree;		/* NULL when the row does not parse or bind */
	ExprError *error;	/* then why */
	const Node **names;	/* the names the tree reads, in the order binding reads them */
	size_t nnames;
	bool read;		/* some default formula reads this row (so it can become unused) */
	char *text;		/* the tree rendered (expr_render), as every explanation shows it */
	size_t text_len;
} DefaultRow;

static DefaultRow default_rows[128]; /* the table has 59 rows */
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

static void collect_vars(const Node *n, const Node ***v, size_t *len, size_t *cap);

static int table_lookup(void *ctx, const char *name, Dim *dim)
{
	(void)ctx;
	const StdQuantity *sq = std_find(name);
	if (!sq || !dim_parse(sq->unit, dim))
		return -1;
	size_t n;
	return (int)(sq - std_quantities(&n));
}

static void prepare_default_rows(void)
{
	size_t n;
	const StdQuantity *t = std_quantities(&n);
	if (n > ARRAY_LEN(default_rows))
		abort();
	ExprEnv env = {table_lookup, NULL, NULL};
	for (size_t i = 0; i < n; i++) {
		DefaultRow *row = &default_rows[i];
		ExprError e;
		expr_error_clear(&e);
		row->tree = expr_parse(t[i].def, &e);
		if (row->tree && !expr_bind(row->tree, &env, &e)) {
			expr_free(row->tree);
			row->tree = NULL;
		}
		if (row->tree) {
			size_t cap = 0;
			expr_mark_consts(row->tree);
			collect_vars(row->tree, &row->names, &row->nnames, &cap);
			Buf text = {0};
			expr_render(row->tree, &text);
			row->text_len = text.len;
			row->text = text.s ? buf_take(&text) : xstrdup("");
		} else {
			row->error = xmalloc(sizeof e);
			*row->error = e;
		}
	}
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < default_rows[i].nnames; k++)
			default_rows[default_rows[i].names[k]->slot].read = true;
}

void scenario_prepare_tables(void)
{
	size_t n;
	unit_table(&n);
	pthread_once(&default_once, prepare_default_rows);
}

/* Row sq of the standard table (std_row) with its default formula prepared. */
static const DefaultRow *default_row(const StdQuantity *sq)
{
	pthread_once(&default_once, prepare_default_rows);
	size_t n;
	return &default_rows[sq - std_quantities(&n)];
}

/* sq's shared default tree; NULL with e filled when its row does not parse or bind. */
static Node *default_tree(const StdQuantity *sq, ExprError *e)
{
	const DefaultRow *row = default_row(sq);
	if (!row->tree)
		*e = *row->error;
	return row->tree;
}

/* Whether sq is a row of the standard table (tests bind rows of their own). */
static bool std_row(const StdQuantity *sq)
{
	size_t n;
	const StdQuantity *t = std_quantities(&n);
	uintptr_t off = (uintptr_t)sq - (uintptr_t)t;
	return off < n * sizeof *t && off % sizeof *t == 0;
}

static void drop_expr(Quantity *q)
{
	if (!q->shared_expr)
		expr_free(q->expr);
	q->expr = NULL;
	q->shared_expr = false;
}

static int var_names_lookup(void *ctx, const char *name, Dim *dim)
{
	BindState *b = ctx;
	int i = scenario_find(b->s, name);
	if (i < 0)
		return -1;
	/* bind_quantity bound every dependency first; a name not bound is never read as a unit */
	if (b->state[i] != 2)
		return -2;
	*dim = b->s->q[i].dim;
	return i;
}

static const char *const *bind_names(void *ctx, size_t *n)
{
	return env_names(((BindState *)ctx)->s, n);
}

/*
 * A shared default tree is bound already (prepare_default_rows) and is only
 * read: what binding it would find out is whether every quantity it reads
 * was bound, and the dimensions are the declared ones when they were.
 */
static bool shared_bound(BindState *b, const Quantity *q, ExprError *e)
{
	const DefaultRow *row = default_row(q->std);
	for (size_t i = 0; i < row->nnames; i++) {
		const Node *var = row->names[i];
		if (b->state[var->slot] != 2) {
			e->pos = var->pos;
			snprintf(e->msg, sizeof e->msg, "'%s' cannot be computed: its own formula failed", var->text);
			return false;
		}
	}
	return true;
}

/*
 * Binds quantity qi, whose dependencies are bound already (bind_quantity
 * sees to that): resolves its names, infers and checks its dimension.
 */
static bool bind_one(BindState *b, int qi)
{
	Scenario *s = b->s;
	Quantity *q = &s->q[qi];
	/* every name it reads is bound: the lookup only reads their dimensions */
	ExprEnv env = {var_names_lookup, bind_names, b};
	ExprError e;
	expr_error_clear(&e);
	/* a dependency's failure shows as a message here; with none, the error is as it was */
	char before = b->err->msg[0];
	b->err->msg[0] = '\0';
	if (q->shared_expr ? !shared_bound(b, q, &e) : !expr_bind(q->expr, &env, &e)) {
		if (b->err->msg[0]) /* a dependency failed: its error stands */
			return false;
		b->err->msg[0] = before;
		return q_error(s, qi, e.pos, b->err, "%s", e.msg);
	}
	if (b->err->msg[0])
		return false;
	b->err->msg[0] = before;
	q->dim = q->expr->dim;
	Dim want;
	if (declared_dim(s, qi, &want) && !dim_eq(want, q->dim)) {
		char dw[48], dh[48];
		dim_name(want, dw, sizeof dw);
		dim_name(q->dim, dh, sizeof dh);
		if (q->hidden) {
			char label[160];
			q_label(s, qi, label, sizeof label);
			const char *like = dim_none(want) ? (is_fraction(q) ? "a percentage such as 99.9%"
							     : "a plain count such as 2")
					   : "a time such as 20 ms";
			return q_error(s, qi, 0, b->err, "%s should be %s, but '%s' is %s%s", label, like,
				       q->text, strcmp(dh, "time") == 0 || strcmp(dh, "count") == 0 ? "a " : "", dh);
		}
		const char *kind = q->std ? q->std->unit : dw;
		return q_error(s, qi, 0, b->err, "%s is %s %s, but '%s' is %s", q->name,
			       strcmp(kind, "count") == 0 || strcmp(kind, "factor") == 0 ||
			       strcmp(kind, "fraction") == 0 ? "a" : "in", kind, q->text, dh);
	}
	if (q->disp.fixed_name[0] && q->disp.fixed_scale > 0 && strcmp(q->disp.fixed_name, "%") != 0) {
		/* a define's display unit must fit its value */
		Display d;
		Dim dd;
		char msg[400];
		if (parse_display(q->disp.fixed_name, &d, &dd, msg, sizeof msg) && !dim_eq(dd, q->dim)) {
			char dv[48], du[48];
			dim_name(q->dim, dv, sizeof dv);
			dim_name(dd, du, sizeof du);
			return q_error(s, qi, 0, b->err, "cannot display %s (%s) in %s (%s)", q->name, dv,
				       q->disp.fixed_name, du);
		}
	}
	if (!q->disp.fixed_name[0] && !q->std && !q->hidden && !q->block)
		q->disp = expr_display(q->expr);
	if (q->std && q->std->display == NULL && q->origin != ORIGIN_DEFAULT) {
		/* a set value written in bits shows in bits */
		Display d = expr_display(q->expr);
		q->disp.bits = d.bits;
		q->disp.iec = d.iec;
	}
	return true;
}

/* The variable nodes of an unbound tree, in the order they are written. */
static void collect_vars(const Node *n, const Node ***v, size_t *len, size_t *cap)
{
	if (!n)
		return;
	if (n->kind == N_VAR) {
		if (*len == *cap) {
			*cap = *cap ? *cap * 2 : 8;
			*v = xrealloc(*v, *cap * sizeof **v);
		}
		(*v)[(*len)++] = n;
		return;
	}
	for (int i = 0; i < 3; i++)
		collect_vars(n->kid[i], v, len, cap);
	for (int i = 0; i < n->nargs; i++)
		collect_vars(n->args[i], v, len, cap);
}

/* A cycle found on reaching qi again: the part of the stack from qi, and where it was written. */
static bool cycle_error(BindState *b, int qi)
{
	Scenario *s = b->s;
	Buf msg = {0};
	int start = b->depth - 1;
	while (start > 0 && b->stack[start] != qi)
		start--;
	buf_add(&msg, "cycle: ");
	for (int i = start; i < b->depth; i++)
		buf_printf(&msg, "%s -> ", s->q[b->stack[i]].name);
	buf_add(&msg, s->q[qi].name);
	/* report where the cycle was written: the first member that has a location */
	int at = qi;
	for (int i = start; i < b->depth; i++)
		if (s->q[b->stack[i]].file) {
			at = b->stack[i];
			break;
		}
	q_error(s, at, 0, b->err, "%s", msg.s);
	buf_free(&msg);
	return false;
}

/*
 * Binds root after everything it depends on, depth first with an explicit
 * stack: a chain of thousands of defines written in reverse order takes no
 * more machine stack than one.
 */
static bool bind_quantity(BindState *b, int root)
{
	Scenario *s = b->s;
	if (b->state[root] == 2)
		return true;
	BindFrame *fr = b->frames;
	bool ok = true;
	b->stack[b->depth++] = root;
	while (ok && b->depth > 0) {
		int qi = b->stack[b->depth - 1];
		Quantity *q = &s->q[qi];
		BindFrame *f = &fr[b->depth - 1];
		if (b->state[qi] == 0) {
			b->state[qi] = 1;
			*f = (BindFrame){0};
			if (!q->expr) {
				ExprError e;
				expr_error_clear(&e);
				q->shared_expr = q->std && q->origin == ORIGIN_DEFAULT && std_row(q->std);
				q->expr = q->shared_expr ? default_tree(q->std, &e) : expr_parse_in(&s->trees, q->text, &e);
				if (!q->expr) {
					ok = q_error(s, qi, e.pos, b->err, "%s", e.msg);
					break;
				}
				if (!q->shared_expr && q->file)
					keep_warnings(s, &e, q->file, q->line, q->col_shift + 1);
				if (q->expr->kind == N_RANGE && is_fraction(q) && !q->shared_expr)
					q->expr->flags |= NF_FRACTION; /* logit-normal: it stays inside 0-100% */
			}
			if (q->shared_expr) { /* its names, and their slots, are known already */
				const DefaultRow *row = default_row(q->std);
				f->vars = row->names;
				f->nvars = row->nnames;
				f->shared = true;
			} else {
				collect_vars(q->expr, &f->vars, &f->nvars, &f->cap);
			}
		}
		int dep = -1;
		while (f->next < f->nvars && dep < 0) {
			const Node *var = f->vars[f->next++];
			int d = f->shared ? var->slot : scenario_find(s, var->text);
			if (d >= 0 && b->state[d] != 2)
				dep = d;
		}
		if (dep >= 0) {
			if (b->state[dep] == 1) {
				ok = cycle_error(b, dep);
				break;
			}
			b->stack[b->depth++] = dep;
			continue;
		}
		if (!f->shared)
			free(f->vars);
		*f = (BindFrame){0};
		if (!bind_one(b, qi)) {
			ok = false;
			break;
		}
		b->state[qi] = 2;
		b->order[b->norder++] = qi;
		b->depth--;
	}
	while (b->depth > 0) { /* after an error: what the stack still holds */
		if (!fr[b->depth - 1].shared)
			free(fr[b->depth - 1].vars);
		fr[--b->depth] = (BindFrame){0};
	}
	return ok;
}

/*
 * The dependency edges, found quantity by quantity: (quantity, what it
 * reads) pairs, each once. Then they are laid out in the scenario's edges,
 * every quantity's deps in the order found and its users in quantity order.
 */
typedef struct EdgeCtx {
	Scenario *s;
	int qi;
	int *mark;	/* mark[slot] == qi: already a dependency of qi */
	int *pairs;	/* 2 per edge */
	size_t n, cap;	/* edges */
} EdgeCtx;

static void add_edge(void *ctx, int slot, const Node *var)
{
	(void)var;
	EdgeCtx *c = ctx;
	if (c->mark[slot] == c->qi)
		return;
	c->mark[slot] = c->qi;
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 256;
		c->pairs = xrealloc(c->pairs, 2 * c->cap * sizeof *c->pairs);
	}
	c->pairs[2 * c->n] = c->qi;
	c->pairs[2 * c->n + 1] = slot;
	c->n++;
	c->s->q[c->qi].ndeps++;
	c->s->q[slot].nusers++;
}

static void lay_out_edges(EdgeCtx *c)
{
	Scenario *s = c->s;
	s->edges = xmalloc((2 * c->n + 1) * sizeof *s->edges);
	int *at = s->edges;
	for (size_t i = 0; i < s->nq; i++) {
		s->q[i].deps = at;
		at += s->q[i].ndeps;
	}
	for (size_t i = 0; i < s->nq; i++) {
		s->q[i].users = at;
		at += s->q[i].nusers;
		s->q[i].ndeps = s->q[i].nusers = 0; /* counted again as they are placed */
	}
	for (size_t e = 0; e < c->n; e++) {
		Quantity *q = &s->q[c->pairs[2 * e]], *d = &s->q[c->pairs[2 * e + 1]];
		q->deps[q->ndeps++] = c->pairs[2 * e + 1];
		d->users[d->nusers++] = c->pairs[2 * e];
	}
	free(c->pairs);
}

/* Whether a standard quantity is read by some default formula (so it can become unused). */
static bool default_reads(const char *name)
{
	size_t n;
	const StdQuantity *t = std_quantities(&n);
	size_t len = strlen(name);
	for (size_t i = 0; i < n; i++) {
		const char *p = t[i].def;
		while ((p = strstr(p, name)) != NULL) {
			bool left = p == t[i].def || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
			bool right = !(isalnum((unsigned char)p[len]) || p[len] == '_');
			if (left && right)
				return true;
			p += len;
		}
	}
	return false;
}

static bool std_used_by_default(const StdQuantity *sq)
{
	return std_row(sq) ? default_row(sq)->read : default_reads(sq->name); /* or a test's own row */
}

/*
 * Values put into a formula are shown in the result's system of prefixes
 * (SI or IEC), so one line never mixes GiB with GB.
 */
typedef struct FmtCtx {
	const Scenario *s;
	const DisplayPrefs *prefs;
	bool iec;	/* the result's: every data value of the line follows it */
} FmtCtx;

static void fmt_in_system(const FmtCtx *fc, int slot, char *v, size_t n)
{
	const Quantity *q = &fc->s->q[slot];
	Display d = q->disp;
	d.iec = fc->iec;
	units_format(q->value, q->dim, &d, fc->prefs, v, n);
}

static void fmt_var_prefs(void *ctx, int slot, Buf *out)
{
	char v[96];
	fmt_in_system(ctx, slot, v, sizeof v);
	buf_add(out, v);
}

void scenario_substitute(const Scenario *s, int q, const DisplayPrefs *prefs, Buf *out)
{
	if (!prefs || (!prefs->iec && !prefs->bits_rates)) {
		buf_add(out, s->q[q].substituted ? s->q[q].substituted : s->q[q].text);
		return;
	}
	/* the prefixes asked for apply to the whole line */
	FmtCtx fc = {s, prefs, s->q[q].disp.iec};
	expr_render_values(s->q[q].expr, out, fmt_var_prefs, &fc);
}

static void fmt_var(void *ctx, int slot, Buf *out)
{
	const FmtCtx *fc = ctx;
	const Quantity *q = &fc->s->q[slot];
	if (q->disp.iec == fc->iec) {
		buf_add(out, q->shown);
		return;
	}
	char v[96];
	fmt_in_system(fc, slot, v, sizeof v);
	buf_add(out, v);
}

void scenario_format_value(const Scenario *s, int qi, const DisplayPrefs *prefs, char *out, size_t n)
{
	const Quantity *q = &s->q[qi];
	units_format(q->value, q->dim, &q->disp, prefs, out, n);
}

static bool same_text(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a != *b)
			return false;
		if (!*a)
			return true;
		a++, b++;
	}
}

/* The max() or min() call a bounded default starts with: "max(a, b) + spares". */
static const Node *bound_call(const Node *n)
{
	while (n && n->kind == N_ADD)
		n = n->kid[0];
	return n && n->kind == N_CALL && (n->fn == FN_MAX || n->fn == FN_MIN) ? n : NULL;
}

/*
 * For a default whose table row names its bounds, which argument of the max()
 * decides and what the others came to: "decided by throughput: ceil(58K/s /
 * 2K/s) = 29; in flight: ceil(1.66K / 200) = 9". Empty when not applicable.
 */
static void explain_bounds(const Scenario *s, const Quantity *q, Buf *out)
{
	const Node *call = q->origin == ORIGIN_DEFAULT && q->std && q->std->bounds
			   ? bound_call(q->expr) : NULL;
	if (!call || call->nargs > 8)
		return;
	double v[8];
	int best = 0;
	for (int i = 0; i < call->nargs; i++) {
		Fault f;
		if (!expr_eval_const(call->args[i], s->slots, &v[i], &f))
			return;
		if (call->fn == FN_MAX ? v[i] > v[best] : v[i] < v[best])
			best = i;
	}
	const char *labels = q->std->bounds;
	for (int k = 0; k < call->nargs; k++) {
		int i = k == 0 ? best : k <= best ? k - 1 : k; /* the deciding bound first */
		const char *l = labels;
		for (int j = 0; j < i && l; j++)
			l = strchr(l, '|') ? strchr(l, '|') + 1 : NULL;
		if (!l)
			return;
		size_t len = strcspn(l, "|");
		char val[64];
		units_format(v[i], call->args[i]->dim, &(Display){0}, NULL, val, sizeof val);
		buf_add(out, k == 0 ? "decided by " : "; ");
		buf_addn(out, l, len);
		buf_add(out, ": ");
		FmtCtx fc = {s, NULL, q->disp.iec};
		Buf sub = {0};
		expr_render_values(call->args[i], &sub, fmt_var, &fc);
		if (!same_text(sub.s, val)) {
			buf_add(out, sub.s);
			buf_add(out, " = ");
		}
		buf_free(&sub);
		buf_add(out, val);
	}
}

static void make_explanations(Scenario *s)
{
	FmtCtx fc = {s, NULL, false};
	/* a face that shows none (boe check, boe eval) does not pay for them, nor for shown */
	s->explained = !s->skip_explain;
	for (size_t i = 0; i < s->nq; i++)
		if (s->explained)
			scenario_format_value(s, (int)i, NULL, s->q[i].shown, sizeof s->q[i].shown);
		else
			s->q[i].shown[0] = '\0';
	/* none stale from an earlier compute: the lines all go with their block */
	free(s->explanations);
	s->explanations = NULL;
	for (size_t i = 0; i < s->nq; i++) {
		Quantity *q = &s->q[i];
		free(q->decides);
		q->decides = q->formula = q->substituted = q->explain = NULL;
	}
	/*
	 * the three lines are written in buffers that every quantity reuses,
	 * then appended to one block for the whole scenario (a string each,
	 * after the one before's NUL): explain, formula, substituted. Their
	 * places are taken as offsets, and made pointers once the block stops
	 * growing.
	 */
	Buf f = {0}, sub = {0}, ex = {0}, all = {0};
	size_t *at = s->explained ? xmalloc((3 * s->nq + 1) * sizeof *at) : NULL;
	for (size_t i = 0; i < s->nq && s->explained; i++) {
		Quantity *q = &s->q[i];
		fc.iec = q->disp.iec;
		buf_clear(&f);
		buf_clear(&sub);
		buf_clear(&ex);
		if (q->shared_expr) { /* the same text in every scenario: rendered once */
			const DefaultRow *row = default_row(q->std);
			buf_addn(&f, row->text, row->text_len);
		} else {
			expr_render(q->expr, &f);
		}
		expr_render_values(q->expr, &sub, fmt_var, &fc);
		const char *v = q->shown;
		buf_add(&ex, q->name);
		buf_add(&ex, " = ");
		buf_addn(&ex, f.s, f.len);
		if (q->ndeps > 0 && !same_text(sub.s, f.s)) {
			buf_add(&ex, " = ");
			buf_addn(&ex, sub.s, sub.len);
		}
		if (!same_text(f.s, v)) {
			buf_add(&ex, " = ");
			buf_add(&ex, v);
		}
		Buf bounds = {0};
		explain_bounds(s, q, &bounds);
		if (bounds.s) {
			buf_add(&ex, " (");
			buf_add(&ex, bounds.s);
			buf_add(&ex, ")");
		}
		q->decides = bounds.s ? buf_take(&bounds) : NULL;
		at[3 * i] = all.len;
		buf_addn(&all, ex.s, ex.len + 1);
		at[3 * i + 1] = all.len;
		buf_addn(&all, f.s ? f.s : "", f.len + 1);
		at[3 * i + 2] = all.len;
		buf_addn(&all, sub.s ? sub.s : "", sub.len + 1);
	}
	if (s->explained) {
		s->explanations = buf_take(&all);
		for (size_t i = 0; i < s->nq; i++) {
			Quantity *q = &s->q[i];
			q->explain = s->explanations + at[3 * i];
			q->formula = s->explanations + at[3 * i + 1];
			q->substituted = s->explanations + at[3 * i + 2];
		}
	}
	free(at);
	buf_free(&f);
	buf_free(&sub);
	buf_free(&ex);
}

static void find_unused(Scenario *s)
{
	/* reverse evaluation order: every user of q is decided before q */
	bool *checked = xcalloc(s->nq, sizeof *checked);
	for (size_t i = 0; i < s->nchecks; i++)
		if (s->checks[i].q >= 0)
			checked[s->checks[i].q] = true;
	for (size_t k = s->nq; k-- > 0;) {
		Quantity *q = &s->q[s->order[k]];
		q->unused = false;
		if (q->hidden || q->block || !q->std || checked[s->order[k]])
			continue;
		if (q->nusers == 0) {
			q->unused = std_used_by_default(q->std);
			continue;
		}
		bool all = true;
		for (int u = 0; u < q->nusers && all; u++)
			all = s->q[q->users[u]].unused;
		q->unused = all;
	}
	s->nunused_given = 0;
	for (size_t i = 0; i < s->nq; i++)
		s->nunused_given += s->q[i].unused && s->q[i].origin != ORIGIN_DEFAULT;
	free(checked);
}

static void update_checks(Scenario *s);

static bool evaluate_checks(Scenario *s, BoeError *err)
{
	for (size_t i = 0; i < s->nchecks; i++) {
		Check *c = &s->checks[i];
		Quantity *q = &s->q[c->q];
		ExprError e;
		Node *n = expr_parse(c->text, &e);
		if (n)
			keep_warnings(s, &e, s->path, c->line, c->col);
		ExprEnv env = {env_lookup, env_names, s};
		if (!n || !expr_bind(n, &env, &e)) {
			expr_free(n);
			boe_error_set(err, s->path ? s->path : "", c->line, c->col + e.pos,
				      "expect %s: %s", c->name, e.msg);
			return false;
		}
		if (!dim_eq(n->dim, q->dim)) {
			char dq[48], dn[48];
			dim_name(q->dim, dq, sizeof dq);
			dim_name(n->dim, dn, sizeof dn);
			expr_free(n);
			boe_error_set(err, s->path ? s->path : "", c->line, c->col,
				      "expect %s: '%s' is %s, but %s is %s", c->name, c->text, dn,
				      c->name, dq);
			return false;
		}
		Fault f;
		if (!expr_eval_const(n, s->slots, &c->expected, &f)) {
			expr_free(n);
			boe_error_set(err, s->path ? s->path : "", c->line, c->col + f.pos,
				      "expect %s: %s", c->name, f.what);
			return false;
		}
		expr_free(n);
		c->on_shortfall = dim_none(q->dim) && (q->disp.percent || is_fraction(q)) &&
				  c->expected >= 0.9 && c->expected < 1;
	}
	update_checks(s);
	return true;
}

/* Compares each check's expected figure with what its quantity came to now. */
static void update_checks(Scenario *s)
{
	for (size_t i = 0; i < s->nchecks; i++) {
		Check *c = &s->checks[i];
		if (c->q < 0)
			continue;
		c->actual = s->q[c->q].value;
		const Summary *r = c->inside ? scenario_range(s, c->q) : NULL;
		c->lo = r ? r->p5 : c->actual;
		c->hi = r ? r->p95 : c->actual;
		if (c->inside) {
			double slack = 1e-12 * fabs(c->expected);
			c->ok = c->expected >= c->lo - slack && c->expected <= c->hi + slack;
			continue;
		}
		double want = c->expected, got = c->actual;
		if (c->on_shortfall) {
			want = 1 - want;
			got = 1 - got;
		}
		double diff = fabs(got - want);
		c->ok = want == 0 ? diff <= c->tolerance : diff <= c->tolerance * fabs(want) * (1 + 1e-12);
	}
}

static void reset_compiled(Scenario *s)
{
	program_free(s->prog);
	s->prog = NULL;
	free(s->slots);
	s->slots = NULL;
	free(s->order);
	s->order = NULL;
	free(s->edges);
	s->edges = NULL;
	for (size_t i = 0; i < s->nq; i++) {
		Quantity *q = &s->q[i];
		q->deps = q->users = NULL;
		q->ndeps = q->nusers = 0;
		/* rebinding needs fresh trees: parse again from text */
		drop_expr(q);
	}
	expr_arena_clear(&s->trees);
	free(s->warnings);
	s->warnings = NULL;
	s->nwarnings = 0;
	s->computed = false;
}

/* Range rules of spec §3 on the values in vals (only the inputs when inputs_only). */
static bool check_ranges(Scenario *s, const double *vals, bool inputs_only, BoeError *err)
{
	for (size_t i = 0; i < s->nq; i++) {
		Quantity *q = &s->q[i];
		if ((inputs_only && !q->input) || (vals[i] >= 0 && vals[i] <= 1))
			continue; /* from 0 to 1 suits every kind */
		bool fraction = is_fraction(q);
		if (vals[i] > 1 && !fraction)
			continue; /* above 1 only a fraction is wrong (the kinds below matter for negatives) */
		bool factor = q->std && (strcmp(q->std->unit, "factor") == 0 ||
					 (strcmp(q->std->unit, "count") == 0 && q->input));
		bool bad_fraction = fraction && (vals[i] < 0 || vals[i] > 1);
		if (!bad_fraction && !((factor || q->hidden) && vals[i] < 0))
			continue;
		char v[96], label[160];
		units_format(vals[i], q->dim, &q->disp, NULL, v, sizeof v);
		q_label(s, (int)i, label, sizeof label);
		if (bad_fraction)
			return q_error(s, (int)i, 0, err, "%s is a fraction and must lie between 0%% and 100%% (got %s)",
				       label, v);
		return q_error(s, (int)i, 0, err, "%s cannot be negative (got %s)", label, v);
	}
	return true;
}

/*
 * The quantity a person should look at for a fault in qi: qi itself when it
 * was written in a file, else the nearest written input it depends on (for a
 * division by zero, preferably one that is zero).
 */
static int fault_culprit(const Scenario *s, int qi, FaultKind kind)
{
	if (s->q[qi].file)
		return qi;
	int *queue = xmalloc(s->nq * sizeof *queue);
	bool *seen = xcalloc(s->nq, sizeof *seen);
	int head = 0, tail = 0, found = -1, zero = -1;
	queue[tail++] = qi;
	seen[qi] = true;
	while (head < tail) {
		int c = queue[head++];
		const Quantity *q = &s->q[c];
		if (c != qi && q->file) {
			if (found < 0)
				found = c;
			if (zero < 0 && s->slots[c] == 0)
				zero = c;
		}
		for (int d = 0; d < q->ndeps; d++)
			if (!seen[q->deps[d]]) {
				seen[q->deps[d]] = true;
				queue[tail++] = q->deps[d];
			}
	}
	free(queue);
	free(seen);
	if (kind == FAULT_DIV_ZERO && zero >= 0)
		return zero;
	return found >= 0 ? found : qi;
}

static void block_results(Scenario *s)
{
	for (size_t i = 0; i < s->ntiers; i++) {
		Tier *t = &s->tiers[i];
		t->availability = s->q[t->q_avail].value;
		t->replicas = s->q[t->q_replicas].value;
		t->effective = 1 - pow(1 - t->availability, t->replicas);
		t->downtime_per_year = (1 - t->effective) * 31536000;
	}
	for (size_t i = 0; i < s->nhops; i++)
		s->hops[i].time = s->q[s->hops[i].q_time].value;
	/* (the SLA is looked up only when there are tiers to meet it: this runs at every edit and sweep step) */
	s->meets_sla = s->q_composite >= 0 &&
		       s->q[s->q_composite].value >= s->q[scenario_find(s, "sla")].value - 1e-12;
	s->fits_budget = s->q_margin >= 0 && s->q[s->q_margin].value >= 0;
}

bool scenario_rerun(Scenario *s, BoeError *err)
{
	Fault f;
	if (!program_run(s->prog, s->slots, &f)) {
		int qi = f.owner >= 0 ? f.owner : 0;
		char snippet[96] = "", label[160];
		Quantity *q = &s->q[qi];
		if (f.end > f.pos && (size_t)f.end <= strlen(q->text))
			snprintf(snippet, sizeof snippet, " in '%.*s'", f.end - f.pos, q->text + f.pos);
		q_label(s, qi, label, sizeof label);
		int at = fault_culprit(s, qi, f.kind);
		if (at != qi) {
			char v[96], culprit[160];
			units_format(s->slots[at], s->q[at].dim, &s->q[at].disp, NULL, v, sizeof v);
			q_label(s, at, culprit, sizeof culprit);
			return q_error(s, at, 0, err, "%s: %s%s (%s is %s, set here)", label, f.what, snippet,
				       culprit, v);
		}
		return q_error(s, qi, f.pos, err, "%s: %s%s", label, f.what, snippet);
	}
	for (size_t i = 0; i < s->nq; i++)
		s->q[i].value = s->slots[i];
	/* what follows from the values: the tiers, the SLA and budget flags, the checks */
	block_results(s);
	if (s->computed)
		update_checks(s);
	return true;
}

/* ---- ranges ---- */

struct Ranges {
	Sampler *sm;
	size_t n;		/* samples taken */
	uint64_t seed;
	int *col;		/* per quantity: its column among the watched slots, or -1 */
	int *watch;		/* the watched slots */
	int nwatch;
	double p_meets_sla, p_fits;
	double *base;		/* slots at the point values (every range at its median) */
	size_t nbase;
	struct SensCache *sens;	/* the tornado runs, made when first asked for (scenario_sensitivity) */
};

/*
 * What the tornado of every quantity is made from, per ranged input i: the
 * quantities with i at its 5th and at its 95th percentile (every other range
 * at its median), whether both runs held, and the variance i causes alone in
 * each quantity. The runs do not depend on the result asked about, so they
 * are made once for all of them.
 */
typedef struct SensCache {
	int nsrc;
	size_t nq;
	double *lo, *hi, *var;	/* nsrc rows of nq each, in one block (lo's) */
	bool *ok;
} SensCache;

static void sens_free(SensCache *c)
{
	if (c)
		free(c->lo), free(c->ok);
	free(c);
}

static void ranges_free(Ranges *r)
{
	if (!r)
		return;
	sampler_free(r->sm);
	sens_free(r->sens);
	free(r->col);
	free(r->watch);
	free(r->base);
	free(r);
}

/*
 * How many samples have quantity a at or above b less slack (b < 0: zero):
 * from their columns, or the point value of one that does not vary.
 */
static size_t count_at_least(const Ranges *r, const Scenario *s, int a, int b, double slack)
{
	const double *x = r->col[a] >= 0 ? sampler_column(r->sm, r->col[a]) : NULL;
	const double *y = b >= 0 && r->col[b] >= 0 ? sampler_column(r->sm, r->col[b]) : NULL;
	double xa = s->slots[a], yb = b >= 0 ? s->slots[b] : 0;
	size_t ok = 0, n = r->n;
	/* a loop for each case, so that none decides per sample where its values come from */
	if (x && y) {
		for (size_t j = 0; j < n; j++)
			ok += x[j] >= y[j] - slack;
	} else if (x) {
		for (size_t j = 0; j < n; j++)
			ok += x[j] >= yb - slack;
	} else if (y) {
		for (size_t j = 0; j < n; j++)
			ok += xa >= y[j] - slack;
	} else {
		ok = xa >= yb - slack ? n : 0;
	}
	return ok;
}

/*
 * Samples every range through the compiled program (the slots already hold
 * the point values) and keeps each varying quantity's samples and summary.
 */
static bool run_ranges(Scenario *s, BoeError *err)
{
	Program *p = s->prog;
	if (program_nsources(p) == 0) {
		ranges_free(s->ranges);
		s->ranges = NULL;
		return true;
	}
	Ranges *r = s->ranges;
	if (!r) {
		r = s->ranges = xcalloc(1, sizeof *r);
		r->sm = sampler_new();
	}
	sens_free(r->sens); /* made from the last run's program and point values */
	r->sens = NULL;
	program_mark_ranged(p);
	r->col = xrealloc(r->col, s->nq * sizeof *r->col);
	r->watch = xrealloc(r->watch, s->nq * sizeof *r->watch);
	r->nwatch = 0;
	for (size_t i = 0; i < s->nq; i++) {
		r->col[i] = program_slot_ranged(p, (int)i) ? r->nwatch : -1;
		if (r->col[i] >= 0)
			r->watch[r->nwatch++] = (int)i;
	}
	r->n = s->want_samples ? s->want_samples : SAMPLE_DEFAULT_COUNT;
	r->seed = s->want_seed;
	r->nbase = (size_t)program_nslots(p);
	r->base = xrealloc(r->base, r->nbase * sizeof *r->base);
	memcpy(r->base, s->slots, r->nbase * sizeof *r->base);
	Fault f;
	size_t bad = 0;
	/* samples dropped once summarised: only the columns counted below need keeping */
	int sla = scenario_find(s, "sla");
	bool *keep = NULL;
	if (s->drop_samples) {
		keep = xcalloc((size_t)r->nwatch + 1, sizeof *keep);
		for (int k = 0; k < r->nwatch; k++)
			keep[k] = r->watch[k] == s->q_composite || r->watch[k] == sla || r->watch[k] == s->q_margin;
	}
	bool ran = sampler_run(r->sm, p, r->base, r->watch, r->nwatch, r->n, r->seed, keep, &f, &bad);
	free(keep);
	if (!ran) {
		int qi = f.owner >= 0 ? f.owner : 0;
		char label[160];
		size_t n = r->n;
		q_label(s, qi, label, sizeof label);
		ranges_free(s->ranges);
		s->ranges = NULL;
		return q_error(s, qi, 0, err, "%s: %s in sample %zu of %zu (a range reaches values this formula cannot take)",
			       label, f.what, bad + 1, n);
	}
	r->p_meets_sla = r->p_fits = NAN;
	if (s->q_composite >= 0)
		r->p_meets_sla = (double)count_at_least(r, s, s->q_composite, sla, 1e-12) / (double)r->n;
	if (s->q_margin >= 0)
		r->p_fits = (double)count_at_least(r, s, s->q_margin, -1, 0) / (double)r->n;
	if (s->drop_samples)
		sampler_release(r->sm);
	return true;
}

void scenario_set_sampling(Scenario *s, size_t samples, uint64_t seed)
{
	s->want_samples = samples;
	s->want_seed = seed;
}

bool scenario_has_ranges(const Scenario *s) { return s->ranges != NULL; }
bool scenario_has_range_sources(const Scenario *s) { return s->prog && program_nsources(s->prog) > 0; }
size_t scenario_sample_count(const Scenario *s) { return s->ranges ? s->ranges->n : 0; }
uint64_t scenario_seed(const Scenario *s) { return s->ranges ? s->ranges->seed : s->want_seed; }
double scenario_p_meets_sla(const Scenario *s) { return s->ranges ? s->ranges->p_meets_sla : NAN; }
double scenario_p_fits_budget(const Scenario *s) { return s->ranges ? s->ranges->p_fits : NAN; }
double scenario_value(const Scenario *s, int q) { return s->q[q].value; }
const char *scenario_shown(const Scenario *s, int q) { return s->q[q].shown; }
const char *scenario_explanation(const Scenario *s, int q) { return s->q[q].explain; }

void scenario_want_explanations(Scenario *s, bool want) { s->skip_explain = !want; }

void scenario_explain(Scenario *s)
{
	if (s->computed && !s->explained) {
		bool skip = s->skip_explain;
		s->skip_explain = false;
		make_explanations(s);
		s->skip_explain = skip;
	}
}

const Summary *scenario_range(const Scenario *s, int q)
{
	Ranges *r = s->ranges;
	if (!r || q < 0 || (size_t)q >= s->nq || r->col[q] < 0)
		return NULL;
	return sampler_summary(r->sm, r->col[q]);
}

const double *scenario_samples(const Scenario *s, int q)
{
	const Ranges *r = s->ranges;
	if (!r || q < 0 || (size_t)q >= s->nq || r->col[q] < 0)
		return NULL;
	return sampler_column(r->sm, r->col[q]);
}

/* Where the unit of a formatted value starts: after the number and a glued count suffix. */
static const char *unit_part(const char *v)
{
	const char *p = v;
	if (*p == '$')
		p++;
	if (*p == '-')
		p++;
	while (isdigit((unsigned char)*p) || *p == '.' || *p == ',')
		p++;
	if (*p == 'K' || *p == 'M' || *p == 'B' || *p == 'T')
		p++;
	return p;
}

static void trim_right(char *v)
{
	for (char *e = v + strlen(v); e > v && e[-1] == ' ';)
		*--e = '\0';
}

void scenario_format_interval(const Scenario *s, int q, const DisplayPrefs *prefs, char *out, size_t n)
{
	const Summary *r = scenario_range(s, q);
	out[0] = '\0';
	if (!r || r->p5 == r->p95)
		return;
	const Quantity *qq = &s->q[q];
	char v[96], lo[96], hi[96];
	units_format(qq->value, qq->dim, &qq->disp, prefs, v, sizeof v);
	units_format(r->p5, qq->dim, &qq->disp, prefs, lo, sizeof lo);
	units_format(r->p95, qq->dim, &qq->disp, prefs, hi, sizeof hi);
	/* "21K–58K" beside "34.7K/s": a unit all three share is the value's to show */
	const char *uv = unit_part(v), *ul = unit_part(lo), *uh = unit_part(hi);
	if (*uv && strcmp(uv, ul) == 0 && strcmp(uv, uh) == 0 && strcmp(uv, "%") != 0) {
		lo[ul - lo] = '\0';
		hi[uh - hi] = '\0';
		trim_right(lo);
		trim_right(hi);
	}
	snprintf(out, n, "%s–%s", lo, hi);
}

void scenario_format_ranged(const Scenario *s, int q, const DisplayPrefs *prefs, char *out, size_t n)
{
	char v[96], iv[200];
	if (!prefs && s->explained)
		snprintf(v, sizeof v, "%s", s->q[q].shown);
	else
		scenario_format_value(s, q, prefs, v, sizeof v);
	scenario_format_interval(s, q, prefs, iv, sizeof iv);
	if (iv[0])
		snprintf(out, n, "%s (90%%: %s)", v, iv);
	else
		snprintf(out, n, "%s", v);
}

const char *const scenario_headline[] = {
	"peak_qps", "storage_total", "egress_peak", "servers", "cache_memory", "monthly_cost", NULL
};

static int cmp_swing(const void *a, const void *b)
{
	const SensRow *x = a, *y = b;
	/* ties in a fixed order, whatever the C library's qsort does with them */
	if (x->swing != y->swing)
		return x->swing < y->swing ? 1 : -1;
	if (x->share != y->share)
		return x->share < y->share ? 1 : -1;
	if (x->q != y->q)
		return x->q < y->q ? -1 : 1;
	return strcmp(x->label, y->label);
}

/* Runs the whole program on slots: every source at its median but source i at v. */
static bool run_with(const Scenario *s, double *slots, int i, double v)
{
	const Ranges *r = s->ranges;
	memcpy(slots, r->base, r->nbase * sizeof *slots);
	slots[program_source(s->prog, i, NULL, NULL)] = v;
	Fault f;
	return program_run(s->prog, slots, &f);
}

#define SENS_DRAWS 2000

/* The tornado runs of every ranged input, for every quantity at once. */
static SensCache *sens_runs(const Scenario *s)
{
	const Ranges *r = s->ranges;
	int nsrc = program_nsources(s->prog);
	size_t nq = s->nq;
	SensCache *c = xcalloc(1, sizeof *c);
	c->nsrc = nsrc;
	c->nq = nq;
	size_t cells = (size_t)nsrc * nq;
	c->lo = xcalloc(3 * cells + 1, sizeof *c->lo);
	c->hi = c->lo + cells;
	c->var = c->hi + cells;
	c->ok = xcalloc((size_t)nsrc + 1, sizeof *c->ok);
	double *slots = xmalloc(r->nbase * sizeof *slots);
	double *mean = xmalloc((nq + 1) * sizeof *mean);
	for (int i = 0; i < nsrc; i++) {
		Dist d;
		program_source(s->prog, i, &d, NULL);
		double *lo = c->lo + (size_t)i * nq, *hi = c->hi + (size_t)i * nq, *m2 = c->var + (size_t)i * nq;
		bool ok = run_with(s, slots, i, dist_quantile(&d, 0.05));
		memcpy(lo, slots, nq * sizeof *lo);
		ok = run_with(s, slots, i, dist_quantile(&d, 0.95)) && ok;
		memcpy(hi, slots, nq * sizeof *hi);
		c->ok[i] = ok;
		/* the variance this input causes alone (Welford's running variance), each quantity's */
		McRng rng;
		mc_seed(&rng, r->seed ^ (0x5EED0000ull + (uint64_t)i));
		for (size_t q = 0; q < nq; q++)
			mean[q] = 0;
		int k = 0;
		for (int j = 0; j < SENS_DRAWS; j++) {
			if (!run_with(s, slots, i, dist_quantile(&d, mc_unit(&rng))))
				continue;
			k++;
			for (size_t q = 0; q < nq; q++) {
				double y = slots[q], delta = y - mean[q];
				mean[q] += delta / k;
				m2[q] += delta * (y - mean[q]);
			}
		}
		for (size_t q = 0; q < nq; q++)
			m2[q] = k > 1 ? m2[q] / (k - 1) : 0;
	}
	free(mean);
	free(slots);
	return c;
}

size_t scenario_sensitivity(const Scenario *s, int q, SensRow **rows)
{
	Ranges *r = s->ranges;
	*rows = NULL;
	if (!r || q < 0 || (size_t)q >= s->nq)
		return 0;
	if (!r->sens)
		r->sens = sens_runs(s); /* the summaries are made the same way: when first asked for */
	const SensCache *c = r->sens;
	int nsrc = c->nsrc;
	size_t nq = c->nq;
	SensRow *out = xcalloc((size_t)nsrc, sizeof *out);
	int *count = xcalloc(s->nq, sizeof *count);
	double total = 0;
	for (int i = 0; i < nsrc; i++) {
		int owner;
		program_source(s->prog, i, NULL, &owner);
		SensRow *row = &out[i];
		row->q = owner;
		q_label(s, owner, row->label, sizeof row->label);
		if (count[owner]++ > 0) /* a second range in one formula */
			snprintf(row->label + strlen(row->label), sizeof row->label - strlen(row->label),
				 " (range %d)", count[owner]);
		const double *lo = c->lo + (size_t)i * nq, *hi = c->hi + (size_t)i * nq;
		row->in_lo = lo[owner], row->out_lo = lo[q];
		row->in_hi = hi[owner], row->out_hi = hi[q];
		row->swing = c->ok[i] ? fabs(row->out_hi - row->out_lo) : 0;
		row->share = c->var[(size_t)i * nq + (size_t)q];
		total += row->share;
	}
	for (int i = 0; i < nsrc; i++)
		out[i].share = total > 0 ? out[i].share / total : 0;
	free(count);
	qsort(out, (size_t)nsrc, sizeof *out, cmp_swing);
	*rows = out;
	return (size_t)nsrc;
}

static bool compute(Scenario *s, BoeError *err);

bool scenario_compute(Scenario *s, BoeError *err)
{
	if (compute(s, err))
		return true;
	if (err && s->src_text && s->path && strcmp(err->file, s->path) == 0)
		boe_error_excerpt(err, s->src_text, s->src_len);
	return false;
}

static bool run_ranges(Scenario *s, BoeError *err);

/* Whether to sample: unless the face shows point values only, and no check asks for an interval. */
static bool needs_samples(const Scenario *s)
{
	if (!s->skip_ranges)
		return true;
	for (size_t i = 0; i < s->nchecks; i++)
		if (s->checks[i].inside)
			return true;
	return false;
}

static bool drop_ranges(Scenario *s)
{
	ranges_free(s->ranges);
	s->ranges = NULL;
	return true;
}

void scenario_want_ranges(Scenario *s, bool want) { s->skip_ranges = !want; }
void scenario_keep_samples(Scenario *s, bool keep) { s->drop_samples = !keep; }

static bool compute(Scenario *s, BoeError *err)
{
	reset_compiled(s);
	BindState b = {s, xcalloc(s->nq, 1), xcalloc(s->nq, sizeof(int)), xcalloc(s->nq, sizeof(BindFrame)),
		       0, xcalloc(s->nq, sizeof(int)), 0, err};
	bool ok = true;
	for (size_t i = 0; i < s->nq && ok; i++)
		ok = bind_quantity(&b, (int)i);
	free(b.state);
	free(b.stack);
	free(b.frames);
	s->order = b.order;
	if (!ok)
		return false;
	EdgeCtx ec = {s, 0, xmalloc(s->nq * sizeof(int)), NULL, 0, 0};
	for (size_t i = 0; i < s->nq; i++)
		ec.mark[i] = -1;
	for (size_t i = 0; i < s->nq; i++) {
		const Quantity *q = &s->q[i];
		ec.qi = (int)i;
		if (q->shared_expr) { /* the names of a shared tree are listed already */
			const DefaultRow *row = default_row(q->std);
			for (size_t k = 0; k < row->nnames; k++)
				add_edge(&ec, row->names[k]->slot, row->names[k]);
		} else {
			expr_each_var(q->expr, add_edge, &ec);
		}
		s->q[i].input = s->q[i].ndeps == 0;
	}
	free(ec.mark);
	lay_out_edges(&ec);
	/* slots 0..nq-1 are the quantities, in table order */
	s->prog = program_new();
	for (size_t i = 0; i < s->nq; i++)
		program_slot(s->prog, 0);
	for (size_t k = 0; k < s->nq; k++) {
		int qi = s->order[k];
		Quantity *q = &s->q[qi];
		ExprError e;
		if (q->input && !expr_has_range(q->expr)) {
			double v;
			Fault f;
			if (!expr_eval_const(q->expr, NULL, &v, &f)) {
				char label[160];
				q_label(s, qi, label, sizeof label);
				return q_error(s, qi, f.pos, err, "%s: %s", label, f.what);
			}
			program_set_init(s->prog, qi, v);
		} else if (!expr_compile(s->prog, q->expr, qi, qi, &e)) {
			return q_error(s, qi, e.pos, err, "%s", e.msg);
		}
	}
	int n = program_nslots(s->prog);
	s->slots = xmalloc((size_t)n * sizeof *s->slots);
	memcpy(s->slots, program_init(s->prog), (size_t)n * sizeof *s->slots);
	/* inputs first: a bad input is named where it was written, before it breaks a formula */
	if (!check_ranges(s, s->slots, true, err) || !scenario_rerun(s, err) ||
	    !check_ranges(s, s->slots, false, err))
		return false;
	make_explanations(s);
	find_unused(s);
	block_results(s);
	if (!evaluate_checks(s, err) || !(needs_samples(s) ? run_ranges(s, err) : drop_ranges(s)))
		return false;
	update_checks(s);
	s->computed = true;
	return true;
}

/* ---- overrides ---- */

typedef struct Saved {
	char *text;
	Origin origin;
	char *file;
	int line, col, col_shift;
} Saved;

static bool replace_expr(Scenario *s, int qi, const char *text, Origin o, const char *file,
			 int line, int col, int shift, BoeError *err)
{
	Quantity *q = &s->q[qi];
	Saved old = {q->text, q->origin, q->file ? xstrdup(q->file) : NULL, q->line, q->col, q->col_shift};
	q->text = xstrdup(text);
	q->origin = o;
	set_location(s, q, file, line, shift, col);
	if (scenario_compute(s, err)) {
		drop_text(s, q, old.text);
		free(old.file);
		s->dirty = true;
		return true;
	}
	s_free(s, q->text);
	q->text = old.text;
	q->origin = old.origin;
	set_location(s, q, old.file, old.line, old.col_shift, old.col);
	free(old.file);
	BoeError ignored;
	scenario_compute(s, &ignored);
	return false;
}

static int find_settable(Scenario *s, const char *name, const char *where, int col, BoeError *err)
{
	int qi = scenario_find(s, name);
	if (qi >= 0 && !s->q[qi].hidden && !s->q[qi].block)
		return qi;
	const char **names = xmalloc(s->nq * sizeof *names);
	for (size_t i = 0; i < s->nq; i++)
		names[i] = s->q[i].hidden || s->q[i].block ? NULL : s->q[i].name;
	const char *sugg = suggest_name(name, names, s->nq);
	if (qi >= 0)
		boe_error_set(err, where, 1, col, "'%s' is computed from the availability or latency block; change the block instead",
			      name);
	else if (sugg)
		boe_error_set(err, where, 1, col, "unknown quantity '%s' (did you mean '%s'?)", name, sugg);
	else
		boe_error_set(err, where, 1, col, "unknown quantity '%s' (see 'boe quantities')", name);
	free(names);
	return -1;
}

bool scenario_override(Scenario *s, const char *name, const char *text, const char *where,
		       BoeError *err)
{
	const char *file = where ? where : "--set";
	int qi = find_settable(s, name, file, 1, err);
	if (qi < 0)
		return false;
	return replace_expr(s, qi, text, ORIGIN_OVERRIDE, file, 1, 1, 0, err);
}

bool scenario_override_arg(Scenario *s, const char *arg, BoeError *err)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg) {
		boe_error_set(err, "--set", 0, 0, "expected NAME=EXPR, got '%s'", arg);
		return false;
	}
	size_t nl = (size_t)(eq - arg);
	while (nl > 0 && arg[nl - 1] == ' ')
		nl--;
	char *name = xstrndup(arg, nl);
	int qi = find_settable(s, name, "--set", 1, err);
	free(name);
	if (qi < 0)
		return false;
	int shift = (int)(eq - arg) + 1;
	return replace_expr(s, qi, eq + 1, ORIGIN_OVERRIDE, "--set", 1, shift + 1, shift, err);
}

bool scenario_reset(Scenario *s, const char *name, BoeError *err)
{
	int qi = scenario_find(s, name);
	if (qi < 0) {
		boe_error_set(err, "", 0, 0, "unknown quantity '%s'", name);
		return false;
	}
	Quantity *q = &s->q[qi];
	char *text = xstrdup(q->file_text);
	char *file = q->file_origin == ORIGIN_DEFAULT ? NULL : (s->path ? xstrdup(s->path) : NULL);
	bool ok = replace_expr(s, qi, text, q->file_origin, file, q->file_line, q->file_col,
			       q->file_col_shift, err);
	free(text);
	free(file);
	return ok;
}

bool quantity_listed(const Quantity *q)
{
	return !q->hidden && !q->block;
}

size_t scenario_display_order(const Scenario *s, int *order)
{
	size_t n = 0;
	for (int sec = 0; sec < SEC_COUNT; sec++)
		for (size_t i = 0; i < s->nq; i++)
			if (quantity_listed(&s->q[i]) && (int)s->q[i].section == sec)
				order[n++] = (int)i;
	return n;
}

size_t scenario_failed_checks(const Scenario *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nchecks; i++)
		n += !s->checks[i].ok;
	return n;
}

/* ---- traffic over a day ---- */

const char *traffic_shape_name(TrafficShape t)
{
	static const char *names[SHAPE_COUNT] = {"diurnal", "spike", "flat"};
	return t >= 0 && t < SHAPE_COUNT ? names[t] : "diurnal";
}

double traffic_peak_hour(TrafficShape shape)
{
	return shape == SHAPE_SPIKE ? 19.0 : 20.0;
}

/* A day with a midday shoulder and an evening peak at h0 (about 20:00), sharpened by p. */
static double diurnal(double hour, double h0, double p)
{
	double e = pow((1 + cos(2 * M_PI * (hour - h0) / 24)) / 2, p);
	double m = pow((1 + cos(2 * M_PI * (hour - h0 + 7.5) / 24)) / 2, p * 1.5);
	return e + 0.55 * m;
}

/* A quiet day and one sale: a jump at h0 (about 19:00) that decays over about an hour. */
static double spike(double hour, double h0, double p)
{
	double d = hour - h0;
	return d < 0 ? exp(d * 12 * p) : exp(-d * 1.5 * p);
}

/* Even load around the clock (a crawler, metrics): level, with one narrow swell at h0. */
static double flat(double hour, double h0, double p)
{
	return pow((1 + cos(2 * M_PI * (hour - h0) / 24)) / 2, 8 * p);
}

void traffic_day_curve(TrafficShape shape, double avg, double peak, double *out, int n)
{
	if (n <= 0)
		return;
	if (!(avg > 0) || !(peak > avg * (1 + 1e-9)) || !isfinite(peak)) {
		for (int i = 0; i < n; i++)
			out[i] = avg > 0 ? avg : 0;
		return;
	}
	double (*f)(double, double, double) = shape == SHAPE_SPIKE ? spike : shape == SHAPE_FLAT ? flat : diurnal;
	double pf = peak / avg;
	/*
	 * w = b + c * g with g the shape scaled to max 1 and mean m: mean(w) = 1
	 * and max(w) = pf need c = (pf - 1) / (1 - m), b = pf - c, and b >= 0
	 * needs m <= 1/pf. Sharpen the shape until its mean leaves a floor. The
	 * peak sample is the one holding the shape's peak hour, so it does not
	 * move with n.
	 */
	int ip = (int)floor(traffic_peak_hour(shape) / 24.0 * n);
	if (ip >= n)
		ip = n - 1;
	double h0 = (ip + 0.5) * 24.0 / n;
	double target = 0.7 / pf, m = 1, gmax = 0;
	double p = 1;
	for (int iter = 0; iter < 60; iter++, p *= 1.3) {
		double sum = 0;
		for (int i = 0; i < n; i++) {
			out[i] = f((i + 0.5) * 24.0 / n, h0, p);
			sum += out[i];
		}
		/* the peak hour's sample is the top: nothing drawn above it */
		gmax = out[ip];
		for (int i = 0; i < n; i++)
			if (i != ip && out[i] > gmax * 0.999)
				out[i] = gmax * 0.999;
		sum = 0;
		for (int i = 0; i < n; i++)
			sum += out[i];
		m = sum / n / gmax;
		if (m <= target)
			break;
	}
	double c = m < 1 ? (pf - 1) / (1 - m) : pf, b = pf - c;
	if (b < 0) {	/* a peak too sharp for the samples: keep the peak, lose the exact mean */
		b = 0;
		c = pf;
	}
	for (int i = 0; i < n; i++)
		out[i] = avg * (b + c * out[i] / gmax);
}

bool scenario_formula_replaced(const Scenario *s, int qi)
{
	const Quantity *q = &s->q[qi];
	if (!q->std || q->origin == ORIGIN_DEFAULT)
		return false;
	/* the default reads another quantity: it is a formula, not a value */
	for (const char *p = q->std->def; *p;) {
		if (isalpha((unsigned char)*p) || *p == '_') {
			const char *b = p;
			while (isalnum((unsigned char)*p) || *p == '_')
				p++;
			char name[64];
			snprintf(name, sizeof name, "%.*s", (int)(p - b), b);
			if (scenario_find(s, name) >= 0)
				return true;
		} else {
			p++;
		}
	}
	return false;
}

/* ---- plausibility ---- */

bool scenario_implausible(const Scenario *s, int qi, char *out, size_t n)
{
	if (qi < 0 || (size_t)qi >= s->nq)
		return false;
	const Quantity *q = &s->q[qi];
	double v = q->value;
	const char *name = q->name;
	if (strcmp(name, "peak_factor") == 0 && v < 1)
		snprintf(out, n, "a peak factor below 1 puts the peak under the average");
	else if (strcmp(name, "target_utilization") == 0 && v > 0.9)
		snprintf(out, n, "above 90%% leaves no headroom: queues grow without bound near 100%%");
	else if (strcmp(name, "target_utilization") == 0 && v <= 0)
		snprintf(out, n, "a utilisation of 0 needs infinitely many servers");
	else if ((strcmp(name, "replication") == 0 || strcmp(name, "storage_overhead") == 0) && v < 1)
		snprintf(out, n, "below 1 keeps less than one copy of the data");
	else if (strcmp(name, "sla") == 0 && v >= 1)
		snprintf(out, n, "100%% allows no downtime at all");
	else if (q->hidden && q->unit && strcmp(q->unit, "count") == 0 && v < 1)
		snprintf(out, n, "fewer than one replica");
	else if (q->hidden && q->unit && strcmp(q->unit, "fraction") == 0 && v < 0.5)
		snprintf(out, n, "a tier up less than half the time");
	else if (s->q_target == qi && v <= 0)
		snprintf(out, n, "a latency target of 0 cannot be met");
	else
		return false;
	return true;
}

/* ---- the workbench: changing the structure ---- */

static void renum(int *p, int qi)
{
	if (*p == qi)
		*p = -1;
	else if (*p > qi)
		(*p)--;
}

/* Index *p after a quantity was put in at qi: one further on from there. */
static void renum_up(int *p, int qi)
{
	if (*p >= qi)
		(*p)++;
}

/* Every index into the quantities moved by f, for a quantity gone from or put in at qi. */
static void renumber(Scenario *s, int qi, void (*f)(int *, int))
{
	for (size_t i = 0; i < s->ntiers; i++) {
		f(&s->tiers[i].q_avail, qi);
		f(&s->tiers[i].q_replicas, qi);
	}
	for (size_t i = 0; i < s->nhops; i++)
		f(&s->hops[i].q_time, qi);
	int *blocks[] = {&s->q_target, &s->q_total, &s->q_margin, &s->q_composite, &s->q_comp_down_year,
			 &s->q_comp_down_month};
	for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
		f(blocks[i], qi);
	for (size_t i = 0; i < s->nchecks; i++)
		f(&s->checks[i].q, qi);
	free(s->index);
	s->index = NULL;
	s->index_nq = 0;
}

/* Takes quantity qi out whole (what compute derives dropped), moving every index that pointed past it. */
static Quantity detach_quantity(Scenario *s, int qi)
{
	reset_compiled(s);
	Quantity q = s->q[qi];
	free(q.decides);
	q.explain = q.formula = q.substituted = q.decides = NULL; /* the lines stay in the scenario's block */
	memmove(&s->q[qi], &s->q[qi + 1], (s->nq - (size_t)qi - 1) * sizeof *s->q);
	s->nq--;
	renumber(s, qi, renum);
	return q;
}

/* Puts q back in at qi (at most the end), moving every index from there on. */
static void insert_quantity(Scenario *s, int qi, const Quantity *q)
{
	reset_compiled(s);
	if ((size_t)qi > s->nq)
		qi = (int)s->nq;
	grow_quantities(s);
	memmove(&s->q[qi + 1], &s->q[qi], (s->nq - (size_t)qi) * sizeof *s->q);
	s->q[qi] = *q;
	s->nq++;
	renumber(s, qi, renum_up);
}

/* Removes quantity qi, moving every index that pointed past it. */
static void remove_quantity(Scenario *s, int qi)
{
	Quantity q = detach_quantity(s, qi);
	free_quantity(s, &q);
}

/* A name "_<stem><k>_<what>" no quantity has. */
static void fresh_name(const Scenario *s, const char *stem, const char *what, char *out, size_t n)
{
	for (size_t k = 1;; k++) {
		internal_name(stem, k, what, out, n);
		if (scenario_find(s, out) < 0)
			return;
	}
}

static int add_edit_quantity(Scenario *s, const char *name, const char *text, const char *unit,
			     Origin o, bool hidden)
{
	int qi = add_quantity(s, name, text, hidden ? SEC_AVAILABILITY : SEC_DEFINED, o);
	Quantity *q = &s->q[qi];
	q->hidden = hidden;
	q->unit = unit;
	set_location(s, q, "edit", 1, 0, 1);
	return qi;
}

static void set_text(const Scenario *s, Quantity *q, const char *text)
{
	drop_texts(s, q);
	q->text = q->file_text = xstrdup(text);
}

/* Removes the block quantities a, b, c (-1: none), the highest index first so the others do not move. */
static void remove_three(Scenario *s, int a, int b, int c)
{
	int qs[3] = {a, b, c};
	for (int k = 0; k < 3; k++) {
		int hi = -1;
		for (int j = 0; j < 3; j++)
			if (qs[j] > hi)
				hi = qs[j];
		if (hi < 0)
			break;
		for (int j = 0; j < 3; j++)
			if (qs[j] == hi)
				qs[j] = -1;
		remove_quantity(s, hi);
	}
}

/* Makes the composite quantities follow the tiers: created, rewritten or removed. */
static void tiers_changed(Scenario *s)
{
	if (s->ntiers == 0) {
		remove_three(s, s->q_comp_down_month, s->q_comp_down_year, s->q_composite);
		s->q_composite = s->q_comp_down_year = s->q_comp_down_month = -1;
		return;
	}
	Buf b = {0};
	for (size_t i = 0; i < s->ntiers; i++)
		buf_printf(&b, "%sparallel(%s, %s)", i ? " * " : "", s->q[s->tiers[i].q_avail].name,
			   s->q[s->tiers[i].q_replicas].name);
	if (s->q_composite < 0) {
		s->q_composite = add_quantity(s, "composite_availability", b.s, SEC_AVAILABILITY, ORIGIN_DEFAULT);
		s->q_comp_down_year = add_quantity(s, "composite_downtime_per_year",
						   "(1 - composite_availability) * year", SEC_AVAILABILITY,
						   ORIGIN_DEFAULT);
		s->q_comp_down_month = add_quantity(s, "composite_downtime_per_month",
						    "(1 - composite_availability) * month", SEC_AVAILABILITY,
						    ORIGIN_DEFAULT);
		s->q[s->q_composite].disp.percent = true;
		s->q[s->q_composite].block = s->q[s->q_comp_down_year].block =
			s->q[s->q_comp_down_month].block = true;
	} else {
		set_text(s, &s->q[s->q_composite], b.s);
	}
	buf_free(&b);
}

/* Makes latency_total and latency_margin (and the target) follow the hops. */
static void hops_changed(Scenario *s)
{
	if (s->nhops == 0) {
		remove_three(s, s->q_margin, s->q_total, s->q_target);
		s->q_target = s->q_total = s->q_margin = -1;
		return;
	}
	Buf b = {0};
	for (size_t i = 0; i < s->nhops; i++)
		buf_printf(&b, "%s%s", i ? " + " : "", s->q[s->hops[i].q_time].name);
	if (s->q_target < 0)
		s->q_target = add_edit_quantity(s, "_latency_target", "200 ms", "time", ORIGIN_SET, true);
	if (s->q_total < 0) {
		s->q_total = add_quantity(s, "latency_total", b.s, SEC_AVAILABILITY, ORIGIN_DEFAULT);
		s->q_margin = add_quantity(s, "latency_margin", "_latency_target - latency_total",
					   SEC_AVAILABILITY, ORIGIN_DEFAULT);
		s->q[s->q_total].block = s->q[s->q_margin].block = true;
	} else {
		set_text(s, &s->q[s->q_total], b.s);
	}
	buf_free(&b);
}

static bool valid_block_name(const char *name, const char *what, BoeError *err)
{
	bool ok = name && *name;
	for (const char *p = name; ok && *p; p++)
		ok = (unsigned char)*p >= 0x20 && *p != 0x7f;
	if (!ok)
		boe_error_set(err, "edit", 0, 0, "a %s needs a name on one line", what);
	return ok;
}

static void tier_insert(Scenario *s, size_t pos, const char *name, const char *avail, const char *repl)
{
	char qa[64], qr[64];
	fresh_name(s, "tier", "availability", qa, sizeof qa);
	fresh_name(s, "tier", "replicas", qr, sizeof qr);
	int ia = add_edit_quantity(s, qa, avail, "fraction", ORIGIN_SET, true);
	s->q[ia].disp.percent = true;
	int ir = add_edit_quantity(s, qr, repl ? repl : "1", "count", ORIGIN_SET, true);
	if (pos > s->ntiers)
		pos = s->ntiers;
	s->tiers = xrealloc(s->tiers, (s->ntiers + 1) * sizeof *s->tiers);
	memmove(&s->tiers[pos + 1], &s->tiers[pos], (s->ntiers - pos) * sizeof *s->tiers);
	s->tiers[pos] = (Tier){.name = xstrdup(name), .q_avail = ia, .q_replicas = ir};
	s->ntiers++;
	tiers_changed(s);
}

static void tier_delete(Scenario *s, size_t i)
{
	int ia = s->tiers[i].q_avail, ir = s->tiers[i].q_replicas;
	free(s->tiers[i].name);
	memmove(&s->tiers[i], &s->tiers[i + 1], (s->ntiers - i - 1) * sizeof *s->tiers);
	s->ntiers--;
	remove_quantity(s, ia > ir ? ia : ir);
	remove_quantity(s, ia > ir ? ir : ia);
	tiers_changed(s);
}

static void hop_insert(Scenario *s, size_t pos, const char *name, const char *time)
{
	char qt[64];
	fresh_name(s, "hop", "time", qt, sizeof qt);
	int it = add_edit_quantity(s, qt, time, "time", ORIGIN_SET, true);
	if (pos > s->nhops)
		pos = s->nhops;
	s->hops = xrealloc(s->hops, (s->nhops + 1) * sizeof *s->hops);
	memmove(&s->hops[pos + 1], &s->hops[pos], (s->nhops - pos) * sizeof *s->hops);
	s->hops[pos] = (Hop){.name = xstrdup(name), .q_time = it};
	s->nhops++;
	hops_changed(s);
}

/* Keeps the target's text when the last hop goes, so undoing brings it back. */
static char *hop_delete(Scenario *s, size_t i)
{
	int it = s->hops[i].q_time;
	char *target = s->nhops == 1 && s->q_target >= 0 ? xstrdup(s->q[s->q_target].text) : NULL;
	free(s->hops[i].name);
	memmove(&s->hops[i], &s->hops[i + 1], (s->nhops - i - 1) * sizeof *s->hops);
	s->nhops--;
	remove_quantity(s, it);
	hops_changed(s);
	return target;
}

/* Recomputes after a change; on failure undo() puts it back and the old values are computed again. */
static bool settle(Scenario *s, BoeError *err, void (*undo)(Scenario *, void *), void *ctx)
{
	if (scenario_compute(s, err)) {
		s->dirty = true;
		return true;
	}
	undo(s, ctx);
	BoeError ignored;
	scenario_compute(s, &ignored);
	return false;
}

typedef struct Undo {
	size_t i;
	const char *name, *a, *b;
} Undo;

static void undo_tier_add(Scenario *s, void *ctx)
{
	tier_delete(s, ((Undo *)ctx)->i);
}

static void undo_tier_remove(Scenario *s, void *ctx)
{
	Undo *u = ctx;
	tier_insert(s, u->i, u->name, u->a, u->b);
}

static void undo_hop_add(Scenario *s, void *ctx)
{
	free(hop_delete(s, ((Undo *)ctx)->i));
}

static void undo_hop_remove(Scenario *s, void *ctx)
{
	Undo *u = ctx;
	hop_insert(s, u->i, u->name, u->a);
	if (u->b && s->q_target >= 0)
		set_text(s, &s->q[s->q_target], u->b);
}

bool scenario_add_tier(Scenario *s, size_t pos, const char *name, const char *availability,
		       const char *replicas, BoeError *err)
{
	if (!valid_block_name(name, "tier", err))
		return false;
	if (s->ntiers >= SCENARIO_MAX_BLOCK) {
		boe_error_set(err, "edit", 0, 0, "a scenario has at most %d availability tiers", SCENARIO_MAX_BLOCK);
		return false;
	}
	if (pos > s->ntiers)
		pos = s->ntiers;
	tier_insert(s, pos, name, availability, replicas);
	Undo u = {pos, NULL, NULL, NULL};
	return settle(s, err, undo_tier_add, &u);
}

bool scenario_remove_tier(Scenario *s, size_t i, BoeError *err)
{
	if (i >= s->ntiers) {
		boe_error_set(err, "edit", 0, 0, "no tier %zu", i + 1);
		return false;
	}
	char *name = xstrdup(s->tiers[i].name), *a = xstrdup(s->q[s->tiers[i].q_avail].text),
	     *r = xstrdup(s->q[s->tiers[i].q_replicas].text);
	tier_delete(s, i);
	Undo u = {i, name, a, r};
	bool ok = settle(s, err, undo_tier_remove, &u);
	free(name);
	free(a);
	free(r);
	return ok;
}

bool scenario_add_hop(Scenario *s, size_t pos, const char *name, const char *time, BoeError *err)
{
	if (!valid_block_name(name, "hop", err))
		return false;
	if (s->nhops >= SCENARIO_MAX_BLOCK) {
		boe_error_set(err, "edit", 0, 0, "a latency budget has at most %d hops", SCENARIO_MAX_BLOCK);
		return false;
	}
	if (pos > s->nhops)
		pos = s->nhops;
	hop_insert(s, pos, name, time);
	Undo u = {pos, NULL, NULL, NULL};
	return settle(s, err, undo_hop_add, &u);
}

bool scenario_remove_hop(Scenario *s, size_t i, BoeError *err)
{
	if (i >= s->nhops) {
		boe_error_set(err, "edit", 0, 0, "no hop %zu", i + 1);
		return false;
	}
	char *name = xstrdup(s->hops[i].name), *t = xstrdup(s->q[s->hops[i].q_time].text);
	char *target = hop_delete(s, i);
	Undo u = {i, name, t, target};
	bool ok = settle(s, err, undo_hop_remove, &u);
	free(name);
	free(t);
	free(target);
	return ok;
}

bool scenario_rename_block(Scenario *s, bool hop, size_t i, const char *name, BoeError *err)
{
	if (!valid_block_name(name, hop ? "hop" : "tier", err))
		return false;
	if (i >= (hop ? s->nhops : s->ntiers)) {
		boe_error_set(err, "edit", 0, 0, "no %s %zu", hop ? "hop" : "tier", i + 1);
		return false;
	}
	char **p = hop ? &s->hops[i].name : &s->tiers[i].name;
	free(*p);
	*p = xstrdup(name);
	s->dirty = true;
	return true;
}

bool scenario_set_block_input(Scenario *s, int qi, const char *text, BoeError *err)
{
	if (qi < 0 || (size_t)qi >= s->nq || !s->q[qi].hidden) {
		boe_error_set(err, "edit", 0, 0, "not a tier's, hop's or target's value");
		return false;
	}
	return replace_expr(s, qi, text, ORIGIN_OVERRIDE, "edit", 1, 1, 0, err);
}

static void undo_define_add(Scenario *s, void *ctx)
{
	(void)ctx;
	remove_quantity(s, (int)s->nq - 1);
}

bool scenario_add_define(Scenario *s, const char *name, const char *text, BoeError *err)
{
	if (!valid_ident(name)) {
		boe_error_set(err, "edit", 0, 0, "'%s' is not a name: letters, digits and _, starting with a letter",
			      name);
		return false;
	}
	if (scenario_find(s, name) >= 0) {
		boe_error_set(err, "edit", 0, 0, "'%s' exists already; Enter on it changes its formula", name);
		return false;
	}
	if (!text || !*text) {
		boe_error_set(err, "edit", 0, 0, "'%s' needs an expression: %s = 2 * dau", name, name);
		return false;
	}
	add_edit_quantity(s, name, text, NULL, ORIGIN_DEFINE, false);
	return settle(s, err, undo_define_add, NULL);
}

/* What a removal or a restore undoes when the compute after it fails (a RemovedDefine): the quantity back, or out again. */
static void undo_define_remove(Scenario *s, void *ctx)
{
	RemovedDefine *u = ctx;
	insert_quantity(s, u->at, &u->q);
}

static void undo_define_restore(Scenario *s, void *ctx)
{
	RemovedDefine *u = ctx;
	u->q = detach_quantity(s, u->at);
}

bool scenario_remove_define(Scenario *s, const char *name, BoeError *err)
{
	int qi = scenario_find(s, name);
	if (qi < 0 || s->q[qi].std || s->q[qi].hidden || s->q[qi].block) {
		boe_error_set(err, "edit", 0, 0, qi < 0 ? "unknown quantity '%s'"
				  : "'%s' is a standard quantity; only the scenario's own can be removed (r resets it)",
			      name);
		return false;
	}
	const Quantity *q = &s->q[qi];
	if (q->nusers > 0) {
		boe_error_set(err, "edit", 0, 0, "%s is used by %s; change that first", name,
			      s->q[q->users[0]].name);
		return false;
	}
	if (scenario_drill_skips(s, name)) {
		boe_error_set(err, "edit", 0, 0, "%s is named in the file's drill: skip list", name);
		return false;
	}
	for (size_t k = 0; k < s->nchecks; k++)
		if (s->checks[k].q == qi) {
			boe_error_set(err, "edit", 0, 0, "%s has an expectation (expect: in the file)", name);
			return false;
		}
	RemovedDefine u = {detach_quantity(s, qi), qi};
	if (!settle(s, err, undo_define_remove, &u))
		return false;
	if (s->nremoved == s->capremoved) {
		s->capremoved = s->capremoved ? 2 * s->capremoved : 4;
		s->removed = xrealloc(s->removed, s->capremoved * sizeof *s->removed);
	}
	s->removed[s->nremoved++] = u;
	return true;
}

bool scenario_restore_define(Scenario *s, const char *name, BoeError *err)
{
	size_t k = s->nremoved;
	while (k > 0 && strcmp(s->removed[k - 1].q.name, name) != 0)
		k--;
	if (k == 0 || scenario_find(s, name) >= 0) {
		boe_error_set(err, "edit", 0, 0, k == 0 ? "no quantity '%s' was removed" : "'%s' exists already", name);
		return false;
	}
	RemovedDefine u = s->removed[k - 1];
	if ((size_t)u.at > s->nq)
		u.at = (int)s->nq;
	memmove(&s->removed[k - 1], &s->removed[k], (s->nremoved - k) * sizeof *s->removed);
	s->nremoved--;
	insert_quantity(s, u.at, &u.q);
	if (settle(s, err, undo_define_restore, &u))
		return true;
	/* it stays among the removed, as it was */
	s->removed[s->nremoved++] = u;
	return false;
}
