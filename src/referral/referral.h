/* Referrals, the pure part: FHIR Task's states and the moves between them,
 * who may make each move, the service level's due dates. No I/O: the
 * store (referral_store.h) keeps referrals, the pages (referral_pages.h)
 * show and change them through these rules. */
#ifndef SN_REFERRAL_H
#define SN_REFERRAL_H

#include <jansson.h>

#include "../base/base.h"

/* FHIR R4 Task.status, in the order of the lifecycle. */
typedef enum {
	REF_DRAFT,
	REF_REQUESTED,
	REF_RECEIVED,
	REF_ACCEPTED,
	REF_REJECTED,
	REF_CANCELLED,
	REF_IN_PROGRESS,
	REF_ON_HOLD,
	REF_COMPLETED,
	REF_FAILED,
	REF_N_STATUS
} ref_status;

/* The FHIR code ("in-progress"); NULL for a value out of range. */
const char *ref_status_code(ref_status s);
/* The state in words for pages ("In progress"). */
const char *ref_status_words(ref_status s);
/* The GOV.UK tag colour for the state ("govuk-tag--green"). */
const char *ref_status_tag(ref_status s);
/* A FHIR code to the state: false when code is not one. */
bool ref_status_parse(const char *code, ref_status *out);
/* Nothing more happens to a referral in this state. */
bool ref_status_final(ref_status s);

/* Who the caller is to a referral: bits, since a referrer may also work
 * for the receiving organisation. */
enum { REF_AS_REFERRER = 1u << 0, REF_AS_RECEIVER = 1u << 1 };

typedef enum {
	REF_MOVE_OK,
	REF_MOVE_ILLEGAL,  /* no one may make this move from this state (409) */
	REF_MOVE_NOT_YOURS /* the move exists but belongs to someone else (403) */
} ref_move_check;

/* Whether a caller who is `as` (REF_AS_* bits) may move a referral from
 * `from` to `to`. The moves: draft -> requested (the referrer sends it);
 * requested -> received | accepted | rejected; received -> accepted |
 * rejected; accepted -> in-progress | completed; in-progress <-> on-hold;
 * in-progress -> completed | failed (the receiving organisation); and
 * -> cancelled from any state not yet rejected, cancelled, completed or
 * failed (the referrer). */
ref_move_check ref_move(ref_status from, ref_status to, unsigned as);
/* The moves `as` may make from `from`, in lifecycle order, into out;
 * returns how many. */
size_t ref_moves(ref_status from, unsigned as, ref_status out[static REF_N_STATUS]);

/* "live" (sent to the service's inbox, answered there) or "signpost"
 * (recorded only, created completed). */
typedef enum { REF_LIVE, REF_SIGNPOST } ref_mode;
const char *ref_mode_code(ref_mode m);
bool ref_mode_parse(const char *code, ref_mode *out);

/* ---- service levels ---- */
#define REF_ANSWER_DAYS_DEFAULT 5 /* a service that has not said */
#define REF_ANSWER_DAYS_MAX 90
typedef enum {
	REF_SLA_NONE,     /* answered, or not waiting for an answer */
	REF_SLA_WAITING,  /* within the service's time to answer */
	REF_SLA_OVERDUE,  /* past it: flagged to the service and the referrer */
	REF_SLA_ESCALATED /* past it twice over: escalated */
} ref_sla;
/* The referral waits for an answer while requested or received. Due
 * `days` after it was requested (unix seconds), escalated `days` after
 * that. */
ref_sla ref_sla_at(ref_status s, int64_t requested_at, int64_t days, int64_t now);
int64_t ref_due_at(int64_t requested_at, int64_t days);
const char *ref_sla_code(ref_sla x); /* "", "waiting", "overdue", "escalated" */

/* ---- limits on what people type ---- */
#define REF_REASON_MAX 2000
#define REF_NOTE_MAX 2000
#define REF_OUTCOME_MAX 2000


/* ---- one referral as the writers see it (FHIR, pages, the JSON API) ----
 * Strings are borrowed from the caller; NULL or "" means not known. Times
 * are UTC ISO-8601 ("2026-12-07T10:20:13Z"). The person's fields are only
 * those the referral shares (the consent snapshot). */
typedef struct {
	const char *id;          /* the referral's uuid */
	ref_status status;
	ref_mode mode;
	const char *reason;
	const char *outcome;     /* at completion or failure */
	const char *created_at;  /* authored */
	const char *updated_at;  /* last change */
	const char *due_at;      /* answer by, live referrals waiting */
	bool consent;            /* the person agreed to share */
	const char *service_id;  /* ORUK service uuid */
	const char *service_name;
	const char *org_id;      /* ORUK organisation uuid (the receiver) */
	const char *org_name;
	const char *person_id;   /* the person's uuid */
	const char *person_name;
	const char *person_birth_date; /* YYYY-MM-DD */
	const char *person_postcode;
	const char *person_phone;
	const char *person_email;
	const char *referrer_id; /* the referrer's account uuid */
	const char *referrer_name;
	const char *referrer_email;
} ref_view;

/* ---- the referral as FHIR R4 (referral_fhir.c, pure; docs/fhir.md) ---- */
/* The ServiceRequest.status (FHIR request-status) that goes with a Task
 * status: draft -> draft; requested, received, accepted, in-progress ->
 * active; on-hold -> on-hold; completed -> completed; rejected, cancelled,
 * failed -> revoked (ended before it was done: not entered-in-error, which
 * FHIR keeps for records made by mistake). NULL for a value out of range. */
const char *ref_fhir_request_status(ref_status s);
/* A new FHIR R4 Bundle (type "collection") of the referral: its Task, the
 * ServiceRequest the Task fulfils, and the Patient, Organization,
 * HealthcareService and Practitioner they name, each entry with a
 * "urn:uuid:" fullUrl so that every reference resolves inside the bundle.
 * Fields that are NULL or "" are left out (FHIR has no empty strings); the
 * Patient carries its name, birth date, postcode and telecom only when
 * v->consent. base_url ("https://supportnet.example", or NULL) names the
 * Task's identifier system and the bundle's self link. NULL when v->id or
 * v->person_id is not a uuid (no valid bundle without them) or v->status
 * is out of range. */
json_t *ref_fhir_bundle(const ref_view *v, const char *base_url);

#endif
