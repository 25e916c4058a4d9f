// Pooled budgets: several people put part of their budgets into one shared
// purchase. A worker sets one up, adds people from their caseload with
// explicit shares, sees the total against the cost and the gap in words,
// splits it equally, records a member leaving with the re-split confirmed,
// and closes it. A worker sees a pool only when someone in it (now or
// before) is on their caseload; people on other caseloads are "another
// person". Bad input changes nothing. The demo's shared personal assistant
// and the plans that name it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, auditCount, signedIn } from './http-helpers.mjs';

let srv, priya, tom, rose, pool, caseload, tomCaseload, demoPeople;
before(async () => {
  srv = await startServer();
  [priya, tom, rose] = await Promise.all(['worker', 'worker2', 'resident'].map((l) => signedIn(srv.url, l)));
});
after(async () => { await srv?.stop(); });

const json = async (client, path) => {
  const res = await client.get(path, { headers: JSON_ACCEPT });
  assert.equal(res.status, 200, `${path}: ${res.status} ${res.text_.slice(0, 200)}`);
  return jsonOf(res);
};
const formId = (html) => html.match(/name="form_id" value="([0-9a-f-]{36})"/)[1];
const post = async (client, path, fields, page) => {
  const id = formId((await client.get(page || path)).text_);
  return client.post(path, { csrf_token: client.token, form_id: id, ...fields });
};
const members = (v) => v.members.map((m) => [m.name, m.share_pence]);

test('the demo: a personal assistant shared by three people on Priya\'s caseload, one who left, the re-split', async () => {
  const list = await json(priya, '/pools');
  const demo = list.open.find((p) => p.name === 'Shared personal assistant, Millbrook');
  assert.ok(demo, 'the demo pool is in Priya\'s list');
  const v = await json(priya, `/pools/${demo.id}`);
  assert.equal(v.pool.weekly_cost_pence, 18000, '£12 an hour, 15 hours');
  assert.deepEqual(v.members.map((m) => m.share_pence), [6000, 6000, 6000]);
  assert.ok(v.members.every((m) => m.seen && m.person_id), 'all on her caseload: named');
  demoPeople = v.members.map((m) => m.person_id);
  assert.equal(v.gap_pence, 0);
  assert.match(v.gap_text, /add up to the cost/);
  assert.equal(v.past.length, 1);
  assert.match(v.past[0].reason, /care home/);
  assert.equal(v.history.length, 3, 'the three shares of £45 before the re-split are kept');
  assert.ok(v.history.every((h) => h.share === '£45.00'));
  // Tom has no one in it: refused, and the refusal audited.
  const n = auditCount(srv.db);
  const res = await tom.get(`/pools/${demo.id}`);
  assert.equal(res.status, 403);
  assert.doesNotMatch(res.text_, /care home|Millbrook Support/);
  assert.equal(auditCount(srv.db), n + 1);
  assert.ok(!(await json(tom, '/pools')).open.some((p) => p.id === demo.id));
  // A plan that names the pool says so beside the line.
  let shown = 0;
  for (const m of v.members) {
    const go = await priya.get(`/people/${m.person_id}/plan`);
    if (go.status !== 303) continue;
    const plan = go.headers.get('location');
    const pv = await json(priya, plan);
    const line = pv.sections.flatMap((s) => s.lines || []).find((l) => l.pool === demo.id);
    if (!line) continue;
    shown++;
    assert.equal(line.weekly_pence, 6000);
    assert.equal(line.pool_text, 'Shared with 2 others in Shared personal assistant, Millbrook');
    assert.equal(line.pool_warning, undefined, 'the line matches the share');
    assert.match((await priya.get(plan)).text_, /Shared with 2 others in Shared personal assistant, Millbrook/);
  }
  assert.ok(shown >= 1, 'at least one member\'s plan names the pool');
});

test('setting one up: bad input changes nothing; the form sent twice makes one pool', async () => {
  const before_ = (await json(priya, '/pools')).open.length;
  let res = await post(priya, '/pools', { name: '', cost: 'lots' }, '/pools/new');
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#name">Enter a name for the pooled budget/);
  assert.match(res.text_, /<a href="#cost">Enter the weekly cost in pounds, like 180/);
  res = await post(priya, '/pools', { name: 'x'.repeat(101), cost: '90' }, '/pools/new');
  assert.equal(res.status, 400);
  assert.match(res.text_, /#name/);
  assert.equal((await json(priya, '/pools')).open.length, before_, 'nothing stored');
  const id = formId((await priya.get('/pools/new')).text_);
  const fields = { csrf_token: priya.token, form_id: id, name: 'Thursday walking group', what: 'A walking group with a leader, Thursdays',
    provider: 'Ashby Vale Walkers', cost: '90' };
  res = await priya.post('/pools', fields);
  assert.equal(res.status, 303);
  pool = res.headers.get('location').match(/^\/pools\/([0-9a-f-]{36})\?done=created$/)[1];
  const again = await priya.post('/pools', fields);
  assert.equal(again.headers.get('location'), res.headers.get('location'), 'the same form leads to the same pool');
  assert.equal((await json(priya, '/pools')).open.length, before_ + 1);
  const v = await json(priya, `/pools/${pool}`);
  assert.equal(v.pool.weekly_cost_pence, 9000);
  assert.equal(v.n_members, 0);
  assert.match(v.gap_text, /No one has a share yet, so none of the cost \(£90\.00 a week\) is covered/);
  // Tom: a pool with no members is its maker's alone.
  assert.equal((await tom.get(`/pools/${pool}`)).status, 403);
});

test('members join with explicit shares; the gap is shown in words; bad input changes nothing', async () => {
  caseload = (await json(priya, `/pools/${pool}/members/new`)).people.map((p) => p.value);
  assert.ok(caseload.length >= 5);
  const add = (person, share) => post(priya, `/pools/${pool}/members`, { person, share }, `/pools/${pool}/members/new`);
  assert.equal((await add(caseload[0], '30')).status, 303);
  let v = await json(priya, `/pools/${pool}`);
  assert.equal(v.gap_pence, 6000);
  assert.equal(v.gap_text, 'The shares come to £30.00 a week, £60.00 a week less than the cost (£90.00): £60.00 a week is not covered.');
  assert.match((await priya.get(`/pools/${pool}`)).text_, /£60\.00 a week is not covered/);
  assert.equal((await add(caseload[1], '20.00')).status, 303);
  assert.equal((await add(caseload[2], '£10')).status, 303);
  // Bad input: already a member, not a share, someone not on the caseload, nobody.
  const n = auditCount(srv.db);
  let res = await add(caseload[0], '5');
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#person">.* is already a member of this pool/);
  res = await add(caseload[3], 'ten');
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#share">Enter their share each week in pounds/);
  res = await add('00000000-0000-4000-8000-000000000000', '5');
  assert.match(res.text_, /<a href="#person">Choose someone on your caseload/);
  res = await add('', '');
  assert.match(res.text_, /#person[\s\S]*#share/);
  assert.equal(auditCount(srv.db), n, 'nothing changed, nothing audited');
  v = await json(priya, `/pools/${pool}`);
  assert.deepEqual(v.members.map((m) => m.share_pence), [3000, 2000, 1000]);
  assert.equal(v.gap_pence, 3000);
});

test('split equally: the proposal, each share explicit, confirmed by the worker, audited on each person whose share changes', async () => {
  let v = await json(priya, `/pools/${pool}`);
  assert.deepEqual(v.equal.shares.map((s) => s.share_pence), [3000, 3000, 3000]);
  assert.match(v.equal.text, /each would pay £30\.00 a week/);
  const form = await priya.get(`/pools/${pool}/shares?split=equal`);
  assert.equal(form.status, 200);
  const ids = form.text_.match(/name="members" value="([0-9,]+)"/)[1].split(',');
  const fields = Object.fromEntries(ids.map((id) => [`share-${id}`, '30.00']));
  assert.equal((form.text_.match(/value="30\.00"/g) || []).length, 3, 'the form is filled with the equal shares');
  const n = auditCount(srv.db);
  // Bad input and a stale list of members change nothing.
  let res = await priya.post(`/pools/${pool}/shares`, { csrf_token: priya.token, form_id: formId(form.text_), members: ids.join(','), ...fields, [`share-${ids[1]}`]: 'x' });
  assert.equal(res.status, 400);
  assert.match(res.text_, new RegExp(`<a href="#share-${ids[1]}">Enter the share of`));
  res = await priya.post(`/pools/${pool}/shares`, { csrf_token: priya.token, form_id: formId(form.text_), members: ids.slice(1).join(','), ...fields });
  assert.equal(res.status, 409);
  assert.equal(auditCount(srv.db), n);
  res = await priya.post(`/pools/${pool}/shares`, { csrf_token: priya.token, form_id: formId(form.text_), members: ids.join(','), ...fields });
  assert.equal(res.status, 303);
  assert.equal(auditCount(srv.db), n + 2, 'two shares changed: two entries');
  v = await json(priya, `/pools/${pool}`);
  assert.deepEqual(v.members.map((m) => m.share_pence), [3000, 3000, 3000]);
  assert.equal(v.adds_up, true);
  assert.equal(v.history.length, 2, 'the shares they replaced are kept');
});

test('a member leaves: the gap it leaves, the re-split among those who remain, confirmed', async () => {
  // Shares of 30, 40 and 20 first, so that equal and in proportion differ.
  const form = await priya.get(`/pools/${pool}/shares`);
  const ids = form.text_.match(/name="members" value="([0-9,]+)"/)[1].split(',');
  let res = await priya.post(`/pools/${pool}/shares`, { csrf_token: priya.token, form_id: formId(form.text_), members: ids.join(','),
    [`share-${ids[0]}`]: '30', [`share-${ids[1]}`]: '40', [`share-${ids[2]}`]: '20' });
  assert.equal(res.status, 303);
  // New shares are new rows (the old ones are kept): the members' ids now.
  ids.splice(0, 3, ...(await json(priya, `/pools/${pool}`)).members.map((m) => String(m.share_id)));
  const page = await priya.get(`/pools/${pool}/leave?member=${ids[1]}`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /pays £40\.00 a week into the pool/);
  assert.match(page.text_, /The shares come to £50\.00 a week, £40\.00 a week less than the cost/);
  // equal 45/45, in proportion to 30:20 54/36
  assert.match(page.text_, /£30\.00<\/td><td[^>]*>£45\.00<\/td><td[^>]*>£54\.00/);
  assert.match(page.text_, /£20\.00<\/td><td[^>]*>£45\.00<\/td><td[^>]*>£36\.00/);
  const n = auditCount(srv.db);
  res = await priya.post(`/pools/${pool}/leave`, { csrf_token: priya.token, form_id: formId(page.text_), member: ids[1] });
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#reason">Say why they are leaving the pool/);
  assert.match(res.text_, /<a href="#split">Choose the new shares/);
  assert.equal(auditCount(srv.db), n, 'nothing changed');
  res = await priya.post(`/pools/${pool}/leave`, { csrf_token: priya.token, form_id: formId(page.text_), member: ids[1],
    reason: 'Moving to Leeds to be near family.', split: 'proportional' });
  assert.equal(res.status, 303);
  assert.equal(auditCount(srv.db), n + 3, 'the leaver and the two whose shares changed');
  const v = await json(priya, `/pools/${pool}`);
  assert.deepEqual(v.members.map((m) => m.share_pence), [5400, 3600]);
  assert.equal(v.gap_pence, 0);
  assert.equal(v.past[0].reason, 'Moving to Leeds to be near family.');
  assert.equal(v.past[0].share, '£40.00');
  assert.equal((await priya.get(`/pools/${pool}/leave?member=${ids[1]}`)).status, 404, 'gone is gone');
});

test('across caseloads: another worker joins with the reference, and each sees the other\'s people as "another person"', async () => {
  const n = auditCount(srv.db);
  assert.equal((await tom.get(`/pools/${pool}`)).status, 403);
  assert.equal((await tom.post(`/pools/${pool}/close`, { csrf_token: tom.token })).status, 403);
  assert.equal(auditCount(srv.db), n + 2, 'each refusal audited');
  assert.equal((await json(priya, `/pools/${pool}`)).n_members, 2);
  let res = await tom.get(`/pools/join?ref=${pool}`);
  assert.equal(res.headers.get('location'), `/pools/${pool}/members/new`);
  res = await tom.get('/pools/join?ref=not-a-reference');
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#ref">/);
  const join = await json(tom, `/pools/${pool}/members/new`);
  assert.doesNotMatch(JSON.stringify(join), /Leeds/);
  tomCaseload = join.people.map((p) => p.value);
  assert.ok(!tomCaseload.some((p) => caseload.includes(p)), 'only his own caseload');
  res = await post(tom, `/pools/${pool}/members`, { person: caseload[4], share: '5' }, `/pools/${pool}/members/new`);
  assert.match(res.text_, /Choose someone on your caseload/, 'not Priya\'s people');
  res = await post(tom, `/pools/${pool}/members`, { person: tomCaseload[0], share: '10' }, `/pools/${pool}/members/new`);
  assert.equal(res.status, 303);
  const t = await json(tom, `/pools/${pool}`);
  assert.deepEqual(t.members.map((m) => [m.name, m.seen]).slice(0, 2), [['another person', false], ['another person', false]]);
  assert.ok(t.members[2].seen && t.members[2].name !== 'another person');
  assert.ok(!t.members[0].person_id && !t.members[1].person_id);
  assert.equal(t.past[0].name, 'another person');
  assert.equal(t.past[0].reason, '', 'why someone on another caseload left is not shown');
  const html = (await tom.get(`/pools/${pool}`)).text_;
  assert.doesNotMatch(html, /Leeds/);
  for (const m of (await json(priya, `/pools/${pool}`)).members.slice(0, 2)) assert.doesNotMatch(html, new RegExp(m.name));
  const p = await json(priya, `/pools/${pool}`);
  assert.equal(p.members[2].name, 'another person');
  assert.equal(p.members[2].mine, false);
  // Priya cannot record that Tom's person left.
  assert.equal((await priya.get(`/pools/${pool}/leave?member=${p.members[2].share_id}`)).status, 403);
  assert.equal(p.total_pence, 10000);
  assert.match(p.gap_text, /£10\.00 a week more than the cost/);
});

test('a plan line names a pool the person is in; a share that differs is warned about; the form offers only their pools', async () => {
  // The first of the two members on Priya's caseload with a plan that can be changed.
  let planPath, pv, share;
  for (const [person, pence] of [[caseload[0], '54.00'], [caseload[2], '36.00']]) {
    share = pence;
    await priya.post(`/people/${person}/plans`, { csrf_token: priya.token, form_id: '' });
    planPath = (await priya.get(`/people/${person}/plan`)).headers.get('location');
    assert.match(planPath, /^\/plans\/[0-9a-f-]{36}$/);
    pv = await json(priya, planPath);
    if (['draft', 'returned', 'agreed'].includes(pv.plan.status)) break;
  }
  assert.ok(['draft', 'returned', 'agreed'].includes(pv.plan.status), 'a plan to change');
  let res;
  const form = await priya.get(`${planPath}/sections/lines?item=new`);
  {
    assert.match(form.text_, /<select[^>]*name="pool"/);
    assert.match(form.text_, new RegExp(`<option value="${pool}"[^>]*>Thursday walking group \\(share £${share.replace('.', '\\.')} a week, shared with 2 others\\)`));
    const save = (fields) => priya.post(`${planPath}/sections/lines`, { csrf_token: priya.token, version: pv.plan.version, item: 'new',
      what: 'Walking group', weekly: '50', deployment: 'council_managed', ...fields });
    res = await save({ pool: '00000000-0000-4000-8000-000000000000' });
    assert.equal(res.status, 400);
    assert.match(res.text_, /<a href="#pool">Choose one of the pooled budgets the person is a member of/);
    res = await save({ pool });
    assert.equal(res.status, 303);
    pv = await json(priya, planPath);
    const line = pv.sections.flatMap((s) => s.lines || []).find((l) => l.pool === pool);
    assert.equal(line.pool_text, 'Shared with 2 others in Thursday walking group');
    assert.equal(line.pool_warning, `The plan gives £50.00 a week to Thursday walking group, but the share in it is £${share} a week.`);
    assert.match((await priya.get(planPath)).text_, /Check: The plan gives £50\.00 a week to Thursday walking group/);
  }
  // Someone in no pool: the line form has no pool field.
  let checked = false;
  for (const other of caseload.slice(5).filter((c) => !demoPeople.includes(c))) {
    await priya.post(`/people/${other}/plans`, { csrf_token: priya.token });
    const otherPlan = (await priya.get(`/people/${other}/plan`)).headers.get('location');
    if (!['draft', 'returned', 'agreed'].includes((await json(priya, otherPlan)).plan.status)) continue;
    const f = await priya.get(`${otherPlan}/sections/lines?item=new`);
    assert.match(f.text_, /name="holder"/);
    assert.doesNotMatch(f.text_, /name="pool"/);
    checked = true;
    break;
  }
  assert.ok(checked);
});

test('closing the pool ends every share; a closed pool cannot be changed', async () => {
  const page = await priya.get(`/pools/${pool}`);
  let res = await priya.post(`/pools/${pool}/close`, { csrf_token: priya.token, form_id: formId(page.text_) });
  assert.equal(res.status, 303);
  const v = await json(priya, `/pools/${pool}`);
  assert.equal(v.pool.open, false);
  assert.equal(v.n_members, 0);
  assert.equal(v.past.length, 4, 'the one who left, and the three whose shares the closing ended');
  assert.deepEqual(v.past.filter((p) => p.reason === 'The pool closed.').length, 2, 'Tom\'s person\'s reason is not shown to Priya');
  assert.equal((await priya.get(`/pools/${pool}/shares`)).status, 409);
  res = await priya.post(`/pools/${pool}/members`, { csrf_token: priya.token, form_id: '', person: caseload[3], share: '5' });
  assert.equal(res.status, 409);
  assert.ok((await json(priya, '/pools')).closed.some((p) => p.id === pool));
  // Only workers have pools; the calculator is not theirs alone.
  assert.equal((await rose.get('/pools')).status, 403);
});
