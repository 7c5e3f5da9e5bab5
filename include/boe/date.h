/*
 * Calendar days for the practice modes: a day is a count of days since
 * 1970-01-01 (UTC), so that schedules compare and add as plain numbers. The
 * faces decide what today is (the clock, or BOE_TODAY in the CLI); the core
 * is always told.
 *
 * Core module: no printing.
 */
#ifndef BOE_DATE_H
#define BOE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Day number of a proleptic Gregorian date. */
long day_from_civil(long y, unsigned m, unsigned d);
/* "2026-12-01" (or an ISO date-time starting so) into a day number; false when it is not a date. */
bool day_parse(const char *s, long *day);
/* "2026-12-01". */
void day_format(long day, char *out, size_t n);
/* The day of a time (UTC). */
long day_of(time_t t);
/* The day as a time: its noon, UTC. */
time_t day_noon(long day);
/* The Monday that starts the ISO week holding day. */
long day_week_start(long day);
/* Today: the day BOE_TODAY names when env is such a date, else the clock's. False (today from the clock) when env is set but not a date. */
bool day_today(const char *env, long *day);

#endif
