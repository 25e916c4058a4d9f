/* Private to hours/ (the public header is hours.h): what the rules
 * (schedule_rules.c), the evaluation (schedule.c) and the plain English
 * (schedule_words.c) share. */
#ifndef SN_SCHEDULE_INT_H
#define SN_SCHEDULE_INT_H

#include "hours.h"

#define DAY_CODE sched_day_codes
#define DAY_NAME sched_day_names

/* How a rule is read (docs/directory.md, "Which dates"): a description
 * only, a one-off on dtstart, weekly or monthly. */
typedef enum { EF_DESC, EF_ONCE, EF_WEEKLY, EF_MONTHLY } eff_freq;
eff_freq sched_effective_freq(const sched_rule *r);
/* Whether any byday item has an ordinal ("2TU"). */
bool sched_has_ordinal(const sched_rule *r);
/* Writes v in decimal, at least width digits (zero-padded); returns the
 * end (no NUL written). */
char *sched_put_num(char *p, int v, int width);

#endif
