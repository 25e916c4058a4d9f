/* Administration pages: accounts and the audit chain. */
#ifndef SN_ADMIN_H
#define SN_ADMIN_H

#include "../web/web.h"

sn_err admin_index(req *r, reply *out);
sn_err admin_audit(req *r, reply *out);
/* Accounts (accounts_http.c). */
sn_err admin_accounts(req *r, reply *out);       /* GET /admin/accounts */
sn_err admin_account_new(req *r, reply *out);    /* GET /admin/accounts/new */
sn_err admin_account_add(req *r, reply *out);    /* POST /admin/accounts */
sn_err admin_account(req *r, reply *out);        /* GET /admin/accounts/{id} */
sn_err admin_account_roles(req *r, reply *out);  /* POST /admin/accounts/{id}/roles */
sn_err admin_account_status(req *r, reply *out); /* POST /admin/accounts/{id}/status */
sn_err admin_account_link(req *r, reply *out);   /* POST /admin/accounts/{id}/link */
/* API tokens (tokens_http.c). */
sn_err admin_tokens(req *r, reply *out);       /* GET /admin/tokens */
sn_err admin_token_add(req *r, reply *out);    /* POST /admin/tokens: shows the new token once */
sn_err admin_token_revoke(req *r, reply *out); /* POST /admin/tokens/{id}/revoke */

#endif
