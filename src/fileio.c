/*
 * Input files are read whole, with a size limit; output files are written to
 * a temporary file beside the target, flushed to disk and renamed over it, so
 * a reader never sees half a file and a failure leaves the old one intact.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boe/fileio.h"

char *file_read(const char *path, size_t max, size_t *len, BoeError *err)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *shown = is_stdin ? "<stdin>" : path;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		boe_error_set(err, shown, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (!is_stdin) {
		struct stat st;
		if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
			fclose(f);
			boe_error_set(err, shown, 0, 0, "is a directory, not a scenario file");
			return NULL;
		}
	}
	size_t cap = 4096, n = 0;
	char *buf = xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap > max) /* read one byte past the limit to know it is exceeded */
				break;
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	bool bad = ferror(f);
	if (!is_stdin)
		fclose(f);
	if (bad) {
		free(buf);
		boe_error_set(err, shown, 0, 0, "read error");
		return NULL;
	}
	if (n > max) {
		free(buf);
		boe_error_set(err, shown, 0, 0, "file is larger than %zu KiB; scenario files are small",
			      max / 1024);
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

bool mkdir_p(const char *dir, BoeError *err)
{
	char *p = xstrdup(dir);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST) {
			boe_error_set(err, p, 0, 0, "cannot create directory: %s", strerror(errno));
			free(p);
			return false;
		}
		*s = '/';
	}
	if (mkdir(p, 0755) != 0 && errno != EEXIST) {
		boe_error_set(err, p, 0, 0, "cannot create directory: %s", strerror(errno));
		free(p);
		return false;
	}
	free(p);
	return true;
}

bool file_write_atomic(const char *path, const char *data, size_t n, BoeError *err)
{
	char *copy = xstrdup(path);
	char *dir = xstrdup(dirname(copy));
	free(copy);
	char *tmp = xasprintf("%s/.boe-tmp-XXXXXX", dir);
	free(dir);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		boe_error_set(err, path, 0, 0, "cannot write: %s", strerror(errno));
		free(tmp);
		return false;
	}
	const char *p = data;
	size_t left = n;
	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += w;
		left -= (size_t)w;
	}
	/* keep the mode of a file being replaced; new files get 0644 */
	struct stat st;
	fchmod(fd, stat(path, &st) == 0 ? (st.st_mode & 07777) : 0644);
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	free(tmp);
	return true;
fail:
	boe_error_set(err, path, 0, 0, "cannot write: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return false;
}
