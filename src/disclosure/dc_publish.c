/* Publishing a suppressed table: the page's view, CSV and JSON from one
 * description (disclosure.h), so that no export shows what the page hides. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "disclosure.h"

void dc_count_words(int64_t v, bool hidden, char *out, size_t size)
{
	if (hidden) {
		snprintf(out, size, "fewer than 10");
		return;
	}
	/* Thousands separated by commas, as GOV.UK writes numbers. */
	char digits[24];
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int n = snprintf(digits, sizeof digits, "%" PRIu64, u);
	char tmp[32];
	size_t k = 0;
	if (v < 0)
		tmp[k++] = '-';
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			tmp[k++] = ',';
		tmp[k++] = digits[i];
	}
	tmp[k] = '\0';
	snprintf(out, size, "%s", tmp);
}

void dc_money_words(int64_t pence, char *out, size_t size)
{
	uint64_t u = pence < 0 ? (uint64_t)0 - (uint64_t)pence : (uint64_t)pence;
	char pounds[32];
	dc_count_words((int64_t)(u / 100), false, pounds, sizeof pounds);
	snprintf(out, size, "%s£%s.%02u", pence < 0 ? "-" : "", pounds, (unsigned)(u % 100));
}

bool dc_extra_shown(const dc_published *p, size_t extra, size_t row)
{
	const dc_table *t = p->t;
	if (extra >= p->n_extras || row > t->rows || dc_row_hidden(t, row))
		return false;
	const dc_extra *x = &p->extras[extra];
	int64_t people = x->people ? x->people[row] : t->value[row][t->cols];
	return people >= DC_MIN || (people == 0 && x->values[row] == 0);
}

static void csv_text(buf *b, const char *s)
{
	buf_putc(b, '"');
	for (const char *c = s; *c; c++) {
		if (*c == '"')
			buf_putc(b, '"');
		buf_putc(b, *c);
	}
	buf_putc(b, '"');
}

static void csv_money(buf *b, int64_t pence)
{
	uint64_t u = pence < 0 ? (uint64_t)0 - (uint64_t)pence : (uint64_t)pence;
	buf_printf(b, "%s%" PRIu64 ".%02u", pence < 0 ? "-" : "", u / 100, (unsigned)(u % 100));
}

sn_err dc_csv(const dc_published *p, buf *out)
{
	const dc_table *t = p->t;
	if (!t->rows || !t->cols || p->n_extras > DC_MAX_EXTRAS)
		return SN_EINPUT;
	buf_reset(out);
	buf_puts(out, p->row_key);
	for (size_t c = 0; c < t->cols; c++)
		buf_printf(out, ",%s", p->col_keys[c]);
	buf_puts(out, ",total");
	for (size_t e = 0; e < p->n_extras; e++)
		buf_printf(out, ",%s%s", p->extras[e].key, p->extras[e].money ? "_pounds" : "");
	buf_puts(out, "\r\n");
	for (size_t r = 0; r <= t->rows; r++) {
		if (r == t->rows)
			buf_puts(out, "Total");
		else
			csv_text(out, p->row_labels[r]);
		for (size_t c = 0; c <= t->cols; c++) {
			if (t->hidden[r][c])
				buf_puts(out, ",c");
			else
				buf_printf(out, ",%" PRId64, t->value[r][c]);
		}
		for (size_t e = 0; e < p->n_extras; e++) {
			buf_putc(out, ',');
			if (!dc_extra_shown(p, e, r))
				buf_putc(out, 'c');
			else if (p->extras[e].money)
				csv_money(out, p->extras[e].values[r]);
			else
				buf_printf(out, "%" PRId64, p->extras[e].values[r]);
		}
		sn_err rc = buf_puts(out, "\r\n");
		if (rc)
			return rc; /* too big for the buffer's limit */
	}
	return SN_OK;
}

static json_t *figure(const dc_table *t, size_t r, size_t c)
{
	return t->hidden[r][c] ? json_null() : json_integer(t->value[r][c]);
}

static json_t *json_row(const dc_published *p, size_t r)
{
	const dc_table *t = p->t;
	json_t *cells = json_object();
	for (size_t c = 0; c < t->cols; c++)
		json_object_set_new(cells, p->col_keys[c], figure(t, r, c));
	json_t *row = json_pack("{sssoso}", "label", r == t->rows ? "Total" : p->row_labels[r], "cells", cells,
				"total", figure(t, r, t->cols));
	for (size_t e = 0; e < p->n_extras; e++) {
		const dc_extra *x = &p->extras[e];
		char key[80];
		snprintf(key, sizeof key, "%s%s", x->key, x->money ? "_pence" : "");
		json_object_set_new(row, key, dc_extra_shown(p, e, r) ? json_integer(x->values[r]) : json_null());
	}
	return row;
}

json_t *dc_json(const dc_published *p)
{
	const dc_table *t = p->t;
	json_t *cols = json_array();
	json_array_append_new(cols, json_pack("{ssss}", "key", p->row_key, "label", p->row_label));
	for (size_t c = 0; c < t->cols; c++)
		json_array_append_new(cols, json_pack("{ssss}", "key", p->col_keys[c], "label", p->col_labels[c]));
	json_array_append_new(cols, json_pack("{ssss}", "key", "total", "label", "Total"));
	for (size_t e = 0; e < p->n_extras; e++) {
		char key[80];
		snprintf(key, sizeof key, "%s%s", p->extras[e].key, p->extras[e].money ? "_pence" : "");
		json_array_append_new(cols, json_pack("{ssss}", "key", key, "label", p->extras[e].label));
	}
	json_t *rows = json_array();
	for (size_t r = 0; r < t->rows; r++)
		json_array_append_new(rows, json_row(p, r));
	return json_pack("{sssssososossss}", "id", p->id, "title", p->title, "columns", cols, "rows", rows,
			 "total", json_row(p, t->rows), "hidden",
			 "null: fewer than 10, or hidden so that a hidden figure cannot be worked out from the rest",
			 "money", "*_pence: whole pence, shown only where worked out from at least 10 people");
}

static json_t *view_row(const dc_published *p, size_t r)
{
	const dc_table *t = p->t;
	char w[64];
	json_t *cells = json_array();
	for (size_t c = 0; c <= t->cols; c++) {
		dc_count_words(t->value[r][c], t->hidden[r][c], w, sizeof w);
		json_array_append_new(cells, json_pack("{sssb}", "text", w, "hidden", t->hidden[r][c]));
	}
	for (size_t e = 0; e < p->n_extras; e++) {
		const dc_extra *x = &p->extras[e];
		bool shown = dc_extra_shown(p, e, r);
		if (!shown)
			snprintf(w, sizeof w, "not shown");
		else if (x->money)
			dc_money_words(x->values[r], w, sizeof w);
		else
			dc_count_words(x->values[r], false, w, sizeof w);
		json_array_append_new(cells, json_pack("{sssb}", "text", w, "hidden", !shown));
	}
	return json_pack("{ssso}", "label", r == t->rows ? "Total" : p->row_labels[r], "cells", cells);
}

json_t *dc_view(const dc_published *p, const char *csv_url, const char *json_url)
{
	const dc_table *t = p->t;
	json_t *heads = json_array();
	for (size_t c = 0; c < t->cols; c++)
		json_array_append_new(heads, json_pack("{ss}", "label", p->col_labels[c]));
	json_array_append_new(heads, json_pack("{ss}", "label", "Total"));
	for (size_t e = 0; e < p->n_extras; e++)
		json_array_append_new(heads, json_pack("{ss}", "label", p->extras[e].label));
	json_t *rows = json_array();
	for (size_t r = 0; r < t->rows; r++)
		json_array_append_new(rows, view_row(p, r));
	bool any_hidden = false;
	for (size_t r = 0; r <= t->rows; r++)
		for (size_t c = 0; c <= t->cols; c++)
			any_hidden |= t->hidden[r][c];
	return json_pack("{sssssssosososssssb}", "id", p->id, "title", p->title, "row_label", p->row_label,
			 "heads", heads, "rows", rows, "total", view_row(p, t->rows), "csv", csv_url, "json",
			 json_url, "any_hidden", any_hidden);
}
