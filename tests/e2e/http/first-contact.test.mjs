// First Contact (issue 17): an administrator sets the questions and where
// each "yes" leads (for everyone or one locality); a partner on a visit
// fills the checklist (a draft on the server, so nothing is lost), checks
// the answers, asks consent once and sends: every referral is made at
// once. Bad input changes nothing. The funnel report never shows a count
// from 1 to 9, on the page or in the CSV.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, signedIn } from './http-helpers.mjs';

let srv, admin, grace, priya, tom, commissioner, mine, question;
before(async () => {
  srv = await startServer();
  [admin, grace, priya, tom, commissioner] = await Promise.all(
    ['admin', 'partner', 'worker', 'worker2', 'commissioner'].map((l) => signedIn(srv.url, l)));
  const page = await grace.get('/referrals/services');
  mine = [...page.text_.matchAll(/name="service_id" value="([0-9a-f-]{36})"/g)].map((m) => m[1]);
});
after(async () => { await srv?.stop(); });

const drafts = async (c) => jsonOf(await c.get('/first-contact', { headers: JSON_ACCEPT })).drafts.length;

test('an administrator adds a question and says where a yes leads; bad input changes nothing', async () => {
  const empty = await admin.post('/admin/first-contact/questions', { csrf_token: admin.token, text: '' });
  assert.equal(empty.status, 422);
  assert.match(empty.text_, /Enter the question/);
  const long = await admin.post('/admin/first-contact/questions', { csrf_token: admin.token, text: 'x'.repeat(301) });
  assert.equal(long.status, 422);
  const made = await admin.post('/admin/first-contact/questions', {
    csrf_token: admin.token, text: 'Would you like a lift to the shops?', hint: 'Volunteer drivers',
  });
  assert.equal(made.status, 303);
  question = made.headers.get('location').match(/questions\/([0-9a-f-]{36})$/)[1];
  // find the partner's first service by name and link it for everyone
  const q = jsonOf(await admin.get(`/admin/first-contact/questions/${question}`, { headers: JSON_ACCEPT }));
  assert.equal(q.text, 'Would you like a lift to the shops?');
  const bad = await admin.post(`/admin/first-contact/questions/${question}/links`, { csrf_token: admin.token, service_id: 'nope' });
  assert.equal(bad.status, 422);
  const link = await admin.post(`/admin/first-contact/questions/${question}/links`, { csrf_token: admin.token, service_id: mine[0], locality_id: '' });
  assert.equal(link.status, 303);
  await admin.post(`/admin/first-contact/questions/${question}/links`, { csrf_token: admin.token, service_id: mine[0], locality_id: '' });
  const after_ = jsonOf(await admin.get(`/admin/first-contact/questions/${question}`, { headers: JSON_ACCEPT }));
  assert.equal(after_.links.length, 1, 'the same link twice is one link');
  // a partner cannot change the questions
  assert.equal((await grace.post('/admin/first-contact/questions', { csrf_token: grace.token, text: 'Mine?' })).status, 403);
});

test('a partner fills the checklist, checks it, asks consent once and sends: all its referrals at once', async () => {
  const form = await grace.get('/first-contact/new');
  assert.equal(form.status, 200);
  assert.match(form.text_, /Would you like a lift to the shops\?/);
  const formId = form.text_.match(/name="form_id" value="([^"]+)"/)[1];
  const names = [...form.text_.matchAll(/name="(q-[0-9a-f-]{36})" type="radio" value="yes"/g)].map((m) => m[1]);
  assert.ok(names.length >= 2);
  const n0 = await drafts(grace);
  // a bad date of birth: nothing stored, what was typed kept
  const fields = { csrf_token: grace.token, form_id: formId, given_name: 'Ada', family_name: 'Testcase', postcode: '' };
  for (const n of names) fields[n] = n.endsWith(question) ? 'yes' : 'no';
  const bad = await grace.post('/first-contact', { ...fields, 'dob-day': '31', 'dob-month': '2', 'dob-year': '1940' });
  assert.equal(bad.status, 422);
  assert.match(bad.text_, /value="Testcase"/);
  assert.equal(await drafts(grace), n0);
  const saved = await grace.post('/first-contact', { ...fields, 'dob-day': '3', 'dob-month': '4', 'dob-year': '1940' });
  assert.equal(saved.status, 303);
  const again = await grace.post('/first-contact', { ...fields, 'dob-day': '3', 'dob-month': '4', 'dob-year': '1940' });
  assert.equal(again.headers.get('location'), saved.headers.get('location'), 'sent twice, one draft');
  assert.equal(await drafts(grace), n0 + 1);
  const url = saved.headers.get('location');
  const check = jsonOf(await grace.get(url, { headers: JSON_ACCEPT }));
  assert.equal(check.completed, false);
  assert.ok(check.targets.some((t) => t.id === mine[0]), 'the yes leads to the linked service');
  // someone else cannot read it
  assert.equal((await priya.get(url)).status, 403);
  // no consent: nothing sent, the draft is still there
  const noConsent = await grace.post(`${url}/send`, { csrf_token: grace.token });
  assert.equal(noConsent.status, 422);
  assert.match(noConsent.text_, /consent/);
  assert.equal(await drafts(grace), n0 + 1);
  const sentBefore = jsonOf(await grace.request('GET', '/api/referrals?box=sent&per_page=200', { headers: { ...JSON_ACCEPT, 'x-csrf-token': grace.token } })).total_items;
  const send = await grace.post(`${url}/send`, { csrf_token: grace.token, consent: 'yes' });
  assert.equal(send.status, 303);
  const done = jsonOf(await grace.get(url, { headers: JSON_ACCEPT }));
  assert.equal(done.completed, true);
  assert.equal(done.referrals, check.targets.filter((t) => t.open).length);
  const sent = jsonOf(await grace.request('GET', '/api/referrals?box=sent&per_page=200', { headers: { ...JSON_ACCEPT, 'x-csrf-token': grace.token } }));
  assert.equal(sent.total_items, sentBefore + done.referrals);
  const r = sent.contents[0];
  assert.equal(r.service_id, check.targets[0].id);
  assert.equal(r.person_name, 'Ada Testcase');
  // sending again changes nothing
  await grace.post(`${url}/send`, { csrf_token: grace.token, consent: 'yes' });
  assert.equal(jsonOf(await grace.request('GET', '/api/referrals?box=sent', { headers: { ...JSON_ACCEPT, 'x-csrf-token': grace.token } })).total_items, sent.total_items);
  // the partner has no relationship to the person: only the referral's shared details
  assert.ok(done.person_uuid);
  assert.equal((await grace.get(`/people/${done.person_uuid}`)).status, 403);
});

test('a worker starts a checklist from a record they support, not from one they do not', async () => {
  const resident = await signedIn(srv.url, 'resident');
  const rose = (await resident.get('/me')).headers.get('location').split('/').pop();
  // the record page links to it for someone who may complete one...
  const record = await priya.get(`/people/${rose}`);
  assert.equal(record.status, 200);
  const href = `/first-contact/new?person=${rose}`;
  // (the page escapes "=" in attributes as &#61;)
  assert.ok(record.text_.includes(`<a class="govuk-link" href="${href.replace('=', '&#61;')}">Start a First Contact checklist</a>`),
    'the link on the record');
  assert.equal(jsonOf(await priya.get(`/people/${rose}`, { headers: JSON_ACCEPT })).first_contact.href, href);
  // ...not for Rose herself or Sam (named by her): residents and carers do not complete checklists
  const sam = await signedIn(srv.url, 'carer');
  for (const c of [resident, sam]) {
    const page = await c.get(`/people/${rose}`);
    assert.equal(page.status, 200);
    assert.ok(!page.text_.includes('Start a First Contact checklist'));
  }
  const own = await priya.get(href);
  assert.equal(own.status, 200);
  assert.match(own.text_, /value="Ashdown"/);
  assert.equal((await tom.get(`/first-contact/new?person=${rose}`)).status, 403);
});

test('the funnel report: tables, chart and CSV, never a count from 1 to 9', async () => {
  const page = await commissioner.get('/first-contact/report');
  assert.equal(page.status, 200);
  assert.match(page.text_, /<svg/);
  const cells = [...page.text_.matchAll(/govuk-table__cell--numeric">([^<]*)</g)].map((m) => m[1]);
  assert.ok(cells.length > 20);
  for (const c of cells) assert.doesNotMatch(c, /^[1-9]$/, `a small count shown: ${c}`);
  assert.ok(cells.includes('fewer than 10') || cells.every((c) => c === '0' || Number(c) >= 10 || /\./.test(c) || /not shown/.test(c)));
  for (const grouping of ['month', 'locality', 'partner']) {
    const res = await commissioner.get(`/first-contact/report.csv?grouping=${grouping}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/csv/);
    const lines = res.text_.trim().split('\r\n');
    assert.equal(lines[0], `${grouping},checklists,referrals,referrals_per_checklist,accepted,completed,average_days_to_accept`);
    assert.match(lines.at(-1), /^Total,/);
    for (const line of lines.slice(1)) {
      const cols = line.split(',').slice(-6);
      for (const [i, c] of cols.entries()) {
        if (i === 2 || i === 5) continue; // ratios, in tenths
        assert.doesNotMatch(c, /^[1-9]$/, `${grouping}: ${line}`);
      }
    }
  }
  const bad = await commissioner.get('/first-contact/report?from=2026-13');
  assert.equal(bad.status, 422);
  assert.equal((await grace.get('/first-contact/report')).status, 403);
});
