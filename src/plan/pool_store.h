/* Pooled budgets in the store (pool_store.c: every statement on pools and
 * pool_shares) and the demo area's pooled budget (pool_demo.c).
 *
 * A pool is one shared purchase (a shared personal assistant, a weekly
 * group) with a weekly cost; each member's share is a row of pool_shares.
 * A share row is never changed in place: new shares end the rows whose
 * amount changes (left_on the day, left_reason POOL_REASON_NEW_SHARES) and
 * start new ones the same day, so the history of every share is kept.
 * Someone is a current member while they have a row without left_on (at
 * most one per pool); they left when their latest row has ended and they
 * have no open one (its left_on and left_reason say when and why).
 *
 * Writes run inside the caller's write transaction; the caller audits.
 * Dates are "YYYY-MM-DD"; text comes from the arena a, "" when none. */
#ifndef SN_POOL_STORE_H
#define SN_POOL_STORE_H

#include "../store/store.h"
#include "plan_rules.h"

#define POOL_NAME_MAX 100     /* characters */
#define POOL_WHAT_MAX 500
#define POOL_PROVIDER_MAX 200
#define POOL_REASON_MAX 500   /* why a member left */
#define POOL_LIST_MAX 200     /* pools in a worker's list, past members shown */
#define POOL_HISTORY_MAX 100  /* earlier shares shown */
#define POOL_REASON_NEW_SHARES "new shares"
#define POOL_REASON_CLOSED "The pool closed."

typedef struct {
	int64_t id;
	char uuid[37];
	const char *name, *what, *provider, *created_at;
	const char *closed_on;       /* "" while open */
	int64_t weekly_cost_pence;
	int64_t created_by;
	/* In lists (pool_list_for_worker) only: */
	int64_t n_current;           /* current members */
	int64_t shares_total_pence;  /* Σ the current shares */
	int64_t n_mine;              /* current members on the worker's caseload */
} pool_row;

typedef struct {
	int64_t share_id, person_id;
	char person_uuid[37];
	const char *given_name, *family_name;
	int64_t weekly_share_pence;
	const char *joined_on;   /* the day this share started */
	const char *left_on;     /* "" while current */
	const char *left_reason;
} pool_member;

/* A new open pool; uuid and *id get its ids. */
sn_err pool_insert(store *s, const char *name, const char *what, const char *provider,
		   int64_t weekly_cost_pence, int64_t by_user, const char *now,
		   char uuid[static 37], int64_t *id);
/* SN_ENOTFOUND when there is no pool with that uuid. */
sn_err pool_find(store *s, const char *uuid, arena *a, pool_row *out);
/* Whether user_id (a worker) may see pool_id: one of its current or past
 * members is on their caseload (a relationship of kind 'worker'), or they
 * made it and it has never had a member. */
sn_err pool_visible(store *s, int64_t pool_id, int64_t user_id, bool *visible);
/* The pools user_id may see (as pool_visible), open ones first, then by
 * name; at most POOL_LIST_MAX. */
sn_err pool_list_for_worker(store *s, int64_t user_id, arena *a, pool_row **rows, size_t *n);
/* The current members in the order they first joined (the stable order
 * that equal splits give their extra pennies in). */
sn_err pool_current(store *s, int64_t pool_id, arena *a, pool_member **rows, size_t *n);
/* Past members (their latest, ended row), most recent first, at most
 * POOL_LIST_MAX. */
sn_err pool_past(store *s, int64_t pool_id, arena *a, pool_member **rows, size_t *n);
/* Earlier shares of anyone (rows ended by new shares), newest first, at
 * most POOL_HISTORY_MAX. */
sn_err pool_history(store *s, int64_t pool_id, arena *a, pool_member **rows, size_t *n);

/* person_id joins with a share from day; *share_id gets the row.
 * SN_ECONFLICT when the pool is closed, they are already a current member
 * or the pool has POOL_MEMBERS_MAX current members. */
sn_err pool_add_member(store *s, int64_t pool_id, int64_t person_id, int64_t weekly_share_pence,
		       const char *day, int64_t *share_id);
/* The member with current row share_id leaves on day for reason.
 * SN_ECONFLICT when that row is not a current share of the pool. */
sn_err pool_member_leave(store *s, int64_t pool_id, int64_t share_id, const char *day,
			 const char *reason);
/* New shares for the current members: share_ids must be exactly the
 * pool's current rows (in any order), else SN_ECONFLICT (someone changed
 * the pool meanwhile). Each row whose amount changes ends on day
 * (POOL_REASON_NEW_SHARES) and a new row starts on day; the others stay. */
sn_err pool_set_shares(store *s, int64_t pool_id, const int64_t *share_ids,
		       const int64_t *pence, size_t n, const char *day);
/* Closes an open pool on day and ends every current share
 * (POOL_REASON_CLOSED). SN_ECONFLICT when it is already closed. */
sn_err pool_close(store *s, int64_t pool_id, const char *day);

/* People on user_id's caseload (relationship kind 'worker') who are not
 * current members of pool_id, whose name contains q (letter case aside;
 * "" for everyone), by family then given name; at most 500. */
typedef struct {
	char uuid[37];
	const char *given_name, *family_name;
} pool_person;
sn_err pool_caseload(store *s, int64_t user_id, int64_t pool_id, const char *q, arena *a,
		     pool_person **rows, size_t *n);

/* The open pools person_id is a current member of, by name: what the plan's
 * line form offers and what the plan page says beside a line. */
typedef struct {
	char uuid[37];
	const char *name;
	int64_t weekly_share_pence;
	int64_t n_current; /* current members, the person included */
} pool_membership;
sn_err pool_memberships(store *s, int64_t person_id, arena *a, pool_membership **rows,
			size_t *n);

/* For the demo: people on worker_id's caseload without an account of
 * their own, in the order their records were made, at most max. */
sn_err pool_demo_people(store *s, int64_t worker_id, size_t max, arena *a, int64_t **ids,
			size_t *n);
/* The demo area's pooled budget (pool_demo.c): a personal assistant shared
 * by three people on worker_id's caseload (£12 an hour, 15 hours a week),
 * a fourth who left last month with the shares set again, and a line
 * naming the pool in the plans of those who have one in the making. */
sn_err pool_demo(store *s, uint64_t seed, int64_t worker_id);

#endif
