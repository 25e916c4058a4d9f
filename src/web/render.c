/* Page rendering: the embedded template set, and a page template rendered
 * inside the layout with the signed-in user, the application's navigation
 * and the CSRF token. */
#include <stdio.h>
#include <string.h>

#include "../base/embed.h"
#include "template.h"
#include "web.h"

static tpl_set *templates;

sn_err web_templates_init(char *err, size_t err_size)
{
	if (templates)
		return SN_OK;
	tpl_set *set = tpl_set_new();
	for (const embed_file *f = embed_templates; f->name; f++) {
		sn_err rc = tpl_set_add(set, f->name, (const char *)f->data, f->len,
					err, err_size);
		if (rc) {
			tpl_set_free(set);
			return rc;
		}
	}
	templates = set;
	return SN_OK;
}

void web_templates_free(void)
{
	tpl_set_free(templates);
	templates = NULL;
}

/* The application's navigation, the items this user may see. */
static json_t *nav_view(const req *r)
{
	json_t *items = json_array();
	const web_app *app = web_app_get();
	const web_nav_item *nav = app ? app->nav : NULL;
	size_t n = app ? app->n_nav : 0;
	for (size_t i = 0; i < n; i++) {
		if (nav[i].roles && (!r->user || !(r->user->roles & nav[i].roles)))
			continue;
		bool current = r->path && (strcmp(r->path, nav[i].href) == 0 ||
			(strlen(nav[i].href) > 1 && str_starts(r->path, nav[i].href)));
		json_array_append_new(items, json_pack("{s:s, s:s, s:b}", "href",
			nav[i].href, "text", nav[i].text, "current", current));
	}
	return items;
}

sn_err web_render_page(req *r, const reply *rep, buf *out)
{
	json_t *view = rep->view;
	char err[256];
	/* Common fields every page template may use. */
	json_object_set_new(view, "csrf_token", json_string(r->csrf ? r->csrf : ""));
	if (r->user)
		json_object_set_new(view, "user", json_pack("{s:s}", "name", r->user->name));
	if (r->errors && !json_object_get(view, "errors"))
		json_object_set(view, "errors", r->errors);
	/* Field errors by name, for the message beside each field. */
	json_t *errors = json_object_get(view, "errors");
	if (json_array_size(errors)) {
		json_t *by_field = json_object();
		size_t i;
		json_t *e;
		json_array_foreach(errors, i, e) {
			const char *f = json_string_value(json_object_get(e, "field"));
			if (f && !json_object_get(by_field, f))
				json_object_set(by_field, f, json_object_get(e, "message"));
		}
		json_object_set_new(view, "field_errors", by_field);
		json_object_set_new(view, "has_errors", json_true());
	}
	buf content;
	buf_init(&content, out->max);
	sn_err rc = tpl_render(templates, rep->tpl, view, &content, err, sizeof err);
	if (rc) {
		log_msg(LOG_ERROR, "template %s: %s", rep->tpl, err);
		buf_free(&content);
		return rc;
	}
	json_object_set_new(view, "content", json_string(content.data ? content.data : ""));
	buf_free(&content);
	const char *title = rep->title ? rep->title : "SupportNet";
	bool has_errors = json_array_size(json_object_get(view, "errors")) > 0;
	json_object_set_new(view, "page_title", json_string(arena_printf(r->a,
		"%s%s - SupportNet", has_errors ? "Error: " : "", title)));
	json_object_set_new(view, "nav", nav_view(r));
	rc = tpl_render(templates, "layout", view, out, err, sizeof err);
	if (rc)
		log_msg(LOG_ERROR, "layout: %s", err);
	return rc;
}
