/* Neighbourhood schemes on the web (docs/schemes.md): the coordinator's
 * home, a scheme, a matching run and its proposals, members and their
 * vetting, requests (also made by workers for the people they support),
 * and the person page's section. Routes are declared in src/app/routes.c. */
#ifndef SN_SCHEME_PAGES_H
#define SN_SCHEME_PAGES_H

#include "../people/people.h"
#include "../web/web.h"

/* scheme_http.c: the coordinator's pages */
sn_err sch_home_page(req *r, reply *out);       /* GET /schemes */
sn_err sch_scheme_page(req *r, reply *out);     /* GET /schemes/{scheme} */
sn_err sch_match_save(req *r, reply *out);      /* POST /schemes/{scheme}/match */
sn_err sch_run_page(req *r, reply *out);        /* GET /schemes/runs/{id} */
sn_err sch_proposal_page(req *r, reply *out);   /* GET /schemes/proposals/{id} */
sn_err sch_confirm_save(req *r, reply *out);    /* POST /schemes/proposals/{id}/confirm */
sn_err sch_decline_save(req *r, reply *out);    /* POST /schemes/proposals/{id}/decline */
sn_err sch_followup_save(req *r, reply *out);   /* POST /schemes/follow-ups/{id} */

/* scheme_member_http.c */
sn_err sch_member_form(req *r, reply *out);     /* GET /schemes/{scheme}/members/new */
sn_err sch_member_save(req *r, reply *out);     /* POST /schemes/{scheme}/members */
sn_err sch_member_page(req *r, reply *out);     /* GET /schemes/members/{id} */
sn_err sch_vetting_save(req *r, reply *out);    /* POST /schemes/members/{id}/vetting */
sn_err sch_sign_off_save(req *r, reply *out);   /* POST /schemes/members/{id}/sign-off */
sn_err sch_offer_save(req *r, reply *out);      /* POST /schemes/members/{id}/offer: availability, capacity */

/* scheme_request_http.c */
sn_err sch_request_form(req *r, reply *out);    /* GET /schemes/requests/new */
sn_err sch_request_save(req *r, reply *out);    /* POST /schemes/requests */
sn_err sch_request_page(req *r, reply *out);    /* GET /schemes/requests/{id} */
sn_err sch_request_close_save(req *r, reply *out); /* POST /schemes/requests/{id}/close */
sn_err sch_person_section(req *r, const person *p, access_basis basis, json_t *view);

#endif
