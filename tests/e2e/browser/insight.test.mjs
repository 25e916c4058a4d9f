// The commissioners' evidence in a browser: Alan (commissioner) opens
// Evidence from the navigation, reads the coverage chart and its tables,
// gets a month wrong (the error summary leads to the field), chooses a
// period, follows one table's CSV link (a download with the contract's
// total column and Total row), goes to the key human indicators and
// changes the measure; anyone reads a market position statement. With
// JavaScript off it all works the same. axe on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, signIn, clickAndWait, axe, describeViolations, watchErrors } from './browser.mjs';

let server, browser;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function noViolations(page, where, jsOn) {
  if (!jsOn) return;
  const v = await axe(page);
  assert.equal(v.length, 0, describeViolations(where, v));
}

async function as(who, fn, { javaScript = true } = {}) {
  const ctx = await browser.newContext({ bypassCSP: true, javaScriptEnabled: javaScript, acceptDownloads: true });
  try {
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    if (who) await signIn(page, server.url, who, { typing: false });
    await fn(page, javaScript);
    assert.deepEqual(errors.filter((e) => !/status of 422|ERR_FAILED|net::/.test(e)), []);
  } finally {
    await ctx.close();
  }
}

for (const javaScript of [true, false]) {
  test(`a commissioner reads the evidence (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
    await as('commissioner', async (page, jsOn) => {
      await page.goto(server.url + '/');
      await clickAndWait(page, page.getByRole('link', { name: 'Evidence', exact: true }));
      await page.getByRole('heading', { level: 1, name: 'Evidence for commissioners' }).waitFor();
      const chart = page.getByRole('img', { name: /Directory services and referrals made, by need/ });
      assert.equal(await chart.count(), 1, 'the coverage chart is there, named');
      assert.ok(await page.getByRole('table', { name: 'Referrals made, by need and locality (demand)' }).count());
      await noViolations(page, '/insight', jsOn);

      // A month that is not one: the error summary, and nothing else changes.
      await page.getByLabel('First month').fill('2026-13');
      await clickAndWait(page, page.getByRole('button', { name: 'Show' }));
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      await noViolations(page, '/insight with an error', jsOn);
      await page.getByRole('link', { name: /Enter the first month/ }).first().click(); // to the field, same page

      // A period of six months.
      const now = new Date();
      const back = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 5, 1));
      const from = `${back.getUTCFullYear()}-${String(back.getUTCMonth() + 1).padStart(2, '0')}`;
      await page.getByLabel('First month').fill(from);
      await clickAndWait(page, page.getByRole('button', { name: 'Show' }));
      const months = page.getByRole('table', { name: 'Referrals made, by month and locality' }).getByRole('row');
      assert.equal(await months.count(), 1 + 6 + 1, 'a header, six months and the total');

      // One table's CSV, as a commissioner would download it.
      const link = page.getByRole('link', { name: 'CSV of Direct-payment spend, by locality' });
      const href = await link.getAttribute('href');
      assert.match(href, new RegExp(`from=${from}`));
      const csv = await (await page.request.get(server.url + href)).text();
      const lines = csv.trimEnd().split('\r\n');
      assert.match(lines[0], /,total,amount_pounds$/);
      assert.match(lines.at(-1), /^Total,/);
      assert.doesNotMatch(csv, /,[1-9],|,[1-9]\r?$/m, 'no count from 1 to 9');

      // The key human indicators, and another measure.
      await clickAndWait(page, page.getByRole('link', { name: /Key human indicators/ }));
      await page.getByRole('heading', { level: 1 }).waitFor();
      await clickAndWait(page, page.getByRole('link', { name: /Loneliness, UCLA 3-item scale/ }));
      await page.getByRole('heading', { level: 1, name: /Loneliness, UCLA 3-item scale/ }).waitFor();
      assert.equal(await page.getByRole('table').count(), 4, 'by locality, age band, carer status and month');
      await noViolations(page, '/insight/wellbeing', jsOn);
    }, { javaScript });
  });
}

test('anyone reads a market position statement', async () => {
  await as(null, async (page, jsOn) => {
    await page.goto(server.url + '/market-position');
    await page.getByRole('heading', { level: 1, name: 'Market position statements' }).waitFor();
    await noViolations(page, '/market-position', jsOn);
    await clickAndWait(page, page.getByRole('link', { name: 'Riverside' }));
    await page.getByRole('heading', { level: 1, name: 'Riverside' }).waitFor();
    assert.ok(await page.getByRole('heading', { name: 'Gaps' }).count());
    const gaps = await page.locator('main li').count();
    assert.ok(gaps >= 1 && gaps <= 6, `one to six gaps (${gaps})`);
    await noViolations(page, '/market-position/{id}', jsOn);
  });
});
