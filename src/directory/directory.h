/* The directory (the asset map): services, organisations, locations and
 * taxonomies in the Open Referral UK 3.0 model (schema/.../0006), the one
 * search function that the ORUK API and the pages share, and the ORUK JSON
 * writer. Only published records are ever read through here. */
#ifndef SN_DIRECTORY_H
#define SN_DIRECTORY_H

#include "../web/web.h"

#define DIR_PER_PAGE_DEFAULT 50
#define DIR_PER_PAGE_MAX 100
#define DIR_SEARCH_MAX 200   /* bytes of a free-text search */
#define DIR_SEARCH_WORDS 8   /* words of it used */

/* ---- search ---- */

typedef struct {
	const char *search;         /* free text; NULL or "" for none */
	int64_t taxonomy_term_id;   /* internal ids; 0 for none */
	int64_t taxonomy_id;
	int64_t organization_id;
	const char *modified_after; /* "2026-01-01T00:00:00Z" or NULL */
	/* ORUK's age filters: services whose minimum_age >= api_min_age, whose
	 * maximum_age <= api_max_age; -1 for none. */
	int api_min_age, api_max_age;
	/* The pages' filter: services a person of this age can use; -1 none. */
	int person_age;
	bool free_only;             /* services with no cost, or a cost of £0 */
	/* ORUK's time filter: a schedule on this day ("MO".."SU") that covers
	 * start_time..end_time ("HH:MM"); NULL or "" for none. */
	const char *day, *start_time, *end_time;
	int64_t locality_id;        /* 0 for none */
	/* Near a point (a postcode's centroid): results carry their distance
	 * (to the nearest of their locations) and are ranked by distance band
	 * then relevance; within_m > 0 also drops those further away. */
	bool has_point;
	int32_t lat_e6, lon_e6;
	int64_t within_m;
	int64_t page, per_page;     /* 1-based page; per_page 1..DIR_PER_PAGE_MAX */
} dir_query;

typedef struct {
	int64_t total;   /* matches in all */
	size_t n;        /* on this page */
	int64_t *ids;    /* dir_services.id, in rank order (from the arena) */
	int64_t *distance_m; /* with has_point: metres, -1 when no location */
} dir_results;

/* The words of a search, lower-cased, at most DIR_SEARCH_WORDS, each of
 * letters and digits only (the rest of the text is ignored). */
size_t dir_search_words(const char *text, char words[][64], size_t max);
/* Runs q: only published services. Full text: FTS5's Porter-stemmed words
 * and bm25 on SQLite (from dir_index.c's lists when built), tsvector on
 * PostgreSQL; ranked by relevance then name. */
sn_err dir_search(store *s, arena *a, const dir_query *q, dir_results *out);
/* The same search over services at locations (/oruk/service_at_locations):
 * one row per service at a location whose service matches q and, near a
 * point, whose location is within q->within_m (when > 0); ranked as
 * dir_search ranks services, by that location's distance. ids are
 * dir_service_at_locations ids; distance_m that location's (-1 none). */
sn_err dir_search_sals(store *s, arena *a, const dir_query *q, dir_results *out);
/* How many services at locations the published services have (the
 * unfiltered list's total): from dir_points when built, else counted. */
sn_err dir_sals_total(store *s, int64_t *total);
/* For a search that found nothing: the same words with each misspelt one
 * replaced by the nearest known word (of taxonomy terms, synonyms and
 * service names; edit distance 1 for words of up to 4 letters, else 2), or
 * *out NULL when nothing is close. */
sn_err dir_did_you_mean(store *s, arena *a, const char *search, const char **out);
/* Keeps the search index of one service in step with its row (call after
 * writing a service, its taxonomy terms, locations or moderation status):
 * FTS5 or the tsvector, and on SQLite the word, point and name-order lists
 * (dir_index.c; also the points of other services whose shared location
 * moved). */
sn_err dir_index_service(store *s, int64_t service_id);

/* ---- ORUK 3.0 JSON ---- */

/* The paging envelope around contents (whose reference it takes). */
json_t *oruk_page(json_t *contents, int64_t total, int64_t page, int64_t per_page);
/* List items: service scalars with the organisation's, in ids order. */
sn_err oruk_service_items(store *s, const int64_t *ids, size_t n, json_t **out);
/* A fully nested service; SN_ENOTFOUND unless published. */
sn_err oruk_service_full(store *s, int64_t id, json_t **out);
/* By uuid: the internal id of a published service / of a row. */
sn_err dir_service_id(store *s, const char *uuid, int64_t *id);
sn_err dir_row_id(store *s, const char *table, const char *uuid, int64_t *id);

/* ---- HTTP: the ORUK API under /oruk ---- */
sn_err oruk_root(req *r, reply *out);
sn_err oruk_openapi(req *r, reply *out);
sn_err oruk_services(req *r, reply *out);
sn_err oruk_service(req *r, reply *out);
sn_err oruk_sals(req *r, reply *out);
sn_err oruk_sal(req *r, reply *out);
sn_err oruk_taxonomies(req *r, reply *out);
sn_err oruk_taxonomy(req *r, reply *out);
sn_err oruk_terms(req *r, reply *out);
sn_err oruk_term(req *r, reply *out);
sn_err oruk_organizations(req *r, reply *out);
sn_err oruk_organization(req *r, reply *out);

/* ---- HTTP: the Find pages ---- */
/* A result for a page: {uuid, name, description, organization, where,
 * when[], cost, checked, overdue, age?}; NULL when there is no such row. */
json_t *dir_result_view(req *r, int64_t sid);
/* A distance in metres as people read it: "0.4 miles", "12 miles". */
const char *dir_miles(req *r, int64_t m);
sn_err find_page(req *r, reply *out);    /* GET /find and /find/print */
sn_err find_service(req *r, reply *out); /* GET /find/services/{id} */

/* ---- HTTP: reports of wrong information ---- */
sn_err report_form(req *r, reply *out);   /* GET /find/services/{id}/report */
sn_err report_send(req *r, reply *out);   /* POST the same */
sn_err reports_list(req *r, reply *out);  /* GET /moderation/reports */
sn_err reports_close(req *r, reply *out); /* POST /moderation/reports/{id}/close */

/* ---- HTTP: keeping entries current (manage_http.c) ---- */
sn_err manage_partner(req *r, reply *out);        /* GET /partner */
sn_err manage_edit_form(req *r, reply *out);      /* GET /directory/services/{id}/edit */
sn_err manage_edit_save(req *r, reply *out);      /* POST the same */
sn_err manage_new_form(req *r, reply *out);       /* GET /directory/organizations/{id}/services/new */
sn_err manage_new_save(req *r, reply *out);       /* POST the same */
sn_err manage_history(req *r, reply *out);        /* GET /directory/services/{id}/history */
sn_err manage_restore(req *r, reply *out);        /* POST .../history/{version}/restore */
sn_err manage_checked(req *r, reply *out);        /* POST /directory/services/{id}/checked */
sn_err manage_change(req *r, reply *out);         /* GET /directory/changes/{id} */
sn_err manage_change_decide(req *r, reply *out);  /* POST /directory/changes/{id}/decide */
sn_err manage_change_withdraw(req *r, reply *out);/* POST /directory/changes/{id}/withdraw */
sn_err manage_queue(req *r, reply *out);          /* GET /moderation/changes */
sn_err manage_moderation(req *r, reply *out);     /* GET /moderation */
sn_err manage_duplicates(req *r, reply *out);     /* GET /moderation/duplicates */
sn_err manage_merge(req *r, reply *out);          /* POST /moderation/duplicates/merge */
sn_err manage_not_duplicates(req *r, reply *out); /* POST /moderation/duplicates/dismiss */
/* Whether the signed-in user may change service sid (for an "edit" link). */
bool manage_may_edit(req *r, int64_t sid);

/* ---- HTTP: search synonyms (admins and moderators) ---- */
sn_err synonyms_list(req *r, reply *out);
sn_err synonyms_save(req *r, reply *out);
sn_err synonyms_delete(req *r, reply *out);

/* ---- the demo area's directory ---- */
sn_err dir_demo(store *s, uint64_t seed, const int64_t *locality_ids, size_t n_localities,
		int n_services, char *err, size_t err_size);

#endif
