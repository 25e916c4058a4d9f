/* Handlers for person records: the caseload list, one record (reached
 * through a relationship or break glass) with the sections other
 * capabilities add to it, contact changes, break glass. */
#include <stdio.h>
#include <string.h>

#include "people.h"

/* The record page's sections (people_set_sections), read-only once the
 * server runs. */
static const people_section *sections;
static size_t n_sections;

void people_set_sections(const people_section *list, size_t n)
{
	sections = list;
	n_sections = n;
}

sn_err people_list(req *r, reply *out)
{
	bool worker = (r->user->roles & R_WORKER) != 0;
	people_caseload_row *rows;
	size_t n;
	const char *q = req_get(r, "q");
	sn_err rc = people_caseload_search(r->db, r->user->id, worker, q, r->a, &rows, &n);
	if (rc)
		return rc;
	audit_entry e = {r->user->uuid, worker ? "worker" : "carer", "person.list", "",
			 *q ? arena_printf(r->a, "own caseload, names with \"%s\": %zu people", q, n)
			    : arena_printf(r->a, "own caseload: %zu people", n)};
	rc = audit_append(r->db, &e);
	if (rc)
		return rc;
	json_t *people = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(people, json_pack("{s:s, s:s, s:s, s:s}",
			"uuid", rows[i].uuid,
			"name", arena_printf(r->a, "%s %s", rows[i].given_name, rows[i].family_name),
			"locality", rows[i].locality,
			"basis", rows[i].named ? "named by the person" : "assigned worker"));
	json_t *v = json_pack("{s:b, s:o, s:I, s:b, s:s, s:s}", "has_people", n > 0, "people", people, "count",
			      (json_int_t)json_array_size(people), "is_worker", worker, "q", q,
			      "caption", *q ? text_count(r->a, (int64_t)n, arena_printf(r->a, "person whose name has \u201c%s\u201d", q),
							  arena_printf(r->a, "people whose names have \u201c%s\u201d", q))
					    : text_count(r->a, (int64_t)n, "person", "people"));
	return reply_page(out, 200, "people/list", "People you support", v);
}

/* What an audit entry on a record says, in words (never the code). */
static const char *action_words(const char *action)
{
	static const char *const words[][2] = {
		{"person.read", "Looked at the record"},
		{"person.update", "Changed the record"},
		{"person.create", "Made the record"},
		{"person.break_glass", "Used emergency access"},
		{"person.read_denied", "Tried to open the record, and was refused"},
		{"person.update_denied", "Tried to change the details, and was refused"},
		{"person.match_shown", "Was shown this record as one that may be the same person"},
		{"person.merge", "Merged two records of this person into one"},
		{"person.duplicate_flagged", "Marked as possibly the same person as another record, for review"},
		{"person.duplicate_dismissed", "Decided another record is not the same person"},
		{"person.duplicate_listed", "Was listed as possibly the same person as another record"},
		{"person.merge_denied", "Tried to merge the record, and was refused"},
		{"assessment.read", "Read an assessment"},
		{"assessment.create", "Started an assessment"},
		{"assessment.update", "Changed an assessment"},
		{"assessment.confirm", "Decided an assessment, following the national criteria"},
		{"assessment.override", "Decided an assessment another way, with a reason"},
		{"assessment.comment", "Wrote a comment on an assessment"},
		{"assessment.denied", "Tried to see or change an assessment, and was refused"},
		{"budget.set", "Worked out the indicative budget"},
		{"financial.set", "Did the financial assessment"},
		{"financial.denied", "Tried to do the financial assessment, and was refused"},
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(words); i++)
		if (strcmp(action, words[i][0]) == 0)
			return words[i][1];
	return "Used the record";
}

/* Why an entry's author could: the basis in words, or the reason given. */
static const char *reason_words(const char *reason)
{
	static const char *const words[][2] = {
		{"self", "Their own record"}, {"assigned worker", "Assigned worker"},
		{"named by the person", "Named by the person"}, {"break glass", "Emergency access"},
		{"none", "No link to the person"}};
	for (size_t i = 0; i < SN_ARRAY_LEN(words); i++)
		if (strcmp(reason, words[i][0]) == 0)
			return words[i][1];
	return reason;
}

/* Who looked at or changed this record, newest first (empty when the
 * store fails: the record itself is still shown). */
static json_t *access_log(req *r, const char *uuid)
{
	people_access_row *rows;
	size_t n;
	json_t *log = json_array();
	people_access_log(r->db, uuid, 20, r->a, &rows, &n);
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(log, json_pack("{s:s, s:s, s:s, s:s, s:s}",
			"when", time_uk_when(r->a, rows[i].at),
			"what", action_words(rows[i].action), "who", rows[i].who, "role", rows[i].role,
			"why", reason_words(rows[i].reason)));
	}
	return log;
}

static json_t *circle(req *r, int64_t person_id)
{
	people_circle_row *rows;
	size_t n;
	json_t *list = json_array();
	people_circle(r->db, person_id, r->a, &rows, &n);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s}", "name", rows[i].name,
			"kind", rows[i].worker ? "Assigned worker" : "Named by the person"));
	return list;
}

static sn_err show(req *r, reply *out, const person *p, access_basis basis,
		   int status)
{
	json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:o}",
		"uuid", p->uuid, "name", arena_printf(r->a, "%s %s", p->given_name, p->family_name),
		"date_of_birth", time_uk_day(r->a, p->date_of_birth),
		"nhs_number", strlen(p->nhs_number) == 10
			? arena_printf(r->a, "%.3s %.3s %.4s", p->nhs_number, p->nhs_number + 3, p->nhs_number + 6)
			: p->nhs_number,
		"postcode", p->postcode, "locality", p->locality,
		"basis", access_basis_name(basis),
		"basis_words", basis == ACCESS_SELF ? "it is your own record"
			: basis == ACCESS_WORKER ? "you are their assigned worker"
			: basis == ACCESS_NAMED ? "they have named you"
			: basis == ACCESS_BREAK_GLASS ? "you are using emergency access" : "",
		"postcode_value", kv_get(&r->form, "postcode") ? req_get(r, "postcode") : p->postcode,
		"break_glass", basis == ACCESS_BREAK_GLASS,
		"circle", circle(r, p->id), "access_log", access_log(r, p->uuid));
	json_object_set_new(v, "is_self", json_boolean(basis == ACCESS_SELF));
	json_object_set_new(v, "can_edit", json_boolean(basis == ACCESS_WORKER));
	json_object_set_new(v, "phone", json_string(p->phone));
	json_object_set_new(v, "email", json_string(p->email));
	for (size_t i = 0; i < n_sections; i++) {
		sn_err rc = sections[i].add(r, p, basis, v);
		if (rc) {
			log_msg(LOG_ERROR, "person page: section %s: %s", sections[i].name,
				sn_err_name(rc));
			json_decref(v);
			return rc;
		}
	}
	const char *title = basis == ACCESS_SELF ? "Your record"
			    : arena_printf(r->a, "%s %s", p->given_name, p->family_name);
	return reply_page(out, status, "people/show", title, v);
}

/* Loads the person named in the path and the caller's basis; on no
 * relationship, replies with the way to break glass. */
static sn_err reach(req *r, reply *out, person **p, access_basis *basis, bool *denied)
{
	*denied = false;
	sn_err rc = people_find(r->db, req_get(r, "id"), r->a, p);
	if (rc)
		return rc;
	if (*(*p)->merged_into) {
		/* a merged record's address leads to the survivor, whose own
		 * gate then decides */
		*denied = true;
		return reply_redirect(out, arena_printf(r->a, "/people/%s", (*p)->merged_into));
	}
	rc = access_person(r->db, r->user, (*p)->id, basis);
	if (rc)
		return rc;
	if (*basis == ACCESS_NONE) {
		*denied = true;
		json_t *v = json_pack("{s:s, s:b, s:s, s:s}", "uuid", (*p)->uuid,
				      "can_break_glass", (r->user->roles & (R_WORKER | R_ADMIN)) != 0,
				      "error", "forbidden", "reason", "relationship");
		audit_entry e = {r->user->uuid, "", "person.read_denied",
				 arena_printf(r->a, "person:%s", (*p)->uuid), "no relationship"};
		rc = audit_append(r->db, &e);
		if (rc) {
			json_decref(v);
			return rc;
		}
		return reply_page(out, 403, "people/no-access", "You cannot see this record", v);
	}
	return SN_OK;
}

sn_err people_show(req *r, reply *out)
{
	person *p = NULL;
	access_basis basis;
	bool denied;
	sn_err rc = reach(r, out, &p, &basis, &denied);
	if (rc || denied)
		return rc;
	rc = access_audit_person(r->db, r->user, basis, "person.read", p->uuid);
	if (rc)
		return rc;
	return show(r, out, p, basis, 200);
}

/* path with its first "/people/{from}" as "/people/{to}", and the query
 * string again (from r->a). */
static const char *moved_target(req *r, const char *to)
{
	buf b;
	buf_init(&b, 8192);
	const char *rest = r->path + strlen("/people/") + 36;
	sn_err rc = buf_printf(&b, "/people/%s%s", to, rest);
	for (size_t i = 0; i < r->query.n && !rc; i++) {
		rc = buf_putc(&b, i ? '&' : '?');
		if (!rc)
			rc = buf_url_escape(&b, r->query.items[i].name, true);
		if (!rc)
			rc = buf_putc(&b, '=');
		if (!rc)
			rc = buf_url_escape(&b, r->query.items[i].value, true);
	}
	const char *out = rc ? NULL : arena_strdup(r->a, b.data);
	buf_free(&b);
	return out;
}

sn_err people_moved(req *r, reply *out, bool *replied)
{
	*replied = false;
	/* the record page has its own redirect (reach), the merge form its
	 * own answer to a record merged already */
	if (!str_eq(r->method, "GET") && !str_eq(r->method, "HEAD"))
		return SN_OK;
	if (!r->user || !str_starts(r->route->pattern, "/people/{id}/") ||
	    str_eq(r->route->pattern, "/people/{id}/merge"))
		return SN_OK;
	const char *id = req_get(r, "id");
	person *p = NULL, *into = NULL;
	if (!str_is_uuid(id) || !str_starts(r->path, "/people/") || strncmp(r->path + 8, id, 36))
		return SN_OK;
	sn_err rc = people_find(r->db, id, r->a, &p);
	if (!rc && !*p->merged_into)
		return SN_OK;
	if (!rc)
		rc = people_find(r->db, p->merged_into, r->a, &into);
	access_basis basis = ACCESS_NONE;
	if (!rc)
		rc = access_person(r->db, r->user, into->id, &basis);
	/* not there, or the record kept is out of the caller's reach: the
	 * page's own answer for the tombstone (404, 403 and its audit) */
	if (rc == SN_ENOTFOUND || (!rc && basis == ACCESS_NONE))
		return SN_OK;
	if (rc)
		return rc;
	const char *to = moved_target(r, into->uuid);
	if (!to)
		return SN_OK;
	*replied = true;
	return reply_redirect(out, to);
}

sn_err people_me(req *r, reply *out)
{
	const char *uuid;
	sn_err rc = people_uuid_of_user(r->db, r->user->id, r->a, &uuid);
	if (rc)
		return rc;
	if (!uuid)
		return reply_page(out, 200, "people/none", "Your record", NULL);
	return reply_redirect(out, arena_printf(r->a, "/people/%s", uuid));
}

sn_err people_contact_update(req *r, reply *out)
{
	person *p = NULL;
	access_basis basis;
	bool denied;
	sn_err rc = reach(r, out, &p, &basis, &denied);
	if (rc || denied)
		return rc;
	char pc[9];
	if (postcode_normalise(req_get(r, "postcode"), pc)) {
		rc = access_audit_person(r->db, r->user, basis, "person.read", p->uuid);
		if (rc)
			return rc;
		if (!r->errors)
			r->errors = json_array();
		json_array_append_new(r->errors, json_pack("{s:s, s:s}", "field", "postcode",
			"message", "Enter a full UK postcode, like AB1 2CD"));
		return show(r, out, p, basis, 400);
	}
	char now[21];
	time_iso8601(time_now(), now);
	/* The locality follows the postcode. */
	person_new d = {.given_name = p->given_name, .family_name = p->family_name,
			.date_of_birth = p->date_of_birth, .nhs_number = p->nhs_number,
			.postcode = pc, .phone = p->phone, .email = p->email};
	rc = store_begin_write(r->db);
	if (!rc)
		rc = people_locality_of(r->db, pc, &d.locality_id);
	if (!rc)
		rc = people_set_details(r->db, p->id, &d, now);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "person.update", p->uuid);
	if (!rc)
		rc = store_commit(r->db);
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "/people/%s", p->uuid));
}

sn_err people_break_glass_form(req *r, reply *out)
{
	person *p = NULL;
	sn_err rc = people_find(r->db, req_get(r, "id"), r->a, &p);
	if (rc)
		return rc;
	json_t *v = json_pack("{s:s, s:s, s:i, s:i}", "uuid", p->uuid,
			      "reason", req_get(r, "reason"), "minutes", BREAK_GLASS_MINUTES,
			      "min_reason", BREAK_GLASS_REASON_MIN);
	return reply_page(out, r->errors ? 400 : 200, "people/break-glass",
			  "Emergency access to a record", v);
}

sn_err people_break_glass(req *r, reply *out)
{
	if (r->errors)
		return people_break_glass_form(r, out);
	person *p = NULL;
	sn_err rc = people_find(r->db, req_get(r, "id"), r->a, &p);
	if (rc)
		return rc;
	rc = access_break_glass(r->db, r->user, p->id, p->uuid, req_get(r, "reason"));
	if (rc)
		return rc;
	return reply_redirect(out, arena_printf(r->a, "/people/%s", p->uuid));
}
