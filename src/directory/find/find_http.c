/* The "Find" pages of the directory: a search form and its results (a GET
 * form, so a search can be shared, bookmarked and printed), the service
 * page, and a large-print list. No JavaScript needed; the same search as
 * the ORUK API (search_services). Bad input is shown in an error summary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../curate/curate.h"
#include "../curate/curate_pages.h"
#include "../geo/geo.h"
#include "../search/search.h"
#include "find.h"
#include "find_int.h"



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
	char m[40];
	money_text(pence, m);
	return arena_printf(r->a, "%s a session", m);
}

const char *find_tel(req *r, const char *number)
{
	char *out = arena_alloc(r->a, strlen(number) + 1);
	size_t n = 0;
	for (const char *p = number; *p; p++)
		if ((*p >= '0' && *p <= '9') || (*p == '+' && n == 0))
			out[n++] = *p;
	out[n] = '\0';
	return out;
}

/* One result: name, organisation, what, where, when, cost, phone, last
 * checked. */
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
	if (*row.phone) {
		json_object_set_new(o, "phone", json_string(row.phone));
		json_object_set_new(o, "tel", json_string(find_tel(r, row.phone)));
	}
	when_view(r, sid, row.status, o);
	json_object_set_new(o, "cost", json_string(cost_text(r, sid)));
	return o;
}

void find_read_form(req *r, search_query *q, const char **term, const char **day, char near[static 9])
{
	*q = (search_query){.api_min_age = -1, .api_max_age = -1, .person_age = -1, .page = 1,
			 .per_page = FIND_PER_PAGE};
	near[0] = '\0';
	q->search = req_get(r, "q");
	*term = req_get(r, "term");
	*day = req_get(r, "day");
	q->free_only = strcmp(req_get(r, "free"), "yes") == 0;
	q->step_free = strcmp(req_get(r, "access"), "step-free") == 0;
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
	const char *pc = req_get(r, "postcode"), *within = req_get(r, "within");
	if (*pc) {
		int64_t loc = 0;
		sn_err rc = geo_postcode_lookup(r->db, pc, &q->lat_e6, &q->lon_e6, &loc);
		if (rc == SN_EINPUT)
			req_add_error(r, "postcode", "Enter a full UK postcode, like AV1 2AB");
		else if (rc == SN_ENOTFOUND)
			req_add_error(r, "postcode", "We do not know where that postcode is. Check it, or search without it");
		else if (!rc)
			q->has_point = true;
		if (!rc)
			postcode_normalise(pc, near);
	} else if (*within) {
		req_add_error(r, "postcode", arena_printf(r->a, "Enter a postcode to find places within %s of it, "
							  "or choose Any distance", find_within_text(r, within)));
	}
	/* With a postcode, nearest first: what people expect of "near me". */
	q->nearest_first = q->has_point;
	if (*within && q->has_point)
		q->within_m = (int64_t)(atoi(within)) * 1609; /* miles */
}

const char *find_within_text(req *r, const char *within)
{
	return arena_printf(r->a, "%s mile%s", within, strcmp(within, "1") == 0 ? "" : "s");
}

/* "0.4 miles", "3 miles" (search_distance_step: the order nearest first
 * is by the same figure) */
const char *find_miles(req *r, int64_t m)
{
	int64_t step = search_distance_step(m);
	if (step < 100)
		return arena_printf(r->a, "%lld.%lld miles", (long long)(step / 10), (long long)(step % 10));
	return arena_printf(r->a, "%lld miles", (long long)(step / 10));
}

/* The search as the form asked, and what was done to find something:
 * a page past the last gives the last (past_last: the page asked for);
 * nothing found for joined words ("lunchclub") searches again with them
 * split (shown_for); still nothing, a respelling that finds something is
 * offered (suggestion). */
typedef struct {
	search_results res;
	int64_t pages, past_last;
	const char *shown_for, *suggestion;
} find_answer;

static sn_err find_run(req *r, search_query *q, find_answer *ans)
{
	sn_err rc = search_services(r->db, r->a, q, &ans->res);
	if (!rc && ans->res.total == 0 && *q->search) {
		const char *split = NULL;
		rc = search_split_joined(r->db, r->a, q->search, &split);
		search_query again = *q;
		again.search = split;
		search_results more = {0};
		if (!rc && split)
			rc = search_services(r->db, r->a, &again, &more);
		if (!rc && more.total > 0) {
			ans->res = more;
			ans->shown_for = split;
			q->search = split;
		}
	}
	ans->pages = (ans->res.total + FIND_PER_PAGE - 1) / FIND_PER_PAGE;
	if (!rc && ans->pages && q->page > ans->pages) {
		ans->past_last = q->page;
		q->page = ans->pages;
		rc = search_services(r->db, r->a, q, &ans->res);
	}
	if (!rc && ans->res.total == 0 && *q->search) {
		const char *respelt = NULL;
		rc = search_did_you_mean(r->db, r->a, q->search, &respelt);
		/* Only a respelling that finds something. */
		search_query check = *q;
		check.search = respelt;
		check.page = 1;
		search_results found = {0};
		if (!rc && respelt)
			rc = search_services(r->db, r->a, &check, &found);
		if (!rc && found.total > 0)
			ans->suggestion = respelt;
	}
	return rc;
}

/* The same search without its page, for the paging, print and map links
 * (in the arena); the words as shown_for when they were split. */
const char *find_query_string(req *r, const char *words)
{
	buf qs;
	buf_init(&qs, 2048);
	static const char *const keep[] = {"q", "term", "day", "free", "access", "age", "postcode", "within"};
	for (size_t i = 0; i < SN_ARRAY_LEN(keep); i++) {
		const char *v = i == 0 && words ? words : req_get(r, keep[i]);
		if (!*v)
			continue;
		buf_printf(&qs, "%s%s=", qs.len ? "&" : "", keep[i]);
		buf_url_escape(&qs, v, false);
	}
	const char *out = arena_strdup(r->a, qs.data ? qs.data : "");
	buf_free(&qs);
	return out;
}

/* The form's lists: kinds of help, days and distances, as chosen. */
static void form_lists(req *r, json_t *v, const char *term, const char *day)
{
	json_t *days = json_array();
	for (size_t d = 0; d < 7; d++)
		json_array_append_new(days, json_pack("{s:s, s:s, s:b}", "value", sched_day_codes[d], "label",
			sched_day_names[d], "selected", strcmp(day, sched_day_codes[d]) == 0));
	json_t *withins = json_array();
	static const char *const w[] = {"1", "3", "5", "10"};
	for (size_t i = 0; i < SN_ARRAY_LEN(w); i++)
		json_array_append_new(withins, json_pack("{s:s, s:s, s:b}", "value", w[i], "label",
			find_within_text(r, w[i]), "selected", strcmp(req_get(r, "within"), w[i]) == 0));
	json_object_set_new(v, "terms", term_options(r, term));
	json_object_set_new(v, "days", days);
	json_object_set_new(v, "withins", withins);
}

/* What the page says about the search it ran: the words split, the
 * step-free filter, nearest first, a page past the last, paging. */
static void search_notes(req *r, json_t *v, const search_query *q, const find_answer *ans, const char *near)
{
	const char *typed = req_get(r, "q");
	if (ans->shown_for)
		json_object_set_new(v, "shown_for", json_pack("{s:s, s:s}", "typed", typed, "words", ans->shown_for));
	if (ans->res.step_free && ans->res.total)
		json_object_set_new(v, "step_free_note", json_string(q->step_free
			? "Only places with step-free access, as each venue describes it."
			: "Only places with step-free access, as each venue describes it, for the words you typed."));
	if (*near && ans->res.total)
		json_object_set_new(v, "near", json_string(q->within_m ? arena_printf(r->a,
			"Within %s of %s, nearest first.", find_within_text(r, req_get(r, "within")), near)
			: arena_printf(r->a, "Nearest to %s first.", near)));
	if (ans->past_last)
		json_object_set_new(v, "past_last", json_string(arena_printf(r->a,
			"There is no page %lld. These are the last results, page %lld of %lld.", (long long)ans->past_last,
			(long long)ans->pages, (long long)ans->pages)));
	json_object_set_new(v, "paged", json_boolean(ans->pages > 1));
	if (ans->suggestion) {
		buf sq;
		buf_init(&sq, 512);
		buf_url_escape(&sq, ans->suggestion, true);
		json_object_set_new(v, "suggestion", json_string(ans->suggestion));
		json_object_set_new(v, "suggestion_q", json_string(sq.data ? sq.data : ""));
		buf_free(&sq);
	}
}

sn_err find_page(req *r, reply *out)
{
	/* Input rules of the route already put type problems in r->errors
	 * (a page that is not a number, a search that is too long). */
	search_query q;
	const char *term, *day;
	char near[9];
	find_read_form(r, &q, &term, &day, near);
	bool searched = *q.search || *term || *day || q.free_only || q.step_free || q.person_age >= 0 || q.has_point;
	json_t *results = json_array();
	find_answer ans = {0};
	if (searched && !r->errors) {
		sn_err rc = find_run(r, &q, &ans);
		if (rc) {
			json_decref(results);
			return rc;
		}
		for (size_t i = 0; i < ans.res.n; i++) {
			json_t *o = find_result_view(r, ans.res.ids[i]);
			if (!o)
				continue;
			if (ans.res.distance_m && ans.res.distance_m[i] >= 0)
				json_object_set_new(o, "distance", json_string(find_miles(r, ans.res.distance_m[i])));
			json_array_append_new(results, o);
		}
	}
	const char *query = find_query_string(r, ans.shown_for);
	json_t *v = json_pack("{s:s, s:b, s:I, s:s, s:o, s:I, s:I, s:b, s:b, s:s, s:s, s:s, s:b, s:b, s:I, s:I}",
		"q", req_get(r, "q"), "searched", searched && !r->errors, "total", (json_int_t)ans.res.total,
		"total_text", text_count(r->a, ans.res.total, "result", "results"), "results", results,
		"page", (json_int_t)q.page, "pages", (json_int_t)ans.pages, "has_prev", q.page > 1,
		"has_next", q.page < ans.pages, "query", query, "age", req_get(r, "age"), "postcode",
		req_get(r, "postcode"), "free", q.free_only, "step_free", q.step_free, "prev",
		(json_int_t)(q.page - 1), "next", (json_int_t)(q.page + 1));
	form_lists(r, v, term, day);
	search_notes(r, v, &q, &ans, near);
	find_map_view(r, v, results, query, ans.res.total);
	bool print = strcmp(r->path, "/find/print") == 0;
	return reply_page(out, r->errors ? 400 : 200, print ? "find/print" : "find/search",
			  print ? "Printable list" : "Find help and things to do", v);
}

static find_service_extra_fn *service_extra;

void find_set_service_extra(find_service_extra_fn *fn) { service_extra = fn; }

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
	if (service_extra && (rc = service_extra(r, sid, v)) != SN_OK) {
		json_decref(v);
		return rc;
	}
	if (curate_may_edit(r, sid))
		json_object_set_new(v, "can_edit", json_true());
	return reply_page(out, 200, "find/service", json_string_value(json_object_get(v, "name")), v);
}
