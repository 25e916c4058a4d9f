/* A partner's own entries (/partner): for each organisation they are a
 * member of, its entries (overdue first), new services they proposed,
 * changes not approved lately (with the reason) and open reports of wrong
 * information. One query a list, whatever the number of organisations. */
#include <stdio.h>
#include <string.h>

#include "curate_http.h"

/* The organisation in orgs with this id (their "id"), or NULL. */
static json_t *org_of(json_t *orgs, json_int_t id)
{
	size_t i;
	json_t *o;
	json_array_foreach(orgs, i,
	                   o) if (json_integer_value(json_object_get(o, "id")) == id) return o;
	return NULL;
}

/* Each row of rows appended (as made by view) to the list `key` of its
 * organisation. */
typedef json_t *row_view_fn(req *r, json_t *row, const char *today);
static void distribute(req *r, json_t *orgs, json_t *rows, const char *key, row_view_fn *view,
                       const char *today)
{
	size_t i;
	json_t *x;
	json_array_foreach(rows, i, x)
	{
		json_t *o = org_of(orgs, json_integer_value(json_object_get(x, "org")));
		if (o)
			json_array_append_new(json_object_get(o, key), view(r, x, today));
	}
}

static json_t *service_view(req *r, json_t *x, const char *today)
{
	const char *due = json_string_value(json_object_get(x, "due"));
	json_t *s = json_pack("{s:O, s:O, s:b, s:s}", "uuid", json_object_get(x, "uuid"), "name",
	                      json_object_get(x, "name"), "overdue", curate_overdue(due, today),
	                      "due", time_uk_day(r->a, due));
	if (json_object_get(x, "pending"))
		json_object_set(s, "pending", json_object_get(x, "pending"));
	if (strcmp(json_string_value(json_object_get(x, "status")), "active") != 0)
		json_object_set_new(s, "not_running", json_true());
	return s;
}

/* The name of a proposal for a new service, from its details. */
static json_t *proposed_name(json_t *x)
{
	json_t *d = json_loads(json_string_value(json_object_get(x, "details")), 0, NULL);
	json_t *name = json_string(d ? json_string_value(json_object_get(d, "name")) ?: "" : "");
	json_decref(d);
	return name;
}

static json_t *new_change_view(req *r, json_t *x, const char *today)
{
	(void)today;
	json_t *v = json_pack(
	    "{s:O, s:o, s:s}", "uuid", json_object_get(x, "uuid"), "name", proposed_name(x),
	    "submitted", time_uk_when(r->a, json_string_value(json_object_get(x, "submitted"))));
	return v;
}

static json_t *refused_view(req *r, json_t *x, const char *today)
{
	(void)today;
	const char *name = json_string_value(json_object_get(x, "name"));
	const char *change = json_string_value(json_object_get(x, "uuid"));
	const char *svc = json_string_value(json_object_get(x, "service"));
	/* The form again, filled in with what was sent, to put it right. */
	const char *start =
	    *svc ? arena_printf(r->a, "/directory/services/%s/edit?from=%s", svc, change)
	         : arena_printf(r->a, "/directory/organizations/%s/services/new?from=%s",
	                        json_string_value(json_object_get(x, "org_uuid")), change);
	return json_pack("{s:O, s:o, s:O, s:s, s:s}", "uuid", json_object_get(x, "uuid"), "name",
	                 *name ? json_string(name) : proposed_name(x), "reason",
	                 json_object_get(x, "reason"), "when",
	                 time_uk_day(r->a, json_string_value(json_object_get(x, "decided"))), "start",
	                 start);
}

static json_t *report_view(req *r, json_t *x, const char *today)
{
	(void)today;
	return json_pack("{s:O, s:O, s:O, s:s}", "uuid", json_object_get(x, "uuid"), "service",
	                 json_object_get(x, "service"), "what", json_object_get(x, "what"),
	                 "received",
	                 time_uk_when(r->a, json_string_value(json_object_get(x, "created"))));
}

/* "12 entries, 3 due for a check." */
static const char *summary(req *r, json_t *services)
{
	size_t n_overdue = 0, k;
	json_t *x;
	json_array_foreach(services, k, x) n_overdue += json_is_true(json_object_get(x, "overdue"));
	return arena_printf(r->a, "%s, %zu due for a check.",
	                    text_count(r->a, (int64_t)json_array_size(services), "entry", "entries"),
	                    n_overdue);
}

/* The banner after "Confirm ... is still correct". */
static json_t *checked_banner(req *r)
{
	const char *uuid = req_get(r, "checked"), *name = "", *due = "";
	bool found = false;
	if (!*uuid || curate_store_review_of(r->db, r->a, uuid, &name, &due, &found) || !found)
		return NULL;
	return json_pack("{s:s, s:s}", "name", name, "due", time_uk_day(r->a, due));
}

/* Every list of the page, into the organisations of orgs. */
static sn_err lists(req *r, json_t *orgs, const char *today)
{
	char since[21];
	time_iso8601(time_now() - (int64_t)CURATE_REFUSED_DAYS * 86400, since);
	json_t *services = NULL, *changes = NULL, *refused = NULL, *reports = NULL;
	int64_t user = r->user->id;
	sn_err rc = curate_store_member_services(r->db, user, arena_printf(r->a, "%.10s", today),
	                                         &services);
	if (!rc)
		rc = curate_store_member_new_changes(r->db, user, &changes);
	if (!rc)
		rc = curate_store_member_refused(r->db, user, since, &refused);
	if (!rc)
		rc = curate_store_member_reports(r->db, user, &reports);
	if (!rc) {
		size_t i;
		json_t *o;
		json_array_foreach(orgs, i, o)
		{
			json_object_set_new(o, "services", json_array());
			json_object_set_new(o, "new_changes", json_array());
			json_object_set_new(o, "refused", json_array());
			json_object_set_new(o, "reports", json_array());
		}
		distribute(r, orgs, services, "services", service_view, today);
		distribute(r, orgs, changes, "new_changes", new_change_view, today);
		distribute(r, orgs, refused, "refused", refused_view, today);
		distribute(r, orgs, reports, "reports", report_view, today);
		json_array_foreach(orgs, i, o)
		{
			json_object_set_new(
			    o, "summary", json_string(summary(r, json_object_get(o, "services"))));
			json_object_del(o, "id");
		}
	}
	json_decref(services);
	json_decref(changes);
	json_decref(refused);
	json_decref(reports);
	return rc;
}

sn_err curate_partner(req *r, reply *out)
{
	json_t *orgs = NULL;
	char today[21];
	time_iso8601(time_now(), today);
	sn_err rc = curate_store_member_orgs(r->db, r->user->id, &orgs);
	if (!rc && json_array_size(orgs))
		rc = lists(r, orgs, today);
	if (!rc)
		rc = access_ensure_csrf(r);
	if (rc) {
		json_decref(orgs);
		return rc;
	}
	json_t *v = json_pack("{s:o, s:b, s:b}", "orgs", orgs, "none", json_array_size(orgs) == 0,
	                      "moderator", curate_is_mod(r));
	json_t *banner = checked_banner(r);
	if (banner)
		json_object_set_new(v, "checked", banner);
	return reply_page(out, 200, "directory/partner", "Your directory entries", v);
}
