/* Every SQL statement of the Find pages: the kinds of help for the form,
 * a result's row, its first place, its cost, its schedules and closures,
 * the service page's details and where a merged entry went. */
#include <stdio.h>
#include <string.h>

#include "find_int.h"

sn_err find_store_term_id(store *s, const char *code, int64_t *id)
{
	*id = 0;
	return store_one_i64(s, id, "SELECT id FROM dir_taxonomy_terms WHERE code = ?", "t", code);
}

sn_err find_store_schedules(store *s, int64_t sid, find_schedule_fn *fn, void *ctx)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
	                        "SELECT " DIR_SCHED_COLS " FROM dir_schedules "
	                        "WHERE service_id = ? ORDER BY id",
	                        "i", sid);
	if (rc)
		return rc;
	bool row = true;
	while (!store_step(st, &row) && row) {
		char every[16];
		sched_columns c;
		dir_sched_columns(st, 0, every, &c);
		fn(ctx, &c);
	}
	store_done(st);
	return SN_OK;
}

sn_err find_store_closures(store *s, int64_t sid, find_closure_fn *fn, void *ctx)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
	                        "SELECT from_date, to_date, reason FROM dir_closures "
	                        "WHERE service_id = ?",
	                        "i", sid);
	if (rc)
		return rc;
	bool row = true;
	while (!store_step(st, &row) && row)
		fn(ctx, store_col_text(st, 0), store_col_text(st, 1), store_col_text(st, 2));
	store_done(st);
	return SN_OK;
}

sn_err find_store_min_cost(store *s, int64_t sid, int64_t *pence)
{
	*pence = -1;
	store_stmt *st = NULL;
	sn_err rc =
	    store_query(s, &st,
	                "SELECT min(amount_pence) FROM dir_cost_options WHERE service_id = ? "
	                "AND amount_pence > 0",
	                "i", sid);
	if (rc)
		return rc;
	bool row = false;
	if (!store_step(st, &row) && row && !store_col_null(st, 0))
		*pence = store_col_i64(st, 0);
	store_done(st);
	return SN_OK;
}

/* A nullable text column copied to the arena; NULL for NULL. */
static const char *nullable(arena *a, store_stmt *st, int c)
{
	return store_col_null(st, c) ? NULL : arena_strdup(a, store_col_text(st, c));
}

sn_err find_store_result(store *s, arena *a, int64_t sid, find_row *out, bool *found)
{
	memset(out, 0, sizeof *out);
	*found = false;
	store_stmt *st = NULL;
	sn_err rc = store_query(
	    s, &st,
	    "SELECT s.uuid, s.name, s.description, o.name, s.last_reviewed, s.review_due, "
	    "(SELECT a.address_1 || ', ' || a.city || ', ' || a.postal_code FROM "
	    "dir_service_at_locations x JOIN dir_addresses a ON a.location_id = x.location_id "
	    "WHERE x.service_id = s.id ORDER BY x.id LIMIT 1), s.minimum_age, s.status, "
	    "(SELECT p.number FROM dir_phones p WHERE p.service_id = s.id ORDER BY p.id LIMIT 1) "
	    "FROM dir_services s JOIN dir_organizations o ON o.id = s.organization_id "
	    "WHERE s.id = ?",
	    "i", sid);
	if (rc)
		return rc;
	bool row = false;
	if (!store_step(st, &row) && row) {
		*found = true;
		out->uuid = arena_strdup(a, store_col_text(st, 0));
		out->name = arena_strdup(a, store_col_text(st, 1));
		out->description = arena_strdup(a, store_col_text(st, 2));
		out->organization = arena_strdup(a, store_col_text(st, 3));
		out->last_reviewed = nullable(a, st, 4);
		out->review_due = nullable(a, st, 5);
		out->where = arena_strdup(a, store_col_text(st, 6));
		out->has_minimum_age = !store_col_null(st, 7);
		out->minimum_age = out->has_minimum_age ? store_col_i64(st, 7) : 0;
		snprintf(out->status, sizeof out->status, "%s", store_col_text(st, 8));
		out->phone = arena_strdup(a, store_col_text(st, 9));
	}
	store_done(st);
	return SN_OK;
}

sn_err find_store_first_point(store *s, int64_t sid, int32_t *lat_e6, int32_t *lon_e6, bool *found)
{
	*found = false;
	store_stmt *st = NULL;
	sn_err rc =
	    store_query(s, &st,
	                "SELECT l.lat_e6, l.lon_e6 FROM dir_service_at_locations x "
	                "JOIN dir_locations l ON l.id = x.location_id WHERE x.service_id = ? "
	                "AND l.lat_e6 IS NOT NULL ORDER BY x.id LIMIT 1",
	                "i", sid);
	if (rc)
		return rc;
	bool row = false;
	if (!store_step(st, &row) && row) {
		*lat_e6 = (int32_t)store_col_i64(st, 0);
		*lon_e6 = (int32_t)store_col_i64(st, 1);
		*found = true;
	}
	store_done(st);
	return SN_OK;
}

sn_err find_store_merged_into(store *s, arena *a, const char *uuid, const char **kept)
{
	*kept = NULL;
	store_stmt *st = NULL;
	bool row = false;
	if (!store_query(s, &st,
	                 "SELECT k.uuid FROM dir_services s JOIN dir_services k ON "
	                 "k.id = s.merged_into WHERE s.uuid = ? AND k.moderation = 'published'",
	                 "t", uuid) &&
	    !store_step(st, &row) && row)
		*kept = arena_strdup(a, store_col_text(st, 0));
	store_done(st);
	return SN_OK;
}

sn_err find_store_page_details(store *s, int64_t sid, json_t *v)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(
	    s, &st,
	    "SELECT s.url, s.email, s.eligibility_description, s.application_process, "
	    "(SELECT p.number FROM dir_phones p WHERE p.service_id = s.id ORDER BY p.id LIMIT 1), "
	    "(SELECT ac.description FROM dir_service_at_locations x JOIN dir_accessibility ac "
	    " ON ac.location_id = x.location_id WHERE x.service_id = s.id LIMIT 1), "
	    "(SELECT l.name FROM dir_service_at_locations x JOIN dir_locations l ON l.id = "
	    "x.location_id "
	    " WHERE x.service_id = s.id LIMIT 1), "
	    "(SELECT l.transportation FROM dir_service_at_locations x JOIN dir_locations l "
	    " ON l.id = x.location_id WHERE x.service_id = s.id LIMIT 1), o.uuid, o.name, "
	    "o.website "
	    "FROM dir_services s JOIN dir_organizations o ON o.id = s.organization_id WHERE s.id = "
	    "?",
	    "i", sid);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row) {
		static const char *const keys[] = {"url",          "email",      "eligibility",
		                                   "how_to_apply", "phone",      "accessibility",
		                                   "venue",        "transport",  "org_uuid",
		                                   "org_name",     "org_website"};
		for (size_t i = 0; i < SN_ARRAY_LEN(keys); i++) {
			const char *text = store_col_text(st, (int)i);
			/* Links only to web addresses, whatever an old row holds. */
			if (i == 0 || i == 10)
				text = str_web_url_or_null(text) ? text : "";
			json_object_set_new(v, keys[i], json_string(text));
		}
	}
	store_done(st);
	return rc;
}
