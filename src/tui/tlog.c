/* The practice screens' transcript (see tlog.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "tlog.h"

void tlog_add(TLog *t, Style st, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->text = xrealloc(t->text, (size_t)t->cap * sizeof *t->text);
		t->st = xrealloc(t->st, (size_t)t->cap * sizeof *t->st);
	}
	t->text[t->n] = text_sanitize(buf, 0);
	t->st[t->n++] = st;
	t->back = 0;
}

void tlog_clear(TLog *t)
{
	for (int i = 0; i < t->n; i++)
		free(t->text[i]);
	free(t->text);
	free(t->st);
	*t = (TLog){0};
}

void tlog_draw(TLog *t, int y, int h, int w)
{
	if (h <= 0 || w < 4)
		return;
	/* wrap from the newest back until the rows are full */
	int row = y + h;	/* one past the last row to fill */
	int skip = t->back;
	for (int i = t->n; i-- > 0 && row > y;) {
		char **lines;
		int n = ui_wrap_lines(t->text[i], w - 2, &lines);
		if (n == 0) {
			if (skip > 0)
				skip--;
			else
				row--;
		}
		for (int k = n; k-- > 0;) {
			if (skip > 0) {
				skip--;
				continue;
			}
			if (row <= y)
				break;
			row--;
			ui_text(row, 1, w - 2, lines[k], t->st[i]);
		}
		ui_free_lines(lines, n);
	}
	if (row > y && t->back > 0)
		t->back = t->back > row - y ? t->back - (row - y) : 0;	/* scrolled past the top */
}

int tlog_scroll_key(TLog *t, int key, int page)
{
	if (key == KEYFN(KEY_PPAGE))
		t->back += page;
	else if (key == KEYFN(KEY_NPAGE))
		t->back -= page;
	else if (key == KEYFN(KEY_UP))
		t->back++;
	else if (key == KEYFN(KEY_DOWN))
		t->back--;
	else
		return 0;
	if (t->back < 0)
		t->back = 0;
	return UI_REDRAW;
}
