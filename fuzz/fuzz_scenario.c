/*
 * Scenario files: load, compute, every report (text with each display
 * preference, markdown, JSON, YAML), and the file a save writes, which must
 * load and compute again, and save to the same text (nothing lost on the way).
 */
#include "boe/report.h"
#include "boe/scenario.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void reports(Scenario *s)
{
	static const DisplayPrefs prefs[] = {{false, false}, {true, true}};
	Buf b = {0};
	for (size_t i = 0; i < sizeof prefs / sizeof *prefs; i++) {
		for (int f = REPORT_TEXT; f <= REPORT_YAML; f++) {
			report_write(&s, 1, (ReportFormat)f, &prefs[i], &b);
			buf_free(&b);
		}
	}
	report_text(s, NULL, &b);
	buf_free(&b);
	report_markdown(s, &b);
	buf_free(&b);
	for (size_t i = 0; i < s->nq; i++) {
		char v[128];
		scenario_format_value(s, (int)i, &prefs[1], v, sizeof v);
		if (s->q[i].expr)
			scenario_substitute(s, (int)i, &prefs[1], &b);
		buf_free(&b);
	}
	int *order = malloc((s->nq + 1) * sizeof *order);
	if (!order)
		abort();
	size_t n = scenario_display_order(s, order);
	FUZZ_ASSERT(n <= s->nq, "%zu of %zu in the display order", n, s->nq);
	free(order);
	(void)scenario_failed_checks(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	BoeError err;
	Scenario *s = scenario_load_string((const char *)data, size, "fuzz.yaml", &err);
	if (!s)
		return 0;
	if (!scenario_compute(s, &err)) {
		scenario_free(s);
		return 0;
	}
	reports(s);

	Buf saved = {0};
	report_scenario_file(s, &saved);
	Scenario *back = scenario_load_string(saved.s, saved.len, "saved.yaml", &err);
	FUZZ_ASSERT(back, "the save does not load: %s:%d:%d: %s\n%s", err.file, err.line, err.col,
		    err.msg, saved.s);
	FUZZ_ASSERT(scenario_compute(back, &err), "the save does not compute: %s:%d:%d: %s\n%s",
		    err.file, err.line, err.col, err.msg, saved.s);
	for (size_t i = 0; i < s->nq; i++) {
		if (!quantity_listed(&s->q[i]))
			continue;
		int j = scenario_find(back, s->q[i].name);
		FUZZ_ASSERT(j >= 0, "%s is lost in the save\n%s", s->q[i].name, saved.s);
		FUZZ_ASSERT(strcmp(s->q[i].shown, back->q[j].shown) == 0, "%s was %s, is %s after the save\n%s",
			    s->q[i].name, s->q[i].shown, back->q[j].shown, saved.s);
	}
	Buf again = {0};
	report_scenario_file(back, &again);
	FUZZ_ASSERT(strcmp(saved.s, again.s) == 0, "saving the save changes it:\n%s\n----\n%s", saved.s,
		    again.s);
	buf_free(&again);
	buf_free(&saved);
	scenario_free(back);
	scenario_free(s);
	return 0;
}
