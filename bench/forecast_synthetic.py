"""Synthetic intermittent demand for bench/forecast.sh: a long CSV
`period,part_id,qty` (monthly, every month present, a zero is written as 0).

Deterministic for a seed (Python's own `random.Random`, standard library only,
so the same file on any machine). Each series:

- length 24 to 96 months, all ending 2026-10 (a common ERP export shape);
- demand in a month with probability p, uniform in [0.03, 0.7] (mean
  intervals from about 1.4 to 33 months: ADIDA/IMAPA aggregation levels up
  to 30 and more, past NumPy's 8-value pairwise-summation block);
- sizes: 65 % whole units (1 + exponential, mean 1 to 10), 20 % lumpy whole
  units (as before, one demand in eight ten times larger), 15 % continuous
  quantities with two decimals (log-normal: litres, metres), where the order
  of summation shows in the last bits;
- 1 % of the series have no demand at all.

    python3 bench/forecast_synthetic.py --series 100000 --seed 20261129 --out FILE.csv
"""

import argparse
import random

END_YEAR, END_MONTH = 2026, 10


def month_label(index):
    """Month `index` counted from year 0 as YYYY-MM."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def series(rng):
    n = rng.randint(24, 96)
    if rng.random() < 0.01:
        return [0] * n
    p = rng.uniform(0.03, 0.7)
    kind = rng.random()
    mean = rng.uniform(1.0, 10.0)
    out = []
    for _ in range(n):
        if rng.random() >= p:
            out.append(0)
        elif kind < 0.65:
            out.append(1 + int(rng.expovariate(1.0 / mean)))
        elif kind < 0.85:
            size = 1 + int(rng.expovariate(1.0 / mean))
            out.append(size * 10 if rng.random() < 0.125 else size)
        else:
            out.append(round(rng.lognormvariate(0.5, 1.0) * mean, 2) or 0.01)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--series", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    end = END_YEAR * 12 + END_MONTH - 1
    labels = {}
    with open(args.out, "w", newline="") as f:
        f.write("period,part_id,qty\n")
        for s in range(args.series):
            y = series(rng)
            part = f"S{s + 1:06d}"
            start = end - len(y) + 1
            rows = []
            for i, v in enumerate(y):
                m = start + i
                label = labels.get(m) or labels.setdefault(m, month_label(m))
                rows.append(f"{label},{part},{v}\n")
            f.write("".join(rows))


if __name__ == "__main__":
    main()
