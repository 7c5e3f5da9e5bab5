/*
 * The day's practice plan (boe today) and the walkthrough rotation: what the
 * guide prescribes every day (Part 31: the cards, one drill, one Part 27
 * walkthrough), worked out from the history of every mode.
 *
 * Core module: no printing.
 */
#ifndef BOE_PLAN_H
#define BOE_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include "boe/cards.h"
#include "boe/drill.h"
#include "boe/mock.h"
#include "boe/preset.h"

typedef struct Walkthrough {
	char *name, *title, *difficulty;
	long last;		/* the day it was last practised (drill or mock), -1 never */
	size_t times;		/* drills and mocks of it */
} Walkthrough;

/* Whether a preset is one of the guide's Part 27 walkthroughs (its source says so). */
bool plan_is_walkthrough(const PresetInfo *p);
/*
 * The Part 27 walkthroughs among list (those of difficulty, when not NULL),
 * in rotation order: never practised first (by name), then the one practised
 * longest ago. h and ms may be NULL. Caller frees with plan_walkthroughs_free.
 */
Walkthrough *plan_walkthroughs(const PresetInfo *list, size_t n, const char *difficulty,
			       const DrillHistory *h, const MockSheets *ms, size_t *out_n);
void plan_walkthroughs_free(Walkthrough *w, size_t n);

typedef struct PlanItem {
	char what[320];		/* "Cards: 12 due, 10 new (the guide: 10 min daily)" */
	char command[160];	/* "boe cards --minutes 10" */
} PlanItem;

typedef struct Plan {
	PlanItem items[3];
	size_t n;
} Plan;

/*
 * Today's plan: the cards due (due may be NULL when no deck is found), one
 * drill on the weakest skill (from st; the traffic basics when nothing is
 * practised yet) and the next walkthrough of the rotation (w[0], none when nw is 0).
 */
void plan_today(const CardsDue *due, const DrillStats *st, const Walkthrough *w, size_t nw, Plan *out);

#endif
