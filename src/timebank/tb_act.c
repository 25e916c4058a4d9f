/* What members and coordinators do with the ledger (tb_act.h). Every
 * transfer goes through tb_transfer_write, which refuses entries that do
 * not balance; every one that takes minutes off a member's account first
 * locks the account and checks its credit limit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../access/access.h"
#include "tb_act.h"

static sn_err say(char *err, size_t err_size, sn_err rc, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static sn_err say(char *err, size_t err_size, sn_err rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, err_size, fmt, ap);
	va_end(ap);
	return rc;
}

/* Locks both accounts (the lower id first, so two transfers between the
 * same two accounts never wait on each other) and checks that payer may
 * pay minutes. */
static sn_err credit_check(store *s, const tb_member *payer, int64_t other_account, int64_t minutes, arena *a,
			   char *err, size_t err_size)
{
	int64_t lo = payer->account_id < other_account ? payer->account_id : other_account;
	int64_t hi = payer->account_id < other_account ? other_account : payer->account_id;
	sn_err rc = tb_account_lock(s, lo);
	if (!rc)
		rc = tb_account_lock(s, hi);
	int64_t balance = 0;
	if (!rc)
		rc = tb_balance(s, payer->account_id, &balance);
	if (!rc && !tb_credit_ok(balance, minutes, payer->has_limit, payer->credit_limit))
		return say(err, err_size, SN_ECONFLICT,
			   "This would take %s's balance to %s, past their credit limit of %s below zero. "
			   "Nothing was recorded.", payer->first_name, tb_minutes_text(a, balance - minutes),
			   tb_minutes_text(a, payer->credit_limit));
	return rc;
}

sn_err tb_confirm(store *s, const tb_exchange *x, int64_t by_user, const char *now, arena *a, int64_t *transfer_id,
		  char *err, size_t err_size)
{
	err[0] = 0;
	if (!str_eq(x->status, "pending"))
		return say(err, err_size, SN_ECONFLICT, "This exchange was confirmed or declined already.");
	tb_member giver, receiver;
	sn_err rc = tb_member_get(s, x->giver_id, a, &giver);
	if (!rc)
		rc = tb_member_get(s, x->receiver_id, a, &receiver);
	if (!rc)
		rc = credit_check(s, &receiver, giver.account_id, x->minutes, a, err, err_size);
	tb_entry e[2];
	if (!rc && tb_transfer_entries(giver.account_id, receiver.account_id, x->minutes, e))
		rc = say(err, err_size, SN_EINPUT, "The exchange's minutes cannot be recorded.");
	tb_transfer_new t = {.kind = "exchange", .category_id = x->category_id, .created_by = by_user,
			     .done_on = x->done_on, .description = x->description, .now = now};
	char uuid[37] = "";
	if (!rc)
		rc = tb_transfer_write(s, &t, e, 2, uuid, transfer_id);
	if (!rc)
		rc = tb_exchange_decide(s, x->id, "confirmed", *transfer_id, by_user, now);
	if (rc == SN_ECONFLICT && !*err)
		say(err, err_size, rc, "This exchange was confirmed or declined already.");
	return rc;
}

sn_err tb_reverse(store *s, const char *transfer_uuid, const char *reason, int64_t by_user, const char *now,
		  const char *today, arena *a, char uuid[static 37], char *err, size_t err_size)
{
	err[0] = 0;
	size_t len = reason ? strlen(reason) : 0;
	if (len < TB_REASON_MIN || len > TB_REASON_MAX)
		return say(err, err_size, SN_EINPUT, "Say why the transfer is reversed, in %d to %d characters",
			   TB_REASON_MIN, TB_REASON_MAX);
	tb_transfer t;
	sn_err rc = tb_transfer_find(s, transfer_uuid, a, &t);
	if (rc == SN_ENOTFOUND)
		return say(err, err_size, rc, "There is no such transfer.");
	if (!rc && !str_eq(t.kind, "exchange"))
		return say(err, err_size, SN_ECONFLICT, "Only an exchange's transfer can be reversed here: a reversal or "
			   "an inter-bank transfer cannot.");
	if (!rc && t.reversed_by[0])
		return say(err, err_size, SN_ECONFLICT, "This transfer was reversed already.");
	tb_entry back[SN_ARRAY_LEN(t.entries)];
	if (!rc && tb_reversal_entries(t.entries, t.n, back))
		return say(err, err_size, SN_ECONFLICT, "This transfer does not balance: run supportnet timebank verify.");
	for (size_t i = 0; i < t.n && !rc; i++)
		rc = tb_account_lock(s, back[i].account);
	tb_transfer_new n = {.kind = "reversal", .reverses_id = t.id, .category_id = t.category_id,
			     .created_by = by_user, .done_on = today,
			     .description = arena_printf(a, "Reversal of %.150s", t.description), .reason = reason,
			     .now = now};
	int64_t id = 0;
	if (!rc)
		rc = tb_transfer_write(s, &n, back, t.n, uuid, &id);
	if (rc == SN_ECONFLICT)
		say(err, err_size, rc, "This transfer was reversed already.");
	return rc;
}

sn_err tb_send_interbank(store *s, const tb_member *from, const tb_partner *p, const tb_send *x, arena *a,
			 char uuid[static 37], char *err, size_t err_size)
{
	err[0] = 0;
	if (!str_is_uuid(x->remote_member))
		return say(err, err_size, SN_EINPUT, "Enter the member's id at %s (a UUID they give you)", p->name);
	sn_err rc = credit_check(s, from, p->account_id, x->minutes, a, err, err_size);
	tb_entry e[2];
	if (!rc && tb_transfer_entries(p->account_id, from->account_id, x->minutes, e))
		rc = say(err, err_size, SN_EINPUT, "The minutes cannot be recorded.");
	tb_transfer_new t = {.kind = "interbank_out", .category_id = x->category_id, .partner_id = p->id,
			     .created_by = x->by_user, .done_on = x->done_on, .description = x->description,
			     .remote_member = x->remote_member, .now = x->now};
	int64_t id = 0;
	if (!rc)
		rc = tb_transfer_write(s, &t, e, 2, uuid, &id);
	return rc;
}

sn_err tb_export(store *s, const char *code, const char *now, arena *a, char **text, int64_t *count, char *err,
		 size_t err_size)
{
	*text = NULL;
	*count = 0;
	tb_partner p;
	const char *own = "", *name = "";
	sn_err rc = tb_bank_get(s, a, &own, &name);
	if (!rc)
		rc = tb_partner_by_code(s, code, a, &p);
	if (rc == SN_ENOTFOUND)
		return say(err, err_size, rc, "--bank: %s is not a partner of this bank (add it with 'supportnet timebank "
			   "partner')", code);
	tb_ib_file f = {.n = 0};
	snprintf(f.from_bank, sizeof f.from_bank, "%s", own);
	snprintf(f.to_bank, sizeof f.to_bank, "%s", code);
	snprintf(f.created_at, sizeof f.created_at, "%s", now);
	if (!rc)
		rc = tb_interbank_out(s, p.id, a, &f.t, &f.n);
	if (rc == SN_ETOOBIG)
		return say(err, err_size, rc, "more than %d transfers to %s: the file would be too large",
			   TB_FILE_TRANSFERS_MAX, code);
	if (rc)
		return say(err, err_size, rc, "cannot read the ledger: %s", store_errmsg(s));
	*text = tb_ib_write(&f);
	if (!*text)
		return say(err, err_size, SN_EINTERNAL, "cannot write the file (this bank's code %s must be 2 to 16 capital "
			   "letters and digits: set it with 'supportnet timebank bank')", own);
	*count = (int64_t)f.n;
	return SN_OK;
}

/* One transfer of the file: credits its member from the inter-bank account. */
static sn_err import_one(store *s, const tb_partner *p, const tb_ib_transfer *t, size_t i, const char *now,
			 arena *a, bool *added, char *err, size_t err_size)
{
	*added = false;
	bool seen = false;
	sn_err rc = tb_imported(s, p->id, t->uuid, &seen);
	if (rc || seen)
		return rc;
	tb_member m;
	rc = tb_member_find(s, t->to_member, a, &m);
	if (rc == SN_ENOTFOUND)
		return say(err, err_size, SN_EINPUT, "transfers[%zu].to_member: no member with this id at this bank", i);
	int64_t category = 0;
	if (!rc)
		rc = tb_category_by_key(s, t->category, &category);
	if (rc == SN_ENOTFOUND)
		return say(err, err_size, SN_EINPUT, "transfers[%zu].category: %s is not a category here", i, t->category);
	tb_entry e[2];
	if (!rc && tb_transfer_entries(m.account_id, p->account_id, t->minutes, e))
		return say(err, err_size, SN_EINPUT, "transfers[%zu].minutes: cannot be recorded", i);
	if (!rc)
		rc = tb_account_lock(s, p->account_id);
	tb_transfer_new n = {.kind = "interbank_in", .category_id = category, .partner_id = p->id, .done_on = t->done_on,
			     .description = t->description, .remote_uuid = t->uuid, .remote_member = t->from_member,
			     .now = now};
	char uuid[37] = "";
	int64_t id = 0;
	if (!rc)
		rc = tb_transfer_write(s, &n, e, 2, uuid, &id);
	*added = rc == SN_OK;
	return rc;
}

static sn_err import_all(store *s, const tb_ib_file *f, const char *now, arena *a, int64_t *added, int64_t *skipped,
			 char *err, size_t err_size)
{
	const char *own = "", *name = "";
	sn_err rc = tb_bank_get(s, a, &own, &name);
	if (!rc && !str_eq(own, f->to_bank))
		return say(err, err_size, SN_EINPUT, "to_bank: the file is for %s, and this bank is %s", f->to_bank, own);
	tb_partner p;
	if (!rc)
		rc = tb_partner_by_code(s, f->from_bank, a, &p);
	if (rc == SN_ENOTFOUND)
		return say(err, err_size, SN_EINPUT, "from_bank: %s is not a partner of this bank (add it with "
			   "'supportnet timebank partner')", f->from_bank);
	for (size_t i = 0; i < f->n && !rc; i++) {
		bool one = false;
		rc = import_one(s, &p, &f->t[i], i, now, a, &one, err, err_size);
		*added += one;
		*skipped += !rc && !one;
	}
	if (rc)
		return rc;
	audit_entry e = {"system", "admin", "timebank.import", arena_printf(a, "timebank-partner:%s", p.uuid),
			 arena_printf(a, "%lld transfers added, %lld already here", (long long)*added,
				      (long long)*skipped)};
	return audit_append(s, &e);
}

sn_err tb_import(store *s, const char *text, size_t len, bool dry_run, const char *now, arena *a, int64_t *added,
		 int64_t *skipped, char *err, size_t err_size)
{
	err[0] = 0;
	*added = *skipped = 0;
	tb_ib_file f;
	sn_err rc = tb_ib_parse(text, len, a, &f, err, err_size);
	if (rc)
		return rc;
	rc = store_begin_write(s);
	if (!rc)
		rc = import_all(s, &f, now, a, added, skipped, err, err_size);
	if (rc && !*err)
		say(err, err_size, rc, "cannot import: %s", store_errmsg(s));
	if (!rc && !dry_run)
		rc = store_commit(s);
	store_rollback(s);
	return rc;
}
