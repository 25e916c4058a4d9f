/* The circle of support drawn as SVG, and its counts per ring (pure; plan_show.h).
 *
 * Four rings round the person (closest to me, friends and family, groups
 * and activities I take part in, people paid to support me), each labelled
 * in words along its top, each person a numbered dot in their ring, spread
 * evenly round the rest of it. Where a ring has room, the dots also carry
 * the person's name (cut to NAME_CHARS); where it does not, they carry
 * only their numbers, on up to three staggered rows, so that 40 people in
 * one ring stay apart.
 *
 * The picture is never the only way to read the circle: the page shows the
 * same people as a list beside it (numbered as plan_circle_number numbers
 * them: ring by ring, closest first), with their full names and
 * relationships. The SVG has role="img" and a title and description that
 * say how many people are in each ring; rings are told apart by their
 * labels and places, never by colour alone. Colours (GOV.UK's palette):
 * text #0b0c0c on light ring fills (over 16:1), white numbers on dark dots
 * (5.1:1 or more), ring edges and dots at least 4.5:1 against the fills.
 *
 * Output is deterministic: coordinates are worked out in floating point,
 * rounded to whole numbers and printed with %d (no locale-dependent
 * number printing). The viewBox is 640 by 640 with width and height 640:
 * a page scales it down (to 320 px and less) with max-width: 100% and
 * height: auto. Presentation attributes only (no style attribute), so the
 * Content-Security-Policy's style-src 'self' allows it inline. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plan_show.h"

#define SVG_MAX      (512u * 1024u) /* far above 40 people's worth */
#define SIZE         640
#define CENTRE       320
#define ME_R         38
#define BAND         68  /* each ring's width */
#define NAME_CHARS   10  /* characters of a name under a dot ("…" included) */
#define CENTRE_CHARS 9   /* characters of the name in the centre */
#define NAME_SPACING 78  /* room along the ring a named dot needs */
#define DOT_SPACING  24  /* room a numbered dot needs */
#define LABEL_CHAR_W 7.2 /* an average character of 13px bold text */
#define PI           3.14159265358979323846

typedef struct {
	const char *label; /* along the ring */
	const char *fill, *dot;
} ring_style;

static const ring_style RINGS[RING_COUNT] = {
    {"Closest to me", "#e8f1f8", "#1d70b8"},
    {"Friends and family", "#f4f0fa", "#4c2c92"},
    {"Groups and activities I take part in", "#e6f0e9", "#00703c"},
    {"People paid to support me", "#f3f2f1", "#505a5f"},
};

typedef struct {
	int n;        /* people in the ring */
	int rows;     /* 1..3 staggered rows */
	int dot_r;    /* 11, or 8 when crowded */
	bool names;   /* names under the dots */
	double start; /* angle of the first place, clockwise from 3 o'clock */
	double step;  /* angle between places */
} ring_layout;

static const int ROW_OFFSET[4][3] = {{0}, {0}, {-11, 11}, {-22, 0, 22}};

static int inner_r(int ring)
{
	return ME_R + BAND * ring;
}

static int mid_r(int ring)
{
	return inner_r(ring) + BAND / 2;
}

static int label_r(int ring)
{
	return inner_r(ring) + BAND - 14;
}

static size_t chars_of(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Where a ring's people go: round the ring but for the label's arc at the
 * top; named when each has NAME_SPACING, else numbered on as few rows as
 * keep DOT_SPACING between dots of a row. */
static ring_layout layout(int ring, int n)
{
	ring_layout l = {.n = n, .rows = 1, .dot_r = 11};
	double half_label = (double)chars_of(RINGS[ring].label) * LABEL_CHAR_W / 2 + 14;
	double gap = half_label / label_r(ring);
	l.start = -PI / 2 + gap;
	l.step = n ? (2 * PI - 2 * gap) / n : 0;
	if (!n)
		return l;
	l.names = l.step * mid_r(ring) >= NAME_SPACING;
	if (l.names)
		return l;
	for (l.rows = 1; l.rows <= 3; l.rows++) {
		int r = mid_r(ring) + ROW_OFFSET[l.rows][0];
		if (l.rows * l.step * r >= DOT_SPACING)
			return l;
	}
	l.rows = 3;
	l.dot_r = 8;
	return l;
}

static int round_int(double v)
{
	return (int)lround(v);
}

/* Appends s escaped for XML text and attribute values, cut to max_chars
 * characters ("…" the last) when max_chars is not 0, whitespace and
 * control characters as single spaces. */
static sn_err xml_text(buf *b, const char *s, size_t max_chars)
{
	size_t chars = 0, total = chars_of(s);
	sn_err rc = SN_OK;
	for (; *s && !rc; s++) {
		unsigned char c = (unsigned char)*s;
		bool lead = (c & 0xc0) != 0x80;
		if (lead && max_chars && total > max_chars && chars + 1 >= max_chars) {
			if (b->len && b->data[b->len - 1] == ' ')
				b->data[--b->len] = 0;
			return buf_puts(b, "\xe2\x80\xa6");
		}
		chars += lead;
		switch (c) {
		case '&': rc = buf_puts(b, "&amp;"); break;
		case '<': rc = buf_puts(b, "&lt;"); break;
		case '>': rc = buf_puts(b, "&gt;"); break;
		case '"': rc = buf_puts(b, "&quot;"); break;
		case '\'': rc = buf_puts(b, "&#39;"); break;
		default: rc = buf_putc(b, c < 0x20 || c == 0x7f ? ' ' : (char)c);
		}
	}
	return rc;
}

void plan_circle_count(const plan_doc *d, plan_circle_counts *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; d && i < d->n_circle && i < PLAN_LIST_MAX; i++) {
		unsigned r = (unsigned)d->circle[i].ring;
		if (r >= RING_COUNT)
			continue;
		out->ring[r]++;
		out->total++;
		out->unpaid += r != RING_PAID;
	}
}

int plan_circle_number(const plan_doc *d, size_t i)
{
	if (!d || i >= d->n_circle || i >= PLAN_LIST_MAX ||
	    (unsigned)d->circle[i].ring >= RING_COUNT)
		return 0;
	unsigned ring = (unsigned)d->circle[i].ring;
	int n = 1;
	for (size_t j = 0; j < d->n_circle && j < PLAN_LIST_MAX; j++) {
		unsigned rj = (unsigned)d->circle[j].ring;
		if (rj < ring || (rj == ring && j < i))
			n++;
	}
	return n;
}

/* "2 people closest to Rose, 3 friends and family, no groups or
 * activities and 1 person paid to support Rose." */
static sn_err summary(buf *b, const plan_circle_counts *c, const char *name)
{
	if (!c->total)
		return buf_puts(b, "No one is in the circle yet.");
	static const char *const forms[RING_COUNT][3] = {
	    {"no one closest to ", "1 person closest to ", " people closest to "},
	    {"no friends or family", "1 friend or family member", " friends and family"},
	    {"no groups or activities", "1 group or activity", " groups and activities"},
	    {"no one paid to support ", "1 person paid to support ", " people paid to support "},
	};
	sn_err rc = SN_OK;
	for (int r = 0; r < RING_COUNT && !rc; r++) {
		int64_t n = c->ring[r];
		const char *form = forms[r][n == 0 ? 0 : n == 1 ? 1 : 2];
		rc = buf_puts(b, r == 0 ? "" : r == RING_COUNT - 1 ? " and " : ", ");
		if (!rc && n > 1)
			rc = buf_printf(b, "%lld", (long long)n);
		if (!rc)
			rc = buf_puts(b, form);
		if (!rc && (r == RING_INTIMATE || r == RING_PAID))
			rc = name ? xml_text(b, name, 0) : buf_puts(b, "me");
	}
	if (!rc)
		rc = buf_puts(b, ". The numbers on the dots are those of the list of people.");
	return rc;
}

static sn_err head(buf *b, const plan_doc *d, const char *name, const char *id)
{
	plan_circle_counts c;
	plan_circle_count(d, &c);
	sn_err rc =
	    buf_printf(b,
	               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	               "width=\"%d\" height=\"%d\" role=\"img\" "
	               "aria-labelledby=\"%s-title %s-desc\" font-family=\"arial, sans-serif\">"
	               "\n<title id=\"%s-title\">",
	               SIZE, SIZE, SIZE, SIZE, id, id, id);
	if (!rc && name) {
		rc = xml_text(b, name, 0);
		if (!rc)
			rc = buf_puts(b, "&#39;s circle of support");
	} else if (!rc) {
		rc = buf_puts(b, "My circle of support");
	}
	if (!rc)
		rc = buf_printf(b, "</title>\n<desc id=\"%s-desc\">", id);
	if (!rc)
		rc = summary(b, &c, name);
	return rc ? rc : buf_puts(b, "</desc>\n");
}

/* The rings, outermost first, their labels along their tops, and the
 * person in the centre. */
static sn_err rings(buf *b, const char *name, const char *id)
{
	sn_err rc = SN_OK;
	for (int r = RING_COUNT - 1; r >= 0 && !rc; r--)
		rc = buf_printf(
		    b,
		    "<circle cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"%s\" stroke=\"#505a5f\" "
		    "stroke-width=\"2\"/>\n",
		    CENTRE, CENTRE, inner_r(r) + BAND, RINGS[r].fill);
	for (int r = 0; r < RING_COUNT && !rc; r++) {
		int lr = label_r(r);
		rc = buf_printf(
		    b,
		    "<path id=\"%s-ring-%d\" d=\"M %d %d A %d %d 0 0 1 %d %d\" "
		    "fill=\"none\"/>\n<text font-size=\"13\" font-weight=\"bold\" "
		    "fill=\"#0b0c0c\" text-anchor=\"middle\"><textPath href=\"#%s-ring-%d\" "
		    "startOffset=\"50%%\">%s</textPath></text>\n",
		    id, r, CENTRE - lr, CENTRE, lr, lr, CENTRE + lr, CENTRE, id, r, RINGS[r].label);
	}
	if (!rc)
		rc = buf_printf(b,
		                "<circle cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"#0b0c0c\"/>\n"
		                "<text x=\"%d\" y=\"%d\" dy=\"0.35em\" font-size=\"%d\" "
		                "font-weight=\"bold\" fill=\"#ffffff\" text-anchor=\"middle\">",
		                CENTRE, CENTRE, ME_R, CENTRE, CENTRE, name ? 13 : 18);
	if (!rc)
		rc = name ? xml_text(b, name, CENTRE_CHARS) : buf_puts(b, "Me");
	return rc ? rc : buf_puts(b, "</text>\n");
}

/* One person: a dot with their number, their name under it when l says
 * so, and a tooltip with all of it. */
static sn_err person(buf *b, const plan_person *p, int number, int place, const ring_layout *l)
{
	int ring = (int)p->ring, row = place % l->rows;
	double angle = l->start + (place + 0.5) * l->step;
	double r = mid_r(ring) + ROW_OFFSET[l->rows][row];
	int x = CENTRE + round_int(r * cos(angle)), y = CENTRE + round_int(r * sin(angle));
	/* Names go under the dots, but over those in the top half of the
	 * closest ring, away from the centre. */
	bool above = ring == RING_INTIMATE && y < CENTRE;
	sn_err rc = buf_printf(b, "<g><title>%d. ", number);
	if (!rc)
		rc = xml_text(b, p->name ? p->name : "", 0);
	if (!rc && p->relationship && *p->relationship) {
		rc = buf_puts(b, ", ");
		if (!rc)
			rc = xml_text(b, p->relationship, 0);
	}
	if (!rc)
		rc = buf_printf(
		    b,
		    "</title><circle cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"%s\"/>"
		    "<text x=\"%d\" y=\"%d\" dy=\"0.35em\" font-size=\"%d\" "
		    "font-weight=\"bold\" fill=\"#ffffff\" text-anchor=\"middle\">%d</text>",
		    x, y, l->dot_r, RINGS[ring].dot, x, y, l->dot_r == 11 ? 11 : 9, number);
	if (!rc && l->names) {
		rc = buf_printf(b,
		                "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#0b0c0c\" "
		                "text-anchor=\"middle\" stroke=\"#ffffff\" stroke-width=\"3\" "
		                "paint-order=\"stroke\">",
		                x, above ? y - l->dot_r - 5 : y + l->dot_r + 13);
		if (!rc)
			rc = xml_text(b, p->name ? p->name : "", NAME_CHARS);
		if (!rc)
			rc = buf_puts(b, "</text>");
	}
	return rc ? rc : buf_puts(b, "</g>\n");
}

static sn_err people(buf *b, const plan_doc *d)
{
	plan_circle_counts c;
	plan_circle_count(d, &c);
	sn_err rc = SN_OK;
	int number = 1;
	for (int r = 0; r < RING_COUNT && !rc; r++) {
		ring_layout l = layout(r, (int)c.ring[r]);
		int place = 0;
		for (size_t i = 0; i < d->n_circle && i < PLAN_LIST_MAX && !rc; i++)
			if ((int)d->circle[i].ring == r)
				rc = person(b, &d->circle[i], number++, place++, &l);
	}
	return rc;
}

static bool good_prefix(const char *s)
{
	size_t n = strlen(s);
	return n >= 1 && n <= 20 && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

sn_err plan_circle_svg(const plan_doc *d, const char *centre_name, const char *id_prefix, arena *a,
                       const char **out)
{
	const char *id = id_prefix ? id_prefix : "circle";
	if (!d || !a || !out || !good_prefix(id))
		return SN_EINPUT;
	const char *name = centre_name && *centre_name ? centre_name : NULL;
	buf b;
	buf_init(&b, SVG_MAX);
	sn_err rc = head(&b, d, name, id);
	if (!rc)
		rc = rings(&b, name, id);
	if (!rc)
		rc = people(&b, d);
	if (!rc)
		rc = buf_puts(&b, "</svg>\n");
	*out = rc ? NULL : arena_strndup(a, b.data, b.len);
	buf_free(&b);
	return rc;
}
