/*
 * Scenario files: loading every part of the schema, and every error of the
 * issue's "Bad input" list with the exact file:line:col and the key part of
 * its message. The fixtures live in tests/fixtures/bad (their expected
 * positions are also listed in tests/fixtures/bad/EXPECT for the CLI test).
 */
#include <dirent.h>
#include <unistd.h>

#include "testutil.h"

#define BAD(name) FIXTURESDIR "/bad/" name
#define GOOD(name) FIXTURESDIR "/good/" name

/* Whether a directory entry is a scenario file (NAME.yaml). */
static bool yaml_file(const char *name)
{
	size_t l = strlen(name);
	return l >= 5 && strcmp(name + l - 5, ".yaml") == 0;
}

/* Loads fixture bad/name and asserts the error starts with "<path>:<pos>: " and contains part. */
#define assert_bad_fixture(name, pos, part)                                                 \
	do {                                                                                \
		char m_[1024], want_[512];                                                  \
		tu_load_file_error(BAD(name), m_);                                          \
		snprintf(want_, sizeof want_, "%s:%s: ", BAD(name), pos);                   \
		if (strncmp(m_, want_, strlen(want_)) != 0) {                               \
			print_error("error \"%s\" does not start with \"%s\"\n", m_, want_); \
			fail();                                                             \
		}                                                                           \
		assert_contains(m_, part);                                                  \
	} while (0)

/* The same for inline text, named "inline.yaml". */
#define assert_bad_text(text, pos, part)                                                    \
	do {                                                                                \
		char m_[1024];                                                              \
		const char *t_ = (text);                                                    \
		tu_load_error(t_, strlen(t_), "inline.yaml", m_);                           \
		const char *w_ = "inline.yaml:" pos ": ";                                   \
		if (strncmp(m_, w_, strlen(w_)) != 0) {                                     \
			print_error("error \"%s\" does not start with \"%s\"\n", m_, w_);   \
			fail();                                                             \
		}                                                                           \
		assert_contains(m_, part);                                                  \
	} while (0)

/* ---- loading ---- */

static void test_load_full_file(void **state)
{
	(void)state;
	BoeError err;
	Scenario *s = scenario_load_file(GOOD("shop.yaml"), &err);
	if (!s) {
		char m[1024];
		boe_error_format(&err, m, sizeof m);
		print_error("%s\n", m);
		fail();
	}
	assert_true(scenario_compute(s, &err));
	assert_string_equal(s->name, "shop");
	assert_string_equal(s->title, "Cake Shop | Orders & \"Reviews\"");
	assert_string_equal(s->difficulty, "medium");
	assert_string_equal(s->summary, "50M DAU x 20 requests, 2 KB responses");
	assert_non_null(s->source);
	assert_contains(s->notes, "Second line with a | pipe.\n");
	assert_string_equal(s->path, GOOD("shop.yaml"));
	/* set values, with their origin, text, note and position */
	Quantity *q = &s->q[tu_q(s, "object_size")];
	assert_int_equal(q->origin, ORIGIN_SET);
	assert_string_equal(q->text, "2 KB");
	assert_string_equal(q->note, "one product page");
	assert_int_equal(q->line, 14);
	assert_exact(q->value, 2000);
	q = &s->q[tu_q(s, "dau")];
	assert_int_equal(q->line, 11);
	assert_int_equal(q->col, 8);
	assert_exact(q->value, 50e6);
	/* defines, in order, with display units */
	q = &s->q[tu_q(s, "daily_requests")];
	assert_int_equal(q->origin, ORIGIN_DEFINE);
	assert_near(q->value, 1e9, 1e-12);
	q = &s->q[tu_q(s, "peak_egress_bits")];
	assert_string_equal(q->note, "the source says ~560 Mbps");
	char v[64];
	scenario_format_value(s, tu_q(s, "peak_egress_bits"), NULL, v, sizeof v);
	/* 50M * 20 / day * 100/101 * 3 * 2 KB * 8 bits = 550 Mbps */
	assert_string_equal(v, "550 Mbps");
	/* expect, availability and latency */
	assert_int_equal(s->nchecks, 4);
	assert_near(s->checks[0].tolerance, 0.01, 1e-12);
	assert_near(s->checks[2].tolerance, 0.10, 1e-12);
	assert_int_equal(s->checks[0].line, 20);
	assert_int_equal(s->ntiers, 3);
	assert_int_equal(s->nhops, 2);
	assert_int_equal(scenario_failed_checks(s), 0);
	scenario_free(s);
}

static void test_minimal_and_plain_values(void **state)
{
	(void)state;
	/* only the version: the default scenario, named after the file */
	BoeError err;
	const char *y = "boe: 1\n";
	Scenario *s = scenario_load_string(y, strlen(y), "dir/my-shop.yaml", &err);
	assert_non_null(s);
	assert_string_equal(s->name, "my-shop");
	assert_true(scenario_compute(s, &err));
	assert_exact(tu_val(s, "dau"), 10e6);
	scenario_free(s);
	/* a bare YAML number is a dimensionless number; quoted strings are expressions */
	s = tu_load("boe: 1\nset:\n  peak_factor: 2.5\n  reads_per_write: \"10\"\n  dau: '1,500,000'\n");
	assert_exact(tu_val(s, "peak_factor"), 2.5);
	assert_exact(tu_val(s, "reads_per_write"), 10);
	assert_exact(tu_val(s, "dau"), 1.5e6);
	scenario_free(s);
	/* comments, a document start and block scalars are fine */
	s = tu_load("# a comment\n---\nboe: 1   # version\nnotes: >\n  folded\n  text\nset:\n  dau: 2M # users\n");
	assert_exact(tu_val(s, "dau"), 2e6);
	assert_contains(s->notes, "folded text");
	scenario_free(s);
	/* a quoted expression reports columns inside the quotes */
	assert_bad_text("boe: 1\nset:\n  dau: \"5 MBs\"\n", "3:11", "unknown unit 'MBs'");
}

/* ---- the bad-input list of the issue, one by one ---- */

static void test_invalid_yaml(void **state)
{
	(void)state;
	/* an unclosed flow sequence: found when the next key starts */
	assert_bad_fixture("invalid-yaml.yaml", "5:14", "invalid YAML");
	assert_bad_fixture("invalid-yaml.yaml", "5:14", "flow sequence");
	assert_bad_text("boe: 1\nset:\n  dau: \"10M\n", "4:1", "invalid YAML");
	assert_bad_text("boe: 1\nset: {dau: 1M\n", "3:1", "invalid YAML");
	/* two documents */
	assert_bad_text("boe: 1\n---\nboe: 1\n", "2:1", "one YAML document");
}

static void test_tabs_and_indentation(void **state)
{
	(void)state;
	assert_bad_fixture("tabs.yaml", "3:1", "tab character");
	assert_bad_fixture("indentation.yaml", "4:3", "invalid YAML");
	assert_bad_fixture("indentation.yaml", "4:3", "indentation");
	assert_bad_text("boe: 1\nset:\n  dau: 1M\n\tpeak_factor: 5\n", "4:1", "tab");
}

static void test_scalar_where_mapping_expected(void **state)
{
	(void)state;
	assert_bad_fixture("scalar-for-mapping.yaml", "2:6", "'set' should be a mapping, not a scalar");
	assert_bad_text("boe: 1\ndefine: [a, b]\n", "2:9", "'define' should be a mapping, not a sequence");
	assert_bad_text("boe: 1\nexpect: 5\n", "2:9", "should be a mapping");
	assert_bad_text("boe: 1\navailability: 99.9%\n", "2:15", "should be a mapping");
	assert_bad_text("boe: 1\nset:\n", "2:5", "'set' is empty");
	assert_bad_text("- boe: 1\n", "1:1", "mapping");
	assert_bad_text("just text\n", "1:1", "mapping");
	assert_bad_text("boe: 1\nname: [a]\n", "2:7", "'name' should be text");
}

static void test_unknown_keys(void **state)
{
	(void)state;
	assert_bad_fixture("unknown-key.yaml", "2:1", "unknown key 'titel' in a scenario (did you mean 'title'?)");
	/* without a close match, the known keys are listed */
	assert_bad_text("boe: 1\nzzzzzz: 1\n", "2:1", "unknown key 'zzzzzz'");
	assert_bad_text("boe: 1\nzzzzzz: 1\n", "2:1", "latency_budget");
	/* inside blocks too */
	assert_bad_text("boe: 1\nset:\n  dau: { value: 1M, nots: x }\n", "3:21", "did you mean 'note'");
	assert_bad_text("boe: 1\navailability:\n  tiers:\n    - { name: a, availability: 99%, replica: 2 }\n",
			"4:37", "did you mean 'replicas'");
	assert_bad_text("boe: 1\navailability:\n  teirs: []\n", "3:3", "did you mean 'tiers'");
	assert_bad_text("boe: 1\nlatency_budget:\n  target: 1 s\n  hops:\n    - { name: a, tme: 1 s }\n",
			"5:18", "did you mean 'time'");
	assert_bad_fixture("duplicate-key.yaml", "3:1", "duplicate key 'name'");
}

static void test_unknown_set_name(void **state)
{
	(void)state;
	assert_bad_fixture("unknown-set-name.yaml", "4:3",
			   "'peak_factr' is not a standard quantity (did you mean 'peak_factor'?)");
	/* no close name: point to define */
	assert_bad_text("boe: 1\nset:\n  my_own_thing: 5\n", "3:3", "define");
	/* a define cannot be set either */
	assert_bad_text("boe: 1\ndefine:\n  extra: 5\nset:\n  extra: 6\n", "5:3", "not a standard quantity");
}

static void test_define_shadowing(void **state)
{
	(void)state;
	assert_bad_fixture("define-shadows.yaml", "3:3", "'dau' is a standard quantity");
	assert_bad_text("boe: 1\ndefine:\n  peak_qps: 5/s\n", "3:3", "standard quantity");
	/* other bad define names */
	assert_bad_text("boe: 1\ndefine:\n  MyName: 5\n", "3:3", "not a valid name");
	assert_bad_text("boe: 1\ndefine:\n  ms: 5\n", "3:3", "is a unit");
	assert_bad_text("boe: 1\ndefine:\n  latency_total: 5 ms\n", "3:3", "reserved");
}

static void test_unknown_unit(void **state)
{
	(void)state;
	/* spec §1's example: unknown unit 'MBs' (did you mean 'MB/s'?) */
	assert_bad_fixture("unknown-unit.yaml", "4:18", "unknown unit 'MBs' (did you mean 'MB/s'?)");
	assert_bad_text("boe: 1\nset:\n  object_size: 2 kilobites\n", "3:18", "unknown unit 'kilobites'");
	assert_bad_text("boe: 1\nset:\n  object_size: 2 mb\n", "3:18", "did you mean 'MB'");
	/* an unknown name in a formula */
	assert_bad_text("boe: 1\ndefine:\n  x: peak_qsp * 2\n", "3:6", "did you mean 'peak_qps'");
}

static void test_dimension_mismatch(void **state)
{
	(void)state;
	assert_bad_fixture("dimension-mismatch.yaml", "3:15", "cannot add data and time");
	/* a set value of the wrong dimension names both */
	assert_bad_text("boe: 1\nset:\n  service_time: 20 KB\n", "3:17", "data");
	assert_bad_text("boe: 1\nset:\n  service_time: 20 KB\n", "3:17", "time");
	assert_bad_text("boe: 1\ndefine:\n  x: max(1 s, 1 KB)\n", "3:15", "cannot compare time and data");
	assert_bad_text("boe: 1\ndefine:\n  x: peak_qps + dau\n", "3:15", "cannot add 1/time and count");
}

static void test_cycle(void **state)
{
	(void)state;
	assert_bad_fixture("cycle.yaml", "3:10", "cycle: alpha -> beta -> alpha");
}

static void test_division_by_zero(void **state)
{
	(void)state;
	assert_bad_fixture("division-by-zero.yaml", "3:8", "division by zero");
	assert_bad_text("boe: 1\ndefine:\n  x: 5 GB / 0 s\n", "3:6", "division by zero");
	/* a set value that makes a standard formula divide by zero: point at the set value */
	assert_bad_fixture("division-by-zero-downstream.yaml", "3:23", "division by zero");
}

static void test_overflow_and_nan(void **state)
{
	(void)state;
	assert_bad_fixture("overflow.yaml", "3:9", "overflow");
	assert_bad_fixture("not-a-number.yaml", "3:6", "not a number");
	assert_bad_text("boe: 1\ndefine:\n  x: exp(1000)\n", "3:6", "overflow");
	/* a literal too large for a double is an overflow too, not a silent infinity */
	assert_bad_fixture("overflow-literal.yaml", "3:6", "too large");
}

static void test_fraction_range(void **state)
{
	(void)state;
	assert_bad_fixture("fraction-range.yaml", "3:18", "cdn_hit_ratio is a fraction and must lie between 0% and 100%");
	assert_bad_text("boe: 1\nset:\n  hot_fraction: -1%\n", "3:17", "between 0% and 100%");
	assert_bad_text("boe: 1\nset:\n  sla: 2\n", "3:8", "between 0% and 100%");
}

static void test_empty_file(void **state)
{
	(void)state;
	assert_bad_fixture("empty.yaml", "1:1", "file is empty");
	assert_bad_fixture("comment-only.yaml", "1:1", "file is empty");
	assert_bad_text("", "1:1", "empty");
	assert_bad_text("   \n\n  \n", "1:1", "empty");
}

static void test_file_over_one_mib(void **state)
{
	(void)state;
	/* a valid scenario padded with comments beyond 1 MiB */
	size_t n = 1024 * 1024 + 100;
	char *big = xmalloc(n + 1);
	memset(big, '#', n);
	memcpy(big, "boe: 1\n", 7);
	for (size_t i = 100; i < n; i += 100)
		big[i] = '\n';
	big[n] = '\0';
	char m[1024];
	tu_load_error(big, n, "big.yaml", m);
	assert_true(strncmp(m, "big.yaml:", 9) == 0);
	assert_contains(m, "larger than 1 MiB");
	/* exactly 1 MiB is still read */
	BoeError err;
	Scenario *s = scenario_load_string(big, 1024 * 1024, "edge.yaml", &err);
	assert_non_null(s);
	scenario_free(s);
	/* through a file too: the reader stops at the limit */
	char path[] = "/tmp/boe-test-big-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(big, 1, n, f), n);
	fclose(f);
	tu_load_file_error(path, m);
	assert_true(strncmp(m, path, strlen(path)) == 0);
	assert_contains(m, "larger than");
	unlink(path);
	free(big);
}

static void test_anchors_and_aliases(void **state)
{
	(void)state;
	assert_bad_fixture("anchor.yaml", "3:8", "YAML anchors (&users) are not accepted");
	assert_bad_fixture("alias.yaml", "4:16", "YAML aliases (*users) are not accepted");
	assert_bad_text("boe: 1\nset: &s\n  dau: 1M\n", "2:6", "anchors");
	/* merge keys need anchors: refused the same way */
	assert_bad_text("boe: 1\ndefine:\n  a: &x 5\n  b: *x\n", "3:6", "anchors");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	assert_bad_fixture("invalid-utf8.yaml", "2:11", "invalid UTF-8");
	/* columns count characters, not bytes */
	assert_bad_text("boe: 1\ntitle: café \xff\n", "2:13", "invalid UTF-8");
	/* an overlong encoding and a lone continuation byte */
	assert_bad_text("boe: 1\ntitle: \xc0\xaf\n", "2:8", "invalid UTF-8");
	assert_bad_text("boe: 1\n\x80\n", "2:1", "invalid UTF-8");
	/* valid multi-byte text is fine */
	Scenario *s = tu_load("boe: 1\ntitle: Café — µs ×\n");
	assert_string_equal(s->title, "Café — µs ×");
	scenario_free(s);
}

static void test_unsupported_version(void **state)
{
	(void)state;
	assert_bad_fixture("unsupported-version.yaml", "1:6", "unsupported schema version '2'");
	assert_bad_fixture("missing-version.yaml", "1:1", "missing 'boe: 1'");
	assert_bad_text("boe: 1.5\n", "1:6", "unsupported schema version");
	assert_bad_text("boe: [1]\n", "1:6", "unsupported schema version");
}

static void test_other_field_errors(void **state)
{
	(void)state;
	assert_bad_text("boe: 1\nname: My Shop\n", "2:7", "lowercase letters, digits and '-'");
	assert_bad_text("boe: 1\ndifficulty: extreme\n", "2:13", "easy, medium or hard");
	assert_bad_text("boe: 1\nset:\n  dau: { note: x }\n", "3:8", "needs a 'value:'");
	assert_bad_text("boe: 1\nset:\n  dau:\n", "3:7", "has no value");
	assert_bad_text("boe: 1\nset:\n  dau: [1, 2]\n", "3:8", "should be a value");
}

static void test_unreadable_files(void **state)
{
	(void)state;
	char m[1024];
	tu_load_file_error(FIXTURESDIR "/no-such-file.yaml", m);
	assert_contains(m, "no-such-file.yaml");
	assert_contains(m, "cannot open");
	tu_load_file_error(FIXTURESDIR "/bad", m);
	assert_contains(m, "directory");
	/* NUL bytes: not a text file */
	static const char nul[] = "boe: 1\nname: a\0b\n";
	tu_load_error(nul, sizeof nul - 1, "nul.yaml", m);
	assert_true(strncmp(m, "nul.yaml:", 9) == 0);
}

static void test_fixture_index_is_complete(void **state)
{
	(void)state;
	/* every fixture in bad/ is listed in EXPECT, and fails there with that position and message */
	size_t len;
	char *idx = tu_read_fixture("bad/EXPECT", &len);
	assert_non_null(idx);
	char names[64][256];
	int listed = 0, wrong = 0;
	for (char *line = strtok(idx, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#' || line[0] == '\0')
			continue;
		char pos[32], part[256];
		assert_true(listed < 64);
		if (sscanf(line, "%255[^\t]\t%31[^\t]\t%255[^\n]", names[listed], pos, part) != 3) {
			print_error("bad EXPECT line: %s\n", line);
			fail();
		}
		char path[512], m[1024], want[600];
		snprintf(path, sizeof path, "%s/bad/%s", FIXTURESDIR, names[listed]);
		tu_load_file_error(path, m);
		snprintf(want, sizeof want, "%s:%s: ", path, pos);
		if (strncmp(m, want, strlen(want)) != 0 || !strstr(m, part)) {
			print_error("%s: got \"%s\", expected \"%s...%s\"\n", names[listed], m, want, part);
			wrong++;
		}
		listed++;
	}
	free(idx);
	DIR *d = opendir(FIXTURESDIR "/bad");
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!yaml_file(e->d_name))
			continue;
		bool found = false;
		for (int i = 0; i < listed; i++)
			found |= strcmp(names[i], e->d_name) == 0;
		if (!found) {
			print_error("fixture %s is not listed in bad/EXPECT\n", e->d_name);
			wrong++;
		}
	}
	closedir(d);
	assert_true(listed >= 20);
	assert_int_equal(wrong, 0);
}

/*
 * boe list reads only a file's header (scenario_read_header), and must list
 * only what loads: for every fixture and preset, a file the header reader
 * refuses is one the loader refuses, with the same message; and a file both
 * take has the same header fields either way. (A file the loader refuses
 * further down, past the header, may be listed: calc then says why.)
 */
static void test_header_agrees_with_loader(void **state)
{
	(void)state;
	const char *dirs[] = {FIXTURESDIR "/bad", FIXTURESDIR "/good", FIXTURESDIR "/../../presets"};
	int files = 0, refused = 0, loaded = 0;
	for (size_t k = 0; k < sizeof dirs / sizeof *dirs; k++) {
		DIR *d = opendir(dirs[k]);
		assert_non_null(d);
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (!yaml_file(e->d_name))
				continue;
			char path[1024];
			snprintf(path, sizeof path, "%s/%s", dirs[k], e->d_name);
			files++;
			BoeError he, le;
			ScenarioHeader h;
			bool hok = scenario_read_header(path, &h, &he);
			Scenario *s = scenario_load_file(path, &le);
			if (!hok) {
				refused++;
				char hm[2048], lm[2048];
				boe_error_format(&he, hm, sizeof hm);
				if (s) {
					print_error("%s: the header reader refuses what loads: %s\n", path, hm);
					fail();
				}
				boe_error_format(&le, lm, sizeof lm);
				assert_string_equal(hm, lm);
			} else if (s) {
				loaded++;
				assert_string_equal(h.name, s->name);
				assert_string_equal(h.title, s->title);
				assert_string_equal(h.difficulty, s->difficulty ? s->difficulty : "");
				assert_string_equal(h.source, s->source ? s->source : "");
				assert_string_equal(h.summary, s->summary ? s->summary : "");
			}
			if (hok)
				scenario_header_free(&h);
			scenario_free(s);
		}
		closedir(d);
	}
	assert_true(files >= 60);
	assert_true(refused >= 12);
	assert_true(loaded >= 33);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_full_file),
		cmocka_unit_test(test_minimal_and_plain_values),
		cmocka_unit_test(test_invalid_yaml),
		cmocka_unit_test(test_tabs_and_indentation),
		cmocka_unit_test(test_scalar_where_mapping_expected),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_unknown_set_name),
		cmocka_unit_test(test_define_shadowing),
		cmocka_unit_test(test_unknown_unit),
		cmocka_unit_test(test_dimension_mismatch),
		cmocka_unit_test(test_cycle),
		cmocka_unit_test(test_division_by_zero),
		cmocka_unit_test(test_overflow_and_nan),
		cmocka_unit_test(test_fraction_range),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_file_over_one_mib),
		cmocka_unit_test(test_anchors_and_aliases),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_unsupported_version),
		cmocka_unit_test(test_other_field_errors),
		cmocka_unit_test(test_unreadable_files),
		cmocka_unit_test(test_fixture_index_is_complete),
		cmocka_unit_test(test_header_agrees_with_loader),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
