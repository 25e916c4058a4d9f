/* Offers and needs, and contact requests. A listing shows its member's
 * first name and area only. A contact request never shows the other
 * member's contact details: they see the request here (and get an email
 * that says only where to look), and choose whether to answer and what to
 * share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../mail/mail.h"
#include "../once/once.h"
#include "tb_int.h"

#define TB_LIST_PAGE 20

static const char *kind_words(const char *k) { return str_eq(k, "offer") ? "Offer" : "Need"; }

sn_err tb_listings_page(req *r, reply *out)
{
	tb_actor act;
	bool stop;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = tb_as(r, out, req_get(r, "member"), &act, &stop);
	if (rc || stop)
		return rc;
	int64_t category = req_get_i64(r, "category", 0), page = req_get_i64(r, "page", 1), total = 0;
	const char *kind = req_get(r, "kind");
	tb_category *cats;
	tb_listing *ls;
	size_t nc = 0, nl = 0;
	rc = tb_categories(r->db, r->a, &cats, &nc);
	if (!rc)
		rc = tb_listings_open(r->db, category, kind, act.m.id, TB_LIST_PAGE, (page - 1) * TB_LIST_PAGE, r->a, &ls,
				      &nl, &total);
	json_t *v = json_object(), *rows = json_array();
	const char **seen = arena_alloc(r->a, (nl + 1) * sizeof *seen);
	for (size_t i = 0; i < nl && !rc; i++) {
		json_array_append_new(rows, json_pack("{ssssssssssssssss}", "id", ls[i].uuid, "kind", kind_words(ls[i].kind),
			"title", ls[i].title, "details", ls[i].details, "category", ls[i].category, "first_name",
			ls[i].first_name, "area", *ls[i].area ? ls[i].area : "Area not given", "member_uuid", ls[i].member_uuid));
		seen[i] = ls[i].member_uuid;
	}
	json_object_set_new(v, "member", tb_member_view(r, &act.m));
	json_object_set_new(v, "actor", json_string(act.m.uuid));
	json_object_set_new(v, "listings", rows);
	json_object_set_new(v, "has_listings", json_boolean(nl > 0));
	json_object_set_new(v, "categories", tb_category_options(r, cats, nc, category));
	json_object_set_new(v, "kind_offer", json_boolean(str_eq(kind, "offer")));
	json_object_set_new(v, "kind_need", json_boolean(str_eq(kind, "need")));
	json_object_set_new(v, "kind_any", json_boolean(!*kind));
	json_object_set_new(v, "total", json_integer(total));
	json_object_set_new(v, "has_prev", json_boolean(page > 1));
	json_object_set_new(v, "has_next", json_boolean(page * TB_LIST_PAGE < total));
	json_object_set_new(v, "prev_href", json_string(arena_printf(r->a, "/timebank/listings?member=%s&category=%lld"
		"&kind=%s&page=%lld", act.m.uuid, (long long)category, kind, (long long)(page - 1))));
	json_object_set_new(v, "next_href", json_string(arena_printf(r->a, "/timebank/listings?member=%s&category=%lld"
		"&kind=%s&page=%lld", act.m.uuid, (long long)category, kind, (long long)(page + 1))));
	if (!rc)
		rc = tb_audit_seen(r, seen, nl, "timebank.listing.listed");
	if (!rc)
		rc = tb_audit(r, &act, "timebank.read");
	if ((rc = tb_finish(r, rc, v)))
		return rc;
	return reply_page(out, 200, "timebank/listings", "Offers and needs", v);
}

static sn_err listing_form_page(req *r, reply *out, const tb_actor *act, int status)
{
	tb_category *cats;
	size_t nc = 0;
	sn_err rc = tb_categories(r->db, r->a, &cats, &nc);
	json_t *v = json_object();
	json_object_set_new(v, "member", tb_member_view(r, &act->m));
	json_object_set_new(v, "categories", tb_category_options(r, cats, nc, atoll(req_form(r, "category"))));
	json_object_set_new(v, "title", json_string(req_form(r, "title")));
	json_object_set_new(v, "details", json_string(req_form(r, "details")));
	json_object_set_new(v, "need", json_boolean(str_eq(req_form(r, "kind"), "need")));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	if (!rc)
		rc = tb_audit(r, act, "timebank.read");
	if ((rc = tb_finish(r, rc, v)))
		return rc;
	return reply_page(out, status, "timebank/listing-new", "Add an offer or a need", v);
}

sn_err tb_listing_form(req *r, reply *out)
{
	tb_actor act;
	bool stop;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = tb_as(r, out, req_get(r, "member"), &act, &stop);
	if (rc || stop)
		return rc;
	return listing_form_page(r, out, &act, 200);
}

sn_err tb_listing_save(req *r, reply *out)
{
	tb_actor act;
	bool stop, done = false;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = tb_as(r, out, req_form(r, "member"), &act, &stop);
	if (rc || stop)
		return rc;
	const char *kind = req_form(r, "kind");
	if (!str_eq(kind, "offer") && !str_eq(kind, "need"))
		req_add_error(r, "kind", "Choose whether this is something you offer or something you need");
	int64_t category = 0;
	if (!tb_category_field(r, "category", &category))
		req_add_error(r, "category", "Choose what kind of help it is");
	const char *title = tb_text(r, "title", TB_TITLE_MAX, false, "The title");
	if (!*req_form(r, "title"))
		req_add_error(r, "title", "Say in a few words what you offer or need");
	const char *details = tb_text(r, "details", TB_DETAILS_MAX, true, "The details");
	if (tb_has_errors(r))
		return listing_form_page(r, out, &act, 422);
	rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	char uuid[37] = "";
	int64_t id = 0;
	rc = tb_listing_add(r->db, act.m.id, kind, category, title, details, tb_now(r), uuid, &id);
	if (!rc)
		rc = tb_audit(r, &act, "timebank.listing.add");
	return once_finish(r, out, rc, arena_printf(r->a, "/timebank?member=%s&done=listed", act.m.uuid));
}

/* The listing of the path's {id}; 404 (and *stop) when there is none. */
static sn_err find_listing(req *r, reply *out, tb_listing *l, bool *stop)
{
	*stop = false;
	sn_err rc = tb_listing_find(r->db, req_get(r, "id"), r->a, l);
	if (rc != SN_ENOTFOUND)
		return rc;
	store_rollback(r->db);
	*stop = true;
	return reply_error(r, out, 404, "There is no offer or need here.");
}

sn_err tb_listing_withdraw_save(req *r, reply *out)
{
	tb_listing l;
	tb_actor act;
	bool stop = false;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = find_listing(r, out, &l, &stop);
	if (!rc && !stop)
		rc = tb_as_either(r, out, l.member_id, l.member_id, &act, &stop);
	if (rc || stop)
		return rc;
	rc = tb_listing_withdraw(r->db, l.id, tb_now(r));
	if (rc == SN_ECONFLICT) {
		store_rollback(r->db);
		return reply_redirect(out, arena_printf(r->a, "/timebank?member=%s", act.m.uuid));
	}
	if (!rc)
		rc = tb_audit(r, &act, "timebank.listing.withdraw");
	if (!rc)
		rc = store_commit(r->db);
	store_rollback(r->db);
	return rc ? rc : reply_redirect(out, arena_printf(r->a, "/timebank?member=%s&done=withdrawn", act.m.uuid));
}

/* ---- contact requests ---- */

static sn_err contact_form_page(req *r, reply *out, const tb_actor *act, const tb_listing *l, int status)
{
	json_t *v = json_pack("{sssssssssssssssssbss}", "id", l->uuid, "member", act->m.uuid, "title", l->title, "kind",
		kind_words(l->kind), "first_name", l->first_name, "area", *l->area ? l->area : "Area not given",
		"category", l->category, "message", req_form(r, "message"), "own", l->member_id == act->m.id,
		"form_id", once_form_id(r));
	sn_err rc = tb_audit(r, act, "timebank.read");
	const char *seen = l->member_uuid;
	if (!rc)
		rc = tb_audit_seen(r, &seen, 1, "timebank.member.seen");
	if ((rc = tb_finish(r, rc, v)))
		return rc;
	return reply_page(out, status, "timebank/contact-new", "Ask to be put in touch", v);
}

sn_err tb_contact_form(req *r, reply *out)
{
	tb_listing l;
	tb_actor act;
	bool stop = false;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = find_listing(r, out, &l, &stop);
	if (!rc && !stop)
		rc = tb_as(r, out, req_get(r, "member"), &act, &stop);
	if (rc || stop)
		return rc;
	return contact_form_page(r, out, &act, &l, 200);
}

/* Tells the member a request came: where to look, and nothing else. */
static sn_err tell(req *r, int64_t member_id, const char *contact_uuid)
{
	const char *to = "";
	sn_err rc = tb_member_email(r->db, member_id, r->a, &to);
	if (rc || !mail_addr_ok(to))
		return rc;
	char domain[256], err[200];
	bool queued = false;
	char *low = arena_strdup(r->a, to);
	str_lower_ascii(low);
	mail_domain_of(web_base_url(), domain);
	const char *body = arena_printf(r->a,
		"Someone in the timebank would like to get in touch about something you offer or need.\n\n"
		"Sign in to read the request and choose whether to answer:\n%s/timebank/contacts/%s\n\n"
		"Your contact details have not been shared. They are shared only if you choose to share them.\n",
		web_base_url(), contact_uuid);
	rc = mail_queue(r->db, arena_printf(r->a, "tb-contact:%s", contact_uuid), "timebank", low,
			"Someone would like to get in touch through the timebank", body, domain, &queued, err, sizeof err);
	return rc == SN_EINPUT || rc == SN_ETOOBIG ? SN_OK : rc;
}

sn_err tb_contact_save(req *r, reply *out)
{
	tb_listing l;
	tb_actor act;
	bool stop = false, done = false;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = find_listing(r, out, &l, &stop);
	if (!rc && !stop)
		rc = tb_as(r, out, req_form(r, "member"), &act, &stop);
	if (rc || stop)
		return rc;
	const char *message = tb_text(r, "message", TB_MESSAGE_MAX, true, "Your message");
	if (!*req_form(r, "message"))
		req_add_error(r, "message", "Write a short message: say what you would like to ask");
	if (l.member_id == act.m.id)
		req_add_error(r, "message", "This is your own offer or need");
	if (!str_eq(l.status, "open"))
		req_add_error(r, "message", "This is no longer listed");
	if (tb_has_errors(r))
		return contact_form_page(r, out, &act, &l, 422);
	rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	char uuid[37] = "";
	int64_t id = 0;
	rc = tb_contact_add(r->db, act.m.id, l.member_id, l.id, message, r->user->id, tb_now(r), uuid, &id);
	if (!rc)
		rc = tell(r, l.member_id, uuid);
	if (!rc)
		rc = tb_audit(r, &act, "timebank.contact.ask");
	return once_finish(r, out, rc, arena_printf(r->a, "/timebank?member=%s&done=asked", act.m.uuid));
}

static sn_err reach_contact(req *r, reply *out, tb_contact *c, tb_actor *act, bool *stop)
{
	*stop = false;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = tb_contact_find(r->db, req_get(r, "id"), r->a, c);
	if (rc == SN_ENOTFOUND) {
		store_rollback(r->db);
		*stop = true;
		return reply_error(r, out, 404, "There is no contact request here.");
	}
	return rc ? rc : tb_as_either(r, out, c->to_member_id, c->from_member_id, act, stop);
}

static sn_err contact_page(req *r, reply *out, const tb_contact *c, const tb_actor *act, int status)
{
	bool to_me = c->to_member_id == act->m.id;
	json_t *v = json_pack("{sssssssssssssssssssssssbsbsbsbsbss}", "id", c->uuid, "member", act->m.uuid, "from",
		c->from_name, "to", c->to_name, "about", c->listing_title, "kind", kind_words(c->listing_kind), "message",
		c->message, "when", time_uk_when(r->a, c->created_at), "reply", c->reply, "shared", c->shared_details,
		"reply_value", req_form(r, "reply"), "to_me", to_me, "waiting", str_eq(c->status, "sent"), "replied",
		str_eq(c->status, "replied"), "declined", str_eq(c->status, "declined"), "can_answer",
		to_me && str_eq(c->status, "sent"), "form_id", once_form_id(r));
	json_object_set_new(v, "shared_value", json_string(req_form(r, "shared_details")));
	const char *other = to_me ? c->from_uuid : c->to_uuid;
	sn_err rc = tb_audit(r, act, "timebank.contact.read");
	if (!rc)
		rc = tb_audit_seen(r, &other, 1, "timebank.member.seen");
	if ((rc = tb_finish(r, rc, v)))
		return rc;
	return reply_page(out, status, "timebank/contact", "A contact request", v);
}

sn_err tb_contact_page(req *r, reply *out)
{
	tb_contact c;
	tb_actor act;
	bool stop;
	sn_err rc = reach_contact(r, out, &c, &act, &stop);
	if (rc || stop)
		return rc;
	return contact_page(r, out, &c, &act, 200);
}

sn_err tb_contact_answer_save(req *r, reply *out)
{
	tb_contact c;
	tb_actor act;
	bool stop, done = false;
	sn_err rc = reach_contact(r, out, &c, &act, &stop);
	if (rc || stop)
		return rc;
	if (c.to_member_id != act.m.id) {
		store_rollback(r->db);
		return reply_error(r, out, 403, "Only the member who was asked can answer.");
	}
	const char *answer = req_form(r, "answer");
	if (!str_eq(answer, "reply") && !str_eq(answer, "decline"))
		req_add_error(r, "answer", "Choose whether to answer or to say no");
	const char *answer_text = tb_text(r, "reply", TB_MESSAGE_MAX, true, "Your answer");
	const char *shared = tb_text(r, "shared_details", TB_MESSAGE_MAX, true, "What you share");
	if (str_eq(answer, "reply") && !*req_form(r, "reply"))
		req_add_error(r, "reply", "Write your answer");
	if (tb_has_errors(r))
		return contact_page(r, out, &c, &act, 422);
	rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	bool yes = str_eq(answer, "reply");
	rc = tb_contact_answer(r->db, c.id, yes ? "replied" : "declined", yes ? answer_text : "", yes ? shared : "",
			       r->user->id, tb_now(r));
	if (rc == SN_ECONFLICT) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "This request was answered already.");
	}
	if (!rc)
		rc = tb_audit(r, &act, "timebank.contact.answer");
	return once_finish(r, out, rc, arena_printf(r->a, "/timebank?member=%s&done=answered", act.m.uuid));
}
