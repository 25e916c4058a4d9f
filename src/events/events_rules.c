/* The pure rules of events (events.h). */
#include <string.h>

#include "../plan/plan_rules.h"
#include "events.h"

static const char *const codes[EV_N_KINDS] = {"peer-support", "festival", "community-conversation", "activity"};
static const char *const words[EV_N_KINDS] = {"Peer support session", "Festival", "Community conversation",
					      "Activity"};

const char *ev_kind_code(ev_kind k) { return (unsigned)k < EV_N_KINDS ? codes[k] : ""; }
const char *ev_kind_words(ev_kind k) { return (unsigned)k < EV_N_KINDS ? words[k] : ""; }

bool ev_kind_parse(const char *code, ev_kind *out)
{
	for (int k = 0; code && k < EV_N_KINDS; k++)
		if (strcmp(code, codes[k]) == 0) {
			*out = (ev_kind)k;
			return true;
		}
	return false;
}

ev_place ev_booking(int64_t booked, int64_t capacity) { return booked < capacity ? EV_BOOKED : EV_WAITING; }

int64_t ev_places_left(int64_t booked, int64_t capacity) { return booked < capacity ? capacity - booked : 0; }

int64_t ev_move_up(int64_t booked, int64_t capacity, int64_t waiting)
{
	int64_t free_places = ev_places_left(booked, capacity);
	return waiting < free_places ? (waiting > 0 ? waiting : 0) : free_places;
}

bool ev_open_for_booking(bool cancelled, int64_t starts, int64_t now) { return !cancelled && now < starts; }

bool ev_attendance_open(bool cancelled, int64_t starts, int64_t now) { return !cancelled && now >= starts; }

const char *ev_check_times(int64_t starts, int64_t ends, int64_t capacity, bool is_new, int64_t now,
			   const char **field)
{
	if (is_new && starts <= now)
		return *field = "starts", "The start must be in the future";
	if (ends <= starts)
		return *field = "ends", "The end must be after the start";
	if (ends - starts > (int64_t)EV_HOURS_MAX * 3600)
		return *field = "ends", "An event can last at most two weeks";
	if (capacity < 1 || capacity > EV_CAPACITY_MAX)
		return *field = "capacity", "The number of places must be a whole number from 1 to 10,000";
	return NULL;
}

/* A whole number of 1 to max_digits digits, nothing else; -1 otherwise. */
static int64_t digits(const char *s, size_t max_digits)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > max_digits)
		return -1;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

sn_err ev_parse_when(const char *day, const char *month, const char *year, const char *hhmm, int64_t *t,
		     const char **why)
{
	int64_t d = digits(day, 2), m = digits(month, 2), y = digits(year, 4);
	if (d < 0 || m < 0 || y < 0)
		return *why = "Enter a date with numbers, like 14 3 2027", SN_EINPUT;
	if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 || d > civil_days_in_month(y, (int)m))
		return *why = "Enter a real date", SN_EINPUT;
	const char *colon = hhmm ? strchr(hhmm, ':') : NULL;
	char hours[3] = "";
	if (colon && colon - hhmm >= 1 && colon - hhmm <= 2)
		memcpy(hours, hhmm, (size_t)(colon - hhmm));
	int64_t h = colon ? digits(hours, 2) : -1, mi = colon && strlen(colon + 1) == 2 ? digits(colon + 1, 2) : -1;
	if (h < 0 || h > 23 || mi < 0 || mi > 59)
		return *why = "Enter a time on the 24-hour clock, like 14:30", SN_EINPUT;
	int64_t local = civil_days(y, (int)m, (int)d) * 86400 + h * 3600 + mi * 60;
	*t = local - time_uk_offset(local - 3600);
	return SN_OK;
}
