/* The command line: shared helpers of the commands (errors, loading, output). */
#ifndef BOE_CLI_H
#define BOE_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include "boe/drill.h"
#include "boe/report.h"
#include "boe/scenario.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Prints "boe: file:line:col: msg" to stderr, with the offending line and a caret when known. */
void cli_error(const BoeError *e);
/* Prints an error about an expression given on the command line, with a caret under pos. */
void cli_expr_error(const char *label, const char *src, int pos, const char *msg, int shift);
/* The same for line `line` of a stream of expressions (boe eval reading stdin). */
void cli_expr_error_at(const char *label, int line, const char *src, int pos, const char *msg, int shift);
/* Prints the parser's warnings about such an expression: "boe: label:line:col: warning: ...". */
void cli_expr_warnings_at(const char *label, int line, const ExprError *e, int shift);
/* Prints a scenario's warnings (from its last compute): "boe: file:line:col: warning: ...". */
void cli_warnings(const Scenario *s);
/* The same lines added to out, for a caller that says them later. */
void cli_warnings_to(const Scenario *s, Buf *out);
/* Prints "boe: msg" to stderr. */
void cli_fail(const char *fmt, ...) BOE_PRINTF(1, 2);
/* The same line added to out. */
void cli_fail_to(Buf *out, const char *fmt, ...) BOE_PRINTF(2, 3);

/*
 * Writes n bytes to stdout from any thread, keeping the errno of the first
 * write that fails: a failed write's errno lives in the thread that wrote, and
 * later calls overwrite it, so the exit's report would give the wrong reason.
 */
void cli_out(const char *s, size_t n);
/* The errno of the first failed cli_out, -1 if it set none, 0 if none failed. */
int cli_out_errno(void);

/*
 * Whether the scenarios cli_load (and --all) compute build their
 * explanations (true unless the command shows none: check, eval).
 */
extern bool cli_explain;
/* Whether they sample their ranges (true unless only point values are shown: check). */
extern bool cli_ranges;
/*
 * Whether they keep every sample or only the summaries (false: commands
 * print figures; the interface, which draws the samples, says true).
 */
extern bool cli_keep_samples;
/* --samples and --seed, applied by cli_prepare (0 and false: the scenario's own) */
extern size_t cli_samples;
extern bool cli_seed_set;
extern uint64_t cli_seed;
/* What a command's scenarios compute: explanations, ranges and samples as above. */
void cli_prepare(Scenario *s);
/*
 * Whether a command frees what it holds before it exits: only under the
 * sanitizers (leak checks), since the process ends at once anyway.
 */
#if defined(BOE_FREE_AT_EXIT) || defined(__SANITIZE_ADDRESS__)
#define CLI_FREE_AT_EXIT 1
#else
#define CLI_FREE_AT_EXIT 0
#endif

/* Loads a preset name, a file path or "-" (stdin). NULL after printing the error. */
Scenario *cli_load(const char *arg);
/* Writes text to path atomically, asking before overwriting (refusing without a terminal unless force). */
bool cli_write_output(const char *path, const char *text, size_t n, bool force);

/*
 * The markdown report of list to path with its charts as SVG files beside it
 * (src/cli/charts.c); nothing is replaced without force. False after printing.
 */
bool cli_write_markdown_charts(Scenario *const *list, size_t n, const char *path, bool force);

/* Matches "--name VALUE" or "--name=VALUE" at argv[*i]; advances *i. Prints an error when VALUE is missing. */
bool cli_opt_value(int argc, char **argv, int *i, const char *name, const char **value, bool *bad);
/* Whether arg is an option cmd does not know ("-x", not "-" alone); if so it says so. */
bool cli_unknown_option(const char *cmd, const char *arg);
/* Takes arg as cmd's one preset into *preset; false (said) when one is named already. */
bool cli_one_preset(const char *cmd, const char *arg, const char **preset);

/* The command table of main.c: name, function and one line of help. */
typedef struct CliCommand {
	const char *name;
	int (*fn)(int, char **);
	const char *help;
} CliCommand;
const CliCommand *cli_commands(size_t *n);

/* The practice modes: today (BOE_TODAY=2026-12-01 when set, else the clock; false after an error),
   the time of day recorded (noon of BOE_TODAY when set, else now). */
bool cli_today(long *day);
time_t cli_now(long today);
/* stdin and stdout are a terminal (the line editor is used, bad lines are asked again). */
bool cli_interactive(void);
/* One line of an answer (the line editor on a terminal); NULL at end of input or when interrupted. Caller frees. */
char *cli_read_line(bool tty);
/* Prints text sanitised, with a newline. */
void cli_puts_clean(const char *text);
/* A non-negative whole number. */
bool cli_parse_count(const char *s, unsigned long long *out);

/* --difficulty D and --skill S at argv[*i] (true when one matched; *bad after printing an error). */
bool cli_parse_filters(const char *cmd, int argc, char **argv, int *i, const char **difficulty,
		       bool *skill_only, Skill *skill, bool *bad);

int cmd_eval(int argc, char **argv);
/* Shell completion scripts (src/cli/completion.c). */
int cmd_completion(int argc, char **argv);
int cmd_calc(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_quantities(int argc, char **argv);
/* The what-if commands (src/cli/whatif.c). */
int cmd_solve(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
/* The interactive interface (src/tui) and the interview drill. */
int cmd_tui(int argc, char **argv);
int cmd_practice(int argc, char **argv);
int cmd_cards(int argc, char **argv);
int cmd_mock(int argc, char **argv);
int cmd_today(int argc, char **argv);


/*
 * Asks the drill's questions on stdin (a line editor on a terminal): '?' or
 * 'hint', 'skip', 'quit'; an unreadable line is asked again on a terminal and
 * graded unreadable from a pipe. show prints each graded result. False when
 * input ended (or quit) before the last question.
 */
bool cli_ask_questions(Drill *d, bool tty, void (*show)(const DrillResult *r, void *ctx), void *ctx);

#endif
