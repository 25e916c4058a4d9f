-- Rules as data, editable by admins (src/rulesdata/, docs/rules.md "Rules
-- as data"): versioned copies of the rules documents that ship in data/.
-- A kind and name say which document (see docs/rules.md for the naming):
--   question_set  the set id           daily-living  (data/selfcheck/ID-vN.json)
--   ras_scheme    the scheme id        ashby-vale-2025-v1 (data/ras/ID.json)
--   rates         the tax year         2025-26       (data/rates/YEAR.json)
--   equipment     always 'catalogue'   catalogue     (data/equipment/catalogue.json)
-- At most one version of a document is adopted (in force); without one, the
-- shipped file is in force. Every upload and adoption is audited as
-- 'rules:KIND/NAME/vN'. gen is the rules generation at the row's last
-- adoption or retirement: max(gen) changes whenever what is in force
-- changes, so a process can cache parsed rules and reload them cheaply.
CREATE TABLE rules_data (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('question_set', 'ras_scheme', 'rates', 'equipment')),
  name TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version > 0),
  status TEXT NOT NULL CHECK (status IN ('draft', 'adopted', 'retired')),
  body TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,     -- the uploader's user uuid
  created_at TEXT NOT NULL,
  adopted_at TEXT,              -- the latest adoption
  gen BIGINT NOT NULL DEFAULT 0,
  UNIQUE (kind, name, version)
);
CREATE UNIQUE INDEX rules_data_in_force ON rules_data(kind, name) WHERE status = 'adopted';
CREATE INDEX rules_data_gen ON rules_data(gen);
