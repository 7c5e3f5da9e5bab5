/*
 * boe eval's state between lines: the default scenario (once a name needs
 * it), the names defined so far and ans. Shared by the command (eval.c) and
 * its calculator prompt (repl.c).
 */
#ifndef BOE_CLI_EVALENV_H
#define BOE_CLI_EVALENV_H

#include <stdbool.h>
#include "boe/util.h"

typedef struct EvalEnv EvalEnv;

/*
 * Evaluates one line ("NAME = EXPR" defines) and appends its result to out;
 * errors name label and line. False after printing one.
 */
bool eval_line(EvalEnv *e, const char *src, const char *label, int line, Buf *out);
/* The words Tab completes: quantities, names defined, ans, functions and units, sorted; NULL-ended. */
const char *const *eval_words(EvalEnv *e);
/* The calculator prompt on a terminal, until end of input; the exit status. */
int eval_repl(EvalEnv *e);

#endif
