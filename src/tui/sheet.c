/*
 * The sheet: the headline results in a strip that stays in view, every
 * listed quantity in its section (Traffic ... Cost, then the scenario's own
 * defines) with value, unit and where it comes from, and a pane that explains
 * the selected one: its formula with the numbers put in, what it reads and
 * what reads it (names there can be clicked), or the whole path upstream.
 * [ and ] follow the chain, Backspace goes back. Values and formulas are
 * edited in place; a adds a quantity of one's own, D removes it; b shows the
 * file's values beside the current ones.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "boe/report.h"
#include "boe/whatif.h"
#include "tui/tui.h"

#define NUM_W 9		/* value column: right-aligned number */
#define UNIT_W 9	/* unit column */


void sheet_build_rows(App *a)
{
	const Scenario *s = a->s;
	int *order = xmalloc(s->nq * sizeof *order);
	size_t n = scenario_display_order(s, order);
	free(a->rows);
	a->rows = xcalloc(s->nq + SEC_COUNT, sizeof *a->rows);
	a->nrows = 0;
	for (size_t k = 0; k < n; k++) {
		Section sec = s->q[order[k]].section;
		if (k == 0 || sec != s->q[order[k - 1]].section)
			a->rows[a->nrows++] = (Row){-1, sec};
		a->rows[a->nrows++] = (Row){order[k], sec};
	}
	free(order);
	a->sel = a->nrows > 1 ? 1 : 0;
	a->top = 0;
}

void sheet_init(App *a)
{
	(void)a;
}

static int name_width(const App *a)
{
	int w = 12;
	for (int i = 0; i < a->nrows; i++)
		if (a->rows[i].q >= 0) {
			int l = (int)strlen(a->s->q[a->rows[i].q].name);
			if (l > w)
				w = l;
		}
	return w > 30 ? 30 : w;
}

static bool side_pane(const App *a)
{
	return a->w >= 160;
}

static int pane_height(const App *a)
{
	int bh = body_h(a) - a->strip_h;
	if (side_pane(a))
		return bh;
	if (a->pane_path)
		return bh / 2 > 4 ? bh / 2 : 4;
	return bh >= 24 ? 8 : bh >= 12 ? 6 : 4;
}

/* Keeps the selection on screen, showing its section heading when it is the first of one. */
static void scroll_to_sel(App *a)
{
	int lh = a->list_h > 0 ? a->list_h : 1;
	int want = a->sel;
	if (want > 0 && a->rows[want - 1].q < 0)
		want--;
	if (want < a->top)
		a->top = want;
	if (a->sel >= a->top + lh)
		a->top = a->sel - lh + 1;
	if (a->top > a->nrows - lh)
		a->top = a->nrows - lh;
	if (a->top < 0)
		a->top = 0;
}

/* Moves the selection by n quantity rows (skipping headings), clamped. */
static void move_sel(App *a, int n)
{
	int step = n > 0 ? 1 : -1;
	int i = a->sel;
	for (int k = 0; k != n;) {
		int j = i + step;
		while (j >= 0 && j < a->nrows && a->rows[j].q < 0)
			j += step;
		if (j < 0 || j >= a->nrows)
			break;
		i = j;
		k += step;
	}
	a->sel = i;
	scroll_to_sel(a);
}

void sheet_select(App *a, int q)
{
	for (int i = 0; i < a->nrows; i++)
		if (a->rows[i].q == q) {
			a->sel = i;
			scroll_to_sel(a);
			return;
		}
}

static bool has_ci(const char *hay, const char *needle, bool prefix)
{
	size_t n = strlen(needle);
	for (const char *h = hay; *h; h++) {
		size_t i = 0;
		while (i < n && h[i] && tolower((unsigned char)h[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
		if (prefix)
			return false;
	}
	return n == 0;
}

int sheet_find(App *a, const char *text, int from)
{
	if (!*text || a->nrows == 0)
		return -1;
	/* an exact name, then a prefix, then anywhere in the name */
	for (int pass = 0; pass < 3; pass++) {
		for (int k = 0; k < a->nrows; k++) {
			int i = (from + k) % a->nrows;
			if (i < 0)
				i += a->nrows;
			int q = a->rows[i].q;
			if (q < 0)
				continue;
			const char *name = a->s->q[q].name;
			bool hit = pass == 0 ? strcmp(name, text) == 0 : has_ci(name, text, pass == 1);
			if (hit)
				return i;
		}
	}
	return -1;
}

/* ---- keys ---- */

static int sel_q(const App *a)
{
	return a->nrows ? a->rows[a->sel].q : -1;
}

static int act_down(App *a) { move_sel(a, 1); return UI_REDRAW; }
static int act_up(App *a) { move_sel(a, -1); return UI_REDRAW; }
static int act_pgdn(App *a) { move_sel(a, a->list_h > 2 ? a->list_h - 1 : 1); return UI_REDRAW; }
static int act_pgup(App *a) { move_sel(a, -(a->list_h > 2 ? a->list_h - 1 : 1)); return UI_REDRAW; }
static int act_half_down(App *a) { move_sel(a, a->list_h > 3 ? a->list_h / 2 : 1); return UI_REDRAW; }
static int act_half_up(App *a) { move_sel(a, -(a->list_h > 3 ? a->list_h / 2 : 1)); return UI_REDRAW; }
static int act_home(App *a) { move_sel(a, -a->nrows); a->top = 0; return UI_REDRAW; }
static int act_end(App *a) { move_sel(a, a->nrows); return UI_REDRAW; }

static int act_next_sec(App *a)
{
	for (int i = a->sel + 1; i < a->nrows; i++)
		if (a->rows[i].q < 0 && i + 1 < a->nrows) {
			a->sel = i + 1;
			/* show the whole section when it fits */
			a->top = i;
			scroll_to_sel(a);
			return UI_REDRAW;
		}
	return act_end(a);
}

static int act_prev_sec(App *a)
{
	int head = a->sel;
	while (head > 0 && a->rows[head].q >= 0)
		head--;
	/* at the first of a section: go to the previous section */
	if (head == a->sel - 1 || head == a->sel) {
		head--;
		while (head > 0 && a->rows[head].q >= 0)
			head--;
	}
	if (head < 0)
		head = 0;
	a->sel = head + 1 < a->nrows ? head + 1 : head;
	a->top = head;
	scroll_to_sel(a);
	return UI_REDRAW;
}

static int act_edit(App *a)
{
	int q = sel_q(a);
	if (q < 0)
		return UI_HANDLED;
	prompt_open(a, PR_EDIT, a->s->q[q].text);
	a->prompt.q = q;
	return UI_REDRAW;
}

static int act_find(App *a)
{
	prompt_open(a, PR_FIND, "");
	a->prompt.find_from = a->sel;
	return UI_REDRAW;
}

static int act_find_next(App *a)
{
	if (!a->last_find[0]) {
		app_message(a, ST_DIM, "nothing to find again yet: / finds a quantity by name");
		return UI_REDRAW;
	}
	int i = sheet_find(a, a->last_find, a->sel + 1);
	if (i >= 0) {
		a->sel = i;
		scroll_to_sel(a);
	}
	return UI_REDRAW;
}

static int act_find_prev(App *a)
{
	if (!a->last_find[0]) {
		app_message(a, ST_DIM, "nothing to find again yet: / finds a quantity by name");
		return UI_REDRAW;
	}
	/* the previous match: the last one found searching forward from the start up to the selection */
	int found = -1;
	for (int k = 1; k < a->nrows; k++) {
		int i = ((a->sel - k) % a->nrows + a->nrows) % a->nrows;
		if (a->rows[i].q >= 0 && sheet_find(a, a->last_find, i) == i) {
			found = i;
			break;
		}
	}
	if (found >= 0) {
		a->sel = found;
		scroll_to_sel(a);
	}
	return UI_REDRAW;
}

/* ---- following the chain ---- */

static void trail_push(App *a, int q)
{
	if (a->ntrail == a->captrail) {
		a->captrail = a->captrail ? a->captrail * 2 : 16;
		a->trail = xrealloc(a->trail, (size_t)a->captrail * sizeof *a->trail);
	}
	a->trail[a->ntrail++] = q;
}

/* The listed quantities among idx (deps or users). */
static int listed(const App *a, const int *idx, int n, int *out)
{
	int k = 0;
	for (int i = 0; i < n; i++)
		if (quantity_listed(&a->s->q[idx[i]]))
			out[k++] = idx[i];
	return k;
}

static int chain(App *a, int key)
{
	int q = sel_q(a);
	if (q < 0)
		return UI_HANDLED;
	bool again = a->chain_key == key && a->chain_at == q && a->chain_from >= 0;
	int from = again ? a->chain_from : q;
	const Quantity *f = &a->s->q[from];
	int *to = xmalloc(((size_t)f->ndeps + (size_t)f->nusers + 1) * sizeof *to);
	int n = key == '[' ? listed(a, f->deps, f->ndeps, to) : listed(a, f->users, f->nusers, to);
	if (n == 0) {
		free(to);
		app_message(a, ST_DIM, key == '[' ? "%s is an input: it depends on nothing"
					 : "%s is a result: nothing uses it", f->name);
		return UI_REDRAW;
	}
	if (!again) {
		trail_push(a, q);
		a->chain_from = q;
		a->chain_i = 0;
	} else {
		a->chain_i = (a->chain_i + 1) % n;
	}
	a->chain_key = key;
	a->chain_at = to[a->chain_i];
	sheet_select(a, a->chain_at);
	app_message(a, ST_NORMAL, "%s %s %d of %d: %s   %c the next, Backspace back", f->name,
		    key == '[' ? "depends on" : "is used by", a->chain_i + 1, n, a->s->q[a->chain_at].name, key);
	free(to);
	return UI_REDRAW;
}

static int act_deps(App *a) { return chain(a, '['); }
static int act_users(App *a) { return chain(a, ']'); }

static int act_back_chain(App *a)
{
	if (a->ntrail == 0) {
		app_message(a, ST_DIM, "nowhere to go back to: [ and ] follow the chain");
		return UI_REDRAW;
	}
	int q = a->trail[--a->ntrail];
	a->chain_key = 0;
	a->chain_from = -1;
	if ((size_t)q < a->s->nq)
		sheet_select(a, q);
	app_message(a, ST_NORMAL, "back to %s", a->s->q[q].name);
	return UI_REDRAW;
}

static int act_path(App *a)
{
	a->pane_path = !a->pane_path;
	app_message(a, ST_DIM, a->pane_path ? "the pane shows the whole path upstream (c again: one step)"
					    : "the pane shows one step (c: the whole path upstream)");
	return UI_REDRAW;
}

/* ---- quantities of one's own, the baseline ---- */

static int act_add(App *a)
{
	prompt_open(a, PR_ADD_DEFINE, "");
	return UI_REDRAW;
}

static int act_remove(App *a)
{
	int q = sel_q(a);
	if (q >= 0) {
		char name[128];
		snprintf(name, sizeof name, "%s", a->s->q[q].name);
		define_remove(a, name);
	}
	return UI_REDRAW;
}

/* The scenario as its file (or the default) has it, computed; NULL with a message when it cannot be. */
static Scenario *load_base(App *a)
{
	BoeError err;
	Scenario *b = a->s->path ? scenario_load_file(a->s->path, &err) : scenario_new_default();
	if (b && !scenario_compute(b, &err)) {
		scenario_free(b);
		b = NULL;
	}
	if (!b) {
		char m[700];
		boe_error_format(&err, m, sizeof m);
		app_message(a, ST_ERROR, "the file cannot be read for a baseline: %s", m);
	}
	return b;
}

static int act_baseline(App *a)
{
	if (a->base) {
		scenario_free(a->base);
		a->base = NULL;
		app_message(a, ST_DIM, "baseline off");
		return UI_REDRAW;
	}
	a->base = load_base(a);
	if (a->base)
		app_message(a, ST_NORMAL, "baseline: the values as %s has them, and the change (b hides it; e exports it too)",
			    a->s->path ? "the file" : "the default");
	return UI_REDRAW;
}

static int act_double(App *a) { return edit_nudge(a, 2); }
static int act_halve(App *a) { return edit_nudge(a, 0.5); }
static int act_ten(App *a) { return edit_nudge(a, 10); }
static int act_tenth(App *a) { return edit_nudge(a, 0.1); }

static int mouse(App *a)
{
	MEVENT *m = &a->mouse;
	if (m->bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		/* the wheel scrolls the list; the selection stays on screen */
		int d = (m->bstate & BUTTON4_PRESSED) ? -3 : 3;
		a->top += d;
		if (a->top > a->nrows - a->list_h)
			a->top = a->nrows - a->list_h;
		if (a->top < 0)
			a->top = 0;
		if (a->sel < a->top)
			move_sel(a, a->top - a->sel + (a->rows[a->top].q < 0));
		else if (a->sel >= a->top + a->list_h)
			move_sel(a, a->top + a->list_h - 1 - a->sel - (a->rows[a->top + a->list_h - 1].q < 0));
		return UI_REDRAW;
	}
	if (!(m->bstate & BUTTON1_PRESSED))
		return UI_HANDLED;
	for (int i = 0; i < a->nhits; i++)
		if (m->y == a->hits[i].y && m->x >= a->hits[i].x0 && m->x < a->hits[i].x1) {
			/* a name in the pane: go there, and Backspace comes back */
			int q = a->hits[i].q;
			if (q != sel_q(a) && sel_q(a) >= 0)
				trail_push(a, sel_q(a));
			sheet_select(a, q);
			return UI_REDRAW;
		}
	if (m->x >= a->list_w)
		return UI_HANDLED;
	int r = a->top + (m->y - a->list_y);
	if (m->y < a->list_y || m->y >= a->list_y + a->list_h || r < 0 || r >= a->nrows ||
	    a->rows[r].q < 0)
		return UI_HANDLED;
	double t = now_seconds();
	bool dbl = r == a->click_row && t - a->click_t < 0.4;
	a->sel = r;
	a->click_row = r;
	a->click_t = t;
	if (dbl)
		return act_edit(a);
	return UI_REDRAW;
}

const KeyBinding sheet_keys[] = {
	{KEYFN(KEY_DOWN), "j Down", "next quantity", act_down, NULL},
	{'j', NULL, NULL, act_down, NULL},
	{KEYFN(KEY_UP), "k Up", "previous quantity", act_up, NULL},
	{'k', NULL, NULL, act_up, NULL},
	{KEYFN(KEY_RIGHT), "l Right", "next section", act_next_sec, NULL},
	{'l', NULL, NULL, act_next_sec, NULL},
	{KEYFN(KEY_LEFT), "h Left", "previous section", act_prev_sec, NULL},
	{'h', NULL, NULL, act_prev_sec, NULL},
	{KEYFN(KEY_NPAGE), "PgDn", "page down", act_pgdn, NULL},
	{KEYCTRL('f'), NULL, NULL, act_pgdn, NULL},
	{' ', NULL, NULL, act_pgdn, NULL},
	{KEYFN(KEY_PPAGE), "PgUp", "page up", act_pgup, NULL},
	{KEYCTRL('b'), NULL, NULL, act_pgup, NULL},
	{KEYFN(KEY_HOME), "Home g", "first quantity", act_home, NULL},
	{'g', NULL, NULL, act_home, NULL},
	{KEYFN(KEY_END), "End G", "last quantity", act_end, NULL},
	{'G', NULL, NULL, act_end, NULL},
	{'\r', "Enter", "edit the selected value or formula in the units language (Esc cancels)", act_edit, "edit"},
	{'\n', NULL, NULL, act_edit, NULL},
	{KEYFN(KEY_ENTER), NULL, NULL, act_edit, NULL},
	{'[', "[ ]", "go to what the selected quantity depends on, to what uses it (again: the next one)", act_deps, "chain"},
	{']', NULL, NULL, act_users, NULL},
	{KEYFN(KEY_BACKSPACE), "Bksp", "back along the way [ and ] (or a click in the pane) came", act_back_chain, NULL},
	{127, NULL, NULL, act_back_chain, NULL},
	{KEYCTRL('h'), NULL, NULL, act_back_chain, NULL},
	{'c', "c", "the pane shows the whole path upstream, or one step", act_path, NULL},
	{'b', "b", "baseline: each value as the file has it beside the current one, and the change", act_baseline, "base"},
	{'a', "a", "add a quantity of your own: name = expression", act_add, NULL},
	{'D', "D", "remove the selected quantity of your own", act_remove, NULL},
	{'+', "+ -", "double / halve the selected input", act_double, NULL},
	{'=', NULL, NULL, act_double, NULL},
	{'-', NULL, NULL, act_halve, NULL},
	{'*', "* <", "times ten / a tenth of the selected input ('>' also multiplies)", act_ten, NULL},
	{'>', NULL, NULL, act_ten, NULL},
	{'<', NULL, NULL, act_tenth, NULL},
	{'r', "r", "reset the selected value to what the file (or the default) says", edit_reset, NULL},
	{'R', "R", "reset every value edited here", edit_reset_all, NULL},
	{'z', "z", "undo the last change (values, formulas, tiers, hops, quantities)", edit_undo, "undo"},
	{'Z', "Z C-r", "redo", edit_redo, NULL},
	{KEYCTRL('r'), NULL, NULL, edit_redo, NULL},
	{'S', "S", "solve: the input value at which the selected result reaches a target (z undoes)", solve_open, NULL},
	{'/', "/", "find a quantity by name (n, N: the next, the previous match)", act_find, NULL},
	{'n', NULL, NULL, act_find_next, NULL},
	{'N', NULL, NULL, act_find_prev, NULL},
	{KEYCTRL('d'), "C-d C-u", "half a page down, up", act_half_down, NULL},
	{KEYCTRL('u'), NULL, NULL, act_half_up, NULL},
	{KEYFN(KEY_MOUSE), "mouse", "click selects, double click edits, the wheel scrolls", mouse, NULL},
	{0, NULL, NULL, NULL, NULL},
};

int sheet_key(App *a, int key)
{
	return keys_dispatch(a, sheet_keys, key);
}

/* ---- drawing ---- */

static const char *origin_tag(const Quantity *q)
{
	switch (q->origin) {
	case ORIGIN_SET: return "set";
	case ORIGIN_DEFINE: return "define";
	case ORIGIN_OVERRIDE: return "edit";
	default: return "default";
	}
}

#define BASE_W 18	/* baseline column: the file's value and unit */
#define CHANGE_W 7	/* the change: "=", "+20%", "×3.2" */

static void draw_row(App *a, int y, int r, int namew, bool hl_active)
{
	const Scenario *s = a->s;
	const Row *row = &a->rows[r];
	int w = a->list_w;
	if (row->q < 0) {
		int x = 1 + ui_text(y, 1, w - 2, section_name(row->sec), ST_SECTION);
		ui_text(y, x, 1, " ", ST_NORMAL);
		ui_repeat(y, x + 1, w - x - 2, a->g->hline, ST_DIM);
		if (a->base && w - x > 30) {
			int bx = 2 + namew + 1 + NUM_W + 1 + UNIT_W + 3;
			ui_text(y, bx, BASE_W + CHANGE_W, " in the file  change ", ST_DIM);
		}
		return;
	}
	int qi = row->q;
	const Quantity *q = &s->q[qi];
	bool sel = r == a->sel;
	bool editing = sel && a->prompt.kind == PR_EDIT;
	if (sel && !editing)
		ui_fill(y, 0, w, ST_SELECT);
	Style base = sel && !editing ? ST_SELECT : ST_NORMAL;
	if (sel)
		ui_text(y, 0, 1, a->g->mark, base);
	ui_text(y, 2, namew, q->name, q->unused && !sel ? ST_DIM : base);
	int xv = 2 + namew + 1;
	if (editing) {
		le_draw(&a->prompt.le, y, xv, w - xv - 1, ST_FIELD, true);
		return;
	}
	char num[64], unit[64];
	units_format_parts(scenario_value(s, qi), q->dim, &q->disp, &a->prefs, num, sizeof num, unit, sizeof unit);
	Style vs = base;
	if (!sel) {
		if (q->unused)
			vs = ST_DIM;
		else if (q->origin == ORIGIN_OVERRIDE)
			vs = ST_EDITED;
		else if (q->input)
			vs = ST_INPUT;
	}
	bool lit = hl_active && (size_t)qi < a->nchanged && a->changed_dir[qi] &&
		   now_seconds() - a->changed_at[qi] < 1.5;
	if (lit)
		vs = ST_CHANGED;
	int nw = ui_width(num);
	int pad = NUM_W - nw > 0 ? NUM_W - nw : 0;
	if (lit)
		ui_fill(y, xv, pad, vs);
	ui_text(y, xv + pad, w - xv - pad, num, vs);
	int xu = xv + NUM_W + 1;
	if (lit)
		ui_fill(y, xv + NUM_W, 1, vs);
	int uw = ui_text(y, xu, UNIT_W, unit, vs);
	if (lit && uw == 0)
		ui_fill(y, xu, 1, vs);
	int xa = xu + UNIT_W;
	if ((size_t)qi < a->nchanged && a->changed_dir[qi])
		ui_text(y, xa, 1, a->changed_dir[qi] > 0 ? a->g->up : a->g->down,
			sel ? base : (a->changed_dir[qi] > 0 ? ST_OK : ST_WARN));
	char why[200];
	if (scenario_implausible(s, qi, why, sizeof why))
		ui_text(y, xa + 1, 1, "!", sel ? base : ST_WARN);
	int xi = xa + 3;
	if (a->base && xi + BASE_W + CHANGE_W < w) {
		int b = scenario_find(a->base, q->name);
		char was[96] = "(new)", ch[32];
		if (b >= 0)
			scenario_format_value(a->base, b, &a->prefs, was, sizeof was);
		compare_short_text(b >= 0 ? a->base->q[b].value : NAN, q->value, ch, sizeof ch);
		bool same = strcmp(ch, "=") == 0;
		ui_text(y, xi, BASE_W - 1, was, sel ? base : ST_DIM);
		ui_text(y, xi + BASE_W, CHANGE_W - 1, ch, sel ? base : same ? ST_DIM : ST_CHANGED);
		xi += BASE_W + CHANGE_W;
	}
	if (xi >= w - 4)
		return;
	char info[1200], iv[220];
	ranges_interval(a, qi, iv, sizeof iv); /* "(90%: lo–hi) " before the rest, when ranged */
	if (!q->input)
		snprintf(info, sizeof info, "%s= %s", iv, q->formula ? q->formula : q->text);
	else if (q->origin == ORIGIN_DEFAULT)
		snprintf(info, sizeof info, "%sdefault", iv);
	else
		snprintf(info, sizeof info, "%s%s: %s", iv, origin_tag(q), q->text);
	int iw = w - xi - 1;
	if (q->unused)
		iw -= 9;
	int used = 0;
	if (iw >= 12)	/* a stub of a formula says nothing */
		used = ui_text(y, xi, iw, info, sel ? base : (q->input ? ST_NORMAL : ST_DIM)) + 1;
	if (q->unused)
		ui_text(y, xi + used, 8, "(unused)", sel ? base : ST_DIM);
}

/*
 * "label: a, b, c" wrapped into at most maxl lines of w columns from y, x;
 * each name is remembered for the mouse. Names past the room end with "…".
 * Returns the lines used.
 */
static int name_list(App *a, int y, int x, int w, int maxl, const char *label, const int *idx, int n,
		     Style st)
{
	const Scenario *s = a->s;
	if (maxl <= 0 || w < 10)
		return 0;
	int cx = x + ui_text(y, x, w, label, st);
	int line = 0, k = 0;
	for (int i = 0; i < n; i++) {
		const Quantity *q = &s->q[idx[i]];
		if (!quantity_listed(q))
			continue;
		int nw = ui_width(q->name) + (k ? 2 : 0);
		bool last_line = line == maxl - 1;
		if (cx + nw > x + w - (last_line ? 2 : 0)) {
			if (last_line) {
				ui_text(y + line, cx, x + w - cx, k ? ", \u2026" : "\u2026", st);
				return line + 1;
			}
			line++;
			cx = x + 2;
			nw -= k ? 2 : 0;
		} else if (k) {
			cx += ui_text(y + line, cx, 2, ", ", st);
			nw -= 2;
		}
		int x0 = cx;
		cx += ui_text(y + line, cx, x + w - cx, q->name, ST_KEY);
		if (a->nhits < (int)ARRAY_LEN(a->hits))
			a->hits[a->nhits++] = (struct PaneHit){y + line, x0, cx, idx[i]};
		k++;
	}
	return line + 1;
}

/* The whole path upstream of qi, depth first, each quantity once, as far as h lines allow. */
static int draw_path(App *a, int y, int x, int w, int h, int qi)
{
	const Scenario *s = a->s;
	int *stack = xmalloc(s->nq * 2 * sizeof *stack);	/* pairs: quantity, depth */
	char *seen = xcalloc(s->nq, 1);
	int sp = 0, line = 0;
	stack[sp++] = qi;
	stack[sp++] = 0;
	seen[qi] = 1;
	while (sp > 0) {
		int depth = stack[--sp];
		int q = stack[--sp];
		const Quantity *qq = &s->q[q];
		if (line == h - 1 && sp > 0) {
			ui_text(y + line, x, w, "\u2026 (more upstream: a taller window or [ shows them)", ST_DIM);
			line++;
			break;
		}
		char v[96], t[1400];
		scenario_format_value(s, q, &a->prefs, v, sizeof v);
		int ind = depth * 2 > w / 3 ? w / 3 : depth * 2;
		if (qq->input)
			snprintf(t, sizeof t, "%s = %s", qq->name, v);
		else
			snprintf(t, sizeof t, "%s = %s = %s", qq->name, v, qq->formula ? qq->formula : qq->text);
		int x0 = x + ind;
		ui_text(y + line, x0, w - ind, t, qq->input ? ST_INPUT : ST_NORMAL);
		if (a->nhits < (int)ARRAY_LEN(a->hits))
			a->hits[a->nhits++] = (struct PaneHit){y + line, x0, x0 + ui_width(qq->name), q};
		line++;
		/* children pushed in reverse so the first dependency comes first */
		for (int d = qq->ndeps - 1; d >= 0; d--) {
			int c = qq->deps[d];
			if (seen[c] || !quantity_listed(&s->q[c]))
				continue;
			seen[c] = 1;
			stack[sp++] = c;
			stack[sp++] = depth + 1;
		}
	}
	free(stack);
	free(seen);
	return line;
}

static void draw_pane(App *a, int y, int x0, int w, int h)
{
	const Scenario *s = a->s;
	int qi = sel_q(a);
	if (x0 == 0)
		ui_repeat(y, 0, w, a->g->hline, ST_DIM);
	else
		for (int i = 0; i < h; i++)
			ui_text(y + i, x0 - 1, 1, a->g->vline, ST_DIM);
	if (qi < 0 || h < 2)
		return;
	const Quantity *q = &s->q[qi];
	char title[300];
	const char *kind = q->origin == ORIGIN_OVERRIDE ? (scenario_formula_replaced(s, qi) ? "formula replaced here" : "edited here")
			   : scenario_formula_replaced(s, qi) ? "formula replaced by the scenario"
			   : q->origin == ORIGIN_DEFINE && q->file && strcmp(q->file, "edit") == 0 ? "your own, added here"
			   : !q->input ? (q->origin == ORIGIN_DEFINE ? "defined by the scenario" : "derived")
			   : q->origin == ORIGIN_SET	? "input, set by the scenario"
			   : q->origin == ORIGIN_DEFINE ? "input, defined by the scenario"
							: "input, standard default";
	snprintf(title, sizeof title, " %s %s %s %s %s ", q->name, a->g->dot,
		 section_name(q->section), a->g->dot, kind);
	int line = 1;
	int tx = x0 + (x0 ? 1 : 2);
	if (x0 == 0) {
		ui_text(y, 2, w - 4, title, ST_SECTION);
	} else {
		ui_text(y, tx, w - 2, title, ST_SECTION);
		line = 1;
	}
	x0 += x0 ? 1 : 1;
	w -= 2;
	char buf[2000];
	char why[200];
	if (line < h && scenario_implausible(s, qi, why, sizeof why)) {
		snprintf(buf, sizeof buf, "! %s", why);
		line += ui_wrap(y + line, x0, w, 1, buf, ST_WARN);
	}
	if (a->pane_path) {
		draw_path(a, y + line, x0, w, h - line, qi);
		return;
	}
	int ind = (int)strlen(q->name) + 1;
	if (ind > w / 3)
		ind = w / 3;
	char v[96];
	scenario_format_value(s, qi, &a->prefs, v, sizeof v);
	/* the formula, the numbers put in, the result */
	const char *formula = q->formula ? q->formula : q->text;
	snprintf(buf, sizeof buf, "%s = %s", q->name, formula);
	line += ui_wrap(y + line, x0, w, h - line > 2 ? 2 : 1, buf, ST_NORMAL);
	if (line < h && q->ndeps > 0 && q->substituted && strcmp(q->substituted, formula) != 0) {
		/* the numbers put in follow the units chosen with u, like the values */
		Buf sub = {0};
		scenario_substitute(s, qi, &a->prefs, &sub);
		snprintf(buf, sizeof buf, "= %s", sub.s);
		buf_free(&sub);
		line += ui_wrap(y + line, x0 + ind, w - ind, h - line > 3 ? 2 : 1, buf, ST_NORMAL);
	}
	if (line < h && strcmp(v, formula) != 0) {
		snprintf(buf, sizeof buf, "= %s", v);
		line += ui_text(y + line, x0 + ind, w - ind, buf, ST_INPUT) > 0;
	}
	if (line < h) {
		int nl = 0;
		for (int i = 0; i < q->nusers; i++)
			nl += quantity_listed(&s->q[q->users[i]]);
		if (q->unused)
			line += ui_wrap(y + line, x0, w, 1, "used by: nothing any more (unused: what read it was set directly)", ST_DIM);
		else if (nl == 0)
			line += ui_wrap(y + line, x0, w, 1, "used by: nothing, a result", ST_DIM);
		else
			line += name_list(a, y + line, x0, w, h - line > 3 ? 2 : 1, "used by: ", q->users, q->nusers, ST_DIM);
	}
	if (line < h && q->ndeps > 0)
		line += name_list(a, y + line, x0, w, h - line > 3 ? 2 : 1, "depends on: ", q->deps, q->ndeps, ST_DIM);
	if (line < h && q->std) {
		snprintf(buf, sizeof buf, "meaning: %s", q->std->meaning);
		line += ui_wrap(y + line, x0, w, 1, buf, ST_DIM);
	}
	if (line < h && q->note) {
		snprintf(buf, sizeof buf, "note: %s", q->note);
		line += ui_wrap(y + line, x0, w, h - line, buf, ST_DIM);
	}
	if (line < h && q->file && q->origin != ORIGIN_OVERRIDE && q->line > 0) {
		snprintf(buf, sizeof buf, "written at %s:%d", q->file, q->line);
		ui_text(y + line, x0, w, buf, ST_DIM);
	}
}

/* ---- the headline results ---- */

static const struct { const char *name, *label; } headline[] = {
	{"peak_qps", "peak"}, {"storage_total", "storage"}, {"egress_peak", "egress"},
	{"servers", "servers"}, {"cache_memory", "cache"}, {"shards", "shards"},
	{NULL, "avail"}, {"monthly_cost", "cost"},
};

/*
 * Lays the headline results out in at most maxl lines of w columns from y
 * (draw false: only counts); returns the lines. Narrow windows get the
 * compact forms.
 */
static int strip(App *a, int y, int w, int maxl, bool draw)
{
	const Scenario *s = a->s;
	int x = 1, line = 0;
	bool narrow = w < 80;
	int sep = narrow ? 2 : 3;
	for (size_t i = 0; i < ARRAY_LEN(headline); i++) {
		char v[200], item[300];
		Style st = ST_INPUT;
		if (headline[i].name) {
			int q = scenario_find(s, headline[i].name);
			if (q < 0)
				continue;
			scenario_format_value(s, q, &a->prefs, v, sizeof v);
		} else {
			/* availability against the SLA: the tiers' composite, or the SLA alone */
			int sla = scenario_find(s, "sla");
			char vs[64];
			scenario_format_value(s, sla, &a->prefs, vs, sizeof vs);
			if (s->q_composite >= 0) {
				char vc[64];
				scenario_format_value(s, s->q_composite, &a->prefs, vc, sizeof vc);
				if (narrow)
					snprintf(v, sizeof v, "%s%s", vc, s->meets_sla ? a->g->ok : a->g->bad);
				else
					snprintf(v, sizeof v, "%s %s SLA %s", vc, s->meets_sla ? a->g->ok : a->g->bad, vs);
				st = s->meets_sla ? ST_OK : ST_ERROR;
			} else {
				snprintf(v, sizeof v, "SLA %s", vs);
			}
		}
		snprintf(item, sizeof item, "%s %s", headline[i].label, v);
		int iw = ui_width(item);
		if (x > 1 && x + iw > w - 1) {
			if (line + 1 >= maxl)
				break;
			line++;
			x = 1;
		}
		if (draw) {
			int lx = x + ui_text(y + line, x, w - x, headline[i].label, ST_DIM) + 1;
			ui_text(y + line, lx, w - lx, v, st);
		}
		x += iw + sep;
	}
	return line + 1;
}

/* The refusal of an edit, under (or over) the field, with a caret at the fault. */
static void draw_edit_error(App *a, int y, int namew)
{
	Prompt *p = &a->prompt;
	int xv = 2 + namew + 1;
	ui_fill(y, 0, a->w, ST_NORMAL);
	int x = 1;
	if (p->err_col >= 0 && (size_t)p->err_col >= p->le.scroll && (size_t)p->err_col <= p->le.len) {
		char *part = xstrndup(p->le.buf + p->le.scroll, (size_t)p->err_col - p->le.scroll);
		int cx = xv + ui_width(part);
		free(part);
		if (cx < a->w - 10) {
			ui_text(y, cx, 1, "^", ST_ERROR);
			x = cx + 2;
			/* too little room to the right: the message goes from the left */
			if (ui_width(p->error) > a->w - x - 1)
				x = cx + 2 > a->w / 2 ? 1 : x;
			if (x == 1)
				ui_text(y, cx, 1, "^", ST_ERROR);
		}
	}
	if (x == 1)
		ui_text(y, 1, xv - 2, " ", ST_NORMAL);
	ui_text(y, x, a->w - x - 1, p->error, ST_ERROR);
}

void sheet_draw(App *a)
{
	int bh = body_h(a);
	a->nhits = 0;
	a->list_w = side_pane(a) ? a->w * 3 / 5 : a->w;
	/* the headline results stay in view above the list, with a rule under them */
	/* short windows: two lines at most and no rule, so the list keeps some rows */
	int maxl = bh >= 14 ? 4 : 2;
	bool rule = bh >= 14;
	a->strip_h = bh >= 8 ? strip(a, BODY_Y, a->w, maxl, false) + rule : 0;
	if (a->strip_h) {
		strip(a, BODY_Y, a->w, maxl, true);
		if (rule)
			ui_repeat(BODY_Y + a->strip_h - 1, 0, a->w, a->g->hline, ST_DIM);
	}
	int ph = pane_height(a);
	int y0 = BODY_Y + a->strip_h;
	a->list_h = side_pane(a) ? bh - a->strip_h : bh - a->strip_h - ph;
	a->list_y = y0;
	if (a->nrows == 0) {
		ui_text(y0, 1, a->w - 2, "no quantities", ST_DIM);
		return;
	}
	scroll_to_sel(a);
	int namew = name_width(a);
	if (namew > a->list_w / 3)
		namew = a->list_w / 3;
	bool hl = edit_highlighting(a);
	for (int i = 0; i < a->list_h && a->top + i < a->nrows; i++)
		draw_row(a, y0 + i, a->top + i, namew, hl);
	int py = side_pane(a) ? y0 : y0 + a->list_h;
	if (side_pane(a))
		draw_pane(a, py, a->list_w + 1, a->w - a->list_w - 1, ph);
	else
		draw_pane(a, py, 0, a->w, ph);
	/* where the list is, on the pane's rule */
	if (a->nrows > a->list_h && !side_pane(a)) {
		char pos[48];
		int n = 0, at = 0;
		for (int i = 0; i < a->nrows; i++)
			if (a->rows[i].q >= 0) {
				n++;
				if (i == a->sel)
					at = n;
			}
		snprintf(pos, sizeof pos, " %d of %d ", at, n);
		ui_text(py, a->w - ui_width(pos) - 2, 16, pos, ST_DIM);
	}
	if (a->prompt.kind == PR_EDIT && a->prompt.error[0]) {
		int ry = y0 + a->sel - a->top;
		int ey = ry + 1 < y0 + a->list_h + 1 ? ry + 1 : ry - 1;
		draw_edit_error(a, ey, namew);
		/* le_draw placed the cursor; drawing the error moved it */
	}
}
