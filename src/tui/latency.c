/*
 * The latency view: the hops stacked in one bar against the target, and a
 * table of each hop's time, its share of the target and the running total.
 * A hop is selected with j and k and edited here: Enter its time, a adds a
 * hop after it, D removes it, t changes the target; the total, the margin and
 * the verdict follow at once. The page scrolls when it is taller than the
 * window.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

#define FIRST_HOP 8	/* page line of the first hop in the table */

static int clamp_sel(App *a)
{
	if (a->hop_sel >= (int)a->s->nhops)
		a->hop_sel = (int)a->s->nhops - 1;
	if (a->hop_sel < 0)
		a->hop_sel = 0;
	return a->hop_sel;
}

static void bar(App *a, double target, double total)
{
	const Scenario *s = a->s;
	const Glyphs *g = a->g;
	int w = a->w, bx = 2, bw = w - 4;
	char t[200], v1[64];
	double scale = fmax(total, target) * 1.02;
	if (!(scale > 0) || bw < 10)
		return;
	double *parts = xmalloc(s->nhops * sizeof *parts);
	for (size_t i = 0; i < s->nhops; i++)
		parts[i] = s->hops[i].time;
	int by = page_y(a, 2);
	for (int k = 0; k < 3; k++)
		ui_stacked(a, by + k, bx, bw, parts, (int)s->nhops, scale);
	free(parts);
	int tx = bx + (int)lround(target / scale * bw);
	if (tx >= w - 1)
		tx = w - 2;
	int endx = bx + (int)lround(total / scale * bw);
	if (s->fits_budget)
		for (int k = 0; k < 3; k++)
			ui_repeat(by + k, endx, tx - endx, g->dot, ST_DIM);
	fmt_dur(a, target, v1, sizeof v1);
	snprintf(t, sizeof t, "target %s", v1);
	int lx = tx - ui_width(t) - 1 > 1 ? tx - ui_width(t) - 1 : 1;
	ui_text(by - 1, lx, w - lx - 1, t, ST_WARN);
	ui_text(by - 1, tx, 1, g->down, ST_WARN);
	for (int k = 0; k < 3; k++)
		if (tx >= endx || !s->fits_budget)
			ui_text(by + k, tx, 1, g->vline, ST_WARN);
	/* hop names under their segments, where they fit */
	double acc = 0;
	int lastx = -1;
	for (size_t i = 0; i < s->nhops; i++) {
		int sx = bx + (int)lround(acc / scale * bw);
		acc += s->hops[i].time;
		int ex = bx + (int)lround(acc / scale * bw);
		int room = ex - sx;
		if (sx > lastx && room >= 3) {
			int n = ui_text(by + 3, sx, room - 1, s->hops[i].name, (Style)(ST_SEG0 + i % ST_NSEG));
			lastx = sx + n;
		}
	}
}

void latency_draw(App *a)
{
	const Scenario *s = a->s;
	const Glyphs *g = a->g;
	int w = a->w;
	char t[600], v1[64], v2[64], v3[64];
	page_begin(a);
	if (s->nhops == 0) {
		ui_text(page_y(a, 0), 1, w - 2, "Latency budget", ST_SECTION);
		int n = ui_wrap(page_y(a, 1), 1, w - 2, 3,
				"This scenario has no latency budget. a adds a hop (name = time; the target starts at 200 ms, t changes it), "
				"or add 'latency_budget:' with 'target:' and 'hops:' to its file.",
				ST_DIM);
		page_end(a, n + 1);
		return;
	}
	clamp_sel(a);
	double target = s->q[s->q_target].value, total = s->q[s->q_total].value;
	double margin = s->q[s->q_margin].value;
	fmt_dur(a, target, v1, sizeof v1);
	fmt_dur(a, total, v2, sizeof v2);
	fmt_dur(a, fabs(margin), v3, sizeof v3);
	snprintf(t, sizeof t, "Latency budget: %s of %s", v2, v1);
	int tw = ui_text(page_y(a, 0), 1, w - 2, t, ST_SECTION) + 2;
	if (s->fits_budget)
		snprintf(t, sizeof t, "%s fits, %s to spare", g->ok, v3);
	else
		snprintf(t, sizeof t, "%s over the target by %s", g->bad, v3);
	int rw = ui_width(t) < w - tw - 1 ? ui_width(t) : w - tw - 1;
	ui_text(page_y(a, 0), w - rw - 1, rw, t, s->fits_budget ? ST_OK : ST_ERROR);
	bar(a, target, total);
	/* the table: names get what the other columns leave */
	int nw = 8;
	for (size_t i = 0; i < s->nhops; i++) {
		int l = ui_width(s->hops[i].name);
		if (l > nw)
			nw = l;
	}
	int cap = w - 45;
	if (nw > cap)
		nw = cap > 8 ? cap : 8;
	int y = page_y(a, FIRST_HOP - 1);
	ui_text(y, 4, nw, "hop", ST_DIM);
	ui_text(y, 5 + nw, 10, "time", ST_DIM);
	ui_text(y, 16 + nw, 10, "of target", ST_DIM);
	ui_text(y, 27 + nw, 14, "running total", ST_DIM);
	double acc = 0;
	int line = FIRST_HOP;
	for (size_t i = 0; i < s->nhops; i++, line++) {
		const Hop *h = &s->hops[i];
		bool sel = (int)i == a->hop_sel;
		Style base = sel ? ST_SELECT : ST_NORMAL;
		y = page_y(a, line);
		acc += h->time;
		if (sel) {
			ui_fill(y, 0, 42 + nw, ST_SELECT);
			ui_text(y, 0, 1, g->mark, ST_SELECT);
		}
		ui_text(y, 2, 1, g->shade[i % ST_NSEG], (Style)(ST_SEG0 + i % ST_NSEG));
		ui_text(y, 4, nw, h->name, base);
		fmt_dur(a, h->time, v1, sizeof v1);
		ui_text(y, 5 + nw, 10, v1, sel ? base : ST_INPUT);
		fmt_pct(target > 0 ? h->time / target : 0, v2, sizeof v2);
		ui_text(y, 16 + nw, 10, v2, base);
		fmt_dur(a, acc, v3, sizeof v3);
		ui_text(y, 27 + nw, 14, v3, sel ? base : acc > target ? ST_ERROR : ST_DIM);
	}
	fmt_dur(a, margin, v1, sizeof v1);
	fmt_dur(a, total, v2, sizeof v2);
	snprintf(t, sizeof t, "latency_total = %s   latency_margin = %s", v2, v1);
	ui_text(page_y(a, line++), 4, w - 5, t, ST_NORMAL);
	line++;
	fmt_dur(a, target, v1, sizeof v1);
	snprintf(t, sizeof t, "target %s (t changes it)", v1);
	char why[200];
	if (scenario_implausible(s, s->q_target, why, sizeof why))
		snprintf(t + strlen(t), sizeof t - strlen(t), "  ! %s", why);
	ui_text(page_y(a, line++), 4, w - 5, t, ST_NORMAL);
	page_end(a, line);
}

/* ---- keys ---- */

static int act_down(App *a)
{
	if (a->hop_sel + 1 < (int)a->s->nhops) {
		a->hop_sel++;
		page_show(a, FIRST_HOP + a->hop_sel, FIRST_HOP + a->hop_sel);
	} else {
		scroll_key(a, 'j');
	}
	return UI_REDRAW;
}

static int act_up(App *a)
{
	if (a->hop_sel > 0) {
		a->hop_sel--;
		page_show(a, FIRST_HOP + a->hop_sel, FIRST_HOP + a->hop_sel);
	} else {
		a->scroll[SCR_LATENCY] = 0;
	}
	return UI_REDRAW;
}

static bool has_hop(App *a)
{
	if (a->s->nhops > 0)
		return true;
	app_message(a, ST_DIM, "no hops yet: a adds one");
	return false;
}

static int act_edit(App *a)
{
	if (has_hop(a))
		prompt_block(a, clamp_sel(a), BF_TIME);
	return UI_REDRAW;
}

static int act_target(App *a)
{
	if (has_hop(a))
		prompt_block(a, 0, BF_TARGET);
	return UI_REDRAW;
}

static int act_add(App *a)
{
	prompt_open(a, PR_ADD_HOP, "");
	return UI_REDRAW;
}

static int act_remove(App *a)
{
	if (has_hop(a))
		block_remove(a, true, clamp_sel(a));
	return UI_REDRAW;
}

const KeyBinding latency_keys[] = {
	{KEYFN(KEY_DOWN), "j k", "select the next, previous hop (scrolls past the last)", act_down, NULL},
	{'j', NULL, NULL, act_down, NULL},
	{KEYFN(KEY_UP), NULL, NULL, act_up, NULL},
	{'k', NULL, NULL, act_up, NULL},
	{'\r', "Enter", "edit the hop's time", act_edit, "time"},
	{'\n', NULL, NULL, act_edit, NULL},
	{KEYFN(KEY_ENTER), NULL, NULL, act_edit, NULL},
	{'t', "t", "edit the latency target", act_target, "target"},
	{'a', "a", "add a hop after this one: name = time", act_add, "add"},
	{'D', "D", "remove the hop", act_remove, "remove"},
	{'z', "z Z", "undo, redo (C-r)", edit_undo, "undo"},
	{'Z', NULL, NULL, edit_redo, NULL},
	{KEYCTRL('r'), NULL, NULL, edit_redo, NULL},
	{0, NULL, NULL, NULL, NULL},
};

int latency_key(App *a, int key)
{
	int f = keys_dispatch(a, latency_keys, key);
	return f ? f : scroll_key(a, key);
}
