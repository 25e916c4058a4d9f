/* Direct-payment spend: a ledger per direct-payment account, bank statements
 * read into it, alerts to the worker, the quarterly return and personal
 * assistants' hours and holiday (docs/direct-payments.md).
 *
 * Files: dp_statement.c (a bank statement CSV: columns, rows,
 * fingerprints; pure), dp_cells.c (its date and amount cells; pure), dp_ledger.c (running balance, totals by plan line,
 * alerts, the quarter's figures, assistants' holiday year; pure),
 * dp_date.c (calendar dates; pure), dp_json.c (the JSON pages and the
 * command print; pure), dp_store.c (every statement), dp_import.c (an
 * import: read, find duplicates, write and audit in one transaction).
 *
 * The plan's lines come in as their ids (an array of strings): dp never
 * reads plan tables, so the plan feature can use dp without a loop.
 * Money is integer pence; dates are "YYYY-MM-DD" text. */
#ifndef SN_DP_H
#define SN_DP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../access/access.h"
#include "../base/base.h"
#include "../store/store.h"

/* ---- limits: over them a statement is refused whole, the limit named ---- */
#define DP_FILE_BYTES_MAX (5 * 1024 * 1024) /* a statement file */
#define DP_ROWS_MAX 20000                   /* rows after the header */
#define DP_FIELD_MAX 1024                   /* bytes in one CSV field */
#define DP_COLS_MAX 64                      /* columns in one row */
#define DP_HEADER_SEARCH_ROWS 20            /* the header is one of the first 20 rows */
#define DP_HEADING_MAX 64                   /* bytes of a heading named in a mapping */
#define DP_MAP_SPEC_MAX 1000                /* bytes of a --map SPEC */
#define DP_DESC_MAX 500                     /* bytes of a description with its reference */
#define DP_LINE_ID_MAX 15                   /* a plan line id: as PLAN_ID_MAX */
#define DP_AMOUNT_MAX_PENCE 1000000000LL    /* £10,000,000: one amount or balance */
#define DP_PROBLEMS_KEPT 50                 /* bad rows listed; the rest counted */
#define DP_PROBLEM_LEN 400

/* ---- dates (dp_date.c) ---- */
/* "YYYY-MM-DD" (a real date, years 1900 to 2999) to days since 1970-01-01;
 * SN_EINPUT otherwise. */
sn_err dp_date_days(const char *iso, int64_t *days);
/* days since 1970-01-01 to "YYYY-MM-DD". */
void dp_date_iso(int64_t days, char out[static 11]);
/* Today's date in UTC (time_now, which tests can move). */
void dp_date_today(char out[static 11]);

/* ---- a bank statement (dp_statement.c, dp_cells.c) ---- */

/* The columns a statement is read from. DATE and DESCRIPTION are
 * required, and either AMOUNT (signed: money out negative) or both IN and
 * OUT; BALANCE, REFERENCE and LINE (a plan line id) are optional. */
typedef enum {
	DP_COL_DATE,
	DP_COL_DESCRIPTION,
	DP_COL_AMOUNT,
	DP_COL_IN,
	DP_COL_OUT,
	DP_COL_BALANCE,
	DP_COL_REFERENCE,
	DP_COL_LINE,
	DP_N_COLS
} dp_col;
/* "date", "description", "amount", "in", "out", "balance", "reference",
 * "line": the keys of a mapping SPEC. */
const char *dp_col_key(dp_col c);

typedef struct {
	int col[DP_N_COLS];    /* 0-based column in the file, -1 when not used */
	bool guessed[DP_N_COLS]; /* found from the header, not given */
	char heading[DP_N_COLS][DP_HEADING_MAX + 1]; /* the header's cell ("Paid in") */
} dp_mapping;

/* "date=Date, description=Details (guessed), ..." into out. */
void dp_mapping_text(const dp_mapping *m, char *out, size_t size);
/* {"date": {"column": "Date", "guessed": true}, ...} for the used
 * columns (dp_imports.mapping): a new reference. */
json_t *dp_mapping_to_json(const dp_mapping *m);

/* One row of the statement, read and checked. */
typedef struct {
	int64_t row;             /* in the file, the first row being 1 */
	char on_date[11];        /* YYYY-MM-DD */
	int64_t amount_pence;    /* money in > 0, money out < 0 */
	bool has_balance;
	int64_t balance_pence;   /* the bank's balance after the row */
	const char *description; /* normal spaces; "Details (reference)" when both */
	char line[DP_LINE_ID_MAX + 1]; /* a plan line id, "" when none */
	int occurrence;          /* 1, or n for the nth identical row in the file */
	char fingerprint[65];    /* see dp_fingerprint */
	bool duplicate;          /* already in the ledger (dp_mark_duplicates) */
} dp_row;

typedef struct {
	int64_t row;       /* 0 for the file as a whole */
	const char *field; /* "date", "amount", ... or "" */
	char text[DP_PROBLEM_LEN]; /* "row 5: date '31/02/2026': not a real date" */
} dp_problem;

typedef struct {
	dp_mapping map;
	int64_t header_row;  /* the header's row number */
	dp_row *rows;        /* in the arena, in file order */
	size_t n_rows;
	int64_t blank_rows;  /* rows with every cell empty: skipped */
	int64_t zero_rows;   /* rows whose amount is 0 (0.00): skipped */
	bool cp1252;         /* not UTF-8: read as Windows-1252 */
	int64_t bad_rows;
	int64_t bytes;
	char sha256[65];     /* of the whole file */
	char first_date[11], last_date[11]; /* "" when no rows */
	size_t n_problems;   /* kept, up to DP_PROBLEMS_KEPT ... */
	int64_t n_more;      /* ... and the rest counted */
	dp_problem problems[DP_PROBLEMS_KEPT];
	char error[DP_PROBLEM_LEN]; /* the whole file refused: why ("" otherwise) */
} dp_statement;

/* Reads a statement from data (len bytes) with the mapping in spec (NULL
 * or "": guessed from the header; keys given override guesses; see
 * docs/direct-payments.md). Rows, strings and all into a; out is
 * overwritten. SN_OK when every row is good; SN_EINPUT when a row is bad
 * (problems, bad_rows) or the file cannot be read as a statement (error:
 * not CSV, no header, a mapping that does not fit); SN_ETOOBIG over a
 * limit (error). On an error the rows are not to be imported. */
sn_err dp_statement_read(const void *data, size_t len, const char *spec, arena *a,
			 dp_statement *out);

/* A statement's date cell ("31/01/2026", "31-01-2026", "31.01.2026",
 * "31/01/26", "31 Jan 2026", "31 January 2026", "31-Jan-26",
 * "2026-01-31") as YYYY-MM-DD; SN_EINPUT when it is none of these or not
 * a real date. */
sn_err dp_parse_date(const char *s, char out[static 11]);
/* A statement's amount cell ("12.50", "-12.50", "+12.50", "£1,234.56",
 * "-£5", "£-5", "(12.50)" for money out, "12.50 CR", "12.50 DR") as signed
 * pence, without floating point; SN_EINPUT when it is not one, SN_ETOOBIG
 * above DP_AMOUNT_MAX_PENCE. */
sn_err dp_parse_amount(const char *s, int64_t *pence);
/* The row's fingerprint: lower-case hex SHA-256 of "date|amount|
 * description|balance|occurrence", the description upper-cased with runs
 * of spaces made one, the balance "" when there is none. */
void dp_fingerprint(const dp_row *r, char out[static 65]);
/* Marks the rows whose fingerprint is in known (n strings: sorted here, in
 * place); returns how many. */
size_t dp_mark_duplicates(dp_statement *st, const char **known, size_t n);

/* ---- the ledger (dp_ledger.c) ---- */
typedef enum { DP_PAYMENT_IN, DP_SPEND, DP_REFUND, DP_RECLAIM, DP_CORRECTION, DP_N_KINDS } dp_kind;
/* "payment_in", "spend", "refund", "reclaim", "correction"; parse gives
 * DP_N_KINDS when unknown. */
const char *dp_kind_key(dp_kind k);
dp_kind dp_kind_parse(const char *s);

typedef struct {
	int64_t id;
	char on_date[11];
	dp_kind kind;
	int64_t amount_pence;  /* money in > 0, money out < 0 */
	const char *description;
	char plan_line[DP_LINE_ID_MAX + 1]; /* "" when none */
	int64_t corrects;      /* the entry a correction puts right, 0 when none */
	int64_t import_id;     /* 0 when entered by hand */
	const char *fingerprint; /* "" when entered by hand */
	int64_t balance_pence; /* derived: the balance after this entry */
} dp_entry;

/* Sorts entries by (on_date, id) and fills each running balance. */
void dp_ledger_order(dp_entry *e, size_t n);
/* The balance at the end of date (entries in order; 0 before any). */
int64_t dp_balance_at(const dp_entry *e, size_t n, const char *date);

typedef struct {
	char line[DP_LINE_ID_MAX + 1]; /* "" for entries against no line */
	int64_t in_pence;  /* money in against the line */
	int64_t out_pence; /* money out against it (positive) */
	int64_t entries;
} dp_line_total;
/* Totals by plan line of the entries dated from..to (inclusive; NULL for
 * no bound), sorted by line id ("" first). Array in a. */
dp_line_total *dp_totals_by_line(const dp_entry *e, size_t n, const char *from, const char *to,
				 arena *a, size_t *n_out);

/* The account's alert settings (dp_accounts). */
typedef struct {
	int64_t underspend_percent; /* 1..100 */
	int64_t underspend_weeks;   /* 1..104 */
	bool has_cap;
	int64_t cap_pence;          /* balance_cap_pence when has_cap */
	/* Not stored: what the plan in force's direct-payment lines cost a
	 * week, set by the caller before dp_alerts (0: not known). */
	int64_t planned_weekly_pence;
} dp_settings;

typedef enum { DP_ALERT_UNDERSPEND, DP_ALERT_OUTSIDE_PLAN, DP_ALERT_ABOVE_CAP } dp_alert_kind;
const char *dp_alert_key(dp_alert_kind k); /* "underspend", "outside_plan", "above_cap" */

typedef struct {
	dp_alert_kind kind;
	int64_t entry_id;     /* outside_plan: the entry; else 0 */
	int64_t amount_pence; /* underspend: money left unspent; outside_plan: the
				 spend; above_cap: the amount above the cap (to reclaim) */
	int64_t of_pence;     /* underspend: the payments in over the period;
				 above_cap: the balance */
	char from[11], to[11]; /* underspend: the period; outside_plan: the entry's date */
	const char *text;     /* a plain sentence for the worker, in the arena */
} dp_alert;

/* Alerts "flagged to the worker, not blocked", over the ledger up to today
 * (entries in order, dp_ledger_order):
 * - underspend: over the last underspend_weeks weeks to today (from the
 *   first entry, when the account is younger), with the plan's weekly cost
 *   known (set->planned_weekly_pence): what the plan expects to be spent
 *   over those days (weekly x days / 7) less what was spent (spends,
 *   refunds and corrections; reclaims count as neither) is more than
 *   underspend_percent of what it expects. Payments made ahead (four
 *   weeks in advance is usual) do not count against the person. Without
 *   the plan's cost: the money left (payments in less spending) is more
 *   than underspend_percent of the payments in;
 * - outside_plan: a spend against no line, or (when plan_lines is not
 *   NULL) against a line id not among the n_lines ids of the plan in
 *   force; an entry a later correction puts right is not flagged;
 * - above_cap: the balance today is above the cap (reclaim the amount
 *   above).
 * Array in a (in that order). SN_EINPUT when today is not a date. */
sn_err dp_alerts(const dp_entry *e, size_t n, const dp_settings *set, const char *const *plan_lines,
		 size_t n_lines, const char *today, arena *a, dp_alert **out, size_t *n_out);

/* The quarterly return's figures: calendar quarters (January, April, July,
 * October: the financial year's quarters too). */
typedef struct {
	char start[11], end[11];
	int64_t opening_pence; /* the balance before start */
	int64_t in_pence;      /* money in during the quarter */
	int64_t out_pence;     /* money out (positive) */
	int64_t closing_pence; /* opening + in - out: the balance at end */
	dp_line_total *lines;  /* by plan line, in the arena */
	size_t n_lines;
} dp_quarter;
/* The start of the quarter holding date, "YYYY-MM-01". */
sn_err dp_quarter_start(const char *date, char out[static 11]);
/* The figures of the quarter holding date (entries in order). */
sn_err dp_quarter_figures(const dp_entry *e, size_t n, const char *date, arena *a, dp_quarter *out);

/* ---- personal assistants (dp_ledger.c) ---- */
typedef struct {
	int64_t id;
	const char *name;
	int64_t hourly_rate_pence;
	int64_t contracted_minutes_week;
	int64_t holiday_minutes_year; /* the entitlement for a whole holiday year */
	char started_on[11];
	char ended_on[11]; /* "" while employed */
} dp_assistant;

typedef struct {
	char week_start[11]; /* a Monday */
	int64_t worked_minutes;
	int64_t holiday_minutes;
	int64_t gross_pence; /* what the payroll provider paid */
} dp_timesheet;

/* SN_EINPUT with the field named in why when a timesheet is not sane:
 * week_start not a Monday, minutes outside 0..10080 (a week) or worked
 * plus holiday over a week, gross over DP_AMOUNT_MAX_PENCE. */
sn_err dp_timesheet_check(const dp_timesheet *t, char *why, size_t why_size);
/* SN_EINPUT with why when an assistant is not sane (name 1..200 bytes,
 * rate, minutes, dates). */
sn_err dp_assistant_check(const dp_assistant *pa, char *why, size_t why_size);

/* One holiday year of an assistant. The holiday year starts on the day
 * they started and on each anniversary (the Working Time Regulations'
 * default when a contract says nothing; 29 February becomes 28 February);
 * a week counts in the year its Monday falls in. */
typedef struct {
	char year_start[11], year_end[11];
	int64_t weeks;               /* timesheets in the year */
	int64_t worked_minutes;
	int64_t holiday_minutes;     /* taken */
	int64_t entitlement_minutes; /* holiday_minutes_year */
	int64_t holiday_left_minutes; /* entitlement - taken; negative when over */
	int64_t contracted_minutes;  /* weeks x contracted_minutes_week */
	int64_t gross_pence;         /* paid */
	int64_t expected_pence;      /* (worked + holiday) x rate / 60, rounded half up */
} dp_pa_year;
/* The holiday year holding date. SN_EINPUT when date is not a date or is
 * before the assistant started. */
sn_err dp_pa_year_of(const dp_assistant *pa, const dp_timesheet *t, size_t n, const char *date,
		     dp_pa_year *out);

/* ---- JSON (dp_json.c): for the pages, the API and the command ---- */
json_t *dp_entry_to_json(const dp_entry *e);
json_t *dp_alert_to_json(const dp_alert *x);
json_t *dp_line_totals_to_json(const dp_line_total *t, size_t n);
/* {"quarter_start", "quarter_end", "opening_pence", "in_pence",
 * "out_pence", "closing_pence", "by_line": [...]}: dp_returns.totals. */
json_t *dp_quarter_to_json(const dp_quarter *q);
json_t *dp_pa_year_to_json(const dp_assistant *pa, const dp_pa_year *y);

/* ---- the store (dp_store.c): every statement. Writes go inside the
 * caller's write transaction (store_begin_write), which the caller audits
 * (access_audit_person, or audit_append with actor "system"). ---- */
typedef struct {
	int64_t id;
	char uuid[37];
	int64_t person_id;
	char person_uuid[37];
	int64_t plan_id;          /* 0 when none */
	const char *nominee_name; /* "" when the person holds it */
	char opened_on[11];
	char closed_on[11];       /* "" while open */
	dp_settings settings;
} dp_account;

typedef struct {
	int64_t person_id;
	int64_t plan_id;          /* 0 when none yet */
	const char *nominee_name; /* NULL or "": the person holds the account */
	const char *opened_on;    /* YYYY-MM-DD */
	dp_settings settings;     /* zeros: the defaults (20%, 12 weeks, no cap) */
} dp_account_new;

/* Opens an account; its uuid into uuid, its id into *id. SN_EINPUT when
 * the settings or dates are out of range. */
sn_err dp_account_open(store *s, const dp_account_new *n, int64_t by_user, const char *now,
		       char uuid[static 37], int64_t *id);
/* The account with uuid (or, when key is all digits, with that id);
 * strings into a. SN_ENOTFOUND when there is none. */
sn_err dp_account_find(store *s, const char *key, arena *a, dp_account *out);
/* The person's accounts, newest first. Array in a. */
sn_err dp_accounts_of_person(store *s, int64_t person_id, arena *a, dp_account **rows, size_t *n);

/* Adds one entry by hand (e->id is ignored); by: a user uuid or "system".
 * SN_EINPUT when the date, kind, sign or line is wrong (a payment in or
 * refund is > 0; a spend or reclaim < 0; a correction names an entry of
 * the same account and is not 0). */
sn_err dp_entry_add(store *s, int64_t account_id, const dp_entry *e, const char *by,
		    const char *now, int64_t *id);
/* The ledger: every entry in (on_date, id) order with its running
 * balance. Array and strings in a. */
sn_err dp_entries(store *s, int64_t account_id, arena *a, dp_entry **rows, size_t *n);
/* Every fingerprint of the account's entries (non-empty ones). Strings in a. */
sn_err dp_fingerprints(store *s, int64_t account_id, arena *a, const char ***out, size_t *n);
/* Whether the account has an entry with fingerprint fp. */
sn_err dp_fingerprint_known(store *s, int64_t account_id, const char *fp, bool *known);

typedef struct {
	const char *file_name;
	const char *by; /* user uuid or "system" */
	const char *now;
} dp_import_meta;
/* Writes an import: its dp_imports row and every row of st not marked
 * duplicate (money in as payment_in, money out as spend, against the row's
 * line). Inside the caller's write transaction; *added rows written. */
sn_err dp_import_write(store *s, int64_t account_id, const dp_statement *st,
		       const dp_import_meta *m, int64_t *import_id, int64_t *added);

/* One import, for the page that follows it. SN_ENOTFOUND when the
 * account has no import with that id. */
typedef struct {
	int64_t id;
	const char *file_name, *file_sha256, *imported_by, *imported_at;
	int64_t rows_added, rows_duplicate;
} dp_import_row;
sn_err dp_import_get(store *s, int64_t account_id, int64_t import_id, arena *a, dp_import_row *out);

/* The open accounts (not closed) of the people user_id is the assigned
 * worker of, by the person's family then given name; person_name
 * "Given Family". Arrays and strings in a. */
typedef struct {
	dp_account acct;
	const char *person_name;
} dp_caseload_account;
sn_err dp_accounts_of_worker(store *s, int64_t user_id, arena *a, dp_caseload_account **rows,
			     size_t *n);

/* A quarterly return, once per quarter: SN_ECONFLICT when the quarter was
 * submitted already. statement: the person's own words (<= 4000 bytes). */
sn_err dp_return_submit(store *s, int64_t account_id, const dp_quarter *q, const char *statement,
			int64_t by_user, const char *now, int64_t *id);
typedef struct {
	int64_t id;
	char quarter_start[11];
	const char *totals;    /* JSON text, dp_quarter_to_json */
	const char *statement;
	int64_t submitted_by;
	const char *submitted_at;
} dp_return_row;
/* The account's returns, latest quarter first. Array in a. */
sn_err dp_returns(store *s, int64_t account_id, arena *a, dp_return_row **rows, size_t *n);

/* Assistants (checked by dp_assistant_check) and their weekly timesheets
 * (dp_timesheet_check; a week recorded again is replaced). */
sn_err dp_assistant_add(store *s, int64_t account_id, const dp_assistant *pa, int64_t *id);
sn_err dp_assistants(store *s, int64_t account_id, arena *a, dp_assistant **rows, size_t *n);
sn_err dp_timesheet_put(store *s, int64_t assistant_id, const dp_timesheet *t, int64_t by_user,
			const char *now);
/* The assistant's timesheets by week. Array in a. */
sn_err dp_timesheets(store *s, int64_t assistant_id, arena *a, dp_timesheet **rows, size_t *n);

/* ---- an import (dp_import.c) ---- */
typedef struct {
	const char *spec;      /* the column mapping, NULL to guess */
	const char *file_name; /* for dp_imports */
	bool dry_run;          /* read and look for duplicates; change nothing */
	/* Who: a signed-in user on a basis (audited with access_audit_person),
	 * or NULL for the command line (actor "system", role "admin"). */
	const web_user *user;
	access_basis basis;
	/* NULL, or what a preview showed would be added (dp_import_digest):
	 * when the rows new now differ (someone imported meanwhile), nothing
	 * is written and the import gives SN_ECONFLICT. */
	const char *expect_new;
} dp_import_opts;

typedef struct {
	dp_statement st;
	int64_t added;      /* rows written (would be, in a dry run) */
	int64_t duplicates; /* rows already in the ledger: skipped */
	int64_t import_id;  /* 0 in a dry run or when nothing was new */
	char error[DP_PROBLEM_LEN]; /* a store failure, or st.error */
} dp_import_report;

/* What an import would add, as one SHA-256 (hex): of the file's SHA-256
 * and the fingerprints of the rows not marked duplicate, in file order.
 * A preview shows it; the import that follows gives it back in
 * dp_import_opts.expect_new, so it imports exactly what was previewed. */
void dp_import_digest(const dp_statement *st, char out[static 65]);

/* Reads the statement in data into acct's ledger: every row not already
 * there, in one write transaction with the dp_imports row and the audit
 * entry ("dp.import" on person:<uuid>), or nothing. A bad row or a refused
 * file (SN_EINPUT, SN_ETOOBIG) writes nothing; a file with nothing new
 * writes nothing and returns SN_OK. rep's rows and strings in a. */
sn_err dp_import(store *s, const dp_account *acct, const void *data, size_t len,
		 const dp_import_opts *o, arena *a, dp_import_report *rep);
/* An import inside the caller's write transaction (a page that also
 * remembers its one-time form id): rep->st read already with
 * dp_statement_read (SN_OK). Marks the duplicates, checks
 * o->expect_new, and writes the new rows, the dp_imports row and the
 * audit entry; nothing when no row is new (SN_OK, import_id 0). On an
 * error the caller rolls back; nothing is half written. o->dry_run is
 * ignored. */
sn_err dp_import_in_txn(store *s, const dp_account *acct, const dp_import_opts *o, arena *a,
			dp_import_report *rep);
/* The import report as JSON (the command's --report FILE). */
json_t *dp_import_report_to_json(const dp_import_report *rep, const dp_account *acct,
				 sn_err result, bool dry_run);

#endif
