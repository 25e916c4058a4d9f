/* supportnet demo: create the fictional demo area. */
#include <stdio.h>
#include <string.h>

#include "../demo/demo.h"
#include "cli.h"

int cmd_demo(int argc, char **argv)
{
	const char *db = NULL, *seed = "1", *size = "small";
	cli_opt opts[] = {{"--db", true, &db}, {"--seed", true, &seed},
			  {"--size", true, &size}, {0}};
	int rc = cli_parse("demo", argc, argv, opts);
	if (rc < 0) {
		puts("Usage: supportnet demo --db LOC [--seed N] [--size small|large|huge]\n"
		     "Create the database if missing, migrate it and fill it with the\n"
		     "fictional area of Ashby Vale: the same data for the same seed.\n"
		     "Prints the demo logins (for demonstration only). The directory has\n"
		     "300 services (small), 100,000 (large) or 1,000,000 (huge, for\n"
		     "bench/directory).");
		return EXIT_OK;
	}
	if (rc)
		return rc;
	if (!db)
		return cli_fail("demo", EXIT_USAGE, "--db is required");
	int64_t n = 0;
	if (str_to_i64(seed, 0, INT64_MAX, &n))
		return cli_fail("demo", EXIT_USAGE, "--seed must be a whole number");
	demo_size sz;
	if (strcmp(size, "small") == 0)
		sz = DEMO_SMALL;
	else if (strcmp(size, "large") == 0)
		sz = DEMO_LARGE;
	else if (strcmp(size, "huge") == 0)
		sz = DEMO_HUGE;
	else
		return cli_fail("demo", EXIT_USAGE, "--size must be small, large or huge");
	char err[512];
	store *s = NULL;
	if (store_open(db, true, &s, err, sizeof err))
		return cli_fail("demo", EXIT_FAIL, "%s", err);
	int applied = 0;
	sn_err e = store_migrate(s, &applied, err, sizeof err);
	if (!e)
		e = demo_create(s, (uint64_t)n, sz, err, sizeof err);
	store_close(s);
	if (e)
		return cli_fail("demo", EXIT_FAIL, "%s", err);
	printf("Demo area Ashby Vale created in %s (seed %lld, %s).\n", db, (long long)n, size);
	printf("Demo logins (demonstration only), all with the password %s:\n", DEMO_PASSWORD);
	for (size_t i = 0; i < demo_n_logins; i++)
		printf("  %-36s %-13s %s\n", demo_logins[i].email, demo_logins[i].roles,
		       demo_logins[i].what);
	return EXIT_OK;
}
