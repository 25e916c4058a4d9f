/* Neighbourhood schemes in the store (scheme_store.c: every statement of
 * the feature). Writes run inside the caller's write transaction; the
 * caller checks who may (the coordinator's role, or the relationship to a
 * request's person) and audits in the same transaction. Text comes from
 * the arena a; "" for what is not there. Days are "YYYY-MM-DD", times UTC
 * ISO-8601, money integer pence. Lists (what a member helps with,
 * languages, interests, training) are kept comma-separated. */
#ifndef SN_SCHEME_STORE_H
#define SN_SCHEME_STORE_H

#include "../store/store.h"
#include "schemes.h"

/* ---- members and their vetting ---- */
typedef struct {
	int64_t id; /* 0: none recorded */
	const char *dbs, *dbs_on, *expires_on, *training, *recorded_by, *recorded_at;
	int64_t refs;
	bool signed_off;
	const char *signed_off_by, *signed_off_at;
} sch_vetting_row;

typedef struct {
	int64_t id, user_id;
	char uuid[37];
	const char *scheme, *name, *postcode, *can_do, *languages, *interests, *status, *created_at;
	const char *account_email; /* "" none */
	bool located;
	int32_t lat_e6, lon_e6;
	int64_t capacity, avail, max_km, rate_pence;
	bool smokes, pets, step_free;
	int64_t in_use;        /* confirmed matches on requests not closed */
	sch_vetting_row vet;   /* the latest */
} sch_member;

/* A new member; uuid and *id get its ids. m's id, uuid, in_use and vet are
 * not read. */
sn_err sch_member_insert(store *s, const sch_member *m, int64_t by_user, const char *now, char uuid[static 37],
			 int64_t *id);
/* SN_ENOTFOUND when there is none. */
sn_err sch_member_find(store *s, const char *uuid, arena *a, sch_member *out);
/* Changes what a member offers: availability and capacity. */
sn_err sch_member_set_offer(store *s, int64_t id, int64_t avail, int64_t capacity);
/* The active members of scheme (NULL: every scheme), by name; at most 2,000. */
sn_err sch_members_of(store *s, const char *scheme, arena *a, sch_member **rows, size_t *n);
/* Active members whose latest vetting expires on or before until, soonest
 * first (at most 200). */
sn_err sch_members_expiring(store *s, const char *until, arena *a, sch_member **rows, size_t *n);

/* Records (or renews) vetting: a new row, not signed off. */
sn_err sch_vetting_add(store *s, int64_t member_id, const sch_vetting_row *v, int64_t by_user, const char *now);
/* Signs off the member's latest vetting; SN_ECONFLICT when there is none
 * or it is signed off already. */
sn_err sch_vetting_sign(store *s, int64_t member_id, int64_t by_user, const char *now);
/* Newest first. */
sn_err sch_vetting_history(store *s, int64_t member_id, arena *a, sch_vetting_row **rows, size_t *n);

/* ---- requests ---- */
typedef struct {
	int64_t id, person_id;
	char uuid[37], person_uuid[37];
	const char *scheme, *person_name, *needs, *languages, *interests, *notes, *postcode, *status, *made_by,
		*created_at, *closed_at, *closing_reason;
	int64_t made_by_id, demand, avail, max_km, max_rate_pence;
	bool no_smoking, no_pets, needs_step_free;
	bool located;
	int32_t lat_e6, lon_e6;
	int64_t confirmed, waiting; /* proposals confirmed, proposals waiting */
} sch_request;

/* A new open request; uuid and *id get its ids. r's id, uuid, person_uuid,
 * person_name, status, made_by, confirmed and waiting are not read. */
sn_err sch_request_insert(store *s, const sch_request *r, const char *now, char uuid[static 37], int64_t *id);
sn_err sch_request_find(store *s, const char *uuid, arena *a, sch_request *out);
/* Open requests of scheme (NULL: every scheme), oldest first; at most 2,000. */
sn_err sch_requests_open(store *s, const char *scheme, arena *a, sch_request **rows, size_t *n);
/* The person's requests, newest first (at most 50). */
sn_err sch_requests_of_person(store *s, int64_t person_id, arena *a, sch_request **rows, size_t *n);
sn_err sch_request_set_status(store *s, int64_t id, const char *status);
/* Closes a request (no longer needed, or the help has ended): its waiting
 * proposals are superseded, its confirmed helpers have room again and its
 * follow-ups are no longer due. SN_ECONFLICT when it is closed already. */
sn_err sch_request_close(store *s, int64_t id, const char *reason, const char *now);
/* Marks an open request matched once every helper it asked for is confirmed. */
sn_err sch_request_mark_matched(store *s, int64_t id);
/* People with a request in any scheme (whom the coordinator's role
 * reaches), by name; at most 500: uuid and name. */
typedef struct {
	char uuid[37];
	const char *name;
} sch_person_row;
sn_err sch_people_known(store *s, arena *a, sch_person_row **rows, size_t *n);
/* Whether person_id has a request in any scheme. */
sn_err sch_person_known(store *s, int64_t person_id, bool *yes);

/* Helpers request_id must not get: reason "stated" or "declined". */
sn_err sch_exclusion_add(store *s, int64_t request_id, int64_t member_id, const char *reason);
sn_err sch_exclusions_of(store *s, int64_t request_id, arena *a, int64_t **member_ids, size_t *n);
/* Members who helped person_id before (a confirmed proposal). */
sn_err sch_past_helpers(store *s, int64_t person_id, arena *a, int64_t **member_ids, size_t *n);

/* ---- runs, proposals, follow-ups ---- */
typedef struct {
	int64_t id;
	char uuid[37];
	const char *scheme, *run_by, *run_at, *method;
	int64_t requests, helpers, pairs, matched, total_cost;
} sch_run_row;
sn_err sch_run_insert(store *s, const sch_run_row *r, int64_t by_user, char uuid[static 37], int64_t *id);
sn_err sch_run_find(store *s, const char *uuid, arena *a, sch_run_row *out);
/* The scheme's latest run, SN_ENOTFOUND when none. */
sn_err sch_run_latest(store *s, const char *scheme, arena *a, sch_run_row *out);
/* Marks the scheme's waiting proposals superseded (a new run replaces them). */
sn_err sch_proposals_supersede(store *s, const char *scheme);

typedef struct {
	int64_t id, request_id, member_id, runner_up_id;
	char uuid[37], request_uuid[37], member_uuid[37], runner_up_uuid[37], run_uuid[37], person_uuid[37];
	const char *scheme, *person_name, *member_name, *runner_up_name, *reasons, *runner_up_reasons, *status,
		*decided_by, *decided_at, *decline_reason, *run_at;
	int64_t cost, runner_up_cost, person_id;
	bool runner_up_taken;
} sch_proposal_row;
/* A new waiting proposal; runner_up_id 0 for none. */
sn_err sch_proposal_insert(store *s, int64_t run_id, const sch_proposal_row *p, char uuid[static 37]);
sn_err sch_proposal_find(store *s, const char *uuid, arena *a, sch_proposal_row *out);
/* The run's proposals, in order. */
sn_err sch_proposals_of_run(store *s, int64_t run_id, arena *a, sch_proposal_row **rows, size_t *n);
/* Every waiting proposal (scheme NULL: of every scheme), oldest run first; at most 500. */
sn_err sch_proposals_waiting(store *s, const char *scheme, arena *a, sch_proposal_row **rows, size_t *n);
/* The request's proposals, newest first. */
sn_err sch_proposals_of_request(store *s, int64_t request_id, arena *a, sch_proposal_row **rows, size_t *n);
/* Confirmed or declined (status) by by_user; SN_ECONFLICT when it is no
 * longer waiting. */
sn_err sch_proposal_decide(store *s, int64_t id, const char *status, const char *reason, int64_t by_user,
			   const char *now);

typedef struct {
	int64_t id, seq;
	char proposal_uuid[37];
	const char *due_on, *done_on, *note, *done_by, *person_name, *member_name, *scheme;
} sch_followup_row;
sn_err sch_followup_add(store *s, int64_t proposal_id, int64_t seq, const char *due_on);
sn_err sch_followups_of(store *s, int64_t proposal_id, arena *a, sch_followup_row **rows, size_t *n);
/* Not done, due on or before until, soonest first (at most 200). */
sn_err sch_followups_due(store *s, const char *until, arena *a, sch_followup_row **rows, size_t *n);
/* Records it done; SN_ENOTFOUND for no such follow-up, SN_ECONFLICT when
 * it is done already. *proposal_uuid gets its match. */
sn_err sch_followup_done(store *s, int64_t id, const char *day, const char *note, int64_t by_user,
			 char proposal_uuid[static 37]);

/* The email addresses of the coordinators' accounts (enabled), at most 50. */
sn_err sch_coordinator_emails(store *s, arena *a, const char ***emails, size_t *n);

#endif
