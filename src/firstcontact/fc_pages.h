/* First Contact on the web (docs/first-contact.md): the checklist a
 * partner completes on a visit, the administrators' questions, the funnel
 * report. Routes are declared in src/app/routes.c. */
#ifndef SN_FC_PAGES_H
#define SN_FC_PAGES_H

#include "../access/access.h"
#include "../people/people.h"
#include "../web/web.h"

/* Who completes a checklist: partners on a visit, workers, coordinators
 * (the routes' permission, and who is offered one on a person's record). */
#define FC_ROLES (R_PARTNER | R_WORKER | R_COORDINATOR)

/* The checklist (fc_http.c) */

sn_err fc_list_page(req *r, reply *out);   /* GET /first-contact */
sn_err fc_new_page(req *r, reply *out);    /* GET /first-contact/new[?person=] */
sn_err fc_create(req *r, reply *out);      /* POST /first-contact */
sn_err fc_check_page(req *r, reply *out);  /* GET /first-contact/{id} */
sn_err fc_edit_page(req *r, reply *out);   /* GET /first-contact/{id}/edit */
sn_err fc_update(req *r, reply *out);      /* POST /first-contact/{id} */
sn_err fc_send(req *r, reply *out);        /* POST /first-contact/{id}/send */
/* The person page's link "Start a First Contact checklist"
 * (/first-contact/new?person=ID), for a caller who may complete one and
 * start it from this record: their own, someone who named them, someone
 * they are the worker of (as fc_new_page checks). */
sn_err fc_person_section(req *r, const person *p, access_basis basis, json_t *view);

/* The questions, for administrators (fc_admin_http.c) */
sn_err fc_admin_page(req *r, reply *out);        /* GET /admin/first-contact */
sn_err fc_admin_add(req *r, reply *out);         /* POST /admin/first-contact/questions */
sn_err fc_admin_question(req *r, reply *out);    /* GET /admin/first-contact/questions/{id} */
sn_err fc_admin_update(req *r, reply *out);      /* POST /admin/first-contact/questions/{id} */
sn_err fc_admin_link(req *r, reply *out);        /* POST .../questions/{id}/links */
sn_err fc_admin_unlink(req *r, reply *out);      /* POST .../questions/{id}/links/remove */

/* The funnel report (fc_report_http.c) */
sn_err fc_report_page(req *r, reply *out); /* GET /first-contact/report */
sn_err fc_report_csv(req *r, reply *out);  /* GET /first-contact/report.csv */

#endif
