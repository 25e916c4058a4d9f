// Support plans: the person (or someone they named) and their worker write
// the plan a section at a time, each save a version; the person agrees a
// version, the worker submits it, an approver (a worker with an approval
// limit, not the one who submitted) approves it, fixing the budget, or
// returns it with a reason. Everyone else is refused and the refusal
// audited; a form opened on an older version is refused with what was
// typed kept; bad input changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, auditCount, signedIn } from './http-helpers.mjs';

let srv, rose, sam, priya, tom, jo, admin, partner, roseId, approved, plan;
before(async () => {
  srv = await startServer();
  [rose, sam, priya, tom, jo, admin, partner] = await Promise.all(
    ['resident', 'carer', 'worker', 'worker2', 'manager', 'admin', 'partner'].map((l) => signedIn(srv.url, l)));
  roseId = (await rose.get('/me')).headers.get('location').match(/\/people\/([0-9a-f-]{36})$/)[1];
});
after(async () => { await srv?.stop(); });

const view = async (client, id) => jsonOf(await client.get(`/plans/${id}`, { headers: JSON_ACCEPT }));
const save = (client, id, key, version, fields) =>
  client.post(`/plans/${id}/sections/${key}`, { csrf_token: client.token, version, ...fields });

test('Rose reaches her approved plan from her record; it reads as she wrote it', async () => {
  const record = await rose.get(`/people/${roseId}`);
  assert.match(record.text_, new RegExp(`href="/people/${roseId}/plan">Read my support plan</a>: Approved`));
  const go = await rose.get(`/people/${roseId}/plan`);
  assert.equal(go.status, 303);
  approved = go.headers.get('location').match(/\/plans\/([0-9a-f-]{36})$/)[1];
  const v = await view(rose, approved);
  assert.equal(v.plan.status, 'approved');
  assert.equal(v.money.budget_fixed, true);
  assert.equal(v.money.total_pence, 16800);
  assert.equal(v.money.budget_pence, 16800, 'the budget is fixed at what the plan costs');
  assert.equal(v.document.outcomes[0].words, 'I want to get to my allotment every week.');
  assert.deepEqual(v.money.by_deployment.map((d) => [d.deployment, d.weekly_pence]),
    [['direct_payment', 16000], ['council_managed', 800]]);
  assert.equal(v.can.edit, false, 'an approved plan is not changed in place');
  assert.equal(v.can.revise, true);
  const page = await rose.get(`/plans/${approved}`);
  assert.match(page.text_, /<h1 class="govuk-heading-l">My support plan<\/h1>/);
  assert.match(page.text_, /Tuesday lunch club/);
});

test('no relationship, no plan: another worker, a partner and an admin are refused, and it is audited', async () => {
  const before_ = auditCount(srv.db);
  const res = await tom.get(`/plans/${approved}`);
  assert.equal(res.status, 403);
  assert.doesNotMatch(res.text_, /allotment/);
  assert.equal(auditCount(srv.db), before_ + 1, 'the refusal is an audit entry');
  assert.equal((await partner.get(`/plans/${approved}`)).status, 403);
  assert.equal((await admin.get(`/plans/${approved}`)).status, 403);
  const edit = await save(tom, approved, 'about_me', 1, { text: 'Tom was here' });
  assert.equal(edit.status, 403);
  assert.doesNotMatch((await rose.get(`/plans/${approved}`)).text_, /Tom was here/);
});

test('a new version of an approved plan: the old one stays in force until the new one is approved', async () => {
  const res = await rose.post(`/plans/${approved}/revise`, { csrf_token: rose.token });
  assert.equal(res.status, 303);
  plan = res.headers.get('location').match(/\/plans\/([0-9a-f-]{36})$/)[1];
  assert.notEqual(plan, approved);
  const v = await view(rose, plan);
  assert.equal(v.plan.status, 'draft');
  assert.equal(v.document.lines.length, 3, 'it starts from the plan in force');
  assert.equal((await view(rose, approved)).plan.status, 'approved');
  const again = await rose.post(`/plans/${approved}/revise`, { csrf_token: rose.token });
  assert.equal(again.headers.get('location'), `/plans/${plan}`, 'one plan in the making at a time');
});

test('the person, someone she named and her worker each save a version, with who and as what', async () => {
  let res = await save(rose, plan, 'about_me', 1, { text: 'I am Rose.\n\nI love my garden.', note: 'shorter' });
  assert.equal(res.status, 303);
  res = await save(sam, plan, 'important_to_me', 2, { text: 'Mum says: Sunday dinners.' });
  assert.equal(res.status, 303);
  res = await save(priya, plan, 'lines', 3, { item: 'new', what: 'Gardening help', weekly: '12.50',
    outcome: 'o1', deployment: 'isf', holder: 'Green Fingers CIC' });
  assert.equal(res.status, 303);
  const v = await view(priya, plan);
  assert.equal(v.plan.version, 4);
  assert.equal(v.document.sections.about_me, 'I am Rose.\n\nI love my garden.');
  assert.equal(v.document.lines[3].weekly_pence, 1250);
  assert.equal(v.document.lines[3].id, 'l4');
  assert.equal(v.money.total_pence, 16800 + 1250);
  assert.match(v.money.difference_text, /more than the budget|less than the budget|adds up/);
  const page = await rose.get(`/plans/${plan}?version=2`);
  assert.match(page.text_, /This is version 2, an earlier version/);
  assert.match(page.text_, /saved .* by Rose Ashdown: “shorter”/);
  const v3 = await jsonOf(await rose.get(`/plans/${plan}?version=3`, { headers: JSON_ACCEPT }));
  assert.equal(v3.saved.as, 'named');
  assert.equal(v3.saved.by, 'Sam Ashdown');
});

test('a form opened on an older version is refused, and what was typed is shown again', async () => {
  const res = await save(sam, plan, 'good_day', 2, { text: 'Tea in the garden with Sam.' });
  assert.equal(res.status, 409);
  assert.match(res.text_, /changed by Sir|changed by .* after you opened this page/);
  assert.match(res.text_, /Tea in the garden with Sam\./);
  assert.equal((await view(rose, plan)).plan.version, 4, 'nothing saved');
});

test('bad input: clear errors naming the field, nothing saved', async () => {
  const long = 'x'.repeat(4001);
  let res = await save(rose, plan, 'about_me', 4, { text: long });
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#text">Write 4000 characters or fewer/);
  res = await save(priya, plan, 'lines', 4, { item: 'new', what: 'Taxi', weekly: 'ten pounds', deployment: 'direct_payment' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#weekly">Enter the cost each week in pounds/);
  assert.match(res.text_, /value="Taxi"/, 'what was typed is kept');
  res = await save(rose, plan, 'circle', 4, { item: 'new', name: 'Joan' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#ring">Choose where they are in your life/);
  res = await save(rose, plan, 'outcomes', 4, { item: 'new', words: 'Swim', goal: 'yes', weight: '11' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /#weight/);
  assert.match(res.text_, /#level_0/);
  assert.equal((await rose.get(`/plans/${plan}/sections/nosuch`)).status, 404);
  assert.equal((await view(rose, plan)).plan.version, 4);
});

test('sign-off: the person agrees, the worker submits, the approver returns with a reason, then approves', async () => {
  // Only the person or someone she named agrees; the worker cannot.
  assert.equal((await priya.post(`/plans/${plan}/agree`, { csrf_token: priya.token, version: 4 })).status, 403);
  // The worker cannot submit before the person agrees.
  assert.equal((await priya.post(`/plans/${plan}/submit`, { csrf_token: priya.token, version: 4 })).status, 403);
  assert.equal((await rose.post(`/plans/${plan}/agree`, { csrf_token: rose.token, version: 3 })).status, 409);
  assert.equal((await rose.post(`/plans/${plan}/agree`, { csrf_token: rose.token, version: 4 })).status, 303);
  assert.equal((await view(rose, plan)).plan.status, 'agreed');
  // A change after agreeing makes it a draft again: agreement is to a version.
  await save(rose, plan, 'good_day', 4, { text: 'Tea in the garden.' });
  let v = await view(rose, plan);
  assert.equal(v.plan.status, 'draft');
  assert.equal(v.plan.agreed_current, false);
  assert.equal((await rose.post(`/plans/${plan}/agree`, { csrf_token: rose.token, version: 5 })).status, 303);
  assert.equal((await priya.post(`/plans/${plan}/submit`, { csrf_token: priya.token, version: 5 })).status, 303);
  v = await view(priya, plan);
  assert.equal(v.plan.status, 'submitted');
  // Waiting for approval: nobody changes it.
  assert.equal((await save(rose, plan, 'about_me', 5, { text: 'Changed' })).status, 403);
  // Jo (approval limit £1,000 a week) sees it in her queue, without a relationship.
  const audited = auditCount(srv.db);
  const queue = await jo.get('/plans/approvals');
  assert.match(queue.text_, new RegExp(`/plans/${plan}`));
  const listed = (queue.text_.match(/href="\/plans\/[0-9a-f-]{36}"/g) || []).length;
  assert.ok(listed >= 1);
  assert.equal(auditCount(srv.db), audited + listed, 'each person listed to an approver is audited');
  assert.equal((await tom.get('/plans/approvals')).status, 403, 'no approval limit, no queue');
  // Returning needs a reason; without one nothing changes.
  let res = await jo.post(`/plans/${plan}/decision`, { csrf_token: jo.token, version: 5, decision: 'return' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /#reason/);
  assert.equal((await view(jo, plan)).plan.status, 'submitted');
  res = await jo.post(`/plans/${plan}/decision`, { csrf_token: jo.token, version: 5, decision: 'return',
    reason: 'Please say who provides the gardening help.' });
  assert.equal(res.status, 303);
  v = await view(rose, plan);
  assert.equal(v.plan.status, 'returned');
  assert.equal(v.plan.decided.reason, 'Please say who provides the gardening help.');
  // Changed, agreed again, submitted again, approved.
  await save(priya, plan, 'lines', 5, { item: 'l4', what: 'Gardening help from Green Fingers', weekly: '12.50',
    outcome: 'o1', deployment: 'isf', holder: 'Green Fingers CIC' });
  assert.equal((await rose.post(`/plans/${plan}/agree`, { csrf_token: rose.token, version: 6 })).status, 303);
  assert.equal((await priya.post(`/plans/${plan}/submit`, { csrf_token: priya.token, version: 6 })).status, 303);
  res = await jo.post(`/plans/${plan}/decision`, { csrf_token: jo.token, version: 6, decision: 'approve' });
  assert.equal(res.status, 303);
  v = await view(rose, plan);
  assert.equal(v.plan.status, 'approved');
  assert.equal(v.money.budget_pence, 18050);
  assert.equal(v.money.budget_fixed, true);
  assert.ok(v.plan.signed_off_on.match(/^\d{4}-\d\d-\d\d$/));
  assert.equal((await view(rose, approved)).plan.status, 'superseded', 'the old plan is replaced');
  const kinds = v.history.map((h) => h.kind);
  assert.deepEqual(kinds, ['created', 'agreed', 'agreed', 'submitted', 'returned', 'agreed', 'submitted', 'approved']);
});

test('approval limits: set by an administrator; over the limit or your own submission, no decision', async () => {
  assert.equal((await priya.get('/admin/approvers')).status, 403);
  let res = await admin.post('/admin/approvers', { csrf_token: admin.token, email: 'nobody@example.com', limit: '10' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /There is no worker account with that email address/);
  res = await admin.post('/admin/approvers', { csrf_token: admin.token, email: 'worker2@demo.supportnet.test', limit: 'lots' });
  assert.equal(res.status, 400);
  res = await admin.post('/admin/approvers', { csrf_token: admin.token, email: 'worker2@demo.supportnet.test', limit: '10' });
  assert.equal(res.status, 303);
  assert.match((await admin.get('/admin/approvers')).text_, /Tom Whitfield[\s\S]*£10\.00/);
  // A plan over Tom's £10 a week: he can read it while it waits, not decide it.
  const p2 = (await priya.post(`/plans/${plan}/revise`, { csrf_token: priya.token })).headers.get('location').split('/').pop();
  assert.equal((await rose.post(`/plans/${p2}/agree`, { csrf_token: rose.token, version: 1 })).status, 303);
  assert.equal((await priya.post(`/plans/${p2}/submit`, { csrf_token: priya.token, version: 1 })).status, 303);
  const page = await tom.get(`/plans/${p2}`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /above your approval limit of £10\.00 a week/);
  res = await tom.post(`/plans/${p2}/decision`, { csrf_token: tom.token, version: 1, decision: 'approve' });
  assert.equal(res.status, 403);
  assert.equal((await view(rose, p2)).plan.status, 'submitted');
  // Priya, given a limit, still cannot approve what she submitted.
  await admin.post('/admin/approvers', { csrf_token: admin.token, email: 'worker@demo.supportnet.test', limit: '5000' });
  res = await priya.post(`/plans/${p2}/decision`, { csrf_token: priya.token, version: 1, decision: 'approve' });
  assert.equal(res.status, 403);
  assert.match(res.text_, /You submitted this plan/);
});

test('starting a plan: the person with none gets a start page; a carer who is not named is refused', async () => {
  const people = [...(await priya.get('/people')).text_.matchAll(/href="\/people\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
  let started = 0;
  for (const id of people) {
    const res = await priya.get(`/people/${id}/plan`);
    if (res.status === 200) {
      assert.match(res.text_, /Start the support plan/);
      const made = await priya.post(`/people/${id}/plans`, { csrf_token: priya.token });
      assert.equal(made.status, 303);
      const v = await view(priya, made.headers.get('location').split('/').pop());
      assert.equal(v.plan.status, 'draft');
      assert.equal(v.plan.version, 1);
      started++;
      assert.equal((await sam.get(`/people/${id}/plan`)).status, 403);
      break;
    }
  }
  assert.equal(started, 1, 'some person on the caseload has no plan yet');
});

test('the print summary fits the plan on a page: headings, outcomes, the budget', async () => {
  const res = await rose.get(`/plans/${plan}/print`);
  assert.equal(res.status, 200);
  assert.match(res.text_, /Rose Ashdown: support plan summary/);
  assert.match(res.text_, /The plan costs £180\.50 a week/);
});

test('versions: each listed with who saved it; any two side by side with what changed', async () => {
  const list = await rose.get(`/plans/${plan}/versions`);
  assert.equal(list.status, 200);
  assert.match(list.text_, /Version 2<\/a><\/th><td class="govuk-table__cell">Rose Ashdown \(the person\)/);
  assert.match(list.text_, /Sam Ashdown \(someone the person named\)/);
  const res = await rose.get(`/plans/${plan}/compare?from=1&to=2`);
  assert.equal(res.status, 200);
  assert.match(res.text_, /<del><span class="govuk-visually-hidden">\[taken out: <\/span>/);
  assert.match(res.text_, /<ins><span class="govuk-visually-hidden">\[put in: <\/span>/);
  const j = jsonOf(await rose.get(`/plans/${plan}/compare?from=4&to=6`, { headers: JSON_ACCEPT }));
  const lines = j.diff.sections.find((s) => s.key === 'lines');
  assert.equal(lines.changed, true);
  assert.ok(lines.changes.some((c) => /Gardening help/.test(c)), lines.changes.join(' / '));
  const same = jsonOf(await rose.get(`/plans/${plan}/compare?from=3&to=3`, { headers: JSON_ACCEPT }));
  assert.equal(same.changed, false);
  assert.equal((await rose.get(`/plans/${plan}/compare?from=1&to=99`)).status, 404);
  assert.equal((await partner.get(`/plans/${plan}/versions`)).status, 403);
  // Tom has an approval limit now (above): as the reviewing team he reads plans in force.
  assert.equal((await tom.get(`/plans/${plan}/versions`)).status, 200);
});

test('the circle of support is drawn and listed with the same numbers', async () => {
  const page = await priya.get(`/plans/${approved}`);
  assert.match(page.text_, /<svg[^>]*role="img"/);
  assert.match(page.text_, /8 people, 6 of them not paid to support them/);
  assert.match(page.text_, /aria-hidden="true">1<\/span> Sam, my son/);
});

test('JSON API: read, write a whole version, and sign off, with the pages\' permissions', async () => {
  const api = (client, path, body, token = client.token) => client.request('POST', path, {
    headers: { 'content-type': 'application/json', 'x-csrf-token': token, accept: 'application/json' },
    body: JSON.stringify(body) });
  // A fresh plan for someone on Priya's caseload with none.
  const people = [...(await priya.get('/people')).text_.matchAll(/href="\/people\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
  let id;
  for (const p of people) {
    if ((await priya.get(`/people/${p}/plan`)).status === 200) {
      const res = await api(priya, `/api/people/${p}/plans`, {});
      assert.equal(res.status, 303);
      id = res.headers.get('location').split('/').pop();
      break;
    }
  }
  assert.ok(id);
  const read = jsonOf(await priya.get(`/api/plans/${id}`));
  assert.equal(read.plan.version, 1);
  assert.ok(read.csrf_token);
  const doc = { sections: { about_me: 'Written through the API.' },
    outcomes: [{ id: 'o1', words: 'Go swimming', goal: { weight: 1, levels: ['', '', 'Once a week', '', ''] } }],
    lines: [{ id: 'l1', what: 'Swimming with a PA', outcome: 'o1', weekly_pence: 4500, deployment: 'direct_payment' }] };
  let res = await api(priya, `/api/plans/${id}/versions`, { version: 1, document: doc, note: 'from the API' });
  assert.equal(res.status, 201);
  let v = jsonOf(res);
  assert.equal(v.plan.version, 2);
  assert.equal(v.money.total_pence, 4500);
  // Stale, invalid, no CSRF header, not JSON: refused, nothing saved.
  res = await api(priya, `/api/plans/${id}/versions`, { version: 1, document: doc });
  assert.equal(res.status, 409);
  assert.equal(jsonOf(res).version, 2);
  res = await api(priya, `/api/plans/${id}/versions`, { version: 2, document: { lines: [{ id: 'l1', what: 'x', weekly_pence: -5, deployment: 'isf' }] } });
  assert.equal(res.status, 422);
  assert.equal(jsonOf(res).field, 'document.lines[0].weekly_pence');
  res = await api(priya, `/api/plans/${id}/versions`, { version: 2, document: { lines: [{ id: 'l1', what: 'x',
    weekly_pence: 5, deployment: 'isf', pool: '00000000-0000-4000-8000-000000000000' }] } });
  assert.equal(res.status, 422);
  assert.equal(jsonOf(res).field, 'document.lines[0].pool');
  res = await api(priya, `/api/plans/${id}/versions`, { version: 2, document: doc }, 'wrong');
  assert.equal(res.status, 403);
  res = await priya.request('POST', `/api/plans/${id}/versions`, { headers: { 'x-csrf-token': priya.token }, form: { version: 2 } });
  assert.equal(res.status, 415);
  res = await api(tom, `/api/plans/${id}/versions`, { version: 2, document: doc });
  assert.equal(res.status, 403);
  assert.equal(jsonOf(await priya.get(`/api/plans/${id}`)).plan.version, 2);
  // This person has no account: the worker records how they agreed, and must say how.
  res = await api(priya, `/api/plans/${id}/status`, { action: 'agree', version: 2 });
  assert.equal(res.status, 422);
  assert.equal(jsonOf(res).field, 'reason');
  res = await api(priya, `/api/plans/${id}/status`, { action: 'agree', version: 2, reason: 'Signed the printed plan at home.' });
  assert.equal(res.status, 200);
  v = jsonOf(res);
  assert.equal(v.plan.status, 'agreed');
  assert.equal(v.history.at(-1).body, 'Signed the printed plan at home.');
  res = await api(tom, `/api/plans/${id}/status`, { action: 'submit', version: 2 });
  assert.equal(res.status, 403);
  res = await api(priya, `/api/plans/${id}/status`, { action: 'sign', version: 2 });
  assert.equal(res.status, 422);
  assert.equal(jsonOf(res).field, 'action');
});
