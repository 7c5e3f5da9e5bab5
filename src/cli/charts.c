/*
 * boe calc -o REPORT.md --charts: the markdown report with its charts as SVG
 * files beside it (REPORT-traffic.svg, ...; with several scenarios,
 * REPORT-NAME-traffic.svg), each written atomically and none replacing a
 * file without --force, and a Charts section in the report pointing at them.
 * Every file is checked before anything is written, so a refusal leaves
 * nothing half done.
 */
#include <stdlib.h>
#include <string.h>

#include "boe/chart.h"
#include "boe/fileio.h"
#include "cli.h"

/* PATH without its .md/.markdown ending: where the chart names start. Caller frees. */
static char *stem_of(const char *path)
{
	size_t n = strlen(path);
	const char *ends[] = {".md", ".markdown"};
	for (size_t i = 0; i < ARRAY_LEN(ends); i++) {
		size_t e = strlen(ends[i]);
		if (n > e && strcmp(path + n - e, ends[i]) == 0)
			return xstrndup(path, n - e);
	}
	return xstrdup(path);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

bool cli_write_markdown_charts(Scenario *const *list, size_t n, const char *path, bool force)
{
	char *stem = stem_of(path);
	size_t total = n * CHART_COUNT;
	char **files = xcalloc(total, sizeof *files);
	Buf *svgs = xcalloc(total, sizeof *svgs);
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		scenario_explain(list[i]);
		for (int k = 0; k < CHART_COUNT; k++) {
			if (!chart_applies(list[i], (ChartKind)k))
				continue;
			size_t j = i * CHART_COUNT + (size_t)k;
			files[j] = n > 1 ? xasprintf("%s-%s-%s.svg", stem, list[i]->name, chart_name((ChartKind)k))
					 : xasprintf("%s-%s.svg", stem, chart_name((ChartKind)k));
			chart_svg(list[i], (ChartKind)k, true, &svgs[j]);
			if (!force && file_exists(files[j])) {
				cli_fail("%s exists; not overwriting it (use --force to replace the charts and the report)",
					 files[j]);
				ok = false;
			}
		}
	}
	if (ok && !force && file_exists(path)) {
		cli_fail("%s exists; not overwriting it (use --force to replace it and its charts)", path);
		ok = false;
	}
	Buf md = {0};
	for (size_t i = 0; ok && i < n; i++) {
		if (i)
			buf_add(&md, "\n---\n\n");
		report_markdown(list[i], &md);
		const char *names[CHART_COUNT] = {0};
		for (int k = 0; k < CHART_COUNT; k++)
			names[k] = files[i * CHART_COUNT + (size_t)k] ? base_name(files[i * CHART_COUNT + (size_t)k]) : NULL;
		report_markdown_charts(list[i], names, &md);
	}
	/* the charts first: the report never points at a chart that is not there */
	for (size_t j = 0; ok && j < total; j++) {
		BoeError err;
		if (files[j] && !file_write_atomic(files[j], svgs[j].s, svgs[j].len, &err)) {
			cli_error(&err);
			ok = false;
		}
	}
	if (ok)
		ok = cli_write_output(path, md.s ? md.s : "", md.len, true);
	buf_free(&md);
	for (size_t j = 0; j < total; j++) {
		free(files[j]);
		buf_free(&svgs[j]);
	}
	free(files);
	free(svgs);
	free(stem);
	return ok;
}
