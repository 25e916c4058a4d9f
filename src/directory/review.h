/* Reviews falling due: how long ago in words, the reminders to each
 * organisation's members through the email outbox, the moderators' report
 * of overdue entries with "Mark as checked today", and the demo's due and
 * overdue entries (docs/directory.md, "Reviews"). */
#ifndef SN_REVIEW_H
#define SN_REVIEW_H

#include "../web/web.h"

#define REVIEW_REMIND_DAYS 14 /* remind this many days before a review falls due */
#define REVIEW_PER_PAGE 50    /* rows of the overdue report */

/* From one date to a later one ("YYYY-MM-DD", or longer ISO text), in
 * words: "3 days", "2 weeks", "1 month", "14 months", "2 years". Whole
 * units, rounded down; "0 days" when to is not later. Writes "" when a
 * date is malformed. */
void review_age_text(const char *from, const char *to, char *out, size_t size);

typedef struct {
	int64_t services;     /* due within the days, or overdue */
	int64_t queued;       /* emails queued now */
	int64_t already;      /* reminders queued before, not queued again */
	int64_t no_recipient; /* services whose organisation has no member and no usable email */
} review_stats;

/* Queues one reminder per published service whose review falls due
 * within days (or is overdue) to each enabled member of its organisation
 * (else to the organisation's email), at most once per service, due date
 * and recipient. base_url ("https://support.example", no trailing slash)
 * makes the links. dry_run counts and changes nothing. One transaction,
 * with one audit entry (actor "system"). */
sn_err review_queue_reminders(store *s, int days, const char *base_url, bool dry_run,
			      review_stats *out, char *err, size_t err_size);

/* The demo: partner@ and a second partner are members of some
 * organisations, and a few services are long overdue or fall due soon.
 * Run after dir_demo, in its transaction. */
sn_err review_demo(store *s, uint64_t seed);

/* ---- HTTP ---- */
sn_err overdue_list(req *r, reply *out);     /* GET /moderation/overdue */
sn_err overdue_reviewed(req *r, reply *out); /* POST /moderation/overdue/{id}/reviewed */

#endif
