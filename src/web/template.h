/* Mustache templates: our own renderer over jansson values. HTML-escaping
 * by default ({{x}}); raw output only with {{{x}}} or {{& x}}, used for HTML
 * the program itself made. Passes the required Mustache spec tests
 * (comments, delimiters, interpolation, inverted, partials, sections).
 *
 * Choices the spec leaves open:
 * - falsey: missing, null, false, [] and ""; 0 and {} are truthy;
 * - numbers: integers as they are, reals in the shortest form that reads
 *   back exactly (1.21, 1e+300); true/false as words; null, objects and
 *   arrays print nothing;
 * - on a render error, out is put back to its length before the call;
 * - a render that takes more than about 1M + 4 x out->max steps fails
 *   with SN_ETOOBIG (nested loops that print nothing cannot run for ever);
 * - delimiters over 32 bytes, empty tags and names with spaces are
 *   SN_EINPUT; compiling never recurses. */
#ifndef SN_TEMPLATE_H
#define SN_TEMPLATE_H

#include <jansson.h>

#include "../base/base.h"

/* A set of named, compiled templates; partials ({{> name}}) are looked up
 * in the same set, and a missing partial renders as empty text. */
typedef struct tpl_set tpl_set;

/* Limits that keep hostile or broken templates from hurting us. */
#define TPL_MAX_SOURCE (1024u * 1024u) /* bytes of one template */
#define TPL_MAX_DEPTH 64               /* nested sections + partials */

tpl_set *tpl_set_new(void);
void tpl_set_free(tpl_set *set); /* accepts NULL */
/* Compiles src and adds it under name (replacing any earlier one). On a
 * syntax error (unclosed tag or section, mismatched section end, bad
 * delimiter change) returns SN_EINPUT and writes "name:line: reason" into
 * err; the set is unchanged. */
sn_err tpl_set_add(tpl_set *set, const char *name, const char *src,
		   size_t len, char *err, size_t err_size);
bool tpl_set_has(const tpl_set *set, const char *name);
/* Renders template name with view as the context, appending to out.
 * Returns SN_ENOTFOUND for an unknown name, SN_ETOOBIG when out's cap is
 * reached or nesting exceeds TPL_MAX_DEPTH. Thread-safe for concurrent
 * renders of the same set once it is built. */
sn_err tpl_render(const tpl_set *set, const char *name, json_t *view,
		  buf *out, char *err, size_t err_size);

#endif
