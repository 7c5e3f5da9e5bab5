/*
 * Flashcards with SM-2 spaced repetition (see boe/cards.h): deck files read
 * with the YAML tree (errors at file:line:col, unknown keys with a
 * suggestion), answers read like the drill's (boe/answer.h) and graded the
 * way each card asks, a schedule of one JSON line per card seen, and a
 * session queue of today's due cards, then new ones, then the missed again.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "boe/answer.h"
#include "boe/cards.h"
#include "boe/date.h"
#include "boe/expr.h"
#include "boe/fileio.h"
#include "boe/json.h"
#include "boe/preset.h"
#include "boe/report.h"
#include "yamltree.h"

#ifndef BOE_DATADIR
#define BOE_DATADIR "/usr/local/share/boe"
#endif

#define DECK_MAX (4u * 1024 * 1024)
#define SCHEDULE_MAX (16u * 1024 * 1024)
#define MAGNITUDE 3.16227766016838	/* √10: half an order of magnitude either way */
#define EXACT_TOL 1e-9

static const char *const grading_names[CARD_GRADING_COUNT] = {"magnitude", "exact", "tolerance", "nines"};

static bool grading_parse(const char *s, CardGrading *out)
{
	for (int i = 0; i < CARD_GRADING_COUNT; i++)
		if (strcmp(s, grading_names[i]) == 0) {
			*out = (CardGrading)i;
			return true;
		}
	return false;
}

/* ---- where decks are ---- */

char **cards_dirs(size_t *n)
{
	return data_dirs("BOE_CARDS_PATH", "cards", n);
}

/* ---- reading a deck ---- */

typedef struct Loader {
	const char *file;
	const char *text;
	size_t len;
	BoeError *err;
} Loader;

static bool fail_at(Loader *ld, const YNode *n, const char *fmt, ...) BOE_PRINTF(3, 4);
static bool fail_at(Loader *ld, const YNode *n, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	boe_error_set(ld->err, ld->file, n ? n->line : 0, n ? n->col : 0, "%s", msg);
	if (n)
		boe_error_excerpt(ld->err, ld->text, ld->len);
	return false;
}

static bool known_keys(Loader *ld, const YNode *map, const char *const *keys, size_t nk, const char *what)
{
	for (size_t i = 0; i + 1 < map->nkids; i += 2) {
		const YNode *k = map->kids[i];
		bool ok = false;
		for (size_t j = 0; j < nk && !ok; j++)
			ok = strcmp(k->value, keys[j]) == 0;
		if (ok)
			continue;
		const char *s = suggest_name(k->value, keys, nk);
		if (s)
			return fail_at(ld, k, "unknown key '%s' in %s (did you mean '%s'?)", k->value, what, s);
		return fail_at(ld, k, "unknown key '%s' in %s", k->value, what);
	}
	return true;
}

/* A scalar's text, or NULL (with the error) when it is there but not text. */
static bool scalar(Loader *ld, const YNode *map, const char *key, const char **out)
{
	const YNode *v = ytree_get(map, key);
	*out = NULL;
	if (!v)
		return true;
	if (v->kind != Y_SCALAR)
		return fail_at(ld, v, "'%s' should be text, not a %s", key, ytree_kind_name(v->kind));
	*out = v->value;
	return true;
}

/* Evaluates a figure of the units language ("0.5 ns", "1,024", "99.9%"). */
static bool figure(const char *text, double *v, Dim *dim, char *why, size_t nwhy)
{
	ExprError e;
	Fault f;
	Node *n = expr_parse(text, &e);
	bool ok = n && expr_bind(n, NULL, &e);
	if (ok && !expr_eval_const(n, NULL, v, &f)) {
		ok = false;
		snprintf(e.msg, sizeof e.msg, "cannot be worked out");
	}
	if (ok)
		*dim = n->dim;
	else
		snprintf(why, nwhy, "%.190s", e.msg);
	expr_free(n);
	return ok && isfinite(*v);
}

/* The unit of a figure as written: "0.5 ns" -> "ns", "2.592M" -> "", "11.6/s" -> "/s". */
static char *unit_of(const char *text)
{
	const char *p = text;
	while (*p == ' ' || *p == '~')
		p++;
	while ((*p >= '0' && *p <= '9') || *p == '.' || *p == ',' || *p == '_')
		p++;
	if (strchr("KMBT", *p) && *p && (p[1] == '\0' || p[1] == ' ' || p[1] == '/'))
		p++;
	while (*p == ' ')
		p++;
	char *u = xstrdup(p);
	size_t l = strlen(u);
	while (l > 0 && u[l - 1] == ' ')
		u[--l] = '\0';
	return u;
}

static const char *const card_keys[] = {
	"id", "front", "answer", "upto", "shown", "approx", "note", "grading", "tolerance", "unit",
};
static const char *const deck_keys[] = {
	"boe-cards", "name", "title", "source", "grading", "tolerance", "cards",
};

static void card_free(Card *c)
{
	free(c->key);
	free(c->deck);
	free(c->id);
	free(c->front);
	free(c->answer);
	free(c->shown);
	free(c->note);
	free(c->unit);
	free(c->file);
}

static bool read_tolerance(Loader *ld, const YNode *map, double *tol)
{
	const YNode *t = ytree_get(map, "tolerance");
	if (!t)
		return true;
	double v;
	Dim d;
	char why[256];
	if (t->kind != Y_SCALAR || !figure(t->value, &v, &d, why, sizeof why) || !dim_none(d) ||
	    !(v > 0) || v >= 1)
		return fail_at(ld, t, "tolerance should be a share such as 10%%");
	*tol = v;
	return true;
}

static bool read_card(Loader *ld, const YNode *n, const char *deck, CardGrading dgrade, double dtol,
		      Card *c)
{
	memset(c, 0, sizeof *c);
	if (n->kind != Y_MAP)
		return fail_at(ld, n, "a card should be a mapping (id, front, answer), not a %s",
			       ytree_kind_name(n->kind));
	if (!known_keys(ld, n, card_keys, ARRAY_LEN(card_keys), "a card"))
		return false;
	const char *id, *front, *answer, *upto, *shown, *note, *grading, *unit;
	if (!scalar(ld, n, "id", &id) || !scalar(ld, n, "front", &front) ||
	    !scalar(ld, n, "answer", &answer) || !scalar(ld, n, "upto", &upto) ||
	    !scalar(ld, n, "shown", &shown) || !scalar(ld, n, "note", &note) ||
	    !scalar(ld, n, "grading", &grading) || !scalar(ld, n, "unit", &unit))
		return false;
	if (!id || !id[0])
		return fail_at(ld, n, "a card needs an id (a short name such as l1-cache)");
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			return fail_at(ld, ytree_get(n, "id"), "a card id is written with a-z, 0-9, '-' and '.', not '%s'", id);
	if (!front || !front[0])
		return fail_at(ld, n, "card '%s' needs a front (the question)", id);
	if (!answer || !answer[0])
		return fail_at(ld, n, "card '%s' needs an answer (a figure such as 0.5 ns)", id);
	c->grading = dgrade;
	c->tolerance = dtol;
	if (grading && !grading_parse(grading, &c->grading)) {
		const char *s = suggest_name(grading, grading_names, CARD_GRADING_COUNT);
		return fail_at(ld, ytree_get(n, "grading"), "unknown grading '%s'%s%s%s", grading,
			       s ? " (did you mean '" : " (magnitude, exact, tolerance or nines)", s ? s : "",
			       s ? "'?)" : "");
	}
	if (!read_tolerance(ld, n, &c->tolerance))
		return false;
	char why[256];
	if (!figure(answer, &c->value, &c->dim, why, sizeof why))
		return fail_at(ld, ytree_get(n, "answer"), "card '%s': the answer '%s' is not a figure: %s", id,
			       answer, why);
	c->upto = c->value;
	if (upto) {
		Dim d;
		if (!figure(upto, &c->upto, &d, why, sizeof why) || !dim_eq(d, c->dim) || c->upto < c->value)
			return fail_at(ld, ytree_get(n, "upto"),
				       "card '%s': upto should be a figure of the answer's unit, above it", id);
	}
	const YNode *ap = ytree_get(n, "approx");
	if (ap) {
		size_t na = ap->kind == Y_SEQ ? ap->nkids : 1;
		if (na > ARRAY_LEN(c->approx))
			return fail_at(ld, ap, "card '%s': at most %zu approximations", id, ARRAY_LEN(c->approx));
		for (size_t i = 0; i < na; i++) {
			const YNode *a = ap->kind == Y_SEQ ? ap->kids[i] : ap;
			Dim d;
			if (a->kind != Y_SCALAR || !figure(a->value, &c->approx[i], &d, why, sizeof why) ||
			    !dim_eq(d, c->dim))
				return fail_at(ld, a, "card '%s': an approximation should be a figure like the answer", id);
		}
		c->napprox = na;
	}
	c->unit = unit ? xstrdup(unit) : unit_of(answer);
	c->unit_factor = 1;
	if (c->unit[0]) {
		ExprError e;
		Dim ud;
		if (!expr_parse_display(c->unit, &c->disp, &ud, &e) || !dim_eq(ud, c->dim))
			return fail_at(ld, ytree_get(n, unit ? "unit" : "answer"),
				       "card '%s': '%s' is not a unit of the answer", id, c->unit);
		char *one = c->unit[0] == '/' || c->unit[0] == '%' ? xasprintf("1%s", c->unit)
								     : xasprintf("1 %s", c->unit);
		Dim d1;
		bool ok = figure(one, &c->unit_factor, &d1, why, sizeof why);
		free(one);
		if (!ok)
			return fail_at(ld, ytree_get(n, "answer"), "card '%s': '%s' is not a unit", id, c->unit);
		/* shown in its own unit, not rescaled (0.5 ns, not 500 ps) */
		if (!c->disp.fixed_name[0] && !c->disp.percent && !c->disp.per_time) {
			snprintf(c->disp.fixed_name, sizeof c->disp.fixed_name, "%s", c->unit);
			c->disp.fixed_scale = c->unit_factor;
		}
	}
	c->deck = xstrdup(deck);
	c->id = xstrdup(id);
	c->key = xasprintf("%s/%s", deck, id);
	c->front = text_sanitize(front, 0);
	c->answer = xstrdup(answer);
	c->shown = text_sanitize(shown ? shown : answer, 0);
	c->note = note ? text_sanitize(note, 0) : NULL;
	c->file = xstrdup(ld->file);
	c->line = n->line;
	return true;
}

static bool deck_name_ok(const char *s)
{
	if (!s[0])
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

/* Adds the deck in text to set. */
static bool load_into(CardSet *set, const char *text, size_t len, const char *file, BoeError *err)
{
	Loader ld = {file, text, len, err};
	YNode *root = ytree_parse(text, len, file, err);
	if (!root)
		return false;
	bool ok = true;
	const char *ver, *name, *title, *source, *grading;
	if (root->kind != Y_MAP) {
		ok = fail_at(&ld, root, "a deck should be a mapping (boe-cards, name, title, cards), not a %s",
			     ytree_kind_name(root->kind));
		goto out;
	}
	ok = known_keys(&ld, root, deck_keys, ARRAY_LEN(deck_keys), "a deck") &&
	     scalar(&ld, root, "boe-cards", &ver) && scalar(&ld, root, "name", &name) &&
	     scalar(&ld, root, "title", &title) && scalar(&ld, root, "source", &source) &&
	     scalar(&ld, root, "grading", &grading);
	if (!ok)
		goto out;
	if (!ver || strcmp(ver, "1") != 0) {
		ok = fail_at(&ld, ver ? ytree_get(root, "boe-cards") : root,
			     "a deck starts with 'boe-cards: 1' (the format's version)");
		goto out;
	}
	if (!name || !deck_name_ok(name)) {
		ok = fail_at(&ld, name ? ytree_get(root, "name") : root,
			     "a deck needs a name written with a-z, 0-9 and '-'");
		goto out;
	}
	for (size_t i = 0; i < set->ndecks; i++)
		if (strcmp(set->decks[i].name, name) == 0)
			goto out;	/* the first deck of a name wins */
	CardGrading dg = CARD_TOLERANCE;
	double dtol = 0.10;
	if (grading && !grading_parse(grading, &dg)) {
		ok = fail_at(&ld, ytree_get(root, "grading"),
			     "unknown grading '%s' (magnitude, exact, tolerance or nines)", grading);
		goto out;
	}
	if (!(ok = read_tolerance(&ld, root, &dtol)))
		goto out;
	const YNode *cards = ytree_get(root, "cards");
	if (!cards || cards->kind != Y_SEQ || cards->nkids == 0) {
		ok = fail_at(&ld, cards ? cards : root, "a deck needs cards: a list of id, front, answer");
		goto out;
	}
	size_t first = set->ncards;
	set->cards = xrealloc(set->cards, (set->ncards + cards->nkids) * sizeof *set->cards);
	for (size_t i = 0; i < cards->nkids && ok; i++) {
		Card *c = &set->cards[set->ncards];
		ok = read_card(&ld, cards->kids[i], name, dg, dtol, c);
		for (size_t j = first; ok && j < set->ncards; j++)
			if (strcmp(set->cards[j].id, c->id) == 0)
				ok = fail_at(&ld, cards->kids[i], "card id '%s' is used twice (line %d)", c->id,
					     set->cards[j].line);
		if (ok)
			set->ncards++;
		else
			card_free(c);
	}
	if (!ok) {
		while (set->ncards > first)
			card_free(&set->cards[--set->ncards]);
		goto out;
	}
	set->decks = xrealloc(set->decks, (set->ndecks + 1) * sizeof *set->decks);
	set->decks[set->ndecks++] = (Deck){
		xstrdup(name), text_sanitize(title ? title : name, 0),
		source ? text_sanitize(source, 0) : NULL, xstrdup(file), first, set->ncards - first,
	};
out:
	ytree_free(root);
	return ok;
}

CardSet *cards_load_string(const char *text, size_t n, const char *file, BoeError *err)
{
	CardSet *set = xcalloc(1, sizeof *set);
	if (!load_into(set, text, n, file, err)) {
		cards_free(set);
		return NULL;
	}
	return set;
}

static bool load_file(CardSet *set, const char *path, BoeError *err)
{
	size_t n;
	char *text = file_read(path, DECK_MAX, NULL, &n, err);
	if (!text)
		return false;
	bool ok = load_into(set, text, n, path, err);
	free(text);
	return ok;
}

static bool yaml_name(const char *f)
{
	size_t l = strlen(f);
	return f[0] != '.' && ((l > 5 && strcmp(f + l - 5, ".yaml") == 0) ||
			       (l > 4 && strcmp(f + l - 4, ".yml") == 0));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every deck file of the search path, directory by directory, names sorted. */
static char **deck_files(size_t *n)
{
	size_t nd;
	char **dirs = cards_dirs(&nd);
	char **files = NULL;
	*n = 0;
	for (size_t d = 0; d < nd; d++) {
		DIR *dir = opendir(dirs[d]);
		if (!dir)
			continue;
		size_t from = *n;
		struct dirent *de;
		while ((de = readdir(dir)) != NULL)
			if (yaml_name(de->d_name)) {
				files = xrealloc(files, (*n + 1) * sizeof *files);
				files[(*n)++] = xasprintf("%s/%s", dirs[d], de->d_name);
			}
		closedir(dir);
		qsort(files + from, *n - from, sizeof *files, cmp_str);
	}
	for (size_t d = 0; d < nd; d++)
		free(dirs[d]);
	free(dirs);
	return files;
}

CardSet *cards_load(const char *const *names, size_t n, BoeError *err)
{
	CardSet *all = xcalloc(1, sizeof *all);
	size_t nf;
	char **files = deck_files(&nf);
	bool ok = true;
	bool paths_only = n > 0;
	for (size_t i = 0; i < n; i++)
		paths_only = paths_only && preset_arg_is_path(names[i]);
	for (size_t i = 0; i < nf && ok && !paths_only; i++)
		ok = load_file(all, files[i], err);
	for (size_t i = 0; i < nf; i++)
		free(files[i]);
	free(files);
	if (!ok || n == 0) {
		if (!ok) {
			cards_free(all);
			return NULL;
		}
		return all;
	}
	/* the named decks, in the order named */
	CardSet *set = xcalloc(1, sizeof *set);
	for (size_t i = 0; i < n && ok; i++) {
		if (preset_arg_is_path(names[i])) {
			ok = load_file(set, names[i], err);
			continue;
		}
		const Deck *found = NULL;
		for (size_t d = 0; d < all->ndecks && !found; d++)
			if (strcmp(all->decks[d].name, names[i]) == 0)
				found = &all->decks[d];
		if (!found) {
			const char **cands = xcalloc(all->ndecks + 1, sizeof *cands);
			for (size_t d = 0; d < all->ndecks; d++)
				cands[d] = all->decks[d].name;
			const char *s = suggest_name(names[i], cands, all->ndecks);
			if (s)
				boe_error_set(err, "", 0, 0, "no deck called '%s' (did you mean '%s'?)", names[i], s);
			else
				boe_error_set(err, "", 0, 0, "no deck called '%s'; 'boe cards --list' lists them",
					      names[i]);
			free(cands);
			ok = false;
			break;
		}
		ok = load_file(set, found->path, err);
	}
	cards_free(all);
	if (!ok) {
		cards_free(set);
		return NULL;
	}
	return set;
}

void cards_free(CardSet *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->ncards; i++)
		card_free(&set->cards[i]);
	free(set->cards);
	for (size_t i = 0; i < set->ndecks; i++) {
		free(set->decks[i].name);
		free(set->decks[i].title);
		free(set->decks[i].source);
		free(set->decks[i].path);
	}
	free(set->decks);
	free(set);
}

/* ---- grading ---- */

static bool near_rel(double v, double c, double tol)
{
	return fabs(v - c) <= tol * fabs(c) * (1 + 1e-9) || (c == 0 && v == 0);
}

/* "10× too high", "3.2× too low". */
static void how_far(double v, double c, char *out, size_t n)
{
	if (!(c > 0) || !(v > 0)) {
		snprintf(out, n, "%s", v < 0 ? "of the wrong sign" : "not the figure");
		return;
	}
	double r = v > c ? v / c : c / v;
	char num[32];
	units_format_plain(r, r >= 10 ? 2 : 2, num, sizeof num);
	snprintf(out, n, "%s× too %s", num, v > c ? "high" : "low");
}

/* A whole number with its thousands grouped: 1,048,576. */
static void group_digits(double v, char *out, size_t n)
{
	char digits[32];
	snprintf(digits, sizeof digits, "%.0f", fabs(v));
	size_t len = strlen(digits), k = 0;
	char tmp[48];
	if (v < 0)
		tmp[k++] = '-';
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			tmp[k++] = ',';
		tmp[k++] = digits[i];
	}
	tmp[k] = '\0';
	snprintf(out, n, "%s", tmp);
}

bool card_grade(const Card *c, const char *text, CardGrade *out, char *msg, size_t msgn)
{
	memset(out, 0, sizeof *out);
	AnswerRead ar;
	if (!answer_read(text, c->dim, c->unit, c->unit_factor, false, &ar, msg, msgn))
		return false;
	out->value = ar.value;
	if (!dim_eq(ar.dim, c->dim)) {
		char want[64], got[64];
		dim_name(c->dim, want, sizeof want);
		dim_name(ar.dim, got, sizeof got);
		snprintf(out->answer_text, sizeof out->answer_text, "%.60s", ar.canonical);
		snprintf(out->detail, sizeof out->detail, "a %s is asked, not a %s", want, got);
		return true;
	}
	out->read = true;
	double v = ar.value;
	if (c->grading == CARD_EXACT && dim_none(c->dim) && v == floor(v) && fabs(v) < 1e16 &&
	    fabs(v) == floor(fabs(v)) && fmod(fabs(v), 1000) != 0)
		group_digits(v, out->answer_text, sizeof out->answer_text);	/* 1,048,576, not 1.05M */
	else
		units_format(v, c->dim, &c->disp, NULL, out->answer_text, sizeof out->answer_text);
	out->band = INFINITY;
	switch (c->grading) {
	case CARD_MAGNITUDE:
		out->right = v > 0 && v >= c->value / MAGNITUDE * (1 - 1e-9) &&
			     v <= c->upto * MAGNITUDE * (1 + 1e-9);
		/* orders of magnitude off the figure (or the range), in half orders */
		if (v > 0 && c->value > 0)
			out->band = (v < c->value ? log10(c->value / v) : v > c->upto ? log10(v / c->upto) : 0) /
				    log10(MAGNITUDE);
		if (out->right)
			snprintf(out->detail, sizeof out->detail, "the right order of magnitude");
		else
			how_far(v, v > c->upto ? c->upto : c->value, out->detail, sizeof out->detail);
		break;
	case CARD_EXACT: {
		if (near_rel(v, c->value, EXACT_TOL)) {
			out->right = true;
			out->band = 0;
			snprintf(out->detail, sizeof out->detail, "exact");
			break;
		}
		for (size_t i = 0; i < c->napprox && !out->right; i++)
			out->right = near_rel(v, c->approx[i], EXACT_TOL);
		/* wrong: within 5% of the figure is as near as twice the allowance (a digit off) */
		out->band = out->right ? 0 : c->value != 0 ? 1 + fabs(v - c->value) / fabs(c->value) / 0.05 : INFINITY;
		if (out->right)
			snprintf(out->detail, sizeof out->detail, "the usual approximation");
		else
			snprintf(out->detail, sizeof out->detail, "neither exact nor the usual approximation");
		break;
	}
	case CARD_TOLERANCE:
		out->right = near_rel(v, c->value, c->tolerance);
		if (c->value != 0 && c->tolerance > 0)
			out->band = fabs(v - c->value) / fabs(c->value) / c->tolerance;
		if (out->right)
			snprintf(out->detail, sizeof out->detail, "within %g%%", 100 * c->tolerance);
		else
			how_far(v, c->value, out->detail, sizeof out->detail);
		break;
	case CARD_NINES: {
		double down = 1 - c->value, said = 1 - v;
		out->right = near_rel(said, down, c->tolerance);
		if (down > 0 && said >= 0 && c->tolerance > 0)
			out->band = fabs(said - down) / down / c->tolerance;
		if (out->right) {
			snprintf(out->detail, sizeof out->detail, "the right nines");
		} else if (said > 0 && down > 0) {
			char far[64];
			how_far(said, down, far, sizeof far);
			snprintf(out->detail, sizeof out->detail, "what it leaves down is %s", far);
		} else {
			snprintf(out->detail, sizeof out->detail, "availability lies between 0 and 100%%");
		}
		break;
	}
	default:
		break;
	}
	return true;
}

int card_quality(const CardGrade *g, double time_s)
{
	if (!g->right)
		return g->read && g->band <= 2 ? CARDS_QUALITY_NEAR : CARDS_QUALITY_WRONG;
	bool close = g->band <= CARDS_CLOSE_BAND, quick = time_s <= CARDS_QUICK_S;
	return close && quick ? CARDS_QUALITY_PERFECT : close || quick ? CARDS_QUALITY_RIGHT : CARDS_QUALITY_HARD;
}

/* ---- the schedule ---- */

char *cards_schedule_path(BoeError *err)
{
	char *path = state_user_file("cards.jsonl");
	if (!path)
		boe_error_set(err, "", 0, 0, "no place for the card schedule: set XDG_STATE_HOME or HOME");
	return path;
}

static CardState *state_add(CardSchedule *sc, const char *key)
{
	if (sc->n == sc->cap) {
		sc->cap = sc->cap ? sc->cap * 2 : 32;
		sc->st = xrealloc(sc->st, sc->cap * sizeof *sc->st);
	}
	CardState *s = &sc->st[sc->n++];
	*s = (CardState){xstrdup(key), CARDS_EF_START, 0, 0, 0, -1, 0, 0, 0, 0, false};
	return s;
}

static bool clamp_int(double v, int lo, int hi, int *out)
{
	if (!isfinite(v) || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

static bool state_from_json(const JVal *o, void *ctx)
{
	CardSchedule *sc = ctx;
	const char *key = json_str(o, "card");
	long due, last = -1;
	if (!key || !key[0] || !day_parse(json_str(o, "due"), &due))
		return false;
	const char *ls = json_str(o, "last");
	if (ls && !day_parse(ls, &last))
		return false;
	int reps, lapses, seen, right;
	double ef = json_num(o, "ef", CARDS_EF_START), interval = json_num(o, "interval", 0);
	if (!clamp_int(json_num(o, "reps", 0), 0, 100000, &reps) ||
	    !clamp_int(json_num(o, "lapses", 0), 0, 100000, &lapses) ||
	    !clamp_int(json_num(o, "seen", 0), 0, 10000000, &seen) ||
	    !clamp_int(json_num(o, "right", 0), 0, 10000000, &right) || !(interval >= 0) ||
	    interval > 36500)
		return false;
	if (cards_state(sc, key))
		return false;	/* a second line for one card: the first stands */
	CardState *s = state_add(sc, key);
	s->ef = ef < CARDS_EF_MIN ? CARDS_EF_MIN : ef > 5 ? 5 : ef;
	s->reps = reps;
	s->interval = (long)interval;
	s->due = due;
	s->last = last;
	s->lapses = lapses;
	s->seen = seen;
	s->right = right > seen ? seen : right;
	s->time_s = json_num(o, "time_s", 0);
	if (s->time_s < 0)
		s->time_s = 0;
	return true;
}

CardSchedule *cards_schedule_parse(const char *text, size_t n)
{
	CardSchedule *sc = xcalloc(1, sizeof *sc);
	sc->bad_lines = json_lines(text, n, state_from_json, sc);
	return sc;
}

CardSchedule *cards_schedule_load(const char *path, BoeError *err)
{
	char *own = NULL;
	if (!path) {
		own = cards_schedule_path(err);
		if (!own)
			return NULL;
		path = own;
	}
	size_t n;
	char *text = file_read_state(path, SCHEDULE_MAX, &n, err);
	CardSchedule *sc = text ? cards_schedule_parse(text, n) : NULL;
	free(text);
	free(own);
	return sc;
}

bool cards_schedule_save(CardSchedule *sc, const char *path, BoeError *err)
{
	char *own = NULL;
	if (!path) {
		own = cards_schedule_path(err);
		if (!own)
			return false;
		path = own;
	}
	char *dir = file_dir_of(path);
	bool ok = mkdir_p(dir, err);
	free(dir);
	/* the file as it is now, sc's answers over it */
	CardSchedule *now = NULL;
	size_t len;
	BoeError read_err;
	char *text = ok ? file_read_state(path, SCHEDULE_MAX, &len, &read_err) : NULL;
	if (text) {
		now = cards_schedule_parse(text, len);
		for (size_t i = 0; i < sc->n; i++) {
			const CardState *ours = &sc->st[i];
			CardState *there = cards_state(now, ours->key);
			if (there && !ours->reviewed)
				continue;
			if (!there)
				there = state_add(now, ours->key);
			char *key = there->key;
			*there = *ours;
			there->key = key;
		}
		free(text);
	}
	const CardSchedule *out = now ? now : sc;
	Buf b = {0};
	for (size_t i = 0; ok && i < out->n; i++) {
		const CardState *s = &out->st[i];
		char due[16], last[16];
		day_format(s->due, due, sizeof due);
		buf_add(&b, "{\"card\":");
		json_string(s->key, &b);
		buf_printf(&b, ",\"ef\":%.4g,\"reps\":%d,\"interval\":%ld,\"due\":\"%s\"", s->ef, s->reps,
			   s->interval, due);
		if (s->last >= 0) {
			day_format(s->last, last, sizeof last);
			buf_printf(&b, ",\"last\":\"%s\"", last);
		}
		buf_printf(&b, ",\"lapses\":%d,\"seen\":%d,\"right\":%d,\"time_s\":%.4g}\n", s->lapses,
			   s->seen, s->right, s->time_s);
	}
	if (ok)
		ok = file_write_atomic(path, b.s ? b.s : "", b.len, err);
	for (size_t i = 0; ok && i < sc->n; i++)
		sc->st[i].reviewed = false; /* in the file now: a later save does not put them back over another's */
	buf_free(&b);
	cards_schedule_free(now);
	free(own);
	return ok;
}

void cards_schedule_free(CardSchedule *sc)
{
	if (!sc)
		return;
	for (size_t i = 0; i < sc->n; i++)
		free(sc->st[i].key);
	free(sc->st);
	free(sc);
}

CardState *cards_state(CardSchedule *sc, const char *key)
{
	for (size_t i = 0; i < sc->n; i++)
		if (strcmp(sc->st[i].key, key) == 0)
			return &sc->st[i];
	return NULL;
}

const CardState *cards_state_c(const CardSchedule *sc, const char *key)
{
	return cards_state((CardSchedule *)sc, key);
}

CardState *cards_review(CardSchedule *sc, const char *key, int q, long today, double time_s)
{
	CardState *s = cards_state(sc, key);
	if (!s)
		s = state_add(sc, key);
	q = q < 0 ? 0 : q > 5 ? 5 : q;
	s->reviewed = true;
	s->seen++;
	s->time_s += time_s > 0 ? time_s : 0;
	s->last = today;
	if (q >= 3) {
		s->right++;
		s->interval = s->reps == 0 ? 1 : s->reps == 1 ? 6 : lround((double)s->interval * s->ef);
		if (s->interval < 1)
			s->interval = 1;
		s->reps++;
	} else {
		if (s->reps > 0)
			s->lapses++;
		s->reps = 0;
		s->interval = 0;	/* again today */
	}
	s->ef += 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02);
	if (s->ef < CARDS_EF_MIN)
		s->ef = CARDS_EF_MIN;
	s->due = today + s->interval;
	return s;
}

void cards_due(const CardSet *set, const CardSchedule *sc, long today, CardsDue *out)
{
	memset(out, 0, sizeof *out);
	out->next = -1;
	out->total = set->ncards;
	for (size_t i = 0; i < set->ncards; i++) {
		const CardState *s = cards_state_c(sc, set->cards[i].key);
		if (!s)
			out->fresh++;
		else if (s->due <= today)
			out->due++;
		else if (out->next < 0 || s->due < out->next) {
			out->next = s->due;
			out->next_n = 1;
		} else if (s->due == out->next) {
			out->next_n++;
		}
	}
}

/* ---- a session ---- */

struct CardSession {
	const CardSet *set;
	CardSchedule *sc;
	CardSessionOptions o;
	size_t *queue;		/* card indices */
	bool *again;		/* queue[i] is a second asking */
	size_t nq, cap, cur;
	bool *missed;		/* per card: missed in this session (asked again once) */
	bool *fresh;		/* per card: new when the session began */
	double start, q_start;
	bool started, time_up;
	CardSessionSummary sum;
};

static double session_now(const CardSession *cs)
{
	return cs->o.clock ? cs->o.clock(cs->o.clock_ctx) : now_seconds();
}

static void enqueue(CardSession *cs, size_t card, bool again)
{
	if (cs->nq == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 32;
		cs->queue = xrealloc(cs->queue, cs->cap * sizeof *cs->queue);
		cs->again = xrealloc(cs->again, cs->cap * sizeof *cs->again);
	}
	cs->queue[cs->nq] = card;
	cs->again[cs->nq++] = again;
}

typedef struct DueCard {
	size_t i;
	long due;
} DueCard;

static int cmp_due(const void *a, const void *b)
{
	const DueCard *x = a, *y = b;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

CardSession *card_session_new(const CardSet *set, CardSchedule *sc, const CardSessionOptions *o)
{
	CardSession *cs = xcalloc(1, sizeof *cs);
	cs->set = set;
	cs->sc = sc;
	cs->o = *o;
	cs->missed = xcalloc(set->ncards + 1, sizeof *cs->missed);
	cs->fresh = xcalloc(set->ncards + 1, sizeof *cs->fresh);
	DueCard *due = xcalloc(set->ncards + 1, sizeof *due);
	size_t nd = 0, nnew = 0;
	for (size_t i = 0; i < set->ncards; i++) {
		const CardState *s = cards_state_c(sc, set->cards[i].key);
		if (s && s->due <= o->today)
			due[nd++] = (DueCard){i, s->due};
		cs->fresh[i] = !s;
	}
	qsort(due, nd, sizeof *due, cmp_due);
	for (size_t k = 0; k < nd; k++)
		enqueue(cs, due[k].i, false);
	free(due);
	for (size_t i = 0; i < set->ncards && nnew < o->max_new; i++)
		if (cs->fresh[i]) {
			enqueue(cs, i, false);
			nnew++;
		}
	return cs;
}

void card_session_free(CardSession *cs)
{
	if (!cs)
		return;
	free(cs->queue);
	free(cs->again);
	free(cs->missed);
	free(cs->fresh);
	free(cs);
}

bool card_session_time_up(const CardSession *cs)
{
	return cs->time_up;
}

const Card *card_session_next(CardSession *cs)
{
	if (cs->cur >= cs->nq)
		return NULL;
	double now = session_now(cs);
	if (!cs->started) {
		cs->started = true;
		cs->start = now;
		cs->q_start = -1;
	}
	if (cs->q_start < 0) {
		if (cs->o.limit > 0 && now - cs->start >= cs->o.limit) {
			cs->time_up = true;
			return NULL;
		}
		cs->q_start = now;
	}
	return &cs->set->cards[cs->queue[cs->cur]];
}

size_t card_session_left(const CardSession *cs)
{
	return cs->nq - cs->cur;
}

/* Records the answer to the current card (quality from its grade and time, or q when revealed) and moves on. */
static void conclude(CardSession *cs, CardResult *r, int q)
{
	double now = session_now(cs);
	if (!cs->started) {
		cs->started = true;
		cs->start = now;
	}
	if (cs->q_start < 0)
		cs->q_start = now;
	size_t ci = cs->queue[cs->cur];
	const Card *c = &cs->set->cards[ci];
	r->card = c;
	r->time_s = now - cs->q_start;
	if (q < 0)
		q = card_quality(&r->grade, r->time_s);
	r->quality = q;
	r->fresh = cs->fresh[ci] && !cs->again[cs->cur];
	CardState *s = cards_review(cs->sc, c->key, q, cs->o.today, r->time_s);
	r->interval = s->interval;
	r->due = s->due;
	cs->sum.asked++;
	cs->sum.fresh += r->fresh;
	cs->sum.again += cs->again[cs->cur];
	if (q >= 3) {
		cs->sum.right++;
	} else {
		cs->sum.missed++;
		if (!cs->missed[ci]) {
			cs->missed[ci] = true;
			enqueue(cs, ci, true);	/* SM-2: once more before the day ends */
		}
	}
	cs->sum.time_s = now - cs->start;
	cs->q_start = -1;
	cs->cur++;
}

bool card_session_answer(CardSession *cs, const char *text, CardResult *r, char *msg, size_t msgn)
{
	memset(r, 0, sizeof *r);
	if (cs->cur >= cs->nq) {
		snprintf(msg, msgn, "no card is being asked");
		return false;
	}
	const Card *c = &cs->set->cards[cs->queue[cs->cur]];
	if (!card_grade(c, text, &r->grade, msg, msgn))
		return false;
	conclude(cs, r, -1);
	return true;
}

void card_session_reveal(CardSession *cs, CardResult *r)
{
	memset(r, 0, sizeof *r);
	if (cs->cur >= cs->nq)
		return;
	r->revealed = true;
	conclude(cs, r, CARDS_QUALITY_REVEALED);
}

void card_session_summary(const CardSession *cs, CardSessionSummary *out)
{
	*out = cs->sum;
}

/* ---- words ---- */

void cards_interval_text(long interval, char *out, size_t n)
{
	if (interval <= 0)
		snprintf(out, n, "again today");
	else if (interval == 1)
		snprintf(out, n, "tomorrow");
	else
		snprintf(out, n, "in %ld days", interval);
}

void card_result_text(const CardResult *r, long today, Buf *out)
{
	(void)today;
	const Card *c = r->card;
	char when[32];
	cards_interval_text(r->interval, when, sizeof when);
	if (r->revealed)
		buf_printf(out, "shown: %s", c->shown);
	else if (r->grade.right)
		buf_printf(out, "right: %s (you said %s, %s)", c->shown, r->grade.answer_text, r->grade.detail);
	else
		buf_printf(out, "wrong: %s (you said %s, %s)", c->shown, r->grade.answer_text, r->grade.detail);
	if (c->note)
		buf_printf(out, "; %s", c->note);
	/* how the recall counts for the schedule (SM-2's quality), where it is more than right or wrong */
	static const char *const recall[6] = {NULL, NULL, "a near miss", "recall: hard", "recall: good", "recall: easy"};
	if (!r->revealed && r->quality >= 0 && r->quality <= 5 && recall[r->quality])
		buf_printf(out, " | %s", recall[r->quality]);
	buf_printf(out, " | next: %s", when);
}

void cards_due_text(const CardsDue *d, long today, Buf *out)
{
	(void)today;
	buf_printf(out, "%zu due today, %zu new, of %zu card%s", d->due, d->fresh, d->total,
		   d->total == 1 ? "" : "s");
	if (d->next >= 0) {
		char day[16];
		day_format(d->next, day, sizeof day);
		buf_printf(out, "; next due %s (%zu card%s)", day, d->next_n, d->next_n == 1 ? "" : "s");
	}
}
