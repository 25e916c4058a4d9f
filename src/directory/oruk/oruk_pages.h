/* oruk/'s pages: the Open Referral UK 3.0 API under /oruk (public,
 * read-only, JSON, CORS; docs/directory.md, "The Open Referral UK API").
 * The header routes.c includes; oruk.h is the import and export. */
#ifndef SN_ORUK_PAGES_H
#define SN_ORUK_PAGES_H

#include "../../web/web.h"

sn_err oruk_root(req *r, reply *out);          /* GET /oruk/ */
sn_err oruk_openapi(req *r, reply *out);       /* GET /oruk/openapi.json */
sn_err oruk_services(req *r, reply *out);      /* GET /oruk/services */
sn_err oruk_service(req *r, reply *out);       /* GET /oruk/services/{id} */
sn_err oruk_sals(req *r, reply *out);          /* GET /oruk/service_at_locations */
sn_err oruk_sal(req *r, reply *out);           /* GET /oruk/service_at_locations/{id} */
sn_err oruk_taxonomies(req *r, reply *out);    /* GET /oruk/taxonomies */
sn_err oruk_taxonomy(req *r, reply *out);      /* GET /oruk/taxonomies/{id} */
sn_err oruk_terms(req *r, reply *out);         /* GET /oruk/taxonomy_terms */
sn_err oruk_term(req *r, reply *out);          /* GET /oruk/taxonomy_terms/{id} */
sn_err oruk_organizations(req *r, reply *out); /* GET /oruk/organizations */
sn_err oruk_organization(req *r, reply *out);  /* GET /oruk/organizations/{id} */

#endif
