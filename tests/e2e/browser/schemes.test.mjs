// Neighbourhood schemes in a browser (docs/schemes.md): Dev, the
// coordinator, opens his home (proposals to confirm, vetting to renew),
// runs the matching on good neighbours, reads a proposal's reasons and
// runner-up, confirms it (its follow-ups appear), declines another after
// forgetting the reason (the error summary), and opens a member whose
// vetting has expired. Priya, a worker, asks a scheme for help for Rose
// from her record. With JavaScript off the journey works the same. axe
// and reflow at 320px on every page on the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, signIn, clickAndWait, axe, describeViolations, watchErrors, reflow, roseUuid } from './browser.mjs';

let server, browser, rose;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  rose = await roseUuid(server.url);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

let jsOn = true;
async function check(page, where) {
  if (jsOn) {
    const v = await axe(page);
    assert.equal(v.length, 0, describeViolations(where, v));
  }
  const r = await reflow(page);
  assert.ok(r.ok, `${where}: ${r.message}`);
  await page.setViewportSize({ width: 1024, height: 800 });
}

async function as(who, fn, { javaScript = true } = {}) {
  jsOn = javaScript;
  const ctx = await browser.newContext({ bypassCSP: true, javaScriptEnabled: javaScript,
    viewport: { width: 1024, height: 800 } });
  try {
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await signIn(page, server.url, who, { typing: false });
    await fn(page);
    assert.deepEqual(errors.filter((e) => !/status of (403|409|422)|ERR_FAILED|net::/.test(e)), []);
  } finally {
    await ctx.close();
  }
}

for (const javaScript of [true, false]) {
  test(`Dev runs the matching, confirms one proposal and declines another (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
    await as('coordinator', async (page) => {
      await page.goto(`${server.url}/`);
      await clickAndWait(page, page.getByRole('link', { name: 'Schemes', exact: true }).first());
      await page.getByRole('heading', { level: 1, name: 'Neighbourhood schemes' }).waitFor();
      await page.getByRole('heading', { name: 'Proposals to confirm' }).waitFor();
      await page.getByRole('heading', { name: 'Vetting to renew' }).waitFor();
      await check(page, 'the coordinator home');

      await clickAndWait(page, page.getByRole('link', { name: 'Good neighbours' }));
      await page.getByRole('heading', { level: 1, name: 'Good neighbours' }).waitFor();
      await check(page, 'the scheme page');
      await clickAndWait(page, page.getByRole('button', { name: 'Run matching' }));
      await page.getByRole('heading', { level: 1, name: 'Proposals' }).waitFor();
      await check(page, 'the run');
      const cards = page.locator('.govuk-summary-card');
      assert.ok(await cards.count() >= 2, 'at least two proposals');
      const first = cards.nth(0);
      assert.ok(await first.getByText('Vetting valid today').count() >= 1, 'the constraints that held');
      assert.equal(await first.getByRole('heading', { name: 'Runner-up' }).count(), 1);
      const title = await first.locator('h2').textContent();
      await clickAndWait(page, first.getByRole('button', { name: /^Confirm/ }));
      await page.getByText('The match is confirmed and its follow-ups are set.').waitFor();
      assert.equal(await page.locator('h1').textContent(), title);
      assert.equal(await page.getByRole('button', { name: /Record the follow-up/ }).count(), 2);
      await check(page, 'a confirmed proposal');

      await page.goBack(); // the run again (a fresh load)
      await page.reload();
      const second = page.locator('.govuk-summary-card').filter({ has: page.getByRole('button', { name: /^Decline/ }) }).first();
      await clickAndWait(page, second.getByRole('button', { name: /^Decline/ }));
      assert.equal(await page.locator('.govuk-error-summary').count(), 1, 'a reason is needed');
      await check(page, 'decline without a reason');
      await page.getByLabel(/Why decline/).fill('They live too far apart for winter.');
      await clickAndWait(page, page.getByRole('button', { name: /^Decline/ }));
      await page.getByText('The proposal is declined').waitFor();

      await page.goto(`${server.url}/schemes`);
      const expired = page.locator('#vetting-caption').locator('xpath=..').getByRole('row').filter({ hasText: 'Expired' });
      await clickAndWait(page, expired.first().getByRole('link'));
      await page.getByRole('heading', { name: 'Record or renew vetting' }).waitFor();
      assert.match(await page.locator('.govuk-summary-list').first().textContent(), /Expired/);
      await check(page, 'an expired member');
    }, { javaScript });
  });
}

test('Priya asks a scheme for help for Rose from her record', async () => {
  await as('worker', async (page) => {
    await page.goto(`${server.url}/people/${rose}`);
    await clickAndWait(page, page.getByRole('link', { name: 'Ask a scheme for help' }));
    await page.getByRole('heading', { name: 'Which scheme?' }).waitFor();
    await check(page, 'choosing a scheme');
    await page.getByLabel('Shared lives').check();
    await clickAndWait(page, page.getByRole('button', { name: 'Continue' }));
    await page.getByRole('heading', { level: 1, name: 'Ask Shared lives for help' }).waitFor();
    await clickAndWait(page, page.getByRole('button', { name: 'Make the request' }));
    assert.equal(await page.locator('.govuk-error-summary').count(), 1);
    await check(page, 'the request form with problems');
    await page.getByLabel('Short breaks').check();
    await page.getByLabel('Saturday morning (8am to noon)').check();
    await page.getByLabel('No one smokes').check();
    await page.getByLabel('Languages').fill('English');
    await clickAndWait(page, page.getByRole('button', { name: 'Make the request' }));
    await page.getByText('The request is made.').waitFor();
    await check(page, 'the request');
  });
});
