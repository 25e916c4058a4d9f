/* The commissioners' pages and the market position statements. */
#ifndef SN_INSIGHT_PAGES_H
#define SN_INSIGHT_PAGES_H

#include "../web/web.h"
#include "insight.h"

/* A period of whole months from the query's from and to (YYYY-MM, to
 * included, at most INS_MAX_MONTHS); default the last `months` months.
 * False, with the field's error added and the default period in p, on
 * bad input. Every page of figures reads its period with this. */
typedef struct {
	char from[8], to[8];
} ins_period;
bool ins_period_of(req *r, int months, ins_period *p);
/* {"from","to","from_words","to_words"} for the period form and words. */
json_t *ins_period_view(const ins_period *p);

sn_err insight_home(req *r, reply *out);      /* GET /insight */
sn_err insight_wellbeing(req *r, reply *out); /* GET /insight/wellbeing */
sn_err insight_export(req *r, reply *out);    /* GET /insight/tables/{id}: NAME.csv or NAME.json */
sn_err mps_index(req *r, reply *out);         /* GET /market-position */
sn_err mps_page(req *r, reply *out);          /* GET /market-position/{id} */
sn_err mps_export(req *r, reply *out);        /* GET /market-position/{id}/tables/{table} */

#endif
