/* The timebank (docs/timebank.md), the pure part: the ledger's rules (a
 * transfer's entries, the credit check, reversals, the verification walk
 * over every entry), statements' running balances, who counts as active,
 * minutes as people read them, and the inter-bank file (read with limits
 * and a checksum, written). No I/O: the store (tb_store.h) keeps members,
 * exchanges and the ledger; tb_act.h does what a member or a coordinator
 * asks; the pages (tb_pages.h) show it.
 *
 * Sign convention: an entry's minutes are credited to its account when
 * positive. An exchange's transfer gives the giver's account +minutes and
 * the receiver's -minutes; a balance is the sum of the account's entries,
 * positive for time in hand. Every transfer sums to zero, so the ledger
 * does too. */
#ifndef SN_TIMEBANK_H
#define SN_TIMEBANK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"

/* ---- limits on what people type ---- */
#define TB_MINUTES_MAX (24 * 60)      /* one exchange */
#define TB_LIMIT_MAX (100 * 60)       /* a credit limit: at most 100 hours below zero */
#define TB_DESC_MAX 200               /* an exchange's short description */
#define TB_TITLE_MAX 100              /* an offer or need */
#define TB_DETAILS_MAX 1000
#define TB_MESSAGE_MAX 1000           /* a contact request and its reply */
#define TB_REASON_MIN 10              /* a reversal's reason */
#define TB_REASON_MAX 500
#define TB_INACTIVE_DAYS 90           /* no exchange in this long: inactive */
#define TB_ENTRY_ABS_MAX 1000000000LL /* an entry's minutes, as verify accepts them */

/* ---- the ledger ---- */
typedef struct {
	int64_t account; /* tb_accounts.id */
	int64_t minutes; /* credited when positive */
} tb_entry;

/* The two entries of time given by the owner of giver to the owner of
 * receiver: giver +minutes, receiver -minutes. SN_EINPUT for minutes
 * outside 1..TB_ENTRY_ABS_MAX or one account on both sides. */
sn_err tb_transfer_entries(int64_t giver, int64_t receiver, int64_t minutes, tb_entry out[static 2]);
/* Whether entries make a transfer: two or more, none zero or past
 * TB_ENTRY_ABS_MAX, summing to zero. */
bool tb_balanced(const tb_entry *e, size_t n);
/* The entries that undo orig (each negated, same accounts): SN_EINPUT
 * when orig is not balanced. */
sn_err tb_reversal_entries(const tb_entry *orig, size_t n, tb_entry *out);
/* The credit check: whether an account with balance may pay minutes
 * (have them taken off) when it has a credit limit (limit minutes below
 * zero) or none (has_limit false: always). */
bool tb_credit_ok(int64_t balance, int64_t minutes, bool has_limit, int64_t limit);

/* ---- the verification walk ----
 * Rows come in ascending transfer id: one per entry (has_entry), one for a
 * transfer without entries (has_entry false), and entries whose transfer
 * does not exist (transfer_exists false). The first transfer (lowest id)
 * that breaks a rule is kept. */
typedef enum {
	TB_FAULT_NONE,
	TB_FAULT_UNBALANCED, /* its entries do not sum to zero */
	TB_FAULT_TOO_FEW,    /* fewer than two entries */
	TB_FAULT_NO_TRANSFER,/* entries point at a transfer that is not there */
	TB_FAULT_BAD_ENTRY,  /* an entry of zero, or past TB_ENTRY_ABS_MAX */
	TB_FAULT_TOTAL       /* the whole ledger does not sum to zero */
} tb_fault;
typedef struct {
	int64_t transfers, entries, moved, total; /* moved: the positive entries summed */
	tb_fault fault;
	int64_t bad_id, bad_sum, bad_entries;     /* the first transfer that breaks it */
	/* the transfer being read */
	bool open, cur_exists, cur_bad_entry;
	int64_t cur, cur_sum, cur_n;
} tb_walk;
void tb_walk_init(tb_walk *w);
/* SN_EINPUT when rows come out of order (a bug in the caller's query). */
sn_err tb_walk_row(tb_walk *w, int64_t transfer_id, bool transfer_exists, bool has_entry, int64_t minutes);
/* Closes the last transfer and checks the whole ledger's sum. */
void tb_walk_end(tb_walk *w);
const char *tb_fault_words(tb_fault f); /* "its entries sum to 30, not 0" style stem */

/* ---- statements, activity, words ---- */
/* Running balances for a statement read newest first: after[0] is the
 * balance after the newest entry (given), each next one the balance
 * before the entry above it. */
void tb_running(int64_t after_newest, const int64_t *minutes, size_t n, int64_t *after);
/* Day number (days since 1970-01-01) of "YYYY-MM-DD", or -1 when it is
 * not a real date from 1900 to 2199; and back. */
int64_t tb_day(const char *ymd);
void tb_day_format(int64_t day, char out[static 11]);
/* Whether a member whose last exchange was on last_day (-1: never) is
 * active on today: within TB_INACTIVE_DAYS. */
bool tb_active(int64_t last_day, int64_t today);
/* "1 hour 30 minutes", "45 minutes", "minus 2 hours", "0 minutes"; from a. */
const char *tb_minutes_text(arena *a, int64_t minutes);
/* Minutes as typed: "90" or hours and minutes "1:30"; SN_EINPUT else,
 * SN_ETOOBIG past max. */
sn_err tb_minutes_parse(const char *s, int64_t max, int64_t *out);

/* ---- the inter-bank file ----
 * {"format": "supportnet-timebank/1", "from_bank", "to_bank", "created_at",
 *  "transfers": [{"uuid", "from_member", "to_member", "minutes",
 *  "category", "done_on", "description"}], "checksum"}: the transfers from
 * members of from_bank to members of to_bank (credited there from the
 * inter-bank account for from_bank). checksum is the SHA-256 (hex) of the
 * netstrings of format, from_bank, to_bank, created_at and each
 * transfer's fields in that order: it finds a damaged or edited file, it
 * does not prove who made it. */
#define TB_FILE_FORMAT "supportnet-timebank/1"
#define TB_FILE_MAX (1024 * 1024)
#define TB_FILE_TRANSFERS_MAX 5000
#define TB_CODE_MAX 16
#define TB_CATEGORY_KEY_MAX 32
typedef struct {
	char uuid[37], from_member[37], to_member[37];
	int64_t minutes;
	char category[TB_CATEGORY_KEY_MAX + 1];
	char done_on[11];
	char description[TB_DESC_MAX + 1];
} tb_ib_transfer;
typedef struct {
	char from_bank[TB_CODE_MAX + 1], to_bank[TB_CODE_MAX + 1];
	char created_at[21];
	size_t n;
	tb_ib_transfer *t; /* from the arena */
} tb_ib_file;
/* A bank's code: 2 to TB_CODE_MAX capital letters and digits. */
bool tb_code_ok(const char *code);
/* Reads a file of at most TB_FILE_MAX bytes. SN_EINPUT (SN_ETOOBIG past
 * a limit) with the field named in err ("transfers[2].minutes: ..."). */
sn_err tb_ib_parse(const char *text, size_t len, arena *a, tb_ib_file *out, char *err, size_t err_size);
void tb_ib_checksum(const tb_ib_file *f, char out[static 65]);
/* The file's text (with its checksum), malloc'd; NULL when f breaks a
 * limit. */
char *tb_ib_write(const tb_ib_file *f);

#endif
