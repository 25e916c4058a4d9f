/* Metrics in Prometheus text format: requests by route template and
 * status, a latency histogram and the active connections. Counters are
 * per process; Prometheus adds them up across processes. */
#include <stdatomic.h>
#include <string.h>

#include "web.h"

#define MAX_ROUTES 256
static const int statuses[] = {200, 201, 204, 303, 304, 400, 401, 403, 404,
			       405, 409, 413, 414, 415, 429, 431, 500, 503};
#define N_STATUS (SN_ARRAY_LEN(statuses) + 1) /* last: any other */
static _Atomic uint64_t counts[MAX_ROUTES + 1][N_STATUS];
static const double bounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
				0.1,   0.25,   0.5,   1.0,  2.5,   5.0};
#define N_BUCKET (SN_ARRAY_LEN(bounds) + 1)
static _Atomic uint64_t buckets[N_BUCKET];
static _Atomic uint64_t sum_micros;
static _Atomic int64_t connections;

void metrics_request(const route *rt, int status, double seconds)
{
	const web_app *app = web_app_get();
	size_t n_routes = app ? app->n_routes : 0;
	size_t ri = rt && app ? (size_t)(rt - app->routes) : n_routes;
	if (ri > MAX_ROUTES)
		ri = MAX_ROUTES;
	size_t si = N_STATUS - 1;
	for (size_t i = 0; i < SN_ARRAY_LEN(statuses); i++)
		if (statuses[i] == status)
			si = i;
	atomic_fetch_add(&counts[ri][si], 1);
	size_t b = 0;
	while (b < SN_ARRAY_LEN(bounds) && seconds > bounds[b])
		b++;
	atomic_fetch_add(&buckets[b], 1);
	atomic_fetch_add(&sum_micros, (uint64_t)(seconds * 1e6));
}

void metrics_connections(int delta)
{
	atomic_fetch_add(&connections, delta);
}

sn_err metrics_render(buf *out)
{
	sn_err rc = buf_puts(out,
		"# HELP supportnet_requests_total HTTP requests by route template and status.\n"
		"# TYPE supportnet_requests_total counter\n");
	const web_app *app = web_app_get();
	size_t n_routes = app ? app->n_routes : 0;
	size_t n = n_routes < MAX_ROUTES ? n_routes : MAX_ROUTES;
	for (size_t r = 0; r <= n && !rc; r++) {
		const char *method = r < n ? app->routes[r].method : "";
		const char *pattern = r < n ? app->routes[r].pattern : "(unmatched)";
		for (size_t s = 0; s < N_STATUS && !rc; s++) {
			uint64_t c = atomic_load(&counts[r][s]);
			if (!c)
				continue;
			if (s < SN_ARRAY_LEN(statuses))
				rc = buf_printf(out, "supportnet_requests_total{method=\"%s\",route=\"%s\",status=\"%d\"} %llu\n",
						method, pattern, statuses[s], (unsigned long long)c);
			else
				rc = buf_printf(out, "supportnet_requests_total{method=\"%s\",route=\"%s\",status=\"other\"} %llu\n",
						method, pattern, (unsigned long long)c);
		}
	}
	if (!rc)
		rc = buf_puts(out, "# HELP supportnet_request_duration_seconds Time to answer a request.\n"
				   "# TYPE supportnet_request_duration_seconds histogram\n");
	uint64_t cum = 0;
	for (size_t b = 0; b < N_BUCKET && !rc; b++) {
		cum += atomic_load(&buckets[b]);
		if (b < SN_ARRAY_LEN(bounds))
			rc = buf_printf(out, "supportnet_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
					bounds[b], (unsigned long long)cum);
		else
			rc = buf_printf(out, "supportnet_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
					(unsigned long long)cum);
	}
	if (!rc)
		rc = buf_printf(out, "supportnet_request_duration_seconds_sum %.6f\n"
				     "supportnet_request_duration_seconds_count %llu\n",
				(double)atomic_load(&sum_micros) / 1e6, (unsigned long long)cum);
	if (!rc)
		rc = buf_printf(out, "# HELP supportnet_active_connections Open HTTP connections.\n"
				     "# TYPE supportnet_active_connections gauge\n"
				     "supportnet_active_connections %lld\n",
				(long long)atomic_load(&connections));
	return rc;
}
