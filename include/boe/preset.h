/* Finding presets: the search path of spec §1, listing and name lookup. */
#ifndef BOE_PRESET_H
#define BOE_PRESET_H

#include <stdbool.h>
#include <stddef.h>
#include "boe/util.h"

typedef struct PresetInfo {
	char *name, *path, *title, *difficulty, *source, *summary;
	char *error;		/* why the file could not be read ("file:line:col: msg"), or NULL */
	struct Scenario *scenario;	/* the loaded file (not computed); preset_list_free frees it unless taken */
	void *data;		/* what preset_list_then's fn left there (malloc'd); preset_list_free frees it */
} PresetInfo;

/*
 * Directories searched, in order: $BOE_PRESET_PATH, the XDG data dir, the
 * installed presets, then the presets of the source tree the binary was built
 * in. Caller frees with preset_dirs_free.
 */
char **preset_dirs(size_t *n);
void preset_dirs_free(char **dirs, size_t n);
/*
 * Every preset found, first occurrence of a name wins, sorted by name. A file
 * that does not load is listed under its file name with error set. Caller frees.
 */
PresetInfo *preset_list(size_t *n);
/*
 * preset_list, calling fn(ctx, p) on each file loaded, on the thread that
 * loaded it, as soon as it is (p->scenario is NULL when it could not be
 * read): the work on each preset is spread over the cores with the loading.
 * fn may touch only p and what is read-only while they run.
 */
PresetInfo *preset_list_then(size_t *n, void (*fn)(void *ctx, PresetInfo *p), void *ctx);
/* The same list with only each file's header read (name, title, difficulty, source, summary;
   scenario NULL): a file broken past its header is listed, not reported. Finding a preset
   by name, and choosing one, need no more. */
PresetInfo *preset_list_headers(size_t *n);
void preset_list_free(PresetInfo *p, size_t n);
/* Path of the preset called name, or NULL. Caller frees. */
char *preset_find(const char *name);
/* The same; when there is none, *list and *n are the presets it looked through (their
   headers: the names to suggest from), for the caller to free with preset_list_free. */
char *preset_find_or_list(const char *name, PresetInfo **list, size_t *n);
/* True when arg names a file rather than a preset (contains '/' or ends in .yaml/.yml, or is "-"). */
bool preset_arg_is_path(const char *arg);
/* The user preset directory ($XDG_DATA_HOME/boe/presets). Caller frees. */
char *preset_user_dir(void);
/* Directory sub (presets, cards) of the source tree the running binary was built in, or NULL. Caller frees. */
char *preset_tree_dir(const char *sub);
/* $XDG_DATA_HOME/boe/SUB (default ~/.local/share/boe/SUB). Caller frees. */
char *data_user_dir(const char *sub);
/*
 * $XDG_STATE_HOME/boe/FILE (default ~/.local/state/boe/FILE): where the
 * practice history, the card schedule, the mock sheets and the prompt's
 * history are kept. NULL when neither variable gives an absolute place (a
 * relative XDG_STATE_HOME is ignored, as the XDG spec says). Caller frees.
 */
char *state_user_file(const char *file);
/*
 * Where boe's data files of one kind are found, in order: $ENV_VAR
 * (colon-separated), the user's data_user_dir(sub), the installed
 * $(DATADIR)/SUB, the source tree's SUB/. Free with preset_dirs_free.
 */
char **data_dirs(const char *env_var, const char *sub, size_t *n);
/* True when path lies in a directory of shipped presets (installed or ./presets). */
bool preset_is_shipped(const char *path);

#endif
