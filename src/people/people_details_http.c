/* A person's details for workers: adding a person by hand (GET /people/new,
 * POST /people), with a warning and links when the record may already
 * exist, and changing the details of someone they are the worker of (GET
 * and POST /people/{id}/edit). Every write audited; a form sent twice
 * saves once (src/once). */
#include <stdio.h>
#include <string.h>

#include "../once/once.h"
#include "people.h"

static const char *const fields[] = {"given_name", "family_name", "dob-day", "dob-month",
				     "dob-year", "nhs_number", "postcode", "phone", "email"};

/* A required or optional line of text, at most max bytes. */
static void check_line(req *r, const char *field, const char *what, bool required, size_t max)
{
	const char *v = req_form(r, field);
	if (!*v && required)
		req_add_error(r, field, arena_printf(r->a, "Enter the %s", what));
	else if (strlen(v) > max)
		req_add_error(r, field, arena_printf(r->a, "The %s must be %zu characters or fewer", what, max));
	else if (!people_text_ok(v))
		req_add_error(r, field, arena_printf(r->a, "The %s must be on one line, without special characters", what));
}

/* The details from the form, every problem at once in r->errors; text from
 * the arena. */
void people_details_from_form(req *r, person_new *d)
{
	char dob[11], pc[9] = "";
	const char *why = NULL;
	memset(d, 0, sizeof *d);
	check_line(r, "given_name", "first name", true, PEOPLE_NAME_MAX);
	check_line(r, "family_name", "last name", true, PEOPLE_NAME_MAX);
	if (people_dob_parse(req_form(r, "dob-day"), req_form(r, "dob-month"), req_form(r, "dob-year"),
			     time_now(), dob, &why))
		req_add_error(r, "dob-day", why);
	char nhs[16] = "";
	const char *typed = req_form(r, "nhs_number");
	size_t k = 0;
	for (const char *p = typed; *p && k < sizeof nhs - 1; p++)
		if (*p != ' ')
			nhs[k++] = *p;
	nhs[k] = 0;
	if (*typed && (strlen(typed) > 14 || !people_nhs_number_valid(nhs)))
		req_add_error(r, "nhs_number", "Enter a 10-digit NHS number, like 943 476 5919, or leave it blank");
	const char *postcode = req_form(r, "postcode");
	if (*postcode && (strlen(postcode) > 10 || postcode_normalise(postcode, pc)))
		req_add_error(r, "postcode", "Enter a full UK postcode, like AV1 2AB, or leave it blank");
	const char *phone = req_form(r, "phone"), *email = req_form(r, "email");
	if (*phone && !people_phone_ok(phone))
		req_add_error(r, "phone", "Enter a phone number, like 01632 960 001, or leave it blank");
	if (*email && (strlen(email) > PEOPLE_EMAIL_MAX || !str_is_email(email) || !people_text_ok(email)))
		req_add_error(r, "email", "Enter an email address like name@example.com, or leave it blank");
	d->given_name = req_form(r, "given_name");
	d->family_name = req_form(r, "family_name");
	d->date_of_birth = arena_strdup(r->a, dob);
	d->nhs_number = arena_strdup(r->a, nhs);
	d->postcode = arena_strdup(r->a, pc);
	d->phone = phone;
	d->email = email;
}

/* The likely matches, for the warning: name, date of birth in words,
 * postcode and the link. Each is audited as shown (the worker may have no
 * relationship with them). */
static sn_err matches_view(req *r, const person_new *d, int64_t exclude, json_t **out)
{
	people_match_row *rows;
	size_t n;
	*out = json_array();
	sn_err rc = people_likely_matches(r->db, d->given_name, d->family_name, d->date_of_birth,
					  d->postcode, exclude, 5, r->a, &rows, &n);
	for (size_t i = 0; !rc && i < n; i++) {
		audit_entry e = {r->user->uuid, "worker", "person.match_shown",
				 arena_printf(r->a, "person:%s", rows[i].uuid),
				 "shown as a record that may be the same person"};
		rc = audit_append(r->db, &e);
		json_array_append_new(*out, json_pack("{s:s, s:s, s:s, s:s}", "uuid", rows[i].uuid,
			"name", arena_printf(r->a, "%s %s", rows[i].given_name, rows[i].family_name),
			"born", time_uk_day(r->a, rows[i].date_of_birth), "postcode", rows[i].postcode));
	}
	return rc;
}

/* The form: from what was typed (posted), else from p (NULL: empty). */
static sn_err details_page(req *r, reply *out, int status, const person *p, json_t *matches)
{
	bool posted = r->form.n > 0;
	json_t *v = json_object();
	for (size_t i = 0; i < SN_ARRAY_LEN(fields); i++)
		json_object_set_new(v, fields[i], json_string(posted ? req_form(r, fields[i]) : ""));
	if (!posted && p) {
		json_object_set_new(v, "given_name", json_string(p->given_name));
		json_object_set_new(v, "family_name", json_string(p->family_name));
		json_object_set_new(v, "nhs_number", json_string(p->nhs_number));
		json_object_set_new(v, "postcode", json_string(p->postcode));
		json_object_set_new(v, "phone", json_string(p->phone));
		json_object_set_new(v, "email", json_string(p->email));
		if (strlen(p->date_of_birth) == 10) {
			json_object_set_new(v, "dob-year", json_string(arena_printf(r->a, "%.4s", p->date_of_birth)));
			json_object_set_new(v, "dob-month", json_string(arena_printf(r->a, "%d",
				(p->date_of_birth[5] - '0') * 10 + p->date_of_birth[6] - '0')));
			json_object_set_new(v, "dob-day", json_string(arena_printf(r->a, "%d",
				(p->date_of_birth[8] - '0') * 10 + p->date_of_birth[9] - '0')));
		}
	}
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	json_object_set_new(v, "has_matches", json_boolean(json_array_size(matches) > 0));
	json_object_set_new(v, "matches", matches ? matches : json_array());
	json_object_set_new(v, "editing", json_boolean(p != NULL));
	if (p) {
		json_object_set_new(v, "uuid", json_string(p->uuid));
		json_object_set_new(v, "name", json_string(arena_printf(r->a, "%s %s", p->given_name,
									 p->family_name)));
	}
	return reply_page(out, status, "people/details", p ? "Change the details" : "Add a person", v);
}

sn_err people_new_form(req *r, reply *out)
{
	return details_page(r, out, 200, NULL, NULL);
}

sn_err people_create(req *r, reply *out)
{
	bool done;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	r->errors = NULL;
	person_new d;
	people_details_from_form(r, &d);
	if (r->errors) {
		store_rollback(r->db);
		return details_page(r, out, 400, NULL, NULL);
	}
	/* A record that may already exist: say so, with links, until the
	 * worker says this is someone else. */
	json_t *matches = NULL;
	if (strcmp(req_form(r, "confirm_new"), "yes") != 0) {
		rc = matches_view(r, &d, 0, &matches);
		if (!rc && json_array_size(matches)) {
			rc = store_commit(r->db);
			return rc ? rc : details_page(r, out, 200, NULL, matches);
		}
		json_decref(matches);
		if (rc)
			return rc;
	}
	char now[21], uuid[37];
	time_iso8601(time_now(), now);
	uuid_v4(uuid);
	int64_t pid = 0;
	rc = people_locality_of(r->db, d.postcode, &d.locality_id);
	if (!rc)
		rc = people_add(r->db, &d, uuid, now, &pid);
	if (!rc)
		rc = people_relate(r->db, pid, r->user->id, "worker", now);
	if (!rc) {
		audit_entry e = {r->user->uuid, "worker", "person.create",
				 arena_printf(r->a, "person:%s", uuid), "added by their worker"};
		rc = audit_append(r->db, &e);
	}
	return once_finish(r, out, rc, arena_printf(r->a, "/people/%s", uuid));
}

/* The record in the path, for its assigned worker only (403 otherwise). */
static sn_err reach_worker(req *r, reply *out, person **p, access_basis *basis, bool *denied)
{
	*denied = false;
	sn_err rc = people_find(r->db, req_get(r, "id"), r->a, p);
	if (!rc)
		rc = access_person(r->db, r->user, (*p)->id, basis);
	if (rc || *basis == ACCESS_WORKER)
		return rc;
	*denied = true;
	audit_entry e = {r->user->uuid, "", "person.update_denied",
			 arena_printf(r->a, "person:%s", (*p)->uuid), "not their worker"};
	rc = audit_append(r->db, &e);
	if (rc)
		return rc;
	reply_error(r, out, web_status_of(SN_EFORBIDDEN),
		    "Only the person's assigned worker can change their details.");
	json_object_set_new(out->view, "reason", json_string("relationship"));
	return SN_OK;
}

sn_err people_edit_form(req *r, reply *out)
{
	person *p;
	access_basis basis;
	bool denied;
	sn_err rc = reach_worker(r, out, &p, &basis, &denied);
	if (rc || denied)
		return rc;
	rc = access_audit_person(r->db, r->user, basis, "person.read", p->uuid);
	return rc ? rc : details_page(r, out, 200, p, NULL);
}

sn_err people_edit_save(req *r, reply *out)
{
	person *p;
	access_basis basis;
	bool denied, done;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = reach_worker(r, out, &p, &basis, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	r->errors = NULL;
	person_new d;
	people_details_from_form(r, &d);
	if (r->errors) {
		rc = access_audit_person(r->db, r->user, basis, "person.read", p->uuid);
		if (!rc)
			rc = store_commit(r->db);
		return rc ? rc : details_page(r, out, 400, p, NULL);
	}
	char now[21];
	time_iso8601(time_now(), now);
	rc = people_locality_of(r->db, d.postcode, &d.locality_id);
	if (!rc)
		rc = people_set_details(r->db, p->id, &d, now);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "person.update", p->uuid);
	return once_finish(r, out, rc, arena_printf(r->a, "/people/%s", p->uuid));
}
