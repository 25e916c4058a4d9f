/* The Open Referral UK 3.0 API under /oruk: public, read-only, JSON, CORS.
 * Lists use the HSDS paging envelope; per_page is clamped to 100; a page
 * beyond the last is an empty page; an unknown id is 404 and a malformed
 * one 400 (the route's input rules). Only published records appear. */
#include <stdio.h>
#include <string.h>

#include "../base/embed.h"
#include "oruk_int.h"
#include "geo/geo.h"
#include "search/search.h"

#define ORUK_PROFILE "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"
#define ORUK_OPENAPI "https://openreferraluk.org/specifications/3.0/openapi.json"

static sn_err json_reply(reply *out, int status, json_t *v)
{
	out->status = status;
	out->view = v;
	return SN_OK;
}

static sn_err not_found(req *r, reply *out, const char *what)
{
	reply_error(r, out, 404, arena_printf(r->a, "There is no %s with that id.", what));
	return SN_OK;
}

/* page and per_page from the query: per_page clamped to 1..100. */
static void paging(req *r, int64_t *page, int64_t *per_page)
{
	*page = req_get_i64(r, "page", 1);
	*per_page = req_get_i64(r, "per_page", SEARCH_PER_PAGE_DEFAULT);
	if (*per_page > SEARCH_PER_PAGE_MAX)
		*per_page = SEARCH_PER_PAGE_MAX;
}

sn_err oruk_root(req *r, reply *out)
{
	(void)r;
	return json_reply(out, 200, json_pack("{s:s, s:s, s:s}", "version", "HSDS-UK-3.0",
					      "profile", ORUK_PROFILE, "openapi_url", ORUK_OPENAPI));
}

sn_err oruk_openapi(req *r, reply *out)
{
	(void)r;
	const embed_file *f = embed_find(embed_data, "oruk/openapi.json");
	if (!f)
		return SN_EINTERNAL;
	out->status = 200;
	out->content_type = "application/json";
	out->body = f->data;
	out->body_len = f->len;
	out->cache_control = "public, max-age=3600";
	return SN_OK;
}

/* A uuid filter from the query into an internal id; *missing when the
 * uuid is well formed but unknown (the result is then empty). */
static sn_err uuid_filter(req *r, const char *name, const char *table, int64_t *id, bool *missing)
{
	const char *u = req_get(r, name);
	*id = 0;
	if (!*u)
		return SN_OK;
	sn_err rc = dir_row_id(r->db, table, u, id);
	if (rc == SN_ENOTFOUND) {
		*missing = true;
		return SN_OK;
	}
	return rc;
}

static bool is_datetime(const char *s)
{
	int64_t t;
	char d[11];
	if (!time_parse_iso8601(s, &t))
		return true;
	/* A plain date is accepted too (from midnight UTC). */
	return strlen(s) == 10 && sscanf(s, "%10[0-9-]", d) == 1 && s[4] == '-' && s[7] == '-';
}

/* search, taxonomy_term_id and postcode with proximity, as both lists
 * take them: *missing when a well-formed term is unknown (an empty
 * result); *done when out already has a 400. */
static sn_err place_and_words(req *r, reply *out, search_query *q, bool *missing, bool *done)
{
	q->search = req_get(r, "search");
	sn_err rc = uuid_filter(r, "taxonomy_term_id", "dir_taxonomy_terms", &q->taxonomy_term_id, missing);
	if (rc)
		return rc;
	const char *pc = req_get(r, "postcode");
	if (*pc) {
		int64_t loc = 0;
		rc = geo_postcode_lookup(r->db, pc, &q->lat_e6, &q->lon_e6, &loc);
		if (rc == SN_EINPUT || rc == SN_ENOTFOUND) {
			reply_error(r, out, 400, rc == SN_EINPUT ? "postcode is not a UK postcode"
								 : "postcode is not one we can locate");
			*done = true;
			return SN_OK;
		}
		if (rc)
			return rc;
		q->has_point = true;
		q->within_m = req_get_i64(r, "proximity", 0);
	} else if (*req_get(r, "proximity")) {
		reply_error(r, out, 400, "proximity needs a postcode");
		*done = true;
	}
	return SN_OK;
}

sn_err oruk_services(req *r, reply *out)
{
	search_query q = {.api_min_age = -1, .api_max_age = -1, .person_age = -1};
	paging(r, &q.page, &q.per_page);
	bool missing = false, done = false;
	sn_err rc = place_and_words(r, out, &q, &missing, &done);
	if (rc || done)
		return rc;
	rc = uuid_filter(r, "taxonomy_id", "dir_taxonomies", &q.taxonomy_id, &missing);
	if (!rc)
		rc = uuid_filter(r, "organization_id", "dir_organizations", &q.organization_id, &missing);
	if (rc)
		return rc;
	const char *ma = req_get(r, "modified_after");
	if (*ma && !is_datetime(ma)) {
		reply_error(r, out, 400, "modified_after must be a date-time like 2026-01-31T09:00:00Z");
		return SN_OK;
	}
	q.modified_after = ma;
	const char *times[2] = {req_get(r, "start_time"), req_get(r, "end_time")};
	for (size_t i = 0; i < 2; i++) {
		int h, m;
		char extra;
		if (*times[i] && (sscanf(times[i], "%2d:%2d%c", &h, &m, &extra) != 2 || strlen(times[i]) != 5 ||
				  h > 23 || m > 59)) {
			reply_error(r, out, 400, arena_printf(r->a, "%s must be a time like 09:30",
							      i ? "end_time" : "start_time"));
			return SN_OK;
		}
	}
	if ((*times[0] || *times[1]) && !*req_get(r, "day")) {
		reply_error(r, out, 400, "start_time and end_time need a day (MO to SU)");
		return SN_OK;
	}
	q.day = req_get(r, "day");
	q.start_time = times[0];
	q.end_time = times[1];
	if (*req_get(r, "minimum_age"))
		q.api_min_age = (int)req_get_i64(r, "minimum_age", -1);
	if (*req_get(r, "maximum_age"))
		q.api_max_age = (int)req_get_i64(r, "maximum_age", -1);
	search_results res = {0};
	json_t *items = NULL;
	if (!missing) {
		rc = search_services(r->db, r->a, &q, &res);
		if (!rc)
			rc = oruk_service_items(r->db, res.ids, res.n, &items);
		if (rc) {
			json_decref(items);
			return rc;
		}
	}
	return json_reply(out, 200, oruk_page(items ? items : json_array(), res.total, q.page,
					      q.per_page));
}

sn_err oruk_service(req *r, reply *out)
{
	int64_t id;
	sn_err rc = dir_service_id(r->db, req_get(r, "id"), &id);
	if (rc == SN_ENOTFOUND)
		return not_found(r, out, "service");
	json_t *o = NULL;
	if (!rc)
		rc = oruk_service_full(r->db, id, &o);
	if (rc == SN_ENOTFOUND)
		return not_found(r, out, "service");
	return rc ? rc : json_reply(out, 200, o);
}

/* ---- service at locations ---- */

#define SAL_SQL "SELECT x.id, x.uuid, x.description, s.id, s.uuid, " LOC_COLS \
		" FROM dir_service_at_locations x JOIN dir_services s ON s.id = x.service_id " \
		"JOIN dir_locations l ON l.id = x.location_id WHERE s.moderation = 'published'"

static sn_err sal_json(req *r, store_stmt *st, bool full, json_t **out)
{
	json_t *x = json_pack("{s:s, s:s, s:s}", "id", store_col_text(st, 1),
			      "service_id", store_col_text(st, 4), "location_id", store_col_text(st, 6));
	if (!store_col_null(st, 2) && *store_col_text(st, 2))
		json_object_set_new(x, "description", json_string(store_col_text(st, 2)));
	sn_err rc = SN_OK;
	json_object_set_new(x, "location", oruk_location_row(r->db, st, 5, &rc));
	int64_t sid = store_col_i64(st, 3);
	json_t *svc = NULL;
	if (!rc && full) {
		rc = oruk_service_full(r->db, sid, &svc);
		/* The validator checks a full SAL against the service schema
		 * (id, name, status required): copy those from the service. */
		if (!rc) {
			json_object_set(x, "name", json_object_get(svc, "name"));
			json_object_set(x, "status", json_object_get(svc, "status"));
		}
	} else if (!rc) {
		json_t *items = NULL;
		rc = oruk_service_items(r->db, &sid, 1, &items);
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

/* The list; with search, taxonomy_term_id or postcode (and proximity) it
 * is search_sals's order, else by id. */
sn_err oruk_sals(req *r, reply *out)
{
	search_query q = {.api_min_age = -1, .api_max_age = -1, .person_age = -1};
	paging(r, &q.page, &q.per_page);
	bool missing = false, done = false;
	sn_err rc = place_and_words(r, out, &q, &missing, &done);
	if (rc || done)
		return rc;
	bool filtered = *q.search || q.taxonomy_term_id || q.has_point || missing;
	search_results res = {0};
	if (filtered && !missing)
		rc = search_sals(r->db, r->a, &q, &res);
	else if (!filtered)
		rc = search_sals_total(r->db, &res.total);
	if (rc)
		return rc;
	json_t *items = json_array();
	store_stmt *st = NULL;
	if (filtered) {
		for (size_t i = 0; i < res.n && !rc; i++) {
			rc = store_query(r->db, &st, SAL_SQL " AND x.id = ?", "i", res.ids[i]);
			bool row = false;
			if (!rc)
				rc = store_step(st, &row);
			json_t *x = NULL;
			if (!rc && row)
				rc = sal_json(r, st, false, &x);
			if (x)
				json_array_append_new(items, x);
			store_done(st);
		}
	} else {
		/* In id order: SQLite's planner would start from the services
		 * and sort them all; CROSS JOIN keeps x outermost there. */
		rc = store_query(r->db, &st, store_kind_of(r->db) == STORE_SQLITE
			? "SELECT x.id, x.uuid, x.description, s.id, s.uuid, " LOC_COLS
			  " FROM dir_service_at_locations x CROSS JOIN dir_services s ON s.id = x.service_id "
			  "JOIN dir_locations l ON l.id = x.location_id WHERE s.moderation = 'published' "
			  "ORDER BY x.id LIMIT ? OFFSET ?"
			: SAL_SQL " ORDER BY x.id LIMIT ? OFFSET ?", "ii", q.per_page, (q.page - 1) * q.per_page);
		bool row = true;
		while (!rc && !(rc = store_step(st, &row)) && row) {
			json_t *x = NULL;
			rc = sal_json(r, st, false, &x);
			json_array_append_new(items, x);
		}
		store_done(st);
	}
	if (rc) {
		json_decref(items);
		return rc;
	}
	return json_reply(out, 200, oruk_page(items, res.total, q.page, q.per_page));
}

sn_err oruk_sal(req *r, reply *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(r->db, &st, SAL_SQL " AND x.uuid = ?", "t", req_get(r, "id"));
	bool row = false;
	json_t *x = NULL;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row)
		rc = sal_json(r, st, true, &x);
	store_done(st);
	if (rc) {
		json_decref(x);
		return rc;
	}
	return x ? json_reply(out, 200, x) : not_found(r, out, "service at location");
}

/* ---- taxonomies and terms ---- */

static sn_err terms_of(req *r, int64_t taxonomy_id, json_t *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(r->db, &st, "SELECT " TERM_COLS " FROM " TERM_FROM
				" WHERE tt.taxonomy_id = ? ORDER BY tt.name, tt.id", "i", taxonomy_id);
	bool row = true;
	while (!rc && !(rc = store_step(st, &row)) && row)
		json_array_append_new(out, oruk_term_row(st, 0));
	store_done(st);
	return rc;
}

static json_t *taxonomy_json(store_stmt *st)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "id", store_col_text(st, 1), "name",
			      store_col_text(st, 2), "description", store_col_text(st, 3));
	if (!store_col_null(st, 4) && *store_col_text(st, 4))
		json_object_set_new(o, "uri", json_string(store_col_text(st, 4)));
	if (!store_col_null(st, 5) && *store_col_text(st, 5))
		json_object_set_new(o, "version", json_string(store_col_text(st, 5)));
	return o;
}

sn_err oruk_taxonomies(req *r, reply *out)
{
	int64_t page, per_page, total = 0;
	paging(r, &page, &per_page);
	sn_err rc = store_one_i64(r->db, &total, "SELECT count(*) FROM dir_taxonomies", "");
	json_t *items = json_array();
	store_stmt *st = NULL;
	if (!rc)
		rc = store_query(r->db, &st, "SELECT id, uuid, name, description, uri, version FROM "
				 "dir_taxonomies ORDER BY name, id LIMIT ? OFFSET ?", "ii", per_page,
				 (page - 1) * per_page);
	bool row = true;
	while (!rc && !(rc = store_step(st, &row)) && row) {
		json_t *o = taxonomy_json(st);
		json_t *terms = json_array();
		rc = terms_of(r, store_col_i64(st, 0), terms);
		json_object_set_new(o, "taxonomy_terms", terms);
		json_array_append_new(items, o);
	}
	store_done(st);
	if (rc) {
		json_decref(items);
		return rc;
	}
	return json_reply(out, 200, oruk_page(items, total, page, per_page));
}

sn_err oruk_taxonomy(req *r, reply *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(r->db, &st, "SELECT id, uuid, name, description, uri, version FROM "
				"dir_taxonomies WHERE uuid = ?", "t", req_get(r, "id"));
	bool row = false;
	json_t *o = NULL;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		o = taxonomy_json(st);
		json_t *terms = json_array();
		rc = terms_of(r, store_col_i64(st, 0), terms);
		json_object_set_new(o, "taxonomy_terms", terms);
	}
	store_done(st);
	if (rc) {
		json_decref(o);
		return rc;
	}
	return o ? json_reply(out, 200, o) : not_found(r, out, "taxonomy");
}

sn_err oruk_terms(req *r, reply *out)
{
	int64_t page, per_page, total = 0, tax = 0;
	paging(r, &page, &per_page);
	bool missing = false;
	sn_err rc = uuid_filter(r, "taxonomy_id", "dir_taxonomies", &tax, &missing);
	bool top = strcmp(req_get(r, "top_only"), "true") == 0;
	const char *where = tax ? (top ? "tt.taxonomy_id = ? AND tt.parent_id IS NULL" : "tt.taxonomy_id = ?")
				: (top ? "tt.parent_id IS NULL AND ? = 0" : "? = 0");
	if (!rc)
		rc = store_one_i64(r->db, &total, arena_printf(r->a, "SELECT count(*) FROM "
				   "dir_taxonomy_terms tt WHERE %s", where), "i", tax);
	json_t *items = json_array();
	store_stmt *st = NULL;
	if (!rc && !missing)
		rc = store_query(r->db, &st, arena_printf(r->a, "SELECT " TERM_COLS " FROM " TERM_FROM
				 " WHERE %s ORDER BY tt.name, tt.id LIMIT ? OFFSET ?", where),
				 "iii", tax, per_page, (page - 1) * per_page);
	bool row = true;
	while (st && !rc && !(rc = store_step(st, &row)) && row)
		json_array_append_new(items, oruk_term_row(st, 0));
	store_done(st);
	if (rc) {
		json_decref(items);
		return rc;
	}
	return json_reply(out, 200, oruk_page(items, missing ? 0 : total, page, per_page));
}

sn_err oruk_term(req *r, reply *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(r->db, &st, "SELECT " TERM_COLS " FROM " TERM_FROM
				" WHERE tt.uuid = ?", "t", req_get(r, "id"));
	bool row = false;
	json_t *o = NULL;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row)
		o = oruk_term_row(st, 0);
	store_done(st);
	if (rc)
		return rc;
	return o ? json_reply(out, 200, o) : not_found(r, out, "taxonomy term");
}

/* ---- organisations (HSDS 3.0) ---- */

sn_err oruk_organizations(req *r, reply *out)
{
	int64_t page, per_page, total = 0;
	paging(r, &page, &per_page);
	sn_err rc = store_one_i64(r->db, &total, "SELECT count(*) FROM dir_organizations", "");
	json_t *items = json_array();
	store_stmt *st = NULL;
	if (!rc)
		rc = store_query(r->db, &st, "SELECT " ORG_COLS " FROM dir_organizations o "
				 "ORDER BY o.name, o.id LIMIT ? OFFSET ?", "ii", per_page,
				 (page - 1) * per_page);
	bool row = true;
	while (!rc && !(rc = store_step(st, &row)) && row)
		json_array_append_new(items, oruk_org_row(st, 0));
	store_done(st);
	if (rc) {
		json_decref(items);
		return rc;
	}
	return json_reply(out, 200, oruk_page(items, total, page, per_page));
}

sn_err oruk_organization(req *r, reply *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(r->db, &st, "SELECT " ORG_COLS " FROM dir_organizations o "
				"WHERE o.uuid = ?", "t", req_get(r, "id"));
	bool row = false;
	json_t *o = NULL;
	int64_t id = 0;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		o = oruk_org_row(st, 0);
		id = store_col_i64(st, 0);
	}
	store_done(st);
	if (!rc && o)
		rc = oruk_org_children(r->db, id, o);
	/* Its published services, as list items. */
	if (!rc && o) {
		rc = store_query(r->db, &st, "SELECT id FROM dir_services WHERE organization_id = ? "
				 "AND moderation = 'published' ORDER BY name, id LIMIT 500", "i", id);
		int64_t ids[500];
		size_t n = 0;
		row = true;
		while (!rc && !(rc = store_step(st, &row)) && row && n < 500)
			ids[n++] = store_col_i64(st, 0);
		store_done(st);
		json_t *items = NULL;
		if (!rc)
			rc = oruk_service_items(r->db, ids, n, &items);
		json_object_set_new(o, "services", items ? items : json_array());
	}
	if (rc) {
		json_decref(o);
		return rc;
	}
	return o ? json_reply(out, 200, o) : not_found(r, out, "organization");
}
