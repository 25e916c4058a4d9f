/* The command line: one function per subcommand, and a small option
 * parser they share. Exit codes: 0 success, 1 runtime failure, 2 usage. */
#ifndef SN_CLI_H
#define SN_CLI_H

#include "../base/base.h"
#include "../mail/mail.h"

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

/* Opens db for cmd, refusing one not migrated to this binary's schema
 * (the message says to run 'supportnet migrate'): EXIT_OK with *out open,
 * or the exit code after the message on standard error. */
int cli_open_migrated(const char *cmd, const char *db, store **out);

int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_dp(int argc, char **argv);

/* A progress bar on stderr (for a terminal only: the caller checks),
 * redrawn with \r at most ten times a second: what, a bar when the total is
 * known, the count of `unit` done and the rate. */
typedef struct {
	const char *what; /* "importing services" */
	const char *unit; /* "rows", "services" */
	double start, last;
	bool drawn;
} cli_progress;
void cli_progress_draw(void *ctx, int64_t done, int64_t bytes, int64_t total);
void cli_progress_clear(cli_progress *b);
double cli_now_s(void); /* a monotonic clock in seconds */
/* 1234567 -> "1,234,567" */
const char *cli_thousands(int64_t v, char out[static 32]);
int cmd_reminders(int argc, char **argv);
int cmd_referrals(int argc, char **argv);
int cmd_insight(int argc, char **argv);
int cmd_schemes(int argc, char **argv);
int cmd_mail(int argc, char **argv);
int cmd_timebank(int argc, char **argv);
int cmd_match(int argc, char **argv);

/* The SMTP options of `mail` and `serve` into out: from falls back to
 * $SUPPORTNET_MAIL_FROM, the password is read from the first line of
 * password_file into password. Prints the problem and returns EXIT_USAGE,
 * else 0. */
int cli_smtp_config(const char *cmd, const char *url, const char *from, const char *user,
		    const char *password_file, bool starttls, mail_smtp *out, char *password,
		    size_t password_size);

#endif
