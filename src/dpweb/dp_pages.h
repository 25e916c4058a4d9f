/* The direct-payment pages (docs/direct-payments.md, "Pages"): a person's
 * account (balance, alerts, totals by plan line against the plan, the
 * ledger), opening one, entries and corrections by hand, a bank statement
 * imported with a preview, the quarterly return, personal assistants and
 * their timesheets, and a worker's alerts and returns across their
 * caseload. Every page answers JSON (its view model) with Accept:
 * application/json. This folder uses dp (the ledger) and plan (the plan
 * in force and its lines); dp itself never reads plans. */
#ifndef SN_DP_PAGES_H
#define SN_DP_PAGES_H

#include "../people/people.h"
#include "../web/web.h"

/* The import form's body cap: a statement of 5 MiB (DP_FILE_BYTES_MAX)
 * as base64url, with the rest of the form. */
#define DP_IMPORT_BODY_MAX ((5 * 1024 * 1024) / 3 * 4 + 8 + 256 * 1024)

/* GET /people/{id}/direct-payment[?page=N&imported=ID&done=...] and POST
 * (open an account: the worker, for an approved plan with direct-payment
 * lines, one per person at a time). */
sn_err dp_page_account(req *r, reply *out);
sn_err dp_page_open(req *r, reply *out);
/* GET /people/{id}/direct-payment/entries/new and POST .../entries. */
sn_err dp_page_entry_form(req *r, reply *out);
sn_err dp_page_entry_save(req *r, reply *out);
/* GET /people/{id}/direct-payment/correct?entry=N and POST .../corrections. */
sn_err dp_page_correct_form(req *r, reply *out);
sn_err dp_page_correct_save(req *r, reply *out);
/* GET /people/{id}/direct-payment/import and POST (a CSV file uploaded
 * and previewed; the preview's "Confirm and import" posts it back). */
sn_err dp_page_import_form(req *r, reply *out);
sn_err dp_page_import(req *r, reply *out);
/* GET /people/{id}/direct-payment/return[?quarter=YYYY-MM-DD] and POST. */
sn_err dp_page_return(req *r, reply *out);
sn_err dp_page_return_submit(req *r, reply *out);
/* GET /people/{id}/direct-payment/assistants, .../assistants/new, POST
 * .../assistants; GET .../timesheets/new[?assistant=N], POST .../timesheets. */
sn_err dp_page_assistants(req *r, reply *out);
sn_err dp_page_assistant_form(req *r, reply *out);
sn_err dp_page_assistant_add(req *r, reply *out);
sn_err dp_page_timesheet_form(req *r, reply *out);
sn_err dp_page_timesheet_save(req *r, reply *out);
/* GET /direct-payments/alerts and /direct-payments/returns[?quarter=]:
 * a worker's caseload (the people they are the assigned worker of). */
sn_err dp_page_alerts(req *r, reply *out);
sn_err dp_page_returns(req *r, reply *out);
/* The person page's section: "direct_payment" {href, link_text, balance}. */
sn_err dp_person_section(req *r, const person *p, access_basis basis, json_t *view);

/* The demo area's direct payments (dp_demo.c): Rose's account with about
 * ten weeks of ledger, her PA Anna and a return, and up to max_others
 * people on the caseload with accounts (underspends, balances over the
 * cap). Inside the caller's write transaction; deterministic for seed. */
sn_err dp_demo(store *s, uint64_t seed, size_t max_others);

#endif
