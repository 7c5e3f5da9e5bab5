/*
 * Writing files from the interface: the markdown report (the same bytes as
 * `boe calc --format markdown`), the report with its charts beside it as SVG
 * files (as `boe calc -o REPORT.md --charts`), and the scenario as YAML in
 * the user presets directory. Each proposes a path, asks before replacing a
 * file, never writes over a shipped preset, and writes atomically.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "boe/export.h"
#include "boe/fileio.h"
#include "boe/preset.h"
#include "boe/report.h"
#include "tui/tui.h"

static const char *stem(const App *a)
{
	return a->s->name && *a->s->name ? a->s->name : "scenario";
}

int files_export(App *a)
{
	char *path = xasprintf("%s.md", stem(a));
	prompt_open(a, PR_EXPORT, path);
	free(path);
	return UI_REDRAW;
}

int files_export_charts(App *a)
{
	char *path = xasprintf("%s.md", stem(a));
	prompt_open(a, PR_EXPORT_CHARTS, path);
	free(path);
	return UI_REDRAW;
}

/* The report and its charts (export.h): asks before replacing any of them. */
static void write_with_charts(App *a, const char *path, bool force)
{
	Buf extra = {0};
	if (a->base) /* with the baseline shown (b), the report ends with what changed */
		report_markdown_baseline(a->s, a->base, &extra);
	Export e;
	Scenario *one[1] = {a->s};
	export_plan(&e, one, 1, path, &extra);
	buf_free(&extra);
	BoeError err;
	if (!force && export_existing(&e)) {
		prompt_open(a, PR_OVERWRITE, NULL);
		a->prompt.then = PR_EXPORT_CHARTS;
		a->prompt.path = xstrdup(path);
	} else if (!export_write(&e, &err)) {
		char m[800];
		boe_error_format(&err, m, sizeof m);
		app_message(a, ST_ERROR, "not written: %s", m);
	} else if (e.n > 1) {
		app_message(a, ST_OK, "exported the report to %s and its %zu chart%s beside it", path, e.n - 1,
			    e.n == 2 ? "" : "s");
	} else {
		app_message(a, ST_OK, "exported the report to %s (no chart applies to this scenario)", path);
	}
	export_free(&e);
}

/* Whether s->path is a file this interface saved (a save moves the scenario there). */
static bool saved_here(const App *a)
{
	return a->s->path && a->hist.saved_any;
}

int files_save(App *a)
{
	if (saved_here(a)) {
		/* after "save as", the next save goes to the same place */
		prompt_open(a, PR_SAVE, a->s->path);
		return UI_REDRAW;
	}
	char *dir = preset_user_dir();
	char *path = xasprintf("%s/%s.yaml", dir, stem(a));
	prompt_open(a, PR_SAVE, path);
	free(path);
	free(dir);
	return UI_REDRAW;
}

/* "~/x" to "$HOME/x". Caller frees. */
static char *expand(const char *path)
{
	const char *home = getenv("HOME");
	if (path[0] == '~' && path[1] == '/' && home && *home)
		return xasprintf("%s%s", home, path + 1);
	return xstrdup(path);
}

/* Whether writing path would put a file among the shipped presets. */
static bool shipped_target(const char *path)
{
	if (file_exists(path))
		return preset_is_shipped(path);
	/* a new file: is its directory one of shipped presets? ask about a file in it */
	char *dir = file_dir_of(path);
	bool shipped = false;
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *de;
		while (!shipped && (de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			char *p = xasprintf("%s/%s", dir, de->d_name);
			struct stat st;
			if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
				shipped = preset_is_shipped(p);
				free(p);
				break;
			}
			free(p);
		}
		closedir(d);
	}
	free(dir);
	return shipped;
}

void files_write(App *a, PromptKind what, const char *given, bool force)
{
	char *path = expand(given);
	BoeError err;
	char m[800];
	/* the report in the format the name's extension gives (boe calc -o's rule), markdown by default */
	ReportFormat f = REPORT_MARKDOWN;
	if (what != PR_SAVE)
		report_format_for_path(path, &f);
	if (what == PR_EXPORT_CHARTS && f != REPORT_MARKDOWN) {
		app_message(a, ST_ERROR, "not written: the charts go beside a markdown report (REPORT.md)%s",
			    f == REPORT_HTML ? "; an .html report has them inline (e)" : "");
		goto out;
	}
	if (what == PR_EXPORT_CHARTS) {
		write_with_charts(a, path, force);
		goto out;
	}
	if (what == PR_SAVE && shipped_target(path)) {
		app_message(a, ST_ERROR, "%s is among the shipped presets; save under another name or directory", path);
		a->quit_after_save = false;
		goto out;
	}
	if (!force && file_exists(path)) {
		prompt_open(a, PR_OVERWRITE, NULL);
		a->prompt.then = what;
		a->prompt.path = xstrdup(path);
		goto out;
	}
	/* only boe's own presets directory is made when missing; elsewhere a missing
	   directory is more likely a typo than a wish */
	char *dir = file_dir_of(path), *own = preset_user_dir();
	struct stat st;
	bool ok = true;
	if (stat(dir, &st) != 0 && strcmp(dir, own) == 0)
		ok = mkdir_p(dir, &err);
	free(dir);
	free(own);
	if (ok) {
		Buf b = {0};
		if (what == PR_SAVE)
			report_scenario_file(a->s, &b);
		else if (f == REPORT_MARKDOWN)
			report_markdown(a->s, &b);
		else
			report_write(&a->s, 1, f, NULL, &b);
		/* with the baseline shown (b), the markdown report ends with what changed against the file */
		if (what != PR_SAVE && f == REPORT_MARKDOWN && a->base)
			report_markdown_baseline(a->s, a->base, &b);
		ok = file_write_atomic(path, b.s ? b.s : "", b.len, &err);
		buf_free(&b);
	}
	if (!ok) {
		boe_error_format(&err, m, sizeof m);
		app_message(a, ST_ERROR, "not written: %s", m);
		a->quit_after_save = false;
		goto out;
	}
	if (what == PR_SAVE) {
		a->hist.saved = a->hist.pos;
		a->hist.saved_any = true;
		if (!a->s->path || strcmp(a->s->path, path) != 0) {
			free(a->s->path);
			a->s->path = xstrdup(path); /* the header and the next save follow the file */
		}
		/* a command that opens it: a bare word would be read as a preset name */
		bool bare = !preset_arg_is_path(path);
		bool quote = strpbrk(path, " \t'\"$`\\!*?[]();&|<>") != NULL;
		app_message(a, ST_OK, "saved %s  (boe tui %s%s%s%s opens it again)", path, quote ? "'" : "",
			    bare ? "./" : "", path, quote ? "'" : "");
		if (a->quit_after_save)
			a->quit = true;
	} else {
		app_message(a, ST_OK, "exported the report to %s", path);
	}
out:
	free(path);
}
