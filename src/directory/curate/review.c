/* Reviews falling due: ages in words, the overdue rule, the dates of a
 * check, and the reminders queued to each organisation's members through
 * the email outbox (their SQL in curate_store.c). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../../access/access.h"
#include "../../mail/mail.h"
#include "curate_int.h"

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

void curate_age_text(const char *from, const char *to, char *out, size_t size)
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

bool curate_overdue(const char *review_due, const char *today)
{
	return review_due && *review_due && strncmp(review_due, today, 10) < 0;
}

void curate_review_dates(const char *now, char reviewed[11], char due[11])
{
	int64_t t = 0;
	char iso[21];
	time_parse_iso8601(now, &t);
	snprintf(reviewed, 11, "%.10s", now);
	time_iso8601(t + (int64_t)CURATE_REVIEW_MONTHS_DAYS * 86400, iso);
	snprintf(due, 11, "%.10s", iso);
}

/* ---- reminders ---- */

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

static const char *reminder_body(arena *a, const curate_due_service *sv, const char *today, const char *link)
{
	bool overdue = curate_overdue(sv->due, today);
	char age[32] = "";
	if (overdue)
		curate_age_text(sv->due, today, age, sizeof age);
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

/* An organisation's members' usable addresses (at most 64). */
typedef struct {
	arena *a;
	const char *v[64];
	size_t n;
} recipient_list;

static void add_recipient(void *ctx, const char *email)
{
	recipient_list *r = ctx;
	if (r->n < SN_ARRAY_LEN(r->v) && mail_addr_ok(email))
		r->v[r->n++] = arena_strdup(r->a, email);
}

static sn_err remind_one(store *s, arena *a, const curate_due_service *sv, const char *today, const char *base_url,
			 const char *domain, curate_reminder_stats *st, char *err, size_t err_size)
{
	recipient_list rcpt = {.a = a};
	sn_err rc = curate_store_member_emails(s, sv->org_id, add_recipient, &rcpt);
	if (rc)
		return rc;
	const char **recipients = rcpt.v;
	size_t n = rcpt.n;
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

sn_err curate_queue_reminders(store *s, int days, const char *base_url, bool dry_run, curate_reminder_stats *out,
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
	char domain[256];
	mail_domain_of(base_url, domain);
	curate_due_service *list = NULL;
	size_t n = 0;
	sn_err rc = store_begin_write(s);
	if (!rc)
		rc = curate_store_due(s, a, until, &list, &n);
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

