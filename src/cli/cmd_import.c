/* supportnet import: load reference data from files, a bank statement
 * into a direct-payment ledger, or partners' pathway costs. One kind per
 * run (--postcodes FILE, --oruk FILE|URL, --oruk-csv DIR, --dp-statement
 * FILE, --costs FILE); each kind is a row of `kinds` with its own runner. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "../costs/costs.h"
#include "../directory/oruk/oruk.h"
#include "../directory/geo/geo.h"
#include "../dp/dp.h"
#include "cli.h"

static const char help[] =
    "Usage:\n"
    "  supportnet import --db LOC --postcodes FILE [--dry-run] [--skip-bad]\n"
    "  supportnet import --db LOC --oruk FILE|URL [--dry-run] [--strict] [--report FILE]\n"
    "  supportnet import --db LOC --oruk-csv DIR [--dry-run] [--strict] [--report FILE]\n"
    "  supportnet import --db LOC --dp-statement FILE --account ID [--map SPEC] [--dry-run]\n"
    "                    [--report FILE]\n"
    "  supportnet import --db LOC --costs FILE [--dry-run]\n"
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
    "                  Any record an ORUK API serves imports too (an\n"
    "                  organisation with its services, a service at location,\n"
    "                  a taxonomy, a term, a location).\n"
    "--dp-statement FILE  a bank statement (CSV, \"-\" for standard input, at most\n"
    "                  5 MiB and 20,000 rows) into the ledger of the direct-payment\n"
    "                  account --account ID (its uuid, or its number). Rows already\n"
    "                  in the ledger (from an earlier statement) are skipped and\n"
    "                  counted; money in is a payment in, money out a spend.\n"
    "                  Columns are guessed from the header (Date, Description or\n"
    "                  Details or Memo, Amount, or Paid in and Paid out, Balance,\n"
    "                  Reference, Plan line) or named with --map\n"
    "--map SPEC        (--dp-statement) the columns, e.g.\n"
    "                  \"date=Date,description=Details,in=Paid in,out=Paid out\"\n"
    "                  (keys: date, description, amount, in, out, balance,\n"
    "                  reference, line; a heading or #N for column N); keys\n"
    "                  left out are still guessed\n"
    "--costs FILE      a pathway cost extract from a health or care partner (CSV,\n"
    "                  \"-\" for standard input, at most 20 MiB, 200,000 rows, 64\n"
    "                  bytes a field) with a header row naming nhs_number, date,\n"
    "                  setting and cost_pence (docs/costs.md lists the other\n"
    "                  names accepted and the settings). Each row's NHS number\n"
    "                  is checked (modulus 11) and linked to the person with it;\n"
    "                  a bad row, or one whose NHS number is no one's, is\n"
    "                  listed by row and not stored; the good rows are stored,\n"
    "                  once: a row imported before is skipped. Exit status 0 all\n"
    "                  rows stored (or stored before), 1 some rows refused (the\n"
    "                  rest stored; none with --dry-run) or a runtime failure,\n"
    "                  2 a usage error or the file refused whole.\n"
    "--dry-run         check the whole file and change nothing (--dp-statement:\n"
    "                  list the rows that would be added and the duplicates)\n"
    "--skip-bad        (--postcodes) import the good rows although some are bad\n"
    "                  (the bad ones are listed); without it one bad row changes\n"
    "                  nothing\n"
    "--strict          (--oruk, --oruk-csv) all or nothing: one problem and\n"
    "                  nothing is imported. Without it the import goes record\n"
    "                  by record: a record that cannot be used is skipped, a\n"
    "                  value that can be put right is normalised (\"gbp\" is\n"
    "                  GBP), a bad optional value (a web address that is not\n"
    "                  http or https, a latitude past 90) is left out and the\n"
    "                  record imported, and fields SupportNet does not keep are\n"
    "                  ignored, each with a problem or warning.\n"
    "--report FILE     (--oruk, --oruk-csv) write every problem and warning to\n"
    "                  FILE as JSON (docs/directory.md, \"The import report\");\n"
    "                  (--dp-statement) the rows, duplicates and bad rows as JSON\n"
    "                  (docs/direct-payments.md)\n"
    "\n"
    "A statement with any bad row imports nothing (every bad row is listed).\n"
    "The import is one transaction. Exit status: 0 imported (record by record:\n"
    "also with records skipped, counted on the summary line), 2 bad data\n"
    "(--strict: any problem; otherwise every record skipped; or the input\n"
    "refused whole: not JSON, over a limit; the problems are listed by row,\n"
    "the header being row 1, or by JSON path; nothing changed), 1 a runtime\n"
    "failure (a file, feed or database that cannot be read). A progress bar\n"
    "is drawn on standard error when it is a terminal.\n";

/* What every kind shares. */
typedef struct {
	const char *db;
	bool dry_run, skip_bad, strict;
	const char *report; /* --report FILE, or NULL */
	const char *account, *map; /* --dp-statement's --account ID and --map SPEC */
} import_flags;

typedef struct {
	const char *option; /* "--postcodes" */
	int (*run)(const import_flags *fl, const char *arg);
} import_kind;

static int import_postcodes(const import_flags *fl, const char *arg);
static int import_oruk(const import_flags *fl, const char *arg);
static int import_oruk_csv(const import_flags *fl, const char *arg);
static int import_dp_statement(const import_flags *fl, const char *arg);
static int import_costs(const import_flags *fl, const char *arg);

static const import_kind kinds[] = {
    {"--postcodes", import_postcodes},
    {"--oruk", import_oruk},
    {"--oruk-csv", import_oruk_csv},
    {"--dp-statement", import_dp_statement},
    {"--costs", import_costs},
};
enum { N_KINDS = sizeof kinds / sizeof kinds[0] };

/* ---- --postcodes ---- */

static int import_postcodes(const import_flags *fl, const char *arg)
{
	const char *cmd = "import";
	if (fl->strict || fl->report)
		return cli_fail(cmd, EXIT_USAGE, "%s is not for --postcodes",
		                fl->strict ? "--strict" : "--report");
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

/* The report file: {"format", "source", ..., "issues": [...], "summary":
 * {...}}, the issues written as they come (docs/directory.md, "The import
 * report"). */
typedef struct {
	FILE *f;
	int64_t n;
} report_file;

static void json_out(FILE *f, const char *s)
{
	json_t *j = json_string(s ? s : "");
	char *t = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
	fputs(t ? t : "\"\"", f);
	free(t);
	json_decref(j);
}

static void on_issue(void *ctx, const oruk_issue *is)
{
	report_file *rf = ctx;
	FILE *f = rf->f;
	fputs(rf->n++ ? ",\n    {" : "\n    {", f);
	fputs("\"severity\": ", f);
	json_out(f, is->warning ? "warning" : "problem");
	static const char *const keys[] = {"record", "id",      "path",  "field",
	                                   "code",   "message", "action"};
	const char *vals[] = {is->kind, is->id, is->path, is->field, is->code, is->message, is->action};
	for (size_t i = 0; i < SN_ARRAY_LEN(keys); i++) {
		fprintf(f, ", \"%s\": ", keys[i]);
		json_out(f, vals[i]);
	}
	fputc('}', f);
}

static void report_start(report_file *rf, const import_flags *fl, const char *from, bool csv)
{
	fputs("{\n  \"format\": \"supportnet-import-report/1\",\n  \"source\": ", rf->f);
	json_out(rf->f, from);
	fprintf(rf->f,
	        ",\n  \"input\": \"%s\",\n  \"mode\": \"%s\",\n  \"dry_run\": %s,\n  \"issues\": [",
	        csv ? "oruk-csv" : "oruk", fl->strict ? "strict" : "record",
	        fl->dry_run ? "true" : "false");
}

static void counts_out(FILE *f, const int64_t *count)
{
	int n = 0;
	fputc('{', f);
	for (int k = 0; k < ORUK_N_KINDS; k++)
		if (count[k])
			fprintf(f, "%s\"%s\": %lld", n++ ? ", " : "", oruk_kind_name((oruk_kind)k),
			        (long long)count[k]);
	fputc('}', f);
}

static void report_end(report_file *rf, sn_err e, const oruk_import_report *rep)
{
	FILE *f = rf->f;
	const char *result = e == SN_OK ? (rep->changed ? "imported" : "checked")
	                     : e == SN_EINPUT || e == SN_ETOOBIG ? "refused"
	                                                         : "failed";
	fprintf(f,
	        "%s],\n  \"summary\": {\"result\": \"%s\", \"records\": %lld, "
	        "\"records_skipped\": %lld, \"problems\": %lld, \"warnings\": %lld, \"rows\": ",
	        rf->n ? "\n  " : "", result, (long long)rep->records,
	        (long long)rep->records_skipped, (long long)rep->n_errors,
	        (long long)rep->n_warnings);
	counts_out(f, rep->count);
	fputs(", \"rows_skipped\": ", f);
	counts_out(f, rep->skipped);
	if (rep->error[0]) {
		fputs(", \"error\": ", f);
		json_out(f, rep->error);
	}
	fputs("}\n}\n", f);
}

/* "; skipped services: 1, schedules: 2; 5 warnings" */
static void skipped_words(const oruk_import_report *rep, char *out, size_t size)
{
	size_t n = 0;
	char a[32];
	out[0] = 0;
	int64_t any = 0;
	for (int k = 0; k < ORUK_N_KINDS; k++)
		any += rep->skipped[k];
	if (any)
		n += (size_t)snprintf(out + n, size - n, "; skipped");
	for (int k = 0, i = 0; k < ORUK_N_KINDS && n < size; k++)
		if (rep->skipped[k])
			n += (size_t)snprintf(out + n, size - n, "%s %s: %s", i++ ? "," : "",
			                      oruk_kind_name((oruk_kind)k),
			                      cli_thousands(rep->skipped[k], a));
	if (rep->n_warnings && n < size)
		snprintf(out + n, size - n, "; %s warning%s", cli_thousands(rep->n_warnings, a),
		         rep->n_warnings == 1 ? "" : "s");
}

static int oruk_report(const import_flags *fl, const char *from, sn_err e,
                       const oruk_import_report *rep, double secs)
{
	const char *cmd = "import";
	for (size_t i = 0; i < rep->n_problems; i++)
		fprintf(stderr, "%s\n", rep->problems[i]);
	int64_t more = rep->n_errors + rep->n_warnings - (int64_t)rep->n_problems;
	char a[32], b[32], c[32], sk[512];
	if (more > 0 && !rep->gave_up)
		fprintf(stderr, "... and %s more (%s)\n", cli_thousands(more, a),
		        fl->report ? "every one is in the report" : "--report FILE lists every one");
	skipped_words(rep, sk, sizeof sk);
	if (e == SN_EINPUT || e == SN_ETOOBIG) {
		if (rep->error[0])
			return cli_fail(cmd, EXIT_USAGE, "%s", rep->error);
		if (!fl->strict && e == SN_EINPUT && rep->records_skipped && !rep->records &&
		    rep->n_problems && !rep->gave_up)
			return cli_fail(cmd, EXIT_USAGE, "no record in %s could be used (%s skipped): %s",
			                from, cli_thousands(rep->records_skipped, a),
			                fl->dry_run ? "nothing would be imported (a dry run)"
			                            : "nothing imported");
		return cli_fail(cmd, EXIT_USAGE, "%s%s problem%s in %s: %s",
		                rep->gave_up ? "giving up after " : "", cli_thousands(rep->n_errors, a),
		                rep->n_errors == 1 ? "" : "s", from,
		                fl->dry_run ? "it would not be imported (a dry run; nothing changed)"
		                            : "nothing imported");
	}
	if (e)
		return cli_fail(cmd, EXIT_FAIL, "%s", rep->error[0] ? rep->error : sn_err_name(e));
	/* "imported 300 services (300 new) from x.json in 0.4 s (750 services/s):
	 * 36 organizations, ...; skipped 2 services; 4 warnings" */
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
		printf("dry run: %s service%s would be imported from %s (checked in %.1f s%s%s)%s; "
		       "nothing changed\n",
		       cli_thousands(svc, a), svc == 1 ? "" : "s", from, secs, n ? ": " : "", rest, sk);
	else
		printf("imported %s service%s (%s new) from %s in %.1f s (%s services/s)%s%s%s\n",
		       cli_thousands(svc, a), svc == 1 ? "" : "s", cli_thousands(rep->services_new, b),
		       from, secs, c, n ? ": " : "", rest, sk);
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
	report_file rf = {0};
	if (fl->report && !(rf.f = fopen(fl->report, "w"))) {
		if (f)
			fclose(f);
		return cli_fail(cmd, EXIT_FAIL, "cannot write %s: %s", fl->report, strerror(errno));
	}
	char err[512];
	store *s = NULL;
	if (store_open(fl->db, false, &s, err, sizeof err)) {
		if (f)
			fclose(f);
		if (rf.f)
			fclose(rf.f);
		return cli_fail(cmd, EXIT_FAIL, "%s", err);
	}
	const char *from = from_stdin ? "standard input" : arg;
	cli_progress bar = {.what = "importing", .unit = csv ? "rows" : "services",
	                    .start = cli_now_s()};
	oruk_import_opts o = {.dry_run = fl->dry_run, .strict = fl->strict, .source = from};
	if (isatty(STDERR_FILENO)) {
		o.progress = cli_progress_draw;
		o.progress_ctx = &bar;
	}
	if (rf.f) {
		report_start(&rf, fl, from, csv);
		o.issue = on_issue;
		o.issue_ctx = &rf;
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
	if (rf.f) {
		report_end(&rf, e, rep);
		if (fclose(rf.f) != 0 && rc == EXIT_OK)
			rc = cli_fail(cmd, EXIT_FAIL, "cannot write %s", fl->report);
	}
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

/* ---- --dp-statement ---- */

/* The whole file (or standard input) into *out, at most max bytes: over it
 * *too_big is set. NULL when it cannot be read. */
static char *read_all(FILE *f, size_t max, size_t *len, bool *too_big)
{
	size_t cap = 64 * 1024, n = 0;
	char *b = xmalloc(cap);
	*too_big = false;
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				*too_big = true;
				break;
			}
			cap *= 2;
			b = xrealloc(b, cap);
		}
		size_t got = fread(b + n, 1, cap - n, f);
		n += got;
		if (!got) {
			if (ferror(f)) {
				free(b);
				return NULL;
			}
			break;
		}
	}
	*too_big = *too_big || n > max;
	*len = n;
	return b;
}

/* "  + 2026-01-31  -£12.50  Tesco (line pa)" */
static void row_line(const char *mark, const dp_row *r)
{
	char m[40];
	money_text(r->amount_pence, m);
	int chars = 0; /* "£" is two bytes: pad by characters */
	for (const char *p = m; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	printf("  %s row %lld  %s  %*s%s  %s%s%s%s\n", mark, (long long)r->row, r->on_date,
	       chars < 10 ? 10 - chars : 0, "", m, r->description, r->line[0] ? " (line " : "",
	       r->line, r->line[0] ? ")" : "");
}

static int dp_summary(const import_flags *fl, const char *from, const dp_account *acct,
                      const dp_import_report *rep, double secs)
{
	const dp_statement *st = &rep->st;
	char cols[512], a[32], b[32];
	dp_mapping_text(&st->map, cols, sizeof cols);
	printf("columns: %s\n", cols);
	if (st->header_row > 1)
		printf("rows 1 to %lld before the header skipped\n", (long long)st->header_row - 1);
	if (st->cp1252)
		printf("the file is not UTF-8: read as Windows-1252\n");
	if (fl->dry_run)
		for (size_t i = 0; i < st->n_rows; i++)
			row_line(st->rows[i].duplicate ? "= (already in the ledger)" : "+", &st->rows[i]);
	char extra[160] = "";
	size_t n = (size_t)snprintf(extra, sizeof extra, "%s already in the ledger skipped",
	                            cli_thousands(rep->duplicates, b));
	if (st->blank_rows + st->zero_rows && n < sizeof extra)
		snprintf(extra + n, sizeof extra - n, ", %s empty or 0.00 skipped",
		         cli_thousands(st->blank_rows + st->zero_rows, a));
	if (fl->dry_run)
		printf("dry run: %s row%s would be added to account %s from %s (%s); nothing changed\n",
		       cli_thousands(rep->added, a), rep->added == 1 ? "" : "s", acct->uuid, from, extra);
	else if (!rep->import_id)
		printf("nothing new: imported 0 rows into account %s from %s (%s)\n", acct->uuid, from,
		       extra);
	else
		printf("imported %s row%s into account %s from %s in %.1f s (%s)\n",
		       cli_thousands(rep->added, a), rep->added == 1 ? "" : "s", acct->uuid, from, secs,
		       extra);
	return EXIT_OK;
}

static int dp_outcome(const import_flags *fl, const char *from, sn_err e,
                      const dp_import_report *rep)
{
	const char *cmd = "import";
	const dp_statement *st = &rep->st;
	for (size_t i = 0; i < st->n_problems; i++)
		fprintf(stderr, "%s\n", st->problems[i].text);
	char a[32];
	if (st->n_more)
		fprintf(stderr, "... and %s more bad row%s%s\n", cli_thousands(st->n_more, a),
		        st->n_more == 1 ? "" : "s", fl->report ? " (every one is in the report)" : "");
	const char *nothing =
	    fl->dry_run ? "it would not be imported (a dry run; nothing changed)" : "nothing imported";
	if ((e == SN_EINPUT || e == SN_ETOOBIG) && st->bad_rows && !st->error[0])
		return cli_fail(cmd, EXIT_USAGE, "%s bad row%s in %s: %s", cli_thousands(st->bad_rows, a),
		                st->bad_rows == 1 ? "" : "s", from, nothing);
	if (e == SN_EINPUT || e == SN_ETOOBIG)
		return cli_fail(cmd, EXIT_USAGE, "%s refused: %s%s; %s", from, st->error,
		                strncmp(st->error, "mapping", 7) == 0 ||
		                        strncmp(st->error, "cannot tell", 11) == 0
		                    ? " (--map SPEC)"
		                    : "",
		                nothing);
	return cli_fail(cmd, EXIT_FAIL, "%s", rep->error[0] ? rep->error : sn_err_name(e));
}

static int dp_write_report(const import_flags *fl, const dp_account *acct, sn_err e,
                           const dp_import_report *rep)
{
	json_t *j = dp_import_report_to_json(rep, acct, e, fl->dry_run);
	int rc = json_dump_file(j, fl->report, JSON_INDENT(2)) == 0 ? EXIT_OK : EXIT_FAIL;
	json_decref(j);
	if (rc)
		cli_fail("import", EXIT_FAIL, "cannot write %s", fl->report);
	return rc;
}

static int import_dp_statement(const import_flags *fl, const char *arg)
{
	const char *cmd = "import";
	if (fl->strict || fl->skip_bad)
		return cli_fail(cmd, EXIT_USAGE, "%s is not for --dp-statement",
		                fl->strict ? "--strict" : "--skip-bad");
	if (!fl->account || !*fl->account)
		return cli_fail(cmd, EXIT_USAGE, "--dp-statement needs --account ID (the account's uuid)");
	bool from_stdin = strcmp(arg, "-") == 0;
	const char *from = from_stdin ? "standard input" : arg;
	FILE *f = from_stdin ? stdin : fopen(arg, "rb");
	if (!f)
		return cli_fail(cmd, EXIT_FAIL, "cannot open %s: %s", arg, strerror(errno));
	size_t len = 0;
	bool too_big = false;
	char *data = read_all(f, DP_FILE_BYTES_MAX, &len, &too_big);
	if (!from_stdin)
		fclose(f);
	if (!data)
		return cli_fail(cmd, EXIT_FAIL, "cannot read %s", from);
	char err[512];
	store *s = NULL;
	if (too_big || store_open(fl->db, false, &s, err, sizeof err)) {
		free(data);
		return too_big ? cli_fail(cmd, EXIT_USAGE, "%s refused: larger than 5 MiB; nothing "
		                          "imported", from)
		               : cli_fail(cmd, EXIT_FAIL, "%s", err);
	}
	arena *a = arena_new();
	dp_account acct;
	sn_err e = dp_account_find(s, fl->account, a, &acct);
	int rc = EXIT_OK;
	if (e) {
		rc = e == SN_ENOTFOUND
		         ? cli_fail(cmd, EXIT_USAGE, "--account: no direct-payment account '%s'",
		                    fl->account)
		         : cli_fail(cmd, EXIT_FAIL, "%s", store_errmsg(s));
		goto out;
	}
	const char *base = strrchr(arg, '/');
	dp_import_opts o = {.spec = fl->map,
	                    .file_name = from_stdin ? "-" : base ? base + 1 : arg,
	                    .dry_run = fl->dry_run};
	dp_import_report *rep = xcalloc(1, sizeof *rep);
	double t0 = cli_now_s();
	e = dp_import(s, &acct, data, len, &o, a, rep);
	double secs = cli_now_s() - t0;
	rc = e ? dp_outcome(fl, from, e, rep) : dp_summary(fl, from, &acct, rep, secs);
	if (fl->report && dp_write_report(fl, &acct, e, rep) && rc == EXIT_OK)
		rc = EXIT_FAIL;
	free(rep);
out:
	arena_free(a);
	store_close(s);
	free(data);
	return rc;
}

/* ---- --costs ---- */

/* The problems in row order (the unknown NHS numbers are found after the
 * bad fields): "row N: ...". */
static int by_row(const void *pa, const void *pb)
{
	long long a = atoll(*(char *const *)pa + 4), b = atoll(*(char *const *)pb + 4);
	return (a > b) - (a < b);
}

static void costs_summary(const import_flags *fl, const char *from, const costs_extract *x,
                          const costs_import_result *res)
{
	qsort(x->problems, x->n_problems, sizeof *x->problems, by_row);
	for (size_t i = 0; i < x->n_problems; i++)
		fprintf(stderr, "%s\n", x->problems[i]);
	char a[32], b[32], c[32], d[32];
	if (x->n_more)
		fprintf(stderr, "... and %s more refused row%s\n", cli_thousands(x->n_more, a),
		        x->n_more == 1 ? "" : "s");
	cli_thousands(res->stored, a);
	cli_thousands(res->already, b);
	cli_thousands(x->bad_rows, c);
	cli_thousands(x->rows_read, d);
	if (fl->dry_run)
		printf("dry run: %s of %s row%s in %s would be stored (%s stored before, %s refused); "
		       "nothing changed\n",
		       a, d, x->rows_read == 1 ? "" : "s", from, b, c);
	else
		printf("imported %s of %s row%s from %s as import %s (%s stored before, %s refused)\n", a, d,
		       x->rows_read == 1 ? "" : "s", from, res->import_uuid, b, c);
}

static int import_costs(const import_flags *fl, const char *arg)
{
	const char *cmd = "import";
	if (fl->strict || fl->skip_bad || fl->report)
		return cli_fail(cmd, EXIT_USAGE, "%s is not for --costs",
		                fl->strict ? "--strict" : fl->skip_bad ? "--skip-bad" : "--report");
	bool from_stdin = strcmp(arg, "-") == 0;
	const char *from = from_stdin ? "standard input" : arg;
	FILE *f = from_stdin ? stdin : fopen(arg, "rb");
	if (!f)
		return cli_fail(cmd, EXIT_FAIL, "cannot open %s: %s", arg, strerror(errno));
	size_t len = 0;
	bool too_big = false;
	char *data = read_all(f, COSTS_FILE_BYTES_MAX, &len, &too_big);
	if (!from_stdin)
		fclose(f);
	if (!data)
		return cli_fail(cmd, EXIT_FAIL, "cannot read %s", from);
	if (too_big) {
		free(data);
		return cli_fail(cmd, EXIT_USAGE, "%s refused: larger than 20 MiB; nothing imported", from);
	}
	char now[21], today[11], sha[65], err[512];
	time_iso8601(time_now(), now);
	snprintf(today, sizeof today, "%.10s", now);
	sha256_hex(data, len, sha);
	arena *a = arena_new();
	costs_extract *x = xcalloc(1, sizeof *x);
	store *s = NULL;
	int rc = EXIT_OK;
	sn_err e = costs_read(data, len, today, a, x);
	if (e) {
		rc = cli_fail(cmd, EXIT_USAGE, "%s: %s; nothing imported", from, x->error);
		goto out;
	}
	if (store_open(fl->db, false, &s, err, sizeof err)) {
		rc = cli_fail(cmd, EXIT_FAIL, "%s", err);
		goto out;
	}
	const char *user = getenv("USER");
	costs_import_opts o = {.file_name = from_stdin ? "-" : arg,
	                       .by = arena_printf(a, "cli:%s", user && *user ? user : "unknown"),
	                       .dry_run = fl->dry_run};
	costs_import_result res;
	e = costs_import(s, x, sha, &o, a, &res);
	if (e) {
		rc = cli_fail(cmd, EXIT_FAIL, "%s", store_errmsg(s));
		goto out;
	}
	costs_summary(fl, from, x, &res);
	rc = x->bad_rows ? EXIT_FAIL : EXIT_OK;
out:
	store_close(s);
	free(x);
	arena_free(a);
	free(data);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	const char *db = NULL, *dry = NULL, *skip = NULL, *strict = NULL, *report = NULL;
	const char *account_id = NULL, *map = NULL;
	const char *kind_arg[N_KINDS] = {0};
	cli_opt opts[N_KINDS + 8] = {{"--db", true, &db},
	                             {"--dry-run", false, &dry},
	                             {"--skip-bad", false, &skip},
	                             {"--strict", false, &strict},
	                             {"--report", true, &report},
	                             {"--account", true, &account_id},
	                             {"--map", true, &map}};
	for (size_t i = 0; i < N_KINDS; i++)
		opts[7 + i] = (cli_opt){kinds[i].option, true, &kind_arg[i]};
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
	if (report && !*report)
		return cli_fail("import", EXIT_USAGE, "--report needs a file name");
	if ((account_id || map) && k->run != import_dp_statement)
		return cli_fail("import", EXIT_USAGE, "%s is for --dp-statement only",
		                account_id ? "--account" : "--map");
	import_flags fl = {.db = db,
	                   .dry_run = dry != NULL,
	                   .skip_bad = skip != NULL,
	                   .strict = strict != NULL,
	                   .report = report,
	                   .account = account_id,
	                   .map = map};
	return k->run(&fl, arg);
}
