/* Accounts and roles: create, change password, disable, list, load with
 * roles; role names. */
#include <stdio.h>
#include <string.h>

#include "access.h"

const char *const role_names[8] = {"resident",  "carer",     "worker",
				   "partner",   "coordinator", "moderator",
				   "commissioner", "admin"};

sn_err role_parse(const char *list, uint32_t *roles)
{
	*roles = 0;
	if (!list || !*list)
		return SN_EINPUT;
	const char *p = list;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		bool found = false;
		for (int i = 0; i < 8; i++) {
			if (strlen(role_names[i]) == n &&
			    strncmp(role_names[i], p, n) == 0) {
				*roles |= 1u << i;
				found = true;
			}
		}
		if (!found)
			return SN_EINPUT;
		p = end ? end + 1 : p + n;
	}
	return SN_OK;
}

char *role_describe(arena *a, uint32_t roles)
{
	buf b;
	buf_init(&b, 256);
	for (int i = 0; i < 8; i++)
		if (roles & (1u << i))
			buf_printf(&b, "%s%s", b.len ? ", " : "", role_names[i]);
	char *s = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return s;
}

static sn_err insert_roles(store *s, int64_t id, uint32_t roles)
{
	for (int i = 0; i < 8; i++) {
		if (!(roles & (1u << i)))
			continue;
		sn_err rc = store_run(s, "INSERT INTO user_roles(user_id, role) VALUES (?,?)",
				      "it", id, role_names[i]);
		if (rc)
			return rc;
	}
	return SN_OK;
}

sn_err user_add_hashed(store *s, const char *email, const char *name,
		       uint32_t roles, const char *hash, const char *uuid,
		       int64_t *id_out)
{
	char now[21];
	time_iso8601(time_now(), now);
	/* Emails are kept in lower case, so one plain unique index serves
	 * every backend. */
	char *lower = str_lower_ascii(xstrdup(email));
	int64_t id = 0;
	sn_err rc = store_one_i64(s, &id, "INSERT INTO users(uuid, email, name, password_hash, "
					  "created_at, updated_at) VALUES (?,?,?,?,?,?) RETURNING id",
				  "tttttt", uuid, lower, name, hash, now, now);
	free(lower);
	if (rc)
		return rc;
	if (id_out)
		*id_out = id;
	return insert_roles(s, id, roles);
}

sn_err user_add(store *s, const char *email, const char *name, uint32_t roles,
		const char *password, const char *actor, char *uuid_out,
		char *err, size_t err_size)
{
	const char *why = NULL;
	if (!str_is_email(email)) {
		snprintf(err, err_size, "'%s' is not an email address", email);
		return SN_EINPUT;
	}
	if (!name || !*name || strlen(name) > 200) {
		snprintf(err, err_size, "a name of 1 to 200 characters is needed");
		return SN_EINPUT;
	}
	if (!roles) {
		snprintf(err, err_size, "at least one role is needed");
		return SN_EINPUT;
	}
	if (password_policy(password, email, &why)) {
		snprintf(err, err_size, "%s", why);
		return SN_EINPUT;
	}
	char hash[128], uuid[37];
	if (password_hash(password, hash)) {
		snprintf(err, err_size, "cannot hash the password");
		return SN_EINTERNAL;
	}
	uuid_v4(uuid);
	sn_err rc = store_begin_write(s);
	if (!rc)
		rc = user_add_hashed(s, email, name, roles, hash, uuid, NULL);
	if (!rc) {
		audit_entry e = {actor, "admin", "user.add", NULL, ""};
		char rec[64];
		snprintf(rec, sizeof rec, "user:%s", uuid);
		e.record = rec;
		rc = audit_append(s, &e);
	}
	if (!rc)
		rc = store_commit(s);
	if (rc) {
		if (rc == SN_ECONFLICT)
			snprintf(err, err_size, "a user with email %s already exists", email);
		else
			snprintf(err, err_size, "cannot add user: %s", store_errmsg(s));
		store_rollback(s);
		return rc;
	}
	if (uuid_out)
		memcpy(uuid_out, uuid, 37);
	return SN_OK;
}

static sn_err update_user(store *s, const char *email_given, const char *sql,
			  const char *value, const char *action,
			  const char *actor, char *err, size_t err_size)
{
	char email[320];
	snprintf(email, sizeof email, "%s", email_given);
	str_lower_ascii(email);
	char now[21];
	time_iso8601(time_now(), now);
	sn_err rc = store_begin_write(s);
	if (!rc)
		rc = store_run(s, sql, "ttt", value, now, email);
	if (!rc && store_changes(s) == 0) {
		snprintf(err, err_size, "no user with email %s", email);
		rc = SN_ENOTFOUND;
		goto out;
	}
	if (!rc) {
		/* The audit names the account by its uuid, never its email. */
		store_stmt *st = NULL;
		char rec[64] = "user:";
		rc = store_query(s, &st, "SELECT uuid FROM users WHERE email = ?", "t", email);
		bool row = false;
		if (!rc)
			rc = store_step(st, &row);
		if (!rc && row)
			snprintf(rec, sizeof rec, "user:%s", store_col_text(st, 0));
		store_done(st);
		audit_entry e = {actor, "admin", action, rec, ""};
		if (!rc)
			rc = audit_append(s, &e);
	}
	/* A changed password or a disabled account ends its sessions. */
	if (!rc)
		rc = store_run(s, "DELETE FROM sessions WHERE user_id = "
				  "(SELECT id FROM users WHERE email = ?)",
			       "t", email);
	if (!rc)
		rc = store_commit(s);
	if (rc)
		snprintf(err, err_size, "cannot update user: %s", store_errmsg(s));
out:
	if (rc)
		store_rollback(s);
	return rc;
}

sn_err user_set_password(store *s, const char *email, const char *password,
			 const char *actor, char *err, size_t err_size)
{
	const char *why = NULL;
	if (password_policy(password, email, &why)) {
		snprintf(err, err_size, "%s", why);
		return SN_EINPUT;
	}
	char hash[128];
	if (password_hash(password, hash)) {
		snprintf(err, err_size, "cannot hash the password");
		return SN_EINTERNAL;
	}
	return update_user(s, email,
			   "UPDATE users SET password_hash = ?, updated_at = ? WHERE email = ?",
			   hash, "user.set_password", actor, err, err_size);
}

sn_err user_set_disabled(store *s, const char *email, bool disabled,
			 const char *actor, char *err, size_t err_size)
{
	return update_user(s, email,
			   "UPDATE users SET disabled = ?, updated_at = ? WHERE email = ?",
			   disabled ? "1" : "0",
			   disabled ? "user.disable" : "user.enable", actor, err,
			   err_size);
}

sn_err user_list(store *s, json_t **out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
				"SELECT u.uuid, u.email, u.name, u.disabled, coalesce(r.role, '') "
				"FROM users u LEFT JOIN user_roles r ON r.user_id = u.id "
				"ORDER BY u.email, r.role", "");
	if (rc)
		return rc;
	/* One row per role: consecutive rows of one user are merged. */
	json_t *list = json_array(), *cur = NULL;
	while (store_next(st, &rc)) {
		const char *uuid = store_col_text(st, 0);
		if (!cur || strcmp(json_string_value(json_object_get(cur, "uuid")), uuid) != 0) {
			cur = json_pack("{s:s, s:s, s:s, s:[], s:b}", "uuid", uuid,
					"email", store_col_text(st, 1), "name", store_col_text(st, 2),
					"roles", "disabled", (int)store_col_i64(st, 3));
			json_array_append_new(list, cur);
		}
		if (*store_col_text(st, 4))
			json_array_append_new(json_object_get(cur, "roles"),
					      json_string(store_col_text(st, 4)));
	}
	store_done(st);
	if (rc) {
		json_decref(list);
		return rc;
	}
	*out = list;
	return SN_OK;
}

sn_err user_load(store *s, int64_t id, arena *a, web_user **out)
{
	store_stmt *st = NULL;
	sn_err rc = store_query(s, &st,
				"SELECT uuid, name, email FROM users WHERE id = ? AND disabled = 0",
				"i", id);
	if (rc)
		return rc;
	bool row = false;
	rc = store_step(st, &row);
	if (!rc && !row)
		rc = SN_ENOTFOUND;
	web_user *u = NULL;
	if (!rc) {
		u = arena_alloc(a, sizeof *u);
		u->id = id;
		snprintf(u->uuid, sizeof u->uuid, "%s", store_col_text(st, 0));
		u->name = arena_strdup(a, store_col_text(st, 1));
		u->email = arena_strdup(a, store_col_text(st, 2));
	}
	store_done(st);
	if (rc)
		return rc;
	rc = store_query(s, &st, "SELECT role FROM user_roles WHERE user_id = ?", "i", id);
	if (rc)
		return rc;
	while (store_next(st, &rc)) {
		uint32_t r = 0;
		if (!role_parse(store_col_text(st, 0), &r))
			u->roles |= r;
	}
	store_done(st);
	if (!rc)
		*out = u;
	return rc;
}
