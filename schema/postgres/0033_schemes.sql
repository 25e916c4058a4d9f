-- Neighbourhood schemes (issue 18, docs/schemes.md): the members of each
-- scheme (data/schemes/schemes.json names the schemes), their vetting,
-- requests for help from people (made by them or their worker), the
-- coordinator's matching runs, the proposals each run made (with their
-- reasons and runner-up) and what the coordinator decided, and the
-- follow-ups a confirmed match schedules. Times are UTC ISO-8601 text,
-- days YYYY-MM-DD, money integer pence.

-- A helper: a volunteer, a host, a personal assistant, a shared lives
-- carer or a householder. Not a person record (they give support, they
-- are not receiving it); the coordinator's scheme role is what reaches
-- them. Lists (what they help with, languages, interests) are
-- comma-separated; availability is a mask of weekday x part of the day
-- (bit d * 3 + p: Monday morning is bit 0, Sunday evening bit 20).
CREATE TABLE sch_members (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  scheme TEXT NOT NULL,
  name TEXT NOT NULL,
  user_id BIGINT REFERENCES users(id),          -- their account, if any
  postcode TEXT NOT NULL DEFAULT '',
  lat_e6 INTEGER,                                -- the postcode's centroid, when known
  lon_e6 INTEGER,
  can_do TEXT NOT NULL DEFAULT '',               -- ids of the scheme's helps_with
  languages TEXT NOT NULL DEFAULT '',
  interests TEXT NOT NULL DEFAULT '',
  capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 20),
  avail INTEGER NOT NULL DEFAULT 0 CHECK (avail BETWEEN 0 AND 2097151),
  max_km INTEGER NOT NULL DEFAULT 0 CHECK (max_km BETWEEN 0 AND 100), -- 0: the scheme's
  smokes INTEGER NOT NULL DEFAULT 0 CHECK (smokes IN (0, 1)),       -- household profile
  pets INTEGER NOT NULL DEFAULT 0 CHECK (pets IN (0, 1)),
  step_free INTEGER NOT NULL DEFAULT 0 CHECK (step_free IN (0, 1)),
  rate_pence BIGINT NOT NULL DEFAULT 0 CHECK (rate_pence >= 0),     -- an hour (personal assistants)
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX sch_members_scheme ON sch_members(scheme, status, name);

-- Vetting, append-only: each check recorded or renewed is a new row, and
-- the latest counts. A coordinator signs the latest off.
CREATE TABLE sch_vetting (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id BIGINT NOT NULL REFERENCES sch_members(id) ON DELETE CASCADE,
  dbs TEXT NOT NULL CHECK (dbs IN ('none', 'basic', 'standard', 'enhanced')),
  dbs_on TEXT NOT NULL,                          -- YYYY-MM-DD: the certificate's date
  expires_on TEXT NOT NULL,                      -- YYYY-MM-DD: good through this day
  refs INTEGER NOT NULL DEFAULT 0 CHECK (refs BETWEEN 0 AND 5),
  training TEXT NOT NULL DEFAULT '',             -- ids of the scheme's training done
  recorded_by BIGINT REFERENCES users(id),
  recorded_at TEXT NOT NULL,
  signed_off_by BIGINT REFERENCES users(id),
  signed_off_at TEXT
);
CREATE INDEX sch_vetting_member ON sch_vetting(member_id, id);
CREATE INDEX sch_vetting_expires ON sch_vetting(expires_on);

-- A request for help for one person in one scheme. Where they are comes
-- from their postcode when the request is made.
CREATE TABLE sch_requests (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  scheme TEXT NOT NULL,
  person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  needs TEXT NOT NULL,                           -- ids of the scheme's helps_with
  demand INTEGER NOT NULL DEFAULT 1 CHECK (demand BETWEEN 1 AND 5),
  avail INTEGER NOT NULL CHECK (avail BETWEEN 1 AND 2097151),
  languages TEXT NOT NULL DEFAULT '',
  interests TEXT NOT NULL DEFAULT '',
  max_km INTEGER NOT NULL DEFAULT 0 CHECK (max_km BETWEEN 0 AND 100), -- 0: the scheme's
  no_smoking INTEGER NOT NULL DEFAULT 0 CHECK (no_smoking IN (0, 1)),
  no_pets INTEGER NOT NULL DEFAULT 0 CHECK (no_pets IN (0, 1)),
  needs_step_free INTEGER NOT NULL DEFAULT 0 CHECK (needs_step_free IN (0, 1)),
  max_rate_pence BIGINT NOT NULL DEFAULT 0 CHECK (max_rate_pence >= 0), -- 0: no limit
  notes TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',
  lat_e6 INTEGER,
  lon_e6 INTEGER,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'matched', 'closed')),
  closed_at TEXT,                                -- closed: no longer needed, or the help has ended
  closing_reason TEXT NOT NULL DEFAULT '',
  made_by BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX sch_requests_scheme ON sch_requests(scheme, status, id);
CREATE INDEX sch_requests_person ON sch_requests(person_id);

-- Helpers a request must not be matched with: those the person said they
-- do not want ('stated'), and those a coordinator declined ('declined').
CREATE TABLE sch_exclusions (
  request_id BIGINT NOT NULL REFERENCES sch_requests(id) ON DELETE CASCADE,
  member_id BIGINT NOT NULL REFERENCES sch_members(id) ON DELETE CASCADE,
  reason TEXT NOT NULL CHECK (reason IN ('stated', 'declined')),
  PRIMARY KEY (request_id, member_id)
);

-- A run of the matching engine over one scheme's open requests and
-- active members.
CREATE TABLE sch_runs (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  scheme TEXT NOT NULL,
  run_by BIGINT NOT NULL REFERENCES users(id),
  run_at TEXT NOT NULL,
  requests INTEGER NOT NULL,
  helpers INTEGER NOT NULL,
  pairs INTEGER NOT NULL,                        -- possible pairs
  matched INTEGER NOT NULL,
  total_cost BIGINT NOT NULL,
  method TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sch_runs_scheme ON sch_runs(scheme, id);

-- A proposal of a run: one helper for one request, its reasons (JSON:
-- the constraints that held, each cost term) and the runner-up. The
-- coordinator confirms or declines it; a later run supersedes those
-- still waiting.
CREATE TABLE sch_proposals (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  run_id BIGINT NOT NULL REFERENCES sch_runs(id) ON DELETE CASCADE,
  request_id BIGINT NOT NULL REFERENCES sch_requests(id) ON DELETE CASCADE,
  member_id BIGINT NOT NULL REFERENCES sch_members(id) ON DELETE CASCADE,
  cost BIGINT NOT NULL,
  reasons TEXT NOT NULL,
  runner_up_id BIGINT REFERENCES sch_members(id) ON DELETE SET NULL,
  runner_up_cost BIGINT NOT NULL DEFAULT 0,
  runner_up_reasons TEXT NOT NULL DEFAULT '',
  runner_up_taken INTEGER NOT NULL DEFAULT 0 CHECK (runner_up_taken IN (0, 1)),
  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'declined', 'superseded')),
  decided_by BIGINT REFERENCES users(id),
  decided_at TEXT,
  decline_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sch_proposals_run ON sch_proposals(run_id, id);
CREATE INDEX sch_proposals_request ON sch_proposals(request_id, status);
CREATE INDEX sch_proposals_member ON sch_proposals(member_id, status);

-- Follow-ups of a confirmed match (the scheme's followup_weeks after it).
CREATE TABLE sch_followups (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  proposal_id BIGINT NOT NULL REFERENCES sch_proposals(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  due_on TEXT NOT NULL,
  done_on TEXT,
  note TEXT NOT NULL DEFAULT '',
  done_by BIGINT REFERENCES users(id),
  UNIQUE (proposal_id, seq)
);
CREATE INDEX sch_followups_due ON sch_followups(done_on, due_on);
