/*
 * The sheet: every listed quantity in its section (Traffic ... Cost, then the
 * scenario's own defines) with value, unit and where it comes from, and a
 * pane that explains the selected one: its formula with the numbers put in,
 * what it reads and what reads it. Values are edited in place.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

static int pane_height(const App *a)
{
	int bh = body_h(a);
	return bh >= 24 ? 8 : bh >= 14 ? 6 : 4;
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
	{'\r', "Enter", "edit the selected value in the units language (Esc cancels)", act_edit, "edit"},
	{'\n', NULL, NULL, act_edit, NULL},
	{KEYFN(KEY_ENTER), NULL, NULL, act_edit, NULL},
	{'+', "+ -", "double / halve the selected input", act_double, "x2"},
	{'=', NULL, NULL, act_double, NULL},
	{'-', NULL, NULL, act_halve, NULL},
	{'*', "* <", "times ten / a tenth of the selected input ('>' also multiplies)", act_ten, NULL},
	{'>', NULL, NULL, act_ten, NULL},
	{'<', NULL, NULL, act_tenth, NULL},
	{'r', "r", "reset the selected value to what the file (or the default) says", edit_reset, "reset"},
	{'R', "R", "reset every value edited here", edit_reset_all, NULL},
	{'z', "z", "undo the last change", edit_undo, "undo"},
	{'Z', "Z C-r", "redo", edit_redo, NULL},
	{KEYCTRL('r'), NULL, NULL, edit_redo, NULL},
	{'/', "/", "find a quantity by name (n finds the next)", act_find, "find"},
	{'n', NULL, NULL, act_find_next, NULL},
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

static void draw_row(App *a, int y, int r, int namew, bool hl_active)
{
	const Scenario *s = a->s;
	const Row *row = &a->rows[r];
	int w = a->w;
	if (row->q < 0) {
		int x = 1 + ui_text(y, 1, w - 2, section_name(row->sec), ST_SECTION);
		ui_text(y, x, 1, " ", ST_NORMAL);
		ui_repeat(y, x + 1, w - x - 2, a->g->hline, ST_DIM);
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
	int xi = xa + 2;
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

/* Names of the listed quantities among idx, as "a, b, c", or what to say when none. */
static void name_list(const Scenario *s, const int *idx, int n, char *out, size_t size)
{
	Buf b = {0};
	int k = 0;
	for (int i = 0; i < n; i++) {
		const Quantity *q = &s->q[idx[i]];
		if (q->hidden)
			continue;
		buf_printf(&b, "%s%s", k++ ? ", " : "", q->name);
	}
	snprintf(out, size, "%s", b.s ? b.s : "");
	buf_free(&b);
}

static void draw_pane(App *a, int y, int h)
{
	const Scenario *s = a->s;
	int w = a->w;
	int qi = sel_q(a);
	ui_repeat(y, 0, w, a->g->hline, ST_DIM);
	if (qi < 0 || h < 2)
		return;
	const Quantity *q = &s->q[qi];
	char title[300];
	const char *kind = q->origin == ORIGIN_OVERRIDE ? "edited here"
			   : !q->input			? (q->origin == ORIGIN_DEFINE ? "defined by the scenario" : "derived")
			   : q->origin == ORIGIN_SET	? "input, set by the scenario"
			   : q->origin == ORIGIN_DEFINE ? "input, defined by the scenario"
							: "input, standard default";
	snprintf(title, sizeof title, " %s %s %s %s %s ", q->name, a->g->dot,
		 section_name(q->section), a->g->dot, kind);
	ui_text(y, 2, w - 4, title, ST_SECTION);
	int line = 1;
	int ind = (int)strlen(q->name) + 1;
	char v[96];
	scenario_format_value(s, qi, &a->prefs, v, sizeof v);
	/* the formula, the numbers put in, the result */
	char buf[2000];
	const char *formula = q->formula ? q->formula : q->text;
	snprintf(buf, sizeof buf, "%s = %s", q->name, formula);
	line += ui_wrap(y + line, 1, w - 2, h - line > 2 ? 2 : 1, buf, ST_NORMAL);
	if (line < h && q->ndeps > 0 && q->substituted && strcmp(q->substituted, formula) != 0) {
		/* the numbers put in follow the units chosen with u, like the values */
		Buf sub = {0};
		scenario_substitute(s, qi, &a->prefs, &sub);
		snprintf(buf, sizeof buf, "= %s", sub.s);
		buf_free(&sub);
		line += ui_wrap(y + line, 1 + ind, w - 2 - ind, h - line > 3 ? 2 : 1, buf, ST_NORMAL);
	}
	if (line < h && strcmp(v, formula) != 0) {
		snprintf(buf, sizeof buf, "= %s", v);
		line += ui_text(y + line, 1 + ind, w - 2 - ind, buf, ST_INPUT) > 0;
	}
	if (line < h) {
		char names[1500];
		name_list(s, q->users, q->nusers, names, sizeof names);
		if (q->unused)
			snprintf(buf, sizeof buf, "used by: nothing any more (unused: what read it was set directly)");
		else if (!names[0])
			snprintf(buf, sizeof buf, "used by: nothing, a result");
		else
			snprintf(buf, sizeof buf, "used by: %s", names);
		line += ui_wrap(y + line, 1, w - 2, h - line > 3 ? 2 : 1, buf, ST_DIM);
	}
	if (line < h && q->ndeps > 0) {
		char names[1500];
		name_list(s, q->deps, q->ndeps, names, sizeof names);
		snprintf(buf, sizeof buf, "depends on: %s", names);
		line += ui_wrap(y + line, 1, w - 2, 1, buf, ST_DIM);
	}
	if (line < h && q->std) {
		snprintf(buf, sizeof buf, "meaning: %s", q->std->meaning);
		line += ui_wrap(y + line, 1, w - 2, 1, buf, ST_DIM);
	}
	if (line < h && q->note) {
		snprintf(buf, sizeof buf, "note: %s", q->note);
		line += ui_wrap(y + line, 1, w - 2, h - line, buf, ST_DIM);
	}
	if (line < h && q->file && q->origin != ORIGIN_OVERRIDE && q->line > 0) {
		snprintf(buf, sizeof buf, "written at %s:%d", q->file, q->line);
		ui_text(y + line, 1, w - 2, buf, ST_DIM);
	}
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
	int ph = pane_height(a);
	a->list_h = bh - ph;
	a->list_y = BODY_Y;
	if (a->nrows == 0) {
		ui_text(BODY_Y, 1, a->w - 2, "no quantities", ST_DIM);
		return;
	}
	scroll_to_sel(a);
	int namew = name_width(a);
	if (namew > a->w / 3)
		namew = a->w / 3;
	bool hl = edit_highlighting(a);
	for (int i = 0; i < a->list_h && a->top + i < a->nrows; i++)
		draw_row(a, BODY_Y + i, a->top + i, namew, hl);
	draw_pane(a, BODY_Y + a->list_h, ph);
	/* where the list is, on the pane's rule */
	if (a->nrows > a->list_h) {
		char pos[48];
		int n = 0, at = 0;
		for (int i = 0; i < a->nrows; i++)
			if (a->rows[i].q >= 0) {
				n++;
				if (i == a->sel)
					at = n;
			}
		snprintf(pos, sizeof pos, " %d of %d ", at, n);
		ui_text(BODY_Y + a->list_h, a->w - ui_width(pos) - 2, 16, pos, ST_DIM);
	}
	if (a->prompt.kind == PR_EDIT && a->prompt.error[0]) {
		int ry = BODY_Y + a->sel - a->top;
		int ey = ry + 1 < BODY_Y + a->list_h + 1 ? ry + 1 : ry - 1;
		draw_edit_error(a, ey, namew);
		/* le_draw placed the cursor; drawing the error moved it */
	}
}
