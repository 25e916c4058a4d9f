/* supportnet reminders and supportnet mail: queue the review reminders,
 * send what the outbox holds; and the SMTP options `serve` shares. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../directory/curate/curate.h"
#include "../mail/mail.h"
#include "cli.h"

static const char reminders_help[] =
	"Usage: supportnet reminders --db LOC [--days N] [--base-url URL] [--dry-run]\n"
	"Queue an email to the members of each organisation (else to its own\n"
	"email address) for every published service whose review falls due within\n"
	"N days (default 14) or is overdue; each reminder is queued once per\n"
	"service, due date and recipient. Send them with 'supportnet mail'.\n\n"
	"  --db LOC         database: a SQLite file path or postgres:// URL\n"
	"  --days N         remind this many days ahead (0 to 365, default 14)\n"
	"  --base-url URL   where SupportNet is served, for the links in the emails\n"
	"                   (default: $SUPPORTNET_BASE_URL), like https://support.example\n"
	"  --dry-run        count what would be queued and change nothing\n";

static const char mail_help[] =
	"Usage: supportnet mail --db LOC --smtp URL [--from ADDR] [options]\n"
	"Send the queued emails through an SMTP server. Prints one summary line;\n"
	"exit status 1 when any message was not sent (it is retried later, with\n"
	"backoff, up to 6 tries; a 5xx answer fails it at once).\n\n"
	"  --db LOC              database: a SQLite file path or postgres:// URL\n"
	"  --smtp URL            smtp://HOST[:PORT] or smtps://HOST[:PORT]\n"
	"  --from ADDR           the sender (default: $SUPPORTNET_MAIL_FROM)\n"
	"  --user U              sign in to the server as U\n"
	"  --password-file F     with the password on the first line of F\n"
	"  --starttls            smtp:// only: require STARTTLS\n"
	"  --insecure            do not verify the server's certificate (testing only)\n"
	"  --retry-now           try every queued message now, ignoring the backoff\n"
	"  --max N               send at most N messages this run\n";

static int base_url_ok(const char *u)
{
	return u && (str_starts(u, "https://") || str_starts(u, "http://")) && strlen(u) <= 200 &&
	       !strpbrk(u, " \t\r\n\"'<>\\?#") && strlen(strstr(u, "://") + 3) > 0;
}

int cmd_reminders(int argc, char **argv)
{
	const char *db = NULL, *days = "14", *base = getenv("SUPPORTNET_BASE_URL"), *dry = NULL;
	cli_opt opts[] = {{"--db", true, &db}, {"--days", true, &days}, {"--base-url", true, &base},
			  {"--dry-run", false, &dry}, {0}};
	int rc = cli_parse("reminders", argc, argv, opts);
	if (rc < 0) {
		fputs(reminders_help, stdout);
		return EXIT_OK;
	}
	if (rc)
		return rc;
	if (!db)
		return cli_fail("reminders", EXIT_USAGE, "--db is required (see 'supportnet reminders --help')");
	int64_t n_days = 0;
	if (str_to_i64(days, 0, 365, &n_days))
		return cli_fail("reminders", EXIT_USAGE, "--days must be a whole number from 0 to 365");
	if (!base)
		return cli_fail("reminders", EXIT_USAGE, "--base-url (or SUPPORTNET_BASE_URL) is required for "
				"the links in the emails");
	if (!base_url_ok(base))
		return cli_fail("reminders", EXIT_USAGE, "--base-url must be an http(s) URL like "
				"https://support.example, without a query");
	char url[256];
	snprintf(url, sizeof url, "%s", base);
	while (strlen(url) > 8 && url[strlen(url) - 1] == '/')
		url[strlen(url) - 1] = '\0';
	char err[512] = "";
	store *s = NULL;
	int opened = cli_open_migrated("reminders", db, &s);
	if (opened != EXIT_OK)
		return opened;
	curate_reminder_stats st;
	sn_err e = curate_queue_reminders(s, (int)n_days, url, dry != NULL, &st, err, sizeof err);
	store_close(s);
	if (e)
		return cli_fail("reminders", EXIT_FAIL, "%s", err);
	printf("%s %lld reminder%s for %lld service%s due within %lld days or overdue "
	       "(%lld already queued, %lld service%s with no one to send to)\n",
	       dry ? "would queue" : "queued", (long long)st.queued, st.queued == 1 ? "" : "s",
	       (long long)st.services, st.services == 1 ? "" : "s", (long long)n_days, (long long)st.already,
	       (long long)st.no_recipient, st.no_recipient == 1 ? "" : "s");
	return EXIT_OK;
}

int cli_smtp_config(const char *cmd, const char *url, const char *from, const char *user,
		    const char *password_file, bool starttls, mail_smtp *out, char *password,
		    size_t password_size)
{
	*out = (mail_smtp){.url = url, .from = from ? from : getenv("SUPPORTNET_MAIL_FROM"), .user = user,
			   .starttls = starttls};
	if (!out->from)
		return cli_fail(cmd, EXIT_USAGE, "--from (or SUPPORTNET_MAIL_FROM) is required");
	if (password_file && !user)
		return cli_fail(cmd, EXIT_USAGE, "--password-file needs --user");
	if (password_file) {
		FILE *f = fopen(password_file, "r");
		if (!f)
			return cli_fail(cmd, EXIT_USAGE, "cannot read the password file %s", password_file);
		if (!fgets(password, (int)password_size, f))
			password[0] = '\0';
		fclose(f);
		password[strcspn(password, "\r\n")] = '\0';
		out->password = password;
	}
	char err[256];
	if (mail_smtp_check(out, err, sizeof err))
		return cli_fail(cmd, EXIT_USAGE, "%s", err);
	return 0;
}

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_mail(int argc, char **argv)
{
	const char *db = NULL, *smtp = NULL, *from = NULL, *user = NULL, *pwfile = NULL, *starttls = NULL,
		   *insecure = NULL, *now = NULL, *max = NULL;
	cli_opt opts[] = {{"--db", true, &db}, {"--smtp", true, &smtp}, {"--from", true, &from},
			  {"--user", true, &user}, {"--password-file", true, &pwfile},
			  {"--starttls", false, &starttls}, {"--insecure", false, &insecure},
			  {"--retry-now", false, &now}, {"--max", true, &max}, {0}};
	int rc = cli_parse("mail", argc, argv, opts);
	if (rc < 0) {
		fputs(mail_help, stdout);
		return EXIT_OK;
	}
	if (rc)
		return rc;
	if (!db || !smtp)
		return cli_fail("mail", EXIT_USAGE, "--db and --smtp are required (see 'supportnet mail --help')");
	int64_t n_max = 0;
	if (max && str_to_i64(max, 1, 100000000, &n_max))
		return cli_fail("mail", EXIT_USAGE, "--max must be a whole number from 1");
	mail_smtp c;
	char password[1024] = "";
	rc = cli_smtp_config("mail", smtp, from, user, pwfile, starttls != NULL, &c, password, sizeof password);
	if (rc)
		return rc;
	c.insecure = insecure != NULL;
	char err[512] = "";
	store *s = NULL;
	if (store_open(db, false, &s, err, sizeof err))
		return cli_fail("mail", EXIT_FAIL, "%s", err);
	mail_stats st;
	double t0 = seconds_now();
	sn_err e = mail_send_queued(s, &c, now != NULL, n_max, &st, err, sizeof err);
	double secs = seconds_now() - t0;
	store_close(s);
	sodium_memzero(password, sizeof password);
	if (e)
		return cli_fail("mail", EXIT_FAIL, "%s", err);
	printf("sent %lld, to retry %lld, failed %lld, still queued %lld (%.1f s)\n", (long long)st.sent,
	       (long long)st.retry, (long long)st.failed, (long long)st.waiting, secs);
	if (st.retry || st.failed)
		return cli_fail("mail", EXIT_FAIL, "%lld message%s not sent: %s", (long long)(st.retry + st.failed),
				st.retry + st.failed == 1 ? "" : "s", st.first_error);
	return EXIT_OK;
}
