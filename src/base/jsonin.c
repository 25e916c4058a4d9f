/* See jsonin.h. */
#include <stdio.h>

#include "jsonin.h"

sn_err json_open_object(const char *text, size_t len, size_t max, json_t **out,
			char *err, size_t err_size)
{
	*out = NULL;
	if (len > max) {
		if (max % 1024 == 0)
			snprintf(err, err_size, "input: over %zu bytes (%zu KiB)", max, max / 1024);
		else
			snprintf(err, err_size, "input: over %zu bytes", max);
		return SN_ETOOBIG;
	}
	json_error_t je;
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!o) {
		snprintf(err, err_size, "input: not valid JSON (line %d: %s)", je.line, je.text);
		/* jansson may quote the input, line breaks and all: keep the
		 * message on one line. */
		for (char *p = err; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = ' ';
		return SN_EINPUT;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		snprintf(err, err_size, "input: must be one JSON object");
		return SN_EINPUT;
	}
	*out = o;
	return SN_OK;
}
