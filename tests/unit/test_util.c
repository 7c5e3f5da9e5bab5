/*
 * The name index every long list of names is looked up in: it finds each
 * entry by its name, keeps the first of a name, says -1 for a name it does
 * not hold, and stays right as it grows past each doubling.
 */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
