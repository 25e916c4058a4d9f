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
	const char *answers;     /* JSON text: the questions as asked, the answers */
	const char *summary;     /* one paragraph for the queue */
	bool may_be_eligible;
	const char *actor;       /* user uuid, or "anonymous" */
	const char *role;        /* the role the actor acted in; "public" when empty */
} intake_new;

/* Adds a request with its consent time (now) and audits it, in one
 * transaction. uuid_out gets the request's id. */
sn_err intake_submit(store *s, const intake_new *n, char uuid_out[static 37]);

/* HTTP (workers) */
sn_err intake_list(req *r, reply *out);
sn_err intake_show(req *r, reply *out);
sn_err intake_take(req *r, reply *out);
sn_err intake_close(req *r, reply *out);

#endif
