#!/usr/bin/env bash
# Builds and starts Backorder Desk. On first run it loads the demo network
# (six monthly ERP exports, imported like real data) into the working set.
# With a display it opens the desktop app; without one (a server, an SSH
# session) it starts `bodesk serve` and prints the URL to open in a browser.
#
# Usage: scripts/run.sh [--db PATH] [--serve] [--port N] [--lan]
#   --db PATH   the working set (default: target/demo/working-set.sqlite)
#   --serve     the browser UI even when a display is present
#   --port N    serve mode's port (default 8080)
#   --lan       serve mode for phones and meeting rooms on the LAN (read-only
#               for them, with a token in the URL)
set -euo pipefail
cd "$(dirname "$0")/.."

db="target/demo/working-set.sqlite"
serve=0
port=8080
lan=()
while [ $# -gt 0 ]; do
    case "$1" in
        --db) db="$2"; shift 2 ;;
        --serve) serve=1; shift ;;
        --port) port="$2"; shift 2 ;;
        --lan) lan=(--lan); serve=1; shift ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done

bash scripts/setup.sh
cargo build --release --bin bodesk
bodesk=./target/release/bodesk
mkdir -p "$(dirname "$db")"

if [ ! -s "$db" ]; then
    echo "No working set yet at $db: loading the demo network."
    "$bodesk" --db "$db" demo
fi
"$bodesk" --db "$db" kpi --by region

if [ "$serve" -eq 0 ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
    echo "Opening the desktop app on $db"
    cargo build --release -p bodesk-desktop
    exec ./target/release/bodesk-desktop --db "$db"
fi
echo "No display (or --serve): starting the browser UI."
exec "$bodesk" --db "$db" serve --port "$port" "${lan[@]}"
