/* Words as SQLite FTS5 makes them: the directory's own search index
 * (src/directory/search/search_index.c) must cut and stem text exactly as the FTS5
 * table dir_search does, so it borrows FTS5's own tokenizer through the
 * fts5_api of a private in-memory connection (which works the same whichever
 * backend the store is). */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

struct store_tokenizer {
	sqlite3 *db;
	fts5_tokenizer api;
	Fts5Tokenizer *tok;
};

void store_tokenizer_close(store_tokenizer *t)
{
	if (!t)
		return;
	if (t->tok)
		t->api.xDelete(t->tok);
	sqlite3_close_v2(t->db);
	free(t);
}

sn_err store_tokenizer_open(const char *spec, store_tokenizer **out)
{
	*out = NULL;
	/* "porter unicode61 remove_diacritics 2": the name, then its arguments. */
	char copy[128];
	if (!spec || strlen(spec) >= sizeof copy)
		return SN_EINPUT;
	memcpy(copy, spec, strlen(spec) + 1);
	const char *argv[8];
	int argc = 0;
	char *save = NULL; /* strtok_r: searches open tokenizers on many threads at once */
	for (char *p = strtok_r(copy, " ", &save); p; p = strtok_r(NULL, " ", &save))
		if (argc < 8)
			argv[argc++] = p;
	if (argc == 0)
		return SN_EINPUT;
	store_tokenizer *t = calloc(1, sizeof *t);
	if (!t)
		return SN_EINTERNAL;
	fts5_api *fts = NULL;
	sqlite3_stmt *st = NULL;
	void *ctx = NULL;
	if (sqlite3_open_v2(":memory:", &t->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) ||
	    sqlite3_prepare_v2(t->db, "SELECT fts5(?1)", -1, &st, NULL) ||
	    sqlite3_bind_pointer(st, 1, (void *)&fts, "fts5_api_ptr", NULL) || sqlite3_step(st) != SQLITE_ROW ||
	    !fts || fts->xFindTokenizer(fts, argv[0], &ctx, &t->api) ||
	    t->api.xCreate(ctx, argv + 1, argc - 1, &t->tok)) {
		sqlite3_finalize(st);
		t->tok = NULL;
		store_tokenizer_close(t);
		return SN_EINPUT;
	}
	sqlite3_finalize(st);
	*out = t;
	return SN_OK;
}

typedef struct {
	store_token_fn *fn;
	void *ctx;
} relay;

static int on_token(void *p, int flags, const char *token, int n, int start, int end)
{
	(void)start;
	(void)end;
	const relay *r = p;
	if (flags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK; /* FTS5 does not count these either */
	return r->fn(r->ctx, token, (size_t)n) ? SQLITE_ERROR : SQLITE_OK;
}

sn_err store_tokenize(store_tokenizer *t, bool query, const char *text, size_t n, store_token_fn *fn,
		      void *ctx)
{
	if (n > (size_t)INT32_MAX)
		return SN_ETOOBIG;
	relay r = {fn, ctx};
	int rc = t->api.xTokenize(t->tok, &r, query ? FTS5_TOKENIZE_QUERY : FTS5_TOKENIZE_DOCUMENT, text,
				  (int)n, on_token);
	return rc == SQLITE_OK ? SN_OK : SN_EINTERNAL;
}
