/* Private to oruk/ (its public headers are oruk.h and oruk_pages.h): what
 * the importers (oruk_import.c and oruk_feed.c: JSON; oruk_csv.c: the CSV
 * tables), the rules of a row (oruk_check.c), the writer
 * (oruk_import_store.c), the scanner (oruk_scan.c) and the exporter
 * (oruk_export.c) share: the table of HSDS fields per kind (oruk_fields.c),
 * the checked row, and a uuid -> id map. */
#ifndef SN_ORUK_IO_INT_H
#define SN_ORUK_IO_INT_H

#include <jansson.h>

#include "oruk.h"

/* ---- the fields of each kind ---- */

typedef enum {
	FT_ID,   /* the row's own uuid (column uuid) */
	FT_REF,  /* the uuid of a row of kind `ref`: the column holds its internal id */
	FT_UUID, /* a uuid kept as text (or resolved by the caller) */
	FT_TEXT, /* a string of at most max bytes */
	FT_INT,  /* a whole number in min..max */
	FT_LAT,  /* decimal degrees into millionths */
	FT_LON,
	FT_MONEY,    /* pounds into whole pence */
	FT_DATE,     /* YYYY-MM-DD */
	FT_DATETIME, /* an ISO 8601 date and time, stored as YYYY-MM-DDTHH:MM:SS.mmmZ */
	FT_EMAIL,
	FT_URI,      /* a link: only http:// or https:// (str_is_web_url) */
	FT_IDURI,    /* an identifier: a web address as FT_URI, or a urn: name */
	FT_ENUM,     /* one of values */
	FT_COUNTRY,  /* two capital letters (ISO 3166-1 alpha-2) */
	FT_CURRENCY, /* three capital letters (ISO 4217) */
	FT_OURS,     /* not read: a column the importer fills itself */
	FT_SCHED     /* a schedule field: checked by sched_rule_from_oruk */
} oruk_ftype;

#define OF_REQ  1u /* must be given */
#define OF_KEEP 2u /* written on insert only */
#define OF_SOFT 4u /* FT_REF: an unknown id is left to the caller (as text) */

typedef struct {
	const char *key; /* the HSDS field (JSON key, CSV column) */
	const char *alt; /* read when key is absent ("accessibility" for description) */
	const char *col; /* the dir_* column, or NULL */
	oruk_ftype type;
	unsigned flags;
	int64_t min, max;          /* FT_TEXT: max bytes; FT_INT: the range */
	int ref;                   /* FT_REF: the oruk_kind referred to */
	const char *const *values; /* FT_ENUM, NULL-terminated */
} oruk_field;

typedef struct {
	const char *name;  /* "services" */
	const char *table; /* "dir_services" */
	const char *what;  /* "service" */
	const oruk_field *fields;
	size_t n_fields;
} oruk_kind_spec;

extern const oruk_kind_spec oruk_kinds[ORUK_N_KINDS];
/* The index of key in kind's fields, or -1. */
int oruk_field_index(oruk_kind k, const char *key);

/* ---- a map of uuids (lower case) to internal ids ---- */

typedef struct {
	char (*keys)[37];
	int64_t *ids;
	size_t n, cap;
} oruk_idmap;

/* An id put back as this is taken out again (a record rolled back). */
#define ORUK_ID_GONE (-1)
void oruk_idmap_free(oruk_idmap *m);
/* true when uuid is in m, not ORUK_ID_GONE (*id its value when id is not
 * NULL). */
bool oruk_idmap_get(const oruk_idmap *m, const char *uuid, int64_t *id);
void oruk_idmap_put(oruk_idmap *m, const char *uuid, int64_t id);

/* ---- the import in progress ---- */

typedef struct {
	enum { CELL_NULL, CELL_INT, CELL_TEXT } k;
	int64_t i;
	const char *t;
} oruk_cell;

enum { ORUK_MAX_FIELDS = 32 };

/* A row's link to the object it is nested in (JSON): key is the field
 * that names it ("service_id"), which may be left out of the row. */
typedef struct {
	const char *key;
	int64_t id;
	const char *uuid;
} oruk_parent;

/* Services an import indexes one by one before it switches the word index
 * to a rebuild at the end (search_index_bulk). */
#define ORUK_INDEX_ONE_BY_ONE 200

/* Parents whose children an import replaces (oruk_imp_replace). */
typedef enum {
	ORUK_PARENT_SERVICE,  /* its service_at_locations, schedules, contacts, phones (not a
	                         contact's), cost_options, languages (not a phone's),
	                         service_areas, funding, attributes */
	ORUK_PARENT_CONTACT,  /* its phones, attributes */
	ORUK_PARENT_PHONE,    /* its languages */
	ORUK_PARENT_LOCATION, /* its addresses, accessibility, phones (of no service or
	                         contact), attributes */
	ORUK_PARENT_ORG,      /* its organization_identifiers, attributes */
	ORUK_PARENT_ADDRESS,  /* its attributes */
	ORUK_N_PARENTS
} oruk_parent_kind;

#define ORUK_KIND_BIT(k) (1u << (unsigned)(k))

typedef struct oruk_imp oruk_imp;
struct oruk_imp {
	store *s; /* NULL on a dry run without a database */
	const oruk_import_opts *o;
	oruk_import_report *rep;
	bool csv;          /* problems read "FILE row N: key: ..." instead of "path.key: ..." */
	const char *where; /* put before every problem ("http://...: "), or NULL */
	bool writing;      /* false on a dry run and after the first problem */
	sn_err fatal;      /* the import is refused (a limit) or failed (the store) */
	char now[32];      /* "2026-01-02T03:04:05.000Z" */
	char due[16];      /* six months on: "2026-07-02" */
	oruk_idmap seen[ORUK_N_KINDS]; /* rows of this import: uuid -> internal id (0 dry) */
	/* terms whose parent is written after them: (term uuid, parent uuid) */
	char (*parents)[2][37];
	size_t n_parents, cap_parents;
	char *sql[ORUK_N_KINDS]; /* the upsert of each kind, made on first use */
	int64_t services_before;
	int64_t total_bytes;
	int64_t indexed;   /* services indexed so far */
	bool bulk;         /* past ORUK_INDEX_ONE_BY_ONE: the word index is rebuilt at the end */
	char *child_sql[ORUK_N_PARENTS]; /* a parent's children (oruk_imp_replace) */
	char *del_sql[ORUK_N_KINDS];     /* DELETE FROM table WHERE id = ? */
	/* Record by record (not strict). */
	bool lenient;
	bool soft;            /* a problem now drops the value (an optional field) */
	const char *cur_kind; /* the row being read, for issues ("service") */
	char cur_id[40];
	oruk_idmap kept[ORUK_N_KINDS]; /* rows skipped: not deleted as "no longer listed" */
	bool in_record;       /* inside oruk_rec_begin .. oruk_rec_end */
	bool no_replace_sals; /* a service at location record lists one of many */
	struct {
		int k;
		char uuid[37];
	} *journal; /* rows of the record so far (seen), taken out when it is rolled back */
	size_t n_journal, cap_journal;
	int64_t snap_count[ORUK_N_KINDS], snap_skipped[ORUK_N_KINDS], snap_removed;
	char (*warned)[96]; /* "kind.key" of fields not modelled, warned once */
	size_t n_warned;
};

/* Notes a row of kind k written (or checked, on a dry run) by this import. */
void oruk_imp_seen(oruk_imp *im, oruk_kind k, const char *uuid, int64_t id);
/* A record (a service with all it nests, an organisation, a taxonomy with
 * its terms, ...): not strict, its rows are kept or rolled back together.
 * oruk_rec_end with ok false rolls it back and counts it skipped as kind
 * k; with ok true counts it imported. */
void oruk_rec_begin(oruk_imp *im);
void oruk_rec_end(oruk_imp *im, bool ok, oruk_kind k);
/* A warning (the import goes on): code and action as in oruk.h. */
void oruk_warn(oruk_imp *im, const char *path, const char *key, const char *code,
               const char *action, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Warns once an import about key of a kind SupportNet does not keep. */
void oruk_warn_unmodelled(oruk_imp *im, oruk_kind k, json_t *obj, const char *path);

/* Starts an import (the transaction unless a dry run); SN_OK or a runtime
 * failure with rep->error. */
sn_err oruk_imp_begin(oruk_imp *im, store *s, const oruk_import_opts *o, oruk_import_report *rep,
                      bool csv);
/* Ends it: the deferred term parents, then commit, or roll back when
 * anything was wrong; frees what begin took. Returns the import's result. */
sn_err oruk_imp_end(oruk_imp *im);
/* True when the import must stop (refused, failed, or too many problems). */
bool oruk_imp_stop(const oruk_imp *im);

/* A problem at path (a JSON path, or "FILE row N" for CSV) with a field
 * key (NULL for the object itself). */
void oruk_problem(oruk_imp *im, const char *path, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A refusal of the whole input (a limit, broken syntax): the import stops. */
void oruk_refuse(oruk_imp *im, sn_err e, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A runtime failure: rep->error, and the import stops. */
void oruk_fail(oruk_imp *im, sn_err e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Checks obj as a row of kind k found at path and writes it (upsert by
 * id) unless a dry run. parents give the ids of the objects it is nested
 * in. Returns true with *id (0 on a dry run) when the row is good. When
 * `once` is true and the id was already imported in this run the row is
 * not read again (*fresh false): shared organisations, locations, terms. */
bool oruk_imp_row(oruk_imp *im, oruk_kind k, json_t *obj, const char *path,
                  const oruk_parent *parents, size_t n_parents, bool once, int64_t *id,
                  bool *fresh);
/* The internal id of a row of kind k by (lower-case) uuid: of this import,
 * else of the database; false when there is none. */
bool oruk_imp_find(oruk_imp *im, oruk_kind k, const char *uuid, int64_t *id);
/* After a parent's rows: deletes its children of the kinds in `kinds`
 * (ORUK_KIND_BIT(k) | ...) that this import has not written, i.e. the ones
 * the input no longer lists for it. Nothing on a dry run or after a
 * problem; rep->removed counts them. */
void oruk_imp_replace(oruk_imp *im, oruk_parent_kind parent, int64_t id, unsigned kinds);
/* After a service's rows: keeps the search index of service id current. */
void oruk_imp_index(oruk_imp *im, int64_t service_id);

/* A real JSON number read by the importer's scanner is kept as its text in
 * a string that starts with a NUL byte (so no float ever holds money). */
bool oruk_is_number_text(json_t *v);

/* ---- the rules of a row (oruk_check.c) ---- */

/* "urn:NID:rest" with no spaces, quotes or angle brackets: an identifier
 * that names, never a link (taxonomies' uri, terms' term_uri,
 * organisations' uri). */
bool oruk_is_urn(const char *s);

/* Checks obj as a row of kind k at path into cells (one per field, texts
 * in the arena); parents give the objects it is nested in. References to
 * other rows are looked up with oruk_imp_find. false after a problem. */
bool oruk_check_row(oruk_imp *im, oruk_kind k, json_t *obj, const char *path,
                    const oruk_parent *ps, size_t np, oruk_cell *cells, arena *a);
/* A present, non-null value of the field's key (or alt); NULL otherwise. */
json_t *oruk_field_value(json_t *o, const oruk_field *f);
/* A plain string (not a number's text); NULL otherwise. */
const char *oruk_plain_string(json_t *v);
void oruk_lower_uuid(const char *in, char out[static 37]);
/* A value quoted in a message: printable ASCII, at most 40 characters
 * (out holds 48). Returns out. */
const char *oruk_shown(const char *v, char out[static 48]);

/* ---- walking the JSON (oruk_import.c) ---- */

enum { ORUK_PATH_LEN = 200 }; /* bytes of a problem's place */
/* One fully nested service at path: its organisation, locations and every
 * nested object, checked and written. */
void oruk_imp_service(oruk_imp *im, json_t *o, const char *path);
/* One record at the top of the input, whatever its kind (a service, an
 * organisation with its services, a service at location, a taxonomy with
 * its terms, a term, a location; anything else is ignored with a
 * warning). */
void oruk_imp_record(oruk_imp *im, json_t *o, const char *path);
/* An object's "id" when it is a uuid, else NULL. */
const char *oruk_uuid_of(json_t *o);
/* Tells the caller's progress function how far the import is. */
void oruk_imp_progress(oruk_imp *im, int64_t total);

/* ---- the scanner (oruk_scan.c) ---- */

typedef struct oruk_scanner oruk_scanner;
typedef void (*oruk_service_fn)(oruk_scanner *sc, json_t *service, const char *path);

struct oruk_scanner {
	oruk_imp *im;
	oruk_service_fn on_service;
	void *ctx;
	int depth;
	bool started, ended, top_array, bom_checked;
	bool in_str, esc;
	int uhex;
	unsigned uval;
	bool expect_key, in_key;
	char key[16];
	size_t key_len;
	int elem_depth; /* elements are separated at this depth; 0 none */
	bool in_elem;
	int64_t line, elem_line;
	char num[ORUK_NUMBER_MAX + 1];
	size_t num_len;
	bool in_num, num_real;
	buf elem, outer;
	int64_t index;
	bool streamed; /* the envelope's contents were split */
};


/* on_service is called for each service found (with the path that names
 * it in problems) with ctx in sc->ctx. */
void oruk_scan_init(oruk_scanner *sc, oruk_imp *im, oruk_service_fn on_service, void *ctx);
void oruk_scan_free(oruk_scanner *sc);
/* The next n bytes of input. */
void oruk_scan_feed(oruk_scanner *sc, const char *p, size_t n);
/* At the end of the input: the outer object's services. Returns the paging
 * envelope when there was one (a new reference, the caller decrefs), else
 * NULL. */
json_t *oruk_scan_finish(oruk_scanner *sc);

#endif
