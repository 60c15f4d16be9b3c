// Accuracy tracking on the Forecast screen against `bodesk serve` on the small
// demo: a part with a backorder recovery shows the verdict of its before/after
// backtest in the accuracy card; the portfolio header asks for the whole
// portfolio's accuracy and shows it with the number of series it covers.
// Screenshots: target/screenshots/forecast-recovery.png, forecast-portfolio-accuracy.png.
//
//   BODESK_BIN=target/debug/bodesk node --test tests/browser/forecast-accuracy.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServe, launchChromium, callApi } from './support/serve.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BIN = process.env.BODESK_BIN ?? join(root, 'target', 'debug', 'bodesk');
const SHOTS = join(root, 'target', 'screenshots');
let dir, server, url, browser;

/** One command through the same HTTP API the page uses. */
const api = (command, args) => callApi(url, command, args);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bodesk-fc-accuracy-'));
  const db = join(dir, 'ws.sqlite');
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

test('the recovery verdict in the accuracy card; the whole portfolio on request', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1100 }, locale: 'en-US' });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

  // a part with a recovery (the demo plants backorder stories)
  const list = await api('forecast_list', { limit: 200 });
  let found;
  for (const r of list.rows) {
    const f = await api('forecast_part', { part_id: r.part_id, location_id: r.location_id });
    if (f.recovery) { found = f; break; }
  }
  assert.ok(found, 'a demo series with a recovery');
  await page.goto(`${url}#/forecast?part=${encodeURIComponent(found.part_id)}&loc=${encodeURIComponent(found.location_id)}`);
  await page.waitForSelector('[data-testid="forecast-recovery"]', { timeout: 60_000 });
  const card = await page.textContent('[data-testid="forecast-recovery"]');
  assert.ok(card.includes(found.recovery.verdict), card);
  assert.ok(card.includes(`Before ${found.recovery.period}`), card);
  await page.screenshot({ path: join(SHOTS, 'forecast-recovery.png'), fullPage: true });

  // the portfolio: the page's figures first, the whole portfolio on request
  await page.goto(`${url}#/forecast`);
  await page.waitForSelector('[data-testid="portfolio-accuracy-ask"]', { timeout: 60_000 });
  await page.click('[data-testid="portfolio-accuracy-ask"]');
  await page.waitForSelector('[data-testid="portfolio-accuracy"]', { timeout: 120_000 });
  const whole = await api('forecast_list', { limit: 1, with_portfolio_accuracy: true });
  const line = await page.textContent('[data-testid="portfolio-accuracy"]');
  assert.ok(line.includes(`Whole portfolio (${whole.portfolio_series.toLocaleString("en-US")} series`), line);
  assert.ok(line.includes(`MASE ${whole.portfolio_accuracy.mase.toFixed(2)}`), line);
  await page.screenshot({ path: join(SHOTS, 'forecast-portfolio-accuracy.png') });
  assert.deepEqual(problems, []);
});
