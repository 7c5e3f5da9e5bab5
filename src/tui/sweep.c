/*
 * The Sweep view: a chosen result plotted against a chosen input across a
 * range around the input's value, one column per value (log-spaced), with
 * where a step result changes. The numbers come from the core's
 * whatif_sweep_between; this file only chooses and draws.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "boe/whatif.h"
#include "tui/tui.h"

#define LABEL_W 12
#define MAX_SPAN 6

static struct {
	char result[128], input[128];
	int span;		/* decades each way around the input's value */
	Sweep w;
	bool have;
	char error[600];
	double sig;		/* what the sweep was computed for: values, choice, width */
} st = {"", "", 1, {0}, false, "", NAN};

static bool listed(const Scenario *s, int i)
{
	return i >= 0 && quantity_listed(&s->q[i]);
}

/* The listed quantities, inputs or derived ones, in display order; caller frees. */
static int *candidates(const Scenario *s, bool inputs, int result, size_t *n)
{
	int *order = xmalloc((s->nq + 1) * sizeof *order);
	size_t all = scenario_display_order(s, order), k = 0;
	for (size_t i = 0; i < all; i++) {
		const Quantity *q = &s->q[order[i]];
		bool keep = inputs ? q->input && whatif_depends(s, result, order[i]) : !q->input;
		if (keep)
			order[k++] = order[i];
	}
	*n = k;
	return order;
}

static void choose_defaults(const Scenario *s)
{
	int r = scenario_find(s, st.result);
	if (!listed(s, r) || s->q[r].input) {
		r = scenario_find(s, "servers");
		if (!listed(s, r) || s->q[r].input) {
			size_t n;
			int *c = candidates(s, false, -1, &n);
			r = n ? c[0] : -1;
			free(c);
		}
		snprintf(st.result, sizeof st.result, "%s", r >= 0 ? s->q[r].name : "");
	}
	int in = scenario_find(s, st.input);
	if (r >= 0 && (!listed(s, in) || !s->q[in].input || !whatif_depends(s, r, in))) {
		size_t n;
		int *c = candidates(s, true, r, &n);
		snprintf(st.input, sizeof st.input, "%s", n ? s->q[c[0]].name : "");
		free(c);
	}
}

void sweep_init(App *a)
{
	choose_defaults(a->s);
	st.sig = NAN;
}

/* A number that changes when anything the sweep shows would. */
static double signature(const App *a, int width)
{
	double h = width * 7.0 + st.span * 131.0;
	for (size_t i = 0; i < a->s->nq; i++)
		h = h * 1.0000001 + a->s->q[i].value * (double)(i % 17 + 1);
	for (const char *p = st.result; *p; p++)
		h += *p * 3.0;
	for (const char *p = st.input; *p; p++)
		h += *p * 5.0;
	return h;
}

static void recompute(App *a, int width)
{
	double sig = signature(a, width);
	if (sig == st.sig)
		return;
	st.sig = sig;
	if (st.have)
		sweep_free(&st.w);
	st.have = false;
	st.error[0] = '\0';
	int in = scenario_find(a->s, st.input);
	if (!st.result[0] || !listed(a->s, in)) {
		snprintf(st.error, sizeof st.error, "nothing to sweep: %s reads no input",
			 st.result[0] ? st.result : "the scenario");
		return;
	}
	const Quantity *q = &a->s->q[in];
	double x0 = q->value, f = pow(10, st.span), lo, hi;
	if (q->unit && strcmp(q->unit, "fraction") == 0)
		lo = 0, hi = 1;
	else if (x0 > 0)
		lo = x0 / f, hi = x0 * f;
	else if (x0 < 0)
		lo = x0 * f, hi = x0 / f;
	else
		lo = 0, hi = 1;
	const char *show[1] = {st.result};
	BoeError err;
	int steps = width < 2 ? 2 : width > 1000 ? 1000 : width;
	st.have = whatif_sweep_between(a->s, st.input, lo, hi, steps, show, 1, 0, &st.w, &err);
	if (!st.have)
		snprintf(st.error, sizeof st.error, "%s", err.msg);
}

static int cycle(App *a, bool inputs, int dir)
{
	const Scenario *s = a->s;
	int r = scenario_find(s, st.result);
	size_t n;
	int *c = candidates(s, inputs, r, &n);
	if (n) {
		const char *cur = inputs ? st.input : st.result;
		size_t at = 0;
		for (size_t k = 0; k < n; k++)
			if (strcmp(s->q[c[k]].name, cur) == 0)
				at = k;
		int k = ((int)at + dir + (int)n) % (int)n;
		snprintf(inputs ? st.input : st.result, sizeof st.input, "%s", s->q[c[k]].name);
	}
	free(c);
	if (!inputs)
		choose_defaults(s); /* the input must still reach the new result */
	return UI_REDRAW;
}

static int act_result_next(App *a) { return cycle(a, false, 1); }
static int act_result_prev(App *a) { return cycle(a, false, -1); }
static int act_input_next(App *a) { return cycle(a, true, 1); }
static int act_input_prev(App *a) { return cycle(a, true, -1); }

static int act_wider(App *a)
{
	if (st.span < MAX_SPAN)
		st.span++;
	app_message(a, ST_DIM, "range: a factor of 10^%d either way", st.span);
	return UI_REDRAW;
}

static int act_narrower(App *a)
{
	if (st.span > 1)
		st.span--;
	app_message(a, ST_DIM, "range: a factor of 10^%d either way", st.span);
	return UI_REDRAW;
}

const KeyBinding sweep_keys[] = {
	{'r', "r R", "next / previous result to plot", act_result_next, "result"},
	{'R', NULL, NULL, act_result_prev, NULL},
	{'i', "i I", "next / previous input to sweep (those the result reads)", act_input_next, "input"},
	{'I', NULL, NULL, act_input_prev, NULL},
	{'+', "+ -", "a wider / narrower range around the input's value", act_wider, "range"},
	{'=', NULL, NULL, act_wider, NULL},
	{'-', NULL, NULL, act_narrower, NULL},
	{0, NULL, NULL, NULL, NULL},
};

int sweep_key(App *a, int key)
{
	return keys_dispatch(a, sweep_keys, key);
}

static void fmt_x(double x, char *out, size_t n)
{
	units_format(x, st.w.in_dim, &st.w.in_disp, NULL, out, n);
}

static void fmt_y(const App *a, double y, char *out, size_t n)
{
	units_format(y, st.w.dims[0], &st.w.disps[0], &a->prefs, out, n);
}

void sweep_draw(App *a)
{
	const Glyphs *g = a->g;
	int w = a->w, bh = body_h(a), y0 = BODY_Y;
	int x0 = LABEL_W + 1, cw = w - x0 - 2, ch = bh - 6;
	recompute(a, cw);
	char t[600], u[128], v[128];
	if (!st.have) {
		ui_text(y0, 1, w - 2, "Sweep", ST_SECTION);
		ui_wrap(y0 + 2, 2, w - 4, bh - 2, st.error, ST_DIM);
		return;
	}
	const Sweep *sw = &st.w;
	fmt_x(sw->lo, u, sizeof u);
	fmt_x(sw->hi, v, sizeof v);
	snprintf(t, sizeof t, "%s against %s, %s to %s%s", sw->names[0], sw->input, u, v,
		 sw->log ? " (log scale)" : "");
	ui_text(y0, 1, w - 2, t, ST_SECTION);
	int in = scenario_find(a->s, sw->input), res = scenario_find(a->s, sw->names[0]);
	scenario_format_value(a->s, in, &a->prefs, u, sizeof u);
	scenario_format_value(a->s, res, &a->prefs, v, sizeof v);
	snprintf(t, sizeof t, "now %s = %s, %s = %s%s", sw->input, u, sw->names[0], v,
		 sw->depends[0] ? "" : "  (it does not move with this input)");
	ui_text(y0 + 1, 1, w - 2, t, ST_DIM);
	if (ch < 2 || cw < 10)
		return;
	double mn = INFINITY, mx = -INFINITY;
	for (int i = 0; i < sw->nrows; i++)
		if (!isnan(sw->v[i])) {
			mn = fmin(mn, sw->v[i]);
			mx = fmax(mx, sw->v[i]);
		}
	if (!(mn <= mx)) {
		ui_text(y0 + 3, 2, w - 4, "no value could be computed across this range", ST_DIM);
		return;
	}
	bool logy = sw->log && mn > 0 && mx / mn >= 10;
	double base = logy ? mn : fmin(mn, 0);
	int top = y0 + 3, bottom = top + ch - 1;
	for (int c = 0; c < sw->nrows && c < cw; c++) {
		double y = sw->v[c];
		if (isnan(y))
			continue;
		double f = mx == base ? 1 : logy ? log(y / base) / log(mx / base) : (y - base) / (mx - base);
		int e = 1 + (int)lround(f * (ch * 8 - 1));
		for (int r = 0; r < ch; r++) {
			int ce = e - r * 8;
			if (ce <= 0)
				break;
			ui_text(bottom - r, x0 + c, 1, g->eighth[ce > 8 ? 8 : ce], ST_CURVE);
		}
	}
	fmt_y(a, mx, t, sizeof t);
	ui_text(top, LABEL_W - ui_width(t) < 0 ? 0 : LABEL_W - ui_width(t), LABEL_W, t, ST_PEAK);
	fmt_y(a, base, t, sizeof t);
	ui_text(bottom, LABEL_W - ui_width(t) < 0 ? 0 : LABEL_W - ui_width(t), LABEL_W, t, ST_DIM);
	ui_repeat(bottom + 1, x0, cw, g->hline, ST_DIM);
	fmt_x(sw->lo, u, sizeof u);
	fmt_x(sw->hi, v, sizeof v);
	ui_text(bottom + 2, x0, cw, u, ST_DIM);
	ui_text(bottom + 2, x0 + cw - ui_width(v), ui_width(v), v, ST_DIM);
	/* where the input is now */
	double xnow = a->s->q[in].value;
	if (sw->nrows > 1 && xnow >= fmin(sw->lo, sw->hi) && xnow <= fmax(sw->lo, sw->hi)) {
		double fx = sw->log ? log(xnow / sw->lo) / log(sw->hi / sw->lo) : (xnow - sw->lo) / (sw->hi - sw->lo);
		int cx = x0 + (int)lround(fx * (sw->nrows - 1));
		ui_text(bottom + 1, cx, 1, g->up, ST_PEAK);
		ui_text(bottom + 2, cx - 1, 5, "now", ST_PEAK);
	}
	/* the steps of a step result */
	if (sw->nchanges) {
		const SweepChange *first = &sw->changes[0], *last = &sw->changes[sw->nchanges - 1];
		if (sw->nchanges == 1 && first->single) {
			sweep_change_text(sw, first, t, sizeof t);
		} else {
			fmt_y(a, first->from, u, sizeof u);
			fmt_y(a, last->to, v, sizeof v);
			char at[64];
			fmt_x(first->at, at, sizeof at);
			snprintf(t, sizeof t, "%s steps from %s to %s across the range; the first step at %s ≈ %s",
				 sw->names[0], u, v, sw->input, at);
		}
		ui_text(bottom + 3, 1, w - 2, t, ST_NORMAL);
	}
}
