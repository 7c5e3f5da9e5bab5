/*
 * boe sweep: the scenario at N values of one input (log-spaced when both ends
 * are positive), a row each, with the points where a step result (servers,
 * shards) changes found by bisection between rows, and a chart of the first
 * shown result.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boe/numeric.h"
#include "boe/report.h"
#include "whatif_impl.h"

const char *const sweep_default_show[SWEEP_DEFAULT_SHOW] = {
	"peak_qps", "storage_total", "egress_peak", "servers", "cache_memory", "shards", "monthly_cost",
};

#define MAX_STEPS 1000
#define MAX_CHART 400

/* The unit part of "4 KB" (" KB"), of "100/s" ("/s"), or "" for a bare number. */
static const char *unit_part(const char *t)
{
	const char *p = t;
	while (*p == ' ')
		p++;
	if (*p == '-' || *p == '+')
		p++;
	if (!isdigit((unsigned char)*p) && *p != '.')
		return NULL;
	while (isdigit((unsigned char)*p) || *p == '.' || *p == ',')
		p++;
	if ((*p == 'e' || *p == 'E') && (isdigit((unsigned char)p[1]) ||
					 ((p[1] == '-' || p[1] == '+') && isdigit((unsigned char)p[2])))) {
		p += 2;
		while (isdigit((unsigned char)*p))
			p++;
	}
	return p;
}

static bool fail(BoeError *err, const char *fmt, ...) BOE_PRINTF(2, 3);
static bool fail(BoeError *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	Buf b = {0};
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	boe_error_set(err, "", 0, 0, "%s", b.s);
	buf_free(&b);
	return false;
}

/* LO..HI into two values of the input's dimension. */
static bool parse_range(const Scenario *c, const Quantity *in, const char *range, double *lo, double *hi,
			BoeError *err)
{
	const char *dots = strstr(range, "..");
	if (!dots || dots == range || !dots[2])
		return fail(err, "expected INPUT=LO..HI, such as dau=1M..1B (got '%s')", range);
	char *lt = xstrndup(range, (size_t)(dots - range));
	const char *ht = dots + 2;
	Dim dl, dh;
	bool ok = whatif_eval(c, ht, "HI", hi, &dh, err) && whatif_eval(c, lt, "LO", lo, &dl, err);
	if (ok && dim_none(dl) && !dim_none(dh)) {
		/* 1..4 KB is 1 KB..4 KB */
		const char *u = unit_part(ht), *lu = unit_part(lt);
		if (u && *u && lu && !*lu) {
			char *t = xasprintf("%s%s", lt, u);
			ok = whatif_eval(c, t, "LO", lo, &dl, err);
			free(t);
		}
	}
	free(lt);
	if (!ok)
		return false;
	char want[48], got[48];
	dim_name(in->dim, want, sizeof want);
	if (!dim_eq(dl, in->dim) || !dim_eq(dh, in->dim)) {
		dim_name(dim_eq(dl, in->dim) ? dh : dl, got, sizeof got);
		return fail(err, "the range '%s' is %s, but %s is %s", range, got, in->name, want);
	}
	if (num_cmp(*lo, *hi) == 0)
		return fail(err, "the range '%s' is one value: give two different ends", range);
	bool fraction = in->unit && strcmp(in->unit, "fraction") == 0;
	bool nonneg = in->std && (fraction || strcmp(in->std->unit, "factor") == 0 ||
				  strcmp(in->std->unit, "count") == 0);
	if (fraction && (fmin(*lo, *hi) < 0 || fmax(*lo, *hi) > 1))
		return fail(err, "%s is a fraction: the range must lie between 0%% and 100%%", in->name);
	if (nonneg && fmin(*lo, *hi) < 0)
		return fail(err, "%s cannot be negative: the range must start at 0 or above", in->name);
	return true;
}

static bool value_at(Probe *p, int q, double x, double *y)
{
	if (!probe_run(p, x, NULL))
		return false;
	*y = p->c->slots[q];
	return isfinite(*y);
}

/*
 * Bisects (a, b) for the first value of the input past which q is no longer
 * keep (from_a: q is keep at a), or from which q is keep (q is keep at b).
 */
static double change_point(Probe *p, int q, double a, double b, double keep, bool from_a)
{
	for (int it = 0; it < 200; it++) {
		double m = whatif_midpoint(a, b), y;
		if (m == a || m == b || !value_at(p, q, m, &y))
			break;
		bool same = num_cmp(y, keep) == 0;
		if (same == from_a)
			a = m;
		else
			b = m;
	}
	return b;
}

static double point(const Sweep *w, int i, int n)
{
	if (i == 0)
		return w->lo;
	if (i == n - 1)
		return w->hi;
	double t = (double)i / (n - 1);
	if (w->log)
		return w->lo * pow(w->hi / w->lo, t);
	return w->lo + (w->hi - w->lo) * t;
}

static void find_changes(Sweep *w, Probe *p, const int *idx)
{
	int cap = 0;
	for (int j = 0; j < w->ncols; j++) {
		if (!w->step[j])
			continue;
		for (int i = 0; i + 1 < w->nrows; i++) {
			double a = w->v[i * w->ncols + j], b = w->v[(i + 1) * w->ncols + j];
			if (isnan(a) || isnan(b) || num_cmp(a, b) == 0)
				continue;
			SweepChange c = {j, i + 1, a, b, 0, 0, true};
			c.at = change_point(p, idx[j], w->x[i], w->x[i + 1], a, true);
			double y;
			c.single = value_at(p, idx[j], c.at, &y) && num_cmp(y, b) == 0;
			c.last_at = c.single ? c.at : change_point(p, idx[j], w->x[i], w->x[i + 1], b, false);
			if (w->nchanges == cap) {
				cap = cap ? cap * 2 : 8;
				w->changes = xrealloc(w->changes, (size_t)cap * sizeof *w->changes);
			}
			w->changes[w->nchanges++] = c;
		}
	}
}

/* The sweep itself, once the ends are known: p is open, idx the shown results in p's copy. */
static void run_sweep(Probe *p, const int *idx, size_t nshow, double lo, double hi, int steps,
		      int chart_points, Sweep *w)
{
	Scenario *c = p->c;
	const Quantity *in = &c->q[p->in];
	w->scenario = xstrdup(c->name);
	w->input = xstrdup(in->name);
	w->in_dim = in->dim;
	w->in_disp = in->disp;
	w->lo = lo;
	w->hi = hi;
	w->log = (lo > 0 && hi > 0) || (lo < 0 && hi < 0);
	w->nrows = steps;
	w->ncols = (int)nshow;
	w->x = xmalloc((size_t)steps * sizeof *w->x);
	w->names = xmalloc(nshow * sizeof *w->names);
	w->dims = xmalloc(nshow * sizeof *w->dims);
	w->disps = xmalloc(nshow * sizeof *w->disps);
	w->step = xmalloc(nshow * sizeof *w->step);
	w->depends = xmalloc(nshow * sizeof *w->depends);
	w->v = xmalloc((size_t)steps * nshow * sizeof *w->v);
	w->row_error = xcalloc((size_t)steps, sizeof *w->row_error);
	for (size_t j = 0; j < nshow; j++) {
		const Quantity *q = &c->q[idx[j]];
		w->names[j] = xstrdup(q->name);
		w->dims[j] = q->dim;
		w->disps[j] = q->disp;
		w->depends[j] = whatif_depends(c, idx[j], p->in);
		w->step[j] = w->depends[j] && whatif_is_step(c, idx[j], p->in);
	}
	for (int i = 0; i < steps; i++) {
		const char *why = NULL;
		w->x[i] = point(w, i, steps);
		bool run = probe_run(p, w->x[i], &why);
		if (!run)
			w->row_error[i] = xstrdup(why ? why : "cannot be computed");
		for (size_t j = 0; j < nshow; j++)
			w->v[(size_t)i * nshow + j] = run ? c->slots[idx[j]] : NAN;
	}
	find_changes(w, p, idx);
	if (chart_points > 1) {
		w->npoints = chart_points;
		w->px = xmalloc((size_t)chart_points * sizeof *w->px);
		w->py = xmalloc((size_t)chart_points * sizeof *w->py);
		for (int i = 0; i < chart_points; i++) {
			w->px[i] = point(w, i, chart_points);
			if (!value_at(p, idx[0], w->px[i], &w->py[i]))
				w->py[i] = NAN;
		}
	}
}

/* Opens the probe and finds the shown results; range (or lo and hi when range is NULL) gives the ends. */
static bool sweep_common(const Scenario *s, const char *input, const char *range, double lo, double hi,
			 int steps, const char *const *show, size_t nshow, int chart_points, Sweep *w,
			 BoeError *err)
{
	memset(w, 0, sizeof *w);
	if (steps < 2 || steps > MAX_STEPS)
		return fail(err, "--steps must be between 2 and %d (got %d)", MAX_STEPS, steps);
	if (chart_points < 0 || chart_points > MAX_CHART)
		chart_points = MAX_CHART;
	if (!show) {
		show = sweep_default_show;
		nshow = SWEEP_DEFAULT_SHOW;
	}
	if (nshow == 0)
		return fail(err, "--show names no result");
	Probe p;
	if (!probe_open(&p, s, input, err))
		return false;
	int *idx = xmalloc(nshow * sizeof *idx);
	bool ok = range ? parse_range(p.c, &p.c->q[p.in], range, &lo, &hi, err)
			: num_cmp(lo, hi) != 0 || fail(err, "the range is one value: give two different ends");
	for (size_t j = 0; ok && j < nshow; j++) {
		idx[j] = probe_find(&p, show[j], "--show", err);
		ok = idx[j] >= 0;
	}
	if (ok)
		run_sweep(&p, idx, nshow, lo, hi, steps, chart_points, w);
	free(idx);
	probe_close(&p);
	return ok;
}

bool whatif_sweep(const Scenario *s, const char *input, const char *range, int steps,
		  const char *const *show, size_t nshow, int chart_points, Sweep *w, BoeError *err)
{
	return sweep_common(s, input, range, 0, 0, steps, show, nshow, chart_points, w, err);
}

bool whatif_sweep_between(const Scenario *s, const char *input, double lo, double hi, int steps,
			  const char *const *show, size_t nshow, int chart_points, Sweep *w, BoeError *err)
{
	return sweep_common(s, input, NULL, lo, hi, steps, show, nshow, chart_points, w, err);
}

void sweep_free(Sweep *w)
{
	for (int j = 0; j < w->ncols; j++)
		free(w->names[j]);
	for (int i = 0; i < w->nrows; i++)
		free(w->row_error[i]);
	free(w->scenario);
	free(w->input);
	free(w->x);
	free(w->names);
	free(w->dims);
	free(w->disps);
	free(w->step);
	free(w->depends);
	free(w->v);
	free(w->row_error);
	free(w->changes);
	free(w->px);
	free(w->py);
	memset(w, 0, sizeof *w);
}

/* ---- writing ---- */

static void fmt_x(const Sweep *w, double x, char *out, size_t n)
{
	units_format(x, w->in_dim, &w->in_disp, NULL, out, n);
}

static void fmt_v(const Sweep *w, int j, double v, char *out, size_t n)
{
	if (isnan(v))
		snprintf(out, n, "—");
	else
		units_format(v, w->dims[j], &w->disps[j], NULL, out, n);
}

void sweep_change_text(const Sweep *w, const SweepChange *c, char *out, size_t n)
{
	char a[64], b[64], x[64], y[64];
	fmt_v(w, c->col, c->from, a, sizeof a);
	fmt_v(w, c->col, c->to, b, sizeof b);
	fmt_x(w, c->at, x, sizeof x);
	if (c->single) {
		snprintf(out, n, "%s %s → %s at %s ≈ %s", w->names[c->col], a, b, w->input, x);
		return;
	}
	fmt_x(w, c->last_at, y, sizeof y);
	snprintf(out, n, "%s %s → %s between %s ≈ %s and ≈ %s", w->names[c->col], a, b, w->input, x, y);
}

static bool row_changes(const Sweep *w, int row)
{
	for (int k = 0; k < w->nchanges; k++)
		if (w->changes[k].row == row)
			return true;
	return false;
}

static void sweep_heading(const Sweep *w, Buf *out)
{
	char lo[64], hi[64];
	fmt_x(w, w->lo, lo, sizeof lo);
	fmt_x(w, w->hi, hi, sizeof hi);
	char *name = text_sanitize(w->scenario, 0);
	buf_printf(out, "%s from %s to %s in %d steps (%s), %s\n", w->input, lo, hi, w->nrows,
		   w->log ? "log-spaced" : "evenly spaced", name);
	free(name);
}

/* A column chart of the first shown result, eighth blocks, log scale when it spans decades. */
static void sweep_chart(const Sweep *w, Buf *out)
{
	static const char *const eighth[9] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	enum { H = 8 };
	double mn = INFINITY, mx = -INFINITY;
	for (int i = 0; i < w->npoints; i++)
		if (!isnan(w->py[i])) {
			mn = fmin(mn, w->py[i]);
			mx = fmax(mx, w->py[i]);
		}
	if (!(mn <= mx))
		return;
	bool logy = w->log && mn > 0 && mx / mn >= 10;
	double base = logy ? mn : fmin(mn, 0);
	char top[64], bot[64], lo[64], hi[64];
	fmt_v(w, 0, mx, top, sizeof top);
	fmt_v(w, 0, base, bot, sizeof bot);
	fmt_x(w, w->lo, lo, sizeof lo);
	fmt_x(w, w->hi, hi, sizeof hi);
	size_t lw = utf8_width(top) > utf8_width(bot) ? utf8_width(top) : utf8_width(bot);
	buf_printf(out, "\n%s against %s%s%s%s\n", w->names[0], w->input,
		   logy ? " (log scales)" : w->log ? " (" : "", !logy && w->log ? w->input : "",
		   !logy && w->log ? " on a log scale)" : "");
	int *h = xmalloc((size_t)w->npoints * sizeof *h);
	for (int i = 0; i < w->npoints; i++) {
		double y = w->py[i];
		double f = isnan(y) ? -1 : mx == base ? 1 : logy ? log(y / base) / log(mx / base) : (y - base) / (mx - base);
		/* the lowest value still shows, as the thinnest bar */
		h[i] = f < 0 ? 0 : 1 + (int)lround(f * (H * 8 - 1));
	}
	for (int r = 0; r < H; r++) {
		const char *label = r == 0 ? top : r == H - 1 ? bot : "";
		buf_pad(out, lw + 1, utf8_width(label));
		buf_add(out, label);
		buf_add(out, r == 0 || r == H - 1 ? " ┤" : " │");
		for (int i = 0; i < w->npoints; i++) {
			int level = h[i] - (H - 1 - r) * 8;
			buf_add(out, eighth[level <= 0 ? 0 : level >= 8 ? 8 : level]);
		}
		while (out->len && out->s[out->len - 1] == ' ')
			out->s[--out->len] = '\0';
		buf_add(out, "\n");
	}
	buf_pad(out, lw + 2, 0);
	buf_add(out, "└");
	for (int i = 0; i < w->npoints; i++)
		buf_add(out, "─");
	buf_add(out, "\n");
	buf_pad(out, lw + 3, 0);
	buf_add(out, lo);
	buf_pad(out, (size_t)w->npoints, utf8_width(lo) + utf8_width(hi));
	buf_add(out, hi);
	buf_add(out, "\n");
	free(h);
}

static void sweep_text(const Sweep *w, Buf *out)
{
	sweep_heading(w, out);
	int nc = w->ncols;
	size_t *cw = xmalloc((size_t)(nc + 1) * sizeof *cw);
	char buf[96];
	cw[0] = strlen(w->input);
	for (int i = 0; i < w->nrows; i++) {
		fmt_x(w, w->x[i], buf, sizeof buf);
		if (utf8_width(buf) > cw[0])
			cw[0] = utf8_width(buf);
	}
	for (int j = 0; j < nc; j++) {
		cw[j + 1] = strlen(w->names[j]);
		for (int i = 0; i < w->nrows; i++) {
			fmt_v(w, j, w->v[i * nc + j], buf, sizeof buf);
			if (utf8_width(buf) > cw[j + 1])
				cw[j + 1] = utf8_width(buf);
		}
	}
	buf_add(out, "\n  ");
	buf_pad(out, cw[0], strlen(w->input));
	buf_add(out, w->input);
	for (int j = 0; j < nc; j++) {
		buf_add(out, "  ");
		buf_pad(out, cw[j + 1], strlen(w->names[j]));
		buf_add(out, w->names[j]);
	}
	buf_add(out, "\n");
	for (int i = 0; i < w->nrows; i++) {
		buf_add(out, row_changes(w, i) ? "* " : "  ");
		fmt_x(w, w->x[i], buf, sizeof buf);
		buf_pad(out, cw[0], utf8_width(buf));
		buf_add(out, buf);
		for (int j = 0; j < nc; j++) {
			fmt_v(w, j, w->v[i * nc + j], buf, sizeof buf);
			buf_add(out, "  ");
			buf_pad(out, cw[j + 1], utf8_width(buf));
			buf_add(out, buf);
		}
		if (w->row_error[i])
			buf_printf(out, "  (%s)", w->row_error[i]);
		buf_add(out, "\n");
		for (int k = 0; k < w->nchanges; k++)
			if (w->changes[k].row == i) {
				sweep_change_text(w, &w->changes[k], buf, sizeof buf);
				buf_printf(out, "      %s\n", buf);
			}
	}
	bool any_flat = false;
	for (int j = 0; j < nc; j++)
		any_flat = any_flat || !w->depends[j];
	if (any_flat) {
		buf_add(out, "\nnot moved by ");
		buf_add(out, w->input);
		buf_add(out, ":");
		for (int j = 0; j < nc; j++)
			if (!w->depends[j])
				buf_printf(out, " %s", w->names[j]);
		buf_add(out, "\n");
	}
	if (w->npoints > 1)
		sweep_chart(w, out);
	free(cw);
}

static void sweep_markdown(const Sweep *w, Buf *out)
{
	buf_add(out, "| ");
	md_escape(w->input, out);
	for (int j = 0; j < w->ncols; j++) {
		buf_add(out, " | ");
		md_escape(w->names[j], out);
	}
	buf_add(out, " |\n|");
	for (int j = 0; j <= w->ncols; j++)
		buf_add(out, "---:|");
	buf_add(out, "\n");
	char buf[160];
	for (int i = 0; i < w->nrows; i++) {
		fmt_x(w, w->x[i], buf, sizeof buf);
		buf_add(out, row_changes(w, i) ? "| **" : "| ");
		md_escape(buf, out);
		buf_add(out, row_changes(w, i) ? "**" : "");
		for (int j = 0; j < w->ncols; j++) {
			fmt_v(w, j, w->v[i * w->ncols + j], buf, sizeof buf);
			buf_add(out, " | ");
			md_escape(buf, out);
		}
		buf_add(out, " |\n");
	}
	if (w->nchanges) {
		buf_add(out, "\nSteps (rows in bold):\n\n");
		for (int k = 0; k < w->nchanges; k++) {
			sweep_change_text(w, &w->changes[k], buf, sizeof buf);
			buf_add(out, "- ");
			md_escape(buf, out);
			buf_add(out, "\n");
		}
	}
}

static void sweep_json(const Sweep *w, Buf *out)
{
	char unit[48], buf[160];
	dim_base_unit(w->in_dim, unit, sizeof unit);
	buf_add(out, "{\"boe\": 1, \"sweep\": {\"scenario\": ");
	json_string(w->scenario, out);
	buf_add(out, ", \"input\": ");
	json_string(w->input, out);
	buf_add(out, ", \"unit\": ");
	json_string(unit, out);
	buf_add(out, ", \"lo\": ");
	whatif_json_num(w->lo, out);
	buf_add(out, ", \"hi\": ");
	whatif_json_num(w->hi, out);
	buf_printf(out, ", \"steps\": %d, \"log\": %s,\n  \"show\": [", w->nrows, w->log ? "true" : "false");
	for (int j = 0; j < w->ncols; j++) {
		dim_base_unit(w->dims[j], unit, sizeof unit);
		buf_add(out, j ? ", {\"name\": " : "{\"name\": ");
		json_string(w->names[j], out);
		buf_add(out, ", \"unit\": ");
		json_string(unit, out);
		buf_printf(out, ", \"step\": %s}", w->step[j] ? "true" : "false");
	}
	buf_add(out, "],\n  \"rows\": [");
	for (int i = 0; i < w->nrows; i++) {
		buf_add(out, i ? ",\n    {\"input\": " : "\n    {\"input\": ");
		whatif_json_num(w->x[i], out);
		fmt_x(w, w->x[i], buf, sizeof buf);
		buf_add(out, ", \"display\": ");
		json_string(buf, out);
		buf_add(out, ", \"values\": [");
		for (int j = 0; j < w->ncols; j++) {
			if (j)
				buf_add(out, ", ");
			whatif_json_num(w->v[i * w->ncols + j], out);
		}
		buf_add(out, "]");
		if (w->row_error[i]) {
			buf_add(out, ", \"error\": ");
			json_string(w->row_error[i], out);
		}
		buf_add(out, "}");
	}
	buf_add(out, "],\n  \"changes\": [");
	for (int k = 0; k < w->nchanges; k++) {
		const SweepChange *c = &w->changes[k];
		buf_add(out, k ? ",\n    {\"name\": " : "\n    {\"name\": ");
		json_string(w->names[c->col], out);
		buf_printf(out, ", \"row\": %d, \"from\": ", c->row);
		whatif_json_num(c->from, out);
		buf_add(out, ", \"to\": ");
		whatif_json_num(c->to, out);
		buf_add(out, ", \"at\": ");
		whatif_json_num(c->at, out);
		buf_add(out, ", \"last_at\": ");
		whatif_json_num(c->last_at, out);
		buf_printf(out, ", \"single\": %s, \"text\": ", c->single ? "true" : "false");
		sweep_change_text(w, c, buf, sizeof buf);
		json_string(buf, out);
		buf_add(out, "}");
	}
	buf_add(out, w->nchanges ? "\n  ]}}\n" : "]}}\n");
}

static void csv_field(const char *s, Buf *out)
{
	if (!strpbrk(s, ",\"\n")) {
		buf_add(out, s);
		return;
	}
	buf_addc(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(out, '"');
		buf_addc(out, *s == '\n' ? ' ' : *s);
	}
	buf_addc(out, '"');
}

/* Values in base units (seconds, bytes, per second, dollars), as in the JSON output. */
static void sweep_csv(const Sweep *w, Buf *out)
{
	csv_field(w->input, out);
	for (int j = 0; j < w->ncols; j++) {
		buf_addc(out, ',');
		csv_field(w->names[j], out);
	}
	buf_add(out, ",changes\n");
	char buf[160];
	for (int i = 0; i < w->nrows; i++) {
		whatif_json_num(w->x[i], out);
		for (int j = 0; j < w->ncols; j++) {
			buf_addc(out, ',');
			if (!isnan(w->v[i * w->ncols + j]))
				whatif_json_num(w->v[i * w->ncols + j], out);
		}
		buf_addc(out, ',');
		Buf ch = {0};
		for (int k = 0; k < w->nchanges; k++)
			if (w->changes[k].row == i) {
				sweep_change_text(w, &w->changes[k], buf, sizeof buf);
				buf_printf(&ch, "%s%s", ch.len ? "; " : "", buf);
			}
		if (ch.s)
			csv_field(ch.s, out);
		buf_free(&ch);
		buf_addc(out, '\n');
	}
}

void sweep_write(const Sweep *w, WhatifFormat f, Buf *out)
{
	switch (f) {
	case WF_JSON: sweep_json(w, out); break;
	case WF_MARKDOWN: sweep_markdown(w, out); break;
	case WF_CSV: sweep_csv(w, out); break;
	default: sweep_text(w, out); break;
	}
}
