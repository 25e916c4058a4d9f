/* Keeping the directory current: a service's editable details as one JSON
 * object, the field-by-field difference of two of them, writing them back
 * to the ORUK tables, every version kept, partners' proposed changes
 * waiting for a moderator, and the merging of duplicates
 * (docs/directory.md, "Editing and moderation").
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
#ifndef SN_DIR_EDIT_H
#define SN_DIR_EDIT_H

#include "../web/web.h"

#define DIR_SESSIONS_MAX 8        /* opening-time rows on the form */
#define DIR_REVIEW_MONTHS_DAYS 183 /* a review falls due six months on */

/* The editable fields in form order: key, label, longest value in bytes. */
typedef struct {
	const char *key, *label;
	size_t max;
} dir_field;
extern const dir_field dir_fields[];
extern const size_t dir_n_fields;

/* The current details of service sid. */
sn_err dir_details_load(store *s, int64_t sid, json_t **out);
/* An empty details object (a new service). */
json_t *dir_details_empty(void);
/* Checks d (from a form or a stored proposal) and normalises it in place
 * (postcode spacing, cost to two decimals). Problems are appended to
 * errors as {"field", "message"}; SN_EINPUT when there were any. */
sn_err dir_details_check(store *s, json_t *d, json_t *errors);
/* [{"field", "label", "before": [lines], "after": [lines]}] for each field
 * that differs, in form order; terms and opening times in words. */
json_t *dir_details_diff(store *s, const json_t *before, const json_t *after);
/* Writes the groups of `after` that differ from `before` to service sid,
 * sets last_modified and re-indexes it. Call inside a write transaction. */
sn_err dir_details_apply(store *s, int64_t sid, const json_t *before, const json_t *after,
			 const char *now);

/* ---- versions ---- */
typedef struct {
	const char *uuid, *name; /* user uuid and name, or "system" */
} dir_actor;
/* Records the service's current details as its next version. A service
 * with no history first gets version 1, "recorded", of what it was. */
sn_err dir_version_add(store *s, int64_t sid, const char *action, const dir_actor *who,
		       const char *note, const char *now, int64_t *version);
/* Before the first change to a service with no history: version 1,
 * "recorded", is what it was (from the demo, an import or before history
 * was kept). Nothing when it has history. */
sn_err dir_version_ensure(store *s, int64_t sid, const char *now);
/* The latest version number (0 when there is no history yet). */
sn_err dir_version_latest(store *s, int64_t sid, int64_t *version);
/* The details of one version; SN_ENOTFOUND when there is none. */
sn_err dir_version_details(store *s, int64_t sid, int64_t version, json_t **out);

/* ---- direct edits (moderators), proposals (partners) ---- */
/* Applies details d to sid now, as a new version (action "edited" or
 * "restored"). In a write transaction. */
sn_err dir_service_update(store *s, int64_t sid, const json_t *d, const char *action,
			  const dir_actor *who, const char *note, const char *now);
/* Creates a published service of organisation org from d (version 1,
 * "created"), reviewed today. In a write transaction. */
sn_err dir_service_create(store *s, int64_t org, const json_t *d, const dir_actor *who,
			  const char *note, const char *now, int64_t *sid, char uuid[static 37]);
/* Saves a partner's proposal: the waiting one for the service is replaced
 * (sid 0 proposes a new service). In a write transaction. */
sn_err dir_change_submit(store *s, int64_t org, int64_t sid, const char *kind, const json_t *d,
			 const char *note, int64_t user_id, const char *now, char uuid[static 37]);
/* Approves (applies, as a version "approved") or rejects a waiting
 * proposal. SN_ENOTFOUND when it is not waiting. In a write transaction.
 * *sid gets the service it changed or created. */
sn_err dir_change_approve(store *s, int64_t change_id, const dir_actor *who, int64_t user_id,
			  const char *note, const char *now, int64_t *sid);
sn_err dir_change_reject(store *s, int64_t change_id, int64_t user_id, const char *reason,
			 const char *now);
/* Marks a service checked today (review due six months on), as a version
 * "checked". In a write transaction. */
sn_err dir_service_checked(store *s, int64_t sid, const dir_actor *who, const char *now);

/* ---- likely duplicates ---- */
typedef struct {
	int64_t a, b;        /* dir_services.id, a < b */
	const char *why;     /* "same postcode and phone", ... */
	int score;           /* how alike the names are, 0..100 */
} dir_dup_pair;
/* Published pairs with alike names that share a postcode, a phone, an
 * email or a web address (names 75% alike sharing one of those, 60%
 * sharing two or more), not dismissed; the most alike first.
 * At most max pairs, from the arena. */
sn_err dir_duplicates(store *s, arena *a, size_t max, dir_dup_pair **out, size_t *n);
/* Name likeness, 0..100 (word overlap after dropping case and
 * punctuation, with the Levenshtein ratio of the whole). */
int dir_name_likeness(const char *a, const char *b);
/* Merges service `gone` into `keep`: gone is archived with merged_into,
 * its reports move to keep, both get a version "merged". In a write
 * transaction. */
sn_err dir_merge(store *s, int64_t keep, int64_t gone, const dir_actor *who, const char *now);

/* The demo area: a partner's change waiting and an entry with history. */
sn_err dir_edit_demo(store *s, const char *now);

#endif
