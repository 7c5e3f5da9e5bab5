/*
 * The drill: a history file as text (parsed, summarised, weighed), and
 * answers. The input's first byte picks a preset and the drill's seed; the
 * rest is typed line by line as answers ("?" and "hint" ask for hints,
 * "skip" skips), graded and recorded as a history line, which must parse back.
 */
#include "boe/drill.h"
#include "boe/scenario.h"
#include "fuzz.h"

#ifndef PRESETSDIR
#define PRESETSDIR "presets"
#endif

static const char *const preset_names[] = {
	"url-shortener", "twitter-news-feed", "distributed-cache", "youtube-netflix",
	"api-rate-limiter", "ticketmaster", "zoom", "metrics-monitoring",
};
#define NPRESETS (sizeof preset_names / sizeof *preset_names)
static Scenario *presets[NPRESETS];

static double fixed_clock(void *ctx)
{
	double *t = ctx;
	*t += 1.5;
	return *t;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	for (size_t i = 0; i < NPRESETS; i++) {
		char path[512];
		BoeError err;
		snprintf(path, sizeof path, "%s/%s.yaml", PRESETSDIR, preset_names[i]);
		presets[i] = scenario_load_file(path, &err);
		if (!presets[i] || !scenario_compute(presets[i], &err)) {
			fprintf(stderr, "fuzz_drill: %s: %s\n", path, err.msg);
			abort();
		}
	}
	return 0;
}

static void history(const char *text, size_t n)
{
	DrillHistory *h = drill_history_parse(text, n);
	FUZZ_ASSERT(h, "no history");
	DrillStats st;
	drill_stats(h, &st);
	for (int k = 0; k < SKILL_COUNT; k++) {
		double w = drill_weakness_skill(h, (Skill)k);
		FUZZ_ASSERT(w == -1 || (w >= 0 && w <= 1), "weakness %g", w);
	}
	for (size_t r = 0; r < h->nrecords && r < 4; r++)
		for (size_t a = 0; a < h->records[r].nanswers; a++) {
			double w = drill_weakness_quantity(h, h->records[r].answers[a].quantity);
			FUZZ_ASSERT(w == -1 || (w >= 0 && w <= 1), "weakness %g", w);
		}
	drill_history_free(h);
}

static void answers(const uint8_t *data, size_t size)
{
	unsigned sel = size ? data[0] : 0;
	double now = 0;
	DrillOptions o = {
		.seed = sel,
		.max_questions = (sel >> 4) & 7,
		.time_limit = (sel & 8) ? 2 : 0,
		.clock = fixed_clock,
		.clock_ctx = &now,
	};
	BoeError err;
	Drill *d = drill_new(presets[sel % NPRESETS], &o, &err);
	FUZZ_ASSERT(d, "%s: %s", preset_names[sel % NPRESETS], err.msg);
	char *text = fuzz_string(size ? data + 1 : data, size ? size - 1 : 0);
	char *line = text;
	while (line && !drill_done(d)) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		FUZZ_ASSERT(drill_ask(d), "no question before the end");
		DrillResult r;
		char msg[256];
		Buf b = {0};
		if (drill_is_command(line, "?") || drill_is_command(line, "hint")) {
			FUZZ_ASSERT(drill_hint(d), "no hint");
		} else if (drill_is_command(line, "skip")) {
			drill_skip(d, &r);
			drill_result_text(&r, o.time_limit, &b);
		} else if (drill_answer(d, line, &r, msg, sizeof msg)) {
			drill_result_text(&r, o.time_limit, &b);
		} else {
			FUZZ_ASSERT(msg[0], "an answer refused without a reason");
		}
		buf_free(&b);
		line = nl ? nl + 1 : NULL;
	}
	drill_finish(d);
	double points, max;
	drill_score(d, &points, &max);
	FUZZ_ASSERT(points >= 0 && points <= max, "%g of %g points", points, max);
	char *rec = drill_record_json(d);
	DrillHistory *h = drill_history_parse(rec, strlen(rec));
	FUZZ_ASSERT(h->nrecords == 1 && h->bad_lines == 0, "the drill's own record does not read back: %s",
		    rec);
	drill_history_free(h);
	free(rec);
	free(text);
	drill_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	history((const char *)data, size);
	answers(data, size);
	return 0;
}
