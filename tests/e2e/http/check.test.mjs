// The public calculators and the rules API: every worked case in
// tests/rules/ through POST /api/rules/{command} (the same table the
// command is tested with), bad bodies, and the two calculator pages with
// their error summaries. Nothing here may be stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, Client, root } from '../lib/server.mjs';
import { auditCount, jsonOf } from './http-helpers.mjs';

let srv, c;
before(async () => { srv = await startServer(); c = new Client(srv.url); });
after(async () => { await srv?.stop(); });

const rulesDir = join(root, 'tests', 'rules');
const cases = readdirSync(rulesDir).filter((f) => f.endsWith('.json')).sort();

const api = (path, body, headers = {}) => c.request('POST', path, {
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});

test('the worked cases table is there', () => {
  assert.ok(cases.length >= 20, `only ${cases.length} cases`);
});

for (const name of cases) {
  test(`worked case ${name} through the API`, async () => {
    const t = JSON.parse(readFileSync(join(rulesDir, name), 'utf8'));
    // Command-line options become query parameters: --year 2024-25 -> ?year=2024-25.
    const args = t.args ?? [];
    const q = new URLSearchParams();
    for (let i = 0; i < args.length; i += 2) q.set(args[i].replace(/^--/, ''), args[i + 1]);
    const res = await api(`/api/rules/${t.command}${args.length ? `?${q}` : ''}`, t.input);
    const body = jsonOf(res);
    if ((t.expected_exit ?? 0) === 0) {
      assert.equal(res.status, 200, `${name}: ${res.text_}`);
      for (const [k, v] of Object.entries(t.expected)) assert.deepEqual(body[k], v, `${name}: ${k}`);
      const explained = body.workings ?? body.reasons;
      assert.ok(Array.isArray(explained) && explained.length > 0, 'workings or reasons');
    } else {
      assert.equal(res.status, 400, `${name}: ${res.text_}`);
      assert.equal(body.error, 'bad_request');
      assert.ok(body.message.includes(t.expected_stderr), `${name}: '${body.message}' names '${t.expected_stderr}'`);
      assert.ok(body.field, 'the field is named');
    }
  });
}

test('API: not JSON, not an object, wrong content type, too large', async () => {
  let res = await api('/api/rules/charge', '{"age": ');
  assert.equal(res.status, 400);
  assert.match(jsonOf(res).message, /^input: not valid JSON/);
  res = await api('/api/rules/eligibility', '[1, 2]');
  assert.equal(res.status, 400);
  assert.equal(jsonOf(res).message, 'input: must be one JSON object');
  res = await c.request('POST', '/api/rules/charge', { form: { age: '70' } });
  assert.equal(res.status, 415);
  assert.equal(jsonOf(res).error, 'unsupported_media_type');
  res = await api('/api/rules/charge', JSON.stringify({ pad: 'x'.repeat(70000) }));
  assert.equal(res.status, 413);
  assert.equal(jsonOf(res).error, 'too_large');
  res = await api('/api/rules/charge?year=2025-2', { age: 70 });
  assert.equal(res.status, 400, 'the year parameter is checked');
});

test('API: a year with no rates table is a 400 naming year', async () => {
  const res = await api('/api/rules/charge?year=2019-20', {
    age: 70, capital_pence: 0, weekly_income_pence: {}, weekly_care_cost_pence: 100 });
  assert.equal(res.status, 400);
  const body = jsonOf(res);
  assert.equal(body.field, 'year');
  assert.match(body.message, /no rates table for 2019-20/);
});

test('API: answers JSON without a session cookie and without CSRF', async () => {
  const fresh = new Client(srv.url);
  const res = await fresh.request('POST', '/api/rules/eligibility', {
    body: JSON.stringify({ impairment: true, wellbeing_impact: true, outcomes: Object.fromEntries(
      ['nutrition', 'personal_hygiene', 'toilet_needs', 'clothing', 'home_safety', 'habitable_home',
        'relationships', 'work_education_volunteering', 'community_facilities', 'caring_for_child']
        .map((k, i) => [k, i < 2 ? 'takes_longer' : 'none'])) }),
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(res.status, 200);
  assert.equal(jsonOf(res).eligible, true);
  assert.equal(res.headers.getSetCookie().length, 0, 'no cookie set');
});

/** Posts a calculator's form; its answer (a 303 to the answer's own
 * address, POST/redirect/GET) is followed as a browser does: the page comes
 * back with the redirect as .via and its address as .at. */
async function postCalc(client, path, form) {
  const res = await client.post(path, form);
  const to = res.headers.get('location');
  if (res.status !== 303) return res;
  assert.match(to, new RegExp(`^${path}/answers/[A-Za-z0-9_-]+$`));
  const page = await client.get(to);
  page.via = res;
  page.at = to;
  return page;
}

async function payForm(client, fields) {
  const csrf = await client.csrf('/check/pay');
  return postCalc(client, '/check/pay', { csrf_token: csrf, ...fields });
}

test('pay calculator: the issue example gives £64.00 a week with workings', async () => {
  const before_ = auditCount(srv.db);
  const res = await payForm(new Client(srv.url), {
    age: '70', couple: 'no', capital: '15,000', income_state_pension: '230.30',
    income_attendance_allowance: '£73.30', dre: '10', care_cost: '200' });
  assert.equal(res.status, 200);
  assert.match(res.text_, /You might pay £64 a week towards your care/);
  assert.match(res.text_, /tariff income £3\.00 a week/);
  assert.match(res.text_, /Nothing you typed here has been saved/);
  // The form keeps what was typed, so it can be changed.
  assert.match(res.text_, /id="capital" name="capital" type="text"[^>]*value="15,000"/);
  assert.equal(auditCount(srv.db), before_, 'nothing recorded');
  // The answer has an address of its own, which tells nothing (sealed).
  assert.equal(res.via.status, 303);
  assert.doesNotMatch(res.at, /15,000|230\.30|capital|pension/);
  const again = await new Client(srv.url).get(res.at);
  assert.match(again.text_, /You might pay £64 a week towards your care/, 'a reload shows the same answer');
  const altered = await new Client(srv.url).get(res.at.slice(0, -3) + (res.at.endsWith('AAA') ? 'BBB' : 'AAA'));
  assert.equal(altered.status, 400);
  assert.match(altered.text_, /Fill in the form again at \/check\/pay/);
});

test('pay calculator: capital over the upper limit is the full cost', async () => {
  const res = await payForm(new Client(srv.url), {
    age: '80', couple: 'no', capital: '23250.01', care_cost: '150' });
  assert.equal(res.status, 200);
  assert.match(res.text_, /You would probably pay the full cost of your care: £150 a week/);
});

test('pay calculator: without the weekly cost of care, the most that could be asked, said clearly', async () => {
  const res = await payForm(new Client(srv.url), {
    age: '70', couple: 'no', capital: '15,000', income_state_pension: '230.30',
    income_attendance_allowance: '73.30', dre: '10' });
  assert.equal(res.status, 200, res.text_.slice(0, 300));
  // £64 is what the rules give before the cap of the cost (charge-01: a cost of £200).
  assert.match(res.text_, /You might be asked to pay up to £64 a week towards your care/);
  assert.match(res.text_, /You did not give the weekly cost of your care, so this is the most you could be asked to pay/);
  assert.match(res.text_, /No cost of care was given, so £64\.00 a week is the most/);
  assert.match(res.text_, /Cost of your care \(optional\)/);
  const rich = await payForm(new Client(srv.url), { age: '80', couple: 'no', capital: '23250.01' });
  assert.match(rich.text_, /You would probably pay the full cost of your care</);
  assert.match(rich.text_, /over £23,250, so the council/, 'money as people read it');
  // The same case through the API: no cost, so none in the answer.
  const out = await api('/api/rules/charge?year=2025-26', { age: 70, capital_pence: 1500000,
    weekly_income_pence: { state_pension: 23030, attendance_allowance: 7330 }, weekly_dre_pence: 1000 });
  assert.equal(out.status, 200, out.text_);
  assert.equal(jsonOf(out).weekly_charge_pence, 6400);
  assert.equal(jsonOf(out).weekly_care_cost_pence, null);
});

test('pay calculator: bad input gives a GOV.UK error summary naming each field', async () => {
  const res = await payForm(new Client(srv.url), {
    age: '12', capital: '-5', income_state_pension: 'lots', dre: '1.234', care_cost: '' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /<title>Error: Estimate what you might pay/);
  assert.match(res.text_, /class="govuk-error-summary"/);
  for (const [field, msg] of [
    ['age', 'Enter your age as a number from 18 to 120'],
    ['couple', 'Select yes if you live with a partner'],
    ['capital', 'Enter your savings and investments as an amount in pounds'],
    ['income_state_pension', 'Enter your State Pension as an amount in pounds'],
    ['dre', 'as an amount in pounds'],
  ]) {
    assert.match(res.text_, new RegExp(`<a href="#${field}">[^<]*${msg.replace(/[()]/g, '\\$&')}`), field);
    assert.match(res.text_, new RegExp(`id="${field}-error"`), `${field} message beside the field`);
  }
  assert.doesNotMatch(res.text_, /id="result-heading"/);
});

test('pay calculator: a form without its CSRF token is refused', async () => {
  const res = await new Client(srv.url).post('/check/pay', { age: '70' });
  assert.equal(res.status, 403);
});

const adultKeys = ['nutrition', 'personal_hygiene', 'toilet_needs', 'clothing', 'home_safety',
  'habitable_home', 'relationships', 'work_education_volunteering', 'community_facilities',
  'caring_for_child'];

test('eligibility calculator: two outcomes with impairment and wellbeing impact', async () => {
  const cl = new Client(srv.url);
  const csrf = await cl.csrf('/check/eligibility');
  const form = { csrf_token: csrf, impairment: 'yes', wellbeing_impact: 'yes' };
  adultKeys.forEach((k, i) => { form[k] = i === 0 ? 'pain_distress_anxiety' : i === 4 ? 'endangers_safety' : 'none'; });
  const res = await postCalc(cl, '/check/eligibility', form);
  assert.equal(res.status, 200);
  assert.match(res.text_, /You might be eligible for care and support/);
  // Said to the person: "you", never "the person".
  assert.match(res.text_, /You have a health condition, disability or illness/);
  assert.match(res.text_, /You find 2 of the 10 everyday things hard/);
  assert.doesNotMatch(res.text_, /the person/i);
  form.home_safety = 'none';
  const one = await postCalc(cl, '/check/eligibility', form);
  assert.match(one.text_, /you might not be eligible, but there is still help/);
  // Not eligible: the help that is still there, as links.
  for (const href of ['/find', '/check/equipment', '/check/self']) assert.ok(one.text_.includes(`href="${href}"`), href);
  assert.doesNotMatch(one.text_, /the person/i);
  // Looking after children: "does not apply" is an answer, read as no need.
  const page = await cl.get('/check/eligibility');
  assert.match(page.text_, /name="caring_for_child" type="radio" value="not_applicable"/);
  assert.doesNotMatch(page.text_, /name="nutrition" type="radio" value="not_applicable"/);
  const none = await postCalc(cl, '/check/eligibility', { ...form, caring_for_child: 'not_applicable' });
  assert.equal(none.status, 200);
  assert.match(none.text_, /value="not_applicable" checked/);
  const wrong = await cl.post('/check/eligibility', { ...form, nutrition: 'not_applicable' });
  assert.equal(wrong.status, 400);
});

test('eligibility calculator: a missing answer is named', async () => {
  const cl = new Client(srv.url);
  const csrf = await cl.csrf('/check/eligibility');
  const res = await cl.post('/check/eligibility', { csrf_token: csrf, impairment: 'yes', nutrition: 'sometimes' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /<a href="#wellbeing_impact">Select yes if these difficulties/);
  assert.match(res.text_, /<a href="#nutrition">Select an answer to “Can you get and prepare food/);
  assert.match(res.text_, /<a href="#caring_for_child">/);
});

test('carer eligibility calculator: health at risk and wellbeing impact', async () => {
  const cl = new Client(srv.url);
  const csrf = await cl.csrf('/check/carer-eligibility');
  const form = { csrf_token: csrf, necessary_care: 'yes', health_at_risk: 'yes', wellbeing_impact: 'yes' };
  for (const k of ['caring_for_child', 'caring_for_others', 'habitable_home', 'nutrition', 'relationships',
    'work_education_volunteering', 'community_facilities', 'recreation']) form[k] = 'none';
  const res = await postCalc(cl, '/check/carer-eligibility', form);
  assert.equal(res.status, 200);
  // An adult's answers are not a carer's.
  const wrong = await cl.get(res.at.replace('/check/carer-eligibility/', '/check/eligibility/'));
  assert.equal(wrong.status, 400);
  assert.match(res.text_, /You might be eligible for support as a carer/);
});

test('budget estimate: the RAS as a form, with the workings of the same rule', async () => {
  const scheme = JSON.parse(readFileSync(join(root, 'data', 'ras', 'ashby-vale-2025-v1.json'), 'utf8'));
  const cl = new Client(srv.url);
  const csrf = await cl.csrf('/check/budget');
  // Every required question answered with its highest-points answer.
  const form = { csrf_token: csrf, client_group: 'older_people' };
  const answers = {};
  for (const q of scheme.questions) {
    if (q.required === false) continue;
    const best = q.answers.reduce((a, b) => (b.points > a.points ? b : a));
    form[q.key] = answers[q.key] = best.key;
  }
  const res = await postCalc(cl, '/check/budget', form);
  assert.equal(res.status, 200);
  const m = res.text_.match(/An indicative budget of £([\d,]+(?:\.\d\d)?) a week/);
  assert.ok(m, 'a budget is shown');
  // The API gives the same budget for the same answers.
  const year = res.text_.match(/in (\d{4}-\d\d)/)?.[1];
  const api_ = await api('/api/rules/ras', { client_group: 'older_people', answers, ...(year ? { year } : {}) });
  assert.equal(api_.status, 200, api_.text_);
  const pence = jsonOf(api_).weekly_budget_pence;
  // Money as people read it: "£1,234" for whole pounds, "£1,234.50" otherwise.
  assert.equal(Math.round(Number(m[1].replace(/,/g, '')) * 100), pence);
  assert.ok(pence % 100 !== 0 || !m[1].includes('.'), 'whole pounds without pence');

  delete form[scheme.questions[0].key];
  form.client_group = 'nobody';
  const bad = await cl.post('/check/budget', form);
  assert.equal(bad.status, 400);
  assert.match(bad.text_, /<a href="#client_group">Select who the budget is for/);
  assert.match(bad.text_, new RegExp(`<a href="#${scheme.questions[0].key}">Select an answer about`));
});
