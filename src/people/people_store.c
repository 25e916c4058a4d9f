/* Person records in the store. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "people.h"

sn_err people_find(store *s, const char *uuid, arena *a, person **out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
		"SELECT p.id, p.uuid, p.given_name, p.family_name, "
		"coalesce(p.date_of_birth, ''), coalesce(p.nhs_number, ''), "
		"coalesce(p.postcode, ''), coalesce(l.name, ''), coalesce(p.user_id, 0) "
		"FROM people p LEFT JOIN localities l ON l.id = p.locality_id "
		"WHERE p.uuid = ?", "t", uuid);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	if (!rc) {
		person *p = arena_alloc(a, sizeof *p);
		p->id = store_col_i64(st, 0);
		snprintf(p->uuid, sizeof p->uuid, "%s", store_col_text(st, 1));
		p->given_name = arena_strdup(a, store_col_text(st, 2));
		p->family_name = arena_strdup(a, store_col_text(st, 3));
		p->date_of_birth = arena_strdup(a, store_col_text(st, 4));
		p->nhs_number = arena_strdup(a, store_col_text(st, 5));
		p->postcode = arena_strdup(a, store_col_text(st, 6));
		p->locality = arena_strdup(a, store_col_text(st, 7));
		p->user_id = store_col_i64(st, 8);
		*out = p;
	}
	store_done(st);
	return rc;
}

bool people_nhs_number_valid(const char *d)
{
	if (!d || strlen(d) != 10)
		return false;
	int sum = 0;
	for (int i = 0; i < 10; i++)
		if (!isdigit((unsigned char)d[i]))
			return false;
	for (int i = 0; i < 9; i++)
		sum += (d[i] - '0') * (10 - i);
	int check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	if (check == 10)
		return false;
	return check == d[9] - '0';
}
