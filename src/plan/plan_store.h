/* Support plans in the store (plan_store.c: every statement of the plan
 * feature) and the demo area's plans (plan_demo.c). */
#ifndef SN_PLAN_STORE_H
#define SN_PLAN_STORE_H

#include "../store/store.h"
#include "plan.h"

/* ---- the store (plan_store.c) ----
 * Writes run inside the caller's write transaction; the caller audits the
 * person (access_audit_person) in the same transaction. Text comes from
 * the arena a; "" for what is not there. */

typedef enum {
	PLAN_DRAFT, PLAN_AGREED, PLAN_SUBMITTED, PLAN_APPROVED, PLAN_RETURNED, PLAN_SUPERSEDED,
	PLAN_STATUS_COUNT
} plan_status;
/* "draft", ...; and plain words: "Draft", "Agreed by the person", ... */
const char *plan_status_key(plan_status s);
const char *plan_status_label(plan_status s);

typedef struct {
	int64_t id, person_id, version, sections_version;
	char uuid[37], person_uuid[37];
	const char *person_name, *sections_name;
	plan_status status;
	int64_t budget_id;           /* 0: none */
	int64_t agreed_version;      /* 0: not agreed */
	int64_t submitted_by;        /* 0: not submitted */
	int64_t decided_by;          /* 0: not decided */
	const char *agreed_by_name, *agreed_at, *submitted_by_name, *submitted_at;
	const char *decided_by_name, *decided_at, *return_reason;
	bool has_budget;             /* budget_pence fixed (approved) */
	bool person_has_account;     /* the person can sign in (agree for themselves) */
	int64_t budget_pence;
	const char *signed_off_on;   /* "" until approved */
	const char *created_at, *updated_at;
} plan_row;

/* SN_ENOTFOUND when there is no plan with that uuid. */
sn_err plan_find(store *s, const char *uuid, arena *a, plan_row *out);
/* The person's plans, newest first. */
sn_err plan_list_for_person(store *s, int64_t person_id, arena *a, plan_row **rows, size_t *n);
/* A new draft plan (version 1: document, saved by by_user as basis) for
 * person_id; uuid and *id get its ids. */
sn_err plan_insert(store *s, int64_t person_id, const plan_sections *secs, int64_t budget_id,
		   const char *document, int64_t by_user, const char *basis, const char *now,
		   char uuid[static 37], int64_t *id);
/* Version current + 1 of plan pid, which becomes the current version; an
 * agreed or returned plan becomes a draft again (agreement is to a
 * version). SN_ECONFLICT when current is no longer the current version or
 * the plan is submitted, approved or superseded. */
sn_err plan_save_version(store *s, int64_t pid, int64_t current, const char *document,
			 const char *note, int64_t by_user, const char *basis, const char *now);
typedef struct {
	int64_t version;
	const char *document, *note, *saved_by, *saved_as, *saved_at;
} plan_version;
sn_err plan_version_get(store *s, int64_t pid, int64_t v, arena *a, plan_version *out);
/* The versions, newest first (document left NULL). */
sn_err plan_versions(store *s, int64_t pid, arena *a, plan_version **rows, size_t *n);
/* Sign-off. Each checks the status it moves from and gives SN_ECONFLICT
 * when the plan is not there (or, for agree, version is not current). */
/* how: for an agreement the worker records for a person who cannot sign
 * in, how the person gave it ("" otherwise). */
sn_err plan_mark_agreed(store *s, int64_t pid, int64_t version, int64_t by_user, const char *now,
			const char *how);
sn_err plan_mark_submitted(store *s, int64_t pid, int64_t by_user, const char *now);
/* Approves (the budget fixed at budget_pence, signed off on today's date
 * from now; the person's earlier approved plans superseded) or returns
 * with reason. */
sn_err plan_mark_decided(store *s, int64_t pid, bool approve, const char *reason,
			 int64_t budget_pence, int64_t by_user, const char *now);
/* Sign-off steps and comments, oldest first. */
typedef struct {
	int64_t version;
	const char *kind, *section, *body, *by, *at;
} plan_event;
sn_err plan_add_event(store *s, int64_t pid, int64_t version, const char *kind,
		      const char *section, const char *body, int64_t by_user, const char *now);
sn_err plan_events(store *s, int64_t pid, arena *a, plan_event **rows, size_t *n);

/* The person's indicative budget in force: the latest saved on any of
 * their assessments; *found false when none. */
sn_err plan_indicative_budget(store *s, int64_t person_id, int64_t *budget_id,
			      int64_t *weekly_pence, bool *found);
/* The sections in force: an adopted rules_data 'plan_sections' document,
 * else the shipped one. */
sn_err plan_sections_in_force(store *s, arena *a, const plan_sections **out);

/* Who may approve, and up to what weekly budget; *found false when user
 * has no approval limit. */
sn_err plan_approval_limit(store *s, int64_t user_id, int64_t *weekly_limit_pence, bool *found);
sn_err plan_set_approval_limit(store *s, int64_t user_id, int64_t weekly_limit_pence,
			       const char *actor, const char *now);
/* For the demo area: people with an indicative budget and an assigned
 * worker, in the order their records were made, at most max. */
typedef struct {
	int64_t person_id, user_id, worker_id, budget_id, weekly_pence;
} plan_demo_person;
sn_err plan_demo_people(store *s, size_t max, arena *a, plan_demo_person **rows, size_t *n);
/* The demo area's plans (plan_demo.c): manager gets an approval limit and
 * approves; at most max people get a plan. */
sn_err plan_demo(store *s, uint64_t seed, int64_t manager, size_t max);

/* Everyone with an approval limit, by name. */
typedef struct {
	char uuid[37];
	const char *name, *email, *set_at;
	int64_t weekly_limit_pence;
} plan_approver;
sn_err plan_approvers(store *s, arena *a, plan_approver **rows, size_t *n);
/* The enabled worker account with this email; SN_ENOTFOUND when none. */
sn_err plan_worker_by_email(store *s, const char *email, int64_t *user_id, char uuid[static 37]);
/* Plans waiting for approval (submitted), oldest first. */
sn_err plan_list_submitted(store *s, arena *a, plan_row **rows, size_t *n);

/* ---- reviews (review_store.c) ---- */
typedef struct {
	char uuid[37];
	int64_t id, plan_id;
	const char *plan_uuid, *held_on, *kind, *what_changed, *person_view;
	const char *outcomes;  /* JSON: [{outcome, words, weight, score}] */
	bool has_t;
	int64_t t_centi;
	bool wellbeing_consent;
	const char *wellbeing; /* JSON (wb_to_json), "{}" without consent */
	const char *recorded_by, *recorded_at;
	char person_uuid[37];
	int64_t person_id;
	const char *person_name;
} plan_review;
sn_err review_insert(store *s, int64_t plan_id, int64_t person_id, const char *held_on,
		     const char *kind, const char *what_changed, const char *person_view,
		     const char *outcomes, bool has_t, int64_t t_centi, bool consent,
		     const char *wellbeing, int64_t by_user, const char *now, char uuid[static 37]);
/* SN_ENOTFOUND when there is no such review. */
sn_err review_find(store *s, const char *uuid, arena *a, plan_review *out);
/* The reviews of a person's plans (all of them: a review is of the
 * person's support), newest first. */
sn_err review_list_for_person(store *s, int64_t person_id, arena *a, plan_review **rows, size_t *n);
typedef struct {
	const char *reason, *due_on, *raised_on, *raised_by;
} plan_trigger;
sn_err review_trigger_add(store *s, int64_t plan_id, const char *reason, const char *due_on,
			  int64_t by_user, const char *now);
sn_err review_triggers(store *s, int64_t plan_id, arena *a, plan_trigger **rows, size_t *n);
/* Plans in force by their person's locality (0: not known) and where
 * their reviews stand today (review_due_dates, as the reviews queue works
 * them out): overdue (a due date passed unmet), due within 8 weeks, or
 * not yet due. A plan has a direct payment when a line of its document is
 * deployed as one. For the commissioners' figures. */
typedef struct {
	int64_t locality_id;
	int64_t overdue, due_soon, not_due;
} review_due_count;
sn_err review_due_by_locality(store *s, int64_t today, arena *a, review_due_count **rows, size_t *n);
/* Plans in force (approved), with their person: those whose person has
 * worker_id as their worker (0: all, for the reviewing team). */
sn_err plan_list_in_force(store *s, int64_t worker_id, arena *a, plan_row **rows, size_t *n);

#endif
