/* A person's details as people type them (names, date of birth, phone):
 * the checks shared by the public "ask for an assessment" form and the
 * worker's record forms. Pure: no store, no request. */
#include <stdio.h>
#include <string.h>

#include "people.h"

bool people_text_ok(const char *v)
{
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

bool people_phone_ok(const char *phone)
{
	size_t digits = 0;
	if (strlen(phone) > PEOPLE_PHONE_MAX)
		return false;
	for (const char *p = phone; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr(" +()-", *p))
			return false;
	}
	return digits >= 10 && digits <= 15;
}

sn_err people_dob_parse(const char *day, const char *month, const char *year, int64_t now,
			char out[static 11], const char **why)
{
	out[0] = 0;
	*why = NULL;
	if (!*day && !*month && !*year)
		return SN_OK;
	int64_t d = 0, m = 0, y = 0;
	if (!*day || !*month || !*year) {
		*why = "Date of birth must include a day, month and year";
		return SN_EINPUT;
	}
	char today[21];
	time_iso8601(now, today);
	int64_t this_year = (today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 +
			    (today[3] - '0');
	char iso[32];
	int64_t t = 0;
	if (str_to_i64(day, 1, 31, &d) || str_to_i64(month, 1, 12, &m) ||
	    str_to_i64(year, 1000, 9999, &y)) {
		*why = "Date of birth must be a real date, like 27 3 1947";
		return SN_EINPUT;
	}
	snprintf(iso, sizeof iso, "%04d-%02d-%02dT00:00:00Z", (int)y, (int)m, (int)d);
	if (time_parse_iso8601(iso, &t)) {
		*why = "Date of birth must be a real date, like 27 3 1947";
		return SN_EINPUT;
	}
	if (t > now) {
		*why = "Date of birth must be in the past";
		return SN_EINPUT;
	}
	if (y < this_year - PEOPLE_AGE_MAX) {
		*why = "Check the year of the date of birth";
		return SN_EINPUT;
	}
	snprintf(out, 11, "%.10s", iso);
	return SN_OK;
}
