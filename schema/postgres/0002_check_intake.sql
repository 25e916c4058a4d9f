-- Self-directed support, part 1: rules held as data, and the intake queue.

-- Rules held as data and edited by admins: self-check question sets, RAS
-- schemes, charging rates tables, the equipment catalogue. Each change is a
-- new version; at most one version of each (kind, name) is in force
-- ('adopted'). Without an adopted row the copy shipped in data/ is used.
CREATE TABLE rules_data (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('question_set', 'ras_scheme', 'rates', 'equipment')),
  name TEXT NOT NULL,           -- 'daily-living', 'ashby-vale-2025', '2025-26', 'catalogue'
  version BIGINT NOT NULL CHECK (version > 0),
  status TEXT NOT NULL CHECK (status IN ('draft', 'adopted', 'retired')),
  body TEXT NOT NULL,           -- the JSON document, as its parser in src/ reads it
  note TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,     -- user uuid, or 'system'
  created_at TEXT NOT NULL,
  adopted_at TEXT,
  UNIQUE (kind, name, version)
);
CREATE UNIQUE INDEX rules_data_in_force ON rules_data(kind, name) WHERE status = 'adopted';

-- Contacts and requests for an assessment, waiting for a worker. A
-- self-check arrives here only when the person chose to send it and said
-- yes to sharing it (consent_at). Personal data: read by workers through
-- the queue, every read and change audited as 'intake:<uuid>'.
CREATE TABLE intake_requests (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL CHECK (source IN ('self_check', 'contact')),
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'taken', 'closed')),
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  date_of_birth TEXT,           -- ISO date, when given
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',
  locality_id BIGINT REFERENCES localities(id),
  for_whom TEXT NOT NULL DEFAULT 'self' CHECK (for_whom IN ('self', 'someone_else')),
  consent_at TEXT NOT NULL,
  answers TEXT NOT NULL,        -- JSON: the questions as asked and the answers given
  summary TEXT NOT NULL DEFAULT '',
  may_be_eligible INTEGER NOT NULL DEFAULT 0 CHECK (may_be_eligible IN (0, 1)),
  created_at TEXT NOT NULL,
  taken_by BIGINT REFERENCES users(id),
  taken_at TEXT,
  person_id BIGINT REFERENCES people(id),
  closed_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX intake_status ON intake_requests(status, created_at);
