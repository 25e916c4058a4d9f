/* Social prescribing in the store: every statement the feature runs. */
#include <stdio.h>
#include <string.h>

#include "../activity/activity.h"
#include "socialrx_store.h"

static const char *dup(arena *a, store_stmt *st, int i) { return arena_strdup(a, store_col_text(st, i)); }

/* ---- cases ---- */

#define CASE_COLS                                                                                 \
	"SELECT c.id, c.uuid, c.person_id, p.uuid, p.given_name || ' ' || p.family_name, c.worker_id, " \
	"u.name, c.source, coalesce(c.gp_referral_id, 0), c.status, c.opened_at, "                  \
	"coalesce(c.first_conversation_on, ''), coalesce(c.closed_at, ''), c.closing_reason, "      \
	"c.closing_note, coalesce((SELECT min(f.due_on) FROM sp_followups f WHERE f.case_id = c.id " \
	"AND f.done_on IS NULL), '') "                                                               \
	"FROM sp_cases c JOIN people p ON p.id = c.person_id JOIN users u ON u.id = c.worker_id "

static void case_read(store_stmt *st, arena *a, sp_case *o)
{
	memset(o, 0, sizeof *o);
	o->id = store_col_i64(st, 0);
	snprintf(o->uuid, sizeof o->uuid, "%s", store_col_text(st, 1));
	o->person_id = store_col_i64(st, 2);
	snprintf(o->person_uuid, sizeof o->person_uuid, "%s", store_col_text(st, 3));
	o->person_name = dup(a, st, 4);
	o->worker_id = store_col_i64(st, 5);
	o->worker_name = dup(a, st, 6);
	o->source = dup(a, st, 7);
	o->gp_referral_id = store_col_i64(st, 8);
	o->status = dup(a, st, 9);
	o->opened_at = dup(a, st, 10);
	o->first_conversation_on = dup(a, st, 11);
	o->closed_at = dup(a, st, 12);
	o->closing_reason = dup(a, st, 13);
	o->closing_note = dup(a, st, 14);
	o->next_due = dup(a, st, 15);
}

static sn_err cases_of(store_stmt *st, arena *a, sp_case **rows, size_t *n)
{
	sn_err rc = SN_OK;
	size_t cap = 0;
	*rows = NULL;
	*n = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		case_read(st, a, &(*rows)[(*n)++]);
	}
	store_done(st);
	return rc;
}

sn_err sp_case_find(store *s, const char *uuid, arena *a, sp_case *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, CASE_COLS "WHERE c.uuid = ?", "t", uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc)
		case_read(st, a, out);
	store_done(st);
	return rc;
}

sn_err sp_case_insert(store *s, int64_t person_id, int64_t worker_id, const char *source,
		      int64_t gp_referral_id, const char *now, char uuid[static 37], int64_t *id)
{
	uuid_v4(uuid);
	return store_one_i64(s, id,
		"INSERT INTO sp_cases (uuid, person_id, worker_id, source, gp_referral_id, status, opened_at) "
		"VALUES (?, ?, ?, ?, nullif(?, 0), 'open', ?) RETURNING id", "tiitit", uuid, person_id,
		worker_id, source, gp_referral_id, now);
}

sn_err sp_cases_of_worker(store *s, int64_t worker_id, bool open_only, arena *a, sp_case **rows,
			  size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, CASE_COLS "WHERE c.worker_id = ? AND (? = 0 OR c.status = 'open') "
				"ORDER BY c.opened_at, c.id LIMIT 500", "ii", worker_id, (int64_t)open_only);
	return rc ? rc : cases_of(st, a, rows, n);
}

sn_err sp_cases_of_person(store *s, int64_t person_id, arena *a, sp_case **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, CASE_COLS "WHERE c.person_id = ? ORDER BY c.opened_at DESC, c.id DESC "
				"LIMIT 50", "i", person_id);
	return rc ? rc : cases_of(st, a, rows, n);
}

sn_err sp_case_open_of_person(store *s, int64_t person_id, bool *yes)
{
	int64_t n = 0;
	sn_err rc = store_one_i64(s, &n, "SELECT count(*) FROM sp_cases WHERE person_id = ? AND status = 'open'",
				  "i", person_id);
	*yes = n > 0;
	return rc;
}

sn_err sp_case_set_first(store *s, int64_t id, const char *day)
{
	return store_run(s, "UPDATE sp_cases SET first_conversation_on = ? WHERE id = ? "
			 "AND first_conversation_on IS NULL", "ti", day, id);
}

sn_err sp_case_close(store *s, int64_t id, const char *reason, const char *note, const char *message,
		     const char *now)
{
	sn_err rc = store_run(s, "UPDATE sp_cases SET status = 'closed', closed_at = ?, closing_reason = ?, "
			      "closing_note = ?, referrer_message = ? WHERE id = ? AND status = 'open'", "tttti",
			      now, reason, note, message, id);
	return !rc && store_changes(s) == 0 ? SN_ECONFLICT : rc;
}

/* ---- conversations ---- */

sn_err sp_conversation_add(store *s, int64_t case_id, const sp_conversation *c, int64_t by_user,
			   const char *now)
{
	return store_run(s,
		"INSERT INTO sp_conversations (case_id, version, held_on, what_matters, going_well, "
		"want_to_change, in_the_way, next_steps, by_user, created_at) VALUES (?, "
		"(SELECT coalesce(max(v.version), 0) + 1 FROM sp_conversations v WHERE v.case_id = ?), "
		"?, ?, ?, ?, ?, ?, ?, ?)", "iitttttt" "it", case_id, case_id, c->held_on, c->what_matters,
		c->going_well, c->want_to_change, c->in_the_way, c->next_steps, by_user, now);
}

sn_err sp_conversations(store *s, int64_t case_id, arena *a, sp_conversation **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT v.version, v.held_on, v.what_matters, v.going_well, v.want_to_change, v.in_the_way, "
		"v.next_steps, u.name, v.created_at FROM sp_conversations v JOIN users u ON u.id = v.by_user "
		"WHERE v.case_id = ? ORDER BY v.version DESC LIMIT 100", "i", case_id);
	if (rc)
		return rc;
	size_t cap = 0;
	*rows = NULL;
	*n = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		sp_conversation *o = &(*rows)[(*n)++];
		o->version = store_col_i64(st, 0);
		o->held_on = dup(a, st, 1);
		o->what_matters = dup(a, st, 2);
		o->going_well = dup(a, st, 3);
		o->want_to_change = dup(a, st, 4);
		o->in_the_way = dup(a, st, 5);
		o->next_steps = dup(a, st, 6);
		o->by = dup(a, st, 7);
		o->created_at = dup(a, st, 8);
	}
	store_done(st);
	return rc;
}

/* ---- measures ---- */

sn_err sp_measure_add(store *s, int64_t case_id, const sp_measure *m, int64_t by_user, const char *now)
{
	sn_err rc = store_run(s, "INSERT INTO sp_measures (case_id, instrument, stage, taken_on, answers, by_user, "
			      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", "itttt" "it", case_id, m->instrument,
			      m->stage, m->taken_on, m->answers, by_user, now);
	/* The evidence figures (activity.h): the same measures, by band. */
	int64_t person = 0;
	if (!rc)
		rc = store_one_i64(s, &person, "SELECT person_id FROM sp_cases WHERE id = ?", "i", case_id);
	json_t *j = rc ? NULL : json_loads(m->answers, 0, NULL);
	wb_answers w;
	char err[160];
	if (j && !wb_from_stored(j, &w, err, sizeof err))
		rc = activity_add_wellbeing(s, person, m->taken_on, &w);
	json_decref(j);
	return rc;
}

sn_err sp_measures(store *s, int64_t case_id, arena *a, sp_measure **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT m.instrument, m.stage, m.taken_on, m.answers, u.name FROM sp_measures m "
		"JOIN users u ON u.id = m.by_user WHERE m.case_id = ? ORDER BY m.taken_on, m.id LIMIT 200",
		"i", case_id);
	if (rc)
		return rc;
	size_t cap = 0;
	*rows = NULL;
	*n = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		sp_measure *o = &(*rows)[(*n)++];
		o->instrument = dup(a, st, 0);
		o->stage = dup(a, st, 1);
		o->taken_on = dup(a, st, 2);
		o->answers = dup(a, st, 3);
		o->by = dup(a, st, 4);
	}
	store_done(st);
	return rc;
}

/* ---- follow-ups ---- */

sn_err sp_followup_add(store *s, int64_t case_id, int64_t seq, const char *label, const char *due_on)
{
	return store_run(s, "INSERT INTO sp_followups (case_id, seq, label, due_on) VALUES (?, ?, ?, ?)",
			 "iitt", case_id, seq, label, due_on);
}

#define FU_COLS                                                                                  \
	"SELECT f.id, f.seq, f.label, f.due_on, coalesce(f.done_on, ''), f.outcome, f.note, "       \
	"coalesce(u.name, ''), c.uuid, p.given_name || ' ' || p.family_name FROM sp_followups f "   \
	"JOIN sp_cases c ON c.id = f.case_id JOIN people p ON p.id = c.person_id "                 \
	"LEFT JOIN users u ON u.id = f.by_user "

static sn_err followups_of(store_stmt *st, arena *a, sp_followup **rows, size_t *n)
{
	sn_err rc = SN_OK;
	size_t cap = 0;
	*rows = NULL;
	*n = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		sp_followup *o = &(*rows)[(*n)++];
		memset(o, 0, sizeof *o);
		o->id = store_col_i64(st, 0);
		o->seq = store_col_i64(st, 1);
		o->label = dup(a, st, 2);
		o->due_on = dup(a, st, 3);
		o->done_on = dup(a, st, 4);
		o->outcome = dup(a, st, 5);
		o->note = dup(a, st, 6);
		o->by = dup(a, st, 7);
		snprintf(o->case_uuid, sizeof o->case_uuid, "%s", store_col_text(st, 8));
		o->person_name = dup(a, st, 9);
	}
	store_done(st);
	return rc;
}

sn_err sp_followups(store *s, int64_t case_id, arena *a, sp_followup **rows, size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, FU_COLS "WHERE f.case_id = ? ORDER BY f.seq", "i", case_id);
	return rc ? rc : followups_of(st, a, rows, n);
}

sn_err sp_followup_done(store *s, int64_t id, const char *done_on, const char *outcome, const char *note,
			int64_t by_user)
{
	sn_err rc = store_run(s, "UPDATE sp_followups SET done_on = ?, outcome = ?, note = ?, by_user = ? "
			      "WHERE id = ? AND done_on IS NULL", "ttti" "i", done_on, outcome, note, by_user, id);
	return !rc && store_changes(s) == 0 ? SN_ECONFLICT : rc;
}

sn_err sp_followups_pending(store *s, int64_t worker_id, const char *until, arena *a, sp_followup **rows,
			    size_t *n)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, FU_COLS "WHERE c.worker_id = ? AND c.status = 'open' "
				"AND f.done_on IS NULL AND f.due_on <= ? ORDER BY f.due_on, f.id LIMIT 200",
				"it", worker_id, until);
	return rc ? rc : followups_of(st, a, rows, n);
}

/* ---- the summary ---- */

sn_err sp_summary_rows(store *s, int64_t worker_id, arena *a, sp_summary_row **rows, size_t *n)
{
	/* One pass over the cases and their measures in order: the first
	 * start answers and the last follow-up answers of each instrument. */
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT c.id, c.status, coalesce(m.instrument, ''), coalesce(m.stage, ''), "
		"coalesce(m.answers, '') FROM sp_cases c LEFT JOIN sp_measures m ON m.case_id = c.id "
		"WHERE (? = 0 OR c.worker_id = ?) ORDER BY c.id, m.taken_on, m.id", "ii", worker_id, worker_id);
	if (rc)
		return rc;
	size_t cap = 0;
	int64_t last = 0;
	*rows = NULL;
	*n = 0;
	while (store_next(st, &rc)) {
		int64_t id = store_col_i64(st, 0);
		if (id != last) {
			*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
			memset(&(*rows)[*n], 0, sizeof **rows);
			(*rows)[(*n)++].open = str_eq(store_col_text(st, 1), "open");
			last = id;
		}
		sp_summary_row *o = &(*rows)[*n - 1];
		const char *ins = store_col_text(st, 2), *stage = store_col_text(st, 3);
		int k = str_eq(ins, "ons4") ? 0 : str_eq(ins, "ucla3") ? 1 : -1;
		if (k < 0)
			continue;
		if (str_eq(stage, "start") && !o->start[k])
			o->start[k] = dup(a, st, 4);
		else if (str_eq(stage, "followup"))
			o->followup[k] = dup(a, st, 4);
	}
	store_done(st);
	return rc;
}

/* ---- GP and professional referrals ---- */

#define GP_COLS                                                                                   \
	"SELECT g.id, g.uuid, g.status, g.referrer_id, g.referrer_type, g.referrer_name, g.referrer_role, g.referrer_org, " \
	"g.referrer_phone, g.referrer_email, g.given_name, g.family_name, g.date_of_birth, "         \
	"g.nhs_number, g.postcode, g.phone, g.email, g.gp_practice, g.reason, g.what_matters, "      \
	"g.communication_needs, g.risks, g.other_services, g.created_at, coalesce(g.person_id, 0), " \
	"coalesce(p.uuid, ''), coalesce((SELECT c.uuid FROM sp_cases c WHERE c.gp_referral_id = g.id " \
	"ORDER BY c.id LIMIT 1), '') FROM sp_gp_referrals g LEFT JOIN people p ON p.id = g.person_id "

static void gp_read(store_stmt *st, arena *a, sp_gp_referral *o)
{
	memset(o, 0, sizeof *o);
	o->id = store_col_i64(st, 0);
	snprintf(o->uuid, sizeof o->uuid, "%s", store_col_text(st, 1));
	o->status = dup(a, st, 2);
	o->referrer_id = store_col_i64(st, 3);
	const char **text[] = {&o->referrer_type, &o->referrer_name, &o->referrer_role, &o->referrer_org, &o->referrer_phone,
		&o->referrer_email, &o->given_name, &o->family_name, &o->date_of_birth, &o->nhs_number,
		&o->postcode, &o->phone, &o->email, &o->gp_practice, &o->reason, &o->what_matters,
		&o->communication_needs, &o->risks, &o->other_services, &o->created_at};
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
		*text[i] = dup(a, st, (int)i + 4);
	o->person_id = store_col_i64(st, 24);
	snprintf(o->person_uuid, sizeof o->person_uuid, "%s", store_col_text(st, 25));
	snprintf(o->case_uuid, sizeof o->case_uuid, "%s", store_col_text(st, 26));
}

sn_err sp_gp_insert(store *s, const sp_gp_referral *g, const char *now, char uuid[static 37])
{
	uuid_v4(uuid);
	return store_run(s,
		"INSERT INTO sp_gp_referrals (uuid, status, referrer_id, referrer_type, referrer_name, referrer_role, "
		"referrer_org, referrer_phone, referrer_email, given_name, family_name, date_of_birth, "
		"nhs_number, postcode, phone, email, gp_practice, reason, what_matters, communication_needs, "
		"risks, other_services, consent, person_id, created_at) VALUES (?, 'waiting', ?, ?, ?, ?, ?, ?, "
		"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, nullif(?, 0), ?)",
		"ti" "tttttt" "ttttttt" "tttttt" "it", uuid, g->referrer_id, g->referrer_type, g->referrer_name, g->referrer_role,
		g->referrer_org, g->referrer_phone, g->referrer_email, g->given_name, g->family_name,
		g->date_of_birth, g->nhs_number, g->postcode, g->phone, g->email, g->gp_practice, g->reason,
		g->what_matters, g->communication_needs, g->risks, g->other_services, g->person_id, now);
}

sn_err sp_gp_find(store *s, const char *uuid, arena *a, sp_gp_referral *out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, GP_COLS "WHERE g.uuid = ?", "t", uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc)
		gp_read(st, a, out);
	store_done(st);
	return rc;
}

sn_err sp_gp_waiting(store *s, int64_t limit, arena *a, sp_gp_referral **rows, size_t *n, int64_t *total)
{
	sn_err rc = store_one_i64(s, total, "SELECT count(*) FROM sp_gp_referrals WHERE status = 'waiting'", "");
	store_stmt *st = NULL;
	if (!rc)
		rc = store_query(s, &st, GP_COLS "WHERE g.status = 'waiting' ORDER BY g.created_at DESC, g.id DESC "
				 "LIMIT ?", "i", limit);
	if (rc)
		return rc;
	size_t cap = 0;
	*rows = NULL;
	*n = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		gp_read(st, a, &(*rows)[(*n)++]);
	}
	store_done(st);
	return rc;
}

sn_err sp_gp_pick(store *s, int64_t id, int64_t person_id, int64_t by_user, const char *now)
{
	sn_err rc = store_run(s, "UPDATE sp_gp_referrals SET status = 'picked_up', person_id = ?, picked_at = ?, "
			      "picked_by = ? WHERE id = ? AND status = 'waiting'", "itii", person_id, now, by_user, id);
	return !rc && store_changes(s) == 0 ? SN_ECONFLICT : rc;
}

sn_err sp_gp_sent(store *s, int64_t referrer_id, int64_t limit, arena *a, sp_gp_sent_row **rows, size_t *n,
		  int64_t *total)
{
	*rows = NULL;
	*n = 0;
	sn_err rc = store_one_i64(s, total, "SELECT count(*) FROM sp_gp_referrals WHERE referrer_id = ?", "i",
				  referrer_id);
	store_stmt *st = NULL;
	if (!rc)
		rc = store_query(s, &st,
			"SELECT g.uuid, g.given_name || ' ' || g.family_name, g.created_at, g.status, "
			"coalesce(g.picked_at, ''), coalesce(c.status, ''), coalesce(c.closed_at, ''), "
			"coalesce(c.closing_reason, ''), coalesce(c.referrer_message, '') "
			"FROM sp_gp_referrals g LEFT JOIN sp_cases c ON c.gp_referral_id = g.id "
			"WHERE g.referrer_id = ? ORDER BY g.id DESC LIMIT ?", "ii", referrer_id, limit);
	if (rc)
		return rc;
	size_t cap = 0;
	while (store_next(st, &rc)) {
		*rows = arena_grow(a, *rows, *n, &cap, sizeof **rows);
		sp_gp_sent_row *x = &(*rows)[(*n)++];
		snprintf(x->uuid, sizeof x->uuid, "%s", store_col_text(st, 0));
		x->name = dup(a, st, 1);
		x->created_at = dup(a, st, 2);
		x->status = dup(a, st, 3);
		x->picked_at = dup(a, st, 4);
		x->case_status = dup(a, st, 5);
		x->closed_at = dup(a, st, 6);
		x->closing_reason = dup(a, st, 7);
		x->message = dup(a, st, 8);
	}
	store_done(st);
	return rc;
}

sn_err sp_gp_referrer_email(store *s, int64_t gp_referral_id, arena *a, const char **email)
{
	*email = "";
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT u.email FROM sp_gp_referrals g JOIN users u ON u.id = g.referrer_id "
				"WHERE g.id = ? AND u.disabled = 0", "i", gp_referral_id);
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	if (!rc && row)
		*email = dup(a, st, 0);
	store_done(st);
	return rc;
}
