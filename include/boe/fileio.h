/* Reading input files with limits and writing output files atomically. */
#ifndef BOE_FILEIO_H
#define BOE_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include "boe/util.h"

/*
 * Reads path ("-" = stdin) up to max bytes. Returns a NUL-terminated buffer
 * (caller frees) or NULL with err; why_small (or NULL) ends the message of a
 * file over the limit ("scenario files are small").
 */
char *file_read(const char *path, size_t max, const char *why_small, size_t *len, BoeError *err);
/*
 * The file a write to path lands in: path itself, or through symbolic links
 * their final target (a missing target is created there). NULL with err when
 * path is empty, when what is there is not a regular file (a device, a FIFO,
 * a directory), or when its directory does not exist. Caller frees.
 */
char *file_write_target(const char *path, BoeError *err);
/*
 * Writes data to file_write_target(path) through a temporary file in the same
 * directory (".boe-tmp-PID-…"; ones left by a killed writer are removed),
 * fsync and rename, so a reader never sees half a file.
 */
bool file_write_atomic(const char *path, const char *data, size_t n, BoeError *err);
/* The directory part of path: "." for a bare name, "/" at the root. Caller frees. */
char *file_dir_of(const char *path);
/*
 * A state file of boe's own (a schedule, the mock sheets): its text, or ""
 * when there is none yet. NULL with err when it exists but cannot be read.
 */
char *file_read_state(const char *path, size_t max, size_t *len, BoeError *err);
/*
 * Appends line (ending in a newline) to the state file path, creating its
 * directory and the file when missing: the whole file is written again
 * atomically, so a reader sees it before or after, never half.
 */
bool file_append_atomic(const char *path, const char *line, size_t max, BoeError *err);
/* Whether anything is at path (a dangling symbolic link counts). */
bool file_exists(const char *path);
/* Creates dir and its parents (mode 0755). */
bool mkdir_p(const char *dir, BoeError *err);

#endif
