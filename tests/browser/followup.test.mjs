// Follow-up in a real browser: Chromium (playwright-core) against `bodesk
// serve` on a working set holding the demo's September export. The masthead
// badge equals the CLI's open alerts; the alerts panel is reached by keyboard
// (Alt+7), acknowledges an alert and exports CSV; importing the October
// export through the page shows an in-app notification of its new alerts;
// the review board refuses to close a review without a resolution, with the
// API's message, and closes it with one. Screenshots of the alerts panel and
// the review board go to target/screenshots/.
//
//   BODESK_BIN=/tmp/bodesk-copy node --test tests/browser/followup.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServe, launchChromium } from './support/serve.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

const BIN = process.env.BODESK_BIN ?? join(root, 'target', 'debug', 'bodesk');
const SHOTS = join(root, 'target', 'screenshots');
const RESOLUTION_REQUIRED = 'a review cannot be closed without a resolution: say what ended or will end the backorder';

let dir, db, server, url, browser, exports;

function bodesk(...args) {
  return execFileSync(BIN, ['--db', db, ...args], { encoding: 'utf8' });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bodesk-followup-'));
  db = join(dir, 'ws.sqlite');
  mkdirSync(SHOTS, { recursive: true });
  const listing = bodesk('demo', '--exports', '2', '--out', join(dir, 'files'));
  exports = listing.trim().split('\n').map((l) => l.split(/\s{2,}/));
  assert.equal(exports.length, 2, listing);
  bodesk('import', exports[0][1], '--as-of', exports[0][0]);
  ({ server, url } = await startServe(BIN, db));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('alerts badge and panel, a notification after an import, reviews refuse to close without a resolution', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 960 }, acceptDownloads: true });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });

  // The badge equals the CLI's open alerts.
  let cli = JSON.parse(bodesk('alerts', '--json'));
  await page.goto(url);
  await page.waitForSelector('[data-testid="alert-badge"]');
  assert.ok(cli.counts.open > 0, 'the September export raises alerts');
  assert.equal(await page.getAttribute('[data-testid="alert-badge"]', 'data-count'), String(cli.counts.open));

  // Alt+7 opens the alerts panel; its rows are the CLI's unresolved alerts.
  await page.keyboard.press('Alt+7');
  await page.waitForSelector('[data-testid="alerts-table"]');
  const rows = await page.$$eval('[data-testid="alert-row"]', (r) => r.map((x) => Number(x.dataset.alertId)));
  assert.deepEqual(rows, cli.alerts.slice(0, 300).map((a) => a.alert_id));
  await page.screenshot({ path: join(SHOTS, 'alerts.png'), fullPage: false });

  // Acknowledge the first by keyboard: the CLI sees it, the badge drops by one.
  const first = rows[0];
  await page.focus(`[data-testid="alert-row"][data-alert-id="${first}"] [data-testid="alert-ack"]`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-testid="alert-row"][data-alert-id="${first}"][data-state="acknowledged"]`);
  cli = JSON.parse(bodesk('alerts', '--json'));
  assert.equal(cli.alerts.find((a) => a.alert_id === first).state, 'acknowledged');
  await page.waitForFunction((n) => document.querySelector('[data-testid="alert-badge"]')?.dataset.count === String(n), cli.counts.open);

  // Export CSV: a header and one row per alert of the filter.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="alerts-csv"]')]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv, /^alert_id,level,state,order_id,/);
  assert.equal(csv.trim().split('\n').length, cli.alerts.length + 1);

  // Import October through the page: an in-app notification of what it raised.
  await page.goto(`${url}#/import`);
  await page.fill('[data-testid="as-of-input"]', exports[1][0]);
  await page.setInputFiles('[data-testid="folder-input"]', exports[1][1]);
  await page.waitForSelector('[data-testid="import-committed"]', { timeout: 120_000 });
  const toast = await page.waitForSelector('[data-testid="alert-toast"]', { timeout: 30_000 });
  const summary = JSON.parse(bodesk('alerts', '--json', '--state', 'open'));
  const raised = summary.alerts.filter((a) => a.raised_as_of === exports[1][0]).length;
  assert.ok(raised > 0, 'October raises alerts');
  const text = await toast.textContent();
  assert.match(text, new RegExp(`${raised} new alerts? as of ${exports[1][0]}`), text);

  // The review board: closing without a resolution is refused with the API's message.
  await page.keyboard.press('Alt+8');
  await page.waitForSelector('[data-testid="reviews-table"]');
  const reviews = JSON.parse(bodesk('reviews', '--json', '--status', 'active'));
  const review = reviews.reviews[0];
  const row = `[data-testid="review-row"][data-review-id="${review.review_id}"]`;
  await page.click(`${row} [data-testid="review-open-close"]`);
  await page.waitForSelector('[data-testid="review-form"]');
  await page.screenshot({ path: join(SHOTS, 'reviews.png'), fullPage: false });
  await page.click('[data-testid="review-close"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="review-message"]')?.textContent !== '');
  assert.equal(await page.textContent('[data-testid="review-message"]'), RESOLUTION_REQUIRED);
  let after = JSON.parse(bodesk('reviews', '--json'));
  assert.equal(after.reviews.find((r) => r.review_id === review.review_id).status, 'open', 'still open');

  // With a resolution it closes.
  await page.fill('[data-testid="review-resolution"]', 'lateral transfer from the central warehouse');
  await page.click('[data-testid="review-close"]');
  await page.waitForSelector(row, { state: 'detached' });
  after = JSON.parse(bodesk('reviews', '--json'));
  const closed = after.reviews.find((r) => r.review_id === review.review_id);
  assert.equal(closed.status, 'closed');
  assert.equal(closed.resolution, 'lateral transfer from the central warehouse');
  await page.screenshot({ path: join(SHOTS, 'reviews-board.png'), fullPage: true });

  // A countermeasure on the quarter's most backordered part shows the CLI's before/after.
  const top = JSON.parse(bodesk('failure-modes', '--quarter', '2026-Q3', '--json'));
  await page.selectOption('[data-testid="fm-quarter"]', '2026-Q3');
  await page.waitForFunction((p) => document.querySelector('[data-testid="fm-part"] a')?.textContent === p, top.parts[0].part_id);
  await page.fill('[data-testid="cm-target"]', top.parts[0].part_id);
  await page.fill('[data-testid="cm-date"]', '2026-08-01');
  await page.fill('[data-testid="cm-description"]', 'safety stock raised at the hub');
  await page.press('[data-testid="cm-description"]', 'Enter');
  await page.waitForSelector('[data-testid="cm-row"]');
  const [cm] = JSON.parse(bodesk('countermeasures', '--json'));
  const cells = await page.$$eval('[data-testid="cm-row"] td', (t) => t.map((x) => x.textContent));
  assert.equal(cells[0], `part ${top.parts[0].part_id}`);
  assert.equal(Number(cells[3]), Math.round(cm.recurrence.before_per_month * 10) / 10);
  await page.click('[data-testid="alert-toast"] button');
  await page.locator('[data-testid="countermeasures"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'countermeasures.png'), fullPage: false });

  // The one refused close is the one failed request (HTTP 400, invalid_input).
  const refused = problems.filter((p) => p.includes('status of 400'));
  assert.equal(refused.length, 1, problems.join('\n'));
  assert.deepEqual(problems.filter((p) => !p.includes('status of 400')), []);
});
