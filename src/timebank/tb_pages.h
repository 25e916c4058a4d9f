/* The timebank on the web (docs/timebank.md): a member's home, exchanges
 * recorded and confirmed, the statement, offers and needs, contact
 * requests; the coordinator's members, credit limits, reversals and
 * inter-bank transfers; the report. Routes are declared in
 * src/app/routes.c. */
#ifndef SN_TB_PAGES_H
#define SN_TB_PAGES_H

#include "../people/people.h"
#include "../web/web.h"

/* tb_http.c: the member's home, joining, the person page's section */
sn_err tb_home(req *r, reply *out);          /* GET /timebank[?member=] */
sn_err tb_join(req *r, reply *out);          /* POST /timebank/join */
sn_err tb_person_section(req *r, const person *p, access_basis basis, json_t *view);

/* tb_exchange_http.c */
sn_err tb_exchange_form(req *r, reply *out);    /* GET /timebank/exchanges/new */
sn_err tb_exchange_save(req *r, reply *out);    /* POST /timebank/exchanges */
sn_err tb_exchange_page(req *r, reply *out);    /* GET /timebank/exchanges/{id} */
sn_err tb_exchange_confirm(req *r, reply *out); /* POST /timebank/exchanges/{id}/confirm */
sn_err tb_exchange_decline(req *r, reply *out); /* POST /timebank/exchanges/{id}/decline */
sn_err tb_statement_page(req *r, reply *out);   /* GET /timebank/statement */

/* tb_listing_http.c: offers and needs, contact requests */
sn_err tb_listings_page(req *r, reply *out);    /* GET /timebank/listings */
sn_err tb_listing_form(req *r, reply *out);     /* GET /timebank/listings/new */
sn_err tb_listing_save(req *r, reply *out);     /* POST /timebank/listings */
sn_err tb_listing_withdraw_save(req *r, reply *out); /* POST /timebank/listings/{id}/withdraw */
sn_err tb_contact_form(req *r, reply *out);     /* GET /timebank/listings/{id}/contact */
sn_err tb_contact_save(req *r, reply *out);     /* POST /timebank/listings/{id}/contact */
sn_err tb_contact_page(req *r, reply *out);     /* GET /timebank/contacts/{id} */
sn_err tb_contact_answer_save(req *r, reply *out); /* POST /timebank/contacts/{id}/answer */

/* tb_coord_http.c: the coordinator's pages */
sn_err tb_coord_page(req *r, reply *out);        /* GET /timebank/coordinator */
sn_err tb_coord_member(req *r, reply *out);      /* GET /timebank/coordinator/members/{id} */
sn_err tb_coord_limit(req *r, reply *out);       /* POST /timebank/coordinator/members/{id}/limit */
sn_err tb_coord_reverse_form(req *r, reply *out);/* GET /timebank/coordinator/transfers/{id}/reverse */
sn_err tb_coord_reverse(req *r, reply *out);     /* POST /timebank/coordinator/transfers/{id}/reverse */
sn_err tb_coord_orgs(req *r, reply *out);        /* GET /timebank/coordinator/organisations */
sn_err tb_coord_org_join(req *r, reply *out);    /* POST /timebank/coordinator/organisations */
sn_err tb_coord_interbank_form(req *r, reply *out); /* GET /timebank/coordinator/interbank */
sn_err tb_coord_interbank(req *r, reply *out);   /* POST /timebank/coordinator/interbank */

/* tb_report_http.c */
sn_err tb_report_page(req *r, reply *out);       /* GET /timebank/report */

#endif
