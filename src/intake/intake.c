/* The intake queue: storing a request, and the workers' pages. */
#include <stdio.h>
#include <string.h>

#include "../access/access.h"
#include "intake.h"

sn_err intake_submit(store *s, const intake_new *n, char uuid_out[static 37])
{
	char now[21];
	time_iso8601(time_now(), now);
	uuid_v4(uuid_out);
	char record[64];
	snprintf(record, sizeof record, "intake:%s", uuid_out);
	sn_err rc = store_begin_write(s);
	if (!rc)
		rc = store_run(s,
			"INSERT INTO intake_requests (uuid, source, given_name, family_name, "
			"date_of_birth, phone, email, postcode, for_whom, consent_at, answers, "
			"summary, may_be_eligible, created_at) "
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			"tttttttttttt" "it", uuid_out, n->source, n->given_name, n->family_name,
			n->date_of_birth && *n->date_of_birth ? n->date_of_birth : NULL,
			n->phone, n->email, n->postcode, n->for_whom, now, n->answers, n->summary,
			(int64_t)n->may_be_eligible, now);
	if (!rc) {
		audit_entry e = {n->actor, n->role && *n->role ? n->role : "public",
				 "intake.create", record, "sent by the person, with consent"};
		rc = audit_append(s, &e);
	}
	if (!rc)
		rc = store_commit(s);
	if (rc)
		store_rollback(s);
	return rc;
}

/* ---- pages ---- */

static sn_err audit_intake(req *r, const char *action, const char *uuid, const char *why)
{
	audit_entry e = {r->user->uuid, "worker", action, arena_printf(r->a, "intake:%s", uuid),
			 why};
	return audit_append(r->db, &e);
}

sn_err intake_list(req *r, reply *out)
{
	const char *status = req_get(r, "status");
	if (!*status)
		status = "new";
	store_stmt *st = NULL;
	sn_err rc = store_query(r->db, &st,
		"SELECT i.uuid, i.given_name, i.family_name, i.postcode, i.source, i.for_whom, "
		"i.may_be_eligible, i.created_at, i.summary, coalesce(u.name, '') "
		"FROM intake_requests i LEFT JOIN users u ON u.id = i.taken_by "
		"WHERE i.status = ? ORDER BY i.created_at, i.id LIMIT 200", "t", status);
	if (rc)
		return rc;
	json_t *items = json_array();
	bool row = true;
	while (!(rc = store_step(st, &row)) && row)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s}",
			"uuid", store_col_text(st, 0),
			"name", arena_printf(r->a, "%s %s", store_col_text(st, 1), store_col_text(st, 2)),
			"postcode", store_col_text(st, 3),
			"source", strcmp(store_col_text(st, 4), "self_check") == 0 ? "Self-check"
											: "Contact",
			"may_be_eligible", store_col_i64(st, 6) != 0,
			"received", time_uk_when(r->a, store_col_text(st, 7)),
			"summary", store_col_text(st, 8), "taken_by", store_col_text(st, 9)));
	store_done(st);
	if (!rc)
		rc = audit_intake(r, "intake.list", "*",
				  arena_printf(r->a, "queue '%s': %zu requests", status,
					       json_array_size(items)));
	if (rc) {
		json_decref(items);
		return rc;
	}
	json_t *tabs = json_array();
	static const char *const statuses[][2] = {{"new", "Waiting"}, {"taken", "Taken"},
						 {"closed", "Closed"}};
	for (size_t i = 0; i < 3; i++)
		json_array_append_new(tabs, json_pack("{s:s, s:s, s:b}", "status", statuses[i][0],
			"label", statuses[i][1], "current", strcmp(status, statuses[i][0]) == 0));
	json_t *v = json_pack("{s:o, s:o, s:I, s:s, s:b}", "items", items, "tabs", tabs, "count",
			      (json_int_t)json_array_size(items), "status", status,
			      "waiting", strcmp(status, "new") == 0);
	return reply_page(out, 200, "intake/list", "Requests for an assessment", v);
}

typedef struct {
	int64_t id;
	char uuid[37];
	const char *status, *given_name, *family_name, *dob, *phone, *email, *postcode, *for_whom,
		*consent_at, *answers, *summary, *created_at, *taken_by, *taken_at, *person_uuid,
		*closed_reason;
	bool may_be_eligible;
} intake_row;

static sn_err find(req *r, const char *uuid, intake_row *x)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(r->db, &st,
		"SELECT i.id, i.uuid, i.status, i.given_name, i.family_name, coalesce(i.date_of_birth, ''), "
		"i.phone, i.email, i.postcode, i.for_whom, i.consent_at, i.answers, i.summary, "
		"i.created_at, coalesce(u.name, ''), coalesce(i.taken_at, ''), coalesce(p.uuid, ''), "
		"i.closed_reason, i.may_be_eligible "
		"FROM intake_requests i LEFT JOIN users u ON u.id = i.taken_by "
		"LEFT JOIN people p ON p.id = i.person_id WHERE i.uuid = ?", "t", uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc) {
		arena *a = r->a;
		x->id = store_col_i64(st, 0);
		snprintf(x->uuid, sizeof x->uuid, "%s", store_col_text(st, 1));
		const char **f[] = {&x->status, &x->given_name, &x->family_name, &x->dob, &x->phone,
				    &x->email, &x->postcode, &x->for_whom, &x->consent_at,
				    &x->answers, &x->summary, &x->created_at, &x->taken_by,
				    &x->taken_at, &x->person_uuid, &x->closed_reason};
		for (size_t i = 0; i < SN_ARRAY_LEN(f); i++)
			*f[i] = arena_strdup(a, store_col_text(st, (int)i + 2));
		x->may_be_eligible = store_col_i64(st, 18) != 0;
	}
	store_done(st);
	return rc;
}

/* The answers record as sections of question and answer, whatever the
 * question set was: {"title", "sections": [{"title", "answers": [{"question",
 * "answer"}]}]}. Anything else is shown as it is. */
static json_t *answers_view(const char *text)
{
	json_t *o = json_loads(text, 0, NULL);
	if (!json_is_object(o) || !json_is_array(json_object_get(o, "sections"))) {
		json_decref(o);
		return json_pack("{s:s}", "raw", text);
	}
	return o;
}

static sn_err show(req *r, reply *out, const intake_row *x, int status)
{
	json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}",
		"uuid", x->uuid, "name", arena_printf(r->a, "%s %s", x->given_name, x->family_name),
		"date_of_birth", x->dob, "phone", x->phone, "email", x->email,
		"postcode", x->postcode, "received", time_uk_when(r->a, x->created_at),
		"consent", time_uk_when(r->a, x->consent_at), "summary", x->summary,
		"for_whom", strcmp(x->for_whom, "self") == 0 ? "Themselves" : "Someone they know",
		"answers", answers_view(x->answers));
	json_object_set_new(v, "may_be_eligible", json_boolean(x->may_be_eligible));
	json_object_set_new(v, "is_new", json_boolean(strcmp(x->status, "new") == 0));
	json_object_set_new(v, "is_taken", json_boolean(strcmp(x->status, "taken") == 0));
	json_object_set_new(v, "is_closed", json_boolean(strcmp(x->status, "closed") == 0));
	json_object_set_new(v, "taken_by", json_string(x->taken_by));
	json_object_set_new(v, "taken_at", json_string(time_uk_when(r->a, x->taken_at)));
	json_object_set_new(v, "person_uuid", json_string(x->person_uuid));
	json_object_set_new(v, "closed_reason", json_string(x->closed_reason));
	json_object_set_new(v, "reason", json_string(req_get(r, "reason")));
	return reply_page(out, status, "intake/show",
			  arena_printf(r->a, "Request from %s %s", x->given_name, x->family_name), v);
}

sn_err intake_show(req *r, reply *out)
{
	intake_row x;
	sn_err rc = find(r, req_get(r, "id"), &x);
	if (!rc)
		rc = audit_intake(r, "intake.read", x.uuid, "intake queue");
	if (rc)
		return rc;
	return show(r, out, &x, 200);
}

sn_err intake_take(req *r, reply *out)
{
	intake_row x;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = find(r, req_get(r, "id"), &x);
	if (rc)
		return rc;
	if (strcmp(x.status, "new") != 0) {
		store_rollback(r->db);
		reply_error(r, out, 409, strcmp(x.status, "taken") == 0
			? arena_printf(r->a, "%s has already taken this request.", x.taken_by)
			: "This request has been closed.");
		return SN_OK;
	}
	char now[21], puuid[37];
	time_iso8601(time_now(), now);
	uuid_v4(puuid);
	/* A new person record from what the person told us. Matching with an
	 * existing record is the worker's next step on the record page. */
	rc = store_run(r->db,
		"INSERT INTO people (uuid, given_name, family_name, date_of_birth, postcode, "
		"created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", "ttttttt", puuid,
		x.given_name, x.family_name, *x.dob ? x.dob : NULL, *x.postcode ? x.postcode : NULL,
		now, now);
	int64_t pid = 0;
	if (!rc)
		rc = store_one_i64(r->db, &pid, "SELECT id FROM people WHERE uuid = ?", "t", puuid);
	if (!rc)
		rc = store_run(r->db, "INSERT INTO relationships (person_id, user_id, kind, since) "
			       "VALUES (?, ?, 'worker', ?)", "iit", pid, r->user->id, now);
	if (!rc)
		rc = store_run(r->db, "UPDATE intake_requests SET status = 'taken', taken_by = ?, "
			       "taken_at = ?, person_id = ? WHERE id = ? AND status = 'new'",
			       "itii", r->user->id, now, pid, x.id);
	if (!rc && store_changes(r->db) != 1)
		rc = SN_ECONFLICT;
	if (!rc)
		rc = audit_intake(r, "intake.take", x.uuid, "taken from the queue");
	if (!rc) {
		audit_entry e = {r->user->uuid, "worker", "person.create",
				 arena_printf(r->a, "person:%s", puuid),
				 arena_printf(r->a, "from intake:%s", x.uuid)};
		rc = audit_append(r->db, &e);
	}
	if (!rc)
		rc = store_commit(r->db);
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "/people/%s", puuid));
}

sn_err intake_close(req *r, reply *out)
{
	/* Soft input: the id is checked here, the reason on the page. */
	if (!str_is_uuid(req_get(r, "id")))
		return reply_error(r, out, 400, "The request id is not valid.");
	intake_row x;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = find(r, req_get(r, "id"), &x);
	if (rc)
		return rc;
	if (strcmp(x.status, "new") != 0) {
		/* Only a waiting request can be closed: a taken one belongs to
		 * its worker and the person's record now. */
		store_rollback(r->db);
		reply_error(r, out, 409, strcmp(x.status, "closed") == 0
			? "This request is already closed."
			: arena_printf(r->a, "%s has taken this request; it cannot be closed here.",
				       x.taken_by));
		return SN_OK;
	}
	if (r->errors) {
		rc = audit_intake(r, "intake.read", x.uuid, "intake queue");
		if (!rc)
			rc = store_commit(r->db);
		return rc ? rc : show(r, out, &x, 400);
	}
	rc = store_run(r->db, "UPDATE intake_requests SET status = 'closed', closed_reason = ? "
		       "WHERE id = ? AND status = 'new'", "ti", req_get(r, "reason"), x.id);
	if (!rc && store_changes(r->db) != 1)
		rc = SN_ECONFLICT;
	if (!rc)
		rc = audit_intake(r, "intake.close", x.uuid, req_get(r, "reason"));
	if (!rc)
		rc = store_commit(r->db);
	if (rc)
		return rc;
	return reply_redirect(out, "/intake");
}
