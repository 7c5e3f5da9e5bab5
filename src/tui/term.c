/*
 * The terminal: starting and restoring curses, signals, styles (colour or
 * monochrome), glyph sets (UTF-8, the Linux console, plain ASCII) and the text
 * drawing every screen goes through, which sanitises and clips whatever came
 * from a file before it reaches the terminal.
 *
 * Signal handlers only record the signal; the main loop sees it through
 * ui_signal() and leaves through the one idempotent ui_shutdown(). Fatal
 * signals restore the terminal and die with the same signal.
 */
#include <langinfo.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "tui/tui.h"

static volatile sig_atomic_t stop_signal;
static bool active;
static SCREEN *scr;
static int saved_stderr = -1;
static FILE *stderr_log;
static bool color_on;
static const Glyphs *cur_glyphs;

static const Glyphs glyphs_utf8 = {
	"─", "│", "█", {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"},
	{"█", "▒", "▓", "░", "▚", "▞"},
	"▲", "▼", "✓", "✗", "▸", "▶", "·",
};
/* The Linux console font has box drawing, half blocks, shades and ▲▼, not eighths or ✓. */
static const Glyphs glyphs_linux = {
	"─", "│", "█", {" ", " ", " ", "▄", "▄", "▄", "▄", "█", "█"},
	{"█", "▒", "▓", "░", "▀", "▄"},
	"▲", "▼", "√", "x", "►", "►", "·",
};
static const Glyphs glyphs_ascii = {
	"-", "|", "#", {" ", " ", ".", ".", ":", ":", ":", "#", "#"},
	{"#", "=", "%", "+", "*", "@"},
	"^", "v", "+", "x", ">", ">", ".",
};

#if defined(__SANITIZE_ADDRESS__)
#define BOE_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BOE_SANITIZED 1
#endif
#endif

static void on_stop(int sig)
{
	stop_signal = sig;
}

static void on_fatal(int sig)
{
	/* not async-signal-safe, but the process is dying and the terminal matters more */
	ui_shutdown();
	signal(sig, SIG_DFL);
	raise(sig);
}

int ui_signal(void)
{
	return stop_signal;
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	/* no SA_RESTART: a blocked read returns so the loop notices at once */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	/* abort() is how the core stops on a fatal error (out of memory) */
	sa.sa_handler = on_fatal;
	sa.sa_flags = (int)SA_RESETHAND;
	sigaction(SIGABRT, &sa, NULL);
#ifndef BOE_SANITIZED
	/* under the sanitizers their own handlers report crashes */
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
#endif
}

/* The UTF-8, Linux console or ASCII glyph set for this terminal and locale. */
static const Glyphs *pick_glyphs(bool *utf8)
{
	const char *term = getenv("TERM");
	const char *force = getenv("BOE_ASCII");
	*utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	if (force && *force && strcmp(force, "0") != 0)
		*utf8 = false;
	/* the DEC terminals (and emulators claiming to be one) know no UTF-8 */
	if (term && (strncmp(term, "vt", 2) == 0 || strcmp(term, "dumb") == 0))
		*utf8 = false;
	if (!*utf8)
		return &glyphs_ascii;
	if (term && strcmp(term, "linux") == 0)
		return &glyphs_linux;
	return &glyphs_utf8;
}

enum { P_TITLE = 1, P_SECTION, P_INPUT, P_EDITED, P_CHANGED, P_ERROR, P_OK, P_WARN, P_BAR,
       P_CURVE, P_AVG, P_PEAK, P_SEG0 };

static void init_colors(void)
{
	short bg = -1;
	if (use_default_colors() == ERR)
		bg = COLOR_BLACK;
	init_pair(P_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(P_SECTION, COLOR_CYAN, bg);
	init_pair(P_INPUT, COLOR_YELLOW, bg);
	init_pair(P_EDITED, COLOR_MAGENTA, bg);
	init_pair(P_CHANGED, COLOR_BLACK, COLOR_YELLOW);
	init_pair(P_ERROR, COLOR_RED, bg);
	init_pair(P_OK, COLOR_GREEN, bg);
	init_pair(P_WARN, COLOR_YELLOW, bg);
	init_pair(P_BAR, COLOR_BLACK, COLOR_CYAN);
	init_pair(P_CURVE, COLOR_GREEN, bg);
	init_pair(P_AVG, COLOR_CYAN, bg);
	init_pair(P_PEAK, COLOR_RED, bg);
	static const short seg[ST_NSEG] = {COLOR_BLUE, COLOR_GREEN, COLOR_MAGENTA, COLOR_YELLOW,
					   COLOR_CYAN, COLOR_RED};
	for (int i = 0; i < ST_NSEG; i++)
		init_pair((short)(P_SEG0 + i), seg[i], bg);
}

attr_t ui_attr(Style st)
{
	if (!color_on) {
		/* monochrome: weight, underline and reverse carry the meaning */
		switch (st) {
		case ST_TITLE: return A_REVERSE | A_BOLD;
		case ST_DIM: return A_DIM;
		case ST_SECTION: return A_BOLD;
		case ST_INPUT: return A_BOLD;
		case ST_EDITED: return A_BOLD | A_UNDERLINE;
		case ST_SELECT: return A_REVERSE;
		case ST_CHANGED: return A_BOLD | A_UNDERLINE;
		case ST_ERROR: return A_BOLD;
		case ST_KEY: return A_BOLD;
		case ST_BAR: return A_REVERSE;
		case ST_TAB_ON: return A_REVERSE | A_BOLD;
		case ST_PEAK: return A_BOLD;
		case ST_HARD: return A_BOLD;
		case ST_FIELD: return A_UNDERLINE;
		default: return A_NORMAL;
		}
	}
	switch (st) {
	case ST_TITLE: return COLOR_PAIR(P_TITLE) | A_BOLD;
	case ST_DIM: return A_DIM;
	case ST_SECTION: return COLOR_PAIR(P_SECTION) | A_BOLD;
	case ST_INPUT: return COLOR_PAIR(P_INPUT);
	case ST_EDITED: return COLOR_PAIR(P_EDITED) | A_BOLD;
	case ST_SELECT: return A_REVERSE;
	case ST_CHANGED: return COLOR_PAIR(P_CHANGED);
	case ST_ERROR: return COLOR_PAIR(P_ERROR) | A_BOLD;
	case ST_OK: return COLOR_PAIR(P_OK);
	case ST_WARN: return COLOR_PAIR(P_WARN) | A_BOLD;
	case ST_KEY: return A_BOLD;
	case ST_BAR: return COLOR_PAIR(P_BAR);
	case ST_TAB_ON: return A_REVERSE | A_BOLD;
	case ST_CURVE: return COLOR_PAIR(P_CURVE);
	case ST_AVG: return COLOR_PAIR(P_AVG);
	case ST_PEAK: return COLOR_PAIR(P_PEAK) | A_BOLD;
	case ST_SEG0: case ST_SEG1: case ST_SEG2: case ST_SEG3: case ST_SEG4: case ST_SEG5:
		return COLOR_PAIR(P_SEG0 + (st - ST_SEG0));
	case ST_EASY: return COLOR_PAIR(P_OK);
	case ST_MEDIUM: return COLOR_PAIR(P_WARN);
	case ST_HARD: return COLOR_PAIR(P_ERROR);
	case ST_FIELD: return A_UNDERLINE | A_BOLD;
	default: return A_NORMAL;
	}
}

bool ui_init(App *a)
{
	const char *term = getenv("TERM");
	if (!term || !*term) {
		fputs("boe: TERM is not set; set it (e.g. TERM=xterm-256color) or use 'boe calc'\n", stderr);
		return false;
	}
	a->g = cur_glyphs = pick_glyphs(&a->utf8);
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		char *t = text_sanitize(term, 0);
		fprintf(stderr, "boe: cannot drive terminal type '%s'; try TERM=xterm-256color, or use 'boe calc'\n", t);
		free(t);
		return false;
	}
	set_term(scr);
	char *cup = tigetstr("cup");
	if (!cup || cup == (char *)-1) {
		/* a terminal that cannot move the cursor (dumb, a printer) cannot show a screen */
		endwin();
		delscreen(scr);
		scr = NULL;
		char *t = text_sanitize(term, 0);
		fprintf(stderr, "boe: terminal type '%s' cannot place the cursor; use 'boe calc' here\n", t);
		free(t);
		return false;
	}
	active = true;
	static bool registered;
	if (!registered) {
		atexit(ui_shutdown);
		registered = true;
	}
	/* keep what is written to stderr meanwhile and show it after the screen is gone */
	if (isatty(STDERR_FILENO)) {
		stderr_log = tmpfile();
		if (stderr_log) {
			fflush(stderr);
			saved_stderr = dup(STDERR_FILENO);
			if (saved_stderr < 0 || dup2(fileno(stderr_log), STDERR_FILENO) < 0) {
				fclose(stderr_log);
				stderr_log = NULL;
			}
		}
	}
	install_signals();
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	curs_set(0);
	const char *nc = getenv("NO_COLOR");
	color_on = false;
	if (has_colors() && !(nc && *nc)) {
		start_color();	/* COLORS is known from here on */
		color_on = COLORS >= 8;
		if (color_on)
			init_colors();
	}
	a->color = color_on;
	mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	getmaxyx(stdscr, a->h, a->w);
	return true;
}

void ui_shutdown(void)
{
	if (!active)
		return;
	active = false;
	endwin();
	if (scr) {
		delscreen(scr);
		scr = NULL;
	}
	if (stderr_log) {
		fflush(stderr);
		dup2(saved_stderr, STDERR_FILENO);
		close(saved_stderr);
		saved_stderr = -1;
		rewind(stderr_log);
		char buf[4096];
		size_t n;
		while ((n = fread(buf, 1, sizeof buf, stderr_log)) > 0)
			if (write(STDERR_FILENO, buf, n) < 0)
				break;
		fclose(stderr_log);
		stderr_log = NULL;
	}
}

int ui_getkey(App *a, int timeout_ms)
{
	timeout(timeout_ms);
	wint_t wc;
	int r = get_wch(&wc);
	if (r == ERR)
		return ERR;
	if (r == KEY_CODE_YES) {
		if (wc == KEY_MOUSE && getmouse(&a->mouse) != OK)
			return ERR;
		return KEYFN((int)wc);
	}
	if (wc == KEY_ESC) {
		/*
		 * An escape sequence curses does not know (a key of another
		 * terminal type) arrives as Esc and its bytes at once; a person
		 * cannot type Esc [ that fast. Drop the sequence rather than read
		 * its bytes as keys.
		 */
		timeout(0);
		wint_t c;
		if (get_wch(&c) != OK)
			return KEY_ESC;
		if (c == '[' || c == 'O') {
			bool csi = c == '[';
			for (int n = 0; n < 32 && get_wch(&c) == OK; n++)
				if (!csi || (c >= 0x40 && c <= 0x7E))
					break;
			return ERR;
		}
		unget_wch((wchar_t)c);
		return KEY_ESC;
	}
	return (int)wc;
}

/* ---- text ---- */

/* Decodes one code point of valid (sanitised) UTF-8; returns bytes used. */
static size_t utf8_next(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xF0 && p[1] && p[2] && p[3]) {
		*cp = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
		      (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
		return 4;
	}
	if (p[0] >= 0xE0 && p[1] && p[2]) {
		*cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		return 3;
	}
	if (p[0] >= 0xC0 && p[1]) {
		*cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
		return 2;
	}
	*cp = '?';
	return 1;
}

/* ASCII for the characters boe itself writes (and a few common ones); "?" for the rest. */
static const char *ascii_of(uint32_t cp)
{
	static const struct { uint32_t cp; const char *s; } tr[] = {
		{0x00D7, "x"}, {0x00B5, "u"}, {0x03BC, "u"}, {0x2192, "->"}, {0x2190, "<-"},
		{0x2212, "-"}, {0x2013, "-"}, {0x2014, "--"}, {0x00B7, "."}, {0x2026, "..."},
		{0x2248, "~"}, {0x2264, "<="}, {0x2265, ">="}, {0x2713, "ok"}, {0x2717, "x"},
		{0x2018, "'"}, {0x2019, "'"}, {0x201C, "\""}, {0x201D, "\""}, {0x00B2, "2"},
		{0x00B3, "3"}, {0x00B0, "deg"}, {0x00A0, " "}, {0x00F7, "/"}, {0x00B1, "+-"},
		{0x2500, "-"}, {0x2502, "|"}, {0x2588, "#"}, {0x25B2, "^"}, {0x25BC, "v"},
		{0x25B8, ">"}, {0x25B6, ">"}, {0x2191, "^"}, {0x2193, "v"}, {0x221E, "inf"},
		{0x00E9, "e"}, {0x00E8, "e"}, {0x00E0, "a"}, {0x00FC, "u"}, {0x00F6, "o"},
		{0x00E4, "a"}, {0x20AC, "EUR"}, {0x00A3, "GBP"},
	};
	for (size_t i = 0; i < ARRAY_LEN(tr); i++)
		if (tr[i].cp == cp)
			return tr[i].s;
	return "?";
}

static bool utf8_mode(void)
{
	return cur_glyphs != &glyphs_ascii;
}

/* Columns of one code point as drawn. */
static int cp_width(uint32_t cp, const char **ascii)
{
	*ascii = NULL;
	if (cp < 0x80)
		return 1;
	if (!utf8_mode()) {
		*ascii = ascii_of(cp);
		return (int)strlen(*ascii);
	}
	int w = wcwidth((wchar_t)cp);
	if (w < 0) {
		*ascii = "?";
		return 1;
	}
	return w;
}

/* Lines outside [clip_top, clip_bottom) are not drawn (a page scrolled under the header). */
static int clip_top = 0, clip_bottom = 1 << 30;

void ui_clip(int top, int bottom)
{
	clip_top = top;
	clip_bottom = bottom;
}

void ui_unclip(void)
{
	clip_top = 0;
	clip_bottom = 1 << 30;
}

static bool clipped(int y)
{
	return y < clip_top || y >= clip_bottom;
}

/*
 * ui_text without sanitising: s holds no control characters. Text cut short
 * ends with an ellipsis (when ell), so nothing is cut without saying so.
 */
static int draw_clean(int y, int x, int w, const char *s, Style st, bool ell)
{
	/* never past the edge: curses would wrap onto the next line */
	if (x + w > COLS)
		w = COLS - x;
	if (w <= 0 || y < 0 || y >= LINES || x < 0 || clipped(y))
		return 0;
	size_t n = strlen(s);
	wchar_t stackbuf[256];
	wchar_t *wb = n < ARRAY_LEN(stackbuf) / 2 ? stackbuf : xmalloc((2 * n + 4) * sizeof *wb);
	size_t k = 0;
	int col = 0;
	size_t cut_k[8] = {0};	/* k and col before each of the last columns, to back off for the ellipsis */
	int cut_col[8] = {0};
	for (const char *p = s; *p;) {
		uint32_t cp;
		p += utf8_next(p, &cp);
		const char *asc;
		int cw = cp_width(cp, &asc);
		if (col + cw > w) {
			if (ell) {
				/* back off to the newest state that leaves a column for the ellipsis */
				for (int i = 7; col > w - 1 && i >= 0; i--) {
					k = cut_k[i];
					col = cut_col[i];
				}
				if (col <= w - 1) {
					wb[k++] = utf8_mode() ? (wchar_t)0x2026 : (wchar_t)'~';
					col++;
				}
			}
			break;
		}
		memmove(cut_k, cut_k + 1, 7 * sizeof *cut_k);
		memmove(cut_col, cut_col + 1, 7 * sizeof *cut_col);
		cut_k[7] = k;
		cut_col[7] = col;
		if (asc) {
			for (const char *c = asc; *c; c++)
				wb[k++] = (wchar_t)*c;
		} else if (cw > 0 || k > 0) {
			wb[k++] = (wchar_t)cp;
		}
		col += cw;
	}
	wb[k] = 0;
	attrset(ui_attr(st));
	mvaddnwstr(y, x, wb, (int)k);
	attrset(A_NORMAL);
	if (wb != stackbuf)
		free(wb);
	return col;
}

int ui_text(int y, int x, int w, const char *s, Style st)
{
	if (w <= 0 || !s)
		return 0;
	/* the common case, plain printable ASCII, needs no copy */
	bool plain = true;
	for (const unsigned char *p = (const unsigned char *)s; *p && plain; p++)
		plain = *p >= 0x20 && *p < 0x7F;
	if (plain)
		return draw_clean(y, x, w, s, st, true);
	char *clean = text_sanitize(s, 0);
	int r = draw_clean(y, x, w, clean, st, true);
	free(clean);
	return r;
}

int ui_textf(int y, int x, int w, Style st, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return ui_text(y, x, w, buf, st);
}

int ui_width(const char *s)
{
	char *clean = text_sanitize(s, 0);
	int col = 0;
	for (const char *p = clean; *p;) {
		uint32_t cp;
		p += utf8_next(p, &cp);
		const char *asc;
		col += cp_width(cp, &asc);
	}
	free(clean);
	return col;
}

void ui_fill(int y, int x, int w, Style st)
{
	if (w <= 0 || clipped(y))
		return;
	attrset(ui_attr(st));
	mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

void ui_repeat(int y, int x, int n, const char *g, Style st)
{
	if (n <= 0)
		return;
	size_t gl = strlen(g);
	char stackbuf[1024];
	size_t need = gl * (size_t)n + 1;
	char *b = need <= sizeof stackbuf ? stackbuf : xmalloc(need);
	for (int i = 0; i < n; i++)
		memcpy(b + (size_t)i * gl, g, gl);
	b[gl * (size_t)n] = '\0';
	draw_clean(y, x, n * 8, b, st, false);
	if (b != stackbuf)
		free(b);
}

int ui_wrap_lines(const char *s, int w, char ***out)
{
	char *clean = text_sanitize(s, 1);
	char **lines = NULL;
	int n = 0;
	char *p = clean;
	if (w < 1)
		w = 1;
	while (*p) {
		/* take words while they fit */
		char *nl = strchr(p, '\n');
		size_t para = nl ? (size_t)(nl - p) : strlen(p);
		size_t best = 0, i = 0;
		int col = 0;
		while (i < para) {
			uint32_t cp;
			size_t k = utf8_next(p + i, &cp);
			const char *asc;
			int cw = cp_width(cp, &asc);
			if (col + cw > w)
				break;
			col += cw;
			i += k;
			if (i == para || p[i] == ' ')
				best = i;
		}
		if (i >= para)
			best = para;
		else if (best == 0)
			best = i > 0 ? i : 1;	/* one word longer than the line: cut it */
		lines = xrealloc(lines, (size_t)(n + 1) * sizeof *lines);
		lines[n++] = xstrndup(p, best);
		p += best;
		if (best == para) {
			if (*p == '\n')
				p++;
		} else {
			while (*p == ' ')
				p++;
		}
	}
	free(clean);
	*out = lines;
	return n;
}

void ui_free_lines(char **lines, int n)
{
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

int ui_wrap(int y, int x, int w, int maxl, const char *s, Style st)
{
	if (w <= 0 || maxl <= 0)
		return 0;
	char **lines;
	int n = ui_wrap_lines(s, w, &lines);
	int k;
	for (k = 0; k < n && k < maxl; k++) {
		if (k == maxl - 1 && n > maxl) {
			/* the last line that fits runs on into the next, so it ends with an ellipsis */
			char *more = xasprintf("%s %s", lines[k], lines[k + 1]);
			draw_clean(y + k, x, w, more, st, true);
			free(more);
		} else {
			draw_clean(y + k, x, w, lines[k], st, true);
		}
	}
	ui_free_lines(lines, n);
	return k;
}
