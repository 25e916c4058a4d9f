/* A worker's direct-payment alerts: for the people they are the assigned
 * worker of, each open account's alerts as of today (underspend, spending
 * outside the plan in force, a balance above the cap and what to
 * reclaim), in words. Each person whose figures are shown is audited
 * "dp.read" on the worker's basis. */
#include <stdio.h>
#include <string.h>

#include "dp_web.h"

sn_err dp_page_alerts(req *r, reply *out)
{
	dp_caseload_account *rows;
	size_t n;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = dp_accounts_of_worker(r->db, r->user->id, r->a, &rows, &n);
	if (rc)
		return rc;
	char today[11];
	dp_date_today(today);
	json_t *people = json_array();
	int64_t counts[3] = {0, 0, 0};
	for (size_t i = 0; i < n && !rc; i++) {
		person *p;
		dpw_ctx c;
		dp_entry *e;
		size_t ne;
		rc = people_find(r->db, rows[i].acct.person_uuid, r->a, &p);
		if (!rc)
			rc = dpw_load(r, p, ACCESS_WORKER, &c);
		if (!rc)
			rc = dp_entries(r->db, c.acct.id, r->a, &e, &ne);
		if (rc)
			break;
		json_t *alerts = dpw_alerts_view(r, &c, e, ne, today);
		if (!json_array_size(alerts)) {
			json_decref(alerts);
			continue;
		}
		size_t k;
		json_t *x;
		json_array_foreach(alerts, k, x) {
			const char *kind = json_string_value(json_object_get(x, "kind"));
			if (!strcmp(kind, "outside_plan_more"))
				counts[1] += json_integer_value(json_object_get(x, "count"));
			else
				counts[!strcmp(kind, "underspend") ? 0 : !strcmp(kind, "outside_plan") ? 1 : 2]++;
		}
		int64_t bal = dp_balance_at(e, ne, today);
		json_array_append_new(people, json_pack("{sssssssssIso}", "name", c.name, "person_id",
			p->uuid, "href", dpw_href(r, &c, NULL), "balance", money_pence_text(r->a, bal),
			"balance_pence", (json_int_t)bal, "alerts", alerts));
		rc = dpw_audit(r, &c, "dp.read");
	}
	if (!rc)
		rc = store_commit(r->db);
	if (rc)
		return rc;
	json_t *v = json_pack("{sosIsIsIsIsIsb}", "people", people, "accounts", (json_int_t)n,
		"with_alerts", (json_int_t)json_array_size(people), "underspend", (json_int_t)counts[0],
		"outside_plan", (json_int_t)counts[1], "above_cap", (json_int_t)counts[2], "none",
		json_array_size(people) == 0);
	json_object_set_new(v, "today", json_string(time_uk_day(r->a, today)));
	return reply_page(out, 200, "dp/alerts", "Direct-payment alerts", v);
}
