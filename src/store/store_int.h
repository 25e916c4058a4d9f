/* Private to src/store: the backend vtable that sqlite.c and postgres.c
 * fill in. */
#ifndef SN_STORE_INT_H
#define SN_STORE_INT_H

#include "../base/embed.h"
#include "store.h"

typedef struct store_ops {
	sn_err (*exec)(store *s, const char *sql);
	sn_err (*prepare)(store *s, const char *sql, void **native);
	void (*finalize)(void *native);
	void (*reset)(void *native);
	sn_err (*bind_i64)(store_stmt *st, int i, int64_t v);
	sn_err (*bind_text)(store_stmt *st, int i, const char *v);
	sn_err (*bind_blob)(store_stmt *st, int i, const void *p, size_t n);
	sn_err (*bind_null)(store_stmt *st, int i);
	sn_err (*step)(store_stmt *st, bool *row);
	int (*col_count)(store_stmt *st);
	bool (*col_null)(store_stmt *st, int i);
	int64_t (*col_i64)(store_stmt *st, int i);
	const char *(*col_text)(store_stmt *st, int i);
	const void *(*col_blob)(store_stmt *st, int i, size_t *n);
	const char *(*col_name)(store_stmt *st, int i);
	int64_t (*changes)(store *s);
	int64_t (*last_id)(store *s);
	void (*close)(store *s);
	bool (*healthy)(store *s);     /* still connected */
	const char *begin_write_sql;
	const char *has_table_sql; /* one '?': the table name */
	const char *audit_lock_sql; /* serialises audit appends, or NULL */
	const embed_file *migrations;
} store_ops;

#define STORE_CACHE 64

struct store_stmt {
	store *owner;
	char *sql;
	void *native;
	bool in_use; /* handed out and not yet store_done: never evicted */
};

struct store {
	const store_ops *ops;
	store_kind kind;
	void *native;
	int tx_depth;
	bool retryable;
	bool holds_write_lock; /* SQLite: this connection holds write_lock */ /* the last error was a serialization failure or deadlock */
	char errmsg[256];
	char audit_note[64]; /* store_set_audit_note: "" when none */
	store_stmt cache[STORE_CACHE]; /* slots never move once filled */
	int n_cache;
	int cache_next; /* next slot to consider for eviction */
};

void store_set_err(store *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
sn_err store_pg_open(const char *url, store **out, char *err, size_t err_size);
sn_err store_sqlite_open(const char *path, bool create, store **out,
			 char *err, size_t err_size);

#endif
