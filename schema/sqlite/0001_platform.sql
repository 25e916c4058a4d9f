-- Platform: accounts, sessions, sign-in throttling, localities, people and
-- their relationships, break-glass access and the audit chain.
-- Conventions: public ids are UUID text; timestamps are UTC ISO-8601 text;
-- money is integer pence; durations are integer minutes.

CREATE TABLE localities (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('resident', 'carer', 'worker', 'partner',
    'coordinator', 'moderator', 'commissioner', 'admin')),
  PRIMARY KEY (user_id, role)
);

-- Sessions: only the SHA-256 of the cookie value is stored. Anonymous
-- sessions (user_id NULL) exist only to carry a CSRF token for the
-- sign-in form.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_seen ON sessions(last_seen_at);

-- Failed sign-ins per key ('account:<email>' or 'address:<ip>') within a
-- window; shared through the store so every process agrees.
CREATE TABLE throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_start INTEGER NOT NULL
);

-- Person records: the people who draw on care and support.
CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  date_of_birth TEXT,
  nhs_number TEXT,
  postcode TEXT,
  locality_id INTEGER REFERENCES localities(id),
  user_id INTEGER UNIQUE REFERENCES users(id), -- the person's own account
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Who may see a person's record, and why. kind: 'named' (someone the
-- person has named, e.g. a carer), 'worker' (the assigned worker).
-- Organisation access through open referrals joins here in a later issue.
CREATE TABLE relationships (
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('named', 'worker')),
  since TEXT NOT NULL,
  PRIMARY KEY (person_id, user_id, kind)
);
CREATE INDEX relationships_user ON relationships(user_id);

-- Break-glass access: time-limited, with a written reason.
CREATE TABLE break_glass (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  reason TEXT NOT NULL,
  granted_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX break_glass_user ON break_glass(user_id, person_id);

-- The audit chain. Each entry's hash is SHA-256 over the previous hash and
-- a canonical encoding of its own fields (see src/access/audit.c). The
-- triggers make the table append-only for the application; audit verify
-- catches changes made around them.
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,       -- user uuid, or 'system' / 'anonymous'
  role TEXT NOT NULL,        -- the role the actor acted in
  action TEXT NOT NULL,      -- e.g. 'person.read', 'auth.sign_in'
  record TEXT NOT NULL,      -- e.g. 'person:<uuid>', or ''
  reason TEXT NOT NULL,      -- why: relationship kind or break-glass reason
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END;
CREATE INDEX audit_record ON audit(record);
