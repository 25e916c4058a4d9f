// Signing in and out through the real forms, with and without JavaScript,
// and the GOV.UK error summary on a failed sign-in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoEmail, DEMO_PASSWORD } from '../lib/server.mjs';
import { launch, signIn, clickAndWait, watchErrors, NAMES } from './browser.mjs';

let server, browser;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Sign in as the worker, see her name, sign out, and be kept out. */
async function signInAndOutJourney(context) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  const base = server.url;

  const landed = await signIn(page, base, 'worker');
  assert.equal(landed.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/', 'lands on the home page');
  await page.getByRole('heading', { level: 1, name: 'Find support and plan your own care' }).waitFor();
  const header = page.locator('header');
  const account = header.getByRole('link', { name: `${NAMES.worker} (your account)` });
  assert.equal(await account.count(), 1, "the header names the worker");
  assert.equal(await account.getAttribute('href'), '/account');
  assert.equal(await header.getByRole('link', { name: 'Sign in', exact: true }).count(), 0,
    'no Sign in link once signed in');
  // The worker's shortcuts and navigation are there.
  assert.equal(await header.getByRole('link', { name: 'People', exact: true }).count(), 1);

  const out = await clickAndWait(page, header.getByRole('button', { name: 'Sign out' }));
  assert.equal(out.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/signed-out');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'You have signed out');
  assert.equal(await header.getByText(NAMES.worker).count(), 0, 'the name is gone from the header');
  assert.equal(await header.getByRole('link', { name: 'Sign in', exact: true }).count(), 1);

  const again = await page.goto(`${base}/account`);
  const url = new URL(page.url());
  assert.equal(url.pathname, '/sign-in', '/account sends a signed-out visitor to sign in');
  assert.equal(url.searchParams.get('next'), '/account');
  assert.equal(again.status(), 200);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Sign in');

  assert.deepEqual(errors, [], 'no script or CSP errors on the way');
  await page.close();
}

test('sign in through the form as the worker, then sign out', async () => {
  const context = await browser.newContext();
  try {
    await signInAndOutJourney(context);
  } finally {
    await context.close();
  }
});

test('the same journey works with JavaScript turned off', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    await signInAndOutJourney(context);
  } finally {
    await context.close();
  }
});

test('signing in from a page that needs it returns to that page', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/account`);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    await page.getByLabel('Email address').pressSequentially(demoEmail('worker'));
    await page.getByLabel('Password').pressSequentially(DEMO_PASSWORD);
    await clickAndWait(page, page.locator('main').getByRole('button', { name: 'Sign in' }));
    assert.equal(new URL(page.url()).pathname, '/account');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Your account');
  } finally {
    await context.close();
  }
});

/** Submits the sign-in form and checks the GOV.UK error pattern: the error
 * summary, its links to the fields, messages beside the fields, and the
 * "Error:" title. Returns the page, still on the errors. */
async function failedSignIn(context, { email, password, status, fields }) {
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  if (email) await page.getByLabel('Email address').pressSequentially(email);
  if (password) await page.getByLabel('Password').pressSequentially(password);
  const res = await clickAndWait(page, page.locator('main').getByRole('button', { name: 'Sign in' }));
  assert.equal(res.status(), status);
  assert.equal(new URL(page.url()).pathname, '/sign-in');
  assert.match(await page.title(), /^Error: Sign in/);

  const summary = page.locator('.govuk-error-summary');
  assert.equal(await summary.count(), 1, 'one error summary');
  assert.ok(await summary.isVisible());
  assert.equal(await summary.getByRole('alert').count(), 1, 'the summary is announced');
  assert.equal(await summary.getByRole('heading', { name: 'There is a problem' }).count(), 1);
  // The summary comes before the h1, as GOV.UK asks.
  const order = await page.evaluate(() => {
    const s = document.querySelector('.govuk-error-summary');
    const h = document.querySelector('h1');
    return s.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  assert.ok(order, 'error summary is above the heading');

  const links = summary.getByRole('link');
  assert.equal(await links.count(), fields.length);
  for (const [i, field] of fields.entries()) {
    const link = links.nth(i);
    assert.equal(await link.getAttribute('href'), `#${field}`);
    const input = page.locator(`#${field}`);
    assert.equal(await input.count(), 1, `#${field} exists`);
    assert.equal(await input.evaluate((e) => e.tagName), 'INPUT');
    // The message beside the field repeats the summary's and is tied to it.
    const message = page.locator(`#${field}-error`);
    assert.ok(await message.isVisible(), `an error message for ${field}`);
    assert.match(await message.textContent(), new RegExp(escape((await link.textContent()).trim())));
    assert.match(await input.getAttribute('aria-describedby'), new RegExp(`\\b${field}-error\\b`));
    assert.match(await input.getAttribute('class'), /govuk-input--error/);
    assert.equal(await page.locator('.govuk-form-group--error').filter({ has: input }).count(), 1);
  }
  return page;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Following each summary link puts focus on its field. */
async function linksFocusFields(page, fields) {
  const links = page.locator('.govuk-error-summary').getByRole('link');
  for (const [i, field] of fields.entries()) {
    await links.nth(i).click();
    await page.waitForFunction((id) => document.activeElement?.id === id, field, { timeout: 2000 })
      .catch(() => {});
    const focused = await page.evaluate(() => document.activeElement?.id);
    assert.equal(focused, field, `the summary link for ${field} moves focus to the field`);
    assert.ok(await page.locator(`#${field}`).isVisible());
  }
}

test('a wrong password shows the error summary, linked to the email field', async () => {
  const context = await browser.newContext();
  try {
    const page = await failedSignIn(context, {
      email: demoEmail('worker'), password: 'not-the-password', status: 401, fields: ['email'],
    });
    assert.match(await page.locator('.govuk-error-summary').textContent(),
      /The email address or password is not correct/);
    // The email is kept, the password is not.
    assert.equal(await page.getByLabel('Email address').inputValue(), demoEmail('worker'));
    assert.equal(await page.getByLabel('Password').inputValue(), '');
    // With JavaScript, GOV.UK Frontend moves focus to the summary on load.
    await page.waitForFunction(
      () => document.activeElement?.classList.contains('govuk-error-summary'), null, { timeout: 2000 });
    await linksFocusFields(page, ['email']);
  } finally {
    await context.close();
  }
});

test('an empty form shows an error for each field, and works without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await failedSignIn(context, { status: 400, fields: ['email', 'password'] });
    await linksFocusFields(page, ['email', 'password']);
  } finally {
    await context.close();
  }
});
