/* From a block contract to personal budgets: a calculator for a shared
 * setting such as extra-care housing. The form takes the contract's weekly
 * cost, the shared core cost (24-hour cover on site) and each tenant's
 * indicative weekly budget from the RAS, one a line; the answer shows each
 * tenant before (the contract split evenly) and after (an equal share of
 * the core plus their own budget), the totals and the difference, as a
 * table and a bar chart. block_split (plan_rules.h) does the sums, the same
 * rule as `supportnet rules block`. Nothing is stored: like the RAS "what
 * if", it is a sum over what was typed, not personal data. */
#include <stdio.h>
#include <string.h>

#include "plan_int.h"
#include "plan_rules.h"

#define BLOCK_FORM_TENANTS_MAX 40
#define BLOCK_NAME_MAX 40 /* characters of a tenant's name or flat */

static size_t chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* s[0..n) without spaces and tabs at either end, into the arena. */
static char *trimmed(arena *a, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return arena_strndup(a, s, n);
}

/* One line of the budgets: "210.50", or "Flat 2: 210.50". */
static bool read_tenant(req *r, const char *line, size_t len, size_t k, block_case *c)
{
	const char *colon = memchr(line, ':', len);
	const char *name = colon ? trimmed(r->a, line, (size_t)(colon - line)) : "";
	const char *amount = colon ? trimmed(r->a, colon + 1, len - (size_t)(colon + 1 - line))
				   : trimmed(r->a, line, len);
	if (chars(name, strlen(name)) > BLOCK_NAME_MAX || strchr(name, '\t')) {
		req_add_error(r, "tenants", arena_printf(r->a, "Line %zu of the budgets: keep the name "
			"before the colon to %d characters", k, BLOCK_NAME_MAX));
		return false;
	}
	int64_t pence;
	if (money_parse_pounds(amount, PLAN_WEEKLY_MAX_PENCE, &pence)) {
		req_add_error(r, "tenants", arena_printf(r->a, "Line %zu of the budgets: enter an amount "
			"in pounds, like 210 or 210.50 (or a name, a colon and the amount)", k));
		return false;
	}
	size_t i = c->n++;
	snprintf(c->tenants[i].id, sizeof c->tenants[i].id, "%s",
		 *name ? name : arena_printf(r->a, "Tenant %zu", i + 1));
	c->tenants[i].ras_weekly_pence = pence;
	return true;
}

/* The form into c; errors (naming the field) in r->errors. */
static void read_case(req *r, block_case *c)
{
	const char *contract = req_form(r, "contract"), *core = req_form(r, "core");
	const char *list = req_form(r, "tenants");
	if (!*contract)
		req_add_error(r, "contract", "Enter the contract's weekly cost in pounds");
	else if (money_parse_pounds(contract, PLAN_WEEKLY_MAX_PENCE, &c->contract_weekly_pence))
		req_add_error(r, "contract", "Enter the contract's weekly cost in pounds, like 4000 or 4,000.50, up to £1,000,000");
	if (!*core)
		req_add_error(r, "core", "Enter the shared core cost each week in pounds");
	else if (money_parse_pounds(core, PLAN_WEEKLY_MAX_PENCE, &c->core_weekly_pence))
		req_add_error(r, "core", "Enter the shared core cost each week in pounds, like 1500 or 1,500.50, up to £1,000,000");
	size_t k = 0;
	for (const char *p = list; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		k++;
		const char *t = trimmed(r->a, p, len);
		if (*t && c->n == BLOCK_FORM_TENANTS_MAX) {
			req_add_error(r, "tenants", arena_printf(r->a, "Enter at most %d budgets, one a line", BLOCK_FORM_TENANTS_MAX));
			return;
		}
		if (*t && !read_tenant(r, t, strlen(t), k, c))
			return;
		p = end ? end + 1 : p + len;
	}
	if (!c->n)
		req_add_error(r, "tenants", "Enter each tenant's indicative weekly budget, one a line");
}

static const char *change_text(req *r, int64_t change)
{
	return change == 0 ? "no change"
	       : change > 0 ? arena_printf(r->a, "%s more", money_pence_text(r->a, change))
			    : arena_printf(r->a, "%s less", money_pence_text(r->a, -change));
}

static json_t *result_view(req *r, const block_case *c, const block_result *res)
{
	int64_t max = 1;
	for (size_t i = 0; i < c->n; i++) {
		if (res->tenants[i].before_pence > max)
			max = res->tenants[i].before_pence;
		if (res->tenants[i].after_pence > max)
			max = res->tenants[i].after_pence;
	}
	json_t *rows = json_array();
	for (size_t i = 0; i < c->n; i++) {
		int64_t b = res->tenants[i].before_pence, a = res->tenants[i].after_pence;
		json_array_append_new(rows, json_pack("{sssssssssssssIsIsI}", "name", c->tenants[i].id,
			"before", money_pence_text(r->a, b), "core", money_pence_text(r->a, res->tenants[i].core_share_pence),
			"individual", money_pence_text(r->a, res->tenants[i].individual_pence), "after",
			money_pence_text(r->a, a), "change", change_text(r, res->tenants[i].change_pence),
			"change_pence", (json_int_t)res->tenants[i].change_pence, "before_pct",
			(json_int_t)(b * 100 / max), "after_pct", (json_int_t)(a * 100 / max)));
	}
	int64_t d = res->difference_pence;
	const char *diff = d == 0
		? "Split into personal budgets, the setting costs the same as the contract."
		: arena_printf(r->a, "Split into personal budgets, the setting would cost %s a week %s "
			       "than the contract.", money_pence_text(r->a, d < 0 ? -d : d), d < 0 ? "less" : "more");
	json_t *v = json_pack("{sosIsssssssssssIss}", "tenants", rows, "n", (json_int_t)c->n,
		"before_total", money_pence_text(r->a, res->before_total_pence), "core_total",
		money_pence_text(r->a, res->core_total_pence), "individual_total",
		money_pence_text(r->a, res->individual_total_pence), "after_total",
		money_pence_text(r->a, res->after_total_pence), "difference", change_text(r, d),
		"difference_pence", (json_int_t)d, "difference_text", diff);
	json_object_set_new(v, "before_pence", json_integer(res->before_total_pence));
	json_object_set_new(v, "after_pence", json_integer(res->after_total_pence));
	if (c->core_weekly_pence > c->contract_weekly_pence)
		json_object_set_new(v, "core_over", json_string(
			"The shared core cost is more than the whole contract: check the two amounts."));
	return v;
}

static sn_err page(req *r, reply *out, int status, json_t *result)
{
	json_t *v = json_pack("{sssssssisi}", "contract", req_form(r, "contract"), "core",
		req_form(r, "core"), "tenants", req_form(r, "tenants"), "max",
		BLOCK_FORM_TENANTS_MAX, "name_max", BLOCK_NAME_MAX);
	if (result)
		json_object_set_new(v, "result", result);
	return reply_page(out, status, "plan/block", "From a block contract to personal budgets", v);
}

sn_err block_form(req *r, reply *out)
{
	return page(r, out, 200, NULL);
}

sn_err block_run(req *r, reply *out)
{
	if (r->errors) /* the input rules: a field too long */
		return page(r, out, 400, NULL);
	block_case *c = arena_alloc(r->a, sizeof *c);
	block_result *res = arena_alloc(r->a, sizeof *res);
	read_case(r, c);
	if (r->errors)
		return page(r, out, 400, NULL);
	char err[200];
	if (block_split(c, res, err, sizeof err)) { /* the form's checks are the rule's */
		req_add_error(r, "tenants", "These amounts cannot be worked out: check them");
		return page(r, out, 400, NULL);
	}
	return page(r, out, 200, result_view(r, c, res));
}
