/* supportnet timebank: verify the ledger; the bank's code and its
 * partners; the inter-bank file's export and import (docs/timebank.md).
 * `timebank verify --db LOC` is a fixed command line that checks outside
 * SupportNet rely on: exit 0 when the ledger holds (one line on stdout), 1
 * naming the first transfer that breaks it (one line on stderr), 2 for a
 * usage error or a database that cannot be opened. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../timebank/tb_act.h"
#include "cli.h"

static const char timebank_help[] =
	"Usage: supportnet timebank verify --db LOC\n"
	"       supportnet timebank bank --db LOC [--code CODE --name NAME]\n"
	"       supportnet timebank partner --db LOC --code CODE --name NAME\n"
	"       supportnet timebank export --db LOC --bank CODE --out FILE\n"
	"       supportnet timebank import --db LOC --file FILE [--dry-run]\n\n"
	"verify   check that every transfer's entries sum to zero (and that each has\n"
	"         two or more, and no entry points at a missing transfer) and that\n"
	"         the whole ledger sums to zero. Exit 0 when it holds, printing\n"
	"         the transfers, entries and minutes moved; 1 naming the first\n"
	"         transfer (lowest id) that breaks it, on stderr; 2 for a usage\n"
	"         error or a database that cannot be opened.\n"
	"bank     show this timebank's code and name, or set them (the code is what\n"
	"         partner banks know it by: 2 to 16 capital letters and digits; it\n"
	"         cannot change once inter-bank transfers exist)\n"
	"partner  add a partner timebank (or rename one) and its inter-bank account\n"
	"export   write every transfer sent to members of bank CODE as a file for it\n"
	"import   credit members here with the transfers in a partner's file; a\n"
	"         transfer imported before is skipped, so importing a file twice\n"
	"         changes nothing. A bad file changes nothing and the error names\n"
	"         the field. --dry-run checks and counts only.\n\n"
	"  --db LOC   database: a SQLite file path or postgres:// URL\n";

/* Opens a migrated store; prints why not and returns EXIT_USAGE (the
 * database cannot be used). */
static int open_db(const char *cmd, const char *db, store **s)
{
	char err[512] = "";
	if (!db)
		return cli_fail(cmd, EXIT_USAGE, "--db is required");
	if (store_open(db, false, s, err, sizeof err))
		return cli_fail(cmd, EXIT_USAGE, "cannot open the database: %s", err);
	if (store_schema_version(*s) < store_latest_version()) {
		store_close(*s);
		return cli_fail(cmd, EXIT_USAGE, "the database is not migrated: run 'supportnet migrate --db %s'", db);
	}
	return EXIT_OK;
}

static int verify(int argc, char **argv)
{
	const char *db = NULL;
	cli_opt opts[] = {{"--db", true, &db}, {0}};
	int rc = cli_parse("timebank verify", argc, argv, opts);
	if (rc)
		return rc < 0 ? (fputs(timebank_help, stdout), EXIT_OK) : rc;
	store *s = NULL;
	if ((rc = open_db("timebank verify", db, &s)))
		return rc;
	tb_walk w;
	char bad[37];
	sn_err e = store_begin(s);
	if (!e)
		e = tb_verify(s, &w, bad);
	store_rollback(s);
	if (e) {
		int code = cli_fail("timebank verify", EXIT_USAGE, "cannot read the ledger: %s", store_errmsg(s));
		store_close(s);
		return code;
	}
	store_close(s);
	char t[32], n[32], m[32];
	if (w.fault == TB_FAULT_NONE) {
		printf("the timebank ledger holds: %s transfers, %s entries, %s minutes moved\n",
		       cli_thousands(w.transfers, t), cli_thousands(w.entries, n), cli_thousands(w.moved, m));
		return EXIT_OK;
	}
	if (w.fault == TB_FAULT_TOTAL)
		return cli_fail("timebank verify", EXIT_FAIL, "the whole ledger sums to %lld minutes, not 0",
				(long long)w.bad_sum);
	return cli_fail("timebank verify", EXIT_FAIL, "transfer %lld (%s) breaks the ledger: %s (sum %lld over %lld "
			"entr%s)", (long long)w.bad_id, bad[0] ? bad : "no such transfer", tb_fault_words(w.fault),
			(long long)w.bad_sum, (long long)w.bad_entries, w.bad_entries == 1 ? "y" : "ies");
}

static int bank(int argc, char **argv)
{
	const char *db = NULL, *code = NULL, *name = NULL;
	cli_opt opts[] = {{"--db", true, &db}, {"--code", true, &code}, {"--name", true, &name}, {0}};
	int rc = cli_parse("timebank bank", argc, argv, opts);
	if (rc)
		return rc < 0 ? (fputs(timebank_help, stdout), EXIT_OK) : rc;
	if ((code || name) && (!code || !name || !tb_code_ok(code) || !*name || strlen(name) > 100))
		return cli_fail("timebank bank", EXIT_USAGE, "--code (2 to 16 capital letters and digits) and --name "
				"(1 to 100 characters) go together");
	store *s = NULL;
	if ((rc = open_db("timebank bank", db, &s)))
		return rc;
	arena *a = arena_new();
	char now[21];
	time_iso8601(time_now(), now);
	const char *c = "", *n = "";
	sn_err e = SN_OK;
	if (code) {
		e = store_begin_write(s);
		if (!e)
			e = tb_bank_set(s, code, name, now);
		if (!e)
			e = store_commit(s);
		store_rollback(s);
	}
	if (!e)
		e = tb_bank_get(s, a, &c, &n);
	if (!e)
		printf("%s %s\n", c, n);
	store_close(s);
	arena_free(a);
	if (e == SN_ECONFLICT)
		return cli_fail("timebank bank", EXIT_FAIL, "--code: %s is a partner's code, or inter-bank transfers "
				"already know this bank by its code", code);
	return e ? cli_fail("timebank bank", EXIT_FAIL, "cannot %s the bank", code ? "set" : "read") : EXIT_OK;
}

static int partner(int argc, char **argv)
{
	const char *db = NULL, *code = NULL, *name = NULL;
	cli_opt opts[] = {{"--db", true, &db}, {"--code", true, &code}, {"--name", true, &name}, {0}};
	int rc = cli_parse("timebank partner", argc, argv, opts);
	if (rc)
		return rc < 0 ? (fputs(timebank_help, stdout), EXIT_OK) : rc;
	if (!code || !tb_code_ok(code))
		return cli_fail("timebank partner", EXIT_USAGE, "--code must be 2 to 16 capital letters and digits");
	if (!name || !*name || strlen(name) > 100)
		return cli_fail("timebank partner", EXIT_USAGE, "--name must be 1 to 100 characters");
	store *s = NULL;
	if ((rc = open_db("timebank partner", db, &s)))
		return rc;
	char now[21], uuid[37] = "";
	time_iso8601(time_now(), now);
	sn_err e = store_begin_write(s);
	if (!e)
		e = tb_partner_put(s, code, name, now, uuid);
	if (!e)
		e = store_commit(s);
	store_rollback(s);
	store_close(s);
	if (e == SN_ECONFLICT)
		return cli_fail("timebank partner", EXIT_FAIL, "--code: %s is this bank's own code", code);
	if (e)
		return cli_fail("timebank partner", EXIT_FAIL, "cannot add the partner");
	printf("partner %s: %s\n", code, name);
	return EXIT_OK;
}

static int export_file(int argc, char **argv)
{
	const char *db = NULL, *code = NULL, *out = NULL;
	cli_opt opts[] = {{"--db", true, &db}, {"--bank", true, &code}, {"--out", true, &out}, {0}};
	int rc = cli_parse("timebank export", argc, argv, opts);
	if (rc)
		return rc < 0 ? (fputs(timebank_help, stdout), EXIT_OK) : rc;
	if (!code || !tb_code_ok(code))
		return cli_fail("timebank export", EXIT_USAGE, "--bank must be a partner's code");
	if (!out)
		return cli_fail("timebank export", EXIT_USAGE, "--out FILE is required");
	store *s = NULL;
	if ((rc = open_db("timebank export", db, &s)))
		return rc;
	arena *a = arena_new();
	char now[21], err[300] = "";
	time_iso8601(time_now(), now);
	char *text = NULL;
	int64_t n = 0;
	sn_err e = store_begin(s);
	if (!e)
		e = tb_export(s, code, now, a, &text, &n, err, sizeof err);
	store_rollback(s);
	store_close(s);
	arena_free(a);
	if (e) {
		free(text);
		return cli_fail("timebank export", EXIT_FAIL, "%s", *err ? err : "cannot read the ledger");
	}
	FILE *f = fopen(out, "wx");
	bool ok = f && fputs(text, f) >= 0 && fputc('\n', f) != EOF;
	ok = f && fclose(f) == 0 && ok;
	free(text);
	if (!ok)
		return cli_fail("timebank export", EXIT_FAIL, "--out: cannot write %s (it must not exist yet)", out);
	printf("wrote %lld transfer%s for %s to %s\n", (long long)n, n == 1 ? "" : "s", code, out);
	return EXIT_OK;
}

/* The file whole, at most TB_FILE_MAX bytes (malloc'd). */
static int read_file(const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return cli_fail("timebank import", EXIT_FAIL, "--file: cannot open %s", path);
	*text = xmalloc(TB_FILE_MAX + 2);
	*len = fread(*text, 1, TB_FILE_MAX + 1, f);
	bool bad = ferror(f);
	fclose(f);
	if (bad || *len > TB_FILE_MAX) {
		free(*text);
		return cli_fail("timebank import", EXIT_FAIL, bad ? "--file: cannot read %s"
				: "--file: %s is larger than 1 MiB", path);
	}
	(*text)[*len] = 0;
	return EXIT_OK;
}

static int import_file(int argc, char **argv)
{
	const char *db = NULL, *path = NULL, *dry = NULL;
	cli_opt opts[] = {{"--db", true, &db}, {"--file", true, &path}, {"--dry-run", false, &dry}, {0}};
	int rc = cli_parse("timebank import", argc, argv, opts);
	if (rc)
		return rc < 0 ? (fputs(timebank_help, stdout), EXIT_OK) : rc;
	if (!path)
		return cli_fail("timebank import", EXIT_USAGE, "--file FILE is required");
	char *text = NULL;
	size_t len = 0;
	if ((rc = read_file(path, &text, &len)))
		return rc;
	store *s = NULL;
	if ((rc = open_db("timebank import", db, &s))) {
		free(text);
		return rc;
	}
	arena *a = arena_new();
	char now[21], err[300] = "";
	time_iso8601(time_now(), now);
	int64_t added = 0, skipped = 0;
	sn_err e = tb_import(s, text, len, dry != NULL, now, a, &added, &skipped, err, sizeof err);
	free(text);
	store_close(s);
	arena_free(a);
	if (e)
		return cli_fail("timebank import", EXIT_FAIL, "%s; nothing was imported", err);
	printf("%s%lld transfer%s added, %lld already imported\n", dry ? "dry run: " : "", (long long)added,
	       added == 1 ? "" : "s", (long long)skipped);
	return EXIT_OK;
}

int cmd_timebank(int argc, char **argv)
{
	if (argc < 2 || str_eq(argv[1], "--help") || str_eq(argv[1], "-h")) {
		fputs(timebank_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} subs[] = {{"verify", verify}, {"bank", bank}, {"partner", partner}, {"export", export_file},
		    {"import", import_file}};
	for (size_t i = 0; i < SN_ARRAY_LEN(subs); i++)
		if (str_eq(argv[1], subs[i].name))
			return subs[i].fn(argc - 1, argv + 1);
	return cli_fail("timebank", EXIT_USAGE, "unknown subcommand '%s' (see 'supportnet timebank --help')", argv[1]);
}
