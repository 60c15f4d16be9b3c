#!/usr/bin/env bash
# Builds Backorder Desk and shows it on the small example export: imports
# examples/erp-small into a working set (once) and prints what is in it.
# Usage: scripts/run.sh [--db PATH]   (default: target/demo/working-set.sqlite)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cargo build --release --bin bodesk

db="target/demo/working-set.sqlite"
if [ "${1:-}" = "--db" ] && [ -n "${2:-}" ]; then db="$2"; fi
mkdir -p "$(dirname "$db")"
bodesk=./target/release/bodesk

# Importing identical files again is a no-op, so this is safe on every run.
"$bodesk" --db "$db" import examples/erp-small --as-of 2026-11-24
echo
"$bodesk" --db "$db" batches
echo
"$bodesk" --db "$db" check
