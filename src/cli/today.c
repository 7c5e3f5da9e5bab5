/*
 * boe today: the day's plan from the history of every mode (src/plan.c): the
 * cards due, one drill on the weakest skill, the next Part 27 walkthrough of
 * the rotation, each with the command that starts it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boe/cards.h"
#include "boe/date.h"
#include "boe/plan.h"
#include "cli.h"

static void usage(FILE *f)
{
	fputs("usage: boe today\n"
	      "\n"
	      "What to practise today, from the history: the cards due (boe cards), one\n"
	      "drill on your weakest skill (boe practice --skill), and the Part 27\n"
	      "walkthrough not practised for longest (boe mock), each with its command.\n"
	      "BOE_TODAY=YYYY-MM-DD sets the day.\n",
	      f);
}

int cmd_today(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
		cli_fail("today: unexpected '%s' (see 'boe today --help')", argv[i]);
		return EXIT_USAGE;
	}
	long today;
	if (!cli_today(&today))
		return EXIT_USAGE;
	BoeError err;
	CardSet *set = cards_load(NULL, 0, &err);
	if (!set)
		cli_error(&err);
	CardSchedule *sc = cards_schedule_load(NULL, &err);
	if (!sc) {
		cli_error(&err);
		sc = cards_schedule_parse("", 0);
	}
	CardsDue due;
	bool have_cards = set && set->ncards;
	if (have_cards)
		cards_due(set, sc, today, &due);
	DrillHistory *h = drill_history_load(NULL, &err);
	if (!h) {
		cli_error(&err);
		h = drill_history_parse("", 0);
	}
	MockSheets *ms = mock_sheets_load(NULL, &err);
	if (!ms) {
		cli_error(&err);
		ms = mock_sheets_parse("", 0);
	}
	DrillStats st;
	drill_stats(h, &st);
	size_t np, nw;
	/* which presets are walkthroughs is in their headers (source): nothing is loaded whole */
	PresetInfo *list = preset_list_headers(&np);
	Walkthrough *w = plan_walkthroughs(list, np, NULL, h, ms, &nw);
	Plan p;
	plan_today(have_cards ? &due : NULL, &st, w, nw, &p);
	char day[16];
	day_format(today, day, sizeof day);
	printf("Today, %s:\n", day);
	for (size_t i = 0; i < p.n; i++) {
		printf("%zu. ", i + 1);
		cli_puts_clean(p.items[i].what);
		printf("   $ %s\n", p.items[i].command);
	}
	size_t practised = 0;
	for (size_t i = 0; i < nw; i++)
		practised += w[i].last >= 0;
	if (nw)
		printf("(walkthroughs practised: %zu of %zu)\n", practised, nw);
	plan_walkthroughs_free(w, nw);
	preset_list_free(list, np);
	mock_sheets_free(ms);
	drill_history_free(h);
	cards_schedule_free(sc);
	cards_free(set);
	return EXIT_OK;
}
