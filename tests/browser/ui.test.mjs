// Real browser: Debian's Chromium driven by playwright-core against a real
// `bodesk serve` on a fresh working set. The page's first-run screen loads
// the demo; every dashboard tile equals `bodesk kpi --json`; a drill-down
// region → location → part → lines keeps its counts at each level; a folder
// with one bad file imported through the page is rejected with its reasons
// and leaves the working set as it was; screenshots at desktop and phone
// width are written to target/screenshots/.
//
//   BODESK_BIN=target/debug/bodesk node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServe, launchChromium } from './support/serve.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

const BIN = process.env.BODESK_BIN ?? join(root, 'target', 'debug', 'bodesk');
const SHOTS = join(root, 'target', 'screenshots');
const KPI_KEYS = [
  'open_lines', 'open_qty', 'open_value', 'mean_age_days', 'max_age_days', 'backorder_days', 'parts_affected',
  'backorder_days_per_part', 'customer_impact_days', 'sla_breaches', 'penalty_exposure', 'lines_over_30_days',
  'fill_rate', 'supplier_on_time_pct',
];

let dir, db, server, url, browser;

function bodesk(...args) {
  return execFileSync(BIN, ['--db', db, ...args], { encoding: 'utf8' });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bodesk-browser-'));
  db = join(dir, 'ws.sqlite');
  mkdirSync(SHOTS, { recursive: true });
  ({ server, url } = await startServe(BIN, db));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function tileValues(page) {
  return page.$$eval('[data-testid^="tile-"]', (tiles) =>
    Object.fromEntries(tiles.map((t) => [t.dataset.testid.slice(5), t.dataset.value])));
}

async function groupRows(page) {
  await page.waitForSelector('[data-testid="group-row"]');
  return page.$$eval('[data-testid="group-row"]', (rows) => rows.map((r) => ({ key: r.dataset.key, open: Number(r.dataset.openLines) })));
}

test('first run, dashboard equals the CLI, drill-down to lines, a rejected import, phone width', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });

  // First run: the empty working set opens the import screen; load the demo.
  await page.goto(url);
  await page.click('[data-testid="load-demo"]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="tile-open_lines"]', { timeout: 120_000 });
  await page.waitForSelector('[data-testid="trend"] svg');

  // Every tile equals the CLI's figure.
  const cli = JSON.parse(bodesk('kpi', '--json'));
  const tiles = await tileValues(page);
  for (const key of KPI_KEYS) {
    assert.ok(key in tiles, `tile ${key} is on the dashboard`);
    const want = cli.total[key];
    assert.equal(tiles[key], want === null ? '' : String(want), `tile ${key}`);
  }
  await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });

  // Region → location → part → lines, counts consistent at each level.
  const regions = await groupRows(page);
  assert.equal(regions.reduce((s, r) => s + r.open, 0), cli.total.open_lines, 'regions add up to the total');
  const cliRegions = JSON.parse(bodesk('kpi', '--by', 'region', '--json')).groups;
  for (const r of regions) assert.equal(r.open, cliRegions.find((g) => g.key === r.key).open_lines, `region ${r.key}`);
  const region = regions[0];
  await page.click(`[data-testid="group-row"][data-key="${region.key}"] th button`);
  await page.waitForFunction((k) => decodeURIComponent(location.hash).includes(`region:${k}`), region.key);
  await page.waitForSelector('[data-testid="breadcrumb"] >> text=Region');
  assert.equal((await tileValues(page)).open_lines, String(region.open));
  const locations = await groupRows(page);
  assert.equal(locations.reduce((s, r) => s + r.open, 0), region.open, 'locations add up to the region');

  const loc = locations[0];
  await page.click(`[data-testid="group-row"][data-key="${loc.key}"] th button`);
  await page.waitForFunction((k) => decodeURIComponent(location.hash).includes(`location:${k}`), loc.key);
  await page.waitForFunction((n) => document.querySelector('[data-testid="tile-open_lines"]')?.dataset.value === String(n), loc.open);
  const parts = await groupRows(page);
  assert.equal(parts.reduce((s, r) => s + r.open, 0), loc.open, 'parts add up to the location');

  const part = parts.find((p) => p.open > 0) ?? parts[0];
  await page.click(`[data-testid="group-row"][data-key="${part.key}"] th button`);
  await page.waitForSelector('[data-testid="lines-table"]');
  const total = Number(await page.getAttribute('[data-testid="lines-table"]', 'data-total'));
  assert.equal(total, part.open, 'the lines behind the part');
  const cliLines = JSON.parse(bodesk('lines', '--where', `region=${region.key}`, '--where', `location=${loc.key}`, '--where', `part=${part.key}`, '--open', '--json'));
  assert.equal(cliLines.length, total, 'the CLI lists the same lines');
  assert.ok((await page.$$('[data-testid="line-row"]')).length > 0, 'rows are rendered');
  await page.screenshot({ path: join(SHOTS, 'workbench.png') });
  // Back returns to the part level.
  await page.click('[data-testid="breadcrumb"] .back');
  await page.waitForSelector('[data-testid="group-row"]');

  // Meeting mode: large type, arrow keys step through regions, exports.
  const meeting = await browser.newPage({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true });
  meeting.on('pageerror', (e) => problems.push(`meeting page error: ${e.message}`));
  await meeting.goto(`${url.replace(/#.*$/, '')}#/meeting`);
  await meeting.waitForSelector('[data-testid="meeting-title"]');
  assert.equal(await meeting.textContent('[data-testid="meeting-title"]'), 'Network');
  assert.equal(await meeting.getAttribute('[data-testid="tile-open_lines"]', 'data-value'), String(cli.total.open_lines));
  await meeting.screenshot({ path: join(SHOTS, 'meeting.png') });
  await meeting.keyboard.press('ArrowRight');
  await meeting.waitForFunction(() => document.querySelector('[data-testid="meeting-title"]')?.textContent.startsWith('Region '));
  const shownRegion = (await meeting.textContent('[data-testid="meeting-title"]')).slice('Region '.length);
  await meeting.waitForFunction(
    (n) => document.querySelector('[data-testid="tile-open_lines"]')?.dataset.value === String(n),
    cliRegions.find((g) => g.key === shownRegion).open_lines,
  );
  for (const [format, magic] of [['png', '\x89PNG'], ['svg', '<svg'], ['csv', 'location,open_lines']]) {
    const [file] = await Promise.all([meeting.waitForEvent('download'), meeting.click(`[data-testid="export-${format}"]`)]);
    assert.match(file.suggestedFilename(), new RegExp(`\\.${format}$`));
    const bytes = readFileSync(await file.path());
    if (format === 'png') assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG');
    else assert.ok(bytes.toString('utf8').includes(magic), `${format} starts as expected`);
  }
  await meeting.close();

  // A folder with one bad file, through the import screen.
  const before = { kpis: bodesk('kpi', '--json'), check: JSON.parse(bodesk('check', '--json')).counts };
  const bad = join(dir, 'export-with-a-bad-file');
  mkdirSync(bad);
  writeFileSync(join(bad, 'locations.csv'), 'location_id,name,region\nZZ01,New depot,EMEA\n');
  writeFileSync(join(bad, 'stock.csv'), 'part_id,location_id,on_hand\n100001,ZZ01,twelve\n');
  await page.goto(`${url.split('#')[0].replace(/\?.*$/, '')}#/import`);
  await page.waitForSelector('[data-testid="folder-input"]', { state: 'attached' });
  await page.setInputFiles('[data-testid="folder-input"]', bad);
  await page.waitForSelector('[data-testid="import-rejected"]', { timeout: 60_000 });
  const rejectText = await page.textContent('[data-testid="rejects"]');
  assert.match(rejectText, /stock\.csv/);
  assert.match(rejectText, /on_hand/);
  assert.match(rejectText, /twelve/);
  await page.fill('[data-testid="reject-filter"]', 'no such text');
  assert.equal((await page.$$('[data-testid="reject-row"]')).length, 0, 'the filter hides non-matching rejects');
  await page.screenshot({ path: join(SHOTS, 'import-rejected.png'), fullPage: true });
  assert.equal(bodesk('kpi', '--json'), before.kpis, 'the KPIs are unchanged');
  assert.deepEqual(JSON.parse(bodesk('check', '--json')).counts, before.check, 'every table is unchanged');

  // Phone width: a technician checks a part.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });
  await phone.goto(`${url.replace(/#.*$/, '')}#/part?id=${encodeURIComponent(part.key)}`);
  await phone.waitForSelector('[data-testid="part-title"]');
  const width = await phone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 392, `no sideways scrolling at phone width (page is ${width}px wide)`);
  await phone.screenshot({ path: join(SHOTS, 'phone-part.png'), fullPage: true });
  await phone.goto(url.replace(/#.*$/, ''));
  await phone.waitForSelector('[data-testid="tile-open_lines"]');
  await phone.screenshot({ path: join(SHOTS, 'phone-dashboard.png'), fullPage: true });

  assert.deepEqual(problems, [], 'no script errors in the page');
});
