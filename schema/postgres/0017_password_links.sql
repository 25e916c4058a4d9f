-- One-time links to set a password (src/access/account.c): a forgotten
-- password from the sign-in page, or a new account's first, made by an
-- administrator. Only the SHA-256 of the link's token is kept; a link
-- works once, until expires_at (seconds since the epoch).
CREATE TABLE password_links (
  id_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('reset', 'welcome')),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX password_links_user ON password_links(user_id);
