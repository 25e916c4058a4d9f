/* Person records: the people who draw on care and support, reached only
 * through a relationship (see access.h), every read and write audited. */
#ifndef SN_PEOPLE_H
#define SN_PEOPLE_H

#include "../web/web.h"

/* Store */
typedef struct {
	int64_t id;
	char uuid[37];
	const char *given_name, *family_name, *date_of_birth, *nhs_number,
		*postcode, *locality;
	int64_t user_id;
} person;
sn_err people_find(store *s, const char *uuid, arena *a, person **out);
/* NHS number check digit (modulus 11). */
bool people_nhs_number_valid(const char *digits);

/* HTTP */
sn_err people_list(req *r, reply *out);
sn_err people_show(req *r, reply *out);
sn_err people_me(req *r, reply *out);
sn_err people_contact_update(req *r, reply *out);
sn_err people_break_glass_form(req *r, reply *out);
sn_err people_break_glass(req *r, reply *out);

#endif
