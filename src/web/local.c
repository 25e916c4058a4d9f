/* Requests handled in process, without a socket: the same pipeline as the
 * server (pipeline.c) from a request in memory to a response in memory, on
 * a store the caller holds. For handler tests (tests/unit/app/), and for
 * anything else that needs what a page would answer. */
#include <stdio.h>
#include <string.h>

#include "web_int.h"

static web_config local_cfg;

void web_local_init(const web_app *app)
{
	web_config_defaults(&local_cfg);
	local_cfg.app = app;
	local_cfg.quiet = true;
	web_configure(&local_cfg);
}

/* "Name: value" lines (or NULL) into r->headers. */
static sn_err read_headers(req *r, const web_local_request *in)
{
	const char *pairs[][2] = {
		{"Accept", in->accept},
		{"Content-Type", in->content_type},
		{"Cookie", in->cookie},
		{"X-CSRF-Token", in->csrf_header},
		{"Authorization", in->authorization},
	};
	size_t n = 0;
	r->headers.items = arena_alloc(r->a, (SN_ARRAY_LEN(pairs) + 1) * sizeof(kv));
	for (size_t i = 0; i < SN_ARRAY_LEN(pairs); i++) {
		if (!pairs[i][1])
			continue;
		r->headers.items[n].name = arena_strdup(r->a, pairs[i][0]);
		r->headers.items[n].value = arena_strdup(r->a, pairs[i][1]);
		n++;
	}
	if (in->form && !in->content_type) {
		r->headers.items[n].name = arena_strdup(r->a, "Content-Type");
		r->headers.items[n].value = arena_strdup(r->a, "application/x-www-form-urlencoded");
		n++;
	}
	r->headers.n = n;
	return SN_OK;
}

sn_err web_local(store *db, const web_local_request *in, web_local_reply *out)
{
	memset(out, 0, sizeof *out);
	if (!web_app_get() || !in->method || !in->target)
		return SN_EINTERNAL;
	arena *a = arena_new();
	req r = {0};
	r.a = a;
	r.db = db;
	r.method = arena_strdup(a, in->method);
	r.remote_addr = arena_strdup(a, in->remote_addr ? in->remote_addr : "127.0.0.1");
	r.loopback = str_starts(r.remote_addr, "127.");
	read_headers(&r, in);
	r.want_json = accept_wants_json(req_header(&r, "Accept"));
	const char *body = in->body ? in->body : in->form ? in->form : "";
	reply rep = {0};
	if (web_read_target(&r, in->target, &rep))
		web_run(&r, in->target, body, strlen(body), &rep);
	web_response w;
	/* The view as the handler made it, before the page fields are added. */
	out->view = rep.view ? json_deep_copy(rep.view) : NULL;
	out->template_name = rep.tpl ? xstrdup(rep.tpl) : NULL;
	web_respond(&r, &rep, &w);
	json_decref(rep.view);
	out->status = w.status;
	for (size_t i = 0; i < w.n_headers; i++) {
		const char *k = w.headers[i][0], *v = w.headers[i][1];
		if (strcmp(k, "Location") == 0)
			out->location = xstrdup(v);
		else if (strcmp(k, "Content-Type") == 0)
			out->content_type = xstrdup(v);
		else if (strcmp(k, "Set-Cookie") == 0)
			out->set_cookie = xstrdup(v);
	}
	out->body = xstrndup(w.bytes.data ? w.bytes.data : "", w.bytes.len);
	out->body_len = w.bytes.len;
	web_response_free(&w);
	if (r.errors)
		json_decref(r.errors);
	arena_free(a);
	return SN_OK;
}

void web_local_reply_free(web_local_reply *out)
{
	if (!out)
		return;
	json_decref(out->view);
	free(out->template_name);
	free(out->location);
	free(out->content_type);
	free(out->set_cookie);
	free(out->body);
	memset(out, 0, sizeof *out);
}
