/* The pathway costs and cost-benefit pages (for commissioners). */
#ifndef SN_COSTS_PAGES_H
#define SN_COSTS_PAGES_H

#include "../web/web.h"
#include "costs.h"

sn_err costs_page(req *r, reply *out);       /* GET /insight/costs */
sn_err costs_export(req *r, reply *out);     /* GET /insight/costs/tables/{id}: NAME.csv or NAME.json */
sn_err costbenefit_page(req *r, reply *out); /* GET /insight/cost-benefit (also JSON) */

#endif
