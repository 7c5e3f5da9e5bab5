/*
 * The interface's input line (src/tui/lineedit.c): a starting text, then
 * keys. After every key the editor's invariants must hold: the text ends at
 * len with its only NUL, the cursor is inside it on a code point boundary
 * (when the text was valid UTF-8), and the field's scroll shows the cursor.
 *
 * Input: one byte of field width, the starting text up to a NUL, then keys:
 * a byte 0xF8-0xFF is a function key (arrows, Home, End, Backspace, Delete,
 * or the next byte as any curses key), 0x80-0xF7 starts a code point from the
 * next two bytes (any int up to 0x7FFFFF, invalid ones included), anything
 * else is that character or control key.
 */
#include <curses.h>

#include "fuzz.h"
#include "tui/lineedit.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* one column per code point, two for those from U+1100: enough to move the scroll */
static int width(const char *s)
{
	int w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		w += *p >= 0xE1 ? 2 : 1;
	}
	return w;
}

static bool valid_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t len = p[i] < 0x80 ? 1 : p[i] < 0xC2 ? 0 : p[i] < 0xE0 ? 2 : p[i] < 0xF0 ? 3 : p[i] < 0xF5 ? 4 : 0;
		if (len == 0 || i + len > n)
			return false;
		for (size_t k = 1; k < len; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
		i += len;
	}
	return true;
}

static void check(const LineEdit *le, bool utf8, int w)
{
	FUZZ_ASSERT(le->len < le->cap, "len %zu, cap %zu", le->len, le->cap);
	FUZZ_ASSERT(le->buf[le->len] == '\0' && strlen(le->buf) == le->len, "text of %zu bytes, len %zu",
		    strlen(le->buf), le->len);
	FUZZ_ASSERT(le->cur <= le->len, "cursor %zu past %zu", le->cur, le->len);
	FUZZ_ASSERT(le->scroll <= le->cur, "scroll %zu past the cursor %zu", le->scroll, le->cur);
	if (utf8) {
		FUZZ_ASSERT(valid_utf8(le->buf, le->len), "the text is no longer UTF-8");
		FUZZ_ASSERT(le->cur == le->len || ((unsigned char)le->buf[le->cur] & 0xC0) != 0x80,
			    "cursor %zu inside a character", le->cur);
		FUZZ_ASSERT(le->scroll == le->len || ((unsigned char)le->buf[le->scroll] & 0xC0) != 0x80,
			    "scroll %zu inside a character", le->scroll);
	}
	/* the cursor is shown: at most w - 1 columns before it, unless one character is wider */
	if (le->scroll < le->cur) {
		size_t next = le->scroll + 1;
		while (next < le->len && ((unsigned char)le->buf[next] & 0xC0) == 0x80)
			next++;
		FUZZ_ASSERT(le_span_width(le, le->scroll, le->cur, width) <= w - 1 || next >= le->cur,
			    "the cursor is off the field");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int fnkeys[] = {KEY_LEFT, KEY_RIGHT, KEY_HOME, KEY_END, KEY_BACKSPACE, KEY_DC, KEY_UP};
	if (size == 0)
		return 0;
	int w = 2 + data[0] % 80;
	size_t i = 1;
	size_t start = i;
	while (i < size && data[i])
		i++;
	char *text = fuzz_string(data + start, i - start);
	i++;
	LineEdit le = {0};
	if (data[0] & 0x80)
		le_set(&le, text); /* otherwise the first key finds an editor never set */
	bool utf8 = valid_utf8(text, strlen(text));
	for (; i < size; i++) {
		unsigned b = data[i];
		int key;
		if (b >= 0xF8) {
			unsigned k = b - 0xF8;
			if (k < sizeof fnkeys / sizeof *fnkeys)
				key = KEYFN(fnkeys[k]);
			else
				key = KEYFN(i + 1 < size ? 0400 + data[++i] : KEY_LEFT);
		} else if (b >= 0x80) {
			key = (int)((b & 0x7F) << 16);
			if (i + 1 < size)
				key |= data[++i] << 8;
			if (i + 1 < size)
				key |= data[++i];
			if (key >= 0xD800 && key < 0xE000)
				utf8 = false; /* a surrogate is encoded as it is, as the terminal sent it */
		} else {
			key = (int)b;
		}
		le_key(&le, key);
		le_fit(&le, w, width);
		check(&le, utf8, w);
	}
	le_free(&le);
	free(text);
	return 0;
}
