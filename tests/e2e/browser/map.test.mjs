// The results map: with map tiles configured (here an address no test ever
// reaches: every tile request is stopped), the search page draws a marker
// for each result with a place, nothing on the map takes focus, and axe
// finds nothing; without tiles, or without JavaScript, there is no map and
// the list stands alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, axe, describeViolations, outDir } from './browser.mjs';

const TILES = 'https://tiles.invalid/{z}/{x}/{y}.png';
let withTiles, plain, browser;

before(async () => {
  [withTiles, plain, browser] = await Promise.all([
    startServer({ args: ['--tiles', TILES, '--tiles-attribution', 'Demo tiles'] }), startServer(), launch()]);
});
after(async () => {
  await browser?.close();
  await withTiles?.stop();
  await plain?.stop();
});

test('with tiles: a marker per result, no focusable parts, no axe violations; no tile fetched', async () => {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const tiles = [];
  await context.route('https://tiles.invalid/**', (route) => { tiles.push(route.request().url()); return route.abort(); });
  try {
    const page = await context.newPage();
    const res = await page.goto(`${withTiles.url}/find?term=befriending`);
    assert.match(res.headers()['content-security-policy'], /img-src 'self' data: https:\/\/tiles\.invalid;/);
    const map = page.locator('#sn-map');
    await map.waitFor({ state: 'visible' });
    const results = await page.locator('.sn-result-item[data-lat]').count();
    assert.ok(results > 0);
    await page.waitForFunction((n) => document.querySelectorAll('#sn-map .leaflet-overlay-pane path').length === n, results);
    assert.equal(await page.locator('#sn-map [tabindex], #sn-map a, #sn-map button').count(), 0,
      'nothing on the map takes focus');
    assert.match(await page.locator('#sn-map-credit').textContent(), /Demo tiles/);
    const v = await axe(page);
    assert.equal(v.length, 0, describeViolations('search with a map', v));
    await page.screenshot({ path: join(outDir(), 'find-map.png') });
  } finally {
    await context.close();
  }
  // The page asked for tiles only of the configured server, and none arrived.
  assert.ok(tiles.every((u) => u.startsWith('https://tiles.invalid/')));
});

test('without tiles there is no map; without JavaScript the list stands alone', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${plain.url}/find?term=befriending`);
    assert.equal(await page.locator('#sn-map').count(), 0);
    assert.ok(await page.locator('.sn-result-item').count() > 0);
  } finally {
    await context.close();
  }
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await nojs.newPage();
    await page.goto(`${withTiles.url}/find?term=befriending`);
    assert.equal(await page.locator('#sn-map').isVisible(), false, 'the map stays hidden');
    assert.ok(await page.locator('.sn-result-item').count() > 0);
  } finally {
    await nojs.close();
  }
});
