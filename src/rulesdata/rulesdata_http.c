/* The admin pages for rules as data: every document with the version in
 * force, one document's versions with its JSON and the differences from
 * the version in force, uploading a new version and adopting one. */
#include <stdio.h>
#include <string.h>

#include "rulesdata.h"

static const struct {
	const char *kind, *heading, *what;
} kind_pages[] = {
	{"question_set", "Self-check question sets", "the question set"},
	{"ras_scheme", "Resource allocation (RAS) schemes", "the scheme"},
	{"rates", "Charging rates tables", "the rates table"},
	{"equipment", "Equipment catalogue", "the catalogue"},
	{"plan_sections", "Support plan sections", "the sections"},
};

static const char *kind_what(const char *kind)
{
	for (size_t i = 0; i < SN_ARRAY_LEN(kind_pages); i++)
		if (strcmp(kind_pages[i].kind, kind) == 0)
			return kind_pages[i].what;
	return "the document";
}

/* "2026-27" after "2025-26". */
static void next_tax_year(const char *year, char out[static 8])
{
	int64_t y = 0;
	char first[5];
	memcpy(first, year, 4);
	first[4] = 0;
	out[0] = 0;
	if (str_to_i64(first, 1900, 9998, &y))
		return;
	int a = (int)(y + 1), b = (int)(y + 2) % 100;
	out[0] = (char)('0' + a / 1000 % 10);
	out[1] = (char)('0' + a / 100 % 10);
	out[2] = (char)('0' + a / 10 % 10);
	out[3] = (char)('0' + a % 10);
	out[4] = '-';
	out[5] = (char)('0' + b / 10);
	out[6] = (char)('0' + b % 10);
	out[7] = 0;
}

sn_err rulesdata_index(req *r, reply *out)
{
	json_t *groups = NULL;
	sn_err rc = rules_list(r->db, NULL, NULL, &groups);
	if (rc)
		return rc;
	json_t *sections = json_array();
	char latest_year[8] = "";
	for (size_t k = 0; k < SN_ARRAY_LEN(kind_pages); k++) {
		json_t *entries = json_array();
		size_t i;
		json_t *g;
		json_array_foreach(groups, i, g) {
			const char *kind = json_string_value(json_object_get(g, "kind"));
			if (strcmp(kind, kind_pages[k].kind) != 0)
				continue;
			const char *name = json_string_value(json_object_get(g, "name"));
			if (strcmp(kind, "rates") == 0 && strcmp(name, latest_year) > 0)
				snprintf(latest_year, sizeof latest_year, "%s", name);
			json_int_t drafts = json_integer_value(json_object_get(g, "drafts"));
			json_int_t in_force = json_integer_value(json_object_get(g, "in_force"));
			json_t *e = json_pack("{s:s, s:s, s:I, s:b, s:I, s:b, s:b}", "name", name,
				"href", arena_printf(r->a, "/admin/rules/%s/%s", kind, name),
				"in_force", in_force, "has_in_force", in_force > 0, "drafts", drafts,
				"has_drafts", drafts > 0,
				"from_store", strcmp(json_string_value(json_object_get(g, "in_force_from")),
						     "store") == 0);
			json_array_append_new(entries, e);
		}
		json_t *sec = json_pack("{s:s, s:s, s:s, s:b, s:o}", "kind", kind_pages[k].kind,
					"heading", kind_pages[k].heading, "id",
					arena_printf(r->a, "rules-%s", kind_pages[k].kind), "has_entries",
					json_array_size(entries) > 0, "entries", entries);
		if (strcmp(kind_pages[k].kind, "rates") == 0) {
			char next[8];
			next_tax_year(latest_year[0] ? latest_year : "2024-25", next);
			if (next[0])
				json_object_set_new(sec, "next_year", json_pack("{s:s, s:s}", "year", next,
					"href", arena_printf(r->a, "/admin/rules/rates/%s", next)));
		}
		json_array_append_new(sections, sec);
	}
	json_decref(groups);
	json_t *v = json_pack("{s:o}", "sections", sections);
	return reply_page(out, 200, "admin/rules", "Rules", v);
}

/* A rates table for a new tax year, to start from: the latest table in
 * force with its year (and dates) changed. NULL when there is none. */
static const char *new_year_template(req *r, const char *year)
{
	json_t *groups = NULL;
	if (rules_list(r->db, "rates", NULL, &groups))
		return NULL;
	const char *latest = NULL;
	size_t i;
	json_t *g;
	json_array_foreach(groups, i, g) {
		const char *name = json_string_value(json_object_get(g, "name"));
		if (json_integer_value(json_object_get(g, "in_force")) > 0 &&
		    (!latest || strcmp(name, latest) > 0))
			latest = arena_strdup(r->a, name);
	}
	json_decref(groups);
	const char *body = NULL;
	size_t len = 0;
	if (!latest || rules_body(r->db, "rates", latest, r->a, &body, &len, NULL, NULL))
		return NULL;
	json_t *o = json_loadb(body, len, 0, NULL);
	if (!json_is_object(o)) {
		json_decref(o);
		return body;
	}
	int y = (year[0] - '0') * 1000 + (year[1] - '0') * 100 + (year[2] - '0') * 10 + (year[3] - '0');
	json_object_set_new(o, "year", json_string(year));
	if (json_object_get(o, "starts"))
		json_object_set_new(o, "starts", json_sprintf("%04d-04-06", y));
	if (json_object_get(o, "ends"))
		json_object_set_new(o, "ends", json_sprintf("%04d-04-05", y + 1));
	char *t = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	const char *res = t ? arena_strdup(r->a, t) : body;
	free(t);
	return res;
}

/* The versions of document g (NULL: none yet), each with what the admin
 * can do and whether it is the one shown (selected, of selected_status).
 * The same number can be both stored and shipped: the row is preferred.
 * The caller owns the reference. */
static json_t *versions_view(req *r, const char *kind, const char *name, json_t *g,
			     json_int_t selected, const char *selected_status)
{
	int shipped = rules_shipped_version(kind, name);
	json_t *versions = g ? json_incref(json_object_get(g, "versions")) : json_array();
	size_t i;
	json_t *ver;
	json_array_foreach(versions, i, ver) {
		json_int_t n = json_integer_value(json_object_get(ver, "version"));
		const char *st = json_string_value(json_object_get(ver, "status"));
		bool shipped_row = json_is_true(json_object_get(ver, "shipped"));
		bool in = json_is_true(json_object_get(ver, "in_force"));
		bool can_adopt = !in && (strcmp(st, "draft") == 0 || strcmp(st, "retired") == 0 ||
					 (shipped_row && n == shipped));
		json_object_set_new(ver, "can_adopt", json_boolean(can_adopt));
		json_object_set_new(ver, "adopt_label", json_string(arena_printf(r->a,
			shipped_row ? "Go back to version %lld" : strcmp(st, "retired") == 0
				? "Adopt version %lld again" : "Adopt version %lld", (long long)n)));
		json_object_set_new(ver, "is_selected", json_boolean(n == selected &&
			(!selected_status || shipped_row == (strcmp(selected_status, "shipped") == 0))));
		json_object_set_new(ver, "href", json_string(arena_printf(r->a,
			"/admin/rules/%s/%s?version=%lld", kind, name, (long long)n)));
		json_object_set_new(ver, "status_label", json_string(
			in ? "In force" : strcmp(st, "draft") == 0 ? "Draft" :
			strcmp(st, "retired") == 0 ? "Retired" : "Shipped"));
		json_object_set_new(ver, "created_when", json_string(time_uk_when(r->a,
			json_string_value(json_object_get(ver, "created_at")))));
		json_object_set_new(ver, "adopted_when", json_string(time_uk_when(r->a,
			json_string_value(json_object_get(ver, "adopted_at")))));
		json_object_set_new(ver, "tag_class", json_string(
			in ? "govuk-tag--green" : strcmp(st, "draft") == 0 ? "govuk-tag--yellow" :
			"govuk-tag--grey"));
	}
	return versions;
}

/* The version shown, and its differences from the version in force
 * (in_force_body: NULL when it cannot be read) when it is not that one.
 * The caller owns the reference. */
static json_t *selected_view(json_int_t selected, const char *selected_status,
			     const char *selected_body, size_t selected_len, json_int_t in_force,
			     const char *in_force_body, size_t in_force_len,
			     bool in_force_from_store)
{
	json_t *sel = json_pack("{s:I, s:s, s:s, s:b}", "version", (json_int_t)selected,
		"status", selected_status, "body", selected_body,
		"in_force", selected == in_force && selected_status &&
			    (strcmp(selected_status, "adopted") == 0 ||
			     (strcmp(selected_status, "shipped") == 0 && !in_force_from_store)));
	if (json_is_true(json_object_get(sel, "in_force")) || !in_force_body)
		return sel;
	json_t *diff = NULL;
	size_t total = 0;
	if (rules_diff(in_force_body, in_force_len, selected_body, selected_len, RULES_DIFF_MAX,
		       &diff, &total))
		return sel;
	json_object_set_new(sel, "diff", diff);
	json_object_set_new(sel, "diff_total", json_integer((json_int_t)total));
	json_object_set_new(sel, "has_diff", json_boolean(total > 0));
	json_object_set_new(sel, "no_diff", json_boolean(total == 0));
	json_object_set_new(sel, "diff_more", json_integer((json_int_t)(total - json_array_size(diff))));
	json_object_set_new(sel, "diff_shown", json_integer((json_int_t)json_array_size(diff)));
	json_object_set_new(sel, "diff_cut", json_boolean(total > json_array_size(diff)));
	json_object_set_new(sel, "compared", json_boolean(true));
	return sel;
}

/* The page of one document. form_body/form_note: what to put in the upload
 * form (NULL: the version in force and ""); errors: for the error summary. */
static sn_err show_page(req *r, reply *out, int status, const char *kind, const char *name,
			const char *form_body, const char *form_note, json_t *errors)
{
	json_t *groups = NULL;
	sn_err rc = rules_list(r->db, kind, name, &groups);
	if (rc) {
		json_decref(errors);
		return rc;
	}
	json_t *g = json_array_get(groups, 0);
	bool is_new = !g;
	if (is_new && strcmp(kind, "rates") != 0) {
		json_decref(groups);
		json_decref(errors);
		return reply_error(r, out, web_status_of(SN_ENOTFOUND),
				   "There is no rules document of that name.");
	}
	json_t *v = json_object();
	json_object_set_new(v, "kind", json_string(kind));
	json_object_set_new(v, "kind_label", json_string(rules_kind_label(kind)));
	json_object_set_new(v, "name", json_string(name));
	json_object_set_new(v, "what", json_string(kind_what(kind)));
	json_object_set_new(v, "is_new", json_boolean(is_new));
	json_object_set_new(v, "is_rates", json_boolean(strcmp(kind, "rates") == 0));
	json_int_t in_force = g ? json_integer_value(json_object_get(g, "in_force")) : 0;
	json_int_t highest = g ? json_integer_value(json_object_get(g, "highest")) : 0;
	json_object_set_new(v, "in_force", json_integer(in_force));
	json_object_set_new(v, "in_force_version", json_integer(in_force));
	json_object_set_new(v, "has_in_force", json_boolean(in_force > 0));
	json_object_set_new(v, "in_force_from_store", json_boolean(g && strcmp(json_string_value(
		json_object_get(g, "in_force_from")), "store") == 0));
	json_object_set_new(v, "next_version", json_integer(highest + 1));

	/* The version shown: ?version=N, else the one in force. */
	json_int_t selected = req_get_i64(r, "version", 0);
	if (selected <= 0)
		selected = in_force;
	const char *in_force_body = NULL, *selected_body = NULL, *selected_status = NULL;
	size_t in_force_len = 0, selected_len = 0;
	if (in_force > 0 && rules_body(r->db, kind, name, r->a, &in_force_body, &in_force_len, NULL,
				       NULL))
		in_force_body = NULL;
	if (selected > 0) {
		rc = rules_body_version(r->db, kind, name, (int)selected, r->a, &selected_body,
					&selected_len, &selected_status);
		if (rc == SN_ENOTFOUND && req_get(r, "version")[0]) {
			json_decref(groups);
			json_decref(v);
			json_decref(errors);
			return reply_error(r, out, web_status_of(SN_ENOTFOUND),
					   "There is no such version.");
		}
		if (rc && rc != SN_ENOTFOUND) {
			json_decref(groups);
			json_decref(v);
			json_decref(errors);
			return rc;
		}
	}
	json_object_set_new(v, "versions", versions_view(r, kind, name, g, selected, selected_status));
	json_decref(groups);

	if (selected_body)
		json_object_set_new(v, "selected", selected_view(selected, selected_status,
			selected_body, selected_len, in_force, in_force_body, in_force_len,
			json_is_true(json_object_get(v, "in_force_from_store"))));

	/* The upload form. */
	if (!form_body)
		form_body = is_new ? new_year_template(r, name) : in_force_body;
	json_object_set_new(v, "form_body", json_string(form_body ? form_body : ""));
	json_object_set_new(v, "form_note", json_string(form_note ? form_note : ""));
	json_object_set_new(v, "version_hint", json_string(strcmp(kind, "rates") == 0
		? arena_printf(r->a, "Paste or edit the table; its \"year\" must be %s. It will be "
				     "stored as version %lld, a draft until you adopt it.",
			       name, (long long)highest + 1)
		: arena_printf(r->a, "Paste or edit the JSON and change its \"version\" to %lld or "
				     "higher. It is stored as a draft until you adopt it.",
			       (long long)highest + 1)));
	if (errors)
		json_object_set_new(v, "errors", errors);
	const char *title = arena_printf(r->a, "%s %s", rules_kind_label(kind), name);
	return reply_page(out, status, "admin/rules-show", title, v);
}

/* Kind and name from the path, checked; SN_ENOTFOUND when not well formed. */
static sn_err path_doc(req *r, const char **kind, const char **name)
{
	char err[256];
	*kind = req_get(r, "kind");
	*name = req_get(r, "name");
	return rules_name_check(*kind, *name, err, sizeof err) ? SN_ENOTFOUND : SN_OK;
}

sn_err rulesdata_show(req *r, reply *out)
{
	const char *kind, *name;
	if (path_doc(r, &kind, &name))
		return reply_error(r, out, web_status_of(SN_ENOTFOUND),
				   "There is no rules document of that name.");
	return show_page(r, out, 200, kind, name, NULL, NULL, NULL);
}

sn_err rulesdata_upload(req *r, reply *out)
{
	const char *kind, *name;
	if (path_doc(r, &kind, &name))
		return reply_error(r, out, web_status_of(SN_ENOTFOUND),
				   "There is no rules document of that name.");
	const char *body = req_get(r, "body"), *note = req_get(r, "note");
	if (r->errors)
		return show_page(r, out, 400, kind, name, body, note, json_incref(r->errors));
	char err[1024] = "";
	int version = 0;
	sn_err rc = rules_upload(r->db, kind, name, body, note, r->user->uuid, &version, err,
				 sizeof err);
	if (rc == SN_EINPUT || rc == SN_ETOOBIG) {
		json_t *errors = json_pack("[{s:s, s:s}]", "field",
					   str_starts(err, "note:") ? "note" : "body", "message", err);
		return show_page(r, out, 400, kind, name, body, note, errors);
	}
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "/admin/rules/%s/%s?version=%d", kind, name,
						version));
}

sn_err rulesdata_adopt(req *r, reply *out)
{
	const char *kind, *name;
	if (path_doc(r, &kind, &name))
		return reply_error(r, out, web_status_of(SN_ENOTFOUND),
				   "There is no rules document of that name.");
	int64_t version = req_get_i64(r, "version", 0);
	sn_err rc = rules_adopt(r->db, kind, name, (int)version, r->user->uuid);
	if (rc == SN_ENOTFOUND)
		return reply_error(r, out, web_status_of(SN_ENOTFOUND),
				   "There is no such version.");
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "/admin/rules/%s/%s", kind, name));
}
