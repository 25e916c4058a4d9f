/* The HSDS fields SupportNet keeps, per kind of ORUK object (a table:
 * key, column, type, limits), and the map of uuids to internal ids an
 * import keeps (open addressing). */
#include <stdlib.h>
#include <string.h>

#include "oruk_io_int.h"

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
    TYPED("uri", "uri", FT_IDURI), TEXT("version", "version", 100)};
static const oruk_field F_TERMS[] = {ID,
                                     TEXT_REQ("name", "name", 500),
                                     TEXT("description", "description", 10000),
                                     TYPED("parent_id", NULL, FT_UUID),
                                     TEXT("taxonomy", NULL, 500),
                                     REF("taxonomy_id", ORUK_TAXONOMIES, OF_SOFT),
                                     TYPED("term_uri", "term_uri", FT_IDURI),
                                     {"code", "term", "code", FT_TEXT, 0, 0, 200, 0, NULL}};
static const oruk_field F_ORGS[] = {ID,
                                    TEXT_REQ("name", "name", 500),
                                    TEXT("description", "description", 20000),
                                    TYPED("email", "email", FT_EMAIL),
                                    TYPED("website", "website", FT_URI),
                                    TYPED("logo", "logo", FT_URI),
                                    TYPED("uri", "uri", FT_IDURI),
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
	if (!m->keys[i][0] || m->ids[i] == ORUK_ID_GONE)
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

