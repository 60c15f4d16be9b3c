// Real-window test of the desktop app: tauri-driver + WebKitWebDriver, spoken
// to over plain W3C WebDriver HTTP (Node's fetch; no client library).
//
// It starts the app on a fresh working set (BODESK_DB) and checks that
//   1. the window titled "Backorder Desk" is up and the page has the IPC bridge;
//   2. `api` answers `app_info` (an empty working set, the path we gave) and
//      maps errors to {code, message}; plugin commands the page was not
//      granted (dialog, window-state, notification, fs, shell) are refused,
//      and the page's request to show notifications is not granted;
//   3. the demo loads — by clicking [data-testid="load-demo"] on the first-run
//      screen when the UI has one, else over IPC (`load_demo` + `job_status`);
//   4. the `kpis` totals over IPC equal `bodesk --db SAME kpi --json`, and the
//      region breakdown equals `bodesk kpi --by region --json`;
//   5. when the dashboard is there: every tile's data-value equals the CLI's
//      figure; clicking the first region row drills down: a breadcrumb names
//      the region and the rows' open lines add up to the region's;
//   6. the same drill-down over IPC (`drill` with a region filter) adds up;
//   7. with NOTIFY_LOG (a `dbus-monitor` of org.freedesktop.Notifications on
//      the app's session bus): the shell itself sent exactly one desktop
//      notification for the demo job, a D-Bus `Notify` call whose summary
//      and body are the new alerts `alert_summary` reports;
// and saves screenshots of the screen (target/screenshots/desktop*.png).
//
// Run by scripts/test-desktop.sh inside Xvfb. Environment:
//   APP      the desktop binary          BODESK   the CLI binary
//   SHOTS    screenshot folder           WORK     a fresh temporary folder
//   DRIVER   tauri-driver (default: on PATH)
//   NATIVE_DRIVER   WebKitWebDriver (default /usr/bin/WebKitWebDriver)
//   REQUIRE_UI=0    tolerate a UI without the data-testid contract (default: fail)
//   NOTIFY_LOG      the dbus-monitor output file (check 7 is skipped without it)
// Each run picks free ports for tauri-driver and WebKitWebDriver.

import { spawn, execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const APP = mustEnv('APP');
const BODESK = mustEnv('BODESK');
const SHOTS = mustEnv('SHOTS');
const WORK = mustEnv('WORK');
const DRIVER = process.env.DRIVER || 'tauri-driver';
const NATIVE_DRIVER = process.env.NATIVE_DRIVER || '/usr/bin/WebKitWebDriver';
const REQUIRE_UI = process.env.REQUIRE_UI !== '0';
let BASE = '';
const DB = join(WORK, 'working-set.sqlite');
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

function mustEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`drive.mjs: set ${name}`);
  return value;
}

const t0 = Date.now();
const log = (...args) => console.log(`test-desktop: [${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...args);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let failures = 0;
function check(ok, what, detail = '') {
  if (ok) log(`ok: ${what}`);
  else {
    failures += 1;
    console.error(`test-desktop: FAIL: ${what}${detail ? `\n  ${detail}` : ''}`);
  }
  return ok;
}

/** A port nobody listens on now (other sessions may run tests on this machine). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ---- WebDriver over HTTP -------------------------------------------------

async function wd(method, path, body) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(120000),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${method} ${path}: HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
  if (!response.ok || (json.value && typeof json.value.error === 'string')) {
    const v = json.value || {};
    const error = new Error(`${method} ${path}: ${v.error || response.status}: ${v.message || text.slice(0, 300)}`);
    error.webdriver = v.error;
    throw error;
  }
  return json.value;
}

let session = null;
const s = (path) => `/session/${session}${path}`;
const exec = (script, args = []) => wd('POST', s('/execute/sync'), { script, args });
const execAsync = (script, args = []) => wd('POST', s('/execute/async'), { script, args });

/** Calls a command over the page's IPC bridge; resolves {ok, value} or {ok: false, failure}. */
function ipc(command, args = {}) {
  return execAsync(
    `const [cmd, args, done] = arguments;
     window.__TAURI_INTERNALS__.invoke(cmd, args).then(
       (value) => done({ ok: true, value }),
       (failure) => done({ ok: false, failure }));`,
    [command, args],
  );
}

async function api(command, args = {}) {
  const r = await ipc('api', { command, args });
  if (!r.ok) throw new Error(`api ${command}: ${JSON.stringify(r.failure)}`);
  return r.value;
}

async function find(css) {
  const found = await wd('POST', s('/elements'), { using: 'css selector', value: css });
  return found.map((e) => e[ELEMENT]);
}

async function waitFor(what, fn, timeoutMs = 30000, everyMs = 250) {
  const until = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    }
    await sleep(everyMs);
  }
}

// ---- the CLI ---------------------------------------------------------------

function cli(...args) {
  return JSON.parse(execFileSync(BODESK, ['--db', DB, ...args], { encoding: 'utf8' }));
}

const near = (a, b) =>
  a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

function diffFigures(got, want) {
  const keys = new Set([...Object.keys(want), ...Object.keys(got)]);
  return [...keys].filter((k) => !near(got[k], want[k])).map((k) => `${k}: ${got[k]} ≠ ${want[k]}`);
}

// ---- the run -----------------------------------------------------------------

/** The X screen (the window fills it), via ImageMagick: WebKitWebDriver's own
 * screenshot hangs without a GPU. */
async function screenshot(name) {
  const path = join(SHOTS, name);
  try {
    await sleep(500); // let the last frame paint
    execFileSync('import', ['-window', 'root', path], { timeout: 30000 });
    log(`screenshot ${path}`);
  } catch (error) {
    console.error(`test-desktop: no screenshot: ${error.message}`);
  }
}

async function drillThroughUi(cliTotal) {
  const tiles = await waitFor('the dashboard tiles', async () => {
    const values = await exec(
      `return [...document.querySelectorAll('[data-testid^="tile-"]')]
         .map((t) => ({ name: t.dataset.testid.slice(5), value: t.dataset.value }))`,
    );
    return values.length ? values : null;
  }, 60000);
  const wrong = tiles
    .filter((t) => t.name in cliTotal)
    .filter((t) => (t.value === '' ? cliTotal[t.name] !== null : !near(Number(t.value), cliTotal[t.name])))
    .map((t) => `${t.name}: tile ${t.value} ≠ CLI ${cliTotal[t.name]}`);
  const known = tiles.filter((t) => t.name in cliTotal).length;
  check(known > 0 && wrong.length === 0, `${known} dashboard tiles equal bodesk kpi --json`, wrong.join('; '));
  await screenshot('desktop-dashboard.png');

  const rows = await waitFor('a region row', () => find('[data-testid="group-row"]'), 30000);
  const [key, regionOpen] = await exec(
    `const row = document.querySelector('[data-testid="group-row"]');
     return [row.dataset.key, Number(row.dataset.openLines)];`,
  );
  const buttons = await wd('POST', s(`/element/${rows[0]}/elements`), { using: 'css selector', value: 'button' });
  const target = buttons.length ? buttons[0][ELEMENT] : rows[0];
  await wd('POST', s(`/element/${target}/click`), {});
  log(`clicked region ${key} (${regionOpen} open lines)`);

  const level = await waitFor('the drill-down under the region', async () => {
    const r = await exec(
      `const crumb = document.querySelector('[data-testid="breadcrumb"]');
       const rows = [...document.querySelectorAll('[data-testid="group-row"]')];
       return { crumb: crumb ? crumb.textContent : null,
                keys: rows.map((r) => r.dataset.key),
                sum: rows.reduce((n, r) => n + Number(r.dataset.openLines), 0) };`,
    );
    return r.crumb && r.crumb.includes(key) && r.keys.length && !r.keys.includes(key) ? r : null;
  }, 30000);
  check(true, `breadcrumb shows the path: ${JSON.stringify(level.crumb.trim())}`);
  check(level.sum === regionOpen, `the ${level.keys.length} rows under ${key} add up to its open lines`, `${level.sum} ≠ ${regionOpen}`);
  await screenshot('desktop-drill.png');
}

async function main() {
  mkdirSync(SHOTS, { recursive: true });
  const driverLog = [];
  const port = await freePort();
  const nativePort = await freePort();
  BASE = `http://127.0.0.1:${port}`;
  const driver = spawn(DRIVER, ['--port', String(port), '--native-port', String(nativePort), '--native-driver', NATIVE_DRIVER], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BODESK_DB: DB },
  });
  driver.stdout.on('data', (d) => driverLog.push(String(d)));
  driver.stderr.on('data', (d) => driverLog.push(String(d)));
  let driverExited = false;
  driver.on('exit', () => { driverExited = true; });

  try {
    await waitFor('tauri-driver', async () => {
      if (driverExited) throw new Error(`tauri-driver exited: ${driverLog.join('')}`);
      return (await fetch(`${BASE}/status`)).ok;
    }, 20000);

    const started = Date.now();
    const created = await wd('POST', '/session', {
      capabilities: { alwaysMatch: { 'tauri:options': { application: APP } } },
    });
    session = created.sessionId;
    await wd('POST', s('/timeouts'), { script: 60000, implicit: 0 });
    await waitFor('the page and its IPC bridge', () =>
      exec(`return document.readyState === 'complete' && '__TAURI_INTERNALS__' in window`), 30000);
    log(`session ${session}: page loaded ${Date.now() - started} ms after launch`);

    const windows = execFileSync('xdotool', ['search', '--onlyvisible', '--name', '^Backorder Desk$'], { encoding: 'utf8' }).trim();
    check(windows.length > 0, `a window titled "Backorder Desk" is up (X id ${windows.split('\n')[0]})`);

    // 2. the one api command, its errors, and what the page may not do.
    const info = await api('app_info');
    check(info.empty === true && info.db_path === DB, `app_info: a fresh working set at ${info.db_path}`, JSON.stringify(info));
    const unknown = await ipc('api', { command: 'no_such_command', args: {} });
    check(!unknown.ok && unknown.failure && unknown.failure.code === 'not_found' && typeof unknown.failure.message === 'string',
      'an unknown api command fails as {code: not_found, message}', JSON.stringify(unknown));
    const bad = await ipc('api', { command: 'kpis', args: { nonsense: 1 } });
    check(!bad.ok && bad.failure && bad.failure.code === 'invalid_input', 'bad arguments fail as {code: invalid_input}', JSON.stringify(bad));
    const empty = await ipc('api', { command: 'kpis', args: {} });
    log(`kpis on the empty working set: ${empty.ok ? 'answered' : JSON.stringify(empty.failure)}`);
    for (const [command, args] of [
      ['plugin:dialog|open', { options: {} }],
      ['plugin:dialog|message', { message: 'x' }],
      ['plugin:window-state|save_window_state', { flags: 0 }],
      ['plugin:notification|notify', { options: { title: 'from the page' } }],
      ['plugin:notification|request_permission', {}],
      ['plugin:fs|read_text_file', { path: '/etc/passwd' }],
      ['plugin:shell|open', { path: 'https://example.com' }],
      ['plugin:http|fetch', { clientConfig: { url: 'https://example.com', method: 'GET' } }],
      ['app_info', {}],
    ]) {
      const r = await ipc(command, args);
      check(!r.ok, `the page may not call ${command} (${String(r.failure).slice(0, 80)})`, `it answered ${JSON.stringify(r.value)}`);
    }

    // Desktop notifications are the shell's (sent from Rust after an import,
    // check 7): the page's own request is not granted.
    const permission = await execAsync(
      `const done = arguments[arguments.length - 1];
       if (typeof Notification === 'undefined') { done('no Notification API'); return; }
       Notification.requestPermission().then(done, (e) => done('error: ' + e));`);
    check(permission !== 'granted', `the page's request to show notifications is not granted (${String(permission).slice(0, 80)})`);

    // 3. the demo: through the first-run screen when the UI has one.
    const hasLoadDemo = await waitFor('the first-run screen', async () => (await find('[data-testid="load-demo"]')).length > 0, 8000).catch(() => false);
    let viaUi = false;
    if (hasLoadDemo) {
      await screenshot('desktop-first-run.png');
      const [button] = await find('[data-testid="load-demo"]');
      await wd('POST', s(`/element/${button}/click`), {});
      log('clicked load-demo on the first-run screen');
      viaUi = true;
      // The demo is six monthly exports imported in turn: wait for its job to
      // end, not for the first export to land.
      await waitFor('the demo job to finish', async () => {
        const jobs = await api('jobs');
        return jobs.length > 0 && jobs.every((j) => j.state !== 'running');
      }, 180000, 500);
      const [job] = await api('jobs');
      check(job.state === 'done', `the demo job started from the page finished: ${job.state}`, JSON.stringify(job.error));
    } else {
      if (REQUIRE_UI) check(false, 'the first-run screen has [data-testid="load-demo"]');
      log('no [data-testid="load-demo"] in this UI yet: loading the demo over IPC');
      let job = await api('load_demo', { size: 'small' });
      job = await waitFor('the demo job', async () => {
        const j = await api('job_status', { job_id: job.job_id });
        return j.state === 'running' ? null : j;
      }, 180000, 500);
      check(job.state === 'done', `load_demo job finished: ${job.state}`, JSON.stringify(job.error));
    }
    const loaded = await api('app_info');
    check(loaded.empty === false, `the working set now holds the demo (as of ${loaded.as_of})`);

    // 4. IPC figures = CLI figures.
    const cliKpi = cli('kpi', '--json');
    const ipcKpi = await api('kpis');
    const totalDiff = diffFigures(ipcKpi.total, cliKpi.total);
    check(totalDiff.length === 0 && ipcKpi.as_of === cliKpi.as_of,
      `kpis over IPC equal bodesk kpi --json (${cliKpi.total.open_lines} open lines as of ${cliKpi.as_of})`, totalDiff.join('; '));
    const cliRegions = cli('kpi', '--by', 'region', '--json');
    const ipcRegions = await api('kpis', { by: 'region' });
    const regionDiff = cliRegions.groups.flatMap((want) => {
      const got = ipcRegions.groups.find((g) => g.key === want.key);
      return got ? diffFigures(got, want).map((d) => `${want.key} ${d}`) : [`${want.key} missing over IPC`];
    });
    check(regionDiff.length === 0 && ipcRegions.groups.length === cliRegions.groups.length,
      `the region breakdown over IPC equals the CLI's (${cliRegions.groups.length} regions)`,
      regionDiff.join('; ') || `${ipcRegions.groups.length} groups over IPC`);

    // 5. the dashboard, when the UI has one.
    const hasTiles = await waitFor('the dashboard tiles', async () => (await find('[data-testid^="tile-"]')).length > 0, viaUi ? 60000 : 5000).catch(() => false);
    if (hasTiles) {
      await drillThroughUi(cliKpi.total);
    } else {
      if (REQUIRE_UI) check(false, 'the dashboard has [data-testid="tile-…"] tiles');
      log('no dashboard tiles in this UI yet: the drill-down is checked over IPC only');
    }

    // 6. one drill-down over IPC: region → its locations.
    const top = await api('drill', { filters: [], by: 'region' });
    const region = [...top.groups].sort((a, b) => b.open_lines - a.open_lines)[0];
    const cliRegion = cliRegions.groups.find((g) => g.key === region.key);
    check(cliRegion && cliRegion.open_lines === region.open_lines, `drill by region: ${region.key} has ${region.open_lines} open lines, as the CLI says`);
    const under = await api('drill', { filters: [{ dim: 'region', value: region.key }], by: 'location' });
    const sum = under.groups.reduce((n, g) => n + g.open_lines, 0);
    check(under.figures.open_lines === region.open_lines && sum === region.open_lines,
      `drill into ${region.key}: its ${under.groups.length} locations add up to ${sum} open lines`,
      `figures ${under.figures.open_lines}, sum ${sum}, region ${region.open_lines}`);

    // 7. the desktop notification of the demo's new alerts, seen on D-Bus.
    await checkNotification();

    await screenshot('desktop.png');
  } finally {
    if (session) await wd('DELETE', s('')).catch(() => {});
    driver.kill('SIGTERM');
    await sleep(300);
  }
  if (failures) {
    console.error(`test-desktop: ${failures} check(s) failed`);
    if (driverLog.length) console.error(`tauri-driver said:\n${driverLog.join('')}`);
    process.exit(1);
  }
  log('all WebDriver checks passed');
}

/** The notification's summary and body for `alert_summary` (src-tauri/src/notify.rs, bodesk_api::notice). */
function expectedNotification(s) {
  const n = s.raised_warning + s.raised_breached + s.raised_escalated;
  const levels = [[s.raised_escalated, 'escalated'], [s.raised_breached, 'breached'], [s.raised_warning, 'warning']]
    .filter(([k]) => k > 0).map(([k, level]) => `${k} ${level}`);
  let body = levels.length ? `${levels.join(', ')} as of ${s.last_as_of}` : `as of ${s.last_as_of}`;
  if (s.reviews_opened > 0) body += ` · ${s.reviews_opened} review${s.reviews_opened === 1 ? '' : 's'} opened`;
  return { summary: `Backorder Desk: ${n} new SLA alert${n === 1 ? '' : 's'}`, body };
}

/** The `Notify` method calls in a dbus-monitor log: their string arguments (app, icon, summary, body). */
function notifyCalls(text) {
  return text.split(/\n(?=\S)/)
    .filter((m) => m.startsWith('method call') && /member=Notify\b/.test(m))
    .map((m) => {
      const strings = [...m.matchAll(/^ {3}string "(.*)"$/gm)].map((x) => x[1]);
      return { app: strings[0], summary: strings[2], body: strings[3] };
    });
}

async function checkNotification() {
  const file = process.env.NOTIFY_LOG;
  if (!file) {
    log('skipped the desktop notification check: no NOTIFY_LOG (no D-Bus session)');
    return;
  }
  const want = expectedNotification(await api('alert_summary'));
  let calls = [];
  await waitFor('a Notify call on the session bus', async () => {
    calls = existsSync(file) ? notifyCalls(readFileSync(file, 'utf8')) : [];
    return calls.length > 0;
  }, 20000, 250).catch(() => false);
  await sleep(1000); // a second call would be a defect: give it the time to show
  calls = notifyCalls(readFileSync(file, 'utf8'));
  check(calls.length === 1, `the shell sent one desktop notification for the demo job (${calls.length} Notify call(s) on D-Bus)`,
    readFileSync(file, 'utf8').slice(0, 2000));
  const [call] = calls;
  if (call) {
    check(call.summary === want.summary && call.body === want.body,
      `its summary and body are the new alerts alert_summary reports: "${call.summary}" / "${call.body}" (app ${call.app})`,
      `wanted "${want.summary}" / "${want.body}"`);
  }
}

main().catch((error) => {
  console.error(`test-desktop: FAIL: ${error.stack || error.message}`);
  process.exit(1);
});
