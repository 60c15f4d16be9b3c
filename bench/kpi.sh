#!/usr/bin/env bash
# KPI dashboard benchmark: KPI totals plus one drill-down, warm, for every
# drill-down dimension, ours (the kpi_bench example) against DuckDB computing
# the same figures in SQL over the same data, in the same run.
#
#   bench/kpi.sh [--size small|large] [--runs N] [--threads K]
#
# --size     demo network (default small; large = 50k parts, 200 locations,
#            ~1M backorder lines, 5M demand rows). Loaded once through the real
#            import (`bodesk demo`) into bench-data/kpi-SIZE/ws.sqlite
#            (gitignored) and reused.
# --runs     timed calls per dimension and side (default 50): p50 and p95.
# --threads  DuckDB threads (default: DuckDB's own, all cores).
#
# Steps: build bodesk and the kpi_bench example; create the working set if
# missing; run kpi_bench; create bench-data/venv with the duckdb package from
# PyPI if missing; export the needed tables with the sqlite3 shell to CSV
# (bench-data/kpi-SIZE/csv, redone when the working set is newer); run
# bench/kpi_duckdb.py, which loads the CSV into DuckDB in-memory tables (not
# timed; no DuckDB extension is used), checks its figures against
# `bodesk kpi --by DIM --json`, times the same calls and prints the table.
# Exits 1 when a figure differs. Needs: cargo, python3 (venv), sqlite3.
set -euo pipefail

SIZE=small
RUNS=50
THREADS=0
while [ $# -gt 0 ]; do
    case "$1" in
        --size) SIZE="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --threads) THREADS="$2"; shift 2 ;;
        -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
case "$SIZE" in small|large) ;; *) echo "--size: small or large" >&2; exit 2 ;; esac

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
for tool in cargo python3 sqlite3; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is needed" >&2; exit 2; }
done

echo "== build"
cargo build --release --bin bodesk
cargo build --release -p bodesk-api --example kpi_bench
BODESK="$ROOT/target/release/bodesk"
KPI_BENCH="$ROOT/target/release/examples/kpi_bench"

DATA="$ROOT/bench-data/kpi-$SIZE"
WS="$DATA/ws.sqlite"
mkdir -p "$DATA"
if [ -f "$WS" ]; then
    echo "== working set $WS (reused)"
else
    echo "== demo network ($SIZE) into $WS"
    PARTIAL="$DATA/partial.sqlite"
    rm -f "$PARTIAL" "$PARTIAL-wal" "$PARTIAL-shm"
    T0="$(date +%s)"
    "$BODESK" --db "$PARTIAL" demo --size "$SIZE"
    echo "   loaded in $(( $(date +%s) - T0 )) s"
    for ext in "" -wal -shm; do
        if [ -f "$PARTIAL$ext" ]; then mv "$PARTIAL$ext" "$WS$ext"; fi
    done
fi
AS_OF="$(sqlite3 "$WS" "SELECT max(as_of) FROM import_batch WHERE status = 'committed'")"
sqlite3 "$WS" "SELECT '   ' || (SELECT count(*) FROM backorders) || ' backorder lines, '
    || (SELECT count(*) FROM parts) || ' parts, ' || (SELECT count(*) FROM locations) || ' locations, '
    || (SELECT count(*) FROM customers) || ' customers, '
    || (SELECT count(*) FROM demand_history) || ' demand rows; as of $AS_OF'"

machine() {
    echo "   machine: $(nproc) cpu, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)," \
        "$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM;" \
        "load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

echo "== ours: $KPI_BENCH $WS $RUNS"
machine
"$KPI_BENCH" "$WS" "$RUNS" | tee "$DATA/ours.txt"

VENV="$ROOT/bench-data/venv"
if ! "$VENV/bin/python" -c 'import duckdb' 2>/dev/null; then
    echo "== venv $VENV with duckdb"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check duckdb
fi

CSV="$DATA/csv"
if [ ! -f "$CSV/.done" ] || [ "$WS" -nt "$CSV/.done" ]; then
    echo "== export tables to $CSV (sqlite3 shell)"
    rm -rf "$CSV"
    mkdir -p "$CSV"
    export_table() {  # table, columns
        sqlite3 -cmd '.nullvalue #NULL#' -csv -header "$WS" "SELECT $2 FROM $1" > "$CSV/$1.csv"
    }
    export_table backorders "order_id, order_line, customer_id, part_id, location_id, qty_open, created_date, closed_date, status"
    export_table parts "part_id, unit_cost, criticality, product_line, primary_supplier_id"
    export_table locations "location_id, region"
    export_table customers "customer_id, tier"
    export_table sla "tier, criticality, max_backorder_days, penalty_per_day"
    export_table root_cause_override "order_id, order_line, root_cause"
    export_table demand_history "period, qty_demanded, qty_filled"
    export_table purchase_orders "committed_date, received_date, status"
    touch "$CSV/.done"
fi
du -sh "$CSV" | sed 's/^/   /'

echo "== DuckDB: bench/kpi_duckdb.py"
machine
ARGS=(--csv "$CSV" --as-of "$AS_OF" --bodesk "$BODESK" --db "$WS" --runs "$RUNS" --ours "$DATA/ours.txt")
if [ "$THREADS" -gt 0 ]; then ARGS+=(--threads "$THREADS"); fi
"$VENV/bin/python" bench/kpi_duckdb.py "${ARGS[@]}"
