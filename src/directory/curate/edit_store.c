/* A service's details in the store (curate.h): loading them from the ORUK
 * tables, writing back only the groups that differ, every version kept,
 * direct edits, new services, partners' proposals and their decisions,
 * "still correct", and merging duplicates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../geo/geo.h"
#include "../search/search.h"
#include "curate_int.h"

/* ---- loading ---- */

sn_err curate_details_load(store *s, int64_t sid, json_t **out)
{
	*out = NULL;
	json_t *d = curate_details_empty();
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
			curate_set_str(d, keys[i], store_col_text(st, i));
		for (int i = 8; i < 10; i++)
			if (!store_col_null(st, i)) {
				char n[24];
				snprintf(n, sizeof n, "%lld", (long long)store_col_i64(st, i));
				curate_set_str(d, i == 8 ? "minimum_age" : "maximum_age", n);
			}
	}
	store_done(st);
	st = NULL;
	/* The first phone and the first cost option. */
	if (!rc && !(rc = store_query(s, &st, "SELECT number FROM dir_phones WHERE service_id = ? "
				       "ORDER BY id LIMIT 1", "i", sid)) &&
	    !(rc = store_step(st, &row)) && row)
		curate_set_str(d, "phone", store_col_text(st, 0));
	store_done(st);
	st = NULL;
	if (!rc && !(rc = store_query(s, &st, "SELECT amount_pence FROM dir_cost_options WHERE service_id = ? "
				       "ORDER BY id LIMIT 1", "i", sid)) &&
	    !(rc = store_step(st, &row)) && row && !store_col_null(st, 0) && store_col_i64(st, 0) > 0) {
		char m[32];
		int64_t p = store_col_i64(st, 0);
		snprintf(m, sizeof m, "%lld.%02lld", (long long)(p / 100), (long long)(p % 100));
		curate_set_str(d, "cost", m);
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
			curate_set_str(d, keys[i], store_col_text(st, i));
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
		while (store_next(st, &rc)) {
			char every[16], line[256], err[160];
			sched_columns c;
			dir_sched_columns(st, 0, every, &c);
			if (curate_row_sessions(&c, sessions))
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

/* ---- writing back ---- */

static bool differ(const json_t *a, const json_t *b, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!json_equal(json_object_get(a, keys[i]), json_object_get(b, keys[i])) &&
		    !(!*curate_str_of(a, keys[i]) && !*curate_str_of(b, keys[i]) && !json_is_array(json_object_get(a, keys[i]))))
			return true;
	return false;
}

static const char *or_null(const json_t *d, const char *key)
{
	const char *v = curate_str_of(d, key);
	return *v ? v : NULL;
}

static sn_err bind_age(const json_t *d, const char *key, int64_t *out, bool *null)
{
	const char *v = curate_str_of(d, key);
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
			       curate_str_of(d, "name"), curate_str_of(d, "description"), curate_str_of(d, "status"), or_null(d, "url"),
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
	if (!*curate_str_of(d, "address_1")) /* no place any more: an online or phone service */
		return salid ? store_run(s, "DELETE FROM dir_service_at_locations WHERE id = ?", "i", salid) : SN_OK;
	const char *pc = curate_str_of(d, "postcode");
	int32_t lat = 0, lon = 0;
	bool moved = strcmp(pc, curate_str_of(before, "postcode")) != 0 || !lid;
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
			       "postal_code = ? WHERE id = ?", "tttti", curate_str_of(d, "address_1"),
			       or_null(d, "address_2"), curate_str_of(d, "city"), pc, aid);
	else if (!rc) {
		uuid_v4(uuid);
		rc = store_run(s, "INSERT INTO dir_addresses (uuid, location_id, address_1, address_2, city, "
			       "state_province, postal_code, country, address_type) VALUES (?, ?, ?, ?, ?, ?, ?, "
			       "'GB', 'physical')", "titttt" "t", uuid, lid, curate_str_of(d, "address_1"),
			       or_null(d, "address_2"), curate_str_of(d, "city"), curate_str_of(d, "city"), pc);
	}
	int64_t xid = 0;
	if (!rc)
		rc = first_id(s, "SELECT id FROM dir_accessibility WHERE location_id = ? ORDER BY id LIMIT 1", lid,
			      &xid);
	const char *access = curate_str_of(d, "accessibility");
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
		if (curate_row_sessions(&c, scratch)) {
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
	json_t *rows = curate_session_rows(sessions);
	size_t i;
	json_t *x;
	json_array_foreach(rows, i, x) {
		if (rc)
			break;
		char uuid[37];
		uuid_v4(uuid);
		rc = store_run(s, "INSERT INTO dir_schedules (uuid, service_id, freq, byday, opens_at, closes_at, "
			       "description) VALUES (?, ?, ?, ?, ?, ?, ?)", "tittttt", uuid, sid, curate_str_of(x, "freq"),
			       curate_str_of(x, "byday"), curate_str_of(x, "opens"), curate_str_of(x, "closes"), curate_str_of(x, "words"));
	}
	json_decref(rows);
	return rc;
}

sn_err curate_details_apply(store *s, int64_t sid, const json_t *before, const json_t *after, const char *now)
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
		any = true, rc = write_phone(s, sid, curate_str_of(after, "phone"));
	if (!rc && differ(before, after, cost_keys, 1))
		any = true, rc = write_cost(s, sid, curate_str_of(after, "cost"));
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

sn_err curate_version_latest(store *s, int64_t sid, int64_t *version)
{
	*version = 0;
	return store_one_i64(s, version, "SELECT coalesce(max(version), 0) FROM dir_service_versions "
			     "WHERE service_id = ?", "i", sid);
}

sn_err curate_version_details(store *s, int64_t sid, int64_t version, json_t **out)
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
			     const curate_actor *who, const char *note, const char *now)
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

sn_err curate_version_add(store *s, int64_t sid, const char *action, const curate_actor *who, const char *note,
		       const char *now, int64_t *version)
{
	int64_t v;
	json_t *d = NULL;
	sn_err rc = curate_version_latest(s, sid, &v);
	if (!rc)
		rc = curate_details_load(s, sid, &d);
	if (!rc)
		rc = insert_version(s, sid, v + 1, d, action, who, note, now);
	json_decref(d);
	if (!rc && version)
		*version = v + 1;
	return rc;
}

sn_err curate_version_ensure(store *s, int64_t sid, const char *now)
{
	int64_t v;
	sn_err rc = curate_version_latest(s, sid, &v);
	if (rc || v)
		return rc;
	static const curate_actor system = {"system", "SupportNet"};
	return curate_version_add(s, sid, "recorded", &system, "The entry as it was before its history was kept",
			       now, NULL);
}

sn_err curate_service_update(store *s, int64_t sid, const json_t *d, const char *action, const curate_actor *who,
			  const char *note, const char *now)
{
	json_t *before = NULL;
	sn_err rc = curate_version_ensure(s, sid, now);
	if (!rc)
		rc = curate_details_load(s, sid, &before);
	if (!rc)
		rc = curate_details_apply(s, sid, before, d, now);
	if (!rc)
		rc = curate_version_add(s, sid, action, who, note, now, NULL);
	json_decref(before);
	return rc;
}

sn_err curate_service_create(store *s, int64_t org, const json_t *d, const curate_actor *who, const char *note,
			  const char *now, int64_t *sid, char uuid[static 37])
{
	char reviewed[11], due[11];
	curate_review_dates(now, reviewed, due);
	uuid_v4(uuid);
	int64_t locality = 0;
	const char *pc = curate_str_of(d, "postcode");
	if (*pc)
		geo_postcode_lookup(s, pc, NULL, NULL, &locality);
	*sid = 0;
	sn_err rc = store_one_i64(s, sid, "INSERT INTO dir_services (uuid, organization_id, name, description, "
				  "status, moderation, last_reviewed, review_due, source, last_modified, created_at) "
				  "VALUES (?, ?, ?, ?, 'active', 'published', ?, ?, 'local', ?, ?) RETURNING id",
				  "titt" "tttt", uuid, org, curate_str_of(d, "name"), curate_str_of(d, "description"), reviewed,
				  due, now, now);
	if (!rc && locality)
		rc = store_run(s, "UPDATE dir_services SET locality_id = ? WHERE id = ?", "ii", locality, *sid);
	json_t *empty = curate_details_empty();
	/* Everything differs from nothing, so every group is written. */
	curate_set_str(empty, "status", "");
	if (!rc)
		rc = curate_details_apply(s, *sid, empty, d, now);
	json_decref(empty);
	if (!rc)
		rc = curate_version_add(s, *sid, "created", who, note, now, NULL);
	return rc;
}

sn_err curate_change_submit(store *s, int64_t org, int64_t sid, const char *kind, const json_t *d,
			 const char *note, int64_t user_id, const char *now, char uuid[static 37])
{
	char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text)
		return SN_EINTERNAL;
	int64_t base = 0, existing = 0;
	sn_err rc = SN_OK;
	if (sid) {
		rc = curate_version_latest(s, sid, &base);
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

sn_err curate_change_approve(store *s, int64_t change_id, const curate_actor *who, int64_t user_id, const char *note,
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
		rc = curate_service_update(s, *sid, d, strcmp(kind, "restore") == 0 ? "restored" : "approved", who,
					note, now);
	else if (!rc)
		rc = curate_service_create(s, org, d, who, note, now, sid, uuid);
	if (!rc)
		rc = store_run(s, "UPDATE dir_changes SET status = 'approved', decided_by = ?, decided_at = ?, "
			       "reason = ?, service_id = ? WHERE id = ?", "itti" "i", user_id, now, note ? note : "",
			       *sid, change_id);
	json_decref(d);
	return rc;
}

sn_err curate_change_reject(store *s, int64_t change_id, int64_t user_id, const char *reason, const char *now)
{
	sn_err rc = store_run(s, "UPDATE dir_changes SET status = 'rejected', decided_by = ?, decided_at = ?, "
			      "reason = ? WHERE id = ? AND status = 'pending'", "itti", user_id, now, reason,
			      change_id);
	return rc ? rc : store_changes(s) == 1 ? SN_OK : SN_ENOTFOUND;
}

sn_err curate_service_checked(store *s, int64_t sid, const curate_actor *who, const char *now)
{
	char reviewed[11], due[11];
	curate_review_dates(now, reviewed, due);
	sn_err rc = curate_version_ensure(s, sid, now);
	if (!rc)
		rc = store_run(s, "UPDATE dir_services SET last_reviewed = ?, review_due = ? WHERE id = ?", "tti",
			       reviewed, due, sid);
	if (!rc)
		rc = curate_version_add(s, sid, "checked", who, "Checked and still correct", now, NULL);
	return rc;
}

/* ---- merging duplicates ---- */

sn_err curate_merge(store *s, int64_t keep, int64_t gone, const curate_actor *who, const char *now)
{
	return curate_merge_to(s, keep, gone, 0, who, now);
}

sn_err curate_merge_to(store *s, int64_t keep, int64_t gone, int64_t org, const curate_actor *who,
		       const char *now)
{
	if (keep == gone)
		return SN_EINPUT;
	char keep_uuid[37] = "", gone_uuid[37] = "", keep_name[256] = "", gone_name[256] = "";
	int found = 0;
	store_stmt *st = NULL;
	bool row = true;
	sn_err rc = store_query(s, &st, "SELECT id, uuid, name FROM dir_services WHERE id IN (?, ?) AND "
				"moderation = 'published' AND merged_into IS NULL", "ii", keep, gone);
	while (!rc && !(rc = store_step(st, &row)) && row) {
		bool k = store_col_i64(st, 0) == keep;
		snprintf(k ? keep_uuid : gone_uuid, 37, "%s", store_col_text(st, 1));
		snprintf(k ? keep_name : gone_name, 256, "%s", store_col_text(st, 2));
		found++;
	}
	store_done(st);
	if (!rc && found != 2)
		return SN_ENOTFOUND;
	char note[1400];
	/* Both histories first record what they were. */
	if (!rc)
		rc = curate_version_ensure(s, gone, now);
	if (!rc)
		rc = store_run(s, "UPDATE dir_services SET moderation = 'archived', merged_into = ?, last_modified = ? "
			       "WHERE id = ?", "iti", keep, now, gone);
	if (!rc)
		rc = store_run(s, "UPDATE dir_reports SET service_id = ? WHERE service_id = ? AND status = 'open'", "ii",
			       keep, gone);
	if (!rc)
		rc = store_run(s, "UPDATE dir_changes SET status = 'withdrawn', decided_at = ?, reason = ? WHERE "
			       "service_id = ? AND status = 'pending'", "tti", now,
			       "The entry was merged into another", gone);
	if (!rc)
		rc = search_index_service(s, gone); /* archived: out of the search */
	snprintf(note, sizeof note, "Merged into %s (%s)", keep_name, keep_uuid);
	if (!rc)
		rc = curate_version_add(s, gone, "merged", who, note, now, NULL);
	if (!rc)
		rc = curate_version_ensure(s, keep, now);
	/* The organisation the moderator chose owns the kept entry; the one it
	 * had is named in the note, for an undo. */
	int64_t was_org = 0;
	char was_uuid[37] = "", org_name[256] = "";
	if (!rc)
		rc = store_one_i64(s, &was_org, "SELECT organization_id FROM dir_services WHERE id = ?", "i", keep);
	if (!rc && org && org != was_org) {
		rc = store_query(s, &st, "SELECT o.uuid, n.name FROM dir_organizations o, dir_organizations n "
				 "WHERE o.id = ? AND n.id = ?", "ii", was_org, org);
		row = false;
		if (!rc && !(rc = store_step(st, &row)) && row) {
			snprintf(was_uuid, sizeof was_uuid, "%s", store_col_text(st, 0));
			snprintf(org_name, sizeof org_name, "%s", store_col_text(st, 1));
		}
		store_done(st);
		if (!rc && !row)
			rc = SN_ENOTFOUND;
		if (!rc)
			rc = store_run(s, "UPDATE dir_services SET organization_id = ?, last_modified = ? WHERE id = ?",
				       "iti", org, now, keep);
		if (!rc)
			rc = search_index_service(s, keep);
	}
	if (*was_uuid)
		snprintf(note, sizeof note, "%s (%s) merged into this entry; it now belongs to %s (" CURATE_WAS_ORG "%s)",
			 gone_name, gone_uuid, org_name, was_uuid);
	else
		snprintf(note, sizeof note, "%s (%s) merged into this entry", gone_name, gone_uuid);
	if (!rc)
		rc = curate_version_add(s, keep, "merged", who, note, now, NULL);
	return rc;
}

sn_err curate_merge_undo(store *s, int64_t keep, int64_t gone, const curate_actor *who, const char *now,
			 int64_t within_s)
{
	char gone_uuid[37] = "", keep_name[256] = "", gone_name[256] = "";
	int64_t merged_into = 0;
	bool row = false;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT g.uuid, g.name, g.merged_into, k.name FROM dir_services g, "
				"dir_services k WHERE g.id = ? AND k.id = ? AND g.moderation = 'archived'",
				"ii", gone, keep);
	if (!rc && !(rc = store_step(st, &row)) && row) {
		snprintf(gone_uuid, sizeof gone_uuid, "%s", store_col_text(st, 0));
		snprintf(gone_name, sizeof gone_name, "%s", store_col_text(st, 1));
		merged_into = store_col_i64(st, 2);
		snprintf(keep_name, sizeof keep_name, "%s", store_col_text(st, 3));
	}
	store_done(st);
	if (rc)
		return rc;
	if (!row || merged_into != keep)
		return SN_ENOTFOUND;
	/* The kept entry's "merged" version of this merge: when, and the
	 * organisation it had. */
	char note[600] = "", when[40] = "", pattern[64];
	snprintf(pattern, sizeof pattern, "%%(%s) merged into this entry%%", gone_uuid);
	row = false;
	rc = store_query(s, &st, "SELECT note, created_at FROM dir_service_versions WHERE service_id = ? AND "
			 "action = 'merged' AND note LIKE ? ORDER BY version DESC LIMIT 1", "it", keep, pattern);
	if (!rc && !(rc = store_step(st, &row)) && row) {
		snprintf(note, sizeof note, "%s", store_col_text(st, 0));
		snprintf(when, sizeof when, "%s", store_col_text(st, 1));
	}
	store_done(st);
	if (rc)
		return rc;
	int64_t t_merge = 0, t_now = 0;
	if (!row || time_parse_iso8601(when, &t_merge) || time_parse_iso8601(now, &t_now) ||
	    t_now - t_merge > within_s)
		return SN_ECONFLICT;
	const char *was = strstr(note, "(" CURATE_WAS_ORG);
	if (was) {
		char org_uuid[37];
		snprintf(org_uuid, sizeof org_uuid, "%.36s", was + 1 + strlen(CURATE_WAS_ORG));
		rc = store_run(s, "UPDATE dir_services SET organization_id = (SELECT id FROM dir_organizations "
			       "WHERE uuid = ?), last_modified = ? WHERE id = ? AND EXISTS (SELECT 1 FROM "
			       "dir_organizations WHERE uuid = ?)", "ttit", org_uuid, now, keep, org_uuid);
	}
	if (!rc)
		rc = store_run(s, "UPDATE dir_services SET moderation = 'published', merged_into = NULL, "
			       "last_modified = ? WHERE id = ?", "ti", now, gone);
	if (!rc)
		rc = search_index_service(s, gone);
	if (!rc)
		rc = search_index_service(s, keep);
	char n2[600];
	snprintf(n2, sizeof n2, "Merge into %s undone: the entry is back in the directory", keep_name);
	if (!rc)
		rc = curate_version_add(s, gone, "restored", who, n2, now, NULL);
	snprintf(n2, sizeof n2, "Merge of %s (%s) undone", gone_name, gone_uuid);
	if (!rc)
		rc = curate_version_add(s, keep, "restored", who, n2, now, NULL);
	return rc;
}
