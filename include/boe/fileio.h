/* Reading input files with limits and writing output files atomically. */
#ifndef BOE_FILEIO_H
#define BOE_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include "boe/util.h"

/* Reads path ("-" = stdin) up to max bytes. Returns a NUL-terminated buffer (caller frees) or NULL with err. */
char *file_read(const char *path, size_t max, size_t *len, BoeError *err);
/* Writes data to path through a temporary file in the same directory, fsync and rename. */
bool file_write_atomic(const char *path, const char *data, size_t n, BoeError *err);
bool file_exists(const char *path);
/* Creates dir and its parents (mode 0755). */
bool mkdir_p(const char *dir, BoeError *err);

#endif
