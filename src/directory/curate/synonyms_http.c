/* Search synonyms, edited by administrators and moderators: a word people
 * type ("lonely") and the words it also finds ("befriending lunch
 * social"). Applied when searching (dir_search), so no reindexing. */
#include <stdio.h>
#include <string.h>

#include "../search/search.h"
#include "curate_http.h"

static sn_err page(req *r, reply *out, int status)
{
	json_t *list = NULL;
	sn_err rc = search_synonyms_list(r->db, &list);
	if (rc)
		return rc;
	json_t *v = json_pack("{s:o, s:s, s:s}", "synonyms", list, "word", req_get(r, "word"),
			      "also", req_get(r, "also"));
	return reply_page(out, status, "admin/synonyms", "Search synonyms", v);
}

sn_err curate_synonyms_list(req *r, reply *out)
{
	return page(r, out, 200);
}

static const char *role_of(const req *r)
{
	return (r->user->roles & R_ADMIN) ? "admin" : "moderator";
}

sn_err curate_synonyms_save(req *r, reply *out)
{
	/* The input rules caught missing and over-long fields; these checks
	 * add what they cannot see, once per field. */
	bool word_bad = false, also_bad = false;
	size_t i;
	json_t *err;
	json_array_foreach(r->errors, i, err) {
		const char *f = json_string_value(json_object_get(err, "field"));
		word_bad = word_bad || strcmp(f, "word") == 0;
		also_bad = also_bad || strcmp(f, "also") == 0;
	}
	char w[2][64], also[SEARCH_WORDS_MAX][64];
	const char *word = req_get(r, "word");
	if (!word_bad && (search_text_words(word, w, 2) != 1 || strlen(w[0]) != strlen(word)))
		req_add_error(r, "word", "Enter one word, in lower-case letters and numbers only");
	size_t n = search_text_words(req_get(r, "also"), also, SEARCH_WORDS_MAX);
	if (!also_bad && n == 0)
		req_add_error(r, "also", "Enter the words it should also find");
	if (r->errors)
		return page(r, out, 400);
	buf b;
	buf_init(&b, 1024);
	for (size_t k = 0; k < n; k++)
		buf_printf(&b, "%s%s", k ? " " : "", also[k]);
	char now[21];
	time_iso8601(time_now(), now);
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = search_synonym_set(r->db, w[0], b.data, r->user->uuid, now);
	if (!rc) {
		audit_entry e = {r->user->uuid, role_of(r), "synonym.set", arena_printf(r->a, "synonym:%s", w[0]),
				 arena_strdup(r->a, b.data)};
		rc = audit_append(r->db, &e);
	}
	if (!rc)
		rc = store_commit(r->db);
	buf_free(&b);
	return rc ? rc : reply_redirect(out, "/admin/synonyms");
}

sn_err curate_synonyms_delete(req *r, reply *out)
{
	if (r->errors)
		return page(r, out, 400);
	const char *word = req_get(r, "word");
	bool deleted = false;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = search_synonym_delete(r->db, word, &deleted);
	if (!rc && !deleted) {
		store_rollback(r->db);
		return reply_error(r, out, 404, "There is no such synonym.");
	}
	if (!rc) {
		audit_entry e = {r->user->uuid, role_of(r), "synonym.delete",
				 arena_printf(r->a, "synonym:%s", word), ""};
		rc = audit_append(r->db, &e);
	}
	if (!rc)
		rc = store_commit(r->db);
	return rc ? rc : reply_redirect(out, "/admin/synonyms");
}
