/* The timebank coordinator's pages: the members (active and inactive,
 * balances, credit limits), one member's ledger, reversing a transfer with
 * a reason, organisations joining, and minutes sent to a member of a
 * partner bank. Coordinators are the timebank's operational staff: they
 * see members' timebank records (never the rest of a person's record),
 * and each member they see is audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../once/once.h"
#include "tb_int.h"

static sn_err seen_one(req *r, const char *member_uuid, const char *action)
{
	return tb_audit_seen(r, &member_uuid, 1, action);
}

sn_err tb_coord_page(req *r, reply *out)
{
	tb_member *ms;
	tb_partner *ps;
	size_t n = 0, np = 0;
	const char *bank = "", *bank_name = "";
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = tb_members_all(r->db, r->a, &ms, &n);
	if (!rc)
		rc = tb_partners(r->db, r->a, &ps, &np);
	if (!rc)
		rc = tb_bank_get(r->db, r->a, &bank, &bank_name);
	bool inactive_only = str_eq(req_get(r, "show"), "inactive");
	int64_t today = tb_day(tb_today(r)), active = 0;
	json_t *v = json_object(), *rows = json_array();
	const char **seen = arena_alloc(r->a, (n + 1) * sizeof *seen);
	size_t n_seen = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		bool on = tb_active(tb_day(ms[i].last_exchange), today);
		active += on;
		if (inactive_only && on)
			continue;
		json_t *row = tb_member_view(r, &ms[i]);
		json_object_set_new(row, "active", json_boolean(on));
		json_object_set_new(row, "last", json_string(*ms[i].last_exchange ? time_uk_day(r->a, ms[i].last_exchange)
							     : "Never"));
		json_object_set_new(row, "at_limit", json_boolean(ms[i].has_limit && ms[i].balance <= -ms[i].credit_limit));
		json_array_append_new(rows, row);
		seen[n_seen++] = ms[i].uuid;
	}
	json_t *partners = json_array();
	for (size_t i = 0; i < np; i++)
		json_array_append_new(partners, json_pack("{ssssss}", "code", ps[i].code, "name", ps[i].name, "balance",
							  tb_minutes_text(r->a, ps[i].balance)));
	json_object_set_new(v, "members", rows);
	json_object_set_new(v, "has_members", json_boolean(n_seen > 0));
	json_object_set_new(v, "count", json_integer((json_int_t)n));
	json_object_set_new(v, "active", json_integer(active));
	json_object_set_new(v, "inactive", json_integer((json_int_t)n - active));
	json_object_set_new(v, "inactive_only", json_boolean(inactive_only));
	json_object_set_new(v, "partners", partners);
	json_object_set_new(v, "has_partners", json_boolean(np > 0));
	json_object_set_new(v, "bank", json_string(bank));
	json_object_set_new(v, "bank_name", json_string(bank_name));
	json_object_set_new(v, "done", json_string(str_eq(req_get(r, "done"), "joined") ? "The organisation has joined."
		: str_eq(req_get(r, "done"), "sent") ? "The minutes are sent. The next export to the partner carries them." : ""));
	if (!rc)
		rc = tb_audit_seen(r, seen, n_seen, "timebank.member.listed");
	if ((rc = tb_finish(r, rc, v)))
		return rc;
	return reply_page(out, 200, "timebank/coordinator", "Timebank: members", v);
}

/* The member of the path's {id}; 404 (and *stop) when there is none. */
static sn_err find_member(req *r, reply *out, tb_member *m, bool *stop)
{
	*stop = false;
	sn_err rc = tb_member_find(r->db, req_get(r, "id"), r->a, m);
	if (rc != SN_ENOTFOUND)
		return rc;
	store_rollback(r->db);
	*stop = true;
	return reply_error(r, out, 404, "There is no timebank member here.");
}

static sn_err member_page(req *r, reply *out, const tb_member *m, int status)
{
	tb_line *lines;
	size_t n = 0;
	int64_t total = 0;
	sn_err rc = tb_statement(r->db, m->account_id, 30, 0, r->a, &lines, &n, &total);
	json_t *v = json_object();
	json_t *rows = tb_lines_view(r, lines, n);
	for (size_t i = 0; i < n; i++)
		json_object_set_new(json_array_get(rows, i), "can_reverse",
				    json_boolean(str_eq(lines[i].kind, "exchange") && !lines[i].reversed));
	json_object_set_new(v, "member", tb_member_view(r, m));
	json_object_set_new(v, "lines", rows);
	json_object_set_new(v, "has_lines", json_boolean(n > 0));
	json_object_set_new(v, "total", json_integer(total));
	json_object_set_new(v, "limit_hours", json_string(*req_form(r, "limit_hours") ? req_form(r, "limit_hours")
		: m->has_limit ? arena_printf(r->a, "%lld", (long long)(m->credit_limit / 60)) : ""));
	json_object_set_new(v, "done", json_string(str_eq(req_get(r, "done"), "limit") ? "The credit limit is saved."
		: str_eq(req_get(r, "done"), "reversed") ? "The transfer is reversed." : ""));
	if (!rc)
		rc = seen_one(r, m->uuid, "timebank.member.read");
	if ((rc = tb_finish(r, rc, v)))
		return rc;
	return reply_page(out, status, "timebank/coord-member", arena_printf(r->a, "Timebank member: %s", m->full_name), v);
}

sn_err tb_coord_member(req *r, reply *out)
{
	tb_member m;
	bool stop;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = find_member(r, out, &m, &stop);
	if (rc || stop)
		return rc;
	return member_page(r, out, &m, 200);
}

sn_err tb_coord_limit(req *r, reply *out)
{
	tb_member m;
	bool stop;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = find_member(r, out, &m, &stop);
	if (rc || stop)
		return rc;
	const char *h = req_form(r, "limit_hours");
	int64_t hours = 0;
	if (*h && str_to_i64(h, 0, TB_LIMIT_MAX / 60, &hours))
		req_add_error(r, "limit_hours", "Enter the credit limit as whole hours from 0 to 100, or leave it empty "
			      "for no limit");
	if (tb_has_errors(r))
		return member_page(r, out, &m, 422);
	rc = tb_member_set_limit(r->db, m.id, *h != 0, hours * 60);
	if (!rc)
		rc = seen_one(r, m.uuid, "timebank.member.limit");
	if (!rc)
		rc = store_commit(r->db);
	store_rollback(r->db);
	return rc ? rc : reply_redirect(out, arena_printf(r->a, "/timebank/coordinator/members/%s?done=limit", m.uuid));
}

/* ---- reversals ---- */

static sn_err reverse_page(req *r, reply *out, const tb_transfer *t, int status, const char *problem)
{
	json_t *entries = json_array();
	for (size_t i = 0; i < t->n; i++)
		json_array_append_new(entries, json_pack("{ssss}", "name", t->names[i], "time",
							 tb_minutes_text(r->a, t->entries[i].minutes)));
	json_t *v = json_pack("{sssssssssssosbssssss}", "id", t->uuid, "on", time_uk_day(r->a, t->done_on), "category",
		t->category, "description", t->description, "kind", t->kind, "entries", entries, "reversed",
		t->reversed_by[0] != 0, "reason", req_form(r, "reason"), "problem", problem ? problem : "", "form_id",
		once_form_id(r));
	sn_err rc = audit_append(r->db, &(audit_entry){r->user->uuid, "coordinator", "timebank.transfer.read",
		arena_printf(r->a, "timebank-transfer:%s", t->uuid), "timebank coordinator"});
	if ((rc = tb_finish(r, rc, v)))
		return rc;
	return reply_page(out, status, "timebank/reverse", "Reverse a transfer", v);
}

static sn_err find_transfer(req *r, reply *out, tb_transfer *t, bool *stop)
{
	*stop = false;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = tb_transfer_find(r->db, req_get(r, "id"), r->a, t);
	if (rc != SN_ENOTFOUND)
		return rc;
	store_rollback(r->db);
	*stop = true;
	return reply_error(r, out, 404, "There is no transfer here.");
}

sn_err tb_coord_reverse_form(req *r, reply *out)
{
	tb_transfer t;
	bool stop;
	sn_err rc = find_transfer(r, out, &t, &stop);
	if (rc || stop)
		return rc;
	return reverse_page(r, out, &t, 200, NULL);
}

sn_err tb_coord_reverse(req *r, reply *out)
{
	tb_transfer t;
	bool stop, done = false;
	sn_err rc = find_transfer(r, out, &t, &stop);
	if (rc || stop)
		return rc;
	const char *reason = tb_text(r, "reason", TB_REASON_MAX, true, "The reason");
	if (strlen(req_form(r, "reason")) < TB_REASON_MIN)
		req_add_error(r, "reason", "Say why the transfer is reversed, in at least 10 characters");
	if (tb_has_errors(r))
		return reverse_page(r, out, &t, 422, NULL);
	rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	char uuid[37] = "", err[300] = "";
	rc = tb_reverse(r->db, t.uuid, reason, r->user->id, tb_now(r), tb_today(r), r->a, uuid, err, sizeof err);
	if (rc == SN_ECONFLICT || rc == SN_EINPUT) {
		store_rollback(r->db);
		if ((rc = store_begin_write(r->db)))
			return rc;
		return reverse_page(r, out, &t, 409, arena_strdup(r->a, err));
	}
	if (!rc)
		rc = audit_append(r->db, &(audit_entry){r->user->uuid, "coordinator", "timebank.transfer.reverse",
			arena_printf(r->a, "timebank-transfer:%s", t.uuid), reason});
	return once_finish(r, out, rc, arena_printf(r->a, "/timebank/coordinator/transfers/%s/reverse?done=1", t.uuid));
}

/* ---- organisations join ---- */

static sn_err orgs_page(req *r, reply *out, int status)
{
	const char *q = req_get(r, "q");
	tb_org *os = NULL, *ls;
	size_t n = 0, nl = 0;
	sn_err rc = *q ? tb_orgs_named(r->db, q, r->a, &os, &n) : SN_OK;
	if (!rc)
		rc = tb_localities(r->db, r->a, &ls, &nl);
	json_t *v = json_object(), *rows = json_array(), *areas = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(rows, json_pack("{sssssb}", "uuid", os[i].uuid, "name", os[i].name, "member",
						      os[i].member));
	for (size_t i = 0; i < nl; i++)
		json_array_append_new(areas, json_pack("{sIss}", "value", (json_int_t)ls[i].id, "label", ls[i].name));
	json_object_set_new(v, "q", json_string(q));
	json_object_set_new(v, "orgs", rows);
	json_object_set_new(v, "has_orgs", json_boolean(n > 0));
	json_object_set_new(v, "searched", json_boolean(*q != 0));
	json_object_set_new(v, "areas", areas);
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	if ((rc = tb_finish(r, rc, v)))
		return rc;
	return reply_page(out, status, "timebank/orgs", "An organisation joins the timebank", v);
}

sn_err tb_coord_orgs(req *r, reply *out)
{
	sn_err rc = store_begin(r->db);
	return rc ? rc : orgs_page(r, out, 200);
}

sn_err tb_coord_org_join(req *r, reply *out)
{
	tb_org o;
	bool done = false;
	sn_err rc = store_begin_write(r->db);
	if (!rc && (!str_is_uuid(req_form(r, "org")) || (rc = tb_org_find(r->db, req_form(r, "org"), r->a, &o)))) {
		if (rc && rc != SN_ENOTFOUND)
			return rc;
		rc = SN_OK;
		req_add_error(r, "org", "Choose an organisation from the directory");
	}
	int64_t area = 0;
	if (*req_form(r, "area") && str_to_i64(req_form(r, "area"), 1, INT64_MAX, &area))
		req_add_error(r, "area", "Choose the area");
	if (!rc && tb_has_errors(r))
		return orgs_page(r, out, 422);
	if (!rc && o.member) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "This organisation is a member already.");
	}
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	char uuid[37] = "";
	int64_t id = 0;
	rc = tb_member_join(r->db, "org", 0, o.id, area, r->user->id, tb_now(r), uuid, &id);
	if (!rc)
		rc = seen_one(r, uuid, "timebank.join");
	return once_finish(r, out, rc, "/timebank/coordinator?done=joined");
}

/* ---- minutes to a member of a partner bank ---- */

static sn_err interbank_page(req *r, reply *out, int status, const char *problem)
{
	tb_member *ms;
	tb_partner *ps;
	tb_category *cs;
	size_t nm = 0, np = 0, nc = 0;
	sn_err rc = tb_members_all(r->db, r->a, &ms, &nm);
	if (!rc)
		rc = tb_partners(r->db, r->a, &ps, &np);
	if (!rc)
		rc = tb_categories(r->db, r->a, &cs, &nc);
	json_t *v = json_object(), *members = json_array(), *partners = json_array();
	for (size_t i = 0; i < nm; i++)
		json_array_append_new(members, json_pack("{sssssb}", "value", ms[i].uuid, "label", ms[i].full_name,
			"selected", str_eq(ms[i].uuid, req_form(r, "member"))));
	for (size_t i = 0; i < np; i++)
		json_array_append_new(partners, json_pack("{sssssb}", "value", ps[i].code, "label", ps[i].name, "selected",
							  str_eq(ps[i].code, req_form(r, "bank"))));
	json_object_set_new(v, "members", members);
	json_object_set_new(v, "partners", partners);
	json_object_set_new(v, "has_partners", json_boolean(np > 0));
	json_object_set_new(v, "categories", tb_category_options(r, cs, nc, atoll(req_form(r, "category"))));
	json_object_set_new(v, "remote_member", json_string(req_form(r, "remote_member")));
	json_object_set_new(v, "minutes", json_string(req_form(r, "minutes")));
	json_object_set_new(v, "description", json_string(req_form(r, "description")));
	json_object_set_new(v, "problem", json_string(problem ? problem : ""));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	tb_date_view(r, v, "done", "When was it?");
	if (!rc && nm) {
		const char **seen = arena_alloc(r->a, nm * sizeof *seen);
		for (size_t i = 0; i < nm; i++)
			seen[i] = ms[i].uuid;
		rc = tb_audit_seen(r, seen, nm, "timebank.member.listed");
	}
	if ((rc = tb_finish(r, rc, v)))
		return rc;
	return reply_page(out, status, "timebank/interbank", "Send minutes to another timebank", v);
}

sn_err tb_coord_interbank_form(req *r, reply *out)
{
	sn_err rc = store_begin_write(r->db);
	return rc ? rc : interbank_page(r, out, 200, NULL);
}

sn_err tb_coord_interbank(req *r, reply *out)
{
	bool done = false;
	sn_err rc = store_begin_write(r->db);
	tb_member m;
	tb_partner p;
	if (!rc && (!str_is_uuid(req_form(r, "member")) || tb_member_find(r->db, req_form(r, "member"), r->a, &m)))
		req_add_error(r, "member", "Choose the member who gives the minutes");
	if (!rc && (!tb_code_ok(req_form(r, "bank")) || tb_partner_by_code(r->db, req_form(r, "bank"), r->a, &p)))
		req_add_error(r, "bank", "Choose the partner timebank");
	if (!str_is_uuid(req_form(r, "remote_member")))
		req_add_error(r, "remote_member", "Enter the member's id at the other timebank (a UUID they give you)");
	tb_send x = {.by_user = r->user->id, .remote_member = req_form(r, "remote_member"), .now = tb_now(r)};
	sn_err mrc = tb_minutes_parse(req_form(r, "minutes"), TB_MINUTES_MAX, &x.minutes);
	if (mrc)
		req_add_error(r, "minutes", "Enter the time in minutes, like 90, or hours and minutes, like 1:30, at most 24 hours");
	if (!tb_category_field(r, "category", &x.category_id))
		req_add_error(r, "category", "Choose what kind of help it was");
	char day[11];
	tb_date_field(r, "done", "the day", day);
	x.done_on = day;
	x.description = tb_text(r, "description", TB_DESC_MAX, false, "The description");
	if (!rc && tb_has_errors(r))
		return interbank_page(r, out, 422, NULL);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	char uuid[37] = "", err[300] = "";
	rc = tb_send_interbank(r->db, &m, &p, &x, r->a, uuid, err, sizeof err);
	if (rc == SN_ECONFLICT || rc == SN_EINPUT) {
		store_rollback(r->db);
		if ((rc = store_begin_write(r->db)))
			return rc;
		return interbank_page(r, out, 422, arena_strdup(r->a, err));
	}
	if (!rc)
		rc = seen_one(r, m.uuid, "timebank.interbank.send");
	return once_finish(r, out, rc, "/timebank/coordinator?done=sent");
}
