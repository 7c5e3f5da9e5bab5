/*
 * The line editor of lineedit.h. Raw mode clears ICANON and ECHO but keeps
 * ISIG, so Ctrl-C still raises SIGINT; the handler sets a flag and read()
 * returns EINTR (no SA_RESTART), and the terminal is restored before the
 * caller goes on. The line is kept as bytes; the cursor moves over whole
 * UTF-8 characters, and each is taken as one column wide. The calculator
 * prompt adds history (Up/Down) and Tab completion of the word before the
 * cursor.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "boe/fileio.h"
#include "boe/util.h"
#include "lineedit.h"

volatile sig_atomic_t lineedit_interrupted;
volatile sig_atomic_t lineedit_signal;

static struct termios saved;
static volatile sig_atomic_t raw_on;
static bool atexit_done;

static void on_signal(int sig)
{
	lineedit_signal = sig;
	lineedit_interrupted = 1;
}

void lineedit_signals(void)
{
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void lineedit_restore(void)
{
	if (raw_on) {
		tcsetattr(STDIN_FILENO, TCSADRAIN, &saved);
		raw_on = 0;
	}
}

static bool raw_mode(void)
{
	if (tcgetattr(STDIN_FILENO, &saved) != 0)
		return false;
	if (!atexit_done) {
		atexit(lineedit_restore);
		atexit_done = true;
	}
	struct termios t = saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO | IEXTEN);
	t.c_iflag &= ~(tcflag_t)(IXON | ICRNL);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSADRAIN, &t) != 0)
		return false;
	raw_on = 1;
	return true;
}

typedef struct Line {
	char *s;
	size_t len, cap, cur;	/* bytes; cur is a byte offset at a character start */
} Line;

static void out(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, s, n);
		if (w <= 0) {
			if (w < 0 && errno == EINTR && !lineedit_interrupted)
				continue;
			return;
		}
		s += w;
		n -= (size_t)w;
	}
}

static size_t columns(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/*
 * The line as the terminal gets it: a control character (C0, DEL, or a C1
 * one in UTF-8), which a line from the history file or a paste may hold,
 * is shown as '?', one column for one, so the cursor's place stays right.
 */
static void add_shown(Buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F) {
			buf_addc(b, '?');
		} else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9F) {
			buf_addc(b, '?');
			i++;
		} else {
			buf_addc(b, (char)c);
		}
	}
}

static void redraw(const char *prompt, const Line *l)
{
	Buf b = {0};
	buf_addc(&b, '\r');
	buf_add(&b, prompt);
	add_shown(&b, l->s ? l->s : "", l->len);
	buf_add(&b, "\x1b[K");
	size_t back = columns(l->s + l->cur, l->len - l->cur);
	if (back)
		buf_printf(&b, "\x1b[%zuD", back);
	out(b.s, b.len);
	buf_free(&b);
}

static size_t prev_char(const Line *l, size_t i)
{
	while (i > 0 && ((unsigned char)l->s[--i] & 0xC0) == 0x80)
		;
	return i;
}

static size_t next_char(const Line *l, size_t i)
{
	if (i < l->len)
		i++;
	while (i < l->len && ((unsigned char)l->s[i] & 0xC0) == 0x80)
		i++;
	return i;
}

static void insert(Line *l, char c)
{
	if (l->len + 2 > l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->s = xrealloc(l->s, l->cap);
	}
	memmove(l->s + l->cur + 1, l->s + l->cur, l->len - l->cur);
	l->s[l->cur++] = c;
	l->len++;
}

static void erase(Line *l, size_t from, size_t to)
{
	if (to <= from)
		return; /* nothing (Ctrl-U at the start, and a line not yet typed has no buffer) */
	memmove(l->s + from, l->s + to, l->len - to);
	l->len -= to - from;
	if (l->cur > to)
		l->cur -= to - from;
	else if (l->cur > from)
		l->cur = from;
}

/* One byte; 0 on end of input, -1 on an error or an interruption. */
static int get(char *c)
{
	for (;;) {
		if (lineedit_interrupted)
			return -1;
		ssize_t n = read(STDIN_FILENO, c, 1);
		if (n == 1)
			return 1;
		if (n == 0)
			return 0;
		if (errno != EINTR || lineedit_interrupted)
			return -1;
	}
}

/* An escape sequence after ESC: the key it names ('D' left, 'C' right, 'H' home, 'F' end, '3' delete), or 0. */
static int escape_key(void)
{
	char a, b;
	if (get(&a) != 1)
		return 0;
	if (a != '[' && a != 'O')
		return 0;
	if (get(&b) != 1)
		return 0;
	if (b >= '0' && b <= '9') {
		/* ESC [ n ~ (with optional ;modifiers): 1/7 home, 4/8 end, 3 delete */
		char c = 0, n = b;
		while (get(&c) == 1 && c != '~' && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z'))
			;
		if (c != '~')
			return 0;
		return n == '1' || n == '7' ? 'H' : n == '4' || n == '8' ? 'F' : n == '3' ? '3' : 0;
	}
	return b;
}


static void set_line(Line *l, const char *text)
{
	l->len = l->cur = 0;
	for (const char *p = text; *p; p++) /* as the history file has it: redraw shows its controls as '?' */
		insert(l, *p);
}

/* Up (dir -1) and Down (+1) through the history; the line being typed comes back at the end. */
static void history_move(LineHistory *h, size_t *pos, char **typed, Line *l, int dir)
{
	if (!h || (dir < 0 && *pos == 0) || (dir > 0 && *pos >= h->n))
		return;
	if (*pos == h->n) {
		free(*typed);
		*typed = xstrndup(l->s ? l->s : "", l->len);
	}
	*pos += (size_t)(long)dir;
	set_line(l, *pos == h->n ? (*typed ? *typed : "") : h->items[*pos]);
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

/*
 * Tab: the word before the cursor completed to the one candidate it starts,
 * or as far as every candidate agrees; when that adds nothing, a second Tab
 * (again true) lists the candidates under the line. Returns whether the
 * candidates could not be extended (so the next Tab lists them).
 */
static bool complete_word(const char *prompt, Line *l, const char *const *words, bool again)
{
	size_t start = l->cur;
	while (start > 0 && word_char(l->s[start - 1]))
		start--;
	size_t wl = l->cur - start;
	const char *w = l->s ? l->s + start : "";
	const char *first = NULL;
	size_t common = 0, count = 0;
	for (size_t i = 0; words && words[i]; i++) {
		if (strncmp(words[i], w, wl) != 0)
			continue;
		if (!first) {
			first = words[i];
			common = strlen(first);
		} else {
			size_t k = wl;
			while (k < common && words[i][k] == first[k])
				k++;
			common = k;
		}
		count++;
	}
	if (!first)
		return false;
	for (size_t k = wl; k < common; k++)
		insert(l, first[k]);
	if (count == 1) {
		insert(l, ' ');
		return false;
	}
	if (common > wl || !again)
		return true;
	/* the list, under the line, then the prompt again */
	Buf b = {0};
	buf_add(&b, "\r\n");
	size_t col = 0;
	for (size_t i = 0; words[i]; i++) {
		if (strncmp(words[i], w, wl) != 0)
			continue;
		size_t n = strlen(words[i]);
		if (col && col + n + 2 > 78) {
			buf_add(&b, "\r\n");
			col = 0;
		}
		buf_add(&b, words[i]);
		buf_add(&b, "  ");
		col += n + 2;
	}
	buf_add(&b, "\r\n");
	out(b.s, b.len);
	buf_free(&b);
	(void)prompt;
	return true;
}

char *lineedit_read_with(const char *prompt, LineHistory *h, LineCompleteFn complete, void *ctx)
{
	if (!raw_mode()) {
		/* not a terminal after all: read a plain line */
		char *line = NULL;
		size_t cap = 0;
		ssize_t n = getline(&line, &cap, stdin);
		if (n < 0) {
			free(line);
			return NULL;
		}
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		return line;
	}
	Line l = {0};
	bool done = false, eof = false;
	size_t hpos = h ? h->n : 0;	/* h->n: the line being typed */
	char *typed = NULL;		/* that line, kept while browsing the history */
	bool listed = false;		/* the last key was a Tab that could not extend */
	redraw(prompt, &l);
	while (!done && !eof) {
		char c;
		int r = get(&c);
		if (r != 1) {
			eof = true;
			break;
		}
		bool tab = false;
		switch ((unsigned char)c) {
		case '\t':
			tab = true;
			if (complete)
				listed = complete_word(prompt, &l, complete(ctx), listed);
			break;
		case 16:	/* Ctrl-P */
			history_move(h, &hpos, &typed, &l, -1);
			break;
		case 14:	/* Ctrl-N */
			history_move(h, &hpos, &typed, &l, +1);
			break;
		case '\r':
		case '\n':
			done = true;
			break;
		case 4:		/* Ctrl-D: end of input on an empty line, else delete */
			if (l.len == 0)
				eof = true;
			else if (l.cur < l.len)
				erase(&l, l.cur, next_char(&l, l.cur));
			break;
		case 1:		/* Ctrl-A */
			l.cur = 0;
			break;
		case 5:		/* Ctrl-E */
			l.cur = l.len;
			break;
		case 2:		/* Ctrl-B */
			l.cur = prev_char(&l, l.cur);
			break;
		case 6:		/* Ctrl-F */
			l.cur = next_char(&l, l.cur);
			break;
		case 21:	/* Ctrl-U: delete to the start */
			erase(&l, 0, l.cur);
			break;
		case 11:	/* Ctrl-K: delete to the end */
			l.len = l.cur;
			break;
		case 127:
		case 8:		/* Backspace */
			if (l.cur > 0)
				erase(&l, prev_char(&l, l.cur), l.cur);
			break;
		case 27:
			switch (escape_key()) {
			case 'D': l.cur = prev_char(&l, l.cur); break;
			case 'C': l.cur = next_char(&l, l.cur); break;
			case 'H': l.cur = 0; break;
			case 'F': l.cur = l.len; break;
			case 'A': history_move(h, &hpos, &typed, &l, -1); break;
			case 'B': history_move(h, &hpos, &typed, &l, +1); break;
			case '3':
				if (l.cur < l.len)
					erase(&l, l.cur, next_char(&l, l.cur));
				break;
			default: break;	/* the rest: nothing to put in an answer */
			}
			break;
		default:
			if ((unsigned char)c >= 0x20)
				insert(&l, c);
			break;
		}
		if (!tab)
			listed = false;
		if (!done && !eof)
			redraw(prompt, &l);
	}
	free(typed);
	lineedit_restore();
	out("\r\n", 2);
	if (eof && !done) {
		free(l.s);
		return NULL;
	}
	char *line = xstrndup(l.s ? l.s : "", l.len);
	free(l.s);
	return line;
}

char *lineedit_read(const char *prompt)
{
	return lineedit_read_with(prompt, NULL, NULL, NULL);
}

/* ---- history ---- */

static size_t history_max(const LineHistory *h)
{
	return h->max ? h->max : 1000;
}

/* Drops the oldest lines until at most keep are left. */
static void history_trim(LineHistory *h, size_t keep)
{
	if (h->n <= keep)
		return;
	size_t drop = h->n - keep;
	for (size_t i = 0; i < drop; i++)
		free(h->items[i]);
	memmove(h->items, h->items + drop, keep * sizeof *h->items);
	h->n = keep;
}

/* Appends line unless it is empty or repeats the last one, letting the history reach limit: whether it did. */
static bool history_append(LineHistory *h, const char *line, size_t limit)
{
	if (!line[0] || (h->n && strcmp(h->items[h->n - 1], line) == 0))
		return false;
	history_trim(h, limit - 1);
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->items = xrealloc(h->items, h->cap * sizeof *h->items);
	}
	h->items[h->n++] = xstrdup(line);
	return true;
}

void lineedit_history_add(LineHistory *h, const char *line)
{
	if (history_append(h, line, history_max(h)))
		h->added++;
}

void lineedit_history_load(LineHistory *h, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	/* a long file is cut max lines at a time, not shifted once a line */
	size_t max = history_max(h);
	while ((n = getline(&line, &cap, f)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		history_append(h, line, 2 * max);
	}
	history_trim(h, max);
	free(line);
	fclose(f);
}

/* Writes the history to path atomically, creating its directory; false with err on failure. */
static bool history_write(const LineHistory *h, const char *path, BoeError *err)
{
	/* the directory first ($XDG_STATE_HOME/boe may not exist yet) */
	char *dir = file_dir_of(path);
	bool made = mkdir_p(dir, err);
	free(dir);
	if (!made)
		return false;
	Buf b = {0};
	for (size_t i = 0; i < h->n; i++)
		buf_printf(&b, "%s\n", h->items[i]);
	bool ok = file_write_atomic(path, b.s ? b.s : "", b.len, err);
	buf_free(&b);
	return ok;
}

bool lineedit_history_save_new(const LineHistory *h, const char *path, BoeError *err)
{
	LineHistory now = {.max = h->max};
	lineedit_history_load(&now, path);
	size_t own = h->added < h->n ? h->added : h->n;
	for (size_t i = h->n - own; i < h->n; i++)
		history_append(&now, h->items[i], history_max(&now));
	bool ok = history_write(&now, path, err);
	lineedit_history_free(&now);
	return ok;
}

void lineedit_history_free(LineHistory *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->items[i]);
	free(h->items);
	*h = (LineHistory){0};
}
