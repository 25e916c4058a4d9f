/* bench/directory's baselines: the directory queries straight against
 * SQLite FTS5 or PostgreSQL full text, with no SupportNet in between.
 *
 *   dir_baseline sqlite DB.sqlite QUERIES THREADS SECONDS
 *   dir_baseline pg URL QUERIES THREADS SECONDS SYNONYMS.sqlite
 *
 * QUERIES has one query a line: words, taxonomy term id (0 for none),
 * latitude and longitude in millionths of a degree and a radius in metres
 * (0 for none), tab-separated. Each word becomes the word or any of its
 * synonyms (dir_synonyms, read from the SQLite file), every word must
 * match, as in dir_search. Each query is the MATCH (or @@) with the term
 * and the radius's bounding box as IN filters, ranked by bm25 (ts_rank),
 * LIMIT 20: no total, no exact circle, no names or JSON.
 *
 * THREADS threads, each with its own connection, run the queries round
 * robin (each from its own starting point) for SECONDS. Prints one line:
 * queries/s, p50 and p99 latency in ms, queries done, errors.
 *
 * Built by bench/directory: cc -O2 dir_baseline.c -lsqlite3 -lpq -lpthread */
#include <ctype.h>
#include <libpq-fe.h>
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_QUERIES 4096
#define MAX_SAMPLES (1 << 22)

typedef struct {
	char fts[2048], tsq[2048];
	long long term;
	long long lat_min, lat_max, lon_min, lon_max; /* box; radius 0: none */
	int radius;
} query;

static query queries[MAX_QUERIES];
static int n_queries;
static int use_pg;
static const char *target;
static double seconds;

typedef struct {
	int no;
	double *lat_ms;
	long n, cap, errors;
} worker;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "dir_baseline: %s: %s\n", what, detail ? detail : "");
	exit(1);
}

/* The synonyms of one word, space-separated ("" for none). */
static void synonyms_of(sqlite3 *db, const char *word, char *out, size_t size)
{
	sqlite3_stmt *st = NULL;
	out[0] = 0;
	if (sqlite3_prepare_v2(db, "SELECT also FROM dir_synonyms WHERE word = ?", -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, word, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* Appends to a fixed buffer, truncating (queries are short). */
static void cat(char *dst, size_t size, const char *src)
{
	size_t n = strlen(dst);
	if (n + 1 < size)
		snprintf(dst + n, size - n, "%s", src);
}

/* The words of text as dir_search_words reads them: letters and digits,
 * lower-cased, at most 8. */
static int words_of(const char *text, char w[8][64])
{
	int n = 0;
	const unsigned char *p = (const unsigned char *)text;
	while (*p && n < 8) {
		while (*p && !isalnum(*p) && *p < 0x80)
			p++;
		size_t len = 0;
		while (*p && (isalnum(*p) || *p >= 0x80)) {
			if (len < 63)
				w[n][len++] = (char)tolower(*p);
			p++;
		}
		if (len) {
			w[n][len] = 0;
			n++;
		}
	}
	return n;
}

static void load_queries(const char *path, sqlite3 *syn)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die("cannot open", path);
	char line[1024];
	while (fgets(line, sizeof line, f) && n_queries < MAX_QUERIES) {
		query *q = &queries[n_queries];
		char text[512];
		long long lat = 0, lon = 0;
		if (sscanf(line, "%511[^\t]\t%lld\t%lld\t%lld\t%d", text, &q->term, &lat, &lon, &q->radius) != 5)
			continue;
		char w[8][64];
		int nw = words_of(text, w);
		if (!nw)
			continue;
		for (int i = 0; i < nw; i++) {
			char also[512], aw[8][64], one[600];
			synonyms_of(syn, w[i], also, sizeof also);
			int na = words_of(also, aw);
			cat(q->fts, sizeof q->fts, i ? " AND (" : "(");
			cat(q->tsq, sizeof q->tsq, i ? " & (" : "(");
			snprintf(one, sizeof one, "\"%s\"", w[i]);
			cat(q->fts, sizeof q->fts, one);
			cat(q->tsq, sizeof q->tsq, w[i]);
			for (int k = 0; k < na; k++) {
				snprintf(one, sizeof one, " OR \"%s\"", aw[k]);
				cat(q->fts, sizeof q->fts, one);
				snprintf(one, sizeof one, " | %s", aw[k]);
				cat(q->tsq, sizeof q->tsq, one);
			}
			cat(q->fts, sizeof q->fts, ")");
			cat(q->tsq, sizeof q->tsq, ")");
		}
		if (q->radius > 0) {
			/* The box around the circle (a degree of latitude is 111.2 km). */
			double dlat = q->radius / 111195.0 * 1e6 + 10;
			double dlon = dlat / cos((double)lat / 1e6 * M_PI / 180.0);
			q->lat_min = lat - (long long)dlat;
			q->lat_max = lat + (long long)dlat;
			q->lon_min = lon - (long long)dlon;
			q->lon_max = lon + (long long)dlon;
		}
		n_queries++;
	}
	fclose(f);
	if (!n_queries)
		die("no queries in", path);
}

/* Variant 0 plain, 1 with the term, 2 with the box, 3 with both. The
 * box through SupportNet's R-tree (dir_geo), SQLite's own index for it.
 * "+rowid": without the plus SQLite drives FTS5 by the rowids of the IN
 * list, running the MATCH once for each (a minute for one query at
 * 100,000 services); with it the MATCH runs once and IN filters. */
static const char *sqlite_sql[4] = {
	"SELECT rowid FROM dir_search WHERE dir_search MATCH ?1 ORDER BY rank LIMIT 20",
	"SELECT rowid FROM dir_search WHERE dir_search MATCH ?1 AND +rowid IN (SELECT link_id FROM "
	"dir_attributes WHERE taxonomy_term_id = ?2 AND link_entity = 'service') ORDER BY rank LIMIT 20",
	"SELECT rowid FROM dir_search WHERE dir_search MATCH ?1 AND +rowid IN (SELECT service_min FROM "
	"dir_geo WHERE lat_min >= ?3 AND lat_max <= ?4 AND lon_min >= ?5 AND lon_max <= ?6) "
	"ORDER BY rank LIMIT 20",
	"SELECT rowid FROM dir_search WHERE dir_search MATCH ?1 AND +rowid IN (SELECT link_id FROM "
	"dir_attributes WHERE taxonomy_term_id = ?2 AND link_entity = 'service') AND +rowid IN (SELECT "
	"service_min FROM dir_geo WHERE lat_min >= ?3 AND lat_max <= ?4 AND lon_min >= ?5 AND lon_max <= ?6) "
	"ORDER BY rank LIMIT 20"};

static const char *pg_sql[4] = {
	"SELECT service_id FROM dir_search WHERE doc @@ to_tsquery('english', $1) "
	"ORDER BY ts_rank(doc, to_tsquery('english', $1)) DESC LIMIT 20",
	"SELECT service_id FROM dir_search WHERE doc @@ to_tsquery('english', $1) AND service_id IN "
	"(SELECT link_id FROM dir_attributes WHERE taxonomy_term_id = $2::bigint AND link_entity = 'service') "
	"ORDER BY ts_rank(doc, to_tsquery('english', $1)) DESC LIMIT 20",
	"SELECT service_id FROM dir_search WHERE doc @@ to_tsquery('english', $1) AND service_id IN "
	"(SELECT x.service_id FROM dir_service_at_locations x JOIN dir_locations l ON l.id = x.location_id "
	"WHERE l.lat_e6 BETWEEN $3::bigint AND $4::bigint AND l.lon_e6 BETWEEN $5::bigint AND $6::bigint) "
	"ORDER BY ts_rank(doc, to_tsquery('english', $1)) DESC LIMIT 20",
	"SELECT service_id FROM dir_search WHERE doc @@ to_tsquery('english', $1) AND service_id IN "
	"(SELECT link_id FROM dir_attributes WHERE taxonomy_term_id = $2::bigint AND link_entity = 'service') "
	"AND service_id IN (SELECT x.service_id FROM dir_service_at_locations x JOIN dir_locations l "
	"ON l.id = x.location_id WHERE l.lat_e6 BETWEEN $3::bigint AND $4::bigint AND l.lon_e6 BETWEEN "
	"$5::bigint AND $6::bigint) ORDER BY ts_rank(doc, to_tsquery('english', $1)) DESC LIMIT 20"};

static int variant(const query *q)
{
	return (q->term ? 1 : 0) | (q->radius > 0 ? 2 : 0);
}

static int run_sqlite(sqlite3 *db, sqlite3_stmt **st, const query *q)
{
	int v = variant(q);
	sqlite3_stmt *s = st[v];
	sqlite3_bind_text(s, 1, q->fts, -1, SQLITE_STATIC);
	if (v & 1)
		sqlite3_bind_int64(s, 2, q->term);
	if (v & 2) {
		sqlite3_bind_int64(s, 3, q->lat_min);
		sqlite3_bind_int64(s, 4, q->lat_max);
		sqlite3_bind_int64(s, 5, q->lon_min);
		sqlite3_bind_int64(s, 6, q->lon_max);
	}
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		;
	sqlite3_reset(s);
	(void)db;
	return rc == SQLITE_DONE ? 0 : 1;
}

static int run_pg(PGconn *c, const query *q)
{
	char term[24], b[4][24];
	snprintf(term, sizeof term, "%lld", q->term);
	snprintf(b[0], sizeof b[0], "%lld", q->lat_min);
	snprintf(b[1], sizeof b[1], "%lld", q->lat_max);
	snprintf(b[2], sizeof b[2], "%lld", q->lon_min);
	snprintf(b[3], sizeof b[3], "%lld", q->lon_max);
	const char *values[6] = {q->tsq, term, b[0], b[1], b[2], b[3]};
	int v = variant(q);
	char name[8];
	snprintf(name, sizeof name, "q%d", v);
	/* Every variant takes all six (pad_pg_sql). */
	PGresult *r = PQexecPrepared(c, name, 6, values, NULL, NULL, 0);
	int bad = PQresultStatus(r) != PGRES_TUPLES_OK;
	if (bad)
		fprintf(stderr, "dir_baseline: %s", PQerrorMessage(c));
	PQclear(r);
	return bad;
}

static void *work(void *arg)
{
	worker *w = arg;
	sqlite3 *db = NULL;
	sqlite3_stmt *st[4] = {0};
	PGconn *pg = NULL;
	if (use_pg) {
		pg = PQconnectdb(target);
		if (PQstatus(pg) != CONNECTION_OK)
			die("cannot connect", PQerrorMessage(pg));
		for (int v = 0; v < 4; v++) {
			char name[8];
			snprintf(name, sizeof name, "q%d", v);
			PGresult *r = PQprepare(pg, name, pg_sql[v], 0, NULL);
			if (PQresultStatus(r) != PGRES_COMMAND_OK)
				die("prepare", PQerrorMessage(pg));
			PQclear(r);
		}
	} else {
		if (sqlite3_open_v2(target, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
			die("cannot open", target);
		/* Several threads open at once; one may find the file's WAL
		 * being recovered after the server before it stopped. */
		sqlite3_busy_timeout(db, 10000);
		sqlite3_exec(db, "PRAGMA mmap_size=2147418112", NULL, NULL, NULL);
		for (int v = 0; v < 4; v++)
			if (sqlite3_prepare_v2(db, sqlite_sql[v], -1, &st[v], NULL) != SQLITE_OK)
				die("prepare", sqlite3_errmsg(db));
	}
	int i = (w->no * 7919) % n_queries;
	double end = now_s() + seconds;
	for (double t0 = now_s(); t0 < end; t0 = now_s()) {
		const query *q = &queries[i];
		i = (i + 1) % n_queries;
		int bad = use_pg ? run_pg(pg, q) : run_sqlite(db, st, q);
		double t1 = now_s();
		w->errors += bad;
		if (w->n < w->cap)
			w->lat_ms[w->n++] = (t1 - t0) * 1000.0;
	}
	for (int v = 0; v < 4; v++)
		sqlite3_finalize(st[v]);
	sqlite3_close(db);
	PQfinish(pg);
	return NULL;
}

/* Prepared statements in libpq need all parameters referenced: wrap each
 * variant so that every one of $1..$6 appears. */
static void pad_pg_sql(void)
{
	static char padded[4][2048];
	for (int v = 0; v < 4; v++) {
		snprintf(padded[v], sizeof padded[v],
			 "SELECT service_id FROM (%s) q WHERE $2::bigint IS NOT NULL AND $3::bigint IS NOT NULL "
			 "AND $4::bigint IS NOT NULL AND $5::bigint IS NOT NULL AND $6::bigint IS NOT NULL",
			 pg_sql[v]);
		pg_sql[v] = padded[v];
	}
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

int main(int argc, char **argv)
{
	if (argc < 6 || (strcmp(argv[1], "sqlite") && strcmp(argv[1], "pg")) ||
	    (!strcmp(argv[1], "pg") && argc < 7)) {
		fprintf(stderr, "usage: dir_baseline sqlite DB QUERIES THREADS SECONDS\n"
				"       dir_baseline pg URL QUERIES THREADS SECONDS SYNONYMS.sqlite\n");
		return 2;
	}
	use_pg = !strcmp(argv[1], "pg");
	target = argv[2];
	int threads = atoi(argv[4]);
	seconds = atof(argv[5]);
	if (threads < 1 || threads > 256 || seconds <= 0)
		die("bad THREADS or SECONDS", NULL);
	sqlite3 *syn = NULL;
	if (sqlite3_open_v2(use_pg ? argv[6] : target, &syn, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die("cannot open the synonyms database", use_pg ? argv[6] : target);
	load_queries(argv[3], syn);
	sqlite3_close(syn);
	if (use_pg)
		pad_pg_sql();
	worker *w = calloc((size_t)threads, sizeof *w);
	pthread_t *t = calloc((size_t)threads, sizeof *t);
	double t0 = now_s();
	for (int i = 0; i < threads; i++) {
		w[i].no = i;
		w[i].cap = MAX_SAMPLES / threads;
		w[i].lat_ms = malloc((size_t)w[i].cap * sizeof(double));
		pthread_create(&t[i], NULL, work, &w[i]);
	}
	long n = 0, errors = 0;
	for (int i = 0; i < threads; i++) {
		pthread_join(t[i], NULL);
		n += w[i].n;
		errors += w[i].errors;
	}
	double elapsed = now_s() - t0;
	double *all = malloc((size_t)(n ? n : 1) * sizeof *all);
	long k = 0;
	for (int i = 0; i < threads; i++) {
		memcpy(all + k, w[i].lat_ms, (size_t)w[i].n * sizeof *all);
		k += w[i].n;
		free(w[i].lat_ms);
	}
	qsort(all, (size_t)n, sizeof *all, cmp_double);
	double p50 = n ? all[(long)(0.50 * (double)(n - 1))] : 0;
	double p99 = n ? all[(long)(0.99 * (double)(n - 1))] : 0;
	printf("%.1f %.2f %.2f %ld %ld\n", (double)n / elapsed, p50, p99, n, errors);
	free(all);
	free(w);
	free(t);
	return errors ? 1 : 0;
}
