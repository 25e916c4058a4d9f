/* The commissioners' figures (issue 19, docs/insight.md): every table on
 * /insight and in the market position statements, described as data and
 * drawn from the activity's monthly sums (activity.h), each suppressed by
 * dc_suppress and published by dc_publish (disclosure.h) as a page, CSV and
 * JSON. No table names anyone; none shows a count from 1 to 9.
 *
 * insight_rules.c: the tables, their splits and words (pure);
 * insight_store.c: every statement; insight_http.c: the pages. */
#ifndef SN_INSIGHT_H
#define SN_INSIGHT_H

#include "../base/base.h"
#include "../disclosure/disclosure.h"
#include "../store/store.h"

/* What a table's rows or columns are. */
typedef enum { INS_MONTH, INS_LOCALITY, INS_DETAIL, INS_AGE, INS_CARER } ins_dim;
/* What its cells are: counts of activity; people with money or time
 * beside them; directory services. */
typedef enum { INS_COUNTS, INS_MONEY, INS_HOURS, INS_SUPPLY, INS_REVIEWS_DUE } ins_show;

typedef struct {
	char name[96];       /* "referrals-made-by-need-and-locality": its address */
	char title[160];
	const char *kind;    /* the activity kind ("" for INS_SUPPLY) */
	ins_dim rows, cols;
	ins_show show;
	const char *money_label; /* INS_MONEY / INS_HOURS: the figure beside */
} ins_spec;

#define INS_MAX_MONTHS 36

/* The tables /insight shows, in order (the wellbeing ones are found by
 * name). */
size_t ins_home_count(void);
void ins_home_spec(size_t i, ins_spec *out);
/* The wellbeing measures: "ons4.life_satisfaction", ..., "ucla3", "lonely",
 * "gas", "outcome", and their words. */
size_t ins_measure_count(void);
const char *ins_measure_kind(size_t i);
const char *ins_measure_words(size_t i);
/* "locality", "age", "carer", "month": the splits of a wellbeing measure. */
size_t ins_split_count(void);
const char *ins_split_key(size_t i);
/* The spec of a wellbeing table: measure i split by split j. */
void ins_measure_spec(size_t i, size_t j, ins_spec *out);
/* Any table by its name: SN_ENOTFOUND for none. */
sn_err ins_spec_find(const char *name, ins_spec *out);

/* The fixed details of a kind, in order (bands, answers); false when its
 * details come from the store (needs, schemes). */
bool ins_fixed_details(const char *kind, const char *const **keys, const char *const **words, size_t *n);
/* Words for an age band or carer key. */
extern const char *const ins_age_keys[5], *const ins_age_words[5];
extern const char *const ins_carer_keys[2], *const ins_carer_words[2];
/* "YYYY-MM" valid; months between two (inclusive), at most INS_MAX_MONTHS. */
bool ins_month_ok(const char *m);
void ins_month_add(const char *m, int delta, char out[static 8]);
int ins_months_between(const char *from, const char *to);
/* "2026-03" -> "March 2026". */
void ins_month_words(const char *m, char *out, size_t size);

/* ---- store (insight_store.c) ---- */

typedef struct {
	size_t n;
	const char **keys;  /* locality ids as text, need codes, months ... */
	const char **words;
} ins_axis;

/* One row of the sums: the row's key, the column's key, count, total. */
typedef struct {
	const char *row, *col;
	int64_t n, total;
} ins_cell;

/* The localities (ids as keys), needs with services or activity (codes). */
sn_err ins_localities(store *s, arena *a, ins_axis *out);
sn_err ins_needs(store *s, arena *a, ins_axis *out);
/* Details of a kind seen in the period (schemes' names for matches). */
sn_err ins_details_seen(store *s, arena *a, const char *kind, const char *from, const char *to, ins_axis *out);
/* The sums of kind in the months from..to, grouped by the two dims;
 * locality: only that locality when > 0. */
sn_err ins_sums(store *s, arena *a, const char *kind, const char *from, const char *to, ins_dim rows,
		ins_dim cols, int64_t locality, ins_cell **cells, size_t *n);
/* For the money and time beside a row: by locality, the most people any
 * one month of the period had (a sound lower bound of the period's people:
 * the figure is shown only when it is 10 or more). */
sn_err ins_people(store *s, arena *a, const char *kind, const char *from, const char *to, ins_cell **cells,
		  size_t *n);
/* Published directory services by need (rows: each service under each of
 * its needs) and locality (cols). A walk of the whole directory (about
 * 90 ms at 100,000 services): ins_build keeps it for INS_SUPPLY_SECONDS. */
sn_err ins_supply(store *s, arena *a, ins_cell **cells, size_t *n);
#define INS_SUPPLY_SECONDS 300

/* A locality by its uuid (the market position statements' address):
 * SN_ENOTFOUND for none; all of them (uuids as keys). */
sn_err ins_area(store *s, arena *a, const char *uuid, int64_t *id, const char **name);
sn_err ins_areas(store *s, arena *a, ins_axis *out);

/* ---- building a table (insight_table.c) ---- */

typedef struct {
	ins_spec spec;
	dc_table *t;          /* suppressed */
	ins_axis rows, cols;
	dc_extra extra;
	int64_t *extra_values, *extra_people;
	dc_published pub;
} ins_table;

/* Builds, suppresses and describes one table for the months from..to
 * (locality > 0: one area's). From a (t too). */
sn_err ins_build(store *s, arena *a, const ins_spec *spec, const char *from, const char *to, int64_t locality,
		 ins_table *out);

/* The coverage chart (insight_chart.c, pure): services and referrals by
 * need from the two tables' totals; SVG text, malloc'ed. */
char *ins_coverage_svg(const ins_table *supply, const ins_table *demand);

#endif
