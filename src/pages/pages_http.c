/* Handlers for the public pages, operations endpoints and assets. */
#include <stdio.h>
#include <string.h>

#include "../access/access.h"
#include "../base/embed.h"
#include "pages.h"

/* What each person can do now, from the home page: everyone's first, then
 * by role (0: everyone; PERM_SIGNED_IN: anyone signed in). The link texts
 * differ from the navigation's, so each link's name says where it goes. */
static const struct {
	uint32_t roles;
	const char *href, *title, *what;
} home_items[] = {
	{0, "/find", "Find help and things to do",
	 "Community groups, activities and services near you, by what you need and how far you can go."},
	{0, "/check/self", "Check what help you might get",
	 "A short self-check: what might help, whether the council could help with care, and asking for an assessment."},
	{0, "/check", "Work out what you might pay",
	 "Calculators for eligibility, an indicative personal budget and what you might pay towards care, and the equipment catalogue."},
	{R_RESIDENT | R_CARER, "/me", "Your record and assessments",
	 "Your details, assessments and indicative budget, or those of the person you care for, and your comments on them."},
	{R_WORKER | R_CARER, "/people", "The people you support", "The people you support, their assessments, budgets and financial assessments."},
	{R_WORKER, "/intake", "Requests for an assessment", "Requests for an assessment that people have sent, to take or close."},
	{R_PARTNER, "/partner", "Your organisation's directory entries", "Your organisation's entries in the directory: change them, add one, confirm they are still right."},
	{R_MODERATOR, "/moderation", "Moderate the directory", "Partners' changes waiting, likely duplicates, reports of wrong information and entries overdue a check."},
	{R_COMMISSIONER | R_ADMIN, "/ras/what-if", "Try a draft resource allocation scheme", "A draft resource allocation scheme run over every budget, with small numbers hidden."},
	{R_ADMIN, "/admin/accounts", "Manage accounts", "Add accounts, change what people can do, disable an account or send a link to reset a password."},
	{R_ADMIN, "/admin/rules", "Change the rules", "Question sets, RAS schemes, charging rates and the equipment catalogue: upload, compare and adopt."},
	{R_ADMIN, "/admin", "The audit log and other settings", "The audit log and its check, search synonyms and entries overdue a review."},
	{PERM_SIGNED_IN, "/account", "Your password and where you are signed in", "Change your password, and see where you are signed in."},
};

sn_err pages_home(req *r, reply *out)
{
	json_t *v = json_object(), *items = json_array();
	uint32_t roles = r->user ? r->user->roles : 0;
	for (size_t i = 0; i < SN_ARRAY_LEN(home_items); i++) {
		uint32_t need = home_items[i].roles;
		bool mine = need == 0 || (need == PERM_SIGNED_IN ? r->user != NULL : (roles & need) != 0);
		if (mine)
			json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "href", home_items[i].href, "title",
							       home_items[i].title, "what", home_items[i].what));
	}
	json_object_set_new(v, "items", items);
	if (r->user) {
		json_object_set_new(v, "signed_in", json_true());
		json_object_set_new(v, "name", json_string(r->user->name));
		json_object_set_new(v, "is_coordinator", json_boolean(roles & R_COORDINATOR));
	}
	return reply_page(out, 200, "pages/home", "Find support and plan your own care", v);
}

sn_err pages_accessibility(req *r, reply *out)
{
	(void)r;
	return reply_page(out, 200, "pages/accessibility", "Accessibility statement", NULL);
}

sn_err pages_privacy(req *r, reply *out)
{
	(void)r;
	return reply_page(out, 200, "pages/privacy", "Privacy notice", NULL);
}

sn_err pages_cookies(req *r, reply *out)
{
	(void)r;
	json_t *v = json_pack("{s:I, s:I}", "idle_minutes",
			      (json_int_t)(web_session_idle_seconds() / 60),
			      "max_hours", (json_int_t)(web_session_max_seconds() / 3600));
	return reply_page(out, 200, "pages/cookies", "Cookies", v);
}

sn_err pages_healthz(req *r, reply *out)
{
	(void)r;
	store *db = store_acquire();
	bool ok = db && !store_ping(db);
	store_release(db);
	if (!ok)
		return reply_text(out, 503, "text/plain; charset=utf-8", "store unavailable\n");
	return reply_text(out, 200, "text/plain; charset=utf-8", "ok\n");
}

sn_err pages_metrics(req *r, reply *out)
{
	(void)r;
	buf b;
	buf_init(&b, 4u * 1024u * 1024u);
	sn_err rc = metrics_render(&b);
	if (rc) {
		buf_free(&b);
		return rc;
	}
	out->status = 200;
	out->content_type = "text/plain; version=0.0.4; charset=utf-8";
	out->body = b.data ? b.data : xstrdup("");
	out->body_len = b.len;
	out->body_free = true;
	return SN_OK;
}

static const char *content_type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".json", "application/json"},
		{".woff2", "font/woff2"},
	};
	for (size_t i = 0; dot && i < SN_ARRAY_LEN(types); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

sn_err pages_asset(req *r, reply *out)
{
	const char *name = req_get(r, "path");
	const embed_file *f = embed_find(embed_assets, name);
	if (!f)
		return SN_ENOTFOUND;
	/* The build's commit names the version of every asset. */
	const char *etag = arena_printf(r->a, "\"%s-%zu\"", SN_COMMIT, f->len);
	const char *inm = req_header(r, "If-None-Match");
	out->etag = etag;
	out->cache_control = "public, max-age=86400";
	if (inm && strcmp(inm, etag) == 0) {
		out->status = 304;
		out->body = "";
		out->body_len = 0;
		return SN_OK;
	}
	out->status = 200;
	out->content_type = content_type_of(name);
	out->body = f->data;
	out->body_len = f->len;
	return SN_OK;
}
