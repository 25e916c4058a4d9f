/* Files embedded into the binary at build time (tools/embed.c writes the
 * tables): templates, static assets, migrations and data lists. Each table
 * ends with an entry whose name is NULL; data is NUL-terminated. */
#ifndef SN_EMBED_H
#define SN_EMBED_H

#include <stddef.h>

typedef struct {
	const char *name;
	const unsigned char *data;
	size_t len;
} embed_file;

extern const embed_file embed_templates[];
extern const embed_file embed_assets[];
extern const embed_file embed_migrations[];    /* schema/sqlite */
extern const embed_file embed_migrations_pg[]; /* schema/postgres */
extern const embed_file embed_data[];

/* NULL when the set has no file of that name. */
const embed_file *embed_find(const embed_file *set, const char *name);

#endif
