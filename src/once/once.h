/* One-time form ids: a form that stores something carries a fresh id in a
 * hidden field (ONCE_FIELD); the handler that stores what the form sent
 * remembers the id with what it made, in the same transaction, so the same
 * form sent again (a reload of the answer, a double click, Back and send)
 * is recognised and led to what was made instead of storing it twice.
 * Every statement is in once_store.c; ids are forgotten ONCE_KEEP_SECONDS
 * after they were used. */
#ifndef SN_ONCE_H
#define SN_ONCE_H

#include "../base/base.h"
#include "../store/store.h"
#include "../web/web.h"

#define ONCE_FIELD "form_id"
#define ONCE_KEEP_SECONDS (24 * 3600)
#define ONCE_MADE_MAX 200

/* A fresh id for a form (a UUID). */
void once_new(char out[static 37]);
/* The id a page's form carries: the one it was sent with, when it is shown
 * again with a problem (so it stays the same form), else a new one; from
 * the arena. */
const char *once_form_id(req *r);
/* What the form with this id made, as once_remember was given it, from
 * the arena; NULL in *made when the id was not used (or is not a UUID:
 * such a form is not checked). */
sn_err once_made(store *s, const char *form_id, arena *a, const char **made);
/* Remembers that the form made made (at most ONCE_MADE_MAX bytes: an
 * address or "kind:uuid"), inside the caller's write transaction, and
 * forgets ids older than ONCE_KEEP_SECONDS. SN_ECONFLICT when the id was
 * used meanwhile (the caller rolls back and asks once_made again);
 * SN_OK without storing anything when form_id is not a UUID. */
sn_err once_remember(store *s, const char *form_id, const char *made);

/* ---- for handlers (once_http.c) ---- */

/* Inside the handler's write transaction, before it changes anything: when
 * the form was sent before, rolls back, redirects to what it made and sets
 * *done. */
sn_err once_check(req *r, reply *out, bool *done);
/* Ends the handler's write transaction after a change that went well (rc
 * SN_OK): remembers the form with target, commits and redirects there. A
 * form sent at the same moment leads where that one did. Otherwise
 * returns rc (the caller's error). */
sn_err once_finish(req *r, reply *out, sn_err rc, const char *target);

#endif
