/* The First Contact questions, for administrators: add a question, change
 * its words, hint, order and whether it is asked, and say which services
 * a "yes" leads to (for everyone, or for people in one locality). A
 * question is never deleted (completed checklists name it): it is
 * switched off. Every change is audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../access/access.h"
#include "../referral/referral_store.h"
#include "fc_pages.h"
#include "fc_store.h"

static sn_err audit(req *r, const char *action, const char *uuid, const char *reason)
{
	audit_entry e = {r->user->uuid, "admin", action, arena_printf(r->a, "fc_question:%s", uuid), reason};
	return audit_append(r->db, &e);
}

/* Commits after a change that went well, and goes to target. */
static sn_err finish(req *r, reply *out, sn_err rc, const char *target)
{
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	return reply_redirect(out, target);
}

static bool text_ok(req *r, const char *field, const char *what, size_t max, bool required)
{
	const char *v = req_form(r, field);
	if (required && !*v)
		req_add_error(r, field, arena_printf(r->a, "Enter the %s", what));
	else if (strlen(v) > max)
		req_add_error(r, field, arena_printf(r->a, "The %s must be %zu characters or fewer", what, max));
	else
		return true;
	return false;
}

sn_err fc_admin_page(req *r, reply *out)
{
	fc_question *q;
	fc_link_row *l;
	size_t n = 0, n_l = 0;
	sn_err rc = fc_questions(r->db, false, r->a, &q, &n);
	if (!rc)
		rc = fc_links(r->db, 0, r->a, &l, &n_l);
	if (rc)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *leads = json_array();
		for (size_t k = 0; k < n_l; k++)
			if (l[k].link.question_id == q[i].id)
				json_array_append_new(leads, json_pack("{ssss}", "service", l[k].service_name,
					"where", *l[k].locality_name ? l[k].locality_name : "everyone"));
		json_array_append_new(list, json_pack("{sssssIsbsosb}", "id", q[i].uuid, "text", q[i].text,
			"position", (json_int_t)q[i].position, "active", q[i].active, "leads", leads,
			"has_leads", json_array_size(leads) > 0));
	}
	json_t *v = json_pack("{sosbssss}", "questions", list, "empty", n == 0, "text",
			      req_form(r, "text"), "hint", req_form(r, "hint"));
	return reply_page(out, json_array_size(r->errors) ? 422 : 200, "firstcontact/admin",
			  "First Contact questions", v);
}

sn_err fc_admin_add(req *r, reply *out)
{
	bool ok = text_ok(r, "text", "question", FC_TEXT_MAX, true);
	ok &= text_ok(r, "hint", "hint", FC_HINT_MAX, false);
	fc_question *q;
	size_t n = 0;
	sn_err rc = fc_questions(r->db, true, r->a, &q, &n);
	if (rc)
		return rc;
	if (ok && n >= FC_QUESTIONS_MAX) {
		req_add_error(r, "text", arena_printf(r->a, "A checklist asks at most %d questions: switch one off first",
						      FC_QUESTIONS_MAX));
		ok = false;
	}
	if (!ok)
		return fc_admin_page(r, out);
	char uuid[37];
	int64_t id;
	rc = store_begin_write(r->db);
	if (!rc)
		rc = fc_question_add(r->db, req_form(r, "text"), req_form(r, "hint"), time_now(), uuid, &id);
	if (!rc)
		rc = audit(r, "first_contact.question_add", uuid, "");
	return finish(r, out, rc, arena_printf(r->a, "/admin/first-contact/questions/%s", uuid));
}

static sn_err question_page(req *r, reply *out, const fc_question *q)
{
	fc_link_row *l;
	ref_service *sv = NULL;
	fc_locality *loc;
	size_t n_l = 0, n_sv = 0, n_loc = 0;
	const char *find = req_get(r, "q");
	sn_err rc = fc_links(r->db, q->id, r->a, &l, &n_l);
	if (!rc && *find)
		rc = ref_services_find(r->db, find, 20, r->a, &sv, &n_sv);
	if (!rc)
		rc = fc_localities(r->db, r->a, &loc, &n_loc);
	if (rc)
		return rc;
	json_t *links = json_array(), *found = json_array(), *places = json_array();
	for (size_t i = 0; i < n_l; i++)
		json_array_append_new(links, json_pack("{sssssssIsb}", "service", l[i].service_name,
			"service_id", l[i].service_uuid, "where",
			*l[i].locality_name ? l[i].locality_name : "everyone", "locality_id",
			(json_int_t)l[i].link.locality_id, "open", l[i].service_open));
	for (size_t i = 0; i < n_sv; i++)
		json_array_append_new(found, json_pack("{ssssss}", "id", sv[i].uuid, "name", sv[i].name,
						       "org", sv[i].org_name));
	for (size_t i = 0; i < n_loc; i++)
		json_array_append_new(places, json_pack("{sIss}", "id", (json_int_t)loc[i].id, "name",
							loc[i].name));
	bool typed = *req_form(r, "text");
	json_t *v = json_pack("{sssssssIsbsosososbsbss}", "id", q->uuid,
		"text", typed ? req_form(r, "text") : q->text, "hint", typed ? req_form(r, "hint") : q->hint,
		"position", (json_int_t)q->position, "active", q->active, "links", links,
		"found", found, "localities", places, "has_links", n_l > 0, "searched", *find != 0,
		"q", find);
	json_object_set_new(v, "has_found", json_boolean(n_sv > 0));
	return reply_page(out, json_array_size(r->errors) ? 422 : 200, "firstcontact/admin-question",
			  "A First Contact question", v);
}

static sn_err the_question(req *r, reply *out, fc_question *q, bool *ok)
{
	*ok = false;
	sn_err rc = fc_question_get(r->db, req_get(r, "id"), r->a, q);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no such question.");
	*ok = !rc;
	return rc;
}

sn_err fc_admin_question(req *r, reply *out)
{
	fc_question q;
	bool ok;
	sn_err rc = the_question(r, out, &q, &ok);
	return rc || !ok ? rc : question_page(r, out, &q);
}

sn_err fc_admin_update(req *r, reply *out)
{
	fc_question q;
	bool ok;
	sn_err rc = the_question(r, out, &q, &ok);
	if (rc || !ok)
		return rc;
	bool good = text_ok(r, "text", "question", FC_TEXT_MAX, true);
	good &= text_ok(r, "hint", "hint", FC_HINT_MAX, false);
	const char *pos = req_form(r, "position");
	char *end = NULL;
	long position = strtol(pos, &end, 10);
	if (!*pos || *end || position < 1 || position > 1000) {
		req_add_error(r, "position", "Enter the question's place as a whole number from 1 to 1000");
		good = false;
	}
	if (!good)
		return question_page(r, out, &q);
	rc = store_begin_write(r->db);
	if (!rc)
		rc = fc_question_update(r->db, q.id, req_form(r, "text"), req_form(r, "hint"), position,
					str_eq(req_form(r, "active"), "yes"), time_now());
	if (!rc)
		rc = audit(r, "first_contact.question_update", q.uuid,
			   str_eq(req_form(r, "active"), "yes") ? "asked" : "switched off");
	return finish(r, out, rc, "/admin/first-contact");
}

/* The service and locality of a link form. */
static bool link_fields(req *r, ref_service *sv, int64_t *locality)
{
	const char *sid = req_form(r, "service_id");
	if (!str_is_uuid(sid) || ref_service_get(r->db, sid, r->a, sv)) {
		req_add_error(r, "service_id", "Choose a service from the directory");
		return false;
	}
	const char *l = req_form(r, "locality_id");
	char *end = NULL;
	long long v = strtoll(l, &end, 10);
	if (*l && (*end || v < 0)) {
		req_add_error(r, "locality_id", "Choose everyone or one locality");
		return false;
	}
	*locality = *l ? v : 0;
	return true;
}

static sn_err link_change(req *r, reply *out, bool add)
{
	fc_question q;
	bool ok;
	sn_err rc = the_question(r, out, &q, &ok);
	if (rc || !ok)
		return rc;
	ref_service sv;
	int64_t locality = 0;
	if (!link_fields(r, &sv, &locality))
		return question_page(r, out, &q);
	rc = store_begin_write(r->db);
	if (!rc)
		rc = add ? fc_link_add(r->db, q.id, sv.id, locality) : fc_link_remove(r->db, q.id, sv.id, locality);
	if (!rc)
		rc = audit(r, add ? "first_contact.link_add" : "first_contact.link_remove", q.uuid,
			   arena_printf(r->a, "service:%s locality %lld", sv.uuid, (long long)locality));
	return finish(r, out, rc, arena_printf(r->a, "/admin/first-contact/questions/%s", q.uuid));
}

sn_err fc_admin_link(req *r, reply *out) { return link_change(r, out, true); }
sn_err fc_admin_unlink(req *r, reply *out) { return link_change(r, out, false); }
