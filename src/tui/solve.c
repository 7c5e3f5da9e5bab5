/*
 * The sheet's solve key: on a derived quantity, S asks for a target and the
 * input to change ("10 for dau"), solves with the core's whatif_solve, and
 * applies the answer as an edit, so z undoes it like any other.
 */
#include <stdlib.h>
#include <string.h>

#include "boe/whatif.h"
#include "tui/tui.h"

static char last_entry[256];	/* what was typed last, offered again after a refusal */

/* The input a person most likely means: the first listed input the result reads. */
static int default_input(const Scenario *s, int result)
{
	int *order = xmalloc(s->nq * sizeof *order);
	size_t n = scenario_display_order(s, order);
	int best = -1;
	for (size_t k = 0; k < n && best < 0; k++)
		if (s->q[order[k]].input && whatif_depends(s, result, order[k]))
			best = order[k];
	free(order);
	return best;
}

int solve_open(App *a)
{
	int q = a->nrows ? a->rows[a->sel].q : -1;
	if (q < 0)
		return UI_HANDLED;
	const Quantity *r = &a->s->q[q];
	if (r->input) {
		app_message(a, ST_WARN, "%s is an input: select a derived quantity (servers, peak_qps...), then S asks for its target and the input to change",
			    r->name);
		return UI_REDRAW;
	}
	char text[300];
	int in = default_input(a->s, q);
	if (last_entry[0] && a->prompt.q == q)
		snprintf(text, sizeof text, "%s", last_entry);
	else
		snprintf(text, sizeof text, "%s for %s", r->shown, in >= 0 ? a->s->q[in].name : "");
	prompt_open(a, PR_SOLVE, text);
	a->prompt.q = q;
	return UI_REDRAW;
}

const char *solve_prompt_label(const App *a)
{
	static char label[160];
	snprintf(label, sizeof label, "solve %s = ", a->s->q[a->prompt.q].name);
	return label;
}

static int submit(App *a)
{
	char name[128];
	snprintf(name, sizeof name, "%s", a->s->q[a->prompt.q].name);
	snprintf(last_entry, sizeof last_entry, "%s", a->prompt.le.buf);
	char *text = xstrdup(a->prompt.le.buf);
	char *sep = NULL;
	for (char *p = strstr(text, " for "); p; p = strstr(p + 1, " for "))
		sep = p;
	prompt_close(a);
	if (!sep) {
		app_message(a, ST_ERROR, "type the target, then 'for' and the input: 10 for dau (S again keeps what you typed)");
		free(text);
		return UI_REDRAW;
	}
	*sep = '\0';
	char *input = sep + 5;
	while (*input == ' ')
		input++;
	for (size_t l = strlen(input); l > 0 && input[l - 1] == ' ';)
		input[--l] = '\0';
	SolveResult r;
	BoeError err;
	if (!whatif_solve(a->s, name, text, input, &r, &err)) {
		app_message(a, ST_ERROR, "%s", err.msg);
		free(text);
		return UI_REDRAW;
	}
	if (!edit_apply(a, input, r.set_text, &err)) {
		char why[600];
		edit_error_text(&err, why, sizeof why);
		app_message(a, ST_ERROR, "%s", why);
	} else if (r.step) {
		app_message(a, ST_NORMAL, "%s = %s: the %s %s that keeps %s at or under %s   z undoes", input, r.shown,
			    r.rising ? "largest" : "smallest", input, name, r.target_shown);
		last_entry[0] = '\0';
	} else {
		app_message(a, ST_NORMAL, "%s = %s gives %s = %s   z undoes", input, r.shown, name, r.reached_shown);
		last_entry[0] = '\0';
	}
	solve_result_free(&r);
	free(text);
	return UI_REDRAW;
}

int solve_prompt_key(App *a, int key)
{
	if (key == KEY_ESC) {
		prompt_close(a);
		app_message(a, ST_DIM, "solve cancelled; nothing changed");
		return UI_REDRAW;
	}
	if (key == '\r' || key == '\n' || key == KEYFN(KEY_ENTER))
		return submit(a);
	le_key(&a->prompt.le, key);
	return UI_REDRAW;
}
