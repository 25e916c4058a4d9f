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

/* ---- a scheme's figures ("what if" as a form) ---- */

/* At most this many figure fields (prices, floors, ceilings and points)
 * in the form; a scheme with more is changed as JSON only (a form has at
 * most WEB_MAX_PAIRS fields). */
#define BUDGET_FIGURES_MAX 200
/* The figures of scheme s as a form: {"groups": [{"key", "label",
 * "prices": [FIELD per year], "floor": FIELD, "ceiling": FIELD}],
 * "questions": [{"key", "label", "answers": [FIELD]}], "points_open",
 * "too_many"}, where FIELD is budget_form_field's, in pounds for money
 * ("4.15") and whole points, named price-GROUP-YEAR, floor-GROUP,
 * ceiling-GROUP and points-QUESTION-ANSWER. With posted, the values are
 * the form's as typed, with their messages. The caller owns the reference. */
json_t *budget_ras_figures_view(req *r, const ras_scheme *s, bool posted);
/* Scheme s with the posted form's figures put in (every field must be
 * there and well formed: prices 1p to £1,000 a point, floors and ceilings
 * £0 to £1,000,000 a week with the floor not above the ceiling, points 0
 * to 1,000), then checked whole (ras_scheme_check). Problems are added to
 * r->errors beside their fields and give SN_EINPUT; s is then partly
 * changed, so the caller keeps a copy. */
sn_err budget_ras_figures_from_form(req *r, ras_scheme *s);

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
