/* curate/'s pages (the header routes.c and find/ include): the partners'
 * pages, editing and history, the moderators' queue, duplicates, reports
 * and overdue entries, and the search synonyms (docs/directory.md,
 * "Editing and moderation", "Reviews"). The rules and the store they call
 * are in curate.h. */
#ifndef SN_CURATE_PAGES_H
#define SN_CURATE_PAGES_H

#include "../../web/web.h"

/* ---- keeping entries current (partner_http.c, edit_http.c) ---- */
sn_err curate_partner(req *r, reply *out);   /* GET /partner */
sn_err curate_edit_form(req *r, reply *out); /* GET /directory/services/{id}/edit */
sn_err curate_edit_save(req *r, reply *out); /* POST the same */
sn_err curate_new_form(req *r, reply *out);  /* GET /directory/organizations/{id}/services/new */
sn_err curate_new_save(req *r, reply *out);  /* POST the same */
sn_err curate_history(req *r, reply *out);   /* GET /directory/services/{id}/history */
sn_err curate_restore(req *r, reply *out);   /* POST .../history/{version}/restore */
sn_err curate_checked(req *r, reply *out);   /* POST /directory/services/{id}/checked */
/* Whether the signed-in user may change service sid (for an "edit" link). */
bool curate_may_edit(req *r, int64_t sid);

/* ---- moderation (moderation_http.c) ---- */
sn_err curate_change(req *r, reply *out);          /* GET /directory/changes/{id} */
sn_err curate_change_decide(req *r, reply *out);   /* POST /directory/changes/{id}/decide */
sn_err curate_change_withdraw(req *r, reply *out); /* POST /directory/changes/{id}/withdraw */
sn_err curate_queue(req *r, reply *out);           /* GET /moderation/changes */
sn_err curate_moderation(req *r, reply *out);      /* GET /moderation */
sn_err curate_dupes_list(req *r, reply *out);      /* GET /moderation/duplicates */
sn_err curate_dupes_confirm(req *r, reply *out);   /* GET /moderation/duplicates/merge?a=&b= */
sn_err curate_dupes_merge(req *r, reply *out);     /* POST /moderation/duplicates/merge */
sn_err curate_dupes_undo(req *r, reply *out);      /* POST /moderation/duplicates/undo */
sn_err curate_dupes_dismiss(req *r, reply *out);   /* POST /moderation/duplicates/dismiss */

/* ---- reports of wrong information (reports_http.c) ---- */
sn_err curate_reports_list(req *r, reply *out);  /* GET /moderation/reports */
sn_err curate_reports_close(req *r, reply *out); /* POST /moderation/reports/{id}/close */

/* ---- overdue entries (review_http.c) ---- */
sn_err curate_overdue_list(req *r, reply *out);     /* GET /moderation/overdue */
sn_err curate_overdue_reviewed(req *r, reply *out); /* POST /moderation/overdue/{id}/reviewed */

/* ---- search synonyms, admins and moderators (synonyms_http.c) ---- */
sn_err curate_synonyms_list(req *r, reply *out);   /* GET /admin/synonyms */
sn_err curate_synonyms_save(req *r, reply *out);   /* POST /admin/synonyms */
sn_err curate_synonyms_delete(req *r, reply *out); /* POST /admin/synonyms/delete */

#endif
