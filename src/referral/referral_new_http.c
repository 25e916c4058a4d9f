/* "Refer someone new" (GET and POST /referrals/new-person, docs/referrals.md
 * "A person new to SupportNet"): the person's details, the service, the
 * reason, live or signpost, consent. When the details match records the
 * caller may see, the page asks "Is this the same person?" with everything
 * typed kept; matches the caller may not see are never shown (they are
 * kept for review, ref_create_new_person). Works without JavaScript: the
 * service search is a button of the same form. A form sent twice stores
 * once (src/once). */
#include <stdio.h>
#include <string.h>

#include "../once/once.h"
#include "referral_int.h"

static const char *const typed[] = {"given_name", "family_name", "dob-day", "dob-month", "dob-year",
				    "postcode", "phone", "email", "reason"};

/* The services found by q (the form's, else the address's), the chosen
 * one kept first when a search left it out. */
static sn_err services(req *r, json_t **out)
{
	const char *q = *req_form(r, "q") ? req_form(r, "q") : req_get(r, "q");
	const char *chosen = *req_form(r, "service_id") ? req_form(r, "service_id") : req_get(r, "service");
	ref_service *sv = NULL, one;
	size_t n = 0;
	bool found = false;
	sn_err rc = ref_services_find(r->db, q, 30, r->a, &sv, &n);
	*out = json_array();
	for (size_t i = 0; i < n && !rc; i++) {
		found |= str_eq(sv[i].uuid, chosen);
		json_array_append_new(*out, json_pack("{sssssssssIsb}", "value", sv[i].uuid, "label",
			sv[i].name, "org", sv[i].org_name, "locality", sv[i].locality, "days",
			(json_int_t)sv[i].days, "checked", str_eq(sv[i].uuid, chosen)));
	}
	if (!rc && !found && str_is_uuid(chosen) && !ref_service_get(r->db, chosen, r->a, &one) && one.open)
		json_array_insert_new(*out, 0, json_pack("{sssssssssIsb}", "value", one.uuid, "label",
			one.name, "org", one.org_name, "locality", one.locality, "days",
			(json_int_t)one.days, "checked", true));
	return rc;
}

static sn_err page(req *r, reply *out, int status, const people_match_row *m, size_t n)
{
	json_t *list = NULL;
	sn_err rc = services(r, &list);
	if (rc) {
		json_decref(list);
		return rc;
	}
	json_t *v = json_object();
	for (size_t i = 0; i < SN_ARRAY_LEN(typed); i++)
		json_object_set_new(v, typed[i], json_string(req_form(r, typed[i])));
	json_object_set_new(v, "q", json_string(*req_form(r, "q") ? req_form(r, "q") : req_get(r, "q")));
	json_object_set_new(v, "services", list);
	json_object_set_new(v, "has_services", json_boolean(json_array_size(list) > 0));
	json_object_set_new(v, "signpost", json_boolean(str_eq(req_form(r, "mode"), "signpost")));
	json_object_set_new(v, "consent", json_boolean(str_eq(req_form(r, "consent"), "yes")));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	json_t *matches = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(matches, json_pack("{ssssssss}", "uuid", m[i].uuid, "name",
			arena_printf(r->a, "%s %s", m[i].given_name, m[i].family_name), "born",
			time_uk_day(r->a, m[i].date_of_birth), "postcode", m[i].postcode));
	json_object_set_new(v, "matches", matches);
	json_object_set_new(v, "has_matches", json_boolean(n > 0));
	return reply_page(out, status, "referral/new-person", "Refer someone new", v);
}

sn_err ref_new_person_page(req *r, reply *out)
{
	return page(r, out, 200, NULL, 0);
}

/* A problem with the referral itself, on its field in the page's words. */
static void page_error(req *r, const ref_problem *pb)
{
	const char *f = pb->field;
	req_add_error(r, str_eq(f, "person_id") ? "same" : f,
		str_eq(f, "service_id") ? "Choose a service that is open"
		: str_eq(f, "reason") ? "Say why you are making the referral (up to 2,000 characters)"
		: str_eq(f, "consent") ? "A referral sent to the service needs the person's consent to share "
					 "their details. Without it, record a signpost"
		: "Choose one of the records shown, or \u201cNo, someone new\u201d");
}

sn_err ref_new_person_form(req *r, reply *out)
{
	if (*req_form(r, "find"))
		return page(r, out, 200, NULL, 0); /* the service search: nothing stored */
	r->errors = NULL;
	person_new d;
	people_details_from_form(r, &d);
	ref_create_in in = {.service_uuid = req_form(r, "service_id"), .reason = req_form(r, "reason"),
			    .consent = str_eq(req_form(r, "consent"), "yes"), .source = "web"};
	if (!ref_mode_parse(req_form(r, "mode"), &in.mode))
		req_add_error(r, "mode", "Choose whether to send the referral or only record a signpost");
	if (r->errors)
		return page(r, out, 422, NULL, 0);
	const char *same = req_form(r, "same");
	bool done = false;
	ref_problem pb = {0};
	char uuid[37], puuid[37];
	people_match_row *shown = NULL;
	size_t n_shown = 0;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	if (str_is_uuid(same)) {
		in.person_uuid = same; /* the caller chose a record they can see */
		rc = ref_create(r, &in, uuid, &pb);
	} else {
		rc = ref_create_new_person(r, &in, &d, str_eq(same, "new"), uuid, puuid, &pb, &shown,
					   &n_shown);
	}
	if (rc == SN_EINPUT) {
		store_rollback(r->db);
		if (pb.status == 409 && str_eq(pb.field, "person")) {
			/* asked already and not answered: say so */
			bool asked = *req_form(r, "asked") != 0;
			if (asked)
				req_add_error(r, "same", "Choose one of the records shown, or "
					      "\u201cNo, someone new\u201d");
			rc = ref_matches_shown(r, shown, n_shown);
			return rc ? rc : page(r, out, asked ? 422 : 200, shown, n_shown);
		}
		page_error(r, &pb);
		return page(r, out, 422, NULL, 0);
	}
	return once_finish(r, out, rc, arena_printf(r->a, "/referrals/%s", uuid));
}
