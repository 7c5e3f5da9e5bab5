/*
 * The help screen, written from the key tables themselves so it cannot
 * drift from what the keys do, and the pager that the help and notes
 * screens scroll with.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

/* ---- pager ---- */

/* The help's lines as last drawn, for / to search. */
static char **rec_lines;
static int rec_n, rec_cap;
static int help_hit = -1;	/* the line the last search found, shown selected */

static void record(int vy, const char *text)
{
	if (vy >= rec_cap) {
		int cap = rec_cap ? rec_cap * 2 : 128;
		while (cap <= vy)
			cap *= 2;
		rec_lines = xrealloc(rec_lines, (size_t)cap * sizeof *rec_lines);
		for (int i = rec_cap; i < cap; i++)
			rec_lines[i] = NULL;
		rec_cap = cap;
	}
	char *old = rec_lines[vy];
	rec_lines[vy] = xasprintf("%s %s", old ? old : "", text);
	free(old);
	if (vy >= rec_n)
		rec_n = vy + 1;
}

void help_free(void)
{
	for (int i = 0; i < rec_cap; i++)
		free(rec_lines[i]);
	free(rec_lines);
	rec_lines = NULL;
	rec_n = rec_cap = 0;
}

static bool visible(const Pager *p)
{
	return p->vy >= p->top && p->vy < p->top + p->h;
}

void pager_at(Pager *p, int x, int w, const char *text, Style st)
{
	if (p->rec)
		record(p->vy, text);
	if (visible(p))
		ui_text(p->y0 + p->vy - p->top, x, w, text, p->rec && p->vy == help_hit ? ST_SELECT : st);
}

void pager_line(Pager *p, int x, const char *text, Style st)
{
	pager_at(p, x, p->w - x - 1, text, st);
	p->vy++;
}

void pager_wrap(Pager *p, int x, const char *text, Style st)
{
	char **lines;
	int n = ui_wrap_lines(text, p->w - x - 1, &lines);
	for (int i = 0; i < n; i++)
		pager_line(p, x, lines[i], st);
	ui_free_lines(lines, n);
}

void pager_rule(Pager *p, const App *a, const char *title)
{
	if (visible(p)) {
		int y = p->y0 + p->vy - p->top;
		int x = 1 + ui_text(y, 1, p->w - 2, title, ST_SECTION);
		ui_repeat(y, x + 1, p->w - x - 2, a->g->hline, ST_DIM);
	}
	p->vy++;
}

static void scroll_by(App *a, int d)
{
	int max = a->content_h[a->screen] - body_h(a);
	int *s = &a->scroll[a->screen];
	*s += d;
	if (*s > max)
		*s = max;
	if (*s < 0)
		*s = 0;
}

int scroll_key(App *a, int key)
{
	int page = body_h(a) > 2 ? body_h(a) - 1 : 1;
	switch (key) {
	case 'j': case KEYFN(KEY_DOWN): scroll_by(a, 1); return UI_REDRAW;
	case 'k': case KEYFN(KEY_UP): scroll_by(a, -1); return UI_REDRAW;
	case ' ': case KEYFN(KEY_NPAGE): case KEYCTRL('f'): scroll_by(a, page); return UI_REDRAW;
	case KEYFN(KEY_PPAGE): case KEYCTRL('b'): scroll_by(a, -page); return UI_REDRAW;
	case KEYCTRL('d'): scroll_by(a, page / 2 > 0 ? page / 2 : 1); return UI_REDRAW;
	case KEYCTRL('u'): scroll_by(a, -(page / 2 > 0 ? page / 2 : 1)); return UI_REDRAW;
	case 'g': case KEYFN(KEY_HOME): a->scroll[a->screen] = 0; return UI_REDRAW;
	case 'G': case KEYFN(KEY_END): scroll_by(a, 1 << 20); return UI_REDRAW;
	case KEYFN(KEY_MOUSE):
		if (a->mouse.bstate & BUTTON4_PRESSED) {
			scroll_by(a, -3);
			return UI_REDRAW;
		}
		if (a->mouse.bstate & BUTTON5_PRESSED) {
			scroll_by(a, 3);
			return UI_REDRAW;
		}
		return 0;
	default:
		return 0;
	}
}

/* ---- help ---- */

void help_init(App *a)
{
	a->scroll[SCR_HELP] = 0;
}

static bool has_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *h = hay; *h; h++) {
		size_t i = 0;
		while (i < n && h[i] && tolower((unsigned char)h[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

int help_find(App *a, const char *text, int from, int dir)
{
	if (!*text || rec_n == 0)
		return -1;
	for (int k = 0; k < rec_n; k++) {
		int i = ((from + dir * k) % rec_n + rec_n) % rec_n;
		if (rec_lines[i] && has_ci(rec_lines[i], text)) {
			help_hit = i;
			a->scroll[SCR_HELP] = i > 2 ? i - 2 : 0;
			return i;
		}
	}
	return -1;
}

static int act_close(App *a)
{
	help_hit = -1;
	app_switch(a, a->help_back == SCR_PICKER ? SCR_PICKER : a->back);
	return UI_REDRAW;
}

static int act_find(App *a)
{
	prompt_open(a, PR_FIND, "");
	a->prompt.find_from = help_hit >= 0 ? help_hit : a->scroll[SCR_HELP];
	return UI_REDRAW;
}

static int again(App *a, int dir)
{
	if (!a->last_find[0]) {
		app_message(a, ST_DIM, "nothing to find again yet: / searches the help");
		return UI_REDRAW;
	}
	int from = help_hit >= 0 ? help_hit + dir : a->scroll[SCR_HELP];
	if (help_find(a, a->last_find, from, dir) < 0)
		app_message(a, ST_DIM, "'%s' is not in the help", a->last_find);
	return UI_REDRAW;
}

static int act_next(App *a) { return again(a, 1); }
static int act_prev(App *a) { return again(a, -1); }

const KeyBinding help_keys[] = {
	{'/', "/", "search the help (n, N: the next, the previous match)", act_find, "search"},
	{'n', NULL, NULL, act_next, NULL},
	{'N', NULL, NULL, act_prev, NULL},
	{'j', "j k", "scroll (PgUp PgDn C-d C-u Home End, the mouse wheel)", NULL, "scroll"},
	{KEY_ESC, "Esc q ?", "close the help, back where it was opened", act_close, "close"},
	{'q', NULL, NULL, act_close, NULL},
	{'?', NULL, NULL, act_close, NULL},
	{0, NULL, NULL, NULL, NULL},
};

int help_key(App *a, int key)
{
	int f = keys_dispatch(a, help_keys, key);
	return f ? f : scroll_key(a, key);
}

static void key_table(Pager *p, const KeyBinding *t)
{
	for (size_t i = 0; t[i].key; i++) {
		if (!t[i].label || !t[i].help)
			continue;
		pager_at(p, 3, 14, t[i].label, ST_KEY);
		pager_line(p, 18, t[i].help, ST_NORMAL);
	}
}

void help_draw(App *a)
{
	Pager p = {0, a->scroll[SCR_HELP], BODY_Y, body_h(a), a->w, true};
	for (int i = 0; i < rec_n; i++) {
		free(rec_lines[i]);
		rec_lines[i] = NULL;
	}
	rec_n = 0;
	pager_wrap(&p, 1,
		   "boe works out a system's capacity from a few assumptions, and shows every step. "
		   "Change any value: every number that depends on it follows at once, and what moved is highlighted.",
		   ST_NORMAL);
	pager_wrap(&p, 1,
		   "Values are typed in the units language: 50M  20 / day  500 B  2 KB  70 MB/s  10Gbps  "
		   "99.9%  200 ms  $0.09/GB  2 * dau  ceil(x / 3)  max(a, b)  parallel(99.9%, 2)  "
		   "downtime(99.95%, month).",
		   ST_DIM);
	p.vy++;
	pager_rule(&p, a, "Everywhere");
	key_table(&p, global_keys);
	pager_at(&p, 3, 14, "C-c", ST_KEY);
	pager_line(&p, 18, "quit at once, without asking", ST_NORMAL);
	/* every screen's own keys, from the screens table */
	for (int i = 0; i < SCR_COUNT; i++) {
		const Screen *sc = &screens[i];
		p.vy++;
		char t[120];
		if (sc->tab)
			snprintf(t, sizeof t, "%s (%c)", sc->name, sc->tab);
		else
			snprintf(t, sizeof t, "%s", sc->name);
		pager_rule(&p, a, t);
		if (i == SCR_DRILL)
			pager_wrap(&p, 3,
				   "The drill of boe practice on the scenario as it is now: each estimate of the chain is asked in "
				   "turn and graded (exact within 10%, close within a factor of 2, off, wrong-unit). Keys go to the "
				   "answer field while a drill runs.",
				   ST_NORMAL);
		if (sc->keys) {
			key_table(&p, sc->keys);
		} else {
			pager_at(&p, 3, 14, "j k  Up Down", ST_KEY);
			pager_line(&p, 18, "scroll (PgUp PgDn C-d C-u Home End, the mouse wheel)", ST_NORMAL);
		}
		if (i == SCR_SHEET) {
			p.vy++;
			pager_rule(&p, a, "Editing a value, and every prompt");
			key_table(&p, line_keys);
		}
	}
	p.vy++;
	pager_rule(&p, a, "Colours");
	pager_wrap(&p, 3,
		   "Inputs are yellow, values edited here magenta, numbers an edit changed flash and keep an arrow "
		   "(up or down) until the next change. ! marks a value that is possible but implausible. "
		   "NO_COLOR=1 turns colour off; BOE_ASCII=1 draws with ASCII only.",
		   ST_NORMAL);
	a->content_h[SCR_HELP] = p.vy;
	if (a->scroll[SCR_HELP] > p.vy - p.h && p.vy > p.h)
		a->scroll[SCR_HELP] = p.vy - p.h;
}

/* ---- the key tables as markdown, for docs/tui.md ---- */

static void md_table(Buf *out, const KeyBinding *t)
{
	buf_add(out, "| key | what it does |\n|---|---|\n");
	for (size_t i = 0; t[i].key; i++) {
		if (!t[i].label || !t[i].help)
			continue;
		buf_add(out, "| `");
		for (const char *p = t[i].label; *p; p++) {
			if (*p == '|')
				buf_add(out, "\\|");
			else
				buf_addc(out, *p);
		}
		buf_printf(out, "` | %s |\n", t[i].help);
	}
}

void help_keys_markdown(Buf *out)
{
	buf_add(out, "<!-- generated by `boe tui --keys-markdown` from the key tables; tests/regen-docs.sh rewrites it -->\n\n");
	buf_add(out, "### Everywhere\n\n");
	md_table(out, global_keys);
	for (int i = 0; i < SCR_COUNT; i++) {
		const Screen *sc = &screens[i];
		if (!sc->keys)
			continue;
		if (sc->tab)
			buf_printf(out, "\n### %s (%c)\n\n", sc->name, sc->tab);
		else
			buf_printf(out, "\n### %s\n\n", sc->name);
		md_table(out, sc->keys);
		if (i == SCR_SHEET) {
			buf_add(out, "\n### Editing a value, and every prompt\n\n");
			md_table(out, line_keys);
		}
	}
	buf_add(out, "\nCharts and notes scroll with `j` `k`, PgUp PgDn, `C-d` `C-u`, Home End and the wheel.\n");
}
