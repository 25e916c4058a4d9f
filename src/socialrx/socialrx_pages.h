/* Social prescribing on the web (docs/social-prescribing.md): the link
 * worker's caseload, a case and its forms, the summary, the referral form
 * for GP practices and other professionals, and the person page's
 * section. Routes are declared in src/app/routes.c. */
#ifndef SN_SOCIALRX_PAGES_H
#define SN_SOCIALRX_PAGES_H

#include "../people/people.h"
#include "../web/web.h"

/* socialrx_http.c */
sn_err sp_caseload_page(req *r, reply *out); /* GET /social-prescribing */
sn_err sp_case_page(req *r, reply *out);     /* GET /social-prescribing/cases/{id} */
sn_err sp_start_save(req *r, reply *out);    /* POST /people/{id}/social-prescribing */
sn_err sp_person_section(req *r, const person *p, access_basis basis, json_t *view);

/* socialrx_forms_http.c: GET shows the form, POST records */
sn_err sp_conversation_form(req *r, reply *out); /* /social-prescribing/cases/{id}/conversation */
sn_err sp_conversation_save(req *r, reply *out);
sn_err sp_measures_form(req *r, reply *out);     /* .../measures */
sn_err sp_measures_save(req *r, reply *out);
sn_err sp_followup_form(req *r, reply *out);     /* .../follow-up */
sn_err sp_followup_save(req *r, reply *out);
sn_err sp_close_form(req *r, reply *out);        /* .../close */
sn_err sp_close_save(req *r, reply *out);

/* socialrx_refer_http.c */
sn_err sp_refer_form(req *r, reply *out);   /* GET /social-prescribing/refer */
sn_err sp_refer_save(req *r, reply *out);   /* POST /social-prescribing/refer */
sn_err sp_gp_page(req *r, reply *out);      /* GET /social-prescribing/referrals/{id} */
sn_err sp_gp_pick_save(req *r, reply *out); /* POST /social-prescribing/referrals/{id}/pick-up */
sn_err sp_sent_page(req *r, reply *out);    /* GET /social-prescribing/sent: the referrer's own */

/* socialrx_summary_http.c */
sn_err sp_summary_page(req *r, reply *out); /* GET /social-prescribing/summary */
sn_err sp_summary_csv(req *r, reply *out);  /* GET /social-prescribing/summary.csv */

#endif
