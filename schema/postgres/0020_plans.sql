-- Support plans (issue 16, docs/plans.md): the plan the person writes with
-- their worker, in their own words, and the money that follows it.
--
-- A plan belongs to a person (personal data: reached only through their
-- record, or by an approver while it waits for them; every read and write
-- audited against 'person:<uuid>'). The plan row holds the current state;
-- every save adds a version (the whole document as JSON, see
-- docs/plans.md), so any two versions can be compared. Status:
--   draft      being written (by the person, someone they named, the worker)
--   agreed     the person agreed version agreed_version (a later save
--              returns the plan to draft: agreement is to a version)
--   submitted  the worker submitted the agreed version for approval
--   approved   approved: the budget is fixed (budget_pence) and the plan is
--              in force (signed_off_on starts its reviews)
--   returned   the approver sent it back with a reason (then as draft)
--   superseded a later plan of the same person was approved
CREATE TABLE plans (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('draft', 'agreed', 'submitted', 'approved',
    'returned', 'superseded')),
  version INTEGER NOT NULL CHECK (version > 0), -- the current version
  sections_name TEXT NOT NULL,         -- the plan_sections document it follows
  sections_version INTEGER NOT NULL,
  budget_id BIGINT REFERENCES budgets(id), -- the indicative budget it was written to
  agreed_version INTEGER,
  agreed_by BIGINT REFERENCES users(id),
  agreed_at TEXT,
  submitted_by BIGINT REFERENCES users(id),
  submitted_at TEXT,
  decided_by BIGINT REFERENCES users(id),
  decided_at TEXT,
  return_reason TEXT NOT NULL DEFAULT '',
  budget_pence BIGINT CHECK (budget_pence >= 0), -- fixed weekly budget, set at approval
  signed_off_on TEXT,                  -- YYYY-MM-DD, the approval's date
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX plans_person ON plans(person_id, id);
CREATE INDEX plans_status ON plans(status);

CREATE TABLE plan_versions (
  plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  document TEXT NOT NULL,             -- JSON, docs/plans.md "The document"
  note TEXT NOT NULL DEFAULT '',      -- what changed, in the saver's words
  saved_by BIGINT NOT NULL REFERENCES users(id),
  saved_as TEXT NOT NULL,             -- basis: self, named, worker
  saved_at TEXT NOT NULL,
  PRIMARY KEY (plan_id, version)
);

-- Every step of sign-off and every comment, in order.
CREATE TABLE plan_events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('created', 'agreed', 'submitted', 'approved',
    'returned', 'comment', 'superseded')),
  section TEXT NOT NULL DEFAULT '',   -- a comment's section key, or ''
  body TEXT NOT NULL DEFAULT '',      -- the comment, or the reason
  by_user BIGINT REFERENCES users(id),
  at TEXT NOT NULL
);
CREATE INDEX plan_events_plan ON plan_events(plan_id, id);

-- Who may approve plans, and up to what weekly budget (the council's
-- scheme of delegation). A worker approves only a plan they did not submit.
CREATE TABLE approval_limits (
  user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  weekly_limit_pence BIGINT NOT NULL CHECK (weekly_limit_pence > 0),
  set_by TEXT NOT NULL,
  set_at TEXT NOT NULL
);

-- Pooled budgets: several people put part of their budgets into one shared
-- purchase. Each share is explicit; a share that leaves keeps its row
-- (left_on, left_reason) and the pool shows the gap until the shares are
-- set again.
CREATE TABLE pools (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  what TEXT NOT NULL DEFAULT '',       -- what it buys
  provider TEXT NOT NULL DEFAULT '',
  weekly_cost_pence BIGINT NOT NULL CHECK (weekly_cost_pence >= 0),
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  closed_on TEXT
);
CREATE TABLE pool_shares (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pool_id BIGINT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  weekly_share_pence BIGINT NOT NULL CHECK (weekly_share_pence >= 0),
  joined_on TEXT NOT NULL,
  left_on TEXT,
  left_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pool_shares_pool ON pool_shares(pool_id);
CREATE INDEX pool_shares_person ON pool_shares(person_id);

-- Plan sections are rules as data too (kind 'plan_sections').
ALTER TABLE rules_data DROP CONSTRAINT rules_data_kind_check;
ALTER TABLE rules_data ADD CONSTRAINT rules_data_kind_check CHECK (kind IN ('question_set',
  'ras_scheme', 'rates', 'equipment', 'plan_sections'));
