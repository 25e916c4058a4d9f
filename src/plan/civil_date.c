/* Civil dates as day numbers (days since 1970-01-01, proleptic
 * Gregorian): strict YYYY-MM-DD, leap years, calendar months that keep
 * the day of the month or clamp to a shorter month's last day. Pure. */
#include <stdio.h>

#include "plan_rules.h"

bool civil_is_leap(int64_t year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int civil_days_in_month(int64_t year, int month)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 0;
	return month == 2 && civil_is_leap(year) ? 29 : dim[month - 1];
}

/* H. Hinnant's days_from_civil. */
int64_t civil_days(int64_t year, int month, int day)
{
	int64_t y = year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (month + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* H. Hinnant's civil_from_days. */
void civil_from_days(int64_t days, int64_t *year, int *month, int *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = yoe + era * 400 + (*month <= 2);
}

static bool digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

sn_err civil_parse(const char *s, int64_t *days)
{
	int y, m, d;
	if (!s)
		return SN_EINPUT;
	for (size_t i = 0; i < 10; i++)
		if (!s[i])
			return SN_EINPUT;
	if (s[10] || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &m) ||
	    !digits(s + 8, 2, &d))
		return SN_EINPUT;
	if (y < CIVIL_MIN_YEAR || y > CIVIL_MAX_YEAR || d < 1 || d > civil_days_in_month(y, m))
		return SN_EINPUT;
	*days = civil_days(y, m, d);
	return SN_OK;
}

void civil_format(int64_t days, char out[static 11])
{
	int64_t y;
	int m, d;
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(out, 11, "0000-00-00");
		return;
	}
	snprintf(out, 11, "%04d-%02d-%02d", (int)y, m, d);
}

int64_t civil_add_months(int64_t days, int months)
{
	int64_t y;
	int m, d;
	civil_from_days(days, &y, &m, &d);
	int64_t idx = y * 12 + (m - 1) + months;
	int64_t ny = idx >= 0 ? idx / 12 : (idx - 11) / 12;
	int nm = (int)(idx - ny * 12) + 1;
	int last = civil_days_in_month(ny, nm);
	return civil_days(ny, nm, d > last ? last : d);
}

int64_t civil_of_time(int64_t t)
{
	return t >= 0 ? t / 86400 : (t - 86399) / 86400;
}
