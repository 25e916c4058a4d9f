/* The intake queue in the store: every statement on intake_requests. */
#include <stdio.h>
#include <string.h>

#include "../access/access.h"
#include "../activity/activity.h"
#include "../directory/geo/geo.h"
#include "../once/once.h"
#include "intake.h"

/* The request itself, inside the caller's transaction. */
static sn_err insert(store *s, const intake_new *n, const char *uuid, const char *now)
{
	int64_t locality = 0;
	/* The locality of the postcode, when the area knows it. */
	if (n->postcode && *n->postcode)
		geo_postcode_lookup(s, n->postcode, NULL, NULL, &locality);
	store_stmt *st = NULL;
	sn_err rc = store_prepare(s,
		"INSERT INTO intake_requests (uuid, source, given_name, family_name, "
		"date_of_birth, phone, email, postcode, for_whom, consent_at, answers, "
		"summary, may_be_eligible, created_at, asker_name, asker_relationship, locality_id) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st);
	const char *text[] = {uuid, n->source, n->given_name, n->family_name,
			      n->date_of_birth && *n->date_of_birth ? n->date_of_birth : NULL,
			      n->phone, n->email, n->postcode, n->for_whom, now, n->answers,
			      n->summary};
	for (size_t i = 0; i < SN_ARRAY_LEN(text) && !rc; i++)
		rc = text[i] ? store_bind_text(st, (int)i + 1, text[i]) : store_bind_null(st, (int)i + 1);
	if (!rc)
		rc = store_bind_i64(st, 13, n->may_be_eligible);
	if (!rc)
		rc = store_bind_text(st, 14, now);
	if (!rc)
		rc = store_bind_text(st, 15, n->asker_name ? n->asker_name : "");
	if (!rc)
		rc = store_bind_text(st, 16, n->asker_relationship ? n->asker_relationship : "");
	if (!rc)
		rc = locality ? store_bind_i64(st, 17, locality) : store_bind_null(st, 17);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	store_done(st);
	/* The evidence figures count requests by where they come from (no one
	 * is named: the request has no person record yet). */
	if (!rc) {
		activity_row r = {.kind = ACT_REQUEST, .detail = str_eq(n->source, "self_check") ? "self-check" : "contact",
				  .day = now, .locality_id = locality,
				  .age_band = activity_age_band(n->date_of_birth, now), .value = 1};
		rc = activity_add_row(s, &r);
	}
	return rc;
}

/* The request an earlier sending of the same form made, if any. */
static sn_err made_before(store *s, const intake_new *n, arena *a, char uuid_out[static 37],
			  bool *found)
{
	const char *made = NULL;
	*found = false;
	sn_err rc = once_made(s, n->form_id, a, &made);
	if (!rc && made && str_starts(made, "intake:") && str_is_uuid(made + 7)) {
		snprintf(uuid_out, 37, "%s", made + 7);
		*found = true;
	}
	return rc;
}

sn_err intake_submit(store *s, const intake_new *n, char uuid_out[static 37], bool *repeated)
{
	char now[21];
	time_iso8601(time_now(), now);
	uuid_v4(uuid_out);
	char record[64];
	snprintf(record, sizeof record, "intake:%s", uuid_out);
	arena *a = arena_new();
	bool again = false;
	sn_err rc = store_begin_write(s);
	if (!rc)
		rc = made_before(s, n, a, uuid_out, &again);
	if (!rc && !again)
		rc = insert(s, n, uuid_out, now);
	if (!rc && !again) {
		audit_entry e = {n->actor, n->role && *n->role ? n->role : "public",
				 "intake.create", record, "sent by the person, with consent"};
		rc = audit_append(s, &e);
	}
	if (!rc && !again)
		rc = once_remember(s, n->form_id, record);
	if (!rc)
		rc = store_commit(s);
	if (rc)
		store_rollback(s);
	if (rc == SN_ECONFLICT) {
		/* The same form, sent at the same moment: the other one stands. */
		rc = made_before(s, n, a, uuid_out, &again);
		if (!rc && !again)
			rc = SN_ECONFLICT;
	}
	arena_free(a);
	if (repeated)
		*repeated = again;
	return rc;
}

sn_err intake_find(store *s, const char *uuid, arena *a, intake_request *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT i.id, i.uuid, i.status, i.given_name, i.family_name, coalesce(i.date_of_birth, ''), "
		"i.phone, i.email, i.postcode, i.for_whom, i.consent_at, i.answers, i.summary, "
		"i.created_at, coalesce(u.name, ''), coalesce(i.taken_at, ''), coalesce(p.uuid, ''), "
		"i.closed_reason, i.may_be_eligible, i.asker_name, i.asker_relationship, "
		"coalesce(i.locality_id, 0) "
		"FROM intake_requests i LEFT JOIN users u ON u.id = i.taken_by "
		"LEFT JOIN people p ON p.id = i.person_id WHERE i.uuid = ?", "t", uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc) {
		out->id = store_col_i64(st, 0);
		snprintf(out->uuid, sizeof out->uuid, "%s", store_col_text(st, 1));
		const char **f[] = {&out->status, &out->given_name, &out->family_name, &out->dob,
				    &out->phone, &out->email, &out->postcode, &out->for_whom,
				    &out->consent_at, &out->answers, &out->summary, &out->created_at,
				    &out->taken_by, &out->taken_at, &out->person_uuid,
				    &out->closed_reason};
		for (size_t i = 0; i < SN_ARRAY_LEN(f); i++)
			*f[i] = arena_strdup(a, store_col_text(st, (int)i + 2));
		out->may_be_eligible = store_col_i64(st, 18) != 0;
		out->asker_name = arena_strdup(a, store_col_text(st, 19));
		out->asker_relationship = arena_strdup(a, store_col_text(st, 20));
		out->locality_id = store_col_i64(st, 21);
	}
	store_done(st);
	return rc;
}

sn_err intake_queue(store *s, const char *status, arena *a, intake_queue_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT i.uuid, i.given_name, i.family_name, i.postcode, i.source, "
		"i.may_be_eligible, i.created_at, i.summary, coalesce(u.name, '') "
		"FROM intake_requests i LEFT JOIN users u ON u.id = i.taken_by "
		"WHERE i.status = ? ORDER BY i.created_at, i.id LIMIT 200", "t", status);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		intake_queue_row *x = &(*rows)[(*n)++];
		x->uuid = arena_strdup(a, store_col_text(st, 0));
		x->given_name = arena_strdup(a, store_col_text(st, 1));
		x->family_name = arena_strdup(a, store_col_text(st, 2));
		x->postcode = arena_strdup(a, store_col_text(st, 3));
		x->source = arena_strdup(a, store_col_text(st, 4));
		x->may_be_eligible = store_col_i64(st, 5) != 0;
		x->created_at = arena_strdup(a, store_col_text(st, 6));
		x->summary = arena_strdup(a, store_col_text(st, 7));
		x->taken_by = arena_strdup(a, store_col_text(st, 8));
	}
	store_done(st);
	return rc;
}

sn_err intake_mark_taken(store *s, int64_t id, int64_t user_id, int64_t person_id,
			 const char *now)
{
	sn_err rc = store_run(s, "UPDATE intake_requests SET status = 'taken', taken_by = ?, "
			      "taken_at = ?, person_id = ? WHERE id = ? AND status = 'new'",
			      "itii", user_id, now, person_id, id);
	if (!rc && store_changes(s) != 1)
		rc = SN_ECONFLICT;
	return rc;
}

sn_err intake_mark_closed(store *s, int64_t id, const char *reason)
{
	sn_err rc = store_run(s, "UPDATE intake_requests SET status = 'closed', closed_reason = ? "
			      "WHERE id = ? AND status = 'new'", "ti", reason, id);
	if (!rc && store_changes(s) != 1)
		rc = SN_ECONFLICT;
	return rc;
}

sn_err intake_selfcheck_answers(store *s, int64_t person_id, arena *a, const char **answers)
{
	*answers = NULL;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT answers FROM intake_requests WHERE person_id = ? "
				"AND source = 'self_check' ORDER BY id DESC LIMIT 1", "i", person_id);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && row)
		*answers = arena_strdup(a, store_col_text(st, 0));
	store_done(st);
	return rc;
}

sn_err intake_similar(store *s, const char *given, const char *family, const char *exclude,
		      size_t max, arena *a, intake_similar_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT uuid, status, created_at, postcode FROM intake_requests "
		"WHERE lower(family_name) = lower(?) AND lower(given_name) = lower(?) AND uuid <> ? "
		"ORDER BY id DESC LIMIT ?", "ttti", family, given, exclude, (int64_t)max);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		intake_similar_row *x = &(*rows)[(*n)++];
		x->uuid = arena_strdup(a, store_col_text(st, 0));
		x->status = arena_strdup(a, store_col_text(st, 1));
		x->created_at = arena_strdup(a, store_col_text(st, 2));
		x->postcode = arena_strdup(a, store_col_text(st, 3));
	}
	store_done(st);
	return rc;
}
