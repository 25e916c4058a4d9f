-- Secrets the processes of one area share, made by the first that needs
-- one (src/access/secret.c): "form-tokens" signs the CSRF tokens of
-- visitors who are not signed in, so that showing them a form stores
-- nothing (issue 15: 5,000 anonymous sessions from one client).
CREATE TABLE secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,          -- base64url of 32 random bytes
  created_at TEXT NOT NULL
);
