/* Unit tests for reviews: how long ago, in words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "directory/curate/curate.h"

static void check(const char *from, const char *to, const char *want)
{
	char out[32];
	curate_age_text(from, to, out, sizeof out);
	if (strcmp(out, want) != 0) {
		print_error("%s to %s: '%s', not '%s'\n", from, to, out, want);
		fail();
	}
}

static void test_age_text(void **state)
{
	(void)state;
	check("2026-03-01", "2026-03-01", "0 days");
	check("2026-03-01", "2026-03-02", "1 day");
	check("2026-03-01", "2026-03-14", "13 days");
	check("2026-03-01", "2026-03-15", "2 weeks");
	check("2026-03-01", "2026-03-31", "4 weeks");
	check("2026-03-01", "2026-04-01", "1 month");
	check("2026-01-31", "2026-02-28", "4 weeks");  /* not a whole month */
	check("2026-01-31", "2026-03-01", "1 month");
	check("2025-01-15", "2026-03-14", "13 months");
	check("2025-01-15", "2026-03-15", "14 months");
	check("2024-03-16", "2026-03-15", "23 months");
	check("2024-03-15", "2026-03-15", "2 years");
	check("2020-02-29", "2026-03-01", "6 years");
	check("2026-03-02", "2026-03-01", "0 days");   /* not later */
	check("2026-03-01T10:00:00Z", "2026-09-01T09:00:00Z", "6 months");
	check("nonsense", "2026-03-01", "");
	check("2026-13-01", "2026-03-01", "");
	check(NULL, "2026-03-01", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_age_text)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
