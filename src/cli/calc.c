/* boe calc, check, list and quantities: the batch commands. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boe/parallel.h"
#include "boe/preset.h"
#include "cli.h"

typedef struct Args {
	const char **files;
	size_t nfiles;
	const char **sets;
	size_t nsets;
	bool all, force, help, charts;
	const char *format, *output;
	DisplayPrefs prefs;
	/* Monte Carlo: --samples, --seed (0 / unset: the defaults), --sensitivity */
	size_t samples;
	uint64_t seed;
	bool seed_set;
	const char *sensitivity;
} Args;

/* A whole number from lo to hi for option name; false after printing otherwise. */
static bool parse_count(const char *name, const char *v, unsigned long long lo, unsigned long long hi,
			unsigned long long *out)
{
	char *end;
	errno = 0;
	unsigned long long x = strtoull(v, &end, 10);
	if (!*v || *end || errno || v[0] == '-' || x < lo || x > hi) {
		cli_fail("%s takes a whole number from %llu to %llu, not '%s'", name, lo, hi, v);
		return false;
	}
	*out = x;
	return true;
}

static bool parse_args(int argc, char **argv, Args *a, bool allow_format, bool allow_output)
{
	bool bad = false;
	a->files = xcalloc((size_t)argc + 1, sizeof *a->files);
	a->sets = xcalloc((size_t)argc + 1, sizeof *a->sets);
	for (int i = 1; i < argc && !bad; i++) {
		const char *v;
		const char *arg = argv[i];
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			a->help = true;
		} else if (strcmp(arg, "--all") == 0) {
			a->all = true;
		} else if (strcmp(arg, "--force") == 0 && allow_output) {
			a->force = true;
		} else if (strcmp(arg, "--charts") == 0 && allow_output) {
			a->charts = true;
		} else if (strcmp(arg, "--iec") == 0 && allow_format) {
			a->prefs.iec = true;
		} else if (strcmp(arg, "--bits") == 0 && allow_format) {
			a->prefs.bits_rates = true;
		} else if (cli_opt_value(argc, argv, &i, "--set", &v, &bad)) {
			if (!bad)
				a->sets[a->nsets++] = v;
		} else if (cli_opt_value(argc, argv, &i, "--samples", &v, &bad)) {
			unsigned long long x = 0;
			bad = bad || !parse_count("--samples", v, 100, SAMPLE_MAX_COUNT, &x);
			a->samples = (size_t)x;
		} else if (cli_opt_value(argc, argv, &i, "--seed", &v, &bad)) {
			unsigned long long x = 0;
			bad = bad || !parse_count("--seed", v, 0, UINT64_MAX, &x);
			a->seed = x;
			a->seed_set = true;
		} else if (allow_format && cli_opt_value(argc, argv, &i, "--sensitivity", &v, &bad)) {
			a->sensitivity = v;
		} else if (allow_format && cli_opt_value(argc, argv, &i, "--format", &v, &bad)) {
			a->format = v;
		} else if (allow_output && (cli_opt_value(argc, argv, &i, "-o", &v, &bad) ||
					    cli_opt_value(argc, argv, &i, "--output", &v, &bad))) {
			a->output = v;
		} else if (cli_unknown_option(argv[0], arg)) {
			bad = true;
		} else {
			a->files[a->nfiles++] = arg;
		}
	}
	return !bad;
}

static void args_free(Args *a)
{
	free(a->files);
	free(a->sets);
}

/*
 * What --set does to one scenario of load_scenarios, on the thread
 * parallel_for gives it: each --set in order, then the last compute, with
 * the samples (none when there is nothing to sample: the last --set's
 * compute stands). A failure is kept for the caller to say (set: which
 * --set, or -1 for the compute).
 */
typedef struct LaterFail {
	bool failed;
	int set;
	BoeError err;
} LaterFail;

typedef struct Later {
	Scenario **list;
	const Args *a;
	bool ranges;
	LaterFail *fail;
} Later;

/* Each --set of a in order on s, then its last compute, with the samples when ranges; a failure in *f. */
static void apply_sets(const Args *a, bool ranges, Scenario *s, LaterFail *f)
{
	for (size_t k = 0; k < a->nsets; k++)
		if (!scenario_override_arg(s, a->sets[k], &f->err)) {
			f->failed = true;
			f->set = (int)k;
			return;
		}
	scenario_want_ranges(s, ranges);
	if (!ranges || !scenario_has_range_sources(s))
		return;
	if (!scenario_compute(s, &f->err)) {
		f->failed = true;
		f->set = -1;
	}
}

static void later_one(void *ctx, size_t i)
{
	Later *l = ctx;
	apply_sets(l->a, l->ranges, l->list[i], &l->fail[i]);
}

/* Says f's failure: a --set argument is shown under the message. */
static void say_later(const Args *a, const LaterFail *f)
{
	if (f->set >= 0 && f->err.file[0] && strcmp(f->err.file, "--set") == 0 && f->err.col > 0)
		cli_expr_error("--set", a->sets[f->set], f->err.col - 1, f->err.msg, 0);
	else
		cli_error(&f->err);
}

/* --samples and --seed, for cli_prepare */
static void want_sampling(const Args *a)
{
	cli_samples = a->samples;
	cli_seed_set = a->seed_set;
	cli_seed = a->seed;
}

/* Says that no preset was found, and where they were looked for. */
static void cli_no_presets(void)
{
	cli_fail("no presets found (searched $BOE_PRESET_PATH, the user preset directory, the installed presets and the source tree's presets/)");
}

/* The unused set values of s (the user wrote something that has no effect), as warnings. */
static void unused_to(const Scenario *s, Buf *out)
{
	for (size_t k = 0; s->nunused_given && k < s->nq; k++) {
		const Quantity *q = &s->q[k];
		if (!q->unused || q->origin == ORIGIN_DEFAULT)
			continue;
		BoeError w;
		boe_error_set(&w, q->file ? q->file : "", q->file ? q->line : 0, q->file ? q->col : 0,
			      "warning: %s is %s but unused: everything that read it was set as well", q->name,
			      q->origin == ORIGIN_OVERRIDE ? "overridden" : "set");
		char msg[1024];
		boe_error_format(&w, msg, sizeof msg);
		cli_fail_to(out, "%s", msg);
	}
}

/*
 * --all, a preset at a time: each is loaded and computed on a worker thread,
 * and given every --set there; what the command shows of it is made there
 * too (take), and the scenario is freed then, so the thread's heap has its
 * memory for the next. Holding all 33 presets at once touched 2.2 MB more,
 * some 550 pages, and a first touch of a page costs microseconds on a
 * virtual machine. Without take, the computed scenarios are kept for a
 * command that needs them all at once (load_scenarios), which applies the
 * --set values and says the warnings itself, with its files'.
 */
typedef void (*TakeFn)(void *ctx, Scenario *s, Buf *out);

typedef struct Pipe {
	const Args *a;
	bool ranges;	/* what the last compute samples (the first does not, with --set) */
	bool unused;	/* the set values nothing reads are said (calc) */
	TakeFn take;	/* what the command makes of the computed scenario; NULL: kept */
	void *ctx;
	size_t room;	/* about what take makes: bytes to start with */
	bool last;	/* the command runs nothing more on threads: the helpers retire as the presets end */
} Pipe;

/* What a preset left in its PresetInfo's data: one block, freed whole with the list. */
typedef struct Taken {
	LaterFail fail;		/* its compute (set -2), a --set or the last compute failed */
	size_t nwarn, nunused;	/* text: the compute's warnings, those of the unused values, */
	size_t len;		/* then the len bytes take made */
	char text[];
} Taken;

static const char *taken_made(const Taken *t)
{
	return t->text + t->nwarn + t->nunused;
}

static void pipe_one(void *ctx, PresetInfo *p)
{
	Pipe *pp = ctx;
	Scenario *s = p->scenario;
	if (!s)
		return; /* it could not be read: said in order, after */
	/*
	 * the Taken is made in place at the start of the text's Buf, which starts
	 * with room for a preset's report in any format (20-28 KB in JSON) and is
	 * cut to its length after
	 */
	Buf b = {0};
	buf_grow(&b, pp->room + offsetof(Taken, text));
	b.len = offsetof(Taken, text);
	LaterFail fail = {0};
	size_t nwarn = 0, nunused = 0;
	cli_prepare(s);
	if (!scenario_compute(s, &fail.err)) {
		fail.failed = true;
		fail.set = -2;
	} else if (pp->take && pp->a->nsets) {
		apply_sets(pp->a, pp->ranges, s, &fail);
	}
	if (!fail.failed && pp->take) {
		cli_warnings_to(s, &b);
		nwarn = b.len - offsetof(Taken, text);
		if (pp->unused)
			unused_to(s, &b);
		nunused = b.len - offsetof(Taken, text) - nwarn;
		pp->take(pp->ctx, s, &b);
	}
	Taken *t = xrealloc(b.s, b.len + 1);
	*t = (Taken){fail, nwarn, nunused, b.len - offsetof(Taken, text) - nwarn - nunused};
	p->data = t;
	if (pp->take) {
		scenario_free(s);
		p->scenario = NULL;
	}
}

/*
 * Every preset through pp, in order (*n of them, each with its Taken); NULL
 * after saying the first failure, as load_scenarios would. The warnings are
 * said here.
 */
static PresetInfo *pipe_all(Pipe *pp, size_t *n)
{
	const Args *a = pp->a;
	bool ranges = cli_ranges;
	want_sampling(a);
	pp->ranges = ranges;
	if (a->nsets)
		cli_ranges = false; /* the samples are drawn at the last compute only */
	size_t np;
	/*
	 * as many as there are cores: they start while the search path is
	 * read, one making the default formulas. The units table is made
	 * first, on this thread: a preset's load reads it at once, where the
	 * formulas are wanted only when it computes.
	 */
	size_t nunits;
	unit_table(&nunits);
	parallel_start(SIZE_MAX, scenario_prepare_tables);
	if (pp->last)
		parallel_last(); /* they exit as the work ends, not woken at the process's end to be stopped */
	PresetInfo *list = preset_list_then(&np, pipe_one, pp);
	*n = 0;
	bool ok = np > 0;
	if (!ok)
		cli_no_presets();
	/* a broken preset is an error here: --all promises all of them; the first is said */
	for (size_t i = 0; i < np && ok; i++) {
		if (!list[i].data) {
			/* cli_load says why it cannot be read; one that can by now is taken as the rest */
			list[i].scenario = cli_load(list[i].path);
			if (list[i].scenario)
				pipe_one(pp, &list[i]);
			ok = list[i].data != NULL;
		}
		const Taken *t = list[i].data;
		if (ok && t->fail.failed && t->fail.set == -2) {
			cli_error(&t->fail.err);
			ok = false;
		}
	}
	cli_ranges = ranges;
	for (size_t i = 0; i < np && ok; i++) {
		const Taken *t = list[i].data;
		if (t->fail.failed) {
			say_later(a, &t->fail);
			ok = false;
		}
	}
	if (!ok) {
		preset_list_free(list, np);
		return NULL;
	}
	for (size_t i = 0; i < np; i++) {
		const Taken *t = list[i].data;
		fwrite(t->text, 1, t->nwarn, stderr);
	}
	for (size_t i = 0; i < np; i++) {
		const Taken *t = list[i].data;
		fwrite(t->text + t->nwarn, 1, t->nunused, stderr);
	}
	*n = np;
	return list;
}

/* Loads the scenarios the arguments name (default scenario when none), applying every --set. */
static Scenario **load_scenarios(Args *a, size_t *n)
{
	Scenario **list = NULL;
	*n = 0;
	/*
	 * --samples and --seed apply as each scenario is prepared; with --set it
	 * computes more than once: the samples are drawn at the last compute
	 * only, not at every step
	 */
	bool ranges = cli_ranges, later = a->nsets > 0;
	want_sampling(a);
	if (later)
		cli_ranges = false;
	if (a->all) {
		Pipe keep = {.a = a};
		PresetInfo *all = pipe_all(&keep, n);
		if (!all) {
			cli_ranges = ranges;
			return NULL;
		}
		list = xmalloc((*n + 1) * sizeof *list);
		for (size_t i = 0; i < *n; i++) {
			list[i] = all[i].scenario;
			all[i].scenario = NULL;
		}
		preset_list_free(all, *n);
	}
	size_t extra = a->nfiles + (a->nfiles == 0 && !a->all ? 1 : 0);
	list = xrealloc(list, (*n + extra + 1) * sizeof *list);
	bool ok = true;
	if (a->nfiles == 0 && !a->all) {
		BoeError err;
		Scenario *s = scenario_new_default();
		cli_prepare(s);
		if (!scenario_compute(s, &err)) {
			cli_error(&err);
			scenario_free(s);
			ok = false;
		} else {
			list[(*n)++] = s;
		}
	}
	for (size_t i = 0; ok && i < a->nfiles; i++) {
		Scenario *s = cli_load(a->files[i]);
		if (!s)
			ok = false;
		else
			list[(*n)++] = s;
	}
	cli_ranges = ranges;
	if (ok && later) {
		/* each scenario on its own thread; the first failure in the scenarios' order is said */
		Later l = {list, a, ranges, xcalloc(*n + 1, sizeof *l.fail)};
		parallel_for(*n, later_one, &l);
		for (size_t i = 0; ok && i < *n; i++) {
			if (l.fail[i].failed) {
				say_later(a, &l.fail[i]);
				ok = false;
			}
		}
		free(l.fail);
	}
	if (!ok) {
		for (size_t i = 0; i < *n; i++)
			scenario_free(list[i]);
		free(list);
		return NULL;
	}
	for (size_t i = 0; i < *n; i++)
		cli_warnings(list[i]);
	return list;
}

static void free_scenarios(Scenario **list, size_t n)
{
	if (!CLI_FREE_AT_EXIT)
		return; /* the command returns to exit: the process's end frees them */
	for (size_t i = 0; i < n; i++)
		scenario_free(list[i]);
	free(list);
}

/* Unused set values deserve a word: the user wrote something that has no effect. */
static void warn_unused(Scenario *const *list, size_t n)
{
	Buf b = {0};
	for (size_t i = 0; i < n; i++)
		unused_to(list[i], &b);
	if (b.len)
		fputs(b.s, stderr);
	buf_free(&b);
}

/* Whether a, a command's arguments, is --all alone (no files): pipe_all does it */
static bool all_alone(const Args *a)
{
	return a->all && a->nfiles == 0;
}

typedef struct PartOf {
	ReportFormat f;
	const DisplayPrefs *prefs;
} PartOf;

static void take_part(void *ctx, Scenario *s, Buf *out)
{
	const PartOf *po = ctx;
	report_part(s, po->f, po->prefs, out);
}

/* calc --all in format f, with pipe_all: to path (NULL: standard output). The exit code. */
static int calc_all(const Args *a, ReportFormat f, const char *path)
{
	PartOf po = {f, &a->prefs};
	Pipe pp = {.a = a, .unused = true, .take = take_part, .ctx = &po, .room = 32 << 10, .last = true};
	size_t n;
	PresetInfo *list = pipe_all(&pp, &n);
	if (!list)
		return EXIT_USAGE;
	Buf out = {0};
	report_head(f, &out);
	/* to standard output each part goes as it is (780 KB of JSON is not copied again); to a file, whole */
	for (size_t i = 0; i < n; i++) {
		const Taken *t = list[i].data;
		if (i)
			buf_add(&out, report_part_separator(f));
		if (path) {
			buf_addn(&out, taken_made(t), t->len);
		} else {
			cli_out(out.s, out.len);
			cli_out(taken_made(t), t->len);
			buf_clear(&out);
		}
	}
	report_tail(f, n, &out);
	int rc = EXIT_OK;
	if (!path)
		cli_out(out.s, out.len);
	else if (!cli_write_output(path, out.s, out.len, a->force))
		rc = EXIT_USAGE;
	buf_free(&out);
	if (CLI_FREE_AT_EXIT)
		preset_list_free(list, n);
	return rc;
}

static void to_stdout(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	cli_out(s, n);
}

static const char calc_usage[] =
	"usage: boe calc [PRESET|FILE|-]... [--all] [--set NAME=EXPR]...\n"
	"                [--format text|markdown|json|yaml|html] [-o PATH [--force] [--charts]]\n"
	"                [--iec] [--bits] [--samples N] [--seed S] [--sensitivity NAME]\n"
	"\n"
	"Computes scenarios and prints them. With no scenario, the default one.\n"
	"  -          read a scenario from stdin\n"
	"  --all      every preset found ('boe list')\n"
	"  --set      change a quantity: --set dau=20M --set peak_factor=5\n"
	"  --format   text (default), markdown (the report), json, yaml or html (one\n"
	"             self-contained page, the charts inline as SVG; it makes no request)\n"
	"  -o PATH    write to PATH atomically; an existing file is replaced only\n"
	"             after you confirm, or with --force. Without --format, PATH's\n"
	"             extension names it: .md, .json, .yaml, .html (else text)\n"
	"  --charts   with -o REPORT.md: the markdown report (the format unless\n"
	"             another is given) with its charts as SVG files beside it\n"
	"             (REPORT-traffic.svg, ...), shown in the report\n"
	"  --iec      data in binary units (KiB, MiB); --bits: data rates in bits/s\n"
	"\n"
	"Ranges (boe(1), and ranges.md in " BOE_DOCDIR "): any value may be\n"
	"LO..HI, a 90% interval, as in --set peak_factor=2..5; results then show\n"
	"their own 90% interval.\n"
	"  --samples N         Monte Carlo samples (default 10000)\n"
	"  --seed S            the random seed (default 1): the same seed, the same figures\n"
	"  --sensitivity NAME  a tornado for NAME instead of the report: how much each\n"
	"                      ranged input moves it, largest first\n";

int cmd_calc(int argc, char **argv)
{
	Args a = {0};
	if (!parse_args(argc, argv, &a, true, true)) {
		args_free(&a);
		return EXIT_USAGE;
	}
	if (a.help) {
		fputs(calc_usage, stdout);
		args_free(&a);
		return EXIT_OK;
	}
	ReportFormat f = REPORT_TEXT;
	if (a.format && !report_format_parse(a.format, &f)) {
		cli_fail("calc: unknown format '%s' (text, markdown, json, yaml or html)", a.format);
		args_free(&a);
		return EXIT_USAGE;
	}
	/* without --format, a file's extension names it (-o report.md, shop.html) */
	bool named = a.format || (a.output && strcmp(a.output, "-") != 0 && report_format_for_path(a.output, &f));
	if (a.charts && !named)
		f = REPORT_MARKDOWN; /* the charts go beside a markdown report */
	if (a.charts && (!a.output || strcmp(a.output, "-") == 0 || f != REPORT_MARKDOWN || a.sensitivity)) {
		cli_fail("calc: --charts writes a markdown report's charts beside it: use it with -o REPORT.md "
			 "(--format markdown); the html format has them inline");
		args_free(&a);
		return EXIT_USAGE;
	}
	if (a.sensitivity && f == REPORT_HTML) {
		cli_fail("calc: --sensitivity prints a tornado in text, markdown, json or yaml; the html report has one for each ranged scenario");
		args_free(&a);
		return EXIT_USAGE;
	}
	if (a.output && strcmp(a.output, "-") == 0)
		a.output = NULL; /* -o - is standard output */
	if (all_alone(&a) && !a.sensitivity && !a.charts && f != REPORT_HTML) {
		int rc = calc_all(&a, f, a.output);
		args_free(&a);
		return rc;
	}
	size_t n;
	Scenario **list = load_scenarios(&a, &n);
	if (!list) {
		args_free(&a);
		return EXIT_USAGE;
	}
	warn_unused(list, n);
	int rc = EXIT_OK;
	if (a.sensitivity) {
		int *qs = xcalloc(n + 1, sizeof *qs);
		for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
			qs[i] = scenario_find(list[i], a.sensitivity);
			if (qs[i] < 0 || list[i]->q[qs[i]].hidden) {
				cli_fail("calc: --sensitivity: unknown quantity '%s' in %s (see 'boe quantities')",
					 a.sensitivity, list[i]->name);
				rc = EXIT_USAGE;
			}
		}
		Buf tornado = {0};
		if (rc == EXIT_OK)
			report_tornados(list, qs, n, f, &a.prefs, &tornado);
		if (rc == EXIT_OK && a.output && !cli_write_output(a.output, tornado.s, tornado.len, a.force))
			rc = EXIT_USAGE;
		else if (rc == EXIT_OK && !a.output && tornado.s)
			cli_out(tornado.s, tornado.len);
		buf_free(&tornado);
		free(qs);
	} else if (a.charts) {
		if (!cli_write_markdown_charts(list, n, a.output, a.force))
			rc = EXIT_USAGE;
	} else if (a.output) {
		/* a file is written whole or not at all */
		Buf out = {0};
		report_write(list, n, f, &a.prefs, &out);
		if (!cli_write_output(a.output, out.s, out.len, a.force))
			rc = EXIT_USAGE;
		buf_free(&out);
	} else {
		report_stream(list, n, f, &a.prefs, to_stdout, NULL);
	}
	free_scenarios(list, n);
	args_free(&a);
	return rc;
}

/*
 * What check shows of s, for print_checks: its name, then for each
 * expectation its verdict, its name and the rest of its line, each string
 * ended by a NUL.
 */
static void check_rows(void *ctx, Scenario *s, Buf *out)
{
	(void)ctx;
	buf_addn(out, s->name, strlen(s->name) + 1);
	for (size_t k = 0; k < s->nchecks; k++) {
		const Check *c = &s->checks[k];
		const Quantity *q = &s->q[c->q];
		char act[96], exp[96];
		units_format(c->actual, q->dim, &q->disp, NULL, act, sizeof act);
		units_format(c->expected, q->dim, &q->disp, NULL, exp, sizeof exp);
		buf_addn(out, c->ok ? "ok" : "MISS", strlen(c->ok ? "ok" : "MISS") + 1);
		buf_addn(out, c->name, strlen(c->name) + 1);
		if (c->inside) {
			char iv[200];
			scenario_format_interval(s, c->q, NULL, iv, sizeof iv);
			buf_printf(out, "%10s  expected %s inside the 90%% interval (%s)", act, exp, iv[0] ? iv : "no range");
		} else {
			double want = c->on_shortfall ? 1 - c->expected : c->expected;
			double got = c->on_shortfall ? 1 - c->actual : c->actual;
			double dev = want != 0 ? (got - want) / fabs(want) * 100 : 0;
			buf_printf(out, "%10s  expected %s ±%g%%%s  (%+.1f%%)", act, exp, c->tolerance * 100,
				   c->on_shortfall ? " of the shortfall" : "", dev);
		}
		buf_addc(out, '\0');
	}
}

/* The n scenarios' check_rows (len bytes each), in aligned columns, then the summary; the exit code. */
static int print_checks(const char *const *rows, const size_t *len, size_t n)
{
	size_t total = 0, missed = 0, without = 0;
	size_t namew = 0, qw = 0;
	for (size_t i = 0; i < n; i++) {
		const char *p = rows[i], *end = rows[i] + len[i];
		namew = strlen(p) > namew ? strlen(p) : namew;
		for (p += strlen(p) + 1; p < end; p += strlen(p) + 1) {
			p += strlen(p) + 1; /* the verdict, then the name */
			qw = strlen(p) > qw ? strlen(p) : qw;
			p += strlen(p) + 1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = rows[i], *end = rows[i] + len[i], *p = name + strlen(name) + 1;
		without += p >= end;
		while (p < end) {
			const char *verdict = p, *check = verdict + strlen(verdict) + 1, *rest = check + strlen(check) + 1;
			printf("%-4s  %-*s  %-*s  %s\n", verdict, (int)namew, name, (int)qw, check, rest);
			total++;
			missed += strcmp(verdict, "ok") != 0;
			p = rest + strlen(rest) + 1;
		}
	}
	printf("%zu scenario%s, %zu expectation%s: %zu ok, %zu missed", n, n == 1 ? "" : "s", total,
	       total == 1 ? "" : "s", total - missed, missed);
	if (without)
		printf(" (%zu scenario%s without expectations)", without, without == 1 ? "" : "s");
	putchar('\n');
	return missed ? EXIT_FAIL : EXIT_OK;
}

int cmd_check(int argc, char **argv)
{
	Args a = {0};
	if (!parse_args(argc, argv, &a, false, false)) {
		args_free(&a);
		return EXIT_USAGE;
	}
	if (a.help) {
		fputs("usage: boe check [PRESET|FILE|-]... [--all] [--set NAME=EXPR]... [--samples N] [--seed S]\n"
		      "\n"
		      "Recomputes each scenario and compares it with the figures of its 'expect:'\n"
		      "block: one line per expectation, then a summary. Exit 1 when any misses.\n"
		      "An expectation with 'inside: 90%' passes when the figure lies inside the\n"
		      "result's 90% interval (boe(1), and ranges.md in " BOE_DOCDIR ").\n", stdout);
		args_free(&a);
		return EXIT_OK;
	}
	if (a.nfiles == 0 && !a.all) {
		cli_fail("check: name a preset or a file, or use --all");
		args_free(&a);
		return EXIT_USAGE;
	}
	/* check shows figures, never how they were reached, and intervals only for inside: checks */
	cli_explain = false;
	cli_ranges = false;
	size_t n;
	int rc;
	if (all_alone(&a)) {
		Pipe pp = {.a = &a, .take = check_rows, .room = 1 << 10, .last = true};
		PresetInfo *all = pipe_all(&pp, &n);
		if (!all) {
			args_free(&a);
			return EXIT_USAGE;
		}
		const char **rows = xmalloc((n + 1) * sizeof *rows);
		size_t *len = xmalloc((n + 1) * sizeof *len);
		for (size_t i = 0; i < n; i++) {
			const Taken *t = all[i].data;
			rows[i] = taken_made(t);
			len[i] = t->len;
		}
		rc = print_checks(rows, len, n);
		free(rows);
		free(len);
		if (CLI_FREE_AT_EXIT)
			preset_list_free(all, n);
		args_free(&a);
		return rc;
	}
	Scenario **list = load_scenarios(&a, &n);
	if (!list) {
		args_free(&a);
		return EXIT_USAGE;
	}
	Buf *made = xcalloc(n + 1, sizeof *made);
	const char **rows = xmalloc((n + 1) * sizeof *rows);
	size_t *len = xmalloc((n + 1) * sizeof *len);
	for (size_t i = 0; i < n; i++) {
		check_rows(NULL, list[i], &made[i]);
		rows[i] = made[i].s;
		len[i] = made[i].len;
	}
	rc = print_checks(rows, len, n);
	for (size_t i = 0; i < n; i++)
		buf_free(&made[i]);
	free(made);
	free(rows);
	free(len);
	free_scenarios(list, n);
	args_free(&a);
	return rc;
}

/* Options of the commands that take only --format (and --help). False after printing on bad usage. */
static bool format_only(int argc, char **argv, const char *usage, const char **format, bool *help)
{
	bool bad = false;
	for (int i = 1; i < argc && !bad; i++) {
		const char *v;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			*help = true;
			return true;
		} else if (cli_opt_value(argc, argv, &i, "--format", &v, &bad)) {
			*format = v;
		} else {
			cli_fail("%s: unexpected argument '%s'", argv[0], argv[i]);
			bad = true;
		}
	}
	return !bad;
}

int cmd_list(int argc, char **argv)
{
	const char *format = "text";
	bool help = false;
	if (!format_only(argc, argv, "usage: boe list [--format text|json]\n\nLists the presets found: name, difficulty, title and scope.\n",
			 &format, &help))
		return EXIT_USAGE;
	if (help)
		return EXIT_OK;
	if (strcmp(format, "text") && strcmp(format, "json")) {
		cli_fail("list: unknown format '%s' (text or json)", format);
		return EXIT_USAGE;
	}
	size_t n;
	PresetInfo *list = preset_list_headers(&n); /* the header's fields: no need to load them */
	Buf out = {0};
	if (strcmp(format, "json") == 0) {
		buf_add(&out, "{\"presets\": [");
		for (size_t i = 0, k = 0; i < n; i++) {
			if (list[i].error)
				continue;
			buf_add(&out, k++ ? ",\n  {" : "\n  {");
			buf_add(&out, "\"name\": ");
			json_string(list[i].name, &out);
			buf_add(&out, ", \"difficulty\": ");
			json_string(list[i].difficulty, &out);
			buf_add(&out, ", \"title\": ");
			json_string(list[i].title, &out);
			buf_add(&out, ", \"summary\": ");
			json_string(list[i].summary, &out);
			buf_add(&out, ", \"source\": ");
			json_string(list[i].source, &out);
			buf_add(&out, ", \"path\": ");
			json_string(list[i].path, &out);
			buf_add(&out, "}");
		}
		buf_add(&out, n ? "\n]}\n" : "]}\n");
	} else {
		size_t nw = 4, tw = 5;
		for (size_t i = 0; i < n; i++) {
			nw = strlen(list[i].name) > nw ? strlen(list[i].name) : nw;
			tw = utf8_width(list[i].title) > tw ? utf8_width(list[i].title) : tw;
		}
		if (tw > 40)
			tw = 40;
		for (size_t i = 0; i < n; i++) {
			if (list[i].error) {
				cli_fail("warning: skipping %s", list[i].error);
				continue;
			}
			char *name = text_sanitize(list[i].name, 0);
			char *diff = text_sanitize(list[i].difficulty, 0);
			char *title = text_sanitize(list[i].title, 0);
			char *sum = text_sanitize(list[i].summary, 0);
			buf_add(&out, name);
			buf_pad(&out, nw + 2, utf8_width(name));
			buf_add(&out, diff);
			buf_pad(&out, 8, utf8_width(diff));
			free(name);
			free(diff);
			if (utf8_width(title) > tw) {
				/* cut on a character boundary and mark the cut */
				size_t keep = 0, cols = 0;
				while (title[keep] && cols < tw - 1) {
					keep++;
					while (((unsigned char)title[keep] & 0xC0) == 0x80)
						keep++;
					cols++;
				}
				title[keep] = '\0';
				buf_add(&out, title);
				buf_add(&out, "…");
				buf_pad(&out, tw + 2, tw);
			} else {
				buf_add(&out, title);
				buf_pad(&out, tw + 2, utf8_width(title));
			}
			buf_printf(&out, "%s\n", sum);
			free(title);
			free(sum);
		}
		if (n == 0)
			cli_no_presets();
	}
	cli_out(out.s ? out.s : "", out.len);
	buf_free(&out);
	preset_list_free(list, n);
	return EXIT_OK;
}

int cmd_quantities(int argc, char **argv)
{
	const char *format = "text";
	bool help = false;
	ReportFormat f;
	if (!format_only(argc, argv, "usage: boe quantities [--format text|markdown|json]\n\nPrints the standard quantities: name, unit, default, meaning.\n",
			 &format, &help))
		return EXIT_USAGE;
	if (help)
		return EXIT_OK;
	if (!report_format_parse(format, &f) || f == REPORT_HTML) {
		cli_fail("quantities: unknown format '%s' (text, markdown or json)", format);
		return EXIT_USAGE;
	}
	Buf out = {0};
	report_quantities(f, &out);
	cli_out(out.s, out.len);
	buf_free(&out);
	return EXIT_OK;
}
