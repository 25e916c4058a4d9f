/* The before/after chart of one person (pure): horizontal bars, start and
 * follow-up side by side for each item, as inline SVG. The page puts the
 * same figures in a table beside it; the SVG is an image whose title and
 * description say what it shows, in words. */
#include <stdio.h>

#include "socialrx.h"

#define ROW_H 44
#define LEFT 230
#define BAR_MAX 300

static int scale_max(int item) { return item == SP_ITEM_UCLA3 ? 9 : 10; }

const char *sp_chart_svg(arena *a, const sp_pair *p, const char *title_id)
{
	buf b;
	buf_init(&b, 16384);
	int h = ROW_H * SP_ITEMS + 40;
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
		   "role=\"img\" aria-labelledby=\"%s\" focusable=\"false\">", LEFT + BAR_MAX + 60, h, title_id);
	buf_printf(&b, "<title id=\"%s\">Wellbeing at the start and at follow-up: the same figures as the "
		   "table below</title>", title_id);
	for (int i = 0; i < SP_ITEMS; i++) {
		int y = 10 + i * ROW_H;
		buf_printf(&b, "<text x=\"0\" y=\"%d\" font-size=\"14\" fill=\"#0b0c0c\">%s</text>", y + 16,
			   sp_item_label(i));
		const int v[2] = {p->before[i], p->after[i]};
		for (int k = 0; k < 2; k++) {
			int yy = y + 2 + k * 18;
			if (v[k] < 0) {
				buf_printf(&b, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#505a5f\">%s: "
					   "not asked</text>", LEFT, yy + 12, k ? "follow-up" : "start");
				continue;
			}
			int w = v[k] * BAR_MAX / scale_max(i);
			buf_printf(&b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"14\" fill=\"%s\"/>"
				   "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#0b0c0c\">%s %d</text>", LEFT, yy,
				   w > 0 ? w : 1, k ? "#1d70b8" : "#b1b4b6", LEFT + w + 6, yy + 12,
				   k ? "follow-up" : "start", v[k]);
		}
	}
	buf_printf(&b, "<text x=\"0\" y=\"%d\" font-size=\"12\" fill=\"#505a5f\">Grey: at the start. Blue: "
		   "at follow-up. Lower is better for anxiety and loneliness.</text>", h - 8);
	buf_puts(&b, "</svg>");
	const char *out = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return out;
}
