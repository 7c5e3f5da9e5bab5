/*
 * Scenario files: load, compute, every report (text with each display
 * preference, markdown, JSON, YAML, HTML), every chart, and the file a save
 * writes, which must load and compute again, and save to the same text
 * (nothing lost on the way). The HTML page and the charts are markup boe
 * wrote around the file's text: no control character, no tag or attribute
 * that loads or runs anything, whatever the file says.
 */
#include <ctype.h>
#include <string.h>

#include "boe/chart.h"
#include "boe/report.h"
#include "boe/scenario.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* No C0 control but tab and newline, no DEL, no C1 (U+0080..U+009F as UTF-8). */
static void check_plain(const char *t, size_t n, const char *what)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		FUZZ_ASSERT(!((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F ||
			      (c == 0xC2 && i + 1 < n && (unsigned char)t[i + 1] >= 0x80 &&
			       (unsigned char)t[i + 1] <= 0x9F)),
			    "%s: control byte 0x%02X at %zu", what, c, i);
	}
}

/* Whether the n bytes at p, lowercased, start with word. */
static bool starts(const char *p, size_t n, const char *word)
{
	size_t k = strlen(word);
	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++)
		if (tolower((unsigned char)p[i]) != word[i])
			return false;
	return true;
}

/*
 * Every '<' opens a tag (or the doctype, or the XML declaration) that closes before the next '<';
 * inside tags: no event handler (on...=), no link or source, no CSS url();
 * no tag that loads or runs anything.
 */
static void check_markup(const char *t, size_t n, const char *what)
{
	static const char *const never_tag[] = {"script", "iframe", "object", "embed", "img", "link", "a",
						 "form", "input", "base", "image", "use", "foreignobject",
						 "animate", "set", "audio", "video", "source"};
	check_plain(t, n, what);
	for (size_t i = 0; i < n; i++) {
		if (t[i] == '>')
			continue;
		if (t[i] != '<')
			continue;
		size_t j = i + 1;
		if (j < n && t[j] == '/')
			j++;
		FUZZ_ASSERT(j < n && (isalpha((unsigned char)t[j]) || t[j] == '!' || t[j] == '?'), "%s: a bare '<' at %zu", what, i);
		size_t name = j;
		while (j < n && isalnum((unsigned char)t[j]))
			j++;
		for (size_t k = 0; k < sizeof never_tag / sizeof *never_tag; k++)
			FUZZ_ASSERT(!(j - name == strlen(never_tag[k]) && starts(t + name, j - name, never_tag[k])),
				    "%s: a <%s> tag at %zu", what, never_tag[k], i);
		size_t end = j;
		bool quoted = false;
		while (end < n && (quoted || t[end] != '>')) {
			FUZZ_ASSERT(t[end] != '<', "%s: a '<' inside the tag at %zu", what, i);
			quoted ^= t[end] == '"';
			end++;
		}
		FUZZ_ASSERT(end < n, "%s: the tag at %zu is not closed", what, i);
		quoted = false;
		for (size_t k = j; k < end; k++) {
			quoted ^= t[k] == '"';
			if (quoted || t[k] == '"')
				continue; /* an attribute's value: text */
			bool at_name = isspace((unsigned char)t[k - 1]);
			FUZZ_ASSERT(!(at_name && starts(t + k, end - k, "on")), "%s: an event handler in the tag at %zu",
				    what, i);
			FUZZ_ASSERT(!(at_name && (starts(t + k, end - k, "href") || starts(t + k, end - k, "src") ||
						  starts(t + k, end - k, "xlink:") || starts(t + k, end - k, "style"))),
				    "%s: a link, source or style attribute in the tag at %zu", what, i);
			FUZZ_ASSERT(!starts(t + k, end - k, "url(") && !starts(t + k, end - k, "javascript:"),
				    "%s: url( or javascript: in the tag at %zu", what, i);
		}
		i = end;
	}
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
	report_write(&s, 1, REPORT_HTML, &prefs[0], &b);
	check_markup(b.s, b.len, "the HTML report");
	buf_free(&b);
	const char *files[CHART_COUNT] = {0};
	for (int k = 0; k < CHART_COUNT; k++) {
		if (!chart_applies(s, (ChartKind)k))
			continue;
		files[k] = chart_name((ChartKind)k);
		for (int standalone = 0; standalone < 2; standalone++) {
			chart_svg(s, (ChartKind)k, standalone, &b);
			check_markup(b.s, b.len, chart_name((ChartKind)k));
			buf_free(&b);
		}
	}
	report_markdown(s, &b);
	report_markdown_charts(s, files, &b);
	check_plain(b.s, b.len, "the markdown report with its charts");
	buf_free(&b);
	report_text(s, NULL, &b);
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
