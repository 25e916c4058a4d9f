/* A bank statement CSV read into checked rows (pure): libcsv cuts the file
 * into cells, the header row and a column mapping (given, guessed or
 * both) say which cell is which, and each row's date and amounts are read
 * as UK banks write them, into integer pence. Any bad row is named by its
 * row number; the caller then imports nothing (docs/direct-payments.md). */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dp_int.h"

const char *dp_col_key(dp_col c)
{
	static const char *const keys[DP_N_COLS] = {"date",    "description", "amount",
						    "in",      "out",         "balance",
						    "reference", "line"};
	return (unsigned)c < DP_N_COLS ? keys[c] : "";
}

/* The headings each column is guessed from, most likely first, as
 * heading_norm makes them ("Paid in (£)" is "paid in"). Data: a bank whose
 * headings are not here is read with a given mapping. */
static const char *const aliases[DP_N_COLS][9] = {
	[DP_COL_DATE] = {"date", "transaction date", "posting date", "posted date",
			 "completed date", "value date"},
	[DP_COL_DESCRIPTION] = {"description", "transaction description", "details",
				"transaction details", "memo", "narrative", "payee", "name"},
	[DP_COL_AMOUNT] = {"amount", "value", "transaction amount"},
	[DP_COL_IN] = {"paid in", "money in", "credit", "credits", "credit amount", "in",
		       "receipts"},
	[DP_COL_OUT] = {"paid out", "money out", "debit", "debits", "debit amount", "out",
			"payments"},
	[DP_COL_BALANCE] = {"balance", "running balance", "account balance"},
	[DP_COL_REFERENCE] = {"reference", "ref", "transaction reference", "payment reference"},
	[DP_COL_LINE] = {"plan line", "budget line", "line"},
};

/* ---- problems ---- */

/* Cuts a sequence that snprintf left incomplete at the end of s. */
static void utf8_tidy(char *s)
{
	size_t n = strlen(s), i = n, back = 0;
	while (i > 0 && back < 3 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--, back++;
	if (!i || (unsigned char)s[i - 1] < 0xC0)
		return;
	unsigned char lead = (unsigned char)s[i - 1];
	size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
	if (n - (i - 1) < len)
		s[i - 1] = 0;
}

static void problem(dp_statement *st, int64_t row, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void problem(dp_statement *st, int64_t row, const char *field, const char *fmt, ...)
{
	if (st->n_problems >= DP_PROBLEMS_KEPT) {
		st->n_more++;
		return;
	}
	dp_problem *p = &st->problems[st->n_problems++];
	p->row = row;
	p->field = field;
	int n = row ? snprintf(p->text, sizeof p->text, "row %lld: ", (long long)row) : 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->text + n, sizeof p->text - (size_t)n, fmt, ap);
	va_end(ap);
	utf8_tidy(p->text);
}

static sn_err refuse(dp_statement *st, sn_err e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static sn_err refuse(dp_statement *st, sn_err e, const char *fmt, ...)
{
	if (!st->error[0]) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(st->error, sizeof st->error, fmt, ap);
		va_end(ap);
		utf8_tidy(st->error);
	}
	return e;
}

/* Control characters (C0, DEL and C1, which a terminal may obey) as '?',
 * in place: what a file says is shown, never acted on. s is UTF-8. */
static char *printable(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7F) {
			*p = '?';
		} else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			p[0] = '?';
			p[1] = '?';
		}
	}
	return s;
}

/* A cell as it may be quoted in a problem: at most 40 characters (cut at a
 * character's start), printable, into out. */
static const char *clip(const char *s, char out[static 64])
{
	size_t n = strlen(s);
	if (n <= 40) {
		snprintf(out, 64, "%s", s);
		return printable(out);
	}
	size_t k = 40;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	snprintf(out, 64, "%.*s...", (int)k, s);
	return printable(out);
}

/* ---- text ---- */

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 when invalid
 * (overlong forms, surrogates and code points past U+10FFFF included). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
	if (!len || len > n || s[0] > 0xF4)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||
	    (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
		return 0;
	return len;
}

static bool utf8_valid(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(s + i, n - i);
		if (!k)
			return false;
		i += k;
	}
	return true;
}

/* A file that is not UTF-8 is read as Windows-1252 (what spreadsheets on
 * Windows save: "£" is the byte A3). Into a; *out_len set. */
static char *from_cp1252(const unsigned char *s, size_t n, arena *a, size_t *out_len)
{
	static const unsigned short c1[32] = {
		0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
		0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
	char *out = arena_alloc(a, n * 3 + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned cp = s[i] >= 0x80 && s[i] < 0xA0 ? c1[s[i] - 0x80] : s[i];
		if (cp < 0x80) {
			out[k++] = (char)cp;
		} else if (cp < 0x800) {
			out[k++] = (char)(0xC0 | (cp >> 6));
			out[k++] = (char)(0x80 | (cp & 0x3F));
		} else {
			out[k++] = (char)(0xE0 | (cp >> 12));
			out[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			out[k++] = (char)(0x80 | (cp & 0x3F));
		}
	}
	*out_len = k;
	return out;
}

/* Control characters (C0, DEL, C1) become spaces, runs of spaces one, ends
 * trimmed: in place; returns s (UTF-8). */
static char *squeeze(char *s)
{
	char *w = s;
	bool space = true; /* drops leading spaces */
	for (const char *r = s; *r; r++) {
		unsigned char c = (unsigned char)*r;
		if (c == 0xC2 && (unsigned char)r[1] >= 0x80 && (unsigned char)r[1] <= 0x9F) {
			r++; /* a C1 control: two bytes, one space */
			c = ' ';
		}
		bool sp = c < 0x20 || c == 0x7F || c == ' ';
		if (sp) {
			if (!space)
				*w++ = ' ';
			space = true;
		} else {
			*w++ = (char)c;
			space = false;
		}
	}
	if (w > s && w[-1] == ' ')
		w--;
	*w = 0;
	return s;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* A heading as the aliases are written: ASCII letters lower-cased, digits
 * kept, everything else a single space, a trailing "gbp" dropped. */
static void heading_norm(const char *s, char *out, size_t size)
{
	size_t k = 0;
	bool space = true;
	for (; *s && k + 1 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			out[k++] = (char)c;
			space = false;
		} else if (c >= 'A' && c <= 'Z') {
			out[k++] = (char)(c - 'A' + 'a');
			space = false;
		} else if (!space) {
			out[k++] = ' ';
			space = true;
		}
	}
	while (k && out[k - 1] == ' ')
		k--;
	out[k] = 0;
	if (k > 4 && strcmp(out + k - 4, " gbp") == 0)
		out[k - 4] = 0;
}

/* ---- the file as records of cells ---- */

typedef struct {
	char **cells;
	size_t n;
	int64_t row;
} record;

typedef struct {
	arena *a;
	dp_statement *st;
	record *recs;
	size_t n_recs, cap;
	char *cells[DP_COLS_MAX];
	size_t n_cells;
	int64_t row;   /* records ended so far */
	int last_term; /* what ended the last record ('\r' then '\n' is one end) */
	sn_err fatal;
} reader;

/* libcsv grows its field buffer without limit: refusing to grow it past
 * the field limit bounds the memory a hostile file can take. */
static void *capped_realloc(void *p, size_t n)
{
	return n > DP_FIELD_MAX + 2 ? NULL : realloc(p, n);
}

static void on_field(void *data, size_t len, void *ctx)
{
	reader *r = ctx;
	if (r->fatal)
		return;
	if (len > DP_FIELD_MAX) {
		r->fatal = refuse(r->st, SN_ETOOBIG, "row %lld: a field is longer than %d bytes; "
				  "the file is refused", (long long)r->row + 1, DP_FIELD_MAX);
		return;
	}
	if (r->n_cells == DP_COLS_MAX) {
		r->fatal = refuse(r->st, SN_ETOOBIG, "row %lld: more than %d columns; the file is "
				  "refused", (long long)r->row + 1, DP_COLS_MAX);
		return;
	}
	char *c = arena_alloc(r->a, len + 1);
	if (len)
		memcpy(c, data, len);
	for (size_t i = 0; i < len; i++)
		if (!c[i])
			c[i] = ' ';
	r->cells[r->n_cells++] = c;
}

static void on_record(int term, void *ctx)
{
	reader *r = ctx;
	if (r->fatal)
		return;
	if (term == '\n' && r->last_term == '\r' && !r->n_cells) {
		r->last_term = term; /* the second half of a CRLF */
		return;
	}
	r->last_term = term;
	r->row++;
	if (r->row > DP_ROWS_MAX + DP_HEADER_SEARCH_ROWS) {
		r->fatal = refuse(r->st, SN_ETOOBIG, "more than %d rows; the file is refused",
				  DP_ROWS_MAX);
		return;
	}
	r->recs = arena_grow(r->a, r->recs, r->n_recs, &r->cap, sizeof *r->recs);
	record *x = &r->recs[r->n_recs++];
	x->row = r->row;
	x->n = r->n_cells;
	x->cells = arena_alloc(r->a, (r->n_cells ? r->n_cells : 1) * sizeof *x->cells);
	for (size_t i = 0; i < r->n_cells; i++)
		x->cells[i] = str_trim(r->cells[i]);
	r->n_cells = 0;
}

static sn_err cut_cells(reader *r, const char *data, size_t len)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_REPALL_NL))
		return refuse(r->st, SN_EINTERNAL, "cannot start the CSV parser");
	csv_set_realloc_func(&p, capped_realloc);
	if (csv_parse(&p, data, len, on_field, on_record, r) != len && !r->fatal) {
		int e = csv_error(&p);
		r->fatal = e == CSV_ENOMEM || e == CSV_ETOOBIG
			? refuse(r->st, SN_ETOOBIG, "row %lld: a field is longer than %d bytes; "
				 "the file is refused", (long long)r->row + 1, DP_FIELD_MAX)
			: refuse(r->st, SN_EINPUT, "row %lld: not well-formed CSV (%s)",
				 (long long)r->row + 1, csv_strerror(e));
	}
	if (!r->fatal && csv_fini(&p, on_field, on_record, r) != 0 && !r->fatal)
		r->fatal = refuse(r->st, SN_EINPUT, "row %lld: not well-formed CSV (%s)",
				  (long long)r->row + 1, csv_strerror(csv_error(&p)));
	csv_free(&p);
	return r->fatal;
}

/* ---- the mapping ---- */

typedef struct {
	bool given[DP_N_COLS];
	char name[DP_N_COLS][DP_HEADING_MAX + 1]; /* a heading, or "" with number */
	int number[DP_N_COLS];                    /* "#3": 3 (1-based), else 0 */
} map_spec;

static sn_err spec_parse(const char *spec, map_spec *ms, dp_statement *st)
{
	memset(ms, 0, sizeof *ms);
	if (!spec || !*spec)
		return SN_OK;
	size_t n = strlen(spec);
	if (n > DP_MAP_SPEC_MAX)
		return refuse(st, SN_EINPUT, "mapping: longer than %d characters", DP_MAP_SPEC_MAX);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)spec[i], d = (unsigned char)spec[i + 1];
		if (c < 0x20 || c == 0x7F || (c == 0xC2 && d >= 0x80 && d <= 0x9F))
			return refuse(st, SN_EINPUT, "mapping: has a control character");
	}
	if (!utf8_valid((const unsigned char *)spec, n))
		return refuse(st, SN_EINPUT, "mapping: not UTF-8 text");
	char text[DP_MAP_SPEC_MAX + 1];
	snprintf(text, sizeof text, "%s", spec);
	char *save = NULL;
	for (char *item = strtok_r(text, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		if (!eq)
			return refuse(st, SN_EINPUT, "mapping: '%s' is not key=Heading", str_trim(item));
		*eq = 0;
		char *key = str_trim(item), *val = str_trim(eq + 1);
		int k = 0;
		while (k < DP_N_COLS && strcasecmp(key, dp_col_key((dp_col)k)) != 0)
			k++;
		if (k == DP_N_COLS)
			return refuse(st, SN_EINPUT, "mapping: unknown key '%s' (use date, description, "
				      "amount, in, out, balance, reference, line)", key);
		if (ms->given[k])
			return refuse(st, SN_EINPUT, "mapping: %s is given twice", dp_col_key((dp_col)k));
		if (!*val)
			return refuse(st, SN_EINPUT, "mapping: %s names no column", dp_col_key((dp_col)k));
		if (strlen(val) > DP_HEADING_MAX)
			return refuse(st, SN_EINPUT, "mapping: %s: a heading is at most %d characters",
				      dp_col_key((dp_col)k), DP_HEADING_MAX);
		if (val[0] == '#') {
			int64_t num = 0;
			if (str_to_i64(val + 1, 1, DP_COLS_MAX, &num))
				return refuse(st, SN_EINPUT, "mapping: %s: '%s' is not a column number "
					      "(#1 to #%d)", dp_col_key((dp_col)k), val, DP_COLS_MAX);
			ms->number[k] = (int)num;
		} else {
			snprintf(ms->name[k], sizeof ms->name[k], "%s", val);
		}
		ms->given[k] = true;
	}
	if (ms->given[DP_COL_AMOUNT] && (ms->given[DP_COL_IN] || ms->given[DP_COL_OUT]))
		return refuse(st, SN_EINPUT, "mapping: give amount, or in and out, not both");
	return SN_OK;
}

/* The column of rec headed name: the same words in any case first, then
 * the same once both are normalised; -1 when none. */
static int find_heading(const record *rec, const char *name, const bool *used)
{
	for (size_t i = 0; i < rec->n; i++)
		if (!used[i] && strcasecmp(rec->cells[i], name) == 0)
			return (int)i;
	char want[DP_HEADING_MAX + 1], got[DP_HEADING_MAX + 1];
	heading_norm(name, want, sizeof want);
	for (size_t i = 0; i < rec->n && *want; i++) {
		heading_norm(rec->cells[i], got, sizeof got);
		if (!used[i] && strcmp(got, want) == 0)
			return (int)i;
	}
	return -1;
}

static int guess_col(const record *rec, dp_col k, const bool *used)
{
	char got[DP_HEADING_MAX + 1];
	for (size_t a = 0; a < SN_ARRAY_LEN(aliases[k]) && aliases[k][a]; a++)
		for (size_t i = 0; i < rec->n; i++) {
			if (used[i] || strlen(rec->cells[i]) > DP_HEADING_MAX)
				continue;
			heading_norm(rec->cells[i], got, sizeof got);
			if (strcmp(got, aliases[k][a]) == 0)
				return (int)i;
		}
	return -1;
}

/* A heading kept for the mapping: at most DP_HEADING_MAX bytes, cut at a
 * character's start, printable. */
static void clip_heading(const char *s, char out[static DP_HEADING_MAX + 1])
{
	size_t k = strlen(s);
	if (k > DP_HEADING_MAX) {
		k = DP_HEADING_MAX;
		while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
	}
	memcpy(out, s, k);
	out[k] = 0;
	printable(out);
}

/* Whether rec is the header under ms: 1 (map filled), 0 (not), -1 (the
 * spec names one column twice: st->error). */
static int try_header(const record *rec, const map_spec *ms, dp_mapping *map, dp_statement *st)
{
	bool used[DP_COLS_MAX] = {false};
	for (int k = 0; k < DP_N_COLS; k++) {
		map->col[k] = -1;
		map->guessed[k] = false;
	}
	for (int k = 0; k < DP_N_COLS; k++) {
		if (!ms->given[k])
			continue;
		int c = ms->number[k] ? ms->number[k] - 1 : find_heading(rec, ms->name[k], used);
		if (c < 0 || (size_t)c >= rec->n)
			return 0;
		if (used[c]) {
			refuse(st, SN_EINPUT, "mapping: %s names the same column as another key",
			       dp_col_key((dp_col)k));
			return -1;
		}
		used[c] = true;
		map->col[k] = c;
	}
	bool inout_given = ms->given[DP_COL_IN] || ms->given[DP_COL_OUT];
	for (int k = 0; k < DP_N_COLS; k++) {
		if (ms->given[k] || (k == DP_COL_AMOUNT && inout_given) ||
		    ((k == DP_COL_IN || k == DP_COL_OUT) && ms->given[DP_COL_AMOUNT]))
			continue;
		int c = guess_col(rec, (dp_col)k, used);
		if (c >= 0) {
			used[c] = true;
			map->col[k] = c;
			map->guessed[k] = true;
		}
	}
	/* A signed amount column wins over guessed paid in and out ones. */
	if (map->col[DP_COL_AMOUNT] >= 0 || map->col[DP_COL_IN] < 0 || map->col[DP_COL_OUT] < 0)
		for (int k = DP_COL_IN; k <= DP_COL_OUT; k++)
			if (map->guessed[k]) {
				map->col[k] = -1;
				map->guessed[k] = false;
			}
	bool money = map->col[DP_COL_AMOUNT] >= 0 ||
		     (map->col[DP_COL_IN] >= 0 && map->col[DP_COL_OUT] >= 0);
	if (map->col[DP_COL_DATE] < 0 || map->col[DP_COL_DESCRIPTION] < 0 || !money)
		return 0;
	for (int k = 0; k < DP_N_COLS; k++)
		if (map->col[k] >= 0)
			clip_heading(rec->cells[map->col[k]], map->heading[k]);
	return 1;
}

static void cells_text(const record *rec, char *out, size_t size)
{
	size_t n = 0;
	out[0] = 0;
	for (size_t i = 0; i < rec->n && n + 1 < size; i++) {
		char c[64];
		n += (size_t)snprintf(out + n, size - n, "%s%s", i ? ", " : "", clip(rec->cells[i], c));
	}
	if (!rec->n)
		snprintf(out, size, "nothing");
	utf8_tidy(out);
}

static bool blank(const record *rec)
{
	for (size_t i = 0; i < rec->n; i++)
		if (rec->cells[i][0])
			return false;
	return true;
}

/* Finds the header among the first rows; its index into *at. */
static sn_err find_header(const record *recs, size_t n, const map_spec *ms, dp_statement *st,
			  size_t *at)
{
	const record *first = NULL;
	for (size_t i = 0; i < n && recs[i].row <= DP_HEADER_SEARCH_ROWS; i++) {
		if (blank(&recs[i]))
			continue;
		if (!first)
			first = &recs[i];
		int h = try_header(&recs[i], ms, &st->map, st);
		if (h < 0)
			return SN_EINPUT;
		if (h) {
			*at = i;
			st->header_row = recs[i].row;
			return SN_OK;
		}
	}
	if (!first)
		return refuse(st, SN_EINPUT, "the file is empty: the first row must be a header "
			      "naming the columns");
	char has[160];
	cells_text(first, has, sizeof has);
	for (int k = 0; k < DP_N_COLS; k++)
		if (ms->given[k] && !ms->number[k] && find_heading(first, ms->name[k],
					(bool[DP_COLS_MAX]){false}) < 0)
			return refuse(st, SN_EINPUT, "mapping: %s: no column headed '%s' (row %lld "
				      "has: %s)", dp_col_key((dp_col)k), ms->name[k],
				      (long long)first->row, has);
	return refuse(st, SN_EINPUT, "cannot tell the columns: no row of the first %d names a "
		      "date, a description and an amount (or paid in and paid out) column; row "
		      "%lld has: %s. Name them with a mapping, e.g. "
		      "date=Date,description=Details,amount=Amount", DP_HEADER_SEARCH_ROWS,
		      (long long)first->row, has);
}

void dp_mapping_text(const dp_mapping *m, char *out, size_t size)
{
	size_t n = 0;
	out[0] = 0;
	for (int k = 0; k < DP_N_COLS && n + 1 < size; k++)
		if (m->col[k] >= 0)
			n += (size_t)snprintf(out + n, size - n, "%s%s=%s%s", n ? ", " : "",
					      dp_col_key((dp_col)k), m->heading[k],
					      m->guessed[k] ? " (guessed)" : "");
}

json_t *dp_mapping_to_json(const dp_mapping *m)
{
	json_t *j = json_object();
	for (int k = 0; k < DP_N_COLS; k++)
		if (m->col[k] >= 0)
			json_object_set_new(j, dp_col_key((dp_col)k),
					    json_pack("{s:s, s:i, s:b}", "column", m->heading[k],
						      "number", (json_int_t)m->col[k] + 1, "guessed",
						      m->guessed[k]));
	return j;
}

/* ---- rows ---- */

static const char *cell(const record *rec, const dp_mapping *m, dp_col k)
{
	int c = m->col[k];
	return c >= 0 && (size_t)c < rec->n ? rec->cells[c] : "";
}

/* The row's amount from the mapped columns; false with a problem. */
static bool row_amount(const record *rec, const dp_mapping *m, dp_statement *st, int64_t *out)
{
	char q[64];
	int64_t row = rec->row;
	if (m->col[DP_COL_AMOUNT] >= 0) {
		const char *s = cell(rec, m, DP_COL_AMOUNT);
		sn_err e = *s ? dp_parse_amount(s, out) : SN_EINPUT;
		if (!*s)
			problem(st, row, "amount", "amount missing");
		else if (e == SN_ETOOBIG)
			problem(st, row, "amount", "amount '%s': over £10,000,000", clip(s, q));
		else if (e)
			problem(st, row, "amount", "amount '%s': not an amount of money", clip(s, q));
		return !e;
	}
	const char *si = cell(rec, m, DP_COL_IN), *so = cell(rec, m, DP_COL_OUT);
	int64_t vin = 0, vout = 0;
	const char *bad = NULL, *key = NULL;
	sn_err e = SN_OK;
	if (*si && (e = dp_parse_amount(si, &vin)))
		bad = si, key = "in";
	else if (*so && (e = dp_parse_amount(so, &vout)))
		bad = so, key = "out";
	if (bad) {
		problem(st, row, key, "%s '%s': %s", key[0] == 'i' ? "paid in" : "paid out",
			clip(bad, q), e == SN_ETOOBIG ? "over £10,000,000" : "not an amount of money");
		return false;
	}
	if (!*si && !*so) {
		problem(st, row, "amount", "no amount: both paid in and paid out are empty");
		return false;
	}
	if (vin < 0) {
		problem(st, row, "in", "paid in '%s': negative", clip(si, q));
		return false;
	}
	if (vin && vout) {
		problem(st, row, "amount", "both paid in and paid out have an amount");
		return false;
	}
	*out = vin ? vin : -(vout < 0 ? -vout : vout); /* a bank may sign its debit column */
	return true;
}

/* Reads one data row into x; false (with a problem) when it is bad. */
static bool row_read(const record *rec, const dp_mapping *m, dp_statement *st, arena *a, dp_row *x)
{
	char q[64];
	int64_t row = rec->row;
	int need = m->col[DP_COL_DATE] > m->col[DP_COL_DESCRIPTION] ? m->col[DP_COL_DATE]
								       : m->col[DP_COL_DESCRIPTION];
	for (int k = DP_COL_AMOUNT; k <= DP_COL_OUT; k++)
		need = m->col[k] > need ? m->col[k] : need;
	if (rec->n < (size_t)need + 1) {
		problem(st, row, "", "too few columns (%zu)", rec->n);
		return false;
	}
	memset(x, 0, sizeof *x);
	x->row = row;
	const char *ds = cell(rec, m, DP_COL_DATE), *why = NULL;
	if (!*ds) {
		problem(st, row, "date", "date missing");
		return false;
	}
	if (strlen(ds) > 32 || dp_date_read(ds, x->on_date, &why)) {
		problem(st, row, "date", "date '%s': %s", clip(ds, q),
			why ? why : "not a date (write 31/01/2026, 31 Jan 2026 or 2026-01-31)");
		return false;
	}
	if (!row_amount(rec, m, st, &x->amount_pence))
		return false;
	const char *bs = cell(rec, m, DP_COL_BALANCE);
	if (*bs) {
		sn_err e = dp_parse_amount(bs, &x->balance_pence);
		if (e) {
			problem(st, row, "balance", "balance '%s': %s", clip(bs, q),
				e == SN_ETOOBIG ? "over £10,000,000" : "not an amount of money");
			return false;
		}
		x->has_balance = true;
	}
	char *desc = squeeze(arena_strdup(a, cell(rec, m, DP_COL_DESCRIPTION)));
	char *ref = squeeze(arena_strdup(a, cell(rec, m, DP_COL_REFERENCE)));
	if (*ref)
		desc = *desc ? arena_printf(a, "%s (%s)", desc, ref) : ref;
	if (utf8_chars(desc) > DP_DESC_MAX) {
		problem(st, row, "description", "description longer than %d characters", DP_DESC_MAX);
		return false;
	}
	x->description = desc;
	char line[64];
	snprintf(line, sizeof line, "%s", cell(rec, m, DP_COL_LINE));
	str_lower_ascii(line);
	size_t ll = strlen(line);
	if (ll > DP_LINE_ID_MAX || strspn(line, "abcdefghijklmnopqrstuvwxyz0123456789-") != ll) {
		problem(st, row, "line", "line '%s': not a plan line id (a-z, 0-9 and -, up to %d)",
			clip(cell(rec, m, DP_COL_LINE), q), DP_LINE_ID_MAX);
		return false;
	}
	memcpy(x->line, line, ll + 1);
	return true;
}

/* ---- fingerprints ---- */

static void base_key(const dp_row *r, buf *b)
{
	buf_reset(b);
	buf_printf(b, "%s|%lld|", r->on_date, (long long)r->amount_pence);
	for (const char *p = r->description; *p; p++)
		buf_putc(b, *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p);
	if (r->has_balance)
		buf_printf(b, "|%lld", (long long)r->balance_pence);
	else
		buf_putc(b, '|');
}

void dp_fingerprint(const dp_row *r, char out[static 65])
{
	buf b;
	buf_init(&b, DP_DESC_MAX * 4 + 128);
	base_key(r, &b);
	buf_printf(&b, "|%d", r->occurrence);
	sha256_hex(b.data, b.len, out);
	buf_free(&b);
}

typedef struct {
	char key[65];
	size_t i;
} keyed;

static int keyed_cmp(const void *x, const void *y)
{
	const keyed *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* Occurrences: the nth row with the same date, amount, description and
 * balance is occurrence n (file order), then each row's fingerprint. */
static void fingerprints(dp_statement *st)
{
	if (!st->n_rows)
		return;
	keyed *k = xcalloc(st->n_rows, sizeof *k);
	buf b;
	buf_init(&b, DP_DESC_MAX * 4 + 128);
	for (size_t i = 0; i < st->n_rows; i++) {
		base_key(&st->rows[i], &b);
		sha256_hex(b.data, b.len, k[i].key);
		k[i].i = i;
	}
	buf_free(&b);
	qsort(k, st->n_rows, sizeof *k, keyed_cmp);
	for (size_t i = 0; i < st->n_rows; i++) {
		dp_row *r = &st->rows[k[i].i];
		r->occurrence = i && strcmp(k[i].key, k[i - 1].key) == 0
					? st->rows[k[i - 1].i].occurrence + 1
					: 1;
		dp_fingerprint(r, r->fingerprint);
	}
	free(k);
}

static int str_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

size_t dp_mark_duplicates(dp_statement *st, const char **known, size_t n)
{
	size_t dups = 0;
	if (n)
		qsort(known, n, sizeof *known, str_cmp);
	for (size_t i = 0; i < st->n_rows; i++) {
		const char *fp = st->rows[i].fingerprint;
		st->rows[i].duplicate = n && bsearch(&fp, known, n, sizeof *known, str_cmp) != NULL;
		dups += st->rows[i].duplicate;
	}
	return dups;
}

/* ---- the whole statement ---- */

sn_err dp_statement_read(const void *data, size_t len, const char *spec, arena *a,
			 dp_statement *st)
{
	memset(st, 0, sizeof *st);
	for (int k = 0; k < DP_N_COLS; k++)
		st->map.col[k] = -1;
	st->bytes = (int64_t)len;
	if (len > DP_FILE_BYTES_MAX)
		return refuse(st, SN_ETOOBIG, "the file is larger than 5 MiB; it is refused");
	sha256_hex(data ? data : "", len, st->sha256);
	map_spec ms;
	sn_err rc = spec_parse(spec, &ms, st);
	if (rc)
		return rc;
	const unsigned char *u = data ? data : (const unsigned char *)"";
	if (len >= 3 && memcmp(u, "\xef\xbb\xbf", 3) == 0) /* a UTF-8 byte order mark */
		u += 3, len -= 3;
	const char *text = (const char *)u;
	if (!utf8_valid(u, len)) {
		text = from_cp1252(u, len, a, &len);
		st->cp1252 = true;
	}
	reader r = {.a = a, .st = st};
	rc = cut_cells(&r, text, len);
	if (rc)
		return rc;
	size_t at = 0;
	rc = find_header(r.recs, r.n_recs, &ms, st, &at);
	if (rc)
		return rc;
	size_t cap = 0;
	for (size_t i = at + 1; i < r.n_recs; i++) {
		const record *rec = &r.recs[i];
		if (blank(rec)) {
			st->blank_rows++;
			continue;
		}
		if ((int64_t)st->n_rows + st->bad_rows + st->zero_rows >= DP_ROWS_MAX)
			return refuse(st, SN_ETOOBIG, "more than %d rows; the file is refused",
				      DP_ROWS_MAX);
		dp_row x;
		if (!row_read(rec, &st->map, st, a, &x)) {
			st->bad_rows++;
			continue;
		}
		if (!x.amount_pence) {
			st->zero_rows++;
			continue;
		}
		st->rows = arena_grow(a, st->rows, st->n_rows, &cap, sizeof *st->rows);
		st->rows[st->n_rows++] = x;
		if (!st->first_date[0] || strcmp(x.on_date, st->first_date) < 0)
			memcpy(st->first_date, x.on_date, 11);
		if (strcmp(x.on_date, st->last_date) > 0)
			memcpy(st->last_date, x.on_date, 11);
	}
	fingerprints(st);
	return st->bad_rows ? SN_EINPUT : SN_OK;
}
