-- What people hit in the built parts (issue 15).
--
-- One-time form ids (src/once): a form that stores something carries a
-- fresh id in a hidden field, and the handler remembers the id with what it
-- made, in the same transaction, so the same form sent again (a reload, a
-- double click, Back and send) leads to what was made instead of storing
-- it twice. An id is forgotten a day after it was used.
CREATE TABLE form_once (
  form_id TEXT PRIMARY KEY,
  made TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX form_once_created ON form_once(created_at);

-- A person's phone and email, kept from their request or typed by their
-- worker ('' when not known).
ALTER TABLE people ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN email TEXT NOT NULL DEFAULT '';
-- Finding a record by name: the people list's search and the check for
-- likely duplicates.
CREATE INDEX people_family_name ON people(lower(family_name));

-- Who asked, when someone asks for an assessment for another person.
ALTER TABLE intake_requests ADD COLUMN asker_name TEXT NOT NULL DEFAULT '';
ALTER TABLE intake_requests ADD COLUMN asker_relationship TEXT NOT NULL DEFAULT '';
