/*
 * Presets are scenario files found by name along a search path:
 * $BOE_PRESET_PATH (colon-separated), $XDG_DATA_HOME/boe/presets (default
 * ~/.local/share/boe/presets), the installed data directory, then the
 * presets/ of the source tree the binary was built from (so a copy of the
 * binary elsewhere still finds them). The current directory's ./presets is not
 * searched: an unrelated checkout there must not change what a name means.
 * The first file of a name wins.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boe/parallel.h"
#include "boe/preset.h"
#include "boe/scenario.h"

#ifndef BOE_DATADIR
#define BOE_DATADIR "/usr/local/share/boe"
#endif
#ifndef BOE_SRCDIR
#define BOE_SRCDIR ""
#endif

char *data_user_dir(const char *sub)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/boe/%s", xdg, sub);
	const char *home = getenv("HOME");
	return xasprintf("%s/.local/share/boe/%s", home && *home ? home : ".", sub);
}

char *state_user_file(const char *file)
{
	const char *state = getenv("XDG_STATE_HOME");
	if (state && state[0] == '/')
		return xasprintf("%s/boe/%s", state, file);
	const char *home = getenv("HOME");
	if (home && home[0])
		return xasprintf("%s/.local/state/boe/%s", home, file);
	return NULL;
}

char *preset_user_dir(void)
{
	return data_user_dir("presets");
}

/*
 * The directories of data_dirs: each one's device and inode, so that one
 * listed twice (./presets is often the source tree's) is read once.
 */
typedef struct DirList {
	char **dirs;
	struct stat *st;	/* st_ino 0: it does not exist (nothing to compare) */
	size_t n;
} DirList;

/* Adds d unless it is a directory already listed. */
static void push(DirList *l, char *d)
{
	struct stat st;
	if (stat(d, &st) != 0)
		st.st_ino = 0;
	for (size_t i = 0; st.st_ino && i < l->n; i++)
		if (l->st[i].st_ino == st.st_ino && l->st[i].st_dev == st.st_dev) {
			free(d);
			return;
		}
	l->dirs = xrealloc(l->dirs, (l->n + 1) * sizeof *l->dirs);
	l->st = xrealloc(l->st, (l->n + 1) * sizeof *l->st);
	l->st[l->n] = st;
	l->dirs[l->n++] = d;
}

/* Whether root is a boe source tree with a directory sub (presets/, cards/ beside a Makefile). */
static bool tree_presets(const char *root, const char *sub, char **out)
{
	char *dir = xasprintf("%s/%s", root, sub), *mk = xasprintf("%s/Makefile", root);
	struct stat st;
	bool ok = stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && stat(mk, &st) == 0;
	free(mk);
	if (ok)
		*out = dir;
	else
		free(dir);
	return ok;
}

/*
 * The presets of the source tree the binary was built from: the tree named at
 * build time, else the one around the running binary (build/boe or ./boe in a
 * tree that has moved). NULL when neither has them.
 */
char *preset_tree_dir(const char *sub)
{
	char *dir = NULL;
	if (BOE_SRCDIR[0] && tree_presets(BOE_SRCDIR, sub, &dir))
		return dir;
	char exe[4096];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len <= 0)
		return NULL;
	exe[len] = '\0';
	for (int up = 0; up < 2; up++) {
		char *slash = strrchr(exe, '/');
		if (!slash)
			return NULL;
		*slash = '\0';
		if (tree_presets(exe, sub, &dir))
			return dir;
	}
	return NULL;
}

char **data_dirs(const char *env_var, const char *sub, size_t *n)
{
	DirList l = {0};
	const char *env = getenv(env_var);
	if (env && *env) {
		char *copy = xstrdup(env), *save = NULL;
		for (char *t = strtok_r(copy, ":", &save); t; t = strtok_r(NULL, ":", &save))
			push(&l, xstrdup(t));
		free(copy);
	}
	push(&l, data_user_dir(sub));
	push(&l, xasprintf("%s/%s", BOE_DATADIR, sub));
	char *tree = preset_tree_dir(sub);
	if (tree)
		push(&l, tree);
	free(l.st);
	*n = l.n;
	return l.dirs;
}

char **preset_dirs(size_t *n)
{
	return data_dirs("BOE_PRESET_PATH", "presets", n);
}

void preset_dirs_free(char **dirs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
}

static void info_free(PresetInfo *p);

static bool yaml_name(const char *f)
{
	size_t l = strlen(f);
	return f[0] != '.' && ((l > 5 && strcmp(f + l - 5, ".yaml") == 0) ||
			       (l > 4 && strcmp(f + l - 4, ".yml") == 0));
}

static int cmp_info(const void *a, const void *b)
{
	return strcmp(((const PresetInfo *)a)->name, ((const PresetInfo *)b)->name);
}

/* One file of the search path: loaded whole (full), or only its header; error set when it cannot be read. */
static void read_one(const char *path, bool full, PresetInfo *out)
{
	BoeError err;
	if (full) {
		Scenario *s = scenario_load_file(path, &err);
		if (s) {
			*out = (PresetInfo){.name = xstrdup(s->name), .title = xstrdup(s->title),
					    .difficulty = xstrdup(s->difficulty ? s->difficulty : ""),
					    .source = xstrdup(s->source ? s->source : ""),
					    .summary = xstrdup(s->summary ? s->summary : ""), .scenario = s};
			return;
		}
	} else {
		ScenarioHeader h;
		if (scenario_read_header(path, &h, &err)) {
			*out = (PresetInfo){.name = h.name, .title = h.title, .difficulty = h.difficulty,
					    .source = h.source, .summary = h.summary};
			return;
		}
	}
	char msg[1024];
	boe_error_format(&err, msg, sizeof msg);
	const char *file = strrchr(path, '/') + 1;
	*out = (PresetInfo){.name = xstrndup(file, strcspn(file, ".")), .title = xstrdup(""),
			    .difficulty = xstrdup(""), .source = xstrdup(""), .summary = xstrdup(""),
			    .error = xstrdup(msg)};
}

/* The files of the search path, in order, read on several threads (parallel_for). */
typedef struct Found {
	char **paths;
	PresetInfo *info;
	bool full;
	void (*then)(void *ctx, PresetInfo *p);
	void *ctx;
} Found;

static void read_found(void *ctx, size_t i)
{
	Found *f = ctx;
	read_one(f->paths[i], f->full, &f->info[i]);
	f->info[i].path = f->paths[i];
	if (f->then)
		f->then(f->ctx, &f->info[i]);
}

static PresetInfo *list_presets(size_t *n, bool full, void (*then)(void *ctx, PresetInfo *p), void *ctx)
{
	size_t nd;
	char **dirs = preset_dirs(&nd);
	Found f = {.full = full, .then = then, .ctx = ctx};
	size_t nf = 0, cap = 0;
	for (size_t d = 0; d < nd; d++) {
		DIR *dir = opendir(dirs[d]);
		if (!dir)
			continue;
		struct dirent *de;
		while ((de = readdir(dir)) != NULL) {
			if (!yaml_name(de->d_name))
				continue;
			if (nf == cap) {
				cap = cap ? 2 * cap : 64;
				f.paths = xrealloc(f.paths, cap * sizeof *f.paths);
			}
			f.paths[nf++] = xasprintf("%s/%s", dirs[d], de->d_name);
		}
		closedir(dir);
	}
	preset_dirs_free(dirs, nd);
	f.info = xcalloc(nf + 1, sizeof *f.info);
	if (full)
		parallel_for(nf, read_found, &f);
	else /* a header is read in microseconds: not worth a thread */
		for (size_t i = 0; i < nf; i++)
			read_found(&f, i);
	/* in the search path's order the first file of a name wins (one that failed has none) */
	*n = 0;
	for (size_t i = 0; i < nf; i++) {
		bool dup = false;
		for (size_t k = 0; !f.info[i].error && k < *n && !dup; k++)
			dup = strcmp(f.info[k].name, f.info[i].name) == 0;
		if (dup)
			info_free(&f.info[i]);
		else
			f.info[(*n)++] = f.info[i];
	}
	free(f.paths);
	if (!*n) { /* none found: no list, as callers expect */
		free(f.info);
		return NULL;
	}
	qsort(f.info, *n, sizeof *f.info, cmp_info);
	return f.info;
}

PresetInfo *preset_list(size_t *n)
{
	return list_presets(n, true, NULL, NULL);
}

PresetInfo *preset_list_then(size_t *n, void (*fn)(void *ctx, PresetInfo *p), void *ctx)
{
	return list_presets(n, true, fn, ctx);
}

PresetInfo *preset_list_headers(size_t *n)
{
	return list_presets(n, false, NULL, NULL);
}

static void info_free(PresetInfo *p)
{
	free(p->name);
	free(p->path);
	free(p->title);
	free(p->difficulty);
	free(p->source);
	free(p->summary);
	free(p->error);
	free(p->data);
	scenario_free(p->scenario);
}

void preset_list_free(PresetInfo *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		info_free(&p[i]);
	free(p);
}

char *preset_find_or_list(const char *name, PresetInfo **list_out, size_t *n_out)
{
	size_t nd;
	char **dirs = preset_dirs(&nd);
	char *found = NULL;
	/* the usual case: the file is named after the preset */
	for (size_t d = 0; d < nd && !found; d++) {
		static const char *exts[] = {".yaml", ".yml"};
		for (size_t e = 0; e < 2 && !found; e++) {
			char *path = xasprintf("%s/%s%s", dirs[d], name, exts[e]);
			struct stat st;
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
				found = path;
			else
				free(path);
		}
	}
	preset_dirs_free(dirs, nd);
	if (found)
		return found;
	size_t n;
	PresetInfo *list = preset_list_headers(&n); /* a name is in the header: nothing is loaded whole */
	for (size_t i = 0; i < n && !found; i++)
		if (strcmp(list[i].name, name) == 0)
			found = xstrdup(list[i].path);
	if (!found && list_out) {
		*list_out = list;
		*n_out = n;
	} else {
		preset_list_free(list, n);
	}
	return found;
}

char *preset_find(const char *name)
{
	return preset_find_or_list(name, NULL, NULL);
}

bool preset_arg_is_path(const char *arg)
{
	size_t l = strlen(arg);
	return strcmp(arg, "-") == 0 || strchr(arg, '/') ||
	       (l > 5 && strcmp(arg + l - 5, ".yaml") == 0) || (l > 4 && strcmp(arg + l - 4, ".yml") == 0);
}

bool preset_is_shipped(const char *path)
{
	char *real = realpath(path, NULL);
	if (!real)
		return false;
	bool shipped = false;
	char *tree = preset_tree_dir("presets");
	const char *roots[] = {BOE_DATADIR "/presets", tree ? tree : BOE_DATADIR "/presets"};
	for (size_t i = 0; i < ARRAY_LEN(roots) && !shipped; i++) {
		char *r = realpath(roots[i], NULL);
		if (r) {
			size_t l = strlen(r);
			shipped = strncmp(real, r, l) == 0 && real[l] == '/';
			free(r);
		}
	}
	free(tree);
	free(real);
	return shipped;
}
