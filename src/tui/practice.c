/*
 * The interview drill in the interface (d, or tab 6): the drill of
 * `boe practice` (include/boe/drill.h, src/drill.c) on the scenario as it
 * stands on the sheet, edits included. The screen is a transcript that
 * scrolls -- the scope and the givens, then every question with its hints,
 * the answer typed and the grade -- above a part that stays in place: the
 * question being asked, its hints and the answer field. Before a drill
 * starts, a small form asks for the number of questions, a time limit for the
 * whole drill and the seed. The core does the asking, grading, timing and
 * saving; this file only lays it out.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tui/tui.h"

/* ---- the transcript ---- */

static void log_add(PracticeState *p, Style st, int grade, int indent, const char *fmt, ...) BOE_PRINTF(5, 6);

static void log_add(PracticeState *p, Style st, int grade, int indent, const char *fmt, ...)
{
	if (p->nlog == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->log = xrealloc(p->log, (size_t)p->cap * sizeof *p->log);
	}
	Buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	p->log[p->nlog++] = (PracticeLine){buf_take(&b), st, grade, indent};
}

static void log_clear(PracticeState *p)
{
	for (int i = 0; i < p->nlog; i++)
		free(p->log[i].text);
	p->nlog = p->cur = p->back = 0;
}

static Style grade_style(Grade g)
{
	switch (g) {
	case GRADE_EXACT: return ST_OK;
	case GRADE_CLOSE: case GRADE_CONSISTENT: return ST_WARN;
	case GRADE_OFF: case GRADE_WRONG_UNIT: case GRADE_UNREADABLE: return ST_ERROR;
	default: return ST_DIM;
	}
}

/* The grade line (grade word first) and the correct value with its derivation. */
static void log_result(PracticeState *p, const DrillResult *r)
{
	const DrillQuestion *q = r->q;
	Buf b = {0};
	drill_result_text(r, 0, &b);
	log_add(p, ST_NORMAL, (int)r->grade, 2, "%s", b.s);
	buf_free(&b);
	log_add(p, ST_DIM, -1, 4, "answer %s: %s", q->value_text, q->explain);
}

/* ---- starting, answering, ending ---- */

static unsigned long long fresh_seed(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t x = (uint64_t)ts.tv_sec * 1000003u ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32);
	return (unsigned long long)(x % 1000000000ull);
}

/* Asks the current question (starting its clock) and puts its line in the pinned part. */
static void ask(PracticeState *p)
{
	p->cur = p->nlog;
	p->back = 0;
	const DrillQuestion *q = drill_ask(p->d);
	if (q)
		log_add(p, ST_SECTION, -1, 0, "%s", q->line);
}

static bool answered_any(const Drill *d)
{
	for (size_t i = 0; i < drill_count(d); i++)
		if (drill_question(d, i)->grade != GRADE_UNANSWERED)
			return true;
	return false;
}

/* Scores the drill, appends it to the history once, and says so in the transcript. */
static void finish(PracticeState *p)
{
	Drill *d = p->d;
	if (p->cur < p->nlog && !drill_done(d))
		log_add(p, ST_DIM, GRADE_UNANSWERED, 2, "%s (the drill ended here)", grade_name(GRADE_UNANSWERED));
	drill_finish(d);
	p->finished = true;
	p->error[0] = '\0';
	p->cur = p->nlog;
	size_t count[GRADE_COUNT] = {0}, hints = 0, answered = 0;
	double answer_time = 0;
	for (size_t i = 0; i < drill_count(d); i++) {
		const DrillQuestion *q = drill_question(d, i);
		count[q->grade]++;
		hints += q->hints > 0;
		if (q->grade != GRADE_UNANSWERED) {
			answered++;
			answer_time += q->time_s;
		}
	}
	log_add(p, ST_NORMAL, -1, 0, "%s", "");
	Buf b = {0};
	if (drill_time_up(d)) {
		drill_clock_text(d, &b);
		log_add(p, ST_WARN, -1, 0, "%s", b.s);
		buf_clear(&b);
	}
	buf_add(&b, "grades:");
	const char *sep = " ";
	for (int g = GRADE_EXACT; g < GRADE_COUNT; g++)
		if (count[g]) {
			buf_printf(&b, "%s%zu %s", sep, count[g], grade_name((Grade)g));
			sep = ", ";
		}
	if (count[GRADE_UNANSWERED])
		buf_printf(&b, "%s%zu unanswered", sep, count[GRADE_UNANSWERED]);
	buf_printf(&b, "; %zu with hints", hints);
	log_add(p, ST_NORMAL, -1, 0, "%s", b.s);
	buf_free(&b);
	char total[32], avg[32];
	drill_format_duration(drill_elapsed(d), total, sizeof total);
	drill_format_duration(answered ? answer_time / (double)answered : 0, avg, sizeof avg);
	log_add(p, ST_NORMAL, -1, 0, "time: %s (%s per answer)", total, avg);
	if (!p->saved && !drill_answered_any(d)) {
		p->saved = true;
		log_add(p, ST_DIM, -1, 0, "%s", "history: not saved (no answer)");
	} else if (!p->saved) {
		p->saved = true;
		BoeError err;
		char *path = drill_history_path(&err);
		if (path && drill_save_history(d, path, &err)) {
			log_add(p, ST_DIM, -1, 0, "history: appended to %s (boe practice --stats shows progress)", path);
		} else {
			char m[700];
			boe_error_format(&err, m, sizeof m);
			log_add(p, ST_ERROR, -1, 0, "history: not saved: %s", m);
		}
		free(path);
	}
	double pts, max;
	drill_score(d, &pts, &max);
	log_add(p, ST_SECTION, -1, 0, "score: %g/%g", pts, max);
	p->cur = p->nlog;
	p->back = 0;
}

/*
 * Frees the drill; one that was answered in part is scored and saved first
 * (as `boe practice` saves a drill cut short). Returns whether it saved one;
 * err is filled when saving failed.
 */
static bool drop(PracticeState *p, BoeError *err)
{
	bool saved = false;
	err->msg[0] = '\0';
	if (p->d && !p->finished && answered_any(p->d)) {
		drill_finish(p->d);
		saved = drill_save_history(p->d, NULL, err);
	}
	drill_free(p->d);
	p->d = NULL;
	drill_history_free(p->hist);
	p->hist = NULL;
	return saved;
}

/* A new drill on the scenario as it stands now, with the options of the form. */
static void start(App *a, size_t questions, double limit, unsigned long long seed)
{
	PracticeState *p = &a->practice;
	BoeError err;
	const char *t = a->s->title ? a->s->title : a->s->name;
	if (drop(p, &err)) {
		app_message(a, ST_NORMAL, "a new drill on %s; the one before was scored and saved", t);
	} else if (err.msg[0]) {
		char m[700];
		boe_error_format(&err, m, sizeof m);
		app_message(a, ST_ERROR, "the drill before was not saved: %s", m);
	} else {
		app_message(a, ST_NORMAL, "a new drill on %s", t);
	}
	log_clear(p);
	le_set(&p->answer, "");
	p->error[0] = '\0';
	p->finished = p->saved = false;
	p->hist = drill_history_load(NULL, &err);
	if (!p->hist) {
		char m[700];
		boe_error_format(&err, m, sizeof m);
		log_add(p, ST_WARN, -1, 0, "%s; going on without the history (no spaced repetition)", m);
		p->hist = drill_history_parse("", 0);
	}
	DrillOptions o = {.seed = seed, .max_questions = questions, .total_limit = limit,
			  .history = p->hist};
	p->d = drill_new(a->s, &o, &err);
	if (!p->d) {
		char m[700];
		boe_error_format(&err, m, sizeof m);
		log_add(p, ST_ERROR, -1, 0, "no drill on this scenario: %s", m);
		log_add(p, ST_DIM, -1, 0, "%s", "Open a preset with p (after Esc), then come back and press n.");
		p->finished = p->saved = true;
		p->cur = p->nlog;
		return;
	}
	const Drill *d = p->d;
	log_add(p, ST_SECTION, -1, 0, "Practice: %s [%s]", drill_title(d), drill_preset(d));
	log_add(p, ST_DIM, -1, 0, "Seed: %llu", drill_seed(d));
	if (drill_summary(d)[0])
		log_add(p, ST_NORMAL, -1, 0, "Scope: %s", drill_summary(d));
	size_t ng;
	const DrillGiven *g = drill_givens(d, &ng);
	for (int pass = 0; pass < 2; pass++) {
		bool shown = false;
		for (size_t i = 0; i < ng; i++) {
			if (g[i].assumed != (pass == 1))
				continue;
			if (!shown)
				log_add(p, ST_NORMAL, -1, 0, "%s", pass == 0 ? "Given:" : "Assume (state these; change them if you disagree):");
			shown = true;
			log_add(p, pass == 0 ? ST_INPUT : ST_NORMAL, -1, 2, "%s", g[i].line);
		}
	}
	size_t n = drill_count(d);
	log_add(p, ST_DIM, -1, 0,
		"%zu question%s, 2 points each. Answer like 12K/s, 3 TB/day or a bare number in the unit "
		"asked; ? or hint for a hint (costs points), skip to move on, quit to end.",
		n, n == 1 ? "" : "s");
	Buf clock = {0};
	drill_clock_text(d, &clock);
	log_add(p, ST_DIM, -1, 0, "Seed: %llu%s%s", seed, clock.len ? "; " : "", clock.len ? clock.s : "");
	buf_free(&clock);
	log_add(p, ST_NORMAL, -1, 0, "%s", "");
	ask(p);
}

/* After a grade: the next question, or the end. */
static void next(PracticeState *p)
{
	le_set(&p->answer, "");
	p->error[0] = '\0';
	if (drill_done(p->d))
		finish(p);
	else
		ask(p);
}

/* ---- the options form ---- */

enum { OPT_QUESTIONS, OPT_TIME, OPT_SEED, OPT_COUNT };

static const char *const opt_label[OPT_COUNT] = {"Questions", "Time limit", "Seed"};
static const char *const opt_help[OPT_COUNT] = {
	"how many to ask; empty: every question of the chain",
	"for the whole drill, e.g. 8 min; empty: none",
	"the same seed asks the same questions; empty: a new one",
};

/* Shows the form (the drill before it stays until the form is sent). */
static void setup_open(App *a)
{
	PracticeState *p = &a->practice;
	p->setup = true;
	p->opt_sel = 0;
	le_set(&p->answer, p->opt[0]);
	p->error[0] = '\0';
}

static void setup_select(PracticeState *p, int sel)
{
	snprintf(p->opt[p->opt_sel], sizeof p->opt[0], "%s", p->answer.buf ? p->answer.buf : "");
	p->opt_sel = (sel + OPT_COUNT) % OPT_COUNT;
	le_set(&p->answer, p->opt[p->opt_sel]);
}

/* A time such as "8 min" or "90 s"; a bare number is seconds, as for boe practice --time. */
static bool blank(const char *s)
{
	return drill_is_command(s, "");
}

/* Reads the form and starts the drill; a value that does not read keeps the form, saying why. */
static void setup_submit(App *a)
{
	PracticeState *p = &a->practice;
	setup_select(p, p->opt_sel);
	size_t questions = 0;
	double limit = 0;
	unsigned long long seed = fresh_seed();
	char *end;
	const char *t = p->opt[OPT_QUESTIONS];
	if (!blank(t)) {
		unsigned long v = strtoul(t, &end, 10);
		if (end == t || !blank(end) || v == 0 || v > 1000 || t[strspn(t, " ")] == '-') {
			snprintf(p->error, sizeof p->error, "Questions: a whole number from 1 to 1000, or empty for all");
			setup_select(p, OPT_QUESTIONS);
			return;
		}
		questions = v;
	}
	if (!blank(p->opt[OPT_TIME]) && !drill_parse_limit(p->opt[OPT_TIME], 1, &limit)) {
		snprintf(p->error, sizeof p->error, "Time limit: a time up to 24 h such as 8 min or 90 s, or empty for none");
		setup_select(p, OPT_TIME);
		return;
	}
	t = p->opt[OPT_SEED];
	if (!blank(t)) {
		seed = strtoull(t, &end, 10);
		if (end == t || !blank(end) || t[strspn(t, " ")] == '-') {
			snprintf(p->error, sizeof p->error, "Seed: a whole number, or empty for a new one");
			setup_select(p, OPT_SEED);
			return;
		}
	}
	p->setup = false;
	start(a, questions, limit, seed);
}

static int setup_key(App *a, int key)
{
	PracticeState *p = &a->practice;
	if (key == '\r' || key == '\n' || key == KEYFN(KEY_ENTER)) {
		setup_submit(a);
	} else if (key == KEYFN(KEY_UP)) {
		setup_select(p, p->opt_sel - 1);
	} else if (key == KEYFN(KEY_DOWN)) {
		setup_select(p, p->opt_sel + 1);
	} else if (le_key(&p->answer, key)) {
		p->error[0] = '\0';
	}
	return UI_HANDLED | UI_REDRAW;
}

static void setup_draw(App *a)
{
	PracticeState *p = &a->practice;
	int y = BODY_Y, w = a->w, bottom = BODY_Y + body_h(a);
	const char *t = a->s->title ? a->s->title : a->s->name;
	char line[300];
	snprintf(line, sizeof line, "A drill on %s", t);
	if (y < bottom)
		ui_text(y++, 1, w - 2, line, ST_SECTION);
	if (y < bottom)
		ui_text(y++, 1, w - 2, "Drill options: Up/Down to move, Enter to start (empty keeps the default)",
			ST_DIM);
	y++;
	for (int i = 0; i < OPT_COUNT && y < bottom; i++, y++) {
		int x = 3, fw = 16;
		char label[32];
		snprintf(label, sizeof label, "%-10s ", opt_label[i]);
		x += ui_text(y, x, w - x - 1, label, ST_NORMAL);
		if (fw > w - x - 1)
			fw = w - x - 1;
		if (i == p->opt_sel) {
			ui_text(y, 1, 2, ">", ST_KEY);
			le_draw(&p->answer, y, x, fw, ST_FIELD, a->prompt.kind == PR_NONE);
		} else {
			ui_text(y, x, fw, p->opt[i][0] ? p->opt[i] : "-", p->opt[i][0] ? ST_INPUT : ST_DIM);
		}
		x += fw + 1;
		if (x < w - 2)
			ui_text(y, x, w - x - 1, opt_help[i], ST_DIM);
	}
	if (p->error[0] && y + 1 < bottom)
		ui_text(y + 1, 1, w - 2, p->error, ST_ERROR);
}

static int submit(App *a)
{
	PracticeState *p = &a->practice;
	const char *text = p->answer.buf ? p->answer.buf : "";
	DrillResult r;
	if (drill_is_command(text, "quit") || drill_is_command(text, "exit")) {
		finish(p);
	} else if (drill_is_command(text, "new")) {
		setup_open(a);
	} else if (drill_is_command(text, "?") || drill_is_command(text, "hint")) {
		const char *h = drill_hint(p->d);
		if (h)
			log_add(p, ST_WARN, -1, 2, "%s", h);
		le_set(&p->answer, "");
		p->error[0] = '\0';
	} else if (drill_is_command(text, "skip")) {
		drill_skip(p->d, &r);
		log_result(p, &r);
		next(p);
	} else if (drill_is_command(text, "")) {
		snprintf(p->error, sizeof p->error, "type an estimate (12K/s, 3 TB/day), ? for a hint, skip or quit");
	} else {
		char msg[512];
		char *copy = xstrdup(text);
		if (drill_answer(p->d, copy, &r, msg, sizeof msg)) {
			log_add(p, ST_DIM, -1, 2, "> %s", copy);
			log_result(p, &r);
			next(p);
		} else {
			snprintf(p->error, sizeof p->error, "%s", msg);
		}
		free(copy);
	}
	return UI_REDRAW;
}

/* ---- keys ---- */

static int log_page(const App *a)
{
	int h = a->practice.log_h;
	return h > 2 ? h - 1 : 1;
}

static int act_new(App *a)
{
	setup_open(a);
	return UI_REDRAW;
}

static int act_end(App *a)
{
	PracticeState *p = &a->practice;
	if (p->d && !p->finished)
		finish(p);
	return UI_REDRAW;
}

static int act_pgup(App *a) { a->practice.back += log_page(a); return UI_REDRAW; }
static int act_pgdn(App *a) { a->practice.back -= log_page(a); return UI_REDRAW; }
static int act_up(App *a) { a->practice.back++; return UI_REDRAW; }
static int act_down(App *a) { a->practice.back--; return UI_REDRAW; }
static int act_top(App *a) { a->practice.back = 1 << 20; return UI_REDRAW; }
static int act_bottom(App *a) { a->practice.back = 0; return UI_REDRAW; }

static int act_mouse(App *a)
{
	if (a->mouse.bstate & BUTTON4_PRESSED)
		a->practice.back += 3;
	else if (a->mouse.bstate & BUTTON5_PRESSED)
		a->practice.back -= 3;
	return UI_REDRAW;
}

/* Keys: those with a label are shown in help (and with bar text, in the key bar). */
const KeyBinding practice_keys[] = {
	{1, "Enter", "submit: 12K/s, ~4K, 3 TB/day, or a bare number in the unit asked", NULL, "answer"},
	{1, "? hint", "(typed, then Enter) the idea, the formula explained, the first step; each costs points", NULL, NULL},
	{1, "?", NULL, NULL, "hint"},
	{1, "skip", "(typed, then Enter) move on with 0 points", NULL, "move on"},
	{1, "quit", "(typed, then Enter; C-d in an empty field) end the drill: scored, saved", NULL, "end"},
	{KEYCTRL('d'), NULL, NULL, act_end, NULL},
	{KEYCTRL('n'), "n C-n", "a new drill on the scenario as it is now (n once one is over; or type new)", act_new,
	 NULL},
	{KEYFN(KEY_PPAGE), "PgUp PgDn", "scroll the transcript (Up Down a line, the wheel)", act_pgup, "scroll"},
	{KEYFN(KEY_NPAGE), NULL, NULL, act_pgdn, NULL},
	{KEYFN(KEY_UP), NULL, NULL, act_up, NULL},
	{KEYFN(KEY_DOWN), NULL, NULL, act_down, NULL},
	{KEYFN(KEY_MOUSE), NULL, NULL, act_mouse, NULL},
	{1, "Esc Tab", "leave the drill; d comes back to it where it was", NULL, "leave"},
	{0, NULL, NULL, NULL, NULL},
};

/* Once the drill is over: n, and scrolling keys like the other views. */
static const KeyBinding over_keys[] = {
	{'n', "n", NULL, act_new, NULL},
	{'j', NULL, NULL, act_down, NULL},
	{'k', NULL, NULL, act_up, NULL},
	{' ', NULL, NULL, act_pgdn, NULL},
	{'g', NULL, NULL, act_top, NULL},
	{KEYFN(KEY_HOME), NULL, NULL, act_top, NULL},
	{'G', NULL, NULL, act_bottom, NULL},
	{KEYFN(KEY_END), NULL, NULL, act_bottom, NULL},
	{0, NULL, NULL, NULL, NULL},
};

bool practice_typing(const App *a)
{
	return a->practice.setup || (a->practice.d && !a->practice.finished);
}

bool practice_ticking(const App *a)
{
	const PracticeState *p = &a->practice;
	return !p->setup && p->d && !p->finished && drill_time_left(p->d) >= 0;
}

void practice_init(App *a)
{
	/* a drill in progress (or over) is resumed as it was; before the first, the options */
	if (!a->practice.d && !a->practice.finished && !a->practice.setup)
		setup_open(a);
	a->practice.back = 0;
}

static bool is_enter(int key)
{
	return key == '\r' || key == '\n' || key == KEYFN(KEY_ENTER);
}

int practice_key(App *a, int key)
{
	PracticeState *p = &a->practice;
	/* leaving, help and redraw stay global */
	if (key == KEY_ESC || key == '\t' || key == KEYFN(KEY_BTAB) || key == KEYFN(KEY_F(1)) ||
	    key == KEYCTRL('l'))
		return 0;
	if (p->setup)
		return setup_key(a, key);
	if (!practice_typing(a)) {
		int f = keys_dispatch(a, over_keys, key);
		if (!f && key != KEYCTRL('d'))
			f = keys_dispatch(a, practice_keys, key);
		return f;
	}
	if (is_enter(key))
		return submit(a) | UI_HANDLED;
	if (key == KEYCTRL('d') && p->answer.len == 0)
		return act_end(a) | UI_HANDLED;
	if (le_key(&p->answer, key)) {
		p->error[0] = '\0';
		return UI_HANDLED | UI_REDRAW;
	}
	int f = keys_dispatch(a, practice_keys, key);
	/* anything else while typing (other function keys) is not for the global keys */
	return f ? f : UI_HANDLED;
}

/* ---- drawing ---- */

typedef struct Line {
	char *text;		/* owned */
	Style st;
	int grade;		/* -1, or the grade whose word starts this line */
	int x;
} Line;

typedef struct Lines {
	Line *l;
	int n;
} Lines;

static void wrap_entry(Lines *out, const PracticeLine *e, int w)
{
	int x = 1 + e->indent;
	int tw = w - x - 1;
	if (tw < 8) {
		x = 1;
		tw = w - 2;
	}
	char **lines;
	int n = ui_wrap_lines(e->text, tw, &lines);
	if (n == 0) {
		/* an empty entry is a blank line */
		lines = xmalloc(sizeof *lines);
		lines[0] = xstrdup("");
		n = 1;
	}
	out->l = xrealloc(out->l, (size_t)(out->n + n) * sizeof *out->l);
	for (int i = 0; i < n; i++)
		out->l[out->n++] = (Line){lines[i], e->st, i == 0 ? e->grade : -1, i == 0 ? x : x + 2};
	free(lines);
}

static void lines_free(Lines *ls)
{
	for (int i = 0; i < ls->n; i++)
		free(ls->l[i].text);
	free(ls->l);
	ls->l = NULL;
	ls->n = 0;
}

static void draw_line(const Line *l, int y, int w)
{
	int x = l->x, room = w - x - 1;
	if (l->grade >= 0) {
		const char *word = grade_name((Grade)l->grade);
		size_t wl = strlen(word);
		if (strncmp(l->text, word, wl) == 0) {
			int dx = ui_text(y, x, room, word, grade_style((Grade)l->grade));
			ui_text(y, x + dx, room - dx, l->text + wl, l->st);
			return;
		}
	}
	ui_text(y, x, room, l->text, l->st);
}

void practice_draw(App *a)
{
	PracticeState *p = &a->practice;
	int y0 = BODY_Y, h = body_h(a), w = a->w;
	if (h <= 0)
		return;
	if (p->setup) {
		setup_draw(a);
		return;
	}
	/* the pinned part: the question being asked, its hints, the field, why an answer was refused */
	Lines q = {0}, hints = {0}, err = {0};
	if (p->cur < p->nlog) {
		wrap_entry(&q, &p->log[p->cur], w);
		for (int i = p->cur + 1; i < p->nlog; i++)
			wrap_entry(&hints, &p->log[i], w);
	}
	if (p->error[0]) {
		PracticeLine e = {p->error, ST_ERROR, -1, 2};
		wrap_entry(&err, &e, w);
	}
	int field = 1;
	int errn = err.n < 2 ? err.n : 2;
	if (field + errn > h)
		errn = h - field;
	int room = h - field - errn;
	int qn = q.n < room ? q.n : room;
	int hn = hints.n < room - qn ? hints.n : room - qn;
	int pinned = qn + hn + field + errn;
	bool rule = h - pinned >= 6;
	int log_h = h - pinned - (rule ? 1 : 0);
	if (log_h < 0)
		log_h = 0;

	/* the transcript above, newest at the bottom unless scrolled back */
	Lines past = {0};
	for (int i = 0; i < p->cur && i < p->nlog; i++)
		wrap_entry(&past, &p->log[i], w);
	/* a short transcript leaves the question right under it */
	if (log_h > past.n)
		log_h = past.n;
	int max_back = past.n - log_h > 0 ? past.n - log_h : 0;
	if (p->back > max_back)
		p->back = max_back;
	if (p->back < 0)
		p->back = 0;
	p->log_h = log_h;
	int top = past.n - log_h - p->back;
	if (top < 0)
		top = 0;
	int y = y0;
	for (int i = top; i < past.n && y < y0 + log_h; i++, y++)
		draw_line(&past.l[i], y, w);
	y = y0 + log_h;

	if (rule) {
		char t[160];
		if (p->d && !p->finished) {
			double pts, max;
			drill_score(p->d, &pts, &max);
			Buf clock = {0};
			drill_clock_text(p->d, &clock);
			snprintf(t, sizeof t, "Q%zu of %zu %s %g points so far%s%s%s%s", drill_current(p->d) + 1,
				 drill_count(p->d), a->g->dot, pts, clock.len ? " " : "",
				 clock.len ? a->g->dot : "", clock.len ? " " : "", clock.len ? clock.s : "");
			if (p->back) {
				size_t l = strlen(t);
				snprintf(t + l, sizeof t - l, "  (PgDn: newest)");
			}
			buf_free(&clock);
		} else {
			snprintf(t, sizeof t, "%s", p->back ? "PgDn: newest" : "");
		}
		int x = 1;
		if (t[0])
			x += ui_text(y, 1, w - 2, t, ST_DIM) + 1;
		ui_repeat(y, x, w - x - 1, a->g->hline, ST_DIM);
		y++;
	}
	for (int i = 0; i < qn; i++, y++)
		draw_line(&q.l[i], y, w);
	for (int i = hints.n - hn; i < hints.n; i++, y++)
		draw_line(&hints.l[i], y, w);
	if (y < y0 + h) {
		if (practice_typing(a)) {
			int x = 1 + ui_text(y, 1, w - 2, "> ", ST_KEY);
			le_draw(&p->answer, y, x, w - x - 1, ST_FIELD, a->prompt.kind == PR_NONE);
		} else {
			const char *t = a->s->title ? a->s->title : a->s->name;
			char line[300];
			snprintf(line, sizeof line, "n: a new drill on %s   Esc: back to the sheet", t);
			ui_text(y, 1, w - 2, line, ST_KEY);
		}
		y++;
	}
	for (int i = 0; i < errn && y < y0 + h; i++, y++)
		draw_line(&err.l[i], y, w);
	lines_free(&q);
	lines_free(&hints);
	lines_free(&err);
	lines_free(&past);
}

void practice_free(PracticeState *p)
{
	BoeError err;
	drop(p, &err);
	/* the screen is gone by now: stderr is shown once boe has ended */
	if (err.msg[0]) {
		char m[700];
		boe_error_format(&err, m, sizeof m);
		fprintf(stderr, "boe: the drill in progress was not saved to the history: %s\n", m);
	}
	log_clear(p);
	free(p->log);
	le_free(&p->answer);
	memset(p, 0, sizeof *p);
}
