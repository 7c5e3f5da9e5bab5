/*
 * The HTML report (--format html): one self-contained page holding the
 * markdown report of spec §6, rendered from the very text report_markdown
 * writes (one report, two faces), with the charts of chart.h inline as SVG
 * beside the sections they illustrate. The page has its style inline and
 * makes no request: no script, font, image or link to any other place. A
 * print style sheet keeps tables and charts whole on paper.
 *
 * The renderer knows the markdown report_markdown and md_escape write:
 * headings, pipe tables, paragraphs with hard breaks, "- " lists, "---",
 * `code`, **bold**, backslash escapes and the entities md_escape emits.
 */
#include <ctype.h>
#include <string.h>

#include "boe/chart.h"
#include "boe/report.h"

static const char style[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:980px;margin:2em auto;"
	"padding:0 1em;color:#222;line-height:1.45}\n"
	"h1{border-bottom:2px solid #2171b5;padding-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}\n"
	"table{border-collapse:collapse;margin:.6em 0;font-size:.92em}\n"
	"th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}\n"
	"th{background:#f3f6fa}tr:nth-child(even) td{background:#fafafa}\n"
	"code{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.95em;background:#f4f4f4;"
	"padding:0 .2em;border-radius:3px}\n"
	"figure{margin:1em 0}svg.chart{max-width:100%;height:auto}\n"
	"footer{margin-top:3em;color:#777;font-size:.85em}\n"
	"@media print{body{margin:0;max-width:none}h2,h3{break-after:avoid}"
	"table,figure,svg{break-inside:avoid}a{color:inherit}}\n";

/* The inline markdown of one line: code spans, bold, escapes; HTML-escaped. */
static void inline_md(const char *s, size_t n, Buf *out)
{
	bool bold = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '`') {
			size_t j = i + 1;
			while (j < n && s[j] != '`')
				j++;
			buf_add(out, "<code>");
			for (size_t k = i + 1; k < j; k++) {
				if (s[k] == '\\' && k + 1 < j && s[k + 1] == '|')
					k++;
				char one[2] = {s[k], 0};
				xml_escape(one, out);
			}
			buf_add(out, "</code>");
			i = j;
		} else if (c == '*' && i + 1 < n && s[i + 1] == '*') {
			buf_add(out, bold ? "</strong>" : "<strong>");
			bold = !bold;
			i++;
		} else if (c == '\\' && i + 1 < n && ispunct((unsigned char)s[i + 1])) {
			char one[2] = {s[++i], 0};
			xml_escape(one, out);
		} else if (c == '&') {
			/* md_escape's entities stay as they are; any other & is escaped */
			size_t j = i + 1;
			while (j < n && j - i < 10 && (isalnum((unsigned char)s[j]) || s[j] == '#'))
				j++;
			if (j < n && s[j] == ';' && j > i + 1)
				buf_addn(out, s + i, j - i + 1), i = j;
			else
				buf_add(out, "&amp;");
		} else if (c == '<') {
			buf_add(out, "&lt;");
		} else if (c == '>') {
			buf_add(out, "&gt;");
		} else if (c == '"') {
			buf_add(out, "&quot;");
		} else {
			buf_addc(out, c);
		}
	}
	if (bold)
		buf_add(out, "</strong>");
}

/* The cells of a table row "| a | b \| c | `x \| y` |": split on the unescaped bars. */
static void table_row(const char *s, size_t n, bool header, Buf *out)
{
	buf_add(out, "<tr>");
	size_t i = 0;
	while (i < n && s[i] != '|')
		i++;
	i++;
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != '|') {
			if (s[j] == '\\' && j + 1 < n)
				j++;
			j++;
		}
		if (j >= n)
			break; /* text after the last bar */
		size_t a = i, b = j;
		while (a < b && s[a] == ' ')
			a++;
		while (b > a && s[b - 1] == ' ')
			b--;
		buf_add(out, header ? "<th>" : "<td>");
		inline_md(s + a, b - a, out);
		buf_add(out, header ? "</th>" : "</td>");
		i = j + 1;
	}
	buf_add(out, "</tr>\n");
}

typedef enum Block { B_NONE, B_PARA, B_TABLE, B_LIST } Block;

static void close_block(Block *b, Buf *out)
{
	static const char *const ends[] = {"", "</p>\n", "</tbody></table>\n", "</ul>\n"};
	buf_add(out, ends[*b]);
	*b = B_NONE;
}

/* The charts that illustrate the section headed h ("Derivation", "Availability", ...). */
static void section_charts(const Scenario *s, const char *h, size_t n, Buf *out)
{
	static const struct {
		const char *heading;
		ChartKind kinds[2];
		int nk;
	} map[] = {
		{"Derivation", {CHART_TRAFFIC, CHART_STORAGE}, 2},
		{"Availability", {CHART_AVAILABILITY}, 1},
		{"Latency budget", {CHART_LATENCY}, 1},
		{"Ranges", {CHART_INTERVALS, CHART_TORNADO}, 2},
	};
	for (size_t i = 0; i < ARRAY_LEN(map); i++) {
		if (strlen(map[i].heading) != n || strncmp(map[i].heading, h, n) != 0)
			continue;
		for (int k = 0; k < map[i].nk; k++)
			if (chart_applies(s, map[i].kinds[k])) {
				buf_add(out, "<figure>\n");
				chart_svg(s, map[i].kinds[k], false, out);
				buf_add(out, "</figure>\n");
			}
	}
}

/* One scenario's markdown report as HTML, with its charts. */
static void render(const Scenario *s, const char *md, Buf *out)
{
	Block b = B_NONE;
	const char *sec = NULL;	/* the open "## " section, whose charts close it */
	size_t secn = 0;
	bool table_head = false;
	buf_add(out, "<article class=\"scenario\">\n");
	for (const char *p = md; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *next = e ? e + 1 : p + n;
		if (n == 0) {
			close_block(&b, out);
		} else if (p[0] == '#') {
			int level = 0;
			while (level < (int)n && p[level] == '#')
				level++;
			close_block(&b, out);
			if (level <= 2 && sec) {
				section_charts(s, sec, secn, out);
				sec = NULL;
			}
			if (level == 2) {
				sec = p + 3;
				secn = n - 3;
			}
			buf_printf(out, "<h%d>", level);
			inline_md(p + level + 1, n - (size_t)level - 1, out);
			buf_printf(out, "</h%d>\n", level);
		} else if (p[0] == '|') {
			if (b != B_TABLE) {
				close_block(&b, out);
				buf_add(out, "<table><thead>");
				table_row(p, n, true, out);
				buf_add(out, "</thead><tbody>\n");
				b = B_TABLE;
				table_head = true;
			} else if (table_head) {
				table_head = false; /* the |---| line */
			} else {
				table_row(p, n, false, out);
			}
		} else if (n >= 2 && p[0] == '-' && p[1] == ' ') {
			if (b != B_LIST) {
				close_block(&b, out);
				buf_add(out, "<ul>\n");
				b = B_LIST;
			}
			buf_add(out, "<li>");
			inline_md(p + 2, n - 2, out);
			buf_add(out, "</li>\n");
		} else if (n == 3 && strncmp(p, "---", 3) == 0) {
			close_block(&b, out);
			buf_add(out, "<hr>\n");
		} else {
			if (b != B_PARA) {
				close_block(&b, out);
				buf_add(out, "<p>");
				b = B_PARA;
			} else {
				buf_add(out, "\n");
			}
			bool hard = n >= 2 && p[n - 1] == ' ' && p[n - 2] == ' ';
			inline_md(p, hard ? n - 2 : n, out);
			if (hard)
				buf_add(out, "<br>");
		}
		p = next;
	}
	close_block(&b, out);
	if (sec)
		section_charts(s, sec, secn, out);
	buf_add(out, "</article>\n");
}

void report_html(Scenario *const *list, size_t n, Buf *out)
{
	buf_add(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		     "<meta name=\"generator\" content=\"boe " BOE_VERSION "\">\n<title>");
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_add(out, " · ");
		xml_escape(list[i]->title ? list[i]->title : list[i]->name, out);
	}
	buf_printf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
	for (size_t i = 0; i < n; i++) {
		Buf md = {0};
		report_markdown(list[i], &md);
		if (i)
			buf_add(out, "<hr>\n");
		render(list[i], md.s ? md.s : "", out);
		buf_free(&md);
	}
	buf_add(out, "<footer>Made by boe " BOE_VERSION ", the back-of-envelope calculator.</footer>\n"
		     "</body>\n</html>\n");
}

void report_markdown_charts(const Scenario *s, const char *const *files, Buf *out)
{
	bool any = false;
	for (int k = 0; k < CHART_COUNT; k++) {
		if (!files[k])
			continue;
		if (!any)
			buf_add(out, "\n## Charts\n\n");
		any = true;
		buf_add(out, "![");
		md_escape(chart_title((ChartKind)k), out);
		buf_add(out, "](");
		/* a file name beside the report: spaces and parentheses would end the link */
		for (const char *p = files[k]; *p; p++)
			if (*p == ' ' || *p == '(' || *p == ')')
				buf_printf(out, "%%%02X", (unsigned char)*p);
			else
				buf_addc(out, *p);
		buf_add(out, ")\n\n");
	}
	(void)s;
}
