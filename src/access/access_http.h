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
sn_err access_account(req *r, reply *out);            /* GET /account */
sn_err access_password_change(req *r, reply *out);    /* POST /account/password */
sn_err access_sessions_end(req *r, reply *out);       /* POST /account/sessions/end */
/* The account page with an error (why) or a message (done: "password",
 * "sessions"). */
sn_err access_account_page(req *r, reply *out, int status, const char *why, const char *done);
sn_err access_forgotten_form(req *r, reply *out);     /* GET /sign-in/forgotten */
sn_err access_forgotten_send(req *r, reply *out);     /* POST the same */
sn_err access_forgotten_sent(req *r, reply *out);     /* GET /sign-in/forgotten/sent */
sn_err access_reset_form(req *r, reply *out);         /* GET /sign-in/reset/{token} */
sn_err access_reset_save(req *r, reply *out);         /* POST the same */

#endif
