/*
 * boe eval's calculator prompt, on a terminal (numbat's and qalc's habit):
 * the line editor of lineedit.c with history kept in
 * $XDG_STATE_HOME/boe/eval_history (default ~/.local/state/boe/), Tab
 * completion of quantities, units and functions, `ans` for the last result
 * and `name = expr` to define. An error is shown and the prompt comes back;
 * Ctrl-D, `quit` or `exit` leave it.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "evalenv.h"
#include "boe/preset.h"
#include "lineedit.h"

static const char *const *words(void *ctx)
{
	return eval_words(ctx);
}

int eval_repl(EvalEnv *e)
{
	LineHistory h = {0};
	char *path = state_user_file("eval_history");
	if (path)
		lineedit_history_load(&h, path);
	struct sigaction old_int, old_term;
	sigaction(SIGINT, NULL, &old_int);
	sigaction(SIGTERM, NULL, &old_term);
	lineedit_signals();
	printf("boe %s: units, quantities and functions (Tab completes them); ans is the last result,\n"
	       "NAME = EXPR defines a name; Ctrl-D or quit leaves.\n", BOE_VERSION);
	fflush(stdout);
	int lineno = 0;
	for (;;) {
		/* Ctrl-C drops the line being typed, as in a shell; Ctrl-D on an empty line leaves */
		lineedit_interrupted = 0;
		char *line = lineedit_read_with("boe> ", &h, words, e);
		if (!line) {
			if (lineedit_interrupted && lineedit_signal == SIGINT)
				continue;
			break;
		}
		lineno++;
		const char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strcmp(p, "quit") == 0 || strcmp(p, "exit") == 0) {
			free(line);
			break;
		}
		if (*p && *p != '#') {
			lineedit_history_add(&h, line);
			Buf out = {0};
			if (eval_line(e, line, "input", lineno, &out))
				fputs(out.s ? out.s : "", stdout);
			buf_free(&out);
			fflush(stdout);
			fflush(stderr);
		}
		free(line);
	}
	lineedit_restore();
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	BoeError err;
	/* what the file holds now, another session's lines too, and this one's after them */
	if (path && h.n && !lineedit_history_save_new(&h, path, &err)) {
		char msg[1024];
		boe_error_format(&err, msg, sizeof msg);
		cli_fail("warning: the history was not saved: %s", msg);
	}
	free(path);
	lineedit_history_free(&h);
	return EXIT_OK;
}
