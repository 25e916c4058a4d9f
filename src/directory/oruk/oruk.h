/* oruk/: the directory as Open Referral UK 3.0 (HSDS 3.0). Prefix: oruk_.
 * Import and export: JSON (an array of fully nested services, the API's
 * paging envelope, or one service, organisation, taxonomy, term, location
 * or service at location; from a file or followed page by page from a
 * feed's URL) and the HSDS 3.0 CSV tables (one file per table in a
 * folder). An import upserts by id in one transaction. By default it goes
 * record by record: a record that cannot be used is skipped, a value that
 * can be put right is normalised, a bad optional value is dropped, each
 * with an issue reported; strict keeps all-or-nothing (a bad file changes
 * nothing). Only http and https addresses are stored (str_is_web_url). An
 * export holds only published records and nothing private. The API's pages are declared in oruk_pages.h. Above search/
 * (the API searches, an import re-indexes) and curate/ (an import keeps
 * versions as an edit does), hours/, geo/ and the core; nothing in the
 * directory uses it. docs/directory.md, "Import and export". */
#ifndef SN_ORUK_H
#define SN_ORUK_H

#include <stdio.h>

#include "../../store/store.h"

/* Limits: beyond any of them the input is refused with a problem naming
 * the place. */
#define ORUK_FILE_BYTES_MAX    (1LL << 30) /* a JSON file, or one CSV table: 1 GiB */
#define ORUK_SERVICE_BYTES_MAX (4 << 20)   /* one service's JSON (or a whole single-object file) */
#define ORUK_PAGE_BYTES_MAX    (64 << 20)  /* one reply from a feed */
#define ORUK_PAGES_MAX         20000       /* pages followed from a feed */
#define ORUK_SERVICES_MAX      1000000     /* services in one import */
#define ORUK_DEPTH_MAX         32          /* JSON nesting */
#define ORUK_ARRAY_MAX         200         /* items of one nested array (schedules: 32) */
#define ORUK_NUMBER_MAX        64          /* characters of one JSON number */
#define ORUK_CSV_FIELD_MAX     65536       /* bytes of one CSV field */
#define ORUK_CSV_COLS_MAX      64          /* fields of one CSV row */
#define ORUK_CSV_ROWS_MAX      5000000     /* rows of one CSV table */
#define ORUK_MONEY_MAX_PENCE   100000000   /* a cost option's amount: GBP 1,000,000 */
#define ORUK_PROBLEMS_MAX      50          /* problems collected before giving up */
#define ORUK_PROBLEM_LEN       256

/* The HSDS tables SupportNet keeps, in the order a CSV import reads them
 * (a row's references come before it). */
typedef enum {
	ORUK_TAXONOMIES,
	ORUK_TERMS,
	ORUK_ORGS,
	ORUK_ORG_IDS,
	ORUK_SERVICES,
	ORUK_LOCATIONS,
	ORUK_ADDRESSES,
	ORUK_ACCESSIBILITY,
	ORUK_SALS,
	ORUK_CONTACTS,
	ORUK_PHONES,
	ORUK_SCHEDULES,
	ORUK_COSTS,
	ORUK_LANGUAGES,
	ORUK_AREAS,
	ORUK_FUNDINGS,
	ORUK_ATTRIBUTES,
	ORUK_N_KINDS
} oruk_kind;

/* The HSDS table name ("service_at_locations"); the CSV file is NAME.csv. */
const char *oruk_kind_name(oruk_kind k);

/* Called now and then: services (or CSV rows) done, bytes read or written,
 * and the input's size when known (0 for a pipe or a feed). */
typedef void (*oruk_progress_fn)(void *ctx, int64_t done, int64_t bytes, int64_t total_bytes);

/* One problem or warning of an import, for a report (docs/directory.md,
 * "The import report"). Texts valid during the call only. */
typedef struct {
	bool warning;        /* false: a problem (a record skipped, or the input refused) */
	const char *kind;    /* the record's kind ("service", "phone", ...), "" the input */
	const char *id;      /* the record's id when it has one, else "" */
	const char *path;    /* where: a JSON path or "FILE row N" ("" the whole input) */
	const char *field;   /* the field, or "" */
	const char *code;    /* what: ORUK_CODE_* */
	const char *message; /* in words */
	const char *action;  /* what was done: ORUK_DID_* */
} oruk_issue;
typedef void (*oruk_issue_fn)(void *ctx, const oruk_issue *issue);

/* Issue codes. */
#define ORUK_CODE_MISSING      "missing"       /* a required field is not given */
#define ORUK_CODE_INVALID      "invalid"       /* a value of the wrong type or form */
#define ORUK_CODE_UNSAFE_URL   "unsafe_url"    /* an address that is not http(s) */
#define ORUK_CODE_REFERENCE    "reference"     /* an id that names nothing known */
#define ORUK_CODE_UNSUPPORTED  "unsupported"   /* a value SupportNet cannot hold */
#define ORUK_CODE_NORMALISED   "normalised"    /* a value put into its normal form */
#define ORUK_CODE_NOT_MODELLED "not_modelled"  /* a field SupportNet does not keep */
#define ORUK_CODE_NOT_A_RECORD "not_a_record"  /* an object that is no directory record */
#define ORUK_CODE_UNUSABLE     "unusable"      /* a record something it needs is missing from */
#define ORUK_CODE_SYNTAX       "syntax"        /* not JSON or CSV */
#define ORUK_CODE_LIMIT        "limit"         /* over a limit */
/* What was done. */
#define ORUK_DID_SKIPPED    "skipped"    /* the record is not imported */
#define ORUK_DID_DROPPED    "dropped"    /* the value is left out, the record imported */
#define ORUK_DID_NORMALISED "normalised" /* the value is imported in its normal form */
#define ORUK_DID_IGNORED    "ignored"    /* not imported, nothing else changed */
#define ORUK_DID_REFUSED    "refused"    /* the whole input is refused (nothing imported) */

typedef struct {
	bool dry_run;              /* check everything, change nothing */
	bool strict;               /* all or nothing: any problem refuses the whole input */
	const char *source;        /* recorded on each service and organisation */
	oruk_progress_fn progress; /* may be NULL */
	void *progress_ctx;
	oruk_issue_fn issue;       /* every problem and warning, when not NULL */
	void *issue_ctx;
} oruk_import_opts;

typedef struct {
	int64_t count[ORUK_N_KINDS]; /* rows checked (and, unless a dry run, written) */
	int64_t services_new;        /* services not in the database before (0 on a dry run) */
	int64_t removed;             /* child rows deleted: no longer listed for their parent */
	int64_t bytes;               /* bytes read */
	int64_t fetches;             /* HTTP requests made (a feed) */
	bool changed;                /* true when the import was committed */
	/* Problems, each naming its place: a JSON path
	 * ("contents[3].schedules[0].byday: ...") or a CSV file and row
	 * ("schedules.csv row 5: byday: ...", the header being row 1), or, from
	 * a feed, the address it came from first. At most ORUK_PROBLEMS_MAX,
	 * then the import gives up. */
	char problems[ORUK_PROBLEMS_MAX][ORUK_PROBLEM_LEN];
	size_t n_problems;
	bool gave_up;    /* stopped at ORUK_PROBLEMS_MAX problems (strict only) */
	char error[256]; /* a runtime failure (the store, the network), else "" */
	/* Record by record (not strict): rows skipped per kind (a service
	 * skipped counts once, not its nested rows), records imported and
	 * skipped at the top (services, organisations, taxonomies, terms,
	 * locations; CSV rows), and issues. The problems above then hold
	 * the first ORUK_PROBLEMS_MAX problems and warnings (warnings start
	 * "warning: "); opts.issue gets every one. */
	int64_t skipped[ORUK_N_KINDS];
	int64_t records, records_skipped;
	int64_t n_errors, n_warnings;
} oruk_import_report;

/* Imports ORUK JSON read from f to its end: a JSON array of fully nested
 * services, a paging envelope of them ({"contents": [...], ...}) or one
 * service object; any record an ORUK API serves works too (an
 * organisation with its services, a service at location, a taxonomy with
 * its terms, a term, a location), each told apart by its fields. Services, their organisations, locations and every
 * nested object are upserted by id, and the children of each service (and
 * of each contact, phone and location) the input no longer lists are
 * deleted, of the kinds it carries (a key or CSV table left out leaves
 * them alone; docs/directory.md, "Replacing"); each service and
 * organisation gets source, services moderation 'published' and a review
 * due six months on, and the search index is updated. One transaction. Returns SN_OK
 * when imported (or, on a dry run, it would be), record by record even
 * with records skipped; SN_EINPUT for bad data (strict: any problem; else
 * when every record was skipped) and SN_ETOOBIG over a limit (nothing
 * changed; the problems are in rep);
 * SN_ESTORE or SN_EINTERNAL for a runtime failure (rep->error). s may be
 * NULL on a dry run (then references to records not in the input are not
 * checked against a database). */
sn_err oruk_import_json(store *s, FILE *f, const oruk_import_opts *o, oruk_import_report *rep);
sn_err oruk_import_json_mem(store *s, const void *data, size_t n, const oruk_import_opts *o,
                            oruk_import_report *rep);

/* The same from a feed (http or https): a /services list is followed page
 * by page (page=N) until last_page, and each list item that is not fully
 * nested is fetched from /services/{id}; a /services/{id} address or a
 * URL that answers with an array works too. A network failure or an HTTP
 * status other than 200 is a runtime failure (SN_EINTERNAL). */
sn_err oruk_import_url(store *s, const char *url, const oruk_import_opts *o,
                       oruk_import_report *rep);

/* One CSV table for oruk_import_csv_tables: name is the HSDS table
 * ("services"); the text is read from f, or from data/len when f is NULL. */
typedef struct {
	const char *name;
	FILE *f;
	const void *data;
	size_t len;
} oruk_csv_table;

/* Imports HSDS 3.0 CSV tables (a header row naming the columns, any
 * order; unknown columns and tables ignored) with the rules of
 * oruk_import_json; references between tables are by id, to rows of the
 * same import or of the database. The tables are read in oruk_kind
 * order whatever the order given. */
sn_err oruk_import_csv_tables(store *s, const oruk_csv_table *tables, size_t n,
                              const oruk_import_opts *o, oruk_import_report *rep);
/* The tables in a folder: NAME.csv for each oruk_kind that exists
 * (services.csv must). */
sn_err oruk_import_csv_dir(store *s, const char *dir, const oruk_import_opts *o,
                           oruk_import_report *rep);

typedef struct {
	oruk_progress_fn progress; /* may be NULL */
	void *progress_ctx;
} oruk_export_opts;

typedef struct {
	int64_t count[ORUK_N_KINDS]; /* rows written (JSON: objects) */
	int64_t bytes;
	char error[256];
} oruk_export_report;

/* Writes every published service, fully nested as /oruk/services/{id}
 * gives it (each taxonomy term also carrying its taxonomy_detail), as one
 * JSON array, a service to a line. */
sn_err oruk_export_json(store *s, FILE *out, const oruk_export_opts *o, oruk_export_report *rep);
/* The same as HSDS CSV tables in dir (made if missing; existing NAME.csv
 * files are replaced): one file per oruk_kind with rows, each record
 * once. */
sn_err oruk_export_csv(store *s, const char *dir, const oruk_export_opts *o,
                       oruk_export_report *rep);

/* A decimal number's text ("4.5", "-1.25e2", "4.3499999999999996") times
 * 10^places, rounded half away from zero, exactly (no floating point).
 * SN_EINPUT when it is not a number or its magnitude exceeds max. */
sn_err oruk_decimal_scaled(const char *s, int places, int64_t max, int64_t *out);

#endif
