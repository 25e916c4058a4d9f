/* Replies: pages, redirects, plain text and errors; the one place where an
 * error kind becomes an HTTP status. */
#include <string.h>

#include "web.h"

int web_status_of(sn_err e)
{
	switch (e) {
	case SN_OK: return 200;
	case SN_EINPUT: return 400;
	case SN_EUNAUTH: return 401;
	case SN_EFORBIDDEN: return 403;
	case SN_ENOTFOUND: return 404;
	case SN_ECONFLICT: return 409;
	case SN_ETOOBIG: return 413;
	case SN_ETHROTTLED: return 429;
	case SN_ESTORE: return 503;
	case SN_EINTERNAL: return 500;
	}
	return 500;
}

sn_err reply_page(reply *out, int status, const char *tpl, const char *title,
		  json_t *view)
{
	out->status = status;
	out->tpl = tpl;
	out->title = title;
	out->view = view ? view : json_object();
	return SN_OK;
}

sn_err reply_redirect(reply *out, const char *location)
{
	out->status = 303;
	out->location = location;
	return SN_OK;
}

sn_err reply_text(reply *out, int status, const char *content_type,
		  const char *text_static)
{
	out->status = status;
	out->content_type = content_type;
	out->body = text_static;
	out->body_len = strlen(text_static);
	return SN_OK;
}

static const struct {
	int status;
	const char *code, *title, *message;
} errors[] = {
	{400, "bad_request", "There is a problem", "Some of what was sent could not be used."},
	{401, "unauthorised", "Sign in", "Sign in to use this page."},
	{403, "forbidden", "You cannot see this page", "You do not have permission to see this page."},
	{404, "not_found", "Page not found", "If you typed the web address, check it is correct. If you pasted it, check you copied the entire address."},
	{405, "method_not_allowed", "There is a problem", "That method is not allowed here."},
	{409, "conflict", "There is a problem", "This conflicts with a record that already exists."},
	{413, "too_large", "There is a problem", "What was sent is too large."},
	{414, "uri_too_long", "There is a problem", "The address is too long."},
	{415, "unsupported_media_type", "There is a problem", "That kind of content cannot be used here."},
	{429, "too_many_requests", "There is a problem", "Too many attempts. Wait and try again."},
	{431, "headers_too_large", "There is a problem", "The request headers are too large."},
	{500, "internal_error", "Sorry, there is a problem with the service", "Try again later."},
	{503, "unavailable", "Sorry, the service is unavailable", "Try again in a few minutes."},
};

sn_err reply_error(req *r, reply *out, int status, const char *message)
{
	(void)r;
	const char *code = "error", *title = "There is a problem", *msg = "";
	for (size_t i = 0; i < SN_ARRAY_LEN(errors); i++) {
		if (errors[i].status == status) {
			code = errors[i].code;
			title = errors[i].title;
			msg = errors[i].message;
		}
	}
	if (message)
		msg = message;
	out->status = status;
	out->tpl = "pages/error";
	out->title = title;
	out->location = NULL;
	out->view = json_pack("{s:s, s:s, s:s}", "error", code, "title", title,
			      "message", msg);
	return SN_OK;
}
