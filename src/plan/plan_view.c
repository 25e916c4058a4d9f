/* The plan's view model: what the plan page shows and what the JSON API
 * answers (the same object: Accept: application/json on the page). Money
 * is given in pence and as text; every figure the page shows is here. */
#include <stdio.h>
#include <string.h>

#include "plan_int.h"
#include "plan_show.h"


/* Text as paragraphs (blank lines between them), for the page. */
static json_t *paragraphs(const char *text)
{
	json_t *a = json_array();
	const char *p = text;
	while (*p) {
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		while (n && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		if (n)
			json_array_append_new(a, json_stringn(p, n));
		if (!end)
			break;
		p = end + 2;
		while (*p == '\n' || *p == '\r')
			p++;
	}
	return a;
}

static json_t *outcomes_view(req *r, const plan_doc *d)
{
	static const char *const level_names[5] = {"-2", "-1", "0", "+1", "+2"};
	static const char *const level_words[5] = {
		"much less than expected", "less than expected", "what I expect",
		"more than expected", "much more than expected"};
	json_t *a = json_array();
	for (size_t i = 0; i < d->n_outcomes; i++) {
		const plan_outcome *o = &d->outcomes[i];
		int64_t cost = plan_doc_lines_total(d, o->id);
		json_t *levels = json_array();
		for (int k = 0; o->has_goal && k < 5; k++)
			json_array_append_new(levels, json_pack("{ssssss}", "score", level_names[k],
				"meaning", level_words[k], "text", o->levels[k]));
		json_array_append_new(a, json_pack("{sssssssssIsssbsIso}", "id", o->id, "words",
			o->words, "how", o->how, "who", o->who, "cost_pence", (json_int_t)cost,
			"cost", money_pence_text(r->a, cost), "has_goal", o->has_goal, "weight",
			(json_int_t)o->weight, "levels", levels));
	}
	return a;
}

static json_t *circle_view(const plan_doc *d)
{
	static const char *const headings[RING_COUNT] = {
		"Closest to me", "Friends and family", "Groups and activities I take part in",
		"People paid to support me"};
	json_t *rings = json_array();
	for (int ring = 0; ring < RING_COUNT; ring++) {
		json_t *people = json_array();
		for (size_t i = 0; i < d->n_circle; i++)
			if (d->circle[i].ring == (plan_ring)ring)
				json_array_append_new(people, json_pack("{sssssssi}", "id",
					d->circle[i].id, "name", d->circle[i].name, "relationship",
					d->circle[i].relationship, "number", plan_circle_number(d, i)));
		json_array_append_new(rings, json_pack("{sssssssbso}", "key", plan_ring_key(ring),
			"label", plan_ring_label(ring), "heading", headings[ring], "empty",
			json_array_size(people) == 0, "people", people));
	}
	return rings;
}

/* The circle's counts, for the page and the key indicators. */
static json_t *circle_counts(const plan_doc *d)
{
	plan_circle_counts c;
	plan_circle_count(d, &c);
	return json_pack("{sIsIsIsIsIsI}", "intimate", (json_int_t)c.ring[RING_INTIMATE], "friends",
		(json_int_t)c.ring[RING_FRIENDS], "participation", (json_int_t)c.ring[RING_PARTICIPATION],
		"paid", (json_int_t)c.ring[RING_PAID], "total", (json_int_t)c.total, "unpaid",
		(json_int_t)c.unpaid);
}

static json_t *list_view(const plan_doc *d, plan_sec_type t)
{
	json_t *a = json_array();
	if (t == PLAN_SEC_DECISIONS)
		for (size_t i = 0; i < d->n_decisions; i++)
			json_array_append_new(a, json_pack("{ssssssss}", "id", d->decisions[i].id,
				"decision", d->decisions[i].decision, "who", d->decisions[i].who,
				"involve", d->decisions[i].involve));
	else
		for (size_t i = 0; i < d->n_risks; i++)
			json_array_append_new(a, json_pack("{ssssssss}", "id", d->risks[i].id,
				"risk", d->risks[i].risk, "managed", d->risks[i].managed, "who",
				d->risks[i].who));
	return a;
}

static const char *outcome_words(const plan_doc *d, const char *id)
{
	for (size_t i = 0; i < d->n_outcomes; i++)
		if (!strcmp(d->outcomes[i].id, id))
			return d->outcomes[i].words;
	return "";
}

static json_t *lines_view(req *r, const plan_doc *d)
{
	json_t *a = json_array();
	for (size_t i = 0; i < d->n_lines; i++) {
		const plan_line *l = &d->lines[i];
		const char *holder = l->deploy == DEPLOY_DIRECT_PAYMENT
			? (!*l->holder || str_eq(l->holder, "person") ? "paid to me"
			   : arena_printf(r->a, "paid to %s for me", l->holder))
			: l->deploy == DEPLOY_ISF ? arena_printf(r->a, "held by %s", *l->holder ? l->holder : "a provider")
						  : "";
		json_array_append_new(a, json_pack("{sssssIssssssssssssssss}", "id", l->id, "what",
			l->what, "weekly_pence", (json_int_t)l->weekly_pence, "weekly",
			money_pence_text(r->a, l->weekly_pence), "deployment", plan_deploy_key(l->deploy),
			"deployment_label", plan_deploy_label(l->deploy), "holder", l->holder,
			"holder_text", holder, "outcome", l->outcome, "outcome_words",
			outcome_words(d, l->outcome), "pool", l->pool));
	}
	return a;
}

static json_t *sections_view(req *r, const plan_sections *secs, const plan_doc *d,
			     const char *centre)
{
	json_t *a = json_array();
	for (size_t i = 0; i < secs->n; i++) {
		const plan_section *s = &secs->sec[i];
		json_t *v = json_pack("{sssssssbsbsbsbsbsb}", "key", s->key, "heading", s->heading,
			"guidance", s->guidance, "is_text", s->type == PLAN_SEC_TEXT, "is_outcomes",
			s->type == PLAN_SEC_OUTCOMES, "is_circle", s->type == PLAN_SEC_CIRCLE,
			"is_decisions", s->type == PLAN_SEC_DECISIONS, "is_risks",
			s->type == PLAN_SEC_RISKS, "is_lines", s->type == PLAN_SEC_LINES);
		size_t n = 0;
		switch (s->type) {
		case PLAN_SEC_TEXT: {
			const char *t = plan_doc_text(d, s->key);
			json_object_set_new(v, "text", json_string(t));
			json_object_set_new(v, "paragraphs", paragraphs(t));
			n = *t != 0;
			break;
		}
		case PLAN_SEC_OUTCOMES:
			json_object_set_new(v, "outcomes", outcomes_view(r, d));
			n = d->n_outcomes;
			break;
		case PLAN_SEC_CIRCLE:
			json_object_set_new(v, "rings", circle_view(d));
			json_object_set_new(v, "counts", circle_counts(d));
			n = d->n_circle;
			const char *svg;
			if (n && !plan_circle_svg(d, centre, s->key, r->a, &svg))
				json_object_set_new(v, "svg", json_string(svg));
			break;
		case PLAN_SEC_DECISIONS:
		case PLAN_SEC_RISKS:
			json_object_set_new(v, "items", list_view(d, s->type));
			n = s->type == PLAN_SEC_RISKS ? d->n_risks : d->n_decisions;
			break;
		case PLAN_SEC_LINES:
			json_object_set_new(v, "lines", lines_view(r, d));
			n = d->n_lines;
			break;
		}
		json_object_set_new(v, "empty", json_boolean(n == 0));
		json_array_append_new(a, v);
	}
	return a;
}

/* The texts the sections in force do not show (written under other
 * headings: a council removed or renamed a text section), so that nothing
 * the person wrote disappears from the page. Each keeps the shipped
 * heading when its key is one of the shipped sections, else its key in
 * words ("bad_day": "Bad day"). */
static json_t *earlier_view(req *r, const plan_sections *secs, const plan_doc *d)
{
	const plan_sections *std = plan_sections_standard();
	json_t *a = json_array();
	for (size_t i = 0; i < d->n_text; i++) {
		const char *key = d->text[i].key, *heading = NULL;
		bool shown = false;
		for (size_t k = 0; k < secs->n && !shown; k++)
			shown = secs->sec[k].type == PLAN_SEC_TEXT && str_eq(secs->sec[k].key, key);
		if (shown || !d->text[i].text || !*d->text[i].text)
			continue;
		for (size_t k = 0; std && k < std->n && !heading; k++)
			if (std->sec[k].type == PLAN_SEC_TEXT && str_eq(std->sec[k].key, key))
				heading = std->sec[k].heading;
		if (!heading) {
			char *h = arena_strdup(r->a, key);
			for (char *c = h; *c; c++)
				*c = *c == '_' ? ' ' : *c;
			if (*h >= 'a' && *h <= 'z')
				*h = (char)(*h - 'a' + 'A');
			heading = h;
		}
		json_array_append_new(a, json_pack("{ssssso}", "key", key, "heading", heading,
						   "paragraphs", paragraphs(d->text[i].text)));
	}
	return a;
}

/* The budget against the lines: the difference is always shown. */
static json_t *money_view(req *r, const plan_ctx *ctx, const plan_doc *d, int64_t indicative,
			  bool has_indicative)
{
	int64_t total = plan_doc_lines_total(d, NULL);
	int64_t budget = ctx->p.has_budget ? ctx->p.budget_pence : indicative;
	bool has_budget = ctx->p.has_budget || has_indicative;
	json_t *by = json_array();
	for (int k = 0; k < DEPLOY_COUNT; k++) {
		int64_t t = 0;
		for (size_t i = 0; i < d->n_lines; i++)
			if (d->lines[i].deploy == (plan_deploy)k)
				t += d->lines[i].weekly_pence;
		static const char *const phrases[DEPLOY_COUNT] = {
			"as a direct payment", "managed by the council", "in an individual service fund"};
		static const char *const headings[DEPLOY_COUNT] = {
			"Paid as a direct payment", "Managed by the council",
			"Held in an individual service fund"};
		if (t)
			json_array_append_new(by, json_pack("{sssssssssIss}", "deployment",
				plan_deploy_key(k), "label", plan_deploy_label(k), "phrase", phrases[k],
				"heading", headings[k], "weekly_pence", (json_int_t)t, "weekly",
				money_pence_text(r->a, t)));
	}
	int64_t diff = total - budget;
	const char *diff_text = !has_budget ? "There is no budget yet to compare the plan with."
		: diff == 0 ? "The plan adds up to the budget."
		: diff > 0 ? arena_printf(r->a, "The plan costs %s a week more than the budget.",
					  money_pence_text(r->a, diff))
			   : arena_printf(r->a, "The plan costs %s a week less than the budget.",
					  money_pence_text(r->a, -diff));
	json_t *m = json_pack("{sIsssbsbsssIsssIsbssso}", "total_pence", (json_int_t)total, "total",
		money_pence_text(r->a, total), "has_budget", has_budget, "budget_fixed", ctx->p.has_budget,
		"budget", money_pence_text(r->a, budget), "budget_pence", (json_int_t)budget,
		"difference", money_pence_text(r->a, diff), "difference_pence", (json_int_t)diff,
		"adds_up", has_budget && diff == 0, "difference_text", diff_text, "by_deployment",
		by);
	if (has_indicative)
		json_object_set_new(m, "indicative_pence", json_integer(indicative));
	return m;
}

json_t *plan_view(req *r, const plan_ctx *ctx, const plan_sections *secs, const plan_doc *d,
		  const plan_version *ver, int64_t indicative_pence, bool has_indicative)
{
	const plan_row *p = &ctx->p;
	json_t *plan = json_pack("{sssssssssssIsIsbsb}", "id", p->uuid, "person_id",
		p->person_uuid, "person_name", p->person_name, "status", plan_status_key(p->status),
		"status_label", plan_status_label(p->status), "version", (json_int_t)p->version,
		"shown_version", (json_int_t)ver->version, "current", ver->version == p->version,
		"agreed_current", p->agreed_version == p->version && p->agreed_version > 0);
	json_object_set_new(plan, "created", json_string(time_uk_when(r->a, p->created_at)));
	if (p->agreed_version)
		json_object_set_new(plan, "agreed", json_pack("{sIssss}", "version",
			(json_int_t)p->agreed_version, "by", p->agreed_by_name, "at",
			time_uk_when(r->a, p->agreed_at)));
	if (p->submitted_by)
		json_object_set_new(plan, "submitted", json_pack("{ssss}", "by", p->submitted_by_name,
			"at", time_uk_when(r->a, p->submitted_at)));
	if (*p->decided_at)
		json_object_set_new(plan, "decided", json_pack("{sssssbss}", "by", p->decided_by_name,
			"at", time_uk_when(r->a, p->decided_at), "approved",
			p->status == PLAN_APPROVED || p->status == PLAN_SUPERSEDED, "reason",
			p->return_reason));
	if (*p->signed_off_on)
		json_object_set_new(plan, "signed_off_on", json_string(p->signed_off_on));
	json_t *v = json_object();
	json_object_set_new(v, "plan", plan);
	json_object_set_new(v, "saved", json_pack("{ssssss}", "by", ver->saved_by, "as",
		ver->saved_as, "at", time_uk_when(r->a, ver->saved_at)));
	json_object_set_new(v, "note", json_string(ver->note));
	json_object_set_new(v, "document", plan_doc_to_json(d));
	json_t *earlier = earlier_view(r, secs, d);
	json_object_set_new(v, "has_earlier", json_boolean(json_array_size(earlier) > 0));
	json_object_set_new(v, "earlier", earlier);
	/* The picture's centre: "Me" in the person's own view, else their
	 * first name. */
	const char *centre = NULL;
	if (ctx->basis != ACCESS_SELF) {
		const char *sp = strchr(p->person_name, ' ');
		centre = sp ? arena_strndup(r->a, p->person_name, (size_t)(sp - p->person_name))
			    : p->person_name;
	}
	json_object_set_new(v, "sections", sections_view(r, secs, d, centre));
	pool_plan_lines(r, p->person_id, json_object_get(v, "sections"));
	json_object_set_new(v, "money", money_view(r, ctx, d, indicative_pence, has_indicative));
	/* The plan in force's direct-payment lines are spent through an
	 * account (src/dpweb): a link to it. */
	bool dp = false;
	for (size_t i = 0; i < d->n_lines; i++)
		dp = dp || d->lines[i].deploy == DEPLOY_DIRECT_PAYMENT;
	if (dp && p->status == PLAN_APPROVED)
		json_object_set_new(v, "dp_href", json_string(arena_printf(r->a,
			"/people/%s/direct-payment", p->person_uuid)));
	json_object_set_new(v, "is_self", json_boolean(ctx->basis == ACCESS_SELF));
	json_object_set_new(v, "basis", json_string(plan_basis_key(ctx)));
	json_object_set_new(v, "can", json_pack("{sbsbsbsbsbsb}", "edit",
		ctx->can_edit && ver->version == p->version, "agree", ctx->can_agree, "submit",
		ctx->can_submit, "decide", ctx->can_decide, "comment", ctx->can_comment, "revise",
		(ctx->basis == ACCESS_SELF || ctx->basis == ACCESS_NAMED ||
		 ctx->basis == ACCESS_WORKER) && p->status == PLAN_APPROVED));
	/* For a signed-in API client: the header its changes must carry. */
	if (r->csrf)
		json_object_set_new(v, "csrf_token", json_string(r->csrf));
	json_object_set_new(v, "worker_records", json_boolean(ctx->basis == ACCESS_WORKER && ctx->can_agree));
	if (ctx->why_not_decide)
		json_object_set_new(v, "why_not_decide", json_string(ctx->why_not_decide));
	return v;
}
