/* The email outbox: queueing a message once, and sending what is queued
 * through libcurl's SMTP with a lock per message, retries with backoff and
 * the server's own words recorded when it fails; the server's background
 * sender. */
#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mail.h"

const int64_t MAIL_BACKOFF_S[MAIL_MAX_ATTEMPTS - 1] = {60, 300, 1800, 7200, 21600};

void mail_domain_of(const char *base_url, char out[static 256])
{
	const char *host = base_url ? strstr(base_url, "://") : NULL;
	host = host ? host + 3 : base_url ? base_url : "";
	int n = (int)strcspn(host, ":/");
	if (n > 0 && n < 256)
		snprintf(out, 256, "%.*s", n, host);
	else
		snprintf(out, 256, "supportnet.invalid");
}

sn_err mail_queue(store *s, const char *dedup_key, const char *topic, const char *to,
		  const char *subject, const char *body, const char *id_domain, bool *queued,
		  char *err, size_t err_size)
{
	*queued = false;
	if (!mail_addr_ok(to)) {
		snprintf(err, err_size, "'%.*s' is not an address we can send to", 80, to ? to : "");
		return SN_EINPUT;
	}
	if (!mail_subject_ok(subject)) {
		snprintf(err, err_size, "the subject must be 1 to %d bytes of UTF-8 on one line",
			 MAIL_SUBJECT_MAX);
		return SN_EINPUT;
	}
	sn_err rc = mail_body_check(body, err, err_size);
	if (rc)
		return rc;
	char uuid[37], now[21], rcpt[MAIL_ADDR_MAX + 1], id[320];
	uuid_v4(uuid);
	time_iso8601(time_now(), now);
	snprintf(rcpt, sizeof rcpt, "%s", to);
	str_lower_ascii(rcpt);
	snprintf(id, sizeof id, "<%s@%s>", uuid,
		 id_domain && *id_domain && strlen(id_domain) < 250 ? id_domain : "supportnet.invalid");
	rc = store_run(s, "INSERT INTO email_outbox (dedup_key, topic, recipient, subject, body, "
		       "message_id, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
		       "ON CONFLICT (dedup_key) DO NOTHING", "tttttttt", dedup_key, topic, rcpt, subject,
		       body, id, now, now);
	if (rc)
		snprintf(err, err_size, "cannot queue the message: %s", store_errmsg(s));
	else
		*queued = store_changes(s) == 1;
	return rc;
}

sn_err mail_smtp_check(const mail_smtp *c, char *err, size_t err_size)
{
	const char *url = c->url ? c->url : "";
	const char *host = str_starts(url, "smtp://") ? url + 7 : str_starts(url, "smtps://") ? url + 8 : NULL;
	if (!host || !*host || strlen(url) > 255 || strpbrk(url, " \t\r\n\"'<>\\") ||
	    strpbrk(host, "/?#@")) {
		snprintf(err, err_size, "the SMTP server must be smtp://HOST[:PORT] or smtps://HOST[:PORT]");
		return SN_EINPUT;
	}
	if (c->starttls && str_starts(url, "smtps://")) {
		snprintf(err, err_size, "STARTTLS is for smtp:// (smtps:// is TLS from the start)");
		return SN_EINPUT;
	}
	if (!mail_addr_ok(c->from)) {
		snprintf(err, err_size, "the from address '%.*s' is not a plain address", 80,
			 c->from ? c->from : "");
		return SN_EINPUT;
	}
	if ((c->user && strpbrk(c->user, "\r\n")) || (c->password && strpbrk(c->password, "\r\n"))) {
		snprintf(err, err_size, "the user and password must be one line each");
		return SN_EINPUT;
	}
	return SN_OK;
}

/* ---- one SMTP session ---- */

typedef struct {
	CURL *h;
	const mail_smtp *c;
	char error[CURL_ERROR_SIZE];
	char reply[MAIL_ERROR_MAX]; /* the server's last 4xx or 5xx line */
	const char *data;           /* the message being uploaded */
	size_t len, off;
} smtp_conn;

static size_t read_cb(char *dst, size_t size, size_t n, void *p)
{
	smtp_conn *sc = p;
	size_t want = size * n, left = sc->len - sc->off;
	if (want > left)
		want = left;
	memcpy(dst, sc->data + sc->off, want);
	sc->off += want;
	return want;
}

/* Keeps the server's last refusal ("451 4.3.0 Try again later") for the
 * record (not its "221 Bye" after); what we send (AUTH included) is never
 * looked at. */
static int debug_cb(CURL *h, curl_infotype type, char *data, size_t n, void *p)
{
	(void)h;
	smtp_conn *sc = p;
	if (type != CURLINFO_HEADER_IN || n < 3 || (data[0] != '4' && data[0] != '5'))
		return 0;
	size_t len = 0;
	while (len < n && len + 1 < sizeof sc->reply && data[len] != '\r' && data[len] != '\n')
		len++;
	memcpy(sc->reply, data, len);
	sc->reply[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)sc->reply[i] < 0x20 || (unsigned char)sc->reply[i] > 0x7e)
			sc->reply[i] = '?';
	return 0;
}

static sn_err conn_open(smtp_conn *sc, const mail_smtp *c)
{
	memset(sc, 0, sizeof *sc);
	sc->c = c;
	sc->h = curl_easy_init();
	if (!sc->h)
		return SN_EINTERNAL;
	CURL *h = sc->h;
	curl_easy_setopt(h, CURLOPT_URL, c->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, c->timeout_s > 0 ? c->timeout_s : 60L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, sc->error);
	curl_easy_setopt(h, CURLOPT_VERBOSE, 1L); /* for debug_cb, which prints nothing */
	curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
	curl_easy_setopt(h, CURLOPT_DEBUGDATA, sc);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, sc);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	if (c->starttls || str_starts(c->url, "smtps://"))
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (c->insecure) {
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (c->user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, c->password ? c->password : "");
	}
	return SN_OK;
}

typedef enum { SENT, RETRY, PERMANENT, SERVER_DOWN } send_outcome;

/* Sends one built message to one recipient; on failure writes the reason
 * into why. SERVER_DOWN: nothing was said about this message (no
 * connection, TLS or sign-in failed), so the run stops. */
static send_outcome conn_send(smtp_conn *sc, const char *to, const buf *msg, char *why,
			      size_t why_size)
{
	char from[MAIL_ADDR_MAX + 3], rcpt[MAIL_ADDR_MAX + 3];
	snprintf(from, sizeof from, "<%s>", sc->c->from);
	snprintf(rcpt, sizeof rcpt, "<%s>", to);
	struct curl_slist *list = curl_slist_append(NULL, rcpt);
	if (!list) {
		snprintf(why, why_size, "out of memory");
		return RETRY;
	}
	sc->data = msg->data;
	sc->len = msg->len;
	sc->off = 0;
	sc->error[0] = sc->reply[0] = '\0';
	curl_easy_setopt(sc->h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(sc->h, CURLOPT_MAIL_RCPT, list);
	CURLcode cc = curl_easy_perform(sc->h);
	curl_easy_setopt(sc->h, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(list);
	if (cc == CURLE_OK)
		return SENT;
	const char *what = sc->error[0] ? sc->error : curl_easy_strerror(cc);
	/* The server's own answer decides (libcurl's response code is not
	 * kept for every command). */
	const char *rp = sc->reply;
	bool answered = (rp[0] == '4' || rp[0] == '5') && rp[1] >= '0' && rp[1] <= '9' && rp[2] >= '0' &&
			rp[2] <= '9';
	int code = answered ? (rp[0] - '0') * 100 + (rp[1] - '0') * 10 + (rp[2] - '0') : 0;
	if (answered)
		snprintf(why, why_size, "%s (server said: %s)", what, sc->reply);
	else
		snprintf(why, why_size, "%s", what);
	if (cc == CURLE_LOGIN_DENIED || !answered)
		return SERVER_DOWN;
	return code >= 500 ? PERMANENT : RETRY;
}

/* ---- the send loop ---- */

static sn_err write_outcome(store *s, int64_t id, int64_t attempts, send_outcome o, const char *why,
			    int64_t now)
{
	char at[21], next[21];
	time_iso8601(now, at);
	sn_err rc = store_begin_write(s);
	if (!rc && o == SENT) {
		rc = store_run(s, "UPDATE email_outbox SET status = 'sent', sent_at = ?, attempts = ?, "
			       "locked_until = NULL, last_error = '' WHERE id = ?", "tii", at, attempts, id);
	} else if (!rc) {
		bool give_up = o == PERMANENT || attempts >= MAIL_MAX_ATTEMPTS;
		int64_t wait = give_up ? 0 : MAIL_BACKOFF_S[attempts - 1];
		time_iso8601(now + wait, next);
		char e[MAIL_ERROR_MAX + 1];
		snprintf(e, sizeof e, "%s", why);
		rc = store_run(s, "UPDATE email_outbox SET status = ?, attempts = ?, last_error = ?, "
			       "next_attempt_at = ?, locked_until = NULL WHERE id = ?", "titti",
			       give_up ? "failed" : "queued", attempts, e, next, id);
	}
	if (!rc)
		rc = store_commit(s);
	if (rc)
		store_rollback(s);
	return rc;
}

/* Takes message id for this sender until the lock runs out; false when
 * another sender has it or it is no longer queued. */
static sn_err claim(store *s, int64_t id, int64_t now, bool *mine)
{
	char at[21], until[21];
	time_iso8601(now, at);
	time_iso8601(now + MAIL_LOCK_S, until);
	sn_err rc = store_begin_write(s);
	if (!rc)
		rc = store_run(s, "UPDATE email_outbox SET locked_until = ? WHERE id = ? AND status = 'queued' "
			       "AND (locked_until IS NULL OR locked_until <= ?)", "tit", until, id, at);
	*mine = !rc && store_changes(s) == 1;
	if (!rc)
		rc = store_commit(s);
	if (rc)
		store_rollback(s);
	return rc;
}

#define BATCH 100

sn_err mail_send_queued(store *s, const mail_smtp *c, bool retry_now, int64_t max, mail_stats *st,
			char *err, size_t err_size)
{
	memset(st, 0, sizeof *st);
	sn_err rc = mail_smtp_check(c, err, err_size);
	if (rc)
		return rc;
	smtp_conn sc;
	if (conn_open(&sc, c)) {
		snprintf(err, err_size, "cannot start libcurl");
		return SN_EINTERNAL;
	}
	buf msg;
	buf_init(&msg, MAIL_MESSAGE_MAX);
	int64_t last_id = 0, done = 0;
	bool stop = false;
	while (!rc && !stop) {
		int64_t ids[BATCH];
		size_t n = 0;
		char now[21];
		time_iso8601(time_now(), now);
		store_stmt *q = NULL;
		rc = store_query(s, &q, "SELECT id FROM email_outbox WHERE status = 'queued' AND id > ? "
				 "AND (? = 1 OR next_attempt_at <= ?) AND (locked_until IS NULL OR locked_until <= ?) "
				 "ORDER BY id LIMIT 100", "iitt", last_id, (int64_t)retry_now, now, now);
		bool row = true;
		while (!rc && n < BATCH && !(rc = store_step(q, &row)) && row)
			ids[n++] = store_col_i64(q, 0);
		store_done(q);
		if (rc || n == 0)
			break;
		for (size_t i = 0; i < n && !rc && !stop; i++) {
			last_id = ids[i];
			if (max > 0 && done >= max) {
				stop = true;
				break;
			}
			bool mine = false;
			rc = claim(s, ids[i], time_now(), &mine);
			if (rc || !mine)
				continue;
			store_stmt *m = NULL;
			rc = store_query(s, &m, "SELECT recipient, subject, body, message_id, created_at, attempts "
					 "FROM email_outbox WHERE id = ?", "i", ids[i]);
			row = false;
			if (!rc)
				rc = store_step(m, &row);
			if (rc || !row) {
				store_done(m);
				continue;
			}
			char to[MAIL_ADDR_MAX + 1], why[MAIL_ERROR_MAX + 1] = "";
			snprintf(to, sizeof to, "%s", store_col_text(m, 0));
			int64_t created = time_now(), attempts = store_col_i64(m, 5) + 1;
			time_parse_iso8601(store_col_text(m, 4), &created);
			mail_msg mm = {c->from, to, store_col_text(m, 1), store_col_text(m, 2),
				       store_col_text(m, 3), created};
			buf_reset(&msg);
			send_outcome o = mail_build(&mm, &msg, why, sizeof why) ? PERMANENT
				       : conn_send(&sc, to, &msg, why, sizeof why);
			store_done(m);
			done++;
			if (o == SENT)
				st->sent++;
			else if (o == PERMANENT || attempts >= MAIL_MAX_ATTEMPTS)
				st->failed++;
			else
				st->retry++;
			if (o != SENT && !st->first_error[0])
				snprintf(st->first_error, sizeof st->first_error, "%s", why);
			if (o == SERVER_DOWN)
				stop = true;
			rc = write_outcome(s, ids[i], attempts, o, why, time_now());
		}
	}
	buf_free(&msg);
	curl_easy_cleanup(sc.h);
	if (!rc)
		rc = store_one_i64(s, &st->waiting, "SELECT count(*) FROM email_outbox WHERE status = 'queued'", "");
	if (rc && !*err)
		snprintf(err, err_size, "the store failed: %s", store_errmsg(s));
	return rc;
}

/* ---- the server's background sender ---- */

static struct {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool running, stopping;
	char *db_loc, *url, *from, *user, *password;
	mail_smtp c;
	int64_t interval_s;
} sender = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static void *sender_main(void *unused)
{
	(void)unused;
	store *s = NULL;
	for (;;) {
		char err[256] = "";
		if (!s && store_open(sender.db_loc, false, &s, err, sizeof err)) {
			log_msg(LOG_WARN, "mail sender: cannot open the store: %s", err);
			s = NULL;
		}
		if (s) {
			mail_stats st;
			sn_err rc = mail_send_queued(s, &sender.c, false, 0, &st, err, sizeof err);
			if (rc) {
				log_msg(LOG_WARN, "mail sender: %s", err);
				store_close(s);
				s = NULL;
			} else if (st.sent || st.retry || st.failed) {
				log_msg(LOG_INFO, "mail sender: %lld sent, %lld to retry, %lld failed%s%s",
					(long long)st.sent, (long long)st.retry, (long long)st.failed,
					st.first_error[0] ? ": " : "", st.first_error);
			}
		}
		pthread_mutex_lock(&sender.lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)sender.interval_s;
		while (!sender.stopping && pthread_cond_timedwait(&sender.wake, &sender.lock, &until) == 0)
			;
		bool stop = sender.stopping;
		pthread_mutex_unlock(&sender.lock);
		if (stop)
			break;
	}
	store_close(s);
	return NULL;
}

static void sender_free(void)
{
	free(sender.db_loc);
	free(sender.url);
	free(sender.from);
	free(sender.user);
	free(sender.password);
	sender.db_loc = sender.url = sender.from = sender.user = sender.password = NULL;
}

sn_err mail_sender_start(const char *db_loc, const mail_smtp *c, int64_t interval_s)
{
	char err[256];
	if (sender.running || mail_smtp_check(c, err, sizeof err))
		return SN_EINPUT;
	sender.db_loc = xstrdup(db_loc);
	sender.url = xstrdup(c->url);
	sender.from = xstrdup(c->from);
	sender.user = c->user ? xstrdup(c->user) : NULL;
	sender.password = c->password ? xstrdup(c->password) : NULL;
	sender.c = *c;
	sender.c.url = sender.url;
	sender.c.from = sender.from;
	sender.c.user = sender.user;
	sender.c.password = sender.password;
	sender.interval_s = interval_s > 0 ? interval_s : 60;
	sender.stopping = false;
	/* The thread never takes the stop signals: the server waits for them
	 * in its main thread (sigwait). It inherits this mask. */
	sigset_t stop, old;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	int failed = pthread_create(&sender.thread, NULL, sender_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (failed) {
		sender_free();
		return SN_EINTERNAL;
	}
	sender.running = true;
	return SN_OK;
}

void mail_sender_stop(void)
{
	if (!sender.running)
		return;
	pthread_mutex_lock(&sender.lock);
	sender.stopping = true;
	pthread_cond_signal(&sender.wake);
	pthread_mutex_unlock(&sender.lock);
	pthread_join(sender.thread, NULL);
	sender.running = false;
	sender_free();
}
