// What every browser suite starts with: `bodesk serve` on a working set
// (serving this checkout's ui/dist on a free port) and Debian's Chromium.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const require = createRequire(join(root, 'ui', 'package.json'));
const { chromium } = require('playwright-core');

/** Starts `bin --db db serve --port 0`; resolves with the process and the URL it prints. */
export async function startServe(bin, db) {
  const server = spawn(bin, ['--db', db, 'serve', '--port', '0'], {
    env: { ...process.env, BODESK_UI_DIR: join(root, 'ui', 'dist') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`bodesk serve printed no URL: ${out}`)), 60_000);
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/Backorder Desk serving (\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.on('exit', (code) => reject(new Error(`bodesk serve exited with ${code}: ${out}`)));
  });
  return { server, url };
}

/** Debian's Chromium (or $CHROMIUM), headless, with the flags DESIGN.md names. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** One command through the same HTTP API the page uses (`url` ends with `/`); an error names the command, code and message. */
export async function callApi(url, command, args = {}) {
  const response = await fetch(`${url}api/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(args),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${command}: ${body.code} ${body.message}`);
  return body;
}
