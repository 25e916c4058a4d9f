/* supportnet referrals: the referrals' jobs from the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../firstcontact/fc_store.h"
#include "../referral/referral_pages.h"
#include "../referral/referral_store.h"
#include "cli.h"

static const char referrals_help[] =
	"Usage: supportnet referrals remind --db LOC --base-url URL [--now TIME]\n"
	"       supportnet referrals recount --db LOC\n\n"
	"remind:\n"
	"Flag the live referrals not answered in the days their service takes to\n"
	"answer as overdue, and those not answered in twice that as escalated;\n"
	"each flag goes once into the referral's history and queues an email to\n"
	"the service's members and the referrer (send them with 'supportnet mail').\n\n"
	"  --db LOC         database: a SQLite file path or postgres:// URL\n"
	"  --base-url URL   where SupportNet is served, for the links in the emails\n"
	"                   (default: $SUPPORTNET_BASE_URL)\n"
	"  --now TIME       act as at this UTC time (2026-12-07T10:00:00Z), for tests\n\n"
	"recount: count the inboxes' and sent lists' totals (referral_counts) and\n"
	"the First Contact funnel's months (fc_funnel_months) again from the\n"
	"referrals and checklists, in one transaction. Triggers keep both as\n"
	"referrals are written; this is for after a bulk load made with the\n"
	"triggers off. Prints how many rows each has.\n";

/* supportnet referrals recount --db LOC */
static int recount(int argc, char **argv)
{
	const char *db = NULL;
	cli_opt opts[] = {{"--db", true, &db}, {0}};
	int rc = cli_parse("referrals recount", argc, argv, opts);
	if (rc < 0) {
		fputs(referrals_help, stdout);
		return EXIT_OK;
	}
	if (rc)
		return rc;
	if (!db)
		return cli_fail("referrals recount", EXIT_USAGE, "--db is required");
	char err[512] = "";
	store *s = NULL;
	int opened = cli_open_migrated("referrals recount", db, &s);
	if (opened != EXIT_OK)
		return opened;
	int64_t counts = 0, months = 0;
	sn_err e = store_begin_write(s);
	if (!e)
		e = ref_recount(s, &counts);
	if (!e)
		e = fc_funnel_recount(s, &months);
	if (!e)
		e = store_commit(s);
	if (e) {
		snprintf(err, sizeof err, "%s", store_errmsg(s));
		store_rollback(s);
	}
	store_close(s);
	if (e)
		return cli_fail("referrals recount", EXIT_FAIL, "%s", err);
	printf("referral_counts: %lld rows; fc_funnel_months: %lld rows\n", (long long)counts, (long long)months);
	return EXIT_OK;
}

int cmd_referrals(int argc, char **argv)
{
	if (argc < 2 || str_eq(argv[1], "--help") || str_eq(argv[1], "-h")) {
		fputs(referrals_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (str_eq(argv[1], "recount"))
		return recount(argc - 1, argv + 1);
	if (!str_eq(argv[1], "remind"))
		return cli_fail("referrals", EXIT_USAGE, "unknown subcommand '%s' (see 'supportnet referrals --help')",
				argv[1]);
	const char *db = NULL, *base = getenv("SUPPORTNET_BASE_URL"), *now_s = NULL;
	cli_opt opts[] = {{"--db", true, &db}, {"--base-url", true, &base}, {"--now", true, &now_s}, {0}};
	int rc = cli_parse("referrals remind", argc - 1, argv + 1, opts);
	if (rc < 0) {
		fputs(referrals_help, stdout);
		return EXIT_OK;
	}
	if (rc)
		return rc;
	if (!db)
		return cli_fail("referrals remind", EXIT_USAGE, "--db is required");
	if (!base || !(str_starts(base, "http://") || str_starts(base, "https://")) || strlen(base) > 200 ||
	    strpbrk(base, " \t\r\n\"'<>\\?#"))
		return cli_fail("referrals remind", EXIT_USAGE,
				"--base-url (or SUPPORTNET_BASE_URL) must be an http(s) URL like https://support.example");
	int64_t now = time_now();
	if (now_s && time_parse_iso8601(now_s, &now))
		return cli_fail("referrals remind", EXIT_USAGE, "--now must be a UTC time like 2026-12-07T10:00:00Z");
	char err[512] = "";
	store *s = NULL;
	int opened = cli_open_migrated("referrals remind", db, &s);
	if (opened != EXIT_OK)
		return opened;
	int64_t flagged = 0;
	sn_err e = ref_remind(s, now, base, &flagged, err, sizeof err);
	store_close(s);
	if (e)
		return cli_fail("referrals remind", EXIT_FAIL, "%s", err);
	printf("flagged %lld referral%s overdue or escalated\n", (long long)flagged, flagged == 1 ? "" : "s");
	return EXIT_OK;
}
