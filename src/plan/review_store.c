/* Reviews of plans in force, and what brings a review forward: every
 * statement of them. */
#include <stdio.h>
#include <string.h>

#include "../activity/activity.h"
#include "plan_rules.h"
#include "plan_store.h"

/* The evidence figures' rows for a review (activity.h): the review, its
 * goals and T-score, and the wellbeing measures when the person agreed. */
static sn_err review_activity(store *s, int64_t person_id, const char *held_on, const char *kind,
			      const char *outcomes, bool has_t, int64_t t_centi, bool consent,
			      const char *wellbeing)
{
	sn_err rc = activity_add(s, ACT_REVIEW, kind, person_id, held_on, 1);
	json_t *goals = json_loads(outcomes ? outcomes : "[]", 0, NULL);
	int scores[PLAN_LIST_MAX];
	size_t n = 0, i;
	json_t *g;
	json_array_foreach(goals, i, g) {
		json_t *sc = json_object_get(g, "score");
		if (n < PLAN_LIST_MAX && json_is_integer(sc))
			scores[n++] = (int)json_integer_value(sc);
	}
	json_decref(goals);
	if (!rc)
		rc = activity_add_goals(s, person_id, held_on, scores, n, has_t, t_centi);
	if (!rc && consent) {
		json_t *j = json_loads(wellbeing ? wellbeing : "{}", 0, NULL);
		wb_answers w;
		char err[160];
		if (j && !wb_from_stored(j, &w, err, sizeof err))
			rc = activity_add_wellbeing(s, person_id, held_on, &w);
		json_decref(j);
	}
	return rc;
}

sn_err review_insert(store *s, int64_t plan_id, int64_t person_id, const char *held_on,
		     const char *kind, const char *what_changed, const char *person_view,
		     const char *outcomes, bool has_t, int64_t t_centi, bool consent,
		     const char *wellbeing, int64_t by_user, const char *now, char uuid[static 37])
{
	uuid_v4(uuid);
	sn_err rc;
	if (has_t)
		rc = store_run(s,
			"INSERT INTO reviews (uuid, plan_id, person_id, held_on, kind, what_changed, "
			"person_view, outcomes, t_score_centi, wellbeing_consent, wellbeing, recorded_by, "
			"recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			"tiitt" "ttti" "itit", uuid, plan_id, person_id, held_on, kind, what_changed,
			person_view, outcomes, t_centi, (int64_t)consent, wellbeing, by_user, now);
	else
		rc = store_run(s,
			"INSERT INTO reviews (uuid, plan_id, person_id, held_on, kind, what_changed, "
			"person_view, outcomes, t_score_centi, wellbeing_consent, wellbeing, recorded_by, "
			"recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)",
			"tiitt" "ttt" "itit", uuid, plan_id, person_id, held_on, kind, what_changed,
			person_view, outcomes, (int64_t)consent, wellbeing, by_user, now);
	if (!rc)
		rc = review_activity(s, person_id, held_on, kind, outcomes, has_t, t_centi, consent, wellbeing);
	return rc;
}

#define REVIEW_COLS                                                                        \
	"SELECT r.uuid, r.id, r.plan_id, p.uuid, r.held_on, r.kind, r.what_changed, "         \
	"r.person_view, r.outcomes, r.t_score_centi IS NOT NULL, coalesce(r.t_score_centi, 0), " \
	"r.wellbeing_consent, r.wellbeing, u.name, r.recorded_at, pe.uuid, pe.id, "            \
	"pe.given_name || ' ' || pe.family_name FROM reviews r JOIN plans p ON p.id = r.plan_id " \
	"JOIN people pe ON pe.id = r.person_id JOIN users u ON u.id = r.recorded_by "

static void review_read(store_stmt *st, arena *a, plan_review *o)
{
	snprintf(o->uuid, sizeof o->uuid, "%s", store_col_text(st, 0));
	o->id = store_col_i64(st, 1);
	o->plan_id = store_col_i64(st, 2);
	o->plan_uuid = arena_strdup(a, store_col_text(st, 3));
	o->held_on = arena_strdup(a, store_col_text(st, 4));
	o->kind = arena_strdup(a, store_col_text(st, 5));
	o->what_changed = arena_strdup(a, store_col_text(st, 6));
	o->person_view = arena_strdup(a, store_col_text(st, 7));
	o->outcomes = arena_strdup(a, store_col_text(st, 8));
	o->has_t = store_col_i64(st, 9) != 0;
	o->t_centi = store_col_i64(st, 10);
	o->wellbeing_consent = store_col_i64(st, 11) != 0;
	o->wellbeing = arena_strdup(a, store_col_text(st, 12));
	o->recorded_by = arena_strdup(a, store_col_text(st, 13));
	o->recorded_at = arena_strdup(a, store_col_text(st, 14));
	snprintf(o->person_uuid, sizeof o->person_uuid, "%s", store_col_text(st, 15));
	o->person_id = store_col_i64(st, 16);
	o->person_name = arena_strdup(a, store_col_text(st, 17));
}

sn_err review_find(store *s, const char *uuid, arena *a, plan_review *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, REVIEW_COLS "WHERE r.uuid = ?", "t", uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc)
		review_read(st, a, out);
	store_done(st);
	return rc;
}

sn_err review_list_for_person(store *s, int64_t person_id, arena *a, plan_review **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, REVIEW_COLS "WHERE r.person_id = ? ORDER BY r.held_on DESC, r.id DESC",
				"i", person_id);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		review_read(st, a, &(*rows)[(*n)++]);
	}
	store_done(st);
	return rc;
}

sn_err review_trigger_add(store *s, int64_t plan_id, const char *reason, const char *due_on,
			  int64_t by_user, const char *now)
{
	return store_run(s,
		"INSERT INTO review_triggers (plan_id, reason, due_on, raised_by, raised_at) "
		"VALUES (?, ?, ?, ?, ?)", "itt" "it", plan_id, reason, due_on, by_user, now);
}

sn_err review_triggers(store *s, int64_t plan_id, arena *a, plan_trigger **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT t.reason, t.due_on, t.raised_at, u.name FROM review_triggers t "
		"JOIN users u ON u.id = t.raised_by WHERE t.plan_id = ? ORDER BY t.id", "i", plan_id);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		plan_trigger *x = &(*rows)[(*n)++];
		x->reason = arena_strdup(a, store_col_text(st, 0));
		x->due_on = arena_strdup(a, store_col_text(st, 1));
		x->raised_on = arena_strndup(a, store_col_text(st, 2), 10);
		x->raised_by = arena_strdup(a, store_col_text(st, 3));
	}
	store_done(st);
	return rc;
}

/* ---- reviews due and overdue, by locality ---- */

typedef struct {
	int64_t id, locality;
	review_case c;
} due_plan;

static long plan_at(due_plan *p, size_t n, int64_t id)
{
	size_t lo = 0, hi = n; /* sorted by id */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (p[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && p[lo].id == id ? (long)lo : -1;
}

sn_err review_due_by_locality(store *s, int64_t today, arena *a, review_due_count **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT p.id, coalesce(pe.locality_id, 0), p.signed_off_on, "
		"CASE WHEN v.document LIKE '%\"deployment\":\"direct_payment\"%' THEN 1 ELSE 0 END "
		"FROM plans p JOIN people pe ON pe.id = p.person_id "
		"JOIN plan_versions v ON v.plan_id = p.id AND v.version = p.version "
		"WHERE p.status = 'approved' AND p.signed_off_on IS NOT NULL ORDER BY p.id", "");
	due_plan *plans = NULL;
	size_t np = 0, cap = 0;
	while (!rc && store_next(st, &rc)) {
		int64_t day;
		if (civil_parse(store_col_text(st, 2), &day))
			continue;
		plans = arena_grow(a, plans, np, &cap, sizeof *plans);
		due_plan *p = &plans[np++];
		memset(p, 0, sizeof *p);
		p->id = store_col_i64(st, 0);
		p->locality = store_col_i64(st, 1);
		p->c.signed_off = day;
		p->c.direct_payment = store_col_i64(st, 3) != 0;
		p->c.today = today;
	}
	store_done(st);
	if (!rc)
		rc = store_query(s, &st, "SELECT r.plan_id, r.held_on FROM reviews r JOIN plans p ON p.id = r.plan_id "
				 "WHERE p.status = 'approved'", "");
	while (!rc && store_next(st, &rc)) {
		long i = plan_at(plans, np, store_col_i64(st, 0));
		int64_t day;
		if (i >= 0 && plans[i].c.n_reviews < REVIEWS_MAX && !civil_parse(store_col_text(st, 1), &day))
			plans[i].c.reviews[plans[i].c.n_reviews++] = day;
	}
	store_done(st);
	if (!rc)
		rc = store_query(s, &st, "SELECT t.plan_id, substr(t.raised_at, 1, 10), t.due_on FROM review_triggers t "
				 "JOIN plans p ON p.id = t.plan_id WHERE p.status = 'approved'", "");
	while (!rc && store_next(st, &rc)) {
		long i = plan_at(plans, np, store_col_i64(st, 0));
		review_trigger t;
		if (i >= 0 && plans[i].c.n_triggers < REVIEW_TRIGGERS_MAX && !civil_parse(store_col_text(st, 1), &t.raised_on) &&
		    !civil_parse(store_col_text(st, 2), &t.due_on) && t.raised_on <= t.due_on)
			plans[i].c.triggers[plans[i].c.n_triggers++] = t;
	}
	store_done(st);
	size_t cap2 = 0;
	for (size_t i = 0; !rc && i < np; i++) {
		review_result res;
		review_due_dates(&plans[i].c, &res);
		int64_t next = review_next_due(&plans[i].c, &res, NULL);
		size_t j = 0;
		while (j < *n && (*rows)[j].locality_id != plans[i].locality)
			j++;
		if (j == *n) {
			*rows = arena_grow(a, *rows, *n, &cap2, sizeof **rows);
			(*rows)[(*n)++] = (review_due_count){.locality_id = plans[i].locality};
		}
		review_due_count *c = &(*rows)[j];
		if (res.n_overdue)
			c->overdue++;
		else if (next - today <= 56)
			c->due_soon++;
		else
			c->not_due++;
	}
	return rc;
}
