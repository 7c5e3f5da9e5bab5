/*
 * The report's charts (chart.h) as SVG drawn from the computed scenario. Each
 * is one <svg> with its colours in attributes, so a chart reads the same
 * inline in the HTML report, printed, or as a file beside a markdown report.
 * Every number shown goes through units_format, every name through
 * xml_escape.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boe/chart.h"

enum { W = 640 };

static const char *const names[CHART_COUNT] = {
	"traffic", "storage", "availability", "latency", "intervals", "tornado",
};
static const char *const titles[CHART_COUNT] = {
	"Requests over a day", "Storage over time", "Availability against the SLA",
	"Latency budget", "90% intervals of the headline results", "Tornado",
};
/* the hops' colours, in turn */
static const char *const palette[] = {
	"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f",
};

const char *chart_name(ChartKind k) { return names[k]; }
const char *chart_title(ChartKind k) { return titles[k]; }

void xml_escape(const char *s, Buf *out)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '&': buf_add(out, "&amp;"); break;
		case '<': buf_add(out, "&lt;"); break;
		case '>': buf_add(out, "&gt;"); break;
		case '"': buf_add(out, "&quot;"); break;
		case '\'': buf_add(out, "&#39;"); break;
		default:
			if (*p < 0x20 || *p == 0x7F)
				buf_addc(out, ' ');
			else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
				p++; /* a C1 control */
			else
				buf_addc(out, (char)*p);
		}
	}
}

static double qv(const Scenario *s, const char *name)
{
	int q = scenario_find(s, name);
	return q >= 0 ? scenario_value(s, q) : 0;
}

static void qfmt(const Scenario *s, const char *name, double v, char *out, size_t n)
{
	int q = scenario_find(s, name);
	if (q < 0) {
		snprintf(out, n, "%g", v);
		return;
	}
	units_format(v, s->q[q].dim, &s->q[q].disp, NULL, out, n);
}

static void open_svg(ChartKind k, int h, bool standalone, const char *subtitle, Buf *out)
{
	if (standalone)
		buf_add(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	buf_printf(out, "<svg%s class=\"chart chart-%s\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
		   "role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n<title>",
		   standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : "", names[k], W, h, W, h);
	xml_escape(titles[k], out);
	if (subtitle) {
		buf_add(out, ": ");
		xml_escape(subtitle, out);
	}
	buf_printf(out, "</title>\n<rect class=\"frame\" x=\"0.5\" y=\"0.5\" width=\"%d\" height=\"%d\" fill=\"#fff\" "
		   "stroke=\"#ccc\"/>\n<text class=\"heading\" x=\"12\" y=\"20\" font-size=\"14\" font-weight=\"bold\">",
		   W - 1, h - 1);
	xml_escape(titles[k], out);
	if (subtitle) {
		buf_add(out, "<tspan font-weight=\"normal\" fill=\"#555\"> — ");
		xml_escape(subtitle, out);
		buf_add(out, "</tspan>");
	}
	buf_add(out, "</text>\n");
}

static void text(Buf *out, double x, double y, const char *anchor, const char *fill, const char *s)
{
	buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\">", x, y, anchor, fill);
	xml_escape(s, out);
	buf_add(out, "</text>\n");
}

/* ---- the day's traffic ---- */

static void traffic(const Scenario *s, bool standalone, Buf *out)
{
	enum { N = 96, H = 230 };
	const double x0 = 80, x1 = W - 20, y0 = 40, y1 = H - 35;
	double avg = qv(s, "avg_qps"), peak = qv(s, "peak_qps"), v[N];
	traffic_day_curve(s->shape, avg, peak, v, N);
	double ymax = 0;
	for (int i = 0; i < N; i++)
		ymax = v[i] > ymax ? v[i] : ymax;
	ymax *= 1.15;
	char a[64], b[64], sub[160];
	qfmt(s, "avg_qps", avg, a, sizeof a);
	qfmt(s, "peak_qps", peak, b, sizeof b);
	snprintf(sub, sizeof sub, "avg_qps %s, peak_qps %s (%s)", a, b, traffic_shape_name(s->shape));
	open_svg(CHART_TRAFFIC, H, standalone, sub, out);
	/* axes and grid: every 6 hours, and 0, half, the top */
	for (int h = 0; h <= 24; h += 6) {
		double x = x0 + (x1 - x0) * h / 24;
		buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>\n", x, y0, x, y1);
		char t[16];
		snprintf(t, sizeof t, "%02d:00", h);
		text(out, x, y1 + 16, h == 0 ? "start" : h == 24 ? "end" : "middle", "#555", t);
	}
	for (int k = 0; k <= 2; k++) {
		double y = y1 - (y1 - y0) * k / 2;
		qfmt(s, "peak_qps", ymax * k / 2, a, sizeof a);
		buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>\n", x0, y, x1, y);
		text(out, x0 - 6, y + 4, "end", "#555", a);
	}
	buf_add(out, "<path class=\"curve\" fill=\"#c6dbef\" stroke=\"#2171b5\" stroke-width=\"1.5\" d=\"");
	buf_printf(out, "M%.1f %.1f", x0, y1);
	int ipeak = 0;
	for (int i = 0; i < N; i++) {
		double x = x0 + (x1 - x0) * (i + 0.5) / N;
		double y = y1 - (y1 - y0) * (ymax > 0 ? v[i] / ymax : 0);
		buf_printf(out, " L%.1f %.1f", x, y);
		ipeak = v[i] > v[ipeak] ? i : ipeak;
	}
	buf_printf(out, " L%.1f %.1f Z\"/>\n", x1, y1);
	double ya = y1 - (y1 - y0) * (ymax > 0 ? avg / ymax : 0);
	buf_printf(out, "<line class=\"avg\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#636363\" "
		   "stroke-dasharray=\"5 3\"/>\n", x0, ya, x1, ya);
	qfmt(s, "avg_qps", avg, a, sizeof a);
	snprintf(sub, sizeof sub, "average %s", a);
	text(out, x1 - 4, ya - 4, "end", "#333", sub);
	double xp = x0 + (x1 - x0) * (ipeak + 0.5) / N, yp = y1 - (y1 - y0) * (ymax > 0 ? v[ipeak] / ymax : 0);
	buf_printf(out, "<circle class=\"peak\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#08519c\"/>\n", xp, yp);
	snprintf(sub, sizeof sub, "peak %s", b);
	text(out, xp, yp - 7, "middle", "#08519c", sub);
	buf_add(out, "</svg>\n");
}

/* ---- storage over time ---- */

bool chart_storage_series(const Scenario *s, int n, double *t, double *v)
{
	double R = qv(s, "retention"), rate = qv(s, "storage_per_day"), total = qv(s, "storage_total");
	if (!(R > 0) || !(rate > 0) || !isfinite(R * rate) || n < 2)
		return false;
	for (int i = 0; i < n; i++) {
		t[i] = 1.25 * R * i / (n - 1);
		v[i] = t[i] < R ? rate * t[i] : total;
	}
	return true;
}

/* A time axis label in the largest whole unit that fits: "2 years", "6 months", "10 days". */
static void time_label(double secs, char *out, size_t n)
{
	units_format(secs, DIM_TIME, &(Display){0}, NULL, out, n);
}

static void storage(const Scenario *s, bool standalone, Buf *out)
{
	enum { N = 61, H = 230 };
	const double x0 = 80, x1 = W - 20, y0 = 40, y1 = H - 35;
	double t[N], v[N];
	chart_storage_series(s, N, t, v);
	double tmax = t[N - 1], ymax = v[N - 1] * 1.15, R = qv(s, "retention");
	char a[64], b[64], sub[200];
	qfmt(s, "storage_per_day", qv(s, "storage_per_day"), a, sizeof a);
	qfmt(s, "storage_total", qv(s, "storage_total"), b, sizeof b);
	snprintf(sub, sizeof sub, "storage_per_day %s, storage_total %s", a, b);
	open_svg(CHART_STORAGE, H, standalone, sub, out);
	for (int k = 0; k <= 4; k++) {
		double x = x0 + (x1 - x0) * k / 4;
		if (k)
			time_label(tmax * k / 4, a, sizeof a);
		else
			snprintf(a, sizeof a, "0");
		buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>\n", x, y0, x, y1);
		text(out, x, y1 + 16, k == 4 ? "end" : "middle", "#555", a);
	}
	for (int k = 0; k <= 2; k++) {
		double y = y1 - (y1 - y0) * k / 2;
		qfmt(s, "storage_total", ymax * k / 2, a, sizeof a);
		buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>\n", x0, y, x1, y);
		text(out, x0 - 6, y + 4, "end", "#555", a);
	}
	buf_printf(out, "<path class=\"growth\" fill=\"#c7e9c0\" stroke=\"#238b45\" stroke-width=\"1.5\" d=\"M%.1f %.1f", x0,
		   y1);
	for (int i = 0; i < N; i++)
		buf_printf(out, " L%.1f %.1f", x0 + (x1 - x0) * t[i] / tmax, y1 - (y1 - y0) * v[i] / ymax);
	buf_printf(out, " L%.1f %.1f Z\"/>\n", x1, y1);
	double xr = x0 + (x1 - x0) * R / tmax;
	buf_printf(out, "<line class=\"retention\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#636363\" "
		   "stroke-dasharray=\"5 3\"/>\n", xr, y0, xr, y1);
	time_label(R, a, sizeof a);
	snprintf(sub, sizeof sub, "retention %s: %s", a, b);
	text(out, xr - 4, y0 + 12, "end", "#333", sub);
	buf_add(out, "</svg>\n");
}

/* ---- availability ---- */

static double nines(double a)
{
	if (!(a < 1))
		return 9;
	double n = -log10(1 - a);
	return n < 0 ? 0 : n > 9 ? 9 : n;
}

static void availability(const Scenario *s, bool standalone, Buf *out)
{
	int rows = (int)s->ntiers + 1;
	int H = 70 + rows * 26;
	const double x0 = 170, x1 = W - 110, y0 = 36;
	double sla = qv(s, "sla"), comp = scenario_value(s, s->q_composite);
	double top = nines(sla);
	for (size_t i = 0; i < s->ntiers; i++)
		top = nines(s->tiers[i].effective) > top ? nines(s->tiers[i].effective) : top;
	top = ceil(top + 0.5);
	Display pct = {.percent = true};
	char a[64], b[64], sub[200];
	units_format(sla, DIM_NONE, &pct, NULL, a, sizeof a);
	units_format(comp, DIM_NONE, &pct, NULL, b, sizeof b);
	snprintf(sub, sizeof sub, "composite %s %s the SLA of %s", b, s->meets_sla ? "meets" : "misses", a);
	open_svg(CHART_AVAILABILITY, H, standalone, sub, out);
	for (int k = 0; k <= (int)top; k++) {
		double x = x0 + (x1 - x0) * k / top;
		char t[32];
		snprintf(t, sizeof t, "%d", k);
		buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>\n", x, y0, x, H - 30);
		text(out, x, H - 16, "middle", "#555", t);
	}
	text(out, x1 + 8, H - 16, "start", "#555", "nines");
	for (int r = 0; r < rows; r++) {
		bool composite = r == (int)s->ntiers;
		double eff = composite ? comp : s->tiers[r].effective;
		double y = y0 + 6 + r * 26;
		double w = (x1 - x0) * nines(eff) / top;
		const char *fill = eff >= sla - 1e-12 ? (composite ? "#238b45" : "#74c476")
						      : (composite ? "#cb181d" : "#fb6a4a");
		buf_printf(out, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\" fill=\"%s\"/>\n",
			   composite ? "composite" : "tier", x0, y, w, fill);
		if (composite) {
			text(out, x0 - 8, y + 13, "end", "#000", "composite");
		} else {
			char label[160];
			snprintf(label, sizeof label, "%.60s ×%g", s->tiers[r].name, s->tiers[r].replicas);
			text(out, x0 - 8, y + 13, "end", "#000", label);
		}
		units_format(eff, DIM_NONE, &pct, NULL, a, sizeof a);
		text(out, x0 + w + 6, y + 13, "start", "#333", a);
	}
	double xs = x0 + (x1 - x0) * nines(sla) / top;
	buf_printf(out, "<line class=\"sla\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%d\" stroke=\"#cb181d\" "
		   "stroke-width=\"2\" stroke-dasharray=\"6 3\"/>\n", xs, y0 - 4, xs, H - 30);
	units_format(sla, DIM_NONE, &pct, NULL, a, sizeof a);
	snprintf(sub, sizeof sub, "SLA %s", a);
	text(out, xs + 4, y0 + 2, "start", "#cb181d", sub);
	buf_add(out, "</svg>\n");
}

/* ---- the latency budget ---- */

static void latency(const Scenario *s, bool standalone, Buf *out)
{
	int H = 110 + (int)((s->nhops + 2) / 3) * 18;
	const double x0 = 20, x1 = W - 20, y = 44;
	double total = scenario_value(s, s->q_total), target = scenario_value(s, s->q_target);
	double span = (total > target ? total : target) * 1.1;
	if (!(span > 0))
		span = 1;
	char a[64], b[64], sub[200];
	units_format(total, DIM_TIME, &(Display){0}, NULL, a, sizeof a);
	units_format(target, DIM_TIME, &(Display){0}, NULL, b, sizeof b);
	snprintf(sub, sizeof sub, "%s of %s: %s", a, b, s->fits_budget ? "fits" : "does not fit");
	open_svg(CHART_LATENCY, H, standalone, sub, out);
	double x = x0;
	for (size_t i = 0; i < s->nhops; i++) {
		double w = (x1 - x0) * s->hops[i].time / span;
		buf_printf(out, "<rect class=\"hop\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"26\" fill=\"%s\" "
			   "stroke=\"#fff\"><title>", x, y, w > 0 ? w : 0, palette[i % ARRAY_LEN(palette)]);
		units_format(s->hops[i].time, DIM_TIME, &(Display){0}, NULL, a, sizeof a);
		xml_escape(s->hops[i].name, out);
		buf_printf(out, " %s</title></rect>\n", a);
		x += w > 0 ? w : 0;
	}
	units_format(total, DIM_TIME, &(Display){0}, NULL, a, sizeof a);
	snprintf(sub, sizeof sub, "total %s", a);
	text(out, x + 6, y + 18, "start", "#000", sub);
	double xt = x0 + (x1 - x0) * target / span;
	buf_printf(out, "<line class=\"target\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
		   "stroke-width=\"2\" stroke-dasharray=\"6 3\"/>\n", xt, y - 10, xt, y + 36,
		   s->fits_budget ? "#238b45" : "#cb181d");
	snprintf(sub, sizeof sub, "target %s", b);
	text(out, xt, y + 50, "middle", s->fits_budget ? "#238b45" : "#cb181d", sub);
	/* the legend, three hops a line */
	for (size_t i = 0; i < s->nhops; i++) {
		double lx = x0 + (double)(i % 3) * (x1 - x0) / 3, ly = y + 70 + (double)(i / 3) * 18;
		char label[160];
		units_format(s->hops[i].time, DIM_TIME, &(Display){0}, NULL, a, sizeof a);
		snprintf(label, sizeof label, "%.40s %s", s->hops[i].name, a);
		buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>\n", lx, ly - 9,
			   palette[i % ARRAY_LEN(palette)]);
		text(out, lx + 14, ly, "start", "#000", label);
	}
	buf_add(out, "</svg>\n");
}

/* ---- ranges: intervals and the tornado ---- */

/* The headline results that vary, up to max; returns how many. */
static int varying_headlines(const Scenario *s, int *qs, int max)
{
	int n = 0;
	for (int i = 0; scenario_headline[i] && n < max; i++) {
		int q = scenario_find(s, scenario_headline[i]);
		const Summary *r = q >= 0 ? scenario_range(s, q) : NULL;
		if (r && r->p5 != r->p95)
			qs[n++] = q;
	}
	return n;
}

static void intervals(const Scenario *s, bool standalone, Buf *out)
{
	int qs[16];
	int n = varying_headlines(s, qs, 16);
	int H = 60 + n * 30;
	const double x0 = 130, x1 = W - 190, y0 = 40;
	char sub[96];
	snprintf(sub, sizeof sub, "%zu samples, each bar p5 to p95, the tick the median", scenario_sample_count(s));
	open_svg(CHART_INTERVALS, H, standalone, sub, out);
	for (int i = 0; i < n; i++) {
		const Quantity *q = &s->q[qs[i]];
		const Summary *r = scenario_range(s, qs[i]);
		double lo = r->p5 < 0 ? r->p5 * 1.15 : 0, hi = r->p95 * 1.15;
		if (!(hi > lo))
			hi = lo + 1;
		double y = y0 + i * 30;
#define X(v) (x0 + (x1 - x0) * ((v) - lo) / (hi - lo))
		buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>\n", x0, y + 9, x1,
			   y + 9);
		buf_printf(out, "<rect class=\"interval\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"12\" fill=\"#9ecae1\"/>\n",
			   X(r->p5), y + 3, X(r->p95) - X(r->p5));
		buf_printf(out, "<line class=\"median\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#08519c\" "
			   "stroke-width=\"2\"/>\n", X(r->p50), y, X(r->p50), y + 18);
		buf_printf(out, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#000\"/>\n",
			   X(scenario_value(s, qs[i])), y + 9);
#undef X
		text(out, x0 - 8, y + 13, "end", "#000", q->name);
		char iv[200];
		scenario_format_ranged(s, qs[i], NULL, iv, sizeof iv);
		text(out, x1 + 8, y + 13, "start", "#333", iv);
	}
	buf_add(out, "</svg>\n");
}

static void tornado(const Scenario *s, bool standalone, Buf *out)
{
	int q;
	if (varying_headlines(s, &q, 1) < 1)
		return;
	SensRow *rows;
	size_t n = scenario_sensitivity(s, q, &rows);
	if (n > 8)
		n = 8;
	const Quantity *qq = &s->q[q];
	double c = scenario_value(s, q), m = 0;
	for (size_t i = 0; i < n; i++) {
		m = fabs(rows[i].out_lo - c) > m ? fabs(rows[i].out_lo - c) : m;
		m = fabs(rows[i].out_hi - c) > m ? fabs(rows[i].out_hi - c) : m;
	}
	if (!(m > 0))
		m = 1;
	int H = 70 + (int)n * 26;
	const double x0 = 210, x1 = W - 70, y0 = 40, xc = (x0 + x1) / 2;
	char a[96], b[96], sub[200];
	units_format(c, qq->dim, &qq->disp, NULL, a, sizeof a);
	snprintf(sub, sizeof sub, "%s = %s: each input from its p5 to its p95", qq->name, a);
	open_svg(CHART_TORNADO, H, standalone, sub, out);
	buf_printf(out, "<line class=\"center\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#636363\"/>\n",
		   xc, y0 - 6, xc, y0 + n * 26.0);
	for (size_t i = 0; i < n; i++) {
		const SensRow *r = &rows[i];
		double y = y0 + (double)i * 26;
		double xl = xc + (x1 - x0) / 2 * (r->out_lo - c) / m, xh = xc + (x1 - x0) / 2 * (r->out_hi - c) / m;
		double left = xl < xh ? xl : xh, right = xl < xh ? xh : xl;
		buf_printf(out, "<rect class=\"swing\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\" fill=\"#fdae6b\"/>\n",
			   left, y, right - left > 0.5 ? right - left : 0.5);
		text(out, x0 - 10, y + 13, "end", "#000", r->label);
		units_format(r->out_lo < r->out_hi ? r->out_lo : r->out_hi, qq->dim, &qq->disp, NULL, a, sizeof a);
		units_format(r->out_lo < r->out_hi ? r->out_hi : r->out_lo, qq->dim, &qq->disp, NULL, b, sizeof b);
		text(out, left - 4, y + 13, "end", "#555", r->swing > 0 ? a : "");
		text(out, right + 4, y + 13, "start", "#555", r->swing > 0 ? b : "no effect");
	}
	free(rows);
	buf_add(out, "</svg>\n");
}

bool chart_applies(const Scenario *s, ChartKind k)
{
	int q;
	switch (k) {
	case CHART_TRAFFIC: {
		double p = qv(s, "peak_qps");
		return p > 0 && isfinite(p);
	}
	case CHART_STORAGE: {
		double t[2], v[2];
		return chart_storage_series(s, 2, t, v);
	}
	case CHART_AVAILABILITY: return s->ntiers > 0 && s->q_composite >= 0;
	case CHART_LATENCY: return s->nhops > 0 && s->q_total >= 0;
	case CHART_INTERVALS: return scenario_has_ranges(s) && varying_headlines(s, &q, 1) > 0;
	case CHART_TORNADO: return scenario_has_ranges(s) && varying_headlines(s, &q, 1) > 0;
	default: return false;
	}
}

void chart_svg(const Scenario *s, ChartKind k, bool standalone, Buf *out)
{
	if (!chart_applies(s, k))
		return;
	switch (k) {
	case CHART_TRAFFIC: traffic(s, standalone, out); break;
	case CHART_STORAGE: storage(s, standalone, out); break;
	case CHART_AVAILABILITY: availability(s, standalone, out); break;
	case CHART_LATENCY: latency(s, standalone, out); break;
	case CHART_INTERVALS: intervals(s, standalone, out); break;
	case CHART_TORNADO: tornado(s, standalone, out); break;
	default: break;
	}
}
