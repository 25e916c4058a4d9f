/* Email: building a plain-text message (RFC 5322 headers, RFC 2047
 * subjects), the outbox table (schema/.../0009_outbox.sql) and sending what
 * is queued through libcurl's SMTP, with retries and backoff. The program's
 * only way to send mail: features queue, `supportnet mail` (or the server's
 * sender thread) sends. */
#ifndef SN_MAIL_H
#define SN_MAIL_H

#include "../base/base.h"
#include "../store/store.h"

/* Limits, checked when a message is queued. */
#define MAIL_ADDR_MAX 254         /* bytes of an address (RFC 5321) */
#define MAIL_LOCAL_MAX 64         /* bytes before the @ */
#define MAIL_SUBJECT_MAX 200      /* bytes of a subject */
#define MAIL_BODY_MAX (64u * 1024u) /* bytes of a body */
#define MAIL_LINE_MAX 998         /* bytes of one body line (RFC 5322) */
#define MAIL_MESSAGE_MAX (MAIL_BODY_MAX + 16u * 1024u) /* a built message */
#define MAIL_ERROR_MAX 400        /* bytes of last_error kept */

/* Sending: tries before a message is given up as failed, and the wait
 * after the n-th failed try (MAIL_BACKOFF_S[n-1] seconds). */
#define MAIL_MAX_ATTEMPTS 6
extern const int64_t MAIL_BACKOFF_S[MAIL_MAX_ATTEMPTS - 1];
/* A sender holds a message this long while it sends it (so two senders
 * never send the same one; a crashed sender's messages come back). */
#define MAIL_LOCK_S 600

/* True for an address SupportNet will send to: ASCII, a dot-atom local
 * part (letters, digits and !#$%&'*+-/=?^_`{|}~, dots between), an @, and
 * a domain of two or more labels of letters, digits and inner hyphens.
 * No quoted local parts, no address literals, no display names, no spaces
 * or line breaks (so nothing can be injected into a header or an SMTP
 * command). */
bool mail_addr_ok(const char *addr);

/* True for a subject that can be queued: valid UTF-8 of 1 to
 * MAIL_SUBJECT_MAX bytes with no control characters (no CR or LF). */
bool mail_subject_ok(const char *subject);

/* Checks a body: valid UTF-8, at most MAIL_BODY_MAX bytes, no control
 * characters but LF, CR and TAB, lines of at most MAIL_LINE_MAX bytes.
 * SN_EINPUT / SN_ETOOBIG with a one-line reason in err. */
sn_err mail_body_check(const char *body, char *err, size_t err_size);

/* The subject as a header value: as it is when printable ASCII, else
 * RFC 2047 encoded words ("=?UTF-8?B?...?=", each at most 75 bytes, split
 * between characters, folded with CRLF SP). Appends to out. */
sn_err mail_encode_subject(const char *subject, buf *out);

/* "Mon, 23 Nov 2026 10:46:23 +0000" (RFC 5322 date) into out. */
void mail_date(int64_t t, char out[static 32]);

typedef struct {
	const char *from, *to, *subject, *body; /* body: "\n" or "\r\n" line ends */
	const char *message_id;                 /* "<id@domain>" */
	int64_t date;                           /* seconds since the epoch */
} mail_msg;

/* The whole message, headers and body, with CRLF line ends, ready for
 * SMTP DATA (dot-stuffing is libcurl's). Checks every part first (the
 * rules above): SN_EINPUT / SN_ETOOBIG with a reason in err. The caller
 * inits out (a cap of MAIL_MESSAGE_MAX is enough) and frees it. */
sn_err mail_build(const mail_msg *m, buf *out, char *err, size_t err_size);

/* ---- the outbox ---- */

/* The domain for Message-IDs from where SupportNet is served: the host of
 * base_url ("https://support.example:8443/x" -> "support.example"), or
 * "supportnet.invalid" when it has none. */
void mail_domain_of(const char *base_url, char out[static 256]);

/* Queues one message. dedup_key (NULL for none) makes it happen once:
 * when a message with that key exists, nothing is queued and *queued is
 * false. topic (NULL for none) says what it is about, for reports. The
 * recipient is stored in lower case; the Message-ID is made here, with
 * the domain of id_domain. Checks the address, subject and body (SN_EINPUT
 * / SN_ETOOBIG with a reason in err). Runs inside the caller's write
 * transaction, if any. */
sn_err mail_queue(store *s, const char *dedup_key, const char *topic, const char *to,
		  const char *subject, const char *body, const char *id_domain, bool *queued,
		  char *err, size_t err_size);

/* How to reach the SMTP server. */
typedef struct {
	const char *url;      /* smtp://host[:port] or smtps://host[:port] */
	const char *from;     /* the envelope and From: address */
	const char *user;     /* NULL: no authentication */
	const char *password;
	bool starttls;        /* smtp:// only: require STARTTLS */
	bool insecure;        /* do not verify the server's certificate (tests only) */
	long timeout_s;       /* per message, connection included; 0: 60 */
} mail_smtp;

/* Checks a configuration: the URL's scheme and host (no path, no spaces),
 * the from address, STARTTLS only with smtp://. SN_EINPUT with a reason. */
sn_err mail_smtp_check(const mail_smtp *c, char *err, size_t err_size);

typedef struct {
	int64_t sent;         /* delivered to the server */
	int64_t retry;        /* failed this time, will be tried again */
	int64_t failed;       /* failed for good this time (5xx, or out of tries) */
	int64_t waiting;      /* still queued after the run (to retry, or not due yet) */
	char first_error[MAIL_ERROR_MAX + 1]; /* the first failure's reason */
} mail_stats;

/* Sends queued messages whose time has come (every queued one with
 * retry_now), at most max (0: no limit), over one connection where the
 * server allows. Each message is locked while it is sent, then marked sent
 * (sent_at), or its attempts go up with last_error and the next try is put
 * off by the backoff; a 5xx answer or the last try marks it failed.
 * SN_OK unless the store failed (SMTP failures are counted in st). */
sn_err mail_send_queued(store *s, const mail_smtp *c, bool retry_now, int64_t max, mail_stats *st,
			char *err, size_t err_size);

/* A background sender for the server: every interval_s seconds (and at
 * once) opens its own connection to db_loc and sends what is queued. The
 * configuration is copied. mail_sender_stop ends it (waits for the message
 * in hand) and is safe to call when none was started. */
sn_err mail_sender_start(const char *db_loc, const mail_smtp *c, int64_t interval_s);
void mail_sender_stop(void);

#endif
