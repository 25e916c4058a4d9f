/* Inside the schemes' pages: what they share (scheme_http.c). */
#ifndef SN_SCHEME_INT_H
#define SN_SCHEME_INT_H

#include "../access/access.h"
#include "scheme_act.h"
#include "scheme_pages.h"

/* The scheme named by the path's {scheme}; NULL (out a 404) when none. */
const sch_scheme *sch_of_path(req *r, reply *out);
/* Today (UTC) as a day number, and as "YYYY-MM-DD" from the arena. */
int64_t sch_today(void);
const char *sch_today_text(req *r);
/* Now as UTC ISO-8601, from the arena. */
const char *sch_now(req *r);
/* "YYYY-MM-DD" -> day number, or -1. */
int64_t sch_day(const char *ymd);
/* The values of every field called name (checkboxes). */
size_t sch_form_all(req *r, const char *name, const char **out, size_t max);
/* The mask of the checked slots of field (sch_slot_code values); an
 * error on field when one is not a slot. */
uint32_t sch_form_slots(req *r, const char *field);
/* The ids of the checked items of field among the scheme's helps_with (or
 * training) as a comma list ("" none), the mask in *mask; an error on
 * field when one is unknown. */
const char *sch_form_items(req *r, const sch_scheme *s, const char *field, bool training, uint32_t *mask);
/* A date typed in prefix-day, -month, -year: "YYYY-MM-DD" in out; else an
 * error on prefix-day naming what and false. */
bool sch_date_field(req *r, const char *prefix, const char *what, char out[static 11]);
/* The date fields' view (scheme/date.mustache) under key prefix. */
json_t *sch_date_view(req *r, const char *prefix, const char *legend, const char *hint);
/* Checkboxes for the view: [{id, value, label, checked}] for the scheme's
 * helps_with (or training) checked by mask. */
json_t *sch_items_view(const sch_scheme *s, bool training, uint32_t mask, const char *field);
/* A group of checkboxes for schemes/checkboxes.mustache: {cb_field,
 * cb_legend, cb_items, cb_error (the field's error, if any)}. */
json_t *sch_group(req *r, const char *field, const char *legend, json_t *items);
/* The availability grid: [{day, parts: [{id, value, label, checked}]}]. */
json_t *sch_slots_view(req *r, uint32_t mask, const char *field);
/* A stored explanation (sch_explain_json) for a page: {constraints, terms
 * (points signed), cost, has_...}. */
json_t *sch_reasons_view(req *r, const char *reasons);
/* The words for a list of ids of the scheme's helps_with. */
const char *sch_items_words(req *r, const sch_scheme *s, const char *list);
/* A one-line text field of at most max bytes (an error naming what). */
const char *sch_line_field(req *r, const char *field, size_t max, const char *what);

#endif
