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
  locality_id INTEGER NOT NULL,         -- 0: not known
  organization_id INTEGER NOT NULL,     -- 0: no partner organisation
  checklists INTEGER NOT NULL DEFAULT 0,
  referrals INTEGER NOT NULL DEFAULT 0,
  accepted INTEGER NOT NULL DEFAULT 0,
  completed INTEGER NOT NULL DEFAULT 0,
  accept_seconds INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, locality_id, organization_id)
) WITHOUT ROWID;

-- What one referral adds (sign 1) or takes away (sign -1), under its
-- checklist's key, when that checklist is completed.
-- (SQLite triggers cannot call a shared routine, so the text repeats.)
CREATE TRIGGER fc_funnel_referral_insert AFTER INSERT ON referrals WHEN NEW.checklist_id IS NOT NULL BEGIN
  INSERT INTO fc_funnel_months (month, locality_id, organization_id, referrals, accepted, completed, accept_seconds)
    SELECT substr(c.completed_at, 1, 7), coalesce(c.locality_id, 0), coalesce(c.organization_id, 0), 1,
      NEW.accepted_at IS NOT NULL, NEW.status = 'completed',
      CASE WHEN NEW.accepted_at IS NOT NULL AND NEW.requested_at IS NOT NULL
        THEN CAST(round((julianday(NEW.accepted_at) - julianday(NEW.requested_at)) * 86400) AS INTEGER) ELSE 0 END
    FROM fc_checklists c WHERE c.id = NEW.checklist_id AND c.status = 'completed' AND c.completed_at IS NOT NULL
    ON CONFLICT (month, locality_id, organization_id) DO UPDATE SET referrals = referrals + excluded.referrals,
      accepted = accepted + excluded.accepted, completed = completed + excluded.completed,
      accept_seconds = accept_seconds + excluded.accept_seconds;
END;

CREATE TRIGGER fc_funnel_referral_delete AFTER DELETE ON referrals WHEN OLD.checklist_id IS NOT NULL BEGIN
  UPDATE fc_funnel_months SET referrals = referrals - 1,
      accepted = accepted - (OLD.accepted_at IS NOT NULL), completed = completed - (OLD.status = 'completed'),
      accept_seconds = accept_seconds - CASE WHEN OLD.accepted_at IS NOT NULL AND OLD.requested_at IS NOT NULL
        THEN CAST(round((julianday(OLD.accepted_at) - julianday(OLD.requested_at)) * 86400) AS INTEGER) ELSE 0 END
    WHERE (month, locality_id, organization_id) = (SELECT substr(c.completed_at, 1, 7),
      coalesce(c.locality_id, 0), coalesce(c.organization_id, 0) FROM fc_checklists c
      WHERE c.id = OLD.checklist_id AND c.status = 'completed' AND c.completed_at IS NOT NULL);
END;

CREATE TRIGGER fc_funnel_referral_update AFTER UPDATE OF status, accepted_at, requested_at, checklist_id
  ON referrals WHEN OLD.checklist_id IS NOT NULL OR NEW.checklist_id IS NOT NULL BEGIN
  UPDATE fc_funnel_months SET referrals = referrals - 1,
      accepted = accepted - (OLD.accepted_at IS NOT NULL), completed = completed - (OLD.status = 'completed'),
      accept_seconds = accept_seconds - CASE WHEN OLD.accepted_at IS NOT NULL AND OLD.requested_at IS NOT NULL
        THEN CAST(round((julianday(OLD.accepted_at) - julianday(OLD.requested_at)) * 86400) AS INTEGER) ELSE 0 END
    WHERE OLD.checklist_id IS NOT NULL AND (month, locality_id, organization_id) = (SELECT substr(c.completed_at, 1, 7),
      coalesce(c.locality_id, 0), coalesce(c.organization_id, 0) FROM fc_checklists c
      WHERE c.id = OLD.checklist_id AND c.status = 'completed' AND c.completed_at IS NOT NULL);
  INSERT INTO fc_funnel_months (month, locality_id, organization_id, referrals, accepted, completed, accept_seconds)
    SELECT substr(c.completed_at, 1, 7), coalesce(c.locality_id, 0), coalesce(c.organization_id, 0), 1,
      NEW.accepted_at IS NOT NULL, NEW.status = 'completed',
      CASE WHEN NEW.accepted_at IS NOT NULL AND NEW.requested_at IS NOT NULL
        THEN CAST(round((julianday(NEW.accepted_at) - julianday(NEW.requested_at)) * 86400) AS INTEGER) ELSE 0 END
    FROM fc_checklists c WHERE c.id = NEW.checklist_id AND c.status = 'completed' AND c.completed_at IS NOT NULL
    ON CONFLICT (month, locality_id, organization_id) DO UPDATE SET referrals = referrals + excluded.referrals,
      accepted = accepted + excluded.accepted, completed = completed + excluded.completed,
      accept_seconds = accept_seconds + excluded.accept_seconds;
END;

-- A checklist: out of its old key when it was completed there, into its
-- new key when it is completed now, each time with its referrals.
CREATE TRIGGER fc_funnel_checklist_update AFTER UPDATE OF status, completed_at, locality_id, organization_id
  ON fc_checklists BEGIN
  UPDATE fc_funnel_months SET checklists = checklists - 1,
      referrals = referrals - (SELECT count(*) FROM referrals r WHERE r.checklist_id = OLD.id),
      accepted = accepted - (SELECT count(r.accepted_at) FROM referrals r WHERE r.checklist_id = OLD.id),
      completed = completed - (SELECT count(*) FROM referrals r WHERE r.checklist_id = OLD.id AND r.status = 'completed'),
      accept_seconds = accept_seconds - (SELECT coalesce(sum(CASE WHEN r.accepted_at IS NOT NULL AND r.requested_at IS NOT NULL
        THEN CAST(round((julianday(r.accepted_at) - julianday(r.requested_at)) * 86400) AS INTEGER) ELSE 0 END), 0)
        FROM referrals r WHERE r.checklist_id = OLD.id)
    WHERE OLD.status = 'completed' AND OLD.completed_at IS NOT NULL AND month = substr(OLD.completed_at, 1, 7)
      AND locality_id = coalesce(OLD.locality_id, 0) AND organization_id = coalesce(OLD.organization_id, 0);
  INSERT INTO fc_funnel_months (month, locality_id, organization_id, checklists, referrals, accepted, completed,
      accept_seconds)
    SELECT substr(NEW.completed_at, 1, 7), coalesce(NEW.locality_id, 0), coalesce(NEW.organization_id, 0), 1,
      count(r.id), count(r.accepted_at), coalesce(sum(r.status = 'completed'), 0),
      coalesce(sum(CASE WHEN r.accepted_at IS NOT NULL AND r.requested_at IS NOT NULL
        THEN CAST(round((julianday(r.accepted_at) - julianday(r.requested_at)) * 86400) AS INTEGER) ELSE 0 END), 0)
    FROM (SELECT NEW.id AS cid WHERE NEW.status = 'completed' AND NEW.completed_at IS NOT NULL) k
    LEFT JOIN referrals r ON r.checklist_id = k.cid GROUP BY k.cid
    ON CONFLICT (month, locality_id, organization_id) DO UPDATE SET checklists = checklists + excluded.checklists,
      referrals = referrals + excluded.referrals, accepted = accepted + excluded.accepted,
      completed = completed + excluded.completed, accept_seconds = accept_seconds + excluded.accept_seconds;
END;

CREATE TRIGGER fc_funnel_checklist_insert AFTER INSERT ON fc_checklists
  WHEN NEW.status = 'completed' AND NEW.completed_at IS NOT NULL BEGIN
  INSERT INTO fc_funnel_months (month, locality_id, organization_id, checklists)
    VALUES (substr(NEW.completed_at, 1, 7), coalesce(NEW.locality_id, 0), coalesce(NEW.organization_id, 0), 1)
    ON CONFLICT (month, locality_id, organization_id) DO UPDATE SET checklists = checklists + 1;
END;

CREATE TRIGGER fc_funnel_checklist_delete AFTER DELETE ON fc_checklists
  WHEN OLD.status = 'completed' AND OLD.completed_at IS NOT NULL BEGIN
  UPDATE fc_funnel_months SET checklists = checklists - 1 WHERE month = substr(OLD.completed_at, 1, 7)
    AND locality_id = coalesce(OLD.locality_id, 0) AND organization_id = coalesce(OLD.organization_id, 0);
END;

-- What is there already.
INSERT INTO fc_funnel_months (month, locality_id, organization_id, checklists, referrals, accepted, completed,
    accept_seconds)
  SELECT substr(c.completed_at, 1, 7), coalesce(c.locality_id, 0), coalesce(c.organization_id, 0),
    count(DISTINCT c.id), count(r.id), count(r.accepted_at), coalesce(sum(r.status = 'completed'), 0),
    coalesce(sum(CASE WHEN r.accepted_at IS NOT NULL AND r.requested_at IS NOT NULL
      THEN CAST(round((julianday(r.accepted_at) - julianday(r.requested_at)) * 86400) AS INTEGER) ELSE 0 END), 0)
  FROM fc_checklists c LEFT JOIN referrals r ON r.checklist_id = c.id
  WHERE c.status = 'completed' AND c.completed_at IS NOT NULL
  GROUP BY 1, 2, 3;
