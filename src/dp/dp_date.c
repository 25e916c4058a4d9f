/* Calendar dates for the ledger: "YYYY-MM-DD" to and from a day number
 * (days since 1970-01-01, proleptic Gregorian), without the C library's
 * time functions (no time zone, no shared state). */
#include <stdio.h>
#include <string.h>

#include "dp_int.h"

bool dp_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int64_t dp_month_days(int64_t y, int64_t m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && dp_leap(y) ? 29 : days[m - 1];
}

/* Howard Hinnant's days_from_civil. */
int64_t dp_days_from_ymd(int64_t y, int64_t m, int64_t d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void dp_ymd_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

bool dp_ymd_valid(int64_t y, int64_t m, int64_t d)
{
	return y >= DP_YEAR_MIN && y <= DP_YEAR_MAX && m >= 1 && m <= 12 && d >= 1 &&
	       d <= dp_month_days(y, m);
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int64_t num(const char *s, size_t n)
{
	int64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

sn_err dp_date_days(const char *iso, int64_t *days)
{
	if (!iso || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-' || !digits(iso, 4) ||
	    !digits(iso + 5, 2) || !digits(iso + 8, 2))
		return SN_EINPUT;
	int64_t y = num(iso, 4), m = num(iso + 5, 2), d = num(iso + 8, 2);
	if (!dp_ymd_valid(y, m, d))
		return SN_EINPUT;
	*days = dp_days_from_ymd(y, m, d);
	return SN_OK;
}

void dp_date_iso(int64_t days, char out[static 11])
{
	int64_t y, m, d;
	dp_ymd_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0; /* never for the dates the ledger keeps */
	snprintf(out, 11, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

void dp_date_today(char out[static 11])
{
	int64_t t = time_now();
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	dp_date_iso(days, out);
}
