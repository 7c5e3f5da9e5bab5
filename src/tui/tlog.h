/*
 * A transcript for the practice screens (cards, mock): lines of text with a
 * style, drawn wrapped from the bottom up so the newest stay in view, above
 * a pinned prompt and its answer field.
 */
#ifndef BOE_TUI_TLOG_H
#define BOE_TUI_TLOG_H

#include "tui.h"

typedef struct TLog {
	char **text;
	Style *st;
	int n, cap;
	int back;	/* lines scrolled back from the newest */
} TLog;

void tlog_add(TLog *t, Style st, const char *fmt, ...) BOE_PRINTF(3, 4);
void tlog_clear(TLog *t);
/* Draws the transcript in rows [y, y + h) of w columns. */
void tlog_draw(TLog *t, int y, int h, int w);
/* PgUp/PgDn/Up/Down scroll it; 0 for other keys. */
int tlog_scroll_key(TLog *t, int key, int page);

#endif
