/* Inside the social prescribing feature: the caller's reach to a case and
 * what the pages share (socialrx_http.c). */
#ifndef SN_SOCIALRX_INT_H
#define SN_SOCIALRX_INT_H

#include "../access/access.h"
#include "../people/people.h"
#include "socialrx_pages.h"
#include "socialrx_store.h"

typedef struct {
	sp_case c;
	access_basis basis;
} sp_ctx;

/* Inside the caller's write transaction: the case of the path's {id} and
 * the caller's relationship to its person. When there is none (or no
 * case), rolls back, audits the refusal in a transaction of its own,
 * fills out with 403 (404) and sets *stop. */
sn_err sp_reach(req *r, reply *out, sp_ctx *ctx, bool *stop);
/* Audits action on the case's person with the caller's basis. */
sn_err sp_audit(req *r, const sp_ctx *ctx, const char *action);
/* Today as "YYYY-MM-DD" (the server's clock, UTC), from the arena. */
const char *sp_today(req *r);
/* Day number of "YYYY-MM-DD", or -1. */
int64_t sp_day(const char *ymd);
/* A date typed in prefix-day, prefix-month, prefix-year: "YYYY-MM-DD" in
 * out, not in the future; else adds an error on prefix-day and returns
 * false. Empty fields are today. */
bool sp_date_field(req *r, const char *prefix, const char *what, char out[static 11]);
/* The date fields for the view's "date" (socialrx/date.mustache): as
 * typed, else today, with the legend and the field's error. */
void sp_date_view(req *r, json_t *v, const char *prefix, const char *legend);
/* One line or a few paragraphs of text, at most max bytes: adds an error
 * on field and returns "" when it is too long or has control characters
 * other than line breaks. */
const char *sp_text_field(req *r, const char *field, size_t max, const char *what);

#define SP_TEXT_MAX 4000
#define SP_MESSAGE_MAX 2000 /* the closing message for the referrer */
#define SP_LINE_MAX 200

#endif
