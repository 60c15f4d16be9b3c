#!/usr/bin/env bash
# Forecasting throughput: our engine (one thread) against statsforecast 2.1.1
# (StatsForecast, n_jobs=1) in the same run, every method (SES alpha 0.1,
# Croston, SBA, Croston optimised, TSB (0.1, 0.1), ADIDA, IMAPA), h = 12, on
#
#   carparts   ../shared/data/carparts.csv (read in place, never copied)
#   synthetic  100,000 intermittent series made by bench/forecast_synthetic.py
#              (deterministic, seed 20261129; cached outside the repo)
#
#   bench/forecast.sh [--runs N] [--sets carparts,synthetic] [--series N]
#
# --runs    timed runs of each tool per data set (default 5); medians quoted
# --sets    which data sets (default both)
# --series  synthetic series (default 100000)
#
# Steps: create a venv outside the repo with statsforecast==2.1.1 (once:
# $BENCH_CACHE/venv, BENCH_CACHE defaults to ${XDG_CACHE_HOME:-~/.cache}/bodesk-bench);
# generate the synthetic file once into $BENCH_CACHE/data; build the
# `forecast_bench` example in release; per data set run
# bench/forecast_statsforecast.py, which runs our example and times
# statsforecast in turn on the same file, compares every forecast value of
# every series and method with ours (max |difference|, bit-identical count)
# and prints the throughput ratio. Exits 1 when a difference exceeds 1e-9.
# Slow (minutes) and needs PyPI: not part of CI.
set -euo pipefail

RUNS=5
SETS=carparts,synthetic
SERIES=100000
SEED=20261129
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --sets) SETS="$2"; shift 2 ;;
        --series) SERIES="$2"; shift 2 ;;
        -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
for tool in cargo python3; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is needed" >&2; exit 2; }
done
CARPARTS="$ROOT/../shared/data/carparts.csv"
BENCH_CACHE="${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bodesk-bench}"
VENV="$BENCH_CACHE/venv"
PY="$VENV/bin/python"
mkdir -p "$BENCH_CACHE/data"

echo "== venv $VENV"
if ! "$PY" -c 'import statsforecast, sys; sys.exit(statsforecast.__version__ != "2.1.1")' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "statsforecast==2.1.1"
fi
"$PY" -c 'import statsforecast, numpy, pandas; print(f"statsforecast {statsforecast.__version__}, numpy {numpy.__version__}, pandas {pandas.__version__}")'

echo "== build"
cargo build --release -p bodesk-forecast --example forecast_bench
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
OURS_BIN="$TARGET/release/examples/forecast_bench"

STATUS=0
for SET in ${SETS//,/ }; do
    case "$SET" in
        carparts)
            [ -f "$CARPARTS" ] || { echo "bench: $CARPARTS is missing" >&2; exit 2; }
            FILE="$CARPARTS" ;;
        synthetic)
            FILE="$BENCH_CACHE/data/synthetic-$SERIES-seed$SEED.csv"
            if [ ! -f "$FILE" ]; then
                echo "== generating $FILE"
                python3 bench/forecast_synthetic.py --series "$SERIES" --seed "$SEED" --out "$FILE.partial"
                mv "$FILE.partial" "$FILE"
            fi ;;
        *) echo "unknown data set: $SET" >&2; exit 2 ;;
    esac
    echo "== $SET: ours and statsforecast in turn ($RUNS runs each, one thread each), comparison"
    # OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE, where the machine sets them, slow a
    # current NumPy down: not for statsforecast's timing
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
        "$PY" bench/forecast_statsforecast.py --input "$FILE" --runs "$RUNS" --horizon 12 \
        --ours-bin "$OURS_BIN" --name "$SET" || STATUS=1
done
exit "$STATUS"
