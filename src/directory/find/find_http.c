/* The "Find" pages of the directory: a search form and its results (a GET
 * form, so a search can be shared, bookmarked and printed), the service
 * page, and a large-print list. No JavaScript needed; the same search as
 * the ORUK API (search_services). Bad input is shown in an error summary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../budget/charging.h"
#include "../curate/curate.h"
#include "../curate/curate_pages.h"
#include "../geo/geo.h"
#include "../search/search.h"
#include "find.h"
#include "find_int.h"

#define FIND_PER_PAGE 20


/* The taxonomy terms for the "what kind of help" list. */
static json_t *term_options(req *r, const char *chosen)
{
	json_t *kinds = NULL, *list = json_array();
	dir_kinds_of_help(r->db, &kinds); /* a failure: what was read */
	size_t i;
	json_t *k;
	json_array_foreach(kinds, i, k) {
		const char *code = json_string_value(json_object_get(k, "code"));
		json_array_append_new(list, json_pack("{s:s, s:O, s:b}", "value", code, "label",
						      json_object_get(k, "name"), "selected", strcmp(chosen, code) == 0));
	}
	json_decref(kinds);
	return list;
}

/* when_view's reading of the rows: each schedule into the engine and as
 * a line in English (a row the engine cannot read: its own words). */
typedef struct {
	sched_service *sv;
	json_t *lines;
} when_ctx;

static void when_schedule(void *ctx, const sched_columns *c)
{
	when_ctx *w = ctx;
	sched_rule rule;
	char err[160], line[256];
	if (sched_rule_from_columns(c, &rule, err, sizeof err)) {
		if (c->description && *c->description)
			json_array_append_new(w->lines, json_string(c->description));
		return;
	}
	sched_service_add_rule(w->sv, &rule);
	sched_describe(&rule, line, sizeof line);
	json_array_append_new(w->lines, json_string(line));
}

static void when_closure(void *ctx, const char *from, const char *to, const char *reason)
{
	when_ctx *w = ctx;
	sched_closure cl;
	char err[160];
	if (!sched_closure_from_columns(from, to, reason, &cl, err, sizeof err))
		sched_service_add_closure(w->sv, &cl);
}

/* The service's opening times through the schedule engine: a line in
 * English for each schedule, and whether it is open now or when it next
 * opens (within a fortnight), as "Open now" / "Next open: Tuesday 12 May,
 * 10am". The engine's struct is big: it lives in the request's arena. */
static void when_view(req *r, int64_t sid, const char *status, json_t *o)
{
	when_ctx w = {arena_alloc(r->a, sizeof *w.sv), json_array()};
	sched_service_init(w.sv, status);
	find_store_schedules(r->db, sid, when_schedule, &w); /* failures: what was read */
	find_store_closures(r->db, sid, when_closure, &w);
	json_object_set_new(o, "when", w.lines);
	sched_service *sv = w.sv;
	sched_date d, od;
	sched_time t, ot;
	sched_london_now(time_now(), &d, &t);
	if (sched_open_at(sv, d, t)) {
		json_object_set_new(o, "open_now", json_true());
	} else if (sched_next_opening(sv, d, t, 14, &od, &ot)) {
		char hm[16];
		sched_format_time_english(ot, hm);
		static const char *const months[] = {"January", "February", "March", "April", "May", "June",
						     "July", "August", "September", "October", "November",
						     "December"};
		json_object_set_new(o, "next_open", json_string(arena_printf(r->a, "%s %d %s, %s",
			sched_day_names[sched_weekday(od)], od.d, months[od.m - 1], hm)));
	}
}

static const char *cost_text(req *r, int64_t sid)
{
	int64_t pence = -1;
	if (find_store_min_cost(r->db, sid, &pence))
		return "";
	if (pence < 0)
		return "Free";
	char m[32];
	chg_money(pence, m, sizeof m);
	return arena_printf(r->a, "%s a session", m);
}

/* One result: name, organisation, what, where, when, cost, last checked. */
json_t *find_result_view(req *r, int64_t sid)
{
	find_row row;
	bool found = false;
	if (find_store_result(r->db, r->a, sid, &row, &found) || !found)
		return NULL;
	char today[21];
	time_iso8601(time_now(), today);
	bool overdue = curate_overdue(row.review_due, today);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "uuid", row.uuid, "name", row.name,
			      "description", row.description, "organization", row.organization,
			      "checked", time_uk_day(r->a, row.last_reviewed ? row.last_reviewed : ""),
			      "where", row.where, "overdue", overdue);
	if (overdue && row.last_reviewed) {
		char ago[32];
		curate_age_text(row.last_reviewed, today, ago, sizeof ago);
		json_object_set_new(o, "checked_ago", json_string(ago));
	}
	if (row.has_minimum_age)
		json_object_set_new(o, "age", json_string(arena_printf(r->a, "Age %lld and over",
			(long long)row.minimum_age)));
	/* Where it is, for the map: its first location's coordinates. */
	int32_t lat, lon;
	bool placed = false;
	if (!find_store_first_point(r->db, sid, &lat, &lon, &placed) && placed) {
		char la[GEO_E6_STR], lo[GEO_E6_STR];
		geo_format_e6(lat, la);
		geo_format_e6(lon, lo);
		json_object_set_new(o, "lat", json_string(la));
		json_object_set_new(o, "lon", json_string(lo));
	}
	when_view(r, sid, row.status, o);
	json_object_set_new(o, "cost", json_string(cost_text(r, sid)));
	return o;
}

/* Reads and checks the search form; fills q (page sizes included). */
static void read_form(req *r, search_query *q, const char **term, const char **day)
{
	*q = (search_query){.api_min_age = -1, .api_max_age = -1, .person_age = -1, .page = 1,
			 .per_page = FIND_PER_PAGE};
	q->search = req_get(r, "q");
	*term = req_get(r, "term");
	*day = req_get(r, "day");
	q->free_only = strcmp(req_get(r, "free"), "yes") == 0;
	q->page = req_get_i64(r, "page", 1);
	if (**term) {
		int64_t id = 0;
		if (find_store_term_id(r->db, *term, &id) || !id)
			req_add_error(r, "term", "Choose a kind of help from the list");
		q->taxonomy_term_id = id;
	}
	if (**day)
		q->day = *day;
	const char *age = req_get(r, "age");
	int64_t a = 0;
	if (*age) {
		if (str_to_i64(age, 0, 150, &a))
			req_add_error(r, "age", "Enter an age as a number, like 72");
		else
			q->person_age = (int)a;
	}
	const char *pc = req_get(r, "postcode");
	if (*pc) {
		int64_t loc = 0;
		sn_err rc = geo_postcode_lookup(r->db, pc, &q->lat_e6, &q->lon_e6, &loc);
		if (rc == SN_EINPUT)
			req_add_error(r, "postcode", "Enter a full UK postcode, like AV1 2AB");
		else if (rc == SN_ENOTFOUND)
			req_add_error(r, "postcode", "We do not know where that postcode is. Check it, or search without it");
		else if (!rc)
			q->has_point = true;
	}
	const char *within = req_get(r, "within");
	if (*within && q->has_point)
		q->within_m = (int64_t)(atoi(within)) * 1609; /* miles */
}

/* "0.4 miles", "3 miles" */
const char *find_miles(req *r, int64_t m)
{
	int64_t tenths = (m * 10 + 804) / 1609;
	if (tenths < 100)
		return arena_printf(r->a, "%lld.%lld miles", (long long)(tenths / 10), (long long)(tenths % 10));
	return arena_printf(r->a, "%lld miles", (long long)((tenths + 5) / 10));
}

sn_err find_page(req *r, reply *out)
{
	/* Input rules of the route already put type problems in r->errors
	 * (a page that is not a number, a search that is too long). */
	search_query q;
	const char *term, *day;
	read_form(r, &q, &term, &day);
	bool searched = *q.search || *term || *day || q.free_only || q.person_age >= 0 || q.has_point;
	json_t *results = json_array();
	search_results res = {0};
	if (searched && !r->errors) {
		sn_err rc = search_services(r->db, r->a, &q, &res);
		if (rc) {
			json_decref(results);
			return rc;
		}
		for (size_t i = 0; i < res.n; i++) {
			json_t *o = find_result_view(r, res.ids[i]);
			if (!o)
				continue;
			if (res.distance_m && res.distance_m[i] >= 0)
				json_object_set_new(o, "distance", json_string(find_miles(r, res.distance_m[i])));
			json_array_append_new(results, o);
		}
	}
	const char *suggestion = NULL;
	if (searched && !r->errors && res.total == 0 && *q.search) {
		sn_err rc = search_did_you_mean(r->db, r->a, q.search, &suggestion);
		if (rc) {
			json_decref(results);
			return rc;
		}
	}
	json_t *days = json_array();
	for (size_t d = 0; d < 7; d++)
		json_array_append_new(days, json_pack("{s:s, s:s, s:b}", "value", sched_day_codes[d], "label",
			sched_day_names[d], "selected", strcmp(day, sched_day_codes[d]) == 0));
	int64_t pages = res.total ? (res.total + FIND_PER_PAGE - 1) / FIND_PER_PAGE : 0;
	/* The same search without its page, for the paging and print links. */
	buf qs;
	buf_init(&qs, 2048);
	static const char *const keep[] = {"q", "term", "day", "free", "age", "postcode", "within"};
	for (size_t i = 0; i < SN_ARRAY_LEN(keep); i++) {
		const char *v = req_get(r, keep[i]);
		if (!*v)
			continue;
		buf_printf(&qs, "%s%s=", qs.len ? "&" : "", keep[i]);
		for (const unsigned char *p = (const unsigned char *)v; *p; p++)
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			    *p == '-')
				buf_putc(&qs, (char)*p);
			else
				buf_printf(&qs, "%%%02X", *p);
	}
	json_t *v = json_pack("{s:s, s:o, s:o, s:b, s:I, s:o, s:I, s:I, s:b, s:b, s:s, s:s, s:s, s:s, s:b}",
		"q", q.search, "terms", term_options(r, term), "days", days, "searched", searched && !r->errors,
		"total", (json_int_t)res.total, "results", results, "page", (json_int_t)q.page,
		"pages", (json_int_t)pages, "has_prev", q.page > 1, "has_next", q.page < pages,
		"query", qs.data ? arena_strdup(r->a, qs.data) : "", "age", req_get(r, "age"),
		"postcode", req_get(r, "postcode"), "plural", res.total == 1 ? "" : "s", "free", q.free_only);
	buf_free(&qs);
	if (suggestion) {
		json_object_set_new(v, "suggestion", json_string(suggestion));
		buf sq;
		buf_init(&sq, 512);
		for (const unsigned char *p = (const unsigned char *)suggestion; *p; p++)
			if (*p == ' ')
				buf_putc(&sq, '+');
			else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
				buf_putc(&sq, (char)*p);
			else
				buf_printf(&sq, "%%%02X", *p);
		json_object_set_new(v, "suggestion_q", json_string(sq.data ? sq.data : ""));
		buf_free(&sq);
	}
	json_t *withins = json_array();
	static const char *const w[] = {"1", "3", "5", "10"};
	for (size_t i = 0; i < SN_ARRAY_LEN(w); i++)
		json_array_append_new(withins, json_pack("{s:s, s:s, s:b}", "value", w[i], "label",
			arena_printf(r->a, "%s mile%s", w[i], i ? "s" : ""), "selected",
			strcmp(req_get(r, "within"), w[i]) == 0));
	json_object_set_new(v, "withins", withins);
	/* The map, when tiles are configured and a result has a place. */
	if (web_tiles() && json_array_size(results)) {
		json_object_set_new(v, "map_tiles", json_string(web_tiles()));
		json_object_set_new(v, "map_attribution", json_string(web_tiles_attribution()));
	}
	json_object_set_new(v, "prev", json_integer(q.page - 1));
	json_object_set_new(v, "next", json_integer(q.page + 1));
	const char *tpl = strcmp(r->path, "/find/print") == 0 ? "find/print" : "find/search";
	return reply_page(out, r->errors ? 400 : 200, tpl,
			  *tpl == 'f' && strstr(tpl, "print") ? "Printable list" : "Find help and things to do",
			  v);
}

sn_err find_service(req *r, reply *out)
{
	int64_t sid;
	sn_err rc = dir_service_id(r->db, req_get(r, "id"), &sid);
	if (rc == SN_ENOTFOUND) {
		/* A duplicate merged into another entry: go to that one. */
		const char *kept = NULL;
		find_store_merged_into(r->db, r->a, req_get(r, "id"), &kept);
		if (kept)
			return reply_redirect(out, arena_printf(r->a, "/find/services/%s", kept));
		return reply_error(r, out, 404, "There is no such service in the directory, or it has been taken out.");
	}
	if (rc)
		return rc;
	json_t *v = find_result_view(r, sid);
	if (!v)
		return SN_EINTERNAL;
	/* Contact, access and more. */
	rc = find_store_page_details(r->db, sid, v);
	if (rc) {
		json_decref(v);
		return rc;
	}
	if (curate_may_edit(r, sid))
		json_object_set_new(v, "can_edit", json_true());
	return reply_page(out, 200, "find/service", json_string_value(json_object_get(v, "name")), v);
}
