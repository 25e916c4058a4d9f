/* First Contact on the web (docs/first-contact.md): the checklist a
 * partner completes on a visit, the administrators' questions, the funnel
 * report. Routes are declared in src/app/routes.c. */
#ifndef SN_FC_PAGES_H
#define SN_FC_PAGES_H

#include "../web/web.h"

/* The checklist (fc_http.c) */
sn_err fc_list_page(req *r, reply *out);   /* GET /first-contact */
sn_err fc_new_page(req *r, reply *out);    /* GET /first-contact/new[?person=] */
sn_err fc_create(req *r, reply *out);      /* POST /first-contact */
sn_err fc_check_page(req *r, reply *out);  /* GET /first-contact/{id} */
sn_err fc_edit_page(req *r, reply *out);   /* GET /first-contact/{id}/edit */
sn_err fc_update(req *r, reply *out);      /* POST /first-contact/{id} */
sn_err fc_send(req *r, reply *out);        /* POST /first-contact/{id}/send */

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
