-- Search synonyms an admin edits ("lonely" also finds befriending and lunch
-- clubs), and reports of wrong information from the public.

CREATE TABLE dir_synonyms (
  word TEXT PRIMARY KEY,            -- one lower-case word as people type it
  also TEXT NOT NULL,               -- the words it also finds, space-separated
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- "Report a problem with this information": for the owning organisation
-- and the moderators. The reporter's contact is optional.
CREATE TABLE dir_reports (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  service_id INTEGER NOT NULL REFERENCES dir_services(id) ON DELETE CASCADE,
  what TEXT NOT NULL,               -- what is wrong
  contact TEXT NOT NULL DEFAULT '', -- an email or phone, if they want a reply
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at TEXT NOT NULL,
  closed_by INTEGER REFERENCES users(id),
  closed_at TEXT,
  outcome TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dir_reports_status ON dir_reports(status, created_at);
CREATE INDEX dir_reports_service ON dir_reports(service_id);
