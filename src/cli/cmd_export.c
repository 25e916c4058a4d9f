/* supportnet export: the published directory as Open Referral UK 3.0 JSON
 * or as HSDS CSV tables (src/directory/oruk_export.c does the work). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../directory/oruk/oruk.h"
#include "cli.h"

static const char help[] =
    "Usage:\n"
    "  supportnet export --db LOC --oruk FILE\n"
    "  supportnet export --db LOC --oruk-csv DIR\n"
    "\n"
    "--oruk FILE      every published service, fully nested as\n"
    "                 /oruk/services/{id} gives it, as one JSON array (a service\n"
    "                 to a line); \"-\" for standard output. FILE is replaced.\n"
    "--oruk-csv DIR   the same as HSDS 3.0 CSV tables (services.csv,\n"
    "                 organizations.csv, locations.csv, ...) in DIR, made if\n"
    "                 missing; the tables there are replaced.\n"
    "\n"
    "Only published records, and nothing private (moderation, staff notes,\n"
    "members). 'supportnet import --oruk' and '--oruk-csv' read them back.\n"
    "Exit status: 0 written, 2 usage, 1 a runtime failure. A progress bar is\n"
    "drawn on standard error when it is a terminal.\n";

int cmd_export(int argc, char **argv)
{
	const char *cmd = "export";
	const char *db = NULL, *json = NULL, *csv = NULL;
	cli_opt opts[] = {{"--db", true, &db},
	                  {"--oruk", true, &json},
	                  {"--oruk-csv", true, &csv},
	                  {NULL, false, NULL}};
	if (argc < 2) {
		fputs(help, stderr);
		return EXIT_USAGE;
	}
	int rc = cli_parse(cmd, argc, argv, opts);
	if (rc < 0) {
		fputs(help, stdout);
		return EXIT_OK;
	}
	if (rc)
		return rc;
	if (json && csv)
		return cli_fail(cmd, EXIT_USAGE, "give one of --oruk and --oruk-csv, not both");
	if (!json && !csv) {
		fputs(help, stderr);
		return EXIT_USAGE;
	}
	if (!db)
		return cli_fail(cmd, EXIT_USAGE, "--db is required");
	const char *to = json ? json : csv;
	if (!*to)
		return cli_fail(cmd, EXIT_USAGE, "%s needs a %s", json ? "--oruk" : "--oruk-csv",
		                json ? "file (or - for standard output)" : "folder");
	char err[512];
	store *s = NULL;
	if (store_open(db, false, &s, err, sizeof err))
		return cli_fail(cmd, EXIT_FAIL, "%s", err);
	bool to_stdout = json && strcmp(json, "-") == 0;
	char *part = NULL;
	FILE *out = to_stdout ? stdout : NULL;
	if (json && !to_stdout) {
		size_t n = strlen(json) + 8;
		part = xmalloc(n);
		snprintf(part, n, "%s.part", json);
		out = fopen(part, "wb");
		if (!out) {
			int e = errno;
			free(part);
			store_close(s);
			return cli_fail(cmd, EXIT_FAIL, "cannot write %s: %s", json, strerror(e));
		}
	}
	cli_progress bar = {.what = "exporting", .unit = "services", .start = cli_now_s()};
	oruk_export_opts o = {0};
	if (isatty(STDERR_FILENO)) {
		o.progress = cli_progress_draw;
		o.progress_ctx = &bar;
	}
	oruk_export_report rep;
	sn_err e = json ? oruk_export_json(s, out, &o, &rep) : oruk_export_csv(s, csv, &o, &rep);
	double secs = cli_now_s() - bar.start;
	cli_progress_clear(&bar);
	store_close(s);
	if (part) {
		if (fclose(out) != 0 && !e) {
			e = SN_EINTERNAL;
			snprintf(rep.error, sizeof rep.error, "cannot write %.200s: %s", json,
			         strerror(errno));
		}
		if (!e && rename(part, json) != 0) {
			e = SN_EINTERNAL;
			snprintf(rep.error, sizeof rep.error, "cannot write %.200s: %s", json,
			         strerror(errno));
		}
		if (e)
			unlink(part);
		free(part);
	}
	if (e)
		return cli_fail(cmd, EXIT_FAIL, "%s", rep.error[0] ? rep.error : sn_err_name(e));
	char a[32], b[32];
	int64_t n = rep.count[ORUK_SERVICES];
	fprintf(to_stdout ? stderr : stdout,
	        "exported %s published service%s to %s in %.1f s (%s services/s, %.1f MB)\n",
	        cli_thousands(n, a), n == 1 ? "" : "s", to_stdout ? "standard output" : to, secs,
	        cli_thousands(secs > 0 ? (int64_t)((double)n / secs) : 0, b),
	        (double)rep.bytes / 1e6);
	return EXIT_OK;
}
