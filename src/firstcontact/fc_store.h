/* First Contact in the store (fc_store.c: every statement of the
 * feature). Writes run inside the caller's write transaction; the caller
 * audits. Text from the arena a; "" for what is not there. */
#ifndef SN_FC_STORE_H
#define SN_FC_STORE_H

#include "../store/store.h"
#include "firstcontact.h"

/* ---- the questions ---- */
typedef struct {
	int64_t id, position;
	char uuid[37];
	const char *text, *hint;
	bool active;
} fc_question;
/* By position (then id); only the active ones when active_only. */
sn_err fc_questions(store *s, bool active_only, arena *a, fc_question **rows, size_t *n);
sn_err fc_question_get(store *s, const char *uuid, arena *a, fc_question *out);
/* A new active question at the end; uuid gets its id. */
sn_err fc_question_add(store *s, const char *text, const char *hint, int64_t now,
		       char uuid[static 37], int64_t *id);
sn_err fc_question_update(store *s, int64_t id, const char *text, const char *hint,
			  int64_t position, bool active, int64_t now);

/* Where each question leads, with the names for pages. */
typedef struct {
	fc_link link;
	char question_uuid[37], service_uuid[37];
	const char *service_name, *locality_name; /* locality "" when for everyone */
	bool service_open;
} fc_link_row;
/* Every link of the active questions (or of question_id when not 0), in
 * the questions' order. */
sn_err fc_links(store *s, int64_t question_id, arena *a, fc_link_row **rows, size_t *n);
/* Adds a link (nothing when it is there already) or removes one. */
sn_err fc_link_add(store *s, int64_t question_id, int64_t service_id, int64_t locality_id);
sn_err fc_link_remove(store *s, int64_t question_id, int64_t service_id, int64_t locality_id);
/* The area's localities, by name. */
typedef struct {
	int64_t id;
	const char *name;
} fc_locality;
sn_err fc_localities(store *s, arena *a, fc_locality **rows, size_t *n);

/* ---- checklists ---- */
typedef struct {
	int64_t id, by_user, org_id, person_id, locality_id, referrals;
	char uuid[37];
	bool completed, consent;
	const char *given_name, *family_name, *birth_date, *postcode, *phone, *email;
	const char *answers; /* JSON {"<question uuid>": true|false} */
	const char *org_name, *person_uuid, *by_name;
	const char *created_at, *updated_at, *completed_at;
} fc_checklist;
sn_err fc_checklist_get(store *s, const char *uuid, arena *a, fc_checklist *out);
/* The caller's checklists, drafts first, then newest; at most limit. */
sn_err fc_checklists_of(store *s, int64_t user_id, int64_t limit, arena *a, fc_checklist **rows,
			size_t *n);
/* A new draft from c's details and answers (by_user, org_id, person_id,
 * locality_id); uuid and *id get its ids. */
sn_err fc_checklist_insert(store *s, const fc_checklist *c, int64_t now, char uuid[static 37],
			   int64_t *id);
/* Changes a draft's details and answers; SN_ECONFLICT when it was sent. */
sn_err fc_checklist_update(store *s, const fc_checklist *c, int64_t now);
/* Marks a draft completed for person_id with its referrals; SN_ECONFLICT
 * when it was sent meanwhile. */
sn_err fc_checklist_complete(store *s, int64_t id, int64_t person_id, int64_t referrals,
			     int64_t now);
/* The organisations user_id is a member of: the first (by name), or 0. */
sn_err fc_user_org(store *s, int64_t user_id, int64_t *org_id);

/* ---- the funnel report ----
 * Completed checklists from `from` to before `to` (UTC ISO times at the
 * start of a month: only their YYYY-MM counts), by
 * grouping: counts of checklists, their referrals, those accepted (ever)
 * and completed, and the seconds from sent to accepted. */
sn_err fc_report_groups(store *s, fc_grouping g, const char *from, const char *to, arena *a,
			fc_group **rows, size_t *n);

/* Counts fc_funnel_months again from the checklists and their referrals
 * (schema 0029's triggers keep it; for after a bulk load with the
 * triggers off, or to check them): inside the caller's write transaction.
 * *rows gets how many month rows there are now. */
sn_err fc_funnel_recount(store *s, int64_t *rows);

#endif
