/*
 * Notes and checks: the scenario's notes, its `expect:` figures against what
 * boe computes now (they move as values are edited), and the values nothing
 * reads any more.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

int notes_key(App *a, int key)
{
	return scroll_key(a, key);
}

void notes_draw(App *a)
{
	const Scenario *s = a->s;
	const Glyphs *g = a->g;
	Pager p = {0, a->scroll[SCR_NOTES], BODY_Y, body_h(a), a->w, false};
	char t[1200];
	if (s->nchecks) {
		size_t bad = scenario_failed_checks(s);
		snprintf(t, sizeof t, "Checks against the source: %zu of %zu within tolerance", s->nchecks - bad,
			 s->nchecks);
		pager_rule(&p, a, t);
		int nw = 10;
		for (size_t i = 0; i < s->nchecks; i++) {
			int l = ui_width(s->checks[i].name);
			if (l > nw)
				nw = l;
		}
		if (nw > 30)
			nw = 30;
		for (size_t i = 0; i < s->nchecks; i++) {
			const Check *c = &s->checks[i];
			char v[96];
			scenario_format_value(s, c->q, &a->prefs, v, sizeof v);
			pager_at(&p, 2, 1, c->ok ? g->ok : g->bad, c->ok ? ST_OK : ST_ERROR);
			pager_at(&p, 4, nw, c->name, ST_NORMAL);
			snprintf(t, sizeof t, "%-10s expected %s %s%g%%", v, c->text, "\xC2\xB1",
				 c->tolerance * 100);
			pager_line(&p, 5 + nw, t, c->ok ? ST_NORMAL : ST_ERROR);
			if (c->note)
				pager_wrap(&p, 6 + nw, c->note, ST_DIM);
		}
		p.vy++;
	}
	pager_rule(&p, a, "Notes");
	if (s->notes && *s->notes)
		pager_wrap(&p, 2, s->notes, ST_NORMAL);
	else
		pager_line(&p, 2, "(this scenario has no notes)", ST_DIM);
	p.vy++;
	Buf b = {0};
	int nun = 0;
	for (size_t i = 0; i < s->nq; i++)
		if (s->q[i].unused) {
			buf_printf(&b, "%s%s", nun ? ", " : "", s->q[i].name);
			nun++;
		}
	if (nun) {
		pager_rule(&p, a, "Unused: nothing reads these because something downstream was set");
		pager_wrap(&p, 2, b.s, ST_DIM);
	}
	buf_free(&b);
	if (s->source) {
		p.vy++;
		snprintf(t, sizeof t, "source: %s", s->source);
		pager_wrap(&p, 2, t, ST_DIM);
	}
	a->content_h[SCR_NOTES] = p.vy;
}
