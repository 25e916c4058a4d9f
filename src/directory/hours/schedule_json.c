/* The JSON edges of opening times: one HSDS 3.0 / ORUK 3.0 schedule object
 * in (strict, one-line errors naming the field path) and out (absent fields
 * omitted, never null). The rules themselves are in schedule_rules.c. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../../base/jsonin.h"
#include "hours.h"

/* Fields of an HSDS 3.0 schedule. */
static const char *const KNOWN[] = {"id",
                                    "service_id",
                                    "location_id",
                                    "service_at_location_id",
                                    "valid_from",
                                    "valid_to",
                                    "dtstart",
                                    "until",
                                    "count",
                                    "wkst",
                                    "freq",
                                    "interval",
                                    "byday",
                                    "byweekno",
                                    "bymonthday",
                                    "byyearday",
                                    "description",
                                    "opens_at",
                                    "closes_at",
                                    "schedule_link",
                                    "attending_type",
                                    "notes",
                                    "timezone",
                                    "attributes",
                                    "metadata"};

/* Text fields read as the matching dir_schedules column. */
static const char *const TEXTS[] = {"valid_from", "valid_to",    "dtstart",       "until",
                                    "freq",       "byday",       "bymonthday",    "opens_at",
                                    "closes_at",  "description", "schedule_link", "attending_type",
                                    "notes"};

static void with_path(const char *path, const char *msg, char *err, size_t err_size)
{
	if (!err || !err_size)
		return;
	if (path && *path)
		snprintf(err, err_size, "%s.%s", path, msg);
	else
		snprintf(err, err_size, "%s", msg);
}

/* A problem's message into msg (MSG_MAX bytes), then SN_EINPUT from the
 * function it is in; sched_rule_from_oruk puts the path before it. */
#define MSG_MAX 512
#define FAIL(...)                                                                                  \
	do {                                                                                       \
		snprintf(msg, MSG_MAX, __VA_ARGS__);                                               \
		return SN_EINPUT;                                                                  \
	} while (0)

/* A present, non-null value, or NULL. */
static json_t *field(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_null(v) ? NULL : v;
}

/* Unknown fields, the ids and lists (type-checked, left to the caller),
 * what the UK profile drops and wkst. */
static sn_err check_fields(json_t *o, char *msg)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		bool known = false;
		for (size_t i = 0; i < SN_ARRAY_LEN(KNOWN); i++)
			known = known || strcmp(key, KNOWN[i]) == 0;
		if (!known) {
			char e[40];
			size_t i = 0;
			for (; key[i] && i < 32; i++)
				e[i] =
				    ((unsigned char)key[i] >= 0x20 && (unsigned char)key[i] < 0x7f)
				        ? key[i]
				        : '?';
			e[i] = '\0';
			FAIL("%s: unknown field of a schedule", e);
		}
	}
	static const char *const ids[] = {"id", "service_id", "location_id",
	                                  "service_at_location_id"};
	for (size_t i = 0; i < SN_ARRAY_LEN(ids); i++)
		if ((v = field(o, ids[i])) && !json_is_string(v))
			FAIL("%s: must be a string", ids[i]);
	static const char *const lists[] = {"attributes", "metadata"};
	for (size_t i = 0; i < SN_ARRAY_LEN(lists); i++)
		if ((v = field(o, lists[i])) && !json_is_array(v))
			FAIL("%s: must be an array", lists[i]);
	static const char *const unsupported[] = {"byweekno", "byyearday"};
	for (size_t i = 0; i < SN_ARRAY_LEN(unsupported); i++)
		if (field(o, unsupported[i]))
			FAIL("%s: not supported (Open Referral UK leaves it out; use byday or "
			     "bymonthday)",
			     unsupported[i]);
	if ((v = field(o, "wkst"))) {
		if (!json_is_string(v))
			FAIL("wkst: must be a string");
		if (strcmp(json_string_value(v), "MO") != 0)
			FAIL("wkst: only MO is supported (weeks start on Monday)");
	}
	return SN_OK;
}

/* The fields that are dir_schedules columns, into c (texts[] and every
 * hold what c points to). */
static sn_err read_columns(json_t *o, const char *texts[SN_ARRAY_LEN(TEXTS)], char every[8],
                           sched_columns *c, char *msg)
{
	json_t *v;
	for (size_t i = 0; i < SN_ARRAY_LEN(TEXTS); i++) {
		texts[i] = NULL;
		if (!(v = field(o, TEXTS[i])))
			continue;
		if (!json_is_string(v))
			FAIL("%s: must be a string", TEXTS[i]);
		texts[i] = json_string_value(v);
		if (strlen(texts[i]) != json_string_length(v))
			FAIL("%s: contains a NUL character", TEXTS[i]);
	}
	if ((v = field(o, "interval"))) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > SCHED_MAX_EVERY)
			FAIL("interval: must be a whole number from 1 to %d (2 with WEEKLY is "
			     "fortnightly)",
			     SCHED_MAX_EVERY);
		snprintf(every, 8, "%d", (int)json_integer_value(v));
	}
	*c = (sched_columns){.valid_from = texts[0],
	                     .valid_to = texts[1],
	                     .dtstart = texts[2],
	                     .until = texts[3],
	                     .freq = texts[4],
	                     .every = every,
	                     .byday = texts[5],
	                     .bymonthday = texts[6],
	                     .opens_at = texts[7],
	                     .closes_at = texts[8],
	                     .description = texts[9],
	                     .schedule_link = texts[10],
	                     .attending_type = texts[11],
	                     .notes = texts[12]};
	if (c->freq && (strcmp(c->freq, "DAILY") == 0 || strcmp(c->freq, "YEARLY") == 0))
		FAIL("freq: %s is not supported (WEEKLY or MONTHLY; for every day use WEEKLY with "
		     "byday MO,TU,WE,TH,FR,SA,SU)",
		     c->freq);
	return SN_OK;
}

/* A numeric timezone (hours east of UTC) applied to naive times. */
static sn_err apply_timezone(json_t *o, sched_rule *out, char *msg)
{
	json_t *v = field(o, "timezone");
	if (!v)
		return SN_OK;
	if (!json_is_number(v) || !isfinite(json_number_value(v)) || json_number_value(v) < -14 ||
	    json_number_value(v) > 14)
		FAIL("timezone: must be a number of hours from -14 to 14 (a UTC offset)");
	int off = (int)lround(json_number_value(v) * 60);
	sched_clock *ck[2] = {&out->opens, &out->closes};
	for (int i = 0; i < 2; i++)
		if (ck[i]->set && !ck[i]->zoned) {
			ck[i]->zoned = true;
			ck[i]->offset = off;
		}
	return SN_OK;
}

/* HSDS count (with dtstart) into until: the date of the count-th
 * occurrence. */
static sn_err apply_count(json_t *o, sched_rule *out, char *msg)
{
	json_t *v = field(o, "count");
	if (!v)
		return SN_OK;
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > SCHED_MAX_COUNT)
		FAIL("count: must be a whole number from 1 to %d", SCHED_MAX_COUNT);
	if (!sched_date_is_set(out->dtstart))
		FAIL("count: needs dtstart (the date of the first occurrence)");
	if (sched_date_is_set(out->until))
		FAIL("count: give count or until, not both");
	/* Count occurrences from dtstart (the validity range does not
	 * stop the count) and keep the last as until. Beyond 20 years
	 * it makes no difference to anyone: left open. */
	sched_rule pat = *out;
	pat.valid_from = pat.valid_to = (sched_date){0, 0, 0};
	json_int_t want = json_integer_value(v), seen = 0;
	for (int k = 0; k < 7305; k++) {
		sched_date e = sched_add_days(out->dtstart, k);
		if (sched_rule_occurs_on(&pat, e) && ++seen == want) {
			out->until = e;
			break;
		}
	}
	return SN_OK;
}

/* The columns through the rules (sched_rule_from_columns), whose field
 * "every" is HSDS's "interval". */
static sn_err rule_of(const sched_columns *c, sched_rule *out, char *msg)
{
	char cerr[480];
	if (sched_rule_from_columns(c, out, cerr, sizeof cerr)) {
		if (strncmp(cerr, "every:", 6) == 0)
			FAIL("interval:%s", cerr + 6);
		FAIL("%s", cerr);
	}
	return SN_OK;
}

sn_err sched_rule_from_oruk(json_t *o, const char *path, sched_rule *out, char *err,
                            size_t err_size)
{
	char msg[MSG_MAX];
	memset(out, 0, sizeof *out);
	if (!json_is_object(o)) {
		if (err && err_size)
			snprintf(err, err_size, "%s: must be an object",
			         path && *path ? path : "schedule");
		return SN_EINPUT;
	}
	const char *texts[SN_ARRAY_LEN(TEXTS)];
	char every[8] = "";
	sched_columns c;
	sn_err rc = check_fields(o, msg);
	if (!rc)
		rc = read_columns(o, texts, every, &c, msg);
	if (!rc)
		rc = rule_of(&c, out, msg);
	if (!rc)
		rc = apply_timezone(o, out, msg);
	if (!rc)
		rc = apply_count(o, out, msg);
	if (rc) {
		with_path(path, msg, err, err_size);
		memset(out, 0, sizeof *out);
	}
	return rc;
}

sn_err sched_rule_from_oruk_text(const char *text, size_t len, sched_rule *out, char *err,
                                 size_t err_size)
{
	memset(out, 0, sizeof *out);
	json_t *o = NULL;
	sn_err rc = json_open_object(text, len, SCHED_INPUT_MAX, &o, err, err_size);
	if (rc)
		return rc;
	rc = sched_rule_from_oruk(o, NULL, out, err, err_size);
	json_decref(o);
	return rc;
}

static void set_str(json_t *o, const char *key, const char *s)
{
	if (s && *s) {
		json_t *v = json_string(s); /* NULL for invalid UTF-8: left out */
		if (v)
			json_object_set_new(o, key, v);
	}
}

json_t *sched_rule_to_oruk(const sched_rule *r, const char *uuid, const char *service_uuid)
{
	json_t *o = json_object();
	char tx[SCHED_BYMONTHDAY_TEXT];
	set_str(o, "id", uuid);
	set_str(o, "service_id", service_uuid);
	static const char *const dnames[4] = {"valid_from", "valid_to", "dtstart", "until"};
	const sched_date dates[4] = {r->valid_from, r->valid_to, r->dtstart, r->until};
	for (int i = 0; i < 4; i++) {
		sched_format_date(dates[i], tx);
		set_str(o, dnames[i], tx);
	}
	set_str(o, "freq", sched_freq_name(r->freq));
	if (r->every > 0 && r->every <= SCHED_MAX_EVERY)
		json_object_set_new(o, "interval", json_integer(r->every));
	sched_format_byday(r, tx);
	set_str(o, "byday", tx);
	sched_format_bymonthday(r, tx);
	set_str(o, "bymonthday", tx);
	sched_format_clock(r->opens, tx);
	set_str(o, "opens_at", tx);
	sched_format_clock(r->closes, tx);
	set_str(o, "closes_at", tx);
	static const char *const tnames[4] = {"description", "schedule_link", "attending_type",
	                                      "notes"};
	const char *texts[4] = {r->description, r->schedule_link, r->attending_type, r->notes};
	const size_t tmax[4] = {SCHED_TEXT_MAX, SCHED_LINK_MAX, SCHED_ATTENDING_MAX,
	                        SCHED_TEXT_MAX};
	for (int i = 0; i < 4; i++)
		if (memchr(texts[i], '\0', tmax[i]))
			set_str(o, tnames[i], texts[i]);
	return o;
}
