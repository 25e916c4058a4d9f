-- Social prescribing (issue 17, docs/social-prescribing.md): a link
-- worker's caseload. A case is one person with one link worker, opened
-- from a GP's or another professional's referral (sp_gp_referrals) or by
-- the person themselves or someone else; the "what matters to me"
-- conversation in the person's own words (append-only: each save is a new
-- version); ONS4 and UCLA-3 at the start and at follow-up (the answers as
-- the wellbeing module writes them, JSON); follow-ups due at the
-- schedule's intervals (data/socialrx/schedule.json).

-- A referral from a GP practice or another professional, with the fields
-- of the Social Prescribing Information Standard where it names them. It
-- waits until a link worker picks it up, which makes (or finds) the
-- person's record and opens the case.
CREATE TABLE sp_gp_referrals (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'picked_up')),
  referrer_id INTEGER NOT NULL REFERENCES users(id),
  referrer_type TEXT NOT NULL CHECK (referrer_type IN ('gp', 'professional')),
  referrer_name TEXT NOT NULL,
  referrer_role TEXT NOT NULL,            -- professional role
  referrer_org TEXT NOT NULL,             -- organisation (e.g. the GP practice)
  referrer_phone TEXT NOT NULL DEFAULT '',
  referrer_email TEXT NOT NULL DEFAULT '',
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  date_of_birth TEXT NOT NULL,
  nhs_number TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  gp_practice TEXT NOT NULL DEFAULT '',   -- the person's GP practice
  reason TEXT NOT NULL,                   -- reason for referral
  what_matters TEXT NOT NULL DEFAULT '',  -- what matters to the person, as the referrer knows it
  communication_needs TEXT NOT NULL DEFAULT '', -- communication and accessibility needs
  risks TEXT NOT NULL DEFAULT '',         -- safeguarding and risk information
  other_services TEXT NOT NULL DEFAULT '',-- other services involved
  consent INTEGER NOT NULL CHECK (consent = 1), -- the person agreed to the referral and to share
  person_id INTEGER REFERENCES people(id),      -- a record the referrer could see, or the one made at pick-up
  created_at TEXT NOT NULL,
  picked_at TEXT,
  picked_by INTEGER REFERENCES users(id)
);
CREATE INDEX sp_gp_referrals_waiting ON sp_gp_referrals(status, id);
CREATE INDEX sp_gp_referrals_referrer ON sp_gp_referrals(referrer_id, id);

CREATE TABLE sp_cases (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  worker_id INTEGER NOT NULL REFERENCES users(id),   -- the link worker
  source TEXT NOT NULL CHECK (source IN ('gp', 'professional', 'self', 'other')),
  gp_referral_id INTEGER REFERENCES sp_gp_referrals(id),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  opened_at TEXT NOT NULL,
  first_conversation_on TEXT,            -- YYYY-MM-DD: the follow-ups count from it
  closed_at TEXT,
  closing_reason TEXT NOT NULL DEFAULT '',
  closing_note TEXT NOT NULL DEFAULT '',
  CHECK (status = 'open' OR closed_at IS NOT NULL)
);
CREATE INDEX sp_cases_worker ON sp_cases(worker_id, status, id);
CREATE INDEX sp_cases_person ON sp_cases(person_id, id);

CREATE TABLE sp_conversations (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES sp_cases(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  held_on TEXT NOT NULL,                 -- YYYY-MM-DD
  what_matters TEXT NOT NULL,
  going_well TEXT NOT NULL DEFAULT '',   -- what is going well, strengths
  want_to_change TEXT NOT NULL DEFAULT '',
  in_the_way TEXT NOT NULL DEFAULT '',   -- what might get in the way
  next_steps TEXT NOT NULL DEFAULT '',
  by_user INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  UNIQUE (case_id, version)
);

CREATE TABLE sp_measures (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES sp_cases(id) ON DELETE CASCADE,
  instrument TEXT NOT NULL CHECK (instrument IN ('ons4', 'ucla3')),
  stage TEXT NOT NULL CHECK (stage IN ('start', 'followup')),
  taken_on TEXT NOT NULL,                -- YYYY-MM-DD
  answers TEXT NOT NULL,                 -- wb_to_json's shape
  by_user INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX sp_measures_case ON sp_measures(case_id, stage, taken_on, id);

CREATE TABLE sp_followups (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES sp_cases(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,                  -- 1, 2, ... in the schedule's order
  label TEXT NOT NULL,
  due_on TEXT NOT NULL,                  -- YYYY-MM-DD
  done_on TEXT,
  outcome TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'going', 'stopped', 'not_started', 'no_contact')),
  note TEXT NOT NULL DEFAULT '',
  by_user INTEGER REFERENCES users(id),
  UNIQUE (case_id, seq)
);
CREATE INDEX sp_followups_due ON sp_followups(due_on) WHERE done_on IS NULL;
