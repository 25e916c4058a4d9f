/* Private to curate/'s pages (*_http.c): who is acting, who may manage
 * what, and the service or organisation a page is about (curate_http.c). */
#ifndef SN_CURATE_HTTP_H
#define SN_CURATE_HTTP_H

#include "../../access/access.h"
#include "../../access/access_http.h"
#include "curate_int.h"
#include "curate_pages.h"

/* A moderator or an admin (who manage every entry). */
bool curate_is_mod(const req *r);
/* The role an audit entry names: "moderator", "admin" or "partner". */
const char *curate_acting_role(const req *r);
curate_actor curate_actor_of(const req *r);
/* An audit entry by the signed-in user (reason NULL for ""). */
sn_err curate_audit(req *r, const char *action, const char *record, const char *reason);
/* Moderators and admins manage every entry; partner staff their own
 * organisation's (dir_org_members). */
sn_err curate_may_manage(req *r, int64_t org, bool *ok);
/* The service named by the path, if this user manages it; otherwise the
 * reply is made (404 or 403) and *done is set. */
sn_err curate_managed_service(req *r, reply *out, curate_service_info *si, bool *done);
/* The proposal waiting for a service: {uuid, submitted, by} (a new
 * reference the caller decrefs), or NULL; with details, what it proposes
 * (a new reference too, or NULL). */
json_t *curate_pending_view(req *r, int64_t sid, json_t **details);

#endif
