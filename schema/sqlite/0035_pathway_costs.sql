-- Pathway costs (issue 19, docs/costs.md): what health and care partners
-- spent on people, from their cost extracts (`supportnet import --costs`).
-- One row of cost_imports for each import (who, when, the file and its
-- counts); one row of pathway_costs for each row stored, linked to the
-- person whose NHS number it gave (the NHS number itself is not kept).
--   setting      'gp', 'a&e', 'ambulance', 'hospital-inpatient', ... (costs.h)
--   age_band     the person's age band on the day ('under-65', '65-74',
--                '75-84', '85+', '' not known), copied in when stored
--   fingerprint  SHA-256 of the row's NHS number, date, setting, pence and
--                its occurrence in its file (the 2nd identical row is
--                another cost): the same row imported twice is stored once
-- A person's erasure leaves their costs without a person; a merge moves
-- them to the record kept.
CREATE TABLE cost_imports (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  rows_read INTEGER NOT NULL,
  rows_stored INTEGER NOT NULL,
  rows_already INTEGER NOT NULL,
  rows_refused INTEGER NOT NULL
);

CREATE TABLE pathway_costs (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES cost_imports(id),
  person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  day TEXT NOT NULL,
  setting TEXT NOT NULL,
  cost_pence INTEGER NOT NULL CHECK (cost_pence >= 0),
  age_band TEXT NOT NULL DEFAULT '',
  fingerprint TEXT NOT NULL UNIQUE
);
CREATE INDEX pathway_costs_person ON pathway_costs(person_id);
CREATE INDEX pathway_costs_day ON pathway_costs(day);
-- Linking rows to people by NHS number.
CREATE INDEX people_nhs_number ON people(nhs_number);
