/* The timebank's pages (docs/timebank.md): who the caller acts as, a
 * member's home, joining, the person page's section, and the helpers the
 * other pages share. A person's membership is reached only through the
 * caller's relationship with the person (access_person: their own record,
 * named, their worker); an organisation's through being one of its
 * people. Every read and write is audited in the same transaction. */
#include <stdio.h>
#include <string.h>

#include "../once/once.h"
#include "tb_int.h"

/* ---- who the caller acts as ---- */

static bool may_act(req *r, const tb_member *m, access_basis *basis)
{
	*basis = ACCESS_NONE;
	if (str_eq(m->kind, "org")) {
		bool in = false;
		return !tb_user_in_org(r->db, r->user->id, m->org_id, &in) && in;
	}
	return !access_person(r->db, r->user, m->person_id, basis) && *basis != ACCESS_NONE &&
	       *basis != ACCESS_BREAK_GLASS;
}

sn_err tb_denied(req *r, reply *out, const char *record, const char *why, const char *message)
{
	store_rollback(r->db);
	audit_entry e = {r->user->uuid, "", "timebank.denied", record, why};
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = audit_append(r->db, &e);
	if (!rc)
		rc = store_commit(r->db);
	store_rollback(r->db);
	return rc ? rc : reply_error(r, out, 403, message);
}

/* Keeps the members the caller may act for in act->all; picks match(m). */
static sn_err pick(req *r, tb_actor *act, bool (*match)(const tb_member *, const void *), const void *arg,
		   bool *found)
{
	memset(act, 0, sizeof *act);
	*found = false;
	tb_member *rows;
	size_t n = 0;
	sn_err rc = tb_members_of_user(r->db, r->user->id, r->a, &rows, &n);
	if (rc)
		return rc;
	act->all = arena_alloc(r->a, (n ? n : 1) * sizeof *act->all);
	for (size_t i = 0; i < n; i++) {
		access_basis b;
		if (!may_act(r, &rows[i], &b))
			continue;
		act->all[act->n_all++] = rows[i];
		if (!*found && match(&rows[i], arg)) {
			act->m = rows[i];
			act->basis = b;
			*found = true;
		}
	}
	return SN_OK;
}

static bool by_uuid(const tb_member *m, const void *arg)
{
	return !*(const char *)arg || str_eq(m->uuid, arg);
}

static bool by_id(const tb_member *m, const void *arg) { return m->id == *(const int64_t *)arg; }

sn_err tb_as(req *r, reply *out, const char *uuid, tb_actor *act, bool *stop)
{
	bool found = false;
	*stop = false;
	sn_err rc = pick(r, act, by_uuid, uuid ? uuid : "", &found);
	if (rc || found)
		return rc;
	*stop = true;
	return tb_denied(r, out, arena_printf(r->a, "timebank-member:%s", uuid && *uuid ? uuid : "none"),
			 "not a member the caller acts for",
			 "Only timebank members, and the people who act for them, can use this page.");
}

sn_err tb_as_either(req *r, reply *out, int64_t first, int64_t second, tb_actor *act, bool *stop)
{
	bool found = false;
	*stop = false;
	sn_err rc = pick(r, act, by_id, &first, &found);
	if (!rc && !found)
		rc = pick(r, act, by_id, &second, &found);
	if (rc || found)
		return rc;
	*stop = true;
	return tb_denied(r, out, "timebank", "not a member of the exchange or request",
			 "Only the members this is between, and the people who act for them, can see it.");
}

sn_err tb_audit(req *r, const tb_actor *act, const char *action)
{
	if (str_eq(act->m.kind, "person"))
		return access_audit_person(r->db, r->user, act->basis, action, act->m.person_uuid);
	audit_entry e = {r->user->uuid, "partner", action, arena_printf(r->a, "timebank-member:%s", act->m.uuid),
			 "one of the organisation's people"};
	return audit_append(r->db, &e);
}

sn_err tb_audit_seen(req *r, const char *const *member_uuids, size_t n, const char *action)
{
	if (!n)
		return SN_OK;
	audit_entry *e = arena_alloc(r->a, n * sizeof *e);
	for (size_t i = 0; i < n; i++)
		e[i] = (audit_entry){r->user->uuid, (r->user->roles & R_COORDINATOR) ? "coordinator" : "member", action,
				     arena_printf(r->a, "timebank-member:%s", member_uuids[i]),
				     (r->user->roles & R_COORDINATOR) ? "timebank coordinator" : "first name and area"};
	return audit_append_many(r->db, e, n);
}

/* ---- form helpers ---- */

bool tb_has_errors(const req *r) { return r->errors && json_array_size(r->errors) > 0; }

const char *tb_text(req *r, const char *field, size_t max, bool lines, const char *what)
{
	const char *v = req_form(r, field);
	bool ok = strlen(v) <= max;
	for (const char *p = v; ok && *p; p++)
		ok = (unsigned char)*p >= 0x20 || (lines && (*p == '\n' || *p == '\r' || *p == '\t'));
	if (!ok) {
		req_add_error(r, field, arena_printf(r->a, "%s must be at most %zu characters%s", what, max,
						     lines ? "" : " on one line"));
		return "";
	}
	return v;
}

const char *tb_today(req *r)
{
	char now[21];
	time_iso8601(time_now(), now);
	return arena_strndup(r->a, now, 10);
}

const char *tb_now(req *r)
{
	char now[21];
	time_iso8601(time_now(), now);
	return arena_strdup(r->a, now);
}

static const char *date_field(req *r, const char *prefix, const char *part)
{
	return req_form(r, arena_printf(r->a, "%s-%s", prefix, part));
}

bool tb_date_field(req *r, const char *prefix, const char *what, char out[static 11])
{
	const char *d = date_field(r, prefix, "day"), *m = date_field(r, prefix, "month");
	const char *y = date_field(r, prefix, "year");
	if (!*d && !*m && !*y) {
		snprintf(out, 11, "%s", tb_today(r));
		return true;
	}
	int64_t dd = 0, mm = 0, yy = 0;
	if (!str_to_i64(d, 1, 31, &dd) && !str_to_i64(m, 1, 12, &mm) && !str_to_i64(y, 1900, 2199, &yy)) {
		snprintf(out, 11, "%04d-%02d-%02d", (int)yy, (int)mm, (int)dd);
		if (tb_day(out) >= 0 && tb_day(out) <= tb_day(tb_today(r)))
			return true;
	}
	req_add_error(r, arena_printf(r->a, "%s-day", prefix),
		      arena_printf(r->a, "Enter %s as a real date, like 27 3 2026, not in the future", what));
	return false;
}

void tb_date_view(req *r, json_t *v, const char *prefix, const char *legend)
{
	const char *today = tb_today(r);
	const char *parts[] = {"day", "month", "year"};
	const char *now[] = {arena_printf(r->a, "%d", (today[8] - '0') * 10 + today[9] - '0'),
			     arena_printf(r->a, "%d", (today[5] - '0') * 10 + today[6] - '0'),
			     arena_strndup(r->a, today, 4)};
	bool typed = false;
	for (int i = 0; i < 3; i++)
		typed |= *date_field(r, prefix, parts[i]) != 0;
	json_t *o = json_pack("{ssss}", "date_prefix", prefix, "date_legend", legend);
	for (int i = 0; i < 3; i++)
		json_object_set_new(o, arena_printf(r->a, "date_%s", parts[i]),
				    json_string(typed ? date_field(r, prefix, parts[i]) : now[i]));
	size_t i;
	json_t *e;
	json_array_foreach(r->errors, i, e) if (str_eq(json_string_value(json_object_get(e, "field")),
						       arena_printf(r->a, "%s-day", prefix)))
		json_object_set(o, "date_error", json_object_get(e, "message"));
	json_object_set_new(v, "date", o);
}

json_t *tb_category_options(req *r, const tb_category *c, size_t n, int64_t selected)
{
	(void)r;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{sIsssb}", "value", (json_int_t)c[i].id, "label", c[i].label,
						      "selected", c[i].id == selected));
	return list;
}

bool tb_category_field(req *r, const char *field, int64_t *id)
{
	int64_t want = 0;
	tb_category *c;
	size_t n = 0;
	*id = 0;
	if (str_to_i64(req_form(r, field), 1, 1000000, &want) || tb_categories(r->db, r->a, &c, &n))
		return false;
	for (size_t i = 0; i < n; i++)
		if (c[i].id == want)
			*id = want;
	return *id != 0;
}

json_t *tb_member_view(req *r, const tb_member *m)
{
	return json_pack("{sssssssssssssbsssbss}", "uuid", m->uuid, "name", m->full_name, "first_name", m->first_name,
		"area", m->area, "balance", tb_minutes_text(r->a, m->balance), "balance_minutes",
		arena_printf(r->a, "%lld", (long long)m->balance), "has_limit", m->has_limit, "limit",
		m->has_limit ? tb_minutes_text(r->a, m->credit_limit) : "", "is_org", str_eq(m->kind, "org"),
		"joined", time_uk_day(r->a, m->joined_at));
}

sn_err tb_finish(req *r, sn_err rc, json_t *v)
{
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		json_decref(v);
	}
	return rc;
}

/* ---- the member's home ---- */

static json_t *exchange_row(req *r, const tb_exchange *x, int64_t me)
{
	bool gave = x->giver_id == me;
	bool mine_to_confirm = str_eq(x->status, "pending") && str_eq(x->recorded_by_side, gave ? "receiver" : "giver");
	return json_pack("{sssssssssssssssbsbsb}", "id", x->uuid, "with", gave ? x->receiver_name : x->giver_name,
		"what", gave ? "You gave" : "You received", "time", tb_minutes_text(r->a, x->minutes), "category",
		x->category, "on", time_uk_day(r->a, x->done_on), "description", x->description, "to_confirm",
		mine_to_confirm, "confirmed", str_eq(x->status, "confirmed"), "reversed", x->reversed);
}

static sn_err home_lists(req *r, const tb_actor *act, json_t *v)
{
	tb_exchange *xs;
	tb_contact *cs;
	tb_listing *ls;
	size_t nx = 0, nc = 0, nl = 0;
	sn_err rc = tb_exchanges_of(r->db, act->m.id, "", 30, r->a, &xs, &nx);
	if (!rc)
		rc = tb_contacts_of(r->db, act->m.id, r->a, &cs, &nc);
	if (!rc)
		rc = tb_listings_of(r->db, act->m.id, r->a, &ls, &nl);
	if (rc)
		return rc;
	json_t *confirm = json_array(), *waiting = json_array(), *recent = json_array();
	const char **seen = arena_alloc(r->a, (nx + nc + 1) * sizeof *seen);
	size_t n_seen = 0;
	for (size_t i = 0; i < nx; i++) {
		json_t *row = exchange_row(r, &xs[i], act->m.id);
		bool to_confirm = json_is_true(json_object_get(row, "to_confirm"));
		json_array_append_new(str_eq(xs[i].status, "pending") ? (to_confirm ? confirm : waiting) : recent, row);
		seen[n_seen++] = xs[i].giver_id == act->m.id ? xs[i].receiver_uuid : xs[i].giver_uuid;
	}
	json_t *received = json_array(), *sent = json_array();
	for (size_t i = 0; i < nc; i++) {
		bool to_me = cs[i].to_member_id == act->m.id;
		json_array_append_new(to_me ? received : sent, json_pack("{sssssssssssbsb}", "id", cs[i].uuid, "with",
			to_me ? cs[i].from_name : cs[i].to_name, "about", cs[i].listing_title, "when",
			time_uk_when(r->a, cs[i].created_at), "status", str_eq(cs[i].status, "sent") ? "Waiting for an answer"
			: str_eq(cs[i].status, "replied") ? "Answered" : "Declined", "waiting", str_eq(cs[i].status, "sent"),
			"answered", str_eq(cs[i].status, "replied")));
		seen[n_seen++] = to_me ? cs[i].from_uuid : cs[i].to_uuid;
	}
	json_t *listings = json_array();
	for (size_t i = 0; i < nl; i++)
		json_array_append_new(listings, json_pack("{ssssssss}", "id", ls[i].uuid, "kind", str_eq(ls[i].kind, "offer")
			? "Offer" : "Need", "title", ls[i].title, "category", ls[i].category));
	json_object_set_new(v, "to_confirm", confirm);
	json_object_set_new(v, "has_to_confirm", json_boolean(json_array_size(confirm) > 0));
	json_object_set_new(v, "waiting", waiting);
	json_object_set_new(v, "has_waiting", json_boolean(json_array_size(waiting) > 0));
	json_object_set_new(v, "recent", recent);
	json_object_set_new(v, "has_recent", json_boolean(json_array_size(recent) > 0));
	json_object_set_new(v, "received", received);
	json_object_set_new(v, "has_received", json_boolean(json_array_size(received) > 0));
	json_object_set_new(v, "sent", sent);
	json_object_set_new(v, "has_sent", json_boolean(json_array_size(sent) > 0));
	json_object_set_new(v, "listings", listings);
	json_object_set_new(v, "has_listings", json_boolean(nl > 0));
	return tb_audit_seen(r, seen, n_seen, "timebank.member.seen");
}

/* The page for someone who acts for no member: joining with their own record. */
static sn_err not_member(req *r, reply *out)
{
	const char *own = NULL;
	sn_err rc = people_uuid_of_user(r->db, r->user->id, r->a, &own);
	json_t *v = json_pack("{sbss}", "not_member", 1, "form_id", once_form_id(r));
	if (!rc && own) {
		json_object_set_new(v, "can_join", json_true());
		json_object_set_new(v, "person", json_string(own));
		rc = access_audit_person(r->db, r->user, ACCESS_SELF, "timebank.read", own);
	}
	if ((rc = tb_finish(r, rc, v)))
		return rc;
	return reply_page(out, 200, "timebank/home", "Timebank", v);
}

sn_err tb_home(req *r, reply *out)
{
	tb_actor act;
	bool found = false;
	sn_err rc = store_begin_write(r->db);
	const char *want = req_get(r, "member");
	if (!rc)
		rc = pick(r, &act, by_uuid, want, &found);
	if (!rc && !found && !*want)
		return not_member(r, out);
	bool stop = false;
	if (!rc && !found)
		rc = tb_as(r, out, want, &act, &stop);
	if (rc || stop)
		return rc;
	json_t *v = json_object();
	json_object_set_new(v, "member", tb_member_view(r, &act.m));
	json_t *others = json_array();
	for (size_t i = 0; i < act.n_all; i++)
		json_array_append_new(others, json_pack("{sssssb}", "uuid", act.all[i].uuid, "name", act.all[i].full_name,
							"current", act.all[i].id == act.m.id));
	json_object_set_new(v, "others", others);
	json_object_set_new(v, "has_others", json_boolean(act.n_all > 1));
	rc = home_lists(r, &act, v);
	if (!rc)
		rc = tb_audit(r, &act, "timebank.read");
	if ((rc = tb_finish(r, rc, v)))
		return rc;
	const char *done = req_get(r, "done");
	json_object_set_new(v, "done", json_string(str_eq(done, "joined") ? "Welcome to the timebank."
		: str_eq(done, "recorded") ? "The exchange is recorded. The other member will be asked to confirm it."
		: str_eq(done, "confirmed") ? "The exchange is confirmed and the time is in the ledger."
		: str_eq(done, "declined") ? "The exchange is declined. Nothing was added to the ledger."
		: str_eq(done, "listed") ? "Your offer or need is listed." : str_eq(done, "withdrawn")
		? "It is no longer listed." : str_eq(done, "asked") ? "Your request is sent. Your contact details have not "
		"been shared." : str_eq(done, "answered") ? "Your answer is sent." : ""));
	return reply_page(out, 200, "timebank/home", arena_printf(r->a, "Timebank: %s", act.m.full_name), v);
}

/* ---- joining ---- */

sn_err tb_join(req *r, reply *out)
{
	person *p = NULL;
	access_basis basis = ACCESS_NONE;
	bool done = false;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = people_find(r->db, req_form(r, "person"), r->a, &p);
	if (!rc)
		rc = access_person(r->db, r->user, p->id, &basis);
	if (rc == SN_ENOTFOUND || rc == SN_EINPUT) {
		store_rollback(r->db);
		return reply_error(r, out, 404, "There is no record here.");
	}
	if (!rc && (basis == ACCESS_NONE || basis == ACCESS_BREAK_GLASS))
		return tb_denied(r, out, arena_printf(r->a, "person:%s", p->uuid), "no relationship to the person",
				 "Only the person, and the people they have named or their worker, can join them.");
	tb_member m;
	if (!rc) {
		rc = tb_member_of_person(r->db, p->id, r->a, &m);
		if (!rc) {
			store_rollback(r->db);
			return reply_redirect(out, arena_printf(r->a, "/timebank?member=%s", m.uuid));
		}
		if (rc == SN_ENOTFOUND)
			rc = SN_OK;
	}
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	int64_t locality = 0, id = 0;
	char uuid[37] = "";
	rc = tb_person_locality(r->db, p->id, &locality);
	if (!rc)
		rc = tb_member_join(r->db, "person", p->id, 0, locality, r->user->id, tb_now(r), uuid, &id);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "timebank.join", p->uuid);
	return once_finish(r, out, rc, arena_printf(r->a, "/timebank?member=%s&done=joined", uuid));
}

/* ---- the person page's section ---- */

sn_err tb_person_section(req *r, const person *p, access_basis basis, json_t *view)
{
	if (basis == ACCESS_NONE || basis == ACCESS_BREAK_GLASS)
		return SN_OK;
	tb_member m;
	sn_err rc = tb_member_of_person(r->db, p->id, r->a, &m);
	if (rc && rc != SN_ENOTFOUND)
		return SN_OK; /* a failure shows nothing */
	json_t *o = json_pack("{sbssss}", "member", rc == SN_OK, "person", p->uuid, "form_id", once_form_id(r));
	if (!rc) {
		json_object_set_new(o, "href", json_string(arena_printf(r->a, "/timebank?member=%s", m.uuid)));
		json_object_set_new(o, "balance", json_string(tb_minutes_text(r->a, m.balance)));
	}
	json_object_set_new(view, "timebank", o);
	return SN_OK;
}
