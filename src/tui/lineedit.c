/*
 * The line editor: keys to text changes (UTF-8 aware: the cursor moves and
 * deletes by code point) and the scrolling of a field. No terminal here: the
 * function keys are the curses codes, read from <curses.h> as numbers only.
 */
#include <stdlib.h>
#include <string.h>
#include <curses.h>

#include "boe/util.h"
#include "tui/lineedit.h"

void le_set(LineEdit *le, const char *text)
{
	size_t n = strlen(text);
	if (le->cap < n + 1) {
		le->cap = n + 64;
		le->buf = xrealloc(le->buf, le->cap);
	}
	memcpy(le->buf, text, n + 1);
	le->len = le->cur = n;
	le->scroll = 0;
}

void le_free(LineEdit *le)
{
	free(le->buf);
	memset(le, 0, sizeof *le);
}

static size_t cp_prev(const LineEdit *le, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && ((unsigned char)le->buf[i] & 0xC0) == 0x80)
		i--;
	return i;
}

static size_t cp_next(const LineEdit *le, size_t i)
{
	if (i >= le->len)
		return le->len;
	i++;
	while (i < le->len && ((unsigned char)le->buf[i] & 0xC0) == 0x80)
		i++;
	return i;
}

static void le_delete(LineEdit *le, size_t from, size_t to)
{
	memmove(le->buf + from, le->buf + to, le->len - to + 1);
	le->len -= to - from;
	if (le->cur > to)
		le->cur -= to - from;
	else if (le->cur > from)
		le->cur = from;
}

static void le_insert_cp(LineEdit *le, int cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	if (le->len + n >= 4096)
		return;
	if (le->len + n + 1 > le->cap) {
		le->cap = (le->len + n + 1) * 2;
		le->buf = xrealloc(le->buf, le->cap);
	}
	memmove(le->buf + le->cur + n, le->buf + le->cur, le->len - le->cur + 1);
	memcpy(le->buf + le->cur, u, n);
	le->len += n;
	le->cur += n;
}

bool le_key(LineEdit *le, int key)
{
	if (!le->buf)
		le_set(le, "");
	switch (key) {
	case KEYFN(KEY_LEFT): case KEYCTRL('b'):
		le->cur = cp_prev(le, le->cur);
		return true;
	case KEYFN(KEY_RIGHT): case KEYCTRL('f'):
		le->cur = cp_next(le, le->cur);
		return true;
	case KEYFN(KEY_HOME): case KEYCTRL('a'):
		le->cur = 0;
		return true;
	case KEYFN(KEY_END): case KEYCTRL('e'):
		le->cur = le->len;
		return true;
	case KEYFN(KEY_BACKSPACE): case 127: case KEYCTRL('h'):
		if (le->cur > 0)
			le_delete(le, cp_prev(le, le->cur), le->cur);
		return true;
	case KEYFN(KEY_DC): case KEYCTRL('d'):
		if (le->cur < le->len)
			le_delete(le, le->cur, cp_next(le, le->cur));
		return true;
	case KEYCTRL('u'):
		le_delete(le, 0, le->cur);
		return true;
	case KEYCTRL('k'):
		le_delete(le, le->cur, le->len);
		return true;
	case KEYCTRL('w'): {
		size_t i = le->cur;
		while (i > 0 && le->buf[i - 1] == ' ')
			i--;
		while (i > 0 && le->buf[i - 1] != ' ')
			i--;
		le_delete(le, i, le->cur);
		return true;
	}
	default:
		if (key >= 0x20 && key != 0x7F && key < 0x110000 && !(key >= 0x80 && key < 0xA0)) {
			le_insert_cp(le, key);
			return true;
		}
		return false;
	}
}

int le_span_width(const LineEdit *le, size_t from, size_t to, int (*width)(const char *s))
{
	if (to <= from)
		return 0;
	char *part = xstrndup(le->buf + from, to - from);
	int w = width(part);
	free(part);
	return w;
}

void le_fit(LineEdit *le, int w, int (*width)(const char *s))
{
	if (!le->buf)
		le_set(le, "");
	if (le->cur < le->scroll)
		le->scroll = le->cur;
	while (le->scroll < le->cur && le_span_width(le, le->scroll, le->cur, width) > w - 1)
		le->scroll = cp_next(le, le->scroll);
	/* in text that is not UTF-8 (a path) a "character" may run past the cursor */
	if (le->scroll > le->cur)
		le->scroll = le->cur;
}

