/* Routes' handlers for signing in and out and the account page. */
#ifndef SN_ACCESS_HTTP_H
#define SN_ACCESS_HTTP_H

#include "../web/web.h"

sn_err access_sign_in_form(req *r, reply *out);
sn_err access_sign_in(req *r, reply *out);
sn_err access_sign_out(req *r, reply *out);
sn_err access_signed_out(req *r, reply *out);
sn_err access_account(req *r, reply *out);

#endif
