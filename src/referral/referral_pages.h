/* Referrals on the web (docs/referrals.md): the pages, the JSON API and
 * the person page's section. Routes are declared in src/app/routes.c. */
#ifndef SN_REFERRAL_PAGES_H
#define SN_REFERRAL_PAGES_H

#include "../access/access.h"
#include "../people/people.h"
#include "../web/web.h"
#include "referral.h"

/* A problem with what was sent: the field and what to do, and the HTTP
 * status for the JSON API (403, 409, 422). */
typedef struct {
	int status;
	const char *field, *message;
} ref_problem;

/* A new referral, as the form or the JSON body gives it. */
typedef struct {
	const char *person_uuid, *service_uuid, *reason;
	ref_mode mode;
	bool consent;
	const char *source;  /* web, api, checklist */
	int64_t checklist_id; /* the First Contact checklist that made it, or 0 */
} ref_create_in;
/* For other features (First Contact, social prescribing): a new referral
 * of person p, whom the caller has reached on basis (or, with
 * ACCESS_NONE, whom the caller's own checklist named: audited as that),
 * inside the caller's write transaction; checks the service, reason and
 * consent as ref_create does. SN_EINPUT with *pb when refused. */
sn_err ref_create_for(req *r, const person *p, access_basis basis, const ref_create_in *in,
		      char uuid[static 37], ref_problem *pb);

/* Pages (referral_http.c) */
sn_err ref_list_page(req *r, reply *out);     /* GET /referrals */
sn_err ref_show_page(req *r, reply *out);     /* GET /referrals/{id} */
sn_err ref_status_form(req *r, reply *out);   /* POST /referrals/{id}/status */
sn_err ref_new_page(req *r, reply *out);      /* GET /people/{id}/referrals/new */
sn_err ref_create_form(req *r, reply *out);   /* POST /people/{id}/referrals */
/* GET and POST /referrals/new-person: refer someone new to SupportNet
 * (referral_new_http.c) */
sn_err ref_new_person_page(req *r, reply *out);
sn_err ref_new_person_form(req *r, reply *out);
sn_err ref_services_page(req *r, reply *out); /* GET /referrals/services */
sn_err ref_services_save(req *r, reply *out); /* POST /referrals/services */
/* The person page's "Referrals" section. */
sn_err ref_person_section(req *r, const person *p, access_basis basis, json_t *view);

/* The JSON API (referral_api_http.c) */
sn_err ref_api_create(req *r, reply *out); /* POST /api/referrals */
sn_err ref_api_list(req *r, reply *out);   /* GET /api/referrals */
sn_err ref_api_show(req *r, reply *out);   /* GET /api/referrals/{id} */
sn_err ref_api_status(req *r, reply *out); /* POST /api/referrals/{id}/status */
sn_err ref_api_fhir(req *r, reply *out);   /* GET /api/referrals/{id}/fhir */

/* Overdue and escalated referrals: flags them and tells the service's
 * members and the referrer (the CLI's `supportnet referrals remind` and
 * the server's background sender). *flagged gets how many. */
sn_err ref_remind(store *s, int64_t now, const char *base_url, int64_t *flagged, char *err,
		  size_t err_size);

#endif
