-- Pathway costs (issue 19, docs/costs.md). See the SQLite migration of the
-- same number for the words; the same tables.
CREATE TABLE cost_imports (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  rows_read BIGINT NOT NULL,
  rows_stored BIGINT NOT NULL,
  rows_already BIGINT NOT NULL,
  rows_refused BIGINT NOT NULL
);

CREATE TABLE pathway_costs (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  import_id BIGINT NOT NULL REFERENCES cost_imports(id),
  person_id BIGINT REFERENCES people(id) ON DELETE SET NULL,
  day TEXT NOT NULL,
  setting TEXT NOT NULL,
  cost_pence BIGINT NOT NULL CHECK (cost_pence >= 0),
  age_band TEXT NOT NULL DEFAULT '',
  fingerprint TEXT NOT NULL UNIQUE
);
CREATE INDEX pathway_costs_person ON pathway_costs(person_id);
CREATE INDEX pathway_costs_day ON pathway_costs(day);
CREATE INDEX people_nhs_number ON people(nhs_number);
