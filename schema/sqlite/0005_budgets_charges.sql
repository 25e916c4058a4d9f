-- Indicative personal budgets and financial assessments.

-- Indicative personal budgets: the RAS applied to the answers recorded
-- with an assessment. Each save is a new row (the latest is in force), so
-- what a budget was, and under which scheme, is never lost; "what if"
-- reruns these answers through a draft scheme.
CREATE TABLE budgets (
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  assessment_version INTEGER NOT NULL,
  scheme TEXT NOT NULL,
  scheme_version INTEGER NOT NULL,
  year TEXT NOT NULL,
  client_group TEXT NOT NULL,
  answers TEXT NOT NULL,        -- JSON: the RAS case as given
  weekly_budget_pence INTEGER NOT NULL CHECK (weekly_budget_pence >= 0),
  result TEXT NOT NULL,         -- JSON: the points and the workings
  saved_by INTEGER NOT NULL REFERENCES users(id),
  saved_at TEXT NOT NULL
);
CREATE INDEX budgets_assessment ON budgets(assessment_id, id);

-- Financial assessments (charging for care at home): the case as given,
-- the weekly contribution and the workings. Each save is a new row; the
-- latest is in force.
CREATE TABLE financial_assessments (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  year TEXT NOT NULL,
  input TEXT NOT NULL,          -- JSON: the `rules charge` case
  weekly_charge_pence INTEGER NOT NULL CHECK (weekly_charge_pence >= 0),
  full_cost INTEGER NOT NULL CHECK (full_cost IN (0, 1)),
  result TEXT NOT NULL,         -- JSON: the result with its workings
  saved_by INTEGER NOT NULL REFERENCES users(id),
  saved_at TEXT NOT NULL
);
CREATE INDEX financial_assessments_person ON financial_assessments(person_id, id);
