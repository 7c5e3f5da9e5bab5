/* Calendar days as numbers (days since 1970-01-01, UTC); see boe/date.h. */
#include <stdio.h>
#include <string.h>

#include "boe/date.h"

/* Howard Hinnant's days_from_civil. */
long day_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static const int month_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

bool day_parse(const char *s, long *day)
{
	int y, m, d, len = 0;
	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &len) != 3 || len != 10)
		return false;
	if (s[len] != '\0' && s[len] != 'T' && s[len] != ' ')
		return false;
	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > month_days[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (m == 2 && d == 29 && !leap)
		return false;
	*day = day_from_civil(y, (unsigned)m, (unsigned)d);
	return true;
}

void day_format(long day, char *out, size_t n)
{
	time_t t = (time_t)day * 86400;
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(out, n, "%Y-%m-%d", &tm))
		snprintf(out, n, "?");
}

long day_of(time_t t)
{
	long d = (long)(t / 86400);
	if (t < 0 && t % 86400)
		d--;
	return d;
}

time_t day_noon(long day)
{
	return (time_t)day * 86400 + 43200;
}

long day_week_start(long day)
{
	/* 1970-01-01 was a Thursday: day 0 is 3 days after a Monday */
	long wd = ((day % 7) + 7 + 3) % 7;	/* 0 Monday .. 6 Sunday */
	return day - wd;
}

bool day_today(const char *env, long *day)
{
	if (env && env[0] && day_parse(env, day))
		return true;
	*day = day_of(time(NULL));
	return !(env && env[0]);
}
