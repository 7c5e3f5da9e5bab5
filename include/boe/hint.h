/*
 * Hints for a drill question, in three rungs, each giving more away: the idea
 * in words ("Little's Law: in flight = rate × time in system"), then the
 * formula with every name in it explained, then the first step with the
 * numbers put in (but not the result).
 *
 * Core module: no printing.
 */
#ifndef BOE_HINT_H
#define BOE_HINT_H

#include "boe/scenario.h"

#define HINT_RUNGS 3

/* The rungs for quantity qi of computed scenario s. Caller frees each of out[0..HINT_RUNGS). */
void hint_rungs(const Scenario *s, int qi, char *out[HINT_RUNGS]);

/* Share of a question's points kept after h hints (1, 3/4, 1/2, 1/4). */
double hint_factor(int h);

#endif
