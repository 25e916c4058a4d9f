/* The referral to social prescribing from a GP practice or another
 * professional (docs/social-prescribing.md has the fields against the
 * Social Prescribing Information Standard), and a link worker picking it
 * up: the person's record made (or one they can already see chosen, after
 * a warning about records that may be the same person), the link
 * worker's relationship, and the case. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../once/once.h"
#include "socialrx_int.h"

#define REASON_MAX 2000

/* The form's fields: name, label, the most bytes, required, one line. */
static const struct {
	const char *name, *what;
	size_t max;
	bool required, line;
} fields[] = {
	{"referrer_name", "Your name", SP_LINE_MAX, true, true},
	{"referrer_role", "Your professional role", SP_LINE_MAX, true, true},
	{"referrer_org", "Your organisation", SP_LINE_MAX, true, true},
	{"referrer_phone", "Your phone number", 30, false, true},
	{"referrer_email", "Your email address", 254, false, true},
	{"given_name", "The person's first name", PEOPLE_NAME_MAX, true, true},
	{"family_name", "The person's last name", PEOPLE_NAME_MAX, true, true},
	{"nhs_number", "NHS number", 20, false, true},
	{"postcode", "Postcode", 10, false, true},
	{"phone", "The person's phone number", 30, false, true},
	{"email", "The person's email address", 254, false, true},
	{"gp_practice", "The person's GP practice", SP_LINE_MAX, false, true},
	{"reason", "Reason for referral", REASON_MAX, true, false},
	{"what_matters", "What matters to the person", SP_TEXT_MAX, false, false},
	{"communication_needs", "Communication and accessibility needs", SP_TEXT_MAX, false, false},
	{"risks", "Safeguarding concerns and risks", SP_TEXT_MAX, false, false},
	{"other_services", "Other services involved", SP_TEXT_MAX, false, false},
};
#define N_FIELDS (sizeof fields / sizeof fields[0])

static json_t *refer_view(req *r, bool fresh)
{
	json_t *v = json_object();
	for (size_t i = 0; i < N_FIELDS; i++)
		json_object_set_new(v, fields[i].name, json_string(req_form(r, fields[i].name)));
	if (fresh) { /* who is referring, as the account says */
		json_object_set_new(v, "referrer_name", json_string(r->user->name));
		json_object_set_new(v, "referrer_email", json_string(r->user->email));
	}
	for (const char *const *f = (const char *const[]){"dob-day", "dob-month", "dob-year", NULL}; *f; f++)
		json_object_set_new(v, *f, json_string(req_form(r, *f)));
	const char *t = req_form(r, "referrer_type");
	json_object_set_new(v, "type_gp", json_boolean(str_eq(t, "gp")));
	json_object_set_new(v, "type_professional", json_boolean(str_eq(t, "professional")));
	json_object_set_new(v, "consent", json_boolean(str_eq(req_form(r, "consent"), "yes")));
	json_object_set_new(v, "sent", json_boolean(str_eq(req_get(r, "sent"), "1")));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	return v;
}

sn_err sp_refer_form(req *r, reply *out)
{
	return reply_page(out, 200, "socialrx/refer", "Refer someone to social prescribing", refer_view(r, true));
}

/* The fields checked into g; errors named by field. */
static void read_referral(req *r, sp_gp_referral *g, char dob[static 11], char pc[static 9])
{
	const char *val[N_FIELDS];
	for (size_t i = 0; i < N_FIELDS; i++) {
		const char *v = req_form(r, fields[i].name);
		val[i] = v;
		bool ok = strlen(v) <= fields[i].max && (fields[i].line ? people_text_ok(v) : true);
		for (const char *p = v; ok && *p; p++)
			ok = (unsigned char)*p >= 0x20 || *p == '\n' || *p == '\r' || *p == '\t';
		if (!ok)
			req_add_error(r, fields[i].name, arena_printf(r->a, "%s must be at most %zu characters%s",
				fields[i].what, fields[i].max, fields[i].line ? " on one line" : ""));
		else if (fields[i].required && !*v)
			req_add_error(r, fields[i].name, arena_printf(r->a, "Enter %s", str_eq(fields[i].name, "reason")
				? "the reason for referral" : fields[i].what));
	}
	const char **dst[] = {&g->referrer_name, &g->referrer_role, &g->referrer_org, &g->referrer_phone,
		&g->referrer_email, &g->given_name, &g->family_name, &g->nhs_number, &g->postcode, &g->phone,
		&g->email, &g->gp_practice, &g->reason, &g->what_matters, &g->communication_needs, &g->risks,
		&g->other_services};
	for (size_t i = 0; i < N_FIELDS; i++)
		*dst[i] = val[i];
	/* the NHS number: 10 digits (spaces allowed), modulus 11 */
	char nhs[11];
	size_t nd = 0;
	bool digits = true;
	for (const char *p = g->nhs_number; *p; p++) {
		if (isdigit((unsigned char)*p) && nd < 10)
			nhs[nd++] = *p;
		else if (*p != ' ')
			digits = false;
	}
	nhs[nd] = 0;
	if (*g->nhs_number && (!digits || nd != 10 || !people_nhs_number_valid(nhs)))
		req_add_error(r, "nhs_number", "Enter a valid NHS number: 10 digits, like 943 476 5919");
	g->nhs_number = arena_strdup(r->a, nhs);
	pc[0] = 0;
	if (*g->postcode && postcode_normalise(g->postcode, pc))
		req_add_error(r, "postcode", "Enter a real postcode, like AV1 2AB");
	g->postcode = pc;
	if (*g->phone && !people_phone_ok(g->phone))
		req_add_error(r, "phone", "Enter a phone number, like 01632 960 001");
	if (*g->email && !str_is_email(g->email))
		req_add_error(r, "email", "Enter an email address, like name@example.com");
	if (*g->referrer_email && !str_is_email(g->referrer_email))
		req_add_error(r, "referrer_email", "Enter your email address, like name@example.com");
	const char *why = NULL;
	if (people_dob_parse(req_form(r, "dob-day"), req_form(r, "dob-month"), req_form(r, "dob-year"), time_now(),
			     dob, &why))
		req_add_error(r, "dob-day", why ? why : "Enter a real date of birth");
	g->date_of_birth = dob;
	g->referrer_type = req_form(r, "referrer_type");
	if (!str_eq(g->referrer_type, "gp") && !str_eq(g->referrer_type, "professional"))
		req_add_error(r, "referrer_type", "Choose whether you are referring from a GP practice or another service");
	if (!str_eq(req_form(r, "consent"), "yes"))
		req_add_error(r, "consent", "Tick that the person agreed to the referral and to share this information");
}

/* A record the caller (a worker) can already see that is this person:
 * exactly one likely match they reach with the same date of birth. */
static sn_err reachable_match(req *r, const sp_gp_referral *g, int64_t *person_id)
{
	*person_id = 0;
	if (!(r->user->roles & R_WORKER) || !*g->date_of_birth)
		return SN_OK;
	people_match_row *m;
	size_t n = 0, found = 0;
	sn_err rc = people_likely_matches(r->db, g->given_name, g->family_name, g->date_of_birth, g->postcode, 0, 10,
					  r->a, &m, &n);
	for (size_t i = 0; i < n && !rc; i++) {
		person *p;
		access_basis b = ACCESS_NONE;
		if (!str_eq(m[i].date_of_birth, g->date_of_birth) || people_find(r->db, m[i].uuid, r->a, &p))
			continue;
		rc = access_person(r->db, r->user, p->id, &b);
		if (!rc && b != ACCESS_NONE && b != ACCESS_BREAK_GLASS)
			*person_id = p->id, found++;
	}
	if (found != 1)
		*person_id = 0;
	return rc;
}

sn_err sp_refer_save(req *r, reply *out)
{
	sp_gp_referral g = {0};
	char dob[11] = "", pc[9] = "";
	read_referral(r, &g, dob, pc);
	if (r->errors && json_array_size(r->errors))
		return reply_page(out, 422, "socialrx/refer", "Refer someone to social prescribing", refer_view(r, false));
	bool done = false;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	g.referrer_id = r->user->id;
	char uuid[37], now[21];
	time_iso8601(time_now(), now);
	rc = reachable_match(r, &g, &g.person_id);
	if (!rc)
		rc = sp_gp_insert(r->db, &g, now, uuid);
	if (!rc) {
		audit_entry e = {r->user->uuid, (r->user->roles & R_WORKER) ? "worker" : "partner",
				 "socialrx.referral.create", arena_printf(r->a, "sp-referral:%s", uuid),
				 "referral to social prescribing, with the person's consent"};
		rc = audit_append(r->db, &e);
	}
	return once_finish(r, out, rc, "/social-prescribing/refer?sent=1");
}

/* ---- a link worker picks it up ---- */

static sn_err find_referral(req *r, reply *out, sp_gp_referral *g, bool *stop)
{
	*stop = false;
	sn_err rc = sp_gp_find(r->db, req_get(r, "id"), r->a, g);
	if (rc == SN_ENOTFOUND) {
		store_rollback(r->db);
		*stop = true;
		return reply_error(r, out, 404, "There is no referral here.");
	}
	return rc;
}

static sn_err audit_referral(req *r, const sp_gp_referral *g, const char *action, const char *why)
{
	audit_entry e = {r->user->uuid, "worker", action, arena_printf(r->a, "sp-referral:%s", g->uuid), why};
	return audit_append(r->db, &e);
}

/* The records the caller can see that may be the same person. */
static sn_err matches_view(req *r, const sp_gp_referral *g, json_t *v)
{
	people_match_row *m;
	size_t n = 0;
	sn_err rc = people_likely_matches(r->db, g->given_name, g->family_name, g->date_of_birth, g->postcode, 0, 10,
					  r->a, &m, &n);
	json_t *list = json_array();
	const char *chosen = req_form(r, "person");
	for (size_t i = 0; i < n && !rc; i++) {
		person *p;
		access_basis b = ACCESS_NONE;
		if (people_find(r->db, m[i].uuid, r->a, &p))
			continue;
		rc = access_person(r->db, r->user, p->id, &b);
		if (rc || b == ACCESS_NONE || b == ACCESS_BREAK_GLASS)
			continue;
		json_array_append_new(list, json_pack("{sssssssssb}", "value", m[i].uuid, "name",
			arena_printf(r->a, "%s %s", m[i].given_name, m[i].family_name), "dob",
			time_uk_day(r->a, m[i].date_of_birth), "postcode", m[i].postcode, "checked",
			str_eq(chosen, m[i].uuid) || (!*chosen && str_eq(g->person_uuid, m[i].uuid))));
		rc = access_audit_person(r->db, r->user, b, "person.listed", m[i].uuid);
	}
	json_object_set_new(v, "matches", list);
	json_object_set_new(v, "has_matches", json_boolean(json_array_size(list) > 0));
	json_object_set_new(v, "new_checked", json_boolean(str_eq(chosen, "new") || (!*chosen && !*g->person_uuid)));
	return rc;
}

static json_t *gp_view(req *r, const sp_gp_referral *g)
{
	json_t *v = json_pack("{ssssssssssssssssssssssssss}", "id", g->uuid, "name",
		arena_printf(r->a, "%s %s", g->given_name, g->family_name), "dob", time_uk_day(r->a, g->date_of_birth),
		"nhs_number", g->nhs_number, "postcode", g->postcode, "phone", g->phone, "email", g->email,
		"gp_practice", g->gp_practice, "reason", g->reason, "what_matters", g->what_matters,
		"communication_needs", g->communication_needs, "risks", g->risks, "other_services", g->other_services);
	json_object_set_new(v, "referrer", json_string(arena_printf(r->a, "%s, %s, %s", g->referrer_name,
		g->referrer_role, g->referrer_org)));
	json_object_set_new(v, "referrer_contact", json_string(arena_printf(r->a, "%s%s%s", g->referrer_phone,
		*g->referrer_phone && *g->referrer_email ? ", " : "", g->referrer_email)));
	json_object_set_new(v, "from_gp", json_boolean(str_eq(g->referrer_type, "gp")));
	json_object_set_new(v, "when", json_string(time_uk_when(r->a, g->created_at)));
	json_object_set_new(v, "waiting", json_boolean(str_eq(g->status, "waiting")));
	json_object_set_new(v, "case_id", json_string(g->case_uuid));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	return v;
}

static sn_err gp_page(req *r, reply *out, const sp_gp_referral *g, int status)
{
	json_t *v = gp_view(r, g);
	sn_err rc = str_eq(g->status, "waiting") ? matches_view(r, g, v) : SN_OK;
	if (!rc)
		rc = audit_referral(r, g, "socialrx.referral.read", "waiting for a link worker");
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		json_decref(v);
		return rc;
	}
	return reply_page(out, status, "socialrx/referral", "Referral to social prescribing", v);
}

sn_err sp_gp_page(req *r, reply *out)
{
	sp_gp_referral g;
	bool stop;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = find_referral(r, out, &g, &stop);
	return rc || stop ? rc : gp_page(r, out, &g, 200);
}

/* The person the case is for: a new record from the referral (the link
 * worker becomes their worker), or one the link worker can already see. */
static sn_err person_for(req *r, const sp_gp_referral *g, const char *chosen, person **p, access_basis *b)
{
	char now[21];
	time_iso8601(time_now(), now);
	if (!str_eq(chosen, "new")) {
		sn_err rc = str_is_uuid(chosen) ? people_find(r->db, chosen, r->a, p) : SN_EINPUT;
		if (!rc)
			rc = access_person(r->db, r->user, (*p)->id, b);
		if (!rc && (*b == ACCESS_NONE || *b == ACCESS_BREAK_GLASS))
			rc = SN_EINPUT;
		if (!rc && *b != ACCESS_WORKER) {
			rc = people_relate(r->db, (*p)->id, r->user->id, "worker", now);
			*b = ACCESS_WORKER;
		}
		return rc == SN_ENOTFOUND ? SN_EINPUT : rc;
	}
	int64_t locality = 0, id = 0;
	char uuid[37];
	uuid_v4(uuid);
	person_new n = {g->given_name, g->family_name, g->date_of_birth, g->nhs_number, g->postcode, g->phone,
			g->email, 0, 0};
	sn_err rc = people_locality_of(r->db, g->postcode, &locality);
	n.locality_id = locality;
	if (!rc)
		rc = people_add(r->db, &n, uuid, now, &id);
	if (!rc)
		rc = people_relate(r->db, id, r->user->id, "worker", now);
	if (!rc)
		rc = people_find(r->db, uuid, r->a, p);
	*b = ACCESS_WORKER;
	if (!rc)
		rc = access_audit_person(r->db, r->user, *b, "person.create", uuid);
	return rc;
}

sn_err sp_gp_pick_save(req *r, reply *out)
{
	sp_gp_referral g;
	bool stop, done = false;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = find_referral(r, out, &g, &stop);
	if (rc || stop)
		return rc;
	if (!str_eq(g.status, "waiting")) {
		store_rollback(r->db);
		return *g.case_uuid ? reply_redirect(out, arena_printf(r->a, "/social-prescribing/cases/%s", g.case_uuid))
				    : reply_error(r, out, 409, "Another link worker has picked up this referral.");
	}
	rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	person *p = NULL;
	access_basis b = ACCESS_NONE;
	rc = person_for(r, &g, req_form(r, "person"), &p, &b);
	if (rc == SN_EINPUT) {
		store_rollback(r->db);
		req_add_error(r, "person", "Choose a record you can see, or make a new record");
		if ((rc = store_begin_write(r->db)))
			return rc;
		return gp_page(r, out, &g, 422);
	}
	char uuid[37], now[21];
	int64_t id;
	time_iso8601(time_now(), now);
	if (!rc)
		rc = sp_case_insert(r->db, p->id, r->user->id, str_eq(g.referrer_type, "gp") ? "gp" : "professional",
				    g.id, now, uuid, &id);
	if (!rc)
		rc = sp_gp_pick(r->db, g.id, p->id, r->user->id, now);
	if (!rc)
		rc = audit_referral(&*r, &g, "socialrx.referral.pick_up", arena_printf(r->a, "case %s", uuid));
	if (!rc)
		rc = access_audit_person(r->db, r->user, b, "socialrx.case.open", p->uuid);
	return once_finish(r, out, rc, arena_printf(r->a, "/social-prescribing/cases/%s?done=started", uuid));
}

/* ---- what became of them, for whoever sent them ---- */

#define SENT_PAGE 100

sn_err sp_sent_page(req *r, reply *out)
{
	sp_gp_sent_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = sp_gp_sent(r->db, r->user->id, SENT_PAGE, r->a, &rows, &n, &total);
	/* Each referral listed is a read of what the referrer typed about the
	 * person, and of what the link worker wrote back. */
	audit_entry *e = n ? arena_alloc(r->a, n * sizeof *e) : NULL;
	for (size_t i = 0; i < n; i++)
		e[i] = (audit_entry){r->user->uuid, (r->user->roles & R_WORKER) ? "worker" : "partner",
				     "socialrx.referral.sent_read", arena_printf(r->a, "sp-referral:%s", rows[i].uuid),
				     "the referrer, reading what became of their referral"};
	if (!rc && n)
		rc = audit_append_many(r->db, e, n);
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const sp_gp_sent_row *x = &rows[i];
		bool closed = str_eq(x->case_status, "closed"), picked = str_eq(x->status, "picked_up");
		json_array_append_new(list, json_pack("{sssssbsbsbssssssss}", "name", x->name, "sent",
			time_uk_day(r->a, x->created_at), "waiting", !picked, "with_worker", picked && !closed,
			"closed", closed, "picked_on", *x->picked_at ? time_uk_day(r->a, x->picked_at) : "",
			"closed_on", *x->closed_at ? time_uk_day(r->a, x->closed_at) : "", "reason", x->closing_reason,
			"message", x->message));
	}
	return reply_page(out, 200, "socialrx/sent", "Your referrals to social prescribing",
			  json_pack("{sosbsIsb}", "referrals", list, "has_referrals", n > 0, "total", (json_int_t)total,
				    "more", total > (int64_t)n));
}
