#!/usr/bin/env bash
# Runs every test of Backorder Desk on a fresh Debian 12 machine, installing
# what it needs first (scripts/setup.sh). CI calls this through .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

echo "== formatting"
cargo fmt --all -- --check

echo "== Rust tests (unit, contract, end-to-end CLI, crash safety, fuzz)"
mkdir -p target
cargo test --locked 2>&1 | tee target/test-output.txt
grep -q "test result: FAILED" target/test-output.txt && exit 1

echo "== UI tests"
npm --prefix ui test

echo "== real browser (Chromium + playwright-core against bodesk serve)"
BODESK_BIN="$PWD/target/debug/bodesk" node --test tests/browser/ 2>&1 | tee target/browser-output.txt
grep -qE "^# fail 0" target/browser-output.txt || { echo "browser suite failed" >&2; exit 1; }

echo "== generated TypeScript bindings are fresh"
if [ -n "$(git status --porcelain -- ui/src/lib/bindings)" ]; then
    git status --porcelain -- ui/src/lib/bindings
    echo "ui/src/lib/bindings is stale: run 'cargo test -p bodesk-api' and commit the result" >&2
    exit 1
fi

echo "== desktop window"
bash scripts/test-desktop.sh

echo "all tests passed"
