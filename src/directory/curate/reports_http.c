/* Reports of wrong information (made from the Find pages' "Report a
 * problem with this information"): moderators see the open reports and
 * close each with what they did. (The owning organisation's own view comes
 * with the partners' page.) */
#include <stdio.h>
#include <string.h>

#include "curate_http.h"

/* The open reports (status 200; or 400 with the report whose closing
 * failed marked: error_uuid, message). */
static sn_err reports_page(req *r, reply *out, int status, const char *error_uuid, const char *message)
{
	json_t *list = NULL;
	sn_err rc = curate_store_reports(r->db, &list);
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x) {
		const char *created = json_string_value(json_object_get(x, "created"));
		json_object_set_new(x, "received", json_string(time_uk_when(r->a, created)));
		json_object_del(x, "created");
		if (error_uuid && strcmp(json_string_value(json_object_get(x, "uuid")), error_uuid) == 0) {
			json_object_set_new(x, "error", json_string(message));
			json_object_set_new(x, "outcome", json_string(req_form(r, "outcome")));
		}
	}
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
	json_t *v = json_pack("{s:o, s:s}", "reports", list, "count",
			      text_count(r->a, (int64_t)json_array_size(list), "report", "reports"));
	if (error_uuid)
		json_object_set_new(v, "errors", json_pack("[{s:s, s:s}]", "field",
							    arena_printf(r->a, "outcome-%s", error_uuid), "message",
							    message));
	if (*req_get(r, "closed") && !error_uuid)
		json_object_set_new(v, "closed", json_true());
	return reply_page(out, status, "admin/reports", "Reports of wrong information", v);
}

sn_err curate_reports_list(req *r, reply *out)
{
	return reports_page(r, out, 200, NULL, NULL);
}

sn_err curate_reports_close(req *r, reply *out)
{
	/* Without what was done: the list again, the error at that report. */
	if (r->errors) {
		json_decref(r->errors);
		r->errors = NULL;
		size_t n = strlen(req_form(r, "outcome"));
		return reports_page(r, out, 400, req_get(r, "id"),
				    n > 500 ? "What you did must be 500 characters or fewer"
					    : "Write what you did about the report, so whoever reads it later knows "
					      "(at least 3 characters)");
	}
	char now[21];
	time_iso8601(time_now(), now);
	bool closed = false;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = curate_store_report_close(r->db, req_get(r, "id"), r->user->id, now, req_get(r, "outcome"),
					       &closed);
	if (!rc && !closed) {
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
	else
		store_rollback(r->db);
	return rc ? rc : reply_redirect(out, "/moderation/reports?closed=1");
}
