/* The view models the direct-payment pages share: who and whose account,
 * the account's alerts in words, an entry as the ledger shows it, and the
 * plan in force's lines as choices. Money is given in pence and as text;
 * the same objects are the JSON answers. */
#include <stdio.h>
#include <string.h>

#include "dp_web.h"

const char *dpw_href(req *r, const dpw_ctx *c, const char *rest)
{
	return arena_printf(r->a, "/people/%s/direct-payment%s", c->p->uuid, rest ? rest : "");
}

static json_t *account_view(req *r, const dpw_ctx *c)
{
	if (!c->has_account)
		return json_null();
	const dp_account *x = &c->acct;
	const dp_settings *s = &x->settings;
	bool nominee = x->nominee_name && *x->nominee_name;
	json_t *j = json_pack("{sssssssbsssssssIsIsb}", "id", x->uuid, "opened_on", x->opened_on,
		"opened", time_uk_day(r->a, x->opened_on), "held_by_nominee", nominee, "nominee_name",
		nominee ? x->nominee_name : "", "holder_text",
		nominee ? arena_printf(r->a, "%s, a nominee, for %s", x->nominee_name, c->name)
			: arena_printf(r->a, "%s", c->basis == ACCESS_SELF ? "You" : c->name),
		"underspend_percent_text", arena_printf(r->a, "%lld%%", (long long)s->underspend_percent),
		"underspend_percent", (json_int_t)s->underspend_percent, "underspend_weeks",
		(json_int_t)s->underspend_weeks, "has_cap", s->has_cap);
	if (s->has_cap) {
		json_object_set_new(j, "cap_pence", json_integer(s->cap_pence));
		json_object_set_new(j, "cap", json_string(money_pence_text(r->a, s->cap_pence)));
	}
	return j;
}

static json_t *plan_view(req *r, const dpw_ctx *c)
{
	if (!c->has_plan)
		return json_null();
	json_t *lines = json_array();
	for (size_t i = 0; i < c->n_lines; i++)
		json_array_append_new(lines, json_pack("{sssssIss}", "id", c->lines[i].id, "what",
			c->lines[i].what, "weekly_pence", (json_int_t)c->lines[i].weekly_pence, "weekly",
			money_pence_text(r->a, c->lines[i].weekly_pence)));
	return json_pack("{sssssIsssbso}", "id", c->plan.uuid, "href",
		arena_printf(r->a, "/plans/%s", c->plan.uuid), "weekly_pence",
		(json_int_t)c->weekly_pence, "weekly", money_pence_text(r->a, c->weekly_pence),
		"has_lines", c->n_lines > 0, "lines", lines);
}

json_t *dpw_base_view(req *r, const dpw_ctx *c)
{
	json_t *v = json_pack("{sssssbsssbsoso}", "person_id", c->p->uuid, "name", c->name,
		"is_self", c->basis == ACCESS_SELF, "basis", access_basis_name(c->basis),
		"break_glass", c->basis == ACCESS_BREAK_GLASS, "account", account_view(r, c), "plan",
		plan_view(r, c));
	json_object_set_new(v, "account_href", json_string(dpw_href(r, c, NULL)));
	if (r->errors) /* for JSON clients too: the page shows them in its summary */
		json_object_set(v, "errors", r->errors);
	json_object_set_new(v, "can", json_pack("{sbsbsb}", "write",
		dpw_can_write(c) && c->has_account, "open",
		c->basis == ACCESS_WORKER && !c->has_account && c->has_plan && c->n_lines,
		"submit_return", dpw_can_return(c) && c->has_account));
	return v;
}

static json_t *alert_view(req *r, const dpw_ctx *c, const dp_alert *x, const dp_entry *src)
{
	static const char *const titles[] = {"Money not spent", "Spent outside the plan",
					     "Balance above the cap"};
	const char *words = dpw_alert_words(r->a, x, src ? src->description : NULL,
		src && src->plan_line[0] ? src->plan_line : NULL);
	if (x->kind == DP_ALERT_UNDERSPEND)
		words = arena_printf(r->a, "%s The council looks at more than %lld%% over %lld weeks.",
			words, (long long)c->acct.settings.underspend_percent,
			(long long)c->acct.settings.underspend_weeks);
	json_t *j = dp_alert_to_json(x);
	json_object_set_new(j, "title", json_string(titles[x->kind]));
	json_object_set_new(j, "words", json_string(words));
	json_object_set_new(j, "amount", json_string(money_pence_text(r->a, x->amount_pence)));
	json_object_set_new(j, "date", json_string(time_uk_day(r->a, x->from)));
	if (src && dpw_can_write(c) && src->kind != DP_CORRECTION)
		json_object_set_new(j, "correct_href", json_string(dpw_href(r, c,
			arena_printf(r->a, "/correct?entry=%lld", (long long)src->id))));
	return j;
}

json_t *dpw_alerts_view(req *r, const dpw_ctx *c, const dp_entry *e, size_t n, const char *today)
{
	json_t *list = json_array();
	if (!c->has_account)
		return list;
	dp_alert *al;
	size_t na = 0;
	dp_settings set = c->acct.settings;
	set.planned_weekly_pence = c->has_plan ? c->weekly_pence : 0;
	if (dp_alerts(e, n, &set, c->has_plan ? c->line_ids : NULL,
		      c->has_plan ? c->n_lines : 0, today, r->a, &al, &na))
		return list;
	/* Spends outside the plan come in ledger order, as the entries do:
	 * each found by walking the ledger once. The newest few are shown,
	 * the rest counted. */
	size_t n_out = 0, k = 0;
	int64_t out_pence = 0;
	for (size_t i = 0; i < na; i++)
		if (al[i].kind == DP_ALERT_OUTSIDE_PLAN) {
			n_out++;
			out_pence += al[i].amount_pence;
		}
	const dp_entry **src = arena_alloc(r->a, (na + 1) * sizeof *src);
	for (size_t i = 0; i < na; i++) {
		if (al[i].kind != DP_ALERT_OUTSIDE_PLAN)
			continue;
		while (k < n && e[k].id != al[i].entry_id)
			k++;
		src[i] = k < n ? &e[k] : NULL;
	}
	for (size_t i = 0; i < na; i++)
		if (al[i].kind == DP_ALERT_UNDERSPEND)
			json_array_append_new(list, alert_view(r, c, &al[i], NULL));
	size_t shown = 0;
	for (size_t i = na; i-- > 0 && shown < DPW_OUTSIDE_SHOWN;)
		if (al[i].kind == DP_ALERT_OUTSIDE_PLAN) {
			json_array_append_new(list, alert_view(r, c, &al[i], src[i]));
			shown++;
		}
	if (n_out > shown)
		json_array_append_new(list, json_pack("{sssssssIsIss}", "kind", "outside_plan_more",
			"title", "More spent outside the plan", "words", arena_printf(r->a,
			"And %s outside the plan: %s in all with those above. The ledger lists them all.",
			text_count(r->a, (int64_t)(n_out - shown), "more spend", "more spends"),
			money_pence_text(r->a, out_pence)), "count", (json_int_t)(n_out - shown), "amount_pence",
			(json_int_t)out_pence, "amount", money_pence_text(r->a, out_pence)));
	for (size_t i = 0; i < na; i++)
		if (al[i].kind == DP_ALERT_ABOVE_CAP)
			json_array_append_new(list, alert_view(r, c, &al[i], NULL));
	return list;
}

const char *dpw_entry_line_text(req *r, const dpw_ctx *c, const char *line)
{
	if (!*line)
		return "Not in the plan";
	const char *what = dpw_line_what(c, line);
	return what ? what : arena_printf(r->a, "Line “%s” (not in the plan in force)", line);
}

json_t *dpw_entry_view(req *r, const dpw_ctx *c, const dp_entry *e)
{
	static const char *const kinds[] = {"Payment in", "Spending", "Refund", "Reclaim",
					    "Correction"};
	json_t *j = dp_entry_to_json(e);
	int64_t v = e->amount_pence;
	json_object_set_new(j, "date", json_string(time_uk_day(r->a, e->on_date)));
	json_object_set_new(j, "kind_text", json_string(kinds[e->kind < DP_N_KINDS ? e->kind : 0]));
	json_object_set_new(j, "money_in", json_string(v > 0 ? money_pence_text(r->a, v) : ""));
	json_object_set_new(j, "money_out", json_string(v < 0 ? money_pence_text(r->a, -v) : ""));
	json_object_set_new(j, "balance", json_string(money_pence_text(r->a, e->balance_pence)));
	json_object_set_new(j, "line_text", json_string(dpw_entry_line_text(r, c, e->plan_line)));
	json_object_set_new(j, "is_correction", json_boolean(e->kind == DP_CORRECTION));
	return j;
}

json_t *dpw_line_options(req *r, const dpw_ctx *c, const char *selected)
{
	json_t *a = json_array();
	for (size_t i = 0; i < c->n_lines; i++)
		json_array_append_new(a, json_pack("{sssssb}", "value", c->lines[i].id, "text",
			arena_printf(r->a, "%s (%s a week)", c->lines[i].what,
				     money_pence_text(r->a, c->lines[i].weekly_pence)),
			"selected", !strcmp(selected, c->lines[i].id)));
	json_array_append_new(a, json_pack("{sssssb}", "value", "", "text",
		"Not against a line of the plan", "selected", !*selected));
	return a;
}

sn_err dpw_no_account(req *r, reply *out, const dpw_ctx *c)
{
	store_rollback(r->db);
	sn_err rc = reply_error(r, out, 409, arena_printf(r->a, "%s no direct-payment account yet. "
		"The worker opens one once a support plan with direct-payment lines is approved.",
		c->basis == ACCESS_SELF ? "You have" : arena_printf(r->a, "%s has", c->name)));
	return rc;
}
