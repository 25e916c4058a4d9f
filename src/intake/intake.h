/* The intake queue: contacts and requests for an assessment, waiting for a
 * worker. A request holds personal data before anyone has a relationship
 * with the person, so the queue is open to workers by role, and every read
 * and change is audited against 'intake:<uuid>'. Taking a request makes
 * (or links) the person record and the worker's relationship with it. */
#ifndef SN_INTAKE_H
#define SN_INTAKE_H

#include "../web/web.h"

#define INTAKE_NAME_MAX 100
#define INTAKE_PHONE_MAX 30
#define INTAKE_ANSWERS_MAX (64u * 1024u)

typedef struct {
	const char *source;      /* "self_check" or "contact" */
	const char *given_name, *family_name;
	const char *date_of_birth; /* "YYYY-MM-DD" or "" */
	const char *phone, *email, *postcode; /* "" when not given */
	const char *for_whom;    /* "self" or "someone_else" */
	const char *asker_name, *asker_relationship; /* someone_else: who asked; "" otherwise */
	const char *answers;     /* JSON text: the questions as asked, the answers */
	const char *summary;     /* one paragraph for the queue */
	bool may_be_eligible;
	const char *actor;       /* user uuid, or "anonymous" */
	const char *role;        /* the role the actor acted in; "public" when empty */
	const char *form_id;     /* the form's one-time id (src/once), or NULL */
} intake_new;

/* ---- store (intake_store.c): every statement on intake_requests ---- */

/* Adds a request with its consent time (now) and audits it, in one
 * transaction of its own. uuid_out gets the request's id. When n->form_id
 * is the id of a form that already made a request (src/once), nothing is
 * added: uuid_out gets that request and *repeated is set (repeated may be
 * NULL). */
sn_err intake_submit(store *s, const intake_new *n, char uuid_out[static 37], bool *repeated);

/* A request as stored; text from the arena, "" for what is not there. */
typedef struct {
	int64_t id;
	char uuid[37];
	const char *status, *given_name, *family_name, *dob, *phone, *email, *postcode, *for_whom,
		*consent_at, *answers, *summary, *created_at, *taken_by, *taken_at, *person_uuid,
		*closed_reason, *asker_name, *asker_relationship;
	bool may_be_eligible;
	int64_t locality_id; /* 0 when not known */
} intake_request;
/* SN_ENOTFOUND when there is no request with that uuid. */
sn_err intake_find(store *s, const char *uuid, arena *a, intake_request *out);
/* The requests with status ("new", "taken" or "closed"), oldest first, at
 * most 200. */
typedef struct {
	const char *uuid, *given_name, *family_name, *postcode, *source, *created_at, *summary,
		*taken_by;
	bool may_be_eligible;
} intake_queue_row;
sn_err intake_queue(store *s, const char *status, arena *a, intake_queue_row **rows, size_t *n);
/* A waiting request taken by user_id, linked to the person record made
 * from it; a waiting request closed with reason. Inside the caller's write
 * transaction; the caller audits. SN_ECONFLICT when it is no longer
 * waiting. */
sn_err intake_mark_taken(store *s, int64_t id, int64_t user_id, int64_t person_id,
			 const char *now);
sn_err intake_mark_closed(store *s, int64_t id, const char *reason);
/* Other requests with the same given and family names (letter case
 * aside) than the one with uuid exclude, newest first, at most max; rows
 * and text from the arena a. */
typedef struct {
	const char *uuid, *status, *created_at, *postcode;
} intake_similar_row;
sn_err intake_similar(store *s, const char *given, const char *family, const char *exclude,
		      size_t max, arena *a, intake_similar_row **rows, size_t *n);
/* The answers (JSON text) of the latest self-check linked to the person
 * record, or NULL in *answers when there is none. */
sn_err intake_selfcheck_answers(store *s, int64_t person_id, arena *a, const char **answers);

/* ---- HTTP (intake_http.c, workers) ---- */
sn_err intake_list(req *r, reply *out);
sn_err intake_show(req *r, reply *out);
sn_err intake_take(req *r, reply *out);
sn_err intake_close(req *r, reply *out);

#endif
