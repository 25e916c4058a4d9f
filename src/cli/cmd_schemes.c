/* supportnet schemes: the neighbourhood schemes' job from the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../schemes/scheme_act.h"
#include "cli.h"

static const char schemes_help[] =
	"Usage: supportnet schemes remind --db LOC --base-url URL [--now TIME]\n"
	"Queue an email to every coordinator for each scheme member whose vetting\n"
	"expires within 30 days (or has expired): once per member per expiry, with\n"
	"no personal details, only the scheme, the date and a link (send them with\n"
	"'supportnet mail').\n\n"
	"  --db LOC         database: a SQLite file path or postgres:// URL\n"
	"  --base-url URL   where SupportNet is served, for the links in the emails\n"
	"                   (default: $SUPPORTNET_BASE_URL)\n"
	"  --now TIME       act as at this UTC time (2026-12-07T10:00:00Z), for tests\n";

int cmd_schemes(int argc, char **argv)
{
	if (argc < 2 || str_eq(argv[1], "--help") || str_eq(argv[1], "-h")) {
		fputs(schemes_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (!str_eq(argv[1], "remind"))
		return cli_fail("schemes", EXIT_USAGE, "unknown subcommand '%s' (see 'supportnet schemes --help')",
				argv[1]);
	const char *db = NULL, *base = getenv("SUPPORTNET_BASE_URL"), *now_s = NULL;
	cli_opt opts[] = {{"--db", true, &db}, {"--base-url", true, &base}, {"--now", true, &now_s}, {0}};
	int rc = cli_parse("schemes remind", argc - 1, argv + 1, opts);
	if (rc < 0) {
		fputs(schemes_help, stdout);
		return EXIT_OK;
	}
	if (rc)
		return rc;
	if (!db)
		return cli_fail("schemes remind", EXIT_USAGE, "--db is required");
	if (!base || !(str_starts(base, "http://") || str_starts(base, "https://")) || strlen(base) > 200 ||
	    strpbrk(base, " \t\r\n\"'<>\\?#"))
		return cli_fail("schemes remind", EXIT_USAGE,
				"--base-url (or SUPPORTNET_BASE_URL) must be an http(s) URL like https://support.example");
	int64_t now = time_now();
	if (now_s && time_parse_iso8601(now_s, &now))
		return cli_fail("schemes remind", EXIT_USAGE, "--now must be a UTC time like 2026-12-07T10:00:00Z");
	char err[512] = "";
	store *s = NULL;
	int opened = cli_open_migrated("schemes remind", db, &s);
	if (opened != EXIT_OK)
		return opened;
	int64_t queued = 0;
	sn_err e = sch_remind(s, now, base, &queued, err, sizeof err);
	store_close(s);
	if (e)
		return cli_fail("schemes remind", EXIT_FAIL, "%s", err);
	printf("queued %lld vetting reminder%s\n", (long long)queued, queued == 1 ? "" : "s");
	return EXIT_OK;
}
