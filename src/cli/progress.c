/* The progress bar of long imports and exports, and the number format of
 * their summaries. */
#include <stdio.h>
#include <time.h>

#include "cli.h"

const char *cli_thousands(int64_t v, char out[static 32])
{
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? -v : v));
	size_t k = 0;
	if (v < 0)
		out[k++] = '-';
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	out[k] = 0;
	return out;
}

double cli_now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_draw(void *ctx, int64_t done, int64_t bytes, int64_t total)
{
	cli_progress *b = ctx;
	double t = cli_now_s();
	if (b->drawn && t - b->last < 0.1)
		return;
	b->last = t;
	b->drawn = true;
	double secs = t - b->start;
	const char *unit = b->unit ? b->unit : "rows";
	char r[32], rate[32];
	cli_thousands(done, r);
	cli_thousands(secs > 0 ? (int64_t)((double)done / secs) : 0, rate);
	if (total > 0) {
		enum { W = 30 };
		int pct = (int)(bytes * 100 / total);
		if (pct > 100)
			pct = 100;
		char bar[W + 1];
		int fill = pct * W / 100;
		for (int i = 0; i < W; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[W] = 0;
		fprintf(stderr, "\r%s [%s] %3d%%  %s %s  %s %s/s\033[K", b->what, bar, pct, r, unit,
		        rate, unit);
	} else {
		fprintf(stderr, "\r%s  %s %s  %.1f MB  %s %s/s\033[K", b->what, r, unit,
		        (double)bytes / 1e6, rate, unit);
	}
	fflush(stderr);
}

void cli_progress_clear(cli_progress *b)
{
	if (b->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}
