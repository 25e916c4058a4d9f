/* api/: the JSON API for partner systems and scripts (docs/api.md), for a
 * signed-in caller: with a session cookie (and, to change anything, the
 * session's X-CSRF-Token) or an API token (Authorization: Bearer, see
 * access.h "API tokens"). Every route is ROUTE_JSON_BODY, the only routes
 * the web layer lets a token use. Prefix: api_. Uses access, people and
 * the directory's core; nothing uses it but src/app. */
#ifndef SN_API_H
#define SN_API_H

#include "../web/web.h"

#define API_PEOPLE_LIMIT 50 /* people in one answer of GET /api/people */

/* GET /api/me: the caller's account: {"id" (the user's uuid), "email",
 * "name", "roles": [role codes], "organizations": [{"id" (the ORUK
 * organisation's uuid), "name"}]} (the directory organisations the
 * account is a member of). */
sn_err api_me(req *r, reply *out);
/* GET /api/people?q=TEXT: [{"id" (the person record's uuid), "name"}],
 * the people the caller has a relationship with (the people pages' rule:
 * named by the person, or their assigned worker for a worker), whose
 * name contains q, by name, at most API_PEOPLE_LIMIT. Each person listed
 * is an audited read ("person.listed"). */
sn_err api_people(req *r, reply *out);

#endif
