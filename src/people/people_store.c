/* Person records, their relationships and the area's localities in the store: every statement of the people feature. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../directory/geo/geo.h"
#include "people.h"

sn_err people_find(store *s, const char *uuid, arena *a, person **out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT p.id, p.uuid, p.given_name, p.family_name, "
		"coalesce(p.date_of_birth, ''), coalesce(p.nhs_number, ''), "
		"coalesce(p.postcode, ''), coalesce(l.name, ''), coalesce(p.user_id, 0), "
		"p.phone, p.email, coalesce(p.locality_id, 0), coalesce(m.uuid, '') "
		"FROM people p LEFT JOIN localities l ON l.id = p.locality_id "
		"LEFT JOIN people m ON m.id = p.merged_into "
		"WHERE p.uuid = ?", "t", uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc) {
		person *p = arena_alloc(a, sizeof *p);
		p->id = store_col_i64(st, 0);
		snprintf(p->uuid, sizeof p->uuid, "%s", store_col_text(st, 1));
		p->given_name = arena_strdup(a, store_col_text(st, 2));
		p->family_name = arena_strdup(a, store_col_text(st, 3));
		p->date_of_birth = arena_strdup(a, store_col_text(st, 4));
		p->nhs_number = arena_strdup(a, store_col_text(st, 5));
		p->postcode = arena_strdup(a, store_col_text(st, 6));
		p->locality = arena_strdup(a, store_col_text(st, 7));
		p->user_id = store_col_i64(st, 8);
		p->phone = arena_strdup(a, store_col_text(st, 9));
		p->email = arena_strdup(a, store_col_text(st, 10));
		p->locality_id = store_col_i64(st, 11);
		p->merged_into = arena_strdup(a, store_col_text(st, 12));
		*out = p;
	}
	store_done(st);
	return rc;
}

bool people_nhs_number_valid(const char *d)
{
	if (!d || strlen(d) != 10)
		return false;
	int sum = 0;
	for (int i = 0; i < 10; i++)
		if (!isdigit((unsigned char)d[i]))
			return false;
	for (int i = 0; i < 9; i++)
		sum += (d[i] - '0') * (10 - i);
	int check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	if (check == 10)
		return false;
	return check == d[9] - '0';
}

/* ---- writes ---- */

static const char *or_null(const char *s)
{
	return s && *s ? s : NULL;
}

static sn_err bind_id_or_null(store_stmt *st, int i, int64_t id)
{
	return id ? store_bind_i64(st, i, id) : store_bind_null(st, i);
}

sn_err people_add(store *s, const person_new *n, const char *uuid, const char *now, int64_t *id)
{
	store_stmt *st = NULL;
	sn_err rc = store_prepare(s,
		"INSERT INTO people (uuid, given_name, family_name, date_of_birth, nhs_number, "
		"postcode, locality_id, user_id, created_at, updated_at, phone, email) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", &st);
	const char *text[] = {uuid, n->given_name, n->family_name, or_null(n->date_of_birth),
			      or_null(n->nhs_number), or_null(n->postcode)};
	for (size_t i = 0; i < SN_ARRAY_LEN(text) && !rc; i++)
		rc = store_bind_text(st, (int)i + 1, text[i]);
	if (!rc)
		rc = bind_id_or_null(st, 7, n->locality_id);
	if (!rc)
		rc = bind_id_or_null(st, 8, n->user_id);
	if (!rc)
		rc = store_bind_text(st, 9, now);
	if (!rc)
		rc = store_bind_text(st, 10, now);
	if (!rc)
		rc = store_bind_text(st, 11, n->phone ? n->phone : "");
	if (!rc)
		rc = store_bind_text(st, 12, n->email ? n->email : "");
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_EINTERNAL;
	if (!rc)
		*id = store_col_i64(st, 0);
	store_done(st);
	return rc;
}

sn_err people_relate(store *s, int64_t person_id, int64_t user_id, const char *kind,
		     const char *now)
{
	return store_run(s, "INSERT INTO relationships (person_id, user_id, kind, since) "
			    "VALUES (?, ?, ?, ?)", "iitt", person_id, user_id, kind, now);
}

sn_err people_add_locality(store *s, const char *uuid, const char *name, int64_t *id)
{
	return store_one_i64(s, id, "INSERT INTO localities (uuid, name) VALUES (?, ?) RETURNING id",
			     "tt", uuid, name);
}

sn_err people_set_postcode(store *s, int64_t id, const char *postcode, const char *now)
{
	return store_run(s, "UPDATE people SET postcode = ?, updated_at = ? WHERE id = ?", "tti",
			 postcode, now, id);
}

sn_err people_set_details(store *s, int64_t id, const person_new *d, const char *now)
{
	store_stmt *st = NULL;
	sn_err rc = store_prepare(s,
		"UPDATE people SET given_name = ?, family_name = ?, date_of_birth = ?, nhs_number = ?, "
		"postcode = ?, phone = ?, email = ?, locality_id = ?, updated_at = ? WHERE id = ?", &st);
	const char *text[] = {d->given_name, d->family_name, or_null(d->date_of_birth),
			      or_null(d->nhs_number), or_null(d->postcode),
			      d->phone ? d->phone : "", d->email ? d->email : ""};
	for (size_t i = 0; i < SN_ARRAY_LEN(text) && !rc; i++)
		rc = store_bind_text(st, (int)i + 1, text[i]);
	if (!rc)
		rc = bind_id_or_null(st, 8, d->locality_id);
	if (!rc)
		rc = store_bind_text(st, 9, now);
	if (!rc)
		rc = store_bind_i64(st, 10, id);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	store_done(st);
	return rc;
}

sn_err people_locality_of(store *s, const char *postcode, int64_t *locality_id)
{
	*locality_id = 0;
	if (!postcode || !*postcode)
		return SN_OK;
	sn_err rc = geo_postcode_lookup(s, postcode, NULL, NULL, locality_id);
	return rc == SN_ENOTFOUND || rc == SN_EINPUT ? SN_OK : rc;
}

/* ---- reads ---- */

sn_err people_count(store *s, int64_t *n)
{
	return store_one_i64(s, n, "SELECT count(*) FROM people", "");
}

sn_err people_uuid_of_user(store *s, int64_t user_id, arena *a, const char **uuid)
{
	store_stmt *st = NULL;
	*uuid = NULL;
	sn_err rc = store_query(s, &st, "SELECT uuid FROM people WHERE user_id = ?", "i", user_id);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && row)
		*uuid = arena_strdup(a, store_col_text(st, 0));
	store_done(st);
	return rc;
}

sn_err people_caseload(store *s, int64_t user_id, bool worker, arena *a,
		       people_caseload_row **rows, size_t *n)
{
	return people_caseload_search(s, user_id, worker, NULL, a, rows, n);
}

/* "%q%" for LIKE with q's own % _ and \ taken literally, in lower case. */
static char *like_pattern(arena *a, const char *q)
{
	char *out = arena_alloc(a, strlen(q) * 2 + 3), *o = out;
	*o++ = '%';
	for (const char *p = q; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			*o++ = '\\';
		*o++ = (char)tolower((unsigned char)*p);
	}
	*o++ = '%';
	*o = 0;
	return out;
}

sn_err people_caseload_search(store *s, int64_t user_id, bool worker, const char *q, arena *a,
			      people_caseload_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT p.uuid, p.given_name, p.family_name, coalesce(l.name, ''), "
		"max(CASE r.kind WHEN 'worker' THEN 0 ELSE 1 END) "
		"FROM relationships r JOIN people p ON p.id = r.person_id "
		"LEFT JOIN localities l ON l.id = p.locality_id "
		"WHERE r.user_id = ? AND (r.kind = 'named' OR ? = 1) AND p.merged_into IS NULL "
		"AND (? = 0 OR lower(p.given_name || ' ' || p.family_name) LIKE ? ESCAPE '\\') "
		"GROUP BY p.id, p.uuid, p.given_name, p.family_name, l.name "
		"ORDER BY p.family_name, p.given_name LIMIT 500",
		"iiit", user_id, (int64_t)worker, (int64_t)(q && *q), like_pattern(a, q ? q : ""));
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		people_caseload_row *x = &(*rows)[(*n)++];
		x->uuid = arena_strdup(a, store_col_text(st, 0));
		x->given_name = arena_strdup(a, store_col_text(st, 1));
		x->family_name = arena_strdup(a, store_col_text(st, 2));
		x->locality = arena_strdup(a, store_col_text(st, 3));
		x->named = store_col_i64(st, 4) != 0;
	}
	store_done(st);
	return rc;
}

sn_err people_likely_matches(store *s, const char *given, const char *family, const char *dob,
			     const char *postcode, int64_t exclude, size_t max, arena *a,
			     people_match_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	const char *d = dob ? dob : "", *pc = postcode ? postcode : "";
	/* The same date of birth first, then the same postcode. */
	sn_err rc = store_query(s, &st,
		"SELECT uuid, given_name, family_name, coalesce(date_of_birth, ''), "
		"coalesce(postcode, ''), id FROM people "
		"WHERE lower(family_name) = lower(?) AND id <> ? AND merged_into IS NULL "
		"AND (lower(given_name) = lower(?) OR (? <> '' AND date_of_birth = ?)) "
		"AND (? = '' OR date_of_birth IS NULL OR date_of_birth = ?) "
		"ORDER BY CASE WHEN date_of_birth = ? THEN 0 WHEN postcode = ? THEN 1 ELSE 2 END, id "
		"LIMIT ?",
		"tittttttti", family, exclude, given, d, d, d, d, d, pc, (int64_t)max);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		people_match_row *x = &(*rows)[(*n)++];
		x->uuid = arena_strdup(a, store_col_text(st, 0));
		x->given_name = arena_strdup(a, store_col_text(st, 1));
		x->family_name = arena_strdup(a, store_col_text(st, 2));
		x->date_of_birth = arena_strdup(a, store_col_text(st, 3));
		x->postcode = arena_strdup(a, store_col_text(st, 4));
		x->id = store_col_i64(st, 5);
	}
	store_done(st);
	return rc;
}

sn_err people_circle(store *s, int64_t person_id, arena *a, people_circle_row **rows,
		     size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT u.name, r.kind FROM relationships r JOIN users u ON u.id = r.user_id "
		"WHERE r.person_id = ? ORDER BY r.kind, u.name", "i", person_id);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		people_circle_row *x = &(*rows)[(*n)++];
		x->name = arena_strdup(a, store_col_text(st, 0));
		x->worker = strcmp(store_col_text(st, 1), "worker") == 0;
	}
	store_done(st);
	return rc;
}

sn_err people_access_log(store *s, const char *person_uuid, size_t max, arena *a,
			 people_access_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	char rec[64];
	snprintf(rec, sizeof rec, "person:%s", person_uuid);
	store_stmt *st = NULL;
	/* The record's own entries and those of the records merged into it:
	 * who looked at the duplicate looked at this person. */
	sn_err rc = store_query(s, &st,
		"SELECT a.at, a.action, coalesce(u.name, a.actor), a.role, a.reason "
		"FROM audit a LEFT JOIN users u ON u.uuid = a.actor "
		"WHERE a.record = ? OR a.record IN (SELECT 'person:' || d.uuid FROM people d "
		"JOIN people p ON p.id = d.merged_into WHERE p.uuid = ?) "
		"ORDER BY a.seq DESC LIMIT ?", "tti", rec, person_uuid, (int64_t)max);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		people_access_row *x = &(*rows)[(*n)++];
		x->at = arena_strdup(a, store_col_text(st, 0));
		x->action = arena_strdup(a, store_col_text(st, 1));
		x->who = arena_strdup(a, store_col_text(st, 2));
		x->role = arena_strdup(a, store_col_text(st, 3));
		x->reason = arena_strdup(a, store_col_text(st, 4));
	}
	store_done(st);
	return rc;
}
