/* Lookup in the embedded file tables. */
#include "embed.h"

#include <string.h>

const embed_file *embed_find(const embed_file *set, const char *name)
{
	for (; set && set->name; set++)
		if (strcmp(set->name, name) == 0)
			return set;
	return NULL;
}
