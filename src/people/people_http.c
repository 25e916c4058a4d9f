/* Handlers for person records: the caseload list, one record (reached
 * through a relationship or break glass), contact changes, break glass. */
#include <stdio.h>
#include <string.h>

#include "../access/access.h"
#include "../assessment/assessment.h"
#include "people.h"

sn_err people_list(req *r, reply *out)
{
	store_stmt *st = NULL;
	bool worker = (r->user->roles & R_WORKER) != 0;
	sn_err rc = store_query(r->db, &st,
		"SELECT p.uuid, p.given_name, p.family_name, coalesce(l.name, ''), "
		"max(CASE r.kind WHEN 'worker' THEN 'assigned worker' ELSE 'named by the person' END) "
		"FROM relationships r JOIN people p ON p.id = r.person_id "
		"LEFT JOIN localities l ON l.id = p.locality_id "
		"WHERE r.user_id = ? AND (r.kind = 'named' OR ? = 1) "
		"GROUP BY p.id, p.uuid, p.given_name, p.family_name, l.name ORDER BY p.family_name, p.given_name LIMIT 500",
		"ii", r->user->id, (int64_t)worker);
	if (rc)
		return rc;
	json_t *people = json_array();
	bool row = true;
	while (!(rc = store_step(st, &row)) && row)
		json_array_append_new(people, json_pack("{s:s, s:s, s:s, s:s}",
			"uuid", store_col_text(st, 0),
			"name", arena_printf(r->a, "%s %s", store_col_text(st, 1), store_col_text(st, 2)),
			"locality", store_col_text(st, 3), "basis", store_col_text(st, 4)));
	store_done(st);
	if (!rc) {
		audit_entry e = {r->user->uuid, worker ? "worker" : "carer", "person.list", "",
				 arena_printf(r->a, "own caseload: %zu people", json_array_size(people))};
		rc = audit_append(r->db, &e);
	}
	if (rc) {
		json_decref(people);
		return rc;
	}
	json_t *v = json_pack("{s:o, s:I, s:b}", "people", people, "count",
			      (json_int_t)json_array_size(people), "is_worker", worker);
	return reply_page(out, 200, "people/list", "People you support", v);
}

/* Who looked at or changed this record, newest first. */
static json_t *access_log(req *r, const char *uuid)
{
	json_t *log = json_array();
	store_stmt *st = NULL;
	char rec[64];
	snprintf(rec, sizeof rec, "person:%s", uuid);
	if (store_query(r->db, &st,
			"SELECT a.at, a.action, coalesce(u.name, a.actor), a.role, a.reason "
			"FROM audit a LEFT JOIN users u ON u.uuid = a.actor "
			"WHERE a.record = ? ORDER BY a.seq DESC LIMIT 20", "t", rec))
		return log;
	bool row = true;
	while (!store_step(st, &row) && row) {
		int64_t t = 0;
		char when[32] = "";
		if (!time_parse_iso8601(store_col_text(st, 0), &t))
			time_uk_date(t, when);
		const char *action = store_col_text(st, 1);
		const char *what = strcmp(action, "person.read") == 0 ? "Looked at the record"
			: strcmp(action, "person.update") == 0 ? "Changed the record"
			: strcmp(action, "person.break_glass") == 0 ? "Used emergency access"
			: action;
		json_array_append_new(log, json_pack("{s:s, s:s, s:s, s:s, s:s}",
			"when", arena_printf(r->a, "%s %.5s", when, store_col_text(st, 0) + 11),
			"what", what, "who", store_col_text(st, 2), "role", store_col_text(st, 3),
			"why", store_col_text(st, 4)));
	}
	store_done(st);
	return log;
}

static json_t *circle(req *r, int64_t person_id)
{
	json_t *list = json_array();
	store_stmt *st = NULL;
	if (store_query(r->db, &st,
			"SELECT u.name, r.kind FROM relationships r JOIN users u ON u.id = r.user_id "
			"WHERE r.person_id = ? ORDER BY r.kind, u.name", "i", person_id))
		return list;
	bool row = true;
	while (!store_step(st, &row) && row)
		json_array_append_new(list, json_pack("{s:s, s:s}", "name", store_col_text(st, 0),
			"kind", strcmp(store_col_text(st, 1), "worker") == 0 ? "Assigned worker"
								    : "Named by the person"));
	store_done(st);
	return list;
}

static sn_err show(req *r, reply *out, const person *p, access_basis basis,
		   int status)
{
	json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:o}",
		"uuid", p->uuid, "name", arena_printf(r->a, "%s %s", p->given_name, p->family_name),
		"date_of_birth", time_uk_day(r->a, p->date_of_birth), "nhs_number", p->nhs_number,
		"postcode", p->postcode, "locality", p->locality,
		"basis", access_basis_name(basis),
		"postcode_value", kv_get(&r->form, "postcode") ? req_get(r, "postcode") : p->postcode,
		"break_glass", basis == ACCESS_BREAK_GLASS,
		"circle", circle(r, p->id), "access_log", access_log(r, p->uuid));
	json_object_set_new(v, "is_self", json_boolean(basis == ACCESS_SELF));
	/* Assessments: for the person, their worker and break glass; not for
	 * people the person has named (they see the record, not the needs). */
	if (basis == ACCESS_SELF || basis == ACCESS_WORKER || basis == ACCESS_BREAK_GLASS) {
		json_t *list = asmt_list_for_person(r->db, r->a, p->id);
		json_object_set_new(v, "assessments", list ? list : json_array());
		json_object_set_new(v, "show_assessments", json_true());
		json_object_set_new(v, "financial", fin_latest_for_person(r->db, r->a, p->id));
	}
	json_object_set_new(v, "can_assess", json_boolean(basis == ACCESS_WORKER));
	const char *title = basis == ACCESS_SELF ? "Your record"
			    : arena_printf(r->a, "%s %s", p->given_name, p->family_name);
	return reply_page(out, status, "people/show", title, v);
}

/* Loads the person named in the path and the caller's basis; on no
 * relationship, replies with the way to break glass. */
static sn_err reach(req *r, reply *out, person **p, access_basis *basis, bool *denied)
{
	*denied = false;
	sn_err rc = people_find(r->db, req_get(r, "id"), r->a, p);
	if (rc)
		return rc;
	rc = access_person(r->db, r->user, (*p)->id, basis);
	if (rc)
		return rc;
	if (*basis == ACCESS_NONE) {
		*denied = true;
		json_t *v = json_pack("{s:s, s:b, s:s, s:s}", "uuid", (*p)->uuid,
				      "can_break_glass", (r->user->roles & (R_WORKER | R_ADMIN)) != 0,
				      "error", "forbidden", "reason", "relationship");
		audit_entry e = {r->user->uuid, "", "person.read_denied",
				 arena_printf(r->a, "person:%s", (*p)->uuid), "no relationship"};
		rc = audit_append(r->db, &e);
		if (rc) {
			json_decref(v);
			return rc;
		}
		return reply_page(out, 403, "people/no-access", "You cannot see this record", v);
	}
	return SN_OK;
}

sn_err people_show(req *r, reply *out)
{
	person *p = NULL;
	access_basis basis;
	bool denied;
	sn_err rc = reach(r, out, &p, &basis, &denied);
	if (rc || denied)
		return rc;
	rc = access_audit_person(r->db, r->user, basis, "person.read", p->uuid);
	if (rc)
		return rc;
	return show(r, out, p, basis, 200);
}

sn_err people_me(req *r, reply *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(r->db, &st, "SELECT uuid FROM people WHERE user_id = ?",
				"i", r->user->id);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	char *uuid = row ? arena_strdup(r->a, store_col_text(st, 0)) : NULL;
	store_done(st);
	if (rc)
		return rc;
	if (!uuid)
		return reply_page(out, 200, "people/none", "Your record", NULL);
	return reply_redirect(out, arena_printf(r->a, "/people/%s", uuid));
}

sn_err people_contact_update(req *r, reply *out)
{
	person *p = NULL;
	access_basis basis;
	bool denied;
	sn_err rc = reach(r, out, &p, &basis, &denied);
	if (rc || denied)
		return rc;
	char pc[9];
	if (postcode_normalise(req_get(r, "postcode"), pc)) {
		rc = access_audit_person(r->db, r->user, basis, "person.read", p->uuid);
		if (rc)
			return rc;
		if (!r->errors)
			r->errors = json_array();
		json_array_append_new(r->errors, json_pack("{s:s, s:s}", "field", "postcode",
			"message", "Enter a full UK postcode, like AB1 2CD"));
		return show(r, out, p, basis, 400);
	}
	char now[21];
	time_iso8601(time_now(), now);
	rc = store_begin_write(r->db);
	if (!rc)
		rc = store_run(r->db, "UPDATE people SET postcode = ?, updated_at = ? WHERE id = ?",
			       "tti", pc, now, p->id);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "person.update", p->uuid);
	if (!rc)
		rc = store_commit(r->db);
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "/people/%s", p->uuid));
}

sn_err people_break_glass_form(req *r, reply *out)
{
	person *p = NULL;
	sn_err rc = people_find(r->db, req_get(r, "id"), r->a, &p);
	if (rc)
		return rc;
	json_t *v = json_pack("{s:s, s:s, s:i, s:i}", "uuid", p->uuid,
			      "reason", req_get(r, "reason"), "minutes", BREAK_GLASS_MINUTES,
			      "min_reason", BREAK_GLASS_REASON_MIN);
	return reply_page(out, r->errors ? 400 : 200, "people/break-glass",
			  "Emergency access to a record", v);
}

sn_err people_break_glass(req *r, reply *out)
{
	if (r->errors)
		return people_break_glass_form(r, out);
	person *p = NULL;
	sn_err rc = people_find(r->db, req_get(r, "id"), r->a, &p);
	if (rc)
		return rc;
	rc = access_break_glass(r->db, r->user, p->id, p->uuid, req_get(r, "reason"));
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "/people/%s", p->uuid));
}
