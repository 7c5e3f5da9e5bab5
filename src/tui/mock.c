/*
 * The interface's Mock screen: the estimation phase of an interview on the
 * scenario open in the interface (src/mock.c), timed, then the Part 33
 * self-score sheet. The same words as boe mock: each assumption's verdict,
 * each estimate's grade against the candidate's own chain, the score with its
 * evidence, the total, its band and the lowest dimension. The estimates go to
 * the history and the sheet to mock.jsonl, as from the command line.
 */
#include <stdlib.h>
#include <string.h>

#include "boe/date.h"
#include "boe/mock.h"
#include "tlog.h"
#include "tui.h"

typedef enum Phase { PH_NONE, PH_INPUTS, PH_ESTIMATES, PH_SHEET, PH_DONE } Phase;

static struct {
	Phase ph;
	Mock *m;
	Drill *d;		/* the mock's (it owns it) */
	const Scenario *of;	/* the scenario it was started on */
	MockScore score;
	int scores[RUBRIC_DIMS];
	int dim;		/* the sheet's dimension being asked */
	LineEdit answer;
	TLog log;
	char error[512];
} M;

static void ask_input(void)
{
	const MockInput *in = mock_next_input(M.m);
	if (in) {
		tlog_add(&M.log, ST_NORMAL, "%s", "");
		tlog_add(&M.log, ST_TITLE, "A%zu %s? (%s)", (size_t)(in - mock_input(M.m, 0)) + 1, in->label,
			 in->unit_phrase);
		return;
	}
	BoeError err;
	M.d = mock_estimates(M.m, &err);
	if (!M.d) {
		char msg[700];
		boe_error_format(&err, msg, sizeof msg);
		tlog_add(&M.log, ST_ERROR, "%s", msg);
		M.ph = PH_DONE;
		return;
	}
	M.ph = PH_ESTIMATES;
	tlog_add(&M.log, ST_NORMAL, "%s", "");
	tlog_add(&M.log, ST_SECTION, "Your estimates (%zu), from your own assumptions:", drill_count(M.d));
}

static void finish_estimates(void);

static void ask_estimate(void)
{
	if (drill_done(M.d)) {
		finish_estimates();
		return;
	}
	const DrillQuestion *q = drill_ask(M.d);
	tlog_add(&M.log, ST_NORMAL, "%s", "");
	tlog_add(&M.log, ST_TITLE, "%s", q->line);
}

static void ask_dim(void)
{
	const RubricDim *dims = rubric_dims();
	if (M.dim == RUBRIC_BOE)
		tlog_add(&M.log, ST_TITLE, "%2d. %s (1–5; empty: %d, the estimation score)", M.dim + 1,
			 dims[M.dim].name, M.score.score);
	else
		tlog_add(&M.log, ST_TITLE, "%2d. %s (1–5)", M.dim + 1, dims[M.dim].name);
}

static void finish_estimates(void)
{
	drill_finish(M.d);
	mock_score(M.m, &M.score);
	tlog_add(&M.log, ST_NORMAL, "%s", "");
	tlog_add(&M.log, ST_SECTION, "Estimation score (Part 33): %d/5 — %s", M.score.score, M.score.meaning);
	for (int i = 0; i < MOCK_NCHECKS; i++) {
		const MockCheck *c = &M.score.checks[i];
		tlog_add(&M.log, c->state > 0 ? ST_OK : c->state == 0 ? ST_WARN : ST_DIM, "  %s %-19s %s",
			 c->state > 0 ? "yes" : c->state == 0 ? "NO " : " - ", c->what, c->detail);
	}
	BoeError err;
	if (drill_answered_any(M.d) && !drill_save_history(M.d, NULL, &err)) {
		char msg[700];
		boe_error_format(&err, msg, sizeof msg);
		tlog_add(&M.log, ST_ERROR, "history: %s", msg);
	}
	M.ph = PH_SHEET;
	M.dim = 0;
	tlog_add(&M.log, ST_NORMAL, "%s", "");
	tlog_add(&M.log, ST_SECTION, "Self-score sheet (Part 33): score each dimension 1–5");
	ask_dim();
}

static void finish_sheet(void)
{
	const RubricDim *dims = rubric_dims();
	int total = 0;
	for (int i = 0; i < RUBRIC_DIMS; i++)
		total += M.scores[i];
	tlog_add(&M.log, ST_NORMAL, "%s", "");
	tlog_add(&M.log, total >= 48 ? ST_OK : ST_WARN, "Total: %d/60 (%s): %s", total, rubric_band_range(total),
		 rubric_band(total));
	size_t low[3];
	size_t nl = rubric_lowest(M.scores, low, total >= 36 && total < 48 ? 3 : 1);
	for (size_t k = 0; k < nl; k++)
		tlog_add(&M.log, ST_NORMAL, "%s %s (%d): study %s, %s", k ? "             and" : "Lowest dimension:",
			 dims[low[k]].name, M.scores[low[k]], dims[low[k]].part, dims[low[k]].study);
	long today;
	day_today(getenv("BOE_TODAY"), &today);
	const char *env = getenv("BOE_TODAY");
	BoeError err;
	if (mock_sheet_save(NULL, env && env[0] ? day_noon(today) : time(NULL), mock_preset(M.m), M.score.score,
			    M.scores, &err))
		tlog_add(&M.log, ST_DIM, "sheet saved ('boe mock --trend' shows the weeks); n: another mock");
	else {
		char msg[700];
		boe_error_format(&err, msg, sizeof msg);
		tlog_add(&M.log, ST_ERROR, "the sheet could not be saved: %s", msg);
	}
	M.ph = PH_DONE;
}

static void stop(void)
{
	mock_free(M.m);
	M.m = NULL;
	M.d = NULL;
	M.ph = PH_NONE;
}

static void start(App *a)
{
	stop();
	tlog_clear(&M.log);
	M.error[0] = '\0';
	long today;
	day_today(getenv("BOE_TODAY"), &today);
	const char *env = getenv("BOE_TODAY");
	MockOptions o = {.date = env && env[0] ? day_noon(today) : 0};
	BoeError err;
	M.of = a->s;
	M.m = mock_new(a->s, &o, &err);
	if (!M.m) {
		char msg[700];
		boe_error_format(&err, msg, sizeof msg);
		tlog_add(&M.log, ST_ERROR, "%s", msg);
		M.ph = PH_DONE;
		return;
	}
	char lim[32];
	drill_format_duration(mock_limit(M.m), lim, sizeof lim);
	tlog_add(&M.log, ST_SECTION, "Mock interview: %s [%s]", mock_title(M.m), mock_preset(M.m));
	tlog_add(&M.log, ST_NORMAL, "Scope: %s", mock_scope(M.m)[0] ? mock_scope(M.m) : "(the preset states none)");
	tlog_add(&M.log, ST_DIM, "Clock: %s for assumptions and estimates. '?' shows the usual range; an empty line leaves boe's figure (not stated).", lim);
	M.ph = PH_INPUTS;
	ask_input();
}

void mock_screen_init(App *a)
{
	if (M.ph == PH_NONE || (M.ph == PH_DONE && M.of != a->s))
		start(a);
}

bool mock_screen_typing(const App *a)
{
	(void)a;
	return M.ph == PH_INPUTS || M.ph == PH_ESTIMATES || M.ph == PH_SHEET;
}

bool mock_screen_ticking(const App *a)
{
	(void)a;
	return M.ph == PH_INPUTS || M.ph == PH_ESTIMATES;
}

static void submit_input(const char *t)
{
	if (drill_is_command(t, "?") || drill_is_command(t, "hint")) {
		char *r = mock_range(M.m);
		tlog_add(&M.log, ST_DIM, "%s", r);
		free(r);
		return;
	}
	const MockInput *before = mock_next_input(M.m);
	if (!before) {
		ask_input();
		return;
	}
	size_t idx = (size_t)(before - mock_input(M.m, 0));
	if (drill_is_command(t, "skip"))
		mock_unstated(M.m);
	else if (!mock_state(M.m, t, M.error, sizeof M.error))
		return;
	tlog_add(&M.log, ST_INPUT, "> %s", t);
	Buf b = {0};
	const MockInput *in = mock_input(M.m, idx);
	mock_input_text(in, &b);
	tlog_add(&M.log, in->verdict == MOCK_IMPLAUSIBLE ? ST_WARN : in->verdict == MOCK_PLAUSIBLE ? ST_OK : ST_DIM,
		 "  %s", b.s);
	buf_free(&b);
	ask_input();
	if (M.ph == PH_ESTIMATES)
		ask_estimate();
}

static void submit_estimate(const char *t)
{
	DrillResult r;
	if (drill_is_command(t, "?") || drill_is_command(t, "hint")) {
		tlog_add(&M.log, ST_DIM, "%s", drill_hint(M.d));
		return;
	}
	if (drill_is_command(t, "skip"))
		drill_skip(M.d, &r);
	else if (!drill_answer(M.d, t, &r, M.error, sizeof M.error))
		return;
	tlog_add(&M.log, ST_INPUT, "> %s", t);
	Buf b = {0};
	drill_result_text(&r, 0, &b);
	buf_printf(&b, " | your chain: %s", r.q->explain);
	tlog_add(&M.log, r.grade == GRADE_EXACT || r.grade == GRADE_CONSISTENT ? ST_OK : ST_WARN, "%s", b.s);
	buf_free(&b);
	ask_estimate();
}

static void submit_score(const char *t)
{
	while (*t == ' ')
		t++;
	int v = 0;
	if (!*t && M.dim == RUBRIC_BOE)
		v = M.score.score;
	else if (t[0] >= '1' && t[0] <= '5' && (t[1] == '\0' || t[1] == ' '))
		v = t[0] - '0';
	if (!v) {
		snprintf(M.error, sizeof M.error, "a score is a whole number from 1 to 5");
		return;
	}
	tlog_add(&M.log, ST_INPUT, "> %d", v);
	M.scores[M.dim++] = v;
	if (M.dim < RUBRIC_DIMS)
		ask_dim();
	else
		finish_sheet();
}

/* The whole limit ran out while an assumption was being asked: on to the (unanswered) estimates. */
static void check_clock(void)
{
	if (M.ph == PH_INPUTS && mock_time_left(M.m) <= 0) {
		tlog_add(&M.log, ST_WARN, "time is up");
		ask_input();
		if (M.ph == PH_ESTIMATES)
			finish_estimates();
	}
}

static int submit(void)
{
	char *t = xstrdup(M.answer.buf ? M.answer.buf : "");
	M.error[0] = '\0';
	check_clock();
	if (M.ph == PH_INPUTS)
		submit_input(t);
	else if (M.ph == PH_ESTIMATES)
		submit_estimate(t);
	else if (M.ph == PH_SHEET)
		submit_score(t);
	if (!M.error[0])
		le_set(&M.answer, "");
	free(t);
	return UI_REDRAW;
}

static int act_new(App *a)
{
	if (mock_screen_typing(a))
		return UI_HANDLED;
	start(a);
	return UI_REDRAW;
}

const KeyBinding mock_screen_keys[] = {
	{'\r', "Enter", "state the assumption, the estimate or the score ('?' the range or a hint)", NULL, "answer"},
	{'n', "n", "another mock on this scenario (when none is running)", act_new, "new"},
	{KEYFN(KEY_PPAGE), "PgUp PgDn", "scroll the transcript", NULL, "scroll"},
	{KEY_ESC, "Esc", "back to the sheet (the mock's clock keeps running)", NULL, "back"},
	{0, NULL, NULL, NULL, NULL},
};

int mock_screen_key(App *a, int key)
{
	int page = body_h(a) - 3;
	if (tlog_scroll_key(&M.log, key, page > 1 ? page : 1))
		return UI_REDRAW;
	if (!mock_screen_typing(a))
		return key == 'n' ? act_new(a) : 0;
	if (key == KEY_ESC)
		return 0;
	if (key == '\r' || key == '\n' || key == KEYFN(KEY_ENTER))
		return submit();
	if (le_key(&M.answer, key)) {
		M.error[0] = '\0';
		return UI_REDRAW;
	}
	return UI_HANDLED;
}

void mock_screen_draw(App *a)
{
	int y = BODY_Y, h = body_h(a), w = a->w;
	if (M.ph == PH_INPUTS || M.ph == PH_ESTIMATES)
		check_clock();
	bool typing = mock_screen_typing(a);
	int pinned = typing ? 2 + (M.error[0] ? 1 : 0) : 0;
	tlog_draw(&M.log, y, h - pinned, w);
	if (!typing)
		return;
	int fy = y + h - pinned;
	if (M.m && M.ph != PH_SHEET) {
		char left[32];
		drill_format_duration(mock_time_left(M.m), left, sizeof left);
		ui_textf(fy, 1, w - 2, ST_DIM, "time left: %s", left);
	} else {
		ui_text(fy, 1, w - 2, "the sheet: 1 missing, 2 superficial, 3 adequate, 4 solid, 5 strong", ST_DIM);
	}
	ui_text(fy + 1, 1, 2, ">", ST_KEY);
	le_draw(&M.answer, fy + 1, 3, w - 4, ST_FIELD, a->prompt.kind == PR_NONE);
	a->field = &M.answer;
	if (M.error[0])
		ui_text(fy + 2, 3, w - 4, M.error, ST_ERROR);
}

void mock_screen_free(void)
{
	stop();
	le_free(&M.answer);
	tlog_clear(&M.log);
	memset(&M, 0, sizeof M);
}
