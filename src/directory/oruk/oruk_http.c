/* The Open Referral UK 3.0 API under /oruk: public, read-only, JSON, CORS.
 * Lists use the HSDS paging envelope; per_page is clamped to 100; a page
 * beyond the last is an empty page; an unknown id is 404 and a malformed
 * one 400 (the route's input rules). Only published records appear. */
#include <stdio.h>
#include <string.h>

#include "../../base/embed.h"
#include "../geo/geo.h"
#include "../search/search.h"
#include "oruk_int.h"
#include "oruk_pages.h"

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
	json_t *items = NULL;
	rc = filtered ? oruk_sal_items(r->db, res.ids, res.n, &items)
		      : oruk_sals_by_id(r->db, q.page, q.per_page, &items);
	if (rc) {
		json_decref(items);
		return rc;
	}
	return json_reply(out, 200, oruk_page(items, res.total, q.page, q.per_page));
}

sn_err oruk_sal(req *r, reply *out)
{
	json_t *x = NULL;
	sn_err rc = oruk_sal_full(r->db, req_get(r, "id"), &x);
	if (rc) {
		json_decref(x);
		return rc;
	}
	return x ? json_reply(out, 200, x) : not_found(r, out, "service at location");
}

/* ---- taxonomies and terms ---- */

sn_err oruk_taxonomies(req *r, reply *out)
{
	int64_t page, per_page, total = 0;
	paging(r, &page, &per_page);
	json_t *items = NULL;
	sn_err rc = oruk_taxonomies_page(r->db, page, per_page, &total, &items);
	if (rc) {
		json_decref(items);
		return rc;
	}
	return json_reply(out, 200, oruk_page(items, total, page, per_page));
}

sn_err oruk_taxonomy(req *r, reply *out)
{
	json_t *o = NULL;
	sn_err rc = oruk_taxonomy_json(r->db, req_get(r, "id"), &o);
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
	json_t *items = NULL;
	if (!rc)
		rc = oruk_terms_page(r->db, tax, top, missing, page, per_page, &total, &items);
	if (rc) {
		json_decref(items);
		return rc;
	}
	return json_reply(out, 200, oruk_page(items ? items : json_array(), missing ? 0 : total, page,
					      per_page));
}

sn_err oruk_term(req *r, reply *out)
{
	json_t *o = NULL;
	sn_err rc = oruk_term_json(r->db, req_get(r, "id"), &o);
	if (rc)
		return rc;
	return o ? json_reply(out, 200, o) : not_found(r, out, "taxonomy term");
}

/* ---- organisations (HSDS 3.0) ---- */

sn_err oruk_organizations(req *r, reply *out)
{
	int64_t page, per_page, total = 0;
	paging(r, &page, &per_page);
	json_t *items = NULL;
	sn_err rc = oruk_organizations_page(r->db, page, per_page, &total, &items);
	if (rc) {
		json_decref(items);
		return rc;
	}
	return json_reply(out, 200, oruk_page(items, total, page, per_page));
}

sn_err oruk_organization(req *r, reply *out)
{
	json_t *o = NULL;
	sn_err rc = oruk_organization_json(r->db, req_get(r, "id"), &o);
	if (rc) {
		json_decref(o);
		return rc;
	}
	return o ? json_reply(out, 200, o) : not_found(r, out, "organization");
}
