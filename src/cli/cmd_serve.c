/* supportnet serve: run the web server. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app.h"
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
	"  --max-per-address N    at most N open connections from one client address\n"
	"                         (default an eighth of --max-connections, at least 16;\n"
	"                         0 none, the default with --behind-proxy: the proxy limits)\n"
	"  --timeout SECONDS      close idle connections after this long, and those that\n"
	"                         have not sent a whole request this long after it began\n"
	"                         (default 30)\n"
	"  --session-idle SECONDS sign people out after this long idle (default 1800)\n"
	"  --session-max SECONDS  and after this long in any case (default 43200)\n"
	"  --tls-front            a TLS proxy is in front: Secure cookies and HSTS\n"
	"  --behind-proxy         take the client address from X-Forwarded-For (last\n"
	"                         entry), as set by our own reverse proxy\n"
	"  --quiet                no access log\n"
	"  --tiles URL            map tiles under the directory's map, an https URL with\n"
	"                         {z}, {x} and {y} (none: the localities alone, offline)\n"
	"  --tiles-attribution T  the credit the tile provider asks for\n"
	"  --smtp URL             send the queued email (smtp:// or smtps://) from a\n"
	"                         background thread, every --mail-interval seconds\n"
	"  --mail-from ADDR       the sender (default: $SUPPORTNET_MAIL_FROM)\n"
	"  --smtp-user U, --smtp-password-file F, --smtp-starttls\n"
	"                         as 'supportnet mail' --user, --password-file, --starttls\n"
	"  --base-url URL         where people reach this service, for links in emails\n"
	"                         (default $SUPPORTNET_BASE_URL, else http://HOST:PORT)\n"
	"  --mail-interval S      seconds between sends (default 60)\n";

static int num(const char *s, int64_t min, int64_t max, int64_t *out, const char *what)
{
	if (s && str_to_i64(s, min, max, out))
		return cli_fail("serve", EXIT_USAGE, "%s must be a whole number from %lld to %lld",
				what, (long long)min, (long long)max);
	return 0;
}

typedef struct {
	const char *db, *listen, *threads, *maxc, *per_addr, *timeout, *idle, *maxs, *tls, *quiet, *proxy, *pool,
		*tiles, *tiles_attr, *smtp, *mail_from, *smtp_user, *smtp_pwfile, *smtp_starttls, *mail_interval,
		*base_url;
} serve_args;

/* The whole-number options: each within its range, into the config. */
static int numbers(const serve_args *a, web_config *c)
{
	const struct {
		const char *text, *name;
		int64_t min, max;
		int *as_int;
		unsigned *as_unsigned;
		int64_t *as_i64;
	} opts[] = {
		{a->threads, "--threads", 1, 256, &c->threads, NULL, NULL},
		{a->pool, "--db-pool", 1, 1000, &c->db_pool, NULL, NULL},
		{a->maxc, "--max-connections", 1, 100000, NULL, &c->max_connections, NULL},
		{a->per_addr, "--max-per-address", 0, 100000, &c->max_per_address, NULL, NULL},
		{a->timeout, "--timeout", 1, 3600, NULL, &c->timeout_seconds, NULL},
		{a->idle, "--session-idle", 1, 86400, NULL, NULL, &c->session_idle_seconds},
		{a->maxs, "--session-max", 1, 7 * 86400, NULL, NULL, &c->session_max_seconds},
	};
	for (size_t i = 0; i < SN_ARRAY_LEN(opts); i++) {
		int64_t v = 0;
		int rc = num(opts[i].text, opts[i].min, opts[i].max, &v, opts[i].name);
		if (rc)
			return rc;
		if (!opts[i].text)
			continue;
		if (opts[i].as_int)
			*opts[i].as_int = (int)v;
		else if (opts[i].as_unsigned)
			*opts[i].as_unsigned = (unsigned)v;
		else
			*opts[i].as_i64 = v;
	}
	return 0;
}

/* --listen, --tiles, --tiles-attribution, --base-url and the switches. */
static int places(const serve_args *a, web_config *c)
{
	const char *colon = strrchr(a->listen, ':');
	if (!colon || colon == a->listen)
		return cli_fail("serve", EXIT_USAGE, "--listen must be HOST:PORT, like 127.0.0.1:8080");
	static char host[64];
	snprintf(host, sizeof host, "%.*s", (int)(colon - a->listen), a->listen);
	c->host = host;
	int64_t v;
	if (str_to_i64(colon + 1, 0, 65535, &v))
		return cli_fail("serve", EXIT_USAGE, "the port in --listen must be 0 to 65535");
	c->port = (int)v;
	const char *tiles = a->tiles, *base = a->base_url;
	if (tiles && (!str_starts(tiles, "https://") || !strstr(tiles, "{z}") || !strstr(tiles, "{x}") ||
		      !strstr(tiles, "{y}") || strlen(tiles) > 200 || strpbrk(tiles, " \"'<>;")))
		return cli_fail("serve", EXIT_USAGE, "--tiles must be an https URL with {z}, {x} and {y}, "
				"like https://tiles.example/{z}/{x}/{y}.png");
	if (a->tiles_attr && strlen(a->tiles_attr) > 200)
		return cli_fail("serve", EXIT_USAGE, "--tiles-attribution must be 200 characters or fewer");
	if (base && ((!str_starts(base, "https://") && !str_starts(base, "http://")) || strlen(base) > 200 ||
		     strpbrk(base, " \t\r\n\"'<>\\?#") || !*(strstr(base, "://") + 3) || base[strlen(base) - 1] == '/'))
		return cli_fail("serve", EXIT_USAGE, "--base-url must be an http(s) URL without a trailing /, "
				"like https://supportnet.example.gov.uk");
	c->tiles = tiles;
	c->tiles_attribution = a->tiles_attr ? a->tiles_attr : "";
	c->base_url = base;
	c->tls_front = a->tls != NULL;
	c->quiet = a->quiet != NULL;
	c->behind_proxy = a->proxy != NULL;
	return 0;
}

/* The outbox's sender, when an SMTP server is given. */
static int mail_start(const serve_args *a)
{
	mail_smtp mc;
	static char mail_password[1024];
	int64_t interval = 60;
	int rc = num(a->mail_interval, 1, 86400, &interval, "--mail-interval");
	if (rc || !a->smtp)
		return rc;
	rc = cli_smtp_config("serve", a->smtp, a->mail_from, a->smtp_user, a->smtp_pwfile, a->smtp_starttls != NULL,
			     &mc, mail_password, sizeof mail_password);
	if (rc)
		return rc;
	if (mail_sender_start(a->db, &mc, interval))
		return cli_fail("serve", EXIT_FAIL, "cannot start the mail sender");
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	serve_args a = {.listen = "127.0.0.1:8080", .base_url = getenv("SUPPORTNET_BASE_URL")};
	cli_opt opts[] = {{"--db", true, &a.db}, {"--listen", true, &a.listen},
			  {"--threads", true, &a.threads}, {"--max-connections", true, &a.maxc},
			  {"--max-per-address", true, &a.per_addr}, {"--timeout", true, &a.timeout},
			  {"--session-idle", true, &a.idle}, {"--session-max", true, &a.maxs},
			  {"--tls-front", false, &a.tls}, {"--quiet", false, &a.quiet},
			  {"--behind-proxy", false, &a.proxy}, {"--db-pool", true, &a.pool},
			  {"--tiles", true, &a.tiles}, {"--tiles-attribution", true, &a.tiles_attr},
			  {"--smtp", true, &a.smtp}, {"--mail-from", true, &a.mail_from},
			  {"--smtp-user", true, &a.smtp_user}, {"--smtp-password-file", true, &a.smtp_pwfile},
			  {"--smtp-starttls", false, &a.smtp_starttls}, {"--mail-interval", true, &a.mail_interval},
			  {"--base-url", true, &a.base_url}, {0}};
	int rc = cli_parse("serve", argc, argv, opts);
	if (rc < 0) {
		fputs(help, stdout);
		return EXIT_OK;
	}
	if (rc)
		return rc;
	if (!a.db)
		return cli_fail("serve", EXIT_USAGE, "--db is required (see 'supportnet serve --help')");
	web_config c;
	web_config_defaults(&c);
	c.db = a.db;
	rc = places(&a, &c);
	if (!rc)
		rc = numbers(&a, &c);
	if (!rc)
		rc = mail_start(&a);
	if (rc)
		return rc;
	/* Keep the memory of one request for the next: a directory search at
	 * a million services works in tens of MiB of arrays, and handing them
	 * back to the kernel after each (glibc's default above 128 KiB, and
	 * its trimming) made every request fault them in again, a third of
	 * its time on this machine. Up to 32 MiB an allocation comes from the
	 * threads' heaps, which keep up to 256 MiB free. */
	mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
	app_start();
	c.app = &app_web;
	sn_err e = web_serve(&c);
	mail_sender_stop();
	search_chunk_cache_free();
	if (e == SN_EINPUT)
		return EXIT_USAGE;
	return e ? EXIT_FAIL : EXIT_OK;
}
