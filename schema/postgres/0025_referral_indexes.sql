-- Referral lists at a million referrals (bench/referrals, issue 17): the
-- inbox counts and pages a partner's live, sent referrals. This index
-- holds exactly those, with the status and id (and the mode, so that
-- SQLite sees it covers the query), so the count and the page's ids come
-- from the index alone, without a table row, for any status filter.
CREATE INDEX referrals_inbox_live ON referrals(organization_id, status, id, mode)
  WHERE mode = 'live' AND status <> 'draft';
