// Neighbourhood schemes (issue 18, docs/schemes.md): the coordinator's
// home (waiting requests, proposals to confirm, vetting about to expire,
// follow-ups); a member added and vetted; a matching run whose proposals
// carry their reasons and runner-up; confirming (follow-ups set) and
// declining (the pair is not proposed again, the request waits); bad
// input refused naming the field with nothing stored; every other role
// refused (403); a worker asking for help for someone they support, and
// refused (and audited) for someone they do not; expired vetting out of
// matching; what a member offers changed; the vetting reminders, once per
// member per expiry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, auditCount, signedIn, sqlRows } from './http-helpers.mjs';

let srv, dev, priya, tom, rose, partner, commissioner, admin, roseId;
before(async () => {
  srv = await startServer();
  [dev, priya, tom, rose, partner, commissioner, admin] = await Promise.all(
    ['coordinator', 'worker', 'worker2', 'resident', 'partner', 'commissioner', 'admin'].map((l) => signedIn(srv.url, l)));
  roseId = (await rose.get('/me')).headers.get('location').match(/\/people\/([0-9a-f-]{36})$/)[1];
});
after(async () => { await srv?.stop(); });

const formId = (html) => html.match(/name="form_id" value="([^"]*)"/)?.[1] || '';
/** Posts fields (an object, or a list of [name, value] for repeated names) with the page's form id. */
const post = async (client, path, fields, page) => {
  const html = page ? (await client.get(page)).text_ : '';
  const list = Array.isArray(fields) ? fields : Object.entries(fields);
  return client.post(path, [['csrf_token', client.token], ['form_id', formId(html)], ...list]);
};
const view = async (client, path) => jsonOf(await client.get(path, { headers: JSON_ACCEPT }));
const errorsOf = (res) => [...res.text_.matchAll(/<a href="#([^"]+)">/g)].map((m) => m[1]);
const count = (table, where = '1=1') => Number(sqlRows(srv.db, `SELECT count(*) FROM ${table} WHERE ${where}`)[0][0]);

test("the coordinator's home: proposals, waiting requests, vetting to renew, follow-ups", async () => {
  assert.equal((await dev.get('/schemes')).status, 200);
  const v = await view(dev, '/schemes');
  assert.equal(v.schemes.length, 5);
  assert.ok(v.proposals.length >= 2, `proposals waiting: ${v.proposals.length}`);
  assert.ok(v.waiting.length >= 3, `requests waiting: ${v.waiting.length}`);
  assert.ok(v.vetting.some((m) => m.expired), 'an expired member');
  assert.ok(v.vetting.some((m) => !m.expired && m.state === 'Expires soon'), 'a member expiring within 30 days');
  assert.ok(v.followups.some((f) => f.overdue), 'an overdue follow-up');
  assert.ok(v.followups.some((f) => !f.overdue), 'a follow-up due this week');
  for (const who of [priya, rose, partner, commissioner, admin]) {
    assert.equal((await who.get('/schemes')).status, 403);
    assert.equal((await who.get('/schemes/good-neighbours')).status, 403);
  }
  assert.equal((await dev.get('/schemes/no-such-scheme')).status, 404);
});

test('a member is added (bad input refused naming each field) and vetted', async () => {
  const page = '/schemes/good-neighbours/members/new';
  const n = count('sch_members');
  let res = await post(dev, '/schemes/good-neighbours/members', [['name', ''], ['postcode', 'nowhere'],
    ['capacity', '99'], ['avail', 'mon-night'], ['languages', 'a,b,c,d,e,f,g,h,i']], page);
  assert.equal(res.status, 422);
  assert.deepEqual(errorsOf(res).sort(), ['avail', 'can_do', 'capacity', 'languages', 'name', 'postcode']);
  assert.equal(count('sch_members'), n, 'nothing stored');
  const pc = sqlRows(srv.db, "SELECT postcode FROM people WHERE given_name = 'Rose' AND family_name = 'Ashdown'")[0][0];
  res = await post(dev, '/schemes/good-neighbours/members', [['name', 'Nell Test-Helper'], ['postcode', pc],
    ['can_do', 'lift'], ['can_do', 'chat'], ['avail', 'mon-am'], ['avail', 'tue-am'], ['avail', 'wed-am'],
    ['avail', 'thu-am'], ['avail', 'fri-am'], ['languages', 'English'], ['interests', 'gardening, music']], page);
  assert.equal(res.status, 303, res.text_);
  const member = res.headers.get('location').match(/members\/([0-9a-f-]{36})/)[1];
  let m = await view(dev, `/schemes/members/${member}`);
  assert.equal(m.member.state, 'Not vetted');
  // vetting: a bad date and level refused, nothing stored
  const vet = `/schemes/members/${member}/vetting`;
  res = await post(dev, vet, { dbs: 'gold', 'dbs_on-day': '31', 'dbs_on-month': '2', 'dbs_on-year': '2026',
    'expires_on-day': '1', 'expires_on-month': '1', 'expires_on-year': '2030', refs: '9' }, `/schemes/members/${member}`);
  assert.equal(res.status, 422);
  assert.deepEqual(errorsOf(res).sort(), ['dbs', 'dbs_on-day', 'refs']);
  assert.equal(count('sch_vetting', `member_id = (SELECT id FROM sch_members WHERE uuid = '${member}')`), 0);
  const year = new Date().getUTCFullYear();
  res = await post(dev, vet, [['dbs', 'basic'], ['dbs_on-day', '1'], ['dbs_on-month', '1'], ['dbs_on-year', String(year)],
    ['expires_on-day', '1'], ['expires_on-month', '1'], ['expires_on-year', String(year + 3)], ['refs', '1'],
    ['training', 'safeguarding']], `/schemes/members/${member}`);
  assert.equal(res.status, 303, res.text_);
  m = await view(dev, `/schemes/members/${member}`);
  assert.equal(m.member.state, 'Vetting incomplete', 'not signed off yet');
  assert.equal(m.member.can_sign, true);
  res = await dev.post(`/schemes/members/${member}/sign-off`, { csrf_token: dev.token });
  assert.equal(res.status, 303);
  m = await view(dev, `/schemes/members/${member}`);
  assert.equal(m.member.state, 'Valid');
  assert.equal((await dev.post(`/schemes/members/${member}/sign-off`, { csrf_token: dev.token })).status, 409);
  // what they offer: availability and capacity (good neighbours take at most 6)
  res = await dev.post(`/schemes/members/${member}/offer`, [['csrf_token', dev.token], ['offer', '1'], ['capacity', '7']]);
  assert.equal(res.status, 422);
  assert.deepEqual(errorsOf(res).sort(), ['avail', 'capacity']);
  assert.equal((await view(dev, `/schemes/members/${member}`)).member.capacity, 2, 'nothing changed');
  res = await dev.post(`/schemes/members/${member}/offer`, [['csrf_token', dev.token], ['offer', '1'], ['capacity', '3'],
    ['avail', 'sat-am'], ['avail', 'sun-pm']]);
  assert.equal(res.status, 303);
  m = await view(dev, `/schemes/members/${member}`);
  assert.equal(m.member.capacity, 3);
  assert.equal(m.member.avail, 'Saturday morning, Sunday afternoon');
  assert.equal((await priya.get(`/schemes/members/${member}`)).status, 403);
});

test('run matching: proposals with reasons and runner-up; confirm sets follow-ups; decline frees the request', async () => {
  const a0 = auditCount(srv.db);
  let res = await post(dev, '/schemes/good-neighbours/match', {}, '/schemes/good-neighbours');
  assert.equal(res.status, 303, res.text_);
  const run = res.headers.get('location').match(/runs\/([0-9a-f-]{36})/)[1];
  let r = await view(dev, `/schemes/runs/${run}`);
  assert.ok(r.run.matched >= 2, `matched ${r.run.matched}`);
  assert.equal(r.proposals.length, r.run.matched);
  assert.ok(auditCount(srv.db) > a0, 'the run audited its reads');
  for (const p of r.proposals) {
    assert.ok(p.reasons.all_held, 'every constraint held');
    assert.deepEqual(p.reasons.constraints.map((c) => c.words).slice(0, 2), ['Vetting valid today', 'Has room for another person']);
    assert.equal(p.reasons.terms.length, 4, 'distance, language, interests, continuity');
    if (p.has_runner_up) assert.match(p.runner_up.more, /^-?\d+$/);
    assert.equal(p.waiting, true);
  }
  assert.ok(r.proposals.some((p) => p.has_runner_up), 'a runner-up somewhere');
  // the expired member is never proposed, nor anyone's runner-up
  const expired = sqlRows(srv.db, "SELECT m.name FROM sch_members m JOIN sch_vetting v ON v.member_id = m.id "
    + `WHERE m.scheme = 'good-neighbours' AND v.expires_on < '${new Date().toISOString().slice(0, 10)}'`).map((x) => x[0]);
  assert.equal(expired.length, 1);
  for (const p of r.proposals) {
    assert.notEqual(p.helper, expired[0]);
    if (p.has_runner_up) assert.notEqual(p.runner_up.name, expired[0]);
  }
  // the run's proposals are the engine's optimum: the stored total is the sum of the proposals' costs
  const stored = sqlRows(srv.db, `SELECT c.cost FROM sch_proposals c JOIN sch_runs r ON r.id = c.run_id WHERE r.uuid = '${run}'`);
  assert.equal(stored.reduce((s, x) => s + Number(x[0]), 0), r.run.total_cost);
  // confirm the first
  const [first, second] = r.proposals;
  res = await dev.post(`/schemes/proposals/${first.id}/confirm`, { csrf_token: dev.token });
  assert.equal(res.status, 303);
  let p = await view(dev, `/schemes/proposals/${first.id}`);
  assert.equal(p.proposal.confirmed, true);
  assert.equal(p.followups.length, 2, 'after 2 and 6 weeks');
  const due = sqlRows(srv.db, `SELECT f.due_on FROM sch_followups f JOIN sch_proposals c ON c.id = f.proposal_id WHERE c.uuid = '${first.id}' ORDER BY f.seq`).map((x) => x[0]);
  const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
  assert.deepEqual(due, [day(14), day(42)]);
  assert.equal((await dev.post(`/schemes/proposals/${first.id}/confirm`, { csrf_token: dev.token })).status, 409);
  // decline the second: an empty reason is refused and changes nothing
  res = await dev.post(`/schemes/proposals/${second.id}/decline`, { csrf_token: dev.token, reason: '' });
  assert.equal(res.status, 422);
  assert.deepEqual(errorsOf(res), ['reason']);
  assert.equal((await view(dev, `/schemes/proposals/${second.id}`)).proposal.waiting, true, 'nothing changed');
  res = await dev.post(`/schemes/proposals/${second.id}/decline`, { csrf_token: dev.token, reason: 'They met before and it did not work out.' });
  assert.equal(res.status, 303);
  p = await view(dev, `/schemes/proposals/${second.id}`);
  assert.equal(p.proposal.declined, true);
  const home = await view(dev, '/schemes');
  assert.ok(home.waiting.some((w) => w.id === second.request_id), 'the declined request waits for the next run');
  // the next run does not propose the declined pair again
  res = await post(dev, '/schemes/good-neighbours/match', {}, '/schemes/good-neighbours');
  r = await view(dev, res.headers.get('location'));
  assert.ok(!r.proposals.some((x) => x.request_id === second.request_id && x.helper_id === second.helper_id));
  assert.ok(!r.proposals.some((x) => x.request_id === first.request_id), 'a matched request is not proposed again');
  // the follow-up recorded
  const fu = Number(sqlRows(srv.db, `SELECT f.id FROM sch_followups f JOIN sch_proposals c ON c.id = f.proposal_id WHERE c.uuid = '${first.id}' AND f.seq = 1`)[0][0]);
  res = await dev.post(`/schemes/follow-ups/${fu}`, { csrf_token: dev.token, note: 'Going well: every Tuesday.' });
  assert.equal(res.status, 303);
  p = await view(dev, `/schemes/proposals/${first.id}`);
  assert.equal(p.followups[0].done, true);
  assert.equal((await dev.post(`/schemes/follow-ups/${fu}`, { csrf_token: dev.token, note: 'again' })).status, 409);
  // closing the matched request: the helper has room again, the follow-ups stop
  const used = async () => (await view(dev, `/schemes/members/${first.helper_id}`)).member.in_use;
  const before_ = await used();
  res = await dev.post(`/schemes/requests/${first.request_id}/close`, { csrf_token: dev.token, reason: '' });
  assert.equal(res.status, 422);
  assert.deepEqual(errorsOf(res), ['reason']);
  res = await dev.post(`/schemes/requests/${first.request_id}/close`, { csrf_token: dev.token, reason: 'Moved into a care home.' });
  assert.equal(res.status, 303);
  assert.equal(await used(), before_ - 1);
  assert.equal((await view(dev, `/schemes/requests/${first.request_id}`)).status, 'Closed');
  assert.ok(!(await view(dev, '/schemes')).followups.some((f) => f.id === first.id), 'no follow-up due once closed');
  assert.equal((await dev.post(`/schemes/requests/${first.request_id}/close`, { csrf_token: dev.token, reason: 'again' })).status, 409);
  // other roles cannot run, confirm or decline
  for (const who of [priya, partner, admin]) {
    assert.equal((await who.post('/schemes/good-neighbours/match', { csrf_token: who.token })).status, 403);
    assert.equal((await who.post(`/schemes/proposals/${second.id}/confirm`, { csrf_token: who.token })).status, 403);
    assert.equal((await who.get(`/schemes/runs/${run}`)).status, 403);
  }
});

test('a worker asks a scheme for help for someone they support, and not for anyone else', async () => {
  // Rose's record shows the section with the link
  const rec = await view(priya, `/people/${roseId}`);
  assert.match(rec.schemes.new_href, /\/schemes\/requests\/new\?person=/);
  let res = await priya.get(`/schemes/requests/new?person=${roseId}`);
  assert.equal(res.status, 200);
  assert.match(res.text_, /Which scheme\?/);
  const page = `/schemes/requests/new?person=${roseId}&scheme=homeshare`;
  res = await priya.get(page);
  assert.equal(res.status, 200);
  const n = count('sch_requests');
  res = await post(priya, '/schemes/requests', [['person', roseId], ['scheme', 'homeshare'], ['demand', '9'],
    ['needs', 'flying']], page);
  assert.equal(res.status, 422);
  assert.deepEqual(errorsOf(res).sort(), ['avail', 'demand', 'needs']);
  assert.equal(count('sch_requests'), n, 'nothing stored');
  res = await post(priya, '/schemes/requests', [['person', roseId], ['scheme', 'homeshare'], ['needs', 'company'],
    ['avail', 'mon-eve'], ['avail', 'tue-eve'], ['languages', 'English'], ['no_smoking', 'yes']], page);
  assert.equal(res.status, 303, res.text_);
  const id = res.headers.get('location').match(/requests\/([0-9a-f-]{36})/)[1];
  const q = await view(priya, `/schemes/requests/${id}`);
  assert.equal(q.scheme, 'Homeshare');
  assert.equal(q.status, 'Waiting for a match');
  assert.equal((await view(dev, `/schemes/requests/${id}`)).person, q.person, 'the coordinator sees it too');
  // Tom does not support Rose: refused, and the refusals audited
  const a0 = auditCount(srv.db);
  assert.equal((await tom.get(`/schemes/requests/${id}`)).status, 403);
  assert.equal((await tom.get(page)).status, 403);
  res = await post(tom, '/schemes/requests', [['person', roseId], ['scheme', 'homeshare'], ['needs', 'company'],
    ['avail', 'mon-eve']], '/account');
  assert.equal(res.status, 403);
  assert.equal(count('sch_requests'), n + 1);
  assert.equal(auditCount(srv.db), a0 + 3, 'each refusal is an audit entry');
  assert.equal(count('audit', "action = 'schemes.denied'"), 3);
  for (const who of [partner, commissioner])
    assert.equal((await who.get('/schemes/requests/new')).status, 403);
});

test('Rose asks for help herself, sees no helper names, and cannot ask for anyone else', async () => {
  let res = await rose.get('/schemes/requests/new');
  assert.equal(res.status, 200);
  assert.match(res.text_, new RegExp(`person=${roseId}`), 'herself on the list');
  const page = `/schemes/requests/new?person=${roseId}&scheme=good-neighbours`;
  res = await rose.get(page);
  assert.equal(res.status, 200);
  assert.doesNotMatch(res.text_, /Helpers the person does not want/, 'no member names for residents');
  res = await post(rose, '/schemes/requests', [['person', roseId], ['scheme', 'good-neighbours'], ['needs', 'shopping'],
    ['avail', 'fri-am']], page);
  assert.equal(res.status, 303, res.text_);
  const id = res.headers.get('location').match(/requests\/([0-9a-f-]{36})/)[1];
  assert.equal((await view(rose, `/schemes/requests/${id}`)).status, 'Waiting for a match');
  const other = sqlRows(srv.db, `SELECT uuid FROM people WHERE uuid <> '${roseId}' AND merged_into IS NULL LIMIT 1`)[0][0];
  assert.equal((await rose.get(`/schemes/requests/new?person=${other}`)).status, 403);
  assert.equal((await rose.get('/schemes')).status, 403);
});

test('the vetting reminders: once per member per expiry, no personal details', async () => {
  const out = cli(['schemes', 'remind', '--db', srv.db, '--base-url', 'https://support.example']);
  assert.equal(out.status, 0, out.stderr);
  const queued = Number(out.stdout.match(/queued (\d+)/)[1]);
  assert.ok(queued >= 2, out.stdout);
  const again = cli(['schemes', 'remind', '--db', srv.db, '--base-url', 'https://support.example']);
  assert.match(again.stdout, /queued 0 /);
  const bodies = sqlRows(srv.db, "SELECT body FROM email_outbox WHERE topic = 'scheme-vetting'").map((x) => x[0]).join('\n');
  const names = sqlRows(srv.db, 'SELECT name FROM sch_members').map((x) => x[0]);
  for (const name of names) assert.ok(!bodies.includes(name), `a member's name in an email: ${name}`);
  assert.match(bodies, /https:\/\/support\.example\/schemes\/members\//);
  const bad = cli(['schemes', 'remind', '--db', srv.db, '--base-url', 'ftp://x']);
  assert.equal(bad.status, 2);
});
