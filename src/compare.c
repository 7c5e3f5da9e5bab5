/*
 * boe compare: scenarios side by side. Which values differ, their ratio to a
 * baseline and how a change is shown live here once, for the command and for
 * the interface's baseline column alike.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boe/numeric.h"
#include "boe/report.h"
#include "whatif_impl.h"

ValueDiff compare_values(double base, Dim base_dim, double v, Dim dim)
{
	ValueDiff d = {false, false, 1};
	if (!dim_eq(base_dim, dim)) {
		d.differs = true;
		return d;
	}
	if (isnan(base) || isnan(v)) {
		d.differs = !(isnan(base) && isnan(v));
		return d;
	}
	d.differs = num_cmp(base, v) != 0;
	if (base != 0) {
		d.has_ratio = true;
		d.ratio = d.differs ? v / base : 1;
	} else if (v == 0) {
		d.has_ratio = true;
	}
	return d;
}

void compare_ratio_text(const ValueDiff *d, char *out, size_t n)
{
	if (!d->has_ratio) {
		snprintf(out, n, "%s", d->differs ? "new" : "");
		return;
	}
	char r[32]; /* a count ("11.6K", "1.2e-5"), which out holds after "×" */
	units_format_count(d->ratio, r, sizeof r);
	snprintf(out, n, "×%s", r);
}

void compare_short_text(double base, double now, char *out, size_t n)
{
	if (isnan(base)) {
		snprintf(out, n, "new");
		return;
	}
	ValueDiff d = compare_values(base, DIM_NONE, now, DIM_NONE);
	if (!d.differs) {
		snprintf(out, n, "=");
		return;
	}
	if (!d.has_ratio || d.ratio <= 0) { /* from or to zero, or across it */
		snprintf(out, n, "%s", now > base ? "up" : "down");
		return;
	}
	double r = d.ratio;
	if (r > 0.5 && r < 2)
		snprintf(out, n, "%+.0f%%", (r - 1) * 100);
	else if (r >= 2)
		snprintf(out, n, "\u00d7%.3g", r);
	else
		snprintf(out, n, "\u00f7%.3g", 1 / r);
}

void compare_change_text(double base, double now, Dim d, const Display *disp,
			 const DisplayPrefs *prefs, char *out, size_t n)
{
	ValueDiff vd = compare_values(base, d, now, d);
	if (!vd.differs) {
		snprintf(out, n, "%s", "");
		return;
	}
	char was[64], r[48];
	units_format(base, d, disp, prefs, was, sizeof was);
	compare_ratio_text(&vd, r, sizeof r);
	if (vd.has_ratio)
		snprintf(out, n, "%s, was %s", r, was);
	else
		snprintf(out, n, "was %s", was);
}

/* ---- lining up the scenarios ---- */

static const char *row_name(const void *ctx, int i)
{
	return ((const Comparison *)ctx)->rows[i].name;
}

/* The next row, named name, indexed in rows (the comparison's rows by name). */
static CompareRow *new_row(Comparison *c, NameIndex *rows, const char *name)
{
	CompareRow *r = &c->rows[c->nrows];
	r->name = name;
	name_index_add(rows, (int)c->nrows++);
	return r;
}

/*
 * The availability and latency blocks' rows of one scenario, in order:
 * the composite and its downtime, each tier's availability and replicas,
 * then the budget's target, total and margin and each hop's time. Labels
 * name them across scenarios (a tier or hop by its name); q is -1 for what
 * the scenario has not.
 */
typedef struct BlockRow {
	char label[160];
	const char *group;
	int q;
} BlockRow;

static const char *const latency_group = "Latency budget";

static size_t block_rows(const Scenario *s, BlockRow *out)
{
	size_t k = 0;
	const char *avail = section_name(SEC_AVAILABILITY);
	if (s->ntiers) {
		out[k++] = (BlockRow){"composite availability", avail, s->q_composite};
		out[k++] = (BlockRow){"composite downtime per year", avail, s->q_comp_down_year};
	}
	for (size_t i = 0; i < s->ntiers; i++) {
		BlockRow *a = &out[k++], *r = &out[k++];
		char *name = text_sanitize(s->tiers[i].name, 0); /* a file's text: shown, so made safe */
		snprintf(a->label, sizeof a->label, "tier %s", name);
		snprintf(r->label, sizeof r->label, "tier %s replicas", name);
		free(name);
		a->group = r->group = avail;
		a->q = s->tiers[i].q_avail;
		r->q = s->tiers[i].q_replicas;
	}
	if (s->nhops) {
		out[k++] = (BlockRow){"latency target", latency_group, s->q_target};
		out[k++] = (BlockRow){"latency total", latency_group, s->q_total};
		out[k++] = (BlockRow){"latency margin", latency_group, s->q_margin};
	}
	for (size_t i = 0; i < s->nhops; i++) {
		BlockRow *h = &out[k++];
		char *name = text_sanitize(s->hops[i].name, 0);
		snprintf(h->label, sizeof h->label, "hop %s", name);
		free(name);
		h->group = latency_group;
		h->q = s->hops[i].q_time;
	}
	/* two tiers or hops of one name stay two rows: the second is "(2)", and so on (from the last, so earlier ones are as built) */
	for (size_t i = k; i-- > 0;) {
		int same = 1;
		for (size_t j = 0; j < i; j++)
			same += strcmp(out[j].label, out[i].label) == 0;
		if (same > 1) {
			size_t l = strlen(out[i].label);
			snprintf(out[i].label + l, sizeof out[i].label - l, " (%d)", same);
		}
	}
	return k;
}

static size_t block_count(const Scenario *s)
{
	return (s->ntiers ? 2 + 2 * s->ntiers : 0) + (s->nhops ? 3 + s->nhops : 0);
}

/* The blocks' rows of every column after the Availability section: the first column's, then what the others add. */
static void add_block_rows(Comparison *c, NameIndex *index, Scenario *const *list, size_t n)
{
	BlockRow **rows = xcalloc(n, sizeof *rows);
	size_t *nrows = xcalloc(n, sizeof *nrows);
	for (size_t j = 0; j < n; j++) {
		rows[j] = xmalloc((block_count(list[j]) + 1) * sizeof *rows[j]);
		nrows[j] = block_rows(list[j], rows[j]);
	}
	for (int pass = 0; pass < 2; pass++) /* the availability rows, then the latency rows */
		for (size_t j = 0; j < n; j++)
			for (size_t k = 0; k < nrows[j]; k++) {
				const BlockRow *b = &rows[j][k];
				if ((b->group == latency_group) != (pass == 1) || b->q < 0 ||
				    name_index_find(index, b->label) >= 0)
					continue;
				char *own = xstrdup(b->label);
				CompareRow *r = new_row(c, index, own);
				r->own = own;
				r->group = b->group;
				r->section = SEC_AVAILABILITY;
				r->q = xmalloc(n * sizeof *r->q);
				r->diff = xcalloc(n, sizeof *r->diff);
				for (size_t m = 0; m < n; m++) {
					r->q[m] = -1;
					for (size_t i = 0; i < nrows[m]; i++)
						if (strcmp(rows[m][i].label, b->label) == 0)
							r->q[m] = rows[m][i].q;
				}
			}
	for (size_t j = 0; j < n; j++)
		free(rows[j]);
	free(rows);
	free(nrows);
}

Comparison *compare_new(Scenario *const *list, const char *const *labels, size_t n)
{
	Comparison *c = xcalloc(1, sizeof *c);
	c->cols = list;
	c->ncols = n;
	c->labels = xcalloc(n ? n : 1, sizeof *c->labels);
	size_t cap = 0;
	for (size_t j = 0; j < n; j++) {
		c->labels[j] = xstrdup(labels && labels[j] ? labels[j] : list[j]->name);
		cap += list[j]->nq + block_count(list[j]);
	}
	c->rows = xcalloc(cap ? cap : 1, sizeof *c->rows);
	int **orders = xcalloc(n ? n : 1, sizeof *orders);
	size_t *norder = xcalloc(n ? n : 1, sizeof *norder);
	for (size_t j = 0; j < n; j++) {
		orders[j] = xmalloc((list[j]->nq + 1) * sizeof *orders[j]);
		norder[j] = scenario_display_order(list[j], orders[j]);
	}
	/* section by section: the first scenario's rows, then what the others add; the blocks' after Availability */
	NameIndex index;
	name_index_init(&index, row_name, c);
	for (int sec = 0; sec < SEC_COUNT; sec++) {
		if (sec == SEC_AVAILABILITY + 1)
			add_block_rows(c, &index, list, n);
		for (size_t j = 0; j < n; j++)
			for (size_t k = 0; k < norder[j]; k++) {
				const Quantity *q = &list[j]->q[orders[j][k]];
				if ((int)q->section != sec || name_index_find(&index, q->name) >= 0)
					continue;
				CompareRow *r = new_row(c, &index, q->name);
				r->section = q->section;
				r->group = section_name(q->section);
				r->q = xmalloc(n * sizeof *r->q);
				r->diff = xcalloc(n, sizeof *r->diff);
				for (size_t m = 0; m < n; m++) {
					int qi = scenario_find(list[m], q->name);
					r->q[m] = qi >= 0 && quantity_listed(&list[m]->q[qi]) ? qi : -1;
				}
			}
	}
	name_index_free(&index);
	for (size_t j = 0; j < n; j++)
		free(orders[j]);
	free(orders);
	free(norder);
	for (size_t i = 0; i < c->nrows; i++) {
		CompareRow *r = &c->rows[i];
		for (size_t j = 0; j < n; j++) {
			if (r->q[0] < 0 || r->q[j] < 0) {
				r->diff[j] = (ValueDiff){(r->q[0] < 0) != (r->q[j] < 0), false, 1};
			} else {
				const Quantity *a = &list[0]->q[r->q[0]], *b = &list[j]->q[r->q[j]];
				r->diff[j] = compare_values(a->value, a->dim, b->value, b->dim);
			}
			r->differs = r->differs || r->diff[j].differs;
		}
	}
	return c;
}

void compare_free(Comparison *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nrows; i++) {
		free(c->rows[i].q);
		free(c->rows[i].diff);
		free(c->rows[i].own);
	}
	for (size_t j = 0; j < c->ncols; j++)
		free(c->labels[j]);
	free(c->labels);
	free(c->rows);
	free(c);
}

/* ---- writing ---- */

static void cell_value(const Comparison *c, const CompareRow *r, size_t j, const DisplayPrefs *prefs,
		       char *out, size_t n)
{
	if (r->q[j] < 0)
		snprintf(out, n, "—");
	else
		scenario_format_value(c->cols[j], r->q[j], prefs, out, n);
}

static void cell_ratio(const CompareRow *r, size_t j, char *out, size_t n)
{
	if (r->q[0] < 0 || r->q[j] < 0)
		snprintf(out, n, "%s", "");
	else
		compare_ratio_text(&r->diff[j], out, n);
}

static bool shown(const CompareRow *r, bool changed_only)
{
	return !changed_only || r->differs;
}

static void compare_text(const Comparison *c, bool changed_only, const DisplayPrefs *prefs, Buf *out)
{
	size_t n = c->ncols, namew = 8;
	size_t *vw = xcalloc(n, sizeof *vw), *rw = xcalloc(n, sizeof *rw), *lw = xcalloc(n, sizeof *lw);
	char **labels = xcalloc(n, sizeof *labels);
	for (size_t j = 0; j < n; j++) {
		labels[j] = text_sanitize(c->labels[j], 0);
		lw[j] = utf8_width(labels[j]);
	}
	for (size_t i = 0; i < c->nrows; i++) {
		const CompareRow *r = &c->rows[i];
		if (!shown(r, changed_only))
			continue;
		if (utf8_width(r->name) > namew)
			namew = utf8_width(r->name);
		for (size_t j = 0; j < n; j++) {
			char v[96], q[48];
			cell_value(c, r, j, prefs, v, sizeof v);
			cell_ratio(r, j, q, sizeof q);
			if (utf8_width(v) > vw[j])
				vw[j] = utf8_width(v);
			if (utf8_width(q) > rw[j])
				rw[j] = utf8_width(q);
		}
	}
	/* each column: the value right-aligned, then (after the first) its ratio */
	size_t *cw = xcalloc(n, sizeof *cw);
	for (size_t j = 0; j < n; j++) {
		size_t body = vw[j] + (j ? 2 + rw[j] : 0);
		cw[j] = body > lw[j] ? body : lw[j];
		if (j && cw[j] > body)
			vw[j] += cw[j] - body; /* a long title: values stay right-aligned under it */
		else if (!j)
			vw[j] = cw[j];
	}
	buf_add(out, "  ");
	buf_pad(out, namew, 0);
	for (size_t j = 0; j < n; j++) {
		buf_add(out, "  ");
		buf_pad(out, cw[j], lw[j]);
		buf_add(out, labels[j]);
	}
	buf_add(out, "\n");
	const char *last = NULL;
	size_t nshown = 0;
	for (size_t i = 0; i < c->nrows; i++) {
		const CompareRow *r = &c->rows[i];
		if (!shown(r, changed_only))
			continue;
		nshown++;
		if (r->group != last) {
			buf_printf(out, "%s\n", r->group);
			last = r->group;
		}
		buf_add(out, r->differs ? "* " : "  ");
		buf_add(out, r->name);
		buf_pad(out, namew, utf8_width(r->name));
		for (size_t j = 0; j < n; j++) {
			char v[96], q[48];
			cell_value(c, r, j, prefs, v, sizeof v);
			buf_add(out, "  ");
			buf_pad(out, vw[j], utf8_width(v));
			buf_add(out, v);
			if (j) {
				cell_ratio(r, j, q, sizeof q);
				buf_add(out, "  ");
				buf_add(out, r->diff[j].differs ? q : "");
				buf_pad(out, rw[j], r->diff[j].differs ? utf8_width(q) : 0);
			}
		}
		while (out->len && out->s[out->len - 1] == ' ')
			out->s[--out->len] = '\0';
		buf_add(out, "\n");
	}
	if (!nshown)
		buf_add(out, "(no quantity differs)\n");
	buf_add(out, "\n* differs from the first column; ×N is the ratio to it\n");
	for (size_t j = 0; j < n; j++)
		free(labels[j]);
	free(labels);
	free(vw);
	free(rw);
	free(lw);
	free(cw);
}

static void compare_markdown(const Comparison *c, bool changed_only, const DisplayPrefs *prefs, Buf *out)
{
	size_t n = c->ncols;
	buf_add(out, "| quantity |");
	for (size_t j = 0; j < n; j++) {
		buf_add(out, " ");
		md_escape(c->labels[j], out);
		buf_add(out, j ? " | ratio |" : " |");
	}
	buf_add(out, "\n|---|");
	for (size_t j = 0; j < n; j++)
		buf_add(out, j ? "---:|---:|" : "---:|");
	buf_add(out, "\n");
	const char *last = NULL;
	for (size_t i = 0; i < c->nrows; i++) {
		const CompareRow *r = &c->rows[i];
		if (!shown(r, changed_only))
			continue;
		if (r->group != last) {
			buf_add(out, "| *");
			md_escape(r->group, out);
			buf_add(out, "* |");
			for (size_t j = 0; j < n; j++)
				buf_add(out, j ? " | |" : " |");
			buf_add(out, "\n");
			last = r->group;
		}
		buf_add(out, r->differs ? "| **" : "| ");
		md_escape(r->name, out);
		buf_add(out, r->differs ? "** |" : " |");
		for (size_t j = 0; j < n; j++) {
			char v[96], q[48];
			cell_value(c, r, j, prefs, v, sizeof v);
			buf_add(out, " ");
			md_escape(v, out);
			buf_add(out, " |");
			if (j) {
				cell_ratio(r, j, q, sizeof q);
				buf_printf(out, " %s |", r->diff[j].differs ? q : "");
			}
		}
		buf_add(out, "\n");
	}
	buf_add(out, "\nRows in bold differ from the first column; the ratio is to it.\n");
}

static void compare_json(const Comparison *c, bool changed_only, const DisplayPrefs *prefs, Buf *out)
{
	size_t n = c->ncols;
	buf_add(out, "{\"boe\": 1, \"compare\": {\"columns\": [");
	for (size_t j = 0; j < n; j++) {
		buf_add(out, j ? ", {\"label\": " : "{\"label\": ");
		json_string(c->labels[j], out);
		buf_add(out, ", \"name\": ");
		json_string(c->cols[j]->name, out);
		buf_add(out, ", \"title\": ");
		json_string(c->cols[j]->title, out);
		buf_add(out, "}");
	}
	buf_add(out, "],\n  \"rows\": [");
	size_t k = 0;
	for (size_t i = 0; i < c->nrows; i++) {
		const CompareRow *r = &c->rows[i];
		if (!shown(r, changed_only))
			continue;
		int any = -1;
		for (size_t j = 0; j < n && any < 0; j++)
			if (r->q[j] >= 0)
				any = (int)j;
		char unit[48];
		dim_base_unit(c->cols[any]->q[r->q[any]].dim, unit, sizeof unit);
		buf_add(out, k++ ? ",\n    {\"name\": " : "\n    {\"name\": ");
		json_string(r->name, out);
		buf_add(out, ", \"section\": ");
		json_string(r->group, out);
		buf_add(out, ", \"unit\": ");
		json_string(unit, out);
		buf_printf(out, ", \"differs\": %s,\n     \"values\": [", r->differs ? "true" : "false");
		for (size_t j = 0; j < n; j++) {
			if (j)
				buf_add(out, ", ");
			if (r->q[j] < 0)
				buf_add(out, "null");
			else
				whatif_json_num(c->cols[j]->q[r->q[j]].value, out);
		}
		buf_add(out, "], \"display\": [");
		for (size_t j = 0; j < n; j++) {
			char v[96];
			if (j)
				buf_add(out, ", ");
			if (r->q[j] < 0) {
				buf_add(out, "null");
				continue;
			}
			scenario_format_value(c->cols[j], r->q[j], prefs, v, sizeof v);
			json_string(v, out);
		}
		buf_add(out, "], \"ratios\": [");
		for (size_t j = 0; j < n; j++) {
			if (j)
				buf_add(out, ", ");
			if (r->q[0] < 0 || r->q[j] < 0 || !r->diff[j].has_ratio)
				buf_add(out, "null");
			else
				whatif_json_num(r->diff[j].ratio, out);
		}
		buf_add(out, "]}");
	}
	buf_add(out, k ? "\n  ]}}\n" : "]}}\n");
}

void compare_write(const Comparison *c, WhatifFormat f, bool changed_only, const DisplayPrefs *prefs,
		   Buf *out)
{
	if (f == WF_JSON)
		compare_json(c, changed_only, prefs, out);
	else if (f == WF_MARKDOWN)
		compare_markdown(c, changed_only, prefs, out);
	else
		compare_text(c, changed_only, prefs, out);
}
