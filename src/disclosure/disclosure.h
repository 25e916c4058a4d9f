/* Statistical disclosure control for published tables (pure, no I/O): a
 * count from 1 to 9 is never shown, and no hidden cell can be worked out
 * from the figures that are (secondary suppression). Every table of
 * counts that SupportNet publishes about people goes through
 * dc_suppress; money and percentages worked out from a row's people are
 * hidden with the row's count (dc_row_hidden).
 *
 * A table is rows x cols of counts with its margins: each row's total, each
 * column's total and the grand total, seen as one extended table of
 * (rows + 1) x (cols + 1) cells whose last row and last column are the
 * margins. Published cells give linear equations (each line's cells add up
 * to its margin), so a hidden cell can be worked out exactly when the
 * equations pin it: when, in the graph whose nodes are the extended rows
 * and columns and whose edges are the hidden cells, its edge lies on no
 * cycle. dc_suppress hides more cells (the smallest counts first) until
 * every hidden cell lies on a cycle, so any hidden value can be moved up or
 * down along it without changing a published figure. Complementary cells
 * are chosen with counts of at least 1, so the published zeros cannot pin a
 * cycle either. */
#ifndef SN_DISCLOSURE_H
#define SN_DISCLOSURE_H

#include <jansson.h>

#include "../base/base.h"

#define DC_MIN 10          /* counts from 1 to DC_MIN - 1 are hidden */
#define DC_MAX_ROWS 256
#define DC_MAX_COLS 32

typedef struct {
	size_t rows, cols;   /* the body, without the margins */
	/* (rows + 1) x (cols + 1), row-major: body cells, each row's total
	 * in column cols, each column's total in row rows, the grand total at
	 * [rows][cols]. dc_table_init fills the margins from the body. */
	int64_t value[DC_MAX_ROWS + 1][DC_MAX_COLS + 1];
	bool hidden[DC_MAX_ROWS + 1][DC_MAX_COLS + 1];
} dc_table;

/* Starts t for rows x cols with every count 0 and nothing hidden;
 * SN_ETOOBIG past DC_MAX_ROWS or DC_MAX_COLS, SN_EINPUT for none. */
sn_err dc_table_init(dc_table *t, size_t rows, size_t cols);
/* Sets one body cell (a count, >= 0; SN_EINPUT otherwise). */
sn_err dc_set(dc_table *t, size_t row, size_t col, int64_t count);
/* Adds the margins up from the body, then hides: first every count from 1
 * to DC_MIN - 1 (body and margins), then more until no hidden cell can be
 * worked out. Returns how many cells are hidden in all (*n_hidden may be
 * NULL). */
sn_err dc_suppress(dc_table *t, size_t *n_hidden);
/* Several tables of the same people (a grouping each: by client group, by
 * locality) that share their total row: each suppressed, then the total
 * row's hidden cells made the same in all (a total shown in one table
 * would undo another's protection) and each protected again, until they
 * agree. SN_EINPUT when the tables' columns or totals differ. */
sn_err dc_suppress_linked(dc_table *const *tables, size_t n);
/* Whether a row's people are hidden: its total (so its money, its
 * percentages and everything worked out from its people are hidden too).
 * row == t->rows is the total row. */
bool dc_row_hidden(const dc_table *t, size_t row);
/* Whether the cell can be worked out from the shown cells (used by tests
 * and by dc_suppress): true for a shown cell. */
bool dc_determined(const dc_table *t, size_t row, size_t col);

/* ---- Publishing a suppressed table (dc_publish.c) ----
 *
 * Every table SupportNet publishes about people is shown, downloaded as
 * CSV and as JSON from one description, so the three cannot disagree:
 *   pages  a hidden count reads "fewer than 10";
 *   CSV    RFC 4180, a header row (the row key, each column's key, then
 *          "total"), one line a row, the last line starting "Total"; a
 *          hidden figure is "c";
 *   JSON   {"id","title","columns":[{"key","label"}],"rows":[{"label",
 *          "cells":{key: n | null},"total": n | null, extras...}],
 *          "total":{...}}; null is a hidden figure.
 * Money beside a row (dc_extra) is shown only where the row's people are
 * shown and at least DC_MIN: never worked out from fewer than 10. */
typedef struct {
	const char *key;       /* CSV and JSON name, e.g. "spend_pounds" */
	const char *label;     /* the page's heading, e.g. "Spend" */
	bool money;            /* pence: "£1,234.56" on pages, 1234.56 in CSV */
	const int64_t *values; /* rows + 1 values, the total row's last */
	const int64_t *people; /* rows + 1: how many people each value is from;
				  NULL: the row's total count is its people */
} dc_extra;

#define DC_MAX_EXTRAS 4

typedef struct {
	const char *id;          /* "referrals-by-locality": the name of its exports */
	const char *title;       /* the caption */
	const char *row_key;     /* "locality" */
	const char *row_label;   /* "Locality" */
	const char *const *row_labels; /* t->rows */
	const char *const *col_keys;   /* t->cols */
	const char *const *col_labels; /* t->cols */
	const dc_table *t;       /* already suppressed */
	const dc_extra *extras;
	size_t n_extras;         /* at most DC_MAX_EXTRAS */
} dc_published;

/* Whether extra's figure on row is shown: the row is, and 10 or more people
 * are behind it (or it is 0 from no one). The writers below all ask this. */
bool dc_extra_shown(const dc_published *p, size_t extra, size_t row);
/* Appends the CSV to out (which is reset first). */
sn_err dc_csv(const dc_published *p, buf *out);
/* The JSON export; a new reference. */
json_t *dc_json(const dc_published *p);
/* The view the page template (partials/dc-table) draws: the words
 * "fewer than 10" for hidden counts, "not shown" for hidden money, links
 * csv_url and json_url. A new reference. */
json_t *dc_view(const dc_published *p, const char *csv_url, const char *json_url);
/* A count in words for pages: "fewer than 10" when hidden, else "1,234". */
void dc_count_words(int64_t v, bool hidden, char *out, size_t size);
/* Pence as "£1,234.56" (or "-£3.00"). */
void dc_money_words(int64_t pence, char *out, size_t size);

#endif
