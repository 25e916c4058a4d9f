/* The self-check pages: one topic per page, no JavaScript and nothing
 * stored. The answers so far travel in hidden fields from page to page
 * (POST, so they stay out of addresses and logs); the engine in
 * src/selfcheck/ decides what is shown, checks each page and writes the
 * report. Only "Ask for an assessment", with the person's consent, stores
 * anything: a request in the intake queue. */
#include <stdio.h>
#include <string.h>

#include "../access/access.h"
#include "../access/access_http.h"
#include "../directory/find/find.h"
#include "../directory/geo/geo.h"
#include "../directory/search/search.h"
#include "../intake/intake.h"
#include "../selfcheck/selfcheck.h"
#include "../rulesdata/rulesdata.h"
#include "check.h"

#define SET_NAME "daily-living"

/* The question set and the catalogue in force (adopted in the store, or
 * shipped), parsed for this request into its arena. */
static sn_err data_for(req *r, const sc_set **s, const sc_catalogue **c)
{
	char err[256];
	sc_set *set = arena_alloc(r->a, sizeof *set);
	sc_catalogue *cat = arena_alloc(r->a, sizeof *cat);
	if (rules_load_question_set(r->db, SET_NAME, set, err, sizeof err) ||
	    rules_load_catalogue(r->db, cat, err, sizeof err)) {
		log_msg(LOG_ERROR, "self-check: cannot load the question set: %s", err);
		return SN_EINTERNAL;
	}
	*s = set;
	*c = cat;
	return SN_OK;
}

static const char *form_get(const void *ctx, const char *name)
{
	return kv_get(&((const req *)ctx)->form, name);
}

/* The answers held, as hidden fields, leaving out the questions of topic
 * skip (those are on the page itself); skip may be SIZE_MAX. */
static json_t *hidden(const sc_set *s, const sc_answers *a, size_t skip)
{
	json_t *h = json_array();
	for (size_t i = 0; i < a->n; i++) {
		long q = sc_question_index(s, a->items[i].question);
		if (q < 0 || a->items[i].bad || s->questions[q].topic == skip)
			continue;
		json_array_append_new(h, json_pack("{s:s, s:s}", "name", a->items[i].question,
						   "value", a->items[i].value));
	}
	return h;
}

/* ---- pages ---- */

sn_err check_index(req *r, reply *out)
{
	(void)r;
	return reply_page(out, 200, "check/index", "Check what help you could get", NULL);
}

sn_err check_self_start(req *r, reply *out)
{
	const sc_set *s;
	const sc_catalogue *c;
	sn_err rc = data_for(r, &s, &c);
	if (!rc)
		rc = access_ensure_csrf(r);
	if (rc)
		return rc;
	json_t *topics = json_array();
	for (size_t t = 0; t < s->n_topics; t++)
		json_array_append_new(topics, json_string(s->topics[t].title));
	json_t *v = json_pack("{s:s, s:s, s:o}", "title", s->title, "intro", s->intro, "topics",
			      topics);
	return reply_page(out, 200, "check/self-start", s->title, v);
}

static sn_err topic_page(req *r, reply *out, int status, const sc_set *s, const sc_answers *a,
			 size_t t)
{
	json_t *qs = json_array();
	const sc_topic *tp = &s->topics[t];
	for (size_t q = tp->first; q < tp->first + tp->n_questions; q++) {
		if (!sc_on_page(s, a, q))
			continue;
		const sc_question *qq = &s->questions[q];
		const char *given = sc_answers_get(a, qq->key);
		json_t *choices = json_array();
		for (size_t i = 0; i < qq->n_choices; i++)
			json_array_append_new(choices, json_pack("{s:s, s:s, s:s, s:b}",
				"id", i ? arena_printf(r->a, "%s-%s", qq->key, qq->choices[i].key) : qq->key,
				"value", qq->choices[i].key, "label", qq->choices[i].label,
				"checked", given && strcmp(given, qq->choices[i].key) == 0));
		/* A follow-up on this page: without JavaScript it is always
		 * shown, so say when to answer it. */
		const char *when = "";
		if (qq->has_show_if && s->questions[qq->show_if_question].topic == t) {
			const sc_question *p = &s->questions[qq->show_if_question];
			buf b;
			buf_init(&b, 1024);
			for (size_t i = 0; i < p->n_choices; i++)
				if (qq->show_if_choices & (1u << i))
					buf_printf(&b, "%s\u201c%s\u201d", b.len ? " or " : "",
						   p->choices[i].label);
			when = arena_printf(r->a, "Answer this if you chose %s above.",
					    b.data ? b.data : "");
			buf_free(&b);
		}
		const char *err = NULL;
		size_t i;
		json_t *e;
		json_array_foreach(r->errors, i, e)
			if (strcmp(json_string_value(json_object_get(e, "field")), qq->key) == 0)
				err = json_string_value(json_object_get(e, "message"));
		const char *describedby = arena_printf(r->a, "%s%s%s%s",
			*qq->hint ? qq->key : "", *qq->hint ? "-hint" : "",
			err ? (*qq->hint ? " " : "") : "", err ? arena_printf(r->a, "%s-error", qq->key) : "");
		json_array_append_new(qs, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:o}",
			"key", qq->key, "text", qq->text, "hint", qq->hint, "when", when,
			"error", err ? err : "", "describedby", describedby,
			"follow_up", *when != 0, "inline", qq->kind == SC_YES_NO, "choices", choices));
	}
	/* "Question 3 of 11" counts the topics that will be shown. */
	size_t shown = 0, at = 0;
	for (size_t k = 0; k < s->n_topics; k++)
		if (sc_topic_shown(s, a, k)) {
			shown++;
			if (k <= t)
				at++;
		}
	json_t *v = json_pack("{s:s, s:s, s:s, s:I, s:o, s:o, s:s, s:b}",
		"set_title", s->title, "title", tp->title, "intro", tp->intro, "topic", (json_int_t)t,
		"questions", qs, "hidden", hidden(s, a, t),
		"progress", arena_printf(r->a, "Part %zu of %zu", at, shown), "first", at <= 1);
	return reply_page(out, status, "check/self-topic", tp->title, v);
}

static json_t *report_view(req *r, const sc_set *s, const sc_catalogue *c, const sc_answers *a,
			   sc_report *rep)
{
	json_t *v = sc_report_to_json(s, c, rep);
	json_object_set_new(v, "hidden", hidden(s, a, SIZE_MAX));
	json_t *edit = json_array();
	for (size_t t = 0; t < s->n_topics; t++)
		if (sc_topic_shown(s, a, t))
			json_array_append_new(edit, json_pack("{s:s, s:I}", "title", s->topics[t].title,
							      "topic", (json_int_t)t));
	json_object_set_new(v, "edit", edit);
	/* Live matches from the directory for what the answers point to: a
	 * few services for each kind of help, with a link to the rest. */
	json_t *matches = json_array();
	size_t i;
	json_t *code;
	/* Near a postcode, if they gave one: nearest first. */
	const char *near = req_form(r, "near");
	char pc[9] = "";
	int32_t lat = 0, lon = 0;
	bool has_point = false;
	if (*near) {
		sn_err prc = strlen(near) > 10 ? SN_EINPUT : postcode_normalise(near, pc);
		if (!prc)
			prc = geo_postcode_lookup(r->db, pc, &lat, &lon, NULL);
		if (prc == SN_EINPUT)
			req_add_error(r, "near", "Enter a full UK postcode, like AV1 2AB");
		else if (prc == SN_ENOTFOUND)
			req_add_error(r, "near", "We could not find that postcode. Check it, or leave it empty to see "
						 "groups across the area");
		has_point = prc == SN_OK;
	}
	json_object_set_new(v, "near", json_string(has_point ? pc : near));
	json_object_set_new(v, "near_used", json_boolean(has_point));
	json_array_foreach(json_object_get(v, "directory_codes"), i, code) {
		int64_t term = 0;
		const char *name = "";
		if (check_directory_term(r->db, json_string_value(code), r->a, &term, &name) || !term)
			continue;
		search_query q = {.taxonomy_term_id = term, .api_min_age = -1, .api_max_age = -1,
			       .person_age = -1, .page = 1, .per_page = 2, .has_point = has_point,
			       .lat_e6 = lat, .lon_e6 = lon};
		search_results res = {0};
		if (search_services(r->db, r->a, &q, &res) || res.n == 0)
			continue;
		json_t *items = json_array();
		for (size_t k = 0; k < res.n; k++) {
			json_t *it = find_result_view(r, res.ids[k]);
			if (it && has_point && res.distance_m && res.distance_m[k] >= 0)
				json_object_set_new(it, "distance", json_string(find_miles(r, res.distance_m[k])));
			if (it)
				json_array_append_new(items, it);
		}
		json_array_append_new(matches, json_pack("{s:s, s:s, s:o, s:I}", "code",
			json_string_value(code), "name", name, "services", items, "total", (json_int_t)res.total));
		if (json_array_size(matches) >= 6)
			break;
	}
	json_object_set_new(v, "matches", matches);
	static const char *const lists[] = {"topics", "equipment", "telecare", "advice", "matches"};
	for (size_t l = 0; l < SN_ARRAY_LEN(lists); l++)
		json_object_set_new(v, arena_printf(r->a, "has_%s", lists[l]),
				    json_boolean(json_array_size(json_object_get(v, lists[l])) > 0));
	return v;
}

/* POST /check/self: the answers so far, the topic just answered ("topic")
 * and where to go ("go": next, back, edit-N, or nothing to begin). */
sn_err check_self_step(req *r, reply *out)
{
	const sc_set *s;
	const sc_catalogue *c;
	sn_err rc = data_for(r, &s, &c);
	if (rc)
		return rc;
	r->errors = NULL;
	sc_answers *a = arena_alloc(r->a, sizeof *a);
	sc_answers_init(a);
	if (sc_answers_from_fields(s, form_get, r, a))
		return reply_error(r, out, web_status_of(SN_EINPUT),
				   "The answers could not be read. Start the check again.");
	int64_t t = -1;
	const char *ts = req_form(r, "topic"), *go = req_form(r, "go");
	if (*ts && str_to_i64(ts, 0, (int64_t)s->n_topics - 1, &t))
		return reply_error(r, out, web_status_of(SN_EINPUT),
				   "The answers could not be read. Start the check again.");
	int64_t edit = -1;
	if (str_starts(go, "edit-") &&
	    (str_to_i64(go + 5, 0, (int64_t)s->n_topics - 1, &edit) || !sc_topic_shown(s, a, (size_t)edit)))
		return reply_error(r, out, web_status_of(SN_EINPUT),
				   "There is no such part of the check.");
	if (edit >= 0)
		return topic_page(r, out, 200, s, a, (size_t)edit);
	if (t >= 0 && strcmp(go, "back") == 0) {
		for (int64_t k = t - 1; k >= 0; k--)
			if (sc_topic_shown(s, a, (size_t)k))
				return topic_page(r, out, 200, s, a, (size_t)k);
		return reply_redirect(out, "/check/self");
	}
	size_t next = 0;
	/* "report": straight to the results (the report's own forms, such as
	 * "show what is nearest", send every answer back with it). */
	bool to_report = strcmp(go, "report") == 0;
	if (t >= 0 && !to_report) {
		sc_problems *p = arena_alloc(r->a, sizeof *p);
		if (sc_check_topic(s, (size_t)t, a, p)) {
			for (size_t i = 0; i < p->n; i++)
				req_add_error(r, p->items[i].key, p->items[i].message);
			return topic_page(r, out, 400, s, a, (size_t)t);
		}
		next = (size_t)t + 1;
	}
	/* Skip topics already answered in full (after "change" on the report,
	 * going on leads back to the report). */
	sc_problems *p = arena_alloc(r->a, sizeof *p);
	next = to_report ? s->n_topics : sc_next_topic(s, a, next);
	while (next < s->n_topics && t >= 0 && !sc_check_topic(s, next, a, p))
		next = sc_next_topic(s, a, next + 1);
	if (next < s->n_topics)
		return topic_page(r, out, 200, s, a, next);
	sc_answers_prune(s, a);
	sc_report *rep = arena_alloc(r->a, sizeof *rep);
	if (sc_report_compute(s, c, a, rep)) {
		/* Something is unanswered (answers were changed by hand):
		 * go to the first topic with a problem. */
		for (size_t k = sc_next_topic(s, a, 0); k < s->n_topics; k = sc_next_topic(s, a, k + 1))
			if (sc_check_topic(s, k, a, p))
				return topic_page(r, out, 200, s, a, k);
		return reply_error(r, out, web_status_of(SN_EINPUT),
				   "The answers could not be read. Start the check again.");
	}
	json_t *view = report_view(r, s, c, a, rep);
	return reply_page(out, r->errors ? 400 : 200, "check/self-report", "Your self-check results", view);
}

/* ---- asking for an assessment ---- */

static sn_err request_page(req *r, reply *out, int status, const sc_set *s, const sc_answers *a,
			   bool posted)
{
	const char *fw = posted ? req_form(r, "for_whom") : "";
	json_t *v = json_pack("{s:o, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:b}",
		"hidden", hidden(s, a, SIZE_MAX),
		"given_name", posted ? req_form(r, "given_name") : "",
		"family_name", posted ? req_form(r, "family_name") : "",
		"phone", posted ? req_form(r, "phone") : "",
		"email", posted ? req_form(r, "email") : "",
		"postcode", posted ? req_form(r, "postcode") : "",
		"self", strcmp(fw, "self") == 0, "someone_else", strcmp(fw, "someone_else") == 0,
		"consent", posted && strcmp(req_form(r, "consent"), "yes") == 0);
	return reply_page(out, status, "check/self-request", "Ask for an assessment", v);
}

/* Reads and checks the answers carried to the request pages: they must be
 * a complete check (the report was shown from them). */
static sn_err carried(req *r, reply *out, const sc_set **s, const sc_catalogue **c, sc_answers **a,
		      sc_report **rep, bool *bad)
{
	*bad = false;
	sn_err rc = data_for(r, s, c);
	if (rc)
		return rc;
	*a = arena_alloc(r->a, sizeof **a);
	sc_answers_init(*a);
	*rep = arena_alloc(r->a, sizeof **rep);
	if (sc_answers_from_fields(*s, form_get, r, *a) ||
	    (sc_answers_prune(*s, *a), sc_report_compute(*s, *c, *a, *rep))) {
		*bad = true;
		return reply_error(r, out, web_status_of(SN_EINPUT),
				   "The answers to the check were not all sent. "
				   "Start the check again.");
	}
	return SN_OK;
}

sn_err check_self_request(req *r, reply *out)
{
	const sc_set *s;
	const sc_catalogue *c;
	sc_answers *a;
	sc_report *rep;
	bool bad;
	sn_err rc = carried(r, out, &s, &c, &a, &rep, &bad);
	if (rc || bad)
		return rc;
	return request_page(r, out, 200, s, a, false);
}

sn_err check_self_send(req *r, reply *out)
{
	const sc_set *s;
	const sc_catalogue *c;
	sc_answers *a;
	sc_report *rep;
	bool bad;
	sn_err rc = carried(r, out, &s, &c, &a, &rep, &bad);
	if (rc || bad)
		return rc;
	r->errors = NULL;
	const char *given = req_form(r, "given_name"), *family = req_form(r, "family_name");
	const char *phone = req_form(r, "phone"), *email = req_form(r, "email");
	const char *postcode = req_form(r, "postcode"), *fw = req_form(r, "for_whom");
	if (!*given || strlen(given) > INTAKE_NAME_MAX)
		req_add_error(r, "given_name", *given ? "First name must be 100 characters or fewer"
						  : "Enter the first name of the person who needs help");
	if (!*family || strlen(family) > INTAKE_NAME_MAX)
		req_add_error(r, "family_name", *family ? "Last name must be 100 characters or fewer"
						    : "Enter the last name of the person who needs help");
	/* Names and contact details are one line of printable text. */
	static const struct {
		const char *field, *what;
	} plain[] = {{"given_name", "First name"}, {"family_name", "Last name"},
		     {"phone", "Phone number"}, {"email", "Email address"}};
	for (size_t k = 0; k < SN_ARRAY_LEN(plain); k++) {
		const char *v = req_form(r, plain[k].field);
		bool control = false;
		for (const unsigned char *p = (const unsigned char *)v; *p; p++)
			control = control || *p < 0x20 || *p == 0x7f;
		if (control)
			req_add_error(r, plain[k].field, arena_printf(r->a, "%s must be on one line, without special characters", plain[k].what));
	}
	if (r->errors)
		return request_page(r, out, 400, s, a, true);
	if (strcmp(fw, "self") != 0 && strcmp(fw, "someone_else") != 0)
		req_add_error(r, "for_whom", "Select who needs help");
	if (*phone) {
		size_t digits = 0;
		bool ok = strlen(phone) <= INTAKE_PHONE_MAX;
		for (const char *p = phone; *p && ok; p++) {
			if (*p >= '0' && *p <= '9')
				digits++;
			else if (!strchr(" +()-", *p))
				ok = false;
		}
		if (!ok || digits < 10 || digits > 15)
			req_add_error(r, "phone", "Enter a phone number, like 01632 960 001 or 07700 900 982");
	}
	if (*email && (strlen(email) > 254 || !str_is_email(email)))
		req_add_error(r, "email", "Enter an email address in the correct format, like name@example.com");
	if (!*phone && !*email && !r->errors)
		req_add_error(r, "phone", "Enter a phone number or an email address, so the council can contact you");
	char pc[9] = "";
	if (*postcode && postcode_normalise(postcode, pc))
		req_add_error(r, "postcode", "Enter a full UK postcode, like AB1 2CD");
	if (strcmp(req_form(r, "consent"), "yes") != 0)
		req_add_error(r, "consent", "Tick the box to agree to send your answers to the council");
	if (r->errors)
		return request_page(r, out, 400, s, a, true);

	intake_new n = {
		.source = "self_check", .given_name = given, .family_name = family,
		.date_of_birth = "", .phone = phone, .email = email, .postcode = pc,
		.for_whom = fw, .actor = r->user ? r->user->uuid : "anonymous",
		.role = r->user ? role_describe(r->a, r->user->roles) : "public",
	};
	char uuid[37];
	rc = check_send_selfcheck(r->db, s, c, a, &n, uuid);
	if (rc == SN_ETOOBIG)
		return reply_error(r, out, web_status_of(SN_ETOOBIG),
				   "The answers are too long to send.");
	if (rc)
		return rc;
	/* A short reference people can read out on the phone. */
	char ref[10];
	snprintf(ref, sizeof ref, "%.8s", uuid);
	str_lower_ascii(ref);
	for (char *p = ref; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 32);
	json_t *v = json_pack("{s:s, s:b, s:s}", "reference", ref, "phone", *phone != 0,
			      "contact", *phone ? phone : email);
	return reply_page(out, 200, "check/self-sent", "Your request has been sent", v);
}

/* ---- the equipment catalogue ---- */

sn_err check_equipment(req *r, reply *out)
{
	const sc_set *s;
	const sc_catalogue *c;
	sn_err rc = data_for(r, &s, &c);
	if (rc)
		return rc;
	json_t *loan = json_array(), *buy = json_array();
	for (size_t i = 0; i < c->n_items; i++) {
		const sc_item *it = &c->items[i];
		char a[32], b[32];
		const char *how;
		if (it->supply == SC_LOAN) {
			sc_money(it->retail_credit_pence, a, sizeof a);
			how = it->retail_credit_pence
				? arena_printf(r->a, "The council can lend you this free of charge. If you would rather choose your own from a shop, you can have %s towards it.", a)
				: "The council can lend you this free of charge.";
		} else {
			sc_money(it->price_min_pence, a, sizeof a);
			sc_money(it->price_max_pence, b, sizeof b);
			how = arena_printf(r->a, "Most people buy this themselves. It usually costs %s to %s.", a, b);
		}
		json_t *needs = json_array();
		for (size_t k = 0; k < elig_n_outcomes(false); k++)
			if (it->outcomes & (1u << k))
				json_array_append_new(needs, json_string(elig_outcome_label(false, k)));
		json_array_append_new(it->supply == SC_LOAN ? loan : buy,
			json_pack("{s:s, s:s, s:s, s:s, s:b, s:o}", "key", it->key, "name", it->name,
				  "description", it->description, "how_to_get", how,
				  "telecare", it->telecare, "needs", needs));
	}
	json_t *v = json_pack("{s:o, s:o, s:s}", "loan", loan, "buy", buy, "note", c->note);
	return reply_page(out, 200, "check/equipment", "Equipment that can help at home", v);
}
