// Reviews of the plan in force: due dates from the rules (the same as
// `supportnet rules reviews` gives), the review recorded by the person's
// worker with the goals scored (the T-score as `rules gas` gives it) and
// the wellbeing questions only with consent; the person reads it all,
// someone she named reads it without her wellbeing answers, others are
// refused and audited; a review brought forward; the worker's queue and
// the reviewing team's targeted list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli } from '../lib/server.mjs';
import { JSON_ACCEPT, jsonOf, auditCount, signedIn } from './http-helpers.mjs';

let srv, rose, sam, priya, tom, jo, roseId, plan;
before(async () => {
  srv = await startServer();
  [rose, sam, priya, tom, jo] = await Promise.all(
    ['resident', 'carer', 'worker', 'worker2', 'manager'].map((l) => signedIn(srv.url, l)));
  roseId = (await rose.get('/me')).headers.get('location').match(/\/people\/([0-9a-f-]{36})$/)[1];
  plan = (await rose.get(`/people/${roseId}/plan`)).headers.get('location').split('/').pop();
});
after(async () => { await srv?.stop(); });

const view = async (client) => jsonOf(await client.get(`/plans/${plan}`, { headers: JSON_ACCEPT }));
const today = new Date();
const dayFields = (d, prefix = 'held') => ({ [`${prefix}_day`]: d.getUTCDate(), [`${prefix}_month`]: d.getUTCMonth() + 1,
  [`${prefix}_year`]: d.getUTCFullYear() });
const iso = (d) => d.toISOString().slice(0, 10);

test('the plan in force shows its review dates, the same as the rules command', async () => {
  const v = await view(rose);
  assert.equal(v.plan.status, 'approved');
  // the held list is all of Rose's reviews: her first plan's three (two years of history for the
  // key human indicators) and this plan's light-touch review
  assert.equal(v.reviews.held.filter((r) => r.held_on >= v.plan.signed_off_on).length, 1,
    'the demo gives Rose a light-touch review of this plan');
  assert.ok(v.reviews.direct_payment_by, 'she has a direct payment');
  const held = v.reviews.held.map((r) => r.held_on);
  const r = cli(['rules', 'reviews'], JSON.stringify({ signed_off: v.plan.signed_off_on, direct_payment: true,
    reviews: held, today: iso(today) }));
  assert.equal(r.status, 0, r.stderr);
  const due = JSON.parse(r.stdout);
  assert.equal(v.reviews.next_review_on, due.next_review_by);
  assert.deepEqual(v.reviews.overdue.map((o) => o.key), due.overdue);
});

test('only the person\'s worker records a review; others are refused and audited', async () => {
  assert.equal((await rose.get(`/plans/${plan}/reviews/new`)).status, 403);
  const before_ = auditCount(srv.db);
  assert.equal((await tom.get(`/plans/${plan}/reviews/new`)).status, 403);
  assert.equal(auditCount(srv.db), before_ + 1);
  const form = await priya.get(`/plans/${plan}/reviews/new`);
  assert.equal(form.status, 200);
  assert.match(form.text_, /I want to get to my allotment every week\. \(weight 2\)/);
});

test('bad input: named, nothing saved', async () => {
  const n = (await view(priya)).reviews.held.length;
  const tomorrow = new Date(today.getTime() + 86400000);
  let res = await priya.post(`/plans/${plan}/reviews/new`, { csrf_token: priya.token, ...dayFields(tomorrow),
    kind: 'annual', what_changed: 'x' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /The date of the review must be today or in the past/);
  res = await priya.post(`/plans/${plan}/reviews/new`, { csrf_token: priya.token, ...dayFields(today),
    what_changed: 'Fine', score_o1: '3', ons4_happy: '7' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /#kind/);
  assert.match(res.text_, /#score_o1/);
  assert.match(res.text_, /Tick that the person agreed to answer the wellbeing questions/);
  res = await priya.post(`/plans/${plan}/reviews/new`, { csrf_token: priya.token, held_day: 31, held_month: 2,
    held_year: 2026, kind: 'annual', what_changed: 'Fine' });
  assert.equal(res.status, 400);
  assert.match(res.text_, /Enter the date of the review/);
  assert.equal((await view(priya)).reviews.held.length, n);
});

test('a review brought forward: due by the date given, shown on the plan and in the queue', async () => {
  const soon = new Date(today.getTime() + 7 * 86400000);
  let res = await priya.post(`/plans/${plan}/review-triggers`, { csrf_token: priya.token, reason: 'short',
    ...dayFields(soon, 'due') });
  assert.equal(res.status, 400);
  res = await priya.post(`/plans/${plan}/review-triggers`, { csrf_token: priya.token,
    reason: 'Rose had a fall at the allotment.', ...dayFields(soon, 'due') });
  assert.equal(res.status, 303);
  const v = await view(priya);
  assert.equal(v.reviews.triggers.length, 1);
  const q = jsonOf(await priya.get('/reviews', { headers: JSON_ACCEPT }));
  const mine = q.plans.find((p) => p.plan_id === plan);
  assert.equal(mine.next_what, 'review brought forward');
  assert.equal(mine.next_on, Math.floor(Date.UTC(soon.getUTCFullYear(), soon.getUTCMonth(), soon.getUTCDate()) / 86400000));
  const tq = jsonOf(await tom.get('/reviews', { headers: JSON_ACCEPT }));
  assert.ok(!tq.plans.some((p) => p.plan_id === plan), 'not on another worker\'s queue');
});

let review;
test('a review with the goals scored and the wellbeing answers; the T-score is the rules\'', async () => {
  const res = await priya.post(`/plans/${plan}/reviews/new`, { csrf_token: priya.token, ...dayFields(today),
    kind: 'direct_payment', what_changed: 'Anna now comes at 8.', person_view: 'Mornings are better.',
    score_o1: '1', score_o2: '0', consent: 'yes', ons4_life_satisfaction: '8', ons4_worthwhile: '9',
    ons4_happy: '7', ons4_anxious: '2', ucla3_lack_companionship: '1', ucla3_left_out: '1', ucla3_isolated: '2',
    lonely: 'hardly_ever' });
  assert.equal(res.status, 303);
  review = res.headers.get('location').split('/').pop();
  const gas = JSON.parse(cli(['rules', 'gas'], JSON.stringify({ goals: [{ weight: 2, score: 1 }, { weight: 3, score: 0 }] })).stdout);
  const page = await rose.get(`/reviews/${review}`);
  assert.equal(page.status, 200);
  assert.match(page.text_, new RegExp(`Goal attainment score: <strong>${gas.t_score.toFixed(2)}</strong>`));
  assert.match(page.text_, /8 out of 10 \(high\)/);
  assert.match(page.text_, /2 out of 10 \(low\)/, 'anxiety has its own bands');
  assert.match(page.text_, /Loneliness score[^<]*<\/dt><dd class="govuk-summary-list__value">4/);
  const v = await view(rose);
  assert.equal(v.reviews.held[0].id, review);
  const q = jsonOf(await priya.get('/reviews', { headers: JSON_ACCEPT }));
  assert.equal(q.plans.find((p) => p.plan_id === plan).next_what, 'annual review', 'the review met the one brought forward');
});

test('someone she named reads the review without her wellbeing answers; another worker cannot', async () => {
  const page = await sam.get(`/reviews/${review}`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /Anna now comes at 8\./);
  assert.doesNotMatch(page.text_, /out of 10/);
  assert.equal((await tom.get(`/reviews/${review}`)).status, 403);
  const j = jsonOf(await sam.get(`/reviews/${review}`, { headers: JSON_ACCEPT }));
  assert.deepEqual(j.wellbeing, []);
});

test('the targeted list is for the reviewing team, and each person listed is audited', async () => {
  assert.equal((await priya.get('/reviews/targeted')).status, 403);
  const before_ = auditCount(srv.db);
  const res = await jo.get('/reviews/targeted?cost=100', { headers: JSON_ACCEPT });
  assert.equal(res.status, 200);
  const j = jsonOf(res);
  assert.ok(j.plans.length > 0);
  assert.ok(j.plans.every((p) => p.stale || p.dear || p.underspend), 'each plan listed: no review for a year, dear, or a direct payment underspent');
  assert.ok(j.plans.some((p) => p.underspend), "the demo's underspent direct payments are listed");
  assert.equal(auditCount(srv.db), before_ + j.plans.length);
  assert.equal((await jo.get('/reviews/targeted?cost=lots')).status, 400);
});
