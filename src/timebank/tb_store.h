/* The timebank in the store: every statement of the feature (tb_store.c:
 * members, categories, offers and needs, contact requests, exchanges;
 * tb_ledger_store.c: the ledger, statements, reports, the bank and its
 * partners, verify). Writes run inside the caller's write transaction; the
 * caller checks who may and audits in the same transaction. Text comes
 * from the arena a, "" for what is not there. Ids given as char
 * uuid[static 37] are the caller's when uuid[0] is set (the demo's, from
 * its seed), else made here. Days are "YYYY-MM-DD", times UTC ISO-8601. */
#ifndef SN_TB_STORE_H
#define SN_TB_STORE_H

#include "../store/store.h"
#include "timebank.h"

/* ---- members ---- */
typedef struct {
	int64_t id, person_id, org_id, account_id, locality_id;
	bool has_limit;
	int64_t credit_limit; /* minutes below zero, when has_limit */
	char uuid[37], person_uuid[37], org_uuid[37];
	const char *kind;       /* person, org */
	const char *first_name; /* a person's given name, an organisation's name: what listings show */
	const char *full_name;  /* for the people who act for the member and the coordinator */
	const char *area, *joined_at;
	int64_t balance;            /* derived: the sum of the account's entries */
	const char *last_exchange;  /* the last confirmed exchange's day, "" for none */
} tb_member;
sn_err tb_member_find(store *s, const char *uuid, arena *a, tb_member *out);
sn_err tb_member_get(store *s, int64_t id, arena *a, tb_member *out);
/* The member for person_id (the lowest, when a merge left two), or org_id;
 * SN_ENOTFOUND for none. */
sn_err tb_member_of_person(store *s, int64_t person_id, arena *a, tb_member *out);
sn_err tb_member_of_org(store *s, int64_t org_id, arena *a, tb_member *out);
/* The members user_id may act for: their own record's, those of people
 * they have a relationship with, and their organisations'. The caller
 * checks each person's relationship (access_person) before showing it. */
sn_err tb_members_of_user(store *s, int64_t user_id, arena *a, tb_member **rows, size_t *n);
/* Every member, by name (the coordinator's list). */
sn_err tb_members_all(store *s, arena *a, tb_member **rows, size_t *n);
/* A new member (kind "person" with person_id, or "org" with org_id) and
 * its ledger account. */
sn_err tb_member_join(store *s, const char *kind, int64_t person_id, int64_t org_id, int64_t locality_id,
		      int64_t by_user, const char *now, char uuid[static 37], int64_t *id);
sn_err tb_member_set_limit(store *s, int64_t id, bool has_limit, int64_t limit);
/* Where to tell the member something (no personal data in the message):
 * the email of the person's own account, or of the organisation; "" for none. */
sn_err tb_member_email(store *s, int64_t member_id, arena *a, const char **email);
/* A person's locality (0 for none) and an organisation by uuid. */
sn_err tb_person_locality(store *s, int64_t person_id, int64_t *locality_id);
typedef struct {
	int64_t id;
	char uuid[37];
	const char *name;
	bool member;
} tb_org;
/* Directory organisations whose name has q (at most 20, by name). */
sn_err tb_orgs_named(store *s, const char *q, arena *a, tb_org **rows, size_t *n);
sn_err tb_org_find(store *s, const char *uuid, arena *a, tb_org *out);
/* Whether user_id is one of the organisation's people (dir_org_members). */
sn_err tb_user_in_org(store *s, int64_t user_id, int64_t org_id, bool *yes);
/* The localities, by name (an organisation's area). */
sn_err tb_localities(store *s, arena *a, tb_org **rows, size_t *n);

/* ---- categories ---- */
typedef struct {
	int64_t id;
	const char *key, *label;
} tb_category;
sn_err tb_categories(store *s, arena *a, tb_category **rows, size_t *n);
sn_err tb_category_by_key(store *s, const char *key, int64_t *id);

/* ---- offers and needs ---- */
typedef struct {
	int64_t id, member_id, category_id;
	char uuid[37], member_uuid[37];
	const char *kind, *title, *details, *status, *category, *first_name, *area, *created_at;
} tb_listing;
sn_err tb_listing_add(store *s, int64_t member_id, const char *kind, int64_t category_id, const char *title,
		      const char *details, const char *now, char uuid[static 37], int64_t *id);
sn_err tb_listing_find(store *s, const char *uuid, arena *a, tb_listing *out);
/* Open listings of every member but not_member, in category (0: all) and
 * kind ("" both), newest first: limit from offset, *total all of them. */
sn_err tb_listings_open(store *s, int64_t category, const char *kind, int64_t not_member, int64_t limit,
			int64_t offset, arena *a, tb_listing **rows, size_t *n, int64_t *total);
sn_err tb_listings_of(store *s, int64_t member_id, arena *a, tb_listing **rows, size_t *n);
/* SN_ECONFLICT when it is not open. */
sn_err tb_listing_withdraw(store *s, int64_t id, const char *now);

/* ---- contact requests ---- */
typedef struct {
	int64_t id, from_member_id, to_member_id, listing_id;
	char uuid[37], from_uuid[37], to_uuid[37], listing_uuid[37];
	const char *listing_title, *listing_kind, *from_name, *to_name;
	const char *message, *status, *reply, *shared_details, *created_at, *replied_at;
} tb_contact;
sn_err tb_contact_add(store *s, int64_t from, int64_t to, int64_t listing, const char *message, int64_t by_user,
		      const char *now, char uuid[static 37], int64_t *id);
sn_err tb_contact_find(store *s, const char *uuid, arena *a, tb_contact *out);
/* The member's requests, sent and received, newest first (at most 50). */
sn_err tb_contacts_of(store *s, int64_t member_id, arena *a, tb_contact **rows, size_t *n);
/* Answers a request: status "replied" (with what to_member chose to share)
 * or "declined". SN_ECONFLICT when it was answered already. */
sn_err tb_contact_answer(store *s, int64_t id, const char *status, const char *reply, const char *shared,
			 int64_t by_user, const char *now);
/* Whether the two members have a request between them that was not declined. */
sn_err tb_contact_between(store *s, int64_t a_member, int64_t b_member, bool *yes);

/* ---- exchanges ---- */
typedef struct {
	int64_t id, giver_id, receiver_id, minutes, category_id, transfer_id;
	char uuid[37], giver_uuid[37], receiver_uuid[37], transfer_uuid[37];
	const char *giver_name, *receiver_name, *category, *category_key;
	const char *done_on, *description, *recorded_by_side, *status, *created_at, *decided_at;
	bool reversed; /* its transfer was reversed */
	int64_t recorded_by; /* the account that recorded it */
} tb_exchange;
/* A pending exchange from x's giver_id, receiver_id, minutes, category_id,
 * done_on, description, recorded_by_side. */
sn_err tb_exchange_add(store *s, const tb_exchange *x, int64_t by_user, const char *now, char uuid[static 37],
		       int64_t *id);
sn_err tb_exchange_find(store *s, const char *uuid, arena *a, tb_exchange *out);
/* The member's exchanges (status "" for all), newest first, at most limit. */
sn_err tb_exchanges_of(store *s, int64_t member_id, const char *status, int64_t limit, arena *a,
		       tb_exchange **rows, size_t *n);
/* Marks a pending exchange confirmed (with its transfer) or declined;
 * SN_ECONFLICT when it is no longer pending. */
sn_err tb_exchange_decide(store *s, int64_t id, const char *status, int64_t transfer_id, int64_t by_user,
			  const char *now);

/* ---- the ledger (tb_ledger_store.c) ---- */
/* Takes the account's row lock (its version goes up): call before reading
 * a balance that decides a transfer. */
sn_err tb_account_lock(store *s, int64_t account_id);
sn_err tb_balance(store *s, int64_t account_id, int64_t *out);
typedef struct {
	const char *kind; /* exchange, reversal, interbank_out, interbank_in */
	int64_t reverses_id, category_id, partner_id, created_by; /* 0: none */
	const char *done_on, *description, *reason, *remote_uuid, *remote_member, *now;
} tb_transfer_new;
/* Writes a transfer and its entries; SN_EINPUT when they do not balance
 * (tb_balanced), SN_ECONFLICT when the transfer it reverses was reversed
 * already or an imported one is there already. */
sn_err tb_transfer_write(store *s, const tb_transfer_new *t, const tb_entry *e, size_t n, char uuid[static 37],
			 int64_t *id);
typedef struct {
	int64_t id, reverses_id, partner_id, category_id;
	char uuid[37], reversed_by[37];
	const char *kind, *done_on, *description, *reason, *category, *created_at;
	size_t n;
	tb_entry entries[8];
	const char *names[8]; /* the accounts' owners */
} tb_transfer;
sn_err tb_transfer_find(store *s, const char *uuid, arena *a, tb_transfer *out);
/* The account's recent transfers (at most limit), newest first. */
sn_err tb_transfers_of(store *s, int64_t account_id, int64_t limit, arena *a, tb_transfer **rows, size_t *n);

/* A statement line: one entry of the account. */
typedef struct {
	int64_t minutes, balance_after;
	char transfer_uuid[37];
	const char *kind, *done_on, *description, *category, *other, *reason;
	bool reversed;
} tb_line;
/* The account's entries newest first, limit from offset, each with the
 * balance after it; *total: how many entries in all. */
sn_err tb_statement(store *s, int64_t account_id, int64_t limit, int64_t offset, arena *a, tb_line **rows,
		    size_t *n, int64_t *total);

/* The verification walk over every entry (timebank.h), and the uuid of
 * the first transfer that breaks it ("" when it holds or the transfer is
 * not there). */
sn_err tb_verify(store *s, tb_walk *w, char bad_uuid[static 37]);

/* ---- reports ---- */
typedef struct {
	const char *label; /* "2026-11" or the category's label */
	int64_t exchanges, minutes, members; /* members: distinct givers and receivers */
} tb_report_row;
/* Confirmed exchanges not reversed, done from `from` to before `to`
 * (days), by month or by category (in the categories' order), and the
 * distinct members with one in all of it (*members_all). */
sn_err tb_report(store *s, bool by_month, const char *from, const char *to, arena *a, tb_report_row **rows,
		 size_t *n, int64_t *members_all);

/* ---- the bank and its partners ---- */
sn_err tb_bank_get(store *s, arena *a, const char **code, const char **name);
/* SN_ECONFLICT when the code changes while inter-bank transfers exist, or
 * is a partner's. */
sn_err tb_bank_set(store *s, const char *code, const char *name, const char *now);
typedef struct {
	int64_t id, account_id, balance;
	char uuid[37];
	const char *code, *name;
} tb_partner;
/* Adds a partner bank and its inter-bank account, or renames it.
 * SN_ECONFLICT for this bank's own code. */
sn_err tb_partner_put(store *s, const char *code, const char *name, const char *now, char uuid[static 37]);
sn_err tb_partners(store *s, arena *a, tb_partner **rows, size_t *n);
sn_err tb_partner_by_code(store *s, const char *code, arena *a, tb_partner *out);
/* The transfers sent to partner_id's members, oldest first, as the file
 * carries them (at most TB_FILE_TRANSFERS_MAX; SN_ETOOBIG past it). */
sn_err tb_interbank_out(store *s, int64_t partner_id, arena *a, tb_ib_transfer **rows, size_t *n);
/* Whether a transfer from partner_id with remote uuid was imported. */
sn_err tb_imported(store *s, int64_t partner_id, const char *remote_uuid, bool *yes);

/* ---- for the demo area (tb_demo.c) ---- */
/* own_user's record first, then people with no relationship to avoid_user,
 * by id: at most n into ids. */
sn_err tb_demo_people(store *s, int64_t own_user, int64_t avoid_user, size_t n, int64_t *ids, size_t *got);
/* Organisations, those user_id is one of the people of first, by id. */
sn_err tb_demo_orgs(store *s, int64_t user_id, size_t n, int64_t *ids, size_t *got);

#endif
