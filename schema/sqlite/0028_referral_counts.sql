-- How many referrals each inbox and each sent list holds, by status, kept
-- up to date by triggers (bench/referrals, issue 17): the lists page like
-- ORUK and say their total, and counting a big organisation's inbox or a
-- busy worker's sent list in the index took 4-13 ms at a million
-- referrals, each time. The triggers see every way a referral is written
-- or goes (a person's erasure cascades), so no code path can forget.
--   box 'inbox': live referrals (drafts too; the lists leave them out) by
--                receiving organisation; owner_id is the organization's id
--   box 'sent':  every referral by its referrer; owner_id is the user's id
-- Rows that fall to 0 stay; n is never negative.
CREATE TABLE referral_counts (
  box TEXT NOT NULL CHECK (box IN ('inbox', 'sent')),
  owner_id INTEGER NOT NULL,
  status TEXT NOT NULL,
  n INTEGER NOT NULL CHECK (n >= 0),
  PRIMARY KEY (box, owner_id, status)
) WITHOUT ROWID;

INSERT INTO referral_counts (box, owner_id, status, n)
  SELECT 'inbox', organization_id, status, count(*) FROM referrals WHERE mode = 'live'
  GROUP BY organization_id, status;
INSERT INTO referral_counts (box, owner_id, status, n)
  SELECT 'sent', referrer_id, status, count(*) FROM referrals GROUP BY referrer_id, status;

CREATE TRIGGER referral_counts_insert AFTER INSERT ON referrals BEGIN
  INSERT INTO referral_counts (box, owner_id, status, n) VALUES ('sent', NEW.referrer_id, NEW.status, 1)
    ON CONFLICT (box, owner_id, status) DO UPDATE SET n = n + 1;
  INSERT INTO referral_counts (box, owner_id, status, n)
    SELECT 'inbox', NEW.organization_id, NEW.status, 1 WHERE NEW.mode = 'live'
    ON CONFLICT (box, owner_id, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER referral_counts_delete AFTER DELETE ON referrals BEGIN
  UPDATE referral_counts SET n = n - 1
    WHERE box = 'sent' AND owner_id = OLD.referrer_id AND status = OLD.status;
  UPDATE referral_counts SET n = n - 1
    WHERE OLD.mode = 'live' AND box = 'inbox' AND owner_id = OLD.organization_id AND status = OLD.status;
END;

CREATE TRIGGER referral_counts_update AFTER UPDATE OF status, mode, organization_id, referrer_id
  ON referrals WHEN OLD.status IS NOT NEW.status OR OLD.mode IS NOT NEW.mode
    OR OLD.organization_id IS NOT NEW.organization_id OR OLD.referrer_id IS NOT NEW.referrer_id BEGIN
  UPDATE referral_counts SET n = n - 1
    WHERE box = 'sent' AND owner_id = OLD.referrer_id AND status = OLD.status;
  UPDATE referral_counts SET n = n - 1
    WHERE OLD.mode = 'live' AND box = 'inbox' AND owner_id = OLD.organization_id AND status = OLD.status;
  INSERT INTO referral_counts (box, owner_id, status, n) VALUES ('sent', NEW.referrer_id, NEW.status, 1)
    ON CONFLICT (box, owner_id, status) DO UPDATE SET n = n + 1;
  INSERT INTO referral_counts (box, owner_id, status, n)
    SELECT 'inbox', NEW.organization_id, NEW.status, 1 WHERE NEW.mode = 'live'
    ON CONFLICT (box, owner_id, status) DO UPDATE SET n = n + 1;
END;

-- The inbox's pages, newest first, straight from an index for one
-- organisation (the page merges one such walk per organisation of the
-- reader's, instead of sorting the whole inbox). The mode and status are
-- in it so that SQLite sees it covers the walk.
CREATE INDEX referrals_inbox_order ON referrals(organization_id, id, mode, status) WHERE mode = 'live' AND status <> 'draft';
