/* Progress per quantity, per preset and per week over the practice history (boe/progress.h). */
#include <stdlib.h>
#include <string.h>

#include "boe/date.h"
#include "boe/progress.h"

/* The rows being built, found by name (a history holds thousands of drills). */
typedef struct Rows {
	Progress *p;
	size_t capq, capp;
	NameIndex qi, pi;
} Rows;

static const char *q_name(const void *ctx, int i)
{
	return ((const Progress *)ctx)->q[i].name;
}

static const char *p_name(const void *ctx, int i)
{
	return ((const Progress *)ctx)->p[i].name;
}

static QuantityProgress *find_q(Rows *r, const char *name, Skill k)
{
	Progress *p = r->p;
	int i = name_index_find(&r->qi, name);
	if (i >= 0)
		return &p->q[i];
	p->q = xgrow(p->q, p->nq, &r->capq, sizeof *p->q, 32);
	p->q[p->nq] = (QuantityProgress){.name = xstrdup(name), .skill = k};
	name_index_add(&r->qi, (int)p->nq);
	return &p->q[p->nq++];
}

static PresetProgress *find_p(Rows *r, const char *name)
{
	Progress *p = r->p;
	int i = name_index_find(&r->pi, name);
	if (i >= 0)
		return &p->p[i];
	p->p = xgrow(p->p, p->np, &r->capp, sizeof *p->p, 16);
	p->p[p->np] = (PresetProgress){.name = xstrdup(name), .last = -1};
	name_index_add(&r->pi, (int)p->np);
	return &p->p[p->np++];
}

static int cmp_q(const void *a, const void *b)
{
	const QuantityProgress *x = a, *y = b;
	double sx = x->max > 0 ? x->points / x->max : 1, sy = y->max > 0 ? y->points / y->max : 1;
	if (sx != sy)
		return sx < sy ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int cmp_p(const void *a, const void *b)
{
	return strcmp(((const PresetProgress *)a)->name, ((const PresetProgress *)b)->name);
}

void progress_compute(const DrillHistory *h, Progress *out)
{
	memset(out, 0, sizeof *out);
	out->time_first = out->time_recent = -1;
	long newest = -1;
	for (size_t i = 0; i < h->nrecords; i++)
		if (h->records[i].when && day_of(h->records[i].when) > newest)
			newest = day_of(h->records[i].when);
	if (newest >= 0) {
		out->nweeks = PROGRESS_WEEKS;
		long last = day_week_start(newest);
		for (int k = 0; k < PROGRESS_WEEKS; k++)
			out->week[k] = last - 7L * (PROGRESS_WEEKS - 1 - k);
	}
	double wp[PROGRESS_WEEKS] = {0}, wm[PROGRESS_WEEKS] = {0}, wt[PROGRESS_WEEKS] = {0};
	size_t total = 0;
	for (size_t i = 0; i < h->nrecords; i++)
		for (size_t j = 0; j < h->records[i].nanswers; j++)
			total += h->records[i].answers[j].grade != GRADE_UNANSWERED;
	size_t seen = 0, nfirst = 0, nrecent = 0;
	double tfirst = 0, trecent = 0;
	Rows rows = {.p = out};
	name_index_init(&rows.qi, q_name, out);
	name_index_init(&rows.pi, p_name, out);
	for (size_t i = 0; i < h->nrecords; i++) {
		const DrillRecord *r = &h->records[i];
		PresetProgress *pp = find_p(&rows, r->preset);
		bool mock = r->mode && strcmp(r->mode, "mock") == 0;
		pp->drills += !mock;
		pp->mocks += mock;
		long day = r->when ? day_of(r->when) : -1;
		if (day > pp->last)
			pp->last = day;
		int wk = -1;
		if (day >= 0 && out->nweeks) {
			long k = (day_week_start(day) - out->week[0]) / 7;
			wk = k >= 0 && k < PROGRESS_WEEKS ? (int)k : -1;
		}
		for (size_t j = 0; j < r->nanswers; j++) {
			const DrillRecordAnswer *a = &r->answers[j];
			if (a->grade == GRADE_UNANSWERED)
				continue;
			QuantityProgress *q = find_q(&rows, a->quantity, a->skill);
			q->answers++;
			q->hinted += a->hints > 0;
			q->points += a->points;
			q->max += a->max;
			q->time_s += a->time_s;
			pp->points += a->points;
			pp->max += a->max;
			out->answers++;
			out->hinted += a->hints > 0;
			if (a->slip > 0 && a->slip < SLIP_COUNT)
				out->slips[a->slip]++;
			if (seen++ < (total + 1) / 2) {
				tfirst += a->time_s;
				nfirst++;
			} else {
				trecent += a->time_s;
				nrecent++;
			}
			if (wk >= 0) {
				out->week_answers[wk]++;
				wp[wk] += a->points;
				wm[wk] += a->max;
				wt[wk] += a->time_s;
			}
		}
	}
	name_index_free(&rows.qi);
	name_index_free(&rows.pi);
	if (nfirst)
		out->time_first = tfirst / (double)nfirst;
	if (nrecent)
		out->time_recent = trecent / (double)nrecent;
	for (int k = 0; k < out->nweeks; k++) {
		out->week_share[k] = wm[k] > 0 ? wp[k] / wm[k] : -1;
		out->week_time[k] = out->week_answers[k] ? wt[k] / (double)out->week_answers[k] : -1;
	}
	if (out->nq)
		qsort(out->q, out->nq, sizeof *out->q, cmp_q);
	if (out->np)
		qsort(out->p, out->np, sizeof *out->p, cmp_p);
}

void progress_free(Progress *p)
{
	for (size_t i = 0; i < p->nq; i++)
		free(p->q[i].name);
	free(p->q);
	for (size_t i = 0; i < p->np; i++)
		free(p->p[i].name);
	free(p->p);
	memset(p, 0, sizeof *p);
}
