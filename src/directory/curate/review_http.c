/* The moderators' report of entries overdue for review, oldest first, with
 * how long overdue, whether the owners were reminded, and "Mark as checked
 * today" (a version "checked" through curate_service_checked, audited). */
#include <stdio.h>
#include <string.h>

#include "curate_http.h"

/* The reminders for one service's current due date, in words. */
static const char *reminder_text(req *r, const char *sent_at, int64_t queued, int64_t failed)
{
	if (*sent_at)
		return arena_printf(r->a, "Sent %s", time_uk_day(r->a, sent_at));
	if (queued)
		return "Waiting to be sent";
	if (failed)
		return "Could not be sent";
	return "Not sent";
}

/* The banner after "Mark as checked today". */
static json_t *checked_banner(req *r)
{
	const char *uuid = req_get(r, "checked"), *name = "", *due = "";
	bool found = false;
	if (!*uuid || curate_store_review_of(r->db, r->a, uuid, &name, &due, &found) || !found)
		return NULL;
	return json_pack("{s:s, s:s}", "name", name, "due", time_uk_day(r->a, due));
}

sn_err curate_overdue_list(req *r, reply *out)
{
	char now[21], soon[21];
	int64_t t = time_now();
	time_iso8601(t, now);
	time_iso8601(t + (int64_t)CURATE_REMIND_DAYS * 86400, soon);
	now[10] = soon[10] = '\0';
	int64_t total = 0, due_soon = 0, page = req_get_i64(r, "page", 1);
	sn_err rc = curate_store_overdue_counts(r->db, now, soon, &total, &due_soon);
	if (rc)
		return rc;
	int64_t pages = (total + CURATE_OVERDUE_PER_PAGE - 1) / CURATE_OVERDUE_PER_PAGE;
	if (page > pages && pages > 0)
		page = pages;
	json_t *rows = NULL, *list = json_array();
	rc = curate_store_overdue_page(r->db, now, CURATE_OVERDUE_PER_PAGE, (page - 1) * CURATE_OVERDUE_PER_PAGE,
				       &rows);
	size_t i;
	json_t *x;
	json_array_foreach(rows, i, x) {
		const char *due = json_string_value(json_object_get(x, "due"));
		const char *reviewed = json_string_value(json_object_get(x, "reviewed"));
		char age[32];
		curate_age_text(due, now, age, sizeof age);
		json_array_append_new(list, json_pack("{s:O, s:O, s:O, s:s, s:s, s:s, s:s}",
			"uuid", json_object_get(x, "uuid"), "name", json_object_get(x, "name"),
			"organization", json_object_get(x, "organization"),
			"reviewed", reviewed ? time_uk_day(r->a, reviewed) : "Never",
			"due", time_uk_day(r->a, due), "overdue", age,
			"reminder", reminder_text(r, json_string_value(json_object_get(x, "sent")),
						  json_integer_value(json_object_get(x, "queued")),
						  json_integer_value(json_object_get(x, "failed")))));
	}
	json_decref(rows);
	if (rc) {
		json_decref(list);
		return rc;
	}
	json_t *v = json_pack("{s:o, s:I, s:I, s:b, s:I, s:I, s:b, s:b, s:I, s:I, s:I}", "services", list,
			      "total", (json_int_t)total, "due_soon", (json_int_t)due_soon, "paged", pages > 1,
			      "page", (json_int_t)page, "pages", (json_int_t)pages, "has_prev", page > 1,
			      "has_next", page < pages, "prev", (json_int_t)(page - 1), "next",
			      (json_int_t)(page + 1), "days", (json_int_t)CURATE_REMIND_DAYS);
	json_object_set_new(v, "one", json_boolean(total == 1));
	json_object_set_new(v, "any", json_boolean(total > 0));
	json_t *banner = checked_banner(r);
	if (banner)
		json_object_set_new(v, "checked", banner);
	return reply_page(out, 200, "admin/overdue", "Entries overdue for review", v);
}

sn_err curate_overdue_reviewed(req *r, reply *out)
{
	int64_t sid;
	const char *uuid = req_get(r, "id");
	sn_err rc = dir_service_id(r->db, uuid, &sid);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such service in the directory.");
	if (rc)
		return rc;
	char now[21];
	time_iso8601(time_now(), now);
	curate_actor who = curate_actor_of(r);
	rc = store_begin_write(r->db);
	if (!rc)
		rc = curate_service_checked(r->db, sid, &who, now);
	if (!rc) {
		audit_entry e = {r->user->uuid, (r->user->roles & R_MODERATOR) ? "moderator" : "admin",
				 "directory.service_checked", arena_printf(r->a, "service:%s", uuid), ""};
		rc = audit_append(r->db, &e);
	}
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	return reply_redirect(out, arena_printf(r->a, "/moderation/overdue?checked=%s", uuid));
}
