/*
 * Pictures of the numbers: requests over a day (a plausible diurnal curve
 * whose mean is avg_qps and whose top is peak_qps, with both marked) and
 * storage growing over the retention period. Block glyphs give the curve
 * eighths of a line in UTF-8; ASCII terminals get '#', ':' and '.'.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "boe/numeric.h"
#include "tui/tui.h"

#define LABEL_W 12

static int find_q(const App *a, const char *name)
{
	return scenario_find(a->s, name);
}

static double value_of(const App *a, const char *name)
{
	int i = find_q(a, name);
	return i >= 0 ? a->s->q[i].value : 0;
}

static void fmt(const App *a, const char *name, char *out, size_t n)
{
	int i = find_q(a, name);
	if (i < 0)
		snprintf(out, n, "?");
	else
		scenario_format_value(a->s, i, &a->prefs, out, n);
}

static void draw_traffic(App *a, int y, int h)
{
	const Glyphs *g = a->g;
	int w = a->w;
	double avg = value_of(a, "avg_qps"), peak = value_of(a, "peak_qps");
	char savg[64], speak[64], t[300];
	fmt(a, "avg_qps", savg, sizeof savg);
	fmt(a, "peak_qps", speak, sizeof speak);
	int tw = ui_text(y, 1, w - 2, "Requests over a day", ST_SECTION) + 1;
	snprintf(t, sizeof t, "avg_qps %s %s peak_qps %s (peak_factor %g)", savg, g->dot, speak,
		 value_of(a, "peak_factor"));
	if (tw + ui_width(t) + 3 > w)
		snprintf(t, sizeof t, "avg %s %s peak %s", savg, g->dot, speak);
	if (tw + ui_width(t) + 3 <= w)
		ui_text(y, w - ui_width(t) - 1, ui_width(t), t, ST_NORMAL);
	int ch = h - 4;
	int x0 = LABEL_W + 1, cw = w - x0 - 2;
	if (ch < 2 || cw < 10)
		return;
	if (!(peak > 0) || !isfinite(peak)) {
		ui_text(y + 2, 2, w - 4, "no traffic to draw: peak_qps is 0", ST_DIM);
		return;
	}
	double *v = xmalloc((size_t)cw * sizeof *v);
	traffic_day_curve(a->s->shape, avg, peak, v, cw);
	int ipeak = 0;
	for (int i = 1; i < cw; i++)
		if (v[i] > v[ipeak])
			ipeak = i;
	double ymax = v[ipeak];
	int top = y + 2;		/* first chart line */
	int bottom = top + ch - 1;	/* last chart line */
	int avg_e = (int)lround(avg / ymax * ch * 8);
	int avg_row = avg_e / 8;	/* chart line (from the bottom) holding the average */
	if (avg_row >= ch)
		avg_row = ch - 1;
	for (int c = 0; c < cw; c++) {
		int e = (int)lround(v[c] / ymax * ch * 8);
		for (int r = 0; r < ch; r++) {
			int ce = e - r * 8;
			if (ce > 8)
				ce = 8;
			if (ce <= 0) {
				if (r == avg_row)
					ui_text(bottom - r, x0 + c, 1, g->hline, ST_AVG);
				continue;
			}
			ui_text(bottom - r, x0 + c, 1, g->eighth[ce], r > avg_row ? ST_PEAK : ST_CURVE);
		}
	}
	/* labels: the peak at the top line, the average at its line, zero at the bottom */
	snprintf(t, sizeof t, "peak %s", speak);
	ui_text(top, 0, LABEL_W, t, ST_PEAK);
	if (avg_row < ch - 1) {
		snprintf(t, sizeof t, "avg %s", savg);
		ui_text(bottom - avg_row, 0, LABEL_W, t, ST_AVG);
	}
	if (avg_row > 0)
		ui_text(bottom, LABEL_W - 2, 2, "0", ST_DIM);
	/* the peak's time above its column: the shape's hour, whatever the width */
	double hour = traffic_peak_hour(a->s->shape);
	if (peak > avg) {
		snprintf(t, sizeof t, "peak at %02d:%02d (%s day)", (int)hour % 24,
			 (int)((hour - (int)hour) * 60), traffic_shape_name(a->s->shape));
		int tx = x0 + ipeak;
		ui_text(y + 1, tx, 1, g->down, ST_PEAK);
		/* the words go right of the mark, or left of it near the edge */
		int lx = tx + 2 + ui_width(t) <= w - 1 ? tx + 2 : tx - 1 - ui_width(t);
		ui_text(y + 1, lx < 0 ? 0 : lx, w - 1 - (lx < 0 ? 0 : lx), t, ST_PEAK);
	} else {
		char why[200];
		int qpf = find_q(a, "peak_factor");
		if (qpf >= 0 && scenario_implausible(a->s, qpf, why, sizeof why))
			snprintf(t, sizeof t, "! peak_factor below 1: drawn flat at the average");
		else
			snprintf(t, sizeof t, "! the peak is not above the average: drawn flat");
		ui_text(y + 1, x0, w - x0 - 1, t, ST_WARN);
	}
	/* the hours */
	ui_repeat(bottom + 1, x0, cw, g->hline, ST_DIM);
	int free_x = 0;
	for (int hh = 0; hh <= 24; hh += 3) {
		int cx = x0 + (int)lround((double)cw * hh / 24);
		char lab[16];
		snprintf(lab, sizeof lab, "%dh", hh);
		int lx = hh == 24 ? cx - ui_width(lab) : cx;
		if (lx >= free_x && lx + ui_width(lab) <= w) {
			ui_text(bottom + 2, lx, ui_width(lab), lab, ST_DIM);
			free_x = lx + ui_width(lab) + 1;
		}
	}
	free(v);
}

static void draw_storage(App *a, int y, int h)
{
	const Glyphs *g = a->g;
	int w = a->w;
	double R = value_of(a, "retention"), rate = value_of(a, "storage_per_day");
	double total = value_of(a, "storage_total"), shard = value_of(a, "shard_storage");
	char sret[64], srate[64], stot[64], t[400];
	fmt(a, "retention", sret, sizeof sret);
	fmt(a, "storage_per_day", srate, sizeof srate);
	fmt(a, "storage_total", stot, sizeof stot);
	snprintf(t, sizeof t, "Storage over the retention period (%s)", sret);
	int tw = ui_text(y, 1, w - 2, t, ST_SECTION) + 1;
	snprintf(t, sizeof t, "%s %s %s kept", srate, g->dot, stot);
	if (tw + ui_width(t) + 3 <= w)
		ui_text(y, w - ui_width(t) - 1, ui_width(t), t, ST_NORMAL);
	int rows = h - 2;
	if (rows < 1)
		return;
	if (!(R > 0) || !(rate > 0) || !isfinite(total)) {
		ui_text(y + 1, 2, w - 4, "nothing to draw: retention or storage_per_day is 0", ST_DIM);
		return;
	}
	static const struct { double s; const char *name; } units[] = {
		{31536000, "year"}, {2592000, "month"}, {86400, "day"}, {3600, "hour"}, {60, "min"}, {1, "s"},
	};
	size_t u = 0;
	while (u + 1 < ARRAY_LEN(units) && R < 2 * units[u].s)
		u++;
	double period = units[u].s;
	/* a retention of billions of periods is drawn as a million: no int overflow */
	double nd = num_ceil(R / period);
	int n = !(nd >= 1) ? 1 : nd > 1e6 ? 1000000 : (int)nd;
	int step = (n + rows - 1) / rows;
	int shown = (n + step - 1) / step;
	int bx = LABEL_W + 1;
	int bw = w - bx - 24;
	if (bw < 5)
		bw = 5;
	for (int k = 0; k < shown; k++) {
		int pidx = (k + 1) * step;
		if (pidx > n)
			pidx = n;
		double tt = pidx * period;
		if (tt > R)
			tt = R;
		double v = rate * tt;
		char lab[32], vs[64];
		snprintf(lab, sizeof lab, "%s %d", units[u].name, pidx);
		ui_text(y + 1 + k, LABEL_W - ui_width(lab), ui_width(lab), lab, ST_DIM);
		int len = (int)lround(v / total * bw);
		if (len < 1)
			len = 1;
		ui_repeat(y + 1 + k, bx, len, g->full, ST_SEG0);
		units_format(v, DIM_DATA, NULL, &a->prefs, vs, sizeof vs);
		int x = bx + len + 1;
		x += ui_text(y + 1 + k, x, w - x, vs, ST_NORMAL);
		if (shard > 0) {
			/* counted as the shards formula counts them */
			double ns = num_ceil(v / shard);
			snprintf(t, sizeof t, "  %.0f shard%s", ns, ns == 1 ? "" : "s");
			ui_text(y + 1 + k, x, w - x - 1, t, ST_DIM);
		}
	}
	if (shown + 1 < h) {
		snprintf(t, sizeof t, "after %s the oldest data ages out and the total stays at storage_total; shards by storage alone (shard_storage)",
			 sret);
		ui_text(y + 1 + shown, 2, w - 3, t, ST_DIM);
	}
}

/* Lines the storage picture wants: a title, one per period (years, months...), a footnote. */
static int storage_lines(const App *a)
{
	double r = value_of(a, "retention");
	double period = r >= 2 * 31536000 ? 31536000 : r >= 2 * 2592000 ? 2592000 : 86400;
	double n = r > 0 ? num_ceil(r / period) : 1;
	return (int)fmin(n, 12) + 2;
}

void charts_draw(App *a)
{
	int bh = body_h(a);
	/*
	 * Tall windows show both, the curve getting what the storage bars leave
	 * (at least 60%); short ones give the curve the window and put the
	 * storage bars below it, a scroll away.
	 */
	int sh = storage_lines(a), th;
	if (bh >= 16) {
		if (sh > bh * 2 / 5)
			sh = bh * 2 / 5;
		th = bh - sh - 1;
	} else {
		th = bh;
	}
	page_begin(a);
	draw_traffic(a, page_y(a, 0), th);
	draw_storage(a, page_y(a, th + 1), sh);
	page_end(a, th + 1 + sh);
}

int charts_key(App *a, int key)
{
	return scroll_key(a, key);
}
