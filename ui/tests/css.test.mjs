// Every stylesheet must parse cleanly: esbuild's CSS minifier (the one
// `vite build` uses) drops everything after a syntax error with only a
// warning, so an unbalanced brace would silently unstyle whole screens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transform } from 'esbuild';

function cssFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'bindings' ? [] : cssFiles(path);
    return e.name.endsWith('.css') ? [path] : [];
  });
}

const files = cssFiles(new URL('../src', import.meta.url).pathname);

test('there are stylesheets to check', () => {
  assert.ok(files.some((f) => f.endsWith('style.css')), files.join(', '));
});

for (const file of files) {
  test(`${file.split('/src/')[1]} parses without warnings`, async () => {
    const { warnings } = await transform(readFileSync(file, 'utf8'), { loader: 'css', minify: true });
    const text = warnings.map((w) => `${w.location?.line}:${w.location?.column} ${w.text}`);
    assert.deepEqual(text, []);
  });
}
