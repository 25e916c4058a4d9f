/* An ORUK import from a feed (http or https, libcurl): a /services list
 * followed page by page, and each list item that is not fully nested
 * fetched from /services/{id} of the same feed. */
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "oruk_io_int.h"

/* ---- from a feed ---- */

typedef struct {
	CURL *curl;
	buf body;
	char base[2048]; /* ".../services" of the feed, for /services/{id} */
	char where[2100];
	int64_t last_done;
} feed;

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
	buf *b = ctx;
	return buf_append(b, p, size * n) ? 0 : size * n;
}

/* GETs url into fd->body; false (with rep->error) when it cannot. With
 * one_record, record by record, a failure skips that record only (a
 * problem) rather than failing the import. */
static bool fetch_as(oruk_imp *im, feed *fd, const char *url, bool one_record);
static bool fetch(oruk_imp *im, feed *fd, const char *url)
{
	return fetch_as(im, fd, url, false);
}

static bool fetch_as(oruk_imp *im, feed *fd, const char *url, bool one_record)
{
	buf_reset(&fd->body);
	char cerr[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(fd->curl, CURLOPT_URL, url);
	curl_easy_setopt(fd->curl, CURLOPT_ERRORBUFFER, cerr);
	CURLcode cc = curl_easy_perform(fd->curl);
	im->rep->fetches++;
	long status = 0;
	curl_easy_getinfo(fd->curl, CURLINFO_RESPONSE_CODE, &status);
	if (cc == CURLE_WRITE_ERROR && fd->body.len + CURL_MAX_WRITE_SIZE > fd->body.max) {
		oruk_refuse(im, SN_ETOOBIG, NULL, "%s: the reply is larger than %d bytes", url,
		            ORUK_PAGE_BYTES_MAX);
		return false;
	}
	bool soft = one_record && im->lenient;
	if (cc != CURLE_OK || status != 200) {
		char why[CURL_ERROR_SIZE + 32];
		if (cc != CURLE_OK)
			snprintf(why, sizeof why, "%s", *cerr ? cerr : curl_easy_strerror(cc));
		else
			snprintf(why, sizeof why, "HTTP status %ld", status);
		if (!soft) {
			oruk_fail(im, SN_EINTERNAL, "cannot fetch %s: %s", url, why);
			return false;
		}
		oruk_problem(im, url, NULL, "cannot fetch the service: %s", why);
		im->rep->skipped[ORUK_SERVICES]++;
		im->rep->records_skipped++;
		return false;
	}
	im->rep->bytes += (int64_t)fd->body.len;
	return true;
}

/* Runs the oruk_scanner over the body just fetched, from `url`. */
static json_t *scan_body(oruk_imp *im, feed *fd, const char *url, oruk_service_fn fn, int64_t *items)
{
	oruk_scanner sc;
	snprintf(fd->where, sizeof fd->where, "%s: ", url);
	im->where = fd->where;
	oruk_scan_init(&sc, im, fn, fd);
	oruk_scan_feed(&sc, fd->body.data ? fd->body.data : "", fd->body.len);
	json_t *env = oruk_scan_finish(&sc);
	if (items)
		*items = sc.index + (int64_t)json_array_size(json_object_get(env, "contents"));
	oruk_scan_free(&sc);
	im->where = NULL;
	return env;
}

static void on_full_service(oruk_scanner *sc, json_t *o, const char *path)
{
	oruk_imp_record(sc->im, o, path);
}

/* True when a list item carries its nested objects (not just scalars). */
static bool fully_nested(json_t *o)
{
	static const char *const keys[] = {"service_at_locations", "schedules", "contacts",
	                                   "cost_options", "service_areas"};
	for (size_t i = 0; i < SN_ARRAY_LEN(keys); i++)
		if (json_is_array(json_object_get(o, keys[i])))
			return true;
	return false;
}

static void on_feed_item(oruk_scanner *sc, json_t *o, const char *path)
{
	feed *fd = sc->ctx;
	oruk_imp *im = sc->im;
	if (!json_is_object(o) || fully_nested(o)) {
		oruk_imp_record(im, o, path);
	} else {
		const char *id = oruk_uuid_of(o);
		if (!id) {
			im->cur_kind = "service";
			im->cur_id[0] = 0;
			oruk_problem(im, path, "id", "missing or not a uuid");
			im->rep->skipped[ORUK_SERVICES]++;
			im->rep->records_skipped++;
			return;
		}
		im->cur_kind = "service";
		snprintf(im->cur_id, sizeof im->cur_id, "%s", id);
		char url[2200], where[2100];
		snprintf(url, sizeof url, "%s/%s", fd->base, id);
		/* The page's body is being scanned: fetch into a second feed body. */
		feed one = {.curl = fd->curl};
		buf_init(&one.body, ORUK_PAGE_BYTES_MAX);
		snprintf(one.base, sizeof one.base, "%s", fd->base);
		const char *outer = im->where;
		snprintf(where, sizeof where, "%s", outer ? outer : "");
		curl_easy_setopt(fd->curl, CURLOPT_WRITEDATA, &one.body);
		if (fetch_as(im, &one, url, true))
			json_decref(scan_body(im, &one, url, on_full_service, NULL));
		curl_easy_setopt(fd->curl, CURLOPT_WRITEDATA, &fd->body);
		buf_free(&one.body);
		snprintf(fd->where, sizeof fd->where, "%s", where);
		im->where = fd->where;
	}
	if (im->rep->count[ORUK_SERVICES] - fd->last_done >= 10) {
		fd->last_done = im->rep->count[ORUK_SERVICES];
		oruk_imp_progress(im, 0);
	}
}

/* url with page=N in its query (replacing one there). */
static void page_url(const char *url, int64_t page, char *out, size_t size)
{
	const char *q = strchr(url, '?');
	size_t n = q ? (size_t)(q - url) : strlen(url);
	buf b;
	buf_init(&b, 8192);
	buf_append(&b, url, n);
	buf_putc(&b, '?');
	bool first = true;
	if (q) {
		const char *p = q + 1;
		while (*p) {
			const char *amp = strchr(p, '&');
			size_t len = amp ? (size_t)(amp - p) : strlen(p);
			if (len && !(len >= 5 && strncmp(p, "page=", 5) == 0) &&
			    !(len == 4 && strncmp(p, "page", 4) == 0)) {
				if (!first)
					buf_putc(&b, '&');
				buf_append(&b, p, len);
				first = false;
			}
			p += len + (amp ? 1 : 0);
		}
	}
	buf_printf(&b, "%spage=%lld", first ? "" : "&", (long long)page);
	snprintf(out, size, "%s", b.data);
	buf_free(&b);
}

sn_err oruk_import_url(store *s, const char *url, const oruk_import_opts *o,
                       oruk_import_report *rep)
{
	oruk_imp im;
	sn_err rc = oruk_imp_begin(&im, s, o, rep, false);
	if (rc)
		return rc;
	feed fd = {0};
	buf_init(&fd.body, ORUK_PAGE_BYTES_MAX);
	/* The feed's /services address: the URL up to and including the last
	 * "/services" of its path. */
	const char *q = strchr(url, '?');
	size_t n = q ? (size_t)(q - url) : strlen(url);
	const char *svc = NULL;
	for (const char *p = url; p + 9 <= url + n; p++)
		if (strncmp(p, "/services", 9) == 0 && (p + 9 == url + n || p[9] == '/'))
			svc = p;
	if (strlen(url) > 2000 ||
	    (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8))) {
		oruk_fail(&im, SN_EINPUT, "%s: not an http or https address", url);
	} else if (svc) {
		snprintf(fd.base, sizeof fd.base, "%.*s", (int)(svc + 9 - url), url);
	} else {
		snprintf(fd.base, sizeof fd.base, "%.*s/services", (int)n, url);
	}
	fd.curl = im.fatal ? NULL : curl_easy_init();
	if (!im.fatal && !fd.curl)
		oruk_fail(&im, SN_EINTERNAL, "cannot start libcurl");
	if (fd.curl) {
		curl_easy_setopt(fd.curl, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(fd.curl, CURLOPT_WRITEDATA, &fd.body);
		curl_easy_setopt(fd.curl, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(fd.curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(fd.curl, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(fd.curl, CURLOPT_MAXREDIRS, 5L);
		curl_easy_setopt(fd.curl, CURLOPT_CONNECTTIMEOUT, 15L);
		curl_easy_setopt(fd.curl, CURLOPT_TIMEOUT, 120L);
		curl_easy_setopt(fd.curl, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(fd.curl, CURLOPT_USERAGENT, "supportnet/" SN_VERSION);
	}
	struct curl_slist *hdr = curl_slist_append(NULL, "Accept: application/json");
	if (fd.curl)
		curl_easy_setopt(fd.curl, CURLOPT_HTTPHEADER, hdr);
	/* A single service answers once; a list is followed page by page. */
	bool list = svc && svc + 9 == url + n;
	for (int64_t page = 1; !oruk_imp_stop(&im) && page <= ORUK_PAGES_MAX; page++) {
		char purl[2200];
		if (list)
			page_url(url, page, purl, sizeof purl);
		else
			snprintf(purl, sizeof purl, "%s", url);
		if (!fetch(&im, &fd, purl))
			break;
		int64_t items = 0;
		json_t *env = scan_body(&im, &fd, purl, on_feed_item, &items);
		json_t *last = json_object_get(env, "last_page");
		json_t *pages = json_object_get(env, "total_pages");
		/* A page without services ends it too (a feed that never says
		 * last_page). */
		bool more = env && list && items > 0 && !json_is_true(last) &&
		            (json_is_false(last) ||
		             (json_is_integer(pages) && json_integer_value(pages) > page));
		json_decref(env);
		if (!more)
			break;
		if (page == ORUK_PAGES_MAX)
			oruk_refuse(&im, SN_ETOOBIG, NULL,
			            "%s: more than %d pages; the feed is refused", url,
			            ORUK_PAGES_MAX);
	}
	curl_slist_free_all(hdr);
	if (fd.curl)
		curl_easy_cleanup(fd.curl);
	buf_free(&fd.body);
	if (!oruk_imp_stop(&im))
		oruk_imp_progress(&im, 0);
	return oruk_imp_end(&im);
}
