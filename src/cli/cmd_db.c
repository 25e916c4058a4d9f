/* supportnet migrate | backup | restore | audit verify | routes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "../access/access.h"
#include "../app/app.h"
#include "../directory/search/search.h"
#include "../web/web.h"
#include "cli.h"

int cmd_migrate(int argc, char **argv)
{
	const char *db = NULL;
	cli_opt opts[] = {{"--db", true, &db}, {0}};
	int rc = cli_parse("migrate", argc, argv, opts);
	if (rc < 0) {
		puts("Usage: supportnet migrate --db LOC\n"
		     "Create the database if missing and apply every migration it lacks,\n"
		     "each in its own transaction (a failed one changes nothing).");
		return EXIT_OK;
	}
	if (rc)
		return rc;
	if (!db)
		return cli_fail("migrate", EXIT_USAGE, "--db is required");
	char err[512];
	store *s = NULL;
	if (store_open(db, true, &s, err, sizeof err))
		return cli_fail("migrate", EXIT_FAIL, "%s", err);
	int applied = 0;
	sn_err e = store_migrate(s, &applied, err, sizeof err);
	int v = store_schema_version(s);
	/* The directory's word index, when it is not built (a new database,
	 * or one from before migration 0012). */
	cli_progress bar = {.what = "building the directory's word index", .unit = "services",
			    .start = cli_now_s()};
	bool tty = isatty(STDERR_FILENO);
	if (!e && (e = search_index_ready(s, tty ? cli_progress_draw : NULL, &bar)))
		snprintf(err, sizeof err, "cannot build the directory's word index: %s", store_errmsg(s));
	if (tty)
		cli_progress_clear(&bar);
	store_close(s);
	if (e)
		return cli_fail("migrate", EXIT_FAIL, "%s", err);
	printf("schema at version %d (%d migration%s applied)\n", v, applied,
	       applied == 1 ? "" : "s");
	return EXIT_OK;
}

int cmd_backup(int argc, char **argv)
{
	const char *db = NULL, *to = NULL;
	cli_opt opts[] = {{"--db", true, &db}, {"--to", true, &to}, {0}};
	int rc = cli_parse("backup", argc, argv, opts);
	if (rc < 0) {
		puts("Usage: supportnet backup --db LOC --to FILE\n"
		     "Write a consistent copy of the database to a new FILE, safe while\n"
		     "the server is running.");
		return EXIT_OK;
	}
	if (rc)
		return rc;
	if (!db || !to)
		return cli_fail("backup", EXIT_USAGE, "--db and --to are required");
	char err[512];
	store *s = NULL;
	if (store_open(db, false, &s, err, sizeof err))
		return cli_fail("backup", EXIT_FAIL, "%s", err);
	sn_err e = store_backup(s, to, err, sizeof err);
	store_close(s);
	if (e)
		return cli_fail("backup", EXIT_FAIL, "%s", err);
	printf("backed up to %s\n", to);
	return EXIT_OK;
}

int cmd_restore(int argc, char **argv)
{
	const char *db = NULL, *from = NULL;
	cli_opt opts[] = {{"--db", true, &db}, {"--from", true, &from}, {0}};
	int rc = cli_parse("restore", argc, argv, opts);
	if (rc < 0) {
		puts("Usage: supportnet restore --from FILE --db LOC\n"
		     "Replace the database at LOC with the backup in FILE, after checking\n"
		     "that FILE is a whole SupportNet database. Stop the server first.");
		return EXIT_OK;
	}
	if (rc)
		return rc;
	if (!db || !from)
		return cli_fail("restore", EXIT_USAGE, "--from and --db are required");
	char err[512];
	if (store_restore(from, db, err, sizeof err))
		return cli_fail("restore", EXIT_FAIL, "%s", err);
	printf("restored %s into %s\n", from, db);
	return EXIT_OK;
}

int cmd_audit(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		puts("Usage: supportnet audit verify --db LOC\n"
		     "Walk the audit chain; exit 0 if it is whole, 1 naming the first bad\n"
		     "entry otherwise. Prints the head hash, to be recorded elsewhere.");
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (strcmp(argv[1], "verify") != 0)
		return cli_fail("audit", EXIT_USAGE, "unknown subcommand '%s' (try 'verify')", argv[1]);
	const char *db = NULL;
	cli_opt opts[] = {{"--db", true, &db}, {0}};
	int rc = cli_parse("audit verify", argc - 1, argv + 1, opts);
	if (rc < 0) {
		puts("Usage: supportnet audit verify --db LOC");
		return EXIT_OK;
	}
	if (rc)
		return rc;
	if (!db)
		return cli_fail("audit verify", EXIT_USAGE, "--db is required");
	char err[512], why[256] = "", head[65];
	store *s = NULL;
	if (store_open(db, false, &s, err, sizeof err))
		return cli_fail("audit verify", EXIT_FAIL, "%s", err);
	int64_t n = 0, bad = 0;
	sn_err e = audit_verify(s, &n, &bad, why, sizeof why, head);
	const char *msg = e && e != SN_EINPUT ? store_errmsg(s) : "";
	char msgcopy[256];
	snprintf(msgcopy, sizeof msgcopy, "%s", msg);
	store_close(s);
	if (e == SN_EINPUT)
		return cli_fail("audit verify", EXIT_FAIL, "chain broken at %s", why);
	if (e)
		return cli_fail("audit verify", EXIT_FAIL, "cannot read the audit chain: %s", msgcopy);
	printf("audit chain whole: %lld entries, head %s\n", (long long)n, head);
	return EXIT_OK;
}

int cmd_routes(int argc, char **argv)
{
	cli_opt opts[] = {{0}};
	int rc = cli_parse("routes", argc, argv, opts);
	if (rc < 0) {
		puts("Usage: supportnet routes\n"
		     "Print the route table as JSON: method, pattern, permission.");
		return EXIT_OK;
	}
	if (rc)
		return rc;
	json_t *list = json_array();
	for (size_t i = 0; i < app_n_routes; i++) {
		const route *r = &app_routes[i];
		json_t *roles = json_array();
		for (int k = 0; k < 8; k++)
			if (r->perm & (1u << k))
				json_array_append_new(roles, json_string(role_names[k]));
		/* api: answers JSON only (the ORUK and rules APIs, and the
		 * signed-in JSON API); json_body: the signed-in one. */
		json_array_append_new(list, json_pack("{s:s, s:s, s:b, s:b, s:b, s:o, s:b, s:b}",
			"method", r->method, "pattern", r->pattern,
			"public", (r->perm & PERM_PUBLIC) != 0,
			"signed_in", (r->perm & PERM_SIGNED_IN) != 0,
			"loopback", (r->perm & PERM_LOOPBACK) != 0, "roles", roles,
			"api", (r->flags & (ROUTE_API | ROUTE_JSON_BODY)) != 0,
			"json_body", (r->flags & ROUTE_JSON_BODY) != 0));
	}
	char *s = json_dumps(list, JSON_INDENT(1));
	puts(s);
	free(s);
	json_decref(list);
	return EXIT_OK;
}
