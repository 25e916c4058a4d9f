/* The key human indicators on the web (khi_http.c; docs/indicators.md):
 * a person's indicators over time, for the person, someone they named and
 * their worker; and the person page's section that links to it. Routes
 * are declared in src/app/routes.c. */
#ifndef SN_KHI_PAGES_H
#define SN_KHI_PAGES_H

#include "../people/people.h"
#include "../web/web.h"

sn_err khi_person_page(req *r, reply *out); /* GET /people/{id}/indicators */
sn_err khi_me_page(req *r, reply *out);     /* GET /me/indicators: one's own */
sn_err khi_person_section(req *r, const person *p, access_basis basis, json_t *view);

#endif
