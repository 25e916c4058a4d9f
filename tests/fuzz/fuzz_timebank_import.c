/* libFuzzer target for the timebank's inter-bank file reader
 * (tb_ib_parse): any bytes are refused with a reason or read within the
 * limits; what reads must write (tb_ib_write) and read back the same, with
 * the same checksum. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "timebank/timebank.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_new();
	tb_ib_file f, g;
	char err[300] = "";
	sn_err rc = tb_ib_parse((const char *)data, size, a, &f, err, sizeof err);
	if (rc) {
		if (!err[0] || f.n != 0)
			abort(); /* a refusal always says why and gives nothing */
		arena_free(a);
		return 0;
	}
	if (f.n > TB_FILE_TRANSFERS_MAX)
		abort();
	for (size_t i = 0; i < f.n; i++)
		if (f.t[i].minutes < 1 || f.t[i].minutes > TB_MINUTES_MAX || tb_day(f.t[i].done_on) < 0)
			abort();
	char *text = tb_ib_write(&f);
	if (!text || tb_ib_parse(text, strlen(text), a, &g, err, sizeof err) || g.n != f.n)
		abort();
	char s1[65], s2[65];
	tb_ib_checksum(&f, s1);
	tb_ib_checksum(&g, s2);
	if (strcmp(s1, s2) != 0)
		abort();
	free(text);
	arena_free(a);
	return 0;
}
