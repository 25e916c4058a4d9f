/* Reviews falling due: ages in words, the reminders queued to each
 * organisation's members through the email outbox, and the demo's due and
 * overdue entries. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../access/access.h"
#include "../mail/mail.h"
#include "dir_edit.h"
#include "review.h"

/* "YYYY-MM-DD..." into its parts; false when malformed. */
static bool date_parts(const char *s, int *y, int *m, int *d)
{
	if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

static int64_t date_days(int y, int m, int d)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
	return (int64_t)timegm(&tm) / 86400;
}

void review_age_text(const char *from, const char *to, char *out, size_t size)
{
	int y1, m1, d1, y2, m2, d2;
	if (!date_parts(from, &y1, &m1, &d1) || !date_parts(to, &y2, &m2, &d2)) {
		snprintf(out, size, "%s", "");
		return;
	}
	int64_t days = date_days(y2, m2, d2) - date_days(y1, m1, d1);
	int months = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
	if (days < 0)
		days = 0;
	if (months < 1 && days < 14)
		snprintf(out, size, "%lld day%s", (long long)days, days == 1 ? "" : "s");
	else if (months < 1)
		snprintf(out, size, "%lld weeks", (long long)(days / 7));
	else if (months < 24)
		snprintf(out, size, "%d month%s", months, months == 1 ? "" : "s");
	else
		snprintf(out, size, "%d years", months / 12);
}

/* ---- reminders ---- */

typedef struct {
	int64_t org_id;
	const char *uuid, *name, *org_name, *org_email, *due, *reviewed;
} due_service;

/* The text with every control character (a line break in a name) made a
 * space, so it can go in a subject line. */
static char *one_line(arena *a, const char *s)
{
	char *t = arena_strdup(a, s);
	for (char *p = t; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return t;
}

static const char *reminder_body(arena *a, const due_service *sv, const char *today, const char *link)
{
	bool overdue = strcmp(sv->due, today) < 0;
	char age[32] = "";
	if (overdue)
		review_age_text(sv->due, today, age, sizeof age);
	return arena_printf(a,
		"Hello,\n\n"
		"Please check the entry for \"%s\" (%s) in the Ashby Vale community directory.\n\n"
		"%s%s\n\n"
		"Check that what it says, who it is for, when and where it happens, what it costs and how "
		"to get in touch are all still right. Then update it, or mark it as checked, here:\n\n"
		"%s\n\n"
		"People use the directory to find help near them: an entry that is out of date can send "
		"someone to a door that is shut. If the service has stopped, tell us and we will take it "
		"down.\n\n"
		"Thank you,\n"
		"The Ashby Vale directory moderators\n",
		sv->name, sv->org_name,
		*sv->reviewed ? arena_printf(a, "It was last checked on %s. ", time_uk_day(a, sv->reviewed)) : "",
		overdue ? arena_printf(a, "It was due to be checked again on %s, %s ago.", time_uk_day(a, sv->due), age)
			: arena_printf(a, "It is due to be checked again by %s.", time_uk_day(a, sv->due)),
		link);
}

static sn_err remind_one(store *s, arena *a, const due_service *sv, const char *today, const char *base_url,
			 const char *domain, review_stats *st, char *err, size_t err_size)
{
	const char *recipients[64];
	size_t n = 0;
	store_stmt *q = NULL;
	sn_err rc = store_query(s, &q, "SELECT u.email FROM dir_org_members m JOIN users u ON u.id = m.user_id "
				"WHERE m.organization_id = ? AND u.disabled = 0 ORDER BY u.email", "i", sv->org_id);
	bool row = true;
	while (!rc && !(rc = store_step(q, &row)) && row)
		if (n < SN_ARRAY_LEN(recipients) && mail_addr_ok(store_col_text(q, 0)))
			recipients[n++] = arena_strdup(a, store_col_text(q, 0));
	store_done(q);
	if (rc)
		return rc;
	if (n == 0 && mail_addr_ok(sv->org_email))
		recipients[n++] = sv->org_email;
	if (n == 0) {
		st->no_recipient++;
		return SN_OK;
	}
	/* The partners' edit page, where "Mark as checked" is too. */
	const char *link = arena_printf(a, "%s/directory/services/%s/edit", base_url, sv->uuid);
	const char *subject = arena_printf(a, "%s: please check the directory entry",
					   one_line(a, sv->name));
	if (strlen(subject) > MAIL_SUBJECT_MAX)
		subject = "Please check your entry in the directory";
	const char *body = reminder_body(a, sv, today, link);
	const char *topic = arena_printf(a, "review:%s:%.10s", sv->uuid, sv->due);
	for (size_t i = 0; i < n && !rc; i++) {
		char low[MAIL_ADDR_MAX + 1];
		snprintf(low, sizeof low, "%s", recipients[i]);
		str_lower_ascii(low);
		bool queued = false;
		rc = mail_queue(s, arena_printf(a, "%s:%s", topic, low), topic, low, subject, body, domain, &queued,
				err, err_size);
		if (!rc && queued)
			st->queued++;
		else if (!rc)
			st->already++;
	}
	return rc;
}

sn_err review_queue_reminders(store *s, int days, const char *base_url, bool dry_run, review_stats *out,
			      char *err, size_t err_size)
{
	memset(out, 0, sizeof *out);
	arena *a = arena_new();
	char today[21], until[21];
	int64_t now = time_now();
	time_iso8601(now, today);
	time_iso8601(now + (int64_t)days * 86400, until);
	today[10] = until[10] = '\0';
	/* The host of the base URL names our Message-IDs. */
	const char *host = strstr(base_url, "://") ? strstr(base_url, "://") + 3 : base_url;
	char *domain = arena_strndup(a, host, strcspn(host, ":/"));
	size_t cap = 1024, n = 0;
	due_service *list = arena_alloc(a, cap * sizeof *list);
	sn_err rc = store_begin_write(s);
	store_stmt *q = NULL;
	if (!rc)
		rc = store_query(s, &q, "SELECT s.uuid, s.name, s.review_due, s.last_reviewed, o.id, o.name, o.email "
				 "FROM dir_services s JOIN dir_organizations o ON o.id = s.organization_id "
				 "WHERE s.moderation = 'published' AND s.review_due IS NOT NULL AND s.review_due <= ? "
				 "ORDER BY s.review_due, s.id", "t", until);
	bool row = true;
	while (!rc && !(rc = store_step(q, &row)) && row) {
		if (n == cap) {
			due_service *more = arena_alloc(a, 2 * cap * sizeof *more);
			memcpy(more, list, cap * sizeof *list);
			list = more;
			cap *= 2;
		}
		list[n++] = (due_service){store_col_i64(q, 4), arena_strdup(a, store_col_text(q, 0)),
			arena_strdup(a, store_col_text(q, 1)), arena_strdup(a, store_col_text(q, 5)),
			arena_strdup(a, store_col_text(q, 6)), arena_strndup(a, store_col_text(q, 2), 10),
			arena_strndup(a, store_col_text(q, 3), 10)};
	}
	store_done(q);
	out->services = (int64_t)n;
	for (size_t i = 0; i < n && !rc; i++)
		rc = remind_one(s, a, &list[i], today, base_url, domain, out, err, err_size);
	if (!rc && !dry_run && out->queued) {
		audit_entry e = {"system", "admin", "directory.reminders_queued", "",
				 arena_printf(a, "%lld reminders for %lld services", (long long)out->queued,
					      (long long)out->services)};
		rc = audit_append(s, &e);
	}
	if (!rc && !dry_run)
		rc = store_commit(s);
	else
		store_rollback(s);
	if (rc && !*err)
		snprintf(err, err_size, "the store failed: %s", store_errmsg(s));
	arena_free(a);
	return rc;
}

/* ---- the demo ---- */

sn_err review_demo(store *s, uint64_t seed)
{
	rng g;
	rng_seed(&g, seed ^ 0x7265766965777321ULL);
	/* The partner login looks after the Northgate organisations. */
	sn_err rc = store_run(s, "INSERT INTO dir_org_members (organization_id, user_id) SELECT o.id, u.id "
			      "FROM dir_organizations o, users u WHERE u.email = ? AND o.name LIKE '%Northgate%' "
			      "ON CONFLICT DO NOTHING", "t", "partner@demo.supportnet.test");
	/* One service in 25 was last checked long ago (13 to 19 months), one
	 * in 25 falls due within the next fortnight. */
	int64_t ids[8192];
	size_t n = 0;
	store_stmt *q = NULL;
	if (!rc)
		rc = store_query(s, &q, "SELECT id FROM dir_services WHERE id % 25 IN (3, 11) ORDER BY id", "");
	bool row = true;
	while (!rc && !(rc = store_step(q, &row)) && row && n < SN_ARRAY_LEN(ids))
		ids[n++] = store_col_i64(q, 0);
	store_done(q);
	int64_t now = time_now();
	for (size_t i = 0; i < n && !rc; i++) {
		char rv[21], due[21];
		int64_t reviewed = ids[i] % 25 == 3 ? now - (int64_t)(400 + rng_below(&g, 180)) * 86400
						     : now - (int64_t)(170 + rng_below(&g, 13)) * 86400;
		time_iso8601(reviewed, rv);
		time_iso8601(reviewed + DIR_REVIEW_MONTHS_DAYS * 86400, due);
		rv[10] = due[10] = '\0';
		rc = store_run(s, "UPDATE dir_services SET last_reviewed = ?, review_due = ? WHERE id = ?", "tti", rv,
			       due, ids[i]);
	}
	return rc;
}
