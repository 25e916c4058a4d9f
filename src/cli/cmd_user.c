/* supportnet user add | list | set-password | disable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../access/access.h"
#include "cli.h"

static const char help[] =
	"Usage:\n"
	"  supportnet user add --db LOC --email E --name N --role R[,R...] --password-stdin\n"
	"  supportnet user list --db LOC [--json]\n"
	"  supportnet user set-password --db LOC --email E --password-stdin\n"
	"  supportnet user disable --db LOC --email E\n"
	"  supportnet user enable --db LOC --email E\n"
	"Roles: resident, carer, worker, partner, coordinator, moderator,\n"
	"commissioner, admin. Passwords are read from the first line of standard\n"
	"input: at least 10 characters, not a common password.\n";

static int read_password(const char *cmd, char *out, size_t size)
{
	if (!fgets(out, (int)size, stdin))
		return cli_fail(cmd, EXIT_USAGE, "no password on standard input");
	size_t n = strlen(out);
	if (n == size - 1 && out[n - 1] != '\n')
		return cli_fail(cmd, EXIT_USAGE, "the password is longer than %d characters", PASSWORD_MAX);
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = 0;
	return 0;
}

static int open_db(const char *cmd, const char *db, store **s)
{
	char err[512];
	if (!db)
		return cli_fail(cmd, EXIT_USAGE, "--db is required");
	if (store_open(db, false, s, err, sizeof err))
		return cli_fail(cmd, EXIT_FAIL, "%s", err);
	return 0;
}

/* supportnet user list [--json] */
static int user_list_cmd(const char *cmd, const char *db, bool as_json)
{
	store *s = NULL;
	int rc = open_db(cmd, db, &s);
	if (rc)
		return rc;
	json_t *users = NULL;
	sn_err e = user_list(s, &users);
	store_close(s);
	if (e)
		return cli_fail(cmd, EXIT_FAIL, "cannot list users");
	if (as_json) {
		char *out = json_dumps(users, JSON_INDENT(1));
		puts(out);
		free(out);
		json_decref(users);
		return EXIT_OK;
	}
	size_t i;
	json_t *u;
	json_array_foreach(users, i, u) {
		printf("%s\t%s\t", json_string_value(json_object_get(u, "email")),
		       json_string_value(json_object_get(u, "name")));
		size_t k;
		json_t *r;
		json_array_foreach(json_object_get(u, "roles"), k, r)
			printf("%s%s", k ? "," : "", json_string_value(r));
		printf("%s\n", json_is_true(json_object_get(u, "disabled")) ? "\tdisabled" : "");
	}
	json_decref(users);
	return EXIT_OK;
}

int cmd_user(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	const char *sub = argv[1];
	const char *db = NULL, *email = NULL, *name = NULL, *role = NULL,
		   *pwstdin = NULL, *json = NULL;
	cli_opt opts[] = {{"--db", true, &db}, {"--email", true, &email},
			  {"--name", true, &name}, {"--role", true, &role},
			  {"--password-stdin", false, &pwstdin}, {"--json", false, &json},
			  {0}};
	char cmd[64];
	snprintf(cmd, sizeof cmd, "user %s", sub);
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "set-password") &&
	    strcmp(sub, "disable") && strcmp(sub, "enable"))
		return cli_fail("user", EXIT_USAGE, "unknown subcommand '%s' (see 'supportnet user --help')", sub);
	int rc = cli_parse(cmd, argc - 1, argv + 1, opts);
	if (rc < 0) {
		fputs(help, stdout);
		return EXIT_OK;
	}
	if (rc)
		return rc;
	char err[512], pw[PASSWORD_MAX + 2];
	store *s = NULL;
	if (strcmp(sub, "list") == 0)
		return user_list_cmd(cmd, db, json != NULL);
	if (!email)
		return cli_fail(cmd, EXIT_USAGE, "--email is required");
	if (strcmp(sub, "add") == 0) {
		uint32_t roles = 0;
		if (!name)
			return cli_fail(cmd, EXIT_USAGE, "--name is required");
		if (!role || role_parse(role, &roles))
			return cli_fail(cmd, EXIT_USAGE, "--role must list roles from: resident, carer, "
				"worker, partner, coordinator, moderator, commissioner, admin");
		if (!pwstdin)
			return cli_fail(cmd, EXIT_USAGE, "--password-stdin is required (passwords never go on the command line)");
		rc = read_password(cmd, pw, sizeof pw);
		if (!rc)
			rc = open_db(cmd, db, &s);
		if (rc)
			return rc;
		char uuid[37];
		sn_err e = user_add(s, email, name, roles, pw, "system", uuid, err, sizeof err);
		store_close(s);
		if (e)
			return cli_fail(cmd, e == SN_EINPUT ? EXIT_USAGE : EXIT_FAIL, "%s", err);
		printf("added %s (%s)\n", email, uuid);
		return EXIT_OK;
	}
	if (strcmp(sub, "set-password") == 0) {
		if (!pwstdin)
			return cli_fail(cmd, EXIT_USAGE, "--password-stdin is required");
		rc = read_password(cmd, pw, sizeof pw);
		if (!rc)
			rc = open_db(cmd, db, &s);
		if (rc)
			return rc;
		sn_err e = user_set_password(s, email, pw, "system", err, sizeof err);
		store_close(s);
		if (e)
			return cli_fail(cmd, e == SN_EINPUT ? EXIT_USAGE : EXIT_FAIL, "%s", err);
		printf("password changed for %s; their sessions are ended\n", email);
		return EXIT_OK;
	}
	bool disable = strcmp(sub, "disable") == 0;
	rc = open_db(cmd, db, &s);
	if (rc)
		return rc;
	sn_err e = user_set_disabled(s, email, disable, "system", err, sizeof err);
	store_close(s);
	if (e)
		return cli_fail(cmd, EXIT_FAIL, "%s", err);
	printf("%s %s\n", disable ? "disabled" : "enabled", email);
	return EXIT_OK;
}
