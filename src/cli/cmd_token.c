/* supportnet token add | list | revoke: API tokens for partner systems
 * (docs/api.md). `add` prints the new token, and only the token, on
 * standard output, once: scripts read it from there; everything else goes
 * to standard error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../access/access.h"
#include "cli.h"

static const char help[] =
	"Usage:\n"
	"  supportnet token add --db LOC --email E --name N [--days D]\n"
	"  supportnet token list --db LOC\n"
	"  supportnet token revoke --db LOC --id ID\n"
	"add makes an API token that acts as the account with email E (its roles\n"
	"and relationships) on the JSON API, and prints it once on standard output:\n"
	"only its hash is kept. N names it (who uses it, for what; up to 100\n"
	"characters). It expires after D days (1 to 3650, default 90); --days 0\n"
	"makes one that has already expired (to try the refusal).\n"
	"list prints one line per token, tab-separated: id, account email, name,\n"
	"created, expires, revoked, last used (\"-\" for none); never the token.\n"
	"revoke stops token ID working at once.\n"
	"Exit status: 0 done, 1 failure, 2 usage (an unknown email or id too).\n";

static int open_db(const char *cmd, const char *db, store **s)
{
	char err[512];
	if (!db)
		return cli_fail(cmd, EXIT_USAGE, "--db is required");
	if (store_open(db, false, s, err, sizeof err))
		return cli_fail(cmd, EXIT_FAIL, "%s", err);
	return 0;
}

static int token_add_cmd(const char *cmd, const char *db, const char *email, const char *name, const char *days)
{
	if (!email)
		return cli_fail(cmd, EXIT_USAGE, "--email is required");
	if (!name)
		return cli_fail(cmd, EXIT_USAGE, "--name is required");
	int64_t d = TOKEN_DAYS_DEFAULT;
	if (days && str_to_i64(days, 0, TOKEN_DAYS_MAX, &d))
		return cli_fail(cmd, EXIT_USAGE, "--days must be a whole number from 0 to %d", TOKEN_DAYS_MAX);
	store *s = NULL;
	int rc = open_db(cmd, db, &s);
	if (rc)
		return rc;
	char tok[TOKEN_LEN + 1];
	int64_t id = 0;
	sn_err e = token_add(s, email, name, (int)d, "system", tok, &id);
	const char *why = e == SN_EINPUT ? "" : store_errmsg(s);
	char msg[300];
	snprintf(msg, sizeof msg, "%s", why);
	store_close(s);
	if (e == SN_ENOTFOUND)
		return cli_fail(cmd, EXIT_USAGE, "there is no account with the email address %s", email);
	if (e == SN_ECONFLICT)
		return cli_fail(cmd, EXIT_USAGE, "the account %s is disabled: enable it first", email);
	if (e == SN_EINPUT)
		return cli_fail(cmd, EXIT_USAGE, "--name must be 1 to %d printable characters", TOKEN_NAME_MAX);
	if (e)
		return cli_fail(cmd, EXIT_FAIL, "cannot make the token: %s", msg);
	printf("%s\n", tok);
	fflush(stdout);
	fprintf(stderr, "API token %lld for %s%s. It is shown only this once.\n", (long long)id, email,
		d == 0 ? ", already expired (--days 0)" : "");
	return EXIT_OK;
}

static const char *or_dash(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v && *v ? v : "-";
}

static int token_list_cmd(const char *cmd, const char *db)
{
	store *s = NULL;
	int rc = open_db(cmd, db, &s);
	if (rc)
		return rc;
	json_t *list = NULL;
	sn_err e = token_list(s, &list);
	store_close(s);
	if (e) {
		json_decref(list);
		return cli_fail(cmd, EXIT_FAIL, "cannot list the tokens");
	}
	size_t i;
	json_t *t;
	json_array_foreach(list, i, t)
		printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", (long long)json_integer_value(json_object_get(t, "id")),
		       or_dash(t, "email"), or_dash(t, "name"), or_dash(t, "created_at"), or_dash(t, "expires_at"),
		       or_dash(t, "revoked_at"), or_dash(t, "last_used_at"));
	json_decref(list);
	return EXIT_OK;
}

static int token_revoke_cmd(const char *cmd, const char *db, const char *id_text)
{
	int64_t id = 0;
	if (!id_text || str_to_i64(id_text, 1, INT64_MAX, &id))
		return cli_fail(cmd, EXIT_USAGE, "--id must be a token's id (see 'supportnet token list')");
	store *s = NULL;
	int rc = open_db(cmd, db, &s);
	if (rc)
		return rc;
	sn_err e = token_revoke(s, id, "system");
	store_close(s);
	if (e == SN_ENOTFOUND)
		return cli_fail(cmd, EXIT_USAGE, "there is no API token %lld", (long long)id);
	if (e)
		return cli_fail(cmd, EXIT_FAIL, "cannot revoke the token");
	printf("revoked API token %lld\n", (long long)id);
	return EXIT_OK;
}

int cmd_token(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	const char *sub = argv[1];
	const char *db = NULL, *email = NULL, *name = NULL, *days = NULL, *id = NULL;
	cli_opt opts[] = {{"--db", true, &db},     {"--email", true, &email}, {"--name", true, &name},
			  {"--days", true, &days}, {"--id", true, &id},       {0}};
	char cmd[64];
	snprintf(cmd, sizeof cmd, "token %.40s", sub);
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "revoke"))
		return cli_fail("token", EXIT_USAGE, "unknown subcommand '%s' (see 'supportnet token --help')", sub);
	int rc = cli_parse(cmd, argc - 1, argv + 1, opts);
	if (rc < 0) {
		fputs(help, stdout);
		return EXIT_OK;
	}
	if (rc)
		return rc;
	if (strcmp(sub, "add") == 0)
		return token_add_cmd(cmd, db, email, name, days);
	if (strcmp(sub, "list") == 0)
		return token_list_cmd(cmd, db);
	return token_revoke_cmd(cmd, db, id);
}
