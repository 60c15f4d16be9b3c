// Root causes in a real browser (Chromium via playwright-core) against a real
// `bodesk serve` on the small demo: the blocked-transfer line's cause and
// evidence in the workbench line detail; an override set with the keyboard
// (refused without a reason), seen by the CLI, then cleared; the rules view
// shows a bad threshold at its line, previews a change with the same counts
// as `bodesk causes --preview-rules`, and applies it. Screenshots go to
// target/screenshots/causes-*.png.
//
//   BODESK_BIN=target/debug/bodesk node --test tests/browser/causes.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
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
  dir = mkdtempSync(join(tmpdir(), 'bodesk-causes-'));
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

function watch(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  return problems;
}

const causeOf = (page) => page.$eval('[data-testid="line-cause"]', (el) => el.dataset.cause);

test('the line detail shows cause and evidence; an override is set with the keyboard and cleared', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const problems = watch(page);
  await page.goto(`${url}/#/lines?q=9000000001`);
  await page.waitForSelector('[data-testid="line-cause"]', { timeout: 60_000 });
  assert.equal(await causeOf(page), 'internal_transfer');
  const evidence = await page.$$eval('[data-testid="evidence"] li', (lis) => lis.map((li) => li.textContent));
  assert.match(evidence[0], /^transfer 4899000001 from ER01 blocked, expected 2026-10-12, \d+ days late$/);
  assert.ok(evidence.some((e) => e.startsWith('service event 390000001 on 2026-10-06: waiting_for_part')), evidence.join('\n'));

  // No reason: refused with a message, nothing written.
  await page.focus('[data-testid="override-cause"]');
  await page.selectOption('[data-testid="override-cause"]', 'supplier_delay');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="override-status"]:has-text("Give a reason")');
  assert.equal(await causeOf(page), 'internal_transfer');

  // With a reason, typed and submitted with Enter.
  await page.focus('[data-testid="override-reason"]');
  await page.keyboard.type('Supplier 200011 recalled the batch on quality hold');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="line-cause"][data-cause="supplier_delay"]');
  await page.waitForSelector('[data-testid="line-cause"] .badge:has-text("override")');
  await page.waitForSelector('[data-testid="line-row"]:has-text("Supplier delay")');
  await page.screenshot({ path: join(SHOTS, 'causes-workbench-override.png') });

  const cli = JSON.parse(bodesk('causes', '--json', '--cause', 'supplier_delay', '--limit', '1000'));
  const line = cli.lines.find((l) => l.cause.order_id === '9000000001' && l.cause.order_line === '10');
  assert.ok(line, 'the CLI sees the override');
  assert.equal(line.cause.override.reason, 'Supplier 200011 recalled the batch on quality hold');
  assert.equal(line.cause.tagged_cause, 'internal_transfer');

  await page.fill('[data-testid="override-reason"]', 'Checked: it is the transfer after all');
  await page.click('[data-testid="override-clear"]');
  await page.waitForSelector('[data-testid="line-cause"][data-cause="internal_transfer"]');
  assert.equal(await page.$('[data-testid="override-clear"]'), null);
  assert.deepEqual(problems, []);
});

test('the rules view shows an error at its line, previews a change as the CLI does, and applies it', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
  const problems = watch(page);
  await page.goto(`${url}/#/causes?view=rules`);
  await page.waitForSelector('[data-testid="rules-toml"]', { timeout: 60_000 });
  const original = await page.inputValue('[data-testid="rules-toml"]');
  const supplierLine = original.split('\n').findIndex((l) => l === 'min_days_late = 7') + 1;
  assert.ok(supplierLine > 0, 'the built-in supplier rule has min_days_late = 7');

  // A bad threshold: the error names its line and column, and shows the line.
  await page.fill('[data-testid="rules-toml"]', original.replace('min_days_late = 7', 'min_days_late = -1'));
  await page.click('[data-testid="rules-preview-button"]');
  await page.waitForSelector(`[data-testid="rules-status"]:has-text("Line ${supplierLine}, column 17")`);
  const status = await page.textContent('[data-testid="rules-status"]');
  assert.match(status, /`min_days_late`: -1 is out of range 0 to 3650/);
  assert.match(await page.textContent('[data-testid="rules-error-line"]'), /min_days_late = -1\n\s+\|\s{17}\^/);
  assert.equal(await page.isDisabled('[data-testid="rules-apply"]'), true, 'nothing to apply');
  await page.screenshot({ path: join(SHOTS, 'causes-rules-error.png') });

  // A valid change: the preview's counts equal the CLI's.
  const changed = original.replace('min_days_late = 7', 'min_days_late = 60');
  const file = join(dir, 'rules.toml');
  writeFileSync(file, changed);
  const cli = JSON.parse(bodesk('causes', '--preview-rules', file, '--json'));
  const moved = cli.changes.reduce((s, c) => s + c.lines, 0);
  assert.ok(moved > 0, 'a 60-day threshold retags some supplier_delay lines');
  await page.fill('[data-testid="rules-toml"]', changed);
  await page.click('[data-testid="rules-preview-button"]');
  await page.waitForSelector('[data-testid="retag-counts"]');
  const rows = await page.$$eval('[data-testid="retag-counts"] tbody tr', (trs) => trs.map((tr) => Number(tr.lastChild.textContent.replace(/\D/g, ''))));
  assert.deepEqual(rows, cli.changes.map((c) => c.lines));
  await page.screenshot({ path: join(SHOTS, 'causes-rules-preview.png'), fullPage: true });

  // Apply: stored, retagged, and the CLI sees it.
  await page.click('[data-testid="rules-apply"]');
  await page.waitForSelector('[data-testid="rules-status"]:has-text("Applied")');
  assert.equal(JSON.parse(bodesk('causes', '--rules', '--json')).toml, changed);
  const again = JSON.parse(bodesk('causes', '--preview-rules', file, '--json'));
  assert.deepEqual(again.changes, [], 'applied: nothing left to retag');

  // The lines view and the field report render.
  await page.goto(`${url}/#/causes`);
  await page.waitForSelector('[data-testid="cause-row"]');
  const summary = JSON.parse(bodesk('causes', '--json', '--limit', '0')).summary;
  for (const c of summary) {
    assert.equal(await page.getAttribute(`[data-testid="cause-${c.root_cause}"]`, 'data-value'), String(c.lines), c.root_cause);
  }
  await page.screenshot({ path: join(SHOTS, 'causes-lines.png') });
  await page.click('[data-testid="causes-tab-field"]');
  await page.waitForSelector('[data-testid="field-row"]');
  await page.screenshot({ path: join(SHOTS, 'causes-field.png') });
  assert.deepEqual(problems, []);
});
