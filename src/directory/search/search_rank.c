/* The search's pure parts: sets of ids, the candidates' orders (band,
 * relevance, name, id), the quickselect and the heap that keep only what
 * can be on the page, and distances measured from the points' bytes. No
 * I/O. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "search_int.h"

void search_ids_push(idset *s, int64_t id)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = id;
}

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

/* Sorted (indexes usually give them in order already) and unique. */
void search_ids_finish(idset *s)
{
	bool sorted = true;
	for (size_t i = 1; i < s->n && sorted; i++)
		sorted = s->v[i - 1] <= s->v[i];
	if (!sorted)
		qsort(s->v, s->n, sizeof *s->v, cmp_i64);
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++)
		if (!k || s->v[k - 1] != s->v[i])
			s->v[k++] = s->v[i];
	s->n = k;
}

bool search_ids_has(const idset *s, int64_t id)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && s->v[lo] == id;
}

int search_geo_hit_cmp(const void *x, const void *y)
{
	const geo_hit *a = x, *b = y;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return a->distance < b->distance ? -1 : a->distance > b->distance;
}

void search_cands_push(cands *c, cand x)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n++] = x;
}

bool search_in_sets(const dsearch *x, int64_t id)
{
	for (size_t i = 0; i < x->n_sets; i++)
		if (!search_ids_has(&x->sets[i], id))
			return false;
	return true;
}

int64_t search_distance_step(int64_t metres)
{
	int64_t tenths = (metres * 10 + 804) / 1609;
	return tenths < 100 ? tenths : (tenths + 5) / 10 * 10;
}

int search_band_of(const search_query *q, int64_t distance)
{
	/* Nearest first: the distance as shown; no location last. */
	if (q->nearest_first) {
		int64_t step = distance < 0 ? INT32_MAX - 1 : search_distance_step(distance);
		return step < INT32_MAX - 1 ? (int)step : INT32_MAX - 1;
	}
	/* Distance bands: 1 km, 3 km, 10 km, further; no location last. */
	if (distance < 0)
		return 5;
	return distance <= 1000 ? 0 : distance <= 3000 ? 1 : distance <= 10000 ? 2 : 3;
}

int search_band_unknown(const search_query *q)
{
	return q->nearest_first ? INT32_MAX : 9;
}

/* Band, then relevance: the start of both result orders (search_cand_cmp, search_ord_cmp). */
static int band_rank_cmp(const cand *a, const cand *b)
{
	if (a->band != b->band)
		return a->band < b->band ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return 0;
}

int search_cand_cmp(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	int c = band_rank_cmp(a, b);
	if (c)
		return c;
	c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
	if (c)
		return c;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return a->distance < b->distance ? -1 : a->distance > b->distance;
}

/* The engine's relevance and the band only (names are not read yet). */
int search_key_cmp(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	if (a->band != b->band)
		return a->band < b->band ? -1 : 1;
	return a->rank < b->rank ? -1 : a->rank > b->rank;
}

void search_swap_cand(cand *a, cand *b)
{
	cand t = *a;
	*a = *b;
	*b = t;
}

/* Quickselect: afterwards v[0..k) are the k first of v[0..n) by cmp, in
 * no particular order. Three-way partitions, so many equal keys (the same
 * text in many services) cost nothing extra. */
void search_select_first(cand *v, size_t n, size_t k, int (*cmp)(const void *, const void *))
{
	size_t lo = 0, hi = n;
	while (hi - lo > 16) {
		size_t mid = lo + (hi - lo) / 2;
		/* The median of three as the pivot. */
		if (cmp(&v[mid], &v[lo]) < 0)
			search_swap_cand(&v[mid], &v[lo]);
		if (cmp(&v[hi - 1], &v[lo]) < 0)
			search_swap_cand(&v[hi - 1], &v[lo]);
		if (cmp(&v[hi - 1], &v[mid]) < 0)
			search_swap_cand(&v[hi - 1], &v[mid]);
		cand p = v[mid];
		size_t lt = lo, i = lo, gt = hi;
		while (i < gt) {
			int c = cmp(&v[i], &p);
			if (c < 0)
				search_swap_cand(&v[lt++], &v[i++]);
			else if (c > 0)
				search_swap_cand(&v[i], &v[--gt]);
			else
				i++;
		}
		if (k < lt)
			hi = lt;
		else if (k <= gt)
			return;
		else
			lo = gt;
	}
	qsort(v + lo, hi - lo, sizeof *v, cmp);
}

void search_topk_push(topk *t, cand c)
{
	t->pushed++;
	if (t->n < t->k) {
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 64;
			t->v = xrealloc(t->v, t->cap * sizeof *t->v);
		}
		size_t i = t->n++;
		t->v[i] = c;
		while (i && t->cmp(&t->v[(i - 1) / 2], &t->v[i]) < 0) {
			search_swap_cand(&t->v[(i - 1) / 2], &t->v[i]);
			i = (i - 1) / 2;
		}
		return;
	}
	if (!t->k || t->cmp(&c, &t->v[0]) >= 0)
		return;
	t->v[0] = c;
	for (size_t i = 0;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < t->n && t->cmp(&t->v[l], &t->v[m]) > 0)
			m = l;
		if (r < t->n && t->cmp(&t->v[r], &t->v[m]) > 0)
			m = r;
		if (m == i)
			break;
		search_swap_cand(&t->v[i], &t->v[m]);
		i = m;
	}
}

/* Band, relevance, then name order (dir_names) and id: search_cand_cmp's order
 * without the names. */
int search_ord_cmp(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	int c = band_rank_cmp(a, b);
	if (c)
		return c;
	if (a->ord != b->ord)
		return a->ord < b->ord ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

int search_id_cmp(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Candidates in id order (the word index gives them so already). */
void search_sort_by_id(cands *c)
{
	for (size_t i = 1; i < c->n; i++)
		if (c->v[i - 1].id > c->v[i].id) {
			qsort(c->v, c->n, sizeof *c->v, search_id_cmp);
			return;
		}
}

/* Metres from the point: a flat-earth figure where no band edge (1, 3,
 * 10 km) or the radius is within its error (under 0.5% + 2.5 d/R of d
 * across Britain's latitudes, with room to spare), else the exact one.
 * So bands and the radius are decided exactly; the page's distances are
 * made exact before they are shown (rank_page, page_of). */
int64_t search_quick_distance(const dsearch *x, int32_t lat, int32_t lon)
{
	const search_query *q = x->q;
	double dy = (double)((int64_t)lat - q->lat_e6) * x->ky, dx = (double)((int64_t)lon - q->lon_e6) * x->kx;
	double d = sqrt(dx * dx + dy * dy);
	double margin = d * (0.005 + 2.5 * d / GEO_EARTH_RADIUS_M) + 2.0;
	const double edges[] = {1000, 3000, 10000, (double)q->within_m};
	for (size_t i = 0; i < SN_ARRAY_LEN(edges); i++)
		if (fabs(d - edges[i]) <= margin)
			return geo_distance_m(q->lat_e6, q->lon_e6, lat, lon);
	/* Nearest first: exact where the shown distance could differ. */
	if (q->nearest_first &&
	    search_distance_step(d > margin ? (int64_t)(d - margin) : 0) != search_distance_step((int64_t)(d + margin) + 1))
		return geo_distance_m(q->lat_e6, q->lon_e6, lat, lon);
	return (int64_t)d;
}

/* Service id's nearest point among a chunk's points p[0..np), from *at
 * (left after them; ids come in order): -1 when it has none, r + 1 for a
 * point outside box (with a radius, only "too far"). */
int64_t search_nearest_point(const dsearch *x, const uint8_t *p, size_t np, size_t *at, int64_t id,
			     const geo_box *box, int64_t r)
{
	int64_t best = -1;
	while (*at < np && search_posting_id(p + *at * SEARCH_POINT) < (uint32_t)id)
		++*at;
	for (; *at < np && search_posting_id(p + *at * SEARCH_POINT) == (uint32_t)id; ++*at) {
		int32_t lat = search_point_lat(p + *at * SEARCH_POINT), lon = search_point_lon(p + *at * SEARCH_POINT);
		if (lat == SEARCH_POINT_NONE)
			continue;
		int64_t d = lat < box->lat_min_e6 || lat > box->lat_max_e6 || lon < box->lon_min_e6 ||
				    lon > box->lon_max_e6
				? r + 1
				: search_quick_distance(x, lat, lon);
		if (best < 0 || d < best)
			best = d;
	}
	return best;
}

/* No box: every point measured. */
const geo_box search_no_box = {INT32_MIN, INT32_MAX, INT32_MIN, INT32_MAX};

void search_near_push(geomap *out, int64_t id, int64_t d)
{
	if (out->n && out->v[out->n - 1].id == id) {
		if (d < out->v[out->n - 1].distance)
			out->v[out->n - 1].distance = d;
		return;
	}
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 1024;
		out->v = xrealloc(out->v, out->cap * sizeof *out->v);
	}
	out->v[out->n++] = (geo_hit){id, d};
}

/* Services at locations in the order of the search: band (of that
 * location's distance), the service's relevance and name, the service,
 * the distance, then the service at location itself. */
int search_sal_cmp(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	int c = search_cand_cmp(a, b);
	return c ? c : (a->sal < b->sal ? -1 : a->sal > b->sal);
}

/* The same with the name order (dir_names) for the name. */
int search_sal_ord_cmp(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	int c = search_ord_cmp(a, b);
	if (c)
		return c;
	if (a->distance != b->distance)
		return a->distance < b->distance ? -1 : 1;
	return a->sal < b->sal ? -1 : a->sal > b->sal;
}

bool search_step_free_text(const char *text)
{
	char low[1024];
	size_t n = 0;
	for (const char *p = text ? text : ""; *p && n + 1 < sizeof low; p++)
		low[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	low[n] = '\0';
	static const char *const yes[] = {"step-free", "step free", "stepfree", "level access", "wheelchair access"};
	static const char *const no[] = {"no step", "not step", "no level", "no wheelchair", "not wheelchair"};
	bool says = false;
	for (size_t i = 0; i < SN_ARRAY_LEN(yes) && !says; i++)
		says = strstr(low, yes[i]) != NULL;
	for (size_t i = 0; i < SN_ARRAY_LEN(no) && says; i++)
		says = strstr(low, no[i]) == NULL;
	return says;
}
