/*
 * The mock interview's estimation phase and the Part 33 sheet (boe/mock.h).
 * The inputs are the drill's givens that a candidate states (the
 * availability tiers and latency hops are the design's, not the estimate's,
 * and stay as the preset has them); the estimates are a drill built on a
 * copy of the scenario with the stated figures put in, so that grading is
 * against the candidate's own chain. Plausibility uses the guide's ranges
 * (Part 3, 6, 7) and the preset's figure.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boe/answer.h"
#include "boe/date.h"
#include "boe/expr.h"
#include "boe/fileio.h"
#include "boe/grade.h"
#include "boe/json.h"
#include "boe/mock.h"
#include "boe/preset.h"
#include "boe/report.h"

#define TOLD_TOL 0.10		/* a told figure restated within 10% is the scope's */
#define FAR_FACTOR 3.0		/* without a guide range: plausible within 3× of the preset's figure */
#define SHEETS_MAX (16u * 1024 * 1024)

/* The guide's ranges as numbers (base units), for the inputs it gives one for. */
static const struct {
	const char *name;
	double lo, hi;
	const char *words;
} ranges[] = {
	{"peak_factor", 2, 5, "2–5×"},
	{"replication", 2, 5, "3 copies (2–5)"},
	{"storage_overhead", 1, 2, "1–2× (+30–50% for indexes, 2× with backups)"},
	{"cdn_hit_ratio", 0.80, 0.95, "80–95%"},
	{"cache_hit_ratio", 0.80, 0.90, "80–90%"},
	{"server_rps", 500, 2000, "500–2,000 RPS for light JSON"},
	{"spare_servers", 1, 2, "N+1"},
	{"hot_fraction", 0.1, 0.3, "the 80/20 rule: about 20%"},
	{"target_utilization", 0.5, 0.8, "50–80%"},
};

struct Mock {
	Scenario *s;		/* the preset, computed (the candidate's figures go into a copy) */
	char *preset, *title, *scope;
	MockInput *in;
	size_t nin, cur;
	MockOptions o;
	double start;		/* clock at the first input, -1 before */
	bool time_up;
	Drill *drill;
};

static double mock_now(const Mock *m)
{
	return m->o.clock ? m->o.clock(m->o.clock_ctx) : now_seconds();
}

static char *name_words(const char *name)
{
	char *w = xstrdup(name[0] == '_' ? name + 1 : name);
	for (char *p = w; *p; p++)
		if (*p == '_')
			*p = ' ';
	return w;
}

/* The unit a told figure is written in ("100M / month" -> "/month"), or "" when it has none. */
static char *written_unit(const char *text)
{
	const char *p = text;
	while (*p == ' ' || *p == '~')
		p++;
	while ((*p >= '0' && *p <= '9') || *p == '.' || *p == ',' || *p == '_')
		p++;
	if (*p && strchr("KMBT", *p) && (p[1] == '\0' || p[1] == ' ' || p[1] == '/'))
		p++;
	Buf b = {0};
	for (; *p; p++)
		if (*p != ' ')
			buf_addc(&b, *p);
	return b.s ? buf_take(&b) : xstrdup("");
}

/* The unit an input is asked in: as the file writes it, else as boe shows it. */
static void input_unit(const Scenario *s, int qi, MockInput *in)
{
	const Quantity *q = &s->q[qi];
	char *u = NULL;
	double f;
	Dim d;
	if (q->text && q->origin != ORIGIN_DEFAULT) {
		u = written_unit(q->text);
		if (!answer_unit_value(u, &f, &d) || !dim_eq(d, q->dim)) {
			free(u);
			u = NULL;
		}
	}
	if (!u) {
		char num[64], unit[64];
		units_format_parts(q->value, q->dim, &q->disp, NULL, num, sizeof num, unit, sizeof unit);
		u = xstrdup(unit);
		if (!answer_unit_value(u, &f, &d) || !dim_eq(d, q->dim)) {
			free(u);
			u = xstrdup("");
			f = 1;
		}
	}
	in->unit = u;
	in->unit_factor = f;
	in->unit_phrase = answer_unit_phrase(u);
}

static void add_input(Mock *m, const Scenario *s, int qi)
{
	const Quantity *q = &s->q[qi];
	MockInput *in = &m->in[m->nin++];
	memset(in, 0, sizeof *in);
	in->name = xstrdup(q->name);
	const char *label = drill_input_label(q->name);
	in->label = label ? xstrdup(label) : name_words(q->name);
	in->dim = q->dim;
	in->disp = q->disp;
	in->preset_value = in->value = q->value;
	char v[128];
	scenario_format_value(s, qi, NULL, v, sizeof v);
	in->preset_text = text_sanitize(q->origin == ORIGIN_DEFAULT || !q->text ? v : q->text, 0);
	in->told = q->told ? text_sanitize(q->told, 0) : NULL;
	in->lo = 1;
	in->hi = 0;
	for (size_t i = 0; i < ARRAY_LEN(ranges); i++)
		if (strcmp(ranges[i].name, q->name) == 0) {
			in->lo = ranges[i].lo;
			in->hi = ranges[i].hi;
			in->range = xstrdup(ranges[i].words);
		}
	if (!in->range && drill_input_range(q->name))
		in->range = xstrdup(drill_input_range(q->name));
	input_unit(s, qi, in);
}

Mock *mock_new(const Scenario *s, const MockOptions *o, BoeError *err)
{
	DrillOptions dopt = {.estimates_only = true, .skill_only = o->skill_only, .skill = o->skill};
	Drill *probe = drill_new(s, &dopt, err);
	if (!probe)
		return NULL;
	Mock *m = xcalloc(1, sizeof *m);
	m->o = *o;
	if (!(m->o.limit > 0))
		m->o.limit = MOCK_DEFAULT_LIMIT;
	m->start = -1;
	m->preset = xstrdup(drill_preset(probe));
	m->title = xstrdup(drill_title(probe));
	m->scope = xstrdup(drill_summary(probe));
	size_t ng;
	const DrillGiven *g = drill_givens(probe, &ng);
	m->in = xcalloc(ng + 1, sizeof *m->in);
	for (size_t i = 0; i < ng; i++) {
		int qi = scenario_find(s, g[i].name);
		if (qi < 0 || s->q[qi].hidden || s->q[qi].block || !s->q[qi].input)
			continue;	/* a tier, a hop: the design's, kept as the preset has it */
		add_input(m, s, qi);
	}
	drill_free(probe);
	/* a copy to put the candidate's figures into */
	m->s = scenario_load_string(s->src_text ? s->src_text : "", s->src_len, s->path ? s->path : "mock",
				    err);
	if (m->s && !scenario_compute(m->s, err)) {
		scenario_free(m->s);
		m->s = NULL;
	}
	if (!m->s) {
		mock_free(m);
		return NULL;
	}
	return m;
}

void mock_free(Mock *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nin; i++) {
		MockInput *in = &m->in[i];
		free(in->name);
		free(in->label);
		free(in->unit);
		free(in->unit_phrase);
		free(in->preset_text);
		free(in->told);
		free(in->range);
		free(in->answer);
	}
	free(m->in);
	free(m->preset);
	free(m->title);
	free(m->scope);
	scenario_free(m->s);
	drill_free(m->drill);
	free(m);
}

const char *mock_preset(const Mock *m) { return m->preset; }
const char *mock_title(const Mock *m) { return m->title; }
const char *mock_scope(const Mock *m) { return m->scope; }
double mock_limit(const Mock *m) { return m->o.limit; }
size_t mock_ninputs(const Mock *m) { return m->nin; }
const MockInput *mock_input(const Mock *m, size_t i) { return i < m->nin ? &m->in[i] : NULL; }

double mock_elapsed(const Mock *m)
{
	return m->start < 0 ? 0 : mock_now(m) - m->start;
}

double mock_time_left(const Mock *m)
{
	double left = m->o.limit - mock_elapsed(m);
	return left > 0 ? left : 0;
}

const MockInput *mock_next_input(Mock *m)
{
	if (m->start < 0)
		m->start = mock_now(m);
	if (m->cur >= m->nin)
		return NULL;
	if (mock_time_left(m) <= 0) {
		m->time_up = true;
		return NULL;
	}
	return &m->in[m->cur];
}

char *mock_range(const Mock *m)
{
	if (m->cur >= m->nin)
		return xstrdup("");
	const MockInput *in = &m->in[m->cur];
	Buf b = {0};
	if (in->told)
		buf_printf(&b, "the scope says: %s", in->told);
	else if (in->range)
		buf_printf(&b, "the guide's usual range: %s; the preset says %s", in->range, in->preset_text);
	else
		buf_printf(&b, "no range in the guide; the preset says %s", in->preset_text);
	return buf_take(&b);
}

static void format_in(const MockInput *in, double v, char *out, size_t n)
{
	units_format(v, in->dim, &in->disp, NULL, out, n);
}

/* The verdict on value v for input in, with its note. */
static void judge(MockInput *in, double v)
{
	char said[64], preset[64];
	format_in(in, v, said, sizeof said);
	format_in(in, in->preset_value, preset, sizeof preset);
	double pv = in->preset_value;
	bool as_preset = pv == 0 ? v == 0 : fabs(v - pv) <= TOLD_TOL * fabs(pv);
	if (in->told) {
		in->verdict = as_preset ? MOCK_PLAUSIBLE : MOCK_IMPLAUSIBLE;
		snprintf(in->note, sizeof in->note, as_preset ? "as the scope says" : "the scope says %s",
			 in->told);
		return;
	}
	bool has_range = in->lo <= in->hi;
	if (has_range) {
		bool inside = v >= in->lo * (1 - 1e-9) && v <= in->hi * (1 + 1e-9);
		if (inside || as_preset) {
			in->verdict = MOCK_PLAUSIBLE;
			snprintf(in->note, sizeof in->note, inside ? "within the guide's range, %s" : "the preset's figure%s",
				 inside ? in->range : "");
		} else {
			in->verdict = MOCK_IMPLAUSIBLE;
			snprintf(in->note, sizeof in->note, "%s %s: the guide's range is %s", in->label, said,
				 in->range);
		}
		return;
	}
	if (as_preset || (pv > 0 && v > 0 && v / pv <= FAR_FACTOR && pv / v <= FAR_FACTOR) ||
	    (pv == 0 && v == 0)) {
		in->verdict = MOCK_PLAUSIBLE;
		snprintf(in->note, sizeof in->note, as_preset ? "as the preset has it" : "near the preset's %s", preset);
	} else {
		in->verdict = MOCK_IMPLAUSIBLE;
		if (pv > 0 && v > 0)
			snprintf(in->note, sizeof in->note, "%s %s: %.0f× %s the preset's %s", in->label, said,
				 v > pv ? v / pv : pv / v, v > pv ? "above" : "below", preset);
		else
			snprintf(in->note, sizeof in->note, "%s %s: the preset has %s", in->label, said, preset);
	}
}

/* The text of a figure for scenario_override: the answer as evaluated, with the unit of a bare number. */
static char *override_text(const MockInput *in, const AnswerRead *ar)
{
	if (!ar->bare || !in->unit[0])
		return xasprintf("(%s)", ar->canonical);
	if (in->unit[0] == '/' || in->unit[0] == '%')
		return xasprintf("(%s) * 1%s", ar->canonical, in->unit);
	return xasprintf("(%s) * 1 %s", ar->canonical, in->unit);
}

bool mock_state(Mock *m, const char *text, char *msg, size_t msgn)
{
	if (m->cur >= m->nin) {
		snprintf(msg, msgn, "every assumption is stated");
		return false;
	}
	MockInput *in = &m->in[m->cur];
	const char *t = text;
	while (*t == ' ' || *t == '\t')
		t++;
	if (!*t) {
		mock_unstated(m);
		return true;
	}
	AnswerRead ar;
	if (!answer_read(t, in->dim, in->unit, in->unit_factor, false, &ar, msg, msgn))
		return false;
	if (!dim_eq(ar.dim, in->dim)) {
		char want[48];
		dim_name(in->dim, want, sizeof want);
		snprintf(msg, msgn, "%s is %s (answer %s)", in->label, want, in->unit_phrase);
		return false;
	}
	char *ov = override_text(in, &ar);
	BoeError err;
	bool ok = scenario_override(m->s, in->name, ov, "mock", &err);
	free(ov);
	if (!ok) {
		snprintf(msg, msgn, "%s: %s", in->label, err.msg);
		return false;
	}
	in->answer = text_sanitize(t, 0);
	in->value = ar.value;
	judge(in, ar.value);
	m->cur++;
	return true;
}

void mock_unstated(Mock *m)
{
	if (m->cur >= m->nin)
		return;
	MockInput *in = &m->in[m->cur++];
	in->verdict = MOCK_UNSTATED;
	snprintf(in->note, sizeof in->note, "not stated: the preset's %s is used", in->preset_text);
}

void mock_input_text(const MockInput *in, Buf *out)
{
	char v[64];
	format_in(in, in->value, v, sizeof v);
	switch (in->verdict) {
	case MOCK_UNSTATED:
		buf_printf(out, "%s: %s — %s", in->label, v, in->note);
		break;
	case MOCK_PLAUSIBLE:
		buf_printf(out, "%s: %s — plausible: %s", in->label, v, in->note);
		break;
	case MOCK_IMPLAUSIBLE:
		buf_printf(out, "%s: %s — implausible: %s", in->label, v, in->note);
		break;
	}
}

Drill *mock_estimates(Mock *m, BoeError *err)
{
	if (m->drill)
		return m->drill;
	while (m->cur < m->nin)
		mock_unstated(m);	/* the time ran out before these */
	if (m->start < 0)
		m->start = mock_now(m);
	double left = mock_time_left(m);
	DrillOptions o = {
		.total_limit = left > 1 ? left : 1, .estimates_only = true, .skill_only = m->o.skill_only,
		.skill = m->o.skill, .mode = "mock", .date = m->o.date, .clock = m->o.clock,
		.clock_ctx = m->o.clock_ctx,
	};
	m->drill = drill_new(m->s, &o, err);
	if (m->drill && left <= 0)
		drill_finish(m->drill);	/* no time left: every estimate unanswered */
	return m->drill;
}

/* ---- the estimation score ---- */

static const char *const score_meaning[6] = {
	"", "No numbers (missing or incorrect)", "Superficial mention", "Adequate with gaps",
	"Solid, minor misses", "Full BOE chain with stated assumptions",
};

static bool right_grade(Grade g)
{
	return g == GRADE_EXACT || g == GRADE_CONSISTENT;
}

static void check_set(MockCheck *c, const char *what, int state, const char *fmt, ...) BOE_PRINTF(4, 5);
static void check_set(MockCheck *c, const char *what, int state, const char *fmt, ...)
{
	c->what = what;
	c->state = state;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof c->detail, fmt, ap);
	va_end(ap);
}

/*
 * A check on one kind of slip: failed when an answer shows it, or (check_off)
 * when an answer to one of names is off; -1 when none of names was answered.
 */
static void slip_check(const Drill *d, MockCheck *c, const char *what, SlipKind kind,
		       const char *const *names, size_t nnames, bool check_off, const char *applies,
		       const char *ok_words)
{
	size_t asked = 0, slips = 0, wrong = 0;
	int first = 0;
	for (size_t i = 0; i < drill_count(d); i++) {
		const DrillQuestion *q = drill_question(d, i);
		bool about = false;
		for (size_t k = 0; k < nnames && !about; k++)
			about = strcmp(q->name, names[k]) == 0;
		if (q->slip == (int)kind) {
			slips++;
			if (!first)
				first = q->n;
		}
		if (!about || q->grade == GRADE_UNANSWERED || q->grade == GRADE_SKIPPED ||
		    q->grade == GRADE_UNREADABLE)
			continue;
		asked++;
		if (check_off && !right_grade(q->grade) && q->grade != GRADE_CLOSE) {
			wrong++;
			if (!first)
				first = q->n;
		}
	}
	if (!asked && !slips) {
		check_set(c, what, -1, "%s", applies);
		return;
	}
	if (slips)
		check_set(c, what, 0, "Q%d: %s", first, slip_words(kind));
	else if (wrong)
		check_set(c, what, 0, "Q%d is off", first);
	else
		check_set(c, what, 1, "%s", ok_words);
}

void mock_score(const Mock *m, MockScore *out)
{
	memset(out, 0, sizeof *out);
	MockCheck *c = out->checks;
	/* assumptions */
	size_t stated = 0, implausible = 0;
	const MockInput *bad = NULL;
	for (size_t i = 0; i < m->nin; i++) {
		stated += m->in[i].verdict != MOCK_UNSTATED;
		if (m->in[i].verdict == MOCK_IMPLAUSIBLE) {
			implausible++;
			if (!bad)
				bad = &m->in[i];
		}
	}
	if (stated == m->nin && !implausible)
		check_set(&c[0], "assumptions stated", 1, "all %zu stated, all plausible", m->nin);
	else if (implausible)
		check_set(&c[0], "assumptions stated", 0, "%zu of %zu stated; %zu implausible (%s)", stated,
			  m->nin, implausible, bad->note);
	else
		check_set(&c[0], "assumptions stated", 0, "%zu of %zu stated", stated, m->nin);
	const Drill *d = m->drill;
	size_t n = d ? drill_count(d) : 0, answered = 0, right = 0;
	for (size_t i = 0; i < n; i++) {
		const DrillQuestion *q = drill_question(d, i);
		bool given = q->grade != GRADE_UNANSWERED && q->grade != GRADE_SKIPPED &&
			     q->grade != GRADE_UNREADABLE;
		answered += given;
		right += right_grade(q->grade);
	}
	if (answered == n && n)
		check_set(&c[1], "chain complete", 1, "all %zu estimates given", n);
	else
		check_set(&c[1], "chain complete", 0, "%zu of %zu estimates given", answered, n);
	if (!answered)
		check_set(&c[2], "steps consistent", 0, "no estimate given");
	else
		check_set(&c[2], "steps consistent", right == answered ? 1 : 0,
			  "%zu of %zu right from your own numbers", right, answered);
	static const char *const peak[] = {"peak_qps", "peak_read_qps", "peak_write_qps"};
	static const char *const repl[] = {"storage_per_day", "storage_total", "storage_per_year"};
	static const char *const bits[] = {"egress_peak", "origin_egress_peak", "egress_avg", "ingress_peak"};
	if (d) {
		slip_check(d, &c[3], "peak applied", SLIP_PEAK, peak, ARRAY_LEN(peak), true, "no peak estimate given",
			   "the peak factor is in every peak figure");
		slip_check(d, &c[4], "replication", SLIP_REPLICATION, repl, ARRAY_LEN(repl), true,
			   "no storage estimate given", "every copy counted");
		slip_check(d, &c[5], "bits and bytes", SLIP_BITS, bits, ARRAY_LEN(bits), false,
			   "no bandwidth estimate given", "bytes and bits kept apart");
	} else {
		check_set(&c[3], "peak applied", -1, "no estimate");
		check_set(&c[4], "replication", -1, "no estimate");
		check_set(&c[5], "bits and bytes", -1, "no estimate");
	}
	char used[32], lim[32];
	double el = mock_elapsed(m);
	drill_format_duration(el, used, sizeof used);
	drill_format_duration(m->o.limit, lim, sizeof lim);
	bool over = m->time_up || (d && drill_time_up(d)) || el > m->o.limit;
	check_set(&c[6], "time", over ? 0 : 1, "%s of %s%s", used, lim, over ? ": time ran out" : "");
	int failed = 0;
	for (int i = 0; i < MOCK_NCHECKS; i++)
		failed += c[i].state == 0;
	out->score = answered == 0 ? 1 : 5 - failed;
	if (out->score < 1)
		out->score = 1;
	snprintf(out->meaning, sizeof out->meaning, "%s", score_meaning[out->score]);
}

/* ---- the sheet ---- */

static const RubricDim rubric[RUBRIC_DIMS] = {
	{"Requirements & scope", "Part 2", "the answer framework: functional and non-functional requirements, scale, constraints"},
	{"Back-of-envelope", "Part 3", "back-of-the-envelope estimation"},
	{"API / interface design", "Part 15", "REST, GraphQL, gRPC and WebSockets"},
	{"High-level architecture", "Part 27", "the full walkthroughs: clear layers, labelled flows"},
	{"Data storage & model", "Part 8", "databases, SQL and NoSQL: tables, keys, indexes"},
	{"Caching & CDN", "Parts 6–7", "caching and the CDN deep dive"},
	{"Async / queues", "Part 13", "message queues and streams"},
	{"Scaling & sharding", "Part 10", "partitioning and sharding (and Part 4, scalability)"},
	{"Consistency & reliability", "Parts 11 and 19", "CAP and consistency models; reliability and disaster recovery"},
	{"Security & privacy", "Part 20", "security fundamentals"},
	{"Observability & ops", "Part 18", "logs, metrics, traces"},
	{"Communication", "Part 30", "communication scripts"},
};

const RubricDim *rubric_dims(void)
{
	return rubric;
}

const char *rubric_band(int total)
{
	if (total >= 48)
		return "Interview-ready for most senior loops";
	if (total >= 36)
		return "Targeted study on the lowest 3 dimensions";
	return "Repeat the framework (Part 2); more mocks before real interviews";
}

const char *rubric_band_range(int total)
{
	return total >= 48 ? "48–60" : total >= 36 ? "36–47" : "under 36";
}

size_t rubric_lowest(const int scores[RUBRIC_DIMS], size_t *out, size_t n)
{
	bool used[RUBRIC_DIMS] = {false};
	size_t k = 0;
	for (; k < n && k < RUBRIC_DIMS; k++) {
		int best = -1;
		for (int i = 0; i < RUBRIC_DIMS; i++)
			if (!used[i] && (best < 0 || scores[i] < scores[best]))
				best = i;
		used[best] = true;
		out[k] = (size_t)best;
	}
	return k;
}

char *mock_sheets_path(BoeError *err)
{
	char *path = state_user_file("mock.jsonl");
	if (!path)
		boe_error_set(err, "", 0, 0, "no place for the mock sheets: set XDG_STATE_HOME or HOME");
	return path;
}

static bool sheet_from_json(const JVal *o, void *ctx)
{
	MockSheets *ms = ctx;
	const char *date = json_str(o, "date"), *preset = json_str(o, "preset");
	const JVal *sc = json_get(o, "scores");
	long day;
	if (!date || !preset || !sc || sc->t != J_ARR || sc->n != RUBRIC_DIMS || !day_parse(date, &day))
		return false;
	MockSheet s = {0};
	for (size_t i = 0; i < RUBRIC_DIMS; i++) {
		const JVal *v = &sc->items[i];
		if (v->t != J_NUM || v->num < 1 || v->num > 5 || v->num != floor(v->num))
			return false;
		s.scores[i] = (int)v->num;
		s.total += s.scores[i];
	}
	double est = json_num(o, "estimation", 0);
	s.estimation = est >= 1 && est <= 5 ? (int)est : 0;
	s.date = xstrdup(date);
	s.preset = xstrdup(preset);
	int h = 12, mi = 0, se = 0;
	if (strlen(date) >= 19)
		sscanf(date + 11, "%2d:%2d:%2d", &h, &mi, &se);
	s.when = (time_t)day * 86400 + h * 3600 + mi * 60 + se;
	ms->s = xrealloc(ms->s, (ms->n + 1) * sizeof *ms->s);
	ms->s[ms->n++] = s;
	return true;
}

MockSheets *mock_sheets_parse(const char *text, size_t n)
{
	MockSheets *ms = xcalloc(1, sizeof *ms);
	ms->bad_lines = json_lines(text, n, sheet_from_json, ms);
	return ms;
}

MockSheets *mock_sheets_load(const char *path, BoeError *err)
{
	char *own = NULL;
	if (!path) {
		own = mock_sheets_path(err);
		if (!own)
			return NULL;
		path = own;
	}
	size_t n;
	char *text = file_read_state(path, SHEETS_MAX, &n, err);
	MockSheets *ms = text ? mock_sheets_parse(text, n) : NULL;
	free(text);
	free(own);
	return ms;
}

void mock_sheets_free(MockSheets *ms)
{
	if (!ms)
		return;
	for (size_t i = 0; i < ms->n; i++) {
		free(ms->s[i].date);
		free(ms->s[i].preset);
	}
	free(ms->s);
	free(ms);
}

bool mock_sheet_save(const char *path, time_t when, const char *preset, int estimation,
		     const int scores[RUBRIC_DIMS], BoeError *err)
{
	char *own = NULL;
	if (!path) {
		own = mock_sheets_path(err);
		if (!own)
			return false;
		path = own;
	}
	Buf b = {0};
	char date[32];
	struct tm tm;
	if (!gmtime_r(&when, &tm) || !strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(date, sizeof date, "1970-01-01T00:00:00Z");
	int total = 0;
	buf_add(&b, "{\"boe\":1,\"date\":");
	json_string(date, &b);
	buf_add(&b, ",\"preset\":");
	json_string(preset, &b);
	buf_printf(&b, ",\"estimation\":%d,\"scores\":[", estimation);
	for (int i = 0; i < RUBRIC_DIMS; i++) {
		buf_printf(&b, "%s%d", i ? "," : "", scores[i]);
		total += scores[i];
	}
	buf_printf(&b, "],\"total\":%d}\n", total);
	bool ok = file_append_atomic(path, b.s, SHEETS_MAX, err);
	buf_free(&b);
	free(own);
	return ok;
}

void mock_trend(const MockSheets *ms, MockTrend *out)
{
	memset(out, 0, sizeof *out);
	out->first = out->last = -1;
	if (!ms->n)
		return;
	long newest = LONG_MIN;
	for (size_t i = 0; i < ms->n; i++) {
		long w = day_week_start(day_of(ms->s[i].when));
		if (w > newest)
			newest = w;
	}
	long oldest = newest;
	for (size_t i = 0; i < ms->n; i++) {
		long w = day_week_start(day_of(ms->s[i].when));
		if (w < oldest)
			oldest = w;
	}
	long span = (newest - oldest) / 7 + 1;
	out->nweeks = span > MOCK_TREND_WEEKS ? MOCK_TREND_WEEKS : (int)span;
	double sum[MOCK_TREND_WEEKS] = {0};
	for (int k = 0; k < out->nweeks; k++) {
		out->week[k] = newest - 7L * (out->nweeks - 1 - k);
		out->mean[k] = -1;
	}
	for (size_t i = 0; i < ms->n; i++) {
		long w = day_week_start(day_of(ms->s[i].when));
		long k = (w - out->week[0]) / 7;
		if (k < 0 || k >= out->nweeks)
			continue;
		sum[k] += ms->s[i].total;
		out->count[k]++;
	}
	double seen[3];
	int ns = 0;
	for (int k = 0; k < out->nweeks; k++)
		if (out->count[k]) {
			out->mean[k] = sum[k] / out->count[k];
			if (out->first < 0)
				out->first = out->mean[k];
			out->last = out->mean[k];
		}
	for (int k = out->nweeks; k-- > 0 && ns < 3;)
		if (out->count[k])
			seen[ns++] = out->mean[k];
	if (ns == 3) {
		double lo = seen[0], hi = seen[0];
		for (int i = 1; i < 3; i++) {
			lo = seen[i] < lo ? seen[i] : lo;
			hi = seen[i] > hi ? seen[i] : hi;
		}
		out->plateau = hi - lo <= 2;
	}
}
