/* A review read back: what changed, the goals scored and the T-score,
 * the person's own view and, for the person, their worker and break glass
 * only, their wellbeing answers with the ONS4 bands. */
#include <stdio.h>
#include <string.h>

#include "../wellbeing/wellbeing.h"
#include "plan_int.h"
#include "plan_rules.h"

sn_err review_show(req *r, reply *out)
{
	plan_review rv;
	plan_ctx ctx;
	bool denied;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = review_find(r->db, req_get(r, "id"), r->a, &rv);
	if (!rc)
		rc = plan_reach_uuid(r, out, NEED_READ, rv.plan_uuid, &ctx, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	rc = plan_audit(r, &ctx, "review.read");
	if (!rc)
		rc = store_commit(r->db);
	if (rc)
		return rc;
	json_t *scores = json_loads(rv.outcomes, 0, NULL), *wb = json_loads(rv.wellbeing, 0, NULL);
	if (!scores || !wb) {
		json_decref(scores);
		json_decref(wb);
		return SN_EINTERNAL;
	}
	/* The wellbeing answers are the person's: not shown to someone they
	 * named, nor to the reviewing team. */
	bool show_wb = rv.wellbeing_consent && (ctx.basis == ACCESS_SELF ||
		ctx.basis == ACCESS_WORKER || ctx.basis == ACCESS_BREAK_GLASS);
	json_t *items = json_array();
	wb_answers w;
	char err[200];
	json_t *in = json_pack("{sO*sO*sO*}", "ons4", json_object_get(wb, "ons4"), "ucla3",
			       json_object_get(wb, "ucla3"), "lonely", json_object_get(wb, "lonely"));
	if (show_wb && in && !wb_from_json(in, &w, err, sizeof err)) {
		for (int k = 0; k < ONS4_N; k++)
			if (w.ons4[k] >= 0)
				json_array_append_new(items, json_pack("{ssssss}", "question",
					wb_ons4_question(k), "answer", arena_printf(r->a, "%d out of 10",
					w.ons4[k]), "band", wb_ons4_band(k, w.ons4[k])));
		for (int k = 0; k < UCLA3_N; k++)
			if (w.ucla3[k] >= 1)
				json_array_append_new(items, json_pack("{ssss}", "question",
					wb_ucla3_question(k), "answer", wb_ucla3_answer(w.ucla3[k])));
		if (w.lonely >= 0)
			json_array_append_new(items, json_pack("{ssss}", "question",
				"How often do you feel lonely?", "answer", wb_lonely_answer(w.lonely)));
		int t = wb_ucla3_total(&w);
		if (t > 0)
			json_array_append_new(items, json_pack("{ssss}", "question",
				"Loneliness score (UCLA 3-item, 3 to 9, higher is lonelier)", "answer",
				arena_printf(r->a, "%d", t)));
	}
	json_decref(in);
	json_t *v = json_pack("{sssssssssssssssssssoso}", "id", rv.uuid, "plan_id", rv.plan_uuid,
		"person_name", rv.person_name, "person_id", rv.person_uuid, "held",
		time_uk_day(r->a, rv.held_on), "kind", rv.kind, "what_changed", rv.what_changed,
		"person_view", rv.person_view, "recorded_by", rv.recorded_by, "scores", scores,
		"wellbeing", items);
	if (rv.has_t)
		json_object_set_new(v, "t_score", json_string(arena_printf(r->a, "%s%lld.%02lld",
			rv.t_centi < 0 ? "-" : "", (long long)((rv.t_centi < 0 ? -rv.t_centi : rv.t_centi) / 100),
			(long long)((rv.t_centi < 0 ? -rv.t_centi : rv.t_centi) % 100))));
	json_object_set_new(v, "is_self", json_boolean(ctx.basis == ACCESS_SELF));
	json_object_set_new(v, "has_scores", json_boolean(json_array_size(scores) > 0));
	json_object_set_new(v, "wellbeing_asked", json_boolean(rv.wellbeing_consent));
	json_object_set_new(v, "show_wellbeing", json_boolean(show_wb));
	json_decref(wb);
	return reply_page(out, 200, "plan/review", arena_printf(r->a, "Review of %s's support plan",
								 rv.person_name), v);
}
