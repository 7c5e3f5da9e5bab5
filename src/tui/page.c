/*
 * The page base every view scrolls with: a view draws its lines at
 * page_y(a, line) as if the body were as tall as its content; lines outside
 * the body are clipped, and page_end records the height so the scrolling keys
 * (scroll_key) know where to stop. Also the small formatting and drawing
 * helpers the availability and latency views share.
 */
#include <math.h>
#include <stdlib.h>

#include "tui/tui.h"

static int max_scroll(const App *a)
{
	int m = a->content_h[a->screen] - body_h(a);
	return m > 0 ? m : 0;
}

void page_begin(App *a)
{
	int *s = &a->scroll[a->screen];
	if (*s > max_scroll(a))
		*s = max_scroll(a);
	if (*s < 0)
		*s = 0;
	ui_clip(BODY_Y, BODY_Y + body_h(a));
}

int page_y(const App *a, int line)
{
	return BODY_Y + line - a->scroll[a->screen];
}

void page_end(App *a, int lines)
{
	ui_unclip();
	a->content_h[a->screen] = lines;
	int *s = &a->scroll[a->screen];
	if (*s > max_scroll(a))
		*s = max_scroll(a);
	/* say that there is more, and which way, at the right of the message line */
	char t[64];
	bool below = *s < max_scroll(a), above = *s > 0;
	if (below && above)
		snprintf(t, sizeof t, " %s%s more: j k ", a->g->up, a->g->down);
	else if (below)
		snprintf(t, sizeof t, " %s more below: j ", a->g->down);
	else if (above)
		snprintf(t, sizeof t, " %s more above: k ", a->g->up);
	else
		return;
	ui_text(a->h - 2, a->w - ui_width(t) - 1, ui_width(t), t, ST_DIM);
}

void page_show(App *a, int first, int last)
{
	int bh = body_h(a);
	int *s = &a->scroll[a->screen];
	if (last - *s >= bh)
		*s = last - bh + 1;
	if (first < *s)
		*s = first;
	if (*s < 0)
		*s = 0;
}

void fmt_pct(double v, char *out, size_t n)
{
	/* three digits of what is missing near 100% (99.9899%), never 0% for a share that is not zero */
	static const Display percent = {.percent = true};
	units_format(v, DIM_NONE, &percent, NULL, out, n);
}

void fmt_dur(const App *a, double s, char *out, size_t n)
{
	units_format(s, DIM_TIME, NULL, &a->prefs, out, n);
}

int ui_stacked(const App *a, int y, int x, int w, const double *parts, int n, double scale)
{
	/* to scale: a part smaller than half a cell does not show (the tables give every part) */
	double acc = 0;
	int drawn = 0;
	for (int i = 0; i < n; i++) {
		acc += parts[i];
		int end = (int)lround(acc / scale * w);
		if (end > w)
			end = w;
		ui_repeat(y, x + drawn, end - drawn, a->g->shade[i % ST_NSEG], (Style)(ST_SEG0 + i % ST_NSEG));
		if (end > drawn)
			drawn = end;
	}
	return x + drawn;
}
