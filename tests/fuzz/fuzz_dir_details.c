/* libFuzzer target for a directory entry's details (dir_edit.h): the bytes
 * as a JSON details object, checked (with an in-memory store holding one
 * postcode and one kind of help); when the check passes, the object must
 * be in the normalised form it promises and its difference from an empty
 * entry must list something. The bytes split in two also go to the name
 * likeness, which must be 0..100 and symmetric. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "directory/curate/curate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static store *mem_store(void)
{
	static store *s;
	if (s)
		return s;
	char err[256];
	int applied = 0;
	if (base_init() || store_open(":memory:", true, &s, err, sizeof err) ||
	    store_migrate(s, &applied, err, sizeof err) ||
	    store_run(s, "INSERT INTO postcodes (postcode, lat_e6, lon_e6) VALUES ('AV1 1AA', 52600000, -1800000)", "") ||
	    store_run(s, "INSERT INTO dir_taxonomy_terms (uuid, code, name, description) VALUES "
		      "('20000000-0000-4000-8000-000000000001', 'lunch-club', 'Lunch clubs', 'Meals')", "")) {
		fprintf(stderr, "fuzz_dir_details: cannot make the store %s\n", err);
		abort();
	}
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	store *s = mem_store();
	if (size > 65536)
		return 0;
	/* Name likeness on the two halves. */
	char *a = malloc(size / 2 + 1), *b = malloc(size - size / 2 + 1);
	if (!a || !b)
		abort();
	memcpy(a, data, size / 2);
	a[size / 2] = 0;
	memcpy(b, data + size / 2, size - size / 2);
	b[size - size / 2] = 0;
	int l1 = curate_name_likeness(a, b), l2 = curate_name_likeness(b, a);
	if (l1 < 0 || l1 > 100 || l2 < 0 || l2 > 100)
		abort();
	free(a);
	free(b);
	json_t *d = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (!d)
		return 0;
	json_t *errors = json_array();
	sn_err rc = curate_details_check(s, d, errors);
	if (rc != SN_OK && rc != SN_EINPUT)
		abort();
	if ((rc == SN_OK) != (json_array_size(errors) == 0))
		abort(); /* problems exactly when it fails */
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
		if (!json_string_value(json_object_get(e, "field")) || !json_string_value(json_object_get(e, "message")))
			abort();
	if (rc == SN_OK) {
		/* Normalised: every field text within its limit, a checked cost
		 * has two decimals, the sessions at most CURATE_SESSIONS_MAX. */
		for (size_t k = 0; k < curate_n_fields; k++) {
			const char *v = json_string_value(json_object_get(d, curate_fields[k].key));
			if (!v || strlen(v) > curate_fields[k].max)
				abort();
		}
		const char *cost = json_string_value(json_object_get(d, "cost"));
		if (*cost && (strlen(cost) < 4 || cost[strlen(cost) - 3] != '.'))
			abort();
		if (json_array_size(json_object_get(d, "sessions")) > CURATE_SESSIONS_MAX)
			abort();
		json_t *empty = curate_details_empty();
		json_t *diff = curate_details_diff(s, empty, d);
		if (!json_is_array(diff) || json_array_size(diff) == 0)
			abort(); /* a checked entry has a name, so differs from nothing */
		json_decref(diff);
		json_decref(empty);
	}
	json_decref(errors);
	json_decref(d);
	return 0;
}
