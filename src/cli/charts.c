/*
 * boe calc -o REPORT.md --charts: the markdown report with its charts as SVG
 * files beside it (export.h plans and writes them). Every file is checked
 * before anything is written, so a refusal leaves nothing half done.
 */
#include "boe/export.h"
#include "cli.h"

bool cli_write_markdown_charts(Scenario *const *list, size_t n, const char *path, bool force)
{
	if (!path[0]) {
		cli_fail("-o needs a file name (got an empty one)");
		return false;
	}
	Export e;
	export_plan(&e, list, n, path, NULL);
	bool ok = true;
	const char *there = force ? NULL : export_existing(&e);
	if (there) {
		cli_fail("%s exists; not overwriting it (use --force to replace the report and its charts)", there);
		ok = false;
	}
	BoeError err;
	if (ok && !export_write(&e, &err)) {
		cli_error(&err);
		ok = false;
	}
	export_free(&e);
	return ok;
}
