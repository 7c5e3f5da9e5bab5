/*
 * The help screen, written from the key tables themselves so it cannot
 * drift from what the keys do, and the pager that the help and notes
 * screens scroll with.
 */
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

/* ---- pager ---- */

static bool visible(const Pager *p)
{
	return p->vy >= p->top && p->vy < p->top + p->h;
}

void pager_at(Pager *p, int x, int w, const char *text, Style st)
{
	if (visible(p))
		ui_text(p->y0 + p->vy - p->top, x, w, text, st);
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

int help_key(App *a, int key)
{
	if (key == 'q' || key == '?' || key == KEY_ESC) {
		app_switch(a, a->back);
		return UI_REDRAW;
	}
	return scroll_key(a, key);
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
	Pager p = {0, a->scroll[SCR_HELP], BODY_Y, body_h(a), a->w};
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
	p.vy++;
	pager_rule(&p, a, "Sheet");
	key_table(&p, sheet_keys);
	p.vy++;
	pager_rule(&p, a, "Editing a value, and every prompt");
	key_table(&p, line_keys);
	p.vy++;
	pager_rule(&p, a, "Preset picker (p)");
	key_table(&p, picker_keys);
	p.vy++;
	pager_rule(&p, a, "Interview drill (d, 6)");
	pager_wrap(&p, 3,
		   "The drill of boe practice on the scenario as it is now: each estimate of the chain is asked in "
		   "turn and graded (exact within 10%, close within a factor of 2, off, wrong-unit). Keys go to the "
		   "answer field while a drill runs.",
		   ST_NORMAL);
	key_table(&p, practice_keys);
	p.vy++;
	pager_rule(&p, a, "Sweep (8)");
	key_table(&p, sweep_keys);
	p.vy++;
	pager_rule(&p, a, "Charts, availability, latency, notes, this help");
	pager_at(&p, 3, 14, "j k  Up Down", ST_KEY);
	pager_line(&p, 18, "scroll (PgUp PgDn Home End, the mouse wheel)", ST_NORMAL);
	pager_at(&p, 3, 14, "Esc", ST_KEY);
	pager_line(&p, 18, "back", ST_NORMAL);
	p.vy++;
	pager_rule(&p, a, "Colours");
	pager_wrap(&p, 3,
		   "Inputs are yellow, values edited here magenta, numbers an edit changed flash and keep an arrow "
		   "(up or down) until the next change. NO_COLOR=1 turns colour off; BOE_ASCII=1 draws with ASCII only.",
		   ST_NORMAL);
	a->content_h[SCR_HELP] = p.vy;
	if (a->scroll[SCR_HELP] > p.vy - p.h && p.vy > p.h)
		a->scroll[SCR_HELP] = p.vy - p.h;
}
