-- Evidence (issue 19, docs/insight.md): one row for each thing that
-- happened for a person that the commissioners' figures count: a referral
-- made, accepted, completed or not met; a request; a budget approved;
-- direct-payment spend; timebank time; a match; a review and the measures
-- taken at it. Each feature writes its rows as it acts (activity.h), in the
-- same transaction. The person's locality, age band (on the day) and carer
-- status are copied in when the row is written, so figures by locality or
-- age band stay what they were when a person moves or has a birthday.
--   kind    'referral.made', 'ons4.happy', ... (docs/insight.md lists them)
--   detail  what the kind is split by: a need (the directory's taxonomy
--           code), a band, a status; '' for none
--   value   1 for a count; pence, minutes or a score for sums
-- A person's erasure leaves their rows without a person (the figures are
-- not about anyone); a merge moves them to the record kept.
CREATE TABLE activity (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  locality_id INTEGER NOT NULL DEFAULT 0,   -- 0: not known
  age_band TEXT NOT NULL DEFAULT '',        -- 'under-65', '65-74', '75-84', '85+', '' not known
  carer INTEGER NOT NULL DEFAULT 0 CHECK (carer IN (0, 1)),
  day TEXT NOT NULL,                        -- YYYY-MM-DD
  value INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX activity_person ON activity(person_id);

-- The figures' source: activity summed by month, kept by the trigger
-- below as activity is written (the pages never read activity itself, so
-- they take the same time at ten million rows as at ten), in two shapes:
-- by locality, and by the equity splits (age band, carer status). Each
-- table a page draws reads one kind's months of one of them.
-- `supportnet insight recount` rebuilds both after a bulk load.
CREATE TABLE activity_months (
  kind TEXT NOT NULL,
  month TEXT NOT NULL,                      -- YYYY-MM
  detail TEXT NOT NULL,
  locality_id INTEGER NOT NULL,
  n INTEGER NOT NULL,
  total INTEGER NOT NULL,
  PRIMARY KEY (kind, month, detail, locality_id)
) WITHOUT ROWID;

CREATE TABLE activity_equity (
  kind TEXT NOT NULL,
  month TEXT NOT NULL,
  detail TEXT NOT NULL,
  age_band TEXT NOT NULL,
  carer INTEGER NOT NULL,
  n INTEGER NOT NULL,
  total INTEGER NOT NULL,
  PRIMARY KEY (kind, month, detail, age_band, carer)
) WITHOUT ROWID;

-- Who a money or time figure is worked out from: each person once a month
-- for the kinds whose sums are shown (money is never shown from fewer than
-- 10 people). Written with the activity row; keyed so that one kind's
-- people by locality are one walk of the key, months within.
CREATE TABLE activity_people (
  kind TEXT NOT NULL,
  month TEXT NOT NULL,
  locality_id INTEGER NOT NULL,
  person_id INTEGER NOT NULL,
  PRIMARY KEY (kind, locality_id, person_id, month)
) WITHOUT ROWID;

-- How many people each month and locality had of those kinds: the figures
-- beside a row (money, time) are shown only when some month of the period
-- had 10 or more (a sound lower bound of the period's people, read from a
-- few rows). Written with activity_people, when a person is new to a month.
CREATE TABLE activity_people_months (
  kind TEXT NOT NULL,
  locality_id INTEGER NOT NULL,
  month TEXT NOT NULL,
  people INTEGER NOT NULL,
  PRIMARY KEY (kind, locality_id, month)
) WITHOUT ROWID;

CREATE TRIGGER activity_months_insert AFTER INSERT ON activity BEGIN
  INSERT INTO activity_months (kind, month, detail, locality_id, n, total)
    VALUES (NEW.kind, substr(NEW.day, 1, 7), NEW.detail, NEW.locality_id, 1, NEW.value)
    ON CONFLICT (kind, month, detail, locality_id)
    DO UPDATE SET n = n + 1, total = total + excluded.total;
  INSERT INTO activity_equity (kind, month, detail, age_band, carer, n, total)
    VALUES (NEW.kind, substr(NEW.day, 1, 7), NEW.detail, NEW.age_band, NEW.carer, 1, NEW.value)
    ON CONFLICT (kind, month, detail, age_band, carer)
    DO UPDATE SET n = n + 1, total = total + excluded.total;
END;
