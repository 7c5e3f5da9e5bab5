/*
 * A markdown report with its charts as SVG files beside it: what
 * `boe calc -o REPORT.md --charts` writes and the interface's E exports.
 * The files are planned first (each chart REPORT-traffic.svg, ...; with
 * several scenarios REPORT-NAME-traffic.svg; the report last, with a Charts
 * section pointing at them), then checked, then written: nothing replaces a
 * file unless asked, and a refusal or a failure leaves no report pointing at
 * a chart that is not there.
 */
#ifndef BOE_EXPORT_H
#define BOE_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "boe/scenario.h"
#include "boe/util.h"

typedef struct ExportFile {
	char *path;
	Buf text;
} ExportFile;

typedef struct Export {
	ExportFile *f; /* the charts, then the report itself */
	size_t n;
} Export;

/*
 * Plans the report at path for list[0..n-1] with its charts. extra, when not
 * NULL, is appended to the report's markdown (the interface's baseline
 * section). Free with export_free.
 */
void export_plan(Export *e, Scenario *const *list, size_t n, const char *path, const Buf *extra);
/* The first planned file that exists already, or NULL. */
const char *export_existing(const Export *e);
/* Writes every file atomically, the charts first and the report last. False with *err on the first failure. */
bool export_write(const Export *e, BoeError *err);
void export_free(Export *e);

#endif
