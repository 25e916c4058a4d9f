-- The First Contact funnel report by month (docs/first-contact.md, "At
-- scale"), kept up to date by triggers: per month a checklist was
-- completed, its locality and its partner organisation (0 for none), how
-- many checklists, their referrals, how many of those were accepted and
-- completed, and the seconds from sending to accepting summed (for the
-- average). The report reads these few rows instead of grouping every
-- checklist and referral of the period (issue 17: p99 under 50 ms at a
-- million referrals). A referral counts while its checklist is completed,
-- under the checklist's month, locality and partner; the triggers see
-- every write to either table, in any order, so no code path can forget.
CREATE TABLE fc_funnel_months (
  month TEXT NOT NULL,                  -- YYYY-MM of completed_at
  locality_id BIGINT NOT NULL,          -- 0: not known
  organization_id BIGINT NOT NULL,      -- 0: no partner organisation
  checklists BIGINT NOT NULL DEFAULT 0,
  referrals BIGINT NOT NULL DEFAULT 0,
  accepted BIGINT NOT NULL DEFAULT 0,
  completed BIGINT NOT NULL DEFAULT 0,
  accept_seconds BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (month, locality_id, organization_id)
);

-- Seconds from sending to accepting (0 when either is missing).
CREATE FUNCTION fc_accept_seconds(acc TEXT, req TEXT) RETURNS BIGINT LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN acc IS NOT NULL AND req IS NOT NULL
    THEN CAST(extract(epoch FROM (acc::timestamptz - req::timestamptz)) AS BIGINT) ELSE 0 END
$$;

-- What one referral adds (sgn 1) or takes away (sgn -1), under its
-- checklist's key, when that checklist is completed.
CREATE FUNCTION fc_funnel_referral_delta(cid BIGINT, sgn INTEGER, acc TEXT, req TEXT, st TEXT)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE c record;
BEGIN
  SELECT substr(completed_at, 1, 7) AS m, coalesce(locality_id, 0) AS l, coalesce(organization_id, 0) AS o
    INTO c FROM fc_checklists WHERE id = cid AND status = 'completed' AND completed_at IS NOT NULL;
  IF NOT FOUND THEN RETURN; END IF;
  INSERT INTO fc_funnel_months (month, locality_id, organization_id, referrals, accepted, completed, accept_seconds)
    VALUES (c.m, c.l, c.o, sgn, sgn * (acc IS NOT NULL)::int, sgn * (st = 'completed')::int,
      sgn * fc_accept_seconds(acc, req))
    ON CONFLICT (month, locality_id, organization_id) DO UPDATE SET
      referrals = fc_funnel_months.referrals + excluded.referrals,
      accepted = fc_funnel_months.accepted + excluded.accepted,
      completed = fc_funnel_months.completed + excluded.completed,
      accept_seconds = fc_funnel_months.accept_seconds + excluded.accept_seconds;
END $$;

CREATE FUNCTION fc_funnel_referral() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.checklist_id IS NOT NULL THEN
    PERFORM fc_funnel_referral_delta(OLD.checklist_id, -1, OLD.accepted_at, OLD.requested_at, OLD.status);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.checklist_id IS NOT NULL THEN
    PERFORM fc_funnel_referral_delta(NEW.checklist_id, 1, NEW.accepted_at, NEW.requested_at, NEW.status);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER fc_funnel_referral_insert AFTER INSERT ON referrals
  FOR EACH ROW WHEN (NEW.checklist_id IS NOT NULL) EXECUTE FUNCTION fc_funnel_referral();
CREATE TRIGGER fc_funnel_referral_delete AFTER DELETE ON referrals
  FOR EACH ROW WHEN (OLD.checklist_id IS NOT NULL) EXECUTE FUNCTION fc_funnel_referral();
CREATE TRIGGER fc_funnel_referral_update AFTER UPDATE OF status, accepted_at, requested_at, checklist_id
  ON referrals FOR EACH ROW WHEN (OLD.checklist_id IS NOT NULL OR NEW.checklist_id IS NOT NULL)
  EXECUTE FUNCTION fc_funnel_referral();

-- A checklist: out of its old key when it was completed there, into its
-- new key when it is completed now, each time with its referrals.
CREATE FUNCTION fc_funnel_checklist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'completed' AND OLD.completed_at IS NOT NULL THEN
    UPDATE fc_funnel_months f SET checklists = f.checklists - 1, referrals = f.referrals - x.n,
        accepted = f.accepted - x.a, completed = f.completed - x.c, accept_seconds = f.accept_seconds - x.s
      FROM (SELECT count(r.id) AS n, count(r.accepted_at) AS a, count(*) FILTER (WHERE r.status = 'completed') AS c,
              coalesce(sum(fc_accept_seconds(r.accepted_at, r.requested_at)), 0) AS s
            FROM referrals r WHERE r.checklist_id = OLD.id) x
      WHERE f.month = substr(OLD.completed_at, 1, 7) AND f.locality_id = coalesce(OLD.locality_id, 0)
        AND f.organization_id = coalesce(OLD.organization_id, 0);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.status = 'completed' AND NEW.completed_at IS NOT NULL THEN
    INSERT INTO fc_funnel_months (month, locality_id, organization_id, checklists, referrals, accepted, completed,
        accept_seconds)
      SELECT substr(NEW.completed_at, 1, 7), coalesce(NEW.locality_id, 0), coalesce(NEW.organization_id, 0), 1,
        count(r.id), count(r.accepted_at), count(*) FILTER (WHERE r.status = 'completed'),
        coalesce(sum(fc_accept_seconds(r.accepted_at, r.requested_at)), 0)
      FROM referrals r WHERE r.checklist_id = NEW.id
      ON CONFLICT (month, locality_id, organization_id) DO UPDATE SET
        checklists = fc_funnel_months.checklists + excluded.checklists,
        referrals = fc_funnel_months.referrals + excluded.referrals,
        accepted = fc_funnel_months.accepted + excluded.accepted,
        completed = fc_funnel_months.completed + excluded.completed,
        accept_seconds = fc_funnel_months.accept_seconds + excluded.accept_seconds;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER fc_funnel_checklist_insert AFTER INSERT ON fc_checklists
  FOR EACH ROW EXECUTE FUNCTION fc_funnel_checklist();
CREATE TRIGGER fc_funnel_checklist_delete AFTER DELETE ON fc_checklists
  FOR EACH ROW EXECUTE FUNCTION fc_funnel_checklist();
CREATE TRIGGER fc_funnel_checklist_update AFTER UPDATE OF status, completed_at, locality_id, organization_id
  ON fc_checklists FOR EACH ROW EXECUTE FUNCTION fc_funnel_checklist();

-- What is there already.
INSERT INTO fc_funnel_months (month, locality_id, organization_id, checklists, referrals, accepted, completed,
    accept_seconds)
  SELECT substr(c.completed_at, 1, 7), coalesce(c.locality_id, 0), coalesce(c.organization_id, 0),
    count(DISTINCT c.id), count(r.id), count(r.accepted_at), count(*) FILTER (WHERE r.status = 'completed'),
    coalesce(sum(fc_accept_seconds(r.accepted_at, r.requested_at)), 0)
  FROM fc_checklists c LEFT JOIN referrals r ON r.checklist_id = c.id
  WHERE c.status = 'completed' AND c.completed_at IS NOT NULL
  GROUP BY 1, 2, 3;
