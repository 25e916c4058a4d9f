/* Exchanges on the web: one side records what was given (minutes,
 * category, day, a short description), the other confirms (which makes the
 * transfer, after the receiver's credit check) or declines (which makes
 * none); and the member's statement. A form with a problem is shown again
 * (422) naming its fields, and nothing is stored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../once/once.h"
#include "tb_int.h"

/* The members the actor has been put in touch with, and with (when set). */
static json_t *partner_options(req *r, const tb_actor *act, const char *with, size_t *n)
{
	tb_contact *cs;
	size_t nc = 0;
	json_t *list = json_array();
	*n = 0;
	if (tb_contacts_of(r->db, act->m.id, r->a, &cs, &nc))
		nc = 0;
	for (size_t i = 0; i < nc; i++) {
		if (str_eq(cs[i].status, "declined"))
			continue;
		bool to_me = cs[i].to_member_id == act->m.id;
		const char *uuid = to_me ? cs[i].from_uuid : cs[i].to_uuid;
		bool dup = false;
		size_t k;
		json_t *o;
		json_array_foreach(list, k, o) dup |= str_eq(json_string_value(json_object_get(o, "value")), uuid);
		if (dup)
			continue;
		json_array_append_new(list, json_pack("{sssssb}", "value", uuid, "label", arena_printf(r->a,
			"%s (about: %s)", to_me ? cs[i].from_name : cs[i].to_name, cs[i].listing_title), "selected",
			str_eq(uuid, with)));
		(*n)++;
	}
	tb_member w;
	if (*with && !tb_member_find(r->db, with, r->a, &w) && w.id != act->m.id) {
		bool listed = false;
		size_t k;
		json_t *o;
		json_array_foreach(list, k, o) listed |= str_eq(json_string_value(json_object_get(o, "value")), with);
		if (!listed) {
			json_array_append_new(list, json_pack("{sssssb}", "value", w.uuid, "label",
				arena_printf(r->a, "%s, %s", w.first_name, *w.area ? w.area : "no area given"), "selected", 1));
			(*n)++;
		}
	}
	return list;
}

static sn_err exchange_form_page(req *r, reply *out, const tb_actor *act, int status)
{
	tb_category *cats;
	size_t nc = 0, np = 0;
	sn_err rc = tb_categories(r->db, r->a, &cats, &nc);
	json_t *v = json_object();
	const char *with = *req_form(r, "with") ? req_form(r, "with") : req_get(r, "with");
	json_object_set_new(v, "partners", partner_options(r, act, with, &np));
	json_object_set_new(v, "has_partners", json_boolean(np > 0));
	json_object_set_new(v, "categories", tb_category_options(r, cats, nc, req_get_i64(r, "category", 0)
		? req_get_i64(r, "category", 0) : atoll(req_form(r, "category"))));
	json_object_set_new(v, "member", tb_member_view(r, &act->m));
	json_object_set_new(v, "minutes", json_string(req_form(r, "minutes")));
	json_object_set_new(v, "description", json_string(req_form(r, "description")));
	json_object_set_new(v, "gave", json_boolean(!str_eq(req_form(r, "direction"), "received")));
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	tb_date_view(r, v, "done", "When was it?");
	if (!rc)
		rc = tb_audit(r, act, "timebank.read");
	if ((rc = tb_finish(r, rc, v)))
		return rc;
	return reply_page(out, status, "timebank/exchange-new", "Record an exchange", v);
}

sn_err tb_exchange_form(req *r, reply *out)
{
	tb_actor act;
	bool stop;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = tb_as(r, out, req_get(r, "member"), &act, &stop);
	if (rc || stop)
		return rc;
	return exchange_form_page(r, out, &act, 200);
}

/* Reads the form into x; field errors for what is wrong. */
static void read_exchange(req *r, const tb_actor *act, tb_exchange *x, char done[static 11])
{
	memset(x, 0, sizeof *x);
	const char *dir = req_form(r, "direction");
	if (!str_eq(dir, "gave") && !str_eq(dir, "received"))
		req_add_error(r, "direction", "Choose whether you gave or received the time");
	tb_member w;
	const char *with = req_form(r, "with");
	if (!str_is_uuid(with) || tb_member_find(r->db, with, r->a, &w) || w.id == act->m.id)
		req_add_error(r, "with", "Choose the member the exchange was with");
	else if (str_eq(dir, "received")) {
		x->giver_id = w.id;
		x->receiver_id = act->m.id;
	} else {
		x->giver_id = act->m.id;
		x->receiver_id = w.id;
	}
	x->recorded_by_side = str_eq(dir, "received") ? "receiver" : "giver";
	sn_err mrc = tb_minutes_parse(req_form(r, "minutes"), TB_MINUTES_MAX, &x->minutes);
	if (mrc)
		req_add_error(r, "minutes", mrc == SN_ETOOBIG ? "Enter at most 1440 minutes (24 hours) for one exchange"
			      : "Enter the time in minutes, like 90, or hours and minutes, like 1:30");
	if (!tb_category_field(r, "category", &x->category_id))
		req_add_error(r, "category", "Choose what kind of help it was");
	tb_date_field(r, "done", "the day of the exchange", done);
	x->done_on = done;
	x->description = tb_text(r, "description", TB_DESC_MAX, false, "The description");
}

sn_err tb_exchange_save(req *r, reply *out)
{
	tb_actor act;
	bool stop, done = false;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = tb_as(r, out, req_form(r, "member"), &act, &stop);
	if (rc || stop)
		return rc;
	tb_exchange x;
	char day[11];
	read_exchange(r, &act, &x, day);
	if (tb_has_errors(r))
		return exchange_form_page(r, out, &act, 422);
	rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	char uuid[37] = "";
	int64_t id = 0;
	rc = tb_exchange_add(r->db, &x, r->user->id, tb_now(r), uuid, &id);
	if (!rc)
		rc = tb_audit(r, &act, "timebank.exchange.record");
	return once_finish(r, out, rc, arena_printf(r->a, "/timebank?member=%s&done=recorded", act.m.uuid));
}

/* ---- one exchange ---- */

static sn_err reach_exchange(req *r, reply *out, tb_exchange *x, tb_actor *act, bool *stop)
{
	*stop = false;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = tb_exchange_find(r->db, req_get(r, "id"), r->a, x);
	if (rc == SN_ENOTFOUND) {
		store_rollback(r->db);
		*stop = true;
		return reply_error(r, out, 404, "There is no exchange here.");
	}
	/* the side that confirms first, when the caller acts for both */
	int64_t confirmer = str_eq(x->recorded_by_side, "giver") ? x->receiver_id : x->giver_id;
	int64_t other = confirmer == x->giver_id ? x->receiver_id : x->giver_id;
	return rc ? rc : tb_as_either(r, out, confirmer, other, act, stop);
}

static bool may_decide(req *r, const tb_exchange *x, const tb_actor *act)
{
	int64_t confirmer = str_eq(x->recorded_by_side, "giver") ? x->receiver_id : x->giver_id;
	return str_eq(x->status, "pending") && act->m.id == confirmer && x->recorded_by != r->user->id;
}

static sn_err exchange_view(req *r, reply *out, const tb_exchange *x, const tb_actor *act, int status,
			    const char *problem)
{
	bool gave = x->giver_id == act->m.id;
	json_t *v = json_pack("{sssssssssssssssssssssbsbsbsbss}", "id", x->uuid, "member", act->m.uuid, "giver",
		x->giver_name, "receiver", x->receiver_name, "time", tb_minutes_text(r->a, x->minutes), "category",
		x->category, "on", time_uk_day(r->a, x->done_on), "description", x->description, "status", x->status,
		"recorded_by", str_eq(x->recorded_by_side, "giver") ? x->giver_name : x->receiver_name, "can_decide",
		may_decide(r, x, act), "gave", gave, "pending", str_eq(x->status, "pending"), "reversed", x->reversed,
		"problem", problem ? problem : "");
	const char *other = gave ? x->receiver_uuid : x->giver_uuid;
	sn_err rc = tb_audit(r, act, "timebank.exchange.read");
	if (!rc)
		rc = tb_audit_seen(r, &other, 1, "timebank.member.seen");
	if ((rc = tb_finish(r, rc, v)))
		return rc;
	return reply_page(out, status, "timebank/exchange", "An exchange", v);
}

sn_err tb_exchange_page(req *r, reply *out)
{
	tb_exchange x;
	tb_actor act;
	bool stop;
	sn_err rc = reach_exchange(r, out, &x, &act, &stop);
	if (rc || stop)
		return rc;
	return exchange_view(r, out, &x, &act, 200, NULL);
}

static sn_err decide(req *r, reply *out, bool confirm)
{
	tb_exchange x;
	tb_actor act;
	bool stop, done = false;
	sn_err rc = reach_exchange(r, out, &x, &act, &stop);
	if (rc || stop)
		return rc;
	if (!may_decide(r, &x, &act)) {
		store_rollback(r->db);
		return reply_error(r, out, str_eq(x.status, "pending") ? 403 : 409, str_eq(x.status, "pending")
			? "The other member confirms or declines an exchange, not the one who recorded it."
			: "This exchange was confirmed or declined already.");
	}
	rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	char err[300] = "";
	int64_t transfer = 0;
	rc = confirm ? tb_confirm(r->db, &x, r->user->id, tb_now(r), r->a, &transfer, err, sizeof err)
		     : tb_exchange_decide(r->db, x.id, "declined", 0, r->user->id, tb_now(r));
	if (rc == SN_ECONFLICT && confirm) {
		/* refused by the credit check: nothing changes, the page says why */
		store_rollback(r->db);
		if ((rc = store_begin_write(r->db)))
			return rc;
		return exchange_view(r, out, &x, &act, 422, arena_strdup(r->a, err));
	}
	if (!rc)
		rc = tb_audit(r, &act, confirm ? "timebank.exchange.confirm" : "timebank.exchange.decline");
	return once_finish(r, out, rc, arena_printf(r->a, "/timebank?member=%s&done=%s", act.m.uuid,
						    confirm ? "confirmed" : "declined"));
}

sn_err tb_exchange_confirm(req *r, reply *out) { return decide(r, out, true); }
sn_err tb_exchange_decline(req *r, reply *out) { return decide(r, out, false); }

/* ---- the statement ---- */

#define TB_PAGE 20

json_t *tb_lines_view(req *r, const tb_line *l, size_t n)
{
	json_t *rows = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *what = str_eq(l[i].kind, "reversal") ? "Reversal" : str_eq(l[i].kind, "interbank_out")
			? "Sent to another timebank" : str_eq(l[i].kind, "interbank_in") ? "From another timebank"
			: l[i].minutes > 0 ? "Gave time" : "Received time";
		json_array_append_new(rows, json_pack("{sssssssssssssssssssbss}", "transfer", l[i].transfer_uuid, "on",
			time_uk_day(r->a, l[i].done_on), "what", what, "with", l[i].other, "category", l[i].category,
			"description", l[i].description, "minutes", arena_printf(r->a, "%+lld", (long long)l[i].minutes),
			"time", tb_minutes_text(r->a, l[i].minutes), "balance", tb_minutes_text(r->a, l[i].balance_after),
			"reversed", l[i].reversed, "reason", l[i].reason));
	}
	return rows;
}

sn_err tb_statement_page(req *r, reply *out)
{
	tb_actor act;
	bool stop;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = tb_as(r, out, req_get(r, "member"), &act, &stop);
	if (rc || stop)
		return rc;
	int64_t page = req_get_i64(r, "page", 1), total = 0;
	tb_line *lines;
	size_t n = 0;
	rc = tb_statement(r->db, act.m.account_id, TB_PAGE, (page - 1) * TB_PAGE, r->a, &lines, &n, &total);
	json_t *v = json_object();
	json_object_set_new(v, "member", tb_member_view(r, &act.m));
	json_object_set_new(v, "lines", tb_lines_view(r, lines, n));
	json_object_set_new(v, "has_lines", json_boolean(n > 0));
	json_object_set_new(v, "total", json_integer(total));
	json_object_set_new(v, "page", json_integer(page));
	json_object_set_new(v, "has_prev", json_boolean(page > 1));
	json_object_set_new(v, "has_next", json_boolean(page * TB_PAGE < total));
	json_object_set_new(v, "prev", json_integer(page - 1));
	json_object_set_new(v, "next", json_integer(page + 1));
	if (!rc)
		rc = tb_audit(r, &act, "timebank.statement.read");
	if ((rc = tb_finish(r, rc, v)))
		return rc;
	return reply_page(out, 200, "timebank/statement", arena_printf(r->a, "Statement: %s", act.m.full_name), v);
}
