/* Inside the referral feature: the caller's reach to a referral and the
 * actions the pages and the JSON API share (referral_act.c). */
#ifndef SN_REFERRAL_INT_H
#define SN_REFERRAL_INT_H

#include "../access/access.h"
#include "../people/people.h"
#include "referral_pages.h"
#include "referral_store.h"

/* Who the caller is to one referral. */
typedef struct {
	ref_row rf;
	unsigned as;        /* REF_AS_REFERRER | REF_AS_RECEIVER */
	access_basis basis; /* the caller's relationship with the person (may be none) */
	bool related;       /* self, named or worker: sees the person's record */
} ref_ctx;

/* Finds referral uuid and the caller's reach to it. SN_ENOTFOUND when
 * there is none, SN_EFORBIDDEN when the caller may not read it (audited
 * as "referral.denied"). */
sn_err ref_reach(req *r, const char *uuid, ref_ctx *ctx);
/* After ref_reach failed with rc: rolls back and, for SN_EFORBIDDEN,
 * audits the refusal in a transaction of its own; returns rc. */
sn_err ref_denied(req *r, const ref_ctx *ctx, sn_err rc);
/* Audits a read or write of the referral against the person, with the
 * caller's basis (relationship, referrer or receiving organisation). */
sn_err ref_audit(req *r, const ref_ctx *ctx, const char *action);
/* A listed page: one "referral.listed" entry per row, each the entry
 * ref_audit writes for a reader who is `as` (REF_AS_REFERRER: the sent
 * box; REF_AS_RECEIVER: the inbox), appended in one go. */
sn_err ref_audit_listed(req *r, const ref_row *rows, size_t n, unsigned as);

/* Checks and stores it, audits and queues the notifications, inside the
 * caller's write transaction. SN_EINPUT with *pb filled when something
 * is wrong (nothing stored). */
sn_err ref_create(req *r, const ref_create_in *in, char uuid[static 37], ref_problem *pb);
/* ref_create_for (referral_pages.h) is the same for a person the caller
 * has already reached. */

/* A referral for someone new (details d, checked), inside the caller's
 * write transaction. The likely matches (people_likely_matches) the
 * caller may see (self, named, worker) come back in *shown; when there are
 * any and new_person is false: SN_EINPUT with a 409 on "person" and
 * nothing stored. Otherwise a record is made (puuid), the caller its
 * worker when they hold the role, each match they may not see is kept
 * for review (people_dup_flag) and never named to them, and the referral
 * is made for it (uuid). Everything audited. */
#define REF_MATCHES_MAX 20
sn_err ref_create_new_person(req *r, const ref_create_in *in, const person_new *d, bool new_person,
			     char uuid[static 37], char puuid[static 37], ref_problem *pb,
			     people_match_row **shown, size_t *n_shown);
/* Audits, in a transaction of its own, that the caller was shown the
 * matches m (after the 409 rolled back). */
sn_err ref_matches_shown(req *r, const people_match_row *m, size_t n);

/* The JSON API's bodies, at most (413 past it). */
#define REF_API_MAX (16u * 1024u)
/* ---- the JSON API's bodies (referral_body.c, pure: no request, no
 * store; text copied into a) ----
 * POST /api/referrals: {"person_id" | "person": {given_name, family_name,
 * birth_date, postcode, phone, email}, "service_id", "reason", "mode":
 * "live"|"signpost" (live when absent), "consent", "new_person"}. Members
 * must have their types, person_id and person not both, and the person's
 * details pass people_details_check at now. false and *pb (422, the field,
 * one line) on the first that fails, in the order the handler always
 * reported them. Left to ref_create, after the store: the person and the
 * service, then the reason (1 to REF_REASON_MAX bytes), then consent for a
 * live referral. */
typedef struct {
	ref_create_in in; /* person_uuid, service_uuid, reason: "" when absent */
	bool is_new;      /* a "person" object: someone new, in d */
	bool new_person;  /* "new_person": true (the caller has seen the matches) */
	person_new d;     /* is_new: the details, checked; its text in a */
} ref_create_body;
bool ref_body_create(const json_t *j, int64_t now, arena *a, ref_create_body *b, ref_problem *pb);
/* POST /api/referrals/{id}/status: {"status" (a FHIR Task code), "note",
 * "outcome"}; note and outcome "" when absent, and at completed or failed
 * the outcome is the note when not given apart. Their lengths
 * (REF_NOTE_MAX, REF_OUTCOME_MAX) are ref_change's, after the move's
 * checks. false and *pb as above. */
typedef struct {
	ref_status to;
	const char *note, *outcome;
} ref_status_body;
bool ref_body_status(const json_t *j, arena *a, ref_status_body *b, ref_problem *pb);

/* Moves ctx's referral to `to` with note (and outcome, at completed or
 * failed), inside the caller's write transaction: the caller must be able
 * to act on it at all (else 403), the move must exist (else 409) and be
 * the caller's to make (else 403). SN_EINPUT with *pb when refused, and
 * nothing changed. */
sn_err ref_change(req *r, ref_ctx *ctx, ref_status to, const char *note, const char *outcome,
		  ref_problem *pb);

/* The referral for writers (FHIR, JSON): what ctx's caller may see of the
 * person (the shared fields; the record's name to those related). */
void ref_view_of(const ref_ctx *ctx, ref_view *v);
/* The referral as the JSON API shows it (a new reference). */
json_t *ref_json(req *r, const ref_ctx *ctx, bool with_history);
/* The referral as a list row shows it (a new reference). */
json_t *ref_row_json(req *r, const ref_row *rf, bool related);

#endif
