/* The demo area's pooled budget (called by src/demo after the plans): a
 * personal assistant shared by people on one worker's caseload, £12 an hour
 * for 15 hours a week (£180), set up about four months ago by four people
 * at £45 each; one left last month and the three who remain share the
 * cost equally (£60 each), so the pool's history shows the leaving and the
 * re-split. The plans in the making of those who remain get a line naming
 * the pool, paid for out of their first line, so each plan's total is what
 * it was. Written through the pool and plan stores, deterministic for the
 * seed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan_store.h"
#include "pool_store.h"

#define DAY (24 * 3600)
#define DEMO_POOL_MEMBERS 4
#define DEMO_POOL_COST (12 * 100 * 15) /* £12 an hour, 15 hours a week */
#define DEMO_POOL_PROVIDER "Millbrook Support Co-operative"

static const char *days_ago(arena *a, int64_t days, bool date_only)
{
	char *t = arena_alloc(a, 21);
	time_iso8601(time_now() - days * DAY, t);
	if (date_only)
		t[10] = 0;
	return t;
}

/* The person's plan in the making that a save keeps as it is (a draft or
 * returned plan), or NULL. */
static const plan_row *open_plan(store *s, int64_t person_id, arena *a)
{
	plan_row *rows;
	size_t n;
	if (plan_list_for_person(s, person_id, a, &rows, &n) || !n)
		return NULL;
	return rows[0].status == PLAN_DRAFT || rows[0].status == PLAN_RETURNED ? &rows[0] : NULL;
}

/* A line for the pool in plan p, paid for out of its first line. */
static sn_err add_pool_line(store *s, arena *a, const plan_row *p, const char *pool_uuid,
			    int64_t share_pence, int64_t worker_id)
{
	plan_version ver;
	plan_doc *d = arena_alloc(a, sizeof *d);
	char field[96], why[160];
	sn_err rc = plan_version_get(s, p->id, p->version, a, &ver);
	if (rc)
		return rc;
	json_error_t je;
	json_t *j = json_loads(ver.document, 0, &je);
	rc = j ? plan_doc_from_json(j, NULL, a, d, field, sizeof field, why, sizeof why) : SN_EINTERNAL;
	json_decref(j);
	if (rc || d->n_lines == 0 || d->n_lines >= PLAN_LIST_MAX)
		return rc;
	int64_t from_first = d->lines[0].weekly_pence < share_pence ? d->lines[0].weekly_pence
								     : share_pence;
	d->lines[0].weekly_pence -= from_first;
	plan_line *l = &d->lines[d->n_lines++];
	memset(l, 0, sizeof *l);
	snprintf(l->id, sizeof l->id, "shared-pa");
	l->what = "Shared personal assistant with two others, 15 hours a week";
	l->weekly_pence = share_pence;
	l->deploy = DEPLOY_ISF;
	l->holder = DEMO_POOL_PROVIDER;
	snprintf(l->pool, sizeof l->pool, "%s", pool_uuid);
	json_t *out = plan_doc_to_json(d);
	char *text = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(out);
	if (!text)
		return SN_EINTERNAL;
	rc = plan_save_version(s, p->id, p->version, text, "The shared personal assistant, from the pooled budget",
			       worker_id, "worker", days_ago(a, 0, false));
	free(text);
	return rc;
}

/* Four people on the caseload: three with a plan in the making (they stay
 * in the pool), a few skipped by the seed, and one to leave (someone
 * without one where there is); false when there are too few. */
static bool choose(store *s, arena *a, uint64_t seed, int64_t worker_id, int64_t out[DEMO_POOL_MEMBERS])
{
	int64_t *ids;
	size_t n, k = 0, n_with = 0, n_without = 0;
	if (pool_demo_people(s, worker_id, 400, a, &ids, &n) || n < DEMO_POOL_MEMBERS)
		return false;
	int64_t *with = arena_alloc(a, n * sizeof *with), *without = arena_alloc(a, n * sizeof *without);
	for (size_t i = 0; i < n; i++)
		if (open_plan(s, ids[i], a))
			with[n_with++] = ids[i];
		else
			without[n_without++] = ids[i];
	rng g;
	rng_seed(&g, seed ^ 0x706f6f6cu);
	size_t skip = (size_t)rng_below(&g, 3);
	if (n_with < skip + DEMO_POOL_MEMBERS - 1)
		skip = 0;
	for (size_t i = skip; i < n_with && k < DEMO_POOL_MEMBERS - 1; i++)
		out[k++] = with[i];
	for (size_t i = 0; i < n_without && k < DEMO_POOL_MEMBERS; i++)
		out[k++] = without[i];
	for (size_t i = 0; i < n_with && k < DEMO_POOL_MEMBERS; i++)
		if (i < skip || i >= skip + DEMO_POOL_MEMBERS - 1)
			out[k++] = with[i];
	return k == DEMO_POOL_MEMBERS;
}

sn_err pool_demo(store *s, uint64_t seed, int64_t worker_id)
{
	arena *a = arena_new();
	int64_t people[DEMO_POOL_MEMBERS], shares[DEMO_POOL_MEMBERS], pool_id = 0;
	char uuid[37];
	sn_err rc = SN_OK;
	if (!choose(s, a, seed, worker_id, people))
		goto out; /* a caseload too small for a pool: none */
	rc = pool_insert(s, "Shared personal assistant, Millbrook",
			 "A personal assistant shared by three people: 15 hours a week at £12 an hour, "
			 "for shopping, outings and the Thursday social club at the community centre.",
			 DEMO_POOL_PROVIDER, DEMO_POOL_COST, worker_id, days_ago(a, 122, false), uuid,
			 &pool_id);
	for (size_t i = 0; i < DEMO_POOL_MEMBERS && !rc; i++)
		rc = pool_add_member(s, pool_id, people[i], DEMO_POOL_COST / DEMO_POOL_MEMBERS,
				     days_ago(a, 120, true), &shares[i]);
	/* Last month the fourth left; the three who remain share it equally. */
	const char *left = days_ago(a, 30, true);
	if (!rc)
		rc = pool_member_leave(s, pool_id, shares[DEMO_POOL_MEMBERS - 1], left,
				       "Moved to a care home nearer their family.");
	int64_t equal[DEMO_POOL_MEMBERS - 1];
	char err[160];
	if (!rc)
		rc = pool_split_equal(DEMO_POOL_COST, DEMO_POOL_MEMBERS - 1, equal, err, sizeof err);
	if (!rc)
		rc = pool_set_shares(s, pool_id, shares, equal, DEMO_POOL_MEMBERS - 1, left);
	for (size_t i = 0; i < DEMO_POOL_MEMBERS - 1 && !rc; i++) {
		const plan_row *p = open_plan(s, people[i], a);
		if (p)
			rc = add_pool_line(s, a, p, uuid, equal[i], worker_id);
	}
out:
	arena_free(a);
	return rc;
}
