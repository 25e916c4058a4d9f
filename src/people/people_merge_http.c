/* Merging two records of one person (docs/security.md, "Merging records"):
 * GET /people/{id}/merge shows the record, the records it may duplicate
 * that the caller can reach, and with ?into= both side by side and what
 * moves; POST /people/{id}/merge (into) merges {id} into the survivor in
 * one write transaction. A worker may merge only when they reach both
 * records (named, assigned worker, or break glass: audited); the merged
 * record stays as a tombstone whose address leads to the survivor. */
#include <stdio.h>
#include <string.h>

#include "people.h"

/* Who may merge: someone the person named, their worker, or break glass. */
static bool can_merge(access_basis b)
{
	return b == ACCESS_WORKER || b == ACCESS_NAMED || b == ACCESS_BREAK_GLASS;
}

static const char *name_of(req *r, const person *p)
{
	return arena_printf(r->a, "%s %s", p->given_name, p->family_name);
}

/* One side of the comparison. */
static json_t *side(req *r, const person *p)
{
	return json_pack("{ssssssssssssss}", "uuid", p->uuid, "name", name_of(r, p), "born",
			 time_uk_day(r->a, p->date_of_birth), "postcode", p->postcode, "phone", p->phone,
			 "email", p->email, "nhs_number", p->nhs_number);
}

/* A record the caller names in a merge: found, not merged, reachable.
 * *p NULL when it is not one the caller may merge. */
static sn_err reachable(req *r, const char *uuid, person **p, access_basis *basis)
{
	*p = NULL;
	*basis = ACCESS_NONE;
	person *x = NULL;
	sn_err rc = str_is_uuid(uuid) ? people_find(r->db, uuid, r->a, &x) : SN_ENOTFOUND;
	if (!rc && !*x->merged_into)
		rc = access_person(r->db, r->user, x->id, basis);
	if (rc == SN_ENOTFOUND)
		return SN_OK;
	if (!rc && x && !*x->merged_into && can_merge(*basis))
		*p = x;
	return rc;
}

static sn_err refuse(req *r, reply *out, const person *p)
{
	audit_entry e = {r->user->uuid, "worker", "person.merge_denied",
			 arena_printf(r->a, "person:%s", p->uuid), "cannot reach both records"};
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = audit_append(r->db, &e);
	if (!rc)
		rc = store_commit(r->db);
	store_rollback(r->db);
	if (rc)
		return rc;
	reply_error(r, out, 403, "You can merge records only when you can see both: as the person's "
			 "worker, someone they named, or with emergency access.");
	json_object_set_new(out->view, "reason", json_string("relationship"));
	return SN_OK;
}

/* The other records the caller could merge p into: its likely matches
 * that they can reach. Each listed is audited as shown. */
static sn_err choices(req *r, const person *p, json_t *list)
{
	people_match_row *m;
	size_t n = 0;
	sn_err rc = people_likely_matches(r->db, p->given_name, p->family_name, p->date_of_birth,
					  p->postcode, p->id, 10, r->a, &m, &n);
	for (size_t i = 0; i < n && !rc; i++) {
		access_basis b = ACCESS_NONE;
		rc = access_person(r->db, r->user, m[i].id, &b);
		if (rc || !can_merge(b))
			continue;
		rc = access_audit_person(r->db, r->user, b, "person.match_shown", m[i].uuid);
		json_array_append_new(list, json_pack("{ssssssss}", "uuid", m[i].uuid, "name",
			arena_printf(r->a, "%s %s", m[i].given_name, m[i].family_name), "born",
			time_uk_day(r->a, m[i].date_of_birth), "postcode", m[i].postcode));
	}
	return rc;
}

/* What moves from dup to the survivor, in words. */
static sn_err moves(req *r, const person *dup, json_t *list)
{
	people_merge_count c[PEOPLE_MERGE_TABLES];
	int64_t rel = 0;
	sn_err rc = people_merge_counts(r->db, dup->id, c, &rel);
	if (rc)
		return rc;
	if (rel)
		json_array_append_new(list, json_pack("{sIss}", "n", (json_int_t)rel, "what",
						      "people linked to the record"));
	for (size_t i = 0; i < PEOPLE_MERGE_TABLES; i++)
		if (c[i].n)
			json_array_append_new(list, json_pack("{sIss}", "n", (json_int_t)c[i].n, "what",
							      c[i].words));
	return SN_OK;
}

static sn_err page(req *r, reply *out, int status, person *dup, access_basis basis, person *into,
		   access_basis into_basis)
{
	json_t *v = json_pack("{soso}", "dup", side(r, dup), "choices", json_array());
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = access_audit_person(r->db, r->user, basis, "person.read", dup->uuid);
	if (!rc && into)
		rc = access_audit_person(r->db, r->user, into_basis, "person.read", into->uuid);
	if (!rc && !into)
		rc = choices(r, dup, json_object_get(v, "choices"));
	json_t *moving = json_array();
	if (!rc && into)
		rc = moves(r, dup, moving);
	if (!rc)
		rc = store_commit(r->db);
	store_rollback(r->db);
	if (rc) {
		json_decref(v);
		json_decref(moving);
		return rc;
	}
	json_object_set_new(v, "has_choices", json_boolean(json_array_size(json_object_get(v, "choices"))));
	json_object_set_new(v, "moves", moving);
	json_object_set_new(v, "has_moves", json_boolean(json_array_size(moving) > 0));
	json_object_set_new(v, "chosen", json_boolean(into != NULL));
	json_object_set_new(v, "break_glass", json_boolean(basis == ACCESS_BREAK_GLASS ||
		(into && into_basis == ACCESS_BREAK_GLASS)));
	if (into)
		json_object_set_new(v, "into", side(r, into));
	return reply_page(out, status, "people/merge", arena_printf(r->a, "Merge %s with another record",
		name_of(r, dup)), v);
}

sn_err people_merge_form(req *r, reply *out)
{
	person *dup, *into = NULL;
	access_basis basis, into_basis = ACCESS_NONE;
	person *any = NULL;
	sn_err rc = people_find(r->db, req_get(r, "id"), r->a, &any);
	if (rc)
		return rc;
	if (*any->merged_into)
		return reply_redirect(out, arena_printf(r->a, "/people/%s", any->merged_into));
	rc = reachable(r, any->uuid, &dup, &basis);
	if (!rc && !dup)
		return refuse(r, out, any);
	const char *want = req_get(r, "into");
	if (!rc && *want && !str_eq(want, dup->uuid))
		rc = reachable(r, want, &into, &into_basis);
	if (rc)
		return rc;
	if (*want && !into)
		req_add_error(r, "into", "Choose a record you can see that has not been merged");
	return page(r, out, *want && !into ? 422 : 200, dup, basis, into, into_basis);
}

static sn_err audit_merge(req *r, const person *p, access_basis b, const char *why)
{
	audit_entry e = {r->user->uuid, "worker", "person.merge", arena_printf(r->a, "person:%s", p->uuid),
			 arena_printf(r->a, "%s (%s)", why, access_basis_name(b))};
	return audit_append(r->db, &e);
}

sn_err people_merge_save(req *r, reply *out)
{
	person *any = NULL, *dup = NULL, *into = NULL, *other = NULL;
	access_basis basis = ACCESS_NONE, into_basis = ACCESS_NONE;
	const char *want = req_form(r, "into");
	/* everything read inside the write transaction: a merge made
	 * meanwhile is seen as made (409), not as a record out of reach */
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = people_find(r->db, req_get(r, "id"), r->a, &any);
	if (!rc && str_is_uuid(want) && !str_eq(want, any->uuid) &&
	    people_find(r->db, want, r->a, &other) == SN_OK && (*any->merged_into || *other->merged_into)) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "One of these records has been merged already.");
	}
	if (!rc)
		rc = reachable(r, any->uuid, &dup, &basis);
	if (!rc && dup && other)
		rc = reachable(r, other->uuid, &into, &into_basis);
	if (rc)
		return rc;
	if (!dup || (other && !into)) {
		store_rollback(r->db);
		return refuse(r, out, any);
	}
	if (!into) {
		store_rollback(r->db);
		req_add_error(r, "into", "Choose the record to keep");
		return page(r, out, 422, dup, basis, NULL, ACCESS_NONE);
	}
	char now[21];
	time_iso8601(time_now(), now);
	rc = people_merge(r->db, dup->id, into->id, r->user->id, now);
	if (rc == SN_ECONFLICT) {
		store_rollback(r->db);
		return reply_error(r, out, 409, "These records cannot be merged: one has been merged "
				   "already, or both belong to accounts of their own.");
	}
	if (!rc)
		rc = audit_merge(r, dup, basis, arena_printf(r->a, "merged into person:%s", into->uuid));
	if (!rc)
		rc = audit_merge(r, into, into_basis, arena_printf(r->a, "person:%s merged into this record",
								   dup->uuid));
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	return reply_redirect(out, arena_printf(r->a, "/people/%s", into->uuid));
}

/* ---- the open pairs ---- */

sn_err people_dups_page(req *r, reply *out)
{
	bool worker = (r->user->roles & R_WORKER) != 0;
	int64_t open = 0;
	people_dup_row *rows = NULL;
	size_t n = 0;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = people_dup_open_count(r->db, &open);
	if (!rc && worker)
		rc = people_dup_open_for(r->db, r->user->id, true, time_now(), 200, r->a, &rows, &n);
	json_t *list = json_array();
	for (size_t i = 0; i < n && !rc; i++) {
		const people_match_row *side_[2] = {&rows[i].a, &rows[i].b};
		const char *href = arena_printf(r->a, "/people/%s/merge?into=%s", rows[i].a.uuid,
						rows[i].b.uuid);
		json_t *o = json_pack("{ssssss}", "uuid", rows[i].uuid, "found",
				      time_uk_when(r->a, rows[i].found_at), "merge_href", href);
		for (size_t k = 0; k < 2 && !rc; k++) {
			const people_match_row *m = side_[k];
			json_object_set_new(o, k ? "b" : "a", json_pack("{ssssssss}", "uuid", m->uuid, "name",
				arena_printf(r->a, "%s %s", m->given_name, m->family_name), "born",
				time_uk_day(r->a, m->date_of_birth), "postcode", m->postcode));
			audit_entry e = {r->user->uuid, "worker", "person.duplicate_listed",
					 arena_printf(r->a, "person:%s", m->uuid),
					 "listed as a possible duplicate"};
			rc = audit_append(r->db, &e);
		}
		json_array_append_new(list, o);
	}
	if (!rc) {
		audit_entry e = {r->user->uuid, worker ? "worker" : "admin", "person.duplicates_list", "",
				 arena_printf(r->a, "%lld open, %zu shown", (long long)open, n)};
		rc = audit_append(r->db, &e);
	}
	if (!rc)
		rc = store_commit(r->db);
	store_rollback(r->db);
	if (rc) {
		json_decref(list);
		return rc;
	}
	json_t *v = json_pack("{sosbsbsIsI}", "pairs", list, "has_pairs", n > 0, "is_worker", worker,
			      "open", (json_int_t)open, "shown", (json_int_t)n);
	json_object_set_new(v, "hidden", json_integer(open - (json_int_t)n));
	return reply_page(out, 200, "people/duplicates", "Records that may be the same person", v);
}

sn_err people_dup_dismiss_form(req *r, reply *out)
{
	people_dup_row d;
	const char *status = NULL;
	person *a = NULL, *b = NULL;
	access_basis ab, bb;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = people_dup_find(r->db, req_get(r, "id"), r->a, &d, &status);
	if (!rc)
		rc = reachable(r, d.a.uuid, &a, &ab);
	if (!rc && a)
		rc = reachable(r, d.b.uuid, &b, &bb);
	if (rc == SN_ENOTFOUND) {
		store_rollback(r->db);
		return reply_error(r, out, 404, "There is no such pair of records.");
	}
	if (rc)
		return rc;
	if (!a || !b) {
		store_rollback(r->db);
		return reply_error(r, out, 403, "You can decide only about records you can both see.");
	}
	char now[21];
	time_iso8601(time_now(), now);
	rc = people_dup_dismiss(r->db, d.id, r->user->id, now);
	if (rc == SN_ECONFLICT) {
		store_rollback(r->db);
		return reply_redirect(out, "/admin/duplicates");
	}
	if (!rc)
		rc = access_audit_person(r->db, r->user, ab, "person.duplicate_dismissed", a->uuid);
	if (!rc)
		rc = access_audit_person(r->db, r->user, bb, "person.duplicate_dismissed", b->uuid);
	if (!rc)
		rc = store_commit(r->db);
	if (rc) {
		store_rollback(r->db);
		return rc;
	}
	return reply_redirect(out, "/admin/duplicates");
}
