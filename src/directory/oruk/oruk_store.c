/* The ORUK 3.0 JSON of what the store holds, and every SQL statement of
 * the API and the export: services (list items and fully nested),
 * service-at-locations, organisations, taxonomies and terms, and the
 * paging envelope. Optional fields without a value are left out, never
 * null; ids are the stored UUIDs; money (pence) is written in pounds;
 * coordinates (millionths of a degree) as decimal degrees. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../geo/geo.h"
#include "oruk_int.h"
#include "oruk_io_int.h"

/* A column's text under key, when it has one. */
static void opt(json_t *o, const char *key, store_stmt *st, int col)
{
	if (!store_col_null(st, col) && *store_col_text(st, col))
		json_object_set_new(o, key, json_string(store_col_text(st, col)));
}

/* A link: only an http or https address is given out, so that a value
 * stored before they were checked (or by hand) never reaches a page or
 * another system as a javascript: or data: link. */
static void opt_url(json_t *o, const char *key, store_stmt *st, int col)
{
	if (!store_col_null(st, col) && str_is_web_url(store_col_text(st, col)))
		opt(o, key, st, col);
}

/* An identifier: a web address or a urn: name. */
static bool id_uri_ok(const char *v)
{
	return str_is_web_url(v) || oruk_is_urn(v);
}

static void opt_iduri(json_t *o, const char *key, store_stmt *st, int col)
{
	if (!store_col_null(st, col) && id_uri_ok(store_col_text(st, col)))
		opt(o, key, st, col);
}

static void opt_int(json_t *o, const char *key, store_stmt *st, int col)
{
	if (!store_col_null(st, col))
		json_object_set_new(o, key, json_integer(store_col_i64(st, col)));
}

/* Millionths of a degree as a JSON number: 52.601234. */
static void opt_deg(json_t *o, const char *key, store_stmt *st, int col)
{
	if (store_col_null(st, col))
		return;
	char s[GEO_E6_STR];
	geo_format_e6((int32_t)store_col_i64(st, col), s);
	json_object_set_new(o, key, json_real(strtod(s, NULL)));
}

json_t *oruk_page(json_t *contents, int64_t total, int64_t page, int64_t per_page)
{
	int64_t pages = total ? (total + per_page - 1) / per_page : 1;
	size_t size = json_array_size(contents);
	return json_pack("{s:I, s:I, s:I, s:I, s:b, s:b, s:b, s:o}", "total_items", (json_int_t)total,
			 "total_pages", (json_int_t)pages, "page_number", (json_int_t)page,
			 "size", (json_int_t)size, "first_page", page == 1, "last_page", page >= pages,
			 "empty", size == 0, "contents", contents);
}

/* ---- taxonomy terms and attributes ---- */


static json_t *term_json(store_stmt *st, int c)
{
	json_t *t = json_object();
	json_object_set_new(t, "id", json_string(store_col_text(st, c)));
	json_object_set_new(t, "name", json_string(store_col_text(st, c + 1)));
	json_object_set_new(t, "description", json_string(store_col_text(st, c + 2)));
	opt(t, "parent_id", st, c + 3);
	opt(t, "taxonomy", st, c + 4);
	opt(t, "taxonomy_id", st, c + 5);
	opt_iduri(t, "term_uri", st, c + 6);
	opt(t, "term", st, c + 7);
	opt(t, "code", st, c + 7);
	return t;
}

static sn_err attributes(store *s, const char *entity, int64_t id, const char *link_uuid, json_t **out)
{
	*out = json_array();
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT a.uuid, a.link_type, a.value, " TERM_COLS " FROM dir_attributes a "
		"JOIN dir_taxonomy_terms tt ON tt.id = a.taxonomy_term_id "
		"LEFT JOIN dir_taxonomy_terms p ON p.id = tt.parent_id "
		"LEFT JOIN dir_taxonomies tx ON tx.id = tt.taxonomy_id "
		"WHERE a.link_entity = ? AND a.link_id = ? ORDER BY a.id", "ti", entity, id);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_t *a = json_object();
		json_object_set_new(a, "id", json_string(store_col_text(st, 0)));
		json_object_set_new(a, "link_id", json_string(link_uuid));
		json_object_set_new(a, "link_entity", json_string(entity));
		json_t *t = term_json(st, 3);
		json_object_set(a, "taxonomy_term_id", json_object_get(t, "id"));
		opt(a, "link_type", st, 1);
		opt(a, "value", st, 2);
		json_object_set_new(a, "taxonomy_term", t);
		json_array_append_new(*out, a);
	}
	store_done(st);
	return rc;
}

/* ---- organisations ---- */


static json_t *org_scalars(store_stmt *st, int c)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(store_col_text(st, c + 1)));
	json_object_set_new(o, "name", json_string(store_col_text(st, c + 2)));
	json_object_set_new(o, "description", json_string(store_col_text(st, c + 3)));
	opt(o, "email", st, c + 4);
	opt_url(o, "website", st, c + 5);
	opt_url(o, "logo", st, c + 6);
	opt_iduri(o, "uri", st, c + 7);
	opt(o, "parent_organization_id", st, c + 8);
	return o;
}

/* Identifiers and attributes added to an organisation object. */
static sn_err org_children(store *s, int64_t id, json_t *o)
{
	const char *uuid = json_string_value(json_object_get(o, "id"));
	json_t *ids = json_array();
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT uuid, identifier_scheme, identifier_type, identifier "
				"FROM dir_org_identifiers WHERE organization_id = ? ORDER BY id", "i", id);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_t *x = json_pack("{s:s, s:s, s:s, s:s}", "id", store_col_text(st, 0),
				      "organization_id", uuid, "identifier_type", store_col_text(st, 2),
				      "identifier", store_col_text(st, 3));
		opt(x, "identifier_scheme", st, 1);
		json_array_append_new(ids, x);
	}
	store_done(st);
	json_object_set_new(o, "organization_identifiers", ids);
	json_t *attrs = NULL;
	if (!rc)
		rc = attributes(s, "organization", id, uuid, &attrs);
	json_object_set_new(o, "attributes", attrs ? attrs : json_array());
	return rc;
}

/* ---- services ---- */

#define SVC_COLS "s.id, s.uuid, o.uuid, s.name, s.description, s.url, s.email, s.status, " \
		 "s.minimum_age, s.maximum_age, s.assured_date, s.assurer_email, s.alert, " \
		 "s.last_modified, s.fees_description, s.eligibility_description, s.application_process"
#define SVC_NCOLS 17

static json_t *svc_scalars(store_stmt *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(store_col_text(st, 1)));
	json_object_set_new(o, "organization_id", json_string(store_col_text(st, 2)));
	json_object_set_new(o, "name", json_string(store_col_text(st, 3)));
	opt(o, "description", st, 4);
	opt_url(o, "url", st, 5);
	opt(o, "email", st, 6);
	json_object_set_new(o, "status", json_string(store_col_text(st, 7)));
	opt_int(o, "minimum_age", st, 8);
	opt_int(o, "maximum_age", st, 9);
	opt(o, "assured_date", st, 10);
	opt(o, "assurer_email", st, 11);
	opt(o, "alert", st, 12);
	opt(o, "last_modified", st, 13);
	opt(o, "fees_description", st, 14);
	opt(o, "eligibility_description", st, 15);
	opt(o, "application_process", st, 16);
	return o;
}

sn_err oruk_service_items(store *s, const int64_t *ids, size_t n, json_t **out)
{
	*out = json_array();
	store_stmt *st = NULL;
	for (size_t i = 0; i < n; i++) {
		sn_err rc = store_query(s, &st,
			"SELECT " SVC_COLS ", " ORG_COLS " FROM dir_services s "
			"JOIN dir_organizations o ON o.id = s.organization_id WHERE s.id = ?", "i", ids[i]);
		bool row = false;
		if (!rc)
			rc = store_step(st, &row);
		if (!rc && row) {
			json_t *o = svc_scalars(st);
			json_object_set_new(o, "organization", org_scalars(st, SVC_NCOLS));
			json_array_append_new(*out, o);
		}
		store_done(st);
		if (rc)
			return rc;
	}
	return SN_OK;
}

static json_t *location_json(store *s, store_stmt *st, int c, sn_err *rc)
{
	/* c: l.id, l.uuid, l.location_type, l.name, l.description, l.lat_e6,
	 * l.lon_e6, l.external_identifier, l.external_identifier_type, l.transportation */
	int64_t lid = store_col_i64(st, c);
	json_t *l = json_object();
	const char *luuid = store_col_text(st, c + 1);
	json_object_set_new(l, "id", json_string(luuid));
	json_object_set_new(l, "location_type", json_string(store_col_text(st, c + 2)));
	opt(l, "name", st, c + 3);
	opt(l, "description", st, c + 4);
	opt_deg(l, "latitude", st, c + 5);
	opt_deg(l, "longitude", st, c + 6);
	opt(l, "external_identifier", st, c + 7);
	opt(l, "external_identifier_type", st, c + 8);
	opt(l, "transportation", st, c + 9);
	char *lu = xstrdup(luuid);
	json_t *addrs = json_array(), *acc = json_array(), *attrs = NULL;
	store_stmt *q = NULL;
	*rc = store_query(s, &q, "SELECT uuid, attention, address_1, address_2, city, region, "
			  "state_province, postal_code, country, address_type, id FROM dir_addresses "
			  "WHERE location_id = ? ORDER BY id", "i", lid);
	bool row = true;
	while (!*rc && !(*rc = store_step(q, &row)) && row) {
		json_t *a = json_pack("{s:s, s:s}", "id", store_col_text(q, 0), "location_id", lu);
		opt(a, "attention", q, 1);
		json_object_set_new(a, "address_1", json_string(store_col_text(q, 2)));
		opt(a, "address_2", q, 3);
		json_object_set_new(a, "city", json_string(store_col_text(q, 4)));
		opt(a, "region", q, 5);
		json_object_set_new(a, "state_province", json_string(store_col_text(q, 6)));
		json_object_set_new(a, "postal_code", json_string(store_col_text(q, 7)));
		json_object_set_new(a, "country", json_string(store_col_text(q, 8)));
		json_object_set_new(a, "address_type", json_string(store_col_text(q, 9)));
		json_t *aattrs = NULL;
		*rc = attributes(s, "address", store_col_i64(q, 10),
				 json_string_value(json_object_get(a, "id")), &aattrs);
		json_object_set_new(a, "attributes", aattrs ? aattrs : json_array());
		json_array_append_new(addrs, a);
	}
	store_done(q);
	if (!*rc)
		*rc = store_query(s, &q, "SELECT uuid, description, details, url FROM dir_accessibility "
				  "WHERE location_id = ? ORDER BY id", "i", lid);
	row = true;
	while (!*rc && !(*rc = store_step(q, &row)) && row) {
		json_t *a = json_pack("{s:s, s:s}", "id", store_col_text(q, 0), "location_id", lu);
		opt(a, "description", q, 1);
		opt(a, "details", q, 2);
		opt_url(a, "url", q, 3);
		opt(a, "accessibility", q, 1);
		json_object_set_new(a, "attributes", json_array());
		json_array_append_new(acc, a);
	}
	store_done(q);
	if (!*rc)
		*rc = attributes(s, "location", lid, lu, &attrs);
	free(lu);
	json_object_set_new(l, "addresses", addrs);
	json_object_set_new(l, "accessibility", acc);
	json_object_set_new(l, "attributes", attrs ? attrs : json_array());
	return l;
}

static sn_err sal_list(store *s, int64_t service_id, const char *svc_uuid, json_t *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT x.uuid, x.description, " LOC_COLS
				" FROM dir_service_at_locations x JOIN dir_locations l ON l.id = x.location_id "
				"WHERE x.service_id = ? ORDER BY x.id", "i", service_id);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_t *x = json_pack("{s:s, s:s, s:s}", "id", store_col_text(st, 0), "service_id",
				      svc_uuid, "location_id", store_col_text(st, 3));
		opt(x, "description", st, 1);
		sn_err lrc = SN_OK;
		json_object_set_new(x, "location", location_json(s, st, 2, &lrc));
		json_array_append_new(out, x);
		rc = lrc;
	}
	store_done(st);
	return rc;
}

static sn_err schedules(store *s, int64_t service_id, const char *svc_uuid, json_t *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT sc.uuid, x.uuid, sc.valid_from, sc.valid_to, sc.dtstart, sc.until, sc.freq, "
		"sc.every, sc.byday, sc.bymonthday, sc.opens_at, sc.closes_at, sc.description, "
		"sc.schedule_link, sc.attending_type, sc.notes FROM dir_schedules sc "
		"LEFT JOIN dir_service_at_locations x ON x.id = sc.service_at_location_id "
		"WHERE sc.service_id = ? ORDER BY sc.id", "i", service_id);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_t *o = json_pack("{s:s, s:s}", "id", store_col_text(st, 0), "service_id", svc_uuid);
		opt(o, "service_at_location_id", st, 1);
		opt(o, "valid_from", st, 2);
		opt(o, "valid_to", st, 3);
		opt(o, "dtstart", st, 4);
		opt(o, "until", st, 5);
		opt(o, "freq", st, 6);
		opt_int(o, "interval", st, 7);
		opt(o, "byday", st, 8);
		opt(o, "bymonthday", st, 9);
		opt(o, "opens_at", st, 10);
		opt(o, "closes_at", st, 11);
		opt(o, "description", st, 12);
		opt_url(o, "schedule_link", st, 13);
		opt(o, "attending_type", st, 14);
		opt(o, "notes", st, 15);
		json_array_append_new(out, o);
	}
	store_done(st);
	return rc;
}

static sn_err contacts(store *s, int64_t service_id, const char *svc_uuid, json_t *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT id, uuid, name, title, department, email "
				"FROM dir_contacts WHERE service_id = ? ORDER BY id", "i", service_id);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		int64_t cid = store_col_i64(st, 0);
		json_t *c = json_pack("{s:s, s:s}", "id", store_col_text(st, 1), "service_id", svc_uuid);
		opt(c, "name", st, 2);
		opt(c, "title", st, 3);
		opt(c, "department", st, 4);
		opt(c, "email", st, 5);
		json_t *phones = json_array();
		store_stmt *q = NULL;
		const char *cu = json_string_value(json_object_get(c, "id"));
		rc = store_query(s, &q, "SELECT uuid, number, extension, type, description, id "
				 "FROM dir_phones WHERE contact_id = ? ORDER BY id", "i", cid);
		bool r2 = true;
		while (!rc && !(rc = store_step(q, &r2)) && r2) {
			json_t *p = json_pack("{s:s, s:s, s:s}", "id", store_col_text(q, 0), "contact_id", cu,
					      "number", store_col_text(q, 1));
			opt_int(p, "extension", q, 2);
			opt(p, "type", q, 3);
			opt(p, "description", q, 4);
			json_t *langs = json_array();
			store_stmt *lq = NULL;
			const char *pu = json_string_value(json_object_get(p, "id"));
			rc = store_query(s, &lq, "SELECT uuid, name, code, note FROM dir_languages "
					 "WHERE phone_id = ? ORDER BY id", "i", store_col_i64(q, 5));
			bool r3 = true;
			while (!rc && !(rc = store_step(lq, &r3)) && r3) {
				json_t *l = json_pack("{s:s, s:s}", "id", store_col_text(lq, 0),
						      "phone_id", pu);
				opt(l, "name", lq, 1);
				opt(l, "code", lq, 2);
				opt(l, "note", lq, 3);
				json_array_append_new(langs, l);
			}
			store_done(lq);
			json_object_set_new(p, "languages", langs);
			json_array_append_new(phones, p);
		}
		store_done(q);
		json_object_set_new(c, "phones", phones);
		json_t *cattrs = NULL;
		if (!rc)
			rc = attributes(s, "contact", cid, cu, &cattrs);
		json_object_set_new(c, "attributes", cattrs ? cattrs : json_array());
		json_array_append_new(out, c);
	}
	store_done(st);
	return rc;
}

/* A service's simple child rows: areas, languages, funding, costs. */
static sn_err simple_children(store *s, int64_t id, const char *su, json_t *o)
{
	json_t *areas = json_array(), *langs = json_array(), *funds = json_array(), *costs = json_array();
	json_object_set_new(o, "service_areas", areas);
	json_object_set_new(o, "languages", langs);
	json_object_set_new(o, "funding", funds);
	json_object_set_new(o, "cost_options", costs);
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT uuid, name, description, extent, extent_type, uri "
				"FROM dir_service_areas WHERE service_id = ? ORDER BY id", "i", id);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_t *a = json_pack("{s:s, s:s}", "id", store_col_text(st, 0), "service_id", su);
		opt(a, "name", st, 1);
		opt(a, "service_area", st, 2);
		opt(a, "extent", st, 3);
		opt(a, "extent_type", st, 4);
		opt_url(a, "uri", st, 5);
		json_array_append_new(areas, a);
	}
	store_done(st);
	if (!rc)
		rc = store_query(s, &st, "SELECT uuid, name, code, note FROM dir_languages "
				 "WHERE service_id = ? ORDER BY id", "i", id);
	row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_t *a = json_pack("{s:s, s:s}", "id", store_col_text(st, 0), "service_id", su);
		opt(a, "name", st, 1);
		opt(a, "code", st, 2);
		opt(a, "note", st, 3);
		json_array_append_new(langs, a);
	}
	store_done(st);
	if (!rc)
		rc = store_query(s, &st, "SELECT uuid, source FROM dir_fundings WHERE service_id = ? "
				 "ORDER BY id", "i", id);
	row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_t *a = json_pack("{s:s, s:s}", "id", store_col_text(st, 0), "service_id", su);
		opt(a, "source", st, 1);
		json_array_append_new(funds, a);
	}
	store_done(st);
	if (!rc)
		rc = store_query(s, &st, "SELECT uuid, valid_from, valid_to, option, amount_pence, "
				 "amount_description, currency FROM dir_cost_options WHERE service_id = ? "
				 "ORDER BY id", "i", id);
	row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_t *a = json_pack("{s:s, s:s}", "id", store_col_text(st, 0), "service_id", su);
		opt(a, "valid_from", st, 1);
		opt(a, "valid_to", st, 2);
		opt(a, "option", st, 3);
		if (!store_col_null(st, 4)) {
			int64_t p = store_col_i64(st, 4);
			/* Pounds as a number: 250 pence is 2.5. */
			json_object_set_new(a, "amount", p % 100 ? json_real((double)p / 100.0)
							     : json_integer(p / 100));
		}
		opt(a, "amount_description", st, 5);
		opt(a, "currency", st, 6);
		json_array_append_new(costs, a);
	}
	store_done(st);
	return rc;
}

sn_err oruk_service_full(store *s, int64_t id, json_t **out)
{
	*out = NULL;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT " SVC_COLS ", " ORG_COLS " FROM dir_services s "
		"JOIN dir_organizations o ON o.id = s.organization_id "
		"WHERE s.id = ? AND s.moderation = 'published'", "i", id);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	json_t *o = NULL, *org = NULL;
	int64_t org_id = 0;
	if (!rc) {
		o = svc_scalars(st);
		org = org_scalars(st, SVC_NCOLS);
		org_id = store_col_i64(st, SVC_NCOLS);
	}
	store_done(st);
	if (rc)
		return rc;
	char *su = xstrdup(json_string_value(json_object_get(o, "id")));
	rc = org_children(s, org_id, org);
	json_object_set_new(o, "organization", org);
	json_t *sch = json_array(), *sals = json_array(), *cts = json_array(), *attrs = NULL;
	json_object_set_new(o, "schedules", sch);
	json_object_set_new(o, "service_at_locations", sals);
	json_object_set_new(o, "contacts", cts);
	if (!rc)
		rc = schedules(s, id, su, sch);
	if (!rc)
		rc = sal_list(s, id, su, sals);
	if (!rc)
		rc = contacts(s, id, su, cts);
	if (!rc)
		rc = simple_children(s, id, su, o);
	if (!rc)
		rc = attributes(s, "service", id, su, &attrs);
	json_object_set_new(o, "attributes", attrs ? attrs : json_array());
	free(su);
	if (rc) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return SN_OK;
}

/* ---- the API's other objects (oruk_http.c) ---- */

#define SAL_SQL "SELECT x.id, x.uuid, x.description, s.id, s.uuid, " LOC_COLS \
		" FROM dir_service_at_locations x JOIN dir_services s ON s.id = x.service_id " \
		"JOIN dir_locations l ON l.id = x.location_id WHERE s.moderation = 'published'"

/* A service at location from a row of SAL_SQL: with its service as a list
 * item (without its organisation), or with full its service fully nested. */
static sn_err sal_json(store *s, store_stmt *st, bool full, json_t **out)
{
	json_t *x = json_pack("{s:s, s:s, s:s}", "id", store_col_text(st, 1),
			      "service_id", store_col_text(st, 4), "location_id", store_col_text(st, 6));
	if (!store_col_null(st, 2) && *store_col_text(st, 2))
		json_object_set_new(x, "description", json_string(store_col_text(st, 2)));
	sn_err rc = SN_OK;
	json_object_set_new(x, "location", location_json(s, st, 5, &rc));
	int64_t sid = store_col_i64(st, 3);
	json_t *svc = NULL;
	if (!rc && full) {
		rc = oruk_service_full(s, sid, &svc);
		/* The validator checks a full SAL against the service schema
		 * (id, name, status required): copy those from the service. */
		if (!rc) {
			json_object_set(x, "name", json_object_get(svc, "name"));
			json_object_set(x, "status", json_object_get(svc, "status"));
		}
	} else if (!rc) {
		json_t *items = NULL;
		rc = oruk_service_items(s, &sid, 1, &items);
		svc = items ? json_incref(json_array_get(items, 0)) : NULL;
		json_decref(items);
		if (svc)
			json_object_del(svc, "organization");
	}
	if (svc)
		json_object_set_new(x, "service", svc);
	*out = x;
	return rc;
}

sn_err oruk_sal_items(store *s, const int64_t *ids, size_t n, json_t **out)
{
	*out = json_array();
	sn_err rc = SN_OK;
	store_stmt *st = NULL;
	for (size_t i = 0; i < n && !rc; i++) {
		rc = store_query(s, &st, SAL_SQL " AND x.id = ?", "i", ids[i]);
		bool row = false;
		if (!rc)
			rc = store_step(st, &row);
		json_t *x = NULL;
		if (!rc && row)
			rc = sal_json(s, st, false, &x);
		if (x)
			json_array_append_new(*out, x);
		store_done(st);
	}
	return rc;
}

sn_err oruk_sals_by_id(store *s, int64_t page, int64_t per_page, json_t **out)
{
	*out = json_array();
	store_stmt *st = NULL;
	/* In id order: SQLite's planner would start from the services and
	 * sort them all; CROSS JOIN keeps x outermost there. */
	sn_err rc = store_query(s, &st, store_kind_of(s) == STORE_SQLITE
		? "SELECT x.id, x.uuid, x.description, s.id, s.uuid, " LOC_COLS
		  " FROM dir_service_at_locations x CROSS JOIN dir_services s ON s.id = x.service_id "
		  "JOIN dir_locations l ON l.id = x.location_id WHERE s.moderation = 'published' "
		  "ORDER BY x.id LIMIT ? OFFSET ?"
		: SAL_SQL " ORDER BY x.id LIMIT ? OFFSET ?", "ii", per_page, (page - 1) * per_page);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_t *x = NULL;
		rc = sal_json(s, st, false, &x);
		json_array_append_new(*out, x);
	}
	store_done(st);
	return rc;
}

sn_err oruk_sal_full(store *s, const char *uuid, json_t **out)
{
	*out = NULL;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, SAL_SQL " AND x.uuid = ?", "t", uuid);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row)
		rc = sal_json(s, st, true, out);
	store_done(st);
	return rc;
}

static sn_err terms_of(store *s, int64_t taxonomy_id, json_t *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT " TERM_COLS " FROM " TERM_FROM
				" WHERE tt.taxonomy_id = ? ORDER BY tt.name, tt.id", "i", taxonomy_id);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_array_append_new(out, term_json(st, 0));
	}
	store_done(st);
	return rc;
}

static json_t *taxonomy_json(store_stmt *st)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "id", store_col_text(st, 1), "name",
			      store_col_text(st, 2), "description", store_col_text(st, 3));
	if (!store_col_null(st, 4) && id_uri_ok(store_col_text(st, 4)))
		json_object_set_new(o, "uri", json_string(store_col_text(st, 4)));
	if (!store_col_null(st, 5) && *store_col_text(st, 5))
		json_object_set_new(o, "version", json_string(store_col_text(st, 5)));
	return o;
}

sn_err oruk_taxonomies_page(store *s, int64_t page, int64_t per_page, int64_t *total, json_t **out)
{
	*out = json_array();
	sn_err rc = store_one_i64(s, total, "SELECT count(*) FROM dir_taxonomies", "");
	store_stmt *st = NULL;
	if (!rc)
		rc = store_query(s, &st, "SELECT id, uuid, name, description, uri, version FROM "
				 "dir_taxonomies ORDER BY name, id LIMIT ? OFFSET ?", "ii", per_page,
				 (page - 1) * per_page);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_t *o = taxonomy_json(st);
		json_t *terms = json_array();
		rc = terms_of(s, store_col_i64(st, 0), terms);
		json_object_set_new(o, "taxonomy_terms", terms);
		json_array_append_new(*out, o);
	}
	store_done(st);
	return rc;
}

sn_err oruk_taxonomy_json(store *s, const char *uuid, json_t **out)
{
	*out = NULL;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT id, uuid, name, description, uri, version FROM "
				"dir_taxonomies WHERE uuid = ?", "t", uuid);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		*out = taxonomy_json(st);
		json_t *terms = json_array();
		rc = terms_of(s, store_col_i64(st, 0), terms);
		json_object_set_new(*out, "taxonomy_terms", terms);
	}
	store_done(st);
	return rc;
}

sn_err oruk_terms_page(store *s, int64_t tax, bool top, bool missing, int64_t page, int64_t per_page,
		       int64_t *total, json_t **out)
{
	*out = json_array();
	const char *where = tax ? (top ? "tt.taxonomy_id = ? AND tt.parent_id IS NULL" : "tt.taxonomy_id = ?")
				: (top ? "tt.parent_id IS NULL AND ? = 0" : "? = 0");
	char sql[1024];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM dir_taxonomy_terms tt WHERE %s", where);
	sn_err rc = store_one_i64(s, total, sql, "i", tax);
	store_stmt *st = NULL;
	if (!rc && !missing) {
		snprintf(sql, sizeof sql, "SELECT " TERM_COLS " FROM " TERM_FROM
			 " WHERE %s ORDER BY tt.name, tt.id LIMIT ? OFFSET ?", where);
		rc = store_query(s, &st, sql, "iii", tax, per_page, (page - 1) * per_page);
	}
	bool row = true;
	while (st && !rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_array_append_new(*out, term_json(st, 0));
	}
	store_done(st);
	return rc;
}

sn_err oruk_term_json(store *s, const char *uuid, json_t **out)
{
	*out = NULL;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT " TERM_COLS " FROM " TERM_FROM
				" WHERE tt.uuid = ?", "t", uuid);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row)
		*out = term_json(st, 0);
	store_done(st);
	return rc;
}

sn_err oruk_organizations_page(store *s, int64_t page, int64_t per_page, int64_t *total, json_t **out)
{
	*out = json_array();
	sn_err rc = store_one_i64(s, total, "SELECT count(*) FROM dir_organizations", "");
	store_stmt *st = NULL;
	if (!rc)
		rc = store_query(s, &st, "SELECT " ORG_COLS " FROM dir_organizations o "
				 "ORDER BY o.name, o.id LIMIT ? OFFSET ?", "ii", per_page,
				 (page - 1) * per_page);
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		json_array_append_new(*out, org_scalars(st, 0));
	}
	store_done(st);
	return rc;
}

sn_err oruk_organization_json(store *s, const char *uuid, json_t **out)
{
	*out = NULL;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT " ORG_COLS " FROM dir_organizations o "
				"WHERE o.uuid = ?", "t", uuid);
	bool row = false;
	json_t *o = NULL;
	int64_t id = 0;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		o = org_scalars(st, 0);
		id = store_col_i64(st, 0);
	}
	store_done(st);
	if (!rc && o)
		rc = org_children(s, id, o);
	/* Its published services, as list items. */
	if (!rc && o) {
		rc = store_query(s, &st, "SELECT id FROM dir_services WHERE organization_id = ? "
				 "AND moderation = 'published' ORDER BY name, id LIMIT 500", "i", id);
		int64_t ids[500];
		size_t n = 0;
		row = true;
		while (!rc) {
			rc = store_step(st, &row);
			if (rc || !row || !(n < 500))
				break;
			ids[n++] = store_col_i64(st, 0);
		}
		store_done(st);
		json_t *items = NULL;
		if (!rc)
			rc = oruk_service_items(s, ids, n, &items);
		json_object_set_new(o, "services", items ? items : json_array());
	}
	*out = o;
	return rc;
}

/* ---- for the export (oruk_export.c) ---- */

sn_err oruk_store_published_ids(store *s, int64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	size_t cap = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
	                        "SELECT id FROM dir_services WHERE moderation = 'published' "
	                        "ORDER BY id",
	                        "");
	bool row = true;
	while (!rc) {
		rc = store_step(st, &row);
		if (rc || !row)
			break;
		if (*n == cap) {
			cap = cap ? cap * 2 : 1024;
			*ids = xrealloc(*ids, cap * sizeof **ids);
		}
		(*ids)[(*n)++] = store_col_i64(st, 0);
	}
	store_done(st);
	return rc;
}

sn_err oruk_store_taxonomy_detail(store *s, const char *uuid, json_t **out)
{
	*out = NULL;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
	                        "SELECT uuid, name, description, uri, version "
	                        "FROM dir_taxonomies WHERE uuid = ?",
	                        "t", uuid);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		json_t *d = json_pack("{s:s, s:s, s:s}", "id", store_col_text(st, 0), "name",
		                      store_col_text(st, 1), "description", store_col_text(st, 2));
		for (int c = 3; c <= 4 && d; c++)
			if (!store_col_null(st, c) && *store_col_text(st, c) &&
			    (c == 4 || id_uri_ok(store_col_text(st, c))))
				json_object_set_new(d, c == 3 ? "uri" : "version",
				                    json_string(store_col_text(st, c)));
		*out = d;
	}
	store_done(st);
	return rc;
}
