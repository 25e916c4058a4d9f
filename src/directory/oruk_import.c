/* The ORUK importer: the table of HSDS fields per kind, checking and
 * upserting one row, and the JSON reader (a file, memory or a feed
 * followed page by page with libcurl). JSON is read a service at a time:
 * a small scanner splits the top-level array (or the envelope's contents)
 * into services and hands each to jansson, so memory stays at one service
 * whatever the file's size. The scanner also turns every non-integer
 * number into a marked string of its own text, so amounts of money and
 * degrees are read exactly. CSV tables are in oruk_csv.c. */
#include <ctype.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "directory.h"
#include "curate/curate.h"
#include "oruk_io_int.h"
#include "geo/geo.h"
#include "hours/hours.h"
#include "search/search.h"

/* ---- the fields of each kind ---- */

static const char *const LOCATION_TYPES[] = {"physical", "postal", "virtual", NULL};
static const char *const STATUSES[] = {"active", "inactive", "defunct", "temporarily closed", NULL};

#define ID                                                                                         \
	{                                                                                          \
		"id", NULL, "uuid", FT_ID, OF_REQ, 0, 0, 0, NULL                                   \
	}
#define TEXT(k, c, max)                                                                            \
	{                                                                                          \
		k, NULL, c, FT_TEXT, 0, 0, max, 0, NULL                                            \
	}
#define TEXT_REQ(k, c, max)                                                                        \
	{                                                                                          \
		k, NULL, c, FT_TEXT, OF_REQ, 0, max, 0, NULL                                       \
	}
#define TYPED(k, c, t)                                                                             \
	{                                                                                          \
		k, NULL, c, t, 0, 0, 0, 0, NULL                                                    \
	}
#define REF(k, kind, flags)                                                                        \
	{                                                                                          \
		k, NULL, k, FT_REF, flags, 0, 0, kind, NULL                                        \
	}
#define OURS(c, flags)                                                                             \
	{                                                                                          \
		NULL, NULL, c, FT_OURS, flags, 0, 0, 0, NULL                                       \
	}
#define SCHED(k, c)                                                                                \
	{                                                                                          \
		k, NULL, c, FT_SCHED, 0, 0, 0, 0, NULL                                             \
	}

static const oruk_field F_TAXONOMIES[] = {
    ID, TEXT_REQ("name", "name", 500), TEXT("description", "description", 10000),
    TYPED("uri", "uri", FT_URI), TEXT("version", "version", 100)};
static const oruk_field F_TERMS[] = {ID,
                                     TEXT_REQ("name", "name", 500),
                                     TEXT("description", "description", 10000),
                                     TYPED("parent_id", NULL, FT_UUID),
                                     TEXT("taxonomy", NULL, 500),
                                     REF("taxonomy_id", ORUK_TAXONOMIES, OF_SOFT),
                                     TYPED("term_uri", "term_uri", FT_URI),
                                     {"code", "term", "code", FT_TEXT, 0, 0, 200, 0, NULL}};
static const oruk_field F_ORGS[] = {ID,
                                    TEXT_REQ("name", "name", 500),
                                    TEXT("description", "description", 20000),
                                    TYPED("email", "email", FT_EMAIL),
                                    TYPED("website", "website", FT_URI),
                                    TYPED("logo", "logo", FT_URI),
                                    TYPED("uri", "uri", FT_URI),
                                    TYPED("parent_organization_id", "parent_uuid", FT_UUID),
                                    OURS("source", 0),
                                    OURS("created_at", OF_KEEP),
                                    OURS("updated_at", 0)};
static const oruk_field F_ORG_IDS[] = {ID, REF("organization_id", ORUK_ORGS, OF_REQ),
                                       TEXT("identifier_scheme", "identifier_scheme", 200),
                                       TEXT_REQ("identifier_type", "identifier_type", 200),
                                       TEXT_REQ("identifier", "identifier", 200)};
static const oruk_field F_SERVICES[] = {
    ID,
    REF("organization_id", ORUK_ORGS, OF_REQ),
    TEXT_REQ("name", "name", 500),
    TEXT("description", "description", 20000),
    TYPED("url", "url", FT_URI),
    TYPED("email", "email", FT_EMAIL),
    {"status", NULL, "status", FT_ENUM, OF_REQ, 0, 0, 0, STATUSES},
    {"fees_description", "fees", "fees_description", FT_TEXT, 0, 0, 10000, 0, NULL},
    TEXT("eligibility_description", "eligibility_description", 10000),
    TEXT("application_process", "application_process", 10000),
    {"minimum_age", NULL, "minimum_age", FT_INT, 0, 0, 150, 0, NULL},
    {"maximum_age", NULL, "maximum_age", FT_INT, 0, 0, 150, 0, NULL},
    TYPED("assured_date", "assured_date", FT_DATE),
    TYPED("assurer_email", "assurer_email", FT_EMAIL),
    TEXT("alert", "alert", 10000),
    TYPED("last_modified", "last_modified", FT_DATETIME),
    OURS("source", 0),
    OURS("moderation", 0),
    OURS("review_due", 0),
    OURS("created_at", OF_KEEP)};
static const oruk_field F_LOCATIONS[] = {
    ID,
    {"location_type", NULL, "location_type", FT_ENUM, OF_REQ, 0, 0, 0, LOCATION_TYPES},
    TEXT("name", "name", 500),
    TEXT("description", "description", 20000),
    TYPED("latitude", "lat_e6", FT_LAT),
    TYPED("longitude", "lon_e6", FT_LON),
    TEXT("external_identifier", "external_identifier", 200),
    TEXT("external_identifier_type", "external_identifier_type", 200),
    TEXT("transportation", "transportation", 10000)};
static const oruk_field F_ADDRESSES[] = {
    ID,
    REF("location_id", ORUK_LOCATIONS, OF_REQ),
    TEXT("attention", "attention", 500),
    TEXT_REQ("address_1", "address_1", 500),
    TEXT("address_2", "address_2", 500),
    TEXT_REQ("city", "city", 200),
    TEXT("region", "region", 200),
    TEXT_REQ("state_province", "state_province", 200),
    TEXT_REQ("postal_code", "postal_code", 32),
    TYPED("country", "country", FT_COUNTRY),
    {"address_type", NULL, "address_type", FT_ENUM, OF_REQ, 0, 0, 0, LOCATION_TYPES}};
static const oruk_field F_ACCESSIBILITY[] = {
    ID,
    REF("location_id", ORUK_LOCATIONS, OF_REQ),
    {"description", "accessibility", "description", FT_TEXT, 0, 0, 10000, 0, NULL},
    TEXT("details", "details", 10000),
    TYPED("url", "url", FT_URI)};
static const oruk_field F_SALS[] = {ID, REF("service_id", ORUK_SERVICES, OF_REQ),
                                    REF("location_id", ORUK_LOCATIONS, OF_REQ),
                                    TEXT("description", "description", 10000)};
static const oruk_field F_CONTACTS[] = {ID,
                                        REF("service_id", ORUK_SERVICES, OF_REQ),
                                        TEXT("name", "name", 500),
                                        TEXT("title", "title", 500),
                                        TEXT("department", "department", 500),
                                        TYPED("email", "email", FT_EMAIL)};
static const oruk_field F_PHONES[] = {
    ID,
    REF("service_id", ORUK_SERVICES, 0),
    REF("contact_id", ORUK_CONTACTS, 0),
    REF("location_id", ORUK_LOCATIONS, 0),
    TEXT_REQ("number", "number", 64),
    {"extension", NULL, "extension", FT_INT, 0, 0, 99999999, 0, NULL},
    TEXT("type", "type", 64),
    TEXT("description", "description", 1000)};
static const oruk_field F_SCHEDULES[] = {ID,
                                         REF("service_id", ORUK_SERVICES, 0),
                                         REF("service_at_location_id", ORUK_SALS, 0),
                                         SCHED("valid_from", "valid_from"),
                                         SCHED("valid_to", "valid_to"),
                                         SCHED("dtstart", "dtstart"),
                                         SCHED("until", "until"),
                                         SCHED("freq", "freq"),
                                         SCHED("interval", "every"),
                                         SCHED("byday", "byday"),
                                         SCHED("bymonthday", "bymonthday"),
                                         SCHED("opens_at", "opens_at"),
                                         SCHED("closes_at", "closes_at"),
                                         SCHED("description", "description"),
                                         SCHED("schedule_link", "schedule_link"),
                                         SCHED("attending_type", "attending_type"),
                                         SCHED("notes", "notes"),
                                         SCHED("location_id", NULL),
                                         SCHED("count", NULL),
                                         SCHED("wkst", NULL),
                                         SCHED("timezone", NULL)};
static const oruk_field F_COSTS[] = {ID,
                                     REF("service_id", ORUK_SERVICES, OF_REQ),
                                     TYPED("valid_from", "valid_from", FT_DATE),
                                     TYPED("valid_to", "valid_to", FT_DATE),
                                     TEXT("option", "option", 500),
                                     TYPED("amount", "amount_pence", FT_MONEY),
                                     TEXT("amount_description", "amount_description", 1000),
                                     TYPED("currency", "currency", FT_CURRENCY)};
static const oruk_field F_LANGUAGES[] = {ID,
                                         REF("service_id", ORUK_SERVICES, 0),
                                         REF("phone_id", ORUK_PHONES, 0),
                                         TEXT("name", "name", 100),
                                         TEXT("code", "code", 32),
                                         TEXT("note", "note", 1000)};
static const oruk_field F_AREAS[] = {
    ID,
    REF("service_id", ORUK_SERVICES, OF_REQ),
    TEXT("name", "name", 500),
    {"service_area", "description", "description", FT_TEXT, 0, 0, 10000, 0, NULL},
    TEXT("extent", "extent", 100000),
    TEXT("extent_type", "extent_type", 64),
    TYPED("uri", "uri", FT_URI)};
static const oruk_field F_FUNDINGS[] = {ID, REF("service_id", ORUK_SERVICES, OF_REQ),
                                        TEXT("source", "source", 1000)};
static const oruk_field F_ATTRIBUTES[] = {
    ID,
    {"link_id", NULL, "link_id", FT_UUID, OF_REQ, 0, 0, 0, NULL},
    TEXT_REQ("link_entity", "link_entity", 64),
    REF("taxonomy_term_id", ORUK_TERMS, OF_REQ),
    TEXT("link_type", "link_type", 200),
    TEXT("value", "value", 1000)};

#define KIND(n, t, w, f)                                                                           \
	{                                                                                          \
		n, t, w, f, SN_ARRAY_LEN(f)                                                        \
	}
const oruk_kind_spec oruk_kinds[ORUK_N_KINDS] = {
    [ORUK_TAXONOMIES] = KIND("taxonomies", "dir_taxonomies", "taxonomy", F_TAXONOMIES),
    [ORUK_TERMS] = KIND("taxonomy_terms", "dir_taxonomy_terms", "taxonomy term", F_TERMS),
    [ORUK_ORGS] = KIND("organizations", "dir_organizations", "organization", F_ORGS),
    [ORUK_ORG_IDS] = KIND("organization_identifiers", "dir_org_identifiers",
                          "organization identifier", F_ORG_IDS),
    [ORUK_SERVICES] = KIND("services", "dir_services", "service", F_SERVICES),
    [ORUK_LOCATIONS] = KIND("locations", "dir_locations", "location", F_LOCATIONS),
    [ORUK_ADDRESSES] = KIND("addresses", "dir_addresses", "address", F_ADDRESSES),
    [ORUK_ACCESSIBILITY] =
        KIND("accessibility", "dir_accessibility", "accessibility", F_ACCESSIBILITY),
    [ORUK_SALS] =
        KIND("service_at_locations", "dir_service_at_locations", "service at location", F_SALS),
    [ORUK_CONTACTS] = KIND("contacts", "dir_contacts", "contact", F_CONTACTS),
    [ORUK_PHONES] = KIND("phones", "dir_phones", "phone", F_PHONES),
    [ORUK_SCHEDULES] = KIND("schedules", "dir_schedules", "schedule", F_SCHEDULES),
    [ORUK_COSTS] = KIND("cost_options", "dir_cost_options", "cost option", F_COSTS),
    [ORUK_LANGUAGES] = KIND("languages", "dir_languages", "language", F_LANGUAGES),
    [ORUK_AREAS] = KIND("service_areas", "dir_service_areas", "service area", F_AREAS),
    [ORUK_FUNDINGS] = KIND("funding", "dir_fundings", "funding", F_FUNDINGS),
    [ORUK_ATTRIBUTES] = KIND("attributes", "dir_attributes", "attribute", F_ATTRIBUTES),
};

const char *oruk_kind_name(oruk_kind k)
{
	return (unsigned)k < ORUK_N_KINDS ? oruk_kinds[k].name : "?";
}

int oruk_field_index(oruk_kind k, const char *key)
{
	const oruk_kind_spec *sp = &oruk_kinds[k];
	for (size_t i = 0; i < sp->n_fields; i++)
		if (sp->fields[i].key && strcmp(sp->fields[i].key, key) == 0)
			return (int)i;
	return -1;
}

/* ---- the uuid map: open addressing, grown at half full ---- */

static uint64_t uuid_hash(const char *u)
{
	uint64_t h = 1469598103934665603ull;
	for (; *u; u++)
		h = (h ^ (unsigned char)*u) * 1099511628211ull;
	return h;
}

void oruk_idmap_free(oruk_idmap *m)
{
	free(m->keys);
	free(m->ids);
	memset(m, 0, sizeof *m);
}

static size_t idmap_slot(const oruk_idmap *m, const char *uuid)
{
	size_t i = (size_t)(uuid_hash(uuid) & (m->cap - 1));
	while (m->keys[i][0] && strcmp(m->keys[i], uuid) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

bool oruk_idmap_get(const oruk_idmap *m, const char *uuid, int64_t *id)
{
	if (!m->cap || strlen(uuid) > 36)
		return false;
	size_t i = idmap_slot(m, uuid);
	if (!m->keys[i][0])
		return false;
	if (id)
		*id = m->ids[i];
	return true;
}

void oruk_idmap_put(oruk_idmap *m, const char *uuid, int64_t id)
{
	if (strlen(uuid) > 36 || !*uuid)
		return;
	if ((m->n + 1) * 2 > m->cap) {
		oruk_idmap bigger = {.cap = m->cap ? m->cap * 2 : 64};
		bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
		bigger.ids = xcalloc(bigger.cap, sizeof *bigger.ids);
		for (size_t i = 0; i < m->cap; i++)
			if (m->keys[i][0]) {
				size_t j = idmap_slot(&bigger, m->keys[i]);
				memcpy(bigger.keys[j], m->keys[i], 37);
				bigger.ids[j] = m->ids[i];
				bigger.n++;
			}
		oruk_idmap_free(m);
		*m = bigger;
	}
	size_t i = idmap_slot(m, uuid);
	if (!m->keys[i][0]) {
		snprintf(m->keys[i], 37, "%s", uuid);
		m->n++;
	}
	m->ids[i] = id;
}

/* ---- exact decimals ---- */

sn_err oruk_decimal_scaled(const char *s, int places, int64_t max, int64_t *out)
{
	*out = 0;
	if (!s)
		return SN_EINPUT;
	bool neg = false;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	char digits[48];
	int nd = 0, exp10 = 0, n_int = 0, n_frac = 0;
	for (; *s >= '0' && *s <= '9'; s++, n_int++) {
		if (nd == 0 && *s == '0')
			continue; /* leading zeros */
		if (nd >= 40)
			return SN_EINPUT;
		digits[nd++] = *s;
	}
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, n_frac++) {
			if (nd == 0 && *s == '0') {
				exp10--;
				continue;
			}
			if (nd >= 40)
				return SN_EINPUT;
			digits[nd++] = *s;
			exp10--;
		}
		if (!n_frac)
			return SN_EINPUT;
	}
	if (n_int + n_frac == 0)
		return SN_EINPUT;
	if (*s == 'e' || *s == 'E') {
		s++;
		bool eneg = false;
		if (*s == '-' || *s == '+')
			eneg = *s++ == '-';
		int e = 0, ne = 0;
		for (; *s >= '0' && *s <= '9'; s++, ne++)
			if (e < 1000)
				e = e * 10 + (*s - '0');
		if (!ne)
			return SN_EINPUT;
		exp10 += eneg ? -e : e;
	}
	if (*s)
		return SN_EINPUT;
	/* value = digits * 10^exp10; want round(value * 10^places) */
	int shift = exp10 + places;
	int keep = nd + shift; /* digits left of the point after scaling */
	int64_t v = 0;
	if (nd == 0)
		return SN_OK;
	if (keep > 19)
		return SN_EINPUT;
	for (int i = 0; i < keep; i++) {
		int d = i < nd ? digits[i] - '0' : 0;
		if (v > (INT64_MAX - d) / 10)
			return SN_EINPUT;
		v = v * 10 + d;
	}
	if (keep >= 0 && keep < nd && digits[keep] >= '5')
		v++;
	if (v > max)
		return SN_EINPUT;
	*out = neg ? -v : v;
	return SN_OK;
}

/* ---- problems ---- */

static void put_problem(oruk_import_report *r, const char *text)
{
	if (r->n_problems >= ORUK_PROBLEMS_MAX) {
		r->gave_up = true;
		return;
	}
	char *p = r->problems[r->n_problems++];
	size_t n = strnlen(text, ORUK_PROBLEM_LEN - 1);
	memcpy(p, text, n);
	p[n] = 0;
	for (; *p; p++) /* printable, one line: safe on a terminal */
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			*p = '?';
	if (r->n_problems >= ORUK_PROBLEMS_MAX)
		r->gave_up = true;
}

static void vproblem(oruk_imp *im, const char *path, const char *key, const char *fmt, va_list ap)
{
	char msg[ORUK_PROBLEM_LEN], text[ORUK_PROBLEM_LEN * 2];
	vsnprintf(msg, sizeof msg, fmt, ap);
	const char *w = im->where ? im->where : "";
	bool has_path = path && *path;
	if (key && has_path)
		snprintf(text, sizeof text, "%s%s%s%s: %s", w, path, im->csv ? ": " : ".", key,
		         msg);
	else if (key)
		snprintf(text, sizeof text, "%s%s: %s", w, key, msg);
	else if (has_path)
		snprintf(text, sizeof text, "%s%s: %s", w, path, msg);
	else
		snprintf(text, sizeof text, "%s%s", w, msg);
	put_problem(im->rep, text);
	im->writing = false; /* it will all be rolled back: stop writing, keep checking */
}

void oruk_problem(oruk_imp *im, const char *path, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vproblem(im, path, key, fmt, ap);
	va_end(ap);
}

void oruk_refuse(oruk_imp *im, sn_err e, const char *path, const char *fmt, ...)
{
	if (im->fatal)
		return;
	im->fatal = e;
	if (im->rep->n_problems >= ORUK_PROBLEMS_MAX)
		im->rep->n_problems--; /* make room: it must show */
	va_list ap;
	va_start(ap, fmt);
	vproblem(im, path, NULL, fmt, ap);
	va_end(ap);
}

void oruk_fail(oruk_imp *im, sn_err e, const char *fmt, ...)
{
	if (im->fatal)
		return;
	im->fatal = e;
	im->writing = false;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(im->rep->error, sizeof im->rep->error, fmt, ap);
	va_end(ap);
}

bool oruk_imp_stop(const oruk_imp *im)
{
	return im->fatal || im->rep->gave_up;
}

/* A value quoted in a message: printable ASCII, at most 40 characters. */
static const char *shown(const char *v, char out[static 48])
{
	size_t n = 0;
	for (const char *p = v; *p && n < 40; p++)
		out[n++] = (*p >= 0x20 && *p < 0x7f) ? *p : '?';
	if (v[n] && n == 40) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = 0;
	return out;
}

/* ---- checking values ---- */

bool oruk_is_number_text(json_t *v)
{
	return json_is_string(v) && json_string_length(v) > 1 && json_string_value(v)[0] == '\0';
}

/* A present, non-null value of key (or alt). */
static json_t *field_value(json_t *o, const oruk_field *f)
{
	json_t *v = json_object_get(o, f->key);
	if ((!v || json_is_null(v)) && f->alt)
		v = json_object_get(o, f->alt);
	return json_is_null(v) ? NULL : v;
}

/* A plain string (not a number's text); NULL otherwise. */
static const char *plain_string(json_t *v)
{
	if (!json_is_string(v) || oruk_is_number_text(v))
		return NULL;
	return json_string_value(v);
}

/* A number's decimal text: from a marked string, an integer or (CSV) any
 * string; NULL when v is not a number. */
static const char *number_text(oruk_imp *im, json_t *v, char tmp[static 32])
{
	if (oruk_is_number_text(v))
		return json_string_value(v) + 1;
	if (json_is_integer(v)) {
		snprintf(tmp, 32, "%lld", (long long)json_integer_value(v));
		return tmp;
	}
	if (im->csv && json_is_string(v))
		return json_string_value(v);
	return NULL;
}

static bool is_uri(const char *s)
{
	/* An absolute URI: a scheme, ':', then no spaces or control characters. */
	if (!isalpha((unsigned char)*s))
		return false;
	const char *p = s + 1;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	if (*p != ':' || !p[1])
		return false;
	for (; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '"' || *p == '<' || *p == '>' ||
		    *p == '\\' || *p == '^' || *p == '`' || *p == '{' || *p == '|' || *p == '}')
			return false;
	return true;
}

/* "2026-01-02T03:04:05[.123][Z|+01:00]" to "2026-01-02T02:04:05.123Z". */
static bool norm_datetime(const char *s, char out[static 32])
{
	size_t n = strlen(s);
	if (n < 19 || n > 40 || (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
		return false;
	char base[21];
	memcpy(base, s, 10);
	base[10] = 'T';
	memcpy(base + 11, s + 11, 8);
	base[19] = 'Z';
	base[20] = 0;
	int64_t t = 0;
	if (time_parse_iso8601(base, &t))
		return false;
	const char *p = s + 19;
	char ms[4] = "000";
	if (*p == '.') {
		p++;
		int k = 0;
		for (; *p >= '0' && *p <= '9'; p++, k++)
			if (k < 3)
				ms[k] = *p;
		if (!k || k > 9)
			return false;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1;
		if (strlen(p) != 6 || !isdigit((unsigned char)p[1]) ||
		    !isdigit((unsigned char)p[2]) || p[3] != ':' || !isdigit((unsigned char)p[4]) ||
		    !isdigit((unsigned char)p[5]))
			return false;
		int hh = (p[1] - '0') * 10 + (p[2] - '0'), mm = (p[4] - '0') * 10 + (p[5] - '0');
		if (hh > 14 || mm > 59)
			return false;
		t -= sign * (hh * 3600 + mm * 60);
		p += 6;
	}
	if (*p)
		return false;
	char iso[21];
	time_iso8601(t, iso);
	snprintf(out, 32, "%.19s.%sZ", iso, ms);
	return true;
}

static void lower_uuid(const char *in, char out[static 37])
{
	for (int i = 0; i < 36; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[36] = 0;
}

/* The internal id of a row of kind k by uuid: from this import, else the
 * database. false when there is none (or no database to ask). */
static bool find_row(oruk_imp *im, oruk_kind k, const char *uuid, int64_t *id)
{
	*id = 0;
	if (oruk_idmap_get(&im->seen[k], uuid, id))
		return true;
	if (!im->s)
		return false;
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE uuid = ?", oruk_kinds[k].table);
	sn_err rc = store_one_i64(im->s, id, sql, "t", uuid);
	if (rc && rc != SN_ENOTFOUND)
		oruk_fail(im, rc, "cannot read %s: %s", oruk_kinds[k].table, store_errmsg(im->s));
	return rc == SN_OK && *id;
}

bool oruk_imp_find(oruk_imp *im, oruk_kind k, const char *uuid, int64_t *id)
{
	return find_row(im, k, uuid, id);
}

static const oruk_parent *parent_of(const oruk_parent *ps, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (ps[i].key && strcmp(ps[i].key, key) == 0)
			return &ps[i];
	return NULL;
}

/* Checks one field into *c; false after a problem. */
static bool check_field(oruk_imp *im, const oruk_field *f, json_t *v, const char *path,
                        oruk_cell *c, arena *a)
{
	char t1[48], num[32];
	const char *sv = plain_string(v);
	int64_t iv = 0;
	*c = (oruk_cell){.k = CELL_NULL};
	switch (f->type) {
	case FT_ID:
	case FT_UUID:
	case FT_REF:
		if (!sv) {
			oruk_problem(im, path, f->key, "must be a string (a uuid)");
			return false;
		}
		if (!str_is_uuid(sv)) {
			oruk_problem(im, path, f->key, "'%s' is not a uuid", shown(sv, t1));
			return false;
		}
		char *u = arena_alloc(a, 37);
		lower_uuid(sv, u);
		*c = (oruk_cell){.k = CELL_TEXT, .t = u};
		return true;
	case FT_TEXT:
	case FT_EMAIL:
	case FT_URI:
	case FT_ENUM:
	case FT_DATE:
	case FT_DATETIME:
	case FT_COUNTRY:
	case FT_CURRENCY:
		if (!sv) {
			oruk_problem(im, path, f->key, "must be a string");
			return false;
		}
		if (strlen(sv) != json_string_length(v)) {
			oruk_problem(im, path, f->key, "contains a NUL character");
			return false;
		}
		break;
	case FT_INT:
	case FT_LAT:
	case FT_LON:
	case FT_MONEY: {
		const char *nt = number_text(im, v, num);
		if (!nt) {
			oruk_problem(im, path, f->key, "must be a number");
			return false;
		}
		if (f->type == FT_INT) {
			if (str_to_i64(nt, f->min, f->max, &iv)) {
				oruk_problem(im, path, f->key,
				             "'%s' is not a whole number from %lld to %lld",
				             shown(nt, t1), (long long)f->min, (long long)f->max);
				return false;
			}
		} else if (f->type == FT_MONEY) {
			if (oruk_decimal_scaled(nt, 2, ORUK_MONEY_MAX_PENCE, &iv) || iv < 0) {
				oruk_problem(im, path, f->key,
				             "'%s' is not an amount in pounds from 0 to 1000000",
				             shown(nt, t1));
				return false;
			}
		} else {
			int64_t lim = f->type == FT_LAT ? 90000000 : 180000000;
			if (oruk_decimal_scaled(nt, 6, lim, &iv)) {
				oruk_problem(im, path, f->key, "'%s' is not a %s in degrees (%s)",
				             shown(nt, t1),
				             f->type == FT_LAT ? "latitude" : "longitude",
				             f->type == FT_LAT ? "-90 to 90" : "-180 to 180");
				return false;
			}
		}
		*c = (oruk_cell){.k = CELL_INT, .i = iv};
		return true;
	}
	case FT_OURS:
	case FT_SCHED: return true;
	}
	size_t len = strlen(sv);
	switch (f->type) {
	case FT_TEXT:
		if (len > (size_t)f->max) {
			oruk_problem(im, path, f->key, "longer than %lld bytes", (long long)f->max);
			return false;
		}
		break;
	case FT_EMAIL:
		if (!str_is_email(sv)) {
			oruk_problem(im, path, f->key, "'%s' is not an email address",
			             shown(sv, t1));
			return false;
		}
		break;
	case FT_URI:
		if (len > 2048 || !is_uri(sv)) {
			oruk_problem(im, path, f->key, "'%s' is not an absolute URI (https://...)",
			             shown(sv, t1));
			return false;
		}
		break;
	case FT_ENUM: {
		bool ok = false;
		for (const char *const *e = f->values; *e && !ok; e++)
			ok = strcmp(*e, sv) == 0;
		if (!ok) {
			char list[160] = "";
			size_t k = 0;
			for (const char *const *e = f->values; *e && k < sizeof list; e++)
				k += (size_t)snprintf(list + k, sizeof list - k, "%s'%s'",
				                      k ? ", " : "", *e);
			oruk_problem(im, path, f->key, "'%s' is not one of %s", shown(sv, t1),
			             list);
			return false;
		}
		break;
	}
	case FT_DATE: {
		sched_date d;
		if (len != 10 || sched_parse_date(sv, &d)) {
			oruk_problem(im, path, f->key, "'%s' is not a date (YYYY-MM-DD)",
			             shown(sv, t1));
			return false;
		}
		break;
	}
	case FT_DATETIME: {
		char *o = arena_alloc(a, 32);
		if (!norm_datetime(sv, o)) {
			oruk_problem(im, path, f->key,
			             "'%s' is not a date and time (YYYY-MM-DDTHH:MM:SSZ)",
			             shown(sv, t1));
			return false;
		}
		/* UTC as written is kept as written (so it round-trips);
		 * an offset is turned into UTC. */
		if (sv[len - 1] != 'Z' || sv[10] != 'T')
			sv = o;
		break;
	}
	case FT_COUNTRY:
	case FT_CURRENCY: {
		size_t want = f->type == FT_COUNTRY ? 2 : 3;
		bool ok = len == want;
		for (size_t i = 0; i < len && ok; i++)
			ok = sv[i] >= 'A' && sv[i] <= 'Z';
		if (!ok) {
			oruk_problem(im, path, f->key, "'%s' is not %s", shown(sv, t1),
			             want == 2 ? "a country code (GB)" : "a currency code (GBP)");
			return false;
		}
		break;
	}
	default: break;
	}
	*c = (oruk_cell){.k = CELL_TEXT, .t = sv};
	return true;
}

/* Checks obj as a row of kind k into cells (one per field). */
static bool check_row(oruk_imp *im, oruk_kind k, json_t *obj, const char *path,
                      const oruk_parent *ps, size_t np, oruk_cell *cells, arena *a)
{
	const oruk_kind_spec *sp = &oruk_kinds[k];
	bool ok = true;
	char t1[48];
	for (size_t i = 0; i < sp->n_fields; i++) {
		const oruk_field *f = &sp->fields[i];
		cells[i] = (oruk_cell){.k = CELL_NULL};
		if (!f->key || f->type == FT_SCHED)
			continue;
		json_t *v = field_value(obj, f);
		const oruk_parent *p = parent_of(ps, np, f->key);
		if (p) {
			const char *given = plain_string(v);
			/* (A parent without a good id has had its own problem.) */
			if (v && p->uuid && (!given || strcasecmp(given, p->uuid) != 0)) {
				oruk_problem(
				    im, path, f->key, "'%s' is not the id of the %s it is in",
				    given ? shown(given, t1) : "?",
				    f->type == FT_REF ? oruk_kinds[f->ref].what : "object");
				ok = false;
			}
			cells[i] = (oruk_cell){.k = CELL_INT, .i = p->id};
			continue;
		}
		if (!v) {
			if (f->flags & OF_REQ) {
				oruk_problem(im, path, f->key, "missing");
				ok = false;
			}
			continue;
		}
		if (!check_field(im, f, v, path, &cells[i], a)) {
			ok = false;
			continue;
		}
		if (f->type != FT_REF)
			continue;
		int64_t id = 0;
		if (find_row(im, (oruk_kind)f->ref, cells[i].t, &id) || !im->s) {
			cells[i] = (oruk_cell){.k = CELL_INT, .i = id};
		} else if (!(f->flags & OF_SOFT) && !im->fatal) {
			oruk_problem(im, path, f->key,
			             "no %s with id %s in this import or the database",
			             oruk_kinds[f->ref].what, cells[i].t);
			ok = false;
		}
	}
	return ok;
}

/* ---- writing a row ---- */

static const char *upsert_sql(oruk_imp *im, oruk_kind k)
{
	if (im->sql[k])
		return im->sql[k];
	const oruk_kind_spec *sp = &oruk_kinds[k];
	buf b, set;
	buf_init(&b, 8192);
	buf_init(&set, 8192);
	buf_printf(&b, "INSERT INTO %s (", sp->table);
	size_t n = 0;
	for (size_t i = 0; i < sp->n_fields; i++) {
		const oruk_field *f = &sp->fields[i];
		if (!f->col)
			continue;
		buf_printf(&b, "%s%s", n++ ? ", " : "", f->col);
		if (f->type != FT_ID && !(f->flags & OF_KEEP))
			buf_printf(&set, "%s%s = excluded.%s", set.len ? ", " : "", f->col, f->col);
	}
	buf_puts(&b, ") VALUES (");
	for (size_t i = 0; i < n; i++)
		buf_puts(&b, i ? ", ?" : "?");
	buf_printf(&b, ") ON CONFLICT (uuid) DO UPDATE SET %s RETURNING id", set.data);
	buf_free(&set);
	im->sql[k] = b.data;
	return b.data;
}

static sn_err write_row(oruk_imp *im, oruk_kind k, const oruk_cell *cells, int64_t *id)
{
	const oruk_kind_spec *sp = &oruk_kinds[k];
	store_stmt *st = NULL;
	sn_err rc = store_prepare(im->s, upsert_sql(im, k), &st);
	int b = 1;
	for (size_t i = 0; i < sp->n_fields && !rc; i++) {
		if (!sp->fields[i].col)
			continue;
		const oruk_cell *c = &cells[i];
		rc = c->k == CELL_INT    ? store_bind_i64(st, b++, c->i)
		     : c->k == CELL_TEXT ? store_bind_text(st, b++, c->t)
		                         : store_bind_null(st, b++);
	}
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc)
		*id = row ? store_col_i64(st, 0) : 0;
	store_done(st);
	if (!rc && !*id)
		rc = SN_ESTORE;
	return rc;
}

static void set_cell(oruk_kind k, oruk_cell *cells, const char *col, oruk_cell v)
{
	const oruk_kind_spec *sp = &oruk_kinds[k];
	for (size_t i = 0; i < sp->n_fields; i++)
		if (sp->fields[i].col && strcmp(sp->fields[i].col, col) == 0) {
			cells[i] = v;
			return;
		}
}

static oruk_cell text_cell(const char *t)
{
	return t && *t ? (oruk_cell){.k = CELL_TEXT, .t = t} : (oruk_cell){.k = CELL_NULL};
}

static void default_text(oruk_kind k, oruk_cell *cells, const char *col, const char *v)
{
	const oruk_kind_spec *sp = &oruk_kinds[k];
	for (size_t i = 0; i < sp->n_fields; i++)
		if (sp->fields[i].col && strcmp(sp->fields[i].col, col) == 0 &&
		    cells[i].k == CELL_NULL)
			cells[i] = (oruk_cell){.k = CELL_TEXT, .t = v};
}

/* A schedule: HSDS rules through sched_rule_from_oruk, into the columns. */
static bool schedule_cells(oruk_imp *im, json_t *obj, const char *path, oruk_cell *cells, arena *a)
{
	/* The rule reader wants JSON types: numbers' texts (and, from CSV,
	 * strings) back into numbers for interval, count and timezone. */
	json_t *o = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		json_t *x = json_incref(v);
		bool whole = strcmp(key, "interval") == 0 || strcmp(key, "count") == 0;
		bool number = whole || strcmp(key, "timezone") == 0;
		if (number && (oruk_is_number_text(v) || (im->csv && json_is_string(v)))) {
			const char *t = json_string_value(v) + (oruk_is_number_text(v) ? 1 : 0);
			int64_t i = 0;
			char *end = NULL;
			double d = strtod(t, &end);
			if (whole && !str_to_i64(t, INT32_MIN, INT32_MAX, &i)) {
				json_decref(x);
				x = json_integer(i);
			} else if (*t && end && !*end) {
				json_decref(x);
				x = json_real(d);
			}
		}
		json_object_set_new(o, key, x);
	}
	sched_rule *r = xmalloc(sizeof *r);
	char err[ORUK_PROBLEM_LEN];
	/* Its messages name the field: "contents[3].schedules[0].byday: ..." */
	sn_err rc = sched_rule_from_oruk(o, im->csv ? NULL : path, r, err, sizeof err);
	json_decref(o);
	if (rc) {
		oruk_problem(im, im->csv ? path : NULL, NULL, "%s", err);
		free(r);
		return false;
	}
	char *d[4];
	const sched_date dates[4] = {r->valid_from, r->valid_to, r->dtstart, r->until};
	static const char *const dcols[4] = {"valid_from", "valid_to", "dtstart", "until"};
	for (int i = 0; i < 4; i++) {
		d[i] = arena_alloc(a, SCHED_DATE_TEXT);
		sched_format_date(dates[i], d[i]);
		set_cell(ORUK_SCHEDULES, cells, dcols[i], text_cell(d[i]));
	}
	set_cell(ORUK_SCHEDULES, cells, "freq", text_cell(sched_freq_name(r->freq)));
	if (r->every)
		set_cell(ORUK_SCHEDULES, cells, "every", (oruk_cell){.k = CELL_INT, .i = r->every});
	char *bd = arena_alloc(a, SCHED_BYDAY_TEXT), *bm = arena_alloc(a, SCHED_BYMONTHDAY_TEXT);
	sched_format_byday(r, bd);
	sched_format_bymonthday(r, bm);
	set_cell(ORUK_SCHEDULES, cells, "byday", text_cell(bd));
	set_cell(ORUK_SCHEDULES, cells, "bymonthday", text_cell(bm));
	char *op = arena_alloc(a, SCHED_CLOCK_TEXT), *cl = arena_alloc(a, SCHED_CLOCK_TEXT);
	sched_format_clock(r->opens, op);
	sched_format_clock(r->closes, cl);
	set_cell(ORUK_SCHEDULES, cells, "opens_at", text_cell(op));
	set_cell(ORUK_SCHEDULES, cells, "closes_at", text_cell(cl));
	set_cell(ORUK_SCHEDULES, cells, "description", text_cell(arena_strdup(a, r->description)));
	set_cell(ORUK_SCHEDULES, cells, "schedule_link",
	         text_cell(arena_strdup(a, r->schedule_link)));
	set_cell(ORUK_SCHEDULES, cells, "attending_type",
	         text_cell(arena_strdup(a, r->attending_type)));
	set_cell(ORUK_SCHEDULES, cells, "notes", text_cell(arena_strdup(a, r->notes)));
	free(r);
	return true;
}

/* What each kind adds to its checked cells before writing. */
static bool kind_cells(oruk_imp *im, oruk_kind k, json_t *obj, const char *path, oruk_cell *cells,
                       arena *a)
{
	const char *src = im->o->source ? im->o->source : "import";
	switch (k) {
	case ORUK_TAXONOMIES: default_text(k, cells, "description", ""); return true;
	case ORUK_TERMS: {
		default_text(k, cells, "description", "");
		int ti = oruk_field_index(k, "taxonomy_id");
		if (cells[ti].k == CELL_TEXT) {
			/* A taxonomy known only by its id: made from what the term says. */
			const oruk_field *tf =
			    &oruk_kinds[k].fields[oruk_field_index(k, "taxonomy")];
			json_t *tv = field_value(obj, tf);
			const char *name = plain_string(tv);
			oruk_cell tc[ORUK_MAX_FIELDS] = {0};
			tc[0] = cells[ti];
			tc[1] = text_cell(
			    name && *name && strlen(name) <= 500 ? name : "Imported taxonomy");
			tc[2] = (oruk_cell){.k = CELL_TEXT, .t = ""};
			int64_t tid = 0;
			if (im->writing) {
				sn_err rc = write_row(im, ORUK_TAXONOMIES, tc, &tid);
				if (rc) {
					oruk_fail(im, rc, "cannot write a taxonomy: %s",
					          store_errmsg(im->s));
					return false;
				}
			}
			oruk_idmap_put(&im->seen[ORUK_TAXONOMIES], cells[ti].t, tid);
			im->rep->count[ORUK_TAXONOMIES]++;
			cells[ti] = (oruk_cell){.k = CELL_INT, .i = tid};
		}
		return true;
	}
	case ORUK_ORGS:
		default_text(k, cells, "description", "");
		set_cell(k, cells, "source", text_cell(src));
		set_cell(k, cells, "created_at", text_cell(im->now));
		set_cell(k, cells, "updated_at", text_cell(im->now));
		return true;
	case ORUK_SERVICES:
		default_text(k, cells, "description", "");
		default_text(k, cells, "last_modified", im->now);
		set_cell(k, cells, "source", text_cell(src));
		set_cell(k, cells, "moderation", text_cell("published"));
		set_cell(k, cells, "review_due", text_cell(im->due));
		set_cell(k, cells, "created_at", text_cell(im->now));
		return true;
	case ORUK_ADDRESSES: {
		default_text(k, cells, "country", "GB");
		int pi = oruk_field_index(k, "postal_code");
		char *pc = arena_alloc(a, 9);
		if (cells[pi].k == CELL_TEXT && postcode_normalise(cells[pi].t, pc) == SN_OK)
			cells[pi].t = pc;
		return true;
	}
	case ORUK_COSTS: default_text(k, cells, "currency", "GBP"); return true;
	case ORUK_SCHEDULES: {
		if (!schedule_cells(im, obj, path, cells, a))
			return false;
		int si = oruk_field_index(k, "service_id"),
		    xi = oruk_field_index(k, "service_at_location_id");
		if (cells[si].k == CELL_NULL && cells[xi].k == CELL_NULL) {
			oruk_problem(im, path, "service_id",
			             "missing (a schedule belongs to a service)");
			return false;
		}
		if (cells[si].k == CELL_NULL && im->writing) {
			int64_t sid =
			    0; /* a schedule of a service at a location: its service's too */
			if (!store_one_i64(im->s, &sid,
			                   "SELECT service_id FROM dir_service_at_locations "
			                   "WHERE id = ?",
			                   "i", cells[xi].i))
				cells[si] = (oruk_cell){.k = CELL_INT, .i = sid};
		}
		return true;
	}
	default: return true;
	}
}

/* ---- versions ---- */

/* Who an import's versions are by: the system, naming the input. */
static curate_actor import_actor(const oruk_imp *im, char name[static 160])
{
	const char *src = im->o && im->o->source && *im->o->source ? im->o->source : "a file";
	snprintf(name, 160, "Import from %s", src);
	return (curate_actor){"system", name};
}

/* Before an import overwrites a service that has no history: version 1,
 * "recorded", is what it was (curate_version_ensure). */
static bool version_before(oruk_imp *im, const char *uuid)
{
	int64_t sid = 0;
	if (!find_row(im, ORUK_SERVICES, uuid, &sid))
		return !oruk_imp_stop(im);
	sn_err rc = curate_version_ensure(im->s, sid, im->now);
	if (rc)
		oruk_fail(im, rc, "cannot record a service's history: %s", store_errmsg(im->s));
	return !rc;
}

/* After an import wrote a service and its children: a version, "created"
 * for a new one, "edited" when its details differ from its latest
 * version's, none when the import changed nothing the details hold. */
static sn_err version_after(oruk_imp *im, int64_t sid)
{
	int64_t latest = 0;
	json_t *now = NULL, *was = NULL;
	sn_err rc = curate_version_latest(im->s, sid, &latest);
	if (!rc && latest)
		rc = curate_version_details(im->s, sid, latest, &was);
	if (!rc)
		rc = curate_details_load(im->s, sid, &now);
	if (!rc && (!was || !json_equal(was, now))) {
		char name[160];
		curate_actor who = import_actor(im, name);
		rc = curate_version_add(im->s, sid, latest ? "edited" : "created", &who, "Imported", im->now, NULL);
	}
	json_decref(now);
	json_decref(was);
	return rc;
}

bool oruk_imp_row(oruk_imp *im, oruk_kind k, json_t *obj, const char *path,
                  const oruk_parent *parents, size_t n_parents, bool once, int64_t *id, bool *fresh)
{
	*id = 0;
	if (fresh)
		*fresh = true;
	if (oruk_imp_stop(im))
		return false;
	if (!json_is_object(obj)) {
		oruk_problem(im, path, NULL, "must be an object (%s %s)",
		             strchr("aeiou", oruk_kinds[k].what[0]) ? "an" : "a",
		             oruk_kinds[k].what);
		return false;
	}
	const char *given = plain_string(json_object_get(obj, "id"));
	if (once && given && str_is_uuid(given)) {
		char u[37];
		lower_uuid(given, u);
		if (oruk_idmap_get(&im->seen[k], u, id)) {
			if (fresh)
				*fresh = false;
			return true;
		}
	}
	arena *a = arena_new();
	oruk_cell cells[ORUK_MAX_FIELDS];
	bool ok = check_row(im, k, obj, path, parents, n_parents, cells, a);
	if (ok)
		ok = kind_cells(im, k, obj, path, cells, a);
	if (ok && im->writing && k == ORUK_SERVICES)
		ok = version_before(im, cells[0].t);
	if (ok && im->writing) {
		sn_err rc = write_row(im, k, cells, id);
		if (rc) {
			oruk_fail(im, rc, "cannot write %s %s: %s", oruk_kinds[k].what, cells[0].t,
			          store_errmsg(im->s));
			ok = false;
		}
	}
	if (ok) {
		oruk_idmap_put(&im->seen[k], cells[0].t, *id);
		im->rep->count[k]++;
		if (k == ORUK_TERMS) {
			json_t *pv = json_object_get(obj, "parent_id");
			const char *pu = plain_string(pv);
			if (pu && str_is_uuid(pu)) {
				if (im->n_parents == im->cap_parents) {
					im->cap_parents =
					    im->cap_parents ? im->cap_parents * 2 : 64;
					im->parents = xrealloc(
					    im->parents, im->cap_parents * sizeof *im->parents);
				}
				snprintf(im->parents[im->n_parents][0], 37, "%s", cells[0].t);
				lower_uuid(pu, im->parents[im->n_parents][1]);
				im->n_parents++;
			} else if (pv && !json_is_null(pv)) {
				oruk_problem(im, path, "parent_id", "must be a uuid");
				ok = false;
			}
		}
	}
	arena_free(a);
	return ok;
}

/* ---- replacing a parent's children ---- */

/* Where the children of each parent are, per kind. A service's phones are
 * those of no contact (a contact's are its own), its languages those of no
 * phone; a location's phones those of no service or contact. Schedules come
 * before service_at_locations and phones before contacts, so that what is
 * deleted is deleted by its own row rather than by a cascade. */
static const struct {
	oruk_parent_kind parent;
	oruk_kind k;
	const char *where;
} CHILDREN[] = {
    {ORUK_PARENT_SERVICE, ORUK_SCHEDULES, "service_id = ?"},
    {ORUK_PARENT_SERVICE, ORUK_SALS, "service_id = ?"},
    {ORUK_PARENT_SERVICE, ORUK_PHONES, "service_id = ? AND contact_id IS NULL"},
    {ORUK_PARENT_SERVICE, ORUK_CONTACTS, "service_id = ?"},
    {ORUK_PARENT_SERVICE, ORUK_COSTS, "service_id = ?"},
    {ORUK_PARENT_SERVICE, ORUK_LANGUAGES, "service_id = ? AND phone_id IS NULL"},
    {ORUK_PARENT_SERVICE, ORUK_AREAS, "service_id = ?"},
    {ORUK_PARENT_SERVICE, ORUK_FUNDINGS, "service_id = ?"},
    {ORUK_PARENT_SERVICE, ORUK_ATTRIBUTES, "link_entity = 'service' AND link_id = ?"},
    {ORUK_PARENT_CONTACT, ORUK_PHONES, "contact_id = ?"},
    {ORUK_PARENT_CONTACT, ORUK_ATTRIBUTES, "link_entity = 'contact' AND link_id = ?"},
    {ORUK_PARENT_PHONE, ORUK_LANGUAGES, "phone_id = ?"},
    {ORUK_PARENT_LOCATION, ORUK_ADDRESSES, "location_id = ?"},
    {ORUK_PARENT_LOCATION, ORUK_ACCESSIBILITY, "location_id = ?"},
    {ORUK_PARENT_LOCATION, ORUK_PHONES,
     "location_id = ? AND service_id IS NULL AND contact_id IS NULL"},
    {ORUK_PARENT_LOCATION, ORUK_ATTRIBUTES, "link_entity = 'location' AND link_id = ?"},
    {ORUK_PARENT_ORG, ORUK_ORG_IDS, "organization_id = ?"},
    {ORUK_PARENT_ORG, ORUK_ATTRIBUTES, "link_entity = 'organization' AND link_id = ?"},
    {ORUK_PARENT_ADDRESS, ORUK_ATTRIBUTES, "link_entity = 'address' AND link_id = ?"},
};

/* One query for all of a parent's children: (kind, id, uuid) rows. */
static const char *children_sql(oruk_imp *im, oruk_parent_kind parent, size_t *n_binds)
{
	*n_binds = 0;
	for (size_t i = 0; i < SN_ARRAY_LEN(CHILDREN); i++)
		*n_binds += CHILDREN[i].parent == parent;
	if (im->child_sql[parent])
		return im->child_sql[parent];
	buf b;
	buf_init(&b, 8192);
	for (size_t i = 0; i < SN_ARRAY_LEN(CHILDREN); i++)
		if (CHILDREN[i].parent == parent)
			buf_printf(&b, "%sSELECT %d, id, uuid FROM %s WHERE %s",
			           b.len ? " UNION ALL " : "", (int)CHILDREN[i].k,
			           oruk_kinds[CHILDREN[i].k].table, CHILDREN[i].where);
	im->child_sql[parent] = b.data;
	return b.data;
}

void oruk_imp_replace(oruk_imp *im, oruk_parent_kind parent, int64_t id, unsigned kinds)
{
	if (!im->writing || !im->s || !id || !kinds || oruk_imp_stop(im))
		return;
	size_t n_binds = 0;
	const char *sql = children_sql(im, parent, &n_binds);
	store_stmt *st = NULL;
	sn_err rc = store_prepare(im->s, sql, &st);
	for (size_t i = 0; i < n_binds && !rc; i++)
		rc = store_bind_i64(st, (int)i + 1, id);
	/* The rows to delete, gathered first: not while the query is open. */
	struct gone {
		oruk_kind k;
		int64_t id;
	} *gone = NULL;
	size_t n = 0, cap = 0;
	bool row = true;
	while (!rc && !(rc = store_step(st, &row)) && row) {
		int64_t k = store_col_i64(st, 0);
		if (k < 0 || k >= ORUK_N_KINDS || !(kinds & ORUK_KIND_BIT(k)) ||
		    oruk_idmap_get(&im->seen[k], store_col_text(st, 2), NULL))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			gone = xrealloc(gone, cap * sizeof *gone);
		}
		gone[n++] = (struct gone){(oruk_kind)k, store_col_i64(st, 1)};
	}
	store_done(st);
	for (size_t i = 0; i < n && !rc; i++) {
		oruk_kind k = gone[i].k;
		if (!im->del_sql[k]) {
			buf b;
			buf_init(&b, 256);
			buf_printf(&b, "DELETE FROM %s WHERE id = ?", oruk_kinds[k].table);
			im->del_sql[k] = b.data;
		}
		rc = store_run(im->s, im->del_sql[k], "i", gone[i].id);
		if (!rc)
			im->rep->removed++;
	}
	free(gone);
	if (rc)
		oruk_fail(im, rc, "cannot delete what the input no longer lists: %s",
		          store_errmsg(im->s));
}

void oruk_imp_index(oruk_imp *im, int64_t service_id)
{
	if (!im->writing || !service_id)
		return;
	/* The locality (ours, not ORUK's) from the postcode of its first
	 * address, when the postcode is known here and it has none yet. */
	sn_err rc = store_run(im->s, "UPDATE dir_services SET locality_id = (SELECT p.locality_id FROM "
			      "dir_service_at_locations sl JOIN dir_addresses a ON a.location_id = sl.location_id "
			      "JOIN postcodes p ON p.postcode = upper(a.postal_code) WHERE sl.service_id = "
			      "dir_services.id ORDER BY sl.id, a.id LIMIT 1) WHERE id = ? AND locality_id IS NULL",
			      "i", service_id);
	if (rc) {
		oruk_fail(im, rc, "cannot set a service's locality: %s", store_errmsg(im->s));
		return;
	}
	/* Its history, with the locality set. */
	if ((rc = version_after(im, service_id))) {
		oruk_fail(im, rc, "cannot record a service's history: %s", store_errmsg(im->s));
		return;
	}
	/* One by one while few (each rewrites a chunk of every list its
	 * words are in); past that, the word index is built again in one
	 * pass at the end (dir_index.c). */
	if (!im->bulk && ++im->indexed > ORUK_INDEX_ONE_BY_ONE) {
		im->bulk = true;
		rc = search_index_bulk(im->s);
	}
	if (!rc)
		rc = search_index_service(im->s, service_id);
	if (rc)
		oruk_fail(im, rc, "cannot index a service: %s", store_errmsg(im->s));
}

/* ---- the import as a whole ---- */

sn_err oruk_imp_begin(oruk_imp *im, store *s, const oruk_import_opts *o, oruk_import_report *rep,
                      bool csv)
{
	static const oruk_import_opts none;
	memset(im, 0, sizeof *im);
	memset(rep, 0, sizeof *rep);
	im->o = o ? o : &none;
	im->s = s;
	im->rep = rep;
	im->csv = csv;
	im->writing = !im->o->dry_run;
	int64_t t = time_now();
	char iso[21];
	time_iso8601(t, iso);
	snprintf(im->now, sizeof im->now, "%.19s.000Z", iso);
	/* Six months on, the same day of the month (or the month's last). */
	sched_date d = {0, 0, 0};
	sched_parse_date(
	    (char[11]){iso[0], iso[1], iso[2], iso[3], '-', iso[5], iso[6], '-', iso[8], iso[9], 0},
	    &d);
	d.m += 6;
	if (d.m > 12) {
		d.m -= 12;
		d.y++;
	}
	if (d.d > sched_days_in_month(d.y, d.m))
		d.d = sched_days_in_month(d.y, d.m);
	sched_format_date(d, im->due);
	if (!s && im->writing) {
		snprintf(rep->error, sizeof rep->error, "no database to import into");
		return SN_EINTERNAL;
	}
	if (im->writing) {
		sn_err rc = store_begin_write(s);
		if (!rc)
			rc = store_one_i64(s, &im->services_before,
			                   "SELECT count(*) FROM dir_services", "");
		if (rc) {
			snprintf(rep->error, sizeof rep->error, "cannot start the import: %s",
			         store_errmsg(s));
			store_rollback(s);
			return rc;
		}
	}
	return SN_OK;
}

static void imp_free(oruk_imp *im)
{
	for (int k = 0; k < ORUK_N_KINDS; k++) {
		oruk_idmap_free(&im->seen[k]);
		free(im->sql[k]);
		im->sql[k] = NULL;
		free(im->del_sql[k]);
		im->del_sql[k] = NULL;
	}
	for (int p = 0; p < ORUK_N_PARENTS; p++) {
		free(im->child_sql[p]);
		im->child_sql[p] = NULL;
	}
	free(im->parents);
	im->parents = NULL;
}

sn_err oruk_imp_end(oruk_imp *im)
{
	/* Terms' parents, now that every term of the import is written. */
	for (size_t i = 0; i < im->n_parents && im->writing; i++) {
		int64_t pid = 0;
		if (strcmp(im->parents[i][0], im->parents[i][1]) == 0 ||
		    !find_row(im, ORUK_TERMS, im->parents[i][1], &pid))
			continue; /* a parent the feed leaves out: the term stays top-level */
		sn_err rc =
		    store_run(im->s, "UPDATE dir_taxonomy_terms SET parent_id = ? WHERE uuid = ?",
		              "it", pid, im->parents[i][0]);
		if (rc)
			oruk_fail(im, rc, "cannot write a term's parent: %s", store_errmsg(im->s));
	}
	sn_err result = im->fatal;
	if (!result && im->rep->n_problems)
		result = SN_EINPUT;
	if (im->o->dry_run || !im->s) {
		imp_free(im);
		return result;
	}
	if (result) {
		store_rollback(im->s);
		imp_free(im);
		return result;
	}
	int64_t after = 0;
	sn_err rc = im->bulk ? search_index_rebuild(im->s, NULL, NULL) : SN_OK;
	if (!rc)
		rc = store_one_i64(im->s, &after, "SELECT count(*) FROM dir_services", "");
	if (!rc)
		rc = store_commit(im->s);
	if (rc) {
		snprintf(im->rep->error, sizeof im->rep->error, "cannot commit the import: %s",
		         store_errmsg(im->s));
		store_rollback(im->s);
		imp_free(im);
		return rc;
	}
	im->rep->services_new = after - im->services_before;
	im->rep->changed = true;
	imp_free(im);
	return SN_OK;
}

/* ---- one fully nested service ---- */

enum { PATH_LEN = 200 };

static const char *path_at(char out[static PATH_LEN], const char *path, const char *key, long idx)
{
	const char *sep = path && *path ? "." : "";
	int n = idx >= 0 ? snprintf(out, PATH_LEN, "%s%s%s[%ld]", path ? path : "", sep, key, idx)
	                 : snprintf(out, PATH_LEN, "%s%s%s", path ? path : "", sep, key);
	if (n >= PATH_LEN) /* cut short: still names where it starts */
		out[PATH_LEN - 1] = 0;
	return out;
}

/* The items of an array field (NULL or [] when absent): a problem when it
 * is not an array or has more than max items. */
static json_t *array_of(oruk_imp *im, json_t *o, const char *path, const char *key, size_t max)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		oruk_problem(im, path, key, "must be an array");
		return NULL;
	}
	if (json_array_size(v) > max) {
		oruk_problem(im, path, key, "more than %zu items", max);
		return NULL;
	}
	return v;
}

static const char *uuid_of(json_t *o)
{
	const char *u = plain_string(json_object_get(o, "id"));
	return u && str_is_uuid(u) ? u : NULL;
}

/* The attributes of an object (link_entity entity, internal id link_id). */
static void imp_attributes(oruk_imp *im, json_t *o, const char *path, const char *entity,
                           int64_t link_id)
{
	json_t *arr = array_of(im, o, path, "attributes", ORUK_ARRAY_MAX);
	size_t i;
	json_t *a;
	char p[PATH_LEN], tp[PATH_LEN], t1[48];
	json_array_foreach(arr, i, a)
	{
		path_at(p, path, "attributes", (long)i);
		if (!json_is_object(a)) {
			oruk_problem(im, p, NULL, "must be an object (an attribute)");
			continue;
		}
		oruk_parent ps[2] = {{"link_id", link_id, uuid_of(o)}};
		size_t np = 1;
		json_t *term = json_object_get(a, "taxonomy_term");
		if (term && !json_is_null(term)) {
			int64_t tid = 0, xid = 0;
			/* HSDS: the term's taxonomy, in full, before the term. */
			json_t *detail = json_object_get(term, "taxonomy_detail");
			char dp[PATH_LEN];
			if (json_is_object(term) && detail && !json_is_null(detail) &&
			    !oruk_imp_row(im, ORUK_TAXONOMIES, detail,
			                  path_at(dp, path_at(tp, p, "taxonomy_term", -1),
			                          "taxonomy_detail", -1),
			                  NULL, 0, true, &xid, NULL))
				continue;
			if (oruk_imp_row(im, ORUK_TERMS, term, path_at(tp, p, "taxonomy_term", -1),
			                 NULL, 0, true, &tid, NULL))
				ps[np++] = (oruk_parent){"taxonomy_term_id", tid, uuid_of(term)};
			else
				continue;
		}
		json_t *le = json_object_get(a, "link_entity");
		const char *les = plain_string(le);
		if (!le || json_is_null(le)) {
			json_object_set_new(a, "link_entity", json_string(entity));
		} else if (!les || strcmp(les, entity) != 0) {
			oruk_problem(im, p, "link_entity", "'%s' is not '%s' (the object it is in)",
			             les ? shown(les, t1) : "?", entity);
			continue;
		}
		int64_t id = 0;
		oruk_imp_row(im, ORUK_ATTRIBUTES, a, p, ps, np, false, &id, NULL);
	}
}

/* Rows of kind k in array key of o, each nested in the given parents. */
static void imp_children(oruk_imp *im, json_t *o, const char *path, const char *key, oruk_kind k,
                         const oruk_parent *ps, size_t np, size_t max)
{
	json_t *arr = array_of(im, o, path, key, max);
	size_t i;
	json_t *x;
	char p[PATH_LEN];
	json_array_foreach(arr, i, x)
	{
		int64_t id = 0;
		if (oruk_imp_stop(im))
			return;
		oruk_imp_row(im, k, x, path_at(p, path, key, (long)i), ps, np, false, &id, NULL);
	}
}

/* True when o carries key (an array, or something a problem was found in):
 * its children of that kind are then replaced. A key left out (or null)
 * says nothing about them, and they are left alone. */
static bool lists(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return v && !json_is_null(v);
}

/* The phones in array "phones" of o, each with its languages. */
static void imp_phones(oruk_imp *im, json_t *o, const char *path, const oruk_parent *ps, size_t np)
{
	json_t *arr = array_of(im, o, path, "phones", ORUK_ARRAY_MAX);
	size_t i;
	json_t *x;
	char p[PATH_LEN];
	json_array_foreach(arr, i, x)
	{
		int64_t pid = 0;
		if (oruk_imp_stop(im))
			return;
		path_at(p, path, "phones", (long)i);
		if (!oruk_imp_row(im, ORUK_PHONES, x, p, ps, np, false, &pid, NULL))
			continue;
		/* A phone's languages are its own (no service_id: they are not
		 * the service's languages). */
		oruk_parent pp = {"phone_id", pid, uuid_of(x)};
		imp_children(im, x, p, "languages", ORUK_LANGUAGES, &pp, 1, ORUK_ARRAY_MAX);
		if (lists(x, "languages"))
			oruk_imp_replace(im, ORUK_PARENT_PHONE, pid, ORUK_KIND_BIT(ORUK_LANGUAGES));
	}
}

/* The addresses in array "addresses" of location l (lp), each with its
 * attributes. */
static void imp_addresses(oruk_imp *im, json_t *l, const char *path, const oruk_parent *lp)
{
	json_t *arr = array_of(im, l, path, "addresses", ORUK_ARRAY_MAX);
	size_t i;
	json_t *x;
	char p[PATH_LEN];
	json_array_foreach(arr, i, x)
	{
		int64_t aid = 0;
		if (oruk_imp_stop(im))
			return;
		path_at(p, path, "addresses", (long)i);
		if (!oruk_imp_row(im, ORUK_ADDRESSES, x, p, lp, 1, false, &aid, NULL))
			continue;
		imp_attributes(im, x, p, "address", aid);
		if (lists(x, "attributes"))
			oruk_imp_replace(im, ORUK_PARENT_ADDRESS, aid,
			                 ORUK_KIND_BIT(ORUK_ATTRIBUTES));
	}
}

static void imp_location(oruk_imp *im, json_t *l, const char *path, int64_t *lid)
{
	bool fresh = false;
	if (!oruk_imp_row(im, ORUK_LOCATIONS, l, path, NULL, 0, true, lid, &fresh) || !fresh)
		return;
	oruk_parent lp = {"location_id", *lid, uuid_of(l)};
	imp_addresses(im, l, path, &lp);
	imp_children(im, l, path, "accessibility", ORUK_ACCESSIBILITY, &lp, 1, ORUK_ARRAY_MAX);
	imp_phones(im, l, path, &lp, 1);
	imp_attributes(im, l, path, "location", *lid);
	/* The first copy of a location in the input lists all it has. */
	static const struct {
		const char *key;
		oruk_kind k;
	} kids[] = {{"addresses", ORUK_ADDRESSES},
	            {"accessibility", ORUK_ACCESSIBILITY},
	            {"phones", ORUK_PHONES},
	            {"attributes", ORUK_ATTRIBUTES}};
	unsigned kinds = 0;
	for (size_t i = 0; i < SN_ARRAY_LEN(kids); i++)
		if (lists(l, kids[i].key))
			kinds |= ORUK_KIND_BIT(kids[i].k);
	oruk_imp_replace(im, ORUK_PARENT_LOCATION, *lid, kinds);
}

static void imp_service(oruk_imp *im, json_t *o, const char *path)
{
	char p[PATH_LEN], q[PATH_LEN];
	if (!json_is_object(o)) {
		oruk_problem(im, path, NULL, "must be an object (a service)");
		return;
	}
	if (im->rep->count[ORUK_SERVICES] >= ORUK_SERVICES_MAX) {
		oruk_refuse(im, SN_ETOOBIG, path, "more than %d services; the input is refused",
		            ORUK_SERVICES_MAX);
		return;
	}
	oruk_parent sp[2];
	size_t np = 0;
	json_t *org = json_object_get(o, "organization");
	if (org && !json_is_null(org)) {
		int64_t oid = 0;
		bool fresh = false;
		const char *op = path_at(p, path, "organization", -1);
		bool ok = oruk_imp_row(im, ORUK_ORGS, org, op, NULL, 0, true, &oid, &fresh);
		if (ok && fresh) {
			oruk_parent par = {"organization_id", oid, uuid_of(org)};
			imp_children(im, org, op, "organization_identifiers", ORUK_ORG_IDS, &par, 1,
			             ORUK_ARRAY_MAX);
			imp_attributes(im, org, op, "organization", oid);
			/* The first copy of an organisation in the input lists all it has. */
			unsigned kinds = (lists(org, "organization_identifiers") ? ORUK_KIND_BIT(ORUK_ORG_IDS) : 0) |
			                 (lists(org, "attributes") ? ORUK_KIND_BIT(ORUK_ATTRIBUTES) : 0);
			oruk_imp_replace(im, ORUK_PARENT_ORG, oid, kinds);
		}
		/* The service's organization_id is this one (a bad one is reported once). */
		sp[np++] = (oruk_parent){"organization_id", oid, ok ? uuid_of(org) : NULL};
		if (!ok)
			json_object_del(o, "organization_id");
	}
	int64_t sid = 0;
	if (!oruk_imp_row(im, ORUK_SERVICES, o, path, sp, np, false, &sid, NULL) &&
	    oruk_imp_stop(im))
		return;
	oruk_parent svc = {"service_id", sid, uuid_of(o)};
	imp_attributes(im, o, path, "service", sid);

	json_t *sals = array_of(im, o, path, "service_at_locations", ORUK_ARRAY_MAX);
	size_t i;
	json_t *x;
	bool sal_schedules = false; /* schedules listed in a service at location */
	json_array_foreach(sals, i, x)
	{
		sal_schedules = sal_schedules || (json_is_object(x) && lists(x, "schedules"));
		path_at(p, path, "service_at_locations", (long)i);
		if (!json_is_object(x)) {
			oruk_problem(im, p, NULL, "must be an object (a service at location)");
			continue;
		}
		oruk_parent ps[2] = {svc};
		size_t n = 1;
		json_t *l = json_object_get(x, "location");
		if (l && !json_is_null(l)) {
			int64_t lid = 0;
			imp_location(im, l, path_at(q, p, "location", -1), &lid);
			ps[n++] = (oruk_parent){"location_id", lid, uuid_of(l)};
		}
		int64_t xid = 0;
		oruk_imp_row(im, ORUK_SALS, x, p, ps, n, false, &xid, NULL);
		imp_children(im, x, p, "schedules", ORUK_SCHEDULES, ps, 1, SCHED_MAX_RULES);
	}
	imp_children(im, o, path, "schedules", ORUK_SCHEDULES, &svc, 1, SCHED_MAX_RULES);

	json_t *contacts = array_of(im, o, path, "contacts", ORUK_ARRAY_MAX);
	json_array_foreach(contacts, i, x)
	{
		int64_t cid = 0;
		path_at(p, path, "contacts", (long)i);
		if (!oruk_imp_row(im, ORUK_CONTACTS, x, p, &svc, 1, false, &cid, NULL))
			continue;
		oruk_parent ps[2] = {{"contact_id", cid, uuid_of(x)}, svc};
		imp_phones(im, x, p, ps, 2);
		imp_attributes(im, x, p, "contact", cid);
		unsigned ckinds = (lists(x, "phones") ? ORUK_KIND_BIT(ORUK_PHONES) : 0) |
		                  (lists(x, "attributes") ? ORUK_KIND_BIT(ORUK_ATTRIBUTES) : 0);
		oruk_imp_replace(im, ORUK_PARENT_CONTACT, cid, ckinds);
	}
	imp_phones(im, o, path, &svc, 1);
	imp_children(im, o, path, "cost_options", ORUK_COSTS, &svc, 1, ORUK_ARRAY_MAX);
	imp_children(im, o, path, "languages", ORUK_LANGUAGES, &svc, 1, ORUK_ARRAY_MAX);
	imp_children(im, o, path, "service_areas", ORUK_AREAS, &svc, 1, ORUK_ARRAY_MAX);
	imp_children(im, o, path, "funding", ORUK_FUNDINGS, &svc, 1, ORUK_ARRAY_MAX);
	/* The service's children are what the input lists: the ones it no
	 * longer lists go (only of the kinds it carries at all). */
	static const struct {
		const char *key;
		oruk_kind k;
	} kids[] = {{"service_at_locations", ORUK_SALS}, {"schedules", ORUK_SCHEDULES},
	            {"contacts", ORUK_CONTACTS},         {"phones", ORUK_PHONES},
	            {"cost_options", ORUK_COSTS},        {"languages", ORUK_LANGUAGES},
	            {"service_areas", ORUK_AREAS},       {"funding", ORUK_FUNDINGS},
	            {"attributes", ORUK_ATTRIBUTES}};
	unsigned kinds = sal_schedules ? ORUK_KIND_BIT(ORUK_SCHEDULES) : 0;
	for (size_t k = 0; k < SN_ARRAY_LEN(kids); k++)
		if (lists(o, kids[k].key))
			kinds |= ORUK_KIND_BIT(kids[k].k);
	oruk_imp_replace(im, ORUK_PARENT_SERVICE, sid, kinds);
	oruk_imp_index(im, sid);
}

/* ---- the JSON scanner ----
 * Splits the input into services without building it whole: the elements
 * of a top-level array, or of the "contents" array of a top-level object
 * (the paging envelope, whose other members are kept in `outer` with
 * contents as []); a top-level object without contents is one service.
 * Strings and nesting are tracked only as far as that needs; jansson
 * checks each piece. */

typedef struct scanner scanner;
typedef void (*service_fn)(scanner *sc, json_t *service, const char *path);

struct scanner {
	oruk_imp *im;
	service_fn on_service;
	void *ctx;
	int depth;
	bool started, ended, top_array, bom_checked;
	bool in_str, esc;
	int uhex;
	unsigned uval;
	bool expect_key, in_key;
	char key[16];
	size_t key_len;
	int elem_depth; /* elements are separated at this depth; 0 none */
	bool in_elem;
	int64_t line, elem_line;
	char num[ORUK_NUMBER_MAX + 1];
	size_t num_len;
	bool in_num, num_real;
	buf elem, outer;
	int64_t index;
	bool streamed; /* the envelope's contents were split */
};

static void sc_init(scanner *sc, oruk_imp *im, service_fn fn, void *ctx)
{
	memset(sc, 0, sizeof *sc);
	sc->im = im;
	sc->on_service = fn;
	sc->ctx = ctx;
	sc->line = 1;
	buf_init(&sc->elem, ORUK_SERVICE_BYTES_MAX);
	buf_init(&sc->outer, ORUK_SERVICE_BYTES_MAX);
}

static void sc_free(scanner *sc)
{
	buf_free(&sc->elem);
	buf_free(&sc->outer);
}

static void sc_refuse(scanner *sc, sn_err e, const char *fmt, const char *detail)
{
	char where[64];
	snprintf(where, sizeof where, "line %lld", (long long)sc->line);
	oruk_refuse(sc->im, e, where, fmt, detail);
}

static void sc_emit(scanner *sc, const char *p, size_t n)
{
	buf *b = sc->in_elem ? &sc->elem : &sc->outer;
	if (buf_append(b, p, n) == SN_ETOOBIG) {
		char d[64];
		snprintf(d, sizeof d, "%d", ORUK_SERVICE_BYTES_MAX);
		sc_refuse(sc, SN_ETOOBIG,
		          sc->in_elem ? "a service is longer than %s bytes"
		                      : "the JSON object is longer than %s bytes",
		          d);
	}
}

static void sc_flush_num(scanner *sc)
{
	sc->in_num = false;
	sc->num[sc->num_len] = 0;
	if (sc->num_real) {
		sc_emit(sc, "\"\\u0000", 7);
		sc_emit(sc, sc->num, sc->num_len);
		sc_emit(sc, "\"", 1);
	} else {
		sc_emit(sc, sc->num, sc->num_len);
	}
}

static void sc_element(scanner *sc)
{
	sc->in_elem = false;
	oruk_imp *im = sc->im;
	char path[PATH_LEN];
	snprintf(path, sizeof path, "%s[%lld]", sc->top_array ? "" : "contents",
	         (long long)sc->index);
	sc->index++;
	json_error_t je;
	json_t *o = json_loadb(sc->elem.data ? sc->elem.data : "", sc->elem.len,
	                       JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	buf_reset(&sc->elem);
	if (!o) {
		oruk_problem(im, path, NULL, "not valid JSON (line %lld: %s)",
		             (long long)(sc->elem_line + je.line - 1), je.text);
		return;
	}
	sc->on_service(sc, o, path);
	json_decref(o);
}

/* One byte of input (not part of a number). */
static void sc_byte(scanner *sc, char c)
{
	if (c == '\n')
		sc->line++;
	if (sc->in_str) {
		sc_emit(sc, &c, 1);
		if (sc->uhex) {
			int h = isdigit((unsigned char)c) ? c - '0'
			        : isxdigit((unsigned char)c)
			            ? (tolower((unsigned char)c) - 'a' + 10)
			            : -1;
			if (h < 0) {
				sc->uhex = 0;
				return; /* jansson will say */
			}
			sc->uval = sc->uval * 16 + (unsigned)h;
			if (--sc->uhex == 0 && sc->uval == 0)
				sc_refuse(sc, SN_EINPUT, "%s",
				          "a string holds \\u0000 (a NUL character)");
			return;
		}
		if (sc->esc) {
			sc->esc = false;
			if (c == 'u') {
				sc->uhex = 4;
				sc->uval = 0;
			}
			if (sc->in_key && sc->key_len < sizeof sc->key - 1)
				sc->key[sc->key_len++] = '\\';
			return;
		}
		if (c == '\\') {
			sc->esc = true;
		} else if (c == '"') {
			sc->in_str = false;
			sc->in_key = false;
			sc->key[sc->key_len] = 0;
		} else if (sc->in_key && sc->key_len < sizeof sc->key - 1) {
			sc->key[sc->key_len++] = c;
		}
		return;
	}
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
		if (sc->started && !sc->ended && (sc->in_elem || !sc->top_array))
			sc_emit(sc, &c, 1);
		return;
	}
	if (sc->ended) {
		sc_refuse(sc, SN_EINPUT, "%s", "text after the end of the JSON");
		return;
	}
	if (!sc->started) {
		if (c != '[' && c != '{') {
			sc_refuse(
			    sc, SN_EINPUT, "%s",
			    "not ORUK JSON: expected an array of services, a page of them or one "
			    "service");
			return;
		}
		sc->started = true;
		sc->depth = 1;
		if (c == '[') {
			sc->top_array = true;
			sc->elem_depth = 1;
		} else {
			sc->expect_key = true;
			sc_emit(sc, &c, 1);
		}
		return;
	}
	/* Between the elements of the array being split. */
	if (sc->elem_depth && sc->depth == sc->elem_depth) {
		if (sc->in_elem && (c == ',' || c == ']'))
			sc_element(sc);
		else if (c == ',') {
			sc_refuse(sc, SN_EINPUT, "%s",
			          "not valid JSON (a comma without a service before it)");
			return;
		}
		if (c == ',')
			return;
		if (c == ']') {
			sc->depth--;
			if (sc->elem_depth == 1)
				sc->ended = true;
			sc->elem_depth = 0;
			return;
		}
		if (!sc->in_elem) {
			sc->in_elem = true;
			sc->elem_line = sc->line;
			buf_reset(&sc->elem);
		}
	}
	if (c == '"') {
		sc->in_str = true;
		if (!sc->top_array && sc->depth == 1 && sc->expect_key && !sc->in_elem) {
			sc->in_key = true;
			sc->key_len = 0;
		}
		sc_emit(sc, &c, 1);
		return;
	}
	if (c == '{' || c == '[') {
		if (++sc->depth > ORUK_DEPTH_MAX) {
			char d[16];
			snprintf(d, sizeof d, "%d", ORUK_DEPTH_MAX);
			sc_refuse(sc, SN_ETOOBIG, "nested deeper than %s levels", d);
			return;
		}
		if (c == '[' && !sc->top_array && sc->depth == 2 && !sc->expect_key &&
		    !sc->in_elem && strcmp(sc->key, "contents") == 0 && !sc->streamed) {
			sc->elem_depth = 2;
			sc->streamed = true;
			sc_emit(sc, "[]", 2);
			return;
		}
		sc_emit(sc, &c, 1);
		return;
	}
	if (c == '}' || c == ']') {
		sc_emit(sc, &c, 1);
		if (--sc->depth == 0)
			sc->ended = true;
		else if (sc->depth < 0)
			sc_refuse(sc, SN_EINPUT, "%s", "not valid JSON (a bracket closes nothing)");
		return;
	}
	if (!sc->top_array && sc->depth == 1 && !sc->in_elem) {
		if (c == ':')
			sc->expect_key = false;
		else if (c == ',') {
			sc->expect_key = true;
			sc->key[0] = 0;
		}
	}
	sc_emit(sc, &c, 1);
}

static void sc_feed(scanner *sc, const char *p, size_t n)
{
	for (size_t i = 0; i < n && !oruk_imp_stop(sc->im); i++) {
		char c = p[i];
		if (!sc->bom_checked) {
			sc->bom_checked = true;
			if (n - i >= 3 && memcmp(p + i, "\xef\xbb\xbf", 3) == 0) {
				i += 2;
				continue;
			}
		}
		if (sc->in_num) {
			if ((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' ||
			    c == '+' || c == '-') {
				if (sc->num_len >= ORUK_NUMBER_MAX) {
					char d[16];
					snprintf(d, sizeof d, "%d", ORUK_NUMBER_MAX);
					sc_refuse(sc, SN_ETOOBIG,
					          "a number longer than %s characters", d);
					return;
				}
				sc->num[sc->num_len++] = c;
				if (c == '.' || c == 'e' || c == 'E')
					sc->num_real = true;
				continue;
			}
			sc_flush_num(sc);
		}
		if (!sc->in_str && sc->started && !sc->ended &&
		    ((c >= '0' && c <= '9') || c == '-')) {
			if (sc->elem_depth && sc->depth == sc->elem_depth && !sc->in_elem) {
				sc->in_elem =
				    true; /* an element that is a number: jansson will refuse it */
				sc->elem_line = sc->line;
				buf_reset(&sc->elem);
			}
			sc->in_num = true;
			sc->num_real = false;
			sc->num_len = 0;
			sc->num[sc->num_len++] = c;
			continue;
		}
		sc_byte(sc, c);
	}
}

/* At the end of the input: the outer object (an envelope, or one
 * service). Returns the envelope (a new reference) when there was one. */
static json_t *sc_finish(scanner *sc)
{
	oruk_imp *im = sc->im;
	if (oruk_imp_stop(im))
		return NULL;
	if (sc->in_num)
		sc_flush_num(sc);
	if (!sc->started) {
		oruk_refuse(im, SN_EINPUT, NULL, "the input is empty: expected ORUK JSON");
		return NULL;
	}
	if (!sc->ended || sc->in_str) {
		sc_refuse(sc, SN_EINPUT, "%s", "the JSON ends early (is the file cut short?)");
		return NULL;
	}
	if (sc->top_array)
		return NULL;
	json_error_t je;
	json_t *o = json_loadb(sc->outer.data ? sc->outer.data : "", sc->outer.len,
	                       JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	if (!o) {
		oruk_refuse(im, SN_EINPUT, NULL, "not valid JSON (%s)", je.text);
		return NULL;
	}
	json_t *contents = json_object_get(o, "contents");
	if (!contents) {
		sc->on_service(sc, o, "");
		json_decref(o);
		return NULL;
	}
	if (!json_is_array(contents)) {
		oruk_problem(im, NULL, "contents", "must be an array of services");
		json_decref(o);
		return NULL;
	}
	/* contents not split by the scanner (an escaped key): the same here. */
	size_t i;
	json_t *x;
	json_array_foreach(contents, i, x)
	{
		char path[PATH_LEN];
		snprintf(path, sizeof path, "contents[%zu]", i);
		sc->on_service(sc, x, path);
	}
	return o;
}

/* ---- from a file or memory ---- */

typedef struct {
	int64_t total;
	int64_t last_done;
} file_ctx;

static void progress(oruk_imp *im, int64_t total)
{
	if (im->o->progress)
		im->o->progress(im->o->progress_ctx, im->rep->count[ORUK_SERVICES], im->rep->bytes,
		                total);
}

static void on_file_service(scanner *sc, json_t *o, const char *path)
{
	file_ctx *fc = sc->ctx;
	imp_service(sc->im, o, path);
	if (sc->im->rep->count[ORUK_SERVICES] - fc->last_done >= 100) {
		fc->last_done = sc->im->rep->count[ORUK_SERVICES];
		progress(sc->im, fc->total);
	}
}

static sn_err import_stream(store *s, FILE *f, const void *mem, size_t mem_len, int64_t total,
                            const oruk_import_opts *o, oruk_import_report *rep)
{
	oruk_imp im;
	sn_err rc = oruk_imp_begin(&im, s, o, rep, false);
	if (rc)
		return rc;
	im.total_bytes = total;
	file_ctx fc = {.total = total};
	scanner sc;
	sc_init(&sc, &im, on_file_service, &fc);
	if (total > ORUK_FILE_BYTES_MAX) {
		oruk_refuse(&im, SN_ETOOBIG, NULL, "the file is larger than 1 GiB; it is refused");
	} else if (f) {
		enum { CHUNK = 64 * 1024 };
		char *chunk = xmalloc(CHUNK);
		while (!oruk_imp_stop(&im)) {
			size_t n = fread(chunk, 1, CHUNK, f);
			if (!n) {
				if (ferror(f))
					oruk_fail(&im, SN_EINTERNAL, "cannot read the file");
				break;
			}
			rep->bytes += (int64_t)n;
			if (rep->bytes > ORUK_FILE_BYTES_MAX) {
				oruk_refuse(&im, SN_ETOOBIG, NULL,
				            "the file is larger than 1 GiB; it is refused");
				break;
			}
			sc_feed(&sc, chunk, n);
		}
		free(chunk);
	} else {
		rep->bytes = (int64_t)mem_len;
		sc_feed(&sc, mem, mem_len);
	}
	json_decref(sc_finish(&sc));
	sc_free(&sc);
	if (!oruk_imp_stop(&im))
		progress(&im, total);
	return oruk_imp_end(&im);
}

sn_err oruk_import_json(store *s, FILE *f, const oruk_import_opts *o, oruk_import_report *rep)
{
	struct stat sb;
	int64_t total = 0;
	if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode)) {
		long pos = ftell(f);
		total = (int64_t)sb.st_size - (pos > 0 ? pos : 0);
	}
	return import_stream(s, f, NULL, 0, total, o, rep);
}

sn_err oruk_import_json_mem(store *s, const void *data, size_t n, const oruk_import_opts *o,
                            oruk_import_report *rep)
{
	return import_stream(s, NULL, data, n, (int64_t)n, o, rep);
}

/* ---- from a feed ---- */

typedef struct {
	CURL *curl;
	buf body;
	char base[2048]; /* ".../services" of the feed, for /services/{id} */
	char where[2100];
	int64_t last_done;
} feed;

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
	buf *b = ctx;
	return buf_append(b, p, size * n) ? 0 : size * n;
}

/* GETs url into fd->body; false (with rep->error) when it cannot. */
static bool fetch(oruk_imp *im, feed *fd, const char *url)
{
	buf_reset(&fd->body);
	char cerr[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(fd->curl, CURLOPT_URL, url);
	curl_easy_setopt(fd->curl, CURLOPT_ERRORBUFFER, cerr);
	CURLcode cc = curl_easy_perform(fd->curl);
	im->rep->fetches++;
	long status = 0;
	curl_easy_getinfo(fd->curl, CURLINFO_RESPONSE_CODE, &status);
	if (cc == CURLE_WRITE_ERROR && fd->body.len + CURL_MAX_WRITE_SIZE > fd->body.max) {
		oruk_refuse(im, SN_ETOOBIG, NULL, "%s: the reply is larger than %d bytes", url,
		            ORUK_PAGE_BYTES_MAX);
		return false;
	}
	if (cc != CURLE_OK) {
		oruk_fail(im, SN_EINTERNAL, "cannot fetch %s: %s", url,
		          *cerr ? cerr : curl_easy_strerror(cc));
		return false;
	}
	if (status != 200) {
		oruk_fail(im, SN_EINTERNAL, "cannot fetch %s: HTTP status %ld", url, status);
		return false;
	}
	im->rep->bytes += (int64_t)fd->body.len;
	return true;
}

/* Runs the scanner over the body just fetched, from `url`. */
static json_t *scan_body(oruk_imp *im, feed *fd, const char *url, service_fn fn, int64_t *items)
{
	scanner sc;
	snprintf(fd->where, sizeof fd->where, "%s: ", url);
	im->where = fd->where;
	sc_init(&sc, im, fn, fd);
	sc_feed(&sc, fd->body.data ? fd->body.data : "", fd->body.len);
	json_t *env = sc_finish(&sc);
	if (items)
		*items = sc.index + (int64_t)json_array_size(json_object_get(env, "contents"));
	sc_free(&sc);
	im->where = NULL;
	return env;
}

static void on_full_service(scanner *sc, json_t *o, const char *path)
{
	imp_service(sc->im, o, path);
}

/* True when a list item carries its nested objects (not just scalars). */
static bool fully_nested(json_t *o)
{
	static const char *const keys[] = {"service_at_locations", "schedules", "contacts",
	                                   "cost_options", "service_areas"};
	for (size_t i = 0; i < SN_ARRAY_LEN(keys); i++)
		if (json_is_array(json_object_get(o, keys[i])))
			return true;
	return false;
}

static void on_feed_item(scanner *sc, json_t *o, const char *path)
{
	feed *fd = sc->ctx;
	oruk_imp *im = sc->im;
	if (!json_is_object(o) || fully_nested(o)) {
		imp_service(im, o, path);
	} else {
		const char *id = uuid_of(o);
		if (!id) {
			oruk_problem(im, path, "id", "missing or not a uuid");
			return;
		}
		char url[2200], where[2100];
		snprintf(url, sizeof url, "%s/%s", fd->base, id);
		/* The page's body is being scanned: fetch into a second feed body. */
		feed one = {.curl = fd->curl};
		buf_init(&one.body, ORUK_PAGE_BYTES_MAX);
		snprintf(one.base, sizeof one.base, "%s", fd->base);
		const char *outer = im->where;
		snprintf(where, sizeof where, "%s", outer ? outer : "");
		curl_easy_setopt(fd->curl, CURLOPT_WRITEDATA, &one.body);
		if (fetch(im, &one, url))
			json_decref(scan_body(im, &one, url, on_full_service, NULL));
		curl_easy_setopt(fd->curl, CURLOPT_WRITEDATA, &fd->body);
		buf_free(&one.body);
		snprintf(fd->where, sizeof fd->where, "%s", where);
		im->where = fd->where;
	}
	if (im->rep->count[ORUK_SERVICES] - fd->last_done >= 10) {
		fd->last_done = im->rep->count[ORUK_SERVICES];
		progress(im, 0);
	}
}

/* url with page=N in its query (replacing one there). */
static void page_url(const char *url, int64_t page, char *out, size_t size)
{
	const char *q = strchr(url, '?');
	size_t n = q ? (size_t)(q - url) : strlen(url);
	buf b;
	buf_init(&b, 8192);
	buf_append(&b, url, n);
	buf_putc(&b, '?');
	bool first = true;
	if (q) {
		const char *p = q + 1;
		while (*p) {
			const char *amp = strchr(p, '&');
			size_t len = amp ? (size_t)(amp - p) : strlen(p);
			if (len && !(len >= 5 && strncmp(p, "page=", 5) == 0) &&
			    !(len == 4 && strncmp(p, "page", 4) == 0)) {
				if (!first)
					buf_putc(&b, '&');
				buf_append(&b, p, len);
				first = false;
			}
			p += len + (amp ? 1 : 0);
		}
	}
	buf_printf(&b, "%spage=%lld", first ? "" : "&", (long long)page);
	snprintf(out, size, "%s", b.data);
	buf_free(&b);
}

sn_err oruk_import_url(store *s, const char *url, const oruk_import_opts *o,
                       oruk_import_report *rep)
{
	oruk_imp im;
	sn_err rc = oruk_imp_begin(&im, s, o, rep, false);
	if (rc)
		return rc;
	feed fd = {0};
	buf_init(&fd.body, ORUK_PAGE_BYTES_MAX);
	/* The feed's /services address: the URL up to and including the last
	 * "/services" of its path. */
	const char *q = strchr(url, '?');
	size_t n = q ? (size_t)(q - url) : strlen(url);
	const char *svc = NULL;
	for (const char *p = url; p + 9 <= url + n; p++)
		if (strncmp(p, "/services", 9) == 0 && (p + 9 == url + n || p[9] == '/'))
			svc = p;
	if (strlen(url) > 2000 ||
	    (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8))) {
		oruk_fail(&im, SN_EINPUT, "%s: not an http or https address", url);
	} else if (svc) {
		snprintf(fd.base, sizeof fd.base, "%.*s", (int)(svc + 9 - url), url);
	} else {
		snprintf(fd.base, sizeof fd.base, "%.*s/services", (int)n, url);
	}
	fd.curl = im.fatal ? NULL : curl_easy_init();
	if (!im.fatal && !fd.curl)
		oruk_fail(&im, SN_EINTERNAL, "cannot start libcurl");
	if (fd.curl) {
		curl_easy_setopt(fd.curl, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(fd.curl, CURLOPT_WRITEDATA, &fd.body);
		curl_easy_setopt(fd.curl, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(fd.curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(fd.curl, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(fd.curl, CURLOPT_MAXREDIRS, 5L);
		curl_easy_setopt(fd.curl, CURLOPT_CONNECTTIMEOUT, 15L);
		curl_easy_setopt(fd.curl, CURLOPT_TIMEOUT, 120L);
		curl_easy_setopt(fd.curl, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(fd.curl, CURLOPT_USERAGENT, "supportnet/" SN_VERSION);
	}
	struct curl_slist *hdr = curl_slist_append(NULL, "Accept: application/json");
	if (fd.curl)
		curl_easy_setopt(fd.curl, CURLOPT_HTTPHEADER, hdr);
	/* A single service answers once; a list is followed page by page. */
	bool list = svc && svc + 9 == url + n;
	for (int64_t page = 1; !oruk_imp_stop(&im) && page <= ORUK_PAGES_MAX; page++) {
		char purl[2200];
		if (list)
			page_url(url, page, purl, sizeof purl);
		else
			snprintf(purl, sizeof purl, "%s", url);
		if (!fetch(&im, &fd, purl))
			break;
		int64_t items = 0;
		json_t *env = scan_body(&im, &fd, purl, on_feed_item, &items);
		json_t *last = json_object_get(env, "last_page");
		json_t *pages = json_object_get(env, "total_pages");
		/* A page without services ends it too (a feed that never says
		 * last_page). */
		bool more = env && list && items > 0 && !json_is_true(last) &&
		            (json_is_false(last) ||
		             (json_is_integer(pages) && json_integer_value(pages) > page));
		json_decref(env);
		if (!more)
			break;
		if (page == ORUK_PAGES_MAX)
			oruk_refuse(&im, SN_ETOOBIG, NULL,
			            "%s: more than %d pages; the feed is refused", url,
			            ORUK_PAGES_MAX);
	}
	curl_slist_free_all(hdr);
	if (fd.curl)
		curl_easy_cleanup(fd.curl);
	buf_free(&fd.body);
	if (!oruk_imp_stop(&im))
		progress(&im, 0);
	return oruk_imp_end(&im);
}
