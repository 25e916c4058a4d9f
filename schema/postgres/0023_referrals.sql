-- Referrals (issue 17, docs/referrals.md): a person sent to a service in
-- the directory, by a referrer, for a reason, and what came of it.
--
-- States are FHIR Task's (src/referral/referral.h has the moves and who
-- may make each). A live referral goes to the receiving organisation's
-- inbox and needs the person's consent to share (recorded with it); a
-- signpost is only recorded, created completed. The receiving
-- organisation's members see only what the referral shares: the shared_*
-- columns, a snapshot taken with the consent, never the person's record.
-- Every change is a referral_events row (dated, by whom, with a note).

-- How many days a service takes to answer a referral (NULL: the default,
-- REF_ANSWER_DAYS_DEFAULT); overdue after it, escalated after twice it.
ALTER TABLE dir_services ADD COLUMN referral_days INTEGER
  CHECK (referral_days BETWEEN 1 AND 90);

CREATE TABLE referrals (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  service_id BIGINT NOT NULL REFERENCES dir_services(id),
  organization_id BIGINT NOT NULL REFERENCES dir_organizations(id), -- the receiver
  referrer_id BIGINT NOT NULL REFERENCES users(id),
  mode TEXT NOT NULL CHECK (mode IN ('live', 'signpost')),
  status TEXT NOT NULL CHECK (status IN ('draft', 'requested', 'received', 'accepted',
    'rejected', 'cancelled', 'in-progress', 'on-hold', 'completed', 'failed')),
  reason TEXT NOT NULL,
  outcome TEXT NOT NULL DEFAULT '',
  consent INTEGER NOT NULL CHECK (consent IN (0, 1)),
  consent_at TEXT,
  -- what the referral shares with the receiver ('' when not shared)
  shared_name TEXT NOT NULL DEFAULT '',
  shared_birth_date TEXT NOT NULL DEFAULT '',
  shared_postcode TEXT NOT NULL DEFAULT '',
  shared_phone TEXT NOT NULL DEFAULT '',
  shared_email TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT 'web' CHECK (source IN ('web', 'api', 'checklist', 'demo')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  requested_at TEXT,             -- sent to the inbox (live)
  answered_at TEXT,              -- first received, accepted or rejected
  accepted_at TEXT,
  due_at TEXT,                   -- answer by (while requested or received)
  escalate_at TEXT,              -- escalated after
  flagged TEXT NOT NULL DEFAULT '' CHECK (flagged IN ('', 'overdue', 'escalated')),
  last_event_id BIGINT NOT NULL DEFAULT 0,
  CHECK (mode = 'signpost' OR consent = 1)
);
CREATE INDEX referrals_inbox ON referrals(organization_id, status, id);
CREATE INDEX referrals_inbox_all ON referrals(organization_id, id);
CREATE INDEX referrals_sent ON referrals(referrer_id, status, id);
CREATE INDEX referrals_sent_all ON referrals(referrer_id, id);
CREATE INDEX referrals_person ON referrals(person_id, id);
CREATE INDEX referrals_due ON referrals(due_at) WHERE due_at IS NOT NULL;

CREATE TABLE referral_events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  referral_id BIGINT NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  at TEXT NOT NULL,
  by_user BIGINT REFERENCES users(id), -- NULL: SupportNet itself (overdue, escalated)
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX referral_events_referral ON referral_events(referral_id, id);

-- In the app: the last change each account has seen of a referral, so
-- lists can say "changed since you last looked".
CREATE TABLE referral_seen (
  referral_id BIGINT NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  event_id BIGINT NOT NULL,
  PRIMARY KEY (referral_id, user_id)
);
