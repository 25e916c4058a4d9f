# shellcheck shell=bash
# Sourced by bench/referrals (not run): the SQL that adds ~1,000,000
# referrals with their history to a small demo area, in bulk, written once
# for both backends. The few places where SQLite and PostgreSQL differ are
# the small functions below; everything else is the same text.
#
# Expects: BACKEND (sqlite or postgres), T_NOW (unix seconds), REF_N
# (referrals), REF_PEOPLE (extra people). Deterministic for a given T_NOW.

SPAN=94608000 # three years of referrals, oldest first (id order = time order)

# seq_sql N: a one-column (n) relation 1..N.
seq_sql() {
  if [ "$BACKEND" = sqlite ]; then
    echo "(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < $1) SELECT n FROM s)"
  else
    echo "(SELECT generate_series(1::bigint, $1) AS n)"
  fi
}
# iso_sql EXPR: unix seconds -> "2026-12-07T10:20:13Z"; date_sql EXPR -> "1948-03-12".
iso_sql() {
  if [ "$BACKEND" = sqlite ]; then echo "strftime('%Y-%m-%dT%H:%M:%SZ', $1, 'unixepoch')"
  else echo "to_char(to_timestamp($1) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"; fi
}
date_sql() {
  if [ "$BACKEND" = sqlite ]; then echo "date($1, 'unixepoch')"
  else echo "to_char(to_timestamp($1) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"; fi
}
# hex_sql EXPR WIDTH / pad_sql EXPR WIDTH: zero-padded lower-case hex / decimal.
hex_sql() {
  if [ "$BACKEND" = sqlite ]; then echo "printf('%0$2x', $1)"
  else echo "lpad(to_hex($1), $2, '0')"; fi
}
pad_sql() {
  if [ "$BACKEND" = sqlite ]; then echo "printf('%0$2d', $1)"
  else echo "lpad(($1)::text, $2, '0')"; fi
}
least_sql() { if [ "$BACKEND" = sqlite ]; then echo "min($1, $2)"; else echo "least($1, $2)"; fi; }
# uuid_sql TAG EXPR: a uuid unique per EXPR (the tag keeps tables apart), version 4 shaped.
uuid_sql() {
  echo "$(hex_sql "($2 * 2654435761) % 4294967296" 8) || '-$1-4000-8000-' || $(hex_sql "$2" 12)"
}
# PostgreSQL plans joins on temporary tables well only once they have statistics.
analyze_temp() {
  [ "$BACKEND" = postgres ] && echo "ANALYZE bench_svc; ANALYZE bench_p; ANALYZE bench_pathsum; ANALYZE bench_meta; ANALYZE bench_names; ANALYZE bench_orgs;"
}
# explicit ids on PostgreSQL's identity columns
override() { [ "$BACKEND" = postgres ] && echo "OVERRIDING SYSTEM VALUE"; }

# data_setup_sql: the extra people (each with a worker), a member for every
# organisation that has none (so each inbox has someone answering it),
# varied service levels, and the numbered lists the referrals draw from.
data_setup_sql() {
  cat <<SQL
CREATE TEMP TABLE bench_names (k INTEGER, given TEXT, family TEXT);
INSERT INTO bench_names VALUES (0,'Ada','Ahmed'),(1,'Bilal','Baker'),(2,'Carol','Chen'),
  (3,'Dennis','Doyle'),(4,'Edith','Evans'),(5,'Farid','Fletcher'),(6,'Gwen','Garcia'),
  (7,'Harold','Hughes'),(8,'Irene','Iqbal'),(9,'Joan','Jones'),(10,'Kofi','Kowalski'),
  (11,'Lena','Lewis'),(12,'Mohammed','Murphy'),(13,'Nora','Nguyen'),(14,'Owen','Osei'),
  (15,'Pat','Patel'),(16,'Queenie','Quinn'),(17,'Ravi','Roberts'),(18,'Sally','Singh'),
  (19,'Trevor','Thomas'),(20,'Una','Usman'),(21,'Victor','Vaughan'),(22,'Winifred','Walsh');
CREATE TEMP TABLE bench_pc AS
  SELECT row_number() OVER (ORDER BY id) - 1 AS k, postcode, locality_id
  FROM people WHERE postcode IS NOT NULL AND locality_id IS NOT NULL;
INSERT INTO people (uuid, given_name, family_name, date_of_birth, postcode, locality_id,
  created_at, updated_at, phone, email)
SELECT $(uuid_sql b0b0 g.n), n1.given, n2.family,
  $(date_sql "-1262304000 + (g.n * 7919) % 2208988800"),
  pc.postcode, pc.locality_id, $(iso_sql "$T_NOW - $SPAN"), $(iso_sql "$T_NOW - $SPAN"),
  '07700 9' || $(pad_sql "g.n % 100000" 5), 'bench.person' || g.n || '@example.test'
FROM $(seq_sql "$REF_PEOPLE") g
JOIN bench_names n1 ON n1.k = g.n % 23
JOIN bench_names n2 ON n2.k = (g.n / 23) % 23
JOIN bench_pc pc ON pc.k = g.n % (SELECT count(*) FROM bench_pc);
CREATE TEMP TABLE bench_workers AS
  SELECT row_number() OVER (ORDER BY user_id) - 1 AS k, user_id FROM user_roles WHERE role = 'worker';
INSERT INTO relationships (person_id, user_id, kind, since)
SELECT p.id, w.user_id, 'worker', p.created_at FROM people p
JOIN bench_workers w ON w.k = p.id % (SELECT count(*) FROM bench_workers)
WHERE p.email LIKE 'bench.person%' AND NOT EXISTS (SELECT 1 FROM relationships r WHERE r.person_id = p.id);
-- The people referrals draw from: everyone with a worker, except Rose (hers come apart).
CREATE TEMP TABLE bench_p AS
  SELECT row_number() OVER (ORDER BY p.id) - 1 AS k, p.id AS person_id, min(r.user_id) AS worker_id
  FROM people p JOIN relationships r ON r.person_id = p.id AND r.kind = 'worker'
  WHERE p.user_id IS DISTINCT FROM (SELECT id FROM users WHERE email = 'resident@demo.supportnet.test')
  GROUP BY p.id;
-- One answering member for every organisation without one (an unusable password).
INSERT INTO users (uuid, email, name, password_hash, created_at, updated_at)
SELECT $(uuid_sql b0b1 o.id), 'receiver' || o.id || '@bench.supportnet.test', 'Receiver ' || o.id, '!',
  $(iso_sql "$T_NOW - $SPAN"), $(iso_sql "$T_NOW - $SPAN")
FROM dir_organizations o WHERE NOT EXISTS (SELECT 1 FROM dir_org_members m WHERE m.organization_id = o.id);
INSERT INTO user_roles (user_id, role) SELECT id, 'partner' FROM users WHERE email LIKE 'receiver%@bench.supportnet.test';
INSERT INTO dir_org_members (organization_id, user_id)
SELECT o.id, u.id FROM dir_organizations o JOIN users u ON u.email = 'receiver' || o.id || '@bench.supportnet.test';
-- Some services state their days to answer (3 to 10); the rest take the default.
UPDATE dir_services SET referral_days = 3 + id % 8 WHERE id % 3 = 0 AND referral_days IS NULL;
SQL
}

# at_sql OFF: when a step of the history happened, from the path's offset
# in hours (-1: the service's due time, -2: its escalation time), never
# later than just before now.
at_sql() {
  echo "CASE WHEN $1 = -1 THEN r.t0 + r.days * 86400 WHEN $1 = -2 THEN r.t0 + 2 * r.days * 86400
    ELSE $(least_sql "r.t0 + $1 * 3600" "$T_NOW - 60") END"
}

# data_referrals_sql: the referrals and their history (see bench/README.md,
# "Referrals", for the distribution). Runs in the same session as
# data_setup_sql's temporary tables.
data_referrals_sql() {
  cat <<SQL
CREATE INDEX bench_names_k ON bench_names (k);
CREATE TEMP TABLE bench_svc AS
  SELECT x.*, row_number() OVER (PARTITION BY x.partner ORDER BY x.id) - 1 AS k FROM (
    SELECT s.id, s.organization_id AS org_id, coalesce(s.referral_days, 5) AS days,
      CASE WHEN s.organization_id IN (SELECT m.organization_id FROM dir_org_members m
        JOIN users u ON u.id = m.user_id WHERE u.email = 'partner@demo.supportnet.test') THEN 1 ELSE 0 END AS partner
    FROM dir_services s WHERE s.status = 'active' AND s.moderation = 'published') x;
CREATE INDEX bench_svc_k ON bench_svc (partner, k);
-- Rose (the resident's own record) is k = -1, with Priya, her worker.
INSERT INTO bench_p (k, person_id, worker_id)
  SELECT -1, p.id, min(r.user_id) FROM people p JOIN relationships r ON r.person_id = p.id AND r.kind = 'worker'
  WHERE p.user_id = (SELECT id FROM users WHERE email = 'resident@demo.supportnet.test') GROUP BY p.id;
CREATE INDEX bench_p_k ON bench_p (k);
CREATE TEMP TABLE bench_recv AS SELECT organization_id AS org_id, min(user_id) AS user_id
  FROM dir_org_members GROUP BY organization_id;
CREATE TEMP TABLE bench_meta AS SELECT
  (SELECT count(*) FROM bench_svc WHERE partner = 1) AS nsp,
  (SELECT count(*) FROM bench_svc WHERE partner = 0) AS nso,
  (SELECT count(*) FROM bench_p WHERE k >= 0) AS np,
  (SELECT coalesce(max(id), 0) FROM referrals) AS base_ref,
  (SELECT coalesce(max(id), 0) FROM referral_events) AS base_ev,
  (SELECT coalesce(max(id), 0) FROM fc_checklists) AS base_fc,
  (SELECT count(*) FROM bench_recv) AS norg;
CREATE TEMP TABLE bench_orgs AS SELECT row_number() OVER (ORDER BY org_id) - 1 AS k, org_id FROM bench_recv;

-- Each state's history: the legal moves of src/referral/referral.h, in
-- order, with hours after sending; flags (overdue, escalated) by SupportNet.
CREATE TEMP TABLE bench_path (status TEXT, variant TEXT, k INTEGER, ev TEXT, off INTEGER, actor TEXT, note TEXT);
INSERT INTO bench_path VALUES
  ('draft', '', 0, 'draft', 0, 'referrer', 'Started, not sent yet'),
  ('requested', '', 0, 'requested', 0, 'referrer', 'Sent to the service'),
  ('requested', 'overdue', 0, 'requested', 0, 'referrer', 'Sent to the service'),
  ('requested', 'overdue', 1, 'overdue', -1, 'system', ''),
  ('requested', 'escalated', 0, 'requested', 0, 'referrer', 'Sent to the service'),
  ('requested', 'escalated', 1, 'overdue', -1, 'system', ''),
  ('requested', 'escalated', 2, 'escalated', -2, 'system', ''),
  ('received', '', 0, 'requested', 0, 'referrer', 'Sent to the service'),
  ('received', '', 1, 'received', 20, 'receiver', 'Thank you, we have this and will call soon.'),
  ('received', 'overdue', 0, 'requested', 0, 'referrer', 'Sent to the service'),
  ('received', 'overdue', 1, 'received', 20, 'receiver', 'Thank you, we have this and will call soon.'),
  ('received', 'overdue', 2, 'overdue', -1, 'system', ''),
  ('received', 'escalated', 0, 'requested', 0, 'referrer', 'Sent to the service'),
  ('received', 'escalated', 1, 'received', 20, 'receiver', 'Thank you, we have this and will call soon.'),
  ('received', 'escalated', 2, 'overdue', -1, 'system', ''),
  ('received', 'escalated', 3, 'escalated', -2, 'system', ''),
  ('accepted', '', 0, 'requested', 0, 'referrer', 'Sent to the service'),
  ('accepted', '', 1, 'received', 20, 'receiver', 'Thank you, we have this and will call soon.'),
  ('accepted', '', 2, 'accepted', 70, 'receiver', 'We can help: first visit booked.'),
  ('rejected', '', 0, 'requested', 0, 'referrer', 'Sent to the service'),
  ('rejected', '', 1, 'rejected', 30, 'receiver', 'Outside our area, sorry.'),
  ('rejected', 'received', 0, 'requested', 0, 'referrer', 'Sent to the service'),
  ('rejected', 'received', 1, 'received', 20, 'receiver', 'Thank you, we have this and will call soon.'),
  ('rejected', 'received', 2, 'rejected', 70, 'receiver', 'The group is full until spring.'),
  ('cancelled', '', 0, 'requested', 0, 'referrer', 'Sent to the service'),
  ('cancelled', '', 1, 'cancelled', 50, 'referrer', 'No longer needed: family are helping.'),
  ('in-progress', '', 0, 'requested', 0, 'referrer', 'Sent to the service'),
  ('in-progress', '', 1, 'received', 20, 'receiver', 'Thank you, we have this and will call soon.'),
  ('in-progress', '', 2, 'accepted', 70, 'receiver', 'We can help: first visit booked.'),
  ('in-progress', '', 3, 'in-progress', 170, 'receiver', 'First session went well.'),
  ('on-hold', '', 0, 'requested', 0, 'referrer', 'Sent to the service'),
  ('on-hold', '', 1, 'received', 20, 'receiver', 'Thank you, we have this and will call soon.'),
  ('on-hold', '', 2, 'accepted', 70, 'receiver', 'We can help: first visit booked.'),
  ('on-hold', '', 3, 'in-progress', 170, 'receiver', 'First session went well.'),
  ('on-hold', '', 4, 'on-hold', 500, 'receiver', 'Paused while in hospital.'),
  ('completed', '', 0, 'requested', 0, 'referrer', 'Sent to the service'),
  ('completed', '', 1, 'received', 20, 'receiver', 'Thank you, we have this and will call soon.'),
  ('completed', '', 2, 'accepted', 70, 'receiver', 'We can help: first visit booked.'),
  ('completed', '', 3, 'in-progress', 170, 'receiver', 'First session went well.'),
  ('completed', '', 4, 'completed', 1500, 'receiver', 'Finished the course.'),
  ('completed', 'hold', 0, 'requested', 0, 'referrer', 'Sent to the service'),
  ('completed', 'hold', 1, 'received', 20, 'receiver', 'Thank you, we have this and will call soon.'),
  ('completed', 'hold', 2, 'accepted', 70, 'receiver', 'We can help: first visit booked.'),
  ('completed', 'hold', 3, 'in-progress', 170, 'receiver', 'First session went well.'),
  ('completed', 'hold', 4, 'on-hold', 500, 'receiver', 'Paused while in hospital.'),
  ('completed', 'hold', 5, 'in-progress', 900, 'receiver', 'Back with us.'),
  ('completed', 'hold', 6, 'completed', 2000, 'receiver', 'Finished the course.'),
  ('completed', 'direct', 0, 'requested', 0, 'referrer', 'Sent to the service'),
  ('completed', 'direct', 1, 'accepted', 30, 'receiver', 'We can help: starts Monday.'),
  ('completed', 'direct', 2, 'completed', 700, 'receiver', 'Finished the course.'),
  ('completed', 'signpost', 0, 'completed', 0, 'referrer', 'Given the details to contact them.'),
  ('failed', '', 0, 'requested', 0, 'referrer', 'Sent to the service'),
  ('failed', '', 1, 'received', 20, 'receiver', 'Thank you, we have this and will call soon.'),
  ('failed', '', 2, 'accepted', 70, 'receiver', 'We can help: first visit booked.'),
  ('failed', '', 3, 'in-progress', 170, 'receiver', 'First session went well.'),
  ('failed', '', 4, 'failed', 1200, 'receiver', 'Stopped coming; we could not reach them.');
CREATE TEMP TABLE bench_pathsum AS SELECT status, variant, count(*) AS nev,
  max(CASE WHEN actor <> 'system' THEN off END) AS last_off,
  min(CASE WHEN ev IN ('received', 'accepted', 'rejected') THEN off END) AS answer_off,
  min(CASE WHEN ev = 'accepted' THEN off END) AS accept_off
  FROM bench_path GROUP BY status, variant;
$(analyze_temp)

-- One row per referral: who, where, when, which state. n in 1..N, oldest
-- first; h, u, v: independent spreads of n. 5% to the partner's services
-- (h % 20 = 0), 15% signposts, every (N/200)th Rose's. The last 30 days
-- hold the waiting states (draft, requested, received); older ones have
-- moved on.
CREATE TEMP TABLE bench_ref AS
SELECT z.*, m.base_ref + z.n AS id,
  m.base_ev + 1 + CAST(sum(ps.nev) OVER (ORDER BY z.n) AS BIGINT) - ps.nev AS ev0, ps.nev, ps.last_off, ps.answer_off, ps.accept_off
FROM (
  SELECT y.*, s.id AS service_id, s.org_id, s.days, p.person_id, p.worker_id AS referrer_id,
    CASE WHEN y.mode = 'signpost' THEN 'signpost'
      WHEN y.status IN ('requested', 'received') THEN
        CASE WHEN $T_NOW > y.t0 + 2 * s.days * 86400 THEN 'escalated'
             WHEN $T_NOW > y.t0 + s.days * 86400 THEN 'overdue' ELSE '' END
      WHEN y.status = 'completed' AND y.v % 4 = 0 THEN 'hold'
      WHEN y.status = 'completed' AND y.v % 4 < 3 THEN 'direct'
      WHEN y.status = 'rejected' AND y.v % 2 = 0 THEN 'received' ELSE '' END AS variant
  FROM (
    SELECT x.*,
      CASE WHEN x.mode = 'signpost' THEN 'completed'
        WHEN x.t0 > $T_NOW - 30 * 86400 THEN
          CASE WHEN x.u < 30 THEN 'draft' WHEN x.u < 330 THEN 'requested' WHEN x.u < 480 THEN 'received'
            WHEN x.u < 630 THEN 'accepted' WHEN x.u < 680 THEN 'rejected' WHEN x.u < 700 THEN 'cancelled'
            WHEN x.u < 900 THEN 'in-progress' WHEN x.u < 950 THEN 'on-hold' WHEN x.u < 990 THEN 'completed'
            ELSE 'failed' END
        ELSE
          CASE WHEN x.u < 20 THEN 'accepted' WHEN x.u < 120 THEN 'rejected' WHEN x.u < 180 THEN 'cancelled'
            WHEN x.u < 260 THEN 'in-progress' WHEN x.u < 290 THEN 'on-hold' WHEN x.u < 890 THEN 'completed'
            ELSE 'failed' END
      END AS status
    FROM (
      SELECT g.n, (g.n * 2654435761) % 1000003 AS h, (g.n * 48271) % 1000 AS u, (g.n * 69621) % 97 AS v,
        $T_NOW - ($REF_N - g.n) * $SPAN / $REF_N - (g.n * 7) % 3600 AS t0,
        CASE WHEN (g.n * 69621) % 97 < 15 THEN 'signpost' ELSE 'live' END AS mode
      FROM $(seq_sql "$REF_N") g
    ) x
  ) y
  CROSS JOIN bench_meta m0
  JOIN bench_svc s ON s.partner = CASE WHEN y.h % 20 = 0 THEN 1 ELSE 0 END
    AND s.k = (y.h / 20) % CASE WHEN y.h % 20 = 0 THEN m0.nsp ELSE m0.nso END
  JOIN bench_p p ON p.k = CASE WHEN y.n % $((REF_N / 200 > 0 ? REF_N / 200 : 1)) = 0 THEN -1 ELSE (y.n * 2246822519) % m0.np END
) z
CROSS JOIN bench_meta m
JOIN bench_pathsum ps ON ps.status = z.status AND ps.variant = z.variant;

CREATE TEMP TABLE bench_reasons (k INTEGER, reason TEXT);
INSERT INTO bench_reasons VALUES
  (0, 'Lives alone and has not been out since the winter; would like company.'),
  (1, 'Cares for her husband and needs a break and someone to talk to.'),
  (2, 'Finding it hard to get out since the fall; interested in a group nearby.'),
  (3, 'Struggling with bills since the benefits changed; wants advice.'),
  (4, 'Recently bereaved, would like to meet people locally.'),
  (5, 'Needs help with shopping while recovering from an operation.'),
  (6, 'Wants to get online to talk to family abroad.'),
  (7, 'Memory is getting worse; the family asked about a memory cafe.');

-- First Contact checklists: one for each ten referrals in a row, completed
-- when the first of them was made, by its referrer, for a visiting partner
-- organisation; the first three of the ten (the live ones) are its
-- referrals (about 100,000 checklists and 255,000 referrals at a million).
INSERT INTO fc_checklists (id, uuid, status, by_user, organization_id, person_id, given_name, family_name,
  birth_date, postcode, locality_id, answers, consent, referrals, created_at, updated_at, completed_at) $(override)
SELECT m.base_fc + 1 + (r.n - 1) / 10, $(uuid_sql b0b3 "(r.n - 1) / 10"), 'completed', r.referrer_id, o.org_id,
  r.person_id, pp.given_name, pp.family_name, coalesce(pp.date_of_birth, ''), coalesce(pp.postcode, ''),
  pp.locality_id, '{}', 1, 3, $(iso_sql r.t0), $(iso_sql r.t0), $(iso_sql r.t0)
FROM bench_ref r CROSS JOIN bench_meta m JOIN people pp ON pp.id = r.person_id
JOIN bench_orgs o ON o.k = ((r.n - 1) / 10) % m.norg
WHERE (r.n - 1) % 10 = 0
ORDER BY r.n;

INSERT INTO referrals (id, uuid, person_id, service_id, organization_id, referrer_id, mode, status,
  reason, outcome, consent, consent_at, shared_name, shared_birth_date, shared_postcode, shared_phone,
  shared_email, source, created_at, updated_at, requested_at, answered_at, accepted_at, due_at,
  escalate_at, flagged, last_event_id, checklist_id) $(override)
SELECT r.id, $(uuid_sql b0b2 r.n), r.person_id, r.service_id, r.org_id, r.referrer_id, r.mode, r.status,
  re.reason,
  CASE WHEN r.mode = 'signpost' THEN '' WHEN r.status = 'completed' THEN 'Goes every week now and has made friends.'
    WHEN r.status = 'failed' THEN 'Stopped coming; we could not reach them.' ELSE '' END,
  CASE WHEN r.mode = 'live' OR r.v % 2 = 0 THEN 1 ELSE 0 END,
  CASE WHEN r.mode = 'live' OR r.v % 2 = 0 THEN $(iso_sql r.t0) END,
  CASE WHEN r.mode = 'live' THEN pp.given_name || ' ' || pp.family_name ELSE '' END,
  CASE WHEN r.mode = 'live' THEN coalesce(pp.date_of_birth, '') ELSE '' END,
  CASE WHEN r.mode = 'live' THEN coalesce(pp.postcode, '') ELSE '' END,
  CASE WHEN r.mode = 'live' THEN pp.phone ELSE '' END,
  CASE WHEN r.mode = 'live' THEN pp.email ELSE '' END,
  CASE WHEN (r.n - 1) % 10 < 3 AND r.mode = 'live' THEN 'checklist' WHEN r.h % 10 < 3 THEN 'api' ELSE 'web' END,
  $(iso_sql r.t0), $(iso_sql "$(at_sql r.last_off)"),
  CASE WHEN r.mode = 'live' AND r.status <> 'draft' THEN $(iso_sql r.t0) END,
  CASE WHEN r.answer_off IS NOT NULL THEN $(iso_sql "$(at_sql r.answer_off)") END,
  CASE WHEN r.accept_off IS NOT NULL THEN $(iso_sql "$(at_sql r.accept_off)") END,
  CASE WHEN r.status IN ('requested', 'received') THEN $(iso_sql "r.t0 + r.days * 86400") END,
  CASE WHEN r.status IN ('requested', 'received') THEN $(iso_sql "r.t0 + 2 * r.days * 86400") END,
  CASE WHEN r.variant IN ('overdue', 'escalated') THEN r.variant ELSE '' END,
  r.ev0 + r.nev - 1,
  CASE WHEN (r.n - 1) % 10 < 3 AND r.mode = 'live' THEN mm.base_fc + 1 + (r.n - 1) / 10 END
FROM bench_ref r JOIN people pp ON pp.id = r.person_id JOIN bench_reasons re ON re.k = r.h % 8
CROSS JOIN bench_meta mm
ORDER BY r.n;

INSERT INTO referral_events (id, referral_id, status, at, by_user, note) $(override)
SELECT r.ev0 + pa.k, r.id, pa.ev, $(iso_sql "$(at_sql pa.off)"),
  CASE pa.actor WHEN 'referrer' THEN r.referrer_id WHEN 'receiver' THEN rc.user_id END, pa.note
FROM bench_ref r JOIN bench_path pa ON pa.status = r.status AND pa.variant = r.variant
JOIN bench_recv rc ON rc.org_id = r.org_id
ORDER BY r.n, pa.k;

-- The partner has looked at most of theirs (lists mark the others "Changed").
INSERT INTO referral_seen (referral_id, user_id, event_id)
SELECT r.id, u.id, r.ev0 + r.nev - 1 - CASE WHEN r.n % 7 = 0 THEN 1 ELSE 0 END
FROM bench_ref r JOIN dir_org_members m ON m.organization_id = r.org_id
JOIN users u ON u.id = m.user_id AND u.email = 'partner@demo.supportnet.test'
WHERE r.mode = 'live' AND r.status <> 'draft' AND r.n % 5 <> 0;
SQL
  if [ "$BACKEND" = postgres ]; then
    cat <<SQL
SELECT setval(pg_get_serial_sequence('referrals', 'id'), (SELECT max(id) FROM referrals));
SELECT setval(pg_get_serial_sequence('referral_events', 'id'), (SELECT max(id) FROM referral_events));
SELECT setval(pg_get_serial_sequence('fc_checklists', 'id'), (SELECT max(id) FROM fc_checklists));
SQL
  fi
}
