// First Contact in a browser: Grace, a partner on a visit, fills the
// checklist on a phone-sized screen; the signal drops as she saves (the
// request is cut), and when she opens the checklist again what she typed
// is still there; she saves, checks the answers, forgets consent (the
// error summary), gives it and sends. With JavaScript off the journey
// works the same (the server's draft). The commissioner reads the funnel.
// axe on every page.
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

let jsOn = true;
async function noViolations(page, where) {
  if (!jsOn) return; // axe runs in the page; the HTML is the same
  const v = await axe(page);
  assert.equal(v.length, 0, describeViolations(where, v));
}

async function as(who, fn, { javaScript = true } = {}) {
  jsOn = javaScript;
  const ctx = await browser.newContext({ bypassCSP: true, javaScriptEnabled: javaScript,
    viewport: { width: 390, height: 844 } });
  try {
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signIn(page, server.url, who, { typing: false });
    await fn(page);
    assert.deepEqual(errors.filter((e) => !/status of 422|ERR_FAILED|net::/.test(e)), []);
  } finally {
    await ctx.close();
  }
}

async function fill(page, given) {
  await page.getByLabel('First name').fill(given);
  await page.getByLabel('Last name').fill('Visited');
  await page.getByLabel('Day').fill('12');
  await page.getByLabel('Month').fill('5');
  await page.getByLabel('Year').fill('1938');
  const groups = page.locator('.govuk-radios--inline');
  const n = await groups.count();
  for (let i = 0; i < n; i++) await groups.nth(i).getByLabel(i % 3 === 0 ? 'Yes' : 'No', { exact: true }).check();
}

for (const javaScript of [true, false]) {
  test(`Grace completes a checklist on a visit and sends it (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
    await as('partner', async (page) => {
      await page.goto(`${server.url}/first-contact`);
      await noViolations(page, 'checklists');
      await clickAndWait(page, page.getByRole('button', { name: 'Start a checklist' }));
      await page.getByRole('heading', { name: 'First Contact checklist' }).waitFor();
      await noViolations(page, 'new checklist');
      const given = javaScript ? 'Winifred' : 'Dorothy';
      await fill(page, given);
      if (javaScript) {
        // the signal drops: the save never reaches the server
        await page.route('**/first-contact', (route) => route.request().method() === 'POST' ? route.abort() : route.continue());
        await page.getByRole('button', { name: 'Save and check the answers' }).click().catch(() => {});
        await page.waitForTimeout(300);
        await page.unroute('**/first-contact');
        await page.goto(`${server.url}/first-contact/new`);
        assert.equal(await page.getByLabel('First name').inputValue(), given, 'what was typed is kept');
        assert.equal(await page.getByLabel('Year').inputValue(), '1938');
      }
      await clickAndWait(page, page.getByRole('button', { name: 'Save and check the answers' }));
      await page.getByRole('heading', { name: 'Check the answers before sending' }).waitFor();
      await noViolations(page, 'check the answers');
      const targets = await page.getByRole('checkbox', { name: /agrees to share/ }).count();
      if (targets) {
        await clickAndWait(page, page.getByRole('button', { name: 'Send the referrals' }));
        await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
        await noViolations(page, 'no consent');
        await page.getByRole('checkbox', { name: /agrees to share/ }).check();
        await clickAndWait(page, page.getByRole('button', { name: 'Send the referrals' }));
      } else {
        await clickAndWait(page, page.getByRole('button', { name: 'Record the checklist' }));
      }
      await page.getByRole('heading', { name: 'Checklist sent' }).waitFor();
      await noViolations(page, 'sent');
      if (javaScript) {
        await page.goto(`${server.url}/first-contact/new`);
        assert.equal(await page.getByLabel('First name').inputValue(), '', 'nothing personal stays once sent');
      }
    }, { javaScript });
  });
}

test('the commissioner reads the funnel: tables, chart, CSV links, no small numbers', async () => {
  await as('commissioner', async (page) => {
    await page.goto(`${server.url}/first-contact/report`);
    await page.getByRole('heading', { name: 'First Contact: the funnel' }).waitFor();
    await noViolations(page, 'funnel report');
    assert.equal(await page.locator('svg[role="img"]').count(), 1);
    assert.equal(await page.getByRole('link', { name: /Download by/ }).count(), 3);
    const cells = await page.locator('td.govuk-table__cell--numeric').allTextContents();
    for (const c of cells) assert.doesNotMatch(c.trim(), /^[1-9]$/);
  });
});
