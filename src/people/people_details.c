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

/* One line of text, required or not, at most max bytes. */
static bool line_ok(const char *v, bool required, size_t max)
{
	return (*v || !required) && strlen(v) <= max && people_text_ok(v);
}

sn_err people_details_check(const person_in *in, int64_t now, person_new *d, char pc[static 9],
			    char dob[static 11], const char **field, const char **why)
{
	memset(d, 0, sizeof *d);
	pc[0] = dob[0] = 0;
	*field = *why = NULL;
	const char *given = in->given_name ? in->given_name : "";
	const char *family = in->family_name ? in->family_name : "";
	const char *bd = in->birth_date ? in->birth_date : "";
	const char *postcode = in->postcode ? in->postcode : "";
	const char *phone = in->phone ? in->phone : "", *email = in->email ? in->email : "";
	if (!line_ok(given, true, PEOPLE_NAME_MAX)) {
		*field = "given_name";
		*why = "is required: one line of up to 100 characters";
	} else if (!line_ok(family, true, PEOPLE_NAME_MAX)) {
		*field = "family_name";
		*why = "is required: one line of up to 100 characters";
	} else if (*bd) {
		/* YYYY-MM-DD, then the same rules as the three boxes */
		char y[5], m[3], dd[3];
		bool shape = strlen(bd) == 10 && bd[4] == '-' && bd[7] == '-';
		for (size_t i = 0; shape && i < 10; i++)
			shape = i == 4 || i == 7 || (bd[i] >= '0' && bd[i] <= '9');
		if (shape) {
			snprintf(y, sizeof y, "%.4s", bd);
			snprintf(m, sizeof m, "%.2s", bd + 5);
			snprintf(dd, sizeof dd, "%.2s", bd + 8);
		}
		if (!shape || people_dob_parse(dd, m, y, now, dob, why)) {
			*field = "birth_date";
			*why = "must be a real date in the past, as YYYY-MM-DD, within 130 years";
		}
	}
	if (!*field && *postcode && (strlen(postcode) > 10 || postcode_normalise(postcode, pc))) {
		*field = "postcode";
		*why = "must be a full UK postcode, like AV1 2AB";
	} else if (!*field && *phone && !people_phone_ok(phone)) {
		*field = "phone";
		*why = "must be a phone number of 10 to 15 digits";
	} else if (!*field && *email && (strlen(email) > PEOPLE_EMAIL_MAX || !str_is_email(email) ||
					!people_text_ok(email))) {
		*field = "email";
		*why = "must be an email address like name@example.com";
	}
	if (*field)
		return SN_EINPUT;
	d->given_name = given;
	d->family_name = family;
	d->date_of_birth = dob;
	d->postcode = pc;
	d->phone = phone;
	d->email = email;
	return SN_OK;
}
