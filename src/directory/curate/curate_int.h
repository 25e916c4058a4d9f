/* Private to curate/ (its public headers are curate.h and
 * curate_pages.h): what its pages read and write (curate_store.c) and what
 * its rules and store share. No web.h: the pages' own helpers are in
 * curate_http.h. */
#ifndef SN_CURATE_INT_H
#define SN_CURATE_INT_H

#include "../directory.h"
#include "curate.h"

/* Changes not approved are shown to partners for this many days. */
#define CURATE_REFUSED_DAYS 30

/* ---- shared by the rules and the store ---- */

/* A details value as text ("" when absent or not text). */
const char *curate_str_of(const json_t *d, const char *key);
/* Sets a details value (NULL as ""). */
void curate_set_str(json_t *d, const char *key, const char *v);
/* A schedule row as sessions, when the form can hold it: appends to
 * sessions and returns true, or false. */
bool curate_row_sessions(const sched_columns *c, json_t *sessions);
/* Sessions as schedule rows ({"freq", "byday", "opens", "closes",
 * "words"}): a new reference, the caller decrefs. */
json_t *curate_session_rows(const json_t *sessions);
/* The review dates of a check made now: today and six months on. */
void curate_review_dates(const char *now, char reviewed[11], char due[11]);

/* ---- the store (curate_store.c) ---- */

/* Any service that is not merged away, by uuid (texts in the arena). */
typedef struct {
	int64_t id, org;
	const char *uuid, *name, *org_name, *org_uuid, *moderation;
} curate_service_info;
/* SN_ENOTFOUND when there is no such service (or it was merged). */
sn_err curate_store_service(store *s, arena *a, const char *uuid, curate_service_info *out);
/* An organisation by uuid: its id and name (in the arena); SN_ENOTFOUND. */
sn_err curate_store_org(store *s, arena *a, const char *uuid, int64_t *id, const char **name);
/* An organisation's uuid by its id (in the arena; "" when there is none). */
sn_err curate_store_org_uuid(store *s, arena *a, int64_t org, const char **uuid);
/* The organisation of service sid (0 when there is none). */
sn_err curate_store_service_org(store *s, int64_t sid, int64_t *org);
/* A service's uuid and name (in the arena; "" when there is none). */
sn_err curate_store_service_name(store *s, arena *a, int64_t sid, const char **uuid,
                                 const char **name);
/* Whether user is a member of organisation org (dir_org_members). */
sn_err curate_store_is_member(store *s, int64_t org, int64_t user, bool *member);
/* The name of a kind of help by its code; *found false when none has it. */
sn_err curate_store_term_name(store *s, const char *code, char *out, size_t size, bool *found);
/* Whether a kind of help has this code. */
sn_err curate_store_term_exists(store *s, const char *code, bool *exists);

/* The proposal waiting for a service: {uuid, submitted_at, by} and its
 * details (new references the caller decrefs), or *out NULL. */
sn_err curate_store_pending(store *s, int64_t sid, json_t **out, json_t **details);
/* One proposal by uuid (texts in the arena, details a new reference the
 * caller decrefs); SN_ENOTFOUND. */
typedef struct {
	int64_t id, org, sid, base, by;
	const char *uuid, *kind, *status, *note, *reason, *submitted, *by_name, *decided, *decider,
	    *org_name;
	json_t *details;
} curate_change_row;
sn_err curate_store_change(store *s, arena *a, const char *uuid, curate_change_row *c);
/* Withdraws a waiting proposal; *done false when it was decided already. */
sn_err curate_store_change_withdraw(store *s, int64_t change_id, int64_t user, const char *now,
                                    bool *done);
/* The proposals waiting, oldest first (at most 500): [{"uuid", "kind",
 * "service" ("" for a new one), "organization", "by", "submitted",
 * "details"}], a new reference the caller decrefs. */
sn_err curate_store_queue(store *s, json_t **out);
/* A service's versions, newest first (at most limit): [{"version",
 * "details" (text), "action", "by", "note", "when", "actor"}]; a new
 * reference the caller decrefs. */
sn_err curate_store_versions(store *s, int64_t sid, int64_t limit, json_t **out);

/* The partners' page, for the organisations a user is a member of (at
 * most 50, by name), each list one query over all of them, each row
 * naming its organisation ("org": its id); new references the caller
 * decrefs. */
/* [{"id", "uuid", "name"}] */
sn_err curate_store_member_orgs(store *s, int64_t user, json_t **out);
/* Entries not merged or archived, overdue first then by name, at most
 * 500 an organisation: [{"org", "uuid", "name", "status", "due",
 * "pending"?}] */
sn_err curate_store_member_services(store *s, int64_t user, const char *today, json_t **out);
/* Proposals of new services waiting: [{"org", "uuid", "details", "submitted"}] */
sn_err curate_store_member_new_changes(store *s, int64_t user, json_t **out);
/* Changes not approved since (newest first, at most 20 an organisation):
 * [{"org", "uuid", "name" ("" for a new service), "details", "reason", "decided",
 *   "service" (its uuid, "" for a new one), "org_uuid"}] */
sn_err curate_store_member_refused(store *s, int64_t user, const char *since, json_t **out);
/* Open reports about their services (oldest first, at most 100 an
 * organisation): [{"org", "uuid", "service", "what", "created"}] */
sn_err curate_store_member_reports(store *s, int64_t user, json_t **out);

/* A duplicate pair's side: the service's uuid, organisation and when it
 * was last checked ("" never), in the arena. */
sn_err curate_store_dup_side(store *s, arena *a, int64_t sid, const char **uuid, const char **org,
                             const char **checked);
/* Keeps a pair off the list of likely duplicates (a < b or not). */
sn_err curate_store_not_duplicates(store *s, int64_t a, int64_t b, int64_t user, const char *now);
/* The moderators' start: proposals waiting, open reports, overdue entries. */
sn_err curate_store_moderation_counts(store *s, const char *today, int64_t *changes,
                                      int64_t *reports, int64_t *overdue);

/* Open reports, oldest first (at most 200): [{"uuid", "service_uuid",
 * "service", "organization", "what", "contact", "created"}]; a new
 * reference the caller decrefs. */
sn_err curate_store_reports(store *s, json_t **out);
/* Closes an open report; *done false when there is no such open report. */
sn_err curate_store_report_close(store *s, const char *uuid, int64_t user, const char *now,
                                 const char *outcome, bool *done);

/* The overdue report: how many are overdue (before today) and fall due
 * from today to soon; a page of the overdue (oldest due first) with their
 * reminders: [{"uuid", "name", "organization", "reviewed" (null never),
 * "due", "sent" ("" none), "queued", "failed"}], a new reference the
 * caller decrefs. */
sn_err curate_store_overdue_counts(store *s, const char *today, const char *soon, int64_t *overdue,
                                   int64_t *due_soon);
sn_err curate_store_overdue_page(store *s, const char *today, int64_t limit, int64_t offset,
                                 json_t **out);
/* A service's name and review_due by uuid (in the arena); *found false. */
sn_err curate_store_review_of(store *s, arena *a, const char *uuid, const char **name,
                              const char **due, bool *found);

/* ---- reminders (review.c) ---- */

/* A published service whose review falls due by a date (texts in the
 * arena; due and reviewed cut to their dates, "" for none). */
typedef struct {
	int64_t org_id;
	const char *uuid, *name, *org_name, *org_email, *due, *reviewed;
} curate_due_service;
/* Every published service due by until ("YYYY-MM-DD"), soonest first:
 * *list in the arena. */
sn_err curate_store_due(store *s, arena *a, const char *until, curate_due_service **list,
                        size_t *n);
/* The email addresses of an organisation's enabled members, in order. */
typedef void curate_email_fn(void *ctx, const char *email);
sn_err curate_store_member_emails(store *s, int64_t org, curate_email_fn *fn, void *ctx);

/* ---- the duplicates' keys (dupes.c) ---- */

/* The (key, id, name) rows of one kind of key (1 postcode, 2 phone, 4
 * email, 8 web address) of published services, sorted by key then id;
 * fn gets each (texts valid during the call). */
typedef sn_err curate_key_fn(void *ctx, const char *key, int64_t id, const char *name);
sn_err curate_store_dup_keys(store *s, unsigned why, curate_key_fn *fn, void *ctx);
/* Whether a moderator said a pair (a < b) is not a duplicate. */
sn_err curate_store_dismissed(store *s, int64_t a, int64_t b, bool *dismissed);

#endif
