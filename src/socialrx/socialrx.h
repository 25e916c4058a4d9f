/* Social prescribing (docs/social-prescribing.md): the pure rules. The
 * follow-up schedule (data/socialrx/schedule.json, read with limits), when
 * a follow-up is due or overdue, the before/after change of each ONS4 item
 * (each separately, never summed: wellbeing.h) and of the UCLA-3 total,
 * and the summary of many people with small numbers suppressed.
 *
 * Files: socialrx.c (pure: no store, no web; text only into the caller's
 * arena; dates are day numbers, days since 1970-01-01, as plan_rules.h's
 * civil dates). */
#ifndef SN_SOCIALRX_H
#define SN_SOCIALRX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"
#include "../wellbeing/wellbeing.h"

/* ---- the follow-up schedule ---- */
#define SP_FOLLOWUPS_MAX 8
#define SP_WEEKS_MAX 104        /* two years after the first conversation */
#define SP_WINDOW_MAX 28        /* days before the date a follow-up shows as due */
#define SP_LABEL_MAX 60
#define SP_SCHEDULE_BYTES 8192  /* the schedule file, at most */

typedef struct {
	size_t n;
	int weeks[SP_FOLLOWUPS_MAX];                  /* strictly increasing, 1..SP_WEEKS_MAX */
	char label[SP_FOLLOWUPS_MAX][SP_LABEL_MAX + 1]; /* "6-week follow-up" */
	int due_window_days;                          /* 0..SP_WINDOW_MAX */
} sp_schedule;

/* Reads a schedule from JSON text of at most SP_SCHEDULE_BYTES: {"followups":
 * [{"weeks": 6, "label": "..."}...], "due_window_days": 7} ("about" is
 * allowed; any other key is refused). SN_EINPUT (or SN_ETOOBIG) with
 * "followups[1].weeks: ..." in err; *out is then unusable. */
sn_err sp_schedule_parse(const char *text, size_t len, sp_schedule *out, char *err,
			 size_t err_size);
/* The shipped schedule (data/socialrx/schedule.json, embedded); NULL when
 * the build's copy does not read (the unit test fails on that). */
const sp_schedule *sp_schedule_shipped(void);
/* The due day of follow-up i (0-based) for a first conversation on day first. */
int64_t sp_followup_due(const sp_schedule *s, size_t i, int64_t first);

typedef enum {
	SP_FU_DONE,    /* recorded */
	SP_FU_LATER,   /* not yet within the window */
	SP_FU_DUE,     /* within due_window_days before its day, or on it */
	SP_FU_OVERDUE  /* its day has passed */
} sp_fu_state;
sp_fu_state sp_followup_state(const sp_schedule *s, int64_t due, bool done, int64_t today);
const char *sp_fu_state_code(sp_fu_state st); /* "done", "later", "due", "overdue" */

/* ---- before and after ----
 * The items compared: the four ONS4 items, each on its own, then the
 * UCLA-3 total. Lower is better for anxiety and loneliness. */
enum { SP_ITEM_LIFE, SP_ITEM_WORTHWHILE, SP_ITEM_HAPPY, SP_ITEM_ANXIOUS, SP_ITEM_UCLA3, SP_ITEMS };
const char *sp_item_key(int item);   /* "life_satisfaction" ... "ucla3_total" */
const char *sp_item_label(int item); /* "Life satisfaction" ... "Loneliness (UCLA-3 total)" */
bool sp_item_lower_better(int item);

/* Answers kept as wb_to_json wrote them (with its bands and total) read
 * back through wb_from_json: only the "ons4" and "ucla3" parts, at most
 * 4 KiB. SN_EINPUT when they do not read. */
#define SP_ANSWERS_BYTES 4096
sn_err sp_answers_read(const char *text, wb_answers *w);

/* One person's values at the start and at the follow-up; -1 for none. */
typedef struct {
	int before[SP_ITEMS], after[SP_ITEMS];
} sp_pair;
/* From the start and follow-up answers (either may be NULL: none). */
void sp_pair_of(const wb_answers *start, const wb_answers *followup, sp_pair *out);
/* +1 better, -1 worse, 0 the same; 0 too when either value is missing. */
int sp_direction(const sp_pair *p, int item);

/* The chart of one person's before and after (socialrx_chart.c): inline
 * SVG, an image titled by title_id; the page shows the same figures in a
 * table. From the arena. */
const char *sp_chart_svg(arena *a, const sp_pair *p, const char *title_id);

/* ---- the summary of many people, small numbers suppressed ----
 * A count from 1 to 9 is never shown ("fewer than 10"), nor can it be
 * worked out from what is shown: when one part of a total is hidden,
 * the next smallest part is hidden too (until the hidden parts add up to
 * 10 or more, else all are), and a count the caller could work out by
 * taking their own figures from the area's (known) is hidden as well. No
 * mean and no percentage comes from fewer than 10 people. */
#define SP_SMALL 10

typedef struct {
	int64_t people;              /* with a value before and after */
	int64_t better, same, worse; /* add up to people */
	int64_t sum_before, sum_after;
} sp_item_tally;
typedef struct {
	int64_t cases, open, closed; /* open + closed = cases */
	sp_item_tally item[SP_ITEMS];
} sp_tally;
void sp_tally_add_case(sp_tally *t, bool open);
void sp_tally_add_pair(sp_tally *t, const sp_pair *p);

typedef struct {
	bool shown; /* false: "fewer than 10" (or hidden so that another is not revealed) */
	int64_t v;  /* 0 when not shown */
} sp_cell;
typedef struct {
	bool shown;
	int64_t tenths; /* rounded half away from zero */
} sp_mean;
typedef struct {
	sp_cell people, better, same, worse;
	sp_mean mean_before, mean_after, mean_change;
	sp_cell pct_better; /* whole per cent, only with people and better shown */
} sp_item_summary;
typedef struct {
	sp_cell cases, open, closed;
	sp_item_summary item[SP_ITEMS];
} sp_summary;

/* THE function: what may be shown of t. known: figures the caller
 * already knows that are part of t (their own caseload inside the area's),
 * or NULL. */
void sp_summarise(const sp_tally *t, const sp_tally *known, sp_summary *out);
/* "12", "fewer than 10"; a mean "6.4" or "not shown". Into the arena. */
const char *sp_cell_text(arena *a, sp_cell c);
const char *sp_mean_text(arena *a, sp_mean m, bool sign);

#endif
