/* The forms of a social prescribing case: the "what matters to me"
 * conversation (each save a new version), ONS4 and UCLA-3 at the start or
 * at follow-up (the question wording from wellbeing.h), a follow-up, and
 * closing the case. A form with a problem is shown again (422) naming the
 * fields, and nothing is stored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../mail/mail.h"
#include "../once/once.h"
#include "../plan/plan_rules.h"
#include "socialrx_int.h"

/* Opens the write transaction and reaches the case; *stop when a reply is made. */
static sn_err open_case(req *r, reply *out, sp_ctx *ctx, bool *stop)
{
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = sp_reach(r, out, ctx, stop);
	return rc;
}

/* Shows a form's page after an audited read (status 200, or 422 with errors). */
static sn_err form_page(req *r, reply *out, const sp_ctx *ctx, int status, const char *tpl, const char *title,
			json_t *v)
{
	sn_err rc = sp_audit(r, ctx, "socialrx.read");
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		json_decref(v);
		return rc;
	}
	json_object_set_new(v, "id", json_string(ctx->c.uuid));
	json_object_set_new(v, "person_name", json_string(ctx->c.person_name));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	return reply_page(out, status, tpl, arena_printf(r->a, "%s: %s", title, ctx->c.person_name), v);
}

static bool has_errors(const req *r) { return r->errors && json_array_size(r->errors) > 0; }

/* After a problem with the form: the page again, 422, nothing stored. */
static sn_err again(req *r, reply *out, const sp_ctx *ctx, const char *tpl, const char *title, json_t *v)
{
	store_rollback(r->db);
	sn_err rc = store_begin_write(r->db);
	if (rc) {
		json_decref(v);
		return rc;
	}
	return form_page(r, out, ctx, 422, tpl, title, v);
}

static sn_err closed_case(req *r, reply *out)
{
	store_rollback(r->db);
	return reply_error(r, out, 409, "This case is closed.");
}

/* ---- the conversation ---- */

static const char *const conv_fields[] = {"what_matters", "going_well", "want_to_change", "in_the_way",
					  "next_steps"};

static json_t *conversation_view(req *r)
{
	json_t *v = json_object();
	for (size_t i = 0; i < 5; i++)
		json_object_set_new(v, conv_fields[i], json_string(req_form(r, conv_fields[i])));
	sp_date_view(r, v, "held", "When was the conversation?");
	return v;
}

sn_err sp_conversation_form(req *r, reply *out)
{
	sp_ctx ctx;
	bool stop;
	sn_err rc = open_case(r, out, &ctx, &stop);
	if (rc || stop)
		return rc;
	json_t *v = conversation_view(r);
	/* start from the latest version: the conversation goes on */
	sp_conversation *cv;
	size_t n = 0;
	rc = sp_conversations(r->db, ctx.c.id, r->a, &cv, &n);
	if (!rc && n) {
		const char *vals[] = {cv[0].what_matters, cv[0].going_well, cv[0].want_to_change, cv[0].in_the_way,
				      cv[0].next_steps};
		for (size_t i = 0; i < 5; i++)
			json_object_set_new(v, conv_fields[i], json_string(vals[i]));
	}
	if (rc) {
		store_rollback(r->db);
		json_decref(v);
		return rc;
	}
	return form_page(r, out, &ctx, 200, "socialrx/conversation", "What matters to me", v);
}

/* Writes the follow-ups of the schedule, counted from the first conversation. */
static sn_err schedule_followups(req *r, const sp_ctx *ctx, const char *held)
{
	const sp_schedule *s = sp_schedule_shipped();
	sp_followup *fu;
	size_t n = 0;
	sn_err rc = s ? sp_followups(r->db, ctx->c.id, r->a, &fu, &n) : SN_EINTERNAL;
	if (rc || n)
		return rc;
	rc = sp_case_set_first(r->db, ctx->c.id, held);
	for (size_t i = 0; i < s->n && !rc; i++) {
		char due[11];
		civil_format(sp_followup_due(s, i, sp_day(held)), due);
		rc = sp_followup_add(r->db, ctx->c.id, (int64_t)i + 1, s->label[i], due);
	}
	return rc;
}

sn_err sp_conversation_save(req *r, reply *out)
{
	sp_ctx ctx;
	bool stop, done = false;
	sn_err rc = open_case(r, out, &ctx, &stop);
	if (rc || stop)
		return rc;
	if (!str_eq(ctx.c.status, "open"))
		return closed_case(r, out);
	char held[11];
	sp_conversation c = {0};
	sp_date_field(r, "held", "the date of the conversation", held);
	c.held_on = held;
	c.what_matters = sp_text_field(r, "what_matters", SP_TEXT_MAX, "What matters to them");
	c.going_well = sp_text_field(r, "going_well", SP_TEXT_MAX, "What is going well");
	c.want_to_change = sp_text_field(r, "want_to_change", SP_TEXT_MAX, "What they want to change");
	c.in_the_way = sp_text_field(r, "in_the_way", SP_TEXT_MAX, "What might get in the way");
	c.next_steps = sp_text_field(r, "next_steps", SP_TEXT_MAX, "Next steps");
	if (!*req_form(r, "what_matters"))
		req_add_error(r, "what_matters", "Write what matters to them, in their own words");
	if (has_errors(r)) {
		return again(r, out, &ctx, "socialrx/conversation", "What matters to me", conversation_view(r));
	}
	rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	char now[21];
	time_iso8601(time_now(), now);
	rc = sp_conversation_add(r->db, ctx.c.id, &c, r->user->id, now);
	if (!rc)
		rc = schedule_followups(r, &ctx, *ctx.c.first_conversation_on ? ctx.c.first_conversation_on : held);
	if (!rc)
		rc = sp_audit(r, &ctx, "socialrx.conversation");
	return once_finish(r, out, rc, arena_printf(r->a, "/social-prescribing/cases/%s?done=conversation", ctx.c.uuid));
}

/* ---- ONS4 and UCLA-3 ---- */

static json_t *measures_view(req *r)
{
	json_t *ons = json_array(), *ucla = json_array();
	for (int i = 0; i < ONS4_N; i++) {
		const char *name = arena_printf(r->a, "ons4_%s", wb_ons4_key(i));
		json_t *opts = json_array();
		for (int v = 0; v <= 10; v++)
			json_array_append_new(opts, json_pack("{sssssisb}", "id", v ? arena_printf(r->a, "%s-%d", name, v)
				: name, "value", arena_printf(r->a, "%d", v), "label", v, "checked",
				str_eq(req_form(r, name), arena_printf(r->a, "%d", v))));
		json_array_append_new(ons, json_pack("{sssssosb}", "name", name, "question", wb_ons4_question(i),
			"options", opts, "anxious", i == ONS4_ANXIOUS));
	}
	for (int i = 0; i < UCLA3_N; i++) {
		const char *name = arena_printf(r->a, "ucla3_%s", wb_ucla3_key(i));
		json_t *opts = json_array();
		for (int v = 1; v <= 3; v++)
			json_array_append_new(opts, json_pack("{sssssssb}", "id", v > 1 ? arena_printf(r->a, "%s-%d",
				name, v) : name, "value", arena_printf(r->a, "%d", v), "label", wb_ucla3_answer(v),
				"checked", str_eq(req_form(r, name), arena_printf(r->a, "%d", v))));
		json_array_append_new(ucla, json_pack("{ssssso}", "name", name, "question", wb_ucla3_question(i),
			"options", opts));
	}
	const char *stage = req_form(r, "stage");
	json_t *v = json_pack("{sosososbsbsb}", "ons4", ons, "ucla3", ucla, "stages", json_array(), "start",
			      str_eq(stage, "start"), "followup", str_eq(stage, "followup"), "consent",
			      str_eq(req_form(r, "consent"), "yes"));
	sp_date_view(r, v, "taken", "When were the questions asked?");
	return v;
}

sn_err sp_measures_form(req *r, reply *out)
{
	sp_ctx ctx;
	bool stop;
	sn_err rc = open_case(r, out, &ctx, &stop);
	return rc || stop ? rc : form_page(r, out, &ctx, 200, "socialrx/measures", "Wellbeing", measures_view(r));
}

/* The answers as typed; errors named by field. */
static void read_answers(req *r, wb_answers *w, bool *any_ons, bool *any_ucla)
{
	wb_clear(w);
	*any_ons = *any_ucla = false;
	for (int i = 0; i < ONS4_N; i++) {
		const char *name = arena_printf(r->a, "ons4_%s", wb_ons4_key(i)), *v = req_form(r, name);
		int64_t n;
		if (*v && str_to_i64(v, 0, 10, &n))
			req_add_error(r, name, "Choose an answer from 0 to 10, or leave it blank");
		else if (*v)
			w->ons4[i] = (int)n, *any_ons = true;
	}
	for (int i = 0; i < UCLA3_N; i++) {
		const char *name = arena_printf(r->a, "ucla3_%s", wb_ucla3_key(i)), *v = req_form(r, name);
		int64_t n;
		if (*v && str_to_i64(v, 1, 3, &n))
			req_add_error(r, name, "Choose hardly ever, some of the time or often, or leave it blank");
		else if (*v)
			w->ucla3[i] = (int)n, *any_ucla = true;
	}
}

/* One instrument's part of the answers, as the wellbeing module writes it. */
static const char *part_json(const wb_answers *w, bool ons)
{
	wb_answers p;
	wb_clear(&p);
	if (ons)
		memcpy(p.ons4, w->ons4, sizeof p.ons4);
	else
		memcpy(p.ucla3, w->ucla3, sizeof p.ucla3);
	json_t *j = wb_to_json(&p);
	char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	return text;
}

sn_err sp_measures_save(req *r, reply *out)
{
	sp_ctx ctx;
	bool stop, done = false, any_ons, any_ucla;
	sn_err rc = open_case(r, out, &ctx, &stop);
	if (rc || stop)
		return rc;
	if (!str_eq(ctx.c.status, "open"))
		return closed_case(r, out);
	const char *stage = req_form(r, "stage");
	if (!str_eq(stage, "start") && !str_eq(stage, "followup"))
		req_add_error(r, "stage", "Choose whether these are the answers at the start or at a follow-up");
	char taken[11];
	sp_date_field(r, "taken", "the date the questions were asked", taken);
	wb_answers w;
	read_answers(r, &w, &any_ons, &any_ucla);
	if (!has_errors(r) && !any_ons && !any_ucla)
		req_add_error(r, arena_printf(r->a, "ons4_%s", wb_ons4_key(0)), "Answer at least one question");
	if (!str_eq(req_form(r, "consent"), "yes"))
		req_add_error(r, "consent", "Tick that the person agreed to answer the wellbeing questions");
	if (has_errors(r))
		return again(r, out, &ctx, "socialrx/measures", "Wellbeing", measures_view(r));
	rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	char now[21];
	time_iso8601(time_now(), now);
	for (int k = 0; k < 2 && !rc; k++) {
		if (!(k ? any_ucla : any_ons))
			continue;
		char *text = (char *)part_json(&w, k == 0);
		sp_measure m = {k ? "ucla3" : "ons4", stage, taken, text ? text : "{}", ""};
		rc = sp_measure_add(r->db, ctx.c.id, &m, r->user->id, now);
		free(text);
	}
	if (!rc)
		rc = sp_audit(r, &ctx, "socialrx.measures");
	return once_finish(r, out, rc, arena_printf(r->a, "/social-prescribing/cases/%s?done=measures", ctx.c.uuid));
}

/* ---- a follow-up ---- */

static const char *const outcome_codes[] = {"going", "stopped", "not_started", "no_contact"};
static const char *const outcome_words[] = {"Going to the activity", "Stopped going", "Has not started yet",
					    "Could not reach them"};

static json_t *followup_view(req *r, const sp_followup *next)
{
	json_t *opts = json_array();
	for (int i = 0; i < 4; i++)
		json_array_append_new(opts, json_pack("{sssssssb}", "id", i ? arena_printf(r->a, "outcome-%d", i)
			: "outcome", "value", outcome_codes[i], "label", outcome_words[i], "checked",
			str_eq(req_form(r, "outcome"), outcome_codes[i])));
	json_t *v = json_pack("{sosssssb}", "outcomes", opts, "note", req_form(r, "note"), "label",
			      next ? next->label : "", "has_next", next != NULL);
	if (next)
		json_object_set_new(v, "due_on", json_string(time_uk_day(r->a, next->due_on)));
	sp_date_view(r, v, "done", "When was the follow-up?");
	return v;
}

/* The first follow-up not yet done, or NULL. */
static sn_err next_followup(req *r, const sp_ctx *ctx, sp_followup **next)
{
	sp_followup *fu;
	size_t n = 0;
	*next = NULL;
	sn_err rc = sp_followups(r->db, ctx->c.id, r->a, &fu, &n);
	for (size_t i = 0; i < n && !rc && !*next; i++)
		if (!*fu[i].done_on)
			*next = &fu[i];
	return rc;
}

sn_err sp_followup_form(req *r, reply *out)
{
	sp_ctx ctx;
	sp_followup *next;
	bool stop;
	sn_err rc = open_case(r, out, &ctx, &stop);
	if (rc || stop)
		return rc;
	if ((rc = next_followup(r, &ctx, &next))) {
		store_rollback(r->db);
		return rc;
	}
	return form_page(r, out, &ctx, 200, "socialrx/followup", "Follow-up", followup_view(r, next));
}

sn_err sp_followup_save(req *r, reply *out)
{
	sp_ctx ctx;
	sp_followup *next;
	bool stop, done = false;
	sn_err rc = open_case(r, out, &ctx, &stop);
	if (rc || stop)
		return rc;
	if (!str_eq(ctx.c.status, "open"))
		return closed_case(r, out);
	if ((rc = next_followup(r, &ctx, &next))) {
		store_rollback(r->db);
		return rc;
	}
	if (!next) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "There is no follow-up waiting on this case. Record the "
				   "\"what matters to me\" conversation first.");
	}
	char on[11];
	sp_date_field(r, "done", "the date of the follow-up", on);
	const char *outcome = req_form(r, "outcome");
	bool known = false;
	for (int i = 0; i < 4; i++)
		known |= str_eq(outcome, outcome_codes[i]);
	if (!known)
		req_add_error(r, "outcome", "Choose how the person is getting on with the activity");
	const char *note = sp_text_field(r, "note", SP_TEXT_MAX, "The note");
	if (has_errors(r))
		return again(r, out, &ctx, "socialrx/followup", "Follow-up", followup_view(r, next));
	rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = sp_followup_done(r->db, next->id, on, outcome, note, r->user->id);
	if (!rc)
		rc = sp_audit(r, &ctx, "socialrx.followup");
	return once_finish(r, out, rc, arena_printf(r->a, "/social-prescribing/cases/%s?done=followup", ctx.c.uuid));
}

/* ---- closing the case ---- */

static const char *const close_codes[] = {"goals_met", "declined", "moved", "no_contact", "other"};
static const char *const close_words[] = {"What mattered to them is in place",
	"They no longer want the support", "They moved away", "We lost contact", "Another reason"};

static json_t *close_view(req *r, const sp_ctx *ctx)
{
	json_t *opts = json_array();
	for (int i = 0; i < 5; i++)
		json_array_append_new(opts, json_pack("{sssssssb}", "id", i ? arena_printf(r->a, "reason-%d", i)
			: "reason", "value", close_codes[i], "label", close_words[i], "checked",
			str_eq(req_form(r, "reason"), close_codes[i])));
	return json_pack("{sosssssb}", "reasons", opts, "note", req_form(r, "note"), "message", req_form(r, "message"),
			 "from_referral", ctx->c.gp_referral_id != 0);
}

/* Tells whoever sent the case's GP referral that there is news, in an
 * email with no personal details (it may be read on a shared screen): the
 * news itself is on /social-prescribing/sent, behind their sign-in. */
static sn_err tell_referrer(req *r, int64_t gp_referral_id)
{
	const char *to = "";
	sn_err rc = sp_gp_referrer_email(r->db, gp_referral_id, r->a, &to);
	if (rc || !*to || !mail_addr_ok(to))
		return rc;
	char domain[256], err[200];
	bool queued = false;
	const char *base = web_base_url();
	mail_domain_of(base, domain);
	rc = mail_queue(r->db, arena_printf(r->a, "sp-closed:%lld", (long long)gp_referral_id), "socialrx", to,
			"A referral you sent to social prescribing has been closed",
			arena_printf(r->a, "A link worker has closed the social prescribing case that came from a "
				     "referral you sent, and may have left you a message.\n\nSign in to read it: "
				     "%s/social-prescribing/sent\n", base),
			domain, &queued, err, sizeof err);
	return rc == SN_EINPUT || rc == SN_ETOOBIG ? SN_OK : rc; /* a bad address tells no one */
}

sn_err sp_close_form(req *r, reply *out)
{
	sp_ctx ctx;
	bool stop;
	sn_err rc = open_case(r, out, &ctx, &stop);
	return rc || stop ? rc : form_page(r, out, &ctx, 200, "socialrx/close", "Close the case", close_view(r, &ctx));
}

sn_err sp_close_save(req *r, reply *out)
{
	sp_ctx ctx;
	bool stop;
	sn_err rc = open_case(r, out, &ctx, &stop);
	if (rc || stop)
		return rc;
	const char *reason = req_form(r, "reason"), *words = NULL;
	for (int i = 0; i < 5; i++)
		if (str_eq(reason, close_codes[i]))
			words = close_words[i];
	if (!words)
		req_add_error(r, "reason", "Choose why the case is closing");
	const char *note = sp_text_field(r, "note", SP_TEXT_MAX, "The note");
	const char *message = ctx.c.gp_referral_id ? sp_text_field(r, "message", SP_MESSAGE_MAX,
								  "The message for the referrer") : "";
	if (has_errors(r))
		return again(r, out, &ctx, "socialrx/close", "Close the case", close_view(r, &ctx));
	char now[21];
	time_iso8601(time_now(), now);
	rc = sp_case_close(r->db, ctx.c.id, words, note, message, now);
	if (rc == SN_ECONFLICT) /* closed already (sent twice): where it would have led */
		return store_rollback(r->db), reply_redirect(out, "/social-prescribing?done=closed");
	if (!rc)
		rc = sp_audit(r, &ctx, "socialrx.case.close");
	if (!rc && ctx.c.gp_referral_id)
		rc = tell_referrer(r, ctx.c.gp_referral_id);
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	return reply_redirect(out, "/social-prescribing?done=closed");
}
