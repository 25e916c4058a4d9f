-- Needs assessments (adults) and carers' assessments. The assessment row
-- holds the current state; every save adds a version, so the history is
-- kept whole. Personal data: reached only through the person's record
-- (a relationship or break glass), every read and write audited against
-- 'person:<uuid>'.
CREATE TABLE assessments (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('adult', 'carer')),
  status TEXT NOT NULL CHECK (status IN ('draft', 'decided')),
  version INTEGER NOT NULL CHECK (version > 0), -- the current version
  intake_id INTEGER REFERENCES intake_requests(id),
  created_by INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX assessments_person ON assessments(person_id);

-- record: the needs as recorded (JSON, see docs/assessment.md); computed:
-- elig_decide's result on it (JSON with the reasons). decision: the
-- worker's, on this version: 'confirmed' or 'overridden' (with a reason).
CREATE TABLE assessment_versions (
  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  record TEXT NOT NULL,
  computed_eligible INTEGER NOT NULL CHECK (computed_eligible IN (0, 1)),
  computed TEXT NOT NULL,
  decision TEXT CHECK (decision IN ('confirmed', 'overridden')),
  decided_eligible INTEGER CHECK (decided_eligible IN (0, 1)),
  decision_reason TEXT NOT NULL DEFAULT '',
  decided_by INTEGER REFERENCES users(id),
  decided_at TEXT,
  saved_by INTEGER NOT NULL REFERENCES users(id),
  saved_at TEXT NOT NULL,
  PRIMARY KEY (assessment_id, version)
);

-- The person's (and the worker's) comments on an assessment.
CREATE TABLE assessment_comments (
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  author_id INTEGER NOT NULL REFERENCES users(id),
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX assessment_comments_assessment ON assessment_comments(assessment_id);
