/* The plan shown: the difference between two versions side by side
 * (plan_diff.c) and the circle of support as SVG (circle_svg.c). Pure: no
 * store, no web; the pages and the JSON API call these (docs/plans.md,
 * "Comparing versions" and "Circle of support"). */
#ifndef SN_PLAN_SHOW_H
#define SN_PLAN_SHOW_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../base/base.h"
#include "plan.h"

/* ---- comparing two versions ---- */

/* Caps on the word-by-word comparison. A text (or an item's field) with
 * more words than PLAN_DIFF_WORDS_MAX, or needing more than
 * PLAN_DIFF_EDITS_MAX words removed and added, is shown as replaced whole
 * (the row's `whole` is then true). PLAN_DIFF_WORK_MAX bounds the steps of
 * the whole comparison: past it, every further changed text is replaced
 * whole. Memory: at most (PLAN_DIFF_EDITS_MAX + 1)^2 int16 (2 MB) at a time,
 * freed before returning. */
#define PLAN_DIFF_WORDS_MAX 2500
#define PLAN_DIFF_EDITS_MAX 1000
#define PLAN_DIFF_WORK_MAX  (30u * 1000u * 1000u)

typedef enum { PLAN_DIFF_SAME, PLAN_DIFF_REMOVED, PLAN_DIFF_ADDED } plan_diff_op;

/* A run of text. Texts keep their spaces and newlines: a page shows a
 * column with white-space: pre-wrap, removed as <del>, added as <ins>. */
typedef struct {
	plan_diff_op op;
	const char *text;
} plan_diff_chunk;

/* One column: the older version's (SAME and REMOVED chunks only) or the
 * newer's (SAME and ADDED only). Concatenated, a text section's chunks are
 * its text exactly. */
typedef struct {
	size_t n;
	plan_diff_chunk *chunk;
} plan_diff_column;

/* One row per section, in the sections' order. Structured sections
 * (outcomes, circle, decisions, risks, lines) show each item as lines of
 * "Label: value", items apart by a blank line, each column in its own
 * version's order; items are matched by id. `changes` says in plain words
 * what changed, one sentence each ("Line “a personal assistant”: the cost
 * changed from £120 a week to £140 a week."); text sections have none (the
 * chunks show it). */
typedef struct {
	const char *key, *heading;
	plan_sec_type type;
	bool changed;
	bool whole; /* a text was over the caps and shown as replaced whole */
	plan_diff_column older, newer;
	size_t n_changes;
	const char **changes;
} plan_diff_row;

typedef struct {
	bool changed; /* any row changed */
	size_t n_rows;
	plan_diff_row *rows;
} plan_diff;

/* The difference between two versions of a plan, section by section, as
 * secs lists them; everything in a (texts copied: the documents may go
 * first). Money as money_text writes it ("£1,234.56",
 * "£120"). SN_EINPUT when an argument is NULL. */
sn_err plan_diff_make(const plan_sections *secs, const plan_doc *older, const plan_doc *newer,
                      arena *a, plan_diff *out);
/* For the JSON API: {"changed":b,"sections":[{"key","heading","type",
 * "changed","whole","changes":[s],"old":[{"op":"same"|"removed","text"}],
 * "new":[{"op":"same"|"added","text"}]}]}. A new reference. */
json_t *plan_diff_to_json(const plan_diff *d);
/* "same", "removed", "added". */
const char *plan_diff_op_key(plan_diff_op op);

/* ---- the circle of support ---- */

/* People per ring, in all, and those unpaid (not in the paid ring): whole
 * numbers for the key indicators. People whose ring is not one of the four
 * are not counted (the document's reader refuses them). */
typedef struct {
	int64_t ring[RING_COUNT];
	int64_t total;
	int64_t unpaid;
} plan_circle_counts;

void plan_circle_count(const plan_doc *d, plan_circle_counts *out);

/* The number a person's dot carries: people numbered ring by ring (closest
 * first), in the document's order within a ring, from 1. The page's list
 * beside the picture shows the same numbers. 0 when i is out of range or
 * the ring is unknown. */
int plan_circle_number(const plan_doc *d, size_t i);

/* The circle of support as an SVG element for a page (inline; no styles,
 * scripts or outside references: presentation attributes only, so the
 * Content-Security-Policy allows it). centre_name is the person's first
 * name, or NULL or "" for "Me" (the person's own view). id_prefix (1..20 of
 * [a-z0-9-], NULL for "circle") makes the ids of its title, desc and paths,
 * so that two pictures can share a page. The string is in a. SN_EINPUT on
 * a bad id_prefix. */
sn_err plan_circle_svg(const plan_doc *d, const char *centre_name, const char *id_prefix, arena *a,
                       const char **out);

#endif
