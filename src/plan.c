/*
 * The day's plan and the Part 27 rotation (boe/plan.h): the cards due, a drill
 * on the weakest skill, and the walkthrough not practised for longest, each
 * with the command that starts it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boe/date.h"
#include "boe/plan.h"
#include "boe/scenario.h"

bool plan_is_walkthrough(const PresetInfo *p)
{
	return !p->error && p->source && strstr(p->source, "Part 27");
}

static void seen(Walkthrough *w, size_t n, const char *preset, time_t when)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w[i].name, preset) == 0) {
			long d = when ? day_of(when) : -1;
			if (d > w[i].last)
				w[i].last = d;
			w[i].times++;
		}
}

static int cmp_rotation(const void *a, const void *b)
{
	const Walkthrough *x = a, *y = b;
	if (x->last != y->last)
		return x->last < y->last ? -1 : 1;	/* never (-1) first, then oldest */
	return strcmp(x->name, y->name);
}

Walkthrough *plan_walkthroughs(const PresetInfo *list, size_t n, const char *difficulty,
			       const DrillHistory *h, const MockSheets *ms, size_t *out_n)
{
	Walkthrough *w = xcalloc(n + 1, sizeof *w);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!plan_is_walkthrough(&list[i]))
			continue;
		if (difficulty && strcmp(list[i].difficulty, difficulty) != 0)
			continue;
		w[k++] = (Walkthrough){text_sanitize(list[i].name, 0), text_sanitize(list[i].title, 0),
				       xstrdup(list[i].difficulty), -1, 0};
	}
	for (size_t i = 0; h && i < h->nrecords; i++)
		seen(w, k, h->records[i].preset, h->records[i].when);
	/* a mock's estimates are in the history too; its sheet alone counts when they are not */
	for (size_t i = 0; ms && i < ms->n; i++) {
		bool in_history = false;
		for (size_t j = 0; h && j < h->nrecords && !in_history; j++)
			in_history = h->records[j].mode && strcmp(h->records[j].mode, "mock") == 0 &&
				     strcmp(h->records[j].preset, ms->s[i].preset) == 0 &&
				     day_of(h->records[j].when) == day_of(ms->s[i].when);
		if (!in_history)
			seen(w, k, ms->s[i].preset, ms->s[i].when);
	}
	qsort(w, k, sizeof *w, cmp_rotation);
	*out_n = k;
	return w;
}

void plan_walkthroughs_free(Walkthrough *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(w[i].name);
		free(w[i].title);
		free(w[i].difficulty);
	}
	free(w);
}

void plan_today(const CardsDue *due, const DrillStats *st, const Walkthrough *w, size_t nw, Plan *out)
{
	memset(out, 0, sizeof *out);
	PlanItem *it = &out->items[out->n++];
	if (!due) {
		snprintf(it->what, sizeof it->what, "Cards: no deck found");
		snprintf(it->command, sizeof it->command, "boe cards --list");
	} else if (due->due == 0 && due->fresh == 0) {
		char day[16] = "";
		if (due->next >= 0)
			day_format(due->next, day, sizeof day);
		snprintf(it->what, sizeof it->what, "Cards: none due today%s%s", day[0] ? "; the next on " : "", day);
		snprintf(it->command, sizeof it->command, "boe cards --due");
	} else {
		size_t fresh = due->fresh < 10 ? due->fresh : 10;
		snprintf(it->what, sizeof it->what, "Cards: %zu due, %zu new (the guide: 10 min daily)", due->due,
			 fresh);
		snprintf(it->command, sizeof it->command, "boe cards --minutes 10");
	}
	it = &out->items[out->n++];
	if (st && st->weakest >= 0) {
		Skill k = (Skill)st->weakest;
		snprintf(it->what, sizeof it->what, "Drill your weakest skill: %s (%.0f%% of the points lately)",
			 skill_name(k), st->skill[k].recent * 100);
		snprintf(it->command, sizeof it->command, "boe practice --skill %s --questions 5", skill_name(k));
	} else {
		snprintf(it->what, sizeof it->what, "Drill: no history yet; start with traffic (DAU to QPS, under 2 min without notes)");
		snprintf(it->command, sizeof it->command, "boe practice --skill traffic --questions 5");
	}
	if (nw > 0) {
		it = &out->items[out->n++];
		if (w[0].last < 0) {
			snprintf(it->what, sizeof it->what, "Walkthrough: %s [%s], not practised yet", w[0].title, w[0].name);
		} else {
			char day[16];
			day_format(w[0].last, day, sizeof day);
			snprintf(it->what, sizeof it->what, "Walkthrough: %s [%s], last practised %s", w[0].title,
				 w[0].name, day);
		}
		snprintf(it->command, sizeof it->command, "boe mock %s", w[0].name);
	}
}
