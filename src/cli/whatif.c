/*
 * boe solve, boe compare, boe sweep: the what-if commands of spec §8. They
 * read the arguments, load the scenarios and print what the core
 * (include/boe/whatif.h) works out; every bad input exits 2 with its reason.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "boe/whatif.h"
#include "cli.h"

typedef struct WArgs {
	const char **pos;	/* positional arguments */
	size_t npos;
	const char **sets;
	size_t nsets;
	const char *format, *for_input, *steps, *show;
	bool changed, help;
	DisplayPrefs prefs;
} WArgs;

/* Options every what-if command takes, plus the ones allowed in opts ("for", "steps", "show", "changed"). */
static bool wargs_parse(int argc, char **argv, WArgs *a, const char *opts)
{
	bool bad = false;
	a->pos = xcalloc((size_t)argc + 1, sizeof *a->pos);
	a->sets = xcalloc((size_t)argc + 1, sizeof *a->sets);
	for (int i = 1; i < argc && !bad; i++) {
		const char *v, *arg = argv[i];
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			a->help = true;
		} else if (cli_opt_value(argc, argv, &i, "--set", &v, &bad)) {
			if (!bad)
				a->sets[a->nsets++] = v;
		} else if (cli_opt_value(argc, argv, &i, "--format", &v, &bad)) {
			a->format = v;
		} else if (strstr(opts, "for") && cli_opt_value(argc, argv, &i, "--for", &v, &bad)) {
			a->for_input = v;
		} else if (strstr(opts, "steps") && cli_opt_value(argc, argv, &i, "--steps", &v, &bad)) {
			a->steps = v;
		} else if (strstr(opts, "show") && cli_opt_value(argc, argv, &i, "--show", &v, &bad)) {
			a->show = v;
		} else if (strstr(opts, "changed") && strcmp(arg, "--changed") == 0) {
			a->changed = true;
		} else if (strcmp(arg, "--iec") == 0) {
			a->prefs.iec = true;
		} else if (strcmp(arg, "--bits") == 0) {
			a->prefs.bits_rates = true;
		} else if (cli_unknown_option(argv[0], arg)) {
			bad = true;
		} else {
			a->pos[a->npos++] = arg;
		}
	}
	return !bad;
}

static void wargs_free(WArgs *a)
{
	free(a->pos);
	free(a->sets);
}

/* Applies every --set to s; false after printing the first that fails. */
static bool apply_sets(Scenario *s, const char *const *sets, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		BoeError err;
		if (!scenario_override_arg(s, sets[k], &err)) {
			if (err.file[0] && strcmp(err.file, "--set") == 0 && err.col > 0)
				cli_expr_error("--set", sets[k], err.col - 1, err.msg, 0);
			else
				cli_error(&err);
			return false;
		}
	}
	return true;
}

/*
 * The scenario named by arg (NULL: the default one), computed, with the --set
 * values applied. Solve, compare and sweep read point values only: no
 * samples are drawn.
 */
static Scenario *load_one(const char *arg, const WArgs *a, bool with_sets)
{
	Scenario *s;
	cli_ranges = false;
	if (arg) {
		s = cli_load(arg);
	} else {
		BoeError err;
		s = scenario_new_default();
		scenario_want_ranges(s, false);
		if (!scenario_compute(s, &err)) {
			cli_error(&err);
			scenario_free(s);
			s = NULL;
		}
	}
	if (s && with_sets && !apply_sets(s, a->sets, a->nsets)) {
		scenario_free(s);
		return NULL;
	}
	if (s)
		cli_warnings(s);
	return s;
}

static bool parse_format(const char *cmd, const char *given, const char *allowed, WhatifFormat *f)
{
	*f = WF_TEXT;
	if (!given)
		return true;
	char list[64];
	snprintf(list, sizeof list, "|%s|", allowed);
	char want[40];
	snprintf(want, sizeof want, "|%s|", strcmp(given, "md") == 0 ? "markdown" : given);
	if (strlen(given) < 30 && strstr(list, want) && whatif_format_parse(given, f))
		return true;
	cli_fail("%s: unknown format '%s' (%s)", cmd, given, allowed);
	return false;
}

static void put(const Buf *b)
{
	if (b->s)
		cli_out(b->s, b->len);
}

/* ---- solve ---- */

static const char solve_usage[] =
	"usage: boe solve NAME=TARGET --for INPUT [PRESET|FILE|-] [--set NAME=EXPR]...\n"
	"                 [--format text|json]\n"
	"\n"
	"Finds the value of INPUT at which NAME reaches TARGET, and shows the chain at\n"
	"that value. For a step result (a count rounded up, such as servers or shards)\n"
	"it gives the largest INPUT that keeps NAME at or under TARGET.\n"
	"  boe solve servers=10 --for dau            how many daily users 10 servers carry\n"
	"  boe solve 'storage_total=1 PB' --for retention url-shortener\n"
	"  --for INPUT  the quantity to change (a derived one is replaced by a value)\n"
	"  --set        change a quantity first: --set peak_factor=5\n"
	"  --format     text (default) or json\n"
	"Exit 2 when NAME does not depend on INPUT, TARGET cannot be reached, or NAME\n"
	"does not move one way only as INPUT grows.\n";

int cmd_solve(int argc, char **argv)
{
	WArgs a = {0};
	int rc = EXIT_USAGE;
	WhatifFormat f;
	const char *goal = NULL, *file = NULL;
	Scenario *s = NULL;
	if (!wargs_parse(argc, argv, &a, "for"))
		goto out;
	if (a.help) {
		fputs(solve_usage, stdout);
		rc = EXIT_OK;
		goto out;
	}
	if (!parse_format("solve", a.format, "text|json", &f))
		goto out;
	for (size_t i = 0; i < a.npos; i++) {
		if (!goal && strchr(a.pos[i], '=')) {
			goal = a.pos[i];
		} else if (!file) {
			file = a.pos[i];
		} else {
			cli_fail("solve: one scenario at a time (got '%s' and '%s')", file, a.pos[i]);
			goto out;
		}
	}
	if (!goal) {
		cli_fail("solve: say what to reach, as NAME=TARGET (e.g. boe solve servers=10 --for dau)");
		goto out;
	}
	if (!a.for_input || !a.for_input[0]) {
		cli_fail("solve: say which input to change with --for INPUT (e.g. --for dau)");
		goto out;
	}
	const char *eq = strchr(goal, '=');
	size_t nl = (size_t)(eq - goal);
	while (nl > 0 && goal[nl - 1] == ' ')
		nl--;
	if (nl == 0 || !eq[1]) {
		cli_fail("solve: expected NAME=TARGET, got '%s'", goal);
		goto out;
	}
	s = load_one(file, &a, true);
	if (!s)
		goto out;
	char *name = xstrndup(goal, nl);
	SolveResult r;
	BoeError err;
	if (whatif_solve(s, name, eq + 1, a.for_input, &r, &err)) {
		Buf b = {0};
		solve_write(&r, f, &b);
		put(&b);
		buf_free(&b);
		solve_result_free(&r);
		rc = EXIT_OK;
	} else if (strcmp(err.file, "target") == 0 && err.col > 0) {
		cli_expr_error("target", eq + 1, err.col - 1, err.msg, (int)(eq - goal) + 1);
	} else {
		cli_error(&err);
	}
	free(name);
out:
	scenario_free(s);
	wargs_free(&a);
	return rc;
}

/* ---- compare ---- */

static const char compare_usage[] =
	"usage: boe compare A [B...] [--set NAME=EXPR]... [--changed]\n"
	"                   [--format text|markdown|json] [--iec] [--bits]\n"
	"\n"
	"Shows scenarios side by side: a column each, a row per quantity by section,\n"
	"with each value's ratio to the first column. Rows that differ are marked.\n"
	"  boe compare url-shortener paste-bin\n"
	"  boe compare url-shortener --set dau=50M     A as written, then A changed\n"
	"  --set      with one scenario: the second column is it changed; with more,\n"
	"             every scenario is changed\n"
	"  --changed  only the rows that differ\n"
	"  --format   text (default), markdown (a GitHub table) or json\n";

int cmd_compare(int argc, char **argv)
{
	WArgs a = {0};
	int rc = EXIT_USAGE;
	WhatifFormat f;
	Scenario **list = NULL;
	char **labels = NULL;
	size_t n = 0;
	if (!wargs_parse(argc, argv, &a, "changed"))
		goto out;
	if (a.help) {
		fputs(compare_usage, stdout);
		rc = EXIT_OK;
		goto out;
	}
	if (!parse_format("compare", a.format, "text|markdown|json", &f))
		goto out;
	if (a.npos == 0 || (a.npos == 1 && a.nsets == 0)) {
		cli_fail("compare: name two scenarios, or one with --set (e.g. boe compare url-shortener --set dau=50M)");
		goto out;
	}
	bool changed_copy = a.npos == 1;
	size_t want = changed_copy ? 2 : a.npos;
	list = xcalloc(want, sizeof *list);
	labels = xcalloc(want, sizeof *labels);
	for (size_t i = 0; i < want; i++) {
		const char *arg = a.pos[changed_copy ? 0 : i];
		/* "-" is read once: the copy of a scenario from stdin is made from the first */
		bool with_sets = !changed_copy || i == 1;
		list[i] = changed_copy && i == 1 ? NULL : load_one(arg, &a, with_sets);
		if (changed_copy && i == 1) {
			BoeError err;
			list[1] = whatif_copy(list[0], &err);
			if (!list[1])
				cli_error(&err);
			else if (!apply_sets(list[1], a.sets, a.nsets)) {
				scenario_free(list[1]);
				list[1] = NULL;
			}
		}
		if (!list[i])
			goto out;
		n++;
		Buf l = {0};
		buf_add(&l, list[i]->name);
		for (size_t k = 0; changed_copy && i == 1 && k < a.nsets; k++)
			buf_printf(&l, " --set %s", a.sets[k]);
		labels[i] = buf_take(&l);
	}
	Comparison *c = compare_new(list, (const char *const *)labels, n);
	Buf b = {0};
	compare_write(c, f, a.changed, &a.prefs, &b);
	put(&b);
	buf_free(&b);
	compare_free(c);
	rc = EXIT_OK;
out:
	for (size_t i = 0; i < n; i++) {
		scenario_free(list[i]);
		free(labels[i]);
	}
	free(list);
	free(labels);
	wargs_free(&a);
	return rc;
}

/* ---- sweep ---- */

static const char sweep_usage[] =
	"usage: boe sweep INPUT=LO..HI [PRESET|FILE|-] [--steps N] [--show NAME,...]\n"
	"                 [--set NAME=EXPR]... [--format text|markdown|json|csv]\n"
	"\n"
	"Evaluates the scenario at N values of INPUT from LO to HI (log-spaced when\n"
	"both ends are positive), a row each, and marks where a step result such as\n"
	"servers or shards changes. The text form ends with a chart of the first\n"
	"shown result.\n"
	"  boe sweep dau=1M..1B\n"
	"  boe sweep 'object_size=1..100 KB' --show storage_total,shards\n"
	"  --steps N   how many values (default 10)\n"
	"  --show      the results to show, comma-separated (default: peak_qps,\n"
	"              storage_total, egress_peak, servers, cache_memory, shards, monthly_cost)\n"
	"  --set       change a quantity first\n"
	"  --format    text (default), markdown, json or csv (values in base units)\n";

int cmd_sweep(int argc, char **argv)
{
	WArgs a = {0};
	int rc = EXIT_USAGE;
	WhatifFormat f;
	const char *spec = NULL, *file = NULL;
	Scenario *s = NULL;
	char *showbuf = NULL, *input = NULL;
	const char **show = NULL;
	size_t nshow = 0;
	if (!wargs_parse(argc, argv, &a, "steps show"))
		goto out;
	if (a.help) {
		fputs(sweep_usage, stdout);
		rc = EXIT_OK;
		goto out;
	}
	if (!parse_format("sweep", a.format, "text|markdown|json|csv", &f))
		goto out;
	for (size_t i = 0; i < a.npos; i++) {
		if (!spec && strchr(a.pos[i], '=')) {
			spec = a.pos[i];
		} else if (!file) {
			file = a.pos[i];
		} else {
			cli_fail("sweep: one scenario at a time (got '%s' and '%s')", file, a.pos[i]);
			goto out;
		}
	}
	if (!spec) {
		cli_fail("sweep: say what to sweep, as INPUT=LO..HI (e.g. boe sweep dau=1M..1B)");
		goto out;
	}
	int steps = 10;
	if (a.steps) {
		char *end;
		errno = 0;
		long v = strtol(a.steps, &end, 10);
		if (errno || end == a.steps || *end || v < 2 || v > 1000) {
			cli_fail("sweep: --steps takes a whole number from 2 to 1000 (got '%s')", a.steps);
			goto out;
		}
		steps = (int)v;
	}
	if (a.show) {
		showbuf = xstrdup(a.show);
		show = xcalloc(strlen(showbuf) + 1, sizeof *show);
		for (char *tok = strtok(showbuf, ", "); tok; tok = strtok(NULL, ", "))
			show[nshow++] = tok;
		if (!nshow) {
			cli_fail("sweep: --show names no result (e.g. --show servers,shards)");
			goto out;
		}
	}
	const char *eq = strchr(spec, '=');
	size_t nl = (size_t)(eq - spec);
	while (nl > 0 && spec[nl - 1] == ' ')
		nl--;
	if (nl == 0) {
		cli_fail("sweep: expected INPUT=LO..HI, got '%s'", spec);
		goto out;
	}
	input = xstrndup(spec, nl);
	s = load_one(file, &a, true);
	if (!s)
		goto out;
	Sweep w;
	BoeError err;
	if (!whatif_sweep(s, input, eq + 1, steps, show, nshow, 60, &w, &err)) {
		if ((strcmp(err.file, "LO") == 0 || strcmp(err.file, "HI") == 0) && err.col > 0)
			cli_fail("sweep: %s of '%s': %s", err.file, eq + 1, err.msg);
		else
			cli_error(&err);
		goto out;
	}
	Buf b = {0};
	sweep_write(&w, f, &b);
	put(&b);
	buf_free(&b);
	sweep_free(&w);
	rc = EXIT_OK;
out:
	free(input);
	free(show);
	free(showbuf);
	scenario_free(s);
	wargs_free(&a);
	return rc;
}
