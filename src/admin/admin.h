/* Administration pages: accounts and the audit chain. */
#ifndef SN_ADMIN_H
#define SN_ADMIN_H

#include "../web/web.h"

sn_err admin_index(req *r, reply *out);
sn_err admin_audit(req *r, reply *out);

#endif
