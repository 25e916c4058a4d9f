/* The First Contact checklist on a visit: the person's details and the
 * questions on one page (saved as a draft on the server, so nothing typed
 * is lost when the signal drops on sending), a page to check the answers
 * and the referrals they lead to, consent asked once, and sending, which
 * makes every referral at once. Works without JavaScript. A checklist is
 * its author's: no one else reads or changes it (its referrals are read
 * through the referral feature's own rules). */
#include <stdio.h>
#include <string.h>

#include "../access/access.h"
#include "../once/once.h"
#include "../people/people.h"
#include "../referral/referral_pages.h"
#include "fc_pages.h"
#include "fc_store.h"

/* ---- answers: {"<question uuid>": true|false} ---- */

static int answer_of(const json_t *answers, const char *uuid)
{
	const json_t *v = json_object_get(answers, uuid);
	return json_is_true(v) ? 1 : json_is_false(v) ? 0 : -1;
}

/* The form's view: the details and the questions, as typed (from the form
 * when it was sent, else from the draft c, else empty). */
static json_t *form_view(req *r, const fc_checklist *c, const fc_question *q, size_t n_q, bool from_form)
{
	json_t *answers = c ? json_loads(c->answers, 0, NULL) : NULL;
	json_t *qs = json_array();
	json_t *errors = r->errors;
	for (size_t i = 0; i < n_q; i++) {
		const char *id = arena_printf(r->a, "q-%s", q[i].uuid);
		const char *typed = from_form ? req_form(r, id) : "";
		int a = from_form ? (str_eq(typed, "yes") ? 1 : str_eq(typed, "no") ? 0 : -1)
				  : answer_of(answers, q[i].uuid);
		const char *err = NULL;
		size_t k;
		json_t *e;
		json_array_foreach(errors, k, e)
			if (str_eq(json_string_value(json_object_get(e, "field")), id))
				err = json_string_value(json_object_get(e, "message"));
		json_t *o = json_pack("{sssssssbsb}", "id", id, "question", q[i].text, "hint", q[i].hint,
				      "yes", a == 1, "no", a == 0);
		if (err)
			json_object_set_new(o, "error", json_string(err));
		json_array_append_new(qs, o);
	}
	json_decref(answers);
	const char *dob = c ? c->birth_date : "";
	bool dob_ok = strlen(dob) == 10;
	json_t *v = json_pack("{so}", "questions", qs);
	const char *keys[] = {"given_name", "family_name", "postcode", "phone", "email", "nhs_number"};
	const char *vals[] = {c ? c->given_name : "", c ? c->family_name : "", c ? c->postcode : "",
			      c ? c->phone : "", c ? c->email : "", ""};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		json_object_set_new(v, keys[i], json_string(from_form ? req_form(r, keys[i]) : vals[i]));
	json_object_set_new(v, "dob-day", json_string(from_form ? req_form(r, "dob-day")
		: dob_ok ? arena_strndup(r->a, dob + 8, 2) : ""));
	json_object_set_new(v, "dob-month", json_string(from_form ? req_form(r, "dob-month")
		: dob_ok ? arena_strndup(r->a, dob + 5, 2) : ""));
	json_object_set_new(v, "dob-year", json_string(from_form ? req_form(r, "dob-year")
		: dob_ok ? arena_strndup(r->a, dob, 4) : ""));
	json_object_set_new(v, "has_questions", json_boolean(n_q > 0));
	if (c && *c->uuid)
		json_object_set_new(v, "checklist_id", json_string(c->uuid));
	return v;
}

/* The details and answers of the form into c; false with r->errors set
 * when something is wrong (nothing is stored then). */
static bool from_form(req *r, const fc_question *q, size_t n_q, fc_checklist *c)
{
	person_new d;
	people_details_from_form(r, &d);
	json_t *answers = json_object();
	for (size_t i = 0; i < n_q; i++) {
		const char *id = arena_printf(r->a, "q-%s", q[i].uuid);
		const char *v = req_form(r, id);
		if (str_eq(v, "yes") || str_eq(v, "no"))
			json_object_set_new(answers, q[i].uuid, json_boolean(str_eq(v, "yes")));
		else if (*v)
			req_add_error(r, id, arena_printf(r->a, "Answer yes or no: %s", q[i].text));
	}
	char *text = json_dumps(answers, JSON_COMPACT | JSON_SORT_KEYS);
	c->answers = arena_strdup(r->a, text ? text : "{}");
	free(text);
	json_decref(answers);
	c->given_name = d.given_name ? d.given_name : "";
	c->family_name = d.family_name ? d.family_name : "";
	c->birth_date = d.date_of_birth ? d.date_of_birth : "";
	c->postcode = d.postcode ? d.postcode : "";
	c->phone = d.phone ? d.phone : "";
	c->email = d.email ? d.email : "";
	return json_array_size(r->errors) == 0;
}

static sn_err form_page(req *r, reply *out, int status, const fc_checklist *c, bool typed)
{
	fc_question *q;
	size_t n = 0;
	sn_err rc = fc_questions(r->db, true, r->a, &q, &n);
	if (rc)
		return rc;
	json_t *v = form_view(r, c, q, n, typed);
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	if (c && *c->person_uuid)
		json_object_set_new(v, "person", json_string(c->person_uuid));
	return reply_page(out, status, "firstcontact/form", "First Contact checklist", v);
}

/* The checklist of the address, when it is the caller's. */
static sn_err own(req *r, reply *out, fc_checklist *c, bool *ok)
{
	*ok = false;
	sn_err rc = fc_checklist_get(r->db, req_get(r, "id"), r->a, c);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, 404, "There is no checklist here.");
	if (rc)
		return rc;
	if (c->by_user != r->user->id)
		return reply_error(r, out, 403, "A checklist is read and changed only by whoever completed it. "
				   "Its referrals are on the referrals pages.");
	*ok = true;
	return SN_OK;
}

sn_err fc_list_page(req *r, reply *out)
{
	fc_checklist *c;
	size_t n = 0;
	sn_err rc = fc_checklists_of(r->db, r->user->id, 100, r->a, &c, &n);
	if (rc)
		return rc;
	json_t *drafts = json_array(), *done = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(c[i].completed ? done : drafts, json_pack("{sssssssssI}", "id",
			c[i].uuid, "name", arena_printf(r->a, "%s %s", c[i].given_name, c[i].family_name),
			"when", time_uk_when(r->a, c[i].completed ? c[i].completed_at : c[i].updated_at),
			"org", c[i].org_name, "referrals", (json_int_t)c[i].referrals));
	json_t *v = json_pack("{sososbsb}", "drafts", drafts, "done", done, "has_drafts",
			      json_array_size(drafts) > 0, "has_done", json_array_size(done) > 0);
	return reply_page(out, 200, "firstcontact/list", "First Contact checklists", v);
}

sn_err fc_new_page(req *r, reply *out)
{
	/* Started from a record the caller can reach: its details filled in. */
	const char *from = req_get(r, "person");
	fc_checklist c = {0};
	if (*from) {
		person *p = NULL;
		access_basis b = ACCESS_NONE;
		sn_err rc = people_find(r->db, from, r->a, &p);
		if (!rc)
			rc = access_person(r->db, r->user, p->id, &b);
		if (rc && rc != SN_ENOTFOUND)
			return rc;
		if (rc || (b != ACCESS_SELF && b != ACCESS_NAMED && b != ACCESS_WORKER))
			return reply_error(r, out, 403, "You can start a checklist only from the record of someone you support.");
		c = (fc_checklist){.given_name = p->given_name, .family_name = p->family_name,
				   .birth_date = p->date_of_birth, .postcode = p->postcode, .phone = p->phone,
				   .email = p->email, .answers = "{}", .person_uuid = p->uuid};
		rc = store_begin_write(r->db);
		if (!rc)
			rc = access_audit_person(r->db, r->user, b, "person.read", p->uuid);
		if (!rc)
			rc = store_commit(r->db);
		if (rc) {
			store_rollback(r->db);
			return rc;
		}
	}
	return form_page(r, out, 200, *from ? &c : NULL, false);
}

sn_err fc_person_section(req *r, const person *p, access_basis basis, json_t *view)
{
	if (!(r->user->roles & FC_ROLES) ||
	    (basis != ACCESS_SELF && basis != ACCESS_NAMED && basis != ACCESS_WORKER))
		return SN_OK;
	json_object_set_new(view, "first_contact", json_pack("{ss}", "href",
		arena_printf(r->a, "/first-contact/new?person=%s", p->uuid)));
	return SN_OK;
}

sn_err fc_create(req *r, reply *out)
{
	fc_question *q;
	size_t n_q = 0;
	sn_err rc = fc_questions(r->db, true, r->a, &q, &n_q);
	if (rc)
		return rc;
	fc_checklist c = {.by_user = r->user->id};
	if (!from_form(r, q, n_q, &c))
		return form_page(r, out, 422, NULL, true);
	/* Started from a record: the caller must still reach it. */
	const char *from = req_form(r, "person");
	if (*from) {
		person *p = NULL;
		access_basis b = ACCESS_NONE;
		rc = str_is_uuid(from) ? people_find(r->db, from, r->a, &p) : SN_ENOTFOUND;
		if (!rc)
			rc = access_person(r->db, r->user, p->id, &b);
		if (rc == SN_ENOTFOUND || (!rc && b != ACCESS_SELF && b != ACCESS_NAMED && b != ACCESS_WORKER))
			return reply_error(r, out, 403, "You can start a checklist only from the record of someone you support.");
		if (rc)
			return rc;
		c.person_id = p->id;
	}
	bool done = false;
	char uuid[37];
	int64_t id = 0;
	rc = fc_user_org(r->db, r->user->id, &c.org_id);
	if (!rc)
		rc = people_locality_of(r->db, c.postcode, &c.locality_id);
	if (!rc)
		rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = fc_checklist_insert(r->db, &c, time_now(), uuid, &id);
	return once_finish(r, out, rc, arena_printf(r->a, "/first-contact/%s", uuid));
}

sn_err fc_edit_page(req *r, reply *out)
{
	fc_checklist c;
	bool ok;
	sn_err rc = own(r, out, &c, &ok);
	if (rc || !ok)
		return rc;
	if (c.completed)
		return reply_redirect(out, arena_printf(r->a, "/first-contact/%s", c.uuid));
	return form_page(r, out, 200, &c, false);
}

sn_err fc_update(req *r, reply *out)
{
	fc_checklist c;
	bool ok;
	sn_err rc = own(r, out, &c, &ok);
	if (rc || !ok)
		return rc;
	if (c.completed)
		return reply_redirect(out, arena_printf(r->a, "/first-contact/%s", c.uuid));
	fc_question *q;
	size_t n_q = 0;
	rc = fc_questions(r->db, true, r->a, &q, &n_q);
	if (rc)
		return rc;
	if (!from_form(r, q, n_q, &c))
		return form_page(r, out, 422, &c, true);
	rc = people_locality_of(r->db, c.postcode, &c.locality_id);
	if (!rc)
		rc = store_begin_write(r->db);
	if (!rc)
		rc = fc_checklist_update(r->db, &c, time_now());
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		if (rc != SN_ECONFLICT)
			return rc;
	}
	return reply_redirect(out, arena_printf(r->a, "/first-contact/%s", c.uuid));
}

/* ---- where the answers lead ---- */

typedef struct {
	fc_link_row *links;
	size_t n_links;
	int64_t target[FC_TARGETS_MAX];
	size_t n_target;
	json_t *answers;
} leads;

static sn_err leads_of(req *r, const fc_checklist *c, const fc_question *q, size_t n_q, leads *l)
{
	memset(l, 0, sizeof *l);
	sn_err rc = fc_links(r->db, 0, r->a, &l->links, &l->n_links);
	if (rc)
		return rc;
	l->answers = json_loads(c->answers, 0, NULL);
	int64_t *yes = arena_alloc(r->a, (n_q + 1) * sizeof *yes);
	size_t n_yes = 0;
	for (size_t i = 0; i < n_q; i++)
		if (answer_of(l->answers, q[i].uuid) == 1)
			yes[n_yes++] = q[i].id;
	fc_link *plain = arena_alloc(r->a, (l->n_links + 1) * sizeof *plain);
	for (size_t i = 0; i < l->n_links; i++)
		plain[i] = l->links[i].link;
	l->n_target = fc_targets(plain, l->n_links, yes, n_yes, c->locality_id, l->target, FC_TARGETS_MAX);
	return SN_OK;
}

/* The first link row of service id (its names), or NULL. */
static const fc_link_row *link_of(const leads *l, int64_t service_id)
{
	for (size_t i = 0; i < l->n_links; i++)
		if (l->links[i].link.service_id == service_id)
			return &l->links[i];
	return NULL;
}

/* Why a service: the questions answered yes that lead to it. */
static const char *reason_for(req *r, const leads *l, const fc_question *q, size_t n_q, int64_t service_id)
{
	buf b;
	buf_init(&b, REF_REASON_MAX);
	buf_puts(&b, "First Contact checklist: ");
	bool first = true;
	for (size_t i = 0; i < n_q; i++) {
		if (answer_of(l->answers, q[i].uuid) != 1)
			continue;
		bool leads_here = false;
		for (size_t k = 0; k < l->n_links && !leads_here; k++)
			leads_here = l->links[k].link.question_id == q[i].id &&
				     l->links[k].link.service_id == service_id;
		if (!leads_here)
			continue;
		buf_printf(&b, "%s%s", first ? "" : "; ", q[i].text);
		first = false;
	}
	const char *s = arena_strdup(r->a, b.data ? b.data : "First Contact checklist");
	buf_free(&b);
	return s;
}

sn_err fc_check_page(req *r, reply *out)
{
	fc_checklist c;
	bool ok;
	sn_err rc = own(r, out, &c, &ok);
	if (rc || !ok)
		return rc;
	fc_question *q;
	size_t n_q = 0;
	leads l;
	rc = fc_questions(r->db, !c.completed, r->a, &q, &n_q);
	if (!rc)
		rc = leads_of(r, &c, q, n_q, &l);
	if (rc)
		return rc;
	json_t *answers = json_array();
	size_t unanswered = 0;
	for (size_t i = 0; i < n_q; i++) {
		int a = answer_of(l.answers, q[i].uuid);
		if (a < 0 && c.completed)
			continue; /* a question added since */
		unanswered += a < 0;
		json_array_append_new(answers, json_pack("{ssss}", "question", q[i].text, "answer",
			a == 1 ? "Yes" : a == 0 ? "No" : "Not answered"));
	}
	json_t *targets = json_array();
	for (size_t i = 0; i < l.n_target; i++) {
		const fc_link_row *x = link_of(&l, l.target[i]);
		json_array_append_new(targets, json_pack("{sssssb}", "id", x->service_uuid, "name",
			x->service_name, "open", x->service_open));
	}
	json_decref(l.answers);
	json_t *v = json_pack("{sssssssssssssssoso}", "id", c.uuid, "name",
		arena_printf(r->a, "%s %s", c.given_name, c.family_name), "birth_date",
		*c.birth_date ? time_uk_day(r->a, c.birth_date) : "", "postcode", c.postcode, "phone",
		c.phone, "email", c.email, "when", time_uk_when(r->a, c.completed ? c.completed_at : c.updated_at),
		"answers", answers, "targets", targets);
	json_object_set_new(v, "has_targets", json_boolean(l.n_target > 0));
	json_object_set_new(v, "completed", json_boolean(c.completed));
	json_object_set_new(v, "unanswered", json_integer((json_int_t)unanswered));
	json_object_set_new(v, "referrals", json_integer(c.referrals));
	if (*c.person_uuid)
		json_object_set_new(v, "person_uuid", json_string(c.person_uuid));
	return reply_page(out, 200, "firstcontact/check", c.completed ? "First Contact checklist sent"
		: "Check the answers before sending", v);
}

/* The person the checklist names: its record (the caller must still reach
 * it), or a new one made from the details typed on the visit. */
static sn_err person_for(req *r, const fc_checklist *c, person **p, access_basis *basis)
{
	*basis = ACCESS_NONE;
	if (*c->person_uuid) {
		sn_err rc = people_find(r->db, c->person_uuid, r->a, p);
		if (!rc)
			rc = access_person(r->db, r->user, (*p)->id, basis);
		if (!rc && *basis != ACCESS_SELF && *basis != ACCESS_NAMED && *basis != ACCESS_WORKER)
			rc = SN_EFORBIDDEN;
		return rc;
	}
	person_new n = {.given_name = c->given_name, .family_name = c->family_name,
			.date_of_birth = c->birth_date, .postcode = c->postcode, .phone = c->phone,
			.email = c->email, .locality_id = c->locality_id};
	char uuid[37], now[21];
	int64_t id = 0;
	uuid_v4(uuid);
	time_iso8601(time_now(), now);
	sn_err rc = people_add(r->db, &n, uuid, now, &id);
	/* a worker becomes the person's worker; a partner keeps only what
	 * the referrals share */
	if (!rc && (r->user->roles & R_WORKER)) {
		rc = people_relate(r->db, id, r->user->id, "worker", now);
		*basis = ACCESS_WORKER;
	}
	if (!rc)
		rc = people_find(r->db, uuid, r->a, p);
	if (!rc && *basis == ACCESS_WORKER) {
		rc = access_audit_person(r->db, r->user, *basis, "person.create", uuid);
	} else if (!rc) {
		audit_entry e = {r->user->uuid, "partner", "person.create", arena_printf(r->a, "person:%s", uuid),
				 arena_printf(r->a, "First Contact checklist %s", c->uuid)};
		rc = audit_append(r->db, &e);
	}
	return rc;
}

sn_err fc_send(req *r, reply *out)
{
	fc_checklist c;
	bool ok;
	sn_err rc = own(r, out, &c, &ok);
	if (rc || !ok)
		return rc;
	if (c.completed)
		return reply_redirect(out, arena_printf(r->a, "/first-contact/%s", c.uuid));
	fc_question *q;
	size_t n_q = 0;
	leads l;
	rc = fc_questions(r->db, true, r->a, &q, &n_q);
	if (!rc)
		rc = leads_of(r, &c, q, n_q, &l);
	if (rc)
		return rc;
	bool consent = str_eq(req_form(r, "consent"), "yes");
	if (l.n_target && !consent) {
		json_decref(l.answers);
		req_add_error(r, "consent", "Ask the person whether they agree to share their details with "
			      "these services. Without their consent, send nothing: save the checklist and "
			      "tell them about the services instead");
		rc = fc_check_page(r, out);
		if (!rc)
			out->status = 422;
		return rc;
	}
	person *p = NULL;
	access_basis basis;
	int64_t made = 0;
	rc = store_begin_write(r->db);
	if (!rc)
		rc = person_for(r, &c, &p, &basis);
	for (size_t i = 0; !rc && i < l.n_target; i++) {
		const fc_link_row *x = link_of(&l, l.target[i]);
		if (!x->service_open)
			continue; /* closed since the question was set up */
		ref_create_in in = {.service_uuid = x->service_uuid, .mode = REF_LIVE, .consent = true,
				    .source = "checklist", .checklist_id = c.id,
				    .reason = reason_for(r, &l, q, n_q, x->link.service_id)};
		ref_problem pb;
		char uuid[37];
		rc = ref_create_for(r, p, basis, &in, uuid, &pb);
		if (rc == SN_EINPUT)
			rc = SN_OK; /* the service closed meanwhile: skipped */
		else if (!rc)
			made++;
	}
	json_decref(l.answers);
	if (!rc)
		rc = fc_checklist_complete(r->db, c.id, p->id, made, time_now());
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		/* the draft is untouched: it can be sent again */
		if (rc == SN_ECONFLICT)
			return reply_redirect(out, arena_printf(r->a, "/first-contact/%s", c.uuid));
		if (rc == SN_EFORBIDDEN)
			return reply_error(r, out, 403, "You no longer support the person this checklist was started from.");
		return rc;
	}
	return reply_redirect(out, arena_printf(r->a, "/first-contact/%s", c.uuid));
}
