/* Pathway costs (issue 19, docs/costs.md): what health and care partners
 * spent on people, read from their cost extracts (CSV: NHS number, date,
 * setting, cost in pence), linked to people by NHS number and reported by
 * pathway stage and age band through dc_suppress (disclosure.h), like
 * every table about people.
 *
 * costs_csv.c: the extract's reader, the settings and stages (pure);
 * costs_store.c: every statement (the import, the table's sums, the
 * cost-benefit page's cohort); costs_http.c: the pages and exports. */
#ifndef SN_COSTS_H
#define SN_COSTS_H

#include "../base/base.h"
#include "../store/store.h"

/* Limits of an extract, each refused with a clear error. */
#define COSTS_FILE_BYTES_MAX (20 * 1024 * 1024) /* 20 MiB */
#define COSTS_ROWS_MAX 200000                   /* data rows, after the header */
#define COSTS_FIELD_MAX 64                      /* bytes in any field */
#define COSTS_COLS_MAX 32                       /* columns in a row */
#define COSTS_PENCE_MAX 100000000               /* £1,000,000 in one row */
#define COSTS_PROBLEMS_KEPT 200                 /* rows' problems listed (the rest counted) */
#define COSTS_EARLIEST "2000-01-01"             /* no cost before this date */

/* The settings a row may name (canonical keys), and the stage of each. */
typedef enum { STAGE_PRIMARY, STAGE_URGENT, STAGE_HOSPITAL, STAGE_COMMUNITY, STAGE_SOCIAL_CARE, N_STAGES } costs_stage;
#define COSTS_N_SETTINGS 9
extern const char *const costs_setting_keys[COSTS_N_SETTINGS];
/* A setting as written ("A&E", "Emergency", "hospital inpatient") to its
 * key ("a&e"); NULL for none. Case, spaces and underscores do not matter. */
const char *costs_setting_key(const char *written);
/* The stage of a setting key; N_STAGES for none. */
costs_stage costs_stage_of(const char *setting);
const char *costs_stage_key(costs_stage s);   /* "primary", "urgent", ... */
const char *costs_stage_words(costs_stage s); /* "Prevention and primary care", ... */

/* An NHS number as written ("943 476 5919", spaces allowed) to its 10
 * digits in out. SN_EINPUT with why ("enter 10 digits", "the check digit
 * does not match") otherwise. The modulus-11 check is people's. */
sn_err costs_nhs_number(const char *written, char out[static 11], const char **why);
/* YYYY-MM-DD, a real date from COSTS_EARLIEST to today (YYYY-MM-DD). */
bool costs_date_ok(const char *d, const char *today);

typedef struct {
	int64_t row;       /* in the file, the header being row 1 */
	char nhs[11];      /* 10 digits */
	char day[11];      /* YYYY-MM-DD */
	const char *setting; /* a key of costs_setting_keys */
	int64_t pence;
	char fingerprint[65]; /* SHA-256 hex of nhs|day|setting|pence|occurrence */
} costs_row;

typedef struct {
	costs_row *rows;       /* the good rows, in file order (from the arena) */
	size_t n_rows;
	int64_t rows_read;     /* data rows read (blank lines not counted) */
	int64_t bad_rows;      /* refused for a bad field */
	/* "row 7: nhs_number: the check digit does not match", the first
	 * COSTS_PROBLEMS_KEPT (one a row, its first problem); n_more beyond. */
	char **problems;
	size_t n_problems;
	int64_t n_more;
	char error[256];       /* why the whole file was refused, or "" */
	int col[4];            /* the columns used: nhs_number, date, setting, cost_pence */
} costs_extract;

/* Reads an extract (data, len: need not be NUL-terminated). SN_OK with
 * the good rows and each bad row's problem; SN_EINPUT or SN_ETOOBIG with
 * st->error when the file is refused whole (not CSV, no header with the
 * four columns, over a limit). Everything from a. Pure. */
sn_err costs_read(const char *data, size_t len, const char *today, arena *a, costs_extract *out);
/* A problem line for row (kept or counted in out). */
void costs_problem(costs_extract *x, arena *a, int64_t row, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* ---- store (costs_store.c) ---- */

typedef struct {
	const char *file_name; /* as given: its last part is kept */
	const char *by;        /* who imported: "cli:USER" or a user's uuid */
	bool dry_run;
} costs_import_opts;

typedef struct {
	int64_t stored, already, unknown, ambiguous; /* rows */
	char import_uuid[37];                        /* "" for a dry run */
} costs_import_result;

/* Links the extract's good rows to people by NHS number: a row whose NHS
 * number is no one's, or more than one current (not merged) record's, is refused (its
 * problem added to x, its bad_rows counted). Without dry_run, stores the
 * linked rows not stored before (by fingerprint), the import (who, when,
 * file, counts) and an audit entry per person and for the import, in one
 * transaction; with it, changes nothing and says what would be done. */
sn_err costs_import(store *s, costs_extract *x, const char *file_sha256, const costs_import_opts *o, arena *a,
		    costs_import_result *out);
/* For the demo and tests: one cost for a person (by id), stored under
 * the import import_id (made by costs_import_begin). */
sn_err costs_import_begin(store *s, const char *file_name, const char *by, int64_t *import_id);
sn_err costs_add(store *s, int64_t import_id, int64_t person_id, const char *day, const char *setting,
		 int64_t pence, const char *fingerprint);

/* The people not merged away with an NHS number (ids), at most max, by id. */
sn_err costs_people_with_nhs(store *s, arena *a, size_t max, int64_t **ids, char ***dobs, size_t *n);
/* The demo area's costs (costs_demo.c): two years before today for the
 * people with an NHS number, as one import by "demo". */
sn_err costs_demo(store *s, uint64_t seed, const char *today);

/* One person's costs in a stage (the sums for the table): the age band at
 * their last cost in it. */
typedef struct {
	int64_t person_id;
	costs_stage stage;
	int band;      /* 0..4: ins_age_keys (4: not known) */
	int64_t pence;
} costs_person_stage;

/* Every (person, stage) with costs from..to (YYYY-MM-DD, inclusive). */
sn_err costs_people_stages(store *s, arena *a, const char *from, const char *to, costs_person_stage **out,
			   size_t *n);
/* People on record (not merged away) aged min_age or over on day (the cost-benefit cohort). */
sn_err costs_cohort_count(store *s, int min_age, const char *day, int64_t *n);

/* ---- the table (costs_table.c, pure) ---- */

#define COSTS_N_BANDS 5
typedef struct {
	int64_t people[N_STAGES][COSTS_N_BANDS]; /* people with costs in each stage and band */
	int64_t pence[N_STAGES + 1];             /* the money of each stage, then all */
	int64_t people_all;                      /* distinct people behind the total row */
} costs_sums;

/* Adds up the (person, stage) rows (sorted by person or not). */
void costs_sum(const costs_person_stage *ps, size_t n, costs_sums *out);

#endif
