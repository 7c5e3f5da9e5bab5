/*
 * Reading a drill answer: the words a candidate says aloud ("~4K", "12 K/s",
 * "4 thousand", "4.2 million", "45m", "1m30s", "35K QPS") turned into the
 * units language and evaluated. By default an answer is mental maths: a number
 * with an optional unit; operators and functions are refused unless the drill
 * allows a calculator. Readings that are easy to get wrong get a word instead
 * of a silent misreading ("33 Gb" for memory is gigabits; "600B" for data is a
 * billion, not bytes).
 *
 * Core module: no printing.
 */
#ifndef BOE_ANSWER_H
#define BOE_ANSWER_H

#include <stdbool.h>
#include <stddef.h>
#include "boe/units.h"

typedef struct AnswerRead {
	double value;		/* base units (a bare number already scaled to the question's unit) */
	Dim dim;		/* the answer's dimension (the question's for a bare number) */
	bool bare;		/* no unit word: read in the question's unit */
	Display disp;		/* how the answer itself is best shown */
	char canonical[160];	/* what was evaluated, in the units language: "4K", "(1 min + 30 s)" */
	char note[200];		/* a word on how it was read (a trap), or "" */
} AnswerRead;

/*
 * Reads text as the answer to a question of dimension want whose unit (unit,
 * in the units language: "/s", "GB", "" for a count) is worth unit_factor base
 * units. calc allows operators and functions.
 * Returns false with msg filled (one line, says what would be right) when the
 * text is not an answer; nothing else is written then.
 */
bool answer_read(const char *text, Dim want, const char *unit, double unit_factor, bool calc,
		 AnswerRead *out, char *msg, size_t msgn);

/* Value of "1 UNIT" in base units and its dimension ("" is the number 1); false when unreadable. */
bool answer_unit_value(const char *unit, double *f, Dim *dim);
/* How a question names its unit: "per second", "a number", "in GB". Caller frees. */
char *answer_unit_phrase(const char *unit);

#endif
