/* Requests to a scheme (docs/schemes.md, "Requests"): made by the person
 * themselves, someone they named (their carer), a worker for someone they
 * support, or a coordinator for someone the schemes already know; the request's page; the person
 * page's section. A person is reached through their relationship with the
 * caller (access_person) or, for a coordinator, through the schemes (a
 * request of theirs); either way audited in the same transaction, and a
 * refusal audited too. */
#include <stdio.h>
#include <string.h>

#include "../directory/geo/geo.h"
#include "../once/once.h"
#include "scheme_int.h"

#define NOTES_MAX 1000

typedef enum { REACH_NONE, REACH_RELATED, REACH_COORDINATOR } reach;

/* Inside a write transaction: how the caller reaches person p (known:
 * whether the schemes know them). Audits action when they do. */
static sn_err reach_person(req *r, const person *p, bool known, const char *action, reach *how)
{
	access_basis basis = ACCESS_NONE;
	*how = REACH_NONE;
	sn_err rc = access_person(r->db, r->user, p->id, &basis);
	if (!rc && (basis == ACCESS_SELF || basis == ACCESS_NAMED || basis == ACCESS_WORKER)) {
		*how = REACH_RELATED;
		return access_audit_person(r->db, r->user, basis, action, p->uuid);
	}
	if (!rc && (r->user->roles & R_COORDINATOR) && known) {
		*how = REACH_COORDINATOR;
		return sch_audit_person(r->db, r->user, action, p->uuid);
	}
	return rc;
}

/* Rolls back, audits the refusal in a transaction of its own and answers 403. */
static sn_err refuse(req *r, reply *out, const char *person_uuid)
{
	store_rollback(r->db);
	audit_entry e = {r->user->uuid, "", "schemes.denied", arena_printf(r->a, "person:%s", person_uuid),
			 "no relationship to the person, and not known to the schemes"};
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = audit_append(r->db, &e);
	if (!rc)
		rc = store_commit(r->db);
	store_rollback(r->db);
	return rc ? rc : reply_error(r, out, 403, "You can ask a scheme for help only for someone you support.");
}

/* ---- choosing whom for ---- */

static sn_err people_choice(req *r, json_t *v)
{
	people_caseload_row *c;
	sch_person_row *k;
	size_t nc = 0, nk = 0;
	sn_err rc = people_caseload(r->db, r->user->id, (r->user->roles & R_WORKER) != 0, r->a, &c, &nc);
	if (!rc && (r->user->roles & R_COORDINATOR))
		rc = sch_people_known(r->db, r->a, &k, &nk);
	json_t *list = json_array();
	const char *own = NULL;
	if (!rc && (r->user->roles & R_RESIDENT))
		rc = people_uuid_of_user(r->db, r->user->id, r->a, &own);
	if (!rc && own)
		json_array_append_new(list, json_pack("{ssss}", "id", own, "name", "Yourself"));
	for (size_t i = 0; i < nc && !rc; i++)
		json_array_append_new(list, json_pack("{ssss}", "id", c[i].uuid, "name",
						      arena_printf(r->a, "%s %s", c[i].given_name, c[i].family_name)));
	for (size_t i = 0; i < nk && !rc; i++) {
		json_array_append_new(list, json_pack("{ssss}", "id", k[i].uuid, "name", k[i].name));
		rc = sch_audit_person(r->db, r->user, "schemes.person.listed", k[i].uuid);
	}
	json_object_set_new(v, "has_people", json_boolean(json_array_size(list) > 0));
	json_object_set_new(v, "people", list);
	return rc;
}

/* ---- the form ---- */

/* Whether the caller sees the scheme's members' names (to say whom the
 * person does not want): workers and coordinators, not residents or carers. */
static bool staff(const req *r) { return (r->user->roles & (R_WORKER | R_COORDINATOR)) != 0; }

typedef struct {
	sch_request q;
	uint32_t needs, avail;
	const char **excluded; /* member uuids */
	size_t n_excluded;
} request_in;

static void request_read_form(req *r, const sch_scheme *s, request_in *in)
{
	sch_request *q = &in->q;
	size_t before = json_array_size(r->errors);
	q->needs = sch_form_items(r, s, "needs", false, &in->needs);
	if (!in->needs && json_array_size(r->errors) == before)
		req_add_error(r, "needs", "Choose what the person needs help with");
	before = json_array_size(r->errors);
	in->avail = sch_form_slots(r, "avail");
	if (!in->avail && json_array_size(r->errors) == before)
		req_add_error(r, "avail", "Choose at least one time that suits the person");
	q->avail = in->avail;
	q->demand = 1;
	const char *d = req_form(r, "demand");
	if (*d && str_to_i64(d, 1, 5, &q->demand))
		req_add_error(r, "demand", "The number of helpers must be a whole number from 1 to 5");
	const char *km = req_form(r, "max_km");
	if (*km && str_to_i64(km, 1, s->max_km, &q->max_km))
		req_add_error(r, "max_km", arena_printf(r->a, "The distance must be a whole number of kilometres from "
							   "1 to %d", s->max_km));
	const char *why;
	sch_words w;
	q->languages = req_form(r, "languages");
	if (sch_words_parse(q->languages, &w, &why))
		req_add_error(r, "languages", arena_printf(r->a, "Languages %s", why));
	q->interests = req_form(r, "interests");
	if (sch_words_parse(q->interests, &w, &why))
		req_add_error(r, "interests", arena_printf(r->a, "Interests %s", why));
	q->notes = req_form(r, "notes");
	if (strlen(q->notes) > NOTES_MAX)
		req_add_error(r, "notes", "The notes must be at most 1,000 characters");
	if (s->household) {
		q->no_smoking = str_eq(req_form(r, "no_smoking"), "yes");
		q->no_pets = str_eq(req_form(r, "no_pets"), "yes");
		q->needs_step_free = str_eq(req_form(r, "needs_step_free"), "yes");
	}
	const char *rate = req_form(r, "max_rate");
	if (s->rates && *rate && money_parse_pounds(rate, 100000, &q->max_rate_pence))
		req_add_error(r, "max_rate", "Enter the most an hour in pounds, like 15.00, or leave it empty");
	in->excluded = arena_alloc(r->a, 64 * sizeof *in->excluded);
	in->n_excluded = staff(r) ? sch_form_all(r, "exclude", in->excluded, 64) : 0;
	for (size_t i = 0; i < in->n_excluded; i++)
		if (!str_is_uuid(in->excluded[i])) {
			req_add_error(r, "exclude", "Choose helpers from the list");
			break;
		}
}

static sn_err form_view(req *r, const sch_scheme *s, const person *p, const request_in *in, json_t *v)
{
	sch_member *m;
	size_t nm = 0;
	sn_err rc = staff(r) ? sch_members_of(r->db, s->id, r->a, &m, &nm) : SN_OK;
	json_t *ex = json_array();
	for (size_t i = 0; i < nm && !rc; i++) {
		bool checked = false;
		for (size_t k = 0; in && k < in->n_excluded; k++)
			checked |= str_eq(in->excluded[k], m[i].uuid);
		json_array_append_new(ex, json_pack("{sssssssb}", "id", i ? arena_printf(r->a, "exclude-%zu", i) :
			"exclude", "value", m[i].uuid, "label", m[i].name, "checked", checked));
	}
	json_object_set_new(v, "form", json_pack("{sssssssssssssssssssssosososbsbsbsbsbsbsIsbss}", "person_id", p->uuid,
		"person_name", arena_printf(r->a, "%s %s", p->given_name, p->family_name), "scheme_id", s->id,
		"scheme_name", s->name, "demand", req_form(r, "demand"), "max_km", req_form(r, "max_km"), "languages",
		req_form(r, "languages"), "interests", req_form(r, "interests"), "notes", req_form(r, "notes"),
		"max_rate", req_form(r, "max_rate"), "needs_group", sch_group(r, "needs", "What they need help with",
		sch_items_view(s, false, in ? in->needs : 0, "needs")), "days", sch_slots_view(r, in ? in->avail : 0,
		"avail"), "exclude_group", sch_group(r, "exclude", "Helpers the person does not want", ex), "has_members", nm > 0,
		"household", s->household, "rates", s->rates, "no_smoking", in && in->q.no_smoking, "no_pets",
		in && in->q.no_pets, "needs_step_free", in && in->q.needs_step_free, "scheme_km", (json_int_t)s->max_km,
		"has_postcode", *p->postcode != 0, "form_id", once_form_id(r)));
	return rc;
}

/* The person of the query or form field "person" (NULL, a 404, when
 * none) reached by the caller (a 403, audited, when not). */
static sn_err person_of(req *r, reply *out, const char *uuid, const char *action, person **p, bool *stop)
{
	*stop = true;
	sn_err rc = people_find(r->db, uuid, r->a, p);
	if (rc == SN_ENOTFOUND || (!rc && *(*p)->merged_into)) {
		store_rollback(r->db);
		return reply_error(r, out, 404, "There is no record here.");
	}
	bool known = false;
	reach how = REACH_NONE;
	if (!rc)
		rc = sch_person_known(r->db, (*p)->id, &known);
	if (!rc)
		rc = reach_person(r, *p, known, action, &how);
	if (!rc && how == REACH_NONE)
		return refuse(r, out, (*p)->uuid);
	*stop = rc != SN_OK;
	return rc;
}

static sn_err request_form_show(req *r, reply *out, const request_in *in, int status)
{
	const char *pu = *req_get(r, "person") ? req_get(r, "person") : req_form(r, "person");
	const char *su = *req_get(r, "scheme") ? req_get(r, "scheme") : req_form(r, "scheme");
	json_t *v = json_object();
	sn_err rc = store_begin_write(r->db);
	if (!rc && !*pu)
		rc = people_choice(r, v);
	person *p = NULL;
	bool stop = false;
	if (!rc && *pu && str_is_uuid(pu))
		rc = person_of(r, out, pu, "schemes.request.form", &p, &stop);
	else if (!rc && *pu) {
		store_rollback(r->db);
		json_decref(v);
		return reply_error(r, out, 404, "There is no record here.");
	}
	if (rc || stop) {
		json_decref(v);
		return rc;
	}
	const sch_scheme *s = sch_find(sch_shipped(), su);
	if (p && !s) {
		json_t *list = json_array();
		const sch_schemes *all = sch_shipped();
		for (size_t k = 0; all && k < all->n; k++)
			json_array_append_new(list, json_pack("{sssssssb}", "id", k ? arena_printf(r->a, "scheme-%s",
				all->s[k].id) : "scheme", "value", all->s[k].id, "label", all->s[k].name, "hint",
				all->s[k].summary));
		json_object_set_new(v, "choose_scheme", json_pack("{ssssso}", "person_id", p->uuid, "person_name",
			arena_printf(r->a, "%s %s", p->given_name, p->family_name), "schemes", list));
	} else if (p)
		rc = form_view(r, s, p, in, v);
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		json_decref(v);
		return rc;
	}
	json_object_set_new(v, "choose_person", json_boolean(!p));
	json_object_set_new(v, "slots_legend", json_string("When suits the person"));
	return reply_page(out, status, "schemes/request-new", "Ask a scheme for help", v);
}

sn_err sch_request_form(req *r, reply *out) { return request_form_show(r, out, NULL, 200); }

/* The members of the scheme with those uuids, as exclusions of request id. */
static sn_err exclusions_save(req *r, const sch_scheme *s, const request_in *in, int64_t id, bool *bad)
{
	sn_err rc = SN_OK;
	*bad = false;
	for (size_t i = 0; i < in->n_excluded && !rc && !*bad; i++) {
		sch_member m;
		rc = sch_member_find(r->db, in->excluded[i], r->a, &m);
		if (rc == SN_ENOTFOUND || (!rc && !str_eq(m.scheme, s->id)))
			*bad = true, rc = SN_OK;
		if (!rc && !*bad)
			rc = sch_exclusion_add(r->db, id, m.id, "stated");
	}
	return rc;
}

sn_err sch_request_save(req *r, reply *out)
{
	const sch_scheme *s = sch_find(sch_shipped(), req_form(r, "scheme"));
	const char *pu = req_form(r, "person");
	if (!s || !str_is_uuid(pu))
		return reply_error(r, out, 422, "Choose the person and the scheme again: the form lost them.");
	request_in in;
	memset(&in, 0, sizeof in);
	request_read_form(r, s, &in);
	if (json_array_size(r->errors))
		return request_form_show(r, out, &in, 422);
	person *p;
	bool stop = false, done = false, bad = false;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = person_of(r, out, pu, "schemes.request.make", &p, &stop);
	if (rc || stop)
		return rc;
	rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	sch_request *q = &in.q;
	q->scheme = s->id;
	q->person_id = p->id;
	q->made_by_id = r->user->id;
	q->postcode = p->postcode;
	int32_t lat = 0, lon = 0;
	sn_err where = *p->postcode ? geo_postcode_lookup(r->db, p->postcode, &lat, &lon, NULL) : SN_ENOTFOUND;
	q->located = where == SN_OK;
	q->lat_e6 = lat;
	q->lon_e6 = lon;
	char uuid[37];
	int64_t id = 0;
	rc = sch_request_insert(r->db, q, sch_now(r), uuid, &id);
	if (!rc)
		rc = exclusions_save(r, s, &in, id, &bad);
	if (!rc && bad) {
		store_rollback(r->db);
		req_add_error(r, "exclude", "Choose helpers from the list");
		return request_form_show(r, out, &in, 422);
	}
	return once_finish(r, out, rc, arena_printf(r->a, "/schemes/requests/%s?done=made", uuid));
}

/* ---- the request's page ---- */

static sn_err request_show(req *r, reply *out, int status)
{
	sch_request q;
	sch_proposal_row *pr;
	size_t np = 0;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = sch_request_find(r->db, req_get(r, "id"), r->a, &q);
	if (rc == SN_ENOTFOUND) {
		store_rollback(r->db);
		return reply_error(r, out, 404, "There is no request here.");
	}
	person *p;
	bool stop = false;
	if (!rc)
		rc = person_of(r, out, q.person_uuid, "schemes.request.read", &p, &stop);
	if (rc || stop)
		return rc;
	rc = sch_proposals_of_request(r->db, q.id, r->a, &pr, &np);
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	const sch_scheme *s = sch_find(sch_shipped(), q.scheme);
	bool coordinator = (r->user->roles & R_COORDINATOR) != 0;
	json_t *list = json_array();
	for (size_t i = 0; i < np; i++)
		if (staff(r) || str_eq(pr[i].status, "confirmed")) /* the person sees whom they are matched with */
			json_array_append_new(list, json_pack("{sssssssb}", "id", pr[i].uuid, "helper", pr[i].member_name,
			"status", str_eq(pr[i].status, "proposed") ? "Waiting for the coordinator" : str_eq(pr[i].status,
			"confirmed") ? "Confirmed" : "Declined", "link", coordinator));
	char rate[40];
	money_text(q.max_rate_pence, rate);
	json_t *v = json_pack("{sssssssssssssssssssssssIsssssosbsbss}", "id", q.uuid, "person", q.person_name,
		"person_id", q.person_uuid, "scheme", s ? s->name : q.scheme, "scheme_id", q.scheme, "needs",
		s ? sch_items_words(r, s, q.needs) : q.needs, "avail", sch_avail_text(r->a, (uint32_t)q.avail),
		"languages", *q.languages ? q.languages : "none given", "interests", *q.interests ? q.interests
		: "none given", "made_by", q.made_by, "when", time_uk_when(r->a, q.created_at), "demand",
		(json_int_t)q.demand, "status", str_eq(q.status, "open") ? "Waiting for a match" : str_eq(q.status,
		"matched") ? "Matched" : "Closed", "notes", q.notes, "proposals", list, "has_proposals", np > 0,
		"coordinator", coordinator, "max_rate", q.max_rate_pence ? rate : "");
	json_object_set_new(v, "located", json_boolean(q.located));
	json_object_set_new(v, "closed", json_boolean(str_eq(q.status, "closed")));
	json_object_set_new(v, "closed_on", json_string(*q.closed_at ? time_uk_day(r->a, q.closed_at) : ""));
	json_object_set_new(v, "closing_reason", json_string(q.closing_reason));
	json_object_set_new(v, "reason", json_string(req_form(r, "reason")));
	const char *done = req_get(r, "done");
	json_object_set_new(v, "saved", json_string(str_eq(done, "made") ? "The request is made. The coordinator "
		"matches it with a helper at the next run." : str_eq(done, "closed") ? "The request is closed." : ""));
	return reply_page(out, status, "schemes/request", arena_printf(r->a, "Request: %s", q.person_name), v);
}

sn_err sch_request_page(req *r, reply *out) { return request_show(r, out, 200); }

sn_err sch_request_close_save(req *r, reply *out)
{
	const char *reason = sch_line_field(r, "reason", 500, "The reason");
	if (!json_array_size(r->errors) && strlen(reason) < 3)
		req_add_error(r, "reason", "Say why the request is closed (at least 3 characters)");
	if (json_array_size(r->errors))
		return request_show(r, out, 422);
	sch_request q;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = sch_request_find(r->db, req_get(r, "id"), r->a, &q);
	if (rc == SN_ENOTFOUND) {
		store_rollback(r->db);
		return reply_error(r, out, 404, "There is no request here.");
	}
	person *p;
	bool stop = false;
	if (!rc)
		rc = person_of(r, out, q.person_uuid, "schemes.request.close", &p, &stop);
	if (rc || stop)
		return rc;
	rc = sch_request_close(r->db, q.id, reason, sch_now(r));
	if (rc == SN_ECONFLICT) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "The request is closed already.");
	}
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	return reply_redirect(out, arena_printf(r->a, "/schemes/requests/%s?done=closed", q.uuid));
}

/* ---- the person page's section ---- */

sn_err sch_person_section(req *r, const person *p, access_basis basis, json_t *view)
{
	if (basis == ACCESS_NONE || basis == ACCESS_BREAK_GLASS)
		return SN_OK;
	sch_request *rows;
	size_t n = 0;
	if (sch_requests_of_person(r->db, p->id, r->a, &rows, &n))
		n = 0; /* a failure shows none */
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const sch_scheme *s = sch_find(sch_shipped(), rows[i].scheme);
		json_array_append_new(list, json_pack("{ssssssss}", "id", rows[i].uuid, "scheme", s ? s->name
			: rows[i].scheme, "status", str_eq(rows[i].status, "open") ? "Waiting for a match"
			: str_eq(rows[i].status, "matched") ? "Matched" : "Closed", "when", time_uk_day(r->a,
			rows[i].created_at)));
	}
	json_object_set_new(view, "schemes", json_pack("{sosbss}", "rows", list, "has_rows", n > 0, "new_href",
		arena_printf(r->a, "/schemes/requests/new?person=%s", p->uuid)));
	return SN_OK;
}
