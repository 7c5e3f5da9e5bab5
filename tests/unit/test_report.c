/*
 * Report writers: JSON per spec §5 (parsed back here with a small strict JSON
 * reader, values checked in base units), YAML (reloaded with libyaml and
 * compared with the JSON), markdown (escaping and table shape), the text
 * table, and the scenario file round trip (report_scenario_file, then
 * scenario_load_string, gives the same values).
 */
#include <yaml.h>

#include <dirent.h>

#include "testutil.h"

/* ---- a small strict JSON reader ---- */

typedef enum JKind { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } JKind;

typedef struct JVal {
	JKind kind;
	double num;
	bool b;
	char *str;
	struct JVal **items;	/* array items, or object values */
	char **keys;		/* object keys */
	size_t n;
} JVal;

typedef struct JParser {
	const char *p;
	const char *err;
} JParser;

static void jfree(JVal *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		jfree(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

static void jws(JParser *jp)
{
	while (*jp->p == ' ' || *jp->p == '\n' || *jp->p == '\t' || *jp->p == '\r')
		jp->p++;
}

static JVal *jparse_value(JParser *jp);

static char *jparse_string(JParser *jp)
{
	if (*jp->p != '"') {
		jp->err = "expected a string";
		return NULL;
	}
	jp->p++;
	Buf b = {0};
	buf_add(&b, "");
	while (*jp->p != '"') {
		unsigned char c = (unsigned char)*jp->p;
		if (c == '\0' || c < 0x20) {
			jp->err = c ? "raw control character in a string" : "unterminated string";
			buf_free(&b);
			return NULL;
		}
		if (c == '\\') {
			jp->p++;
			switch (*jp->p) {
			case '"': buf_addc(&b, '"'); break;
			case '\\': buf_addc(&b, '\\'); break;
			case '/': buf_addc(&b, '/'); break;
			case 'n': buf_addc(&b, '\n'); break;
			case 't': buf_addc(&b, '\t'); break;
			case 'r': buf_addc(&b, '\r'); break;
			case 'b': buf_addc(&b, '\b'); break;
			case 'f': buf_addc(&b, '\f'); break;
			case 'u': {
				unsigned cp = 0;
				for (int i = 1; i <= 4; i++) {
					char h = jp->p[i];
					if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) {
						jp->err = "bad \\u escape";
						buf_free(&b);
						return NULL;
					}
					cp = cp * 16 + (unsigned)(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
				}
				if (cp >= 0x80) {
					jp->err = "test reader only handles ASCII \\u escapes";
					buf_free(&b);
					return NULL;
				}
				buf_addc(&b, (char)cp);
				jp->p += 4;
				break;
			}
			default:
				jp->err = "bad escape";
				buf_free(&b);
				return NULL;
			}
			jp->p++;
			continue;
		}
		buf_addc(&b, (char)c);
		jp->p++;
	}
	jp->p++;
	return buf_take(&b);
}

static JVal *jnew(JKind k)
{
	JVal *v = xcalloc(1, sizeof *v);
	v->kind = k;
	return v;
}

static JVal *jparse_value(JParser *jp)
{
	jws(jp);
	const char *p = jp->p;
	if (*p == '{' || *p == '[') {
		bool obj = *p == '{';
		char close = obj ? '}' : ']';
		JVal *v = jnew(obj ? J_OBJ : J_ARR);
		jp->p++;
		jws(jp);
		if (*jp->p == close) {
			jp->p++;
			return v;
		}
		for (;;) {
			char *key = NULL;
			if (obj) {
				jws(jp);
				key = jparse_string(jp);
				if (!key) {
					jfree(v);
					return NULL;
				}
				jws(jp);
				if (*jp->p != ':') {
					jp->err = "expected ':'";
					free(key);
					jfree(v);
					return NULL;
				}
				jp->p++;
			}
			JVal *item = jparse_value(jp);
			if (!item) {
				free(key);
				jfree(v);
				return NULL;
			}
			v->items = xrealloc(v->items, (v->n + 1) * sizeof *v->items);
			if (obj) {
				v->keys = xrealloc(v->keys, (v->n + 1) * sizeof *v->keys);
				v->keys[v->n] = key;
			}
			v->items[v->n++] = item;
			jws(jp);
			if (*jp->p == ',') {
				jp->p++;
				continue;
			}
			if (*jp->p == close) {
				jp->p++;
				return v;
			}
			jp->err = "expected ',' or a closing bracket";
			jfree(v);
			return NULL;
		}
	}
	if (*p == '"') {
		char *s = jparse_string(jp);
		if (!s)
			return NULL;
		JVal *v = jnew(J_STR);
		v->str = s;
		return v;
	}
	if (strncmp(p, "true", 4) == 0 || strncmp(p, "false", 5) == 0) {
		JVal *v = jnew(J_BOOL);
		v->b = *p == 't';
		jp->p += v->b ? 4 : 5;
		return v;
	}
	if (strncmp(p, "null", 4) == 0) {
		jp->p += 4;
		return jnew(J_NULL);
	}
	/* JSON numbers: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? */
	const char *q = p;
	if (*q == '-')
		q++;
	if (*q == '0')
		q++;
	else if (*q >= '1' && *q <= '9')
		while (*q >= '0' && *q <= '9')
			q++;
	else {
		jp->err = "expected a value";
		return NULL;
	}
	if (*q == '.') {
		q++;
		if (!(*q >= '0' && *q <= '9')) {
			jp->err = "bad number";
			return NULL;
		}
		while (*q >= '0' && *q <= '9')
			q++;
	}
	if (*q == 'e' || *q == 'E') {
		q++;
		if (*q == '+' || *q == '-')
			q++;
		if (!(*q >= '0' && *q <= '9')) {
			jp->err = "bad exponent";
			return NULL;
		}
		while (*q >= '0' && *q <= '9')
			q++;
	}
	JVal *v = jnew(J_NUM);
	v->num = strtod(p, NULL);
	jp->p = q;
	return v;
}

/* Parses a whole document; fails the test on a syntax error. */
static JVal *jparse(const char *text)
{
	JParser jp = {text, NULL};
	JVal *v = jparse_value(&jp);
	if (v) {
		jws(&jp);
		if (*jp.p) {
			jp.err = "trailing text";
			jfree(v);
			v = NULL;
		}
	}
	if (!v) {
		print_error("invalid JSON (%s) at offset %ld: %.60s\n", jp.err, (long)(jp.p - text), jp.p);
		fail();
	}
	return v;
}

static JVal *jget(const JVal *o, const char *key)
{
	if (!o || o->kind != J_OBJ)
		return NULL;
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->keys[i], key) == 0)
			return o->items[i];
	return NULL;
}

/* Follows a path of keys ("scenarios" is an array: use jidx). */
static JVal *jreq(const JVal *o, const char *key, JKind kind)
{
	JVal *v = jget(o, key);
	if (!v) {
		print_error("JSON has no key \"%s\"\n", key);
		fail();
	}
	if (v->kind != kind) {
		print_error("JSON key \"%s\" has kind %d, expected %d\n", key, v->kind, kind);
		fail();
	}
	return v;
}

/* ---- helpers ---- */

static char *report(Scenario *const *list, size_t n, ReportFormat f)
{
	Buf b = {0};
	report_write(list, n, f, NULL, &b);
	return buf_take(&b);
}

static const char url_yaml[] =
	"boe: 1\n"
	"name: url-shortener\n"
	"title: URL Shortener (TinyURL)\n"
	"difficulty: easy\n"
	"summary: 100M URLs/month, 100:1 read:write\n"
	"set:\n"
	"  avg_write_qps: 100M / month\n"
	"  reads_per_write: 100\n"
	"  object_size: 500 B\n"
	"define:\n"
	"  urls_5y: avg_write_qps * 5 year\n"
	"expect:\n"
	"  avg_write_qps: 40/s\n"
	"  avg_read_qps: { value: 4000/s, tolerance: 15% }\n"
	"availability:\n"
	"  tiers:\n"
	"    - { name: load balancer, availability: 99.99%, replicas: 2 }\n"
	"    - { name: api, availability: 99.9%, replicas: 3 }\n"
	"    - { name: database, availability: 99.95%, replicas: 2 }\n"
	"latency_budget:\n"
	"  target: 200 ms\n"
	"  hops:\n"
	"    - { name: CDN, time: 20 ms }\n"
	"    - { name: database, time: 80 ms }\n";

/* ---- JSON ---- */

/*
 * The report made a piece at a time (report_head, report_part with the
 * separator before every part but the first, report_tail) is the same bytes
 * as report_write, in every format that has parts, for none, one and
 * several scenarios, computed with and without their explanations.
 */
static void test_report_in_pieces(void **state)
{
	(void)state;
	const ReportFormat fs[] = {REPORT_TEXT, REPORT_MARKDOWN, REPORT_JSON, REPORT_YAML};
	for (int skip = 0; skip < 2; skip++) {
		Scenario *list[3] = {tu_load(url_yaml), tu_default(), tu_load(url_yaml)};
		for (size_t i = 0; i < 3; i++) {
			BoeError err;
			scenario_want_explanations(list[i], !skip);
			assert_true(scenario_compute(list[i], &err));
		}
		for (size_t k = 0; k < sizeof fs / sizeof *fs; k++)
			for (size_t n = 0; n <= 3; n++) {
				char *whole = report(list, n, fs[k]);
				Buf b = {0};
				report_head(fs[k], &b);
				for (size_t i = 0; i < n; i++) {
					if (i)
						buf_add(&b, report_part_separator(fs[k]));
					report_part(list[i], fs[k], NULL, &b);
				}
				report_tail(fs[k], n, &b);
				assert_string_equal(b.s ? b.s : "", whole);
				buf_free(&b);
				free(whole);
			}
		for (size_t i = 0; i < 3; i++)
			scenario_free(list[i]);
	}
}


static void test_json_structure_default(void **state)
{
	(void)state;
	Scenario *s = tu_default();
	char *text = report(&s, 1, REPORT_JSON);
	JVal *root = jparse(text);
	assert_int_equal(root->kind, J_OBJ);
	assert_exact(jreq(root, "boe", J_NUM)->num, 1);
	JVal *list = jreq(root, "scenarios", J_ARR);
	assert_int_equal(list->n, 1);
	JVal *sc = list->items[0];
	assert_string_equal(jreq(sc, "name", J_STR)->str, "default");
	jreq(sc, "title", J_STR);
	JVal *qs = jreq(sc, "quantities", J_OBJ);
	size_t nstd;
	const StdQuantity *t = std_quantities(&nstd);
	assert_int_equal(qs->n, nstd);
	for (size_t i = 0; i < nstd; i++) {
		JVal *q = jreq(qs, t[i].name, J_OBJ);
		JVal *v = jreq(q, "value", J_NUM);
		jreq(q, "unit", J_STR);
		jreq(q, "display", J_STR);
		assert_string_equal(jreq(q, "origin", J_STR)->str, "default");
		jreq(q, "formula", J_STR);
		JVal *ex = jreq(q, "explain", J_STR);
		assert_true(strncmp(ex->str, t[i].name, strlen(t[i].name)) == 0);
		/* the number written reads back as the exact value */
		assert_true(v->num == s->q[tu_q(s, t[i].name)].value);
	}
	/* no tiers or budget: those keys are absent, checks and unused are empty */
	assert_null(jget(sc, "availability"));
	assert_null(jget(sc, "latency_budget"));
	assert_int_equal(jreq(sc, "checks", J_ARR)->n, 0);
	assert_int_equal(jreq(sc, "unused", J_ARR)->n, 0);
	jfree(root);
	free(text);
	scenario_free(s);
}

static void test_json_base_units(void **state)
{
	(void)state;
	/* values written in other units come out in seconds, bytes, per second, dollars */
	Scenario *s = tu_load("boe: 1\n"
			      "set:\n"
			      "  object_size: 8 Kb\n"
			      "  service_time: 250 ms\n"
			      "  requests_per_user: 3 / h\n"
			      "  server_cost: $720/month\n"
			      "  egress_price: 9 cents / GB\n"
			      "  storage_price: $0.023/GB/month\n"
			      "  sla: 99.95%\n"
			      "define:\n"
			      "  link: 10 Gbps\n");
	char *text = report(&s, 1, REPORT_JSON);
	JVal *root = jparse(text);
	JVal *qs = jreq(jreq(root, "scenarios", J_ARR)->items[0], "quantities", J_OBJ);
	const struct { const char *name; double value; const char *unit; } c[] = {
		{"object_size", 1000, "B"},		/* bits become bytes */
		{"service_time", 0.25, "s"},
		{"requests_per_user", 3 / 3600.0, "1/s"},
		{"server_cost", 720 / TU_MONTH, "$/s"},
		{"egress_price", 0.09 / 1e9, "$/B"},
		{"storage_price", 0.023 / 1e9 / TU_MONTH, "$/B/s"},
		{"sla", 0.9995, ""},			/* fractions as fractions */
		{"dau", 10e6, ""},
		{"retention", 5 * TU_YEAR, "s"},
		{"raw_storage_per_day", 10e6 * 3 / 3600.0 / 101 * 1000, "B/s"},
		{"storage_total", 10e6 * 3 / 3600.0 / 101 * 1000 * 3 * 5 * TU_YEAR, "B"},
		{"monthly_cost", -1, "$"},
		{"link", 10e9 / 8, "B/s"},
	};
	for (size_t i = 0; i < ARRAY_LEN(c); i++) {
		JVal *q = jreq(qs, c[i].name, J_OBJ);
		if (c[i].value >= 0)
			assert_near(jreq(q, "value", J_NUM)->num, c[i].value, 1e-12);
		if (strcmp(jreq(q, "unit", J_STR)->str, c[i].unit) != 0) {
			print_error("%s has unit \"%s\", expected \"%s\"\n", c[i].name,
				    jreq(q, "unit", J_STR)->str, c[i].unit);
			fail();
		}
	}
	/* origins */
	assert_string_equal(jreq(jreq(qs, "object_size", J_OBJ), "origin", J_STR)->str, "set");
	assert_string_equal(jreq(jreq(qs, "link", J_OBJ), "origin", J_STR)->str, "define");
	assert_string_equal(jreq(jreq(qs, "peak_qps", J_OBJ), "origin", J_STR)->str, "default");
	/* display is the formatted text, formula what was written */
	assert_string_equal(jreq(jreq(qs, "service_time", J_OBJ), "display", J_STR)->str, "250 ms");
	assert_string_equal(jreq(jreq(qs, "service_time", J_OBJ), "formula", J_STR)->str, "250 ms");
	assert_string_equal(jreq(jreq(qs, "sla", J_OBJ), "display", J_STR)->str, "99.95%");
	jfree(root);
	free(text);
	scenario_free(s);
}

static void test_json_blocks_checks_unused(void **state)
{
	(void)state;
	Scenario *s = tu_load(url_yaml);
	BoeError err;
	assert_true(scenario_override_arg(s, "peak_factor=4", &err));
	char *text = report(&s, 1, REPORT_JSON);
	JVal *root = jparse(text);
	JVal *sc = jreq(root, "scenarios", J_ARR)->items[0];
	assert_string_equal(jreq(sc, "name", J_STR)->str, "url-shortener");
	JVal *qs = jreq(sc, "quantities", J_OBJ);
	/* spec §5's example: 100M / month = 38.58/s, shown 38.6/s, set, with its explanation */
	JVal *w = jreq(qs, "avg_write_qps", J_OBJ);
	assert_near(jreq(w, "value", J_NUM)->num, 38.58, 1e-3);
	assert_string_equal(jreq(w, "unit", J_STR)->str, "1/s");
	assert_string_equal(jreq(w, "display", J_STR)->str, "38.6/s");
	assert_string_equal(jreq(w, "origin", J_STR)->str, "set");
	assert_string_equal(jreq(w, "formula", J_STR)->str, "100M / month");
	assert_string_equal(jreq(jreq(qs, "peak_factor", J_OBJ), "origin", J_STR)->str, "override");
	/* internal quantities are not listed */
	for (size_t i = 0; i < qs->n; i++)
		assert_true(qs->keys[i][0] != '_');
	/* availability: Π (1 - (1 - a)^r) */
	double comp = (1 - 1e-8) * (1 - 1e-9) * (1 - 2.5e-7);
	JVal *av = jreq(sc, "availability", J_OBJ);
	assert_near(jreq(av, "composite", J_NUM)->num, comp, 1e-12);
	assert_near(jreq(av, "downtime_per_year_s", J_NUM)->num, (1 - comp) * TU_YEAR, 1e-6);
	assert_true(jreq(av, "meets_sla", J_BOOL)->b);
	/* latency: 100 ms of 200 ms */
	JVal *lb = jreq(sc, "latency_budget", J_OBJ);
	assert_near(jreq(lb, "total_s", J_NUM)->num, 0.1, 1e-12);
	assert_near(jreq(lb, "margin_s", J_NUM)->num, 0.1, 1e-12);
	assert_true(jreq(lb, "fits", J_BOOL)->b);
	/* checks */
	JVal *checks = jreq(sc, "checks", J_ARR);
	assert_int_equal(checks->n, 2);
	JVal *c0 = checks->items[0];
	assert_string_equal(jreq(c0, "name", J_STR)->str, "avg_write_qps");
	assert_exact(jreq(c0, "expected", J_NUM)->num, 40);
	assert_near(jreq(c0, "actual", J_NUM)->num, 100e6 / TU_MONTH, 1e-12);
	assert_near(jreq(c0, "tolerance", J_NUM)->num, 0.1, 1e-12);
	assert_true(jreq(c0, "ok", J_BOOL)->b);
	assert_near(jreq(checks->items[1], "tolerance", J_NUM)->num, 0.15, 1e-12);
	/* unused: what only fed the write rate */
	JVal *unused = jreq(sc, "unused", J_ARR);
	bool rpu = false, rr = false;
	for (size_t i = 0; i < unused->n; i++) {
		assert_int_equal(unused->items[i]->kind, J_STR);
		rpu |= strcmp(unused->items[i]->str, "requests_per_user") == 0;
		rr |= strcmp(unused->items[i]->str, "request_rate") == 0;
	}
	assert_true(rpu && rr);
	jfree(root);
	free(text);
	scenario_free(s);
}

static void test_json_several_scenarios_and_escapes(void **state)
{
	(void)state;
	Scenario *list[2];
	list[0] = tu_default();
	list[1] = tu_load("boe: 1\nname: odd\ntitle: \"Quote \\\" back\\\\slash \\t tab \\u0001 ctl\"\n"
			  "summary: \"line one\\nline two\"\n");
	char *text = report(list, 2, REPORT_JSON);
	JVal *root = jparse(text);
	JVal *sc = jreq(root, "scenarios", J_ARR);
	assert_int_equal(sc->n, 2);
	assert_string_equal(jreq(sc->items[1], "title", J_STR)->str, "Quote \" back\\slash \t tab \x01 ctl");
	assert_string_equal(jreq(sc->items[1], "summary", J_STR)->str, "line one\nline two");
	jfree(root);
	free(text);
	Buf b = {0};
	json_string("a\"b\\c\nd\x7f", &b);
	assert_string_equal(b.s, "\"a\\\"b\\\\c\\nd\\u007f\"");
	buf_free(&b);
	scenario_free(list[0]);
	scenario_free(list[1]);
}


/* json_string's escapes, one byte at a time as the format says: what the fast one must match */
static void json_string_ref(const unsigned char *s, Buf *out)
{
	buf_addc(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_add(out, "\\\"");
		else if (*s == '\\')
			buf_add(out, "\\\\");
		else if (*s == '\n')
			buf_add(out, "\\n");
		else if (*s == '\t')
			buf_add(out, "\\t");
		else if (*s == '\r')
			buf_add(out, "\\r");
		else if (*s < 0x20 || *s == 0x7F)
			buf_printf(out, "\\u%04x", *s);
		else if (*s == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F)
			buf_printf(out, "\\u%04x", *++s);
		else
			buf_addc(out, (char)*s);
	}
	buf_addc(out, '"');
}

static void same_escapes(const char *str)
{
	Buf got = {0}, ref = {0};
	json_string(str, &got);
	json_string_ref((const unsigned char *)str, &ref);
	assert_string_equal(got.s, ref.s);
	buf_free(&got);
	buf_free(&ref);
}

/*
 * json_string against json_string_ref on strings of every length to 40, made
 * mostly of plain bytes with those that stop a run of them among them.
 */
static void test_json_string_every_byte(void **state)
{
	(void)state;
	static const unsigned char pick[] = {'a', ' ', '"', '\\', '\n', '\t', '\r', 0x01, 0x1F, 0x20, 0x7E, 0x7F,
					     0x80, 0x9F, 0xA0, 0xC2, 0xC3, 0xFF};
	uint64_t x = 88172645463325252u;
	char str[48];
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(round % 41);
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			/* mostly plain, so runs of eight happen */
			str[i] = (char)(x % 4 ? 'a' + (char)(x >> 8) % 26 : pick[(x >> 8) % sizeof pick]);
		}
		str[n] = '\0';
		same_escapes(str);
	}
	/*
	 * every byte but NUL, alone and after 0xC2 (a C1 control is two bytes),
	 * at each place in a plain run of 40: in the first 16 bytes json_string
	 * reads at once, the second, across their edges and in the tail after them
	 */
	for (int c = 1; c < 512; c++) {
		for (size_t at = 0; at < 39; at++) {
			memset(str, 'x', 40);
			if (c < 256) {
				str[at] = (char)c;
			} else {
				str[at] = (char)0xC2;
				str[at + 1] = (char)(c - 256 ? c - 256 : 1);
			}
			str[40] = '\0';
			same_escapes(str);
		}
	}
}

/* ---- YAML: the same content, reloaded with libyaml ---- */

static yaml_node_t *ymap_get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		if (k && k->type == YAML_SCALAR_NODE && strcmp((char *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

static void test_yaml_reloads(void **state)
{
	(void)state;
	Scenario *s = tu_load(url_yaml);
	char *js = report(&s, 1, REPORT_JSON);
	char *ys = report(&s, 1, REPORT_YAML);
	JVal *root = jparse(js);
	yaml_parser_t parser;
	yaml_document_t doc;
	assert_true(yaml_parser_initialize(&parser));
	yaml_parser_set_input_string(&parser, (const unsigned char *)ys, strlen(ys));
	if (!yaml_parser_load(&parser, &doc)) {
		print_error("YAML output does not load: %s at line %zu\n%s\n", parser.problem,
			    parser.problem_mark.line + 1, ys);
		yaml_parser_delete(&parser);
		fail();
	}
	yaml_node_t *yroot = yaml_document_get_root_node(&doc);
	assert_non_null(yroot);
	yaml_node_t *boe = ymap_get(&doc, yroot, "boe");
	assert_non_null(boe);
	assert_string_equal((char *)boe->data.scalar.value, "1");
	yaml_node_t *scs = ymap_get(&doc, yroot, "scenarios");
	assert_non_null(scs);
	assert_int_equal(scs->type, YAML_SEQUENCE_NODE);
	assert_int_equal(scs->data.sequence.items.top - scs->data.sequence.items.start, 1);
	yaml_node_t *sc = yaml_document_get_node(&doc, scs->data.sequence.items.start[0]);
	yaml_node_t *name = ymap_get(&doc, sc, "name");
	assert_non_null(name);
	assert_string_equal((char *)name->data.scalar.value, "url-shortener");
	/* every quantity's value and unit equal the JSON's */
	JVal *jqs = jreq(jreq(root, "scenarios", J_ARR)->items[0], "quantities", J_OBJ);
	yaml_node_t *yqs = ymap_get(&doc, sc, "quantities");
	assert_non_null(yqs);
	assert_int_equal(yqs->data.mapping.pairs.top - yqs->data.mapping.pairs.start, (long)jqs->n);
	for (size_t i = 0; i < jqs->n; i++) {
		yaml_node_t *q = ymap_get(&doc, yqs, jqs->keys[i]);
		if (!q) {
			print_error("YAML lacks quantity %s\n", jqs->keys[i]);
			fail();
		}
		yaml_node_t *v = ymap_get(&doc, q, "value"), *u = ymap_get(&doc, q, "unit"),
			    *d = ymap_get(&doc, q, "display"), *e = ymap_get(&doc, q, "explain");
		assert_non_null(v);
		assert_non_null(u);
		assert_non_null(d);
		assert_non_null(e);
		double yv = strtod((char *)v->data.scalar.value, NULL);
		assert_true(yv == jreq(jqs->items[i], "value", J_NUM)->num);
		assert_string_equal((char *)u->data.scalar.value, jreq(jqs->items[i], "unit", J_STR)->str);
		assert_string_equal((char *)d->data.scalar.value, jreq(jqs->items[i], "display", J_STR)->str);
		assert_string_equal((char *)e->data.scalar.value, jreq(jqs->items[i], "explain", J_STR)->str);
	}
	/* blocks and lists */
	yaml_node_t *av = ymap_get(&doc, sc, "availability");
	assert_non_null(av);
	yaml_node_t *comp = ymap_get(&doc, av, "composite");
	assert_non_null(comp);
	assert_near(strtod((char *)comp->data.scalar.value, NULL),
		    jreq(jreq(jreq(root, "scenarios", J_ARR)->items[0], "availability", J_OBJ), "composite", J_NUM)->num,
		    1e-15);
	yaml_node_t *checks = ymap_get(&doc, sc, "checks");
	assert_non_null(checks);
	assert_int_equal(checks->type, YAML_SEQUENCE_NODE);
	assert_int_equal(checks->data.sequence.items.top - checks->data.sequence.items.start, 2);
	yaml_node_t *c0 = yaml_document_get_node(&doc, checks->data.sequence.items.start[0]);
	yaml_node_t *ok = ymap_get(&doc, c0, "ok");
	assert_non_null(ok);
	assert_string_equal((char *)ok->data.scalar.value, "true");
	yaml_node_t *unused = ymap_get(&doc, sc, "unused");
	assert_non_null(unused);
	assert_int_equal(unused->type, YAML_SEQUENCE_NODE);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	jfree(root);
	free(js);
	free(ys);
	scenario_free(s);
}

static void test_yaml_output_of_awkward_text(void **state)
{
	(void)state;
	/* titles YAML would misread if written plainly: they must come back as written */
	const char *titles[] = {"yes", "- dash", "a: b", "# hash", "'quote", "null", "1e3", "[x]"};
	for (size_t i = 0; i < ARRAY_LEN(titles); i++) {
		char y[256];
		snprintf(y, sizeof y, "boe: 1\nname: t\ntitle: \"%s\"\n", titles[i]);
		Scenario *s = tu_load(y);
		char *ys = report(&s, 1, REPORT_YAML);
		yaml_parser_t parser;
		yaml_document_t doc;
		yaml_parser_initialize(&parser);
		yaml_parser_set_input_string(&parser, (const unsigned char *)ys, strlen(ys));
		assert_true(yaml_parser_load(&parser, &doc));
		yaml_node_t *scs = ymap_get(&doc, yaml_document_get_root_node(&doc), "scenarios");
		assert_non_null(scs);
		yaml_node_t *sc = yaml_document_get_node(&doc, scs->data.sequence.items.start[0]);
		yaml_node_t *t = ymap_get(&doc, sc, "title");
		assert_non_null(t);
		assert_string_equal((char *)t->data.scalar.value, titles[i]);
		assert_true(t->data.scalar.style != YAML_PLAIN_SCALAR_STYLE);
		yaml_document_delete(&doc);
		yaml_parser_delete(&parser);
		free(ys);
		scenario_free(s);
	}
}

/* ---- markdown ---- */

/* Number of cell separators: '|' not escaped with a backslash. */
static int md_pipes(const char *line, size_t len)
{
	int n = 0;
	for (size_t i = 0; i < len; i++) {
		if (line[i] == '\\') {
			i++;
			continue;
		}
		n += line[i] == '|';
	}
	return n;
}

/* Every table's rows have as many cells as its header. */
static void check_md_tables(const char *md)
{
	int want = -1;
	const char *p = md;
	int lineno = 1;
	while (*p) {
		size_t len = strcspn(p, "\n");
		if (len > 0 && p[0] == '|') {
			int n = md_pipes(p, len);
			if (want < 0)
				want = n;
			else if (n != want) {
				print_error("markdown line %d has %d cell separators, the table header %d: %.*s\n",
					    lineno, n, want, (int)len, p);
				fail();
			}
			if (p[len - 1] != '|') {
				print_error("markdown line %d does not end its row: %.*s\n", lineno, (int)len, p);
				fail();
			}
		} else {
			want = -1;
		}
		p += len + (p[len] == '\n');
		lineno++;
	}
}

static void test_markdown_escapes(void **state)
{
	(void)state;
	const struct { const char *in, *out; } c[] = {
		{"a|b", "a\\|b"},
		{"<script>", "&lt;script&gt;"},
		{"x\ny", "x y"},
		{"*bold* and _it_", "\\*bold\\* and \\_it\\_"},
		{"`code`", "\\`code\\`"},
		{"[link](x)", "\\[link\\](x)"},
		{"AT&T", "AT&amp;T"},
		{"back\\slash", "back\\\\slash"},
		{"plain 50% text", "plain 50% text"},
	};
	for (size_t i = 0; i < ARRAY_LEN(c); i++) {
		Buf b = {0};
		md_escape(c[i].in, &b);
		if (strcmp(b.s ? b.s : "", c[i].out) != 0) {
			print_error("md_escape(\"%s\") = \"%s\", expected \"%s\"\n", c[i].in, b.s, c[i].out);
			buf_free(&b);
			fail();
		}
		buf_free(&b);
	}
}

static void test_markdown_report(void **state)
{
	(void)state;
	BoeError err;
	Scenario *s = scenario_load_file(FIXTURESDIR "/good/shop.yaml", &err);
	assert_non_null(s);
	assert_true(scenario_compute(s, &err));
	char *md = report(&s, 1, REPORT_MARKDOWN);
	/* the title with its | and & escaped */
	assert_true(strncmp(md, "# Cake Shop \\| Orders &amp; \"Reviews\"\n", 38) == 0);
	check_md_tables(md);
	/* the assumptions table and the derivation chain: formula, numbers, result */
	assert_contains(md, "## Assumptions");
	assert_contains(md, "| `dau` | 50M | set: `50M` |");
	assert_contains(md, "| `peak_read_qps` | `avg_read_qps × peak_factor` | `11.5K/s × 3` | **34.4K/s** |");
	/* 34.7K/s at peak / 1K/s per server = 35, against 5 by requests in flight; plus a spare */
	assert_contains(md, "| `servers` | `max(ceil(origin_qps / server_rps), ceil(pool_size / server_concurrency)) + spare_servers`"
			" | `max(ceil(34.7K/s / 1K/s), ceil(993 / 200)) + 1`"
			" | **36** — decided by throughput: ceil(34.7K/s / 1K/s) = 35; in flight: ceil(993 / 200) = 5 |");
	/* the sections in order */
	const char *order[] = {"### Traffic", "### Users", "### Storage", "### Bandwidth", "### Compute",
			       "### Cache & database", "### Availability", "### Cost", "## Availability",
			       "## Latency budget", "## Checks against the source", "## Notes"};
	const char *at = md;
	for (size_t i = 0; i < ARRAY_LEN(order); i++) {
		const char *f = strstr(at, order[i]);
		if (!f) {
			print_error("markdown lacks \"%s\" (after the previous section)\n", order[i]);
			fail();
		}
		at = f;
	}
	/* notes escaped: *not* and the pipe */
	assert_contains(md, "\\*not\\*");
	assert_contains(md, "with a \\| pipe");
	/* a note of a set value appears, escaped */
	assert_contains(md, "one product page");
	free(md);
	scenario_free(s);
}

static void test_markdown_hostile_text(void **state)
{
	(void)state;
	/* user text full of markdown: tables keep their shape */
	Scenario *s = tu_load("boe: 1\nname: x\ntitle: \"a | b\"\nsummary: \"x | y\\n| z |\"\n"
			      "set:\n  dau: { value: 1M, note: \"pipes | in | notes `and` code\" }\n"
			      "define:\n  odd_one: { value: dau * 2, note: \"| leading\" }\n"
			      "expect:\n  dau: { value: 1M, note: \"a|b\" }\n"
			      "availability:\n  tiers:\n    - { name: \"lb | edge\", availability: 99.9% }\n"
			      "latency_budget:\n  target: 1 s\n  hops:\n    - { name: \"a|b\", time: 5 ms }\n");
	char *md = report(&s, 1, REPORT_MARKDOWN);
	check_md_tables(md);
	assert_contains(md, "lb \\| edge");
	free(md);
	scenario_free(s);
}

/* ---- text ---- */

static void test_text_report(void **state)
{
	(void)state;
	Scenario *s = tu_load("boe: 1\nname: t\ntitle: Text test\nset:\n  avg_write_qps: 40/s\n");
	char *text = report(&s, 1, REPORT_TEXT);
	const char *order[] = {"Text test\n", "\nTraffic\n", "\nUsers\n", "\nStorage\n", "\nBandwidth\n",
			       "\nCompute\n", "\nCache & database\n", "\nAvailability\n", "\nCost\n"};
	const char *at = text;
	for (size_t i = 0; i < ARRAY_LEN(order); i++) {
		const char *f = strstr(at, order[i]);
		if (!f) {
			print_error("text report lacks \"%s\" in order\n", order[i]);
			fail();
		}
		at = f;
	}
	/* every listed quantity's value appears on its line, and the units line up */
	int unit_col = -1;
	for (size_t i = 0; i < s->nq; i++) {
		const Quantity *q = &s->q[i];
		if (q->hidden || q->block)
			continue;
		char key[96];
		snprintf(key, sizeof key, "\n  %s ", q->name);
		const char *line = strstr(text, key);
		if (!line) {
			print_error("text report lacks a line for %s\n", q->name);
			fail();
		}
		line++;
		char num[64], unit[64];
		units_format_parts(q->value, q->dim, &q->disp, NULL, num, sizeof num, unit, sizeof unit);
		const char *v = strstr(line + 2 + strlen(q->name), num);
		assert_non_null(v);
		int col = (int)(v - line) + (int)strlen(num);
		if (unit_col < 0)
			unit_col = col;
		if (col != unit_col) {
			print_error("%s: the number ends at column %d, others at %d\n", q->name, col, unit_col);
			fail();
		}
		const char *eol = strchr(line, '\n');
		bool marked = strstr(line, "(unused)") && strstr(line, "(unused)") < eol;
		assert_int_equal(marked, q->unused);
	}
	/* the bound that decides the servers sits under their formula: 40/s x 101 x 3 =
	   12.1K/s at peak / 1K/s -> 13, against ceil(ceil(243 / 70%) / 200) = 2 in flight */
	const char *sv = strstr(text, "\n  servers ");
	assert_non_null(sv);
	sv++;
	const char *eq = strstr(sv, "= max(");
	assert_non_null(eq);
	eq += 2; /* the formula itself */
	const char *next = strchr(sv, '\n') + 1;
	const char *dec = "decided by throughput: ceil(12.1K/s / 1K/s) = 13; in flight: ceil(347 / 200) = 2\n";
	assert_true(strncmp(next + (eq - sv), dec, strlen(dec)) == 0);
	for (const char *p = next; p < next + (eq - sv); p++)
		assert_int_equal(*p, ' ');
	free(text);
	scenario_free(s);
}

/* ---- the scenario file round trip ---- */

static void assert_same_values(const Scenario *a, const Scenario *b)
{
	for (size_t i = 0; i < a->nq; i++) {
		int j = scenario_find(b, a->q[i].name);
		if (j < 0) {
			print_error("%s lost in the round trip\n", a->q[i].name);
			fail();
		}
		if (!(a->q[i].value == b->q[j].value ||
		      fabs(a->q[i].value - b->q[j].value) <= 1e-12 * fabs(a->q[i].value))) {
			print_error("%s: %.17g before, %.17g after the round trip\n", a->q[i].name,
				    a->q[i].value, b->q[j].value);
			fail();
		}
	}
	assert_int_equal(a->nq, b->nq);
}

static void test_scenario_file_round_trip(void **state)
{
	(void)state;
	BoeError err;
	Scenario *a = scenario_load_file(FIXTURESDIR "/good/shop.yaml", &err);
	assert_non_null(a);
	assert_true(scenario_compute(a, &err));
	/* an override is folded into set */
	tu_set(a, "peak_factor", "5");
	tu_set(a, "cache_hit_ratio", "95%");
	Buf b = {0};
	report_scenario_file(a, &b);
	Scenario *c = scenario_load_string(b.s, b.len, "roundtrip.yaml", &err);
	if (!c) {
		char m[1024];
		boe_error_format(&err, m, sizeof m);
		print_error("the saved file does not load: %s\n%s\n", m, b.s);
		fail();
	}
	assert_true(scenario_compute(c, &err));
	assert_same_values(a, c);
	assert_exact(tu_val(c, "peak_factor"), 5);
	assert_int_equal(c->q[tu_q(c, "peak_factor")].origin, ORIGIN_SET);
	assert_int_equal(c->q[tu_q(c, "dau")].origin, ORIGIN_SET);
	assert_int_equal(c->q[tu_q(c, "reads_per_write")].origin, ORIGIN_DEFAULT);
	/* metadata, notes, expectations, blocks */
	assert_string_equal(c->name, a->name);
	assert_string_equal(c->title, a->title);
	assert_string_equal(c->difficulty, a->difficulty);
	assert_string_equal(c->summary, a->summary);
	assert_string_equal(c->notes, a->notes);
	assert_string_equal(c->q[tu_q(c, "object_size")].note, "one product page");
	assert_string_equal(c->q[tu_q(c, "peak_egress_bits")].disp.fixed_name, "Mbps");
	assert_int_equal(c->nchecks, a->nchecks);
	for (size_t i = 0; i < a->nchecks; i++) {
		assert_string_equal(c->checks[i].name, a->checks[i].name);
		assert_near(c->checks[i].tolerance, a->checks[i].tolerance, 1e-12);
		assert_true(c->checks[i].expected == a->checks[i].expected);
		assert_int_equal(c->checks[i].ok, a->checks[i].ok);
	}
	assert_int_equal(c->ntiers, a->ntiers);
	assert_int_equal(c->nhops, a->nhops);
	assert_string_equal(c->tiers[1].name, "api");
	assert_true(c->meets_sla == a->meets_sla);
	/* saving again gives the same text */
	Buf b2 = {0};
	report_scenario_file(c, &b2);
	assert_string_equal(b.s, b2.s);
	buf_free(&b);
	buf_free(&b2);
	scenario_free(a);
	scenario_free(c);
}

static void test_round_trip_awkward_text(void **state)
{
	(void)state;
	/* text that needs quoting in YAML survives saving */
	Scenario *a = tu_load("boe: 1\nname: awk\ntitle: \"yes: no # not a comment\"\n"
			      "summary: \"- starts with a dash\"\nsource: \"'quoted' \\\"too\\\"\"\n"
			      "notes: \"line one\\n  indented: two\\n\\nafter a blank\\n\"\n"
			      "set:\n  dau: \"1,500,000\"\n  object_size: { value: 2 KB, note: \"a: b # c\" }\n");
	Buf b = {0};
	report_scenario_file(a, &b);
	BoeError err;
	Scenario *c = scenario_load_string(b.s, b.len, "awk.yaml", &err);
	if (!c) {
		char m[1024];
		boe_error_format(&err, m, sizeof m);
		print_error("the saved file does not load: %s\n%s\n", m, b.s);
		fail();
	}
	assert_true(scenario_compute(c, &err));
	assert_string_equal(c->title, a->title);
	assert_string_equal(c->summary, a->summary);
	assert_string_equal(c->source, a->source);
	assert_string_equal(c->notes, a->notes);
	assert_string_equal(c->q[tu_q(c, "object_size")].note, "a: b # c");
	assert_same_values(a, c);
	buf_free(&b);
	scenario_free(a);
	scenario_free(c);
}

/* Saves s, loads the result under name and computes it; fails the test if it does not load. */
static Scenario *save_and_reload(const Scenario *s, const char *name)
{
	Buf b = {0};
	report_scenario_file(s, &b);
	BoeError err;
	Scenario *c = scenario_load_string(b.s, b.len, name, &err);
	if (!c || !scenario_compute(c, &err)) {
		char m[1024];
		boe_error_format(&err, m, sizeof m);
		print_error("the saved %s does not load back: %s\n%s\n", name, m, b.s);
		fail();
	}
	buf_free(&b);
	return c;
}

static void test_round_trip_control_text(void **state)
{
	(void)state;
	/* a lone CR, a C1 control, a tab, trailing blank lines and a BOM inside the text:
	   a block scalar cannot carry them, a quoted string can */
	Scenario *a = tu_load("boe: 1\nname: ctl\ntitle: \"a\\rb\"\n"
			      "notes: \"one\\rtwo\\nthree\\u009b[2J\\tfour\\n\\n\\n\"\n"
			      "summary: \"x\\ny\\u00a0\\ufeffz\"\n");
	assert_string_equal(a->notes, "one\rtwo\nthree\xc2\x9b[2J\tfour\n\n\n");
	Scenario *c = save_and_reload(a, "ctl.yaml");
	assert_string_equal(c->title, a->title);
	assert_string_equal(c->notes, a->notes);
	assert_string_equal(c->summary, a->summary);
	scenario_free(a);
	scenario_free(c);
	/* a file without a name: named after its file as a slug, which a save keeps loadable */
	BoeError err;
	a = scenario_load_string("boe: 1\nset:\n  dau: 5M\n", 20, "dir/My_Shop 2.yaml", &err);
	assert_non_null(a);
	assert_string_equal(a->name, "my-shop-2");
	assert_true(scenario_compute(a, &err));
	c = save_and_reload(a, "My_Shop 2.yaml");
	assert_string_equal(c->name, "my-shop-2");
	scenario_free(a);
	scenario_free(c);
	a = scenario_load_string("boe: 1\n", 7, "\x1b[2J.yaml", &err);
	assert_non_null(a);
	assert_string_equal(a->name, "2j");
	scenario_free(a);
	a = scenario_load_string("boe: 1\n", 7, "___.yaml", &err);
	assert_non_null(a);
	assert_string_equal(a->name, "scenario");
	scenario_free(a);
}

/* Every shipped preset reads back from a save as the same scenario. */
static void test_round_trip_every_preset(void **state)
{
	(void)state;
	const char *dir = FIXTURESDIR "/../../presets";
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *de;
	int n = 0;
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		if (l < 6 || strcmp(de->d_name + l - 5, ".yaml") != 0)
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		BoeError err;
		Scenario *a = scenario_load_file(path, &err);
		assert_non_null(a);
		assert_true(scenario_compute(a, &err));
		Scenario *c = save_and_reload(a, de->d_name);
		assert_string_equal(c->name, a->name);
		assert_string_equal(c->title, a->title);
		assert_string_equal(c->notes ? c->notes : "", a->notes ? a->notes : "");
		assert_string_equal(c->summary ? c->summary : "", a->summary ? a->summary : "");
		assert_string_equal(c->source ? c->source : "", a->source ? a->source : "");
		assert_int_equal(c->nchecks, a->nchecks);
		assert_int_equal(c->ntiers, a->ntiers);
		assert_int_equal(c->nhops, a->nhops);
		for (size_t i = 0; i < a->nq; i++) {
			int j = scenario_find(c, a->q[i].name);
			assert_true(j >= 0);
			assert_int_equal(c->q[j].origin, a->q[i].origin);
			assert_string_equal(c->q[j].note ? c->q[j].note : "", a->q[i].note ? a->q[i].note : "");
		}
		assert_same_values(a, c);
		scenario_free(a);
		scenario_free(c);
		n++;
	}
	closedir(d);
	assert_true(n >= 33);
}

/* ---- the quantity listing ---- */

static void test_quantities_listing(void **state)
{
	(void)state;
	size_t n;
	const StdQuantity *t = std_quantities(&n);
	Buf md = {0}, tx = {0}, js = {0};
	report_quantities(REPORT_MARKDOWN, &md);
	report_quantities(REPORT_TEXT, &tx);
	report_quantities(REPORT_JSON, &js);
	check_md_tables(md.s);
	JVal *root = jparse(js.s);
	JVal *list = jreq(root, "quantities", J_ARR);
	assert_int_equal(list->n, n);
	for (size_t i = 0; i < n; i++) {
		char code[96];
		snprintf(code, sizeof code, "| `%s` |", t[i].name);
		assert_contains(md.s, code);
		assert_contains(tx.s, t[i].name);
		assert_string_equal(jreq(list->items[i], "name", J_STR)->str, t[i].name);
		assert_string_equal(jreq(list->items[i], "unit", J_STR)->str, t[i].unit);
		assert_string_equal(jreq(list->items[i], "default", J_STR)->str, t[i].def);
	}
	jfree(root);
	buf_free(&md);
	buf_free(&tx);
	buf_free(&js);
	ReportFormat f;
	assert_true(report_format_parse("md", &f));
	assert_int_equal(f, REPORT_MARKDOWN);
	assert_true(report_format_parse("yaml", &f));
	assert_int_equal(f, REPORT_YAML);
	assert_false(report_format_parse("xml", &f));
}

/*
 * The words the JSON writes without escaping them (em_word): every origin's
 * and section's name, and the base unit of every dimension a quantity can
 * have, need none, so JSON escaping leaves each as it is.
 */
static void assert_json_plain(const char *w)
{
	Buf b = {0};
	json_string(w, &b);
	char *want = xasprintf("\"%s\"", w);
	if (strcmp(b.s, want) != 0)
		fail_msg("'%s' needs escaping in JSON: %s", w, b.s);
	free(want);
	buf_free(&b);
}

static void test_report_words_need_no_escapes(void **state)
{
	(void)state;
	for (int o = ORIGIN_DEFAULT; o <= ORIGIN_OVERRIDE; o++)
		assert_json_plain(origin_name((Origin)o));
	for (int sec = 0; sec < SEC_COUNT; sec++)
		assert_json_plain(section_name((Section)sec));
	for (int t = -4; t <= 4; t++)
		for (int d = -4; d <= 4; d++)
			for (int m = -4; m <= 4; m++) {
				char unit[48];
				dim_base_unit((Dim){(signed char)t, (signed char)d, (signed char)m}, unit, sizeof unit);
				assert_json_plain(unit);
			}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_structure_default),
		cmocka_unit_test(test_json_base_units),
		cmocka_unit_test(test_json_blocks_checks_unused),
		cmocka_unit_test(test_json_several_scenarios_and_escapes),
		cmocka_unit_test(test_yaml_reloads),
		cmocka_unit_test(test_yaml_output_of_awkward_text),
		cmocka_unit_test(test_markdown_escapes),
		cmocka_unit_test(test_markdown_report),
		cmocka_unit_test(test_markdown_hostile_text),
		cmocka_unit_test(test_text_report),
		cmocka_unit_test(test_scenario_file_round_trip),
		cmocka_unit_test(test_round_trip_awkward_text),
		cmocka_unit_test(test_round_trip_control_text),
		cmocka_unit_test(test_round_trip_every_preset),
		cmocka_unit_test(test_quantities_listing),
		cmocka_unit_test(test_report_in_pieces),
		cmocka_unit_test(test_json_string_every_byte),
		cmocka_unit_test(test_report_words_need_no_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
