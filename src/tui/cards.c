/*
 * The interface's Cards screen: today's flashcards (src/cards.c) with the
 * answer typed in a field. The same words as boe cards: the core's result
 * line after each answer, the due summary before and after. The schedule is
 * saved after every answer (atomically), so leaving the screen or quitting
 * loses nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "boe/cards.h"
#include "boe/date.h"
#include "tlog.h"
#include "tui.h"

#define TUI_NEW_CARDS 10

static struct {
	bool loaded;
	CardSet *set;
	CardSchedule *sc;
	CardSession *cs;
	const Card *card;	/* being asked, or NULL */
	long today;
	LineEdit answer;
	TLog log;
	char error[512];
	int n;
} C;

static void due_line(void)
{
	CardsDue d;
	cards_due(C.set, C.sc, C.today, &d);
	Buf b = {0};
	cards_due_text(&d, C.today, &b);
	tlog_add(&C.log, ST_DIM, "%s", b.s);
	buf_free(&b);
}

static void next_card(void)
{
	C.card = C.cs ? card_session_next(C.cs) : NULL;
	if (C.card) {
		tlog_add(&C.log, ST_NORMAL, "%s", "");
		tlog_add(&C.log, ST_TITLE, "[%d] %s: %s%s%s%s", ++C.n, C.card->deck, C.card->front,
			 C.card->unit[0] && C.card->unit[0] != '%' ? " (in " : "",
			 C.card->unit[0] && C.card->unit[0] != '%' ? C.card->unit : "",
			 C.card->unit[0] && C.card->unit[0] != '%' ? ")" : "");
		return;
	}
	if (!C.cs)
		return;
	CardSessionSummary s;
	card_session_summary(C.cs, &s);
	tlog_add(&C.log, ST_NORMAL, "%s", "");
	if (s.asked == 0)
		tlog_add(&C.log, ST_OK, "Nothing to review today.");
	else
		tlog_add(&C.log, ST_OK, "cards: %zu answered, %zu right, %zu missed (%zu new, %zu asked again)",
			 s.asked, s.right, s.missed, s.fresh, s.again);
	due_line();
	tlog_add(&C.log, ST_DIM, "n: a new session");
	card_session_free(C.cs);
	C.cs = NULL;
}

static void start(App *a)
{
	day_today(getenv("BOE_TODAY"), &C.today);
	if (!C.loaded) {
		BoeError err;
		C.set = cards_load(NULL, 0, &err);
		if (!C.set) {
			char m[700];
			boe_error_format(&err, m, sizeof m);
			tlog_add(&C.log, ST_ERROR, "%s", m);
			return;
		}
		C.sc = cards_schedule_load(NULL, &err);
		if (!C.sc) {
			char m[700];
			boe_error_format(&err, m, sizeof m);
			tlog_add(&C.log, ST_ERROR, "%s (starting an empty schedule)", m);
			C.sc = cards_schedule_parse("", 0);
		}
		C.loaded = true;
	}
	if (!C.set || C.set->ncards == 0) {
		tlog_add(&C.log, ST_ERROR, "No deck found (boe cards --list says where they are searched).");
		return;
	}
	char day[16];
	day_format(C.today, day, sizeof day);
	tlog_add(&C.log, ST_SECTION, "Cards for %s (SM-2: right comes back later, missed is due again today)", day);
	due_line();
	CardSessionOptions o = {.today = C.today, .max_new = TUI_NEW_CARDS};
	C.cs = card_session_new(C.set, C.sc, &o);
	C.n = 0;
	next_card();
	(void)a;
}

void cards_screen_init(App *a)
{
	if (!C.loaded)
		start(a);
}

bool cards_screen_typing(const App *a)
{
	(void)a;
	return C.card != NULL;
}

static void show_result(const CardResult *r)
{
	Buf b = {0};
	card_result_text(r, C.today, &b);
	tlog_add(&C.log, r->grade.right ? ST_OK : ST_WARN, "%s", b.s);
	buf_free(&b);
	BoeError err;
	if (!cards_schedule_save(C.sc, NULL, &err)) {
		char m[700];
		boe_error_format(&err, m, sizeof m);
		tlog_add(&C.log, ST_ERROR, "the schedule could not be saved: %s", m);
	}
}

static int submit(App *a)
{
	(void)a;
	const char *t = C.answer.buf ? C.answer.buf : "";
	CardResult r;
	C.error[0] = '\0';
	if (drill_is_command(t, "?") || drill_is_command(t, "skip")) {
		card_session_reveal(C.cs, &r);
	} else if (!card_session_answer(C.cs, t, &r, C.error, sizeof C.error)) {
		return UI_REDRAW;	/* asked again, the reason shown */
	}
	tlog_add(&C.log, ST_INPUT, "> %s", t);
	le_set(&C.answer, "");
	show_result(&r);
	next_card();
	return UI_REDRAW;
}

static int act_new(App *a)
{
	if (C.card)
		return UI_HANDLED;
	start(a);
	return UI_REDRAW;
}

const KeyBinding cards_screen_keys[] = {
	{'\r', "Enter", "answer the card ('?' or 'skip' shows it: a miss)", NULL, "answer"},
	{'n', "n", "a new session: the cards due now (when none is running)", act_new, "new"},
	{KEYFN(KEY_PPAGE), "PgUp PgDn", "scroll the transcript", NULL, "scroll"},
	{KEY_ESC, "Esc", "back to the sheet (the session waits)", NULL, "back"},
	{0, NULL, NULL, NULL, NULL},
};

int cards_screen_key(App *a, int key)
{
	int page = body_h(a) - 3;
	if (tlog_scroll_key(&C.log, key, page > 1 ? page : 1))
		return UI_REDRAW;
	if (!C.card)
		return key == 'n' ? act_new(a) : 0;
	if (key == KEY_ESC)
		return 0;
	if (key == '\r' || key == '\n' || key == KEYFN(KEY_ENTER))
		return submit(a);
	if (le_key(&C.answer, key)) {
		C.error[0] = '\0';
		return UI_REDRAW;
	}
	return UI_HANDLED;	/* the field takes every other key */
}

void cards_screen_draw(App *a)
{
	int y = BODY_Y, h = body_h(a), w = a->w;
	int pinned = C.card ? 1 + (C.error[0] ? 1 : 0) : 0;
	tlog_draw(&C.log, y, h - pinned, w);
	if (C.card) {
		int fy = y + h - pinned;
		ui_text(fy, 1, 2, ">", ST_KEY);
		le_draw(&C.answer, fy, 3, w - 4, ST_FIELD, a->prompt.kind == PR_NONE);
		a->field = &C.answer;
		if (C.error[0])
			ui_text(fy + 1, 3, w - 4, C.error, ST_ERROR);
	}
}

void cards_screen_free(void)
{
	card_session_free(C.cs);
	cards_schedule_free(C.sc);
	cards_free(C.set);
	le_free(&C.answer);
	tlog_clear(&C.log);
	memset(&C, 0, sizeof C);
}
