/* A service's editable details, their difference, writing them back, and
 * the version history (see dir_edit.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "dir_edit.h"
#include "directory.h"
#include "geo/geo.h"
#include "hours/hours.h"
#include "search/search.h"

const dir_field dir_fields[] = {
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
const size_t dir_n_fields = SN_ARRAY_LEN(dir_fields);

static const char *const statuses[] = {"active", "temporarily closed", "inactive", "defunct"};

static const char *str_of(const json_t *d, const char *key)
{
	const char *v = json_string_value(json_object_get(d, key));
	return v ? v : "";
}

static void set_str(json_t *d, const char *key, const char *v)
{
	json_object_set_new(d, key, json_string(v ? v : ""));
}

json_t *dir_details_empty(void)
{
	json_t *d = json_object();
	for (size_t i = 0; i < dir_n_fields; i++)
		set_str(d, dir_fields[i].key, "");
	set_str(d, "status", "active");
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
static bool row_sessions(const sched_columns *c, json_t *sessions)
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
	const char *when = str_of(sess, "when"), *day = str_of(sess, "day");
	bool weekly = strcmp(when, "weekly") == 0;
	char byday[8];
	snprintf(byday, sizeof byday, "%s%s", weekly ? "" : when, day);
	sched_columns c = {NULL, NULL, NULL, NULL, weekly ? "WEEKLY" : "MONTHLY", NULL, byday, NULL,
			   str_of(sess, "opens"), str_of(sess, "closes"), NULL, NULL, NULL, NULL};
	sched_rule rule;
	char err[160];
	if (sched_rule_from_columns(&c, &rule, err, sizeof err))
		snprintf(out, size, "%s %s %s to %s", when, day, str_of(sess, "opens"), str_of(sess, "closes"));
	else
		sched_describe(&rule, out, size);
}

/* Sessions as schedule rows: weekly sessions with the same times become
 * one row ("Monday to Friday, 9am to 5pm"), monthly ones a row each:
 * [{"freq", "byday", "opens", "closes", "words"}]. */
static json_t *session_rows(const json_t *sessions)
{
	json_t *rows = json_array();
	size_t n = json_array_size(sessions);
	bool *done = xcalloc(n ? n : 1, sizeof *done);
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		const json_t *x = json_array_get(sessions, i);
		bool weekly = strcmp(str_of(x, "when"), "weekly") == 0;
		char byday[64], line[256];
		snprintf(byday, sizeof byday, "%s%s", weekly ? "" : str_of(x, "when"), str_of(x, "day"));
		/* The other days with the same times, in week order. */
		bool days[7] = {false};
		for (size_t k = 0; weekly && k < 7; k++)
			days[k] = strcmp(str_of(x, "day"), sched_day_codes[k]) == 0;
		for (size_t j = i + 1; weekly && j < n; j++) {
			const json_t *y = json_array_get(sessions, j);
			if (done[j] || strcmp(str_of(y, "when"), "weekly") != 0 ||
			    strcmp(str_of(y, "opens"), str_of(x, "opens")) != 0 ||
			    strcmp(str_of(y, "closes"), str_of(x, "closes")) != 0)
				continue;
			for (size_t k = 0; k < 7; k++)
				if (strcmp(str_of(y, "day"), sched_day_codes[k]) == 0)
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
				   str_of(x, "opens"), str_of(x, "closes"), NULL, NULL, NULL, NULL};
		sched_rule rule;
		char err[160];
		if (sched_rule_from_columns(&c, &rule, err, sizeof err))
			session_words(x, line, sizeof line);
		else
			sched_describe(&rule, line, sizeof line);
		json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:s}", "freq", weekly ? "WEEKLY" : "MONTHLY",
						      "byday", byday, "opens", str_of(x, "opens"), "closes",
						      str_of(x, "closes"), "words", line));
	}
	free(done);
	return rows;
}

/* ---- loading ---- */

sn_err dir_details_load(store *s, int64_t sid, json_t **out)
{
	*out = NULL;
	json_t *d = dir_details_empty();
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT name, description, status, url, email, fees_description, "
				"eligibility_description, application_process, minimum_age, maximum_age "
				"FROM dir_services WHERE id = ?", "i", sid);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc) {
		static const char *const keys[] = {"name", "description", "status", "url", "email",
						   "cost_description", "eligibility", "application_process"};
		for (int i = 0; i < 8; i++)
			set_str(d, keys[i], store_col_text(st, i));
		for (int i = 8; i < 10; i++)
			if (!store_col_null(st, i)) {
				char n[24];
				snprintf(n, sizeof n, "%lld", (long long)store_col_i64(st, i));
				set_str(d, i == 8 ? "minimum_age" : "maximum_age", n);
			}
	}
	store_done(st);
	st = NULL;
	/* The first phone and the first cost option. */
	if (!rc && !(rc = store_query(s, &st, "SELECT number FROM dir_phones WHERE service_id = ? "
				       "ORDER BY id LIMIT 1", "i", sid)) &&
	    !(rc = store_step(st, &row)) && row)
		set_str(d, "phone", store_col_text(st, 0));
	store_done(st);
	st = NULL;
	if (!rc && !(rc = store_query(s, &st, "SELECT amount_pence FROM dir_cost_options WHERE service_id = ? "
				       "ORDER BY id LIMIT 1", "i", sid)) &&
	    !(rc = store_step(st, &row)) && row && !store_col_null(st, 0) && store_col_i64(st, 0) > 0) {
		char m[32];
		int64_t p = store_col_i64(st, 0);
		snprintf(m, sizeof m, "%lld.%02lld", (long long)(p / 100), (long long)(p % 100));
		set_str(d, "cost", m);
	}
	store_done(st);
	st = NULL;
	/* The first location, its first address and accessibility. */
	if (!rc && !(rc = store_query(s, &st,
		"SELECT l.name, l.transportation, a.address_1, a.address_2, a.city, a.postal_code, "
		"(SELECT x.description FROM dir_accessibility x WHERE x.location_id = l.id ORDER BY x.id LIMIT 1) "
		"FROM dir_service_at_locations sl JOIN dir_locations l ON l.id = sl.location_id "
		"LEFT JOIN dir_addresses a ON a.id = (SELECT min(id) FROM dir_addresses WHERE location_id = l.id) "
		"WHERE sl.service_id = ? ORDER BY sl.id LIMIT 1", "i", sid)) &&
	    !(rc = store_step(st, &row)) && row) {
		static const char *const keys[] = {"location_name", "transportation", "address_1", "address_2",
						   "city", "postcode", "accessibility"};
		for (int i = 0; i < 7; i++)
			set_str(d, keys[i], store_col_text(st, i));
	}
	store_done(st);
	st = NULL;
	/* The kinds of help: terms of the taxonomy that have codes. */
	json_t *terms = json_object_get(d, "terms");
	if (!rc && !(rc = store_query(s, &st, "SELECT tt.code FROM dir_attributes a JOIN dir_taxonomy_terms tt "
				       "ON tt.id = a.taxonomy_term_id WHERE a.link_entity = 'service' AND "
				       "a.link_id = ? AND tt.code IS NOT NULL ORDER BY tt.code", "i", sid)))
		while (!(rc = store_step(st, &row)) && row)
			json_array_append_new(terms, json_string(store_col_text(st, 0)));
	store_done(st);
	st = NULL;
	json_t *sessions = json_object_get(d, "sessions"), *other = json_object_get(d, "other_times");
	if (!rc && !(rc = store_query(s, &st, "SELECT " DIR_SCHED_COLS " FROM dir_schedules WHERE service_id = ? "
				       "ORDER BY id", "i", sid)))
		while (!(rc = store_step(st, &row)) && row) {
			char every[16], line[256], err[160];
			sched_columns c;
			dir_sched_columns(st, 0, every, &c);
			if (row_sessions(&c, sessions))
				continue;
			sched_rule rule;
			if (!sched_rule_from_columns(&c, &rule, err, sizeof err))
				sched_describe(&rule, line, sizeof line);
			else
				snprintf(line, sizeof line, "%s", *c.description ? c.description : "(unreadable)");
			json_array_append_new(other, json_string(line));
		}
	store_done(st);
	if (rc) {
		json_decref(d);
		return rc;
	}
	*out = d;
	return SN_OK;
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

static bool valid_url(const char *u)
{
	if (!str_starts(u, "https://") && !str_starts(u, "http://"))
		return false;
	const char *host = strstr(u, "//") + 2;
	if (!*host || *host == '/' || *host == '.')
		return false;
	for (const char *p = u; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
			return false;
	return strchr(host, '.') != NULL;
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

sn_err dir_details_check(store *s, json_t *d, json_t *errors)
{
	size_t before = json_array_size(errors);
	if (!json_is_object(d)) {
		problem(errors, "name", "The details are not an object");
		return SN_EINPUT;
	}
	for (size_t i = 0; i < dir_n_fields; i++) {
		json_t *v = json_object_get(d, dir_fields[i].key);
		char m[128];
		if (!v) {
			set_str(d, dir_fields[i].key, "");
			continue;
		}
		const char *t = json_string_value(v);
		if (!t)
			snprintf(m, sizeof m, "%s must be text", dir_fields[i].label);
		else if (strlen(t) > dir_fields[i].max)
			snprintf(m, sizeof m, "%s must be %zu characters or fewer", dir_fields[i].label,
				 dir_fields[i].max);
		else if (has_ctl(t, dir_fields[i].max >= 1000))
			snprintf(m, sizeof m, "%s must not contain control characters", dir_fields[i].label);
		else
			continue;
		problem(errors, dir_fields[i].key, m);
	}
	for (size_t i = 0; i < dir_n_fields; i++)
		if (!json_is_string(json_object_get(d, dir_fields[i].key)))
			return SN_EINPUT; /* the checks below read text */
	const char *name = str_of(d, "name"), *desc = str_of(d, "description");
	if (!*name)
		problem(errors, "name", "Enter the name of the service");
	if (!*desc)
		problem(errors, "description", "Say what the service is and does");
	bool status_ok = false;
	for (size_t i = 0; i < SN_ARRAY_LEN(statuses); i++)
		status_ok = status_ok || strcmp(statuses[i], str_of(d, "status")) == 0;
	if (!status_ok)
		problem(errors, "status", "Select whether the service is running");
	const char *url = str_of(d, "url");
	if (*url && !valid_url(url))
		problem(errors, "url", "Enter a web address that starts with https://, like https://example.org/");
	const char *email = str_of(d, "email");
	if (*email && !str_is_email(email))
		problem(errors, "email", "Enter an email address in the correct format, like name@example.org");
	const char *phone = str_of(d, "phone");
	if (*phone && !valid_phone(phone))
		problem(errors, "phone", "Enter a phone number, like 01632 960123");
	const char *cost = str_of(d, "cost");
	if (*cost) {
		int64_t pence;
		if (money_parse_pounds(cost, 100000, &pence))
			problem(errors, "cost", "Enter the cost in pounds, like 3.50, or leave it empty if it is free");
		else {
			char m[32] = "";
			if (pence > 0)
				snprintf(m, sizeof m, "%lld.%02lld", (long long)(pence / 100), (long long)(pence % 100));
			set_str(d, "cost", m);
		}
	}
	int64_t ages[2] = {-1, -1};
	static const char *const age_keys[] = {"minimum_age", "maximum_age"};
	for (int i = 0; i < 2; i++) {
		const char *v = str_of(d, age_keys[i]);
		if (*v && str_to_i64(v, 0, 120, &ages[i]))
			problem(errors, age_keys[i], i == 0 ? "Enter the youngest age as a whole number from 0 to 120"
							    : "Enter the oldest age as a whole number from 0 to 120");
	}
	if (ages[0] >= 0 && ages[1] >= 0 && ages[0] > ages[1])
		problem(errors, "maximum_age", "The oldest age must be the same as or more than the youngest age");
	/* The place: all of address line 1, town and postcode, or none. */
	const char *a1 = str_of(d, "address_1"), *city = str_of(d, "city"), *pc = str_of(d, "postcode");
	bool any_place = *a1 || *city || *pc || *str_of(d, "address_2") || *str_of(d, "location_name") ||
			 *str_of(d, "accessibility") || *str_of(d, "transportation");
	if (any_place) {
		if (!*a1)
			problem(errors, "address_1", "Enter the first line of the address");
		if (!*city)
			problem(errors, "city", "Enter the town or village");
		char norm[9];
		if (!*pc)
			problem(errors, "postcode", "Enter the postcode");
		else if (postcode_normalise(pc, norm))
			problem(errors, "postcode", "Enter a real postcode, like AV1 2AB");
		else {
			sn_err rc = geo_postcode_lookup(s, norm, NULL, NULL, NULL);
			if (rc == SN_ENOTFOUND)
				problem(errors, "postcode", "We could not find that postcode. Check it and try again");
			else if (rc)
				return rc;
			set_str(d, "postcode", norm);
		}
	}
	/* Kinds of help: codes of the taxonomy. */
	json_t *terms = json_object_get(d, "terms");
	if (!terms) {
		terms = json_array();
		json_object_set_new(d, "terms", terms);
	}
	if (!json_is_array(terms) || json_array_size(terms) > 20) {
		problem(errors, "terms", "Choose up to 20 kinds of help");
	} else {
		size_t i;
		json_t *t;
		json_array_foreach(terms, i, t) {
			int64_t n = 0;
			sn_err rc = json_is_string(t) && strlen(json_string_value(t)) < 64
					    ? store_one_i64(s, &n, "SELECT count(*) FROM dir_taxonomy_terms WHERE code = ?",
							    "t", json_string_value(t))
					    : SN_OK;
			if (rc)
				return rc;
			if (!n) {
				problem(errors, "terms", "Choose kinds of help from the list");
				break;
			}
		}
	}
	json_t *sessions = json_object_get(d, "sessions");
	if (!sessions) {
		sessions = json_array();
		json_object_set_new(d, "sessions", sessions);
	}
	if (!json_is_array(sessions) || json_array_size(sessions) > DIR_SESSIONS_MAX) {
		problem(errors, "sessions", "Give up to 8 opening times");
	} else {
		size_t i;
		json_t *x;
		json_array_foreach(sessions, i, x) {
			const char *when = str_of(x, "when"), *day = str_of(x, "day");
			const char *o = str_of(x, "opens"), *c = str_of(x, "closes");
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
		}
	}
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
			store_stmt *st = NULL;
			bool row = false;
			const char *code = json_string_value(t);
			if (!code)
				continue;
			if (!store_query(s, &st, "SELECT name FROM dir_taxonomy_terms WHERE code = ? LIMIT 1",
					 "t", code) && !store_step(st, &row) && row)
				json_array_append_new(lines, json_string(store_col_text(st, 0)));
			else
				json_array_append_new(lines, json_string(code));
			store_done(st);
		}
	} else if (strcmp(key, "sessions") == 0) {
		json_t *rows = session_rows(v);
		size_t i;
		json_t *x;
		json_array_foreach(rows, i, x)
			json_array_append_new(lines, json_string(str_of(x, "words")));
		json_decref(rows);
	} else if (strcmp(key, "cost") == 0) {
		const char *c = json_string_value(v);
		json_array_append_new(lines, c && *c ? json_pack("s+", "£", c) : json_string("Free"));
	} else if (strcmp(key, "other_times") == 0) {
		json_array_extend(lines, (json_t *)v);
	} else if (json_string_value(v) && *json_string_value(v)) {
		json_array_append_new(lines, json_string(json_string_value(v)));
	}
	return lines;
}

json_t *dir_details_diff(store *s, const json_t *before, const json_t *after)
{
	json_t *out = json_array();
	static const dir_field lists[] = {{"terms", "Kinds of help", 0},
					  {"sessions", "Opening times", 0},
					  {"other_times", "Other opening times", 0}};
	for (size_t i = 0; i < dir_n_fields + SN_ARRAY_LEN(lists); i++) {
		const dir_field *f = i < dir_n_fields ? &dir_fields[i] : &lists[i - dir_n_fields];
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

/* ---- writing back ---- */

static bool differ(const json_t *a, const json_t *b, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!json_equal(json_object_get(a, keys[i]), json_object_get(b, keys[i])) &&
		    !(!*str_of(a, keys[i]) && !*str_of(b, keys[i]) && !json_is_array(json_object_get(a, keys[i]))))
			return true;
	return false;
}

static const char *or_null(const json_t *d, const char *key)
{
	const char *v = str_of(d, key);
	return *v ? v : NULL;
}

static sn_err bind_age(const json_t *d, const char *key, int64_t *out, bool *null)
{
	const char *v = str_of(d, key);
	*null = !*v;
	*out = 0;
	return *v ? str_to_i64(v, 0, 150, out) : SN_OK;
}

static sn_err write_service(store *s, int64_t sid, const json_t *d, const char *now)
{
	int64_t mn, mx;
	bool mn_null, mx_null;
	sn_err rc = bind_age(d, "minimum_age", &mn, &mn_null);
	if (!rc)
		rc = bind_age(d, "maximum_age", &mx, &mx_null);
	if (!rc)
		rc = store_run(s, "UPDATE dir_services SET name = ?, description = ?, status = ?, url = ?, "
			       "email = ?, fees_description = ?, eligibility_description = ?, "
			       "application_process = ?, last_modified = ? WHERE id = ?", "ttttt" "ttt" "ti",
			       str_of(d, "name"), str_of(d, "description"), str_of(d, "status"), or_null(d, "url"),
			       or_null(d, "email"), or_null(d, "cost_description"), or_null(d, "eligibility"),
			       or_null(d, "application_process"), now, sid);
	if (!rc)
		rc = mn_null ? store_run(s, "UPDATE dir_services SET minimum_age = NULL WHERE id = ?", "i", sid)
			     : store_run(s, "UPDATE dir_services SET minimum_age = ? WHERE id = ?", "ii", mn, sid);
	if (!rc)
		rc = mx_null ? store_run(s, "UPDATE dir_services SET maximum_age = NULL WHERE id = ?", "i", sid)
			     : store_run(s, "UPDATE dir_services SET maximum_age = ? WHERE id = ?", "ii", mx, sid);
	return rc;
}

/* The id a query finds, or 0 when it finds no row. */
static sn_err first_id(store *s, const char *sql, int64_t key, int64_t *id)
{
	*id = 0;
	sn_err rc = store_one_i64(s, id, sql, "i", key);
	return rc == SN_ENOTFOUND ? SN_OK : rc;
}

static sn_err write_phone(store *s, int64_t sid, const char *number)
{
	int64_t pid;
	sn_err rc = first_id(s, "SELECT id FROM dir_phones WHERE service_id = ? ORDER BY id LIMIT 1", sid, &pid);
	if (rc)
		return rc;
	if (!*number)
		return pid ? store_run(s, "DELETE FROM dir_phones WHERE id = ?", "i", pid) : SN_OK;
	if (pid)
		return store_run(s, "UPDATE dir_phones SET number = ? WHERE id = ?", "ti", number, pid);
	char uuid[37];
	uuid_v4(uuid);
	return store_run(s, "INSERT INTO dir_phones (uuid, service_id, number) VALUES (?, ?, ?)", "tit", uuid,
			 sid, number);
}

static sn_err write_cost(store *s, int64_t sid, const char *cost)
{
	if (!*cost)
		return store_run(s, "DELETE FROM dir_cost_options WHERE service_id = ?", "i", sid);
	int64_t pence, cid;
	sn_err rc = money_parse_pounds(cost, 100000, &pence);
	if (!rc)
		rc = first_id(s, "SELECT id FROM dir_cost_options WHERE service_id = ? ORDER BY id LIMIT 1", sid,
			      &cid);
	if (rc)
		return rc;
	if (cid)
		return store_run(s, "UPDATE dir_cost_options SET amount_pence = ? WHERE id = ?", "ii", pence, cid);
	char uuid[37];
	uuid_v4(uuid);
	return store_run(s, "INSERT INTO dir_cost_options (uuid, service_id, option, amount_pence) "
			 "VALUES (?, ?, 'Per session', ?)", "tii", uuid, sid, pence);
}

static sn_err write_place(store *s, int64_t sid, const json_t *before, const json_t *d)
{
	int64_t lid = 0, salid = 0;
	store_stmt *st = NULL;
	bool row = false;
	sn_err rc = store_query(s, &st, "SELECT id, location_id FROM dir_service_at_locations "
				"WHERE service_id = ? ORDER BY id LIMIT 1", "i", sid);
	if (!rc && !(rc = store_step(st, &row)) && row) {
		salid = store_col_i64(st, 0);
		lid = store_col_i64(st, 1);
	}
	store_done(st);
	if (rc)
		return rc;
	if (!*str_of(d, "address_1")) /* no place any more: an online or phone service */
		return salid ? store_run(s, "DELETE FROM dir_service_at_locations WHERE id = ?", "i", salid) : SN_OK;
	const char *pc = str_of(d, "postcode");
	int32_t lat = 0, lon = 0;
	bool moved = strcmp(pc, str_of(before, "postcode")) != 0 || !lid;
	if (moved && (rc = geo_postcode_lookup(s, pc, &lat, &lon, NULL)))
		return rc;
	char uuid[37];
	if (!lid) {
		uuid_v4(uuid);
		rc = store_one_i64(s, &lid, "INSERT INTO dir_locations (uuid, location_type, lat_e6, lon_e6) "
				   "VALUES (?, 'physical', ?, ?) RETURNING id", "tii", uuid, (int64_t)lat,
				   (int64_t)lon);
		uuid_v4(uuid);
		if (!rc)
			rc = store_run(s, "INSERT INTO dir_service_at_locations (uuid, service_id, location_id) "
				       "VALUES (?, ?, ?)", "tii", uuid, sid, lid);
	} else if (moved) {
		rc = store_run(s, "UPDATE dir_locations SET lat_e6 = ?, lon_e6 = ? WHERE id = ?", "iii",
			       (int64_t)lat, (int64_t)lon, lid);
	}
	if (!rc)
		rc = store_run(s, "UPDATE dir_locations SET name = ?, transportation = ? WHERE id = ?", "tti",
			       or_null(d, "location_name"), or_null(d, "transportation"), lid);
	int64_t aid = 0;
	if (!rc)
		rc = first_id(s, "SELECT id FROM dir_addresses WHERE location_id = ? ORDER BY id LIMIT 1", lid, &aid);
	if (!rc && aid)
		rc = store_run(s, "UPDATE dir_addresses SET address_1 = ?, address_2 = ?, city = ?, "
			       "postal_code = ? WHERE id = ?", "tttti", str_of(d, "address_1"),
			       or_null(d, "address_2"), str_of(d, "city"), pc, aid);
	else if (!rc) {
		uuid_v4(uuid);
		rc = store_run(s, "INSERT INTO dir_addresses (uuid, location_id, address_1, address_2, city, "
			       "state_province, postal_code, country, address_type) VALUES (?, ?, ?, ?, ?, ?, ?, "
			       "'GB', 'physical')", "titttt" "t", uuid, lid, str_of(d, "address_1"),
			       or_null(d, "address_2"), str_of(d, "city"), str_of(d, "city"), pc);
	}
	int64_t xid = 0;
	if (!rc)
		rc = first_id(s, "SELECT id FROM dir_accessibility WHERE location_id = ? ORDER BY id LIMIT 1", lid,
			      &xid);
	const char *access = str_of(d, "accessibility");
	if (!rc && xid)
		rc = *access ? store_run(s, "UPDATE dir_accessibility SET description = ? WHERE id = ?", "ti",
					 access, xid)
			     : store_run(s, "DELETE FROM dir_accessibility WHERE id = ?", "i", xid);
	else if (!rc && *access) {
		uuid_v4(uuid);
		rc = store_run(s, "INSERT INTO dir_accessibility (uuid, location_id, description) VALUES (?, ?, ?)",
			       "tit", uuid, lid, access);
	}
	return rc;
}

static sn_err write_terms(store *s, int64_t sid, const json_t *terms)
{
	sn_err rc = store_run(s, "DELETE FROM dir_attributes WHERE link_entity = 'service' AND link_id = ? AND "
			      "taxonomy_term_id IN (SELECT id FROM dir_taxonomy_terms WHERE code IS NOT NULL)",
			      "i", sid);
	size_t i;
	json_t *t;
	json_array_foreach(terms, i, t) {
		if (rc)
			break;
		int64_t tid = 0;
		char uuid[37];
		uuid_v4(uuid);
		rc = store_one_i64(s, &tid, "SELECT min(id) FROM dir_taxonomy_terms WHERE code = ?", "t",
				   json_string_value(t));
		if (!rc && tid)
			rc = store_run(s, "INSERT INTO dir_attributes (uuid, link_entity, link_id, taxonomy_term_id, "
				       "link_type) VALUES (?, 'service', ?, ?, 'service_type')", "tii", uuid, sid, tid);
	}
	return rc;
}

static sn_err write_sessions(store *s, int64_t sid, const json_t *sessions)
{
	/* Drop the rows the form showed (those it can hold), keep the rest. */
	store_stmt *st = NULL;
	bool row = false;
	size_t n = 0, cap = 16;
	int64_t *drop = xmalloc(cap * sizeof *drop);
	sn_err rc = store_query(s, &st, "SELECT " DIR_SCHED_COLS ", id FROM dir_schedules WHERE service_id = ?",
				"i", sid);
	while (!rc && !(rc = store_step(st, &row)) && row) {
		char every[16];
		sched_columns c;
		dir_sched_columns(st, 0, every, &c);
		json_t *scratch = json_array();
		if (row_sessions(&c, scratch)) {
			if (n == cap)
				drop = xrealloc(drop, (cap *= 2) * sizeof *drop);
			drop[n++] = store_col_i64(st, 11);
		}
		json_decref(scratch);
	}
	store_done(st);
	for (size_t i = 0; i < n && !rc; i++)
		rc = store_run(s, "DELETE FROM dir_schedules WHERE id = ?", "i", drop[i]);
	free(drop);
	json_t *rows = session_rows(sessions);
	size_t i;
	json_t *x;
	json_array_foreach(rows, i, x) {
		if (rc)
			break;
		char uuid[37];
		uuid_v4(uuid);
		rc = store_run(s, "INSERT INTO dir_schedules (uuid, service_id, freq, byday, opens_at, closes_at, "
			       "description) VALUES (?, ?, ?, ?, ?, ?, ?)", "tittttt", uuid, sid, str_of(x, "freq"),
			       str_of(x, "byday"), str_of(x, "opens"), str_of(x, "closes"), str_of(x, "words"));
	}
	json_decref(rows);
	return rc;
}

sn_err dir_details_apply(store *s, int64_t sid, const json_t *before, const json_t *after, const char *now)
{
	static const char *const service_keys[] = {"name", "description", "status", "url", "email",
						   "cost_description", "eligibility", "application_process",
						   "minimum_age", "maximum_age"};
	static const char *const place_keys[] = {"location_name", "address_1", "address_2", "city",
						 "postcode", "accessibility", "transportation"};
	static const char *const phone_keys[] = {"phone"}, *const cost_keys[] = {"cost"};
	static const char *const term_keys[] = {"terms"}, *const session_keys[] = {"sessions"};
	sn_err rc = SN_OK;
	bool any = false;
	if (differ(before, after, service_keys, SN_ARRAY_LEN(service_keys)))
		any = true;
	if (!rc && differ(before, after, phone_keys, 1))
		any = true, rc = write_phone(s, sid, str_of(after, "phone"));
	if (!rc && differ(before, after, cost_keys, 1))
		any = true, rc = write_cost(s, sid, str_of(after, "cost"));
	if (!rc && differ(before, after, place_keys, SN_ARRAY_LEN(place_keys)))
		any = true, rc = write_place(s, sid, before, after);
	if (!rc && differ(before, after, term_keys, 1))
		any = true, rc = write_terms(s, sid, json_object_get(after, "terms"));
	if (!rc && differ(before, after, session_keys, 1))
		any = true, rc = write_sessions(s, sid, json_object_get(after, "sessions"));
	/* The service row last: it carries last_modified for every change. */
	if (!rc && any)
		rc = write_service(s, sid, after, now);
	if (!rc && any)
		rc = search_index_service(s, sid);
	return rc;
}

/* ---- versions ---- */

sn_err dir_version_latest(store *s, int64_t sid, int64_t *version)
{
	*version = 0;
	return store_one_i64(s, version, "SELECT coalesce(max(version), 0) FROM dir_service_versions "
			     "WHERE service_id = ?", "i", sid);
}

sn_err dir_version_details(store *s, int64_t sid, int64_t version, json_t **out)
{
	*out = NULL;
	store_stmt *st = NULL;
	bool row = false;
	sn_err rc = store_query(s, &st, "SELECT details FROM dir_service_versions WHERE service_id = ? "
				"AND version = ?", "ii", sid, version);
	if (!rc && !(rc = store_step(st, &row)) && row)
		*out = json_loads(store_col_text(st, 0), 0, NULL);
	store_done(st);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc && !*out)
		rc = SN_EINTERNAL;
	return rc;
}

static sn_err insert_version(store *s, int64_t sid, int64_t version, const json_t *d, const char *action,
			     const dir_actor *who, const char *note, const char *now)
{
	char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text)
		return SN_EINTERNAL;
	sn_err rc = store_run(s, "INSERT INTO dir_service_versions (service_id, version, details, action, actor, "
			      "actor_name, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "iitt" "tttt", sid,
			      version, text, action, who->uuid, who->name, note ? note : "", now);
	free(text);
	return rc;
}

sn_err dir_version_add(store *s, int64_t sid, const char *action, const dir_actor *who, const char *note,
		       const char *now, int64_t *version)
{
	int64_t v;
	json_t *d = NULL;
	sn_err rc = dir_version_latest(s, sid, &v);
	if (!rc)
		rc = dir_details_load(s, sid, &d);
	if (!rc)
		rc = insert_version(s, sid, v + 1, d, action, who, note, now);
	json_decref(d);
	if (!rc && version)
		*version = v + 1;
	return rc;
}

sn_err dir_version_ensure(store *s, int64_t sid, const char *now)
{
	int64_t v;
	sn_err rc = dir_version_latest(s, sid, &v);
	if (rc || v)
		return rc;
	static const dir_actor system = {"system", "SupportNet"};
	return dir_version_add(s, sid, "recorded", &system, "The entry as it was before its history was kept",
			       now, NULL);
}

sn_err dir_service_update(store *s, int64_t sid, const json_t *d, const char *action, const dir_actor *who,
			  const char *note, const char *now)
{
	json_t *before = NULL;
	sn_err rc = dir_version_ensure(s, sid, now);
	if (!rc)
		rc = dir_details_load(s, sid, &before);
	if (!rc)
		rc = dir_details_apply(s, sid, before, d, now);
	if (!rc)
		rc = dir_version_add(s, sid, action, who, note, now, NULL);
	json_decref(before);
	return rc;
}

static void review_dates(const char *now, char reviewed[11], char due[11])
{
	int64_t t = 0;
	char iso[21];
	time_parse_iso8601(now, &t);
	snprintf(reviewed, 11, "%.10s", now);
	time_iso8601(t + (int64_t)DIR_REVIEW_MONTHS_DAYS * 86400, iso);
	snprintf(due, 11, "%.10s", iso);
}

sn_err dir_service_create(store *s, int64_t org, const json_t *d, const dir_actor *who, const char *note,
			  const char *now, int64_t *sid, char uuid[static 37])
{
	char reviewed[11], due[11];
	review_dates(now, reviewed, due);
	uuid_v4(uuid);
	int64_t locality = 0;
	const char *pc = str_of(d, "postcode");
	if (*pc)
		geo_postcode_lookup(s, pc, NULL, NULL, &locality);
	*sid = 0;
	sn_err rc = store_one_i64(s, sid, "INSERT INTO dir_services (uuid, organization_id, name, description, "
				  "status, moderation, last_reviewed, review_due, source, last_modified, created_at) "
				  "VALUES (?, ?, ?, ?, 'active', 'published', ?, ?, 'local', ?, ?) RETURNING id",
				  "titt" "tttt", uuid, org, str_of(d, "name"), str_of(d, "description"), reviewed,
				  due, now, now);
	if (!rc && locality)
		rc = store_run(s, "UPDATE dir_services SET locality_id = ? WHERE id = ?", "ii", locality, *sid);
	json_t *empty = dir_details_empty();
	/* Everything differs from nothing, so every group is written. */
	set_str(empty, "status", "");
	if (!rc)
		rc = dir_details_apply(s, *sid, empty, d, now);
	json_decref(empty);
	if (!rc)
		rc = dir_version_add(s, *sid, "created", who, note, now, NULL);
	return rc;
}

sn_err dir_change_submit(store *s, int64_t org, int64_t sid, const char *kind, const json_t *d,
			 const char *note, int64_t user_id, const char *now, char uuid[static 37])
{
	char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text)
		return SN_EINTERNAL;
	int64_t base = 0, existing = 0;
	sn_err rc = SN_OK;
	if (sid) {
		rc = dir_version_latest(s, sid, &base);
		if (!rc)
			rc = first_id(s, "SELECT id FROM dir_changes WHERE service_id = ? AND status = 'pending'",
				      sid, &existing);
	}
	if (!rc && existing) {
		/* The proposal waiting is replaced: one per service. */
		store_stmt *st = NULL;
		bool row = false;
		rc = store_query(s, &st, "SELECT uuid FROM dir_changes WHERE id = ?", "i", existing);
		if (!rc && !(rc = store_step(st, &row)) && row)
			snprintf(uuid, 37, "%s", store_col_text(st, 0));
		store_done(st);
		if (!rc)
			rc = store_run(s, "UPDATE dir_changes SET kind = ?, details = ?, base_version = ?, note = ?, "
				       "submitted_by = ?, submitted_at = ? WHERE id = ?", "ttit" "iti", kind, text,
				       base, note ? note : "", user_id, now, existing);
	} else if (!rc) {
		uuid_v4(uuid);
		rc = sid ? store_run(s, "INSERT INTO dir_changes (uuid, organization_id, service_id, kind, details, "
				     "base_version, note, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
				     "tiitt" "itit", uuid, org, sid, kind, text, base, note ? note : "", user_id, now)
			 : store_run(s, "INSERT INTO dir_changes (uuid, organization_id, kind, details, note, "
				     "submitted_by, submitted_at) VALUES (?, ?, 'new', ?, ?, ?, ?)", "titt" "it", uuid,
				     org, text, note ? note : "", user_id, now);
	}
	free(text);
	return rc;
}

sn_err dir_change_approve(store *s, int64_t change_id, const dir_actor *who, int64_t user_id, const char *note,
			  const char *now, int64_t *sid)
{
	store_stmt *st = NULL;
	bool row = false;
	int64_t org = 0;
	json_t *d = NULL;
	char kind[16] = "";
	*sid = 0;
	sn_err rc = store_query(s, &st, "SELECT organization_id, service_id, kind, details FROM dir_changes "
				"WHERE id = ? AND status = 'pending'", "i", change_id);
	if (!rc && !(rc = store_step(st, &row)) && row) {
		org = store_col_i64(st, 0);
		*sid = store_col_null(st, 1) ? 0 : store_col_i64(st, 1);
		snprintf(kind, sizeof kind, "%s", store_col_text(st, 2));
		d = json_loads(store_col_text(st, 3), 0, NULL);
	}
	store_done(st);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc && !d)
		rc = SN_EINTERNAL;
	char uuid[37];
	if (!rc && *sid)
		rc = dir_service_update(s, *sid, d, strcmp(kind, "restore") == 0 ? "restored" : "approved", who,
					note, now);
	else if (!rc)
		rc = dir_service_create(s, org, d, who, note, now, sid, uuid);
	if (!rc)
		rc = store_run(s, "UPDATE dir_changes SET status = 'approved', decided_by = ?, decided_at = ?, "
			       "reason = ?, service_id = ? WHERE id = ?", "itti" "i", user_id, now, note ? note : "",
			       *sid, change_id);
	json_decref(d);
	return rc;
}

sn_err dir_change_reject(store *s, int64_t change_id, int64_t user_id, const char *reason, const char *now)
{
	sn_err rc = store_run(s, "UPDATE dir_changes SET status = 'rejected', decided_by = ?, decided_at = ?, "
			      "reason = ? WHERE id = ? AND status = 'pending'", "itti", user_id, now, reason,
			      change_id);
	return rc ? rc : store_changes(s) == 1 ? SN_OK : SN_ENOTFOUND;
}

sn_err dir_service_checked(store *s, int64_t sid, const dir_actor *who, const char *now)
{
	char reviewed[11], due[11];
	review_dates(now, reviewed, due);
	sn_err rc = dir_version_ensure(s, sid, now);
	if (!rc)
		rc = store_run(s, "UPDATE dir_services SET last_reviewed = ?, review_due = ? WHERE id = ?", "tti",
			       reviewed, due, sid);
	if (!rc)
		rc = dir_version_add(s, sid, "checked", who, "Checked and still correct", now, NULL);
	return rc;
}

/* ---- the demo area ---- */

sn_err dir_edit_demo(store *s, const char *now)
{
	/* The partner login proposes a change to one of their entries (so the
	 * moderators' queue has something in it), and a moderator has already
	 * changed another (so it has a history). */
	int64_t partner = 0, org = 0, first = 0, second = 0;
	char mod_uuid[37] = "system", mod_name[128] = "SupportNet";
	sn_err rc = store_one_i64(s, &partner, "SELECT id FROM users WHERE email = 'partner@demo.supportnet.test'", "");
	store_stmt *st = NULL;
	bool row = false;
	if (!rc && !(rc = store_query(s, &st, "SELECT uuid, name FROM users WHERE email = "
				       "'moderator@demo.supportnet.test'", "")) && !(rc = store_step(st, &row)) && row) {
		snprintf(mod_uuid, sizeof mod_uuid, "%s", store_col_text(st, 0));
		snprintf(mod_name, sizeof mod_name, "%s", store_col_text(st, 1));
	}
	store_done(st);
	if (!rc)
		rc = first_id(s, "SELECT s.id FROM dir_services s JOIN dir_org_members m ON m.organization_id = "
			      "s.organization_id WHERE m.user_id = ? ORDER BY s.id LIMIT 1", partner, &first);
	if (rc || !first)
		return rc == SN_ENOTFOUND ? SN_OK : rc; /* no partner or no members: nothing to show */
	rc = first_id(s, "SELECT s.id FROM dir_services s JOIN dir_org_members m ON m.organization_id = "
		      "s.organization_id WHERE m.user_id = ? ORDER BY s.id LIMIT 1 OFFSET 1", partner, &second);
	if (!rc)
		rc = store_one_i64(s, &org, "SELECT organization_id FROM dir_services WHERE id = ?", "i", first);
	json_t *d = NULL;
	char uuid[37];
	if (!rc && second) {
		rc = dir_details_load(s, second, &d);
		if (!rc) {
			set_str(d, "transportation", "Buses 4 and 4A stop outside. Free parking behind the hall.");
			dir_actor mod = {mod_uuid, mod_name};
			rc = dir_service_update(s, second, d, "edited", &mod, "Bus routes from the parish newsletter", now);
		}
		json_decref(d);
		d = NULL;
	}
	/* A likely duplicate: another organisation listed the second entry
	 * again, with its words in another order. */
	int64_t other_org = 0, third = 0;
	if (!rc && second)
		rc = first_id(s, "SELECT min(id) FROM dir_organizations WHERE id <> ?", org, &other_org);
	if (!rc && second && other_org)
		rc = dir_details_load(s, second, &d);
	if (!rc && d) {
		const char *name = str_of(d, "name"), *last = strrchr(name, ' ');
		if (last) {
			char moved[256];
			snprintf(moved, sizeof moved, "%s %.*s", last + 1, (int)(last - name), name);
			set_str(d, "name", moved);
		}
		set_str(d, "transportation", "");
		static const dir_actor council = {"system", "SupportNet"};
		char dup_uuid[37];
		rc = dir_service_create(s, other_org, d, &council, "Listed again by another organisation", now, &third,
					dup_uuid);
	}
	json_decref(d);
	d = NULL;
	if (!rc)
		rc = dir_details_load(s, first, &d);
	if (!rc) {
		set_str(d, "eligibility", "Anyone who looks after someone, of any age. Bring the person you care for if you like.");
		set_str(d, "cost", "1.50");
		rc = dir_change_submit(s, org, first, "edit", d, "We now ask for £1.50 towards tea and cake.", partner,
				       now, uuid);
	}
	json_decref(d);
	return rc;
}
