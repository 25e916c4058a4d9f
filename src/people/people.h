/* Person records: the people who draw on care and support, reached only
 * through a relationship (see access.h), every read and write audited. The
 * record page belongs here; other capabilities (assessments, and later
 * support plans and referrals) add their parts to it as sections. */
#ifndef SN_PEOPLE_H
#define SN_PEOPLE_H

#include "../access/access.h"
#include "../web/web.h"

#define PEOPLE_NAME_MAX 100
#define PEOPLE_PHONE_MAX 30
#define PEOPLE_EMAIL_MAX 254
#define PEOPLE_AGE_MAX 130

/* ---- details as people type them (people_details.c, pure) ---- */

/* One line of printable text: no control characters. */
bool people_text_ok(const char *v);
/* A UK or international phone number: 10 to 15 digits, with spaces, "+",
 * brackets and dashes allowed, at most PEOPLE_PHONE_MAX bytes. */
bool people_phone_ok(const char *phone);
/* A date of birth typed in three fields: out is "" when all three are
 * empty, else "YYYY-MM-DD" for a real date, not after now and not more
 * than PEOPLE_AGE_MAX years ago; otherwise SN_EINPUT and a message (a
 * static string) in *why. */
sn_err people_dob_parse(const char *day, const char *month, const char *year, int64_t now,
			char out[static 11], const char **why);

/* A new person's details as the JSON API gives them (NULL or "" for what
 * is not known; birth_date "YYYY-MM-DD"). */
typedef struct {
	const char *given_name, *family_name, *birth_date, *postcode, *phone, *email;
} person_in;
/* ---- store (people_store.c): every statement on people, relationships
 * and localities. Writes run inside the caller's write transaction; the
 * caller audits. Rows and text come from the arena a. ---- */

typedef struct {
	int64_t id;
	char uuid[37];
	const char *given_name, *family_name, *date_of_birth, *nhs_number,
		*postcode, *locality, *phone, *email;
	int64_t user_id, locality_id;
	const char *merged_into; /* the survivor's uuid when merged into it, else "" */
} person;
/* The record with that uuid, allocated from a; "" for what is not known.
 * SN_ENOTFOUND when there is none. */
sn_err people_find(store *s, const char *uuid, arena *a, person **out);
/* NHS number check digit (modulus 11). */
bool people_nhs_number_valid(const char *digits);

/* A new record: NULL (or "") for what is not known, 0 for no locality or
 * account of their own. */
typedef struct {
	const char *given_name, *family_name;
	const char *date_of_birth, *nhs_number, *postcode;
	const char *phone, *email;
	int64_t locality_id;
	int64_t user_id;
} person_new;
/* Checks in as the people pages check typed details (names required, one
 * line of up to PEOPLE_NAME_MAX; the date a real one in the past, within
 * PEOPLE_AGE_MAX years; a full UK postcode; a phone; an email): SN_EINPUT
 * with the first bad field's name ("birth_date") and what it must be (a
 * static string). Otherwise d points at in's text, the postcode normalised
 * into pc and the date into dob. Pure. */
sn_err people_details_check(const person_in *in, int64_t now, person_new *d, char pc[static 9],
			    char dob[static 11], const char **field, const char **why);
/* The details typed in a person form (given_name, family_name, dob-day,
 * dob-month, dob-year, nhs_number, postcode, phone, email), each problem
 * added to r->errors (people_details_http.c). The people pages, a
 * referral for someone new and First Contact's checklist share it. */
void people_details_from_form(req *r, person_new *d);
/* Adds the record with the given uuid (uuid_v4, or the demo's seeded one);
 * *id gets its row id. */
sn_err people_add(store *s, const person_new *n, const char *uuid, const char *now, int64_t *id);
/* A relationship: kind "named" (named by the person) or "worker" (their
 * assigned worker), since now. */
sn_err people_relate(store *s, int64_t person_id, int64_t user_id, const char *kind,
		     const char *now);
/* A locality of the area; *id gets its row id. */
sn_err people_add_locality(store *s, const char *uuid, const char *name, int64_t *id);
/* How many person records there are. */
sn_err people_count(store *s, int64_t *n);
/* The uuid of the record that is user_id's own, or NULL in *uuid. */
sn_err people_uuid_of_user(store *s, int64_t user_id, arena *a, const char **uuid);
/* Changes the postcode (already normalised) of record id. */
sn_err people_set_postcode(store *s, int64_t id, const char *postcode, const char *now);
/* Changes the details of record id to those of d (NULL or "" for what is
 * not known; user_id is not changed). */
sn_err people_set_details(store *s, int64_t id, const person_new *d, const char *now);
/* The locality of a postcode (already normalised) when the area knows it,
 * else 0 (also for ""). */
sn_err people_locality_of(store *s, const char *postcode, int64_t *locality_id);

/* Records that may be the same person as given and family names with a
 * date of birth and postcode ("" when not known), other than record
 * exclude (0: none): the same family and given name (letter case aside),
 * or the same family name and date of birth; never one whose known date
 * of birth differs from a known dob. At most max, closest first (the
 * same date of birth, then the same postcode). */
typedef struct {
	const char *uuid, *given_name, *family_name, *date_of_birth, *postcode;
	int64_t id;
} people_match_row;
sn_err people_likely_matches(store *s, const char *given, const char *family, const char *dob,
			     const char *postcode, int64_t exclude, size_t max, arena *a,
			     people_match_row **rows, size_t *n);

/* The people user_id has a relationship with: named by them, and also
 * those they are the worker of when worker is true. By family name, then
 * given name; at most 500. */
typedef struct {
	const char *uuid, *given_name, *family_name, *locality;
	bool named; /* named by the person (else only their assigned worker) */
} people_caseload_row;
sn_err people_caseload(store *s, int64_t user_id, bool worker, arena *a,
		       people_caseload_row **rows, size_t *n);
/* The same, only those whose name contains q (letter case aside; NULL or
 * "" for everyone). */
sn_err people_caseload_search(store *s, int64_t user_id, bool worker, const char *q, arena *a,
			      people_caseload_row **rows, size_t *n);
/* The people with a relationship to the record, by kind then name. On a
 * store error *rows and *n hold what was read before it. */
typedef struct {
	const char *name;
	bool worker; /* the assigned worker (else named by the person) */
} people_circle_row;
sn_err people_circle(store *s, int64_t person_id, arena *a, people_circle_row **rows,
		     size_t *n);
/* The audit entries on the record "person:<uuid>", newest first, at most
 * max. On a store error *rows and *n hold what was read before it. */
typedef struct {
	const char *at, *action, *who, *role, *reason; /* who: the user's name, else the actor */
} people_access_row;
sn_err people_access_log(store *s, const char *person_uuid, size_t max, arena *a,
			 people_access_row **rows, size_t *n);

/* ---- duplicates and merging (people_merge_store.c) ---- */

/* Flags record person_id (just made) as possibly the same as candidate_id,
 * for review (open); nothing when the pair is flagged already. */
sn_err people_dup_flag(store *s, int64_t person_id, int64_t candidate_id, const char *now);
/* An open pair: the record made (a) and the one it may duplicate (b). */
typedef struct {
	int64_t id;
	const char *uuid, *found_at;
	int64_t a_id, b_id;
	people_match_row a, b;
} people_dup_row;
/* The open pairs whose two records user_id can reach (named by the
 * person, their worker when worker is true, or unexpired break glass at
 * now), neither merged; newest first, at most max. */
sn_err people_dup_open_for(store *s, int64_t user_id, bool worker, int64_t now, size_t max,
			   arena *a, people_dup_row **rows, size_t *n);
/* How many pairs are open (neither record merged). */
sn_err people_dup_open_count(store *s, int64_t *n);
/* The pair with that uuid (any status: *status); SN_ENOTFOUND when none. */
sn_err people_dup_find(store *s, const char *uuid, arena *a, people_dup_row *out,
		       const char **status);
/* Marks an open pair dismissed ("not the same person") by user_id;
 * SN_ECONFLICT when it is no longer open. */
sn_err people_dup_dismiss(store *s, int64_t id, int64_t user_id, const char *now);

/* What hangs off a record and moves with a merge: the rows of each table
 * that refers to people (PEOPLE_MERGE_TABLES of them; the relationships
 * apart), with their words ("referrals"). */
#define PEOPLE_MERGE_TABLES 14
typedef struct {
	const char *table, *words;
	int64_t n;
} people_merge_count;
sn_err people_merge_counts(store *s, int64_t id, people_merge_count out[static PEOPLE_MERGE_TABLES],
			   int64_t *relationships);
/* Merges record dup into record into, inside the caller's write
 * transaction: every row that refers to dup points at into (a relationship
 * into already has is dropped; dup's own account moves when into has
 * none), dup becomes a tombstone (merged_into; records merged into dup
 * before now point at into too), and their open pairs are marked merged.
 * SN_ECONFLICT when either is merged already or both have an account of
 * their own; SN_EINPUT when dup is into. Break glass stays with dup: it
 * was granted for that record, not for the survivor. */
sn_err people_merge(store *s, int64_t dup, int64_t into, int64_t user_id, const char *now);

/* ---- the record page's sections ---- */

/* A section adds its keys to the record page's view model for person p,
 * as the caller (r->user, on basis) may see them. It reads through the
 * relationship the page has already checked and audited. */
typedef sn_err (*people_section_fn)(req *r, const person *p, access_basis basis, json_t *view);
typedef struct {
	const char *name; /* for logs: "assessments" */
	people_section_fn add;
} people_section;
/* The sections of the record page, in order, set once at start by the
 * wiring layer (src/app) before the server runs; the table must outlive
 * it. None until then. */
void people_set_sections(const people_section *sections, size_t n);

/* ---- HTTP (people_http.c) ---- */
sn_err people_list(req *r, reply *out);
sn_err people_show(req *r, reply *out);
sn_err people_me(req *r, reply *out);
/* The web layer's hook before each handler (web_app.before): a GET of a
 * page under /people/{id}/ for a record merged into another leads (303)
 * to the same page, query and all, of the record kept when the caller
 * reaches that record (access_person: any basis); otherwise (and for the
 * merge form, which answers a merged record itself) the page's handler
 * runs as before and answers the tombstone with 403 or 404. Like the
 * record page's own redirect it reads nothing of the person and writes
 * no entry: the page it leads to audits its read. */
sn_err people_moved(req *r, reply *out, bool *replied);
sn_err people_contact_update(req *r, reply *out);
/* GET /people/new and POST /people: a record made by a worker (who becomes
 * the person's worker), with a warning and links when it may already
 * exist; GET and POST /people/{id}/edit: the details, for their worker. */
sn_err people_new_form(req *r, reply *out);
sn_err people_create(req *r, reply *out);
sn_err people_edit_form(req *r, reply *out);
sn_err people_edit_save(req *r, reply *out);
sn_err people_break_glass_form(req *r, reply *out);
sn_err people_break_glass(req *r, reply *out);
/* Merging (people_merge_http.c): GET and POST /people/{id}/merge (form
 * field into: the survivor), GET /admin/duplicates (workers: the open
 * pairs they can reach both of; admins: how many are open), POST
 * /admin/duplicates/{id}/dismiss ("not the same person"). */
sn_err people_merge_form(req *r, reply *out);
sn_err people_merge_save(req *r, reply *out);
sn_err people_dups_page(req *r, reply *out);
sn_err people_dup_dismiss_form(req *r, reply *out);

#endif
