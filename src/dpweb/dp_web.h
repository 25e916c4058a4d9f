/* Inside the direct-payment pages: who the caller is to the person and
 * what they may do (dp_gate.c), the plan in force's lines, views shared by
 * the pages (dp_view.c), and the pure wording and arithmetic the pages
 * use (dp_words.c: no store, no request; unit tested). */
#ifndef SN_DP_WEB_H
#define SN_DP_WEB_H

#include "../access/access.h"
#include "../dp/dp.h"
#include "../people/people.h"
#include "../plan/plan_store.h"
#include "dp_pages.h"

/* ---- limits of what people type ---- */
#define DPW_DESC_MAX 200          /* a description typed by hand */
#define DPW_NOTE_MAX 500          /* why a correction was made */
#define DPW_RETURN_WORDS_MAX 4000 /* the person's words on a return */
#define DPW_NAME_MAX 200          /* an assistant's or a nominee's name */
#define DPW_MAP_MAX 1000          /* a column mapping (DP_MAP_SPEC_MAX) */
#define DPW_FILE_NAME_MAX 200     /* kept of an uploaded file's name */
#define DPW_LEDGER_PAGE 25        /* ledger entries a page */
#define DPW_OUTSIDE_SHOWN 10      /* spends outside the plan shown as alerts; the rest counted */
#define DPW_PREVIEW_ROWS_SHOWN 5000 /* a statement's rows listed in its preview; all counted */
#define DPW_HAND_MAX_PENCE 10000000LL /* £100,000: one entry typed by hand */
#define DPW_RATE_MAX_PENCE 100000 /* £1,000 an hour */

/* ---- pure (dp_words.c) ---- */

/* What a line of weekly_pence is planned to cost over days (rounded
 * half up to the penny). */
int64_t dpw_planned_pence(int64_t weekly_pence, int64_t days);
/* "3 weeks", "10 weeks and 2 days", "1 day"; from a. */
const char *dpw_weeks_text(arena *a, int64_t days);
/* Hours as people type them ("8", "7.5", "7.25", "7:30") as whole
 * minutes (hundredths of an hour rounded half up); SN_EINPUT otherwise or
 * above max_minutes. */
sn_err dpw_parse_hours(const char *s, int64_t max_minutes, int64_t *minutes);
/* Minutes as hours: "8 hours", "1 hour", "7 hours 30 minutes", "45
 * minutes", "0 hours"; negative as "-2 hours". From a. */
const char *dpw_hours_text(arena *a, int64_t minutes);
/* A date typed in three fields: "YYYY-MM-DD" in out for a real date from
 * 2000 to 2099. SN_EINPUT and a sentence in *why otherwise ("Enter the
 * date of the entry" when all are empty: the caller says what date). */
sn_err dpw_date_fields(const char *day, const char *month, const char *year, char out[static 11],
		       const char **why);
/* The quarter's start before the quarter holding date; and a quarter in
 * words, "January to March 2026". */
void dpw_quarter_before(const char *date, char out[static 11]);
const char *dpw_quarter_label(arena *a, const char *quarter_start);
/* The last day of the quarter that starts on quarter_start. */
void dpw_quarter_end(const char *quarter_start, char out[static 11]);

/* An alert in plain words for the pages. line_what: what the plan calls
 * the entry's line, or NULL when the plan has no such line; description:
 * the entry's (outside_plan). From a. */
const char *dpw_alert_words(arena *a, const dp_alert *x, const char *description,
			    const char *line_what);

/* How an entry is put right: the correction entries (one or two) dated
 * today, each naming orig. */
typedef enum { DPW_FIX_LINE, DPW_FIX_AMOUNT, DPW_FIX_REMOVE } dpw_fix;
/* SN_EINPUT with *why when the fix changes nothing (the same line, the
 * same amount) or the right amount is not above 0; orig must not be a
 * correction. right_pence: the right amount as a positive number
 * (DPW_FIX_AMOUNT); line: the right line (DPW_FIX_LINE, "" for none). */
sn_err dpw_correction(const dp_entry *orig, dpw_fix fix, const char *line, int64_t right_pence,
		      const char *today, const char *note, arena *a, dp_entry out[2], size_t *n,
		      const char **why);

/* ---- who may do what (dp_gate.c) ---- */

typedef enum { DPW_READ, DPW_WRITE, DPW_OPEN, DPW_RETURN } dpw_need;

/* One line of the plan in force paid by direct payment. */
typedef struct {
	const char *id, *what;
	int64_t weekly_pence;
} dpw_line;

typedef struct {
	const person *p;
	const char *name;     /* "Rose Ashdown" */
	access_basis basis;
	bool has_account;
	dp_account acct;      /* the person's open account, when has_account */
	bool has_plan;        /* an approved plan in force */
	plan_row plan;
	dpw_line *lines;      /* its direct-payment lines */
	size_t n_lines;
	const char **line_ids; /* their ids, for dp_alerts */
	int64_t weekly_pence; /* what they cost a week */
} dpw_ctx;

/* Finds the person in the path ("id"), the caller's basis, the person's
 * open account and the plan in force. When the caller may not do need:
 * audits "dp.denied" and replies 403 (*denied). Inside the handler's
 * write transaction. */
sn_err dpw_reach(req *r, reply *out, dpw_need need, dpw_ctx *c, bool *denied);
/* The start of a handler: the write transaction, (with once) the form's
 * one-time id (a form sent twice leads where the first went), and
 * dpw_reach. *stop when a reply is made or rc is an error. */
sn_err dpw_begin(req *r, reply *out, dpw_need need, bool once, dpw_ctx *c, bool *stop);
/* The same for person p and basis already known (the record page's
 * section, the worker's lists): no refusal. */
sn_err dpw_load(req *r, const person *p, access_basis basis, dpw_ctx *c);
/* Audits action on the person with the caller's basis. */
sn_err dpw_audit(req *r, const dpw_ctx *c, const char *action);
/* What the plan in force calls line id, or NULL. */
const char *dpw_line_what(const dpw_ctx *c, const char *id);
/* Whether the caller may write (the person, someone they named, their
 * worker) and submit a return (the person or someone they named). */
bool dpw_can_write(const dpw_ctx *c);
bool dpw_can_return(const dpw_ctx *c);

/* ---- shared views (dp_view.c) ---- */

/* {person_id, name, is_self, basis, break_glass, account: {...} | null,
 * plan: {...} | null, can: {write, open, return}}. */
json_t *dpw_base_view(req *r, const dpw_ctx *c);
/* The account's alerts as of today (entries in order), in words: the
 * underspend, the newest DPW_OUTSIDE_SHOWN spends outside the plan and a
 * count of the rest ("outside_plan_more"), the balance above the cap. */
json_t *dpw_alerts_view(req *r, const dpw_ctx *c, const dp_entry *e, size_t n, const char *today);
/* The plan line's words for an entry: "Personal assistant ...", "Not in
 * the plan", or "Line l9 (not in the plan in force)". */
const char *dpw_entry_line_text(req *r, const dpw_ctx *c, const char *line);
/* The entry as the pages show it (with money and dates in words). */
json_t *dpw_entry_view(req *r, const dpw_ctx *c, const dp_entry *e);
/* Select options of the plan in force's lines and "Not against a line of
 * the plan", the one equal to selected marked. */
json_t *dpw_line_options(req *r, const dpw_ctx *c, const char *selected);
/* Reply for a write that needs an account when there is none. */
sn_err dpw_no_account(req *r, reply *out, const dpw_ctx *c);
/* The record page's address for the person's account page. */
const char *dpw_href(req *r, const dpw_ctx *c, const char *rest);

#endif
