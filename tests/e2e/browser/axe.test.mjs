// axe-core (WCAG 2.2 A and AA) on every page SupportNet serves, as every
// visitor allowed to see it, and on the pages' error states; and, while each
// page is loaded anyway, WCAG 1.4.10 reflow at 320px wide. The pages come
// from the route table (`supportnet routes`), so a new page is covered as
// soon as it is added there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, ROLES } from '../lib/server.mjs';
import { launch, signIn, clickAndWait, roseUuid, intakeUuid, roseAssessmentUuid, serviceUuid, managedUuids, workerAccountUuid, selfCheckIds, planUuids, referralUuid, firstContactUuids, socialRxUuids, eventUuid, conversationUuid, timebankUuids, schemesIds, axe, describeViolations, reflow } from './browser.mjs';

// Routes that are not pages for people: probes, metrics, static files.
const NOT_PAGES = [/^\/healthz$/, /^\/metrics$/, /^\/assets\//, /\.csv$/, /\/tables\/\{\w+\}$/];

let server, browser, area, rose, intake, assessment, service, managed, account, selfCheck, plans, referral, event, conversation, firstContact, socialRx, timebank, schemes;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  rose = await roseUuid(server.url);
  // A market position statement: the first area listed.
  area = (await (await fetch(server.url + '/market-position')).text()).match(/\/market-position\/([0-9a-f-]{36})/)[1];
  intake = await intakeUuid(server.url);
  assessment = await roseAssessmentUuid(server.url);
  service = await serviceUuid(server.url);
  managed = await managedUuids(server.url);
  account = await workerAccountUuid(server.url);
  selfCheck = await selfCheckIds(server.url);
  plans = await planUuids(server.url);
  referral = await referralUuid(server.url);
  event = await eventUuid(server.url);
  conversation = await conversationUuid(server.url);
  firstContact = await firstContactUuids(server.url);
  socialRx = await socialRxUuids(server.url);
  schemes = await schemesIds(server.url);
  timebank = await timebankUuids(server.url);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The GET pages from the route table, with {id} filled with Rose's record
 * (or, under /intake/, a request in the demo queue; under /assessments/,
 * Rose's needs assessment; under /directory/, what the demo partner looks
 * after). */
function pages() {
  const out = cli(['routes']);
  assert.equal(out.status, 0, `supportnet routes failed: ${out.stderr}`);
  const routes = JSON.parse(out.stdout).filter((r) => r.method === 'GET' && !r.api
    && !NOT_PAGES.some((re) => re.test(r.pattern)));
  assert.ok(routes.length >= 10, `only ${routes.length} pages in the route table?`);
  return routes.map((r) => {
    const path = r.pattern.replace(/\{(\w+)\}/g, (m, name) => {
      if (name === 'id') {
        if (r.pattern.startsWith('/intake/')) return intake;
        if (r.pattern.startsWith('/market-position/')) return area;
        if (r.pattern.startsWith('/assessments/')) return assessment;
        if (r.pattern.startsWith('/find/services/')) return service;
        // The directory's editing pages: what the demo partner looks after.
        if (r.pattern.startsWith('/directory/services/')) return managed.service;
        if (r.pattern.startsWith('/directory/organizations/')) return managed.org;
        if (r.pattern.startsWith('/directory/changes/')) return managed.change;
        if (r.pattern.startsWith('/admin/accounts/')) return account;
        // Support plans: Rose's plan in force, her review, the demo pool.
        if (r.pattern.startsWith('/plans/')) return plans.plan;
        if (r.pattern.startsWith('/reviews/')) return plans.review;
        if (r.pattern.startsWith('/pools/')) return plans.pool;
        if (r.pattern.startsWith('/referrals/')) return referral;
        // Co-production: a demo conversation held, with notes and actions.
        if (r.pattern.startsWith('/events/{id}/conversation')) return conversation;
        if (r.pattern.startsWith('/what-we-heard/')) return conversation;
        if (r.pattern.startsWith('/events/')) return event; // the full peer support session
        if (r.pattern.startsWith('/first-contact/')) return firstContact.checklist;
        if (r.pattern.startsWith('/admin/first-contact/')) return firstContact.question;
        // Social prescribing: Rose's case, a GP referral waiting.
        if (r.pattern.startsWith('/social-prescribing/cases/')) return socialRx.case;
        if (r.pattern.startsWith('/social-prescribing/referrals/')) return socialRx.referral;
        // Neighbourhood schemes: a proposal waiting, its run, request and helper.
        if (r.pattern.startsWith('/schemes/proposals/')) return schemes.proposal;
        if (r.pattern.startsWith('/schemes/runs/')) return schemes.run;
        if (r.pattern.startsWith('/schemes/requests/')) return schemes.request;
        if (r.pattern.startsWith('/schemes/members/')) return schemes.member;
        // The timebank: Rose's exchange, contact request and membership,
        // a listing she may ask about, a transfer of her ledger.
        if (r.pattern.startsWith('/timebank/exchanges/')) return timebank.exchange;
        if (r.pattern.startsWith('/timebank/listings/')) return timebank.listing;
        if (r.pattern.startsWith('/timebank/contacts/')) return timebank.contact;
        if (r.pattern.startsWith('/timebank/coordinator/members/')) return timebank.member;
        if (r.pattern.startsWith('/timebank/coordinator/transfers/')) return timebank.transfer;
        return rose;
      }
      if (name === 'scheme') return schemes.scheme; // /schemes/{scheme}
      if (name === 'key') return 'about_me'; // /plans/{id}/sections/{key}
      if (name === 'kind') return 'rates'; // /admin/rules/{kind}/{name}
      if (name === 'name') return '2025-26';
      if (name === 'token') return 'a-link-that-was-never-sent'; // the page for a link that cannot be used
      if (name === 'answers') return selfCheck.answers; // a whole self-check, sealed
      if (name === 'form') return selfCheck.form; // a request sent from it
      // A new kind of path parameter: teach this test what to put there.
      throw new Error(`axe.test.mjs does not know what to put in ${m} of ${r.pattern}`);
    });
    return { ...r, path };
  });
}

/** Who may see a route: null for anonymous, or a role. */
function allowed(route, who) {
  if (route.public) return true;
  if (!who) return false;
  if (route.signed_in) return true;
  return route.roles.includes(who);
}

/** Loads a page and asserts axe finds nothing. */
async function check(page, path, where, { status } = {}) {
  const res = await page.goto(server.url + path);
  await checkLoaded(page, res, where, { status });
}

async function checkLoaded(page, res, where, { status } = {}) {
  const code = res.status();
  if (status) assert.equal(code, status, `${where}: status`);
  else assert.ok(code < 500 && code !== 404, `${where}: status ${code}`);
  assert.match(res.headers()['content-type'] || '', /^text\/html/, `${where}: an HTML page`);
  const violations = await axe(page);
  assert.equal(violations.length, 0, describeViolations(`${where} (at ${page.url()})`, violations));
}

const DESKTOP = { width: 1280, height: 720 };
// Typing is tested in sign-in.test.mjs; here the fields are just filled.
const QUICK = { typing: false };

/** A context for axe: the CSP forbids inline scripts, and axe is injected as one. */
async function newAxePage() {
  const context = await browser.newContext({ bypassCSP: true, viewport: DESKTOP });
  return { context, page: await context.newPage() };
}

// One after another: axe is CPU-bound, so checking visitors side by side
// gains nothing on a small machine and makes the output harder to read.
test('every page, as everyone who may see it: no axe violations, and reflow at 320px', async (t) => {
  const list = pages();
  const visitors = [null, ...ROLES];
  for (const who of visitors) {
    const name = who || 'anonymous';
    await t.test(name, async (t) => {
      const { context, page } = await newAxePage();
      try {
        if (who) {
          const res = await signIn(page, server.url, who, QUICK);
          assert.equal(new URL(page.url()).pathname, '/', `${who} signed in (${res.status()})`);
        }
        for (const route of list.filter((r) => allowed(r, who))) {
          await page.setViewportSize(DESKTOP);
          await t.test(`${route.pattern}`, () => check(page, route.path, `${route.path} as ${name}`));
          await t.test(`${route.pattern} reflows at 320px`, async () => {
            const r = await reflow(page);
            assert.ok(r.ok, `${route.path} as ${name} ${r.message}`);
          });
        }
      } finally {
        await context.close();
      }
    });
  }
});

test('error states have no axe violations', async (t) => {
  await t.test('sign-in with an empty form', async () => {
    const { context, page } = await newAxePage();
    try {
      await page.goto(`${server.url}/sign-in`);
      const res = await clickAndWait(page, page.locator('main').getByRole('button', { name: 'Sign in' }));
      await checkLoaded(page, res, 'sign-in with errors', { status: 400 });
    } finally {
      await context.close();
    }
  });

  await t.test('sign-in with a wrong password', async () => {
    const { context, page } = await newAxePage();
    try {
      await signIn(page, server.url, 'worker', { password: 'not-the-password', typing: false });
      assert.equal(await page.locator('.govuk-error-summary').count(), 1);
      const violations = await axe(page);
      assert.equal(violations.length, 0, describeViolations('sign-in, wrong password', violations));
    } finally {
      await context.close();
    }
  });

  await t.test('a record worker2 is not linked to, and break glass with a short reason', async () => {
    const { context, page } = await newAxePage();
    try {
      await signIn(page, server.url, 'worker2', QUICK);
      const res = await page.goto(`${server.url}/people/${rose}`);
      await page.getByRole('heading', { level: 1, name: 'You cannot see this record' }).waitFor();
      await checkLoaded(page, res, 'the no-access record page', { status: 403 });

      await clickAndWait(page, page.getByRole('link', { name: 'Use emergency access' }));
      assert.equal(new URL(page.url()).pathname, `/people/${rose}/break-glass`);
      await page.getByLabel('Why do you need to see this record now?').pressSequentially('urgent');
      const sent = await clickAndWait(page, page.getByRole('button', { name: 'Open the record' }));
      assert.equal(await page.locator('.govuk-error-summary').count(), 1, 'a short reason is refused');
      assert.equal(await page.locator('#reason-error').count(), 1);
      await checkLoaded(page, sent, 'break glass with a short reason', { status: 400 });
    } finally {
      await context.close();
    }
  });

  await t.test("a community conversation's note and action sent empty", async () => {
    const { context, page } = await newAxePage();
    try {
      await signIn(page, server.url, 'coordinator', QUICK);
      await page.goto(`${server.url}/events/${conversation}/conversation`);
      let res = await clickAndWait(page, page.getByRole('button', { name: 'Add the note' }));
      assert.equal(await page.locator('#note-error').count(), 1);
      await checkLoaded(page, res, 'a note sent empty', { status: 422 });
      await page.goto(`${server.url}/events/${conversation}/conversation/actions`);
      res = await clickAndWait(page, page.getByRole('button', { name: 'Add the action' }));
      assert.equal(await page.locator('#body-error').count(), 1);
      await checkLoaded(page, res, 'an action sent empty', { status: 422 });
    } finally {
      await context.close();
    }
  });

  await t.test('a record with an invalid postcode submitted', async () => {
    const { context, page } = await newAxePage();
    try {
      await signIn(page, server.url, 'worker', QUICK);
      await page.goto(`${server.url}/people/${rose}`);
      await page.getByLabel('Postcode', { exact: true }).fill('not a postcode');
      const res = await clickAndWait(page, page.getByRole('button', { name: 'Save postcode' }));
      assert.equal(await page.locator('.govuk-error-summary').count(), 1);
      assert.equal(await page.locator('#postcode-error').count(), 1);
      await checkLoaded(page, res, 'record with an invalid postcode', { status: 400 });
    } finally {
      await context.close();
    }
  });

  // /admin/tokens is in the route table (so every page above); its form
  // sent empty, the page that shows a new token once, and the list with one.
  await t.test('API tokens: the form with errors, a new token, the list with it', async () => {
    const { context, page } = await newAxePage();
    try {
      await signIn(page, server.url, 'admin', QUICK);
      await page.goto(`${server.url}/admin/tokens`);
      let res = await clickAndWait(page, page.getByRole('button', { name: 'Make the token' }));
      assert.equal(await page.locator('.govuk-error-summary').count(), 1);
      assert.equal(await page.locator('#email-error').count(), 1);
      await checkLoaded(page, res, 'API tokens, the form with errors', { status: 400 });
      await page.getByLabel('Email address of the account it acts as').fill('partner@demo.supportnet.test');
      await page.getByLabel('Name', { exact: true }).fill('Axe check');
      res = await clickAndWait(page, page.getByRole('button', { name: 'Make the token' }));
      assert.match(await page.locator('#api-token').textContent(), /^snt_/);
      await checkLoaded(page, res, 'a new API token', { status: 200 });
      await check(page, '/admin/tokens', 'API tokens, listed with a revoke button');
      assert.ok(await page.getByRole('button', { name: /^Revoke token \d+, Axe check$/ }).count() === 1);
    } finally {
      await context.close();
    }
  });

  await t.test('page not found, anonymous and signed in', async () => {
    const { context, page } = await newAxePage();
    try {
      await check(page, '/no-such-page', '404 page (anonymous)', { status: 404 });
      await signIn(page, server.url, 'resident', QUICK);
      await check(page, '/no-such-page', '404 page (resident)', { status: 404 });
      await check(page, '/people/00000000-0000-4000-8000-000000000000',
        'a record that does not exist (resident)', { status: 404 });
    } finally {
      await context.close();
    }
  });

  await t.test('forbidden page', async () => {
    const { context, page } = await newAxePage();
    try {
      await signIn(page, server.url, 'resident', QUICK);
      await check(page, '/admin', '403 page (resident on /admin)', { status: 403 });
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'You cannot see this page');
    } finally {
      await context.close();
    }
  });
});

// The duplicate-person check's states that a plain visit does not reach:
// "Is this the same person?" (and unanswered), then the merge page's
// chooser and its comparison. Last, since it adds a record like Rose's.
test('someone new: "Is this the same person?", the merge chooser and comparison', async () => {
  const { context, page } = await newAxePage();
  try {
    await signIn(page, server.url, 'worker', QUICK);
    await page.goto(`${server.url}/referrals/new-person`);
    await page.getByLabel('First name').fill('Rose');
    await page.getByLabel('Last name').fill('Ashdown');
    await page.locator('input[name="service_id"]').first().check();
    await page.getByLabel('Why are you making the referral?').fill('Company on Tuesdays.');
    await page.getByLabel(/The person agrees to share/).check();
    let res = await clickAndWait(page, page.getByRole('button', { name: 'Make the referral' }));
    await page.getByRole('heading', { name: 'Is this the same person?' }).waitFor();
    await checkLoaded(page, res, 'refer someone new: is this the same person?', { status: 200 });
    res = await clickAndWait(page, page.getByRole('button', { name: 'Make the referral' }));
    assert.equal(await page.locator('#same-error').count(), 1);
    await checkLoaded(page, res, 'refer someone new: the question unanswered', { status: 422 });
    await page.getByLabel('No, someone new').check();
    await clickAndWait(page, page.getByRole('button', { name: 'Make the referral' }));
    assert.match(new URL(page.url()).pathname, /^\/referrals\/[0-9a-f-]{36}$/);
    await check(page, `/people/${rose}/merge`, 'the merge chooser', { status: 200 });
    await page.locator('input[name="into"]').first().check();
    res = await clickAndWait(page, page.getByRole('button', { name: 'Compare the records' }));
    await page.getByRole('button', { name: 'Merge the records' }).waitFor();
    await checkLoaded(page, res, 'the merge comparison', { status: 200 });
  } finally {
    await context.close();
  }
});
