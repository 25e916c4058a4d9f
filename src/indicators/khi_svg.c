/* The key human indicators' small charts (pure): one series as inline SVG.
 * A fixed view box scaled to the width of the page, the value axis
 * labelled, the first and last dates on the time axis, each point marked
 * and (when there is room) its value written beside it. The page puts
 * the same numbers in a table straight after it, so nothing is only in
 * the picture; the title and description say what it shows, in words. */
#include <stdio.h>

#include "../plan/plan_rules.h"
#include "indicators.h"

/* 480 wide: at 320px the text is still about 9px high */
#define VIEW_W           480
#define VIEW_H           250
#define TOP              24
#define PLOT_H           172 /* the value axis runs from TOP to TOP + PLOT_H */
#define RIGHT            464
#define PAD              14 /* the first and last points this far inside the axis */
#define LABEL_GAP        34 /* a value is written only this far from the last one written */
#define LABEL_POINTS_MAX 12 /* values written beside the points up to this many */

/* GOV.UK colours: text #0b0c0c; the line and points #1d70b8 (5.2:1 on
 * white); the "expected" line #505a5f (7:1); grid lines #b1b4b6 only
 * decorate (the axis labels and the table carry the values). */
#define INK  "#0b0c0c"
#define LINE "#1d70b8"
#define MID  "#505a5f"
#define GRID "#b1b4b6"

static const char *const months[12] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};

/* "March 2025" of a day number. */
static const char *month_text(arena *a, int64_t day)
{
	int64_t y;
	int m, d;
	civil_from_days(day, &y, &m, &d);
	return arena_printf(a, "%s %lld", months[m - 1], (long long)y);
}

typedef struct {
	int64_t lo, hi, step; /* the value axis, in the kind's units */
	int left;             /* where the plot starts (room for the labels) */
} axis;

static int64_t round_up(int64_t v, int64_t to)
{
	return (v + to - 1) / to * to;
}
static int64_t round_down(int64_t v, int64_t to)
{
	return v >= 0 ? v / to * to : -round_up(-v, to);
}

static axis axis_of(const khi_series *s)
{
	int64_t min = s->points[0].value, max = min, of = 1;
	for (size_t i = 0; i < s->n; i++) {
		min = s->points[i].value < min ? s->points[i].value : min;
		max = s->points[i].value > max ? s->points[i].value : max;
		of = s->points[i].of > of ? s->points[i].of : of;
	}
	switch (s->kind) {
	case KHI_UCLA3: return (axis){3, 9, 1, 64};
	case KHI_LONELY: return (axis){0, 4, 1, 124};
	case KHI_GAS: {
		int64_t lo = round_down(min < 3000 ? min : 3000, 1000),
		        hi = round_up(max > 7000 ? max : 7000, 1000);
		return (axis){lo, hi, (hi - lo) > 8000 ? 2000 : 1000, 64};
	}
	case KHI_MET: return (axis){0, of, of > 5 ? round_up(of, 5) / 5 : 1, 64};
	case KHI_CIRCLE: {
		int64_t hi = round_up(max > 5 ? max : 5, 5);
		return (axis){0, hi, hi / 5, 64};
	}
	case KHI_UNPAID: return (axis){0, 100, 25, 64};
	default: return (axis){0, 10, 2, 64};
	}
}

static int64_t y_of(const axis *ax, int64_t v)
{
	v = v < ax->lo ? ax->lo : v > ax->hi ? ax->hi : v;
	return TOP + (ax->hi - v) * PLOT_H / (ax->hi - ax->lo);
}

static int64_t x_of(const axis *ax, int64_t d0, int64_t d1, int64_t day)
{
	if (d1 == d0)
		return (ax->left + RIGHT) / 2;
	return ax->left + PAD + (day - d0) * (RIGHT - ax->left - 2 * PAD) / (d1 - d0);
}

static const char *tick_text(arena *a, khi_kind k, int64_t v)
{
	if (k == KHI_LONELY)
		return khi_value_text(a, k, v, 0);
	if (k == KHI_UNPAID)
		return arena_printf(a, "%lld%%", (long long)v);
	return arena_printf(a, "%lld", (long long)(v / khi_scale(k)));
}

static void draw_axes(buf *b, arena *a, const khi_series *s, const axis *ax)
{
	for (int64_t v = ax->lo; v <= ax->hi; v += ax->step) {
		int64_t y = y_of(ax, v);
		buf_printf(b,
		           "<line x1=\"%d\" y1=\"%lld\" x2=\"%d\" y2=\"%lld\" stroke=\"%s\" "
		           "stroke-width=\"1\"/>"
		           "<text x=\"%d\" y=\"%lld\" font-size=\"14\" text-anchor=\"end\" "
		           "fill=\"%s\">%s</text>",
		           ax->left, (long long)y, RIGHT, (long long)y, GRID, ax->left - 8,
		           (long long)y + 4, INK, tick_text(a, s->kind, v));
	}
	if (s->kind == KHI_GAS) { /* the expected level, dashed, and said */
		int64_t y = y_of(ax, 5000);
		buf_printf(b,
		           "<line x1=\"%d\" y1=\"%lld\" x2=\"%d\" y2=\"%lld\" stroke=\"%s\" "
		           "stroke-width=\"2\" "
		           "stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"%lld\" font-size=\"13\" "
		           "text-anchor=\"end\" "
		           "fill=\"%s\">expected</text>",
		           ax->left, (long long)y, RIGHT, (long long)y, MID, RIGHT,
		           (long long)y - 5, MID);
	}
	int64_t base = TOP + PLOT_H;
	buf_printf(
	    b,
	    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%lld\" stroke=\"%s\" stroke-width=\"2\"/>"
	    "<line x1=\"%d\" y1=\"%lld\" x2=\"%d\" y2=\"%lld\" stroke=\"%s\" stroke-width=\"2\"/>",
	    ax->left, TOP, ax->left, (long long)base, INK, ax->left, (long long)base, RIGHT,
	    (long long)base, INK);
	int64_t d0 = s->points[0].day, d1 = s->points[s->n - 1].day;
	const char *first = month_text(a, d0), *last = month_text(a, d1);
	if (str_eq(first, last))
		buf_printf(b,
		           "<text x=\"%lld\" y=\"%lld\" font-size=\"14\" text-anchor=\"middle\" "
		           "fill=\"%s\">%s</text>",
		           (long long)x_of(ax, d0, d1, d0), (long long)base + 22, INK, first);
	else
		buf_printf(b,
		           "<text x=\"%d\" y=\"%lld\" font-size=\"14\" text-anchor=\"start\" "
		           "fill=\"%s\">%s</text>"
		           "<text x=\"%d\" y=\"%lld\" font-size=\"14\" text-anchor=\"end\" "
		           "fill=\"%s\">%s</text>",
		           ax->left, (long long)base + 22, INK, first, RIGHT, (long long)base + 22,
		           INK, last);
	buf_printf(b,
	           "<text x=\"%d\" y=\"%lld\" font-size=\"13\" text-anchor=\"middle\" "
	           "fill=\"%s\">Date</text>",
	           (ax->left + RIGHT) / 2, (long long)base + 40, MID);
}

static void draw_series(buf *b, arena *a, const khi_series *s, const axis *ax)
{
	int64_t d0 = s->points[0].day, d1 = s->points[s->n - 1].day;
	if (s->n > 1) {
		buf_printf(b, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"3\" d=\"", LINE);
		for (size_t i = 0; i < s->n; i++) {
			int64_t x = x_of(ax, d0, d1, s->points[i].day),
			        y = y_of(ax, s->points[i].value);
			if (!i)
				buf_printf(b, "M%lld %lld", (long long)x, (long long)y);
			else if (khi_is_step(s->kind))
				buf_printf(b, " H%lld V%lld", (long long)x, (long long)y);
			else
				buf_printf(b, " L%lld %lld", (long long)x, (long long)y);
		}
		buf_puts(b, "\"/>");
	}
	/* Values are written when there are few points and not on top of each
	 * other: the last always, the others when clear of the one written
	 * before, of the next point and of the last (the table has every one). */
	bool label = s->n <= LABEL_POINTS_MAX && s->kind != KHI_LONELY; /* the axis words say it */
	int64_t written = -1000, x_last = x_of(ax, d0, d1, d1);
	for (size_t i = 0; i < s->n; i++) {
		const khi_point *p = &s->points[i];
		int64_t x = x_of(ax, d0, d1, p->day), y = y_of(ax, p->value);
		buf_printf(b,
		           "<circle cx=\"%lld\" cy=\"%lld\" r=\"5\" fill=\"%s\" stroke=\"#ffffff\" "
		           "stroke-width=\"2\"/>",
		           (long long)x, (long long)y, LINE);
		bool last = i + 1 == s->n,
		     clear = x - written >= LABEL_GAP && x_last - x >= LABEL_GAP &&
		             (last || x_of(ax, d0, d1, s->points[i + 1].day) - x >= LABEL_GAP);
		if (label && (last || clear)) {
			written = x;
			buf_printf(
			    b,
			    "<text x=\"%lld\" y=\"%lld\" font-size=\"14\" font-weight=\"bold\" "
			    "text-anchor=\"middle\" fill=\"%s\">%s</text>",
			    (long long)x, (long long)(y - 10 < 12 ? y + 20 : y - 10), INK,
			    khi_value_text(a, s->kind, p->value, p->of));
		}
	}
}

const char *khi_chart_svg(arena *a, const khi_series *s, const char *id)
{
	if (!s->n)
		return "";
	axis ax = axis_of(s);
	buf b;
	buf_init(&b, 65536);
	buf_printf(
	    &b,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
	    "role=\"img\" "
	    "aria-labelledby=\"%s %s-desc\" focusable=\"false\" font-family=\"Arial, sans-serif\">",
	    VIEW_W, VIEW_H, id, id);
	const char *span =
	    s->n == 1
	        ? arena_printf(a, "one point, %s", month_text(a, s->points[0].day))
	        : arena_printf(a, "%zu points from %s to %s", s->n, month_text(a, s->points[0].day),
	                       month_text(a, s->points[s->n - 1].day));
	buf_printf(
	    &b,
	    "<title id=\"%s\">%s: %s. The same numbers are in the table below the chart.</title>",
	    id, khi_title(s->kind), span);
	const char *latest = khi_value_text(a, s->kind, s->latest, s->points[s->n - 1].of);
	bool band = *s->band && !str_eq(s->band, latest);
	buf_printf(&b, "<desc id=\"%s-desc\">Latest: %s%s%s%s%s. %s</desc>", id, latest,
	           band ? " (" : "", band ? s->band : "", band ? ")" : "",
	           s->has_change ? arena_printf(a, ", %s since the first",
	                                        khi_change_text(a, s->kind, s->change))
	                         : "",
	           khi_direction_words(s->kind));
	draw_axes(&b, a, s, &ax);
	draw_series(&b, a, s, &ax);
	buf_puts(&b, "</svg>");
	const char *out = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return out;
}
