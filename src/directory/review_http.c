/* The moderators' report of entries overdue for review, oldest first, with
 * how long overdue, whether the owners were reminded, and "Mark as checked
 * today" (a version "checked" through dir_service_checked, audited). */
#include <stdio.h>
#include <string.h>

#include "../access/access.h"
#include "dir_edit.h"
#include "directory.h"
#include "review.h"

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
	const char *uuid = req_get(r, "checked");
	if (!*uuid)
		return NULL;
	store_stmt *st = NULL;
	json_t *b = NULL;
	if (store_query(r->db, &st, "SELECT name, review_due FROM dir_services WHERE uuid = ?", "t", uuid))
		return NULL;
	bool row = false;
	if (!store_step(st, &row) && row)
		b = json_pack("{s:s, s:s}", "name", store_col_text(st, 0), "due", time_uk_day(r->a, store_col_text(st, 1)));
	store_done(st);
	return b;
}

sn_err overdue_list(req *r, reply *out)
{
	char now[21], soon[21];
	int64_t t = time_now();
	time_iso8601(t, now);
	time_iso8601(t + (int64_t)REVIEW_REMIND_DAYS * 86400, soon);
	now[10] = soon[10] = '\0';
	int64_t total = 0, due_soon = 0, page = req_get_i64(r, "page", 1);
	sn_err rc = store_one_i64(r->db, &total, "SELECT count(*) FROM dir_services WHERE moderation = 'published' "
				  "AND review_due < ?", "t", now);
	if (!rc)
		rc = store_one_i64(r->db, &due_soon, "SELECT count(*) FROM dir_services WHERE moderation = "
				   "'published' AND review_due >= ? AND review_due <= ?", "tt", now, soon);
	if (rc)
		return rc;
	int64_t pages = (total + REVIEW_PER_PAGE - 1) / REVIEW_PER_PAGE;
	if (page > pages && pages > 0)
		page = pages;
	json_t *list = json_array();
	store_stmt *st = NULL;
	rc = store_query(r->db, &st,
		"SELECT s.uuid, s.name, o.name, s.last_reviewed, s.review_due, "
		"(SELECT max(x.sent_at) FROM email_outbox x WHERE x.topic = 'review:' || s.uuid || ':' || "
		"substr(s.review_due, 1, 10) AND x.status = 'sent'), "
		"(SELECT count(*) FROM email_outbox x WHERE x.topic = 'review:' || s.uuid || ':' || "
		"substr(s.review_due, 1, 10) AND x.status = 'queued'), "
		"(SELECT count(*) FROM email_outbox x WHERE x.topic = 'review:' || s.uuid || ':' || "
		"substr(s.review_due, 1, 10) AND x.status = 'failed') "
		"FROM dir_services s JOIN dir_organizations o ON o.id = s.organization_id "
		"WHERE s.moderation = 'published' AND s.review_due < ? "
		"ORDER BY s.review_due, s.id LIMIT ? OFFSET ?", "tii", now, (int64_t)REVIEW_PER_PAGE,
		(page - 1) * REVIEW_PER_PAGE);
	bool row = true;
	while (!rc && !(rc = store_step(st, &row)) && row) {
		char age[32];
		review_age_text(store_col_text(st, 4), now, age, sizeof age);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			"uuid", store_col_text(st, 0), "name", store_col_text(st, 1),
			"organization", store_col_text(st, 2),
			"reviewed", store_col_null(st, 3) ? "Never" : time_uk_day(r->a, store_col_text(st, 3)),
			"due", time_uk_day(r->a, store_col_text(st, 4)), "overdue", age,
			"reminder", reminder_text(r, store_col_text(st, 5), store_col_i64(st, 6),
						  store_col_i64(st, 7))));
	}
	store_done(st);
	if (rc) {
		json_decref(list);
		return rc;
	}
	json_t *v = json_pack("{s:o, s:I, s:I, s:b, s:I, s:I, s:b, s:b, s:I, s:I, s:I}", "services", list,
			      "total", (json_int_t)total, "due_soon", (json_int_t)due_soon, "paged", pages > 1,
			      "page", (json_int_t)page, "pages", (json_int_t)pages, "has_prev", page > 1,
			      "has_next", page < pages, "prev", (json_int_t)(page - 1), "next",
			      (json_int_t)(page + 1), "days", (json_int_t)REVIEW_REMIND_DAYS);
	json_object_set_new(v, "one", json_boolean(total == 1));
	json_object_set_new(v, "any", json_boolean(total > 0));
	json_t *banner = checked_banner(r);
	if (banner)
		json_object_set_new(v, "checked", banner);
	return reply_page(out, 200, "admin/overdue", "Entries overdue for review", v);
}

sn_err overdue_reviewed(req *r, reply *out)
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
	dir_actor who = {r->user->uuid, r->user->name};
	rc = store_begin_write(r->db);
	if (!rc)
		rc = dir_service_checked(r->db, sid, &who, now);
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
