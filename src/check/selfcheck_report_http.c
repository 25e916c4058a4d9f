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
		json_array_append_new(matches, json_pack("{s:s, s:s, s:o, s:I}", "code",
			json_string_value(code), "name", name, "services", items, "total", (json_int_t)res.total));
		if (json_array_size(matches) >= 6)
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
	char pc[9] = "";
	int32_t lat = 0, lon = 0;
	bool has_point = near_point(r, pc, &lat, &lon);
	json_object_set_new(v, "near", json_string(has_point ? pc : req_get(r, "near")));
	json_object_set_new(v, "near_used", json_boolean(has_point));
	json_object_set_new(v, "matches", matches_view(r, json_object_get(v, "directory_codes"),
						       has_point, lat, lon));
	static const char *const lists[] = {"topics", "equipment", "telecare", "advice", "matches"};
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
		char a[32], b[32];
		const char *how;
		if (it->supply == SC_LOAN) {
			sc_money(it->retail_credit_pence, a, sizeof a);
			how = it->retail_credit_pence
				? arena_printf(r->a, "The council can lend you this free of charge. If you would rather choose your own from a shop, you can have %s towards it.", a)
				: "The council can lend you this free of charge.";
		} else {
			sc_money(it->price_min_pence, a, sizeof a);
			sc_money(it->price_max_pence, b, sizeof b);
			how = arena_printf(r->a, "Most people buy this themselves. It usually costs %s to %s.", a, b);
		}
		json_t *needs = json_array();
		for (size_t k = 0; k < elig_n_outcomes(false); k++)
			if (it->outcomes & (1u << k))
				json_array_append_new(needs, json_string(elig_outcome_label(false, k)));
		json_array_append_new(it->supply == SC_LOAN ? loan : buy,
			json_pack("{s:s, s:s, s:s, s:s, s:b, s:o}", "key", it->key, "name", it->name,
				  "description", it->description, "how_to_get", how,
				  "telecare", it->telecare, "needs", needs));
	}
	json_t *v = json_pack("{s:o, s:o, s:s}", "loan", loan, "buy", buy, "note", c->note);
	return reply_page(out, 200, "check/equipment", "Equipment that can help at home", v);
}
