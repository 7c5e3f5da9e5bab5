/*
 * The availability view: each tier (availability, replicas, what they give
 * together, its downtime and its share), the composite against the SLA, and
 * the downtime drawn to scale beside what the SLA allows. A tier is selected
 * with j and k and edited here: Enter its availability, r or + and - its
 * replicas, a adds a tier after it, D removes it; the composite, the downtime
 * and the verdict follow at once. The page scrolls when it is taller than the
 * window.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

#define FIRST_TIER 3	/* page line of the first tier */

static void sla_table(App *a, int line)
{
	static const char *names[] = {"sla", "downtime_per_year", "downtime_per_month",
				      "downtime_per_week", "downtime_per_day", "error_budget_requests"};
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		int q = scenario_find(a->s, names[i]);
		if (q < 0)
			continue;
		char v[96];
		scenario_format_value(a->s, q, &a->prefs, v, sizeof v);
		int y = page_y(a, line + (int)i);
		ui_text(y, 3, 24, names[i], ST_NORMAL);
		ui_text(y, 28, a->w - 29, v, i == 0 ? ST_INPUT : ST_NORMAL);
	}
}

static int clamp_sel(App *a)
{
	if (a->tier_sel >= (int)a->s->ntiers)
		a->tier_sel = (int)a->s->ntiers - 1;
	if (a->tier_sel < 0)
		a->tier_sel = 0;
	return a->tier_sel;
}

/* The mark beside a value the core finds implausible, and why on the message line when selected. */
static void flag(App *a, int y, int x, int q, bool sel)
{
	char why[200];
	if (scenario_implausible(a->s, q, why, sizeof why)) {
		ui_text(y, x, 1, "!", ST_WARN);
		if (sel && !a->msg[0] && a->prompt.kind == PR_NONE)
			app_message(a, ST_WARN, "! %s", why);
	}
}

static void draw_tier(App *a, int line, size_t i, int nw, int xa, int xr, int xe, int xd, int xb, double sum)
{
	const Scenario *s = a->s;
	const Tier *tr = &s->tiers[i];
	int y = page_y(a, line), w = a->w;
	bool sel = (int)i == a->tier_sel;
	Style base = sel ? ST_SELECT : ST_NORMAL;
	char v[96];
	if (sel) {
		ui_fill(y, 0, xb - 1, ST_SELECT);
		ui_text(y, 0, 1, a->g->mark, ST_SELECT);
	}
	ui_text(y, 1, 1, a->g->shade[i % ST_NSEG], (Style)(ST_SEG0 + i % ST_NSEG));
	ui_text(y, 3, nw, tr->name, base);
	fmt_pct(tr->availability, v, sizeof v);
	ui_text(y, xa, 10, v, sel ? base : ST_INPUT);
	flag(a, y, xa + 10, tr->q_avail, sel);
	snprintf(v, sizeof v, "%g", tr->replicas);
	ui_text(y, xr, 7, v, sel ? base : ST_INPUT);
	flag(a, y, xr + 7, tr->q_replicas, sel);
	fmt_pct(tr->effective, v, sizeof v);
	ui_text(y, xe, 11, v, base);
	fmt_dur(a, tr->downtime_per_year, v, sizeof v);
	ui_text(y, xd, 10, v, base);
	int bw = w - xb - 8;
	if (bw > 3 && sum > 0) {
		double share = tr->downtime_per_year / sum;
		int len = (int)lround(share * bw);
		ui_repeat(y, xb, len, a->g->shade[i % ST_NSEG], (Style)(ST_SEG0 + i % ST_NSEG));
		fmt_pct(share, v, sizeof v);
		ui_text(y, xb + len + 1, w - xb - len - 2, v, ST_DIM);
	}
}

void avail_draw(App *a)
{
	const Scenario *s = a->s;
	const Glyphs *g = a->g;
	int w = a->w;
	int qsla = scenario_find(s, "sla");
	double sla = qsla >= 0 ? s->q[qsla].value : 0;
	char t[600], v1[64], v2[64], v3[64];
	page_begin(a);
	if (s->ntiers == 0) {
		ui_text(page_y(a, 0), 1, w - 2, "Availability", ST_SECTION);
		int n = ui_wrap(page_y(a, 1), 1, w - 2, 3,
				"This scenario has no availability tiers. a adds one (name = availability, replicas), "
				"or add 'availability: tiers:' to its file.",
				ST_DIM);
		ui_text(page_y(a, n + 2), 1, w - 2, "What the SLA allows:", ST_NORMAL);
		sla_table(a, n + 3);
		page_end(a, n + 9);
		return;
	}
	clamp_sel(a);
	ui_text(page_y(a, 0), 1, w - 2, "Availability tiers: in series, replicas in parallel", ST_SECTION);
	/* names get what the other columns leave */
	int nw = 8;
	for (size_t i = 0; i < s->ntiers; i++) {
		int l = ui_width(s->tiers[i].name);
		if (l > nw)
			nw = l;
	}
	int cap = w - 49 - 16;
	if (nw > cap)
		nw = cap > 8 ? cap : 8;
	int xa = 3 + nw + 1, xr = xa + 12, xe = xr + 9, xd = xe + 13, xb = xd + 11;
	int y = page_y(a, 2);
	ui_text(y, 3, nw, "tier", ST_DIM);
	ui_text(y, xa, 10, "each", ST_DIM);
	ui_text(y, xr, 8, "replicas", ST_DIM);
	ui_text(y, xe, 11, "together", ST_DIM);
	ui_text(y, xd, 10, "down/year", ST_DIM);
	ui_text(y, xb, w - xb - 1, "share of the downtime", ST_DIM);
	double sum = 0;
	for (size_t i = 0; i < s->ntiers; i++)
		sum += s->tiers[i].downtime_per_year;
	int line = FIRST_TIER;
	for (size_t i = 0; i < s->ntiers; i++, line++)
		draw_tier(a, line, i, nw, xa, xr, xe, xd, xb, sum);
	/* composite against the SLA */
	line++;
	double comp = s->q_composite >= 0 ? s->q[s->q_composite].value : 0;
	double cdown = s->q_comp_down_year >= 0 ? s->q[s->q_comp_down_year].value : 0;
	double sdown = (1 - sla) * 31536000;
	fmt_pct(comp, v1, sizeof v1);
	fmt_dur(a, cdown, v2, sizeof v2);
	char vm[64];
	if (s->q_comp_down_month >= 0)
		fmt_dur(a, s->q[s->q_comp_down_month].value, vm, sizeof vm);
	else
		vm[0] = '\0';
	snprintf(t, sizeof t, "composite %s  %s  %s down a year, %s a month  (%.2f nines)", v1, g->dot, v2, vm,
		 comp < 1 ? -log10(1 - comp) : INFINITY);
	ui_text(page_y(a, line++), 1, w - 2, t, ST_NORMAL);
	fmt_pct(sla, v1, sizeof v1);
	fmt_dur(a, sdown, v2, sizeof v2);
	snprintf(t, sizeof t, "SLA       %s  %s  allows %s a year", v1, g->dot, v2);
	ui_text(page_y(a, line++), 1, w - 2, t, ST_NORMAL);
	if (s->meets_sla) {
		snprintf(t, sizeof t, "%s meets the SLA", g->ok);
		ui_text(page_y(a, line++), 1, w - 2, t, ST_OK);
	} else {
		fmt_dur(a, cdown - sdown, v3, sizeof v3);
		snprintf(t, sizeof t, "%s misses the SLA by %s a year: add replicas to the weakest tier, or relax the SLA",
			 g->bad, v3);
		ui_text(page_y(a, line++), 1, w - 2, t, ST_ERROR);
	}
	/* the picture: downtime by tier, to scale, against what the SLA allows */
	line++;
	int bx = 12, bwid = w - bx - 3;
	double scale = fmax(sum, sdown) * 1.05;
	if (bwid >= 10 && scale > 0) {
		double *parts = xmalloc(s->ntiers * sizeof *parts);
		for (size_t i = 0; i < s->ntiers; i++)
			parts[i] = s->tiers[i].downtime_per_year;
		int row = page_y(a, line + 1);
		ui_text(row, 1, bx - 2, "downtime", ST_DIM);
		int ex = ui_stacked(a, row, bx, bwid, parts, (int)s->ntiers, scale) + 1;
		free(parts);
		fmt_dur(a, sum, v3, sizeof v3);
		if (ex + ui_width(v3) < w)
			ui_text(row, ex, w - ex - 1, v3, ST_NORMAL);
		int sx = bx + (int)lround(sdown / scale * bwid);
		ui_text(row - 1, sx, 1, g->down, ST_WARN);
		ui_text(row + 1, sx, 1, g->vline, ST_WARN);
		snprintf(t, sizeof t, "SLA allows %s", v2);
		int lx = sx + 2 + ui_width(t) < w ? sx + 2 : sx - ui_width(t) - 1;
		ui_text(row + 1, lx < 1 ? 1 : lx, w - (lx < 1 ? 1 : lx) - 1, t, ST_WARN);
		line += 4;
	}
	ui_text(page_y(a, line), 1, w - 2, "What the SLA allows:", ST_NORMAL);
	sla_table(a, line + 1);
	page_end(a, line + 7);
}

/* ---- keys ---- */

static int act_down(App *a)
{
	if (a->tier_sel + 1 < (int)a->s->ntiers) {
		a->tier_sel++;
		page_show(a, FIRST_TIER + a->tier_sel, FIRST_TIER + a->tier_sel);
	} else {
		scroll_key(a, 'j');
	}
	return UI_REDRAW;
}

static int act_up(App *a)
{
	if (a->tier_sel > 0) {
		a->tier_sel--;
		page_show(a, FIRST_TIER + a->tier_sel, FIRST_TIER + a->tier_sel);
	} else {
		a->scroll[SCR_AVAIL] = 0;
	}
	return UI_REDRAW;
}

static bool has_tier(App *a)
{
	if (a->s->ntiers > 0)
		return true;
	app_message(a, ST_DIM, "no tiers yet: a adds one");
	return false;
}

static int act_edit(App *a)
{
	if (has_tier(a))
		prompt_block(a, clamp_sel(a), BF_AVAIL);
	return UI_REDRAW;
}

static int act_replicas(App *a)
{
	if (has_tier(a))
		prompt_block(a, clamp_sel(a), BF_REPLICAS);
	return UI_REDRAW;
}

static int step_replicas(App *a, int d)
{
	if (!has_tier(a))
		return UI_REDRAW;
	const Tier *t = &a->s->tiers[clamp_sel(a)];
	double r = t->replicas + d;
	if (r < 1) {
		app_message(a, ST_DIM, "%s has one replica already; D removes the tier", t->name);
		return UI_REDRAW;
	}
	char text[32];
	snprintf(text, sizeof text, "%g", r);
	block_set(a, a->tier_sel, BF_REPLICAS, text);
	return UI_REDRAW;
}

static int act_more(App *a) { return step_replicas(a, 1); }
static int act_fewer(App *a) { return step_replicas(a, -1); }

static int act_add(App *a)
{
	prompt_open(a, PR_ADD_TIER, "");
	return UI_REDRAW;
}

static int act_remove(App *a)
{
	if (has_tier(a))
		block_remove(a, false, clamp_sel(a));
	return UI_REDRAW;
}


const KeyBinding avail_keys[] = {
	{KEYFN(KEY_DOWN), "j k", "select the next, previous tier (scrolls past the last)", act_down, NULL},
	{'j', NULL, NULL, act_down, NULL},
	{KEYFN(KEY_UP), NULL, NULL, act_up, NULL},
	{'k', NULL, NULL, act_up, NULL},
	{'\r', "Enter", "edit the tier's availability", act_edit, "availability"},
	{'\n', NULL, NULL, act_edit, NULL},
	{KEYFN(KEY_ENTER), NULL, NULL, act_edit, NULL},
	{'r', "r + -", "edit the tier's replicas; + and - add and take away one", act_replicas, "replicas"},
	{'+', NULL, NULL, act_more, NULL},
	{'=', NULL, NULL, act_more, NULL},
	{'-', NULL, NULL, act_fewer, NULL},
	{'a', "a", "add a tier after this one: name = availability, replicas", act_add, "add"},
	{'D', "D", "remove the tier", act_remove, "remove"},
	{'z', "z Z", "undo, redo (C-r)", edit_undo, "undo"},
	{'Z', NULL, NULL, edit_redo, NULL},
	{KEYCTRL('r'), NULL, NULL, edit_redo, NULL},
	{0, NULL, NULL, NULL, NULL},
};

int avail_key(App *a, int key)
{
	int f = keys_dispatch(a, avail_keys, key);
	return f ? f : scroll_key(a, key);
}
