/*
 * The markdown report with its charts beside it (include/boe/export.h).
 */
#include <stdlib.h>
#include <string.h>

#include "boe/chart.h"
#include "boe/export.h"
#include "boe/fileio.h"
#include "boe/report.h"

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

void export_plan(Export *e, Scenario *const *list, size_t n, const char *path, const Buf *extra)
{
	char *stem = stem_of(path);
	e->f = xcalloc(n * CHART_COUNT + 1, sizeof *e->f);
	e->n = 0;
	Buf md = {0};
	for (size_t i = 0; i < n; i++) {
		scenario_explain(list[i]);
		const char *names[CHART_COUNT] = {0};
		for (int k = 0; k < CHART_COUNT; k++) {
			if (!chart_applies(list[i], (ChartKind)k))
				continue;
			ExportFile *f = &e->f[e->n++];
			f->path = n > 1 ? xasprintf("%s-%s-%s.svg", stem, list[i]->name, chart_name((ChartKind)k))
					: xasprintf("%s-%s.svg", stem, chart_name((ChartKind)k));
			chart_svg(list[i], (ChartKind)k, true, &f->text);
			names[k] = base_name(f->path);
		}
		if (i)
			buf_add(&md, "\n---\n\n");
		report_markdown(list[i], &md);
		report_markdown_charts(list[i], names, &md);
	}
	if (extra && extra->len)
		buf_addn(&md, extra->s, extra->len);
	e->f[e->n].path = xstrdup(path);
	e->f[e->n++].text = md;
	free(stem);
}

const char *export_existing(const Export *e)
{
	for (size_t i = 0; i < e->n; i++)
		if (file_exists(e->f[i].path))
			return e->f[i].path;
	return NULL;
}

bool export_write(const Export *e, BoeError *err)
{
	/* every target first (no FIFO, no device, no missing directory): a refusal writes nothing */
	for (size_t i = 0; i < e->n; i++) {
		char *target = file_write_target(e->f[i].path, err);
		if (!target)
			return false;
		free(target);
	}
	for (size_t i = 0; i < e->n; i++)
		if (!file_write_atomic(e->f[i].path, e->f[i].text.s ? e->f[i].text.s : "", e->f[i].text.len, err))
			return false;
	return true;
}

void export_free(Export *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->f[i].path);
		buf_free(&e->f[i].text);
	}
	free(e->f);
	e->f = NULL;
	e->n = 0;
}
