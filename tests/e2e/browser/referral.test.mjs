// Referrals in a browser, as their people use them: Priya refers Rose to a
// service from Rose's record (first without consent: the error summary);
// Grace, at the partner organisation, finds it in her inbox and accepts it
// with a note; Priya sees the change; Rose sees it on her record. axe on
// every page; the referral page reflows at 320 px; and with JavaScript
// off the whole referral works the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, signIn, roseUuid, clickAndWait, axe, describeViolations, watchErrors, reflow } from './browser.mjs';

let server, browser, rose, referralUrl;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  rose = await roseUuid(server.url);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// axe runs in the page: with JavaScript off the pages are the same HTML,
// checked with it on.
let jsOn = true;
async function noViolations(page, where) {
  if (!jsOn) return;
  const v = await axe(page);
  assert.equal(v.length, 0, describeViolations(where, v));
}

async function as(who, fn, { javaScript = true } = {}) {
  const ctx = await browser.newContext({ bypassCSP: true, javaScriptEnabled: javaScript,
    viewport: { width: 1280, height: 800 } });
  try {
    jsOn = javaScript;
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signIn(page, server.url, who, { typing: false });
    await fn(page);
    // The one page answered 422 on purpose (a live referral without consent).
    assert.deepEqual(errors.filter((e) => !/status of 422/.test(e)), []);
  } finally {
    await ctx.close();
  }
}

for (const javaScript of [true, false]) {
  test(`Priya refers Rose and Grace accepts it (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
    await as('worker', async (page) => {
      await page.goto(`${server.url}/people/${rose}`);
      await clickAndWait(page, page.getByRole('link', { name: 'Refer to a service' }));
      await page.getByRole('heading', { name: 'Refer to a service' }).waitFor();
      await noViolations(page, 'new referral');
      await page.getByLabel('Find a service by name').fill('Carers');
      await clickAndWait(page, page.getByRole('button', { name: 'Search' }));
      await page.getByRole('radio', { name: "Carers' Cafe Northgate", exact: true }).check();
      await page.getByLabel('Why are you making the referral?').fill('Rose would like to meet other people at the cafe.');
      await clickAndWait(page, page.getByRole('button', { name: 'Make the referral' }));
      // no consent: the error summary, what was typed kept
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      await noViolations(page, 'new referral, no consent');
      assert.equal(await page.getByLabel('Why are you making the referral?').inputValue(),
        'Rose would like to meet other people at the cafe.');
      await page.getByRole('checkbox', { name: /The person agrees to share/ }).check();
      await clickAndWait(page, page.getByRole('button', { name: 'Make the referral' }));
      await page.getByRole('heading', { name: "Carers' Cafe Northgate" }).waitFor();
      await page.getByText('Sent', { exact: true }).first().waitFor();
      referralUrl = page.url();
      await noViolations(page, 'referral, referrer');
      if (javaScript) {
        const narrow = await reflow(page);
        assert.ok(narrow.ok, narrow.message);
      }
    }, { javaScript });
    await as('partner', async (page) => {
      await page.goto(`${server.url}/referrals`);
      await page.getByRole('heading', { name: 'Referrals' }).waitFor();
      await noViolations(page, 'inbox');
      await page.goto(referralUrl);
      assert.equal(await page.getByText('Date of birth').count(), 1, 'the shared date of birth');
      await page.getByRole('radio', { name: 'Accepted', exact: true }).check();
      await page.getByLabel('Note (optional)').fill('We will phone Rose on Monday.');
      await clickAndWait(page, page.getByRole('button', { name: 'Save' }));
      await page.getByText('We will phone Rose on Monday.').waitFor();
      await noViolations(page, 'referral, receiver');
    }, { javaScript });
    await as('resident', async (page) => {
      await page.goto(`${server.url}/people/${rose}`);
      await page.getByRole('heading', { name: 'Referrals' }).waitFor();
      await clickAndWait(page, page.getByRole('link', { name: "Carers' Cafe Northgate" }).first());
      await page.getByText('We will phone Rose on Monday.').waitFor();
      assert.equal(await page.getByRole('button', { name: 'Save' }).count(), 0, 'Rose reads; she does not move it');
      await noViolations(page, 'referral, the person');
    }, { javaScript });
  });
}
