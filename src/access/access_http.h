/* Routes' handlers for signing in and out and the account page. */
#ifndef SN_ACCESS_HTTP_H
#define SN_ACCESS_HTTP_H

#include "../web/web.h"

/* Makes sure the request has a CSRF token for the form it is about to show
 * (an anonymous session for visitors who are not signed in). */
sn_err access_ensure_csrf(req *r);

/* next if it is a plain local path ("/x?y=z"), else "/". */
const char *access_safe_next(const char *next);

sn_err access_sign_in_form(req *r, reply *out);
sn_err access_sign_in(req *r, reply *out);
sn_err access_sign_out(req *r, reply *out);
sn_err access_signed_out(req *r, reply *out);
sn_err access_account(req *r, reply *out);

#endif
