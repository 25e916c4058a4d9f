-- API tokens for partner systems (src/access/token.c, docs/api.md): a
-- token stands for one account, with its roles and relationships, on the
-- JSON API only. Only the SHA-256 (hex) of the token is kept, as for
-- sessions and password links; the token itself is shown once when it is
-- made. Times are UTC ISO-8601 text; expires_at NULL: it does not expire.
-- created_by: the user uuid of the administrator who made it, or "system"
-- (the command line).
CREATE TABLE api_tokens (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT,
  last_used_at TEXT,
  created_by TEXT NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);
