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

/* ---- store (people_store.c): every statement on people, relationships
 * and localities. Writes run inside the caller's write transaction; the
 * caller audits. Rows and text come from the arena a. ---- */

typedef struct {
	int64_t id;
	char uuid[37];
	const char *given_name, *family_name, *date_of_birth, *nhs_number,
		*postcode, *locality, *phone, *email;
	int64_t user_id, locality_id;
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
/* A person's details from a form's fields given_name, family_name,
 * dob-day, dob-month, dob-year, nhs_number, postcode (normalised), phone
 * and email: every problem at once in r->errors (by field); text from the
 * arena. The people pages and First Contact's checklist share it. */
void people_form_details(req *r, person_new *d);
sn_err people_list(req *r, reply *out);
sn_err people_show(req *r, reply *out);
sn_err people_me(req *r, reply *out);
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

#endif
