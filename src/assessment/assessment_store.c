/* Assessments, their versions, decisions and comments, budgets and financial assessments in the store: every statement of the assessment feature. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assessment.h"

/* ---- assessments and versions ---- */

sn_err asmt_find(store *s, const char *uuid, arena *a, asmt_row *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT a.id, a.uuid, a.person_id, p.uuid, a.kind, a.status, a.version, "
		"p.given_name || ' ' || p.family_name FROM assessments a "
		"JOIN people p ON p.id = a.person_id WHERE a.uuid = ?", "t", uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc) {
		out->id = store_col_i64(st, 0);
		snprintf(out->uuid, sizeof out->uuid, "%s", store_col_text(st, 1));
		out->person_id = store_col_i64(st, 2);
		snprintf(out->person_uuid, sizeof out->person_uuid, "%s", store_col_text(st, 3));
		out->carer = strcmp(store_col_text(st, 4), "carer") == 0;
		out->decided = strcmp(store_col_text(st, 5), "decided") == 0;
		out->version = store_col_i64(st, 6);
		out->person_name = arena_strdup(a, store_col_text(st, 7));
	}
	store_done(st);
	return rc;
}

sn_err asmt_add_version(store *s, int64_t aid, int64_t v, bool carer, const json_t *rec,
			int64_t by_user, const char *now)
{
	elig_case c;
	elig_result *res = xcalloc(1, sizeof *res);
	json_t *computed = NULL;
	char *rt = NULL, *ct = NULL;
	sn_err rc = asmt_decide(rec, carer, &c, res);
	if (rc)
		goto out;
	computed = elig_result_to_json(&c, res);
	rt = json_dumps(rec, JSON_COMPACT);
	ct = json_dumps(computed, JSON_COMPACT);
	json_decref(computed);
	rc = store_run(s, "INSERT INTO assessment_versions (assessment_id, version, record, "
		       "computed_eligible, computed, saved_by, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		       "iitit" "it", aid, v, rt, (int64_t)res->eligible, ct, by_user, now);
out:
	free(rt);
	free(ct);
	free(res);
	return rc;
}

sn_err asmt_insert(store *s, int64_t person_id, bool carer, const json_t *rec, int64_t by_user,
		   const char *now, char uuid[static 37], int64_t *id)
{
	uuid_v4(uuid);
	sn_err rc = store_one_i64(s, id,
		"INSERT INTO assessments (uuid, person_id, kind, status, version, created_by, "
		"created_at, updated_at) VALUES (?, ?, ?, 'draft', 1, ?, ?, ?) RETURNING id",
		"tit" "itt", uuid, person_id, carer ? "carer" : "adult", by_user, now, now);
	if (rc)
		return rc;
	return asmt_add_version(s, *id, 1, carer, rec, by_user, now);
}

sn_err asmt_set_version(store *s, int64_t aid, int64_t current, const char *now)
{
	sn_err rc = store_run(s, "UPDATE assessments SET version = ?, status = 'draft', updated_at = ? "
			      "WHERE id = ? AND version = ?", "itii", current + 1, now, aid, current);
	if (!rc && store_changes(s) != 1)
		rc = SN_ECONFLICT;
	return rc;
}

sn_err asmt_decide_version(store *s, int64_t aid, int64_t v, bool override, const char *reason,
			   int64_t by_user, const char *now)
{
	sn_err rc = store_run(s, "UPDATE assessment_versions SET decision = ?, decided_eligible = "
			      "CASE WHEN ? = 1 THEN 1 - computed_eligible ELSE computed_eligible END, "
			      "decision_reason = ?, decided_by = ?, decided_at = ? "
			      "WHERE assessment_id = ? AND version = ? AND decision IS NULL",
			      "tit" "itii", override ? "overridden" : "confirmed", (int64_t)override,
			      reason, by_user, now, aid, v);
	if (!rc && store_changes(s) != 1)
		rc = SN_ECONFLICT;
	if (!rc)
		rc = store_run(s, "UPDATE assessments SET status = 'decided', updated_at = ? WHERE id = ?",
			       "ti", now, aid);
	return rc;
}

sn_err asmt_add_comment(store *s, int64_t aid, int64_t v, int64_t author_id, const char *body,
			const char *now)
{
	return store_run(s, "INSERT INTO assessment_comments (assessment_id, version, author_id, "
			    "body, created_at) VALUES (?, ?, ?, ?, ?)", "iiitt", aid, v, author_id,
			 body, now);
}

sn_err asmt_version_get(store *s, int64_t aid, int64_t v, arena *a, asmt_version *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT v.record, v.computed_eligible, v.computed, coalesce(v.decision, ''), "
		"coalesce(v.decided_eligible, 0), v.decision_reason, coalesce(u.name, ''), "
		"coalesce(v.decided_at, ''), v.saved_at, s.name FROM assessment_versions v "
		"JOIN users s ON s.id = v.saved_by LEFT JOIN users u ON u.id = v.decided_by "
		"WHERE v.assessment_id = ? AND v.version = ?", "ii", aid, v);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc) {
		out->record = arena_strdup(a, store_col_text(st, 0));
		out->computed_eligible = store_col_i64(st, 1) != 0;
		out->computed = arena_strdup(a, store_col_text(st, 2));
		out->decision = arena_strdup(a, store_col_text(st, 3));
		out->decided_eligible = store_col_i64(st, 4) != 0;
		out->reason = arena_strdup(a, store_col_text(st, 5));
		out->decided_by = arena_strdup(a, store_col_text(st, 6));
		out->decided_at = arena_strdup(a, store_col_text(st, 7));
		out->saved_at = arena_strdup(a, store_col_text(st, 8));
		out->saved_by = arena_strdup(a, store_col_text(st, 9));
	}
	store_done(st);
	return rc;
}

sn_err asmt_versions(store *s, int64_t aid, arena *a, asmt_version_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT v.version, v.saved_at, u.name, coalesce(v.decision, '') "
		"FROM assessment_versions v JOIN users u ON u.id = v.saved_by "
		"WHERE v.assessment_id = ? ORDER BY v.version DESC", "i", aid);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		asmt_version_row *x = &(*rows)[(*n)++];
		x->version = store_col_i64(st, 0);
		x->saved_at = arena_strdup(a, store_col_text(st, 1));
		x->saved_by = arena_strdup(a, store_col_text(st, 2));
		x->decision = arena_strdup(a, store_col_text(st, 3));
	}
	store_done(st);
	return rc;
}

sn_err asmt_comments(store *s, int64_t aid, arena *a, asmt_comment_row **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT u.name, c.created_at, c.body, c.version FROM assessment_comments c "
		"JOIN users u ON u.id = c.author_id WHERE c.assessment_id = ? ORDER BY c.id", "i", aid);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		asmt_comment_row *x = &(*rows)[(*n)++];
		x->author = arena_strdup(a, store_col_text(st, 0));
		x->created_at = arena_strdup(a, store_col_text(st, 1));
		x->body = arena_strdup(a, store_col_text(st, 2));
		x->version = store_col_i64(st, 3);
	}
	store_done(st);
	return rc;
}

sn_err asmt_recent_comments(store *s, int64_t person_id, size_t max, arena *a,
			    asmt_recent_comment **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT u.name, c.created_at, c.body, x.uuid, x.kind FROM assessment_comments c "
		"JOIN assessments x ON x.id = c.assessment_id JOIN users u ON u.id = c.author_id "
		"WHERE x.person_id = ? ORDER BY c.id DESC LIMIT ?", "ii", person_id, (int64_t)max);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		asmt_recent_comment *x = &(*rows)[(*n)++];
		x->author = arena_strdup(a, store_col_text(st, 0));
		x->created_at = arena_strdup(a, store_col_text(st, 1));
		x->body = arena_strdup(a, store_col_text(st, 2));
		x->assessment_uuid = arena_strdup(a, store_col_text(st, 3));
		x->carer = strcmp(store_col_text(st, 4), "carer") == 0;
	}
	store_done(st);
	return rc;
}

sn_err asmt_list_for_person(store *s, int64_t person_id, arena *a, asmt_summary **rows,
			    size_t *n)
{
	*rows = NULL;
	*n = 0;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT a.uuid, a.kind, a.status, a.updated_at, "
		"coalesce(v.decided_eligible, -1) FROM assessments a JOIN assessment_versions v "
		"ON v.assessment_id = a.id AND v.version = a.version "
		"WHERE a.person_id = ? ORDER BY a.created_at DESC, a.id DESC", "i", person_id);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		asmt_summary *x = &(*rows)[(*n)++];
		x->uuid = arena_strdup(a, store_col_text(st, 0));
		x->carer = strcmp(store_col_text(st, 1), "carer") == 0;
		x->decided = strcmp(store_col_text(st, 2), "decided") == 0;
		x->updated_at = arena_strdup(a, store_col_text(st, 3));
		x->decided_eligible = (int)store_col_i64(st, 4);
	}
	store_done(st);
	return rc;
}

/* ---- budgets ---- */

sn_err asmt_budget_add_from(store *s, int64_t aid, int64_t version, const ras_scheme *sch,
			    const ras_case *c, const ras_result *res, const json_t *answers,
			    const json_t *from, const json_t *changes, int64_t by_user,
			    const char *now)
{
	json_t *rj = ras_result_to_json(sch, c, res);
	if (from) {
		json_t *f = json_deep_copy(from);
		json_object_set_new(f, "assessment_version", json_integer(version));
		json_object_set_new(rj, "from_assessment", f);
	}
	if (changes)
		json_object_set_new(rj, "changes", json_deep_copy(changes));
	char *answers_text = json_dumps(answers, JSON_COMPACT);
	char *result = json_dumps(rj, JSON_COMPACT);
	json_decref(rj);
	sn_err rc = SN_EINTERNAL;
	if (answers_text && result)
		rc = store_run(s, "INSERT INTO budgets (assessment_id, assessment_version, scheme, "
			       "scheme_version, year, client_group, answers, weekly_budget_pence, result, "
			       "saved_by, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			       "iiti" "ttti" "tit", aid, version, sch->id, (int64_t)sch->version,
			       c->year, c->client_group, answers_text, res->weekly_budget_pence, result,
			       by_user, now);
	free(answers_text);
	free(result);
	return rc;
}

sn_err asmt_budget_add(store *s, int64_t aid, int64_t version, const ras_scheme *sch,
		       const ras_case *c, const ras_result *res, const json_t *answers,
		       int64_t by_user, const char *now)
{
	return asmt_budget_add_from(s, aid, version, sch, c, res, answers, NULL, NULL, by_user,
				    now);
}

sn_err asmt_budget_latest(store *s, int64_t aid, arena *a, asmt_budget *out, bool *found)
{
	*found = false;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT b.weekly_budget_pence, b.result, b.saved_at, u.name, b.assessment_version "
		"FROM budgets b JOIN users u ON u.id = b.saved_by WHERE b.assessment_id = ? "
		"ORDER BY b.id DESC LIMIT 1", "i", aid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && row) {
		*found = true;
		out->weekly_budget_pence = store_col_i64(st, 0);
		out->result = arena_strdup(a, store_col_text(st, 1));
		out->saved_at = arena_strdup(a, store_col_text(st, 2));
		out->saved_by = arena_strdup(a, store_col_text(st, 3));
		out->assessment_version = store_col_i64(st, 4);
	}
	store_done(st);
	return rc;
}

sn_err asmt_budget_answers(store *s, int64_t aid, arena *a, const char **answers)
{
	*answers = NULL;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT answers FROM budgets WHERE assessment_id = ? "
				"ORDER BY id DESC LIMIT 1", "i", aid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && row)
		*answers = arena_strdup(a, store_col_text(st, 0));
	store_done(st);
	return rc;
}

sn_err asmt_each_budget_in_force(store *s, asmt_budget_fn fn, void *ctx)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT b.answers, coalesce(l.name, '') FROM budgets b "
		"JOIN assessments a ON a.id = b.assessment_id JOIN people p ON p.id = a.person_id "
		"LEFT JOIN localities l ON l.id = p.locality_id "
		"WHERE b.id = (SELECT max(id) FROM budgets WHERE assessment_id = b.assessment_id)", "");
	if (rc)
		return rc;
	while (store_next(st, &rc)) {
		rc = fn(ctx, store_col_text(st, 0), store_col_text(st, 1));
		if (rc)
			break;
	}
	store_done(st);
	return rc;
}

/* ---- financial assessments ---- */

sn_err fin_add(store *s, int64_t person_id, const chg_case *cs, const chg_result *res,
	       const json_t *input, int64_t by_user, const char *now)
{
	json_t *rj = chg_result_to_json(cs, res);
	char *input_text = json_dumps(input, JSON_COMPACT);
	char *result = json_dumps(rj, JSON_COMPACT);
	json_decref(rj);
	sn_err rc = SN_EINTERNAL;
	if (input_text && result)
		rc = store_run(s, "INSERT INTO financial_assessments (person_id, year, input, "
			       "weekly_charge_pence, full_cost, result, saved_by, saved_at) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "itti" "itit", person_id, cs->year,
			       input_text, res->weekly_charge_pence, (int64_t)res->full_cost, result,
			       by_user, now);
	free(input_text);
	free(result);
	return rc;
}

sn_err fin_latest(store *s, int64_t person_id, arena *a, fin_row *out, bool *found)
{
	*found = false;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT f.weekly_charge_pence, f.full_cost, f.result, f.saved_at, u.name, f.year, f.input "
		"FROM financial_assessments f JOIN users u ON u.id = f.saved_by "
		"WHERE f.person_id = ? ORDER BY f.id DESC LIMIT 1", "i", person_id);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && row) {
		*found = true;
		out->weekly_charge_pence = store_col_i64(st, 0);
		out->full_cost = store_col_i64(st, 1) != 0;
		out->result = arena_strdup(a, store_col_text(st, 2));
		out->saved_at = arena_strdup(a, store_col_text(st, 3));
		out->saved_by = arena_strdup(a, store_col_text(st, 4));
		out->year = arena_strdup(a, store_col_text(st, 5));
		out->input = arena_strdup(a, store_col_text(st, 6));
	}
	store_done(st);
	return rc;
}
