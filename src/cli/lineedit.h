/*
 * A small line editor for answers typed on a terminal: the line is edited in
 * raw mode (left/right, Home/End, Backspace, Delete, Ctrl-A/E/U/K) so that no
 * escape code ends up in the answer. The terminal is put back on every way
 * out: Enter, end of input, an error, SIGINT and SIGTERM (the handlers only
 * set a flag; the read is interrupted and the caller sees it), and at exit.
 */
#ifndef BOE_CLI_LINEEDIT_H
#define BOE_CLI_LINEEDIT_H

#include <signal.h>
#include <stdbool.h>

#include "boe/util.h"

/* Set by the SIGINT/SIGTERM handlers that lineedit_signals installs. */
extern volatile sig_atomic_t lineedit_interrupted;
/* The signal that set it last (SIGINT or SIGTERM). */
extern volatile sig_atomic_t lineedit_signal;

/* Installs SIGINT and SIGTERM handlers without SA_RESTART (a read in progress returns). */
void lineedit_signals(void);

/*
 * Prompts and reads one line from the terminal on fd 0 (output on fd 1).
 * Returns the line (no newline; caller frees), or NULL at end of input
 * (Ctrl-D on an empty line), on an error, or when interrupted.
 */
char *lineedit_read(const char *prompt);

/*
 * History (Up/Down, Ctrl-P/N) and Tab completion for the calculator prompt
 * of boe eval. The history is the caller's: lines oldest first, loaded from
 * and saved to a file one line each.
 */
typedef struct LineHistory {
	char **items;
	size_t n, cap;
	size_t max;		/* lines kept; 0: 1000 */
	size_t added;		/* lines lineedit_history_add appended (a session's own) */
} LineHistory;

/* Appends line unless it is empty or repeats the last one; the oldest go past max. */
void lineedit_history_add(LineHistory *h, const char *line);
/* Appends the lines of path (a missing file is no error). */
void lineedit_history_load(LineHistory *h, const char *path);
/*
 * Writes to path what it holds now (another session may have saved since h
 * was loaded) with h's own lines after it, the oldest going past max:
 * atomically, creating its directory; false with err on failure.
 */
bool lineedit_history_save_new(const LineHistory *h, const char *path, BoeError *err);
void lineedit_history_free(LineHistory *h);

/* The words Tab may complete to (the caller's; NULL ends them). */
typedef const char *const *(*LineCompleteFn)(void *ctx);

/*
 * lineedit_read with history and Tab completion (either may be NULL). Tab
 * completes the word before the cursor: alone, to the one candidate; else as
 * far as the candidates agree, and a second Tab lists them under the line.
 */
char *lineedit_read_with(const char *prompt, LineHistory *h, LineCompleteFn complete, void *ctx);

/* Puts the terminal back as it was, if lineedit changed it (idempotent). */
void lineedit_restore(void);

#endif
