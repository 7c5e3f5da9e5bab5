/*
 * Input files are read whole, with a size limit; output files are written to
 * a temporary file beside the target, flushed to disk and renamed over it, so
 * a reader never sees half a file and a failure leaves the old one intact.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boe/fileio.h"

/*
 * Reads fd to its end, up to max bytes (one more tells the limit was passed).
 * size: a regular file's size by fstat (-1: not known). A read that stops
 * short at that size is the end: no read more to be told so (one system
 * call fewer for each preset that boe list and calc --all read).
 */
static char *read_all(int fd, size_t max, long long size, size_t *len, bool *too_big, int *errnum)
{
	size_t cap = 4096, n = 0;
	if (size >= 0 && (unsigned long long)size < max && (size_t)size >= cap)
		cap = (size_t)size + 1;
	char *buf = xmalloc(cap + 1);
	*too_big = false;
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				*too_big = true;
				break;
			}
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		size_t want = cap - n;
		ssize_t got = read(fd, buf + n, want);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			*errnum = errno;
			free(buf);
			return NULL;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if ((size_t)got < want && size >= 0 && n == (unsigned long long)size)
			break;
	}
	if (n > max)
		*too_big = true;
	buf[n] = '\0';
	*len = n;
	return buf;
}

char *file_read(const char *path, size_t max, const char *why_small, size_t *len, BoeError *err)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *shown = is_stdin ? "<stdin>" : path;
	int fd = STDIN_FILENO;
	long long size = -1;
	if (!is_stdin) {
		/* non-blocking, so that opening a FIFO with no writer does not hang */
		fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0) {
			boe_error_set(err, shown, 0, 0, "cannot open: %s", strerror(errno));
			return NULL;
		}
		struct stat st;
		if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			const char *what = fstat(fd, &st) != 0 ? "cannot be examined" :
					   S_ISDIR(st.st_mode) ? "is a directory, not a scenario file" :
					   S_ISFIFO(st.st_mode) ? "is a named pipe, not a regular file (use '-' to read standard input)" :
					   S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "is a device, not a regular file" :
					   "is not a regular file";
			close(fd);
			boe_error_set(err, shown, 0, 0, "%s", what);
			return NULL;
		}
		/* (O_NONBLOCK stays: a regular file's reads never block, nor return early for it) */
		size = (long long)st.st_size;
	}
	bool too_big;
	int errnum = 0;
	size_t n = 0;
	char *buf = read_all(fd, max, size, &n, &too_big, &errnum);
	if (!is_stdin)
		close(fd);
	if (!buf) {
		boe_error_set(err, shown, 0, 0, "read error: %s", strerror(errnum));
		return NULL;
	}
	if (too_big) {
		free(buf);
		if (max % (1024 * 1024) == 0)
			boe_error_set(err, shown, 0, 0, "file is larger than %zu MiB%s%s", max / (1024 * 1024),
				      why_small ? "; " : "", why_small ? why_small : "");
		else
			boe_error_set(err, shown, 0, 0, "file is larger than %zu KiB%s%s", max / 1024,
				      why_small ? "; " : "", why_small ? why_small : "");
		return NULL;
	}
	if (len)
		*len = n;
	return buf;
}

bool file_append_atomic(const char *path, const char *line, size_t max, BoeError *err)
{
	char *dir = file_dir_of(path);
	bool ok = mkdir_p(dir, err);
	free(dir);
	size_t n = 0;
	char *old = ok ? file_read_state(path, max, &n, err) : NULL;
	if (!old)
		return false;
	Buf b = {0};
	buf_addn(&b, old, n);
	if (n && old[n - 1] != '\n')
		buf_addc(&b, '\n');
	free(old);
	buf_add(&b, line);
	ok = file_write_atomic(path, b.s, b.len, err);
	buf_free(&b);
	return ok;
}

char *file_read_state(const char *path, size_t max, size_t *len, BoeError *err)
{
	if (!file_exists(path)) {
		*len = 0;
		return xstrdup("");
	}
	return file_read(path, max, NULL, len, err);
}

bool file_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0; /* a dangling symlink is there too */
}

char *file_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *file_write_target(const char *path, BoeError *err)
{
	if (!path[0]) {
		boe_error_set(err, "", 0, 0, "the output file name is empty");
		return NULL;
	}
	char *cur = xstrdup(path);
	for (int hops = 0;; hops++) {
		struct stat st;
		if (lstat(cur, &st) != 0) {
			if (errno == ENOENT)
				break; /* a new file (or the missing target of a link) */
			boe_error_set(err, path, 0, 0, "cannot write: %s", strerror(errno));
			free(cur);
			return NULL;
		}
		if (S_ISREG(st.st_mode))
			break;
		if (!S_ISLNK(st.st_mode)) {
			boe_error_set(err, path, 0, 0, "%s; boe writes only regular files",
				      S_ISDIR(st.st_mode) ? "is a directory" :
				      S_ISFIFO(st.st_mode) ? "is a named pipe" :
				      S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "is a device" :
				      "is not a regular file");
			free(cur);
			return NULL;
		}
		if (hops >= 40) {
			boe_error_set(err, path, 0, 0, "too many levels of symbolic links");
			free(cur);
			return NULL;
		}
		/* write through the link to its target, so the link stays */
		char target[4096];
		ssize_t n = readlink(cur, target, sizeof target - 1);
		if (n < 0 || (size_t)n >= sizeof target - 1) {
			boe_error_set(err, path, 0, 0, "cannot read the symbolic link: %s",
				      n < 0 ? strerror(errno) : "target too long");
			free(cur);
			return NULL;
		}
		target[n] = '\0';
		char *next;
		if (target[0] == '/') {
			next = xstrdup(target);
		} else {
			char *dir = file_dir_of(cur);
			next = xasprintf("%s/%s", dir, target);
			free(dir);
		}
		free(cur);
		cur = next;
	}
	char *dir = file_dir_of(cur);
	struct stat st;
	bool ok = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
	if (!ok)
		boe_error_set(err, path, 0, 0, "cannot write: the directory %s does not exist", dir);
	free(dir);
	if (!ok) {
		free(cur);
		return NULL;
	}
	return cur;
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

#define TMP_PREFIX ".boe-tmp-"

/*
 * Temporary files left by a writer that was killed: ".boe-tmp-PID-XXXXXX"
 * whose process is gone, owned by us. Removed before each write into dir.
 */
static void remove_stale_temps(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	size_t plen = strlen(TMP_PREFIX);
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, TMP_PREFIX, plen) != 0)
			continue;
		char *end;
		long pid = strtol(de->d_name + plen, &end, 10);
		if (pid <= 0 || *end != '-' || (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue;
		char *p = xasprintf("%s/%s", dir, de->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid())
			unlink(p);
		free(p);
	}
	closedir(d);
}

bool file_write_atomic(const char *path, const char *data, size_t n, BoeError *err)
{
	char *target = file_write_target(path, err);
	if (!target)
		return false;
	char *dir = file_dir_of(target);
	remove_stale_temps(dir);
	char *tmp = xasprintf("%s/" TMP_PREFIX "%ld-XXXXXX", dir, (long)getpid());
	free(dir);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		boe_error_set(err, path, 0, 0, "cannot write: %s", strerror(errno));
		free(tmp);
		free(target);
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
	if (fchmod(fd, stat(target, &st) == 0 ? (st.st_mode & 07777) : 0644) != 0)
		goto fail;
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, target) != 0)
		goto fail;
	free(tmp);
	free(target);
	return true;
fail:
	boe_error_set(err, path, 0, 0, "cannot write: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	free(target);
	return false;
}
