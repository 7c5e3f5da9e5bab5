/*
 * Flashcards: each grading on hand-picked answers (a latency at its order of
 * magnitude and not beyond √10, a power of two exact or at its approximation
 * only, nines on the downtime they leave, a tolerance), deck errors with
 * their line and column, SM-2 by hand (1 day, 6 days, 6 × 2.5 = 15 days; a
 * miss is due again the same day, the easiness falls by 0.54 and never under
 * 1.3), a session's queue (due first, new up to the limit, the missed once
 * more at the end), its time limit on an injected clock, the quality of
 * each answer (close and quick, at the edge, slow, a near miss, shown) and
 * what it does to the easiness, and the schedule written and read back.
 */
#include <unistd.h>

#include "testutil.h"
#include "boe/cards.h"
#include "boe/date.h"

static const char *const DECK =
	"boe-cards: 1\n"
	"name: t\n"
	"title: Test deck\n"
	"cards:\n"
	"  - { id: lat, front: L1?, answer: 0.5 ns, grading: magnitude }\n"
	"  - { id: range, front: RTT?, answer: 40 ms, upto: 80 ms, grading: magnitude }\n"
	"  - { id: p20, front: 2^20?, answer: '1,048,576', approx: [1M], grading: exact }\n"
	"  - { id: avail, front: two 99.9% in series?, answer: 99.8%, grading: nines }\n"
	"  - { id: sec, front: seconds a day?, answer: '86,400', tolerance: 2% }\n";

static CardSet *deck(void)
{
	BoeError err;
	CardSet *set = cards_load_string(DECK, strlen(DECK), "t.yaml", &err);
	if (!set)
		fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
	assert_int_equal(set->ncards, 5);
	return set;
}

static bool right(const Card *c, const char *text)
{
	CardGrade g;
	char msg[256];
	assert_true(card_grade(c, text, &g, msg, sizeof msg));
	return g.right;
}

static void test_grading(void **state)
{
	(void)state;
	CardSet *set = deck();
	const Card *c = set->cards;
	/* magnitude: 0.5 ns × / ÷ √10 = 0.158 .. 1.58 ns */
	assert_true(right(&c[0], "0.5 ns"));
	assert_true(right(&c[0], "1 ns"));
	assert_true(right(&c[0], "1.5"));	/* bare: ns */
	assert_false(right(&c[0], "2 ns"));
	assert_false(right(&c[0], "0.1 ns"));
	assert_false(right(&c[0], "5 µs"));
	/* a range: 40/√10 = 12.6 ms .. 80×√10 = 253 ms */
	assert_true(right(&c[1], "13 ms"));
	assert_true(right(&c[1], "250 ms"));
	assert_false(right(&c[1], "300 ms"));
	/* exact or the stated approximation, nothing between */
	assert_true(right(&c[2], "1048576"));
	assert_true(right(&c[2], "1,048,576"));
	assert_true(right(&c[2], "1M"));
	assert_true(right(&c[2], "1 million"));
	assert_false(right(&c[2], "1.05M"));
	assert_false(right(&c[2], "1048577"));
	/* nines: 0.2% down; 10% of it is 0.02% */
	assert_true(right(&c[3], "99.8%"));
	assert_true(right(&c[3], "99.81%"));
	assert_false(right(&c[3], "99.9%"));	/* half the downtime */
	assert_false(right(&c[3], "99.6%"));
	/* tolerance 2%: 84,672 .. 88,128 */
	assert_true(right(&c[4], "86.4K"));
	assert_true(right(&c[4], "88K"));
	assert_false(right(&c[4], "100K"));
	/* not a figure: refused, nothing graded */
	CardGrade g;
	char msg[256];
	assert_false(card_grade(&c[0], "fast", &g, msg, sizeof msg));
	assert_true(msg[0]);
	/* the wrong dimension is a miss, said */
	assert_true(card_grade(&c[0], "5 GB", &g, msg, sizeof msg));
	assert_false(g.right);
	assert_false(g.read);
	cards_free(set);
}

static void test_deck_errors(void **state)
{
	(void)state;
	BoeError err;
	const char *bad = "boe-cards: 1\nname: t\ncards:\n  - { id: a, front: x?, answr: 1 }\n";
	assert_null(cards_load_string(bad, strlen(bad), "b.yaml", &err));
	assert_int_equal(err.line, 4);
	assert_int_equal(err.col, 25);
	assert_non_null(strstr(err.msg, "did you mean 'answer'"));
	const char *unit = "boe-cards: 1\nname: t\ncards:\n  - { id: a, front: x?, answer: 3 parsecs }\n";
	assert_null(cards_load_string(unit, strlen(unit), "u.yaml", &err));
	assert_int_equal(err.line, 4);
	const char *ver = "name: t\ncards:\n  - { id: a, front: x?, answer: 1 }\n";
	assert_null(cards_load_string(ver, strlen(ver), "v.yaml", &err));
	assert_non_null(strstr(err.msg, "boe-cards: 1"));
	const char *dup = "boe-cards: 1\nname: t\ncards:\n  - { id: a, front: x?, answer: 1 }\n  - { id: a, front: y?, answer: 2 }\n";
	assert_null(cards_load_string(dup, strlen(dup), "d.yaml", &err));
	assert_int_equal(err.line, 5);
}

static void test_sm2(void **state)
{
	(void)state;
	CardSchedule *sc = cards_schedule_parse("", 0);
	long d0;
	assert_true(day_parse("2026-12-01", &d0));
	CardState *s = cards_review(sc, "t/a", CARDS_QUALITY_RIGHT, d0, 1);
	assert_int_equal(s->interval, 1);
	assert_int_equal(s->due, d0 + 1);
	assert_exact(s->ef, 2.5);	/* quality 4 leaves it */
	s = cards_review(sc, "t/a", CARDS_QUALITY_RIGHT, d0 + 1, 1);
	assert_int_equal(s->interval, 6);
	s = cards_review(sc, "t/a", CARDS_QUALITY_RIGHT, d0 + 7, 1);
	assert_int_equal(s->interval, 15);	/* 6 × 2.5 */
	assert_int_equal(s->due, d0 + 22);
	/* missed: due the same day, repetitions start again, easiness 2.5 - 0.54 */
	s = cards_review(sc, "t/a", CARDS_QUALITY_WRONG, d0 + 22, 1);
	assert_int_equal(s->interval, 0);
	assert_int_equal(s->due, d0 + 22);
	assert_int_equal(s->reps, 0);
	assert_int_equal(s->lapses, 1);
	assert_near(s->ef, 1.96, 1e-9);
	for (int i = 0; i < 5; i++)
		s = cards_review(sc, "t/a", CARDS_QUALITY_REVEALED, d0 + 22, 1);
	assert_exact(s->ef, CARDS_EF_MIN);
	assert_int_equal(s->seen, 9);
	assert_int_equal(s->right, 3);
	cards_schedule_free(sc);
}

static double fake_now;
static double fake_clock(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static void test_session(void **state)
{
	(void)state;
	CardSet *set = deck();
	long d0;
	assert_true(day_parse("2026-12-01", &d0));
	CardSchedule *sc = cards_schedule_parse("", 0);
	/* "sec" was learnt and is due today; the rest are new, two new at most */
	cards_review(sc, "t/sec", CARDS_QUALITY_RIGHT, d0 - 1, 1);
	CardSessionOptions o = {.today = d0, .max_new = 2, .clock = fake_clock};
	fake_now = 100;
	CardSession *cs = card_session_new(set, sc, &o);
	assert_int_equal(card_session_left(cs), 3);
	CardResult r;
	char msg[256];
	const Card *c = card_session_next(cs);
	assert_string_equal(c->id, "sec");	/* due first */
	fake_now = 104;
	assert_true(card_session_answer(cs, "86400", &r, msg, sizeof msg));
	assert_true(r.grade.right);
	assert_int_equal(r.interval, 6);
	assert_near(r.time_s, 4, 1e-9);
	c = card_session_next(cs);
	assert_string_equal(c->id, "lat");
	assert_false(card_session_answer(cs, "quick", &r, msg, sizeof msg));	/* asked again */
	assert_true(card_session_answer(cs, "50 ns", &r, msg, sizeof msg));
	assert_false(r.grade.right);
	assert_int_equal(r.due, d0);	/* missed: due again today */
	assert_true(r.fresh);
	c = card_session_next(cs);
	assert_string_equal(c->id, "range");
	card_session_reveal(cs, &r);
	assert_int_equal(r.due, d0);
	/* the missed come back once, in order */
	c = card_session_next(cs);
	assert_string_equal(c->id, "lat");
	assert_true(card_session_answer(cs, "0.5", &r, msg, sizeof msg));
	assert_int_equal(r.interval, 1);
	assert_false(r.fresh);
	assert_string_equal(card_session_next(cs)->id, "range");
	/* the time limit stops the next card, not the one being asked */
	card_session_free(cs);
	CardsDue due;
	cards_due(set, sc, d0, &due);
	assert_int_equal(due.due, 1);	/* range: revealed, not yet answered again */
	assert_int_equal(due.fresh, 2);
	assert_int_equal(due.next, d0 + 1);
	assert_int_equal(due.next_n, 1);

	CardSessionOptions lim = {.today = d0 + 1, .max_new = 10, .limit = 60, .clock = fake_clock};
	fake_now = 0;
	cs = card_session_new(set, sc, &lim);
	assert_non_null(card_session_next(cs));
	fake_now = 70;
	assert_true(card_session_answer(cs, "1M", &r, msg, sizeof msg) || true);
	assert_null(card_session_next(cs));
	assert_true(card_session_time_up(cs));
	card_session_free(cs);
	cards_schedule_free(sc);
	cards_free(set);
}

/* Quality of text for card i answered in secs seconds, through a session on the injected clock. */
static int quality_of(CardSet *set, size_t i, const char *text, double secs, double *ef)
{
	long d0;
	assert_true(day_parse("2026-12-01", &d0));
	CardSchedule *sc = cards_schedule_parse("", 0);
	/* every card but i learnt and not due, so i is the only one asked */
	for (size_t k = 0; k < set->ncards; k++)
		if (k != i)
			cards_review(sc, set->cards[k].key, CARDS_QUALITY_RIGHT, d0, 1);
	CardSessionOptions o = {.today = d0, .max_new = 1, .clock = fake_clock};
	fake_now = 1000;
	CardSession *cs = card_session_new(set, sc, &o);
	const Card *c = card_session_next(cs);
	assert_ptr_equal(c, &set->cards[i]);
	fake_now += secs;
	CardResult r;
	char msg[256];
	int q;
	if (strcmp(text, "?") == 0) {
		card_session_reveal(cs, &r);
	} else {
		assert_true(card_session_answer(cs, text, &r, msg, sizeof msg));
	}
	q = r.quality;
	*ef = cards_state(sc, c->key)->ef;
	card_session_free(cs);
	cards_schedule_free(sc);
	return q;
}

static void test_quality(void **state)
{
	(void)state;
	CardSet *set = deck();
	double ef;
	/* on the figure and quick: 5, the easiness up 0.1 */
	assert_int_equal(quality_of(set, 0, "0.5 ns", 3, &ef), CARDS_QUALITY_PERFECT);
	assert_near(ef, 2.6, 1e-9);
	/* on the figure but after a long think: 4, the easiness kept */
	assert_int_equal(quality_of(set, 0, "0.5 ns", 40, &ef), CARDS_QUALITY_RIGHT);
	assert_near(ef, 2.5, 1e-9);
	/* at the edge of the order of magnitude (1.5 ns, 3x): right but not close; quick: 4, slow: 3 */
	assert_int_equal(quality_of(set, 0, "1.5 ns", 3, &ef), CARDS_QUALITY_RIGHT);
	assert_int_equal(quality_of(set, 0, "1.5 ns", 40, &ef), CARDS_QUALITY_HARD);
	assert_near(ef, 2.36, 1e-9);
	/* inside a range counts as on the figure */
	assert_int_equal(quality_of(set, 1, "60 ms", 3, &ef), CARDS_QUALITY_PERFECT);
	/* a tolerance: 86,000 is 0.46% off of 2%, close; 85,000 is 1.6%, right but not close */
	assert_int_equal(quality_of(set, 4, "86000", 3, &ef), CARDS_QUALITY_PERFECT);
	assert_int_equal(quality_of(set, 4, "85000", 40, &ef), CARDS_QUALITY_HARD);
	/* wrong but near (within twice what counts): 2; far: 1 */
	assert_int_equal(quality_of(set, 4, "84000", 3, &ef), CARDS_QUALITY_NEAR);
	assert_near(ef, 2.18, 1e-9);
	assert_int_equal(quality_of(set, 4, "50000", 3, &ef), CARDS_QUALITY_WRONG);
	assert_int_equal(quality_of(set, 0, "5 ns", 3, &ef), CARDS_QUALITY_NEAR);	/* 10x: one order off */
	assert_int_equal(quality_of(set, 0, "50 ns", 3, &ef), CARDS_QUALITY_WRONG);
	/* exact: the approximation is as good as the figure; a digit off is near */
	assert_int_equal(quality_of(set, 2, "1M", 3, &ef), CARDS_QUALITY_PERFECT);
	assert_int_equal(quality_of(set, 2, "1,048,000", 3, &ef), CARDS_QUALITY_NEAR);
	assert_int_equal(quality_of(set, 2, "2M", 3, &ef), CARDS_QUALITY_WRONG);
	/* nines on the downtime: 99.75% leaves 0.25% for 0.2%, 25% off of 10%: wrong, not near */
	assert_int_equal(quality_of(set, 3, "99.8%", 3, &ef), CARDS_QUALITY_PERFECT);
	assert_int_equal(quality_of(set, 3, "99.77%", 3, &ef), CARDS_QUALITY_NEAR);	/* 0.23% for 0.2%: 15% off */
	assert_int_equal(quality_of(set, 3, "99.75%", 3, &ef), CARDS_QUALITY_WRONG);
	/* shown: 0 */
	assert_int_equal(quality_of(set, 0, "?", 3, &ef), CARDS_QUALITY_REVEALED);
	/* a dimension mismatch is read but not comparable: wrong */
	assert_int_equal(quality_of(set, 0, "5 GB", 3, &ef), CARDS_QUALITY_WRONG);
	cards_free(set);
}

static void test_schedule_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/boe-cards-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = xasprintf("%s/sub/cards.jsonl", dir);
	CardSchedule *sc = cards_schedule_parse("", 0);
	long d0;
	assert_true(day_parse("2026-12-01", &d0));
	cards_review(sc, "t/a", CARDS_QUALITY_RIGHT, d0, 2);
	cards_review(sc, "t/b", CARDS_QUALITY_WRONG, d0, 3);
	BoeError err;
	assert_true(cards_schedule_save(sc, path, &err));
	cards_schedule_free(sc);
	sc = cards_schedule_load(path, &err);
	assert_non_null(sc);
	assert_int_equal(sc->n, 2);
	assert_int_equal(sc->bad_lines, 0);
	const CardState *a = cards_state_c(sc, "t/a");
	assert_int_equal(a->due, d0 + 1);
	assert_int_equal(a->right, 1);
	assert_int_equal(cards_state_c(sc, "t/b")->due, d0);
	cards_schedule_free(sc);
	/* lines that are not a card's state are counted, not fatal */
	const char *text = "{\"card\":\"t/a\",\"due\":\"2026-12-05\"}\nnot json\n{\"card\":\"t/c\",\"due\":\"2026-13-01\"}\n";
	sc = cards_schedule_parse(text, strlen(text));
	assert_int_equal(sc->n, 1);
	assert_int_equal(sc->bad_lines, 2);
	cards_schedule_free(sc);
	unlink(path);
	char *sub = xasprintf("%s/sub", dir);
	rmdir(sub);
	rmdir(dir);
	free(sub);
	free(path);
}

/* Two sessions on one schedule at once: each save keeps what the other saved. */
static void test_schedule_two_sessions(void **state)
{
	(void)state;
	char dir[] = "/tmp/boe-cards-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = xasprintf("%s/cards.jsonl", dir);
	long d0;
	assert_true(day_parse("2026-12-01", &d0));
	BoeError err;
	CardSchedule *first = cards_schedule_parse("", 0);
	cards_review(first, "t/old", CARDS_QUALITY_RIGHT, d0 - 10, 1);
	assert_true(cards_schedule_save(first, path, &err));
	cards_schedule_free(first);
	/* both read the file; each answers cards of its own, and both answer t/old */
	CardSchedule *a = cards_schedule_load(path, &err), *b = cards_schedule_load(path, &err);
	assert_non_null(a);
	assert_non_null(b);
	cards_review(a, "t/a", CARDS_QUALITY_RIGHT, d0, 1);
	cards_review(b, "t/b", CARDS_QUALITY_WRONG, d0, 1);
	cards_review(b, "t/old", CARDS_QUALITY_WRONG, d0, 1);
	assert_true(cards_schedule_save(b, path, &err));
	assert_true(cards_schedule_save(a, path, &err)); /* a has not answered t/old: b's answer stays */
	CardSchedule *now = cards_schedule_load(path, &err);
	assert_non_null(now);
	assert_int_equal(now->n, 3);
	assert_non_null(cards_state_c(now, "t/a"));
	assert_non_null(cards_state_c(now, "t/b"));
	assert_int_equal(cards_state_c(now, "t/old")->seen, 2);
	assert_int_equal(cards_state_c(now, "t/old")->due, d0);
	assert_int_equal(cards_state_c(now, "t/b")->right, 0);
	assert_int_equal(cards_state_c(now, "t/a")->right, 1);
	/* then a answers t/old too: the later answer is the one kept */
	cards_review(a, "t/old", CARDS_QUALITY_RIGHT, d0, 1);
	assert_true(cards_schedule_save(a, path, &err));
	cards_schedule_free(now);
	now = cards_schedule_load(path, &err);
	assert_int_equal(cards_state_c(now, "t/old")->seen, 2); /* a's own count: it read the file before b's answer */
	assert_true(cards_state_c(now, "t/old")->due > d0);
	assert_non_null(cards_state_c(now, "t/b"));
	cards_schedule_free(now);
	/* b answers t/old again, then a saves an answer to another card: a's saved t/old does not come back */
	cards_review(b, "t/old", CARDS_QUALITY_WRONG, d0, 1);
	assert_true(cards_schedule_save(b, path, &err));
	cards_review(a, "t/a", CARDS_QUALITY_RIGHT, d0 + 1, 1);
	assert_true(cards_schedule_save(a, path, &err));
	now = cards_schedule_load(path, &err);
	assert_int_equal(cards_state_c(now, "t/old")->due, d0);
	assert_int_equal(cards_state_c(now, "t/old")->seen, 3);
	assert_int_equal(cards_state_c(now, "t/a")->seen, 2);
	cards_schedule_free(now);
	cards_schedule_free(a);
	cards_schedule_free(b);
	unlink(path);
	rmdir(dir);
	free(path);
}

static void test_dates(void **state)
{
	(void)state;
	long d;
	assert_true(day_parse("1970-01-02", &d));
	assert_int_equal(d, 1);
	assert_true(day_parse("2026-12-01", &d));
	assert_int_equal(day_week_start(d), d - 1);	/* 2026-12-01 is a Tuesday */
	assert_false(day_parse("2026-02-29", &d));
	assert_false(day_parse("2026-12-1", &d));
	char out[16];
	day_format(20788, out, sizeof out);
	assert_string_equal(out, "2026-12-01");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grading),       cmocka_unit_test(test_deck_errors),
		cmocka_unit_test(test_sm2),           cmocka_unit_test(test_session),
		cmocka_unit_test(test_quality),
		cmocka_unit_test(test_schedule_file), cmocka_unit_test(test_schedule_two_sessions),
		cmocka_unit_test(test_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
