/* Neighbourhood schemes: what the pages, the demo and the command line do
 * with the store and the rules together (scheme_act.c). The rows of
 * scheme_store.h turned into what the rules take; a matching run; a
 * proposal confirmed or declined; the vetting reminders. Each runs inside
 * the caller's write transaction and audits what it reads and writes of a
 * person's record (the coordinator's scheme role as the basis). */
#ifndef SN_SCHEME_ACT_H
#define SN_SCHEME_ACT_H

#include "../web/web.h"
#include "scheme_store.h"

/* A bit mask of the ids in list ("lift,shopping") among the scheme's
 * helps_with (or, training true, its training); ids it does not know are
 * left out. */
uint32_t sch_mask_of(const sch_scheme *s, const char *list, bool training);
/* The member's latest vetting for the rules (NULL in *out's place: none). */
const sch_vetting *sch_vetting_of(const sch_scheme *s, const sch_vetting_row *v, sch_vetting *out);
/* The member's vetting state today (a day number). */
sch_vet_state sch_member_vet(const sch_scheme *s, const sch_member *m, int64_t today);
/* A member and a request as the rules see them (exclusions and past
 * helpers are filled by the run). */
void sch_helper_of(const sch_scheme *s, const sch_member *m, int64_t today, sch_helper *out);
void sch_need_of(const sch_scheme *s, const sch_request *r, sch_need *out);

/* Audits a coordinator's (by their scheme role) read or write of a
 * person's data: record "person:UUID", reason "scheme coordinator". */
sn_err sch_audit_person(store *s, const web_user *u, const char *action, const char *person_uuid);
/* Audits a read or write of a member's details: record "scheme-member:UUID". */
sn_err sch_audit_member(store *s, const web_user *u, const char *action, const char *member_uuid);

/* Runs the matching engine over the scheme's open requests and active
 * members (supersedes the proposals still waiting, stores the run and its
 * proposals, audits each request's person as read). run_uuid gets the
 * run's id. today: a day number; now: the time. */
sn_err sch_run_scheme(store *s, const sch_scheme *sc, const web_user *u, int64_t today, const char *now,
		      char run_uuid[static 37], char *err, size_t err_size);
/* Confirms p: its follow-ups (the scheme's followup_weeks from today),
 * the request matched once every helper it asked for is confirmed.
 * SN_ECONFLICT when it is no longer waiting. */
sn_err sch_confirm(store *s, const sch_scheme *sc, const sch_proposal_row *p, const web_user *u, int64_t today,
		   const char *now);
/* Declines p with a reason: the pair is not proposed again, and the
 * request waits for the next run. SN_ECONFLICT when no longer waiting. */
sn_err sch_decline(store *s, const sch_proposal_row *p, const char *reason, const web_user *u, const char *now);

/* `supportnet schemes remind`: for each active member whose vetting
 * expires within SCH_VET_WARN_DAYS of now (or has expired), one email to
 * every coordinator, once per member per expiry (the outbox's dedup key),
 * with no personal details: the scheme, the date and a link. *queued gets
 * how many emails were queued this time. */
sn_err sch_remind(store *s, int64_t now, const char *base_url, int64_t *queued, char *err, size_t err_size);

/* ---- the demo area (scheme_demo.c) ---- */
/* Members of every scheme, vetted by coordinator; requests made by worker
 * for people on their caseload (and for resident's own record); matches
 * confirmed five weeks ago with their follow-ups; proposals waiting. */
sn_err sch_demo(store *s, uint64_t seed, int64_t coordinator, int64_t worker, int64_t resident);

#endif
