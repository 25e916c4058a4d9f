/* curate/: keeping the directory current. Prefix: curate_. A service's
 * editable details as one JSON object, the field-by-field difference of
 * two of them, writing them back to the ORUK tables, every version kept,
 * partners' proposed changes waiting for a moderator, likely duplicates
 * and merging them, reviews falling due (the overdue rule, the reminders),
 * reports of wrong information, and the demo area's directory
 * (docs/directory.md, "Editing and moderation", "Reviews"). Above search/
 * (every write re-indexes the service), geo/, hours/ and the core; used by
 * oruk/ (an import keeps versions) and find/. Its pages (moderation, the
 * partners' pages, synonyms) are declared in curate_pages.h.
 *
 * Files: details.c (the details: fields, checks, difference, sessions),
 * edit_store.c (loading and writing them, versions, proposals), dupes.c
 * (name likeness, pairs), review.c (ages, the overdue rule, reminders'
 * words), demo.c (the demo directory), curate_store.c (every other SQL
 * statement of curate/), and the pages (*_http.c).
 *
 * The details object (every value a string unless said otherwise; "" is
 * "not given"):
 *   name, description, status, url, email, phone, cost (pounds, "" = free),
 *   cost_description, eligibility, minimum_age, maximum_age,
 *   application_process, location_name, address_1, address_2, city,
 *   postcode, accessibility, transportation,
 *   terms:    [code, ...] the community taxonomy's kinds of help,
 *   sessions: [{"when": "weekly"|"1".."4"|"-1", "day": "MO".."SU",
 *               "opens": "HH:MM", "closes": "HH:MM"}, ...],
 *   other_times: [line, ...] schedules the form cannot edit (kept as they
 *               are, shown in words; never written back).
 * Only the groups that differ are written back, so an edit never disturbs
 * what the form does not show (a second phone, extra cost options, a
 * schedule with dates). */
#ifndef SN_CURATE_H
#define SN_CURATE_H

#include <jansson.h>

#include "../../base/base.h"
#include "../../store/store.h"

#define CURATE_SESSIONS_MAX 8        /* opening-time rows on the form */
#define CURATE_REVIEW_MONTHS_DAYS 183 /* a review falls due six months on */

/* The editable fields in form order: key, label, longest value in bytes. */
typedef struct {
	const char *key, *label;
	size_t max;
} curate_field;
extern const curate_field curate_fields[];
extern const size_t curate_n_fields;

/* The current details of service sid: *out a new reference, the caller
 * decrefs. */
sn_err curate_details_load(store *s, int64_t sid, json_t **out);
/* An empty details object (a new service): a new reference, the caller
 * decrefs. */
json_t *curate_details_empty(void);
/* Checks d (from a form or a stored proposal) and normalises it in place
 * (postcode spacing, cost to two decimals). Problems are appended to
 * errors as {"field", "message"}; SN_EINPUT when there were any. */
sn_err curate_details_check(store *s, json_t *d, json_t *errors);
/* [{"field", "label", "before": [lines], "after": [lines]}] for each field
 * that differs, in form order; terms and opening times in words. A new
 * reference, the caller decrefs. */
json_t *curate_details_diff(store *s, const json_t *before, const json_t *after);
/* Writes the groups of `after` that differ from `before` to service sid,
 * sets last_modified and re-indexes it. Call inside a write transaction. */
sn_err curate_details_apply(store *s, int64_t sid, const json_t *before, const json_t *after,
			 const char *now);

/* ---- versions ---- */
typedef struct {
	const char *uuid, *name; /* user uuid and name, or "system" */
} curate_actor;
/* Records the service's current details as its next version. A service
 * with no history first gets version 1, "recorded", of what it was. */
sn_err curate_version_add(store *s, int64_t sid, const char *action, const curate_actor *who,
		       const char *note, const char *now, int64_t *version);
/* Before the first change to a service with no history: version 1,
 * "recorded", is what it was (from the demo, an import or before history
 * was kept). Nothing when it has history. */
sn_err curate_version_ensure(store *s, int64_t sid, const char *now);
/* The latest version number (0 when there is no history yet). */
sn_err curate_version_latest(store *s, int64_t sid, int64_t *version);
/* The details of one version (*out a new reference, the caller decrefs);
 * SN_ENOTFOUND when there is none. */
sn_err curate_version_details(store *s, int64_t sid, int64_t version, json_t **out);

/* ---- direct edits (moderators), proposals (partners) ---- */
/* Applies details d to sid now, as a new version (action "edited" or
 * "restored"). In a write transaction. */
sn_err curate_service_update(store *s, int64_t sid, const json_t *d, const char *action,
			  const curate_actor *who, const char *note, const char *now);
/* Creates a published service of organisation org from d (version 1,
 * "created"), reviewed today. In a write transaction. */
sn_err curate_service_create(store *s, int64_t org, const json_t *d, const curate_actor *who,
			  const char *note, const char *now, int64_t *sid, char uuid[static 37]);
/* Saves a partner's proposal: the waiting one for the service is replaced
 * (sid 0 proposes a new service). In a write transaction. */
sn_err curate_change_submit(store *s, int64_t org, int64_t sid, const char *kind, const json_t *d,
			 const char *note, int64_t user_id, const char *now, char uuid[static 37]);
/* Approves (applies, as a version "approved") or rejects a waiting
 * proposal. SN_ENOTFOUND when it is not waiting. In a write transaction.
 * *sid gets the service it changed or created. */
sn_err curate_change_approve(store *s, int64_t change_id, const curate_actor *who, int64_t user_id,
			  const char *note, const char *now, int64_t *sid);
sn_err curate_change_reject(store *s, int64_t change_id, int64_t user_id, const char *reason,
			 const char *now);
/* Marks a service checked today (review due six months on), as a version
 * "checked". In a write transaction. */
sn_err curate_service_checked(store *s, int64_t sid, const curate_actor *who, const char *now);

/* ---- likely duplicates ---- */
typedef struct {
	int64_t a, b;        /* dir_services.id, a < b */
	const char *why;     /* "same postcode and phone", ... */
	int score;           /* how alike the names are, 0..100 */
} curate_dup_pair;
/* Published pairs with alike names that share a postcode, a phone, an
 * email or a web address (names 75% alike sharing one of those, 60%
 * sharing two or more), not dismissed; the most alike first.
 * At most max pairs, from the arena. */
sn_err curate_duplicates(store *s, arena *a, size_t max, curate_dup_pair **out, size_t *n);
/* Name likeness, 0..100 (word overlap after dropping case and
 * punctuation, with the Levenshtein ratio of the whole). */
int curate_name_likeness(const char *a, const char *b);
/* Merges service `gone` into `keep`: gone is archived with merged_into,
 * its reports move to keep, both get a version "merged". In a write
 * transaction. */
sn_err curate_merge(store *s, int64_t keep, int64_t gone, const curate_actor *who, const char *now);
/* The same, and the kept entry then belongs to organisation org (0: the
 * one it has); its version's note names the one it had ("was organisation
 * UUID"), for an undo. */
#define CURATE_WAS_ORG "was organisation "
sn_err curate_merge_to(store *s, int64_t keep, int64_t gone, int64_t org, const curate_actor *who,
		       const char *now);
/* Undoes a merge of gone into keep made at most within_s seconds ago:
 * gone is published again, keep gets back the organisation it had, and
 * both histories say so (a version "restored" each; reports that moved
 * stay with keep). SN_ENOTFOUND when gone is not merged into keep,
 * SN_ECONFLICT when the merge is older. In a write transaction. */
#define CURATE_UNDO_MERGE_DAYS 7
sn_err curate_merge_undo(store *s, int64_t keep, int64_t gone, const curate_actor *who, const char *now,
			 int64_t within_s);

/* The demo area: a partner's change waiting and an entry with history. */
sn_err curate_demo_changes(store *s, const char *now);

/* ---- reviews (review.c) ---- */

#define CURATE_REMIND_DAYS 14 /* remind this many days before a review falls due */
#define CURATE_OVERDUE_PER_PAGE 50    /* rows of the overdue report */

/* From one date to a later one ("YYYY-MM-DD", or longer ISO text), in
 * words: "3 days", "2 weeks", "1 month", "14 months", "2 years". Whole
 * units, rounded down; "0 days" when to is not later. Writes "" when a
 * date is malformed. */
void curate_age_text(const char *from, const char *to, char *out, size_t size);

typedef struct {
	int64_t services;     /* due within the days, or overdue */
	int64_t queued;       /* emails queued now */
	int64_t already;      /* reminders queued before, not queued again */
	int64_t no_recipient; /* services whose organisation has no member and no usable email */
} curate_reminder_stats;

/* Queues one reminder per published service whose review falls due
 * within days (or is overdue) to each enabled member of its organisation
 * (else to the organisation's email), at most once per service, due date
 * and recipient. base_url ("https://support.example", no trailing slash)
 * makes the links. dry_run counts and changes nothing. One transaction,
 * with one audit entry (actor "system"). */
sn_err curate_queue_reminders(store *s, int days, const char *base_url, bool dry_run,
			      curate_reminder_stats *out, char *err, size_t err_size);

/* The demo: partner@ and a second partner are members of some
 * organisations, and a few services are long overdue or fall due soon.
 * Run after curate_demo_directory, in its transaction. */
sn_err curate_demo_reviews(store *s, uint64_t seed);

/* The overdue rule: a review is overdue once its due date is past, i.e.
 * when review_due's date (its first 10 characters) is before today's.
 * today is "YYYY-MM-DD" or longer ISO text; a review_due of NULL or "" is
 * never overdue. */
bool curate_overdue(const char *review_due, const char *today);
/* The same rule in SQL (counts, the overdue report, the partners' order),
 * bound to today's date ("YYYY-MM-DD"): "AND " CURATE_OVERDUE_SQL("s.review_due"). */
#define CURATE_OVERDUE_SQL(col) col " < ?"

/* ---- reports of wrong information ---- */

/* Records a report about service sid (what is wrong, and the reporter's
 * contact, "" for none). In the caller's write transaction. */
sn_err curate_report_add(store *s, int64_t sid, const char *what, const char *contact, const char *now);

/* ---- the demo area's directory (demo.c) ---- */

/* A community taxonomy, organisations and n_services services with
 * locations, times, costs and contacts, generated from seed, in the
 * localities given (docs/directory.md, "The demo directory"). */
sn_err curate_demo_directory(store *s, uint64_t seed, const int64_t *locality_ids, size_t n_localities,
			     int n_services, char *err, size_t err_size);

#endif
