-- Duplicate person records and merging them (issue 17, docs/referrals.md
-- "A person new to SupportNet", docs/security.md "Merging records").
--
-- A merged record stays as a tombstone: merged_into names the record that
-- survived (NULL normally), so its old address leads there, its audit
-- entries stay readable from the survivor's access log, and it no longer
-- appears in lists, searches or likely matches. Everything that pointed at
-- it points at the survivor.
ALTER TABLE people ADD COLUMN merged_into INTEGER REFERENCES people(id);
ALTER TABLE people ADD COLUMN merged_at TEXT;
ALTER TABLE people ADD COLUMN merged_by INTEGER REFERENCES users(id);
CREATE INDEX people_merged_into ON people(merged_into) WHERE merged_into IS NOT NULL;

-- A record made when a referral named someone new, and a record it may be
-- the same person as that its maker could not see: kept for review by the
-- workers who can reach both, never shown to the maker.
CREATE TABLE people_duplicates (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  candidate_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  found_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'merged', 'dismissed')),
  decided_by INTEGER REFERENCES users(id),
  decided_at TEXT,
  UNIQUE (person_id, candidate_id)
);
CREATE INDEX people_duplicates_open ON people_duplicates(status, id);
CREATE INDEX people_duplicates_candidate ON people_duplicates(candidate_id);
