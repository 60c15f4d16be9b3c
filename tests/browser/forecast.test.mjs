// The Forecast and Replenish screens in a real browser (Debian's Chromium via
// playwright-core) against `bodesk serve` on the small demo:
// - Alt+9 opens the forecast portfolio; Enter on a row opens that part's
//   forecast: the chart has one recorded bar per history month (as
//   `forecast_part` answers), the band and the forecast line; method and
//   accuracy are shown;
// - an override without a reason is refused next to the form; with a reason
//   it is listed, drawn as a span and moves the forecast; removing it asks
//   for a reason and takes it away; Undo puts it back;
// - Alt+0 lists the replenishment suggestions; A on a row accepts it and the
//   exported CSV contains it; O reopens it;
// - the supplier panel saves a cadence and exports a CSV;
// - the part view links to the part's forecast.
// Screenshots go to target/screenshots/forecast*.png and replenish.png.
//
//   BODESK_BIN=target/debug/bodesk node --test tests/browser/forecast.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServe, launchChromium, callApi } from './support/serve.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

const BIN = process.env.BODESK_BIN ?? join(root, 'target', 'debug', 'bodesk');
const SHOTS = join(root, 'target', 'screenshots');

let dir, db, server, url, browser;
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** One command through the same HTTP API the page uses. */
const api = (command, args) => callApi(url, command, args);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bodesk-forecast-'));
  db = join(dir, 'ws.sqlite');
  mkdirSync(SHOTS, { recursive: true });
  execFileSync(BIN, ['--db', db, 'demo'], { encoding: 'utf8' });
  ({ server, url } = await startServe(BIN, db));
  if (!url.endsWith('/')) url += '/';
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function watch(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`); });
  return problems;
}

test('a demo part forecast: history, forecast and band; an override with a reason is drawn, removed with a reason, undone', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1100 }, locale: 'en-US' });
  const problems = watch(page);

  // The portfolio, from the navigation with Alt+9; Enter opens the first row.
  await page.goto(url);
  await page.waitForSelector('[data-testid="nav-forecast"]');
  await page.keyboard.press('Alt+9');
  await page.waitForSelector('[data-testid="portfolio-row"]', { timeout: 60_000 });
  const list = await api('forecast_list', { limit: 50, offset: 0 });
  assert.ok(list.rows.length > 0, 'the small demo has demand history');
  const shownParts = await page.$$eval('[data-testid="portfolio-row"]', (rows) => rows.map((r) => `${r.dataset.part}@${r.dataset.location}`));
  assert.deepEqual(shownParts, list.rows.map((r) => `${r.part_id}@${r.location_id}`));
  await page.screenshot({ path: join(SHOTS, 'forecast-portfolio.png') });
  await page.focus('[data-testid="portfolio-row"]');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  const first = list.rows[0];
  await page.waitForFunction((p) => decodeURIComponent(location.hash).startsWith(`#/forecast?part=${p}`), first.part_id);
  await page.waitForSelector('[data-testid="forecast-chart"]', { timeout: 60_000 });

  // The part's network total (as the part view's link opens it).
  const part = first.part_id;
  await page.goto(`${url}#/forecast?part=${encodeURIComponent(part)}`);
  await page.waitForSelector('[data-testid="forecast-chart"] .recorded');
  const f = await api('forecast_part', { part_id: part });
  assert.ok(f.periods.length > 0 && f.forecast_periods.length > 0);
  assert.equal(await page.locator('[data-testid="forecast-chart"] .recorded').count(), f.periods.length, 'one bar per history month');
  assert.equal(await page.locator('[data-testid="forecast-chart"] .band').count(), 1, 'the band');
  assert.equal(await page.locator('[data-testid="forecast-chart"] path.forecast').count(), 1, 'the forecast line');
  assert.equal(await page.locator('[data-testid="forecast-chart"] .forecast-point').count(), f.forecast_periods.length);
  assert.equal(await page.textContent('[data-testid="forecast-method-card"] [data-fact="Method"]'), f.method);
  assert.match(await page.textContent('[data-testid="forecast-accuracy"]'), new RegExp(`${f.accuracy.origins} origins`));
  const censored = f.censored.filter(Boolean).length;
  assert.equal(await page.locator('[data-testid="forecast-chart"] .censored-mark').count(), censored);
  if (censored) {
    const i = f.censored.indexOf(true);
    const tip = await page.textContent(`[data-testid="forecast-chart"] .month[data-period="${f.periods[i]}"] title`);
    assert.ok(tip.includes(f.censored_reason[i]), `${tip} names why ${f.periods[i]} was censored`);
  }
  await page.screenshot({ path: join(SHOTS, 'forecast.png'), fullPage: true });

  // An override without a reason: the message says so, nothing is added.
  const month = f.forecast_periods[0];
  const before = (await api('forecast_adjustments', { part_id: part })).length;
  await page.selectOption('[data-testid="adj-kind"]', 'override');
  await page.fill('[data-testid="adj-from"]', month);
  await page.fill('[data-testid="adj-to"]', f.forecast_periods[1] ?? month);
  await page.fill('[data-testid="adj-qty"]', '97');
  await page.click('[data-testid="adj-add"]');
  await page.waitForFunction(() => /reason is required/i.test(document.querySelector('[data-testid="adjustment-message"]')?.textContent ?? ''));
  assert.equal((await api('forecast_adjustments', { part_id: part })).length, before);

  // With a reason: listed, drawn as a span, and the chart redrawn with the adjusted forecast.
  await page.fill('[data-testid="adj-reason"]', 'Fleet retrofit in the browser test');
  await page.click('[data-testid="adj-add"]');
  await page.waitForSelector('[data-testid="adjustment"][data-kind="override"]');
  await page.waitForSelector('[data-testid="forecast-chart"] .span-override');
  const adjusted = await api('forecast_part', { part_id: part });
  assert.notEqual(adjusted.forecast[0], f.forecast[0], 'the override moves the first forecast month');
  const point = await page.getAttribute(`[data-testid="forecast-chart"] .forecast-point[data-period="${month}"]`, 'aria-label');
  assert.ok(point.startsWith(`${month}: forecast ${oneDecimal.format(adjusted.forecast[0])} `), point);
  const added = (await api('forecast_adjustments', { part_id: part })).find((a) => a.kind === 'override' && a.reason === 'Fleet retrofit in the browser test');
  assert.ok(added, 'the backend has the override');
  await page.screenshot({ path: join(SHOTS, 'forecast-override.png'), fullPage: true });

  // Remove asks for a reason; then the override is gone from list, chart and backend.
  const row = `[data-testid="adjustment"][data-adjustment-id="${added.adjustment_id}"]`;
  await page.click(`${row} [data-testid="adj-remove"]`);
  await page.fill(`${row} [data-testid="adj-remove-reason"]`, 'Retrofit cancelled');
  await page.click(`${row} [data-testid="adj-remove-confirm"]`);
  await page.waitForSelector(row, { state: 'detached' });
  assert.equal(await page.locator('[data-testid="forecast-chart"] .span-override').count(), 0);
  assert.equal((await api('forecast_adjustments', { part_id: part })).some((a) => a.adjustment_id === added.adjustment_id), false);

  // Undo re-adds the same override.
  await page.click('[data-testid="adj-undo"]');
  await page.waitForSelector('[data-testid="adjustment"][data-kind="override"]');
  const readded = (await api('forecast_adjustments', { part_id: part })).filter((a) => a.kind === 'override' && a.reason === 'Fleet retrofit in the browser test');
  assert.equal(readded.length, 1);
  assert.equal(readded[0].qty, 97);
  assert.equal(readded[0].start_period, month);

  assert.deepEqual(problems, []);
  await page.close();
});

test('replenishment: suggestions load, A accepts one, the export contains it, O reopens it; supplier sharing', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1100 }, locale: 'en-US' });
  const problems = watch(page);
  await page.goto(url);
  await page.waitForSelector('[data-testid="nav-replenish"]');
  await page.keyboard.press('Alt+0');
  await page.waitForSelector('[data-testid="suggestion-row"]', { timeout: 60_000 });
  const report = await api('replenishment', { include_no_order: false });
  assert.ok(report.rows.length > 0, 'the small demo has replenishment suggestions');
  assert.equal(await page.locator('[data-testid="suggestion-row"]').count(), report.rows.length);
  assert.match(await page.textContent('[data-testid="replenish-summary"]'), new RegExp(`${report.rows.length} suggestions · ${report.emergency_count} emergency`));

  // Emergency only.
  await page.check('[data-testid="filter-emergency"]');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('emergency=1'));
  await page.waitForSelector('[data-testid="filter-emergency"]:checked');
  const kinds = await page.$$eval('[data-testid="suggestion-row"]', (rows) => rows.map((r) => r.dataset.kind));
  assert.equal(kinds.length, report.emergency_count);
  assert.ok(kinds.every((k) => k === 'emergency'));
  await page.uncheck('[data-testid="filter-emergency"]');
  await page.waitForFunction(() => !decodeURIComponent(location.hash).includes('emergency=1'));
  await page.waitForSelector('[data-testid="filter-emergency"]:not(:checked)');
  await page.waitForSelector('[data-testid="suggestion-row"]');

  // A on the first row accepts it; the export has it.
  const target = report.rows[0];
  const sel = `[data-testid="suggestion-row"][data-suggestion-id="${target.suggestion_id}"]`;
  await page.focus(sel);
  await page.keyboard.press('a');
  await page.waitForSelector(`${sel}[data-decision="accepted"]`);
  const after = await api('replenishment', { include_no_order: false });
  assert.equal(after.rows.find((r) => r.suggestion_id === target.suggestion_id).decision, 'accepted');
  await page.screenshot({ path: join(SHOTS, 'replenish.png'), fullPage: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="replenish-export"]')]);
  const csv = readFileSync(await download.path(), 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  assert.ok(lines.length >= 2, csv);
  assert.ok(lines.slice(1).some((l) => l.includes(target.part_id) && l.includes(target.location_id)), csv);

  // O on the row reopens it.
  await page.focus(sel);
  await page.keyboard.press('o');
  await page.waitForSelector(`${sel}[data-decision=""]`);

  // Supplier sharing: save a weekly cadence, export a CSV.
  const supplier = report.rows.find((r) => r.supplier_id)?.supplier_id;
  assert.ok(supplier, 'a suggestion names its supplier');
  await page.fill('[data-testid="share-supplier"]', supplier);
  await page.selectOption('[data-testid="share-cadence"]', 'weekly');
  await page.click('[data-testid="share-save"]');
  await page.waitForFunction(() => /Saved/.test(document.querySelector('[data-testid="share-message"]')?.textContent ?? ''));
  // The stored cadence is read back from the working set, not remembered by the page.
  await page.waitForFunction(() => /Stored cadence: weekly/.test(document.querySelector('[data-testid="share-current"]')?.textContent ?? ''));
  assert.equal((await api('supplier_forecast_cadence', { supplier_id: supplier })).cadence, 'weekly');
  await page.selectOption('[data-testid="share-cadence"]', '');
  const [shared] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="share-export"]')]);
  const sharedCsv = readFileSync(await shared.path(), 'utf8');
  assert.ok(sharedCsv.trim().split(/\r?\n/).length >= 2, sharedCsv);
  // Without a cadence chosen, the export follows the stored one: ISO weeks.
  assert.match(sharedCsv.split(/\r?\n/)[1], /,\d{4}-W\d{2},/, sharedCsv.slice(0, 300));

  assert.deepEqual(problems, []);
  await page.close();
});

test('the part view links to the part forecast', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const problems = watch(page);
  const { rows } = await api('forecast_list', { limit: 1 });
  await page.goto(`${url}#/part?id=${encodeURIComponent(rows[0].part_id)}`);
  await page.click('[data-testid="part-forecast"]');
  await page.waitForSelector('[data-testid="forecast-chart"]', { timeout: 60_000 });
  assert.match(await page.textContent('[data-testid="forecast-title"]'), new RegExp(`part ${rows[0].part_id}`));
  assert.deepEqual(problems, []);
  await page.close();
});
