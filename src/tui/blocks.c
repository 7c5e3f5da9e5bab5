/*
 * The availability and latency views: each tier's share of the downtime and
 * the composite against the SLA; the latency budget as one stacked bar of
 * the hops against the target. Both read the engine's block results
 * (Scenario.tiers, .hops and the block quantities).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

/*
 * A fraction as a percentage, by the core's formatter: three digits of what is
 * missing near 100% (99.9899%), never 0% for a share that is not zero.
 */
static void pct(double v, char *out, size_t n)
{
	static const Display percent = {.percent = true};
	units_format(v, DIM_NONE, &percent, NULL, out, n);
}

static void dur(const App *a, double s, char *out, size_t n)
{
	units_format(s, DIM_TIME, NULL, &a->prefs, out, n);
}

/* One stacked bar of parts (lengths in the same unit as scale) in w columns at x; returns its end. */
static int stacked(const App *a, int y, int x, int w, const double *parts, int n, double scale)
{
	double acc = 0;
	int drawn = 0;
	for (int i = 0; i < n; i++) {
		acc += parts[i];
		int end = (int)lround(acc / scale * w);
		if (end > w)
			end = w;
		if (parts[i] > 0 && end <= drawn && drawn < w)
			end = drawn + 1;	/* every part shows */
		ui_repeat(y, x + drawn, end - drawn, a->g->shade[i % ST_NSEG], (Style)(ST_SEG0 + i % ST_NSEG));
		if (end > drawn)
			drawn = end;
	}
	return x + drawn;
}

/* ---- availability ---- */

static void sla_table(App *a, int y)
{
	static const char *names[] = {"sla", "downtime_per_year", "downtime_per_month",
				      "downtime_per_week", "downtime_per_day", "error_budget_requests"};
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		int q = scenario_find(a->s, names[i]);
		if (q < 0)
			continue;
		char v[96];
		scenario_format_value(a->s, q, &a->prefs, v, sizeof v);
		ui_text(y + (int)i, 3, 24, names[i], ST_NORMAL);
		ui_text(y + (int)i, 28, a->w - 29, v, i == 0 ? ST_INPUT : ST_NORMAL);
	}
}

void avail_draw(App *a)
{
	const Scenario *s = a->s;
	const Glyphs *g = a->g;
	int w = a->w, y = BODY_Y, bh = body_h(a);
	int qsla = scenario_find(s, "sla");
	double sla = qsla >= 0 ? s->q[qsla].value : 0;
	char t[600], v1[64], v2[64], v3[64];
	if (s->ntiers == 0) {
		ui_text(y, 1, w - 2, "Availability", ST_SECTION);
		ui_wrap(y + 1, 1, w - 2, 2,
			"This scenario has no availability tiers. Add 'availability: tiers:' to its file (a list of { name, availability, replicas }) to see each tier's share of the downtime.",
			ST_DIM);
		ui_text(y + 4, 1, w - 2, "What the SLA allows:", ST_NORMAL);
		sla_table(a, y + 5);
		return;
	}
	ui_text(y, 1, w - 2, "Availability tiers: in series, replicas in parallel", ST_SECTION);
	/* the table */
	int nw = 8;
	for (size_t i = 0; i < s->ntiers; i++) {
		int l = ui_width(s->tiers[i].name);
		if (l > nw)
			nw = l;
	}
	if (nw > 24)
		nw = 24;
	int xa = 3 + nw + 1, xr = xa + 12, xe = xr + 9, xd = xe + 13, xb = xd + 11;
	ui_text(y + 2, 3, nw, "tier", ST_DIM);
	ui_text(y + 2, xa, 10, "each", ST_DIM);
	ui_text(y + 2, xr, 8, "replicas", ST_DIM);
	ui_text(y + 2, xe, 11, "together", ST_DIM);
	ui_text(y + 2, xd, 10, "down/year", ST_DIM);
	ui_text(y + 2, xb, w - xb - 1, "share of the downtime", ST_DIM);
	double sum = 0;
	for (size_t i = 0; i < s->ntiers; i++)
		sum += s->tiers[i].downtime_per_year;
	int bw = w - xb - 8;
	int row = y + 3;
	/* lines: title, blank, header, tiers, blank, three of composite, and the bar's three */
	int room = bh - 7;
	bool bar = room - (int)s->ntiers >= 3;
	if (bar)
		room -= 3;
	size_t shown = s->ntiers <= (size_t)room ? s->ntiers : (size_t)(room > 1 ? room - 1 : 0);
	for (size_t i = 0; i < shown; i++, row++) {
		const Tier *tr = &s->tiers[i];
		ui_text(row, 1, 1, g->shade[i % ST_NSEG], (Style)(ST_SEG0 + i % ST_NSEG));
		ui_text(row, 3, nw, tr->name, ST_NORMAL);
		pct(tr->availability, v1, sizeof v1);
		ui_text(row, xa, 10, v1, ST_INPUT);
		snprintf(v2, sizeof v2, "%g", tr->replicas);
		ui_text(row, xr, 8, v2, ST_INPUT);
		pct(tr->effective, v3, sizeof v3);
		ui_text(row, xe, 11, v3, ST_NORMAL);
		dur(a, tr->downtime_per_year, v2, sizeof v2);
		ui_text(row, xd, 10, v2, ST_NORMAL);
		if (bw > 3 && sum > 0) {
			double share = tr->downtime_per_year / sum;
			int len = (int)lround(share * bw);
			ui_repeat(row, xb, len, g->shade[i % ST_NSEG], (Style)(ST_SEG0 + i % ST_NSEG));
			pct(share, t, sizeof t);
			ui_text(row, xb + len + 1, w - xb - len - 2, t, ST_DIM);
		}
	}
	if (shown < s->ntiers) {
		snprintf(t, sizeof t, "%s and %zu more tiers (a taller window shows them)", g->dot,
			 s->ntiers - shown);
		ui_text(row++, 3, w - 4, t, ST_DIM);
	}
	/* composite against the SLA */
	row++;
	double comp = s->q_composite >= 0 ? s->q[s->q_composite].value : 0;
	double cdown = s->q_comp_down_year >= 0 ? s->q[s->q_comp_down_year].value : 0;
	double sdown = (1 - sla) * 31536000;
	pct(comp, v1, sizeof v1);
	dur(a, cdown, v2, sizeof v2);
	char vm[64];
	if (s->q_comp_down_month >= 0)
		dur(a, s->q[s->q_comp_down_month].value, vm, sizeof vm);
	else
		vm[0] = '\0';
	snprintf(t, sizeof t, "composite %s  %s  %s down a year, %s a month  (%.2f nines)", v1,
		 g->dot, v2, vm, comp < 1 ? -log10(1 - comp) : INFINITY);
	ui_text(row++, 1, w - 2, t, ST_NORMAL);
	pct(sla, v1, sizeof v1);
	dur(a, sdown, v2, sizeof v2);
	snprintf(t, sizeof t, "SLA       %s  %s  allows %s a year", v1, g->dot, v2);
	ui_text(row++, 1, w - 2, t, ST_NORMAL);
	if (s->meets_sla) {
		snprintf(t, sizeof t, "%s meets the SLA", g->ok);
		ui_text(row++, 1, w - 2, t, ST_OK);
	} else {
		dur(a, cdown - sdown, v3, sizeof v3);
		snprintf(t, sizeof t, "%s misses the SLA by %s a year: add replicas to the weakest tier, or relax the SLA",
			 g->bad, v3);
		ui_text(row++, 1, w - 2, t, ST_ERROR);
	}
	/* the picture: downtime by tier, against what the SLA allows */
	if (!bar || row + 3 > y + bh)
		return;
	row++;
	int bx = 12, bwid = w - bx - 3;
	double scale = fmax(sum, sdown) * 1.05;
	if (bwid < 10 || !(scale > 0))
		return;
	double *parts = xmalloc(s->ntiers * sizeof *parts);
	for (size_t i = 0; i < s->ntiers; i++)
		parts[i] = s->tiers[i].downtime_per_year;
	ui_text(row, 1, bx - 2, "downtime", ST_DIM);
	int ex = stacked(a, row, bx, bwid, parts, (int)s->ntiers, scale) + 1;
	free(parts);
	dur(a, sum, v3, sizeof v3);
	if (ex + ui_width(v3) < w)
		ui_text(row, ex, w - ex - 1, v3, ST_NORMAL);
	int sx = bx + (int)lround(sdown / scale * bwid);
	ui_text(row - 1 < BODY_Y ? row : row - 1, sx, 1, g->down, ST_WARN);
	ui_text(row + 1, sx, 1, g->vline, ST_WARN);
	snprintf(t, sizeof t, "SLA allows %s", v2);
	int lx = sx + 2 + ui_width(t) < w ? sx + 2 : sx - ui_width(t) - 1;
	ui_text(row + 1, lx, w - lx - 1, t, ST_WARN);
}

int avail_key(App *a, int key)
{
	(void)a;
	(void)key;
	return 0;
}

/* ---- latency ---- */

void latency_draw(App *a)
{
	const Scenario *s = a->s;
	const Glyphs *g = a->g;
	int w = a->w, y = BODY_Y, bh = body_h(a);
	char t[600], v1[64], v2[64], v3[64];
	if (s->nhops == 0) {
		ui_text(y, 1, w - 2, "Latency budget", ST_SECTION);
		ui_wrap(y + 1, 1, w - 2, 3,
			"This scenario has no latency budget. Add 'latency_budget:' to its file with a 'target:' and 'hops:' (a list of { name, time }) to see the hops stacked against the target.",
			ST_DIM);
		return;
	}
	double target = s->q[s->q_target].value, total = s->q[s->q_total].value;
	double margin = s->q[s->q_margin].value;
	dur(a, target, v1, sizeof v1);
	dur(a, total, v2, sizeof v2);
	dur(a, fabs(margin), v3, sizeof v3);
	snprintf(t, sizeof t, "Latency budget: %s of %s", v2, v1);
	ui_text(y, 1, w - 2, t, ST_SECTION);
	if (s->fits_budget)
		snprintf(t, sizeof t, "%s fits, %s to spare", g->ok, v3);
	else
		snprintf(t, sizeof t, "%s over the target by %s", g->bad, v3);
	ui_text(y, w - ui_width(t) - 1, ui_width(t), t, s->fits_budget ? ST_OK : ST_ERROR);

	/* the bar: three lines high, hops stacked, the target marked */
	int bx = 2, bw = w - 4;
	double scale = fmax(total, target) * 1.02;
	if (!(scale > 0) || bw < 10)
		return;
	double *parts = xmalloc(s->nhops * sizeof *parts);
	for (size_t i = 0; i < s->nhops; i++)
		parts[i] = s->hops[i].time;
	int by = y + 3;
	for (int k = 0; k < 3; k++)
		stacked(a, by + k, bx, bw, parts, (int)s->nhops, scale);
	free(parts);
	int tx = bx + (int)lround(target / scale * bw);
	if (tx >= w - 1)
		tx = w - 2;
	int endx = bx + (int)lround(total / scale * bw);
	if (s->fits_budget)
		for (int k = 0; k < 3; k++)
			ui_repeat(by + k, endx, tx - endx, g->dot, ST_DIM);
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
		if (sx > lastx) {
			int ex = bx + (int)lround(acc / scale * bw);
			int room = ex - sx;
			if (room >= 2) {
				ui_text(by + 3, sx, room - 1, s->hops[i].name, (Style)(ST_SEG0 + i % ST_NSEG));
				lastx = sx + (ui_width(s->hops[i].name) < room - 1 ? ui_width(s->hops[i].name) : room - 1);
			}
		}
	}
	/* the legend, when there is room for a hop or more */
	int row = by + 5;
	if (row + 2 >= y + bh)
		return;
	int nw = 8;
	for (size_t i = 0; i < s->nhops; i++) {
		int l = ui_width(s->hops[i].name);
		if (l > nw)
			nw = l;
	}
	if (nw > 28)
		nw = 28;
	ui_text(row, 4, nw, "hop", ST_DIM);
	ui_text(row, 5 + nw, 10, "time", ST_DIM);
	ui_text(row, 16 + nw, 10, "of target", ST_DIM);
	ui_text(row, 27 + nw, 14, "running total", ST_DIM);
	row++;
	acc = 0;
	for (size_t i = 0; i < s->nhops && row < y + bh - 1; i++, row++) {
		const Hop *h = &s->hops[i];
		acc += h->time;
		ui_text(row, 2, 1, g->shade[i % ST_NSEG], (Style)(ST_SEG0 + i % ST_NSEG));
		ui_text(row, 4, nw, h->name, ST_NORMAL);
		dur(a, h->time, v1, sizeof v1);
		ui_text(row, 5 + nw, 10, v1, ST_INPUT);
		pct(target > 0 ? h->time / target : 0, v2, sizeof v2);
		ui_text(row, 16 + nw, 10, v2, ST_NORMAL);
		dur(a, acc, v3, sizeof v3);
		ui_text(row, 27 + nw, 14, v3, acc > target ? ST_ERROR : ST_DIM);
	}
	if (row < y + bh) {
		dur(a, margin, v1, sizeof v1);
		char tt[64];
		dur(a, total, tt, sizeof tt);
		snprintf(t, sizeof t, "latency_total = %s   latency_margin = %s", tt, v1);
		ui_text(row, 4, w - 5, t, ST_NORMAL);
	}
}

int latency_key(App *a, int key)
{
	(void)a;
	(void)key;
	return 0;
}
