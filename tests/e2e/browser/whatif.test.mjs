// "What if" for commissioners in a real browser (issue 16): the figures
// form (prices, floors and ceilings in pounds, points per answer) found by
// its labels, a run with before and after, the error summary for bad
// figures, the JSON as the expert's view; axe on each state, reflow at 320px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, signIn, clickAndWait, axe, describeViolations, watchErrors, outDir, reflow } from './browser.mjs';

let server, browser, dir;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  dir = outDir();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function noViolations(page, where) {
  const v = await axe(page);
  assert.equal(v.length, 0, describeViolations(where, v));
}

test('a commissioner changes the older people\'s price and floor in pounds and sees the budgets before and after', async () => {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signIn(page, server.url, 'commissioner', { typing: false });
    await page.goto(`${server.url}/ras/what-if`);
    await noViolations(page, 'what if, the figures form');
    const older = page.getByRole('group', { name: 'Older people' });
    for (const y of ['2024-25', '2025-26', '2026-27']) await older.getByLabel(`Price per point in ${y}`).fill('£5.15');
    await older.getByLabel('Floor').fill('140');
    // A bad figure first: the summary names it, nothing runs.
    await page.getByRole('group', { name: 'People with mental health needs' }).getByLabel('Ceiling').fill('lots');
    let res = await clickAndWait(page, page.getByRole('button', { name: 'Run these figures over past budgets' }));
    assert.equal(res.status(), 400);
    const summary = page.locator('.govuk-error-summary');
    assert.match(await summary.textContent(), /Enter the ceiling for people with mental health needs as an amount in pounds/);
    assert.equal(await older.getByLabel('Floor').inputValue(), '140', 'what was typed is kept');
    assert.equal(await page.getByText(/budgets would go up/).count(), 0);
    await noViolations(page, 'what if, a bad figure');
    await page.getByRole('group', { name: 'People with mental health needs' }).getByLabel('Ceiling').fill('450');
    res = await clickAndWait(page, page.getByRole('button', { name: 'Run these figures over past budgets' }));
    assert.equal(res.status(), 200);
    await page.getByText(/\d+ budgets would go up, 0 would go down/).waitFor();
    await page.getByRole('table', { name: 'By client group' }).waitFor();
    await noViolations(page, 'what if, the result');
    await page.screenshot({ path: join(dir, 'whatif-figures-result.png'), fullPage: true });
    // The JSON view is the draft the figures made.
    await page.getByRole('link', { name: 'Change the draft as JSON instead' }).click();
    const json = JSON.parse(await page.getByLabel('The draft scheme (JSON)').inputValue());
    assert.equal(json.client_groups.find((g) => g.key === 'older_people').floor_pence, 14000);
    const r = await reflow(page);
    assert.ok(r.ok, r.message);
    assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), []);
  } finally {
    await context.close();
  }
});
