/* Reports of wrong information (made from the Find pages' "Report a
 * problem with this information"): moderators see the open reports and
 * close each with what they did. (The owning organisation's own view comes
 * with the partners' page.) */
#include <stdio.h>
#include <string.h>

#include "curate_http.h"

sn_err curate_reports_list(req *r, reply *out)
{
	json_t *list = NULL;
	sn_err rc = curate_store_reports(r->db, &list);
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x) {
		const char *created = json_string_value(json_object_get(x, "created"));
		json_object_set_new(x, "received", json_string(arena_printf(r->a, "%.10s %.5s", created,
									    created + 11)));
		json_object_del(x, "created");
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
	return reply_page(out, 200, "admin/reports", "Reports of wrong information",
			  json_pack("{s:o, s:I}", "reports", list, "count", (json_int_t)json_array_size(list)));
}

sn_err curate_reports_close(req *r, reply *out)
{
	if (r->errors)
		return reply_error(r, out, 400, "Write what you did about the report (3 to 500 characters).");
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
	return rc ? rc : reply_redirect(out, "/moderation/reports");
}
