/* supportnet import: load reference data from files. One kind per run
 * (--postcodes FILE, --oruk FILE|URL, --oruk-csv DIR); each kind is a row
 * of `kinds` with its own runner. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../directory/oruk/oruk.h"
#include "../directory/geo/geo.h"
#include "cli.h"

static const char help[] =
    "Usage:\n"
    "  supportnet import --db LOC --postcodes FILE [--dry-run] [--skip-bad]\n"
    "  supportnet import --db LOC --oruk FILE|URL [--dry-run]\n"
    "  supportnet import --db LOC --oruk-csv DIR [--dry-run]\n"
    "\n"
    "--postcodes FILE  postcode centroids from a CSV file (\"-\" for standard\n"
    "                  input) with a header row: the postcode column named pcds,\n"
    "                  pcd or postcode, latitude lat or latitude, longitude long,\n"
    "                  lon or longitude (the ONS Postcode Directory and\n"
    "                  ukpostcodes.csv both work as published). Known postcodes\n"
    "                  are updated. Rows the ONS marks as having no location\n"
    "                  (latitude 99.999999) are skipped and counted.\n"
    "--oruk FILE|URL   an Open Referral UK 3.0 directory as JSON: an array of\n"
    "                  fully nested services (what 'supportnet export --oruk'\n"
    "                  writes), a page of /services or one service; \"-\" for\n"
    "                  standard input. From an http(s) URL of a feed's /services\n"
    "                  every page is followed and each service fetched from\n"
    "                  /services/{id}. Services, organisations, locations and\n"
    "                  everything nested are upserted by id; services are\n"
    "                  published, with a review due in six months, and record\n"
    "                  where they came from.\n"
    "--oruk-csv DIR    the same as HSDS 3.0 CSV tables in DIR (services.csv,\n"
    "                  organizations.csv, locations.csv, ... as 'supportnet\n"
    "                  export --oruk-csv' writes them)\n"
    "--dry-run         check the whole file and change nothing\n"
    "--skip-bad        import the good rows although some are bad (the bad\n"
    "                  ones are listed); without it one bad row changes nothing\n"
    "\n"
    "The import is one transaction. Exit status: 0 imported, 2 bad data (the\n"
    "problems are listed by row, the header being row 1, or by JSON path;\n"
    "nothing changed), 1 a runtime failure (a file, feed or database that\n"
    "cannot be read). A progress bar is drawn on standard error when it is a\n"
    "terminal.\n";

/* What every kind shares. */
typedef struct {
	const char *db;
	bool dry_run, skip_bad;
} import_flags;

typedef struct {
	const char *option; /* "--postcodes" */
	int (*run)(const import_flags *fl, const char *arg);
} import_kind;

static int import_postcodes(const import_flags *fl, const char *arg);
static int import_oruk(const import_flags *fl, const char *arg);
static int import_oruk_csv(const import_flags *fl, const char *arg);

static const import_kind kinds[] = {
    {"--postcodes", import_postcodes},
    {"--oruk", import_oruk},
    {"--oruk-csv", import_oruk_csv},
};
enum { N_KINDS = sizeof kinds / sizeof kinds[0] };

/* ---- --postcodes ---- */

static int import_postcodes(const import_flags *fl, const char *arg)
{
	const char *cmd = "import";
	FILE *f = stdin;
	bool from_stdin = strcmp(arg, "-") == 0;
	if (!from_stdin && !(f = fopen(arg, "rb")))
		return cli_fail(cmd, EXIT_FAIL, "cannot open %s: %s", arg, strerror(errno));
	char err[512];
	store *s = NULL;
	if (store_open(fl->db, false, &s, err, sizeof err)) {
		if (!from_stdin)
			fclose(f);
		return cli_fail(cmd, EXIT_FAIL, "%s", err);
	}
	cli_progress bar = {.what = "importing postcodes", .unit = "rows", .start = cli_now_s()};
	geo_postcodes_import_opts o = {.dry_run = fl->dry_run, .skip_bad = fl->skip_bad};
	if (isatty(STDERR_FILENO)) {
		o.progress = cli_progress_draw;
		o.progress_ctx = &bar;
	}
	geo_postcodes_import_report *rep = xcalloc(1, sizeof *rep);
	sn_err e = geo_postcodes_import_csv(s, f, &o, rep);
	double secs = cli_now_s() - bar.start;
	cli_progress_clear(&bar);
	store_close(s);
	if (!from_stdin)
		fclose(f);
	for (size_t i = 0; i < rep->n_problems; i++)
		fprintf(stderr, "%s\n", rep->problems[i]);
	char more[32], a[32], b[32], c[32];
	if (rep->n_more)
		fprintf(stderr, "... and %s more problem%s\n", cli_thousands(rep->n_more, more),
		        rep->n_more == 1 ? "" : "s");
	int rc = EXIT_OK;
	if (e == SN_EINPUT || e == SN_ETOOBIG) {
		if (rep->bad && e == SN_EINPUT)
			rc = cli_fail(
			    cmd, EXIT_USAGE, "%s bad row%s in %s: %s", cli_thousands(rep->bad, a),
			    rep->bad == 1 ? "" : "s", from_stdin ? "standard input" : arg,
			    fl->dry_run
			        ? "it would not be imported (a dry run; nothing changed)"
			        : "nothing imported (give --skip-bad to import the good rows)");
		else
			rc = cli_fail(cmd, EXIT_USAGE, "%s refused: nothing imported",
			              from_stdin ? "standard input" : arg);
	} else if (e) {
		rc = cli_fail(cmd, EXIT_FAIL, "%s", rep->error[0] ? rep->error : sn_err_name(e));
	} else {
		char extra[128] = "";
		size_t n = 0;
		if (rep->no_location)
			n += (size_t)snprintf(extra + n, sizeof extra - n,
			                      ", %s without a location skipped",
			                      cli_thousands(rep->no_location, b));
		if (rep->bad && n < sizeof extra)
			snprintf(extra + n, sizeof extra - n, ", %s bad row%s skipped",
			         cli_thousands(rep->bad, c), rep->bad == 1 ? "" : "s");
		if (fl->dry_run)
			printf("dry run: %s postcode%s would be imported (%s rows checked%s) in "
			       "%.1f s; "
			       "nothing changed\n",
			       cli_thousands(rep->imported, a), rep->imported == 1 ? "" : "s",
			       cli_thousands(rep->rows, more), extra, secs);
		else
			printf("imported %s postcode%s (%s new%s) in %.1f s\n",
			       cli_thousands(rep->imported, a), rep->imported == 1 ? "" : "s",
			       cli_thousands(rep->added, more), extra, secs);
	}
	free(rep);
	return rc;
}

/* ---- --oruk and --oruk-csv ---- */

static int oruk_report(const import_flags *fl, const char *from, sn_err e,
                       const oruk_import_report *rep, double secs)
{
	const char *cmd = "import";
	for (size_t i = 0; i < rep->n_problems; i++)
		fprintf(stderr, "%s\n", rep->problems[i]);
	char a[32], b[32], c[32];
	if (e == SN_EINPUT || e == SN_ETOOBIG) {
		if (rep->error[0])
			return cli_fail(cmd, EXIT_USAGE, "%s", rep->error);
		return cli_fail(cmd, EXIT_USAGE, "%s%s problem%s in %s: %s",
		                rep->gave_up ? "giving up after " : "",
		                cli_thousands((int64_t)rep->n_problems, a), rep->n_problems == 1 ? "" : "s",
		                from, fl->dry_run ? "it would not be imported (a dry run; nothing changed)"
		                                  : "nothing imported");
	}
	if (e)
		return cli_fail(cmd, EXIT_FAIL, "%s", rep->error[0] ? rep->error : sn_err_name(e));
	/* "imported 300 services (300 new) from x.json in 0.4 s (750 services/s):
	 * 36 organizations, ..." */
	char rest[1024] = "";
	size_t n = 0;
	for (int k = 0; k < ORUK_N_KINDS; k++) {
		if (k == ORUK_SERVICES || !rep->count[k] || n >= sizeof rest)
			continue;
		n += (size_t)snprintf(rest + n, sizeof rest - n, "%s%s %s", n ? ", " : "",
		                      cli_thousands(rep->count[k], a), oruk_kind_name((oruk_kind)k));
	}
	if (rep->removed && n < sizeof rest) /* children the input no longer lists */
		n += (size_t)snprintf(rest + n, sizeof rest - n, "%s%s no longer listed removed",
		                      n ? "; " : "", cli_thousands(rep->removed, a));
	int64_t svc = rep->count[ORUK_SERVICES];
	cli_thousands(secs > 0 ? (int64_t)((double)svc / secs) : 0, c);
	if (fl->dry_run)
		printf("dry run: %s service%s would be imported from %s (checked in %.1f s%s%s); "
		       "nothing changed\n",
		       cli_thousands(svc, a), svc == 1 ? "" : "s", from, secs, n ? ": " : "", rest);
	else
		printf("imported %s service%s (%s new) from %s in %.1f s (%s services/s)%s%s\n",
		       cli_thousands(svc, a), svc == 1 ? "" : "s", cli_thousands(rep->services_new, b),
		       from, secs, c, n ? ": " : "", rest);
	return EXIT_OK;
}

static int import_oruk_run(const import_flags *fl, const char *arg, bool csv)
{
	const char *cmd = "import";
	bool url = !csv && (strncmp(arg, "http://", 7) == 0 || strncmp(arg, "https://", 8) == 0);
	bool from_stdin = !csv && strcmp(arg, "-") == 0;
	FILE *f = NULL;
	if (!csv && !url && !from_stdin && !(f = fopen(arg, "rb")))
		return cli_fail(cmd, EXIT_FAIL, "cannot open %s: %s", arg, strerror(errno));
	char err[512];
	store *s = NULL;
	if (store_open(fl->db, false, &s, err, sizeof err)) {
		if (f)
			fclose(f);
		return cli_fail(cmd, EXIT_FAIL, "%s", err);
	}
	const char *from = from_stdin ? "standard input" : arg;
	cli_progress bar = {.what = "importing", .unit = csv ? "rows" : "services",
	                    .start = cli_now_s()};
	oruk_import_opts o = {.dry_run = fl->dry_run, .source = from};
	if (isatty(STDERR_FILENO)) {
		o.progress = cli_progress_draw;
		o.progress_ctx = &bar;
	}
	oruk_import_report *rep = xcalloc(1, sizeof *rep);
	sn_err e = csv   ? oruk_import_csv_dir(s, arg, &o, rep)
	           : url ? oruk_import_url(s, arg, &o, rep)
	                 : oruk_import_json(s, f ? f : stdin, &o, rep);
	double secs = cli_now_s() - bar.start;
	cli_progress_clear(&bar);
	store_close(s);
	if (f)
		fclose(f);
	int rc = oruk_report(fl, from, e, rep, secs);
	free(rep);
	return rc;
}

static int import_oruk(const import_flags *fl, const char *arg)
{
	if (fl->skip_bad)
		return cli_fail("import", EXIT_USAGE, "--skip-bad is for --postcodes only");
	return import_oruk_run(fl, arg, false);
}

static int import_oruk_csv(const import_flags *fl, const char *arg)
{
	if (fl->skip_bad)
		return cli_fail("import", EXIT_USAGE, "--skip-bad is for --postcodes only");
	return import_oruk_run(fl, arg, true);
}

int cmd_import(int argc, char **argv)
{
	const char *db = NULL, *dry = NULL, *skip = NULL;
	const char *kind_arg[N_KINDS] = {0};
	cli_opt opts[N_KINDS + 4] = {
	    {"--db", true, &db}, {"--dry-run", false, &dry}, {"--skip-bad", false, &skip}};
	for (size_t i = 0; i < N_KINDS; i++)
		opts[3 + i] = (cli_opt){kinds[i].option, true, &kind_arg[i]};
	if (argc < 2) {
		fputs(help, stderr);
		return EXIT_USAGE;
	}
	int rc = cli_parse("import", argc, argv, opts);
	if (rc < 0) {
		fputs(help, stdout);
		return EXIT_OK;
	}
	if (rc)
		return rc;
	const import_kind *k = NULL;
	const char *arg = NULL;
	for (size_t i = 0; i < N_KINDS; i++) {
		if (!kind_arg[i])
			continue;
		if (k)
			return cli_fail("import", EXIT_USAGE, "give one of %s and %s, not both",
			                k->option, kinds[i].option);
		k = &kinds[i];
		arg = kind_arg[i];
	}
	if (!k) {
		fputs(help, stderr);
		return EXIT_USAGE;
	}
	if (!db)
		return cli_fail("import", EXIT_USAGE, "--db is required");
	if (!*arg)
		return cli_fail("import", EXIT_USAGE, "%s needs a file (or - for standard input)",
		                k->option);
	import_flags fl = {.db = db, .dry_run = dry != NULL, .skip_bad = skip != NULL};
	return k->run(&fl, arg);
}
