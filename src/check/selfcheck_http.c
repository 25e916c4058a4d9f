/* The self-check pages: one topic per page, no JavaScript and nothing
 * stored. Each page's form posts the answers given on it with the answers
 * so far (sealed, in a hidden field) to POST /check/self, which checks the
 * page and redirects to the next page's own address, where the answers so
 * far travel sealed (selfcheck_state.c): Back and reload work like any
 * page's, and the server keeps nothing. The engine in src/selfcheck/
 * decides what is shown, checks each page and writes the report. Only
 * "Ask for an assessment", with the person's consent, stores anything: a
 * request in the intake queue (selfcheck_ask_http.c). */
#include <stdio.h>
#include <string.h>

#include "../access/access.h"
#include "../access/access_http.h"
#include "../rulesdata/rulesdata.h"
#include "check_int.h"

#define SET_NAME "daily-living"
#define UNREADABLE "The answers could not be read. Start the check again."

sn_err check_data_for(req *r, const sc_set **s, const sc_catalogue **c)
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

json_t *check_self_given(const sc_answers *a)
{
	json_t *o = json_object();
	for (size_t i = 0; i < a->n; i++)
		if (!a->items[i].bad)
			json_object_set_new(o, a->items[i].question, json_string(a->items[i].value));
	return o;
}

const char *check_self_address(req *r, const sc_set *s, const sc_answers *a)
{
	char sealed[CHECK_STATE_MAX];
	if (check_state_seal(r->db, s, a, sealed)) {
		log_msg(LOG_ERROR, "self-check: cannot seal the answers");
		return NULL;
	}
	return arena_printf(r->a, "/check/self/answers/%s", sealed);
}

sn_err check_self_again(req *r, reply *out, bool expired)
{
	const sc_set *s;
	const sc_catalogue *c;
	sn_err rc = check_data_for(r, &s, &c);
	if (rc)
		return rc;
	sc_answers none;
	sc_answers_init(&none);
	const char *start = check_self_address(r, s, &none);
	if (!start)
		return SN_EINTERNAL;
	json_t *v = json_pack("{s:b, s:s, s:s, s:i}", "expired", expired, "start", start,
			      "message", expired ? "" : UNREADABLE, "hours",
			      CHECK_STATE_SECONDS / 3600);
	return reply_page(out, 400, "check/self-again", "Start the check again", v);
}

sn_err check_self_answers(req *r, reply *out, const sc_set *s, sc_answers *a, bool *done)
{
	bool expired = false;
	*done = false;
	sn_err rc = check_state_open(r->db, s, req_get(r, "answers"), a, &expired);
	if (rc != SN_EINPUT)
		return rc;
	*done = true;
	return check_self_again(r, out, expired);
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
	sn_err rc = check_data_for(r, &s, &c);
	if (rc)
		return rc;
	sc_answers none;
	sc_answers_init(&none);
	const char *start = check_self_address(r, s, &none);
	if (!start)
		return SN_EINTERNAL;
	json_t *topics = json_array();
	for (size_t t = 0; t < s->n_topics; t++)
		json_array_append_new(topics, json_string(s->topics[t].title));
	json_t *v = json_pack("{s:s, s:s, s:o, s:s, s:i}", "title", s->title, "intro", s->intro,
			      "topics", topics, "start", arena_printf(r->a, "%s?topic=0", start),
			      "hours", CHECK_STATE_SECONDS / 3600);
	return reply_page(out, 200, "check/self-start", s->title, v);
}

/* The note under a follow-up on the same page: without JavaScript it is
 * always shown, so say when to answer it. "" when q is not one. */
static const char *when_to_answer(req *r, const sc_set *s, const sc_question *qq, size_t t)
{
	if (!qq->has_show_if || s->questions[qq->show_if_question].topic != t)
		return "";
	const sc_question *p = &s->questions[qq->show_if_question];
	buf b;
	buf_init(&b, 1024);
	for (size_t i = 0; i < p->n_choices; i++)
		if (qq->show_if_choices & (1u << i))
			buf_printf(&b, "%s\u201c%s\u201d", b.len ? " or " : "", p->choices[i].label);
	const char *when = arena_printf(r->a, "Answer this if you chose %s above.",
					b.data ? b.data : "");
	buf_free(&b);
	return when;
}

static json_t *question_view(req *r, const sc_set *s, const sc_answers *a, size_t q, size_t t)
{
	const sc_question *qq = &s->questions[q];
	const char *given = sc_answers_get(a, qq->key);
	json_t *choices = json_array();
	for (size_t i = 0; i < qq->n_choices; i++)
		json_array_append_new(choices, json_pack("{s:s, s:s, s:s, s:b}",
			"id", i ? arena_printf(r->a, "%s-%s", qq->key, qq->choices[i].key) : qq->key,
			"value", qq->choices[i].key, "label", qq->choices[i].label,
			"checked", given && strcmp(given, qq->choices[i].key) == 0));
	const char *when = when_to_answer(r, s, qq, t);
	const char *err = NULL;
	size_t i;
	json_t *e;
	json_array_foreach(r->errors, i, e)
		if (strcmp(json_string_value(json_object_get(e, "field")), qq->key) == 0)
			err = json_string_value(json_object_get(e, "message"));
	const char *describedby = arena_printf(r->a, "%s%s%s%s",
		*qq->hint ? qq->key : "", *qq->hint ? "-hint" : "",
		err ? (*qq->hint ? " " : "") : "", err ? arena_printf(r->a, "%s-error", qq->key) : "");
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:o}",
		"key", qq->key, "text", qq->text, "hint", qq->hint, "when", when,
		"error", err ? err : "", "describedby", describedby,
		"follow_up", *when != 0, "inline", qq->kind == SC_YES_NO, "choices", choices);
}

/* Topic t's page; the form carries the answers so far sealed (so those of
 * the page are kept, too, when it is shown again with a problem). */
static sn_err topic_page(req *r, reply *out, int status, const sc_set *s, const sc_answers *a,
			 size_t t)
{
	sn_err rc = access_ensure_csrf(r);
	char sealed[CHECK_STATE_MAX];
	sc_answers *kept = arena_alloc(r->a, sizeof *kept);
	*kept = *a;
	sc_answers_prune(s, kept);
	if (!rc)
		rc = check_state_seal(r->db, s, kept, sealed);
	if (rc)
		return rc;
	json_t *qs = json_array();
	const sc_topic *tp = &s->topics[t];
	for (size_t q = tp->first; q < tp->first + tp->n_questions; q++)
		if (sc_on_page(s, a, q))
			json_array_append_new(qs, question_view(r, s, a, q, t));
	/* "Part 3 of 11" counts the topics that will be shown. */
	size_t shown = 0, at = 0;
	for (size_t k = 0; k < s->n_topics; k++)
		if (sc_topic_shown(s, a, k)) {
			shown++;
			if (k <= t)
				at++;
		}
	json_t *v = json_pack("{s:s, s:s, s:s, s:I, s:o, s:s, s:o, s:s, s:b}",
		"set_title", s->title, "title", tp->title, "intro", tp->intro, "topic", (json_int_t)t,
		"questions", qs, "answers", sealed, "given", check_self_given(kept),
		"progress", arena_printf(r->a, "Part %zu of %zu", at, shown), "first", at <= 1);
	return reply_page(out, status, "check/self-topic", tp->title, v);
}

/* The first shown topic from `from` on that is not answered in full, or
 * s->n_topics when there is none (the report). */
static size_t first_unanswered(const sc_set *s, const sc_answers *a, size_t from)
{
	sc_problems p;
	size_t k = sc_next_topic(s, a, from);
	while (k < s->n_topics && !sc_check_topic(s, k, a, &p))
		k = sc_next_topic(s, a, k + 1);
	return k;
}

/* Redirects to topic t's page, or the report when t is past the last. */
static sn_err go_to(req *r, reply *out, const sc_set *s, const sc_answers *a, size_t t)
{
	const char *at = check_self_address(r, s, a);
	if (!at)
		return SN_EINTERNAL;
	if (t >= s->n_topics)
		return reply_redirect(out, arena_printf(r->a, "%s/report", at));
	return reply_redirect(out, arena_printf(r->a, "%s?topic=%zu", at, t));
}

/* GET /check/self/answers/{answers}?topic=N: a topic's page (without
 * topic, the first not answered in full, or the report). */
sn_err check_self_part(req *r, reply *out)
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
	if (!*req_get(r, "topic"))
		return go_to(r, out, s, a, first_unanswered(s, a, 0));
	int64_t t = req_get_i64(r, "topic", -1);
	if (t < 0 || t >= (int64_t)s->n_topics || !sc_topic_shown(s, a, (size_t)t))
		return reply_error(r, out, web_status_of(SN_ENOTFOUND),
				   "There is no such part of the check.");
	return topic_page(r, out, 200, s, a, (size_t)t);
}

/* Puts every answer of over into base (replacing, bad ones included). */
static void overlay(sc_answers *base, const sc_answers *over)
{
	for (size_t i = 0; i < over->n; i++) {
		size_t k = 0;
		while (k < base->n && strcmp(base->items[k].question, over->items[i].question) != 0)
			k++;
		if (k == base->n && base->n == SC_MAX_QUESTIONS)
			continue;
		if (k == base->n)
			base->n++;
		base->items[k] = over->items[i];
	}
}

/* The fields named by questions are the page's own, or every answer
 * carried in hidden fields, as forms did before the answers were sealed. */
sn_err check_self_posted(req *r, reply *out, const sc_set *s, sc_answers *a, bool *done)
{
	*done = false;
	sc_answers_init(a);
	if (*req_form(r, "answers")) {
		bool expired = false;
		sn_err rc = check_state_open(r->db, s, req_form(r, "answers"), a, &expired);
		if (rc == SN_EINPUT) {
			*done = true;
			return check_self_again(r, out, expired);
		}
		if (rc)
			return rc;
	}
	sc_answers *given = arena_alloc(r->a, sizeof *given);
	sc_answers_init(given);
	if (sc_answers_from_fields(s, form_get, r, given)) {
		*done = true;
		return reply_error(r, out, web_status_of(SN_EINPUT), UNREADABLE);
	}
	overlay(a, given);
	return SN_OK;
}

/* POST /check/self: the answers given on topic "topic" and where to go
 * ("go": next, back, edit-N, report; nothing, to begin). Problems on the
 * page show it again (400); otherwise a redirect to the next page. */
sn_err check_self_step(req *r, reply *out)
{
	const sc_set *s;
	const sc_catalogue *c;
	sn_err rc = check_data_for(r, &s, &c);
	if (rc)
		return rc;
	r->errors = NULL;
	sc_answers *a = arena_alloc(r->a, sizeof *a);
	bool done;
	rc = check_self_posted(r, out, s, a, &done);
	if (rc || done)
		return rc;
	int64_t t = -1;
	const char *ts = req_form(r, "topic"), *go = req_form(r, "go");
	if (*ts && str_to_i64(ts, 0, (int64_t)s->n_topics - 1, &t))
		return reply_error(r, out, web_status_of(SN_EINPUT), UNREADABLE);
	int64_t edit = -1;
	if (str_starts(go, "edit-") &&
	    (str_to_i64(go + 5, 0, (int64_t)s->n_topics - 1, &edit) || !sc_topic_shown(s, a, (size_t)edit)))
		return reply_error(r, out, web_status_of(SN_EINPUT),
				   "There is no such part of the check.");
	if (edit >= 0)
		return go_to(r, out, s, a, (size_t)edit);
	if (t >= 0 && strcmp(go, "back") == 0) {
		for (int64_t k = t - 1; k >= 0; k--)
			if (sc_topic_shown(s, a, (size_t)k))
				return go_to(r, out, s, a, (size_t)k);
		return reply_redirect(out, "/check/self");
	}
	/* "report": straight to the results. */
	if (strcmp(go, "report") == 0)
		return go_to(r, out, s, a, s->n_topics);
	size_t next = 0;
	if (t >= 0) {
		sc_problems *p = arena_alloc(r->a, sizeof *p);
		if (sc_check_topic(s, (size_t)t, a, p)) {
			for (size_t i = 0; i < p->n; i++)
				req_add_error(r, p->items[i].key, p->items[i].message);
			return topic_page(r, out, 400, s, a, (size_t)t);
		}
		next = (size_t)t + 1;
	}
	sc_answers_prune(s, a);
	/* Topics already answered in full are skipped: after "change" on the
	 * report, going on leads back to the report. */
	return go_to(r, out, s, a, t >= 0 ? first_unanswered(s, a, next) : sc_next_topic(s, a, 0));
}

/* POST /check/self/request: "Ask for an assessment" from a report whose
 * answers travelled in hidden fields: to the form's own address. */
sn_err check_self_request(req *r, reply *out)
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
		return reply_error(r, out, web_status_of(SN_EINPUT),
				   "The answers to the check were not all sent. Start the check again.");
	const char *at = check_self_address(r, s, a);
	return at ? reply_redirect(out, arena_printf(r->a, "%s/ask", at)) : SN_EINTERNAL;
}
