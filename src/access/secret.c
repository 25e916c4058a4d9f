/* Secrets shared by every process of an area, kept in the store (table
 * secrets) and made by the first process that needs one; each process
 * reads a secret once and keeps it. */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "access.h"

#define MAX_SECRETS 4

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char name[32];
	unsigned char key[ACCESS_SECRET_BYTES];
} kept[MAX_SECRETS];
static size_t n_kept;

static sn_err read_secret(store *s, const char *name, unsigned char key[static ACCESS_SECRET_BYTES], bool *found)
{
	*found = false;
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st, "SELECT value FROM secrets WHERE name = ?", "t", name);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && row) {
		size_t n = 0;
		const char *v = store_col_text(st, 0);
		if (sodium_base642bin(key, ACCESS_SECRET_BYTES, v, strlen(v), NULL, &n, NULL,
				      sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
		    n != ACCESS_SECRET_BYTES)
			rc = SN_EINTERNAL;
		else
			*found = true;
	}
	store_done(st);
	return rc;
}

sn_err access_secret(store *s, const char *name, unsigned char key[static ACCESS_SECRET_BYTES])
{
	if (strlen(name) >= sizeof kept[0].name)
		return SN_EINPUT;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < n_kept; i++) {
		if (strcmp(kept[i].name, name) == 0) {
			memcpy(key, kept[i].key, ACCESS_SECRET_BYTES);
			pthread_mutex_unlock(&lock);
			return SN_OK;
		}
	}
	bool found = false;
	sn_err rc = read_secret(s, name, key, &found);
	if (!rc && !found) {
		/* Make one; if another process made it first, theirs stands. */
		char value[64], now[21];
		random_token(value, sizeof value, ACCESS_SECRET_BYTES);
		time_iso8601(time_now(), now);
		rc = store_run(s, "INSERT INTO secrets (name, value, created_at) VALUES (?, ?, ?) "
				  "ON CONFLICT (name) DO NOTHING", "ttt", name, value, now);
		sodium_memzero(value, sizeof value);
		if (!rc)
			rc = read_secret(s, name, key, &found);
		if (!rc && !found)
			rc = SN_EINTERNAL;
	}
	if (!rc && n_kept < MAX_SECRETS) {
		snprintf(kept[n_kept].name, sizeof kept[n_kept].name, "%s", name);
		memcpy(kept[n_kept].key, key, ACCESS_SECRET_BYTES);
		n_kept++;
	}
	pthread_mutex_unlock(&lock);
	return rc;
}

void access_secrets_forget(void)
{
	pthread_mutex_lock(&lock);
	sodium_memzero(kept, sizeof kept);
	n_kept = 0;
	pthread_mutex_unlock(&lock);
}
