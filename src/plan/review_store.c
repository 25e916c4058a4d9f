/* Reviews of plans in force, and what brings a review forward: every
 * statement of them. */
#include <stdio.h>
#include <string.h>

#include "../activity/activity.h"
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
