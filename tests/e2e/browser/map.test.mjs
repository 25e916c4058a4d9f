// The results map: drawn with no internet at all (no tile server): the
// localities' boundaries and a marker for every result with a place, from
// /find/map.geojson; close places gathered into groups; every marker and
// group a button a keyboard reaches and works; the markers the same results
// as the list; no request leaves the machine and the CSP holds. With tiles
// configured (an address no test reaches: every tile request is stopped)
// they are drawn under it; without JavaScript there is no map and the list
// stands alone. axe finds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, axe, describeViolations, outDir, watchErrors, reflow } from './browser.mjs';

const TILES = 'https://tiles.invalid/{z}/{x}/{y}.png';
let withTiles, plain, browser, postcode;

before(async () => {
  [withTiles, plain, browser] = await Promise.all([
    startServer({ args: ['--tiles', TILES, '--tiles-attribution', 'Demo tiles'] }), startServer(), launch()]);
  const html = await (await fetch(`${plain.url}/find?term=befriending`)).text();
  postcode = html.match(/, (AV\d [0-9][A-Z]{2})<\/dd>/)[1];
});
after(async () => {
  await browser?.close();
  await withTiles?.stop();
  await plain?.stop();
});

/** A context whose every request beyond the server is stopped and recorded. */
async function offline(base, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const outside = [];
  await context.route((url) => !url.href.startsWith(base), (route) => {
    outside.push(route.request().url());
    return route.abort();
  });
  return { context, outside };
}

/** What the map shows: each marker's id, each group's members (ids), and
 * the areas and their names. */
async function drawn(page) {
  await page.locator('#sn-map-block[data-ready="true"]').waitFor();
  return page.evaluate(() => ({
    markers: [...document.querySelectorAll('#sn-map .sn-map-marker')].map((e) => e.dataset.id),
    groups: [...document.querySelectorAll('#sn-map .sn-map-cluster')].map((e) => e.dataset.members.split(' ')),
    areas: document.querySelectorAll('#sn-map path.sn-map-area').length,
    labels: [...document.querySelectorAll('#sn-map .sn-map-label')].map((e) => e.textContent),
    list: [...document.querySelectorAll('.sn-result-item[data-lat]')].map((e) => e.dataset.id),
  }));
}

test('offline: the areas and a marker for each result, grouped where close; the same as the list; CSP kept', async () => {
  const { context, outside } = await offline(plain.url);
  try {
    const page = await context.newPage();
    const errors = watchErrors(page);
    const res = await page.goto(`${plain.url}/find?q=lunch&postcode=${encodeURIComponent(postcode)}`);
    assert.match(res.headers()['content-security-policy'], /img-src 'self' data:;/, 'no tile server allowed');
    const d = await drawn(page);
    assert.equal(d.areas, 6, 'the six localities');
    assert.deepEqual([...d.labels].sort(), ['Eastfield', 'Hollins Green', 'Millbrook', 'Northgate', 'Old Town', 'Riverside']);
    const onMap = [...d.markers, ...d.groups.flat()];
    assert.ok(d.list.length > 0);
    assert.deepEqual([...onMap].sort(), [...d.list].sort(), 'the markers are the list');
    assert.ok(d.groups.length > 0, 'close places are grouped at the first zoom');
    assert.equal(await page.locator('#sn-map .leaflet-tile').count(), 0, 'no tiles');
    // Each group says how many, and which numbers of the list.
    const label = await page.locator('#sn-map .sn-map-cluster').first().getAttribute('aria-label');
    assert.match(label, /^\d+ places here, numbers [\d, ]+: zoom in$/);
    await page.screenshot({ path: join(outDir(), 'find-map.png') });
    const narrow = await reflow(page);
    await page.screenshot({ path: join(outDir(), 'find-map-320.png'), fullPage: false });
    assert.ok(narrow.ok, narrow.message);
    assert.deepEqual(errors, [], 'no script or CSP errors');
  } finally {
    await context.close();
  }
  assert.deepEqual(outside, [], 'nothing asked of the internet');
});

test('more results than a page: every one on the map, as the GeoJSON says', async () => {
  const { context } = await offline(plain.url);
  try {
    const page = await context.newPage();
    const q = `postcode=${encodeURIComponent(postcode)}`; // every service, nearest first
    await page.goto(`${plain.url}/find?${q}`);
    const d = await drawn(page);
    const fc = await (await fetch(`${plain.url}/find/map.geojson?${q}`)).json();
    const ids = fc.features.filter((f) => f.properties.kind === 'service').map((f) => f.properties.id);
    assert.ok(fc.total > 20, `more than a page (${fc.total})`);
    assert.deepEqual([...d.markers, ...d.groups.flat()].sort(), [...ids].sort());
    assert.match(await page.locator('#sn-map-what').textContent(), new RegExp(`The map shows all ${fc.total} results; the list gives them 20 a page\\.`));
    // The list's page is among them, in the same order as the GeoJSON's first 20.
    assert.deepEqual(d.list, ids.slice(0, d.list.length));
  } finally {
    await context.close();
  }
});

test('keyboard: Tab reaches the groups and markers; Enter zooms into a group and moves to its first place; a place opens its link', async () => {
  const { context } = await offline(plain.url);
  try {
    const page = await context.newPage();
    await page.goto(`${plain.url}/find?q=lunch&postcode=${encodeURIComponent(postcode)}`);
    await drawn(page);
    // From the skip link: the map, then its buttons, by Tab alone.
    await page.locator('.sn-map-skip').focus();
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip the map');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'sn-map');
    await page.keyboard.press('Tab');
    const role = await page.evaluate(() => [document.activeElement.getAttribute('role'), document.activeElement.className]);
    assert.equal(role[0], 'button');
    assert.match(role[1], /sn-map-(marker|cluster)/);
    // A group: Enter zooms in, and the focus goes to its first place.
    const group = page.locator('#sn-map .sn-map-cluster').first();
    const members = (await group.getAttribute('data-members')).split(' ');
    const zoom = Number(await page.locator('#sn-map').getAttribute('data-zoom'));
    await group.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((z) => Number(document.getElementById('sn-map').dataset.zoom) > z, zoom);
    await page.waitForFunction((first) => {
      const e = document.activeElement;
      return e && (e.dataset.id === first || (e.dataset.members || '').split(' ').includes(first));
    }, members[0]);
    // Into groups until a place, then Enter opens its popup with the link focused.
    for (let i = 0; i < 8; i++) {
      const cls = await page.evaluate(() => document.activeElement.className);
      if (/sn-map-marker/.test(cls)) break;
      const before = await page.evaluate(() => document.activeElement.dataset.members);
      await page.keyboard.press('Enter');
      await page.waitForFunction((b) => document.activeElement.dataset.members !== b || document.querySelector('.leaflet-popup'), before);
      if (await page.locator('.leaflet-popup').count()) break; // the same address: a list of them
    }
    if (!(await page.locator('.leaflet-popup').count())) await page.keyboard.press('Enter');
    const link = page.locator('.leaflet-popup .sn-map-popup a').first();
    await link.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.closest('.leaflet-popup') !== null), true, 'the popup takes the focus');
    assert.match(await link.getAttribute('href'), /^\/find\/services\/[0-9a-f-]{36}$/);
    assert.ok(members.includes((await link.getAttribute('href')).split('/').pop()), 'a place of the group');
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1');
    await page.screenshot({ path: join(outDir(), 'find-map-popup.png') });
    // Escape closes it, and the focus goes back to the map's buttons.
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('.leaflet-popup'));
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'button');
  } finally {
    await context.close();
  }
});

test('axe: the results with their map, and the popup open', async () => {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${plain.url}/find?q=lunch&postcode=${encodeURIComponent(postcode)}`);
    await drawn(page);
    let v = await axe(page);
    assert.equal(v.length, 0, describeViolations('search with a map', v));
    await page.locator('#sn-map .sn-map-marker').first().focus();
    await page.keyboard.press(' '); // Space, as any button
    await page.locator('.leaflet-popup').waitFor();
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1');
    v = await axe(page);
    assert.equal(v.length, 0, describeViolations('the map with a popup', v));
  } finally {
    await context.close();
  }
});

test('with tiles: drawn under the areas, only from the configured server; the credit under the map', async () => {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const tiles = [];
  await context.route('https://tiles.invalid/**', (route) => { tiles.push(route.request().url()); return route.abort(); });
  try {
    const page = await context.newPage();
    const res = await page.goto(`${withTiles.url}/find?term=befriending`);
    assert.match(res.headers()['content-security-policy'], /img-src 'self' data: https:\/\/tiles\.invalid;/);
    const d = await drawn(page);
    assert.equal(d.areas, 6);
    assert.ok(d.markers.length + d.groups.length > 0);
    await page.waitForFunction(() => document.querySelectorAll('#sn-map .leaflet-tile').length > 0);
    assert.match(await page.locator('#sn-map-credit').textContent(), /Demo tiles/);
    const v = await axe(page);
    assert.equal(v.length, 0, describeViolations('search with a tiled map', v));
  } finally {
    await context.close();
  }
  assert.ok(tiles.length > 0 && tiles.every((u) => u.startsWith('https://tiles.invalid/')));
});

test('without JavaScript the list stands alone', async () => {
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await nojs.newPage();
    await page.goto(`${plain.url}/find?term=befriending`);
    assert.equal(await page.locator('#sn-map-block').isVisible(), false, 'the map stays hidden');
    assert.ok(await page.locator('.sn-result-item').count() > 0);
  } finally {
    await nojs.close();
  }
});
