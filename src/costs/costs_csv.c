/* The cost extract's reader (pure): libcsv cuts the cells, with its field
 * buffer capped so a hostile file cannot take more than the limits say;
 * the header row names the four columns (in any order, other columns
 * ignored); each data row is checked field by field and either kept or
 * refused with its row number and the field named. NHS numbers are never
 * guessed: a check digit that does not match refuses the row. */
#include <csv.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../people/people.h"
#include "costs.h"

const char *const costs_setting_keys[COSTS_N_SETTINGS] = {
	"gp",	 "a&e", "ambulance", "hospital-inpatient", "hospital-outpatient", "community-health",
	"mental-health", "social-care-residential", "social-care-home"};
static const costs_stage setting_stage[COSTS_N_SETTINGS] = {
	STAGE_PRIMARY,	 STAGE_URGENT,	  STAGE_URGENT,	     STAGE_HOSPITAL,	STAGE_HOSPITAL,
	STAGE_COMMUNITY, STAGE_COMMUNITY, STAGE_SOCIAL_CARE, STAGE_SOCIAL_CARE};
/* Other ways partners write them (after folding: lower case, spaces and
 * underscores as hyphens). */
static const char *const aliases[][2] = {
	{"general-practice", "gp"},  {"primary-care", "gp"},	 {"emergency", "a&e"},
	{"ae", "a&e"},		     {"a-and-e", "a&e"},	 {"a-&-e", "a&e"},
	{"emergency-department", "a&e"}, {"inpatient", "hospital-inpatient"},
	{"outpatient", "hospital-outpatient"}, {"community", "community-health"},
	{"residential", "social-care-residential"}, {"care-home", "social-care-residential"},
	{"home-care", "social-care-home"}, {"domiciliary-care", "social-care-home"}};

static const char *const stage_keys[N_STAGES] = {"primary", "urgent", "hospital", "community", "social-care"};
static const char *const stage_words[N_STAGES] = {"Prevention and primary care", "Urgent and emergency care",
						  "Hospital", "Community and mental health", "Social care"};

const char *costs_setting_key(const char *written)
{
	char f[COSTS_FIELD_MAX + 1];
	size_t n = 0;
	if (!written || strlen(written) > COSTS_FIELD_MAX)
		return NULL;
	for (const char *p = written; *p; p++)
		f[n++] = *p == ' ' || *p == '_' ? '-' : (char)tolower((unsigned char)*p);
	f[n] = 0;
	for (size_t i = 0; i < COSTS_N_SETTINGS; i++)
		if (strcmp(f, costs_setting_keys[i]) == 0)
			return costs_setting_keys[i];
	for (size_t i = 0; i < SN_ARRAY_LEN(aliases); i++)
		if (strcmp(f, aliases[i][0]) == 0)
			return costs_setting_key(aliases[i][1]);
	return NULL;
}

costs_stage costs_stage_of(const char *setting)
{
	for (size_t i = 0; i < COSTS_N_SETTINGS; i++)
		if (str_eq(setting, costs_setting_keys[i]))
			return setting_stage[i];
	return N_STAGES;
}

const char *costs_stage_key(costs_stage s)
{
	return s < N_STAGES ? stage_keys[s] : "";
}

const char *costs_stage_words(costs_stage s)
{
	return s < N_STAGES ? stage_words[s] : "";
}

sn_err costs_nhs_number(const char *written, char out[static 11], const char **why)
{
	size_t n = 0;
	out[0] = 0;
	for (const char *p = written; *p; p++) {
		if (*p == ' ')
			continue;
		if (!isdigit((unsigned char)*p) || n == 10) {
			*why = "enter 10 digits, like 943 476 5919";
			return SN_EINPUT;
		}
		out[n++] = *p;
	}
	out[n] = 0;
	if (n != 10) {
		*why = "enter 10 digits, like 943 476 5919";
		return SN_EINPUT;
	}
	if (!people_nhs_number_valid(out)) {
		*why = "the check digit does not match";
		return SN_EINPUT;
	}
	return SN_OK;
}

bool costs_date_ok(const char *d, const char *today)
{
	if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)d[i]))
			return false;
	int y = atoi(d), m = atoi(d + 5), day = atoi(d + 8);
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || day < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (day > mdays[m - 1] + (m == 2 && leap))
		return false;
	return strcmp(d, COSTS_EARLIEST) >= 0 && (!today || strcmp(d, today) <= 0);
}

void costs_problem(costs_extract *x, arena *a, int64_t row, const char *fmt, ...)
{
	x->bad_rows++;
	if (x->n_problems >= COSTS_PROBLEMS_KEPT) {
		x->n_more++;
		return;
	}
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	x->problems[x->n_problems++] = arena_printf(a, "row %lld: %s", (long long)row, msg);
}

/* ---- cutting cells ---- */

typedef struct {
	costs_extract *x;
	arena *a;
	const char *today;
	int64_t row;          /* the row being read, 1-based */
	char *cells[COSTS_COLS_MAX];
	size_t n_cells;
	bool too_many;        /* this row has more than COSTS_COLS_MAX cells */
	int last_term;
	bool have_header, fatal;
	size_t cap_rows;
	const char **keys;    /* each good row's nhs|day|setting|pence, for its fingerprint */
} reader;

static bool refuse(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool refuse(reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->x->error, sizeof r->x->error, fmt, ap);
	va_end(ap);
	r->fatal = true;
	return true;
}

/* libcsv grows its field buffer without limit: refusing to grow it past
 * the field limit bounds the memory a hostile file can take. */
static void *capped_realloc(void *p, size_t n)
{
	return n > COSTS_FIELD_MAX + 2 ? NULL : realloc(p, n);
}

static void on_field(void *data, size_t len, void *ctx)
{
	reader *r = ctx;
	if (r->fatal)
		return;
	if (len > COSTS_FIELD_MAX) {
		refuse(r, "row %lld: a field is longer than %d bytes; the file is refused", (long long)r->row + 1,
		       COSTS_FIELD_MAX);
		return;
	}
	if (r->n_cells == COSTS_COLS_MAX) {
		r->too_many = true;
		return;
	}
	char *c = arena_alloc(r->a, len + 1);
	if (len)
		memcpy(c, data, len);
	for (size_t i = 0; i < len; i++)
		if (!c[i])
			c[i] = ' ';
	r->cells[r->n_cells++] = str_trim(c);
}

/* The header's column for each of the four: folded to [a-z0-9]. */
static int column_of(const char *h)
{
	char f[COSTS_FIELD_MAX + 1];
	size_t n = 0;
	for (const char *p = h; *p; p++)
		if (isalnum((unsigned char)*p))
			f[n++] = (char)tolower((unsigned char)*p);
	f[n] = 0;
	static const char *const names[4][5] = {
		{"nhsnumber", "nhsno", "nhs", "nhsnum", NULL},
		{"date", "activitydate", "servicedate", "dateofservice", "day"},
		{"setting", "caresetting", "servicesetting", "pod", NULL},
		{"costpence", "costinpence", "pence", "costp", NULL}};
	for (int k = 0; k < 4; k++)
		for (int i = 0; i < 5 && names[k][i]; i++)
			if (strcmp(f, names[k][i]) == 0)
				return k;
	return -1;
}

static const char *const col_names[4] = {"nhs_number", "date", "setting", "cost_pence"};

static void header(reader *r)
{
	for (int k = 0; k < 4; k++)
		r->x->col[k] = -1;
	for (size_t i = 0; i < r->n_cells; i++) {
		int k = column_of(r->cells[i]);
		if (k < 0)
			continue;
		if (r->x->col[k] >= 0) {
			refuse(r, "row 1: two columns are %s; the file is refused", col_names[k]);
			return;
		}
		r->x->col[k] = (int)i;
	}
	for (int k = 0; k < 4; k++)
		if (r->x->col[k] < 0) {
			refuse(r, "row 1: the header has no %s column (it needs nhs_number, date, setting and "
				  "cost_pence); the file is refused",
			       col_names[k]);
			return;
		}
	r->have_header = true;
}

/* Whole pence, 0 to COSTS_PENCE_MAX: digits only. */
static bool pence_of(const char *s, int64_t *out)
{
	if (!*s || strlen(s) > 9)
		return false;
	for (const char *p = s; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	*out = strtoll(s, NULL, 10);
	return *out <= COSTS_PENCE_MAX;
}

/* The rows' fingerprints: identical rows are told apart by their
 * occurrence (1 for the first, 2 for the next ...), found by sorting. */
typedef struct {
	const char *key;
	size_t i;
} keyed;

static int by_key(const void *pa, const void *pb)
{
	const keyed *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->i > b->i) - (a->i < b->i);
}

static void fingerprints(reader *r)
{
	costs_extract *x = r->x;
	keyed *k = arena_alloc(r->a, (x->n_rows + 1) * sizeof *k);
	for (size_t i = 0; i < x->n_rows; i++)
		k[i] = (keyed){r->keys[i], i};
	qsort(k, x->n_rows, sizeof *k, by_key);
	int64_t occ = 0;
	for (size_t j = 0; j < x->n_rows; j++) {
		occ = j && strcmp(k[j - 1].key, k[j].key) == 0 ? occ + 1 : 1;
		char *fp = arena_printf(r->a, "%s|%lld", k[j].key, (long long)occ);
		sha256_hex(fp, strlen(fp), x->rows[k[j].i].fingerprint);
	}
}

static void data_row(reader *r)
{
	costs_extract *x = r->x;
	int64_t row = r->row;
	const char *v[4];
	for (int k = 0; k < 4; k++)
		v[k] = (size_t)x->col[k] < r->n_cells ? r->cells[x->col[k]] : "";
	costs_row c = {.row = row};
	const char *why = NULL;
	if (costs_nhs_number(v[0], c.nhs, &why))
		return costs_problem(x, r->a, row, "nhs_number: %s", !*v[0] ? "missing" : why);
	if (!costs_date_ok(v[1], r->today))
		return costs_problem(x, r->a, row, "date: '%s' is not a date from %s to today as YYYY-MM-DD", v[1],
				     COSTS_EARLIEST);
	snprintf(c.day, sizeof c.day, "%s", v[1]);
	if (!(c.setting = costs_setting_key(v[2])))
		return costs_problem(x, r->a, row, "setting: '%s' is not one of the settings (docs/costs.md)", v[2]);
	if (!pence_of(v[3], &c.pence))
		return costs_problem(x, r->a, row, "cost_pence: '%s' is not whole pence from 0 to %d", v[3],
				     COSTS_PENCE_MAX);
	if (x->n_rows == r->cap_rows) {
		refuse(r, "row %lld: more rows than lines; the file is refused", (long long)row);
		return;
	}
	r->keys[x->n_rows] = arena_printf(r->a, "%s|%s|%s|%lld", c.nhs, c.day, c.setting, (long long)c.pence);
	x->rows[x->n_rows++] = c;
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
	bool blank = r->n_cells == 0 || (r->n_cells == 1 && !*r->cells[0]);
	if (r->too_many)
		refuse(r, "row %lld: more than %d columns; the file is refused", (long long)r->row, COSTS_COLS_MAX);
	else if (!r->have_header && r->row == 1)
		header(r);
	else if (!blank && ++r->x->rows_read > COSTS_ROWS_MAX)
		refuse(r, "more than %d rows; the file is refused", COSTS_ROWS_MAX);
	else if (!blank)
		data_row(r);
	r->n_cells = 0;
	r->too_many = false;
}

/* A first pass counts the lines, so the rows' array is sized once. */
static size_t lines_in(const char *data, size_t len)
{
	size_t n = 1;
	for (size_t i = 0; i < len; i++)
		n += data[i] == '\n' || data[i] == '\r';
	return n;
}

sn_err costs_read(const char *data, size_t len, const char *today, arena *a, costs_extract *out)
{
	memset(out, 0, sizeof *out);
	if (len > COSTS_FILE_BYTES_MAX) {
		snprintf(out->error, sizeof out->error, "larger than %d MiB; the file is refused",
			 COSTS_FILE_BYTES_MAX / (1024 * 1024));
		return SN_ETOOBIG;
	}
	size_t lines = lines_in(data, len);
	if (lines > COSTS_ROWS_MAX + 2)
		lines = COSTS_ROWS_MAX + 2;
	out->rows = arena_alloc(a, lines * sizeof *out->rows);
	out->problems = arena_alloc(a, COSTS_PROBLEMS_KEPT * sizeof *out->problems);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { /* a byte order mark */
		data += 3;
		len -= 3;
	}
	reader r = {.x = out, .a = a, .today = today, .cap_rows = lines};
	r.keys = arena_alloc(a, lines * sizeof *r.keys);
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_REPALL_NL))
		return SN_EINTERNAL;
	csv_set_realloc_func(&p, capped_realloc);
	if (csv_parse(&p, data, len, on_field, on_record, &r) != len && !r.fatal) {
		int e = csv_error(&p);
		if (e == CSV_ENOMEM || e == CSV_ETOOBIG)
			refuse(&r, "row %lld: a field is longer than %d bytes; the file is refused",
			       (long long)r.row + 1, COSTS_FIELD_MAX);
		else
			refuse(&r, "row %lld: not well-formed CSV (%s); the file is refused", (long long)r.row + 1,
			       csv_strerror(e));
	}
	if (!r.fatal && csv_fini(&p, on_field, on_record, &r) != 0 && !r.fatal)
		refuse(&r, "row %lld: not well-formed CSV (%s); the file is refused", (long long)r.row + 1,
		       csv_strerror(csv_error(&p)));
	csv_free(&p);
	if (!r.fatal && !r.have_header)
		refuse(&r, "the file is empty: it needs a header row (nhs_number,date,setting,cost_pence)");
	if (!r.fatal)
		fingerprints(&r);
	if (r.fatal) {
		out->n_rows = 0;
		return strstr(out->error, "longer than") || strstr(out->error, "more than") ? SN_ETOOBIG
											: SN_EINPUT;
	}
	return SN_OK;
}
