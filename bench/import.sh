#!/usr/bin/env bash
# Import benchmark: `bodesk import` of a large generated export into a fresh
# working set, against the sqlite3 shell's `.import --csv` of the same files
# into fresh untyped tables, in the same run on the same machine.
#
#   bench/import.sh [--scale S] [--runs N] [--warmup W]
#
# Default data: the `large` demo network's last export (`bodesk demo --size
# large --exports 1 --out …`: 50k parts, 200 locations, ~1M backorder lines,
# ~5M demand rows), written once into bench-data/demo-large/ (gitignored).
# --scale  use the synthetic export of bench/gen_large_export.py instead, at
#          this size (1.0 = the same volumes), in bench-data/scale-S/.
# --runs   timed runs of each command (default 5), alternating ours/sqlite3.
# --warmup untimed runs of each command first (default 1).
#
# Each run is timed from outside: wall clock read around the process, CPU
# time and maximum resident set size from GNU time -v. Prints per-run figures, the
# median wall time and peak RSS of both, and the ratio ours/sqlite3 (of the
# medians, and the median of the per-pair ratios). Needs: cargo, python3,
# sqlite3 (>= 3.32 for .import --csv), GNU time (/usr/bin/time).
set -euo pipefail

SCALE=""
RUNS=5
WARMUP=1
while [ $# -gt 0 ]; do
    case "$1" in
        --scale) SCALE="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
for tool in cargo python3 sqlite3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is needed" >&2; exit 2; }
done

echo "== build"
cargo build --release --bin bodesk
BODESK="$ROOT/target/release/bodesk"

if [ -z "$SCALE" ]; then
    DATA="$ROOT/bench-data/demo-large"
    if [ ! -f "$DATA/.generated" ]; then
        echo "== write the large demo export to $DATA"
        rm -rf "$DATA"
        "$BODESK" demo --size large --exports 1 --out "$DATA.tmp" >/dev/null
        mv "$DATA.tmp"/*/ "$DATA"
        rm -rf "$DATA.tmp"
        touch "$DATA/.generated"
    else
        echo "== data $DATA (cached)"
    fi
    AS_OF="2026-10-31"
else
    DATA="$ROOT/bench-data/scale-$SCALE"
    STAMP="$DATA/.generated"
    GEN_SUM="$(sha256sum bench/gen_large_export.py | cut -d' ' -f1)"
    if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$GEN_SUM" ]; then
        echo "== generate $DATA"
        rm -rf "$DATA"
        python3 bench/gen_large_export.py "$DATA" --scale "$SCALE"
        echo "$GEN_SUM" > "$STAMP"
    else
        echo "== data $DATA (cached)"
    fi
    AS_OF="2026-11-20"
fi
du -sh "$DATA" | sed 's/^/   /'

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bodesk-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
OURS_DB="$WORK/ours.sqlite"
PEER_DB="$WORK/peer.sqlite"
PEER_SQL="$WORK/peer.sql"
for f in "$DATA"/*.csv; do
    t="$(basename "$f" .csv)"
    echo ".import --csv '$f' $t" >> "$PEER_SQL"
done

now() { date +%s%N; }
run_ours() {
    rm -f "$OURS_DB" "$OURS_DB-wal" "$OURS_DB-shm"
    T0="$(now)"
    /usr/bin/time -v -o "$WORK/time.txt" "$BODESK" --db "$OURS_DB" import "$DATA" --as-of "$AS_OF" \
        >"$WORK/ours.out" 2>&1 || { echo "bench: bodesk import failed:" >&2; tail -20 "$WORK/ours.out" >&2; exit 1; }
    T1="$(now)"
}
run_peer() {
    rm -f "$PEER_DB" "$PEER_DB-journal"
    T0="$(now)"
    /usr/bin/time -v -o "$WORK/time.txt" sqlite3 "$PEER_DB" <"$PEER_SQL" \
        >"$WORK/peer.out" 2>&1 || { echo "bench: sqlite3 .import failed:" >&2; tail -20 "$WORK/peer.out" >&2; exit 1; }
    T1="$(now)"
}
# Wall seconds (clock read around the run), CPU seconds (user + system) and
# max RSS (KiB) of the last run, the last two from GNU time -v.
read_time() {
    awk -F': ' -v ns="$((T1 - T0))" '
        /User time \(seconds\)/ { cpu += $2 }
        /System time \(seconds\)/ { cpu += $2 }
        /Maximum resident set size/ { rss = $2 }
        END { printf "%.3f %.2f %d\n", ns / 1e9, cpu, rss }' "$WORK/time.txt"
}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "== warm-up ($WARMUP each)"
for _ in $(seq 1 "$WARMUP"); do run_ours; run_peer; done

echo "== $RUNS timed run(s) each, alternating"
printf '%4s  %11s %9s %10s   %11s %9s %10s   %6s\n' run "ours wall s" "cpu s" "peak MiB" "sqlite3 s" "cpu s" "peak MiB" ratio
: > "$WORK/results"
for i in $(seq 1 "$RUNS"); do
    run_ours; read -r ow ocpu orss < <(read_time)
    run_peer; read -r pw pcpu prss < <(read_time)
    ratio="$(awk -v a="$ow" -v b="$pw" 'BEGIN { printf "%.2f", a / b }')"
    echo "$ow $orss $pw $prss $ratio" >> "$WORK/results"
    printf '%4d  %11s %9s %10s   %11s %9s %10s   %6s\n' "$i" "$ow" "$ocpu" "$(mib "$orss")" "$pw" "$pcpu" "$(mib "$prss")" "$ratio"
done

ours_wall="$(cut -d' ' -f1 "$WORK/results" | median)"
ours_rss="$(cut -d' ' -f2 "$WORK/results" | median)"
peer_wall="$(cut -d' ' -f3 "$WORK/results" | median)"
peer_rss="$(cut -d' ' -f4 "$WORK/results" | median)"
pair_ratio="$(cut -d' ' -f5 "$WORK/results" | median)"

# Sanity: both loaded every row.
ours_rows="$(sqlite3 "$OURS_DB" 'SELECT (SELECT count(*) FROM backorders) || " " || (SELECT count(*) FROM demand_history)')"
peer_rows="$(sqlite3 "$PEER_DB" 'SELECT (SELECT count(*) FROM backorders) || " " || (SELECT count(*) FROM demand_history)')"
[ "$ours_rows" = "$peer_rows" ] || { echo "bench: row counts differ: ours $ours_rows, sqlite3 $peer_rows" >&2; exit 1; }

LABEL="large demo export"
[ -n "$SCALE" ] && LABEL="scale $SCALE"
echo "== result ($LABEL: backorders + demand rows $ours_rows; $(nproc) cpu, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo))"
printf 'ours    (bodesk import)       median wall %8.3f s   peak RSS %8s MiB\n' "$ours_wall" "$(mib "$ours_rss")"
printf 'sqlite3 (.import --csv)       median wall %8.3f s   peak RSS %8s MiB\n' "$peer_wall" "$(mib "$peer_rss")"
printf 'ratio ours/sqlite3: %.2f (medians), %s (median of per-pair ratios); goal <= 1\n' \
    "$(awk -v a="$ours_wall" -v b="$peer_wall" 'BEGIN { print a / b }')" "$pair_ratio"
