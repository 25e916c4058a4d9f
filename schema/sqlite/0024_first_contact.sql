-- First Contact (issue 17, docs/first-contact.md): a checklist any partner
-- completes with a person on a visit; each "yes" leads to one or more
-- receiving services, possibly only in some localities; completing it
-- makes all its referrals at once, with consent asked once.

-- The questions, as an administrator edits them (kept, never deleted:
-- a completed checklist names the questions it asked).
CREATE TABLE fc_questions (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  hint TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Where a "yes" leads: a service, in every locality (locality_id NULL) or
-- only for people living in one.
CREATE TABLE fc_question_services (
  question_id INTEGER NOT NULL REFERENCES fc_questions(id) ON DELETE CASCADE,
  service_id INTEGER NOT NULL REFERENCES dir_services(id) ON DELETE CASCADE,
  locality_id INTEGER REFERENCES localities(id) ON DELETE CASCADE,
  UNIQUE (question_id, service_id, locality_id)
);

-- One visit's checklist: a draft until sent (kept if sending fails), then
-- completed with its referrals. The person's details are typed on the
-- visit; on sending they become (or are matched to) a person record.
CREATE TABLE fc_checklists (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('draft', 'completed')),
  by_user INTEGER NOT NULL REFERENCES users(id),
  organization_id INTEGER REFERENCES dir_organizations(id), -- the visiting partner's
  person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  given_name TEXT NOT NULL DEFAULT '',
  family_name TEXT NOT NULL DEFAULT '',
  birth_date TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  locality_id INTEGER REFERENCES localities(id),
  answers TEXT NOT NULL DEFAULT '{}',   -- JSON: {"<question uuid>": true|false}
  consent INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
  referrals INTEGER NOT NULL DEFAULT 0, -- how many it made
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  completed_at TEXT
);
CREATE INDEX fc_checklists_user ON fc_checklists(by_user, id);
CREATE INDEX fc_checklists_completed ON fc_checklists(completed_at) WHERE status = 'completed';

ALTER TABLE referrals ADD COLUMN checklist_id INTEGER REFERENCES fc_checklists(id);
CREATE INDEX referrals_checklist ON referrals(checklist_id) WHERE checklist_id IS NOT NULL;
