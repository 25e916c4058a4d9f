/* Reviews of the plan in force: the due dates from the rules (a light-touch
 * review 6 to 8 weeks after sign-off, a direct payment's first review
 * within 6 months, then at least every 12 months; earlier on a trigger),
 * the review form (what changed, the goals scored, the person's own view,
 * and the wellbeing questions when the person agrees), a review read back,
 * a worker's queue and the reviewing team's targeted list. Reached through
 * the plan (plan_gate.c); audited as "review.read", "review.create",
 * "review.trigger" on the person. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../dp/dp.h"
#include "../once/once.h"
#include "../wellbeing/wellbeing.h"
#include "plan_int.h"
#include "plan_rules.h"

#define REVIEW_TEXT_MAX 4000

static const char *kind_label(const char *k)
{
	return str_eq(k, "light_touch") ? "Light-touch review"
	       : str_eq(k, "direct_payment") ? "Direct payment review"
	       : str_eq(k, "annual") ? "Annual review"
	       : str_eq(k, "triggered") ? "Review brought forward" : k;
}

static const char *day_text(req *r, int64_t days)
{
	char iso[11];
	civil_format(days, iso);
	return time_uk_day(r->a, iso);
}

static bool has_direct_payment(const plan_doc *d)
{
	for (size_t i = 0; i < d->n_lines; i++)
		if (d->lines[i].deploy == DEPLOY_DIRECT_PAYMENT)
			return true;
	return false;
}

/* The rules' case for the plan in ctx: its sign-off, its reviews and
 * triggers, today. false when the plan is not signed off. */
static bool due_case(req *r, const plan_row *p, const plan_doc *d, review_case *c,
		     plan_review **rv, size_t *n_rv, plan_trigger **tr, size_t *n_tr)
{
	memset(c, 0, sizeof *c);
	*n_rv = *n_tr = 0;
	if (!*p->signed_off_on || civil_parse(p->signed_off_on, &c->signed_off))
		return false;
	c->direct_payment = has_direct_payment(d);
	c->today = civil_of_time(time_now());
	plan_review *all;
	size_t n = 0;
	review_list_for_person(r->db, p->person_id, r->a, &all, &n); /* a failure: none */
	*rv = all;
	for (size_t i = 0; i < n && c->n_reviews < REVIEWS_MAX; i++) {
		int64_t day;
		if (all[i].plan_id == p->id && !civil_parse(all[i].held_on, &day))
			c->reviews[c->n_reviews++] = day;
	}
	*n_rv = n;
	review_triggers(r->db, p->id, r->a, tr, n_tr);
	for (size_t i = 0; i < *n_tr && c->n_triggers < REVIEW_TRIGGERS_MAX; i++) {
		review_trigger t;
		if (!civil_parse((*tr)[i].raised_on, &t.raised_on) &&
		    !civil_parse((*tr)[i].due_on, &t.due_on) && t.raised_on <= t.due_on)
			c->triggers[c->n_triggers++] = t;
	}
	return true;
}

static const char *overdue_words(review_due k)
{
	return k == DUE_LIGHT_TOUCH ? "the light-touch review"
	       : k == DUE_DIRECT_PAYMENT ? "the direct payment's first review"
	       : k == DUE_ANNUAL ? "the annual review" : "a review brought forward";
}

json_t *plan_reviews_view(req *r, const plan_ctx *ctx, const plan_doc *d)
{
	review_case *c = arena_alloc(r->a, sizeof *c);
	review_result *res = arena_alloc(r->a, sizeof *res);
	plan_review *rv;
	plan_trigger *tr;
	size_t n_rv, n_tr;
	if (!due_case(r, &ctx->p, d, c, &rv, &n_rv, &tr, &n_tr))
		return json_null();
	review_due_dates(c, res);
	char iso[11];
	json_t *v = json_object(), *list = json_array(), *over = json_array(), *trig = json_array();
	json_object_set_new(v, "light_touch", json_pack("{ssss}", "from",
		day_text(r, res->light_touch_from), "by", day_text(r, res->light_touch_by)));
	if (res->dp_by >= 0)
		json_object_set_new(v, "direct_payment_by", json_string(day_text(r, res->dp_by)));
	json_object_set_new(v, "next_review_by", json_string(day_text(r, res->next_review_by)));
	civil_format(res->next_review_by, iso);
	json_object_set_new(v, "next_review_on", json_string(iso));
	bool triggered = false;
	for (size_t i = 0; i < res->n_overdue; i++) {
		if (res->overdue[i] == DUE_TRIGGERED && triggered)
			continue;
		triggered = triggered || res->overdue[i] == DUE_TRIGGERED;
		json_array_append_new(over, json_pack("{ssss}", "key", review_due_key(res->overdue[i]),
			"words", overdue_words(res->overdue[i])));
	}
	bool wellbeing = ctx->basis == ACCESS_SELF || ctx->basis == ACCESS_WORKER ||
			 ctx->basis == ACCESS_BREAK_GLASS;
	for (size_t i = 0; i < n_rv; i++)
		json_array_append_new(list, json_pack("{sssssssssssbss}", "id", rv[i].uuid, "held_on",
			rv[i].held_on, "held", time_uk_day(r->a, rv[i].held_on), "kind", rv[i].kind,
			"kind_label", kind_label(rv[i].kind), "has_t", rv[i].has_t, "t_score",
			rv[i].has_t ? arena_printf(r->a, "%lld.%02lld", (long long)(rv[i].t_centi / 100),
				(long long)((rv[i].t_centi < 0 ? -rv[i].t_centi : rv[i].t_centi) % 100)) : ""));
	for (size_t i = 0; i < n_tr; i++)
		json_array_append_new(trig, json_pack("{ssssss}", "reason", tr[i].reason, "due",
			time_uk_day(r->a, tr[i].due_on), "by", tr[i].raised_by));
	json_object_set_new(v, "overdue", over);
	json_object_set_new(v, "any_overdue", json_boolean(json_array_size(over) > 0));
	json_object_set_new(v, "has_held", json_boolean(json_array_size(list) > 0));
	json_object_set_new(v, "held", list);
	json_object_set_new(v, "triggers", trig);
	json_object_set_new(v, "can_record", json_boolean(ctx->can_review));
	json_object_set_new(v, "show_wellbeing", json_boolean(wellbeing));
	return v;
}

/* ---- the review form ---- */

/* A date typed in three fields; SN_EINPUT when it is not a real date. */
static sn_err date_of(req *r, const char *prefix, int64_t *days)
{
	int64_t d, m, y;
	if (str_to_i64(req_form(r, arena_printf(r->a, "%s_day", prefix)), 1, 31, &d) ||
	    str_to_i64(req_form(r, arena_printf(r->a, "%s_month", prefix)), 1, 12, &m) ||
	    str_to_i64(req_form(r, arena_printf(r->a, "%s_year", prefix)), 1900, 9000, &y) ||
	    d > civil_days_in_month(y, (int)m))
		return SN_EINPUT;
	*days = civil_days(y, (int)m, (int)d);
	return SN_OK;
}

typedef struct {
	plan_ctx ctx;
	plan_doc doc;
	plan_version ver;
} review_state;

static sn_err form_page(req *r, reply *out, int status, review_state *s)
{
	json_t *goals = json_array();
	for (size_t i = 0; i < s->doc.n_outcomes; i++) {
		const plan_outcome *o = &s->doc.outcomes[i];
		if (!o->has_goal)
			continue;
		const char *name = arena_printf(r->a, "score_%s", o->id), *typed = req_form(r, name);
		json_t *levels = json_array();
		for (int k = 0; k < 5; k++) {
			const char *val = arena_printf(r->a, "%d", k - 2);
			json_array_append_new(levels, json_pack("{sssssssb}", "id",
				k ? arena_printf(r->a, "%s-%d", name, k) : name, "value", val, "label",
				arena_printf(r->a, "%s%d: %s", k > 2 ? "+" : "", k - 2,
					     *o->levels[k] ? o->levels[k] : "(not described)"),
				"checked", str_eq(typed, val)));
		}
		json_array_append_new(goals, json_pack("{sssssIso}", "name", name, "words", o->words,
			"weight", (json_int_t)o->weight, "levels", levels));
	}
	json_t *ons = json_array(), *ucla = json_array(), *lonely = json_array();
	for (int i = 0; i < ONS4_N; i++)
		json_array_append_new(ons, json_pack("{ssssss}", "name",
			arena_printf(r->a, "ons4_%s", wb_ons4_key(i)), "question", wb_ons4_question(i),
			"value", req_form(r, arena_printf(r->a, "ons4_%s", wb_ons4_key(i)))));
	for (int i = 0; i < UCLA3_N; i++) {
		const char *name = arena_printf(r->a, "ucla3_%s", wb_ucla3_key(i));
		json_t *opts = json_array();
		for (int v = 1; v <= 3; v++)
			json_array_append_new(opts, json_pack("{sssssssb}", "id",
				v > 1 ? arena_printf(r->a, "%s-%d", name, v) : name, "value",
				arena_printf(r->a, "%d", v), "label", wb_ucla3_answer(v), "checked",
				str_eq(req_form(r, name), arena_printf(r->a, "%d", v))));
		json_array_append_new(ucla, json_pack("{ssssso}", "name", name, "question",
			wb_ucla3_question(i), "options", opts));
	}
	for (int v = 0; v < LONELY_ANSWERS; v++)
		json_array_append_new(lonely, json_pack("{sssssssb}", "id",
			v ? arena_printf(r->a, "lonely-%d", v) : "lonely", "value", wb_lonely_key(v),
			"label", wb_lonely_answer(v), "checked", str_eq(req_form(r, "lonely"), wb_lonely_key(v))));
	json_t *v = json_pack("{sssssosososo}", "plan_id", s->ctx.p.uuid, "person_name",
		s->ctx.p.person_name, "goals", goals, "ons4", ons, "ucla3", ucla, "lonely", lonely);
	static const char *const kinds[] = {"light_touch", "direct_payment", "annual", "triggered"};
	json_t *kinds_v = json_array();
	for (int k = 0; k < 4; k++)
		json_array_append_new(kinds_v, json_pack("{sssssssb}", "id", k ? arena_printf(r->a, "kind-%d", k) : "kind",
			"value", kinds[k], "label", kind_label(kinds[k]), "checked", str_eq(req_form(r, "kind"), kinds[k])));
	json_object_set_new(v, "kinds", kinds_v);
	json_object_set_new(v, "has_goals", json_boolean(json_array_size(goals) > 0));
	for (const char *const *f = (const char *const[]){"held_day", "held_month", "held_year",
			"what_changed", "person_view", NULL}; *f; f++)
		json_object_set_new(v, *f, json_string(req_form(r, *f)));
	json_object_set_new(v, "consent", json_boolean(str_eq(req_form(r, "consent"), "yes")));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	return reply_page(out, status, "plan/review-new",
			  arena_printf(r->a, "Review of %s's support plan", s->ctx.p.person_name), v);
}

static sn_err load(req *r, reply *out, review_state *s, bool *stop)
{
	bool denied;
	*stop = false;
	sn_err rc = plan_reach(r, out, NEED_REVIEW, &s->ctx, &denied);
	if (rc || denied) {
		*stop = true;
		return rc;
	}
	return plan_load_doc(r, &s->ctx.p, 0, &s->doc, &s->ver);
}

sn_err review_new_form(req *r, reply *out)
{
	review_state *s = arena_alloc(r->a, sizeof *s);
	bool stop;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = load(r, out, s, &stop);
	if (rc || stop)
		return rc ? rc : store_commit(r->db);
	rc = plan_audit(r, &s->ctx, "plan.read");
	if (!rc)
		rc = store_commit(r->db);
	return rc ? rc : form_page(r, out, 200, s);
}

/* The goals' scores as typed: [{outcome, words, weight, score}] and the
 * T-score of those scored. */
static json_t *read_scores(req *r, const plan_doc *d, bool *has_t, int64_t *t_centi)
{
	json_t *a = json_array();
	gas_case *g = arena_alloc(r->a, sizeof *g);
	g->rho = GAS_RHO_DEFAULT;
	for (size_t i = 0; i < d->n_outcomes; i++) {
		const plan_outcome *o = &d->outcomes[i];
		if (!o->has_goal)
			continue;
		const char *name = arena_printf(r->a, "score_%s", o->id), *v = req_form(r, name);
		int64_t score;
		if (!*v)
			continue;
		if (str_to_i64(v, -2, 2, &score)) {
			req_add_error(r, name, "Choose a score from -2 to +2, or leave the goal unscored");
			continue;
		}
		json_array_append_new(a, json_pack("{sssssIsI}", "outcome", o->id, "words", o->words,
			"weight", (json_int_t)o->weight, "score", (json_int_t)score));
		g->goals[g->n++] = (gas_goal){(double)o->weight, (int)score};
	}
	gas_result res;
	char err[200];
	*has_t = g->n > 0 && !gas_compute(g, &res, err, sizeof err);
	*t_centi = *has_t ? res.t_centi : 0;
	return a;
}

/* The wellbeing answers as typed (only with the person's consent). */
static void read_wellbeing(req *r, bool consent, wb_answers *w)
{
	wb_clear(w);
	bool any = false;
	for (int i = 0; i < ONS4_N; i++) {
		const char *name = arena_printf(r->a, "ons4_%s", wb_ons4_key(i)), *v = req_form(r, name);
		int64_t n;
		any = any || *v;
		if (*v && str_to_i64(v, 0, 10, &n))
			req_add_error(r, name, "Choose an answer from 0 to 10, or leave it blank");
		else if (*v)
			w->ons4[i] = (int)n;
	}
	for (int i = 0; i < UCLA3_N; i++) {
		const char *name = arena_printf(r->a, "ucla3_%s", wb_ucla3_key(i)), *v = req_form(r, name);
		int64_t n;
		any = any || *v;
		if (*v && str_to_i64(v, 1, 3, &n))
			req_add_error(r, name, "Choose hardly ever, some of the time or often");
		else if (*v)
			w->ucla3[i] = (int)n;
	}
	const char *l = req_form(r, "lonely");
	any = any || *l;
	for (int v = 0; v < LONELY_ANSWERS; v++)
		if (str_eq(l, wb_lonely_key(v)))
			w->lonely = v;
	if (*l && w->lonely < 0)
		req_add_error(r, "lonely", "Choose how often they feel lonely, or leave it blank");
	if (any && !consent)
		req_add_error(r, "consent", "Tick that the person agreed to answer the wellbeing questions, or leave them blank");
}

static void check_texts(req *r)
{
	static const char *const f[] = {"what_changed", "person_view"};
	for (int i = 0; i < 2; i++) {
		const char *v = req_form(r, f[i]);
		size_t n = 0;
		for (const char *p = v; *p; p++)
			n += ((unsigned char)*p & 0xC0) != 0x80;
		if (n > REVIEW_TEXT_MAX)
			req_add_error(r, f[i], "Write 4000 characters or fewer");
	}
	if (!*req_form(r, "what_changed"))
		req_add_error(r, "what_changed", "Say what has changed since the plan started, or the last review");
}

sn_err review_create(req *r, reply *out)
{
	review_state *s = arena_alloc(r->a, sizeof *s);
	bool stop, done;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = load(r, out, s, &stop);
	if (rc || stop)
		return rc ? rc : store_commit(r->db);
	int64_t held, signed_off = 0, today = civil_of_time(time_now());
	civil_parse(s->ctx.p.signed_off_on, &signed_off);
	if (date_of(r, "held", &held))
		req_add_error(r, "held_day", "Enter the date of the review, like 27 3 2026");
	else if (held > today)
		req_add_error(r, "held_day", "The date of the review must be today or in the past");
	else if (held < signed_off)
		req_add_error(r, "held_day", "The review must be on or after the day the plan was signed off");
	const char *kind = req_form(r, "kind");
	if (!str_eq(kind, "light_touch") && !str_eq(kind, "direct_payment") &&
	    !str_eq(kind, "annual") && !str_eq(kind, "triggered"))
		req_add_error(r, "kind", "Choose which review this is");
	check_texts(r);
	bool has_t, consent = str_eq(req_form(r, "consent"), "yes");
	int64_t t_centi;
	json_t *scores = read_scores(r, &s->doc, &has_t, &t_centi);
	wb_answers w;
	read_wellbeing(r, consent, &w);
	if (r->errors) {
		json_decref(scores);
		rc = plan_audit(r, &s->ctx, "plan.read");
		if (!rc)
			rc = store_commit(r->db);
		return rc ? rc : form_page(r, out, 400, s);
	}
	char *outcomes = json_dumps(scores, JSON_COMPACT);
	json_t *wj = consent ? wb_to_json(&w) : json_object();
	char *wtext = json_dumps(wj, JSON_COMPACT);
	char held_iso[11], now[21], uuid[37];
	civil_format(held, held_iso);
	time_iso8601(time_now(), now);
	rc = review_insert(r->db, s->ctx.p.id, s->ctx.p.person_id, held_iso, kind,
			   req_form(r, "what_changed"), req_form(r, "person_view"), outcomes, has_t,
			   t_centi, consent, wtext, r->user->id, now, uuid);
	free(outcomes);
	free(wtext);
	json_decref(wj);
	json_decref(scores);
	if (!rc)
		rc = plan_audit(r, &s->ctx, "review.create");
	return once_finish(r, out, rc, arena_printf(r->a, "/reviews/%s", uuid));
}

sn_err review_bring_forward(req *r, reply *out)
{
	review_state *s = arena_alloc(r->a, sizeof *s);
	bool stop, done;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = load(r, out, s, &stop);
	if (rc || stop)
		return rc ? rc : store_commit(r->db);
	int64_t due, today = civil_of_time(time_now());
	const char *reason = req_form(r, "reason");
	if (strlen(reason) < 10 || strlen(reason) > 500)
		req_add_error(r, "reason", "Say what happened that brings the review forward (10 to 500 characters)");
	if (date_of(r, "due", &due))
		req_add_error(r, "due_day", "Enter the date the review is needed by, like 27 3 2026");
	else if (due < today)
		req_add_error(r, "due_day", "The date the review is needed by must be today or later");
	if (r->errors) {
		store_rollback(r->db);
		json_t *v = json_pack("{ssss}", "plan_id", s->ctx.p.uuid, "reason", reason);
		return reply_page(out, 400, "plan/review-trigger", "Bring the review forward", v);
	}
	char due_iso[11], now[21];
	civil_format(due, due_iso);
	time_iso8601(time_now(), now);
	rc = review_trigger_add(r->db, s->ctx.p.id, reason, due_iso, r->user->id, now);
	if (!rc)
		rc = plan_audit(r, &s->ctx, "review.trigger");
	return once_finish(r, out, rc, arena_printf(r->a, "/plans/%s#reviews", s->ctx.p.uuid));
}

/* ---- the queues ---- */

/* What is due next for a plan (the earliest due date not yet met and not
 * yet past) and what is overdue, in words. */
static json_t *due_row(req *r, const plan_row *p, int64_t *sort_key, bool *overdue)
{
	plan_doc *d = arena_alloc(r->a, sizeof *d);
	plan_version ver;
	review_case *c = arena_alloc(r->a, sizeof *c);
	review_result *res = arena_alloc(r->a, sizeof *res);
	plan_review *rv;
	plan_trigger *tr;
	size_t n_rv, n_tr;
	if (plan_load_doc(r, p, 0, d, &ver) || !due_case(r, p, d, c, &rv, &n_rv, &tr, &n_tr))
		return NULL;
	review_due_dates(c, res);
	const char *what;
	int64_t next = review_next_due(c, res, &what);
	json_t *over = json_array();
	bool triggered = false;
	for (size_t i = 0; i < res->n_overdue; i++) {
		if (res->overdue[i] == DUE_TRIGGERED && triggered)
			continue;
		triggered = triggered || res->overdue[i] == DUE_TRIGGERED;
		json_array_append_new(over, json_string(overdue_words(res->overdue[i])));
	}
	*overdue = res->n_overdue > 0;
	*sort_key = (*overdue ? 0 : 100000000) + next;
	char iso[11];
	civil_format(next, iso);
	buf b;
	buf_init(&b, 1024);
	size_t i;
	json_t *w;
	json_array_foreach(over, i, w)
		buf_printf(&b, "%s%s", i ? (i + 1 == json_array_size(over) ? " and " : ", ") : "",
			   json_string_value(w));
	const char *over_text = arena_strdup(r->a, b.data ? b.data : "");
	buf_free(&b);
	return json_pack("{sssssssssssosbsIss}", "plan_id", p->uuid, "person_id", p->person_uuid,
		"person", p->person_name, "next", day_text(r, next), "next_what", what, "overdue",
		over, "is_overdue", *overdue, "next_on", (json_int_t)next, "overdue_text", over_text);
}

static int by_key(const void *a, const void *b)
{
	int64_t x = json_integer_value(json_object_get(*(json_t *const *)a, "sort"));
	int64_t y = json_integer_value(json_object_get(*(json_t *const *)b, "sort"));
	return x < y ? -1 : x > y;
}

/* The rows of plans, sorted: overdue first, then by the next due date. */
static json_t *queue_rows(req *r, const plan_row *rows, size_t n, size_t *n_overdue)
{
	json_t **v = arena_alloc(r->a, (n + 1) * sizeof *v);
	size_t k = 0;
	*n_overdue = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t key;
		bool over;
		json_t *row = due_row(r, &rows[i], &key, &over);
		if (!row)
			continue;
		json_object_set_new(row, "sort", json_integer(key));
		v[k++] = row;
		*n_overdue += over;
	}
	qsort(v, k, sizeof *v, by_key);
	json_t *a = json_array();
	for (size_t i = 0; i < k; i++) {
		json_object_del(v[i], "sort");
		json_array_append_new(a, v[i]);
	}
	return a;
}

sn_err review_queue(req *r, reply *out)
{
	plan_row *rows;
	size_t n, n_overdue;
	sn_err rc = plan_list_in_force(r->db, r->user->id, r->a, &rows, &n);
	if (rc)
		return rc;
	json_t *list = queue_rows(r, rows, n, &n_overdue);
	json_t *v = json_pack("{sosIsIsbss}", "plans", list, "count", (json_int_t)json_array_size(list),
		"overdue", (json_int_t)n_overdue, "empty", json_array_size(list) == 0, "overdue_text",
		text_count(r->a, (int64_t)n_overdue, "plan with a review overdue", "plans with a review overdue"));
	return reply_page(out, 200, "plan/reviews", "Reviews due", v);
}

/* The underspend alert of the person's open direct-payment accounts
 * (dp_alerts: more than the account's share of the payments in left
 * unspent over its period), as the money left; 0 when none. */
static int64_t underspend_of(req *r, const plan_row *p)
{
	dp_account *acc;
	size_t n = 0;
	int64_t left = 0;
	char today[11];
	civil_format(civil_of_time(time_now()), today);
	plan_doc *d = arena_alloc(r->a, sizeof *d);
	plan_version ver;
	int64_t weekly = 0;
	if (!plan_load_doc(r, p, 0, d, &ver))
		for (size_t i = 0; i < d->n_lines; i++)
			if (d->lines[i].deploy == DEPLOY_DIRECT_PAYMENT)
				weekly += d->lines[i].weekly_pence;
	if (dp_accounts_of_person(r->db, p->person_id, r->a, &acc, &n))
		return 0;
	for (size_t i = 0; i < n; i++) {
		dp_entry *e;
		dp_alert *al;
		size_t ne = 0, na = 0;
		dp_settings set = acc[i].settings;
		set.planned_weekly_pence = weekly;
		if (*acc[i].closed_on || dp_entries(r->db, acc[i].id, r->a, &e, &ne) ||
		    dp_alerts(e, ne, &set, NULL, 0, today, r->a, &al, &na))
			continue;
		for (size_t k = 0; k < na; k++)
			if (al[k].kind == DP_ALERT_UNDERSPEND)
				left += al[k].amount_pence;
	}
	return left;
}

/* The reviewing team's list: plans in force with no review for 12 months,
 * costing at least ?cost= pounds a week (default £500), or with a large
 * direct-payment underspend. Each person listed is an audited read on the
 * approval basis. */
sn_err review_targeted(req *r, reply *out)
{
	int64_t limit = 0, cost = 50000;
	bool has = false;
	sn_err rc = plan_approval_limit(r->db, r->user->id, &limit, &has);
	if (rc)
		return rc;
	if (!has)
		return reply_error(r, out, 403, "The targeted review list is for the reviewing team: workers with an approval limit.");
	const char *c = req_get(r, "cost");
	if (*c && money_parse_pounds(c, PLAN_WEEKLY_MAX_PENCE, &cost))
		return reply_error(r, out, 400, "Give the weekly cost in pounds, like 500.");
	plan_row *rows;
	size_t n;
	rc = plan_list_in_force(r->db, 0, r->a, &rows, &n);
	if (rc)
		return rc;
	int64_t today = civil_of_time(time_now());
	json_t *list = json_array();
	rc = store_begin_write(r->db);
	for (size_t i = 0; i < n && !rc && json_array_size(list) < 200; i++) {
		plan_review *rv;
		size_t n_rv = 0;
		int64_t latest = 0, day;
		civil_parse(rows[i].signed_off_on, &latest);
		review_list_for_person(r->db, rows[i].person_id, r->a, &rv, &n_rv);
		for (size_t k = 0; k < n_rv; k++)
			if (rv[k].plan_id == rows[i].id && !civil_parse(rv[k].held_on, &day) && day > latest)
				latest = day;
		bool stale = civil_add_months(latest, 12) < today;
		bool dear = rows[i].budget_pence >= cost;
		int64_t left = underspend_of(r, &rows[i]);
		if (!stale && !dear && !left)
			continue;
		json_array_append_new(list, json_pack("{sssssssssssbsbss}", "plan_id", rows[i].uuid,
			"person", rows[i].person_name, "cost", money_pence_text(r->a, rows[i].budget_pence),
			"latest", day_text(r, latest), "signed_off", time_uk_day(r->a, rows[i].signed_off_on),
			"stale", stale, "dear", dear, "person_id", rows[i].person_uuid));
		if (left)
			json_object_set_new(json_array_get(list, json_array_size(list) - 1), "underspend",
					    json_string(money_pence_text(r->a, left)));
		plan_ctx ctx = {.p = rows[i], .approver = true, .limit_pence = limit};
		rc = plan_audit(r, &ctx, "review.targeted");
	}
	if (!rc)
		rc = store_commit(r->db);
	if (rc)
		return rc;
	json_t *v = json_pack("{sossss}", "plans", list, "cost", money_pence_text(r->a, cost), "cost_value", c);
	json_object_set_new(v, "empty", json_boolean(json_array_size(list) == 0));
	return reply_page(out, 200, "plan/reviews-targeted", "Plans to review", v);
}
