/* supportnet import: load reference data from files. One kind per run
 * (--postcodes FILE today); each kind is a row of `kinds` with its own
 * runner, so another (--oruk FILE|URL) is one row and one function. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../directory/postcodes.h"
#include "cli.h"

static const char help[] =
    "Usage:\n"
    "  supportnet import --db LOC --postcodes FILE [--dry-run] [--skip-bad]\n"
    "\n"
    "--postcodes FILE  postcode centroids from a CSV file (\"-\" for standard\n"
    "                  input) with a header row: the postcode column named pcds,\n"
    "                  pcd or postcode, latitude lat or latitude, longitude long,\n"
    "                  lon or longitude (the ONS Postcode Directory and\n"
    "                  ukpostcodes.csv both work as published). Known postcodes\n"
    "                  are updated. Rows the ONS marks as having no location\n"
    "                  (latitude 99.999999) are skipped and counted.\n"
    "--dry-run         check the whole file and change nothing\n"
    "--skip-bad        import the good rows although some are bad (the bad\n"
    "                  ones are listed); without it one bad row changes nothing\n"
    "\n"
    "The import is one transaction. Exit status: 0 imported, 2 bad data (the\n"
    "problems are listed by row, the header being row 1; nothing changed),\n"
    "1 a runtime failure. A progress bar is drawn on standard error when it is\n"
    "a terminal.\n";

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

static const import_kind kinds[] = {
    {"--postcodes", import_postcodes},
};
enum { N_KINDS = sizeof kinds / sizeof kinds[0] };

/* 1234567 -> "1,234,567" */
static const char *thousands(int64_t v, char out[static 32])
{
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? -v : v));
	size_t k = 0;
	if (v < 0)
		out[k++] = '-';
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	out[k] = 0;
	return out;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the progress bar: one line on stderr, redrawn with \r ---- */

typedef struct {
	const char *what;
	double start, last;
	bool drawn;
} progress_bar;

static void bar_draw(void *ctx, int64_t rows, int64_t bytes, int64_t total)
{
	progress_bar *b = ctx;
	double t = now_s();
	if (b->drawn && t - b->last < 0.1)
		return;
	b->last = t;
	b->drawn = true;
	double secs = t - b->start;
	char r[32], rate[32];
	thousands(rows, r);
	thousands(secs > 0 ? (int64_t)((double)rows / secs) : 0, rate);
	if (total > 0) {
		enum { W = 30 };
		int pct = (int)(bytes * 100 / total);
		if (pct > 100)
			pct = 100;
		char bar[W + 1];
		int fill = pct * W / 100;
		for (int i = 0; i < W; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[W] = 0;
		fprintf(stderr, "\r%s [%s] %3d%%  %s rows  %s rows/s\033[K", b->what, bar, pct, r,
		        rate);
	} else {
		fprintf(stderr, "\r%s  %s rows  %.1f MB  %s rows/s\033[K", b->what, r,
		        (double)bytes / 1e6, rate);
	}
	fflush(stderr);
}

static void bar_clear(progress_bar *b)
{
	if (b->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}

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
	progress_bar bar = {.what = "importing postcodes", .start = now_s()};
	postcodes_import_opts o = {.dry_run = fl->dry_run, .skip_bad = fl->skip_bad};
	if (isatty(STDERR_FILENO)) {
		o.progress = bar_draw;
		o.progress_ctx = &bar;
	}
	postcodes_import_report *rep = xcalloc(1, sizeof *rep);
	sn_err e = postcodes_import_csv(s, f, &o, rep);
	double secs = now_s() - bar.start;
	bar_clear(&bar);
	store_close(s);
	if (!from_stdin)
		fclose(f);
	for (size_t i = 0; i < rep->n_problems; i++)
		fprintf(stderr, "%s\n", rep->problems[i]);
	char more[32], a[32], b[32], c[32];
	if (rep->n_more)
		fprintf(stderr, "... and %s more problem%s\n", thousands(rep->n_more, more),
		        rep->n_more == 1 ? "" : "s");
	int rc = EXIT_OK;
	if (e == SN_EINPUT || e == SN_ETOOBIG) {
		if (rep->bad && e == SN_EINPUT)
			rc = cli_fail(
			    cmd, EXIT_USAGE, "%s bad row%s in %s: %s", thousands(rep->bad, a),
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
			                      thousands(rep->no_location, b));
		if (rep->bad && n < sizeof extra)
			snprintf(extra + n, sizeof extra - n, ", %s bad row%s skipped",
			         thousands(rep->bad, c), rep->bad == 1 ? "" : "s");
		if (fl->dry_run)
			printf("dry run: %s postcode%s would be imported (%s rows checked%s) in "
			       "%.1f s; "
			       "nothing changed\n",
			       thousands(rep->imported, a), rep->imported == 1 ? "" : "s",
			       thousands(rep->rows, more), extra, secs);
		else
			printf("imported %s postcode%s (%s new%s) in %.1f s\n",
			       thousands(rep->imported, a), rep->imported == 1 ? "" : "s",
			       thousands(rep->added, more), extra, secs);
	}
	free(rep);
	return rc;
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
