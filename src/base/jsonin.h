/* Opening JSON input from outside (cases on stdin, API bodies, data files):
 * one place that caps the size, rejects duplicate keys and insists on one
 * object, with a message that says which of these went wrong. */
#ifndef SN_JSONIN_H
#define SN_JSONIN_H

#include <stddef.h>

#include <jansson.h>

#include "base.h"

/* Parses text as one JSON object of at most max bytes. On success *out
 * holds a new reference. Otherwise *out is NULL, err gets one line starting
 * "input: " and the result is SN_ETOOBIG (over max) or SN_EINPUT. */
sn_err json_open_object(const char *text, size_t len, size_t max, json_t **out,
			char *err, size_t err_size);

#endif
