/* The referral pages (docs/referrals.md): the inbox and the sent list, one
 * referral with its history and the changes the caller may make, a new
 * referral from a person's record, a service's days to answer, and the
 * person page's section. All work without JavaScript. */
#include <stdio.h>
#include <string.h>

#include "../once/once.h"
#include "referral_int.h"

#define LIST_PAGE 25

static sn_err unreached(req *r, reply *out, const ref_ctx *ctx, sn_err rc)
{
	rc = ref_denied(r, ctx, rc);
	if (rc == SN_EFORBIDDEN)
		return reply_error(r, out, 403, "Only the referrer, the receiving service and the people "
				   "around the person can read this referral.");
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no referral here.");
	return rc;
}

static const char *box_key(ref_box b) { return b == REF_BOX_SENT ? "sent" : "inbox"; }

sn_err ref_list_page(req *r, reply *out)
{
	bool inbox = false;
	sn_err rc = ref_has_inbox(r->db, r->user->id, &inbox);
	if (rc)
		return rc;
	const char *bk = req_get(r, "box");
	ref_box box = str_eq(bk, "sent") || (!*bk && !inbox) ? REF_BOX_SENT : REF_BOX_INBOX;
	if (box == REF_BOX_INBOX && !inbox)
		box = REF_BOX_SENT;
	const char *st = req_get(r, "status");
	ref_status filter;
	bool filtered = *st && ref_status_parse(st, &filter);
	int64_t page = req_get_i64(r, "page", 1);
	ref_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	rc = store_begin_write(r->db);
	if (!rc)
		rc = ref_list(r->db, box, r->user->id, filtered ? &filter : NULL, LIST_PAGE,
			      (page - 1) * LIST_PAGE, r->a, &rows, &n, &total);
	json_t *list = json_array();
	for (size_t i = 0; i < n && !rc; i++)
		json_array_append_new(list, ref_row_json(r, &rows[i], false));
	/* Each person named in the list is a read of their referral. */
	if (!rc)
		rc = ref_audit_listed(r, rows, n, box == REF_BOX_SENT ? REF_AS_REFERRER : REF_AS_RECEIVER);
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		json_decref(list);
		return rc;
	}
	json_t *statuses = json_array();
	for (int s = REF_REQUESTED; s < REF_N_STATUS; s++)
		json_array_append_new(statuses, json_pack("{sssssb}", "value", ref_status_code(s), "label",
			ref_status_words(s), "selected", filtered && filter == (ref_status)s));
	int64_t pages = total ? (total + LIST_PAGE - 1) / LIST_PAGE : 1;
	const char *base = arena_printf(r->a, "/referrals?box=%s%s%s", box_key(box),
					filtered ? "&status=" : "", filtered ? st : "");
	json_t *v = json_pack("{sosbsbsbsssIsIsIso}", "referrals", list, "has_inbox", inbox,
			      "is_inbox", box == REF_BOX_INBOX, "empty", n == 0, "box", box_key(box),
			      "total", (json_int_t)total, "page", (json_int_t)page, "pages",
			      (json_int_t)pages, "statuses", statuses);
	if (page > 1)
		json_object_set_new(v, "prev", json_string(arena_printf(r->a, "%s&page=%lld", base,
									(long long)page - 1)));
	if (page < pages)
		json_object_set_new(v, "next", json_string(arena_printf(r->a, "%s&page=%lld", base,
									(long long)page + 1)));
	json_object_set_new(v, "filtered", json_boolean(filtered));
	json_object_set_new(v, "can_refer_new", json_boolean((r->user->roles & (R_WORKER | R_PARTNER)) != 0));
	return reply_page(out, 200, "referral/list", box == REF_BOX_INBOX ? "Referrals: inbox"
								   : "Referrals: sent", v);
}

/* The referral page's view for ctx (history, the changes the caller may
 * make), with note and outcome as typed when shown again. */
static json_t *show_view(req *r, const ref_ctx *ctx)
{
	json_t *v = ref_json(r, ctx, true);
	ref_status next[REF_N_STATUS];
	size_t n = ref_moves(ctx->rf.status, ctx->as, next);
	const char *want = req_form(r, "status");
	json_t *moves = json_array();
	bool outcome = false;
	for (size_t i = 0; i < n; i++) {
		const char *code = ref_status_code(next[i]);
		json_array_append_new(moves, json_pack("{sssssssb}", "value", code, "label",
			ref_status_words(next[i]), "id", arena_printf(r->a, "status-%s", code), "checked",
			str_eq(want, code) || (i == 0 && !*want)));
		outcome |= next[i] == REF_COMPLETED || next[i] == REF_FAILED;
	}
	json_object_set_new(v, "move_options", moves);
	json_object_set_new(v, "can_move", json_boolean(n > 0));
	json_object_set_new(v, "can_outcome", json_boolean(outcome));
	json_object_set_new(v, "note_value", json_string(req_form(r, "note")));
	json_object_set_new(v, "outcome_value", json_string(req_form(r, "outcome")));
	json_object_set_new(v, "from", json_string(ref_status_code(ctx->rf.status)));
	json_object_set_new(v, "related", json_boolean(ctx->related));
	json_object_set_new(v, "person_uuid", json_string(ctx->rf.person_uuid));
	json_object_set_new(v, "is_live", json_boolean(ctx->rf.mode == REF_LIVE));
	json_object_set_new(v, "created_when", json_string(time_uk_when(r->a, ctx->rf.created_at)));
	if (*ctx->rf.shared_birth_date)
		json_object_set_new(v, "birth_date_text", json_string(time_uk_day(r->a, ctx->rf.shared_birth_date)));
	if (*ctx->rf.due_at)
		json_object_set_new(v, "due_when", json_string(time_uk_when(r->a, ctx->rf.due_at)));
	json_t *h = json_object_get(v, "history");
	size_t i;
	json_t *e;
	json_array_foreach(h, i, e) {
		const char *code = json_string_value(json_object_get(e, "status"));
		ref_status s;
		if (ref_status_parse(code, &s))
			json_object_set_new(e, "status_text", json_string(ref_status_words(s)));
		json_object_set_new(e, "when", json_string(time_uk_when(r->a,
			json_string_value(json_object_get(e, "at")))));
	}
	return v;
}

sn_err ref_show_page(req *r, reply *out)
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
	return reply_page(out, 200, "referral/show", arena_printf(r->a, "Referral to %s",
		ctx.rf.service_name), show_view(r, &ctx));
}

sn_err ref_status_form(req *r, reply *out)
{
	ref_ctx ctx;
	ref_problem pb = {0};
	ref_status to;
	const char *code = req_form(r, "status"), *note = req_form(r, "note");
	const char *outcome = req_form(r, "outcome");
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = ref_reach(r, req_get(r, "id"), &ctx);
	if (rc)
		return unreached(r, out, &ctx, rc);
	const char *from = req_form(r, "from");
	if (!ref_status_parse(code, &to)) {
		pb = (ref_problem){422, "status", "Choose what has happened"};
		rc = SN_EINPUT;
	} else if (*from && !str_eq(from, ref_status_code(ctx.rf.status)) && ctx.rf.status == to) {
		/* the same change sent twice (a double click): already done */
		store_rollback(r->db);
		return reply_redirect(out, arena_printf(r->a, "/referrals/%s", ctx.rf.uuid));
	} else {
		rc = ref_change(r, &ctx, to, note, (to == REF_COMPLETED || to == REF_FAILED) ? outcome : "",
				&pb);
	}
	if (rc == SN_EINPUT) {
		store_rollback(r->db);
		if (!store_begin_write(r->db) && !ref_audit(r, &ctx, pb.status == 422 ? "referral.read"
									      : "referral.refused"))
			store_commit(r->db);
		store_rollback(r->db);
		req_add_error(r, "status", arena_printf(r->a, "%c%s", pb.message[0] >= 'a' &&
			pb.message[0] <= 'z' ? pb.message[0] - 32 : pb.message[0], pb.message + 1));
		return reply_page(out, pb.status, "referral/show", "Referral", show_view(r, &ctx));
	}
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	return reply_redirect(out, arena_printf(r->a, "/referrals/%s", ctx.rf.uuid));
}

/* ---- a new referral ---- */

/* The person of a /people/{id}/... address, when the caller may refer
 * them (self, named or worker): NULL and a reply otherwise. */
static sn_err person_to_refer(req *r, reply *out, person **p, access_basis *basis)
{
	*p = NULL;
	sn_err rc = people_find(r->db, req_get(r, "id"), r->a, p);
	if (!rc)
		rc = access_person(r->db, r->user, (*p)->id, basis);
	if (rc == SN_ENOTFOUND) {
		*p = NULL;
		return reply_error(r, out, 404, "There is no record here.");
	}
	if (!rc && *basis != ACCESS_SELF && *basis != ACCESS_NAMED && *basis != ACCESS_WORKER) {
		*p = NULL;
		return reply_error(r, out, 403, "You can refer only someone you support: the person "
				   "themselves, someone they named, or their worker.");
	}
	return rc;
}

static sn_err new_page(req *r, reply *out, int status, person *p, access_basis basis)
{
	const char *q = req_get(r, "q");
	const char *chosen = *req_form(r, "service_id") ? req_form(r, "service_id") : req_get(r, "service");
	ref_service *sv = NULL;
	size_t n = 0;
	sn_err rc = ref_services_find(r->db, q, 30, r->a, &sv, &n);
	if (rc)
		return rc;
	json_t *list = json_array();
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		found |= str_eq(sv[i].uuid, chosen);
		json_array_append_new(list, json_pack("{sssssssssIsb}", "value", sv[i].uuid, "label",
			sv[i].name, "org", sv[i].org_name, "locality", sv[i].locality, "days",
			(json_int_t)sv[i].days, "checked", str_eq(sv[i].uuid, chosen)));
	}
	/* a service chosen before (from Find, or before a search) stays first */
	ref_service one;
	if (!found && str_is_uuid(chosen) && !ref_service_get(r->db, chosen, r->a, &one) && one.open)
		json_array_insert_new(list, 0, json_pack("{sssssssssIsb}", "value", one.uuid, "label",
			one.name, "org", one.org_name, "locality", one.locality, "days",
			(json_int_t)one.days, "checked", true));
	const char *mode = req_form(r, "mode");
	rc = store_begin_write(r->db);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "person.read", p->uuid);
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		json_decref(list);
		return rc;
	}
	json_t *v = json_pack("{sssssssosbsssbsbsb}", "person_uuid", p->uuid, "person_name",
		arena_printf(r->a, "%s %s", p->given_name, p->family_name), "q", q, "services", list,
		"has_services", json_array_size(list) > 0, "reason", req_form(r, "reason"),
		"signpost", str_eq(mode, "signpost"), "consent", str_eq(req_form(r, "consent"), "yes"),
		"self", basis == ACCESS_SELF);
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	return reply_page(out, status, "referral/new", "Refer to a service", v);
}

sn_err ref_new_page(req *r, reply *out)
{
	person *p;
	access_basis basis;
	sn_err rc = person_to_refer(r, out, &p, &basis);
	return rc || !p ? rc : new_page(r, out, 200, p, basis);
}

sn_err ref_create_form(req *r, reply *out)
{
	person *p;
	access_basis basis;
	sn_err rc = person_to_refer(r, out, &p, &basis);
	if (rc || !p)
		return rc;
	ref_create_in in = {.person_uuid = p->uuid, .service_uuid = req_form(r, "service_id"),
			    .reason = req_form(r, "reason"), .consent = str_eq(req_form(r, "consent"), "yes"),
			    .source = "web"};
	const char *mode = req_form(r, "mode");
	if (!ref_mode_parse(mode, &in.mode)) {
		req_add_error(r, "mode", "Choose whether to send the referral or only record a signpost");
		return new_page(r, out, 422, p, basis);
	}
	bool done = false;
	ref_problem pb = {0};
	char uuid[37];
	rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = ref_create(r, &in, uuid, &pb);
	if (rc == SN_EINPUT) {
		store_rollback(r->db);
		const char *field = str_eq(pb.field, "service_id") ? "service_id" : pb.field;
		const char *msg = str_eq(pb.field, "service_id") ? "Choose a service that is open"
			: str_eq(pb.field, "reason") ? "Say why you are making the referral (up to 2,000 characters)"
			: str_eq(pb.field, "consent") ? "A referral sent to the service needs the person's consent to share their details. Without it, record a signpost"
			: "Choose someone you support";
		req_add_error(r, field, msg);
		return new_page(r, out, 422, p, basis);
	}
	return once_finish(r, out, rc, arena_printf(r->a, "/referrals/%s", uuid));
}

/* ---- a service's days to answer ---- */

sn_err ref_services_page(req *r, reply *out)
{
	ref_service *sv;
	size_t n = 0;
	sn_err rc = ref_services_of_member(r->db, r->user->id, r->a, &sv, &n);
	if (rc)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{sssssssIsbss}", "uuid", sv[i].uuid, "name",
			sv[i].name, "org", sv[i].org_name, "days", (json_int_t)sv[i].days, "stated",
			sv[i].days_stated, "id", arena_printf(r->a, "days-%s", sv[i].uuid)));
	json_t *v = json_pack("{sosbsi}", "services", list, "empty", n == 0, "default",
			      REF_ANSWER_DAYS_DEFAULT);
	json_object_set_new(v, "saved", json_boolean(str_eq(req_get(r, "saved"), "1")));
	return reply_page(out, 200, "referral/services", "How long your services take to answer", v);
}

sn_err ref_services_save(req *r, reply *out)
{
	ref_service sv;
	bool member = false;
	const char *uuid = req_form(r, "service_id");
	const char *days_s = req_form(r, "days");
	char *end = NULL;
	long days = strtol(days_s, &end, 10);
	sn_err rc = str_is_uuid(uuid) ? ref_service_get(r->db, uuid, r->a, &sv) : SN_ENOTFOUND;
	if (!rc)
		rc = ref_is_member(r->db, r->user->id, sv.org_id, &member);
	if (rc == SN_ENOTFOUND || (!rc && !member))
		return reply_error(r, out, 403, "You can set the days only for your organisation's services.");
	if (rc)
		return rc;
	if (!*days_s || *end || days < 1 || days > REF_ANSWER_DAYS_MAX) {
		req_add_error(r, arena_printf(r->a, "days-%s", uuid),
			      "Enter the days to answer as a whole number from 1 to 90");
		rc = ref_services_page(r, out);
		if (!rc)
			out->status = 422;
		return rc;
	}
	rc = store_begin_write(r->db);
	if (!rc)
		rc = ref_service_set_days(r->db, sv.id, days);
	if (!rc) {
		audit_entry e = {r->user->uuid, "partner", "referral.service_days",
				 arena_printf(r->a, "service:%s", sv.uuid), arena_printf(r->a, "%ld days", days)};
		rc = audit_append(r->db, &e);
	}
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	return reply_redirect(out, "/referrals/services?saved=1");
}

/* ---- the person page's section ---- */

sn_err ref_person_section(req *r, const person *p, access_basis basis, json_t *view)
{
	bool related = basis == ACCESS_SELF || basis == ACCESS_NAMED || basis == ACCESS_WORKER;
	if (!related && basis != ACCESS_BREAK_GLASS)
		return SN_OK;
	ref_row *rows;
	size_t n = 0;
	if (ref_list_person(r->db, p->id, r->user->id, 20, r->a, &rows, &n))
		n = 0; /* a failure shows none */
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, ref_row_json(r, &rows[i], true));
	json_object_set_new(view, "referrals", json_pack("{sosbsbss}", "rows", list, "has_rows", n > 0,
		"can_refer", related, "new_href", arena_printf(r->a, "/people/%s/referrals/new", p->uuid)));
	return SN_OK;
}
