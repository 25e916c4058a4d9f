/* The shared option parser of the command line. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cli_fail(const char *cmd, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "supportnet %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return code;
}

int cli_open_migrated(const char *cmd, const char *db, store **out)
{
	char err[512] = "";
	*out = NULL;
	if (store_open(db, false, out, err, sizeof err))
		return cli_fail(cmd, EXIT_FAIL, "%s", err);
	if (store_schema_version(*out) < store_latest_version()) {
		store_close(*out);
		*out = NULL;
		return cli_fail(cmd, EXIT_FAIL, "the database is not migrated: run 'supportnet migrate --db %s'", db);
	}
	return EXIT_OK;
}

int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return -1;
		const char *eq = strchr(a, '=');
		size_t alen = eq ? (size_t)(eq - a) : strlen(a);
		const cli_opt *o = opts;
		while (o->name && !(strlen(o->name) == alen && strncmp(o->name, a, alen) == 0))
			o++;
		if (!o->name)
			return cli_fail(cmd, EXIT_USAGE, "unknown option '%s' (see 'supportnet %s --help')",
					a, cmd);
		if (!o->has_value) {
			if (eq)
				return cli_fail(cmd, EXIT_USAGE, "%s takes no value", o->name);
			*o->value = "1";
			continue;
		}
		if (eq) {
			*o->value = eq + 1;
		} else if (i + 1 < argc) {
			*o->value = argv[++i];
		} else {
			return cli_fail(cmd, EXIT_USAGE, "%s needs a value", o->name);
		}
	}
	return 0;
}
