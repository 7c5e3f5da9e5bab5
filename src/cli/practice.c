/*
 * boe practice: the interview drill on a line-oriented terminal. The drill
 * itself (questions, grading, hints, history) lives in src/drill.c; this file
 * states the problem, reads answers line by line from stdin (a terminal, with
 * the line editor of lineedit.c, or a pipe: EOF ends the drill, the rest
 * counting as unanswered), prints one grade line per answer and the final
 * "score: P/M", and shows the --stats report. A line that is not an answer is
 * asked again on a terminal; from a pipe it is graded unreadable, so the lines
 * after it still answer the questions they were meant for.
 */
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "boe/date.h"
#include "boe/drill.h"
#include "boe/plan.h"
#include "boe/progress.h"
#include "boe/expr.h"
#include "boe/grade.h"
#include "boe/preset.h"
#include "cli.h"
#include "lineedit.h"


typedef struct Args {
	const char *preset;
	size_t questions;
	unsigned long long seed;
	bool have_seed;
	double time_limit;	/* --time: the whole drill */
	double time_each;	/* --time-each: per question */
	bool calc, strict, stats, no_history, help;
	const char *difficulty;	/* --difficulty */
	bool skill_only, retry;	/* --skill, --retry */
	Skill skill;
} Args;

static void usage(FILE *f)
{
	fprintf(f, "usage: boe practice [PRESET|FILE] [--questions N] [--seed S] [--time LIMIT]\n"
	      "                    [--time-each LIMIT] [--calc] [--strict] [--no-history]\n"
	      "                    [--difficulty D] [--skill S] [--retry]\n"
	      "       boe practice --stats\n"
	      "\n"
	      "An interview drill: the problem is stated with its givens, then each\n"
	      "estimate of the chain is asked, one line per question, and graded.\n"
	      "Answers are read from stdin, one per line (a pipe works too):\n"
	      "  12K/s, ~4K, 4 thousand, 3 TB/day a number with an optional unit, as said aloud; a\n"
	      "                                   bare number is read in the unit the question names\n"
	      "  ? or hint                        the idea, then the formula, then the first step\n"
	      "                                   (the points keep 3/4, 1/2, 1/4)\n"
	      "  skip                             move on (0 points)\n"
	      "  quit, Ctrl-C or end of input     stop; the rest count as unanswered\n"
	      "\n"
	      "Grades: exact (within %.0f%%, 2 points), close (within a factor of %.0f, 1 point),\n"
	      "consistent (right from your own wrong earlier answer, 1 point), off,\n"
	      "wrong-unit, skipped, unreadable (0 points). A known slip is named (the average\n"
	      "for the peak, bits for bytes, ...). The last line is 'score: P/M'.\n"
	      "\n"
	      "options:\n"
	      "  --questions N   ask N questions, favouring those answered worst lately\n"
	      "  --seed S        reproducible choice of preset and questions\n"
	      "  --time LIMIT    time limit for the whole drill ('8 min'; a bare number is\n"
	      "                  seconds), the time left shown with each question; when it\n"
	      "                  runs out the drill ends\n"
	      "  --time-each LIMIT  time limit per question; an answer after it scores 0\n"
	      "  --calc          allow worked answers ('100M / 86400'): operators, functions\n"
	      "  --strict        exit 1 when the score is under %.0f%%\n"
	      "  --no-history    do not append this drill to the history\n"
	      "  --difficulty D  choose among the presets of difficulty easy, medium or hard\n"
	      "  --skill S       only questions of one skill (traffic, storage, bandwidth,\n"
	      "                  concurrency, caching, availability, latency, cost)\n"
	      "  --retry         ask again what was missed last time (of PRESET, or the last drill)\n"
	      "  --stats         progress per skill, quantity and preset over time: coverage of\n"
	      "                  the walkthroughs, time per answer, hints, recurring slips\n"
	      "\n"
	      "Without PRESET a preset is chosen at random, favouring the skills and\n"
	      "quantities answered worst recently. The history is\n"
	      "$XDG_STATE_HOME/boe/history.jsonl (default ~/.local/state/boe/).\n",
		100 * DRILL_EXACT_TOL, DRILL_CLOSE_FACTOR, 100 * DRILL_STRICT_SHARE);
}

/* A time limit: "30s", "2 min", or a bare number of seconds. */
static bool parse_count(const char *s, unsigned long long *out)
{
	if (!s[0] || s[0] == '-')
		return false;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end)
		return false;
	*out = v;
	return true;
}

static bool parse_args(int argc, char **argv, Args *a)
{
	bool bad = false;
	for (int i = 1; i < argc && !bad; i++) {
		const char *v;
		const char *arg = argv[i];
		unsigned long long n = 0;
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			a->help = true;
		} else if (strcmp(arg, "--strict") == 0) {
			a->strict = true;
		} else if (strcmp(arg, "--stats") == 0) {
			a->stats = true;
		} else if (strcmp(arg, "--no-history") == 0) {
			a->no_history = true;
		} else if (strcmp(arg, "--calc") == 0) {
			a->calc = true;
		} else if (strcmp(arg, "--retry") == 0) {
			a->retry = true;
		} else if (cli_parse_filters("practice", argc, argv, &i, &a->difficulty, &a->skill_only,
					     &a->skill, &bad)) {
			continue;
		} else if (cli_opt_value(argc, argv, &i, "--questions", &v, &bad)) {
			if (bad)
				break;
			if (!parse_count(v, &n) || n == 0 || n > 1000) {
				cli_fail("practice: --questions wants a whole number from 1 to 1000, not '%s'", v);
				bad = true;
			}
			a->questions = (size_t)n;
		} else if (cli_opt_value(argc, argv, &i, "--seed", &v, &bad)) {
			if (bad)
				break;
			if (!parse_count(v, &a->seed)) {
				cli_fail("practice: --seed wants a non-negative whole number, not '%s'", v);
				bad = true;
			}
			a->have_seed = true;
		} else if (cli_opt_value(argc, argv, &i, "--time", &v, &bad)) {
			if (bad)
				break;
			if (!drill_parse_limit(v, 1, &a->time_limit)) {
				cli_fail("practice: --time wants a time above 0 and up to 24 h, such as '8 min' or '90s', not '%s'", v);
				bad = true;
			}
		} else if (cli_opt_value(argc, argv, &i, "--time-each", &v, &bad)) {
			if (bad)
				break;
			if (!drill_parse_limit(v, 1, &a->time_each)) {
				cli_fail("practice: --time-each wants a time above 0 and up to 24 h, such as '30s' or '2 min', not '%s'", v);
				bad = true;
			}
		} else if (cli_unknown_option("practice", arg) || !cli_one_preset("practice", arg, &a->preset)) {
			bad = true;
		}
	}
	return !bad;
}

static void format_points(double p, char *out, size_t n)
{
	snprintf(out, n, "%g", p);
}

static void print_result(const DrillResult *r, double limit)
{
	Buf b = {0};
	drill_result_text(r, limit, &b);
	buf_printf(&b, " | answer %s: %s", r->q->value_text, r->q->explain);
	char *clean = text_sanitize(b.s, 0);
	puts(clean);
	free(clean);
	buf_free(&b);
}

static void state_problem(const Drill *d, const Args *a, bool chosen)
{
	printf("Practice: %s [%s]%s\n", drill_title(d), drill_preset(d),
	       chosen ? " (chosen for you; name a preset to pick one)" : "");
	if (drill_summary(d)[0])
		printf("Scope: %s\n", drill_summary(d));
	size_t ng;
	const DrillGiven *g = drill_givens(d, &ng);
	int pass_shown[2] = {0, 0};
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < ng; i++) {
			if (g[i].assumed != (pass == 1))
				continue;
			if (!pass_shown[pass]++)
				puts(pass == 0 ? "Given:" : "Assume (state these; change them if you disagree):");
			printf("  %s\n", g[i].line);
		}
	printf("%zu question%s, 2 points%s%s. Answer like '12K/s', '3 TB/day' or a bare number in the\n"
	       "unit asked; '?' or 'hint' for a hint (costs points), 'skip' to move on.\n",
	       drill_count(d), drill_count(d) == 1 ? "" : "s", drill_count(d) == 1 ? "" : " ", drill_count(d) == 1 ? "" : "each");
	if (!a->calc)
		printf("Mental maths: a number and a unit, no operators (--calc allows them).\n");
	char lim[32];
	if (a->time_limit > 0) {
		drill_format_duration(a->time_limit, lim, sizeof lim);
		printf("Time limit: %s for the whole drill.\n", lim);
	}
	if (a->time_each > 0) {
		drill_format_duration(a->time_each, lim, sizeof lim);
		printf("Time limit: %s per question.\n", lim);
	}
	if (a->have_seed)
		printf("Seed: %llu\n", a->seed);
	else
		printf("Seed: %llu (repeat this drill with --seed %llu)\n", a->seed, a->seed);
}

/* Ctrl-C (or SIGTERM) ends the drill like end of input: scored, saved, the rest unanswered. */
#define interrupted lineedit_interrupted

static void show_result(const DrillResult *r, void *ctx)
{
	print_result(r, ((const Args *)ctx)->time_each);
}

/* Runs the drill over stdin. Returns false when input ended early. */
static bool run_drill(Drill *d, const Args *a)
{
	bool tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	return cli_ask_questions(d, tty, show_result, (void *)a);
}

static void print_summary(const Drill *d, bool ended_early, const char *history_note)
{
	size_t count[GRADE_COUNT] = {0}, hints = 0, late = 0, answered = 0;
	double answer_time = 0;
	for (size_t i = 0; i < drill_count(d); i++) {
		const DrillQuestion *q = drill_question(d, i);
		count[q->grade]++;
		hints += q->hints > 0;
		late += q->late;
		if (q->grade != GRADE_UNANSWERED) {
			answered++;
			answer_time += q->time_s;
		}
	}
	putchar('\n');
	if ((ended_early || drill_time_up(d)) && count[GRADE_UNANSWERED])
		printf("ended early: %zu question%s unanswered\n", count[GRADE_UNANSWERED],
		       count[GRADE_UNANSWERED] == 1 ? "" : "s");
	printf("grades:");
	const char *sep = " ";
	for (int g = GRADE_EXACT; g < GRADE_COUNT; g++)
		if (count[g]) {
			printf("%s%zu %s", sep, count[g], grade_name((Grade)g));
			sep = ", ";
		}
	if (count[GRADE_UNANSWERED])
		printf("%s%zu unanswered", sep, count[GRADE_UNANSWERED]);
	printf("; %zu with hints; %zu late\n", hints, late);
	char total[32], avg[32];
	drill_format_duration(drill_elapsed(d), total, sizeof total);
	drill_format_duration(answered ? answer_time / (double)answered : 0, avg, sizeof avg);
	printf("time: %s (%s per answer)\n", total, avg);
	if (history_note)
		printf("%s\n", history_note);
	double p, m;
	drill_score(d, &p, &m);
	char ps[32], ms[32];
	format_points(p, ps, sizeof ps);
	format_points(m, ms, sizeof ms);
	printf("score: %s/%s\n", ps, ms);
}

/* ---- --stats ---- */

static void print_share(double v)
{
	if (v < 0)
		printf("  %6s", "-");
	else
		printf("  %5.0f%%", v * 100);
}

static const char *spark(double v)
{
	static const char *const levels[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	if (v < 0)
		return "·";
	int i = (int)floor(v * 8);
	return levels[i < 0 ? 0 : i > 7 ? 7 : i];
}

static void date_label(time_t t, char *out, size_t n)
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(out, n, "%Y-%m-%d", &tm))
		snprintf(out, n, "?");
}

static void print_progress(const DrillHistory *h)
{
	Progress pr;
	progress_compute(h, &pr);
	/* coverage of the walkthroughs */
	size_t np, nw;
	PresetInfo *list = preset_list_headers(&np);
	Walkthrough *w = plan_walkthroughs(list, np, NULL, h, NULL, &nw);
	size_t done = 0;
	for (size_t i = 0; i < nw; i++)
		done += w[i].last >= 0;
	if (nw) {
		printf("\nWalkthroughs (Part 27) practised: %zu of %zu", done, nw);
		if (done < nw) {
			printf("; not yet:");
			size_t shown = 0;
			for (size_t i = 0; i < nw && shown < 6; i++)
				if (w[i].last < 0)
					printf("%s %s", shown++ ? "," : "", w[i].name);
			if (nw - done > shown)
				printf(", and %zu more", nw - done - shown);
		}
		putchar('\n');
	}
	plan_walkthroughs_free(w, nw);
	preset_list_free(list, np);
	/* time per answer, hints */
	char t1[32], t2[32];
	if (pr.time_first >= 0 && pr.time_recent >= 0) {
		drill_format_duration(pr.time_first, t1, sizeof t1);
		drill_format_duration(pr.time_recent, t2, sizeof t2);
		printf("Time per answer: %s in the oldest half, %s in the newest (%s)\n", t1, t2,
		       pr.time_recent < pr.time_first ? "faster" : pr.time_recent > pr.time_first ? "slower" : "the same");
	}
	if (pr.answers)
		printf("Hint rate: %.0f%% of the answers (%zu of %zu)\n", 100.0 * (double)pr.hinted / (double)pr.answers,
		       pr.hinted, pr.answers);
	/* the slips */
	size_t nslips = 0;
	for (int k = 1; k < SLIP_COUNT; k++)
		nslips += pr.slips[k];
	if (nslips) {
		printf("\nRecurring mistakes (the slips the drill named):\n");
		for (int k = 1; k < SLIP_COUNT; k++)
			if (pr.slips[k])
				printf("  %3zu× %s\n", pr.slips[k], slip_words((SlipKind)k));
	}
	/* per quantity */
	if (pr.nq) {
		printf("\n%-26s %-12s %7s %6s %8s %5s\n", "quantity (weakest first)", "skill", "answers", "points",
		       "time", "hints");
		for (size_t i = 0; i < pr.nq && i < 12; i++) {
			const QuantityProgress *q = &pr.q[i];
			char t[32];
			drill_format_duration(q->answers ? q->time_s / (double)q->answers : 0, t, sizeof t);
			char *name = text_sanitize(q->name, 0);
			printf("%-26s %-12s %7zu %5.0f%% %8s %4.0f%%\n", name, skill_name(q->skill), q->answers,
			       q->max > 0 ? 100 * q->points / q->max : 0, t,
			       100.0 * (double)q->hinted / (double)q->answers);
			free(name);
		}
		if (pr.nq > 12)
			printf("(and %zu more)\n", pr.nq - 12);
	}
	/* per preset */
	if (pr.np) {
		printf("\n%-26s %6s %5s %6s  %s\n", "preset", "drills", "mocks", "points", "last");
		for (size_t i = 0; i < pr.np; i++) {
			const PresetProgress *p = &pr.p[i];
			char day[16] = "?";
			if (p->last >= 0)
				day_format(p->last, day, sizeof day);
			char *name = text_sanitize(p->name, 0);
			printf("%-26s %6zu %5zu %5.0f%%  %s\n", name, p->drills, p->mocks,
			       p->max > 0 ? 100 * p->points / p->max : 0, day);
			free(name);
		}
	}
	/* a weekly chart */
	if (pr.nweeks) {
		int first = 0;
		while (first < pr.nweeks - 1 && pr.week_answers[first] == 0)
			first++;
		printf("\nPer week (share of points, answers, time per answer):\n");
		for (int k = first; k < pr.nweeks; k++) {
			char day[16];
			day_format(pr.week[k], day, sizeof day);
			printf("  %s  ", day);
			if (pr.week_share[k] < 0) {
				printf("%-20s  -\n", "·");
				continue;
			}
			int cells = (int)lround(pr.week_share[k] * 20);
			for (int c = 0; c < 20; c++)
				fputs(c < cells ? "█" : " ", stdout);
			char t[32];
			drill_format_duration(pr.week_time[k], t, sizeof t);
			printf("  %3.0f%%  %3zu answers  %s\n", pr.week_share[k] * 100, pr.week_answers[k], t);
		}
	}
	progress_free(&pr);
}

static int cmd_stats(void)
{
	BoeError err;
	char *path = drill_history_path(&err);
	if (!path) {
		cli_error(&err);
		return EXIT_USAGE;
	}
	DrillHistory *h = drill_history_load(path, &err);
	if (!h) {
		cli_error(&err);
		free(path);
		return EXIT_USAGE;
	}
	if (h->bad_lines)
		cli_fail("%s: skipped %zu line%s that %s not a drill record", path, h->bad_lines,
			 h->bad_lines == 1 ? "" : "s", h->bad_lines == 1 ? "is" : "are");
	DrillStats st;
	drill_stats(h, &st);
	if (st.drills == 0) {
		printf("No practice history yet (%s).\nRun 'boe practice' to start one.\n", path);
		drill_history_free(h);
		free(path);
		return EXIT_OK;
	}
	char first[16] = "?", last[16] = "?";
	if (st.first)
		date_label(st.first, first, sizeof first);
	if (st.last)
		date_label(st.last, last, sizeof last);
	printf("Practice history: %zu drill%s, %zu graded answers, %s to %s\n(%s)\n\n", st.drills,
	       st.drills == 1 ? "" : "s", st.answers, first, last, path);
	printf("%-13s %7s  %6s  %6s  %6s  %6s\n", "skill", "answers", "points", "first", "recent",
	       "trend");
	for (int s = 0; s < SKILL_COUNT; s++) {
		const DrillSkillStats *ss = &st.skill[s];
		printf("%-13s %7zu", skill_name((Skill)s), ss->answers);
		print_share(ss->max > 0 ? ss->points / ss->max : -1);
		print_share(ss->first);
		print_share(ss->recent);
		if (ss->first >= 0 && ss->recent >= 0)
			printf("  %+6.0f", (ss->recent - ss->first) * 100);
		else
			printf("  %6s", "-");
		putchar('\n');
	}
	printf("\n(points: share of all points; first: the oldest half of the answers; recent: the\n"
	       "latest answers weighing most; trend: recent minus first, in percentage points)\n");
	if (st.nbuckets > 0) {
		char from[16], to[16];
		date_label(st.bucket_start[0], from, sizeof from);
		date_label(st.bucket_start[st.nbuckets - 1], to, sizeof to);
		printf("\nShare of points per %s, oldest first (%s to %s; · no answers):\n",
		       st.bucket_days == 1 ? "day" : "week", from, to);
		for (int s = 0; s < SKILL_COUNT; s++) {
			printf("  %-13s ", skill_name((Skill)s));
			for (int b = 0; b < st.nbuckets; b++)
				fputs(spark(st.skill[s].bucket[b]), stdout);
			const DrillSkillStats *ss = &st.skill[s];
			double lastv = -1;
			for (int b = st.nbuckets; b-- > 0;)
				if (ss->bucket[b] >= 0) {
					lastv = ss->bucket[b];
					break;
				}
			if (lastv >= 0)
				printf("  %3.0f%%", lastv * 100);
			putchar('\n');
		}
		printf("\nRecent share of points:\n");
		for (int s = 0; s < SKILL_COUNT; s++) {
			const DrillSkillStats *ss = &st.skill[s];
			printf("  %-13s ", skill_name((Skill)s));
			int filled = ss->recent >= 0 ? (int)lround(ss->recent * 20) : 0;
			for (int i = 0; i < 20; i++)
				fputs(i < filled ? "#" : ".", stdout);
			if (ss->recent >= 0)
				printf(" %3.0f%%\n", ss->recent * 100);
			else
				printf("  not practised\n");
		}
	}
	print_progress(h);
	if (st.weakest >= 0)
		printf("\nweakest skill: %s (%.0f%% recently); 'boe practice' favours it\n",
		       skill_name((Skill)st.weakest), st.skill[st.weakest].recent * 100);
	drill_history_free(h);
	free(path);
	return EXIT_OK;
}

/* ---- choosing: --difficulty, --skill, --retry ---- */

/* Keeps the presets of list that fit --difficulty and have a question of --skill. */
static size_t filter_presets(PresetInfo *list, size_t n, const Args *a)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		bool keep = !list[i].error && (!a->difficulty || strcmp(list[i].difficulty, a->difficulty) == 0);
		if (keep && a->skill_only) {
			BoeError err;
			Scenario *s = scenario_load_file(list[i].path, &err);
			DrillOptions o = {.skill_only = true, .skill = a->skill};
			Drill *d = s && scenario_compute(s, &err) ? drill_new(s, &o, &err) : NULL;
			keep = d != NULL;
			drill_free(d);
			scenario_free(s);
		}
		if (keep) {
			PresetInfo t = list[m];
			list[m++] = list[i];
			list[i] = t;
		}
	}
	return m;
}

/* The newest record of preset (any when NULL), or NULL. */
static const DrillRecord *last_record(const DrillHistory *h, const char *preset)
{
	for (size_t i = h->nrecords; i-- > 0;)
		if (!preset || strcmp(h->records[i].preset, preset) == 0)
			return &h->records[i];
	return NULL;
}

/* The quantities the record did not get exactly right (answered or skipped). Caller frees the array. */
static const char **missed_in(const DrillRecord *r, size_t *n)
{
	const char **out = xcalloc(r->nanswers + 1, sizeof *out);
	*n = 0;
	for (size_t j = 0; j < r->nanswers; j++) {
		const DrillRecordAnswer *ra = &r->answers[j];
		if (ra->grade != GRADE_EXACT && ra->grade != GRADE_UNANSWERED)
			out[(*n)++] = ra->quantity;
	}
	return out;
}

/* ---- the command ---- */

static unsigned long long fresh_seed(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t x = (uint64_t)ts.tv_sec * 1000003u ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32);
	return (unsigned long long)(x % 1000000000ull);
}

int cmd_practice(int argc, char **argv)
{
	Args a = {0};
	if (!parse_args(argc, argv, &a))
		return EXIT_USAGE;
	if (a.help) {
		usage(stdout);
		return EXIT_OK;
	}
	if (a.stats) {
		if (a.preset)
			cli_fail("practice: --stats shows the whole history; '%s' is ignored", a.preset);
		return cmd_stats();
	}
	if (a.preset && strcmp(a.preset, "-") == 0) {
		cli_fail("practice: answers are read from stdin, so the scenario cannot be; give it as a file");
		return EXIT_USAGE;
	}
	if (!a.have_seed)
		a.seed = fresh_seed();

	BoeError err;
	DrillHistory *h = drill_history_load(NULL, &err);
	if (!h) {
		cli_error(&err);
		cli_fail("practice: going on without the history (no spaced repetition)");
		h = drill_history_parse("", 0);
	}
	bool chosen = false;
	Scenario *s = NULL;
	const char **only = NULL;
	size_t nonly = 0;
	char *retry_preset = NULL, *retry_file = NULL;
	if (a.retry) {
		const char *name = a.preset && !preset_arg_is_path(a.preset) ? a.preset : NULL;
		const DrillRecord *r = last_record(h, name);
		if (a.preset && preset_arg_is_path(a.preset)) {
			Scenario *f = cli_load(a.preset);
			if (f && f->name)
				r = last_record(h, f->name);
			scenario_free(f);
		}
		if (!r) {
			printf("Nothing to ask again: no drill%s%s in the history yet.\n", name ? " of " : "",
			       name ? name : "");
			drill_history_free(h);
			return EXIT_OK;
		}
		only = missed_in(r, &nonly);
		char day[16] = "?";
		if (r->when)
			day_format(day_of(r->when), day, sizeof day);
		if (nonly == 0) {
			printf("Nothing to ask again: every answer of the last drill of %s (%s) was exact.\n",
			       r->preset, day);
			free(only);
			drill_history_free(h);
			return EXIT_OK;
		}
		printf("Asking again the %zu missed in the last drill of %s (%s).\n", nonly, r->preset, day);
		/* the names point into h: keep them past its free */
		for (size_t i = 0; i < nonly; i++)
			only[i] = xstrdup(only[i]);
		if (!a.preset) {
			retry_preset = xstrdup(r->preset);
			retry_file = r->file ? xstrdup(r->file) : NULL;
		}
	}
	if (retry_preset) {
		/* the preset of that name, else the file it was drilled from, where it was */
		char *found = preset_find(retry_preset);
		if (found)
			s = cli_load(found);
		else if (retry_file && access(retry_file, R_OK) == 0)
			s = cli_load(retry_file);
		else if (retry_file)
			cli_fail("practice: the last drill was of '%s', from %s, which is not there any more; name its file: boe practice FILE --retry",
				 retry_preset, retry_file);
		else
			cli_fail("practice: the last drill was of '%s', which is not among the presets; name its file: boe practice FILE --retry",
				 retry_preset);
		free(found);
	} else if (a.preset) {
		s = cli_load(a.preset);
		if (s && !a.have_seed)
			a.seed = drill_pick_seed(NULL, 0, s, a.questions, h, a.seed);
	} else {
		size_t nall;
		PresetInfo *list = preset_list(&nall);
		size_t np = filter_presets(list, nall, &a);
		if (np == 0 && (a.difficulty || a.skill_only))
			cli_fail("practice: no preset%s%s%s%s", a.difficulty ? " of difficulty " : "",
				 a.difficulty ? a.difficulty : "", a.skill_only ? " with questions of skill " : "",
				 a.skill_only ? skill_name(a.skill) : "");
		if (!a.have_seed)
			a.seed = drill_pick_seed(list, np, NULL, a.questions, h, a.seed);
		long pick = drill_choose_preset(list, np, a.seed);
		if (pick < 0)
			cli_fail("practice: no preset could be loaded to drill (searched $BOE_PRESET_PATH, the user preset directory, the installed presets and the source tree's presets/)");
		else
			s = cli_load(list[pick].path);
		preset_list_free(list, nall);
		chosen = true;
	}
	free(retry_preset);
	free(retry_file);
	if (!s) {
		for (size_t i = 0; i < nonly; i++)
			free((char *)only[i]);
		free(only);
		drill_history_free(h);
		return EXIT_USAGE;
	}
	long today;
	if (!cli_today(&today)) {
		scenario_free(s);
		drill_history_free(h);
		return EXIT_USAGE;
	}
	DrillOptions o = {
		.seed = a.seed, .max_questions = a.questions, .time_limit = a.time_each,
		.total_limit = a.time_limit, .calc = a.calc, .history = h,
		.skill_only = a.skill_only, .skill = a.skill, .only = only, .nonly = nonly,
		.date = getenv("BOE_TODAY") ? cli_now(today) : 0,
	};
	Drill *d = drill_new(s, &o, &err);
	scenario_free(s);
	drill_history_free(h);
	for (size_t i = 0; i < nonly; i++)
		free((char *)only[i]);
	free(only);
	if (!d) {
		cli_error(&err);
		return EXIT_USAGE;
	}
	state_problem(d, &a, chosen);
	/* no SA_RESTART: Ctrl-C or SIGTERM interrupts the read and the drill ends gracefully */
	struct sigaction old_int, old_term;
	sigaction(SIGINT, NULL, &old_int);
	sigaction(SIGTERM, NULL, &old_term);
	lineedit_signals();
	bool complete = run_drill(d, &a);
	lineedit_restore();
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	drill_finish(d);
	if (interrupted)
		printf("\ninterrupted\n");

	char *note = NULL;
	if (!a.no_history && !drill_answered_any(d)) {
		note = xasprintf("history: not saved (no answer)");
	} else if (!a.no_history) {
		char *path = drill_history_path(&err);
		if (path && drill_save_history(d, path, &err))
			note = xasprintf("history: appended to %s", path);
		else
			cli_error(&err);
		free(path);
	}
	print_summary(d, !complete, note);
	free(note);
	double p, m;
	drill_score(d, &p, &m);
	drill_free(d);
	if (a.strict && p < DRILL_STRICT_SHARE * m) {
		cli_fail("practice: %.0f%% is under the %.0f%% --strict asks for", m > 0 ? 100 * p / m : 0,
			 100 * DRILL_STRICT_SHARE);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
