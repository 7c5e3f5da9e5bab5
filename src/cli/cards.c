/*
 * boe cards: the numbers to know by heart, on a line-oriented terminal. The
 * decks, the grading and the SM-2 schedule live in src/cards.c; this file
 * runs today's session over stdin (a terminal with the line editor, or a
 * pipe), prints the core's words for each answer, saves the schedule, and
 * answers --due, --list and --stats.
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boe/cards.h"
#include "boe/date.h"
#include "boe/drill.h"
#include "boe/expr.h"
#include "cli.h"
#include "lineedit.h"

#define DEFAULT_NEW 10

typedef struct Args {
	const char **decks;
	size_t ndecks;
	bool due, list, stats, no_save, help;
	size_t max_new;
	double minutes;
} Args;

static void usage(FILE *f)
{
	fprintf(f, "usage: boe cards [DECK...] [--new N] [--minutes M] [--no-save]\n"
		   "       boe cards [DECK...] --due | --stats\n"
		   "       boe cards --list\n"
		   "\n"
		   "Flashcards of the numbers to know by heart (the guide's Part 3): latency,\n"
		   "powers of two, nines, time, bandwidth, availability. Today's due cards come\n"
		   "first, then up to N new ones; a card missed is asked again at the end.\n"
		   "Answer with a figure, as said aloud ('0.5 ns', '1K', '43 min'; a bare number\n"
		   "is in the unit asked); '?' shows the answer (a miss), 'quit' or end of input stops.\n"
		   "\n"
		   "Grading fits the card: a latency is right at the right order of magnitude\n"
		   "(within a factor of about 3), a power of two exact or at its usual\n"
		   "approximation, nines on the downtime they leave, the rest within a tolerance.\n"
		   "Scheduling is SM-2: right, the card comes back in 1 day, then 6, then\n"
		   "longer; missed, it is due again today.\n"
		   "\n"
		   "options:\n"
		   "  --new N        new cards at most (default %d; 0 for reviews only)\n"
		   "  --minutes M    stop asking after M minutes (the guide: 10 min daily)\n"
		   "  --due          how many cards are due, and when the next one is\n"
		   "  --stats        per deck: cards seen, right answers, intervals, time per answer\n"
		   "  --list         the decks found\n"
		   "  --no-save      do not update the schedule\n"
		   "\n"
		   "Decks are found in $BOE_CARDS_PATH, $XDG_DATA_HOME/boe/cards (your own), the\n"
		   "installed decks and the source tree's cards/. The schedule is\n"
		   "$XDG_STATE_HOME/boe/cards.jsonl. BOE_TODAY=YYYY-MM-DD sets the day.\n",
		DEFAULT_NEW);
}

static bool parse_args(int argc, char **argv, Args *a)
{
	bool bad = false;
	a->max_new = DEFAULT_NEW;
	a->decks = xcalloc((size_t)argc + 1, sizeof *a->decks);
	for (int i = 1; i < argc && !bad; i++) {
		const char *v, *arg = argv[i];
		unsigned long long n;
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			a->help = true;
		} else if (strcmp(arg, "--due") == 0) {
			a->due = true;
		} else if (strcmp(arg, "--list") == 0) {
			a->list = true;
		} else if (strcmp(arg, "--stats") == 0) {
			a->stats = true;
		} else if (strcmp(arg, "--no-save") == 0) {
			a->no_save = true;
		} else if (cli_opt_value(argc, argv, &i, "--new", &v, &bad)) {
			if (bad)
				break;
			if (!cli_parse_count(v, &n) || n > 10000) {
				cli_fail("cards: --new wants a whole number from 0 to 10000, not '%s'", v);
				bad = true;
			}
			a->max_new = (size_t)n;
		} else if (cli_opt_value(argc, argv, &i, "--minutes", &v, &bad)) {
			if (bad)
				break;
			if (!drill_parse_limit(v, 60, &a->minutes)) {
				cli_fail("cards: --minutes wants a time above 0 and up to 24 h, such as 10 (minutes), not '%s'", v);
				bad = true;
			}
		} else if (cli_unknown_option("cards", arg)) {
			bad = true;
		} else {
			a->decks[a->ndecks++] = arg;
		}
	}
	return !bad;
}

static int list_decks(const CardSet *set)
{
	printf("%-15s %5s  %s\n", "deck", "cards", "title");
	for (size_t i = 0; i < set->ndecks; i++) {
		char *title = text_sanitize(set->decks[i].title, 0);
		printf("%-15s %5zu  %s\n", set->decks[i].name, set->decks[i].n, title);
		free(title);
	}
	return EXIT_OK;
}

static void print_due(const CardSet *set, const CardSchedule *sc, long today)
{
	CardsDue d;
	cards_due(set, sc, today, &d);
	Buf b = {0};
	cards_due_text(&d, today, &b);
	printf("%s\n", b.s);
	buf_free(&b);
}

static int show_due(const CardSet *set, const CardSchedule *sc, long today)
{
	char day[16];
	day_format(today, day, sizeof day);
	printf("Cards on %s: ", day);
	print_due(set, sc, today);
	for (size_t i = 0; i < set->ndecks; i++) {
		CardSet one = *set;
		one.cards = set->cards + set->decks[i].first;
		one.ncards = set->decks[i].n;
		CardsDue d;
		cards_due(&one, sc, today, &d);
		printf("  %-15s %3zu due, %3zu new\n", set->decks[i].name, d.due, d.fresh);
	}
	return EXIT_OK;
}

static int show_stats(const CardSet *set, const CardSchedule *sc, long today)
{
	printf("%-15s %5s %5s %6s %6s %8s %8s\n", "deck", "cards", "seen", "right", "due", "interval",
	       "per card");
	for (size_t i = 0; i < set->ndecks; i++) {
		const Deck *dk = &set->decks[i];
		size_t seen = 0, due = 0;
		long answers = 0, right = 0;
		double interval = 0, time_s = 0;
		for (size_t k = dk->first; k < dk->first + dk->n; k++) {
			const CardState *s = cards_state_c(sc, set->cards[k].key);
			if (!s)
				continue;
			seen++;
			due += s->due <= today;
			answers += s->seen;
			right += s->right;
			interval += (double)s->interval;
			time_s += s->time_s;
		}
		char share[16] = "-", ivl[16] = "-", per[16] = "-";
		if (answers) {
			snprintf(share, sizeof share, "%.0f%%", 100.0 * (double)right / (double)answers);
			drill_format_duration(time_s / (double)answers, per, sizeof per);
		}
		if (seen)
			snprintf(ivl, sizeof ivl, "%.1f d", interval / (double)seen);
		printf("%-15s %5zu %5zu %6s %6zu %8s %8s\n", dk->name, dk->n, seen, share, due, ivl, per);
	}
	printf("\n(seen: cards answered at least once; right: share of all answers; due: today;\n"
	       "interval: the mean days until a seen card comes back; per card: time per answer)\n");
	/* the cards missed most */
	const CardState *worst[3] = {NULL, NULL, NULL};
	for (size_t i = 0; i < sc->n; i++) {
		const CardState *s = &sc->st[i];
		int miss = s->seen - s->right;
		if (miss <= 0)
			continue;
		for (int k = 0; k < 3; k++)
			if (!worst[k] || miss > worst[k]->seen - worst[k]->right) {
				for (int j = 2; j > k; j--)
					worst[j] = worst[j - 1];
				worst[k] = s;
				break;
			}
	}
	if (worst[0]) {
		printf("\nMissed most:\n");
		for (int k = 0; k < 3 && worst[k]; k++) {
			const Card *c = NULL;
			for (size_t i = 0; i < set->ncards && !c; i++)
				if (strcmp(set->cards[i].key, worst[k]->key) == 0)
					c = &set->cards[i];
			char *key = text_sanitize(worst[k]->key, 0);
			printf("  %-28s %d of %d missed%s%s\n", key, worst[k]->seen - worst[k]->right,
			       worst[k]->seen, c ? ": " : "", c ? c->front : "");
			free(key);
		}
	}
	return EXIT_OK;
}

static const char *unit_words(const Card *c, char *out, size_t n)
{
	if (!c->unit[0] || c->unit[0] == '%')
		out[0] = '\0';
	else
		snprintf(out, n, " (in %s)", c->unit);
	return out;
}

static int run_session(const CardSet *set, CardSchedule *sc, const Args *a, long today)
{
	CardSessionOptions o = {.today = today, .max_new = a->max_new, .limit = a->minutes};
	CardSession *cs = card_session_new(set, sc, &o);
	char day[16];
	day_format(today, day, sizeof day);
	printf("Cards for %s: ", day);
	print_due(set, sc, today);
	size_t queued = card_session_left(cs);
	if (queued == 0) {
		printf("Nothing to review today. 'boe cards --new N' takes new cards; 'boe cards --due' says when the next is due.\n");
		card_session_free(cs);
		return EXIT_OK;
	}
	printf("%zu card%s now. Answer with a figure ('0.5 ns', '1K', '43 min'); '?' shows the\n"
	       "answer (a miss); 'quit' stops.\n",
	       queued, queued == 1 ? "" : "s");
	if (a->minutes > 0) {
		char lim[32];
		drill_format_duration(a->minutes, lim, sizeof lim);
		printf("Time limit: %s.\n", lim);
	}
	bool tty = cli_interactive();
	struct sigaction old_int, old_term;
	sigaction(SIGINT, NULL, &old_int);
	sigaction(SIGTERM, NULL, &old_term);
	lineedit_signals();
	bool ended = false;
	size_t n = 0;
	const Card *c;
	while (!ended && (c = card_session_next(cs)) != NULL) {
		char unit[48];
		printf("\n[%zu] %s: %s%s\n", ++n, c->deck, c->front, unit_words(c, unit, sizeof unit));
		for (;;) {
			char *line = cli_read_line(tty);
			if (!line || drill_is_command(line, "quit") || drill_is_command(line, "exit")) {
				free(line);
				ended = true;
				break;
			}
			CardResult r;
			char msg[512];
			bool done = true;
			if (drill_is_command(line, "?") || drill_is_command(line, "skip")) {
				card_session_reveal(cs, &r);
			} else if (!card_session_answer(cs, line, &r, msg, sizeof msg)) {
				cli_puts_clean(msg);
				if (tty) {
					done = false;	/* asked again */
				} else {
					card_session_reveal(cs, &r);	/* a pipe: a miss, the next line answers the next card */
				}
			}
			free(line);
			if (done) {
				Buf b = {0};
				card_result_text(&r, today, &b);
				cli_puts_clean(b.s);
				buf_free(&b);
				break;
			}
		}
	}
	lineedit_restore();
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (lineedit_interrupted)
		printf("\ninterrupted\n");
	if (card_session_time_up(cs)) {
		char lim[32];
		drill_format_duration(a->minutes, lim, sizeof lim);
		printf("\ntime is up (%s); %zu card%s left for later\n", lim, card_session_left(cs),
		       card_session_left(cs) == 1 ? "" : "s");
	}
	CardSessionSummary s;
	card_session_summary(cs, &s);
	card_session_free(cs);
	char t[32];
	drill_format_duration(s.time_s, t, sizeof t);
	printf("\ncards: %zu answered, %zu right, %zu missed (%zu new, %zu asked again)\n", s.asked,
	       s.right, s.missed, s.fresh, s.again);
	printf("time: %s\n", t);
	int rc = EXIT_OK;
	if (a->no_save) {
		printf("schedule: not saved (--no-save)\n");
	} else if (s.asked == 0) {
		printf("schedule: unchanged (no answer)\n");
	} else {
		BoeError err;
		char *path = cards_schedule_path(&err);
		if (path && cards_schedule_save(sc, path, &err)) {
			printf("schedule: saved to %s\n", path);
		} else {
			cli_error(&err);
			rc = EXIT_USAGE;
		}
		free(path);
	}
	printf("now: ");
	print_due(set, sc, today);
	return rc;
}

int cmd_cards(int argc, char **argv)
{
	Args a = {0};
	if (!parse_args(argc, argv, &a)) {
		free(a.decks);
		return EXIT_USAGE;
	}
	if (a.help) {
		usage(stdout);
		free(a.decks);
		return EXIT_OK;
	}
	long today;
	if (!cli_today(&today)) {
		free(a.decks);
		return EXIT_USAGE;
	}
	BoeError err;
	CardSet *set = cards_load(a.decks, a.ndecks, &err);
	free(a.decks);
	if (!set) {
		cli_error(&err);
		return EXIT_USAGE;
	}
	if (set->ncards == 0) {
		cli_fail("cards: no deck found (searched $BOE_CARDS_PATH, %s, the installed decks and the source tree's cards/)",
			 "$XDG_DATA_HOME/boe/cards");
		cards_free(set);
		return EXIT_USAGE;
	}
	if (a.list) {
		int rc = list_decks(set);
		cards_free(set);
		return rc;
	}
	CardSchedule *sc = cards_schedule_load(NULL, &err);
	if (!sc) {
		cli_error(&err);
		cards_free(set);
		return EXIT_USAGE;
	}
	if (sc->bad_lines)
		cli_fail("cards: skipped %zu line%s of the schedule that %s not a card's state", sc->bad_lines,
			 sc->bad_lines == 1 ? "" : "s", sc->bad_lines == 1 ? "is" : "are");
	int rc = a.due ? show_due(set, sc, today) : a.stats ? show_stats(set, sc, today)
					      : run_session(set, sc, &a, today);
	cards_schedule_free(sc);
	cards_free(set);
	return rc;
}
