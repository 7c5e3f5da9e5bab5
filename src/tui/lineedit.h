/*
 * The line editor under every prompt (edit, find, paths, the picker's
 * filter, the drill's answer): what a key does to the text and the cursor,
 * and which part of the text a field of a given width shows. It draws
 * nothing and needs no terminal, so the tests and the fuzzer drive it with
 * keys alone; le_draw in edit.c puts it on the screen.
 */
#ifndef BOE_TUI_LINEEDIT_H
#define BOE_TUI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Keys: a character (a Unicode code point) or a curses function key marked
 * with KEYFN so the two never collide (KEY_DOWN is 0402, which is also 'Ă').
 */
#define KEYFN(k) ((k) | 0x200000)
#define KEYCTRL(c) ((c) & 0x1f)
#define KEY_ESC 27

typedef struct LineEdit {
	char *buf;		/* UTF-8 */
	size_t len, cap, cur;	/* cur: byte offset at a code point boundary */
	size_t scroll;		/* first byte shown */
	int cy, cx;		/* where le_draw left the cursor, cx -1 when not drawn */
} LineEdit;

/* Replaces the text (copied) and puts the cursor at its end. */
void le_set(LineEdit *le, const char *text);
void le_free(LineEdit *le);
/* Applies an editing key; true when the key was an editing key. */
bool le_key(LineEdit *le, int key);
/*
 * Moves le->scroll so that the cursor fits in a field of w columns (w >= 2),
 * width giving the columns a string takes on the screen.
 */
void le_fit(LineEdit *le, int w, int (*width)(const char *s));
/* Columns that bytes [from, to) of the text take, measured by width. */
int le_span_width(const LineEdit *le, size_t from, size_t to, int (*width)(const char *s));

#endif
