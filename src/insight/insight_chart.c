/* The coverage chart on /insight (pure): for each need, the directory's
 * services beside the referrals made, from the totals of the two tables
 * drawn under it, so it reads as they do. A total not shown ("fewer than
 * 10") draws no bar and says so in words; every bar carries its figure in
 * text, and the two are told apart by their place and words as well as
 * their colour (WCAG 2.2 1.4.1). */
#include <stdio.h>
#include <string.h>

#include "insight.h"

static void text_escaped(buf *b, const char *s)
{
	buf_html_escape(b, s, strlen(s));
}

/* The total of the table's row for a need: -1 when hidden, 0 when none. */
static int64_t row_total(const ins_table *t, const char *key)
{
	for (size_t r = 0; r < t->rows.n; r++)
		if (str_eq(t->rows.keys[r], key))
			return t->t->hidden[r][t->t->cols] ? -1 : t->t->value[r][t->t->cols];
	return 0;
}

char *ins_coverage_svg(const ins_table *supply, const ins_table *demand)
{
	static const char *const fill[2] = {"#1d70b8", "#912b88"};
	static const char *const what[2] = {"services", "referrals"};
	size_t n = demand->rows.n;
	int64_t max = 1;
	for (size_t i = 0; i < n; i++) {
		int64_t v[2] = {row_total(supply, demand->rows.keys[i]), row_total(demand, demand->rows.keys[i])};
		for (int k = 0; k < 2; k++)
			if (v[k] > max)
				max = v[k];
	}
	const int label_w = 230, bar_w = 420, row_h = 40, top = 34;
	const int h = top + (int)n * row_h + 10, w = label_w + bar_w + 150;
	buf b;
	buf_init(&b, 256 * 1024);
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
		   "font-family=\"arial, sans-serif\" aria-labelledby=\"coverage-chart-title\" class=\"sn-chart\"><title id=\"coverage-chart-title\">"
		   "Directory services and referrals made, by need, across the area (the two tables below have "
		   "the figures)</title>", w, h);
	for (int k = 0; k < 2; k++) {
		buf_printf(&b, "<rect x=\"%d\" y=\"6\" width=\"14\" height=\"14\" fill=\"%s\"/>", label_w + k * 250, fill[k]);
		buf_printf(&b, "<text x=\"%d\" y=\"18\" font-size=\"14\" fill=\"#0b0c0c\">%s (%s bar)</text>",
			   label_w + 20 + k * 250, k ? "Referrals made" : "Directory services", k ? "lower" : "upper");
	}
	for (size_t i = 0; i < n; i++) {
		int y = top + (int)i * row_h;
		buf_printf(&b, "<text x=\"%d\" y=\"%d\" font-size=\"14\" text-anchor=\"end\" fill=\"#0b0c0c\">",
			   label_w - 8, y + 22);
		text_escaped(&b, demand->rows.words[i]);
		buf_puts(&b, "</text>");
		int64_t v[2] = {row_total(supply, demand->rows.keys[i]), row_total(demand, demand->rows.keys[i])};
		for (int k = 0; k < 2; k++) {
			int by = y + 4 + k * 17;
			int len = v[k] > 0 ? (int)(v[k] * bar_w / max) : 0;
			if (len > 0)
				buf_printf(&b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"15\" fill=\"%s\"/>", label_w, by,
					   len, fill[k]);
			char words[48];
			if (v[k] < 0)
				snprintf(words, sizeof words, "fewer than 10 %s", what[k]);
			else
				snprintf(words, sizeof words, "%lld %s", (long long)v[k], what[k]);
			buf_printf(&b, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#0b0c0c\">%s</text>",
				   label_w + len + 6, by + 12, words);
		}
	}
	buf_puts(&b, "</svg>");
	char *out = xstrdup(b.data ? b.data : "");
	buf_free(&b);
	return out;
}
