/*
 * The Ranges view: the distribution of the quantity selected on the sheet, as
 * a histogram (or, with c, its cumulative curve) with the 5th, 50th and 95th
 * percentiles marked, and below it the tornado: how far each ranged input
 * moves it. Everything comes from the engine's summaries and samples
 * (scenario_range, scenario_samples, scenario_sensitivity); this file draws.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

static bool show_cdf;

void ranges_interval(const App *a, int q, char *out, size_t n)
{
	char iv[200];
	scenario_format_interval(a->s, q, &a->prefs, iv, sizeof iv);
	if (iv[0])
		snprintf(out, n, "(90%%: %s) ", iv);
	else if (n)
		out[0] = '\0';
}

/* The quantity selected on the sheet, or -1. */
static int selected(const App *a)
{
	if (!a->rows || a->sel < 0 || a->sel >= a->nrows)
		return -1;
	return a->rows[a->sel].q;
}

static int cmp_d(const void *x, const void *y)
{
	double p = *(const double *)x, q = *(const double *)y;
	return p < q ? -1 : p > q;
}

/* Histogram or CDF of q's samples in rows h from y, columns x0.. x0 + cw. */
static void draw_picture(App *a, int q, int y, int h)
{
	const Glyphs *g = a->g;
	const Scenario *s = a->s;
	const Quantity *qq = &s->q[q];
	const Summary *r = scenario_range(s, q);
	const double *x = scenario_samples(s, q);
	size_t n = scenario_sample_count(s);
	int x0 = 2, cw = a->w - 4, ch = h - 3;
	if (cw < 10 || ch < 2 || !x || n == 0)
		return;
	double *v = xmalloc(n * sizeof *v);
	memcpy(v, x, n * sizeof *v);
	qsort(v, n, sizeof *v, cmp_d);
	/* the middle 99%: the far tails of a lognormal would squeeze the picture */
	double lo = v[(size_t)(0.005 * (double)(n - 1))], hi = v[(size_t)(0.995 * (double)(n - 1))];
	if (!(hi > lo))
		hi = lo + (lo != 0 ? fabs(lo) * 1e-6 : 1e-9);
	double *col = xcalloc((size_t)cw, sizeof *col);
	double top = 0;
	for (int c = 0; c < cw; c++) {
		double edge = lo + (hi - lo) * (c + 1) / cw;
		if (show_cdf) {
			/* share of samples at or below the column's right edge */
			size_t a0 = 0, b0 = n;
			while (a0 < b0) {
				size_t m = (a0 + b0) / 2;
				if (v[m] <= edge)
					a0 = m + 1;
				else
					b0 = m;
			}
			col[c] = (double)a0 / (double)n;
			top = 1;
		}
	}
	if (!show_cdf) {
		/* about 250 samples a bin on average, however wide the terminal: a shape, not noise */
		int nb = (int)(n / 250);
		nb = nb < 8 ? 8 : nb > cw ? cw : nb;
		double *bin = xcalloc((size_t)nb, sizeof *bin);
		for (size_t i = 0; i < n; i++) {
			if (v[i] < lo || v[i] > hi)
				continue;
			int b = (int)((v[i] - lo) / (hi - lo) * nb);
			bin[b < nb ? b : nb - 1] += 1;
		}
		for (int c = 0; c < cw; c++) {
			col[c] = bin[(int)((long)c * nb / cw)];
			top = col[c] > top ? col[c] : top;
		}
		free(bin);
	}
	for (int c = 0; c < cw && top > 0; c++) {
		int e = (int)lround(col[c] / top * ch * 8);
		for (int k = 0; k < ch; k++) {
			int ce = e - k * 8;
			if (ce <= 0)
				break;
			ui_text(y + ch - 1 - k, x0 + c, 1, g->eighth[ce > 8 ? 8 : ce], ST_CURVE);
		}
	}
	ui_repeat(y + ch, x0, cw, g->hline, ST_DIM);
	/* the percentiles under the axis, each at its column */
	const double at[3] = {r->p5, r->p50, r->p95};
	const char *name[3] = {"p5", "p50", "p95"};
	int free_x = 0;
	for (int k = 0; k < 3; k++) {
		int c = (int)((at[k] - lo) / (hi - lo) * cw);
		c = c < 0 ? 0 : c >= cw ? cw - 1 : c;
		ui_text(y + ch, x0 + c, 1, g->up, ST_PEAK);
		char lab[96], val[64];
		units_format(at[k], qq->dim, &qq->disp, &a->prefs, val, sizeof val);
		snprintf(lab, sizeof lab, "%s %s", name[k], val);
		int lx = x0 + c - ui_width(lab) / 2;
		lx = lx < free_x ? free_x : lx;
		if (lx + ui_width(lab) > a->w - 1)
			lx = a->w - 1 - ui_width(lab);
		ui_text(y + ch + 1, lx, ui_width(lab), lab, ST_PEAK);
		free_x = lx + ui_width(lab) + 1;
	}
	free(col);
	free(v);
}

static void draw_tornado(App *a, int q, int y, int h)
{
	const Scenario *s = a->s;
	const Quantity *qq = &s->q[q];
	SensRow *rows;
	size_t n = scenario_sensitivity(s, q, &rows);
	ui_text(y, 1, a->w - 2, "What moves it (each input from its 5th to its 95th percentile, the others at their medians)",
		ST_SECTION);
	int lw = 8;
	for (size_t i = 0; i < n; i++)
		lw = ui_width(rows[i].label) > lw ? ui_width(rows[i].label) : lw;
	lw = lw > 28 ? 28 : lw;
	double maxs = n ? rows[0].swing : 0;
	int bx = 2 + lw + 2, bw = a->w - bx - 30;
	for (size_t i = 0; i < n && (int)i < h - 1; i++) {
		int yy = y + 1 + (int)i;
		char lo[64], hi[64], t[200], pr[32];
		ui_text(yy, 2, lw, rows[i].label, ST_NORMAL);
		int len = maxs > 0 && bw > 0 ? (int)lround(rows[i].swing / maxs * bw) : 0;
		ui_repeat(yy, bx, len, a->g->full, ST_SEG0);
		units_format(rows[i].out_lo, qq->dim, &qq->disp, &a->prefs, lo, sizeof lo);
		units_format(rows[i].out_hi, qq->dim, &qq->disp, &a->prefs, hi, sizeof hi);
		Display pct = {.percent = true};
		units_format(rows[i].share, DIM_NONE, &pct, NULL, pr, sizeof pr);
		snprintf(t, sizeof t, "%s %s %s  %s", lo, a->g->dot, hi, pr);
		ui_text(yy, bx + (len > 0 ? len + 1 : 0), a->w - bx - len - 2, t, rows[i].swing > 0 ? ST_NORMAL : ST_DIM);
	}
	free(rows);
}

void ranges_draw(App *a)
{
	const Scenario *s = a->s;
	int q = selected(a);
	int y = BODY_Y, h = body_h(a);
	if (!scenario_has_ranges(s)) {
		ui_wrap(y + 1, 2, a->w - 4, h - 1,
			"No value is a range. On the sheet (1), type a range such as 2..5 or 300 B..1 KB into an input: "
			"it is a 90% interval, and every result that depends on it shows its own interval here.",
			ST_DIM);
		return;
	}
	if (q < 0 || !scenario_range(s, q)) {
		char t[300];
		snprintf(t, sizeof t, "%s depends on no range. Select a result with an interval on the sheet (1), or move with j and k.",
			 q >= 0 ? s->q[q].name : "This row");
		ui_wrap(y + 1, 2, a->w - 4, h - 1, t, ST_DIM);
		return;
	}
	char v[300], t[600];
	scenario_format_ranged(s, q, &a->prefs, v, sizeof v);
	snprintf(t, sizeof t, "%s = %s  %s %zu samples, seed %llu  %s c: %s", s->q[q].name, v, a->g->dot,
		 scenario_sample_count(s), (unsigned long long)scenario_seed(s), a->g->dot,
		 show_cdf ? "histogram" : "cumulative");
	ui_text(y, 1, a->w - 2, t, ST_TITLE);
	int ph = h * 3 / 5;
	draw_picture(a, q, y + 1, ph);
	draw_tornado(a, q, y + 1 + ph, h - ph - 1);
}

/* The next row (dir +1 or -1) whose quantity is ranged. */
static int step(App *a, int dir)
{
	for (int r = a->sel + dir; r >= 0 && r < a->nrows; r += dir)
		if (a->rows[r].q >= 0 && scenario_range(a->s, a->rows[r].q)) {
			sheet_select(a, a->rows[r].q);
			return UI_REDRAW;
		}
	return UI_HANDLED;
}

static int act_cdf(App *a)
{
	(void)a;
	show_cdf = !show_cdf;
	return UI_REDRAW;
}

static int act_down(App *a) { return step(a, 1); }
static int act_up(App *a) { return step(a, -1); }

const KeyBinding ranges_keys[] = {
	{'c', "c", "histogram or cumulative curve", act_cdf, "curve"},
	{'j', "j/k", "next or previous ranged quantity", act_down, NULL},
	{KEY_DOWN, NULL, NULL, act_down, NULL},
	{'k', NULL, NULL, act_up, NULL},
	{KEY_UP, NULL, NULL, act_up, NULL},
	{0},
};

void ranges_init(App *a)
{
	(void)a;
}

int ranges_key(App *a, int key)
{
	return keys_dispatch(a, ranges_keys, key);
}
