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
#include "../search/search.h"

sn_err find_page(req *r, reply *out);        /* GET /find and /find/print */
sn_err find_service(req *r, reply *out);     /* GET /find/services/{id} */
sn_err find_report_form(req *r, reply *out); /* GET /find/services/{id}/report */
sn_err find_report_send(req *r, reply *out); /* POST the same */

sn_err find_map_geojson(req *r, reply *out); /* GET /find/map.geojson */

/* What other capabilities add to a service's page (its coming events):
 * set once at start by the wiring layer (src/app), so the directory does
 * not depend on them. fn adds its keys to the page's view. */
typedef sn_err find_service_extra_fn(req *r, int64_t service_id, json_t *view);
void find_set_service_extra(find_service_extra_fn *fn);

#define FIND_PER_PAGE 20 /* results a page */

/* Reads and checks the search form (q, term, day, free, access, age,
 * postcode, within, page) into q, field errors into r->errors; near is the
 * postcode as people write it ("" for none). */
void find_read_form(req *r, search_query *q, const char **term, const char **day, char near[static 9]);

/* A result for a page: {uuid, name, description, organization, where,
 * when[], cost, checked, overdue, age?, phone?, tel?, lat?, lon?}; NULL
 * when there is no such row. A new reference, the caller decrefs. */
json_t *find_result_view(req *r, int64_t sid);
/* A distance in metres as people read it: "0.4 miles", "12 miles" (in the
 * request's arena). */
const char *find_miles(req *r, int64_t m);
/* "1 mile", "3 miles" for the form's within value (in the arena). */
const char *find_within_text(req *r, const char *within);
/* A phone number for a tel: link: its digits (and a leading +), in the arena. */
const char *find_tel(req *r, const char *number);
/* The search's query string without its page (words instead of q when
 * not NULL), escaped for a URL, in the arena. */
const char *find_query_string(req *r, const char *words);
/* The map on the results page (find_map_http.c): when results have
 * places, adds "map" to v (where its GeoJSON comes from, the tiles when
 * configured, and what it shows). */
void find_map_view(req *r, json_t *v, const json_t *results, const char *query, int64_t total);

#endif
