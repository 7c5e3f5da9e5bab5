/*
 * Changing values: the line editor, the prompts (edit, find, paths, yes/no),
 * applying a change through the engine (scenario_override / scenario_reset,
 * which change nothing when they refuse), the highlight of what moved, undo
 * and redo, and the quick nudges that rewrite the number the user typed.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

#define HIGHLIGHT_S 1.5

/* ---- line editor (the editing itself is in lineedit.c) ---- */

void le_draw(LineEdit *le, int y, int x, int w, Style st, bool show_cursor)
{
	if (!le->buf)
		le_set(le, "");
	if (w < 2)
		return;
	le_fit(le, w, ui_width);
	ui_fill(y, x, w, st);
	ui_text(y, x, w, le->buf + le->scroll, st);
	if (show_cursor) {
		le->cy = y;
		le->cx = x + le_span_width(le, le->scroll, le->cur, ui_width);
	}
}

/* ---- highlights ---- */

bool edit_highlighting(const App *a)
{
	double t = now_seconds();
	for (size_t i = 0; i < a->nchanged; i++)
		if (a->changed_dir[i] && t - a->changed_at[i] < HIGHLIGHT_S)
			return true;
	return false;
}

static double *snapshot(const Scenario *s)
{
	double *v = xmalloc(s->nq * sizeof *v);
	for (size_t i = 0; i < s->nq; i++)
		v[i] = s->q[i].value;
	return v;
}

/* Marks every number that moved since old (and clears the marks of the change before). */
static void mark_changes(App *a, const double *old)
{
	double t = now_seconds();
	for (size_t i = 0; i < a->nchanged && i < a->s->nq; i++) {
		double v = a->s->q[i].value;
		bool same = v == old[i] || (isnan(v) && isnan(old[i])) ||
			    fabs(v - old[i]) <= 1e-12 * fmax(fabs(v), fabs(old[i]));
		a->changed_dir[i] = same ? 0 : v > old[i] ? 1 : -1;
		a->changed_at[i] = same ? 0 : t;
	}
}

/* ---- applying changes ---- */

static bool as_in_file(const Quantity *q)
{
	return q->origin == q->file_origin && strcmp(q->text, q->file_text) == 0;
}

/* The expression as it stands, or NULL when it is what the file (or the default) says. Caller frees. */
static char *state_of(const Quantity *q)
{
	return as_in_file(q) ? NULL : xstrdup(q->text);
}

static bool apply_state(Scenario *s, const char *name, const char *text, BoeError *err)
{
	if (!text)
		return scenario_reset(s, name, err);
	return scenario_override(s, name, text, "edit", err);
}

int block_quantity(const Scenario *s, int index, BlockField f)
{
	if (f == BF_TARGET)
		return s->q_target;
	if (f == BF_TIME)
		return index >= 0 && (size_t)index < s->nhops ? s->hops[index].q_time : -1;
	if (index < 0 || (size_t)index >= s->ntiers)
		return -1;
	return f == BF_AVAIL ? s->tiers[index].q_avail : s->tiers[index].q_replicas;
}

/* One side of a change: the after side, or the before side for undo. */
static bool change_side(Scenario *s, const Change *c, bool undo, BoeError *err)
{
	const char *t = undo ? c->before : c->after;
	switch (c->kind) {
	case CH_VALUE:
		return apply_state(s, c->name, t, err);
	case CH_BLOCK: {
		int qi = block_quantity(s, c->index, c->field);
		if (qi < 0) {
			boe_error_set(err, "edit", 0, 0, "%s is gone", c->name);
			return false;
		}
		return scenario_set_block_input(s, qi, t, err);
	}
	case CH_DEFINE:
		/* undoing a removal puts the quantity back where it stood, as the file had it */
		if (t && undo && !c->after && scenario_restore_define(s, c->name, err))
			return true;
		return t ? scenario_add_define(s, c->name, t, err) : scenario_remove_define(s, c->name, err);
	case CH_TIER:
		return t ? scenario_add_tier(s, (size_t)c->index, c->name, t, c->extra, err)
			 : scenario_remove_tier(s, (size_t)c->index, err);
	case CH_HOP:
		if (!t)
			return scenario_remove_hop(s, (size_t)c->index, err);
		if (!scenario_add_hop(s, (size_t)c->index, c->name, t, err))
			return false;
		/* the last hop took the target along when it went: it comes back with it */
		if (c->extra && s->nhops == 1)
			scenario_set_block_input(s, s->q_target, c->extra, err);
		return true;
	}
	return false;
}

static void free_change(Change *c)
{
	free(c->name);
	free(c->before);
	free(c->after);
	free(c->extra);
}

static void free_edit(Edit *e)
{
	for (int k = 0; k < e->n; k++)
		free_change(&e->ch[k]);
	free(e->ch);
}

static void history_push(History *h, Edit e)
{
	for (int i = h->pos; i < h->n; i++)
		free_edit(&h->e[i]);
	h->n = h->pos;
	if (h->saved > h->n)
		h->saved = -1;
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->e = xrealloc(h->e, (size_t)h->cap * sizeof *h->e);
	}
	h->e[h->n++] = e;
	h->pos = h->n;
}

void history_clear(History *h)
{
	for (int i = 0; i < h->n; i++)
		free_edit(&h->e[i]);
	h->n = h->pos = h->saved = 0;
	h->saved_any = false;
}

void edit_error_text(const BoeError *e, char *out, size_t n)
{
	if (strcmp(e->file, "edit") == 0)
		snprintf(out, n, "%s", e->msg);
	else
		boe_error_format(e, out, n);
}

static void start_timing(App *a, double t0, double t1)
{
	a->edit_t0 = t0;
	a->edit_recompute_ms = (t1 - t0) * 1000;
}

bool edit_apply(App *a, const char *name, const char *text, BoeError *err)
{
	Scenario *s = a->s;
	int qi = scenario_find(s, name);
	if (qi < 0) {
		boe_error_set(err, "", 0, 0, "unknown quantity '%s'", name);
		return false;
	}
	double *old = snapshot(s);
	char *before = state_of(&s->q[qi]);
	double t0 = now_seconds();
	bool ok = apply_state(s, name, text, err);
	double t1 = now_seconds();
	if (!ok) {
		free(before);
		free(old);
		return false;
	}
	char *after = state_of(&s->q[qi]);
	bool same = (!before && !after) || (before && after && strcmp(before, after) == 0);
	if (same) {
		free(before);
		free(after);
	} else {
		Change *c = xmalloc(sizeof *c);
		*c = (Change){.kind = CH_VALUE, .name = xstrdup(name), .before = before, .after = after};
		history_push(&a->hist, (Edit){c, 1});
	}
	mark_changes(a, old);
	free(old);
	start_timing(a, t0, t1);
	return true;
}

/* The selected quantity's name, kept across changes that move indices. */
static void selected_name(const App *a, char *out, size_t n)
{
	int q = a->nrows ? a->rows[a->sel].q : -1;
	snprintf(out, n, "%s", q >= 0 && (size_t)q < a->s->nq ? a->s->q[q].name : "");
}

bool edit_change(App *a, Change c, BoeError *err)
{
	Scenario *s = a->s;
	size_t nq = s->nq;
	char keep[128];
	selected_name(a, keep, sizeof keep);
	double *old = snapshot(s);
	double t0 = now_seconds();
	bool ok = change_side(s, &c, false, err);
	double t1 = now_seconds();
	if (!ok) {
		free_change(&c);
		free(old);
		return false;
	}
	Change *ch = xmalloc(sizeof *ch);
	*ch = c;
	history_push(&a->hist, (Edit){ch, 1});
	if (s->nq != nq)
		app_structure_changed(a, keep);
	else
		mark_changes(a, old);
	free(old);
	start_timing(a, t0, t1);
	return true;
}

/* Re-applies one side of a recorded edit (undo: the befores, last first). */
static bool replay(App *a, const Edit *e, bool undo)
{
	double *old = snapshot(a->s);
	double t0 = now_seconds();
	bool ok = true;
	BoeError err;
	size_t nq = a->s->nq;
	char keep[128];
	selected_name(a, keep, sizeof keep);
	for (int k = 0; k < e->n && ok; k++) {
		const Change *c = &e->ch[undo ? e->n - 1 - k : k];
		ok = change_side(a->s, c, undo, &err);
	}
	double t1 = now_seconds();
	if (!ok) {
		char m[700];
		edit_error_text(&err, m, sizeof m);
		app_message(a, ST_ERROR, "%s failed: %s", undo ? "undo" : "redo", m);
	}
	if (a->s->nq != nq)
		app_structure_changed(a, keep);
	else
		mark_changes(a, old);
	free(old);
	start_timing(a, t0, t1);
	return ok;
}

static void describe(App *a, const char *verb, const Edit *e, bool undo)
{
	if (e->n == 1) {
		const Change *c = &e->ch[0];
		const char *t = undo ? c->before : c->after;
		switch (c->kind) {
		case CH_VALUE:
			app_message(a, ST_NORMAL, "%s: %s = %s", verb, c->name, t ? t : "(as the file says)");
			break;
		case CH_BLOCK:
			app_message(a, ST_NORMAL, "%s: %s = %s", verb, c->name, t);
			break;
		case CH_DEFINE: case CH_TIER: case CH_HOP:
			app_message(a, ST_NORMAL, "%s: %s %s %s", verb, t ? "added" : "removed",
				    c->kind == CH_DEFINE ? "quantity" : c->kind == CH_TIER ? "tier" : "hop", c->name);
			break;
		}
		int qi = c->kind == CH_VALUE || c->kind == CH_DEFINE ? scenario_find(a->s, c->name) : -1;
		if (qi >= 0)
			sheet_select(a, qi);
	} else {
		app_message(a, ST_NORMAL, "%s: %d values", verb, e->n);
	}
}

int edit_undo(App *a)
{
	if (a->hist.pos == 0) {
		app_message(a, ST_DIM, "nothing to undo");
		return UI_REDRAW;
	}
	const Edit *e = &a->hist.e[a->hist.pos - 1];
	if (replay(a, e, true))
		a->hist.pos--;
	describe(a, "undone", e, true);
	return UI_REDRAW;
}

int edit_redo(App *a)
{
	if (a->hist.pos == a->hist.n) {
		app_message(a, ST_DIM, "nothing to redo");
		return UI_REDRAW;
	}
	const Edit *e = &a->hist.e[a->hist.pos];
	if (replay(a, e, false))
		a->hist.pos++;
	describe(a, "redone", e, false);
	return UI_REDRAW;
}

static int selected(const App *a)
{
	return a->nrows ? a->rows[a->sel].q : -1;
}

int edit_reset(App *a)
{
	int qi = selected(a);
	if (qi < 0)
		return UI_HANDLED;
	const Quantity *q = &a->s->q[qi];
	if (as_in_file(q)) {
		app_message(a, ST_DIM, "%s is already what the %s says", q->name,
			    q->file_origin == ORIGIN_DEFAULT ? "default" : "file");
		return UI_REDRAW;
	}
	char name[128];
	snprintf(name, sizeof name, "%s", q->name);
	BoeError err;
	if (edit_apply(a, name, NULL, &err)) {
		app_message(a, ST_NORMAL, "%s is back to %s", name, a->s->q[qi].text);
	} else {
		char m[700];
		edit_error_text(&err, m, sizeof m);
		app_message(a, ST_ERROR, "%s", m);
	}
	return UI_REDRAW;
}

int edit_reset_all(App *a)
{
	Scenario *s = a->s;
	Edit e = {NULL, 0};
	double *old = snapshot(s);
	double t0 = now_seconds();
	for (size_t i = 0; i < s->nq; i++) {
		char *before = state_of(&s->q[i]);
		if (!before)
			continue;
		BoeError err;
		if (!scenario_reset(s, s->q[i].name, &err)) {
			free(before);
			continue;
		}
		e.ch = xrealloc(e.ch, (size_t)(e.n + 1) * sizeof *e.ch);
		e.ch[e.n++] = (Change){.kind = CH_VALUE, .name = xstrdup(s->q[i].name), .before = before};
	}
	double t1 = now_seconds();
	if (e.n == 0) {
		free(old);
		app_message(a, ST_DIM, "no edited values to reset");
		return UI_REDRAW;
	}
	history_push(&a->hist, e);
	mark_changes(a, old);
	free(old);
	start_timing(a, t0, t1);
	app_message(a, ST_NORMAL, "reset %d value%s to what the file says (z undoes)", e.n,
		    e.n == 1 ? "" : "s");
	return UI_REDRAW;
}

/* ---- nudges ---- */

/* A literal for v without exponent, with a count suffix when the original had one. */
static void number_text(double v, bool glued, int sig, char *out, size_t n)
{
	static const struct { char s; double f; } sfx[] = {{'T', 1e12}, {'B', 1e9}, {'M', 1e6}, {'K', 1e3}};
	char suffix = 0;
	if (glued)
		for (size_t i = 0; i < ARRAY_LEN(sfx); i++)
			if (fabs(v) >= sfx[i].f) {
				v /= sfx[i].f;
				suffix = sfx[i].s;
				break;
			}
	int digits = v == 0 ? 1 : (int)floor(log10(fabs(v))) + 1;
	int dec = sig - digits;
	if (dec < 0)
		dec = 0;
	if (dec > 15)
		dec = 15;
	snprintf(out, n, "%.*f", dec, v);
	if (strchr(out, '.')) {
		size_t l = strlen(out);
		while (l > 0 && out[l - 1] == '0')
			out[--l] = '\0';
		if (l > 0 && out[l - 1] == '.')
			out[--l] = '\0';
	}
	if (suffix) {
		size_t l = strlen(out);
		if (l + 1 < n) {
			out[l] = suffix;
			out[l + 1] = '\0';
		}
	}
}

/* The number literal whose scaling scales the whole expression, or NULL. */
static const Node *scaling_literal(const Node *n)
{
	while (n) {
		switch (n->kind) {
		case N_NUM:
			return n;
		case N_MUL: {
			const Node *l = scaling_literal(n->kid[0]);
			return l ? l : scaling_literal(n->kid[1]);
		}
		case N_DIV: case N_PCT: case N_CONVERT: case N_NEG:
			n = n->kid[0];
			break;
		default:
			return NULL;
		}
	}
	return NULL;
}

/* Whether text evaluates (alone) to want, in dimension d. */
static bool evaluates_to(const char *text, Dim d, double want)
{
	ExprError e;
	Node *n = expr_parse(text, &e);
	double v;
	Fault f;
	bool ok = n && expr_bind(n, NULL, &e) && dim_eq(n->dim, d) &&
		  expr_eval_const(n, NULL, &v, &f) && fabs(v - want) <= 1e-6 * fabs(want);
	expr_free(n);
	return ok;
}

/* The input's expression with its value multiplied by f, written the way the user wrote it. */
static char *scaled_text(const Quantity *q, double f)
{
	const Node *lit = q->expr ? scaling_literal(q->expr) : NULL;
	size_t tl = strlen(q->text);
	if (lit && lit->pos >= 0 && lit->end > lit->pos && (size_t)lit->end <= tl) {
		/*
		 * num holds the value with a glued suffix (100M) applied. The new
		 * number replaces the old, with as few digits as keep the value:
		 * nudges never pile up as ((x) * 2) * 2.
		 */
		for (int sig = 6; sig <= 17; sig++) {
			char num[64];
			number_text(lit->num * f, (lit->flags & NF_GLUED) != 0, sig, num, sizeof num);
			char *t = xasprintf("%.*s%s%s", lit->pos, q->text, num, q->text + lit->end);
			if (evaluates_to(t, q->dim, q->value * f))
				return t;
			free(t);
		}
	}
	if (f >= 1)
		return xasprintf("(%s) * %g", q->text, f);
	return xasprintf("(%s) / %g", q->text, 1 / f);
}

int edit_nudge(App *a, double f)
{
	int qi = selected(a);
	if (qi < 0)
		return UI_HANDLED;
	const Quantity *q = &a->s->q[qi];
	if (!q->input) {
		app_message(a, ST_WARN, "%s is computed (= %s); nudges change inputs, Enter overrides it",
			    q->name, q->formula ? q->formula : q->text);
		return UI_REDRAW;
	}
	if (q->value == 0) {
		app_message(a, ST_WARN, "%s is 0, which no factor changes; Enter to type a value", q->name);
		return UI_REDRAW;
	}
	char *text = scaled_text(q, f);
	char name[128];
	snprintf(name, sizeof name, "%s", q->name);
	BoeError err;
	if (edit_apply(a, name, text, &err)) {
		char v[96];
		scenario_format_value(a->s, qi, &a->prefs, v, sizeof v);
		app_message(a, ST_NORMAL, "%s = %s  (%s)   z undoes", name, text, v);
	} else {
		char m[700];
		edit_error_text(&err, m, sizeof m);
		app_message(a, ST_ERROR, "%s: %s", name, m);
	}
	free(text);
	return UI_REDRAW;
}

/* ---- tiers, hops and quantities of one's own ---- */

static char *trimmed(const char *s);

static void block_label(const Scenario *s, int index, BlockField f, char *out, size_t n)
{
	switch (f) {
	case BF_AVAIL: snprintf(out, n, "tier '%s' availability", s->tiers[index].name); break;
	case BF_REPLICAS: snprintf(out, n, "tier '%s' replicas", s->tiers[index].name); break;
	case BF_TIME: snprintf(out, n, "hop '%s' time", s->hops[index].name); break;
	case BF_TARGET: snprintf(out, n, "latency target"); break;
	}
}

static void say_error(App *a, const BoeError *err, char *out, size_t n)
{
	char m[600];
	edit_error_text(err, m, sizeof m);
	if (out)
		snprintf(out, n, "%.*s", (int)(n > 0 ? n - 1 : 0), m);
	else
		app_message(a, ST_ERROR, "%s", m);
}

void prompt_block(App *a, int index, BlockField f)
{
	int qi = block_quantity(a->s, index, f);
	if (qi < 0)
		return;
	prompt_open(a, PR_BLOCK, a->s->q[qi].text);
	a->prompt.index = index;
	a->prompt.field = f;
	block_label(a->s, index, f, a->prompt.label, sizeof a->prompt.label);
}

/* Sets a block field; on failure the reason goes to err_out (or the message line when NULL). */
static bool block_set_err(App *a, int index, BlockField f, const char *text, char *err_out, size_t n)
{
	int qi = block_quantity(a->s, index, f);
	if (qi < 0)
		return false;
	char label[200];
	block_label(a->s, index, f, label, sizeof label);
	if (strcmp(a->s->q[qi].text, text) == 0)
		return true;
	Change c = {.kind = CH_BLOCK, .name = xstrdup(label), .before = xstrdup(a->s->q[qi].text),
		    .after = xstrdup(text), .index = index, .field = f};
	BoeError err;
	if (!edit_change(a, c, &err)) {
		say_error(a, &err, err_out, n);
		return false;
	}
	qi = block_quantity(a->s, index, f);
	char v[96];
	scenario_format_value(a->s, qi, &a->prefs, v, sizeof v);
	app_message(a, ST_NORMAL, "%s = %s   z undoes", label, v);
	return true;
}

bool block_set(App *a, int index, BlockField f, const char *text)
{
	return block_set_err(a, index, f, text, NULL, 0);
}

void block_remove(App *a, bool hop, int i)
{
	Scenario *s = a->s;
	Change c = {.kind = hop ? CH_HOP : CH_TIER, .index = i};
	if (hop) {
		c.name = xstrdup(s->hops[i].name);
		c.before = xstrdup(s->q[s->hops[i].q_time].text);
		if (s->nhops == 1)
			c.extra = xstrdup(s->q[s->q_target].text);
	} else {
		c.name = xstrdup(s->tiers[i].name);
		c.before = xstrdup(s->q[s->tiers[i].q_avail].text);
		c.extra = xstrdup(s->q[s->tiers[i].q_replicas].text);
	}
	char name[200];
	snprintf(name, sizeof name, "%s", c.name);
	BoeError err;
	if (edit_change(a, c, &err))
		app_message(a, ST_NORMAL, "removed %s %s   z undoes", hop ? "hop" : "tier", name);
	else
		say_error(a, &err, NULL, 0);
}

void define_remove(App *a, const char *name)
{
	int qi = scenario_find(a->s, name);
	if (qi < 0)
		return;
	const Quantity *q = &a->s->q[qi];
	if (q->std) {
		app_message(a, ST_DIM, "%s is a standard quantity: only your own (a adds one) can be removed; r resets it",
			    name);
		return;
	}
	Change c = {.kind = CH_DEFINE, .name = xstrdup(name), .before = xstrdup(q->text)};
	char n[128];
	snprintf(n, sizeof n, "%s", name);
	BoeError err;
	if (edit_change(a, c, &err))
		app_message(a, ST_NORMAL, "removed %s   z undoes", n);
	else
		say_error(a, &err, NULL, 0);
}

/* Splits "name = rest" (both trimmed); false when there is no '=' or either side is empty. */
static bool split_def(const char *text, char **name, char **rest)
{
	const char *eq = strchr(text, '=');
	if (!eq)
		return false;
	char *n = xstrndup(text, (size_t)(eq - text));
	*name = trimmed(n);
	free(n);
	*rest = trimmed(eq + 1);
	if (!**name || !**rest) {
		free(*name);
		free(*rest);
		return false;
	}
	return true;
}

/* The last comma outside parentheses, or NULL. */
static char *top_comma(char *s)
{
	char *last = NULL;
	int depth = 0;
	for (char *p = s; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (*p == ',' && depth == 0)
			last = p;
	}
	return last;
}

static int add_submit(App *a)
{
	Prompt *p = &a->prompt;
	char *name, *rest;
	static const char *forms[] = {
		[PR_ADD_TIER] = "name = availability, replicas (e.g. cache = 99.9%, 2)",
		[PR_ADD_HOP] = "name = time (e.g. cache = 2 ms)",
		[PR_ADD_DEFINE] = "name = expression (e.g. per_server = peak_qps / servers)",
	};
	if (!split_def(p->le.buf, &name, &rest)) {
		snprintf(p->error, sizeof p->error, "write %s", forms[p->kind]);
		return UI_REDRAW;
	}
	Change c = {.name = name};
	if (p->kind == PR_ADD_DEFINE) {
		c.kind = CH_DEFINE;
		c.after = rest;
	} else if (p->kind == PR_ADD_TIER) {
		c.kind = CH_TIER;
		c.index = a->s->ntiers ? a->tier_sel + 1 : 0;
		char *comma = top_comma(rest);
		if (comma) {
			*comma = '\0';
			c.extra = trimmed(comma + 1);
			c.after = trimmed(rest);
			free(rest);
		} else {
			c.extra = xstrdup("1");
			c.after = rest;
		}
	} else {
		c.kind = CH_HOP;
		c.index = a->s->nhops ? a->hop_sel + 1 : 0;
		c.after = rest;
	}
	ChangeKind kind = c.kind;
	int index = c.index;
	char shown[200];
	snprintf(shown, sizeof shown, "%s", name);
	BoeError err;
	if (!edit_change(a, c, &err)) {
		say_error(a, &err, p->error, sizeof p->error);
		return UI_REDRAW;
	}
	prompt_close(a);
	if (kind == CH_TIER)
		a->tier_sel = index;
	else if (kind == CH_HOP)
		a->hop_sel = index;
	else
		sheet_select(a, scenario_find(a->s, shown));
	app_message(a, ST_NORMAL, "added %s %s   z undoes",
		    kind == CH_TIER ? "tier" : kind == CH_HOP ? "hop" : "quantity", shown);
	return UI_REDRAW;
}

/* ---- prompts ---- */

const KeyBinding line_keys[] = {
	{1, "Enter", "apply (an empty edit goes back to the file's value)", NULL, NULL},
	{1, "Esc", "cancel", NULL, NULL},
	{1, "Left Right", "move (C-b, C-f)", NULL, NULL},
	{1, "Home End", "start, end of the line (C-a, C-e)", NULL, NULL},
	{1, "Bksp Del", "delete before, at the cursor (C-h, C-d)", NULL, NULL},
	{1, "C-u C-k C-w", "delete to the start, to the end, the word before", NULL, NULL},
	{0, NULL, NULL, NULL, NULL},
};

void prompt_open(App *a, PromptKind k, const char *text)
{
	Prompt *p = &a->prompt;
	p->kind = k;
	le_set(&p->le, text ? text : "");
	p->error[0] = '\0';
	p->err_col = -1;
}

void prompt_close(App *a)
{
	Prompt *p = &a->prompt;
	p->kind = PR_NONE;
	p->error[0] = '\0';
	free(p->path);
	p->path = NULL;
}

static bool is_enter(int key)
{
	return key == '\r' || key == '\n' || key == KEYFN(KEY_ENTER);
}

static char *trimmed(const char *s)
{
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return xstrndup(s, n);
}

static int edit_submit(App *a)
{
	Prompt *p = &a->prompt;
	const Quantity *q = &a->s->q[p->q];
	char *text = trimmed(p->le.buf);
	char name[128];
	snprintf(name, sizeof name, "%s", q->name);
	if (strcmp(text, q->text) == 0) {
		free(text);
		prompt_close(a);
		return UI_REDRAW;
	}
	BoeError err;
	int qi = p->q;
	if (edit_apply(a, name, text[0] ? text : NULL, &err)) {
		prompt_close(a);
		char v[96];
		scenario_format_value(a->s, qi, &a->prefs, v, sizeof v);
		app_message(a, ST_NORMAL, "%s = %s   z undoes", name, v);
	} else {
		edit_error_text(&err, p->error, sizeof p->error);
		/* the engine's column is 1-based within the entry, which was trimmed */
		p->err_col = -1;
		size_t skip = 0;
		while (p->le.buf[skip] == ' ')
			skip++;
		if (strcmp(err.file, "edit") == 0 && err.line == 1 && err.col > 0)
			p->err_col = (int)skip + err.col - 1;
		if (p->err_col > (int)p->le.len)
			p->err_col = (int)p->le.len;
	}
	free(text);
	return UI_REDRAW;
}

static void find_update(App *a, int from)
{
	Prompt *p = &a->prompt;
	if (a->screen == SCR_HELP) {
		if (help_find(a, p->le.buf, from, 1) >= 0)
			p->error[0] = '\0';
		else if (p->le.len)
			snprintf(p->error, sizeof p->error, "not in the help");
		return;
	}
	int i = sheet_find(a, p->le.buf, from);
	if (i >= 0) {
		a->sel = i;
		sheet_select(a, a->rows[i].q);
		p->error[0] = '\0';
	} else if (p->le.len) {
		snprintf(p->error, sizeof p->error, "no quantity matches");
	}
}

int prompt_key(App *a, int key)
{
	Prompt *p = &a->prompt;
	switch (p->kind) {
	case PR_EDIT:
		if (key == KEY_ESC) {
			prompt_close(a);
			app_message(a, ST_DIM, "edit cancelled; nothing changed");
			return UI_REDRAW;
		}
		if (is_enter(key))
			return edit_submit(a);
		if (le_key(&p->le, key))
			p->err_col = -1;
		return UI_REDRAW;
	case PR_FIND:
		if (key == KEY_ESC) {
			if (a->screen != SCR_HELP)
				a->sel = p->find_from;
			prompt_close(a);
			return UI_REDRAW;
		}
		if (is_enter(key)) {
			snprintf(a->last_find, sizeof a->last_find, "%s", p->le.buf);
			prompt_close(a);
			return UI_REDRAW;
		}
		if (key == KEYFN(KEY_DOWN) || key == KEYCTRL('n') || key == '\t') {
			find_update(a, a->sel + 1);
			return UI_REDRAW;
		}
		if (le_key(&p->le, key))
			find_update(a, p->find_from);
		return UI_REDRAW;
	case PR_EXPORT:
	case PR_EXPORT_CHARTS:
	case PR_SAVE:
		if (key == KEY_ESC) {
			a->quit_after_save = false;
			prompt_close(a);
			app_message(a, ST_DIM, "nothing written");
			return UI_REDRAW;
		}
		if (is_enter(key)) {
			PromptKind k = p->kind;
			char *path = trimmed(p->le.buf);
			prompt_close(a);
			if (path[0])
				files_write(a, k, path, false);
			free(path);
			return a->quit ? UI_QUIT : UI_REDRAW;
		}
		le_key(&p->le, key);
		return UI_REDRAW;
	case PR_OVERWRITE: {
		PromptKind then = p->then;
		char *path = p->path;
		p->path = NULL;
		prompt_close(a);
		if (key == 'y' || key == 'Y')
			files_write(a, then, path, true);
		else {
			a->quit_after_save = false;
			app_message(a, ST_DIM, "not overwritten; nothing written");
		}
		free(path);
		return a->quit ? UI_QUIT : UI_REDRAW;
	}
	case PR_QUIT:
		prompt_close(a);
		if (key == 'q' || key == 'y' || key == 'Y' || key == 'Q')
			return UI_QUIT;
		if (key == 's' || key == 'S') {
			a->quit_after_save = true;
			return files_save(a);
		}
		return UI_REDRAW;
	case PR_SOLVE:
		return solve_prompt_key(a, key);
	case PR_BLOCK:
	case PR_ADD_TIER:
	case PR_ADD_HOP:
	case PR_ADD_DEFINE:
		if (key == KEY_ESC) {
			prompt_close(a);
			app_message(a, ST_DIM, "cancelled; nothing changed");
			return UI_REDRAW;
		}
		if (is_enter(key)) {
			if (p->kind != PR_BLOCK)
				return add_submit(a);
			char *text = trimmed(p->le.buf);
			if (!text[0]) {
				snprintf(p->error, sizeof p->error, "type a value (Esc cancels)");
			} else if (block_set_err(a, p->index, p->field, text, p->error, sizeof p->error)) {
				prompt_close(a);
			}
			free(text);
			return UI_REDRAW;
		}
		if (le_key(&p->le, key))
			p->error[0] = '\0';
		return UI_REDRAW;
	case PR_DISCARD: {
		char *path = p->path;
		p->path = NULL;
		prompt_close(a);
		if (key == 'y' || key == 'Y')
			picker_open_path(a, path);
		free(path);
		return UI_REDRAW;
	}
	default:
		prompt_close(a);
		return UI_REDRAW;
	}
}

/* path shortened from the left ("…/presets/x.yaml") to at most w columns. Caller frees. */
static char *path_fit(const char *path, int w)
{
	if (ui_width(path) <= w || w < 2)
		return xstrdup(path);
	const char *p = path;
	while (*p && ui_width(p) > w - 1) {
		p++;
		while (((unsigned char)*p & 0xC0) == 0x80)
			p++;
	}
	return xasprintf("\u2026%s", p);
}

/* A question whose answer keys always show: "<before><path><after>", the path shortened to fit. */
static void ask(App *a, int y, const char *before, const char *path, const char *after)
{
	int room = a->w - 2 - ui_width(before) - ui_width(after);
	char *pf = path_fit(path ? path : "", room > 4 ? room : 4);
	char *q = xasprintf("%s%s%s", before, pf, after);
	if (ui_width(q) > a->w - 2) {
		/* even the words do not fit: the answer keys come first */
		free(q);
		q = xasprintf("%s %s%s", after, before, pf);
	}
	ui_text(y, 1, a->w - 2, q, ST_WARN);
	free(q);
	free(pf);
}

void prompt_draw(App *a)
{
	Prompt *p = &a->prompt;
	int y = a->h - 2;
	int w = a->w;
	ui_fill(y, 0, w, ST_NORMAL);
	const char *label = "";
	char lab[300];
	switch (p->kind) {
	case PR_FIND: label = "find: "; break;
	case PR_EXPORT: label = w >= 70 ? "export the report (.md, .html, ...) to: " : "export to: "; break;
	case PR_EXPORT_CHARTS: label = w >= 80 ? "export the report, its charts beside it, to: " : "export with charts to: "; break;
	case PR_SAVE: label = w >= 70 ? "save the scenario as: " : "save as: "; break;
	case PR_BLOCK:
		snprintf(lab, sizeof lab, "%s: ", p->label);
		label = lab;
		break;
	case PR_ADD_TIER: label = w >= 90 ? "new tier (name = availability, replicas): " : "new tier (name = avail, replicas): "; break;
	case PR_ADD_HOP: label = "new hop (name = time): "; break;
	case PR_ADD_DEFINE: label = w >= 80 ? "new quantity (name = expression): " : "new (name = expr): "; break;
	case PR_SOLVE: label = solve_prompt_label(a); break;
	case PR_OVERWRITE:
		if (p->then == PR_EXPORT_CHARTS)
			ask(a, y, "", p->path, " or one of its charts exists. Overwrite them? [y/N] ");
		else
			ask(a, y, "", p->path, " exists. Overwrite it? [y/N] ");
		return;
	case PR_QUIT:
		ui_text(y, 1, w - 2,
			w >= 80 ? "Unsaved changes.  s save first   q quit without saving   Esc keep working"
				: "Unsaved changes: s save  q quit anyway  Esc stay",
			ST_WARN);
		return;
	case PR_DISCARD:
		ask(a, y, "Unsaved changes. Open ", p->path, " and drop them? [y/N] ");
		return;
	default:
		return;
	}
	/* a long label leaves the field at least a third of the line */
	int x = 1 + ui_text(y, 1, w * 2 / 3, label, ST_KEY);
	int fw = w - x - 1;
	if (p->error[0]) {
		if (p->kind == PR_FIND) {
			int ew = ui_width(p->error) + 2;
			if (fw - ew > 10) {
				fw -= ew;
				ui_text(y, x + fw + 1, ew, p->error, ST_ERROR);
			}
		} else {
			ui_fill(y - 1, 0, w, ST_NORMAL);
			ui_text(y - 1, 1, w - 2, p->error, ST_ERROR);
		}
	}
	le_draw(&p->le, y, x, fw, ST_FIELD, true);
}
