/* One person's observations for the key human indicators. Every read goes
 * through the plan and social prescribing features' store functions
 * (plan_store.h, socialrx_store.h): this file writes no SQL on their
 * tables. */
#include <stdlib.h>
#include <string.h>

#include "../plan/plan_rules.h"
#include "../plan/plan_store.h"
#include "../socialrx/socialrx_store.h"
#include "khi_store.h"

typedef struct {
	khi_obs *v;
	size_t n, cap;
	arena *a;
} obs_list;

static khi_obs *push(obs_list *l, int64_t day, khi_source src)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		khi_obs *v = arena_alloc(l->a, cap * sizeof *v);
		if (l->n)
			memcpy(v, l->v, l->n * sizeof *v);
		l->v = v;
		l->cap = cap;
	}
	khi_obs *o = &l->v[l->n++];
	khi_obs_clear(o, day, src);
	return o;
}

/* The day of "YYYY-MM-DD" or of an ISO 8601 time; false when it is not one. */
static bool day_of(const char *text, int64_t *day)
{
	char d[11];
	if (!text || strlen(text) < 10)
		return false;
	memcpy(d, text, 10);
	d[10] = '\0';
	return civil_parse(d, day) == SN_OK;
}

static sn_err add_reviews(store *s, int64_t person_id, bool wellbeing, obs_list *l)
{
	plan_review *rv;
	size_t n = 0;
	sn_err rc = review_list_for_person(s, person_id, l->a, &rv, &n);
	for (size_t i = 0; i < n && !rc; i++) {
		int64_t day;
		if (!day_of(rv[i].held_on, &day))
			continue;
		khi_obs *o = push(l, day, KHI_SRC_REVIEW);
		o->has_t = rv[i].has_t;
		o->t_centi = rv[i].t_centi;
		json_t *j = json_loads(rv[i].outcomes ? rv[i].outcomes : "[]", 0, NULL);
		khi_goals_of(j, &o->goals, &o->goals_met);
		json_decref(j);
		if (wellbeing && rv[i].wellbeing_consent && rv[i].wellbeing) {
			char err[160];
			/* stored as wb_to_json wrote it (bands and total added) */
			j = json_loads(rv[i].wellbeing, 0, NULL);
			o->has_wb = j && wb_from_stored(j, &o->wb, err, sizeof err) == SN_OK &&
			            wb_any(&o->wb);
			json_decref(j);
		}
	}
	return rc;
}

static void add_circle(const plan_version *v, obs_list *l)
{
	int64_t day;
	json_t *j = v->document ? json_loads(v->document, 0, NULL) : NULL;
	plan_doc *d = arena_alloc(l->a, sizeof *d);
	char field[80], why[200];
	if (j && day_of(v->saved_at, &day) &&
	    plan_doc_from_json(j, NULL, l->a, d, field, sizeof field, why, sizeof why) == SN_OK) {
		khi_obs *o = push(l, day, KHI_SRC_PLAN);
		khi_circle_of(d, &o->circle, &o->unpaid);
	}
	json_decref(j);
}

static sn_err add_plans(store *s, int64_t person_id, obs_list *l)
{
	plan_row *plans;
	size_t n = 0, read = 0;
	sn_err rc = plan_list_for_person(s, person_id, l->a, &plans, &n);
	for (size_t i = 0; i < n && !rc; i++) { /* newest plans first */
		plan_version *vs;
		size_t nv = 0;
		rc = plan_versions(s, plans[i].id, l->a, &vs, &nv);
		for (size_t k = 0; k < nv && !rc && read < KHI_VERSIONS_MAX; k++, read++) {
			plan_version v;
			rc = plan_version_get(s, plans[i].id, vs[k].version, l->a, &v);
			if (!rc)
				add_circle(&v, l);
		}
	}
	return rc;
}

static sn_err add_measures(store *s, int64_t person_id, obs_list *l)
{
	sp_case *cases;
	size_t n = 0;
	sn_err rc = sp_cases_of_person(s, person_id, l->a, &cases, &n);
	for (size_t i = 0; i < n && !rc; i++) {
		sp_measure *m;
		size_t nm = 0;
		rc = sp_measures(s, cases[i].id, l->a, &m, &nm);
		for (size_t k = 0; k < nm && !rc; k++) {
			int64_t day;
			wb_answers w;
			if (!day_of(m[k].taken_on, &day) || sp_answers_read(m[k].answers, &w) ||
			    !wb_any(&w))
				continue;
			khi_obs *o = push(l, day, KHI_SRC_SOCIALRX);
			o->has_wb = true;
			o->wb = w;
		}
	}
	return rc;
}

sn_err khi_observations(store *s, int64_t person_id, bool wellbeing, arena *a, khi_obs **out,
                        size_t *n)
{
	obs_list l = {NULL, 0, 0, a};
	sn_err rc = add_reviews(s, person_id, wellbeing, &l);
	if (!rc)
		rc = add_plans(s, person_id, &l);
	if (!rc && wellbeing)
		rc = add_measures(s, person_id, &l);
	*out = l.v;
	*n = rc ? 0 : l.n;
	return rc;
}
