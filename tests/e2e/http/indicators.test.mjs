// A person's key human indicators over time (docs/indicators.md): Rose sees
// her own from /me; Priya, her worker, sees Rose's and the read is
// audited; Sam, whom Rose named, sees her goals and circle but not her
// wellbeing answers; Tom (no relationship) is refused and that is audited.
// Every chart is an SVG with a title, and the table under it holds the
// same numbers as the points drawn.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { auditCount, signedIn } from './http-helpers.mjs';

let srv, rose, sam, priya, tom, roseId;
before(async () => {
  srv = await startServer();
  [rose, sam, priya, tom] = await Promise.all(
    ['resident', 'carer', 'worker', 'worker2'].map((l) => signedIn(srv.url, l)));
  roseId = (await rose.get('/me')).headers.get('location').match(/\/people\/([0-9a-f-]{36})$/)[1];
});
after(async () => { await srv?.stop(); });

const page = (client) => client.get(`/people/${roseId}/indicators`);

/** Each figure on the page: its id, the SVG, the values written beside
 * the points, the number of points drawn, and the table's Value column. */
function figures(html) {
  const out = {};
  for (const m of html.matchAll(/<figure class="sn-figure" id="([^"]+)">([\s\S]*?)<\/figure>/g)) {
    const body = m[2];
    const svg = (body.match(/<svg[\s\S]*?<\/svg>/) || [''])[0];
    const labels = [...svg.matchAll(/font-weight="bold"[^>]*>([^<]*)<\/text>/g)].map((x) => x[1]);
    const points = (svg.match(/<circle /g) || []).length;
    const rows = [...body.matchAll(/<tr class="govuk-table__row"><td class="govuk-table__cell">[^<]*<\/td><td class="govuk-table__cell">([^<]*)<\/td>/g)]
      .map((x) => x[1]);
    out[m[1]] = { body, svg, labels, points, rows };
  }
  return out;
}

test('Rose reaches her own indicators from /me, every measure with a chart and a table', async () => {
  const me = await rose.get('/me/indicators');
  assert.equal(me.status, 303);
  assert.equal(me.headers.get('location'), `/people/${roseId}/indicators`);
  const res = await page(rose);
  assert.equal(res.status, 200);
  assert.match(res.text_, /<h1 class="govuk-heading-l">Your indicators over time<\/h1>/);
  assert.match(res.text_, /Lower is less lonely\./);
  const f = figures(res.text_);
  for (const id of ['life_satisfaction', 'worthwhile', 'happy', 'anxious', 'ucla3_total', 'lonely', 'gas_t_score',
    'outcomes_met', 'circle_size', 'unpaid_share']) {
    const fig = f[`khi-${id}`];
    assert.ok(fig, `a figure for ${id}`);
    assert.match(fig.body, /<figcaption>/);
    assert.match(fig.svg, /role="img" aria-labelledby="khi-[a-z0-9_]+-chart khi-[a-z0-9_]+-chart-desc"/);
    assert.match(fig.svg, /<title id="khi-[a-z0-9_]+-chart">/);
    assert.match(fig.body, /class="sn-table-scroll" role="region"/);
    assert.ok(fig.points >= 2, `${id}: two years of history, ${fig.points} points`);
    assert.equal(fig.points, fig.rows.length, `${id}: a table row for each point`);
  }
  // Two years of reviews: her first plan's three and her current plan's one.
  assert.equal(f['khi-gas_t_score'].points, 4);
  assert.equal(f['khi-outcomes_met'].rows.at(-1), '1 of 2');
  assert.equal(f['khi-outcomes_met'].rows[0], '0 of 2');
  // Her circle grew from 3 to 8 and is now three-quarters unpaid.
  assert.equal(f['khi-circle_size'].rows[0], '3');
  assert.equal(f['khi-circle_size'].rows.at(-1), '8');
  assert.equal(f['khi-unpaid_share'].rows[0], '33%');
  assert.equal(f['khi-unpaid_share'].rows.at(-1), '75%');
  // A review where she skipped a UCLA-3 question has no total, but its other answers count.
  assert.ok(f['khi-ucla3_total'].points < f['khi-life_satisfaction'].points - 0, 'a skipped item leaves no total');
});

test('the chart and its table hold the same numbers', async () => {
  const f = figures((await page(rose)).text_);
  for (const [id, fig] of Object.entries(f)) {
    if (id === 'khi-lonely') continue; // the axis says the answers in words; the table says each
    // every value written beside a point is the table's, in order (a value too close to the one
    // before is left to the table), and the latest is always written
    let at = 0;
    for (const label of fig.labels) {
      while (at < fig.rows.length && fig.rows[at] !== label) at++;
      assert.ok(at < fig.rows.length, `${id}: ${label} is not in the table ${fig.rows}`);
      at++;
    }
    assert.equal(fig.labels.at(-1), fig.rows.at(-1), `${id}: the latest is written`);
    assert.ok(fig.labels.length >= 2, `${id}: values are written on the chart`);
  }
  assert.match(f['khi-gas_t_score'].svg, />expected<\/text>/);
  assert.match(f['khi-lonely'].svg, />Often or always<\/text>/);
});

test("Priya, Rose's worker, sees the same and the read is audited with Rose", async () => {
  const before_ = auditCount(srv.db);
  const res = await page(priya);
  assert.equal(res.status, 200);
  assert.match(res.text_, /<h1 class="govuk-heading-l">Indicators over time<\/h1>/);
  assert.match(res.text_, /Rose Ashdown/);
  assert.equal(auditCount(srv.db), before_ + 1, 'the read is an audit entry');
  const mine = figures((await page(rose)).text_), hers = figures(res.text_);
  assert.deepEqual(Object.keys(hers), Object.keys(mine));
  assert.deepEqual(hers['khi-life_satisfaction'].rows, mine['khi-life_satisfaction'].rows);
});

test('the person page links to it for Rose and her worker', async () => {
  for (const c of [rose, priya]) {
    const res = await c.get(`/people/${roseId}`);
    assert.equal(res.status, 200);
    assert.match(res.text_, new RegExp(`href="/people/${roseId}/indicators"`));
  }
});

test('Sam, named by Rose, sees her goals and circle but not her wellbeing answers', async () => {
  const res = await page(sam);
  assert.equal(res.status, 200);
  const f = figures(res.text_);
  assert.ok(f['khi-gas_t_score'] && f['khi-circle_size']);
  assert.equal(f['khi-life_satisfaction'], undefined);
  assert.equal(f['khi-ucla3_total'], undefined);
  assert.match(res.text_, /shown only to the person and their worker/);
});

test('Tom, with no relationship to Rose, is refused and the refusal is audited', async () => {
  const before_ = auditCount(srv.db);
  const res = await page(tom);
  assert.equal(res.status, 403);
  assert.doesNotMatch(res.text_, /<svg/);
  assert.doesNotMatch(res.text_, /Life satisfaction/);
  assert.equal(auditCount(srv.db), before_ + 1, 'the refusal is an audit entry');
  assert.equal((await tom.get(`/people/${roseId}`)).text_.includes(`/people/${roseId}/indicators`), false);
});

test('a record that is not there is 404, a malformed id 400', async () => {
  assert.equal((await priya.get('/people/00000000-0000-4000-8000-000000000000/indicators')).status, 404);
  assert.equal((await priya.get('/people/not-a-uuid/indicators')).status, 400);
});
