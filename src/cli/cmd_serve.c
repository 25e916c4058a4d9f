/* supportnet serve: run the web server. */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "../directory/search/search.h"
#include "../web/web.h"
#include "cli.h"

static const char help[] =
	"Usage: supportnet serve --db LOC --listen HOST:PORT [options]\n"
	"Serve SupportNet over HTTP (put a TLS-terminating proxy in front).\n\n"
	"  --db LOC               database: a SQLite file path (or postgres:// URL)\n"
	"  --listen HOST:PORT     address to listen on (default 127.0.0.1:8080;\n"
	"                         port 0 picks a free port and prints it)\n"
	"  --threads N            worker threads (default: number of cores)\n"
	"  --db-pool N            database connections (default: one per thread)\n"
	"  --max-connections N    busy (503) above this many open connections (default 512)\n"
	"  --timeout SECONDS      close idle connections after this long (default 30)\n"
	"  --session-idle SECONDS sign people out after this long idle (default 1800)\n"
	"  --session-max SECONDS  and after this long in any case (default 43200)\n"
	"  --tls-front            a TLS proxy is in front: Secure cookies and HSTS\n"
	"  --behind-proxy         take the client address from X-Forwarded-For (last\n"
	"                         entry), as set by our own reverse proxy\n"
	"  --quiet                no access log\n"
	"  --tiles URL            map tiles for the directory, an https URL with {z},\n"
	"                         {x} and {y} (none: the results are a list only)\n"
	"  --tiles-attribution T  the credit the tile provider asks for\n"
	"  --smtp URL             send the queued email (smtp:// or smtps://) from a\n"
	"                         background thread, every --mail-interval seconds\n"
	"  --mail-from ADDR       the sender (default: $SUPPORTNET_MAIL_FROM)\n"
	"  --smtp-user U, --smtp-password-file F, --smtp-starttls\n"
	"                         as 'supportnet mail' --user, --password-file, --starttls\n"
	"  --mail-interval S      seconds between sends (default 60)\n";

static int num(const char *s, int64_t min, int64_t max, int64_t *out, const char *what)
{
	if (s && str_to_i64(s, min, max, out))
		return cli_fail("serve", EXIT_USAGE, "%s must be a whole number from %lld to %lld",
				what, (long long)min, (long long)max);
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	const char *db = NULL, *listen = "127.0.0.1:8080", *threads = NULL,
		   *maxc = NULL, *timeout = NULL, *idle = NULL, *maxs = NULL,
		   *tls = NULL, *quiet = NULL, *proxy = NULL, *pool = NULL, *tiles = NULL,
		   *tiles_attr = NULL, *smtp = NULL, *mail_from = NULL, *smtp_user = NULL,
		   *smtp_pwfile = NULL, *smtp_starttls = NULL, *mail_interval = NULL;
	cli_opt opts[] = {{"--db", true, &db}, {"--listen", true, &listen},
			  {"--threads", true, &threads}, {"--max-connections", true, &maxc},
			  {"--timeout", true, &timeout}, {"--session-idle", true, &idle},
			  {"--session-max", true, &maxs}, {"--tls-front", false, &tls},
			  {"--quiet", false, &quiet},
			  {"--behind-proxy", false, &proxy},
			  {"--db-pool", true, &pool}, {"--tiles", true, &tiles},
			  {"--tiles-attribution", true, &tiles_attr}, {"--smtp", true, &smtp},
			  {"--mail-from", true, &mail_from}, {"--smtp-user", true, &smtp_user},
			  {"--smtp-password-file", true, &smtp_pwfile},
			  {"--smtp-starttls", false, &smtp_starttls},
			  {"--mail-interval", true, &mail_interval}, {0}};
	int rc = cli_parse("serve", argc, argv, opts);
	if (rc < 0) {
		fputs(help, stdout);
		return EXIT_OK;
	}
	if (rc)
		return rc;
	if (!db)
		return cli_fail("serve", EXIT_USAGE, "--db is required (see 'supportnet serve --help')");
	web_config c;
	web_config_defaults(&c);
	c.db = db;
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen)
		return cli_fail("serve", EXIT_USAGE, "--listen must be HOST:PORT, like 127.0.0.1:8080");
	static char host[64];
	snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
	c.host = host;
	int64_t v;
	if (str_to_i64(colon + 1, 0, 65535, &v))
		return cli_fail("serve", EXIT_USAGE, "the port in --listen must be 0 to 65535");
	c.port = (int)v;
	if ((rc = num(threads, 1, 256, &v, "--threads")))
		return rc;
	if (threads)
		c.threads = (int)v;
	if ((rc = num(pool, 1, 1000, &v, "--db-pool")))
		return rc;
	if (pool)
		c.db_pool = (int)v;
	if ((rc = num(maxc, 1, 100000, &v, "--max-connections")))
		return rc;
	if (maxc)
		c.max_connections = (unsigned)v;
	if ((rc = num(timeout, 1, 3600, &v, "--timeout")))
		return rc;
	if (timeout)
		c.timeout_seconds = (unsigned)v;
	if ((rc = num(idle, 1, 86400, &v, "--session-idle")))
		return rc;
	if (idle)
		c.session_idle_seconds = v;
	if ((rc = num(maxs, 1, 7 * 86400, &v, "--session-max")))
		return rc;
	if (maxs)
		c.session_max_seconds = v;
	c.tls_front = tls != NULL;
	c.quiet = quiet != NULL;
	c.behind_proxy = proxy != NULL;
	if (tiles && (!str_starts(tiles, "https://") || !strstr(tiles, "{z}") || !strstr(tiles, "{x}") ||
		      !strstr(tiles, "{y}") || strlen(tiles) > 200 || strpbrk(tiles, " \"'<>;")))
		return cli_fail("serve", EXIT_USAGE, "--tiles must be an https URL with {z}, {x} and {y}, "
				"like https://tiles.example/{z}/{x}/{y}.png");
	if (tiles_attr && strlen(tiles_attr) > 200)
		return cli_fail("serve", EXIT_USAGE, "--tiles-attribution must be 200 characters or fewer");
	c.tiles = tiles;
	c.tiles_attribution = tiles_attr ? tiles_attr : "";
	/* The outbox's sender, when a server is given. */
	mail_smtp mc;
	static char mail_password[1024];
	int64_t interval = 60;
	if ((rc = num(mail_interval, 1, 86400, &interval, "--mail-interval")))
		return rc;
	if (smtp && (rc = cli_smtp_config("serve", smtp, mail_from, smtp_user, smtp_pwfile,
					  smtp_starttls != NULL, &mc, mail_password, sizeof mail_password)))
		return rc;
	if (smtp && mail_sender_start(db, &mc, interval))
		return cli_fail("serve", EXIT_FAIL, "cannot start the mail sender");
	/* Keep the memory of one request for the next: a directory search at
	 * a million services works in tens of MiB of arrays, and handing them
	 * back to the kernel after each (glibc's default above 128 KiB, and
	 * its trimming) made every request fault them in again, a third of
	 * its time on this machine. Up to 32 MiB an allocation comes from the
	 * threads' heaps, which keep up to 256 MiB free. */
	mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
	sn_err e = web_serve(&c);
	mail_sender_stop();
	search_chunk_cache_free();
	if (e == SN_EINPUT)
		return EXIT_USAGE;
	return e ? EXIT_FAIL : EXIT_OK;
}
