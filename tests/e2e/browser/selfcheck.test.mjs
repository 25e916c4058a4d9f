// The "Check" journey end to end in a real browser: a resident answers the
// self-check topic by topic, reads the report, asks for an assessment with
// consent; a worker finds the request in the queue and takes it, which
// makes the person's record. axe runs on every page on the way, and
// screenshots are written for people to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, clickAndWait, axe, describeViolations, watchErrors, outDir, signIn } from './browser.mjs';

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

test('self-check, report, ask for an assessment; a worker takes the request', async () => {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/check`);
    await noViolations(page, '/check');
    await clickAndWait(page, page.getByRole('link', { name: 'Check what might help you at home' }));
    await noViolations(page, 'self-check start');
    await clickAndWait(page, page.getByRole('button', { name: 'Start now' }));

    // Continue without answering: the page says what is missing.
    const first = await clickAndWait(page, page.getByRole('button', { name: 'Continue' }));
    assert.equal(first.status(), 400);
    assert.equal(await page.locator('.govuk-error-summary').count(), 1);
    await noViolations(page, 'a self-check page with errors');

    // Each page: the first answer to every question ("Yes", or the first
    // choice), which describes someone who finds a lot hard.
    const titles = [];
    for (let i = 0; i < 20; i++) {
      const h1 = (await page.getByRole('heading', { level: 1 }).textContent()).trim();
      if (h1 === 'Your self-check results') break;
      titles.push(h1);
      await noViolations(page, `self-check: ${h1}`);
      if (i === 1) await page.screenshot({ path: join(dir, 'selfcheck-topic.png'), fullPage: true });
      for (const group of await page.locator('main fieldset').all()) await group.locator('input[type=radio]').first().check();
      const res = await clickAndWait(page, page.getByRole('button', { name: 'Continue' }));
      assert.equal(res.status(), 200, `after ${h1}`);
      if (i === 2) {
        // The browser's Back shows the page before, not "Confirm form
        // resubmission": each step redirected to a page of its own.
        const back = await page.goBack();
        assert.equal(back.status(), 200);
        assert.match(new URL(page.url()).pathname, /^\/check\/self\/answers\//);
        assert.equal((await page.getByRole('heading', { level: 1 }).textContent()).trim(), h1);
        assert.equal(await page.locator('main input[type=radio]:checked').count() > 0, true, 'with its answers');
        const forward = await page.goForward();
        assert.equal(forward.status(), 200);
      }
    }
    assert.ok(titles.length >= 8, `only ${titles.length} topics: ${titles.join(', ')}`);
    await page.getByRole('heading', { level: 2, name: 'You may be eligible for care and support' }).waitFor();
    assert.ok(await page.getByRole('heading', { name: 'Equipment that may help' }).count() === 1);
    // Live matches from the directory for what the answers point to,
    // beside the advice.
    assert.equal(await page.getByRole('heading', { name: 'What may help' }).count(), 1);
    assert.ok(await page.locator('main a[href^="/find/services/"]').count() >= 2, 'services from the directory');
    assert.ok(await page.locator('main a[href^="/find?term="]').count() >= 1, 'a link to all of a kind');
    await noViolations(page, 'self-check report');
    // At 320px wide (issue 15: 16,500px, with the action at the bottom):
    // the action within the first two screens, the page under 7,000px.
    await page.setViewportSize({ width: 320, height: 640 });
    const ask = await page.getByRole('button', { name: 'Ask for an assessment' }).boundingBox();
    assert.ok(ask.y < 1400, `"Ask for an assessment" at ${ask.y}px`);
    const tall = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(tall < 7000, `the report is ${tall}px tall at 320px`);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: join(dir, 'selfcheck-report.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(dir, 'selfcheck-report-print.png'), fullPage: true });
    assert.equal(await page.getByRole('button', { name: 'Ask for an assessment' }).isVisible(), false, 'no forms in print');
    await page.emulateMedia({ media: 'screen' });

    await clickAndWait(page, page.getByRole('button', { name: 'Ask for an assessment' }));
    await noViolations(page, 'ask for an assessment');
    const askAt = page.url();
    // Without consent nothing is sent.
    await page.getByLabel('I do').check();
    await page.getByLabel('First name').fill('Edith');
    await page.getByLabel('Last name').fill('Marlowe');
    await page.getByLabel('Phone number').fill('01632 960 123');
    const refused = await clickAndWait(page, page.getByRole('button', { name: 'Send my request' }));
    assert.equal(refused.status(), 400);
    assert.match(await page.locator('.govuk-error-summary').textContent(), /Tick the box to agree/);
    await noViolations(page, 'ask for an assessment, without consent');
    await page.getByLabel(/I agree to send these details/).check();
    await clickAndWait(page, page.getByRole('button', { name: 'Send my request' }));
    await page.getByRole('heading', { level: 1, name: 'Your request has been sent' }).waitFor();
    await noViolations(page, 'request sent');
    // Reloading the confirmation, or opening the form again (as Back does)
    // and sending it again, sends nothing more.
    const reference = await page.locator('.govuk-panel__body strong').textContent();
    await page.reload();
    assert.equal(await page.locator('.govuk-panel__body strong').textContent(), reference);
    await page.goto(askAt);
    await page.getByRole('heading', { level: 1, name: 'Ask for an assessment' }).waitFor();
    await page.getByLabel('I do').check();
    await page.getByLabel('First name').fill('Edith');
    await page.getByLabel('Last name').fill('Marlowe');
    await page.getByLabel('Phone number').fill('01632 960 123');
    await page.getByLabel(/I agree to send these details/).check();
    await clickAndWait(page, page.getByRole('button', { name: 'Send my request' }));
    assert.equal(await page.locator('.govuk-panel__body strong').textContent(), reference, 'the same request');
    assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), []);
  } finally {
    await context.close();
  }

  const worker = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
  try {
    const page = await worker.newPage();
    await signIn(page, server.url, 'worker', { typing: false });
    await clickAndWait(page, page.getByRole('link', { name: 'Requests', exact: true }));
    await noViolations(page, 'the intake queue');
    assert.equal(await page.getByRole('link', { name: 'Edith Marlowe' }).count(), 1, 'one request, however often it was sent');
    await clickAndWait(page, page.getByRole('link', { name: 'Edith Marlowe' }));
    await noViolations(page, 'an intake request');
    assert.ok(await page.getByText('01632 960 123').count() > 0);
    await page.screenshot({ path: join(dir, 'intake-request.png'), fullPage: true });
    await clickAndWait(page, page.getByRole('button', { name: 'Take this request' }));
    await page.getByRole('heading', { level: 1, name: 'Edith Marlowe' }).waitFor();
    assert.match(new URL(page.url()).pathname, /^\/people\/[0-9a-f-]{36}$/);
  } finally {
    await worker.close();
  }
});
