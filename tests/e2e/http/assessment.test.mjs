// Needs assessments and carers' assessments: a worker records needs on a
// person's record, the eligibility is computed from the record and
// confirmed or overridden with a reason; every save is a new version; the
// person reads it and comments; named carers and other workers cannot see
// it (another worker may read it after breaking glass, never change it);
// bad input changes nothing; every read and write is audited.
import { test, before, after } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { startServer, root } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, auditCount, signedIn } from './http-helpers.mjs';

let srv, roseId, priya, tom, sam, rose;
before(async () => {
  srv = await startServer();
  [rose, priya, tom, sam] = await Promise.all(['resident', 'worker', 'worker2', 'carer'].map((l) => signedIn(srv.url, l)));
  const me = await rose.get('/me');
  roseId = me.headers.get('location').match(/^\/people\/([0-9a-f-]{36})$/)[1];
});
after(async () => { await srv?.stop(); });

const ADULT = ['nutrition', 'personal_hygiene', 'toilet_needs', 'clothing', 'home_safety', 'habitable_home',
  'relationships', 'work_education_volunteering', 'community_facilities', 'caring_for_child'];
const CARER = ['caring_for_child', 'caring_for_others', 'habitable_home', 'nutrition', 'relationships',
  'work_education_volunteering', 'community_facilities', 'recreation'];

function adultForm(client, ways = {}, extra = {}) {
  const f = { csrf_token: client.token, kind: 'adult', impairment: 'yes', wellbeing_health: 'yes',
    strengths_person: 'Rose makes her own breakfast.', ...extra };
  for (const k of ADULT) f[k] = ways[k] ?? 'none';
  return f;
}

async function create(client, form) {
  return client.post(`/people/${roseId}/assessments`, form);
}

let assessment; // the adult assessment made below, for the later tests

test('the worker sees how to start, and the empty form', async () => {
  const page = await priya.get(`/people/${roseId}`);
  assert.match(page.text_, /href="\/people\/[0-9a-f-]{36}\/assessments\/new\?kind=adult"/);
  const form = await priya.get(`/people/${roseId}/assessments/new?kind=adult`);
  assert.equal(form.status, 200);
  assert.match(form.text_, /Needs assessment/);
  assert.match(form.text_, /name="nutrition" type="radio" value="without_assistance"/);
  const carer = await priya.get(`/people/${roseId}/assessments/new?kind=carer`);
  assert.match(carer.text_, /name="recreation"/);
  assert.equal((await priya.get(`/people/${roseId}/assessments/new?kind=other`)).status, 400);
});

const assessmentsOf = async (client) => [...(await client.get(`/people/${roseId}`)).text_
  .matchAll(/href="\/assessments\/([0-9a-f-]{36})"/g)].map((m) => m[1]);

test('the demo area gives Rose a decided needs assessment', async () => {
  const [first] = await assessmentsOf(rose);
  assert.ok(first);
  const page = await rose.get(`/assessments/${first}`);
  assert.match(page.text_, /Eligible for care and support\./);
  assert.match(page.text_, /Two falls on the stairs this year/);
});

test('missing answers: 400 naming each, and nothing is saved', async () => {
  const before_ = (await assessmentsOf(priya)).length;
  const f = adultForm(priya);
  delete f.impairment;
  delete f.nutrition;
  f.clothing = 'sometimes';
  const res = await create(priya, f);
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#impairment">Select yes if the needs arise from a physical or mental impairment/);
  assert.match(res.text_, /<a href="#nutrition">Select how managing and maintaining nutrition is affected/);
  assert.match(res.text_, /<a href="#clothing">/);
  assert.match(res.text_, /Rose makes her own breakfast\./, 'what was typed is kept');
  assert.equal((await assessmentsOf(priya)).length, before_);
});

test('save: the criteria are computed with reasons; confirm; the person sees it', async () => {
  const res = await create(priya, adultForm(priya, { nutrition: 'without_assistance', personal_hygiene: 'takes_longer' },
    { nutrition_fluctuates: 'yes', nutrition_note: 'Worse in the mornings' }));
  assert.equal(res.status, 303, res.text_);
  assessment = res.headers.get('location').match(/^\/assessments\/([0-9a-f-]{36})$/)[1];
  let page = await priya.get(`/assessments/${assessment}`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /Not decided yet\. From what is recorded, the criteria are met/);
  assert.match(page.text_, /Worse in the mornings/);
  assert.match(page.text_, /Needs fluctuate/);

  // Overriding needs a reason; nothing is decided without one.
  let d = await priya.post(`/assessments/${assessment}/decision`, { csrf_token: priya.token, decision: 'override', reason: 'short' });
  assert.equal(d.status, 400);
  assert.match(d.text_, /<a href="#reason">Write why you are not following/);
  d = await priya.post(`/assessments/${assessment}/decision`, { csrf_token: priya.token });
  assert.equal(d.status, 400);
  const n = auditCount(srv.db);
  d = await priya.post(`/assessments/${assessment}/decision`, { csrf_token: priya.token, decision: 'confirm' });
  assert.equal(d.status, 303);
  assert.equal(auditCount(srv.db), n + 1, 'the decision is audited');
  d = await priya.post(`/assessments/${assessment}/decision`, { csrf_token: priya.token, decision: 'confirm' });
  assert.equal(d.status, 409, 'a version is decided once');
  page = await rose.get(`/assessments/${assessment}`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /Eligible for care and support\./);
  assert.match(page.text_, /Decided by Priya Natarajan/);
  assert.doesNotMatch(page.text_, /Record the decision/, 'the person cannot decide');
  assert.doesNotMatch(page.text_, /Change the assessment/);
  const rec = await rose.get(`/people/${roseId}`);
  assert.match(rec.text_, new RegExp(`href="/assessments/${assessment}">Needs assessment</a>, updated [^<]*: Eligible`));
});

test('the indicative budget: filled from the assessment, changed only with a reason, with its workings', async () => {
  const scheme = JSON.parse(readFileSync(join(root, 'data', 'ras', 'ashby-vale-2025-v1.json'), 'utf8'));
  let page = await priya.get(`/assessments/${assessment}`);
  assert.match(page.text_, /Work out the indicative budget/);
  const blank = await priya.get(`/assessments/${assessment}/budget`);
  assert.equal(blank.status, 200);
  assert.equal((await rose.get(`/assessments/${assessment}/budget`)).status, 403);
  // Each answer from the assessment, saying where it came from; what the
  // assessment cannot say is left for the worker, and says so.
  assert.match(blank.text_, /From the needs assessment: managing and maintaining nutrition — unable without assistance\. Needs fluctuate/);
  assert.match(blank.text_, /name="eating_drinking" type="radio" value="some_meals" checked/);
  assert.match(blank.text_, /does not record the main reason for support: choose the group with the person/);
  assert.doesNotMatch(blank.text_, /name="client_group" type="radio" value="[a-z_]+" checked/, 'no group is guessed');
  assert.doesNotMatch(blank.text_, /name="caring_for_child" type="radio" value="[a-z_]+" checked/, 'no caring for a child');
  assert.match(blank.text_, /id="night_support-source" class="govuk-hint sn-source">The needs assessment does not cover this: answer with the person\./);
  const form = { csrf_token: priya.token };
  for (const m of blank.text_.matchAll(/name="(\w+)" type="radio" value="(\w+)" checked/g)) form[m[1]] = m[2];
  assert.equal(form.eating_drinking, 'some_meals');
  let res = await priya.post(`/assessments/${assessment}/budget`, form);
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#client_group">Select who the budget is for/);
  assert.match(res.text_, /<a href="#night_support">Select an answer about Support at night/);
  // The worker answers what the assessment did not, and changes one answer.
  Object.assign(form, { client_group: 'older_people', carer: 'sustainable', night_support: 'none', medication: 'prompting',
    toileting: 'daily' });
  res = await priya.post(`/assessments/${assessment}/budget`, form);
  assert.equal(res.status, 400, 'a change needs a reason');
  assert.match(res.text_, /<a href="#reason_toileting">Say why you changed the answer about Using the toilet and continence from “manages without help”/);
  assert.match(res.text_, /name="toileting" type="radio" value="daily" checked/, 'what was chosen is kept');
  form.reason_toileting = 'short';
  res = await priya.post(`/assessments/${assessment}/budget`, form);
  assert.match(res.text_, /must be 10 characters or more/);
  page = await rose.get(`/assessments/${assessment}`);
  assert.doesNotMatch(page.text_, /Indicative budget: £/, 'nothing was saved');
  form.reason_toileting = 'Needs help every morning: her hands are stiff until mid-morning.';
  const n = auditCount(srv.db);
  res = await priya.post(`/assessments/${assessment}/budget`, form);
  assert.equal(res.status, 303);
  assert.equal(auditCount(srv.db), n + 1, 'saving a budget is audited');
  // The person sees the budget, each answer's source and the reason for the change.
  page = await rose.get(`/assessments/${assessment}`);
  const m = page.text_.match(/Indicative budget: £([\d,.]+) a week/);
  assert.ok(m, 'the person sees the budget');
  assert.match(page.text_, /needs help with some clothes|manages without help/);
  assert.match(page.text_, /From the needs assessment: managing and maintaining nutrition — unable without assistance/);
  assert.match(page.text_, /<strong>Changed by the worker<\/strong> from “manages without help”: Needs help every morning: her hands are stiff until mid-morning\./);
  // The form again starts from the assessment, with the change and its reason still there.
  const again = await priya.get(`/assessments/${assessment}/budget`);
  assert.match(again.text_, /name="toileting" type="radio" value="daily" checked/);
  assert.match(again.text_, /value="Needs help every morning: her hands are stiff until mid-morning\."/);
  // The same answers through the API give the same amount.
  const answers = {};
  for (const q of scheme.questions) if (form[q.key]) answers[q.key] = form[q.key];
  const api = await fetch(`${srv.url}/api/rules/ras`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_group: 'older_people', answers, year: page.text_.match(/in (\d{4}-\d\d)/)?.[1] ?? scheme.years.at(-1) }) });
  const pence = (await api.json()).weekly_budget_pence;
  assert.equal(Math.round(Number(m[1].replace(/,/g, '')) * 100), pence, 'money as people read it (£132, £1,234.50)');
  assert.match(page.text_, /points/);
});

test('the main reason for support is recorded, and chooses the budget group with the age', async () => {
  const bad = await create(priya, adultForm(priya, {}, { support_reason: 'magic' }));
  assert.equal(bad.status, 400);
  assert.match(bad.text_, /<a href="#support_reason">Select the main reason for support/);
  const res = await create(priya, adultForm(priya, { home_safety: 'endangers_safety' }, { support_reason: 'physical' }));
  assert.equal(res.status, 303);
  const id = res.headers.get('location').split('/').at(-1);
  const page = await priya.get(`/assessments/${id}`);
  assert.match(page.text_, /Main reason for support: Physical support/);
  assert.equal((await priya.post(`/assessments/${id}/decision`, { csrf_token: priya.token, decision: 'confirm' })).status, 303);
  const form = await priya.get(`/assessments/${id}/budget`);
  // Rose's date of birth decides between older people and physical disability.
  assert.match(form.text_, /name="client_group" type="radio" value="(older_people|physical_disability)" checked/);
  assert.doesNotMatch(form.text_, /value="learning_disability" checked/);
  assert.match(form.text_, /From the needs assessment: main reason for support — physical support \(help with moving about or with personal care\); aged \d+\./);
});

test('the person comments; named carer and another worker cannot see it; break glass reads only', async () => {
  let res = await rose.post(`/assessments/${assessment}/comments`, { csrf_token: rose.token, comment: 'I can wash but it takes me an hour.' });
  assert.equal(res.status, 303);
  res = await priya.get(`/assessments/${assessment}`);
  assert.match(res.text_, /Rose Ashdown, [^<]*\(on version 1\)<\/p><p class="govuk-body">I can wash but it takes me an hour\./);
  res = await rose.post(`/assessments/${assessment}/comments`, { csrf_token: rose.token, comment: '' });
  assert.equal(res.status, 400);

  res = await sam.get(`/assessments/${assessment}`, { headers: JSON_ACCEPT });
  assert.equal(res.status, 403);
  assert.equal(jsonOf(res).reason, 'relationship');
  assert.doesNotMatch((await sam.get(`/people/${roseId}`)).text_, /Assessments/, 'a named carer sees no assessments');
  res = await tom.get(`/assessments/${assessment}`, { headers: JSON_ACCEPT });
  assert.equal(res.status, 403);
  res = await tom.post(`/people/${roseId}/break-glass`, { csrf_token: tom.token, reason: 'Rose is in hospital and the ward needs her needs now' });
  assert.equal(res.status, 303);
  res = await tom.get(`/assessments/${assessment}`);
  assert.equal(res.status, 200);
  res = await tom.post(`/assessments/${assessment}`, adultForm(tom));
  assert.equal(res.status, 403, 'break glass does not allow changes');
  res = await rose.get(`/assessments/${assessment}/edit`);
  assert.equal(res.status, 403);
  res = await rose.post(`/assessments/${assessment}/decision`, { csrf_token: rose.token, decision: 'override', reason: 'I think I am eligible' });
  assert.equal(res.status, 403);
});

test('a change is a new version, undecided; the earlier one keeps its decision', async () => {
  const res = await priya.post(`/assessments/${assessment}`, adultForm(priya, { nutrition: 'without_assistance' }));
  assert.equal(res.status, 303);
  let page = await priya.get(`/assessments/${assessment}`);
  assert.match(page.text_, /Version 2, saved/);
  assert.match(page.text_, /the criteria are not met/, 'one outcome is not enough');
  page = await priya.get(`/assessments/${assessment}?version=1`);
  assert.match(page.text_, /This is version 1, an earlier version/);
  assert.match(page.text_, /Eligible for care and support\./);
  assert.equal((await priya.get(`/assessments/${assessment}?version=3`)).status, 404);
  // Override the new version: decided not eligible by the rule, eligible by the worker.
  const d = await priya.post(`/assessments/${assessment}/decision`, { csrf_token: priya.token, decision: 'override',
    reason: 'Needs fluctuate badly; over a month she cannot wash most days.' });
  assert.equal(d.status, 303);
  page = await rose.get(`/assessments/${assessment}`);
  assert.match(page.text_, /Eligible for care and support\./);
  assert.match(page.text_, /who did not follow the computed decision/);
  assert.match(page.text_, /Needs fluctuate badly/);
});

test("a carer's assessment with the carer criteria", async () => {
  const f = { csrf_token: priya.token, kind: 'carer', necessary_care: 'yes', health_at_risk: 'yes', wellbeing_health: 'yes' };
  for (const k of CARER) f[k] = 'none';
  const res = await create(priya, f);
  assert.equal(res.status, 303, res.text_);
  const page = await priya.get(res.headers.get('location'));
  assert.match(page.text_, /Carer&#39;s assessment|Carer's assessment/);
  assert.match(page.text_, /the criteria are met/);
});

test('bad ids and unknown assessments', async () => {
  assert.equal((await priya.get('/assessments/not-a-uuid')).status, 400);
  assert.equal((await priya.get('/assessments/00000000-0000-4000-8000-000000000000')).status, 404);
  assert.equal((await priya.post('/assessments/00000000-0000-4000-8000-000000000000', adultForm(priya))).status, 404);
  const anon = await fetch(`${srv.url}/assessments/${assessment}`, { redirect: 'manual' });
  assert.equal(anon.status, 303);
});

test('reads of an assessment are audited on the person', async () => {
  const n = auditCount(srv.db);
  await rose.get(`/assessments/${assessment}`);
  await priya.get(`/assessments/${assessment}`);
  assert.equal(auditCount(srv.db), n + 2);
  const page = await rose.get(`/people/${roseId}`);
  // In words, never the audit code (issue 15).
  assert.match(page.text_, /Read an assessment/);
  assert.doesNotMatch(page.text_, /assessment\.read/);
});

test('the financial assessment: saved on the record with its workings, for the person and her worker', async () => {
  assert.equal((await priya.get(`/people/${roseId}/financial`)).status, 200);
  assert.equal((await tom.get(`/people/${roseId}/financial`)).status, 403, 'not his person (break glass reads only)');
  assert.equal((await rose.get(`/people/${roseId}/financial`)).status, 403);
  let res = await priya.post(`/people/${roseId}/financial`, { csrf_token: priya.token, age: '70', capital: 'lots' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#capital">Enter your savings and investments as an amount in pounds/);
  assert.match(res.text_, /<a href="#care_cost">Enter the weekly cost of your care/);
  const n = auditCount(srv.db);
  res = await priya.post(`/people/${roseId}/financial`, { csrf_token: priya.token, age: '70', couple: 'no',
    capital: '15000', income_state_pension: '230.30', income_attendance_allowance: '73.30', dre: '10', care_cost: '200' });
  assert.equal(res.status, 303);
  assert.equal(auditCount(srv.db), n + 1);
  const page = await rose.get(`/people/${roseId}`);
  assert.match(page.text_, /Weekly contribution: <strong>£64<\/strong> a week/);
  assert.match(page.text_, /tariff income £3\.00 a week/);
  assert.doesNotMatch((await sam.get(`/people/${roseId}`)).text_, /Weekly contribution/, 'not for a named carer');
});

test('a form sent twice (a double click, a reload, Back and send) is stored once', async () => {
  const formId = (html) => html.match(/name="form_id" value="([0-9a-f-]{36})"/)?.[1];
  // A new assessment.
  const page = await priya.get(`/people/${roseId}/assessments/new?kind=adult`);
  const id = formId(page.text_);
  assert.ok(id, 'the form carries a one-time id');
  const before_ = (await assessmentsOf(priya)).length;
  const form = { ...adultForm(priya, { nutrition: 'without_assistance' }), form_id: id };
  const sent = await Promise.all([1, 2, 3].map(() => create(priya, form)));
  const places = sent.map((r) => r.headers.get('location'));
  assert.deepEqual(sent.map((r) => r.status), [303, 303, 303]);
  assert.equal(new Set(places).size, 1, `all lead to one assessment: ${places}`);
  assert.equal((await assessmentsOf(priya)).length, before_ + 1);
  const made = places[0];
  // A change: one new version.
  const edit = await priya.get(`${made}/edit`);
  const change = { ...adultForm(priya, { nutrition: 'takes_longer' }), form_id: formId(edit.text_) };
  for (let i = 0; i < 2; i++) assert.equal((await priya.post(made, change)).status, 303);
  assert.equal(jsonOf(await priya.get(made, { headers: JSON_ACCEPT })).latest, 2);
  // A comment: once.
  const show = await rose.get(made);
  const comment = { csrf_token: rose.token, comment: 'Sent once, posted twice.', form_id: formId(show.text_) };
  for (let i = 0; i < 2; i++) assert.equal((await rose.post(`${made}/comments`, comment)).status, 303);
  const comments = jsonOf(await priya.get(made, { headers: JSON_ACCEPT })).comments;
  assert.equal(comments.filter((c) => c.body === 'Sent once, posted twice.').length, 1);
  // A fresh copy of a form is another form: it may make another.
  const again = await priya.get(`/people/${roseId}/assessments/new?kind=adult`);
  assert.notEqual(formId(again.text_), id);
});
