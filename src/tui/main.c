/*
 * `boe` and `boe tui [PRESET|FILE]`: loads the scenario, starts the terminal,
 * runs the loop that reads a key, hands it to the open prompt, the current
 * screen or the global keys, and draws the frame again. Also the parts of the
 * frame every screen shares: header, tabs, message line and key bar.
 *
 * BOE_TUI_TIMING=PATH appends "first_frame_ms N" once the first frame is on
 * the terminal and "edit_ms N recompute_ms M" after each change of a value
 * (recompute and redraw), for `make bench`.
 */
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "tui/tui.h"

#define MIN_W 60
#define MIN_H 16

static void view_init(App *a)
{
	(void)a;
}

/*
 * Every screen, in tab order: its name, tab key, operations and key table.
 * Help and the key bar are written from these rows; a new screen is one file
 * and one row here.
 */
const Screen screens[SCR_COUNT] = {
	[SCR_SHEET] = {"Sheet", '1', sheet_init, sheet_key, sheet_draw, sheet_keys, NULL},
	[SCR_CHARTS] = {"Charts", '2', view_init, charts_key, charts_draw, NULL, NULL},
	[SCR_AVAIL] = {"Availability", '3', view_init, avail_key, avail_draw, avail_keys, "Avail"},
	[SCR_LATENCY] = {"Latency", '4', view_init, latency_key, latency_draw, latency_keys, NULL},
	[SCR_NOTES] = {"Notes & checks", '5', view_init, notes_key, notes_draw, NULL, "Notes"},
	[SCR_DRILL] = {"Drill", '6', practice_init, practice_key, practice_draw, practice_keys, NULL},
	[SCR_RANGES] = {"Ranges", '7', ranges_init, ranges_key, ranges_draw, ranges_keys, NULL},
	[SCR_SWEEP] = {"Sweep", '8', sweep_init, sweep_key, sweep_draw, sweep_keys, NULL},
	[SCR_CARDS] = {"Cards", '9', cards_screen_init, cards_screen_key, cards_screen_draw, cards_screen_keys, NULL},
	[SCR_MOCK] = {"Mock", '0', mock_screen_init, mock_screen_key, mock_screen_draw, mock_screen_keys, NULL},
	[SCR_PICKER] = {"Presets", 0, picker_init, picker_key, picker_draw, picker_keys, NULL},
	[SCR_HELP] = {"Help", 0, help_init, help_key, help_draw, help_keys, NULL},
};

/* ---- global keys ---- */

static int act_quit(App *a)
{
	if (app_unsaved(a)) {
		prompt_open(a, PR_QUIT, NULL);
		return UI_REDRAW;
	}
	return UI_QUIT;
}

static int act_help(App *a)
{
	app_switch(a, SCR_HELP);
	return UI_REDRAW;
}

static int act_picker(App *a)
{
	app_switch(a, SCR_PICKER);
	return UI_REDRAW;
}

static int act_units(App *a)
{
	static const char *names[] = {"SI prefixes, rates in bytes", "SI prefixes, rates in bits",
				      "IEC prefixes (KiB, MiB), rates in bytes",
				      "IEC prefixes (KiB, MiB), rates in bits"};
	a->units_mode = (a->units_mode + 1) % 4;
	a->prefs.iec = a->units_mode >= 2;
	a->prefs.bits_rates = a->units_mode % 2 == 1;
	app_message(a, ST_NORMAL, "units: %s", names[a->units_mode]);
	return UI_REDRAW;
}

static int tab_step(App *a, int dir)
{
	int n = 0, cur = 0;
	ScreenId tabs[SCR_COUNT];
	for (int i = 0; i < SCR_COUNT; i++)
		if (screens[i].tab) {
			if ((ScreenId)i == a->screen)
				cur = n;
			tabs[n++] = (ScreenId)i;
		}
	app_switch(a, tabs[(cur + dir + n) % n]);
	return UI_REDRAW;
}

static int act_next_view(App *a) { return tab_step(a, 1); }
static int act_prev_view(App *a) { return tab_step(a, -1); }
static int act_sheet(App *a) { app_switch(a, SCR_SHEET); return UI_REDRAW; }
static int act_charts(App *a) { app_switch(a, SCR_CHARTS); return UI_REDRAW; }
static int act_avail(App *a) { app_switch(a, SCR_AVAIL); return UI_REDRAW; }
static int act_latency(App *a) { app_switch(a, SCR_LATENCY); return UI_REDRAW; }
static int act_notes(App *a) { app_switch(a, SCR_NOTES); return UI_REDRAW; }
static int act_drill(App *a) { app_switch(a, SCR_DRILL); return UI_REDRAW; }
static int act_ranges(App *a) { app_switch(a, SCR_RANGES); return UI_REDRAW; }
static int act_sweep(App *a) { app_switch(a, SCR_SWEEP); return UI_REDRAW; }
static int act_cards(App *a) { app_switch(a, SCR_CARDS); return UI_REDRAW; }
static int act_mock(App *a) { app_switch(a, SCR_MOCK); return UI_REDRAW; }

static int act_back(App *a)
{
	if (a->screen == SCR_SHEET)
		return UI_HANDLED;
	app_switch(a, a->screen == SCR_HELP || a->screen == SCR_PICKER ? a->back : SCR_SHEET);
	return UI_REDRAW;
}

static int act_refresh(App *a)
{
	(void)a;
	clearok(curscr, TRUE);
	return UI_REDRAW;
}

const KeyBinding global_keys[] = {
	{'p', "p", "preset picker: type to filter, Enter opens", act_picker, NULL},
	{'u', "u", "switch units: SI/IEC prefixes, bytes/bits for data rates", act_units, NULL},
	{'e', "e", "export the report: markdown, or the format of the name's extension, as boe calc -o (with b on, markdown has the changes too)", files_export, "export"},
	{'E', "E", "export the markdown report with its charts beside it as SVG files (as boe calc -o REPORT.md --charts)", files_export_charts, NULL},
	{'s', "s", "save the scenario as YAML in your presets directory", files_save, "save"},
	{'\t', "Tab", "next view (a digit opens its view after a moment: 3j moves three down)", act_next_view, "views"},
	{KEYFN(KEY_BTAB), "S-Tab", "previous view", act_prev_view, NULL},
	{'?', "?", "help (also F1): every key (/ searches it)", act_help, "help"},
	{KEYFN(KEY_F(1)), NULL, NULL, act_help, NULL},
	{'q', "q", "quit (asks when there are unsaved changes)", act_quit, "quit"},
	{'1', "1", "sheet: every quantity, its formula and numbers", act_sheet, NULL},
	{'2', "2", "charts: the day's traffic and storage growth", act_charts, NULL},
	{'3', "3", "availability: tiers, composite against the SLA", act_avail, NULL},
	{'4', "4", "latency budget: hops against the target", act_latency, NULL},
	{'5', "5", "notes, checks against the source, unused values", act_notes, NULL},
	{'6', "6 d", "interview drill on this scenario: each estimate asked and graded", act_drill, NULL},
	{'d', NULL, NULL, act_drill, NULL},
	{'7', "7", "ranges: the selected quantity's distribution and what moves it", act_ranges, NULL},
	{'8', "8", "sweep: a result plotted against an input across a range", act_sweep, NULL},
	{'9', "9", "cards: today's flashcards of the numbers to know (spaced repetition)", act_cards, NULL},
	{'0', "0", "mock: a timed estimation mock on this scenario, then the self-score sheet", act_mock, NULL},
	{KEY_ESC, "Esc", "back to the sheet (or where help was opened)", act_back, NULL},
	{KEYCTRL('l'), "C-l", "redraw the screen", act_refresh, NULL},
	{0, NULL, NULL, NULL, NULL},
};

int keys_dispatch(App *a, const KeyBinding *t, int key)
{
	for (size_t i = 0; t && t[i].key; i++)
		if (t[i].key == key && t[i].act)
			return t[i].act(a) | UI_HANDLED;
	return 0;
}

/* ---- app state ---- */

void app_message(App *a, Style st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_style = st;
}

bool app_unsaved(const App *a)
{
	return a->hist.pos != a->hist.saved;
}

void app_switch(App *a, ScreenId id)
{
	if (id == a->screen)
		return;
	if (id == SCR_HELP || id == SCR_PICKER) {
		if (a->screen != SCR_HELP && a->screen != SCR_PICKER)
			a->back = a->screen;
	}
	if (id == SCR_HELP)
		a->help_back = a->screen;
	a->from = a->screen;
	a->screen = id;
	screens[id].init(a);
}

void app_structure_changed(App *a, const char *keep)
{
	const Scenario *s = a->s;
	char name[128];
	snprintf(name, sizeof name, "%s", keep ? keep : "");
	free(a->changed_at);
	free(a->changed_dir);
	a->nchanged = s->nq;
	a->changed_at = xcalloc(s->nq, sizeof *a->changed_at);
	a->changed_dir = xcalloc(s->nq, sizeof *a->changed_dir);
	int top = a->top, sel = a->sel;
	sheet_build_rows(a);
	a->top = top;
	a->sel = sel < a->nrows ? sel : a->nrows - 1;
	if (a->sel >= 0 && a->nrows && a->rows[a->sel].q < 0 && a->sel + 1 < a->nrows)
		a->sel++;
	int qi = name[0] ? scenario_find(s, name) : -1;
	if (qi >= 0)
		sheet_select(a, qi);
	/* indices moved: the way back is forgotten */
	a->ntrail = 0;
	a->chain_from = -1;
}

void app_set_scenario(App *a, Scenario *s)
{
	scenario_free(a->s);
	a->s = s;
	history_clear(&a->hist);
	free(a->changed_at);
	free(a->changed_dir);
	a->nchanged = s->nq;
	a->changed_at = xcalloc(s->nq, sizeof *a->changed_at);
	a->changed_dir = xcalloc(s->nq, sizeof *a->changed_dir);
	for (int i = 0; i < SCR_COUNT; i++)
		a->scroll[i] = 0;
	a->ntrail = 0;
	a->chain_from = -1;
	a->tier_sel = a->hop_sel = 0;
	scenario_free(a->base);
	a->base = NULL;
	sheet_build_rows(a);
}

void app_timing(App *a, const char *what, double ms, double recompute_ms)
{
	if (!a->timing)
		return;
	if (recompute_ms >= 0)
		fprintf(a->timing, "%s %.3f recompute_ms %.3f\n", what, ms, recompute_ms);
	else
		fprintf(a->timing, "%s %.3f\n", what, ms);
	fflush(a->timing);
}

/* ---- the shared parts of the frame ---- */

/*
 * The tabs: " 1 Sheet " each, one space apart; when they do not all fit, the
 * short names without padding ("1 Sheet 2 Charts 3 Avail ...") so every tab
 * stays visible down to the smallest size.
 */
static bool tabs_compact(const App *a)
{
	int x = 0;
	for (int i = 0; i < SCR_COUNT; i++)
		if (screens[i].tab)
			x += ui_width(screens[i].name) + 5;
	return x > a->w;
}

/* The label of tab i; returns its width. */
static int tab_label(const App *a, int i, char *out, size_t n)
{
	if (tabs_compact(a))
		snprintf(out, n, "%c %s", screens[i].tab,
			 screens[i].short_name ? screens[i].short_name : screens[i].name);
	else
		snprintf(out, n, " %c %s ", screens[i].tab, screens[i].name);
	return ui_width(out);
}

static void draw_header(App *a)
{
	const Scenario *s = a->s;
	const Glyphs *g = a->g;
	ui_fill(0, 0, a->w, ST_TITLE);
	int x = ui_text(0, 1, a->w - 2, "boe", ST_TITLE) + 1;
	x += ui_text(0, x, a->w - x, " ", ST_TITLE);
	x += ui_text(0, x, a->w - x, g->vline, ST_TITLE);
	x += ui_text(0, x, a->w - x, " ", ST_TITLE);
	char right[160];
	static const char *units[] = {"SI bytes", "SI bits", "IEC bytes", "IEC bits"};
	snprintf(right, sizeof right, "%s%s ", app_unsaved(a) ? "[modified] " : "", units[a->units_mode]);
	int rw = ui_width(right);
	ui_text(0, x, a->w - x - rw - 1, s->title ? s->title : s->name, ST_TITLE);
	if (a->w - rw > x)
		ui_text(0, a->w - rw, rw, right, ST_TITLE);

	int dw = 0;
	if (s->difficulty && *s->difficulty) {
		char d[64];
		snprintf(d, sizeof d, "[%.40s]", s->difficulty);
		dw = ui_width(d);
		Style st = strcmp(s->difficulty, "easy") == 0     ? ST_EASY
			   : strcmp(s->difficulty, "medium") == 0 ? ST_MEDIUM
			   : strcmp(s->difficulty, "hard") == 0   ? ST_HARD
								  : ST_NORMAL;
		ui_text(1, a->w - dw - 1, dw, d, st);
	}
	ui_text(1, 1, a->w - dw - 3, s->summary ? s->summary : "", ST_NORMAL);
	char src[600];
	snprintf(src, sizeof src, "source: %s%s%s", s->source ? s->source : "(none)",
		 s->path ? "  file: " : "", s->path ? s->path : "");
	ui_text(2, 1, a->w - 2, src, ST_DIM);

	x = 0;
	for (int i = 0; i < SCR_COUNT && x < a->w; i++) {
		if (!screens[i].tab)
			continue;
		bool on = (ScreenId)i == a->screen ||
			  ((a->screen == SCR_HELP || a->screen == SCR_PICKER) && (ScreenId)i == a->back);
		char t[64];
		tab_label(a, i, t, sizeof t);
		x += ui_text(3, x, a->w - x, t, on ? ST_TAB_ON : ST_TAB);
		x += ui_text(3, x, a->w - x, " ", ST_NORMAL);
	}
	if (a->screen == SCR_HELP || a->screen == SCR_PICKER) {
		char t[64];
		snprintf(t, sizeof t, " %s ", screens[a->screen].name);
		ui_text(3, x, a->w - x, t, ST_TAB_ON);
	}
}

static int bar_item(App *a, int x, const char *key, const char *text)
{
	if (x >= a->w)
		return x;
	int need = ui_width(key) + ui_width(text) + 2;
	if (x + need > a->w)
		return a->w;
	x += ui_text(a->h - 1, x, a->w - x, key, ST_KEY);
	x += ui_text(a->h - 1, x, a->w - x, " ", ST_BAR);
	x += ui_text(a->h - 1, x, a->w - x, text, ST_BAR);
	x += ui_text(a->h - 1, x, a->w - x, " ", ST_BAR);
	return x;
}

static void draw_keybar(App *a)
{
	int y = a->h - 1;
	ui_fill(y, 0, a->w, ST_BAR);
	int x = 0;
	if (a->prompt.kind == PR_EDIT) {
		x = bar_item(a, x, "Enter", "apply");
		x = bar_item(a, x, "Esc", "cancel");
		x = bar_item(a, x, "empty", "back to the file's value");
		bar_item(a, x, "e.g.", "50M  20 / day  500 B  99.9%  200 ms  2 * dau");
		return;
	}
	const Screen *sc = &screens[a->screen];
	bool typing = (a->screen == SCR_DRILL && practice_typing(a)) ||
		      (a->screen == SCR_CARDS && cards_screen_typing(a)) ||
		      (a->screen == SCR_MOCK && mock_screen_typing(a));
	if (a->screen == SCR_DRILL && !typing) {
		/* a drill that is over: the view's keys and the global ones */
		x = bar_item(a, x, "n", "new drill");
		x = bar_item(a, x, "PgUp PgDn", "scroll");
		x = bar_item(a, x, "Esc", "back");
	} else if (!sc->keys) {
		x = bar_item(a, x, "j k", "scroll");
	} else {
		for (size_t i = 0; sc->keys[i].key; i++)
			if (sc->keys[i].bar)
				x = bar_item(a, x, sc->keys[i].label, sc->keys[i].bar);
	}
	/* the answer field takes the letters the global keys use */
	if (a->screen == SCR_PICKER || a->screen == SCR_HELP || typing)
		return;
	for (size_t i = 0; global_keys[i].key; i++)
		if (global_keys[i].bar)
			x = bar_item(a, x, global_keys[i].label, global_keys[i].bar);
}

static void draw_too_small(App *a)
{
	char t[300];
	/* the warning comes first: on a tiny window the rest is cut, and it must not be */
	if (a->small_quit)
		snprintf(t, sizeof t, "Unsaved changes! q again quits without saving them; any other key keeps them. "
			 "(Terminal too small: %dx%d, boe needs %dx%d.)", a->w, a->h, MIN_W, MIN_H);
	else
		snprintf(t, sizeof t, "Terminal too small (%dx%d). boe needs at least %dx%d: enlarge the window, or press q to quit.",
			 a->w, a->h, MIN_W, MIN_H);
	ui_wrap(0, 0, a->w, a->h, t, ST_NORMAL);
}

void app_draw(App *a)
{
	erase();
	a->prompt.le.cx = a->picker.filter.cx = a->practice.answer.cx = -1;
	a->field = NULL;
	a->too_small = a->w < MIN_W || a->h < MIN_H;
	if (a->too_small) {
		draw_too_small(a);
		curs_set(0);
		refresh();
		return;
	}
	draw_header(a);
	screens[a->screen].draw(a);
	int y = a->h - 2;
	if (a->prompt.kind != PR_NONE && a->prompt.kind != PR_EDIT)
		prompt_draw(a);
	else if (a->msg[0])
		ui_text(y, 1, a->w - 2, a->msg, a->msg_style);
	draw_keybar(a);
	const LineEdit *le = a->prompt.le.cx >= 0	  ? &a->prompt.le
			     : a->practice.answer.cx >= 0 ? &a->practice.answer
			     : a->field && a->field->cx >= 0 ? a->field
							  : &a->picker.filter;
	if (le->cx >= 0) {
		move(le->cy, le->cx);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

/* ---- the loop ---- */

static int handle_key(App *a, int key);

/* Screens where digits count (elsewhere they are typed into a field). */
static bool counting(const App *a)
{
	/* the answer fields take the digits */
	return a->screen != SCR_PICKER && a->screen != SCR_DRILL &&
	       !(a->screen == SCR_CARDS && cards_screen_typing(a)) &&
	       !(a->screen == SCR_MOCK && mock_screen_typing(a));
}

static bool repeatable(int key)
{
	return key == 'j' || key == 'k' || key == KEYFN(KEY_DOWN) || key == KEYFN(KEY_UP) || key == '+' ||
	       key == '-' || key == '[' || key == ']';
}

static int dispatch(App *a, int key)
{
	if (key == KEYFN(KEY_RESIZE)) {
		/* a warning given at another size may not have been seen: ask again */
		a->small_quit = false;
		return UI_REDRAW;
	}
	if (a->too_small) {
		/* nothing can be seen: only quitting makes sense */
		if (key != 'q') {
			a->small_quit = false;
			return UI_REDRAW;
		}
		if (!app_unsaved(a) || a->small_quit)
			return UI_QUIT;
		a->small_quit = true;
		return UI_REDRAW;
	}
	a->small_quit = false;
	if (a->prompt.kind != PR_NONE)
		return prompt_key(a, key);
	a->msg[0] = '\0';
	if (key == KEYFN(KEY_MOUSE) && (a->mouse.bstate & BUTTON1_PRESSED) && a->mouse.y == 3) {
		/* a click on a tab */
		int x = 0;
		for (int i = 0; i < SCR_COUNT; i++) {
			if (!screens[i].tab)
				continue;
			char t[64];
			int w = tab_label(a, i, t, sizeof t);
			if (a->mouse.x >= x && a->mouse.x < x + w) {
				app_switch(a, (ScreenId)i);
				return UI_REDRAW;
			}
			x += w + 1;
		}
		return UI_HANDLED;
	}
	if (counting(a) && ((key >= '1' && key <= '9') || (key == '0' && a->count > 0))) {
		/* a count: 3j moves three; a digit alone opens its view after a moment */
		a->count = a->count * 10 + (key - '0');
		if (a->count > 9999)
			a->count = 9999;
		a->count_digits++;
		app_message(a, ST_DIM, "%d: j, k, + or - that many times (a digit alone opens its view)", a->count);
		return UI_REDRAW;
	}
	if (a->count) {
		int n = a->count, digits = a->count_digits;
		a->count = a->count_digits = 0;
		a->msg[0] = '\0';
		if (key == KEY_ESC)
			return UI_REDRAW;
		if (repeatable(key)) {
			int f = 0;
			for (int i = 0; i < n && !(f & UI_QUIT); i++)
				f |= handle_key(a, key);
			return f | UI_REDRAW;
		}
		if (digits == 1)
			keys_dispatch(a, global_keys, '0' + n);
	}
	return handle_key(a, key);
}

/* The key for the screen, then the global keys. */
static int handle_key(App *a, int key)
{
	int f = screens[a->screen].key(a, key);
	if (f)
		return f;
	if (a->screen == SCR_PICKER)
		return UI_HANDLED;
	f = keys_dispatch(a, global_keys, key);
	if (f)
		return f;
	if (key >= 0x20 && key < 0x7f)
		app_message(a, ST_DIM, "'%c' does nothing here; ? lists the keys", key);
	return UI_REDRAW;
}

static void run(App *a, double t0)
{
	app_draw(a);
	app_timing(a, "first_frame_ms", (now_seconds() - t0) * 1000, -1);
	bool lit = edit_highlighting(a);
	while (!a->quit && !ui_signal()) {
		int key = ui_getkey(a, lit ? 80 : a->count ? 400 : 500);
		if (ui_signal())
			break;
		if (key == ERR && a->count) {
			/* a digit alone: the view it names */
			int n = a->count, digits = a->count_digits;
			a->count = a->count_digits = 0;
			a->msg[0] = '\0';
			if (digits == 1 && !a->too_small && a->prompt.kind == PR_NONE)
				keys_dispatch(a, global_keys, '0' + n);
			app_draw(a);
			continue;
		}
		if (key == ERR) {
			/* a timeout: let the highlight of changed numbers fade; the drill's clock moves */
			if ((a->screen == SCR_DRILL && practice_ticking(a)) ||
			    (a->screen == SCR_MOCK && mock_screen_ticking(a)))
				app_draw(a);
			if (lit) {
				app_draw(a);
				lit = edit_highlighting(a);
			}
			continue;
		}
		if (key == KEYFN(KEY_RESIZE))
			getmaxyx(stdscr, a->h, a->w);
		int f = dispatch(a, key);
		if (f & UI_QUIT)
			break;
		app_draw(a);
		if (a->edit_t0 > 0) {
			app_timing(a, "edit_ms", (now_seconds() - a->edit_t0) * 1000, a->edit_recompute_ms);
			a->edit_t0 = 0;
		}
		lit = edit_highlighting(a);
	}
}

static void usage(FILE *f)
{
	fputs("usage: boe tui [PRESET|FILE]\n"
	      "\n"
	      "Opens the interactive interface on a preset (see 'boe list'), a scenario\n"
	      "file, or with no argument the default scenario. Change any value and every\n"
	      "number that depends on it follows; ? inside lists the keys.\n"
	      "Without a terminal, use 'boe calc' instead.\n", f);
}

int cmd_tui(int argc, char **argv)
{
	double t0 = now_seconds();
	const char *arg = NULL;
	if (argc > 1 || strcmp(argv[0], "tui") == 0) {
		for (int i = 1; i < argc; i++) {
			if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
				usage(stdout);
				return EXIT_OK;
			}
			if (strcmp(argv[i], "--keys-markdown") == 0) {
				/* the key tables, for docs/tui.md */
				Buf b = {0};
				help_keys_markdown(&b);
				fputs(b.s, stdout);
				buf_free(&b);
				return EXIT_OK;
			}
			if (argv[i][0] == '-' && argv[i][1] != '\0') {
				cli_fail("tui: unknown option '%s'", argv[i]);
				usage(stderr);
				return EXIT_USAGE;
			}
			if (arg) {
				cli_fail("tui: one preset or file at a time");
				usage(stderr);
				return EXIT_USAGE;
			}
			arg = argv[i];
		}
	}
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		cli_fail("not a terminal; for output to a file or a pipe use 'boe calc %s' (text, markdown, json or yaml)",
			 arg && strcmp(arg, "-") != 0 ? arg : "[PRESET]");
		return EXIT_USAGE;
	}
	if (arg && strcmp(arg, "-") == 0) {
		cli_fail("tui: the terminal is the input here; save the scenario to a file and open that");
		return EXIT_USAGE;
	}
	Scenario *s;
	cli_keep_samples = true; /* the Ranges view draws them */
	if (arg) {
		s = cli_load(arg);
		if (!s)
			return EXIT_USAGE;
	} else {
		s = scenario_new_default();
		BoeError err;
		if (!scenario_compute(s, &err)) {
			cli_error(&err);
			scenario_free(s);
			return EXIT_USAGE;
		}
	}
	/* characters only: numbers keep the C locale's decimal point */
	setlocale(LC_CTYPE, "");
	App *a = xcalloc(1, sizeof *a);
	a->screen = a->back = SCR_SHEET;
	a->prompt.q = -1;
	a->chain_from = -1;
	const char *tp = getenv("BOE_TUI_TIMING");
	if (tp && *tp)
		a->timing = fopen(tp, "a");
	app_set_scenario(a, s);
	int rc = EXIT_OK;
	if (!ui_init(a)) {
		rc = EXIT_USAGE;
	} else {
		sheet_init(a);
		run(a, t0);
		ui_shutdown();
		int sig = ui_signal();
		if (sig)
			rc = 128 + sig;
	}
	if (a->timing)
		fclose(a->timing);
	prompt_close(a);
	le_free(&a->prompt.le);
	picker_free(&a->picker);
	help_free();
	practice_free(&a->practice);
	cards_screen_free();
	mock_screen_free();
	history_clear(&a->hist);
	free(a->hist.e);
	free(a->rows);
	free(a->changed_at);
	free(a->changed_dir);
	free(a->trail);
	scenario_free(a->base);
	scenario_free(a->s);
	free(a);
	return rc;
}
