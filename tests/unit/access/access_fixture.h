/* Test fixture for access: a migrated store in a temp dir, users. */
#ifndef SN_TEST_ACCESS_FIXTURE_H
#define SN_TEST_ACCESS_FIXTURE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "access/access.h"

typedef struct {
	char dir[64];
	char path[128];
	store *s;
	arena *a;
} fixture;

static inline void fixture_rm_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char p[512];
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

/* cmocka group/test setup: fresh directory, store, migrations, arena. */
static inline int fixture_setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f || base_init())
		goto fail;
	time_set_offset(0);
	snprintf(f->dir, sizeof f->dir, "/tmp/sn-test-access-XXXXXX");
	if (!mkdtemp(f->dir))
		goto fail;
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	char err[256] = "";
	int applied = 0;
	if (store_open(f->path, true, &f->s, err, sizeof err) ||
	    store_migrate(f->s, &applied, err, sizeof err)) {
		fprintf(stderr, "fixture: %s\n", err);
		store_close(f->s);
		fixture_rm_dir(f->dir);
		goto fail;
	}
	f->a = arena_new();
	*state = f;
	return 0;
fail:
	free(f);
	return -1;
}

static inline int fixture_teardown(void **state)
{
	fixture *f = *state;
	time_set_offset(0); /* whatever a failed test left behind */
	store_close(f->s);
	arena_free(f->a);
	fixture_rm_dir(f->dir);
	free(f);
	return 0;
}

/* One argon2id hash per process, of FIXTURE_PASSWORD, for quick users. */
#define FIXTURE_PASSWORD "lantern orchard pebble canoe"
static inline const char *fixture_hash(void)
{
	static char hash[128];
	if (!hash[0] && password_hash(FIXTURE_PASSWORD, hash))
		abort();
	return hash;
}

/* Adds a user with FIXTURE_PASSWORD and returns the id (aborts on error). */
static inline int64_t fixture_user(fixture *f, const char *email, uint32_t roles)
{
	char uuid[37];
	int64_t id = 0;
	uuid_v4(uuid);
	if (user_add_hashed(f->s, email, "Test User", roles, fixture_hash(), uuid, &id)) {
		fprintf(stderr, "fixture_user %s: %s\n", email, store_errmsg(f->s));
		abort();
	}
	return id;
}

/* Loads a user into f's arena (aborts on error). */
static inline web_user *fixture_load(fixture *f, int64_t id)
{
	web_user *u = NULL;
	if (user_load(f->s, id, f->a, &u))
		abort();
	return u;
}

#endif
