/*
 * The report's charts as SVG, from the computed scenario: the day's traffic
 * curve (traffic_day_curve), storage growing over the retention period, the
 * availability tiers against the SLA, the latency budget bar and, when there
 * are ranges, the headline results' intervals and a tornado. The HTML report
 * draws them inline; a markdown report exported with --charts writes each to
 * a file beside it. Nothing here loads anything from anywhere else: every
 * chart is one self-contained <svg>.
 */
#ifndef BOE_CHART_H
#define BOE_CHART_H

#include <stdbool.h>
#include "boe/scenario.h"
#include "boe/util.h"

typedef enum ChartKind {
	CHART_TRAFFIC, CHART_STORAGE, CHART_AVAILABILITY, CHART_LATENCY, CHART_INTERVALS, CHART_TORNADO,
	CHART_COUNT
} ChartKind;

/* "traffic", "storage", "availability", "latency", "intervals", "tornado": file names and CSS classes. */
const char *chart_name(ChartKind k);
/* "Requests over a day", ...: the chart's title. */
const char *chart_title(ChartKind k);
/* Whether the scenario has something to draw for k (tiers, hops, ranges, nonzero traffic...). */
bool chart_applies(const Scenario *s, ChartKind k);
/*
 * Appends the chart as one <svg> element. standalone adds the XML namespace
 * a file of its own needs; inline in HTML it is left out.
 */
void chart_svg(const Scenario *s, ChartKind k, bool standalone, Buf *out);

/*
 * Storage over time: n points (t[i] seconds, v[i] bytes) from 0 to 1.25 x
 * retention, growing by storage_per_day until the retention and flat at
 * storage_total after it. False (nothing written) when either is 0.
 */
bool chart_storage_series(const Scenario *s, int n, double *t, double *v);

/* Text made safe for XML and HTML: & < > " ' escaped, control characters dropped. */
void xml_escape(const char *s, Buf *out);

#endif
