/* The intake queue's pages for workers: the queue, one request, taking it (which makes the person record) and closing it. */
#include <stdio.h>
#include <string.h>

#include "../access/access.h"
#include "../once/once.h"
#include "../people/people.h"
#include "intake.h"

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
	intake_queue_row *rows;
	size_t n;
	sn_err rc = intake_queue(r->db, status, r->a, &rows, &n);
	if (!rc)
		rc = audit_intake(r, "intake.list", "*",
				  arena_printf(r->a, "queue '%s': %zu requests", status, n));
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s}",
			"uuid", rows[i].uuid,
			"name", arena_printf(r->a, "%s %s", rows[i].given_name, rows[i].family_name),
			"postcode", rows[i].postcode,
			"source", strcmp(rows[i].source, "self_check") == 0 ? "Self-check" : "Contact",
			"may_be_eligible", rows[i].may_be_eligible,
			"received", time_uk_when(r->a, rows[i].created_at),
			"summary", rows[i].summary, "taken_by", rows[i].taken_by));
	json_t *tabs = json_array();
	static const char *const statuses[][2] = {{"new", "Waiting"}, {"taken", "Taken"},
						 {"closed", "Closed"}};
	for (size_t i = 0; i < 3; i++)
		json_array_append_new(tabs, json_pack("{s:s, s:s, s:b}", "status", statuses[i][0],
			"label", statuses[i][1], "current", strcmp(status, statuses[i][0]) == 0));
	json_t *v = json_pack("{s:b, s:o, s:o, s:I, s:s, s:b, s:s}", "has_items", n > 0, "items", items, "tabs", tabs, "count",
			      (json_int_t)json_array_size(items), "status", status,
			      "waiting", strcmp(status, "new") == 0, "caption",
			      arena_printf(r->a, "%s%s", text_count(r->a, (int64_t)n, "request", "requests"),
					   strcmp(status, "new") == 0 ? " waiting, oldest first" : ""));
	return reply_page(out, 200, "intake/list", "Requests for an assessment", v);
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

/* Records and other requests that may be the same person, with links;
 * each record shown is audited as shown. */
static sn_err same_person(req *r, const intake_request *x, json_t *v)
{
	people_match_row *rows;
	intake_similar_row *reqs;
	size_t n = 0, m = 0;
	json_t *records = json_array(), *requests = json_array();
	sn_err rc = people_likely_matches(r->db, x->given_name, x->family_name, x->dob, x->postcode,
					  0, 5, r->a, &rows, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		audit_entry e = {r->user->uuid, "worker", "person.match_shown",
				 arena_printf(r->a, "person:%s", rows[i].uuid),
				 arena_printf(r->a, "may be the person of intake:%s", x->uuid)};
		rc = audit_append(r->db, &e);
		json_array_append_new(records, json_pack("{s:s, s:s, s:s, s:s}", "uuid", rows[i].uuid,
			"name", arena_printf(r->a, "%s %s", rows[i].given_name, rows[i].family_name),
			"born", time_uk_day(r->a, rows[i].date_of_birth), "postcode", rows[i].postcode));
	}
	if (!rc)
		rc = intake_similar(r->db, x->given_name, x->family_name, x->uuid, 5, r->a, &reqs, &m);
	for (size_t i = 0; !rc && i < m; i++)
		json_array_append_new(requests, json_pack("{s:s, s:s, s:s}", "uuid", reqs[i].uuid,
			"received", time_uk_when(r->a, reqs[i].created_at),
			"status", strcmp(reqs[i].status, "new") == 0 ? "waiting"
				  : strcmp(reqs[i].status, "taken") == 0 ? "taken" : "closed"));
	json_object_set_new(v, "same_records", records);
	json_object_set_new(v, "same_requests", requests);
	json_object_set_new(v, "maybe_known", json_boolean(n + m > 0));
	return rc;
}

static sn_err show(req *r, reply *out, const intake_request *x, int status)
{
	json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}",
		"uuid", x->uuid, "name", arena_printf(r->a, "%s %s", x->given_name, x->family_name),
		"date_of_birth", time_uk_day(r->a, x->dob), "phone", x->phone, "email", x->email,
		"postcode", x->postcode, "received", time_uk_when(r->a, x->created_at),
		"consent", time_uk_when(r->a, x->consent_at), "summary", x->summary,
		"for_whom", strcmp(x->for_whom, "self") == 0 ? "Themselves"
			: *x->asker_name ? arena_printf(r->a, "Asked by %s (%s)", x->asker_name, x->asker_relationship)
					 : "Someone they know",
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
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	sn_err rc = same_person(r, x, v);
	if (rc) {
		json_decref(v);
		return rc;
	}
	return reply_page(out, status, "intake/show",
			  arena_printf(r->a, "Request from %s %s", x->given_name, x->family_name), v);
}

sn_err intake_show(req *r, reply *out)
{
	intake_request x;
	sn_err rc = intake_find(r->db, req_get(r, "id"), r->a, &x);
	if (!rc)
		rc = audit_intake(r, "intake.read", x.uuid, "intake queue");
	if (rc)
		return rc;
	return show(r, out, &x, 200);
}

sn_err intake_take(req *r, reply *out)
{
	intake_request x;
	bool done;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = intake_find(r->db, req_get(r, "id"), r->a, &x);
	if (rc)
		return rc;
	if (strcmp(x.status, "new") != 0) {
		store_rollback(r->db);
		reply_error(r, out, web_status_of(SN_ECONFLICT), strcmp(x.status, "taken") == 0
			? arena_printf(r->a, "%s has already taken this request.", x.taken_by)
			: "This request has been closed.");
		return SN_OK;
	}
	char now[21], puuid[37];
	time_iso8601(time_now(), now);
	uuid_v4(puuid);
	/* A new person record from what the person told us. Matching with an
	 * existing record is the worker's next step on the record page. */
	person_new pn = {.given_name = x.given_name, .family_name = x.family_name,
			 .date_of_birth = x.dob, .postcode = x.postcode, .phone = x.phone,
			 .email = x.email, .locality_id = x.locality_id};
	int64_t pid = 0;
	rc = people_add(r->db, &pn, puuid, now, &pid);
	if (!rc)
		rc = people_relate(r->db, pid, r->user->id, "worker", now);
	if (!rc)
		rc = intake_mark_taken(r->db, x.id, r->user->id, pid, now);
	if (!rc)
		rc = audit_intake(r, "intake.take", x.uuid, "taken from the queue");
	if (!rc) {
		audit_entry e = {r->user->uuid, "worker", "person.create",
				 arena_printf(r->a, "person:%s", puuid),
				 arena_printf(r->a, "from intake:%s", x.uuid)};
		rc = audit_append(r->db, &e);
	}
	return once_finish(r, out, rc, arena_printf(r->a, "/people/%s", puuid));
}

sn_err intake_close(req *r, reply *out)
{
	/* Soft input: the id is checked here, the reason on the page. */
	if (!str_is_uuid(req_get(r, "id")))
		return reply_error(r, out, web_status_of(SN_EINPUT),
				   "The request id is not valid.");
	intake_request x;
	bool done;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = intake_find(r->db, req_get(r, "id"), r->a, &x);
	if (rc)
		return rc;
	if (strcmp(x.status, "new") != 0) {
		/* Only a waiting request can be closed: a taken one belongs to
		 * its worker and the person's record now. */
		store_rollback(r->db);
		reply_error(r, out, web_status_of(SN_ECONFLICT), strcmp(x.status, "closed") == 0
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
	rc = intake_mark_closed(r->db, x.id, req_get(r, "reason"));
	if (!rc)
		rc = audit_intake(r, "intake.close", x.uuid, req_get(r, "reason"));
	return once_finish(r, out, rc, "/intake");
}
