/* The money forms: form fields to and from the RAS and charging cases,
 * shared by the public calculators (src/check) and the worker's pages
 * (src/assessment), with the small form rendering helpers they share. A
 * form becomes the same JSON case `supportnet rules ras` / `rules charge`
 * reads, and goes through the same reader and rule. The scheme or rates
 * table in force is an argument: the caller loads it (src/rulesdata), so
 * budget never calls rulesdata (which uses budget). */
#ifndef SN_BUDGET_FORMS_H
#define SN_BUDGET_FORMS_H

#include "../web/web.h"
#include "charging.h"
#include "ras.h"

/* ---- form helpers ---- */

/* A field for the partials/field template: {"id", "label", "hint",
 * "value", "error", "suffix", "describedby"}. hint, value, error and suffix
 * may be NULL. The caller owns the reference. */
json_t *budget_form_field(req *r, const char *id, const char *label, const char *hint,
			  const char *value, const char *error, const char *suffix);
/* The message r->errors holds for a field, or NULL. */
const char *budget_form_error(const req *r, const char *name);

/* ---- the RAS (an indicative personal budget) ---- */

/* The view model of the scheme's questions, with the answers of given (a
 * `rules ras` case as JSON, or NULL) checked and the messages in r->errors
 * beside their fields. The caller owns the reference. */
json_t *budget_ras_form_view(req *r, const ras_scheme *s, const json_t *given);
/* The `rules ras` case from a posted form: this tax year when the scheme
 * prices it, else its latest year. Problems are added to r->errors. The
 * caller owns the reference (returned even when there are problems, to show
 * the form again). */
json_t *budget_ras_case_from_form(req *r, const ras_scheme *s);
/* Reads case c with the `rules ras` reader and computes it. A checked form
 * always gives a good case: a refusal is logged and returned (SN_EINPUT). */
sn_err budget_ras_compute(const ras_scheme *s, const json_t *c, ras_case *rc_case,
			  ras_result *res);
/* {"budget", "points", "workings"} for the result panel; the caller owns the
 * reference. */
json_t *budget_ras_result_view(const ras_result *res);

/* ---- the financial assessment (what a person might pay) ---- */

/* The view model of the fields for rates (this request's values and their
 * messages when it has form fields). cost_optional: the weekly cost of care
 * may be left blank (the public calculator). The caller owns the
 * reference. */
json_t *budget_pay_fields_view(req *r, const chg_rates *rates, bool cost_optional);
/* The `rules charge` case from a posted form, for the year of rates; with
 * cost_optional and no cost given, a case without weekly_care_cost_pence
 * (the most that could be asked). Problems are added to r->errors. The
 * caller owns the reference. */
json_t *budget_pay_case_from_form(req *r, const chg_rates *rates, bool cost_optional);
/* The form's fields for a `rules charge` case c (as budget_pay_case_from_
 * form made it): r->form gets them, so the form shows that case again. */
void budget_pay_form_from_case(req *r, const json_t *c);
/* Reads case c with the `rules charge` reader against rates (the table in
 * force for c's year, which the form put there; it is also where the case's
 * table goes) and computes it. A refusal is added to r->errors beside the
 * first field and returned. */
sn_err budget_pay_compute(req *r, const json_t *c, chg_rates *rates, chg_case *cs,
			  chg_result *res);

#endif
