/* Route matching, the start-up check of the route table, and the input
 * rules that run before a handler. */
#include <stdio.h>
#include <string.h>

#include "web.h"

static const web_app *app;

void web_app_set(const web_app *a)
{
	app = a;
}

const web_app *web_app_get(void)
{
	return app;
}

/* Matches pattern against path; on success fills params (when r given).
 * "{name}" matches one non-empty segment, "{*name}" the rest of the path. */
static bool match(req *r, const char *pattern, const char *path, kv_list *params)
{
	kv tmp[8];
	size_t n = 0;
	const char *p = pattern, *s = path;
	while (*p) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			bool rest = p[1] == '*';
			const char *name = p + 1 + rest;
			const char *seg_end = rest ? s + strlen(s) : strchr(s, '/');
			if (!seg_end)
				seg_end = s + strlen(s);
			if (seg_end == s || n == SN_ARRAY_LEN(tmp))
				return false;
			if (r) {
				char *val = NULL;
				if (parse_path_segment(r->a, s, (size_t)(seg_end - s), &val))
					return false;
				tmp[n].name = arena_strndup(r->a, name, (size_t)(close - name));
				tmp[n].value = val;
			}
			n++;
			p = close + 1;
			s = seg_end;
		} else {
			if (*p != *s)
				return false;
			p++;
			s++;
		}
	}
	if (*s)
		return false;
	if (r) {
		params->items = arena_alloc(r->a, (n ? n : 1) * sizeof(kv));
		memcpy(params->items, tmp, n * sizeof(kv));
		params->n = n;
	}
	return true;
}

const route *route_match(req *r, const char *method, const char *path,
			 bool *path_known, char *allow, size_t allow_size)
{
	*path_known = false;
	allow[0] = 0;
	/* HEAD is answered by the GET route. */
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
	size_t n = app ? app->n_routes : 0;
	for (size_t i = 0; i < n; i++) {
		const route *rt = &app->routes[i];
		if (!match(NULL, rt->pattern, path, NULL))
			continue;
		if (strcmp(rt->method, m) == 0) {
			if (!match(r, rt->pattern, path, &r->params))
				return NULL; /* bad escape in a parameter */
			return rt;
		}
		*path_known = true;
		size_t len = strlen(allow);
		if (!strstr(allow, rt->method))
			snprintf(allow + len, allow_size - len, "%s%s",
				 len ? ", " : "", rt->method);
		if (strcmp(rt->method, "GET") == 0 && !strstr(allow, "HEAD")) {
			len = strlen(allow);
			snprintf(allow + len, allow_size - len, ", HEAD");
		}
	}
	return NULL;
}

sn_err route_table_check(const route *routes, size_t n, char *err,
			 size_t err_size)
{
	for (size_t i = 0; i < n; i++) {
		const route *rt = &routes[i];
		if (!rt->method || !rt->pattern || rt->pattern[0] != '/') {
			snprintf(err, err_size, "route %zu has no method or pattern", i);
			return SN_EINTERNAL;
		}
		if (!rt->handler) {
			snprintf(err, err_size, "route %s %s has no handler",
				 rt->method, rt->pattern);
			return SN_EINTERNAL;
		}
		if (rt->perm == 0) {
			snprintf(err, err_size, "route %s %s has no permission",
				 rt->method, rt->pattern);
			return SN_EINTERNAL;
		}
		if ((rt->flags & ROUTE_API) && !(rt->flags & ROUTE_NO_SESSION)) {
			snprintf(err, err_size, "route %s %s is an API route with a session "
				 "(API routes take no CSRF token, so they must not use one)",
				 rt->method, rt->pattern);
			return SN_EINTERNAL;
		}
		for (const char *p = rt->pattern; *p; p++) {
			if (*p == '{' && !strchr(p, '}')) {
				snprintf(err, err_size, "route %s has an unclosed {",
					 rt->pattern);
				return SN_EINTERNAL;
			}
		}
		for (size_t j = 0; j < i; j++) {
			if (strcmp(routes[j].method, rt->method) == 0 &&
			    strcmp(routes[j].pattern, rt->pattern) == 0) {
				snprintf(err, err_size, "route %s %s appears twice",
					 rt->method, rt->pattern);
				return SN_EINTERNAL;
			}
		}
	}
	return SN_OK;
}

/* ---- input rules ---- */

static const char *raw_value(const req *r, const param_rule *p)
{
	switch (p->src) {
	case IN_QUERY: return kv_get(&r->query, p->name);
	case IN_FORM: return kv_get(&r->form, p->name);
	case IN_PATH: return kv_get(&r->params, p->name);
	}
	return NULL;
}

static void add_error(req *r, const param_rule *p, const char *msg)
{
	if (!r->errors)
		r->errors = json_array();
	json_array_append_new(r->errors,
			      json_pack("{s:s, s:s}", "field", p->name, "message", msg));
}

static bool enum_has(const char *choices, const char *v)
{
	size_t n = strlen(v);
	const char *p = choices;
	while (p && *p) {
		const char *end = strchr(p, '|');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, v, n) == 0)
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}

void params_validate(req *r, const param_rule *rules)
{
	for (const param_rule *p = rules; p && p->name; p++) {
		const char *v = raw_value(r, p);
		const char *label = p->label && p->label[0] ? p->label : p->name;
		char *t = v ? str_trim(arena_strdup(r->a, v)) : NULL;
		if (!t || !*t) {
			if (p->required)
				add_error(r, p, arena_printf(r->a, "Enter %s", label));
			continue;
		}
		switch (p->type) {
		case P_TEXT:
			if (p->max && (int64_t)strlen(t) > p->max)
				add_error(r, p, arena_printf(r->a,
					"%c%s must be %lld characters or fewer",
					label[0] >= 'a' && label[0] <= 'z' ? label[0] - 32 : label[0],
					label + 1, (long long)p->max));
			else if (p->min && (int64_t)strlen(t) < p->min)
				add_error(r, p, arena_printf(r->a,
					"%c%s must be %lld characters or more",
					label[0] >= 'a' && label[0] <= 'z' ? label[0] - 32 : label[0],
					label + 1, (long long)p->min));
			break;
		case P_INT: {
			int64_t x;
			if (str_to_i64(t, p->min, p->max, &x))
				add_error(r, p, arena_printf(r->a,
					"Enter %s as a whole number from %lld to %lld",
					label, (long long)p->min, (long long)p->max));
			break;
		}
		case P_UUID:
			if (!str_is_uuid(t))
				add_error(r, p, arena_printf(r->a, "Enter %s as an id like 0f8c3b2a-…", label));
			break;
		case P_EMAIL:
			if (!str_is_email(t))
				add_error(r, p, "Enter an email address in the correct format, like name@example.com");
			break;
		case P_ENUM:
			if (!enum_has(p->choices, t))
				add_error(r, p, arena_printf(r->a, "Select %s", label));
			break;
		case P_BOOL:
			if (strcmp(t, "yes") && strcmp(t, "no") && strcmp(t, "on") &&
			    strcmp(t, "true") && strcmp(t, "false"))
				add_error(r, p, arena_printf(r->a, "Select %s", label));
			break;
		}
	}
}

const char *req_get(const req *r, const char *name)
{
	const param_rule *rules = r->route ? r->route->params : NULL;
	for (const param_rule *p = rules; p && p->name; p++) {
		if (strcmp(p->name, name) == 0) {
			const char *v = raw_value(r, p);
			return v ? str_trim(arena_strdup(r->a, v)) : "";
		}
	}
	/* Not declared: only path parameters are readable without a rule. */
	const char *v = kv_get(&r->params, name);
	return v ? v : "";
}

const char *req_form(req *r, const char *name)
{
	const char *v = kv_get(&r->form, name);
	return v ? str_trim(arena_strdup(r->a, v)) : "";
}

const web_file *req_file(const req *r, const char *name)
{
	for (size_t i = 0; i < r->files.n; i++)
		if (strcmp(r->files.items[i].name, name) == 0)
			return &r->files.items[i];
	return NULL;
}

void req_add_error(req *r, const char *field, const char *message)
{
	if (!r->errors)
		r->errors = json_array();
	json_array_append_new(r->errors, json_pack("{s:s, s:s}", "field", field, "message", message));
}

int64_t req_get_i64(const req *r, const char *name, int64_t dflt)
{
	int64_t x;
	if (str_to_i64(req_get(r, name), INT64_MIN, INT64_MAX, &x))
		return dflt;
	return x;
}
