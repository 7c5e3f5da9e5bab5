/*
 * The preset picker: every preset on the search path with its difficulty,
 * title and scope; typing filters (every word must appear in the name,
 * title, summary or difficulty), Enter opens the selected one.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

void picker_free(PickerState *p)
{
	preset_list_free(p->list, p->n);
	free(p->shown);
	le_free(&p->filter);
	memset(p, 0, sizeof *p);
}

static bool word_in(const char *hay, const char *w, size_t n)
{
	if (!hay)
		return false;
	for (const char *h = hay; *h; h++) {
		size_t i = 0;
		while (i < n && h[i] && tolower((unsigned char)h[i]) == tolower((unsigned char)w[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

static bool matches(const PresetInfo *pi, const char *filter)
{
	const char *p = filter;
	while (*p) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (n == 0)
			break;
		if (!word_in(pi->name, p, n) && !word_in(pi->title, p, n) && !word_in(pi->summary, p, n) &&
		    !word_in(pi->difficulty, p, n))
			return false;
		p += n;
	}
	return true;
}

static void refilter(PickerState *p)
{
	const char *f = p->filter.buf ? p->filter.buf : "";
	p->nshown = 0;
	for (size_t i = 0; i < p->n; i++)
		if (matches(&p->list[i], f))
			p->shown[p->nshown++] = (int)i;
	if (p->sel >= p->nshown)
		p->sel = p->nshown ? p->nshown - 1 : 0;
	if (p->sel < 0)
		p->sel = 0;
}

void picker_init(App *a)
{
	PickerState *p = &a->picker;
	/* back from its help: the list and the filter as they were */
	if (a->from == SCR_HELP && p->list)
		return;
	/* read the presets again each time: one may have been saved meanwhile */
	preset_list_free(p->list, p->n);
	free(p->shown);
	p->list = preset_list(&p->n);
	p->shown = xcalloc(p->n + 1, sizeof *p->shown);
	le_set(&p->filter, "");
	p->error[0] = '\0';
	p->sel = p->top = 0;
	refilter(p);
	for (int i = 0; i < p->nshown; i++)
		if (a->s->name && strcmp(p->list[p->shown[i]].name, a->s->name) == 0)
			p->sel = i;
}

void picker_open_path(App *a, const char *path)
{
	BoeError err;
	Scenario *s = scenario_load_file(path, &err);
	if (s && !scenario_compute(s, &err)) {
		scenario_free(s);
		s = NULL;
	}
	if (!s) {
		boe_error_format(&err, a->picker.error, sizeof a->picker.error);
		if (a->screen != SCR_PICKER)
			app_message(a, ST_ERROR, "%s", a->picker.error);
		return;
	}
	app_set_scenario(a, s);
	a->screen = a->back = SCR_SHEET;
	sheet_init(a);
	app_message(a, ST_OK, "opened %s", path);
}

static int open_sel(App *a)
{
	PickerState *p = &a->picker;
	if (p->nshown == 0)
		return UI_HANDLED;
	const char *path = p->list[p->shown[p->sel]].path;
	if (app_unsaved(a)) {
		prompt_open(a, PR_DISCARD, NULL);
		a->prompt.path = xstrdup(path);
		return UI_REDRAW;
	}
	char *copy = xstrdup(path);
	picker_open_path(a, copy);
	free(copy);
	return UI_REDRAW;
}

static int pick_move(App *a, int d)
{
	PickerState *p = &a->picker;
	p->sel += d;
	if (p->sel >= p->nshown)
		p->sel = p->nshown - 1;
	if (p->sel < 0)
		p->sel = 0;
	return UI_REDRAW;
}

static int list_h(const App *a)
{
	return body_h(a) - 3;
}

static int act_down(App *a) { return pick_move(a, 1); }
static int act_up(App *a) { return pick_move(a, -1); }
static int act_pgdn(App *a) { return pick_move(a, list_h(a) - 1); }
static int act_pgup(App *a) { return pick_move(a, -(list_h(a) - 1)); }
static int act_home(App *a) { return pick_move(a, -(1 << 20)); }
static int act_end(App *a) { return pick_move(a, 1 << 20); }

static int act_close(App *a)
{
	app_switch(a, a->back);
	return UI_REDRAW;
}

static int act_help(App *a)
{
	app_switch(a, SCR_HELP);
	return UI_REDRAW;
}

static int mouse(App *a)
{
	PickerState *p = &a->picker;
	MEVENT *m = &a->mouse;
	if (m->bstate & BUTTON4_PRESSED)
		return pick_move(a, -3);
	if (m->bstate & BUTTON5_PRESSED)
		return pick_move(a, 3);
	if (!(m->bstate & BUTTON1_PRESSED))
		return UI_HANDLED;
	int r = p->top + (m->y - (BODY_Y + 2));
	if (m->y < BODY_Y + 2 || r < 0 || r >= p->nshown || m->y >= BODY_Y + 2 + list_h(a))
		return UI_HANDLED;
	double t = now_seconds();
	bool dbl = r == p->sel && r == a->click_row && t - a->click_t < 0.4;
	p->sel = r;
	a->click_row = r;
	a->click_t = t;
	return dbl ? open_sel(a) : UI_REDRAW;
}

const KeyBinding picker_keys[] = {
	{'\r', "Enter", "open the selected preset (asks first when there are unsaved changes)", open_sel, "open"},
	{'\n', NULL, NULL, open_sel, NULL},
	{KEYFN(KEY_ENTER), NULL, NULL, open_sel, NULL},
	{KEY_ESC, "Esc", "close the picker", act_close, "close"},
	{KEYFN(KEY_DOWN), "Down C-n", "next preset", act_down, NULL},
	{KEYCTRL('n'), NULL, NULL, act_down, NULL},
	{KEYFN(KEY_UP), "Up C-p", "previous preset", act_up, NULL},
	{KEYCTRL('p'), NULL, NULL, act_up, NULL},
	{KEYFN(KEY_NPAGE), "PgDn PgUp", "page down, up", act_pgdn, NULL},
	{KEYFN(KEY_PPAGE), NULL, NULL, act_pgup, NULL},
	{KEYFN(KEY_HOME), "Home End", "first, last", act_home, NULL},
	{KEYFN(KEY_END), NULL, NULL, act_end, NULL},
	{KEYFN(KEY_F(1)), "F1", "help", act_help, NULL},
	{1, "letters", "filter: every word must appear in the name, title, scope or difficulty", NULL, "type to filter"},
	{KEYFN(KEY_MOUSE), "mouse", "click selects, double click opens, the wheel scrolls", mouse, NULL},
	{0, NULL, NULL, NULL, NULL},
};

int picker_key(App *a, int key)
{
	PickerState *p = &a->picker;
	int f = keys_dispatch(a, picker_keys, key);
	if (f)
		return f;
	if (key == KEYFN(KEY_LEFT) || key == KEYFN(KEY_RIGHT))
		return UI_HANDLED;
	if (le_key(&p->filter, key)) {
		p->error[0] = '\0';
		refilter(p);
		p->sel = 0;
		return UI_REDRAW;
	}
	return UI_HANDLED;
}

static Style difficulty_style(const char *d)
{
	if (!d)
		return ST_NORMAL;
	if (strcmp(d, "easy") == 0)
		return ST_EASY;
	if (strcmp(d, "medium") == 0)
		return ST_MEDIUM;
	if (strcmp(d, "hard") == 0)
		return ST_HARD;
	return ST_NORMAL;
}

void picker_draw(App *a)
{
	PickerState *p = &a->picker;
	int w = a->w, y = BODY_Y;
	int x = 1 + ui_text(y, 1, w - 2, "Open a preset: ", ST_KEY);
	char count[64];
	snprintf(count, sizeof count, "  %d of %zu", p->nshown, p->n);
	int cw = ui_width(count);
	le_draw(&p->filter, y, x, w - x - cw - 2, ST_FIELD, a->prompt.kind == PR_NONE);
	ui_text(y, w - cw - 1, cw, count, ST_DIM);
	int nw = 8;
	for (int i = 0; i < p->nshown; i++) {
		int l = ui_width(p->list[p->shown[i]].name);
		if (l > nw)
			nw = l;
	}
	if (nw > 28)
		nw = 28;
	int xd = 2 + nw + 2, xt = xd + 9;
	ui_text(y + 1, 2, nw, "name", ST_DIM);
	ui_text(y + 1, xd, 8, "level", ST_DIM);
	ui_text(y + 1, xt, w - xt - 1, "title, scope", ST_DIM);
	int lh = list_h(a);
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + lh)
		p->top = p->sel - lh + 1;
	if (p->top < 0)
		p->top = 0;
	if (p->n == 0) {
		ui_wrap(y + 2, 2, w - 4, 3,
			"No presets found. boe looks in $BOE_PRESET_PATH, your presets directory, the installed presets and the source tree's presets/.",
			ST_DIM);
	} else if (p->nshown == 0) {
		ui_text(y + 2, 2, w - 4, "no preset matches; Backspace or C-u to widen the filter", ST_DIM);
	}
	for (int i = 0; i < lh && p->top + i < p->nshown; i++) {
		const PresetInfo *pi = &p->list[p->shown[p->top + i]];
		int ry = y + 2 + i;
		bool sel = p->top + i == p->sel;
		if (sel)
			ui_fill(ry, 0, w, ST_SELECT);
		Style base = sel ? ST_SELECT : ST_NORMAL;
		if (sel)
			ui_text(ry, 0, 1, a->g->mark, base);
		ui_text(ry, 2, nw, pi->name, base);
		ui_text(ry, xd, 8, pi->difficulty, sel ? base : difficulty_style(pi->difficulty));
		int tx = xt + ui_text(ry, xt, w - xt - 1, pi->title, base);
		if (pi->summary && *pi->summary && tx + 4 < w) {
			char sum[700];
			snprintf(sum, sizeof sum, " %s %s", a->g->dot, pi->summary);
			ui_text(ry, tx, w - tx - 1, sum, sel ? base : ST_DIM);
		}
	}
	int by = y + body_h(a) - 1;
	if (p->error[0])
		ui_text(by, 1, w - 2, p->error, ST_ERROR);
	else if (p->nshown)
		ui_text(by, 1, w - 2, p->list[p->shown[p->sel]].path, ST_DIM);
}
