/*
 * Writing files from the interface: the markdown report (the same bytes as
 * `boe calc --format markdown`) and the scenario as YAML in the user presets
 * directory. Both propose a path, ask before replacing a file, never write
 * over a shipped preset, and write atomically.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

int files_save(App *a)
{
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

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Whether writing path would put a file among the shipped presets. */
static bool shipped_target(const char *path)
{
	if (file_exists(path))
		return preset_is_shipped(path);
	/* a new file: is its directory one of shipped presets? ask about a file in it */
	char *dir = dir_of(path);
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
	char *dir = dir_of(path);
	bool ok = mkdir_p(dir, &err);
	free(dir);
	if (ok) {
		Buf b = {0};
		if (what == PR_SAVE)
			report_scenario_file(a->s, &b);
		else
			report_markdown(a->s, &b);
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
		app_message(a, ST_OK, "saved %s  (boe tui %s opens it again)", path, stem(a));
		if (a->quit_after_save)
			a->quit = true;
	} else {
		app_message(a, ST_OK, "exported the report to %s", path);
	}
out:
	free(path);
}
