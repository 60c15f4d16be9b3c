"""Golden values for crates/bodesk-forecast/tests/golden.json, from statsforecast.

Not run by CI. Run it in a venv outside the repository:

    python3 -m venv /tmp/sfvenv && /tmp/sfvenv/bin/pip install statsforecast==2.1.1
    /tmp/sfvenv/bin/python bench/forecast_golden.py [../shared/data/carparts.csv] > crates/bodesk-forecast/tests/golden.json

It calls the models' own `forecast` (float64 input, h=1) and, for the
optimised methods, statsforecast's `_optimized_ses_forecast` to record the
alphas its golden-section search chose. Values are written with repr(), so
they round-trip exactly.
"""

import csv
import json
import sys
from collections import defaultdict

import numpy as np
import statsforecast
from statsforecast import models as m

HAND_MADE = {
    "intermittent": [0, 0, 3, 0, 0, 0, 5, 0, 1, 0, 0, 2, 0, 0, 0, 0, 4, 0],
    "all_zeros": [0] * 10,
    "single_demand": [0, 0, 0, 0, 7, 0, 0, 0],
    "single_value": [5],
    "single_zero": [0],
    "demand_last_period": [0, 0, 0, 0, 0, 3],
    "leading_zeros": [0] * 12 + [2, 0, 1, 0, 0, 3, 0, 2],
    "smooth": [10, 12, 9, 11, 13, 10, 8, 12, 11, 14, 9, 10],
    "constant": [4] * 10,
    "lumpy_fractional": [0, 2.5, 0, 0, 17.25, 0, 0.75, 0, 0, 0, 40.1, 0, 3.3],
    "short": [0, 1],
    "mean_interval_2_5_rounds_to_2": [0, 1, 0, 0, 1],
    "mean_interval_3_5_rounds_to_4": [0, 0, 1, 0, 0, 0, 1],
    "erratic": [1, 0, 30, 2, 1, 0, 25, 3, 0, 1, 40, 2],
    "sparse_long_k17": [0] * 10 + [1.7] + [0] * 19 + [3.1] + [0] * 19 + [2.9] + [0] * 9,
    "two_demands_trailing_zeros": [0, 0, 6, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0],
    "dense_then_zero_tail": [3, 2, 4, 1, 5, 0, 0, 0, 0, 0],
}

CARPARTS_PICKS = [0, 7, 100, 500, 1000, 1500, 2000, 2673]


def carparts_series(path):
    rows = defaultdict(dict)
    periods = set()
    order = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r["part_id"] not in rows:
                order.append(r["part_id"])
            rows[r["part_id"]][r["period"]] = float(r["qty"])
            periods.add(r["period"])
    out = {}
    for i in CARPARTS_PICKS:
        pid = order[i]
        ps = sorted(rows[pid])
        # every month from the series' first to its last period; a missing one is 0
        y, (yy, mm) = [], map(int, ps[0].split("-"))
        while True:
            key = f"{yy:04d}-{mm:02d}"
            y.append(rows[pid].get(key, 0.0))
            if key == ps[-1]:
                break
            mm += 1
            if mm == 13:
                yy, mm = yy + 1, 1
        out[f"carparts_{pid}"] = y
    return out


def level(model, y):
    return float(model.forecast(y=y, h=1)["mean"][0])


def expected(y):
    y = np.asarray(y, dtype=np.float64)
    e = {
        "ses_0.1": level(m.SimpleExponentialSmoothing(alpha=0.1), y),
        "ses_0.35": level(m.SimpleExponentialSmoothing(alpha=0.35), y),
        "croston": level(m.CrostonClassic(), y),
        "sba": level(m.CrostonSBA(), y),
        "croston_opt": level(m.CrostonOptimized(), y),
        "tsb_0.1_0.1": level(m.TSB(alpha_d=0.1, alpha_p=0.1), y),
        "tsb_0.3_0.2": level(m.TSB(alpha_d=0.3, alpha_p=0.2), y),
        "adida": level(m.ADIDA(), y),
        "imapa": level(m.IMAPA(), y),
    }
    yd = m._demand(y)
    if yd.size:
        e["croston_opt_alpha_size"] = float(m._optimized_ses_forecast(yd)[2])
        e["croston_opt_alpha_interval"] = float(m._optimized_ses_forecast(m._intervals(y))[2])
    return e


def main():
    series = dict(HAND_MADE)
    if len(sys.argv) > 1:
        series.update(carparts_series(sys.argv[1]))
    cases = [
        {"name": name, "y": [float(v) for v in y], "expected": expected(y)}
        for name, y in series.items()
    ]
    doc = {
        "source": f"statsforecast {statsforecast.__version__}, numpy {np.__version__}, by bench/forecast_golden.py",
        "cases": cases,
    }
    # one case per line: reviewable diffs
    lines = ",\n  ".join(json.dumps(c) for c in cases)
    print('{"source": %s,\n "cases": [\n  %s\n ]\n}' % (json.dumps(doc["source"]), lines))


if __name__ == "__main__":
    main()
