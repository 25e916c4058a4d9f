/* What members and coordinators do with the ledger, through the store and
 * the rules (tb_act.c): confirm or decline an exchange (the credit check),
 * reverse a transfer, send minutes to a member of a partner bank, and the
 * inter-bank file's export and import. The pages, the command line and the
 * demo all come here. Unless said otherwise each runs inside the caller's
 * write transaction, and the caller audits. A refusal's reason goes into
 * err (a sentence for the person, naming the field where there is one). */
#ifndef SN_TB_ACT_H
#define SN_TB_ACT_H

#include "tb_store.h"

/* Confirms a pending exchange: the receiver's credit check, then the
 * transfer (giver +minutes, receiver -minutes) and the exchange marked
 * confirmed with it. SN_ECONFLICT (err) when the receiver would go past
 * their credit limit or it is no longer pending: then nothing changed. */
sn_err tb_confirm(store *s, const tb_exchange *x, int64_t by_user, const char *now, arena *a, int64_t *transfer_id,
		  char *err, size_t err_size);
/* Reverses an exchange's transfer with a reason (TB_REASON_MIN to
 * TB_REASON_MAX bytes): a new transfer with every entry negated that
 * points at it. No credit check: it puts a mistake right. SN_EINPUT for
 * the reason, SN_ENOTFOUND, SN_ECONFLICT for a transfer that is a
 * reversal, inter-bank, or reversed already. */
sn_err tb_reverse(store *s, const char *transfer_uuid, const char *reason, int64_t by_user, const char *now,
		  const char *today, arena *a, char uuid[static 37], char *err, size_t err_size);
/* from pays minutes to remote_member (a member's uuid at partner): from's
 * account -minutes, the inter-bank account +minutes; the next export
 * carries it. The credit check as for an exchange. */
typedef struct {
	int64_t minutes, category_id, by_user;
	const char *remote_member, *done_on, *description, *now;
} tb_send;
sn_err tb_send_interbank(store *s, const tb_member *from, const tb_partner *p, const tb_send *x, arena *a,
			 char uuid[static 37], char *err, size_t err_size);

/* The file of every transfer sent to the partner with code (malloc'd
 * text in *text, *count transfers). Reads only. */
sn_err tb_export(store *s, const char *code, const char *now, arena *a, char **text, int64_t *count, char *err,
		 size_t err_size);
/* Imports a file in its own write transaction, all or nothing: each
 * transfer not yet imported credits its member here from the inter-bank
 * account for the bank it came from; one already imported (its uuid) is
 * skipped, so a file imported twice changes nothing. dry_run checks and
 * counts, then rolls back. Audited as "system". */
sn_err tb_import(store *s, const char *text, size_t len, bool dry_run, const char *now, arena *a, int64_t *added,
		 int64_t *skipped, char *err, size_t err_size);

#endif
