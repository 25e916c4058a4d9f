/* "Ask for an assessment" after the self-check: the form (its own address,
 * with the answers sealed in it), sending it (stored, with consent, in the
 * intake queue; sent again, it is recognised by its one-time form id and
 * not stored twice) and the confirmation, which has an address of its own
 * so a reload sends nothing. */
#include <stdio.h>
#include <string.h>

#include "../access/access.h"
#include "../access/access_http.h"
#include "../once/once.h"
#include "../people/people.h"
#include "check_int.h"

#define NOT_ALL_SENT "The answers to the check were not all sent. Start the check again."

static const char *const fields[] = {"given_name", "family_name", "dob-day", "dob-month",
				     "dob-year", "postcode", "phone", "email",
				     "asker_name", "asker_relationship"};

static sn_err ask_page(req *r, reply *out, int status, const char *sealed, const char *form_id,
		       bool posted)
{
	sn_err rc = access_ensure_csrf(r);
	if (rc)
		return rc;
	const char *fw = posted ? req_form(r, "for_whom") : "";
	json_t *v = json_pack("{s:s, s:s, s:b, s:b, s:b}", "answers", sealed, "form_id", form_id,
		"self", strcmp(fw, "self") == 0, "someone_else", strcmp(fw, "someone_else") == 0,
		"consent", posted && strcmp(req_form(r, "consent"), "yes") == 0);
	for (size_t i = 0; i < SN_ARRAY_LEN(fields); i++)
		json_object_set_new(v, fields[i], json_string(posted ? req_form(r, fields[i]) : ""));
	json_object_set_new(v, "report", json_string(arena_printf(r->a, "/check/self/answers/%s/report", sealed)));
	return reply_page(out, status, "check/self-request", "Ask for an assessment", v);
}

/* GET /check/self/answers/{answers}/ask */
sn_err check_self_ask(req *r, reply *out)
{
	const sc_set *s;
	const sc_catalogue *c;
	sn_err rc = check_data_for(r, &s, &c);
	if (rc)
		return rc;
	sc_answers *a = arena_alloc(r->a, sizeof *a);
	bool done;
	rc = check_self_answers(r, out, s, a, &done);
	if (rc || done)
		return rc;
	sc_report *rep = arena_alloc(r->a, sizeof *rep);
	const char *sealed = req_get(r, "answers");
	if (sc_report_compute(s, c, a, rep))
		return reply_redirect(out, arena_printf(r->a, "/check/self/answers/%s", sealed));
	char form_id[37];
	check_state_form_id(sealed, form_id);
	return ask_page(r, out, 200, sealed, form_id, false);
}

/* A required line of text, at most max bytes. */
static void check_line(req *r, const char *field, const char *what, const char *missing, size_t max)
{
	const char *v = req_form(r, field);
	if (!*v && missing)
		req_add_error(r, field, missing);
	else if (strlen(v) > max)
		req_add_error(r, field, arena_printf(r->a, "%s must be %zu characters or fewer", what, max));
	else if (!people_text_ok(v))
		req_add_error(r, field, arena_printf(r->a, "%s must be on one line, without special characters", what));
}

/* Every problem with the contact details at once, in the order of the
 * form; the date of birth and postcode as stored into dob and pc. */
static void check_contact(req *r, char dob[static 11], char pc[static 9])
{
	const char *fw = req_form(r, "for_whom");
	bool other = strcmp(fw, "someone_else") == 0;
	if (!other && strcmp(fw, "self") != 0)
		req_add_error(r, "for_whom", "Select who needs help");
	if (other) {
		check_line(r, "asker_name", "Your name", "Enter your name", PEOPLE_NAME_MAX);
		check_line(r, "asker_relationship", "How you know them",
			   "Enter how you know the person, like daughter, neighbour or friend", PEOPLE_NAME_MAX);
	}
	check_line(r, "given_name", "First name", other ? "Enter the first name of the person who needs help"
							 : "Enter your first name", PEOPLE_NAME_MAX);
	check_line(r, "family_name", "Last name", other ? "Enter the last name of the person who needs help"
							: "Enter your last name", PEOPLE_NAME_MAX);
	const char *why = NULL;
	if (people_dob_parse(req_form(r, "dob-day"), req_form(r, "dob-month"), req_form(r, "dob-year"),
			     time_now(), dob, &why))
		req_add_error(r, "dob-day", why);
	const char *postcode = req_form(r, "postcode");
	pc[0] = 0;
	if (*postcode && (strlen(postcode) > 10 || postcode_normalise(postcode, pc)))
		req_add_error(r, "postcode", "Enter a full UK postcode, like AB1 2CD");
	const char *phone = req_form(r, "phone"), *email = req_form(r, "email");
	if (!people_text_ok(phone))
		req_add_error(r, "phone", "Phone number must be on one line, without special characters");
	else if (*phone && !people_phone_ok(phone))
		req_add_error(r, "phone", "Enter a phone number, like 01632 960 001 or 07700 900 982");
	if (!people_text_ok(email))
		req_add_error(r, "email", "Email address must be on one line, without special characters");
	else if (*email && (strlen(email) > PEOPLE_EMAIL_MAX || !str_is_email(email)))
		req_add_error(r, "email", "Enter an email address in the correct format, like name@example.com");
	if (!*phone && !*email)
		req_add_error(r, "phone", "Enter a phone number or an email address, so the council can contact you");
	if (strcmp(req_form(r, "consent"), "yes") != 0)
		req_add_error(r, "consent", other
			? "Tick the box to agree to send these details and the answers to the council"
			: "Tick the box to agree to send your answers to the council");
}

/* POST /check/self/send: the contact details and consent, with the
 * answers (sealed in "answers", or in hidden fields as before). */
sn_err check_self_send(req *r, reply *out)
{
	const sc_set *s;
	const sc_catalogue *c;
	sn_err rc = check_data_for(r, &s, &c);
	if (rc)
		return rc;
	sc_answers *a = arena_alloc(r->a, sizeof *a);
	bool done;
	rc = check_self_posted(r, out, s, a, &done);
	if (rc || done)
		return rc;
	sc_answers_prune(s, a);
	sc_report *rep = arena_alloc(r->a, sizeof *rep);
	if (sc_report_compute(s, c, a, rep))
		return reply_error(r, out, web_status_of(SN_EINPUT), NOT_ALL_SENT);
	/* The form's one-time id: as sent, or made from the sealed answers,
	 * or a new one for a form that had neither. */
	char sealed[CHECK_STATE_MAX], form_id[37];
	snprintf(sealed, sizeof sealed, "%s", req_form(r, "answers"));
	if (!*sealed && check_state_seal(r->db, s, a, sealed))
		return SN_EINTERNAL;
	if (str_is_uuid(req_form(r, ONCE_FIELD)))
		snprintf(form_id, sizeof form_id, "%s", req_form(r, ONCE_FIELD));
	else if (*req_form(r, "answers"))
		check_state_form_id(sealed, form_id);
	else
		once_new(form_id);
	const char *made = NULL;
	rc = once_made(r->db, form_id, r->a, &made);
	if (rc)
		return rc;
	const char *sent = arena_printf(r->a, "/check/self/sent/%s", form_id);
	if (made)
		return reply_redirect(out, sent);
	r->errors = NULL;
	char dob[11], pc[9];
	check_contact(r, dob, pc);
	if (r->errors)
		return ask_page(r, out, 400, sealed, form_id, true);
	bool other = strcmp(req_form(r, "for_whom"), "someone_else") == 0;
	intake_new n = {
		.source = "self_check", .given_name = req_form(r, "given_name"),
		.family_name = req_form(r, "family_name"), .date_of_birth = dob,
		.phone = req_form(r, "phone"), .email = req_form(r, "email"), .postcode = pc,
		.for_whom = other ? "someone_else" : "self",
		.asker_name = other ? req_form(r, "asker_name") : "",
		.asker_relationship = other ? req_form(r, "asker_relationship") : "",
		.actor = r->user ? r->user->uuid : "anonymous",
		.role = r->user ? role_describe(r->a, r->user->roles) : "public",
		.form_id = form_id,
	};
	char uuid[37];
	rc = check_send_selfcheck(r->db, s, c, a, &n, uuid);
	if (rc == SN_ETOOBIG)
		return reply_error(r, out, web_status_of(SN_ETOOBIG), "The answers are too long to send.");
	return rc ? rc : reply_redirect(out, sent);
}

/* GET /check/self/sent/{form}: the confirmation of the request that form
 * made, with its reference; 404 once the form id is forgotten. */
sn_err check_self_sent(req *r, reply *out)
{
	const char *made = NULL;
	intake_request x;
	sn_err rc = once_made(r->db, req_get(r, "form"), r->a, &made);
	if (rc)
		return rc;
	if (!made || !str_starts(made, "intake:") || intake_find(r->db, made + 7, r->a, &x))
		return reply_error(r, out, web_status_of(SN_ENOTFOUND),
				   "This confirmation is no longer shown. If you sent a request, the "
				   "council has it and a worker will contact you.");
	/* A short reference people can read out on the phone. */
	char ref[9];
	for (size_t i = 0; i < 8; i++) {
		char ch = x.uuid[i];
		ref[i] = ch >= 'a' && ch <= 'z' ? (char)(ch - 32) : ch;
	}
	ref[8] = 0;
	json_t *v = json_pack("{s:s, s:b, s:b}", "reference", ref, "phone", *x.phone != 0,
			      "someone_else", strcmp(x.for_whom, "someone_else") == 0);
	return reply_page(out, 200, "check/self-sent", "Your request has been sent", v);
}
