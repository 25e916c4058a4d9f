/* find/: the Find pages of the directory, the public's way in. Prefix:
 * find_. The search form and its results, the service page, a large-print
 * list and "Report a problem with this information" (docs/directory.md,
 * "The Find pages"). On top of the directory: it uses search/ for the
 * search, curate/ for the review rule, who may edit and the reports, geo/
 * and hours/; nothing in the directory uses it. Pages only: they parse,
 * call and render; their SQL is in find_store.c. */
#ifndef SN_FIND_H
#define SN_FIND_H

#include "../../web/web.h"

sn_err find_page(req *r, reply *out);        /* GET /find and /find/print */
sn_err find_service(req *r, reply *out);     /* GET /find/services/{id} */
sn_err find_report_form(req *r, reply *out); /* GET /find/services/{id}/report */
sn_err find_report_send(req *r, reply *out); /* POST the same */

/* A result for a page: {uuid, name, description, organization, where,
 * when[], cost, checked, overdue, age?}; NULL when there is no such row.
 * A new reference, the caller decrefs. */
json_t *find_result_view(req *r, int64_t sid);
/* A distance in metres as people read it: "0.4 miles", "12 miles" (in the
 * request's arena). */
const char *find_miles(req *r, int64_t m);

#endif
