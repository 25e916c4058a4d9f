/* The command line: one function per subcommand, and a small option
 * parser they share. Exit codes: 0 success, 1 runtime failure, 2 usage. */
#ifndef SN_CLI_H
#define SN_CLI_H

#include "../base/base.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

typedef struct {
	const char *name;  /* "--db" */
	bool has_value;
	const char **value; /* where the value goes (or "1" for flags) */
} cli_opt;

/* Parses argv[1..] against opts. On a problem prints one line naming it
 * and returns EXIT_USAGE; returns -1 when --help was asked (the caller
 * prints help and exits 0); otherwise 0. */
int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts);
/* "supportnet CMD: message" on stderr; returns code. */
int cli_fail(const char *cmd, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_import(int argc, char **argv);

#endif
