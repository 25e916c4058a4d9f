/* Social prescribing in the store (socialrx_store.c: every statement of
 * the feature). Writes run inside the caller's write transaction; the
 * caller checks the relationship (access_person) and audits in the same
 * transaction. Text comes from the arena a; "" for what is not there.
 * Days are "YYYY-MM-DD", times UTC ISO-8601. */
#ifndef SN_SOCIALRX_STORE_H
#define SN_SOCIALRX_STORE_H

#include "../store/store.h"
#include "socialrx.h"

/* ---- cases ---- */
typedef struct {
	int64_t id, person_id, worker_id, gp_referral_id;
	char uuid[37], person_uuid[37];
	const char *person_name, *worker_name;
	const char *source;  /* gp, professional, self, other */
	const char *status;  /* open, closed */
	const char *opened_at, *first_conversation_on, *closed_at, *closing_reason, *closing_note;
	const char *next_due; /* the earliest follow-up not done ("" none) */
} sp_case;
/* SN_ENOTFOUND when there is no case with that uuid. */
sn_err sp_case_find(store *s, const char *uuid, arena *a, sp_case *out);
/* A new open case; uuid and *id get its ids. */
sn_err sp_case_insert(store *s, int64_t person_id, int64_t worker_id, const char *source,
		      int64_t gp_referral_id, const char *now, char uuid[static 37], int64_t *id);
/* The worker's cases (open only, or all), oldest opened first. */
sn_err sp_cases_of_worker(store *s, int64_t worker_id, bool open_only, arena *a, sp_case **rows,
			  size_t *n);
/* The person's cases, newest first. */
sn_err sp_cases_of_person(store *s, int64_t person_id, arena *a, sp_case **rows, size_t *n);
/* Whether the person has an open case. */
sn_err sp_case_open_of_person(store *s, int64_t person_id, bool *yes);
/* Sets the day of the first conversation (only when not yet set). */
sn_err sp_case_set_first(store *s, int64_t id, const char *day);
/* Closes it; SN_ECONFLICT when it is already closed. */
/* message: for the referrer of the case's GP referral ('' none). */
sn_err sp_case_close(store *s, int64_t id, const char *reason, const char *note, const char *message,
		     const char *now);

/* ---- the "what matters to me" conversation (append-only versions) ---- */
typedef struct {
	int64_t version;
	const char *held_on, *what_matters, *going_well, *want_to_change, *in_the_way, *next_steps;
	const char *by, *created_at; /* by: the account's name */
} sp_conversation;
/* Adds the next version of the case's conversation. */
sn_err sp_conversation_add(store *s, int64_t case_id, const sp_conversation *c, int64_t by_user,
			   const char *now);
/* Its versions, newest first. */
sn_err sp_conversations(store *s, int64_t case_id, arena *a, sp_conversation **rows, size_t *n);

/* ---- measures ---- */
typedef struct {
	const char *instrument; /* ons4, ucla3 */
	const char *stage;      /* start, followup */
	const char *taken_on, *answers, *by;
} sp_measure;
sn_err sp_measure_add(store *s, int64_t case_id, const sp_measure *m, int64_t by_user,
		      const char *now);
/* Oldest first. */
sn_err sp_measures(store *s, int64_t case_id, arena *a, sp_measure **rows, size_t *n);

/* ---- follow-ups ---- */
typedef struct {
	int64_t id, seq;
	const char *label, *due_on, *done_on, *outcome, *note, *by;
	/* for the caseload's list */
	char case_uuid[37];
	const char *person_name;
} sp_followup;
sn_err sp_followup_add(store *s, int64_t case_id, int64_t seq, const char *label, const char *due_on);
/* In order. */
sn_err sp_followups(store *s, int64_t case_id, arena *a, sp_followup **rows, size_t *n);
/* Records follow-up id; SN_ECONFLICT when it is already done. */
sn_err sp_followup_done(store *s, int64_t id, const char *done_on, const char *outcome,
			const char *note, int64_t by_user);
/* Follow-ups not done on the worker's open cases due on or before until,
 * soonest first (at most 200). */
sn_err sp_followups_pending(store *s, int64_t worker_id, const char *until, arena *a,
			    sp_followup **rows, size_t *n);

/* ---- the summary ---- */
typedef struct {
	bool open;
	/* the first start answers and the latest follow-up answers of each
	 * instrument (NULL: none), as wb_to_json wrote them */
	const char *start[2], *followup[2]; /* [0] ons4, [1] ucla3 */
} sp_summary_row;
/* Every case of worker_id (0: of the whole area) with its measures. */
sn_err sp_summary_rows(store *s, int64_t worker_id, arena *a, sp_summary_row **rows, size_t *n);

/* ---- referrals from GP practices and other professionals ---- */
typedef struct {
	int64_t id, referrer_id, person_id;
	char uuid[37], person_uuid[37];
	const char *status; /* waiting, picked_up */
	const char *referrer_type; /* gp, professional */
	const char *referrer_name, *referrer_role, *referrer_org, *referrer_phone, *referrer_email;
	const char *given_name, *family_name, *date_of_birth, *nhs_number, *postcode, *phone, *email;
	const char *gp_practice, *reason, *what_matters, *communication_needs, *risks, *other_services;
	const char *created_at;
	char case_uuid[37]; /* once picked up */
} sp_gp_referral;
/* Stores it waiting (consent given); uuid gets its id. */
sn_err sp_gp_insert(store *s, const sp_gp_referral *g, const char *now, char uuid[static 37]);
/* SN_ENOTFOUND when there is none. */
sn_err sp_gp_find(store *s, const char *uuid, arena *a, sp_gp_referral *out);
/* Those waiting for a link worker, newest first; *total gets how many. */
sn_err sp_gp_waiting(store *s, int64_t limit, arena *a, sp_gp_referral **rows, size_t *n,
		     int64_t *total);
/* Marks it picked up for person_id by by_user; SN_ECONFLICT when it is no
 * longer waiting. */
sn_err sp_gp_pick(store *s, int64_t id, int64_t person_id, int64_t by_user, const char *now);

/* What became of the referrals one referrer sent, for them: no more of
 * the person than they typed themselves. */
typedef struct {
	char uuid[37];
	const char *name, *created_at, *status; /* waiting, picked_up */
	const char *picked_at;                 /* '' while waiting */
	const char *case_status;               /* '', open, closed */
	const char *closed_at, *closing_reason, *message;
} sp_gp_sent_row;
/* Newest first, at most limit; *total gets how many in all. */
sn_err sp_gp_sent(store *s, int64_t referrer_id, int64_t limit, arena *a, sp_gp_sent_row **rows, size_t *n,
		  int64_t *total);
/* The account email of whoever sent the GP referral id ('' when the
 * account is gone or disabled). */
sn_err sp_gp_referrer_email(store *s, int64_t gp_referral_id, arena *a, const char **email);

/* ---- the demo area (socialrx_demo.c) ---- */
/* A caseload for the link worker (account worker), with people in the
 * demo's caseload of that worker, and GP referrals from referrer. */
sn_err sp_demo(store *s, uint64_t seed, int64_t worker, int64_t referrer);

#endif
