// Invariant 4 (ARCHITECTURE.md): only ui/src/lib/backend/ imports @tauri-apps/*.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ui = fileURLToPath(new URL('..', import.meta.url));
const src = join(ui, 'src');
const backendDir = join(src, 'lib', 'backend') + sep;

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs|svelte|vue)$/.test(name) ? [path] : [];
  });
}

test('only src/lib/backend/ imports @tauri-apps', () => {
  const offenders = sourceFiles(src)
    .filter((path) => !path.startsWith(backendDir))
    .filter((path) => /['"]@tauri-apps\//.test(readFileSync(path, 'utf8')))
    .map((path) => relative(ui, path));
  assert.deepEqual(offenders, []);
});

test('the backend module has both transports', () => {
  const backend = readFileSync(join(backendDir, 'index.ts'), 'utf8');
  assert.match(backend, /from '@tauri-apps\/api\/core'/);
  assert.match(backend, /__TAURI_INTERNALS__/);
  assert.match(backend, /\/api\//);
});
