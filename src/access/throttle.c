/* Counters of events per key within a window, kept in the store (table
 * throttle) so that every process of an area agrees: failed sign-ins per
 * account and address, and public forms sent per address. */
#include <stdio.h>
#include <string.h>

#include "access.h"

int64_t throttle_count(store *s, const char *key, int64_t window_seconds, int64_t now)
{
	int64_t n = 0;
	if (store_one_i64(s, &n, "SELECT failures FROM throttle WHERE key = ? AND window_start > ?", "ti", key,
			  now - window_seconds))
		return 0;
	return n;
}

int64_t throttle_minutes_left(store *s, const char *key, int64_t window_seconds, int64_t now)
{
	int64_t start = now;
	store_one_i64(s, &start, "SELECT window_start FROM throttle WHERE key = ?", "t", key);
	int64_t left = start + window_seconds - now;
	return left <= 0 ? 1 : (left + 59) / 60;
}

sn_err throttle_hit(store *s, const char *key, int64_t window_seconds, int64_t now)
{
	return store_run(s,
			 "INSERT INTO throttle(key, failures, window_start) VALUES (?, 1, ?) "
			 "ON CONFLICT(key) DO UPDATE SET "
			 "failures = CASE WHEN throttle.window_start > ? THEN throttle.failures + 1 ELSE 1 END, "
			 "window_start = CASE WHEN throttle.window_start > ? THEN throttle.window_start ELSE ? END",
			 "tiiii", key, now, now - window_seconds, now - window_seconds, now);
}

sn_err access_form_limit(store *s, const char *key, bool count, int64_t *retry_minutes)
{
	int64_t now = time_now();
	char k[300];
	snprintf(k, sizeof k, "form:%s", key);
	if (count)
		return throttle_hit(s, k, ACCESS_FORM_WINDOW_SECONDS, now);
	if (throttle_count(s, k, ACCESS_FORM_WINDOW_SECONDS, now) < ACCESS_FORM_LIMIT)
		return SN_OK;
	if (retry_minutes)
		*retry_minutes = throttle_minutes_left(s, k, ACCESS_FORM_WINDOW_SECONDS, now);
	return SN_ETHROTTLED;
}
