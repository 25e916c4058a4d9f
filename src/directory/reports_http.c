/* "Report a problem with this information": anyone can say what is wrong
 * with a directory entry; moderators see the open reports and close each
 * with what they did. (The owning organisation's own view comes with the
 * partners' editing pages.) */
#include <stdio.h>
#include <string.h>

#include "../access/access.h"
#include "../access/access_http.h"
#include "directory.h"

static sn_err form(req *r, reply *out, int status, int64_t sid)
{
	sn_err rc = access_ensure_csrf(r);
	if (rc)
		return rc;
	json_t *v = dir_result_view(r, sid);
	if (!v)
		return SN_EINTERNAL;
	json_object_set_new(v, "what", json_string(req_get(r, "what")));
	json_object_set_new(v, "contact", json_string(req_get(r, "contact")));
	return reply_page(out, status, "find/report", "Report a problem with this information", v);
}

sn_err report_form(req *r, reply *out)
{
	int64_t sid;
	sn_err rc = dir_service_id(r->db, req_get(r, "id"), &sid);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such service in the directory.");
	return rc ? rc : form(r, out, 200, sid);
}

sn_err report_send(req *r, reply *out)
{
	int64_t sid;
	sn_err rc = dir_service_id(r->db, req_get(r, "id"), &sid);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such service in the directory.");
	if (rc)
		return rc;
	if (r->errors)
		return form(r, out, 400, sid);
	char now[21], uuid[37];
	time_iso8601(time_now(), now);
	uuid_v4(uuid);
	rc = store_begin_write(r->db);
	if (!rc)
		rc = store_run(r->db, "INSERT INTO dir_reports (uuid, service_id, what, contact, created_at) "
			       "VALUES (?, ?, ?, ?, ?)", "tittt", uuid, sid, req_get(r, "what"),
			       req_get(r, "contact"), now);
	if (!rc) {
		audit_entry e = {r->user ? r->user->uuid : "anonymous", r->user ? "resident" : "public",
				 "directory.report", arena_printf(r->a, "service:%s", req_get(r, "id")), ""};
		rc = audit_append(r->db, &e);
	}
	if (!rc)
		rc = store_commit(r->db);
	if (rc)
		return rc;
	json_t *v = json_pack("{s:s}", "uuid", req_get(r, "id"));
	return reply_page(out, 200, "find/reported", "Thank you for telling us", v);
}

sn_err reports_list(req *r, reply *out)
{
	json_t *list = json_array();
	store_stmt *st = NULL;
	sn_err rc = store_query(r->db, &st,
		"SELECT d.uuid, s.uuid, s.name, o.name, d.what, d.contact, d.created_at FROM dir_reports d "
		"JOIN dir_services s ON s.id = d.service_id JOIN dir_organizations o ON o.id = s.organization_id "
		"WHERE d.status = 'open' ORDER BY d.created_at, d.id LIMIT 200", "");
	bool row = true;
	while (!rc && !(rc = store_step(st, &row)) && row)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			"uuid", store_col_text(st, 0), "service_uuid", store_col_text(st, 1),
			"service", store_col_text(st, 2), "organization", store_col_text(st, 3),
			"what", store_col_text(st, 4), "contact", store_col_text(st, 5),
			"received", arena_printf(r->a, "%.10s %.5s", store_col_text(st, 6), store_col_text(st, 6) + 11)));
	store_done(st);
	/* The list can hold reporters' contact details: the read is audited. */
	if (!rc) {
		audit_entry e = {r->user->uuid, (r->user->roles & R_MODERATOR) ? "moderator" : "admin",
				 "directory.reports_read", "",
				 arena_printf(r->a, "%zu open reports", json_array_size(list))};
		rc = audit_append(r->db, &e);
	}
	if (rc) {
		json_decref(list);
		return rc;
	}
	return reply_page(out, 200, "admin/reports", "Reports of wrong information",
			  json_pack("{s:o, s:I}", "reports", list, "count", (json_int_t)json_array_size(list)));
}

sn_err reports_close(req *r, reply *out)
{
	if (r->errors)
		return reply_error(r, out, 400, "Write what you did about the report (3 to 500 characters).");
	char now[21];
	time_iso8601(time_now(), now);
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = store_run(r->db, "UPDATE dir_reports SET status = 'closed', closed_by = ?, closed_at = ?, "
			       "outcome = ? WHERE uuid = ? AND status = 'open'", "itt" "t", r->user->id, now,
			       req_get(r, "outcome"), req_get(r, "id"));
	if (!rc && store_changes(r->db) != 1) {
		store_rollback(r->db);
		return reply_error(r, out, 404, "There is no such open report.");
	}
	if (!rc) {
		audit_entry e = {r->user->uuid, (r->user->roles & R_MODERATOR) ? "moderator" : "admin",
				 "directory.report_close", arena_printf(r->a, "report:%s", req_get(r, "id")),
				 req_get(r, "outcome")};
		rc = audit_append(r->db, &e);
	}
	if (!rc)
		rc = store_commit(r->db);
	return rc ? rc : reply_redirect(out, "/moderation/reports");
}
