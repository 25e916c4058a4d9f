/* First Contact's pure rules: where a checklist's answers lead, and the
 * funnel report's published figures. */
#include <stdio.h>
#include <string.h>

#include "firstcontact.h"

size_t fc_targets(const fc_link *links, size_t n_links, const int64_t *yes, size_t n_yes,
		  int64_t locality, int64_t *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < n_links && n < max; i++) {
		const fc_link *l = &links[i];
		if (l->locality_id && l->locality_id != locality)
			continue;
		bool said_yes = false;
		for (size_t k = 0; k < n_yes && !said_yes; k++)
			said_yes = yes[k] == l->question_id;
		bool seen = false;
		for (size_t k = 0; k < n && !seen; k++)
			seen = out[k] == l->service_id;
		if (said_yes && !seen)
			out[n++] = l->service_id;
	}
	return n;
}

static const char *const grouping_keys[FC_N_GROUPINGS] = {"month", "locality", "partner"};
static const char *const grouping_words[FC_N_GROUPINGS] = {"Month", "Locality", "Partner"};

const char *fc_grouping_key(fc_grouping g) { return g < FC_N_GROUPINGS ? grouping_keys[g] : ""; }
const char *fc_grouping_words(fc_grouping g) { return g < FC_N_GROUPINGS ? grouping_words[g] : ""; }

/* A ratio in tenths, rounded half up; hidden when what it comes from is. */
static fc_cell tenths(int64_t num, int64_t den, bool hidden)
{
	fc_cell c = {0, hidden || den < DC_MIN};
	if (!c.hidden)
		c.value = (num * 10 + den / 2) / den;
	return c;
}

static void fill_rows(const dc_table *t, const fc_group *g, size_t n, const int64_t *secs,
		      arena *a, fc_row *rows)
{
	for (size_t i = 0; i <= n; i++) {
		fc_row *r = &rows[i];
		r->label = i < n ? arena_strdup(a, g[i].label) : "Total";
		for (int m = 0; m < FC_N_MEASURES; m++)
			r->n[m] = (fc_cell){t->value[i][m], t->hidden[i][m]};
		r->per_checklist_tenths = tenths(r->n[FC_REFERRALS].value, r->n[FC_CHECKLISTS].value,
			r->n[FC_REFERRALS].hidden || r->n[FC_CHECKLISTS].hidden);
		/* average days from sent to accepted, over at least DC_MIN accepted */
		int64_t acc = r->n[FC_ACCEPTED].value;
		bool hid = r->n[FC_ACCEPTED].hidden || acc < DC_MIN;
		r->accept_days_tenths = hid ? (fc_cell){0, true}
			: (fc_cell){(secs[i] * 10 + acc * 43200) / (acc * 86400), false};
	}
}

sn_err fc_report_publish(const fc_group *const groups[FC_N_GROUPINGS],
			 const size_t n[FC_N_GROUPINGS], arena *a, fc_report *out)
{
	memset(out, 0, sizeof *out);
	/* No checklists: every grouping is its total row, all zeros (every
	 * checklist is in one group of each grouping, so all are empty). */
	if (!n[0] || !n[1] || !n[2]) {
		for (int g = 0; g < FC_N_GROUPINGS; g++) {
			out->rows[g] = arena_alloc(a, sizeof *out->rows[g]);
			out->rows[g][0].label = "Total";
			out->rows[g][0].per_checklist_tenths.hidden = true;
			out->rows[g][0].accept_days_tenths.hidden = true;
		}
		return SN_OK;
	}
	dc_table *t[FC_N_GROUPINGS];
	sn_err rc = SN_OK;
	for (int g = 0; g < FC_N_GROUPINGS && !rc; g++) {
		t[g] = arena_alloc(a, sizeof *t[g]);
		rc = dc_table_init(t[g], n[g], FC_N_MEASURES);
		for (size_t i = 0; !rc && i < n[g]; i++)
			for (int m = 0; !rc && m < FC_N_MEASURES; m++)
				rc = dc_set(t[g], i, (size_t)m, groups[g][i].n[m]);
	}
	if (!rc)
		rc = dc_suppress_linked(t, FC_N_GROUPINGS);
	if (rc)
		return rc;
	for (int g = 0; g < FC_N_GROUPINGS; g++) {
		size_t rows = n[g];
		int64_t *secs = arena_alloc(a, (rows + 1) * sizeof *secs);
		for (size_t i = 0; i < rows; i++) {
			secs[i] = groups[g][i].accept_seconds;
			secs[rows] += groups[g][i].accept_seconds;
		}
		out->rows[g] = arena_alloc(a, (rows + 1) * sizeof *out->rows[g]);
		out->n_rows[g] = rows;
		fill_rows(t[g], groups[g], rows, secs, a, out->rows[g]);
	}
	return SN_OK;
}

const char *fc_cell_page(arena *a, fc_cell c)
{
	return c.hidden ? "fewer than 10" : arena_printf(a, "%lld", (long long)c.value);
}

const char *fc_cell_csv(arena *a, fc_cell c)
{
	return c.hidden ? "c" : arena_printf(a, "%lld", (long long)c.value);
}

const char *fc_tenths_page(arena *a, fc_cell c)
{
	return c.hidden ? "not shown (fewer than 10)"
			: arena_printf(a, "%lld.%lld", (long long)(c.value / 10), (long long)(c.value % 10));
}

const char *fc_tenths_csv(arena *a, fc_cell c)
{
	return c.hidden ? "c" : arena_printf(a, "%lld.%lld", (long long)(c.value / 10), (long long)(c.value % 10));
}
