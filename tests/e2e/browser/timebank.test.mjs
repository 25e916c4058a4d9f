// The timebank in a browser: Rose, on a phone-sized screen, confirms the
// exchange waiting for her (her balance goes down by its time), lists an
// offer, forgets its title (the error summary), asks a member to be put in
// touch, records an exchange with someone she has been in touch with and
// reads her statement. With JavaScript off the journey works the same. The
// coordinator's pages. axe on every page on the way.
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
    assert.deepEqual(errors.filter((e) => !/status of 4(22|03)|ERR_FAILED|net::/.test(e)), []);
  } finally {
    await ctx.close();
  }
}

const minutesOf = (text) => {
  const m = text.trim().match(/^(minus )?(?:(\d+) hours?)? ?(?:(\d+) minutes?)?$/);
  assert.ok(m, `a balance: ${text}`);
  return (m[1] ? -1 : 1) * (Number(m[2] || 0) * 60 + Number(m[3] || 0));
};

for (const javaScript of [true, false]) {
  test(`Rose's timebank journey (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
    const title = `Reading the paper aloud ${javaScript ? 'A' : 'B'}`;
    const thing = `Hedge trimmed ${javaScript ? 'A' : 'B'}`;
    await as('resident', async (page) => {
      await page.goto(`${server.url}/timebank`);
      await noViolations(page, 'the timebank home');
      const before_ = minutesOf(await page.locator('#balance').textContent());
      const waiting = page.locator('h2:has-text("Exchanges to confirm") + ul a');
      if (await waiting.count()) {
        await clickAndWait(page, waiting.first());
        await noViolations(page, 'an exchange to confirm');
        const time = await page.locator('dt:has-text("Time") + dd').textContent();
        await clickAndWait(page, page.getByRole('button', { name: 'Confirm the exchange' }));
        assert.match(await page.locator('.govuk-notification-banner').textContent(), /confirmed/);
        assert.equal(minutesOf(await page.locator('#balance').textContent()), before_ - minutesOf(time));
      }
      // an offer, with a problem first
      await clickAndWait(page, page.getByRole('link', { name: 'Add an offer or a need' }));
      await page.getByLabel('What kind of help?').selectOption({ label: 'Befriending and a chat' });
      await clickAndWait(page, page.getByRole('button', { name: 'List it' }));
      assert.equal(await page.locator('.govuk-error-summary').count(), 1);
      await noViolations(page, 'the offer with an error');
      await page.getByLabel('In a few words').fill(title);
      await clickAndWait(page, page.getByRole('button', { name: 'List it' }));
      assert.match(await page.locator('main').textContent(), new RegExp(title));
      // Grace's organisation's offers: ask to be put in touch
      await clickAndWait(page, page.getByRole('link', { name: 'Browse offers and needs' }));
      await noViolations(page, 'offers and needs');
      const ask = page.getByRole('link', { name: /Ask to be put in touch/ }).first();
      await clickAndWait(page, ask);
      await noViolations(page, 'a contact request form');
      await page.getByLabel('Your message').fill('Hello, could you help on Friday?');
      await clickAndWait(page, page.getByRole('button', { name: 'Send the request' }));
      assert.match(await page.locator('.govuk-notification-banner').textContent(), /not been shared/);
      // the exchange, recorded with someone she has been in touch with
      await clickAndWait(page, page.getByRole('link', { name: 'Record an exchange' }));
      await noViolations(page, 'record an exchange');
      await page.getByLabel('I received time').check();
      const options = await page.locator('#with option').allTextContents();
      assert.ok(options.length > 1, 'members she has been in touch with');
      await page.locator('#with').selectOption({ index: 1 });
      await page.getByLabel('How long?').fill('1:15');
      await page.getByLabel('What kind of help?').selectOption({ label: 'Gardening' });
      await page.getByLabel('What was done?').fill(thing);
      await clickAndWait(page, page.getByRole('button', { name: 'Record the exchange' }));
      assert.match(await page.locator('.govuk-notification-banner').textContent(), /asked to confirm/);
      assert.match(await page.locator('main').textContent(), /Waiting for the other member/);
      await clickAndWait(page, page.getByRole('link', { name: 'Statement', exact: true }));
      await noViolations(page, 'the statement');
      assert.ok(await page.locator('table.govuk-table tbody tr').count() > 0);
    }, { javaScript });
  });
}

test('the coordinator: members, one member, the report', async () => {
  await as('coordinator', async (page) => {
    await page.goto(`${server.url}/timebank/coordinator`);
    await noViolations(page, 'the members');
    assert.ok(await page.getByText('Inactive').count() > 0);
    await clickAndWait(page, page.locator('table a').first());
    await noViolations(page, 'a member');
    await page.getByLabel('Credit limit, in hours below zero').fill('many');
    await clickAndWait(page, page.getByRole('button', { name: 'Save the credit limit' }));
    assert.equal(await page.locator('.govuk-error-summary').count(), 1);
    await noViolations(page, 'a credit limit refused');
    await page.goto(`${server.url}/timebank/report`);
    await noViolations(page, 'the report');
  });
});
