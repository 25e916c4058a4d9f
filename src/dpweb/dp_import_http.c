/* A bank statement imported on the web, with a preview: the worker or the
 * person uploads the CSV (multipart/form-data); the preview shows every
 * row as new or already in the ledger, every bad row by its number, and
 * the columns read, with the mapping to change; "Confirm and import"
 * sends the same file back (base64url in the form, with its SHA-256 and
 * what the preview showed would be added), and imports exactly that, in
 * one transaction with the audit entry, or nothing. A second click, or
 * the same form sent again, imports nothing more (src/once, and the
 * ledger's fingerprints). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../once/once.h"
#include "dp_web.h"

_Static_assert(DP_IMPORT_BODY_MAX >= DP_FILE_BYTES_MAX / 3 * 4 + 8 + 64 * 1024,
	       "the import route's body cap holds a whole statement in base64url");

_Static_assert(DPW_PREVIEW_ROWS_SHOWN + 64 <= WEB_MAX_PAIRS_MANY,
	       "the confirm form holds a plan line for every row listed (ROUTE_MANY_FIELDS)");

static const char *const col_labels[DP_N_COLS] = {
	"Date", "Description", "Amount", "Paid in", "Paid out", "Balance", "Reference", "Plan line"};

/* The statement sent: an uploaded file, or the one a preview carried. */
typedef struct {
	const char *data;
	size_t len;
	const char *file_name;
	const char *encoded; /* base64url of data, for the preview's form */
} upload;

static sn_err upload_read(req *r, upload *u)
{
	memset(u, 0, sizeof *u);
	const web_file *f = req_file(r, "statement");
	if (f && (f->len || *f->filename)) {
		u->data = f->data;
		u->len = f->len;
		u->file_name = f->filename;
	} else {
		const char *enc = req_form(r, "statement_data");
		if (!*enc) {
			req_add_error(r, "statement", "Choose the bank statement to upload: a CSV file");
			return SN_EINPUT;
		}
		size_t n = strlen(enc), cap = n / 4 * 3 + 3, got = 0;
		unsigned char *bin = arena_alloc(r->a, cap + 1);
		if (sodium_base642bin(bin, cap, enc, n, NULL, &got, NULL,
				      sodium_base64_VARIANT_URLSAFE_NO_PADDING)) {
			req_add_error(r, "statement", "The statement could not be read again. Upload the file again");
			return SN_EINPUT;
		}
		u->data = (const char *)bin;
		u->len = got;
		u->file_name = req_form(r, "file_name");
		u->encoded = enc;
	}
	if (!u->len) {
		req_add_error(r, "statement", "The file you chose is empty. Choose the CSV file your bank gave you");
		return SN_EINPUT;
	}
	if (u->len > DP_FILE_BYTES_MAX) {
		req_add_error(r, "statement", "The file must be 5 MB or smaller");
		return SN_EINPUT;
	}
	if (strlen(u->file_name) > DPW_FILE_NAME_MAX)
		u->file_name = arena_strndup(r->a, u->file_name, DPW_FILE_NAME_MAX);
	if (!u->encoded) {
		size_t cap = sodium_base64_ENCODED_LEN(u->len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		char *enc = arena_alloc(r->a, cap);
		sodium_bin2base64(enc, cap, (const unsigned char *)u->data, u->len,
				  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		u->encoded = enc;
	}
	return SN_OK;
}

/* ---- the form ---- */

static sn_err show_form(req *r, reply *out, int status, const dpw_ctx *c)
{
	json_t *v = dpw_base_view(r, c);
	json_object_set_new(v, "map", json_string(req_form(r, "map")));
	return reply_page(out, status, "dp/import", "Import a bank statement", v);
}

/* Inside a transaction: the caller's right to write, audited as a read;
 * commits. *stop when a reply is made already. */
static sn_err reach_and_commit(req *r, reply *out, dpw_ctx *c, bool *stop)
{
	bool denied;
	*stop = false;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = dpw_reach(r, out, DPW_WRITE, c, &denied);
	if (rc || denied) {
		*stop = true;
		return rc ? rc : store_commit(r->db);
	}
	if (!c->has_account) {
		*stop = true;
		return dpw_no_account(r, out, c);
	}
	rc = dpw_audit(r, c, "dp.read");
	if (!rc)
		rc = store_commit(r->db);
	*stop = rc != SN_OK;
	return rc;
}

sn_err dp_page_import_form(req *r, reply *out)
{
	dpw_ctx c;
	bool stop;
	sn_err rc = reach_and_commit(r, out, &c, &stop);
	return rc || stop ? rc : show_form(r, out, 200, &c);
}

/* ---- the preview ---- */

static json_t *mapping_view(const dp_statement *st)
{
	json_t *a = json_array();
	for (int k = 0; k < DP_N_COLS; k++)
		if (st->map.col[k] >= 0)
			json_array_append_new(a, json_pack("{sssssssIsb}", "key", dp_col_key((dp_col)k),
				"label", col_labels[k], "heading", st->map.heading[k], "column",
				(json_int_t)st->map.col[k] + 1, "guessed", st->map.guessed[k]));
	return a;
}

/* ---- the plan line chosen for each new spend ----
 * The preview gives each listed row that is a new spend (money out, not
 * in the ledger) a select, field line_<row>: the plan in force's
 * direct-payment lines or "" (not against a line of the plan). The
 * confirm sends them back; they are checked against the plan in force in
 * the import's transaction. The digest (dp_import_digest) covers the file
 * and its new rows' fingerprints, which have no line in them, so the
 * choice never breaks it; a row with no field (not listed, or money in)
 * keeps the line the statement names. */

static const char *line_field_name(req *r, const dp_row *x)
{
	return arena_printf(r->a, "line_%lld", (long long)x->row);
}

static size_t rows_listed(const dp_statement *st)
{
	return st->n_rows < DPW_PREVIEW_ROWS_SHOWN ? st->n_rows : DPW_PREVIEW_ROWS_SHOWN;
}

/* The line sent for each listed row (trimmed; NULL when the form has no
 * field for it), in one pass over the form: rows are in file order, so a
 * field's row is found by halving. Array in r's arena. */
static const char **lines_sent(req *r, const dp_statement *st)
{
	size_t n = rows_listed(st);
	const char **sent = arena_alloc(r->a, (n + 1) * sizeof *sent);
	memset(sent, 0, (n + 1) * sizeof *sent);
	for (size_t k = 0; k < r->form.n; k++) {
		int64_t row;
		const kv *f = &r->form.items[k];
		if (strncmp(f->name, "line_", 5) || str_to_i64(f->name + 5, 1, INT64_MAX, &row))
			continue;
		size_t lo = 0, hi = n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (st->rows[mid].row < row)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < n && st->rows[lo].row == row && !sent[lo])
			sent[lo] = str_trim(arena_strdup(r->a, f->value));
	}
	return sent;
}

/* A value a select may send: "" or a line of the plan in force. */
static bool line_ok(const dpw_ctx *c, const char *v)
{
	return !*v || dpw_line_what(c, v);
}

static const char *line_error(req *r, const dp_row *x)
{
	return arena_printf(r->a, "Row %lld: the line chosen is not a line of the plan in force. "
			    "Choose one of its lines, or “Not against a line of the plan”",
			    (long long)x->row);
}

/* Checks the lines sent for the listed spends (duplicates or not: a
 * duplicate is not written; the preview shown again names the bad ones);
 * when all are good, puts each on its row, to be written with it. Returns
 * how many were bad. */
static size_t lines_apply(req *r, const dpw_ctx *c, dp_statement *st)
{
	const char **sent = lines_sent(r, st);
	size_t bad = 0, n = rows_listed(st);
	for (size_t i = 0; i < n; i++)
		bad += st->rows[i].amount_pence < 0 && sent[i] && !line_ok(c, sent[i]);
	for (size_t i = 0; !bad && i < n; i++)
		if (st->rows[i].amount_pence < 0 && sent[i])
			snprintf(st->rows[i].line, sizeof st->rows[i].line, "%s", sent[i]);
	return bad;
}

/* The select's line for a new spend: what the form sent when it is good
 * (the preview shown again), else the statement's line when the plan in
 * force has it, else none. */
static const char *line_default(const dpw_ctx *c, const dp_row *x, const char *sent)
{
	if (sent && line_ok(c, sent))
		return sent;
	return dpw_line_what(c, x->line) ? x->line : "";
}

static json_t *rows_view(req *r, const dpw_ctx *c, const dp_statement *st)
{
	json_t *a = json_array();
	const char **sent = lines_sent(r, st);
	for (size_t i = 0; i < rows_listed(st); i++) {
		const dp_row *x = &st->rows[i];
		int64_t v = x->amount_pence;
		json_t *o = json_pack("{sIsssssssssssssbss}", "row", (json_int_t)x->row,
			"on_date", x->on_date, "date", time_uk_day(r->a, x->on_date), "description",
			x->description, "money_in", v > 0 ? money_pence_text(r->a, v) : "", "money_out",
			v < 0 ? money_pence_text(r->a, -v) : "", "line_text",
			dpw_entry_line_text(r, c, x->line), "duplicate", x->duplicate, "status",
			x->duplicate ? "Already in the ledger" : "New");
		bool choose = !x->duplicate && v < 0;
		json_object_set_new(o, "choose_line", json_boolean(choose));
		if (choose) {
			const char *line = line_default(c, x, sent[i]);
			json_object_set_new(o, "field", json_string(line_field_name(r, x)));
			json_object_set_new(o, "line", json_string(line));
			json_object_set_new(o, "label", json_string(arena_printf(r->a,
				"Plan line for row %lld, %s, %s, %s out", (long long)x->row,
				time_uk_day(r->a, x->on_date), x->description, money_pence_text(r->a, -v))));
			json_object_set_new(o, "lines", dpw_line_options(r, c, line));
			if (sent[i] && !line_ok(c, sent[i])) {
				json_object_set_new(o, "error", json_string(line_error(r, x)));
				req_add_error(r, line_field_name(r, x), line_error(r, x));
			}
		}
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *problems_view(req *r, const dp_statement *st)
{
	json_t *a = json_array();
	if (st->error[0])
		json_array_append_new(a, json_pack("{sIss}", "row", (json_int_t)0, "text",
			arena_printf(r->a, "The file could not be read as a bank statement: %s.",
				     st->error)));
	for (size_t i = 0; i < st->n_problems; i++) {
		/* "row 3: ..." as a sentence: "Row 3: ..." */
		char *t = arena_strdup(r->a, st->problems[i].text);
		if (*t >= 'a' && *t <= 'z')
			*t = (char)(*t - 'a' + 'A');
		json_array_append_new(a, json_pack("{sIss}", "row", (json_int_t)st->problems[i].row,
			"text", t));
	}
	if (st->n_more)
		json_array_append_new(a, json_pack("{sIss}", "row", (json_int_t)0, "text",
			arena_printf(r->a, "And %s more.", text_count(r->a, st->n_more, "bad row",
								   "bad rows"))));
	return a;
}

/* The preview of u (a dry run, nothing written); note: why the preview
 * is shown again (NULL when it is the first). */
static sn_err preview(req *r, reply *out, const dpw_ctx *c, const upload *u, const char *note)
{
	dp_import_report rep;
	const char *map = req_form(r, "map");
	dp_import_opts o = {.spec = map, .file_name = u->file_name, .dry_run = true,
			    .user = r->user, .basis = c->basis};
	sn_err rc = dp_import(r->db, &c->acct, u->data, u->len, &o, r->a, &rep);
	if (rc && rc != SN_EINPUT && rc != SN_ETOOBIG)
		return rc;
	const dp_statement *st = &rep.st;
	char digest[65] = "";
	if (!rc)
		dp_import_digest(st, digest);
	json_t *v = dpw_base_view(r, c);
	json_t *p = json_pack("{sssssIsssssbsbsIsIsIsIsIsIsI}", "file_name", u->file_name,
		"sha256", st->sha256, "bytes", (json_int_t)u->len, "size",
		u->len < 1024 ? text_count(r->a, (int64_t)u->len, "byte", "bytes")
			      : arena_printf(r->a, "%zu KB", (u->len + 1023) / 1024),
		"digest", digest, "readable", rc == SN_OK, "cp1252", st->cp1252, "header_row",
		(json_int_t)st->header_row, "rows", (json_int_t)st->n_rows, "new",
		(json_int_t)(rc ? 0 : rep.added), "duplicates", (json_int_t)(rc ? 0 : rep.duplicates),
		"bad_rows", (json_int_t)st->bad_rows, "blank_rows", (json_int_t)st->blank_rows,
		"zero_rows", (json_int_t)st->zero_rows);
	json_object_set_new(p, "first_date", json_string(time_uk_day(r->a, st->first_date)));
	json_object_set_new(p, "last_date", json_string(time_uk_day(r->a, st->last_date)));
	json_object_set_new(p, "can_import", json_boolean(rc == SN_OK && rep.added > 0));
	json_object_set_new(p, "nothing_new", json_boolean(rc == SN_OK && rep.added == 0));
	json_object_set_new(p, "mapping", mapping_view(st));
	json_object_set_new(p, "row_list", rc ? json_array() : rows_view(r, c, st));
	/* A page of every row of a 20,000-row statement would be too big to
	 * send with the statement itself: the first DPW_PREVIEW_ROWS_SHOWN are
	 * listed, all are counted (and all are imported). */
	json_object_set_new(p, "rows_not_listed", json_integer(!rc && st->n_rows > DPW_PREVIEW_ROWS_SHOWN
		? (json_int_t)(st->n_rows - DPW_PREVIEW_ROWS_SHOWN) : 0));
	json_object_set_new(p, "problems", problems_view(r, st));
	json_object_set_new(p, "statement_data", json_string(u->encoded));
	json_object_set_new(v, "preview", p);
	json_object_set_new(v, "map", json_string(map));
	json_object_set_new(v, "note", note ? json_string(note) : json_null());
	json_object_set_new(v, "form_id", json_string(once_form_id(r)));
	if (rc) {
		json_t *errs = json_array();
		json_t *probs = json_object_get(p, "problems");
		size_t i;
		json_t *x;
		json_array_foreach(probs, i, x)
			json_array_append_new(errs, json_pack("{ssss}", "field", "statement", "message",
				json_string_value(json_object_get(x, "text"))));
		json_object_set_new(v, "errors", errs);
	} else if (r->errors) {
		json_object_set(v, "errors", r->errors);
	}
	return reply_page(out, rc || r->errors ? 400 : 200, "dp/preview", "Check the statement before you import it", v);
}

/* ---- the import ---- */

static sn_err import_confirmed(req *r, reply *out, dpw_ctx *c, const upload *u)
{
	dp_import_report rep;
	memset(&rep, 0, sizeof rep);
	const char *map = req_form(r, "map");
	if (dp_statement_read(u->data, u->len, map, r->a, &rep.st))
		return preview(r, out, c, u, NULL);
	bool done, denied;
	sn_err rc = store_begin_write(r->db);
	if (!rc)
		rc = once_check(r, out, &done);
	if (rc || done)
		return rc;
	rc = dpw_reach(r, out, DPW_WRITE, c, &denied);
	if (rc || denied)
		return rc ? rc : store_commit(r->db);
	if (!c->has_account)
		return dpw_no_account(r, out, c);
	/* The lines chosen, against the plan in force now (read in this
	 * transaction): a bad one refuses the whole import. */
	if (lines_apply(r, c, &rep.st)) {
		store_rollback(r->db);
		return preview(r, out, c, u, "Nothing has been imported. Choose a line of the plan "
			       "for each row named, then import it.");
	}
	dp_import_opts o = {.spec = map, .file_name = u->file_name, .user = r->user,
			    .basis = c->basis, .expect_new = req_form(r, "digest")};
	rc = dp_import_in_txn(r->db, &c->acct, &o, r->a, &rep);
	if (rc == SN_ECONFLICT) {
		store_rollback(r->db);
		return preview(r, out, c, u, "Rows were added to the ledger since your preview, so "
			       "nothing has been imported yet. Check the preview again.");
	}
	return once_finish(r, out, rc, rep.import_id
		? dpw_href(r, c, arena_printf(r->a, "?imported=%lld#ledger", (long long)rep.import_id))
		: dpw_href(r, c, "?done=nothing"));
}

sn_err dp_page_import(req *r, reply *out)
{
	dpw_ctx c;
	bool stop;
	sn_err rc = reach_and_commit(r, out, &c, &stop);
	if (rc || stop)
		return rc;
	upload u;
	if (strlen(req_form(r, "map")) > DPW_MAP_MAX)
		req_add_error(r, "map", "The column mapping must be 1,000 characters or fewer");
	if (upload_read(r, &u) || r->errors)
		return show_form(r, out, 400, &c);
	if (strcmp(req_form(r, "action"), "import"))
		return preview(r, out, &c, &u, NULL);
	char sha[65];
	sha256_hex(u.data, u.len, sha);
	if (strcmp(sha, req_form(r, "sha256")))
		return preview(r, out, &c, &u, "The statement is not the one previewed. Check this preview, then import it.");
	if (strcmp(req_form(r, "map"), req_form(r, "previewed_map")))
		return preview(r, out, &c, &u, "You changed the column mapping, so nothing has been imported yet. Check the preview with the new mapping, then import it.");
	return import_confirmed(r, out, &c, &u);
}
