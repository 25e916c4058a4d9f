-- Self-directed support, part 1: the intake queue.

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
