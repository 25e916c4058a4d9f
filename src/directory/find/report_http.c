/* "Report a problem with this information": anyone can say what is wrong
 * with a directory entry, from its service page. The report goes to the
 * moderators (curate/, "Reports of wrong information") and to the owning
 * organisation's partners. */
#include <stdio.h>
#include <string.h>

#include "../../access/access.h"
#include "../../access/access_http.h"
#include "../curate/curate.h"
#include "../directory.h"
#include "find.h"

static sn_err form(req *r, reply *out, int status, int64_t sid)
{
	sn_err rc = access_ensure_csrf(r);
	if (rc)
		return rc;
	json_t *v = find_result_view(r, sid);
	if (!v)
		return SN_EINTERNAL;
	json_object_set_new(v, "what", json_string(req_get(r, "what")));
	json_object_set_new(v, "contact", json_string(req_get(r, "contact")));
	return reply_page(out, status, "find/report", "Report a problem with this information", v);
}

sn_err find_report_form(req *r, reply *out)
{
	int64_t sid;
	sn_err rc = dir_service_id(r->db, req_get(r, "id"), &sid);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such service in the directory.");
	return rc ? rc : form(r, out, 200, sid);
}

sn_err find_report_send(req *r, reply *out)
{
	int64_t sid;
	sn_err rc = dir_service_id(r->db, req_get(r, "id"), &sid);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such service in the directory.");
	if (rc)
		return rc;
	if (r->errors)
		return form(r, out, 400, sid);
	char now[21];
	time_iso8601(time_now(), now);
	rc = store_begin_write(r->db);
	if (!rc)
		rc = curate_report_add(r->db, sid, req_get(r, "what"), req_get(r, "contact"), now);
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

