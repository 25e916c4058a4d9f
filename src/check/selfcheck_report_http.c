/* The self-check's report page (GET /check/self/answers/{answers}/report):
 * what the answers point to, with the directory's services for them, near
 * a postcode when one is given; and the equipment catalogue's page. */
#include <stdio.h>
#include <string.h>

#include "../directory/find/find.h"
#include "../directory/geo/geo.h"
#include "../directory/search/search.h"
#include "check_int.h"

/* The point of the postcode in the "near" field, when it is one; a field
 * error when it is not. */
static bool near_point(req *r, char pc[static 9], int32_t *lat, int32_t *lon)
{
	const char *near = req_get(r, "near");
	if (!*near)
		return false;
	sn_err prc = strlen(near) > 10 ? SN_EINPUT : postcode_normalise(near, pc);
	if (!prc)
		prc = geo_postcode_lookup(r->db, pc, lat, lon, NULL);
	if (prc == SN_EINPUT)
		req_add_error(r, "near", "Enter a full UK postcode, like AV1 2AB");
	else if (prc == SN_ENOTFOUND)
		req_add_error(r, "near", "We could not find that postcode. Check it, or leave it empty to see "
					 "groups across the area");
	return prc == SN_OK;
}

/* Live matches from the directory for what the answers point to: a few
 * services for each kind of help, with a link to the rest. */
static json_t *matches_view(req *r, const json_t *codes, bool has_point, int32_t lat, int32_t lon)
{
	json_t *matches = json_array();
	size_t i;
	json_t *code;
	json_array_foreach(codes, i, code) {
		int64_t term = 0;
		const char *name = "";
		if (check_directory_term(r->db, json_string_value(code), r->a, &term, &name) || !term)
			continue;
		search_query q = {.taxonomy_term_id = term, .api_min_age = -1, .api_max_age = -1,
			       .person_age = -1, .page = 1, .per_page = 2, .has_point = has_point,
			       .lat_e6 = lat, .lon_e6 = lon};
		search_results res = {0};
		if (search_services(r->db, r->a, &q, &res) || res.n == 0)
			continue;
		json_t *items = json_array();
		for (size_t k = 0; k < res.n; k++) {
			json_t *it = find_result_view(r, res.ids[k]);
			if (it && has_point && res.distance_m && res.distance_m[k] >= 0)
				json_object_set_new(it, "distance", json_string(find_miles(r, res.distance_m[k])));
			if (it)
				json_array_append_new(items, it);
		}
		json_array_append_new(matches, json_pack("{s:s, s:s, s:o, s:I, s:s}", "code",
			json_string_value(code), "name", name, "services", items, "total", (json_int_t)res.total,
			"all", text_count(r->a, res.total, "place", "places")));
		if (json_array_size(matches) >= 8)
			break;
	}
	return matches;
}

json_t *check_report_view(req *r, const sc_set *s, const sc_catalogue *c, const sc_answers *a,
			  const sc_report *rep, const char *address)
{
	json_t *v = sc_report_to_json(s, c, rep);
	json_object_set_new(v, "address", json_string(address));
	json_object_set_new(v, "given", check_self_given(a));
	json_t *edit = json_array();
	for (size_t t = 0; t < s->n_topics; t++)
		if (sc_topic_shown(s, a, t))
			json_array_append_new(edit, json_pack("{s:s, s:I}", "title", s->topics[t].title,
							      "topic", (json_int_t)t));
	json_object_set_new(v, "edit", edit);
	/* Loneliness is spoken of when they said they feel it at least now
	 * and then ("occasionally" on the shipped scale of five). */
	json_t *lonely = json_object_get(v, "loneliness");
	if (json_is_object(lonely) && json_integer_value(json_object_get(lonely, "level")) * 5 <
					     json_integer_value(json_object_get(lonely, "of")) * 3)
		json_object_set_new(v, "loneliness", json_null());
	char pc[9] = "";
	int32_t lat = 0, lon = 0;
	bool has_point = near_point(r, pc, &lat, &lon);
	json_object_set_new(v, "near", json_string(has_point ? pc : req_get(r, "near")));
	json_object_set_new(v, "near_used", json_boolean(has_point));
	json_t *matches = matches_view(r, json_object_get(v, "directory_codes"), has_point, lat, lon);
	/* Each advice with the services for its codes beside it; the rest of
	 * the services on their own. */
	json_t *advice = json_object_get(v, "advice"), *other = json_array();
	size_t i, j, k;
	json_t *ad, *m, *code;
	/* Each kind of help once, beside the first advice that points to it. */
	bool shown[SC_MAX_CODES + 8] = {false};
	json_array_foreach(advice, i, ad) {
		json_t *mine = json_array();
		json_array_foreach(json_object_get(ad, "directory_codes"), j, code)
			json_array_foreach(matches, k, m)
				if (!shown[k] && strcmp(json_string_value(json_object_get(m, "code")),
							json_string_value(code)) == 0) {
					json_array_append(mine, m);
					shown[k] = true;
				}
		json_object_set_new(ad, "matches", mine);
	}
	json_array_foreach(matches, k, m)
		if (!shown[k])
			json_array_append(other, m);
	json_object_set_new(v, "matches", matches);
	json_object_set_new(v, "other_matches", other);
	size_t n_items = json_array_size(json_object_get(v, "equipment")) +
			 json_array_size(json_object_get(v, "telecare"));
	json_object_set_new(v, "n_equipment", json_string(text_count(r->a, (int64_t)n_items, "thing", "things")));
	static const char *const lists[] = {"topics", "equipment", "telecare", "advice", "matches", "other_matches"};
	for (size_t l = 0; l < SN_ARRAY_LEN(lists); l++)
		json_object_set_new(v, arena_printf(r->a, "has_%s", lists[l]),
				    json_boolean(json_array_size(json_object_get(v, lists[l])) > 0));
	return v;
}

/* GET /check/self/answers/{answers}/report (?near=POSTCODE). Answers that
 * are not a whole check go to the first part with a question left. */
sn_err check_self_report(req *r, reply *out)
{
	const sc_set *s;
	const sc_catalogue *c;
	sn_err rc = check_data_for(r, &s, &c);
	if (rc)
		return rc;
	sc_answers *a = arena_alloc(r->a, sizeof *a);
	bool done;
	rc = check_self_answers(r, out, s, a, &done);
	if (rc || done)
		return rc;
	const char *address = arena_printf(r->a, "/check/self/answers/%s", req_get(r, "answers"));
	sc_report *rep = arena_alloc(r->a, sizeof *rep);
	if (sc_report_compute(s, c, a, rep))
		return reply_redirect(out, address);
	json_t *view = check_report_view(r, s, c, a, rep, address);
	return reply_page(out, r->errors ? 400 : 200, "check/self-report", "Your self-check results",
			  view);
}

/* ---- the equipment catalogue ---- */

sn_err check_equipment(req *r, reply *out)
{
	const sc_set *s;
	const sc_catalogue *c;
	sn_err rc = check_data_for(r, &s, &c);
	if (rc)
		return rc;
	json_t *loan = json_array(), *buy = json_array();
	for (size_t i = 0; i < c->n_items; i++) {
		const sc_item *it = &c->items[i];
		char how[320];
		sc_item_how_to_get(it, how, sizeof how);
		json_t *needs = json_array();
		for (size_t k = 0; k < elig_n_outcomes(false); k++)
			if (it->outcomes & (1u << k))
				json_array_append_new(needs, json_string(elig_outcome_label(false, k)));
		json_array_append_new(it->supply == SC_LOAN ? loan : buy,
			json_pack("{s:s, s:s, s:s, s:s, s:b, s:o}", "key", it->key, "name", it->name,
				  "description", it->description, "how_to_get", arena_strdup(r->a, how),
				  "telecare", it->telecare, "needs", needs));
	}
	/* The catalogue's own note is for the people who edit it. */
	json_t *v = json_pack("{s:o, s:o, s:s}", "loan", loan, "buy", buy, "note", SC_EQUIPMENT_NOTE);
	return reply_page(out, 200, "check/equipment", "Equipment that can help at home", v);
}
