// Social prescribing (issue 17, docs/social-prescribing.md): a link
// worker's caseload; the "what matters to me" conversation, ONS4 and
// UCLA-3 at the start and at follow-up, follow-ups and closing, each form
// refusing bad input (422, the field named, nothing stored); a worker with
// no relationship to the person refused (403) and the refusal audited; the
// GP practice's referral form (a bad NHS number refused) picked up by a
// link worker; the summary never showing a count from 1 to 9.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, auditCount, signedIn, sqlRows } from './http-helpers.mjs';

let srv, rose, priya, tom, partner, coordinator, commissioner, roseId, caseId;
before(async () => {
  srv = await startServer();
  [rose, priya, tom, partner, coordinator, commissioner] = await Promise.all(
    ['resident', 'worker', 'worker2', 'partner', 'coordinator', 'commissioner'].map((l) => signedIn(srv.url, l)));
  roseId = (await rose.get('/me')).headers.get('location').match(/\/people\/([0-9a-f-]{36})$/)[1];
  const view = jsonOf(await priya.get(`/people/${roseId}`, { headers: JSON_ACCEPT }));
  caseId = view.social_prescribing?.rows?.[0]?.id;
  assert.ok(caseId, 'Rose has a social prescribing case in the demo');
});
after(async () => { await srv?.stop(); });

const formId = (html) => html.match(/name="form_id" value="([^"]*)"/)?.[1] || '';
const post = async (client, path, fields, page = path) => {
  const html = (await client.get(page)).text_;
  return client.post(path, { csrf_token: client.token, form_id: formId(html), ...fields });
};
const caseView = async (client = priya, id = caseId) =>
  jsonOf(await client.get(`/social-prescribing/cases/${id}`, { headers: JSON_ACCEPT }));
const errorsOf = (res) => [...res.text_.matchAll(/<a href="#([^"]+)">/g)].map((m) => m[1]);

test('the caseload shows open cases, follow-ups due and overdue, and GP referrals waiting', async () => {
  const res = await priya.get('/social-prescribing');
  assert.equal(res.status, 200);
  const v = jsonOf(await priya.get('/social-prescribing', { headers: JSON_ACCEPT }));
  assert.ok(v.cases.length >= 5, `open cases: ${v.cases.length}`);
  assert.ok(v.followups.some((f) => f.overdue), 'an overdue follow-up');
  assert.ok(v.followups.some((f) => !f.overdue), 'a follow-up due soon');
  assert.ok(v.waiting.length >= 3, 'GP referrals waiting');
  assert.ok(v.cases.some((c) => c.no_conversation), 'a case with no conversation yet');
  for (const who of [rose, partner, commissioner])
    assert.equal((await who.get('/social-prescribing')).status, 403);
});

test('the case page: conversation, before/after table and chart, follow-ups, referrals', async () => {
  const res = await priya.get(`/social-prescribing/cases/${caseId}`);
  assert.equal(res.status, 200);
  assert.match(res.text_, /<svg[^>]*role="img"/);
  assert.match(res.text_, /<table class="govuk-table">/);
  assert.match(res.text_, new RegExp(`/people/${roseId}/referrals/new`));
  assert.match(res.text_, /Refer to a community activity/);
  const v = await caseView();
  assert.equal(v.measures.rows.length, 5, 'four ONS4 items on their own and the UCLA-3 total');
});

test('each form records, and bad input is refused naming the field with nothing stored', async () => {
  const base = `/social-prescribing/cases/${caseId}`;
  const before_ = await caseView();
  // the conversation
  let res = await post(priya, `${base}/conversation`, { what_matters: '', 'held-day': '31', 'held-month': '2', 'held-year': '2026' });
  assert.equal(res.status, 422);
  assert.deepEqual(errorsOf(res).sort(), ['held-day', 'what_matters']);
  res = await post(priya, `${base}/conversation`, { what_matters: 'x'.repeat(4001) });
  assert.equal(res.status, 422);
  assert.deepEqual(errorsOf(res), ['what_matters']);
  assert.equal((await caseView()).conversations.length, before_.conversations.length, 'nothing stored');
  res = await post(priya, `${base}/conversation`, { what_matters: 'Singing again, in my own words.', next_steps: 'Choir on Thursday' });
  assert.equal(res.status, 303, res.text_);
  let v = await caseView();
  assert.equal(v.conversations.length, before_.conversations.length + 1, 'a new version, the old kept');
  assert.equal(v.conversations[0].what_matters, 'Singing again, in my own words.');
  // the measures
  res = await post(priya, `${base}/measures`, { stage: 'sideways', ons4_happy: '11', ucla3_left_out: '4' });
  assert.equal(res.status, 422);
  assert.deepEqual(errorsOf(res).sort(), ['consent', 'ons4_happy', 'stage', 'ucla3_left_out']);
  assert.equal((await caseView()).measures.history.length, before_.measures.history.length);
  res = await post(priya, `${base}/measures`, { stage: 'followup', consent: 'yes', ons4_life_satisfaction: '9',
    ons4_worthwhile: '9', ons4_happy: '9', ons4_anxious: '1', ucla3_lack_companionship: '1', ucla3_left_out: '1', ucla3_isolated: '1' });
  assert.equal(res.status, 303, res.text_);
  v = await caseView();
  assert.equal(v.measures.history.length, before_.measures.history.length + 2, 'ONS4 and UCLA-3 rows');
  const life = v.measures.rows.find((r) => r.label === 'Life satisfaction');
  assert.equal(life.after, '9');
  // a follow-up
  res = await post(priya, `${base}/follow-up`, { outcome: 'flying', note: 'ok' });
  assert.equal(res.status, 422);
  assert.deepEqual(errorsOf(res), ['outcome']);
  const pending = v.followups.filter((f) => !f.done).length;
  res = await post(priya, `${base}/follow-up`, { outcome: 'going', note: 'Goes every week.' });
  assert.equal(res.status, 303, res.text_);
  assert.equal((await caseView()).followups.filter((f) => !f.done).length, pending - 1);
});

test('a worker with no relationship is refused and the refusal audited', async () => {
  const n = auditCount(srv.db);
  for (const path of ['', '/conversation', '/measures', '/follow-up', '/close']) {
    const res = await tom.get(`/social-prescribing/cases/${caseId}${path}`);
    assert.equal(res.status, 403, path);
  }
  const res = await post(tom, `/social-prescribing/cases/${caseId}/conversation`, { what_matters: 'x' }, '/account');
  assert.equal(res.status, 403);
  assert.equal(auditCount(srv.db), n + 6, 'each refusal is an audit entry');
  const log = cli(['audit', 'list', '--db', srv.db]);
  if (log.status === 0) assert.match(log.stdout, /socialrx\.denied/);
});

test('the GP form: a bad NHS number is refused; a good referral waits and a link worker picks it up', async () => {
  const good = {
    referrer_type: 'gp', referrer_name: 'Grace Okafor', referrer_role: 'Practice nurse', referrer_org: 'Millbrook Surgery',
    given_name: 'Edith', family_name: 'Quarrie', 'dob-day': '3', 'dob-month': '4', 'dob-year': '1944',
    nhs_number: '943 476 5919', postcode: '', reason: 'Lonely since moving here.', consent: 'yes',
    communication_needs: 'Large print', risks: '', other_services: 'District nurses',
  };
  const waiting = async () => jsonOf(await priya.get('/social-prescribing', { headers: JSON_ACCEPT })).waiting_total;
  const w0 = await waiting();
  let res = await post(partner, '/social-prescribing/refer', { ...good, nhs_number: '943 476 5918' });
  assert.equal(res.status, 422);
  assert.deepEqual(errorsOf(res), ['nhs_number']);
  res = await post(partner, '/social-prescribing/refer', { ...good, consent: '', reason: '', given_name: '' });
  assert.equal(res.status, 422);
  assert.deepEqual(errorsOf(res).sort(), ['consent', 'given_name', 'reason']);
  assert.equal(await waiting(), w0, 'nothing stored');
  res = await post(partner, '/social-prescribing/refer', good);
  assert.equal(res.status, 303, res.text_);
  assert.equal(await waiting(), w0 + 1);
  const v = jsonOf(await priya.get('/social-prescribing', { headers: JSON_ACCEPT }));
  const ref = v.waiting.find((x) => x.name === 'Edith Quarrie');
  assert.ok(ref);
  assert.equal((await partner.get(`/social-prescribing/referrals/${ref.id}`)).status, 403, 'a partner does not read the queue');
  res = await post(priya, `/social-prescribing/referrals/${ref.id}/pick-up`, { person: 'new' }, `/social-prescribing/referrals/${ref.id}`);
  assert.equal(res.status, 303, res.text_);
  const newCase = res.headers.get('location').match(/cases\/([0-9a-f-]{36})/)[1];
  const c = await caseView(priya, newCase);
  assert.equal(c.person_name, 'Edith Quarrie');
  assert.equal(c.source, 'GP practice');
  assert.equal(await waiting(), w0);
  assert.equal((await tom.get(`/social-prescribing/cases/${newCase}`)).status, 403);
  // a second referral for the same person warns of the record Priya now sees
  res = await post(partner, '/social-prescribing/refer', { ...good, reason: 'Again' });
  const again = jsonOf(await priya.get('/social-prescribing', { headers: JSON_ACCEPT })).waiting.find((x) => x.name === 'Edith Quarrie');
  const page = await priya.get(`/social-prescribing/referrals/${again.id}`);
  assert.match(page.text_, /may be the same person/);
});

test('closing a case; a closed case takes no more records', async () => {
  const v = jsonOf(await priya.get('/social-prescribing', { headers: JSON_ACCEPT }));
  const other = v.cases.find((c) => c.id !== caseId).id;
  let res = await post(priya, `/social-prescribing/cases/${other}/close`, { reason: '' });
  assert.equal(res.status, 422);
  assert.deepEqual(errorsOf(res), ['reason']);
  res = await post(priya, `/social-prescribing/cases/${other}/close`, { reason: 'goals_met', note: 'Doing well' });
  assert.equal(res.status, 303);
  assert.equal((await caseView(priya, other)).open, false);
  res = await post(priya, `/social-prescribing/cases/${other}/conversation`, { what_matters: 'x' }, `/social-prescribing/cases/${other}`);
  assert.equal(res.status, 409);
});

test('the summary never shows a count from 1 to 9, on the page or in the CSV', async () => {
  for (const who of [priya, commissioner]) {
    const res = await who.get('/social-prescribing/summary');
    assert.equal(res.status, 200);
    const v = jsonOf(await who.get('/social-prescribing/summary', { headers: JSON_ACCEPT }));
    for (const t of v.tables) {
      for (const k of ['cases', 'open', 'closed']) assert.ok(!/^[1-9]$/.test(t[k]), `${t.title} ${k}: ${t[k]}`);
      for (const it of t.items)
        for (const k of ['people', 'better', 'same', 'worse'])
          assert.ok(!/^[1-9]$/.test(it[k]), `${t.title} ${it.label} ${k}: ${it[k]}`);
    }
    const csv = await who.get('/social-prescribing/summary.csv');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    for (const line of csv.text_.trim().split('\n').slice(1)) {
      const cells = line.split(',');
      for (const c of cells.slice(3, 7)) assert.ok(!/^[1-9]$/.test(c), line);
    }
    assert.match(csv.text_, /fewer than 10/);
  }
  assert.equal((await partner.get('/social-prescribing/summary')).status, 403);
});

// Closing the loop (docs/social-prescribing.md, "Back to the referrer"):
// the referrer follows what became of each referral they sent, and reads
// the link worker's closing message; the email says only that there is news.
test('the referrer sees their referral picked up, then closed with the link worker\'s message', async () => {
  const sent = async (client = partner) => jsonOf(await client.get('/social-prescribing/sent', { headers: JSON_ACCEPT })).referrals;
  const page = await partner.get('/social-prescribing/sent');
  assert.equal(page.status, 200);
  const before = await sent();
  assert.ok(before.some((x) => x.closed && x.message), 'the demo has a closed one with a message');
  assert.ok(before.some((x) => x.waiting), 'and waiting ones');
  assert.ok(before.some((x) => x.with_worker), 'and one with a link worker');
  for (const who of [rose, commissioner, coordinator])
    assert.equal((await who.get('/social-prescribing/sent')).status, 403, 'only referrers');
  assert.deepEqual(await sent(priya), [], 'a worker sees only what they sent themselves');

  const fields = {
    referrer_type: 'professional', referrer_name: 'Grace Okafor', referrer_role: 'Housing officer', referrer_org: 'Ashby Vale Homes',
    given_name: 'Walter', family_name: 'Inchbold', 'dob-day': '9', 'dob-month': '10', 'dob-year': '1938',
    reason: 'Isolated after his wife went into a care home.', consent: 'yes',
  };
  let res = await post(partner, '/social-prescribing/refer', fields);
  assert.equal(res.status, 303, res.text_);
  let mine = (await sent()).find((x) => x.name === 'Walter Inchbold');
  assert.ok(mine.waiting && !mine.with_worker && !mine.closed);
  const audits = auditCount(srv.db);
  const listed = await sent();
  assert.equal(listed.length, before.length + 1);
  assert.equal(auditCount(srv.db), audits + listed.length, 'each row listed is an audited read');

  const ref = jsonOf(await priya.get('/social-prescribing', { headers: JSON_ACCEPT })).waiting.find((x) => x.name === 'Walter Inchbold');
  res = await post(priya, `/social-prescribing/referrals/${ref.id}/pick-up`, { person: 'new' }, `/social-prescribing/referrals/${ref.id}`);
  assert.equal(res.status, 303, res.text_);
  const caseOf = res.headers.get('location').match(/cases\/([0-9a-f-]{36})/)[1];
  mine = (await sent()).find((x) => x.name === 'Walter Inchbold');
  assert.ok(mine.with_worker && mine.picked_on, 'picked up, with the day');

  const close = await priya.get(`/social-prescribing/cases/${caseOf}/close`);
  assert.match(close.text_, /name="message"/, 'a case from a referral asks for a message');
  const other = jsonOf(await priya.get('/social-prescribing', { headers: JSON_ACCEPT })).cases.find((c) => c.source !== 'GP practice' && c.source !== 'Another service');
  if (other) assert.doesNotMatch((await priya.get(`/social-prescribing/cases/${other.id}/close`)).text_, /name="message"/, 'others do not');
  res = await post(priya, `/social-prescribing/cases/${caseOf}/close`, { reason: 'goals_met', message: 'x'.repeat(2001) });
  assert.equal(res.status, 422);
  assert.deepEqual(errorsOf(res), ['message']);
  assert.ok((await sent()).find((x) => x.name === 'Walter Inchbold').with_worker, 'nothing stored');
  const message = 'Walter goes to the Tuesday lunch club and the men\'s shed; he says the days feel shorter.';
  res = await post(priya, `/social-prescribing/cases/${caseOf}/close`, { reason: 'goals_met', note: 'Private note', message });
  assert.equal(res.status, 303);
  mine = (await sent()).find((x) => x.name === 'Walter Inchbold');
  assert.ok(mine.closed && mine.closed_on);
  assert.equal(mine.message, message);
  assert.ok(!JSON.stringify(mine).includes('Private note'), 'the link worker\'s own note stays theirs');
  assert.match((await partner.get('/social-prescribing/sent')).text_, /men&#39;s shed|men's shed/);
  // the email: to the referrer's account, with no personal details
  const mails = sqlRows(srv.db, "SELECT recipient, subject, CASE WHEN body LIKE '%/social-prescribing/sent%' THEN 'link' "
    + "ELSE 'none' END, CASE WHEN body || subject LIKE '%Walter%' OR body || subject LIKE '%Inchbold%' "
    + "OR body || subject LIKE '%lunch club%' THEN 'personal' ELSE 'clean' END FROM email_outbox WHERE topic = 'socialrx'");
  const toGrace = mails.filter((m) => m[0] === 'partner@demo.supportnet.test');
  assert.ok(toGrace.length >= 1, 'an email to the referrer\'s account');
  for (const m of toGrace)
    assert.deepEqual(m, ['partner@demo.supportnet.test', 'A referral you sent to social prescribing has been closed', 'link', 'clean'],
      'a link, no personal details');
});
