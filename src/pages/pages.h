/* Public pages of the service: home, accessibility statement, privacy
 * notice, cookies; operations endpoints; static assets. */
#ifndef SN_PAGES_H
#define SN_PAGES_H

#include "../web/web.h"

sn_err pages_home(req *r, reply *out);
sn_err pages_accessibility(req *r, reply *out);
sn_err pages_privacy(req *r, reply *out);
sn_err pages_cookies(req *r, reply *out);
sn_err pages_healthz(req *r, reply *out);
sn_err pages_metrics(req *r, reply *out);
sn_err pages_asset(req *r, reply *out);

#endif
