/*
 * The interactive interface: the state its screens share, the shape every
 * screen has, and the drawing helpers. Only src/tui/ includes <curses.h>; the
 * engine under it knows nothing of the terminal.
 *
 * A screen is three functions, as in ncdu and htop: *_init when it is entered,
 * *_key for a key (returns UI_HANDLED|UI_REDRAW|UI_QUIT flags; 0 passes the
 * key on to the global keys) and *_draw for the body area. The main loop in
 * main.c picks the screen, and every frame is drawn whole (curses sends only
 * the difference).
 */
#ifndef BOE_TUI_H
#define BOE_TUI_H

#include <stdbool.h>
#include <stdio.h>
#include <curses.h>

#include "boe/drill.h"
#include "boe/preset.h"
#include "boe/scenario.h"
#include "tui/lineedit.h"

enum { UI_HANDLED = 1, UI_REDRAW = 2, UI_QUIT = 4 };

typedef enum ScreenId {
	SCR_SHEET,	/* the quantities, sections, explanation pane */
	SCR_CHARTS,	/* day's traffic curve, storage growth */
	SCR_AVAIL,	/* availability tiers against the SLA */
	SCR_LATENCY,	/* latency budget bar */
	SCR_NOTES,	/* notes, checks against the source, unused values */
	SCR_DRILL,	/* the interview drill (include/boe/drill.h) */
	SCR_RANGES,	/* the selected quantity's distribution and tornado */
	SCR_SWEEP,	/* a result against an input across a range (include/boe/whatif.h) */
	SCR_CARDS,	/* flashcards with spaced repetition (include/boe/cards.h) */
	SCR_MOCK,	/* a timed estimation mock and the self-score sheet (include/boe/mock.h) */
	SCR_PICKER,	/* preset picker */
	SCR_HELP,	/* every key */
	SCR_COUNT
} ScreenId;

typedef struct App App;

/* One key of a table: tables drive both the dispatch and the help screen. A table ends with {0}. */
typedef struct KeyBinding {
	int key;
	const char *label;	/* as shown in help and the key bar; NULL: an alias of the row above */
	const char *help;	/* one line for the help screen */
	int (*act)(App *);
	const char *bar;	/* short text for the key bar, or NULL */
} KeyBinding;

typedef struct Screen {
	const char *name;	/* tab title */
	int tab;		/* key that opens it as a tab ('1'...), 0 when not a tab */
	void (*init)(App *);
	int (*key)(App *, int key);
	void (*draw)(App *);
	const KeyBinding *keys;	/* its key table, for help and the key bar, or NULL */
	const char *short_name;	/* tab title on narrow terminals, NULL: name */
} Screen;

/* Looks key up in a table and runs its action; 0 when the table has no such key. */
int keys_dispatch(App *a, const KeyBinding *t, int key);
extern const KeyBinding global_keys[];

/* ---- styles and glyphs ---- */

typedef enum Style {
	ST_NORMAL, ST_TITLE, ST_DIM, ST_SECTION, ST_INPUT, ST_EDITED, ST_SELECT,
	ST_CHANGED, ST_ERROR, ST_OK, ST_WARN, ST_KEY, ST_BAR, ST_TAB, ST_TAB_ON,
	ST_CURVE, ST_AVG, ST_PEAK, ST_SEG0, ST_SEG1, ST_SEG2, ST_SEG3, ST_SEG4,
	ST_SEG5, ST_EASY, ST_MEDIUM, ST_HARD, ST_FIELD, ST_COUNT
} Style;
#define ST_NSEG 6

typedef struct Glyphs {
	const char *hline, *vline, *full, *eighth[9], *shade[ST_NSEG];
	const char *up, *down, *ok, *bad, *mark, *cursor, *dot;
} Glyphs;

/* ---- line editing (edit, find, paths, picker filter; the editor is tui/lineedit.h) ---- */

/* Draws the field at y,x in w columns and places the cursor there when show_cursor. */
void le_draw(LineEdit *le, int y, int x, int w, Style st, bool show_cursor);

/* ---- history of edits ---- */

typedef enum ChangeKind {
	CH_VALUE,	/* a listed quantity's expression; NULL: as the file (or the default) says */
	CH_BLOCK,	/* a tier's availability or replicas, a hop's time, the target (index, field) */
	CH_DEFINE,	/* a quantity of the user's own: before NULL added, after NULL removed */
	CH_TIER,	/* tier index: before/after its availability, NULL absent; extra its replicas */
	CH_HOP,		/* hop index: before/after its time, NULL absent; extra the target it took along */
} ChangeKind;

typedef enum BlockField { BF_AVAIL, BF_REPLICAS, BF_TIME, BF_TARGET } BlockField;

typedef struct Change {
	ChangeKind kind;
	char *name;		/* the quantity, or the tier's or hop's name */
	char *before, *after;	/* expression text (see the kinds) */
	int index;		/* CH_BLOCK, CH_TIER, CH_HOP: which tier or hop */
	BlockField field;	/* CH_BLOCK */
	char *extra;
} Change;

typedef struct Edit {
	Change *ch;
	int n;
} Edit;

typedef struct History {
	Edit *e;
	int n, cap, pos;	/* e[0..pos) are applied; e[pos..n) can be redone */
	int saved;		/* pos when last loaded or saved; -1 when no longer reachable */
	bool saved_any;		/* saved by this interface at least once: s->path is where */
} History;

typedef enum PromptKind {
	PR_NONE,
	PR_EDIT,	/* new expression for a quantity, drawn in its row */
	PR_FIND,	/* incremental search by name */
	PR_EXPORT,	/* path for the markdown report */
	PR_EXPORT_CHARTS, /* path for the markdown report, its charts beside it as SVG files */
	PR_SAVE,	/* path for the scenario file */
	PR_OVERWRITE,	/* y/n: replace an existing file */
	PR_QUIT,	/* unsaved changes: save, quit or stay */
	PR_DISCARD,	/* unsaved changes: open another preset anyway? */
	PR_BLOCK,	/* a tier's availability or replicas, a hop's time, the target */
	PR_ADD_TIER,	/* name = availability[, replicas] */
	PR_ADD_HOP,	/* name = time */
	PR_ADD_DEFINE,	/* name = expression: a quantity of the user's own */
	PR_SOLVE,	/* "TARGET for INPUT" for the selected result (solve.c) */
} PromptKind;

typedef struct Prompt {
	PromptKind kind;
	LineEdit le;
	int q;			/* PR_EDIT: the quantity */
	char error[600];	/* PR_EDIT: why the last entry was refused */
	int err_col;		/* byte offset of the error in the entry, or -1 */
	PromptKind then;	/* PR_OVERWRITE: what the path was for */
	char *path;		/* PR_OVERWRITE, PR_DISCARD: the file */
	int find_from;		/* PR_FIND: selection before the search */
	int index;		/* PR_BLOCK: the tier or hop */
	BlockField field;	/* PR_BLOCK */
	char label[200];	/* PR_BLOCK: what is edited ("tier 'lb' availability") */
} Prompt;

/* ---- the sheet's rows ---- */

typedef struct Row {
	int q;			/* quantity index, or -1 for a section heading */
	Section sec;
} Row;

typedef struct PickerState {
	PresetInfo *list;
	size_t n;
	int *shown, nshown;
	int sel, top;
	LineEdit filter;
	char error[600];
} PickerState;

/* One entry of the drill's transcript, wrapped when drawn. */
typedef struct PracticeLine {
	char *text;
	Style st;
	int grade;		/* -1, or the Grade whose word starts the text (drawn in its colour) */
	int indent;
} PracticeLine;

typedef struct PracticeState {
	Drill *d;		/* NULL before the first drill, or when the scenario had no question */
	DrillHistory *hist;	/* loaded when the drill started, for spaced repetition */
	LineEdit answer;
	PracticeLine *log;	/* scope, givens, then each question, hint, answer and grade */
	int nlog, cap;
	int cur;		/* log[cur..nlog): the question being asked and its hints (kept in view) */
	int back;		/* lines the transcript is scrolled back from the newest */
	int log_h;		/* lines the transcript had at the last draw */
	char error[512];	/* why the last answer could not be read */
	bool finished;		/* scored (or could not start): n starts another */
	bool saved;		/* appended to the history */
	/* the options asked before a drill starts: questions, time limit, seed */
	bool setup;		/* the options form is shown (the answer field edits the selected one) */
	int opt_sel;
	char opt[3][64];
} PracticeState;

struct App {
	Scenario *s;
	DisplayPrefs prefs;
	int units_mode;		/* 0 SI bytes, 1 SI bits, 2 IEC bytes, 3 IEC bits */
	ScreenId screen, back;	/* back: where help and the picker return */
	ScreenId help_back;	/* where help was opened (the picker keeps its filter) */
	ScreenId from;		/* the screen before the last switch */
	int h, w;		/* terminal size */
	bool too_small;
	bool small_quit;	/* q pressed once while too small with unsaved changes */
	/* sheet */
	Row *rows;
	int nrows, sel, top, list_h;
	int tier_sel, hop_sel;	/* the availability and latency views' selections */
	int list_w;		/* columns of the list (the pane is beside it from 160 columns) */
	int strip_h;		/* lines of the headline results above the list */
	Scenario *base;		/* b: the scenario as its file has it, shown beside; NULL when off */
	/* [ and ]: following the chain; Backspace goes back along it */
	int *trail, ntrail, captrail;
	int chain_from, chain_i, chain_at, chain_key;
	bool pane_path;		/* c: the pane shows the whole path upstream */
	struct PaneHit { int y, x0, x1, q; } hits[128];	/* names in the pane, for the mouse */
	int nhits;
	int count, count_digits;	/* a count typed before a motion (3j) */
	int list_y;		/* first screen line of the list, for the mouse */
	/* highlight of numbers an edit changed */
	double *changed_at;
	signed char *changed_dir;
	size_t nchanged;
	/* other screens scroll */
	int scroll[SCR_COUNT];
	int content_h[SCR_COUNT];	/* lines of the page at the last draw */
	History hist;
	Prompt prompt;
	PickerState picker;
	PracticeState practice;
	LineEdit *field;	/* the answer field a screen drew this frame (cards, mock), or NULL */
	char msg[700];
	Style msg_style;
	/* terminal */
	bool utf8, color;
	const Glyphs *g;
	MEVENT mouse;
	FILE *timing;		/* BOE_TUI_TIMING */
	double edit_t0;		/* when the change being drawn started, 0 when none */
	double edit_recompute_ms;
	char last_find[128];
	bool quit_after_save;
	double click_t;		/* last click on the sheet, for double clicks */
	int click_row;
	bool quit;
	int exit_code;
};

/* ---- term.c: the terminal ---- */

/* Starts curses on the controlling terminal; false (after printing why) when it cannot. */
bool ui_init(App *a);
/* Restores the terminal. Idempotent; safe from atexit and fatal signals. */
void ui_shutdown(void);
/* The signal that asked us to stop (SIGINT, SIGTERM, SIGHUP), or 0. */
int ui_signal(void);
/* Reads one key with a timeout in ms (-1 blocks); ERR when none. */
int ui_getkey(App *a, int timeout_ms);

attr_t ui_attr(Style st);
/*
 * Draws UTF-8 text sanitised, clipped to w columns (text cut short ends with
 * an ellipsis), transliterated to ASCII when needed. Returns columns drawn.
 */
int ui_text(int y, int x, int w, const char *s, Style st);
int ui_textf(int y, int x, int w, Style st, const char *fmt, ...) BOE_PRINTF(5, 6);
/* Draws only lines top <= y < bottom until ui_unclip (a scrolled page under the header). */
void ui_clip(int top, int bottom);
void ui_unclip(void);
/* Display columns of s as ui_text draws it. */
int ui_width(const char *s);
/* Fills w columns with spaces in a style. */
void ui_fill(int y, int x, int w, Style st);
/* Draws glyph g n times. */
void ui_repeat(int y, int x, int n, const char *g, Style st);
/* Word-wraps s into at most maxl lines of w columns from y; returns lines used. */
int ui_wrap(int y, int x, int w, int maxl, const char *s, Style st);
/* Splits s (sanitised, newlines kept) into lines of at most w columns. Free with ui_free_lines. */
int ui_wrap_lines(const char *s, int w, char ***out);
void ui_free_lines(char **lines, int n);

/*
 * A scrolling page of text (help, notes): lines are counted from 0 and only
 * those inside [top, top + h) are drawn at y0.
 */
typedef struct Pager {
	int vy, top, y0, h, w;
	bool rec;	/* the help: lines are kept for searching */
} Pager;
void pager_line(Pager *p, int x, const char *text, Style st);
/* Draws at x on the current line without advancing. */
void pager_at(Pager *p, int x, int w, const char *text, Style st);
void pager_wrap(Pager *p, int x, const char *text, Style st);
void pager_rule(Pager *p, const App *a, const char *title);

/* ---- page.c: the page base the views scroll with ---- */

/* Starts a page: lines outside the body are clipped from here to page_end. */
void page_begin(App *a);
/* Screen line of page line n (0 is the body's first line when not scrolled). */
int page_y(const App *a, int line);
/* Ends the page of `lines` lines: records its height and marks that more is above or below. */
void page_end(App *a, int lines);
/* Scrolls so that page lines first..last are in view. */
void page_show(App *a, int first, int last);
void fmt_pct(double v, char *out, size_t n);
void fmt_dur(const App *a, double s, char *out, size_t n);
/* One stacked bar of parts, to scale (w columns are `scale`), from x; returns where it ends. */
int ui_stacked(const App *a, int y, int x, int w, const double *parts, int n, double scale);

/* ---- main.c ---- */

extern const Screen screens[SCR_COUNT];
/* The body area of a screen: between the header (4 lines) and the message and key bar. */
#define BODY_Y 4
static inline int body_h(const App *a) { return a->h - BODY_Y - 2; }

void app_message(App *a, Style st, const char *fmt, ...) BOE_PRINTF(3, 4);
/* Replaces the scenario (after a successful load); resets history and the sheet. */
void app_set_scenario(App *a, Scenario *s);
/* Unsaved edits? */
bool app_unsaved(const App *a);
void app_switch(App *a, ScreenId id);
/* Writes a timing line when BOE_TUI_TIMING is set. */
void app_timing(App *a, const char *what, double ms, double recompute_ms);
/* Draws the whole frame and sends it to the terminal. */
void app_draw(App *a);

/* ---- sheet.c ---- */

void sheet_init(App *a);
int sheet_key(App *a, int key);
void sheet_draw(App *a);
void sheet_build_rows(App *a);
/* Selects quantity q (by index) and scrolls it into view. */
void sheet_select(App *a, int q);
/* First visible quantity whose name contains text (prefix matches first), from the selection on. */
int sheet_find(App *a, const char *text, int from);
extern const KeyBinding sheet_keys[];

/* ---- edit.c: changing values, history, prompts ---- */

/* Applies one change (text NULL = reset) and records it; err filled on failure, when nothing changed. */
bool edit_apply(App *a, const char *name, const char *text, BoeError *err);
/*
 * Applies c (its after side) and records it in the history, which takes the
 * strings; on failure nothing changed, c is freed and err says why.
 */
bool edit_change(App *a, Change c, BoeError *err);
/* The quantity of a tier's or hop's field (or the target), or -1. */
int block_quantity(const Scenario *s, int index, BlockField f);
/*
 * After quantities were added or removed: per-quantity arrays and the sheet's
 * rows follow, and the quantity named keep (the selection before) stays selected.
 */
void app_structure_changed(App *a, const char *keep);
/* The engine's error as the interface shows it (no "edit:1:3:" prefix for the entry itself). */
void edit_error_text(const BoeError *e, char *out, size_t n);
/* Multiplies the selected input by f, writing the new value as the user would. */
int edit_nudge(App *a, double f);
int edit_undo(App *a);
int edit_redo(App *a);
int edit_reset(App *a);
int edit_reset_all(App *a);
void history_clear(History *h);
/* True while some number is still highlighted (the loop then wakes up to fade it). */
bool edit_highlighting(const App *a);

void prompt_open(App *a, PromptKind k, const char *text);
/* Opens the prompt for a tier's or hop's field (or the target) with its text. */
void prompt_block(App *a, int index, BlockField f);
/* Sets a tier's or hop's field (or the target) to text, recorded for undo; says what happened. */
bool block_set(App *a, int index, BlockField f, const char *text);
/* Removes tier or hop i, recorded for undo. */
void block_remove(App *a, bool hop, int i);
/* Removes the quantity of the user's own named name, recorded for undo. */
void define_remove(App *a, const char *name);
void prompt_close(App *a);
int prompt_key(App *a, int key);
/* Draws prompts that live on the message line. */
void prompt_draw(App *a);
extern const KeyBinding line_keys[];

/* ---- files.c ---- */

int files_export(App *a);
int files_export_charts(App *a);
int files_save(App *a);
/* Called when the user confirmed or gave a path: writes, asking before overwriting unless force. */
void files_write(App *a, PromptKind what, const char *path, bool force);

/* ---- the other screens ---- */

void charts_draw(App *a);
int charts_key(App *a, int key);

/* ranges.c: the Ranges view; and q's interval for the sheet, "(90%: 21K–58K) " or "". */
void ranges_init(App *a);
int ranges_key(App *a, int key);
void ranges_draw(App *a);
void ranges_interval(const App *a, int q, char *out, size_t n);
extern const KeyBinding ranges_keys[];

void avail_draw(App *a);
int avail_key(App *a, int key);
extern const KeyBinding avail_keys[];
void latency_draw(App *a);
int latency_key(App *a, int key);
extern const KeyBinding latency_keys[];
void notes_draw(App *a);
int notes_key(App *a, int key);

void picker_init(App *a);
int picker_key(App *a, int key);
void picker_draw(App *a);
void picker_free(PickerState *p);
/* Loads and opens the scenario at path (after asking about unsaved changes). */
void picker_open_path(App *a, const char *path);
extern const KeyBinding picker_keys[];

void practice_init(App *a);
int practice_key(App *a, int key);
void practice_draw(App *a);
/* Whether the answer field takes the keys (a drill is in progress). */
bool practice_typing(const App *a);
/* Whether the drill screen shows a clock that moves (a time limit is running). */
bool practice_ticking(const App *a);
/* Frees the drill; one answered in part is scored and saved to the history first. */
void practice_free(PracticeState *p);
extern const KeyBinding practice_keys[];

/* solve.c: S on the sheet solves for an input and applies it as an edit */
int solve_open(App *a);
int solve_prompt_key(App *a, int key);
const char *solve_prompt_label(const App *a);
/* sweep.c: the Sweep view */
void sweep_init(App *a);
int sweep_key(App *a, int key);
void sweep_draw(App *a);
extern const KeyBinding sweep_keys[];
/* cards.c and mock.c: the practice modes' screens (their state is their own) */
void cards_screen_init(App *a);
int cards_screen_key(App *a, int key);
void cards_screen_draw(App *a);
bool cards_screen_typing(const App *a);
void cards_screen_free(void);
extern const KeyBinding cards_screen_keys[];
void mock_screen_init(App *a);
int mock_screen_key(App *a, int key);
void mock_screen_draw(App *a);
bool mock_screen_typing(const App *a);
bool mock_screen_ticking(const App *a);
void mock_screen_free(void);
extern const KeyBinding mock_screen_keys[];

void help_init(App *a);
int help_key(App *a, int key);
void help_draw(App *a);
/* Scrolls the help to the first line containing text from line from on (dir 1 or -1); -1 when none. */
int help_find(App *a, const char *text, int from, int dir);
/* Every key table as markdown (docs/tui.md's key section). */
void help_keys_markdown(Buf *out);
/* Frees what the help keeps for searching. */
void help_free(void);
extern const KeyBinding help_keys[];

/* Scrolls a paged screen (help, notes...) by key; 0 when key is not a scrolling key. */
int scroll_key(App *a, int key);

#endif
