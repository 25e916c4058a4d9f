/* The referrals' JSON API (docs/api.md, "Referrals"), for a signed-in
 * caller or a partner system with an API token:
 *   POST /api/referrals                {"person_id","service_id","reason",
 *                                       "mode":"live"|"signpost","consent"}: 201
 *   GET  /api/referrals?box=inbox|sent&status=S&page=N&per_page=M
 *                                      paged like Open Referral UK
 *   GET  /api/referrals/{id}           the referral, with its history
 *   POST /api/referrals/{id}/status    {"status","note","outcome"}: 200, 403, 409
 *   GET  /api/referrals/{id}/fhir      a FHIR R4 Bundle (docs/fhir.md)
 * Errors: {"error","field","message"}; a referral the caller may not read
 * is 404, as one that does not exist. */
#include <stdio.h>
#include <string.h>

#include "../base/jsonin.h"
#include "referral_int.h"

#define REF_API_MAX (16u * 1024u)
#define REF_PAGE_MAX 200
#define REF_PAGE_DEFAULT 50

static sn_err fail(req *r, reply *out, const ref_problem *pb)
{
	store_rollback(r->db);
	out->status = pb->status;
	out->view = json_pack("{ssssss}", "error",
			      pb->status == 403 ? "forbidden" : pb->status == 409 ? "conflict" : "invalid",
			      "field", pb->field, "message", pb->message);
	return SN_OK;
}

/* After ref_reach (or what followed it) failed. */
static sn_err unreached(req *r, reply *out, const ref_ctx *ctx, sn_err rc)
{
	rc = ref_denied(r, ctx, rc);
	if (rc == SN_EFORBIDDEN) {
		ref_problem pb = {403, "id", "you may not read or change this referral"};
		return fail(r, out, &pb);
	}
	if (rc == SN_ENOTFOUND) {
		ref_problem pb = {404, "id", "there is no referral with this id"};
		return fail(r, out, &pb);
	}
	return rc;
}

static sn_err body_object(req *r, reply *out, json_t **j, bool *bad)
{
	char err[200];
	*bad = false;
	sn_err rc = json_open_object(r->body, r->body_len, REF_API_MAX, j, err, sizeof err);
	if (rc) {
		*bad = true;
		out->status = rc == SN_ETOOBIG ? 413 : 400;
		out->view = json_pack("{sssss+}", "error", "invalid", "field", "body", "message", err);
	}
	return SN_OK;
}

/* A member that must be a string when present: false (and *pb) otherwise. */
static bool get_text(const json_t *j, const char *key, bool required, const char **v, ref_problem *pb)
{
	const json_t *x = json_object_get(j, key);
	*v = json_string_value(x);
	if ((x && !json_is_string(x) && !json_is_null(x)) || (required && !*v)) {
		pb->status = 422;
		pb->field = key;
		pb->message = required ? "is required and must be text" : "must be text";
		return false;
	}
	return true;
}

sn_err ref_api_create(req *r, reply *out)
{
	json_t *j;
	bool bad;
	sn_err rc = body_object(r, out, &j, &bad);
	if (rc || bad)
		return rc;
	ref_problem pb = {0};
	ref_create_in in = {.source = "api"};
	const char *mode = NULL;
	const json_t *consent = json_object_get(j, "consent");
	bool ok = get_text(j, "person_id", true, &in.person_uuid, &pb) &&
		  get_text(j, "service_id", true, &in.service_uuid, &pb) &&
		  get_text(j, "reason", true, &in.reason, &pb) && get_text(j, "mode", false, &mode, &pb);
	if (ok && mode && !ref_mode_parse(mode, &in.mode))
		ok = false, pb = (ref_problem){422, "mode", "must be live or signpost"};
	if (ok && !mode)
		in.mode = REF_LIVE;
	if (ok && consent && !json_is_boolean(consent))
		ok = false, pb = (ref_problem){422, "consent", "must be true or false"};
	in.consent = json_is_true(consent);
	/* copies: the body goes before the strings are used */
	in.person_uuid = arena_strdup(r->a, in.person_uuid ? in.person_uuid : "");
	in.service_uuid = arena_strdup(r->a, in.service_uuid ? in.service_uuid : "");
	in.reason = arena_strdup(r->a, in.reason ? in.reason : "");
	json_decref(j);
	if (!ok)
		return fail(r, out, &pb);
	char uuid[37];
	rc = store_begin_write(r->db);
	if (!rc)
		rc = ref_create(r, &in, uuid, &pb);
	if (rc == SN_EINPUT)
		return fail(r, out, &pb);
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	ref_ctx ctx;
	rc = ref_reach(r, uuid, &ctx);
	if (!rc) {
		out->status = 201;
		out->view = ref_json(r, &ctx, true);
	}
	return rc;
}

sn_err ref_api_show(req *r, reply *out)
{
	ref_ctx ctx;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = ref_reach(r, req_get(r, "id"), &ctx);
	if (!rc)
		rc = ref_audit(r, &ctx, "referral.read");
	if (!rc)
		rc = ref_mark_seen(r->db, ctx.rf.id, r->user->id, ctx.rf.last_event_id);
	if (!rc)
		rc = store_commit(r->db);
	if (rc)
		return unreached(r, out, &ctx, rc);
	out->status = 200;
	out->view = ref_json(r, &ctx, true);
	return SN_OK;
}

sn_err ref_api_fhir(req *r, reply *out)
{
	ref_ctx ctx;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = ref_reach(r, req_get(r, "id"), &ctx);
	if (!rc)
		rc = ref_audit(r, &ctx, "referral.read");
	if (!rc)
		rc = store_commit(r->db);
	if (rc)
		return unreached(r, out, &ctx, rc);
	ref_view v;
	ref_view_of(&ctx, &v);
	out->status = 200;
	out->view = ref_fhir_bundle(&v, web_base_url());
	out->content_type = "application/fhir+json";
	return out->view ? SN_OK : SN_EINTERNAL;
}

sn_err ref_api_status(req *r, reply *out)
{
	json_t *j;
	bool bad;
	sn_err rc = body_object(r, out, &j, &bad);
	if (rc || bad)
		return rc;
	ref_problem pb = {0};
	const char *code = NULL, *note = NULL, *outcome = NULL;
	bool ok = get_text(j, "status", true, &code, &pb) && get_text(j, "note", false, &note, &pb) &&
		  get_text(j, "outcome", false, &outcome, &pb);
	ref_status to = REF_DRAFT;
	if (ok && !ref_status_parse(code, &to))
		ok = false, pb = (ref_problem){422, "status", "must be a FHIR Task status (requested, "
					       "received, accepted, rejected, cancelled, in-progress, on-hold, completed, failed)"};
	note = arena_strdup(r->a, note ? note : "");
	outcome = arena_strdup(r->a, outcome ? outcome : "");
	json_decref(j);
	if (!ok)
		return fail(r, out, &pb);
	/* At completion the outcome is the note when not given apart. */
	if (!*outcome && (to == REF_COMPLETED || to == REF_FAILED))
		outcome = note;
	ref_ctx ctx;
	rc = store_begin_write(r->db);
	if (!rc)
		rc = ref_reach(r, req_get(r, "id"), &ctx);
	if (rc)
		return unreached(r, out, &ctx, rc);
	rc = ref_change(r, &ctx, to, note, outcome, &pb);
	if (rc == SN_EINPUT) {
		/* refused: nothing changed, but the attempt is on the record */
		store_rollback(r->db);
		if (!store_begin_write(r->db) && !ref_audit(r, &ctx, "referral.refused"))
			store_commit(r->db);
		return fail(r, out, &pb);
	}
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	out->status = 200;
	out->view = ref_json(r, &ctx, true);
	return SN_OK;
}

sn_err ref_api_list(req *r, reply *out)
{
	const char *box = req_get(r, "box");
	const char *st = req_get(r, "status");
	ref_status filter;
	if (*st && !ref_status_parse(st, &filter)) {
		ref_problem pb = {422, "status", "must be a FHIR Task status"};
		return fail(r, out, &pb);
	}
	int64_t page = req_get_i64(r, "page", 1), size = req_get_i64(r, "per_page", REF_PAGE_DEFAULT);
	if (size > REF_PAGE_MAX)
		size = REF_PAGE_MAX;
	ref_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	ref_box b = str_eq(box, "sent") ? REF_BOX_SENT : REF_BOX_INBOX;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = ref_list(r->db, b, r->user->id, *st ? &filter : NULL, size, (page - 1) * size, r->a,
			      &rows, &n, &total);
	/* Each person named in the list is a read of their referral. */
	if (!rc)
		rc = ref_audit_listed(r, rows, n, b == REF_BOX_SENT ? REF_AS_REFERRER : REF_AS_RECEIVER);
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	json_t *contents = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(contents, ref_row_json(r, &rows[i], false));
	int64_t pages = total ? (total + size - 1) / size : 1;
	out->status = 200;
	out->view = json_pack("{sIsIsIsIsbsbsbso}", "total_items", (json_int_t)total, "total_pages",
			      (json_int_t)pages, "page_number", (json_int_t)page, "size", (json_int_t)n,
			      "first_page", page == 1, "last_page", page >= pages, "empty", n == 0,
			      "contents", contents);
	return SN_OK;
}
