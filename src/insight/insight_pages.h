/* The commissioners' pages and the market position statements. */
#ifndef SN_INSIGHT_PAGES_H
#define SN_INSIGHT_PAGES_H

#include "../web/web.h"
#include "insight.h"

sn_err insight_home(req *r, reply *out);      /* GET /insight */
sn_err insight_wellbeing(req *r, reply *out); /* GET /insight/wellbeing */
sn_err insight_export(req *r, reply *out);    /* GET /insight/tables/{id}: NAME.csv or NAME.json */
sn_err mps_index(req *r, reply *out);         /* GET /market-position */
sn_err mps_page(req *r, reply *out);          /* GET /market-position/{id} */
sn_err mps_export(req *r, reply *out);        /* GET /market-position/{id}/tables/{table} */

#endif
