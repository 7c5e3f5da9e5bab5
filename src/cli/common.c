/* Helpers shared by the commands: showing errors, loading scenarios, writing output. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boe/date.h"
#include "boe/fileio.h"
#include "boe/preset.h"
#include "cli.h"
#include "lineedit.h"

/* "boe: MESSAGE\n" into out; messages echo arguments and file text: no control character reaches the terminal */
static void vfail_to(Buf *out, const char *fmt, va_list ap)
{
	Buf b = {0};
	buf_vprintf(&b, fmt, ap);
	char *clean = text_sanitize(b.s ? b.s : "", 0);
	buf_printf(out, "boe: %s\n", clean);
	free(clean);
	buf_free(&b);
}

void cli_fail_to(Buf *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail_to(out, fmt, ap);
	va_end(ap);
}

void cli_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	Buf b = {0};
	vfail_to(&b, fmt, ap);
	va_end(ap);
	fputs(b.s, stderr);
	buf_free(&b);
}

static atomic_int out_errno;

void cli_out(const char *s, size_t n)
{
	if (n && fwrite(s, 1, n, stdout) < n) {
		int e = errno ? errno : -1, none = 0;
		atomic_compare_exchange_strong(&out_errno, &none, e);
	}
}

int cli_out_errno(void)
{
	return atomic_load(&out_errno);
}

/* Byte offset of column col (1-based, one per UTF-8 character) in s, or its length. */
static size_t col_offset(const char *s, int col)
{
	size_t i = 0;
	for (int c = 1; s[i] && c < col; c++)
		do
			i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80);
	return i;
}

/*
 * The source line under an error, and a caret at the column. A long line (a
 * generated file, a 100K-term sum) is shown as the 60 characters either side
 * of the column, with … where it is cut.
 */
static void excerpt(const char *line, size_t len, int col)
{
	enum { SIDE = 60 };
	char *l = xstrndup(line, len);
	char *clean = text_sanitize(l, 0);
	size_t from = 0, to = strlen(clean);
	int caret = col;
	if (utf8_width(clean) > 2 * SIDE + 20) {
		if (col > SIDE + 1) {
			from = col_offset(clean, col - SIDE);
			caret = SIDE + 2; /* after the … */
		}
		size_t at = col_offset(clean, col);
		size_t end = at + col_offset(clean + at, SIDE + 1);
		if (end < to)
			to = end;
	}
	fprintf(stderr, "  %s%.*s%s\n  ", from ? "…" : "", (int)(to - from), clean + from,
		to < strlen(clean) ? "…" : "");
	for (int c = 1; c < caret; c++)
		fputc(' ', stderr);
	fputs("^\n", stderr);
	free(clean);
	free(l);
}

void cli_error(const BoeError *e)
{
	char msg[1024];
	boe_error_format(e, msg, sizeof msg);
	char *clean = text_sanitize(msg, 0);
	fprintf(stderr, "boe: %s\n", clean);
	free(clean);
	/* the line comes with the error: a file is read once (a pipe cannot be read twice) */
	if (e->line > 0 && e->col > 0 && e->excerpt[0])
		excerpt(e->excerpt, strlen(e->excerpt), e->col);
}

void cli_expr_error(const char *label, const char *src, int pos, const char *msg, int shift)
{
	cli_expr_error_at(label, 1, src, pos, msg, shift);
}

void cli_expr_error_at(const char *label, int line, const char *src, int pos, const char *msg, int shift)
{
	char *clean = text_sanitize(msg, 0);
	char *where = text_sanitize(label, 0);
	fprintf(stderr, "boe: %s:%d:%d: %s\n", where, line, pos + shift + 1, clean);
	free(where);
	free(clean);
	excerpt(src, strlen(src), pos + shift + 1);
}

void cli_expr_warnings_at(const char *label, int line, const ExprError *e, int shift)
{
	for (int i = 0; i < e->nwarn; i++) {
		char *clean = text_sanitize(e->warn[i].msg, 0);
		fprintf(stderr, "boe: %s:%d:%d: warning: %s\n", label, line, e->warn[i].pos + shift + 1, clean);
		free(clean);
	}
}

void cli_warnings_to(const Scenario *s, Buf *out)
{
	for (size_t i = 0; i < s->nwarnings; i++) {
		BoeError w = s->warnings[i];
		snprintf(w.msg, sizeof w.msg, "warning: %.500s", s->warnings[i].msg);
		char line[1024];
		boe_error_format(&w, line, sizeof line);
		cli_fail_to(out, "%s", line);
	}
}

void cli_warnings(const Scenario *s)
{
	Buf b = {0};
	cli_warnings_to(s, &b);
	if (b.len)
		fputs(b.s, stderr);
	buf_free(&b);
}

bool cli_explain = true;
bool cli_ranges = true;
bool cli_keep_samples = false;
size_t cli_samples;
bool cli_seed_set;
uint64_t cli_seed;

void cli_prepare(Scenario *s)
{
	scenario_want_explanations(s, cli_explain);
	scenario_want_ranges(s, cli_ranges);
	scenario_keep_samples(s, cli_keep_samples);
	if (cli_samples || cli_seed_set)
		scenario_set_sampling(s, cli_samples, cli_seed_set ? cli_seed : SAMPLE_DEFAULT_SEED);
}

Scenario *cli_load(const char *arg)
{
	BoeError err;
	Scenario *s;
	if (preset_arg_is_path(arg)) {
		s = scenario_load_file(arg, &err);
	} else {
		size_t n = 0;
		PresetInfo *list = NULL;
		char *path = preset_find_or_list(arg, &list, &n);
		if (!path) {
			const char **names = xmalloc((n + 1) * sizeof *names);
			for (size_t i = 0; i < n; i++)
				names[i] = list[i].name;
			const char *sugg = suggest_name(arg, names, n);
			if (sugg)
				cli_fail("no preset named '%s' (did you mean '%s'?); 'boe list' shows them all",
					 arg, sugg);
			else
				cli_fail("no preset named '%s'; 'boe list' shows them all (a file path needs a '/' or .yaml)",
					 arg);
			free(names);
			preset_list_free(list, n);
			return NULL;
		}
		s = scenario_load_file(path, &err);
		free(path);
	}
	if (!s) {
		cli_error(&err);
		return NULL;
	}
	cli_prepare(s);
	if (!scenario_compute(s, &err)) {
		cli_error(&err);
		scenario_free(s);
		return NULL;
	}
	return s;
}

bool cli_write_output(const char *path, const char *text, size_t n, bool force)
{
	if (!path[0]) {
		cli_fail("-o needs a file name, or - for standard output (got an empty one)");
		return false;
	}
	/* what is there, and where a write would land, before asking to overwrite it */
	BoeError err;
	char *target = file_write_target(path, &err);
	if (!target) {
		cli_error(&err);
		return false;
	}
	free(target);
	if (!force && file_exists(path)) {
		if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO)) {
			cli_fail("%s exists; not overwriting it (use --force to replace it)", path);
			return false;
		}
		char *shown = text_sanitize(path, 0);
		fprintf(stderr, "boe: %s exists. Overwrite? [y/N] ", shown);
		free(shown);
		char answer[16] = "";
		if (!fgets(answer, sizeof answer, stdin) || (answer[0] != 'y' && answer[0] != 'Y')) {
			cli_fail("not overwritten");
			return false;
		}
	}
	if (!file_write_atomic(path, text, n, &err)) {
		cli_error(&err);
		return false;
	}
	return true;
}

bool cli_unknown_option(const char *cmd, const char *arg)
{
	if (arg[0] != '-' || arg[1] == '\0')
		return false;
	cli_fail("%s: unknown option '%s' (see 'boe %s --help')", cmd, arg, cmd);
	return true;
}

bool cli_one_preset(const char *cmd, const char *arg, const char **preset)
{
	if (*preset) {
		cli_fail("%s: one preset at a time ('%s' and '%s')", cmd, *preset, arg);
		return false;
	}
	*preset = arg;
	return true;
}

bool cli_opt_value(int argc, char **argv, int *i, const char *name, const char **value, bool *bad)
{
	const char *a = argv[*i];
	size_t l = strlen(name);
	if (strncmp(a, name, l) != 0)
		return false;
	if (a[l] == '=') {
		*value = a + l + 1;
		return true;
	}
	if (a[l] != '\0')
		return false;
	if (*i + 1 >= argc) {
		cli_fail("%s needs a value", name);
		*bad = true;
		return true;
	}
	*value = argv[++*i];
	return true;
}

/* ---- the practice modes' shared pieces ---- */

bool cli_today(long *day)
{
	const char *env = getenv("BOE_TODAY");
	if (!day_today(env, day)) {
		cli_fail("BOE_TODAY should be a date such as 2026-12-01, not '%s'", env);
		return false;
	}
	return true;
}

time_t cli_now(long today)
{
	const char *env = getenv("BOE_TODAY");
	return env && env[0] ? day_noon(today) : time(NULL);
}

bool cli_interactive(void)
{
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

char *cli_read_line(bool tty)
{
	if (lineedit_interrupted)
		return NULL;
	if (tty) {
		fflush(stdout);
		return lineedit_read("> ");
	}
	fflush(stdout);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (n < 0 || lineedit_interrupted) {
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

void cli_puts_clean(const char *text)
{
	char *clean = text_sanitize(text, 0);
	puts(clean);
	free(clean);
}

bool cli_parse_count(const char *s, unsigned long long *out)
{
	if (!s[0] || s[0] == '-')
		return false;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end)
		return false;
	*out = v;
	return true;
}

bool cli_parse_filters(const char *cmd, int argc, char **argv, int *i, const char **difficulty,
		       bool *skill_only, Skill *skill, bool *bad)
{
	const char *v;
	if (cli_opt_value(argc, argv, i, "--difficulty", &v, bad)) {
		if (*bad)
			return true;
		if (!scenario_difficulty_known(v)) {
			const char *s = suggest_name(v, scenario_difficulty_names, SCENARIO_DIFFICULTIES);
			cli_fail("%s: --difficulty is easy, medium or hard, not '%s'%s%s%s", cmd, v,
				 s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
			*bad = true;
		}
		*difficulty = v;
		return true;
	}
	if (cli_opt_value(argc, argv, i, "--skill", &v, bad)) {
		if (*bad)
			return true;
		if (!skill_parse(v, skill)) {
			const char *names[SKILL_COUNT];
			for (int k = 0; k < SKILL_COUNT; k++)
				names[k] = skill_name((Skill)k);
			const char *s = suggest_name(v, names, SKILL_COUNT);
			if (s)
				cli_fail("%s: unknown skill '%s' (did you mean '%s'?)", cmd, v, s);
			else
				cli_fail("%s: unknown skill '%s' (traffic, storage, bandwidth, concurrency, caching, availability, latency, cost)",
					 cmd, v);
			*bad = true;
		}
		*skill_only = true;
		return true;
	}
	return false;
}

bool cli_ask_questions(Drill *d, bool tty, void (*show)(const DrillResult *r, void *ctx), void *ctx)
{
	while (!drill_done(d)) {
		const DrillQuestion *q = drill_ask(d);
		printf("\n%s\n", q->line);
		Buf clock = {0};
		drill_clock_text(d, &clock);
		if (clock.len)
			printf("(%s)\n", clock.s);
		buf_free(&clock);
		for (;;) {
			char *line = cli_read_line(tty);
			if (!line || drill_is_command(line, "quit") || drill_is_command(line, "exit")) {
				free(line);
				return false;
			}
			DrillResult r;
			char msg[512];
			bool graded = true;
			if (drill_is_command(line, "?") || drill_is_command(line, "hint")) {
				cli_puts_clean(drill_hint(d));
				graded = false;
			} else if (drill_is_command(line, "skip")) {
				drill_skip(d, &r);
			} else if (!drill_answer(d, line, &r, msg, sizeof msg)) {
				if (tty) {
					cli_puts_clean(msg);	/* asked again */
					graded = false;
				} else {
					/* a pipe cannot be asked again: the next line is the next answer */
					drill_unreadable(d, line, msg, &r);
				}
			}
			free(line);
			if (graded) {
				show(&r, ctx);
				break;
			}
		}
	}
	if (drill_time_up(d)) {
		Buf b = {0};
		drill_clock_text(d, &b);
		printf("\n%s\n", b.s);
		buf_free(&b);
	}
	return true;
}
