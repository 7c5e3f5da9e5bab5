/*
 * Every output of a computed scenario. The text table, the markdown report,
 * JSON and YAML read the same Scenario and the same explanation strings, so
 * what the terminal shows and what a report says cannot drift apart.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "boe/parallel.h"
#include "boe/report.h"
#include "boe/whatif.h"

bool report_format_parse(const char *s, ReportFormat *out)
{
	static const struct { const char *name; ReportFormat f; } names[] = {
		{"text", REPORT_TEXT}, {"markdown", REPORT_MARKDOWN}, {"md", REPORT_MARKDOWN},
		{"json", REPORT_JSON}, {"yaml", REPORT_YAML}, {"html", REPORT_HTML},
	};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strcmp(s, names[i].name) == 0) {
			*out = names[i].f;
			return true;
		}
	return false;
}

bool report_format_for_path(const char *path, ReportFormat *out)
{
	static const struct { const char *ext; ReportFormat f; } exts[] = {
		{"txt", REPORT_TEXT}, {"md", REPORT_MARKDOWN}, {"markdown", REPORT_MARKDOWN},
		{"json", REPORT_JSON}, {"yaml", REPORT_YAML}, {"yml", REPORT_YAML},
		{"html", REPORT_HTML}, {"htm", REPORT_HTML},
	};
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base) /* no extension, or a hidden file's name */
		return false;
	for (size_t i = 0; i < ARRAY_LEN(exts); i++)
		if (strcasecmp(dot + 1, exts[i].ext) == 0) {
			*out = exts[i].f;
			return true;
		}
	return false;
}

/*
 * A number for machines that reads back as exactly v: whole numbers as
 * integers, then 15 or 16 significant digits when they suffice, else 17.
 */
static void num_exact(double v, char *out, size_t n)
{
	double a = fabs(v);
	if (n < 40) {
		snprintf(out, n, "%.17g", v);
		return;
	}
	if (v == floor(v) && a < 1e15) {
		units_format_scaled((unsigned long long)a, 0, v < 0, out);
		return;
	}
	/*
	 * The digits as an integer M over 10^dec: with M below 2^53 and dec at
	 * most 22 both are exact doubles, so M / 10^dec is exactly what a reader
	 * of the text gets back, and one division checks it.
	 */
	int mag = a > 0 ? units_floor_log10(a) : 0;
	for (int sig = 15; sig <= 16; sig++) {
		int dec = sig - 1 - mag;
		if (a == 0 || dec < 1 || dec > 22)
			break;
		double m = round(a * units_pow10(dec));
		if (m < 9007199254740992.0 && m / units_pow10(dec) == a) {
			units_format_scaled((unsigned long long)m, dec, v < 0, out);
			return;
		}
	}
	/* 17 digits, as %.17g writes them in fixed notation (it does from 1e-4 on) */
	unsigned long long m17;
	int dec17;
	if (units_digits17(a, &m17, &dec17)) {
		units_format_scaled(m17, dec17, v < 0, out);
		return;
	}
	snprintf(out, n, "%.17g", v);
}

void json_string(const char *s, Buf *out)
{
	buf_addc(out, '"');
	/* the bytes copied as they are: not a control, a quote, a backslash or DEL, nor 0xC2 (a C1 control may follow) */
	static const bool plain[256] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	};
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		/* copy runs of plain characters at once */
		const unsigned char *q = p;
		while (plain[*q] || (*q == 0xC2 && !(q[1] >= 0x80 && q[1] <= 0x9F)))
			q++;
		if (q > p) {
			buf_addn(out, (const char *)p, (size_t)(q - p));
			p = q - 1;
			continue;
		}
		switch (*p) {
		case '"': buf_add(out, "\\\""); break;
		case '\\': buf_add(out, "\\\\"); break;
		case '\n': buf_add(out, "\\n"); break;
		case '\t': buf_add(out, "\\t"); break;
		case '\r': buf_add(out, "\\r"); break;
		default:
			if (*p < 0x20 || *p == 0x7F) {
				buf_printf(out, "\\u%04x", *p);
			} else if (*p == 0xC2) {
				/* a C1 control (U+0080..U+009F): escaped, so no reader's terminal acts on it */
				buf_printf(out, "\\u%04x", p[1]);
				p++;
			} else {
				buf_addc(out, (char)*p);
			}
		}
	}
	buf_addc(out, '"');
}

/* YAML double-quoted scalar: the same escapes as JSON are valid there. */
static void yaml_string(const char *s, Buf *out)
{
	json_string(s, out);
}

void md_escape(const char *s, Buf *out)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '|': buf_add(out, "\\|"); break;
		case '\\': buf_add(out, "\\\\"); break;
		case '<': buf_add(out, "&lt;"); break;
		case '>': buf_add(out, "&gt;"); break;
		case '&': buf_add(out, "&amp;"); break;
		case '*': case '_': case '`': case '[': case ']':
			buf_addc(out, '\\');
			buf_addc(out, (char)*p);
			break;
		case '\n': case '\r': case '\t':
			buf_addc(out, ' ');
			break;
		default:
			if (*p < 0x20 || *p == 0x7F) {
				buf_addc(out, '?');
			} else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
				buf_addc(out, '?'); /* a C1 control */
				p++;
			} else {
				buf_addc(out, (char)*p);
			}
		}
	}
}

/* Text inside a code span: backticks cannot be escaped, so they become quotes. */
static void md_code(const char *s, Buf *out)
{
	buf_addc(out, '`');
	for (const char *p = s; *p; p++) {
		if (*p == '`')
			buf_addc(out, '\'');
		else if (*p == '|')
			buf_add(out, "\\|");
		else if (*p == '\n' || (unsigned char)*p < 0x20 || *p == 0x7F)
			buf_addc(out, ' ');
		else if ((unsigned char)*p == 0xC2 && (unsigned char)p[1] >= 0x80 && (unsigned char)p[1] <= 0x9F)
			buf_addc(out, ' '), p++; /* a C1 control */
		else
			buf_addc(out, *p);
	}
	buf_addc(out, '`');
}

static void fmt_q(const Scenario *s, int qi, const DisplayPrefs *prefs, char *out, size_t n)
{
	if (!prefs || (!prefs->iec && !prefs->bits_rates))
		str_join(out, n, scenario_shown(s, qi), NULL);
	else
		scenario_format_value(s, qi, prefs, out, n);
}

/* The value with its 90% interval when it has one: "34.7K/s (90%: 21K–58K)". */
static void fmt_qr(const Scenario *s, int qi, const DisplayPrefs *prefs, char *out, size_t n)
{
	scenario_format_ranged(s, qi, prefs && (prefs->iec || prefs->bits_rates) ? prefs : NULL, out, n);
}

/* A probability as a percentage: "87.3%". */
static void fmt_prob(double p, char *out, size_t n)
{
	Display pct = {.percent = true};
	units_format(p, DIM_NONE, &pct, NULL, out, n);
}

/* Whether the availability (or the SLA) is uncertain: then P(meets SLA) is worth a line. */
static bool sla_varies(const Scenario *s)
{
	return !isnan(scenario_p_meets_sla(s)) &&
	       (scenario_range(s, s->q_composite) || scenario_range(s, scenario_find(s, "sla")));
}

static bool budget_varies(const Scenario *s)
{
	return !isnan(scenario_p_fits_budget(s)) && scenario_range(s, s->q_margin);
}

/* "10,000 samples, seed 1". */
static void fmt_sampling(const Scenario *s, char *out, size_t n)
{
	char c[32], g[48];
	snprintf(c, sizeof c, "%zu", scenario_sample_count(s));
	/* thousands separators for a person */
	size_t len = strlen(c), k = 0;
	for (size_t i = 0; i < len && k + 2 < sizeof g; i++) {
		g[k++] = c[i];
		if ((len - i - 1) % 3 == 0 && i + 1 < len)
			g[k++] = ',';
	}
	g[k] = '\0';
	snprintf(out, n, "%s samples, seed %llu", g, (unsigned long long)scenario_seed(s));
}

static const char *origin_label(const Quantity *q)
{
	switch (q->origin) {
	case ORIGIN_SET: return "set";
	case ORIGIN_DEFINE: return "define";
	case ORIGIN_OVERRIDE: return q->file && strcmp(q->file, "--set") != 0 ? "edit" : "--set";
	default: return "default";
	}
}

/* ---- text ---- */

void report_text(const Scenario *s, const DisplayPrefs *prefs, Buf *out)
{
	char *title = text_sanitize(s->title, 0);
	buf_printf(out, "%s\n", title);
	free(title);
	if (s->summary) {
		char *t = text_sanitize(s->summary, 0);
		buf_printf(out, "%s\n", t);
		free(t);
	}
	if (s->source) {
		char *t = text_sanitize(s->source, 0);
		buf_printf(out, "source: %s\n", t);
		free(t);
	}
	size_t namew = 0;
	for (size_t i = 0; i < s->nq; i++)
		if (quantity_listed(&s->q[i]) && strlen(s->q[i].name) > namew)
			namew = strlen(s->q[i].name);
	int *order = xmalloc(s->nq * sizeof *order);
	size_t n = scenario_display_order(s, order);
	/* with ranges, a column of 90% intervals after the values */
	size_t ivw = 0;
	char iv[200];
	for (size_t k = 0; k < n && scenario_has_ranges(s); k++) {
		scenario_format_interval(s, order[k], prefs, iv, sizeof iv);
		if (iv[0] && utf8_width(iv) + 7 > ivw)
			ivw = utf8_width(iv) + 7;
	}
	if (scenario_has_ranges(s)) {
		char how[96];
		fmt_sampling(s, how, sizeof how);
		buf_printf(out, "ranges: %s; (90%%: lo–hi) is the interval the result lies in 9 times in 10\n", how);
	}
	for (size_t k = 0; k < n; k++) {
		const Quantity *q = &s->q[order[k]];
		if (k == 0 || q->section != s->q[order[k - 1]].section)
			buf_printf(out, "\n%s\n", section_name(q->section));
		char num[64], unit[64];
		units_format_parts(scenario_value(s, order[k]), q->dim, &q->disp, prefs, num, sizeof num, unit,
				   sizeof unit);
		buf_printf(out, "  %s", q->name);
		buf_pad(out, namew + 2, strlen(q->name));
		buf_pad(out, 10, utf8_width(num));
		buf_printf(out, "%s %s", num, unit);
		buf_pad(out, 10, utf8_width(unit));
		if (ivw) {
			scenario_format_interval(s, order[k], prefs, iv, sizeof iv);
			size_t w = 0;
			if (iv[0]) {
				buf_printf(out, "(90%%: %s) ", iv);
				w = utf8_width(iv) + 8;
			}
			buf_pad(out, ivw + 2, w);
		}
		char *text = text_sanitize(q->input ? q->text : q->formula, 0);
		if (!q->input)
			buf_printf(out, "= %s", text);
		else if (q->origin != ORIGIN_DEFAULT)
			buf_printf(out, "%s: %s", origin_label(q), text);
		free(text);
		if (q->unused)
			buf_add(out, "  (unused)");
		/* no trailing blanks */
		while (out->len && out->s[out->len - 1] == ' ')
			out->s[--out->len] = '\0';
		buf_addc(out, '\n');
		if (q->decides) {
			/* under the formula: which bound of a max() decides */
			buf_pad(out, 2 + namew + 2 + 10 + 1 + 10 + 2 + (ivw ? ivw + 2 : 0), 0);
			buf_printf(out, "%s\n", q->decides);
		}
	}
	free(order);
	char v[96], w[96];
	if (s->ntiers) {
		buf_add(out, "\nAvailability tiers (in series; replicas in parallel)\n");
		for (size_t i = 0; i < s->ntiers; i++) {
			const Tier *t = &s->tiers[i];
			char *name = text_sanitize(t->name, 0);
			Display pct = {.percent = true};
			units_format(t->availability, DIM_NONE, &pct, NULL, v, sizeof v);
			units_format(t->effective, DIM_NONE, &pct, NULL, w, sizeof w);
			char down[64];
			units_format(t->downtime_per_year, DIM_TIME, NULL, NULL, down, sizeof down);
			buf_printf(out, "  %-24s %10s × %-3g -> %-12s %s/year\n", name, v, t->replicas, w, down);
			free(name);
		}
		fmt_q(s, s->q_composite, prefs, v, sizeof v);
		fmt_q(s, s->q_comp_down_year, prefs, w, sizeof w);
		char m[64], sla[64];
		fmt_q(s, s->q_comp_down_month, prefs, m, sizeof m);
		fmt_q(s, scenario_find(s, "sla"), prefs, sla, sizeof sla);
		buf_printf(out, "  composite %s: %s/year, %s/month; %s the SLA of %s", v, w, m,
			   s->meets_sla ? "meets" : "MISSES", sla);
		if (sla_varies(s)) {
			char pr[32];
			fmt_prob(scenario_p_meets_sla(s), pr, sizeof pr);
			fmt_qr(s, s->q_composite, prefs, v, sizeof v);
			buf_printf(out, "\n  with the ranges: composite %s; P(meets SLA) = %s", v, pr);
		}
		buf_addc(out, '\n');
	}
	if (s->nhops) {
		buf_add(out, "\nLatency budget\n");
		for (size_t i = 0; i < s->nhops; i++) {
			char *name = text_sanitize(s->hops[i].name, 0);
			units_format(s->hops[i].time, DIM_TIME, NULL, NULL, v, sizeof v);
			buf_printf(out, "  %-24s %10s\n", name, v);
			free(name);
		}
		char t[64], m[64];
		fmt_q(s, s->q_total, prefs, v, sizeof v);
		fmt_q(s, s->q_target, prefs, t, sizeof t);
		fmt_q(s, s->q_margin, prefs, m, sizeof m);
		buf_printf(out, "  total %s of %s: margin %s, %s", v, t, m,
			   s->fits_budget ? "fits" : "DOES NOT FIT");
		if (budget_varies(s)) {
			char pr[32];
			fmt_prob(scenario_p_fits_budget(s), pr, sizeof pr);
			fmt_qr(s, s->q_total, prefs, v, sizeof v);
			buf_printf(out, "\n  with the ranges: total %s; P(fits budget) = %s", v, pr);
		}
		buf_addc(out, '\n');
	}
	if (s->nchecks) {
		buf_add(out, "\nChecks against the source\n");
		for (size_t i = 0; i < s->nchecks; i++) {
			const Check *c = &s->checks[i];
			const Quantity *q = &s->q[c->q];
			units_format(c->actual, q->dim, &q->disp, prefs, v, sizeof v);
			units_format(c->expected, q->dim, &q->disp, prefs, w, sizeof w);
			if (c->inside) {
				char iv2[200];
				scenario_format_interval(s, c->q, prefs, iv2, sizeof iv2);
				buf_printf(out, "  %-4s %-28s %12s  expected %s inside the 90%% interval (%s)\n",
					   c->ok ? "ok" : "MISS", c->name, v, w, iv2[0] ? iv2 : "no range");
				continue;
			}
			buf_printf(out, "  %-4s %-28s %12s  expected %s ±%g%%%s\n", c->ok ? "ok" : "MISS",
				   c->name, v, w, c->tolerance * 100, c->on_shortfall ? " of the shortfall" : "");
		}
	}
}

/* ---- markdown ---- */

static void md_notes(const char *notes, Buf *out)
{
	char *clean = text_sanitize(notes, 1);
	const char *p = clean;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char *line = xstrndup(p, len);
		const char *t = line;
		while (*t == ' ')
			t++;
		if (*t == '\0') {
			buf_addc(out, '\n');
		} else if ((t[0] == '-' || t[0] == '*') && t[1] == ' ') {
			buf_pad(out, (size_t)(t - line), 0);
			buf_add(out, "- ");
			md_escape(t + 2, out);
			buf_addc(out, '\n');
		} else {
			md_escape(t, out);
			/* a hard line break keeps the author's lines */
			buf_add(out, e && e[1] && e[1] != '\n' ? "  \n" : "\n");
		}
		free(line);
		p += len + (e ? 1 : 0);
	}
	free(clean);
}

/* The tornado of q as a markdown table. */
static void md_tornado(const Scenario *s, int q, Buf *out)
{
	SensRow *rows;
	size_t n = scenario_sensitivity(s, q, &rows);
	char v[200], a[96], b[96];
	const Quantity *qq = &s->q[q];
	fmt_qr(s, q, NULL, v, sizeof v);
	buf_add(out, "\n### ");
	md_code(qq->name, out);
	buf_add(out, " = ");
	md_escape(v, out);
	buf_add(out, "\n\n| Input | Input 5% → 95% | Result 5% → 95% | Swing | Share of variance |\n|---|---|---|---|---|\n");
	for (size_t i = 0; i < n; i++) {
		const SensRow *r = &rows[i];
		const Quantity *in = &s->q[r->q];
		buf_add(out, "| ");
		md_escape(r->label, out);
		units_format(r->in_lo, in->dim, &in->disp, NULL, a, sizeof a);
		units_format(r->in_hi, in->dim, &in->disp, NULL, b, sizeof b);
		buf_add(out, " | ");
		md_escape(a, out);
		buf_add(out, " → ");
		md_escape(b, out);
		units_format(r->out_lo, qq->dim, &qq->disp, NULL, a, sizeof a);
		units_format(r->out_hi, qq->dim, &qq->disp, NULL, b, sizeof b);
		buf_add(out, " | ");
		md_escape(a, out);
		buf_add(out, " → ");
		md_escape(b, out);
		units_format(r->swing, qq->dim, &qq->disp, NULL, a, sizeof a);
		buf_add(out, " | ");
		md_escape(a, out);
		fmt_prob(r->share, b, sizeof b);
		buf_printf(out, " | %s |\n", b);
	}
	free(rows);
}

/* The ranges section: how they were sampled, and a tornado for each headline result that varies. */
static void md_ranges(const Scenario *s, Buf *out)
{
	char how[96];
	fmt_sampling(s, how, sizeof how);
	buf_printf(out, "\n## Ranges\n\nSome inputs are ranges (a 90%% interval each); every result that depends on one shows "
		   "its value at the inputs' medians and, in brackets, the interval it falls in 9 times in 10 (%s).\n"
		   "Each table below is a tornado: how far the result moves when one input goes from its 5th to its "
		   "95th percentile with the others at their medians, largest first.\n", how);
	bool any = false;
	for (int i = 0; scenario_headline[i]; i++) {
		int q = scenario_find(s, scenario_headline[i]);
		const Summary *r = scenario_range(s, q);
		if (r && r->p5 != r->p95) {
			md_tornado(s, q, out);
			any = true;
		}
	}
	if (!any)
		buf_add(out, "\nNone of the headline results (`peak_qps`, `storage_total`, `egress_peak`, `servers`, "
			     "`cache_memory`, `monthly_cost`) depends on a range here.\n");
}

void report_markdown(const Scenario *s, Buf *out)
{
	char v[96], w[96];
	buf_add(out, "# ");
	md_escape(s->title, out);
	buf_add(out, "\n\n");
	if (s->summary) {
		md_escape(s->summary, out);
		buf_add(out, "\n\n");
	}
	if (s->source || s->difficulty) {
		if (s->source) {
			buf_add(out, "Source: ");
			md_escape(s->source, out);
		}
		if (s->difficulty) {
			buf_add(out, s->source ? " · difficulty: " : "Difficulty: ");
			md_escape(s->difficulty, out);
		}
		buf_add(out, "\n\n");
	}
	buf_add(out, "## Assumptions\n\n| Quantity | Value | From | Meaning or note |\n|---|---|---|---|\n");
	for (size_t i = 0; i < s->nq; i++) {
		const Quantity *q = &s->q[i];
		if (!quantity_listed(q) || !q->input)
			continue;
		fmt_qr(s, (int)i, NULL, v, sizeof v);
		buf_add(out, "| ");
		md_code(q->name, out);
		buf_add(out, " | ");
		md_escape(v, out);
		buf_add(out, " | ");
		buf_add(out, origin_label(q));
		if (q->origin != ORIGIN_DEFAULT && !q->std) {
			buf_add(out, ": ");
			md_code(q->text, out);
		} else if (q->origin != ORIGIN_DEFAULT) {
			buf_add(out, ": ");
			md_code(q->text, out);
		}
		buf_add(out, " | ");
		md_escape(q->note ? q->note : q->std ? q->std->meaning : "", out);
		if (q->unused)
			buf_add(out, " (unused: something downstream was set)");
		buf_add(out, " |\n");
	}
	buf_add(out, "\n## Derivation\n");
	int *order = xmalloc(s->nq * sizeof *order);
	size_t n = scenario_display_order(s, order);
	int shown_sec = -1;
	for (size_t k = 0; k < n; k++) {
		int i = order[k];
		const Quantity *q = &s->q[i];
		if (q->input)
			continue;
		if ((int)q->section != shown_sec)
			buf_printf(out, "\n### %s\n\n| Quantity | Formula | With numbers | Result |\n|---|---|---|---|\n",
				   section_name(q->section));
		shown_sec = (int)q->section;
		fmt_qr(s, (int)i, NULL, v, sizeof v);
		buf_add(out, "| ");
		md_code(q->name, out);
		buf_add(out, " | ");
		md_code(q->formula, out);
		buf_add(out, " | ");
		md_code(q->substituted, out);
		buf_add(out, " | **");
		md_escape(v, out);
		buf_add(out, "**");
		if (q->unused)
			buf_add(out, " (unused)");
		if (q->decides) {
			buf_add(out, " — ");
			md_escape(q->decides, out);
		}
		if (q->note) {
			buf_add(out, " — ");
			md_escape(q->note, out);
		}
		buf_add(out, " |\n");
	}
	free(order);
	if (s->ntiers) {
		buf_add(out, "\n## Availability\n\nTiers in series; each tier's replicas in parallel: `1 - (1 - a)^replicas`.\n\n"
			     "| Tier | Availability | Replicas | Tier availability | Downtime per year |\n|---|---|---|---|---|\n");
		Display pct = {.percent = true};
		for (size_t i = 0; i < s->ntiers; i++) {
			const Tier *t = &s->tiers[i];
			buf_add(out, "| ");
			md_escape(t->name, out);
			units_format(t->availability, DIM_NONE, &pct, NULL, v, sizeof v);
			units_format(t->effective, DIM_NONE, &pct, NULL, w, sizeof w);
			char down[64];
			units_format(t->downtime_per_year, DIM_TIME, NULL, NULL, down, sizeof down);
			buf_printf(out, " | %s | %g | %s | %s |\n", v, t->replicas, w, down);
		}
		char y[64], m[64], sla[64];
		fmt_q(s, s->q_composite, NULL, v, sizeof v);
		fmt_q(s, s->q_comp_down_year, NULL, y, sizeof y);
		fmt_q(s, s->q_comp_down_month, NULL, m, sizeof m);
		fmt_q(s, scenario_find(s, "sla"), NULL, sla, sizeof sla);
		buf_printf(out, "| **Composite** | | | **%s** | **%s** (%s per month) |\n\n", v, y, m);
		buf_printf(out, "The composite %s %s the SLA of %s.\n", v,
			   s->meets_sla ? "meets" : "**misses**", sla);
		if (sla_varies(s)) {
			char pr[32];
			fmt_prob(scenario_p_meets_sla(s), pr, sizeof pr);
			fmt_qr(s, s->q_composite, NULL, v, sizeof v);
			buf_printf(out, "With the ranges the composite is %s: P(meets SLA) = **%s**.\n", v, pr);
		}
	}
	if (s->nhops) {
		buf_add(out, "\n## Latency budget\n\n| Hop | Time |\n|---|---|\n");
		for (size_t i = 0; i < s->nhops; i++) {
			buf_add(out, "| ");
			md_escape(s->hops[i].name, out);
			units_format(s->hops[i].time, DIM_TIME, NULL, NULL, v, sizeof v);
			buf_printf(out, " | %s |\n", v);
		}
		char t[64], m[64];
		fmt_q(s, s->q_total, NULL, v, sizeof v);
		fmt_q(s, s->q_target, NULL, t, sizeof t);
		fmt_q(s, s->q_margin, NULL, m, sizeof m);
		buf_printf(out, "| **Total** | **%s** |\n\nTarget %s, margin %s: %s.\n", v, t, m,
			   s->fits_budget ? "fits" : "**does not fit**");
		if (budget_varies(s)) {
			char pr[32];
			fmt_prob(scenario_p_fits_budget(s), pr, sizeof pr);
			fmt_qr(s, s->q_total, NULL, v, sizeof v);
			buf_printf(out, "With the ranges the total is %s: P(fits budget) = **%s**.\n", v, pr);
		}
	}
	if (s->nchecks) {
		buf_add(out, "\n## Checks against the source\n\n| Quantity | Expected | Computed | Tolerance | Result |\n|---|---|---|---|---|\n");
		for (size_t i = 0; i < s->nchecks; i++) {
			const Check *c = &s->checks[i];
			const Quantity *q = &s->q[c->q];
			units_format(c->expected, q->dim, &q->disp, NULL, v, sizeof v);
			units_format(c->actual, q->dim, &q->disp, NULL, w, sizeof w);
			buf_add(out, "| ");
			md_code(c->name, out);
			buf_add(out, " | ");
			md_escape(v, out);
			buf_add(out, " | ");
			md_escape(w, out);
			if (c->inside) {
				char iv2[200];
				scenario_format_interval(s, c->q, NULL, iv2, sizeof iv2);
				buf_add(out, " | inside the 90% interval ");
				md_escape(iv2[0] ? iv2 : "(no range)", out);
				buf_printf(out, " | %s", c->ok ? "ok" : "**miss**");
			} else
			buf_printf(out, " | ±%g%%%s | %s", c->tolerance * 100,
				   c->on_shortfall ? " of the shortfall (100% − value)" : "", c->ok ? "ok" : "**miss**");
			if (c->note) {
				buf_add(out, " — ");
				md_escape(c->note, out);
			}
			buf_add(out, " |\n");
		}
	}
	bool any_unused = false;
	for (size_t i = 0; i < s->nq; i++)
		if (s->q[i].unused) {
			buf_add(out, any_unused ? ", " : "\nUnused (something downstream was set): ");
			md_code(s->q[i].name, out);
			any_unused = true;
		}
	if (any_unused)
		buf_add(out, ".\n");
	if (scenario_has_ranges(s))
		md_ranges(s, out);
	if (s->notes && s->notes[0]) {
		buf_add(out, "\n## Notes\n\n");
		md_notes(s->notes, out);
	}
}

/* ---- JSON and YAML: one walk, two syntaxes ---- */

typedef struct Emitter {
	Buf *out;
	bool yaml;
	int depth;
	bool first[32];		/* first member at this depth (JSON commas) */
	bool in_list[32];
} Emitter;

static const char em_spaces[64] = "                                                                ";

static void em_indent(Emitter *e)
{
	size_t n = (size_t)e->depth * 2;
	buf_addn(e->out, em_spaces, n < sizeof em_spaces ? n : sizeof em_spaces);
}

/* A YAML key at this depth: on the dash's line for the first of a list item ("- name: ..."), else on its own. */
static void yaml_key(Emitter *e, const char *key, size_t klen)
{
	if (e->out->len && e->out->s[e->out->len - 1] == '-') {
		buf_addc(e->out, ' ');
	} else {
		buf_addc(e->out, '\n');
		em_indent(e);
	}
	buf_addn(e->out, key, klen);
	buf_add(e->out, ":");
	e->first[e->depth] = false;
}

/*
 * em_key and the members with a key are inlined where they are used: the
 * keys are literals there, whose lengths the compiler knows. What follows
 * the key is not (em_str_value...).
 */
#define EM_INLINE static inline __attribute__((always_inline))

EM_INLINE void em_key(Emitter *e, const char *key)
{
	size_t klen = strlen(key);
	if (e->yaml) {
		yaml_key(e, key, klen);
		return;
	}
	/*
	 * ",\n", the indent, "\"key\": " in one piece (a report writes
	 * thousands); keys need no escapes. The indent is copied 32 spaces at a
	 * time, and the room asked for takes them.
	 */
	size_t ind = (size_t)e->depth * 2, need = klen + ind + 6 + 32;
	Buf *b = e->out;
	if (b->cap - b->len <= need)
		buf_grow(b, need);
	char *p = b->s + b->len;
	if (!e->first[e->depth])
		*p++ = ',';
	*p++ = '\n';
	for (size_t done = 0; done < ind; done += 32)
		memcpy(p + done, em_spaces, 32);
	p += ind;
	*p++ = '"';
	memcpy(p, key, klen);
	p += klen;
	memcpy(p, "\": ", 4);
	p += 3;
	b->len = (size_t)(p - b->s);
	e->first[e->depth] = false;
}

static void em_str_value(Emitter *e, const char *v)
{
	if (e->yaml)
		buf_addc(e->out, ' ');
	if (!v)
		buf_add(e->out, "null");
	else if (e->yaml)
		yaml_string(v, e->out);
	else
		json_string(v, e->out);
}

EM_INLINE void em_str(Emitter *e, const char *key, const char *v)
{
	em_key(e, key);
	em_str_value(e, v);
}

/*
 * What follows the key of a word of boe's own (an origin, a section, a base
 * unit): printable ASCII, no quote nor backslash, so JSON takes it as it is.
 */
static void em_word_value(Emitter *e, const char *v, size_t n)
{
	if (e->yaml) {
		em_str_value(e, v);
		return;
	}
	Buf *b = e->out;
	if (b->cap - b->len <= n + 2)
		buf_grow(b, n + 2);
	b->s[b->len] = '"';
	memcpy(b->s + b->len + 1, v, n);
	b->s[b->len + 1 + n] = '"';
	b->len += n + 2;
	b->s[b->len] = '\0';
}

EM_INLINE void em_word(Emitter *e, const char *key, const char *v)
{
	em_key(e, key);
	em_word_value(e, v, strlen(v));
}

/* What follows a number's key: the number, as num_exact wrote it. */
static void em_num_value(Emitter *e, const char *n)
{
	if (e->yaml)
		buf_addc(e->out, ' ');
	buf_add(e->out, n);
}

EM_INLINE void em_num(Emitter *e, const char *key, double v)
{
	char n[64];
	num_exact(v, n, sizeof n);
	em_key(e, key);
	em_num_value(e, n);
}

EM_INLINE void em_bool(Emitter *e, const char *key, bool v)
{
	em_key(e, key);
	buf_add(e->out, e->yaml ? (v ? " true" : " false") : (v ? "true" : "false"));
}

static void em_open(Emitter *e, const char *key, bool list)
{
	if (key)
		em_key(e, key);
	if (!e->yaml)
		buf_addc(e->out, list ? '[' : '{');
	e->depth++;
	e->first[e->depth] = true;
	e->in_list[e->depth] = list;
}

static void em_close(Emitter *e, bool list)
{
	bool empty = e->first[e->depth];
	e->depth--;
	if (e->yaml) {
		if (empty)
			buf_add(e->out, list ? " []" : " {}");
		return;
	}
	if (!empty) {
		buf_addc(e->out, '\n');
		em_indent(e);
	}
	buf_addc(e->out, list ? ']' : '}');
}

/* Starts an object inside a list. */
static void em_item(Emitter *e)
{
	if (e->yaml) {
		buf_addc(e->out, '\n');
		em_indent(e);
		buf_add(e->out, "-");
		e->first[e->depth] = false;
		e->depth++;
		e->first[e->depth] = true;
		e->in_list[e->depth] = false;
		return;
	}
	if (!e->first[e->depth])
		buf_addc(e->out, ',');
	buf_addc(e->out, '\n');
	em_indent(e);
	buf_addc(e->out, '{');
	e->first[e->depth] = false;
	e->depth++;
	e->first[e->depth] = true;
	e->in_list[e->depth] = false;
}

static void em_item_str(Emitter *e, const char *v)
{
	if (e->yaml) {
		buf_addc(e->out, '\n');
		em_indent(e);
		buf_add(e->out, "- ");
		yaml_string(v, e->out);
	} else {
		if (!e->first[e->depth])
			buf_addc(e->out, ',');
		buf_add(e->out, e->first[e->depth] ? " " : " ");
		json_string(v, e->out);
	}
	e->first[e->depth] = false;
}

static void em_item_close(Emitter *e)
{
	if (e->yaml) {
		e->depth--;
		return;
	}
	em_close(e, false);
}

/* "range": {p5, p50, p95, mean} in base units, when there is one. */
static void em_range(Emitter *e, const Summary *r)
{
	if (!r)
		return;
	em_open(e, "range", false);
	em_num(e, "p5", r->p5);
	em_num(e, "p50", r->p50);
	em_num(e, "p95", r->p95);
	em_num(e, "mean", r->mean);
	em_close(e, false);
}

static void emit_scenario(Emitter *e, const Scenario *s)
{
	char unit[48] = "";
	Dim unit_dim = {127, 127, 127}; /* the dimension unit is for: none yet */
	em_str(e, "name", s->name);
	em_str(e, "title", s->title);
	if (s->difficulty)
		em_str(e, "difficulty", s->difficulty);
	if (s->source)
		em_str(e, "source", s->source);
	if (s->summary)
		em_str(e, "summary", s->summary);
	if (scenario_has_ranges(s)) {
		em_num(e, "samples", (double)scenario_sample_count(s));
		em_num(e, "seed", (double)scenario_seed(s));
	}
	em_open(e, "quantities", false);
	for (size_t i = 0; i < s->nq; i++) {
		const Quantity *q = &s->q[i];
		if (!quantity_listed(q))
			continue;
		em_open(e, q->name, false);
		em_num(e, "value", scenario_value(s, (int)i));
		if (!dim_eq(q->dim, unit_dim)) { /* (quantities in a row often have one) */
			dim_base_unit(q->dim, unit, sizeof unit);
			unit_dim = q->dim;
		}
		em_word(e, "unit", unit);
		em_str(e, "display", scenario_shown(s, (int)i)); /* as fmt_q gives it with no preferences */
		em_word(e, "origin", origin_name(q->origin));
		em_word(e, "section", section_name(q->section));
		em_str(e, "formula", q->text);
		em_str(e, "explain", scenario_explanation(s, (int)i));
		if (q->note)
			em_str(e, "note", q->note);
		em_range(e, scenario_range(s, (int)i));
		em_close(e, false);
	}
	em_close(e, false);
	if (s->ntiers) {
		em_open(e, "availability", false);
		em_num(e, "composite", scenario_value(s, s->q_composite));
		em_num(e, "downtime_per_year_s", scenario_value(s, s->q_comp_down_year));
		em_num(e, "downtime_per_month_s", scenario_value(s, s->q_comp_down_month));
		em_bool(e, "meets_sla", s->meets_sla);
		if (!isnan(scenario_p_meets_sla(s))) {
			em_num(e, "p_meets_sla", scenario_p_meets_sla(s));
			em_range(e, scenario_range(s, s->q_composite));
		}
		em_open(e, "tiers", true);
		for (size_t i = 0; i < s->ntiers; i++) {
			const Tier *t = &s->tiers[i];
			em_item(e);
			em_str(e, "name", t->name);
			em_num(e, "availability", t->availability);
			em_num(e, "replicas", t->replicas);
			em_num(e, "effective", t->effective);
			em_num(e, "downtime_per_year_s", t->downtime_per_year);
			em_item_close(e);
		}
		em_close(e, true);
		em_close(e, false);
	}
	if (s->nhops) {
		em_open(e, "latency_budget", false);
		em_num(e, "target_s", scenario_value(s, s->q_target));
		em_num(e, "total_s", scenario_value(s, s->q_total));
		em_num(e, "margin_s", scenario_value(s, s->q_margin));
		em_bool(e, "fits", s->fits_budget);
		if (!isnan(scenario_p_fits_budget(s))) {
			em_num(e, "p_fits", scenario_p_fits_budget(s));
			em_range(e, scenario_range(s, s->q_total));
		}
		em_open(e, "hops", true);
		for (size_t i = 0; i < s->nhops; i++) {
			em_item(e);
			em_str(e, "name", s->hops[i].name);
			em_num(e, "time_s", s->hops[i].time);
			em_item_close(e);
		}
		em_close(e, true);
		em_close(e, false);
	}
	em_open(e, "checks", true);
	for (size_t i = 0; i < s->nchecks; i++) {
		const Check *c = &s->checks[i];
		em_item(e);
		em_str(e, "name", c->name);
		em_num(e, "expected", c->expected);
		em_num(e, "actual", c->actual);
		em_num(e, "tolerance", c->tolerance);
		if (c->inside) {
			em_bool(e, "inside", true);
			em_num(e, "p5", c->lo);
			em_num(e, "p95", c->hi);
		}
		em_bool(e, "ok", c->ok);
		em_item_close(e);
	}
	em_close(e, true);
	em_open(e, "unused", true);
	for (size_t i = 0; i < s->nq; i++)
		if (s->q[i].unused)
			em_item_str(e, s->q[i].name);
	em_close(e, true);
}

/* ---- tornados ---- */

static void text_tornado(const Scenario *s, int q, const DisplayPrefs *prefs, Buf *out)
{
	const Quantity *qq = &s->q[q];
	char v[200], how[96];
	fmt_qr(s, q, prefs, v, sizeof v);
	if (!scenario_has_ranges(s)) {
		buf_printf(out, "%s = %s in %s: no value is a range, so nothing moves it (write LO..HI, e.g. --set peak_factor=2..5)\n",
			   qq->name, v, s->name);
		return;
	}
	fmt_sampling(s, how, sizeof how);
	buf_printf(out, "Sensitivity of %s in %s: %s (%s)\n", qq->name, s->name, v, how);
	SensRow *rows;
	size_t n = scenario_sensitivity(s, q, &rows);
	char (*cell)[4][200] = xcalloc(n + 1, sizeof *cell);
	char hq[160];
	snprintf(hq, sizeof hq, "%s at 5%% → 95%%", qq->name);
	const char *head[4] = {"input", "input 5% → 95%", hq, "swing"};
	size_t w[4];
	for (int c = 0; c < 4; c++)
		w[c] = utf8_width(head[c]);
	double maxswing = 0;
	for (size_t i = 0; i < n; i++) {
		const SensRow *r = &rows[i];
		const Quantity *in = &s->q[r->q];
		char a[64], b[64];
		char *label = text_sanitize(r->label, 0);
		snprintf(cell[i][0], sizeof cell[i][0], "%s", label);
		free(label);
		units_format(r->in_lo, in->dim, &in->disp, prefs, a, sizeof a);
		units_format(r->in_hi, in->dim, &in->disp, prefs, b, sizeof b);
		snprintf(cell[i][1], sizeof cell[i][1], "%s → %s", a, b);
		units_format(r->out_lo, qq->dim, &qq->disp, prefs, a, sizeof a);
		units_format(r->out_hi, qq->dim, &qq->disp, prefs, b, sizeof b);
		snprintf(cell[i][2], sizeof cell[i][2], "%s → %s", a, b);
		units_format(r->swing, qq->dim, &qq->disp, prefs, cell[i][3], sizeof cell[i][3]);
		for (int c = 0; c < 4; c++)
			if (utf8_width(cell[i][c]) > w[c])
				w[c] = utf8_width(cell[i][c]);
		maxswing = r->swing > maxswing ? r->swing : maxswing;
	}
	buf_add(out, " ");
	for (int c = 0; c < 4; c++) {
		buf_printf(out, " %s", head[c]);
		buf_pad(out, w[c] + 2, utf8_width(head[c]));
	}
	buf_add(out, "share\n");
	for (size_t i = 0; i < n; i++) {
		buf_add(out, " ");
		for (int c = 0; c < 4; c++) {
			buf_printf(out, " %s", cell[i][c]);
			buf_pad(out, w[c] + 2, utf8_width(cell[i][c]));
		}
		char pr[32];
		fmt_prob(rows[i].share, pr, sizeof pr);
		buf_pad(out, 5, utf8_width(pr));
		buf_add(out, pr);
		int bar = maxswing > 0 ? (int)lround(rows[i].swing / maxswing * 30) : 0;
		if (bar > 0)
			buf_add(out, "  ");
		for (int k = 0; k < bar; k++)
			buf_addc(out, '#');
		buf_addc(out, '\n');
	}
	free(cell);
	free(rows);
}

static void emit_tornado(Emitter *e, const Scenario *s, int q)
{
	const Quantity *qq = &s->q[q];
	char unit[48];
	em_str(e, "scenario", s->name);
	em_str(e, "name", qq->name);
	em_num(e, "value", scenario_value(s, q));
	dim_base_unit(qq->dim, unit, sizeof unit);
	em_str(e, "unit", unit);
	em_range(e, scenario_range(s, q));
	if (scenario_has_ranges(s)) {
		em_num(e, "samples", (double)scenario_sample_count(s));
		em_num(e, "seed", (double)scenario_seed(s));
	}
	SensRow *rows;
	size_t n = scenario_sensitivity(s, q, &rows);
	em_open(e, "inputs", true);
	for (size_t i = 0; i < n; i++) {
		em_item(e);
		em_str(e, "input", rows[i].label);
		em_str(e, "quantity", s->q[rows[i].q].name);
		em_num(e, "input_p5", rows[i].in_lo);
		em_num(e, "input_p95", rows[i].in_hi);
		em_num(e, "at_p5", rows[i].out_lo);
		em_num(e, "at_p95", rows[i].out_hi);
		em_num(e, "swing", rows[i].swing);
		em_num(e, "share", rows[i].share);
		em_item_close(e);
	}
	em_close(e, true);
	free(rows);
}

void report_tornados(Scenario *const *list, const int *qs, size_t n, ReportFormat f,
		     const DisplayPrefs *prefs, Buf *out)
{
	if (f == REPORT_JSON || f == REPORT_YAML) {
		Emitter e = {.out = out, .yaml = f == REPORT_YAML};
		e.first[0] = true;
		if (!e.yaml) {
			buf_addc(out, '{');
			e.depth = 1;
			e.first[1] = true;
		}
		em_num(&e, "boe", BOE_SCHEMA_VERSION);
		em_open(&e, "sensitivity", true);
		for (size_t i = 0; i < n; i++) {
			em_item(&e);
			emit_tornado(&e, list[i], qs[i]);
			em_item_close(&e);
		}
		em_close(&e, true);
		if (!e.yaml)
			buf_add(out, "\n}");
		buf_addc(out, '\n');
		if (e.yaml && out->len && out->s[0] == '\n') {
			memmove(out->s, out->s + 1, out->len);
			out->len--;
		}
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(out, '\n');
		if (f == REPORT_MARKDOWN) {
			if (scenario_has_ranges(list[i]))
				md_tornado(list[i], qs[i], out);
			else
				text_tornado(list[i], qs[i], NULL, out);
		} else {
			text_tornado(list[i], qs[i], prefs, out);
		}
	}
}

/* Hands what out holds to the sink (when there is one) and empties it. */
static void flush(Buf *out, ReportSink sink, void *ctx)
{
	if (!sink || !out->len)
		return;
	sink(ctx, out->s, out->len);
	buf_clear(out);
}

/*
 * The report of several scenarios is its head, each scenario's part and its
 * tail. The parts depend only on their scenario and on whether it comes
 * first, so they are written on several threads (parallel_for), and each
 * goes out as soon as those before it have: the same bytes as one after the
 * other, with only the parts finished early waiting (not the whole report).
 */
typedef struct Parts {
	Scenario *const *list;
	ReportFormat f;
	const DisplayPrefs *prefs;
	Buf *out;
	ReportSink sink;
	void *ctx;
	pthread_mutex_t lock;	/* over what follows */
	Buf *done;		/* a finished part waiting for those before it */
	size_t next;		/* the first part not out yet */
} Parts;

/* Part i is finished: out it goes, and every waiting part after it; or it waits. */
static void part_done(Parts *p, size_t i, Buf *part)
{
	pthread_mutex_lock(&p->lock);
	p->done[i] = *part;
	while (p->done[p->next].s) {
		Buf *b = &p->done[p->next];
		if (p->sink)
			p->sink(p->ctx, b->s, b->len);
		else
			buf_addn(p->out, b->s, b->len);
		buf_free(b);
		p->next++;
	}
	pthread_mutex_unlock(&p->lock);
}

/* Scenario s's part as the first (a later one has report_part_separator before it). */
static void part_body(const Scenario *s, ReportFormat f, const DisplayPrefs *prefs, Buf *out)
{
	switch (f) {
	case REPORT_TEXT:
		report_text(s, prefs, out);
		break;
	case REPORT_MARKDOWN:
		report_markdown(s, out);
		break;
	case REPORT_JSON:
	case REPORT_YAML: {
		/* an item of the root's "scenarios" list */
		bool yaml = f == REPORT_YAML;
		Emitter e = {.out = out, .yaml = yaml, .depth = yaml ? 1 : 2};
		e.first[e.depth] = true;
		e.in_list[e.depth] = true;
		em_item(&e);
		emit_scenario(&e, s);
		em_item_close(&e);
		break;
	}
	case REPORT_HTML:
		break;
	}
}

const char *report_part_separator(ReportFormat f)
{
	return f == REPORT_TEXT ? "\n\n" : f == REPORT_MARKDOWN ? "\n---\n\n" : f == REPORT_JSON ? "," : "";
}

void report_part(Scenario *s, ReportFormat f, const DisplayPrefs *prefs, Buf *out)
{
	scenario_explain(s); /* when the command that computed it skipped them */
	part_body(s, f, prefs, out);
}

static void write_part(void *ctx, size_t i)
{
	Parts *p = ctx;
	/* written here, not in p->done: neighbouring parts' Bufs share a cache line */
	Buf part = {0}, *out = &part;
	/* 32 KB at once, room for a preset's report in any format (20-28 KB in JSON); an empty part is then finished too */
	buf_grow(out, (32 << 10) - 1);
	if (i)
		buf_add(out, report_part_separator(p->f));
	report_part(p->list[i], p->f, p->prefs, out);
	part_done(p, i, &part);
}

/* The root up to its list of scenarios: "boe": 1, "scenarios": [ */
static void structured_head(bool yaml, Buf *out)
{
	Emitter e = {.out = out, .yaml = yaml};
	e.first[0] = true;
	if (!yaml) {
		buf_addc(out, '{');
		e.depth = 1; /* members of the root object are indented */
		e.first[1] = true;
	}
	em_num(&e, "boe", BOE_SCHEMA_VERSION);
	em_open(&e, "scenarios", true);
	if (yaml && out->len && out->s[0] == '\n') {
		/* the emitter opens every key on a new line; drop the very first */
		memmove(out->s, out->s + 1, out->len);
		out->len--;
	}
}

/* The root after its n scenarios: the list closed, as the emitter left it after its items. */
static void structured_tail(bool yaml, size_t n, Buf *out)
{
	Emitter e = {.out = out, .yaml = yaml, .depth = yaml ? 1 : 2};
	e.first[e.depth] = n == 0;
	e.in_list[e.depth] = true;
	em_close(&e, true);
	if (!yaml)
		buf_add(out, "\n}");
	buf_addc(out, '\n');
}

void report_head(ReportFormat f, Buf *out)
{
	if (f == REPORT_JSON || f == REPORT_YAML)
		structured_head(f == REPORT_YAML, out);
}

void report_tail(ReportFormat f, size_t n, Buf *out)
{
	if (f == REPORT_JSON || f == REPORT_YAML)
		structured_tail(f == REPORT_YAML, n, out);
}

static void write_report(Scenario *const *list, size_t n, ReportFormat f, const DisplayPrefs *prefs,
			 Buf *out, ReportSink sink, void *ctx)
{
	if (f == REPORT_HTML) {
		for (size_t i = 0; i < n; i++)
			scenario_explain(list[i]);
		report_html(list, n, out); /* one page: it cannot be streamed a scenario at a time */
		flush(out, sink, ctx);
		return;
	}
	report_head(f, out);
	flush(out, sink, ctx);
	/* each part goes to the sink as it is, not through out */
	Parts p = {list, f, prefs, out, sink, ctx, PTHREAD_MUTEX_INITIALIZER, xcalloc(n + 1, sizeof(Buf)), 0};
	parallel_for(n, write_part, &p);
	free(p.done);
	pthread_mutex_destroy(&p.lock);
	report_tail(f, n, out);
	flush(out, sink, ctx);
}

void report_write(Scenario *const *list, size_t n, ReportFormat f, const DisplayPrefs *prefs, Buf *out)
{
	write_report(list, n, f, prefs, out, NULL, NULL);
}

void report_stream(Scenario *const *list, size_t n, ReportFormat f, const DisplayPrefs *prefs,
		   ReportSink sink, void *ctx)
{
	Buf out = {0};
	write_report(list, n, f, prefs, &out, sink, ctx);
	buf_free(&out);
}

/* ---- the scenario as a file ---- */

/*
 * Whether a literal block scalar reads back as exactly text: only printable
 * characters besides newlines and tabs (a lone CR would be a line break, a
 * control character an error), and at most one final newline (the clip
 * chomping keeps one).
 */
static bool block_reads_back(const char *text)
{
	size_t len = strlen(text);
	if (len >= 2 && text[len - 1] == '\n' && text[len - 2] == '\n')
		return false;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7F ||
		    (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) || (*p == 0xEF && p[1] == 0xBB && p[2] == 0xBF))
			return false;
	return true;
}

static void yaml_block(const char *key, const char *text, Buf *out)
{
	if (!strchr(text, '\n') || !block_reads_back(text)) {
		buf_printf(out, "%s: ", key);
		yaml_string(text, out);
		buf_addc(out, '\n');
		return;
	}
	size_t len = strlen(text);
	bool nl = len && text[len - 1] == '\n';
	buf_printf(out, "%s: |2%s\n", key, nl ? "" : "-");
	const char *p = text;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l)
			buf_add(out, "  ");
		buf_addn(out, p, l);
		buf_addc(out, '\n');
		p += l + (e ? 1 : 0);
	}
}

static void yaml_value(const Quantity *q, bool with_display, Buf *out)
{
	bool disp = with_display && q->disp.fixed_name[0];
	if (!q->note && !disp && !q->ask && !q->told && !q->skill) {
		yaml_string(q->text, out);
		return;
	}
	buf_add(out, "{ value: ");
	yaml_string(q->text, out);
	const struct { const char *key, *text; } more[] = {
		{"note", q->note}, {"display", disp ? q->disp.fixed_name : NULL},
		{"ask", q->ask}, {"told", q->told}, {"skill", q->skill},
	};
	for (size_t i = 0; i < ARRAY_LEN(more); i++)
		if (more[i].text) {
			buf_printf(out, ", %s: ", more[i].key);
			yaml_string(more[i].text, out);
		}
	buf_add(out, " }");
}

void report_markdown_baseline(const Scenario *s, const Scenario *base, Buf *out)
{
	buf_add(out, "\n## Against the file\n\n");
	int *order = xmalloc(s->nq * sizeof *order);
	size_t n = scenario_display_order(s, order);
	size_t rows = 0;
	for (size_t k = 0; k < n; k++) {
		const Quantity *q = &s->q[order[k]];
		int b = scenario_find(base, q->name);
		double bv = b >= 0 ? base->q[b].value : NAN;
		char ch[32];
		compare_short_text(bv, q->value, ch, sizeof ch);
		if (strcmp(ch, "=") == 0)
			continue;
		if (rows++ == 0)
			buf_add(out, "| quantity | in the file | now | change |\n|---|---|---|---|\n");
		char now[96], was[96] = "-";
		scenario_format_value(s, order[k], NULL, now, sizeof now);
		if (b >= 0)
			scenario_format_value(base, b, NULL, was, sizeof was);
		buf_add(out, "| ");
		md_code(q->name, out);
		buf_printf(out, " | %s | %s | %s |\n", was, now, ch);
	}
	if (rows == 0)
		buf_add(out, "Every value is as the file has it.\n");
	free(order);
}

void report_scenario_file(const Scenario *s, Buf *out)
{
	buf_add(out, "boe: 1\n");
	buf_printf(out, "name: %s\n", s->name);
	yaml_block("title", s->title, out);
	if (s->difficulty)
		buf_printf(out, "difficulty: %s\n", s->difficulty);
	if (s->source)
		yaml_block("source", s->source, out);
	if (s->summary)
		yaml_block("summary", s->summary, out);
	if (s->notes)
		yaml_block("notes", s->notes, out);
	bool any = false;
	for (size_t i = 0; i < s->nq; i++) {
		const Quantity *q = &s->q[i];
		if (!q->std || (q->origin != ORIGIN_SET && q->origin != ORIGIN_OVERRIDE))
			continue;
		if (!any)
			buf_add(out, "set:\n");
		any = true;
		buf_printf(out, "  %s: ", q->name);
		yaml_value(q, false, out);
		buf_addc(out, '\n');
	}
	any = false;
	for (size_t i = 0; i < s->nq; i++) {
		const Quantity *q = &s->q[i];
		if (q->std || q->hidden || q->block)
			continue;
		if (!any)
			buf_add(out, "define:\n");
		any = true;
		buf_printf(out, "  %s: ", q->name);
		yaml_value(q, true, out);
		buf_addc(out, '\n');
	}
	if (s->nchecks) {
		buf_add(out, "expect:\n");
		for (size_t i = 0; i < s->nchecks; i++) {
			const Check *c = &s->checks[i];
			char tol[64];
			num_exact(c->tolerance * 100, tol, sizeof tol);
			buf_printf(out, "  %s: { value: ", c->name);
			yaml_string(c->text, out);
			buf_printf(out, ", tolerance: \"%s%%\"", tol);
			if (c->note) {
				buf_add(out, ", note: ");
				yaml_string(c->note, out);
			}
			buf_add(out, " }\n");
		}
	}
	if (s->ntiers) {
		buf_add(out, "availability:\n  tiers:\n");
		for (size_t i = 0; i < s->ntiers; i++) {
			const Tier *t = &s->tiers[i];
			buf_add(out, "    - { name: ");
			yaml_string(t->name, out);
			buf_add(out, ", availability: ");
			yaml_string(s->q[t->q_avail].text, out);
			buf_add(out, ", replicas: ");
			yaml_string(s->q[t->q_replicas].text, out);
			buf_add(out, " }\n");
		}
	}
	if (s->shape_set)
		buf_printf(out, "traffic:\n  shape: %s\n", traffic_shape_name(s->shape));
	if (s->ndrill_skip) {
		buf_add(out, "drill:\n  skip: [");
		for (size_t i = 0; i < s->ndrill_skip; i++)
			buf_printf(out, "%s%s", i ? ", " : "", s->drill_skip[i]);
		buf_add(out, "]\n");
	}
	if (s->nhops) {
		buf_add(out, "latency_budget:\n  target: ");
		yaml_string(s->q[s->q_target].text, out);
		buf_add(out, "\n  hops:\n");
		for (size_t i = 0; i < s->nhops; i++) {
			buf_add(out, "    - { name: ");
			yaml_string(s->hops[i].name, out);
			buf_add(out, ", time: ");
			yaml_string(s->q[s->hops[i].q_time].text, out);
			buf_add(out, " }\n");
		}
	}
}

/* ---- the standard table ---- */

void report_quantities(ReportFormat f, Buf *out)
{
	size_t n;
	const StdQuantity *t = std_quantities(&n);
	if (f == REPORT_MARKDOWN) {
		buf_add(out, "# Standard quantities\n\n"
			     "Every scenario has these. Inputs have a value; derived quantities a formula. "
			     "`set:` in a scenario file (or `--set`) replaces either. "
			     "This page is generated by `boe quantities --format markdown`.\n");
		for (int sec = 0; sec < SEC_DEFINED; sec++) {
			buf_printf(out, "\n## %s\n\n| Name | Unit | Default | Meaning |\n|---|---|---|---|\n",
				   section_name((Section)sec));
			for (size_t i = 0; i < n; i++) {
				if ((int)t[i].section != sec)
					continue;
				buf_add(out, "| ");
				md_code(t[i].name, out);
				buf_printf(out, " | %s | ", t[i].unit);
				md_code(t[i].def, out);
				buf_add(out, " | ");
				md_escape(t[i].meaning, out);
				buf_add(out, " |\n");
			}
		}
		return;
	}
	if (f == REPORT_JSON || f == REPORT_YAML) {
		Emitter e = {.out = out, .yaml = f == REPORT_YAML};
		e.first[0] = true;
		if (!e.yaml)
			buf_addc(out, '{');
		em_open(&e, "quantities", true);
		for (size_t i = 0; i < n; i++) {
			em_item(&e);
			em_str(&e, "name", t[i].name);
			em_str(&e, "unit", t[i].unit);
			em_str(&e, "section", section_name(t[i].section));
			em_str(&e, "default", t[i].def);
			em_str(&e, "meaning", t[i].meaning);
			em_item_close(&e);
		}
		em_close(&e, true);
		buf_add(out, e.yaml ? "\n" : "\n}\n");
		if (e.yaml && out->s[0] == '\n') {
			memmove(out->s, out->s + 1, out->len);
			out->len--;
		}
		return;
	}
	size_t nw = 0, uw = 0, dw = 0;
	for (size_t i = 0; i < n; i++) {
		nw = strlen(t[i].name) > nw ? strlen(t[i].name) : nw;
		uw = strlen(t[i].unit) > uw ? strlen(t[i].unit) : uw;
		dw = utf8_width(t[i].def) > dw && utf8_width(t[i].def) < 48 ? utf8_width(t[i].def) : dw;
	}
	for (int sec = 0; sec < SEC_DEFINED; sec++) {
		buf_printf(out, "%s%s\n", sec ? "\n" : "", section_name((Section)sec));
		for (size_t i = 0; i < n; i++) {
			if ((int)t[i].section != sec)
				continue;
			buf_printf(out, "  %s", t[i].name);
			buf_pad(out, nw + 2, strlen(t[i].name));
			buf_add(out, t[i].unit);
			buf_pad(out, uw + 2, strlen(t[i].unit));
			buf_add(out, t[i].def);
			if (utf8_width(t[i].def) >= 48)
				buf_printf(out, "\n  %*s", (int)(nw + uw + 4 + dw), "");
			else
				buf_pad(out, dw + 2, utf8_width(t[i].def));
			buf_printf(out, "%s\n", t[i].meaning);
		}
	}
}
