/* First Contact (docs/first-contact.md), the pure part: which services a
 * checklist's answers lead to, and the funnel report's published figures
 * with small numbers suppressed. No I/O: the store (fc_store.h) keeps
 * questions and checklists, the pages (fc_pages.h) show and send them. */
#ifndef SN_FIRSTCONTACT_H
#define SN_FIRSTCONTACT_H

#include "../base/base.h"
#include "../disclosure/disclosure.h"

/* ---- limits on what people type ---- */
#define FC_QUESTIONS_MAX 60    /* active questions on a checklist */
#define FC_TEXT_MAX 300        /* a question */
#define FC_HINT_MAX 600
#define FC_NAME_MAX 100        /* given or family name */
#define FC_PHONE_MAX 40
#define FC_EMAIL_MAX 200
#define FC_TARGETS_MAX 200     /* referrals one checklist may make */

/* ---- where the answers lead ---- */
/* A "yes" to question_id leads to service_id: for everyone when
 * locality_id is 0, else only for people living in locality_id. */
typedef struct {
	int64_t question_id, service_id, locality_id;
} fc_link;
/* The services the yes answers lead to for a person in locality (0 when
 * not known: then only the links for everyone), each once, in the order
 * of links (the questions' order); at most max into out. yes holds the
 * question ids answered yes. Returns how many. */
size_t fc_targets(const fc_link *links, size_t n_links, const int64_t *yes, size_t n_yes,
		  int64_t locality, int64_t *out, size_t max);

/* ---- the funnel report ---- */
typedef enum { FC_BY_MONTH, FC_BY_LOCALITY, FC_BY_PARTNER, FC_N_GROUPINGS } fc_grouping;
enum { FC_CHECKLISTS, FC_REFERRALS, FC_ACCEPTED, FC_COMPLETED, FC_N_MEASURES };
/* One group's counts, as the store adds them up. */
typedef struct {
	const char *label;          /* "2026-11", "Northgate", "Age Friendly Northgate" */
	int64_t n[FC_N_MEASURES];
	int64_t accept_seconds;     /* summed from requested to accepted, over the accepted */
} fc_group;
/* One published figure: shown, or hidden ("fewer than 10" / "c"). */
typedef struct {
	int64_t value;
	bool hidden;
} fc_cell;
typedef struct {
	const char *label;          /* "Total" for the total row */
	fc_cell n[FC_N_MEASURES];
	fc_cell per_checklist_tenths; /* referrals per checklist, in tenths */
	fc_cell accept_days_tenths;   /* average days to accept, in tenths */
} fc_row;
typedef struct {
	fc_row *rows[FC_N_GROUPINGS]; /* each with n_rows + 1 rows, the last the total */
	size_t n_rows[FC_N_GROUPINGS];
} fc_report;
/* Publishes the three groupings of the same checklists (so they share
 * their total row): every count from 1 to 9 hidden, then more until no
 * hidden count can be worked out from the shown ones or the totals (one
 * dc table per grouping, linked), and each ratio hidden when a count it
 * comes from is hidden or under DC_MIN. Rows from a; SN_ETOOBIG past
 * DC_MAX_ROWS groups. */
sn_err fc_report_publish(const fc_group *const groups[FC_N_GROUPINGS],
			 const size_t n[FC_N_GROUPINGS], arena *a, fc_report *out);
const char *fc_grouping_key(fc_grouping g);   /* "month", "locality", "partner" */
const char *fc_grouping_words(fc_grouping g); /* "Month", "Locality", "Partner" */
/* A figure for pages ("12", "fewer than 10") and CSV ("12", "c"); tenths
 * as "2.5". From a. */
const char *fc_cell_page(arena *a, fc_cell c);
const char *fc_cell_csv(arena *a, fc_cell c);
const char *fc_tenths_page(arena *a, fc_cell c);
const char *fc_tenths_csv(arena *a, fc_cell c);

#endif
