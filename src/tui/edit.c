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

static void free_edit(Edit *e)
{
	for (int k = 0; k < e->n; k++) {
		free(e->ch[k].name);
		free(e->ch[k].before);
		free(e->ch[k].after);
	}
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
		*c = (Change){xstrdup(name), before, after};
		history_push(&a->hist, (Edit){c, 1});
	}
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
	for (int k = 0; k < e->n && ok; k++) {
		const Change *c = &e->ch[undo ? e->n - 1 - k : k];
		ok = apply_state(a->s, c->name, undo ? c->before : c->after, &err);
	}
	double t1 = now_seconds();
	if (!ok) {
		char m[700];
		edit_error_text(&err, m, sizeof m);
		app_message(a, ST_ERROR, "%s failed: %s", undo ? "undo" : "redo", m);
	}
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
		app_message(a, ST_NORMAL, "%s: %s = %s", verb, c->name, t ? t : "(as the file says)");
		int qi = scenario_find(a->s, c->name);
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
		e.ch[e.n++] = (Change){xstrdup(s->q[i].name), before, NULL};
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
static void number_text(double v, bool glued, char *out, size_t n)
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
	int dec = 6 - digits;
	if (dec < 0)
		dec = 0;
	if (dec > 12)
		dec = 12;
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
		/* num holds the value with a glued suffix (100M) applied */
		char num[64];
		number_text(lit->num * f, (lit->flags & NF_GLUED) != 0, num, sizeof num);
		char *t = xasprintf("%.*s%s%s", lit->pos, q->text, num, q->text + lit->end);
		if (evaluates_to(t, q->dim, q->value * f))
			return t;
		free(t);
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

void prompt_draw(App *a)
{
	Prompt *p = &a->prompt;
	int y = a->h - 2;
	int w = a->w;
	ui_fill(y, 0, w, ST_NORMAL);
	const char *label = "";
	char q[1200];
	switch (p->kind) {
	case PR_FIND: label = "find: "; break;
	case PR_EXPORT: label = "export the markdown report to: "; break;
	case PR_SAVE: label = "save the scenario as: "; break;
	case PR_OVERWRITE:
		snprintf(q, sizeof q, "%s exists. Overwrite it? [y/N] ", p->path ? p->path : "");
		ui_text(y, 1, w - 2, q, ST_WARN);
		return;
	case PR_QUIT:
		ui_text(y, 1, w - 2, "Unsaved changes.  s save first   q quit without saving   Esc keep working", ST_WARN);
		return;
	case PR_DISCARD:
		snprintf(q, sizeof q, "Unsaved changes. Open %s and drop them? [y/N] ", p->path ? p->path : "");
		ui_text(y, 1, w - 2, q, ST_WARN);
		return;
	default:
		return;
	}
	int x = 1 + ui_text(y, 1, w - 2, label, ST_KEY);
	int fw = w - x - 1;
	if (p->kind == PR_FIND && p->error[0]) {
		int ew = ui_width(p->error) + 2;
		if (fw - ew > 10) {
			fw -= ew;
			ui_text(y, x + fw + 1, ew, p->error, ST_ERROR);
		}
	}
	le_draw(&p->le, y, x, fw, ST_FIELD, true);
}
