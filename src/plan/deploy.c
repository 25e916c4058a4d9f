/* The money of a plan, all in whole pence: budget lines against the
 * budget, pooled budgets (shares, equal and proportional splits, a member
 * leaving) and a block contract split into personal budgets (docs/rules.md,
 * "Budget lines, pooled budgets and block contracts"). Pure. */
#include <stdio.h>
#include <string.h>

#include "plan_rules.h"

static bool amount_ok(int64_t pence)
{
	return pence >= 0 && pence <= PLAN_WEEKLY_MAX_PENCE;
}

#define REFUSE(...)                                   \
	do {                                          \
		snprintf(err, err_size, __VA_ARGS__); \
		return SN_EINPUT;                     \
	} while (0)

/* ---- budget lines ---- */

sn_err deploy_totals_of(const plan_doc *d, int64_t weekly_budget_pence, deploy_totals *out,
			char *err, size_t err_size)
{
	memset(out, 0, sizeof *out);
	if (!amount_ok(weekly_budget_pence))
		REFUSE("budget: must be a whole number of pence from 0 to %lld",
		       (long long)PLAN_WEEKLY_MAX_PENCE);
	if (d->n_lines > PLAN_LIST_MAX)
		REFUSE("lines: at most %d lines", PLAN_LIST_MAX);
	for (size_t i = 0; i < d->n_lines; i++) {
		const plan_line *l = &d->lines[i];
		if (!amount_ok(l->weekly_pence))
			REFUSE("lines[%zu].weekly_pence: must be a whole number of pence from 0 to %lld",
			       i, (long long)PLAN_WEEKLY_MAX_PENCE);
		if ((int)l->deploy < 0 || l->deploy >= DEPLOY_COUNT)
			REFUSE("lines[%zu].deploy: unknown deployment", i);
		out->by_deploy_pence[l->deploy] += l->weekly_pence;
		out->lines_by_deploy[l->deploy]++;
		out->total_pence += l->weekly_pence;
	}
	out->budget_pence = weekly_budget_pence;
	out->difference_pence = out->total_pence - weekly_budget_pence;
	return SN_OK;
}

const char *deploy_balance_key(int64_t difference_pence)
{
	return difference_pence > 0 ? "over" : difference_pence < 0 ? "under" : "exact";
}

/* ---- pooled budgets ---- */

static sn_err pool_args(int64_t cost_pence, size_t n, char *err, size_t err_size)
{
	if (!amount_ok(cost_pence))
		REFUSE("cost: must be a whole number of pence from 0 to %lld",
		       (long long)PLAN_WEEKLY_MAX_PENCE);
	if (n == 0)
		REFUSE("members: a pool needs at least one member");
	if (n > POOL_MEMBERS_MAX)
		REFUSE("members: at most %d members", POOL_MEMBERS_MAX);
	return SN_OK;
}

static sn_err shares_ok(const int64_t *shares, size_t n, char *err, size_t err_size)
{
	for (size_t i = 0; i < n; i++)
		if (!amount_ok(shares[i]))
			REFUSE("members[%zu].share: must be a whole number of pence from 0 to %lld",
			       i, (long long)PLAN_WEEKLY_MAX_PENCE);
	return SN_OK;
}

sn_err pool_gap(int64_t cost_pence, const int64_t *shares, size_t n, int64_t *gap_pence,
		char *err, size_t err_size)
{
	sn_err rc = pool_args(cost_pence, n, err, err_size);
	if (!rc)
		rc = shares_ok(shares, n, err, err_size);
	if (rc)
		return rc;
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += shares[i];
	*gap_pence = cost_pence - sum;
	return SN_OK;
}

/* Equal split without checks (n >= 1). */
static void split_equal(int64_t cost_pence, size_t n, int64_t *shares)
{
	int64_t each = cost_pence / (int64_t)n, left = cost_pence % (int64_t)n;
	for (size_t i = 0; i < n; i++)
		shares[i] = each + ((int64_t)i < left ? 1 : 0);
}

sn_err pool_split_equal(int64_t cost_pence, size_t n, int64_t *shares, char *err,
			size_t err_size)
{
	sn_err rc = pool_args(cost_pence, n, err, err_size);
	if (rc)
		return rc;
	split_equal(cost_pence, n, shares);
	return SN_OK;
}

/* Largest remainder without checks (n >= 1, weights in range). */
static void split_proportional(int64_t cost_pence, const int64_t *weights, size_t n,
			       int64_t *shares)
{
	int64_t total = 0, given = 0, rem[POOL_MEMBERS_MAX];
	for (size_t i = 0; i < n; i++)
		total += weights[i];
	if (total == 0) {
		split_equal(cost_pence, n, shares);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		/* cost and weights are at most 1e8 each, n at most 40: fits */
		int64_t p = cost_pence * weights[i];
		shares[i] = p / total;
		rem[i] = p % total;
		given += shares[i];
	}
	/* Fewer than n pennies are left: one each to the largest remainders,
	 * an equal remainder to the earlier member. */
	for (int64_t left = cost_pence - given; left > 0; left--) {
		size_t best = n;
		for (size_t i = 0; i < n; i++)
			if (rem[i] >= 0 && (best == n || rem[i] > rem[best]))
				best = i;
		shares[best]++;
		rem[best] = -1;
	}
}

sn_err pool_split_proportional(int64_t cost_pence, const int64_t *weights, size_t n,
			       int64_t *shares, char *err, size_t err_size)
{
	sn_err rc = pool_args(cost_pence, n, err, err_size);
	if (!rc)
		rc = shares_ok(weights, n, err, err_size);
	if (rc)
		return rc;
	split_proportional(cost_pence, weights, n, shares);
	return SN_OK;
}

sn_err pool_leave(int64_t cost_pence, const int64_t *shares, size_t n, size_t leaver,
		  pool_resplit how, pool_leaving *out, char *err, size_t err_size)
{
	memset(out, 0, sizeof *out);
	sn_err rc = pool_args(cost_pence, n, err, err_size);
	if (!rc)
		rc = shares_ok(shares, n, err, err_size);
	if (rc)
		return rc;
	if (leaver >= n)
		REFUSE("leaver: no member %zu in a pool of %zu", leaver, n);
	if (n == 1)
		REFUSE("leaver: the last member is leaving; the pool ends");
	int64_t rest[POOL_MEMBERS_MAX], split[POOL_MEMBERS_MAX], sum = 0;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (i != leaver) {
			rest[k++] = shares[i];
			sum += shares[i];
		}
	if (how == POOL_RESPLIT_PROPORTIONAL)
		split_proportional(cost_pence, rest, k, split);
	else
		split_equal(cost_pence, k, split);
	out->n = n;
	out->leaver_share_pence = shares[leaver];
	out->gap_pence = cost_pence - sum;
	for (size_t i = 0, j = 0; i < n; i++)
		out->shares[i] = i == leaver ? 0 : split[j++];
	return SN_OK;
}

/* ---- a block contract into personal budgets ---- */

sn_err block_split(const block_case *c, block_result *out, char *err, size_t err_size)
{
	memset(out, 0, sizeof *out);
	if (!amount_ok(c->contract_weekly_pence))
		REFUSE("contract_weekly_pence: must be a whole number of pence from 0 to %lld",
		       (long long)PLAN_WEEKLY_MAX_PENCE);
	if (!amount_ok(c->core_weekly_pence))
		REFUSE("core_weekly_pence: must be a whole number of pence from 0 to %lld",
		       (long long)PLAN_WEEKLY_MAX_PENCE);
	if (c->n == 0)
		REFUSE("tenants: must list at least one tenant");
	if (c->n > BLOCK_TENANTS_MAX)
		REFUSE("tenants: at most %d tenants", BLOCK_TENANTS_MAX);
	for (size_t i = 0; i < c->n; i++)
		if (!amount_ok(c->tenants[i].ras_weekly_pence))
			REFUSE("tenants[%zu].ras_weekly_pence: must be a whole number of pence from 0 to %lld",
			       i, (long long)PLAN_WEEKLY_MAX_PENCE);
	int64_t before[BLOCK_TENANTS_MAX], core[BLOCK_TENANTS_MAX];
	split_equal(c->contract_weekly_pence, c->n, before);
	split_equal(c->core_weekly_pence, c->n, core);
	for (size_t i = 0; i < c->n; i++) {
		int64_t ind = c->tenants[i].ras_weekly_pence;
		out->tenants[i].before_pence = before[i];
		out->tenants[i].core_share_pence = core[i];
		out->tenants[i].individual_pence = ind;
		out->tenants[i].after_pence = core[i] + ind;
		out->tenants[i].change_pence = core[i] + ind - before[i];
		out->individual_total_pence += ind;
	}
	out->before_total_pence = c->contract_weekly_pence;
	out->core_total_pence = c->core_weekly_pence;
	out->after_total_pence = c->core_weekly_pence + out->individual_total_pence;
	out->difference_pence = out->after_total_pence - out->before_total_pence;
	return SN_OK;
}
