/* The referrals' JSON API (docs/api.md, "Referrals"), for a signed-in
 * caller or a partner system with an API token:
 *   POST /api/referrals                {"person_id","service_id","reason",
 *                                       "mode":"live"|"signpost","consent"}: 201;
 *                                      or "person": {...} (and "new_person")
 *                                      for someone new: 201, or 409 with the
 *                                      likely matches the caller may see
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

/* 409: the likely matches the caller may see, and nothing stored. */
static sn_err possible_duplicate(req *r, reply *out, const ref_problem *pb,
				 const people_match_row *m, size_t n)
{
	store_rollback(r->db);
	sn_err rc = ref_matches_shown(r, m, n);
	if (rc)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{ssssssss}", "id", m[i].uuid, "name",
			arena_printf(r->a, "%s %s", m[i].given_name, m[i].family_name),
			"birth_date", m[i].date_of_birth, "postcode", m[i].postcode));
	out->status = 409;
	out->view = json_pack("{ssssssso}", "error", "possible_duplicate", "field", "person", "message",
			      pb->message, "matches", list);
	return SN_OK;
}

sn_err ref_api_create(req *r, reply *out)
{
	json_t *j;
	bool bad;
	sn_err rc = body_object(r, out, &j, &bad);
	if (rc || bad)
		return rc;
	ref_problem pb = {0};
	ref_create_body b;
	bool ok = ref_body_create(j, time_now(), r->a, &b, &pb);
	json_decref(j);
	b.in.source = "api";
	/* as on the page: a new record is made only by those who refer
	 * people they may not know yet */
	if (ok && b.is_new && !(r->user->roles & (R_WORKER | R_PARTNER)))
		ok = false, pb = (ref_problem){403, "person", "only workers and partners refer someone new"};
	if (!ok)
		return fail(r, out, &pb);
	char uuid[37], puuid[37];
	people_match_row *shown = NULL;
	size_t n_shown = 0;
	rc = store_begin_write(r->db);
	if (!rc)
		rc = b.is_new ? ref_create_new_person(r, &b.in, &b.d, b.new_person, uuid, puuid, &pb,
						      &shown, &n_shown)
			      : ref_create(r, &b.in, uuid, &pb);
	if (rc == SN_EINPUT)
		return pb.status == 409 && str_eq(pb.field, "person")
			? possible_duplicate(r, out, &pb, shown, n_shown) : fail(r, out, &pb);
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
	ref_status_body b;
	bool ok = ref_body_status(j, r->a, &b, &pb);
	json_decref(j);
	if (!ok)
		return fail(r, out, &pb);
	ref_ctx ctx;
	rc = store_begin_write(r->db);
	if (!rc)
		rc = ref_reach(r, req_get(r, "id"), &ctx);
	if (rc)
		return unreached(r, out, &ctx, rc);
	rc = ref_change(r, &ctx, b.to, b.note, b.outcome, &pb);
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
