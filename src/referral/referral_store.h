/* Referrals in the store (referral_store.c: every statement of the
 * referral feature). Writes run inside the caller's write transaction; the
 * caller audits in the same transaction. Text comes from the arena a; ""
 * for what is not there. */
#ifndef SN_REFERRAL_STORE_H
#define SN_REFERRAL_STORE_H

#include "../store/store.h"
#include "referral.h"

/* A service that can receive referrals, as the directory has it. */
typedef struct {
	int64_t id, org_id;
	char uuid[37], org_uuid[37];
	const char *name, *org_name, *locality;
	int64_t days;     /* the days it takes to answer (the default when it has not said) */
	bool days_stated; /* the service stated them */
	bool open;        /* active and published: takes new referrals */
} ref_service;
/* SN_ENOTFOUND when there is no service with that uuid. */
sn_err ref_service_get(store *s, const char *uuid, arena *a, ref_service *out);
/* Services open to referrals whose name has q (any case), by name; at
 * most limit. q "" lists the first ones. */
sn_err ref_services_find(store *s, const char *q, int64_t limit, arena *a, ref_service **rows,
			 size_t *n);
/* The services of the organisations user_id is a member of, by name. */
sn_err ref_services_of_member(store *s, int64_t user_id, arena *a, ref_service **rows, size_t *n);
/* Sets a service's days to answer (0: back to the default). */
sn_err ref_service_set_days(store *s, int64_t service_id, int64_t days);
/* Whether user_id is a member of organisation org_id. */
sn_err ref_is_member(store *s, int64_t user_id, int64_t org_id, bool *yes);
/* Whether user_id is a member of any organisation (has an inbox). */
sn_err ref_has_inbox(store *s, int64_t user_id, bool *yes);

/* One referral. */
typedef struct {
	int64_t id, person_id, service_id, org_id, referrer_id, last_event_id;
	int64_t seen_event_id; /* the reader's last seen change (ref_find_for) */
	char uuid[37], person_uuid[37], service_uuid[37], org_uuid[37], referrer_uuid[37];
	const char *person_name; /* from the record: only for readers with a relationship */
	const char *service_name, *org_name, *referrer_name, *referrer_email;
	ref_mode mode;
	ref_status status;
	const char *reason, *outcome;
	bool consent;
	const char *consent_at;
	const char *shared_name, *shared_birth_date, *shared_postcode, *shared_phone,
		*shared_email;
	const char *source;
	const char *created_at, *updated_at, *requested_at, *answered_at, *accepted_at;
	const char *due_at, *escalate_at, *flagged;
	int64_t days; /* the service's days to answer */
} ref_row;

/* SN_ENOTFOUND when there is no referral with that uuid. reader_id (0:
 * none) fills seen_event_id. */
sn_err ref_find(store *s, const char *uuid, int64_t reader_id, arena *a, ref_row *out);

/* A new referral. */
typedef struct {
	int64_t person_id, service_id, org_id, referrer_id;
	ref_mode mode;
	ref_status status;   /* live: requested (or draft); signpost: completed */
	const char *reason, *note, *outcome;
	bool consent;
	const char *shared_name, *shared_birth_date, *shared_postcode, *shared_phone,
		*shared_email;
	const char *source;  /* web, api, checklist, demo */
	int64_t days;        /* the service's days to answer */
	int64_t now;         /* unix seconds */
	int64_t checklist_id; /* the First Contact checklist that made it, or 0 */
} ref_new;
/* Inserts it with its first change (and, for a sent one, "requested");
 * uuid and *id get its ids. */
sn_err ref_insert(store *s, const ref_new *n, char uuid[static 37], int64_t *id);

/* Moves referral id from `from` to `to` (the rules already said yes), by
 * by_user (0: SupportNet) with note, and outcome at completed/failed.
 * SN_ECONFLICT when it is no longer in `from` (someone moved it first). */
sn_err ref_move_store(store *s, int64_t id, ref_status from, ref_status to, int64_t by_user,
		      const char *note, const char *outcome, int64_t days, int64_t now);

typedef struct {
	int64_t id;
	ref_status status;
	const char *at, *by, *note; /* by: the account's name, "SupportNet" for the system */
	bool system;                 /* a flag (overdue, escalated) rather than a move */
	const char *flag;
} ref_event;
/* Its changes, oldest first. */
sn_err ref_events(store *s, int64_t id, arena *a, ref_event **rows, size_t *n);

/* Lists. box: inbox (referrals to user's organisations: live, not draft)
 * or sent (user's own); status_filter NULL for any; newest first. total
 * gets how many there are in all. */
typedef enum { REF_BOX_INBOX, REF_BOX_SENT } ref_box;
sn_err ref_list(store *s, ref_box box, int64_t user_id, const ref_status *status_filter,
		int64_t limit, int64_t offset, arena *a, ref_row **rows, size_t *n, int64_t *total);
/* The person's referrals, newest first (at most limit). */
sn_err ref_list_person(store *s, int64_t person_id, int64_t reader_id, int64_t limit, arena *a,
		       ref_row **rows, size_t *n);
/* Remembers that user_id has seen referral id up to event_id. */
sn_err ref_mark_seen(store *s, int64_t id, int64_t user_id, int64_t event_id);

/* Live referrals waiting for an answer whose due (or escalation) time has
 * passed and that are not yet flagged so: at most limit. */
sn_err ref_overdue(store *s, int64_t now, int64_t limit, arena *a, ref_row **rows, size_t *n);
/* Flags it overdue or escalated (a system change in its history). */
sn_err ref_flag(store *s, int64_t id, ref_sla level, int64_t now);
/* The emails of organisation org_id's members. */
sn_err ref_org_emails(store *s, int64_t org_id, arena *a, const char ***emails, size_t *n);

/* ---- the demo area (referral_demo.c) ---- */
typedef struct {
	int64_t person_id, worker_id;
	const char *name, *birth_date, *postcode, *phone, *email;
} ref_demo_person;
/* People with an assigned worker, Rose first (the record of account
 * user_first, 0: none), at most max. */
sn_err ref_demo_people(store *s, int64_t user_first, size_t max, arena *a, ref_demo_person **rows,
		       size_t *n);
/* Referrals at every state for the demo area: live ones to the services
 * of partner's organisations (partner answers), signposts elsewhere,
 * some overdue and escalated; about n in all. */
sn_err ref_demo(store *s, uint64_t seed, int64_t partner, int64_t rose_user, size_t n);
/* One demo referral of p to sv, made age days before now (-1: an age
 * that suits its state) by referrer (0: p's worker), taken along the k-th
 * of the demo's paths through the states (partner answers); checklist_id
 * (0: none) the First Contact checklist that made it (never a draft). */
sn_err ref_demo_one(store *s, rng *g, const ref_demo_person *p, const ref_service *sv, size_t k,
		    int64_t partner, int64_t referrer, int64_t age, int64_t checklist_id, int64_t now);

/* Counts referral_counts again from the referrals (schema 0028's triggers
 * keep it; this is for after a bulk load with the triggers off, or to
 * check them): inside the caller's write transaction. *rows gets how many
 * count rows there are now. */
sn_err ref_recount(store *s, int64_t *rows);

#endif
