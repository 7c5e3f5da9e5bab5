/*
 * The interface's line editor without a terminal: keys change the text and
 * the cursor by code point, and the field's scroll keeps the cursor in view,
 * whatever bytes the text holds (a path need not be UTF-8).
 */
#include "testutil.h"

#include <curses.h>

#include "tui/lineedit.h"

/* one column per code point, two for those from U+1100 (lead byte 0xE1 and up) */
static int width(const char *s)
{
	int w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			w += *p >= 0xE1 ? 2 : 1;
	return w;
}

static void keys(LineEdit *le, const int *k, size_t n)
{
	for (size_t i = 0; i < n; i++)
		le_key(le, k[i]);
}

static void test_editing_keys(void **state)
{
	(void)state;
	LineEdit le = {0};
	le_set(&le, "50M * 20");
	assert_int_equal(le.cur, 8);
	const int k1[] = {KEYFN(KEY_BACKSPACE), '5', KEYCTRL('a'), KEYFN(KEY_DC), '7'};
	keys(&le, k1, ARRAY_LEN(k1));
	assert_string_equal(le.buf, "70M * 25");
	assert_int_equal(le.cur, 1);
	const int k2[] = {KEYCTRL('e'), KEYCTRL('w')};
	keys(&le, k2, ARRAY_LEN(k2));
	assert_string_equal(le.buf, "70M * ");
	const int k3[] = {KEYFN(KEY_LEFT), KEYFN(KEY_LEFT), KEYCTRL('k')};
	keys(&le, k3, ARRAY_LEN(k3));
	assert_string_equal(le.buf, "70M ");
	assert_false(le_key(&le, KEYFN(KEY_UP)));
	assert_false(le_key(&le, 0x85)); /* a C1 control is not typed */
	le_free(&le);
}

static void test_code_points(void **state)
{
	(void)state;
	LineEdit le = {0};
	const int k[] = {'2', 0xD7, '3', 0x20AC, KEYFN(KEY_LEFT), KEYFN(KEY_BACKSPACE)};
	keys(&le, k, ARRAY_LEN(k)); /* an editor never set starts empty */
	assert_string_equal(le.buf, "2\xC3\x97\xE2\x82\xAC");
	assert_int_equal(le.cur, 3);
	le_free(&le);
}

/* scroll never passes the cursor, so the cursor's column is never measured backwards */
static void test_scroll_with_bytes_that_are_not_utf8(void **state)
{
	(void)state;
	LineEdit le = {0};
	le_set(&le, "\xBC"); /* a stray continuation byte, as in a Latin-1 file name */
	const int k[] = {KEYCTRL('a'), 'a', 0x4E00};
	keys(&le, k, ARRAY_LEN(k));
	assert_string_equal(le.buf, "a\xE4\xB8\x80\xBC");
	assert_int_equal(le.cur, 4);
	le_fit(&le, 2, width);
	assert_true(le.scroll <= le.cur);
	assert_int_equal(le_span_width(&le, le.scroll, le.cur, width), 0);
	/* and a field of any width keeps it so */
	for (int w = 2; w < 8; w++) {
		le.scroll = 0;
		le_fit(&le, w, width);
		assert_true(le.scroll <= le.cur);
	}
	le_free(&le);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_editing_keys),
		cmocka_unit_test(test_code_points),
		cmocka_unit_test(test_scroll_with_bytes_that_are_not_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
