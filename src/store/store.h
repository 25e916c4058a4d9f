/* The store: one interface over the embedded SQLite backend and the
 * PostgreSQL backend. SQL is written once with '?' placeholders; a backend
 * that numbers its placeholders rewrites them. A `store` is one connection
 * and belongs to one thread at a time. */
#ifndef SN_STORE_H
#define SN_STORE_H

#include "../base/base.h"

typedef struct store store;
typedef struct store_stmt store_stmt;

typedef enum { STORE_SQLITE, STORE_POSTGRES } store_kind;

/* Opens a connection to LOC: a file path or "sqlite:PATH" for SQLite, or a
 * postgres:// URL. Creates a SQLite file if missing when create is true.
 * On failure returns an error and writes a one-line reason into err. */
sn_err store_open(const char *loc, bool create, store **out, char *err,
		  size_t err_size);
void store_close(store *s); /* accepts NULL */
store_kind store_kind_of(const store *s);
/* The last error message of this connection (never NULL). */
const char *store_errmsg(const store *s);

/* SN_OK when the connection answers a trivial query (health checks). */
sn_err store_ping(store *s);

/* Runs SQL without parameters or results (may hold several statements). */
sn_err store_exec(store *s, const char *sql);

/* Transactions. begin_write takes the write lock at once on SQLite (BEGIN
 * IMMEDIATE), so a read-then-write cannot deadlock; on PostgreSQL it is a
 * READ COMMITTED transaction and features lock what they read-then-write. */
sn_err store_begin(store *s);
sn_err store_begin_write(store *s);
sn_err store_commit(store *s);
sn_err store_rollback(store *s); /* safe to call when no transaction is open */
bool store_in_tx(const store *s);

/* Prepared statements, cached per connection by SQL text: the caller must
 * not finalize them; store_done resets and clears binds for reuse. A
 * statement stays valid until its store_done even while other statements
 * are prepared and run (at most STORE_CACHE, 64, in use at once). */
sn_err store_prepare(store *s, const char *sql, store_stmt **out);
void store_done(store_stmt *st); /* accepts NULL */

/* Typed binds, 1-based like SQL. */
sn_err store_bind_i64(store_stmt *st, int i, int64_t v);
sn_err store_bind_text(store_stmt *st, int i, const char *v); /* NULL binds NULL */
sn_err store_bind_blob(store_stmt *st, int i, const void *p, size_t n);
sn_err store_bind_null(store_stmt *st, int i);

/* Steps: SN_OK with *row true for a row, *row false when done. */
sn_err store_step(store_stmt *st, bool *row);
/* The same for loops: true when there is a row; false when done (*rc
 * SN_OK) or on an error (*rc says which). `while (store_next(st, &rc))`. */
bool store_next(store_stmt *st, sn_err *rc);
int store_col_count(store_stmt *st);
bool store_col_null(store_stmt *st, int i);  /* 0-based */
int64_t store_col_i64(store_stmt *st, int i);
const char *store_col_text(store_stmt *st, int i); /* "" for NULL; valid until next step */
const void *store_col_blob(store_stmt *st, int i, size_t *n);
const char *store_col_name(store_stmt *st, int i);
/* Rows changed by the last INSERT/UPDATE/DELETE on this connection. */
int64_t store_changes(store *s);
int64_t store_last_id(store *s);

/* Convenience: prepare, bind from a format string and run to completion.
 * Format letters: i = int64_t, t = const char * (NULL -> NULL), n = NULL.
 * Example: store_run(s, "UPDATE users SET name=? WHERE id=?", "ti", nm, id); */
sn_err store_run(store *s, const char *sql, const char *fmt, ...);
/* Prepare and bind; the caller steps and calls store_done. */
sn_err store_query(store *s, store_stmt **out, const char *sql, const char *fmt,
		   ...);
sn_err store_vquery(store *s, store_stmt **out, const char *sql,
		    const char *fmt, va_list ap);
/* One integer from the first column of the first row; SN_ENOTFOUND if none. */
sn_err store_one_i64(store *s, int64_t *out, const char *sql, const char *fmt,
		     ...);

/* Migrations: applies every embedded migration newer than the recorded
 * version, each in its own transaction with its version row. */
sn_err store_migrate(store *s, int *applied, char *err, size_t err_size);
int store_schema_version(store *s); /* -1 when not migrated at all */
int store_latest_version(void);

/* A SQLite FTS5 tokenizer, e.g. "porter unicode61 remove_diacritics 2",
 * for cutting text into the same words as an FTS5 table with that
 * tokenize option (whichever backend the store is). One thread at a time.
 * store_tokenize passes each word (not NUL-terminated) to fn; a non-zero
 * return from fn stops it with an error. */
typedef struct store_tokenizer store_tokenizer;
typedef int store_token_fn(void *ctx, const char *token, size_t n);
sn_err store_tokenizer_open(const char *spec, store_tokenizer **out);
sn_err store_tokenize(store_tokenizer *t, bool query, const char *text, size_t n, store_token_fn *fn,
		      void *ctx);
void store_tokenizer_close(store_tokenizer *t); /* accepts NULL */

/* Backup and restore (SQLite: online backup API, consistent while the
 * server writes). */
sn_err store_backup(store *s, const char *to_path, char *err, size_t err_size);
sn_err store_restore(const char *from_path, const char *loc, char *err,
		     size_t err_size);

/* True when the last error was a serialization failure or deadlock:
 * rolling back and running the transaction again may succeed. */
bool store_retryable(const store *s);
/* Inside a write transaction: waits for the right to append to the audit
 * chain (PostgreSQL: an advisory lock; SQLite: nothing, BEGIN IMMEDIATE
 * already serialises writers). */
sn_err store_lock_audit(store *s);
/* A note that every audit entry appended on this connection carries at the
 * end of its reason until it is cleared (NULL): how the request that holds
 * the connection was authenticated, when that is worth saying (" (API token
 * 7)"). Kept on the connection because the audit functions are handed the
 * store, not the caller; the web layer clears it before and after each
 * request and store_release clears it too. At most 63 bytes are kept. */
void store_set_audit_note(store *s, const char *note);
const char *store_audit_note(const store *s); /* "" when none */

/* The server's connection pool: at most size connections to loc, opened on
 * demand. store_acquire waits up to 5 s for a free one (NULL then, or when
 * it cannot connect); store_release rolls back any open transaction and
 * returns the connection (a broken one is closed). */
sn_err store_pool_init(const char *loc, int size);
store *store_acquire(void);
void store_release(store *s);
void store_pool_close_all(void); /* only when no connection is in use */

#endif
