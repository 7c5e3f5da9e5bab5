/*
 * Flashcards of the numbers to know by heart (the guide's Part 3 tables:
 * latency, powers of two, nines, time, bandwidth, availability), with spaced
 * repetition.
 *
 * Decks are YAML files (the .yaml files of cards/ in the source tree, installed under
 * $(DATADIR)/cards, the user's own under $XDG_DATA_HOME/boe/cards), searched
 * like presets: $BOE_CARDS_PATH (colon-separated), the user directory, the
 * installed directory, then the source tree's cards/. The first deck of a
 * name wins, so a user deck can replace a shipped one.
 *
 * Grading fits the card: a latency is right at the right order of magnitude
 * (within a factor of √10 of the figure, or of a range's ends); a power of
 * two is right exact or at its stated approximation; a fraction of nines is
 * graded on what it leaves down (99.8% for 99.9% is twice the downtime);
 * other figures within a tolerance (10% by default).
 *
 * Scheduling is SM-2 (Wozniak 1990): each card has an easiness factor (2.5
 * at first, never under 1.3), a repetition count and an interval in days.
 * The quality of an answer (card_quality) is SM-2's scale: 5 right, close to
 * the figure and quick; 4 right and either close or quick; 3 right but
 * neither (at the edge of what counts, after a long think); 2 wrong but near
 * (within twice what counts as right); 1 wrong; 0 revealed. Right:
 * the interval becomes 1 day, then 6, then the previous interval times the
 * easiness. Wrong: the repetitions start again and the card is due again the
 * same day (SM-2 repeats every card scored under 4 before the day ends: a
 * session asks it once more at its end). The schedule is one JSON line per
 * card seen, in $XDG_STATE_HOME/boe/cards.jsonl, written atomically.
 *
 * Core module: no printing, no exit; days are given (boe/date.h).
 */
#ifndef BOE_CARDS_H
#define BOE_CARDS_H

#include <stdbool.h>
#include <stddef.h>
#include "boe/units.h"
#include "boe/util.h"

typedef enum CardGrading {
	CARD_MAGNITUDE,		/* the right order of magnitude: within √10 */
	CARD_EXACT,		/* exact, or one of the stated approximations */
	CARD_TOLERANCE,		/* within the card's relative tolerance */
	CARD_NINES,		/* a fraction: what it leaves (1 - x) within the tolerance */
	CARD_GRADING_COUNT
} CardGrading;


typedef struct Card {
	char *key;		/* "latency/l1-cache": deck and id, as the schedule stores it */
	char *deck, *id;
	char *front;		/* the question */
	char *answer;		/* the figure as written: "0.5 ns" */
	char *shown;		/* how the answer is said: "0.5 ns", "40–80 ms", "1,024 (~1K)" */
	char *note;		/* said after the answer, or NULL */
	char *unit;		/* the unit a bare number is read in ("ns", "Gbps", "" a count) */
	double unit_factor;	/* one unit in base units */
	CardGrading grading;
	double tolerance;	/* relative (tolerance, nines) */
	Dim dim;
	Display disp;		/* how the answer is shown */
	double value, upto;	/* the figure; upto the top of a range (= value when none) */
	double approx[4];	/* exact: the stated approximations */
	size_t napprox;
	char *file;
	int line;
} Card;

typedef struct Deck {
	char *name, *title, *source, *path;
	size_t first, n;	/* its cards: set->cards[first .. first+n) */
} Deck;

typedef struct CardSet {
	Deck *decks;
	size_t ndecks;
	Card *cards;
	size_t ncards;
} CardSet;

/* The directories searched, in order. Caller frees each and the array. */
char **cards_dirs(size_t *n);
/*
 * The decks named (a deck name, or a path: containing '/' or ending in
 * .yaml/.yml), or every deck found when n is 0. NULL with err filled
 * (file:line:col, an unknown deck with did-you-mean) when one cannot be read.
 * Free with cards_free.
 */
CardSet *cards_load(const char *const *names, size_t n, BoeError *err);
/* One deck file's text. NULL with err filled. */
CardSet *cards_load_string(const char *text, size_t n, const char *file, BoeError *err);
void cards_free(CardSet *set);

/* ---- grading ---- */

typedef struct CardGrade {
	bool right;
	bool read;		/* the answer was a figure (false: a dimension mismatch) */
	double value;		/* the answer, base units */
	double band;		/* how far from the figure, in what counts as right: 0 on it, 1 at the edge, more when wrong (INFINITY: not comparable) */
	char answer_text[64];	/* the answer formatted like the card's */
	char detail[160];	/* "same order of magnitude", "10× too high", "not exact: 1,024 or ~1K" */
} CardGrade;

/*
 * Grades text as the answer to card c (a number with an optional unit, as
 * said aloud; a bare number is in the card's unit). False with msg filled
 * when the text is not a figure at all (the caller asks again).
 */
bool card_grade(const Card *c, const char *text, CardGrade *out, char *msg, size_t msgn);

/* ---- the schedule (SM-2) ---- */

#define CARDS_EF_START 2.5
#define CARDS_EF_MIN 1.3
#define CARDS_QUALITY_PERFECT 5	/* right, close and quick */
#define CARDS_QUALITY_RIGHT 4		/* right, close or quick */
#define CARDS_QUALITY_HARD 3		/* right at the edge, after a long think */
#define CARDS_QUALITY_NEAR 2		/* wrong, within twice what counts */
#define CARDS_QUALITY_WRONG 1
#define CARDS_QUALITY_REVEALED 0
/* An answer within this many seconds is quick; within half of what counts as right, close. */
#define CARDS_QUICK_S 15.0
#define CARDS_CLOSE_BAND 0.5

/* SM-2's quality (0–5) of an answer graded g that took time_s seconds. */
int card_quality(const CardGrade *g, double time_s);

typedef struct CardState {
	char *key;
	double ef;		/* easiness factor */
	int reps;		/* right answers in a row */
	long interval;		/* days */
	long due, last;		/* days (boe/date.h); last -1 never */
	int lapses;		/* times it was missed after being learnt */
	int seen, right;	/* answers, right answers */
	double time_s;		/* seconds spent on it, all answers */
	bool reviewed;		/* answered since the schedule was read or saved: a save puts it over the file's */
} CardState;

typedef struct CardSchedule {
	CardState *st;
	size_t n, cap;
	size_t bad_lines;	/* lines of the file that were not a card's state */
} CardSchedule;

/* $XDG_STATE_HOME/boe/cards.jsonl (default ~/.local/state/boe/). NULL with err when no place. Caller frees. */
char *cards_schedule_path(BoeError *err);
/* Reads a schedule (path NULL: the default); a missing file is empty. NULL with err when unreadable. */
CardSchedule *cards_schedule_load(const char *path, BoeError *err);
/* Parses schedule text. Never NULL. */
CardSchedule *cards_schedule_parse(const char *text, size_t n);
/*
 * Writes it atomically (path NULL: the default, its directory made): what the
 * file holds then (another session may have saved since sc was read), with
 * the cards sc answered since it was read or last saved over it, and those it
 * has that the file lacks after it. A file that cannot be read is replaced by
 * sc as it is. Once written, sc's cards count as saved (reviewed false).
 */
bool cards_schedule_save(CardSchedule *sc, const char *path, BoeError *err);
void cards_schedule_free(CardSchedule *sc);
/* The state of a card, or NULL when it was never seen. */
CardState *cards_state(CardSchedule *sc, const char *key);
const CardState *cards_state_c(const CardSchedule *sc, const char *key);
/* SM-2 after an answer of quality q (0–5) on day today; the card's state is made when new. Returns it. */
CardState *cards_review(CardSchedule *sc, const char *key, int q, long today, double time_s);

typedef struct CardsDue {
	size_t due;		/* due on or before today */
	size_t fresh;		/* never seen */
	size_t total;
	long next;		/* the first due day after today, -1 none */
	size_t next_n;		/* cards due that day */
} CardsDue;

/* What is due in set on day today. */
void cards_due(const CardSet *set, const CardSchedule *sc, long today, CardsDue *out);

/* ---- a session ---- */

typedef struct CardSessionOptions {
	long today;
	size_t max_new;		/* new cards at most (0: none) */
	double limit;		/* seconds for the session (--minutes), 0 none */
	double (*clock)(void *ctx);	/* seconds, monotonic; NULL: now_seconds() */
	void *clock_ctx;
} CardSessionOptions;

typedef struct CardResult {
	const Card *card;
	CardGrade grade;
	bool revealed;		/* "?": shown, counts as missed */
	bool fresh;		/* the card's first answer ever */
	long interval;		/* days until it is due again (0: today) */
	long due;
	double time_s;
	int quality;		/* SM-2's, 0–5 (card_quality) */
} CardResult;

typedef struct CardSession CardSession;

/*
 * Today's cards of set: those due (the most overdue first, then in deck
 * order), then up to max_new never seen, in deck order. A missed card is
 * asked once more at the end. The schedule is updated as answers come; the
 * caller saves it. set and sc must outlive the session.
 */
CardSession *card_session_new(const CardSet *set, CardSchedule *sc, const CardSessionOptions *o);
void card_session_free(CardSession *cs);
/* The next card (starts its clock), or NULL when none is left or the time is up. */
const Card *card_session_next(CardSession *cs);
/* Cards still queued (the current one included). */
size_t card_session_left(const CardSession *cs);
/* Grades text for the current card. False with msg filled when the text is not an answer (nothing changes). */
bool card_session_answer(CardSession *cs, const char *text, CardResult *r, char *msg, size_t msgn);
/* Shows the current card's answer: a miss (quality 0). */
void card_session_reveal(CardSession *cs, CardResult *r);
bool card_session_time_up(const CardSession *cs);

typedef struct CardSessionSummary {
	size_t asked, right, missed, fresh, again;	/* again: asked a second time */
	double time_s;
} CardSessionSummary;
void card_session_summary(const CardSession *cs, CardSessionSummary *out);

/* ---- the words both faces print ---- */

/* "right: 0.5 ns (you said 1 ns, the same order of magnitude) | next in 1 day". Appends to out. */
void card_result_text(const CardResult *r, long today, Buf *out);
/* "12 due today, 30 new of 72; next due 2026-12-03 (4 cards)". Appends to out. */
void cards_due_text(const CardsDue *d, long today, Buf *out);
/* "in 1 day", "in 6 days", "again today", "tomorrow". */
void cards_interval_text(long interval, char *out, size_t n);

#endif
