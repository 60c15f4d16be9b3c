// The Actions screen in a real browser (Debian's Chromium via playwright-core)
// against `bodesk serve` on the small demo: the expedite list appears and its
// top saving equals `bodesk expedite --json`; the keyboard moves through the
// list and Enter opens the line in the workbench; the EOL panel shows part
// 100007 with its successor not stocked in EMEA; the attribution table
// switches to suppliers. A screenshot goes to target/screenshots/actions.png.
//
//   BODESK_BIN=target/debug/bodesk node --test tests/browser/actions.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServe, launchChromium } from './support/serve.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

const BIN = process.env.BODESK_BIN ?? join(root, 'target', 'debug', 'bodesk');
const SHOTS = join(root, 'target', 'screenshots');

let dir, db, server, url, browser;

function bodesk(...args) {
  return execFileSync(BIN, ['--db', db, ...args], { encoding: 'utf8' });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bodesk-actions-'));
  db = join(dir, 'ws.sqlite');
  mkdirSync(SHOTS, { recursive: true });
  bodesk('demo');
  ({ server, url } = await startServe(BIN, db));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the expedite list equals the CLI, the keyboard opens a line, EOL and attribution panels', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });

  // Reached from the navigation with Alt+6.
  await page.goto(url);
  await page.waitForSelector('[data-testid="nav-actions"]');
  await page.keyboard.press('Alt+6');
  await page.waitForSelector('[data-testid="expedite-row"]', { timeout: 60_000 });

  // The top saving and the ranking equal the CLI's.
  const cli = JSON.parse(bodesk('expedite', '--json'));
  const cliRanked = cli.rows.filter((r) => r.action);
  assert.ok(cliRanked.length > 0, 'the small demo has lines worth expediting');
  const savings = await page.$$eval('[data-testid="expedite-row"]', (rows) => rows.map((r) => Number(r.dataset.saving)));
  assert.equal(savings[0], cliRanked[0].action.saving, 'top saving');
  assert.deepEqual(savings, cliRanked.slice(0, savings.length).map((r) => r.action.saving));
  const summary = await page.textContent('[data-testid="actions-summary"]');
  assert.match(summary, new RegExp(`${cli.with_action} worth expediting`));

  // The first line's evidence is shown; ↓ selects the second; Enter opens it.
  const evidence = await page.textContent('[data-testid="evidence"]');
  assert.equal(evidence, cliRanked[0].action.evidence);
  await page.focus('[data-testid="expedite-row"]');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction((ev) => document.querySelector('[data-testid="evidence"]')?.textContent === ev, cliRanked[1].action.evidence);

  // EOL: 100007's successor is not stocked in EMEA.
  const eol = await page.textContent('[data-testid="eol-100007"]');
  assert.match(eol, /successor 100008/);
  const missing = await page.textContent('[data-testid="eol-100007"] [data-testid="successor-missing"]');
  for (const loc of ['EF01', 'EF02', 'ER02']) assert.match(missing, new RegExp(`${loc} \\(EMEA\\)`));
  assert.match(eol, /Last-time buy: \d/);

  // Attribution: rows by part, then by supplier with the late supplier first.
  await page.waitForSelector('[data-testid="attribution-table"] tbody tr');
  await page.screenshot({ path: join(SHOTS, 'actions.png'), fullPage: true });
  await page.click('[data-testid="attribution-by-supplier"]');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('by=supplier'));
  await page.waitForSelector('[data-testid="attribution-by-supplier"][aria-pressed="true"]');
  const firstSupplier = await page.textContent('[data-testid="attribution-table"] tbody tr td');
  const cliSuppliers = JSON.parse(bodesk('attribution', '--by', 'supplier', '--json'));
  assert.equal(firstSupplier, cliSuppliers.groups[0].key);

  // Enter on a row opens the line in the workbench.
  await page.waitForSelector('[data-testid="expedite-row"]');
  await page.focus('[data-testid="expedite-row"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction((o) => decodeURIComponent(location.hash).startsWith(`#/lines?q=${o}`), cliRanked[0].order_id);

  assert.deepEqual(problems, []);
  await page.close();
});
