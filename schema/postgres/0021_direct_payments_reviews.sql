-- Direct-payment spend and reviews (issue 16, docs/plans.md).
--
-- A direct-payment account belongs to a person's approved plan: payments
-- in (from the council), spending out, each against a line of the plan.
-- Entries are never edited: a mistake is put right by another entry
-- (kind 'correction', pointing at the entry it corrects). The running
-- balance is derived (ordered by on_date, id). Personal data: reached
-- through the person's record, audited like the plan.
CREATE TABLE dp_accounts (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  plan_id BIGINT REFERENCES plans(id),
  holder TEXT NOT NULL CHECK (holder IN ('person', 'nominee')),
  nominee_name TEXT NOT NULL DEFAULT '',
  opened_on TEXT NOT NULL,
  closed_on TEXT,
  -- alert settings (docs/plans.md "Alerts"): underspend over this share of
  -- the payments in over underspend_weeks; a balance above cap (reclaim)
  underspend_percent INTEGER NOT NULL DEFAULT 20 CHECK (underspend_percent BETWEEN 1 AND 100),
  underspend_weeks INTEGER NOT NULL DEFAULT 12 CHECK (underspend_weeks BETWEEN 1 AND 104),
  balance_cap_pence BIGINT CHECK (balance_cap_pence >= 0),
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX dp_accounts_person ON dp_accounts(person_id);

-- One import of a bank statement: all of its rows go in, or none.
CREATE TABLE dp_imports (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES dp_accounts(id) ON DELETE CASCADE,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  mapping TEXT NOT NULL,              -- JSON: the column mapping used
  rows_added INTEGER NOT NULL,
  rows_duplicate INTEGER NOT NULL,
  imported_by TEXT NOT NULL,          -- user uuid or 'system' (the CLI)
  imported_at TEXT NOT NULL
);

CREATE TABLE dp_entries (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES dp_accounts(id) ON DELETE CASCADE,
  on_date TEXT NOT NULL,              -- YYYY-MM-DD
  kind TEXT NOT NULL CHECK (kind IN ('payment_in', 'spend', 'refund', 'reclaim',
    'correction')),
  amount_pence BIGINT NOT NULL,      -- signed: money in > 0, money out < 0
  description TEXT NOT NULL DEFAULT '',
  plan_line TEXT NOT NULL DEFAULT '', -- the plan line's id, '' when none
  corrects BIGINT REFERENCES dp_entries(id),
  import_id BIGINT REFERENCES dp_imports(id),
  fingerprint TEXT NOT NULL DEFAULT '', -- for finding a statement row again
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX dp_entries_account ON dp_entries(account_id, on_date, id);
CREATE INDEX dp_entries_fingerprint ON dp_entries(account_id, fingerprint);

-- Quarterly returns the person (or nominee) submits.
CREATE TABLE dp_returns (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES dp_accounts(id) ON DELETE CASCADE,
  quarter_start TEXT NOT NULL,        -- YYYY-MM-DD, first day of the quarter
  totals TEXT NOT NULL,               -- JSON: in, out, by line, closing balance
  statement TEXT NOT NULL DEFAULT '', -- the person's own words
  submitted_by BIGINT NOT NULL REFERENCES users(id),
  submitted_at TEXT NOT NULL,
  UNIQUE (account_id, quarter_start)
);

-- Personal assistants employed through a direct payment (payroll stays
-- with a payroll provider): their hours, pay and holiday.
CREATE TABLE dp_assistants (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES dp_accounts(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  hourly_rate_pence BIGINT NOT NULL CHECK (hourly_rate_pence >= 0),
  contracted_minutes_week INTEGER NOT NULL DEFAULT 0 CHECK (contracted_minutes_week >= 0),
  holiday_minutes_year INTEGER NOT NULL DEFAULT 0 CHECK (holiday_minutes_year >= 0),
  started_on TEXT NOT NULL,
  ended_on TEXT
);
CREATE TABLE dp_timesheets (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  assistant_id BIGINT NOT NULL REFERENCES dp_assistants(id) ON DELETE CASCADE,
  week_start TEXT NOT NULL,           -- a Monday, YYYY-MM-DD
  worked_minutes INTEGER NOT NULL CHECK (worked_minutes >= 0),
  holiday_minutes INTEGER NOT NULL DEFAULT 0 CHECK (holiday_minutes >= 0),
  gross_pence BIGINT NOT NULL CHECK (gross_pence >= 0),
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TEXT NOT NULL,
  UNIQUE (assistant_id, week_start)
);

-- Reviews of a plan in force. kind says which due date it met, or
-- 'triggered' (something changed). outcomes: JSON, each goal's raw GAS
-- score (-2..2) and weight, with the T-score worked out from them;
-- wellbeing: JSON, ONS4 and UCLA-3 answers and the direct loneliness
-- question, only when the person agreed to answer (wellbeing_consent).
CREATE TABLE reviews (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  held_on TEXT NOT NULL,              -- YYYY-MM-DD
  kind TEXT NOT NULL CHECK (kind IN ('light_touch', 'direct_payment', 'annual', 'triggered')),
  what_changed TEXT NOT NULL DEFAULT '',
  person_view TEXT NOT NULL DEFAULT '',
  outcomes TEXT NOT NULL DEFAULT '[]',
  t_score_centi INTEGER,              -- the GAS T-score x 100, rounded half away from zero
  wellbeing_consent INTEGER NOT NULL DEFAULT 0 CHECK (wellbeing_consent IN (0, 1)),
  wellbeing TEXT NOT NULL DEFAULT '{}',
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX reviews_plan ON reviews(plan_id, held_on);
CREATE INDEX reviews_person ON reviews(person_id);

-- Something that brings a review forward (a fall, a carer who stops, the
-- person asking): due by due_on, met by the next review after raised_at.
CREATE TABLE review_triggers (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  reason TEXT NOT NULL,
  due_on TEXT NOT NULL,
  raised_by BIGINT NOT NULL REFERENCES users(id),
  raised_at TEXT NOT NULL
);
CREATE INDEX review_triggers_plan ON review_triggers(plan_id);
