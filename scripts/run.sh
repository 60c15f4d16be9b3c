#!/usr/bin/env bash
# Builds Backorder Desk and shows it: on first run, loads the demo network
# (written as ERP exports and imported month by month, like real data), then
# prints the import history and the KPI table by region.
# Usage: scripts/run.sh [--db PATH]   (default: target/demo/working-set.sqlite)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cargo build --release --bin bodesk

db="target/demo/working-set.sqlite"
if [ "${1:-}" = "--db" ] && [ -n "${2:-}" ]; then db="$2"; fi
mkdir -p "$(dirname "$db")"
bodesk=./target/release/bodesk

if [ ! -s "$db" ]; then
    echo "No working set yet at $db: loading the demo network."
    "$bodesk" --db "$db" demo
fi
echo
"$bodesk" --db "$db" batches | cut -c1-120
echo
"$bodesk" --db "$db" kpi --by region
echo
echo "Import your own ERP exports with: $bodesk --db $db import FOLDER --as-of YYYY-MM-DD"
