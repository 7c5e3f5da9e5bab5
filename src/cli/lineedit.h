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

/* Set by the SIGINT/SIGTERM handlers that lineedit_signals installs. */
extern volatile sig_atomic_t lineedit_interrupted;

/* Installs SIGINT and SIGTERM handlers without SA_RESTART (a read in progress returns). */
void lineedit_signals(void);

/*
 * Prompts and reads one line from the terminal on fd 0 (output on fd 1).
 * Returns the line (no newline; caller frees), or NULL at end of input
 * (Ctrl-D on an empty line), on an error, or when interrupted.
 */
char *lineedit_read(const char *prompt);

/* Puts the terminal back as it was, if lineedit changed it (idempotent). */
void lineedit_restore(void);

#endif
