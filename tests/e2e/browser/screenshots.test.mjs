// Full-page screenshots of the main pages for people to look at (written to
// tests/e2e/out/, which git ignores), and WCAG 1.4.10 reflow: at 320 CSS px
// wide nothing may need scrolling sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, signIn, roseUuid, serviceUuid, selfCheckIds, eventUuid, watchErrors, outDir, reflow } from './browser.mjs';

let server, browser, rose, service, dir, selfCheck, event;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launch()]);
  rose = await roseUuid(server.url);
  service = await serviceUuid(server.url);
  selfCheck = await selfCheckIds(server.url);
  event = await eventUuid(server.url);
  dir = outDir();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// name, who signs in (null: nobody), path, the h1 to wait for.
const PAGES = [
  { name: 'home', who: null, path: () => '/', h1: 'Find support and plan your own care' },
  { name: 'sign-in', who: null, path: () => '/sign-in', h1: 'Sign in' },
  { name: 'person', who: 'worker', path: () => `/people/${rose}`, h1: 'Rose Ashdown' },
  { name: 'admin', who: 'admin', path: () => '/admin', h1: 'Administration' },
  { name: 'account', who: 'worker', path: () => '/account', h1: 'Your account' },
  { name: 'accounts', who: 'admin', path: () => '/admin/accounts', h1: 'Accounts' },
  { name: 'forgotten', who: null, path: () => '/sign-in/forgotten', h1: 'Reset your password' },
  { name: 'find', who: null, path: () => '/find?q=someone+to+talk+to', h1: 'Find help and things to do' },
  { name: 'find-wheelchair', who: null, path: () => '/find?q=wheelchair&page=99', h1: 'Find help and things to do' },
  { name: 'find-service', who: null, path: () => `/find/services/${service}`, h1: null },
  { name: 'find-print', who: null, path: () => '/find/print?term=befriending', h1: 'Help and things to do in Ashby Vale' },
  { name: 'selfcheck-report', who: null, path: () => `/check/self/answers/${selfCheck.answers}/report`, h1: 'Your self-check results' },
  { name: 'selfcheck-ask', who: null, path: () => `/check/self/answers/${selfCheck.answers}/ask`, h1: 'Ask for an assessment' },
  { name: 'selfcheck-sent', who: null, path: () => `/check/self/sent/${selfCheck.form}`, h1: 'Your request has been sent' },
  { name: 'equipment', who: null, path: () => '/check/equipment', h1: 'Equipment that can help at home' },
  { name: 'people', who: 'worker', path: () => '/people', h1: 'People you support' },
  { name: 'person-own', who: 'resident', path: () => `/people/${rose}`, h1: 'Rose Ashdown' },
  { name: 'person-new', who: 'worker', path: () => '/people/new', h1: 'Add a person' },
  { name: 'person-edit', who: 'worker', path: () => `/people/${rose}/edit`, h1: 'Change the details' },
  { name: 'sp-sent', who: 'partner', path: () => '/social-prescribing/sent', h1: 'Your referrals to social prescribing' },
  { name: 'schemes', who: 'coordinator', path: () => '/schemes', h1: 'Neighbourhood schemes' },
  { name: 'scheme', who: 'coordinator', path: () => '/schemes/good-neighbours', h1: 'Good neighbours' },
  { name: 'events', who: null, path: () => '/events', h1: "What's on" },
  { name: 'event', who: 'resident', path: () => `/events/${event}`, h1: "Carers' coffee and a chat" },
  { name: 'event-manage', who: 'partner', path: () => `/events/${event}/manage`, h1: "Carers' coffee and a chat" },
  { name: 'event-new', who: 'coordinator', path: () => '/events/new', h1: 'A new event' },
  { name: 'insight', who: 'commissioner', path: () => '/insight', h1: 'Evidence for commissioners' },
  { name: 'insight-wellbeing', who: 'commissioner', path: () => '/insight/wellbeing?measure=ucla3', h1: 'Loneliness, UCLA 3-item scale (3 to 9: lower is less lonely)' },
  { name: 'market-position', who: null, path: () => '/market-position', h1: 'Market position statements' },
];

const DESKTOP = { width: 1280, height: 800 };

for (const p of PAGES) {
  test(`${p.name}: screenshots, and no sideways scrolling at 320px`, async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = await context.newPage();
      const errors = watchErrors(page);
      if (p.who) await signIn(page, server.url, p.who, { typing: false });
      const res = await page.goto(server.url + p.path());
      assert.equal(res.status(), 200);
      await (p.h1 ? page.getByRole('heading', { level: 1, name: p.h1 }) : page.getByRole('heading', { level: 1 })).waitFor();
      if (await page.locator('#sn-map').count()) await page.locator('#sn-map-block[data-ready="true"]').waitFor();
      await page.screenshot({ path: join(dir, `${p.name}.png`), fullPage: true });

      const narrow = await reflow(page);
      await page.screenshot({ path: join(dir, `${p.name}-320.png`), fullPage: true });
      assert.ok(narrow.ok, `${p.path()} ${narrow.message}`);
      assert.deepEqual(errors, [], 'no script or CSP errors');
    } finally {
      await context.close();
    }
  });
}
