/* Activity rows and their monthly sums (activity.h). Every statement on
 * activity, activity_months and activity_people is here. */
#include <stdio.h>
#include <string.h>

#include "activity.h"

static int digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

const char *activity_age_band(const char *dob, const char *day)
{
	if (!dob || !day || strlen(dob) < 10 || strlen(day) < 10)
		return "";
	int by = digits(dob, 4), bm = digits(dob + 5, 2), bd = digits(dob + 8, 2);
	int y = digits(day, 4), m = digits(day + 5, 2), d = digits(day + 8, 2);
	if (by < 0 || bm < 0 || bd < 0 || y < 0 || m < 0 || d < 0)
		return "";
	int age = y - by - ((m < bm || (m == bm && d < bd)) ? 1 : 0);
	if (age < 0)
		return "";
	return age < 65 ? "under-65" : age < 75 ? "65-74" : age < 85 ? "75-84" : "85+";
}

const char *activity_circle_band(int64_t n)
{
	return n <= 2 ? "0-2" : n <= 5 ? "3-5" : n <= 9 ? "6-9" : "10+";
}

const char *activity_share_band(int64_t part, int64_t whole)
{
	if (whole <= 0 || part <= 0)
		return "under-25";
	/* part / whole against 1/4, 1/2, 3/4 without division */
	return 4 * part < whole ? "under-25" : 2 * part < whole ? "25-49" : 4 * part < 3 * whole ? "50-74" : "75-plus";
}

bool activity_counts_people(const char *kind)
{
	return str_eq(kind, ACT_BUDGET) || str_eq(kind, ACT_DP_SPEND) || str_eq(kind, ACT_TIMEBANK);
}

sn_err activity_add_row(store *s, const activity_row *r)
{
	char day[11];
	snprintf(day, sizeof day, "%.10s", r->day);
	static const char sql[] = "INSERT INTO activity (kind, detail, person_id, locality_id, age_band, carer, "
				  "day, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	const char *detail = r->detail ? r->detail : "", *band = r->age_band ? r->age_band : "";
	int64_t carer = r->carer != 0;
	sn_err rc = r->person_id > 0
		? store_run(s, sql, "ttiititi", r->kind, detail, r->person_id, r->locality_id, band, carer, day, r->value)
		: store_run(s, sql, "ttnititi", r->kind, detail, r->locality_id, band, carer, day, r->value);
	if (!rc && r->person_id > 0 && activity_counts_people(r->kind)) {
		char month[8];
		snprintf(month, sizeof month, "%.7s", day);
		rc = store_run(s, "INSERT INTO activity_people (kind, month, locality_id, person_id) VALUES (?, ?, ?, ?) "
			       "ON CONFLICT DO NOTHING", "ttii", r->kind, month, r->locality_id, r->person_id);
		if (!rc && store_changes(s) == 1) /* new to the month */
			rc = store_run(s, "INSERT INTO activity_people_months (kind, locality_id, month, people) "
				       "VALUES (?, ?, ?, 1) ON CONFLICT (kind, locality_id, month) "
				       "DO UPDATE SET people = activity_people_months.people + 1", "tit", r->kind,
				       r->locality_id, month);
	}
	return rc;
}

sn_err activity_add_rows(store *s, const activity_row *rows, size_t n)
{
	if (n == 0 || n > ACTIVITY_BATCH)
		return n ? SN_EINPUT : SN_OK;
	buf sql;
	buf_init(&sql, 64 * 1024);
	buf_puts(&sql, "INSERT INTO activity (kind, detail, person_id, locality_id, age_band, carer, day, value) VALUES ");
	for (size_t i = 0; i < n; i++)
		buf_puts(&sql, i ? ", (?, ?, ?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?, ?, ?)");
	buf_putc(&sql, '\0');
	store_stmt *st = NULL;
	sn_err rc = store_prepare(s, sql.data, &st);
	for (size_t i = 0; i < n && !rc; i++) {
		const activity_row *r = &rows[i];
		int b = (int)i * 8;
		char day[11];
		snprintf(day, sizeof day, "%.10s", r->day);
		rc = store_bind_text(st, b + 1, r->kind);
		if (!rc)
			rc = store_bind_text(st, b + 2, r->detail ? r->detail : "");
		if (!rc)
			rc = r->person_id > 0 ? store_bind_i64(st, b + 3, r->person_id) : store_bind_null(st, b + 3);
		if (!rc)
			rc = store_bind_i64(st, b + 4, r->locality_id);
		if (!rc)
			rc = store_bind_text(st, b + 5, r->age_band ? r->age_band : "");
		if (!rc)
			rc = store_bind_i64(st, b + 6, r->carer != 0);
		if (!rc)
			rc = store_bind_text(st, b + 7, day);
		if (!rc)
			rc = store_bind_i64(st, b + 8, r->value);
	}
	bool row = false;
	if (!rc)
		rc = store_step(st, &row);
	store_done(st);
	buf_free(&sql);
	return rc;
}

sn_err activity_people_recount(store *s)
{
	sn_err rc = store_run(s, "INSERT INTO activity_people (kind, month, locality_id, person_id) "
			      "SELECT DISTINCT kind, substr(day, 1, 7), locality_id, person_id FROM activity "
			      "WHERE person_id IS NOT NULL AND kind IN (?, ?, ?) ON CONFLICT DO NOTHING", "ttt",
			      ACT_BUDGET, ACT_DP_SPEND, ACT_TIMEBANK);
	if (!rc)
		rc = store_run(s, "DELETE FROM activity_people_months", "");
	if (!rc)
		rc = store_run(s, "INSERT INTO activity_people_months (kind, locality_id, month, people) "
			       "SELECT kind, locality_id, month, count(*) FROM activity_people "
			       "GROUP BY kind, locality_id, month", "");
	return rc;
}

sn_err activity_add(store *s, const char *kind, const char *detail, int64_t person_id, const char *day,
		    int64_t value)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
				"SELECT coalesce(locality_id, 0), coalesce(date_of_birth, ''), "
				"(SELECT count(*) FROM assessments a WHERE a.person_id = p.id AND a.kind = 'carer') "
				"FROM people p WHERE id = ?", "i", person_id);
	if (rc)
		return rc;
	activity_row r = {.kind = kind, .detail = detail, .day = day, .person_id = person_id, .value = value};
	char dob[16] = "";
	if (store_next(st, &rc)) {
		r.locality_id = store_col_i64(st, 0);
		snprintf(dob, sizeof dob, "%s", store_col_text(st, 1));
		r.carer = store_col_i64(st, 2) > 0;
	} else if (!rc) {
		rc = SN_ENOTFOUND;
	}
	store_done(st);
	if (rc)
		return rc;
	r.age_band = activity_age_band(dob, day);
	return activity_add_row(s, &r);
}

sn_err activity_add_place(store *s, const char *kind, const char *detail, int64_t locality_id,
			  const char *day, int64_t value)
{
	activity_row r = {.kind = kind, .detail = detail, .day = day, .locality_id = locality_id, .value = value};
	return activity_add_row(s, &r);
}

sn_err activity_service_need(store *s, int64_t service_id, char out[static 64])
{
	store_stmt *st = NULL;
	snprintf(out, 64, "other");
	sn_err rc = store_query(s, &st,
				"SELECT t.code FROM dir_attributes a JOIN dir_taxonomy_terms t ON t.id = a.taxonomy_term_id "
				"WHERE a.link_entity = 'service' AND a.link_id = ? AND t.code IS NOT NULL AND t.code <> '' "
				"ORDER BY a.id LIMIT 1", "i", service_id);
	if (rc)
		return rc;
	if (store_next(st, &rc))
		snprintf(out, 64, "%s", store_col_text(st, 0));
	store_done(st);
	return rc;
}

sn_err activity_recount(store *s)
{
	sn_err rc = store_run(s, "DELETE FROM activity_months", "");
	if (!rc)
		rc = store_run(s, "DELETE FROM activity_equity", "");
	if (!rc)
		rc = store_run(s, "DELETE FROM activity_people", "");
	if (!rc)
		rc = store_run(s, "DELETE FROM activity_people_months", "");
	if (!rc)
		rc = store_run(s, "INSERT INTO activity_months (kind, month, detail, locality_id, n, total) "
			       "SELECT kind, substr(day, 1, 7), detail, locality_id, count(*), sum(value) "
			       "FROM activity GROUP BY kind, substr(day, 1, 7), detail, locality_id", "");
	if (!rc)
		rc = store_run(s, "INSERT INTO activity_equity (kind, month, detail, age_band, carer, n, total) "
			       "SELECT kind, substr(day, 1, 7), detail, age_band, carer, count(*), sum(value) "
			       "FROM activity GROUP BY kind, substr(day, 1, 7), detail, age_band, carer", "");
	if (!rc)
		rc = activity_people_recount(s);
	return rc;
}

sn_err activity_add_wellbeing(store *s, int64_t person_id, const char *day, const wb_answers *w)
{
	sn_err rc = SN_OK;
	for (int i = 0; i < ONS4_N && !rc; i++) {
		if (w->ons4[i] < 0)
			continue;
		char kind[48];
		snprintf(kind, sizeof kind, "%s%s", ACT_ONS4_PREFIX, wb_ons4_key(i));
		rc = activity_add(s, kind, wb_ons4_band(i, w->ons4[i]), person_id, day, w->ons4[i]);
	}
	int total = wb_ucla3_total(w);
	if (!rc && total >= 3)
		rc = activity_add(s, ACT_UCLA3, total <= 5 ? "3-5" : total <= 7 ? "6-7" : "8-9", person_id, day, total);
	if (!rc && w->lonely >= 0)
		rc = activity_add(s, ACT_LONELY, wb_lonely_key(w->lonely), person_id, day, 1);
	return rc;
}

sn_err activity_add_goals(store *s, int64_t person_id, const char *day, const int *scores, size_t n,
			  bool has_t, int64_t t_centi)
{
	sn_err rc = SN_OK;
	for (size_t i = 0; i < n && !rc; i++)
		rc = activity_add(s, ACT_OUTCOME, scores[i] >= 0 ? "met" : "not-met", person_id, day, 1);
	if (!rc && has_t)
		rc = activity_add(s, ACT_GAS, t_centi < 4500 ? "below" : t_centi <= 5500 ? "expected" : "above",
				  person_id, day, t_centi);
	return rc;
}
