/* Inside the timebank's pages: who the caller acts as, auditing, and the
 * form helpers the pages share (tb_http.c). */
#ifndef SN_TB_INT_H
#define SN_TB_INT_H

#include "../access/access.h"
#include "tb_act.h"
#include "tb_pages.h"

/* The member the caller acts for: their own record's, someone's they have
 * a relationship with (basis), or their organisation's (basis NONE). */
typedef struct {
	tb_member m;
	access_basis basis;
	tb_member *all; /* every member the caller may act for */
	size_t n_all;
} tb_actor;

/* Inside the caller's transaction: the member with uuid (or, for "", the
 * first) that the caller may act for. When there is none, rolls back,
 * fills out with 403 and sets *stop. */
sn_err tb_as(req *r, reply *out, const char *uuid, tb_actor *act, bool *stop);
/* The same, for whichever of two members the caller acts for (prefer
 * first when both). */
sn_err tb_as_either(req *r, reply *out, int64_t first, int64_t second, tb_actor *act, bool *stop);
/* Audits action on the actor's own member (their person record, or the
 * organisation's membership). */
sn_err tb_audit(req *r, const tb_actor *act, const char *action);
/* Audits that the caller saw other members (their first name and area). */
sn_err tb_audit_seen(req *r, const char *const *member_uuids, size_t n, const char *action);
/* A denial audited in a transaction of its own, then a 403. */
sn_err tb_denied(req *r, reply *out, const char *record, const char *why, const char *message);

/* Forms */
bool tb_has_errors(const req *r);
/* Text of at most max bytes without control characters (line breaks
 * allowed when lines); adds an error on field otherwise. */
const char *tb_text(req *r, const char *field, size_t max, bool lines, const char *what);
/* The date typed in prefix-day/-month/-year (empty: today), not in the
 * future; adds an error on prefix-day and returns false otherwise. */
bool tb_date_field(req *r, const char *prefix, const char *what, char out[static 11]);
void tb_date_view(req *r, json_t *v, const char *prefix, const char *legend);
const char *tb_today(req *r);
const char *tb_now(req *r);
/* The categories as options ({value, label, selected}) for a select. */
json_t *tb_category_options(req *r, const tb_category *c, size_t n, int64_t selected);
/* The category id chosen in field (one of the store's); false otherwise. */
bool tb_category_field(req *r, const char *field, int64_t *id);
/* The statement's lines for a page. */
json_t *tb_lines_view(req *r, const tb_line *l, size_t n);
/* The member as the pages show them to the people acting for them. */
json_t *tb_member_view(req *r, const tb_member *m);
/* Ends a read: commits, or rolls back and frees v on a failure. */
sn_err tb_finish(req *r, sn_err rc, json_t *v);

#endif
