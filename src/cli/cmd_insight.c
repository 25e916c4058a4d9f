/* supportnet insight: the evidence figures' jobs from the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../activity/activity.h"
#include "cli.h"

static const char insight_help[] =
	"Usage: supportnet insight recount --db LOC\n\n"
	"Sum the activity again into the monthly figures the commissioners' pages\n"
	"read (activity_months) and the people behind money and time\n"
	"(activity_people), in one transaction. A trigger keeps both as activity is\n"
	"written; this is for after a bulk load made with the trigger off.\n"
	"Prints how many rows each has.\n\n"
	"  --db LOC   database: a SQLite file path or postgres:// URL\n";

static int recount(int argc, char **argv)
{
	const char *db = NULL;
	cli_opt opts[] = {{"--db", true, &db}, {0}};
	int rc = cli_parse("insight recount", argc, argv, opts);
	if (rc < 0) {
		fputs(insight_help, stdout);
		return EXIT_OK;
	}
	if (rc)
		return rc;
	if (!db)
		return cli_fail("insight recount", EXIT_USAGE, "--db is required");
	char err[512] = "";
	store *s = NULL;
	int opened = cli_open_migrated("insight recount", db, &s);
	if (opened != EXIT_OK)
		return opened;
	int64_t months = 0, people = 0;
	sn_err e = store_begin_write(s);
	if (!e)
		e = activity_recount(s);
	if (!e)
		e = store_one_i64(s, &months, "SELECT count(*) FROM activity_months", "");
	if (!e)
		e = store_one_i64(s, &people, "SELECT count(*) FROM activity_people", "");
	if (!e)
		e = store_commit(s);
	if (e) {
		snprintf(err, sizeof err, "%s", store_errmsg(s));
		store_rollback(s);
	}
	store_close(s);
	if (e)
		return cli_fail("insight recount", EXIT_FAIL, "%s", err);
	printf("activity_months: %lld rows; activity_people: %lld rows\n", (long long)months, (long long)people);
	return EXIT_OK;
}

int cmd_insight(int argc, char **argv)
{
	if (argc < 2 || str_eq(argv[1], "--help") || str_eq(argv[1], "-h")) {
		fputs(insight_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (str_eq(argv[1], "recount"))
		return recount(argc - 1, argv + 1);
	return cli_fail("insight", EXIT_USAGE, "unknown subcommand '%s' (see 'supportnet insight --help')", argv[1]);
}
