/* Private to src/dp and its tests: calendar arithmetic shared by the
 * statement reader and the ledger rules. */
#ifndef SN_DP_INT_H
#define SN_DP_INT_H

#include "dp.h"

#define DP_YEAR_MIN 1900
#define DP_YEAR_MAX 2999

bool dp_leap(int64_t y);
int64_t dp_month_days(int64_t y, int64_t m);
/* Whether y-m-d is a real date within DP_YEAR_MIN..DP_YEAR_MAX. */
bool dp_ymd_valid(int64_t y, int64_t m, int64_t d);
/* Days since 1970-01-01 and back (any proleptic Gregorian date). */
int64_t dp_days_from_ymd(int64_t y, int64_t m, int64_t d);
void dp_ymd_from_days(int64_t days, int64_t *y, int64_t *m, int64_t *d);

/* A statement's date cell (dp_parse_date's forms, already trimmed) as
 * YYYY-MM-DD; on SN_EINPUT *why is NULL when the form is wrong, else a
 * sentence ("not a real date"). dp_cells.c. */
sn_err dp_date_read(const char *s, char out[static 11], const char **why);

#endif
