/*
 * Interview practice. A drill is a list of questions drawn from a computed
 * scenario (the estimation chain, then the scenario's own defines), each
 * holding copies of what it needs to grade and explain itself, so the
 * scenario can be freed once the drill exists. Grading parses the answer in
 * the units language with no names allowed; a bare number is read in the unit
 * the question names.
 *
 * The history is a JSON-lines file, one drill per line; it is read with the
 * small JSON reader below (only what the drill writes needs to be read back)
 * and feeds spaced repetition (weakness per quantity and per skill, the most
 * recent answers weighing most) and the per-skill stats over time.
 *
 * Nothing here prints, exits or touches the terminal.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "boe/answer.h"
#include "boe/drill.h"
#include "boe/expr.h"
#include "boe/grade.h"
#include "boe/hint.h"
#include "boe/json.h"
#include "boe/preset.h"
#include "boe/fileio.h"
#include "boe/report.h"

#define HISTORY_MAX (64u * 1024 * 1024)	/* the most read of one history file */
/* a history this large moves to history.1.jsonl (replacing an older one) before
   the next drill is appended: recording never stops, and memory stays bounded */
#define HISTORY_ROTATE (32u * 1024 * 1024)
#define RECENCY_DECAY 0.7	/* weight of each older answer relative to the next newer */
#define RECENCY_DEPTH 20	/* answers per quantity or skill looked at */
#define UNSEEN_WEAKNESS 0.5	/* what we assume of a quantity never answered */

/* ---- skills and grades ---- */

static const char *const skill_names[SKILL_COUNT] = {
	"traffic", "storage", "bandwidth", "concurrency", "caching", "availability", "latency", "cost",
};

const char *skill_name(Skill s)
{
	return (unsigned)s < SKILL_COUNT ? skill_names[s] : "?";
}

bool skill_parse(const char *s, Skill *out)
{
	for (int i = 0; i < SKILL_COUNT; i++)
		if (s && strcmp(s, skill_names[i]) == 0) {
			*out = (Skill)i;
			return true;
		}
	return false;
}

static const char *const grade_names[GRADE_COUNT] = {
	"unanswered", "exact", "close", "off", "wrong-unit", "skipped", "consistent", "unreadable",
};

const char *grade_name(Grade g)
{
	return (unsigned)g < ARRAY_LEN(grade_names) ? grade_names[g] : "?";
}

bool grade_parse(const char *s, Grade *out)
{
	for (size_t i = 0; i < ARRAY_LEN(grade_names); i++)
		if (s && strcmp(s, grade_names[i]) == 0) {
			*out = (Grade)i;
			return true;
		}
	return false;
}

double grade_points(Grade g)
{
	return g == GRADE_EXACT ? 2 : g == GRADE_CLOSE || g == GRADE_CONSISTENT ? 1 : 0;
}

Grade drill_grade_value(double v, double c)
{
	const double slack = 1e-9;
	if (!isfinite(v) || !isfinite(c))
		return GRADE_OFF;
	if (c == 0)
		return fabs(v) <= 1e-12 ? GRADE_EXACT : GRADE_OFF;
	if (fabs(v - c) <= DRILL_EXACT_TOL * fabs(c) * (1 + slack))
		return GRADE_EXACT;
	double r = v / c;
	if (r >= (1 / DRILL_CLOSE_FACTOR) * (1 - slack) && r <= DRILL_CLOSE_FACTOR * (1 + slack))
		return GRADE_CLOSE;
	return GRADE_OFF;
}

/* ---- a reproducible generator (splitmix64) ---- */

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static double rng_unit(uint64_t *s)
{
	return (double)(rng_next(s) >> 11) * (1.0 / 9007199254740992.0);
}

/* An index drawn with probability proportional to w[i] (all zero: -1). */
static long pick_weighted(const double *w, size_t n, uint64_t *rng)
{
	double total = 0;
	for (size_t i = 0; i < n; i++)
		total += w[i] > 0 ? w[i] : 0;
	if (total <= 0)
		return -1;
	double x = rng_unit(rng) * total;
	long last = -1;
	for (size_t i = 0; i < n; i++) {
		if (w[i] <= 0)
			continue;
		last = (long)i;
		if (x < w[i])
			return (long)i;
		x -= w[i];
	}
	return last;
}

/* ---- dates ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static time_t parse_date(const char *s)
{
	int y, mo, d, h = 0, mi = 0, se = 0;
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) < 3)
		return 0;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 ||
	    se < 0 || se > 60)
		return 0;
	long days = days_from_civil(y, (unsigned)mo, (unsigned)d);
	return (time_t)(days * 86400L + h * 3600L + mi * 60L + se);
}

static void format_date(time_t t, char *out, size_t n)
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, n, "1970-01-01T00:00:00Z");
}


/* ---- history ---- */

static void free_record(DrillRecord *r)
{
	free(r->date);
	free(r->preset);
	free(r->file);
	free(r->mode);
	for (size_t i = 0; i < r->nanswers; i++) {
		free(r->answers[i].quantity);
		free(r->answers[i].answer);
	}
	free(r->answers);
}

void drill_history_free(DrillHistory *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->nrecords; i++)
		free_record(&h->records[i]);
	free(h->records);
	free(h);
}

/* One line of the history as a record; false when it is not one. */
static bool record_from_json(const JVal *o, DrillRecord *r)
{
	memset(r, 0, sizeof *r);
	const JVal *qs = json_get(o, "questions");
	const char *preset = json_str(o, "preset");
	if (o->t != J_OBJ || !qs || qs->t != J_ARR || !preset)
		return false;
	const char *date = json_str(o, "date");
	r->date = xstrdup(date ? date : "");
	r->when = parse_date(date);
	r->preset = xstrdup(preset);
	const char *file = json_str(o, "file");
	r->file = file && file[0] == '/' ? xstrdup(file) : NULL;
	const char *mode = json_str(o, "mode");
	r->mode = xstrdup(mode ? mode : "drill");
	r->time_s = json_num(o, "time_s", 0);
	r->answers = xcalloc(qs->n ? qs->n : 1, sizeof *r->answers);
	for (size_t i = 0; i < qs->n; i++) {
		const JVal *a = &qs->items[i];
		const char *name = json_str(a, "quantity");
		Grade g;
		Skill s;
		if (!name || !grade_parse(json_str(a, "grade"), &g) || !skill_parse(json_str(a, "skill"), &s))
			continue;	/* an answer we cannot read; keep the rest */
		DrillRecordAnswer *ra = &r->answers[r->nanswers++];
		const char *ans = json_str(a, "answer");
		ra->quantity = xstrdup(name);
		ra->answer = xstrdup(ans ? ans : "");
		ra->grade = g;
		ra->skill = s;
		/* a hand-edited history may say anything: clamped before it becomes an int */
		double hints = json_num(a, "hints", 0);
		ra->hints = !(hints > 0) ? 0 : hints > 100 ? 100 : (int)hints;
		ra->late = json_bool(a, "late");
		ra->max = json_num(a, "max", DRILL_MAX_POINTS);
		ra->points = json_num(a, "points", 0);
		if (ra->max <= 0)
			ra->max = DRILL_MAX_POINTS;
		if (ra->points < 0)
			ra->points = 0;
		if (ra->points > ra->max)
			ra->points = ra->max;
		ra->time_s = json_num(a, "time_s", 0);
		ra->slip = (int)slip_parse(json_str(a, "slip"));
		r->points += ra->points;
		r->max += ra->max;
	}
	return true;
}

struct ParseCtx {
	DrillHistory *h;
	size_t cap;
};

static bool add_record(const JVal *v, void *ctx)
{
	struct ParseCtx *pc = ctx;
	DrillRecord r;
	if (!record_from_json(v, &r)) {
		free_record(&r);
		return false;
	}
	DrillHistory *h = pc->h;
	if (h->nrecords == pc->cap) {
		pc->cap = pc->cap ? pc->cap * 2 : 16;
		h->records = xrealloc(h->records, pc->cap * sizeof *h->records);
	}
	h->records[h->nrecords++] = r;
	return true;
}

DrillHistory *drill_history_parse(const char *text, size_t n)
{
	DrillHistory *h = xcalloc(1, sizeof *h);
	struct ParseCtx pc = {h, 0};
	h->bad_lines = json_lines(text, n, add_record, &pc);
	return h;
}

char *drill_history_path(BoeError *err)
{
	char *path = state_user_file("history.jsonl");
	if (!path)
		boe_error_set(err, "", 0, 0, "no place for the practice history: set XDG_STATE_HOME or HOME");
	return path;
}

/* "history.jsonl" -> "history.1.jsonl": where a full history moves. Caller frees. */
static char *rotated_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(path, '.');
	if (!dot || (slash && dot < slash))
		return xasprintf("%s.1", path);
	return xasprintf("%.*s.1%s", (int)(dot - path), path, dot);
}

DrillHistory *drill_history_load(const char *path, BoeError *err)
{
	char *own = NULL;
	if (!path) {
		own = drill_history_path(err);
		if (!own)
			return NULL;
		path = own;
	}
	/* the rotated part first (it is older), then the current file */
	Buf all = {0};
	char *rotated = rotated_path(path);
	const char *parts[2] = {rotated, path};
	bool ok = true;
	for (int i = 0; i < 2 && ok; i++) {
		if (!file_exists(parts[i]))
			continue;
		size_t n;
		char *text = file_read(parts[i], HISTORY_MAX, NULL, &n, err);
		if (!text) {
			ok = false;
			break;
		}
		buf_addn(&all, text, n);
		if (n > 0 && text[n - 1] != '\n')
			buf_addc(&all, '\n');
		free(text);
	}
	free(rotated);
	free(own);
	if (!ok) {
		buf_free(&all);
		return NULL;
	}
	DrillHistory *h = drill_history_parse(all.s ? all.s : "", all.len);
	buf_free(&all);
	return h;
}

/*
 * Recency-weighted share of points over the answers matching (quantity, or
 * skill when quantity is NULL), newest first. -1 when there is none.
 */
static double recent_share(const DrillHistory *h, const char *quantity, Skill skill)
{
	if (!h)
		return -1;
	double w = 1, sw = 0, sp = 0;
	int seen = 0;
	for (size_t i = h->nrecords; i-- > 0 && seen < RECENCY_DEPTH;) {
		const DrillRecord *r = &h->records[i];
		for (size_t j = r->nanswers; j-- > 0 && seen < RECENCY_DEPTH;) {
			const DrillRecordAnswer *a = &r->answers[j];
			if (a->grade == GRADE_UNANSWERED)
				continue;
			if (quantity ? strcmp(a->quantity, quantity) != 0 : a->skill != skill)
				continue;
			sp += w * a->points / a->max;
			sw += w;
			w *= RECENCY_DECAY;
			seen++;
		}
	}
	return seen ? sp / sw : -1;
}

double drill_weakness_quantity(const DrillHistory *h, const char *quantity)
{
	double s = recent_share(h, quantity, SKILL_TRAFFIC);
	return s < 0 ? -1 : 1 - s;
}

double drill_weakness_skill(const DrillHistory *h, Skill s)
{
	double r = recent_share(h, NULL, s);
	return r < 0 ? -1 : 1 - r;
}

/* ---- stats over time ---- */

static bool record_answered(const DrillRecord *r)
{
	for (size_t j = 0; j < r->nanswers; j++)
		if (r->answers[j].grade != GRADE_UNANSWERED)
			return true;
	return false;
}

void drill_stats(const DrillHistory *h, DrillStats *out)
{
	memset(out, 0, sizeof *out);
	out->weakest = -1;
	for (int s = 0; s < SKILL_COUNT; s++) {
		out->skill[s].first = out->skill[s].recent = -1;
		for (int b = 0; b < DRILL_STAT_BUCKETS; b++)
			out->skill[s].bucket[b] = -1;
	}
	if (!h || h->nrecords == 0)
		return;
	for (size_t i = 0; i < h->nrecords; i++) {
		if (!record_answered(&h->records[i]))
			continue;	/* a drill with no answer is not counted */
		out->drills++;
		time_t w = h->records[i].when;
		if (w == 0)
			continue;
		if (out->first == 0 || w < out->first)
			out->first = w;
		if (w > out->last)
			out->last = w;
	}
	/* periods: days when the history spans under 12 days, else weeks */
	if (out->last) {
		time_t day0 = out->last - out->last % 86400;
		time_t span = day0 - (out->first - out->first % 86400);
		out->bucket_days = span < (time_t)DRILL_STAT_BUCKETS * 86400 ? 1 : 7;
		time_t len = (time_t)out->bucket_days * 86400;
		long nb = (long)(span / len) + 1;
		out->nbuckets = nb > DRILL_STAT_BUCKETS ? DRILL_STAT_BUCKETS : (int)nb;
		time_t last_start = out->bucket_days == 1 ? day0 : day0 - 6 * 86400;
		for (int b = 0; b < out->nbuckets; b++)
			out->bucket_start[b] = last_start - (time_t)(out->nbuckets - 1 - b) * len;
	}
	double bp[SKILL_COUNT][DRILL_STAT_BUCKETS] = {{0}}, bm[SKILL_COUNT][DRILL_STAT_BUCKETS] = {{0}};
	for (size_t i = 0; i < h->nrecords; i++) {
		const DrillRecord *r = &h->records[i];
		int b = -1;
		if (r->when && out->nbuckets) {
			time_t len = (time_t)out->bucket_days * 86400;
			for (int k = out->nbuckets; k-- > 0;)
				if (r->when >= out->bucket_start[k]) {
					b = r->when < out->bucket_start[k] + len ? k : -1;
					break;
				}
		}
		for (size_t j = 0; j < r->nanswers; j++) {
			const DrillRecordAnswer *a = &r->answers[j];
			if (a->grade == GRADE_UNANSWERED)
				continue;
			DrillSkillStats *ss = &out->skill[a->skill];
			ss->answers++;
			ss->points += a->points;
			ss->max += a->max;
			out->answers++;
			if (b >= 0) {
				bp[a->skill][b] += a->points;
				bm[a->skill][b] += a->max;
			}
		}
	}
	for (int s = 0; s < SKILL_COUNT; s++) {
		DrillSkillStats *ss = &out->skill[s];
		for (int b = 0; b < out->nbuckets; b++)
			if (bm[s][b] > 0)
				ss->bucket[b] = bp[s][b] / bm[s][b];
		if (ss->answers == 0)
			continue;
		/* the oldest half of this skill's answers */
		size_t half = (ss->answers + 1) / 2, seen = 0;
		double p = 0, m = 0;
		for (size_t i = 0; i < h->nrecords && seen < half; i++)
			for (size_t j = 0; j < h->records[i].nanswers && seen < half; j++) {
				const DrillRecordAnswer *a = &h->records[i].answers[j];
				if (a->grade == GRADE_UNANSWERED || a->skill != (Skill)s)
					continue;
				p += a->points;
				m += a->max;
				seen++;
			}
		ss->first = m > 0 ? p / m : -1;
		ss->recent = recent_share(h, NULL, (Skill)s);
		if (out->weakest < 0 || ss->recent < out->skill[out->weakest].recent)
			out->weakest = s;
	}
}

/* ---- building a drill ---- */

struct Drill {
	char *preset, *title, *summary;
	char *file;		/* the scenario's file as an absolute path, for the history; NULL for stdin */
	DrillGiven *givens;
	size_t ngivens;
	DrillQuestion *qs;
	size_t nq;
	size_t cur;
	double time_limit;
	unsigned long long seed;
	double (*clock)(void *ctx);
	void *clock_ctx;
	double q_start;		/* clock when the current question was first asked, -1 before */
	double start, end;	/* whole drill; start -1 before the first question */
	bool finished;
	char *hint;
	/* answers and grading (src/answer.c, src/grade.c, src/hint.c) */
	double total_limit;	/* whole drill, seconds; 0 none */
	bool calc, time_up;
	GradeModel *model;
	char *(*rungs)[HINT_RUNGS];	/* per question */
	/* the history line */
	char *mode;		/* NULL: a drill */
	time_t date;		/* 0: now */
};

/*
 * The standard quantities the drill asks, in the order of the estimation
 * chain (requests a day and the average rate are one figure: the rate is
 * asked), each in the words an interviewer uses (saying what it covers: egress
 * to readers before any CDN, or what still reaches the origin). `when` names
 * an input that must be non-zero for the question to fit (no CDN, no
 * question about what the CDN leaves). The availability and latency blocks'
 * results come last.
 */
static const struct ChainStep {
	const char *name;
	const char *display;	/* display hint overriding the quantity's, or NULL */
	const char *wording;
	const char *when;	/* asked only when this quantity is non-zero, or NULL */
} chain[] = {
	{"avg_qps", NULL, "On average, how many requests per second does the whole system serve, reads and writes together?", NULL},
	{"peak_qps", NULL, "At peak, how many requests per second do you plan for, reads and writes together?", NULL},
	{"storage_per_day", "B/day", "How much new storage does a day of writes take, counting every copy and the overhead?", NULL},
	{"storage_total", NULL, "How much storage do you hold over the whole retention period, every copy included?", NULL},
	{"egress_peak", NULL, "How much data do you serve to readers per second at peak, before any CDN?", NULL},
	{"origin_egress_peak", NULL, "How much of that peak egress still reaches your origin servers once the CDN takes its share?", "cdn_hit_ratio"},
	{"concurrency", NULL, "How many requests are in flight at your servers at peak?", NULL},
	{"pool_size", NULL, "How many threads or connections do you provision so that pool runs at the target utilization?", NULL},
	{"servers", NULL, "How many application servers do you need at peak, spares included?", NULL},
	{"cache_memory", NULL, "How much cache memory holds the hot share of a day's reads?", NULL},
	{"db_qps", NULL, "How many queries per second reach the database at peak, once the cache has answered its share?", NULL},
	{"downtime_per_month", NULL, "How much downtime a month does the SLA allow?", NULL},
	{"composite_downtime_per_year", NULL, "With the tiers in series and each tier's replicas in parallel, how much downtime a year does the whole system have (and does that meet the SLA)?", NULL},
	{"latency_total", NULL, "Adding up the hops of the request path, how long does one request take?", NULL},
	{"latency_margin", NULL, "How much of the latency budget is left once every hop is paid for?", NULL},
};

/*
 * The inputs a candidate names and states: a short label, whether the
 * candidate would state it as an assumption (unless the interviewer told it),
 * and the guide's range for it (Part 3, 7, 19).
 */
static const struct StdWords {
	const char *name, *label;
	bool assume;
	const char *range;
} std_words[] = {
	{"dau", "daily active users", false, NULL},
	{"requests_per_user", "requests per user", false, NULL},
	{"reads_per_write", "reads per write", false, NULL},
	{"peak_factor", "peak factor", true, "2–5×"},
	{"avg_write_qps", "writes", false, NULL},
	{"avg_read_qps", "reads", false, NULL},
	{"session_length", "time a user is connected a day", false, NULL},
	{"object_size", "size of one write", false, "a row 1–4 KB, a post 300 B–2 KB, an image 200 KB–2 MB"},
	{"replication", "replication", true, "3 copies"},
	{"storage_overhead", "storage overhead (indexes, metadata, backups)", true, "+30–50% for indexes, 2× with backups"},
	{"retention", "retention", false, NULL},
	{"response_size", "size of one read response", false, NULL},
	{"cdn_hit_ratio", "CDN hit ratio", true, "80–95%"},
	{"service_time", "time a request holds a server", true, NULL},
	{"target_utilization", "target utilization", true, NULL},
	{"server_rps", "requests per second one server sustains", true, "500–2,000 RPS for light JSON"},
	{"server_concurrency", "requests one server holds in flight", true, NULL},
	{"spare_servers", "spare servers", true, "N+1"},
	{"db_pool_per_server", "database connections per server", true, "10 each"},
	{"cache_hit_ratio", "cache hit ratio", true, "80–90%"},
	{"hot_fraction", "hot share of a day's reads", true, "the 80/20 rule"},
	{"shard_storage", "data one shard holds", true, NULL},
	{"shard_write_qps", "writes one shard takes", true, NULL},
	{"sla", "availability target (SLA)", false, NULL},
	{"server_cost", "cost of one server", false, NULL},
	{"egress_price", "egress price", false, NULL},
	{"storage_price", "storage price", false, NULL},
};

static const struct StdWords *std_words_of(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(std_words); i++)
		if (strcmp(std_words[i].name, name) == 0)
			return &std_words[i];
	return NULL;
}

const char *drill_input_label(const char *name)
{
	const struct StdWords *w = std_words_of(name);
	return w ? w->label : NULL;
}

const char *drill_input_range(const char *name)
{
	const struct StdWords *w = std_words_of(name);
	return w ? w->range : NULL;
}

static Skill section_skill(Section s, bool *known)
{
	*known = true;
	switch (s) {
	case SEC_TRAFFIC: return SKILL_TRAFFIC;
	case SEC_USERS: return SKILL_CONCURRENCY;
	case SEC_STORAGE: return SKILL_STORAGE;
	case SEC_BANDWIDTH: return SKILL_BANDWIDTH;
	case SEC_COMPUTE: return SKILL_CONCURRENCY;
	case SEC_CACHE_DB: return SKILL_CACHING;
	case SEC_AVAILABILITY: return SKILL_AVAILABILITY;
	case SEC_COST: return SKILL_COST;
	default: break;
	}
	*known = false;
	return SKILL_TRAFFIC;
}

/*
 * A skill word of a file (skill:): one of the names, or a common synonym.
 * False for any other word (the quantity's own skill applies then).
 */
static bool skill_from_word(const char *w, Skill *out)
{
	static const struct { const char *word; Skill skill; } syn[] = {
		{"qps", SKILL_TRAFFIC}, {"throughput", SKILL_TRAFFIC}, {"rate", SKILL_TRAFFIC},
		{"requests", SKILL_TRAFFIC}, {"disk", SKILL_STORAGE}, {"space", SKILL_STORAGE},
		{"network", SKILL_BANDWIDTH}, {"egress", SKILL_BANDWIDTH}, {"ingress", SKILL_BANDWIDTH},
		{"memory", SKILL_CACHING}, {"cache", SKILL_CACHING}, {"servers", SKILL_CONCURRENCY},
		{"compute", SKILL_CONCURRENCY}, {"capacity", SKILL_CONCURRENCY},
		{"connections", SKILL_CONCURRENCY}, {"reliability", SKILL_AVAILABILITY},
		{"uptime", SKILL_AVAILABILITY}, {"sla", SKILL_AVAILABILITY}, {"delay", SKILL_LATENCY},
		{"time", SKILL_LATENCY}, {"money", SKILL_COST}, {"price", SKILL_COST},
		{"pricing", SKILL_COST},
	};
	if (skill_parse(w, out))
		return true;
	for (size_t i = 0; i < ARRAY_LEN(syn); i++)
		if (strcmp(w, syn[i].word) == 0) {
			*out = syn[i].skill;
			return true;
		}
	return false;
}

/*
 * A quantity's skill: the file's skill: word when it names one; a standard
 * quantity's follows its section (the latency block's is latency). A define's
 * follows its dimension when that says it (data: storage, data rate:
 * bandwidth), else the nearest standard quantity it is computed from.
 */
static Skill quantity_skill(const Scenario *s, int qi)
{
	const Quantity *q = &s->q[qi];
	Skill k;
	if (q->skill && skill_from_word(q->skill, &k))
		return k;
	if (qi == s->q_total || qi == s->q_margin)
		return SKILL_LATENCY;
	bool known;
	k = section_skill(q->section, &known);
	if (known)
		return k;
	if (dim_eq(q->dim, DIM_DATA))
		return SKILL_STORAGE;
	if (dim_eq(q->dim, DIM_DATA_RATE))
		return SKILL_BANDWIDTH;
	int *queue = xmalloc(s->nq * sizeof *queue);
	bool *seen = xcalloc(s->nq, sizeof *seen);
	size_t head = 0, tail = 0;
	queue[tail++] = qi;
	seen[qi] = true;
	k = dim_eq(q->dim, DIM_TIME) ? SKILL_AVAILABILITY : SKILL_TRAFFIC;
	while (head < tail) {
		const Quantity *c = &s->q[queue[head++]];
		Skill ck = section_skill(c->section, &known);
		if (known) {
			k = ck;
			break;
		}
		for (int i = 0; i < c->ndeps; i++) {
			int d = c->deps[i];
			if (d >= 0 && (size_t)d < s->nq && !seen[d]) {
				seen[d] = true;
				queue[tail++] = d;
			}
		}
	}
	free(queue);
	free(seen);
	return k;
}

/*
 * A quantity worth asking: derived, used, with a finite non-zero value, shown
 * among the quantities or a result of the availability or latency block.
 */
static bool askable(const Quantity *q)
{
	return q->expr && !q->input && !q->unused && !q->hidden &&
	       isfinite(q->value) && q->value != 0 && q->formula && q->formula[0];
}

/* "ws_memory_per_connection" as words: "ws memory per connection". Caller frees. */
static char *name_words(const char *name)
{
	char *w = xstrdup(name[0] == '_' ? name + 1 : name);
	for (char *p = w; *p; p++)
		if (*p == '_')
			*p = ' ';
	return w;
}

/*
 * The question's words: the file's ask:, the chain's wording, or (for a
 * define the file left unworded) its note or its name turned into words, so
 * that no question reads as a variable name.
 */
static char *question_wording(const Quantity *q, const struct ChainStep *step)
{
	if (q->ask && q->ask[0])
		return text_sanitize(q->ask, 0);
	if (step)
		return xstrdup(step->wording);
	char *words = name_words(q->name);
	char *w;
	if (q->note && q->note[0]) {
		char *note = text_sanitize(q->note, 0);
		w = xasprintf("What is the %s (%s)?", words, note);
		free(note);
	} else {
		w = xasprintf("What is the %s?", words);
	}
	free(words);
	return w;
}

static void question_init(DrillQuestion *dq, const Scenario *s, int qi, const struct ChainStep *step)
{
	const Quantity *q = &s->q[qi];
	dq->q = qi;
	dq->name = xstrdup(q->name);
	dq->skill = quantity_skill(s, qi);
	dq->block = q->block;
	dq->dim = q->dim;
	dq->disp = step && step->display ? display_from_hint(step->display) : q->disp;
	dq->value = q->value;
	char num[64], unit[64], text[128];
	units_format_parts(q->value, q->dim, &dq->disp, NULL, num, sizeof num, unit, sizeof unit);
	units_format(q->value, q->dim, &dq->disp, NULL, text, sizeof text);
	Dim ud = DIM_NONE;
	double f = 1;
	if (unit[0] && !(answer_unit_value(unit, &f, &ud) && dim_eq(ud, q->dim) && f > 0)) {
		/* a display unit the language cannot read back: fall back to base units */
		dim_base_unit(q->dim, unit, sizeof unit);
		f = 1;
		dq->disp = (Display){0};
		units_format(q->value, q->dim, NULL, NULL, text, sizeof text);
	}
	dq->unit = xstrdup(unit);
	dq->unit_factor = f;
	dq->unit_phrase = answer_unit_phrase(unit);
	dq->value_text = xstrdup(text);
	dq->wording = question_wording(q, step);
	/* the derivation, ending in the unit the question asked for */
	const char *ex = q->explain ? q->explain : "";
	size_t el = strlen(ex), tl = strlen(text);
	if (el >= tl && strcmp(ex + el - tl, text) == 0)
		dq->explain = xstrdup(ex);
	else
		dq->explain = xasprintf("%s%s%s", ex, ex[0] ? " = " : "", text);
	dq->formula = xstrdup(q->formula ? q->formula : "");
	dq->substituted = xstrdup(q->substituted ? q->substituted : "");
	dq->grade = GRADE_UNANSWERED;
}

static void question_number(DrillQuestion *dq, int n)
{
	dq->n = n;
	free(dq->line);
	dq->line = xasprintf("Q%d [%s] %s (answer %s)", n, dq->name, dq->wording, dq->unit_phrase);
}

static void question_free(DrillQuestion *q)
{
	free(q->name);
	free(q->wording);
	free(q->unit);
	free(q->unit_phrase);
	free(q->line);
	free(q->value_text);
	free(q->explain);
	free(q->formula);
	free(q->substituted);
	free(q->answer);
}

/* Weight of a question when drawing a seed: weak ones weigh most. */
static double question_weight(const DrillHistory *h, const DrillQuestion *q)
{
	double wq = drill_weakness_quantity(h, q->name);
	double ws = drill_weakness_skill(h, q->skill);
	if (wq < 0)
		wq = UNSEEN_WEAKNESS;
	if (ws < 0)
		ws = UNSEEN_WEAKNESS;
	double w = wq + ws;	/* 0..2; cubed so the weak ones clearly dominate */
	return 0.02 + w * w * w;
}

bool drill_same_figure(Dim da, double a, Dim db, double b)
{
	if (!dim_eq(da, db) || !isfinite(a) || !isfinite(b))
		return false;
	/* small whole counts (3 servers, 3 replicas) coincide without meaning the same figure */
	if (dim_none(da) && a == floor(a) && b == floor(b) && fabs(a) < 100)
		return false;
	double m = fmax(fabs(a), fabs(b));
	return fabs(a - b) <= DRILL_SAME_TOL * m;
}

/* Marks in need every quantity the listed ones are computed from (themselves included). */
static void mark_inputs(const Scenario *s, const int *qs, size_t n, bool *need)
{
	int *stack = xmalloc((s->nq + 1) * sizeof *stack);
	size_t top = 0;
	for (size_t i = 0; i < n; i++)
		if (!need[qs[i]])
			need[qs[i]] = true, stack[top++] = qs[i];
	while (top > 0) {
		const Quantity *q = &s->q[stack[--top]];
		for (int i = 0; i < q->ndeps; i++) {
			int k = q->deps[i];
			if (k >= 0 && (size_t)k < s->nq && !need[k])
				need[k] = true, stack[top++] = k;
		}
	}
	free(stack);
}

/*
 * Whether input i is told to the candidate (the preset set it or defined it,
 * or the file's block gives it) or stated by the candidate as an assumption.
 */
static bool given_assumed(const Quantity *q)
{
	if (q->told)
		return false;
	if (q->origin == ORIGIN_DEFAULT)
		return true;
	const struct StdWords *w = q->std ? std_words_of(q->name) : NULL;
	if (w)
		return w->assume;
	return !q->std && q->note && strncmp(q->note, "assumption", 10) == 0;
}

/* The given as the interviewer says it, or as the candidate states the assumption. */
static char *given_line(const Scenario *s, int qi, bool assumed)
{
	const Quantity *q = &s->q[qi];
	if (q->told)
		return text_sanitize(q->told, 0);
	const struct StdWords *w = q->std ? std_words_of(q->name) : NULL;
	if (w && strcmp(w->name, "cdn_hit_ratio") == 0 && q->value == 0)
		return xstrdup("no CDN: every read reaches the origin servers");
	char *label = w ? xstrdup(w->label) : name_words(q->name);
	char v[128];
	scenario_format_value(s, qi, NULL, v, sizeof v);
	char *text = text_sanitize(q->origin == ORIGIN_DEFAULT || !q->text ? v : q->text, 0);
	Buf b = {0};
	buf_printf(&b, "%s: %s", label, text);
	if (assumed && w && w->range)
		buf_printf(&b, " (assumption; the guide says %s)", w->range);
	else if (q->note && q->note[0] && !q->std) {
		char *note = text_sanitize(q->note, 0);
		buf_printf(&b, " (%s)", note);
		free(note);
	} else if (assumed)
		buf_add(&b, q->origin == ORIGIN_DEFAULT ? " (assumption: boe's standard figure)" : " (assumption)");
	free(label);
	free(text);
	return buf_take(&b);
}

static DrillGiven *add_given(Drill *d, const Scenario *s, int qi, bool assumed, char *line)
{
	const Quantity *q = &s->q[qi];
	DrillGiven *g = &d->givens[d->ngivens++];
	char v[128];
	scenario_format_value(s, qi, NULL, v, sizeof v);
	g->name = xstrdup(q->name);
	g->text = text_sanitize(q->text ? q->text : v, 0);
	g->value = xstrdup(v);
	const char *m = q->note && q->note[0] ? q->note :
			q->std && q->std->meaning && q->std->meaning[0] ? q->std->meaning : NULL;
	g->meaning = m ? text_sanitize(m, 0) : NULL;
	g->assumed = assumed;
	g->standard = q->origin == ORIGIN_DEFAULT;
	g->told = q->told != NULL;
	g->line = line;
	g->dim = q->dim;
	g->num = q->value;
	return g;
}

/*
 * The givens: every input the preset states (its own figures, then the
 * availability tiers and latency hops), then the assumptions the questions
 * depend on, standard defaults included.
 */
static void add_givens(Drill *d, const Scenario *s)
{
	bool *need = xcalloc(s->nq, sizeof *need);
	int *qs = xmalloc((d->nq + 1) * sizeof *qs);
	for (size_t i = 0; i < d->nq; i++)
		qs[i] = d->qs[i].q;
	mark_inputs(s, qs, d->nq, need);
	free(qs);
	d->givens = xcalloc(s->nq, sizeof *d->givens);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < s->nq; i++) {
			const Quantity *q = &s->q[i];
			if (!q->input || q->unused || q->hidden || q->block)
				continue;
			bool assumed = given_assumed(q);
			if (assumed != (pass == 1) || (q->origin == ORIGIN_DEFAULT && !need[i]))
				continue;
			add_given(d, s, (int)i, assumed, given_line(s, (int)i, assumed));
		}
	/* the blocks, as the interviewer draws them */
	for (size_t t = 0; t < s->ntiers; t++) {
		const Tier *tier = &s->tiers[t];
		char a[64];
		scenario_format_value(s, tier->q_avail, NULL, a, sizeof a);
		char *name = text_sanitize(tier->name, 0);
		double r = s->q[tier->q_replicas].value;
		char *line = r == 1 ? xasprintf("%s: %s available", name, a)
				    : xasprintf("%s: %s available, %g in parallel", name, a, r);
		free(name);
		DrillGiven *g = add_given(d, s, tier->q_avail, false, line);
		g->also = xstrdup(s->q[tier->q_replicas].name);
	}
	if (s->q_target >= 0) {
		char v[64];
		scenario_format_value(s, s->q_target, NULL, v, sizeof v);
		add_given(d, s, s->q_target, false, xasprintf("latency target: %s", v));
	}
	for (size_t h = 0; h < s->nhops; h++) {
		char v[64];
		scenario_format_value(s, s->hops[h].q_time, NULL, v, sizeof v);
		char *name = text_sanitize(s->hops[h].name, 0);
		add_given(d, s, s->hops[h].q_time, false, xasprintf("hop %s: %s", name, v));
		free(name);
	}
	free(need);
}

/* A candidate question: the quantity, its chain step, and where the chain puts it. */
typedef struct Cand {
	int q;
	const struct ChainStep *step;
	double rank;
} Cand;

/* Index of q's row in the standard table, or -1. */
static long std_index(const Quantity *q)
{
	size_t n;
	const StdQuantity *t = std_quantities(&n);
	return q->std ? (long)(q->std - t) : -1;
}

/*
 * What chain_rank reads of the graph, for every quantity at once (one pass
 * each way over the evaluation order, not a walk of the graph per question):
 * the latest standard row among what it is computed from, the first
 * standard result computed from it, and the first standard row of each
 * skill.
 */
typedef struct RankInfo {
	long *latest_in;	/* the largest std_index among its inputs, direct or not; -1 none */
	long *first_out;	/* the smallest index of a standard, derived quantity computed from it; -1 none */
	long first_of[SKILL_COUNT];	/* the first standard quantity of a section of that skill; -1 none */
} RankInfo;

static void rank_info(const Scenario *s, RankInfo *ri)
{
	ri->latest_in = xmalloc((s->nq + 1) * sizeof *ri->latest_in);
	ri->first_out = xmalloc((s->nq + 1) * sizeof *ri->first_out);
	long *own = xmalloc((s->nq + 1) * sizeof *own); /* std_index, counting the quantity itself */
	for (size_t k = 0; k < s->nq; k++) { /* inputs first */
		int qi = s->order[k];
		const Quantity *q = &s->q[qi];
		long in = -1;
		for (int i = 0; i < q->ndeps; i++)
			if (q->deps[i] >= 0 && (size_t)q->deps[i] < s->nq && own[q->deps[i]] > in)
				in = own[q->deps[i]];
		ri->latest_in[qi] = in;
		own[qi] = q->std && std_index(q) > in ? std_index(q) : in;
	}
	for (size_t k = s->nq; k-- > 0;) { /* results first */
		int qi = s->order[k];
		const Quantity *q = &s->q[qi];
		long out = -1;
		for (int i = 0; i < q->nusers; i++) {
			int u = q->users[i];
			if (u < 0 || (size_t)u >= s->nq)
				continue;
			if (s->q[u].std && !s->q[u].input && (out < 0 || u < out))
				out = u;
			if (ri->first_out[u] >= 0 && (out < 0 || ri->first_out[u] < out))
				out = ri->first_out[u];
		}
		ri->first_out[qi] = out;
	}
	free(own);
	for (int k = 0; k < SKILL_COUNT; k++)
		ri->first_of[k] = -1;
	for (size_t i = s->nq; i-- > 0;) {
		bool known;
		Skill k = s->q[i].std ? section_skill(s->q[i].section, &known) : SKILL_COUNT;
		if (s->q[i].std && known && k < SKILL_COUNT)
			ri->first_of[k] = (long)i;
	}
}

static void rank_info_free(RankInfo *ri)
{
	free(ri->latest_in);
	free(ri->first_out);
}

/*
 * Where the chain puts a question: a standard quantity at its place in the
 * table (which is the chain's order), the blocks' results after it. A
 * preset's own step comes as soon as the chain allows: just after the latest
 * standard quantity it is computed from, given or derived (views a day right
 * after the reads per second, a cache's memory with the caching questions),
 * and at the latest just before the first
 * standard quantity computed from it; one that reads no standard quantity
 * and feeds none (a Bloom filter of its own inputs) after the standard chain.
 */
static double chain_rank(const Scenario *s, int qi, const RankInfo *ri)
{
	size_t nstd;
	std_quantities(&nstd);
	const Quantity *q = &s->q[qi];
	if (q->block) {
		for (size_t i = 0; i < ARRAY_LEN(chain); i++)
			if (strcmp(chain[i].name, q->name) == 0)
				return (double)(nstd + i);
		return (double)(nstd + ARRAY_LEN(chain));
	}
	if (q->std)
		return (double)std_index(q);
	double after = -1, before = (double)nstd - 0.5;
	if (ri->latest_in[qi] >= 0)
		after = (double)ri->latest_in[qi] + 0.5;
	/* and not before the part of the chain its skill belongs to (a cache's memory
	   with the caching questions, even when it reads only the daily users) */
	Skill k = after >= 0 ? quantity_skill(s, qi) : SKILL_COUNT;
	if (k < SKILL_COUNT && ri->first_of[k] >= 0)
		after = fmax(after, (double)std_index(&s->q[ri->first_of[k]]) - 0.25);
	if (ri->first_out[qi] >= 0) /* the table's order is the chain's */
		before = (double)std_index(&s->q[ri->first_out[qi]]) - 0.5;
	return after >= 0 && after < before ? after : before;
}

/* Whether the chain step's condition holds (its `when` quantity is non-zero). */
static bool step_fits(const Scenario *s, const struct ChainStep *step)
{
	if (!step->when)
		return true;
	int k = scenario_find(s, step->when);
	return k >= 0 && s->q[k].value != 0;
}

/*
 * The candidates: the chain's standard quantities that fit, then every other
 * quantity the file words or defines, minus what its drill block skips.
 */
static size_t collect(const Scenario *s, Cand *c)
{
	size_t n = 0;
	bool *taken = xcalloc(s->nq, sizeof *taken);
	for (size_t i = 0; i < ARRAY_LEN(chain); i++) {
		int qi = scenario_find(s, chain[i].name);
		if (qi < 0 || !askable(&s->q[qi]) || !step_fits(s, &chain[i]) ||
		    scenario_drill_skips(s, chain[i].name))
			continue;
		c[n++] = (Cand){.q = qi, .step = &chain[i]};
		taken[qi] = true;
	}
	for (size_t i = 0; i < s->nq; i++) {
		const Quantity *q = &s->q[i];
		if (taken[i] || q->block || !askable(q) || scenario_drill_skips(s, q->name))
			continue;
		if ((q->origin == ORIGIN_DEFINE && !q->std) || (q->std && q->ask))
			c[n++] = (Cand){.q = (int)i};
	}
	free(taken);
	return n;
}

/* Candidate a comes before b in the order of asking when its rank is lower, or equal and it came first. */
static bool asked_first(const Cand *c, int a, int b)
{
	return c[a].rank < c[b].rank || (c[a].rank == c[b].rank && a < b);
}

static void heap_push(int *heap, size_t *n, const Cand *c, int v)
{
	size_t i = (*n)++;
	for (; i > 0 && asked_first(c, v, heap[(i - 1) / 2]); i = (i - 1) / 2)
		heap[i] = heap[(i - 1) / 2];
	heap[i] = v;
}

static int heap_pop(int *heap, size_t *n, const Cand *c)
{
	int top = heap[0], v = heap[--*n];
	size_t i = 0;
	for (;;) {
		size_t k = 2 * i + 1;
		if (k >= *n)
			break;
		if (k + 1 < *n && asked_first(c, heap[k + 1], heap[k]))
			k++;
		if (!asked_first(c, heap[k], v))
			break;
		heap[i] = heap[k];
		i = k;
	}
	if (*n)
		heap[i] = v;
	return top;
}

/*
 * Orders the candidates: dependencies first, then the chain's order. Of the
 * candidates whose inputs among the candidates are all asked, the lowest
 * rank goes next (the first written, on a tie). A candidate waits for its
 * nearest candidate inputs only, found through the quantities that are not
 * asked: those wait in turn for theirs, so every input is asked before it.
 */
static void order_cands(const Scenario *s, Cand *c, size_t n)
{
	RankInfo ri;
	rank_info(s, &ri);
	int *cand_of = xmalloc((s->nq + 1) * sizeof *cand_of), *seen = xmalloc((s->nq + 1) * sizeof *seen);
	for (size_t i = 0; i < s->nq; i++)
		cand_of[i] = seen[i] = -1;
	for (size_t i = 0; i < n; i++) {
		c[i].rank = chain_rank(s, c[i].q, &ri);
		cand_of[c[i].q] = (int)i;
	}
	rank_info_free(&ri);
	/* the edges, input -> candidate, as pairs; then each input's list of candidates */
	struct {
		int from, to;
	} *edge = NULL;
	int *stack = xmalloc((s->nq + 1) * sizeof *stack);
	size_t nedges = 0, cap = 0;
	int *waits = xcalloc(n + 1, sizeof *waits);
	for (size_t i = 0; i < n; i++) {
		size_t top = 0;
		stack[top++] = c[i].q;
		seen[c[i].q] = (int)i;
		while (top > 0) {
			const Quantity *q = &s->q[stack[--top]];
			for (int k = 0; k < q->ndeps; k++) {
				int d = q->deps[k];
				if (d < 0 || (size_t)d >= s->nq || seen[d] == (int)i)
					continue;
				seen[d] = (int)i;
				if (cand_of[d] < 0) {
					stack[top++] = d;
					continue;
				}
				edge = xgrow(edge, nedges, &cap, sizeof *edge, 64);
				edge[nedges].from = cand_of[d];
				edge[nedges++].to = (int)i;
				waits[i]++;
			}
		}
	}
	free(stack);
	free(seen);
	free(cand_of);
	size_t *first = xcalloc(n + 1, sizeof *first); /* input j's candidates: next[first[j] .. first[j + 1]) */
	for (size_t e = 0; e < nedges; e++)
		first[edge[e].from + 1]++;
	for (size_t j = 0; j < n; j++)
		first[j + 1] += first[j];
	int *next = xmalloc((nedges + 1) * sizeof *next);
	size_t *fill = xmalloc((n + 1) * sizeof *fill);
	memcpy(fill, first, (n + 1) * sizeof *fill);
	for (size_t e = 0; e < nedges; e++)
		next[fill[edge[e].from]++] = edge[e].to;
	free(fill);
	free(edge);
	int *heap = xmalloc((n + 1) * sizeof *heap);
	size_t nheap = 0, k = 0;
	for (size_t i = 0; i < n; i++)
		if (!waits[i])
			heap_push(heap, &nheap, c, (int)i);
	Cand *out = xmalloc((n + 1) * sizeof *out);
	bool *out_yet = xcalloc(n + 1, sizeof *out_yet);
	while (nheap) {
		int i = heap_pop(heap, &nheap, c);
		out[k++] = c[i];
		out_yet[i] = true;
		for (size_t e = first[i]; e < first[i + 1]; e++)
			if (--waits[next[e]] == 0)
				heap_push(heap, &nheap, c, next[e]);
	}
	for (size_t i = 0; i < n; i++) /* none is left (a computed scenario has no cycle); any would go last */
		if (!out_yet[i])
			out[k++] = c[i];
	free(out_yet);
	memcpy(c, out, n * sizeof *c);
	free(out);
	free(heap);
	free(next);
	free(first);
	free(waits);
}

/*
 * Figures (a dimension and a value) kept so that the ones drill_same_figure
 * pairs with a new figure are found at once: within 1% of each other, two
 * figures of a sign lie in the same step of the logarithm's scale (steps of
 * 1%) or close beside it, and only those steps are looked in.
 */
typedef struct Figure {
	Dim dim;
	double v;
	long step;
	int next;		/* the next figure of its hash slot, or -1 */
} Figure;

typedef struct FigureSet {
	Figure *f;
	size_t n, cap;
	int *slot;		/* the first figure of each hash slot, or -1; nslot a power of two */
	size_t nslot;
} FigureSet;

static long figure_step(double v)
{
	return v == 0 ? 0 : (long)floor(log(fabs(v)) / -log1p(-DRILL_SAME_TOL));
}

static size_t figure_hash(Dim d, double v, long step)
{
	uint64_t h = ((uint64_t)(unsigned char)d.t << 16 | (uint64_t)(unsigned char)d.d << 8 | (unsigned char)d.m) << 2;
	h |= v > 0 ? 1 : v < 0 ? 2 : 0;
	h ^= (uint64_t)step * 0x9E3779B97F4A7C15ull;
	return (size_t)(h ^ h >> 29);
}

/* Whether the set holds a figure drill_same_figure pairs with (d, v). */
static bool figure_known(const FigureSet *fs, Dim d, double v)
{
	if (!fs->nslot || !isfinite(v))
		return false;
	long step = figure_step(v);
	for (long k = step - 2; k <= step + 2; k++)
		for (int i = fs->slot[figure_hash(d, v, k) & (fs->nslot - 1)]; i >= 0; i = fs->f[i].next)
			if (fs->f[i].step == k && drill_same_figure(fs->f[i].dim, fs->f[i].v, d, v))
				return true;
	return false;
}

static void figure_link(FigureSet *fs, int i)
{
	size_t h = figure_hash(fs->f[i].dim, fs->f[i].v, fs->f[i].step) & (fs->nslot - 1);
	fs->f[i].next = fs->slot[h];
	fs->slot[h] = i;
}

static void figure_add(FigureSet *fs, Dim d, double v)
{
	if (!isfinite(v))
		return;
	long step = figure_step(v);
	if (fs->nslot) /* the same figure twice pairs as once */
		for (int i = fs->slot[figure_hash(d, v, step) & (fs->nslot - 1)]; i >= 0; i = fs->f[i].next)
			if (fs->f[i].v == v && dim_eq(fs->f[i].dim, d))
				return;
	fs->f = xgrow(fs->f, fs->n, &fs->cap, sizeof *fs->f, 64);
	fs->f[fs->n] = (Figure){d, v, step, -1};
	fs->n++;
	if (fs->n * 2 > fs->nslot) { /* at most half full: linked again into twice the slots */
		fs->nslot = fs->nslot ? 2 * fs->nslot : 128;
		free(fs->slot);
		fs->slot = xmalloc(fs->nslot * sizeof *fs->slot);
		for (size_t h = 0; h < fs->nslot; h++)
			fs->slot[h] = -1;
		for (size_t i = 0; i < fs->n; i++)
			figure_link(fs, (int)i);
	} else {
		figure_link(fs, (int)fs->n - 1);
	}
}

/*
 * Drops a question whose answer is already on the table: a figure the
 * scenario states (boe's own defaults aside: a server's 1000/s says nothing of
 * the traffic) or an earlier answer, of the same dimension within 1%.
 */
static size_t drop_known(const Scenario *s, Cand *c, size_t n)
{
	FigureSet table = {0};
	for (size_t k = 0; k < s->nq; k++) {
		const Quantity *g = &s->q[k];
		if (g->input && !g->unused && !g->block && g->origin != ORIGIN_DEFAULT)
			figure_add(&table, g->dim, g->value);
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		const Quantity *q = &s->q[c[i].q];
		if (figure_known(&table, q->dim, q->value))
			continue;
		c[m++] = c[i];
		figure_add(&table, q->dim, q->value);
	}
	free(table.f);
	free(table.slot);
	return m;
}

/* k of n indices drawn uniformly by seed, marked in take (the seed alone decides). */
static void draw_subset(size_t n, size_t k, unsigned long long seed, bool *take)
{
	uint64_t rng = seed ^ 0x6472696c6cull;
	size_t *idx = xmalloc((n + 1) * sizeof *idx);
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	for (size_t i = 0; i < k && i < n; i++) {
		size_t j = i + (size_t)(rng_unit(&rng) * (double)(n - i));
		if (j >= n)
			j = n - 1;
		size_t t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
		take[idx[i]] = true;
	}
	free(idx);
}

/* The candidates the options ask for (--skill, --retry, a mock's estimates), in order. */
static size_t keep_wanted(const Scenario *s, Cand *c, size_t n, const DrillOptions *o)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		const Quantity *q = &s->q[c[i].q];
		bool keep = !(o->estimates_only && (q->block || !q->std));
		if (keep && o->skill_only)
			keep = quantity_skill(s, c[i].q) == o->skill;
		if (keep && o->nonly) {
			keep = false;
			for (size_t k = 0; k < o->nonly && !keep; k++)
				keep = strcmp(o->only[k], q->name) == 0;
		}
		if (keep)
			c[m++] = c[i];
	}
	return m;
}

/* What grading needs beyond the questions: the formulas to diagnose with, the hint rungs, the limits. */
static void coach_init(Drill *d, const Scenario *s, const DrillOptions *opts)
{
	d->total_limit = opts->total_limit > 0 ? opts->total_limit : 0;
	d->calc = opts->calc;
	d->model = grade_model_new(s);
	d->rungs = xcalloc(d->nq + 1, sizeof *d->rungs);
	for (size_t i = 0; i < d->nq; i++)
		hint_rungs(s, d->qs[i].q, d->rungs[i]);
}

static void coach_free(Drill *d)
{
	grade_model_free(d->model);
	for (size_t i = 0; d->rungs && i < d->nq; i++)
		for (int k = 0; k < HINT_RUNGS; k++)
			free(d->rungs[i][k]);
	free(d->rungs);
}

Drill *drill_new(const Scenario *s, const DrillOptions *opts, BoeError *err)
{
	static const DrillOptions none;
	if (!opts)
		opts = &none;
	if (!s->computed) {
		boe_error_set(err, s->path ? s->path : "", 0, 0, "the scenario is not computed");
		return NULL;
	}
	Drill *d = xcalloc(1, sizeof *d);
	d->preset = xstrdup(s->name ? s->name : "scenario");
	if (s->path && strcmp(s->path, "-") != 0) {
		d->file = realpath(s->path, NULL);
		if (!d->file && s->path[0] == '/')
			d->file = xstrdup(s->path);
	}
	d->title = text_sanitize(s->title ? s->title : d->preset, 0);
	d->summary = text_sanitize(s->summary ? s->summary : "", 0);
	d->time_limit = opts->time_limit > 0 ? opts->time_limit : 0;
	d->seed = opts->seed;
	d->clock = opts->clock;
	d->clock_ctx = opts->clock_ctx;
	d->q_start = d->start = d->end = -1;

	Cand *c = xcalloc(s->nq + ARRAY_LEN(chain) + 1, sizeof *c);
	size_t n = collect(s, c);
	order_cands(s, c, n);
	n = drop_known(s, c, n);
	if (n == 0) {
		free(c);
		boe_error_set(err, s->path ? s->path : "", 0, 0,
			      "%s has no derived quantity to ask about", d->preset);
		drill_free(d);
		return NULL;
	}
	n = keep_wanted(s, c, n, opts);
	if (n == 0) {
		free(c);
		boe_error_set(err, s->path ? s->path : "", 0, 0, "%s has no question %s", d->preset,
			      opts->nonly ? "left to ask again" : opts->skill_only ? "of that skill" : "to ask");
		drill_free(d);
		return NULL;
	}
	d->mode = opts->mode ? xstrdup(opts->mode) : NULL;
	d->date = opts->date;
	if (opts->max_questions > 0 && opts->max_questions < n) {
		/* the seed alone draws max_questions; they keep the chain's order */
		bool *take = xcalloc(n, sizeof *take);
		draw_subset(n, opts->max_questions, opts->seed, take);
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (take[i])
				c[m++] = c[i];
		n = m;
		free(take);
	}
	d->qs = xcalloc(n, sizeof *d->qs);
	d->nq = n;
	for (size_t i = 0; i < n; i++) {
		question_init(&d->qs[i], s, c[i].q, c[i].step);
		question_number(&d->qs[i], (int)i + 1);
	}
	free(c);
	add_givens(d, s);
	coach_init(d, s, opts);
	return d;
}

void drill_free(Drill *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nq; i++)
		question_free(&d->qs[i]);
	free(d->qs);
	for (size_t i = 0; i < d->ngivens; i++) {
		free(d->givens[i].name);
		free(d->givens[i].text);
		free(d->givens[i].value);
		free(d->givens[i].meaning);
		free(d->givens[i].line);
		free(d->givens[i].also);
	}
	free(d->givens);
	free(d->preset);
	free(d->file);
	free(d->title);
	free(d->summary);
	free(d->hint);
	free(d->mode);
	coach_free(d);
	free(d);
}

unsigned long long drill_seed(const Drill *d) { return d->seed; }

bool drill_gives(const Drill *d, const char *name)
{
	for (size_t i = 0; i < d->ngivens; i++)
		if (strcmp(d->givens[i].name, name) == 0 ||
		    (d->givens[i].also && strcmp(d->givens[i].also, name) == 0))
			return true;
	return false;
}

const char *drill_preset(const Drill *d) { return d->preset; }
const char *drill_title(const Drill *d) { return d->title; }
const char *drill_summary(const Drill *d) { return d->summary; }

const DrillGiven *drill_givens(const Drill *d, size_t *n)
{
	*n = d->ngivens;
	return d->givens;
}

size_t drill_count(const Drill *d) { return d->nq; }

const DrillQuestion *drill_question(const Drill *d, size_t i)
{
	return i < d->nq ? &d->qs[i] : NULL;
}

size_t drill_current(const Drill *d) { return d->cur; }
bool drill_done(const Drill *d) { return d->finished || d->cur >= d->nq; }

/* ---- asking and grading ---- */

static double clock_now(const Drill *d)
{
	return d->clock ? d->clock(d->clock_ctx) : now_seconds();
}

const DrillQuestion *drill_ask(Drill *d)
{
	if (drill_done(d))
		return NULL;
	if (d->q_start < 0) {
		d->q_start = clock_now(d);
		if (d->start < 0)
			d->start = d->q_start;
	}
	return &d->qs[d->cur];
}

double drill_question_elapsed(const Drill *d)
{
	if (drill_done(d) || d->q_start < 0)
		return 0;
	return clock_now(d) - d->q_start;
}

void drill_finish(Drill *d);

/* Records the end of the current question and moves to the next. */
static void conclude(Drill *d, DrillQuestion *q, DrillResult *res)
{
	double now = clock_now(d);
	if (d->q_start < 0) {		/* answered without drill_ask: time from here */
		d->q_start = now;
		if (d->start < 0)
			d->start = now;
	}
	q->time_s = now - d->q_start;
	bool over = d->total_limit > 0 && now - d->start > d->total_limit;
	q->late = ((d->time_limit > 0 && q->time_s > d->time_limit) || over) &&
		  q->grade != GRADE_SKIPPED;
	q->points = grade_points(q->grade) * hint_factor(q->hints);
	if (q->late)
		q->points = 0;
	d->end = now;
	d->q_start = -1;
	d->cur++;
	if (over) {
		/* the whole drill's time ran out: the rest are unanswered */
		d->time_up = true;
		drill_finish(d);
	}
	if (res) {
		res->q = q;
		res->grade = q->grade;
		res->late = q->late;
		res->points = q->points;
	}
}

/*
 * A wrong answer: right from the candidate's own earlier wrong answers (graded
 * consistent, partial credit), or a known slip (said; the one accepted as
 * exact is 86,400 rounded to 100K).
 */
static void coach_diagnose(Drill *d, DrillQuestion *q, DrillResult *res)
{
	enum { MAXE = 64 };
	GradeOverride earlier[MAXE];
	const DrillQuestion *eq[MAXE];
	bool used[MAXE];
	size_t n = 0;
	for (size_t j = 0; j < d->cur && n < MAXE; j++) {
		const DrillQuestion *e = &d->qs[j];
		if (e->grade == GRADE_CLOSE || e->grade == GRADE_OFF || e->grade == GRADE_CONSISTENT) {
			earlier[n] = (GradeOverride){e->q, e->answer_value};
			eq[n++] = e;
		}
	}
	double from;
	if (grade_consistent(d->model, q->q, q->answer_value, q->value, earlier, n, used, &from)) {
		q->grade = GRADE_CONSISTENT;
		res->from = from;
		Buf b = {0};
		size_t k = 0, nused = 0;
		for (size_t i = 0; i < n; i++)
			nused += used[i];
		buf_printf(&b, "right from your answer%s to ", nused == 1 ? "" : "s");
		for (size_t i = 0; i < n; i++) {
			if (!used[i])
				continue;
			char v[64];
			units_format(eq[i]->answer_value, eq[i]->dim, &eq[i]->disp, NULL, v, sizeof v);
			buf_printf(&b, "%sQ%d (%s)", k == 0 ? "" : k == nused - 1 ? " and " : ", ", eq[i]->n, v);
			if (res->nfrom < (int)ARRAY_LEN(res->from_q))
				res->from_q[res->nfrom++] = eq[i]->n;
			k++;
		}
		char fv[64];
		units_format(from, q->dim, &q->disp, NULL, fv, sizeof fv);
		buf_printf(&b, ", which give%s %s: partial credit", nused == 1 ? "s" : "", fv);
		snprintf(res->note, sizeof res->note, "%s", b.s);
		buf_free(&b);
		return;
	}
	Slip sl;
	if (grade_diagnose(d->model, q->q, q->answer_value, q->value, q->dim, &q->disp, &sl)) {
		res->slip = q->slip = (int)sl.kind;
		snprintf(res->note, sizeof res->note, "%s", sl.note);
		if (sl.accepted)
			q->grade = GRADE_EXACT;
	}
}

static char *trim_copy(const char *text)
{
	while (*text == ' ' || *text == '\t')
		text++;
	size_t l = strlen(text);
	while (l > 0 && strchr(" \t\r\n", text[l - 1]))
		l--;
	return xstrndup(text, l);
}

bool drill_answer(Drill *d, const char *text, DrillResult *res, char *msg, size_t msgn)
{
	DrillResult local;
	if (!res)
		res = &local;
	memset(res, 0, sizeof *res);
	if (drill_done(d)) {
		snprintf(msg, msgn, "the drill is over");
		return false;
	}
	DrillQuestion *q = &d->qs[d->cur];
	AnswerRead a;
	if (!answer_read(text, q->dim, q->unit, q->unit_factor, d->calc, &a, msg, msgn))
		return false;
	q->answer = trim_copy(text);
	res->answer_dim = a.dim;
	if (!dim_eq(a.dim, q->dim)) {
		q->grade = GRADE_WRONG_UNIT;
		units_format(a.value, a.dim, &a.disp, NULL, res->answer_text, sizeof res->answer_text);
	} else {
		q->grade = drill_grade_value(a.value, q->value);
		q->answer_value = a.value;
		res->ratio = a.value / q->value;
		units_format(a.value, q->dim, &q->disp, NULL, res->answer_text, sizeof res->answer_text);
		if (q->grade != GRADE_EXACT)
			coach_diagnose(d, q, res);
	}
	if (a.note[0] && !res->note[0])
		snprintf(res->note, sizeof res->note, "%s", a.note);
	else if (a.note[0])
		snprintf(res->note + strlen(res->note), sizeof res->note - strlen(res->note), "; %s", a.note);
	conclude(d, q, res);
	res->answer_value = q->answer_value;
	return true;
}

void drill_unreadable(Drill *d, const char *text, const char *why, DrillResult *res)
{
	DrillResult local;
	if (!res)
		res = &local;
	memset(res, 0, sizeof *res);
	if (drill_done(d))
		return;
	DrillQuestion *q = &d->qs[d->cur];
	q->answer = trim_copy(text);
	q->grade = GRADE_UNREADABLE;
	snprintf(res->note, sizeof res->note, "%s", why ? why : "");
	conclude(d, q, res);
}

void drill_skip(Drill *d, DrillResult *res)
{
	if (res)
		memset(res, 0, sizeof *res);
	if (drill_done(d))
		return;
	DrillQuestion *q = &d->qs[d->cur];
	q->grade = GRADE_SKIPPED;
	conclude(d, q, res);
}

const char *drill_hint(Drill *d)
{
	if (drill_done(d))
		return NULL;
	drill_ask(d);
	DrillQuestion *q = &d->qs[d->cur];
	if (q->hints < HINT_RUNGS)
		q->hints++;
	free(d->hint);
	d->hint = xasprintf("hint %d/%d: %s", q->hints, HINT_RUNGS, d->rungs[d->cur][q->hints - 1]);
	return d->hint;
}

void drill_finish(Drill *d)
{
	if (d->finished)
		return;
	if (d->cur < d->nq && d->q_start >= 0) {
		double now = clock_now(d);
		d->qs[d->cur].time_s = now - d->q_start;
		d->end = now;
	}
	for (size_t i = d->cur; i < d->nq; i++) {
		d->qs[i].grade = GRADE_UNANSWERED;
		d->qs[i].points = 0;
	}
	d->q_start = -1;
	d->finished = true;
}

void drill_score(const Drill *d, double *points, double *max)
{
	double p = 0;
	for (size_t i = 0; i < d->nq; i++)
		p += d->qs[i].points;
	if (points)
		*points = p;
	if (max)
		*max = DRILL_MAX_POINTS * (double)d->nq;
}

double drill_elapsed(const Drill *d)
{
	if (d->start < 0)
		return 0;
	if (drill_done(d))
		return d->end >= d->start ? d->end - d->start : 0;
	return clock_now(d) - d->start;
}

double drill_time_left(const Drill *d)
{
	if (d->total_limit <= 0)
		return -1;
	double left = d->total_limit - drill_elapsed(d);
	return d->time_up || left < 0 ? 0 : left;
}

bool drill_time_up(const Drill *d)
{
	return d->time_up;
}

void drill_clock_text(const Drill *d, Buf *out)
{
	if (d->total_limit <= 0)
		return;
	char lim[32], left[32];
	drill_format_duration(d->total_limit, lim, sizeof lim);
	if (d->time_up) {
		buf_printf(out, "time is up: the %s for the whole drill ran out", lim);
		return;
	}
	drill_format_duration(drill_time_left(d), left, sizeof left);
	buf_printf(out, "time left: %s of %s", left, lim);
}

bool drill_answered_any(const Drill *d)
{
	for (size_t i = 0; i < d->nq; i++)
		if (d->qs[i].grade != GRADE_UNANSWERED)
			return true;
	return false;
}

/* ---- the history line ---- */

static void put_num(Buf *b, double v)
{
	char tmp[64];
	if (!isfinite(v))
		v = 0;
	snprintf(tmp, sizeof tmp, "%.6g", v);
	buf_add(b, tmp);
}

char *drill_record_json(const Drill *d)
{
	Buf b = {0};
	char date[32];
	format_date(d->date ? d->date : time(NULL), date, sizeof date);
	double p, m;
	drill_score(d, &p, &m);
	buf_add(&b, "{\"boe\":1,\"date\":");
	json_string(date, &b);
	buf_add(&b, ",\"preset\":");
	json_string(d->preset, &b);
	if (d->file) {
		buf_add(&b, ",\"file\":");
		json_string(d->file, &b);
	}
	if (d->mode) {
		buf_add(&b, ",\"mode\":");
		json_string(d->mode, &b);
	}
	buf_printf(&b, ",\"seed\":%llu,\"points\":", d->seed);
	put_num(&b, p);
	buf_add(&b, ",\"max\":");
	put_num(&b, m);
	buf_add(&b, ",\"time_s\":");
	put_num(&b, drill_elapsed(d));
	buf_printf(&b, ",\"time_limit_s\":");
	put_num(&b, d->time_limit);
	buf_add(&b, ",\"questions\":[");
	for (size_t i = 0; i < d->nq; i++) {
		const DrillQuestion *q = &d->qs[i];
		if (i)
			buf_addc(&b, ',');
		buf_add(&b, "{\"quantity\":");
		json_string(q->name, &b);
		buf_add(&b, ",\"skill\":");
		json_string(skill_name(q->skill), &b);
		buf_add(&b, ",\"answer\":");
		char *ans = text_sanitize(q->answer ? q->answer : "", 0);
		json_string(ans, &b);
		free(ans);
		buf_add(&b, ",\"grade\":");
		json_string(grade_name(q->grade), &b);
		buf_printf(&b, ",\"hints\":%d,\"late\":%s,\"points\":", q->hints, q->late ? "true" : "false");
		put_num(&b, q->points);
		buf_add(&b, ",\"max\":");
		put_num(&b, DRILL_MAX_POINTS);
		buf_add(&b, ",\"time_s\":");
		put_num(&b, q->time_s);
		buf_add(&b, ",\"correct\":");
		put_num(&b, q->value);
		buf_add(&b, ",\"correct_display\":");
		json_string(q->value_text, &b);
		if (q->slip) {
			buf_add(&b, ",\"slip\":");
			json_string(slip_name((SlipKind)q->slip), &b);
		}
		buf_addc(&b, '}');
	}
	buf_add(&b, "]}");
	return buf_take(&b);
}

/*
 * A history over the read limit (an older boe let it grow): its newest lines,
 * the last HISTORY_ROTATE bytes from a line start, become to, and from goes.
 */
static bool keep_tail(const char *from, const char *to, BoeError *err)
{
	int fd = open(from, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	off_t size = lseek(fd, 0, SEEK_END);
	off_t at = size > (off_t)HISTORY_ROTATE ? size - (off_t)HISTORY_ROTATE : 0;
	char *buf = xmalloc(HISTORY_ROTATE + 1);
	size_t n = 0;
	bool ok = lseek(fd, at, SEEK_SET) == at;
	while (ok && n < HISTORY_ROTATE) {
		ssize_t got = read(fd, buf + n, HISTORY_ROTATE - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			ok = got == 0;
			break;
		}
		n += (size_t)got;
	}
	close(fd);
	const char *start = buf;
	if (ok && at > 0) { /* the first line is cut: it goes */
		const char *nl = memchr(buf, '\n', n);
		start = nl ? nl + 1 : buf + n;
	}
	ok = ok && file_write_atomic(to, start, n - (size_t)(start - buf), err) && unlink(from) == 0;
	free(buf);
	return ok;
}

bool drill_save_history(const Drill *d, const char *path, BoeError *err)
{
	if (!drill_answered_any(d))
		return true;	/* nothing to learn from: not counted */
	char *own = NULL;
	if (!path) {
		own = drill_history_path(err);
		if (!own)
			return false;
		path = own;
	}
	char *dir = file_dir_of(path);
	bool ok = mkdir_p(dir, err); /* the lock file goes there too */
	free(dir);
	/*
	 * Two drills ending at once would each read the old file and one line
	 * would be lost: a lock file beside the history serialises the
	 * read-append-rename (best effort: without it we still write).
	 */
	int lock = -1;
	if (ok) {
		char *lp = xasprintf("%s.lock", path);
		lock = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		free(lp);
		struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
		while (lock >= 0 && fcntl(lock, F_SETLKW, &fl) != 0 && errno == EINTR)
			;
	}
	struct stat st;
	if (ok && stat(path, &st) == 0 && st.st_size >= (off_t)HISTORY_ROTATE) {
		/* full: it moves aside (the loader still reads it), and a new file starts */
		char *rotated = rotated_path(path);
		ok = st.st_size <= (off_t)HISTORY_MAX ? rename(path, rotated) == 0
						       : keep_tail(path, rotated, err);
		if (!ok && !err->msg[0])
			boe_error_set(err, path, 0, 0, "cannot move the full history to %s: %s", rotated,
				      strerror(errno));
		free(rotated);
	}
	if (ok) {
		char *json = drill_record_json(d);
		char *line = xasprintf("%s\n", json);
		ok = file_append_atomic(path, line, HISTORY_MAX, err);
		free(line);
		free(json);
	}
	if (lock >= 0)
		close(lock);	/* releases the lock */
	free(own);
	return ok;
}

/* ---- choosing a preset and a seed ---- */

/* The loadable presets of list (computed), or NULL where one fails. */
static Scenario **load_all(const PresetInfo *list, size_t n)
{
	Scenario **all = xcalloc(n + 1, sizeof *all);
	for (size_t i = 0; i < n; i++) {
		BoeError err;
		Scenario *s = scenario_load_file(list[i].path, &err);
		if (s && !scenario_compute(s, &err)) {
			scenario_free(s);
			s = NULL;
		}
		all[i] = s;
	}
	return all;
}

/* The seed's pick among the loadable ones (uniform: the seed alone decides). */
static long pick_by_seed(Scenario *const *all, size_t n, unsigned long long seed)
{
	double *w = xcalloc(n + 1, sizeof *w);
	for (size_t i = 0; i < n; i++)
		w[i] = all[i] ? 1 : 0;
	uint64_t rng = seed;
	long pick = pick_weighted(w, n, &rng);
	free(w);
	return pick;
}

long drill_choose_preset(const PresetInfo *list, size_t n, unsigned long long seed)
{
	Scenario **all = load_all(list, n);
	long pick = pick_by_seed(all, n, seed);
	for (size_t i = 0; i < n; i++)
		scenario_free(all[i]);
	free(all);
	return pick;
}

#define SEED_CANDIDATES 64

unsigned long long drill_pick_seed(const PresetInfo *list, size_t n, const Scenario *s,
				   size_t max_questions, const DrillHistory *h,
				   unsigned long long fresh)
{
	Scenario **all = NULL;
	Drill **full = NULL;	/* each preset's whole drill, built when first needed */
	size_t np = 1;
	if (!s) {
		all = load_all(list, n);
		np = n;
	}
	full = xcalloc(np + 1, sizeof *full);
	const char *last = h && h->nrecords ? h->records[h->nrecords - 1].preset : NULL;
	uint64_t rng = fresh;
	unsigned long long cand[SEED_CANDIDATES];
	double w[SEED_CANDIDATES];
	for (size_t k = 0; k < SEED_CANDIDATES; k++) {
		cand[k] = (unsigned long long)(rng_next(&rng) % 1000000000ull);
		w[k] = 0;
		long p = s ? 0 : pick_by_seed(all, n, cand[k]);
		if (p < 0)
			continue;
		const Scenario *sc = s ? s : all[p];
		if (!full[p]) {
			BoeError err;
			full[p] = drill_new(sc, NULL, &err);
			if (!full[p])
				continue;
		}
		const Drill *d = full[p];
		bool *take = xcalloc(d->nq + 1, sizeof *take);
		if (max_questions > 0 && max_questions < d->nq)
			draw_subset(d->nq, max_questions, cand[k], take);
		else
			memset(take, 1, d->nq * sizeof *take);
		double sum = 0;
		size_t m = 0;
		for (size_t i = 0; i < d->nq; i++)
			if (take[i])
				sum += question_weight(h, &d->qs[i]), m++;
		free(take);
		w[k] = m ? sum / (double)m : 0;
		if (!s && last && strcmp(last, d->preset) == 0)
			w[k] *= 0.2;	/* space repetitions of one problem */
	}
	long pick = pick_weighted(w, SEED_CANDIDATES, &rng);
	for (size_t i = 0; i < np; i++)
		drill_free(full[i]);
	free(full);
	if (all) {
		for (size_t i = 0; i < n; i++)
			scenario_free(all[i]);
		free(all);
	}
	return pick >= 0 ? cand[pick] : fresh;
}

/* ---- the words both faces print ---- */

bool drill_parse_limit(const char *text, double bare_unit, double *out)
{
	ExprError e;
	Fault f;
	double v = 0;
	Node *n = expr_parse(text, &e);
	bool ok = n && expr_bind(n, NULL, &e) && expr_eval_const(n, NULL, &v, &f) &&
		  (dim_eq(n->dim, DIM_TIME) || dim_none(n->dim));
	if (ok && !dim_eq(n->dim, DIM_TIME))
		v *= bare_unit;
	expr_free(n);
	if (!ok || !isfinite(v) || v <= 0 || v > DRILL_MAX_LIMIT)
		return false;
	*out = v;
	return true;
}

void drill_format_duration(double s, char *out, size_t n)
{
	if (!(s >= 0)) /* (NaN too) */
		s = 0;
	if (s >= 1e12) { /* past what a whole number of seconds holds to the second */
		snprintf(out, n, "%.3g h", s / 3600);
		return;
	}
	if (s < 60) {
		snprintf(out, n, "%.1f s", s);
		return;
	}
	long t = lround(s);
	if (t < 3600)
		snprintf(out, n, "%ld min %ld s", t / 60, t % 60);
	else
		snprintf(out, n, "%ld h %ld min", t / 3600, (t % 3600) / 60);
}

/* How far an answer is: "+2.6%" near the mark, "12x too high" far from it. */
static void format_distance(double ratio, char *out, size_t n)
{
	if (ratio <= 0) {
		snprintf(out, n, "wrong sign");
	} else if (ratio >= 0.5 && ratio <= 2) {
		snprintf(out, n, "%+.1f%%", (ratio - 1) * 100);
	} else {
		char x[32];
		units_format_plain(ratio > 1 ? ratio : 1 / ratio, 3, x, sizeof x);
		snprintf(out, n, "%sx too %s", x, ratio > 1 ? "high" : "low");
	}
}

void drill_result_text(const DrillResult *r, double limit, Buf *out)
{
	const DrillQuestion *q = r->q;
	char took[32], dist[64];
	drill_format_duration(q->time_s, took, sizeof took);
	buf_add(out, grade_name(r->grade));
	switch (r->grade) {
	case GRADE_EXACT:
	case GRADE_CLOSE:
	case GRADE_OFF:
	case GRADE_CONSISTENT:
		format_distance(r->ratio, dist, sizeof dist);
		buf_printf(out, " %s (you said %s)", dist, r->answer_text);
		break;
	case GRADE_WRONG_UNIT: {
		char have[48], want[48];
		dim_name(r->answer_dim, have, sizeof have);
		dim_name(q->dim, want, sizeof want);
		buf_printf(out, " you said %s (%s); the question asks for %s",
			   q->answer ? q->answer : r->answer_text, have, want);
		break;
	}
	case GRADE_UNREADABLE:
		buf_printf(out, " (you said '%s')", q->answer ? q->answer : "");
		break;
	default:
		break;
	}
	if (r->note[0])
		buf_printf(out, "; %s", r->note);
	buf_printf(out, " | %g point%s", r->points, r->points == 1 ? "" : "s");
	if (q->hints > 0 && r->grade != GRADE_SKIPPED) {
		static const char *const kept[] = {"", "3/4", "1/2", "1/4"};
		buf_printf(out, " (%d hint%s: %s of the points)", q->hints, q->hints == 1 ? "" : "s",
			   kept[q->hints < HINT_RUNGS ? q->hints : HINT_RUNGS]);
	}
	if (r->late && limit > 0 && q->time_s > limit) {
		char lim[32];
		drill_format_duration(limit, lim, sizeof lim);
		buf_printf(out, " (too late: over the %s limit)", lim);
	} else if (r->late) {
		buf_add(out, " (too late: the drill's time ran out)");
	}
	buf_printf(out, " | %s", took);
}

bool drill_given_shows_value(const DrillGiven *g)
{
	/* equal but for spaces and a plural s: "10 / day" and "10/day", "5 year" and "5 years" */
	const char *a = g->text, *b = g->value;
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a != *b)
			return !((*a == 's' && !a[1] && !*b) || (*b == 's' && !b[1] && !*a));
		if (!*a)
			return false;
		a++, b++;
	}
}

bool drill_is_command(const char *line, const char *w)
{
	while (*line == ' ' || *line == '\t')
		line++;
	size_t l = strlen(w);
	if (strncmp(line, w, l) != 0)
		return false;
	for (line += l; *line; line++)
		if (*line != ' ' && *line != '\t')
			return false;
	return true;
}
