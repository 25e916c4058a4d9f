/* PostgreSQL backend of the store, through libpq: '?' placeholders become
 * $1..$n, statements are prepared once per connection, every statement has
 * a timeout, and serialization failures and deadlocks are reported as
 * retryable. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/embed.h"
#include "store_int.h"

#define CONN(s) ((PGconn *)(s)->native)

typedef struct {
	PGconn *conn;
	store *owner;
	char name[24];
	int n_params;
	char **values;
	int *lengths;
	int *formats;
	PGresult *res;
	int row, n_rows;
	bool executed;
	unsigned char *blob; /* last unescaped bytea, freed on the next */
} pg_stmt;

#define PS(st) ((pg_stmt *)(st)->native)

/* Per connection: the next statement name and the last command's count. */
typedef struct {
	PGconn *conn;
	unsigned next_name;
	int64_t changes;
} pg_conn;

#define PC(s) ((pg_conn *)(s)->native)

static sn_err map_result(store *s, PGresult *res)
{
	ExecStatusType t = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK)
		return SN_OK;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(PC(s)->conn);
	store_set_err(s, "%.*s", (int)strcspn(msg, "\n"), msg);
	s->retryable = state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0);
	if (state && strncmp(state, "23", 2) == 0)
		return SN_ECONFLICT; /* integrity constraint violation */
	return SN_ESTORE;
}

static sn_err pg_exec(store *s, const char *sql)
{
	s->retryable = false;
	PGresult *res = PQexec(PC(s)->conn, sql);
	sn_err rc = map_result(s, res);
	PQclear(res);
	return rc;
}

/* "a = ? AND b = '?'" -> "a = $1 AND b = '?'": placeholders outside quotes. */
static char *number_placeholders(const char *sql, int *n_params)
{
	size_t n = strlen(sql);
	char *out = xmalloc(n * 4 + 1);
	size_t j = 0;
	int k = 0;
	char quote = 0;
	for (size_t i = 0; i < n; i++) {
		char c = sql[i];
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '\'' || c == '"') {
			quote = c;
		} else if (c == '?') {
			j += (size_t)snprintf(out + j, 12, "$%d", ++k);
			continue;
		}
		out[j++] = c;
	}
	out[j] = 0;
	*n_params = k;
	return out;
}

static sn_err pg_prepare(store *s, const char *sql, void **native)
{
	int n = 0;
	char *numbered = number_placeholders(sql, &n);
	pg_stmt *p = xcalloc(1, sizeof *p);
	p->conn = PC(s)->conn;
	p->owner = s;
	snprintf(p->name, sizeof p->name, "sn%u", PC(s)->next_name++);
	p->n_params = n;
	p->values = xcalloc((size_t)(n ? n : 1), sizeof *p->values);
	p->lengths = xcalloc((size_t)(n ? n : 1), sizeof *p->lengths);
	p->formats = xcalloc((size_t)(n ? n : 1), sizeof *p->formats);
	s->retryable = false;
	PGresult *res = PQprepare(p->conn, p->name, numbered, 0, NULL);
	free(numbered);
	sn_err rc = map_result(s, res);
	PQclear(res);
	if (rc) {
		free(p->values);
		free(p->lengths);
		free(p->formats);
		free(p);
		return rc;
	}
	*native = p;
	return SN_OK;
}

static void clear_binds(pg_stmt *p)
{
	for (int i = 0; i < p->n_params; i++) {
		free(p->values[i]);
		p->values[i] = NULL;
		p->lengths[i] = 0;
		p->formats[i] = 0;
	}
}

static void pg_reset(void *native)
{
	pg_stmt *p = native;
	PQclear(p->res);
	p->res = NULL;
	PQfreemem(p->blob);
	p->blob = NULL;
	p->executed = false;
	clear_binds(p);
}

static void pg_finalize(void *native)
{
	pg_stmt *p = native;
	if (!p)
		return;
	pg_reset(p);
	/* The connection may already be gone at shutdown; then the server
	 * has dropped the statement with it. */
	if (PQstatus(p->conn) == CONNECTION_OK) {
		char sql[48];
		snprintf(sql, sizeof sql, "DEALLOCATE %s", p->name);
		PQclear(PQexec(p->conn, sql));
	}
	free(p->values);
	free(p->lengths);
	free(p->formats);
	free(p);
}

static sn_err bind_set(store_stmt *st, int i, char *v, int len, int format)
{
	pg_stmt *p = PS(st);
	if (i < 1 || i > p->n_params) {
		free(v);
		store_set_err(st->owner, "bind index %d out of range 1..%d", i, p->n_params);
		return SN_EINTERNAL;
	}
	free(p->values[i - 1]);
	p->values[i - 1] = v;
	p->lengths[i - 1] = len;
	p->formats[i - 1] = format;
	return SN_OK;
}

static sn_err pg_bind_i64(store_stmt *st, int i, int64_t v)
{
	char *s = xmalloc(24);
	snprintf(s, 24, "%lld", (long long)v);
	return bind_set(st, i, s, 0, 0);
}

static sn_err pg_bind_text(store_stmt *st, int i, const char *v)
{
	return bind_set(st, i, v ? xstrdup(v) : NULL, 0, 0);
}

static sn_err pg_bind_blob(store_stmt *st, int i, const void *data, size_t n)
{
	if (n > 0x7fffffff)
		return SN_ETOOBIG;
	char *copy = xmalloc(n ? n : 1);
	memcpy(copy, data, n);
	return bind_set(st, i, copy, (int)n, 1);
}

static sn_err pg_bind_null(store_stmt *st, int i)
{
	return bind_set(st, i, NULL, 0, 0);
}

static sn_err pg_step(store_stmt *st, bool *row)
{
	pg_stmt *p = PS(st);
	store *s = st->owner;
	*row = false;
	if (!p->executed) {
		s->retryable = false;
		p->res = PQexecPrepared(p->conn, p->name, p->n_params,
					(const char *const *)p->values, p->lengths,
					p->formats, 0);
		p->executed = true;
		sn_err rc = map_result(s, p->res);
		if (rc)
			return rc;
		p->n_rows = PQntuples(p->res);
		p->row = -1;
		const char *count = PQcmdTuples(p->res);
		PC(s)->changes = count && *count ? strtoll(count, NULL, 10) : 0;
	}
	if (p->row + 1 < p->n_rows) {
		p->row++;
		*row = true;
	}
	return SN_OK;
}

static int pg_col_count(store_stmt *st)
{
	return PS(st)->res ? PQnfields(PS(st)->res) : 0;
}

static bool pg_col_null(store_stmt *st, int i)
{
	pg_stmt *p = PS(st);
	return !p->res || p->row < 0 || PQgetisnull(p->res, p->row, i);
}

static const char *pg_col_text(store_stmt *st, int i)
{
	pg_stmt *p = PS(st);
	if (pg_col_null(st, i))
		return "";
	return PQgetvalue(p->res, p->row, i);
}

static int64_t pg_col_i64(store_stmt *st, int i)
{
	const char *v = pg_col_text(st, i);
	if (v[0] == 't' && v[1] == 0)
		return 1; /* a boolean */
	return strtoll(v, NULL, 10);
}

static const void *pg_col_blob(store_stmt *st, int i, size_t *n)
{
	pg_stmt *p = PS(st);
	*n = 0;
	if (pg_col_null(st, i))
		return NULL;
	PQfreemem(p->blob);
	p->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(p->res, p->row, i), n);
	return p->blob;
}

static const char *pg_col_name(store_stmt *st, int i)
{
	return PS(st)->res ? PQfname(PS(st)->res, i) : "";
}

static int64_t pg_changes(store *s)
{
	return PC(s)->changes;
}

static int64_t pg_last_id(store *s)
{
	(void)s;
	return -1; /* use INSERT ... RETURNING id */
}

static void pg_close(store *s)
{
	PQfinish(PC(s)->conn);
	free(PC(s));
}

static bool pg_healthy(store *s)
{
	return PQstatus(PC(s)->conn) == CONNECTION_OK;
}

static const store_ops pg_ops = {
	.exec = pg_exec,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.bind_i64 = pg_bind_i64,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_count = pg_col_count,
	.col_null = pg_col_null,
	.col_i64 = pg_col_i64,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.col_name = pg_col_name,
	.changes = pg_changes,
	.last_id = pg_last_id,
	.close = pg_close,
	.healthy = pg_healthy,
	.begin_write_sql = "BEGIN",
	.has_table_sql = "SELECT count(*) FROM information_schema.tables "
			 "WHERE table_schema = current_schema() AND table_name = ?",
	/* Appends to the audit chain take turns: read the head, then insert. */
	.audit_lock_sql = "SELECT pg_advisory_xact_lock(72616175)",
	.migrations = embed_migrations_pg,
};

static void quiet_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* "relation already exists, skipping" and the like */
}

sn_err store_pg_open(const char *url, store **out, char *err, size_t err_size)
{
	PGconn *conn = PQconnectdb(url);
	if (!conn || PQstatus(conn) != CONNECTION_OK) {
		const char *msg = conn ? PQerrorMessage(conn) : "out of memory";
		snprintf(err, err_size, "cannot connect to PostgreSQL: %.*s",
			 (int)strcspn(msg, "\n"), msg);
		PQfinish(conn);
		return SN_ESTORE;
	}
	PQsetNoticeProcessor(conn, quiet_notices, NULL);
	store *s = xcalloc(1, sizeof *s);
	pg_conn *pc = xcalloc(1, sizeof *pc);
	pc->conn = conn;
	s->ops = &pg_ops;
	s->kind = STORE_POSTGRES;
	s->native = pc;
	/* Timeouts on every statement, on waits for locks and on a
	 * transaction left open, so that nothing holds a worker for ever.
	 * No parallel workers and no JIT: our statements are short, and
	 * starting workers (about 10 ms) or compiling a plan (tens of ms) for
	 * each of them cost more than they save (bench/referrals: the inbox
	 * page went from 50 to under 10 ms at p50 without them). */
	if (pg_exec(s, "SET statement_timeout = '15s'; SET lock_timeout = '10s'; "
		       "SET idle_in_transaction_session_timeout = '60s'; "
		       "SET max_parallel_workers_per_gather = 0; SET jit = off; "
		       "SET client_min_messages = warning; SET TIME ZONE 'UTC'")) {
		snprintf(err, err_size, "cannot set up the PostgreSQL session: %s", s->errmsg);
		store_close(s);
		return SN_ESTORE;
	}
	*out = s;
	return SN_OK;
}
