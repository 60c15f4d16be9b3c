"""The timing and comparison of bench/forecast.sh.

Reads the long CSV `period,part_id,qty` into a data frame and, `--runs`
times in turn (so that a change in the machine's load hits both sides):

- runs our `forecast_bench` example (--ours-bin) on the same file: it reads
  the file, runs once to warm up, times `--ours-runs` runs in its process and
  writes its median, its forecasts and the part ids to a temporary folder;
- times `StatsForecast(models=<the seven>, freq='MS', n_jobs=1).forecast(df, h)`
  on the in-memory frame (one warm-up call on the first 2,000 rows before
  the first run).

Then compares every value (every series, method and horizon step) of the
last runs and prints the table: medians of both, the ratio of the medians
and the median of the per-pair ratios. Exit status 1 when a difference
exceeds 1e-9. Run in the bench's venv (statsforecast 2.1.1); not run by CI.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd
import statsforecast
from statsforecast import StatsForecast
from statsforecast.models import (
    ADIDA,
    IMAPA,
    TSB,
    CrostonClassic,
    CrostonOptimized,
    CrostonSBA,
    SimpleExponentialSmoothing,
)

# In the order of the engine's output (bodesk_forecast::batch::METHODS).
METHODS = ["ses", "croston", "sba", "croston_opt", "tsb", "adida", "imapa"]
TOLERANCE = 1e-9


def models():
    return [
        SimpleExponentialSmoothing(alpha=0.1),
        CrostonClassic(),
        CrostonSBA(),
        CrostonOptimized(),
        TSB(alpha_d=0.1, alpha_p=0.1),
        ADIDA(),
        IMAPA(),
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--horizon", type=int, default=12)
    ap.add_argument("--ours-bin", required=True, help="the forecast_bench example, built in release")
    ap.add_argument("--ours-runs", type=int, default=5, help="timed runs inside each of our processes")
    ap.add_argument("--name", default="data")
    args = ap.parse_args()
    h = args.horizon

    df = pd.read_csv(args.input, dtype={"part_id": str, "period": str})
    df["ds"] = pd.PeriodIndex(df["period"], freq="M").to_timestamp()
    df = df.rename(columns={"part_id": "unique_id", "qty": "y"})[["unique_id", "ds", "y"]]
    df["y"] = df["y"].astype(np.float64)

    ours_dir = tempfile.mkdtemp(prefix="bodesk-forecast-bench-")

    def run_ours():
        subprocess.run(
            [args.ours_bin, "--input", args.input, "--runs", str(args.ours_runs),
             "--horizon", str(h), "--out", ours_dir],
            check=True, stdout=subprocess.DEVNULL)
        with open(f"{ours_dir}/timings.json") as f:
            return statistics.median(json.load(f)["seconds"])

    sf = StatsForecast(models=models(), freq="MS", n_jobs=1)
    sf.forecast(df=df.head(2000), h=h)  # warm-up
    times, ours_times = [], []
    out = None
    for _ in range(args.runs):
        ours_times.append(run_ours())
        t = time.perf_counter()
        out = sf.forecast(df=df, h=h)
        times.append(time.perf_counter() - t)
    sf_median = statistics.median(times)
    ours_median = statistics.median(ours_times)
    pair_ratios = [t / o for t, o in zip(times, ours_times)]

    # statsforecast's columns, in the models' order, one row per series and step.
    columns = [c for c in out.columns if c not in ("unique_id", "ds")]
    assert len(columns) == len(METHODS), columns
    out = out.sort_values(["unique_id", "ds"], kind="stable")
    theirs = out[columns].to_numpy(dtype=np.float64).reshape(-1, h, len(METHODS))
    their_ids = out["unique_id"].to_numpy()[::h].astype(str)

    with open(f"{ours_dir}/ids.txt") as f:
        our_ids = f.read().split("\n")[:-1]
    ours = np.fromfile(f"{ours_dir}/forecasts.f64", dtype="<f8").reshape(len(our_ids), len(METHODS), h)
    position = {pid: i for i, pid in enumerate(our_ids)}
    if set(position) != set(their_ids) or len(our_ids) != len(their_ids):
        print(f"{args.name}: the series differ ({len(our_ids)} ours, {len(their_ids)} statsforecast)")
        return 1
    # ours reordered to statsforecast's series order, (series, step, method)
    ours = ours[[position[pid] for pid in their_ids]].transpose(0, 2, 1)

    diff = np.abs(ours - theirs)
    same_bits = ours.view(np.uint64) == theirs.view(np.uint64)
    # NaN anywhere counts as a failure
    bad = ~(diff <= TOLERANCE)
    n_series = len(our_ids)
    print(f"{args.name}: {n_series} series x {len(METHODS)} methods x h={h} = {diff.size} values "
          f"(statsforecast {statsforecast.__version__}, numpy {np.__version__})")
    print(f"  {'method':<12} {'max |diff|':>11} {'bit-identical':>16} {'over 1e-9':>10}")
    for j, m in enumerate(METHODS):
        d = diff[:, :, j]
        print(f"  {m:<12} {np.nanmax(d) if d.size else 0.0:>11.3g} "
              f"{int(same_bits[:, :, j].sum()):>9}/{d.size:<6} {int(bad[:, :, j].sum()):>10}")
    print(f"  {'all':<12} {np.nanmax(diff) if diff.size else 0.0:>11.3g} "
          f"{int(same_bits.sum()):>9}/{diff.size:<6} {int(bad.sum()):>10}")

    ratio = sf_median / ours_median
    print(f"  time, {args.runs} runs each, in turn, one thread each "
          f"(ours: each the median of {args.ours_runs} in one process):")
    print(f"    ours           median {ours_median:9.4f} s  {n_series / ours_median:12,.0f} series/s"
          f"   (runs: {', '.join(f'{t:.4f}' for t in ours_times)})")
    print(f"    statsforecast  median {sf_median:9.4f} s  {n_series / sf_median:12,.0f} series/s"
          f"   (runs: {', '.join(f'{t:.3f}' for t in times)})")
    print(f"    per-pair ratios: {', '.join(f'{r:.1f}' for r in pair_ratios)}")
    print(f"  RATIO {args.name}: ours is {ratio:.1f}x statsforecast's throughput "
          f"(median of pair ratios {statistics.median(pair_ratios):.1f}x; target 20x); "
          f"max |diff| {np.nanmax(diff) if diff.size else 0.0:.3g}")
    shutil.rmtree(ours_dir, ignore_errors=True)
    return 1 if bad.any() else 0


if __name__ == "__main__":
    sys.exit(main())
