-- Evidence (issue 19, docs/insight.md): one row for each thing that
-- happened for a person that the commissioners' figures count. See the
-- SQLite migration of the same number for the words; the same tables.
CREATE TABLE activity (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  person_id BIGINT REFERENCES people(id) ON DELETE SET NULL,
  locality_id BIGINT NOT NULL DEFAULT 0,
  age_band TEXT NOT NULL DEFAULT '',
  carer INTEGER NOT NULL DEFAULT 0 CHECK (carer IN (0, 1)),
  day TEXT NOT NULL,
  value BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX activity_person ON activity(person_id);

CREATE TABLE activity_months (
  kind TEXT NOT NULL,
  month TEXT NOT NULL,
  detail TEXT NOT NULL,
  locality_id BIGINT NOT NULL,
  n BIGINT NOT NULL,
  total BIGINT NOT NULL,
  PRIMARY KEY (kind, month, detail, locality_id)
);

CREATE TABLE activity_equity (
  kind TEXT NOT NULL,
  month TEXT NOT NULL,
  detail TEXT NOT NULL,
  age_band TEXT NOT NULL,
  carer INTEGER NOT NULL,
  n BIGINT NOT NULL,
  total BIGINT NOT NULL,
  PRIMARY KEY (kind, month, detail, age_band, carer)
);

CREATE TABLE activity_people (
  kind TEXT NOT NULL,
  month TEXT NOT NULL,
  locality_id BIGINT NOT NULL,
  person_id BIGINT NOT NULL,
  PRIMARY KEY (kind, locality_id, person_id, month)
);

-- How many people each month and locality had of those kinds: the figures
-- beside a row (money, time) are shown only when some month of the period
-- had 10 or more (a sound lower bound of the period's people, read from a
-- few rows). Written with activity_people, when a person is new to a month.
CREATE TABLE activity_people_months (
  kind TEXT NOT NULL,
  locality_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  people BIGINT NOT NULL,
  PRIMARY KEY (kind, locality_id, month)
);

CREATE FUNCTION activity_months_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO activity_months (kind, month, detail, locality_id, n, total)
    VALUES (NEW.kind, substr(NEW.day, 1, 7), NEW.detail, NEW.locality_id, 1, NEW.value)
    ON CONFLICT (kind, month, detail, locality_id)
    DO UPDATE SET n = activity_months.n + 1, total = activity_months.total + EXCLUDED.total;
  INSERT INTO activity_equity (kind, month, detail, age_band, carer, n, total)
    VALUES (NEW.kind, substr(NEW.day, 1, 7), NEW.detail, NEW.age_band, NEW.carer, 1, NEW.value)
    ON CONFLICT (kind, month, detail, age_band, carer)
    DO UPDATE SET n = activity_equity.n + 1, total = activity_equity.total + EXCLUDED.total;
  RETURN NULL;
END $$;
CREATE TRIGGER activity_months_insert AFTER INSERT ON activity
  FOR EACH ROW EXECUTE FUNCTION activity_months_track();
