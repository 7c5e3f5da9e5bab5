/*
 * The line editor of lineedit.h. Raw mode clears ICANON and ECHO but keeps
 * ISIG, so Ctrl-C still raises SIGINT; the handler sets a flag and read()
 * returns EINTR (no SA_RESTART), and the terminal is restored before the
 * caller goes on. The line is kept as bytes; the cursor moves over whole
 * UTF-8 characters, and each is taken as one column wide.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "boe/util.h"
#include "lineedit.h"

volatile sig_atomic_t lineedit_interrupted;

static struct termios saved;
static volatile sig_atomic_t raw_on;
static bool atexit_done;

static void on_signal(int sig)
{
	(void)sig;
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
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
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
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t) != 0)
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

static void redraw(const char *prompt, const Line *l)
{
	Buf b = {0};
	buf_addc(&b, '\r');
	buf_add(&b, prompt);
	buf_addn(&b, l->s ? l->s : "", l->len);
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

char *lineedit_read(const char *prompt)
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
	redraw(prompt, &l);
	while (!done && !eof) {
		char c;
		int r = get(&c);
		if (r != 1) {
			eof = true;
			break;
		}
		switch ((unsigned char)c) {
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
			case '3':
				if (l.cur < l.len)
					erase(&l, l.cur, next_char(&l, l.cur));
				break;
			default: break;	/* up, down and the rest: nothing to put in an answer */
			}
			break;
		default:
			if ((unsigned char)c >= 0x20)
				insert(&l, c);
			break;
		}
		if (!done && !eof)
			redraw(prompt, &l);
	}
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
