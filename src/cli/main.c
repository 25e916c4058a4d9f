/* supportnet: the one program. Dispatches to a subcommand; all logic lives
 * in the core library. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"Usage: supportnet COMMAND [options]   (supportnet COMMAND --help for more)\n\n"
	"Commands:\n"
	"  serve     serve the web application\n"
	"  migrate   create or upgrade the database\n"
	"  demo      create a fictional demo area\n"
	"  user      add, list and change accounts\n"
	"  token     add, list and revoke API tokens for partner systems\n"
	"  backup    copy the database while it is in use\n"
	"  restore   replace the database with a backup\n"
	"  audit     verify the audit chain\n"
	"  routes    print the route table as JSON\n"
	"  rules     work out a charge, Care Act eligibility or a RAS budget from a JSON case\n"
	"  import    load postcode centroids, an Open Referral UK directory (file or feed)\n"
	"            or a bank statement into a direct-payment ledger\n"
	"  dp        open a direct-payment account; show its ledger, alerts and quarter\n"
	"  export    write the published directory as Open Referral UK JSON or CSV tables\n"
	"  reminders queue email reminders for directory entries falling due for review\n"
	"  referrals flag overdue referrals and escalate them (referrals remind)\n"
	"  insight   sum the evidence figures' activity again after a bulk load\n"
	"  schemes   tell coordinators of scheme members' vetting about to expire (schemes remind)\n"
	"  mail      send the queued email through an SMTP server\n"
	"  timebank  verify the timebank's ledger; export and import inter-bank transfers\n"
	"  match     match helpers to requests: most units matched, then least cost (JSON)\n"
	"  version   print the version\n";

static const struct {
	const char *name;
	int (*fn)(int, char **);
} commands[] = {
	{"serve", cmd_serve},   {"migrate", cmd_migrate}, {"demo", cmd_demo},
	{"user", cmd_user},     {"token", cmd_token},     {"backup", cmd_backup},   {"restore", cmd_restore},
	{"audit", cmd_audit},   {"routes", cmd_routes},   {"rules", cmd_rules},
	{"import", cmd_import}, {"dp", cmd_dp},         {"export", cmd_export}, {"reminders", cmd_reminders}, {"referrals", cmd_referrals}, {"insight", cmd_insight}, {"mail", cmd_mail},
	{"timebank", cmd_timebank},
	{"match", cmd_match},   {"schemes", cmd_schemes},
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		if (argc > 2 && strcmp(argv[2], "--help") == 0) {
			puts("Usage: supportnet version\nPrint the version and the commit it was built from.");
			return EXIT_OK;
		}
		printf("supportnet %s (%s)\n", SN_VERSION, SN_COMMIT);
		return EXIT_OK;
	}
	if (base_init()) {
		fputs("supportnet: cannot initialise libsodium\n", stderr);
		return EXIT_FAIL;
	}
	for (size_t i = 0; i < SN_ARRAY_LEN(commands); i++)
		if (strcmp(cmd, commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "supportnet: unknown command '%s' (see 'supportnet --help')\n", cmd);
	return EXIT_USAGE;
}
