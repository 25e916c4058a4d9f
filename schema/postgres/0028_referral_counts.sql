-- How many referrals each inbox and each sent list holds, by status, kept
-- up to date by triggers (bench/referrals, issue 17): the lists page like
-- ORUK and say their total, and counting a big organisation's inbox or a
-- busy worker's sent list took milliseconds at a million referrals, each
-- time. The trigger sees every way a referral is written or goes (a
-- person's erasure cascades), so no code path can forget.
--   box 'inbox': live referrals (drafts too; the lists leave them out) by
--                receiving organisation; owner_id is the organization's id
--   box 'sent':  every referral by its referrer; owner_id is the user's id
-- Rows that fall to 0 stay; n is never negative.
CREATE TABLE referral_counts (
  box TEXT NOT NULL CHECK (box IN ('inbox', 'sent')),
  owner_id BIGINT NOT NULL,
  status TEXT NOT NULL,
  n BIGINT NOT NULL CHECK (n >= 0),
  PRIMARY KEY (box, owner_id, status)
);

INSERT INTO referral_counts (box, owner_id, status, n)
  SELECT 'inbox', organization_id, status, count(*) FROM referrals WHERE mode = 'live'
  GROUP BY organization_id, status;
INSERT INTO referral_counts (box, owner_id, status, n)
  SELECT 'sent', referrer_id, status, count(*) FROM referrals GROUP BY referrer_id, status;

CREATE FUNCTION referral_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE referral_counts SET n = n - 1
      WHERE box = 'sent' AND owner_id = OLD.referrer_id AND status = OLD.status;
    IF OLD.mode = 'live' THEN
      UPDATE referral_counts SET n = n - 1
        WHERE box = 'inbox' AND owner_id = OLD.organization_id AND status = OLD.status;
    END IF;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO referral_counts (box, owner_id, status, n) VALUES ('sent', NEW.referrer_id, NEW.status, 1)
      ON CONFLICT (box, owner_id, status) DO UPDATE SET n = referral_counts.n + 1;
    IF NEW.mode = 'live' THEN
      INSERT INTO referral_counts (box, owner_id, status, n)
        VALUES ('inbox', NEW.organization_id, NEW.status, 1)
        ON CONFLICT (box, owner_id, status) DO UPDATE SET n = referral_counts.n + 1;
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER referral_counts_insert AFTER INSERT ON referrals
  FOR EACH ROW EXECUTE FUNCTION referral_counts_track();
CREATE TRIGGER referral_counts_delete AFTER DELETE ON referrals
  FOR EACH ROW EXECUTE FUNCTION referral_counts_track();
CREATE TRIGGER referral_counts_update AFTER UPDATE OF status, mode, organization_id, referrer_id
  ON referrals FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.mode IS DISTINCT FROM NEW.mode
    OR OLD.organization_id IS DISTINCT FROM NEW.organization_id
    OR OLD.referrer_id IS DISTINCT FROM NEW.referrer_id)
  EXECUTE FUNCTION referral_counts_track();

-- The inbox's pages, newest first, straight from an index for one
-- organisation (the page merges one such walk per organisation of the
-- reader's, instead of sorting the whole inbox). The mode and status are
-- in it so that SQLite sees it covers the walk.
CREATE INDEX referrals_inbox_order ON referrals(organization_id, id, mode, status) WHERE mode = 'live' AND status <> 'draft';
