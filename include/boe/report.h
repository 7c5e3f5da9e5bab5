/*
 * Report writers: every output of a computed scenario (text table, markdown
 * report, JSON, YAML) and the scenario file form used to save one. They all
 * read the same computed Scenario and its explanations, and write into a Buf.
 */
#ifndef BOE_REPORT_H
#define BOE_REPORT_H

#include "boe/scenario.h"

typedef enum ReportFormat { REPORT_TEXT, REPORT_MARKDOWN, REPORT_JSON, REPORT_YAML, REPORT_HTML } ReportFormat;

/* Parses "text", "markdown" (or "md"), "json", "yaml", "html". */
bool report_format_parse(const char *s, ReportFormat *out);
/* The format a file name's extension names: .txt, .md or .markdown, .json, .yaml or .yml, .html or .htm (any case). */
bool report_format_for_path(const char *path, ReportFormat *out);
/* Writes n computed scenarios in the given format. */
void report_write(Scenario *const *list, size_t n, ReportFormat f, const DisplayPrefs *prefs, Buf *out);
/*
 * The same report made a piece at a time, for a caller that has each
 * scenario in turn: the head, each scenario's part (it makes its
 * explanations if they were skipped), with report_part_separator before
 * every part but the first, then the tail after n parts.
 */
void report_head(ReportFormat f, Buf *out);
void report_part(Scenario *s, ReportFormat f, const DisplayPrefs *prefs, Buf *out);
const char *report_part_separator(ReportFormat f);
void report_tail(ReportFormat f, size_t n, Buf *out);
/* Where a streamed report goes, a piece at a time. */
typedef void (*ReportSink)(void *ctx, const char *s, size_t n);
/* The same report handed to sink after each scenario, so a long one never sits whole in memory. */
void report_stream(Scenario *const *list, size_t n, ReportFormat f, const DisplayPrefs *prefs,
		   ReportSink sink, void *ctx);
void report_text(const Scenario *s, const DisplayPrefs *prefs, Buf *out);
void report_markdown(const Scenario *s, Buf *out);
/*
 * The HTML report (src/report_html.c): one self-contained page of the
 * scenarios' markdown reports with their charts inline as SVG; no request
 * to any other place.
 */
void report_html(Scenario *const *list, size_t n, Buf *out);
/*
 * A markdown report's "Charts" section: an image for each chart whose file
 * name files[kind] is not NULL (CHART_COUNT entries, names relative to the report).
 */
void report_markdown_charts(const Scenario *s, const char *const *files, Buf *out);
/*
 * How after compares with before, in a few characters: "=" (the same),
 * "+20%" or "-35%" within a factor of 2, "×2" or "÷4.1" from it on, "new" when
 * before is NaN (not in the file).
 */
/*
 * A markdown section comparing s with base (the scenario as its file has it):
 * every listed quantity whose value differs, with both values and the change.
 */
void report_markdown_baseline(const Scenario *s, const Scenario *base, Buf *out);
/*
 * The tornado of quantity qs[i] of each scenario list[i] (--sensitivity): every
 * ranged input's swing and share of the variance, largest first.
 */
void report_tornados(Scenario *const *list, const int *qs, size_t n, ReportFormat f,
		     const DisplayPrefs *prefs, Buf *out);
/* The scenario as a file that scenario_load_file reads back (current values, overrides folded into set). */
void report_scenario_file(const Scenario *s, Buf *out);
/* The standard quantity table in the given format. */
void report_quantities(ReportFormat f, Buf *out);
/* Escapes markdown table text: | and leading/trailing specials, newlines to spaces. */
void md_escape(const char *s, Buf *out);
/* JSON string literal. */
void json_string(const char *s, Buf *out);

#endif
