// UI timings on a working set (default: the large demo), with Chromium and
// playwright-core against `bodesk serve` (release build):
//   - app start to first dashboard: from spawning `bodesk serve` (cold: a new
//     process, nothing cached) until the KPI tiles are on screen;
//   - start to full dashboard: the same until the last card (the Pareto of
//     parts, which needs the prepared KPI engine) is on screen;
//   - click to rendered drill-down: from clicking a region row until the
//     location rows of that region are on screen (warm server: the engine is
//     prepared before the first click).
// Each is measured `--runs` times (default 10); prints every run and the
// median against the targets (1.5 s and 100 ms, DESIGN.md / issue 4).
//
//   cargo build --release --bin bodesk && (cd ui && npm run build)
//   node bench/ui.mjs [--db PATH] [--size large|small] [--runs N]
// BODESK_BIN=PATH runs another `bodesk` binary (e.g. a copy of a release build).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(root, 'ui', 'package.json'));
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const size = opt('size', 'large');
const runs = Number(opt('runs', '10'));
const db = opt('db', join(root, 'bench-data', `ui-${size}.sqlite`));
const BIN = process.env.BODESK_BIN ?? join(root, 'target', 'release', 'bodesk');

if (!existsSync(db)) {
  mkdirSync(join(root, 'bench-data'), { recursive: true });
  console.log(`loading the ${size} demo into ${db} (once)…`);
  execFileSync(BIN, ['--db', db, 'demo', '--size', size], { stdio: 'inherit' });
}
const counts = JSON.parse(execFileSync(BIN, ['--db', db, 'check', '--json'], { encoding: 'utf8' })).counts;
console.log(`working set: ${counts.map((c) => `${c.table} ${c.rows}`).join(', ')}`);

function startServer() {
  const t0 = performance.now();
  const server = spawn(BIN, ['--db', db, 'serve', '--port', '0'], {
    env: { ...process.env, BODESK_UI_DIR: join(root, 'ui', 'dist') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (c) => {
      out += c;
      const m = out.match(/Backorder Desk serving (\S+)/);
      if (m) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  return { server, url, t0 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});

const starts = [];
const fulls = [];
for (let i = 0; i < runs; i++) {
  const { server, url, t0 } = startServer();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(await url);
  await page.waitForSelector('[data-testid="tile-open_lines"]', { timeout: 120_000 });
  const ms = performance.now() - t0;
  starts.push(ms);
  await page.waitForSelector('[data-testid="pareto"]', { timeout: 120_000 });
  const full = performance.now() - t0;
  fulls.push(full);
  console.log(`start to first dashboard, run ${i + 1}: ${ms.toFixed(0)} ms (full dashboard ${full.toFixed(0)} ms)`);
  await page.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
}

const { server, url } = startServer();
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
const base = (await url).replace(/#.*$/, '');
await page.goto(base);
await page.waitForSelector('[data-testid="group-row"]', { timeout: 120_000 });
await page.waitForSelector('[data-testid="pareto"]', { timeout: 120_000 });
const regions = await page.$$eval('[data-testid="group-row"]', (rows) => rows.map((r) => r.dataset.key));
const clicks = [];
for (let i = 0; i < runs; i++) {
  await page.goto(`${base}#/dashboard`);
  await page.waitForSelector('[data-testid="group-row"]');
  const key = regions[i % regions.length];
  const ms = await page.evaluate(async (k) => {
    const t0 = performance.now();
    document.querySelector(`[data-testid="group-row"][data-key="${k}"] th button`).click();
    await new Promise((resolve) => {
      const done = () => decodeURIComponent(location.hash).includes(`region:${k}`) && document.querySelector('[data-testid="group-row"]') && document.querySelector('[data-testid="breadcrumb"]')?.textContent.includes(k);
      const tick = () => (done() ? resolve() : requestAnimationFrame(tick));
      tick();
    });
    await new Promise((r) => requestAnimationFrame(() => r()));
    return performance.now() - t0;
  }, key);
  clicks.push(ms);
  console.log(`click to rendered drill-down (region ${key}), run ${i + 1}: ${ms.toFixed(1)} ms`);
}
server.kill('SIGTERM');
await browser.close();

console.log(`\nmedian start to first dashboard: ${median(starts).toFixed(0)} ms (target 1500 ms)`);
console.log(`median start to full dashboard: ${median(fulls).toFixed(0)} ms`);
console.log(`median click to rendered drill-down: ${median(clicks).toFixed(1)} ms (target 100 ms)`);
