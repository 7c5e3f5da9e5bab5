/*
 * The name index every long list of names is looked up in: it finds each
 * entry by its name, keeps the first of a name, says -1 for a name it does
 * not hold, and stays right as it grows past each doubling. And file_read,
 * which reads a regular file in one call when it stops short at the size
 * fstat gave: every size around its buffer's edges and its limit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "boe/fileio.h"
#include "testutil.h"

typedef struct Names {
	char **v;
	size_t n;
} Names;

static const char *name_at(const void *ctx, int i)
{
	return ((const Names *)ctx)->v[i];
}

static void test_name_index(void **state)
{
	(void)state;
	Names names = {xcalloc(50001, sizeof(char *)), 0};
	NameIndex x;
	name_index_init(&x, name_at, &names);
	assert_int_equal(name_index_find(&x, "anything"), -1); /* empty */
	for (int i = 0; i < 50000; i++) {
		/* every tenth name repeats the one before it: the first keeps the name */
		names.v[i] = i % 10 == 9 ? xstrdup(names.v[i - 1]) : xasprintf("name_%d", i);
		names.n++;
		name_index_add(&x, i);
		if (i == 0 || i == 31 || i == 32 || i == 1000 || i == 49999)
			for (int k = 0; k <= i; k++) {
				int want = k % 10 == 9 ? k - 1 : k;
				assert_int_equal(name_index_find(&x, names.v[k]), want);
			}
	}
	assert_int_equal(x.n, 45000);
	assert_true(x.cap >= 2 * x.n);
	assert_int_equal(name_index_find(&x, "name_50000"), -1);
	assert_int_equal(name_index_find(&x, ""), -1);
	assert_int_equal(name_index_find(&x, "name_"), -1);
	name_index_free(&x);
	assert_int_equal(name_index_find(&x, "name_1"), -1); /* freed: empty again */
	for (size_t i = 0; i < names.n; i++)
		free(names.v[i]);
	free(names.v);
}

static void test_file_read_every_edge(void **state)
{
	(void)state;
	char dir[] = "/tmp/boe-fileread-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = xasprintf("%s/f.yaml", dir);
	const size_t max = 16384;
	static const size_t sizes[] = {0, 1, 4095, 4096, 4097, 8191, 8192, 8193, 16383, 16384, 16385, 40000};
	for (size_t i = 0; i < ARRAY_LEN(sizes); i++) {
		size_t n = sizes[i];
		char *want = xmalloc(n + 1);
		for (size_t k = 0; k < n; k++)
			want[k] = (char)('a' + (k * 7 + n) % 26);
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(want, 1, n, f), n);
		assert_int_equal(fclose(f), 0);
		size_t len = 12345;
		BoeError err;
		char *got = file_read(path, max, "why", &len, &err);
		if (n > max) {
			assert_null(got);
			assert_non_null(strstr(err.msg, "larger than 16 KiB; why"));
		} else {
			assert_non_null(got);
			assert_int_equal(len, n);
			assert_memory_equal(got, want, n);
			assert_int_equal(got[n], '\0');
		}
		free(got);
		free(want);
	}
	/* a directory and a missing file say what they are */
	BoeError err;
	size_t len;
	assert_null(file_read(dir, max, NULL, &len, &err));
	assert_non_null(strstr(err.msg, "is a directory"));
	assert_int_equal(unlink(path), 0);
	assert_null(file_read(path, max, NULL, &len, &err));
	assert_non_null(strstr(err.msg, "cannot open"));
	assert_int_equal(rmdir(dir), 0);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_index),
		cmocka_unit_test(test_file_read_every_edge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
