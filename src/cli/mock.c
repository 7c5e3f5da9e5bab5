/*
 * boe mock: the estimation phase of an interview, timed, on a line-oriented
 * terminal; then the Part 33 self-score sheet; and --trend, the weekly chart
 * of the sheets' totals. The mock itself (inputs, plausibility, the chain
 * from the candidate's own figures, the score) lives in src/mock.c.
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boe/date.h"
#include "boe/expr.h"
#include "boe/mock.h"
#include "boe/plan.h"
#include "boe/preset.h"
#include "cli.h"
#include "lineedit.h"

typedef struct Args {
	const char *preset, *difficulty;
	double limit;
	bool skill_only, trend, no_sheet, no_history, help;
	Skill skill;
} Args;

static void usage(FILE *f)
{
	fputs("usage: boe mock [PRESET|FILE] [--time LIMIT] [--skill S] [--difficulty D]\n"
	      "                [--no-sheet] [--no-history]\n"
	      "       boe mock --trend\n"
	      "\n"
	      "The estimation phase of an interview (the guide's minute 0–8), timed.\n"
	      "Only the scope is given. State each assumption the chain needs ('?' shows\n"
	      "the guide's usual range; an empty line leaves boe's figure, not stated),\n"
	      "then estimate the headline figures in chain order: they are graded against\n"
	      "the chain worked out from your own assumptions, and each assumption is\n"
	      "checked against the preset's figure and the guide's range.\n"
	      "\n"
	      "It ends with the Part 33 estimation score (1–5) and its evidence, then the\n"
	      "self-score sheet: the 12 dimensions, 1–5 each (an empty line on\n"
	      "Back-of-envelope takes the estimation score), the total out of 60, its\n"
	      "meaning, and the lowest dimension with the Part to study.\n"
	      "\n"
	      "options:\n"
	      "  --time LIMIT      the clock for both phases (default 8 min; a bare number\n"
	      "                    is minutes)\n"
	      "  --skill S         estimates of one skill only (traffic, storage, bandwidth, ...)\n"
	      "  --difficulty D    without PRESET, the next walkthrough of that difficulty\n"
	      "  --no-sheet        end after the estimation score\n"
	      "  --no-history      do not record the estimates or the sheet\n"
	      "  --trend           the weekly trend of the sheets' totals\n"
	      "\n"
	      "Without PRESET the mock takes the Part 27 walkthrough practised longest ago\n"
	      "(see 'boe today'). Sheets are kept in $XDG_STATE_HOME/boe/mock.jsonl, the\n"
	      "estimates in the practice history.\n",
	      f);
}

static bool parse_args(int argc, char **argv, Args *a)
{
	bool bad = false;
	for (int i = 1; i < argc && !bad; i++) {
		const char *v, *arg = argv[i];
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			a->help = true;
		} else if (strcmp(arg, "--trend") == 0) {
			a->trend = true;
		} else if (strcmp(arg, "--no-sheet") == 0) {
			a->no_sheet = true;
		} else if (strcmp(arg, "--no-history") == 0) {
			a->no_history = true;
		} else if (cli_opt_value(argc, argv, &i, "--time", &v, &bad)) {
			if (!bad && !drill_parse_limit(v, 60, &a->limit)) {
				cli_fail("mock: --time wants a time above 0 and up to 24 h, such as '8 min' or 8, not '%s'", v);
				bad = true;
			}
		} else if (cli_parse_filters("mock", argc, argv, &i, &a->difficulty, &a->skill_only, &a->skill,
					     &bad)) {
			continue;
		} else if (cli_unknown_option("mock", arg) || !cli_one_preset("mock", arg, &a->preset)) {
			bad = true;
		}
	}
	return !bad;
}

/* ---- --trend ---- */

static int show_trend(void)
{
	BoeError err;
	MockSheets *ms = mock_sheets_load(NULL, &err);
	if (!ms) {
		cli_error(&err);
		return EXIT_USAGE;
	}
	if (ms->bad_lines)
		cli_fail("mock: skipped %zu line%s of the sheets that %s not a sheet", ms->bad_lines,
			 ms->bad_lines == 1 ? "" : "s", ms->bad_lines == 1 ? "is" : "are");
	if (ms->n == 0) {
		printf("No mock sheet yet. Run 'boe mock PRESET' and fill in the sheet at the end.\n");
		mock_sheets_free(ms);
		return EXIT_OK;
	}
	MockTrend t;
	mock_trend(ms, &t);
	printf("Mock totals per week (out of 60; %zu sheet%s):\n", ms->n, ms->n == 1 ? "" : "s");
	for (int k = 0; k < t.nweeks; k++) {
		char day[16];
		day_format(t.week[k], day, sizeof day);
		printf("  %s  ", day);
		if (t.count[k] == 0) {
			printf("%-30s  -\n", "·");
			continue;
		}
		int cells = (int)lround(t.mean[k] / 2);	/* 2 points a cell: 60 is 30 cells */
		for (int c = 0; c < 30; c++)
			fputs(c < cells ? "█" : " ", stdout);
		printf("  %4.1f (%d mock%s)\n", t.mean[k], t.count[k], t.count[k] == 1 ? "" : "s");
	}
	printf("(weeks start on Monday; 48–60 ready, 36–47 targeted study, under 36 the framework again)\n");
	if (t.nweeks > 1 && t.first >= 0)
		printf("\nfrom %.1f to %.1f (%+.1f)\n", t.first, t.last, t.last - t.first);
	if (t.plateau)
		printf("plateau: the last three weeks are within 2 points; the guide says change the mock\n"
		       "format (harder problems, shorter time): boe mock --difficulty hard --time 6\n");
	mock_sheets_free(ms);
	return EXIT_OK;
}

/* ---- the mock ---- */

static bool tty_in;

static char *ask_line(void)
{
	return cli_read_line(tty_in);
}

static bool stop_word(const char *line)
{
	return drill_is_command(line, "quit") || drill_is_command(line, "exit");
}

static void print_time_left(const Mock *m)
{
	char left[32];
	drill_format_duration(mock_time_left(m), left, sizeof left);
	printf("(time left: %s)\n", left);
}

/* The assumptions. False when input ended. */
static bool run_inputs(Mock *m)
{
	size_t n = mock_ninputs(m), k = 0;
	printf("\nYour assumptions (%zu): state each figure the chain needs.\n", n);
	const MockInput *in;
	while ((in = mock_next_input(m)) != NULL) {
		printf("\nA%zu %s? (%s)\n", ++k, in->label, in->unit_phrase);
		if (k == 1 || k % 5 == 0)
			print_time_left(m);
		for (;;) {
			char *line = ask_line();
			if (!line || stop_word(line)) {
				free(line);
				return false;
			}
			char msg[512];
			if (drill_is_command(line, "?") || drill_is_command(line, "hint")) {
				char *r = mock_range(m);
				cli_puts_clean(r);
				free(r);
				free(line);
				continue;
			}
			bool ok = drill_is_command(line, "skip") ? (mock_unstated(m), true)
								 : mock_state(m, line, msg, sizeof msg);
			free(line);
			if (!ok) {
				cli_puts_clean(msg);
				if (tty_in)
					continue;
				mock_unstated(m);	/* a pipe: the next line states the next input */
			}
			Buf b = {0};
			mock_input_text(mock_input(m, k - 1), &b);
			printf("  ");
			cli_puts_clean(b.s);
			buf_free(&b);
			break;
		}
	}
	return true;
}

static void print_result(const DrillResult *r)
{
	Buf b = {0};
	drill_result_text(r, 0, &b);
	buf_printf(&b, " | your chain: %s", r->q->explain);
	cli_puts_clean(b.s);
	buf_free(&b);
}

static void show_result(const DrillResult *r, void *ctx)
{
	(void)ctx;
	print_result(r);
}

/* The estimates. False when input ended. */
static bool run_estimates(Drill *d)
{
	printf("\nYour estimates (%zu), from your own assumptions:\n", drill_count(d));
	return cli_ask_questions(d, tty_in, show_result, NULL);
}

static void print_score(const MockScore *sc)
{
	printf("\nEstimation score (Part 33): %d/5 — %s\n", sc->score, sc->meaning);
	for (int i = 0; i < MOCK_NCHECKS; i++) {
		const MockCheck *c = &sc->checks[i];
		const char *mark = c->state > 0 ? "yes" : c->state == 0 ? "NO " : " - ";
		char *detail = text_sanitize(c->detail, 0);
		printf("  %s %-19s %s\n", mark, c->what, detail);
		free(detail);
	}
	printf("(5 less one for each NO, at least 1)\n");
}

/* The self-score sheet. False when input ended before it was complete. */
static bool run_sheet(int estimation, int scores[RUBRIC_DIMS])
{
	const RubricDim *dims = rubric_dims();
	printf("\nSelf-score sheet (Part 33): score each dimension 1–5 (1 missing or incorrect,\n"
	       "2 superficial, 3 adequate with gaps, 4 solid, 5 strong and proactive).\n");
	for (int i = 0; i < RUBRIC_DIMS; i++) {
		if (i == RUBRIC_BOE)
			printf("%2d. %s (1–5; empty: %d, the estimation score)\n", i + 1, dims[i].name, estimation);
		else
			printf("%2d. %s (1–5)\n", i + 1, dims[i].name);
		for (;;) {
			char *line = ask_line();
			if (!line || stop_word(line)) {
				free(line);
				return false;
			}
			const char *p = line;
			while (*p == ' ')
				p++;
			int v = 0;
			if (!*p && i == RUBRIC_BOE)
				v = estimation;
			else if (p[0] >= '1' && p[0] <= '5' && (p[1] == '\0' || p[1] == ' '))
				v = p[0] - '0';
			free(line);
			if (v) {
				scores[i] = v;
				break;
			}
			printf("a score is a whole number from 1 to 5\n");
		}
	}
	return true;
}

static void print_sheet(const int scores[RUBRIC_DIMS])
{
	const RubricDim *dims = rubric_dims();
	int total = 0;
	for (int i = 0; i < RUBRIC_DIMS; i++)
		total += scores[i];
	printf("\nTotal: %d/60 (%s): %s\n", total, rubric_band_range(total), rubric_band(total));
	size_t low[3];
	size_t nl = rubric_lowest(scores, low, total >= 36 && total < 48 ? 3 : 1);
	for (size_t k = 0; k < nl; k++)
		printf("%s %s (%d): study %s, %s\n", k == 0 ? "Lowest dimension:" : "             and", dims[low[k]].name,
		       scores[low[k]], dims[low[k]].part, dims[low[k]].study);
	printf("Next session: one mock focusing only on that phase.\n");
}

static Scenario *choose(const Args *a, char **chosen_why)
{
	if (a->preset)
		return cli_load(a->preset);
	size_t np;
	PresetInfo *list = preset_list_headers(&np); /* the chosen one alone is loaded */
	BoeError err;
	DrillHistory *h = drill_history_load(NULL, &err);
	MockSheets *ms = mock_sheets_load(NULL, &err);
	size_t nw;
	Walkthrough *w = plan_walkthroughs(list, np, a->difficulty, h, ms, &nw);
	Scenario *s = NULL;
	for (size_t i = 0; i < nw && !s; i++) {
		for (size_t j = 0; j < np; j++)
			if (strcmp(list[j].name, w[i].name) == 0) {
				s = cli_load(list[j].path);
				break;
			}
		if (s && a->skill_only) {
			MockOptions o = {.skill_only = true, .skill = a->skill};
			Mock *probe = mock_new(s, &o, &err);
			if (!probe) {
				scenario_free(s);
				s = NULL;
			}
			mock_free(probe);
		}
		if (s)
			*chosen_why = w[i].last < 0 ? xstrdup("the next walkthrough of the rotation, not practised yet")
						    : xstrdup("the walkthrough practised longest ago");
	}
	if (!s)
		cli_fail("mock: no Part 27 walkthrough%s%s found to mock", a->difficulty ? " of difficulty " : "",
			 a->difficulty ? a->difficulty : "");
	plan_walkthroughs_free(w, nw);
	drill_history_free(h);
	mock_sheets_free(ms);
	preset_list_free(list, np);
	return s;
}

int cmd_mock(int argc, char **argv)
{
	Args a = {0};
	if (!parse_args(argc, argv, &a))
		return EXIT_USAGE;
	if (a.help) {
		usage(stdout);
		return EXIT_OK;
	}
	if (a.trend)
		return show_trend();
	if (a.preset && strcmp(a.preset, "-") == 0) {
		cli_fail("mock: answers are read from stdin, so the scenario cannot be; give it as a file");
		return EXIT_USAGE;
	}
	long today;
	if (!cli_today(&today))
		return EXIT_USAGE;
	char *why = NULL;
	Scenario *s = choose(&a, &why);
	if (!s)
		return EXIT_USAGE;
	BoeError err;
	MockOptions o = {.limit = a.limit, .skill_only = a.skill_only, .skill = a.skill,
			 .date = cli_now(today)};
	Mock *m = mock_new(s, &o, &err);
	scenario_free(s);
	if (!m) {
		cli_error(&err);
		free(why);
		return EXIT_USAGE;
	}
	char lim[32];
	drill_format_duration(mock_limit(m), lim, sizeof lim);
	printf("Mock interview: %s [%s]%s%s%s\n", mock_title(m), mock_preset(m), why ? " (" : "", why ? why : "",
	       why ? ")" : "");
	free(why);
	printf("Scope: %s\n", mock_scope(m)[0] ? mock_scope(m) : "(the preset states none)");
	printf("Clock: %s for assumptions and estimates (the guide's minute 0–8).\n"
	       "Answer like '100M/month', '3' or a bare number in the unit asked; '?' shows the\n"
	       "usual range; an empty line leaves boe's figure (not stated); 'quit' stops.\n", lim);
	tty_in = cli_interactive();
	struct sigaction old_int, old_term;
	sigaction(SIGINT, NULL, &old_int);
	sigaction(SIGTERM, NULL, &old_term);
	lineedit_signals();
	bool more = run_inputs(m);
	Drill *d = mock_estimates(m, &err);
	if (!d) {
		cli_error(&err);
		lineedit_restore();
		mock_free(m);
		return EXIT_USAGE;
	}
	if (more)
		more = run_estimates(d);
	drill_finish(d);
	MockScore sc;
	mock_score(m, &sc);
	print_score(&sc);
	int rc = EXIT_OK;
	if (!a.no_history && drill_answered_any(d)) {
		char *path = drill_history_path(&err);
		if (path && drill_save_history(d, path, &err))
			printf("history: estimates appended to %s\n", path);
		else
			cli_error(&err);
		free(path);
	}
	int scores[RUBRIC_DIMS];
	if (!a.no_sheet && more) {
		if (run_sheet(sc.score, scores)) {
			print_sheet(scores);
			if (!a.no_history) {
				char *path = mock_sheets_path(&err);
				if (path && mock_sheet_save(path, cli_now(today), mock_preset(m), sc.score, scores, &err))
					printf("sheet: saved to %s ('boe mock --trend' shows the weeks)\n", path);
				else {
					cli_error(&err);
					rc = EXIT_USAGE;
				}
				free(path);
			}
		} else {
			printf("\nsheet: not saved (input ended before the 12th score)\n");
		}
	}
	lineedit_restore();
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	mock_free(m);
	return rc;
}
