/* A service's editable details (curate.h): the fields, an empty set, the
 * opening-time sessions the form can hold, the checks with their
 * plain-English messages, and the field-by-field difference in words.
 * Lookups (a postcode, a kind of help) go through the store's functions;
 * no SQL here. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../geo/geo.h"
#include "curate_int.h"

const curate_field curate_fields[] = {
	{"name", "Name", 200},
	{"description", "What it is", 4000},
	{"status", "Running", 20},
	{"url", "Website", 500},
	{"email", "Email", 254},
	{"phone", "Phone", 40},
	{"cost", "Cost a session", 12},
	{"cost_description", "About the cost", 1000},
	{"eligibility", "Who it is for", 1000},
	{"minimum_age", "Youngest age", 3},
	{"maximum_age", "Oldest age", 3},
	{"application_process", "How to join", 1000},
	{"location_name", "Venue", 200},
	{"address_1", "Address line 1", 200},
	{"address_2", "Address line 2", 200},
	{"city", "Town or village", 100},
	{"postcode", "Postcode", 10},
	{"accessibility", "Accessibility", 1000},
	{"transportation", "Getting there", 1000},
};
const size_t curate_n_fields = SN_ARRAY_LEN(curate_fields);

static const char *const statuses[] = {"active", "temporarily closed", "inactive", "defunct"};

const char *curate_str_of(const json_t *d, const char *key)
{
	const char *v = json_string_value(json_object_get(d, key));
	return v ? v : "";
}

void curate_set_str(json_t *d, const char *key, const char *v)
{
	json_object_set_new(d, key, json_string(v ? v : ""));
}

json_t *curate_details_empty(void)
{
	json_t *d = json_object();
	for (size_t i = 0; i < curate_n_fields; i++)
		curate_set_str(d, curate_fields[i].key, "");
	curate_set_str(d, "status", "active");
	json_object_set_new(d, "terms", json_array());
	json_object_set_new(d, "sessions", json_array());
	json_object_set_new(d, "other_times", json_array());
	return d;
}

/* ---- opening times the form can edit ---- */

static bool is_day(const char *s, size_t n)
{
	if (n != 2)
		return false;
	for (size_t i = 0; i < 7; i++)
		if (strncmp(sched_day_codes[i], s, 2) == 0)
			return true;
	return false;
}

static bool is_hhmm(const char *s)
{
	return strlen(s) == 5 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	       s[2] == ':' && isdigit((unsigned char)s[3]) && isdigit((unsigned char)s[4]) &&
	       (s[0] - '0') * 10 + (s[1] - '0') < 24 && s[3] < '6';
}

/* "10:00" from "10:00" or "10:00:00"; "" when it has a zone or is odd. */
static void plain_time(const char *in, char out[6])
{
	out[0] = 0;
	size_t n = strlen(in);
	if ((n == 5 || (n == 8 && in[5] == ':' && in[6] == '0' && in[7] == '0')) &&
	    snprintf(out, 6, "%.5s", in) == 5 && !is_hhmm(out))
		out[0] = 0;
}

/* A schedule row as sessions, when the form can hold it: plain weekly
 * days, or 1st to 4th and last weekdays of the month, with both times and
 * nothing else. Appends to sessions and returns true, or false. */
bool curate_row_sessions(const sched_columns *c, json_t *sessions)
{
	char opens[6], closes[6];
	plain_time(c->opens_at ? c->opens_at : "", opens);
	plain_time(c->closes_at ? c->closes_at : "", closes);
	if (!*opens || !*closes || (c->valid_from && *c->valid_from) || (c->valid_to && *c->valid_to) ||
	    (c->dtstart && *c->dtstart) || (c->until && *c->until) ||
	    (c->bymonthday && *c->bymonthday) || (c->every && *c->every && strcmp(c->every, "1") != 0) ||
	    !c->byday || !*c->byday)
		return false;
	const char *freq = c->freq ? c->freq : "";
	if (*freq && strcmp(freq, "WEEKLY") != 0 && strcmp(freq, "MONTHLY") != 0)
		return false;
	json_t *add = json_array();
	const char *p = c->byday;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		while (n && *p == ' ')
			p++, n--;
		while (n && p[n - 1] == ' ')
			n--;
		char when[3] = "";
		if (is_day(p, n))
			snprintf(when, sizeof when, "%s", "w");
		else if (n == 3 && p[0] >= '1' && p[0] <= '4' && is_day(p + 1, 2) && strcmp(freq, "WEEKLY") != 0)
			snprintf(when, sizeof when, "%c", p[0]);
		else if (n == 4 && p[0] == '-' && p[1] == '1' && is_day(p + 2, 2) && strcmp(freq, "WEEKLY") != 0)
			snprintf(when, sizeof when, "%s", "-1");
		if (!*when) {
			json_decref(add);
			return false;
		}
		json_array_append_new(add, json_pack("{s:s, s:s#, s:s, s:s}", "when",
			strcmp(when, "w") == 0 ? "weekly" : when, "day", p + n - 2, (int)2, "opens", opens,
			"closes", closes));
		p = end ? end + 1 : p + strlen(p);
	}
	json_array_extend(sessions, add);
	json_decref(add);
	return true;
}

/* One session in words: "Every Tuesday, 10am to midday". */
static void session_words(const json_t *sess, char *out, size_t size)
{
	const char *when = curate_str_of(sess, "when"), *day = curate_str_of(sess, "day");
	bool weekly = strcmp(when, "weekly") == 0;
	char byday[8];
	snprintf(byday, sizeof byday, "%s%s", weekly ? "" : when, day);
	sched_columns c = {NULL, NULL, NULL, NULL, weekly ? "WEEKLY" : "MONTHLY", NULL, byday, NULL,
			   curate_str_of(sess, "opens"), curate_str_of(sess, "closes"), NULL, NULL, NULL, NULL};
	sched_rule rule;
	char err[160];
	if (sched_rule_from_columns(&c, &rule, err, sizeof err))
		snprintf(out, size, "%s %s %s to %s", when, day, curate_str_of(sess, "opens"), curate_str_of(sess, "closes"));
	else
		sched_describe(&rule, out, size);
}

/* Sessions as schedule rows: weekly sessions with the same times become
 * one row ("Monday to Friday, 9am to 5pm"), monthly ones a row each:
 * [{"freq", "byday", "opens", "closes", "words"}]. */
json_t *curate_session_rows(const json_t *sessions)
{
	json_t *rows = json_array();
	size_t n = json_array_size(sessions);
	bool *done = xcalloc(n ? n : 1, sizeof *done);
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		const json_t *x = json_array_get(sessions, i);
		bool weekly = strcmp(curate_str_of(x, "when"), "weekly") == 0;
		char byday[64], line[256];
		snprintf(byday, sizeof byday, "%s%s", weekly ? "" : curate_str_of(x, "when"), curate_str_of(x, "day"));
		/* The other days with the same times, in week order. */
		bool days[7] = {false};
		for (size_t k = 0; weekly && k < 7; k++)
			days[k] = strcmp(curate_str_of(x, "day"), sched_day_codes[k]) == 0;
		for (size_t j = i + 1; weekly && j < n; j++) {
			const json_t *y = json_array_get(sessions, j);
			if (done[j] || strcmp(curate_str_of(y, "when"), "weekly") != 0 ||
			    strcmp(curate_str_of(y, "opens"), curate_str_of(x, "opens")) != 0 ||
			    strcmp(curate_str_of(y, "closes"), curate_str_of(x, "closes")) != 0)
				continue;
			for (size_t k = 0; k < 7; k++)
				if (strcmp(curate_str_of(y, "day"), sched_day_codes[k]) == 0)
					days[k] = done[j] = true;
		}
		if (weekly) {
			byday[0] = 0;
			for (size_t k = 0; k < 7; k++)
				if (days[k])
					snprintf(byday + strlen(byday), sizeof byday - strlen(byday), "%s%s",
						 *byday ? "," : "", sched_day_codes[k]);
		}
		sched_columns c = {NULL, NULL, NULL, NULL, weekly ? "WEEKLY" : "MONTHLY", NULL, byday, NULL,
				   curate_str_of(x, "opens"), curate_str_of(x, "closes"), NULL, NULL, NULL, NULL};
		sched_rule rule;
		char err[160];
		if (sched_rule_from_columns(&c, &rule, err, sizeof err))
			session_words(x, line, sizeof line);
		else
			sched_describe(&rule, line, sizeof line);
		json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:s}", "freq", weekly ? "WEEKLY" : "MONTHLY",
						      "byday", byday, "opens", curate_str_of(x, "opens"), "closes",
						      curate_str_of(x, "closes"), "words", line));
	}
	free(done);
	return rows;
}

/* ---- checking ---- */

static void problem(json_t *errors, const char *field, const char *message)
{
	json_array_append_new(errors, json_pack("{s:s, s:s}", "field", field, "message", message));
}

static bool has_ctl(const char *s, bool allow_newline)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 && !(allow_newline && (*s == '\n' || *s == '\r' || *s == '\t')))
			return true;
	return false;
}

/* A web address a page may link to: http or https only (str_is_web_url,
 * the one rule every way into the directory uses), with a dotted host. */
static bool valid_url(const char *u)
{
	if (!str_is_web_url(u))
		return false;
	const char *host = strstr(u, "//") + 2;
	size_t n = strcspn(host, "/?#");
	return memchr(host, '.', n) != NULL;
}

static bool valid_phone(const char *p)
{
	int digits = 0;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr(" +()-", *p))
			return false;
	}
	return digits >= 3 && digits <= 15;
}

/* curate_details_check's parts, each appending its problems. */

/* Every field is text of at most its length, without control characters
 * (missing ones become ""); false when one is not text. */
static bool check_texts(json_t *d, json_t *errors)
{
	for (size_t i = 0; i < curate_n_fields; i++) {
		json_t *v = json_object_get(d, curate_fields[i].key);
		char m[128];
		if (!v) {
			curate_set_str(d, curate_fields[i].key, "");
			continue;
		}
		const char *t = json_string_value(v);
		if (!t)
			snprintf(m, sizeof m, "%s must be text", curate_fields[i].label);
		else if (strlen(t) > curate_fields[i].max)
			snprintf(m, sizeof m, "%s must be %zu characters or fewer", curate_fields[i].label,
				 curate_fields[i].max);
		else if (has_ctl(t, curate_fields[i].max >= 1000))
			snprintf(m, sizeof m, "%s must not contain control characters", curate_fields[i].label);
		else
			continue;
		problem(errors, curate_fields[i].key, m);
	}
	for (size_t i = 0; i < curate_n_fields; i++)
		if (!json_is_string(json_object_get(d, curate_fields[i].key)))
			return false; /* the checks below read text */
	return true;
}

/* Name, what it is, running, web address, email, phone, cost, ages. */
static void check_about(json_t *d, json_t *errors)
{
	const char *name = curate_str_of(d, "name"), *desc = curate_str_of(d, "description");
	if (!*name)
		problem(errors, "name", "Enter the name of the service");
	if (!*desc)
		problem(errors, "description", "Say what the service is and does");
	bool status_ok = false;
	for (size_t i = 0; i < SN_ARRAY_LEN(statuses); i++)
		status_ok = status_ok || strcmp(statuses[i], curate_str_of(d, "status")) == 0;
	if (!status_ok)
		problem(errors, "status", "Select whether the service is running");
	const char *url = curate_str_of(d, "url");
	if (*url && !valid_url(url))
		problem(errors, "url", "Enter a web address that starts with https://, like https://example.org/");
	const char *email = curate_str_of(d, "email");
	if (*email && !str_is_email(email))
		problem(errors, "email", "Enter an email address in the correct format, like name@example.org");
	const char *phone = curate_str_of(d, "phone");
	if (*phone && !valid_phone(phone))
		problem(errors, "phone", "Enter a phone number, like 01632 960123");
	const char *cost = curate_str_of(d, "cost");
	if (*cost) {
		int64_t pence;
		if (money_parse_pounds(cost, 100000, &pence))
			problem(errors, "cost", "Enter the cost in pounds, like 3.50, or leave it empty if it is free");
		else {
			char m[32] = "";
			if (pence > 0)
				snprintf(m, sizeof m, "%lld.%02lld", (long long)(pence / 100), (long long)(pence % 100));
			curate_set_str(d, "cost", m);
		}
	}
	int64_t ages[2] = {-1, -1};
	static const char *const age_keys[] = {"minimum_age", "maximum_age"};
	for (int i = 0; i < 2; i++) {
		const char *v = curate_str_of(d, age_keys[i]);
		if (*v && str_to_i64(v, 0, 120, &ages[i]))
			problem(errors, age_keys[i], i == 0 ? "Enter the youngest age as a whole number from 0 to 120"
							    : "Enter the oldest age as a whole number from 0 to 120");
	}
	if (ages[0] >= 0 && ages[1] >= 0 && ages[0] > ages[1])
		problem(errors, "maximum_age", "The oldest age must be the same as or more than the youngest age");
}

/* The place: all of address line 1, town and postcode, or none; a
 * postcode we know. */
static sn_err check_place(store *s, json_t *d, json_t *errors)
{
	const char *a1 = curate_str_of(d, "address_1"), *city = curate_str_of(d, "city"),
		   *pc = curate_str_of(d, "postcode");
	bool any_place = *a1 || *city || *pc || *curate_str_of(d, "address_2") ||
			 *curate_str_of(d, "location_name") || *curate_str_of(d, "accessibility") ||
			 *curate_str_of(d, "transportation");
	if (!any_place)
		return SN_OK;
	if (!*a1)
		problem(errors, "address_1", "Enter the first line of the address");
	if (!*city)
		problem(errors, "city", "Enter the town or village");
	char norm[9];
	if (!*pc) {
		problem(errors, "postcode", "Enter the postcode");
	} else if (postcode_normalise(pc, norm)) {
		problem(errors, "postcode", "Enter a real postcode, like AV1 2AB");
	} else {
		sn_err rc = geo_postcode_lookup(s, norm, NULL, NULL, NULL);
		if (rc == SN_ENOTFOUND)
			problem(errors, "postcode", "We could not find that postcode. Check it and try again");
		else if (rc)
			return rc;
		curate_set_str(d, "postcode", norm);
	}
	return SN_OK;
}

/* Kinds of help: codes of the taxonomy. */
static sn_err check_terms(store *s, json_t *d, json_t *errors)
{
	json_t *terms = json_object_get(d, "terms");
	if (!terms) {
		terms = json_array();
		json_object_set_new(d, "terms", terms);
	}
	if (!json_is_array(terms) || json_array_size(terms) > 20) {
		problem(errors, "terms", "Choose up to 20 kinds of help");
		return SN_OK;
	}
	size_t i;
	json_t *t;
	json_array_foreach(terms, i, t) {
		bool known = false;
		if (json_is_string(t) && strlen(json_string_value(t)) < 64) {
			sn_err rc = curate_store_term_exists(s, json_string_value(t), &known);
			if (rc)
				return rc;
		}
		if (!known) {
			problem(errors, "terms", "Choose kinds of help from the list");
			break;
		}
	}
	return SN_OK;
}

/* Regular sessions: how often, which day, times as HH:MM. */
static void check_sessions(json_t *d, json_t *errors)
{
	json_t *sessions = json_object_get(d, "sessions");
	if (!sessions) {
		sessions = json_array();
		json_object_set_new(d, "sessions", sessions);
	}
	if (!json_is_array(sessions) || json_array_size(sessions) > CURATE_SESSIONS_MAX) {
		problem(errors, "sessions", "Give up to 8 opening times");
		return;
	}
	size_t i;
	json_t *x;
	json_array_foreach(sessions, i, x) {
		const char *when = curate_str_of(x, "when"), *day = curate_str_of(x, "day");
		const char *o = curate_str_of(x, "opens"), *c = curate_str_of(x, "closes");
		char field[40];
		snprintf(field, sizeof field, "s%zu_day", i + 1);
		bool when_ok = strcmp(when, "weekly") == 0 || strcmp(when, "-1") == 0 ||
			       (strlen(when) == 1 && when[0] >= '1' && when[0] <= '4');
		if (!json_is_object(x) || !when_ok || !is_day(day, strlen(day))) {
			problem(errors, field, "Choose how often and which day");
			continue;
		}
		snprintf(field, sizeof field, "s%zu_opens", i + 1);
		if (!is_hhmm(o)) {
			problem(errors, field, "Enter the opening time as hours and minutes, like 09:30");
			continue;
		}
		snprintf(field, sizeof field, "s%zu_closes", i + 1);
		if (!is_hhmm(c))
			problem(errors, field, "Enter the closing time as hours and minutes, like 12:00");
		/* "10am to 9am" is refused: a session ends after it starts, on
		 * the same day (one past midnight is two sessions, the second
		 * from 00:00 on the next day; docs/directory.md). */
		else if (strcmp(c, o) <= 0)
			problem(errors, field,
				"The closing time must be after the opening time, on the same day. For a "
				"session past midnight, add a second session on the next day from 00:00");
	}
}

sn_err curate_details_check(store *s, json_t *d, json_t *errors)
{
	size_t before = json_array_size(errors);
	if (!json_is_object(d)) {
		problem(errors, "name", "The details are not an object");
		return SN_EINPUT;
	}
	if (!check_texts(d, errors))
		return SN_EINPUT;
	check_about(d, errors);
	sn_err rc = check_place(s, d, errors);
	if (!rc)
		rc = check_terms(s, d, errors);
	if (rc)
		return rc;
	check_sessions(d, errors);
	json_t *other = json_object_get(d, "other_times");
	if (!json_is_array(other))
		json_object_set_new(d, "other_times", json_array());
	return json_array_size(errors) > before ? SN_EINPUT : SN_OK;
}

/* ---- the difference ---- */

static json_t *lines_of(store *s, const char *key, const json_t *v)
{
	json_t *lines = json_array();
	if (strcmp(key, "terms") == 0) {
		size_t i;
		json_t *t;
		json_array_foreach(v, i, t) {
			const char *code = json_string_value(t);
			if (!code)
				continue;
			char name[1024];
			bool found = false;
			curate_store_term_name(s, code, name, sizeof name, &found);
			json_array_append_new(lines, json_string(found ? name : code));
		}
	} else if (strcmp(key, "sessions") == 0) {
		json_t *rows = curate_session_rows(v);
		size_t i;
		json_t *x;
		json_array_foreach(rows, i, x)
			json_array_append_new(lines, json_string(curate_str_of(x, "words")));
		json_decref(rows);
	} else if (strcmp(key, "cost") == 0) {
		/* "£3", "£4.50", "£1,250": money as people read it. */
		const char *c = json_string_value(v);
		int64_t pence = 0;
		char money[40];
		if (c && *c && !money_parse_pounds(c, 100000, &pence) && pence > 0) {
			money_text(pence, money);
			json_array_append_new(lines, json_string(money));
		} else {
			json_array_append_new(lines, c && *c && pence != 0 ? json_pack("s+", "£", c) : json_string("Free"));
		}
	} else if (strcmp(key, "other_times") == 0) {
		json_array_extend(lines, (json_t *)v);
	} else if (json_string_value(v) && *json_string_value(v)) {
		json_array_append_new(lines, json_string(json_string_value(v)));
	}
	return lines;
}

json_t *curate_details_diff(store *s, const json_t *before, const json_t *after)
{
	json_t *out = json_array();
	static const curate_field lists[] = {{"terms", "Kinds of help", 0},
					  {"sessions", "Opening times", 0},
					  {"other_times", "Other opening times", 0}};
	for (size_t i = 0; i < curate_n_fields + SN_ARRAY_LEN(lists); i++) {
		const curate_field *f = i < curate_n_fields ? &curate_fields[i] : &lists[i - curate_n_fields];
		json_t *b = json_object_get(before, f->key), *a = json_object_get(after, f->key);
		json_t *bl = lines_of(s, f->key, b), *al = lines_of(s, f->key, a);
		if (json_equal(bl, al) || (!json_array_size(bl) && !json_array_size(al))) {
			json_decref(bl);
			json_decref(al);
			continue;
		}
		json_array_append_new(out, json_pack("{s:s, s:s, s:o, s:o}", "field", f->key, "label", f->label,
						     "before", bl, "after", al));
	}
	return out;
}
